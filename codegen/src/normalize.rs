//! Stage 2: JSON Schema / OpenAPI dialect quirks become one plain schema form, in one pass.
//!
//! [`normalize`] walks every schema location reachable from the roots (each root, every `$ref`
//! target met inside a normalized schema, the operations' query parameters), normalizes each
//! once, and returns the plain, ordered result ([`Normalized`]) the converter only reads.
//!
//! - nullability: `nullable: true` (OpenAPI 3.0), `type: [T, "null"]` (3.1), a `{type: null}`
//!   branch in `anyOf`/`oneOf`, and `allOf: [X]` with a sibling `nullable`;
//! - `const: v` is a one-value `enum`;
//! - `oneOf` branches that only list `required` (the file-search "one of these fields" idiom)
//!   become an exactly-one-of constraint on the object;
//! - defects are reported as warnings with file and JSON Pointer: a required name that is not
//!   declared, `required` where it has no effect, unsatisfiable objects, placeholder
//!   descriptions, keywords the generator does not map.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, Error, Loc, WarningKind};
use crate::limits;
use crate::load::Store;
use crate::openapi::{QueryParams, Root};
use crate::resolve::{self, Step};

/// Stage 2's output: every schema location reachable from the roots, normalized once, and the
/// query struct of every operation, by root name. Plain, ordered data.
#[derive(Debug, Default)]
pub struct Normalized {
    schemas: BTreeMap<Loc, Schema>,
    /// The locations the walk reached (roots and `$ref` targets); `schemas` also holds
    /// locations only read to merge an `allOf`.
    reached: BTreeSet<Loc>,
    queries: BTreeMap<String, Schema>,
    /// Every location that is a branch of a `oneOf`/`anyOf` (inline, or the `$ref` chain a
    /// branch follows).
    union_branches: BTreeSet<Loc>,
}

impl Normalized {
    /// The normalized schema at `loc`.
    pub fn schema(&self, loc: &Loc) -> Result<&Schema, Error> {
        self.schemas.get(loc).ok_or_else(|| {
            Error::schema(
                loc,
                "this location was not normalized before conversion",
                "this is a bug in the generator; please report it with the input",
            )
        })
    }

    /// Whether `loc` is a root or the target of a `$ref` a root reaches.
    pub fn reaches(&self, loc: &Loc) -> bool {
        self.reached.contains(loc)
    }

    /// Whether the schema at `loc` is a branch of some `oneOf`/`anyOf` the roots reach.
    pub fn is_union_branch(&self, loc: &Loc) -> bool {
        self.union_branches.contains(loc)
    }

    /// The struct of the query parameters that root `name` is made from.
    pub fn query(&self, name: &str) -> Option<&Schema> {
        self.queries.get(name)
    }
}

/// Normalizes every schema reachable from `roots`, root by root and depth first (the order the
/// converter meets them), each location once; warnings go to `diags`. `patterns`: whether
/// `pattern` becomes a check.
pub fn normalize(
    store: &Store,
    diags: &mut Diagnostics,
    patterns: bool,
    roots: &[(String, Root)],
) -> Result<Normalized, Error> {
    let mut normalizer = Normalizer::new(store, diags, patterns);
    let mut reached = BTreeSet::new();
    let mut queries = BTreeMap::new();
    // Iterative, so that a chain of references of any length takes no stack.
    let mut pending: Vec<Loc> = Vec::new();
    for (name, root) in roots {
        match root {
            Root::Schema(loc) => pending.push(loc.clone()),
            Root::Query(query) => {
                let schema = normalizer.query_struct(query)?;
                push_refs(&schema, &mut pending);
                queries.insert(name.clone(), schema);
            }
        }
        while let Some(loc) = pending.pop() {
            if !reached.insert(loc.clone()) {
                continue;
            }
            let schema = normalizer.schema_at(&loc)?;
            push_refs(&schema, &mut pending);
        }
    }
    let schemas = normalizer.done;
    let mut union_branches = BTreeSet::new();
    for schema in reached
        .iter()
        .filter_map(|loc| schemas.get(loc))
        .chain(queries.values())
    {
        collect_union_branches(schema, &schemas, &mut union_branches);
    }
    Ok(Normalized {
        schemas,
        reached,
        queries,
        union_branches,
    })
}

/// Adds the branches of every union inside `schema` to `out`, with the locations their `$ref`
/// chains pass through (each chain bounded by the number of schemas).
fn collect_union_branches(
    schema: &Schema,
    schemas: &BTreeMap<Loc, Schema>,
    out: &mut BTreeSet<Loc>,
) {
    match &schema.kind {
        Kind::Union(branches) => {
            for branch in branches {
                out.insert(branch.loc.clone());
                let mut next = &branch.kind;
                let mut steps = 0;
                while let (Kind::Ref(to), true) = (next, steps <= schemas.len()) {
                    if !out.insert(to.clone()) {
                        break;
                    }
                    let Some(target) = schemas.get(to) else { break };
                    next = &target.kind;
                    steps += 1;
                }
                collect_union_branches(branch, schemas, out);
            }
        }
        Kind::Tuple(elements) => elements
            .iter()
            .for_each(|e| collect_union_branches(e, schemas, out)),
        Kind::Array { items, .. } => collect_union_branches(items, schemas, out),
        Kind::Object(object) => {
            for (_, property) in &object.properties {
                collect_union_branches(property, schemas, out);
            }
            if let Additional::Schema(value) = &object.additional {
                collect_union_branches(value, schemas, out);
            }
        }
        Kind::Any
        | Kind::Ref(_)
        | Kind::Boolean
        | Kind::Integer(..)
        | Kind::IntegerEnum(..)
        | Kind::Number(_)
        | Kind::String(_) => {}
    }
}

/// Pushes the `$ref` targets inside `schema` on `pending`, the first one last (so that it is
/// taken first).
fn push_refs(schema: &Schema, pending: &mut Vec<Loc>) {
    let start = pending.len();
    collect_refs(schema, pending);
    pending[start..].reverse();
}

fn collect_refs(schema: &Schema, out: &mut Vec<Loc>) {
    match &schema.kind {
        Kind::Ref(loc) => out.push(loc.clone()),
        Kind::Array { items, .. } => collect_refs(items, out),
        Kind::Object(object) => {
            for (_, property) in &object.properties {
                collect_refs(property, out);
            }
            if let Additional::Schema(value) = &object.additional {
                collect_refs(value, out);
            }
        }
        Kind::Union(branches) | Kind::Tuple(branches) => {
            branches.iter().for_each(|b| collect_refs(b, out))
        }
        Kind::Any
        | Kind::Boolean
        | Kind::Integer(..)
        | Kind::IntegerEnum(..)
        | Kind::Number(_)
        | Kind::String(_) => {}
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    pub loc: Loc,
    /// OpenAPI `discriminator` of a `oneOf`/`anyOf`.
    pub discriminator: Option<Discriminator>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub default: Option<Value>,
    pub nullable: bool,
    pub kind: Kind,
}

/// OpenAPI's `discriminator`: the property whose value names the branch, and explicit
/// `mapping` entries (value → branch location). Without a mapping entry a branch's value is its
/// schema name.
#[derive(Clone, Debug, PartialEq)]
pub struct Discriminator {
    pub property: String,
    pub mapping: Vec<(String, Loc)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Any,
    Ref(Loc),
    Boolean,
    Integer(Range, crate::model::IntType),
    Number(Range),
    String(StringSchema),
    Array {
        items: Box<Schema>,
        min_items: Option<u64>,
        max_items: Option<u64>,
        unique_items: bool,
    },
    Object(ObjectSchema),
    /// An array of a fixed length whose elements each have their own schema (`items: [..]` up
    /// to draft 2019-09, `prefixItems` in 2020-12): a Rust tuple.
    Tuple(Vec<Schema>),
    /// `oneOf` / `anyOf` with at least two non-null branches.
    Union(Vec<Schema>),
    /// `oneOf` / `anyOf` of integer constants: each value with its title (or description).
    IntegerEnum(Vec<(i64, Option<String>)>, crate::model::IntType),
}

impl Kind {
    pub fn as_string(&self) -> Option<&StringSchema> {
        match self {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&ObjectSchema> {
        match self {
            Kind::Object(o) => Some(o),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Range {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StringSchema {
    pub values: Option<Vec<String>>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// A regular expression the `regex` crate accepts (`validate()` checks it).
    pub pattern: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectSchema {
    pub properties: Vec<(String, Schema)>,
    pub required: Vec<String>,
    pub additional: Additional,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub key_max_length: Option<u64>,
    /// Each inner list: exactly one of these properties must be present.
    pub exactly_one_of: Vec<Vec<String>>,
    /// `anyOf` over `required` lists: at least one of these sets of properties is present.
    pub any_of_required: Vec<Vec<Vec<String>>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Additional {
    Forbidden,
    Any,
    Schema(Box<Schema>),
}

/// Keywords that only annotate (documentation, examples, formats the generator keeps as
/// strings); they never change the generated types.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "example",
    "examples",
    "format",
    "readOnly",
    "writeOnly",
    "deprecated",
    "$schema",
    "$id",
    "$comment",
    "externalDocs",
    "xml",
    "contentMediaType",
    "contentEncoding",
];

/// The longest tuple array that becomes a Rust tuple: `Debug`, `PartialEq` and `Default` stop
/// at 12 elements.
const MAX_TUPLE: usize = 12;

/// Two `allOf` members as one schema, or why no value can satisfy both.
type Merged = Result<Schema, Contradiction>;

/// `allOf` members that no value satisfies together: where, and why.
struct Contradiction {
    loc: Loc,
    message: String,
}

/// Keywords this module maps.
const MAPPED: &[&str] = &[
    "type",
    "nullable",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "additionalItems",
    "oneOf",
    "anyOf",
    "allOf",
    "$ref",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "uniqueItems",
    "definitions",
    "$defs",
    "discriminator",
];

/// The state of one [`normalize`] pass. Each location (a root, a `$ref` target, an `allOf`
/// member's target) is normalized once and remembered, however many references lead to it.
struct Normalizer<'a> {
    store: &'a Store,
    diags: &'a mut Diagnostics,
    /// Whether `pattern` becomes a check (the crate has the `regex` crate) or a warning.
    patterns: bool,
    done: BTreeMap<Loc, Schema>,
    /// The locations being normalized now: the walk's one, then each `allOf` member target
    /// it needs merged first.
    in_progress: Vec<Loc>,
}

impl<'a> Normalizer<'a> {
    fn new(store: &'a Store, diags: &'a mut Diagnostics, patterns: bool) -> Self {
        Self {
            store,
            diags,
            patterns,
            done: BTreeMap::new(),
            in_progress: Vec::new(),
        }
    }

    /// The normalized schema at `loc`.
    fn schema_at(&mut self, loc: &Loc) -> Result<Schema, Error> {
        if let Some(schema) = self.done.get(loc) {
            return Ok(schema.clone());
        }
        let value = self.store.get(loc).ok_or_else(|| {
            Error::schema(loc, "no schema at this location", "check the reference")
        })?;
        self.in_progress.push(loc.clone());
        let schema = self.schema(loc, value);
        self.in_progress.pop();
        let schema = schema?;
        self.done.insert(loc.clone(), schema.clone());
        Ok(schema)
    }

    /// The normalized schema at `loc`, the target of the `allOf` member at `member`: merging
    /// needs it first. A schema that needs itself merged first is an error at the member, as is
    /// a chain of such members longer than [`limits::MAX_SCHEMA_DEPTH`].
    fn merge_target(&mut self, member: &Loc, loc: &Loc) -> Result<Schema, Error> {
        if let Some(schema) = self.done.get(loc) {
            return Ok(schema.clone());
        }
        if self.in_progress.contains(loc) {
            return Err(Error::schema(
                member,
                format!("cyclic `allOf`: {loc} is merged into itself through `allOf` members"),
                "a schema cannot extend itself; remove one of the references of the cycle",
            ));
        }
        if self.in_progress.len() >= limits::MAX_SCHEMA_DEPTH {
            return Err(Error::schema(
                member,
                format!(
                    "`allOf` members extend each other more than {} levels deep here",
                    limits::MAX_SCHEMA_DEPTH
                ),
                "the generator bounds nesting so that it never overflows its stack; flatten the chain of `allOf`s",
            ));
        }
        self.schema_at(loc)
    }

    /// The struct of an operation's query parameters: an object with a property per parameter
    /// (its schema, documented by the parameter's description), extra fields forbidden.
    fn query_struct(&mut self, query: &QueryParams) -> Result<Schema, Error> {
        if query.params.len() > limits::MAX_PROPERTIES {
            return Err(Error::schema(
                &query.loc,
                format!(
                    "{} query parameters in one operation; the limit is {}",
                    query.params.len(),
                    limits::MAX_PROPERTIES
                ),
                "a struct this large takes rustc minutes and gigabytes to compile",
            ));
        }
        let mut properties = Vec::new();
        for param in &query.params {
            let obj = self.store.get(&param.loc).and_then(Value::as_object);
            let description = match obj {
                Some(obj) => self.description(&param.loc, obj)?,
                None => None,
            };
            let schema = param.loc.child("schema");
            properties.push((
                param.name.clone(),
                Schema {
                    description,
                    kind: Kind::Ref(schema.clone()),
                    ..plain(&schema, Kind::Any)
                },
            ));
        }
        let object = ObjectSchema {
            properties,
            required: query
                .params
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name.clone())
                .collect(),
            additional: Additional::Forbidden,
            min_properties: None,
            max_properties: None,
            key_max_length: None,
            exactly_one_of: Vec::new(),
            any_of_required: Vec::new(),
        };
        Ok(Schema {
            description: Some(format!("Query parameters of `{}`.", query.operation_id)),
            kind: Kind::Object(object),
            ..plain(&query.loc, Kind::Any)
        })
    }

    fn schema(&mut self, loc: &Loc, value: &Value) -> Result<Schema, Error> {
        let obj = match value {
            Value::Object(obj) => obj,
            Value::Bool(true) => return Ok(plain(loc, Kind::Any)),
            Value::Bool(false) => {
                self.diags.warn(
                    loc,
                    WarningKind::Unsatisfiable,
                    "the schema `false` matches nothing",
                    "remove the property or give it a schema",
                );
                return Ok(plain(loc, Kind::Any));
            }
            _ => {
                return Err(Error::schema(
                    loc,
                    format!(
                        "a schema must be an object or a boolean, found {}",
                        type_word(value)
                    ),
                    "wrap it in an object",
                ))
            }
        };
        self.check_keywords(loc, obj);
        let mut schema = Schema {
            loc: loc.clone(),
            discriminator: self.discriminator(loc, obj)?,
            title: opt_str(loc, obj, "title")?,
            description: self.description(loc, obj)?,
            default: obj.get("default").cloned(),
            nullable: opt_bool(loc, obj, "nullable")?.unwrap_or(false),
            kind: Kind::Any,
        };
        if let Some(reference) = obj.get("$ref") {
            let reference = reference.as_str().ok_or_else(|| {
                Error::schema(
                    &loc.child("$ref"),
                    "`$ref` must be a string",
                    "write a URI reference",
                )
            })?;
            for key in obj.keys() {
                if MAPPED.contains(&key.as_str()) && !matches!(key.as_str(), "$ref" | "nullable") {
                    self.diags.warn(
                        &loc.child(key),
                        WarningKind::UnsupportedKeyword,
                        format!("`{key}` next to `$ref` is ignored"),
                        "wrap both in `allOf: [{\"$ref\": ...}, {...}]` to combine them",
                    );
                }
            }
            schema.kind = match self.store.resolve(loc, reference) {
                Ok(target) => Kind::Ref(target),
                Err(_) if self.store.names_nothing(loc, reference) => {
                    self.diags.warn(
                        &loc.child("$ref"),
                        WarningKind::UnresolvedRef,
                        format!("`$ref: {reference}` points at nothing in its document, and no definition there has a similar name; read as any JSON value"),
                        "define the schema it names, or point the reference at an existing one",
                    );
                    Kind::Any
                }
                Err(err) => return Err(err),
            };
            return Ok(schema);
        }
        let types = self.types(loc, obj)?;
        if types.iter().any(|t| t == "null") {
            schema.nullable = true;
        }
        // Each type once, so that a long list of repeats makes no long union.
        let mut seen = std::collections::BTreeSet::new();
        let declared: Vec<&str> = types
            .iter()
            .map(String::as_str)
            .filter(|t| *t != "null" && seen.insert(*t))
            .collect();
        if declared.len() > 1 {
            // `type: [string, integer]`: an untagged union of the listed types.
            let branches = declared
                .iter()
                .map(|t| {
                    let mut copy = obj.clone();
                    copy.insert("type".into(), Value::String(t.to_string()));
                    copy.remove("nullable");
                    self.schema(loc, &Value::Object(copy)).map(|mut s| {
                        s.title = None;
                        s.description = None;
                        s
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            schema.kind = Kind::Union(branches);
            return Ok(schema);
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(branches) = obj.get(key) {
                if let Some(kind) = self.combinator(loc, obj, key, branches, &mut schema)? {
                    schema.kind = kind;
                    return Ok(schema);
                }
            }
        }
        schema.kind = self.kind(loc, obj, declared.first().copied())?;
        Ok(schema)
    }

    fn check_keywords(&mut self, loc: &Loc, obj: &Map<String, Value>) {
        for key in obj.keys() {
            if key == "pattern" && self.patterns && reads_pattern(obj) {
                continue;
            }
            if !key.starts_with("x-")
                && !ANNOTATIONS.contains(&key.as_str())
                && !MAPPED.contains(&key.as_str())
            {
                self.diags.warn(
                    &loc.child(key),
                    WarningKind::UnsupportedKeyword,
                    format!("keyword `{key}` is not mapped to Rust and has no effect on the generated code"),
                    "the generated types accept what the rest of the schema allows",
                );
            }
        }
    }

    /// The `pattern` of a string schema, if the `regex` crate can check it; otherwise a warning
    /// (JSON Schema patterns are ECMA 262: lookaround and backreferences have no `regex` form).
    fn pattern(&mut self, loc: &Loc, obj: &Map<String, Value>) -> Result<Option<String>, Error> {
        let Some(pattern) = opt_str(loc, obj, "pattern")? else {
            return Ok(None);
        };
        match regex_syntax::Parser::new().parse(&pattern) {
            Ok(_) => Ok(Some(pattern)),
            Err(e) => {
                let reason = e.to_string();
                let reason = reason.lines().last().unwrap_or_default().trim();
                self.diags.warn(
                    &loc.child("pattern"),
                    WarningKind::UnsupportedKeyword,
                    format!(
                        "`pattern` is not checked: the `regex` crate cannot read it ({reason})"
                    ),
                    "rewrite it without lookaround or backreferences to have `validate()` check it",
                );
                Ok(None)
            }
        }
    }

    fn description(
        &mut self,
        loc: &Loc,
        obj: &Map<String, Value>,
    ) -> Result<Option<String>, Error> {
        let Some(text) = opt_str(loc, obj, "description")? else {
            return Ok(None);
        };
        let is_placeholder = !text.is_empty()
            && text.contains('_')
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if is_placeholder {
            self.diags.warn(
                &loc.child("description"),
                WarningKind::PlaceholderDescription,
                format!("description `{text}` is a template placeholder; it is not copied into the docs"),
                "replace it in the schema's patch file with the documented text",
            );
            return Ok(None);
        }
        Ok(Some(text))
    }

    fn types(&self, loc: &Loc, obj: &Map<String, Value>) -> Result<Vec<String>, Error> {
        match obj.get("type") {
            None => Ok(Vec::new()),
            Some(Value::String(t)) => Ok(vec![t.clone()]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|t| {
                    t.as_str().map(str::to_string).ok_or_else(|| {
                        Error::schema(
                            &loc.child("type"),
                            "`type` entries must be strings",
                            "use JSON type names",
                        )
                    })
                })
                .collect(),
            Some(other) => Err(Error::schema(
                &loc.child("type"),
                format!(
                    "`type` must be a string or an array, found {}",
                    type_word(other)
                ),
                "use a JSON type name",
            )),
        }
    }

    /// `oneOf` / `anyOf` / `allOf`. Returns `None` when the combinator turned out to be a
    /// constraint on the surrounding object (required-only branches).
    fn combinator(
        &mut self,
        loc: &Loc,
        obj: &Map<String, Value>,
        key: &str,
        branches: &Value,
        schema: &mut Schema,
    ) -> Result<Option<Kind>, Error> {
        let at = loc.child(key);
        let list = branches.as_array().ok_or_else(|| {
            Error::schema(
                &at,
                format!("`{key}` must be an array of schemas"),
                "wrap the schema in `[...]`",
            )
        })?;
        if list.is_empty() {
            return Err(Error::schema(
                &at,
                format!("`{key}` is empty"),
                "list at least one schema",
            ));
        }
        if list.len() > limits::MAX_ENUM_VALUES {
            return Err(Error::schema(
                &at,
                format!(
                    "`{key}` lists {} schemas; the limit is {}",
                    list.len(),
                    limits::MAX_ENUM_VALUES
                ),
                "a union this large takes rustc minutes to compile; split it",
            ));
        }
        // Branches that only list `required` names (and may say they are objects): a
        // constraint on the surrounding object, not a union of objects.
        let required_only = list.iter().all(|b| {
            b.as_object().is_some_and(|o| {
                o.contains_key("required")
                    && o.iter().all(|(k, v)| {
                        matches!(k.as_str(), "required" | "title" | "description")
                            || (k == "type" && v == "object")
                    })
            })
        });
        if required_only && key != "allOf" {
            return Ok(None);
        }
        if key != "allOf" {
            if let Some(kind) = self.integer_constants(&at, obj, list, schema)? {
                return Ok(Some(kind));
            }
        }
        let mut out = Vec::new();
        // `allOf` members that only list `required` names: they apply to the merged object.
        let mut required = Vec::new();
        for (i, branch) in list.iter().enumerate() {
            let branch_loc = at.child(&i.to_string());
            let is_null = branch.get("type").and_then(Value::as_str) == Some("null")
                || branch.get("enum") == Some(&Value::Array(vec![Value::Null]));
            if is_null {
                schema.nullable = true;
                continue;
            }
            let only_required = branch.as_object().is_some_and(|o| {
                o.contains_key("required")
                    && o.keys()
                        .all(|k| k == "required" || ANNOTATIONS.contains(&k.as_str()))
            });
            if key == "allOf" && only_required {
                if let Some(Value::Array(names)) = branch.get("required") {
                    for (j, name) in names.iter().enumerate() {
                        if let Some(name) = name.as_str() {
                            let at = branch_loc.child("required").child(&j.to_string());
                            required.push((name.to_string(), at));
                        }
                    }
                }
                continue;
            }
            out.push(self.schema(&branch_loc, branch)?);
        }
        if key == "allOf" {
            // Keywords beside `allOf` (`properties`, `required`, a `type`) are one more member.
            let mut rest = obj.clone();
            rest.retain(|k, _| {
                k != "allOf" && !k.starts_with("x-") && !ANNOTATIONS.contains(&k.as_str())
            });
            rest.remove("nullable");
            if !rest.is_empty() {
                out.push(self.schema(loc, &Value::Object(rest))?);
            }
            let mut kind = self.all_of(out, schema)?;
            if let (Kind::Ref(_), false) = (&kind, required.is_empty()) {
                // Required names on a reference: the referenced object, merged with them.
                kind = self.resolve_for_merge(&plain(loc, kind))?.kind;
            }
            for (name, at) in required {
                match &mut kind {
                    Kind::Object(o) if o.properties.iter().any(|(p, _)| *p == name) => {
                        if !o.required.contains(&name) {
                            o.required.push(name);
                        }
                    }
                    _ => self.diags.warn(
                        &at,
                        WarningKind::RequiredNotDeclared,
                        format!("required property `{name}` is not declared by the other `allOf` members"),
                        "declare the property, or remove it from `required` in the schema's patch file; the generated type ignores it",
                    ),
                }
            }
            return Ok(Some(kind));
        }
        match out.len() {
            0 => Ok(Some(Kind::Any)),
            1 => {
                let only = out.pop().expect("one branch");
                schema.nullable |= only.nullable;
                if schema.title.is_none() {
                    schema.title = only.title;
                }
                if schema.description.is_none() {
                    schema.description = only.description;
                }
                Ok(Some(only.kind))
            }
            _ => {
                if obj.contains_key("properties") {
                    self.diags.warn(
                        &at,
                        WarningKind::MisplacedKeyword,
                        format!("`properties` next to `{key}` are ignored"),
                        "move shared properties into each branch",
                    );
                }
                Ok(Some(Kind::Union(out)))
            }
        }
    }

    /// A `oneOf` / `anyOf` whose branches are each one integer (`const` or a one-value `enum`,
    /// often with a `title` naming it): an integer enum, each value once with its title (or
    /// description). `None` for any other combinator.
    fn integer_constants(
        &mut self,
        at: &Loc,
        obj: &Map<String, Value>,
        list: &[Value],
        schema: &mut Schema,
    ) -> Result<Option<Kind>, Error> {
        let mut values: Vec<(i64, Option<String>)> = Vec::new();
        for branch in list {
            let Some(branch) = branch.as_object() else {
                return Ok(None);
            };
            if branch.get("type").and_then(Value::as_str) == Some("null") {
                schema.nullable = true;
                continue;
            }
            let value = match (branch.get("const"), branch.get("enum")) {
                (Some(value), None) => value,
                (None, Some(Value::Array(one))) if one.len() == 1 => &one[0],
                _ => return Ok(None),
            };
            let Some(number) = value.as_i64() else {
                return Ok(None);
            };
            if !matches!(
                branch.get("type").and_then(Value::as_str),
                None | Some("integer")
            ) {
                return Ok(None);
            }
            let label = branch
                .get("title")
                .or_else(|| branch.get("description"))
                .and_then(Value::as_str);
            if !values.iter().any(|(n, _)| *n == number) {
                values.push((number, label.map(str::to_string)));
            }
        }
        if values.len() < 2 {
            return Ok(None);
        }
        let format = opt_str(at, obj, "format")?;
        Ok(Some(Kind::IntegerEnum(
            values,
            crate::model::IntType::from_format(format.as_deref()),
        )))
    }

    /// `allOf`: members that only annotate (`{nullable: true}`, a description, a default) apply
    /// to the result; a single remaining member is the schema (a `$ref` stays a reference to
    /// its named type); several members are merged pairwise ([`Self::merge`]): objects into one
    /// object, an object into every branch of a union, scalars of one type into one with every
    /// constraint. Members that contradict each other (a string and an object) match nothing:
    /// a warning, and the schema accepts any value, as the schema `false` does.
    fn all_of(&mut self, members: Vec<Schema>, schema: &mut Schema) -> Result<Kind, Error> {
        let mut shaped = Vec::new();
        for member in members {
            schema.nullable |= member.nullable;
            if member.kind == Kind::Any {
                if schema.description.is_none() {
                    schema.description = member.description;
                }
                if schema.default.is_none() {
                    schema.default = member.default;
                }
                continue;
            }
            shaped.push(member);
        }
        let mut members = shaped.into_iter();
        let Some(mut merged) = members.next() else {
            return Ok(Kind::Any);
        };
        for member in members {
            if schema.description.is_none() {
                schema.description = self.resolve_for_merge(&merged)?.description;
            }
            merged = match self.merge(merged, member, 0)? {
                Ok(merged) => merged,
                Err(Contradiction { loc, message }) => {
                    self.diags.warn(
                        &loc,
                        WarningKind::Unsatisfiable,
                        format!("{message}: no value satisfies this `allOf`; it is mapped as any JSON value"),
                        "fix the schema: `allOf` members must describe the same kind of value",
                    );
                    return Ok(Kind::Any);
                }
            };
        }
        if let Kind::Object(object) = &merged.kind {
            if object.properties.len() > limits::MAX_PROPERTIES {
                return Err(Error::schema(
                    &schema.loc.child("allOf"),
                    format!(
                        "`allOf` merges {} properties into one object; the limit is {}",
                        object.properties.len(),
                        limits::MAX_PROPERTIES
                    ),
                    "a struct this large takes rustc minutes and gigabytes to compile; split the object into several objects held by properties",
                ));
            }
        }
        Ok(merged.kind)
    }

    /// Two `allOf` members as one schema (at `first`'s location). A member that adds nothing to
    /// the other (a bare `type: string` beside a string enum) leaves the other as it is;
    /// objects merge (properties and required names together, extra properties forbidden only
    /// when both forbid them); an object (or any other member) merges into every branch of a
    /// union, dropping with a warning the branches it contradicts; scalars of one type keep
    /// every constraint of both. Anything else is a contradiction (at `second`).
    fn merge(&mut self, first: Schema, second: Schema, depth: usize) -> Result<Merged, Error> {
        if depth > limits::MAX_NESTING {
            return Err(Error::schema(
                &second.loc,
                "`allOf` members nest unions too deeply to merge",
                "flatten the unions",
            ));
        }
        let a = self.resolve_for_merge(&first)?;
        let b = self.resolve_for_merge(&second)?;
        if adds_nothing(&b.kind, &a.kind) {
            return Ok(Ok(first));
        }
        if adds_nothing(&a.kind, &b.kind) {
            return Ok(Ok(Schema {
                loc: first.loc,
                ..second
            }));
        }
        let loc = first.loc.clone();
        let kind = match (a.kind, b.kind) {
            (Kind::Object(x), Kind::Object(y)) => Kind::Object(merge_objects(x, y)),
            (Kind::Union(branches), _) => {
                return self.distribute(branches, second, a.title, loc, depth, a.discriminator)
            }
            (_, Kind::Union(branches)) => {
                return self.distribute(branches, first, b.title, loc, depth, b.discriminator)
            }
            (Kind::String(x), Kind::String(y)) => Kind::String(StringSchema {
                values: match (x.values, y.values) {
                    (Some(x), Some(y)) => Some(x.into_iter().filter(|v| y.contains(v)).collect()),
                    (x, y) => x.or(y),
                },
                min_length: max_opt(x.min_length, y.min_length),
                max_length: min_opt(x.max_length, y.max_length),
                pattern: x.pattern.or(y.pattern),
            }),
            (Kind::Integer(x, t), Kind::Integer(y, _)) => Kind::Integer(merge_ranges(x, y), t),
            (Kind::Integer(x, t), Kind::Number(y)) | (Kind::Number(y), Kind::Integer(x, t)) => {
                Kind::Integer(merge_ranges(x, y), t)
            }
            (Kind::Number(x), Kind::Number(y)) => Kind::Number(merge_ranges(x, y)),
            (Kind::Boolean, Kind::Boolean) => Kind::Boolean,
            (
                Kind::Array {
                    items: x,
                    min_items: x_min,
                    max_items: x_max,
                    unique_items: x_unique,
                },
                Kind::Array {
                    items: y,
                    min_items: y_min,
                    max_items: y_max,
                    unique_items: y_unique,
                },
            ) => Kind::Array {
                items: Box::new(match self.merge(*x, *y, depth + 1)? {
                    Ok(items) => items,
                    Err(contradiction) => return Ok(Err(contradiction)),
                }),
                min_items: max_opt(x_min, y_min),
                max_items: min_opt(x_max, y_max),
                unique_items: x_unique || y_unique,
            },
            (x, y) => {
                return Ok(Err(Contradiction {
                    loc: second.loc,
                    message: format!(
                        "`allOf` members contradict each other: {} and {}",
                        kind_word(&x),
                        kind_word(&y)
                    ),
                }))
            }
        };
        Ok(Ok(Schema {
            loc,
            discriminator: a.discriminator.or(b.discriminator),
            title: first.title.or(second.title),
            description: None,
            default: first.default.or(second.default),
            nullable: a.nullable && b.nullable,
            kind,
        }))
    }

    /// `other` merged into every branch of a union (the "events plus their shared fields"
    /// idiom). Branches `other` contradicts can never match: they are dropped with a warning;
    /// if none is left, that is the contradiction.
    fn distribute(
        &mut self,
        branches: Vec<Schema>,
        other: Schema,
        title: Option<String>,
        loc: Loc,
        depth: usize,
        discriminator: Option<Discriminator>,
    ) -> Result<Merged, Error> {
        let mut merged = Vec::new();
        let mut last = None;
        for branch in branches {
            let at = branch.loc.clone();
            // A branch the discriminator names by its reference keeps that tag value once it
            // is merged into an object of its own.
            let tag = discriminator
                .as_ref()
                .and_then(|d| Some((d.property.clone(), branch_tag(d, &branch)?)));
            match self.merge(branch, other.clone(), depth + 1)? {
                Ok(mut schema) => match schema.kind {
                    Kind::Object(ref mut object) if tag.is_some() => {
                        let (property, value) = tag.expect("checked by the guard");
                        pin_tag(object, &schema.loc, property, value);
                        merged.push(schema);
                    }
                    Kind::Union(inner) if !schema.nullable && schema.discriminator.is_none() => {
                        merged.extend(inner)
                    }
                    _ => merged.push(schema),
                },
                Err(contradiction) => {
                    self.diags.warn(
                        &at,
                        WarningKind::Unsatisfiable,
                        format!("this union branch can never match beside the other `allOf` members: {}", contradiction.message),
                        "remove the branch, or the member it contradicts",
                    );
                    last = Some(contradiction);
                }
            }
        }
        if merged.len() > limits::MAX_ENUM_VALUES {
            return Err(Error::schema(
                &other.loc,
                format!(
                    "`allOf` makes a union of {} branches; the limit is {}",
                    merged.len(),
                    limits::MAX_ENUM_VALUES
                ),
                "a union this large takes rustc minutes to compile; split it",
            ));
        }
        let kind = match merged.len() {
            0 => return Ok(Err(last.expect("a union has branches"))),
            1 => return Ok(Ok(merged.pop().expect("one branch"))),
            _ => Kind::Union(merged),
        };
        Ok(Ok(Schema {
            loc,
            discriminator,
            title,
            description: None,
            default: None,
            nullable: false,
            kind,
        }))
    }

    /// An `allOf` member behind its `$ref`s.
    fn resolve_for_merge(&mut self, schema: &Schema) -> Result<Schema, Error> {
        let Kind::Ref(start) = &schema.kind else {
            return Ok(schema.clone());
        };
        resolve::follow(&schema.loc, start.clone(), "a schema", |loc| {
            let target = self.merge_target(&schema.loc, loc)?;
            Ok(match &target.kind {
                Kind::Ref(next) => Step::Ref(next.clone()),
                _ => Step::Done(target),
            })
        })
    }

    fn discriminator(
        &mut self,
        loc: &Loc,
        obj: &Map<String, Value>,
    ) -> Result<Option<Discriminator>, Error> {
        let Some(value) = obj.get("discriminator") else {
            return Ok(None);
        };
        let at = loc.child("discriminator");
        let property = value
            .get("propertyName")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Error::schema(
                    &at,
                    "`discriminator` needs a string `propertyName`",
                    "name the property that tells the branches apart",
                )
            })?;
        let mut mapping = Vec::new();
        if let Some(map) = value.get("mapping").and_then(Value::as_object) {
            for (tag, target) in map {
                let target = target.as_str().ok_or_else(|| {
                    Error::schema(
                        &at.child("mapping").child(tag),
                        "mapping values must be references",
                        "write a `$ref`-style reference",
                    )
                })?;
                let reference = if target.contains('#') || target.ends_with(".json") {
                    target.to_string()
                } else {
                    format!("#/components/schemas/{target}")
                };
                mapping.push((tag.clone(), self.store.resolve(loc, &reference)?));
            }
        }
        Ok(Some(Discriminator {
            property: property.to_string(),
            mapping,
        }))
    }

    fn kind(
        &mut self,
        loc: &Loc,
        obj: &Map<String, Value>,
        declared: Option<&str>,
    ) -> Result<Kind, Error> {
        let values = self.enum_values(loc, obj)?;
        let inferred = declared.or_else(|| {
            if obj.contains_key("properties") || obj.contains_key("additionalProperties") {
                Some("object")
            } else if obj.contains_key("items") || obj.contains_key("prefixItems") {
                Some("array")
            } else if values.is_some() {
                Some("string")
            } else {
                None
            }
        });
        if inferred != Some("object") && obj.contains_key("required") {
            self.diags.warn(
                &loc.child("required"),
                WarningKind::MisplacedKeyword,
                format!("`required` on a schema of type `{}` has no effect", inferred.unwrap_or("any")),
                "`required` belongs on the object schema whose properties it names (for arrays, on `items`)",
            );
        }
        Ok(match inferred {
            None => Kind::Any,
            Some("boolean") => Kind::Boolean,
            Some("integer") => Kind::Integer(
                range(loc, obj)?,
                crate::model::IntType::from_format(opt_str(loc, obj, "format")?.as_deref()),
            ),
            Some("number") => Kind::Number(range(loc, obj)?),
            Some("string") => Kind::String(StringSchema {
                values,
                min_length: opt_u64(loc, obj, "minLength")?,
                max_length: opt_u64(loc, obj, "maxLength")?,
                pattern: match self.patterns && reads_pattern(obj) {
                    true => self.pattern(loc, obj)?,
                    false => None,
                },
            }),
            Some("array")
                if obj.contains_key("prefixItems")
                    || obj.get("items").is_some_and(Value::is_array) =>
            {
                self.tuple(loc, obj)?
            }
            Some("array") => {
                if obj.contains_key("additionalItems") {
                    self.diags.warn(
                        &loc.child("additionalItems"),
                        WarningKind::MisplacedKeyword,
                        "`additionalItems` has no effect unless `items` is a list of schemas",
                        "remove it, or list the leading elements' schemas in `items`",
                    );
                }
                let items = match obj.get("items") {
                    Some(items) => self.schema(&loc.child("items"), items)?,
                    None => plain(&loc.child("items"), Kind::Any),
                };
                Kind::Array {
                    items: Box::new(items),
                    min_items: opt_u64(loc, obj, "minItems")?,
                    max_items: opt_u64(loc, obj, "maxItems")?,
                    unique_items: opt_bool(loc, obj, "uniqueItems")?.unwrap_or(false),
                }
            }
            Some("object") => Kind::Object(self.object(loc, obj)?),
            Some(other) => {
                return Err(Error::schema(
                    &loc.child("type"),
                    format!("unknown type `{other}`"),
                    "use one of object, array, string, integer, number, boolean, null",
                ))
            }
        })
    }

    /// A tuple array: the leading elements' schemas (`prefixItems`, or `items` as a list) and
    /// the schema of the rest (`items` or `additionalItems`: absent or `true` any value, `false`
    /// none). When `minItems`/`maxItems` and the rest fix the length, a [`Kind::Tuple`] of that
    /// many elements (the rest's schema past the listed ones). Otherwise the elements cannot be
    /// Rust tuple fields: a list of JSON values, with a warning.
    fn tuple(&mut self, loc: &Loc, obj: &Map<String, Value>) -> Result<Kind, Error> {
        let (key, rest_key) = match obj.get("prefixItems") {
            Some(_) => ("prefixItems", "items"),
            None => ("items", "additionalItems"),
        };
        let list = obj.get(key).and_then(Value::as_array).ok_or_else(|| {
            Error::schema(
                &loc.child(key),
                format!("`{key}` must be an array of schemas"),
                "list one schema per element",
            )
        })?;
        if list.len() > limits::MAX_PROPERTIES {
            return Err(Error::schema(
                &loc.child(key),
                format!(
                    "a tuple of {} elements; the limit is {}",
                    list.len(),
                    limits::MAX_PROPERTIES
                ),
                "describe the elements as a list of one schema",
            ));
        }
        let mut elements = list
            .iter()
            .enumerate()
            .map(|(i, item)| self.schema(&loc.child(key).child(&i.to_string()), item))
            .collect::<Result<Vec<_>, _>>()?;
        let rest = match obj.get(rest_key) {
            None | Some(Value::Bool(true)) => Some(plain(&loc.child(rest_key), Kind::Any)),
            Some(Value::Bool(false)) => None,
            Some(value) => Some(self.schema(&loc.child(rest_key), value)?),
        };
        let min_items = opt_u64(loc, obj, "minItems")?.unwrap_or(0);
        let max_items = opt_u64(loc, obj, "maxItems")?;
        let upper = match (&rest, max_items) {
            (None, Some(max)) => Some(max.min(elements.len() as u64)),
            (None, None) => Some(elements.len() as u64),
            (Some(_), max) => max,
        };
        let fixed = upper.filter(|&n| n > 0 && min_items >= n);
        let length = fixed.filter(|&n| n <= MAX_TUPLE as u64);
        let Some(length) = length else {
            let (message, hint) = match fixed {
                Some(n) => (
                    format!("a tuple array of {n} elements is mapped as a list of JSON values: Rust's standard traits stop at tuples of {MAX_TUPLE}"),
                    "describe the elements as an object with a property each".to_string(),
                ),
                None => (
                    "a tuple array whose length is not fixed (by `minItems`, `maxItems` or a closed rest) is mapped as a list of JSON values".to_string(),
                    "give it `minItems` and `maxItems` of the same length to make it a Rust tuple".to_string(),
                ),
            };
            self.diags
                .warn(loc, WarningKind::UnsupportedKeyword, message, hint);
            return Ok(Kind::Array {
                items: Box::new(plain(&loc.child(key), Kind::Any)),
                min_items: opt_u64(loc, obj, "minItems")?,
                max_items,
                unique_items: opt_bool(loc, obj, "uniqueItems")?.unwrap_or(false),
            });
        };
        let length = length as usize;
        elements.truncate(length);
        while elements.len() < length {
            let rest = rest.clone().expect("a closed rest bounds the length");
            elements.push(rest);
        }
        Ok(Kind::Tuple(elements))
    }

    fn enum_values(
        &mut self,
        loc: &Loc,
        obj: &Map<String, Value>,
    ) -> Result<Option<Vec<String>>, Error> {
        let list = match (obj.get("enum"), obj.get("const")) {
            (Some(Value::Array(list)), _) => list.clone(),
            (Some(_), _) => {
                return Err(Error::schema(
                    &loc.child("enum"),
                    "`enum` must be an array",
                    "list the allowed values",
                ))
            }
            (None, Some(value)) => vec![value.clone()],
            (None, None) => return Ok(None),
        };
        if list.len() > limits::MAX_ENUM_VALUES {
            return Err(Error::schema(
                &loc.child(if obj.contains_key("enum") { "enum" } else { "const" }),
                format!(
                    "{} enum values; the limit is {}",
                    list.len(),
                    limits::MAX_ENUM_VALUES
                ),
                "an enum this large takes rustc minutes to compile; describe the value as a plain string (with a `pattern`), or split the list",
            ));
        }
        let mut values = Vec::new();
        for value in list {
            match value {
                Value::String(s) if !values.contains(&s) => values.push(s),
                Value::String(_) | Value::Null => {}
                other => {
                    self.diags.warn(
                        &loc.child("enum"),
                        WarningKind::UnsupportedKeyword,
                        format!("enum value {other} is not a string; the enum is mapped as its plain type"),
                        "only string enums become Rust enums",
                    );
                    return Ok(None);
                }
            }
        }
        Ok(Some(values))
    }

    fn object(&mut self, loc: &Loc, obj: &Map<String, Value>) -> Result<ObjectSchema, Error> {
        let mut properties = Vec::new();
        if let Some(props) = obj.get("properties") {
            let props = props.as_object().ok_or_else(|| {
                Error::schema(
                    &loc.child("properties"),
                    "`properties` must be an object",
                    "map property names to schemas",
                )
            })?;
            if props.len() > limits::MAX_PROPERTIES {
                return Err(Error::schema(
                    &loc.child("properties"),
                    format!(
                        "{} properties in one object; the limit is {}",
                        props.len(),
                        limits::MAX_PROPERTIES
                    ),
                    "a struct this large takes rustc minutes and gigabytes to compile; split the object into several objects held by properties, or describe it as a map with `additionalProperties`",
                ));
            }
            for (name, prop) in props {
                properties.push((
                    name.clone(),
                    self.schema(&loc.child("properties").child(name), prop)?,
                ));
            }
        }
        let additional = match obj.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(value @ Value::Object(_)) => Additional::Schema(Box::new(
                self.schema(&loc.child("additionalProperties"), value)?,
            )),
            Some(other) => {
                return Err(Error::schema(
                    &loc.child("additionalProperties"),
                    format!(
                        "`additionalProperties` must be a boolean or a schema, found {}",
                        type_word(other)
                    ),
                    "use true, false or a schema",
                ))
            }
        };
        let mut required = Vec::new();
        if let Some(list) = obj.get("required") {
            let list = list.as_array().ok_or_else(|| {
                Error::schema(
                    &loc.child("required"),
                    "`required` must be an array of property names",
                    "list names",
                )
            })?;
            for (i, name) in list.iter().enumerate() {
                let name = name.as_str().ok_or_else(|| {
                    Error::schema(
                        &loc.child("required").child(&i.to_string()),
                        "`required` entries must be strings",
                        "list property names",
                    )
                })?;
                if properties.iter().any(|(p, _)| p == name) {
                    if !required.iter().any(|r| r == name) {
                        required.push(name.to_string());
                    }
                    continue;
                }
                let at = loc.child("required").child(&i.to_string());
                self.diags.warn(
                    &at,
                    WarningKind::RequiredNotDeclared,
                    format!("required property `{name}` is not declared in `properties`"),
                    "declare the property, or remove it from `required` in the schema's patch file; the generated type ignores it",
                );
                if additional == Additional::Forbidden {
                    self.diags.warn(
                        &at,
                        WarningKind::Unsatisfiable,
                        format!("no object satisfies this schema: `{name}` is required but `additionalProperties: false` forbids it"),
                        "remove the name from `required` in the schema's patch file",
                    );
                }
            }
        }
        let (mut exactly_one_of, mut any_of_required) = (Vec::new(), Vec::new());
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = obj.get(key) {
                let sets: Vec<Vec<String>> = branches
                    .iter()
                    .filter_map(|b| b.get("required").and_then(Value::as_array))
                    .map(|names| {
                        names
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .collect();
                if key == "oneOf" && sets.iter().all(|s| s.len() == 1) {
                    exactly_one_of.push(sets.into_iter().flatten().collect());
                } else if key == "anyOf" {
                    any_of_required.push(sets);
                } else {
                    self.diags.warn(&loc.child(key), WarningKind::UnsupportedKeyword, format!("`{key}` over required-property sets is only checked for one name per branch"), "split the constraint");
                }
            }
        }
        let key_max_length = match obj.get("propertyNames") {
            Some(names) => names.get("maxLength").and_then(Value::as_u64),
            None => None,
        };
        Ok(ObjectSchema {
            properties,
            required,
            additional,
            min_properties: opt_u64(loc, obj, "minProperties")?,
            max_properties: opt_u64(loc, obj, "maxProperties")?,
            key_max_length,
            exactly_one_of,
            any_of_required,
        })
    }
}

/// The tag value the discriminator gives a branch that is a reference: its `mapping` entry,
/// else the name the reference ends with.
fn branch_tag(discriminator: &Discriminator, branch: &Schema) -> Option<String> {
    let Kind::Ref(loc) = &branch.kind else {
        return None;
    };
    if let Some((value, _)) = discriminator.mapping.iter().find(|(_, l)| l == loc) {
        return Some(value.clone());
    }
    let (_, name) = loc.pointer.rsplit_once('/')?;
    Some(name.replace("~1", "/").replace("~0", "~")).filter(|n| !n.is_empty())
}

/// Makes `property` a required string of the one value `value` (unless it already has one
/// value).
fn pin_tag(object: &mut ObjectSchema, loc: &Loc, property: String, value: String) {
    let pinned = object.properties.iter().any(|(name, schema)| {
        name == &property
            && matches!(&schema.kind, Kind::String(s) if s.values.as_ref().is_some_and(|v| v.len() == 1))
    });
    if !pinned {
        let schema = plain(
            &loc.child("properties").child(&property),
            Kind::String(StringSchema {
                values: Some(vec![value]),
                ..StringSchema::default()
            }),
        );
        match object
            .properties
            .iter_mut()
            .find(|(name, _)| name == &property)
        {
            Some((_, existing)) => {
                existing.kind = schema.kind;
            }
            None => object.properties.push((property.clone(), schema)),
        }
    }
    if !object.required.contains(&property) {
        object.required.push(property);
    }
}

/// Whether `extra`, as an `allOf` member beside `base`, allows every value `base` allows: the
/// same kind of value with no constraint of its own (`type: string` beside a string enum).
fn adds_nothing(extra: &Kind, base: &Kind) -> bool {
    match (extra, base) {
        (Kind::Any, _) => true,
        (Kind::String(s), Kind::String(_)) => *s == StringSchema::default(),
        (Kind::Integer(r, _), Kind::Integer(..) | Kind::IntegerEnum(..))
        | (Kind::Number(r), Kind::Number(_) | Kind::Integer(..) | Kind::IntegerEnum(..)) => {
            *r == Range::default()
        }
        (Kind::Boolean, Kind::Boolean) => true,
        (Kind::Object(o), Kind::Object(_) | Kind::Union(_)) => {
            o.properties.is_empty()
                && o.required.is_empty()
                && o.additional == Additional::Any
                && o.min_properties.is_none()
                && o.max_properties.is_none()
                && o.key_max_length.is_none()
                && o.exactly_one_of.is_empty()
        }
        _ => false,
    }
}

fn merge_objects(mut merged: ObjectSchema, object: ObjectSchema) -> ObjectSchema {
    for (name, property) in object.properties {
        merged.properties.retain(|(n, _)| n != &name);
        merged.properties.push((name, property));
    }
    for name in object.required {
        if !merged.required.contains(&name) {
            merged.required.push(name);
        }
    }
    // Extra properties are forbidden only when both forbid them; a schema for them wins over
    // any value.
    let replace = match (&merged.additional, &object.additional) {
        (Additional::Forbidden, _) => true,
        (Additional::Any, other) => *other != Additional::Forbidden,
        (Additional::Schema(_), _) => false,
    };
    if replace {
        merged.additional = object.additional;
    }
    merged.min_properties = merged.min_properties.or(object.min_properties);
    merged.max_properties = merged.max_properties.or(object.max_properties);
    merged.key_max_length = merged.key_max_length.or(object.key_max_length);
    merged.exactly_one_of.extend(object.exactly_one_of);
    merged.any_of_required.extend(object.any_of_required);
    merged
}

fn merge_ranges(x: Range, y: Range) -> Range {
    Range {
        minimum: max_f64(x.minimum, y.minimum),
        maximum: min_f64(x.maximum, y.maximum),
        exclusive_minimum: max_f64(x.exclusive_minimum, y.exclusive_minimum),
        exclusive_maximum: min_f64(x.exclusive_maximum, y.exclusive_maximum),
        multiple_of: x.multiple_of.or(y.multiple_of),
    }
}

fn max_opt(x: Option<u64>, y: Option<u64>) -> Option<u64> {
    x.max(y)
}

fn min_opt(x: Option<u64>, y: Option<u64>) -> Option<u64> {
    match (x, y) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn max_f64(x: Option<f64>, y: Option<f64>) -> Option<f64> {
    match (x, y) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

fn min_f64(x: Option<f64>, y: Option<f64>) -> Option<f64> {
    match (x, y) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// How an error names a schema's kind.
fn kind_word(kind: &Kind) -> &'static str {
    match kind {
        Kind::Any => "any value",
        Kind::Ref(_) => "a reference",
        Kind::Boolean => "a boolean",
        Kind::Integer(..) => "an integer",
        Kind::Number(_) => "a number",
        Kind::String(_) => "a string",
        Kind::Array { .. } => "an array",
        Kind::Object(_) => "an object",
        Kind::Tuple(_) => "a tuple",
        Kind::Union(_) => "a union",
        Kind::IntegerEnum(..) => "an integer",
    }
}

fn plain(loc: &Loc, kind: Kind) -> Schema {
    Schema {
        discriminator: None,
        loc: loc.clone(),
        title: None,
        description: None,
        default: None,
        nullable: false,
        kind,
    }
}

fn range(loc: &Loc, obj: &Map<String, Value>) -> Result<Range, Error> {
    let mut minimum = opt_f64(loc, obj, "minimum")?;
    let mut maximum = opt_f64(loc, obj, "maximum")?;
    let exclusive_minimum = exclusive(loc, obj, "exclusiveMinimum", &mut minimum)?;
    let exclusive_maximum = exclusive(loc, obj, "exclusiveMaximum", &mut maximum)?;
    let multiple_of = opt_f64(loc, obj, "multipleOf")?;
    if multiple_of.is_some_and(|m| m <= 0.0) {
        return Err(Error::schema(
            &loc.child("multipleOf"),
            "`multipleOf` must be greater than 0",
            "write a positive number",
        ));
    }
    Ok(Range {
        minimum,
        maximum,
        exclusive_minimum,
        exclusive_maximum,
        multiple_of,
    })
}

/// `exclusiveMinimum` / `exclusiveMaximum`: the bound itself (JSON Schema 2019-09 and later,
/// OpenAPI 3.1), or `true`, which makes `minimum` / `maximum` exclusive (OpenAPI 3.0, draft 4).
fn exclusive(
    loc: &Loc,
    obj: &Map<String, Value>,
    key: &str,
    inclusive: &mut Option<f64>,
) -> Result<Option<f64>, Error> {
    match obj.get(key) {
        None | Some(Value::Bool(false)) => Ok(None),
        Some(Value::Bool(true)) => Ok(inclusive.take()),
        Some(v) => v.as_f64().map(Some).ok_or_else(|| {
            Error::schema(
                &loc.child(key),
                format!(
                    "`{key}` must be a number or a boolean, found {}",
                    type_word(v)
                ),
                "write the bound, or `true` beside `minimum`/`maximum` (OpenAPI 3.0)",
            )
        }),
    }
}

fn type_word(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn opt_str(loc: &Loc, obj: &Map<String, Value>, key: &str) -> Result<Option<String>, Error> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Error::schema(
            &loc.child(key),
            format!("`{key}` must be a string, found {}", type_word(other)),
            "write a string",
        )),
    }
}

fn opt_bool(loc: &Loc, obj: &Map<String, Value>, key: &str) -> Result<Option<bool>, Error> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(Error::schema(
            &loc.child(key),
            format!("`{key}` must be a boolean, found {}", type_word(other)),
            "write true or false",
        )),
    }
}

fn opt_u64(loc: &Loc, obj: &Map<String, Value>, key: &str) -> Result<Option<u64>, Error> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| {
            Error::schema(
                &loc.child(key),
                format!(
                    "`{key}` must be a non-negative integer, found {}",
                    type_word(v)
                ),
                "write a whole number",
            )
        }),
    }
}

fn opt_f64(loc: &Loc, obj: &Map<String, Value>, key: &str) -> Result<Option<f64>, Error> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => v.as_f64().map(Some).ok_or_else(|| {
            Error::schema(
                &loc.child(key),
                format!("`{key}` must be a number, found {}", type_word(v)),
                "write a number",
            )
        }),
    }
}

/// Whether `kind` reads this schema's `pattern`: a plain string schema (not an enum, a constant,
/// a reference or a combination, where it would not be checked and is reported instead).
fn reads_pattern(obj: &Map<String, Value>) -> bool {
    obj.get("type").and_then(Value::as_str) == Some("string")
        && !["$ref", "oneOf", "anyOf", "allOf", "enum", "const"]
            .iter()
            .any(|key| obj.contains_key(*key))
}
