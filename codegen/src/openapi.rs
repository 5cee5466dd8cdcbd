//! The entry document: an OpenAPI 3.x document (its `components.schemas` are the root types,
//! the schemas its request bodies use get builders) or a plain JSON Schema file (its
//! `definitions`/`$defs` are the roots, or the file itself).

use serde_json::Value;

use crate::diagnostics::{Error, Loc};
use crate::load::Store;

#[derive(Debug)]
pub struct Document {
    /// Root type name → the location of its schema.
    pub roots: Vec<(String, Loc)>,
    /// Roots used as request bodies.
    pub request_roots: Vec<String>,
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
        if value.get("openapi").is_some() {
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
            if let Some(Value::Object(paths)) = value.get("paths") {
                for item in paths.values() {
                    for op in item.as_object().into_iter().flat_map(|o| o.values()) {
                        let body = op
                            .pointer("/requestBody/content/application~1json/schema/$ref")
                            .and_then(Value::as_str);
                        if let Some(name) =
                            body.and_then(|r| r.strip_prefix("#/components/schemas/"))
                        {
                            request_roots.push(name.to_string());
                        }
                    }
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
