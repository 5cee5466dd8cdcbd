//! The README's quick start (a test checks the two stay the same): a thread run with a typed
//! function tool, its answer printed as it streams.
//! `OPENAI_API_KEY=sk-... OPENAI_ASSISTANT_ID=asst_... cargo run --example quick_start`
use openai_assistants::schemars::JsonSchema;
use openai_assistants::tools::Tools;
use openai_assistants::types::*;
use openai_assistants::Client;

/// The arguments the model sends; doc comments become the schema's descriptions.
#[derive(serde::Deserialize, JsonSchema)]
#[schemars(crate = "openai_assistants::schemars")]
struct WeatherArgs {
    /// The city and state, e.g. San Francisco, CA
    location: String,
}

#[tokio::main]
async fn main() -> Result<(), openai_assistants::Error> {
    // Reads OPENAI_API_KEY (required), OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID.
    let client = Client::from_env()?;
    let assistant = std::env::var("OPENAI_ASSISTANT_ID").unwrap_or("asst_abc123".into());
    // A strict JSON Schema derived from `WeatherArgs`; the handler gets the arguments decoded.
    let mut tools = Tools::new().function(
        "get_current_weather",
        "Get the weather",
        |args: WeatherArgs| async move {
            Ok::<_, std::io::Error>(
                serde_json::json!({"location": args.location, "temperature": 22}),
            )
        },
    );
    let question = CreateMessageRequest::new(MessageRole::User, "What is the weather in Paris?");
    let request = CreateThreadAndRunRequest::new(assistant)
        .thread(CreateThreadRequest::new().messages(vec![question]))
        .tools(tools.definitions());

    // Validated before it is sent; tool calls are answered until the run ends.
    let events = client.create_thread_and_run_stream(&request).await?;
    let state = client
        .run_tools_streaming(
            events,
            |call| tools.call(&call),
            |event, _changes| {
                event.text_deltas().for_each(|text| print!("{text}")); // the answer as it streams
                std::io::Write::flush(&mut std::io::stdout()).ok();
            },
        )
        .await?;
    if let Some(run) = state.run() {
        println!("\n[run {} {}]", run.id, run.status);
    }
    Ok(())
}
