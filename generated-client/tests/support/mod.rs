//! A small scripted HTTP/1.1 server on loopback for the client tests, plus fixture helpers.
//!
//! The server parses each request (request line, headers, `Content-Length` body; several
//! requests per keep-alive connection), records it, and answers with the next scripted
//! [`Reply`] (or the fallback reply once the script is used up).
#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openai_assistants::types::AssistantStreamEvent;
use openai_assistants::Client;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The API key every test client uses.
pub const API_KEY: &str = "sk-test";

/// Bounds every client call: a bug must fail a test, never hang it.
pub const LIMIT: Duration = Duration::from_secs(10);

/// Awaits `future`, failing the test if it takes longer than [`LIMIT`].
pub async fn bounded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(LIMIT, future)
        .await
        .expect("the client call did not finish in time")
}

// ---------------------------------------------------------------------------------------------
// Recorded requests
// ---------------------------------------------------------------------------------------------

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The path as sent (still percent-encoded), without the query.
    pub path: String,
    /// The raw query string (without `?`), if any.
    pub query: Option<String>,
    /// Header names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of a header (case-insensitive name); panics if it is sent more than once.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        let mut values = self
            .headers
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str());
        let first = values.next();
        assert!(values.next().is_none(), "header {name} sent more than once");
        first
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "request body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The query pairs, percent-decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Some(query) = &self.query else {
            return Vec::new();
        };
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(k), form_decode(v))
            })
            .collect()
    }
}

/// Decodes one `application/x-www-form-urlencoded` component.
pub fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII");
                out.push(u8::from_str_radix(hex, 16).expect("a percent escape"));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 query")
}

// ---------------------------------------------------------------------------------------------
// Scripted replies
// ---------------------------------------------------------------------------------------------

/// How a response body is delimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length`; the connection stays open for more requests.
    Length,
    /// `Transfer-Encoding: chunked`, one HTTP chunk per scripted chunk, flushed one by one.
    Chunked,
    /// `Connection: close` and no length: the body ends when the connection closes.
    Close,
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    Respond(Response),
    /// Writes these raw bytes (possibly nothing), then closes the connection.
    Drop(Vec<u8>),
    /// Never answers; the connection stays open until the test ends.
    Never,
}

#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// Each chunk is written (and flushed) after its delay.
    pub chunks: Vec<(Duration, Vec<u8>)>,
    pub framing: Framing,
    /// Close the connection after the chunks without finishing the body (no terminating
    /// zero-length chunk for `Chunked`).
    pub truncate: bool,
    /// How long the server holds the request before it starts answering.
    pub delay: Duration,
}

impl Response {
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            chunks: Vec::new(),
            framing: Framing::Length,
            truncate: false,
            delay: Duration::ZERO,
        }
    }

    /// A JSON body with `Content-Length`.
    pub fn json(status: u16, body: &Value) -> Self {
        Self::new(status)
            .header("content-type", "application/json")
            .body(serde_json::to_vec(body).unwrap())
    }

    /// A text body with `Content-Length`.
    pub fn text(status: u16, body: &str) -> Self {
        Self::new(status).body(body.as_bytes().to_vec())
    }

    /// A `text/event-stream` body sent in these chunks with `Transfer-Encoding: chunked`.
    pub fn sse<I, C>(chunks: I) -> Self
    where
        I: IntoIterator<Item = C>,
        C: Into<Vec<u8>>,
    {
        let mut response = Self::new(200).header("content-type", "text/event-stream");
        response.framing = Framing::Chunked;
        response.chunks = chunks
            .into_iter()
            .map(|c| (Duration::ZERO, c.into()))
            .collect();
        response
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Replaces the body with one chunk.
    pub fn body(mut self, body: Vec<u8>) -> Self {
        self.chunks = vec![(Duration::ZERO, body)];
        self
    }

    /// Appends a chunk written after `delay`.
    pub fn chunk_after(mut self, delay: Duration, chunk: impl Into<Vec<u8>>) -> Self {
        self.chunks.push((delay, chunk.into()));
        self
    }

    /// Holds the request this long before answering (the request counts as in flight).
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub fn framing(mut self, framing: Framing) -> Self {
        self.framing = framing;
        self
    }

    /// Drops the connection after the chunks, before the body is complete.
    pub fn truncated(mut self) -> Self {
        self.truncate = true;
        self
    }

    fn head(&self) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        match self.framing {
            Framing::Length => {
                let length: usize = self.chunks.iter().map(|(_, c)| c.len()).sum();
                head.push_str(&format!("content-length: {length}\r\n"));
            }
            Framing::Chunked => head.push_str("transfer-encoding: chunked\r\n"),
            Framing::Close => head.push_str("connection: close\r\n"),
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

impl From<Response> for Reply {
    fn from(response: Response) -> Self {
        Reply::Respond(response)
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/// Computes the reply to a request from the request itself.
type Responder = Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>;

#[derive(Default)]
struct State {
    script: VecDeque<Reply>,
    responder: Option<Responder>,
    fallback: Option<Reply>,
    requests: Vec<Recorded>,
    connections: usize,
    /// Requests received and not yet answered, and the most there ever were.
    in_flight: usize,
    max_in_flight: usize,
}

/// A scripted HTTP server on `127.0.0.1:<random port>`; it stops with the test's runtime.
#[derive(Clone)]
pub struct TestServer {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl TestServer {
    /// Starts a server that answers with `replies`, in order.
    pub async fn start<I, R>(replies: I) -> Self
    where
        I: IntoIterator<Item = R>,
        R: Into<Reply>,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            script: replies.into_iter().map(Into::into).collect(),
            ..State::default()
        }));
        let server = Self { addr, state };
        let accepting = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                accepting.state.lock().unwrap().connections += 1;
                let connection = accepting.clone();
                tokio::spawn(async move { connection.serve(stream).await });
            }
        });
        server
    }

    /// The reply for every request once the script is used up (default: a 500 that must not
    /// be retried, naming the unexpected request).
    pub fn set_fallback(&self, reply: impl Into<Reply>) {
        self.state.lock().unwrap().fallback = Some(reply.into());
    }

    /// Answers every request, once the script is used up, with what `responder` makes of it
    /// (instead of the fallback reply).
    pub fn set_responder(&self, responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) {
        self.state.lock().unwrap().responder = Some(Arc::new(responder));
    }

    /// The most requests the server ever held at once: received, not yet answered (counted
    /// until the server starts writing the answer, so never more than the client had in
    /// flight).
    pub fn max_in_flight(&self) -> usize {
        self.state.lock().unwrap().max_in_flight
    }

    /// `http://127.0.0.1:<port>/v1`
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// A client for this server: key `sk-test`, default retries and timeouts.
    pub fn client(&self) -> Client {
        self.builder().build().expect("client")
    }

    pub fn builder(&self) -> openai_assistants::ClientBuilder {
        Client::builder().api_key(API_KEY).base_url(self.base_url())
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The only request received so far.
    pub fn single_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected one request, got {requests:#?}");
        requests.into_iter().next().unwrap()
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        self.state.lock().unwrap().connections
    }

    async fn serve(&self, mut stream: TcpStream) {
        let mut buffer = Vec::new();
        loop {
            let Some(request) = read_request(&mut stream, &mut buffer).await else {
                return;
            };
            let (scripted, responder) = {
                let mut state = self.state.lock().unwrap();
                state.requests.push(request.clone());
                state.in_flight += 1;
                state.max_in_flight = state.max_in_flight.max(state.in_flight);
                (state.script.pop_front(), state.responder.clone())
            };
            let reply = scripted
                .or_else(|| responder.map(|respond| respond(&request)))
                .or_else(|| self.state.lock().unwrap().fallback.clone())
                .unwrap_or_else(|| {
                    let summary = format!("{} {}", request.method, request.path);
                    Response::text(500, &format!("no scripted reply for {summary}"))
                        .header("x-should-retry", "false")
                        .into()
                });
            if let Reply::Respond(response) = &reply {
                tokio::time::sleep(response.delay).await;
            }
            self.state.lock().unwrap().in_flight -= 1;
            let keep_open = match reply {
                Reply::Never => {
                    // Hold the connection (and read nothing more) until the test ends.
                    std::future::pending::<()>().await;
                    false
                }
                Reply::Drop(bytes) => {
                    let _ = stream.write_all(&bytes).await;
                    let _ = stream.flush().await;
                    false
                }
                Reply::Respond(response) => match write_response(&mut stream, &response).await {
                    Ok(()) => response.framing != Framing::Close && !response.truncate,
                    Err(_) => false,
                },
            };
            if !keep_open {
                let _ = stream.shutdown().await;
                return;
            }
        }
    }
}

async fn write_response(stream: &mut TcpStream, response: &Response) -> std::io::Result<()> {
    stream.write_all(&response.head()).await?;
    stream.flush().await?;
    for (delay, chunk) in &response.chunks {
        if !delay.is_zero() {
            tokio::time::sleep(*delay).await;
        }
        if response.framing == Framing::Chunked {
            if chunk.is_empty() {
                continue; // an empty chunk would end the body
            }
            stream
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            stream.write_all(chunk).await?;
            stream.write_all(b"\r\n").await?;
        } else {
            stream.write_all(chunk).await?;
        }
        stream.flush().await?;
    }
    if response.framing == Framing::Chunked && !response.truncate {
        stream.write_all(b"0\r\n\r\n").await?;
        stream.flush().await?;
    }
    Ok(())
}

/// Reads one request from the connection (`buffer` keeps bytes of the next one); `None` when
/// the client closed the connection.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).expect("an ASCII request head");
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let request_line = lines.next().expect("a request line");
    let mut parts = request_line.split(' ');
    let method = parts.next().expect("a method").to_string();
    let target = parts.next().expect("a request target").to_string();
    assert_eq!(
        parts.next(),
        Some("HTTP/1.1"),
        "request line {request_line:?}"
    );
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("a header line");
            (name.trim().to_ascii_lowercase(), value.trim().to_string())
        })
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        read_chunked(stream, buffer).await?
    } else {
        let length = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map(|(_, v)| v.parse::<usize>().expect("a numeric Content-Length"))
            .unwrap_or(0);
        fill(stream, buffer, length).await?;
        buffer.drain(..length).collect()
    };
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_string(), Some(query.to_string())),
        None => (target, None),
    };
    Some(Recorded {
        method,
        path,
        query,
        headers,
        body,
    })
}

/// Reads from the connection until `buffer` holds at least `length` bytes; `None` when the
/// client closed it first.
async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>, length: usize) -> Option<()> {
    while buffer.len() < length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    Some(())
}

/// A `Transfer-Encoding: chunked` request body (a streamed upload), decoded.
async fn read_chunked(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(i) = buffer.windows(2).position(|w| w == b"\r\n") {
                break i;
            }
            let wanted = buffer.len() + 1;
            fill(stream, buffer, wanted).await?;
        };
        let line = String::from_utf8(buffer[..line_end].to_vec()).expect("an ASCII chunk size");
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16).expect("a hexadecimal chunk size");
        buffer.drain(..line_end + 2);
        // The chunk and its CRLF (after the last, empty chunk: the CRLF that ends the body).
        fill(stream, buffer, size + 2).await?;
        body.extend(buffer.drain(..size));
        assert_eq!(&buffer[..2], b"\r\n", "a chunk ends with CRLF");
        buffer.drain(..2);
        if size == 0 {
            return Some(body);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

pub const STREAMING_TRANSCRIPT: &str = "AssistantStreamEvent/streaming_transcript.sse";
pub const FUNCTION_TOOL_TRANSCRIPT: &str = "AssistantStreamEvent/function_tool_transcript.sse";

const ERRATA: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/errata.json"));

/// The text of a fixture under `tests/fixtures/`, as documented (unrepaired).
pub fn fixture(name: &str) -> String {
    let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fixture with every `replace`/`with` repair of `tests/errata.json` applied; each repair
/// must match exactly `count` times (default 1).
pub fn repaired(name: &str) -> String {
    let errata: Vec<Value> = serde_json::from_str(ERRATA).expect("tests/errata.json");
    let mut text = fixture(name);
    for erratum in errata.iter().filter(|e| e["fixture"] == name) {
        let (Some(from), Some(to)) = (erratum["replace"].as_str(), erratum["with"].as_str()) else {
            continue;
        };
        let expected = erratum["count"].as_u64().unwrap_or(1) as usize;
        let found = text.matches(from).count();
        assert_eq!(
            found, expected,
            "erratum for {name}: {from:?} should occur {expected} time(s)"
        );
        text = text.replace(from, to);
    }
    text
}

/// The `(event, data)` pairs of a repaired transcript, split by hand (blank-line separated
/// blocks of `event:` and `data:` lines).
pub fn transcript_parts(text: &str) -> Vec<(String, String)> {
    text.split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let mut event = None;
            let mut data = Vec::new();
            for line in block.lines() {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = Some(name.to_string());
                } else if let Some(value) = line.strip_prefix("data: ") {
                    data.push(value);
                } else {
                    panic!("unexpected transcript line {line:?}");
                }
            }
            (event.expect("an event: line"), data.join("\n"))
        })
        .collect()
}

/// The documented events of a repaired transcript, each built with
/// `AssistantStreamEvent::from_parts`.
pub fn expected_events(text: &str) -> Vec<AssistantStreamEvent> {
    transcript_parts(text)
        .into_iter()
        .map(|(event, data)| {
            AssistantStreamEvent::from_parts(&event, &data)
                .unwrap_or_else(|e| panic!("documented event {event}: {e}"))
        })
        .collect()
}

/// The documented run object (`create_thread_and_run_response.json`) with some fields changed.
pub fn run_json(id: &str, thread_id: &str, status: &str) -> Value {
    let mut run: Value =
        serde_json::from_str(&fixture("RunObject/create_thread_and_run_response.json")).unwrap();
    run["id"] = id.into();
    run["thread_id"] = thread_id.into();
    run["status"] = status.into();
    run
}

/// A run in `requires_action` asking for one function call.
pub fn requires_action_run(id: &str, thread_id: &str, call_id: &str) -> Value {
    let mut run = run_json(id, thread_id, "requires_action");
    run["required_action"] = serde_json::json!({
        "type": "submit_tool_outputs",
        "submit_tool_outputs": {
            "tool_calls": [{
                "id": call_id,
                "type": "function",
                "function": {"name": "get_current_weather", "arguments": "{\"location\":\"Paris\"}"}
            }]
        }
    });
    run
}

/// A documented run step object (from the streaming transcript).
pub fn run_step_json(id: &str) -> Value {
    let text = repaired(STREAMING_TRANSCRIPT);
    let (_, data) = transcript_parts(&text)
        .into_iter()
        .find(|(event, _)| event == "thread.run.step.completed")
        .expect("a thread.run.step.completed event");
    let mut step: Value = serde_json::from_str(&data).unwrap();
    step["id"] = id.into();
    step
}

/// A list page.
pub fn page(data: Vec<Value>, has_more: bool) -> Value {
    let first = data.first().map(|v| v["id"].clone()).unwrap_or(Value::Null);
    let last = data.last().map(|v| v["id"].clone()).unwrap_or(Value::Null);
    serde_json::json!({
        "object": "list",
        "data": data,
        "first_id": first,
        "last_id": last,
        "has_more": has_more,
    })
}

/// Collects an event stream, each item with `Ok` events and the error's text.
pub async fn collect_events(
    mut events: openai_assistants::EventStream,
) -> Vec<Result<AssistantStreamEvent, openai_assistants::Error>> {
    use futures_util::StreamExt as _;
    let mut out = Vec::new();
    while let Some(item) = bounded(events.next()).await {
        out.push(item);
        assert!(out.len() < 10_000, "the stream does not end");
    }
    out
}
