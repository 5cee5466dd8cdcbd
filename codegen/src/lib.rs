//! Generates a typed Rust client from JSON Schemas and an OpenAPI document.
//!
//! The stages run one way: [`load`] (parse, patch, resolve `$ref`) → [`normalize`] (dialects
//! into one form) → [`convert`] (plain-data [`model`], deduplicated and named) → [`emit`]
//! (tokens) → [`render`] (prettyplease). [`generate`] does no file I/O: it takes the input files
//! as text and returns output paths with their contents.

pub mod convert;
pub mod diagnostics;
pub mod emit;
pub mod json_schema;
pub mod load;
pub mod model;
pub mod naming;
pub mod normalize;
pub mod openapi;
pub mod render;

use std::collections::{BTreeMap, BTreeSet};

pub use diagnostics::{Error, Loc, Warning, WarningKind};
pub use load::{Inputs, Patches};

/// What to generate. Defaults: the OpenAPI document `openapi.json` at the input root, reviewed
/// patches applied.
#[derive(Clone, Debug)]
pub struct Settings {
    entry: String,
    patches: Patches,
    deny_warnings: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            entry: "openapi.json".to_string(),
            patches: Patches::Apply,
            deny_warnings: false,
        }
    }
}

impl Settings {
    pub fn new() -> Self {
        Self::default()
    }

    /// The OpenAPI document (or a JSON Schema file) whose schemas become the root types.
    pub fn entry(mut self, path: impl Into<String>) -> Self {
        self.entry = path.into();
        self
    }

    pub fn patches(mut self, patches: Patches) -> Self {
        self.patches = patches;
        self
    }

    /// Turns every warning into an error.
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.deny_warnings = deny;
        self
    }
}

/// The generated files (paths relative to the client crate's root) and the warnings.
#[derive(Debug)]
pub struct Output {
    pub files: BTreeMap<String, String>,
    pub warnings: Vec<Warning>,
    pub model: model::Model,
}

/// Runs every stage. Nothing is returned but an error if any stage fails.
pub fn generate(settings: &Settings, inputs: &Inputs) -> Result<Output, Error> {
    let (model, warnings) = build_model(settings, inputs)?;
    if settings.deny_warnings && !warnings.is_empty() {
        return Err(Error::DeniedWarnings { warnings });
    }
    let mut files = BTreeMap::new();
    files.insert(
        "src/generated/mod.rs".to_string(),
        render::render(
            "src/generated/mod.rs",
            quote::quote! {
                // Formatted by prettyplease at generation time; rustfmt would make `--check` fail.
                #[rustfmt::skip]
                pub mod types;
            },
        )?,
    );
    files.insert(
        "src/generated/types.rs".to_string(),
        render::render("src/generated/types.rs", emit::types::types(&model))?,
    );
    Ok(Output {
        files,
        warnings,
        model,
    })
}

/// Stages 1–3: the model and the warnings found on the way.
pub fn build_model(
    settings: &Settings,
    inputs: &Inputs,
) -> Result<(model::Model, Vec<Warning>), Error> {
    let store = load::Store::load(inputs, settings.patches)?;
    let doc = openapi::Document::read(&store, &settings.entry)?;
    let mut diags = diagnostics::Diagnostics::default();
    let mut converter = convert::Converter::new(&store, &mut diags);
    for (loc, name) in openapi::definition_names(&store) {
        converter.name_location(loc, &name);
    }
    let request_roots: BTreeSet<String> = doc.request_roots.iter().cloned().collect();
    let model = converter.run(&doc.roots, &request_roots)?;
    Ok((model, diags.into_sorted()))
}

/// The root schema `name` as one standard JSON Schema (draft 2020-12) document, for validators.
pub fn json_schema(
    settings: &Settings,
    inputs: &Inputs,
    name: &str,
) -> Result<serde_json::Value, Error> {
    let store = load::Store::load(inputs, settings.patches)?;
    json_schema::bundle(&store, &settings.entry, name)
}
