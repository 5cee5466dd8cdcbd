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
