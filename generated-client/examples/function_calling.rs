//! Function calling with a streamed run: the "weather" flow of the OpenAI API reference.
//!
//! 1. Create a thread with one user message and run it, in one request
//!    (`POST /threads/runs`, `"stream": true`), giving the run a `get_current_weather` function
//!    tool.
//! 2. Print the run's server-sent events as they arrive.
//! 3. The run stops with status `requires_action`: the model wants `get_current_weather` called
//!    with arguments such as `{"location":"San Francisco, CA","unit":"fahrenheit"}`. We parse
//!    them, "call" the function (it makes a weather report up), and submit its output
//!    (`POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs`, streamed too).
//! 4. The run continues: the assistant writes its answer delta by delta, and the run completes.
//!
//! Against the real API (you need an assistant: create one in the dashboard or with
//! `POST /v1/assistants`; its own tools do not matter, the run gets the function tool):
//!
//! ```text
//! OPENAI_API_KEY=sk-... OPENAI_ASSISTANT_ID=asst_... cargo run --example function_calling
//! ```
//!
//! Without an API key, against the recorded flow of `examples/replay_server.rs`:
//!
//! ```text
//! cargo run --example replay_server       # first terminal
//! OPENAI_API_KEY=sk-replay OPENAI_BASE_URL=http://127.0.0.1:8089/v1 \
//!     cargo run --example function_calling  # second terminal
//! ```
//!
//! Environment: `OPENAI_API_KEY` (required), `OPENAI_BASE_URL` (default
//! `https://api.openai.com/v1`), `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID` (optional), all read by
//! `Client::from_env()`; `OPENAI_ASSISTANT_ID` (default `asst_abc123`, the id of the docs) is read
//! here.

use std::io::Write as _;
use std::process::ExitCode;

use openai_assistants::types::{
    AssistantStreamEvent, CreateMessageRequest, CreateThreadAndRunRequest, CreateThreadRequest,
    FunctionObject, FunctionRunToolCall, FunctionTool, MessageDeltaContentItem, MessageRole,
    RequiredAction, RunDeltaStepDetails, RunObject, RunStatus,
    RunStepDeltaStepDetailsCallsToolCall, Tool,
};
use openai_assistants::Client;
use serde_json::json;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(error) => {
            // The client's errors say everything they know: for an API error the HTTP status,
            // the error type, code, param and message, and the request id to quote to support.
            eprintln!("\nerror: {error}");
            // Lower-level causes (e.g. "Connection refused" under a transport error), skipping
            // those that only repeat the line above.
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
    // Reads OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID. Every request
    // carries `Authorization: Bearer ...` and `OpenAI-Beta: assistants=v2`.
    let client = Client::from_env()?;
    let assistant_id =
        std::env::var("OPENAI_ASSISTANT_ID").unwrap_or_else(|_| "asst_abc123".to_string());
    println!("POST {}threads/runs", client.config().base_url);

    // The request body of the documented curl example, built with the generated types.
    let request = CreateThreadAndRunRequest::new(assistant_id)
        .thread(
            CreateThreadRequest::new().messages(vec![CreateMessageRequest::new(
                MessageRole::User,
                "What is the weather like in San Francisco?",
            )]),
        )
        .tools(vec![Tool::from(weather_tool())]);

    // `create_thread_and_run_stream` sends `"stream": true` and returns the server-sent events
    // as a `Stream` of typed `AssistantStreamEvent`s. (The request is validated against its
    // schema before anything is sent.)
    let events = client.create_thread_and_run_stream(&request).await?;

    // `run_tools_streaming` consumes the stream, calls `on_event` for every event (with what it
    // changed in the accumulated run, ignored here: `printer` prints the raw events), and each time
    // the run stops at `requires_action` it calls `answer_tool_call` for every tool call,
    // submits the outputs with `submit_tool_outputs` (streamed) and goes on with that stream,
    // until the run is over. It returns what the last stream assembled: the final run, its
    // messages with their text.
    let mut printer = EventPrinter::default();
    let state = client
        .run_tools_streaming(events, answer_tool_call, |event, _| printer.print(event))
        .await?;
    printer.end_line();

    let Some(run) = state.run() else {
        eprintln!("the stream ended without any run object");
        return Ok(ExitCode::FAILURE);
    };
    println!("\nassistant's answer:\n  {}", state.text());
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
        explain_unfinished(run);
        Ok(ExitCode::FAILURE)
    }
}

/// The `get_current_weather` tool of the docs: a name, a description the model reads, and the
/// JSON Schema of its arguments.
fn weather_tool() -> FunctionTool {
    FunctionObject::new("get_current_weather")
        .description("Get the current weather in a given location")
        .parameters(json!({
            "type": "object",
            "properties": {
                "location": {
                    "type": "string",
                    "description": "The city and state, e.g. San Francisco, CA"
                },
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
            },
            "required": ["location"]
        }))
        .into()
}

/// The arguments of `get_current_weather`, as the model sends them: a JSON object in a string.
#[derive(Debug, serde::Deserialize)]
struct WeatherArgs {
    location: String,
    /// Optional in the tool's schema.
    unit: Option<String>,
}

/// Answers one tool call of a `requires_action` run. The returned string is submitted as the
/// call's `output`; the model reads it to write its answer. Problems (an unknown function, bad
/// arguments) are reported to the model as an output too, rather than ending the run.
async fn answer_tool_call(call: FunctionRunToolCall) -> String {
    let name = &call.function.name;
    let arguments = &call.function.arguments;
    let output = if name == "get_current_weather" {
        match serde_json::from_str::<WeatherArgs>(arguments) {
            Ok(args) => get_current_weather(&args).to_string(),
            Err(e) => json!({ "error": format!("invalid arguments: {e}") }).to_string(),
        }
    } else {
        json!({ "error": format!("unknown function `{name}`") }).to_string()
    };
    println!("\n>>> tool call {}: {name}({arguments})", call.id);
    println!("<<< submitting output: {output}");
    output
}

/// A stand-in for a real weather service.
fn get_current_weather(args: &WeatherArgs) -> serde_json::Value {
    let unit = args.unit.as_deref().unwrap_or("fahrenheit");
    let temperature = if unit == "celsius" { 22 } else { 72 };
    json!({
        "location": args.location,
        "temperature": temperature,
        "unit": unit,
        "forecast": "sunny, light breeze from the west",
    })
}

/// Prints each event on a line of its own, except the deltas: the assistant's text and the
/// function arguments are printed inline, fragment by fragment, as they arrive.
#[derive(Default)]
struct EventPrinter {
    /// Inside an inline run of deltas (the cursor is not at the start of a line).
    inline: bool,
}

impl EventPrinter {
    fn print(&mut self, event: &AssistantStreamEvent) {
        use AssistantStreamEvent as E;
        match event {
            // A few characters of the assistant's answer.
            E::ThreadMessageDelta(delta) => {
                for part in delta.delta.content.iter().flatten() {
                    if let MessageDeltaContentItem::Text(text) = part {
                        if let Some(value) = text.text.as_ref().and_then(|t| t.value.as_ref()) {
                            self.inline("  assistant: ", value);
                        }
                    }
                }
            }
            // A few characters of a tool call's arguments (the first delta names the function).
            E::ThreadRunStepDelta(delta) => {
                if let Some(RunDeltaStepDetails::ToolCalls(details)) = &delta.delta.step_details {
                    for call in details.tool_calls.iter().flatten() {
                        if let RunStepDeltaStepDetailsCallsToolCall::Function(call) = call {
                            let function = call.function.as_ref();
                            if let Some(name) = function.and_then(|f| f.name.as_ref()) {
                                self.end_line();
                                print!("  {name} arguments: ");
                                self.inline = true;
                            }
                            if let Some(arguments) = function.and_then(|f| f.arguments.as_ref()) {
                                self.inline("  arguments: ", arguments);
                            }
                        }
                    }
                }
            }
            E::ThreadCreated(thread) => self.line(event, &thread.id),
            E::ThreadRunCreated(run)
            | E::ThreadRunQueued(run)
            | E::ThreadRunInProgress(run)
            | E::ThreadRunCompleted(run)
            | E::ThreadRunIncomplete(run)
            | E::ThreadRunFailed(run)
            | E::ThreadRunCancelling(run)
            | E::ThreadRunCancelled(run)
            | E::ThreadRunExpired(run) => {
                self.line(event, &format!("{} status={}", run.id, run.status))
            }
            // The run waits for us: the complete tool calls, arguments included, are in
            // `required_action`.
            E::ThreadRunRequiresAction(run) => {
                let calls = run
                    .required_action
                    .as_ref()
                    .and_then(RequiredAction::as_submit_tool_outputs)
                    .map_or(0, |action| action.submit_tool_outputs.tool_calls.len());
                self.line(
                    event,
                    &format!(
                        "{} status={} ({calls} tool call(s) to answer)",
                        run.id, run.status
                    ),
                )
            }
            E::ThreadRunStepCreated(step)
            | E::ThreadRunStepInProgress(step)
            | E::ThreadRunStepCompleted(step)
            | E::ThreadRunStepFailed(step)
            | E::ThreadRunStepCancelled(step)
            | E::ThreadRunStepExpired(step) => self.line(
                event,
                &format!("{} type={} status={}", step.id, step.r#type, step.status),
            ),
            E::ThreadMessageCreated(message)
            | E::ThreadMessageInProgress(message)
            | E::ThreadMessageCompleted(message)
            | E::ThreadMessageIncomplete(message) => self.line(
                event,
                &format!(
                    "{} role={} status={}",
                    message.id, message.role, message.status
                ),
            ),
            E::Done(_) => self.line(event, ""),
            // Events newer than this client are kept, not rejected.
            E::Unknown { event: name, .. } => {
                self.end_line();
                println!("[{name}] (not known to this client version)");
            }
            // An `error` event never gets here: the stream turns it into `Error::Stream`.
            other => self.line(other, ""),
        }
    }

    /// One event on its own line: `[event.name] details`.
    fn line(&mut self, event: &AssistantStreamEvent, details: &str) {
        self.end_line();
        let name = event_name(event);
        if details.is_empty() {
            println!("[{name}]");
        } else {
            println!("[{name}] {details}");
        }
    }

    /// Appends a fragment to the current line, starting one with `label` if needed.
    fn inline(&mut self, label: &str, fragment: &str) {
        if !self.inline {
            print!("{label}");
            self.inline = true;
        }
        print!("{fragment}");
        // stdout is line-buffered: flush so each fragment shows as soon as it arrives.
        let _ = std::io::stdout().flush();
    }

    fn end_line(&mut self) {
        if self.inline {
            println!();
            self.inline = false;
        }
    }
}

/// The SSE event name (`thread.run.created`, ...): an event serializes as
/// `{"event": <name>, "data": <payload>}`.
fn event_name(event: &AssistantStreamEvent) -> String {
    serde_json::to_value(event)
        .ok()
        .and_then(|value| value.get("event")?.as_str().map(str::to_string))
        .unwrap_or_default()
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
