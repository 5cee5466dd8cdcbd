//! Stage 1: parse the input files, apply the reviewed JSON Patches, resolve `$ref`s.
//!
//! The generator never reads the disk: the caller hands it every file as text, keyed by its path
//! relative to the input root (with `/` separators). A file `dir/x.patch.json` is an RFC 6902 JSON
//! Patch applied to its sibling `dir/x.json` before anything else looks at it, so a published
//! schema stays byte-for-byte as published and its corrections stay reviewable.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::{Error, Loc};

/// The input files, as text, keyed by relative path.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub files: BTreeMap<String, String>,
}

impl Inputs {
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.files.insert(path.into(), text.into());
        self
    }
}

/// Whether reviewed patches are applied (turning them off shows what the generator makes of
/// the published files as they are).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Patches {
    Apply,
    Ignore,
}

pub const PATCH_SUFFIX: &str = ".patch.json";

/// Every parsed (and patched) JSON document.
#[derive(Debug, Default)]
pub struct Store {
    docs: BTreeMap<String, Value>,
}

impl Store {
    pub fn load(inputs: &Inputs, patches: Patches) -> Result<Self, Error> {
        let mut docs = BTreeMap::new();
        for (path, text) in &inputs.files {
            if path.ends_with(".json") && !path.ends_with(PATCH_SUFFIX) {
                docs.insert(path.clone(), parse_json(path, text)?);
            } else if path.ends_with(".yaml") || path.ends_with(".yml") {
                docs.insert(path.clone(), parse_yaml(path, text)?);
            }
        }
        if patches == Patches::Apply {
            for (path, text) in &inputs.files {
                let Some(stem) = path.strip_suffix(PATCH_SUFFIX) else {
                    continue;
                };
                let target = format!("{stem}.json");
                let patch_value = parse_json(path, text)?;
                let patch: json_patch::Patch = serde_json::from_value(patch_value).map_err(|e| {
                    Error::schema(&Loc::new(path, ""), format!("not an RFC 6902 JSON Patch: {e}"), "each operation needs `op` and `path` (and `value` or `from` where the operation takes one)")
                })?;
                let doc = docs.get_mut(&target).ok_or_else(|| {
                    Error::schema(
                        &Loc::new(path, ""),
                        format!("patch target `{target}` does not exist"),
                        "a patch `x.patch.json` applies to the sibling file `x.json`",
                    )
                })?;
                json_patch::patch(doc, &patch).map_err(|e| {
                    Error::schema(
                        &Loc::new(path, format!("/{}", e.operation)),
                        format!("patch operation failed on `{target}`: {}", e.kind),
                        "the published file changed: review the patch against the new file (a failing `test` operation means the value it guards is no longer as expected)",
                    )
                })?;
            }
        }
        Ok(Self { docs })
    }

    /// Adds a document made by the generator (the query-parameter objects of operations).
    pub fn insert(&mut self, path: impl Into<String>, value: Value) {
        self.docs.insert(path.into(), value);
    }

    pub fn files(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.docs.iter()
    }

    pub fn get(&self, loc: &Loc) -> Option<&Value> {
        self.docs.get(&loc.file)?.pointer(&loc.pointer)
    }

    /// Resolves a `$ref` written in `from.file`: `#/p`, `other.json`, `other.json#/p`, with
    /// `..` and `.` segments. The target must exist.
    pub fn resolve(&self, from: &Loc, reference: &str) -> Result<Loc, Error> {
        let (file_part, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file_part.is_empty() {
            from.file.clone()
        } else {
            join(&from.file, file_part)
        };
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(Error::schema(
                from,
                format!("`$ref: {reference}` has a fragment that is not a JSON Pointer"),
                "write `#/path/to/schema`",
            ));
        }
        let target = Loc::new(file, percent_decode(pointer));
        if self.get(&target).is_none() {
            let what = if self.docs.contains_key(&target.file) {
                "no such location"
            } else {
                "no such file"
            };
            return Err(Error::schema(
                from,
                format!("dangling `$ref: {reference}` ({what}: {target})"),
                "point the reference at an existing file and JSON Pointer, relative to the referring file",
            ));
        }
        Ok(target)
    }
}

fn parse_json(path: &str, text: &str) -> Result<Value, Error> {
    // serde_json stops at 128 levels, the generator's limit.
    const _: () = assert!(crate::limits::MAX_NESTING == 128);
    serde_json::from_str(text).map_err(|source| match source.to_string() {
        m if m.starts_with("recursion limit exceeded") => Error::TooDeep {
            file: path.to_string(),
            line: source.line(),
            column: source.column(),
        },
        _ => Error::Json {
            file: path.to_string(),
            line: source.line(),
            column: source.column(),
            source,
        },
    })
}

fn parse_yaml(path: &str, text: &str) -> Result<Value, Error> {
    if let Some((line, column)) = crate::limits::yaml_flow_too_deep(text) {
        return Err(Error::TooDeep {
            file: path.to_string(),
            line,
            column,
        });
    }
    // serde_yaml_ng stops at 128 levels, the generator's limit.
    serde_yaml_ng::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        if e.to_string().starts_with("recursion limit exceeded") {
            return Error::TooDeep {
                file: path.to_string(),
                line,
                column,
            };
        }
        Error::Yaml {
            file: path.to_string(),
            line,
            column,
            message: e.to_string(),
        }
    })
}

fn join(from_file: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = from_file.split('/').collect();
    parts.pop();
    for segment in relative.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn percent_decode(pointer: &str) -> String {
    if !pointer.contains('%') {
        return pointer.to_string();
    }
    let bytes = pointer.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(files: &[(&str, &str)]) -> Result<Store, Error> {
        let mut inputs = Inputs::default();
        for (p, t) in files {
            inputs.add(*p, *t);
        }
        Store::load(&inputs, Patches::Apply)
    }

    #[test]
    fn relative_refs_resolve_against_the_referring_file() {
        let s = store(&[
            ("a/x.json", "{}"),
            ("b/y.json", r#"{"definitions":{"Y":{}}}"#),
        ])
        .unwrap();
        let from = Loc::new("a/x.json", "/properties/p");
        assert_eq!(
            s.resolve(&from, "../b/y.json#/definitions/Y").unwrap(),
            Loc::new("b/y.json", "/definitions/Y")
        );
        assert_eq!(s.resolve(&from, "#").unwrap(), Loc::new("a/x.json", ""));
    }

    #[test]
    fn dangling_ref_names_file_and_pointer() {
        let s = store(&[("x.json", "{}")]).unwrap();
        let err = s
            .resolve(&Loc::new("x.json", "/properties/a"), "y.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("x.json#/properties/a"), "{err}");
        assert!(err.contains("dangling"), "{err}");
    }

    #[test]
    fn invalid_json_names_file_and_line() {
        let err = store(&[("bad.json", "{\n  \"a\": ,\n}")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.json line 2"), "{err}");
    }

    #[test]
    fn patches_apply_to_their_sibling() {
        let s = store(&[("x.json", r#"{"required":["a","b"]}"#), ("x.patch.json", r#"[{"op":"test","path":"/required/1","value":"b"},{"op":"remove","path":"/required/1"}]"#)]).unwrap();
        assert_eq!(
            s.get(&Loc::new("x.json", "/required")).unwrap(),
            &serde_json::json!(["a"])
        );
    }

    #[test]
    fn a_failing_patch_test_names_the_operation() {
        let err = store(&[
            ("x.json", r#"{"required":["a","c"]}"#),
            (
                "x.patch.json",
                r#"[{"op":"test","path":"/required/1","value":"b"}]"#,
            ),
        ])
        .unwrap_err()
        .to_string();
        assert!(err.contains("x.patch.json#/0"), "{err}");
    }
}
