//! Warnings and errors. Every one names the input file and the JSON Pointer inside it, and
//! prints like rustc: a one-line message, the location, and a hint.

use std::fmt;

/// What kind of finding a warning is; each kind is documented in the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// `required` names a property that `properties` does not declare.
    RequiredNotDeclared,
    /// No instance can satisfy the schema (for example a required property that
    /// `additionalProperties: false` forbids).
    Unsatisfiable,
    /// A keyword placed where it has no effect (for example `required` on an array).
    MisplacedKeyword,
    /// A description that is a template placeholder (`metadata_description`); it is not copied.
    PlaceholderDescription,
    /// A keyword the generator does not map to Rust; it has no effect on the generated code.
    UnsupportedKeyword,
    /// Union branches of one JSON type without a tag: decoding tries them in order.
    UntaggedUnion,
}

impl WarningKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::RequiredNotDeclared => "required-not-declared",
            Self::Unsatisfiable => "unsatisfiable",
            Self::MisplacedKeyword => "misplaced-keyword",
            Self::PlaceholderDescription => "placeholder-description",
            Self::UnsupportedKeyword => "unsupported-keyword",
            Self::UntaggedUnion => "untagged-union",
        }
    }
}

/// A place in the input: a file (relative to the input root) and a JSON Pointer into it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: String,
    pub pointer: String,
}

impl Loc {
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pointer: pointer.into(),
        }
    }

    pub fn child(&self, token: &str) -> Self {
        Self {
            file: self.file.clone(),
            pointer: format!("{}/{}", self.pointer, crate::naming::pointer_token(token)),
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}#{}",
            self.file,
            if self.pointer.is_empty() {
                ""
            } else {
                &self.pointer
            }
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub loc: Loc,
    pub kind: WarningKind,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "warning[{}]: {}\n  --> {}\n  = hint: {}",
            self.kind.code(),
            self.message,
            self.loc,
            self.hint
        )
    }
}

/// Why generation failed. Nothing is written when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("error: {file} is not valid JSON: {source}\n  --> {file} line {line}, column {column}\n  = hint: fix the syntax; the generator reads JSON files as they are")]
    Json {
        file: String,
        line: usize,
        column: usize,
        source: serde_json::Error,
    },
    #[error("error: {file} is not valid YAML: {message}\n  --> {file} line {line}, column {column}\n  = hint: fix the syntax; the generator reads YAML files as they are")]
    Yaml {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("error: {file} nests arrays and objects more than {limit} levels deep\n  --> {file} line {line}, column {column}\n  = hint: the generator reads at most {limit} levels (see `codegen::limits::MAX_NESTING`), which bounds its time and stack; no schema needs more", limit = crate::limits::MAX_NESTING)]
    TooDeep {
        file: String,
        line: usize,
        column: usize,
    },
    #[error("error: {message}\n  --> {loc}\n  = hint: {hint}")]
    Schema {
        loc: Loc,
        message: String,
        hint: String,
    },
    #[error("{}error: {} warning(s) denied by --deny-warnings", .warnings.iter().map(|w| format!("{w}\n\n")).collect::<String>(), .warnings.len())]
    DeniedWarnings { warnings: Vec<Warning> },
}

impl Error {
    pub fn schema(loc: &Loc, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::Schema {
            loc: loc.clone(),
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Collects warnings in a stable order.
#[derive(Default, Debug)]
pub struct Diagnostics {
    pub warnings: Vec<Warning>,
}

impl Diagnostics {
    pub fn warn(
        &mut self,
        loc: &Loc,
        kind: WarningKind,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let warning = Warning {
            loc: loc.clone(),
            kind,
            message: message.into(),
            hint: hint.into(),
        };
        // Duplicates are removed once, in `into_sorted` (checking each time would take
        // quadratic time on inputs with many warnings).
        self.warnings.push(warning);
    }

    pub fn into_sorted(mut self) -> Vec<Warning> {
        self.warnings.sort();
        self.warnings.dedup();
        self.warnings
    }
}
