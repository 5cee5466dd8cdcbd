//! `#[derive(Union)]`.

use proc_macro2::TokenStream;
use syn::DeriveInput;

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    Err(syn::Error::new_spanned(input, "not yet"))
}
