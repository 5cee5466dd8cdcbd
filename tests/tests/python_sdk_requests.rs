//! Requests built by the official OpenAI Python SDK (`tests/fixtures/python-sdk/`, captured by
//! `tests/python-sdk/capture.py`): each parses into its request type, passes `validate()` and is
//! sent back unchanged (see `sdk_requests`).

mod sdk_requests;

fn main() {
    sdk_requests::run("python-sdk", &[]);
}
