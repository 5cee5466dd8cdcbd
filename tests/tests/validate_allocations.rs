//! `validate()` writes a JSON Pointer only for a violation: checking a valid value allocates
//! nothing. Counted with a global allocator on this test's own thread (deterministic, not timed).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use openai_assistants::types::*;
use openai_assistants::Validate;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    (result, ALLOCATIONS.with(Cell::get) - before)
}

/// The documented requests, and one that sets every checked kind of field (nested messages,
/// tools, metadata, bounded numbers, tool resources).
fn valid_requests() -> Vec<(String, CreateThreadAndRunRequest)> {
    let dir = golden_tests::fixtures_dir().join("CreateThreadAndRunRequest");
    let errata = golden_tests::errata();
    let mut requests = Vec::new();
    for name in ["curl_basic", "curl_function_tool", "curl_streaming"] {
        let fixture = format!("CreateThreadAndRunRequest/{name}.json");
        let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        let text = golden_tests::repaired(&fixture, &text, &errata).unwrap();
        requests.push((fixture, serde_json::from_str(&text).unwrap()));
    }
    let metadata: std::collections::BTreeMap<String, String> = (0..16)
        .map(|i| (format!("key{i}"), "value".to_string()))
        .collect();
    let everything = CreateThreadAndRunRequest::new("asst_abc123")
        .thread(
            CreateThreadRequest::new()
                .messages(vec![
                    CreateMessageRequest::new(MessageRole::User, "Hello"),
                    CreateMessageRequest::new(MessageRole::Assistant, "Hi"),
                ])
                .tool_resources(CreateToolResources::new().file_search(
                    CreateToolResourcesFileSearch::new().vector_store_ids(vec!["vs_1".to_string()]),
                )),
        )
        .tools(vec![
            Tool::from(FunctionTool::new(FunctionObject::new("get_weather"))),
            Tool::from(CodeInterpreterTool::new()),
        ])
        .metadata(metadata)
        .temperature(1.0)
        .top_p(0.5)
        .max_prompt_tokens(1000)
        .max_completion_tokens(1000);
    requests.push(("every checked field".to_string(), everything));
    requests
}

#[test]
fn validating_a_valid_request_allocates_nothing() {
    for (name, request) in valid_requests() {
        let (result, allocations) = allocations_of(|| request.validate());
        assert_eq!(result, Ok(()), "{name} is valid");
        assert_eq!(allocations, 0, "{name}: validate() allocated");
    }
}

#[test]
fn the_allocation_count_sees_a_violation_being_reported() {
    let request = CreateThreadAndRunRequest::new("asst_abc123").temperature(3.0);
    let (result, allocations) = allocations_of(|| request.validate());
    let violations = result.unwrap_err().violations;
    assert_eq!(violations[0].path, "/temperature");
    assert!(allocations > 0, "the counter counts");
}
