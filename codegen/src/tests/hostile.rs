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
        // Item-level structure is exactly what the generator emits: no item came from the text.
        for item in file.unwrap().items {
            let allowed = match &item {
                syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Impl(_) | syn::Item::Use(_) => true,
                // `codec::serde_struct!(Name)`: the one macro the generator emits, on one identifier.
                syn::Item::Macro(m) => {
                    m.mac.path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>() == ["codec", "serde_struct"]
                        && syn::parse2::<syn::Ident>(m.mac.tokens.clone()).is_ok()
                }
                _ => false,
            };
            prop_assert!(allowed, "unexpected item in generated code");
        }
    }
}
