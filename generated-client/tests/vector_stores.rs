//! The vector store pollers against a loopback server (see `support/mod.rs`): attaching files
//! and batches, uploading them first (a batch with bounded concurrency), polling until the
//! vector store is done with them, the poll-after header, the deadline and errors.

mod support;

use std::time::{Duration, Instant};

use openai_assistants::helpers::PollOptions;
use openai_assistants::types::{
    CreateVectorStoreFileBatchRequest, CreateVectorStoreFileRequest, VectorStoreFileLastErrorCode,
    VectorStoreFileStatus,
};
use openai_assistants::{Client, Error, FilePart, StatusCode};
use serde_json::{json, Value};
use support::*;

const STORE: &str = "vs_1";
const FILE_PATH: &str = "/v1/vector_stores/vs_1/files/file-1";
const BATCH_PATH: &str = "/v1/vector_stores/vs_1/file_batches/vsfb_1";

/// Polling options whose interval, were it used, would outlast the test's bound.
fn header_only() -> PollOptions {
    PollOptions {
        interval: Duration::from_secs(30),
        deadline: Duration::from_secs(5),
    }
}

fn vector_store_file(id: &str, status: &str) -> Value {
    json!({
        "id": id,
        "object": "vector_store.file",
        "usage_bytes": 1234,
        "created_at": 1_699_061_776,
        "vector_store_id": STORE,
        "status": status,
        "last_error": null,
    })
}

/// A vector store file answer asking the client to wait 10 ms before the next request.
fn polled_file(status: &str) -> Response {
    Response::json(200, &vector_store_file("file-1", status)).header("openai-poll-after-ms", "10")
}

fn batch(status: &str, in_progress: i64, completed: i64) -> Value {
    json!({
        "id": "vsfb_1",
        "object": "vector_store.files_batch",
        "created_at": 1_699_061_776,
        "vector_store_id": STORE,
        "status": status,
        "file_counts": {
            "in_progress": in_progress,
            "completed": completed,
            "failed": 0,
            "cancelled": 0,
            "total": in_progress + completed,
        },
    })
}

fn polled_batch(status: &str, in_progress: i64, completed: i64) -> Response {
    Response::json(200, &batch(status, in_progress, completed)).header("openai-poll-after-ms", "10")
}

/// The answer to an upload: an `assistants` file whose id is `file-` and the part's file name.
fn uploaded(name: &str) -> Value {
    json!({
        "id": format!("file-{name}"),
        "object": "file",
        "bytes": 5,
        "created_at": 1_699_061_776,
        "filename": name,
        "purpose": "assistants",
        "status": "processed",
    })
}

fn api_error(status: u16, message: &str) -> Response {
    Response::json(
        status,
        &json!({"error": {"message": message, "type": "invalid_request_error", "param": null, "code": null}}),
    )
}

/// The file name of a `multipart/form-data` upload's `file` part.
fn uploaded_name(request: &Recorded) -> String {
    let body = String::from_utf8_lossy(&request.body);
    let start = body.find("filename=\"").expect("a file name") + "filename=\"".len();
    let end = start + body[start..].find('"').expect("a closing quote");
    body[start..end].to_string()
}

/// The text of the multipart part named `name`.
fn part_text(request: &Recorded, name: &str) -> String {
    let body = String::from_utf8_lossy(&request.body);
    let head = format!("name=\"{name}\"\r\n\r\n");
    let start = body.find(&head).unwrap_or_else(|| panic!("no part {name}")) + head.len();
    let end = start + body[start..].find("\r\n").expect("the end of the part");
    body[start..end].to_string()
}

fn paths(server: &TestServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

fn assert_send<T: Send>(_: &T) {}

#[test]
fn the_pollers_futures_are_send() {
    let client = Client::builder().api_key(API_KEY).build().expect("client");
    let options = PollOptions::default();
    let body = CreateVectorStoreFileBatchRequest::new();
    assert_send(&client.poll_vector_store_file(STORE, "file-1", options));
    assert_send(&client.upload_vector_store_file_and_poll(STORE, FilePart::new("x"), options));
    assert_send(&client.upload_vector_store_file_batch_and_poll(
        STORE,
        [FilePart::new("x")],
        &body,
        5,
        options,
    ));
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn poll_vector_store_file_polls_until_completed_waiting_openai_poll_after_ms() {
    let server = TestServer::start([
        polled_file("in_progress"),
        polled_file("in_progress"),
        polled_file("completed"),
    ])
    .await;
    let started = Instant::now();
    let file = bounded(
        server
            .client()
            .poll_vector_store_file(STORE, "file-1", header_only()),
    )
    .await
    .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(20));
    assert_eq!(file.status, VectorStoreFileStatus::Completed);
    assert_eq!(paths(&server), vec![format!("GET {FILE_PATH}"); 3]);
    let request = &server.requests()[0];
    assert_eq!(request.header("openai-beta"), Some("assistants=v2"));
}

#[tokio::test]
async fn poll_vector_store_file_without_the_header_waits_the_interval_and_returns_a_failed_file() {
    let mut failed = vector_store_file("file-1", "failed");
    failed["last_error"] = json!({"code": "unsupported_file", "message": "not a text file"});
    let server = TestServer::start([
        Response::json(200, &vector_store_file("file-1", "in_progress")),
        Response::json(200, &failed),
    ])
    .await;
    let options = PollOptions {
        interval: Duration::from_millis(50),
        deadline: Duration::from_secs(5),
    };
    let started = Instant::now();
    let file = bounded(
        server
            .client()
            .poll_vector_store_file(STORE, "file-1", options),
    )
    .await
    .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(file.status, VectorStoreFileStatus::Failed);
    let error = file.last_error.expect("the failure's error");
    assert_eq!(error.code, VectorStoreFileLastErrorCode::UnsupportedFile);
    assert_eq!(error.message, "not a text file");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn poll_vector_store_file_stops_at_a_status_it_does_not_know() {
    let server = TestServer::start([polled_file("in_progress"), polled_file("archived")]).await;
    let file = bounded(
        server
            .client()
            .poll_vector_store_file(STORE, "file-1", header_only()),
    )
    .await
    .unwrap();
    assert_eq!(
        file.status,
        VectorStoreFileStatus::Other("archived".to_string())
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn poll_vector_store_file_gives_up_at_its_deadline() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    server.set_fallback(polled_file("in_progress"));
    let options = PollOptions {
        interval: Duration::from_millis(10),
        deadline: Duration::from_millis(300),
    };
    let started = Instant::now();
    let result = bounded(
        server
            .client()
            .poll_vector_store_file(STORE, "file-1", options),
    )
    .await;
    assert!(
        matches!(result, Err(Error::Deadline(d)) if d == Duration::from_millis(300)),
        "{result:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(server.requests().len() > 2, "it kept polling");
}

#[tokio::test]
async fn an_error_status_while_polling_ends_the_polling_with_the_api_error() {
    let server = TestServer::start([
        polled_file("in_progress"),
        api_error(404, "No file found with id 'file-1'."),
    ])
    .await;
    let result = bounded(
        server
            .client()
            .poll_vector_store_file(STORE, "file-1", header_only()),
    )
    .await;
    let Err(Error::Api(failure)) = result else {
        panic!("expected an API error, got {result:?}");
    };
    assert_eq!(failure.status, StatusCode::NOT_FOUND);
    assert_eq!(
        failure.message().as_deref(),
        Some("No file found with id 'file-1'.")
    );
    assert_eq!(server.requests().len(), 2, "no request after the error");
}

#[tokio::test]
async fn create_vector_store_file_and_poll_attaches_the_file_then_polls_it() {
    let server = TestServer::start([
        Response::json(200, &vector_store_file("file-1", "in_progress")),
        polled_file("in_progress"),
        polled_file("completed"),
    ])
    .await;
    let body = CreateVectorStoreFileRequest::new("file-1");
    let file = bounded(server.client().create_vector_store_file_and_poll(
        STORE,
        &body,
        header_only(),
    ))
    .await
    .unwrap();
    assert_eq!(file.status, VectorStoreFileStatus::Completed);
    assert_eq!(
        paths(&server),
        [
            "POST /v1/vector_stores/vs_1/files".to_string(),
            format!("GET {FILE_PATH}"),
            format!("GET {FILE_PATH}"),
        ]
    );
    assert_eq!(server.requests()[0].json(), json!({"file_id": "file-1"}));
}

#[tokio::test]
async fn create_vector_store_file_and_poll_returns_a_file_already_processed_without_polling() {
    let server = TestServer::start([Response::json(
        200,
        &vector_store_file("file-1", "completed"),
    )])
    .await;
    let body = CreateVectorStoreFileRequest::new("file-1");
    let file = bounded(server.client().create_vector_store_file_and_poll(
        STORE,
        &body,
        header_only(),
    ))
    .await
    .unwrap();
    assert_eq!(file.status, VectorStoreFileStatus::Completed);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn upload_vector_store_file_and_poll_uploads_for_the_assistants_attaches_and_polls() {
    let server = TestServer::start([
        Response::json(200, &uploaded("notes.md")),
        Response::json(200, &vector_store_file("file-notes.md", "in_progress")),
        Response::json(200, &vector_store_file("file-notes.md", "completed")),
    ])
    .await;
    let part = FilePart::new("# Notes").file_name("notes.md");
    let file = bounded(server.client().upload_vector_store_file_and_poll(
        STORE,
        part,
        header_only(),
    ))
    .await
    .unwrap();
    assert_eq!(file.id, "file-notes.md");
    assert_eq!(file.status, VectorStoreFileStatus::Completed);
    assert_eq!(
        paths(&server),
        [
            "POST /v1/files",
            "POST /v1/vector_stores/vs_1/files",
            "GET /v1/vector_stores/vs_1/files/file-notes.md",
        ]
    );
    let requests = server.requests();
    assert_eq!(uploaded_name(&requests[0]), "notes.md");
    assert_eq!(part_text(&requests[0], "purpose"), "assistants");
    assert!(String::from_utf8_lossy(&requests[0].body).contains("# Notes"));
    assert_eq!(requests[1].json(), json!({"file_id": "file-notes.md"}));
}

#[tokio::test]
async fn upload_vector_store_file_uploads_and_attaches_without_polling() {
    let server = TestServer::start([
        Response::json(200, &uploaded("notes.md")),
        Response::json(200, &vector_store_file("file-notes.md", "in_progress")),
    ])
    .await;
    let part = FilePart::new("# Notes").file_name("notes.md");
    let file = bounded(server.client().upload_vector_store_file(STORE, part))
        .await
        .unwrap();
    assert_eq!(file.status, VectorStoreFileStatus::InProgress);
    assert_eq!(
        paths(&server),
        ["POST /v1/files", "POST /v1/vector_stores/vs_1/files"]
    );
    let requests = server.requests();
    assert_eq!(part_text(&requests[0], "purpose"), "assistants");
    assert_eq!(requests[1].json(), json!({"file_id": "file-notes.md"}));
}

#[tokio::test]
async fn upload_vector_store_file_and_poll_refuses_a_bad_vector_store_id_before_uploading() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    let result = bounded(server.client().upload_vector_store_file_and_poll(
        "..",
        FilePart::new("x").file_name("x.txt"),
        header_only(),
    ))
    .await;
    assert!(matches!(result, Err(Error::Validation(_))), "{result:?}");
    assert!(server.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn poll_vector_store_file_batch_polls_until_no_file_is_in_progress() {
    let server = TestServer::start([
        polled_batch("in_progress", 2, 0),
        // A batch being cancelled (a status this version does not know) still has files in
        // progress: polling goes on.
        polled_batch("cancelling", 1, 1),
        polled_batch("cancelled", 0, 1),
    ])
    .await;
    let batch = bounded(server.client().poll_vector_store_file_batch(
        STORE,
        "vsfb_1",
        header_only(),
    ))
    .await
    .unwrap();
    assert_eq!(batch.status, VectorStoreFileStatus::Cancelled);
    assert_eq!(batch.file_counts.completed, 1);
    assert_eq!(paths(&server), vec![format!("GET {BATCH_PATH}"); 3]);
}

#[tokio::test]
async fn poll_vector_store_file_batch_goes_on_while_its_status_is_in_progress() {
    // No file counted in progress yet, but the batch itself still is.
    let server = TestServer::start([
        polled_batch("in_progress", 0, 0),
        polled_batch("completed", 0, 2),
    ])
    .await;
    let batch = bounded(server.client().poll_vector_store_file_batch(
        STORE,
        "vsfb_1",
        header_only(),
    ))
    .await
    .unwrap();
    assert_eq!(batch.status, VectorStoreFileStatus::Completed);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn create_vector_store_file_batch_and_poll_creates_the_batch_then_polls_it_to_its_deadline() {
    let server = TestServer::start([Response::json(200, &batch("in_progress", 2, 0))]).await;
    server.set_fallback(polled_batch("in_progress", 1, 1));
    let body =
        CreateVectorStoreFileBatchRequest::new().file_ids(vec!["file-a".into(), "file-b".into()]);
    let options = PollOptions {
        interval: Duration::from_millis(10),
        deadline: Duration::from_millis(300),
    };
    let result = bounded(
        server
            .client()
            .create_vector_store_file_batch_and_poll(STORE, &body, options),
    )
    .await;
    assert!(matches!(result, Err(Error::Deadline(_))), "{result:?}");
    let requests = paths(&server);
    assert_eq!(requests[0], "POST /v1/vector_stores/vs_1/file_batches");
    assert!(requests.len() > 2, "it kept polling");
    assert!(requests[1..]
        .iter()
        .all(|r| *r == format!("GET {BATCH_PATH}")));
    assert_eq!(
        server.requests()[0].json(),
        json!({"file_ids": ["file-a", "file-b"]})
    );
}

/// A server for the batch uploads: each upload answers after `delay` with the id `file-<name>`
/// (the upload of `failing` with a 400 at once), the batch is created `in_progress` and
/// retrieved `completed`.
async fn upload_server(delay: Duration, failing: Option<&'static str>) -> TestServer {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    server.set_responder(
        move |request| match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/v1/files") => {
                let name = uploaded_name(request);
                if Some(name.as_str()) == failing {
                    api_error(400, "Invalid file format.").into()
                } else {
                    Response::json(200, &uploaded(&name)).after(delay).into()
                }
            }
            ("POST", "/v1/vector_stores/vs_1/file_batches") => {
                Response::json(200, &batch("in_progress", 2, 0)).into()
            }
            ("GET", BATCH_PATH) => polled_batch("completed", 0, 2).into(),
            _ => Response::text(500, "unexpected request")
                .header("x-should-retry", "false")
                .into(),
        },
    );
    server
}

fn parts(names: &[&str]) -> Vec<FilePart> {
    names
        .iter()
        .map(|name| FilePart::new(format!("contents of {name}")).file_name(*name))
        .collect()
}

#[tokio::test]
async fn upload_vector_store_file_batch_and_poll_uploads_at_most_max_concurrency_at_once() {
    let server = upload_server(Duration::from_millis(250), None).await;
    let names = ["a.md", "b.md", "c.md", "d.md", "e.md", "f.md", "g.md"];
    let body = CreateVectorStoreFileBatchRequest::new().file_ids(vec!["file-earlier".into()]);
    let batch = bounded(server.client().upload_vector_store_file_batch_and_poll(
        STORE,
        parts(&names),
        &body,
        3,
        header_only(),
    ))
    .await
    .unwrap();
    assert_eq!(batch.status, VectorStoreFileStatus::Completed);
    assert_eq!(server.max_in_flight(), 3);

    let requests = server.requests();
    let (uploads, rest) = requests.split_at(names.len());
    let mut sent: Vec<String> = uploads.iter().map(uploaded_name).collect();
    sent.sort();
    assert_eq!(sent, names);
    for upload in uploads {
        assert_eq!(upload.path, "/v1/files");
        assert_eq!(part_text(upload, "purpose"), "assistants");
    }
    assert_eq!(rest.len(), 2);
    assert_eq!(rest[0].path, "/v1/vector_stores/vs_1/file_batches");
    // The earlier file first, then the uploads in the order given, whatever order they ended in.
    assert_eq!(
        rest[0].json(),
        json!({"file_ids": [
            "file-earlier", "file-a.md", "file-b.md", "file-c.md", "file-d.md", "file-e.md",
            "file-f.md", "file-g.md",
        ]})
    );
    assert_eq!(rest[1].method, "GET");
    assert_eq!(rest[1].path, BATCH_PATH);
}

#[tokio::test]
async fn upload_vector_store_file_batch_and_poll_adds_uploads_to_a_batch_listing_files() {
    let server = upload_server(Duration::ZERO, None).await;
    let body = CreateVectorStoreFileBatchRequest::new()
        .files(vec![CreateVectorStoreFileRequest::new("file-earlier")]);
    bounded(server.client().upload_vector_store_file_batch_and_poll(
        STORE,
        parts(&["a.md", "b.md"]),
        &body,
        0,
        header_only(),
    ))
    .await
    .unwrap();
    // Concurrency 0 counts as 1.
    assert_eq!(server.max_in_flight(), 1);
    let requests = server.requests();
    assert_eq!(
        requests[2].json(),
        json!({"files": [
            {"file_id": "file-earlier"}, {"file_id": "file-a.md"}, {"file_id": "file-b.md"},
        ]})
    );
}

#[tokio::test]
async fn a_failed_upload_stops_the_batch_uploads_and_creates_no_batch() {
    // Two at a time: a.md and b.md succeed at once, c.md fails at once; d.md may be in flight
    // then (it would answer after a second) and is abandoned; e.md and f.md never start.
    let server = TestServer::start(Vec::<Reply>::new()).await;
    server.set_responder(|request| {
        let name = uploaded_name(request);
        match name.as_str() {
            "c.md" => api_error(400, "Invalid file format.").into(),
            "a.md" | "b.md" => Response::json(200, &uploaded(&name)).into(),
            _ => Response::json(200, &uploaded(&name))
                .after(Duration::from_secs(1))
                .into(),
        }
    });
    let names = ["a.md", "b.md", "c.md", "d.md", "e.md", "f.md"];
    let result = bounded(server.client().upload_vector_store_file_batch_and_poll(
        STORE,
        parts(&names),
        &CreateVectorStoreFileBatchRequest::new(),
        2,
        header_only(),
    ))
    .await;
    let Err(Error::Api(failure)) = result else {
        panic!("expected the upload's API error, got {result:?}");
    };
    assert_eq!(failure.status, StatusCode::BAD_REQUEST);
    assert_eq!(failure.message().as_deref(), Some("Invalid file format."));

    let requests = server.requests();
    assert!(requests.iter().all(|r| r.path == "/v1/files"), "no batch");
    let mut sent: Vec<String> = requests.iter().map(uploaded_name).collect();
    sent.sort();
    assert!(
        sent == ["a.md", "b.md", "c.md"] || sent == ["a.md", "b.md", "c.md", "d.md"],
        "{sent:?}"
    );
}

#[tokio::test]
async fn upload_vector_store_file_batch_and_poll_checks_the_batch_before_uploading() {
    let server = upload_server(Duration::ZERO, None).await;
    let client = server.client();
    // 1999 files named, 2 to upload: over the 2000 files a batch may hold.
    let earlier: Vec<String> = (0..1999).map(|i| format!("file-{i}")).collect();
    let body = CreateVectorStoreFileBatchRequest::new().file_ids(earlier);
    let result = bounded(client.upload_vector_store_file_batch_and_poll(
        STORE,
        parts(&["a.md", "b.md"]),
        &body,
        5,
        header_only(),
    ))
    .await;
    let Err(Error::Validation(error)) = result else {
        panic!("expected a validation error, got {result:?}");
    };
    assert!(error.to_string().contains("/file_ids"), "{error}");
    // No file at all.
    let result = bounded(client.upload_vector_store_file_batch_and_poll(
        STORE,
        Vec::new(),
        &CreateVectorStoreFileBatchRequest::new(),
        5,
        header_only(),
    ))
    .await;
    assert!(matches!(result, Err(Error::Validation(_))), "{result:?}");
    // A vector store id that could not be a path segment.
    let result = bounded(client.upload_vector_store_file_batch_and_poll(
        "a/b",
        parts(&["a.md"]),
        &CreateVectorStoreFileBatchRequest::new(),
        5,
        header_only(),
    ))
    .await;
    assert!(matches!(result, Err(Error::Validation(_))), "{result:?}");
    assert!(server.requests().is_empty(), "nothing uploaded");
}
