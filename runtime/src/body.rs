//! Request bodies other than JSON: raw bytes or a byte stream ([`Body`]), files of a
//! `multipart/form-data` form ([`FilePart`], [`Multipart`]), and the bracket notation of
//! `application/x-www-form-urlencoded` forms ([`FormArrays`]).
//!
//! A body held in memory is sent again when a request is retried; a streamed body (a file, any
//! byte stream) can be read only once, so a request carrying one is sent once, without retries.

use std::path::Path;

use bytes::Bytes;
use serde::Serialize;

/// A request body or the contents of a file part: bytes in memory, or a stream read once.
pub struct Body {
    inner: Inner,
}

enum Inner {
    Bytes(Bytes),
    /// Taken by the first attempt that sends it.
    Stream(Option<reqwest::Body>),
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Inner::Bytes(bytes) => write!(f, "Body({} bytes)", bytes.len()),
            Inner::Stream(_) => f.write_str("Body(<stream>)"),
        }
    }
}

impl Body {
    /// Bytes in memory (sent again on a retry).
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self {
            inner: Inner::Bytes(bytes.into()),
        }
    }

    /// Any stream of byte chunks, read once while the request is sent.
    pub fn from_stream<S, O, E>(stream: S) -> Self
    where
        S: futures_core::TryStream<Ok = O, Error = E> + Send + 'static,
        Bytes: From<O>,
        O: 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Self {
            inner: Inner::Stream(Some(reqwest::Body::wrap_stream(stream))),
        }
    }

    /// The file at `path`, streamed (opened now, read while the request is sent).
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        Ok(tokio::fs::File::open(path).await?.into())
    }

    /// Whether the body is held in memory, so a request carrying it can be sent again.
    pub fn is_replayable(&self) -> bool {
        matches!(self.inner, Inner::Bytes(_))
    }

    /// The body for one attempt; `None` once a stream has been taken.
    pub(crate) fn take(&mut self) -> Option<reqwest::Body> {
        match &mut self.inner {
            Inner::Bytes(bytes) => Some(reqwest::Body::from(bytes.clone())),
            Inner::Stream(stream) => stream.take(),
        }
    }

    /// The length, when known before sending.
    fn len(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(bytes.len() as u64),
            Inner::Stream(_) => None,
        }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Self::from_bytes(text)
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Self::from_bytes(text)
    }
}

/// A file opened by the caller, streamed.
impl From<tokio::fs::File> for Body {
    fn from(file: tokio::fs::File) -> Self {
        Self {
            inner: Inner::Stream(Some(reqwest::Body::from(file))),
        }
    }
}

/// A file of a `multipart/form-data` form: its contents ([`Body`]: bytes or a stream), and the
/// file name and content type sent with it (`application/octet-stream` unless set).
///
/// The file name is sent with `"`, line breaks and other control characters percent-encoded
/// (as browsers do), so no name can end the header, add a header or start a part; a content
/// type that is not a valid media type is refused before anything is sent.
#[derive(Debug)]
pub struct FilePart {
    body: Body,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part with these contents, no file name and no content type.
    pub fn new(body: impl Into<Body>) -> Self {
        Self {
            body: body.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file at `path`, streamed, named after its last path component.
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let part = Self::new(Body::from_path(path).await?);
        Ok(match path.file_name() {
            Some(name) => part.file_name(name.to_string_lossy()),
            None => part,
        })
    }

    /// The `filename` sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's `Content-Type` (for example `image/png`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    fn is_replayable(&self) -> bool {
        self.body.is_replayable()
    }
}

impl<T: Into<Body>> From<T> for FilePart {
    fn from(body: T) -> Self {
        Self::new(body)
    }
}

/// A `multipart/form-data` body: text parts and file parts, in the order they were added.
/// Generated form types build one with `into_multipart`.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<(String, Part)>,
    /// A field that did not serialize: reported when the request is sent.
    error: Option<String>,
}

#[derive(Debug)]
enum Part {
    Text(String),
    Json(String),
    File(FilePart),
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    /// A text part holding `text` as it is.
    pub fn text(mut self, name: &str, text: impl Into<String>) -> Self {
        self.parts.push((name.to_string(), Part::Text(text.into())));
        self
    }

    /// The parts of a non-file field: nothing for `null` (an unset optional field); a string,
    /// number or boolean as a text part; an array as one part per item, each by the same rule;
    /// an object as its JSON text, with `Content-Type: application/json`. (A value that does not
    /// serialize, which a generated type never is, fails the request before it is sent.)
    pub fn field<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        fn push(parts: &mut Vec<(String, Part)>, name: &str, value: serde_json::Value) {
            let part = match value {
                serde_json::Value::Null => return,
                serde_json::Value::String(text) => Part::Text(text),
                serde_json::Value::Array(items) => {
                    for item in items {
                        push(parts, name, item);
                    }
                    return;
                }
                object @ serde_json::Value::Object(_) => Part::Json(object.to_string()),
                other => Part::Text(other.to_string()),
            };
            parts.push((name.to_string(), part));
        }
        match serde_json::to_value(value) {
            Ok(value) => push(&mut self.parts, name, value),
            Err(e) => {
                self.error
                    .get_or_insert_with(|| format!("multipart field `{name}`: {e}"));
            }
        }
        self
    }

    /// The parts of a non-file field in bracket notation (the `encoding` says
    /// `style: deepObject`, as the official OpenAI SDKs send objects): an object as a part per
    /// member named `name[key]` (nested objects likewise, `name[a][b]`), an array as a part per
    /// item named `name[]`, strings, numbers and booleans as text parts, `null` as nothing.
    pub fn field_brackets<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        fn push(parts: &mut Vec<(String, Part)>, name: String, value: serde_json::Value) {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::String(text) => parts.push((name, Part::Text(text))),
                serde_json::Value::Array(items) => {
                    for item in items {
                        push(parts, format!("{name}[]"), item);
                    }
                }
                serde_json::Value::Object(members) => {
                    for (key, member) in members {
                        push(parts, format!("{name}[{key}]"), member);
                    }
                }
                other => parts.push((name, Part::Text(other.to_string()))),
            }
        }
        match serde_json::to_value(value) {
            Ok(value) => push(&mut self.parts, name.to_string(), value),
            Err(e) => {
                self.error
                    .get_or_insert_with(|| format!("multipart field `{name}`: {e}"));
            }
        }
        self
    }

    /// A file part.
    pub fn file(mut self, name: &str, file: impl Into<FilePart>) -> Self {
        self.parts.push((name.to_string(), Part::File(file.into())));
        self
    }

    /// A file part per file (none for `None` or an empty list).
    pub fn files(mut self, name: &str, files: impl IntoIterator<Item = FilePart>) -> Self {
        for file in files {
            self = self.file(name, file);
        }
        self
    }

    /// Each part's name and text, in the order they are sent (`None` for a file part, whose
    /// contents may be a stream): what the form sends, for checks and logs.
    pub fn texts(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.parts.iter().map(|(name, part)| {
            let text = match part {
                Part::Text(text) | Part::Json(text) => Some(text.as_str()),
                Part::File(_) => None,
            };
            (name.as_str(), text)
        })
    }

    /// Whether every part is held in memory, so the form can be sent again.
    pub(crate) fn is_replayable(&self) -> bool {
        self.parts.iter().all(|(_, part)| match part {
            Part::File(file) => file.is_replayable(),
            Part::Text(_) | Part::Json(_) => true,
        })
    }

    /// The form for one attempt; `None` once a streamed file has been taken. An invalid
    /// content type of a file part is an error.
    pub(crate) fn take(&mut self) -> Result<Option<reqwest::multipart::Form>, String> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &mut self.parts {
            let part = match part {
                Part::Text(text) => reqwest::multipart::Part::text(text.clone()),
                Part::Json(text) => reqwest::multipart::Part::text(text.clone())
                    .mime_str("application/json")
                    .map_err(|e| e.to_string())?,
                Part::File(file) => {
                    let length = file.body.len();
                    let Some(body) = file.body.take() else {
                        return Ok(None);
                    };
                    let mut part = match length {
                        Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                        None => reqwest::multipart::Part::stream(body),
                    };
                    if let Some(file_name) = &file.file_name {
                        part = part.file_name(safe_file_name(file_name));
                    }
                    let content_type = file
                        .content_type
                        .as_deref()
                        .unwrap_or("application/octet-stream");
                    part.mime_str(content_type).map_err(|_| {
                        format!(
                            "the content type `{}` of file part `{}` is not a media type",
                            crate::error::Untrusted::new(content_type, 64),
                            crate::error::Untrusted::new(name, 64),
                        )
                    })?
                }
            };
            form = form.part(name.clone(), part);
        }
        Ok(Some(form))
    }
}

/// `name` with the characters that could end a quoted `filename` or its header line
/// percent-encoded: `"` as `%22`, CR as `%0D`, LF as `%0A` (the HTML standard's encoding of
/// multipart file names), other control characters and `%` itself likewise, so the encoding
/// stays unambiguous. (reqwest only puts a backslash before CR and LF, which leaves the line
/// break in the header.)
fn safe_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c == '"' || c == '%' || c == '\\' || c.is_control() {
            let mut utf8 = [0u8; 4];
            for byte in c.encode_utf8(&mut utf8).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// How arrays are written in an `application/x-www-form-urlencoded` body. Objects are always
/// written in bracket notation (`a[b]=1`), as form-encoded APIs read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormArrays {
    /// `a[]=1&a[]=2` (and `a[c][]=2` inside an object): the default.
    Brackets,
    /// `a=1&a=2`: OpenAPI's `style: form` with `explode: true` stated in the operation's
    /// `encoding`.
    Repeat,
}

/// `value` as an `application/x-www-form-urlencoded` body: its fields in order, objects in
/// bracket notation, `null` and absent fields left out, keys and values percent-encoded.
pub(crate) fn form_encode<T: Serialize>(value: &T, arrays: FormArrays) -> Result<String, String> {
    let format = match arrays {
        FormArrays::Brackets => serde_qs::ArrayFormat::EmptyIndexed,
        FormArrays::Repeat => serde_qs::ArrayFormat::Unindexed,
    };
    let text = serde_qs::Config::new()
        .use_form_encoding(true)
        .array_format(format)
        .serialize_string(value)
        .map_err(|e| e.to_string())?;
    // serde_qs writes `None` as a key without `=`; every value, even an empty one, has one.
    Ok(text
        .split('&')
        .filter(|pair| pair.contains('='))
        .collect::<Vec<_>>()
        .join("&"))
}
