//! Request bodies other than plain JSON, and binary responses, against an HTTP/1.1 server on
//! loopback: the exact bytes and headers sent for `+json`, form, multipart (with a streamed
//! file part and a hostile file name) and octet-stream bodies; a download read whole (bounded by
//! `max_body_size`) and streamed (bounded by `stream_idle_timeout`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt as _;
use openapi_runtime::{
    Api, ApiSpec, Body, Client, ClientBuilder, Error, FilePart, FormArrays, Method, Multipart,
    RequestOptions, RequestSpec,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

struct TestApi(Client);

impl Api for TestApi {
    const SPEC: ApiSpec = ApiSpec {
        default_base_url: None,
        env_prefix: "BODIES_TEST",
        env_headers: &[],
        bearer_auth: false,
        user_agent: "bodies-test",
    };
    type ErrorBody = serde_json::Value;
    fn from_client(client: Client) -> Self {
        Self(client)
    }
}

/// A request as the server read it (a chunked body decoded).
#[derive(Debug)]
struct Recorded {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A scripted response: status, headers, body chunks each sent after a delay (chunked when
/// there are several).
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    chunks: Vec<(Duration, Vec<u8>)>,
}

impl Reply {
    fn ok() -> Self {
        Self::body(200, b"{}".to_vec()).header("content-type", "application/json")
    }
    fn body(status: u16, body: Vec<u8>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            chunks: vec![(Duration::ZERO, body)],
        }
    }
    fn chunked(chunks: Vec<(Duration, Vec<u8>)>) -> Self {
        Self {
            status: 200,
            headers: vec![("transfer-encoding", "chunked".into())],
            chunks,
        }
    }
    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }
}

struct Server {
    url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Server {
    async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/v1/", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(replies)));
        let recorded = requests.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (recorded, script) = (recorded.clone(), script.clone());
                tokio::spawn(serve(stream, recorded, script));
            }
        });
        Self { url, requests }
    }

    fn client(&self) -> Client {
        self.builder().build().unwrap().0
    }

    fn builder(&self) -> ClientBuilder<TestApi> {
        ClientBuilder::default()
            .base_url(self.url.clone())
            .max_retries(2)
    }

    fn single_request(&self) -> Recorded {
        let mut requests = self.requests.lock().unwrap();
        assert_eq!(requests.len(), 1, "{requests:?}");
        requests.pop().unwrap()
    }
}

async fn serve(
    mut stream: TcpStream,
    requests: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    requests.lock().unwrap().push(request);
    let reply = script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or_else(|| Reply::body(599, b"no scripted reply".to_vec()));
    let chunked = reply.headers.iter().any(|(n, _)| *n == "transfer-encoding");
    let mut head = format!("HTTP/1.1 {} X\r\nconnection: close\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !chunked {
        let length: usize = reply.chunks.iter().map(|(_, c)| c.len()).sum();
        head.push_str(&format!("content-length: {length}\r\n"));
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    for (delay, chunk) in &reply.chunks {
        tokio::time::sleep(*delay).await;
        let framed = if chunked {
            [
                format!("{:x}\r\n", chunk.len()).into_bytes(),
                chunk.clone(),
                b"\r\n".to_vec(),
            ]
            .concat()
        } else {
            chunk.clone()
        };
        if stream.write_all(&framed).await.is_err() || stream.flush().await.is_err() {
            return;
        }
    }
    if chunked {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
    let _ = stream.shutdown().await;
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await.ok()?;
    (n > 0).then(|| buffer.extend_from_slice(&chunk[..n]))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(i) = find(&buffer, b"\r\n\r\n") {
            break i;
        }
        read_more(stream, &mut buffer).await?;
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).unwrap();
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap().split(' ');
    let (method, path) = (
        request_line.next().unwrap().to_string(),
        request_line.next().unwrap().to_string(),
    );
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.trim().to_ascii_lowercase(), value.trim().to_string())
        })
        .collect();
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let mut body = Vec::new();
    if header("transfer-encoding").is_some_and(|v| v == "chunked") {
        loop {
            let line_end = loop {
                if let Some(i) = find(&buffer, b"\r\n") {
                    break i;
                }
                read_more(stream, &mut buffer).await?;
            };
            let size =
                usize::from_str_radix(std::str::from_utf8(&buffer[..line_end]).ok()?, 16).ok()?;
            buffer.drain(..line_end + 2);
            while buffer.len() < size + 2 {
                read_more(stream, &mut buffer).await?;
            }
            body.extend(buffer.drain(..size));
            buffer.drain(..2);
            if size == 0 {
                break;
            }
        }
    } else {
        let length = header("content-length").map_or(0, |v| v.parse().unwrap());
        while buffer.len() < length {
            read_more(stream, &mut buffer).await?;
        }
        body = buffer.drain(..length).collect();
    }
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}

/// Fails a test that hangs instead of letting it run forever.
async fn bounded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), future)
        .await
        .expect("the test hung")
}

fn post(segments: &[&str]) -> RequestSpec {
    RequestSpec::new(Method::POST, segments).unwrap()
}

#[tokio::test]
async fn a_merge_patch_body_is_json_sent_with_its_own_content_type() {
    let server = Server::start(vec![Reply::ok()]).await;
    let body = serde_json::json!({"name": "a", "tags": null});
    let spec = post(&["pets", "1"])
        .json_as::<_, serde_json::Value>(&body, "application/merge-patch+json")
        .unwrap();
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    let request = server.single_request();
    assert_eq!(request.path, "/v1/pets/1");
    assert_eq!(
        request.header("content-type"),
        Some("application/merge-patch+json")
    );
    assert_eq!(request.body, br#"{"name":"a","tags":null}"#);
}

#[test]
fn a_content_type_that_could_inject_a_header_is_refused() {
    for hostile in [
        "application/json\r\nx-injected: 1",
        "text/plain\nx: y",
        "not a media type",
        "",
    ] {
        let result = post(&["x"]).bytes::<serde_json::Value>(Body::from("data"), hostile);
        assert!(
            matches!(result, Err(Error::Config(_))),
            "{hostile:?} was accepted"
        );
    }
}

#[derive(serde::Serialize)]
struct Filter {
    owner: String,
    tags: Vec<String>,
}

#[derive(serde::Serialize)]
struct Search {
    q: String,
    filter: Filter,
    limit: Option<u32>,
    ids: Vec<u32>,
}

fn search() -> Search {
    Search {
        q: "a&b=c d+é".into(),
        filter: Filter {
            owner: "me".into(),
            tags: vec!["x".into(), "y".into()],
        },
        limit: None,
        ids: vec![1, 2],
    }
}

#[tokio::test]
async fn a_form_body_writes_nested_objects_and_arrays_in_bracket_notation() {
    let server = Server::start(vec![Reply::ok()]).await;
    let spec = post(&["search"])
        .form::<_, serde_json::Value>(&search(), FormArrays::Brackets)
        .unwrap();
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    let request = server.single_request();
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let body = String::from_utf8(request.body).unwrap();
    assert_eq!(
        body,
        "q=a%26b%3Dc%20d%2B%C3%A9&filter%5Bowner%5D=me&filter%5Btags%5D%5B%5D=x&filter%5Btags%5D%5B%5D=y&ids%5B%5D=1&ids%5B%5D=2"
    );
}

#[tokio::test]
async fn a_form_body_with_exploded_arrays_repeats_the_key() {
    let server = Server::start(vec![Reply::ok()]).await;
    #[derive(serde::Serialize)]
    struct Flat {
        ids: Vec<u32>,
        name: &'static str,
    }
    let spec = post(&["flat"])
        .form::<_, serde_json::Value>(
            &Flat {
                ids: vec![1, 2],
                name: "n",
            },
            FormArrays::Repeat,
        )
        .unwrap();
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    assert_eq!(server.single_request().body, b"ids=1&ids=2&name=n");
}

/// The boundary of a `multipart/form-data` request, from its `Content-Type`.
fn boundary(request: &Recorded) -> String {
    let content_type = request.header("content-type").unwrap();
    content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("content type {content_type:?}"))
        .to_string()
}

#[tokio::test]
async fn a_multipart_body_sends_a_streamed_file_and_text_parts() {
    let server = Server::start(vec![Reply::ok()]).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        vec![Ok(b"line one\n".to_vec()), Ok(b"line two\n".to_vec())];
    let file = FilePart::new(Body::from_stream(futures_util::stream::iter(chunks)))
        .file_name("train.jsonl")
        .content_type("application/jsonl");
    let form = Multipart::new()
        .file("file", file)
        .field("purpose", "fine-tune")
        .field("n", &3)
        .field("tags", &["a", "b"])
        .field("meta", &serde_json::json!({"k": "v"}))
        .field("absent", &None::<String>);
    let spec = post(&["files"]).multipart(form);
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    let request = server.single_request();
    let boundary = boundary(&request);
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"train.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\nline one\nline two\n\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n3\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":\"v\"}}\r\n\
         --{b}--\r\n",
        b = boundary
    );
    assert_eq!(String::from_utf8(request.body).unwrap(), expected);
}

#[test]
fn a_form_lists_its_parts_in_order_with_no_text_for_a_file() {
    let form = Multipart::new()
        .file("file", FilePart::new(b"data".to_vec()).file_name("a.txt"))
        .field("meta", &serde_json::json!({"k": "v"}))
        .text("purpose", "batch");
    let texts: Vec<(&str, Option<&str>)> = form.texts().collect();
    assert_eq!(
        texts,
        [
            ("file", None),
            ("meta", Some(r#"{"k":"v"}"#)),
            ("purpose", Some("batch"))
        ]
    );
}

#[tokio::test]
async fn a_bracket_notation_field_sends_a_text_part_per_member() {
    let server = Server::start(vec![Reply::ok()]).await;
    let form = Multipart::new()
        .field_brackets(
            "expires_after",
            &serde_json::json!({"anchor": "created_at", "seconds": 3600}),
        )
        .field_brackets(
            "meta",
            &serde_json::json!({"inner": {"on": true}, "none": null, "tags": ["a", "b"]}),
        )
        .field_brackets("absent", &None::<serde_json::Value>)
        .field_brackets("plain", "text");
    let texts: Vec<(&str, Option<&str>)> = form.texts().collect();
    assert_eq!(
        texts,
        [
            ("expires_after[anchor]", Some("created_at")),
            ("expires_after[seconds]", Some("3600")),
            ("meta[inner][on]", Some("true")),
            ("meta[tags][]", Some("a")),
            ("meta[tags][]", Some("b")),
            ("plain", Some("text")),
        ]
    );
    let spec = post(&["files"]).multipart(form);
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    let request = server.single_request();
    let boundary = boundary(&request);
    let part = |name: &str, value: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
    };
    let expected = [
        part("expires_after[anchor]", "created_at"),
        part("expires_after[seconds]", "3600"),
        part("meta[inner][on]", "true"),
        part("meta[tags][]", "a"),
        part("meta[tags][]", "b"),
        part("plain", "text"),
        format!("--{boundary}--\r\n"),
    ]
    .concat();
    assert_eq!(String::from_utf8(request.body).unwrap(), expected);
}

#[tokio::test]
async fn a_hostile_file_name_cannot_add_a_header_or_a_part() {
    let server = Server::start(vec![Reply::ok()]).await;
    let hostile = "a\"; name=\"purpose\"\r\nX-Injected: 1\r\n\r\n--boundary\r\nb.txt";
    let form = Multipart::new().file("file", FilePart::new(b"data".to_vec()).file_name(hostile));
    let spec = post(&["files"]).multipart(form);
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    let request = server.single_request();
    let boundary = boundary(&request);
    let body = String::from_utf8(request.body).unwrap();
    // One part, whose head is two lines: the disposition (the name percent-encoded) and the type.
    assert_eq!(body.matches(&format!("--{boundary}")).count(), 2, "{body}");
    let head = body.split("\r\n\r\n").next().unwrap();
    let lines: Vec<&str> = head.lines().collect();
    assert_eq!(lines.len(), 3, "{head}");
    assert_eq!(
        lines[1],
        "Content-Disposition: form-data; name=\"file\"; filename=\"a%22; name=%22purpose%22%0D%0AX-Injected: 1%0D%0A%0D%0A--boundary%0D%0Ab.txt\""
    );
    assert_eq!(lines[2], "Content-Type: application/octet-stream");
    assert!(body.ends_with(&format!("\r\n\r\ndata\r\n--{boundary}--\r\n")));
}

#[tokio::test]
async fn a_hostile_field_name_cannot_add_a_header_or_a_part() {
    let server = Server::start(vec![Reply::ok()]).await;
    let hostile = "a\"\r\nX-Injected: 1\r\n\r\n--x";
    let form = Multipart::new().text(hostile, "v");
    let spec = post(&["files"]).multipart(form);
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    let request = server.single_request();
    let boundary = boundary(&request);
    let body = String::from_utf8(request.body).unwrap();
    assert_eq!(
        body,
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name*=utf-8''a%22%0D%0AX-Injected:%201%0D%0A%0D%0A--x\r\n\r\nv\r\n--{boundary}--\r\n"
        )
    );
}

#[tokio::test]
async fn a_file_part_with_an_invalid_content_type_is_refused_before_sending() {
    let server = Server::start(vec![]).await;
    let file = FilePart::new(b"x".to_vec()).content_type("text/plain\r\nx-injected: 1");
    let spec = post(&["files"]).multipart(Multipart::new().file("file", file));
    let result = bounded(
        server
            .client()
            .execute::<serde_json::Value, serde_json::Value>(spec),
    )
    .await;
    assert!(matches!(result, Err(Error::Config(_))), "{result:?}");
    assert!(server.requests.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_octet_stream_body_is_sent_as_its_bytes() {
    let server = Server::start(vec![Reply::ok()]).await;
    let bytes: Vec<u8> = (0..=255).collect();
    let spec = post(&["blobs"])
        .bytes::<serde_json::Value>(bytes.clone(), "application/octet-stream")
        .unwrap();
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(request.header("content-length"), Some("256"));
    assert_eq!(request.body, bytes);
}

#[tokio::test]
async fn a_file_body_is_streamed_from_disk() {
    let dir = std::env::temp_dir().join(format!("bodies-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("upload.bin");
    let contents: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &contents).unwrap();
    let server = Server::start(vec![Reply::ok(), Reply::ok()]).await;
    let body = Body::from_path(&path).await.unwrap();
    let spec = post(&["blobs"])
        .bytes::<serde_json::Value>(body, "image/png")
        .unwrap();
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    let part = FilePart::from_path(&path).await.unwrap();
    let spec = post(&["files"]).multipart(Multipart::new().file("file", part));
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let requests = std::mem::take(&mut *server.requests.lock().unwrap());
    assert_eq!(requests[0].header("content-type"), Some("image/png"));
    assert_eq!(requests[0].body, contents);
    let multipart = String::from_utf8_lossy(&requests[1].body).into_owned();
    assert!(multipart.contains("filename=\"upload.bin\""), "{multipart}");
    assert!(find(&requests[1].body, &contents).is_some());
}

#[tokio::test]
async fn a_streamed_body_is_sent_once_and_a_body_in_memory_is_retried() {
    let failure = || Reply::body(503, b"{}".to_vec()).header("retry-after-ms", "1");
    let server = Server::start(vec![failure(), failure(), failure()]).await;
    let chunks: Vec<Result<&'static [u8], std::io::Error>> = vec![Ok(b"once")];
    let spec = post(&["blobs"])
        .bytes::<serde_json::Value>(
            Body::from_stream(futures_util::stream::iter(chunks)),
            "application/octet-stream",
        )
        .unwrap();
    let result = bounded(
        server
            .client()
            .execute::<serde_json::Value, serde_json::Value>(spec),
    )
    .await;
    assert!(
        matches!(result, Err(Error::Api(ref f)) if f.status.as_u16() == 503),
        "{result:?}"
    );
    assert_eq!(server.single_request().body, b"once");

    let server = Server::start(vec![failure(), Reply::ok()]).await;
    let spec = post(&["blobs"])
        .bytes::<serde_json::Value>(b"again".to_vec(), "application/octet-stream")
        .unwrap();
    let _: serde_json::Value = bounded(server.client().execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.body == b"again"));
}

fn download() -> RequestSpec {
    RequestSpec::new(Method::GET, &["files", "file-1", "content"]).unwrap()
}

#[tokio::test]
async fn a_download_read_whole_is_bounded_by_max_body_size() {
    let contents: Vec<u8> = (0..=255).cycle().take(3000).collect();
    let server = Server::start(vec![
        Reply::body(200, contents.clone()).header("content-type", "application/octet-stream"),
        Reply::chunked(vec![
            (Duration::ZERO, contents[..2000].to_vec()),
            (Duration::ZERO, contents[2000..].to_vec()),
        ]),
    ])
    .await;
    let client = server.builder().max_body_size(3000).build().unwrap().0;
    let bytes = bounded(client.execute_bytes::<serde_json::Value>(download()))
        .await
        .unwrap();
    assert_eq!(bytes, contents);
    let client = server.builder().max_body_size(2999).build().unwrap().0;
    let result = bounded(client.execute_bytes::<serde_json::Value>(download())).await;
    assert!(
        matches!(result, Err(Error::BodyTooLarge { limit: 2999 })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_streamed_download_passes_max_body_size_and_ends_when_idle() {
    let chunk = vec![7u8; 4096];
    let server = Server::start(vec![
        Reply::chunked(vec![(Duration::ZERO, chunk.clone()); 4]),
        Reply::chunked(vec![
            (Duration::ZERO, chunk.clone()),
            (Duration::from_secs(20), chunk.clone()),
        ]),
    ])
    .await;
    let client = server
        .builder()
        .max_body_size(5000)
        .stream_idle_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
        .0;
    let stream = bounded(client.execute_byte_stream::<serde_json::Value>(download()))
        .await
        .unwrap();
    let chunks: Vec<_> = bounded(stream.collect::<Vec<_>>()).await;
    let received: Vec<u8> = chunks
        .into_iter()
        .flat_map(|c| c.unwrap().to_vec())
        .collect();
    assert_eq!(received, chunk.repeat(4));

    let mut stream = bounded(client.execute_byte_stream::<serde_json::Value>(download()))
        .await
        .unwrap();
    assert_eq!(bounded(stream.next()).await.unwrap().unwrap(), chunk);
    let idle = bounded(stream.next()).await.unwrap();
    assert!(matches!(idle, Err(Error::StreamIdle(_))), "{idle:?}");
    assert!(bounded(stream.next()).await.is_none());
}

#[tokio::test]
async fn extra_body_fields_are_merged_into_a_merge_patch_body_which_keeps_its_content_type() {
    let server = Server::start(vec![Reply::ok()]).await;
    let body = serde_json::json!({"name": "a", "tags": null});
    let spec = post(&["pets", "1"])
        .json_as::<_, serde_json::Value>(&body, "application/merge-patch+json")
        .unwrap();
    let client = server
        .client()
        .with_options(RequestOptions::new().body_field("color", "red"));
    let _: serde_json::Value = bounded(client.execute::<_, serde_json::Value>(spec))
        .await
        .unwrap();
    let request = server.single_request();
    assert_eq!(
        request.header("content-type"),
        Some("application/merge-patch+json")
    );
    assert_eq!(request.body, br#"{"name":"a","tags":null,"color":"red"}"#);
}

#[tokio::test]
async fn extra_body_fields_are_refused_for_form_multipart_and_byte_bodies() {
    let server = Server::start(vec![]).await;
    let client = server
        .client()
        .with_options(RequestOptions::new().body_field("color", "red"));
    let specs = [
        post(&["search"])
            .form::<_, serde_json::Value>(&search(), FormArrays::Brackets)
            .unwrap(),
        post(&["files"]).multipart(Multipart::new().text("purpose", "x")),
        post(&["raw"])
            .bytes::<serde_json::Value>(Body::from("{}"), "application/octet-stream")
            .unwrap(),
    ];
    for spec in specs {
        match bounded(client.execute::<serde_json::Value, serde_json::Value>(spec)).await {
            Err(Error::Config(message)) => assert!(
                message.contains("extra body fields need a JSON object body"),
                "{message}"
            ),
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }
    assert!(server.requests.lock().unwrap().is_empty());
}
