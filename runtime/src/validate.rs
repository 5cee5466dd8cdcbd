//! Client-side checks of the schema's constraints, run by `validate()` before a request is sent.

use std::fmt;

/// One broken constraint, at a JSON Pointer into the value (`/tools/3/function/name`; the empty
/// pointer is the value itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Every violation found in one value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} constraint violation(s): {}", .violations.len(), join(.violations))]
pub struct ValidationError {
    pub violations: Vec<Violation>,
}

fn join(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where a value sits in the document being checked: a JSON Pointer built on the stack as the
/// checks descend, and written out only when a check fails, so a valid value costs no allocation.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl Path<'static> {
    /// The value itself (the empty pointer).
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };
}

impl<'a> Path<'a> {
    /// The member `key` of the object at `self`.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// The item `index` of the array at `self`.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    fn write(&self, out: &mut String) {
        use fmt::Write as _;
        if let Some(parent) = self.parent {
            parent.write(out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Key(key) => {
                out.push('/');
                for c in key.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Segment::Index(index) => {
                let _ = write!(out, "/{index}");
            }
        }
    }
}

impl fmt::Display for Path<'_> {
    /// The JSON Pointer (`/tools/3/function/name`), `~` and `/` in keys escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut pointer = String::new();
        self.write(&mut pointer);
        f.write_str(&pointer)
    }
}

/// Implemented by every generated type.
pub trait Validate {
    /// Appends the violations found in `self`, located below `path`.
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>);

    /// Every constraint of the schema that `self` breaks, each with its JSON path.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut violations = Vec::new();
        self.validate_at(&Path::ROOT, &mut violations);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations })
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&path.index(i), out);
        }
    }
}

/// An absent or `null` value breaks nothing; a present one is checked.
impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_at(path, out);
        }
    }
}

impl<T: Validate> Validate for crate::Nullable<T> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        if let Some(value) = self.value() {
            value.validate_at(path, out);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.validate_at(&path.key(key), out);
        }
    }
}

impl<T: Validate, S> Validate for std::collections::HashMap<String, T, S> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.validate_at(&path.key(key), out);
        }
    }
}

/// A tuple (a fixed-length JSON array) checks each element at its index.
macro_rules! tuple {
    ($($name:ident $index:tt),+) => {
        impl<$($name: Validate),+> Validate for ($($name,)+) {
            fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
                $(self.$index.validate_at(&path.index($index), out);)+
            }
        }
    };
}

tuple!(A 0);
tuple!(A 0, B 1);
tuple!(A 0, B 1, C 2);
tuple!(A 0, B 1, C 2, D 3);
tuple!(A 0, B 1, C 2, D 3, E 4);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);

/// Values with no constraints of their own: checking them finds nothing. They let a request
/// body that is a plain list, map or free-form object (`Vec<i64>`, `BTreeMap<String, String>`,
/// `serde_json::Map`) be checked like any other.
macro_rules! unconstrained {
    ($($ty:ty),*) => {
        $(impl Validate for $ty {
            fn validate_at(&self, _path: &Path<'_>, _out: &mut Vec<Violation>) {}
        })*
    };
}

unconstrained!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    String,
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>
);

/// The checks generated code calls; each appends a violation when the constraint fails.
#[doc(hidden)]
pub mod check {
    use super::{Path, Violation};

    fn push(out: &mut Vec<Violation>, path: &Path<'_>, message: String) {
        out.push(Violation {
            path: path.to_string(),
            message,
        });
    }

    pub fn minimum(value: f64, min: f64, path: &Path<'_>, out: &mut Vec<Violation>) {
        if value < min {
            push(out, path, format!("{value} is less than the minimum {min}"));
        }
    }

    pub fn maximum(value: f64, max: f64, path: &Path<'_>, out: &mut Vec<Violation>) {
        if value > max {
            push(
                out,
                path,
                format!("{value} is greater than the maximum {max}"),
            );
        }
    }

    pub fn exclusive_minimum(value: f64, min: f64, path: &Path<'_>, out: &mut Vec<Violation>) {
        if value <= min {
            push(
                out,
                path,
                format!("{value} is not greater than the exclusive minimum {min}"),
            );
        }
    }

    pub fn exclusive_maximum(value: f64, max: f64, path: &Path<'_>, out: &mut Vec<Violation>) {
        if value >= max {
            push(
                out,
                path,
                format!("{value} is not less than the exclusive maximum {max}"),
            );
        }
    }

    /// Whether `value / factor` is a whole number, allowing for the rounding of binary
    /// fractions (`0.3` is a multiple of `0.1`).
    pub fn multiple_of(value: f64, factor: f64, path: &Path<'_>, out: &mut Vec<Violation>) {
        let quotient = value / factor;
        let tolerance = 4.0 * f64::EPSILON * quotient.abs().max(1.0);
        if !quotient.is_finite() || (quotient - quotient.round()).abs() > tolerance {
            push(out, path, format!("{value} is not a multiple of {factor}"));
        }
    }

    pub fn unique_items<T: PartialEq>(items: &[T], path: &Path<'_>, out: &mut Vec<Violation>) {
        for (i, item) in items.iter().enumerate() {
            if let Some(first) = items[..i].iter().position(|earlier| earlier == item) {
                push(
                    out,
                    &path.index(i),
                    format!("the same as item {first}; the items must be unique"),
                );
            }
        }
    }

    pub fn min_properties(len: usize, min: u64, path: &Path<'_>, out: &mut Vec<Violation>) {
        if (len as u64) < min {
            push(out, path, format!("{len} key(s), at least {min} required"));
        }
    }

    /// A `pattern` keyword's regular expression, compiled on first use (the generator checked
    /// that the `regex` crate reads it). Needs the crate's `pattern` feature.
    #[cfg(feature = "pattern")]
    #[derive(Debug)]
    pub struct Pattern {
        source: &'static str,
        regex: std::sync::OnceLock<regex::Regex>,
    }

    #[cfg(feature = "pattern")]
    impl Pattern {
        pub const fn new(source: &'static str) -> Self {
            Self {
                source,
                regex: std::sync::OnceLock::new(),
            }
        }

        pub fn check(&self, value: &str, path: &Path<'_>, out: &mut Vec<Violation>) {
            let regex = self.regex.get_or_init(|| {
                regex::Regex::new(self.source).expect("the generator checked the pattern")
            });
            if !regex.is_match(value) {
                push(
                    out,
                    path,
                    format!("`{value}` does not match the pattern `{}`", self.source),
                );
            }
        }
    }

    pub fn min_items(len: usize, min: u64, path: &Path<'_>, out: &mut Vec<Violation>) {
        if (len as u64) < min {
            push(out, path, format!("{len} item(s), at least {min} required"));
        }
    }

    pub fn max_items(len: usize, max: u64, path: &Path<'_>, out: &mut Vec<Violation>) {
        if len as u64 > max {
            push(out, path, format!("{len} item(s), at most {max} allowed"));
        }
    }

    pub fn min_length(value: &str, min: u64, path: &Path<'_>, out: &mut Vec<Violation>) {
        let len = value.chars().count();
        if (len as u64) < min {
            push(
                out,
                path,
                format!("{len} character(s), at least {min} required"),
            );
        }
    }

    pub fn max_length(value: &str, max: u64, path: &Path<'_>, out: &mut Vec<Violation>) {
        let len = value.chars().count();
        if len as u64 > max {
            push(
                out,
                path,
                format!("{len} character(s), at most {max} allowed"),
            );
        }
    }

    pub fn max_properties(len: usize, max: u64, path: &Path<'_>, out: &mut Vec<Violation>) {
        if len as u64 > max {
            push(out, path, format!("{len} key(s), at most {max} allowed"));
        }
    }

    pub fn key_max_length<'a>(
        keys: impl Iterator<Item = &'a String>,
        max: u64,
        path: &Path<'_>,
        out: &mut Vec<Violation>,
    ) {
        for key in keys {
            let len = key.chars().count();
            if len as u64 > max {
                push(
                    out,
                    &path.key(key),
                    format!("key of {len} character(s), at most {max} allowed"),
                );
            }
        }
    }

    pub fn constant(value: &str, expected: &str, path: &Path<'_>, out: &mut Vec<Violation>) {
        if value != expected {
            push(
                out,
                path,
                format!("`{value}` where the schema allows only `{expected}`"),
            );
        }
    }

    pub fn missing(field: &str, path: &Path<'_>, out: &mut Vec<Violation>) {
        push(out, path, format!("the required `{field}` is missing"));
    }

    pub fn known_integer(value: i64, known: &[i64], path: &Path<'_>, out: &mut Vec<Violation>) {
        if !known.contains(&value) {
            let known: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            push(
                out,
                path,
                format!("`{value}` is not one of {}", known.join(", ")),
            );
        }
    }

    pub fn known_value(value: &str, known: &[&str], path: &Path<'_>, out: &mut Vec<Violation>) {
        push(
            out,
            path,
            format!(
                "`{value}` is not one of {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }

    /// `anyOf` over `required` lists: at least one set has every field present.
    pub fn any_of_required(sets: &[&[(&str, bool)]], path: &Path<'_>, out: &mut Vec<Violation>) {
        if sets
            .iter()
            .any(|set| set.iter().all(|(_, present)| *present))
        {
            return;
        }
        let sets: Vec<String> = sets
            .iter()
            .map(|set| {
                let names: Vec<String> = set.iter().map(|(n, _)| format!("`{n}`")).collect();
                names.join(" and ")
            })
            .collect();
        push(
            out,
            path,
            format!("at least one of these must be set: {}", sets.join(", or ")),
        );
    }

    pub fn exactly_one_of(present: &[(&str, bool)], path: &Path<'_>, out: &mut Vec<Violation>) {
        if present.iter().filter(|(_, p)| *p).count() != 1 {
            let names: Vec<String> = present.iter().map(|(n, _)| format!("`{n}`")).collect();
            push(
                out,
                path,
                format!("exactly one of {} must be set", names.join(", ")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Path;

    #[test]
    fn multiple_of_allows_for_binary_fractions_only() {
        let violations = |value: f64, factor: f64| {
            let mut out = Vec::new();
            super::check::multiple_of(value, factor, &Path::ROOT, &mut out);
            out.len()
        };
        assert_eq!(violations(0.3, 0.1), 0);
        assert_eq!(violations(4.2, 0.7), 0);
        assert_eq!(violations(-6.0, 3.0), 0);
        assert_eq!(violations(1e15, 5.0), 0);
        assert_eq!(violations(0.35, 0.1), 1);
        assert_eq!(violations(10.0, 3.0), 1);
        assert_eq!(violations(1.0000001, 1.0), 1);
    }

    /// A value that is never valid, to see where a container reports it.
    struct Bad;

    impl super::Validate for Bad {
        fn validate_at(&self, path: &Path<'_>, out: &mut Vec<super::Violation>) {
            super::check::missing("x", path, out);
        }
    }

    #[test]
    fn maps_check_each_value_at_its_key_and_plain_values_have_nothing_to_check() {
        use super::Validate;
        let paths = |value: &dyn Validate| -> Vec<String> {
            let mut out = Vec::new();
            value.validate_at(&Path::ROOT.key("m"), &mut out);
            out.into_iter().map(|v| v.path).collect()
        };
        let hash: std::collections::HashMap<String, Bad> = [("a/b".to_string(), Bad)].into();
        assert_eq!(paths(&hash), ["/m/a~1b"]);
        let tree: std::collections::BTreeMap<String, Vec<Bad>> =
            [("k".to_string(), vec![Bad, Bad])].into();
        assert_eq!(paths(&tree), ["/m/k/0", "/m/k/1"]);
        let plain: std::collections::BTreeMap<String, String> =
            [("k".to_string(), String::new())].into();
        assert!(paths(&plain).is_empty());
        assert!(paths(&serde_json::json!({"a": [1]})).is_empty());
        assert!(paths(&vec![1_i64, 2]).is_empty());
    }

    #[test]
    fn a_tuple_checks_each_element_at_its_index() {
        let mut out = Vec::new();
        super::Validate::validate_at(&(1_i64, Bad, Some(Bad)), &Path::ROOT, &mut out);
        let paths: Vec<String> = out.into_iter().map(|v| v.path).collect();
        assert_eq!(paths, ["/1", "/2"]);
    }

    #[test]
    fn an_integer_enum_reports_a_value_outside_its_list() {
        let messages = |value: i64| {
            let mut out = Vec::new();
            super::check::known_integer(value, &[0, 5, -1], &Path::ROOT, &mut out);
            out.into_iter().map(|v| v.message).collect::<Vec<_>>()
        };
        assert!(messages(-1).is_empty());
        assert_eq!(messages(2), ["`2` is not one of `0`, `5`, `-1`"]);
    }

    #[test]
    fn any_of_required_wants_one_whole_set_of_fields() {
        let check = |email: bool, phone: bool, country: bool| {
            let mut out = Vec::new();
            super::check::any_of_required(
                &[
                    &[("email", email)],
                    &[("phone", phone), ("country", country)],
                ],
                &Path::ROOT,
                &mut out,
            );
            out.into_iter().map(|v| v.message).collect::<Vec<_>>()
        };
        assert!(check(true, false, false).is_empty());
        assert!(check(false, true, true).is_empty());
        assert_eq!(
            check(false, true, false),
            ["at least one of these must be set: `email`, or `phone` and `country`"]
        );
    }

    #[test]
    fn a_path_is_written_as_a_json_pointer_with_keys_escaped() {
        assert_eq!(Path::ROOT.to_string(), "");
        let tools = Path::ROOT.key("tools");
        let third = tools.index(3);
        assert_eq!(third.key("function").to_string(), "/tools/3/function");
        let metadata = Path::ROOT.key("metadata");
        assert_eq!(metadata.key("a/b~c").to_string(), "/metadata/a~1b~0c");
    }
}
