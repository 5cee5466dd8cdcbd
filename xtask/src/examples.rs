//! `cargo xtask examples`: every example the published OpenAI description carries for the
//! selected operations and the schemas they reach, one fixture file each, for the golden
//! round-trip test (`tests/tests/description_examples.rs`).
//!
//! Sources, read from the description as the generator reads it (its patch applied):
//! - an operation's `x-oaiMeta.examples`: the JSON body of its curl request (`-d '...'`) into the
//!   operation's request type, its response (JSON text) into the response type, a stream
//!   transcript (`event: ...` / `data: ...`) into the stream's event type as one `.sse` file;
//! - `example` / `examples` of the operation's request body and responses;
//! - a schema's `x-oaiMeta.example`, and its `example` / `examples` keywords: on the schema, a
//!   whole value of its type; on a property (directly, or on a branch of the property's
//!   `anyOf` / `oneOf`), a value of that property, written as `<Schema>.<property>-<n>.json`.
//!
//! A fixture is `<TypeName>/<operationId or schema>-<n>.<json|sse>` below [`FIXTURES`], its
//! text exactly as published. What is not a payload of a generated type, or not JSON, is
//! [`Skipped`], with the reason.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::Path;

use serde_json::Value;

use crate::{project_settings, read_sources, repo_root};

/// The description, relative to the repository root.
pub const DESCRIPTION: &str = "schemas/published/openapi.yaml";

/// The tags of the operations the crate is generated from.
pub const TAGS: &[&str] = &["Assistants", "Vector stores", "Files"];

/// Where the fixtures are written, relative to the repository root.
pub const FIXTURES: &str = "tests/fixtures/openai";

/// An example that is not a fixture, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// `openapi.yaml#/json/pointer` of the example.
    pub place: String,
    /// Why it is not a fixture.
    pub reason: String,
}

/// The fixtures (path below [`FIXTURES`] → text) and the examples skipped.
#[derive(Debug, Default)]
pub struct Examples {
    /// `<TypeName>/<source>-<n>.<ext>` → the example's text.
    pub files: BTreeMap<String, String>,
    /// In document order.
    pub skipped: Vec<Skipped>,
}

/// Reads the description (with its patch), generates the selected operations to learn their
/// types, and extracts the examples.
pub fn read() -> Result<Examples, String> {
    let root = repo_root();
    let sources = read_sources(&[root.join(DESCRIPTION)]).map_err(|e| e.to_string())?;
    let mut settings = project_settings().entries(sources.entries.clone());
    for tag in TAGS {
        settings = settings.select_tag(*tag);
    }
    let entry = sources
        .entries
        .first()
        .ok_or("the description has no entry document")?
        .clone();
    let doc = codegen::document(&settings, &sources.inputs, &entry).map_err(|e| e.to_string())?;
    let output = codegen::generate(&settings, &sources.inputs).map_err(|e| e.to_string())?;
    extract(&entry, &doc, &output)
}

/// The fixtures whose file is missing or differs, and the files below [`FIXTURES`] that are no
/// fixture any more.
pub fn stale(dir: &Path, examples: &Examples) -> Vec<String> {
    let mut stale = crate::stale_files(dir, &examples.files);
    stale.extend(
        existing(dir)
            .into_iter()
            .filter(|path| !examples.files.contains_key(path)),
    );
    stale
}

/// Writes the fixtures that changed and removes the files that are no fixture any more;
/// returns what it wrote or removed.
pub fn write(dir: &Path, examples: &Examples) -> io::Result<Vec<String>> {
    let mut changed = crate::write_changed(dir, &examples.files)?;
    for path in existing(dir) {
        if !examples.files.contains_key(&path) {
            fs::remove_file(dir.join(&path))?;
            if let Some(folder) = dir.join(&path).parent() {
                // Only succeeds when the type has no fixture left.
                let _ = fs::remove_dir(folder);
            }
            changed.push(path);
        }
    }
    Ok(changed)
}

/// The files two levels below `dir` (`<TypeName>/<file>`).
fn existing(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(types) = fs::read_dir(dir) else {
        return found;
    };
    for ty in types.flatten() {
        let Ok(files) = fs::read_dir(ty.path()) else {
            continue;
        };
        for file in files.flatten() {
            if file.path().is_file() {
                found.push(format!(
                    "{}/{}",
                    ty.file_name().to_string_lossy(),
                    file.file_name().to_string_lossy()
                ));
            }
        }
    }
    found.sort();
    found
}

/// The examples of `doc` (the document `entry`) for the operations `output` generated and the
/// schemas they reach.
pub fn extract(entry: &str, doc: &Value, output: &codegen::Output) -> Result<Examples, String> {
    let mut x = Extractor {
        entry,
        doc,
        output,
        examples: Examples::default(),
        properties: BTreeMap::new(),
    };
    let selected: BTreeSet<&str> = output.operation_ids().collect();
    let mut operations = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let item_ptr = format!("/paths/{}", escape(path));
            let (item_ptr, item) = x.deref(&item_ptr, item);
            let Some(methods) = item.as_object() else {
                continue;
            };
            for (method, op) in methods {
                let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                    continue;
                };
                if selected.contains(id) {
                    operations.push((format!("{item_ptr}/{method}"), id, item, op));
                }
            }
        }
    }
    let mut reached = BTreeSet::new();
    for (ptr, id, item, op) in &operations {
        x.operation(ptr, id, item, op)?;
        let mut refs = Vec::new();
        collect_refs(op, &mut refs);
        if let Some(params) = item.get("parameters") {
            collect_refs(params, &mut refs);
        }
        x.reach(refs, &mut reached);
    }
    for name in &reached {
        x.schema(name)?;
    }
    x.orphan_properties();
    Ok(x.examples)
}

struct Extractor<'a> {
    entry: &'a str,
    doc: &'a Value,
    output: &'a codegen::Output,
    examples: Examples,
    /// Where each property example's fixture comes from.
    properties: BTreeMap<String, String>,
}

impl<'a> Extractor<'a> {
    fn place(&self, ptr: &str) -> String {
        format!("{}#{ptr}", self.entry)
    }

    fn skip(&mut self, ptr: &str, reason: impl Into<String>) {
        self.examples.skipped.push(Skipped {
            place: self.place(ptr),
            reason: reason.into(),
        });
    }

    /// `value` at `ptr`, or what its local `$ref` points to (with that pointer).
    fn deref(&self, ptr: &str, value: &'a Value) -> (String, &'a Value) {
        let mut ptr = ptr.to_string();
        let mut value = value;
        for _ in 0..8 {
            let Some(target) = value
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
            else {
                break;
            };
            match self.doc.pointer(target) {
                Some(v) => {
                    ptr = target.to_string();
                    value = v;
                }
                None => break,
            }
        }
        (ptr, value)
    }

    /// The generated type of the schema at `schema` (a `$ref` to a component, or an inline
    /// schema named `fallback`).
    fn type_of(&self, ptr: &str, schema: &Value, fallback: &str) -> Result<String, String> {
        let name = match schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            Some(component) => self.output.type_name(&unescape(component)),
            None => self.output.type_name(fallback),
        };
        if self.output.has_type(&name) {
            Ok(name)
        } else {
            Err(format!(
                "error: no generated type `{name}` for the schema of the example\n  --> {}",
                self.place(ptr)
            ))
        }
    }

    fn add(&mut self, ty: &str, stem: &str, ext: &str, text: String) {
        let mut path = format!("{ty}/{stem}.{ext}");
        // A source with several examples for one type and one number (not in the description
        // as published) still gets one file each.
        let mut extra = 1;
        while self.examples.files.contains_key(&path) {
            extra += 1;
            path = format!("{ty}/{stem}_{extra}.{ext}");
        }
        self.examples.files.insert(path, text);
    }

    /// Adds a JSON example's text if it is JSON, else skips it.
    fn json(&mut self, ptr: &str, ty: &str, stem: &str, text: &str) {
        match serde_json::from_str::<Value>(text) {
            Ok(_) => self.add(ty, stem, "json", text.to_string()),
            Err(e) => {
                let reason = if text.contains("...") {
                    format!("elided with `...`, not JSON ({e})")
                } else {
                    format!("not JSON ({e})")
                };
                self.skip(ptr, reason);
            }
        }
    }

    /// Adds an example given as a value (YAML or JSON, not text).
    fn value(&mut self, ptr: &str, ty: &str, stem: &str, value: &Value) {
        match value {
            Value::String(text) if text.trim_start().starts_with(['{', '[']) => {
                self.json(ptr, ty, stem, text)
            }
            other => {
                let text = serde_json::to_string_pretty(other).expect("a JSON value serializes");
                self.add(ty, stem, "json", format!("{text}\n"));
            }
        }
    }

    fn operation(
        &mut self,
        ptr: &str,
        id: &str,
        item: &'a Value,
        op: &'a Value,
    ) -> Result<(), String> {
        let request = op
            .get("requestBody")
            .map(|body| self.deref(&format!("{ptr}/requestBody"), body));
        let (response_ptr, response) = self.success(ptr, op);
        let json_schema = |content: Option<&'a Value>, media: &str| {
            content
                .and_then(|c| c.get("content"))
                .and_then(|c| c.get(media))
                .and_then(|m| m.get("schema"))
        };
        let request_schema = json_schema(request.as_ref().map(|(_, v)| *v), "application/json");
        let response_schema = json_schema(response, "application/json");
        let event_schema = json_schema(response, "text/event-stream");
        let examples_ptr = format!("{ptr}/x-oaiMeta/examples");
        let listed: Vec<(String, &Value)> = match op.pointer("/x-oaiMeta/examples") {
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(i, e)| (format!("{examples_ptr}/{i}"), e))
                .collect(),
            Some(one @ Value::Object(_)) => vec![(examples_ptr, one)],
            _ => Vec::new(),
        };
        for (n, (ex_ptr, example)) in listed.into_iter().enumerate() {
            let stem = format!("{id}-{}", n + 1);
            if let Some(curl) = example.pointer("/request/curl").and_then(Value::as_str) {
                let curl_ptr = format!("{ex_ptr}/request/curl");
                match curl_body(curl) {
                    CurlBody::None => {}
                    CurlBody::Form => {
                        self.skip(&curl_ptr, "a multipart form (curl -F), not a JSON body")
                    }
                    CurlBody::Json(body) if body.trim().is_empty() => {
                        self.skip(&curl_ptr, "an empty body (curl -d '')")
                    }
                    CurlBody::Json(body) => match request_schema {
                        Some(schema) => {
                            let ty = self.type_of(&curl_ptr, schema, &format!("{id}Request"))?;
                            self.json(&curl_ptr, &ty, &stem, body);
                        }
                        None => self.skip(&curl_ptr, "the operation takes no JSON body"),
                    },
                }
            }
            let Some(text) = example.get("response").and_then(Value::as_str) else {
                continue;
            };
            let text_ptr = format!("{ex_ptr}/response");
            let trimmed = text.trim_start();
            if trimmed.starts_with("event:") || trimmed.starts_with("data:") {
                match event_schema {
                    Some(schema) => {
                        let ty = self.type_of(&text_ptr, schema, &format!("{id}Event"))?;
                        self.add(&ty, &stem, "sse", text.to_string());
                    }
                    None => self.skip(
                        &text_ptr,
                        "a stream transcript of an operation without a text/event-stream response",
                    ),
                }
            } else {
                match response_schema {
                    Some(schema) => {
                        let ty = self.type_of(&text_ptr, schema, &format!("{id}Response"))?;
                        self.json(&text_ptr, &ty, &stem, text);
                    }
                    None => self.skip(&text_ptr, "the operation has no JSON response"),
                }
            }
        }
        // `example` / `examples` of the body and response media types.
        let bodies = [
            (request, request_schema, "Request", "body"),
            (
                response.map(|r| (response_ptr.clone(), r)),
                response_schema,
                "Response",
                "response",
            ),
        ];
        for (holder, schema, suffix, what) in bodies {
            let (Some((holder_ptr, holder)), Some(schema)) = (holder, schema) else {
                continue;
            };
            let media_ptr = format!("{holder_ptr}/content/application~1json");
            let Some(media) = holder.pointer("/content/application~1json") else {
                continue;
            };
            let ty = self.type_of(&media_ptr, schema, &format!("{id}{suffix}"))?;
            for (ex_ptr, value) in media_examples(&media_ptr, media) {
                let n = self.count(&ty, &format!("{id}.{what}"));
                self.value(&ex_ptr, &ty, &format!("{id}.{what}-{n}"), value);
            }
        }
        // Parameters' examples: ids in the path or the query, no type of their own.
        let params = item
            .get("parameters")
            .into_iter()
            .map(|p| (format!("{}/parameters", parent(ptr)), p))
            .chain(
                op.get("parameters")
                    .map(|p| (format!("{ptr}/parameters"), p)),
            );
        for (params_ptr, params) in params {
            for (i, param) in params.as_array().into_iter().flatten().enumerate() {
                let (param_ptr, param) = self.deref(&format!("{params_ptr}/{i}"), param);
                for (key_ptr, _) in keyword_examples(&param_ptr, param).into_iter().chain(
                    param
                        .get("schema")
                        .into_iter()
                        .flat_map(|s| keyword_examples(&format!("{param_ptr}/schema"), s)),
                ) {
                    self.skip(
                        &key_ptr,
                        "a parameter's example (a value in the URL, no type of its own)",
                    );
                }
            }
        }
        Ok(())
    }

    /// The first 2xx response of `op`, dereferenced.
    fn success(&self, ptr: &str, op: &'a Value) -> (String, Option<&'a Value>) {
        let responses = op.get("responses").and_then(Value::as_object);
        let found = responses
            .into_iter()
            .flatten()
            .find(|(status, _)| status.starts_with('2'));
        match found {
            Some((status, response)) => {
                let (p, v) = self.deref(&format!("{ptr}/responses/{status}"), response);
                (p, Some(v))
            }
            None => (String::new(), None),
        }
    }

    /// How many fixtures of `ty` come from `source` so far, plus one.
    fn count(&self, ty: &str, source: &str) -> usize {
        let prefix = format!("{ty}/{source}-");
        self.examples
            .files
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .count()
            + 1
    }

    /// Adds to `reached` every component schema the `$ref`s reach, transitively.
    fn reach(&self, mut refs: Vec<String>, reached: &mut BTreeSet<String>) {
        let mut seen = BTreeSet::new();
        while let Some(r) = refs.pop() {
            if !seen.insert(r.clone()) {
                continue;
            }
            let Some(target) = r.strip_prefix('#') else {
                continue;
            };
            if let Some(name) = target.strip_prefix("/components/schemas/") {
                if !name.contains('/') {
                    reached.insert(unescape(name));
                }
            }
            if let Some(value) = self.doc.pointer(target) {
                collect_refs(value, &mut refs);
            }
        }
    }

    /// Skips the property examples of a type without a whole example (the test sets a
    /// property example into a whole one).
    fn orphan_properties(&mut self) {
        let properties = std::mem::take(&mut self.properties);
        for (path, ptr) in properties {
            let ty = path.split('/').next().unwrap_or_default();
            let whole = self.examples.files.keys().any(|other| {
                other
                    .strip_prefix(ty)
                    .and_then(|f| f.strip_prefix('/'))
                    .is_some_and(|file| !file.split('-').next().unwrap_or_default().contains('.'))
            });
            if !whole && self.examples.files.remove(&path).is_some() {
                self.skip(
                    &ptr,
                    format!("a property's example, but `{ty}` has no whole example to set it in"),
                );
            }
        }
    }

    fn schema(&mut self, name: &str) -> Result<(), String> {
        let ptr = format!("/components/schemas/{}", escape(name));
        let Some(schema) = self.doc.pointer(&ptr) else {
            return Ok(());
        };
        let ty = self.output.type_name(name);
        if !self.output.has_type(&ty) {
            // Inlined (an alias, a scalar): its examples are checked through whoever uses it.
            let examples = schema_examples(&ptr, schema);
            for (p, _) in examples {
                self.skip(
                    &p,
                    format!("schema `{name}` has no type of its own (`{ty}` is not generated)"),
                );
            }
            return Ok(());
        }
        for (p, value) in schema_examples(&ptr, schema) {
            let rest = &p[ptr.len()..];
            match property_of(rest) {
                Some(Place::Whole) => {
                    let n = self.count(&ty, name);
                    self.value(&p, &ty, &format!("{name}-{n}"), value);
                }
                Some(Place::Property(prop)) => {
                    let source = format!("{name}.{prop}");
                    let n = self.count(&ty, &source);
                    let stem = format!("{source}-{n}");
                    self.properties
                        .insert(format!("{ty}/{stem}.json"), p.clone());
                    self.value(&p, &ty, &stem, value);
                }
                None => self.skip(&p, "an example of a nested schema with no type of its own"),
            }
        }
        Ok(())
    }
}

enum Place {
    Whole,
    Property(String),
}

/// Where an example below a schema is: `/x-oaiMeta/example`, `/example`, `/examples/<i>` →
/// the whole schema; `/properties/<p>` followed by `anyOf` / `oneOf` branches and then the
/// example → the property `p`.
fn property_of(rest: &str) -> Option<Place> {
    let tokens: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    let example_at = |i: usize| match &tokens[i..] {
        ["x-oaiMeta", "example"] | ["example"] => true,
        ["examples", n] => n.parse::<usize>().is_ok(),
        _ => false,
    };
    if example_at(0) {
        return Some(Place::Whole);
    }
    if tokens.len() >= 3 && tokens[0] == "properties" {
        let mut i = 2;
        while i + 1 < tokens.len()
            && matches!(tokens[i], "anyOf" | "oneOf")
            && tokens[i + 1].parse::<usize>().is_ok()
        {
            i += 2;
        }
        if example_at(i) {
            return Some(Place::Property(unescape(tokens[1])));
        }
    }
    None
}

/// `example` / `examples` keywords of the schema at `ptr` and every sub-schema (not through
/// `$ref`s), and its `x-oaiMeta.example`, with their pointers.
fn schema_examples<'v>(ptr: &str, schema: &'v Value) -> Vec<(String, &'v Value)> {
    let mut found = Vec::new();
    if let Some(example) = schema.pointer("/x-oaiMeta/example") {
        found.push((format!("{ptr}/x-oaiMeta/example"), example));
    }
    walk_schema(ptr, schema, &mut found);
    found
}

fn walk_schema<'v>(ptr: &str, schema: &'v Value, found: &mut Vec<(String, &'v Value)>) {
    let Some(object) = schema.as_object() else {
        return;
    };
    found.extend(keyword_examples(ptr, schema));
    for (key, value) in object {
        let child = format!("{ptr}/{}", escape(key));
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                for (name, sub) in value.as_object().into_iter().flatten() {
                    walk_schema(&format!("{child}/{}", escape(name)), sub, found);
                }
            }
            "anyOf" | "oneOf" | "allOf" | "prefixItems" => {
                for (i, sub) in value.as_array().into_iter().flatten().enumerate() {
                    walk_schema(&format!("{child}/{i}"), sub, found);
                }
            }
            "items"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems" => {
                if let Some(list) = value.as_array() {
                    for (i, sub) in list.iter().enumerate() {
                        walk_schema(&format!("{child}/{i}"), sub, found);
                    }
                } else {
                    walk_schema(&child, value, found);
                }
            }
            _ => {}
        }
    }
}

/// The `example` and `examples` keywords of one schema or parameter: `examples` as a JSON
/// Schema list or as an OpenAPI map of `{ value }`.
fn keyword_examples<'v>(ptr: &str, holder: &'v Value) -> Vec<(String, &'v Value)> {
    let mut found = Vec::new();
    if let Some(example) = holder.get("example") {
        found.push((format!("{ptr}/example"), example));
    }
    match holder.get("examples") {
        Some(Value::Array(list)) => {
            for (i, example) in list.iter().enumerate() {
                found.push((format!("{ptr}/examples/{i}"), example));
            }
        }
        Some(Value::Object(map)) => {
            for (name, example) in map {
                if let Some(value) = example.get("value") {
                    found.push((format!("{ptr}/examples/{}/value", escape(name)), value));
                }
            }
        }
        _ => {}
    }
    found
}

/// A media type's `example` and `examples` (OpenAPI: a map of `{ value }`).
fn media_examples<'v>(ptr: &str, media: &'v Value) -> Vec<(String, &'v Value)> {
    keyword_examples(ptr, media)
}

/// Every `$ref` string in `value`, not looking into `x-oaiMeta` (documentation).
fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    ("x-oaiMeta", _) => {}
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

enum CurlBody<'t> {
    None,
    Form,
    Json(&'t str),
}

/// The body a curl command line sends: the single-quoted argument of `-d` (or `--data`,
/// `--data-raw`), or a form (`-F`).
fn curl_body(curl: &str) -> CurlBody<'_> {
    for flag in ["-d '", "--data '", "--data-raw '"] {
        if let Some(start) = curl.find(flag) {
            let rest = &curl[start + flag.len()..];
            if let Some(end) = rest.find('\'') {
                return CurlBody::Json(&rest[..end]);
            }
        }
    }
    if curl.contains("-F ") {
        return CurlBody::Form;
    }
    CurlBody::None
}

/// A JSON Pointer token for `text`.
fn escape(text: &str) -> String {
    text.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The pointer without its last token.
fn parent(ptr: &str) -> &str {
    ptr.rsplit_once('/').map_or("", |(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_of_a_curl_data_argument_is_its_single_quoted_text() {
        let curl = "curl https://x/v1/threads \\\n  -H \"A: b\" \\\n  -d '{\n  \"a\": 1\n}'\n";
        assert!(matches!(
            curl_body(curl),
            CurlBody::Json("{\n  \"a\": 1\n}")
        ));
        let form = "curl https://x/v1/files \\\n  -F purpose=\"fine-tune\" \\\n  -F file=\"@a\"";
        assert!(matches!(curl_body(form), CurlBody::Form));
        assert!(matches!(
            curl_body("curl https://x/v1/files"),
            CurlBody::None
        ));
    }

    #[test]
    fn a_property_example_is_found_through_any_of_branches() {
        assert!(matches!(
            property_of("/x-oaiMeta/example"),
            Some(Place::Whole)
        ));
        assert!(matches!(property_of("/examples/0"), Some(Place::Whole)));
        assert!(
            matches!(property_of("/properties/top_p/anyOf/0/example"), Some(Place::Property(p)) if p == "top_p")
        );
        assert!(property_of("/properties/a/items/example").is_none());
    }

    #[test]
    fn stale_fixtures_are_the_changed_the_missing_and_the_extra_ones() {
        let dir = std::env::temp_dir().join(format!("xtask-examples-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut examples = Examples::default();
        for (path, text) in [
            ("A/a-1.json", "1"),
            ("A/a-2.json", "2"),
            ("B/b-1.json", "3"),
        ] {
            examples.files.insert(path.to_string(), text.to_string());
        }
        assert_eq!(stale(&dir, &examples).len(), 3, "nothing written yet");
        write(&dir, &examples).unwrap();
        assert!(stale(&dir, &examples).is_empty());
        fs::write(dir.join("A/a-1.json"), "changed").unwrap();
        fs::write(dir.join("B/b-9.json"), "extra").unwrap();
        fs::remove_file(dir.join("A/a-2.json")).unwrap();
        assert_eq!(
            stale(&dir, &examples),
            ["A/a-1.json", "A/a-2.json", "B/b-9.json"]
        );
        let changed = write(&dir, &examples).unwrap();
        assert_eq!(changed, ["A/a-1.json", "A/a-2.json", "B/b-9.json"]);
        assert!(stale(&dir, &examples).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }
}
