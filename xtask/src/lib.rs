//! The only place that touches the disk: reads the input ([`sources`]: the entry documents
//! and what they reference), runs the generator, writes the output ([`write`]: all files or
//! none, only those whose content changed), or checks that the checked-in output is up to date.

pub mod sources;
pub mod write;

pub use sources::{read_sources, InputError, Sources};
pub use write::{stale_files, write_changed};

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

/// The settings of the project's own client (`cargo xtask generate` without `--input`): it
/// keeps OpenAI's environment variable names.
pub fn project_settings() -> codegen::Settings {
    codegen::Settings::new()
        .patterns(false)
        .env_prefix("OPENAI")
        .env_header("OPENAI_ORG_ID", "OpenAI-Organization")
        .env_header("OPENAI_PROJECT_ID", "OpenAI-Project")
}

/// Every schema file below `dir` (the layout of `schemas/`), also those its `openapi.json`
/// does not reference (tests generate from them).
pub fn read_inputs(dir: &Path) -> Result<Inputs, InputError> {
    sources::read_folder(dir)
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
    let name = if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("generated-{name}")
            .trim_end_matches('-')
            .to_string()
    } else {
        name
    };
    name[..name.len().min(MAX_CRATE_NAME)]
        .trim_end_matches('-')
        .to_string()
}

/// The longest crate name accepted (crates.io's limit).
const MAX_CRATE_NAME: usize = 64;

/// Checks a `--crate-name` as a Cargo package name: 1 to 64 ASCII letters, digits, `-` or `_`,
/// starting with a letter or `_` (as Cargo and crates.io require). The name goes into
/// the generated `Cargo.toml`, so nothing else (quotes, newlines) may get through.
pub fn validate_crate_name(name: &str) -> Result<(), String> {
    let shown = name.escape_debug();
    let problem = if name.is_empty() {
        Some("it is empty".to_string())
    } else if name.len() > MAX_CRATE_NAME {
        Some(format!("it is longer than {MAX_CRATE_NAME} characters"))
    } else if let Some(c) = name
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && *c != '-' && *c != '_')
    {
        Some(format!("`{}` is not allowed", c.escape_debug()))
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        Some("it must start with a letter or `_`".to_string())
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(format!(
            "error: `--crate-name {shown}` is not a valid Cargo package name: {problem}\n  = hint: use ASCII letters, digits, `-` and `_`, starting with a letter (at most {MAX_CRATE_NAME} characters)"
        )),
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
    /// The runtime the generated code needs: the Runs extras when it has the types they use.
    pub fn for_output(output: &codegen::Output) -> Self {
        if !output.has_operations() {
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
        .all(|name| output.has_type(name));
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

const TYPES_ONLY_LIB: &str = "//! Types generated by `cargo xtask generate`; see `types`.\n#![warn(missing_debug_implementations)]\n// Schemas nest up to 256 levels (`codegen::limits`); checking such types takes rustc deeper.\n#![recursion_limit = \"2048\"]\n\n#[doc(hidden)]\npub mod codec;\nmod generated;\nmod nullable;\npub mod validate;\n\npub use codec::Extra;\npub use generated::types;\npub use nullable::Nullable;\npub use validate::{Validate, ValidationError, Violation};\n";
