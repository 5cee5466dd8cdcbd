//! Serialization helpers shared by the generated types. Not part of the public API.

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// Implemented by every generated struct: writes its fields into a map that the caller opened,
/// so that a tagged union can write its tag first and the payload's fields after it without
/// buffering.
pub trait SerializeFields {
    fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// A recursive payload is boxed; its fields are the boxed value's.
impl<T: SerializeFields + ?Sized> SerializeFields for Box<T> {
    fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        (**self).serialize_fields(map)
    }
}

/// `{"<tag_key>": "<tag>", ...payload fields}`.
pub fn serialize_tagged<S: Serializer, P: SerializeFields>(
    serializer: S,
    tag_key: &str,
    tag: &str,
    payload: &P,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry(tag_key, tag)?;
    payload.serialize_fields(&mut map)?;
    map.end()
}

/// `{"<tag_key>": "<tag>", "<content_key>": content}`.
pub fn serialize_adjacent<S: Serializer, C: Serialize + ?Sized>(
    serializer: S,
    tag_key: &str,
    tag: &str,
    content_key: &str,
    content: &C,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(2))?;
    map.serialize_entry(tag_key, tag)?;
    map.serialize_entry(content_key, content)?;
    map.end()
}

/// Serializes a struct through its [`SerializeFields`].
pub fn serialize_struct<S: Serializer, P: SerializeFields>(
    serializer: S,
    value: &P,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    value.serialize_fields(&mut map)?;
    map.end()
}

/// Deserializes a string enum without an intermediate `String` when the input can lend one.
pub fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct StrVisitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str> + From<String>> Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
}

/// The JSON type of a value, for error messages.
pub fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Wraps a payload's decoding error with the variant it was decoded for.
pub fn invalid<E: serde::de::Error>(what: &str, error: serde_json::Error) -> E {
    E::custom(format_args!("invalid {what}: {error}"))
}
