//! A fixed amount of decoding work, for an instruction-counting profiler:
//!
//! ```text
//! cargo build --release -p benchmarks --bin decode_profile
//! valgrind --tool=callgrind target/release/decode_profile runs 200
//! ```
//!
//! Modes: `runs` (the documented Run objects with the generated types), `events` (the
//! transcripts' events through `AssistantStreamEvent::from_parts`), `runs-floor` and
//! `events-floor` (the same bytes into `serde::de::IgnoredAny`); with `--features async-openai`,
//! `runs-async-openai`. The second argument is how many
//! times the inputs are decoded in each of five rounds; the best round's time is printed.

use serde::de::IgnoredAny;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map_or("runs", String::as_str);
    let times: usize = args.get(1).map_or(100, |n| n.parse().expect("a count"));
    let runs: Vec<String> = benchmarks::fixtures("RunObject", "")
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    let events = benchmarks::events_of(&benchmarks::transcript_unit());
    let mut best = std::time::Duration::MAX;
    for _ in 0..ROUNDS {
        let start = std::time::Instant::now();
        decode(mode, times, &runs, &events);
        best = best.min(start.elapsed());
    }
    println!(
        "{mode}: {:.1} ms for {times} rounds (best of {ROUNDS})",
        best.as_secs_f64() * 1e3
    );
}

const ROUNDS: usize = 5;

fn decode(mode: &str, times: usize, runs: &[String], events: &[(String, String)]) {
    let mut failed = 0usize;
    for _ in 0..times {
        match mode {
            "runs" => {
                for doc in runs {
                    let run = serde_json::from_str::<openai_assistants::types::RunObject>(doc);
                    failed += usize::from(std::hint::black_box(run).is_err());
                }
            }
            "runs-floor" => {
                for doc in runs {
                    let run = serde_json::from_str::<IgnoredAny>(doc);
                    failed += usize::from(std::hint::black_box(run).is_err());
                }
            }
            "events" => {
                for (name, data) in events {
                    let event =
                        openai_assistants::types::AssistantStreamEvent::from_parts(name, data);
                    failed += usize::from(std::hint::black_box(event).is_err());
                }
            }
            "events-floor" => {
                for (_, data) in events {
                    let event = serde_json::from_str::<IgnoredAny>(data);
                    failed += usize::from(std::hint::black_box(event).is_err());
                }
            }
            #[cfg(feature = "async-openai")]
            "runs-async-openai" => {
                for doc in runs {
                    let run =
                        serde_json::from_str::<async_openai::types::assistants::RunObject>(doc);
                    failed += usize::from(std::hint::black_box(run).is_err());
                }
            }
            other => panic!("unknown mode {other}"),
        }
    }
    assert_eq!(failed, 0, "every document decodes");
}
