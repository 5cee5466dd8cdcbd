//! Golden round trips: every documented payload (one fixture file each, in a folder named after
//! its root type) parses into the generated type and serializes back to the same JSON value, and
//! is valid for its JSON Schema. Server-sent event transcripts contribute one case per event.
//! Repairs of documentation errors come only from `tests/errata.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use golden_tests::{errata, fixtures_dir, json_diff, repaired, Erratum};
use jsonschema::error::ValidationErrorKind;
use libtest_mimic::{Arguments, Failed, Trial};
use openai_assistants::sse::SseParser;
use openai_assistants::types::*;
use openai_assistants::Validate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Parse the text into `T`, serialize, compare as JSON values; requests must also pass
/// `validate()`.
fn round_trip<T: DeserializeOwned + Serialize + Validate>(
    text: &str,
    is_request: bool,
) -> Result<(), Failed> {
    let expected: Value =
        serde_json::from_str(text).map_err(|e| format!("fixture is not JSON: {e}"))?;
    let typed: T = serde_json::from_str(text)
        .map_err(|e| format!("does not parse as {}: {e}", std::any::type_name::<T>()))?;
    let actual = serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {e}"))?;
    if let Some(diff) = json_diff(&expected, &actual) {
        return Err(format!("round trip changed the payload: {diff}").into());
    }
    if is_request {
        typed
            .validate()
            .map_err(|e| format!("a documented request fails validate(): {e}"))?;
    }
    Ok(())
}

/// The error parsing `text` as `T` gives (for negative cases).
fn parse_error<T: DeserializeOwned>(text: &str) -> Option<String> {
    serde_json::from_str::<T>(text).err().map(|e| e.to_string())
}

macro_rules! by_root {
    ($root:expr, $f:ident, $($args:expr),*) => {
        match $root {
            "CreateThreadAndRunRequest" => $f::<CreateThreadAndRunRequest>($($args),*),
            "CreateRunRequest" => $f::<CreateRunRequest>($($args),*),
            "SubmitToolOutputsRunRequest" => $f::<SubmitToolOutputsRunRequest>($($args),*),
            "ModifyRunRequest" => $f::<ModifyRunRequest>($($args),*),
            "RunObject" => $f::<RunObject>($($args),*),
            "RunStepObject" => $f::<RunStepObject>($($args),*),
            "MessageObject" => $f::<MessageObject>($($args),*),
            "ThreadObject" => $f::<ThreadObject>($($args),*),
            "MessageDeltaObject" => $f::<MessageDeltaObject>($($args),*),
            "RunStepDeltaObject" => $f::<RunStepDeltaObject>($($args),*),
            "ListRunsResponse" => $f::<ListRunsResponse>($($args),*),
            "ListRunStepsResponse" => $f::<ListRunStepsResponse>($($args),*),
            "ErrorResponse" => $f::<ErrorResponse>($($args),*),
            "AssistantStreamEvent" => $f::<AssistantStreamEvent>($($args),*),
            other => panic!("fixture folder `{other}` is not a root type"),
        }
    };
}

/// One JSON Schema validator per root, built from the patched schemas.
struct Schemas {
    validators: BTreeMap<String, jsonschema::Validator>,
}

impl Schemas {
    fn load(roots: &[String]) -> Self {
        let inputs = xtask::project_inputs().expect("the published description is readable");
        let settings = codegen::Settings::new().entry("openapi.yaml");
        let validators = roots
            .iter()
            .map(|root| {
                let schema =
                    codegen::json_schema(&settings, &inputs, root).expect("root schema bundles");
                let validator = jsonschema::validator_for(&schema)
                    .unwrap_or_else(|e| panic!("schema of {root} is not a valid JSON Schema: {e}"));
                (root.clone(), validator)
            })
            .collect();
        Self { validators }
    }

    fn check(&self, root: &str, instance: &Value) -> Result<(), String> {
        let errors: Vec<String> = self.validators[root]
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }

    /// The JSON Pointers of the required properties `instance` leaves out; any other violation
    /// of the schema of `root` is an error.
    fn missing_required(&self, root: &str, instance: &Value) -> Result<BTreeSet<String>, String> {
        let mut missing = BTreeSet::new();
        let mut other = Vec::new();
        for e in self.validators[root].iter_errors(instance) {
            match e.kind() {
                ValidationErrorKind::Required { property } => {
                    let name = property.as_str().unwrap_or_default();
                    missing.insert(format!("{}/{name}", e.instance_path().as_str()));
                }
                _ => other.push(format!("{} at {}", e, e.instance_path())),
            }
        }
        if other.is_empty() {
            Ok(missing)
        } else {
            Err(other.join("; "))
        }
    }
}

/// The JSON Pointers of the required fields `validate()` reports missing (left out, decoded
/// leniently), below `prefix`.
fn reported_missing(value: &impl Validate, prefix: &str) -> Result<BTreeSet<String>, String> {
    let Err(e) = value.validate() else {
        return Ok(BTreeSet::new());
    };
    let mut missing = BTreeSet::new();
    for v in &e.violations {
        if !v.message.ends_with("is missing") {
            return Err(format!("validate() reports {v}"));
        }
        let path = v.path.strip_prefix(prefix).unwrap_or(&v.path);
        missing.insert(path.to_string());
    }
    Ok(missing)
}

/// The root type of a stream event's `data` in the description (`None` for `done`).
fn data_root(event: &str) -> Option<&'static str> {
    Some(match event {
        "done" => return None,
        "error" => "Error",
        "thread.created" => "ThreadObject",
        "thread.run.step.delta" => "RunStepDeltaObject",
        "thread.message.delta" => "MessageDeltaObject",
        e if e.starts_with("thread.run.step.") => "RunStepObject",
        e if e.starts_with("thread.message.") => "MessageObject",
        e if e.starts_with("thread.run.") => "RunObject",
        other => panic!("no data root for event `{other}`"),
    })
}

struct Event {
    name: String,
    data: String,
}

fn events(text: &str) -> Result<Vec<Event>, String> {
    let mut parser = SseParser::new();
    parser.feed(text.as_bytes()).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    while let Some(event) = parser.next_event() {
        out.push(event);
    }
    if let Some(last) = parser.finish().map_err(|e| e.to_string())? {
        out.push(last);
    }
    Ok(out
        .into_iter()
        .map(|e| Event {
            name: e.event.unwrap_or_else(|| "message".into()),
            data: e.data,
        })
        .collect())
}

/// The `{"event", "data"}` value the reference documents for one server-sent event.
fn event_value(event: &Event) -> Value {
    let data =
        serde_json::from_str(&event.data).unwrap_or_else(|_| Value::String(event.data.clone()));
    serde_json::json!({ "event": event.name, "data": data })
}

fn event_round_trip(event: &Event, schemas: &Schemas) -> Result<(), Failed> {
    let expected = event_value(event);
    let parsed = AssistantStreamEvent::from_parts(&event.name, &event.data)
        .map_err(|e| format!("`{}` event does not parse: {e}", event.name))?;
    if matches!(parsed, AssistantStreamEvent::Unknown { .. }) {
        return Err(format!("documented event `{}` parsed as Unknown", event.name).into());
    }
    let actual = serde_json::to_value(&parsed)?;
    if let Some(diff) = json_diff(&expected, &actual) {
        return Err(format!("round trip through from_parts changed the event: {diff}").into());
    }
    let text = serde_json::to_string(&expected)?;
    round_trip::<AssistantStreamEvent>(&text, false)?;
    // Valid for its schema except for required-but-nullable fields the documentation leaves
    // out, which the type decodes leniently and `validate()` reports, one for one.
    if let Some(root) = data_root(&event.name) {
        let missing = schemas
            .missing_required(root, &expected["data"])
            .map_err(|e| format!("data not valid for {root}: {e}"))?;
        let reported = reported_missing(&parsed, "/data")?;
        if missing != reported {
            return Err(format!(
                "the schema finds {missing:?} missing, validate() reports {reported:?}"
            )
            .into());
        }
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let errata = errata();
    let mut fixtures: Vec<(String, String, String)> = Vec::new();
    let mut roots: Vec<String> = Vec::new();
    let mut dirs: Vec<_> = fs::read_dir(fixtures_dir())
        .expect("tests/fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    // `python-sdk/` and `node-sdk/` hold requests of the official Python and Node SDKs
    // (`python_sdk_requests.rs`, `node_sdk_requests.rs`), `openai/` the published
    // description's examples (`description_examples.rs`), `schema-samples/` instances of its
    // schemas by hypothesis-jsonschema (`schema_samples.rs`).
    dirs.retain(|dir| {
        !["python-sdk", "node-sdk", "openai", "schema-samples"]
            .iter()
            .any(|skip| dir.ends_with(skip))
    });
    dirs.sort();
    for dir in dirs {
        let root = dir.file_name().unwrap().to_string_lossy().to_string();
        roots.push(root.clone());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            let text = fs::read_to_string(&file).unwrap();
            fixtures.push((root.clone(), name, text));
        }
    }
    for e in &errata {
        assert!(
            fixtures
                .iter()
                .any(|(r, n, _)| format!("{r}/{n}") == e.fixture),
            "erratum names a missing fixture: {}",
            e.fixture
        );
        assert!(
            !e.why.trim().is_empty(),
            "erratum for {} has no reason",
            e.fixture
        );
    }
    // The roots of the stream events' data.
    for root in [
        "Error",
        "ThreadObject",
        "RunObject",
        "RunStepObject",
        "RunStepDeltaObject",
        "MessageObject",
        "MessageDeltaObject",
    ] {
        if !roots.iter().any(|r| r == root) {
            roots.push(root.to_string());
        }
    }
    let schemas = std::sync::Arc::new(Schemas::load(&roots));
    let errata = std::sync::Arc::new(errata);
    let mut trials = Vec::new();
    for (root, name, text) in fixtures {
        let id = format!("{root}/{name}");
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(s, _)| s)
            .to_string();
        let negative: Option<&Erratum> = errata.iter().find(|e| e.fixture == id && e.negative);
        if let Some(e) = negative {
            let expect = e.expect_error.clone().unwrap_or_default();
            let (schemas, root2) = (schemas.clone(), root.clone());
            trials.push(Trial::test(
                format!("documented_payload_is_rejected_with_a_clear_error::{root}::{stem}"),
                move || {
                    let error = by_root!(root2.as_str(), parse_error, &text)
                        .ok_or("an invalid documented payload parsed")?;
                    if !error.contains(&expect) {
                        return Err(format!("error does not name `{expect}`: {error}").into());
                    }
                    let instance: Value = serde_json::from_str(&text)?;
                    if schemas.check(&root2, &instance).is_ok() {
                        return Err(
                            "the JSON Schema accepts the payload that the type rejects".into()
                        );
                    }
                    Ok(())
                },
            ));
            continue;
        }
        let text = match repaired(&id, &text, &errata) {
            Ok(text) => text,
            Err(e) => {
                trials.push(Trial::test(
                    format!("errata_apply::{root}::{stem}"),
                    move || Err(e.clone().into()),
                ));
                continue;
            }
        };
        if name.ends_with(".sse") {
            let events = match events(&text) {
                Ok(events) => events,
                Err(e) => {
                    trials.push(Trial::test(
                        format!("transcript_parses::{stem}"),
                        move || Err(e.clone().into()),
                    ));
                    continue;
                }
            };
            for (i, event) in events.into_iter().enumerate() {
                let schemas = schemas.clone();
                trials.push(Trial::test(
                    format!("round_trip::{root}::{stem}::{i:02}_{}", event.name),
                    move || event_round_trip(&event, &schemas),
                ));
            }
            continue;
        }
        let is_request = root.ends_with("Request");
        let (text2, root2) = (text.clone(), root.clone());
        trials.push(Trial::test(
            format!("round_trip::{root}::{stem}"),
            move || by_root!(root2.as_str(), round_trip, &text2, is_request),
        ));
        let schemas = schemas.clone();
        trials.push(Trial::test(
            format!("fixture_is_valid_for_its_schema::{root}::{stem}"),
            move || {
                let instance: Value = serde_json::from_str(&text)?;
                schemas
                    .check(&root, &instance)
                    .map_err(|e| Failed::from(format!("invalid: {e}")))
            },
        ));
    }
    libtest_mimic::run(&args, trials).exit();
}
