//! Stage 4: model → token streams, one per output file.

pub mod client;
pub mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs;

/// Doc attributes for an item's doc lines: one `#[doc]` per line, each starting with a space
/// (so it renders as `/// text`). The lines are made inert as a whole ([`docs::inert_lines`]):
/// pieces of schema text and generated sentences together never form a doctest, and control
/// characters are escaped (a bare carriage return is not allowed in a doc comment).
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = docs::inert_lines(lines)
        .into_iter()
        .map(|l| format!(" {l}"));
    quote! { #(#[doc = #lines])* }
}

/// One line (or several, split at `\n`) of documentation.
pub fn doc(text: &str) -> TokenStream {
    doc_attrs(&[text.trim_start_matches(' ').to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_a_doc_comment() {
        let tokens = doc_attrs(&["a\rb\u{0}c\td".to_string()]).to_string();
        assert!(tokens.contains(r"a\\rb\\u{0}c  d"), "{tokens}");
    }
}
