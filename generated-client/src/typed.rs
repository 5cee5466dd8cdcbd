//! Function tools and structured outputs from Rust types, as the Python SDK's
//! `pydantic_function_tool(Model)` and `response_format=Model` do: the JSON Schema is derived
//! from `T: schemars::JsonSchema` and put in the strict form the API wants (see
//! [`strict_schema`]); what the model sends back is decoded into `T`.
//!
//! ```
//! use openai_assistants::types::{AssistantsApiResponseFormatOption, FunctionTool};
//! use openai_assistants::Nullable;
//!
//! #[derive(serde::Deserialize, schemars::JsonSchema)]
//! struct WeatherArgs {
//!     /// The city and state, e.g. San Francisco, CA.
//!     location: String,
//!     unit: Option<Unit>,
//! }
//!
//! #[derive(serde::Deserialize, schemars::JsonSchema)]
//! #[serde(rename_all = "lowercase")]
//! enum Unit {
//!     Celsius,
//!     Fahrenheit,
//! }
//!
//! let tool = FunctionTool::of::<WeatherArgs>(
//!     "get_current_weather",
//!     "Get the current weather in a given location",
//! );
//! assert_eq!(tool.function.strict, Nullable::Value(true));
//!
//! #[derive(serde::Deserialize, schemars::JsonSchema)]
//! struct Answer {
//!     summary: String,
//! }
//! let format = AssistantsApiResponseFormatOption::json_schema::<Answer>();
//! ```

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::accumulate::RunAccumulator;
use crate::types::{
    ApiOptionResponseFormatJsonSchema, AssistantsApiResponseFormatOption, FunctionObject,
    FunctionTool, JsonSchema as JsonSchemaFormat, MessageObject, MessageRole,
};

/// Keywords strict mode rejects (Structured Outputs guide, "Supported schemas"). They only
/// narrow what the model may send; `T`'s `Deserialize` still checks what it checks.
const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "$schema",
    "unevaluatedProperties",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "uniqueItems",
    "minLength",
    "maxLength",
];

/// The `format` values strict mode accepts; schemars' own (`int32`, `uint8`, `double`, ...)
/// are dropped.
const SUPPORTED_FORMATS: &[&str] = &[
    "date-time",
    "time",
    "date",
    "duration",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "uuid",
];

/// The JSON Schema of `T` in the strict form that function `parameters` and `json_schema`
/// response formats need with `"strict": true`:
///
/// - every object has `"additionalProperties": false` and lists all its properties in
///   `required`; an optional field (`Option<U>`) is required but nullable
///   (`"type": ["string", "null"]`, or `anyOf` with `{"type": "null"}`), so the model sends
///   `null` for "absent";
/// - `oneOf` becomes `anyOf`, a single-entry `allOf` is merged into its schema, and a `$ref`
///   with sibling keywords (a field's description) is replaced by the definition it names;
///   other references stay as `{"$ref": "#/$defs/..."}` (recursive types work);
/// - keywords strict mode rejects (`minLength`, `uniqueItems`, `$schema`, non-standard
///   `format`s, ...) are removed, and so is `default` (every property is required).
///
/// `T` should be a struct (the API wants an object at the root). Maps (`HashMap<String, U>`)
/// cannot be expressed in strict mode: they become objects without properties.
pub fn strict_schema<T: JsonSchema>() -> Map<String, Value> {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = Value::from(schema);
    let defs = value
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    make_strict(&mut value, &defs);
    match value {
        Value::Object(map) => map,
        // A `true` schema (no derived type has `false` at its root): `{}` says the same.
        _ => Map::new(),
    }
}

fn make_strict(schema: &mut Value, defs: &Map<String, Value>) {
    let Value::Object(object) = schema else {
        return;
    };
    remove_unsupported(object);
    inline_ref_with_siblings(object, defs);
    if let Some(Value::Array(mut all)) = object.remove("allOf") {
        if all.len() == 1 {
            if let Value::Object(only) = all.remove(0) {
                for (key, value) in only {
                    object.entry(key).or_insert(value);
                }
            }
            inline_ref_with_siblings(object, defs);
        } else {
            object.insert("allOf".into(), Value::Array(all));
        }
    }
    if let Some(one_of) = object.remove("oneOf") {
        object.insert("anyOf".into(), one_of);
    }
    // Again for what an inlined definition or `allOf` brought in.
    remove_unsupported(object);
    if is_object_schema(object) {
        let names: Vec<Value> = object
            .get("properties")
            .and_then(Value::as_object)
            .map(|properties| properties.keys().cloned().map(Value::String).collect())
            .unwrap_or_default();
        object.insert("required".into(), Value::Array(names));
        object.insert("additionalProperties".into(), Value::Bool(false));
    }
    for keyword in ["properties", "$defs"] {
        if let Some(Value::Object(children)) = object.get_mut(keyword) {
            for child in children.values_mut() {
                make_strict(child, defs);
            }
        }
    }
    for keyword in ["anyOf", "allOf", "prefixItems"] {
        if let Some(Value::Array(children)) = object.get_mut(keyword) {
            for child in children {
                make_strict(child, defs);
            }
        }
    }
    if let Some(items) = object.get_mut("items") {
        make_strict(items, defs);
    }
}

/// Removes the keywords strict mode rejects or ignores. Every property is required, so a
/// `default` says nothing (and some deployments reject it).
fn remove_unsupported(object: &mut Map<String, Value>) {
    for keyword in UNSUPPORTED_KEYWORDS {
        object.remove(*keyword);
    }
    object.remove("default");
    if object
        .get("format")
        .is_some_and(|f| !f.as_str().is_some_and(|f| SUPPORTED_FORMATS.contains(&f)))
    {
        object.remove("format");
    }
}

/// Strict mode does not allow keywords beside `$ref`: such a schema becomes the definition it
/// names, with the siblings on top.
fn inline_ref_with_siblings(object: &mut Map<String, Value>, defs: &Map<String, Value>) {
    if object.len() < 2 {
        return;
    }
    let Some(target) = object
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        .and_then(|name| defs.get(name))
        .and_then(Value::as_object)
    else {
        return;
    };
    object.remove("$ref");
    for (key, value) in target {
        object.entry(key.clone()).or_insert_with(|| value.clone());
    }
}

fn is_object_schema(object: &Map<String, Value>) -> bool {
    match object.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(types)) => types.iter().any(|t| t == "object"),
        _ => object.contains_key("properties"),
    }
}

/// A name the API accepts for a schema (`a-z`, `A-Z`, `0-9`, `_`, `-`; at most 64 characters),
/// from `T::schema_name()`.
fn schema_name<T: JsonSchema>() -> String {
    let name: String = T::schema_name()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if name.is_empty() {
        "response".to_string()
    } else {
        name
    }
}

impl FunctionTool {
    /// A strict function tool whose `parameters` are the JSON Schema of `T` (see
    /// [`strict_schema`]): the model's `arguments` then always decode into `T`. The doc
    /// comments of `T` and its fields become the schema's descriptions, which the model reads.
    /// Answer its calls with [`Tools`](crate::tools::Tools).
    pub fn of<T: JsonSchema>(name: impl Into<String>, description: impl Into<String>) -> Self {
        let function = FunctionObject::new(name)
            .description(description)
            .parameters(strict_schema::<T>())
            .strict(true);
        FunctionTool::new(function)
    }
}

impl AssistantsApiResponseFormatOption {
    /// A strict `json_schema` response format for `T` (Structured Outputs), named after the
    /// type: the assistant's message is then JSON text that [`parse_output`] decodes into `T`.
    /// For `create_run`, `create_thread_and_run`, `create_assistant` and `modify_assistant`.
    pub fn json_schema<T: JsonSchema>() -> Self {
        Self::JsonSchema(ApiOptionResponseFormatJsonSchema::new(
            json_schema_format::<T>(),
        ))
    }
}

fn json_schema_format<T: JsonSchema>() -> JsonSchemaFormat {
    JsonSchemaFormat::new(schema_name::<T>())
        .schema(strict_schema::<T>())
        .strict(true)
}

/// The assistant's message did not decode into the structured output type.
#[derive(Debug)]
pub struct OutputError {
    /// The type the text should have decoded into.
    pub type_name: &'static str,
    /// The message text as received.
    pub raw: String,
    /// Why it did not decode.
    pub source: serde_json::Error,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SHOWN: usize = 200;
        let shown: String = self.raw.chars().take(SHOWN).collect();
        let more = if shown.len() < self.raw.len() {
            " ..."
        } else {
            ""
        };
        write!(
            f,
            "the assistant's message is not a `{}`: {}; its text: {shown:?}{more}",
            self.type_name, self.source
        )
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Decodes a structured output (the JSON text of an assistant message) into `T`; on failure
/// the error carries the raw text.
pub fn parse_output<T: DeserializeOwned>(text: &str) -> Result<T, OutputError> {
    serde_json::from_str(text).map_err(|source| OutputError {
        type_name: std::any::type_name::<T>(),
        raw: text.to_string(),
        source,
    })
}

impl MessageObject {
    /// This message's text (its text parts, joined) decoded into `T`: the structured output
    /// of a run given [`AssistantsApiResponseFormatOption::json_schema`] (see [`parse_output`]).
    pub fn parse_output<T: DeserializeOwned>(&self) -> Result<T, OutputError> {
        parse_output(&self.text())
    }
}

impl RunAccumulator {
    /// The last assistant message of the stream decoded into `T` (see
    /// [`MessageObject::parse_output`]); an empty text (no assistant message) does not decode.
    pub fn parse_output<T: DeserializeOwned>(&self) -> Result<T, OutputError> {
        let text = self
            .messages()
            .iter()
            .rev()
            .find(|m| m.role == MessageRole::Assistant)
            .map(MessageObject::text)
            .unwrap_or_default();
        parse_output(&text)
    }
}
