//! Every measurement of issue 6 in one run, printed as markdown tables.
//!
//! ```text
//! cargo run --release -p benchmarks --features async-openai --bin report
//! ```
//!
//! Without `--features async-openai` the async-openai columns read "not built". Arguments:
//! `--skip-compile` skips the clean builds (minutes), `--memory-mib N` streams N MiB instead of
//! 1024 in the memory measurement. Timings are the best of several runs with
//! `std::time::Instant`; nothing here is asserted in tests.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use benchmarks::{best_of, chunked, events_of, fixtures, frame_eventsource, frame_ours};
use bytes::Bytes;
use futures_util::StreamExt;
use serde::de::IgnoredAny;

const MIN_DECODE_BYTES: usize = 10 << 20;
const RUNS: usize = 7;

fn ms(t: Duration) -> String {
    format!("{:.1} ms", t.as_secs_f64() * 1e3)
}

fn mib_s(bytes: usize, t: Duration) -> String {
    format!(
        "{:.0} MiB/s",
        bytes as f64 / (1 << 20) as f64 / t.as_secs_f64()
    )
}

fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64())
}

/// One row of the summary: what, figure, target, met.
struct Summary(Vec<[String; 4]>);

impl Summary {
    fn add(&mut self, what: &str, figure: String, target: &str, met: Option<bool>) {
        let met = match met {
            Some(true) => "met",
            Some(false) => "missed",
            None => "-",
        };
        self.0
            .push([what.into(), figure, target.into(), met.into()]);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--stream-memory-child") {
        let mib: u64 = args.get(1).map_or(1024, |v| v.parse().expect("MiB"));
        let start = Instant::now();
        let (bytes, events) = benchmarks::stream_transcripts(mib << 20, 16 << 10);
        println!(
            "streamed {:.0} MiB, {events} events, in {:.1} s; VmHWM {} KiB",
            bytes as f64 / (1 << 20) as f64,
            start.elapsed().as_secs_f64(),
            benchmarks::peak_rss_kib().map_or("unknown".to_string(), |k| k.to_string())
        );
        return;
    }
    let skip_compile = args.iter().any(|a| a == "--skip-compile");
    let memory_mib: u64 = args
        .iter()
        .position(|a| a == "--memory-mib")
        .and_then(|i| args.get(i + 1))
        .map_or(1024, |v| v.parse().expect("--memory-mib takes a number"));
    let mut summary = Summary(Vec::new());

    machine();
    generation(&mut summary);
    decode(&mut summary);
    sse(&mut summary);
    encode(&mut summary);
    memory(&mut summary, memory_mib);
    if !skip_compile {
        compile(&mut summary);
    }
    lines(&mut summary);

    println!("\n## Summary\n");
    println!("| measurement | figure | target | |");
    println!("| --- | --- | --- | --- |");
    for [a, b, c, d] in &summary.0 {
        println!("| {a} | {b} | {c} | {d} |");
    }
}

fn machine() {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown".to_string(), |m| m.trim().to_string());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!("# openai-assistants benchmarks\n");
    println!("Machine: {cores} cores, {model}; {rustc}; release profile; best of {RUNS} runs unless said.");
    #[cfg(not(feature = "async-openai"))]
    println!("async-openai columns: not built (add `--features async-openai`).");
}

fn generation(summary: &mut Summary) {
    let settings = codegen::Settings::new();
    let project = benchmarks::project_inputs();
    let (total, output) = best_of(10, || {
        codegen::generate(&settings, &project).expect("project schemas generate")
    });
    let lines: usize = output.files.values().map(|f| f.lines().count()).sum();
    let (model, _) = best_of(10, || {
        codegen::internals::build_model(&settings, &project).expect("model")
    });
    let synthetic = benchmarks::synthetic::inputs(1000);
    let (synth, output) = best_of(5, || {
        codegen::generate(&settings, &synthetic).expect("synthetic document generates")
    });
    let synth_lines: usize = output.files.values().map(|f| f.lines().count()).sum();
    let (synth_model, _) = best_of(5, || {
        codegen::internals::build_model(&settings, &synthetic).expect("model")
    });
    println!("\n## Generation (in-process, best of 10 / 5)\n");
    println!("| input | total | load + normalize + model | emit + render | generated lines |");
    println!("| --- | --- | --- | --- | --- |");
    println!(
        "| project schemas | {} | {} | {} | {lines} |",
        ms(total),
        ms(model),
        ms(total.saturating_sub(model))
    );
    println!(
        "| synthetic, 1,000 component schemas ({} types) | {} | {} | {} | {synth_lines} |",
        output.model().types.len(),
        ms(synth),
        ms(synth_model),
        ms(synth.saturating_sub(synth_model))
    );
    summary.add(
        "generation, project schemas",
        ms(total),
        "< 10 ms",
        Some(total < Duration::from_millis(10)),
    );
    summary.add("generation, 1,000 synthetic schemas", ms(synth), "-", None);
}

/// Documents to decode, repeated until they add up to at least `MIN_DECODE_BYTES`.
fn repeated<T: Clone>(items: &[T], len: impl Fn(&T) -> usize) -> (Vec<T>, usize) {
    let one: usize = items.iter().map(&len).sum();
    let times = MIN_DECODE_BYTES.div_ceil(one);
    let out: Vec<T> = (0..times).flat_map(|_| items.iter().cloned()).collect();
    (out, one * times)
}

/// Times `decode` over `docs`; the number of documents it failed on goes with the time.
fn time_decode<T>(docs: &[T], decode: impl Fn(&T) -> bool) -> (Duration, usize) {
    best_of(RUNS, || docs.iter().filter(|d| !decode(d)).count())
}

fn decode(summary: &mut Summary) {
    println!("\n## Decode (same bytes for every column, at least 10 MiB per run)\n");
    println!("| input | openai-assistants | async-openai 0.41 | serde_json::Value | IgnoredAny (floor) | openai-assistants / async-openai | openai-assistants / floor |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");

    let runs: Vec<String> = fixtures("RunObject", "")
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let (docs, bytes) = repeated(&runs, |d| d.len());
    let ours = time_decode(&docs, |d| {
        serde_json::from_str::<openai_assistants::types::RunObject>(d).is_ok()
    });
    let theirs = async_openai_cmp::decode_run(&docs);
    let value = time_decode(&docs, |d| {
        serde_json::from_str::<serde_json::Value>(d).is_ok()
    });
    let floor = time_decode(&docs, |d| serde_json::from_str::<IgnoredAny>(d).is_ok());
    decode_row(
        summary,
        "Run objects",
        (docs.len(), bytes),
        ours,
        theirs,
        value,
        floor,
    );

    let events = events_of(&benchmarks::transcript_unit());
    event_decode_row(summary, "stream events (data only)", &events);
    decode_details(summary, &events);
    envelope_row(summary, &events);
}

/// `serde_json::from_str::<AssistantStreamEvent>` over `{"event": name, "data": payload}`
/// documents (the envelope, event first), on the events async-openai accepts when it is built
/// (else on every event whose data is JSON).
fn envelope_row(summary: &mut Summary, events: &[(String, String)]) {
    let chosen = async_openai_cmp::accepted(events).unwrap_or_else(|| {
        events
            .iter()
            .filter(|(_, d)| serde_json::from_str::<IgnoredAny>(d).is_ok())
            .cloned()
            .collect()
    });
    let envelopes: Vec<String> = chosen
        .iter()
        .map(|(n, d)| {
            format!(
                r#"{{"event":{},"data":{d}}}"#,
                serde_json::Value::from(n.as_str())
            )
        })
        .collect();
    let (docs, bytes) = repeated(&envelopes, |d| d.len());
    let ours = time_decode(&docs, |d| {
        serde_json::from_str::<openai_assistants::types::AssistantStreamEvent>(d).is_ok()
    });
    let theirs = async_openai_cmp::decode_envelope(&docs);
    let value = time_decode(&docs, |d| {
        serde_json::from_str::<serde_json::Value>(d).is_ok()
    });
    let floor = time_decode(&docs, |d| serde_json::from_str::<IgnoredAny>(d).is_ok());
    let what = format!(
        "the {{\"event\",\"data\"}} envelope (`from_str::<AssistantStreamEvent>`), {} events",
        chosen.len()
    );
    decode_row(
        summary,
        &what,
        (docs.len(), bytes),
        ours,
        theirs,
        value,
        floor,
    );
}

type Timed = (Duration, usize);

/// The events async-openai decodes, and the time per event name (ours / floor).
fn decode_details(summary: &mut Summary, events: &[(String, String)]) {
    if let Some(accepted) = async_openai_cmp::accepted(events) {
        let what = format!(
            "the {} of {} events async-openai accepts",
            accepted.len(),
            events.len()
        );
        event_decode_row(summary, &what, &accepted);
    }
    for why in async_openai_cmp::rejections(events) {
        println!("async-openai rejects documented events: {why}");
    }
    let mut names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    names.sort();
    names.dedup();
    println!("\nopenai-assistants / floor (time) per event name: ");
    let mut cells = Vec::new();
    for name in names {
        let one: Vec<(String, String)> =
            events.iter().filter(|(n, _)| n == name).cloned().collect();
        let (docs, _) = repeated(&one, |(_, d)| d.len());
        let ours = time_decode(&docs, |(n, d)| {
            openai_assistants::types::AssistantStreamEvent::from_parts(n, d).is_ok()
        });
        let floor = time_decode(&docs, |(_, d)| {
            serde_json::from_str::<IgnoredAny>(d).is_ok()
        });
        cells.push(format!("`{name}` {}", ratio(ours.0, floor.0)));
    }
    println!("{}", cells.join(", "));
}

fn cell(bytes: usize, docs: usize, (t, failed): Timed) -> String {
    if failed == 0 {
        mib_s(bytes, t)
    } else {
        format!("{} ({failed} of {docs} failed)", mib_s(bytes, t))
    }
}

/// One decode row over event payloads: ours (`from_parts`), async-openai, `Value`, the floor.
fn event_decode_row(summary: &mut Summary, what: &str, events: &[(String, String)]) {
    let (docs, bytes) = repeated(events, |(_, d)| d.len());
    let ours = time_decode(&docs, |(n, d)| {
        openai_assistants::types::AssistantStreamEvent::from_parts(n, d).is_ok()
    });
    let theirs = async_openai_cmp::decode_event(&docs);
    let value = time_decode(&docs, |(_, d)| {
        serde_json::from_str::<serde_json::Value>(d).is_ok()
    });
    let floor = time_decode(&docs, |(_, d)| {
        serde_json::from_str::<IgnoredAny>(d).is_ok()
    });
    decode_row(
        summary,
        what,
        (docs.len(), bytes),
        ours,
        theirs,
        value,
        floor,
    );
}

fn decode_row(
    summary: &mut Summary,
    what: &str,
    (docs, bytes): (usize, usize),
    ours: Timed,
    theirs: Option<Timed>,
    value: Timed,
    floor: Timed,
) {
    let theirs_cell = theirs.map_or("not built".to_string(), |t| cell(bytes, docs, t));
    let vs_theirs = theirs.map_or("-".to_string(), |t| ratio(ours.0, t.0));
    println!(
        "| {what}, {:.1} MiB | {} | {theirs_cell} | {} | {} | {vs_theirs} | {} |",
        bytes as f64 / (1 << 20) as f64,
        cell(bytes, docs, ours),
        cell(bytes, docs, value),
        cell(bytes, docs, floor),
        ratio(ours.0, floor.0)
    );
    summary.add(
        &format!("decode {what}: openai-assistants / floor (time)"),
        ratio(ours.0, floor.0),
        "<= 1.5x",
        Some(ours.0.as_secs_f64() <= 1.5 * floor.0.as_secs_f64()),
    );
    if let Some(t) = theirs {
        summary.add(
            &format!("decode {what}: openai-assistants / async-openai (time)"),
            ratio(ours.0, t.0),
            "< 1x",
            Some(ours.0 < t.0),
        );
    }
}

/// Framing + typed parse with the client's `EventStream`: events yielded.
fn typed_ours(chunks: &[Bytes]) -> usize {
    // Owned chunks, as a response body hands them over (cloning `Bytes` is a reference count).
    let body =
        futures_util::stream::iter(chunks.to_vec()).map(Ok::<Bytes, openai_assistants::Error>);
    let stream: openai_assistants::EventStream = openai_assistants::EventStream::new(body);
    futures_executor::block_on(stream.fold(0, |n, event| async move {
        event.expect("documented events decode");
        n + 1
    }))
}

fn sse(summary: &mut Summary) {
    let text = benchmarks::transcript_of_at_least(16 << 20);
    sse_table(summary, "the documented transcripts", "", &text);
    let events = events_of(&benchmarks::transcript_unit());
    if let Some(accepted) = async_openai_cmp::accepted(&events) {
        // The same transcripts without the events async-openai rejects (a rejection ends its
        // work on an event early, which flatters it).
        let unit: String = accepted
            .iter()
            .map(|(n, d)| format!("event: {n}\ndata: {d}\n\n"))
            .collect();
        let text = unit.repeat((16 << 20) / unit.len() + 1) + benchmarks::DONE_EVENT;
        sse_table(
            summary,
            "the transcripts' events async-openai accepts",
            ", accepted events only",
            &text,
        );
    }
}

fn sse_table(summary: &mut Summary, what: &str, label: &str, text: &str) {
    let bytes = text.len();
    println!(
        "\n## Server-sent events ({:.1} MiB of {what})\n",
        bytes as f64 / (1 << 20) as f64
    );
    println!("| chunk size | framing: openai-assistants | framing: eventsource-stream | ratio | framing + typed parse: openai-assistants | async-openai 0.41 streaming path | ratio |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for size in [16 << 10, 1 << 10, 64] {
        let chunks = chunked(text, size);
        let (f_ours, e_ours) = best_of(5, || frame_ours(&chunks));
        let (f_theirs, e_theirs) = best_of(5, || frame_eventsource(&chunks));
        assert_eq!(e_ours, e_theirs, "both framings see the same events");
        let (t_ours, n_ours) = best_of(5, || typed_ours(&chunks));
        let theirs = async_openai_cmp::typed(&chunks);
        // Ours yields `Done`; async-openai's path stops at `[DONE]` without yielding it.
        let failed = theirs.map_or(0, |(_, n_theirs)| n_ours - 1 - n_theirs);
        println!(
            "| {size} B | {} | {} | {} | {} | {} | {} |",
            mib_s(bytes, f_ours),
            mib_s(bytes, f_theirs),
            ratio(f_theirs, f_ours),
            mib_s(bytes, t_ours),
            theirs.map_or("not built".into(), |(t, _)| if failed == 0 {
                mib_s(bytes, t)
            } else {
                format!(
                    "{} ({failed} of {} events failed)",
                    mib_s(bytes, t),
                    n_ours - 1
                )
            }),
            theirs.map_or("-".into(), |(t, _)| ratio(t, t_ours)),
        );
        if size == 16 << 10 && label.is_empty() {
            summary.add(
                "SSE framing, 16 KiB chunks: speed-up over eventsource-stream",
                ratio(f_theirs, f_ours),
                "-",
                None,
            );
        }
        if let Some((t, _)) = theirs {
            summary.add(
                &format!(
                    "SSE framing + typed parse, {size} B chunks{label}: speed-up over async-openai"
                ),
                ratio(t, t_ours),
                ">= 2x",
                Some(t.as_secs_f64() >= 2.0 * t_ours.as_secs_f64()),
            );
        }
    }
}

fn encode(summary: &mut Summary) {
    let requests: Vec<(String, String)> = fixtures("CreateThreadAndRunRequest", "curl_");
    let ours: Vec<openai_assistants::types::CreateThreadAndRunRequest> = requests
        .iter()
        .map(|(n, t)| serde_json::from_str(t).unwrap_or_else(|e| panic!("{n}: {e}")))
        .collect();
    let one: usize = ours
        .iter()
        .map(|r| serde_json::to_vec(r).expect("serializes").len())
        .sum();
    let times = MIN_DECODE_BYTES.div_ceil(one);
    let bytes = one * times;
    let mut buf = Vec::with_capacity(64 << 10);
    let (t_ours, _) = best_of(RUNS, || {
        for _ in 0..times {
            for r in &ours {
                buf.clear();
                serde_json::to_writer(&mut buf, r).expect("serializes");
            }
        }
    });
    let values: Vec<serde_json::Value> = requests
        .iter()
        .map(|(_, t)| serde_json::from_str(t).expect("JSON"))
        .collect();
    let (t_value, _) = best_of(RUNS, || {
        for _ in 0..times {
            for v in &values {
                buf.clear();
                serde_json::to_writer(&mut buf, v).expect("serializes");
            }
        }
    });
    let theirs = async_openai_cmp::encode(&requests, times);
    println!(
        "\n## Encode ({} documented CreateThreadAndRunRequest bodies, {:.1} MiB of output per run)\n",
        ours.len(),
        bytes as f64 / (1 << 20) as f64
    );
    println!(
        "| openai-assistants | async-openai 0.41 | serde_json::Value | openai-assistants / Value (time) |"
    );
    println!("| --- | --- | --- | --- |");
    println!(
        "| {} | {} | {} | {} |",
        mib_s(bytes, t_ours),
        theirs.map_or("not built".into(), |(t, b)| mib_s(b, t)),
        mib_s(bytes, t_value),
        ratio(t_ours, t_value)
    );
    summary.add("encode requests", mib_s(bytes, t_ours), "-", None);
}

fn memory(summary: &mut Summary, mib: u64) {
    // This binary again, in a child process that only streams (what the `stream_memory` binary
    // does); `report` links more code than `stream_memory`, so its RSS is if anything higher.
    let exe = std::env::current_exe().expect("own path");
    let mut cmd = if Path::new("/usr/bin/time").exists() {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v");
        c
    } else {
        Command::new("env")
    };
    cmd.arg(&exe)
        .arg("--stream-memory-child")
        .arg(mib.to_string());
    println!("\n## Memory (streaming {mib} MiB made on the fly, 16 KiB chunks)\n");
    let out = cmd.output().expect("runs the streaming child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{}", stdout.trim());
    let max_rss = stderr
        .lines()
        .find(|l| l.contains("Maximum resident set size"))
        .and_then(|l| l.rsplit(':').next())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match max_rss {
        Some(kib) => {
            println!("/usr/bin/time -v: maximum resident set size {kib} KiB");
            summary.add(
                &format!("peak RSS streaming {mib} MiB"),
                format!("{:.1} MiB", kib as f64 / 1024.0),
                "< 32 MiB",
                Some(kib < 32 * 1024),
            );
        }
        None => println!("(no /usr/bin/time: `apt-get install -y time`; see VmHWM above)"),
    }
}

fn repo() -> std::path::PathBuf {
    golden_tests::repo_root()
}

fn compile(summary: &mut Summary) {
    let target = std::env::temp_dir().join("bench-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    println!(
        "\n## Compile cost of the generated crate (clean, CARGO_TARGET_DIR={})\n",
        target.display()
    );
    println!("| build | wall time |");
    println!("| --- | --- |");
    for (what, release) in [
        ("cargo build -p openai-assistants", false),
        ("cargo build --release -p openai-assistants", true),
    ] {
        let _ = std::fs::remove_dir_all(&target);
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(repo())
            .env("CARGO_TARGET_DIR", &target)
            .args(["build", "-q", "-p", "openai-assistants"]);
        if release {
            cmd.arg("--release");
        }
        let start = Instant::now();
        let status = cmd.status().expect("cargo runs");
        let t = start.elapsed();
        assert!(status.success(), "{what} failed");
        println!("| {what} | {:.1} s |", t.as_secs_f64());
        summary.add(
            &format!("clean {what}"),
            format!("{:.1} s", t.as_secs_f64()),
            "-",
            None,
        );
    }
    let _ = std::fs::remove_dir_all(&target);
}

fn lines(summary: &mut Summary) {
    let dir = repo().join("generated-client/src/generated");
    let mut total = 0;
    let mut parts = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("generated folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    names.sort();
    for path in names {
        let n = std::fs::read_to_string(&path)
            .expect("readable")
            .lines()
            .count();
        total += n;
        parts.push(format!(
            "{} {n}",
            path.file_name().expect("file").to_string_lossy()
        ));
    }
    println!(
        "\nGenerated lines (generated-client/src/generated/*.rs): {} = {total}",
        parts.join(", ")
    );
    summary.add("generated lines", total.to_string(), "-", None);
}

/// The async-openai side, compiled only with the `async-openai` feature.
#[cfg(feature = "async-openai")]
mod async_openai_cmp {
    use super::*;
    use async_openai::types::assistants as ao;

    pub fn decode_run(docs: &[String]) -> Option<Timed> {
        Some(time_decode(docs, |d| {
            serde_json::from_str::<ao::RunObject>(d).is_ok()
        }))
    }

    /// What `TryFrom<eventsource_stream::Event> for AssistantStreamEvent` does, minus building
    /// the `Event` (which would cost them an allocation per event here).
    fn event(name: &str, data: &str) -> bool {
        event_result(name, data).is_ok()
    }

    fn event_result(name: &str, data: &str) -> Result<(), String> {
        fn de<T: serde::de::DeserializeOwned>(data: &str) -> Result<(), String> {
            serde_json::from_str::<T>(data)
                .map(drop)
                .map_err(|e| e.to_string())
        }
        match name {
            "thread.created" => de::<ao::ThreadObject>(data),
            "thread.run.step.delta" => de::<ao::RunStepDeltaObject>(data),
            n if n.starts_with("thread.run.step.") => de::<ao::RunStepObject>(data),
            n if n.starts_with("thread.run.") => de::<ao::RunObject>(data),
            "thread.message.delta" => de::<ao::MessageDeltaObject>(data),
            n if n.starts_with("thread.message.") => de::<ao::MessageObject>(data),
            other => Err(format!("unknown event `{other}`")),
        }
    }

    /// Why async-openai rejects documented events: each distinct error, with its event names.
    pub fn rejections(events: &[(String, String)]) -> Vec<String> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for (name, data) in events {
            if let Err(e) = event_result(name, data) {
                let e = e.split(" at line").next().unwrap_or(&e).to_string();
                match out.iter_mut().find(|(m, _)| *m == e) {
                    Some((_, names)) if names.contains(name) => {}
                    Some((_, names)) => names.push(name.clone()),
                    None => out.push((e, vec![name.clone()])),
                }
            }
        }
        out.into_iter()
            .map(|(e, names)| format!("{e} ({})", names.join(", ")))
            .collect()
    }

    pub fn decode_event(docs: &[(String, String)]) -> Option<Timed> {
        Some(time_decode(docs, |(n, d)| event(n, d)))
    }

    pub fn decode_envelope(docs: &[String]) -> Option<Timed> {
        Some(time_decode(docs, |d| {
            serde_json::from_str::<ao::AssistantStreamEvent>(d).is_ok()
        }))
    }

    pub fn accepted(events: &[(String, String)]) -> Option<Vec<(String, String)>> {
        Some(
            events
                .iter()
                .filter(|(n, d)| event(n, d))
                .cloned()
                .collect(),
        )
    }

    /// async-openai's streaming path without the HTTP client: `eventsource_stream::EventStream`
    /// over the chunks, `[DONE]` and `keepalive` handled as in its `stream_mapped_raw_events`,
    /// `AssistantStreamEvent::try_from` per event. The tokio task and channel it adds per stream
    /// are left out, which only flatters it.
    pub fn typed(chunks: &[Bytes]) -> Option<(Duration, usize)> {
        Some(best_of(5, || {
            let body =
                futures_util::stream::iter(chunks.to_vec()).map(Ok::<_, std::convert::Infallible>);
            let events = eventsource_stream::EventStream::new(body);
            futures_executor::block_on(async {
                let mut events = std::pin::pin!(events);
                let mut n = 0;
                while let Some(event) = events.next().await {
                    let event = event.expect("valid stream");
                    if event.data == "[DONE]" {
                        break;
                    }
                    if event.event == "keepalive" {
                        continue;
                    }
                    if ao::AssistantStreamEvent::try_from(event).is_ok() {
                        n += 1;
                    }
                }
                n
            })
        }))
    }

    pub fn encode(requests: &[(String, String)], times: usize) -> Option<(Duration, usize)> {
        let theirs: Vec<ao::CreateThreadAndRunRequest> = requests
            .iter()
            .map(|(n, t)| {
                serde_json::from_str(t).unwrap_or_else(|e| panic!("async-openai, {n}: {e}"))
            })
            .collect();
        let one: usize = theirs
            .iter()
            .map(|r| serde_json::to_vec(r).expect("serializes").len())
            .sum();
        let mut buf = Vec::with_capacity(64 << 10);
        let (t, _) = best_of(RUNS, || {
            for _ in 0..times {
                for r in &theirs {
                    buf.clear();
                    serde_json::to_writer(&mut buf, r).expect("serializes");
                }
            }
        });
        Some((t, one * times))
    }
}

#[cfg(not(feature = "async-openai"))]
mod async_openai_cmp {
    use super::*;

    pub fn decode_run(_: &[String]) -> Option<Timed> {
        None
    }
    pub fn decode_event(_: &[(String, String)]) -> Option<Timed> {
        None
    }
    pub fn decode_envelope(_: &[String]) -> Option<Timed> {
        None
    }
    pub fn accepted(_: &[(String, String)]) -> Option<Vec<(String, String)>> {
        None
    }
    pub fn rejections(_: &[(String, String)]) -> Vec<String> {
        Vec::new()
    }
    pub fn typed(_: &[Bytes]) -> Option<(Duration, usize)> {
        None
    }
    pub fn encode(_: &[(String, String)], _: usize) -> Option<(Duration, usize)> {
        None
    }
}
