//! Stage 1: parse the input files, apply the reviewed JSON Patches, resolve `$ref`s.
//!
//! The generator never reads the disk: the caller hands it every file as text, keyed by its path
//! relative to the input root (with `/` separators). A file `dir/x.patch.json` is an RFC 6902 JSON
//! Patch applied to its sibling `dir/x.json` before anything else looks at it, so a published
//! schema stays byte-for-byte as published and its corrections stay reviewable.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::{Error, Loc};
use crate::resolve::referenced_file;

/// The input files, as text, keyed by relative path.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// Each file's text, by its path relative to the input root (`/` separators).
    pub files: BTreeMap<String, String>,
}

impl Inputs {
    /// Adds the file `path` (relative to the input root) with its text.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.files.insert(path.into(), text.into());
        self
    }
}

/// Whether reviewed patches are applied (turning them off shows what the generator makes of
/// the published files as they are).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Patches {
    /// Apply every `x.patch.json` to its sibling `x.json` (the default).
    Apply,
    /// Read the files as published.
    Ignore,
}

/// How a patch file's name ends: `x.patch.json` patches `x.json` (or `x.yaml`, `x.yml`: a
/// published YAML description is patched without converting it).
pub const PATCH_SUFFIX: &str = ".patch.json";

/// The documents a patch `{stem}.patch.json` may apply to, in the order they are looked for.
pub fn patch_targets(stem: &str) -> [String; 3] {
    [
        format!("{stem}.json"),
        format!("{stem}.yaml"),
        format!("{stem}.yml"),
    ]
}

/// Every parsed (and patched) JSON document.
#[derive(Debug, Default)]
pub struct Store {
    docs: BTreeMap<String, Value>,
    /// What resolving `$ref`s had to guess (`Store::resolve`), collected once per reference.
    pub(crate) notes: std::sync::Mutex<std::collections::BTreeSet<crate::diagnostics::Warning>>,
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
                let candidates = patch_targets(stem);
                let target = candidates
                    .iter()
                    .find(|t| docs.contains_key(*t))
                    .unwrap_or(&candidates[0])
                    .clone();
                let patch_value = parse_json(path, text)?;
                let patch: json_patch::Patch = serde_json::from_value(patch_value).map_err(|e| {
                    Error::schema(&Loc::new(path, ""), format!("not an RFC 6902 JSON Patch: {e}"), "each operation needs `op` and `path` (and `value` or `from` where the operation takes one)")
                })?;
                let doc = docs.get_mut(&target).ok_or_else(|| {
                    Error::schema(
                        &Loc::new(path, ""),
                        format!("patch target `{target}` does not exist"),
                        "a patch `x.patch.json` applies to the sibling file `x.json` (or `x.yaml`, `x.yml`)",
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
        Ok(Self {
            docs,
            notes: Default::default(),
        })
    }

    pub fn files(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.docs.iter()
    }

    pub fn get(&self, loc: &Loc) -> Option<&Value> {
        self.docs.get(&loc.file)?.pointer(&loc.pointer)
    }

    /// The warnings `$ref` resolution collected (see `Store::resolve`), sorted.
    pub(crate) fn take_notes(&self) -> Vec<crate::diagnostics::Warning> {
        let mut notes = self.notes.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *notes).into_iter().collect()
    }

    /// Whether the document `file` was loaded.
    pub(crate) fn has_file(&self, file: &str) -> bool {
        self.docs.contains_key(file)
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
    serde_yaml_ng::from_str(text)
        .map(|JsonValue(value)| value)
        .map_err(|e| {
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

/// A YAML document read into the `Value` that the same document written as JSON gives
/// `serde_json`: an integer beyond `i64`/`u64` (`minimum: -9223372036854776000`) becomes the
/// nearest `f64`, as `serde_json` reads it from JSON text, where `serde_json`'s own `Value`
/// refuses the `i128` that serde_yaml_ng hands it; a non-finite float (`.inf`, `.nan`, which
/// JSON cannot write) becomes `null`, as it does in a `serde_json::Value`.
struct JsonValue(Value);

impl<'de> serde::Deserialize<'de> for JsonValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = JsonValue;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<JsonValue, E> {
        Ok(JsonValue(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<JsonValue, E> {
        Ok(JsonValue(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<JsonValue, E> {
        Ok(JsonValue(Value::from(v)))
    }

    fn visit_i128<E>(self, v: i128) -> Result<JsonValue, E> {
        Ok(JsonValue(match (i64::try_from(v), u64::try_from(v)) {
            (Ok(v), _) => Value::from(v),
            (_, Ok(v)) => Value::from(v),
            // `as` rounds to the nearest `f64`, as serde_json's parser does with the digits.
            _ => Value::from(v as f64),
        }))
    }

    fn visit_u128<E>(self, v: u128) -> Result<JsonValue, E> {
        Ok(JsonValue(match u64::try_from(v) {
            Ok(v) => Value::from(v),
            Err(_) => Value::from(v as f64),
        }))
    }

    fn visit_f64<E>(self, v: f64) -> Result<JsonValue, E> {
        // `Value::from` makes a non-finite float `null`.
        Ok(JsonValue(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<JsonValue, E> {
        Ok(JsonValue(Value::String(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<JsonValue, E> {
        Ok(JsonValue(Value::String(v)))
    }

    fn visit_unit<E>(self) -> Result<JsonValue, E> {
        Ok(JsonValue(Value::Null))
    }

    fn visit_none<E>(self) -> Result<JsonValue, E> {
        Ok(JsonValue(Value::Null))
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<JsonValue, D::Error> {
        serde::Deserialize::deserialize(d)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonValue, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(JsonValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(JsonValue(Value::Array(items)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonValue, A::Error> {
        let mut object = serde_json::Map::new();
        // A key is read as a string, whatever its YAML type (`200:` is `"200"`), as serde_json's
        // `Value` reads it.
        while let Some((key, JsonValue(value))) = map.next_entry::<String, JsonValue>()? {
            object.insert(key, value);
        }
        Ok(JsonValue(Value::Object(object)))
    }
}

/// A `$ref` to another file, as [`references`] lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReference {
    /// The referenced file, relative to the input root (`/` separators, no `.` or `..`).
    pub file: String,
    /// Where the `$ref` is written.
    pub from: Loc,
}

/// Keywords whose values are instance data, never schemas or references.
const DATA_KEYWORDS: &[&str] = &["example", "examples", "default", "const", "enum"];

/// Keywords whose values map names to schemas (or to path items, parameters, ...), so that their
/// keys are names even when they look like keywords (`properties: {example: {...}}`).
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "headers",
    "pathItems",
    "callbacks",
    "paths",
    "webhooks",
    "content",
    "encoding",
];

/// The files that the `$ref`s of the given documents point to (after their patches are
/// applied), each listed once, in document order. It reads nothing: the caller (`xtask`) reads
/// the entry documents, asks for their references, reads those files (and their `x.patch.json`
/// siblings) and asks again until no new file is listed, so only what the input references is
/// ever read.
///
/// Every `$ref` string counts, wherever it is written (also in paths, parameters and
/// responses), except inside instance data (`example`, `examples`, `default`, `const`, `enum`)
/// and `x-` extensions, which the generator never reads as schemas. A reference that leaves the input root (`../` too often), an absolute path, or a
/// URL (`https://...`, `file:...`) is an error naming the file and the JSON Pointer: remote
/// references are never fetched.
pub fn references(inputs: &Inputs) -> Result<Vec<FileReference>, Error> {
    let store = Store::load(inputs, Patches::Apply)?;
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (file, doc) in store.files() {
        // Depth-first with an explicit stack: input depth never becomes call depth.
        // `names` marks an object whose keys are names (`properties`, `$defs`, ...), not
        // keywords: a property called `example` is a schema, the keyword `example` is data.
        let mut stack = vec![(Loc::new(file.clone(), ""), doc, false)];
        while let Some((loc, value, names)) = stack.pop() {
            match value {
                Value::Object(map) => {
                    let mut found = Vec::new();
                    if let Some(Value::String(reference)) = map.get("$ref") {
                        found.push((loc.child("$ref"), reference));
                    }
                    // Discriminator mappings name their schemas by reference too (a bare name
                    // is a component schema; see `normalize`).
                    let mapping = map.get("discriminator").and_then(|d| d.get("mapping"));
                    if let Some(Value::Object(mapping)) = mapping {
                        let at = loc.child("discriminator").child("mapping");
                        for (tag, target) in mapping {
                            if let Value::String(target) = target {
                                if target.contains('#') || target.ends_with(".json") {
                                    found.push((at.child(tag), target));
                                }
                            }
                        }
                    }
                    for (from, reference) in found {
                        if let Some(target) = referenced_file(&from, reference)? {
                            if seen.insert(target.clone()) {
                                out.push(FileReference { file: target, from });
                            }
                        }
                    }
                    for (key, child) in map.iter().rev() {
                        // Instance data (examples, defaults, constants) and extensions are never
                        // read as schemas, so a `$ref` inside them is text, not a reference.
                        let data = !names
                            && (DATA_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-"));
                        if (child.is_object() || child.is_array()) && !data {
                            let child_names = !names && NAME_MAPS.contains(&key.as_str());
                            stack.push((loc.child(key), child, child_names));
                        }
                    }
                }
                Value::Array(items) => {
                    for (i, child) in items.iter().enumerate().rev() {
                        if child.is_object() || child.is_array() {
                            stack.push((loc.child(&i.to_string()), child, false));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_loads_to_the_same_value_from_yaml_as_from_json_huge_integers_included() {
        let numbers = [
            // `-0` is the one number that differs: YAML's integer 0, serde_json's float -0.0.
            "0",
            "7",
            "-7",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "-9223372036854776000",
            "18446744073709551615",
            "18446744073709551616",
            "340282366920938463463374607431768211456",
            "-170141183460469231731687303715884105729",
            "123456789012345678901234567890123456789012345678901234567890",
            "1.5",
            "-0.25",
            "0.1",
            "1e3",
            "1E3",
            "2.5e+10",
            "-4.0e-7",
            "1.7976931348623157e308",
        ];
        let json = format!(
            r#"{{"schema": {{"minimum": {}}}, "200": {{"values": [{}]}}}}"#,
            numbers[7],
            numbers.join(", ")
        );
        let yaml = format!(
            "schema:\n  minimum: {}\n200:\n  values:\n{}",
            numbers[7],
            numbers
                .iter()
                .map(|n| format!("    - {n}\n"))
                .collect::<String>()
        );
        let from_json = parse_json("a.json", &json).unwrap();
        let from_yaml = parse_yaml("a.yaml", &yaml).unwrap();
        assert_eq!(from_yaml, from_json);
        assert_eq!(from_yaml["schema"]["minimum"], -9223372036854775808.0_f64);
        assert_eq!(from_yaml["200"]["values"][8], u64::MAX);
    }

    #[test]
    fn refs_inside_examples_defaults_and_extensions_are_data_but_properties_so_named_are_schemas() {
        let mut inputs = Inputs::default();
        inputs.add(
            "api.json",
            r##"{"components": {"schemas": {
                "A": {"type": "object",
                      "example": {"$ref": "https://example.com/not/fetched"},
                      "examples": [{"$ref": "../outside.json"}],
                      "default": {"$ref": "default.json"},
                      "x-extra": {"$ref": "ext.json"},
                      "properties": {
                          "example": {"$ref": "example.json"},
                          "default": {"$ref": "sub/default.json#/D"}}},
                "example": {"$ref": "named.json"}},
                "examples": {"E": {"value": {"$ref": "data.json"}}}}}"##,
        );
        let files: Vec<String> = references(&inputs)
            .unwrap()
            .into_iter()
            .map(|r| r.file)
            .collect();
        assert_eq!(files, ["example.json", "sub/default.json", "named.json"]);
    }

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

    fn inputs(files: &[(&str, &str)]) -> Inputs {
        let mut inputs = Inputs::default();
        for (p, t) in files {
            inputs.add(*p, *t);
        }
        inputs
    }

    #[test]
    fn references_list_other_files_resolved_against_the_referring_file() {
        let refs = references(&inputs(&[
            (
                "openapi.yaml",
                "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'params/p.yaml#/P'\n      responses:\n        '200': {$ref: './sub/../responses.json'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {type: string}\n",
            ),
            ("params/p.yaml", "P: {schema: {$ref: '../schemas/s.json'}}"),
        ]))
        .unwrap();
        let files: Vec<(&str, String)> = refs
            .iter()
            .map(|r| (r.file.as_str(), r.from.to_string()))
            .collect();
        assert_eq!(
            files,
            [
                (
                    "params/p.yaml",
                    "openapi.yaml#/paths/~1a/get/parameters/0/$ref".to_string()
                ),
                (
                    "responses.json",
                    "openapi.yaml#/paths/~1a/get/responses/200/$ref".to_string()
                ),
                ("schemas/s.json", "params/p.yaml#/P/schema/$ref".to_string()),
            ]
        );
    }

    #[test]
    fn discriminator_mappings_to_other_files_are_references() {
        let refs = references(&inputs(&[(
            "api/openapi.json",
            r##"{"components": {"schemas": {"Pet": {"oneOf": [], "discriminator": {"propertyName": "kind",
                "mapping": {"dog": "pets/dog.json", "cat": "../shared.json#/Cat", "own": "#/components/schemas/Own", "bare": "Own"}}}}}}"##,
        )]))
        .unwrap();
        let files: Vec<(&str, String)> = refs
            .iter()
            .map(|r| (r.file.as_str(), r.from.pointer.clone()))
            .collect();
        assert_eq!(
            files,
            [
                (
                    "api/pets/dog.json",
                    "/components/schemas/Pet/discriminator/mapping/dog".to_string()
                ),
                (
                    "shared.json",
                    "/components/schemas/Pet/discriminator/mapping/cat".to_string()
                ),
            ]
        );
    }

    #[test]
    fn references_added_by_a_patch_are_listed() {
        let refs = references(&inputs(&[
            ("x.json", r#"{"type":"object"}"#),
            (
                "x.patch.json",
                r#"[{"op":"add","path":"/properties","value":{"y":{"$ref":"y.json"}}}]"#,
            ),
        ]))
        .unwrap();
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].file, "y.json");
    }

    #[test]
    fn a_reference_out_of_the_input_root_or_to_a_url_is_an_error_naming_where_it_is() {
        for (reference, expected) in [
            ("../../etc/passwd", "leaves the input folder"),
            ("../../x.json", "leaves the input folder"),
            ("%2e%2e/%2E%2E/etc/passwd", "leaves the input folder"),
            ("a/../../../x.json", "leaves the input folder"),
            ("/etc/passwd", "absolute path"),
            (
                "https://example.com/s.json#/A",
                "remote references are never fetched",
            ),
            ("file:///etc/passwd", "remote references are never fetched"),
            ("./", "names a folder"),
        ] {
            let text = format!(r#"{{"properties":{{"a":{{"$ref":"{reference}"}}}}}}"#);
            let err = references(&inputs(&[("sub/x.json", &text)]))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(expected) && err.contains("sub/x.json#/properties/a/$ref"),
                "{reference}: {err}"
            );
            let store = store(&[("sub/x.json", &text)]).unwrap();
            let err = store
                .resolve(&Loc::new("sub/x.json", "/properties/a"), reference)
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{reference}: {err}");
        }
    }

    /// A document of definitions (`Pet`, `Owner`: a `$ref` to `Person`, `Person`).
    const PETS: &str = r##"{"definitions": {
        "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Owner": {"$ref": "#/definitions/Person"},
        "Person": {"type": "object", "properties": {"age": {"type": "integer"}}}},
        "$defs": {"Toy": {"type": "string"}}}"##;

    #[test]
    fn a_pointer_through_a_ref_follows_it() {
        let s = store(&[("x.json", PETS)]).unwrap();
        let from = Loc::new("x.json", "/properties/a");
        let found = s.resolve(&from, "#/definitions/Owner/properties/age");
        assert_eq!(
            found.unwrap(),
            Loc::new("x.json", "/definitions/Person/properties/age")
        );
        assert!(s.take_notes().is_empty());
        // A step that exists is taken as it is, even beside a `$ref`.
        let found = s.resolve(&from, "#/definitions/Owner/$ref");
        assert_eq!(
            found.unwrap(),
            Loc::new("x.json", "/definitions/Owner/$ref")
        );
    }

    #[test]
    fn a_pointer_through_a_cycle_of_refs_is_dangling() {
        let text = r##"{"definitions": {"A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/A"}}}"##;
        let s = store(&[("x.json", text)]).unwrap();
        let err = s
            .resolve(&Loc::new("x.json", "/p"), "#/definitions/A/properties/x")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("dangling `$ref: #/definitions/A/properties/x`"),
            "{err}"
        );
    }

    #[test]
    fn a_dangling_pointer_naming_one_definition_resolves_to_it_with_a_warning() {
        let s = store(&[("x.json", PETS)]).unwrap();
        let from = Loc::new("x.json", "/properties/a");
        let found = s.resolve(&from, "#/components/schemas/Pet").unwrap();
        assert_eq!(found, Loc::new("x.json", "/definitions/Pet"));
        let found = s.resolve(&from, "#/defs/Toy").unwrap();
        assert_eq!(found, Loc::new("x.json", "/$defs/Toy"));
        let notes: Vec<String> = s.take_notes().iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "warning[ref-resolved-by-name]: dangling `$ref: #/components/schemas/Pet` (x.json#/components/schemas/Pet does not exist) read as `#/definitions/Pet`, the one definition named `Pet`\n  --> x.json#/properties/a\n  = hint: point the reference at `#/definitions/Pet`",
                "warning[ref-resolved-by-name]: dangling `$ref: #/defs/Toy` (x.json#/defs/Toy does not exist) read as `#/$defs/Toy`, the one definition named `Toy`\n  --> x.json#/properties/a\n  = hint: point the reference at `#/$defs/Toy`",
            ]
        );
    }

    #[test]
    fn a_dangling_pointer_suggests_the_near_miss() {
        let s = store(&[("x.json", PETS)]).unwrap();
        let from = Loc::new("x.json", "/properties/a");
        for reference in [
            "#/definitions/Pett",
            "#/definitions/pet",
            "#/components/schemas/Per",
        ] {
            let err = s.resolve(&from, reference).unwrap_err().to_string();
            let expected = "= hint: did you mean `#/definitions/Pet`?";
            assert!(err.contains(expected), "{reference}: {err}");
            assert!(
                err.contains(&format!("dangling `$ref: {reference}`")),
                "{err}"
            );
        }
        let err = s
            .resolve(&from, "#/definitions/Zebra")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("did you mean"), "{err}");
        assert!(s.take_notes().is_empty());
    }

    #[test]
    fn a_dangling_pointer_naming_two_definitions_is_an_error_naming_both() {
        let text = r##"{"definitions": {"Pet": {}}, "$defs": {"Pet": {}}}"##;
        let s = store(&[("x.json", text)]).unwrap();
        let err = s
            .resolve(&Loc::new("x.json", "/p"), "#/components/schemas/Pet")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("2 definitions are named `Pet` (`#/definitions/Pet`, `#/$defs/Pet`)"),
            "{err}"
        );
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
    fn a_patch_applies_to_a_yaml_sibling_when_there_is_no_json_one() {
        let s = store(&[
            ("openapi.yaml", "paths:\n  /a:\n    get:\n      operationId: typo\n"),
            (
                "openapi.patch.json",
                r#"[{"op":"test","path":"/paths/~1a/get/operationId","value":"typo"},{"op":"replace","path":"/paths/~1a/get/operationId","value":"fixed"}]"#,
            ),
        ])
        .unwrap();
        assert_eq!(
            s.get(&Loc::new("openapi.yaml", "/paths/~1a/get/operationId"))
                .unwrap(),
            "fixed"
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
