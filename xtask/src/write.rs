//! Writing the output: all files or none, and only the files whose content changed.
//!
//! The choice: every changed file is first written completely (and synced) into a staging
//! folder on the same file system, then moved into place by renames, which need no free space
//! and cannot be left half done one by one. Unchanged files are not touched, so their
//! modification times stay (cargo and editors do not see a change that is not one).
//!
//! - Into a folder that does not exist yet (a new crate), the whole staged folder is renamed to
//!   its name: one atomic step.
//! - Into an existing folder, each old file is first kept aside in the staging folder (a hard
//!   link, else a copy), then the staged files are renamed over the old ones. If a rename
//!   fails, the files already moved are put back from what was kept (and new folders removed),
//!   so the folder ends as it was.
//!
//! Any error (a full disk, a permission, an I/O error) therefore leaves the previous output as
//! it was, and the staging folder is removed on every path out. What this cannot promise: a
//! crash (power loss, `kill -9`) in the middle of the final renames can leave some files new
//! and some old (each one whole); the next `cargo xtask generate` writes the rest, `--check`
//! names them, and that run also removes a staging folder the crashed one left behind. Swapping
//! whole folders instead would need a second rename with the folder missing in between (or
//! Linux's `renameat2`) and would rewrite unchanged files.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The name every staging folder starts with (after the output folder's name, for a new crate).
const STAGING: &str = ".generate-staging-";

/// The files under `out_dir` whose content differs from `files` (missing ones included). Only
/// regular files are read: anything else at an output path is stale (and gets replaced).
pub fn stale_files(out_dir: &Path, files: &BTreeMap<String, String>) -> Vec<String> {
    files
        .iter()
        .filter(|(path, content)| {
            let target = out_dir.join(path);
            let regular = fs::symlink_metadata(&target).is_ok_and(|m| m.is_file());
            !regular || fs::read(&target).ok().as_deref() != Some(content.as_bytes())
        })
        .map(|(p, _)| p.clone())
        .collect()
}

/// Writes the files of `files` whose content changed under `out_dir`, all or none (see the
/// module documentation); returns their paths.
pub fn write_changed(out_dir: &Path, files: &BTreeMap<String, String>) -> io::Result<Vec<String>> {
    write_changed_with(out_dir, files, |_| Ok(()))
}

/// A step of [`write_changed_with`], shown to its `fault` hook just before it is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// Writing the new content of this file into the staging folder.
    Stage(&'a str),
    /// Keeping the old content of this file aside in the staging folder.
    Keep(&'a str),
    /// Moving this staged file into place (`""`: the whole staged folder of a new crate).
    Commit(&'a str),
}

/// [`write_changed`] with a hook called before every step; an error from it fails that step as
/// a failure of the file system would (tests inject faults with it).
pub fn write_changed_with(
    out_dir: &Path,
    files: &BTreeMap<String, String>,
    mut fault: impl FnMut(Step<'_>) -> io::Result<()>,
) -> io::Result<Vec<String>> {
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = out_dir
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} names no folder", out_dir.display())))?
        .to_string_lossy();
    let new_prefix = format!(".{name}{STAGING}");
    let exists = fs::symlink_metadata(out_dir).is_ok();
    if exists {
        remove_leftovers(out_dir, STAGING);
    } else {
        remove_leftovers(parent, &new_prefix);
    }
    let stale = stale_files(out_dir, files);
    if stale.is_empty() {
        return Ok(stale);
    }
    if !exists {
        // A new folder: stage all of it beside its place, then one rename.
        fs::create_dir_all(parent)?;
        let mut staging = Staging::create(parent, &new_prefix)?;
        for path in &stale {
            fault(Step::Stage(path))?;
            write_synced(&staging.dir.join(path), &files[path])?;
        }
        fault(Step::Commit(""))?;
        fs::rename(&staging.dir, out_dir)?;
        staging.dir = PathBuf::new();
        return Ok(stale);
    }
    let staging = Staging::create(out_dir, STAGING)?;
    let (new, old) = (staging.dir.join("new"), staging.dir.join("old"));
    for path in &stale {
        fault(Step::Stage(path))?;
        write_synced(&new.join(path), &files[path])?;
    }
    // Whether each target existed (and is now kept under `old/`).
    let mut kept = Vec::with_capacity(stale.len());
    for path in &stale {
        let target = out_dir.join(path);
        match fs::symlink_metadata(&target) {
            Ok(metadata) if metadata.is_dir() => {
                return Err(io::Error::other(format!(
                    "{} is a folder, not a file",
                    target.display()
                )))
            }
            Ok(metadata) => {
                fault(Step::Keep(path))?;
                let aside = old.join(path);
                fs::create_dir_all(aside.parent().expect("below old/"))?;
                if fs::hard_link(&target, &aside).is_err() {
                    if !metadata.is_file() {
                        return Err(io::Error::other(format!(
                            "{} is not a regular file",
                            target.display()
                        )));
                    }
                    fs::copy(&target, &aside)?;
                }
                kept.push(true);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => kept.push(false),
            Err(e) => return Err(e),
        }
    }
    let mut created = Vec::new();
    for (done, path) in stale.iter().enumerate() {
        let target = out_dir.join(path);
        let moved = fault(Step::Commit(path))
            .and_then(|()| create_parents(out_dir, &target, &mut created))
            .and_then(|()| fs::rename(new.join(path), &target));
        if let Err(error) = moved {
            let mut failures = Vec::new();
            for (path, kept) in stale[..done].iter().zip(&kept).rev() {
                let target = out_dir.join(path);
                let restored = if *kept {
                    fs::rename(old.join(path), &target)
                } else {
                    fs::remove_file(&target)
                };
                if let Err(e) = restored {
                    failures.push(format!("{}: {e}", target.display()));
                }
            }
            for dir in created.iter().rev() {
                let _ = fs::remove_dir(dir);
            }
            if failures.is_empty() {
                return Err(error);
            }
            return Err(io::Error::new(
                error.kind(),
                format!(
                    "{error}; putting the previous files back also failed ({}); {} keeps them",
                    failures.join(", "),
                    old.display()
                ),
            ));
        }
    }
    Ok(stale)
}

/// Creates the missing folders between `out_dir` and `target`, recording them in `created`.
fn create_parents(out_dir: &Path, target: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut dir = target.parent();
    while let Some(d) = dir.filter(|d| *d != out_dir && fs::symlink_metadata(d).is_err()) {
        missing.push(d.to_path_buf());
        dir = d.parent();
    }
    for dir in missing.into_iter().rev() {
        fs::create_dir(&dir)?;
        created.push(dir);
    }
    Ok(())
}

fn write_synced(path: &Path, contents: &str) -> io::Result<()> {
    fs::create_dir_all(path.parent().expect("below the staging folder"))?;
    let mut file = fs::File::create_new(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}

/// A staging folder, removed with what it holds when dropped (unless `dir` was emptied after
/// it was moved into place).
struct Staging {
    dir: PathBuf,
}

impl Staging {
    /// A new folder `<prefix><pid>-<n>` in `parent`.
    fn create(parent: &Path, prefix: &str) -> io::Result<Self> {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let pid = std::process::id();
        loop {
            let n = COUNT.fetch_add(1, Ordering::Relaxed);
            let dir = parent.join(format!("{prefix}{pid}-{n}"));
            match fs::create_dir(&dir) {
                Ok(()) => return Ok(Self { dir }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// Removes the staging folders `<prefix>...` in `parent` that an earlier run left (killed before
/// it could clean up); this process's own are left alone.
fn remove_leftovers(parent: &Path, prefix: &str) {
    let ours = format!("{prefix}{}-", std::process::id());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with(prefix) && !name.starts_with(&ours) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.dir.as_os_str().is_empty() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
