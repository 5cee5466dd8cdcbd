//! Property tests: whatever text a schema holds (property names, titles, descriptions, enum
//! values), the generated code parses as Rust, every identifier is a valid one, and the text can
//! only ever appear inside doc comments or string literals.
//!
//! `PROPTEST_CASES` raises the number of cases (default 64 here, to keep CI fast).

use crate::{Inputs, Settings};
use proptest::prelude::*;
use serde_json::json;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Text that tries hard to break out: comment ends, quotes, backslashes, newlines, code,
/// non-ASCII letters, control characters.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "*/",
        "/*",
        "\"",
        "\\",
        "\n",
        "\r",
        "```",
        "```rust",
        "fn x() {}",
        "#[doc = \"",
        "}",
        "{",
        "'",
        "r#",
        "é",
        "日本",
        "\u{0}",
        "\t",
        " ",
        "a",
        "_",
        "1",
        "-",
        ".",
        "type",
        "self",
        "Self",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|p| p.concat())
}

fn generate(schema: serde_json::Value) -> String {
    let mut inputs = Inputs::default();
    inputs.add("schema.json", schema.to_string());
    let output = crate::generate(&Settings::new().entry("schema.json"), &inputs)
        .expect("any well-formed schema generates");
    output.files["src/generated/types.rs"].clone()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_becomes_a_valid_identifier(text in hostile_text()) {
        for ident in [crate::naming::field(&text), crate::naming::variant(&text), crate::naming::type_name(&text)] {
            prop_assert!(syn::parse_str::<syn::Ident>(&ident.to_string()).is_ok(), "{ident}");
            prop_assert!(ident.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{ident}");
        }
    }

    #[test]
    fn schema_text_never_escapes_docs_and_strings(
        title in hostile_text(),
        description in hostile_text(),
        names in prop::collection::vec(hostile_text(), 1..6),
        values in prop::collection::vec(hostile_text(), 2..6),
    ) {
        let mut properties = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            properties.insert(name.clone(), json!({"type": if i % 2 == 0 { "string" } else { "integer" }, "description": description}));
        }
        properties.insert("choice".into(), json!({"type": "string", "enum": values, "description": description}));
        let code = generate(json!({"title": title, "description": description, "type": "object", "properties": properties}));
        let file = syn::parse_file(&code);
        prop_assert!(file.is_ok(), "generated code does not parse:\n{code}");
        // Item-level structure is exactly what the generator emits: no item came from the text,
        // and the facts for the runtime's derives are known keys and literals only.
        for item in file.unwrap().items {
            let allowed = match &item {
                syn::Item::Struct(s) => {
                    facts_are_literals(&s.attrs) && s.fields.iter().all(|f| facts_are_literals(&f.attrs))
                }
                syn::Item::Enum(e) => {
                    facts_are_literals(&e.attrs) && e.variants.iter().all(|v| facts_are_literals(&v.attrs))
                }
                syn::Item::Impl(_) | syn::Item::Use(_) => true,
                _ => false,
            };
            prop_assert!(allowed, "unexpected item in generated code");
        }
    }
}

/// Whether every `#[api(...)]` among `attrs` holds only the derives' keys, string and number
/// literals, `=`, `,`, `-`, parentheses and brackets: schema text reaches them as literals, never as
/// tokens of its own.
fn facts_are_literals(attrs: &[syn::Attribute]) -> bool {
    use proc_macro2::{Delimiter, TokenStream, TokenTree};
    const KEYS: &[&str] = &[
        "builder",
        "exactly_one_of",
        "any_of_required",
        "rename",
        "required",
        "constant",
        "pattern",
        "minimum",
        "maximum",
        "exclusive_minimum",
        "exclusive_maximum",
        "multiple_of",
        "min_length",
        "max_length",
        "min_items",
        "max_items",
        "unique_items",
        "min_properties",
        "max_properties",
        "key_max_length",
        "items",
        "elements",
        "element",
        "open",
        "values",
        "tag",
        "content",
        "tags",
        "untagged",
    ];
    fn inert(tokens: TokenStream) -> bool {
        tokens.into_iter().all(|t| match t {
            TokenTree::Ident(i) => KEYS.contains(&i.to_string().as_str()),
            TokenTree::Literal(_) => true,
            TokenTree::Punct(p) => matches!(p.as_char(), '=' | ',' | '-'),
            TokenTree::Group(g) => {
                matches!(g.delimiter(), Delimiter::Parenthesis | Delimiter::Bracket)
                    && inert(g.stream())
            }
        })
    }
    attrs
        .iter()
        .filter(|a| a.path().is_ident("api"))
        .all(|a| match &a.meta {
            syn::Meta::List(list) => inert(list.tokens.clone()),
            _ => false,
        })
}
