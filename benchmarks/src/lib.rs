//! Inputs shared by the measurements: the documented transcripts, repaired by the errata.

pub use golden_tests::synthetic;

use golden_tests::{errata, fixtures_dir, repaired};

/// Both documented SSE transcripts (repaired), concatenated without their `done` events,
/// repeated until the text is at least `min_bytes` long, then ended with one `done` event.
pub fn transcript_of_at_least(min_bytes: usize) -> String {
    let errata = errata();
    let mut one = String::new();
    for name in ["streaming_transcript.sse", "function_tool_transcript.sse"] {
        let id = format!("AssistantStreamEvent/{name}");
        let text = std::fs::read_to_string(fixtures_dir().join(&id)).expect("fixture");
        let text = repaired(&id, &text, &errata).expect("errata apply");
        one.push_str(text.split("event: done").next().expect("text before done"));
    }
    let mut out = String::with_capacity(min_bytes + one.len());
    while out.len() < min_bytes {
        out.push_str(&one);
    }
    out.push_str("event: done\ndata: [DONE]\n\n");
    out
}
