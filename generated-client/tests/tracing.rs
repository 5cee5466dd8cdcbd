//! The runtime's tracing seen through generated methods: each call is one `openapi.request`
//! span that names its operation by the document's `operationId`, beside the method, the path,
//! the attempt, the status and the request id.

mod support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use openai_assistants::types::CreateRunRequest;
use support::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata};

/// A span's name and its fields as text.
type Span = (String, BTreeMap<String, String>);

/// Keeps each span, by id (the order the spans were created in).
#[derive(Clone, Default)]
struct Capture {
    next_id: Arc<AtomicU64>,
    spans: Arc<Mutex<BTreeMap<u64, Span>>>,
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

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let name = span.metadata().name().to_string();
        self.spans.lock().unwrap().insert(id, (name, fields));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some((_, fields)) = self.spans.lock().unwrap().get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn span(pairs: &[(&str, &str)]) -> Span {
    let fields = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ("openapi.request".to_string(), fields)
}

#[tokio::test]
async fn each_generated_method_call_is_a_span_named_by_its_operation_id() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = TestServer::start([
        Response::json(200, &run_json("run_1", "thread_1", "queued"))
            .header("x-request-id", "req_1"),
        Response::json(200, &run_json("run_1", "thread_1", "cancelling")),
        Response::sse(["event: done\ndata: [DONE]\n\n"]).header("x-request-id", "req_3"),
    ])
    .await;
    let client = server.client();

    bounded(async {
        client.get_run("thread_1", "run_1").await.unwrap();
        client.cancel_run("thread_1", "run_1").await.unwrap();
        let events = client
            .create_run_stream("thread_1", &CreateRunRequest::new("asst_1"), None)
            .await
            .unwrap();
        assert_eq!(collect_events(events).await.len(), 1);
    })
    .await;

    let spans: Vec<_> = capture.spans.lock().unwrap().values().cloned().collect();
    assert_eq!(
        spans,
        [
            span(&[
                ("operation", "getRun"),
                ("method", "GET"),
                ("path", "/v1/threads/thread_1/runs/run_1"),
                ("attempt", "1"),
                ("status", "200"),
                ("request_id", "req_1"),
            ]),
            span(&[
                ("operation", "cancelRun"),
                ("method", "POST"),
                ("path", "/v1/threads/thread_1/runs/run_1/cancel"),
                ("attempt", "1"),
                ("status", "200"),
            ]),
            span(&[
                ("operation", "createRun"),
                ("method", "POST"),
                ("path", "/v1/threads/thread_1/runs"),
                ("attempt", "1"),
                ("status", "200"),
                ("request_id", "req_3"),
            ]),
        ]
    );
}
