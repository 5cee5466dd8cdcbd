//! The entry document: an OpenAPI 3.x document (its `components.schemas` are the root types,
//! the schemas its request bodies use get builders) or a plain JSON Schema file (its
//! `definitions`/`$defs` are the roots, or the file itself).

use serde_json::Value;

use crate::diagnostics::{Error, Loc};
use crate::load::Store;

#[derive(Debug, Default)]
pub struct Document {
    /// Root type name → the location of its schema.
    pub roots: Vec<(String, Loc)>,
    /// Roots used as request bodies.
    pub request_roots: Vec<String>,
    pub operations: Vec<OperationSpec>,
}

/// An operation as the document states it; type names are resolved after conversion.
#[derive(Debug, Clone)]
pub struct OperationSpec {
    pub id: String,
    pub http_method: String,
    pub path: String,
    pub docs: Vec<String>,
    /// Path parameter name → its description.
    pub path_params: Vec<(String, Option<String>)>,
    /// The generated query-parameter struct: its name and its synthesized schema.
    pub query: Option<(String, Value)>,
    pub body: Option<String>,
    pub response: Option<String>,
    pub streams: bool,
}

/// Where the synthesized query-parameter schemas live (beside the entry document, so that their
/// `$ref`s into it resolve).
pub fn queries_file(entry: &str) -> String {
    let (dir, name) = entry.rsplit_once('/').map_or(("", entry), |(d, n)| (d, n));
    let file = format!("(query parameters of {name})");
    if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

fn component_name(reference: Option<&str>) -> Option<String> {
    reference
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .map(str::to_string)
}

fn read_operations(entry: &str, value: &Value) -> Result<Vec<OperationSpec>, Error> {
    let mut out = Vec::new();
    let Some(Value::Object(paths)) = value.get("paths") else {
        return Ok(out);
    };
    let file_name = entry.rsplit('/').next().unwrap_or(entry);
    for (path, item) in paths {
        let item_loc = Loc::new(entry, "/paths").child(path);
        let shared: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let op_loc = item_loc.child(method);
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    Error::schema(
                        &op_loc,
                        "operation without an `operationId`",
                        "every operation needs an operationId: it names the client method",
                    )
                })?;
            let mut docs = Vec::new();
            for key in ["summary", "description"] {
                if let Some(text) = op.get(key).and_then(Value::as_str) {
                    if !docs.is_empty() {
                        docs.push(String::new());
                    }
                    docs.extend(crate::convert::doc_lines(text));
                }
            }
            docs.push(String::new());
            docs.push(format!("`{} {path}`", method.to_uppercase()));
            let mut path_params = Vec::new();
            let mut properties = serde_json::Map::new();
            let mut required = Vec::new();
            let params: Vec<(Loc, &Value)> = shared
                .iter()
                .enumerate()
                .map(|(i, p)| (item_loc.child("parameters").child(&i.to_string()), p))
                .chain(
                    op.get("parameters")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .enumerate()
                        .map(|(i, p)| (op_loc.child("parameters").child(&i.to_string()), p)),
                )
                .collect();
            for (loc, param) in params {
                let name = param.get("name").and_then(Value::as_str).ok_or_else(|| {
                    Error::schema(&loc, "parameter without a `name`", "name the parameter")
                })?;
                let description = param
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                match param.get("in").and_then(Value::as_str) {
                    Some("path") => path_params.push((name.to_string(), description)),
                    Some("query") => {
                        let mut schema = serde_json::json!({ "$ref": format!("{file_name}#{}/schema", loc.pointer) });
                        if let Some(d) = description {
                            schema["description"] = Value::String(d);
                        }
                        properties.insert(name.to_string(), schema);
                        if param.get("required") == Some(&Value::Bool(true)) {
                            required.push(Value::String(name.to_string()));
                        }
                    }
                    _ => {}
                }
            }
            let query = (!properties.is_empty()).then(|| {
                let name = format!("{}Query", crate::naming::type_name(id).name);
                let doc = format!("Query parameters of `{id}`.");
                (name, serde_json::json!({"type": "object", "description": doc, "additionalProperties": false, "properties": properties, "required": required}))
            });
            let body = component_name(
                op.pointer("/requestBody/content/application~1json/schema/$ref")
                    .and_then(Value::as_str),
            );
            let ok = op
                .pointer("/responses/200/content")
                .or_else(|| op.pointer("/responses/201/content"));
            let response = component_name(
                ok.and_then(|c| c.pointer("/application~1json/schema/$ref"))
                    .and_then(Value::as_str),
            );
            let streams = ok.is_some_and(|c| c.get("text/event-stream").is_some());
            out.push(OperationSpec {
                id: id.to_string(),
                http_method: method.to_string(),
                path: path.clone(),
                docs,
                path_params,
                query,
                body,
                response,
                streams,
            });
        }
    }
    Ok(out)
}

impl Document {
    pub fn read(store: &Store, entry: &str) -> Result<Self, Error> {
        let root = Loc::new(entry, "");
        let value = store.get(&root).ok_or_else(|| {
            Error::schema(
                &root,
                "the entry document is missing",
                "pass the OpenAPI document or a JSON Schema file",
            )
        })?;
        let mut roots = Vec::new();
        let mut request_roots = Vec::new();
        let mut operations = Vec::new();
        if value.get("openapi").is_some() {
            operations = read_operations(entry, value)?;
            let schemas = Loc::new(entry, "/components/schemas");
            if let Some(Value::Object(map)) = store.get(&schemas) {
                for (name, schema) in map {
                    let loc = schemas.child(name);
                    let target = match schema.get("$ref").and_then(Value::as_str) {
                        Some(reference) if schema.as_object().is_some_and(|o| o.len() == 1) => {
                            store.resolve(&loc, reference)?
                        }
                        _ => loc,
                    };
                    roots.push((name.clone(), target));
                }
            }
            let queries = queries_file(entry);
            for op in &operations {
                request_roots.extend(op.body.clone());
                if let Some((name, _)) = &op.query {
                    roots.push((
                        name.clone(),
                        Loc::new(&queries, format!("/{}", crate::naming::pointer_token(name))),
                    ));
                    request_roots.push(name.clone());
                }
            }
        } else {
            for key in ["definitions", "$defs"] {
                if let Some(Value::Object(map)) = value.get(key) {
                    for name in map.keys() {
                        roots.push((name.clone(), root.child(key).child(name)));
                    }
                }
            }
            if roots.is_empty() {
                let stem = entry
                    .rsplit('/')
                    .next()
                    .unwrap_or(entry)
                    .trim_end_matches(".json");
                let name = value.get("title").and_then(Value::as_str).unwrap_or(stem);
                roots.push((crate::naming::type_name(name).name, root));
            }
            request_roots = roots.iter().map(|(n, _)| n.clone()).collect();
        }
        Ok(Self {
            roots,
            request_roots,
            operations,
        })
    }
}

/// Every `definitions` / `$defs` entry of every file, named by its key.
pub fn definition_names(store: &Store) -> Vec<(Loc, String)> {
    let mut out = Vec::new();
    for (file, value) in store.files() {
        for key in ["definitions", "$defs"] {
            if let Some(Value::Object(map)) = value.get(key) {
                for name in map.keys() {
                    out.push((
                        Loc::new(file.clone(), "").child(key).child(name),
                        name.clone(),
                    ));
                }
            }
        }
    }
    out
}
