//! Inputs shared by the measurements: the documented transcripts, repaired by the errata, and
//! the small timing and parsing helpers the binaries have in common.

pub use golden_tests::synthetic;

use std::convert::Infallible;
use std::time::{Duration, Instant};

use bytes::Bytes;
use eventsource_stream::Eventsource;
use futures_util::StreamExt;
use golden_tests::{errata, fixtures_dir, repaired};
use openai_assistants::sse::SseParser;

/// Both documented SSE transcripts (repaired), concatenated without their `done` events.
/// The text is a whole number of events, so it can be repeated.
pub fn transcript_unit() -> String {
    let errata = errata();
    let mut one = String::new();
    for name in ["streaming_transcript.sse", "function_tool_transcript.sse"] {
        let id = format!("AssistantStreamEvent/{name}");
        let text = std::fs::read_to_string(fixtures_dir().join(&id)).expect("fixture");
        let text = repaired(&id, &text, &errata).expect("errata apply");
        one.push_str(text.split("event: done").next().expect("text before done"));
    }
    one
}

/// The final event of every stream.
pub const DONE_EVENT: &str = "event: done\ndata: [DONE]\n\n";

/// [`transcript_unit`] repeated until the text is at least `min_bytes` long, then ended with
/// one `done` event.
pub fn transcript_of_at_least(min_bytes: usize) -> String {
    let one = transcript_unit();
    let mut out = String::with_capacity(min_bytes + one.len());
    while out.len() < min_bytes {
        out.push_str(&one);
    }
    out.push_str(DONE_EVENT);
    out
}

/// The repaired text of every fixture in `tests/fixtures/{dir}` whose name starts with `prefix`.
pub fn fixtures(dir: &str, prefix: &str) -> Vec<(String, String)> {
    let errata = errata();
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir().join(dir))
        .expect("fixture folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let id = format!("{dir}/{name}");
            let text = std::fs::read_to_string(fixtures_dir().join(&id)).expect("fixture");
            let text = repaired(&id, &text, &errata).expect("errata apply");
            (name, text)
        })
        .collect()
}

/// The shortest of `runs` timings of `f`, and the result of the last run.
pub fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = std::hint::black_box(f());
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

/// `text` cut into chunks of `size` bytes, as a response body would arrive.
pub fn chunked(text: &str, size: usize) -> Vec<Bytes> {
    text.as_bytes()
        .chunks(size)
        .map(Bytes::copy_from_slice)
        .collect()
}

/// Frames `chunks` with the client's SSE parser: (events, data bytes).
pub fn frame_ours(chunks: &[Bytes]) -> (usize, usize) {
    let mut parser = SseParser::new();
    let (mut events, mut data) = (0, 0);
    for chunk in chunks {
        parser.feed(chunk).expect("valid stream");
        while let Some(event) = parser.next_event() {
            events += 1;
            data += event.data.len();
        }
    }
    if let Some(event) = parser.finish().expect("valid end") {
        events += 1;
        data += event.data.len();
    }
    (events, data)
}

/// Frames `chunks` with `eventsource-stream` (what async-openai uses): (events, data bytes).
pub fn frame_eventsource(chunks: &[Bytes]) -> (usize, usize) {
    let stream =
        futures_util::stream::iter(chunks.iter().cloned().map(Ok::<_, Infallible>)).eventsource();
    futures_executor::block_on(stream.fold((0, 0), |(n, d), event| async move {
        let event = event.expect("valid stream");
        (n + 1, d + event.data.len())
    }))
}

/// The `event:` names and `data:` of every event of `text` but `done`, framed by the client's
/// parser.
pub fn events_of(text: &str) -> Vec<(String, String)> {
    let mut parser = SseParser::new();
    parser.feed(text.as_bytes()).expect("valid stream");
    let mut out = Vec::new();
    while let Some(event) = parser.next_event() {
        if event.data != "[DONE]" {
            out.push((event.event_type().to_string(), event.data));
        }
    }
    out
}

/// Streams `total_bytes` of the documented transcripts, made on the fly and never held whole,
/// through the client's SSE parser and `AssistantStreamEvent::from_parts`, in chunks of
/// `chunk` bytes. Returns (bytes fed, events decoded).
pub fn stream_transcripts(total_bytes: u64, chunk: usize) -> (u64, u64) {
    let unit = transcript_unit();
    // About 256 KiB of whole units, fed in chunks that do not line up with events.
    let block = unit.repeat((256 << 10) / unit.len() + 1);
    let mut parser = SseParser::new();
    let (mut fed, mut events) = (0u64, 0u64);
    let drain = |parser: &mut SseParser, events: &mut u64| {
        while let Some(event) = parser.next_event() {
            let name = event.event_type();
            if event.data == "[DONE]" {
                continue;
            }
            let decoded =
                openai_assistants::types::AssistantStreamEvent::from_parts(name, &event.data)
                    .expect("documented events decode");
            std::hint::black_box(decoded);
            *events += 1;
        }
    };
    while fed < total_bytes {
        for piece in block.as_bytes().chunks(chunk) {
            parser.feed(piece).expect("valid stream");
            drain(&mut parser, &mut events);
        }
        fed += block.len() as u64;
    }
    parser.feed(DONE_EVENT.as_bytes()).expect("valid stream");
    drain(&mut parser, &mut events);
    parser.finish().expect("valid end");
    (fed + DONE_EVENT.len() as u64, events)
}

/// This process's peak resident set size in KiB (`VmHWM`), where `/proc` has it.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The project's schemas, as `cargo xtask generate` reads them from `schemas/seed/` (the seed-era inputs).
pub fn project_inputs() -> codegen::Inputs {
    let root = golden_tests::repo_root().join("schemas/seed");
    let mut inputs = codegen::Inputs::default();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path
                    .strip_prefix(&root)
                    .expect("under schemas/")
                    .to_string_lossy()
                    .replace('\\', "/");
                inputs.add(rel, std::fs::read_to_string(&path).expect("readable"));
            }
        }
    }
    inputs
}
