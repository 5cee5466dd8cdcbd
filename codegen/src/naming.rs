//! Every identifier the generator emits goes through this module.
//!
//! The output is always a valid ASCII Rust identifier: schema text (property names, titles,
//! enum values) can never produce tokens other than one identifier. Keywords become raw
//! identifiers (`r#type`) where Rust allows it, and get a trailing underscore where it does not
//! (`self_`, `Self_`).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition up to 2024 (strict, reserved and weak keywords that are reserved
/// in some position).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names a type may not take, because generated code names them unqualified and a type of that
/// name would shadow them: every item of the Rust prelude (2021 and 2024 editions: traits,
/// `Option`/`Result` and their variants, `Box`, `String`, `Vec`), the derive macros
/// (`Debug`, `Hash`, ...), serde's traits and what `types.rs` imports from the runtime. A type
/// named like one gets a `Type` suffix (`From` → `FromType`), so that derives and `impl From`
/// in the same module keep meaning the standard items.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    // The prelude.
    "AsMut",
    "AsRef",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    // Derive macros of the prelude not named above.
    "Debug",
    "Hash",
    "Self",
    // serde.
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    // The runtime, as `types.rs` names it.
    "Nullable",
    "Validate",
    "Violation",
    "Value",
    "Map",
    "BTreeMap",
    "SerializeFields",
    "DeserializeFields",
    "DeserializeUnion",
    "Extra",
];

/// A Rust identifier ready for `proc_macro2::Ident`: `raw` means it must be emitted as `r#name`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident {
    pub name: String,
    pub raw: bool,
}

impl Ident {
    pub fn to_ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        if self.raw {
            proc_macro2::Ident::new_raw(&self.name, span)
        } else {
            proc_macro2::Ident::new(&self.name, span)
        }
    }
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.raw {
            write!(f, "r#{}", self.name)
        } else {
            f.write_str(&self.name)
        }
    }
}

/// Splits arbitrary text into ASCII words: non-ASCII letters are first transliterated
/// (`größe` → `grosse`, `日本語` → `Ri Ben Yu`, by `deunicode`; Rust allows non-ASCII
/// identifiers, but they trip `non_ascii_idents`-style lints in user crates), then every run of
/// ASCII letters and digits is kept and everything else separates words.
fn ascii_words(text: &str) -> String {
    let ascii = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode_with_tofu(text, " "))
    };
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

fn keyword_safe(name: String, prefix_for_digit: &str) -> Ident {
    let name = if name.is_empty() {
        format!("{prefix_for_digit}empty")
    } else if name.as_bytes()[0].is_ascii_digit() {
        format!("{prefix_for_digit}{name}")
    } else {
        name
    };
    if NOT_RAW.contains(&name.as_str()) {
        Ident {
            name: format!("{name}_"),
            raw: false,
        }
    } else if KEYWORDS.contains(&name.as_str()) {
        Ident { name, raw: true }
    } else {
        Ident { name, raw: false }
    }
}

/// `fooBar`, `foo-bar`, `Foo Bar` → `foo_bar`; keywords become raw identifiers.
pub fn field(name: &str) -> Ident {
    keyword_safe(ascii_words(name).to_snake_case(), "f_")
}

/// Enum variant from a tag or enum value: `thread.run.step.delta` → `ThreadRunStepDelta`,
/// `gpt-3.5-turbo` → `Gpt35Turbo`, `[DONE]` → `Done`, `4096` → `V4096`.
pub fn variant(value: &str) -> Ident {
    let words = ascii_words(value);
    // Digits directly after digits across a separator stay readable: `3.5` → `35`.
    let pascal = words.to_upper_camel_case();
    keyword_safe(pascal, "V")
}

/// Text in PascalCase, as it is (no suffix for a reserved name): `gist value` → `GistValue`.
pub fn pascal(text: &str) -> String {
    ascii_words(text).to_upper_camel_case()
}

/// A type name from a title, a property name or a tag value: `Code interpreter tool` →
/// `CodeInterpreterTool`. Names that would shadow what generated code uses get a `Type` suffix.
pub fn type_name(text: &str) -> Ident {
    let pascal = ascii_words(text).to_upper_camel_case();
    let pascal = if RESERVED_TYPE_NAMES.contains(&pascal.as_str()) {
        format!("{pascal}Type")
    } else {
        pascal
    };
    keyword_safe(pascal, "T")
}

/// The words of a PascalCase name: `CreateThreadAndRunRequest` → `[Create, Thread, And, Run,
/// Request]`.
pub fn pascal_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        let starts_word = c.is_ascii_uppercase()
            || (c.is_ascii_digit()
                && words
                    .last()
                    .is_some_and(|w| !w.ends_with(|p: char| p.is_ascii_digit())));
        match words.last_mut() {
            Some(last) if !starts_word => last.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// English singular of a (snake_case) property name, for naming array items: `messages` →
/// `message`, `vector_stores` → `vector_store`, `annotations` → `annotation`, `entries` →
/// `entry`. Returns `None` when the word does not look plural.
pub fn singular(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if let Some(stem) = lower.strip_suffix("ies") {
        return Some(format!("{}y", &name[..stem.len()]));
    }
    for keep in ["sses", "shes", "ches", "xes"] {
        if lower.ends_with(keep) {
            return Some(name[..name.len() - 2].to_string());
        }
    }
    if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
    {
        return Some(name[..name.len() - 1].to_string());
    }
    None
}

/// Escapes one reference token of a JSON Pointer (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Makes names unique within one scope (fields of a struct, variants of an enum) by appending
/// `2`, `3`, ...: `foo_bar` and `fooBar` both map to `foo_bar`, the second becomes `foo_bar2`.
#[derive(Default)]
pub struct Scope {
    taken: std::collections::BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn claim(&mut self, ident: Ident) -> Ident {
        if self.taken.insert(ident.name.clone()) {
            return ident;
        }
        let base = ident.name.trim_end_matches('_').to_string();
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .map(|name| Ident { name, raw: false })
            .expect("an unbounded range always yields a free name")
    }
}

impl Scope {
    /// Claims `ident` together with the names made from it by appending each of `suffixes`
    /// (`create_run`, `create_run_stream`, ...): the first of `ident`, `ident2`, ... whose names
    /// are all free.
    pub fn claim_family(&mut self, ident: Ident, suffixes: &[&str]) -> Ident {
        let base = ident.name.trim_end_matches('_').to_string();
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let candidates = std::iter::once(ident.clone()).chain((2..).map(|n| Ident {
            name: format!("{base}{sep}{n}"),
            raw: false,
        }));
        for candidate in candidates {
            let names: Vec<String> = std::iter::once(candidate.name.clone())
                .chain(suffixes.iter().map(|s| format!("{}{s}", candidate.name)))
                .collect();
            if names.iter().all(|n| !self.taken.contains(n)) {
                self.taken.extend(names);
                return candidate;
            }
        }
        unreachable!("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_of_names_is_claimed_whole() {
        let mut scope = Scope::with_reserved(&["execute", "run_stream"]);
        let family = |scope: &mut Scope, name: &str| {
            scope
                .claim_family(field(name), &["_stream", "_all"])
                .to_string()
        };
        assert_eq!(family(&mut scope, "createRun"), "create_run");
        assert_eq!(family(&mut scope, "create_run"), "create_run2");
        assert_eq!(family(&mut scope, "createRunStream"), "create_run_stream2");
        assert_eq!(family(&mut scope, "execute"), "execute2");
        assert_eq!(family(&mut scope, "run"), "run2");
        assert_eq!(family(&mut scope, "type"), "r#type");
        assert_eq!(family(&mut scope, "type"), "type2");
        assert_eq!(family(&mut scope, "v1"), "v1");
        assert_eq!(family(&mut scope, "v1"), "v1_2");
    }

    fn f(s: &str) -> String {
        field(s).to_string()
    }
    fn v(s: &str) -> String {
        variant(s).to_string()
    }
    fn t(s: &str) -> String {
        type_name(s).to_string()
    }

    #[test]
    fn fields_are_snake_case() {
        assert_eq!(f("assistant_id"), "assistant_id");
        assert_eq!(f("fooBar"), "foo_bar");
        assert_eq!(f("FooBar"), "foo_bar");
        assert_eq!(f("foo-bar"), "foo_bar");
        assert_eq!(f("foo.bar"), "foo_bar");
        assert_eq!(f("include[]"), "include");
        assert_eq!(f("HTTPStatus"), "http_status");
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(f("type"), "r#type");
        assert_eq!(f("static"), "r#static");
        assert_eq!(f("async"), "r#async");
        assert_eq!(f("gen"), "r#gen");
        assert_eq!(f("Match"), "r#match");
        assert!(field("type").raw);
    }

    #[test]
    fn keywords_that_cannot_be_raw_get_an_underscore() {
        assert_eq!(f("self"), "self_");
        assert_eq!(f("super"), "super_");
        assert_eq!(f("crate"), "crate_");
        assert_eq!(t("Self"), "SelfType");
        assert_eq!(t("self"), "SelfType");
        assert_eq!(v("self"), "SelfType".replace("Type", "_"));
    }

    #[test]
    fn leading_digits_and_empty_names_get_a_prefix() {
        assert_eq!(f("1st"), "f_1st");
        assert_eq!(f(""), "f_empty");
        assert_eq!(f("!!!"), "f_empty");
        assert_eq!(v("4096"), "V4096");
        assert_eq!(v(""), "Vempty");
        assert_eq!(t("3d model"), "T3dModel");
    }

    #[test]
    fn punctuation_and_non_ascii_never_reach_an_identifier() {
        assert_eq!(f("naïve"), "naive");
        assert_eq!(f("größe"), "grosse");
        assert_eq!(f("ünïcödé ops!"), "unicode_ops");
        assert_eq!(t("日本語"), "RiBenYu");
        assert_eq!(v("Ελληνικά"), "Ellenika");
        assert_eq!(f("\u{10FFFF}"), "f_empty");
        assert_eq!(t("*/ fn evil() {} /*"), "FnEvil");
        assert_eq!(f("a\"b\\c\nd"), "a_b_c_d");
        for text in ["日本語", "🚀", "\u{0}", "\"", "'", "r#type"] {
            let ident = field(text);
            syn::parse_str::<syn::Ident>(&ident.to_string()).expect("valid identifier");
        }
    }

    #[test]
    fn variants_from_tag_and_enum_values() {
        assert_eq!(v("thread.run.step.delta"), "ThreadRunStepDelta");
        assert_eq!(v("code_interpreter"), "CodeInterpreter");
        assert_eq!(v("gpt-4o"), "Gpt4o");
        assert_eq!(v("gpt-3.5-turbo-16k-0613"), "Gpt35Turbo16k0613");
        assert_eq!(v("gpt-4o-2024-05-13"), "Gpt4o20240513");
        assert_eq!(v("[DONE]"), "Done");
        assert_eq!(v("in_progress"), "InProgress");
        assert_eq!(v("none"), "None");
    }

    #[test]
    fn type_names_from_titles() {
        assert_eq!(t("Code interpreter tool"), "CodeInterpreterTool");
        assert_eq!(t("FileSearch tool"), "FileSearchTool");
        assert_eq!(t("Thread Truncation Controls"), "ThreadTruncationControls");
        assert_eq!(t("image_url"), "ImageUrl");
        assert_eq!(t("Option"), "OptionType");
        assert_eq!(t("Value"), "ValueType");
    }

    #[test]
    fn pascal_words_split_on_capitals_and_digits() {
        assert_eq!(
            pascal_words("CreateThreadAndRunRequest"),
            ["Create", "Thread", "And", "Run", "Request"]
        );
        assert_eq!(pascal_words("Gpt4o"), ["Gpt", "4o"]);
        assert_eq!(pascal_words("ImageUrl"), ["Image", "Url"]);
    }

    #[test]
    fn singular_of_property_names() {
        assert_eq!(singular("messages").as_deref(), Some("message"));
        assert_eq!(singular("vector_stores").as_deref(), Some("vector_store"));
        assert_eq!(singular("entries").as_deref(), Some("entry"));
        assert_eq!(singular("matches").as_deref(), Some("match"));
        assert_eq!(singular("content"), None);
        assert_eq!(singular("status"), None);
        assert_eq!(singular("analysis"), None);
        assert_eq!(singular("class"), None);
    }

    #[test]
    fn names_colliding_after_case_conversion_are_made_unique() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(field("foo_bar")).to_string(), "foo_bar");
        assert_eq!(scope.claim(field("fooBar")).to_string(), "foo_bar2");
        assert_eq!(scope.claim(field("FooBar")).to_string(), "foo_bar3");
        assert_eq!(scope.claim(field("v1")).to_string(), "v1");
        assert_eq!(scope.claim(field("V1")).to_string(), "v1_2");
    }

    #[test]
    fn reserved_scope_names_are_avoided() {
        let mut scope = Scope::with_reserved(&["extra"]);
        assert_eq!(scope.claim(field("extra")).to_string(), "extra2");
        let mut scope = Scope::default();
        assert_eq!(scope.claim(field("type")).to_string(), "r#type");
        assert_eq!(scope.claim(field("Type")).to_string(), "type2");
    }

    #[test]
    fn json_pointer_tokens_are_escaped() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
    }
}
