//! Free-form JSON objects (`serde_json::Map`) from what users have at hand.

use serde_json::{Map, Value};

/// A free-form JSON object: a `Map`, or a `Value` holding one (what `json!({...})` makes).
/// Builder setters of free-form object fields take `impl IntoObject`.
pub trait IntoObject {
    /// The object, or the value back when it is not one.
    fn into_object(self) -> Result<Map<String, Value>, Value>;
}

impl IntoObject for Map<String, Value> {
    fn into_object(self) -> Result<Map<String, Value>, Value> {
        Ok(self)
    }
}

impl IntoObject for Value {
    fn into_object(self) -> Result<Map<String, Value>, Value> {
        match self {
            Value::Object(map) => Ok(map),
            other => Err(other),
        }
    }
}

/// The object of a setter's `value` for the field `key`.
///
/// # Panics
///
/// When `value` is not a JSON object: a free-form object field cannot hold anything else (the
/// API would refuse it), and a non-object `json!` literal is a mistake in the calling code.
#[doc(hidden)]
#[track_caller]
pub fn field(key: &str, value: impl IntoObject) -> Map<String, Value> {
    match value.into_object() {
        Ok(map) => map,
        Err(other) => not_an_object(key, &other),
    }
}

#[cold]
#[track_caller]
fn not_an_object(key: &str, value: &Value) -> ! {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    panic!("`{key}` must be a JSON object, got {kind}")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_value_holding_an_object_is_that_object() {
        let map = field("parameters", json!({"type": "object"}));
        assert_eq!(Value::Object(map), json!({"type": "object"}));
        let mut owned = Map::new();
        owned.insert("a".into(), json!(1));
        assert_eq!(field("parameters", owned.clone()), owned);
    }

    #[test]
    fn a_value_that_is_not_an_object_is_given_back() {
        assert_eq!(json!([1]).into_object(), Err(json!([1])));
    }

    #[test]
    #[should_panic(expected = "`parameters` must be a JSON object, got an array")]
    fn a_setter_refuses_a_non_object_naming_the_field() {
        field("parameters", json!([1]));
    }
}
