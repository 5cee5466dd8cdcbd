//! A tiny stand-in for the OpenAI API that replays the documented function-calling flow, so the
//! `function_calling` and `typed_function_tools` examples can be run without an API key or
//! network access.
//!
//! ```text
//! cargo run --example replay_server            # listens on 127.0.0.1:8089
//! cargo run --example replay_server -- 9000    # another port (or REPLAY_PORT=9000)
//! cargo run --example replay_server -- --once  # exit after one full flow
//! ```
//!
//! It answers exactly two requests, both streamed (`"stream": true`), with the recorded
//! server-sent events in `examples/replay/`:
//!
//! 1. `POST /v1/threads/runs`: `create_thread_and_run.sse`, the "Create thread and run" transcript
//!    of the API reference with a function tool (repaired: blank lines between events, no `...`
//!    elision, no stray `}`), ending with `thread.run.requires_action` for one
//!    `get_current_weather` call whose arguments are
//!    `{"location":"San Francisco, CA","unit":"fahrenheit"}`.
//! 2. `POST /v1/threads/thread_123/runs/run_123/submit_tool_outputs`: `submit_tool_outputs.sse`,
//!    the run continuing after the tool output: the tool step completes, a message is written
//!    delta by delta, and the run completes.
//!
//! Like the real API it wants `Authorization: Bearer <any key>` (401 otherwise) and
//! `OpenAI-Beta: assistants=v2` (400 otherwise), and answers unknown paths with 404; errors
//! have the API's `{"error": {...}}` body. The replayed events do not depend on what the request
//! asks for (the assistant id, the message, the submitted output): it is a recording.
//!
//! Only the standard library and `serde_json` are used; one thread per connection, one request
//! per connection (`Connection: close`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use serde_json::{json, Value};

/// The recorded answers. Each file is a complete, valid `text/event-stream` body.
const CREATE_THREAD_AND_RUN: &str = include_str!("replay/create_thread_and_run.sse");
const SUBMIT_TOOL_OUTPUTS: &str = include_str!("replay/submit_tool_outputs.sse");

/// The ids the recordings use.
const THREAD_ID: &str = "thread_123";
const RUN_ID: &str = "run_123";
const TOOL_CALL_ID: &str = "call_XXNp8YGaFrjrSjgqxtC8JJ1B";

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
    /// The submit_tool_outputs stream, the last step of the flow, was sent completely.
    FlowComplete,
    Other,
}

/// The two steps of the flow.
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
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse().map_err(|_| invalid("bad Content-Length")))
        .transpose()?
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
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
    let outcome = answer(&request);
    match &outcome {
        Ok(_) => println!("{route} -> 200 (event stream)"),
        Err((status, _)) => println!("{route} -> {status}"),
    }
    match outcome {
        Ok(step) => {
            send_events(&mut stream, step.transcript(), delay)?;
            Ok(if step == Step::SubmitToolOutputs {
                Served::FlowComplete
            } else {
                Served::Other
            })
        }
        Err((status, body)) => {
            send_error(&mut stream, status, &body)?;
            Ok(Served::Other)
        }
    }
}

/// The step of the flow to replay, or an error status with its body.
fn answer(request: &Request) -> Result<Step, (u16, Value)> {
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
    match request.header("openai-beta") {
        Some("assistants=v2") => {}
        Some(other) => {
            return Err((
                400,
                error_body(
                    &format!("Invalid 'OpenAI-Beta' header `{other}`: this server speaks the Assistants API v2. Please try again by setting the header 'OpenAI-Beta: assistants=v2'."),
                    None,
                    Some("invalid_beta"),
                ),
            ))
        }
        None => {
            return Err((
                400,
                error_body(
                    "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.",
                    None,
                    Some("invalid_beta"),
                ),
            ))
        }
    }

    let submit_path = format!("/v1/threads/{THREAD_ID}/runs/{RUN_ID}/submit_tool_outputs");
    let step = match (request.method.as_str(), request.path.as_str()) {
        ("POST", "/v1/threads/runs") => Step::CreateThreadAndRun,
        ("POST", path) if path == submit_path => Step::SubmitToolOutputs,
        (method, path) => {
            return Err((
                404,
                error_body(
                    &format!("Invalid URL ({method} {path}). The replay server knows only POST /v1/threads/runs and POST {submit_path}."),
                    None,
                    None,
                ),
            ))
        }
    };

    let body: Value = serde_json::from_slice(&request.body).map_err(|e| {
        (
            400,
            error_body(
                &format!("We could not parse the JSON body of your request: {e}"),
                None,
                None,
            ),
        )
    })?;
    if body.get("stream") != Some(&Value::Bool(true)) {
        return Err((
            400,
            error_body(
                "The replay server only serves streamed runs: send \"stream\": true.",
                Some("stream"),
                None,
            ),
        ));
    }
    if step == Step::SubmitToolOutputs {
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
            return Err((
                400,
                error_body(
                    &format!(
                        "Expected tool outputs for call_ids ['{TOOL_CALL_ID}'], got [{}]",
                        ids.iter()
                            .map(|id| format!("'{id}'"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Some("tool_outputs"),
                    None,
                ),
            ));
        }
    }
    Ok(step)
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

fn send_error(stream: &mut TcpStream, status: u16, body: &Value) -> std::io::Result<()> {
    let reason = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        _ => "Error",
    };
    let body = serde_json::to_string_pretty(body).expect("a JSON value serializes");
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: req_replay\r\nconnection: close\r\n\r\n{body}",
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
