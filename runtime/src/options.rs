//! [`RequestOptions`]: what one request (or every request of a client view) adds to what the
//! operation sends — headers, query parameters and JSON body fields the API document does not
//! know — and its own timeout, retries or API key. The official SDKs call these
//! `extra_headers`, `extra_query`, `extra_body` and `timeout`.
//!
//! ```ignore
//! let options = RequestOptions::new()
//!     .body_field("reasoning_effort", "high")
//!     .header("X-Trace-Id", "abc")
//!     .query("beta", "true")
//!     .timeout(Duration::from_secs(30));
//! let run = client.with_options(options).create_run("thread_abc", &request).await?;
//! ```

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::client::ApiKey;
use crate::error::{Error, Untrusted};

/// Headers the runtime sets from the request itself (its framing, its body, its
/// authentication), which extra headers may not replace.
const RESERVED_HEADERS: &[(&str, &str)] = &[
    (
        "authorization",
        "it carries the API key: use RequestOptions::api_key",
    ),
    ("proxy-authorization", "it carries credentials of the proxy"),
    ("content-type", "it is set from the request body"),
    ("content-length", "it is set from the request body"),
    ("transfer-encoding", "it is set from the request body"),
    ("host", "it is set from the base URL"),
    ("connection", "it is a hop-by-hop header"),
    ("keep-alive", "it is a hop-by-hop header"),
    ("te", "it is a hop-by-hop header"),
    ("trailer", "it is a hop-by-hop header"),
    ("upgrade", "it is a hop-by-hop header"),
];

/// Additions to requests: extra headers, query parameters and JSON body fields, and a timeout,
/// retry count or API key of their own. Apply them with the generated client's
/// `with_options` (a view of the client whose calls all carry them):
/// `client.with_options(RequestOptions::new().body_field("reasoning_effort", "high"))`.
///
/// - **Body fields** are merged into the JSON body object after the typed body has been
///   checked with `validate()` (the extra fields themselves are not checked against the
///   schema). **On a key collision the extra field wins**, in the place of the field it
///   replaces. A request whose body is not a JSON object (no body, a form, a file upload) with
///   extra body fields fails with [`Error::Config`] before anything is sent. Without extra
///   body fields the body is serialised exactly as without options.
/// - **Headers** replace the client's headers of the same name for these requests. Names and
///   values are checked when the request is sent: an invalid name, a value with CR, LF or another
///   control character, or a header the runtime sets itself (`Authorization`, `Content-Type`,
///   `Content-Length`, `Host`, hop-by-hop headers) is [`Error::Config`], and nothing is sent.
///   The API key is replaced only through [`RequestOptions::api_key`]. Requests, redirects
///   included, never leave the base URL's origin, so neither reaches another host.
/// - **Query parameters** are appended, percent-encoded, after the operation's own; they never
///   change the path.
/// - **Timeout** replaces [`Config::timeout`](crate::Config::timeout): the deadline of a whole
///   request, or of the start of a stream (connection and response headers); a started stream
///   is still bounded by [`Config::stream_idle_timeout`](crate::Config::stream_idle_timeout)
///   between chunks.
///
/// `Debug` redacts the values of headers, query parameters and body fields whose names look
/// secret (`authorization`, `cookie`, `*key*`, `*token*`, `*secret*`, `*password*`), and the
/// API key.
#[derive(Clone, Default)]
#[must_use = "options apply only to the client view `with_options` returns"]
pub struct RequestOptions {
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: Vec<(String, Value)>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    api_key: Option<ApiKey>,
}

impl RequestOptions {
    pub fn new() -> Self {
        Self::default()
    }

    /// An extra header (replacing an earlier extra header of the same name, and the client's).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// Extra headers, as [`header`](Self::header) one by one.
    pub fn headers<N: Into<String>, V: Into<String>>(
        self,
        headers: impl IntoIterator<Item = (N, V)>,
    ) -> Self {
        headers
            .into_iter()
            .fold(self, |options, (name, value)| options.header(name, value))
    }

    /// An extra query parameter, appended after the operation's own (a name may repeat).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// An extra field of the JSON body object (replacing an earlier extra field of the same
    /// name); it wins over a field of the typed body with the same name.
    pub fn body_field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        let name = name.into();
        let value = value.into();
        match self.body.iter_mut().find(|(n, _)| *n == name) {
            Some(field) => field.1 = value,
            None => self.body.push((name, value)),
        }
        self
    }

    /// Extra fields of the JSON body object, as [`body_field`](Self::body_field) one by one
    /// (a `serde_json::Map` works).
    pub fn extra_body<K: Into<String>>(self, fields: impl IntoIterator<Item = (K, Value)>) -> Self {
        fields.into_iter().fold(self, |options, (name, value)| {
            options.body_field(name, value)
        })
    }

    /// The deadline of these requests, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt, instead of the client's.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Sends `Authorization: Bearer <key>` with this key instead of the client's.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey::new(key));
        self
    }

    /// These options, then `later` over them: its headers and body fields replace those of
    /// the same name, its query parameters follow, its timeout, retries and key win.
    pub fn merge(mut self, later: RequestOptions) -> Self {
        self = self.headers(later.headers);
        self.query.extend(later.query);
        self = self.extra_body(later.body);
        self.timeout = later.timeout.or(self.timeout);
        self.max_retries = later.max_retries.or(self.max_retries);
        self.api_key = later.api_key.or(self.api_key);
        self
    }

    pub(crate) fn timeout_override(&self) -> Option<Duration> {
        self.timeout
    }

    pub(crate) fn max_retries_override(&self) -> Option<u32> {
        self.max_retries
    }

    pub(crate) fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    pub(crate) fn has_body_fields(&self) -> bool {
        !self.body.is_empty()
    }

    /// The `Authorization` value of [`api_key`](Self::api_key), marked sensitive.
    pub(crate) fn authorization<E>(&self) -> Result<Option<HeaderValue>, Error<E>> {
        let Some(key) = &self.api_key else {
            return Ok(None);
        };
        let mut value =
            HeaderValue::from_str(&format!("Bearer {}", key.expose())).map_err(|_| {
                Error::Config(
                    "the API key of the request options is not a valid header value".into(),
                )
            })?;
        value.set_sensitive(true);
        Ok(Some(value))
    }

    /// The extra headers, checked; values whose names look secret are marked sensitive.
    pub(crate) fn header_map<E>(&self) -> Result<HeaderMap, Error<E>> {
        let mut map = HeaderMap::with_capacity(self.headers.len());
        for (name, value) in &self.headers {
            let shown = || Untrusted::new(name, 64);
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::Config(format!(
                    "extra header `{}`: not a valid header name",
                    shown()
                ))
            })?;
            if let Some((_, why)) = RESERVED_HEADERS
                .iter()
                .find(|(reserved, _)| *reserved == header.as_str())
            {
                return Err(Error::Config(format!(
                    "extra header `{}` cannot be set: {why}",
                    shown()
                )));
            }
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                Error::Config(format!(
                    "extra header `{}`: its value contains CR, LF or another character not allowed in a header",
                    shown()
                ))
            })?;
            value.set_sensitive(looks_secret(name));
            map.insert(header, value);
        }
        Ok(map)
    }

    /// `json` (a serialised body) with the extra body fields merged in, the extra fields
    /// winning in the place of the member they replace; an error if it is not a JSON object.
    /// The members of `json` are kept as raw text (not decoded into values and encoded again),
    /// so that they go out exactly as the typed body wrote them.
    pub(crate) fn merge_body<E>(&self, json: &[u8]) -> Result<Vec<u8>, Error<E>> {
        let not_object = || {
            Error::Config(
                "extra body fields need a JSON object body, and this request's body is not one"
                    .into(),
            )
        };
        if json.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(not_object());
        }
        let RawMembers(mut members) = serde_json::from_slice(json).map_err(|_| not_object())?;
        let error = |e: serde_json::Error| Error::Config(format!("extra body field: {e}"));
        for (name, value) in &self.body {
            let value = serde_json::value::to_raw_value(value).map_err(error)?;
            match members.iter_mut().find(|(n, _)| n == name) {
                Some(member) => member.1 = value,
                None => members.push((name.clone(), value)),
            }
        }
        serde_json::to_vec(&RawMembers(members)).map_err(error)
    }
}

/// The members of a JSON object in order, each value as its raw JSON text.
struct RawMembers(Vec<(String, Box<RawValue>)>);

impl<'de> serde::Deserialize<'de> for RawMembers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawMembers;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawMembers, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(RawMembers(members))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

impl serde::Serialize for RawMembers {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Whether a header, query parameter or field name looks like it holds a secret, so that
/// `Debug` redacts its value.
pub(crate) fn looks_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || [
        "key",
        "token",
        "secret",
        "password",
        "auth",
        "session",
        "signature",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// Name-value pairs with secret-looking values redacted.
struct Shown<'a, V>(&'a [(String, V)]);

impl<V: std::fmt::Debug> std::fmt::Debug for Shown<'_, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in self.0 {
            if looks_secret(name) {
                list.entry(&(name, "<redacted>"));
            } else {
                list.entry(&(name, value));
            }
        }
        list.finish()
    }
}

impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestOptions")
            .field("headers", &Shown(&self.headers))
            .field("query", &Shown(&self.query))
            .field("body", &Shown(&self.body))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("api_key", &self.api_key)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_looking_names_are_recognised_whatever_their_case() {
        for name in [
            "Authorization",
            "x-api-key",
            "Cookie",
            "X-Session-Token",
            "client_secret",
            "apikey",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        for name in ["x-trace-id", "OpenAI-Beta", "reasoning_effort", "limit"] {
            assert!(!looks_secret(name), "{name}");
        }
    }

    #[test]
    fn extra_body_fields_replace_in_place_and_append_in_order() {
        let options = RequestOptions::new()
            .body_field("b", "extra")
            .body_field("z", 1)
            .body_field("y", json!({"k": [1]}));
        // The typed body's members go out as written: nested key order, number text.
        let merged = options
            .merge_body::<()>(br#"{"a":{"z":1,"a":2},"b":"typed","c":1.50e3}"#)
            .unwrap();
        assert_eq!(
            String::from_utf8(merged).unwrap(),
            r#"{"a":{"z":1,"a":2},"b":"extra","c":1.50e3,"z":1,"y":{"k":[1]}}"#
        );
    }

    #[test]
    fn extra_body_fields_refuse_a_body_that_is_not_a_json_object() {
        let options = RequestOptions::new().body_field("f", 1);
        for body in [&b"[1]"[..], b"\"text\"", b"null", b"3", b"a=1&b=2", b""] {
            match options.merge_body::<()>(body) {
                Err(Error::Config(message)) => {
                    assert!(message.contains("need a JSON object body"), "{message}")
                }
                other => panic!("{:?}: {other:?}", String::from_utf8_lossy(body)),
            }
        }
    }

    #[test]
    fn later_options_replace_earlier_ones_of_the_same_name_and_append_queries() {
        let merged = RequestOptions::new()
            .header("X-A", "1")
            .query("q", "1")
            .body_field("f", 1)
            .timeout(Duration::from_secs(1))
            .merge(
                RequestOptions::new()
                    .header("x-a", "2")
                    .query("q", "2")
                    .body_field("f", 2)
                    .max_retries(0),
            );
        assert_eq!(merged.headers, [("x-a".to_string(), "2".to_string())]);
        assert_eq!(
            merged.query,
            [("q".into(), "1".into()), ("q".into(), "2".into())]
        );
        assert_eq!(merged.body, [("f".to_string(), Value::from(2))]);
        assert_eq!(merged.timeout, Some(Duration::from_secs(1)));
        assert_eq!(merged.max_retries, Some(0));
    }
}
