//! The one error type of the client. Nothing is lost: an API error keeps the HTTP status, the
//! parsed error body, the raw body and the request id; a decoding error keeps the raw body and
//! the JSON path where decoding failed; an error event keeps its data.

use std::time::Duration;

use crate::generated::operations::ErrorBody;
use crate::sse::SseError;
use crate::validate::ValidationError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API answered with an error status (after any retries).
    #[error("{0}")]
    Api(Box<ApiFailure>),
    /// A successful response whose body does not match the expected type.
    #[error("{0}")]
    Decode(Box<DecodeFailure>),
    /// The request could not be sent or the response not read (connection refused or reset,
    /// DNS, TLS, a body cut off).
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// No response within the configured timeout.
    #[error("request timed out after {0:?}")]
    Timeout(Duration),
    /// The request breaks a constraint of its schema; nothing was sent.
    #[error("invalid request: {0}")]
    Validation(#[from] ValidationError),
    /// The server sent an `error` event in a stream.
    #[error("{0}")]
    Stream(Box<StreamFailure>),
    /// The server-sent event framing is broken.
    #[error("malformed server-sent events: {0}")]
    Sse(#[from] SseError),
    /// The stream ended (the connection closed) before `data: [DONE]`.
    #[error("the event stream ended before `data: [DONE]`")]
    StreamEnded,
    /// A polling helper's deadline passed before the awaited state was reached.
    #[error(
        "the awaited state (for a run: a final or actionable status) was not reached within {0:?}"
    )]
    Deadline(Duration),
    /// The client is not configured (for example no API key).
    #[error("configuration error: {0}")]
    Config(String),
    /// A response body is larger than the configured limit
    /// ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size)): refused from
    /// its `Content-Length`, or once that many bytes have arrived. Not retried.
    #[error("the response body is larger than the limit of {limit} bytes (ClientBuilder::max_body_size)")]
    BodyTooLarge {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// A stream sent nothing for the configured idle time
    /// ([`ClientBuilder::stream_idle_timeout`](crate::ClientBuilder::stream_idle_timeout));
    /// the stream ends.
    #[error("the event stream sent nothing for {0:?}")]
    StreamIdle(Duration),
    /// Cursor pagination cannot go on: a page says `has_more: true` but gives no way forward.
    /// The stream of items ends.
    #[error("pagination stopped at page {page}: {stall}")]
    Pagination {
        /// The 1-based number of the page that could not be followed.
        page: usize,
        stall: PaginationStall,
    },
}

/// Why a `*_all` stream stopped before a page with `has_more: false`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationStall {
    /// The page gives no cursor (`last_id` absent or `null`).
    MissingCursor,
    /// The page has no items, so there is nothing to continue after.
    EmptyPage,
    /// The page's cursor is one an earlier page already gave: following it would fetch the
    /// same pages again. The page's items (a repeat) are not yielded.
    RepeatedCursor,
}

impl std::fmt::Display for PaginationStall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::MissingCursor => "the page says `has_more: true` but gives no cursor",
            Self::EmptyPage => "the page says `has_more: true` but has no items",
            Self::RepeatedCursor => {
                "the page says `has_more: true` but repeats the cursor of an earlier page"
            }
        })
    }
}

/// An error status from the API.
#[derive(Debug)]
pub struct ApiFailure {
    pub status: u16,
    /// The body parsed as the document's error schema, when it is one.
    pub error: Option<ErrorBody>,
    /// The body as received (its first
    /// [`max_body_size`](crate::ClientBuilder::max_body_size) bytes when it is longer).
    pub body: String,
    /// The body was longer than the size limit, and `body` is only its beginning.
    pub body_truncated: bool,
    /// The `x-request-id` header, to quote to the API provider's support.
    pub request_id: Option<String>,
}

impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "API error {}", self.status)?;
        match Summary::of(&self.body) {
            Some(summary) => write!(f, "{summary}")?,
            None if !self.body.is_empty() => write!(f, ": {}", truncate(&self.body))?,
            None => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl ApiFailure {
    /// The error message of the body (`error.message` or `message`), if it has one.
    pub fn message(&self) -> Option<String> {
        Summary::of(&self.body).map(|s| s.message)
    }
}

/// An `error` event of a stream.
#[derive(Debug)]
pub struct StreamFailure {
    /// The event's data as received.
    pub data: String,
    /// The data as JSON, when it is JSON.
    pub json: Option<serde_json::Value>,
}

impl StreamFailure {
    pub fn new(data: String) -> Self {
        let json = serde_json::from_str(&data).ok();
        Self { data, json }
    }

    /// The error message (`message` or `error.message` of the data, else the data itself).
    pub fn message(&self) -> String {
        Summary::of(&self.data).map_or_else(|| self.data.clone(), |s| s.message)
    }

    /// A string field of the error (`code`, `type`, `param`), at the top or under `error`.
    pub fn field(&self, name: &str) -> Option<&str> {
        let json = self.json.as_ref()?;
        let error = json.get("error").filter(|e| e.is_object()).unwrap_or(json);
        error.get(name)?.as_str()
    }
}

impl std::fmt::Display for StreamFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error event in the stream")?;
        match Summary::of(&self.data) {
            Some(summary) => write!(f, "{summary}"),
            None => write!(f, ": {}", truncate(&self.data)),
        }
    }
}

/// The conventional fields of a JSON error body, `{"error": {"message", "type", "code",
/// "param"}}` or the same at the top level, whatever the document's error schema.
struct Summary {
    message: String,
    details: Vec<String>,
}

impl Summary {
    fn of(body: &str) -> Option<Self> {
        let json: serde_json::Value = serde_json::from_str(body).ok()?;
        let error = json.get("error").filter(|e| e.is_object()).unwrap_or(&json);
        let message = error.get("message")?.as_str()?.to_string();
        let details = [("type", ""), ("code", "code "), ("param", "param ")]
            .iter()
            .filter_map(|(key, label)| match error.get(*key)? {
                serde_json::Value::String(s) => Some(format!("{label}{s}")),
                serde_json::Value::Number(n) => Some(format!("{label}{n}")),
                _ => None,
            })
            .collect();
        Some(Self { message, details })
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.details.is_empty() {
            write!(f, " ({})", self.details.join(", "))?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A response body that does not decode into the expected type.
#[derive(Debug)]
pub struct DecodeFailure {
    pub status: u16,
    /// Where in the JSON decoding failed (`data[0].status`).
    pub path: String,
    pub body: String,
    pub request_id: Option<String>,
    pub source: serde_json::Error,
}

impl std::fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "could not decode the response (status {}) at `{}`: {}",
            self.status, self.path, self.source
        )
    }
}

fn truncate(body: &str) -> String {
    const MAX: usize = 512;
    match body.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &body[..i]),
        None => body.to_string(),
    }
}

impl Error {
    /// The HTTP status, for API and decoding errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(f) => Some(f.status),
            Self::Decode(f) => Some(f.status),
            _ => None,
        }
    }
}
