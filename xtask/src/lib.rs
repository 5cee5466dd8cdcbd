//! The only place that touches the disk: reads the input ([`sources`]: the entry documents
//! and what they reference), runs the generator, writes the output ([`mod@write`]: all files or
//! none, only those whose content changed), or checks that the checked-in output is up to date.

pub mod corpus;
pub mod examples;
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

/// The document `cargo xtask generate` reads without `--input`: OpenAI's final published
/// description (with its patch `openapi.patch.json` beside it), relative to the repository root.
pub const PROJECT_INPUT: &str = "schemas/published/openapi.yaml";

/// The tags of [`PROJECT_INPUT`] the project's client is generated from: the Assistants API
/// (assistants, threads, messages, runs, run steps), vector stores and files.
pub const PROJECT_TAGS: &[&str] = &["Assistants", "Vector stores", "Files"];

/// The settings of the project's own client (`cargo xtask generate` without `--input`): the
/// operations of [`PROJECT_TAGS`] from the entry `openapi.yaml` of [`project_inputs`], with
/// OpenAI's environment variable names, the schema `Error` named `ErrorObject`.
pub fn project_settings() -> codegen::Settings {
    PROJECT_TAGS
        .iter()
        .fold(openai_settings().entry("openapi.yaml"), |settings, tag| {
            settings.select_tag(*tag)
        })
        // The description's `Error` (an error's `code`, `message`, `param` and `type`: the
        // payload of the stream's `error` event and of `ErrorResponse.error`) would sit beside
        // the crate's `Error`, the client error; it is an object of the API like `RunObject`.
        .rename_type("Error", "ErrorObject")
}

/// The files of [`PROJECT_INPUT`]: the description, its patch and what they reference.
pub fn project_inputs() -> Result<Inputs, InputError> {
    read_sources(&[repo_root().join(PROJECT_INPUT)]).map(|sources| sources.inputs)
}

/// The settings the seed-era inputs in `schemas/seed/` (the generator's own test inputs) are
/// generated with: OpenAI's environment variable names and docs site, no selection (the
/// entry is `schemas/seed/openapi.json`, read with [`read_inputs`]).
pub fn openai_settings() -> codegen::Settings {
    codegen::Settings::new()
        .patterns(false)
        .docs_base_url("https://platform.openai.com")
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

/// Which part of the runtime crate a new crate uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// No operations: the types, `validate()` and serde helpers (the runtime without its
    /// default `client` feature, so that reqwest and tokio are not compiled).
    Types,
    /// The generic client runtime: configuration, errors, retries, timeouts, server-sent events,
    /// pagination.
    Client,
}

impl Runtime {
    /// The runtime the generated code needs: the client when it has operations.
    pub fn for_output(output: &codegen::Output) -> Self {
        if !output.has_operations() {
            Self::Types
        } else {
            Self::Client
        }
    }
}

/// The runtime crate's folder in this repository, and where a new crate gets its copy
/// (`runtime/` inside the crate, a path dependency).
pub const RUNTIME_DIR: &str = "runtime";

/// The files of a new standalone crate around the generated code: `Cargo.toml`, `src/lib.rs`,
/// and a copy of the runtime crate (this repository's `runtime/` folder, file by file, as it
/// is) under `runtime/`, which the `Cargo.toml` names as a path dependency, with the derive
/// crate it depends on under `derive/`.
pub fn scaffold(
    crate_name: &str,
    runtime: Runtime,
    patterns: bool,
) -> io::Result<BTreeMap<String, String>> {
    let mut files = runtime_files()?;
    files.insert("src/lib.rs".to_string(), lib_rs(runtime).to_string());
    files.insert(
        "Cargo.toml".to_string(),
        manifest(crate_name, runtime, patterns, Layout::Standalone),
    );
    Ok(files)
}

/// Where a crate's runtime is and which workspace the crate belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout<'a> {
    /// A crate of its own (its own `[workspace]`) with its copy of the runtime in `runtime/`.
    Standalone,
    /// A member of an enclosing workspace whose one copy of the runtime is at this relative
    /// path (the corpus check: one runtime, one target directory, one `cargo check`).
    Member {
        /// The runtime's folder, relative to the crate.
        runtime: &'a str,
    },
}

/// The `src/lib.rs` of a new crate.
pub fn lib_rs(runtime: Runtime) -> &'static str {
    match runtime {
        Runtime::Types => TYPES_LIB,
        Runtime::Client => CLIENT_LIB,
    }
}

/// The `Cargo.toml` of a new crate.
pub fn manifest(crate_name: &str, runtime: Runtime, patterns: bool, layout: Layout) -> String {
    let default = if patterns {
        "default = [\"pattern\"]\n"
    } else {
        ""
    };
    let runtime_features = match runtime {
        Runtime::Types => ", default-features = false",
        Runtime::Client => "",
    };
    let (runtime_dir, workspace) = match layout {
        Layout::Standalone => (
            RUNTIME_DIR,
            "\n# A crate of its own, even when generated inside another workspace.\n[workspace]\n",
        ),
        Layout::Member { runtime } => (runtime, ""),
    };
    format!("[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nopenapi-runtime = {{ path = \"{runtime_dir}\"{runtime_features} }}\n{TYPE_DEPENDENCIES}\n[features]\n{default}# `validate()` checks `pattern` keywords.\npattern = [\"openapi-runtime/pattern\"]\n{workspace}")
}

/// The derive crate's folder in this repository (the runtime's `openapi-derive`, a path
/// dependency on `../derive`), and where a new crate gets its copy: beside `runtime/`.
pub const DERIVE_DIR: &str = "derive";

/// The runtime crate's files and those of the derive crate it depends on (each crate's
/// `Cargo.toml` and every file under `src/`), keyed by their path in the new crate
/// (`runtime/...`, `derive/...`).
pub fn runtime_files() -> io::Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    for crate_dir in [RUNTIME_DIR, DERIVE_DIR] {
        let dir = repo_root().join(crate_dir);
        files.insert(
            format!("{crate_dir}/Cargo.toml"),
            fs::read_to_string(dir.join("Cargo.toml"))?,
        );
        for entry in fs::read_dir(dir.join("src"))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            if name.ends_with(".rs") && entry.file_type()?.is_file() {
                files.insert(
                    format!("{crate_dir}/src/{name}"),
                    fs::read_to_string(entry.path())?,
                );
            }
        }
    }
    Ok(files)
}

/// What the generated code needs besides the runtime: serde's derives and `serde_json::Value`.
const TYPE_DEPENDENCIES: &str =
    "serde = { version = \"1.0.219\", features = [\"derive\"] }\nserde_json = \"1.0.140\"\n";

/// The `lib.rs` of a new crate with operations.
pub const CLIENT_LIB: &str = r#"//! A typed client generated by `cargo xtask generate`: the types are in [`types`], the
//! operations are methods of [`Client`]. The runtime (configuration, errors, retries,
//! timeouts, server-sent events, pagination, validation) is the `openapi-runtime` crate in
//! `runtime/`.
#![warn(missing_debug_implementations)]
// Schemas nest up to 256 levels (the generator's limit); checking such types takes rustc deeper.
#![recursion_limit = "2048"]

mod generated;

pub use generated::operations::{
    ApiFailure, Client, ClientBuilder, Error, ErrorBody, Event, EventStream,
};
pub use generated::types;
pub use openapi_runtime::{
    body, client, extra, sse, validate, Body, ByteStream, Bytes, Config, DecodeFailure, Extra,
    FilePart, Multipart, Nullable, PaginationStall, RedirectFailure, RequestOptions, ServerEvent,
    StatusCode, StreamFailure, Validate, ValidationError, Violation,
};
"#;

/// The `lib.rs` of a new crate of types only.
pub const TYPES_LIB: &str = r#"//! Types generated by `cargo xtask generate`; see `types`. The runtime (serde helpers,
//! validation) is the `openapi-runtime` crate in `runtime/`.
#![warn(missing_debug_implementations)]
// Schemas nest up to 256 levels (the generator's limit); checking such types takes rustc deeper.
#![recursion_limit = "2048"]

mod generated;

pub use generated::types;
pub use openapi_runtime::{extra, validate, Extra, Nullable, Validate, ValidationError, Violation};
"#;
