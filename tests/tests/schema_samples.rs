//! Held-out responses: instances of the published description's schemas made by an independent
//! generator (hypothesis-jsonschema, `tests/schema-samples/generate.py`), committed in
//! `tests/fixtures/schema-samples/<Schema>.json`: the JSON request and 200 response bodies of
//! the generated operations, `AssistantStreamEvent`, its families of events (each decoded as an
//! `AssistantStreamEvent`) and the payloads of its events.
//!
//! Each instance decodes into its type, encodes back to the same JSON value and passes
//! `validate()`. Then it is changed the way a newer server changes a payload, one change at a
//! time and all at once: an undeclared property at each object level of the schema (kept in
//! `extra`), an unknown value for each string enum and union tag (kept as `Other` /
//! `Unknown`). `places/<Schema>.json` says, per instance, where the object levels and enum
//! values are, as the generator read them from the schema. Each changed instance decodes,
//! keeps the change and encodes back to the same JSON value.
//!
//! Every failure must be listed in `FINDINGS` with its reason, and every listed failure must
//! still happen. `SCHEMA_SAMPLES=DIR` runs the checks on another set made by
//! `generate.py --out DIR` (FINDINGS then apply to the committed set only).

use std::fs;
use std::path::Path;

use golden_tests::{json_diff, repo_root};
use libtest_mimic::{Arguments, Failed, Trial};
use openai_assistants::types::*;
use openai_assistants::Validate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

const EXTRA_KEY: &str = "x_future_field";
const UNKNOWN_VALUE: &str = "zz_future_value";

fn extra_value() -> Value {
    json!({"nested": [1, "two", {"deep": true}], "n": null})
}

/// A failure that the samples show and that is not the client's bug: the trial (its name
/// without the `schema_samples::` prefix), the text of the failure, and why.
struct Finding {
    trial: &'static str,
    failure: &'static str,
    why: &'static str,
}

const FINDINGS: &[Finding] = &[];

/// Where the object levels and enum values of one instance are (JSON Pointers).
#[derive(Deserialize)]
struct Places {
    objects: Vec<String>,
    enums: Vec<String>,
}

/// Decodes `value` as `T`, encodes it back and compares the values; `validate()` reports nothing.
fn round_trip<T: DeserializeOwned + Serialize + Validate>(value: &Value) -> Result<(), String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| {
        format!(
            "does not decode as {}: {e}",
            std::any::type_name::<T>()
                .rsplit("::")
                .next()
                .unwrap_or("?")
        )
    })?;
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))?;
    if let Some(diff) = json_diff(value, &back) {
        return Err(format!("the round trip changed the payload: {diff}"));
    }
    if let Err(e) = typed.validate() {
        let found: Vec<String> = e.violations.iter().map(ToString::to_string).collect();
        return Err(format!("validate() reports {found:?}"));
    }
    Ok(())
}

/// The changed `value` decodes as `T`, keeps `marker` (in `extra`, `Other(..)`, `Unknown(..)`)
/// and encodes back to the same value.
fn kept<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    value: &Value,
    marker: &str,
) -> Result<(), String> {
    let typed: T =
        serde_json::from_value(value.clone()).map_err(|e| format!("does not decode: {e}"))?;
    if !format!("{typed:?}").contains(marker) {
        return Err(format!("`{marker}` is not kept"));
    }
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))?;
    match json_diff(value, &back) {
        Some(diff) => Err(format!("the round trip changed the payload: {diff}")),
        None => Ok(()),
    }
}

/// Every change a newer server makes to `value`: (what, changed value, marker).
fn changes(value: &Value, places: &Places) -> Vec<(String, Value, &'static str)> {
    let mut out = Vec::new();
    let mut all = value.clone();
    for at in &places.objects {
        let mut changed = value.clone();
        for v in [&mut changed, &mut all] {
            v.pointer_mut(at)
                .and_then(Value::as_object_mut)
                .expect("places names an object")
                .insert(EXTRA_KEY.into(), extra_value());
        }
        out.push((format!("undeclared property at `{at}`"), changed, EXTRA_KEY));
    }
    for at in &places.enums {
        let mut changed = value.clone();
        for v in [&mut changed, &mut all] {
            *v.pointer_mut(at).expect("places names an enum value") = UNKNOWN_VALUE.into();
        }
        out.push((format!("unknown value at `{at}`"), changed, UNKNOWN_VALUE));
    }
    if out.len() > 1 {
        let marker = if places.objects.is_empty() {
            UNKNOWN_VALUE
        } else {
            EXTRA_KEY
        };
        out.push(("every change at once".into(), all, marker));
    }
    out
}

fn newer_server<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    value: &Value,
    places: &Places,
) -> Result<(), String> {
    let failures: Vec<String> = changes(value, places)
        .into_iter()
        .filter_map(|(what, changed, marker)| {
            kept::<T>(&changed, marker)
                .err()
                .map(|e| format!("{what}: {e}"))
        })
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

macro_rules! by_schema {
    ($schema:expr, $f:ident, $($args:expr),*) => {
        match $schema {
            "AssistantObject" => $f::<AssistantObject>($($args),*),
            "AssistantStreamEvent" | "DoneEvent" | "ErrorEvent" | "MessageStreamEvent"
            | "RunStepStreamEvent" | "RunStreamEvent" | "ThreadStreamEvent" => {
                $f::<AssistantStreamEvent>($($args),*)
            }
            "CreateAssistantRequest" => $f::<CreateAssistantRequest>($($args),*),
            "CreateMessageRequest" => $f::<CreateMessageRequest>($($args),*),
            "CreateRunRequest" => $f::<CreateRunRequest>($($args),*),
            "CreateThreadAndRunRequest" => $f::<CreateThreadAndRunRequest>($($args),*),
            "CreateThreadRequest" => $f::<CreateThreadRequest>($($args),*),
            "CreateVectorStoreFileBatchRequest" => $f::<CreateVectorStoreFileBatchRequest>($($args),*),
            "CreateVectorStoreFileRequest" => $f::<CreateVectorStoreFileRequest>($($args),*),
            "CreateVectorStoreRequest" => $f::<CreateVectorStoreRequest>($($args),*),
            "DeleteAssistantResponse" => $f::<DeleteAssistantResponse>($($args),*),
            "DeleteFileResponse" => $f::<DeleteFileResponse>($($args),*),
            "DeleteMessageResponse" => $f::<DeleteMessageResponse>($($args),*),
            "DeleteThreadResponse" => $f::<DeleteThreadResponse>($($args),*),
            "DeleteVectorStoreFileResponse" => $f::<DeleteVectorStoreFileResponse>($($args),*),
            "DeleteVectorStoreResponse" => $f::<DeleteVectorStoreResponse>($($args),*),
            "Error" => $f::<ErrorObject>($($args),*),
            "ListAssistantsResponse" => $f::<ListAssistantsResponse>($($args),*),
            "ListFilesResponse" => $f::<ListFilesResponse>($($args),*),
            "ListMessagesResponse" => $f::<ListMessagesResponse>($($args),*),
            "ListRunStepsResponse" => $f::<ListRunStepsResponse>($($args),*),
            "ListRunsResponse" => $f::<ListRunsResponse>($($args),*),
            "ListVectorStoreFilesResponse" => $f::<ListVectorStoreFilesResponse>($($args),*),
            "ListVectorStoresResponse" => $f::<ListVectorStoresResponse>($($args),*),
            "MessageDeltaObject" => $f::<MessageDeltaObject>($($args),*),
            "MessageObject" => $f::<MessageObject>($($args),*),
            "ModifyAssistantRequest" => $f::<ModifyAssistantRequest>($($args),*),
            "ModifyMessageRequest" => $f::<ModifyMessageRequest>($($args),*),
            "ModifyRunRequest" => $f::<ModifyRunRequest>($($args),*),
            "ModifyThreadRequest" => $f::<ModifyThreadRequest>($($args),*),
            "OpenAIFile" => $f::<OpenAiFile>($($args),*),
            "RunObject" => $f::<RunObject>($($args),*),
            "RunStepDeltaObject" => $f::<RunStepDeltaObject>($($args),*),
            "RunStepObject" => $f::<RunStepObject>($($args),*),
            "SubmitToolOutputsRunRequest" => $f::<SubmitToolOutputsRunRequest>($($args),*),
            "ThreadObject" => $f::<ThreadObject>($($args),*),
            "UpdateVectorStoreFileAttributesRequest" => $f::<UpdateVectorStoreFileAttributesRequest>($($args),*),
            "UpdateVectorStoreRequest" => $f::<UpdateVectorStoreRequest>($($args),*),
            "VectorStoreFileBatchObject" => $f::<VectorStoreFileBatchObject>($($args),*),
            "VectorStoreFileContentResponse" => $f::<VectorStoreFileContentResponse>($($args),*),
            "VectorStoreFileObject" => $f::<VectorStoreFileObject>($($args),*),
            "VectorStoreObject" => $f::<VectorStoreObject>($($args),*),
            "VectorStoreSearchRequest" => $f::<VectorStoreSearchRequest>($($args),*),
            "VectorStoreSearchResultsPage" => $f::<VectorStoreSearchResultsPage>($($args),*),
            other => Err(format!("no type for the schema `{other}` in by_schema!: add it")),
        }
    };
}

/// The outcome of a trial, held against `FINDINGS`: an unlisted failure fails, and so does a
/// listed one that no longer happens.
/// Each property left out in turn, as a server that omits a field sends it
/// ([`golden_tests::every_property_left_out`]); but a stream event's `event` and `data`: the
/// envelope stands for an SSE frame, whose name and data are never missing.
fn left_out<T: DeserializeOwned + Serialize + Validate>(value: &Value) -> Result<(), String> {
    let envelope = std::any::type_name::<T>().ends_with("::AssistantStreamEvent");
    let kept: &[(&str, &str)] = if envelope {
        &[("", "event"), ("", "data")]
    } else {
        &[]
    };
    golden_tests::every_property_left_out::<T>("the sample", value, kept).map(|_| ())
}

fn judged(trial: &str, outcome: Result<(), String>) -> Result<(), Failed> {
    let finding = FINDINGS.iter().find(|f| f.trial == trial);
    match (outcome, finding) {
        (Ok(()), None) => Ok(()),
        (Err(e), None) => Err(e.into()),
        (Err(e), Some(f)) if e.contains(f.failure) => Ok(()),
        (Err(e), Some(f)) => Err(format!(
            "fails, but not with the listed `{}` ({}): {e}",
            f.failure, f.why
        )
        .into()),
        (Ok(()), Some(f)) => Err(format!(
            "passes now, though FINDINGS lists it ({}): remove the entry",
            f.why
        )
        .into()),
    }
}

/// `generate.py` closes the `{event, data}` envelope of a stream event (its ADJUSTMENTS): it
/// stands for an SSE frame, which has no room for other members, and `AssistantStreamEvent`
/// keeps none. If it ever keeps them, the adjustment can go.
fn the_stream_event_envelope_keeps_only_event_and_data() -> Result<(), Failed> {
    let sent = json!({"event": "done", "data": "[DONE]", EXTRA_KEY: extra_value()});
    let event: AssistantStreamEvent = serde_json::from_value(sent)?;
    let back = serde_json::to_value(&event)?;
    match json_diff(&json!({"event": "done", "data": "[DONE]"}), &back) {
        None => Ok(()),
        Some(diff) => Err(format!("the envelope changed: {diff}: drop the adjustment").into()),
    }
}

fn read(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run tests/schema-samples/generate.py)",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn main() {
    let args = Arguments::from_args();
    // Another held-out set (`generate.py --out DIR`) can be checked with SCHEMA_SAMPLES=DIR.
    let other = std::env::var_os("SCHEMA_SAMPLES");
    let committed = other.is_none();
    let dir = other.map_or_else(
        || repo_root().join("tests/fixtures/schema-samples"),
        std::path::PathBuf::from,
    );
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("tests/fixtures/schema-samples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no samples in {}", dir.display());
    let mut names = Vec::new();
    let mut trials = Vec::new();
    for file in files {
        let schema = file.file_stem().unwrap().to_string_lossy().into_owned();
        let Value::Array(instances) = read(&file) else {
            panic!("{}: not an array of instances", file.display());
        };
        let places: Vec<Places> =
            serde_json::from_value(read(&dir.join("places").join(file.file_name().unwrap())))
                .expect("places: objects and enums per instance");
        assert_eq!(places.len(), instances.len(), "places of {schema}");
        for (i, (value, places)) in instances.into_iter().zip(places).enumerate() {
            let name = format!("round_trip::{schema}::{i}");
            names.push(name.clone());
            let (s, v) = (schema.clone(), value.clone());
            trials.push(Trial::test(name.clone(), move || {
                judged(&name, by_schema!(s.as_str(), round_trip, &v))
            }));
            let name = format!("left_out::{schema}::{i}");
            names.push(name.clone());
            let (s, v) = (schema.clone(), value.clone());
            trials.push(Trial::test(name.clone(), move || {
                judged(&name, by_schema!(s.as_str(), left_out, &v))
            }));
            let name = format!("newer_server::{schema}::{i}");
            names.push(name.clone());
            let s = schema.clone();
            trials.push(Trial::test(name.clone(), move || {
                judged(&name, by_schema!(s.as_str(), newer_server, &value, &places))
            }));
        }
    }
    for finding in FINDINGS.iter().filter(|_| committed) {
        assert!(
            names.iter().any(|n| n == finding.trial),
            "FINDINGS names a trial that does not exist: {}",
            finding.trial
        );
    }
    trials.push(Trial::test(
        "the_stream_event_envelope_keeps_only_event_and_data",
        the_stream_event_envelope_keeps_only_event_and_data,
    ));
    libtest_mimic::run(&args, trials).exit();
}
