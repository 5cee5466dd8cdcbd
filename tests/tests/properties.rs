//! Schema-driven property tests: instances generated from the bundled JSON Schema of each root
//! type of the published description (not from the documented examples) must parse into the
//! generated type, round-trip exactly, pass `validate()`, and, for requests, serialize to JSON
//! the schema accepts. Instances that break exactly one constraint (a number out of range, too
//! many or too few items, a string or map key too long, too many map entries, a missing required
//! field, an unknown enum value in a request) must be rejected by parsing or by `validate()`,
//! and `validate()` must name the JSON Pointer of the broken value.
//!
//! `PROPERTY_CASES=N` sets the number of generated instances per root type (default 128);
//! `PROPERTY_SEED=S` changes the base seed (default fixed, so failures reproduce). Every failure
//! message names the seed of its case. Run with `--nocapture` to see the counts, and with
//! `PROPERTY_DEBUG=1` to see why the first generated instances the schema rejects are invalid.

use std::collections::BTreeSet;

use golden_tests::json_diff;
use openai_assistants::types::*;
use openai_assistants::Validate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

const DEFAULT_CASES: u64 = 128;
const DEFAULT_SEED: u64 = 0x5eed_0f0a_1202;
/// Below this depth optional properties are left out, arrays have their minimum length and
/// nullable unions choose `null`, so generation always ends.
const MAX_DEPTH: usize = 7;
/// At most this many single-constraint mutations are tried per generated instance.
const MUTATIONS_PER_CASE: usize = 12;

fn cases() -> u64 {
    std::env::var("PROPERTY_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn base_seed() -> u64 {
    std::env::var("PROPERTY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

/// The root's bundled JSON Schema (2020-12) and a validator for it.
fn schema(root: &str) -> (Value, jsonschema::Validator) {
    let inputs = xtask::project_inputs().expect("the published description is readable");
    let settings = codegen::Settings::new().entry("openapi.yaml");
    let schema = codegen::json_schema(&settings, &inputs, root)
        .unwrap_or_else(|e| panic!("schema of {root} bundles: {e}"));
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("schema of {root} is a valid JSON Schema: {e}"));
    (schema, validator)
}

fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// How a valid instance is changed to break one constraint.
#[derive(Clone, Debug)]
enum Edit {
    /// Replace the value at the pointer.
    Replace(Value),
    /// Remove the key from the object at the pointer.
    Remove(String),
}

/// One constraint of the generated instance that can be broken on its own.
#[derive(Clone, Debug)]
struct Site {
    /// What is broken (for messages and counts).
    kind: &'static str,
    /// The JSON Pointer of the edited value (the object, for `Remove`).
    at: String,
    edit: Edit,
    /// The JSON Pointer `validate()` must report when the edited instance parses.
    expect_path: String,
    /// The edit changes the tag of a tagged union (parses as `Unknown` by design).
    tag: bool,
    /// The edit puts a value outside an enum (only a violation for request types; responses
    /// keep unknown values as `Other`).
    enum_value: bool,
}

impl Site {
    fn apply(&self, instance: &Value) -> Value {
        let mut out = instance.clone();
        let target = out
            .pointer_mut(&self.at)
            .unwrap_or_else(|| panic!("site {} exists", self.at));
        match &self.edit {
            Edit::Replace(v) => *target = v.clone(),
            Edit::Remove(key) => {
                target.as_object_mut().expect("an object").shift_remove(key);
            }
        }
        out
    }
}

/// A small instance generator driven by a bundled JSON Schema value.
struct Gen<'a> {
    root: &'a Value,
    rng: fastrand::Rng,
    sites: Vec<Site>,
}

impl<'a> Gen<'a> {
    fn new(root: &'a Value, seed: u64) -> Self {
        Self {
            root,
            rng: fastrand::Rng::with_seed(seed),
            sites: Vec::new(),
        }
    }

    fn resolve(&self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..64 {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    let pointer = r.strip_prefix('#').expect("only local references");
                    schema = self
                        .root
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("reference {r} resolves"));
                }
                None => return schema,
            }
        }
        panic!("reference cycle")
    }

    fn word(&mut self, max_len: usize) -> String {
        let len = self.rng.usize(0..=max_len.min(10));
        (0..len).map(|_| self.rng.alphanumeric()).collect()
    }

    fn site(&mut self, kind: &'static str, at: &str, edit: Edit, expect_path: String) {
        self.sites.push(Site {
            kind,
            at: at.to_string(),
            edit,
            expect_path,
            tag: false,
            enum_value: false,
        });
    }

    fn gen(&mut self, schema: &'a Value, path: &str, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let value = values[self.rng.usize(0..values.len())].clone();
            if value.is_string() {
                self.sites.push(Site {
                    kind: "unknown enum value",
                    at: path.to_string(),
                    edit: Edit::Replace(Value::String("zz_unknown_value".into())),
                    expect_path: path.to_string(),
                    tag: false,
                    enum_value: true,
                });
            }
            return value;
        }
        // `allOf: [X, {"nullable": true}]` (a `$ref` with a modifier): the branch that says
        // what the value is.
        if let Some(branches) = schema.get("allOf").and_then(Value::as_array) {
            let substantive = |b: &&'a Value| {
                [
                    "type",
                    "$ref",
                    "properties",
                    "items",
                    "enum",
                    "anyOf",
                    "oneOf",
                    "allOf",
                ]
                .iter()
                .any(|k| b.get(*k).is_some())
            };
            if let Some(branch) = branches.iter().find(substantive) {
                return self.gen(branch, path, depth);
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array) {
                let null = branches
                    .iter()
                    .position(|b| b.get("type").and_then(Value::as_str) == Some("null"));
                let i = match null {
                    Some(i) if depth >= MAX_DEPTH => i,
                    _ => self.rng.usize(0..branches.len()),
                };
                return self.gen(&branches[i], path, depth);
            }
        }
        let ty = schema.get("type").and_then(Value::as_str).unwrap_or(
            if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() {
                "object"
            } else if schema.get("items").is_some() {
                "array"
            } else {
                "string"
            },
        );
        match ty {
            "null" => Value::Null,
            "boolean" => Value::Bool(self.rng.bool()),
            "integer" => self.integer(schema, path),
            "number" => self.number(schema, path),
            "string" => self.string(schema, path),
            "array" => self.array(schema, path, depth),
            "object" => self.object(schema, path, depth),
            other => panic!("type {other} at {path}"),
        }
    }

    fn integer(&mut self, schema: &Value, path: &str) -> Value {
        let min = schema.get("minimum").and_then(Value::as_i64);
        let max = schema.get("maximum").and_then(Value::as_i64);
        let (lo, hi) = match (min, max) {
            (Some(lo), Some(hi)) => (lo, hi),
            (Some(lo), None) => (lo, lo + 2_000_000_000),
            (None, Some(hi)) => (hi - 2_000_000_000, hi),
            (None, None) => (0, 2_000_000_000),
        };
        // Favour the bounds themselves: they are where off-by-one errors live.
        let value = match self.rng.u8(0..4) {
            0 => lo,
            1 => hi,
            _ => self.rng.i64(lo..=hi),
        };
        if let Some(max) = max {
            self.site(
                "number above maximum",
                path,
                Edit::Replace((max + 1).into()),
                path.into(),
            );
        }
        if let Some(min) = min {
            self.site(
                "number below minimum",
                path,
                Edit::Replace((min - 1).into()),
                path.into(),
            );
        }
        value.into()
    }

    fn number(&mut self, schema: &Value, path: &str) -> Value {
        let min = schema.get("minimum").and_then(Value::as_f64);
        let max = schema.get("maximum").and_then(Value::as_f64);
        let (lo, hi) = match (min, max) {
            (Some(lo), Some(hi)) => (lo, hi),
            (Some(lo), None) => (lo, lo + 1000.0),
            (None, Some(hi)) => (hi - 1000.0, hi),
            (None, None) => (-1000.0, 1000.0),
        };
        // Multiples of 1/8 of the range: exactly representable, bounds included.
        let value = lo + (hi - lo) * f64::from(self.rng.u8(0..=8)) / 8.0;
        if let Some(max) = max {
            self.site(
                "number above maximum",
                path,
                Edit::Replace(serde_json::json!(max + 0.5)),
                path.into(),
            );
        }
        if let Some(min) = min {
            self.site(
                "number below minimum",
                path,
                Edit::Replace(serde_json::json!(min - 0.5)),
                path.into(),
            );
        }
        serde_json::json!(value)
    }

    fn string(&mut self, schema: &Value, path: &str) -> Value {
        if schema.get("format").and_then(Value::as_str) == Some("uri") {
            return Value::String(format!("https://example.com/{}", self.word(8)));
        }
        let max = schema.get("maxLength").and_then(Value::as_u64);
        let value = self.word(max.map_or(10, |m| m as usize));
        if let Some(max) = max {
            let long = "x".repeat(max as usize + 1);
            self.site(
                "string too long",
                path,
                Edit::Replace(long.into()),
                path.into(),
            );
        }
        value.into()
    }

    fn array(&mut self, schema: &'a Value, path: &str, depth: usize) -> Value {
        let items = schema.get("items").unwrap_or(&Value::Bool(true));
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        let upper = max.unwrap_or(usize::MAX).min(min + 3);
        let len = if depth >= MAX_DEPTH {
            min
        } else {
            self.rng.usize(min..=upper)
        };
        let mut out: Vec<Value> = (0..len)
            .map(|i| self.gen_item(items, &format!("{path}/{i}"), depth + 1))
            .collect();
        if let Some(max) = max {
            // Too many items: repeat an item (or make one) until there is one too many.
            let sites_before = self.sites.len();
            let filler = match out.first() {
                Some(v) => v.clone(),
                None => self.gen_item(items, &format!("{path}/0"), MAX_DEPTH),
            };
            self.sites.truncate(sites_before);
            let mut long = out.clone();
            long.resize(max + 1, filler);
            self.site(
                "too many items",
                path,
                Edit::Replace(long.into()),
                path.into(),
            );
        }
        if min > 0 {
            let short: Vec<Value> = out.iter().take(min - 1).cloned().collect();
            self.site(
                "too few items",
                path,
                Edit::Replace(short.into()),
                path.into(),
            );
        }
        Value::Array(std::mem::take(&mut out))
    }

    fn gen_item(&mut self, items: &'a Value, path: &str, depth: usize) -> Value {
        if items.as_bool() == Some(true) {
            return Value::String(self.word(6));
        }
        self.gen(items, path, depth)
    }

    fn object(&mut self, schema: &'a Value, path: &str, depth: usize) -> Value {
        let mut out = Map::new();
        let required: BTreeSet<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (key, sub) in props {
                let is_required = required.contains(key.as_str());
                if !is_required && (depth >= MAX_DEPTH || self.rng.bool()) {
                    continue;
                }
                let child = format!("{path}/{}", pointer_token(key));
                let sites_before = self.sites.len();
                let value = self.gen(sub, &child, depth + 1);
                let resolved = self.resolve(sub);
                let is_tag = resolved
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.len() == 1)
                    && is_required;
                if is_tag {
                    // The enum site recorded for this value replaces the tag.
                    for site in &mut self.sites[sites_before..] {
                        if site.at == child {
                            site.tag = true;
                            site.kind = "unknown tag";
                        }
                    }
                }
                out.insert(key.clone(), value);
                if is_required {
                    self.sites.push(Site {
                        kind: "missing required property",
                        at: path.to_string(),
                        edit: Edit::Remove(key.clone()),
                        // A missing tag makes the object `Unknown`, reported at the object; a
                        // missing required property that may be `null` decodes (as `None`) and
                        // is reported at its own pointer; any other fails to decode.
                        expect_path: if is_tag {
                            path.to_string()
                        } else {
                            child.clone()
                        },
                        tag: is_tag,
                        enum_value: false,
                    });
                }
            }
        }
        match schema.get("additionalProperties") {
            Some(extra) if extra.is_object() => {
                let max_props = schema
                    .get("maxProperties")
                    .and_then(Value::as_u64)
                    .map(|m| m as usize);
                let key_max = schema
                    .pointer("/propertyNames/maxLength")
                    .and_then(Value::as_u64)
                    .map(|m| m as usize);
                let n = if depth >= MAX_DEPTH {
                    0
                } else {
                    self.rng.usize(0..=max_props.unwrap_or(3).min(3))
                };
                for _ in 0..n {
                    let mut key = self.word(key_max.unwrap_or(8).min(8));
                    if key.is_empty() || out.contains_key(&key) {
                        key = format!("k{}", out.len());
                    }
                    let child = format!("{path}/{}", pointer_token(&key));
                    let value = self.gen(extra, &child, depth + 1);
                    out.insert(key, value);
                }
                if max_props.is_some() || key_max.is_some() {
                    let sites_before = self.sites.len();
                    let filler = self.gen(extra, &format!("{path}/filler"), MAX_DEPTH);
                    self.sites.truncate(sites_before);
                    if let Some(max) = max_props {
                        let mut big = out.clone();
                        let mut i = 0;
                        while big.len() <= max {
                            big.insert(format!("extra{i}"), filler.clone());
                            i += 1;
                        }
                        self.site(
                            "too many properties",
                            path,
                            Edit::Replace(big.into()),
                            path.into(),
                        );
                    }
                    if let Some(max) = key_max {
                        let key = "k".repeat(max + 1);
                        let mut with_long = out.clone();
                        with_long.insert(key.clone(), filler);
                        self.site(
                            "property name too long",
                            path,
                            Edit::Replace(with_long.into()),
                            format!("{path}/{key}"),
                        );
                    }
                }
            }
            Some(Value::Bool(true)) if schema.get("properties").is_none() && depth < MAX_DEPTH => {
                // A free-form object: a few plain entries.
                for i in 0..self.rng.usize(0..=2) {
                    let w = self.word(6);
                    out.insert(format!("f{i}"), Value::String(w));
                }
            }
            _ => {}
        }
        Value::Object(out)
    }
}

#[derive(Default, Debug)]
struct Counts {
    generated: u64,
    invalid_skipped: u64,
    valid: u64,
    mutations: u64,
    mutations_still_valid: u64,
    rejected_by_parse: u64,
    rejected_by_validate: u64,
}

/// Which single-constraint mutations a run checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mutations {
    /// Every mutation except tag changes (and enum values, for responses).
    Constraints,
    /// Only tag changes (request types).
    Tags,
    /// As `Constraints`, but a `validate()` violation counts wherever it is reported.
    ConstraintsAnyPath,
}

fn run<T: DeserializeOwned + Serialize + Validate>(root: &str, is_request: bool, mode: Mutations) {
    let (schema, validator) = schema(root);
    let seed0 = base_seed()
        ^ root
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
    let mut counts = Counts::default();
    let mut failures: Vec<String> = Vec::new();
    for case in 0..cases() {
        let seed = seed0.wrapping_add(case);
        let mut gen = Gen::new(&schema, seed);
        let instance = gen.gen(&schema, "", 0);
        counts.generated += 1;
        if !validator.is_valid(&instance) {
            if std::env::var("PROPERTY_DEBUG").is_ok() && counts.invalid_skipped < 3 {
                for e in validator.iter_errors(&instance).take(3) {
                    eprintln!("{root}: {e} at {}", e.instance_path());
                }
            }
            counts.invalid_skipped += 1;
            continue;
        }
        counts.valid += 1;
        let fail = |msg: String| {
            format!("{root}, seed {seed} (PROPERTY_SEED={}, case {case}): {msg}\n  instance: {instance}", base_seed())
        };
        if mode != Mutations::Tags {
            let typed: T = match serde_json::from_value(instance.clone()) {
                Ok(t) => t,
                Err(e) => {
                    failures.push(fail(format!("a valid instance does not parse: {e}")));
                    continue;
                }
            };
            let back = serde_json::to_value(&typed).expect("serializes");
            if let Some(diff) = json_diff(&instance, &back) {
                failures.push(fail(format!("round trip changed the instance: {diff}")));
                continue;
            }
            if let Err(e) = typed.validate() {
                failures.push(fail(format!("validate() rejects a valid instance: {e}")));
            }
            if is_request {
                let text = serde_json::to_string(&typed).expect("serializes");
                let reparsed: Value = serde_json::from_str(&text).expect("JSON");
                let error = validator
                    .iter_errors(&reparsed)
                    .next()
                    .map(|e| format!("{e} at {}", e.instance_path()));
                if let Some(e) = error {
                    failures.push(fail(format!(
                        "the serialized request is not valid for its schema: {e}"
                    )));
                }
            }
        }
        let mut sites: Vec<Site> = gen
            .sites
            .iter()
            .filter(|s| match mode {
                Mutations::Constraints | Mutations::ConstraintsAnyPath => {
                    !s.tag && (is_request || !s.enum_value)
                }
                Mutations::Tags => s.tag,
            })
            .cloned()
            .collect();
        gen.rng.shuffle(&mut sites);
        sites.truncate(MUTATIONS_PER_CASE);
        for site in sites {
            let mutated = site.apply(&instance);
            counts.mutations += 1;
            if validator.is_valid(&mutated) {
                // Another branch of a union accepts the changed value: nothing was broken.
                counts.mutations_still_valid += 1;
                continue;
            }
            let what = format!("{} at `{}`", site.kind, site.expect_path);
            match serde_json::from_value::<T>(mutated.clone()) {
                Err(_) => counts.rejected_by_parse += 1,
                Ok(typed) => match typed.validate() {
                    Err(e)
                        if mode == Mutations::ConstraintsAnyPath
                            || e.violations.iter().any(|v| v.path == site.expect_path) =>
                    {
                        counts.rejected_by_validate += 1;
                    }
                    Err(e) => failures.push(fail(format!(
                        "{what}: validate() reports other paths: {e}\n  mutated: {mutated}"
                    ))),
                    Ok(()) => failures.push(fail(format!(
                        "{what}: parsed and passed validate()\n  mutated: {mutated}"
                    ))),
                },
            }
        }
    }
    eprintln!("{root}: {counts:?}");
    assert!(
        counts.valid * 2 >= counts.generated,
        "{root}: the generator made too few valid instances: {counts:?}"
    );
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(5).collect();
        panic!(
            "{root}: {} failure(s) ({counts:?}); the first:\n{}",
            failures.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

macro_rules! property_tests {
    ($($name:ident: $ty:ty, $request:expr;)*) => {
        $(
            #[test]
            fn $name() {
                run::<$ty>(stringify!($ty), $request, Mutations::Constraints);
            }
        )*
    };
}

property_tests! {
    create_thread_and_run_request: CreateThreadAndRunRequest, true;
    create_run_request: CreateRunRequest, true;
    submit_tool_outputs_run_request: SubmitToolOutputsRunRequest, true;
    modify_run_request: ModifyRunRequest, true;
    run_object: RunObject, false;
    run_step_object: RunStepObject, false;
    message_object: MessageObject, false;
    thread_object: ThreadObject, false;
    message_delta_object: MessageDeltaObject, false;
    run_step_delta_object: RunStepDeltaObject, false;
    list_runs_response: ListRunsResponse, false;
    list_run_steps_response: ListRunStepsResponse, false;
    error_response: ErrorResponse, false;
}

/// Every broken constraint of a stream event is rejected (by parsing or `validate()`); where
/// `validate()` reports it is checked by the ignored test below.
#[test]
fn assistant_stream_event() {
    run::<AssistantStreamEvent>("AssistantStreamEvent", false, Mutations::ConstraintsAnyPath);
}

#[test]
fn assistant_stream_event_violation_paths() {
    run::<AssistantStreamEvent>("AssistantStreamEvent", false, Mutations::Constraints);
}

/// A request whose tagged-union tag (tool type, content part type, chunking strategy type,
/// response format type, tool choice type, ...) is unknown or missing is rejected by parsing or
/// by `validate()`: the schema's `oneOf` accepts only the listed tags.
#[test]
fn request_unknown_tags_are_rejected() {
    run::<CreateThreadAndRunRequest>("CreateThreadAndRunRequest", true, Mutations::Tags);
    run::<CreateRunRequest>("CreateRunRequest", true, Mutations::Tags);
}
