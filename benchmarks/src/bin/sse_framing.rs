//! Server-sent event framing: the client's own parser (`openai_assistants::sse`) against the
//! `eventsource-stream` crate (what async-openai uses), on the same bytes and chunk sizes.
//!
//! `cargo run --release -p benchmarks --bin sse_framing`

use std::time::Duration;

use benchmarks::{best_of, chunked, frame_eventsource as theirs, frame_ours as ours};
use bytes::Bytes;

fn main() {
    let text = benchmarks::transcript_of_at_least(16 << 20);
    let mb = text.len() as f64 / (1 << 20) as f64;
    println!("SSE framing, {mb:.1} MiB of the documented transcripts, best of 5 runs");
    println!("| chunk size | openai-assistants sse | eventsource-stream 0.2 | ratio |");
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
        "\nCRLF split between chunks: openai-assistants sees {:?} events, eventsource-stream sees {:?}",
        ours(&parts).0,
        theirs(&parts).0
    );
    let cr = "event: a\rdata: 1\r\revent: b\rdata: 2\r\r";
    println!(
        "CR-only line endings: openai-assistants sees {} events, eventsource-stream sees {}",
        ours(&chunked(cr, 1 << 10)).0,
        theirs(&chunked(cr, 1 << 10)).0
    );
}
