//! Per-request options (`Client::with_options` and `RequestOptions`) through generated
//! methods, against the loopback server of `support/mod.rs`: extra body fields, headers, query
//! parameters, timeouts, retries and API keys, what is refused before sending, and what `Debug`
//! hides.

mod support;

use std::time::{Duration, Instant};

use openai_assistants::types::{CreateRunRequest, ListRunsQuery, ModifyRunRequest};
use openai_assistants::{Error, RequestOptions};
use serde_json::json;
use support::*;

fn run_response(id: &str) -> Response {
    Response::json(200, &run_json(id, "thread_1", "queued"))
}

/// Asserts that `result` is a configuration error whose message contains `expected`.
fn assert_config_error<T: std::fmt::Debug>(result: Result<T, Error>, expected: &str) {
    match result {
        Err(Error::Config(message)) => {
            assert!(message.contains(expected), "{message:?} lacks {expected:?}")
        }
        other => panic!("expected a configuration error ({expected}), got {other:?}"),
    }
}

#[tokio::test]
async fn extra_body_fields_headers_and_query_parameters_go_out_with_a_generated_call() {
    let server = TestServer::start([run_response("run_1")]).await;
    let options = RequestOptions::new()
        .body_field("reasoning_effort", "high")
        .extra_body(serde_json::Map::from_iter([(
            "response_format".to_string(),
            json!({"type": "json_schema", "json_schema": {"name": "answer"}}),
        )]))
        .header("X-Trace-Id", "trace-1")
        .query("beta", "a b&c=/../#x");
    let body = CreateRunRequest::new("asst_1").instructions("Be brief.");

    let run = bounded(
        server
            .client()
            .with_options(options)
            .create_run("thread_1", &body, None),
    )
    .await
    .unwrap();

    assert_eq!(run.id, "run_1");
    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/threads/thread_1/runs");
    assert_eq!(
        request.query.as_deref(),
        Some("beta=a+b%26c%3D%2F..%2F%23x")
    );
    assert_eq!(request.header("x-trace-id"), Some("trace-1"));
    assert_eq!(request.header("authorization"), Some("Bearer sk-test"));
    assert_eq!(request.header("openai-beta"), Some("assistants=v2"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({
            "assistant_id": "asst_1",
            "instructions": "Be brief.",
            "reasoning_effort": "high",
            "response_format": {"type": "json_schema", "json_schema": {"name": "answer"}},
        })
    );
}

#[tokio::test]
async fn extra_query_parameters_follow_the_operations_own() {
    let server = TestServer::start([Response::json(200, &page(vec![], false))]).await;
    let client = server
        .client()
        .with_options(RequestOptions::new().query("limit", "7").query("x", "1"));

    bounded(client.list_runs("thread_1", &ListRunsQuery::new().limit(5)))
        .await
        .unwrap();

    let request = server.single_request();
    assert_eq!(request.path, "/v1/threads/thread_1/runs");
    assert_eq!(request.query.as_deref(), Some("limit=5&limit=7&x=1"));
}

#[tokio::test]
async fn without_extra_body_fields_the_body_is_the_typed_body_byte_for_byte() {
    let server = TestServer::start([run_response("run_1"), run_response("run_1")]).await;
    let body = ModifyRunRequest::new().metadata([("a".to_string(), "1".to_string())]);
    let plain = server.client();
    let view = plain.with_options(RequestOptions::new().header("X-Trace-Id", "t"));

    bounded(plain.modify_run("thread_1", "run_1", &body))
        .await
        .unwrap();
    bounded(view.modify_run("thread_1", "run_1", &body))
        .await
        .unwrap();

    let requests = server.requests();
    let expected = serde_json::to_vec(&body).unwrap();
    assert_eq!(requests[0].body, expected);
    assert_eq!(requests[1].body, expected);
    assert_eq!(requests[0].header("x-trace-id"), None);
    assert_eq!(requests[1].header("x-trace-id"), Some("t"));
}

#[tokio::test]
async fn an_extra_body_field_wins_over_the_typed_field_of_the_same_name_in_its_place() {
    let server = TestServer::start([run_response("run_1")]).await;
    let body = CreateRunRequest::new("asst_1")
        .instructions("typed")
        .temperature(0.5);
    let client = server
        .client()
        .with_options(RequestOptions::new().body_field("instructions", "extra"));

    bounded(client.create_run("thread_1", &body, None))
        .await
        .unwrap();

    let request = server.single_request();
    let text = String::from_utf8(request.body.clone()).unwrap();
    assert_eq!(text.matches("\"instructions\"").count(), 1, "{text}");
    let position = |key: &str| {
        text.find(&format!("\"{key}\""))
            .unwrap_or_else(|| panic!("{key} missing from {text}"))
    };
    assert!(
        position("assistant_id") < position("instructions"),
        "{text}"
    );
    assert!(position("instructions") < position("temperature"), "{text}");
    assert_eq!(
        request.json(),
        json!({"assistant_id": "asst_1", "instructions": "extra", "temperature": 0.5})
    );
}

#[tokio::test]
async fn extra_body_fields_on_a_request_without_a_json_body_are_refused_before_sending() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    let client = server
        .client()
        .with_options(RequestOptions::new().body_field("reasoning_effort", "high"));

    assert_config_error(
        bounded(client.get_run("thread_1", "run_1")).await,
        "extra body fields need a JSON object body",
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn the_typed_body_is_still_validated_when_extra_fields_are_set() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    let client = server
        .client()
        .with_options(RequestOptions::new().body_field("reasoning_effort", "high"));
    let invalid = CreateRunRequest::new("asst_1").max_prompt_tokens(10);

    match bounded(client.create_run("thread_1", &invalid, None)).await {
        Err(Error::Validation(e)) => {
            let paths: Vec<&str> = e.violations.iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["/max_prompt_tokens"]);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn header_injection_and_reserved_headers_are_refused_before_sending() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    let client = server.client();
    for (options, expected) in [
        (
            RequestOptions::new().header("X-Note", "a\r\nX-Injected: 1"),
            "extra header `X-Note`: its value contains CR, LF",
        ),
        (
            RequestOptions::new().header("X-Note", "a\nb"),
            "extra header `X-Note`: its value contains CR, LF",
        ),
        (
            RequestOptions::new().header("X-Bad\r\nX-Injected", "1"),
            "extra header `X-Bad\\r\\nX-Injected`: not a valid header name",
        ),
        (
            RequestOptions::new().header("Authorization", "Bearer sk-other"),
            "extra header `Authorization` cannot be set: it carries the API key",
        ),
        (
            RequestOptions::new().header("content-length", "0"),
            "extra header `content-length` cannot be set",
        ),
        (
            RequestOptions::new().header("Host", "evil.example"),
            "extra header `Host` cannot be set",
        ),
    ] {
        assert_config_error(
            bounded(client.with_options(options).get_run("thread_1", "run_1")).await,
            expected,
        );
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn an_extra_header_replaces_the_one_the_client_or_operation_sends() {
    let server = TestServer::start([run_response("run_1")]).await;
    let client = server.client().with_options(
        RequestOptions::new()
            .header("OpenAI-Beta", "assistants=v3")
            .header("User-Agent", "my-app/1"),
    );

    bounded(client.get_run("thread_1", "run_1")).await.unwrap();

    let request = server.single_request();
    assert_eq!(request.header("openai-beta"), Some("assistants=v3"));
    assert_eq!(request.header("user-agent"), Some("my-app/1"));
    assert_eq!(request.header("authorization"), Some("Bearer sk-test"));
}

#[tokio::test]
async fn a_request_api_key_replaces_the_clients_for_that_view_only() {
    let server = TestServer::start([run_response("run_1"), run_response("run_1")]).await;
    let client = server.client();

    bounded(
        client
            .with_options(RequestOptions::new().api_key("sk-other"))
            .get_run("thread_1", "run_1"),
    )
    .await
    .unwrap();
    bounded(client.get_run("thread_1", "run_1")).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header("authorization"), Some("Bearer sk-other"));
    assert_eq!(requests[1].header("authorization"), Some("Bearer sk-test"));
}

#[tokio::test]
async fn the_request_timeout_overrides_the_clients() {
    let server = TestServer::start([Reply::Never]).await;
    let client = server.client().with_options(
        RequestOptions::new()
            .timeout(Duration::from_millis(200))
            .max_retries(0),
    );
    assert_eq!(server.client().config().timeout, Duration::from_secs(600));

    let started = Instant::now();
    let result = bounded(client.get_run("thread_1", "run_1")).await;

    assert!(
        matches!(result, Err(Error::Timeout(d)) if d == Duration::from_millis(200)),
        "{result:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_request_timeout_bounds_the_start_of_a_stream() {
    let server = TestServer::start([Reply::Never]).await;
    let client = server.client().with_options(
        RequestOptions::new()
            .timeout(Duration::from_millis(200))
            .max_retries(0),
    );

    let result = bounded(client.create_run_stream("thread_1", &CreateRunRequest::new("a"), None))
        .await
        .map(drop);

    assert!(
        matches!(result, Err(Error::Timeout(d)) if d == Duration::from_millis(200)),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_started_stream_outlives_the_request_timeout_while_events_keep_coming() {
    let run = run_json("run_1", "thread_1", "queued");
    let event = format!("event: thread.run.created\ndata: {run}\n\n");
    let slow = Response::sse([event.clone()])
        .chunk_after(Duration::from_millis(300), event.clone())
        .chunk_after(Duration::from_millis(300), event)
        .chunk_after(Duration::ZERO, "event: done\ndata: [DONE]\n\n");
    let server = TestServer::start([slow]).await;
    let client = server.client().with_options(
        RequestOptions::new()
            .timeout(Duration::from_millis(200))
            .max_retries(0),
    );

    let events = bounded(client.create_run_stream("thread_1", &CreateRunRequest::new("a"), None))
        .await
        .unwrap();
    let items = collect_events(events).await;

    assert_eq!(items.len(), 4, "{items:?}");
    assert!(items.iter().all(Result::is_ok), "{items:?}");
    let request = server.single_request();
    assert_eq!(request.json()["stream"], json!(true));
}

#[tokio::test]
async fn the_request_max_retries_overrides_the_clients() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    server.set_fallback(Response::text(500, "down"));
    let client = server
        .client()
        .with_options(RequestOptions::new().max_retries(0));

    let result = bounded(client.get_run("thread_1", "run_1")).await;

    assert!(matches!(result, Err(Error::Api(_))), "{result:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn options_of_nested_views_merge_the_later_over_the_earlier() {
    let server = TestServer::start([run_response("run_1")]).await;
    let client = server
        .client()
        .with_options(
            RequestOptions::new()
                .header("X-A", "1")
                .body_field("f", 1)
                .query("q", "1"),
        )
        .with_options(
            RequestOptions::new()
                .header("x-a", "2")
                .body_field("g", 2)
                .query("q", "2"),
        );

    bounded(client.modify_run("thread_1", "run_1", &ModifyRunRequest::new()))
        .await
        .unwrap();

    let request = server.single_request();
    assert_eq!(request.header("x-a"), Some("2"));
    assert_eq!(request.query.as_deref(), Some("q=1&q=2"));
    assert_eq!(request.json(), json!({"f": 1, "g": 2}));
}

#[test]
fn debug_redacts_secret_looking_extras_and_the_api_key() {
    let options = RequestOptions::new()
        .header("X-Api-Key", "hdr-secret-1")
        .header("Cookie", "session=hdr-secret-2")
        .header("X-Trace-Id", "trace-visible")
        .query("access_token", "query-secret-3")
        .query("beta", "query-visible")
        .body_field("client_secret", "body-secret-4")
        .body_field("reasoning_effort", "body-visible")
        .api_key("sk-secret-5");
    let client = openai_assistants::Client::builder()
        .api_key("sk-test")
        .base_url("http://127.0.0.1:9/v1")
        .build()
        .unwrap()
        .with_options(options.clone());

    for shown in [format!("{options:?}"), format!("{client:?}")] {
        for secret in [
            "hdr-secret-1",
            "hdr-secret-2",
            "query-secret-3",
            "body-secret-4",
            "sk-secret-5",
            "sk-test",
        ] {
            assert!(!shown.contains(secret), "{secret} shown in {shown}");
        }
        for visible in [
            "X-Api-Key",
            "trace-visible",
            "query-visible",
            "body-visible",
            "<redacted>",
        ] {
            assert!(shown.contains(visible), "{visible} missing from {shown}");
        }
    }
}
