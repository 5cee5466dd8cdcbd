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

/// Implemented by every generated type.
pub trait Validate {
    /// Appends the violations found in `self`, located below `path`.
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>);

    /// Every constraint of the schema that `self` breaks, each with its JSON path.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut violations = Vec::new();
        self.validate_at("", &mut violations);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations })
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&format!("{path}/{i}"), out);
        }
    }
}

/// The checks generated code calls; each appends a violation when the constraint fails.
#[doc(hidden)]
pub mod check {
    use super::Violation;

    fn push(out: &mut Vec<Violation>, path: &str, message: String) {
        out.push(Violation {
            path: path.to_string(),
            message,
        });
    }

    pub fn minimum(value: f64, min: f64, path: &str, out: &mut Vec<Violation>) {
        if value < min {
            push(out, path, format!("{value} is less than the minimum {min}"));
        }
    }

    pub fn maximum(value: f64, max: f64, path: &str, out: &mut Vec<Violation>) {
        if value > max {
            push(
                out,
                path,
                format!("{value} is greater than the maximum {max}"),
            );
        }
    }

    pub fn min_items(len: usize, min: u64, path: &str, out: &mut Vec<Violation>) {
        if (len as u64) < min {
            push(out, path, format!("{len} item(s), at least {min} required"));
        }
    }

    pub fn max_items(len: usize, max: u64, path: &str, out: &mut Vec<Violation>) {
        if len as u64 > max {
            push(out, path, format!("{len} item(s), at most {max} allowed"));
        }
    }

    pub fn min_length(value: &str, min: u64, path: &str, out: &mut Vec<Violation>) {
        let len = value.chars().count();
        if (len as u64) < min {
            push(
                out,
                path,
                format!("{len} character(s), at least {min} required"),
            );
        }
    }

    pub fn max_length(value: &str, max: u64, path: &str, out: &mut Vec<Violation>) {
        let len = value.chars().count();
        if len as u64 > max {
            push(
                out,
                path,
                format!("{len} character(s), at most {max} allowed"),
            );
        }
    }

    pub fn max_properties(len: usize, max: u64, path: &str, out: &mut Vec<Violation>) {
        if len as u64 > max {
            push(out, path, format!("{len} key(s), at most {max} allowed"));
        }
    }

    pub fn key_max_length<'a>(
        keys: impl Iterator<Item = &'a String>,
        max: u64,
        path: &str,
        out: &mut Vec<Violation>,
    ) {
        for key in keys {
            let len = key.chars().count();
            if len as u64 > max {
                push(
                    out,
                    &format!("{path}/{}", pointer_token(key)),
                    format!("key of {len} character(s), at most {max} allowed"),
                );
            }
        }
    }

    pub fn constant(value: &str, expected: &str, path: &str, out: &mut Vec<Violation>) {
        if value != expected {
            push(
                out,
                path,
                format!("`{value}` where the schema allows only `{expected}`"),
            );
        }
    }

    pub fn missing(field: &str, path: &str, out: &mut Vec<Violation>) {
        push(out, path, format!("the required `{field}` is missing"));
    }

    pub fn known_value(value: &str, known: &[&str], path: &str, out: &mut Vec<Violation>) {
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

    pub fn exactly_one_of(present: &[(&str, bool)], path: &str, out: &mut Vec<Violation>) {
        if present.iter().filter(|(_, p)| *p).count() != 1 {
            let names: Vec<String> = present.iter().map(|(n, _)| format!("`{n}`")).collect();
            push(
                out,
                path,
                format!("exactly one of {} must be set", names.join(", ")),
            );
        }
    }

    /// Escapes a map key for use in a JSON Pointer.
    pub fn pointer_token(key: &str) -> String {
        key.replace('~', "~0").replace('/', "~1")
    }
}
