//! Requests built by an official OpenAI SDK, shared by `python_sdk_requests.rs` and
//! `node_sdk_requests.rs`: every fixture under `tests/fixtures/<sdk>/<operationId>/` (captured by
//! `tests/python-sdk/capture.py` or `tests/node-sdk/capture.mjs`) is a request the SDK sent. Its
//! body parses into the operation's request type, passes `validate()` and serializes back to the
//! same JSON value; its path matches the operation's template; its query parses into the
//! operation's query type and the client encodes that type back to the same query parameters; a
//! multipart form, rebuilt through the request's form type (each field read through its type and
//! validated), sends the same parts. Where a fixture records headers, its content type is the one
//! of its body and its `OpenAI-Beta` header is the one the generated client sends for the
//! operation.
//!
//! A fixture the crate rightly refuses (the SDK sends what the description does not allow) is a
//! listed [`Defect`]: it must fail with the listed error, and the listing fails once it stops
//! being needed.

use std::collections::BTreeMap;
use std::fs;

use golden_tests::{fixtures_dir, json_diff, repo_root};
use libtest_mimic::{Arguments, Failed, Trial};
use openai_assistants::types::*;
use openai_assistants::{Client, Validate};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// Parses a JSON value into `T`, validates it, serializes it back and compares.
type Check = fn(&Value) -> Result<(), String>;

/// The parts (name, text; `None` for a file) of the form the client sends for the parts the SDK
/// sent, each field read through its type.
type Form = fn(&[Part]) -> Result<Vec<(String, Option<String>)>, String>;

/// Encodes a JSON object (a query) through the query type `T` as the client sends it.
type Query = fn(&Value) -> Result<Vec<(String, String)>, String>;

/// Builds the operation's request without a body (`None`): compiles only when the client's
/// method takes an optional body.
type WithoutBody = fn() -> Result<(), String>;

#[derive(Clone, Copy)]
enum Body {
    None,
    Json(Check),
    /// A JSON body the description does not require: the SDK may leave it out, and so may the
    /// client.
    OptionalJson(Check, WithoutBody),
    /// `multipart/form-data`: builds the request's form from the parts the SDK sent.
    Multipart(Form),
}

#[derive(Clone, Copy)]
struct Operation {
    method: &'static str,
    path: &'static str,
    body: Body,
    query: Option<Query>,
}

fn round_trip<T: DeserializeOwned + Serialize + Validate>(sent: &Value) -> Result<(), String> {
    let typed: T = serde_json::from_value(sent.clone())
        .map_err(|e| format!("does not parse as {}: {e}", std::any::type_name::<T>()))?;
    typed
        .validate()
        .map_err(|e| format!("fails validate(): {e}"))?;
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {e}"))?;
    match json_diff(sent, &back) {
        Some(diff) => Err(format!("serializes differently: {diff}")),
        None => Ok(()),
    }
}

fn encode_query<T: DeserializeOwned + Serialize + Validate>(
    sent: &Value,
) -> Result<Vec<(String, String)>, String> {
    let typed: T = serde_json::from_value(sent.clone()).map_err(|e| {
        format!(
            "query does not parse as {}: {e}",
            std::any::type_name::<T>()
        )
    })?;
    typed
        .validate()
        .map_err(|e| format!("query fails validate(): {e}"))?;
    let client = Client::builder()
        .api_key("sk-test")
        .base_url("http://127.0.0.1/v1/")
        .build()
        .map_err(|e| format!("client: {e}"))?;
    let spec = openai_assistants::client::RequestSpec::new("GET".parse().unwrap(), &["query"])
        .map_err(|e| e.to_string())?
        .query::<_, ()>(&typed)
        .map_err(|e| format!("query does not encode: {e:?}"))?;
    let url = client
        .runtime()
        .url_for::<()>(&spec)
        .map_err(|e| format!("no URL: {e:?}"))?;
    Ok(url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

const fn json(check: Check) -> Body {
    Body::Json(check)
}

fn operations() -> BTreeMap<&'static str, Operation> {
    use Body::None as NoBody;
    let op = |method, path, body, query| Operation {
        method,
        path,
        body,
        query,
    };
    let list = [
        // Assistants
        (
            "listAssistants",
            op(
                "GET",
                "/assistants",
                NoBody,
                Some(encode_query::<ListAssistantsQuery> as Query),
            ),
        ),
        (
            "createAssistant",
            op(
                "POST",
                "/assistants",
                json(round_trip::<CreateAssistantRequest>),
                None,
            ),
        ),
        (
            "getAssistant",
            op("GET", "/assistants/{assistant_id}", NoBody, None),
        ),
        (
            "modifyAssistant",
            op(
                "POST",
                "/assistants/{assistant_id}",
                json(round_trip::<ModifyAssistantRequest>),
                None,
            ),
        ),
        (
            "deleteAssistant",
            op("DELETE", "/assistants/{assistant_id}", NoBody, None),
        ),
        // Threads
        (
            "createThread",
            op(
                "POST",
                "/threads",
                Body::OptionalJson(round_trip::<CreateThreadRequest>, || {
                    Client::create_thread_request(None)
                        .map(drop)
                        .map_err(|e| format!("no request without a body: {e}"))
                }),
                None,
            ),
        ),
        (
            "createThreadAndRun",
            op(
                "POST",
                "/threads/runs",
                json(round_trip::<CreateThreadAndRunRequest>),
                None,
            ),
        ),
        ("getThread", op("GET", "/threads/{thread_id}", NoBody, None)),
        (
            "modifyThread",
            op(
                "POST",
                "/threads/{thread_id}",
                json(round_trip::<ModifyThreadRequest>),
                None,
            ),
        ),
        (
            "deleteThread",
            op("DELETE", "/threads/{thread_id}", NoBody, None),
        ),
        // Messages
        (
            "listMessages",
            op(
                "GET",
                "/threads/{thread_id}/messages",
                NoBody,
                Some(encode_query::<ListMessagesQuery>),
            ),
        ),
        (
            "createMessage",
            op(
                "POST",
                "/threads/{thread_id}/messages",
                json(round_trip::<CreateMessageRequest>),
                None,
            ),
        ),
        (
            "getMessage",
            op(
                "GET",
                "/threads/{thread_id}/messages/{message_id}",
                NoBody,
                None,
            ),
        ),
        (
            "modifyMessage",
            op(
                "POST",
                "/threads/{thread_id}/messages/{message_id}",
                json(round_trip::<ModifyMessageRequest>),
                None,
            ),
        ),
        (
            "deleteMessage",
            op(
                "DELETE",
                "/threads/{thread_id}/messages/{message_id}",
                NoBody,
                None,
            ),
        ),
        // Runs
        (
            "listRuns",
            op(
                "GET",
                "/threads/{thread_id}/runs",
                NoBody,
                Some(encode_query::<ListRunsQuery>),
            ),
        ),
        (
            "createRun",
            op(
                "POST",
                "/threads/{thread_id}/runs",
                json(round_trip::<CreateRunRequest>),
                Some(encode_query::<CreateRunQuery>),
            ),
        ),
        (
            "getRun",
            op("GET", "/threads/{thread_id}/runs/{run_id}", NoBody, None),
        ),
        (
            "modifyRun",
            op(
                "POST",
                "/threads/{thread_id}/runs/{run_id}",
                json(round_trip::<ModifyRunRequest>),
                None,
            ),
        ),
        (
            "cancelRun",
            op(
                "POST",
                "/threads/{thread_id}/runs/{run_id}/cancel",
                NoBody,
                None,
            ),
        ),
        (
            "submitToolOutputsToRun",
            op(
                "POST",
                "/threads/{thread_id}/runs/{run_id}/submit_tool_outputs",
                json(round_trip::<SubmitToolOutputsRunRequest>),
                None,
            ),
        ),
        // Run steps
        (
            "listRunSteps",
            op(
                "GET",
                "/threads/{thread_id}/runs/{run_id}/steps",
                NoBody,
                Some(encode_query::<ListRunStepsQuery>),
            ),
        ),
        (
            "getRunStep",
            op(
                "GET",
                "/threads/{thread_id}/runs/{run_id}/steps/{step_id}",
                NoBody,
                Some(encode_query::<GetRunStepQuery>),
            ),
        ),
        // Vector stores
        (
            "listVectorStores",
            op(
                "GET",
                "/vector_stores",
                NoBody,
                Some(encode_query::<ListVectorStoresQuery>),
            ),
        ),
        (
            "createVectorStore",
            op(
                "POST",
                "/vector_stores",
                json(round_trip::<CreateVectorStoreRequest>),
                None,
            ),
        ),
        (
            "getVectorStore",
            op("GET", "/vector_stores/{vector_store_id}", NoBody, None),
        ),
        (
            "modifyVectorStore",
            op(
                "POST",
                "/vector_stores/{vector_store_id}",
                json(round_trip::<UpdateVectorStoreRequest>),
                None,
            ),
        ),
        (
            "deleteVectorStore",
            op("DELETE", "/vector_stores/{vector_store_id}", NoBody, None),
        ),
        (
            "searchVectorStore",
            op(
                "POST",
                "/vector_stores/{vector_store_id}/search",
                json(round_trip::<VectorStoreSearchRequest>),
                None,
            ),
        ),
        // Vector store file batches
        (
            "createVectorStoreFileBatch",
            op(
                "POST",
                "/vector_stores/{vector_store_id}/file_batches",
                json(round_trip::<CreateVectorStoreFileBatchRequest>),
                None,
            ),
        ),
        (
            "getVectorStoreFileBatch",
            op(
                "GET",
                "/vector_stores/{vector_store_id}/file_batches/{batch_id}",
                NoBody,
                None,
            ),
        ),
        (
            "cancelVectorStoreFileBatch",
            op(
                "POST",
                "/vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel",
                NoBody,
                None,
            ),
        ),
        (
            "listFilesInVectorStoreBatch",
            op(
                "GET",
                "/vector_stores/{vector_store_id}/file_batches/{batch_id}/files",
                NoBody,
                Some(encode_query::<ListFilesInVectorStoreBatchQuery>),
            ),
        ),
        // Vector store files
        (
            "listVectorStoreFiles",
            op(
                "GET",
                "/vector_stores/{vector_store_id}/files",
                NoBody,
                Some(encode_query::<ListVectorStoreFilesQuery>),
            ),
        ),
        (
            "createVectorStoreFile",
            op(
                "POST",
                "/vector_stores/{vector_store_id}/files",
                json(round_trip::<CreateVectorStoreFileRequest>),
                None,
            ),
        ),
        (
            "getVectorStoreFile",
            op(
                "GET",
                "/vector_stores/{vector_store_id}/files/{file_id}",
                NoBody,
                None,
            ),
        ),
        (
            "updateVectorStoreFileAttributes",
            op(
                "POST",
                "/vector_stores/{vector_store_id}/files/{file_id}",
                json(round_trip::<UpdateVectorStoreFileAttributesRequest>),
                None,
            ),
        ),
        (
            "deleteVectorStoreFile",
            op(
                "DELETE",
                "/vector_stores/{vector_store_id}/files/{file_id}",
                NoBody,
                None,
            ),
        ),
        (
            "retrieveVectorStoreFileContent",
            op(
                "GET",
                "/vector_stores/{vector_store_id}/files/{file_id}/content",
                NoBody,
                None,
            ),
        ),
        // Files
        (
            "listFiles",
            op(
                "GET",
                "/files",
                NoBody,
                Some(encode_query::<ListFilesQuery>),
            ),
        ),
        (
            "createFile",
            op("POST", "/files", Body::Multipart(create_file_form), None),
        ),
        ("retrieveFile", op("GET", "/files/{file_id}", NoBody, None)),
        ("deleteFile", op("DELETE", "/files/{file_id}", NoBody, None)),
        (
            "downloadFile",
            op("GET", "/files/{file_id}/content", NoBody, None),
        ),
    ];
    list.into_iter().collect()
}

/// One captured request.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    method: String,
    path: String,
    query: Map<String, Value>,
    /// The headers that matter (`content-type` without parameters, `openai-beta`), lower-case
    /// names; absent when the capture did not record them.
    #[serde(default)]
    headers: Option<BTreeMap<String, String>>,
    body: Value,
    #[serde(default)]
    multipart: Option<Vec<Part>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    name: String,
    #[serde(default)]
    filename: Option<String>,
    #[serde(default)]
    content_type: Option<String>,
    value: String,
}

/// Text on the wire (a query value, a form field) as the JSON value a generated type reads:
/// an integer when it reads as one, a string otherwise.
fn wire_value(text: &str) -> Value {
    match text.parse::<i64>() {
        Ok(n) => Value::from(n),
        Err(_) => Value::from(text),
    }
}

/// `/threads/thread_abc/runs` matches `/threads/{thread_id}/runs`.
fn path_matches(template: &str, path: &str) -> bool {
    let template: Vec<&str> = template.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    template.len() == path.len()
        && template.iter().zip(&path).all(|(t, p)| {
            if t.starts_with('{') && t.ends_with('}') {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

fn check_query(operation: &Operation, query: &Map<String, Value>) -> Result<(), String> {
    let Some(encode) = operation.query else {
        if query.is_empty() {
            return Ok(());
        }
        return Err(format!(
            "the operation takes no query parameters, the SDK sent {query:?}"
        ));
    };
    let mut sent = Vec::new();
    let mut typed = Map::new();
    for (key, value) in query {
        match value {
            Value::String(text) => {
                sent.push((key.clone(), text.clone()));
                typed.insert(key.clone(), wire_value(text));
            }
            Value::Array(items) => {
                let mut values = Vec::new();
                for item in items {
                    let text = item.as_str().ok_or("query list items are strings")?;
                    sent.push((key.clone(), text.to_string()));
                    values.push(Value::from(text));
                }
                typed.insert(key.clone(), Value::Array(values));
            }
            _ => return Err(format!("query value of `{key}` is not a string or list")),
        }
    }
    let mut encoded = encode(&Value::Object(typed))?;
    // The order of distinct keys carries no meaning; the order of a repeated key's values does.
    sent.sort_by(|a, b| a.0.cmp(&b.0));
    encoded.sort_by(|a, b| a.0.cmp(&b.0));
    if sent != encoded {
        return Err(format!(
            "query: the SDK sent {sent:?}, the client sends {encoded:?}"
        ));
    }
    Ok(())
}

/// The form's text fields as a JSON object, bracket notation (`expires_after[seconds]`) as
/// nested objects.
fn form_fields(parts: &[Part]) -> Result<Map<String, Value>, String> {
    let mut fields = Map::new();
    for part in parts.iter().filter(|p| p.filename.is_none()) {
        let mut keys = part.name.split('[');
        let first = keys.next().unwrap_or_default().to_string();
        let rest: Vec<&str> = keys
            .map(|k| {
                k.strip_suffix(']')
                    .ok_or(format!("part name `{}`", part.name))
            })
            .collect::<Result<_, _>>()?;
        let mut slot = fields.entry(first).or_insert(Value::Null);
        for key in rest {
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            slot = slot
                .as_object_mut()
                .unwrap()
                .entry(key.to_string())
                .or_insert(Value::Null);
        }
        if !slot.is_null() {
            return Err(format!("part `{}` repeated", part.name));
        }
        *slot = wire_value(&part.value);
    }
    Ok(fields)
}

/// A field of the form read through its type and validated.
fn field<T: DeserializeOwned + Validate>(
    fields: &Map<String, Value>,
    name: &str,
) -> Result<Option<T>, String> {
    let Some(value) = fields.get(name) else {
        return Ok(None);
    };
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| {
        format!(
            "field `{name}` does not parse as {}: {e}",
            std::any::type_name::<T>()
        )
    })?;
    typed
        .validate()
        .map_err(|e| format!("field `{name}` fails validate(): {e}"))?;
    Ok(Some(typed))
}

fn create_file_form(parts: &[Part]) -> Result<Vec<(String, Option<String>)>, String> {
    let fields = form_fields(parts)?;
    if let Some(name) = fields
        .keys()
        .find(|k| !["purpose", "expires_after"].contains(&k.as_str()))
    {
        return Err(format!("the form has no field `{name}`"));
    }
    let file = parts
        .iter()
        .find(|p| p.filename.is_some())
        .ok_or("no file part")?;
    let purpose = field::<Purpose>(&fields, "purpose")?.ok_or("no field `purpose`")?;
    let mut form = CreateFileRequest::new(file.value.clone().into_bytes(), purpose);
    if let Some(name) = &file.filename {
        form.file = form.file.file_name(name);
    }
    if let Some(content_type) = &file.content_type {
        form.file = form.file.content_type(content_type);
    }
    if let Some(expires_after) = field::<FileExpirationAfter>(&fields, "expires_after")? {
        form = form.expires_after(expires_after);
    }
    let texts = form
        .into_multipart()
        .texts()
        .map(|(name, text)| (name.to_string(), text.map(str::to_string)))
        .collect();
    Ok(texts)
}

fn check_body(operation: &Operation, fixture: &Fixture) -> Result<(), String> {
    match (&operation.body, &fixture.multipart) {
        (Body::None, None) if fixture.body.is_null() => Ok(()),
        (Body::None, _) => Err("the operation takes no body, the SDK sent one".into()),
        (Body::Json(check) | Body::OptionalJson(check, _), None) if fixture.body.is_object() => {
            check(&fixture.body)
        }
        (Body::OptionalJson(_, without_body), None) if fixture.body.is_null() => without_body(),
        (Body::Json(_) | Body::OptionalJson(..), _) => {
            Err("the operation takes a JSON object body".into())
        }
        (Body::Multipart(form), Some(parts)) => {
            let form = form(parts)?;
            // The order of distinct fields carries no meaning; a repeated field's order does.
            let mut sent: Vec<(&str, Option<&str>)> = parts
                .iter()
                .map(|p| {
                    (
                        p.name.as_str(),
                        p.filename.is_none().then_some(p.value.as_str()),
                    )
                })
                .collect();
            let mut sends: Vec<(&str, Option<&str>)> = form
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_deref()))
                .collect();
            sent.sort_by_key(|(name, _)| *name);
            sends.sort_by_key(|(name, _)| *name);
            if sent != sends {
                return Err(format!(
                    "form: the SDK sent {sent:?}, the client sends {sends:?} (files as None)"
                ));
            }
            Ok(())
        }
        (Body::Multipart(..), None) => Err("the operation takes a multipart form".into()),
    }
}

/// The recorded headers: the content type is the one of the body, `OpenAI-Beta` the one the
/// generated client sends for the operation (`beta`).
fn check_headers(
    operation: &Operation,
    fixture: &Fixture,
    beta: Option<&str>,
) -> Result<(), String> {
    let Some(headers) = &fixture.headers else {
        return Ok(());
    };
    if let Some(name) = headers
        .keys()
        .find(|k| !["content-type", "openai-beta"].contains(&k.as_str()))
    {
        return Err(format!("header `{name}` is not one the capture records"));
    }
    let content_type = match (&operation.body, &fixture.multipart) {
        (Body::Multipart(_), Some(_)) => Some("multipart/form-data"),
        _ if fixture.body.is_null() => None,
        _ => Some("application/json"),
    };
    let sent = headers.get("content-type").map(String::as_str);
    if sent != content_type {
        return Err(format!(
            "content-type: the SDK sent {sent:?} for a body that is {content_type:?}"
        ));
    }
    let sent = headers.get("openai-beta").map(String::as_str);
    if sent != beta {
        return Err(format!(
            "OpenAI-Beta: the SDK sent {sent:?}, the client sends {beta:?}"
        ));
    }
    Ok(())
}

fn check(operation: &Operation, text: &str, beta: Option<&str>) -> Result<(), String> {
    let fixture: Fixture =
        serde_json::from_str(text).map_err(|e| format!("not a captured request: {e}"))?;
    if fixture.method != operation.method {
        return Err(format!(
            "method {} instead of {}",
            fixture.method, operation.method
        ));
    }
    if !path_matches(operation.path, &fixture.path) {
        return Err(format!(
            "path {} does not match {}",
            fixture.path, operation.path
        ));
    }
    check_headers(operation, &fixture, beta)?;
    check_query(operation, &fixture.query)?;
    check_body(operation, &fixture)?;
    Ok(())
}

/// A request the SDK sends that the description does not allow: the crate refuses it, rightly.
pub struct Defect {
    /// The fixtures (`<operationId>/<case>`) it affects.
    pub fixtures: &'static [&'static str],
    /// Text the failure's message contains.
    pub error: &'static str,
    pub why: &'static str,
}

/// The `OpenAI-Beta` header each operation of the generated client sends, read from the
/// generated code (`.operation("<id>")` followed by `.header("OpenAI-Beta", "<value>")`).
fn beta_headers() -> BTreeMap<String, String> {
    let path = repo_root().join("generated-client/src/generated/operations.rs");
    let source = fs::read_to_string(&path).expect("generated-client/src/generated/operations.rs");
    let mut headers = BTreeMap::new();
    for chunk in source.split(".operation(\"").skip(1) {
        let id = chunk.split('"').next().unwrap_or_default();
        let statement = chunk.split(';').nth(1).unwrap_or_default();
        if let Some(rest) = statement
            .trim()
            .strip_prefix("let request = request.header(\"OpenAI-Beta\", \"")
        {
            let value = rest.split('"').next().unwrap_or_default();
            headers.insert(id.to_string(), value.to_string());
        }
    }
    headers
}

/// Runs every fixture of `tests/fixtures/<sdk>/` as a test, with `defects` the failures the
/// description explains, plus a test that every operation has at least one fixture.
pub fn run(sdk: &str, defects: &'static [Defect]) {
    let args = Arguments::from_args();
    let operations = operations();
    let betas = beta_headers();
    let root = fixtures_dir().join(sdk);
    let mut trials = Vec::new();
    let mut seen = Vec::new();
    let mut names = Vec::new();
    let mut dirs: Vec<_> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let id = dir.file_name().unwrap().to_string_lossy().into_owned();
        let Some(&operation) = operations.get(id.as_str()) else {
            trials.push(Trial::test(id.clone(), move || {
                Err(format!("no operation `{id}` in the table").into())
            }));
            continue;
        };
        let beta = betas.get(&id).cloned();
        let mut files: Vec<_> = fs::read_dir(&dir)
            .expect("an operation's fixtures")
            .map(|e| e.expect("directory entry").path())
            .collect();
        files.sort();
        for file in files {
            let name = format!("{id}/{}", file.file_stem().unwrap().to_string_lossy());
            let text = fs::read_to_string(&file).expect("fixture");
            let listed: Vec<&'static Defect> = defects
                .iter()
                .filter(|d| d.fixtures.contains(&name.as_str()))
                .collect();
            let beta = beta.clone();
            names.push(name.clone());
            trials.push(Trial::test(name, move || {
                let outcome = check(&operation, &text, beta.as_deref());
                expect(outcome, &listed)
            }));
        }
        seen.push(id);
    }
    let missing: Vec<&str> = operations
        .keys()
        .copied()
        .filter(|id| !seen.iter().any(|s| s == id))
        .collect();
    trials.push(Trial::test(
        "every_operation_has_a_captured_request",
        move || {
            if missing.is_empty() {
                Ok(())
            } else {
                Err(format!("no fixture for {missing:?}").into())
            }
        },
    ));
    trials.push(Trial::test(
        "a_listed_defect_must_still_fail_as_listed",
        listed_defects_are_checked,
    ));
    if !defects.is_empty() {
        trials.push(Trial::test(
            "every_listed_defect_names_a_fixture",
            move || {
                let unknown: Vec<&str> = defects
                    .iter()
                    .flat_map(|d| d.fixtures.iter().copied())
                    .filter(|f| !names.iter().any(|n| n == f))
                    .collect();
                if unknown.is_empty() {
                    Ok(())
                } else {
                    Err(format!("defects list fixtures that do not exist: {unknown:?}").into())
                }
            },
        ));
    }
    libtest_mimic::run(&args, trials).exit();
}

/// `expect` holds a listed fixture to its listing: it must fail, with the listed error.
fn listed_defects_are_checked() -> Result<(), Failed> {
    const DEFECT: Defect = Defect {
        fixtures: &["createThread/example"],
        error: "unknown field `shiny`",
        why: "an example",
    };
    let failing = Err("does not parse: unknown field `shiny`".to_string());
    let cases = [
        (
            "listed and failing as listed",
            expect(failing.clone(), &[&DEFECT]).is_ok(),
        ),
        ("listed but accepted", expect(Ok(()), &[&DEFECT]).is_err()),
        (
            "listed but failing otherwise",
            expect(Err("other".into()), &[&DEFECT]).is_err(),
        ),
        (
            "not listed and failing",
            expect(failing.clone(), &[]).is_err(),
        ),
        (
            "listed twice",
            expect(failing, &[&DEFECT, &DEFECT]).is_err(),
        ),
    ];
    match cases.iter().find(|(_, right)| !right) {
        Some((case, _)) => Err(format!("a fixture {case} is judged wrongly").into()),
        None => Ok(()),
    }
}

/// A fixture passes, or fails as its one listed defect says.
fn expect(outcome: Result<(), String>, listed: &[&Defect]) -> Result<(), Failed> {
    match (outcome, listed) {
        (outcome, []) => outcome.map_err(Failed::from),
        (Ok(()), [defect]) => Err(format!(
            "listed as a defect ({}), but the request is now accepted: remove the listing",
            defect.why
        )
        .into()),
        (Err(error), [defect]) if error.contains(defect.error) => Ok(()),
        (Err(error), [defect]) => Err(format!(
            "listed as failing with {:?} ({}), fails with: {error}",
            defect.error, defect.why
        )
        .into()),
        (_, _) => Err("listed under more than one defect".into()),
    }
}
