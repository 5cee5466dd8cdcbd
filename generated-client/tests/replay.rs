//! The replay server's recorded answers (`examples/replay/`) are payloads the client accepts:
//! each decodes into the type its operation returns, passes `validate()`, and serialises back
//! to the same JSON.

use openai_assistants::types::{
    AssistantObject, ListMessagesResponse, OpenAiFile, RunObject, VectorStoreFileObject,
    VectorStoreObject,
};
use openai_assistants::Validate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// A recorded answer of the file-search flow: its file name and text.
macro_rules! recording {
    ($file:literal) => {
        (
            $file,
            include_str!(concat!("../examples/replay/file_search/", $file)),
        )
    };
}

fn assert_round_trips<T: DeserializeOwned + Serialize + Validate>((name, text): (&str, &str)) {
    let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let decoded: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    if let Err(e) = decoded.validate() {
        panic!("{name}: {e}");
    }
    let encoded = serde_json::to_value(&decoded).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(encoded, value, "{name} does not serialise back unchanged");
}

#[test]
fn the_file_search_recordings_decode_validate_and_round_trip() {
    assert_round_trips::<OpenAiFile>(recording!("create_file.json"));
    assert_round_trips::<VectorStoreObject>(recording!("create_vector_store.json"));
    assert_round_trips::<VectorStoreFileObject>(recording!("create_vector_store_file.json"));
    assert_round_trips::<VectorStoreFileObject>(recording!("get_vector_store_file.json"));
    assert_round_trips::<AssistantObject>(recording!("create_assistant.json"));
    assert_round_trips::<RunObject>(recording!("create_thread_and_run.json"));
    assert_round_trips::<RunObject>(recording!("get_run_in_progress.json"));
    assert_round_trips::<RunObject>(recording!("get_run_completed.json"));
    assert_round_trips::<ListMessagesResponse>(recording!("list_messages.json"));
}
