//! The README's quick start (a test checks the two stay the same): create a thread and run it,
//! print the answer as it streams.
//! `OPENAI_API_KEY=sk-... OPENAI_ASSISTANT_ID=asst_... cargo run --example quick_start`
use futures_util::StreamExt as _;
use openai_assistants::types::*;
use openai_assistants::Client;

#[tokio::main]
async fn main() -> Result<(), openai_assistants::Error> {
    // Reads OPENAI_API_KEY (required), OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID.
    let client = Client::from_env()?;
    let assistant = std::env::var("OPENAI_ASSISTANT_ID").unwrap_or("asst_abc123".into());
    let message = CreateMessageRequest::new(MessageRole::User, "Say hello in three languages.");
    let thread = CreateThreadRequest::new().messages(vec![message]);
    let request = CreateThreadAndRunRequest::new(assistant).thread(thread);

    // Validated before it is sent; one typed event per server-sent event.
    let mut events = client.create_thread_and_run_stream(&request).await?;
    while let Some(event) = events.next().await {
        match event? {
            AssistantStreamEvent::ThreadMessageDelta(delta) => {
                for part in delta.delta.content.iter().flatten() {
                    if let MessageDeltaContentItem::Text(text) = part {
                        let value = text.text.as_ref().and_then(|t| t.value.as_deref());
                        print!("{}", value.unwrap_or_default());
                    }
                }
            }
            AssistantStreamEvent::ThreadRunCompleted(run) => println!("\n[{} completed]", run.id),
            AssistantStreamEvent::ThreadRunFailed(run) => println!("\n[{} failed]", run.id),
            _ => {} // every other event, unknown ones included
        }
    }
    Ok(())
}
