//! `#[derive(StringEnum)]`: a string enum's `as_str`, conversions, `Display`, serde and
//! `validate()`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::lit;

/// The `values("a", "b", ...)` of a type's `#[api(...)]`, and whether it has `open`.
pub fn values_attr(input: &DeriveInput, what: &str) -> syn::Result<(Vec<String>, bool)> {
    let mut values = Vec::new();
    let mut open = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("api")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("values") {
                let content;
                syn::parenthesized!(content in meta.input);
                let list = content
                    .parse_terminated(<LitStr as syn::parse::Parse>::parse, syn::Token![,])?;
                values.extend(list.iter().map(LitStr::value));
            } else if meta.path.is_ident("open") {
                open = true;
            } else {
                return Err(meta.error(format!("unknown `api` attribute of {what}")));
            }
            Ok(())
        })?;
    }
    Ok((values, open))
}

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "`StringEnum` is for enums"));
    };
    let (values, open) = values_attr(input, "a string enum")?;
    let idents: Vec<_> = data
        .variants
        .iter()
        .filter(|v| matches!(v.fields, Fields::Unit))
        .map(|v| &v.ident)
        .collect();
    if idents.len() != values.len() {
        return Err(syn::Error::new_spanned(
            input,
            "`values(...)` needs one value per unit variant",
        ));
    }
    let name = &input.ident;
    let values: Vec<_> = values.iter().map(|v| lit(v)).collect();
    let codec = quote!(::openapi_runtime::codec);
    let serde = quote!(#codec::serde);
    let check = (!open).then(|| {
        quote! {
            if let Self::Other(value) = self {
                ::openapi_runtime::validate::check::known_value(value, &[#(#values),*], path, out);
            }
        }
    });
    Ok(quote! {
        impl #name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Other(value) => value,
                }
            }
        }
        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Other(::std::string::ToString::to_string(other)),
                }
            }
        }
        impl ::core::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#values => Self::#idents,)*
                    _ => Self::Other(value),
                }
            }
        }
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #codec::string_enum(deserializer)
            }
        }
        impl ::openapi_runtime::Validate for #name {
            fn validate_at(&self, path: &::openapi_runtime::validate::Path<'_>, out: &mut ::std::vec::Vec<::openapi_runtime::Violation>) {
                let _ = (path, &out);
                #check
            }
        }
        /// Left out where it is required: no value, `Other("")`.
        impl #codec::Zero for #name {
            fn zero() -> ::core::option::Option<Self> {
                ::core::option::Option::Some(Self::Other(::std::string::String::new()))
            }
        }
    })
}
