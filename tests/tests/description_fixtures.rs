//! The fixtures of the published description's examples (`tests/fixtures/openai/`, written by
//! `cargo xtask examples`) are current, and the examples it skips are exactly the known ones.

use xtask::examples::{self, Skipped};

#[test]
fn description_example_fixtures_are_up_to_date() {
    let examples = examples::read().expect("the description's examples extract");
    let dir = xtask::repo_root().join(examples::FIXTURES);
    let stale = examples::stale(&dir, &examples);
    assert!(
        stale.is_empty(),
        "fixtures are stale: {stale:?}; run `cargo xtask examples` and commit the result"
    );
}

/// Each skipped example: its place in the description and why it is no fixture.
const SKIPPED: &[(&str, &str)] = &[
    (
        "/paths/~1files/post/x-oaiMeta/examples/request/curl",
        "a multipart form (curl -F), not a JSON body",
    ),
    (
        "/paths/~1threads/post/x-oaiMeta/examples/0/request/curl",
        "an empty body (curl -d '')",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1file_batches/post/parameters/0/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1file_batches~1{batch_id}/get/parameters/0/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1file_batches~1{batch_id}/get/parameters/1/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1files/post/parameters/0/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1files~1{file_id}/get/parameters/0/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1files~1{file_id}/get/parameters/1/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1files~1{file_id}/post/x-oaiMeta/examples/response",
        "elided with `...`, not JSON (key must be a string at line 9 column 25)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1files~1{file_id}/post/parameters/0/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1files~1{file_id}/post/parameters/1/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1files~1{file_id}~1content/get/x-oaiMeta/examples/response",
        "elided with `...`, not JSON (expected value at line 7 column 5)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1files~1{file_id}~1content/get/parameters/0/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1files~1{file_id}~1content/get/parameters/1/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1search/post/x-oaiMeta/examples/request/curl",
        "elided with `...`, not JSON (key must be a string at line 1 column 53)",
    ),
    (
        "/paths/~1vector_stores~1{vector_store_id}~1search/post/parameters/0/schema/example",
        "a parameter's example (a value in the URL, no type of its own)",
    ),
];

#[test]
fn the_skipped_description_examples_are_exactly_the_known_ones() {
    let examples = examples::read().expect("the description's examples extract");
    let expected: Vec<Skipped> = SKIPPED
        .iter()
        .map(|(place, reason)| Skipped {
            place: format!("openapi.yaml#{place}"),
            reason: reason.to_string(),
        })
        .collect();
    assert_eq!(
        examples.skipped, expected,
        "the examples `cargo xtask examples` skips changed: fix the example (a patch in schemas/published/openapi.patch.json) or list it here with its reason"
    );
}
