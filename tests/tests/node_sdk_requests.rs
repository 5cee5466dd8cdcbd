//! Requests built by the official OpenAI Node SDK (`tests/fixtures/node-sdk/`, captured by
//! `tests/node-sdk/capture.mjs`): each parses into its request type, passes `validate()` and is
//! sent back unchanged, with the content type and `OpenAI-Beta` header the client sends (see
//! `sdk_requests`). `DEFECTS` lists what the SDK sends that the description does not allow.

mod sdk_requests;

use sdk_requests::Defect;

const DEFECTS: &[Defect] = &[];

fn main() {
    sdk_requests::run("node-sdk", DEFECTS);
}
