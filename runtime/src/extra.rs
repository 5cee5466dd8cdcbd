//! [`Extra`]: the properties of an object that its schema does not declare.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The properties of an object that its schema does not declare, kept so that they survive a
/// round trip. It reads and writes as a `serde_json::Map` (through `Deref`/`DerefMut`); an empty
/// one is a single word and allocates nothing, which keeps the generated structs small (most
/// objects have no such property, and a struct is moved a few times while it is decoded).
///
/// It also remembers which required fields the decoded object left out ([`Extra::absent`]): such
/// a field decodes as `None` if it may be `null` (`#[api(required)] Option<T>`), else as its zero
/// (`0`, `""`, empty, an enum's `Other("")`, a union's `Unknown(null)`, a struct of zeros); it
/// is written back left out while it holds that value (not as `null` or the zero), and
/// `validate()` reports it missing. A struct built in code has none absent, so its `None`
/// fields are written as `null`. This record is not a property: it is neither
/// serialized nor seen through `Deref`, but it takes part in equality (two values that serialize
/// differently are not equal).
#[derive(Clone, Default)]
pub struct Extra(Option<Box<Inner>>);

#[derive(Clone, Default, PartialEq)]
struct Inner {
    properties: serde_json::Map<String, serde_json::Value>,
    /// Sorted, without duplicates.
    absent: Vec<&'static str>,
}

impl Extra {
    pub fn new() -> Self {
        Self(None)
    }

    pub fn into_map(self) -> serde_json::Map<String, serde_json::Value> {
        self.0
            .map_or_else(serde_json::Map::new, |inner| inner.properties)
    }

    /// The required fields (JSON keys, sorted) that the decoded object left out.
    pub fn absent(&self) -> &[&'static str] {
        self.0.as_ref().map_or(&[], |inner| &inner.absent)
    }

    /// Whether the decoded object left out the required field `key`.
    pub fn is_absent(&self, key: &str) -> bool {
        self.absent().binary_search(&key).is_ok()
    }

    /// Records that the required field `key` is left out: while it is `None` (or its zero) it is
    /// not written, and `validate()` reports it missing.
    pub fn mark_absent(&mut self, key: &'static str) {
        let absent = &mut self.0.get_or_insert_with(Default::default).absent;
        if let Err(at) = absent.binary_search(&key) {
            absent.insert(at, key);
        }
    }

    /// Forgets that `key` was left out: a `None` is written as `null` again, a zero as itself.
    pub fn mark_present(&mut self, key: &str) {
        if let Some(inner) = &mut self.0 {
            inner.absent.retain(|k| *k != key);
        }
    }
}

impl std::ops::Deref for Extra {
    type Target = serde_json::Map<String, serde_json::Value>;

    fn deref(&self) -> &Self::Target {
        static EMPTY: std::sync::OnceLock<serde_json::Map<String, serde_json::Value>> =
            std::sync::OnceLock::new();
        match &self.0 {
            Some(inner) => &inner.properties,
            None => EMPTY.get_or_init(serde_json::Map::new),
        }
    }
}

impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0.get_or_insert_with(Default::default).properties
    }
}

impl PartialEq for Extra {
    /// Compares the properties (an empty map equals no map) and the fields left out.
    fn eq(&self, other: &Self) -> bool {
        **self == **other && self.absent() == other.absent()
    }
}

impl std::fmt::Debug for Extra {
    /// The properties as a map; the fields left out, if any, after them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.absent().is_empty() {
            (**self).fmt(f)
        } else {
            f.debug_struct("Extra")
                .field("properties", &**self)
                .field("absent", &self.absent())
                .finish()
        }
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Extra {
    fn from(properties: serde_json::Map<String, serde_json::Value>) -> Self {
        Self((!properties.is_empty()).then(|| {
            Box::new(Inner {
                properties,
                absent: Vec::new(),
            })
        }))
    }
}

impl From<Extra> for serde_json::Map<String, serde_json::Value> {
    fn from(extra: Extra) -> Self {
        extra.into_map()
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a serde_json::Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        (**self).iter()
    }
}

impl Extend<(String, serde_json::Value)> for Extra {
    /// Allocates only if there is something to add.
    fn extend<I: IntoIterator<Item = (String, serde_json::Value)>>(&mut self, items: I) {
        let mut items = items.into_iter().peekable();
        if items.peek().is_some() {
            (**self).extend(items);
        }
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Map::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn extra_is_a_map_that_allocates_only_when_it_has_properties() {
        let mut extra = Extra::new();
        extra.extend(std::iter::empty());
        assert!(
            extra.0.is_none(),
            "extending with nothing allocates nothing"
        );
        assert!(extra.is_empty() && extra.get("a").is_none());
        assert_eq!(extra, Extra::from(serde_json::Map::new()));
        assert!(Extra::from(serde_json::Map::new()).0.is_none());

        extra.insert("a".into(), json!(1));
        extra.extend([("b".to_string(), json!([true]))]);
        assert_eq!(extra["a"], json!(1));
        assert_eq!(
            (&extra)
                .into_iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_ne!(extra, Extra::new());
        assert_eq!(format!("{extra:?}"), format!("{:?}", *extra));
        let text = serde_json::to_string(&extra).unwrap();
        assert_eq!(text, r#"{"a":1,"b":[true]}"#);
        let back: Extra = serde_json::from_str(&text).unwrap();
        assert_eq!(back, extra);
        assert_eq!(serde_json::Map::from(back).len(), 2);
    }

    #[test]
    fn extra_records_absent_fields_apart_from_its_properties() {
        let mut extra = Extra::new();
        assert!(extra.absent().is_empty() && !extra.is_absent("b"));
        extra.mark_absent("b");
        extra.mark_absent("a");
        extra.mark_absent("b");
        assert_eq!(extra.absent(), ["a", "b"]);
        assert!(extra.is_absent("a") && !extra.is_absent("c"));
        assert!(extra.is_empty(), "an absent field is not a property");
        assert_eq!(serde_json::to_value(&extra).unwrap(), json!({}));
        assert_ne!(extra, Extra::new(), "absent fields take part in equality");
        assert_eq!(
            format!("{extra:?}"),
            r#"Extra { properties: {}, absent: ["a", "b"] }"#
        );
        extra.insert("x".into(), json!(1));
        assert_eq!(extra.clone().into_map().len(), 1);
        extra.mark_present("a");
        extra.mark_present("b");
        assert!(extra.absent().is_empty());
        assert_eq!(
            extra,
            Extra::from(serde_json::Map::from_iter([("x".to_string(), json!(1))]))
        );
    }
}
