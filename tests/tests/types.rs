//! What the generated types promise beyond the golden round trips: builders, three-state
//! nullable fields, nothing serialized that was not set, `validate()` with JSON paths, open
//! enums, and forward compatibility of response types.

use golden_tests::{fixtures_dir, json_diff};
use openai_assistants::types::*;
use openai_assistants::{Nullable, Validate};
use serde_json::{json, Value};

fn fixture(path: &str) -> Value {
    let text = std::fs::read_to_string(fixtures_dir().join(path)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn assert_same(expected: &Value, actual: &impl serde::Serialize) {
    let actual = serde_json::to_value(actual).unwrap();
    if let Some(diff) = json_diff(expected, &actual) {
        panic!("{diff}\nexpected: {expected}\nactual:   {actual}");
    }
}

fn violations(value: &impl Validate) -> Vec<String> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations.iter().map(ToString::to_string).collect(),
    }
}

/// A field with several checks binds its own path in a block: the fields after it are
/// reported at their own paths, not below it (`/score/content/0/type`).
#[test]
fn each_field_is_checked_at_its_own_path_after_a_field_with_several_checks() {
    let result: RunStepDetailsToolCallsFileSearchResultObject = serde_json::from_value(json!({
        "file_id": "f", "file_name": "a.txt", "score": 1.5,
        "content": [{"type": "image", "text": "x"}]
    }))
    .unwrap();
    assert_eq!(
        violations(&result),
        [
            "/score: 1.5 is greater than the maximum 1",
            "/content/0/type: `image` where the schema allows only `text`"
        ]
    );
}

#[test]
fn documented_requests_are_a_few_lines_of_rust() {
    let basic = CreateThreadAndRunRequest::new("asst_abc123").thread(
        CreateThreadRequest::new().messages(vec![CreateMessageRequest::new(
            MessageRole::User,
            "Explain deep learning to a 5 year old.",
        )]),
    );
    assert_same(
        &fixture("CreateThreadAndRunRequest/curl_basic.json"),
        &basic,
    );

    let streaming = CreateThreadAndRunRequest::new("asst_123")
        .thread(
            CreateThreadRequest::new()
                .messages(vec![CreateMessageRequest::new(MessageRole::User, "Hello")]),
        )
        .stream(true);
    assert_same(
        &fixture("CreateThreadAndRunRequest/curl_streaming.json"),
        &streaming,
    );

    let parameters = json!({
        "type": "object",
        "properties": {
            "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
        },
        "required": ["location"]
    });
    let weather = FunctionObject::new("get_current_weather")
        .description("Get the current weather in a given location")
        .parameters(parameters.as_object().unwrap().clone());
    let function_tool = CreateThreadAndRunRequest::new("asst_abc123")
        .thread(
            CreateThreadRequest::new().messages(vec![CreateMessageRequest::new(
                MessageRole::User,
                "What is the weather like in San Francisco?",
            )]),
        )
        .tools(vec![Tool::from(FunctionTool::new(weather))])
        .stream(true);
    assert_same(
        &fixture("CreateThreadAndRunRequest/curl_function_tool.json"),
        &function_tool,
    );
    for request in [&basic, &streaming, &function_tool] {
        assert_eq!(violations(request), Vec::<String>::new());
    }
}

#[test]
fn nothing_is_serialized_that_the_caller_did_not_set() {
    let request = CreateThreadAndRunRequest::new("asst_abc123");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"assistant_id": "asst_abc123"})
    );
    // The documented defaults (temperature 1, top_p 1, parallel_tool_calls true) stay docs.
    let parsed: CreateThreadAndRunRequest =
        serde_json::from_str(r#"{"assistant_id":"a"}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&parsed).unwrap(),
        json!({"assistant_id": "a"})
    );
}

#[test]
fn optional_nullable_fields_have_three_states() {
    let absent = CreateRunRequest::new("asst");
    let null = CreateRunRequest::new("asst").instructions_null();
    let value = CreateRunRequest::new("asst").instructions("Be brief.");
    assert_eq!(
        serde_json::to_value(&absent).unwrap(),
        json!({"assistant_id": "asst"})
    );
    assert_eq!(
        serde_json::to_value(&null).unwrap(),
        json!({"assistant_id": "asst", "instructions": null})
    );
    assert_eq!(
        serde_json::to_value(&value).unwrap(),
        json!({"assistant_id": "asst", "instructions": "Be brief."})
    );
    let parsed: CreateRunRequest =
        serde_json::from_value(json!({"assistant_id": "asst", "instructions": null})).unwrap();
    assert_eq!(parsed.instructions, Nullable::Null);
    let parsed: CreateRunRequest = serde_json::from_value(json!({"assistant_id": "asst"})).unwrap();
    assert_eq!(parsed.instructions, Nullable::Absent);
}

/// Required but nullable: a `null` stays `null`; left out (as some servers and the reference's
/// own examples do), it decodes, is written back left out, and `validate()` reports it.
#[test]
fn required_nullable_fields_keep_their_null_and_their_absence_is_reported() {
    let mut run = fixture("RunObject/create_thread_and_run_response.json");
    let parsed: RunObject = serde_json::from_value(run.clone()).unwrap();
    assert_eq!(parsed.started_at, None);
    assert_eq!(
        serde_json::to_value(&parsed).unwrap()["started_at"],
        Value::Null
    );
    run.as_object_mut().unwrap().remove("started_at");
    let parsed: RunObject = serde_json::from_value(run.clone()).unwrap();
    assert_same(&run, &parsed);
    let error = parsed.validate().unwrap_err().to_string();
    assert!(error.contains("started_at"), "{error}");
}

#[test]
fn validate_reports_every_violation_with_its_json_path() {
    let mut metadata = std::collections::BTreeMap::new();
    for i in 0..17 {
        metadata.insert(format!("key{i:02}"), "v".to_string());
    }
    metadata.insert("k".repeat(65), "v".to_string());
    metadata.insert("long".to_string(), "x".repeat(513));
    let request = CreateThreadAndRunRequest::new("asst")
        .max_prompt_tokens(10)
        .temperature(2.5)
        .metadata(metadata)
        .tools(vec![Tool::FileSearch(
            FileSearchTool::new().file_search(FileSearch::new().max_num_results(100)),
        )])
        .thread(
            CreateThreadRequest::new()
                .messages(vec![CreateMessageRequest::new(
                    MessageRole::from("system"),
                    CreateMessageContent::Array(Vec::new()),
                )])
                .tool_resources(
                    CreateToolResources::new().file_search(
                        CreateToolResourcesFileSearch::new()
                            .vector_store_ids(vec!["vs_1".to_string()])
                            .vector_stores(vec![VectorStore::new()]),
                    ),
                ),
        );
    let long_key = "k".repeat(65);
    assert_eq!(
        violations(&request),
        [
            "/thread/messages/0/role: `system` is not one of `user`, `assistant`".to_string(),
            "/thread/messages/0/content: 0 item(s), at least 1 required".to_string(),
            "/thread/tool_resources/file_search: exactly one of `vector_store_ids`, `vector_stores` must be set".to_string(),
            "/tools/0/file_search/max_num_results: 100 is greater than the maximum 50".to_string(),
            "/metadata: 19 key(s), at most 16 allowed".to_string(),
            format!("/metadata/{long_key}: key of 65 character(s), at most 64 allowed"),
            "/metadata/long: 513 character(s), at most 512 allowed".to_string(),
            "/temperature: 2.5 is greater than the maximum 2".to_string(),
            "/max_prompt_tokens: 10 is less than the minimum 256".to_string(),
        ]
    );
}

#[test]
fn model_is_an_open_enum_serialized_as_the_exact_string() {
    let known: Model = serde_json::from_value(json!("gpt-4o")).unwrap();
    assert_eq!(known, Model::Gpt4o);
    let custom: Model = serde_json::from_value(json!("ft:gpt-4o:my-org:custom:id")).unwrap();
    assert_eq!(custom, Model::Other("ft:gpt-4o:my-org:custom:id".into()));
    assert_eq!(
        serde_json::to_value(&custom).unwrap(),
        json!("ft:gpt-4o:my-org:custom:id")
    );
    let request = CreateRunRequest::new("asst").model("my-model");
    assert_eq!(
        violations(&request),
        Vec::<String>::new(),
        "any model id is valid"
    );
    assert_eq!(
        Model::from("gpt-3.5-turbo-16k-0613"),
        Model::Gpt35Turbo16k0613
    );
}

#[test]
fn string_or_parts_content_converts_from_str_and_string() {
    assert_eq!(
        CreateMessageContent::from("hi"),
        CreateMessageContent::Text("hi".into())
    );
    assert_eq!(
        CreateMessageContent::from(String::from("hi")),
        CreateMessageContent::Text("hi".into())
    );
    let parts: CreateMessageContent = serde_json::from_value(json!([{"type": "text", "text": "a"}, {"type": "image_url", "image_url": {"url": "https://x/y.png", "detail": "low"}}])).unwrap();
    let CreateMessageContent::Array(parts) = &parts else {
        panic!("{parts:?}")
    };
    assert!(
        matches!(&parts[1], ContentPart::ImageUrl(p) if p.image_url.detail == Some(Detail::Low))
    );
}

#[test]
fn tool_choice_and_response_format_are_enums_over_strings_and_objects() {
    let auto: AssistantsApiToolChoiceOption = serde_json::from_value(json!("auto")).unwrap();
    assert_eq!(auto, AssistantsApiToolChoiceOption::Auto);
    let named: AssistantsApiToolChoiceOption =
        serde_json::from_value(json!({"type": "function", "function": {"name": "f"}})).unwrap();
    let AssistantsApiToolChoiceOption::Object(named) = named else {
        panic!()
    };
    assert_eq!(named.function.as_ref().unwrap().name, "f");
    let format: AssistantsApiResponseFormatOption = serde_json::from_value(
        json!({"type": "json_schema", "json_schema": {"name": "out", "strict": true}}),
    )
    .unwrap();
    assert!(matches!(
        format,
        AssistantsApiResponseFormatOption::JsonSchema(_)
    ));
    assert_same(
        &json!({"type": "json_schema", "json_schema": {"name": "out", "strict": true}}),
        &format,
    );
    assert_eq!(
        serde_json::to_value(AssistantsApiResponseFormatOption::Auto).unwrap(),
        json!("auto")
    );
}

#[test]
fn unknown_fields_tags_and_values_in_responses_survive_a_round_trip() {
    let mut run = fixture("RunObject/returns_example.json");
    run["brand_new_field"] = json!({"nested": [1, 2]});
    run["status"] = json!("paused");
    run["tools"] = json!([{"type": "code_interpreter", "sandbox": "v2"}, {"type": "web_browser", "config": {"depth": 2}}]);
    run["required_action"]["submit_tool_outputs"]["tool_calls"][0]["function"]["strict"] =
        json!(true);
    let parsed: RunObject = serde_json::from_value(run.clone()).unwrap();
    assert_eq!(parsed.status, RunStatus::Other("paused".into()));
    assert!(matches!(&parsed.tools[1], Tool::Unknown(v) if v["type"] == "web_browser"));
    assert!(matches!(&parsed.tools[0], Tool::CodeInterpreter(t) if t.extra["sandbox"] == "v2"));
    assert_same(&run, &parsed);

    let step = json!({"id": "step_1", "object": "thread.run.step", "created_at": 1, "run_id": "r", "assistant_id": "a", "thread_id": "t",
        "type": "web_search", "status": "completed", "cancelled_at": null, "completed_at": 2, "expires_at": null, "failed_at": null, "last_error": null,
        "step_details": {"type": "web_search", "web_search": {"query": "q"}}, "usage": null});
    let parsed: RunStepObject = serde_json::from_value(step.clone()).unwrap();
    assert!(matches!(parsed.step_details, StepDetails::Unknown(_)));
    assert_same(&step, &parsed);
}

#[test]
fn a_known_tag_with_a_malformed_payload_is_an_error_not_unknown() {
    let error = serde_json::from_value::<Tool>(json!({"type": "function", "function": 5}))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("`function` variant of Tool") && error.contains("expected struct"),
        "{error}"
    );
}

#[test]
fn a_known_tag_with_a_required_field_left_out_is_its_variant_and_validate_reports_it() {
    let input = json!({"type": "function"});
    let tool: Tool = serde_json::from_value(input.clone()).unwrap();
    let Tool::Function(function) = &tool else {
        panic!("the tag says which variant: {tool:?}");
    };
    assert_eq!(function.function.name, "");
    assert_same(&input, &tool);
    assert_eq!(
        violations(&tool),
        ["/function: the required `function` is missing"]
    );
}

#[test]
fn stream_events_serialize_as_event_and_data() {
    let done = AssistantStreamEvent::from_parts("done", "[DONE]").unwrap();
    assert_eq!(done, AssistantStreamEvent::Done("[DONE]".into()));
    assert_eq!(
        serde_json::to_value(&done).unwrap(),
        json!({"event": "done", "data": "[DONE]"})
    );
    let thread = AssistantStreamEvent::from_parts(
        "thread.created",
        r#"{"id":"thread_1","object":"thread","created_at":1,"metadata":{}}"#,
    )
    .unwrap();
    assert!(matches!(&thread, AssistantStreamEvent::ThreadCreated(t) if t.id == "thread_1"));
    let error = AssistantStreamEvent::from_parts(
        "error",
        r#"{"message":"boom","type":"server_error","code":"server_error"}"#,
    )
    .unwrap();
    assert!(matches!(&error, AssistantStreamEvent::Error(e) if e.message == "boom"));
}

#[test]
fn an_unknown_stream_event_keeps_its_name_and_raw_data() {
    let event = AssistantStreamEvent::from_parts("thread.run.paused", r#"{"id":"run_1"}"#).unwrap();
    assert_eq!(
        event,
        AssistantStreamEvent::Unknown {
            event: "thread.run.paused".into(),
            data: json!({"id": "run_1"})
        }
    );
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({"event": "thread.run.paused", "data": {"id": "run_1"}})
    );
    let back: AssistantStreamEvent =
        serde_json::from_value(json!({"event": "thread.run.paused", "data": {"id": "run_1"}}))
            .unwrap();
    assert_eq!(back, event);
    let not_json = AssistantStreamEvent::from_parts("ping", "not json").unwrap();
    assert_eq!(
        serde_json::to_value(&not_json).unwrap(),
        json!({"event": "ping", "data": "not json"})
    );
}

#[test]
fn requests_reject_fields_the_schema_forbids() {
    let error = serde_json::from_value::<CreateThreadAndRunRequest>(
        json!({"assistant_id": "a", "thread_id": "t"}),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("unknown field `thread_id`"), "{error}");
}

#[test]
fn struct_keys_decode_borrowed_escaped_or_from_a_reader_alike() {
    let text = std::fs::read_to_string(fixtures_dir().join("RunObject/returns_example.json"))
        .unwrap()
        .replacen("\"id\": \"id\"", r#""i\u0064": "id", "n\u00e9w": 1"#, 1);
    let borrowed: RunObject = serde_json::from_str(&text).unwrap();
    let from_reader: RunObject = serde_json::from_reader(text.as_bytes()).unwrap();
    assert_eq!(borrowed, from_reader);
    assert_eq!(borrowed.id, "id");
    assert_eq!(borrowed.extra["n\u{e9}w"], json!(1));
    assert_eq!(borrowed.status, RunStatus::Queued);
}

#[test]
fn struct_keys_given_twice_are_errors_and_missing_ones_are_reported_by_validate() {
    let mut run = fixture("RunObject/returns_example.json");
    let text = serde_json::to_string(&run).unwrap();
    let twice = text.replacen('{', r#"{"model": "again","#, 1);
    let error = serde_json::from_str::<RunObject>(&twice)
        .unwrap_err()
        .to_string();
    assert!(error.contains("duplicate field `model`"), "{error}");

    run.as_object_mut().unwrap().remove("thread_id");
    let parsed = serde_json::from_value::<RunObject>(run.clone()).unwrap();
    assert_eq!(parsed.thread_id, "");
    assert_same(&run, &parsed);
    assert!(violations(&parsed)
        .contains(&"/thread_id: the required `thread_id` is missing".to_string()));
    let error = serde_json::from_str::<RunObject>("[]")
        .unwrap_err()
        .to_string();
    assert!(error.contains("expected struct RunObject"), "{error}");
}

#[test]
fn unions_over_strings_and_objects_decode_every_json_type_from_text() {
    let tool_choice = |text: &str| serde_json::from_str::<AssistantsApiToolChoiceOption>(text);
    assert_eq!(
        tool_choice(r#""required""#).unwrap(),
        AssistantsApiToolChoiceOption::Required
    );
    assert_eq!(
        tool_choice(r#""a\u0075to""#).unwrap(),
        AssistantsApiToolChoiceOption::Auto
    );
    assert_eq!(
        tool_choice(r#""sometimes""#).unwrap(),
        AssistantsApiToolChoiceOption::Other("sometimes".into())
    );
    let named = tool_choice(r#"{"function": {"name": "f"}, "type": "function"}"#).unwrap();
    assert!(
        matches!(named, AssistantsApiToolChoiceOption::Object(n) if n.function.as_ref().unwrap().name == "f")
    );
    let error = tool_choice("7").unwrap_err().to_string();
    assert!(
        error.contains("AssistantsApiToolChoiceOption: unexpected a number"),
        "{error}"
    );
    let error = tool_choice(r#"{"function": []}"#).unwrap_err().to_string();
    assert!(
        error.contains("invalid Object variant of AssistantsApiToolChoiceOption"),
        "{error}"
    );
    // Fields left out: the object variant still, what is missing reported by `validate()`.
    let left_out = tool_choice(r#"{"function": {}}"#).unwrap();
    assert_eq!(
        violations(&left_out),
        [
            "/type: the required `type` is missing",
            "/function/name: the required `name` is missing"
        ]
    );

    let format = |text: &str| serde_json::from_str::<AssistantsApiResponseFormatOption>(text);
    assert_eq!(
        format(r#""auto""#).unwrap(),
        AssistantsApiResponseFormatOption::Auto
    );
    // The tag may come after the payload's fields, or be escaped.
    let late = format(r#"{"json_schema": {"name": "out"}, "type": "json_schema"}"#).unwrap();
    assert!(
        matches!(late, AssistantsApiResponseFormatOption::JsonSchema(f) if f.json_schema.name == "out")
    );
    let escaped = format(r#"{"type": "t\u0065xt"}"#).unwrap();
    assert!(matches!(
        escaped,
        AssistantsApiResponseFormatOption::Text(_)
    ));
    for unknown in [
        json!({"type": "yaml", "indent": 2}),
        json!({"indent": 2, "type": 5}),
        json!({"indent": 2}),
        json!([1]),
    ] {
        let parsed = format(&unknown.to_string()).unwrap();
        assert_eq!(
            parsed,
            AssistantsApiResponseFormatOption::Unknown(unknown.clone())
        );
        assert_same(&unknown, &parsed);
    }
    let error = format(r#"{"type": "json_schema", "json_schema": []}"#)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("invalid `json_schema` variant of AssistantsApiResponseFormatOption"),
        "{error}"
    );
    let left_out = format(r#"{"type": "json_schema"}"#).unwrap();
    assert!(matches!(
        &left_out,
        AssistantsApiResponseFormatOption::JsonSchema(f) if f.extra.absent() == ["json_schema"]
    ));
    assert_eq!(
        violations(&left_out),
        ["/json_schema: the required `json_schema` is missing"]
    );
}

/// The required-but-nullable fields of a run (`#[api(required)] Option<T>`).
const RUN_REQUIRED_NULLABLE: [&str; 14] = [
    "required_action",
    "last_error",
    "expires_at",
    "started_at",
    "cancelled_at",
    "failed_at",
    "completed_at",
    "incomplete_details",
    "instructions",
    "usage",
    "max_prompt_tokens",
    "max_completion_tokens",
    "truncation_strategy",
    "tool_choice",
];

#[test]
fn a_run_without_its_required_action_decodes_as_none_and_is_written_back_without_it() {
    let mut input = fixture("RunObject/returns_example.json");
    input.as_object_mut().unwrap().remove("required_action");
    let run: RunObject = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(run.required_action, None);
    assert_eq!(run.extra.absent(), ["required_action"]);
    // No `"required_action": null` added.
    assert_same(&input, &run);
    assert_eq!(
        violations(&run),
        ["/required_action: the required `required_action` is missing"]
    );
}

#[test]
fn a_null_required_action_stays_null_and_a_run_built_in_code_writes_null() {
    let mut input = fixture("RunObject/returns_example.json");
    input["required_action"] = Value::Null;
    let run: RunObject = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(run.required_action, None);
    assert_same(&input, &run);
    assert!(violations(&run).is_empty(), "{:?}", violations(&run));

    // Absence is remembered by `extra`; a run whose `extra` is new (as in code that builds
    // one) has nothing absent: its `None` is written as `null`.
    input.as_object_mut().unwrap().remove("required_action");
    let mut run: RunObject = serde_json::from_value(input).unwrap();
    run.extra = Default::default();
    assert_eq!(
        serde_json::to_value(&run).unwrap()["required_action"],
        Value::Null
    );
    assert!(violations(&run).is_empty());
}

/// Random combinations (seeded) of absent, `null` and a value for every required nullable field
/// of a run: the output is the input, and `validate()` reports exactly the absent fields.
#[test]
fn absent_null_or_value_in_each_required_nullable_field_of_a_run_round_trips_exactly() {
    let full = fixture("RunObject/returns_example.json");
    let mut rng = fastrand::Rng::with_seed(14);
    for _ in 0..300 {
        let mut input = full.clone();
        let object = input.as_object_mut().unwrap();
        let mut absent = Vec::new();
        for key in RUN_REQUIRED_NULLABLE {
            match rng.u8(0..3) {
                0 => {
                    object.remove(key);
                    absent.push(format!("/{key}: the required `{key}` is missing"));
                }
                1 => {
                    object.insert(key.to_string(), Value::Null);
                }
                _ => {}
            }
        }
        let run: RunObject = serde_json::from_value(input.clone()).unwrap();
        assert_same(&input, &run);
        let mut reported = violations(&run);
        reported.sort();
        absent.sort();
        assert_eq!(reported, absent);
    }
}

#[test]
fn a_required_action_or_tool_call_of_an_unknown_type_decodes_as_unknown_and_round_trips() {
    let mut input = fixture("RunObject/returns_example.json");
    input["required_action"]["submit_tool_outputs"]["tool_calls"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "call_2", "type": "mcp", "mcp": {"server": "s"}}));
    let run: RunObject = serde_json::from_value(input.clone()).unwrap();
    let action = run.required_action.as_ref().unwrap();
    let calls = &action
        .as_submit_tool_outputs()
        .unwrap()
        .submit_tool_outputs
        .tool_calls;
    assert_eq!(calls[0].as_function().unwrap().function.name, "name");
    assert!(matches!(&calls[1], RunToolCallObject::Unknown(v) if v["mcp"]["server"] == "s"));
    assert_eq!(calls[1].as_function(), None);
    assert_same(&input, &run);
    assert_eq!(
        violations(&run),
        ["/required_action/submit_tool_outputs/tool_calls/1/type: `mcp` is not one of `function`"]
    );

    input["required_action"] = json!({"type": "approve_mcp", "approve_mcp": {"ids": ["a"]}});
    let run: RunObject = serde_json::from_value(input.clone()).unwrap();
    let action = run.required_action.clone().unwrap();
    assert!(matches!(&action, RequiredAction::Unknown(v) if v["approve_mcp"]["ids"][0] == "a"));
    assert_eq!(action.into_submit_tool_outputs(), None);
    assert_same(&input, &run);
    assert_eq!(
        violations(&run),
        ["/required_action/type: `approve_mcp` is not one of `submit_tool_outputs`"]
    );
}
