//! A tiny stand-in for the OpenAI API that replays two documented flows, so the examples can be
//! run without an API key or network access: the function-calling flow (`function_calling`,
//! `typed_function_tools`) and the file-search flow (`file_search`).
//!
//! ```text
//! cargo run --example replay_server            # listens on 127.0.0.1:8089
//! cargo run --example replay_server -- 9000    # another port (or REPLAY_PORT=9000)
//! cargo run --example replay_server -- --once  # exit after one full flow (either one)
//! ```
//!
//! **Function calling.** Two requests, both streamed (`"stream": true`), answered with the
//! recorded server-sent events in `examples/replay/`:
//!
//! 1. `POST /v1/threads/runs`: `create_thread_and_run.sse`, the "Create thread and run" transcript
//!    of the API reference with a function tool (repaired: blank lines between events, no `...`
//!    elision, no stray `}`), ending with `thread.run.requires_action` for one
//!    `get_current_weather` call whose arguments are
//!    `{"location":"San Francisco, CA","unit":"fahrenheit"}`.
//! 2. `POST /v1/threads/thread_123/runs/run_123/submit_tool_outputs`: `submit_tool_outputs.sse`,
//!    the run continuing after the tool output: the tool step completes, a message is written
//!    delta by delta, and the run completes. This answer ends the flow.
//!
//! **File search.** Plain JSON answers, one file each in `examples/replay/file_search/`: the
//! response examples of the API reference for these operations, with ids, names and statuses
//! made to fit one flow and the required fields the examples leave out filled in.
//!
//! 1. `POST /v1/files` (`create_file.json`): the request must be `multipart/form-data` with a
//!    `file` part that has a file name and a `purpose` part that says `assistants`.
//! 2. `POST /v1/vector_stores` (`create_vector_store.json`, id `vs_abc123`): the body must have
//!    a static chunking strategy, `{"type": "static", "static": {"max_chunk_size_tokens": 100 to
//!    4096, "chunk_overlap_tokens": at most half of it}}`.
//! 3. `POST /v1/vector_stores/vs_abc123/files` (`create_vector_store_file.json`, `in_progress`):
//!    the body must name the uploaded file, `file-abc123`.
//!    `GET /v1/vector_stores/vs_abc123/files/file-abc123` (`get_vector_store_file.json`):
//!    `completed`.
//! 4. `POST /v1/assistants` (`create_assistant.json`, id `asst_abc123`): `tools` must hold a
//!    `file_search` tool and `tool_resources.file_search.vector_store_ids` must be
//!    `["vs_abc123"]`.
//! 5. `POST /v1/threads/runs` without `"stream": true` (`create_thread_and_run.json`, a `queued`
//!    run): the body must name `asst_abc123` and carry a thread with a message.
//!    `GET /v1/threads/thread_abc123/runs/run_abc123`: `get_run_in_progress.json` the first
//!    time after each run creation, then `get_run_completed.json`; both with
//!    `openai-poll-after-ms: 10`, so a polling client does not wait long.
//! 6. `GET /v1/threads/thread_abc123/messages` (`list_messages.json`): the question and the
//!    assistant's answer, whose text carries a `file_citation` annotation for `file-abc123`.
//!    This answer ends the flow.
//!
//! Like the real API it wants `Authorization: Bearer <any key>` (401 otherwise) and, for the
//! Assistants paths (`/v1/assistants`, `/v1/threads`), `OpenAI-Beta: assistants=v2` (400
//! otherwise); it answers unknown paths with 404 and a request that fails a check above with
//! 400. Errors have the API's `{"error": {...}}` body. Beyond those checks the answers do not
//! depend on what the request asks for (the message, the submitted output, the file's
//! contents): it is a recording.
//!
//! Only the standard library and `serde_json` are used; one thread per connection, one request
//! per connection (`Connection: close`); request bodies may come with `Content-Length` or
//! chunked.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{json, Value};

/// The recorded answers of the function-calling flow. Each file is a complete, valid
/// `text/event-stream` body.
const CREATE_THREAD_AND_RUN: &str = include_str!("replay/create_thread_and_run.sse");
const SUBMIT_TOOL_OUTPUTS: &str = include_str!("replay/submit_tool_outputs.sse");

/// The ids the function-calling recordings use.
const THREAD_ID: &str = "thread_123";
const RUN_ID: &str = "run_123";
const TOOL_CALL_ID: &str = "call_XXNp8YGaFrjrSjgqxtC8JJ1B";

/// The recorded answers of the file-search flow, one JSON body each.
mod file_search {
    pub const CREATE_FILE: &str = include_str!("replay/file_search/create_file.json");
    pub const CREATE_VECTOR_STORE: &str =
        include_str!("replay/file_search/create_vector_store.json");
    pub const CREATE_VECTOR_STORE_FILE: &str =
        include_str!("replay/file_search/create_vector_store_file.json");
    pub const GET_VECTOR_STORE_FILE: &str =
        include_str!("replay/file_search/get_vector_store_file.json");
    pub const CREATE_ASSISTANT: &str = include_str!("replay/file_search/create_assistant.json");
    pub const CREATE_THREAD_AND_RUN: &str =
        include_str!("replay/file_search/create_thread_and_run.json");
    pub const GET_RUN_IN_PROGRESS: &str =
        include_str!("replay/file_search/get_run_in_progress.json");
    pub const GET_RUN_COMPLETED: &str = include_str!("replay/file_search/get_run_completed.json");
    pub const LIST_MESSAGES: &str = include_str!("replay/file_search/list_messages.json");

    /// The ids these recordings use.
    pub const FILE_ID: &str = "file-abc123";
    pub const VECTOR_STORE_ID: &str = "vs_abc123";
    pub const ASSISTANT_ID: &str = "asst_abc123";
    pub const THREAD_ID: &str = "thread_abc123";
    pub const RUN_ID: &str = "run_abc123";
}

/// Whether the file-search run has been retrieved once since it was created: the first
/// retrieval answers `in_progress`, the next ones `completed`.
static RUN_RETRIEVED: AtomicBool = AtomicBool::new(false);

/// The wait the file-search run retrievals suggest (`openai-poll-after-ms`).
const POLL_AFTER_MS: u64 = 10;

const DEFAULT_PORT: u16 = 8089;
/// Pause between two events, so that the client visibly receives them one by one.
const DEFAULT_DELAY_MS: u64 = 30;

fn main() {
    let mut once = false;
    let mut port: Option<u16> = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--once" => once = true,
            "-h" | "--help" => {
                println!("usage: replay_server [PORT] [--once]   (PORT defaults to $REPLAY_PORT, then {DEFAULT_PORT}; REPLAY_DELAY_MS sets the pause between events, default {DEFAULT_DELAY_MS})");
                return;
            }
            other => match other.parse() {
                Ok(p) => port = Some(p),
                Err(_) => fail(&format!("not a port number or option: `{other}`")),
            },
        }
    }
    let port = port.unwrap_or_else(|| match std::env::var("REPLAY_PORT") {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| fail(&format!("REPLAY_PORT is not a port number: `{value}`"))),
        Err(_) => DEFAULT_PORT,
    });
    let delay = Duration::from_millis(
        std::env::var("REPLAY_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_DELAY_MS),
    );

    let listener = TcpListener::bind(("127.0.0.1", port))
        .unwrap_or_else(|e| fail(&format!("cannot listen on 127.0.0.1:{port}: {e}")));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    println!("replay server listening on http://127.0.0.1:{port}/v1");
    println!("  try: OPENAI_API_KEY=sk-replay OPENAI_BASE_URL=http://127.0.0.1:{port}/v1 cargo run --example function_calling");
    println!("   or: OPENAI_API_KEY=sk-replay OPENAI_BASE_URL=http://127.0.0.1:{port}/v1 cargo run --example file_search");

    for connection in listener.incoming() {
        let stream = match connection {
            Ok(stream) => stream,
            Err(e) => {
                eprintln!("accept failed: {e}");
                continue;
            }
        };
        std::thread::spawn(move || {
            let peer = stream
                .peer_addr()
                .map(|a| a.to_string())
                .unwrap_or_default();
            match handle(stream, delay) {
                Ok(Served::FlowComplete) if once => {
                    println!("one full flow served (--once): exiting");
                    std::process::exit(0);
                }
                Ok(_) => {}
                Err(e) => eprintln!("{peer}: {e}"),
            }
        });
    }
}

fn fail(message: &str) -> ! {
    eprintln!("replay_server: {message}");
    std::process::exit(2);
}

/// What one connection ended with.
enum Served {
    /// The last answer of a flow (the submit_tool_outputs stream, the file-search messages) was
    /// sent completely.
    FlowComplete,
    Other,
}

/// The two steps of the function-calling flow.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    CreateThreadAndRun,
    SubmitToolOutputs,
}

impl Step {
    fn transcript(self) -> &'static str {
        match self {
            Step::CreateThreadAndRun => CREATE_THREAD_AND_RUN,
            Step::SubmitToolOutputs => SUBMIT_TOOL_OUTPUTS,
        }
    }
}

/// A successful answer.
enum Reply {
    /// A step of the function-calling flow: its recorded event stream.
    Events(Step),
    /// A recorded JSON body of the file-search flow.
    Json {
        body: &'static str,
        /// Sent as `openai-poll-after-ms`.
        poll_after_ms: Option<u64>,
        /// The last answer of the flow.
        ends_flow: bool,
    },
}

impl Reply {
    fn json(body: &'static str) -> Self {
        Reply::Json {
            body,
            poll_after_ms: None,
            ends_flow: false,
        }
    }
}

/// An error status with the API's error body.
type Failure = (u16, Value);

/// One parsed HTTP/1.1 request.
struct Request {
    method: String,
    path: String,
    /// Header names in lower case.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let invalid =
        |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(invalid("not an HTTP request line"));
    };
    let method = method.to_string();
    // The query string plays no part here.
    let path = target.split('?').next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(invalid("connection closed inside the headers"));
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let chunked = headers.iter().any(|(n, v)| {
        n == "transfer-encoding"
            && v.to_ascii_lowercase()
                .split(',')
                .any(|c| c.trim() == "chunked")
    });
    let body = if chunked {
        // A streamed body (a file upload read from disk): `<hex size>\r\n<bytes>\r\n` chunks up
        // to a chunk of size 0, then optional trailers and a blank line.
        let mut body = Vec::new();
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = line.trim().split(';').next().unwrap_or_default();
            let size =
                usize::from_str_radix(size, 16).map_err(|_| invalid("bad chunk size line"))?;
            if size == 0 {
                loop {
                    line.clear();
                    if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                        break;
                    }
                }
                break body;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..])?;
            line.clear();
            reader.read_line(&mut line)?;
        }
    } else {
        let length: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map(|(_, v)| v.parse().map_err(|_| invalid("bad Content-Length")))
            .transpose()?
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    };
    Ok(Request {
        method,
        path,
        headers,
        body,
    })
}

fn handle(mut stream: TcpStream, delay: Duration) -> std::io::Result<Served> {
    let request = read_request(&stream)?;
    let route = format!("{} {}", request.method, request.path);
    match answer(&request) {
        Ok(Reply::Events(step)) => {
            println!("{route} -> 200 (event stream)");
            send_events(&mut stream, step.transcript(), delay)?;
            Ok(if step == Step::SubmitToolOutputs {
                Served::FlowComplete
            } else {
                Served::Other
            })
        }
        Ok(Reply::Json {
            body,
            poll_after_ms,
            ends_flow,
        }) => {
            println!("{route} -> 200");
            send_json(&mut stream, 200, body, poll_after_ms)?;
            Ok(if ends_flow {
                Served::FlowComplete
            } else {
                Served::Other
            })
        }
        Err((status, body)) => {
            println!("{route} -> {status}");
            let body = serde_json::to_string_pretty(&body).expect("a JSON value serializes");
            send_json(&mut stream, status, &body, None)?;
            Ok(Served::Other)
        }
    }
}

/// What to answer, or an error status with its body.
fn answer(request: &Request) -> Result<Reply, Failure> {
    // Authentication first, as the API does: any non-empty bearer token is accepted.
    let key = request
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    if key.is_empty() {
        return Err((
            401,
            error_body(
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). The replay server accepts any key.",
                None,
                None,
            ),
        ));
    }
    // Files and vector stores are not part of the beta; everything else here is.
    let path = request.path.as_str();
    if !(path.starts_with("/v1/files") || path.starts_with("/v1/vector_stores")) {
        check_beta_header(request)?;
    }

    let submit_path = format!("/v1/threads/{THREAD_ID}/runs/{RUN_ID}/submit_tool_outputs");
    let vector_store_files = format!("/v1/vector_stores/{}/files", file_search::VECTOR_STORE_ID);
    let vector_store_file = format!("{vector_store_files}/{}", file_search::FILE_ID);
    let run = format!(
        "/v1/threads/{}/runs/{}",
        file_search::THREAD_ID,
        file_search::RUN_ID
    );
    let messages = format!("/v1/threads/{}/messages", file_search::THREAD_ID);
    match (request.method.as_str(), path) {
        ("POST", "/v1/threads/runs") => {
            let body = json_body(request)?;
            if body.get("stream") == Some(&Value::Bool(true)) {
                Ok(Reply::Events(Step::CreateThreadAndRun))
            } else {
                create_file_search_run(&body)
            }
        }
        ("POST", path) if path == submit_path => submit_tool_outputs(&json_body(request)?),
        ("POST", "/v1/files") => create_file(request),
        ("POST", "/v1/vector_stores") => create_vector_store(&json_body(request)?),
        ("POST", path) if path == vector_store_files => {
            create_vector_store_file(&json_body(request)?)
        }
        ("GET", path) if path == vector_store_file => {
            Ok(Reply::json(file_search::GET_VECTOR_STORE_FILE))
        }
        ("POST", "/v1/assistants") => create_assistant(&json_body(request)?),
        ("GET", path) if path == run => {
            let retrieved_before = RUN_RETRIEVED.swap(true, Ordering::SeqCst);
            Ok(Reply::Json {
                body: if retrieved_before {
                    file_search::GET_RUN_COMPLETED
                } else {
                    file_search::GET_RUN_IN_PROGRESS
                },
                poll_after_ms: Some(POLL_AFTER_MS),
                ends_flow: false,
            })
        }
        ("GET", path) if path == messages => Ok(Reply::Json {
            body: file_search::LIST_MESSAGES,
            poll_after_ms: None,
            ends_flow: true,
        }),
        (method, path) => Err((
            404,
            error_body(
                &format!(
                    "Invalid URL ({method} {path}). The replay server knows only POST /v1/threads/runs and POST {submit_path} (function calling), and POST /v1/files, POST /v1/vector_stores, POST {vector_store_files}, GET {vector_store_file}, POST /v1/assistants, POST /v1/threads/runs, GET {run} and GET {messages} (file search)."
                ),
                None,
                None,
            ),
        )),
    }
}

fn check_beta_header(request: &Request) -> Result<(), Failure> {
    match request.header("openai-beta") {
        Some("assistants=v2") => Ok(()),
        Some(other) => Err((
            400,
            error_body(
                &format!("Invalid 'OpenAI-Beta' header `{other}`: this server speaks the Assistants API v2. Please try again by setting the header 'OpenAI-Beta: assistants=v2'."),
                None,
                Some("invalid_beta"),
            ),
        )),
        None => Err((
            400,
            error_body(
                "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.",
                None,
                Some("invalid_beta"),
            ),
        )),
    }
}

fn json_body(request: &Request) -> Result<Value, Failure> {
    serde_json::from_slice(&request.body).map_err(|e| {
        (
            400,
            error_body(
                &format!("We could not parse the JSON body of your request: {e}"),
                None,
                None,
            ),
        )
    })
}

/// A 400 with the API's error body.
fn invalid(message: &str, param: &str) -> Failure {
    (400, error_body(message, Some(param), None))
}

/// The last step of the function-calling flow.
fn submit_tool_outputs(body: &Value) -> Result<Reply, Failure> {
    if body.get("stream") != Some(&Value::Bool(true)) {
        return Err(invalid(
            "The replay server only serves streamed runs: send \"stream\": true.",
            "stream",
        ));
    }
    let ids: Vec<&str> = body
        .get("tool_outputs")
        .and_then(Value::as_array)
        .map(|outputs| {
            outputs
                .iter()
                .filter_map(|o| o.get("tool_call_id").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    if ids != [TOOL_CALL_ID] {
        return Err(invalid(
            &format!(
                "Expected tool outputs for call_ids ['{TOOL_CALL_ID}'], got [{}]",
                ids.iter()
                    .map(|id| format!("'{id}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "tool_outputs",
        ));
    }
    Ok(Reply::Events(Step::SubmitToolOutputs))
}

/// `POST /v1/files`: a `multipart/form-data` form with a named `file` and `purpose=assistants`.
fn create_file(request: &Request) -> Result<Reply, Failure> {
    let content_type = request.header("content-type").unwrap_or_default();
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'));
    let (true, Some(boundary)) = (
        content_type.starts_with("multipart/form-data"),
        boundary.filter(|b| !b.is_empty()),
    ) else {
        return Err(invalid(
            &format!("Invalid Content-Type header ({content_type}), expected multipart/form-data with a boundary."),
            "file",
        ));
    };
    let parts = multipart_parts(&request.body, boundary)
        .ok_or_else(|| invalid("The multipart/form-data body could not be parsed.", "file"))?;
    match parts.iter().find(|p| p.name == "file") {
        None => return Err(invalid("Missing required parameter: 'file'.", "file")),
        Some(part) if part.file_name.as_deref().unwrap_or_default().is_empty() => {
            return Err(invalid(
                "The 'file' part has no filename: send it with Content-Disposition: form-data; name=\"file\"; filename=\"...\".",
                "file",
            ))
        }
        Some(_) => {}
    }
    match parts.iter().find(|p| p.name == "purpose") {
        None => Err(invalid("Missing required parameter: 'purpose'.", "purpose")),
        Some(part) if part.contents != b"assistants" => Err(invalid(
            &format!(
                "The replay server records an upload for file search: 'purpose' must be 'assistants', got '{}'.",
                String::from_utf8_lossy(part.contents)
            ),
            "purpose",
        )),
        Some(_) => Ok(Reply::json(file_search::CREATE_FILE)),
    }
}

/// One part of a `multipart/form-data` body.
struct Part<'a> {
    name: String,
    file_name: Option<String>,
    contents: &'a [u8],
}

/// Splits a `multipart/form-data` body into its parts (RFC 7578), or `None` if it is not one.
fn multipart_parts<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<Part<'a>>> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let find = |haystack: &[u8], needle: &[u8]| {
        haystack
            .windows(needle.len())
            .position(|window| window == needle)
    };
    let mut rest = &body[find(body, delimiter)? + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        // After a delimiter: `--` ends the body, CRLF starts a part.
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let headers_end = find(rest, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&rest[..headers_end]).ok()?;
        rest = &rest[headers_end + 4..];
        let end = find(rest, &[b"\r\n", delimiter].concat())?;
        let contents = &rest[..end];
        rest = &rest[end + 2 + delimiter.len()..];

        let disposition = headers.split("\r\n").find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then_some(value)
        })?;
        let parameter = |key: &str| {
            disposition.split(';').map(str::trim).find_map(|p| {
                let (k, v) = p.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
        };
        parts.push(Part {
            name: parameter("name")?,
            file_name: parameter("filename"),
            contents,
        });
    }
}

/// `POST /v1/vector_stores`: with a static chunking strategy.
fn create_vector_store(body: &Value) -> Result<Reply, Failure> {
    let strategy = &body["chunking_strategy"];
    if strategy["type"] != "static" {
        return Err(invalid(
            &format!("The replay server records a vector store with a static chunking strategy: expected chunking_strategy {{\"type\": \"static\", \"static\": {{...}}}}, got {strategy}."),
            "chunking_strategy",
        ));
    }
    let size = strategy["static"]["max_chunk_size_tokens"].as_i64();
    let overlap = strategy["static"]["chunk_overlap_tokens"].as_i64();
    let (Some(size @ 100..=4096), Some(overlap)) = (size, overlap) else {
        return Err(invalid(
            &format!("Invalid chunking_strategy.static ({}): max_chunk_size_tokens must be an integer from 100 to 4096 and chunk_overlap_tokens an integer.", strategy["static"]),
            "chunking_strategy.static",
        ));
    };
    if !(0..=size / 2).contains(&overlap) {
        return Err(invalid(
            &format!("Invalid chunking_strategy.static.chunk_overlap_tokens ({overlap}): it must be from 0 to half of max_chunk_size_tokens ({size})."),
            "chunking_strategy.static.chunk_overlap_tokens",
        ));
    }
    Ok(Reply::json(file_search::CREATE_VECTOR_STORE))
}

/// `POST /v1/vector_stores/vs_abc123/files`: adds the uploaded file.
fn create_vector_store_file(body: &Value) -> Result<Reply, Failure> {
    if body["file_id"] != file_search::FILE_ID {
        return Err(invalid(
            &format!(
                "No such file: {}. The replay server's upload is '{}'.",
                body["file_id"],
                file_search::FILE_ID
            ),
            "file_id",
        ));
    }
    Ok(Reply::json(file_search::CREATE_VECTOR_STORE_FILE))
}

/// `POST /v1/assistants`: with the `file_search` tool over the vector store.
fn create_assistant(body: &Value) -> Result<Reply, Failure> {
    let has_file_search = body["tools"]
        .as_array()
        .is_some_and(|tools| tools.iter().any(|tool| tool["type"] == "file_search"));
    if !has_file_search {
        return Err(invalid(
            &format!("The replay server records an assistant with the file_search tool: expected tools to hold {{\"type\": \"file_search\"}}, got {}.", body["tools"]),
            "tools",
        ));
    }
    let stores = &body["tool_resources"]["file_search"]["vector_store_ids"];
    if *stores != json!([file_search::VECTOR_STORE_ID]) {
        return Err(invalid(
            &format!(
                "Expected tool_resources.file_search.vector_store_ids to be ['{}'], got {stores}.",
                file_search::VECTOR_STORE_ID
            ),
            "tool_resources.file_search.vector_store_ids",
        ));
    }
    Ok(Reply::json(file_search::CREATE_ASSISTANT))
}

/// `POST /v1/threads/runs` (not streamed): a thread with a question, run by the assistant.
fn create_file_search_run(body: &Value) -> Result<Reply, Failure> {
    if body["assistant_id"] != file_search::ASSISTANT_ID {
        return Err((
            404,
            error_body(
                &format!(
                    "No assistant found with id {}. The replay server's assistant is '{}' (a streamed run, \"stream\": true, replays the function-calling flow instead).",
                    body["assistant_id"],
                    file_search::ASSISTANT_ID
                ),
                Some("assistant_id"),
                None,
            ),
        ));
    }
    let has_message = body["thread"]["messages"]
        .as_array()
        .is_some_and(|messages| !messages.is_empty());
    if !has_message {
        return Err(invalid(
            "The replay server records a run of a thread with a question: thread.messages must not be empty.",
            "thread.messages",
        ));
    }
    // A new run: its first retrieval is `in_progress` again.
    RUN_RETRIEVED.store(false, Ordering::SeqCst);
    Ok(Reply::json(file_search::CREATE_THREAD_AND_RUN))
}

/// The API's error body: `{"error": {"message", "type", "param", "code"}}`.
fn error_body(message: &str, param: Option<&str>, code: Option<&str>) -> Value {
    json!({
        "error": {
            "message": message,
            "type": "invalid_request_error",
            "param": param,
            "code": code,
        }
    })
}

/// A complete JSON response.
fn send_json(
    stream: &mut TcpStream,
    status: u16,
    body: &str,
    poll_after_ms: Option<u64>,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        _ => "Error",
    };
    let poll_after = poll_after_ms
        .map(|ms| format!("openai-poll-after-ms: {ms}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{poll_after}x-request-id: req_replay\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

/// Streams the transcript event by event as a chunked `text/event-stream` response.
fn send_events(stream: &mut TcpStream, transcript: &str, delay: Duration) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ncache-control: no-cache\r\ntransfer-encoding: chunked\r\nx-request-id: req_replay\r\nconnection: close\r\n\r\n"
    )?;
    // Every event ends with a blank line ("\n\n"); send each as its own chunk.
    for (i, event) in transcript.split_inclusive("\n\n").enumerate() {
        if i > 0 {
            std::thread::sleep(delay);
        }
        write!(stream, "{:x}\r\n{event}\r\n", event.len())?;
        stream.flush()?;
    }
    // The end of the body. A client may already have hung up after `data: [DONE]`, which is
    // fine: every event was delivered.
    let _ = write!(stream, "0\r\n\r\n").and_then(|()| stream.flush());
    Ok(())
}
