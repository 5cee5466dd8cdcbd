//! What the client traces, against an HTTP/1.1 server on loopback, captured by a small
//! subscriber that keeps every span and event with its fields as text (and the span each event
//! happened in): the `openapi.request` span and its events for a 200, a 429 retried into a 200,
//! retries running out, an event stream, a body past the size limit and a refused redirect; and
//! that neither the API key nor a secret header value, a query value or a body ever appears.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use openapi_runtime::{Api, ApiSpec, Client, ClientBuilder, Method, RequestOptions, RequestSpec};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata};

const API_KEY: &str = "sk-test-KEY-never-traced";
const SECRET_HEADER: &str = "header-SECRET-never-traced";
const SECRET_QUERY: &str = "query-SECRET-never-traced";
const SECRET_BODY: &str = "body-SECRET-never-traced";

struct TestApi(Client);

impl Api for TestApi {
    const SPEC: ApiSpec = ApiSpec {
        default_base_url: None,
        env_prefix: "TRACING_TEST",
        env_headers: &[],
        bearer_auth: true,
        user_agent: "tracing-test",
    };
    type ErrorBody = serde_json::Value;
    fn from_client(client: Client) -> Self {
        Self(client)
    }
}

/// A span (its name, fields as recorded so far) or an event (`event`, its level and fields).
#[derive(Debug, Clone)]
struct Captured {
    name: String,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Collector {
    next_id: AtomicU64,
    spans: Mutex<BTreeMap<u64, Captured>>,
    events: Mutex<Vec<Captured>>,
    /// The spans entered and not yet exited (the tests run on one thread).
    entered: Mutex<Vec<u64>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Collector>);

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.0.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let name = span.metadata().name().to_string();
        self.0
            .spans
            .lock()
            .unwrap()
            .insert(id, Captured { name, fields });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some(captured) = self.0.spans.lock().unwrap().get_mut(&span.into_u64()) {
            values.record(&mut Fields(&mut captured.fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        fields.insert("level".into(), event.metadata().level().to_string());
        if let Some(current) = self.0.entered.lock().unwrap().last() {
            let span = &self.0.spans.lock().unwrap()[current];
            fields.insert(
                "in".into(),
                format!("{} {}", span.name, span.fields["path"]),
            );
        }
        self.0.events.lock().unwrap().push(Captured {
            name: "event".into(),
            fields,
        });
    }

    fn enter(&self, span: &Id) {
        self.0.entered.lock().unwrap().push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut entered = self.0.entered.lock().unwrap();
        let at = entered
            .iter()
            .rposition(|id| *id == span.into_u64())
            .unwrap();
        entered.remove(at);
    }
}

impl Capture {
    fn spans(&self) -> Vec<Captured> {
        self.0.spans.lock().unwrap().values().cloned().collect()
    }

    /// The events with this message, fields other than `message` and `level` only.
    fn events(&self, message: &str) -> Vec<BTreeMap<String, String>> {
        self.0
            .events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e.fields.get("message").map(String::as_str) == Some(message))
            .map(|e| {
                let mut fields = e.fields.clone();
                fields.remove("message");
                fields.remove("level");
                fields
            })
            .collect()
    }

    /// Every name, field name and value captured, as one text.
    fn all_text(&self) -> String {
        let mut all = self.spans();
        all.extend(self.0.events.lock().unwrap().iter().cloned());
        format!("{all:?}")
    }
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Serves one scripted response per connection (`connection: close`), in order.
async fn server(replies: Vec<String>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let mut replies = VecDeque::from(replies);
    tokio::spawn(async move {
        while let Some(reply) = replies.pop_front() {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            let mut buffer = [0; 4096];
            // The headers, then as many body bytes as `content-length` says.
            loop {
                let n = stream.read(&mut buffer).await.unwrap();
                request.extend_from_slice(&buffer[..n]);
                let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                    if request.len() >= end + 4 + length {
                        break;
                    }
                }
                if n == 0 {
                    break;
                }
            }
            stream.write_all(reply.as_bytes()).await.unwrap();
            stream.shutdown().await.unwrap();
        }
    });
    url
}

fn reply(status: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut text = format!("HTTP/1.1 {status}\r\nconnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
    text
}

/// `POST /threads/thread_1/runs` (the operation `createRun`) with the secrets in the key, a
/// header, the query and the body.
async fn call(url: String) -> serde_json::Value {
    let TestApi(client) = ClientBuilder::<TestApi>::default()
        .base_url(url)
        .api_key(API_KEY)
        .header("x-secret", SECRET_HEADER)
        .max_retries(2)
        .build()
        .unwrap();
    let client = client.with_options(RequestOptions::new().query("token", SECRET_QUERY));
    let spec = RequestSpec::new(Method::POST, &["threads", "thread_1", "runs"])
        .unwrap()
        .operation("createRun")
        .json::<_, serde_json::Value>(&serde_json::json!({ "prompt": SECRET_BODY }))
        .unwrap();
    client
        .execute::<serde_json::Value, serde_json::Value>(spec)
        .await
        .unwrap()
}

fn assert_no_secret(capture: &Capture) {
    let text = capture.all_text();
    for secret in [
        API_KEY,
        SECRET_HEADER,
        SECRET_QUERY,
        SECRET_BODY,
        "never-traced",
    ] {
        assert!(!text.contains(secret), "{secret} traced in {text}");
    }
}

#[tokio::test]
async fn a_request_is_one_span_with_its_operation_method_path_attempt_status_and_request_id_and_a_response_event(
) {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let url = server(vec![reply(
        "200 OK",
        &[
            ("x-request-id", "req_123"),
            ("content-type", "application/json"),
        ],
        r#"{"id":"run_1"}"#,
    )])
    .await;

    let run = call(url).await;

    assert_eq!(run, serde_json::json!({"id": "run_1"}));
    let spans = capture.spans();
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(spans[0].name, "openapi.request");
    assert_eq!(
        spans[0].fields,
        fields(&[
            ("operation", "createRun"),
            ("method", "POST"),
            ("path", "/threads/thread_1/runs"),
            ("attempt", "1"),
            ("status", "200"),
            ("request_id", "req_123"),
        ])
    );
    let responses = capture.events("response");
    assert_eq!(responses.len(), 1, "{responses:?}");
    let mut response = responses[0].clone();
    assert!(response
        .remove("elapsed_ms")
        .unwrap()
        .parse::<u64>()
        .is_ok());
    assert_eq!(
        response,
        fields(&[
            ("attempt", "1"),
            ("status", "200"),
            ("request_id", "req_123"),
            ("in", "openapi.request /threads/thread_1/runs")
        ])
    );
    assert!(capture.events("retrying").is_empty());
    assert_no_secret(&capture);
}

#[tokio::test]
async fn a_retried_429_traces_both_attempts_and_the_delay_asked_for() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let url = server(vec![
        reply(
            "429 Too Many Requests",
            &[("retry-after-ms", "20"), ("x-request-id", "req_1")],
            &format!(r#"{{"error":"{SECRET_BODY}"}}"#),
        ),
        reply(
            "200 OK",
            &[
                ("x-request-id", "req_2"),
                ("content-type", "application/json"),
            ],
            r#"{"id":"run_1"}"#,
        ),
    ])
    .await;

    let run = call(url).await;

    assert_eq!(run, serde_json::json!({"id": "run_1"}));
    let spans = capture.spans();
    assert_eq!(spans.len(), 1, "{spans:?}");
    // The span holds the last attempt's number, status and request id.
    assert_eq!(
        spans[0].fields,
        fields(&[
            ("operation", "createRun"),
            ("method", "POST"),
            ("path", "/threads/thread_1/runs"),
            ("attempt", "2"),
            ("status", "200"),
            ("request_id", "req_2"),
        ])
    );
    let responses: Vec<_> = capture
        .events("response")
        .into_iter()
        .map(|mut e| {
            e.remove("elapsed_ms");
            e
        })
        .collect();
    assert_eq!(
        responses,
        [
            fields(&[
                ("attempt", "1"),
                ("status", "429"),
                ("request_id", "req_1"),
                ("in", "openapi.request /threads/thread_1/runs")
            ]),
            fields(&[
                ("attempt", "2"),
                ("status", "200"),
                ("request_id", "req_2"),
                ("in", "openapi.request /threads/thread_1/runs")
            ]),
        ]
    );
    assert_eq!(
        capture.events("retrying"),
        [fields(&[
            ("attempt", "1"),
            ("status", "429"),
            ("delay_ms", "20"),
            ("in", "openapi.request /threads/thread_1/runs")
        ])]
    );
    assert!(capture.events("retries exhausted").is_empty());
    assert_no_secret(&capture);
}

#[tokio::test]
async fn a_retry_whose_response_has_no_request_id_does_not_keep_the_earlier_attempts_id() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let url = server(vec![
        reply(
            "500 Internal Server Error",
            &[("retry-after-ms", "1"), ("x-request-id", "a")],
            "{}",
        ),
        reply(
            "200 OK",
            &[("content-type", "application/json")],
            r#"{"id":"run_1"}"#,
        ),
    ])
    .await;

    let run = call(url).await;

    assert_eq!(run, serde_json::json!({"id": "run_1"}));
    let spans = capture.spans();
    assert_eq!(spans.len(), 1, "{spans:?}");
    // The span describes the response the call returned: no request id, not the 500's `a`.
    assert_eq!(
        spans[0].fields,
        fields(&[
            ("operation", "createRun"),
            ("method", "POST"),
            ("path", "/threads/thread_1/runs"),
            ("attempt", "2"),
            ("status", "200"),
            ("request_id", ""),
        ])
    );
    let ids: Vec<_> = capture
        .events("response")
        .into_iter()
        .map(|e| e.get("request_id").cloned())
        .collect();
    assert_eq!(ids, [Some("a".to_string()), None]);
    assert_no_secret(&capture);
}

#[tokio::test]
async fn a_429_after_the_last_retry_is_traced_as_retries_exhausted() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let too_many = reply("429 Too Many Requests", &[("retry-after-ms", "1")], "{}");
    let url = server(vec![too_many.clone(), too_many.clone(), too_many]).await;

    let TestApi(client) = ClientBuilder::<TestApi>::default()
        .base_url(url)
        .api_key(API_KEY)
        .max_retries(2)
        .build()
        .unwrap();
    let spec = RequestSpec::new(Method::GET, &["runs"]).unwrap();
    let outcome = client
        .execute::<serde_json::Value, serde_json::Value>(spec)
        .await;

    assert!(outcome.is_err());
    // No operation id given, no `operation` field; no request id sent, none recorded.
    let spans = capture.spans();
    assert_eq!(
        spans[0].fields,
        fields(&[
            ("method", "GET"),
            ("path", "/runs"),
            ("attempt", "3"),
            ("status", "429"),
        ])
    );
    assert_eq!(capture.events("retrying").len(), 2);
    assert_eq!(
        capture.events("retries exhausted"),
        [fields(&[
            ("attempts", "3"),
            ("status", "429"),
            ("in", "openapi.request /runs")
        ])]
    );
    assert_no_secret(&capture);
}

fn client(url: String, max_body_size: usize) -> Client {
    let TestApi(client) = ClientBuilder::<TestApi>::default()
        .base_url(url)
        .api_key(API_KEY)
        .max_body_size(max_body_size)
        .build()
        .unwrap();
    client
}

#[tokio::test]
async fn an_event_stream_traces_its_start_and_its_end_with_the_number_of_events() {
    use futures_util::StreamExt as _;
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let events = format!("data: {{\"a\":1}}\n\ndata: \"{SECRET_BODY}\"\n\n");
    let url = server(vec![reply(
        "200 OK",
        &[("content-type", "text/event-stream")],
        &events,
    )])
    .await;

    let spec = RequestSpec::new(Method::GET, &["runs", "run_1", "events"]).unwrap();
    let stream = client(url, 1 << 20)
        .execute_stream::<serde_json::Value, serde_json::Value>(spec)
        .await
        .unwrap();
    let received: Vec<_> = stream.map(Result::unwrap).collect().await;

    assert_eq!(received.len(), 2);
    assert_eq!(
        capture.events("event stream started"),
        [fields(&[("in", "openapi.request /runs/run_1/events")])]
    );
    assert_eq!(
        capture.events("event stream ended"),
        [fields(&[
            ("events", "2"),
            ("in", "openapi.request /runs/run_1/events")
        ])]
    );
    assert_no_secret(&capture);
}

#[tokio::test]
async fn a_body_past_the_size_limit_is_traced_as_a_warning_with_the_limit() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let body = format!(r#"{{"secret":"{SECRET_BODY}"}}"#);
    let url = server(vec![reply(
        "200 OK",
        &[("content-type", "application/json")],
        &body,
    )])
    .await;

    let spec = RequestSpec::new(Method::GET, &["runs"]).unwrap();
    let outcome = client(url, 8)
        .execute::<serde_json::Value, serde_json::Value>(spec)
        .await;

    assert!(matches!(
        outcome,
        Err(openapi_runtime::Error::BodyTooLarge { limit: 8 })
    ));
    let warnings: Vec<_> = capture
        .0
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.fields["level"] == "WARN")
        .map(|e| e.fields.clone())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].get("limit").map(String::as_str), Some("8"));
    assert_eq!(
        warnings[0].get("in").map(String::as_str),
        Some("openapi.request /runs")
    );
    assert_no_secret(&capture);
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_traced_as_refused_without_its_location() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let location = format!("http://elsewhere.invalid/?key={SECRET_QUERY}");
    let url = server(vec![reply("302 Found", &[("location", &location)], "")]).await;

    let spec = RequestSpec::new(Method::GET, &["runs"]).unwrap();
    let outcome = client(url, 8)
        .execute::<serde_json::Value, serde_json::Value>(spec)
        .await;

    assert!(outcome.is_err());
    assert_eq!(
        capture.events("redirect not followed (another origin, or too many)"),
        [fields(&[
            ("status", "302"),
            ("in", "openapi.request /runs")
        ])]
    );
    assert_no_secret(&capture);
}
