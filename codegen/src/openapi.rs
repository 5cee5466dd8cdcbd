//! The entry document: an OpenAPI 3.x document (its `components.schemas` are the root types,
//! the schemas its request bodies use get builders) or a plain JSON Schema file (its
//! `definitions`/`$defs` are the roots, or the file itself).

use serde_json::Value;

use crate::diagnostics::{Error, Loc, Warning, WarningKind};
use crate::load::Store;
use crate::model::{MultipartForm, RequestMedia, Response};
use crate::resolve::{self, Step};
use crate::select::{Listed, Selection};

#[derive(Debug, Default)]
pub struct Document {
    /// Root type name → what it is made from.
    pub roots: Vec<(String, Root)>,
    /// Roots used as request bodies.
    pub request_roots: Vec<String>,
    pub operations: Vec<OperationSpec>,
    /// How many operations the document has, also those not generated.
    pub operations_in_input: usize,
    /// `servers[0].url`.
    pub base_url: Option<String>,
    /// The document's security asks for `Authorization: Bearer`.
    pub bearer: bool,
    /// What the operations use that the client cannot send or read.
    pub warnings: Vec<Warning>,
    /// With a selection, the roots that are `components.schemas` entries no selected operation
    /// names: they are generated only when what it names reaches them.
    pub on_demand: Vec<String>,
    /// Every operation of the document, selected or not, for checking the selection.
    pub listed: Vec<Listed>,
}

/// An operation as the document states it; type names are resolved after conversion.
#[derive(Debug, Clone)]
pub struct OperationSpec {
    pub id: String,
    pub http_method: String,
    pub path: String,
    pub docs: Vec<String>,
    /// Path parameter name → its description.
    pub path_params: Vec<(String, Option<String>)>,
    /// The generated query-parameter struct.
    pub query: Option<QueryParams>,
    /// Required header parameters with one possible value: sent with every request.
    pub headers: Vec<(String, String)>,
    /// The root type of the JSON, form or multipart request body.
    pub body: Option<String>,
    /// How the request body is sent, when there is one.
    pub request: Option<RequestMedia>,
    /// The request body says `required: true` (OpenAPI's default is `false`: the body may be
    /// left out).
    pub body_required: bool,
    pub response: Response,
    /// The response can be `text/event-stream`; the root type of one event, if it has a schema.
    pub events: Option<Option<String>>,
    /// The root type of the error responses (`default`, `4XX`, `5XX`, `4xx`, `5xx`).
    pub error: Option<String>,
}

/// What a root type is made from.
#[derive(Debug, Clone)]
pub enum Root {
    /// The schema at this location.
    Schema(Loc),
    /// The query parameters of an operation, as one struct.
    Query(QueryParams),
}

/// The query parameters of one operation: they become one struct, a field per parameter.
#[derive(Debug, Clone)]
pub struct QueryParams {
    /// The struct's name (`ListPetsQuery`).
    pub name: String,
    /// The operation, for the struct's docs.
    pub operation_id: String,
    /// Where the operation lists its parameters (for errors about them all).
    pub loc: Loc,
    /// In the order the path item and then the operation list them; an operation's parameter
    /// replaces the path item's of the same name in place.
    pub params: Vec<QueryParam>,
}

/// One query parameter.
#[derive(Debug, Clone)]
pub struct QueryParam {
    pub name: String,
    /// The Parameter Object (its `description` documents the field).
    pub loc: Loc,
    pub required: bool,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// A media type without its parameters, lower-cased.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The kinds of request body, in the order an operation offering several picks one: JSON if
/// offered, else the first the document lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BodyKind {
    Json,
    Form,
    Multipart,
    Bytes,
}

fn body_kind(content_type: &str) -> BodyKind {
    match essence(content_type).as_str() {
        _ if is_json(content_type) => BodyKind::Json,
        "application/x-www-form-urlencoded" => BodyKind::Form,
        "multipart/form-data" => BodyKind::Multipart,
        _ => BodyKind::Bytes,
    }
}

/// Whether `content_type` can be sent as a `Content-Type` header as it is: `type/subtype` of
/// token characters, then parameters of visible ASCII. (It is schema text: it becomes a string
/// literal, and the runtime checks it again.)
fn valid_content_type(content_type: &str) -> bool {
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-*".contains(&b))
    };
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence
        .split_once('/')
        .is_some_and(|(kind, sub)| token(kind) && token(sub))
        && content_type
            .bytes()
            .all(|b| b == b' ' || b.is_ascii_graphic())
}

/// The `Content-Type` a body of bytes goes out with: the media type itself, or
/// `application/octet-stream` for a range (`*/*`, `image/*`).
fn bytes_content_type(content_type: &str) -> String {
    if essence(content_type).contains('*') {
        "application/octet-stream".to_string()
    } else {
        content_type.trim().to_string()
    }
}

/// Whether a property schema is a file: `format: binary`, or a `contentMediaType` or
/// `contentEncoding` (OpenAPI 3.1).
fn is_file_schema(schema: &Value) -> bool {
    schema.get("format").and_then(Value::as_str) == Some("binary")
        || schema.get("contentMediaType").is_some()
        || schema.get("contentEncoding").is_some()
}

/// Follows `$ref`s (to `components/parameters`, `requestBodies`, `responses`, other files).
fn deref(store: &Store, loc: Loc) -> Result<(Loc, &Value), Error> {
    let from = loc.clone();
    let what = "a parameter, request body or response";
    resolve::follow(&from, loc, what, |loc| {
        let value = store.get(loc).ok_or_else(|| {
            Error::schema(
                loc,
                "missing",
                "point the reference at an existing location",
            )
        })?;
        Ok(match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => Step::Ref(store.resolve(loc, reference)?),
            None => Step::Done((loc.clone(), value)),
        })
    })
}

/// Reads operations, naming the types they use: a `$ref` to `#/components/schemas/X` is `X`;
/// an inline schema becomes a root of its own, `<OperationId><role>`.
struct Reader<'a> {
    store: &'a Store,
    entry: &'a str,
    components: Vec<String>,
    /// The Rust names of the components and of the types synthesized so far.
    taken: std::collections::BTreeSet<String>,
    roots: Vec<(String, Root)>,
    warnings: Vec<Warning>,
    selection: &'a Selection,
    listed: Vec<Listed>,
    /// The components the operations read so far name.
    used: std::collections::BTreeSet<String>,
    /// The operations met so far, generated or not.
    seen: usize,
}

impl Reader<'_> {
    /// The root type for the schema under `media` (a Media Type Object).
    fn schema_type(
        &mut self,
        media: &Loc,
        op_type: &str,
        role: &str,
    ) -> Result<Option<String>, Error> {
        let schema = media.child("schema");
        let Some(value) = self.store.get(&schema) else {
            return Ok(None);
        };
        let target = match value.get("$ref").and_then(Value::as_str) {
            Some(reference) if value.as_object().is_some_and(|o| o.len() == 1) => {
                self.store.resolve(&schema, reference)?
            }
            _ => schema,
        };
        // A component, also when referenced from another file (`../openapi.yaml#/components/...`).
        if target.file == self.entry {
            if let Some(name) = target.pointer.strip_prefix("/components/schemas/") {
                let name = name.replace("~1", "/").replace("~0", "~");
                if self.components.contains(&name) {
                    self.used.insert(name.clone());
                    return Ok(Some(name));
                }
            }
        }
        let name = self.fresh_name(&format!("{op_type}{role}"));
        self.roots.push((name.clone(), Root::Schema(target)));
        Ok(Some(name))
    }

    /// `base`, or `base2`, `base3`, ... when a component or another synthesized type has it.
    fn fresh_name(&mut self, base: &str) -> String {
        let name = std::iter::once(base.to_string())
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|candidate| {
                !self
                    .taken
                    .contains(&crate::naming::type_name(candidate).name)
            })
            .expect("an unbounded range always yields a free name");
        self.taken.insert(crate::naming::type_name(&name).name);
        name
    }

    fn unsupported(&mut self, loc: &Loc, message: String, hint: &str) {
        self.warnings.push(Warning {
            loc: loc.clone(),
            kind: WarningKind::UnsupportedKeyword,
            message,
            hint: hint.to_string(),
        });
    }

    fn operations(&mut self, value: &Value) -> Result<Vec<OperationSpec>, Error> {
        let mut out = Vec::new();
        let paths_loc = Loc::new(self.entry, "/paths");
        let Some(paths) = object(value.get("paths"), &paths_loc, "`paths`")? else {
            return Ok(out);
        };
        // Every operation first (path items and operations may be `$ref`s, to this document
        // or another file), so that a name derived for one without an `operationId` can avoid
        // every id the document states.
        let mut found = Vec::new();
        for (path, item) in paths {
            let item_loc = paths_loc.child(path);
            let (item_loc, item) = if item.get("$ref").is_some() {
                deref(self.store, item_loc)?
            } else {
                (item_loc, item)
            };
            object(Some(item), &item_loc, "a path item")?;
            array(item.get("parameters"), &item_loc.child("parameters"))?;
            for method in METHODS {
                let op_loc = item_loc.child(method);
                if object(item.get(*method), &op_loc, "an operation")?.is_some() {
                    let (op_loc, op) = deref(self.store, op_loc)?;
                    object(Some(op), &op_loc, "an operation")?;
                    found.push((path, item_loc.clone(), *method, op_loc, op));
                }
            }
        }
        let stated: std::collections::BTreeSet<&str> = found
            .iter()
            .filter_map(|(.., op)| op.get("operationId").and_then(Value::as_str))
            .collect();
        let mut derived = std::collections::BTreeSet::new();
        for (path, item_loc, method, op_loc, op) in found {
            self.seen += 1;
            let id = match op.get("operationId") {
                Some(Value::String(id)) => id.clone(),
                Some(_) => {
                    return Err(Error::schema(
                        &op_loc.child("operationId"),
                        "`operationId` must be a string",
                        "name the operation with a string",
                    ))
                }
                None => {
                    let base = derived_operation_id(method, path);
                    let id = std::iter::once(base.clone())
                        .chain((2..).map(|n| format!("{base}_{n}")))
                        .find(|id| !stated.contains(id.as_str()) && !derived.contains(id))
                        .expect("an unbounded range has a free name");
                    derived.insert(id.clone());
                    id
                }
            };
            let mut listed = match op.as_object() {
                Some(op) => Listed::of(op),
                None => Listed::default(),
            };
            listed.id = Some(id.clone());
            let selected = self.selection.selects(&listed);
            self.listed.push(listed);
            if !selected {
                continue;
            }
            let at = OperationAt {
                item_loc: &item_loc,
                method,
                path,
                op_loc,
                op,
                id: &id,
            };
            if let Some(op) = self.operation(at)? {
                out.push(op);
            }
        }
        Ok(out)
    }

    fn operation(&mut self, at: OperationAt) -> Result<Option<OperationSpec>, Error> {
        let OperationAt {
            item_loc,
            method,
            path,
            op_loc,
            op,
            id,
        } = at;
        array(op.get("parameters"), &op_loc.child("parameters"))?;
        let op_type = crate::naming::type_name(id).name;
        let mut docs = Vec::new();
        for key in ["summary", "description"] {
            if let Some(text) = op.get(key).and_then(Value::as_str) {
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                docs.extend(crate::docs::doc_lines(text));
            }
        }
        docs.push(String::new());
        docs.push(format!("`{} {path}`", method.to_uppercase()));

        let mut path_params = Vec::new();
        let mut headers = Vec::new();
        let mut query_params: Vec<QueryParam> = Vec::new();
        let param_locs: Vec<Loc> = [item_loc.child("parameters"), op_loc.child("parameters")]
            .into_iter()
            .flat_map(|list| {
                let count = self
                    .store
                    .get(&list)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                (0..count).map(move |i| list.child(&i.to_string()))
            })
            .collect();
        for loc in param_locs {
            let (loc, param) = deref(self.store, loc)?;
            object(Some(param), &loc, "a parameter")?;
            let name = param.get("name").and_then(Value::as_str).ok_or_else(|| {
                Error::schema(&loc, "parameter without a `name`", "name the parameter")
            })?;
            let description = param
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string);
            let is_required = param.get("required") == Some(&Value::Bool(true));
            match param.get("in").and_then(Value::as_str) {
                Some("path") => {
                    path_params.retain(|(n, _): &(String, Option<String>)| n != name);
                    path_params.push((name.to_string(), description));
                }
                Some("query") => {
                    if param.get("schema").is_none() {
                        return Err(Error::schema(
                            &loc,
                            format!("query parameter `{name}` has no `schema`"),
                            "give the parameter a `schema` (parameters described by `content` are not supported)",
                        ));
                    }
                    let param = QueryParam {
                        name: name.to_string(),
                        loc,
                        required: is_required,
                    };
                    match query_params.iter_mut().find(|p| p.name == name) {
                        Some(earlier) => *earlier = param,
                        None => query_params.push(param),
                    }
                }
                Some("header") => match fixed_value(param.get("schema")) {
                    Some(value) if is_required => {
                        headers.retain(|(n, _): &(String, String)| !n.eq_ignore_ascii_case(name));
                        headers.push((name.to_string(), value));
                    }
                    _ => self.unsupported(&loc, format!("header parameter `{name}` is not a method argument"), "only required headers with one possible value are sent by the operations; send others with `ClientBuilder::header`"),
                },
                other => self.unsupported(&loc, format!("parameter `{name}` in `{}` is not supported", other.unwrap_or("?")), "only path, query and fixed header parameters become part of the operation"),
            }
        }
        let query = (!query_params.is_empty()).then(|| QueryParams {
            name: self.fresh_name(&format!("{op_type}Query")),
            operation_id: id.to_string(),
            loc: op_loc.child("parameters"),
            params: query_params,
        });

        let (body, request) = match op.get("requestBody") {
            Some(_) => match self.request_body(&op_loc, id, &op_type)? {
                Some(chosen) => chosen,
                None => return Ok(None),
            },
            None => (None, None),
        };
        let body_required = match op.get("requestBody") {
            Some(_) => {
                let (_, request_body) = deref(self.store, op_loc.child("requestBody"))?;
                request_body.get("required") == Some(&Value::Bool(true))
            }
            None => false,
        };

        let responses = op_loc.child("responses");
        let codes: Vec<String> = object(op.get("responses"), &responses, "`responses`")?
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let success = ["200", "201", "202", "203", "204", "2XX", "2xx"]
            .iter()
            .find(|c| codes.iter().any(|k| k == *c));
        let mut response = Response::Empty;
        let mut events = None;
        if let Some(code) = success {
            let (ok_loc, ok) = deref(self.store, responses.child(code))?;
            object(Some(ok), &ok_loc, "a response")?;
            if let Some(content) = object(ok.get("content"), &ok_loc.child("content"), "`content`")?
            {
                let stream = content
                    .keys()
                    .find(|k| k.split(';').next().unwrap_or("").trim() == "text/event-stream");
                if let Some(stream) = stream {
                    let media = ok_loc.child("content").child(stream);
                    events = Some(self.schema_type(&media, &op_type, "Event")?);
                }
                response = match content.keys().find(|k| is_json(k)) {
                    Some(json) => {
                        let media = ok_loc.child("content").child(json);
                        Response::Json(self.schema_type(&media, &op_type, "Response")?)
                    }
                    None if content.len() > usize::from(stream.is_some()) => Response::Bytes,
                    None if stream.is_some() => Response::StreamOnly,
                    None => Response::Empty,
                };
            }
        }
        let mut error = None;
        for code in &codes {
            let is_error = code == "default" || code.starts_with('4') || code.starts_with('5');
            if !is_error || error.is_some() {
                continue;
            }
            let (loc, value) = deref(self.store, responses.child(code))?;
            object(Some(value), &loc, "a response")?;
            let content = object(value.get("content"), &loc.child("content"), "`content`")?;
            if let Some(json) = content.and_then(|c| c.keys().find(|k| is_json(k))) {
                error = self.schema_type(&loc.child("content").child(json), &op_type, "Error")?;
            }
        }
        Ok(Some(OperationSpec {
            id: id.to_string(),
            http_method: method.to_string(),
            path: path.to_string(),
            docs,
            path_params,
            query,
            headers,
            body,
            request,
            body_required,
            response,
            events,
            error,
        }))
    }

    /// The request body's type and media type. An operation offering several media types
    /// takes JSON if offered, else the first the document lists that can be sent (a media
    /// type that is not a valid `Content-Type` is skipped with a warning). `None`: nothing can
    /// be sent, and the operation is not generated (with a warning).
    #[allow(clippy::type_complexity)]
    fn request_body(
        &mut self,
        op_loc: &Loc,
        id: &str,
        op_type: &str,
    ) -> Result<Option<(Option<String>, Option<RequestMedia>)>, Error> {
        let (body_loc, request_body) = deref(self.store, op_loc.child("requestBody"))?;
        let content_loc = body_loc.child("content");
        let Some(content) = object(request_body.get("content"), &content_loc, "`content`")? else {
            self.unsupported(
                &body_loc,
                format!("operation `{id}` has a request body without `content`; it is generated without a body"),
                "list the body's media types under `content`",
            );
            return Ok(Some((None, None)));
        };
        let mut usable = Vec::new();
        for key in content.keys() {
            if valid_content_type(key) {
                usable.push(key);
            } else {
                self.unsupported(
                    &content_loc.child(key),
                    format!(
                        "`{}` is not a media type that can be sent as a `Content-Type`",
                        key.escape_debug()
                    ),
                    "write the media type as `type/subtype`",
                );
            }
        }
        let Some(key) = usable
            .iter()
            .find(|k| body_kind(k) == BodyKind::Json)
            .or_else(|| usable.first())
        else {
            self.unsupported(
                &body_loc,
                format!("operation `{id}` lists no request body media type it can send, so it is not generated"),
                "describe the body under a media type such as `application/json`",
            );
            return Ok(None);
        };
        let media = content_loc.child(key);
        Ok(Some(match body_kind(key) {
            BodyKind::Json => (
                self.schema_type(&media, op_type, "Request")?,
                Some(RequestMedia::Json(if key.contains('*') {
                    "application/json".to_string()
                } else {
                    key.trim().to_string()
                })),
            ),
            BodyKind::Form => {
                let repeat_arrays = self
                    .store
                    .get(&media.child("encoding"))
                    .and_then(Value::as_object)
                    .is_some_and(|encoding| {
                        encoding.values().any(|e| {
                            e.get("style").and_then(Value::as_str) == Some("form")
                                && e.get("explode") != Some(&Value::Bool(false))
                        })
                    });
                (
                    self.schema_type(&media, op_type, "Request")?,
                    Some(RequestMedia::Form { repeat_arrays }),
                )
            }
            BodyKind::Multipart => {
                let files = self.file_properties(&media)?;
                let brackets = self
                    .store
                    .get(&media.child("encoding"))
                    .and_then(Value::as_object)
                    .map(|encoding| {
                        encoding
                            .iter()
                            .filter(|(_, e)| {
                                e.get("style").and_then(Value::as_str) == Some("deepObject")
                            })
                            .map(|(name, _)| name.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                let component = self.component_of(&media).is_some();
                let body = self.schema_type(&media, op_type, "Request")?;
                let name = match (&body, component) {
                    (Some(name), false) => name.clone(),
                    _ => self.fresh_name(&format!("{op_type}Form")),
                };
                (
                    body,
                    Some(RequestMedia::Multipart(MultipartForm {
                        name,
                        files,
                        component,
                        docs: Vec::new(),
                        brackets,
                        fields: None,
                    })),
                )
            }
            BodyKind::Bytes => (None, Some(RequestMedia::Bytes(bytes_content_type(key)))),
        }))
    }

    /// The component a Media Type Object's schema is a `$ref` to, if it is one.
    fn component_of(&self, media: &Loc) -> Option<String> {
        let schema = media.child("schema");
        let reference = self.store.get(&schema)?.get("$ref")?.as_str()?;
        let name = reference.strip_prefix("#/components/schemas/")?;
        (schema.file == self.entry && self.components.iter().any(|c| c == name))
            .then(|| name.to_string())
    }

    /// The properties of a multipart body's object schema that are files (`true`: an array of
    /// files), `$ref`s followed.
    fn file_properties(&self, media: &Loc) -> Result<Vec<(String, bool)>, Error> {
        let schema = media.child("schema");
        if self.store.get(&schema).is_none() {
            return Ok(Vec::new());
        }
        let (loc, value) = deref(self.store, schema)?;
        let mut files = Vec::new();
        let Some(properties) = value.get("properties").and_then(Value::as_object) else {
            return Ok(files);
        };
        for name in properties.keys() {
            let (loc, property) = deref(self.store, loc.child("properties").child(name))?;
            // A file, an array of files, or a union with a branch that is one (`anyOf: [file,
            // [file]]`): the form field holds files.
            let mut branches = vec![(loc.clone(), property)];
            for key in ["anyOf", "oneOf"] {
                let count = property
                    .get(key)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                for i in 0..count {
                    branches.push(deref(self.store, loc.child(key).child(&i.to_string()))?);
                }
            }
            let (mut file, mut many) = (false, false);
            for (loc, branch) in branches {
                if is_file_schema(branch) {
                    file = true;
                } else if branch.get("items").is_some_and(Value::is_object) {
                    let (_, items) = deref(self.store, loc.child("items"))?;
                    if is_file_schema(items) {
                        (file, many) = (true, true);
                    }
                }
            }
            if file {
                files.push((name.clone(), many));
            }
        }
        Ok(files)
    }
}

/// One operation where the document has it (path item and operation after their `$ref`s),
/// with its id (stated or derived).
struct OperationAt<'v, 'i> {
    item_loc: &'i Loc,
    method: &'i str,
    path: &'i str,
    op_loc: Loc,
    op: &'v Value,
    id: &'i str,
}

/// The id of an operation without an `operationId`, from its method and path, as a snake_case
/// method name reads: `GET /pets/{petId}/toys` → `get_pets_by_pet_id_toys`, `GET /` →
/// `get_root`.
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_string()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.extend(["by", param].map(str::to_string)),
            None => words.push(segment.to_string()),
        }
    }
    if words.len() == 1 {
        words.push("root".to_string());
    }
    crate::naming::field(&words.join(" ")).name
}

/// `value` as an object, if present; the wrong type is an error naming its pointer.
fn object<'v>(
    value: Option<&'v Value>,
    loc: &Loc,
    what: &str,
) -> Result<Option<&'v serde_json::Map<String, Value>>, Error> {
    match value {
        None => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map)),
        Some(other) => Err(Error::schema(
            loc,
            format!("{what} must be an object, not {}", json_type(other)),
            "see the OpenAPI specification for the shape of this field",
        )),
    }
}

/// Checks that `value`, if present, is an array of objects.
fn array(value: Option<&Value>, loc: &Loc) -> Result<(), Error> {
    let items = match value {
        None => return Ok(()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(Error::schema(
                loc,
                format!("`parameters` must be an array, not {}", json_type(other)),
                "list the parameters in an array",
            ))
        }
    };
    for (i, item) in items.iter().enumerate() {
        object(Some(item), &loc.child(&i.to_string()), "a parameter")?;
    }
    Ok(())
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The one value a header schema allows: `const`, a one-value `enum`, or a `default` of a
/// string whose schema allows nothing else.
fn fixed_value(schema: Option<&Value>) -> Option<String> {
    let schema = schema?;
    if let Some(Value::String(s)) = schema.get("const") {
        return Some(s.clone());
    }
    match schema
        .get("enum")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([Value::String(s)]) => Some(s.clone()),
        _ => None,
    }
}

impl Document {
    /// The whole document: every operation.
    pub fn read(store: &Store, entry: &str) -> Result<Self, Error> {
        Self::read_selected(store, entry, &Selection::default())
    }

    /// The document with only the operations `selection` selects (all listed in `listed`).
    pub fn read_selected(store: &Store, entry: &str, selection: &Selection) -> Result<Self, Error> {
        let root = Loc::new(entry, "");
        let value = store.get(&root).ok_or_else(|| {
            Error::schema(
                &root,
                "the entry document is missing",
                "pass the OpenAPI document or a JSON Schema file",
            )
        })?;
        if let (Some(version), None) = (value.get("swagger"), value.get("openapi")) {
            let version = version.as_str().map_or(version.to_string(), str::to_string);
            return Err(Error::schema(
                &root.child("swagger"),
                format!("Swagger {version} is not supported; convert it to OpenAPI 3"),
                "convert the document (e.g. with swagger2openapi or editor.swagger.io) and pass the OpenAPI 3 document",
            ));
        }
        let mut roots = Vec::new();
        let mut request_roots = Vec::new();
        let mut operations = Vec::new();
        let mut operations_in_input = 0;
        let mut base_url = None;
        let mut bearer = false;
        let mut warnings = Vec::new();
        let mut listed = Vec::new();
        let mut on_demand = Vec::new();
        if value.get("openapi").is_some() {
            let schemas = Loc::new(entry, "/components/schemas");
            let components: Vec<String> = match store.get(&schemas) {
                Some(Value::Object(map)) => map.keys().cloned().collect(),
                _ => Vec::new(),
            };
            for name in &components {
                let loc = schemas.child(name);
                let schema = store.get(&loc).ok_or_else(|| {
                    Error::schema(
                        &loc,
                        "a component schema that its JSON Pointer does not reach",
                        "this is a bug in the generator; please report it with the input",
                    )
                })?;
                let target = match schema.get("$ref").and_then(Value::as_str) {
                    Some(reference) if schema.as_object().is_some_and(|o| o.len() == 1) => {
                        store.resolve(&loc, reference)?
                    }
                    _ => loc,
                };
                roots.push((name.clone(), Root::Schema(target)));
            }
            let mut reader = Reader {
                store,
                entry,
                taken: components
                    .iter()
                    .map(|c| crate::naming::type_name(c).name)
                    .collect(),
                components,
                roots: Vec::new(),
                warnings: Vec::new(),
                selection,
                listed: Vec::new(),
                used: Default::default(),
                seen: 0,
            };
            operations = reader.operations(value)?;
            operations_in_input = reader.seen;
            roots.extend(reader.roots);
            warnings = reader.warnings;
            listed = reader.listed;
            if !selection.is_empty() {
                on_demand = reader
                    .components
                    .into_iter()
                    .filter(|name| !reader.used.contains(name))
                    .collect();
            }
            base_url = value
                .pointer("/servers/0/url")
                .and_then(Value::as_str)
                .map(str::to_string);
            bearer = uses_bearer(value);
            for op in &operations {
                if !matches!(op.request, Some(RequestMedia::Multipart(_))) {
                    request_roots.extend(op.body.clone());
                }
                if let Some(query) = &op.query {
                    roots.push((query.name.clone(), Root::Query(query.clone())));
                    request_roots.push(query.name.clone());
                }
            }
        } else {
            for key in ["definitions", "$defs"] {
                if let Some(Value::Object(map)) = value.get(key) {
                    for name in map.keys() {
                        roots.push((name.clone(), Root::Schema(root.child(key).child(name))));
                    }
                }
            }
            if roots.is_empty() {
                let stem = entry
                    .rsplit('/')
                    .next()
                    .unwrap_or(entry)
                    .trim_end_matches(".json");
                let name = value.get("title").and_then(Value::as_str).unwrap_or(stem);
                roots.push((crate::naming::type_name(name).name, Root::Schema(root)));
            }
            request_roots = roots.iter().map(|(n, _)| n.clone()).collect();
        }
        Ok(Self {
            roots,
            request_roots,
            operations,
            operations_in_input,
            base_url,
            bearer,
            warnings,
            on_demand,
            listed,
        })
    }
}

/// Whether the document's security requirements name an `http` scheme `bearer`.
fn uses_bearer(doc: &Value) -> bool {
    let Some(Value::Object(schemes)) = doc.pointer("/components/securitySchemes") else {
        return false;
    };
    let required: Vec<&String> = doc
        .get("security")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|requirement| requirement.keys())
        .collect();
    schemes.iter().any(|(name, scheme)| {
        required.contains(&name)
            && scheme.get("type").and_then(Value::as_str) == Some("http")
            && scheme
                .get("scheme")
                .and_then(Value::as_str)
                .is_some_and(|s| s.eq_ignore_ascii_case("bearer"))
    })
}

/// Every `definitions` / `$defs` entry of every file, named by its key.
pub fn definition_names(store: &Store) -> Vec<(Loc, String)> {
    let mut out = Vec::new();
    for (file, value) in store.files() {
        for key in ["definitions", "$defs"] {
            if let Some(Value::Object(map)) = value.get(key) {
                for name in map.keys() {
                    out.push((
                        Loc::new(file.clone(), "").child(key).child(name),
                        name.clone(),
                    ));
                }
            }
        }
    }
    out
}
