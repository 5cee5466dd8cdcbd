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
    /// A dangling `$ref` read as the one definition its last segment names.
    RefResolvedByName,
}

impl WarningKind {
    /// The kind's name in messages (`unsupported-keyword`).
    pub fn code(self) -> &'static str {
        match self {
            Self::RequiredNotDeclared => "required-not-declared",
            Self::Unsatisfiable => "unsatisfiable",
            Self::MisplacedKeyword => "misplaced-keyword",
            Self::PlaceholderDescription => "placeholder-description",
            Self::UnsupportedKeyword => "unsupported-keyword",
            Self::UntaggedUnion => "untagged-union",
            Self::RefResolvedByName => "ref-resolved-by-name",
        }
    }
}

/// A place in the input: a file (relative to the input root) and a JSON Pointer into it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    /// The file, relative to the input root, with `/` separators.
    pub file: String,
    /// The JSON Pointer into it (empty for the whole document).
    pub pointer: String,
}

impl Loc {
    /// The place `pointer` in `file`.
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pointer: pointer.into(),
        }
    }

    /// The member `token` of this place (escaped as a JSON Pointer token).
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

/// Something questionable in the input that generation went past; it prints like rustc's.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// Where in the input.
    pub loc: Loc,
    /// What kind of finding.
    pub kind: WarningKind,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it.
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
    /// A file is not valid JSON.
    Json {
        /// The file.
        file: String,
        /// Where the parser stopped.
        line: usize,
        /// Where the parser stopped.
        column: usize,
        /// The parser's error.
        source: serde_json::Error,
    },
    #[error("error: {file} is not valid YAML: {message}\n  --> {file} line {line}, column {column}\n  = hint: fix the syntax; the generator reads YAML files as they are")]
    /// A file is not valid YAML.
    Yaml {
        /// The file.
        file: String,
        /// Where the parser stopped.
        line: usize,
        /// Where the parser stopped.
        column: usize,
        /// The parser's message.
        message: String,
    },
    #[error("error: {file} nests arrays and objects more than {limit} levels deep\n  --> {file} line {line}, column {column}\n  = hint: the generator reads at most {limit} levels (see the limits in the README), which bounds its time and stack; no schema needs more", limit = crate::limits::MAX_NESTING)]
    /// A file nests arrays and objects deeper than the generator reads.
    TooDeep {
        /// The file.
        file: String,
        /// Where the limit was passed.
        line: usize,
        /// Where the limit was passed.
        column: usize,
    },
    #[error("error: {message}\n  --> {loc}\n  = hint: {hint}")]
    /// The input is wrong (or past a limit) at a place.
    Schema {
        /// Where in the input.
        loc: Loc,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    #[error("{}error: {} warning(s) denied by --deny-warnings", .warnings.iter().map(|w| format!("{w}\n\n")).collect::<String>(), .warnings.len())]
    /// [`Settings::deny_warnings`](crate::Settings::deny_warnings) is on and there were
    /// warnings.
    DeniedWarnings {
        /// Every warning.
        warnings: Vec<Warning>,
    },
}

impl Error {
    /// An error at `loc` of the input.
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
pub(crate) struct Diagnostics {
    warnings: Vec<Warning>,
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
