//! [`Tools`]: typed function-call handlers registered by function name, for the tool loops
//! ([`Client::run_tools`](crate::Client::run_tools),
//! [`Client::run_tools_streaming`](crate::Client::run_tools_streaming)).
//!
//! ```no_run
//! # async fn demo(client: openai_assistants::Client, run: openai_assistants::types::RunObject)
//! # -> Result<(), openai_assistants::Error> {
//! use openai_assistants::helpers::PollOptions;
//! use openai_assistants::tools::Tools;
//!
//! // Its tool: `FunctionTool::of::<WeatherArgs>(...)` (with `#[derive(JsonSchema)]` too).
//! #[derive(serde::Deserialize)]
//! struct WeatherArgs {
//!     location: String,
//!     unit: Option<String>,
//! }
//!
//! let mut tools = Tools::new().add("get_current_weather", |args: WeatherArgs| async move {
//!     Ok::<_, std::io::Error>(serde_json::json!({"location": args.location, "temperature": 72}))
//! });
//! let run = client
//!     .run_tools(run, |call| tools.call(&call), PollOptions::default())
//!     .await?;
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::fmt::Display;
use std::future::Future;

use futures_util::future::{self, BoxFuture, FutureExt as _};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use crate::types::{FunctionRunToolCall, FunctionTool, Tool};

type Handler<'a> = Box<dyn FnMut(&str) -> BoxFuture<'a, String> + Send + 'a>;

/// Function-call handlers by function name, each taking its decoded arguments.
///
/// [`Tools::call`] answers one [`FunctionRunToolCall`] with the text to submit as its output. Nothing a
/// call does ends the run: arguments that do not decode into the handler's type, an error from
/// the handler, or a function name nothing is registered for are reported to the model as that
/// call's output, a short JSON text `{"error": "..."}`, so that it can correct itself.
pub struct Tools<'a> {
    handlers: BTreeMap<String, Handler<'a>>,
    /// The tools of [`Tools::function`], in the order added.
    definitions: Vec<FunctionTool>,
}

impl<'a> Tools<'a> {
    /// No handlers yet.
    pub fn new() -> Self {
        Self {
            handlers: BTreeMap::new(),
            definitions: Vec::new(),
        }
    }

    /// Registers a function in one go: its strict tool
    /// ([`FunctionTool::of::<T>`](crate::types::FunctionTool::of), listed by
    /// [`Tools::definitions`]) and its handler (as [`Tools::add`] does). A later `function`
    /// of the same name replaces both.
    #[cfg(feature = "schemars")]
    pub fn function<T, F, Fut, O, E>(
        mut self,
        name: impl Into<String>,
        description: impl Into<String>,
        handler: F,
    ) -> Self
    where
        T: DeserializeOwned + schemars::JsonSchema,
        F: FnMut(T) -> Fut + Send + 'a,
        Fut: Future<Output = Result<O, E>> + Send + 'a,
        O: Serialize,
        E: Display,
    {
        let name = name.into();
        self.definitions.retain(|tool| tool.function.name != name);
        self.definitions
            .push(FunctionTool::of::<T>(name.clone(), description));
        self.add(name, handler)
    }

    /// The tools registered with [`Tools::function`], for the request's `tools`.
    pub fn definitions(&self) -> Vec<Tool> {
        self.definitions.iter().cloned().map(Tool::from).collect()
    }

    /// Registers the handler of function `name` (a later `add` of the same name replaces it).
    /// `handler` receives the call's `arguments` decoded into `T` (its tool is typically
    /// [`FunctionTool::of::<T>`](crate::types::FunctionTool::of)). Its output is submitted
    /// as is if it serializes to a JSON string, else as JSON text; an `Err` is submitted as
    /// `{"error": "<its Display text>"}`.
    pub fn add<T, F, Fut, O, E>(mut self, name: impl Into<String>, mut handler: F) -> Self
    where
        T: DeserializeOwned,
        F: FnMut(T) -> Fut + Send + 'a,
        Fut: Future<Output = Result<O, E>> + Send + 'a,
        O: Serialize,
        E: Display,
    {
        let name = name.into();
        let function = name.clone();
        let handler = move |arguments: &str| -> BoxFuture<'a, String> {
            match serde_json::from_str::<T>(arguments) {
                Ok(arguments) => handler(arguments)
                    .map(|result| match result {
                        Ok(output) => output_text(&output),
                        Err(error) => error_text(&error.to_string()),
                    })
                    .boxed(),
                Err(error) => future::ready(error_text(&format!(
                    "invalid arguments for `{function}`: {error}"
                )))
                .boxed(),
            }
        };
        self.handlers.insert(name, Box::new(handler));
        self
    }

    /// The names of the registered functions, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> + use<'_, 'a> {
        self.handlers.keys().map(String::as_str)
    }

    /// The output to submit for `call`. The arguments are decoded and the handler called right
    /// away; the future (which borrows neither `self` nor `call`) runs the handler's future.
    pub fn call(&mut self, call: &FunctionRunToolCall) -> BoxFuture<'a, String> {
        let name = &call.function.name;
        match self.handlers.get_mut(name) {
            Some(handler) => handler(&call.function.arguments),
            None => {
                let known = self.names().collect::<Vec<_>>().join(", ");
                future::ready(error_text(&format!(
                    "unknown function `{name}`; the functions are: {known}"
                )))
                .boxed()
            }
        }
    }
}

impl Default for Tools<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Tools<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tools")
            .field("functions", &self.names().collect::<Vec<_>>())
            .finish()
    }
}

fn output_text<O: Serialize>(output: &O) -> String {
    match serde_json::to_value(output) {
        Ok(Value::String(text)) => text,
        Ok(value) => value.to_string(),
        Err(error) => error_text(&format!(
            "the function's output does not serialize: {error}"
        )),
    }
}

fn error_text(message: &str) -> String {
    json!({ "error": message }).to_string()
}
