//! Stage 4: model → token streams, one per output file.

pub mod client;
pub mod types;

use proc_macro2::TokenStream;
use quote::quote;

/// The inner attribute a file of generated docs starts with. The docs are the schemas'
/// Markdown, written for a web page: `[DONE]`, a bare URL or `<b>` in a description must not be
/// a rustdoc warning in the user's crate.
pub fn schema_docs_lints() -> TokenStream {
    quote! {
        #![allow(rustdoc::broken_intra_doc_links, rustdoc::bare_urls, rustdoc::invalid_html_tags)]
    }
}

/// Doc attributes for text from a schema: one `#[doc]` per line, each starting with a space
/// (so it renders as `/// text`). Control characters are escaped: a bare carriage return is not
/// allowed in a doc comment, and the others would only garble it.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines
        .iter()
        .flat_map(|l| l.split('\n'))
        .map(|l| format!(" {}", clean(l)));
    quote! { #(#[doc = #lines])* }
}

/// One line (or several, split at `\n`) of documentation.
pub fn doc(text: &str) -> TokenStream {
    doc_attrs(&[text.trim_start_matches(' ').to_string()])
}

fn clean(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_a_doc_comment() {
        let tokens = doc_attrs(&["a\rb\u{0}c\td".to_string()]).to_string();
        assert!(tokens.contains(r"a\\rb\\u{0}c\td"), "{tokens}");
    }
}
