#![allow(dead_code)] // each fuzz target uses one of the checks

//! The checks of the fuzz targets, shared with `tests/tests/fuzz_corpus.rs` (which runs every
//! seed corpus file through them as ordinary tests) by `#[path]` module inclusion.

use openai_assistants::sse::{SseError, SseEvent, SseParser};
use openai_assistants::types::AssistantStreamEvent;

/// Feeds the chunks, draining events after each; stops at the first error.
fn sse_run(chunks: &[&[u8]], max: Option<usize>) -> (Vec<SseEvent>, Option<SseError>) {
    let mut parser = max.map_or_else(SseParser::new, SseParser::with_max_event_size);
    let mut events = Vec::new();
    for chunk in chunks {
        let fed = parser.feed(chunk);
        while let Some(e) = parser.next_event() {
            events.push(e);
        }
        if let Err(e) = fed {
            return (events, Some(e));
        }
    }
    match parser.finish() {
        Ok(last) => events.extend(last),
        Err(e) => return (events, Some(e)),
    }
    (events, None)
}

/// `SseParser` never panics, and splitting the input into chunks (at a position taken from the
/// first two bytes, and one byte at a time) gives the same events and error as one chunk.
pub fn sse_parser(input: &[u8]) {
    if input.len() < 2 {
        return;
    }
    let body = &input[2..];
    let split = usize::from(u16::from_le_bytes([input[0], input[1]])) % (body.len() + 1);
    let (a, b) = body.split_at(split);
    // A small limit as well as the default one, so the size checks are exercised.
    for max in [None, Some(64)] {
        let whole = sse_run(&[body], max);
        let two = sse_run(&[a, b], max);
        assert_eq!(whole, two, "split at {split} (limit {max:?})");
        if body.len() <= 4096 {
            let bytes: Vec<&[u8]> = body.chunks(1).collect();
            assert_eq!(whole, sse_run(&bytes, max), "byte by byte (limit {max:?})");
        }
    }
}

/// The first line is the event name, the rest the data: `from_parts` never panics, and any
/// parsed event serializes to a value that parses back to the same event and serializes the
/// same.
pub fn stream_event(input: &[u8]) {
    let text = String::from_utf8_lossy(input);
    let (name, data) = text.split_once('\n').unwrap_or((&text, ""));
    let Ok(event) = AssistantStreamEvent::from_parts(name, data) else {
        return;
    };
    let value = serde_json::to_value(&event).expect("a parsed event serializes");
    let again: AssistantStreamEvent = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("the serialized event {value} does not parse: {e}"));
    assert_eq!(again, event, "re-parsed event differs: {value}");
    let value2 = serde_json::to_value(&again).expect("serializes");
    assert_eq!(value, value2, "re-serialized event differs");
}

/// The bytes as a schema file (JSON and YAML): `codegen::generate` returns Ok or Err, never
/// panics.
pub fn schema_loader(input: &[u8]) {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    for name in ["schema.json", "schema.yaml"] {
        let mut inputs = codegen::Inputs::default();
        inputs.add(name, text);
        // The files a document references are always plain paths inside the input root.
        if let Ok(references) = codegen::references(&inputs) {
            for reference in references {
                assert!(
                    reference
                        .file
                        .split('/')
                        .all(|segment| !matches!(segment, "" | "." | "..")),
                    "{reference:?}"
                );
            }
        }
        let settings = codegen::Settings::new().entry(name);
        let _ = codegen::generate(&settings, &inputs);
    }
}
