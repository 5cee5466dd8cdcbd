//! Generates a typed Rust client from JSON Schemas and an OpenAPI document.
//!
//! [`generate`] takes the input files as text ([`Inputs`]) and the [`Settings`], and returns the
//! generated files with their warnings ([`Output`]) or an [`Error`] naming the file and the JSON
//! Pointer. It does no file I/O: a caller reads the entry documents, asks [`references`] which
//! other files they point to, reads those, and asks again.
//!
//! Inside, the stages run one way: load (parse, patch) → normalize (dialects into one form) →
//! convert (the plain-data model, deduplicated and named; every `$ref` followed by `resolve`) →
//! emit (tokens) → render (prettyplease).
#![deny(missing_docs)]

// The stages are private; `internals` shows some of them to the project's own tests and
// benchmarks (not a stable API).
#[cfg_attr(feature = "internals", allow(missing_docs))]
mod convert;
mod cycles;
mod diagnostics;
#[cfg_attr(feature = "internals", allow(missing_docs))]
mod docs;
#[cfg_attr(feature = "internals", allow(missing_docs))]
mod emit;
mod json_schema;
#[cfg_attr(feature = "internals", allow(missing_docs))]
mod limits;
mod load;
#[cfg_attr(feature = "internals", allow(missing_docs))]
mod model;
#[cfg_attr(feature = "internals", allow(missing_docs))]
mod naming;
mod normalize;
mod openapi;
#[cfg_attr(feature = "internals", allow(missing_docs))]
mod render;
mod resolve;
mod select;
#[cfg(test)]
mod tests;

/// The stages' data and helpers, for the project's own tests and benchmarks only: not a stable
/// API, and absent unless the `internals` feature is on.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod internals {
    /// The model (stage 3 output).
    pub mod model {
        pub use crate::model::*;
    }
    /// Naming rules.
    pub mod naming {
        pub use crate::naming::*;
    }
    /// The limits on input size and depth.
    pub mod limits {
        pub use crate::limits::*;
    }
    /// Rendering tokens to text.
    pub mod render {
        pub use crate::render::*;
    }
    /// Emitting the types.
    pub mod emit_types {
        pub use crate::emit::types::*;
    }
    pub use crate::docs::runnable_code_blocks;

    /// Stages 1–3: the model and the warnings found on the way.
    pub fn build_model(
        settings: &crate::Settings,
        inputs: &crate::Inputs,
    ) -> Result<(model::Model, Vec<crate::Warning>), crate::Error> {
        crate::limits::on_generator_stack(|| crate::build_model_here(settings, inputs))
    }

    impl crate::Output {
        /// The model the files were generated from.
        pub fn model(&self) -> &model::Model {
            &self.model
        }
    }
}

use std::collections::{BTreeMap, BTreeSet};

pub use diagnostics::{Error, Loc, Warning, WarningKind};
pub use load::{patch_targets, references, FileReference, Inputs, Patches, PATCH_SUFFIX};

/// What to generate. Defaults: the OpenAPI document `openapi.json` at the input root, reviewed
/// patches applied, client operations generated.
#[derive(Clone, Debug)]
pub struct Settings {
    entries: Vec<String>,
    patches: Patches,
    deny_warnings: bool,
    operations: bool,
    env_prefix: String,
    env_headers: Vec<(String, String)>,
    patterns: bool,
    docs_base_url: Option<String>,
    selection: select::Selection,
    renames: BTreeMap<String, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            entries: vec!["openapi.json".to_string()],
            patches: Patches::Apply,
            deny_warnings: false,
            operations: true,
            env_prefix: "API".to_string(),
            env_headers: Vec::new(),
            patterns: true,
            docs_base_url: None,
            selection: select::Selection::default(),
            renames: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// The defaults (see [`Settings`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `validate()` checks `pattern` (on by default). Generated code that does needs the
    /// crate's `pattern` feature, which brings the `regex` crate; off, a `pattern` is an
    /// `unsupported-keyword` warning and the crate needs nothing more.
    pub fn patterns(mut self, on: bool) -> Self {
        self.patterns = on;
        self
    }

    /// The site that relative links in schema descriptions point into (`https://example.com`):
    /// `[runs](/docs/runs)` becomes `[runs](https://example.com/docs/runs)` in the generated docs.
    /// Without it (the default) such a link becomes its plain text, so no generated doc comment
    /// has a link that is broken on docs.rs.
    pub fn docs_base_url(mut self, url: impl Into<String>) -> Self {
        self.docs_base_url = Some(url.into());
        self
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

    /// Whether the reviewed `x.patch.json` files are applied (by default they are).
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

/// Selecting operations: users of a large API description generate only what they call.
impl Settings {
    /// Generates the operations tagged `tag` (OpenAPI `tags`); repeatable. With a selection
    /// (this, [`Self::select_operation`] or [`Self::exclude_operation`]) only the selected
    /// operations are generated, with the schemas they reach: a component schema no selected
    /// operation reaches is left out, and so are its warnings. An operation is selected when
    /// it has a selected tag or its operationId is selected (when neither is given, every
    /// operation is), and it is not excluded.
    ///
    /// A tag or operationId that no operation has is an error naming it and the nearest
    /// existing one, as is a selection that leaves no operation. It applies to OpenAPI
    /// documents: the roots of JSON Schema entries are all generated, and a selection on input
    /// without any operation is an error.
    pub fn select_tag(mut self, tag: impl Into<String>) -> Self {
        self.selection.tags.push(tag.into());
        self
    }

    /// Generates the operation `operation_id`; repeatable (see [`Self::select_tag`]).
    pub fn select_operation(mut self, operation_id: impl Into<String>) -> Self {
        self.selection.operations.push(operation_id.into());
        self
    }

    /// Leaves out the operation `operation_id`, even when its tag is selected; repeatable (see
    /// [`Self::select_tag`]).
    pub fn exclude_operation(mut self, operation_id: impl Into<String>) -> Self {
        self.selection.excluded.push(operation_id.into());
        self
    }
}

/// Renaming generated types.
impl Settings {
    /// Names `to` the type the generator would name `from` (both Rust type names, as in the
    /// generated `types` module); repeatable. No other type takes either name, and a root
    /// schema named `from` gets no alias of that name. Use it for a name that reads badly
    /// beside the crate's own items (a schema `Error` beside the client's `Error`).
    ///
    /// An error when no type would be named `from` (naming the nearest type name), when `to`
    /// is not a type name the generator would write (PascalCase, not a reserved name), when a
    /// schema of the input is already named `to`, or when two renames give the same name.
    pub fn rename_type(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.renames.insert(from.into(), to.into());
        self
    }
}

impl Settings {
    /// `Client::from_env()` reads `<PREFIX>_API_KEY` and `<PREFIX>_BASE_URL` (default `API`).
    pub fn env_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.env_prefix = prefix.into();
        self
    }

    /// `Client::from_env()` also sends environment variable `var`, when set, as `header`.
    pub fn env_header(mut self, var: impl Into<String>, header: impl Into<String>) -> Self {
        self.env_headers.push((var.into(), header.into()));
        self
    }
}

/// The generated files (paths relative to the client crate's root) and the warnings, with what
/// a caller needs to know to build a crate around them.
#[derive(Debug)]
pub struct Output {
    /// Each generated file's contents, by its path relative to the crate root
    /// (`src/generated/types.rs`, ...).
    pub files: BTreeMap<String, String>,
    /// What the generator found questionable in the input, sorted by place.
    pub warnings: Vec<Warning>,
    model: model::Model,
    renames: BTreeMap<String, String>,
}

impl Output {
    /// Whether the input defines neither a type nor an operation (nothing worth a crate).
    pub fn is_empty(&self) -> bool {
        self.model.types.is_empty() && self.model.operations.is_empty()
    }

    /// Whether the input has operations: the crate then needs the client runtime. (With
    /// [`Settings::operations`] off they are not generated, but still counted here.)
    pub fn has_operations(&self) -> bool {
        !self.model.operations.is_empty()
    }

    /// The operation ids, in document order.
    pub fn operation_ids(&self) -> impl Iterator<Item = &str> {
        self.model.operations.iter().map(|op| op.id.as_str())
    }

    /// How many operations the input has, generated or not (one not generated has a warning
    /// saying why).
    pub fn operations_in_input(&self) -> usize {
        self.model.operations_in_input
    }

    /// The names of the generated types, sorted.
    pub fn type_names(&self) -> impl Iterator<Item = &str> {
        self.model.types.keys().map(String::as_str)
    }

    /// The Rust name of a schema named `name` in this output: [`type_name`], renamed as the
    /// settings say ([`Settings::rename_type`]). [`Output::has_type`] tells whether it is
    /// generated.
    pub fn type_name(&self, name: &str) -> String {
        let rust = type_name(name);
        self.renames.get(&rust).cloned().unwrap_or(rust)
    }

    /// Whether the generated type `name` exists.
    pub fn has_type(&self, name: &str) -> bool {
        self.model.types.contains_key(name)
    }

    /// Whether `validate()` checks a `pattern`: the crate then needs its `pattern` feature
    /// (the `regex` crate).
    pub fn uses_patterns(&self) -> bool {
        self.model.uses_patterns()
    }
}

/// Checks the renames before conversion: each new name is a type name the generator would
/// write, given once, and no root schema's name (`at`: the entry document).
fn check_renames(
    renames: &BTreeMap<String, String>,
    roots: &[(String, openapi::Root)],
    at: &Loc,
) -> Result<(), Error> {
    let mut given = BTreeSet::new();
    for (from, to) in renames {
        if naming::type_name(to).name != *to {
            return Err(Error::schema(
                at,
                format!(
                    "`{to}` (the new name of `{from}`) is not a type name the generator writes"
                ),
                format!(
                    "use a PascalCase name that is not a Rust or prelude name, such as `{}`",
                    naming::type_name(to).name
                ),
            ));
        }
        if !given.insert(to) {
            return Err(Error::schema(
                at,
                format!("two types are renamed to `{to}`"),
                "give each its own name",
            ));
        }
        if let Some((name, root)) = roots
            .iter()
            .find(|(name, _)| naming::type_name(name).name == *to)
        {
            let loc = match root {
                openapi::Root::Schema(loc) => loc,
                openapi::Root::Query(query) => &query.loc,
            };
            return Err(Error::schema(
                loc,
                format!("`{from}` cannot be renamed to `{to}`: the schema `{name}` has that name"),
                "choose a name no schema of the input has",
            ));
        }
    }
    Ok(())
}

/// Runs every stage. Nothing is returned but an error if any stage fails.
pub fn generate(settings: &Settings, inputs: &Inputs) -> Result<Output, Error> {
    limits::on_generator_stack(|| generate_here(settings, inputs))
}

fn generate_here(settings: &Settings, inputs: &Inputs) -> Result<Output, Error> {
    let (model, warnings) = build_model_here(settings, inputs)?;
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
        let forms = with_operations.then(|| emit::client::forms(&model));
        render::render("src/generated/types.rs", quote::quote!(#forms))?
    } else {
        render::render_items(
            "src/generated/types.rs",
            {
                // Multipart form structs live beside the types they hold.
                let prelude = emit::types::prelude(&model);
                let forms = with_operations.then(|| emit::client::forms(&model));
                quote::quote!(#prelude #forms)
            },
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
        renames: settings.renames.clone(),
    })
}

fn build_model_here(
    settings: &Settings,
    inputs: &Inputs,
) -> Result<(model::Model, Vec<Warning>), Error> {
    let store = load::Store::load(inputs, settings.patches)?;
    let mut doc = openapi::Document::default();
    for entry in &settings.entries {
        let one = openapi::Document::read_selected(&store, entry, &settings.selection)?;
        doc.roots.extend(one.roots);
        doc.request_roots.extend(one.request_roots);
        doc.operations.extend(one.operations);
        doc.operations_in_input += one.operations_in_input;
        doc.base_url = doc.base_url.or(one.base_url);
        doc.bearer |= one.bearer;
        doc.warnings.extend(one.warnings);
        doc.on_demand.extend(one.on_demand);
        doc.listed.extend(one.listed);
    }
    let entry = settings.entries.first().map_or("", String::as_str);
    settings
        .selection
        .check(&doc.listed, &Loc::new(entry, "/paths"))?;
    // With a selection, the component schemas no selected operation names are roots only once
    // the normalized schemas show that something selected reaches them, and types only once
    // the converted types refer to them (`Converter::run`).
    let on_demand: BTreeSet<String> = doc.on_demand.iter().cloned().collect();
    let start: Vec<(String, openapi::Root)> = doc
        .roots
        .iter()
        .filter(|(name, _)| !on_demand.contains(name))
        .cloned()
        .collect();
    limits::check_count(
        start.len(),
        limits::MAX_TYPES,
        "root schemas",
        settings.entries.first(),
    )?;
    let mut diags = diagnostics::Diagnostics::default();
    for w in doc.warnings.drain(..) {
        diags.warn(&w.loc, w.kind, w.message, w.hint);
    }
    let normalized = normalize::normalize(&store, &mut diags, settings.patterns, &start)?;
    let roots: Vec<(String, openapi::Root)> = if on_demand.is_empty() {
        start
    } else {
        doc.roots
            .into_iter()
            .filter(|(name, root)| match root {
                openapi::Root::Schema(loc) => !on_demand.contains(name) || normalized.reaches(loc),
                openapi::Root::Query(_) => true,
            })
            .collect()
    };
    let at = Loc::new(entry, "");
    check_renames(&settings.renames, &roots, &at)?;
    let mut converter = convert::Converter::new(&normalized, &mut diags);
    for (loc, name) in openapi::definition_names(&store) {
        converter.name_location(loc, &name);
    }
    for (from, to) in &settings.renames {
        converter.rename(from, to);
    }
    let request_roots: BTreeSet<String> = doc.request_roots.iter().cloned().collect();
    let mut model = converter.run(&roots, &request_roots, &on_demand)?;
    // A rename took effect exactly when its new name is a type: no other type may take it.
    for (from, to) in &settings.renames {
        if !model.types.contains_key(to) {
            let known: Vec<&str> = model.types.keys().map(String::as_str).collect();
            let hint = match select::near_miss(from, &known) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "rename a type of the generated `types` module".to_string(),
            };
            return Err(Error::schema(
                &at,
                format!("the type `{from}` to rename to `{to}` is not generated"),
                hint,
            ));
        }
    }
    // Operations name their root types as the document does: by their new names.
    let renamed = |name: &mut String| {
        if let Some(to) = settings.renames.get(name.as_str()) {
            name.clone_from(to);
        }
    };
    for op in &mut doc.operations {
        op.body.iter_mut().for_each(renamed);
        op.error.iter_mut().for_each(renamed);
        op.events.iter_mut().flatten().for_each(renamed);
        if let Some(query) = &mut op.query {
            renamed(&mut query.name);
        }
        if let model::Response::Json(Some(name)) = &mut op.response {
            renamed(name);
        }
    }
    limits::check_count(
        model.types.len(),
        limits::MAX_TYPES,
        "types",
        settings.entries.first(),
    )?;
    cycles::box_recursive_references(&mut model);
    // A request body is checked before it is sent: an alias of a list or map whose items have
    // constraints cannot carry a `validate()` (and the constraints would go unchecked), a
    // newtype does.
    for body in doc.operations.iter().filter_map(|op| op.body.as_ref()) {
        if let Some(def) = model.types.get_mut(body) {
            if let model::TypeKind::Alias(ty) = &def.kind {
                if has_checks(ty) {
                    def.kind = model::TypeKind::Newtype(ty.clone());
                }
            }
        }
    }
    model.operations_in_input = doc.operations_in_input;
    let mut methods = naming::Scope::with_reserved(CLIENT_METHODS);
    model.operations = doc
        .operations
        .iter()
        .map(|op| {
            let mut operation = operation(op, &model);
            operation.method_name = methods.claim_family(operation.method_name, METHOD_SUFFIXES);
            operation
        })
        .collect();
    let mut errors: Vec<&String> = doc
        .operations
        .iter()
        .filter_map(|op| op.error.as_ref())
        .collect();
    errors.sort();
    errors.dedup();
    model.api = model::Api {
        base_url: doc.base_url.clone(),
        bearer: doc.bearer,
        error_body: match errors.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        },
        env_prefix: settings.env_prefix.clone(),
        env_headers: settings.env_headers.clone(),
    };
    settle_forms(&mut model);
    resolve_doc_links(&mut model, settings.docs_base_url.as_deref());
    let mut warnings = diags.into_sorted();
    warnings.extend(store.take_notes());
    warnings.sort();
    Ok((model, warnings))
}

/// Every doc comment of the model with its links made absolute against `base` (or made text).
fn resolve_doc_links(model: &mut model::Model, base: Option<&str>) {
    use model::{Segment, TypeKind};
    let resolve = |docs: &mut Vec<String>| *docs = docs::resolve_links(docs, base);
    for def in model.types.values_mut() {
        resolve(&mut def.docs);
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| resolve(&mut f.docs)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| resolve(&mut v.docs)),
            TypeKind::Enum(_)
            | TypeKind::IntegerEnum(_)
            | TypeKind::Alias(_)
            | TypeKind::Newtype(_) => {}
        }
    }
    for op in &mut model.operations {
        resolve(&mut op.docs);
        if let Some(model::RequestMedia::Multipart(form)) = &mut op.request {
            resolve(&mut form.docs);
            for field in form.fields.iter_mut().flatten() {
                resolve(&mut field.docs);
            }
        }
        for segment in &mut op.segments {
            if let Segment::Param { docs, .. } = segment {
                resolve(docs);
            }
        }
    }
}

/// The methods of the hand-written `Client` (the runtime's and the Assistants crate's helpers), which
/// no operation may take.
const CLIENT_METHODS: &[&str] = &[
    "from_env",
    "builder",
    "config",
    "runtime",
    "with_options",
    "url",
    "send",
    "api_error",
    "execute",
    "execute_with_headers",
    "execute_stream",
    "execute_bytes",
    "execute_empty",
    "read_body",
    "poll_run",
    "create_run_and_poll",
    "create_thread_and_run_and_poll",
    "submit_tool_outputs_and_poll",
    "settle",
    "run_tools",
    "run_tools_streaming",
];

/// The methods an operation `op` may have besides `op` itself.
const METHOD_SUFFIXES: &[&str] = &["_request", "_stream", "_all"];

/// Whether `ty` or the items it holds (not the generated types it names) have constraints.
fn has_checks(ty: &model::Ty) -> bool {
    !ty.checks.is_empty()
        || match &ty.kind {
            model::TyKind::Array(item) | model::TyKind::Map(item) => has_checks(item),
            model::TyKind::Tuple(elements) => elements.iter().any(has_checks),
            _ => false,
        }
}

fn operation(op: &openapi::OperationSpec, model: &model::Model) -> model::Operation {
    use model::{Segment, TyKind, TypeKind};
    // Path parameters are arguments beside `body`, `query` and `streaming`.
    let mut arguments = naming::Scope::with_reserved(&["body", "query", "streaming", "self"]);
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
                        .map(docs::doc_lines)
                        .unwrap_or_default();
                    Segment::Param {
                        name: name.to_string(),
                        ident: arguments.claim(naming::field(name)),
                        docs,
                    }
                }
                None => Segment::Literal(segment.to_string()),
            },
        )
        .collect();
    let query = op.query.as_ref().map(|q| q.name.clone());
    let query_optional = query.as_ref().and_then(|q| model.types.get(q)).is_some_and(
        |t| matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().all(|f| !f.required)),
    );
    // Cursor pagination: the response lists `data` and says `has_more`, and the query takes
    // `after`, a string as `last_id` is (each may be optional or nullable; the helper converts).
    let after = query
        .as_ref()
        .and_then(|q| model.types.get(q))
        .and_then(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.json_name == "after"),
            _ => None,
        })
        .filter(|f| f.ty.kind == TyKind::String)
        .map(model::Field::presence);
    let json_response = match &op.response {
        model::Response::Json(ty) => ty.as_ref(),
        _ => None,
    };
    let page = json_response
        .and_then(|r| model.types.get(r))
        .and_then(|t| {
            let TypeKind::Struct(s) = &t.kind else {
                return None;
            };
            let field = |name: &str| s.fields.iter().find(|f| f.json_name == name);
            let (data, has_more, last_id) = (field("data")?, field("has_more")?, field("last_id")?);
            let after = after?;
            let item = match (&data.ty.kind, &has_more.ty.kind, &last_id.ty.kind) {
                (TyKind::Array(item), TyKind::Bool, TyKind::String)
                    if data.presence() == model::Presence::Required
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
                last_id: last_id.presence(),
                after,
            })
        });
    let events = op.events.as_ref().map(|ty| model::Events {
        ty: ty.clone(),
        flag: op
            .body
            .as_ref()
            .and_then(|b| model.types.get(b))
            .is_some_and(|t| matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.json_name == "stream" && f.ty.kind == TyKind::Bool))),
    });
    let body_optional = !op.body_required
        && matches!(
            op.request,
            Some(model::RequestMedia::Json(_) | model::RequestMedia::Form { .. })
        )
        && !events.as_ref().is_some_and(|e| e.flag);
    model::Operation {
        id: op.id.clone(),
        method_name: naming::field(&op.id),
        http_method: op.http_method.to_uppercase(),
        path: op.path.clone(),
        segments,
        docs: op.docs.clone(),
        query_optional,
        query,
        headers: op.headers.clone(),
        body: op.body.clone(),
        request: op.request.clone().map(|media| match media {
            model::RequestMedia::Multipart(form) => {
                model::RequestMedia::Multipart(multipart_form(form, op.body.as_deref(), model))
            }
            other => other,
        }),
        body_optional,
        response: op.response.clone(),
        events,
        page,
    }
}

/// A multipart form's fields, from the struct its schema became: a file property holds a
/// `FilePart` (or several), any other the field's type. No fields when the schema is not an
/// object with properties (the method then takes the runtime's `Multipart`).
fn multipart_form(
    mut form: model::MultipartForm,
    body: Option<&str>,
    model: &model::Model,
) -> model::MultipartForm {
    let Some(def) = body.and_then(|b| model.types.get(b)) else {
        return form;
    };
    let model::TypeKind::Struct(s) = &def.kind else {
        return form;
    };
    if s.fields.is_empty() {
        return form;
    }
    form.docs = def.docs.clone();
    form.fields = Some(
        s.fields
            .iter()
            .map(|f| {
                let file = form.files.iter().find(|(name, _)| *name == f.json_name);
                model::FormField {
                    json_name: f.json_name.clone(),
                    ident: f.ident.clone(),
                    ty: file.is_none().then(|| f.ty.clone()),
                    many: file.is_some_and(|(_, many)| *many),
                    required: f.presence() == model::Presence::Required,
                    brackets: file.is_none() && form.brackets.contains(&f.json_name),
                    docs: f.docs.clone(),
                }
            })
            .collect(),
    );
    form
}

/// Names the multipart form structs. A body schema that nothing else uses (no type, no other
/// operation's JSON) is replaced by its form struct, which takes its name; one that is also
/// used as JSON keeps its serde type, and the form is `<Operation>Form`.
fn settle_forms(model: &mut model::Model) {
    use model::{RequestMedia, Response};
    let mut op_used = BTreeSet::new();
    for op in &model.operations {
        if !matches!(op.request, Some(RequestMedia::Multipart(_))) {
            op_used.extend(op.body.clone());
        }
        if let Response::Json(Some(ty)) = &op.response {
            op_used.insert(ty.clone());
        }
        op_used.extend(op.events.as_ref().and_then(|e| e.ty.clone()));
        op_used.extend(op.query.clone());
        op_used.extend(op.page.as_ref().map(|p| p.item.clone()));
    }
    op_used.extend(model.api.error_body.clone());
    let mut used = op_used.clone();
    used.extend(model.types.values().flat_map(|def| def.kind.referenced()));
    let mut replaced = BTreeSet::new();
    for op in &mut model.operations {
        let (Some(RequestMedia::Multipart(form)), Some(body)) = (&mut op.request, &op.body) else {
            continue;
        };
        if form.fields.is_none() {
            continue;
        }
        if !used.contains(body) {
            replaced.insert(body.clone());
            form.name = body.clone();
        } else {
            while model.types.contains_key(&form.name) {
                form.name.push('2');
            }
        }
    }
    // The types only the replaced structs' file fields used (an inline `anyOf: [file, [file]]`
    // became a union) go too, and what only they used, unless they are roots.
    let mut candidates: Vec<String> = Vec::new();
    for name in &replaced {
        if let Some(def) = model.types.remove(name) {
            candidates.extend(def.kind.referenced());
        }
        model.roots.retain(|root| root != name);
    }
    let form_types: BTreeSet<String> = model
        .operations
        .iter()
        .filter_map(|op| match &op.request {
            Some(RequestMedia::Multipart(form)) => form.fields.as_ref(),
            _ => None,
        })
        .flatten()
        .filter_map(|f| f.ty.as_ref())
        .flat_map(|ty| model::TypeKind::Alias(Box::new(ty.clone())).referenced())
        .collect();
    while let Some(name) = candidates.pop() {
        let still_used = op_used.contains(&name)
            || form_types.contains(&name)
            || model.roots.contains(&name)
            || model
                .types
                .values()
                .any(|def| def.kind.referenced().contains(&name));
        if !still_used {
            if let Some(def) = model.types.remove(&name) {
                candidates.extend(def.kind.referenced());
            }
        }
    }
}

/// The root schema `name` as one standard JSON Schema (draft 2020-12) document, for validators.
pub fn json_schema(
    settings: &Settings,
    inputs: &Inputs,
    name: &str,
) -> Result<serde_json::Value, Error> {
    limits::on_generator_stack(|| {
        let store = load::Store::load(inputs, settings.patches)?;
        let entry = settings
            .entries
            .first()
            .map(String::as_str)
            .unwrap_or("openapi.json");
        json_schema::bundle(&store, entry, name)
    })
}

/// The document `path` of `inputs` as the generator reads it: parsed (JSON or YAML) with its
/// `x.patch.json` applied unless `settings` turn patches off. For tools that read what the
/// generator does not (examples, `x-` extensions).
pub fn document(
    settings: &Settings,
    inputs: &Inputs,
    path: &str,
) -> Result<serde_json::Value, Error> {
    limits::on_generator_stack(|| {
        let store = load::Store::load(inputs, settings.patches)?;
        store.get(&Loc::new(path, "")).cloned().ok_or_else(|| {
            Error::schema(
                &Loc::new(path, ""),
                "no such document among the inputs".to_string(),
                "name a JSON or YAML file of the inputs",
            )
        })
    })
}

/// The Rust name the generator gives a schema named `name` (a `components/schemas` key or a
/// definition name) when no other type claims it: `OpenAIFile` → `OpenAiFile`.
/// [`Output::has_type`] tells whether it did.
pub fn type_name(name: &str) -> String {
    naming::type_name(name).name
}
