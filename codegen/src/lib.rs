//! Generates a typed Rust client from JSON Schemas and an OpenAPI document.
//!
//! The stages run one way: [`load`] (parse, patch, resolve `$ref`) → [`normalize`] (dialects
//! into one form) → [`convert`] (plain-data [`model`], deduplicated and named) → [`emit`]
//! (tokens) → [`render`] (prettyplease). [`generate`] does no file I/O: it takes the input files
//! as text and returns output paths with their contents.

pub mod convert;
pub mod cycles;
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
/// patches applied, client operations generated.
#[derive(Clone, Debug)]
pub struct Settings {
    entries: Vec<String>,
    patches: Patches,
    deny_warnings: bool,
    operations: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            entries: vec!["openapi.json".to_string()],
            patches: Patches::Apply,
            deny_warnings: false,
            operations: true,
        }
    }
}

impl Settings {
    pub fn new() -> Self {
        Self::default()
    }

    /// The OpenAPI document (or JSON Schema file) whose schemas become the root types.
    pub fn entry(mut self, path: impl Into<String>) -> Self {
        self.entries = vec![path.into()];
        self
    }

    /// Several entry documents; their roots must have distinct names.
    pub fn entries(mut self, paths: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.entries = paths.into_iter().map(Into::into).collect();
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

    /// Whether the operations of OpenAPI documents become `Client` methods (they need the
    /// client runtime); without them only the types are generated.
    pub fn operations(mut self, operations: bool) -> Self {
        self.operations = operations;
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
    let with_operations = settings.operations && !model.operations.is_empty();
    let mod_rs = if with_operations {
        quote::quote! {
            // Formatted by prettyplease at generation time; rustfmt would make `--check` fail.
            #[rustfmt::skip]
            pub mod operations;
            #[rustfmt::skip]
            pub mod types;
        }
    } else {
        quote::quote! {
            #[rustfmt::skip]
            pub mod types;
        }
    };
    let mut files = BTreeMap::new();
    files.insert(
        "src/generated/mod.rs".to_string(),
        render::render("src/generated/mod.rs", mod_rs)?,
    );
    let defs: Vec<&model::TypeDef> = model.types.values().collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let types_rs = if defs.is_empty() {
        render::render("src/generated/types.rs", quote::quote!())?
    } else {
        render::render_items(
            "src/generated/types.rs",
            emit::types::prelude(&model),
            &defs,
            |def| emit::types::type_def(def),
            threads,
        )?
    };
    files.insert("src/generated/types.rs".to_string(), types_rs);
    if with_operations {
        files.insert(
            "src/generated/operations.rs".to_string(),
            render::render(
                "src/generated/operations.rs",
                emit::client::operations(&model),
            )?,
        );
    }
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
    let mut store = load::Store::load(inputs, settings.patches)?;
    let mut doc = openapi::Document::default();
    for entry in &settings.entries {
        let one = openapi::Document::read(&store, entry)?;
        let queries: serde_json::Map<String, serde_json::Value> = one
            .operations
            .iter()
            .filter_map(|op| op.query.clone())
            .collect();
        if !queries.is_empty() {
            store.insert(
                openapi::queries_file(entry),
                serde_json::Value::Object(queries),
            );
        }
        doc.roots.extend(one.roots);
        doc.request_roots.extend(one.request_roots);
        doc.operations.extend(one.operations);
    }
    let mut diags = diagnostics::Diagnostics::default();
    let mut converter = convert::Converter::new(&store, &mut diags);
    for (loc, name) in openapi::definition_names(&store) {
        converter.name_location(loc, &name);
    }
    let request_roots: BTreeSet<String> = doc.request_roots.iter().cloned().collect();
    let mut model = converter.run(&doc.roots, &request_roots)?;
    cycles::box_recursive_references(&mut model);
    model.operations = doc
        .operations
        .iter()
        .map(|op| operation(op, &model))
        .collect();
    Ok((model, diags.into_sorted()))
}

fn operation(op: &openapi::OperationSpec, model: &model::Model) -> model::Operation {
    use model::{Segment, TyKind, TypeKind};
    let segments = op
        .path
        .trim_matches('/')
        .split('/')
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let docs = op
                        .path_params
                        .iter()
                        .find(|(n, _)| n == name)
                        .and_then(|(_, d)| d.as_deref())
                        .map(convert::doc_lines)
                        .unwrap_or_default();
                    Segment::Param {
                        name: name.to_string(),
                        ident: naming::field(name),
                        docs,
                    }
                }
                None => Segment::Literal(segment.to_string()),
            },
        )
        .collect();
    let query = op.query.as_ref().map(|(name, _)| name.clone());
    // Cursor pagination: the response lists `data` and says `has_more`, and the query takes `after`.
    let takes_after = query.as_ref().and_then(|q| model.types.get(q)).is_some_and(|t| matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.json_name == "after")));
    let page = op
        .response
        .as_ref()
        .and_then(|r| model.types.get(r))
        .and_then(|t| {
            let TypeKind::Struct(s) = &t.kind else {
                return None;
            };
            let field = |name: &str| s.fields.iter().find(|f| f.json_name == name);
            let (data, has_more, last_id) = (field("data")?, field("has_more")?, field("last_id")?);
            let item = match (&data.ty.kind, &has_more.ty.kind, &last_id.ty.kind) {
                (TyKind::Array(item), TyKind::Bool, TyKind::String)
                    if takes_after
                        && data.presence() == model::Presence::Required
                        && has_more.presence() == model::Presence::Required =>
                {
                    match &item.kind {
                        TyKind::Named(name) => name.clone(),
                        _ => return None,
                    }
                }
                _ => return None,
            };
            Some(model::Page {
                item,
                last_id_optional: last_id.presence() != model::Presence::Required,
            })
        });
    model::Operation {
        id: op.id.clone(),
        method_name: naming::field(&op.id),
        http_method: op.http_method.to_uppercase(),
        path: op.path.clone(),
        segments,
        docs: op.docs.clone(),
        query,
        body: op.body.clone(),
        response: op.response.clone(),
        streams: op.streams,
        page,
    }
}

/// The root schema `name` as one standard JSON Schema (draft 2020-12) document, for validators.
pub fn json_schema(
    settings: &Settings,
    inputs: &Inputs,
    name: &str,
) -> Result<serde_json::Value, Error> {
    let store = load::Store::load(inputs, settings.patches)?;
    let entry = settings
        .entries
        .first()
        .map(String::as_str)
        .unwrap_or("openapi.json");
    json_schema::bundle(&store, entry, name)
}
