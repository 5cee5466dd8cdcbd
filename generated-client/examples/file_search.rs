//! File search: an assistant that answers from a document you give it, citing it.
//!
//! 1. Create a vector store whose files are cut into chunks of at most 400 tokens overlapping by
//!    100 (a static chunking strategy; the default, `auto`, is 800 and 400)
//!    (`POST /vector_stores`).
//! 2. Upload a small employee handbook, embedded below, for the assistants (`POST /files`,
//!    `multipart/form-data`, `purpose=assistants`).
//! 3. Add it to the vector store and wait until it is processed
//!    (`Client::create_vector_store_file_and_poll`: `POST /vector_stores/{id}/files`, then
//!    `GET /vector_stores/{id}/files/{file_id}` until its status is no longer `in_progress`).
//! 4. Create an assistant with the `file_search` tool over that store (`POST /assistants`).
//! 5. Ask it a question in a new thread and poll the run until it is over
//!    (`Client::create_thread_and_run_and_poll`).
//! 6. Read the thread's messages (`GET /threads/{id}/messages`) and print the assistant's
//!    answer with its citations of the handbook.
//!
//! Against the real API (it creates a vector store, a file and an assistant, and leaves them:
//! delete them in the dashboard or with the `delete_*` methods):
//!
//! ```text
//! OPENAI_API_KEY=sk-... cargo run --example file_search
//! ```
//!
//! Without an API key, against the recorded flow of `examples/replay_server.rs`:
//!
//! ```text
//! cargo run --example replay_server       # first terminal
//! OPENAI_API_KEY=sk-replay OPENAI_BASE_URL=http://127.0.0.1:8089/v1 \
//!     cargo run --example file_search     # second terminal
//! ```
//!
//! Environment: `OPENAI_API_KEY` (required), `OPENAI_BASE_URL` (default
//! `https://api.openai.com/v1`), `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID` (optional), all read by
//! `Client::from_env()`.

use std::process::ExitCode;
use std::time::Duration;

use openai_assistants::helpers::PollOptions;
use openai_assistants::types::{
    Annotation, ContentItem, CreateAssistantRequest, CreateFileRequest, CreateMessageRequest,
    CreateThreadAndRunRequest, CreateThreadRequest, CreateToolResources,
    CreateToolResourcesFileSearch, CreateVectorStoreFileRequest, CreateVectorStoreRequest,
    FileSearchTool, MessageObject, MessageRole, Model, Purpose, RequestParamStaticChunkingStrategy,
    RunObject, RunStatus, StaticChunkingStrategy, Tool, VectorStoreFileStatus,
};
use openai_assistants::{Client, FilePart};

/// The document the assistant searches.
const HANDBOOK_NAME: &str = "handbook.md";
const HANDBOOK: &str = "\
# Northwind employee handbook (excerpt)

## Working from home
Employees may work from home up to three days a week, as long as their manager agrees.
Tuesday is an office day for everyone: team meetings happen then.

## Equipment
The company lends a laptop and a monitor for home use. Return them when you leave.

## Expenses
Travel booked through the travel desk is paid directly. Other expenses are refunded within
30 days of the receipt being filed.
";

const QUESTION: &str = "How many days a week can I work from home?";

/// How the file's processing is awaited: a check every half second (unless the server says
/// otherwise with `openai-poll-after-ms`), for two minutes at most.
const FILE_POLLING: PollOptions = PollOptions {
    interval: Duration::from_millis(500),
    deadline: Duration::from_secs(120),
};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(error) => {
            // The client's errors say everything they know: for an API error the HTTP status,
            // the error type, code, param and message, and the request id to quote to support.
            eprintln!("\nerror: {error}");
            let mut last = error.to_string();
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                let text = cause.to_string();
                if !last.ends_with(&text) {
                    eprintln!("  caused by: {text}");
                }
                last = text;
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<ExitCode, openai_assistants::Error> {
    // Reads OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID. The Assistants
    // requests carry `OpenAI-Beta: assistants=v2`.
    let client = Client::from_env()?;

    // 1. A vector store that cuts files into chunks of 400 tokens, each overlapping the previous
    //    one by 100.
    let chunking = StaticChunkingStrategy::new(400, 100);
    let store = client
        .create_vector_store(
            &CreateVectorStoreRequest::new()
                .name("Employee handbook")
                .chunking_strategy(RequestParamStaticChunkingStrategy::new(chunking)),
        )
        .await?;
    println!("created vector store {} ({})", store.id, store.name);

    // 2. The file, uploaded from bytes in memory (`FilePart::new(Body::from_path(..).await?)`
    //    would stream one from disk). The file name tells the API the format.
    let file = client
        .create_file(CreateFileRequest::new(
            FilePart::new(HANDBOOK).file_name(HANDBOOK_NAME),
            Purpose::Assistants,
        ))
        .await?;
    println!(
        "uploaded {} as {} ({} bytes)",
        file.filename, file.id, file.bytes
    );

    // 3. Into the store, where it is chunked and embedded; file search sees it once it is
    //    `completed`. `create_vector_store_file_and_poll` attaches it and retrieves it until it
    //    is no longer `in_progress` (`Error::Deadline` past `FILE_POLLING.deadline`).
    //    `upload_vector_store_file_and_poll(&store.id, part, options)` would do steps 2 and 3
    //    in one call, and `upload_vector_store_file_batch_and_poll` many files at once.
    let added = client
        .create_vector_store_file_and_poll(
            &store.id,
            &CreateVectorStoreFileRequest::new(&file.id),
            FILE_POLLING,
        )
        .await?;
    println!("file {} is {} in the vector store", added.id, added.status);
    if added.status != VectorStoreFileStatus::Completed {
        if let Some(error) = &added.last_error {
            eprintln!("processing failed ({}): {}", error.code, error.message);
        }
        return Ok(ExitCode::FAILURE);
    }

    // 4. An assistant that searches the store.
    let assistant = client
        .create_assistant(
            &CreateAssistantRequest::new(Model::Gpt4o)
                .name("HR Helper")
                .instructions("You are an HR bot, and you have access to files to answer employee questions about company policies.")
                .tools(vec![Tool::from(FileSearchTool::new())])
                .tool_resources(CreateToolResources::new().file_search(
                    CreateToolResourcesFileSearch::new().vector_store_ids(vec![store.id.clone()]),
                )),
        )
        .await?;
    println!("created assistant {}", assistant.id);

    // 5. A thread with the question, run by the assistant; `create_thread_and_run_and_poll`
    //    retrieves the run until it is over (waiting as long as the server's
    //    `openai-poll-after-ms` says, else a second).
    println!("\nuser: {QUESTION}");
    let request = CreateThreadAndRunRequest::new(&assistant.id).thread(
        CreateThreadRequest::new()
            .messages(vec![CreateMessageRequest::new(MessageRole::User, QUESTION)]),
    );
    let run = client
        .create_thread_and_run_and_poll(&request, PollOptions::default())
        .await?;

    // 6. The answer: the thread's messages, newest first.
    let messages = client.list_messages(&run.thread_id, None).await?;
    for message in messages
        .data
        .iter()
        .filter(|m| m.role == MessageRole::Assistant && m.run_id.as_deref() == Some(&run.id))
    {
        print_answer(message, &file.id);
    }

    println!("\nrun {} finished with status `{}`", run.id, run.status);
    if let Some(usage) = &run.usage {
        println!(
            "tokens: {} prompt + {} completion = {}",
            usage.prompt_tokens, usage.completion_tokens, usage.total_tokens
        );
    }
    if run.status == RunStatus::Completed {
        Ok(ExitCode::SUCCESS)
    } else {
        explain_unfinished(&run);
        Ok(ExitCode::FAILURE)
    }
}

/// Prints the text parts of an assistant message, each followed by its citations: the marker
/// in the text (such as `【4:0†handbook.md】`) and the file it points to.
fn print_answer(message: &MessageObject, handbook_id: &str) {
    for part in &message.content {
        let ContentItem::Text(text) = part else {
            continue;
        };
        println!("assistant: {}", text.text.value);
        for annotation in &text.text.annotations {
            if let Annotation::FileCitation(citation) = annotation {
                let file_id = &citation.file_citation.file_id;
                let source = if file_id == handbook_id {
                    HANDBOOK_NAME
                } else {
                    file_id
                };
                println!("  {} cites {source}", citation.text);
            }
        }
    }
}

/// Says why a run did not complete.
fn explain_unfinished(run: &RunObject) {
    if let Some(error) = &run.last_error {
        eprintln!("last error ({}): {}", error.code, error.message);
    }
    if let Some(reason) = run
        .incomplete_details
        .as_ref()
        .and_then(|d| d.reason.as_ref())
    {
        eprintln!("incomplete because of {reason}");
    }
}
