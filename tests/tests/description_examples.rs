//! Every example of the published OpenAI description (`schemas/published/openapi.yaml`, with its
//! patch) for the generated operations and the schemas they reach is a golden round trip: the
//! fixtures `cargo xtask examples` writes to `tests/fixtures/openai/<TypeName>/` each decode into
//! their type, encode back to the same JSON value, and pass `validate()` (or fail as
//! `DEFECTS` records, with the reason). A property's example (`<Schema>.<property>-<n>.json`)
//! is set into a whole example of its type first. Stream transcripts (`.sse`) are parsed with
//! the runtime's SSE parser, each event round-tripping as an `AssistantStreamEvent`.
//!
//! The description's own defects are listed here, each with its reason, so that none can
//! appear or disappear silently; the examples that are not JSON at all are skipped by
//! `cargo xtask examples` (asserted in `description_fixtures.rs`).

use std::fs;

use golden_tests::{json_diff, repo_root};
use libtest_mimic::{Arguments, Failed, Trial};
use openai_assistants::sse::SseParser;
use openai_assistants::types::*;
use openai_assistants::Validate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// A defect of the description's examples: every example decodes and round-trips exactly, and
/// `validate()` reports `violation` (`pointer: message`) for the fixtures listed (a
/// transcript's event as `<fixture>#<index>`), for this reason. A fixture's every violation
/// must be listed here, and every listing must still happen.
struct Defect {
    violation: &'static str,
    why: &'static str,
    fixtures: &'static [&'static str],
}

const DEFECTS: &[Defect] = &[
    Defect {
        violation: "/attachments: the required `attachments` is missing",
        why: "the modify-message example leaves out `attachments`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &["MessageObject/modifyMessage-1.json"],
    },
    Defect {
        violation: "/incomplete_details: the required `incomplete_details` is missing",
        why: "the message examples leave out `incomplete_details`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "MessageObject/MessageObject-1.json",
            "MessageObject/createMessage-1.json",
            "MessageObject/getMessage-1.json",
            "MessageObject/modifyMessage-1.json",
        ],
    },
    Defect {
        violation: "/data/0/incomplete_details: the required `incomplete_details` is missing",
        why: "the listed messages leave out `incomplete_details`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListMessagesResponse/ListMessagesResponse.first_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.has_more-1.json",
            "ListMessagesResponse/ListMessagesResponse.last_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.object-1.json",
            "ListMessagesResponse/listMessages-1.json",
        ],
    },
    Defect {
        violation: "/data/1/incomplete_details: the required `incomplete_details` is missing",
        why: "the listed messages leave out `incomplete_details`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListMessagesResponse/ListMessagesResponse.first_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.has_more-1.json",
            "ListMessagesResponse/ListMessagesResponse.last_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.object-1.json",
            "ListMessagesResponse/listMessages-1.json",
        ],
    },
    Defect {
        violation: "/completed_at: the required `completed_at` is missing",
        why: "the message examples leave out `completed_at`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "MessageObject/MessageObject-1.json",
            "MessageObject/createMessage-1.json",
            "MessageObject/getMessage-1.json",
            "MessageObject/modifyMessage-1.json",
        ],
    },
    Defect {
        violation: "/data/0/completed_at: the required `completed_at` is missing",
        why: "the listed messages leave out `completed_at`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListMessagesResponse/ListMessagesResponse.first_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.has_more-1.json",
            "ListMessagesResponse/ListMessagesResponse.last_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.object-1.json",
            "ListMessagesResponse/listMessages-1.json",
        ],
    },
    Defect {
        violation: "/data/1/completed_at: the required `completed_at` is missing",
        why: "the listed messages leave out `completed_at`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListMessagesResponse/ListMessagesResponse.first_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.has_more-1.json",
            "ListMessagesResponse/ListMessagesResponse.last_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.object-1.json",
            "ListMessagesResponse/listMessages-1.json",
        ],
    },
    Defect {
        violation: "/incomplete_at: the required `incomplete_at` is missing",
        why: "the message examples leave out `incomplete_at`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "MessageObject/MessageObject-1.json",
            "MessageObject/createMessage-1.json",
            "MessageObject/getMessage-1.json",
            "MessageObject/modifyMessage-1.json",
        ],
    },
    Defect {
        violation: "/data/0/incomplete_at: the required `incomplete_at` is missing",
        why: "the listed messages leave out `incomplete_at`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListMessagesResponse/ListMessagesResponse.first_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.has_more-1.json",
            "ListMessagesResponse/ListMessagesResponse.last_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.object-1.json",
            "ListMessagesResponse/listMessages-1.json",
        ],
    },
    Defect {
        violation: "/data/1/incomplete_at: the required `incomplete_at` is missing",
        why: "the listed messages leave out `incomplete_at`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListMessagesResponse/ListMessagesResponse.first_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.has_more-1.json",
            "ListMessagesResponse/ListMessagesResponse.last_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.object-1.json",
            "ListMessagesResponse/listMessages-1.json",
        ],
    },
    Defect {
        violation: "/required_action: the required `required_action` is missing",
        why: "the run examples leave out `required_action`, required (nullable) by `RunObject`: decoded as absent, reported by validate() (issue #14)",
        fixtures: &[
            "RunObject/RunObject-1.json",
            "RunObject/createRun-1.json",
            "RunObject/getRun-1.json",
            "RunObject/modifyRun-1.json",
            "RunObject/submitToolOutputsToRun-1.json",
        ],
    },
    Defect {
        violation: "/data/0/required_action: the required `required_action` is missing",
        why: "the listed runs leave out `required_action`, required (nullable) by `RunObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListRunsResponse/ListRunsResponse.first_id-1.json",
            "ListRunsResponse/ListRunsResponse.has_more-1.json",
            "ListRunsResponse/ListRunsResponse.last_id-1.json",
            "ListRunsResponse/ListRunsResponse.object-1.json",
            "ListRunsResponse/listRuns-1.json",
        ],
    },
    Defect {
        violation: "/data/1/required_action: the required `required_action` is missing",
        why: "the listed runs leave out `required_action`, required (nullable) by `RunObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListRunsResponse/ListRunsResponse.first_id-1.json",
            "ListRunsResponse/ListRunsResponse.has_more-1.json",
            "ListRunsResponse/ListRunsResponse.last_id-1.json",
            "ListRunsResponse/ListRunsResponse.object-1.json",
            "ListRunsResponse/listRuns-1.json",
        ],
    },
    Defect {
        violation: "/incomplete_details: the required `incomplete_details` is missing",
        why: "the run of the submit-tool-outputs example leaves out `incomplete_details`, required (nullable) by `RunObject`: decoded as absent, reported by validate()",
        fixtures: &["RunObject/submitToolOutputsToRun-1.json"],
    },
    Defect {
        violation: "/object: `vector_store.file_batch` where the schema allows only `vector_store.files_batch`",
        why: "the operations' batch examples say `vector_store.file_batch`; the schema (and the schema's own example) `vector_store.files_batch`",
        fixtures: &[
            "VectorStoreFileBatchObject/cancelVectorStoreFileBatch-1.json",
            "VectorStoreFileBatchObject/createVectorStoreFileBatch-1.json",
            "VectorStoreFileBatchObject/getVectorStoreFileBatch-1.json",
        ],
    },
    Defect {
        violation: "/data/expired_at: the required `expired_at` is missing",
        why: "the run steps of the transcripts leave out `expired_at`, required (nullable) by `RunStepObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "AssistantStreamEvent/createRun-2.sse#03",
            "AssistantStreamEvent/createRun-2.sse#04",
            "AssistantStreamEvent/createRun-2.sse#11",
            "AssistantStreamEvent/createRun-3.sse#03",
            "AssistantStreamEvent/createRun-3.sse#04",
            "AssistantStreamEvent/createRun-3.sse#11",
            "AssistantStreamEvent/createThreadAndRun-2.sse#04",
            "AssistantStreamEvent/createThreadAndRun-2.sse#05",
            "AssistantStreamEvent/createThreadAndRun-2.sse#12",
            "AssistantStreamEvent/createThreadAndRun-3.sse#04",
            "AssistantStreamEvent/createThreadAndRun-3.sse#05",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#00",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#03",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#04",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#13",
        ],
    },
    Defect {
        violation: "/data/metadata: the required `metadata` is missing",
        why: "the run steps of the transcripts leave out `metadata`, required (nullable) by `RunStepObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "AssistantStreamEvent/createRun-2.sse#03",
            "AssistantStreamEvent/createRun-2.sse#04",
            "AssistantStreamEvent/createRun-2.sse#11",
            "AssistantStreamEvent/createRun-3.sse#03",
            "AssistantStreamEvent/createRun-3.sse#04",
            "AssistantStreamEvent/createRun-3.sse#11",
            "AssistantStreamEvent/createThreadAndRun-2.sse#04",
            "AssistantStreamEvent/createThreadAndRun-2.sse#05",
            "AssistantStreamEvent/createThreadAndRun-2.sse#12",
            "AssistantStreamEvent/createThreadAndRun-3.sse#04",
            "AssistantStreamEvent/createThreadAndRun-3.sse#05",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#00",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#03",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#04",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#13",
        ],
    },
    Defect {
        violation: "/data/attachments: the required `attachments` is missing",
        why: "the messages of the transcripts leave out `attachments`, required (nullable) by `MessageObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "AssistantStreamEvent/createRun-2.sse#05",
            "AssistantStreamEvent/createRun-2.sse#06",
            "AssistantStreamEvent/createRun-2.sse#10",
            "AssistantStreamEvent/createRun-3.sse#05",
            "AssistantStreamEvent/createRun-3.sse#06",
            "AssistantStreamEvent/createRun-3.sse#10",
            "AssistantStreamEvent/createThreadAndRun-2.sse#06",
            "AssistantStreamEvent/createThreadAndRun-2.sse#07",
            "AssistantStreamEvent/createThreadAndRun-2.sse#11",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#05",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#06",
            "AssistantStreamEvent/submitToolOutputsToRun-2.sse#12",
        ],
    },
    Defect {
        violation: "/data/tool_resources: the required `tool_resources` is missing",
        why: "the thread of the transcripts leaves out `tool_resources`, required (nullable) by `ThreadObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "AssistantStreamEvent/createThreadAndRun-2.sse#00",
            "AssistantStreamEvent/createThreadAndRun-3.sse#00",
        ],
    },
    Defect {
        violation: "/data/0/metadata: the required `metadata` is missing",
        why: "the listed run steps leave out `metadata`, required (nullable) by `RunStepObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListRunStepsResponse/ListRunStepsResponse.first_id-1.json",
            "ListRunStepsResponse/ListRunStepsResponse.has_more-1.json",
            "ListRunStepsResponse/ListRunStepsResponse.last_id-1.json",
            "ListRunStepsResponse/ListRunStepsResponse.object-1.json",
            "ListRunStepsResponse/listRunSteps-1.json",
        ],
    },
    Defect {
        violation: "/required_action: the required `required_action` is missing",
        why: "the cancelled run leaves out five required (nullable) fields: decoded as absent, reported by validate()",
        fixtures: &[
            "RunObject/cancelRun-1.json",
        ],
    },
    Defect {
        violation: "/incomplete_details: the required `incomplete_details` is missing",
        why: "the cancelled run leaves out five required (nullable) fields: decoded as absent, reported by validate()",
        fixtures: &[
            "RunObject/cancelRun-1.json",
        ],
    },
    Defect {
        violation: "/max_prompt_tokens: the required `max_prompt_tokens` is missing",
        why: "the cancelled run leaves out five required (nullable) fields: decoded as absent, reported by validate()",
        fixtures: &[
            "RunObject/cancelRun-1.json",
        ],
    },
    Defect {
        violation: "/max_completion_tokens: the required `max_completion_tokens` is missing",
        why: "the cancelled run leaves out five required (nullable) fields: decoded as absent, reported by validate()",
        fixtures: &[
            "RunObject/cancelRun-1.json",
        ],
    },
    Defect {
        violation: "/truncation_strategy: the required `truncation_strategy` is missing",
        why: "the cancelled run leaves out five required (nullable) fields: decoded as absent, reported by validate()",
        fixtures: &[
            "RunObject/cancelRun-1.json",
        ],
    },
    Defect {
        violation: "/metadata: the required `metadata` is missing",
        why: "the example leaves out `metadata`, required (nullable): decoded as absent, reported by validate()",
        fixtures: &[
            "RunStepObject/RunStepObject-1.json",
            "RunStepObject/getRunStep-1.json",
            "VectorStoreObject/VectorStoreObject-1.json",
        ],
    },
    Defect {
        violation: "/tool_resources: the required `tool_resources` is missing",
        why: "the example leaves out `tool_resources`, required (nullable) by `ThreadObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ThreadObject/ThreadObject-1.json",
        ],
    },
    Defect {
        violation: "/data/0/usage_bytes: the required `usage_bytes` is missing",
        why: "the vector store (file) examples leave out `usage_bytes`, which `VectorStoreObject` / `VectorStoreFileObject` require (not nullable): decoded as `0`, remembered, reported by validate()",
        fixtures: &[
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.first_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.has_more-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.last_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.object-1.json",
            "ListVectorStoreFilesResponse/listFilesInVectorStoreBatch-1.json",
            "ListVectorStoreFilesResponse/listVectorStoreFiles-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.first_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.has_more-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.last_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.object-1.json",
            "ListVectorStoresResponse/listVectorStores-1.json",
        ],
    },
    Defect {
        violation: "/data/0/status: the required `status` is missing",
        why: "the vector store (file) examples leave out `status`, required (not nullable): decoded as `Other(\"\")`, remembered, reported by validate()",
        fixtures: &[
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.first_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.has_more-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.last_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.object-1.json",
            "ListVectorStoreFilesResponse/listFilesInVectorStoreBatch-1.json",
            "ListVectorStoreFilesResponse/listVectorStoreFiles-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.first_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.has_more-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.last_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.object-1.json",
            "ListVectorStoresResponse/listVectorStores-1.json",
        ],
    },
    Defect {
        violation: "/data/0/last_error: the required `last_error` is missing",
        why: "the vector store file examples leave out `last_error`, required (nullable) by `VectorStoreFileObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.first_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.has_more-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.last_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.object-1.json",
            "ListVectorStoreFilesResponse/listFilesInVectorStoreBatch-1.json",
            "ListVectorStoreFilesResponse/listVectorStoreFiles-1.json",
        ],
    },
    Defect {
        violation: "/data/1/usage_bytes: the required `usage_bytes` is missing",
        why: "the vector store (file) examples leave out `usage_bytes`, which `VectorStoreObject` / `VectorStoreFileObject` require (not nullable): decoded as `0`, remembered, reported by validate()",
        fixtures: &[
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.first_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.has_more-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.last_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.object-1.json",
            "ListVectorStoreFilesResponse/listFilesInVectorStoreBatch-1.json",
            "ListVectorStoreFilesResponse/listVectorStoreFiles-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.first_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.has_more-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.last_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.object-1.json",
            "ListVectorStoresResponse/listVectorStores-1.json",
        ],
    },
    Defect {
        violation: "/data/1/status: the required `status` is missing",
        why: "the vector store (file) examples leave out `status`, required (not nullable): decoded as `Other(\"\")`, remembered, reported by validate()",
        fixtures: &[
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.first_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.has_more-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.last_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.object-1.json",
            "ListVectorStoreFilesResponse/listFilesInVectorStoreBatch-1.json",
            "ListVectorStoreFilesResponse/listVectorStoreFiles-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.first_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.has_more-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.last_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.object-1.json",
            "ListVectorStoresResponse/listVectorStores-1.json",
        ],
    },
    Defect {
        violation: "/data/1/last_error: the required `last_error` is missing",
        why: "the vector store file examples leave out `last_error`, required (nullable) by `VectorStoreFileObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.first_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.has_more-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.last_id-1.json",
            "ListVectorStoreFilesResponse/ListVectorStoreFilesResponse.object-1.json",
            "ListVectorStoreFilesResponse/listFilesInVectorStoreBatch-1.json",
            "ListVectorStoreFilesResponse/listVectorStoreFiles-1.json",
        ],
    },
    Defect {
        violation: "/data/0/last_active_at: the required `last_active_at` is missing",
        why: "the vector store examples leave out `last_active_at`, required (nullable) by `VectorStoreObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListVectorStoresResponse/ListVectorStoresResponse.first_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.has_more-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.last_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.object-1.json",
            "ListVectorStoresResponse/listVectorStores-1.json",
        ],
    },
    Defect {
        violation: "/data/0/metadata: the required `metadata` is missing",
        why: "the vector store examples leave out `metadata`, required (nullable) by `VectorStoreObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListVectorStoresResponse/ListVectorStoresResponse.first_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.has_more-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.last_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.object-1.json",
            "ListVectorStoresResponse/listVectorStores-1.json",
        ],
    },
    Defect {
        violation: "/data/1/last_active_at: the required `last_active_at` is missing",
        why: "the vector store examples leave out `last_active_at`, required (nullable) by `VectorStoreObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListVectorStoresResponse/ListVectorStoresResponse.first_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.has_more-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.last_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.object-1.json",
            "ListVectorStoresResponse/listVectorStores-1.json",
        ],
    },
    Defect {
        violation: "/data/1/metadata: the required `metadata` is missing",
        why: "the vector store examples leave out `metadata`, required (nullable) by `VectorStoreObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "ListVectorStoresResponse/ListVectorStoresResponse.first_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.has_more-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.last_id-1.json",
            "ListVectorStoresResponse/ListVectorStoresResponse.object-1.json",
            "ListVectorStoresResponse/listVectorStores-1.json",
        ],
    },
    Defect {
        violation: "/usage_bytes: the required `usage_bytes` is missing",
        why: "the vector store (file) examples leave out `usage_bytes`, which `VectorStoreObject` / `VectorStoreFileObject` require (not nullable): decoded as `0`, remembered, reported by validate()",
        fixtures: &[
            "VectorStoreFileObject/getVectorStoreFile-1.json",
            "VectorStoreObject/createVectorStore-1.json",
            "VectorStoreObject/getVectorStore-1.json",
            "VectorStoreObject/modifyVectorStore-1.json",
        ],
    },
    Defect {
        violation: "/status: the required `status` is missing",
        why: "the vector store (file) examples leave out `status`, required (not nullable): decoded as `Other(\"\")`, remembered, reported by validate()",
        fixtures: &[
            "VectorStoreObject/createVectorStore-1.json",
            "VectorStoreObject/getVectorStore-1.json",
            "VectorStoreObject/modifyVectorStore-1.json",
        ],
    },
    Defect {
        violation: "/last_active_at: the required `last_active_at` is missing",
        why: "the vector store examples leave out `last_active_at`, required (nullable) by `VectorStoreObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "VectorStoreObject/createVectorStore-1.json",
            "VectorStoreObject/getVectorStore-1.json",
            "VectorStoreObject/modifyVectorStore-1.json",
        ],
    },
    Defect {
        violation: "/metadata: the required `metadata` is missing",
        why: "the vector store examples leave out `metadata`, required (nullable) by `VectorStoreObject`: decoded as absent, reported by validate()",
        fixtures: &[
            "VectorStoreObject/createVectorStore-1.json",
            "VectorStoreObject/getVectorStore-1.json",
            "VectorStoreObject/modifyVectorStore-1.json",
        ],
    },
    Defect {
        violation: "/name: the required `name` is missing",
        why: "the get-vector-store example leaves out `name`, required (not nullable) by `VectorStoreObject`: decoded as `\"\"`, remembered, reported by validate()",
        fixtures: &[
            "VectorStoreObject/getVectorStore-1.json",
        ],
    },
    Defect {
        violation: "/file_counts: the required `file_counts` is missing",
        why: "the get-vector-store example leaves out `file_counts`, required (not nullable) by `VectorStoreObject`: decoded as all zero counts, remembered, reported by validate()",
        fixtures: &[
            "VectorStoreObject/getVectorStore-1.json",
        ],
    },
    Defect {
        violation: "/data/0/status: the required `status` is missing",
        why: "the file examples leave out `status` (deprecated), required (not nullable) by `OpenAIFile`: decoded as `Other(\"\")`, remembered, reported by validate()",
        fixtures: &[
            "ListFilesResponse/ListFilesResponse.first_id-1.json",
            "ListFilesResponse/ListFilesResponse.has_more-1.json",
            "ListFilesResponse/ListFilesResponse.last_id-1.json",
            "ListFilesResponse/ListFilesResponse.object-1.json",
            "ListFilesResponse/listFiles-1.json",
        ],
    },
    Defect {
        violation: "/data/1/status: the required `status` is missing",
        why: "the file examples leave out `status` (deprecated), required (not nullable) by `OpenAIFile`: decoded as `Other(\"\")`, remembered, reported by validate()",
        fixtures: &[
            "ListFilesResponse/ListFilesResponse.first_id-1.json",
            "ListFilesResponse/ListFilesResponse.has_more-1.json",
            "ListFilesResponse/ListFilesResponse.last_id-1.json",
            "ListFilesResponse/ListFilesResponse.object-1.json",
            "ListFilesResponse/listFiles-1.json",
        ],
    },
    Defect {
        violation: "/data/0/status: the required `status` is missing",
        why: "the message examples leave out `status`, required (not nullable) by `MessageObject`: decoded as `Other(\"\")`, remembered, reported by validate()",
        fixtures: &[
            "ListMessagesResponse/ListMessagesResponse.first_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.has_more-1.json",
            "ListMessagesResponse/ListMessagesResponse.last_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.object-1.json",
            "ListMessagesResponse/listMessages-1.json",
        ],
    },
    Defect {
        violation: "/data/1/status: the required `status` is missing",
        why: "the message examples leave out `status`, required (not nullable) by `MessageObject`: decoded as `Other(\"\")`, remembered, reported by validate()",
        fixtures: &[
            "ListMessagesResponse/ListMessagesResponse.first_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.has_more-1.json",
            "ListMessagesResponse/ListMessagesResponse.last_id-1.json",
            "ListMessagesResponse/ListMessagesResponse.object-1.json",
            "ListMessagesResponse/listMessages-1.json",
        ],
    },
    Defect {
        violation: "/status: the required `status` is missing",
        why: "the message examples leave out `status`, required (not nullable) by `MessageObject`: decoded as `Other(\"\")`, remembered, reported by validate()",
        fixtures: &[
            "MessageObject/MessageObject-1.json",
            "MessageObject/createMessage-1.json",
            "MessageObject/getMessage-1.json",
            "MessageObject/modifyMessage-1.json",
        ],
    },
    Defect {
        violation: "/status: the required `status` is missing",
        why: "the file examples leave out `status` (deprecated), required (not nullable) by `OpenAIFile`: decoded as `Other(\"\")`, remembered, reported by validate()",
        fixtures: &[
            "OpenAiFile/OpenAIFile-1.json",
            "OpenAiFile/createFile-1.json",
            "OpenAiFile/retrieveFile-1.json",
        ],
    },
];

/// Transcript events whose `data:` closes the JSON object twice (a stray `}` at the end):
/// (transcript, indexes of the events). The test checks that the data is not JSON as
/// published, and round-trips it without the stray brace.
const STRAY_BRACE: &[(&str, &[usize])] = &[
    ("createRun-2.sse", &[0, 1, 2, 12]),
    ("createRun-3.sse", &[0, 1, 2, 12]),
    ("createThreadAndRun-3.sse", &[1, 2, 3, 11]),
    ("submitToolOutputsToRun-2.sse", &[1, 2, 14]),
];

/// Events of a transcript that SSE does not dispatch, as published: (transcript, event, why).
const DROPPED: &[(&str, &str, &str)] = &[(
    "createThreadAndRun-2.sse",
    "thread.run.completed",
    "its payload line lacks the `data: ` field name, so the event has no data and SSE drops it",
)];

/// The defects listed for `id`.
fn defects(id: &str) -> impl Iterator<Item = &'static Defect> + '_ {
    DEFECTS.iter().filter(move |d| d.fixtures.contains(&id))
}

/// Parses `text` as `T`, encodes it back and compares the JSON values; then `validate()`s it.
/// Every failure must be a listed defect of `id`, and every listed defect must happen.
fn round_trip<T: DeserializeOwned + Serialize + Validate>(
    id: &str,
    text: &str,
) -> Result<(), Failed> {
    let expected: Value =
        serde_json::from_str(text).map_err(|e| format!("fixture is not JSON: {e}"))?;
    let typed: T = serde_json::from_str(text)
        .map_err(|e| format!("does not decode as {}: {e}", std::any::type_name::<T>()))?;
    let actual = serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))?;
    if let Some(diff) = json_diff(&expected, &actual) {
        return Err(format!("the round trip changed the payload: {diff}").into());
    }
    let found: Vec<String> = match typed.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations.iter().map(ToString::to_string).collect(),
    };
    let listed: Vec<&str> = defects(id).map(|d| d.violation).collect();
    let unlisted: Vec<&String> = found
        .iter()
        .filter(|v| !listed.contains(&v.as_str()))
        .collect();
    let gone: Vec<String> = defects(id)
        .filter(|d| !found.iter().any(|f| f == d.violation))
        .map(|d| format!("{} ({})", d.violation, d.why))
        .collect();
    if !unlisted.is_empty() || !gone.is_empty() {
        return Err(format!(
            "validate() reports violations DEFECTS does not list: {unlisted:?}; listed ones it no longer reports: {gone:?}"
        )
        .into());
    }
    Ok(())
}

/// Every property of the example left out in turn ([`golden_tests::every_property_left_out`]);
/// of a response, some must be required ones (reported), so that the test proves something.
fn left_out<T: DeserializeOwned + Serialize + Validate>(
    id: &str,
    text: &str,
) -> Result<(), Failed> {
    let value: Value = serde_json::from_str(text)?;
    let seen = golden_tests::every_property_left_out::<T>(id, &value, &[])?;
    let response = !std::any::type_name::<T>().ends_with("Request");
    if response && seen.reported == 0 {
        return Err(format!(
            "{id}: none of its {} properties is required ({} refused)",
            seen.properties, seen.refused
        )
        .into());
    }
    Ok(())
}

macro_rules! by_type {
    ($ty:expr, $f:ident, $($args:expr),*) => {
        match $ty {
            "AssistantObject" => $f::<AssistantObject>($($args),*),
            "AssistantStreamEvent" => $f::<AssistantStreamEvent>($($args),*),
            "CreateAssistantRequest" => $f::<CreateAssistantRequest>($($args),*),
            "CreateMessageRequest" => $f::<CreateMessageRequest>($($args),*),
            "CreateRunRequest" => $f::<CreateRunRequest>($($args),*),
            "CreateThreadAndRunRequest" => $f::<CreateThreadAndRunRequest>($($args),*),
            "CreateThreadRequest" => $f::<CreateThreadRequest>($($args),*),
            "CreateVectorStoreFileBatchRequest" => $f::<CreateVectorStoreFileBatchRequest>($($args),*),
            "CreateVectorStoreFileRequest" => $f::<CreateVectorStoreFileRequest>($($args),*),
            "CreateVectorStoreRequest" => $f::<CreateVectorStoreRequest>($($args),*),
            "DeleteAssistantResponse" => $f::<DeleteAssistantResponse>($($args),*),
            "DeleteFileResponse" => $f::<DeleteFileResponse>($($args),*),
            "DeleteMessageResponse" => $f::<DeleteMessageResponse>($($args),*),
            "DeleteThreadResponse" => $f::<DeleteThreadResponse>($($args),*),
            "DeleteVectorStoreFileResponse" => $f::<DeleteVectorStoreFileResponse>($($args),*),
            "DeleteVectorStoreResponse" => $f::<DeleteVectorStoreResponse>($($args),*),
            "ListAssistantsResponse" => $f::<ListAssistantsResponse>($($args),*),
            "ListFilesResponse" => $f::<ListFilesResponse>($($args),*),
            "ListMessagesResponse" => $f::<ListMessagesResponse>($($args),*),
            "ListRunStepsResponse" => $f::<ListRunStepsResponse>($($args),*),
            "ListRunsResponse" => $f::<ListRunsResponse>($($args),*),
            "ListVectorStoreFilesResponse" => $f::<ListVectorStoreFilesResponse>($($args),*),
            "ListVectorStoresResponse" => $f::<ListVectorStoresResponse>($($args),*),
            "MessageDeltaObject" => $f::<MessageDeltaObject>($($args),*),
            "MessageObject" => $f::<MessageObject>($($args),*),
            "ModifyAssistantRequest" => $f::<ModifyAssistantRequest>($($args),*),
            "ModifyMessageRequest" => $f::<ModifyMessageRequest>($($args),*),
            "ModifyRunRequest" => $f::<ModifyRunRequest>($($args),*),
            "ModifyThreadRequest" => $f::<ModifyThreadRequest>($($args),*),
            "OpenAiFile" => $f::<OpenAiFile>($($args),*),
            "RunObject" => $f::<RunObject>($($args),*),
            "RunStepDeltaObject" => $f::<RunStepDeltaObject>($($args),*),
            "RunStepObject" => $f::<RunStepObject>($($args),*),
            "SubmitToolOutputsRunRequest" => $f::<SubmitToolOutputsRunRequest>($($args),*),
            "ThreadObject" => $f::<ThreadObject>($($args),*),
            "UpdateVectorStoreFileAttributesRequest" => $f::<UpdateVectorStoreFileAttributesRequest>($($args),*),
            "UpdateVectorStoreRequest" => $f::<UpdateVectorStoreRequest>($($args),*),
            "VectorStoreFileBatchObject" => $f::<VectorStoreFileBatchObject>($($args),*),
            "VectorStoreFileObject" => $f::<VectorStoreFileObject>($($args),*),
            "VectorStoreObject" => $f::<VectorStoreObject>($($args),*),
            "VectorStoreSearchResultsPage" => $f::<VectorStoreSearchResultsPage>($($args),*),
            other => Err(format!("no type `{other}` in by_type!: add it").into()),
        }
    };
}

struct Fixture {
    ty: String,
    file: String,
    text: String,
}

impl Fixture {
    fn id(&self) -> String {
        format!("{}/{}", self.ty, self.file)
    }

    fn stem(&self) -> &str {
        self.file.rsplit_once('.').map_or(&self.file, |(s, _)| s)
    }

    /// `(schema, property)` of a property example `<Schema>.<property>-<n>.json`.
    fn property(&self) -> Option<(&str, &str)> {
        let (source, _) = self.stem().rsplit_once('-')?;
        source.split_once('.')
    }
}

fn fixtures() -> Vec<Fixture> {
    let dir = repo_root().join("tests/fixtures/openai");
    let mut found = Vec::new();
    let mut types: Vec<_> = fs::read_dir(&dir)
        .expect("tests/fixtures/openai: run `cargo xtask examples`")
        .map(|e| e.expect("entry").path())
        .collect();
    types.sort();
    for ty in types {
        let mut files: Vec<_> = fs::read_dir(&ty)
            .expect("a type's folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for file in files {
            found.push(Fixture {
                ty: ty.file_name().unwrap().to_string_lossy().into_owned(),
                file: file.file_name().unwrap().to_string_lossy().into_owned(),
                text: fs::read_to_string(&file).expect("a fixture"),
            });
        }
    }
    found
}

/// A whole example of the property example's type with the property set to its value: the
/// schema's own example (`<Schema>-1.json`) if it has one, else the first of its folder.
fn with_property(fixture: &Fixture, all: &[Fixture]) -> Result<String, String> {
    let (schema, property) = fixture.property().expect("a property example");
    let whole: Vec<&Fixture> = all
        .iter()
        .filter(|f| f.ty == fixture.ty && f.property().is_none())
        .collect();
    let own = format!("{schema}-1.json");
    let base = whole
        .iter()
        .find(|f| f.file == own)
        .or(whole.first())
        .ok_or_else(|| {
            format!(
                "no whole example of `{}` to set `{property}` in",
                fixture.ty
            )
        })?;
    let mut value: Value = serde_json::from_str(&base.text).map_err(|e| e.to_string())?;
    let example: Value = serde_json::from_str(&fixture.text).map_err(|e| e.to_string())?;
    value
        .as_object_mut()
        .ok_or("the whole example is not an object")?
        .insert(property.to_string(), example);
    Ok(value.to_string())
}

/// The events of a transcript, as the runtime's SSE parser dispatches them: (name, data).
fn events(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut parser = SseParser::new();
    parser.feed(text.as_bytes()).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    while let Some(event) = parser.next_event() {
        out.push(event);
    }
    if let Some(last) = parser.finish().map_err(|e| e.to_string())? {
        out.push(last);
    }
    Ok(out
        .into_iter()
        .map(|e| (e.event.unwrap_or_else(|| "message".into()), e.data))
        .collect())
}

/// The names of the `event:` lines of a transcript, in order.
fn event_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("event:"))
        .map(|name| name.trim().to_string())
        .collect()
}

fn event_round_trip(id: &str, name: &str, data: &str, stray: bool) -> Result<(), Failed> {
    let data = if stray {
        if serde_json::from_str::<Value>(data).is_ok() {
            return Err("STRAY_BRACE lists an event whose data is JSON: remove it".into());
        }
        data.strip_suffix('}')
            .ok_or("STRAY_BRACE lists an event whose data does not end with `}`")?
    } else {
        data
    };
    let payload = serde_json::from_str(data).unwrap_or_else(|_| Value::String(data.to_string()));
    let expected = serde_json::json!({ "event": name, "data": payload });
    round_trip::<AssistantStreamEvent>(id, &expected.to_string())?;
    match AssistantStreamEvent::from_parts(name, data) {
        Err(e) => Err(format!("`{name}` event does not decode through from_parts: {e}").into()),
        Ok(AssistantStreamEvent::Unknown { .. }) => {
            Err(format!("documented event `{name}` decoded as Unknown").into())
        }
        Ok(parsed) => {
            let actual = serde_json::to_value(&parsed)?;
            match json_diff(&expected, &actual) {
                Some(diff) => Err(format!(
                    "the round trip through from_parts changed the event: {diff}"
                )
                .into()),
                None => Ok(()),
            }
        }
    }
}

fn main() {
    let args = Arguments::from_args();
    let all = fixtures();
    let mut trials = Vec::new();
    for defect in DEFECTS {
        for id in defect.fixtures {
            let file = id.split('#').next().unwrap_or(id);
            assert!(
                all.iter().any(|f| f.id() == file),
                "DEFECTS names a missing fixture: {id}"
            );
        }
    }
    for fixture in &all {
        let id = fixture.id();
        let (ty, stem) = (fixture.ty.clone(), fixture.stem().to_string());
        if fixture.file.ends_with(".sse") {
            let text = fixture.text.clone();
            let file = fixture.file.clone();
            let parsed = events(&text);
            let names: Vec<String> = parsed
                .iter()
                .flatten()
                .map(|(name, _)| name.clone())
                .collect();
            trials.push(Trial::test(
                format!("transcript_keeps_every_event::{stem}"),
                move || {
                    let mut missing = event_lines(&text);
                    for name in &names {
                        let at = missing.iter().position(|m| m == name).ok_or_else(|| {
                            format!("the parser dispatched `{name}`, which has no event: line")
                        })?;
                        missing.remove(at);
                    }
                    let expected: Vec<String> = DROPPED
                        .iter()
                        .filter(|(f, _, _)| *f == file)
                        .map(|(_, name, _)| name.to_string())
                        .collect();
                    if missing != expected {
                        return Err(format!(
                            "events dropped: {missing:?}, DROPPED lists {expected:?}"
                        )
                        .into());
                    }
                    Ok(())
                },
            ));
            let events = match parsed {
                Ok(events) => events,
                Err(e) => {
                    trials.push(Trial::test(
                        format!("transcript_parses::{stem}"),
                        move || Err(e.into()),
                    ));
                    continue;
                }
            };
            let strays = STRAY_BRACE
                .iter()
                .find(|(f, _)| *f == fixture.file)
                .map_or(&[][..], |(_, at)| at);
            for (i, (name, data)) in events.into_iter().enumerate() {
                let stray = strays.contains(&i);
                let id = format!("{id}#{i:02}");
                trials.push(Trial::test(
                    format!("round_trip::{ty}::{stem}::{i:02}_{name}"),
                    move || event_round_trip(&id, &name, &data, stray),
                ));
            }
            continue;
        }
        let text = if fixture.property().is_some() {
            with_property(fixture, &all)
        } else {
            Ok(fixture.text.clone())
        };
        if fixture.property().is_none() {
            let (ty, id, text) = (ty.clone(), id.clone(), fixture.text.clone());
            trials.push(Trial::test(format!("left_out::{ty}::{stem}"), move || {
                by_type!(ty.as_str(), left_out, &id, &text)
            }));
        }
        trials.push(Trial::test(
            format!("round_trip::{ty}::{stem}"),
            move || by_type!(ty.as_str(), round_trip, &id, &text?),
        ));
    }
    libtest_mimic::run(&args, trials).exit();
}
