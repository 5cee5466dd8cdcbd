//! The only place that touches the disk: reads `schemas/`, runs the generator, writes
//! `generated-client/` (only files whose content changed, each atomically through a temporary
//! file and a rename), or checks that the checked-in output is up to date.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::Inputs;

/// The repository root (the parent of this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// Every `.json` file below `dir`, keyed by its path relative to `dir` with `/` separators.
pub fn read_inputs(dir: &Path) -> io::Result<Inputs> {
    let mut inputs = Inputs::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(&current)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let relative = path
                    .strip_prefix(dir)
                    .expect("below dir")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = fs::read_to_string(&path)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                inputs.add(relative, text);
            }
        }
    }
    Ok(inputs)
}

/// The files under `out_dir` whose content differs from `files` (missing ones included).
pub fn stale_files(out_dir: &Path, files: &BTreeMap<String, String>) -> Vec<String> {
    files
        .iter()
        .filter(|(path, content)| {
            fs::read_to_string(out_dir.join(path)).ok().as_deref() != Some(content.as_str())
        })
        .map(|(p, _)| p.clone())
        .collect()
}

/// Writes the files that changed; returns their paths. Each file is written to a temporary
/// sibling and renamed over the old one, so a reader never sees half a file.
pub fn write_changed(out_dir: &Path, files: &BTreeMap<String, String>) -> io::Result<Vec<String>> {
    let stale = stale_files(out_dir, files);
    for path in &stale {
        let target = out_dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let temp = target.with_extension("rs.tmp");
        fs::write(&temp, &files[path])?;
        fs::rename(&temp, &target)?;
    }
    Ok(stale)
}
