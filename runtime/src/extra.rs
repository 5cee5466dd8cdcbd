//! [`Extra`]: the properties of an object that its schema does not declare.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The properties of an object that its schema does not declare, kept so that they survive a
/// round trip. It reads and writes as a `serde_json::Map` (through `Deref`/`DerefMut`); an empty
/// one is a single word and allocates nothing, which keeps the generated structs small (most
/// objects have no such property, and a struct is moved a few times while it is decoded).
#[derive(Clone, Default)]
pub struct Extra(Option<Box<serde_json::Map<String, serde_json::Value>>>);

impl Extra {
    pub fn new() -> Self {
        Self(None)
    }

    pub fn into_map(self) -> serde_json::Map<String, serde_json::Value> {
        self.0.map_or_else(serde_json::Map::new, |map| *map)
    }
}

impl std::ops::Deref for Extra {
    type Target = serde_json::Map<String, serde_json::Value>;

    fn deref(&self) -> &Self::Target {
        static EMPTY: std::sync::OnceLock<serde_json::Map<String, serde_json::Value>> =
            std::sync::OnceLock::new();
        match &self.0 {
            Some(map) => map,
            None => EMPTY.get_or_init(serde_json::Map::new),
        }
    }
}

impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.get_or_insert_with(Default::default)
    }
}

impl PartialEq for Extra {
    /// Compares the properties (an empty map equals no map).
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Extra {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Extra {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        Self((!map.is_empty()).then(|| Box::new(map)))
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
}
