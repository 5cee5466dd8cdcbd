//! Typed function tools and structured outputs: the derived schemas checked against the rules of
//! strict mode, the typed tool loop against a loopback server (what is submitted for a good
//! call, bad arguments, a handler error, an unknown function), and structured outputs sent and
//! parsed.

mod support;

use std::time::Duration;

use openai_assistants::accumulate::RunAccumulator;
use openai_assistants::helpers::PollOptions;
use openai_assistants::tools::Tools;
use openai_assistants::typed::{parse_output, strict_schema};
use openai_assistants::types::{
    AssistantsApiResponseFormatOption, CreateRunRequest, CreateThreadAndRunRequest, FunctionTool,
    RunObject, RunStatus,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use support::*;

/// The arguments of the documented `get_current_weather`.
#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct WeatherArgs {
    /// The city and state, e.g. San Francisco, CA
    location: String,
    unit: Option<Unit>,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Unit {
    Celsius,
    Fahrenheit,
}

/// A type with every construct the strict rules touch: nested and optional structs, lists of
/// structs, a data-carrying enum, a recursive type, integers with schemars formats, defaults.
#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Trip {
    /// Where to.
    destination: Place,
    /// A second stop, if any.
    stopover: Option<Place>,
    note: Option<String>,
    travellers: Vec<Traveller>,
    #[serde(default)]
    nights: u32,
    transport: Transport,
    itinerary: Step,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Place {
    city: String,
    country: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Traveller {
    name: String,
    age: Option<u8>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[allow(dead_code)]
enum Transport {
    Train {
        operator: String,
    },
    Flight {
        number: String,
        seat: Option<String>,
    },
    Walk,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Step {
    what: String,
    /// What comes next.
    next: Option<Box<Step>>,
}

// ---------------------------------------------------------------------------------------------
// The derived schemas
// ---------------------------------------------------------------------------------------------

/// Every rule of strict mode that a schema must keep, checked at every subschema; returns the
/// violations with their JSON pointers.
fn strict_violations(schema: &Value) -> Vec<String> {
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    walk(schema, "", &defs, &mut out);
    out
}

fn walk(schema: &Value, pointer: &str, defs: &Map<String, Value>, out: &mut Vec<String>) {
    let Some(object) = schema.as_object() else {
        out.push(format!("{pointer}: not an object schema: {schema}"));
        return;
    };
    for keyword in [
        "oneOf",
        "allOf",
        "not",
        "if",
        "unevaluatedProperties",
        "patternProperties",
        "minLength",
        "maxLength",
        "uniqueItems",
        "$schema",
        "default",
    ] {
        if object.contains_key(keyword) {
            out.push(format!(
                "{pointer}: `{keyword}` is not allowed in strict mode"
            ));
        }
    }
    if let Some(reference) = object.get("$ref") {
        if object.len() > 1 {
            out.push(format!("{pointer}: `$ref` with sibling keywords"));
        }
        let name = reference
            .as_str()
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .unwrap_or_default();
        if !defs.contains_key(name) {
            out.push(format!("{pointer}: `$ref` {reference} names no definition"));
        }
    }
    if let Some(format) = object.get("format") {
        if !["date-time", "date", "time", "duration", "email", "uuid"]
            .contains(&format.as_str().unwrap_or_default())
        {
            out.push(format!("{pointer}: format {format} is not supported"));
        }
    }
    let is_object =
        object.get("type") == Some(&json!("object")) || object.contains_key("properties");
    if is_object {
        if object.get("additionalProperties") != Some(&Value::Bool(false)) {
            out.push(format!("{pointer}: no `additionalProperties: false`"));
        }
        let properties: Vec<&String> = object
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().collect())
            .unwrap_or_default();
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for name in &properties {
            if !required.contains(&name.as_str()) {
                out.push(format!("{pointer}: property `{name}` is not required"));
            }
        }
        if required.len() != properties.len() {
            out.push(format!(
                "{pointer}: `required` lists other names than `properties`"
            ));
        }
    }
    for keyword in ["properties", "$defs"] {
        if let Some(children) = object.get(keyword).and_then(Value::as_object) {
            for (name, child) in children {
                walk(child, &format!("{pointer}/{keyword}/{name}"), defs, out);
            }
        }
    }
    if let Some(children) = object.get("anyOf").and_then(Value::as_array) {
        for (i, child) in children.iter().enumerate() {
            walk(child, &format!("{pointer}/anyOf/{i}"), defs, out);
        }
    }
    if let Some(items) = object.get("items") {
        walk(items, &format!("{pointer}/items"), defs, out);
    }
}

/// Whether a property's schema admits `null`.
fn nullable(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::Array(types)) => types.contains(&json!("null")),
        Some(t) => t == "null",
        None => schema
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|arms| arms.iter().any(nullable)),
    }
}

#[test]
fn a_derived_schema_keeps_every_strict_mode_rule_at_every_depth() {
    let schema = Value::Object(strict_schema::<Trip>());
    assert_eq!(
        strict_violations(&schema),
        Vec::<String>::new(),
        "{schema:#}"
    );
    assert_eq!(schema["type"], "object", "the root is an object");
}

#[test]
fn optional_fields_are_required_but_nullable_and_other_fields_are_not_nullable() {
    let schema = Value::Object(strict_schema::<Trip>());
    let properties = &schema["properties"];
    assert!(nullable(&properties["stopover"]), "{schema:#}");
    assert!(nullable(&properties["note"]), "{schema:#}");
    assert!(!nullable(&properties["destination"]), "{schema:#}");
    assert!(!nullable(&properties["nights"]), "{schema:#}");
    let traveller = &schema["$defs"]["Traveller"]["properties"];
    assert!(nullable(&traveller["age"]), "{schema:#}");
    assert!(!nullable(&traveller["name"]), "{schema:#}");
}

/// Fields in an order no sorting gives.
#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Reasoned {
    reasoning: String,
    answer: String,
    confidence: f64,
}

/// The model writes a structured output's fields in the schema's order, so "think first"
/// structs only work if the derived schema keeps the declaration order (schemars keeps it only
/// with serde_json's `preserve_order`, which the `schemars` feature turns on).
#[test]
fn a_derived_schema_lists_fields_in_declaration_order() {
    let schema = strict_schema::<Reasoned>();
    let properties: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    assert_eq!(properties, ["reasoning", "answer", "confidence"]);
    assert_eq!(
        schema["required"],
        json!(["reasoning", "answer", "confidence"])
    );
}

#[test]
fn the_strict_checker_rejects_what_the_api_rejects() {
    // The checker of the tests above must be able to fail.
    let loose = json!({
        "type": "object",
        "properties": {"a": {"type": "string", "minLength": 1}, "b": {"$ref": "#/$defs/B", "description": "x"}},
        "required": ["a"],
        "$defs": {"B": {"type": "object", "properties": {}}}
    });
    let mut found = strict_violations(&loose);
    found.sort();
    let mut expected = [
        "/properties/a: `minLength` is not allowed in strict mode",
        "/properties/b: `$ref` with sibling keywords",
        "/$defs/B: no `additionalProperties: false`",
        ": no `additionalProperties: false`",
        ": property `b` is not required",
        ": `required` lists other names than `properties`",
    ];
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn the_weather_tool_is_the_documented_function_in_strict_form() {
    let tool = FunctionTool::of::<WeatherArgs>(
        "get_current_weather",
        "Get the current weather in a given location",
    );
    assert_eq!(
        serde_json::to_value(&tool).unwrap(),
        json!({
            "function": {
                "name": "get_current_weather",
                "description": "Get the current weather in a given location",
                "strict": true,
                "parameters": {
                    "title": "WeatherArgs",
                    "description": "The arguments of the documented `get_current_weather`.",
                    "type": "object",
                    "properties": {
                        "location": {
                            "type": "string",
                            "description": "The city and state, e.g. San Francisco, CA"
                        },
                        "unit": {
                            "anyOf": [{"$ref": "#/$defs/Unit"}, {"type": "null"}]
                        }
                    },
                    "required": ["location", "unit"],
                    "additionalProperties": false,
                    "$defs": {
                        "Unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
                    }
                }
            }
        })
    );
}

// ---------------------------------------------------------------------------------------------
// The typed tool loop
// ---------------------------------------------------------------------------------------------

/// Why a handler failed (any `Display` will do).
#[derive(Debug)]
struct Unavailable;

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the weather service is unavailable")
    }
}

fn weather_tools(fail: bool) -> Tools<'static> {
    Tools::new().add("get_current_weather", move |args: WeatherArgs| async move {
        if fail {
            return Err(Unavailable);
        }
        let unit = match args.unit {
            Some(Unit::Celsius) => "celsius",
            Some(Unit::Fahrenheit) | None => "fahrenheit",
        };
        Ok(json!({"location": args.location, "temperature": 72, "unit": unit}))
    })
}

/// Runs the typed loop on a run that asks for one call of `name` with `arguments`, against a
/// server that completes the run; returns the output submitted for the call.
async fn submitted_output(tools: &mut Tools<'_>, name: &str, arguments: &str) -> String {
    let server = TestServer::start([Response::json(
        200,
        &run_json("run_1", "thread_1", "completed"),
    )])
    .await;
    let mut run = requires_action_run("run_1", "thread_1", "call_1");
    run["required_action"]["submit_tool_outputs"]["tool_calls"][0]["function"] =
        json!({"name": name, "arguments": arguments});
    let run: RunObject = serde_json::from_value(run).unwrap();
    let options = PollOptions {
        interval: Duration::from_millis(10),
        deadline: Duration::from_secs(5),
    };
    let done = bounded(
        server
            .client()
            .run_tools(run, |call| tools.call(&call), options),
    )
    .await
    .expect("the run goes on whatever the call's outcome");
    assert_eq!(done.status, RunStatus::Completed);
    let request = server.single_request();
    assert_eq!(
        request.path,
        "/v1/threads/thread_1/runs/run_1/submit_tool_outputs"
    );
    let body = request.json();
    assert_eq!(body["tool_outputs"][0]["tool_call_id"], "call_1");
    body["tool_outputs"][0]["output"]
        .as_str()
        .expect("a string output")
        .to_string()
}

fn as_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{text:?} is not JSON: {e}"))
}

#[tokio::test]
async fn a_good_call_submits_the_handler_output_decoded_from_typed_arguments() {
    let output = submitted_output(
        &mut weather_tools(false),
        "get_current_weather",
        r#"{"location":"Paris","unit":"celsius"}"#,
    )
    .await;
    assert_eq!(
        as_json(&output),
        json!({"location": "Paris", "temperature": 72, "unit": "celsius"})
    );
}

#[tokio::test]
async fn arguments_that_do_not_decode_are_reported_to_the_model() {
    let output = submitted_output(
        &mut weather_tools(false),
        "get_current_weather",
        r#"{"unit":"kelvin"}"#,
    )
    .await;
    let error = as_json(&output)["error"].as_str().unwrap().to_string();
    assert!(
        error.starts_with("invalid arguments for `get_current_weather`: unknown variant `kelvin`"),
        "{error}"
    );
}

#[tokio::test]
async fn a_handler_error_is_reported_to_the_model() {
    let output = submitted_output(
        &mut weather_tools(true),
        "get_current_weather",
        r#"{"location":"Paris","unit":null}"#,
    )
    .await;
    assert_eq!(
        as_json(&output),
        json!({"error": "the weather service is unavailable"})
    );
}

#[tokio::test]
async fn an_unknown_function_is_reported_to_the_model() {
    let output = submitted_output(&mut weather_tools(false), "get_stock_price", "{}").await;
    assert_eq!(
        as_json(&output),
        json!({"error": "unknown function `get_stock_price`; the functions are: get_current_weather"})
    );
}

#[tokio::test]
async fn a_string_output_is_submitted_as_is() {
    let mut tools = Tools::new().add("echo", |args: Place| async move {
        Ok::<_, Unavailable>(format!("{} it is", args.city))
    });
    let output = submitted_output(&mut tools, "echo", r#"{"city":"Oslo","country":null}"#).await;
    assert_eq!(output, "Oslo it is");
}

#[tokio::test]
async fn the_streaming_loop_answers_the_documented_call_with_a_typed_handler() {
    let function = repaired(FUNCTION_TOOL_TRANSCRIPT);
    let completed = repaired(STREAMING_TRANSCRIPT)
        .split_inclusive("\n\n")
        .find(|b| b.starts_with("event: thread.run.completed\n"))
        .expect("a thread.run.completed event")
        .to_string();
    let server = TestServer::start([
        Response::sse([function]),
        Response::sse([completed, "event: done\ndata: [DONE]\n\n".to_string()]),
    ])
    .await;
    let client = server.client();
    let request =
        CreateThreadAndRunRequest::new("asst_abc123").tools(vec![FunctionTool::of::<WeatherArgs>(
            "get_current_weather",
            "Get the current weather in a given location",
        )
        .into()]);
    let events = bounded(client.create_thread_and_run_stream(&request))
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut tools = Tools::new().add("get_current_weather", |args: WeatherArgs| {
        seen.push(args);
        async { Ok::<_, Unavailable>("57F") }
    });
    let state = bounded(client.run_tools_streaming(events, |call| tools.call(&call), |_, _| {}))
        .await
        .unwrap();
    drop(tools);
    assert_eq!(state.run().unwrap().status, RunStatus::Completed);
    assert_eq!(
        seen,
        [WeatherArgs {
            location: "San Francisco, CA".to_string(),
            unit: Some(Unit::Fahrenheit)
        }]
    );
    let requests = server.requests();
    assert_eq!(
        requests[0].json()["tools"][0]["function"]["strict"],
        json!(true)
    );
    assert_eq!(
        requests[1].json()["tool_outputs"],
        json!([{"tool_call_id": "call_XXNp8YGaFrjrSjgqxtC8JJ1B", "output": "57F"}])
    );
}

// ---------------------------------------------------------------------------------------------
// Structured outputs
// ---------------------------------------------------------------------------------------------

/// A structured answer.
#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct Forecast {
    city: String,
    temperature: i32,
    rain: Option<bool>,
}

fn expected_format() -> Value {
    json!({
        "type": "json_schema",
        "json_schema": {
            "name": "Forecast",
            "schema": Value::Object(strict_schema::<Forecast>()),
            "strict": true
        }
    })
}

#[tokio::test]
async fn both_run_requests_send_the_json_schema_response_format_of_a_type() {
    let server = TestServer::start([
        Response::json(200, &run_json("run_1", "thread_1", "queued")),
        Response::json(200, &run_json("run_2", "thread_2", "queued")),
    ])
    .await;
    let client = server.client();
    let run = CreateRunRequest::new("asst_1")
        .response_format(AssistantsApiResponseFormatOption::json_schema::<Forecast>());
    bounded(client.create_run("thread_1", &run, None))
        .await
        .unwrap();
    let thread_and_run = CreateThreadAndRunRequest::new("asst_1")
        .response_format(AssistantsApiResponseFormatOption::json_schema::<Forecast>());
    bounded(client.create_thread_and_run(&thread_and_run))
        .await
        .expect("the request validates and is sent");
    let requests = server.requests();
    assert_eq!(requests[0].json()["response_format"], expected_format());
    assert_eq!(requests[1].json()["response_format"], expected_format());
}

/// A stream whose assistant message says `text`, folded.
async fn streamed_answer(text: &str) -> RunAccumulator {
    let (_, data) = transcript_parts(&repaired(STREAMING_TRANSCRIPT))
        .into_iter()
        .find(|(event, _)| event == "thread.message.completed")
        .expect("a thread.message.completed event");
    let mut message: Value = serde_json::from_str(&data).unwrap();
    message["content"][0]["text"] = json!({"value": text, "annotations": []});
    let server = TestServer::start([Response::sse([
        format!("event: thread.message.completed\ndata: {message}\n\n"),
        "event: done\ndata: [DONE]\n\n".to_string(),
    ])])
    .await;
    let events = bounded(
        server.client().create_run_stream(
            "thread_1",
            &CreateRunRequest::new("asst_1")
                .response_format(AssistantsApiResponseFormatOption::json_schema::<Forecast>()),
            None,
        ),
    )
    .await
    .unwrap();
    let mut state = RunAccumulator::new();
    for event in collect_events(events).await {
        state.push(&event.unwrap());
    }
    state
}

#[tokio::test]
async fn the_assistant_message_parses_into_the_output_type() {
    let state = streamed_answer(r#"{"city":"Paris","temperature":21,"rain":null}"#).await;
    assert_eq!(
        state.parse_output::<Forecast>().unwrap(),
        Forecast {
            city: "Paris".to_string(),
            temperature: 21,
            rain: None
        }
    );
    assert_eq!(
        state.messages()[0].parse_output::<Forecast>().unwrap().city,
        "Paris"
    );
}

#[tokio::test]
async fn a_message_that_does_not_parse_is_an_error_carrying_its_raw_text() {
    let text = "Sorry, I cannot tell the weather.";
    let state = streamed_answer(text).await;
    let error = state.parse_output::<Forecast>().unwrap_err();
    assert_eq!(error.raw, text);
    assert!(error.type_name.ends_with("Forecast"), "{}", error.type_name);
    let shown = error.to_string();
    assert!(shown.contains(text), "{shown}");
    assert!(shown.contains("Forecast"), "{shown}");
    let wrong_shape = parse_output::<Forecast>(r#"{"city":"Paris"}"#).unwrap_err();
    assert!(
        wrong_shape
            .to_string()
            .contains("missing field `temperature`"),
        "{wrong_shape}"
    );
}

// ---------------------------------------------------------------------------------------------
// Small conveniences
// ---------------------------------------------------------------------------------------------

#[test]
fn only_final_statuses_are_terminal() {
    use RunStatus as S;
    let terminal = [
        S::Completed,
        S::Incomplete,
        S::Failed,
        S::Cancelled,
        S::Expired,
    ];
    let going_on = [
        S::Queued,
        S::InProgress,
        S::RequiresAction,
        S::Cancelling,
        S::Other("paused".to_string()),
    ];
    assert!(terminal.iter().all(RunStatus::is_terminal));
    assert!(!going_on.iter().any(RunStatus::is_terminal));
}

#[test]
fn text_delta_is_the_text_of_a_message_delta_and_none_for_other_events() {
    use openai_assistants::types::AssistantStreamEvent;
    let delta = AssistantStreamEvent::from_parts(
        "thread.message.delta",
        r#"{"id":"msg_1","object":"thread.message.delta","delta":{"content":[
            {"index":0,"type":"text","text":{"value":"Hel"}},
            {"index":1,"type":"image_file","image_file":{"file_id":"file_1"}},
            {"index":2,"type":"text","text":{"value":"lo"}}]}}"#,
    )
    .unwrap();
    assert_eq!(delta.text_delta(), Some("Hel"));
    assert_eq!(delta.text_deltas().collect::<Vec<_>>(), ["Hel", "lo"]);
    let done = AssistantStreamEvent::from_parts("done", "[DONE]").unwrap();
    assert_eq!(done.text_delta(), None);
}

#[test]
fn a_registered_function_lists_its_strict_tool_once_per_name() {
    let tools = Tools::new()
        .function("get_current_weather", "first", |_: WeatherArgs| async {
            Ok::<_, Unavailable>("")
        })
        .function("find_place", "Find a place", |_: Place| async {
            Ok::<_, Unavailable>("")
        })
        .function(
            "get_current_weather",
            "Get the current weather in a given location",
            |_: WeatherArgs| async { Ok::<_, Unavailable>("") },
        );
    assert_eq!(
        serde_json::to_value(tools.definitions()).unwrap(),
        json!([
            {"type": "function", "function": serde_json::to_value(FunctionTool::of::<Place>("find_place", "Find a place").function).unwrap()},
            {"type": "function", "function": serde_json::to_value(FunctionTool::of::<WeatherArgs>(
                "get_current_weather",
                "Get the current weather in a given location",
            ).function).unwrap()},
        ])
    );
    assert_eq!(
        tools.names().collect::<Vec<_>>(),
        ["find_place", "get_current_weather"]
    );
}
