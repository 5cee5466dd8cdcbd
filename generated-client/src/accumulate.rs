//! Folding a run's event stream into its final state.
//!
//! A streamed run arrives as many small [`AssistantStreamEvent`]s: snapshots of the run, its
//! steps and its messages, and *deltas* that carry a few characters of text or of a tool call's
//! arguments at a time. [`RunAccumulator`] applies them one by one, the way the stream helpers of
//! the official Python and Node SDKs do, so that at any point you can ask for the latest run, the
//! messages with their text assembled so far, the run steps with their tool calls assembled so
//! far, and the tool calls the run is waiting for.
//!
//! ```
//! use openai_assistants::accumulate::RunAccumulator;
//! use openai_assistants::types::AssistantStreamEvent;
//!
//! let transcript = [
//!     ("thread.message.delta", r#"{"id":"msg_1","object":"thread.message.delta",
//!         "delta":{"content":[{"index":0,"type":"text","text":{"value":"Hel"}}]}}"#),
//!     ("thread.message.delta", r#"{"id":"msg_1","object":"thread.message.delta",
//!         "delta":{"content":[{"index":0,"type":"text","text":{"value":"lo!"}}]}}"#),
//!     ("done", "[DONE]"),
//! ];
//! let mut run = RunAccumulator::new();
//! for (event, data) in transcript {
//!     run.push(&AssistantStreamEvent::from_parts(event, data)?);
//! }
//! assert_eq!(run.text(), "Hello!");
//! assert_eq!(run.messages()[0].id, "msg_1");
//! assert!(run.is_finished());
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! With the client, push every event of an [`EventStream`](crate::EventStream):
//!
//! ```no_run
//! # async fn example(client: openai_assistants::Client) -> Result<(), openai_assistants::Error> {
//! use futures_util::StreamExt as _;
//! use openai_assistants::accumulate::RunAccumulator;
//! use openai_assistants::types::CreateRunRequest;
//!
//! let request = CreateRunRequest::new("asst_123");
//! let mut events = client.create_run_stream("thread_123", &request, None).await?;
//! let mut run = RunAccumulator::new();
//! while let Some(event) = events.next().await {
//!     run.push(&event?);
//!     // e.g. redraw `run.text()`, the answer so far
//! }
//! if !run.required_tool_calls().is_empty() {
//!     // answer them with `submit_tool_outputs_to_run_stream`, and keep pushing its events
//!     // into the same accumulator: the run continues where it stopped.
//! }
//! # Ok(()) }
//! ```
//!
//! # What each event changed
//!
//! [`RunAccumulator::push`] returns the [`Changes`] the event made, the way the Python SDK's
//! `AssistantEventHandler` calls `on_text_delta(delta, snapshot)`, `on_tool_call_delta`,
//! `on_message_done`, ... : one `match` on [`Change`] instead of a handler trait. Each change
//! borrows the objects as updated (the message, the step, the tool call) and the fragment the
//! event appended:
//!
//! ```
//! use openai_assistants::accumulate::{Change, RunAccumulator};
//! use openai_assistants::types::AssistantStreamEvent;
//!
//! let transcript = [
//!     ("thread.run.step.delta", r#"{"id":"step_1","object":"thread.run.step.delta",
//!         "delta":{"step_details":{"type":"tool_calls","tool_calls":[{"index":0,"id":"call_1",
//!         "type":"function","function":{"name":"get_weather","arguments":""}}]}}}"#),
//!     ("thread.run.step.delta", r#"{"id":"step_1","object":"thread.run.step.delta",
//!         "delta":{"step_details":{"type":"tool_calls","tool_calls":[{"index":0,
//!         "type":"function","function":{"arguments":"{\"city\":"}}]}}}"#),
//!     ("thread.run.step.delta", r#"{"id":"step_1","object":"thread.run.step.delta",
//!         "delta":{"step_details":{"type":"tool_calls","tool_calls":[{"index":0,
//!         "type":"function","function":{"arguments":"\"Paris\"}"}}]}}}"#),
//!     ("thread.message.delta", r#"{"id":"msg_1","object":"thread.message.delta",
//!         "delta":{"content":[{"index":0,"type":"text","text":{"value":"Sunny"}}]}}"#),
//!     ("thread.message.delta", r#"{"id":"msg_1","object":"thread.message.delta",
//!         "delta":{"content":[{"index":0,"type":"text","text":{"value":" in Paris."}}]}}"#),
//!     ("done", "[DONE]"),
//! ];
//! let mut run = RunAccumulator::new();
//! let mut printed = String::new();
//! for (event, data) in transcript {
//!     let event = AssistantStreamEvent::from_parts(event, data)?;
//!     for change in run.push(&event) {
//!         match change {
//!             Change::ToolCallCreated { index, .. } => println!("tool call #{index}:"),
//!             Change::ArgumentsAppended { call, delta, .. } => {
//!                 // `call.function.arguments` is the JSON text so far
//!                 print!("{delta}");
//!                 printed.push_str(delta);
//!                 if call.function.arguments.ends_with('}') {
//!                     println!(" -> {}({})", call.function.name, call.function.arguments);
//!                 }
//!             }
//!             Change::TextAppended { delta, snapshot, .. } => {
//!                 print!("{delta}"); // `snapshot` is the text so far
//!                 printed.push_str(delta);
//!                 assert!(snapshot.ends_with(delta));
//!             }
//!             Change::Done => println!(),
//!             _ => {}
//!         }
//!     }
//! }
//! assert_eq!(printed, r#"{"city":"Paris"}Sunny in Paris."#);
//! assert_eq!(run.text(), "Sunny in Paris.");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! A `thread.run.*` snapshot gives [`Change::RunStatusChanged`] (or
//! [`Change::RunUpdated`] when the status is the same), followed by
//! [`Change::ToolCallsRequired`] when the run stops at `requires_action` and by
//! [`Change::RunFinished`] when its status is terminal. Messages and steps are announced by
//! [`Change::MessageCreated`] / [`Change::StepCreated`] (also when a delta is the first news of
//! them) and end with [`Change::MessageDone`] / [`Change::StepDone`]. Deltas that append
//! nothing (an empty `arguments: ""`) report no `*Appended` change; a delta that changes a part
//! or call in another way reports [`Change::ContentChanged`] / [`Change::ToolCallChanged`].
//! While the returned [`Changes`] are alive the accumulator stays borrowed: read the state
//! through the changes, or after the loop over them.
//!
//! # Merging rules
//!
//! * `thread.run.*` events replace the run: [`RunAccumulator::run`] is the latest snapshot.
//! * `thread.message.created` / `in_progress` and `thread.run.step.created` / `in_progress`
//!   start the state of a message or step (a second such snapshot updates it, but keeps the
//!   content assembled from deltas when the snapshot's own content is empty).
//! * `thread.message.delta`: each content part with `index` *i* merges into part *i* of the
//!   message: text `value`s and refusals are appended, annotations merge by their own `index`
//!   (new ones are appended), image file ids, urls and details are set. A part index not yet
//!   present creates the part from the delta.
//! * `thread.run.step.delta`: tool calls merge by `index`: `id` and the function `name` are set
//!   when present, function `arguments` are appended, `output` is set when present; code
//!   interpreter `input` is appended and its `outputs` merge by index (logs appended).
//! * `thread.message.completed` / `incomplete` and `thread.run.step.completed` / `failed` /
//!   `cancelled` / `expired` replace the object with the server's, which is authoritative.
//! * `error` is recorded ([`RunAccumulator::stream_error`]), `done` is noted, and unknown events,
//!   unknown content parts or tool call kinds never fail.
//!
//! # Limitations
//!
//! * A delta part that starts a new part may lack fields the full type requires (a tool call
//!   whose first delta has no `id`, an image without its `file_id`, an annotation without its
//!   offsets). Those fields are filled with empty values (`""`, `0`, no items) until a later
//!   delta carries them; the final `completed` snapshot replaces the object anyway.
//! * Delta parts are expected in `index` order, as the API sends them: a part whose index is
//!   beyond the end of the list is appended at the end.
//! * Deltas for a message or step never announced by a snapshot create a placeholder: its `id`
//!   is the delta's, `thread_id`, `run_id` and `assistant_id` come from the latest run (empty
//!   when no run was seen), `created_at` is `0`, its status is `in_progress` and a message's
//!   role is the delta's or `assistant`.
//! * Parts, tool calls and outputs of a kind this version does not know are kept as
//!   `Unknown(json)` and merged as JSON (strings appended, except identifiers and `type`, which
//!   are replaced; arrays merged by `index`).

use serde_json::{Map, Value};

use openapi_runtime::{Extra, Nullable};

use crate::types::{
    Annotation, AnnotationFileCitation, AnnotationFilePath, AssistantStreamEvent, CodeInterpreter,
    CodeInterpreterImageOutput, CodeInterpreterLogOutput, CodeInterpreterOutput,
    CodeInterpreterToolCall, ContentItem, DeltaContentTextAnnotationFileCitation,
    DeltaContentTextAnnotationFilePath, DeltaStepDetailsCallsFileSearchToolCall,
    DeltaStepDetailsCallsFunctionToolCall, DeltaStepDetailsToolCallsCodeInterpreter,
    DetailsToolCallsCodeInterpreterOutput, ErrorObject, FileSearchToolCall, Function,
    FunctionToolCall, Image, ImageFile, ImageUrl, ItemMessageContentImageFileObject,
    ItemMessageContentImageUrlObject, ItemMessageContentTextObject,
    ItemMessageDeltaContentImageFileObject, ItemMessageDeltaContentImageUrlObject,
    ItemMessageDeltaContentRefusalObject, ItemMessageDeltaContentTextObject, MessageContentText,
    MessageCreation, MessageDeltaContentItem, MessageDeltaContentTextAnnotation,
    MessageDeltaObject, MessageObject, MessageRole, MessageStatus, Refusal, RequiredAction,
    RunDeltaStepDetails, RunDeltaStepDetailsMessageCreation, RunDeltaStepDetailsToolCalls,
    RunObject, RunStatus, RunStepDeltaObject, RunStepDeltaStepDetailsCallsToolCall,
    RunStepDetailsToolCallsFileSearch, RunStepObject, RunStepStatus, RunStepType,
    RunToolCallObject, StepDetails, StepDetailsCallsCodeInterpreterToolCall,
    StepDetailsMessageCreation, ThreadObject, ToolCall, ToolCalls,
};

/// The state of a run, folded from its stream of events. See the [module docs](self).
#[derive(Clone, Debug, Default)]
pub struct RunAccumulator {
    thread: Option<ThreadObject>,
    run: Option<RunObject>,
    messages: Vec<MessageObject>,
    steps: Vec<RunStepObject>,
    error: Option<ErrorObject>,
    done: bool,
}

/// What one event changed, as [`RunAccumulator::push`] reports it: the objects as updated by the
/// event (borrowed from the accumulator) and the fragments the event appended (borrowed from
/// the event). An event may change several things (a status and the tool calls it requires,
/// text and an annotation), so `push` returns [`Changes`], in the order they happened.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Change<'a> {
    /// `thread.created`.
    ThreadCreated(&'a ThreadObject),
    /// A run snapshot with another status than the previous one (`from` is `None` for the
    /// first snapshot); the new status is `run.status`.
    RunStatusChanged {
        /// The run as the event describes it.
        run: &'a RunObject,
        /// The status before the event.
        from: Option<RunStatus>,
    },
    /// A run snapshot with the same status as the previous one.
    RunUpdated(&'a RunObject),
    /// The run now waits for the outputs of these tool calls (follows the
    /// [`RunStatusChanged`](Self::RunStatusChanged) to `requires_action`).
    ToolCallsRequired(&'a [RunToolCallObject]),
    /// The run is over (follows the [`RunStatusChanged`](Self::RunStatusChanged) to a status for
    /// which [`RunStatus::is_terminal`] holds).
    RunFinished(&'a RunObject),
    /// A message appeared (`thread.message.created`, or a delta for a message not seen yet).
    MessageCreated(&'a MessageObject),
    /// A later `thread.message.in_progress` snapshot of a known message, or a delta without
    /// content parts.
    MessageUpdated(&'a MessageObject),
    /// A `thread.message.delta` appended text to content part `index` of `message`.
    TextAppended {
        /// The message so far.
        message: &'a MessageObject,
        /// The position of the text part in `message.content`.
        index: usize,
        /// The appended text.
        delta: &'a str,
        /// The part's whole text so far, `delta` included.
        snapshot: &'a str,
    },
    /// A `thread.message.delta` appended to the refusal in content part `index`.
    RefusalAppended {
        /// The message so far.
        message: &'a MessageObject,
        /// The position of the refusal part in `message.content`.
        index: usize,
        /// The appended text.
        delta: &'a str,
        /// The whole refusal so far.
        snapshot: &'a str,
    },
    /// A new annotation of the text part `index`.
    AnnotationAdded {
        /// The message so far.
        message: &'a MessageObject,
        /// The position of the text part in `message.content`.
        index: usize,
        /// The annotation as assembled so far.
        annotation: &'a Annotation,
    },
    /// Any other change of content part `index` (an image part, an annotation completed by a
    /// later delta, a part of a kind this version does not know).
    ContentChanged {
        /// The message so far.
        message: &'a MessageObject,
        /// The position of the part in `message.content`.
        index: usize,
    },
    /// `thread.message.completed` or `incomplete` (see the message's `status`): the server's
    /// final message.
    MessageDone(&'a MessageObject),
    /// A run step appeared (`thread.run.step.created`, or a delta for a step not seen yet).
    StepCreated(&'a RunStepObject),
    /// A later `in_progress` snapshot of a known step, or a delta changing its details other
    /// than by tool calls.
    StepUpdated(&'a RunStepObject),
    /// A step delta started tool call `index` of `step`.
    ToolCallCreated {
        /// The step so far.
        step: &'a RunStepObject,
        /// The position of the call in the step's tool calls.
        index: usize,
        /// The call as its first delta describes it.
        call: &'a ToolCall,
    },
    /// A step delta appended to the arguments of function call `index`.
    ArgumentsAppended {
        /// The step so far.
        step: &'a RunStepObject,
        /// The position of the call in the step's tool calls.
        index: usize,
        /// The call so far (`call.function.arguments` holds every fragment, `delta` included).
        call: &'a FunctionToolCall,
        /// The appended fragment of the arguments' JSON text.
        delta: &'a str,
    },
    /// A step delta appended to the input of code interpreter call `index`.
    CodeInputAppended {
        /// The step so far.
        step: &'a RunStepObject,
        /// The position of the call in the step's tool calls.
        index: usize,
        /// The call so far (`call.code_interpreter.input` holds the whole input so far).
        call: &'a CodeInterpreterToolCall,
        /// The appended code.
        delta: &'a str,
    },
    /// A step delta added or extended (logs appended) an output of code interpreter call
    /// `index`.
    CodeOutputChanged {
        /// The step so far.
        step: &'a RunStepObject,
        /// The position of the call in the step's tool calls.
        index: usize,
        /// The call so far.
        call: &'a CodeInterpreterToolCall,
        /// The output so far.
        output: &'a CodeInterpreterOutput,
    },
    /// Any other change of tool call `index` (its output set, file search results, a call of a
    /// kind this version does not know).
    ToolCallChanged {
        /// The step so far.
        step: &'a RunStepObject,
        /// The position of the call in the step's tool calls.
        index: usize,
        /// The call so far.
        call: &'a ToolCall,
    },
    /// `thread.run.step.completed`, `failed`, `cancelled` or `expired` (see the step's
    /// `status`): the server's final step.
    StepDone(&'a RunStepObject),
    /// The `error` event.
    Error(&'a ErrorObject),
    /// The `done` event.
    Done,
    /// An event this version does not know; it changed nothing.
    Unknown {
        /// The event's name.
        event: &'a str,
        /// The event's data.
        data: &'a Value,
    },
}

/// The changes one event made, in order: an iterator of [`Change`]s returned by
/// [`RunAccumulator::push`] (empty for an event that changes nothing).
#[derive(Clone, Debug)]
pub struct Changes<'a>(std::vec::IntoIter<Change<'a>>);

impl<'a> Iterator for Changes<'a> {
    type Item = Change<'a>;

    fn next(&mut self) -> Option<Change<'a>> {
        self.0.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Changes<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back()
    }
}

impl ExactSizeIterator for Changes<'_> {}

impl std::iter::FusedIterator for Changes<'_> {}

/// What an event changed, by position in the accumulator's lists; [`RunAccumulator::resolve`]
/// turns it into a [`Change`] once the event is applied (`at` is the message's or step's
/// position, `index` the part's or call's).
enum Record<'a> {
    Thread(&'a ThreadObject),
    Run(&'a RunObject),
    RunStatus {
        run: &'a RunObject,
        from: Option<RunStatus>,
    },
    ToolCallsRequired,
    RunFinished(&'a RunObject),
    MessageCreated(usize),
    MessageUpdated(usize),
    Text {
        at: usize,
        index: usize,
        delta: &'a str,
    },
    Refusal {
        at: usize,
        index: usize,
        delta: &'a str,
    },
    Annotation {
        at: usize,
        index: usize,
        annotation: usize,
    },
    Content {
        at: usize,
        index: usize,
    },
    MessageDone(usize),
    StepCreated(usize),
    StepUpdated(usize),
    ToolCallCreated {
        at: usize,
        index: usize,
    },
    Arguments {
        at: usize,
        index: usize,
        delta: &'a str,
    },
    CodeInput {
        at: usize,
        index: usize,
        delta: &'a str,
    },
    CodeOutput {
        at: usize,
        index: usize,
        output: usize,
    },
    ToolCall {
        at: usize,
        index: usize,
    },
    StepDone(usize),
    Error(&'a ErrorObject),
    Done,
    Unknown {
        event: &'a str,
        data: &'a Value,
    },
}

impl RunAccumulator {
    /// An empty state: no run, no messages, no steps.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies one event and says what it changed. Never fails: an `error` event is recorded
    /// (see [`stream_error`](Self::stream_error)), unknown events change nothing but are
    /// reported as [`Change::Unknown`].
    ///
    /// The [`Changes`] borrow the accumulator (the objects as updated by this event) and the
    /// event (the fragments it appends); callers that only want the final state ignore them.
    pub fn push<'a>(&'a mut self, event: &'a AssistantStreamEvent) -> Changes<'a> {
        let mut records = Vec::new();
        self.apply(event, &mut records);
        let this: &'a Self = self;
        let changes: Vec<_> = records.into_iter().map(|r| this.resolve(r)).collect();
        Changes(changes.into_iter())
    }

    fn apply<'a>(&mut self, event: &'a AssistantStreamEvent, out: &mut Vec<Record<'a>>) {
        use AssistantStreamEvent as E;
        match event {
            E::ThreadCreated(thread) => {
                self.thread = Some(thread.clone());
                out.push(Record::Thread(thread));
            }
            E::ThreadRunCreated(run)
            | E::ThreadRunQueued(run)
            | E::ThreadRunInProgress(run)
            | E::ThreadRunRequiresAction(run)
            | E::ThreadRunCompleted(run)
            | E::ThreadRunIncomplete(run)
            | E::ThreadRunFailed(run)
            | E::ThreadRunCancelling(run)
            | E::ThreadRunCancelled(run)
            | E::ThreadRunExpired(run) => {
                let from = self.run.replace(run.clone()).map(|old| old.status);
                if from.as_ref() == Some(&run.status) {
                    out.push(Record::Run(run));
                } else {
                    out.push(Record::RunStatus { run, from });
                    if !self.required_tool_calls().is_empty() {
                        out.push(Record::ToolCallsRequired);
                    }
                    if run.status.is_terminal() {
                        out.push(Record::RunFinished(run));
                    }
                }
            }
            E::ThreadRunStepCreated(step) | E::ThreadRunStepInProgress(step) => {
                out.push(match self.start_step(step) {
                    (at, true) => Record::StepCreated(at),
                    (at, false) => Record::StepUpdated(at),
                })
            }
            E::ThreadRunStepDelta(delta) => self.apply_step_delta(delta, out),
            E::ThreadRunStepCompleted(step)
            | E::ThreadRunStepFailed(step)
            | E::ThreadRunStepCancelled(step)
            | E::ThreadRunStepExpired(step) => out.push(Record::StepDone(self.replace_step(step))),
            E::ThreadMessageCreated(message) | E::ThreadMessageInProgress(message) => {
                out.push(match self.start_message(message) {
                    (at, true) => Record::MessageCreated(at),
                    (at, false) => Record::MessageUpdated(at),
                })
            }
            E::ThreadMessageDelta(delta) => self.apply_message_delta(delta, out),
            E::ThreadMessageCompleted(message) | E::ThreadMessageIncomplete(message) => {
                out.push(Record::MessageDone(self.replace_message(message)))
            }
            E::Error(error) => {
                self.error = Some(error.clone());
                out.push(Record::Error(error));
            }
            E::Done(_) => {
                self.done = true;
                out.push(Record::Done);
            }
            E::Unknown { event, data } => out.push(Record::Unknown { event, data }),
            // Events a later version of the schemas may add change nothing either.
            #[allow(unreachable_patterns)]
            _ => {}
        }
    }

    /// The [`Change`] a record describes, borrowing the updated state.
    fn resolve<'a>(&'a self, record: Record<'a>) -> Change<'a> {
        let message = |at: usize| &self.messages[at];
        let step = |at: usize| &self.steps[at];
        let tool_call = |at: usize, index: usize| match &self.steps[at].step_details {
            StepDetails::ToolCalls(details) => details.tool_calls.get(index),
            _ => None,
        };
        let content = |at: usize, index: usize| self.messages[at].content.get(index);
        // Used when the part or call at a position is not of the kind a record expects (not
        // reachable with the merging rules above, but never a panic).
        let call_changed = |at, index| match tool_call(at, index) {
            Some(call) => Change::ToolCallChanged {
                step: step(at),
                index,
                call,
            },
            None => Change::StepUpdated(step(at)),
        };
        match record {
            Record::Thread(thread) => Change::ThreadCreated(thread),
            Record::Run(run) => Change::RunUpdated(run),
            Record::RunStatus { run, from } => Change::RunStatusChanged { run, from },
            Record::ToolCallsRequired => Change::ToolCallsRequired(self.required_tool_calls()),
            Record::RunFinished(run) => Change::RunFinished(run),
            Record::MessageCreated(at) => Change::MessageCreated(message(at)),
            Record::MessageUpdated(at) => Change::MessageUpdated(message(at)),
            Record::MessageDone(at) => Change::MessageDone(message(at)),
            Record::Text { at, index, delta } => match content(at, index) {
                Some(ContentItem::Text(part)) => Change::TextAppended {
                    message: message(at),
                    index,
                    delta,
                    snapshot: &part.text.value,
                },
                _ => Change::ContentChanged {
                    message: message(at),
                    index,
                },
            },
            Record::Refusal { at, index, delta } => match content(at, index) {
                Some(ContentItem::Refusal(part)) => Change::RefusalAppended {
                    message: message(at),
                    index,
                    delta,
                    snapshot: &part.refusal,
                },
                _ => Change::ContentChanged {
                    message: message(at),
                    index,
                },
            },
            Record::Annotation {
                at,
                index,
                annotation,
            } => match content(at, index) {
                Some(ContentItem::Text(part)) if annotation < part.text.annotations.len() => {
                    Change::AnnotationAdded {
                        message: message(at),
                        index,
                        annotation: &part.text.annotations[annotation],
                    }
                }
                _ => Change::ContentChanged {
                    message: message(at),
                    index,
                },
            },
            Record::Content { at, index } => Change::ContentChanged {
                message: message(at),
                index,
            },
            Record::StepCreated(at) => Change::StepCreated(step(at)),
            Record::StepUpdated(at) => Change::StepUpdated(step(at)),
            Record::StepDone(at) => Change::StepDone(step(at)),
            Record::ToolCallCreated { at, index } => match tool_call(at, index) {
                Some(call) => Change::ToolCallCreated {
                    step: step(at),
                    index,
                    call,
                },
                None => Change::StepUpdated(step(at)),
            },
            Record::ToolCall { at, index } => call_changed(at, index),
            Record::Arguments { at, index, delta } => match tool_call(at, index) {
                Some(ToolCall::Function(call)) => Change::ArgumentsAppended {
                    step: step(at),
                    index,
                    call,
                    delta,
                },
                _ => call_changed(at, index),
            },
            Record::CodeInput { at, index, delta } => match tool_call(at, index) {
                Some(ToolCall::CodeInterpreter(call)) => Change::CodeInputAppended {
                    step: step(at),
                    index,
                    call,
                    delta,
                },
                _ => call_changed(at, index),
            },
            Record::CodeOutput { at, index, output } => match tool_call(at, index) {
                Some(ToolCall::CodeInterpreter(call))
                    if output < call.code_interpreter.outputs.len() =>
                {
                    Change::CodeOutputChanged {
                        step: step(at),
                        index,
                        call,
                        output: &call.code_interpreter.outputs[output],
                    }
                }
                _ => call_changed(at, index),
            },
            Record::Error(error) => Change::Error(error),
            Record::Done => Change::Done,
            Record::Unknown { event, data } => Change::Unknown { event, data },
        }
    }

    /// The thread from a `thread.created` event (streams of `create_thread_and_run`).
    pub fn thread(&self) -> Option<&ThreadObject> {
        self.thread.as_ref()
    }

    /// The latest `thread.run.*` snapshot of the run.
    pub fn run(&self) -> Option<&RunObject> {
        self.run.as_ref()
    }

    /// The status of the latest run snapshot.
    pub fn status(&self) -> Option<&RunStatus> {
        self.run.as_ref().map(|run| &run.status)
    }

    /// The messages in the order they were created, with their content assembled from
    /// `thread.message.delta` events until `thread.message.completed` / `incomplete` replaces
    /// them with the server's final object.
    pub fn messages(&self) -> &[MessageObject] {
        &self.messages
    }

    /// The message with this id.
    pub fn message(&self, id: &str) -> Option<&MessageObject> {
        self.messages.iter().find(|m| m.id == id)
    }

    /// The text parts of all assistant messages, joined with `"\n"`.
    pub fn text(&self) -> String {
        self.messages
            .iter()
            .filter(|m| m.role == MessageRole::Assistant)
            .flat_map(|m| &m.content)
            .filter_map(|part| match part {
                ContentItem::Text(text) => Some(text.text.value.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The latest state of each run step, in creation order, with tool calls assembled from
    /// `thread.run.step.delta` events.
    pub fn steps(&self) -> &[RunStepObject] {
        &self.steps
    }

    /// The run step with this id.
    pub fn step(&self, id: &str) -> Option<&RunStepObject> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Every tool call of every `tool_calls` step, in order.
    pub fn tool_calls(&self) -> Vec<&ToolCall> {
        self.steps
            .iter()
            .filter_map(|step| match &step.step_details {
                StepDetails::ToolCalls(details) => Some(&details.tool_calls),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// The tool calls the run waits for (`required_action.submit_tool_outputs.tool_calls`) when
    /// its status is `requires_action` (and the action is one this version knows); empty
    /// otherwise.
    pub fn required_tool_calls(&self) -> &[RunToolCallObject] {
        match &self.run {
            Some(run) if run.status == RunStatus::RequiresAction => run
                .required_action
                .as_ref()
                .and_then(RequiredAction::as_submit_tool_outputs)
                .map_or(&[][..], |action| &action.submit_tool_outputs.tool_calls),
            _ => &[],
        }
    }

    /// The payload of the `error` event, if one arrived.
    pub fn stream_error(&self) -> Option<&ErrorObject> {
        self.error.as_ref()
    }

    /// Whether the `done` event arrived.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Whether nothing more is to be expected from this stream: the run's status is final
    /// (`completed`, `incomplete`, `failed`, `cancelled`, `expired`) or `requires_action`, or
    /// the `done` or `error` event arrived.
    pub fn is_finished(&self) -> bool {
        self.done || self.error.is_some() || self.status().is_some_and(crate::helpers::is_settled)
    }

    // --- messages ---------------------------------------------------------------------------

    /// The position of the message, and whether it is new.
    fn start_message(&mut self, message: &MessageObject) -> (usize, bool) {
        match self.messages.iter().position(|m| m.id == message.id) {
            None => {
                self.messages.push(message.clone());
                (self.messages.len() - 1, true)
            }
            Some(at) => {
                let existing = &mut self.messages[at];
                let mut updated = message.clone();
                if updated.content.is_empty() {
                    updated.content = std::mem::take(&mut existing.content);
                }
                *existing = updated;
                (at, false)
            }
        }
    }

    fn replace_message(&mut self, message: &MessageObject) -> usize {
        upsert(&mut self.messages, message, |m| &m.id)
    }

    fn apply_message_delta<'a>(
        &mut self,
        delta: &'a MessageDeltaObject,
        out: &mut Vec<Record<'a>>,
    ) {
        let run = self.run.as_ref();
        let (at, created) = index_or_push(
            &mut self.messages,
            &delta.id,
            |m| &m.id,
            || Self::placeholder_message(run, delta),
        );
        if created {
            out.push(Record::MessageCreated(at));
        }
        let first = out.len();
        let message = &mut self.messages[at];
        if let Some(role) = &delta.delta.role {
            message.role = role.clone();
        }
        for part in delta.delta.content.iter().flatten() {
            let annotations = |content: &[ContentItem], index: Option<usize>| match index
                .and_then(|i| content.get(i))
            {
                Some(ContentItem::Text(text)) => text.text.annotations.len(),
                _ => 0,
            };
            let slot = existing_slot(content_delta_index(part), message.content.len());
            let annotations_before = annotations(&message.content, slot);
            let (index, _) = merge_indexed(
                &mut message.content,
                content_delta_index(part),
                part,
                merge_content,
                content_from_delta,
            );
            let before = out.len();
            match part {
                MessageDeltaContentItem::Text(d) => {
                    if let Some(delta) = d.text.as_ref().and_then(|t| non_empty(&t.value)) {
                        out.push(Record::Text { at, index, delta });
                    }
                    let annotations_after = annotations(&message.content, Some(index));
                    for annotation in annotations_before..annotations_after {
                        out.push(Record::Annotation {
                            at,
                            index,
                            annotation,
                        });
                    }
                }
                MessageDeltaContentItem::Refusal(d) => {
                    if let Some(delta) = non_empty(&d.refusal) {
                        out.push(Record::Refusal { at, index, delta });
                    }
                }
                _ => {}
            }
            if out.len() == before {
                out.push(Record::Content { at, index });
            }
        }
        if out.len() == first && !created {
            // A delta without content parts (its role, say).
            out.push(Record::MessageUpdated(at));
        }
    }

    /// A message known only from its deltas; the ids come from the latest run.
    fn placeholder_message(run: Option<&RunObject>, delta: &MessageDeltaObject) -> MessageObject {
        MessageObject {
            id: delta.id.clone(),
            object: "thread.message".into(),
            created_at: 0,
            thread_id: run.map(|r| r.thread_id.clone()).unwrap_or_default(),
            status: MessageStatus::InProgress,
            incomplete_details: None,
            completed_at: None,
            incomplete_at: None,
            role: delta.delta.role.clone().unwrap_or(MessageRole::Assistant),
            content: Vec::new(),
            assistant_id: run.map(|r| r.assistant_id.clone()),
            run_id: run.map(|r| r.id.clone()),
            attachments: None,
            metadata: None,
            extra: Default::default(),
        }
    }

    // --- run steps --------------------------------------------------------------------------

    /// The position of the step, and whether it is new.
    fn start_step(&mut self, step: &RunStepObject) -> (usize, bool) {
        match self.steps.iter().position(|s| s.id == step.id) {
            None => {
                self.steps.push(step.clone());
                (self.steps.len() - 1, true)
            }
            Some(at) => {
                let existing = &mut self.steps[at];
                let mut updated = step.clone();
                if details_are_empty(&updated.step_details)
                    && !details_are_empty(&existing.step_details)
                {
                    std::mem::swap(&mut updated.step_details, &mut existing.step_details);
                }
                *existing = updated;
                (at, false)
            }
        }
    }

    fn replace_step(&mut self, step: &RunStepObject) -> usize {
        upsert(&mut self.steps, step, |s| &s.id)
    }

    fn apply_step_delta<'a>(&mut self, delta: &'a RunStepDeltaObject, out: &mut Vec<Record<'a>>) {
        let run = self.run.as_ref();
        let (at, created) = index_or_push(
            &mut self.steps,
            &delta.id,
            |s| &s.id,
            || Self::placeholder_step(run, delta),
        );
        if created {
            out.push(Record::StepCreated(at));
        }
        let step = &mut self.steps[at];
        match &delta.delta.step_details {
            Some(RunDeltaStepDetails::ToolCalls(d)) => {
                let details = tool_calls_of(&mut step.step_details);
                for call in d.tool_calls.iter().flatten() {
                    merge_tool_call_delta(details, call, at, out);
                }
                extend_extra(&mut details.extra, &d.extra);
            }
            Some(details) => {
                merge_step_details(&mut step.step_details, details);
                if !created {
                    out.push(Record::StepUpdated(at));
                }
            }
            None if !created => out.push(Record::StepUpdated(at)),
            None => {}
        }
        if matches!(&step.r#type, RunStepType::Other(t) if t.is_empty()) {
            step.r#type = step_type_of(&step.step_details);
        }
    }

    /// A run step known only from its deltas; the ids come from the latest run.
    fn placeholder_step(run: Option<&RunObject>, delta: &RunStepDeltaObject) -> RunStepObject {
        RunStepObject {
            id: delta.id.clone(),
            object: "thread.run.step".into(),
            created_at: 0,
            assistant_id: run.map(|r| r.assistant_id.clone()).unwrap_or_default(),
            thread_id: run.map(|r| r.thread_id.clone()).unwrap_or_default(),
            run_id: run.map(|r| r.id.clone()).unwrap_or_default(),
            // Set from the details once a delta carries them (see `apply_step_delta`).
            r#type: RunStepType::Other(String::new()),
            status: RunStepStatus::InProgress,
            step_details: StepDetails::Unknown(Value::Object(Map::new())),
            last_error: None,
            expired_at: None,
            cancelled_at: None,
            failed_at: None,
            completed_at: None,
            metadata: None,
            usage: None,
            extra: Default::default(),
        }
    }
}

// --- generic helpers ------------------------------------------------------------------------

/// Merges `delta` into the item at `index` of `items`, or appends the item made from it when
/// there is none (or the index is missing or negative). Returns the item's position and
/// whether it is new.
fn merge_indexed<T, D>(
    items: &mut Vec<T>,
    index: Option<i64>,
    delta: &D,
    merge: fn(&mut T, &D),
    create: fn(&D) -> T,
) -> (usize, bool) {
    match existing_slot(index, items.len()) {
        Some(at) => {
            merge(&mut items[at], delta);
            (at, false)
        }
        None => {
            items.push(create(delta));
            (items.len() - 1, true)
        }
    }
}

/// The position of the existing item a delta's `index` designates among `len` items; `None`
/// when the delta starts a new item (see [`merge_indexed`]).
fn existing_slot(index: Option<i64>, len: usize) -> Option<usize> {
    index
        .and_then(|i| usize::try_from(i).ok())
        .filter(|&i| i < len)
}

/// The fragment a delta appends, when it appends something.
fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

fn extend_extra(target: &mut Extra, delta: &Extra) {
    target.extend(
        delta
            .iter()
            .map(|(key, value)| (key.clone(), value.clone())),
    );
}

fn set_if_some<T: Clone>(target: &mut T, value: &Option<T>) {
    if let Some(value) = value {
        *target = value.clone();
    }
}

fn append_if_some(target: &mut String, value: &Option<String>) {
    if let Some(value) = value {
        target.push_str(value);
    }
}

fn json_index(value: &Value) -> Option<i64> {
    value.get("index").and_then(Value::as_i64)
}

/// Keys whose string values identify rather than accumulate: a later value replaces them.
const REPLACED_KEYS: &[&str] = &[
    "type",
    "id",
    "name",
    "file_id",
    "url",
    "detail",
    "output",
    "role",
    "status",
    "message_id",
];

/// Merges a JSON delta into a JSON value (for kinds this version does not know): `index` keys
/// locate, strings are appended (except [`REPLACED_KEYS`]), objects merge key by key, arrays
/// merge by their items' `index`, anything else is replaced.
fn merge_json(target: &mut Value, delta: &Value) {
    merge_json_at(target, delta, None);
}

fn merge_json_at(target: &mut Value, delta: &Value, key: Option<&str>) {
    match (target, delta) {
        (Value::Object(target), Value::Object(delta)) => {
            for (k, v) in delta {
                if k == "index" {
                    continue;
                }
                match target.get_mut(k) {
                    Some(existing) => merge_json_at(existing, v, Some(k)),
                    None => {
                        let mut fresh = Value::Null;
                        merge_json_at(&mut fresh, v, Some(k));
                        target.insert(k.clone(), fresh);
                    }
                }
            }
        }
        (Value::String(target), Value::String(delta))
            if !key.is_some_and(|k| REPLACED_KEYS.contains(&k)) =>
        {
            target.push_str(delta);
        }
        (Value::Array(target), Value::Array(delta)) => {
            for item in delta {
                match json_index(item)
                    .and_then(|i| usize::try_from(i).ok())
                    .and_then(|i| target.get_mut(i))
                {
                    Some(existing) => merge_json_at(existing, item, None),
                    None => target.push(json_from_delta(item)),
                }
            }
        }
        (target, delta) => *target = json_from_delta(delta),
    }
}

/// A JSON delta without its `index` keys (which only locate).
fn json_from_delta(delta: &Value) -> Value {
    match delta {
        Value::Object(_) => {
            let mut fresh = Value::Object(Map::new());
            merge_json(&mut fresh, delta);
            fresh
        }
        Value::Array(items) => Value::Array(items.iter().map(json_from_delta).collect()),
        other => other.clone(),
    }
}

// --- message content ------------------------------------------------------------------------

fn content_delta_index(delta: &MessageDeltaContentItem) -> Option<i64> {
    match delta {
        MessageDeltaContentItem::ImageFile(d) => Some(d.index),
        MessageDeltaContentItem::Text(d) => Some(d.index),
        MessageDeltaContentItem::Refusal(d) => Some(d.index),
        MessageDeltaContentItem::ImageUrl(d) => Some(d.index),
        MessageDeltaContentItem::Unknown(v) => json_index(v),
    }
}

fn merge_content(part: &mut ContentItem, delta: &MessageDeltaContentItem) {
    match (part, delta) {
        (ContentItem::Text(part), MessageDeltaContentItem::Text(d)) => merge_text(part, d),
        (ContentItem::Refusal(part), MessageDeltaContentItem::Refusal(d)) => merge_refusal(part, d),
        (ContentItem::ImageFile(part), MessageDeltaContentItem::ImageFile(d)) => {
            merge_image_file(part, d)
        }
        (ContentItem::ImageUrl(part), MessageDeltaContentItem::ImageUrl(d)) => {
            merge_image_url(part, d)
        }
        (ContentItem::Unknown(part), MessageDeltaContentItem::Unknown(d)) => merge_json(part, d),
        // The part at this index changed kind: the delta describes it now.
        (part, delta) => *part = content_from_delta(delta),
    }
}

/// The full content part a delta starts (see the module docs for missing required fields).
fn content_from_delta(delta: &MessageDeltaContentItem) -> ContentItem {
    match delta {
        MessageDeltaContentItem::Text(d) => {
            let mut part = ItemMessageContentTextObject {
                text: MessageContentText {
                    value: String::new(),
                    annotations: Vec::new(),
                    extra: Default::default(),
                },
                extra: Default::default(),
            };
            merge_text(&mut part, d);
            ContentItem::Text(part)
        }
        MessageDeltaContentItem::Refusal(d) => {
            let mut part = Refusal {
                refusal: String::new(),
                extra: Default::default(),
            };
            merge_refusal(&mut part, d);
            ContentItem::Refusal(part)
        }
        MessageDeltaContentItem::ImageFile(d) => {
            let mut part = ItemMessageContentImageFileObject {
                image_file: ImageFile {
                    file_id: String::new(),
                    detail: None,
                    extra: Default::default(),
                },
                extra: Default::default(),
            };
            merge_image_file(&mut part, d);
            ContentItem::ImageFile(part)
        }
        MessageDeltaContentItem::ImageUrl(d) => {
            let mut part = ItemMessageContentImageUrlObject {
                image_url: ImageUrl {
                    url: String::new(),
                    detail: None,
                    extra: Default::default(),
                },
                extra: Default::default(),
            };
            merge_image_url(&mut part, d);
            ContentItem::ImageUrl(part)
        }
        MessageDeltaContentItem::Unknown(v) => ContentItem::Unknown(json_from_delta(v)),
    }
}

fn merge_text(part: &mut ItemMessageContentTextObject, delta: &ItemMessageDeltaContentTextObject) {
    extend_extra(&mut part.extra, &delta.extra);
    let Some(text) = &delta.text else { return };
    append_if_some(&mut part.text.value, &text.value);
    for annotation in text.annotations.iter().flatten() {
        merge_indexed(
            &mut part.text.annotations,
            annotation_delta_index(annotation),
            annotation,
            merge_annotation,
            annotation_from_delta,
        );
    }
    extend_extra(&mut part.text.extra, &text.extra);
}

fn merge_refusal(part: &mut Refusal, delta: &ItemMessageDeltaContentRefusalObject) {
    append_if_some(&mut part.refusal, &delta.refusal);
    extend_extra(&mut part.extra, &delta.extra);
}

fn merge_image_file(
    part: &mut ItemMessageContentImageFileObject,
    delta: &ItemMessageDeltaContentImageFileObject,
) {
    extend_extra(&mut part.extra, &delta.extra);
    if let Some(image) = &delta.image_file {
        set_if_some(&mut part.image_file.file_id, &image.file_id);
        if image.detail.is_some() {
            part.image_file.detail.clone_from(&image.detail);
        }
        extend_extra(&mut part.image_file.extra, &image.extra);
    }
}

fn merge_image_url(
    part: &mut ItemMessageContentImageUrlObject,
    delta: &ItemMessageDeltaContentImageUrlObject,
) {
    extend_extra(&mut part.extra, &delta.extra);
    if let Some(image) = &delta.image_url {
        set_if_some(&mut part.image_url.url, &image.url);
        if image.detail.is_some() {
            part.image_url.detail.clone_from(&image.detail);
        }
        extend_extra(&mut part.image_url.extra, &image.extra);
    }
}

// --- annotations ----------------------------------------------------------------------------

fn annotation_delta_index(delta: &MessageDeltaContentTextAnnotation) -> Option<i64> {
    match delta {
        MessageDeltaContentTextAnnotation::FileCitation(d) => Some(d.index),
        MessageDeltaContentTextAnnotation::FilePath(d) => Some(d.index),
        MessageDeltaContentTextAnnotation::Unknown(v) => json_index(v),
    }
}

fn merge_annotation(annotation: &mut Annotation, delta: &MessageDeltaContentTextAnnotation) {
    match (annotation, delta) {
        (Annotation::FileCitation(a), MessageDeltaContentTextAnnotation::FileCitation(d)) => {
            merge_file_citation(a, d)
        }
        (Annotation::FilePath(a), MessageDeltaContentTextAnnotation::FilePath(d)) => {
            merge_file_path(a, d)
        }
        (Annotation::Unknown(a), MessageDeltaContentTextAnnotation::Unknown(d)) => merge_json(a, d),
        (annotation, delta) => *annotation = annotation_from_delta(delta),
    }
}

fn annotation_from_delta(delta: &MessageDeltaContentTextAnnotation) -> Annotation {
    let empty_reference = || Image {
        file_id: String::new(),
        extra: Default::default(),
    };
    match delta {
        MessageDeltaContentTextAnnotation::FileCitation(d) => {
            let mut a = AnnotationFileCitation {
                text: String::new(),
                file_citation: empty_reference(),
                start_index: 0,
                end_index: 0,
                extra: Default::default(),
            };
            merge_file_citation(&mut a, d);
            Annotation::FileCitation(a)
        }
        MessageDeltaContentTextAnnotation::FilePath(d) => {
            let mut a = AnnotationFilePath {
                text: String::new(),
                file_path: empty_reference(),
                start_index: 0,
                end_index: 0,
                extra: Default::default(),
            };
            merge_file_path(&mut a, d);
            Annotation::FilePath(a)
        }
        MessageDeltaContentTextAnnotation::Unknown(v) => Annotation::Unknown(json_from_delta(v)),
    }
}

fn merge_file_citation(a: &mut AnnotationFileCitation, d: &DeltaContentTextAnnotationFileCitation) {
    set_if_some(&mut a.text, &d.text);
    set_if_some(&mut a.start_index, &d.start_index);
    set_if_some(&mut a.end_index, &d.end_index);
    if let Some(citation) = &d.file_citation {
        set_if_some(&mut a.file_citation.file_id, &citation.file_id);
        if let Some(quote) = &citation.quote {
            // The full `file_citation` object has no typed `quote`; it keeps it as an extra.
            a.file_citation
                .extra
                .insert("quote".into(), Value::String(quote.clone()));
        }
        extend_extra(&mut a.file_citation.extra, &citation.extra);
    }
    extend_extra(&mut a.extra, &d.extra);
}

fn merge_file_path(a: &mut AnnotationFilePath, d: &DeltaContentTextAnnotationFilePath) {
    set_if_some(&mut a.text, &d.text);
    set_if_some(&mut a.start_index, &d.start_index);
    set_if_some(&mut a.end_index, &d.end_index);
    if let Some(path) = &d.file_path {
        set_if_some(&mut a.file_path.file_id, &path.file_id);
        extend_extra(&mut a.file_path.extra, &path.extra);
    }
    extend_extra(&mut a.extra, &d.extra);
}

// --- run step details and tool calls --------------------------------------------------------

fn details_are_empty(details: &StepDetails) -> bool {
    match details {
        StepDetails::ToolCalls(d) => d.tool_calls.is_empty(),
        StepDetails::MessageCreation(d) => d.message_creation.message_id.is_empty(),
        StepDetails::Unknown(v) => v.as_object().is_some_and(Map::is_empty),
    }
}

fn step_type_of(details: &StepDetails) -> RunStepType {
    match details {
        StepDetails::ToolCalls(_) => RunStepType::ToolCalls,
        StepDetails::MessageCreation(_) => RunStepType::MessageCreation,
        StepDetails::Unknown(v) => RunStepType::Other(
            v.get("type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        ),
    }
}

fn merge_step_details(details: &mut StepDetails, delta: &RunDeltaStepDetails) {
    match (details, delta) {
        (StepDetails::ToolCalls(d), RunDeltaStepDetails::ToolCalls(delta)) => {
            merge_tool_calls_details(d, delta)
        }
        (StepDetails::MessageCreation(d), RunDeltaStepDetails::MessageCreation(delta)) => {
            merge_message_creation_details(d, delta)
        }
        (StepDetails::Unknown(d), RunDeltaStepDetails::Unknown(delta)) => merge_json(d, delta),
        (details, delta) => *details = step_details_from_delta(delta),
    }
}

fn step_details_from_delta(delta: &RunDeltaStepDetails) -> StepDetails {
    match delta {
        RunDeltaStepDetails::ToolCalls(delta) => {
            let mut details = ToolCalls {
                tool_calls: Vec::new(),
                extra: Default::default(),
            };
            merge_tool_calls_details(&mut details, delta);
            StepDetails::ToolCalls(details)
        }
        RunDeltaStepDetails::MessageCreation(delta) => {
            let mut details = StepDetailsMessageCreation {
                message_creation: MessageCreation {
                    message_id: String::new(),
                    extra: Default::default(),
                },
                extra: Default::default(),
            };
            merge_message_creation_details(&mut details, delta);
            StepDetails::MessageCreation(details)
        }
        RunDeltaStepDetails::Unknown(v) => StepDetails::Unknown(json_from_delta(v)),
    }
}

fn merge_message_creation_details(
    details: &mut StepDetailsMessageCreation,
    delta: &RunDeltaStepDetailsMessageCreation,
) {
    if let Some(creation) = &delta.message_creation {
        set_if_some(
            &mut details.message_creation.message_id,
            &creation.message_id,
        );
        extend_extra(&mut details.message_creation.extra, &creation.extra);
    }
    extend_extra(&mut details.extra, &delta.extra);
}

fn merge_tool_calls_details(details: &mut ToolCalls, delta: &RunDeltaStepDetailsToolCalls) {
    for call in delta.tool_calls.iter().flatten() {
        merge_indexed(
            &mut details.tool_calls,
            tool_call_delta_index(call),
            call,
            merge_tool_call,
            tool_call_from_delta,
        );
    }
    extend_extra(&mut details.extra, &delta.extra);
}

/// The tool calls of a step's details, which become `tool_calls` details when they were of
/// another kind (a placeholder step's first delta).
fn tool_calls_of(details: &mut StepDetails) -> &mut ToolCalls {
    if !matches!(details, StepDetails::ToolCalls(_)) {
        *details = StepDetails::ToolCalls(ToolCalls {
            tool_calls: Vec::new(),
            extra: Default::default(),
        });
    }
    match details {
        StepDetails::ToolCalls(calls) => calls,
        _ => unreachable!("set to tool calls above"),
    }
}

/// Merges one tool call delta into the calls of the step at position `at`, recording what it
/// changed.
fn merge_tool_call_delta<'a>(
    details: &mut ToolCalls,
    call: &'a RunStepDeltaStepDetailsCallsToolCall,
    at: usize,
    out: &mut Vec<Record<'a>>,
) {
    let index = tool_call_delta_index(call);
    let outputs_before =
        match existing_slot(index, details.tool_calls.len()).map(|i| &details.tool_calls[i]) {
            Some(ToolCall::CodeInterpreter(c)) => c.code_interpreter.outputs.len(),
            _ => 0,
        };
    let (index, created) = merge_indexed(
        &mut details.tool_calls,
        index,
        call,
        merge_tool_call,
        tool_call_from_delta,
    );
    let before = out.len();
    if created {
        out.push(Record::ToolCallCreated { at, index });
    }
    match call {
        RunStepDeltaStepDetailsCallsToolCall::Function(d) => {
            if let Some(delta) = d.function.as_ref().and_then(|f| non_empty(&f.arguments)) {
                out.push(Record::Arguments { at, index, delta });
            }
        }
        RunStepDeltaStepDetailsCallsToolCall::CodeInterpreter(d) => {
            if let Some(code) = &d.code_interpreter {
                if let Some(delta) = non_empty(&code.input) {
                    out.push(Record::CodeInput { at, index, delta });
                }
                // The positions `merge_code_interpreter` merged the outputs at.
                let mut len = outputs_before;
                for output in code.outputs.iter().flatten() {
                    let output = match existing_slot(output_delta_index(output), len) {
                        Some(existing) => existing,
                        None => {
                            len += 1;
                            len - 1
                        }
                    };
                    out.push(Record::CodeOutput { at, index, output });
                }
            }
        }
        _ => {}
    }
    if out.len() == before {
        out.push(Record::ToolCall { at, index });
    }
}

fn tool_call_delta_index(delta: &RunStepDeltaStepDetailsCallsToolCall) -> Option<i64> {
    match delta {
        RunStepDeltaStepDetailsCallsToolCall::CodeInterpreter(d) => Some(d.index),
        RunStepDeltaStepDetailsCallsToolCall::FileSearch(d) => Some(d.index),
        RunStepDeltaStepDetailsCallsToolCall::Function(d) => Some(d.index),
        RunStepDeltaStepDetailsCallsToolCall::Unknown(v) => json_index(v),
    }
}

fn merge_tool_call(call: &mut ToolCall, delta: &RunStepDeltaStepDetailsCallsToolCall) {
    match (call, delta) {
        (ToolCall::Function(c), RunStepDeltaStepDetailsCallsToolCall::Function(d)) => {
            merge_function_call(c, d)
        }
        (
            ToolCall::CodeInterpreter(c),
            RunStepDeltaStepDetailsCallsToolCall::CodeInterpreter(d),
        ) => merge_code_interpreter_call(c, d),
        (ToolCall::FileSearch(c), RunStepDeltaStepDetailsCallsToolCall::FileSearch(d)) => {
            merge_file_search_call(c, d)
        }
        (ToolCall::Unknown(c), RunStepDeltaStepDetailsCallsToolCall::Unknown(d)) => {
            merge_json(c, d)
        }
        (call, delta) => *call = tool_call_from_delta(delta),
    }
}

/// The full tool call a delta starts (see the module docs for missing required fields).
fn tool_call_from_delta(delta: &RunStepDeltaStepDetailsCallsToolCall) -> ToolCall {
    match delta {
        RunStepDeltaStepDetailsCallsToolCall::Function(d) => {
            let mut call = FunctionToolCall {
                id: String::new(),
                function: Function {
                    name: String::new(),
                    arguments: String::new(),
                    output: None,
                    extra: Default::default(),
                },
                extra: Default::default(),
            };
            merge_function_call(&mut call, d);
            ToolCall::Function(call)
        }
        RunStepDeltaStepDetailsCallsToolCall::CodeInterpreter(d) => {
            let mut call = CodeInterpreterToolCall {
                id: String::new(),
                code_interpreter: CodeInterpreter {
                    input: String::new(),
                    outputs: Vec::new(),
                    extra: Default::default(),
                },
                extra: Default::default(),
            };
            merge_code_interpreter_call(&mut call, d);
            ToolCall::CodeInterpreter(call)
        }
        RunStepDeltaStepDetailsCallsToolCall::FileSearch(d) => {
            let mut call = FileSearchToolCall {
                id: String::new(),
                file_search: RunStepDetailsToolCallsFileSearch::default(),
                extra: Default::default(),
            };
            merge_file_search_call(&mut call, d);
            ToolCall::FileSearch(call)
        }
        RunStepDeltaStepDetailsCallsToolCall::Unknown(v) => ToolCall::Unknown(json_from_delta(v)),
    }
}

fn merge_function_call(call: &mut FunctionToolCall, delta: &DeltaStepDetailsCallsFunctionToolCall) {
    set_if_some(&mut call.id, &delta.id);
    if let Some(function) = &delta.function {
        set_if_some(&mut call.function.name, &function.name);
        append_if_some(&mut call.function.arguments, &function.arguments);
        match &function.output {
            Nullable::Value(output) => call.function.output = Some(output.clone()),
            Nullable::Null => call.function.output = None,
            Nullable::Absent => {}
        }
        extend_extra(&mut call.function.extra, &function.extra);
    }
    extend_extra(&mut call.extra, &delta.extra);
}

fn merge_code_interpreter_call(
    call: &mut CodeInterpreterToolCall,
    delta: &StepDetailsCallsCodeInterpreterToolCall,
) {
    set_if_some(&mut call.id, &delta.id);
    if let Some(code) = &delta.code_interpreter {
        merge_code_interpreter(&mut call.code_interpreter, code);
    }
    extend_extra(&mut call.extra, &delta.extra);
}

fn merge_code_interpreter(
    call: &mut CodeInterpreter,
    delta: &DeltaStepDetailsToolCallsCodeInterpreter,
) {
    append_if_some(&mut call.input, &delta.input);
    for output in delta.outputs.iter().flatten() {
        merge_indexed(
            &mut call.outputs,
            output_delta_index(output),
            output,
            merge_output,
            output_from_delta,
        );
    }
    extend_extra(&mut call.extra, &delta.extra);
}

fn output_delta_index(delta: &DetailsToolCallsCodeInterpreterOutput) -> Option<i64> {
    match delta {
        DetailsToolCallsCodeInterpreterOutput::Logs(d) => Some(d.index),
        DetailsToolCallsCodeInterpreterOutput::Image(d) => Some(d.index),
        DetailsToolCallsCodeInterpreterOutput::Unknown(v) => json_index(v),
    }
}

fn merge_output(output: &mut CodeInterpreterOutput, delta: &DetailsToolCallsCodeInterpreterOutput) {
    match (output, delta) {
        (CodeInterpreterOutput::Logs(o), DetailsToolCallsCodeInterpreterOutput::Logs(d)) => {
            append_if_some(&mut o.logs, &d.logs);
            extend_extra(&mut o.extra, &d.extra);
        }
        (CodeInterpreterOutput::Image(o), DetailsToolCallsCodeInterpreterOutput::Image(d)) => {
            if let Some(image) = &d.image {
                set_if_some(&mut o.image.file_id, &image.file_id);
                extend_extra(&mut o.image.extra, &image.extra);
            }
            extend_extra(&mut o.extra, &d.extra);
        }
        (CodeInterpreterOutput::Unknown(o), DetailsToolCallsCodeInterpreterOutput::Unknown(d)) => {
            merge_json(o, d)
        }
        (output, delta) => *output = output_from_delta(delta),
    }
}

fn output_from_delta(delta: &DetailsToolCallsCodeInterpreterOutput) -> CodeInterpreterOutput {
    let mut output = match delta {
        DetailsToolCallsCodeInterpreterOutput::Logs(_) => {
            CodeInterpreterOutput::Logs(CodeInterpreterLogOutput {
                logs: String::new(),
                extra: Default::default(),
            })
        }
        DetailsToolCallsCodeInterpreterOutput::Image(_) => {
            CodeInterpreterOutput::Image(CodeInterpreterImageOutput {
                image: Image {
                    file_id: String::new(),
                    extra: Default::default(),
                },
                extra: Default::default(),
            })
        }
        DetailsToolCallsCodeInterpreterOutput::Unknown(v) => {
            return CodeInterpreterOutput::Unknown(json_from_delta(v))
        }
    };
    merge_output(&mut output, delta);
    output
}

fn merge_file_search_call(
    call: &mut FileSearchToolCall,
    delta: &DeltaStepDetailsCallsFileSearchToolCall,
) {
    set_if_some(&mut call.id, &delta.id);
    if !delta.file_search.is_empty() {
        // The delta's `file_search` is untyped: merge it as JSON into the typed object. Should
        // the result not fit the type, every field is kept in `extra`.
        let mut merged =
            serde_json::to_value(&call.file_search).unwrap_or_else(|_| Value::Object(Map::new()));
        merge_json(&mut merged, &Value::Object(delta.file_search.clone()));
        call.file_search = match serde_json::from_value(merged.clone()) {
            Ok(file_search) => file_search,
            Err(_) => RunStepDetailsToolCallsFileSearch {
                extra: match merged {
                    Value::Object(map) => map.into(),
                    _ => Extra::new(),
                },
                ..RunStepDetailsToolCallsFileSearch::default()
            },
        };
    }
    extend_extra(&mut call.extra, &delta.extra);
}

/// Replaces the item with the same id, or appends it. Returns its position.
fn upsert<T: Clone>(items: &mut Vec<T>, item: &T, id_of: impl Fn(&T) -> &String) -> usize {
    match items
        .iter()
        .position(|existing| id_of(existing) == id_of(item))
    {
        Some(at) => {
            items[at] = item.clone();
            at
        }
        None => {
            items.push(item.clone());
            items.len() - 1
        }
    }
}

/// The index of the item with `id`, pushing `make()` first when there is none; and whether it
/// was pushed.
fn index_or_push<T>(
    items: &mut Vec<T>,
    id: &str,
    id_of: impl Fn(&T) -> &String,
    make: impl FnOnce() -> T,
) -> (usize, bool) {
    match items.iter().position(|item| id_of(item) == id) {
        Some(at) => (at, false),
        None => {
            items.push(make());
            (items.len() - 1, true)
        }
    }
}

impl AssistantStreamEvent {
    /// The text a `thread.message.delta` event adds to the assistant's message (its first text
    /// part; a delta carries one in practice), `None` for every other event:
    /// `if let Some(text) = event.text_delta() { print!("{text}") }`.
    pub fn text_delta(&self) -> Option<&str> {
        self.text_deltas().next()
    }

    /// Every text fragment of a `thread.message.delta` event, in order (none for other events).
    pub fn text_deltas(&self) -> impl Iterator<Item = &str> {
        let parts = match self {
            AssistantStreamEvent::ThreadMessageDelta(delta) => delta.delta.content.as_deref(),
            _ => None,
        };
        parts
            .unwrap_or_default()
            .iter()
            .filter_map(|part| match part {
                MessageDeltaContentItem::Text(text) => text.text.as_ref()?.value.as_deref(),
                _ => None,
            })
    }
}

impl MessageObject {
    /// The message's text: its text parts, concatenated (images and other parts left out).
    /// `message.text()` instead of matching `ContentItem::Text(text)` to reach
    /// `text.text.value`; the annotations stay in [`MessageObject::content`].
    pub fn text(&self) -> String {
        self.content
            .iter()
            .filter_map(|part| match part {
                ContentItem::Text(text) => Some(text.text.value.as_str()),
                _ => None,
            })
            .collect()
    }
}
