//! Support for the golden tests: fixtures, the errata file, JSON value comparison.

pub mod synthetic;

use std::path::{Path, PathBuf};

use serde_json::Value;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the repository")
        .to_path_buf()
}

pub fn fixtures_dir() -> PathBuf {
    repo_root().join("tests/fixtures")
}

/// One entry of `tests/errata.json`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    pub fixture: String,
    #[serde(default)]
    pub replace: Option<String>,
    #[serde(default)]
    pub with: Option<String>,
    #[serde(default)]
    pub count: Option<usize>,
    #[serde(default)]
    pub negative: bool,
    #[serde(default)]
    pub expect_error: Option<String>,
    pub why: String,
}

pub fn errata() -> Vec<Erratum> {
    let text =
        std::fs::read_to_string(repo_root().join("tests/errata.json")).expect("tests/errata.json");
    serde_json::from_str(&text).expect("tests/errata.json is a list of errata")
}

/// The fixture's text with every repair of the errata applied. Fails when a repair does not
/// match exactly `count` times, so the errata cannot go stale.
pub fn repaired(fixture: &str, text: &str, errata: &[Erratum]) -> Result<String, String> {
    let mut text = text.to_string();
    for e in errata.iter().filter(|e| e.fixture == fixture) {
        let (Some(from), Some(to)) = (&e.replace, &e.with) else {
            continue;
        };
        let found = text.matches(from.as_str()).count();
        let expected = e.count.unwrap_or(1);
        if found != expected {
            return Err(format!(
                "erratum for {fixture} expects {expected} occurrence(s) of {from:?}, found {found}"
            ));
        }
        text = text.replace(from.as_str(), to);
    }
    Ok(text)
}

/// The first difference between two JSON values, with its JSON Pointer; numbers are equal when
/// their numeric values are (`1` and `1.0`).
pub fn json_diff(expected: &Value, actual: &Value) -> Option<String> {
    diff_at(expected, actual, "")
}

fn diff_at(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_i64(), b.as_i64()) {
                (Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            };
            (!same).then(|| format!("{path}: expected {a}, got {b}"))
        }
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let child = format!("{path}/{key}");
                match b.get(key) {
                    None => return Some(format!("{child}: dropped (expected {value})")),
                    Some(other) => {
                        if let Some(d) = diff_at(value, other, &child) {
                            return Some(d);
                        }
                    }
                }
            }
            b.iter()
                .find(|(k, _)| !a.contains_key(*k))
                .map(|(k, v)| format!("{path}/{k}: added {v}"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!(
                    "{path}: expected {} items, got {}",
                    a.len(),
                    b.len()
                ));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| diff_at(x, y, &format!("{path}/{i}")))
        }
        _ => (expected != actual).then(|| format!("{path}: expected {expected}, got {actual}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(json_diff(&json!({"t": 1}), &json!({"t": 1.0})), None);
        assert!(json_diff(&json!({"t": 1}), &json!({"t": 1.5})).is_some());
    }

    #[test]
    fn added_dropped_and_changed_values_are_differences() {
        assert_eq!(
            json_diff(&json!({"a": 1}), &json!({})).unwrap(),
            "/a: dropped (expected 1)"
        );
        assert_eq!(
            json_diff(&json!({}), &json!({"b": null})).unwrap(),
            "/b: added null"
        );
        assert_eq!(
            json_diff(&json!([1, "x"]), &json!([1, "y"])).unwrap(),
            "/1: expected \"x\", got \"y\""
        );
        assert!(json_diff(&json!({"a": null}), &json!({"a": 0})).is_some());
    }

    #[test]
    fn repairs_must_match_their_count() {
        let errata = vec![Erratum {
            fixture: "f".into(),
            replace: Some("x".into()),
            with: Some("y".into()),
            count: Some(2),
            negative: false,
            expect_error: None,
            why: String::new(),
        }];
        assert_eq!(repaired("f", "x x", &errata).unwrap(), "y y");
        assert!(repaired("f", "x", &errata).is_err());
    }
}

/// What leaving out each property of a payload in turn showed.
#[derive(Debug)]
pub struct LeftOut {
    /// The properties, at every depth.
    pub properties: usize,
    /// Left out, they were reported missing by `validate()` (required ones).
    pub reported: usize,
    /// Left out of a closed object, they made decoding fail, naming them.
    pub refused: usize,
}

/// Every property of `value` left out in turn, at every depth (as a server that omits a field
/// would send it): the payload still decodes into `T` and encodes back to exactly what was
/// sent, and `validate()` reports nothing new but that property missing (at its pointer, or, for
/// a union's tag, at the union's), or a group it belonged to ("exactly one of", at the object,
/// naming it). Only a closed object (one that refuses an undeclared property) stays strict:
/// there, leaving out a required property is an error naming it (or, in a union without tags,
/// the last variant's error). `kept`: the `(pointer, key)`s never left out.
pub fn every_property_left_out<T>(
    id: &str,
    value: &Value,
    kept: &[(&str, &str)],
) -> Result<LeftOut, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize + openai_assistants::Validate,
{
    let violations = |value: &T| -> Vec<String> {
        match value.validate() {
            Ok(()) => Vec::new(),
            Err(e) => e.violations.iter().map(ToString::to_string).collect(),
        }
    };
    let decode = |value: Value| serde_json::from_value::<T>(value).map_err(|e| e.to_string());
    let before = violations(&decode(value.clone()).map_err(|e| format!("{id}: {e}"))?);
    let mut places = Vec::new();
    object_keys(value, String::new(), &mut places);
    places.retain(|(pointer, key)| !kept.contains(&(pointer.as_str(), key.as_str())));
    let mut seen = LeftOut {
        properties: places.len(),
        reported: 0,
        refused: 0,
    };
    for (pointer, key) in &places {
        let edited = |edit: &dyn Fn(&mut serde_json::Map<String, Value>)| {
            let mut input = value.clone();
            edit(
                input
                    .pointer_mut(pointer)
                    .and_then(Value::as_object_mut)
                    .expect("an object's pointer"),
            );
            input
        };
        let input = edited(&|object| {
            object.remove(key);
        });
        let at = format!("{pointer}/{key}");
        let typed = match decode(input.clone()) {
            Ok(typed) => typed,
            Err(e) => {
                let undeclared = edited(&|object| {
                    object.insert("undeclared by any schema".into(), Value::Null);
                });
                let closed = decode(undeclared).is_err_and(|e| e.contains("unknown field"));
                // A union tried variant after variant reports the last one's error.
                let named =
                    e.contains(&format!("missing field `{key}`")) || e.contains("variant of");
                if closed && named {
                    seen.refused += 1;
                    continue;
                }
                return Err(format!("{id} without {at} does not decode: {e}"));
            }
        };
        let actual = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
        if let Some(diff) = json_diff(&input, &actual) {
            return Err(format!(
                "{id} without {at}: the round trip changed it: {diff}"
            ));
        }
        let missing = format!("{at}: the required `{key}` is missing");
        let tag_missing = format!("{pointer}: the required `{key}` is missing");
        let parent = if pointer.is_empty() {
            "(root)"
        } else {
            pointer
        };
        let group =
            |v: &str| v.starts_with(&format!("{parent}: ")) && v.contains(&format!("`{key}`"));
        let added: Vec<String> = violations(&typed)
            .into_iter()
            .filter(|v| !before.contains(v))
            .collect();
        match added.as_slice() {
            [] => {}
            [only] if *only == missing || *only == tag_missing => seen.reported += 1,
            [only] if group(only) => {}
            _ => return Err(format!("{id} without {at}: validate() reports {added:?}")),
        }
    }
    Ok(seen)
}

/// `(pointer of an object, one of its keys)` for every property of `value`, at every depth.
fn object_keys(value: &Value, pointer: String, out: &mut Vec<(String, String)>) {
    let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                out.push((pointer.clone(), key.clone()));
                object_keys(item, format!("{pointer}/{}", escape(key)), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                object_keys(item, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}
