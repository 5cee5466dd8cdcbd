//! Helpers over the generated operations: poll a run until it needs the caller or is over, and
//! drive the `requires_action` → `submit_tool_outputs` loop with a closure (or typed handlers:
//! `|call| tools.call(&call)` with [`Tools`](crate::tools::Tools)). The closure gets each
//! function tool call ([`FunctionRunToolCall`]: `call.id`, `call.function.name`,
//! `call.function.arguments`).
//!
//! Vector stores have the official SDKs' pollers too: attach a file or a batch of files (or
//! upload them first, a batch with bounded concurrency) and wait until the vector store has
//! processed them ([`Client::create_vector_store_file_and_poll`],
//! [`Client::upload_vector_store_file_batch_and_poll`] and their kin).

use std::future::Future;
use std::time::Duration;

use futures_util::StreamExt as _;

use openapi_runtime::Streaming;

use crate::accumulate::{Changes, RunAccumulator};
use crate::types::{
    AssistantStreamEvent, CreateRunQuery, CreateRunRequest, CreateThreadAndRunRequest,
    FunctionRunToolCall, RequiredAction, RunObject, RunStatus, RunToolCallObject,
    SubmitToolOutputsRunRequest, ToolOutput,
};
use crate::{Client, Error, EventStream};

mod vector_stores;

/// How [`Client::poll_run`], [`Client::poll_vector_store_file`],
/// [`Client::poll_vector_store_file_batch`] (and the `*_and_poll` methods and
/// [`Client::run_tools`]) wait.
///
/// `PollOptions::default()` waits 1 second between two requests (unless the server's
/// `openai-poll-after-ms` header says otherwise) and gives up after 10 minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollOptions {
    /// The wait between two requests when the server does not say (`openai-poll-after-ms`).
    /// Default: 1 second.
    pub interval: Duration,
    /// The whole polling gives up after this long with [`Error::Deadline`]; requests in flight
    /// are cancelled at the deadline. Default: 600 seconds.
    pub deadline: Duration,
}

impl Default for PollOptions {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(1),
            deadline: Duration::from_secs(600),
        }
    }
}

/// A run status after which polling stops: the run is over, or it waits for tool outputs.
pub fn is_settled(status: &RunStatus) -> bool {
    matches!(
        status,
        RunStatus::Completed
            | RunStatus::Incomplete
            | RunStatus::Failed
            | RunStatus::Cancelled
            | RunStatus::Expired
            | RunStatus::RequiresAction
    )
}

impl RunStatus {
    /// Whether the run is over: `completed`, `incomplete`, `failed`, `cancelled` or `expired`
    /// (`requires_action` waits for tool outputs; `cancelling` still goes on; a status this
    /// version does not know is not terminal).
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Incomplete | Self::Failed | Self::Cancelled | Self::Expired
        )
    }
}

const POLL_AFTER_HEADER: &str = "openai-poll-after-ms";

impl Client {
    /// Retrieves the run until its status is final (`completed`, `incomplete`, `failed`,
    /// `cancelled`, `expired`) or `requires_action`. Waits `openai-poll-after-ms` between
    /// requests when the server sends it, else `options.interval`.
    pub async fn poll_run(
        &self,
        thread_id: &str,
        run_id: &str,
        options: PollOptions,
    ) -> Result<RunObject, Error> {
        self.poll(
            || Self::get_run_request(thread_id, run_id),
            |run: &RunObject| is_settled(&run.status),
            options,
        )
        .await
    }

    /// Sends the request `request` builds until `settled` accepts the answer, waiting
    /// `openai-poll-after-ms` (else `options.interval`) between two requests, all within
    /// `options.deadline`: the loop of every poller.
    pub(crate) async fn poll<T: serde::de::DeserializeOwned>(
        &self,
        request: impl Fn() -> Result<openapi_runtime::RequestSpec, Error>,
        settled: impl Fn(&T) -> bool,
        options: PollOptions,
    ) -> Result<T, Error> {
        let polling = async {
            loop {
                let (answer, headers) = self
                    .runtime()
                    .execute_with_headers::<T, _>(request()?)
                    .await?;
                if settled(&answer) {
                    return Ok(answer);
                }
                let wait = headers
                    .get(POLL_AFTER_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_millis)
                    .unwrap_or(options.interval);
                tokio::time::sleep(wait).await;
            }
        };
        tokio::time::timeout(options.deadline, polling)
            .await
            .map_err(|_| Error::Deadline(options.deadline))?
    }

    /// Creates a run and polls it (see [`Client::poll_run`]). `query` may be `None` or
    /// `&query`, as for [`Client::create_run`].
    pub async fn create_run_and_poll<'q>(
        &self,
        thread_id: &str,
        body: &CreateRunRequest,
        query: impl Into<Option<&'q CreateRunQuery>>,
        options: PollOptions,
    ) -> Result<RunObject, Error> {
        let run = self.create_run(thread_id, body, query).await?;
        self.settle(run, options).await
    }

    /// Creates a thread and a run and polls the run (see [`Client::poll_run`]).
    pub async fn create_thread_and_run_and_poll(
        &self,
        body: &CreateThreadAndRunRequest,
        options: PollOptions,
    ) -> Result<RunObject, Error> {
        let run = self.create_thread_and_run(body).await?;
        self.settle(run, options).await
    }

    /// Submits tool outputs and polls the run (see [`Client::poll_run`]).
    pub async fn submit_tool_outputs_and_poll(
        &self,
        thread_id: &str,
        run_id: &str,
        body: &SubmitToolOutputsRunRequest,
        options: PollOptions,
    ) -> Result<RunObject, Error> {
        let run = self
            .submit_tool_outputs_to_run(thread_id, run_id, body)
            .await?;
        self.settle(run, options).await
    }

    async fn settle(&self, run: RunObject, options: PollOptions) -> Result<RunObject, Error> {
        if is_settled(&run.status) {
            return Ok(run);
        }
        self.poll_run(&run.thread_id, &run.id, options).await
    }

    /// Answers `requires_action` until the run is over: each function tool call the run asks
    /// for is passed to `handler`, whose output is submitted; the run is polled between rounds.
    /// A tool call of a `type` this version does not know is answered, without `handler`, with
    /// an output `{"error": "..."}` saying so. Returns the run in its final status, or as it is
    /// when it requires an action of a `type` this version does not know (`RequiredAction::Unknown`).
    pub async fn run_tools<F, Fut>(
        &self,
        mut run: RunObject,
        mut handler: F,
        options: PollOptions,
    ) -> Result<RunObject, Error>
    where
        F: FnMut(FunctionRunToolCall) -> Fut,
        Fut: Future<Output = String>,
    {
        loop {
            run = self.settle(run, options).await?;
            if run.status != RunStatus::RequiresAction {
                return Ok(run);
            }
            let Some(outputs) = answer(&run, &mut handler).await else {
                return Ok(run);
            };
            run = self
                .submit_tool_outputs_to_run(
                    &run.thread_id,
                    &run.id,
                    &SubmitToolOutputsRunRequest::new(outputs),
                )
                .await?;
        }
    }

    /// The streaming tool loop: consumes `events` (from a `*_stream` method), folds every event
    /// into a [`RunAccumulator`] and calls `on_event` with the event and what it changed (the
    /// [`Changes`] of [`RunAccumulator::push`]: `Change::TextAppended { delta, snapshot, .. }`,
    /// `Change::RunStatusChanged { run, from }`, ...; `|event, _|` ignores them). Whenever the
    /// run stops at `requires_action`, it answers the tool calls with `handler` and continues
    /// with the stream of `submit_tool_outputs` (tool calls and required actions of an unknown
    /// `type` as in [`Client::run_tools`]). Returns the accumulated state of the last stream
    /// (its run is final, or requires an unknown action).
    pub async fn run_tools_streaming<F, Fut>(
        &self,
        mut events: EventStream,
        mut handler: F,
        mut on_event: impl FnMut(&AssistantStreamEvent, Changes<'_>),
    ) -> Result<RunAccumulator, Error>
    where
        F: FnMut(FunctionRunToolCall) -> Fut,
        Fut: Future<Output = String>,
    {
        loop {
            let mut state = RunAccumulator::new();
            while let Some(event) = events.next().await {
                let event = event?;
                let changes = state.push(&event);
                on_event(&event, changes);
            }
            let Some(run) = state.run() else {
                return Ok(state);
            };
            if run.status != RunStatus::RequiresAction {
                return Ok(state);
            }
            let Some(outputs) = answer(run, &mut handler).await else {
                return Ok(state);
            };
            let body = SubmitToolOutputsRunRequest::new(outputs);
            let request = Self::submit_tool_outputs_to_run_request(
                &run.thread_id,
                &run.id,
                &body,
                Streaming::On,
            )?;
            events = self.runtime().execute_stream(request).await?;
        }
    }
}

/// The outputs for the tool calls `run` waits for; `None` when it requires an action of a
/// `type` this version does not know.
async fn answer<F, Fut>(run: &RunObject, handler: &mut F) -> Option<Vec<ToolOutput>>
where
    F: FnMut(FunctionRunToolCall) -> Fut,
    Fut: Future<Output = String>,
{
    let calls = match &run.required_action {
        Some(RequiredAction::SubmitToolOutputs(action)) => {
            action.submit_tool_outputs.tool_calls.clone()
        }
        Some(RequiredAction::Unknown(_)) => return None,
        None => Vec::new(),
    };
    let mut outputs = Vec::with_capacity(calls.len());
    for call in calls {
        match call {
            RunToolCallObject::Function(call) => {
                let id = call.id.clone();
                outputs.push(
                    ToolOutput::new()
                        .tool_call_id(id)
                        .output(handler(call).await),
                );
            }
            // Every tool call has an `id`, whatever its `type`: the model learns that this
            // client cannot run it.
            RunToolCallObject::Unknown(call) => {
                let id = call.get("id").and_then(serde_json::Value::as_str);
                let kind = call.get("type").and_then(serde_json::Value::as_str);
                if let (Some(id), Some(kind)) = (id, kind) {
                    let error =
                        format!("tool calls of type `{kind}` are not supported by this client");
                    let output = serde_json::json!({ "error": error }).to_string();
                    outputs.push(ToolOutput::new().tool_call_id(id).output(output));
                }
            }
        }
    }
    Some(outputs)
}
