//! Every seed corpus file of the fuzz targets (`tests/fuzz_corpus/<target>/`) runs through the
//! same check as its fuzz target (`fuzz/checks.rs`, shared by `#[path]`), so CI covers the seeds
//! without a nightly toolchain. Failures name the file.

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::fs;

use golden_tests::repo_root;

fn corpus(target: &str, check: fn(&[u8])) {
    let dir = repo_root().join("tests/fuzz_corpus").join(target);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{target} has a seed corpus");
    for file in &files {
        let bytes = fs::read(file).unwrap();
        if let Err(e) = std::panic::catch_unwind(|| check(&bytes)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{target}: {} fails: {msg}", file.display());
        }
    }
    eprintln!("{target}: {} corpus file(s)", files.len());
}

#[test]
fn sse_parser_corpus() {
    corpus("sse_parser", checks::sse_parser);
}

#[test]
fn stream_event_corpus() {
    corpus("stream_event", checks::stream_event);
}

#[test]
fn schema_loader_corpus() {
    corpus("schema_loader", checks::schema_loader);
}

/// The seeds are meaningful: every stream event seed parses, and the schema seeds generate.
#[test]
fn seeds_reach_the_interesting_paths() {
    let dir = repo_root().join("tests/fuzz_corpus/stream_event");
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let (name, data) = text.split_once('\n').unwrap();
        openai_assistants::types::AssistantStreamEvent::from_parts(name, data)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let dir = repo_root().join("tests/fuzz_corpus/schema_loader");
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let mut inputs = codegen::Inputs::default();
        inputs.add(name.clone(), fs::read_to_string(&path).unwrap());
        codegen::generate(&codegen::Settings::new().entry(name), &inputs)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
