//! The one error type of the client. Nothing is lost: an API error keeps the HTTP status, the
//! parsed error body, the raw body and the request id; a decoding error keeps the raw body and
//! the JSON path where decoding failed.

use std::time::Duration;

use crate::sse::SseError;
use crate::types::{ApiError, StreamError};
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
    #[error("error event in the stream: {}", .0.message)]
    Stream(Box<StreamError>),
    /// The server-sent event framing is broken.
    #[error("malformed server-sent events: {0}")]
    Sse(#[from] SseError),
    /// The stream ended (the connection closed) before `data: [DONE]`.
    #[error("the event stream ended before `data: [DONE]`")]
    StreamEnded,
    /// A polling helper's deadline passed before the run reached the awaited state.
    #[error("the run did not reach a final or actionable status within {0:?}")]
    Deadline(Duration),
    /// The client is not configured (for example no API key).
    #[error("configuration error: {0}")]
    Config(String),
}

/// An error status from the API.
#[derive(Debug)]
pub struct ApiFailure {
    pub status: u16,
    /// The parsed `{"error": {...}}` body, when the body is one.
    pub error: Option<ApiError>,
    /// The body as received.
    pub body: String,
    /// The `x-request-id` header, to quote to OpenAI support.
    pub request_id: Option<String>,
}

impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "API error {}", self.status)?;
        match &self.error {
            Some(e) => {
                write!(f, " ({}", e.r#type)?;
                if let Some(code) = e.code.value() {
                    write!(f, ", code {code}")?;
                }
                if let Some(param) = e.param.value() {
                    write!(f, ", param {param}")?;
                }
                write!(f, "): {}", e.message)?;
            }
            None if !self.body.is_empty() => write!(f, ": {}", truncate(&self.body))?,
            None => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
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
