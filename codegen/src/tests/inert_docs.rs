//! Property test, end to end: whatever Markdown a schema's descriptions, titles, property names
//! and enum values hold, no item of the generated code has a doc comment in which rustdoc would
//! find a doctest to run. The doc comments are read back from the generated file as rustdoc
//! reads them (an item's lines joined, the indentation they share removed).
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

/// Markdown-ish text: fences, indentation, container markers, info strings, line breaks.
fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "```",
        "~~~",
        "````",
        "`",
        "~",
        " ",
        "   ",
        "    ",
        "\t",
        "\n",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "> ",
        "- ",
        "1. ",
        "* ",
        "[^1]: ",
        "rust",
        "should_panic",
        ",ignore",
        "{.rust}",
        "fn main() {}",
        "x",
        "\\",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

/// The text of each doc comment in the file, as rustdoc reads it.
fn doc_texts(file: &syn::File) -> Vec<String> {
    fn text(attrs: &[syn::Attribute]) -> String {
        let lines: Vec<String> = attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            })
            .flat_map(|s| s.split('\n').map(str::to_string).collect::<Vec<_>>())
            .collect();
        let indent = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0);
        lines
            .iter()
            .map(|l| l.get(indent..).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n")
    }
    let mut texts = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                texts.push(text(&s.attrs));
                texts.extend(s.fields.iter().map(|f| text(&f.attrs)));
            }
            syn::Item::Enum(e) => {
                texts.push(text(&e.attrs));
                texts.extend(e.variants.iter().map(|v| text(&v.attrs)));
            }
            syn::Item::Type(t) => texts.push(text(&t.attrs)),
            syn::Item::Impl(i) => texts.extend(i.items.iter().filter_map(|item| match item {
                syn::ImplItem::Fn(f) => Some(text(&f.attrs)),
                _ => None,
            })),
            _ => {}
        }
    }
    texts
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_schema_text_becomes_a_runnable_doctest(
        title in markdownish(),
        description in markdownish(),
        field_description in markdownish(),
        name in markdownish(),
        value in markdownish(),
        summary in markdownish(),
    ) {
        let document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/items/{id}": {"post": {
                "operationId": "make",
                "summary": summary,
                "description": description,
                "parameters": [{"name": "id", "in": "path", "required": true, "description": field_description, "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Alias"}}}}}
            }}},
            "components": {"schemas": {
                "Thing": {"type": "object", "title": title, "description": description, "properties": {
                    name.clone(): {"type": "string", "description": field_description, "default": value},
                    "kind": {"type": "string", "enum": ["a", value], "description": description},
                    "either": {"oneOf": [{"type": "string", "description": field_description}, {"type": "integer", "title": title}]}
                }},
                "Alias": {"type": "array", "items": {"type": "string"}, "description": description}
            }}
        });
        let mut inputs = Inputs::default();
        inputs.add("openapi.json", document.to_string());
        let output = crate::generate(&Settings::new().entry("openapi.json"), &inputs)
            .expect("any well-formed document generates");
        for (path, code) in &output.files {
            let file = syn::parse_file(code).expect("generated code parses");
            for text in doc_texts(&file) {
                prop_assert_eq!(crate::docs::runnable_code_blocks(&text), 0, "{}: {:?}", path, text);
            }
        }
    }
}
