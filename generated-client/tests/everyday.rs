//! The seven everyday tasks of issue #15, written as a new user would from the README, the
//! rustdoc and the examples, each against a loopback server replaying the recorded flows of
//! `examples/replay/`, so that they keep compiling and keep doing what they say.
//!
//! The part a user writes sits between `// user code` and `// end of user code`; it writes what
//! a program would print into `out`, which the test then checks, with the requests the server
//! received.

mod support;

use std::fmt::Write as _;

use serde_json::{json, Value};
use support::*;

/// A recorded flow of `examples/replay/`.
const THREAD_AND_RUN_SSE: &str = include_str!("../examples/replay/create_thread_and_run.sse");
const SUBMIT_TOOL_OUTPUTS_SSE: &str = include_str!("../examples/replay/submit_tool_outputs.sse");

macro_rules! recording {
    ($file:literal) => {
        serde_json::from_str::<Value>(include_str!(concat!(
            "../examples/replay/file_search/",
            $file
        )))
        .unwrap()
    };
}

/// The answer the recorded streams spell out in `thread.message.delta` events.
const WEATHER_ANSWER: &str =
    "The weather in San Francisco, CA is currently 72°F and sunny, with a light breeze from the west.";

fn sse(text: &str) -> Response {
    Response::sse([text.as_bytes().to_vec()])
}

/// Writes `(event, data)` pairs as a server-sent event stream.
fn sse_of(parts: &[(String, String)]) -> String {
    parts
        .iter()
        .map(|(event, data)| format!("event: {event}\ndata: {data}\n\n"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. A thread with a user message, run by an assistant, the answer streamed
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn task_1_a_thread_run_by_an_assistant_streams_its_answer_text() {
    let server = TestServer::start([
        Response::json(200, &json!({"id": "thread_123", "object": "thread", "created_at": 1710351818, "metadata": {}})),
        sse(SUBMIT_TOOL_OUTPUTS_SSE),
    ])
    .await;
    let client = server.client();
    let mut out = String::new();

    bounded(async {
        // user code
        use futures_util::StreamExt;
        use openai_assistants::types::*;

        let question = CreateMessageRequest::new(MessageRole::User, "What is the weather in SF?");
        let thread = client
            .create_thread(&CreateThreadRequest::new().messages(vec![question]))
            .await?;
        let mut events = client
            .create_run_stream(&thread.id, &CreateRunRequest::new("asst_123"), None)
            .await?;
        while let Some(event) = events.next().await {
            if let Some(text) = event?.text_delta() {
                write!(out, "{text}").unwrap(); // print!("{text}")
            }
        }
        // end of user code
        Ok::<_, openai_assistants::Error>(())
    })
    .await
    .unwrap();

    assert_eq!(out, WEATHER_ANSWER);
    let requests = server.requests();
    assert_eq!(requests[0].path, "/v1/threads");
    assert_eq!(
        requests[0].json(),
        json!({"messages": [{"role": "user", "content": "What is the weather in SF?"}]})
    );
    assert_eq!(requests[1].path, "/v1/threads/thread_123/runs");
    assert_eq!(
        requests[1].json(),
        json!({"assistant_id": "asst_123", "stream": true})
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Function calling: a typed tool answered in the streaming tool loop
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn task_2_a_typed_tool_is_answered_in_the_streaming_tool_loop() {
    let server = TestServer::start([sse(THREAD_AND_RUN_SSE), sse(SUBMIT_TOOL_OUTPUTS_SSE)]).await;
    let client = server.client();
    let mut out = String::new();

    bounded(async {
        // user code
        use openai_assistants::schemars::JsonSchema;
        use openai_assistants::tools::Tools;
        use openai_assistants::types::*;

        /// The arguments of `get_current_weather`.
        #[derive(serde::Deserialize, JsonSchema)]
        #[schemars(crate = "openai_assistants::schemars")]
        struct WeatherArgs {
            /// The city and state, e.g. San Francisco, CA
            location: String,
            unit: Option<String>,
        }

        let mut tools = Tools::new().function(
            "get_current_weather",
            "Get the current weather in a given location",
            |args: WeatherArgs| async move {
                let unit = args.unit.unwrap_or("celsius".into());
                Ok::<_, std::io::Error>(
                    json!({"location": args.location, "temperature": 72, "unit": unit}),
                )
            },
        );
        let question = CreateMessageRequest::new(MessageRole::User, "What is the weather in SF?");
        let request = CreateThreadAndRunRequest::new("asst_123")
            .thread(CreateThreadRequest::new().messages(vec![question]))
            .tools(tools.definitions());
        let events = client.create_thread_and_run_stream(&request).await?;
        let state = client
            .run_tools_streaming(
                events,
                |call| tools.call(&call),
                |event, _| event.text_deltas().for_each(|text| out.push_str(text)),
            )
            .await?;
        let run = state.run().expect("a run");
        write!(out, "\n[run {} {}]", run.id, run.status).unwrap();
        // end of user code
        Ok::<_, openai_assistants::Error>(())
    })
    .await
    .unwrap();

    assert_eq!(out, format!("{WEATHER_ANSWER}\n[run run_123 completed]"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let tool = &requests[0].json()["tools"][0];
    assert_eq!(tool["function"]["name"], "get_current_weather");
    assert_eq!(tool["function"]["strict"], true);
    assert_eq!(
        tool["function"]["parameters"]["required"],
        json!(["location", "unit"])
    );
    assert_eq!(
        requests[1].path,
        "/v1/threads/thread_123/runs/run_123/submit_tool_outputs"
    );
    let outputs = &requests[1].json()["tool_outputs"];
    assert_eq!(outputs[0]["tool_call_id"], "call_XXNp8YGaFrjrSjgqxtC8JJ1B");
    let output: Value = serde_json::from_str(outputs[0]["output"].as_str().unwrap()).unwrap();
    assert_eq!(
        output,
        json!({"location": "San Francisco, CA", "temperature": 72, "unit": "fahrenheit"})
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Structured output: a `json_schema` response format from a Rust type, the answer parsed
// ---------------------------------------------------------------------------------------------

/// The recorded answer stream, its message text replaced by `text` (one delta, then the
/// completed message).
fn answer_stream(text: &str) -> String {
    let mut first_delta = true;
    let parts = transcript_parts(SUBMIT_TOOL_OUTPUTS_SSE)
        .into_iter()
        .filter_map(|(event, data)| {
            let mut value: Value = match serde_json::from_str(&data) {
                Ok(value) => value,
                Err(_) => return Some((event, data)), // [DONE]
            };
            match event.as_str() {
                "thread.message.delta" if !first_delta => return None,
                "thread.message.delta" => {
                    first_delta = false;
                    value["delta"]["content"][0]["text"]["value"] = text.into();
                }
                "thread.message.completed" => value["content"][0]["text"]["value"] = text.into(),
                _ => {}
            }
            Some((event, value.to_string()))
        })
        .collect::<Vec<_>>();
    sse_of(&parts)
}

#[tokio::test]
async fn task_3_a_structured_output_is_parsed_into_the_rust_type_it_was_asked_for() {
    let answer =
        json!({"city": "San Francisco, CA", "temperature": 72, "conditions": ["sunny", "breezy"]});
    let server = TestServer::start([sse(&answer_stream(&answer.to_string()))]).await;
    let client = server.client();
    let mut out = String::new();

    bounded(async {
        // user code
        use futures_util::StreamExt;
        use openai_assistants::accumulate::RunAccumulator;
        use openai_assistants::schemars::JsonSchema;
        use openai_assistants::types::*;

        #[derive(serde::Deserialize, JsonSchema)]
        #[schemars(crate = "openai_assistants::schemars")]
        struct Forecast {
            city: String,
            temperature: i32,
            conditions: Vec<String>,
        }

        let question = CreateMessageRequest::new(MessageRole::User, "Weather in SF, as JSON?");
        let request = CreateThreadAndRunRequest::new("asst_123")
            .thread(CreateThreadRequest::new().messages(vec![question]))
            .response_format(AssistantsApiResponseFormatOption::json_schema::<Forecast>());
        let mut events = client.create_thread_and_run_stream(&request).await?;
        let mut state = RunAccumulator::new();
        while let Some(event) = events.next().await {
            state.push(&event?);
        }
        let forecast: Forecast = state.parse_output().expect("a forecast");
        let conditions = forecast.conditions.join(", ");
        write!(
            out,
            "{}: {}°F, {conditions}",
            forecast.city, forecast.temperature
        )
        .unwrap();
        // end of user code
        Ok::<_, openai_assistants::Error>(())
    })
    .await
    .unwrap();

    assert_eq!(out, "San Francisco, CA: 72°F, sunny, breezy");
    let format = &server.single_request().json()["response_format"];
    assert_eq!(format["type"], "json_schema");
    assert_eq!(format["json_schema"]["name"], "Forecast");
    assert_eq!(format["json_schema"]["strict"], true);
    // Every field required (strict). Their order is the declaration order only when something
    // in the build turns on serde_json's `preserve_order` (the workspace does, this crate alone
    // does not), so the test compares them as a set.
    let mut required = format["json_schema"]["schema"]["required"]
        .as_array()
        .unwrap()
        .clone();
    required.sort_by_key(|name| name.to_string());
    assert_eq!(required, ["city", "conditions", "temperature"]);
}

// ---------------------------------------------------------------------------------------------
// 4. Create and poll a run, then read the answer with `list_messages`
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn task_4_a_polled_run_is_answered_and_the_answer_read_from_list_messages() {
    let server = TestServer::start([
        Response::json(200, &recording!("create_thread_and_run.json")),
        Response::json(200, &recording!("get_run_in_progress.json"))
            .header("openai-poll-after-ms", "10"),
        Response::json(200, &recording!("get_run_completed.json")),
        Response::json(200, &recording!("list_messages.json")),
    ])
    .await;
    let client = server.client();
    let mut out = String::new();

    bounded(async {
        // user code
        use openai_assistants::helpers::PollOptions;
        use openai_assistants::types::*;

        let question = CreateMessageRequest::new(MessageRole::User, "How many days at home?");
        let run = client
            .create_run_and_poll(
                "thread_abc123",
                &CreateRunRequest::new("asst_abc123").additional_messages(vec![question]),
                None,
                PollOptions::default(),
            )
            .await?;
        writeln!(out, "run {}: {}", run.id, run.status).unwrap();
        let messages = client.list_messages(&run.thread_id, None).await?;
        for message in messages
            .data
            .iter()
            .filter(|m| m.role == MessageRole::Assistant)
        {
            writeln!(out, "assistant: {}", message.text()).unwrap();
        }
        // end of user code
        Ok::<_, openai_assistants::Error>(())
    })
    .await
    .unwrap();

    assert_eq!(
        out,
        "run run_abc123: completed\nassistant: You can work from home up to three days a week, \
         as long as your manager agrees and you keep Tuesday as an office day.【4:0†handbook.md】\n"
    );
    let paths = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect::<Vec<_>>();
    assert_eq!(
        paths,
        [
            "POST /v1/threads/thread_abc123/runs",
            "GET /v1/threads/thread_abc123/runs/run_abc123",
            "GET /v1/threads/thread_abc123/runs/run_abc123",
            "GET /v1/threads/thread_abc123/messages",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 5. File search: upload bytes, a vector store with the file, an assistant, a question
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn task_5_an_uploaded_file_answers_a_question_through_file_search() {
    let server = TestServer::start([
        Response::json(200, &recording!("create_file.json")),
        Response::json(200, &recording!("create_vector_store.json")),
        Response::json(200, &recording!("create_assistant.json")),
        Response::json(200, &recording!("create_thread_and_run.json")),
        Response::json(200, &recording!("get_run_completed.json")),
        Response::json(200, &recording!("list_messages.json")),
    ])
    .await;
    let client = server.client();
    let mut out = String::new();

    bounded(async {
        // user code
        use openai_assistants::helpers::PollOptions;
        use openai_assistants::types::*;
        use openai_assistants::FilePart;

        let handbook = b"Employees may work from home up to three days a week.".to_vec();
        let file = client
            .create_file(CreateFileRequest::new(
                FilePart::new(handbook).file_name("handbook.md"),
                Purpose::Assistants,
            ))
            .await?;
        let store = client
            .create_vector_store(
                &CreateVectorStoreRequest::new()
                    .name("Employee handbook")
                    .file_ids(vec![file.id.clone()]),
            )
            .await?;
        let assistant = client
            .create_assistant(
                &CreateAssistantRequest::new(Model::Gpt4o)
                    .tools(vec![FileSearchTool::new().into()])
                    .tool_resources(CreateToolResources::new().file_search(
                        CreateToolResourcesFileSearch::new().vector_store_ids(vec![store.id]),
                    )),
            )
            .await?;
        let question = CreateMessageRequest::new(MessageRole::User, "How many days at home?");
        let request = CreateThreadAndRunRequest::new(&assistant.id)
            .thread(CreateThreadRequest::new().messages(vec![question]));
        let run = client
            .create_thread_and_run_and_poll(&request, PollOptions::default())
            .await?;
        let messages = client.list_messages(&run.thread_id, None).await?;
        writeln!(out, "{}", messages.data[0].text()).unwrap(); // newest first
                                                               // end of user code
        Ok::<_, openai_assistants::Error>(())
    })
    .await
    .unwrap();

    assert_eq!(
        out,
        "You can work from home up to three days a week, as long as your manager agrees and you \
         keep Tuesday as an office day.【4:0†handbook.md】\n"
    );
    let requests = server.requests();
    assert_eq!(requests[0].path, "/v1/files");
    let upload = String::from_utf8_lossy(&requests[0].body).into_owned();
    assert!(upload.contains("filename=\"handbook.md\""), "{upload}");
    assert!(upload.contains("Employees may work from home"), "{upload}");
    assert_eq!(
        requests[1].json(),
        json!({"name": "Employee handbook", "file_ids": ["file-abc123"]})
    );
    assert_eq!(
        requests[2].json(),
        json!({
            "model": "gpt-4o",
            "tools": [{"type": "file_search"}],
            "tool_resources": {"file_search": {"vector_store_ids": ["vs_abc123"]}},
        })
    );
    assert_eq!(requests[3].json()["assistant_id"], "asst_abc123");
}

// ---------------------------------------------------------------------------------------------
// 6. Every run of a thread across pages
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn task_6_every_run_of_a_thread_is_listed_across_pages() {
    let server = TestServer::start([
        Response::json(
            200,
            &page(
                vec![
                    run_json("run_3", "thread_1", "in_progress"),
                    run_json("run_2", "thread_1", "completed"),
                ],
                true,
            ),
        ),
        Response::json(
            200,
            &page(vec![run_json("run_1", "thread_1", "failed")], false),
        ),
    ])
    .await;
    let client = server.client();
    let mut out = String::new();

    bounded(async {
        // user code
        use futures_util::StreamExt;

        let mut runs = client.list_runs_all("thread_1", None);
        while let Some(run) = runs.next().await {
            let run = run?;
            writeln!(out, "{} {}", run.id, run.status).unwrap();
        }
        // end of user code
        Ok::<_, openai_assistants::Error>(())
    })
    .await
    .unwrap();

    assert_eq!(out, "run_3 in_progress\nrun_2 completed\nrun_1 failed\n");
    let queries = server
        .requests()
        .iter()
        .map(|r| r.query_pairs())
        .collect::<Vec<_>>();
    assert_eq!(queries[0], []);
    assert_eq!(queries[1], [("after".to_string(), "run_2".to_string())]);
}

// ---------------------------------------------------------------------------------------------
// 7. Error handling: an API error's status, message and request id; cancelling a run
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn task_7_an_api_error_shows_its_status_message_and_request_id_and_a_run_is_cancelled() {
    let not_found = json!({"error": {
        "message": "No run found with id 'run_gone'.",
        "type": "invalid_request_error",
        "param": null,
        "code": null,
    }});
    let server = TestServer::start([
        Response::json(404, &not_found).header("x-request-id", "req_404"),
        Response::json(200, &run_json("run_1", "thread_1", "cancelling")),
        Response::json(200, &run_json("run_1", "thread_1", "cancelled")),
    ])
    .await;
    let client = server.client();
    let mut out = String::new();

    bounded(async {
        // user code
        use openai_assistants::helpers::PollOptions;
        use openai_assistants::Error;

        match client.get_run("thread_1", "run_gone").await {
            Ok(run) => writeln!(out, "found {}", run.id).unwrap(),
            Err(Error::Api(failure)) => {
                let message = failure.message().unwrap_or_default();
                let request_id = failure.request_id.as_deref().unwrap_or("-");
                writeln!(out, "{}: {message} ({request_id})", failure.status).unwrap();
            }
            Err(other) => return Err(other),
        }
        let run = client.cancel_run("thread_1", "run_1").await?;
        writeln!(out, "{} {}", run.id, run.status).unwrap();
        let run = client
            .poll_run("thread_1", "run_1", PollOptions::default())
            .await?;
        writeln!(out, "{} {}", run.id, run.status).unwrap();
        // end of user code
        Ok::<_, openai_assistants::Error>(())
    })
    .await
    .unwrap();

    assert_eq!(
        out,
        "404 Not Found: No run found with id 'run_gone'. (req_404)\n\
         run_1 cancelling\n\
         run_1 cancelled\n"
    );
    let paths = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect::<Vec<_>>();
    assert_eq!(
        paths,
        [
            "GET /v1/threads/thread_1/runs/run_gone",
            "POST /v1/threads/thread_1/runs/run_1/cancel",
            "GET /v1/threads/thread_1/runs/run_1",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// What the tasks lean on
// ---------------------------------------------------------------------------------------------

#[test]
fn a_message_text_is_its_text_parts_without_the_others() {
    let mut message = recording!("list_messages.json")["data"][0].clone();
    message["content"] = json!([
        {"type": "text", "text": {"value": "Three days, ", "annotations": []}},
        {"type": "image_file", "image_file": {"file_id": "file-chart"}},
        {"type": "text", "text": {"value": "with Tuesdays in the office.", "annotations": []}},
    ]);
    let message: openai_assistants::types::MessageObject = serde_json::from_value(message).unwrap();
    assert_eq!(message.text(), "Three days, with Tuesdays in the office.");
}
