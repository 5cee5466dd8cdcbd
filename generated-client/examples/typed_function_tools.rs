//! The "weather" flow of `function_calling`, with a typed tool: the function's JSON Schema is
//! derived from `WeatherArgs` (strict mode), the model's arguments arrive decoded into it, and
//! the handler is registered by name in a `Tools` registry that answers the run's tool calls
//! (bad arguments, a handler error or an unknown function are reported to the model).
//!
//! Against the real API (`OPENAI_ASSISTANT_ID` names an assistant; the run gets the tool):
//!
//! ```text
//! OPENAI_API_KEY=sk-... OPENAI_ASSISTANT_ID=asst_... cargo run --example typed_function_tools
//! ```
//!
//! Without an API key, against the recorded flow of `examples/replay_server.rs`:
//!
//! ```text
//! cargo run --example replay_server       # first terminal
//! OPENAI_API_KEY=sk-replay OPENAI_BASE_URL=http://127.0.0.1:8089/v1 \
//!     cargo run --example typed_function_tools  # second terminal
//! ```

use std::io::Write as _;
use std::process::ExitCode;

use openai_assistants::accumulate::Change;
use openai_assistants::schemars::JsonSchema;
use openai_assistants::tools::Tools;
use openai_assistants::types::{
    CreateMessageRequest, CreateThreadAndRunRequest, CreateThreadRequest, MessageRole, RunStatus,
};
use openai_assistants::Client;
use serde::Deserialize;
use serde_json::json;

/// The arguments of `get_current_weather`. Doc comments become the schema's descriptions,
/// which the model reads.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(crate = "openai_assistants::schemars")]
struct WeatherArgs {
    /// The city and state, e.g. San Francisco, CA
    location: String,
    /// The unit of the temperature (the model sends `null` when the user does not say).
    unit: Option<Unit>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(crate = "openai_assistants::schemars")]
#[serde(rename_all = "lowercase")]
enum Unit {
    Celsius,
    Fahrenheit,
}

/// A stand-in for a real weather service; its error would be reported to the model.
async fn get_current_weather(args: WeatherArgs) -> Result<serde_json::Value, std::io::Error> {
    let (unit, temperature) = match args.unit {
        Some(Unit::Celsius) => ("celsius", 22),
        Some(Unit::Fahrenheit) | None => ("fahrenheit", 72),
    };
    Ok(json!({
        "location": args.location,
        "temperature": temperature,
        "unit": unit,
        "forecast": "sunny, light breeze from the west",
    }))
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<ExitCode, openai_assistants::Error> {
    let client = Client::from_env()?;
    let assistant_id =
        std::env::var("OPENAI_ASSISTANT_ID").unwrap_or_else(|_| "asst_abc123".to_string());

    // The function: its strict tool, derived from `WeatherArgs`, and its handler, which gets
    // the model's arguments decoded. (`Tools::add` registers a handler alone, for a tool built
    // with `FunctionTool::of::<WeatherArgs>(name, description)`.)
    let mut tools = Tools::new().function(
        "get_current_weather",
        "Get the current weather in a given location",
        |args: WeatherArgs| {
            println!("get_current_weather({args:?})");
            get_current_weather(args)
        },
    );

    let request = CreateThreadAndRunRequest::new(assistant_id)
        .thread(
            CreateThreadRequest::new().messages(vec![CreateMessageRequest::new(
                MessageRole::User,
                "What is the weather like in San Francisco?",
            )]),
        )
        .tools(tools.definitions());

    let events = client.create_thread_and_run_stream(&request).await?;
    let state = client
        .run_tools_streaming(
            events,
            |call| tools.call(&call),
            // What each event changed, as `RunAccumulator::push` reports it.
            |_event, changes| {
                for change in changes {
                    match change {
                        Change::TextAppended { delta, .. } => {
                            print!("{delta}");
                            let _ = std::io::stdout().flush();
                        }
                        Change::ToolCallsRequired(calls) => {
                            println!("[the run waits for {} tool call(s)]", calls.len());
                        }
                        _ => {}
                    }
                }
            },
        )
        .await?;
    println!();

    let Some(run) = state.run() else {
        eprintln!("the stream ended without any run object");
        return Ok(ExitCode::FAILURE);
    };
    println!("\nassistant's answer:\n  {}", state.text());
    println!("\nrun {} finished with status `{}`", run.id, run.status);
    Ok(if run.status == RunStatus::Completed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
