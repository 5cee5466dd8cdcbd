//! The one error type of the client. Nothing is lost: an API error keeps the HTTP status, the
//! parsed error body, the raw body and the request id; a decoding error keeps the raw body and
//! the JSON path where decoding failed; an error event keeps its data.

use std::time::Duration;

use reqwest::StatusCode;

use crate::sse::SseError;
use crate::validate::ValidationError;

/// The error of every operation, generic over the API's error body `E` (which
/// [`ApiFailure::error`] holds parsed); a generated crate names it `Error` with its own body.
/// New kinds may be added: match with a `_` arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The API answered with an error status (after any retries).
    #[error("{0}")]
    Api(Box<ApiFailure<E>>),
    /// A successful response whose body does not match the expected type. Its source is the
    /// [`DecodeFailure`], whose source is serde_json's error.
    #[error("{0}")]
    Decode(#[source] Box<DecodeFailure>),
    /// The request could not be sent or the response not read (connection refused or reset,
    /// DNS, TLS, a body cut off).
    #[error("transport error: {}", Untrusted::new(&.0.to_string(), TRANSPORT_LIMIT))]
    Transport(#[source] reqwest::Error),
    /// The server redirected (3xx) to another origin, or more than
    /// [`MAX_REDIRECTS`](crate::client::MAX_REDIRECTS) times in a row; the redirect was not
    /// followed (see [`Config`](crate::Config)).
    #[error("{0}")]
    Redirect(Box<RedirectFailure>),
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
pub struct ApiFailure<E = serde_json::Value> {
    pub status: StatusCode,
    /// The body parsed as the document's error schema, when it is one.
    pub error: Option<E>,
    /// The body as received (its first
    /// [`max_body_size`](crate::ClientBuilder::max_body_size) bytes when it is longer).
    pub body: String,
    /// The body was longer than the size limit, and `body` is only its beginning.
    pub body_truncated: bool,
    /// The `x-request-id` header, to quote to the API provider's support.
    pub request_id: Option<String>,
}

impl<E> std::fmt::Display for ApiFailure<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "API error {}", self.status.as_u16())?;
        match Summary::of(&self.body) {
            Some(summary) => write!(f, "{summary}")?,
            None if !self.body.is_empty() => {
                write!(f, ": {}", Untrusted::new(&self.body, MESSAGE_LIMIT))?
            }
            None => {}
        }
        write_request_id(f, self.request_id.as_deref())
    }
}

fn write_request_id(f: &mut std::fmt::Formatter<'_>, id: Option<&str>) -> std::fmt::Result {
    match id {
        Some(id) => write!(f, " [request id {}]", Untrusted::new(id, DETAIL_LIMIT)),
        None => Ok(()),
    }
}

/// A redirect the client did not follow: to another origin (which would have carried the
/// credentials and headers there), or one too many.
#[derive(Debug)]
pub struct RedirectFailure {
    /// The 3xx status.
    pub status: StatusCode,
    /// The `Location` header as received (lossily decoded as UTF-8), if any.
    pub location: Option<String>,
    /// The `x-request-id` header.
    pub request_id: Option<String>,
}

impl std::fmt::Display for RedirectFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redirect {} ", self.status.as_u16())?;
        match &self.location {
            Some(location) => write!(f, "to `{}`", Untrusted::new(location, LOCATION_LIMIT))?,
            None => write!(f, "without a Location")?,
        }
        write!(
            f,
            " not followed: only redirects within the base URL's origin are followed, at most {} in a row",
            crate::client::MAX_REDIRECTS
        )?;
        write_request_id(f, self.request_id.as_deref())
    }
}

impl<E> ApiFailure<E> {
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
    /// The `x-request-id` header of the response that carried the stream.
    pub request_id: Option<String>,
}

impl StreamFailure {
    /// The error event with data `data` (no request id; see [`Self::request_id`]).
    pub fn new(data: String) -> Self {
        let json = serde_json::from_str(&data).ok();
        Self {
            data,
            json,
            request_id: None,
        }
    }

    /// The same, from the response whose `x-request-id` is `id`.
    pub fn with_request_id(mut self, id: Option<String>) -> Self {
        self.request_id = id;
        self
    }

    /// The error message of the data (`message` or `error.message`), if it has one; the data
    /// itself is [`StreamFailure::data`].
    pub fn message(&self) -> Option<String> {
        Summary::of(&self.data).map(|s| s.message)
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
            Some(summary) => write!(f, "{summary}")?,
            None => write!(f, ": {}", Untrusted::new(&self.data, MESSAGE_LIMIT))?,
        }
        write_request_id(f, self.request_id.as_deref())
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
            write!(f, " (")?;
            for (i, detail) in self.details.iter().enumerate() {
                let separator = if i == 0 { "" } else { ", " };
                write!(f, "{separator}{}", Untrusted::new(detail, DETAIL_LIMIT))?;
            }
            write!(f, ")")?;
        }
        write!(f, ": {}", Untrusted::new(&self.message, MESSAGE_LIMIT))
    }
}

/// A response body that does not decode into the expected type.
#[derive(Debug)]
pub struct DecodeFailure {
    pub status: StatusCode,
    /// Where in the JSON decoding failed (`data[0].status`).
    pub path: String,
    pub body: String,
    pub request_id: Option<String>,
    pub source: serde_json::Error,
}

impl std::error::Error for DecodeFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl std::fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "could not decode the response (status {}) at `{}`: {}",
            self.status.as_u16(),
            Untrusted::new(&self.path, PATH_LIMIT),
            Untrusted::new(&self.source.to_string(), MESSAGE_LIMIT)
        )
    }
}

// The most bytes of server text an error's `Display` shows (escapes counted as shown), so
// that a whole error message stays under 1 KiB.
/// A message or a body.
const MESSAGE_LIMIT: usize = 512;
/// An error type, code or parameter, a request id.
const DETAIL_LIMIT: usize = 64;
/// The JSON path where decoding failed.
const PATH_LIMIT: usize = 192;
/// A `Location` header.
const LOCATION_LIMIT: usize = 256;
/// The text of a transport error (which includes the request URL).
const TRANSPORT_LIMIT: usize = 512;

/// Text from the server (or other untrusted text) as an error message shows it: control and
/// invisible characters escaped (`\u{1b}`, `\n`, `\u{202e}`), so that a message can neither
/// drive a terminal, rewrite a log line nor reorder the text around it, and cut after `limit`
/// bytes (on a character boundary) with a marker giving the full length. The raw text stays on the error value.
pub(crate) struct Untrusted<'a> {
    text: &'a str,
    limit: usize,
}

impl<'a> Untrusted<'a> {
    pub(crate) fn new(text: &'a str, limit: usize) -> Self {
        Self { text, limit }
    }
}

impl std::fmt::Display for Untrusted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut written = 0;
        for c in self.text.chars() {
            let escaped = is_control_or_invisible(c);
            let width = if !escaped {
                c.len_utf8()
            } else if matches!(c, '\n' | '\r' | '\t') {
                2
            } else {
                c.escape_unicode().count()
            };
            if written + width > self.limit {
                return write!(f, "… ({} bytes in all)", self.text.len());
            }
            written += width;
            match (escaped, c) {
                (false, c) => write!(f, "{c}")?,
                (true, '\n' | '\r' | '\t') => write!(f, "{}", c.escape_default())?,
                (true, c) => write!(f, "{}", c.escape_unicode())?,
            }
        }
        Ok(())
    }
}

/// Control characters (C0, DEL, C1) and the invisible characters that hide or reorder text:
/// bidirectional controls (U+202E), zero-width characters, line and paragraph separators, the
/// byte order mark, tag characters and other default-ignorable format characters.
pub(crate) fn is_control_or_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// `url` with any user name and password replaced by `<redacted>`, found the way a URL parser
/// finds them (the authority after the scheme, up to the first `/`, `\`, `?` or `#`), so
/// that even a URL that does not parse is shown without its credentials.
pub(crate) fn redact_userinfo(url: &str) -> String {
    let Some(colon) = url.find(':') else {
        return url.to_string();
    };
    let (scheme, rest) = url.split_at(colon + 1);
    let slashes = rest.len() - rest.trim_start_matches(['/', '\\']).len();
    let (lead, authority_and_rest) = rest.split_at(slashes);
    let end = authority_and_rest
        .find(['/', '\\', '?', '#'])
        .unwrap_or(authority_and_rest.len());
    match authority_and_rest[..end].rfind('@') {
        Some(at) => format!("{scheme}{lead}<redacted>{}", &authority_and_rest[at..]),
        None => url.to_string(),
    }
}

/// What most callers want to know of an error, without matching on its kind.
impl<E> Error<E> {
    /// The HTTP status, for API, decoding and redirect errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(f) => Some(f.status),
            Self::Decode(f) => Some(f.status),
            Self::Redirect(f) => Some(f.status),
            _ => None,
        }
    }

    /// The `x-request-id` of the response the error came with (an error status, a body that
    /// did not decode, a redirect, or a stream with an `error` event or an event that did not
    /// decode), to quote to the API provider's support. `None` when the server sent none or
    /// no response arrived.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(f) => f.request_id.as_deref(),
            Self::Decode(f) => f.request_id.as_deref(),
            Self::Redirect(f) => f.request_id.as_deref(),
            Self::Stream(f) => f.request_id.as_deref(),
            _ => None,
        }
    }

    /// The server's error message: `error.message` (or `message`) of an API error's body or
    /// of a stream's `error` event, as received (unescaped: escape it before showing it where
    /// control characters matter; `Display` does). `None` for other errors, and for a body
    /// without a message (the raw body stays on [`ApiFailure::body`]).
    pub fn message(&self) -> Option<String> {
        match self {
            Self::Api(f) => f.message(),
            Self::Stream(f) => f.message(),
            _ => None,
        }
    }

    /// Whether the client's retry policy (as the official SDKs') retries this kind of
    /// failure: an API error with status 408, 409, 429 or 5xx, a timeout, or a request that
    /// could not be sent (connection refused or reset). An error that is retryable was
    /// returned because the retries ran out (or the request had a streamed body, which is
    /// sent once); trying again later may succeed. Nothing else is retryable: not a stream
    /// that broke off after it began, nor an `error` event. The server's `x-should-retry`
    /// header, which the client follows, is not kept on the error: this answers by status.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(f) => crate::retry::retryable_status(f.status.as_u16()),
            Self::Timeout(_) => true,
            Self::Transport(e) => e.is_timeout() || e.is_connect() || e.is_request(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> Error {
        Error::Api(Box::new(ApiFailure {
            status: StatusCode::from_u16(status).unwrap(),
            error: None,
            body: String::new(),
            body_truncated: false,
            request_id: None,
        }))
    }

    #[test]
    fn an_api_error_is_retryable_for_the_statuses_the_client_retries() {
        for status in [408, 409, 429, 500, 502, 503, 504] {
            assert!(api(status).is_retryable(), "{status}");
        }
        for status in [400, 401, 403, 404, 422] {
            assert!(!api(status).is_retryable(), "{status}");
        }
    }

    #[test]
    fn a_timeout_is_retryable_and_a_cut_stream_or_a_bad_request_is_not() {
        assert!(Error::<serde_json::Value>::Timeout(Duration::from_secs(1)).is_retryable());
        for error in [
            Error::<serde_json::Value>::StreamEnded,
            Error::StreamIdle(Duration::from_secs(1)),
            Error::Config("no key".into()),
            Error::BodyTooLarge { limit: 1 },
            Error::Stream(Box::new(StreamFailure::new("{}".into()))),
        ] {
            assert!(!error.is_retryable(), "{error:?}");
        }
    }
}
