//! Forward compatibility, proven on documented payloads: a Run object, a run step with tool-call
//! step details, a message with text content and annotations, and every event of the documented
//! stream transcripts (repaired with the errata) keep working when the server adds fields at any
//! object level or sends tag and enum values this version does not know. Each changed payload
//! parses, the unknown parts are kept (`Unknown(..)`, `Other(..)` or `extra`), and serializing
//! gives back exactly the input.

use std::fs;

use golden_tests::{errata, fixtures_dir, json_diff, repaired};
use openai_assistants::sse::SseParser;
use openai_assistants::types::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const EXTRA_KEY: &str = "x_future_field";
const UNKNOWN_TAG: &str = "zz_future_value";
/// Keys whose string values are tags of tagged unions or values of (open) enums.
const TAG_KEYS: &[&str] = &["type", "status", "role", "reason", "code", "detail"];

fn extra_value() -> Value {
    json!({"nested": [1, "two", {"deep": true}], "n": null})
}

/// Maps (`metadata`) and free-form JSON (function `parameters`) are not object levels of the
/// schema: a key added there is data, not an unknown field; a `type` there is not a tag.
fn is_free_form(pointer: &str) -> bool {
    pointer.contains("/metadata") || pointer.contains("/parameters")
}

/// The JSON Pointer of every object in the value that is an object level of the schema.
fn object_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if !is_free_form(&at) {
                out.push(at.clone());
            }
            for (k, v) in map {
                object_pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                object_pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The JSON Pointer of every tag or enum value.
fn tag_pointers(value: &Value) -> Vec<String> {
    let mut objects = Vec::new();
    object_pointers(value, String::new(), &mut objects);
    let mut out = Vec::new();
    for at in objects {
        let object = value.pointer(&at).and_then(Value::as_object).unwrap();
        for key in TAG_KEYS {
            if object.get(*key).is_some_and(Value::is_string) {
                out.push(format!("{at}/{key}"));
            }
        }
    }
    out
}

/// Every variant of the payload to try: an unknown field added at each object level, each tag
/// replaced by an unknown one, and all of those at once. Each comes with the marker its parsed
/// `Debug` form must show (the kept unknown part).
fn variants(value: &Value) -> Vec<(String, Value, &'static str)> {
    let mut out = Vec::new();
    let mut objects = Vec::new();
    object_pointers(value, String::new(), &mut objects);
    let mut all = value.clone();
    for at in &objects {
        let mut v = value.clone();
        v.pointer_mut(at)
            .and_then(Value::as_object_mut)
            .unwrap()
            .insert(EXTRA_KEY.into(), extra_value());
        all.pointer_mut(at)
            .and_then(Value::as_object_mut)
            .unwrap()
            .insert(EXTRA_KEY.into(), extra_value());
        out.push((format!("unknown field at `{at}`"), v, EXTRA_KEY));
    }
    for at in tag_pointers(value) {
        let mut v = value.clone();
        *v.pointer_mut(&at).unwrap() = UNKNOWN_TAG.into();
        *all.pointer_mut(&at).unwrap() = UNKNOWN_TAG.into();
        out.push((format!("unknown value at `{at}`"), v, UNKNOWN_TAG));
    }
    if !objects.is_empty() {
        out.push(("every change at once".into(), all, EXTRA_KEY));
    }
    out
}

/// The payload parses, keeps the marker, and serializes back to exactly the input.
fn check<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    what: &str,
    value: &Value,
    marker: &str,
) -> Result<(), String> {
    let typed: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("{what}: does not parse: {e}"))?;
    let debug = format!("{typed:?}");
    if !debug.contains(marker) {
        return Err(format!("{what}: `{marker}` is not kept: {debug}"));
    }
    // Kept: in `Unknown(..)` / `Other(..)` for unions and enums, in `extra` for fields, or
    // as the string itself where the schema's constant is a plain `String` field.
    let back = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    match json_diff(value, &back) {
        Some(diff) => Err(format!("{what}: round trip changed the payload: {diff}")),
        None => Ok(()),
    }
}

fn check_all<T: DeserializeOwned + Serialize + std::fmt::Debug>(name: &str, doc: &Value) {
    let validator = validator(name);
    assert!(
        validator.is_valid(doc),
        "the {name} document is valid for its schema"
    );
    check::<T>(&format!("{name} as documented"), doc, "").unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    let variants = variants(doc);
    for (what, v, marker) in &variants {
        if let Err(e) = check::<T>(&format!("{name}, {what}"), v, marker) {
            failures.push(e);
        }
    }
    eprintln!("{name}: {} variants", variants.len());
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn validator(root: &str) -> jsonschema::Validator {
    let inputs = xtask::project_inputs().expect("the published description is readable");
    let settings = codegen::Settings::new().entry("openapi.yaml");
    let schema = codegen::json_schema(&settings, &inputs, root).expect("bundles");
    jsonschema::validator_for(&schema).expect("valid JSON Schema")
}

#[test]
fn run_object_keeps_unknown_fields_and_values() {
    for file in [
        "returns_example.json",
        "create_thread_and_run_response.json",
    ] {
        let text = fs::read_to_string(fixtures_dir().join("RunObject").join(file)).unwrap();
        let text = repaired(&format!("RunObject/{file}"), &text, &errata()).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        check_all::<RunObject>("RunObject", &doc);
    }
}

#[test]
fn run_step_with_tool_calls_keeps_unknown_fields_and_values() {
    let doc = json!({
        "id": "step_abc123", "object": "thread.run.step", "created_at": 1699063291,
        "run_id": "run_abc123", "assistant_id": "asst_abc123", "thread_id": "thread_abc123",
        "type": "tool_calls", "status": "completed",
        "cancelled_at": null, "completed_at": 1699063292, "expired_at": null, "failed_at": null,
        "last_error": null,
        "step_details": {"type": "tool_calls", "tool_calls": [
            {"id": "call_1", "type": "function",
             "function": {"name": "get_weather", "arguments": "{\"city\":\"SF\"}", "output": null}},
            {"id": "call_2", "type": "code_interpreter",
             "code_interpreter": {"input": "print(1)", "outputs": [
                 {"type": "logs", "logs": "1"},
                 {"type": "image", "image": {"file_id": "file_1"}}]}},
            {"id": "call_3", "type": "file_search", "file_search": {}}
        ]},
        "usage": {"prompt_tokens": 123, "completion_tokens": 456, "total_tokens": 579},
        "metadata": {"k": "v"}
    });
    check_all::<RunStepObject>("RunStepObject", &doc);
}

#[test]
fn message_with_annotations_keeps_unknown_fields_and_values() {
    let doc = json!({
        "id": "msg_abc123", "object": "thread.message", "created_at": 1698983503,
        "thread_id": "thread_abc123", "status": "completed", "incomplete_details": null,
        "completed_at": 1698983504, "incomplete_at": null, "role": "assistant",
        "content": [
            {"type": "text", "text": {"value": "See 【4:0†source】 and the file.", "annotations": [
                {"type": "file_citation", "text": "【4:0†source】", "start_index": 4,
                 "end_index": 16, "file_citation": {"file_id": "file_1"}},
                {"type": "file_path", "text": "sandbox:/mnt/data/a.csv", "start_index": 20,
                 "end_index": 43, "file_path": {"file_id": "file_2"}}
            ]}},
            {"type": "image_file", "image_file": {"file_id": "file_3", "detail": "auto"}}
        ],
        "assistant_id": "asst_abc123", "run_id": "run_abc123",
        "attachments": [{"file_id": "file_4", "tools": [{"type": "code_interpreter"}]}],
        "metadata": {}
    });
    check_all::<MessageObject>("MessageObject", &doc);
}

struct Event {
    name: String,
    data: String,
}

fn transcript_events() -> Vec<(String, Event)> {
    let errata = errata();
    let mut out = Vec::new();
    for file in ["function_tool_transcript.sse", "streaming_transcript.sse"] {
        let path = fixtures_dir().join("AssistantStreamEvent").join(file);
        let text = fs::read_to_string(path).unwrap();
        let text = repaired(&format!("AssistantStreamEvent/{file}"), &text, &errata).unwrap();
        let mut parser = SseParser::new();
        parser.feed(text.as_bytes()).unwrap();
        let mut events = Vec::new();
        while let Some(e) = parser.next_event() {
            events.push(e);
        }
        events.extend(parser.finish().unwrap());
        for (i, e) in events.into_iter().enumerate() {
            let name = e.event_type().to_string();
            out.push((format!("{file}#{i} ({name})"), Event { name, data: e.data }));
        }
    }
    out
}

/// `from_parts` on the (changed) payload: it parses, keeps the marker and serializes back to
/// `{"event": name, "data": payload}` exactly.
fn check_event(what: &str, name: &str, data: &Value, marker: &str) -> Result<(), String> {
    let text = match data {
        Value::String(s) if name == "done" || s == "[DONE]" => s.clone(),
        other => other.to_string(),
    };
    let parsed = AssistantStreamEvent::from_parts(name, &text)
        .map_err(|e| format!("{what}: does not parse: {e}"))?;
    let debug = format!("{parsed:?}");
    if !debug.contains(marker) {
        return Err(format!("{what}: `{marker}` is not kept: {debug}"));
    }
    // Kept: in `Unknown(..)` / `Other(..)` for unions and enums, in `extra` for fields, or
    // as the string itself where the schema's constant is a plain `String` field.
    let expected = json!({"event": name, "data": data});
    let back = serde_json::to_value(&parsed).map_err(|e| e.to_string())?;
    if let Some(diff) = json_diff(&expected, &back) {
        return Err(format!("{what}: round trip changed the event: {diff}"));
    }
    // The `{"event", "data"}` value parses to the same event too.
    let again: AssistantStreamEvent =
        serde_json::from_value(expected).map_err(|e| format!("{what}: value form: {e}"))?;
    if again != parsed {
        return Err(format!("{what}: the value form parses differently"));
    }
    Ok(())
}

#[test]
fn stream_events_keep_unknown_fields_and_values() {
    let mut failures = Vec::new();
    let mut count = 0;
    let events = transcript_events();
    assert!(events.len() >= 20, "both transcripts have their events");
    for (id, event) in &events {
        let data: Value =
            serde_json::from_str(&event.data).unwrap_or_else(|_| Value::String(event.data.clone()));
        let mut cases = vec![(
            format!("{id}: unknown event name"),
            UNKNOWN_TAG.to_string(),
            data.clone(),
            UNKNOWN_TAG,
        )];
        for (what, v, marker) in variants(&data) {
            cases.push((format!("{id}: {what}"), event.name.clone(), v, marker));
        }
        for (what, name, v, marker) in cases {
            count += 1;
            if let Err(e) = check_event(&what, &name, &v, marker) {
                failures.push(e);
            }
        }
    }
    eprintln!("stream events: {} events, {count} variants", events.len());
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
