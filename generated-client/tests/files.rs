//! The Files operations against a real HTTP/1.1 server on loopback (see `support/mod.rs`):
//! `create_file` sends a `multipart/form-data` body whose parts the server checks (the file
//! from bytes or streamed from disk, then the purpose), and the file's content comes back as
//! bytes or as a byte stream.

mod support;

use futures_util::StreamExt as _;
use openai_assistants::types::{CreateFileRequest, OpenAiFilePurpose, Purpose};
use openai_assistants::FilePart;
use serde_json::{json, Value};
use support::*;

fn file_json(id: &str, name: &str, bytes: usize) -> Value {
    json!({
        "id": id, "object": "file", "bytes": bytes, "created_at": 1_700_000_000,
        "expires_at": null, "filename": name, "purpose": "assistants", "status": "processed"
    })
}

/// A part of a `multipart/form-data` body: its headers and its contents.
#[derive(Debug, PartialEq)]
struct Part {
    headers: Vec<String>,
    body: Vec<u8>,
}

/// Splits a `multipart/form-data` body at the boundary its `Content-Type` names; the text
/// around the parts must be exactly what RFC 7578 prescribes.
fn parts(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not a form: {content_type}"));
    let delimiter = format!("--{boundary}");
    let end = format!("{delimiter}--\r\n");
    assert!(
        body.ends_with(end.as_bytes()),
        "the body ends with the close delimiter"
    );
    let body = &body[..body.len() - end.len()];
    let mut out = Vec::new();
    let mut rest = body;
    let opening = format!("{delimiter}\r\n");
    while !rest.is_empty() {
        rest = rest
            .strip_prefix(opening.as_bytes())
            .expect("each part starts with the delimiter");
        let next = find(rest, format!("\r\n{delimiter}").as_bytes()).unwrap_or(rest.len() - 2);
        let (part, tail) = rest.split_at(next);
        rest = &tail[2..];
        let split = find(part, b"\r\n\r\n").expect("headers end with a blank line");
        let headers = String::from_utf8(part[..split].to_vec()).unwrap();
        out.push(Part {
            headers: headers.split("\r\n").map(str::to_string).collect(),
            body: part[split + 4..].to_vec(),
        });
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn purpose_part() -> Part {
    Part {
        headers: vec!["Content-Disposition: form-data; name=\"purpose\"".into()],
        body: b"assistants".to_vec(),
    }
}

#[tokio::test]
async fn create_file_sends_the_file_from_bytes_and_the_purpose_as_form_parts() {
    let server =
        TestServer::start([Response::json(200, &file_json("file-1", "notes.txt", 11))]).await;
    let file = FilePart::new(b"hello\r\nfile".to_vec())
        .file_name("notes.txt")
        .content_type("text/plain");
    let created = bounded(
        server
            .client()
            .create_file(CreateFileRequest::new(file, Purpose::Assistants)),
    )
    .await
    .unwrap();
    assert_eq!(created.id, "file-1");
    assert_eq!(created.purpose, OpenAiFilePurpose::Assistants);

    let request = server.single_request();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/v1/files")
    );
    // Files are not part of the Assistants beta: no `OpenAI-Beta` header.
    assert_eq!(request.header("openai-beta"), None);
    let content_type = request.header("content-type").unwrap();
    assert_eq!(
        parts(content_type, &request.body),
        [
            Part {
                headers: vec![
                    "Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"".into(),
                    "Content-Type: text/plain".into(),
                ],
                body: b"hello\r\nfile".to_vec(),
            },
            purpose_part(),
        ]
    );
}

#[tokio::test]
async fn create_file_streams_a_file_from_disk_under_its_own_name() {
    let dir = std::env::temp_dir().join(format!("openai-assistants-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.csv");
    let contents: Vec<u8> = (0..200_000u32)
        .flat_map(|i| (i % 251).to_le_bytes())
        .collect();
    std::fs::write(&path, &contents).unwrap();

    let server = TestServer::start([Response::json(
        200,
        &file_json("file-2", "report.csv", contents.len()),
    )])
    .await;
    let file = FilePart::from_path(&path).await.unwrap();
    let created = bounded(
        server
            .client()
            .create_file(CreateFileRequest::new(file, Purpose::Assistants)),
    )
    .await
    .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(created.filename, "report.csv");

    let request = server.single_request();
    let content_type = request.header("content-type").unwrap();
    assert_eq!(
        parts(content_type, &request.body),
        [
            Part {
                headers: vec![
                    "Content-Disposition: form-data; name=\"file\"; filename=\"report.csv\"".into(),
                    "Content-Type: application/octet-stream".into(),
                ],
                body: contents,
            },
            purpose_part(),
        ]
    );
}

#[tokio::test]
async fn download_file_returns_the_content_as_bytes_or_as_a_byte_stream() {
    let content: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let reply = || {
        Response::new(200)
            .header("content-type", "application/octet-stream")
            .body(content.clone())
    };
    let server = TestServer::start([reply(), reply()]).await;
    let client = server.client();

    let bytes = bounded(client.download_file("file-1")).await.unwrap();
    assert_eq!(bytes.as_ref(), content.as_slice());

    let mut stream = bounded(client.download_file_stream("file-1"))
        .await
        .unwrap();
    let mut streamed = Vec::new();
    while let Some(chunk) = bounded(stream.next()).await {
        streamed.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(streamed, content);

    for request in server.requests() {
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("GET", "/v1/files/file-1/content")
        );
    }
    assert_eq!(server.requests().len(), 2);
}
