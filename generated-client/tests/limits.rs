//! The client against servers that send too much, too slowly or forever: response bodies are
//! capped, every timeout holds, streams end when they go idle, and pagination always ends.
//! Every call is bounded by an outer timeout, so a regression fails instead of hanging.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt as _;
use openai_assistants::types::CreateThreadAndRunRequest;
use openai_assistants::{Client, Error, PaginationStall};
use openapi_runtime::RequestSpec;
use proptest::prelude::*;
use serde_json::{json, Value};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const MIB: usize = 1024 * 1024;
/// The body size limit of these tests.
const CAP: usize = MIB;
/// What the flooding server sends: ten times the limit.
const FLOOD: usize = 10 * MIB;
/// Long enough to be "never" for a test.
const STALL: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------------
// Heap use of the current thread
// ---------------------------------------------------------------------------------------------

/// Counts the live heap bytes allocated by each thread, and their peak, so a test on a
/// current-thread runtime can see how much a call held at most.
struct CountingAllocator;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated besides.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            track(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        if !ptr.is_null() {
            track(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        track(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(ptr, layout, new_size);
        if !new.is_null() {
            track(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Awaits `future` (bounded), returning its output and how many heap bytes this thread held
/// at most meanwhile beyond what it held before.
async fn peak_heap<F: std::future::Future>(future: F) -> (F::Output, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(start));
    let output = bounded(future).await;
    let peak = PEAK.with(Cell::get);
    (output, (peak - start).max(0) as usize)
}

// ---------------------------------------------------------------------------------------------
// A server that floods
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Framing {
    /// `Transfer-Encoding: chunked`: no length announced.
    Chunked,
    /// This `Content-Length`, whatever is actually sent.
    Length(u64),
}

/// A loopback server that answers every request with `status`, then `sent` bytes of body (the
/// `prefix`, then `x`s) in 64 KiB writes, and then holds the connection without ending the
/// body: a client that does not stop reading by itself hangs.
struct Flood {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
}

impl Flood {
    async fn start(status: u16, framing: Framing, prefix: &'static str, sent: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let counter = counter.clone();
                tokio::spawn(async move {
                    if read_request_head(&mut stream).await.is_none() {
                        return;
                    }
                    counter.fetch_add(1, Ordering::SeqCst);
                    let length = match framing {
                        Framing::Chunked => "transfer-encoding: chunked".to_string(),
                        Framing::Length(n) => format!("content-length: {n}"),
                    };
                    let head = format!(
                        "HTTP/1.1 {status} Status\r\ncontent-type: application/json\r\nx-should-retry: false\r\n{length}\r\n\r\n"
                    );
                    if stream.write_all(head.as_bytes()).await.is_err() {
                        return;
                    }
                    // 64 KiB pieces, the first one starting with the prefix: the server holds
                    // no more than two of them (its allocations count as the test thread's).
                    let mut first = vec![b'x'; 64 * 1024];
                    first[..prefix.len()].copy_from_slice(prefix.as_bytes());
                    let rest = vec![b'x'; 64 * 1024];
                    let mut left = sent;
                    let mut piece = &first[..];
                    while left > 0 {
                        let part = &piece[..left.min(piece.len())];
                        left -= part.len();
                        piece = &rest;
                        let written = match framing {
                            Framing::Chunked => {
                                let size = format!("{:x}\r\n", part.len());
                                async {
                                    stream.write_all(size.as_bytes()).await?;
                                    stream.write_all(part).await?;
                                    stream.write_all(b"\r\n").await
                                }
                                .await
                            }
                            Framing::Length(_) => stream.write_all(part).await,
                        };
                        if written.is_err() {
                            return; // the client hung up
                        }
                    }
                    std::future::pending::<()>().await;
                });
            }
        });
        Self { addr, requests }
    }

    fn client(&self) -> Client {
        Client::builder()
            .api_key(API_KEY)
            .base_url(format!("http://{}/v1", self.addr))
            .max_body_size(CAP)
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap()
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Reads a request's head and its `Content-Length` body; `None` if the client hung up.
async fn read_request_head(stream: &mut tokio::net::TcpStream) -> Option<()> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .map_or(0, |n| n.trim().parse().unwrap());
    while buffer.len() < head_end + length {
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    Some(())
}

fn assert_body_too_large<T: std::fmt::Debug>(result: Result<T, Error>) {
    match result {
        Err(Error::BodyTooLarge { limit }) => assert_eq!(limit, CAP),
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

const ERROR_PREFIX: &str = r#"{"error": {"message": "#;

fn assert_truncated_api_error<T: std::fmt::Debug>(result: Result<T, Error>, status: u16) {
    let Err(Error::Api(failure)) = result else {
        panic!("expected an API error, got {result:?}");
    };
    assert_eq!(failure.status, status);
    assert!(failure.body_truncated);
    assert_eq!(failure.body.len(), CAP);
    assert!(
        failure.body.starts_with(ERROR_PREFIX),
        "{}",
        &failure.body[..64]
    );
    assert!(failure.error.is_none());
}

// ---------------------------------------------------------------------------------------------
// 11. Bounded memory
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_endless_chunked_json_body_is_refused_at_the_cap_with_bounded_memory() {
    let server = Flood::start(200, Framing::Chunked, "{\"id\": \"", FLOOD).await;
    let client = server.client();
    let (result, peak) = peak_heap(client.get_run("thread_1", "run_1")).await;
    assert_body_too_large(result);
    assert_eq!(server.requests(), 1, "a body past the cap is not retried");
    eprintln!("peak heap while refusing a {FLOOD}-byte body at a {CAP}-byte cap: {peak} bytes");
    assert!(
        peak < 4 * CAP,
        "the client held {peak} bytes for a {CAP}-byte cap"
    );
}

#[tokio::test]
async fn a_huge_content_length_is_refused_before_the_body_is_read() {
    // 1 TiB announced, 2 MiB sent: a client that waits for the announced length hangs.
    let server = Flood::start(200, Framing::Length(1 << 40), "{\"id\": \"", 2 * MIB).await;
    let client = server.client();
    let (result, peak) = peak_heap(client.get_run("thread_1", "run_1")).await;
    assert_body_too_large(result);
    assert_eq!(server.requests(), 1);
    assert!(peak < CAP, "the client held {peak} bytes");
}

#[tokio::test]
async fn a_body_exactly_at_the_cap_is_read_and_one_byte_more_is_refused() {
    let run = run_json("run_1", "thread_1", "completed");
    let text = serde_json::to_vec(&run).unwrap();
    let fits = TestServer::start([
        Response::json(200, &run),
        Response::json(200, &run).framing(support::Framing::Chunked),
        Response::json(200, &run),
        Response::json(200, &run).framing(support::Framing::Chunked),
    ])
    .await;
    let exact = fits
        .builder()
        .max_body_size(text.len())
        .max_retries(0)
        .build()
        .unwrap();
    for _ in 0..2 {
        let got = bounded(exact.get_run("thread_1", "run_1")).await.unwrap();
        assert_eq!(got.id, "run_1");
    }
    let short = fits
        .builder()
        .max_body_size(text.len() - 1)
        .max_retries(0)
        .build()
        .unwrap();
    for _ in 0..2 {
        let result = bounded(short.get_run("thread_1", "run_1")).await;
        assert!(
            matches!(result, Err(Error::BodyTooLarge { limit }) if limit == text.len() - 1),
            "{result:?}"
        );
    }
}

#[tokio::test]
async fn an_endless_error_body_keeps_its_first_part_up_to_the_cap() {
    let server = Flood::start(400, Framing::Chunked, ERROR_PREFIX, FLOOD).await;
    let client = server.client();
    let (result, peak) = peak_heap(client.get_run("thread_1", "run_1")).await;
    assert_truncated_api_error(result, 400);
    assert_eq!(server.requests(), 1);
    assert!(peak < 4 * CAP, "the client held {peak} bytes");
}

#[tokio::test]
async fn an_error_body_with_a_huge_content_length_keeps_its_first_part() {
    let server = Flood::start(400, Framing::Length(1 << 40), ERROR_PREFIX, 2 * MIB).await;
    let client = server.client();
    let result = bounded(client.get_run("thread_1", "run_1")).await;
    assert_truncated_api_error(result, 400);
}

#[tokio::test]
async fn an_endless_error_body_of_a_stream_call_keeps_its_first_part() {
    let server = Flood::start(400, Framing::Chunked, ERROR_PREFIX, FLOOD).await;
    let client = server.client();
    let result =
        bounded(client.create_thread_and_run_stream(&CreateThreadAndRunRequest::new("asst_1")))
            .await;
    assert_truncated_api_error(result, 400);
}

#[tokio::test]
async fn an_error_body_cut_inside_a_character_keeps_only_whole_characters() {
    // "é" is two bytes; the cap falls between them.
    let body = format!("{ERROR_PREFIX}\"{}\"}}}}", "é".repeat(64));
    let server = TestServer::start([Response::text(400, &body)]).await;
    let cap = ERROR_PREFIX.len() + 1 + 2 * 10 + 1;
    let client = server.builder().max_body_size(cap).build().unwrap();
    let Err(Error::Api(failure)) = bounded(client.get_run("thread_1", "run_1")).await else {
        panic!("expected an API error");
    };
    assert!(failure.body_truncated);
    assert_eq!(failure.body, format!("{ERROR_PREFIX}\"{}", "é".repeat(10)));
}

#[tokio::test]
async fn an_endless_bytes_or_empty_body_is_refused_at_the_cap() {
    let server = Flood::start(200, Framing::Chunked, "", FLOOD).await;
    let client = server.client();
    let spec = || RequestSpec::new(reqwest::Method::GET, &["files", "file_1", "content"]).unwrap();
    let (result, peak) = peak_heap(client.runtime().execute_bytes(spec())).await;
    assert_body_too_large(result);
    assert!(peak < 4 * CAP, "the client held {peak} bytes");
    assert_body_too_large(bounded(client.runtime().execute_empty(spec())).await);
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_stream_event_past_the_event_cap_ends_the_stream_with_an_sse_error() {
    let big = format!(
        "event: thread.run.created\ndata: \"{}\"\n\n",
        "x".repeat(4096)
    );
    let server = TestServer::start([Response::sse([big])]).await;
    let client = server.builder().max_event_size(1024).build().unwrap();
    let events =
        bounded(client.create_thread_and_run_stream(&CreateThreadAndRunRequest::new("asst_1")))
            .await
            .unwrap();
    let items = collect_events(events).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(
        matches!(&items[0], Err(Error::Sse(e)) if e.to_string().contains("1024")),
        "{items:?}"
    );
}

#[test]
fn the_event_cap_defaults_to_16_mib_or_the_body_cap_when_smaller() {
    let builder = || {
        Client::builder()
            .api_key(API_KEY)
            .base_url("http://127.0.0.1:9/")
    };
    let config = builder().build().unwrap().config().clone();
    assert_eq!(config.max_body_size, 64 * MIB);
    assert_eq!(config.max_event_size, 16 * MIB);
    let small = builder().max_body_size(MIB).build().unwrap();
    assert_eq!(small.config().max_event_size, MIB);
    let explicit = builder()
        .max_body_size(MIB)
        .max_event_size(2 * MIB)
        .build()
        .unwrap();
    assert_eq!(explicit.config().max_event_size, 2 * MIB);
}

// ---------------------------------------------------------------------------------------------
// 12. Every timeout holds
// ---------------------------------------------------------------------------------------------

const TIMEOUT: Duration = Duration::from_millis(300);
const IDLE: Duration = Duration::from_millis(300);

fn short_timeouts(server: &TestServer) -> Client {
    server
        .builder()
        .timeout(TIMEOUT)
        .stream_idle_timeout(IDLE)
        .max_retries(0)
        .build()
        .unwrap()
}

/// An error status whose body starts, then stalls.
fn stalling_error_body() -> Response {
    Response::new(400)
        .header("content-type", "application/json")
        .framing(support::Framing::Chunked)
        .chunk_after(Duration::ZERO, "{\"error\": ")
        .chunk_after(STALL, "{\"message\": \"late\"}}")
}

#[tokio::test]
async fn an_error_body_that_stalls_times_out_for_a_plain_call() {
    let server = TestServer::start([stalling_error_body()]).await;
    let client = short_timeouts(&server);
    let result = bounded(client.get_run("thread_1", "run_1")).await;
    assert!(
        matches!(result, Err(Error::Timeout(d)) if d == TIMEOUT),
        "{result:?}"
    );
}

#[tokio::test]
async fn an_error_body_that_stalls_times_out_for_a_stream_call() {
    let server = TestServer::start([stalling_error_body()]).await;
    let client = short_timeouts(&server);
    let result =
        bounded(client.create_thread_and_run_stream(&CreateThreadAndRunRequest::new("asst_1")))
            .await;
    assert!(
        matches!(result, Err(Error::Timeout(d)) if d == TIMEOUT),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_stream_that_stalls_after_its_headers_ends_with_the_idle_timeout() {
    let server =
        TestServer::start([Response::sse(Vec::<String>::new()).chunk_after(STALL, DONE)]).await;
    let client = short_timeouts(&server);
    let events =
        bounded(client.create_thread_and_run_stream(&CreateThreadAndRunRequest::new("asst_1")))
            .await
            .unwrap();
    let items = collect_events(events).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(
        matches!(items[0], Err(Error::StreamIdle(d)) if d == IDLE),
        "{items:?}"
    );
}

#[tokio::test]
async fn a_stream_that_stalls_after_some_events_yields_them_then_the_idle_timeout() {
    let server = TestServer::start([Response::sse([events(2)]).chunk_after(STALL, DONE)]).await;
    let client = short_timeouts(&server);
    let events =
        bounded(client.create_thread_and_run_stream(&CreateThreadAndRunRequest::new("asst_1")))
            .await
            .unwrap();
    let items = collect_events(events).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[..2].iter().all(Result::is_ok), "{items:?}");
    assert!(
        matches!(items[2], Err(Error::StreamIdle(d)) if d == IDLE),
        "{items:?}"
    );
}

#[tokio::test]
async fn a_stream_that_keeps_sending_outlives_its_idle_timeout() {
    // Each pause is well under the idle timeout; together they are well over it.
    let idle = Duration::from_secs(1);
    let pause = Duration::from_millis(300);
    let mut reply = Response::sse([events(1)]);
    for _ in 0..5 {
        reply = reply.chunk_after(pause, ": keep-alive\n\n");
    }
    let server = TestServer::start([reply.chunk_after(pause, DONE)]).await;
    let client = server
        .builder()
        .timeout(Duration::from_millis(100))
        .stream_idle_timeout(idle)
        .build()
        .unwrap();
    let events =
        bounded(client.create_thread_and_run_stream(&CreateThreadAndRunRequest::new("asst_1")))
            .await
            .unwrap();
    let items = collect_events(events).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(Result::is_ok), "{items:?}");
}

#[tokio::test]
async fn timeouts_too_long_to_add_mean_no_deadline_and_do_not_panic() {
    let run = run_json("run_1", "thread_1", "completed");
    let server = TestServer::start([
        Response::json(200, &run),
        Response::sse([events(1), DONE.to_string()]),
    ])
    .await;
    let client = server
        .builder()
        .timeout(Duration::MAX)
        .stream_idle_timeout(Duration::MAX)
        .build()
        .unwrap();
    let got = bounded(client.get_run("thread_1", "run_1")).await.unwrap();
    assert_eq!(got.id, "run_1");
    let events =
        bounded(client.create_thread_and_run_stream(&CreateThreadAndRunRequest::new("asst_1")))
            .await
            .unwrap();
    let items = collect_events(events).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(Result::is_ok), "{items:?}");
}

/// The first `count` events of the documented transcript.
fn events(count: usize) -> String {
    repaired(STREAMING_TRANSCRIPT)
        .split_inclusive("\n\n")
        .take(count)
        .collect()
}

const DONE: &str = "event: done\ndata: [DONE]\n\n";

// ---------------------------------------------------------------------------------------------
// 13. Pagination always ends
// ---------------------------------------------------------------------------------------------

fn runs(ids: &[&str]) -> Vec<Value> {
    ids.iter()
        .map(|id| run_json(id, "thread_1", "completed"))
        .collect()
}

/// Every item of `list_runs_all` (ids, or the error), up to a bound.
async fn list_all(server: &TestServer) -> Vec<Result<String, Error>> {
    let client = server.client();
    let mut stream = client.list_runs_all("thread_1", None);
    let mut out = Vec::new();
    while let Some(item) = bounded(stream.next()).await {
        out.push(item.map(|run| run.id));
        assert!(out.len() < 100, "pagination does not end: {out:?}");
    }
    out
}

fn assert_stalled(item: &Result<String, Error>, at_page: usize, why: PaginationStall) {
    match item {
        Err(Error::Pagination { page, stall }) => {
            assert_eq!((*page, *stall), (at_page, why));
        }
        other => panic!("expected a pagination error, got {other:?}"),
    }
}

fn ok_ids(items: &[Result<String, Error>]) -> Vec<&str> {
    items
        .iter()
        .filter_map(|item| item.as_ref().ok().map(String::as_str))
        .collect()
}

#[tokio::test]
async fn a_server_that_repeats_its_cursor_stops_pagination_with_an_error() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    // Every request, whatever its `after`, gets the same page.
    server.set_fallback(Response::json(200, &page(runs(&["run_1", "run_2"]), true)));
    let items = list_all(&server).await;
    assert_eq!(
        ok_ids(&items),
        ["run_1", "run_2"],
        "the repeat is not yielded"
    );
    assert_eq!(items.len(), 3);
    assert_stalled(&items[2], 2, PaginationStall::RepeatedCursor);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_cursor_that_comes_back_after_other_pages_stops_pagination() {
    let server = TestServer::start([
        Response::json(200, &page(runs(&["run_1", "run_2"]), true)),
        Response::json(200, &page(runs(&["run_3", "run_4"]), true)),
    ])
    .await;
    server.set_fallback(Response::json(200, &page(runs(&["run_1", "run_2"]), true)));
    let items = list_all(&server).await;
    assert_eq!(ok_ids(&items), ["run_1", "run_2", "run_3", "run_4"]);
    assert_stalled(items.last().unwrap(), 3, PaginationStall::RepeatedCursor);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn empty_pages_that_say_has_more_stop_pagination_with_an_error() {
    let empty = |cursor: Value| json!({"object": "list", "data": [], "first_id": cursor, "last_id": cursor, "has_more": true});
    for cursor in [json!("run_9"), Value::Null] {
        let server = TestServer::start([Response::json(200, &page(runs(&["run_1"]), true))]).await;
        server.set_fallback(Response::json(200, &empty(cursor.clone())));
        let items = list_all(&server).await;
        assert_eq!(ok_ids(&items), ["run_1"]);
        let why = if cursor.is_null() {
            PaginationStall::MissingCursor
        } else {
            PaginationStall::EmptyPage
        };
        assert_stalled(items.last().unwrap(), 2, why);
        assert_eq!(server.requests().len(), 2, "cursor {cursor}");
    }
}

#[tokio::test]
async fn has_more_without_a_cursor_yields_the_page_then_stops_with_an_error() {
    // The Runs schema's `last_id` is required but nullable.
    let mut body = page(runs(&["run_1", "run_2"]), true);
    body["last_id"] = Value::Null;
    let server = TestServer::start(Vec::<Reply>::new()).await;
    server.set_fallback(Response::json(200, &body));
    let items = list_all(&server).await;
    assert_eq!(ok_ids(&items), ["run_1", "run_2"], "{items:?}");
    assert_eq!(items.len(), 3);
    assert_stalled(&items[2], 1, PaginationStall::MissingCursor);
    assert_eq!(server.requests().len(), 1);
}

/// One page as a server may send it: a few items, `has_more`, and a cursor from a small set
/// (so that cursors repeat).
#[derive(Clone, Debug)]
struct ScriptedPage {
    items: usize,
    has_more: bool,
    cursor: Option<u8>,
}

/// Distinct cursors a scripted server can give.
const CURSORS: u8 = 5;

fn scripted_page() -> impl Strategy<Value = ScriptedPage> {
    (
        0..3usize,
        prop::bool::weighted(0.9),
        prop::option::weighted(0.9, 0..CURSORS),
    )
        .prop_map(|(items, has_more, cursor)| ScriptedPage {
            items,
            has_more,
            cursor,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The server answers request `n` with `script[n % len]`, forever: whatever it says, the
    /// stream ends after at most one request per distinct cursor (plus the first), follows
    /// each cursor it was given, yields every item of every page but a repeated one, and ends
    /// with an error exactly when the last page said `has_more: true`.
    #[test]
    fn pagination_ends_whatever_the_pages_say(script in prop::collection::vec(scripted_page(), 1..30)) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let queries: Arc<std::sync::Mutex<Vec<Option<String>>>> = Arc::default();
        let fetch = {
            let queries = queries.clone();
            let script = script.clone();
            move |query: Option<String>| {
                let mut queries = queries.lock().unwrap();
                let n = queries.len();
                queries.push(query);
                let page = script[n % script.len()].clone();
                let items: Vec<String> = (0..page.items).map(|i| format!("{n}.{i}")).collect();
                let cursor = page.cursor.map(|c| format!("cursor_{c}"));
                // A stream that would never end fails the bound on requests below instead.
                let result = if n < 100 {
                    Ok((items, page.has_more, cursor))
                } else {
                    Err(Error::Config("the test server gives up".into()))
                };
                async move { result }
            }
        };
        let mut stream = openapi_runtime::pagination::items(None, fetch, |query, cursor| *query = Some(cursor));
        let items: Vec<Result<String, Error>> = runtime.block_on(async {
            let mut items = Vec::new();
            while let Some(item) = stream.next().await {
                items.push(item);
                prop_assert!(items.len() < 1000, "the stream does not end");
            }
            Ok(items)
        })?;

        let queries = queries.lock().unwrap().clone();
        let fetched = queries.len();
        prop_assert!(fetched <= CURSORS as usize + 1, "{fetched} requests");
        let pages: Vec<&ScriptedPage> = (0..fetched).map(|n| &script[n % script.len()]).collect();
        prop_assert_eq!(queries[0].clone(), None);
        for n in 1..fetched {
            prop_assert_eq!(queries[n].clone(), pages[n - 1].cursor.map(|c| format!("cursor_{c}")));
        }
        let last = pages[fetched - 1];
        let repeated = last.has_more && last.items > 0 && last.cursor.is_some_and(|c| {
            pages[..fetched - 1].iter().any(|p| p.cursor == Some(c))
        });
        let expected: Vec<String> = (0..fetched)
            .filter(|&n| !(repeated && n == fetched - 1))
            .flat_map(|n| (0..pages[n].items).map(move |i| format!("{n}.{i}")))
            .collect();
        let ok: Vec<String> = items.iter().filter_map(|i| i.as_ref().ok().cloned()).collect();
        prop_assert_eq!(ok, expected);
        let errors = items.iter().filter(|i| i.is_err()).count();
        prop_assert_eq!(errors, usize::from(last.has_more));
        if last.has_more {
            let is_pagination_error = matches!(
                items.last(),
                Some(Err(Error::Pagination { page, .. })) if *page == fetched
            );
            prop_assert!(is_pagination_error, "{:?}", items.last());
        }
    }
}
