//! The derives of the types `cargo xtask generate` writes. Generated code states the facts of a
//! type (its definition, and `#[api(...)]` attributes for JSON keys, constraints, tags); these
//! derives write the mechanism: serde impls that decode in one pass, builders, `validate()`.
//!
//! Use them through `openapi_runtime` (`#[derive(openapi_runtime::Object)]`), whose paths the
//! expansions name. Attribute text only ever becomes string literals or doc text, never code.

use proc_macro::TokenStream;

mod checks;
mod object;
mod string_enum;
mod union;

/// A JSON object: `Serialize`, `Deserialize` (one pass, unknown keys into the `extra` field),
/// `SerializeFields`/`DeserializeFields` (for tagged unions), `Validate`, and with
/// `#[api(builder)]` a `new(required...)` constructor plus one chained setter per field.
///
/// A field is required unless its type is `Option<_>` or `Nullable<_>`; `#[api(required)]` on
/// an `Option` field makes it a required field that may be `null`. The field named `extra`
/// keeps undeclared properties; without it they are an error. Field attributes:
/// `rename = "key"`, `required`, `constant = "value"`, and the constraints (`minimum`,
/// `maximum`, `exclusive_minimum`, `exclusive_maximum`, `multiple_of`, `min_length`,
/// `max_length`, `pattern`, `min_items`, `max_items`, `unique_items`, `min_properties`,
/// `max_properties`, `key_max_length`, `items(...)` for the items of an array or map, and
/// `elements(element(...), element, ...)` for the elements of a tuple, in order).
/// Type attributes: `builder`, `exactly_one_of("a", "b", ...)`,
/// `any_of_required(["a", "b"], ["c"], ...)` (one of the sets of keys must all be present).
#[proc_macro_derive(Object, attributes(api))]
pub fn derive_object(input: TokenStream) -> TokenStream {
    expand(input, object::expand)
}

/// An open string enum: unit variants for the values listed in `#[api(values(...))]` (in
/// order) and `Other(String)`. `#[api(open)]`: any other value is valid; else `validate()`
/// reports one.
#[proc_macro_derive(StringEnum, attributes(api))]
pub fn derive_string_enum(input: TokenStream) -> TokenStream {
    expand(input, string_enum::expand)
}

/// A union: unit variants for string values, tuple variants for tagged payloads (internally
/// tagged, or adjacently as in `{"event": ..., "data": ...}`) and untagged ones, `Other(String)`
/// for an unknown string value, `Unknown(Value)` or `Unknown { tag, content }` for an unknown
/// tag. Type attributes: `tag = "key"`, `content = "key"` (adjacently tagged), `tags(...)`
/// (the tag values of the tagged variants, in order), `values(...)` (the strings of the unit
/// variants, in order). Variant attributes: `untagged` (no tag in a tagged union) and the
/// constraints of the payload. Writes `Serialize`, a one-pass `Deserialize`, `From` for
/// payloads of their own type, `Validate`, and `from_parts` for adjacently tagged unions.
#[proc_macro_derive(Union, attributes(api))]
pub fn derive_union(input: TokenStream) -> TokenStream {
    expand(input, union::expand)
}

fn expand(
    input: TokenStream,
    f: fn(&syn::DeriveInput) -> syn::Result<proc_macro2::TokenStream>,
) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    f(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Doc text made from a name in the input: one line, no backticks (it sits in a code span),
/// control characters escaped, so that it is inert whatever the name holds.
pub(crate) fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '`' => out.push('\''),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// A string literal holding `text`, whatever it holds.
pub(crate) fn lit(text: &str) -> proc_macro2::Literal {
    proc_macro2::Literal::string(text)
}

/// `a`, `a2`, `a3`, ...: the first of these names free in `taken` (the generator's rule for
/// names that collide).
pub(crate) fn claim(taken: &mut std::collections::HashSet<String>, name: &str) -> String {
    if taken.insert(name.to_string()) {
        return name.to_string();
    }
    let base = name.trim_end_matches('_');
    let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    (2..)
        .map(|n| format!("{base}{sep}{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .expect("an unbounded range always yields a free name")
}
