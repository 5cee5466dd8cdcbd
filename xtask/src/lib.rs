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

/// Every `.json`, `.yaml` and `.yml` file below `dir`, keyed by its path relative to `dir`
/// (with `/` separators) behind `prefix`.
fn read_dir_into(inputs: &mut Inputs, dir: &Path, prefix: &str) -> io::Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(&current)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
            {
                let relative = path
                    .strip_prefix(dir)
                    .expect("below dir")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = fs::read_to_string(&path)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                inputs.add(format!("{prefix}{relative}"), text);
            }
        }
    }
    Ok(())
}

/// The settings of the project's own client (`cargo xtask generate` without `--input`): it
/// keeps OpenAI's environment variable names.
pub fn project_settings() -> codegen::Settings {
    codegen::Settings::new()
        .patterns(false)
        .env_prefix("OPENAI")
        .env_header("OPENAI_ORG_ID", "OpenAI-Organization")
        .env_header("OPENAI_PROJECT_ID", "OpenAI-Project")
}

/// Every schema file below `dir` (the layout of `schemas/`).
pub fn read_inputs(dir: &Path) -> io::Result<Inputs> {
    let mut inputs = Inputs::default();
    read_dir_into(&mut inputs, dir, "")?;
    Ok(inputs)
}

/// What `--input` arguments name: the files the generator reads and its entry documents.
#[derive(Debug)]
pub struct Sources {
    pub inputs: Inputs,
    pub entries: Vec<String>,
}

const OPENAPI_NAMES: &[&str] = &["openapi.json", "openapi.yaml", "openapi.yml"];

/// Reads each `--input`: a file (an OpenAPI document or a JSON Schema; the files beside it are
/// read too, for relative `$ref`s) or a folder (its `openapi.{json,yaml,yml}` if it has one,
/// else every schema file in it). Several inputs are kept apart under `input1/`, `input2/`, ...
pub fn read_sources(paths: &[PathBuf]) -> io::Result<Sources> {
    let mut inputs = Inputs::default();
    let mut entries = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let prefix = if paths.len() == 1 {
            String::new()
        } else {
            format!("input{}/", i + 1)
        };
        let metadata = fs::metadata(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        if metadata.is_file() {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            read_dir_into(&mut inputs, dir, &prefix)?;
            entries.push(format!(
                "{prefix}{}",
                path.file_name()
                    .expect("a file has a name")
                    .to_string_lossy()
            ));
            continue;
        }
        read_dir_into(&mut inputs, path, &prefix)?;
        match OPENAPI_NAMES.iter().find(|name| path.join(name).is_file()) {
            Some(name) => entries.push(format!("{prefix}{name}")),
            None => entries.extend(
                inputs
                    .files
                    .keys()
                    .filter(|k| k.starts_with(&prefix) && !k.ends_with(codegen::load::PATCH_SUFFIX))
                    .cloned(),
            ),
        }
    }
    Ok(Sources { inputs, entries })
}

/// A crate name from a folder name: `My Client` → `my-client`.
pub fn crate_name_for(dir: &Path) -> String {
    let raw = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("generated-{name}")
            .trim_end_matches('-')
            .to_string()
    } else {
        name
    }
}

/// Which runtime a new crate gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// No operations: the types, `validate()` and serde helpers.
    Types,
    /// The generic client runtime: configuration, errors, retries, timeouts, server-sent events,
    /// pagination.
    Client,
    /// The generic runtime plus the Runs API's extras (run accumulation, polling and tool-call
    /// helpers, OpenAI's organization and project headers).
    Runs,
}

/// The hand-written files only the Runs API's crate has (they use its types).
const RUNS_EXTRAS: &[&str] = &["accumulate.rs", "helpers.rs", "openai.rs"];
const TYPES_RUNTIME: &[&str] = &["codec.rs", "nullable.rs", "validate.rs"];
/// Where `generated-client/src/lib.rs` starts declaring the Runs extras.
const EXTRAS_MARKER: &str = "// The Runs API's own extras.";

impl Runtime {
    /// The runtime the model needs: the Runs extras when it has the types they use.
    pub fn for_model(model: &codegen::model::Model) -> Self {
        if model.operations.is_empty() {
            return Self::Types;
        }
        let runs = [
            "AssistantStreamEvent",
            "StreamError",
            "RunObject",
            "RunStatus",
            "MessageObject",
            "RunStepObject",
            "ToolCall",
            "RunToolCall",
        ]
        .iter()
        .all(|name| model.types.contains_key(*name));
        if runs {
            Self::Runs
        } else {
            Self::Client
        }
    }
}

/// The files of a new standalone crate around the generated code: `Cargo.toml`, `src/lib.rs`
/// and the hand-written runtime, copied from this repository's `generated-client/`.
pub fn scaffold(
    crate_name: &str,
    runtime: Runtime,
    patterns: bool,
) -> io::Result<BTreeMap<String, String>> {
    let runtime_dir = repo_root().join("generated-client/src");
    let mut files = BTreeMap::new();
    let names: Vec<String> = if runtime == Runtime::Types {
        TYPES_RUNTIME.iter().map(|s| s.to_string()).collect()
    } else {
        let mut names: Vec<String> = fs::read_dir(&runtime_dir)?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".rs") && n != "lib.rs")
            .filter(|n| runtime == Runtime::Runs || !RUNS_EXTRAS.contains(&n.as_str()))
            .collect();
        names.sort();
        names
    };
    for name in names {
        files.insert(
            format!("src/{name}"),
            fs::read_to_string(runtime_dir.join(&name))?,
        );
    }
    let lib = match runtime {
        Runtime::Types => TYPES_ONLY_LIB.to_string(),
        Runtime::Runs => fs::read_to_string(runtime_dir.join("lib.rs"))?,
        Runtime::Client => client_lib(&fs::read_to_string(runtime_dir.join("lib.rs"))?)?,
    };
    files.insert("src/lib.rs".to_string(), lib);
    let default = if patterns {
        "default = [\"pattern\"]\n"
    } else {
        ""
    };
    let client_deps = if runtime == Runtime::Types {
        ""
    } else {
        CLIENT_DEPENDENCIES
    };
    files.insert(
        "Cargo.toml".to_string(),
        format!("[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{TYPE_DEPENDENCIES}{client_deps}regex = {{ version = \"1\", optional = true }}\n\n[features]\n{default}# `validate()` checks `pattern` keywords.\npattern = [\"dep:regex\"]\n\n# A crate of its own, even when generated inside another workspace.\n[workspace]\n"),
    );
    Ok(files)
}

/// The Runs client's `lib.rs` without the Runs extras and with a crate doc of its own.
fn client_lib(runs_lib: &str) -> io::Result<String> {
    let (core, _) = runs_lib.split_once(EXTRAS_MARKER).ok_or_else(|| {
        io::Error::other(format!(
            "generated-client/src/lib.rs lacks the line `{EXTRAS_MARKER}`"
        ))
    })?;
    let body: String = core
        .lines()
        .skip_while(|l| l.starts_with("//!"))
        .map(|l| format!("{l}\n"))
        .collect();
    Ok(format!(
        "//! A typed client generated by `cargo xtask generate`: the types are in [`types`], the\n//! operations are methods of [`Client`].\n{}\n",
        body.trim_end()
    ))
}

const TYPE_DEPENDENCIES: &str = "serde = { version = \"1.0.219\", features = [\"derive\"] }\nserde_json = \"1.0.140\"\nthiserror = \"2\"\n";
const CLIENT_DEPENDENCIES: &str = "reqwest = { version = \"0.13\", default-features = false, features = [\"default-tls\", \"http2\", \"stream\", \"system-proxy\"] }\ntokio = { version = \"1\", default-features = false, features = [\"time\"] }\nfutures-core = \"0.3\"\nfutures-util = \"0.3\"\nbytes = \"1\"\nfastrand = \"2\"\nhttpdate = \"1\"\nserde_path_to_error = \"0.1\"\n";

const TYPES_ONLY_LIB: &str = "//! Types generated by `cargo xtask generate`; see `types`.\n#![deny(warnings)]\n#![deny(missing_debug_implementations)]\n// Schemas nest up to 256 levels (`codegen::limits`); checking such types takes rustc deeper.\n#![recursion_limit = \"2048\"]\n\n#[doc(hidden)]\npub mod codec;\nmod generated;\nmod nullable;\npub mod validate;\n\npub use codec::Extra;\npub use generated::types;\npub use nullable::Nullable;\npub use validate::{Validate, ValidationError, Violation};\n";

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
