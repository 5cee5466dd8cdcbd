//! Peak memory while streaming a 1 GiB transcript through the client's SSE parser and
//! `AssistantStreamEvent::from_parts`; the transcript is made on the fly and never held whole.
//!
//! `cargo build --release -p benchmarks --bin stream_memory &&
//!  /usr/bin/time -v target/release/stream_memory` (look for "Maximum resident set size").
//! An optional argument gives the size in MiB (default 1024).

use std::time::Instant;

fn main() {
    let mib: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("a size in MiB"))
        .unwrap_or(1024);
    let start = Instant::now();
    let (bytes, events) = benchmarks::stream_transcripts(mib << 20, 16 << 10);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "streamed {:.0} MiB, {events} events, in {secs:.1} s ({:.0} MiB/s); peak RSS {} KiB",
        bytes as f64 / (1 << 20) as f64,
        bytes as f64 / (1 << 20) as f64 / secs,
        benchmarks::peak_rss_kib().map_or("unknown".to_string(), |k| k.to_string())
    );
}
