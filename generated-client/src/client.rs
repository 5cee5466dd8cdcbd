//! The HTTP client: configuration, authentication headers, retries, timeouts. The operations
//! themselves are generated in `generated/operations.rs`, with what this file needs to know
//! about the API (its server, its authentication, its error body and event types).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{ApiFailure, DecodeFailure, Error};
use crate::generated::operations::{
    ErrorBody, BEARER_AUTH, DEFAULT_BASE_URL, ENV_HEADERS, ENV_PREFIX,
};
use crate::stream::{with_idle_timeout, EventStream, ServerEvent};
use crate::validate::{ValidationError, Violation};

/// As the official SDKs: 10 minutes for a whole request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The largest response body read (a JSON, error or bytes body): 64 MiB.
pub const DEFAULT_MAX_BODY_SIZE: usize = 64 * 1024 * 1024;
/// The longest a stream may send nothing before it ends with [`Error::StreamIdle`]: as long
/// as the official SDKs wait for the next bytes of a stream, 10 minutes.
pub const DEFAULT_STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(600);
const USER_AGENT_VALUE: &str = concat!(
    env!("CARGO_PKG_NAME"),
    "/",
    env!("CARGO_PKG_VERSION"),
    " (Rust)"
);

/// An API key. Its `Debug` and `Display` never show it.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself, for the `Authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Everything a [`Client`] needs to know; built by [`ClientBuilder`].
#[derive(Clone, Debug)]
pub struct Config {
    /// Sent as `Authorization: Bearer <key>`.
    pub api_key: Option<ApiKey>,
    pub base_url: Url,
    /// Sent with every request.
    pub headers: Vec<(String, String)>,
    pub max_retries: u32,
    /// The deadline of a whole non-streaming request (its body read included), and of the
    /// start of a stream (its response headers, or its error body); a started stream lasts as
    /// long as the server sends it.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// The largest response body read, in bytes; an error body is cut to it.
    pub max_body_size: usize,
    /// The largest event (or line) of a stream, in bytes.
    pub max_event_size: usize,
    /// How long a started stream may send nothing before it ends with [`Error::StreamIdle`].
    pub stream_idle_timeout: Duration,
}

/// Builds a [`Client`]: `Client::builder().api_key("sk-...").max_retries(5).build()?`.
#[derive(Clone, Debug, Default)]
pub struct ClientBuilder {
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    headers: Vec<(String, String)>,
    max_retries: Option<u32>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_body_size: Option<usize>,
    max_event_size: Option<usize>,
    stream_idle_timeout: Option<Duration>,
}

impl ClientBuilder {
    /// Takes the API key from `<PREFIX>_API_KEY` and the base URL from `<PREFIX>_BASE_URL`
    /// (the prefix is [`Client::ENV_PREFIX`]), and the headers the generator was told to read
    /// from the environment, for whatever was not set explicitly.
    pub fn from_env(mut self) -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        self.api_key = self
            .api_key
            .or_else(|| var(&format!("{ENV_PREFIX}_API_KEY")).map(ApiKey));
        self.base_url = self
            .base_url
            .or_else(|| var(&format!("{ENV_PREFIX}_BASE_URL")));
        for (name, header) in ENV_HEADERS {
            if !self.has_header(header) {
                if let Some(value) = var(name) {
                    self.headers.push((header.to_string(), value));
                }
            }
        }
        self
    }

    fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// A header sent with every request (replacing an earlier one of the same name).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey(key.into()));
        self
    }

    /// Default: the first server of the API document ([`Client::DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Retries after the first attempt (default 2); 0 disables retries.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Deadline of a whole non-streaming request, its body read included, and of the start of
    /// a stream (default 10 minutes).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Deadline for establishing a connection (default 10 seconds).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The largest response body read, in bytes (default 64 MiB): a longer JSON or bytes body
    /// is [`Error::BodyTooLarge`], a longer error body is cut to its first `bytes`.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// The largest server-sent event (or line) of a stream, in bytes (default 16 MiB, or
    /// [`max_body_size`](Self::max_body_size) when that is smaller): a larger one is
    /// [`Error::Sse`] and ends the stream.
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.max_event_size = Some(bytes);
        self
    }

    /// How long a started stream may send nothing (not a byte) before it ends with
    /// [`Error::StreamIdle`] (default 10 minutes).
    pub fn stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = Some(timeout);
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        if BEARER_AUTH && self.api_key.is_none() {
            return Err(Error::Config(format!(
                "no API key: set {ENV_PREFIX}_API_KEY or call ClientBuilder::api_key"
            )));
        }
        let raw_url = self
            .base_url
            .or_else(|| DEFAULT_BASE_URL.map(str::to_string))
            .ok_or_else(|| {
                Error::Config(format!(
                    "no base URL: the API document names no server; set {ENV_PREFIX}_BASE_URL or call ClientBuilder::base_url"
                ))
            })?;
        let mut base_url = Url::parse(&raw_url)
            .map_err(|e| Error::Config(format!("base URL `{raw_url}`: {e}")))?;
        if base_url.cannot_be_a_base() {
            return Err(Error::Config(format!(
                "base URL `{raw_url}` cannot have a path"
            )));
        }
        if !base_url.path().ends_with('/') {
            base_url.set_path(&format!("{}/", base_url.path()));
        }
        let max_body_size = self.max_body_size.unwrap_or(DEFAULT_MAX_BODY_SIZE);
        let config = Config {
            api_key: self.api_key,
            base_url,
            headers: self.headers,
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            max_body_size,
            max_event_size: self
                .max_event_size
                .unwrap_or(crate::sse::DEFAULT_MAX_EVENT_SIZE.min(max_body_size)),
            stream_idle_timeout: self
                .stream_idle_timeout
                .unwrap_or(DEFAULT_STREAM_IDLE_TIMEOUT),
        };
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        for (name, value) in &config.headers {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::Config(format!("{name} is not a valid header value")))?;
            headers.insert(name, value);
        }
        if let Some(key) = &config.api_key {
            let mut auth = HeaderValue::from_str(&format!("Bearer {}", key.expose()))
                .map_err(|_| Error::Config("the API key is not a valid header value".into()))?;
            auth.set_sensitive(true);
            headers.insert(AUTHORIZATION, auth);
        }
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Client {
            http,
            config: Arc::new(config),
        })
    }
}

/// The API client. Cheap to clone (the connection pool is shared).
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    config: Arc<Config>,
}

/// Whether a request body with a `stream` flag goes out with `"stream": true` (the `*_stream`
/// methods) or without `stream` (the plain methods), whatever the request struct says.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Streaming {
    On,
    Off,
}

/// One request as the generated operations describe it.
#[doc(hidden)]
#[derive(Debug)]
pub struct RequestSpec {
    method: Method,
    segments: Vec<String>,
    headers: Vec<(&'static str, &'static str)>,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl RequestSpec {
    /// Path segments are percent-encoded one by one, so an id cannot reach another segment; an
    /// id that is empty, `.` or `..` would still change the endpoint and is refused.
    pub fn new(method: Method, segments: &[&str]) -> Result<Self, Error> {
        let violations: Vec<Violation> = segments
            .iter()
            .filter(|s| matches!(**s, "" | "." | ".."))
            .map(|s| Violation {
                path: String::new(),
                message: format!("path parameter `{s}` would change the endpoint; ids are never empty, `.` or `..`"),
            })
            .collect();
        if !violations.is_empty() {
            return Err(Error::Validation(ValidationError { violations }));
        }
        Ok(Self {
            method,
            segments: segments.iter().map(|s| s.to_string()).collect(),
            headers: Vec::new(),
            query: Vec::new(),
            body: None,
        })
    }

    /// Query parameters from a generated query struct: absent fields are left out, arrays repeat
    /// their key (`include[]=a&include[]=b`).
    pub fn query<Q: Serialize>(mut self, query: &Q) -> Result<Self, Error> {
        let value = serde_json::to_value(query)
            .map_err(|e| Error::Config(format!("query parameters: {e}")))?;
        let serde_json::Value::Object(map) = value else {
            return Ok(self);
        };
        for (key, value) in map {
            let items = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            for item in items {
                let text = match item {
                    serde_json::Value::Null => continue,
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                self.query.push((key.clone(), text));
            }
        }
        Ok(self)
    }

    /// A header the operation always sends (a required header with one possible value).
    pub fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The JSON request body.
    pub fn json<B: Serialize>(mut self, body: &B) -> Result<Self, Error> {
        self.body = Some(
            serde_json::to_vec(body).map_err(|e| Error::Config(format!("request body: {e}")))?,
        );
        Ok(self)
    }

    /// The JSON request body, with its `stream` flag set as `streaming` says.
    pub fn json_with_stream_flag<B: Serialize>(
        mut self,
        body: &B,
        streaming: Streaming,
    ) -> Result<Self, Error> {
        let mut value =
            serde_json::to_value(body).map_err(|e| Error::Config(format!("request body: {e}")))?;
        if let serde_json::Value::Object(map) = &mut value {
            match streaming {
                Streaming::On => {
                    map.insert("stream".into(), serde_json::Value::Bool(true));
                }
                Streaming::Off => {
                    map.remove("stream");
                }
            }
        }
        self.body = Some(
            serde_json::to_vec(&value).map_err(|e| Error::Config(format!("request body: {e}")))?,
        );
        Ok(self)
    }
}

impl Client {
    /// The server of the API document, used unless [`ClientBuilder::base_url`] says otherwise.
    pub const DEFAULT_BASE_URL: Option<&'static str> = DEFAULT_BASE_URL;
    /// [`ClientBuilder::from_env`] reads `<ENV_PREFIX>_API_KEY` and `<ENV_PREFIX>_BASE_URL`.
    pub const ENV_PREFIX: &'static str = ENV_PREFIX;

    /// A client configured from the environment (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::default().from_env().build()
    }

    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    fn url(&self, spec: &RequestSpec) -> Url {
        let mut url = self.config.base_url.clone();
        {
            let mut path = url.path_segments_mut().expect("checked in build()");
            path.pop_if_empty();
            path.extend(&spec.segments);
        }
        if !spec.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&spec.query);
        }
        url
    }

    /// Sends the request, retrying as configured, until a success status. Returns the response
    /// with its body unread, and the deadline of its attempt.
    async fn send(
        &self,
        spec: &RequestSpec,
        streaming: bool,
    ) -> Result<(reqwest::Response, Instant), Error> {
        let url = self.url(spec);
        let mut retry = 0;
        loop {
            // (A timeout too long to add is no deadline in practice: about 30 years.)
            let deadline = Instant::now()
                .checked_add(self.config.timeout)
                .unwrap_or_else(|| Instant::now() + Duration::from_secs(30 * 365 * 86_400));
            let mut request = self.http.request(spec.method.clone(), url.clone());
            for (name, value) in &spec.headers {
                request = request.header(*name, *value);
            }
            if let Some(body) = &spec.body {
                request = request
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            // A whole request must finish within the timeout; a stream must at least start
            // (its headers arrive) within it, and may then last as long as the server sends it.
            let outcome = if streaming {
                match tokio::time::timeout(
                    self.config.timeout,
                    request.header(ACCEPT, "text/event-stream").send(),
                )
                .await
                {
                    Ok(outcome) => outcome,
                    Err(_) if retry < self.config.max_retries => {
                        wait_before_retry(retry, None).await;
                        retry += 1;
                        continue;
                    }
                    Err(_) => return Err(Error::Timeout(self.config.timeout)),
                }
            } else {
                request.timeout(self.config.timeout).send().await
            };
            let can_retry = retry < self.config.max_retries;
            match outcome {
                Ok(response) if response.status().is_success() => return Ok((response, deadline)),
                Ok(response) => {
                    let status = response.status().as_u16();
                    if can_retry && crate::retry::should_retry(status, response.headers()) {
                        let headers = response.headers().clone();
                        drop(response);
                        wait_before_retry(retry, Some(&headers)).await;
                        retry += 1;
                        continue;
                    }
                    return Err(self.api_error(response, deadline).await);
                }
                Err(e) if e.is_timeout() => {
                    if can_retry {
                        wait_before_retry(retry, None).await;
                        retry += 1;
                        continue;
                    }
                    return Err(Error::Timeout(self.config.timeout));
                }
                Err(e) => {
                    if can_retry && (e.is_connect() || e.is_request()) {
                        wait_before_retry(retry, None).await;
                        retry += 1;
                        continue;
                    }
                    return Err(Error::Transport(e));
                }
            }
        }
    }

    /// The error of a response with an error status: its body (the beginning of it when it is
    /// longer than the size limit) must arrive by `deadline`.
    async fn api_error(&self, response: reqwest::Response, deadline: Instant) -> Error {
        let status = response.status().as_u16();
        let request_id = request_id(response.headers());
        let (body, body_truncated) = match self.read_at_most(response, deadline).await {
            Ok(read) => read,
            Err(e) => return e,
        };
        let body = if body_truncated {
            utf8_prefix(&body)
        } else {
            String::from_utf8_lossy(&body).into_owned()
        };
        let error = serde_json::from_str::<ErrorBody>(&body).ok();
        Error::Api(Box::new(ApiFailure {
            status,
            error,
            body,
            body_truncated,
            request_id,
        }))
    }

    /// Sends a request and decodes the JSON response.
    #[doc(hidden)]
    pub async fn execute<R: DeserializeOwned>(&self, spec: RequestSpec) -> Result<R, Error> {
        self.execute_with_headers(spec)
            .await
            .map(|(value, _)| value)
    }

    /// Like [`Client::execute`], also returning the response headers (for
    /// `openai-poll-after-ms`).
    pub(crate) async fn execute_with_headers<R: DeserializeOwned>(
        &self,
        spec: RequestSpec,
    ) -> Result<(R, HeaderMap), Error> {
        let (response, deadline) = self.send(&spec, false).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = self.read_body(response, deadline).await?;
        let mut deserializer = serde_json::Deserializer::from_slice(&body);
        match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(value) => Ok((value, headers)),
            Err(e) => Err(Error::Decode(Box::new(DecodeFailure {
                status,
                path: e.path().to_string(),
                body: String::from_utf8_lossy(&body).into_owned(),
                request_id: request_id(&headers),
                source: e.into_inner(),
            }))),
        }
    }

    /// Sends a request whose response is a stream of server-sent events. Retries happen only
    /// before the stream has begun; once begun, it ends after
    /// [`Config::stream_idle_timeout`] without a byte.
    #[doc(hidden)]
    pub async fn execute_stream<E: ServerEvent>(
        &self,
        spec: RequestSpec,
    ) -> Result<EventStream<E>, Error> {
        let (response, _) = self.send(&spec, true).await?;
        let bytes = with_idle_timeout(response.bytes_stream(), self.config.stream_idle_timeout);
        Ok(EventStream::from_bytes(bytes).max_event_size(self.config.max_event_size))
    }

    /// Sends a request whose response is not JSON: its body as it came.
    #[doc(hidden)]
    pub async fn execute_bytes(&self, spec: RequestSpec) -> Result<bytes::Bytes, Error> {
        let (response, deadline) = self.send(&spec, false).await?;
        self.read_body(response, deadline).await
    }

    /// Sends a request whose response has no content; a body, if any, is read and dropped.
    #[doc(hidden)]
    pub async fn execute_empty(&self, spec: RequestSpec) -> Result<(), Error> {
        let (response, deadline) = self.send(&spec, false).await?;
        self.read_body(response, deadline).await.map(drop)
    }

    /// The whole body, by `deadline`; [`Error::BodyTooLarge`] past the size limit.
    async fn read_body(
        &self,
        response: reqwest::Response,
        deadline: Instant,
    ) -> Result<bytes::Bytes, Error> {
        let limit = self.config.max_body_size;
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(Error::BodyTooLarge { limit });
        }
        match self.read_at_most(response, deadline).await? {
            (_, true) => Err(Error::BodyTooLarge { limit }),
            (body, false) => Ok(body.into()),
        }
    }

    /// The body up to the size limit, by `deadline`, and whether there was more (then the rest
    /// is not read, and the connection is dropped).
    async fn read_at_most(
        &self,
        mut response: reqwest::Response,
        deadline: Instant,
    ) -> Result<(Vec<u8>, bool), Error> {
        let limit = self.config.max_body_size;
        let expected = response.content_length().unwrap_or(0).min(limit as u64);
        let mut body = Vec::with_capacity(expected as usize);
        let read = async {
            while let Some(chunk) = response.chunk().await? {
                let room = limit - body.len();
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    return Ok(true);
                }
                body.extend_from_slice(&chunk);
            }
            Ok::<_, reqwest::Error>(false)
        };
        let outcome = tokio::time::timeout_at(deadline, read).await;
        match outcome {
            Ok(Ok(over)) => Ok((body, over)),
            Ok(Err(e)) if e.is_timeout() => Err(Error::Timeout(self.config.timeout)),
            Ok(Err(e)) => Err(Error::Transport(e)),
            Err(_) => Err(Error::Timeout(self.config.timeout)),
        }
    }
}

/// The text of a body cut at the size limit, maybe inside a character: lossy UTF-8 without a
/// replacement character for the cut one.
fn utf8_prefix(body: &[u8]) -> String {
    let whole = match std::str::from_utf8(body) {
        Err(e) if e.error_len().is_none() => &body[..e.valid_up_to()],
        _ => body,
    };
    String::from_utf8_lossy(whole).into_owned()
}

/// Waits before retry number `retry`: what the server asked for, else backoff with jitter.
async fn wait_before_retry(retry: u32, headers: Option<&HeaderMap>) {
    tokio::time::sleep(crate::retry::delay(
        retry,
        headers,
        SystemTime::now(),
        fastrand::f64(),
    ))
    .await;
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e)
    }
}
