//! The HTTP client: configuration, authentication headers, retries, timeouts. The operations
//! themselves are generated: a generated crate wraps [`Client`] in a client of its own, and
//! tells this one about its API through [`Api`] (its server, its authentication, its error
//! body); requests are described by [`RequestSpec`].

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument as _;

use crate::body::{Body, FormArrays, Multipart};
use crate::error::{
    is_control_or_invisible, redact_userinfo, ApiFailure, DecodeFailure, Error, RedirectFailure,
    Untrusted,
};
use crate::options::RequestOptions;
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
/// Redirects followed in a row within one request, all within the base URL's origin.
pub const MAX_REDIRECTS: usize = 5;

/// What the runtime needs to know about an API, given by the generated crate as a constant
/// ([`Api::SPEC`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiSpec {
    /// The first server the API document names, used unless
    /// [`ClientBuilder::base_url`] says otherwise.
    pub default_base_url: Option<&'static str>,
    /// [`ClientBuilder::from_env`] reads `<env_prefix>_API_KEY` and `<env_prefix>_BASE_URL`.
    pub env_prefix: &'static str,
    /// `(variable, header)`: [`ClientBuilder::from_env`] sends each variable that is set as
    /// its header.
    pub env_headers: &'static [(&'static str, &'static str)],
    /// The document asks for `Authorization: Bearer <key>`: building a client without an API
    /// key is an error.
    pub bearer_auth: bool,
    /// The `User-Agent` of every request (the generated crate's name and version).
    pub user_agent: &'static str,
}

/// A generated client: the API it talks to, and how it wraps the runtime's [`Client`].
/// [`ClientBuilder<C>`](ClientBuilder) builds a `C`.
pub trait Api: Sized {
    /// Where the API is and how it authenticates.
    const SPEC: ApiSpec;
    /// The body of the API's error responses, kept parsed in [`ApiFailure::error`].
    type ErrorBody: DeserializeOwned;
    /// The generated client around a configured runtime client.
    fn from_client(client: Client) -> Self;
}

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
///
/// **Redirects**: a redirect (3xx) is followed only within the origin (scheme, host and port)
/// of the base URL, at most [`MAX_REDIRECTS`] in a row. A redirect to another origin is never
/// followed, so the API key, the configured headers and the request body never reach it: the
/// call fails with [`Error::Redirect`], which keeps the status and the `Location`.
///
/// **Secrets**: the `Debug` output of `Config`, [`ClientBuilder`] and [`Client`] shows neither
/// the API key, nor the values of the configured headers, nor credentials of the base URL
/// (`https://user:password@host/`: they are taken out of [`Config::base_url`] and sent as
/// `Authorization: Basic` when no API key is set); errors never contain them either.
#[derive(Clone)]
pub struct Config {
    /// Sent as `Authorization: Bearer <key>`.
    pub api_key: Option<ApiKey>,
    /// The base URL, without user name or password.
    pub base_url: Url,
    /// Sent with every request. `Debug` shows their names only.
    pub headers: Vec<(String, String)>,
    pub max_retries: u32,
    /// The deadline of a whole non-streaming request (its body read included), and of the
    /// start of a stream (its response headers, or its error body); a started stream lasts as
    /// long as the server sends it. [`RequestOptions::timeout`] replaces it for the requests of
    /// a [`Client::with_options`] view.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// The largest response body read, in bytes; an error body is cut to it.
    pub max_body_size: usize,
    /// The largest event (or line) of a stream, in bytes.
    pub max_event_size: usize,
    /// How long a started stream may send nothing before it ends with [`Error::StreamIdle`].
    pub stream_idle_timeout: Duration,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("api_key", &self.api_key)
            .field("base_url", &redact_userinfo(self.base_url.as_str()))
            .field("headers", &RedactedHeaders(&self.headers))
            .field("max_retries", &self.max_retries)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_body_size", &self.max_body_size)
            .field("max_event_size", &self.max_event_size)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .finish_non_exhaustive()
    }
}

/// Header names with their values redacted.
struct RedactedHeaders<'a>(&'a [(String, String)]);

impl std::fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(name, _)| (name, "<redacted>")))
            .finish()
    }
}

/// Builds a client `C` (a generated client, see [`Api`]):
/// `Client::builder().api_key("sk-...").max_retries(5).build()?`.
/// Its `Debug` output redacts the key, header values and credentials in the base URL.
pub struct ClientBuilder<C> {
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    headers: Vec<(String, String)>,
    max_retries: Option<u32>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_body_size: Option<usize>,
    max_event_size: Option<usize>,
    stream_idle_timeout: Option<Duration>,
    api: PhantomData<fn() -> C>,
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        Self {
            api_key: self.api_key.clone(),
            base_url: self.base_url.clone(),
            headers: self.headers.clone(),
            max_retries: self.max_retries,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            max_body_size: self.max_body_size,
            max_event_size: self.max_event_size,
            stream_idle_timeout: self.stream_idle_timeout,
            api: PhantomData,
        }
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self {
            api_key: None,
            base_url: None,
            headers: Vec::new(),
            max_retries: None,
            timeout: None,
            connect_timeout: None,
            max_body_size: None,
            max_event_size: None,
            stream_idle_timeout: None,
            api: PhantomData,
        }
    }
}

impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url.as_deref().map(redact_userinfo))
            .field("headers", &RedactedHeaders(&self.headers))
            .field("max_retries", &self.max_retries)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_body_size", &self.max_body_size)
            .field("max_event_size", &self.max_event_size)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .finish_non_exhaustive()
    }
}

impl<C: Api> ClientBuilder<C> {
    /// Takes the API key from `<PREFIX>_API_KEY` and the base URL from `<PREFIX>_BASE_URL`
    /// (the prefix is [`ApiSpec::env_prefix`]), and the headers the generator was told to read
    /// from the environment ([`ApiSpec::env_headers`]), for whatever was not set explicitly.
    pub fn from_env(mut self) -> Self {
        let ApiSpec {
            env_prefix,
            env_headers,
            ..
        } = C::SPEC;
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        self.api_key = self
            .api_key
            .or_else(|| var(&format!("{env_prefix}_API_KEY")).map(ApiKey));
        self.base_url = self
            .base_url
            .or_else(|| var(&format!("{env_prefix}_BASE_URL")));
        for (name, header) in env_headers.iter() {
            if !self.has_header(header) {
                if let Some(value) = var(name) {
                    self.headers.push((header.to_string(), value));
                }
            }
        }
        self
    }
}

impl<C> ClientBuilder<C> {
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

    /// Default: the first server of the API document ([`ApiSpec::default_base_url`]). A user
    /// name and password in it (`https://user:password@host/`) are taken out of the URL and
    /// sent as `Authorization: Basic` when no API key is set (with an API key they are not sent).
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
}

impl<C: Api> ClientBuilder<C> {
    /// The client, configured; [`Error::Config`] says what is wrong with the configuration.
    pub fn build(self) -> Result<C, Error<C::ErrorBody>> {
        self.build_client().map(C::from_client)
    }

    fn build_client<E>(self) -> Result<Client, Error<E>> {
        let ApiSpec {
            default_base_url,
            env_prefix,
            bearer_auth,
            user_agent,
            ..
        } = C::SPEC;
        if bearer_auth && self.api_key.is_none() {
            return Err(Error::Config(format!(
                "no API key: set {env_prefix}_API_KEY or call ClientBuilder::api_key"
            )));
        }
        let raw_url = self
            .base_url
            .or_else(|| default_base_url.map(str::to_string))
            .ok_or_else(|| {
                Error::Config(format!(
                    "no base URL: the API document names no server; set {env_prefix}_BASE_URL or call ClientBuilder::base_url"
                ))
            })?;
        // The URL as errors show it: without credentials, control characters escaped.
        let shown = || Untrusted::new(&redact_userinfo(&raw_url), 256).to_string();
        let mut base_url = Url::parse(&raw_url)
            .map_err(|e| Error::Config(format!("base URL `{}`: {e}", shown())))?;
        if base_url.cannot_be_a_base() {
            return Err(Error::Config(format!(
                "base URL `{}` cannot have a path",
                shown()
            )));
        }
        if !base_url.path().ends_with('/') {
            base_url.set_path(&format!("{}/", base_url.path()));
        }
        let max_body_size = self.max_body_size.unwrap_or(DEFAULT_MAX_BODY_SIZE);
        base_url.set_fragment(None);
        let credentials = take_credentials(&mut base_url).map_err(|()| {
            Error::Config(format!(
                "base URL `{}`: its user name or password is not valid UTF-8 once percent-decoded",
                shown()
            ))
        })?;
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
        let user_agent = HeaderValue::from_str(user_agent)
            .map_err(|_| Error::Config("the user agent is not a valid header value".into()))?;
        headers.insert(USER_AGENT, user_agent);
        for (name, value) in &config.headers {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| Error::Config(format!("{name} is not a valid header value")))?;
            // Kept out of `Debug` output and of HTTP/2 header compression tables.
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        if let Some(key) = &config.api_key {
            let mut auth = HeaderValue::from_str(&format!("Bearer {}", key.expose()))
                .map_err(|_| Error::Config("the API key is not a valid header value".into()))?;
            auth.set_sensitive(true);
            headers.insert(AUTHORIZATION, auth);
        }
        let basic_auth = match credentials {
            Some(credentials) if config.api_key.is_none() => Some(Arc::new(credentials)),
            _ => None,
        };
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .redirect(redirect_policy())
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Client {
            http,
            config: Arc::new(config),
            basic_auth,
            options: None,
        })
    }
}

/// Redirects stay within the origin of the request that started them (so within the base
/// URL's), at most [`MAX_REDIRECTS`] in a row; any other redirect is returned as it is, and
/// [`Client::send`] turns it into [`Error::Redirect`].
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The user name and password of a base URL, sent as `Authorization: Basic`.
struct Credentials {
    user: String,
    password: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(<redacted>)")
    }
}

/// Removes the user name and password from `url`, returning them percent-decoded.
fn take_credentials(url: &mut Url) -> Result<Option<Credentials>, ()> {
    if url.username().is_empty() && url.password().is_none() {
        return Ok(None);
    }
    let decode = |text: &str| String::from_utf8(percent_decode(text)).map_err(drop);
    let credentials = Credentials {
        user: decode(url.username())?,
        password: url.password().map(decode).transpose()?,
    };
    url.set_username("").map_err(drop)?;
    url.set_password(None).map_err(drop)?;
    Ok(Some(credentials))
}

/// The API client. Cheap to clone (the connection pool is shared). Its `Debug` output is its
/// [`Config`]'s, with every secret redacted.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    config: Arc<Config>,
    /// The base URL's credentials, when there is no API key.
    basic_auth: Option<Arc<Credentials>>,
    /// What every request of this client (view) adds; see [`Client::with_options`].
    options: Option<Arc<RequestOptions>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("basic_auth", &self.basic_auth)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Whether a request body with a `stream` flag goes out with `"stream": true` (the `*_stream`
/// methods) or without `stream` (the plain methods), whatever the request struct says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Streaming {
    /// `"stream": true`.
    On,
    /// No `stream` field.
    Off,
}

/// One request as the generated operations describe it: method, path segments (each id checked
/// and percent-encoded on its own), fixed headers, query and body (JSON, form, multipart or
/// bytes).
pub struct RequestSpec {
    /// The `operationId` the request is for (the `operation` field of its span).
    operation: Option<&'static str>,
    method: Method,
    segments: Vec<String>,
    headers: Vec<(&'static str, &'static str)>,
    query: Vec<(String, String)>,
    body: Payload,
}

/// The body of a request.
enum Payload {
    None,
    /// A serialised JSON body, sent with this `Content-Type` (extra body fields are merged
    /// into it).
    Json(bytes::Bytes, HeaderValue),
    /// Bytes or a stream, sent with this `Content-Type`.
    Body(Body, HeaderValue),
    /// A `multipart/form-data` form (its `Content-Type`, with the boundary, is reqwest's).
    Multipart(Multipart),
}

impl Payload {
    /// Whether the body can be sent more than once (so the request can be retried).
    fn is_replayable(&self) -> bool {
        match self {
            Payload::None | Payload::Json(..) => true,
            Payload::Body(body, _) => body.is_replayable(),
            Payload::Multipart(form) => form.is_replayable(),
        }
    }
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Payload::None => f.write_str("None"),
            Payload::Json(json, content_type) => {
                write!(f, "Json({} bytes) ({content_type:?})", json.len())
            }
            Payload::Body(body, content_type) => write!(f, "{body:?} ({content_type:?})"),
            Payload::Multipart(form) => form.fmt(f),
        }
    }
}

/// A media type from the API document (or the caller) as a `Content-Type` value.
fn content_type_value<E>(content_type: &str) -> Result<HeaderValue, Error<E>> {
    let valid = content_type.split(';').next().is_some_and(|essence| {
        let mut halves = essence.trim().splitn(2, '/');
        let token = |s: Option<&str>| {
            s.is_some_and(|s| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-*".contains(&b))
            })
        };
        token(halves.next()) && token(halves.next())
    });
    match HeaderValue::from_str(content_type) {
        Ok(value) if valid => Ok(value),
        _ => Err(Error::Config(format!(
            "`{}` is not a valid content type",
            Untrusted::new(content_type, 64)
        ))),
    }
}

impl std::fmt::Debug for RequestSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestSpec")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("segments", &self.segments)
            .field("headers", &self.headers)
            .field("query", &self.query)
            .field("body", &self.body)
            .finish()
    }
}

impl RequestSpec {
    /// Each path segment (an id included) is checked by `segment_problem` and later
    /// percent-encoded on its own by `encode_segment`, so that no id can add, remove or alter
    /// a segment, the query or the fragment, whatever the URL parser or the server normalises.
    pub fn new(method: Method, segments: &[&str]) -> Result<Self, ValidationError> {
        let violations: Vec<Violation> = segments
            .iter()
            .filter_map(|s| {
                segment_problem(s).map(|problem| Violation {
                    path: String::new(),
                    message: format!(
                        "path parameter `{}` {problem}, which could change the endpoint",
                        Untrusted::new(s, 64)
                    ),
                })
            })
            .collect();
        if !violations.is_empty() {
            return Err(ValidationError { violations });
        }
        Ok(Self {
            operation: None,
            method,
            segments: segments.iter().map(|s| s.to_string()).collect(),
            headers: Vec::new(),
            query: Vec::new(),
            body: Payload::None,
        })
    }

    /// Query parameters from a generated query struct: absent fields are left out, arrays repeat
    /// their key (`include[]=a&include[]=b`).
    pub fn query<Q: Serialize, E>(mut self, query: &Q) -> Result<Self, Error<E>> {
        let Some(Members(members)) =
            Members::of(query).map_err(|e| Error::Config(format!("query parameters: {e}")))?
        else {
            return Ok(self);
        };
        for (key, value) in members {
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

    /// The `operationId` of the API document this request is for (`"createRun"`): the
    /// `operation` field of the request's tracing span. Generated operations always set it.
    pub fn operation(mut self, operation_id: &'static str) -> Self {
        self.operation = Some(operation_id);
        self
    }

    /// A header the operation always sends (a required header with one possible value).
    pub fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The JSON request body (`Content-Type: application/json`).
    pub fn json<B: Serialize, E>(self, body: &B) -> Result<Self, Error<E>> {
        self.json_as(body, "application/json")
    }

    /// A JSON request body sent as another JSON media type (`application/merge-patch+json`,
    /// `application/vnd.api+json`, `application/json; charset=utf-8`).
    pub fn json_as<B: Serialize, E>(
        mut self,
        body: &B,
        content_type: &str,
    ) -> Result<Self, Error<E>> {
        let content_type = content_type_value(content_type)?;
        let json =
            serde_json::to_vec(body).map_err(|e| Error::Config(format!("request body: {e}")))?;
        self.body = Payload::Json(json.into(), content_type);
        Ok(self)
    }

    /// An `application/x-www-form-urlencoded` body: the fields of `body` in order, nested
    /// objects and arrays in bracket notation (`a[b]=1&a[c][]=2`; arrays as `a=1&a=2` with
    /// [`FormArrays::Repeat`]), `null` and absent fields left out.
    pub fn form<B: Serialize, E>(mut self, body: &B, arrays: FormArrays) -> Result<Self, Error<E>> {
        let text = crate::body::form_encode(body, arrays)
            .map_err(|e| Error::Config(format!("request body: {e}")))?;
        self.body = Payload::Body(
            Body::from_bytes(text),
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        Ok(self)
    }

    /// A `multipart/form-data` body.
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.body = Payload::Multipart(form);
        self
    }

    /// A body of bytes or a stream, sent as `content_type` (`application/octet-stream` for a
    /// document's `*/*`).
    pub fn bytes<E>(mut self, body: impl Into<Body>, content_type: &str) -> Result<Self, Error<E>> {
        self.body = Payload::Body(body.into(), content_type_value(content_type)?);
        Ok(self)
    }

    /// The JSON request body, with its `stream` flag set as `streaming` says.
    pub fn json_with_stream_flag<B: Serialize, E>(
        mut self,
        body: &B,
        streaming: Streaming,
    ) -> Result<Self, Error<E>> {
        let error = |e: serde_json::Error| Error::Config(format!("request body: {e}"));
        let Some(Members(mut members)) = Members::of(body).map_err(error)? else {
            return self.json(body);
        };
        let flag = members.iter().position(|(key, _)| key == "stream");
        match (streaming, flag) {
            (Streaming::On, Some(at)) => members[at].1 = serde_json::Value::Bool(true),
            (Streaming::On, None) => members.push(("stream".into(), serde_json::Value::Bool(true))),
            (Streaming::Off, _) => members.retain(|(key, _)| key != "stream"),
        }
        let json = serde_json::to_vec(&Members(members)).map_err(error)?;
        self.body = Payload::Json(json.into(), HeaderValue::from_static("application/json"));
        Ok(self)
    }
}

/// The members of a JSON object in the order they were serialized, whether or not
/// serde_json's `preserve_order` is on: query parameters go out in their declared order.
struct Members(Vec<(String, serde_json::Value)>);

impl Members {
    /// The members of `value` serialized, `None` when it is not an object.
    fn of<T: Serialize + ?Sized>(value: &T) -> Result<Option<Self>, serde_json::Error> {
        let text = serde_json::to_vec(value)?;
        if text.first() != Some(&b'{') {
            return Ok(None);
        }
        serde_json::from_slice(&text).map(Some)
    }
}

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Members, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

impl Serialize for Members {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Client {
    /// The configuration the client was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A view of this client (sharing its connection pool and configuration) whose requests
    /// all carry `options`: extra headers, query parameters and JSON body fields, their own
    /// timeout, retries or API key (see [`RequestOptions`]). Options of a view a view is made
    /// from come first; `options` is merged over them ([`RequestOptions::merge`]).
    pub fn with_options(&self, options: RequestOptions) -> Client {
        let options = match &self.options {
            Some(earlier) => RequestOptions::clone(earlier).merge(options),
            None => options,
        };
        Client {
            options: Some(Arc::new(options)),
            ..self.clone()
        }
    }

    /// The options every request of this view carries, if any ([`Client::with_options`]).
    pub fn options(&self) -> Option<&RequestOptions> {
        self.options.as_deref()
    }

    /// The deadline of a request: the options', else the configuration's.
    fn timeout(&self) -> Duration {
        self.options
            .as_ref()
            .and_then(|o| o.timeout_override())
            .unwrap_or(self.config.timeout)
    }

    /// The URL a request goes to: the base URL's path (which ends with `/`) followed by the
    /// encoded segments, then the query. Refuses (without sending) a URL whose path the URL
    /// parser would not keep exactly as built.
    pub fn url_for<E>(&self, spec: &RequestSpec) -> Result<Url, Error<E>> {
        let mut url = self.config.base_url.clone();
        let segments: Vec<String> = spec.segments.iter().map(|s| encode_segment(s)).collect();
        let path = format!("{}{}", url.path(), segments.join("/"));
        url.set_path(&path);
        if url.path() != path {
            return Err(Error::Validation(ValidationError {
                violations: vec![Violation {
                    path: String::new(),
                    message: format!(
                        "the path `{}` would be changed by URL normalisation",
                        Untrusted::new(&path, 256)
                    ),
                }],
            }));
        }
        let extra = self.options.as_ref().map_or(&[][..], |o| o.query_pairs());
        if !spec.query.is_empty() || !extra.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(&spec.query)
                .extend_pairs(extra);
        }
        Ok(url)
    }

    /// The span of one call, `openapi.request` (`debug`): the operation id (when the request
    /// says it), the method, the built path (ids included, the query left out: its values may
    /// be secret), and, recorded by `send`, the attempt number, the last response's status and
    /// request id (empty when that response had none but an earlier attempt's had one). Its
    /// fields are computed only when a subscriber wants the span.
    fn span(&self, spec: &RequestSpec) -> tracing::Span {
        tracing::debug_span!(
            "openapi.request",
            operation = spec.operation,
            method = %spec.method,
            path = self
                .url_for::<()>(spec)
                .map(|url| url.path().to_owned())
                .unwrap_or_default(),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        )
    }

    /// Sends the request, retrying as configured, until a success status. Returns the response
    /// with its body unread, and the deadline of its attempt.
    ///
    /// A streamed body (a file, a byte stream) can be read once: a request carrying one is not
    /// retried.
    ///
    /// Traces a `debug` event for each response and retry, and a `warn` one when retries run
    /// out, recording on `span` the attempt number, and the status and request id of the last
    /// response.
    async fn send<E: DeserializeOwned>(
        &self,
        spec: &mut RequestSpec,
        streaming: bool,
        span: &tracing::Span,
    ) -> Result<(reqwest::Response, Instant), Error<E>> {
        let url = self.url_for(spec)?;
        let (extra_headers, authorization) = match &self.options {
            Some(options) => {
                if options.has_body_fields() {
                    match &mut spec.body {
                        Payload::Json(json, _) => *json = options.merge_body(json)?.into(),
                        _ => {
                            return Err(Error::Config(
                                "extra body fields need a JSON object body, and this request has no JSON body"
                                    .into(),
                            ))
                        }
                    }
                }
                (options.header_map()?, options.authorization()?)
            }
            None => (HeaderMap::new(), None),
        };
        let timeout = self.timeout();
        let max_retries = if spec.body.is_replayable() {
            self.options
                .as_ref()
                .and_then(|o| o.max_retries_override())
                .unwrap_or(self.config.max_retries)
        } else {
            0
        };
        let mut retry = 0;
        // Whether a response's request id is on the span (which a later one must replace).
        let mut recorded_id = false;
        loop {
            let attempt = retry + 1;
            span.record("attempt", attempt);
            let started = Instant::now();
            // (A timeout too long to add is no deadline in practice: about 30 years.)
            let deadline = Instant::now()
                .checked_add(timeout)
                .unwrap_or_else(|| Instant::now() + Duration::from_secs(30 * 365 * 86_400));
            let mut request = self.http.request(spec.method.clone(), url.clone());
            match (&authorization, &self.basic_auth) {
                (Some(authorization), _) => {
                    request = request.header(AUTHORIZATION, authorization.clone());
                }
                (None, Some(credentials)) => {
                    request = request.basic_auth(&credentials.user, credentials.password.as_ref());
                }
                (None, None) => {}
            }
            for (name, value) in &spec.headers {
                request = request.header(*name, *value);
            }
            match &mut spec.body {
                Payload::None => {}
                Payload::Json(json, content_type) => {
                    request = request
                        .header(CONTENT_TYPE, content_type.clone())
                        .body(json.clone());
                }
                Payload::Body(body, content_type) => {
                    let body = body.take().ok_or_else(|| {
                        Error::Config("a streamed request body cannot be sent twice".into())
                    })?;
                    request = request
                        .header(CONTENT_TYPE, content_type.clone())
                        .body(body);
                }
                Payload::Multipart(form) => {
                    let form = form
                        .take()
                        .map_err(|e| Error::Config(format!("request body: {e}")))?
                        .ok_or_else(|| {
                            Error::Config("a streamed file part cannot be sent twice".into())
                        })?;
                    request = request.multipart(form);
                }
            }
            if streaming {
                request = request.header(ACCEPT, "text/event-stream");
            }
            // Last, so that they replace the request's own headers of the same name.
            if !extra_headers.is_empty() {
                request = request.headers(extra_headers.clone());
            }
            // A whole request must finish within the timeout; a stream must at least start
            // (its headers arrive) within it, and may then last as long as the server sends it.
            let outcome = if streaming {
                match tokio::time::timeout(timeout, request.send()).await {
                    Ok(outcome) => outcome,
                    Err(_) if retry < max_retries => {
                        wait_before_retry(retry, None, Failure::Error("timeout")).await;
                        retry += 1;
                        continue;
                    }
                    Err(_) => {
                        gave_up(retry, Failure::Error("timeout"));
                        return Err(Error::Timeout(timeout));
                    }
                }
            } else {
                request.timeout(timeout).send().await
            };
            let can_retry = retry < max_retries;
            if let Ok(response) = &outcome {
                let status = response.status().as_u16();
                let request_id = request_id(response.headers());
                span.record("status", status);
                // Each response's own id: one without replaces an earlier attempt's with "".
                match &request_id {
                    Some(id) => {
                        span.record("request_id", id.as_str());
                        recorded_id = true;
                    }
                    None if recorded_id => {
                        span.record("request_id", "");
                    }
                    None => {}
                }
                tracing::debug!(
                    attempt,
                    status,
                    request_id = request_id.as_deref(),
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "response",
                );
            }
            match outcome {
                Ok(response) if response.status().is_success() => return Ok((response, deadline)),
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retryable = crate::retry::should_retry(status, response.headers());
                    if can_retry && retryable {
                        let headers = response.headers().clone();
                        drop(response);
                        wait_before_retry(retry, Some(&headers), Failure::Status(status)).await;
                        retry += 1;
                        continue;
                    }
                    if retryable {
                        gave_up(retry, Failure::Status(status));
                    }
                    if response.status().is_redirection() {
                        tracing::warn!(
                            status,
                            "redirect not followed (another origin, or too many)"
                        );
                        return Err(redirect_error(&response));
                    }
                    return Err(self.api_error(response, deadline).await);
                }
                Err(e) if e.is_timeout() => {
                    if can_retry {
                        wait_before_retry(retry, None, Failure::Error("timeout")).await;
                        retry += 1;
                        continue;
                    }
                    gave_up(retry, Failure::Error("timeout"));
                    return Err(Error::Timeout(timeout));
                }
                Err(e) => {
                    let kind = if e.is_connect() { "connect" } else { "request" };
                    if e.is_connect() || e.is_request() {
                        if can_retry {
                            wait_before_retry(retry, None, Failure::Error(kind)).await;
                            retry += 1;
                            continue;
                        }
                        gave_up(retry, Failure::Error(kind));
                    }
                    return Err(Error::from(e));
                }
            }
        }
    }

    /// The error of a response with an error status: its body (the beginning of it when it is
    /// longer than the size limit) must arrive by `deadline`.
    async fn api_error<E: DeserializeOwned>(
        &self,
        response: reqwest::Response,
        deadline: Instant,
    ) -> Error<E> {
        let status = response.status();
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
        let error = serde_json::from_str::<E>(&body).ok();
        Error::Api(Box::new(ApiFailure {
            status,
            error,
            body,
            body_truncated,
            request_id,
        }))
    }

    /// Sends a request and decodes the JSON response.
    pub async fn execute<R: DeserializeOwned, E: DeserializeOwned>(
        &self,
        spec: RequestSpec,
    ) -> Result<R, Error<E>> {
        self.execute_with_headers(spec)
            .await
            .map(|(value, _)| value)
    }

    /// Like [`Client::execute`], also returning the response headers (for
    /// `openai-poll-after-ms`).
    pub async fn execute_with_headers<R: DeserializeOwned, E: DeserializeOwned>(
        &self,
        mut spec: RequestSpec,
    ) -> Result<(R, HeaderMap), Error<E>> {
        let span = self.span(&spec);
        async {
            let (response, deadline) = self.send(&mut spec, false, &span).await?;
            let status = response.status();
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
        .instrument(span.clone())
        .await
    }

    /// Sends a request whose response is a stream of server-sent events. Retries happen only
    /// before the stream has begun, which must happen within the timeout (the client's or its
    /// [`RequestOptions`]'); once begun, it ends after [`Config::stream_idle_timeout`] without
    /// a byte.
    pub async fn execute_stream<V: ServerEvent, E: DeserializeOwned + Send + 'static>(
        &self,
        mut spec: RequestSpec,
    ) -> Result<EventStream<V, E>, Error<E>> {
        let span = self.span(&spec);
        let (response, _) = self
            .send(&mut spec, true, &span)
            .instrument(span.clone())
            .await?;
        span.in_scope(|| tracing::debug!("event stream started"));
        let id = request_id(response.headers());
        let bytes = with_idle_timeout(response.bytes_stream(), self.config.stream_idle_timeout);
        Ok(EventStream::from_bytes(bytes)
            .max_event_size(self.config.max_event_size)
            .traced_in(span)
            .request_id(id))
    }

    /// Sends a request whose response is not JSON (a file download): its whole body as it
    /// came, at most [`Config::max_body_size`] bytes (more is [`Error::BodyTooLarge`]), read
    /// within [`Config::timeout`].
    pub async fn execute_bytes<E: DeserializeOwned>(
        &self,
        mut spec: RequestSpec,
    ) -> Result<bytes::Bytes, Error<E>> {
        let span = self.span(&spec);
        async {
            let (response, deadline) = self.send(&mut spec, false, &span).await?;
            self.read_body(response, deadline).await
        }
        .instrument(span.clone())
        .await
    }

    /// Sends a request whose response is not JSON (a file download) and streams its body: the
    /// chunks as they arrive, without a size limit; the response must start within
    /// [`Config::timeout`], and the stream ends with [`Error::StreamIdle`] after
    /// [`Config::stream_idle_timeout`] without a byte.
    pub async fn execute_byte_stream<E: DeserializeOwned + Send + 'static>(
        &self,
        mut spec: RequestSpec,
    ) -> Result<ByteStream<E>, Error<E>> {
        let span = self.span(&spec);
        let (response, _) = self
            .send(&mut spec, false, &span)
            .instrument(span.clone())
            .await?;
        let chunks = with_idle_timeout(response.bytes_stream(), self.config.stream_idle_timeout);
        Ok(ByteStream {
            chunks: Box::pin(chunks),
        })
    }

    /// Sends a request whose response has no content; a body, if any, is read and dropped.
    pub async fn execute_empty<E: DeserializeOwned>(
        &self,
        mut spec: RequestSpec,
    ) -> Result<(), Error<E>> {
        let span = self.span(&spec);
        async {
            let (response, deadline) = self.send(&mut spec, false, &span).await?;
            self.read_body(response, deadline).await.map(drop)
        }
        .instrument(span.clone())
        .await
    }

    /// The whole body, by `deadline`; [`Error::BodyTooLarge`] past the size limit.
    async fn read_body<E>(
        &self,
        response: reqwest::Response,
        deadline: Instant,
    ) -> Result<bytes::Bytes, Error<E>> {
        let limit = self.config.max_body_size;
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            tracing::warn!(
                limit,
                "response body larger than max_body_size (content-length)"
            );
            return Err(Error::BodyTooLarge { limit });
        }
        match self.read_at_most(response, deadline).await? {
            (_, true) => {
                tracing::warn!(limit, "response body larger than max_body_size");
                Err(Error::BodyTooLarge { limit })
            }
            (body, false) => Ok(body.into()),
        }
    }

    /// The body up to the size limit, by `deadline`, and whether there was more (then the rest
    /// is not read, and the connection is dropped).
    async fn read_at_most<E>(
        &self,
        mut response: reqwest::Response,
        deadline: Instant,
    ) -> Result<(Vec<u8>, bool), Error<E>> {
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
            Ok(Err(e)) if e.is_timeout() => Err(Error::Timeout(self.timeout())),
            Ok(Err(e)) => Err(Error::Transport(e)),
            Err(_) => Err(Error::Timeout(self.timeout())),
        }
    }
}

/// The body of a response as it arrives (a file download): a `Stream` of
/// `Result<Bytes, Error<E>>` chunks, which ends with [`Error::StreamIdle`] when the server sends
/// nothing for [`Config::stream_idle_timeout`].
pub struct ByteStream<E = serde_json::Value> {
    chunks:
        std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<bytes::Bytes, Error<E>>> + Send>>,
}

impl<E> std::fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

impl<E> futures_core::Stream for ByteStream<E> {
    type Item = Result<bytes::Bytes, Error<E>>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
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

/// Why an attempt failed, as traced: a status, or the kind of transport error.
#[derive(Clone, Copy)]
enum Failure {
    Status(u16),
    Error(&'static str),
}

impl Failure {
    fn status(self) -> Option<u16> {
        match self {
            Failure::Status(status) => Some(status),
            Failure::Error(_) => None,
        }
    }

    fn error(self) -> Option<&'static str> {
        match self {
            Failure::Status(_) => None,
            Failure::Error(kind) => Some(kind),
        }
    }
}

/// Waits before retry number `retry`: what the server asked for, else backoff with jitter.
async fn wait_before_retry(retry: u32, headers: Option<&HeaderMap>, failure: Failure) {
    let delay = crate::retry::delay(retry, headers, SystemTime::now(), fastrand::f64());
    tracing::debug!(
        attempt = retry + 1,
        status = failure.status(),
        error = failure.error(),
        delay_ms = delay.as_millis() as u64,
        "retrying",
    );
    tokio::time::sleep(delay).await;
}

/// Traces a retryable failure that is not retried because the retries (if any) ran out.
fn gave_up(retry: u32, failure: Failure) {
    if retry > 0 {
        tracing::warn!(
            attempts = retry + 1,
            status = failure.status(),
            error = failure.error(),
            "retries exhausted",
        );
    }
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// A redirect the policy did not follow (another origin, or too many).
fn redirect_error<E>(response: &reqwest::Response) -> Error<E> {
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    Error::Redirect(Box::new(RedirectFailure {
        status: response.status(),
        location,
        request_id: request_id(response.headers()),
    }))
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(without_credentials(e))
    }
}

/// A transport error whose URL (shown by its `Display`) has no user name or password.
pub(crate) fn without_credentials(mut e: reqwest::Error) -> reqwest::Error {
    if let Some(url) = e.url_mut() {
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
    e
}

/// Percent-decodings of an id checked by [`segment_problem`]: a server decodes once, a
/// careless proxy twice; an id still encoded after that is refused.
const DECODINGS_CHECKED: usize = 3;

/// Why a path segment (an id) could change the endpoint, if it could: it is empty or blank;
/// it holds a control or invisible character (which URL parsers strip, so that `"\t.."`
/// becomes `..`); a slash or backslash, or a look-alike that a server may normalise into one
/// (`∕`, `／`, `＼`); or it is made of dots only, look-alikes included (`．．`, `‥`), which
/// resolves to the parent segment. The same holds for the id percent-decoded (`%2e%2e`, `%2F`,
/// `%252e%252e`), as a server or a proxy in front of it may decode it before routing.
fn segment_problem(segment: &str) -> Option<&'static str> {
    let mut text = segment.to_string();
    for decodings in 0..=DECODINGS_CHECKED {
        let problem = if text.trim().is_empty() {
            Some("is empty or blank")
        } else if text.chars().any(is_control_or_invisible) {
            Some("contains a control or invisible character")
        } else if text.chars().any(is_slash_like) {
            Some("contains a slash or backslash")
        } else if text.chars().all(|c| is_dot_like(c) || c.is_whitespace()) {
            Some("is made of dots only")
        } else {
            None
        };
        if problem.is_some() {
            return match decodings {
                0 => problem,
                _ => problem.map(|_| "is, once percent-decoded, blank, a dot segment or has a slash or control character"),
            };
        }
        let decoded = String::from_utf8_lossy(&percent_decode(&text)).into_owned();
        if decoded == text {
            return None;
        }
        text = decoded;
    }
    Some("is percent-encoded too many times")
}

fn is_slash_like(c: char) -> bool {
    matches!(
        c,
        '/' | '\\'
            | '\u{2044}' // fraction slash
            | '\u{2215}' // division slash
            | '\u{2216}' // set minus
            | '\u{29F5}' // reverse solidus operator
            | '\u{29F8}' // big solidus
            | '\u{29F9}' // big reverse solidus
            | '\u{FE68}' // small reverse solidus
            | '\u{FF0F}' // fullwidth solidus
            | '\u{FF3C}' // fullwidth reverse solidus
    )
}

fn is_dot_like(c: char) -> bool {
    matches!(
        c,
        '.' | '\u{2024}' // one dot leader
            | '\u{2025}' // two dot leader
            | '\u{2026}' // horizontal ellipsis
            | '\u{3002}' // ideographic full stop
            | '\u{FE52}' // small full stop
            | '\u{FF0E}' // fullwidth full stop
            | '\u{FF61}' // halfwidth ideographic full stop
    )
}

/// A path segment percent-encoded byte by byte: only unreserved characters (`A-Z a-z 0-9 - .
/// _ ~`) and `! $ & ' ( ) * , = : @` stay as they are. Everything else is encoded, `%` and `;`
/// (a path-parameter separator for some servers) and `+` (a space for some) included, so the
/// URL parser finds nothing to normalise and the server decodes exactly the id.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*,=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes the `%XX` escapes of `text`, leaving a `%` that starts none as it is.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = bytes
            .get(i + 1..i + 3)
            .filter(|hex| bytes[i] == b'%' && hex.iter().all(u8::is_ascii_hexdigit));
        match escape.and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()) {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_credentials_are_taken_out_of_the_url_percent_decoded() {
        let mut url = Url::parse("https://us%40er:p%3Ass@example.com/v1/").unwrap();
        let credentials = take_credentials(&mut url).unwrap().unwrap();
        assert_eq!(credentials.user, "us@er");
        assert_eq!(credentials.password.as_deref(), Some("p:ss"));
        assert_eq!(url.as_str(), "https://example.com/v1/");
        let mut plain = Url::parse("https://example.com/v1/").unwrap();
        assert!(take_credentials(&mut plain).unwrap().is_none());
    }

    #[test]
    fn credentials_are_redacted_from_url_text_even_when_it_does_not_parse() {
        for (url, shown) in [
            ("https://user:pass@host/v1", "https://<redacted>@host/v1"),
            (
                "https://token@host:99999/v1",
                "https://<redacted>@host:99999/v1",
            ),
            ("https:user:pass@host", "https:<redacted>@host"),
            ("https:\\\\a@b@host\\v1", "https:\\\\<redacted>@host\\v1"),
            ("https://host/a@b", "https://host/a@b"),
            ("https://host?x=a@b", "https://host?x=a@b"),
        ] {
            assert_eq!(redact_userinfo(url), shown, "{url}");
        }
    }
}
