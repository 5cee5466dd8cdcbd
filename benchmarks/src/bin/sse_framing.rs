//! Server-sent event framing: the client's own parser (`openai_runs::sse`) against the
//! `eventsource-stream` crate (what async-openai uses), on the same bytes and chunk sizes.
//!
//! `cargo run --release -p benchmarks --bin sse_framing`

use std::convert::Infallible;
use std::time::{Duration, Instant};

use bytes::Bytes;
use eventsource_stream::Eventsource;
use futures_util::StreamExt;
use openai_runs::sse::SseParser;

fn ours(chunks: &[Bytes]) -> (usize, usize) {
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

fn theirs(chunks: &[Bytes]) -> (usize, usize) {
    let stream =
        futures_util::stream::iter(chunks.iter().cloned().map(Ok::<_, Infallible>)).eventsource();
    futures_executor::block_on(stream.fold((0, 0), |(n, d), event| async move {
        let event = event.expect("valid stream");
        (n + 1, d + event.data.len())
    }))
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn chunked(text: &str, size: usize) -> Vec<Bytes> {
    text.as_bytes()
        .chunks(size)
        .map(Bytes::copy_from_slice)
        .collect()
}

fn main() {
    let text = benchmarks::transcript_of_at_least(16 << 20);
    let mb = text.len() as f64 / (1 << 20) as f64;
    println!("SSE framing, {mb:.1} MiB of the documented transcripts, best of 5 runs");
    println!("| chunk size | openai-runs sse | eventsource-stream 0.2 | ratio |");
    println!("| --- | --- | --- | --- |");
    for size in [16 << 10, 1 << 10, 64] {
        let chunks = chunked(&text, size);
        let (t_ours, r_ours) = best_of(5, || ours(&chunks));
        let (t_theirs, r_theirs) = best_of(5, || theirs(&chunks));
        assert_eq!(
            r_ours, r_theirs,
            "both parsers must see the same events and data"
        );
        let speed = |t: Duration| mb / t.as_secs_f64();
        println!(
            "| {size} B | {:.0} MiB/s | {:.0} MiB/s | {:.1}x |",
            speed(t_ours),
            speed(t_theirs),
            t_theirs.as_secs_f64() / t_ours.as_secs_f64()
        );
    }
    // Correctness on inputs the OpenAI stream can produce: CRLF split across chunks.
    let crlf = "event: a\r\ndata: 1\r\n\r\nevent: b\r\ndata: 2\r\n\r\n";
    let split = crlf.find("\r\n").expect("has CRLF") + 1;
    let parts = vec![Bytes::from(&crlf[..split]), Bytes::from(&crlf[split..])];
    println!(
        "\nCRLF split between chunks: openai-runs sees {:?} events, eventsource-stream sees {:?}",
        ours(&parts).0,
        theirs(&parts).0
    );
    let cr = "event: a\rdata: 1\r\revent: b\rdata: 2\r\r";
    println!(
        "CR-only line endings: openai-runs sees {} events, eventsource-stream sees {}",
        ours(&chunked(cr, 1 << 10)).0,
        theirs(&chunked(cr, 1 << 10)).0
    );
}
