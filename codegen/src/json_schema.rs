//! Exports a root schema as one standard JSON Schema (draft 2020-12) document, for validators:
//! patches applied, OpenAPI 3.0 `nullable` rewritten as a `null` alternative, and every `$ref`
//! (across files too) pointed at a `$defs` entry of the bundle.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::diagnostics::{Error, Loc};
use crate::load::Store;

/// The bundled schema for the root `name` of the entry document.
pub fn bundle(store: &Store, entry: &str, name: &str) -> Result<Value, Error> {
    let doc = crate::openapi::Document::read(store, entry)?;
    let root = doc
        .roots
        .iter()
        .find_map(|(n, root)| match root {
            crate::openapi::Root::Schema(loc) if n == name => Some(loc),
            _ => None,
        })
        .ok_or_else(|| {
            Error::schema(
                &Loc::new(entry, ""),
                format!("no root schema named `{name}`"),
                "use a name from components.schemas",
            )
        })?;
    let mut defs = BTreeMap::new();
    let mut pending = vec![root.clone()];
    let mut seen = BTreeSet::new();
    while let Some(loc) = pending.pop() {
        if !seen.insert(loc.clone()) {
            continue;
        }
        let value = store
            .get(&loc)
            .ok_or_else(|| Error::schema(&loc, "no schema here", "check the reference"))?;
        let converted = convert(store, &loc, value, &mut pending)?;
        defs.insert(def_key(&loc), converted);
    }
    Ok(json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/$defs/{}", def_key(root)),
        "$defs": defs,
    }))
}

/// A `$defs` key that is also a valid URI fragment: `authored/common.json#/definitions/Tool` →
/// `authored.common.json.definitions.Tool` (other characters become `_`).
fn def_key(loc: &Loc) -> String {
    format!("{}{}", loc.file, loc.pointer)
        .chars()
        .map(|c| match c {
            '/' => '.',
            c if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' => c,
            _ => '_',
        })
        .collect()
}

fn convert(
    store: &Store,
    loc: &Loc,
    value: &Value,
    pending: &mut Vec<Loc>,
) -> Result<Value, Error> {
    let Value::Object(obj) = value else {
        return Ok(value.clone());
    };
    let mut out = Map::new();
    // A tuple up to draft 2019-09 (`items` as a list, `additionalItems` for the rest) is
    // `prefixItems` and `items` in 2020-12.
    let old_tuple = obj.get("items").is_some_and(Value::is_array);
    for (key, child) in obj {
        let at = loc.child(key);
        let key = match key.as_str() {
            "items" if old_tuple => "prefixItems",
            "additionalItems" if old_tuple => "items",
            "additionalItems" => continue,
            key => key,
        };
        let converted = match key {
            "$ref" => {
                let target = store.resolve(loc, child.as_str().unwrap_or_default())?;
                let reference = format!("#/$defs/{}", def_key(&target));
                pending.push(target);
                Value::String(reference)
            }
            "properties" | "definitions" | "$defs" => match child {
                Value::Object(map) => {
                    let mut converted = Map::new();
                    for (name, schema) in map {
                        converted.insert(
                            name.clone(),
                            convert(store, &at.child(name), schema, pending)?,
                        );
                    }
                    Value::Object(converted)
                }
                other => other.clone(),
            },
            "items" | "additionalProperties" | "propertyNames" | "not" => {
                convert(store, &at, child, pending)?
            }
            "oneOf" | "anyOf" | "allOf" | "prefixItems" => match child {
                Value::Array(list) => Value::Array(
                    list.iter()
                        .enumerate()
                        .map(|(i, s)| convert(store, &at.child(&i.to_string()), s, pending))
                        .collect::<Result<_, _>>()?,
                ),
                other => other.clone(),
            },
            "nullable" => continue,
            k if k.starts_with("x-") => continue,
            _ => child.clone(),
        };
        out.insert(key.to_string(), converted);
    }
    if obj.get("nullable") == Some(&Value::Bool(true)) {
        return Ok(json!({ "anyOf": [Value::Object(out), { "type": "null" }] }));
    }
    Ok(Value::Object(out))
}
