//! The client against a real HTTP/1.1 server on loopback (see `support/mod.rs`): what goes on
//! the wire for every operation, retries, timeouts, errors, event streams, pagination, polling
//! and the tool loops.

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{FutureExt as _, StreamExt as _};
use openai_assistants::helpers::PollOptions;
use openai_assistants::types::{
    AssistantStreamEvent, CreateRunQuery, CreateRunRequest, CreateThreadAndRunRequest,
    GetRunStepQuery, ListRunStepsQuery, ListRunsQuery, ModifyRunRequest, Order, RunObject,
    RunStatus, SubmitToolOutputsRunRequest, ToolOutput,
};
use openai_assistants::{Client, Error, EventStream, OpenAiHeaders as _, StatusCode};
use serde_json::{json, Value};
use support::*;

const INCLUDE: &str = "step_details.tool_calls[*].file_search.results[*].content";
const DONE: &str = "event: done\ndata: [DONE]\n\n";

fn user_agent_prefix() -> String {
    format!("openai-assistants/{}", env!("CARGO_PKG_VERSION"))
}

/// The headers every request carries; `body` says whether it has a JSON body.
fn assert_standard_headers(op: &str, request: &Recorded, body: bool) {
    assert_eq!(
        request.header("authorization"),
        Some("Bearer sk-test"),
        "{op}"
    );
    assert_eq!(request.header("openai-beta"), Some("assistants=v2"), "{op}");
    let agent = request.header("user-agent").unwrap_or_default();
    assert!(
        agent.starts_with(&user_agent_prefix()),
        "{op}: user-agent {agent:?}"
    );
    if body {
        assert_eq!(
            request.header("content-type"),
            Some("application/json"),
            "{op}"
        );
    } else {
        assert_eq!(request.header("content-type"), None, "{op}");
        assert!(request.body.is_empty(), "{op}: unexpected body");
    }
    assert_eq!(request.header("openai-organization"), None, "{op}");
    assert_eq!(request.header("openai-project"), None, "{op}");
}

fn assert_not_streaming(op: &str, request: &Recorded) {
    assert_ne!(request.header("accept"), Some("text/event-stream"), "{op}");
}

fn assert_streaming(op: &str, request: &Recorded) {
    assert_eq!(request.header("accept"), Some("text/event-stream"), "{op}");
    assert_eq!(request.json()["stream"], json!(true), "{op}");
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn request_fixture(name: &str) -> (CreateThreadAndRunRequest, Value) {
    let text = fixture(&format!("CreateThreadAndRunRequest/{name}"));
    let request = serde_json::from_str(&text).expect("a documented request");
    (request, serde_json::from_str(&text).unwrap())
}

fn without_stream(mut value: Value) -> Value {
    value.as_object_mut().unwrap().remove("stream");
    value
}

fn run_response(id: &str, thread_id: &str, status: &str) -> Response {
    Response::json(200, &run_json(id, thread_id, status))
}

fn metadata() -> BTreeMap<String, String> {
    BTreeMap::from([("purpose".to_string(), "test".to_string())])
}

// ---------------------------------------------------------------------------------------------
// 1. What every operation sends
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_plain_operation_sends_its_method_path_query_body_and_headers() {
    let step = run_step_json("step_1");
    let server = TestServer::start([
        run_response("run_1", "thread_1", "queued"),
        Response::json(
            200,
            &page(vec![run_json("run_1", "thread_1", "queued")], false),
        ),
        run_response("run_1", "thread_1", "queued"),
        run_response("run_1", "thread_1", "queued"),
        run_response("run_1", "thread_1", "queued"),
        run_response("run_1", "thread_1", "queued"),
        run_response("run_1", "thread_1", "cancelling"),
        Response::json(200, &page(vec![step.clone()], false)),
        Response::json(200, &step),
    ])
    .await;
    let client = server.client();
    let (thread_and_run, documented) = request_fixture("curl_function_tool.json");
    assert_eq!(
        documented["stream"],
        json!(true),
        "the fixture asks for a stream"
    );

    bounded(async {
        let run = client.create_thread_and_run(&thread_and_run).await.unwrap();
        assert_eq!(run.id, "run_1");
        let runs = client
            .list_runs("thread_1", &ListRunsQuery::new().limit(5).order(Order::Asc))
            .await
            .unwrap();
        assert_eq!(runs.data.len(), 1);
        client
            .create_run(
                "thread_1",
                &CreateRunRequest::new("asst_1")
                    .instructions_null()
                    .temperature(0.5)
                    .metadata(metadata())
                    .stream(true),
                &CreateRunQuery::new().include(vec![INCLUDE.to_string(), INCLUDE.to_string()]),
            )
            .await
            .unwrap();
        client.get_run("thread_1", "run_1").await.unwrap();
        client
            .modify_run(
                "thread_1",
                "run_1",
                &ModifyRunRequest::new().metadata(metadata()),
            )
            .await
            .unwrap();
        client
            .submit_tool_outputs_to_run(
                "thread_1",
                "run_1",
                &SubmitToolOutputsRunRequest::new(vec![ToolOutput::new()
                    .tool_call_id("call_1")
                    .output("72F")])
                .stream(true),
            )
            .await
            .unwrap();
        let cancelled = client.cancel_run("thread_1", "run_1").await.unwrap();
        assert_eq!(cancelled.status, RunStatus::Cancelling);
        let steps = client
            .list_run_steps(
                "thread_1",
                "run_1",
                &ListRunStepsQuery::new()
                    .limit(5)
                    .order("asc")
                    .after("step_0")
                    .include(vec![INCLUDE.to_string()]),
            )
            .await
            .unwrap();
        assert_eq!(steps.data[0].id, "step_1");
        let step = client
            .get_run_step(
                "thread_1",
                "run_1",
                "step_1",
                &GetRunStepQuery::new().include(vec![INCLUDE.to_string()]),
            )
            .await
            .unwrap();
        assert_eq!(step.id, "step_1");
    })
    .await;

    let requests = server.requests();
    assert_eq!(requests.len(), 9);
    let expected: [(&str, &str, &str, Option<Value>); 9] = [
        (
            "create_thread_and_run",
            "POST",
            "/v1/threads/runs",
            Some(without_stream(documented)),
        ),
        ("list_runs", "GET", "/v1/threads/thread_1/runs", None),
        (
            "create_run",
            "POST",
            "/v1/threads/thread_1/runs",
            Some(json!({
                "assistant_id": "asst_1",
                "instructions": null,
                "metadata": {"purpose": "test"},
                "temperature": 0.5,
            })),
        ),
        ("get_run", "GET", "/v1/threads/thread_1/runs/run_1", None),
        (
            "modify_run",
            "POST",
            "/v1/threads/thread_1/runs/run_1",
            Some(json!({"metadata": {"purpose": "test"}})),
        ),
        (
            "submit_tool_outputs_to_run",
            "POST",
            "/v1/threads/thread_1/runs/run_1/submit_tool_outputs",
            Some(json!({"tool_outputs": [{"tool_call_id": "call_1", "output": "72F"}]})),
        ),
        (
            "cancel_run",
            "POST",
            "/v1/threads/thread_1/runs/run_1/cancel",
            None,
        ),
        (
            "list_run_steps",
            "GET",
            "/v1/threads/thread_1/runs/run_1/steps",
            None,
        ),
        (
            "get_run_step",
            "GET",
            "/v1/threads/thread_1/runs/run_1/steps/step_1",
            None,
        ),
    ];
    for (request, (op, method, path, body)) in requests.iter().zip(expected) {
        assert_eq!(request.method, method, "{op}");
        assert_eq!(request.path, path, "{op}");
        assert_standard_headers(op, request, body.is_some());
        assert_not_streaming(op, request);
        if let Some(body) = body {
            // Plain methods never send `stream`, even when the request struct sets it.
            assert_eq!(request.json(), body, "{op}");
        }
    }

    // Query strings.
    assert_eq!(requests[0].query, None);
    assert_eq!(requests[1].query.as_deref(), Some("limit=5&order=asc"));
    assert_eq!(
        requests[2].query_pairs(),
        pairs(&[("include[]", INCLUDE), ("include[]", INCLUDE)])
    );
    assert_eq!(requests[3].query, None);
    assert_eq!(requests[6].query, None);
    assert_eq!(
        requests[7].query_pairs(),
        pairs(&[
            ("limit", "5"),
            ("order", "asc"),
            ("after", "step_0"),
            ("include[]", INCLUDE),
        ])
    );
    assert_eq!(requests[8].query_pairs(), pairs(&[("include[]", INCLUDE)]));
}

#[tokio::test]
async fn stream_operations_always_send_stream_true_and_accept_event_stream() {
    let server = TestServer::start([
        Response::sse([DONE]),
        Response::sse([DONE]),
        Response::sse([DONE]),
    ])
    .await;
    let client = server.client();
    let (basic, documented) = request_fixture("curl_basic.json");
    assert!(
        documented.get("stream").is_none(),
        "the fixture has no stream"
    );

    bounded(async {
        for events in [
            client.create_thread_and_run_stream(&basic).await.unwrap(),
            client
                .create_run_stream(
                    "thread_1",
                    &CreateRunRequest::new("asst_1").stream(false),
                    &CreateRunQuery::new().include(vec![INCLUDE.to_string()]),
                )
                .await
                .unwrap(),
            client
                .submit_tool_outputs_to_run_stream(
                    "thread_1",
                    "run_1",
                    &SubmitToolOutputsRunRequest::new(vec![ToolOutput::new()
                        .tool_call_id("call_1")
                        .output("out")])
                    .stream_null(),
                )
                .await
                .unwrap(),
        ] {
            let items = collect_events(events).await;
            assert_eq!(items.len(), 1);
            assert_eq!(
                items[0].as_ref().unwrap(),
                &AssistantStreamEvent::Done("[DONE]".into())
            );
        }
    })
    .await;

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let mut with_stream = documented.clone();
    with_stream["stream"] = json!(true);
    let expected = [
        (
            "create_thread_and_run_stream",
            "/v1/threads/runs",
            with_stream,
        ),
        (
            "create_run_stream",
            "/v1/threads/thread_1/runs",
            json!({"assistant_id": "asst_1", "stream": true}),
        ),
        (
            "submit_tool_outputs_to_run_stream",
            "/v1/threads/thread_1/runs/run_1/submit_tool_outputs",
            json!({"tool_outputs": [{"tool_call_id": "call_1", "output": "out"}], "stream": true}),
        ),
    ];
    for (request, (op, path, body)) in requests.iter().zip(expected) {
        assert_eq!(request.method, "POST", "{op}");
        assert_eq!(request.path, path, "{op}");
        assert_standard_headers(op, request, true);
        assert_streaming(op, request);
        assert_eq!(request.json(), body, "{op}");
    }
    assert_eq!(requests[1].query_pairs(), pairs(&[("include[]", INCLUDE)]));
}

#[tokio::test]
async fn organization_and_project_headers_are_sent_when_configured() {
    let server = TestServer::start([run_response("run_1", "thread_1", "queued")]).await;
    let client = server
        .builder()
        .organization("org_123")
        .project("proj_456")
        .build()
        .unwrap();
    bounded(client.get_run("thread_1", "run_1")).await.unwrap();
    let request = server.single_request();
    assert_eq!(request.header("openai-organization"), Some("org_123"));
    assert_eq!(request.header("openai-project"), Some("proj_456"));
    assert_eq!(request.header("authorization"), Some("Bearer sk-test"));
}

#[tokio::test]
async fn requests_reuse_one_keep_alive_connection() {
    let server = TestServer::start([
        run_response("run_1", "thread_1", "queued"),
        run_response("run_1", "thread_1", "queued"),
        run_response("run_1", "thread_1", "queued"),
    ])
    .await;
    let client = server.client();
    for _ in 0..3 {
        bounded(client.get_run("thread_1", "run_1")).await.unwrap();
    }
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_base_url_with_a_trailing_slash_gives_the_same_paths() {
    let server = TestServer::start([run_response("run_1", "thread_1", "queued")]).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("http://{}/v1/", server.addr))
        .build()
        .unwrap();
    bounded(client.get_run("thread_1", "run_1")).await.unwrap();
    assert_eq!(
        server.single_request().path,
        "/v1/threads/thread_1/runs/run_1"
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Path parameters
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn path_parameters_are_percent_encoded_within_their_segment() {
    let server = TestServer::start([
        run_response("run_1", "thread_1", "queued"),
        Response::json(200, &run_step_json("step_1")),
    ])
    .await;
    let client = server.client();
    bounded(client.get_run("thread;..x", "run 1?#%+"))
        .await
        .unwrap();
    bounded(client.get_run_step("a:b", "c?d=e", "f&g", None))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].path,
        "/v1/threads/thread%3B..x/runs/run%201%3F%23%25%2B"
    );
    assert_eq!(requests[0].query, None);
    assert_eq!(requests[1].path, "/v1/threads/a:b/runs/c%3Fd=e/steps/f&g");
    assert_eq!(requests[1].query, None);
}

#[tokio::test]
async fn dot_segment_ids_never_change_the_endpoint() {
    let server = TestServer::start([
        run_response("run_1", "thread_1", "queued"),
        run_response("run_1", "thread_1", "queued"),
    ])
    .await;
    let client = server.client();
    let a = bounded(client.get_run("..", "run_1")).await;
    let b = bounded(client.create_run(".", &CreateRunRequest::new("asst_1"), None)).await;
    // Either the client refuses the ids without sending anything, or each id keeps a segment.
    for request in server.requests() {
        let segments: Vec<&str> = request.path.trim_start_matches("/v1/").split('/').collect();
        assert!(
            segments.len() >= 3 && segments[0] == "threads" && segments[2] == "runs",
            "{} {} left the thread segment out",
            request.method,
            request.path
        );
    }
    if server.requests().is_empty() {
        assert!(a.is_err() && b.is_err());
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Validation before sending
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn invalid_requests_fail_validation_and_send_nothing() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    let client = server.client();

    let invalid = CreateRunRequest::new("asst_1").max_prompt_tokens(10);
    for result in [
        bounded(client.create_run("thread_1", &invalid, None))
            .await
            .map(|_| ()),
        bounded(client.create_run_stream("thread_1", &invalid, None))
            .await
            .map(|_| ()),
    ] {
        match result {
            Err(Error::Validation(e)) => {
                assert_eq!(e.violations.len(), 1, "{e}");
                assert_eq!(e.violations[0].path, "/max_prompt_tokens");
                assert!(e.to_string().contains("/max_prompt_tokens"), "{e}");
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    match bounded(client.list_runs("thread_1", &ListRunsQuery::new().limit(0))).await {
        Err(Error::Validation(e)) => assert_eq!(e.violations[0].path, "/limit"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    match bounded(
        client.create_thread_and_run(
            &CreateThreadAndRunRequest::new("asst_1")
                .temperature(3.0)
                .top_p(-1.0),
        ),
    )
    .await
    {
        Err(Error::Validation(e)) => {
            let paths: Vec<&str> = e.violations.iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["/temperature", "/top_p"]);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    match bounded(client.get_run_step(
        "thread_1",
        "run_1",
        "step_1",
        &GetRunStepQuery::new().include(vec!["nope".to_string()]),
    ))
    .await
    {
        Err(Error::Validation(e)) => assert_eq!(e.violations[0].path, "/include[]/0"),
        other => panic!("expected a validation error, got {other:?}"),
    }

    assert!(server.requests().is_empty(), "{:#?}", server.requests());
    assert_eq!(server.connections(), 0);
}

// ---------------------------------------------------------------------------------------------
// 4. The documented transcripts
// ---------------------------------------------------------------------------------------------

fn with_done(events: &[AssistantStreamEvent]) {
    assert_eq!(
        events.last(),
        Some(&AssistantStreamEvent::Done("[DONE]".into()))
    );
}

fn unwrap_all(items: Vec<Result<AssistantStreamEvent, Error>>) -> Vec<AssistantStreamEvent> {
    items
        .into_iter()
        .map(|item| item.unwrap_or_else(|e| panic!("unexpected stream error: {e}")))
        .collect()
}

#[tokio::test]
async fn documented_transcripts_replayed_over_http_give_the_documented_events_in_order() {
    let streaming = repaired(STREAMING_TRANSCRIPT);
    let function = repaired(FUNCTION_TOOL_TRANSCRIPT);
    // The streaming transcript in one chunk; the function-tool one in 61-byte chunks with
    // small pauses, so events straddle chunks.
    let pieces: Vec<Vec<u8>> = function.as_bytes().chunks(61).map(<[u8]>::to_vec).collect();
    let mut slow = Response::sse(Vec::<Vec<u8>>::new());
    for piece in pieces {
        slow = slow.chunk_after(Duration::from_millis(1), piece);
    }
    let server = TestServer::start([Response::sse([streaming.clone()]), slow]).await;
    let client = server.client();
    let (request, _) = request_fixture("curl_streaming.json");

    for text in [&streaming, &function] {
        let events = bounded(client.create_thread_and_run_stream(&request))
            .await
            .unwrap();
        let events = unwrap_all(collect_events(events).await);
        let expected = expected_events(text);
        assert_eq!(events.len(), expected.len());
        for (i, (got, want)) in events.iter().zip(&expected).enumerate() {
            assert_eq!(got, want, "event {i}");
        }
        with_done(&events);
    }
    assert_eq!(expected_events(&streaming).len(), 15);
    assert_eq!(expected_events(&function).len(), 13);
}

/// Parses `chunks` with an `EventStream` without any runtime: the stream never waits.
fn parse_chunks(chunks: Vec<Bytes>) -> Vec<AssistantStreamEvent> {
    let stream = EventStream::new(futures_util::stream::iter(
        chunks.into_iter().map(Ok::<Bytes, Error>),
    ));
    let items: Vec<_> = stream
        .collect::<Vec<_>>()
        .now_or_never()
        .expect("an in-memory stream never waits");
    unwrap_all(items)
}

#[test]
fn a_decode_error_has_the_failure_then_serde_json_error_as_its_sources() {
    let body = "event: thread.run.created\ndata: {\"id\": 5}\n\ndata: [DONE]\n\n";
    let stream: EventStream = EventStream::new(futures_util::stream::iter([Ok::<_, Error>(
        Bytes::from(body),
    )]));
    let items: Vec<_> = stream.collect::<Vec<_>>().now_or_never().unwrap();
    let Some(Err(error @ Error::Decode(failure))) = items.first() else {
        panic!("expected a decode error, got {items:?}");
    };
    assert_eq!(failure.status, StatusCode::OK);
    let source = std::error::Error::source(error).expect("a decode error has a source");
    assert_eq!(source.to_string(), failure.to_string());
    let cause = source
        .source()
        .expect("the failure has serde_json's error as its source");
    let json = cause
        .downcast_ref::<serde_json::Error>()
        .expect("the innermost source is serde_json's error");
    assert_eq!(json.to_string(), failure.source.to_string());
}

#[test]
fn transcripts_split_at_every_byte_boundary_give_the_same_events() {
    for name in [STREAMING_TRANSCRIPT, FUNCTION_TOOL_TRANSCRIPT] {
        let text = repaired(name);
        let bytes = Bytes::from(text.clone().into_bytes());
        let expected = expected_events(&text);
        with_done(&expected);

        assert_eq!(parse_chunks(vec![bytes.clone()]), expected, "{name} whole");
        let one_at_a_time = (0..bytes.len()).map(|i| bytes.slice(i..i + 1)).collect();
        assert_eq!(parse_chunks(one_at_a_time), expected, "{name} byte by byte");

        // Every split into two chunks, spread over a few threads.
        let threads = std::thread::available_parallelism().map_or(4, |n| n.get().min(8));
        std::thread::scope(|scope| {
            for t in 0..threads {
                let (bytes, expected) = (&bytes, &expected);
                scope.spawn(move || {
                    for split in (t..=bytes.len()).step_by(threads) {
                        let chunks = vec![bytes.slice(..split), bytes.slice(split..)];
                        let events = parse_chunks(chunks);
                        assert!(events == *expected, "{name} split at byte {split}");
                    }
                });
            }
        });
    }
}

#[test]
fn crlf_line_endings_give_the_same_events() {
    let text = repaired(STREAMING_TRANSCRIPT);
    let crlf = text.replace('\n', "\r\n");
    let bytes = Bytes::from(crlf.into_bytes());
    // Split between every `\r` and `\n` too.
    let one_at_a_time = (0..bytes.len()).map(|i| bytes.slice(i..i + 1)).collect();
    assert_eq!(parse_chunks(one_at_a_time), expected_events(&text));
}

// ---------------------------------------------------------------------------------------------
// 5, 6. Retries
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn rate_limited_request_is_retried_once_after_retry_after_ms() {
    let server = TestServer::start([
        Response::json(
            429,
            &json!({"error": {"message": "slow down", "type": "rate_limit"}}),
        )
        .header("retry-after-ms", "1"),
        run_response("run_1", "thread_1", "queued"),
    ])
    .await;
    let client = server.client();
    let started = Instant::now();
    let run = bounded(client.create_run("thread_1", &CreateRunRequest::new("asst_1"), None))
        .await
        .unwrap();
    assert_eq!(run.id, "run_1");
    // The default backoff would wait at least 375 ms; the server asked for 1 ms.
    assert!(
        started.elapsed() < Duration::from_millis(350),
        "{:?}",
        started.elapsed()
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].body, requests[1].body,
        "the retry resends the body"
    );
    assert_eq!(requests[1].json(), json!({"assistant_id": "asst_1"}));
}

#[tokio::test]
async fn retry_waits_as_long_as_retry_after_ms_asks() {
    let server = TestServer::start([
        Response::text(503, "busy").header("retry-after-ms", "150"),
        run_response("run_1", "thread_1", "queued"),
    ])
    .await;
    let started = Instant::now();
    bounded(server.client().get_run("thread_1", "run_1"))
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(server.requests().len(), 2);
}

fn server_error() -> Response {
    Response::json(
        500,
        &json!({"error": {"message": "oops", "type": "server_error"}}),
    )
    .header("retry-after-ms", "1")
}

#[tokio::test]
async fn server_errors_are_retried_max_retries_times_then_returned() {
    let server = TestServer::start([server_error(), server_error(), server_error()]).await;
    let result = bounded(server.client().get_run("thread_1", "run_1")).await;
    match result {
        Err(Error::Api(failure)) => {
            assert_eq!(failure.status, 500);
            assert_eq!(failure.error.as_ref().unwrap().error.message, "oops");
            assert_eq!(failure.message().as_deref(), Some("oops"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn max_retries_zero_sends_one_request() {
    let server = TestServer::start([server_error(), server_error()]).await;
    let client = server.builder().max_retries(0).build().unwrap();
    let result = bounded(client.get_run("thread_1", "run_1")).await;
    assert_eq!(
        result.unwrap_err().status(),
        Some(StatusCode::INTERNAL_SERVER_ERROR)
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn x_should_retry_false_stops_retries_and_true_forces_them() {
    let server = TestServer::start([
        server_error().header("x-should-retry", "false"),
        Response::text(400, "bad")
            .header("x-should-retry", "true")
            .header("retry-after-ms", "1"),
        run_response("run_1", "thread_1", "queued"),
    ])
    .await;
    let client = server.client();
    let first = bounded(client.get_run("thread_1", "run_1")).await;
    assert_eq!(
        first.unwrap_err().status(),
        Some(StatusCode::INTERNAL_SERVER_ERROR)
    );
    assert_eq!(server.requests().len(), 1);
    bounded(client.get_run("thread_1", "run_1")).await.unwrap();
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = TestServer::start([Response::text(404, "no such run")]).await;
    let result = bounded(server.client().get_run("thread_1", "run_1")).await;
    assert_eq!(result.unwrap_err().status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn stream_requests_are_retried_before_the_stream_begins() {
    let server = TestServer::start([
        Response::text(503, "busy").header("retry-after-ms", "1"),
        Response::sse([DONE]),
    ])
    .await;
    let client = server.client();
    let events =
        bounded(client.create_run_stream("thread_1", &CreateRunRequest::new("asst_1"), None))
            .await
            .unwrap();
    let events = unwrap_all(collect_events(events).await);
    assert_eq!(events, [AssistantStreamEvent::Done("[DONE]".into())]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_streaming("retry", &requests[1]);
}

// ---------------------------------------------------------------------------------------------
// 7. API errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn api_error_keeps_status_parsed_error_raw_body_and_request_id() {
    let body = r#"{"error": {"message": "No thread found with id 'thread_1'.", "type": "invalid_request_error", "param": null, "code": "not_found"}}"#;
    let server = TestServer::start([Response::text(404, body)
        .header("content-type", "application/json")
        .header("x-request-id", "req_123")])
    .await;
    let error = bounded(server.client().get_run("thread_1", "run_1"))
        .await
        .unwrap_err();
    let Error::Api(failure) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(failure.status, 404);
    assert_eq!(failure.body, body);
    assert_eq!(failure.request_id.as_deref(), Some("req_123"));
    let parsed = failure.error.as_ref().expect("a parsed error");
    assert_eq!(parsed.error.message, "No thread found with id 'thread_1'.");
    assert_eq!(parsed.error.r#type, "invalid_request_error");
    assert_eq!(parsed.error.param, None);
    assert_eq!(parsed.error.code.as_deref(), Some("not_found"));
    assert_eq!(
        failure.message().as_deref(),
        Some("No thread found with id 'thread_1'.")
    );
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    let text = error.to_string();
    for part in [
        "404",
        "invalid_request_error",
        "not_found",
        "No thread found",
        "req_123",
    ] {
        assert!(text.contains(part), "{text:?} lacks {part:?}");
    }
}

#[tokio::test]
async fn an_errors_request_id_status_message_and_retryability_need_no_match() {
    let body = json!({"error": {"message": "The server is overloaded.", "type": "server_error"}});
    let server = TestServer::start([
        Response::json(503, &body).header("x-request-id", "req_503"),
        Response::json(404, &json!({"error": {"message": "No run."}})),
    ])
    .await;
    let client = server.builder().max_retries(0).build().unwrap();

    let overloaded = bounded(client.get_run("thread_1", "run_1"))
        .await
        .unwrap_err();
    assert_eq!(overloaded.request_id(), Some("req_503"));
    assert_eq!(overloaded.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(
        overloaded.message().as_deref(),
        Some("The server is overloaded.")
    );
    assert!(overloaded.is_retryable(), "a 503 is retried by the client");

    let missing = bounded(client.get_run("thread_1", "run_2"))
        .await
        .unwrap_err();
    assert_eq!(missing.request_id(), None);
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(missing.message().as_deref(), Some("No run."));
    assert!(!missing.is_retryable(), "a 404 is not retried");
}

#[tokio::test]
async fn a_stream_error_event_has_the_streams_request_id_and_the_events_message() {
    let error = "event: error\ndata: {\"error\":{\"message\":\"Run failed.\",\"code\":\"server_error\"}}\n\n";
    let server =
        TestServer::start([Response::sse([error]).header("x-request-id", "req_stream")]).await;
    let events = bounded(server.client().create_run_stream(
        "thread_1",
        &CreateRunRequest::new("asst_1"),
        None,
    ))
    .await
    .unwrap();
    let errors: Vec<Error> = collect_events(events)
        .await
        .into_iter()
        .filter_map(Result::err)
        .collect();
    let [error] = &errors[..] else {
        panic!("expected one error, got {errors:?}");
    };
    assert!(matches!(error, Error::Stream(_)), "{error:?}");
    assert_eq!(error.request_id(), Some("req_stream"));
    assert_eq!(error.message().as_deref(), Some("Run failed."));
    assert_eq!(error.status(), None);
    assert!(
        !error.is_retryable(),
        "a stream is never retried once begun"
    );
    let text = error.to_string();
    assert!(text.ends_with("[request id req_stream]"), "{text:?}");
}

#[tokio::test]
async fn an_event_that_does_not_decode_has_the_streams_request_id() {
    let bad = "event: thread.run.created\ndata: {\"id\": 7}\n\n";
    let server =
        TestServer::start([Response::sse([bad, DONE]).header("x-request-id", "req_bad")]).await;
    let events = bounded(server.client().create_run_stream(
        "thread_1",
        &CreateRunRequest::new("asst_1"),
        None,
    ))
    .await
    .unwrap();
    let items = collect_events(events).await;
    match &items[0] {
        Err(error @ Error::Decode(_)) => {
            assert_eq!(error.request_id(), Some("req_bad"));
            assert_eq!(error.status(), Some(StatusCode::OK));
            assert_eq!(error.message(), None);
            assert!(!error.is_retryable());
        }
        other => panic!("expected a decoding error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_connection_is_retryable_and_has_no_request_id() {
    // Nothing listens on a port that was just released.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = Client::builder()
        .api_key("sk-test")
        .base_url(format!("http://{closed}/v1"))
        .max_retries(0)
        .build()
        .unwrap();
    let error = bounded(client.get_run("thread_1", "run_1"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.request_id(), None);
    assert_eq!(error.status(), None);
    assert_eq!(error.message(), None);
}

#[tokio::test]
async fn non_json_error_body_is_kept_raw() {
    let body = "<html><body>502 Bad Gateway</body></html>";
    let server = TestServer::start([Response::text(400, body)]).await;
    let error = bounded(server.client().get_run("thread_1", "run_1"))
        .await
        .unwrap_err();
    let Error::Api(failure) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(failure.status, 400);
    assert!(failure.error.is_none());
    assert_eq!(failure.body, body);
    assert_eq!(failure.request_id, None);
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// 8. Timeouts
// ---------------------------------------------------------------------------------------------

/// A client that gives up after 200 ms, without retries.
fn timing_out_client(server: &TestServer) -> Client {
    server
        .builder()
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = TestServer::start([Reply::Never]).await;
    let client = timing_out_client(&server);
    let started = Instant::now();
    let result = bounded(client.get_run("thread_1", "run_1")).await;
    let elapsed = started.elapsed();
    assert!(
        matches!(result, Err(Error::Timeout(d)) if d == Duration::from_millis(200)),
        "{result:?}"
    );
    assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_stream_whose_server_never_answers_times_out() {
    let server = TestServer::start([Reply::Never]).await;
    let client = timing_out_client(&server);
    let started = Instant::now();
    let result =
        bounded(client.create_thread_and_run_stream(&CreateThreadAndRunRequest::new("asst_1")))
            .await;
    assert!(
        matches!(result, Err(Error::Timeout(d)) if d == Duration::from_millis(200)),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_body_that_stalls_times_out() {
    // Headers arrive at once, the body never completes.
    let server = TestServer::start([Response::new(200)
        .header("content-type", "application/json")
        .framing(Framing::Close)
        .chunk_after(Duration::ZERO, "{\"id\":")
        .chunk_after(Duration::from_secs(30), "\"run_1\"}")])
    .await;
    let client = timing_out_client(&server);
    let started = Instant::now();
    let result = bounded(client.get_run("thread_1", "run_1")).await;
    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn timeouts_are_retried() {
    let server = TestServer::start([
        Reply::Never,
        run_response("run_1", "thread_1", "queued").into(),
    ])
    .await;
    let client = server
        .builder()
        .timeout(Duration::from_millis(100))
        .max_retries(1)
        .build()
        .unwrap();
    let run = bounded(client.get_run("thread_1", "run_1")).await.unwrap();
    assert_eq!(run.id, "run_1");
    assert_eq!(server.requests().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// 9. Decoding errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_the_raw_body_and_a_path() {
    let body = r#"{"id": "run_1", "object": "thread.run", "created_at": "#;
    let server =
        TestServer::start([Response::text(200, body).header("x-request-id", "req_9")]).await;
    let error = bounded(server.client().get_run("thread_1", "run_1"))
        .await
        .unwrap_err();
    let Error::Decode(failure) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(failure.status, 200);
    assert_eq!(failure.body, body);
    assert_eq!(failure.path, "created_at");
    assert_eq!(failure.request_id.as_deref(), Some("req_9"));
    assert!(failure.source.is_eof(), "{}", failure.source);
    assert!(error.to_string().contains("created_at"), "{error}");
}

#[tokio::test]
async fn a_wrong_type_deep_inside_names_its_path() {
    let mut run = run_json("run_1", "thread_1", "queued");
    run["status"] = json!(5);
    let mut second = run_json("run_2", "thread_1", "queued");
    second["usage"] = json!({"prompt_tokens": "many", "completion_tokens": 1, "total_tokens": 2});
    let listing = page(vec![run_json("run_0", "thread_1", "queued"), second], false);
    let server =
        TestServer::start([Response::json(200, &run), Response::json(200, &listing)]).await;
    let client = server.client();

    let error = bounded(client.get_run("thread_1", "run_1"))
        .await
        .unwrap_err();
    let Error::Decode(failure) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(failure.path, "status");
    assert_eq!(serde_json::from_str::<Value>(&failure.body).unwrap(), run);

    let error = bounded(client.list_runs("thread_1", None))
        .await
        .unwrap_err();
    let Error::Decode(failure) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(failure.path, "data[1].usage.prompt_tokens");
}

// ---------------------------------------------------------------------------------------------
// 10, 11, 12. Streams that go wrong
// ---------------------------------------------------------------------------------------------

fn transcript_events(count: usize) -> String {
    let text = repaired(STREAMING_TRANSCRIPT);
    text.split_inclusive("\n\n").take(count).collect()
}

#[tokio::test]
async fn an_error_event_mid_stream_ends_the_stream_with_a_stream_error() {
    let first_two = transcript_events(2);
    let error = "event: error\ndata: {\"code\":\"server_error\",\"message\":\"The server had an error.\",\"param\":null,\"type\":\"server_error\"}\n\n";
    let rest = transcript_events(15)[first_two.len()..].to_string();
    let server =
        TestServer::start([Response::sse([first_two.clone(), error.to_string(), rest])]).await;
    let events = bounded(server.client().create_run_stream(
        "thread_123",
        &CreateRunRequest::new("asst_123"),
        None,
    ))
    .await
    .unwrap();
    let mut items = collect_events(events).await.into_iter();
    let expected = expected_events(&first_two);
    assert_eq!(items.next().unwrap().unwrap(), expected[0]);
    assert_eq!(items.next().unwrap().unwrap(), expected[1]);
    match items.next() {
        Some(Err(Error::Stream(e))) => {
            assert_eq!(e.message().as_deref(), Some("The server had an error."));
            assert_eq!(e.field("code"), Some("server_error"));
            assert!(e.data.contains("The server had an error."), "{}", e.data);
        }
        other => panic!("expected a stream error, got {other:?}"),
    }
    assert!(items.next().is_none(), "the stream ends after the error");
}

#[tokio::test]
async fn a_dropped_chunked_stream_is_an_error_not_a_hang() {
    let two = transcript_events(2);
    let server = TestServer::start([Response::sse([two.clone()]).truncated()]).await;
    let events = bounded(server.client().create_run_stream(
        "thread_123",
        &CreateRunRequest::new("asst_123"),
        None,
    ))
    .await
    .unwrap();
    let items = collect_events(events).await;
    let expected = expected_events(&two);
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), &expected[0]);
    assert_eq!(items[1].as_ref().unwrap(), &expected[1]);
    assert!(
        matches!(items[2], Err(Error::Transport(_)) | Err(Error::StreamEnded)),
        "{:?}",
        items[2]
    );
}

#[tokio::test]
async fn a_close_delimited_stream_that_ends_before_done_is_stream_ended() {
    let two = transcript_events(2);
    let server = TestServer::start([Response::sse([two.clone()]).framing(Framing::Close)]).await;
    let events = bounded(server.client().create_run_stream(
        "thread_123",
        &CreateRunRequest::new("asst_123"),
        None,
    ))
    .await
    .unwrap();
    let items = collect_events(events).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].is_ok() && items[1].is_ok());
    assert!(
        matches!(items[2], Err(Error::StreamEnded)),
        "{:?}",
        items[2]
    );
}

async fn stream_cut_inside_the_second_event(
    framing: Framing,
) -> Vec<Result<AssistantStreamEvent, Error>> {
    let two = transcript_events(2);
    let cut = &two[..two.len() - 40]; // inside the second event's JSON
    let server = TestServer::start([Response::sse([cut.to_string()])
        .framing(framing)
        .truncated()])
    .await;
    let events = bounded(server.client().create_run_stream(
        "thread_123",
        &CreateRunRequest::new("asst_123"),
        None,
    ))
    .await
    .unwrap();
    collect_events(events).await
}

#[tokio::test]
async fn a_chunked_stream_cut_inside_an_event_is_a_transport_error_not_a_hang() {
    let items = stream_cut_inside_the_second_event(Framing::Chunked).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].is_ok());
    assert!(
        matches!(items[1], Err(Error::Transport(_)) | Err(Error::StreamEnded)),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn a_close_delimited_stream_cut_inside_an_event_is_stream_ended() {
    let items = stream_cut_inside_the_second_event(Framing::Close).await;
    assert!(items[0].is_ok());
    assert!(
        matches!(items[1], Err(Error::StreamEnded) | Err(Error::Transport(_))),
        "{:?}",
        items[1]
    );
    assert_eq!(items.len(), 2, "{items:?}");
}

#[tokio::test]
async fn a_connection_dropped_before_any_response_is_a_transport_error() {
    let server = TestServer::start([
        Reply::Drop(Vec::new()),
        Reply::Drop(b"HTTP/1.1 200 OK\r\ncontent-le".to_vec()),
    ])
    .await;
    let client = server.builder().max_retries(0).build().unwrap();
    for _ in 0..2 {
        let result = bounded(client.get_run("thread_1", "run_1")).await;
        assert!(matches!(result, Err(Error::Transport(_))), "{result:?}");
    }
}

#[tokio::test]
async fn a_stream_that_pauses_between_events_is_not_cut_by_the_request_timeout() {
    let two = transcript_events(2);
    let server = TestServer::start([
        Response::sse([two.clone()]).chunk_after(Duration::from_millis(300), DONE)
    ])
    .await;
    let client = server
        .builder()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let events =
        bounded(client.create_run_stream("thread_123", &CreateRunRequest::new("asst_123"), None))
            .await
            .unwrap();
    let events = unwrap_all(collect_events(events).await);
    assert_eq!(events.len(), 3);
    with_done(&events);
}

#[tokio::test]
async fn an_unknown_event_mid_stream_is_kept_raw_and_the_stream_continues() {
    let first = transcript_events(1);
    let unknown =
        "event: thread.run.step.something_new\ndata: {\"id\":\"x_1\",\"novel\":[1,2]}\n\n";
    let not_json = "event: thread.future\ndata: plain text\n\n";
    let server = TestServer::start([Response::sse([
        first.clone(),
        unknown.to_string(),
        not_json.to_string(),
        DONE.to_string(),
    ])])
    .await;
    let events = bounded(server.client().create_run_stream(
        "thread_123",
        &CreateRunRequest::new("asst_123"),
        None,
    ))
    .await
    .unwrap();
    let events = unwrap_all(collect_events(events).await);
    assert_eq!(
        events,
        [
            expected_events(&first).remove(0),
            AssistantStreamEvent::Unknown {
                event: "thread.run.step.something_new".into(),
                data: json!({"id": "x_1", "novel": [1, 2]}),
            },
            AssistantStreamEvent::Unknown {
                event: "thread.future".into(),
                data: json!("plain text"),
            },
            AssistantStreamEvent::Done("[DONE]".into()),
        ]
    );
}

#[tokio::test]
async fn a_malformed_known_event_is_a_decode_error_naming_the_event() {
    let bad = "event: thread.run.created\ndata: {\"id\": 1}\n\n";
    let server = TestServer::start([Response::sse([bad, DONE])]).await;
    let events = bounded(server.client().create_run_stream(
        "thread_123",
        &CreateRunRequest::new("asst_123"),
        None,
    ))
    .await
    .unwrap();
    let items = collect_events(events).await;
    match &items[0] {
        Err(Error::Decode(failure)) => {
            assert!(
                failure.path.contains("thread.run.created"),
                "{}",
                failure.path
            );
            assert_eq!(failure.body, "{\"id\": 1}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// 13. Pagination
// ---------------------------------------------------------------------------------------------

fn runs(ids: &[&str]) -> Vec<Value> {
    ids.iter()
        .map(|id| run_json(id, "thread_1", "completed"))
        .collect()
}

#[tokio::test]
async fn list_runs_all_follows_has_more_and_last_id_across_pages() {
    let server = TestServer::start([
        Response::json(200, &page(runs(&["run_1", "run_2"]), true)),
        Response::json(200, &page(runs(&["run_3", "run_4"]), true)),
        Response::json(200, &page(runs(&["run_5"]), false)),
    ])
    .await;
    let client = server.client();
    let all: Vec<RunObject> = bounded(
        client
            .list_runs_all("thread_1", ListRunsQuery::new().limit(2).order(Order::Desc))
            .map(Result::unwrap)
            .collect::<Vec<_>>(),
    )
    .await;
    let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["run_1", "run_2", "run_3", "run_4", "run_5"]);

    let requests = server.requests();
    assert_eq!(requests.len(), 3, "no request after has_more: false");
    assert_eq!(requests[0].query.as_deref(), Some("limit=2&order=desc"));
    assert_eq!(
        requests[1].query.as_deref(),
        Some("limit=2&order=desc&after=run_2")
    );
    assert_eq!(
        requests[2].query.as_deref(),
        Some("limit=2&order=desc&after=run_4")
    );
    for request in &requests {
        assert_eq!(request.path, "/v1/threads/thread_1/runs");
    }
}

fn assert_unpin<T: Unpin>(_: &T) {}

#[test]
fn all_streams_and_event_streams_are_unpin() {
    let client = Client::builder().api_key("sk-test").build().unwrap();
    assert_unpin(&client.list_runs_all("thread_1", None));
    assert_unpin(&client.list_run_steps_all("thread_1", "run_1", None));
    fn event_stream_is_unpin(events: &EventStream) {
        assert_unpin(events);
    }
    let _ = event_stream_is_unpin;
}

#[tokio::test]
async fn pagination_fetches_a_page_only_when_needed_and_stops_after_an_error() {
    let server = TestServer::start([
        Response::json(200, &page(runs(&["run_1", "run_2"]), true)),
        Response::text(400, "bad cursor"),
    ])
    .await;
    let client = server.client();
    let mut stream = client.list_runs_all("thread_1", None);
    assert_eq!(bounded(stream.next()).await.unwrap().unwrap().id, "run_1");
    assert_eq!(
        server.requests().len(),
        1,
        "the second page is not fetched yet"
    );
    assert_eq!(bounded(stream.next()).await.unwrap().unwrap().id, "run_2");
    assert_eq!(server.requests().len(), 1);
    let error = bounded(stream.next()).await.unwrap().unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert!(bounded(stream.next()).await.is_none());
    assert_eq!(server.requests().len(), 2);
    // A `None` query sends no query string; the cursor is added to the default query.
    assert_eq!(server.requests()[0].query, None);
    assert_eq!(server.requests()[1].query.as_deref(), Some("after=run_2"));
}

#[tokio::test]
async fn list_run_steps_all_keeps_the_query_and_moves_the_cursor() {
    let server = TestServer::start([
        Response::json(200, &page(vec![run_step_json("step_1")], true)),
        Response::json(200, &page(vec![run_step_json("step_2")], false)),
    ])
    .await;
    let client = server.client();
    let steps: Vec<_> = bounded(
        client
            .list_run_steps_all(
                "thread_1",
                "run_1",
                ListRunStepsQuery::new().include(vec![INCLUDE.to_string()]),
            )
            .map(Result::unwrap)
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1].id, "step_2");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].query_pairs(), pairs(&[("include[]", INCLUDE)]));
    assert_eq!(
        requests[1].query_pairs(),
        pairs(&[("after", "step_1"), ("include[]", INCLUDE)])
    );
    assert_eq!(requests[1].path, "/v1/threads/thread_1/runs/run_1/steps");
}

// ---------------------------------------------------------------------------------------------
// 14. Polling
// ---------------------------------------------------------------------------------------------

fn polled(status: &str) -> Response {
    run_response("run_1", "thread_1", status).header("openai-poll-after-ms", "10")
}

#[tokio::test]
async fn poll_run_polls_until_completed_waiting_openai_poll_after_ms() {
    let server =
        TestServer::start([polled("queued"), polled("in_progress"), polled("completed")]).await;
    let client = server.client();
    let options = PollOptions {
        // Were the header ignored, the first wait would outlast the deadline.
        interval: Duration::from_secs(30),
        deadline: Duration::from_secs(5),
    };
    let started = Instant::now();
    let run = bounded(client.poll_run("thread_1", "run_1", options))
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(run.status, RunStatus::Completed);
    assert!(elapsed >= Duration::from_millis(20), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in requests {
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, "/v1/threads/thread_1/runs/run_1");
    }
}

#[tokio::test]
async fn poll_run_without_the_header_waits_the_interval_and_stops_at_requires_action() {
    let server = TestServer::start([
        run_response("run_1", "thread_1", "in_progress"),
        Response::json(200, &requires_action_run("run_1", "thread_1", "call_1")),
    ])
    .await;
    let options = PollOptions {
        interval: Duration::from_millis(50),
        deadline: Duration::from_secs(5),
    };
    let started = Instant::now();
    let run = bounded(server.client().poll_run("thread_1", "run_1", options))
        .await
        .unwrap();
    assert_eq!(run.status, RunStatus::RequiresAction);
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn poll_run_gives_up_at_its_deadline() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    server.set_fallback(polled("in_progress"));
    let options = PollOptions {
        interval: Duration::from_millis(10),
        deadline: Duration::from_millis(300),
    };
    let started = Instant::now();
    let result = bounded(server.client().poll_run("thread_1", "run_1", options)).await;
    let elapsed = started.elapsed();
    assert!(
        matches!(result, Err(Error::Deadline(d)) if d == Duration::from_millis(300)),
        "{result:?}"
    );
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert!(server.requests().len() > 2, "it kept polling");
}

#[tokio::test]
async fn poll_run_deadline_cancels_a_request_in_flight() {
    let server = TestServer::start([Reply::Never]).await;
    let options = PollOptions {
        interval: Duration::from_millis(10),
        deadline: Duration::from_millis(200),
    };
    let started = Instant::now();
    let result = bounded(server.client().poll_run("thread_1", "run_1", options)).await;
    assert!(matches!(result, Err(Error::Deadline(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

// ---------------------------------------------------------------------------------------------
// 15. Tool loops
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn run_tools_submits_the_handler_output_and_polls_to_completion() {
    let server = TestServer::start([
        run_response("run_1", "thread_1", "queued"),
        polled("in_progress"),
        polled("completed"),
    ])
    .await;
    let client = server.client();
    let run: RunObject =
        serde_json::from_value(requires_action_run("run_1", "thread_1", "call_1")).unwrap();
    let mut calls = Vec::new();
    let options = PollOptions {
        interval: Duration::from_secs(30),
        deadline: Duration::from_secs(5),
    };
    let done = bounded(client.run_tools(
        run,
        |call| {
            calls.push((
                call.id.clone(),
                call.function.name.clone(),
                call.function.arguments.clone(),
            ));
            async { "72F and sunny".to_string() }
        },
        options,
    ))
    .await
    .unwrap();
    assert_eq!(done.status, RunStatus::Completed);
    assert_eq!(
        calls,
        [(
            "call_1".to_string(),
            "get_current_weather".to_string(),
            "{\"location\":\"Paris\"}".to_string()
        )]
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(
        requests[0].path,
        "/v1/threads/thread_1/runs/run_1/submit_tool_outputs"
    );
    assert_eq!(
        requests[0].json(),
        json!({"tool_outputs": [{"tool_call_id": "call_1", "output": "72F and sunny"}]})
    );
    assert_standard_headers("submit_tool_outputs", &requests[0], true);
    for request in &requests[1..] {
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("GET", "/v1/threads/thread_1/runs/run_1")
        );
    }
}

#[tokio::test]
async fn run_tools_answers_a_tool_call_of_an_unknown_type_with_an_error_output() {
    let server = TestServer::start([run_response("run_1", "thread_1", "completed")]).await;
    let mut run = requires_action_run("run_1", "thread_1", "call_1");
    run["required_action"]["submit_tool_outputs"]["tool_calls"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "call_2", "type": "mcp", "mcp": {"server": "s"}}));
    let run: RunObject = serde_json::from_value(run).unwrap();
    let mut handled = Vec::new();
    let options = PollOptions {
        interval: Duration::from_secs(30),
        deadline: Duration::from_secs(5),
    };
    let done = bounded(server.client().run_tools(
        run,
        |call| {
            handled.push(call.id.clone());
            async { "72F".to_string() }
        },
        options,
    ))
    .await
    .unwrap();
    assert_eq!(done.status, RunStatus::Completed);
    assert_eq!(handled, ["call_1"], "the handler sees function calls only");
    let requests = server.requests();
    assert_eq!(
        requests[0].json(),
        json!({"tool_outputs": [
            {"tool_call_id": "call_1", "output": "72F"},
            {"tool_call_id": "call_2", "output": json!({"error": "tool calls of type `mcp` are not supported by this client"}).to_string()}
        ]})
    );
}

#[tokio::test]
async fn run_tools_returns_a_run_that_requires_an_action_of_an_unknown_type() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    let mut run = run_json("run_1", "thread_1", "requires_action");
    run["required_action"] = json!({"type": "approve", "approve": {"ids": ["a"]}});
    let run: RunObject = serde_json::from_value(run).unwrap();
    let options = PollOptions {
        interval: Duration::from_secs(30),
        deadline: Duration::from_secs(5),
    };
    let back = bounded(server.client().run_tools(
        run.clone(),
        |_| async { unreachable!("no function call to answer") },
        options,
    ))
    .await
    .unwrap();
    assert_eq!(back, run);
    assert!(server.requests().is_empty(), "nothing was submitted");
}

#[tokio::test]
async fn run_tools_streaming_answers_the_documented_function_call_and_follows_the_next_stream() {
    let function = repaired(FUNCTION_TOOL_TRANSCRIPT);
    let completed = {
        let streaming = repaired(STREAMING_TRANSCRIPT);
        let block = streaming
            .split_inclusive("\n\n")
            .find(|b| b.starts_with("event: thread.run.completed\n"))
            .expect("a thread.run.completed event")
            .to_string();
        block
    };
    let server = TestServer::start([
        Response::sse([function.clone()]),
        Response::sse([completed.clone(), DONE.to_string()]),
    ])
    .await;
    let client = server.client();
    let (request, _) = request_fixture("curl_function_tool.json");
    let events = bounded(client.create_thread_and_run_stream(&request))
        .await
        .unwrap();

    let mut seen = Vec::new();
    let mut calls = Vec::new();
    let state = bounded(client.run_tools_streaming(
        events,
        |call| {
            calls.push((call.id.clone(), call.function.arguments.clone()));
            async { "{\"temperature\": 57}".to_string() }
        },
        |event, _| seen.push(event.clone()),
    ))
    .await
    .unwrap();

    let mut expected = expected_events(&function);
    expected.extend(expected_events(&format!("{completed}{DONE}")));
    assert_eq!(seen, expected, "on_event sees every event of both streams");
    assert_eq!(
        calls,
        [(
            "call_XXNp8YGaFrjrSjgqxtC8JJ1B".to_string(),
            "{\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}".to_string()
        )]
    );
    let run = state.run().expect("the final run");
    assert_eq!(run.status, RunStatus::Completed);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let submit = &requests[1];
    assert_eq!(submit.method, "POST");
    assert_eq!(
        submit.path,
        "/v1/threads/thread_123/runs/run_123/submit_tool_outputs"
    );
    assert_streaming("submit_tool_outputs_stream", submit);
    assert_eq!(
        submit.json(),
        json!({
            "tool_outputs": [{"tool_call_id": "call_XXNp8YGaFrjrSjgqxtC8JJ1B", "output": "{\"temperature\": 57}"}],
            "stream": true,
        })
    );
}

#[tokio::test]
async fn run_tools_streaming_hands_on_event_what_each_event_changed() {
    use openai_assistants::accumulate::Change;

    let function = repaired(FUNCTION_TOOL_TRANSCRIPT);
    let completed = repaired(STREAMING_TRANSCRIPT)
        .split_inclusive("\n\n")
        .find(|b| b.starts_with("event: thread.run.completed\n"))
        .expect("a thread.run.completed event")
        .to_string();
    let server = TestServer::start([
        Response::sse([function.clone()]),
        Response::sse([completed.clone(), DONE.to_string()]),
    ])
    .await;
    let client = server.client();
    let (request, _) = request_fixture("curl_function_tool.json");
    let events = bounded(client.create_thread_and_run_stream(&request))
        .await
        .unwrap();

    let mut calls = 0;
    let mut statuses = Vec::new();
    let mut fragments = Vec::new();
    let mut required = Vec::new();
    bounded(client.run_tools_streaming(
        events,
        |_| async { "{}".to_string() },
        |_, changes| {
            calls += 1;
            for change in changes {
                match change {
                    Change::RunStatusChanged { run, from } => {
                        statuses.push((from.map(|s| s.to_string()), run.status.to_string()))
                    }
                    Change::ArgumentsAppended { delta, .. } => fragments.push(delta.to_string()),
                    Change::ToolCallsRequired(tool_calls) => required.extend(
                        tool_calls
                            .iter()
                            .filter_map(|c| c.as_function())
                            .map(|c| c.id.clone()),
                    ),
                    _ => {}
                }
            }
        },
    ))
    .await
    .unwrap();

    let events =
        expected_events(&function).len() + expected_events(&format!("{completed}{DONE}")).len();
    assert_eq!(calls, events, "one call per event of both streams");
    let status = |from: Option<&str>, to: &str| (from.map(str::to_string), to.to_string());
    assert_eq!(
        statuses,
        [
            status(None, "queued"),
            status(Some("queued"), "in_progress"),
            status(Some("in_progress"), "requires_action"),
            // The stream after the tool outputs is accumulated afresh.
            status(None, "completed"),
        ]
    );
    // The step deltas' fragments of the arguments (the documented transcript leaves out the
    // middle ones).
    assert_eq!(fragments, ["{\"", "location", "ahrenheit", "\"}"]);
    assert_eq!(required, ["call_XXNp8YGaFrjrSjgqxtC8JJ1B"]);
}

// ---------------------------------------------------------------------------------------------
// 16. The API key never leaks
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn debug_output_and_error_texts_never_contain_the_api_key() {
    const SECRET: &str = "sk-proj-SECRET-7f3a9c1e5b";
    let assert_clean = |what: &str, text: String| {
        assert!(!text.contains(SECRET), "{what} leaks the key: {text}");
        assert!(
            !text.contains("SECRET"),
            "{what} leaks part of the key: {text}"
        );
    };

    let error_body = json!({"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}});
    let server = TestServer::start([
        Response::json(401, &error_body)
            .header("x-request-id", "req_1")
            .into(),
        Response::text(200, "not json").into(),
        Reply::Never,
        Response::sse(["event: error\ndata: {\"message\":\"boom\"}\n\n"]).into(),
        Response::sse([transcript_events(1)])
            .framing(Framing::Close)
            .into(),
    ])
    .await;
    let builder = Client::builder()
        .api_key(SECRET)
        .base_url(server.base_url())
        .organization("org_1")
        .max_retries(0)
        .timeout(Duration::from_millis(100));
    assert_clean("ClientBuilder Debug", format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_clean("Client Debug", format!("{client:?}"));
    assert_clean("Config Debug", format!("{:?}", client.config()));
    assert_clean("Config Debug (pretty)", format!("{:#?}", client.config()));
    assert_eq!(client.config().api_key.as_ref().unwrap().expose(), SECRET);

    let mut errors: Vec<Error> = Vec::new();
    errors.push(bounded(client.get_run("t", "r")).await.unwrap_err()); // Api
    errors.push(bounded(client.get_run("t", "r")).await.unwrap_err()); // Decode
    errors.push(bounded(client.get_run("t", "r")).await.unwrap_err()); // Timeout
    for _ in 0..2 {
        let events = bounded(client.create_run_stream("t", &CreateRunRequest::new("a"), None))
            .await
            .unwrap();
        errors.extend(
            collect_events(events)
                .await
                .into_iter()
                .filter_map(Result::err),
        ); // Stream, StreamEnded
    }
    errors.push(
        bounded(client.create_run("t", &CreateRunRequest::new("a").top_p(2.0), None))
            .await
            .unwrap_err(),
    ); // Validation
       // Transport: nothing listens on a port that was just released.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let unreachable = Client::builder()
        .api_key(SECRET)
        .base_url(format!("http://{closed}/v1"))
        .max_retries(0)
        .build()
        .unwrap();
    errors.push(bounded(unreachable.get_run("t", "r")).await.unwrap_err());
    // Config: a key that cannot be a header value, and a bad base URL.
    errors.push(
        Client::builder()
            .api_key(format!("{SECRET}\n"))
            .build()
            .unwrap_err(),
    );
    errors.push(
        Client::builder()
            .api_key(SECRET)
            .base_url("not a url")
            .build()
            .unwrap_err(),
    );

    let kinds: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            Error::Api(_) => "Api",
            Error::Decode(_) => "Decode",
            Error::Transport(_) => "Transport",
            Error::Timeout(_) => "Timeout",
            Error::Validation(_) => "Validation",
            Error::Stream(_) => "Stream",
            Error::Sse(_) => "Sse",
            Error::StreamEnded => "StreamEnded",
            Error::Deadline(_) => "Deadline",
            Error::Config(_) => "Config",
            Error::BodyTooLarge { .. } => "BodyTooLarge",
            Error::StreamIdle(_) => "StreamIdle",
            Error::Pagination { .. } => "Pagination",
            Error::Redirect(_) => "Redirect",
            // `Error` is `#[non_exhaustive]`: a kind added later must be added here too.
            other => panic!("an error kind this test does not cover: {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Api",
            "Decode",
            "Timeout",
            "Stream",
            "StreamEnded",
            "Validation",
            "Transport",
            "Config",
            "Config"
        ]
    );
    for error in &errors {
        assert_clean("error Display", error.to_string());
        assert_clean("error Debug", format!("{error:?}"));
        let mut source = std::error::Error::source(error);
        while let Some(inner) = source {
            assert_clean("error source", inner.to_string());
            source = inner.source();
        }
    }
    for request in server.requests() {
        assert_eq!(
            request.header("authorization").map(str::to_string),
            Some(format!("Bearer {SECRET}"))
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 17. Configuration from the environment (the only test that touches the environment)
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn from_env_reads_the_key_and_base_url_and_fails_without_a_key() {
    const VARS: [&str; 4] = [
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
        "OPENAI_PROJECT_ID",
    ];
    let saved: Vec<(&str, Option<std::ffi::OsString>)> =
        VARS.iter().map(|v| (*v, std::env::var_os(v))).collect();
    let restore = || {
        for (name, value) in &saved {
            match value {
                Some(value) => std::env::set_var(name, value),
                None => std::env::remove_var(name),
            }
        }
    };

    let server = TestServer::start([
        run_response("run_1", "thread_1", "queued"),
        run_response("run_1", "thread_1", "queued"),
    ])
    .await;
    let key = format!("sk-env-{}-{:?}", std::process::id(), Instant::now());
    std::env::set_var("OPENAI_API_KEY", &key);
    std::env::set_var("OPENAI_BASE_URL", server.base_url());
    std::env::set_var("OPENAI_ORG_ID", "org_env");
    std::env::remove_var("OPENAI_PROJECT_ID");
    let from_env = Client::from_env();
    let from_builder = Client::builder().api_key("sk-explicit").from_env().build();
    std::env::remove_var("OPENAI_API_KEY");
    let without_key = Client::from_env();
    std::env::set_var("OPENAI_API_KEY", "");
    let empty_key = Client::from_env();
    restore();

    let client = from_env.expect("a client from the environment");
    assert_eq!(
        client.config().base_url.as_str(),
        format!("{}/", server.base_url())
    );
    assert_eq!(
        client.config().headers,
        vec![("OpenAI-Organization".to_string(), "org_env".to_string())]
    );
    bounded(client.get_run("thread_1", "run_1")).await.unwrap();
    bounded(from_builder.unwrap().get_run("thread_1", "run_1"))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("authorization").map(str::to_string),
        Some(format!("Bearer {key}"))
    );
    assert_eq!(requests[0].header("openai-organization"), Some("org_env"));
    assert_eq!(requests[0].path, "/v1/threads/thread_1/runs/run_1");
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer sk-explicit"),
        "an explicit key wins over the environment"
    );

    for result in [without_key, empty_key] {
        match result {
            Err(Error::Config(message)) => {
                assert!(message.contains("OPENAI_API_KEY"), "{message}")
            }
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Optional request bodies

/// `createThread`'s body is optional in the description (no `required: true`): `None` sends the
/// request without a body or content type, as the official SDKs do for `threads.create()`.
#[tokio::test]
async fn an_optional_body_left_out_sends_no_body() {
    let thread = json!({"id": "thread_1", "object": "thread", "created_at": 1710351818, "metadata": {}, "tool_resources": null});
    let server =
        TestServer::start([Response::json(200, &thread), Response::json(200, &thread)]).await;
    let client = server.client();
    let created = bounded(client.create_thread(None)).await.unwrap();
    assert_eq!(created.id, "thread_1");
    bounded(client.create_thread(&openai_assistants::types::CreateThreadRequest::new()))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("POST", "/v1/threads")
    );
    assert!(requests[0].body.is_empty(), "{:?}", requests[0].body);
    assert_eq!(requests[0].header("content-type"), None);
    assert_eq!(requests[0].header("openai-beta"), Some("assistants=v2"));
    assert_eq!(requests[1].header("content-type"), Some("application/json"));
    assert_eq!(requests[1].json(), json!({}));
}
