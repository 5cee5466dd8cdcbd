//! `#[derive(Union)]`: a union's serde impls (one pass), `From` impls and `validate()`.
//!
//! Type attributes: `tag = "key"` (variants told apart by this property), `content = "key"`
//! (adjacently tagged: the payload sits under this property, as in `{"event","data"}`),
//! `tags("a", "b", ...)` (the tag values of the tuple variants, in order), `values(...)` (the
//! strings of the unit variants, in order). `Other(String)` keeps an unknown string value,
//! `Unknown(Value)` (or `Unknown { tag, content }`) an unknown tag. Variant attributes:
//! `untagged` (a variant of a tagged union without tag) and the constraints of its payload.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr, Type};

use crate::checks::{self, Checks, Kind};
use crate::lit;

enum VariantKind<'a> {
    Value(String),
    Tagged { tag: String, payload: &'a Type },
    Untagged(&'a Type),
}

struct Variant<'a> {
    ident: &'a Ident,
    kind: VariantKind<'a>,
    checks: Checks,
}

struct Union<'a> {
    name: &'a Ident,
    tag: Option<String>,
    content: Option<String>,
    variants: Vec<Variant<'a>>,
    other: bool,
    /// The field names of `Unknown { tag, content }`, or `None` for `Unknown(Value)`.
    unknown: Option<Option<(&'a Ident, &'a Ident)>>,
}

fn list(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<Vec<String>> {
    let content;
    syn::parenthesized!(content in meta.input);
    let list = content.parse_terminated(<LitStr as syn::parse::Parse>::parse, syn::Token![,])?;
    Ok(list.iter().map(LitStr::value).collect())
}

fn parse(input: &DeriveInput) -> syn::Result<Union<'_>> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "`Union` is for enums"));
    };
    let (mut tag, mut content, mut values, mut tags) = (None, None, Vec::new(), Vec::new());
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("api")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("tag") {
                tag = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("content") {
                content = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("values") {
                values = list(&meta)?;
            } else if meta.path.is_ident("tags") {
                tags = list(&meta)?;
            } else {
                return Err(meta.error("unknown `api` attribute of a union"));
            }
            Ok(())
        })?;
    }
    let (mut values, mut tags) = (values.into_iter(), tags.into_iter());
    let mut union = Union {
        name: &input.ident,
        tag,
        content,
        variants: Vec::new(),
        other: false,
        unknown: None,
    };
    for v in &data.variants {
        let mut untagged = false;
        let mut checks = Checks::default();
        for attr in v.attrs.iter().filter(|a| a.path().is_ident("api")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("untagged") {
                    untagged = true;
                } else if !checks.parse(&meta)? {
                    return Err(meta.error("unknown `api` attribute of a variant"));
                }
                Ok(())
            })?;
        }
        let kind = match (&v.fields, v.ident.to_string().as_str()) {
            (Fields::Unnamed(_), "Other") => {
                union.other = true;
                continue;
            }
            (Fields::Unnamed(_), "Unknown") => {
                union.unknown = Some(None);
                continue;
            }
            (Fields::Named(f), "Unknown") => {
                let mut names = f.named.iter().filter_map(|f| f.ident.as_ref());
                let (Some(tag), Some(content)) = (names.next(), names.next()) else {
                    return Err(syn::Error::new_spanned(v, "`Unknown { tag, content }`"));
                };
                union.unknown = Some(Some((tag, content)));
                continue;
            }
            (Fields::Unit, _) => VariantKind::Value(values.next().ok_or_else(|| {
                syn::Error::new_spanned(v, "`values(...)` needs one value per unit variant")
            })?),
            (Fields::Unnamed(f), _) if f.unnamed.len() == 1 => {
                let payload = &f.unnamed[0].ty;
                if union.tag.is_some() && !untagged {
                    let tag = tags.next().ok_or_else(|| {
                        syn::Error::new_spanned(v, "`tags(...)` needs one tag per tagged variant")
                    })?;
                    VariantKind::Tagged { tag, payload }
                } else {
                    VariantKind::Untagged(payload)
                }
            }
            _ => return Err(syn::Error::new_spanned(v, "unsupported union variant")),
        };
        union.variants.push(Variant {
            ident: &v.ident,
            kind,
            checks,
        });
    }
    Ok(union)
}

/// The JSON type a payload reads from.
fn json_type(ty: &Type) -> &'static str {
    match checks::kind(ty) {
        Kind::String => "string",
        Kind::Integer | Kind::Number => "number",
        Kind::Bool => "boolean",
        Kind::Array(_) | Kind::Tuple(_) => "array",
        Kind::Named | Kind::Map(_) | Kind::Object => "object",
        Kind::Any | Kind::Other => "value",
    }
}

fn type_key(ty: &Type) -> String {
    quote!(#ty).to_string()
}

impl<'a> Union<'a> {
    fn payloads(&self) -> impl Iterator<Item = &'a Type> + '_ {
        self.variants.iter().filter_map(|v| match v.kind {
            VariantKind::Tagged { payload, .. } | VariantKind::Untagged(payload) => Some(payload),
            VariantKind::Value(_) => None,
        })
    }

    /// Whether no other variant has a payload of `ty`'s type.
    fn unique(&self, ty: &Type) -> bool {
        self.payloads()
            .filter(|p| type_key(p) == type_key(ty))
            .count()
            == 1
    }

    /// The untagged variants whose payloads read the same JSON type as `payload`, in order.
    fn untagged_of_json_type(&self, payload: &Type) -> Vec<&Variant<'a>> {
        self.variants
            .iter()
            .filter(|v| matches!(v.kind, VariantKind::Untagged(t) if json_type(t) == json_type(payload)))
            .collect()
    }

    fn first_of_its_json_type(&self, v: &Variant<'a>) -> bool {
        let VariantKind::Untagged(payload) = v.kind else {
            return false;
        };
        self.untagged_of_json_type(payload)
            .first()
            .is_some_and(|first| std::ptr::eq(*first, v))
    }

    fn tagged(&self) -> impl Iterator<Item = (&'a Ident, &str, &'a Type)> + '_ {
        self.variants.iter().filter_map(|v| match &v.kind {
            VariantKind::Tagged { tag, payload } => Some((v.ident, tag.as_str(), *payload)),
            _ => None,
        })
    }

    fn values(&self) -> impl Iterator<Item = (&'a Ident, &str)> + '_ {
        self.variants.iter().filter_map(|v| match &v.kind {
            VariantKind::Value(value) => Some((v.ident, value.as_str())),
            _ => None,
        })
    }
}

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let u = parse(input)?;
    let name = u.name;
    let codec = quote!(::openapi_runtime::codec);
    let serde = quote!(#codec::serde);
    let serialize = serialize(&u);
    let deserialize = if u.content.is_some() {
        adjacent(&u)
    } else {
        one_pass(&u)
    };
    let froms = from_impls(&u);
    let accessors = sole_variant_accessors(&u);
    let validate = validate(&u);
    let zero = zero(&u);
    Ok(quote! {
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                #serialize
            }
        }
        #deserialize
        #froms
        #accessors
        #validate
        #zero
    })
}

/// The union's `Zero` (the value of a required field left out): an unknown value if the union
/// keeps one, else its first string value, else the first variant whose payload has a zero.
fn zero(u: &Union<'_>) -> TokenStream {
    let name = u.name;
    let codec = quote!(::openapi_runtime::codec);
    let json = quote!(#codec::serde_json);
    let value = match u.unknown {
        Some(None) => Some(quote!(Self::Unknown(#json::Value::Null))),
        Some(Some((tag, content))) => Some(
            quote!(Self::Unknown { #tag: ::std::string::String::new(), #content: #json::Value::Null }),
        ),
        None if u.other => Some(quote!(Self::Other(::std::string::String::new()))),
        None => u.variants.iter().find_map(|v| match v.kind {
            VariantKind::Value(_) => {
                let ident = v.ident;
                Some(quote!(Self::#ident))
            }
            _ => None,
        }),
    };
    let body = match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => {
            let tries = u.variants.iter().filter_map(|v| match v.kind {
                VariantKind::Tagged { payload, .. } | VariantKind::Untagged(payload) => {
                    let ident = v.ident;
                    Some(quote!(<#payload as #codec::Zero>::zero().map(Self::#ident)))
                }
                VariantKind::Value(_) => None,
            });
            quote!(#codec::nested_zero(|| ::core::option::Option::None #(.or_else(|| #tries))*))
        }
    };
    quote! {
        impl #codec::Zero for #name {
            fn zero() -> ::core::option::Option<Self> {
                #body
            }
        }
    }
}

/// For a union of one tagged variant and `Unknown` (an object with a one-value `type`):
/// `as_<variant>()`, `as_<variant>_mut()` and `into_<variant>()`, the payload or `None` for a tag
/// this version does not know, so that reading it stays one call.
fn sole_variant_accessors(u: &Union<'_>) -> Option<TokenStream> {
    let [Variant {
        ident,
        kind: VariantKind::Tagged { tag, payload },
        ..
    }] = &u.variants[..]
    else {
        return None;
    };
    if u.content.is_some() || u.other || !matches!(u.unknown, Some(None)) {
        return None;
    }
    let name = u.name;
    let snake = snake_case(&syn::ext::IdentExt::unraw(*ident).to_string());
    let (as_ref, as_mut, into) = (
        quote::format_ident!("as_{}", snake),
        quote::format_ident!("as_{}_mut", snake),
        quote::format_ident!("into_{}", snake),
    );
    let tag = crate::inert(tag);
    let doc = format!(" The payload of a `{tag}`; `None` for a tag this version does not know.");
    Some(quote! {
        impl #name {
            #[doc = #doc]
            pub fn #as_ref(&self) -> ::core::option::Option<&#payload> {
                match self { Self::#ident(value) => Some(value), _ => None }
            }
            #[doc = #doc]
            pub fn #as_mut(&mut self) -> ::core::option::Option<&mut #payload> {
                match self { Self::#ident(value) => Some(value), _ => None }
            }
            #[doc = #doc]
            pub fn #into(self) -> ::core::option::Option<#payload> {
                match self { Self::#ident(value) => Some(value), _ => None }
            }
        }
    })
}

/// `SubmitToolOutputs` → `submit_tool_outputs`, `Gpt4Turbo` → `gpt4_turbo`, `HTTPError` →
/// `http_error`.
fn snake_case(pascal: &str) -> String {
    let chars: Vec<char> = pascal.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn serialize(u: &Union<'_>) -> TokenStream {
    let codec = quote!(::openapi_runtime::codec);
    let serde = quote!(#codec::serde);
    let tag = lit(u.tag.as_deref().unwrap_or_default());
    let mut arms = Vec::new();
    for v in &u.variants {
        let ident = v.ident;
        arms.push(match &v.kind {
            VariantKind::Value(value) => {
                let value = lit(value);
                quote!(Self::#ident => serializer.serialize_str(#value),)
            }
            VariantKind::Tagged { tag: tag_value, .. } => {
                let tag_value = lit(tag_value);
                match &u.content {
                    Some(content) => {
                        let content = lit(content);
                        quote!(Self::#ident(value) => #codec::serialize_adjacent(serializer, #tag, #tag_value, #content, value),)
                    }
                    None => {
                        quote!(Self::#ident(value) => #codec::serialize_tagged(serializer, #tag, #tag_value, value),)
                    }
                }
            }
            VariantKind::Untagged(_) => {
                quote!(Self::#ident(value) => #serde::Serialize::serialize(value, serializer),)
            }
        });
    }
    if u.other {
        arms.push(quote!(Self::Other(value) => serializer.serialize_str(value),));
    }
    match (&u.unknown, &u.content) {
        (Some(Some((tag_field, content_field))), Some(content)) => {
            let content = lit(content);
            arms.push(quote!(Self::Unknown { #tag_field, #content_field } => #codec::serialize_adjacent(serializer, #tag, #tag_field, #content, #content_field),));
        }
        (Some(_), _) => arms
            .push(quote!(Self::Unknown(value) => #serde::Serialize::serialize(value, serializer),)),
        (None, _) => {}
    }
    quote!(match self { #(#arms)* })
}

/// How a JSON `value` of `payload`'s JSON type becomes the union: the variant's payload, or,
/// when several variants read that JSON type, the first that decodes it exactly (all its
/// required fields present), else the first that decodes it leniently.
fn untagged_convert(u: &Union<'_>, payload: &Type) -> TokenStream {
    let codec = quote!(::openapi_runtime::codec);
    let type_name = u.name.to_string();
    let group = u.untagged_of_json_type(payload);
    if let [v] = group.as_slice() {
        let ident = v.ident;
        let what = lit(&format!("{ident} variant of {type_name}"));
        return quote!(#codec::serde_json::from_value(value).map(Self::#ident).map_err(|e| #codec::invalid(#what, e)));
    }
    let names: Vec<String> = group.iter().map(|v| v.ident.to_string()).collect();
    let last = group.last().expect("a group of several variants").ident;
    let what = lit(&format!(
        "{last} variant of {type_name} (tried last of {})",
        names.join(", ")
    ));
    let attempts = group.iter().map(|v| {
        let ident = v.ident;
        let payload = match &v.kind {
            VariantKind::Untagged(payload) | VariantKind::Tagged { payload, .. } => *payload,
            VariantKind::Value(_) => unreachable!("a group holds variants with payloads"),
        };
        quote!(|value| <#payload as #codec::serde::Deserialize>::deserialize(value).map(Self::#ident))
    });
    quote! {
        #codec::first_that_decodes(&value, &[#(#attempts),*]).map_err(|e| #codec::invalid(#what, e))
    }
}

/// Every union but the adjacently tagged ones decodes in one pass through
/// `codec::DeserializeUnion`: strings are matched borrowed, known tags go straight to their
/// payload type, an untagged union's object straight to its object variant. Only the rest
/// (unknown tags, arrays, numbers...) is read as a `serde_json::Value`.
fn one_pass(u: &Union<'_>) -> TokenStream {
    let name = u.name;
    let type_name = lit(&name.to_string());
    let codec = quote!(::openapi_runtime::codec);
    let serde = quote!(#codec::serde);
    let value_ty = quote!(#codec::serde_json::Value);
    let tag = u.tag.as_deref().filter(|_| u.tagged().next().is_some());
    let (mut strings, mut untagged_string) = (Vec::new(), None);
    let mut object_variant = None;
    let mut other_arms = Vec::new();
    let mut catch_all = None;
    for v in &u.variants {
        let ident = v.ident;
        match &v.kind {
            VariantKind::Value(value) => {
                let value = lit(value);
                strings.push(quote!(#value => Self::#ident,));
            }
            VariantKind::Tagged { .. } => {}
            VariantKind::Untagged(payload) if u.first_of_its_json_type(v) => {
                let what = lit(&format!("{ident} variant of {name}"));
                let convert = untagged_convert(u, payload);
                let alone = u.untagged_of_json_type(payload).len() == 1;
                match checks::kind(payload) {
                    Kind::String => untagged_string = Some(ident),
                    Kind::Named | Kind::Map(_) | Kind::Object => {
                        object_variant = Some((ident, what, convert, alone))
                    }
                    Kind::Array(_) | Kind::Tuple(_) => {
                        other_arms.push(quote!(value @ #value_ty::Array(_) => #convert,))
                    }
                    Kind::Integer | Kind::Number => {
                        other_arms.push(quote!(value @ #value_ty::Number(_) => #convert,))
                    }
                    Kind::Bool => other_arms.push(quote!(value @ #value_ty::Bool(_) => #convert,)),
                    // Any value: the last arm, in place of the fallback it would make
                    // unreachable.
                    Kind::Any | Kind::Other => catch_all = Some(convert),
                }
            }
            VariantKind::Untagged(_) => {}
        }
    }
    let tagged_fns = tag.map(|tag| {
        let tag = lit(tag);
        let (idents, tags): (Vec<_>, Vec<_>) = u.tagged().map(|(i, t, _)| (i, lit(t))).unzip();
        quote! {
            const TAG: Option<&'static str> = Some(#tag);
            fn is_known(tag: &str) -> bool {
                matches!(tag, #(#tags)|*)
            }
            fn variant<'de, D: #serde::Deserializer<'de>>(tag: &str, rest: D) -> ::core::result::Result<Self, D::Error> {
                match tag {
                    #(#tags => #serde::Deserialize::deserialize(rest).map(Self::#idents),)*
                    _ => Err(#codec::unknown_tag(tag)),
                }
            }
        }
    });
    let string_fn = (!strings.is_empty() || untagged_string.is_some()).then(|| {
        let fallback = match &untagged_string {
            Some(text) => quote!(Self::#text(::std::string::ToString::to_string(value))),
            None => quote!(Self::Other(::std::string::ToString::to_string(value))),
        };
        let body = if strings.is_empty() {
            fallback
        } else {
            quote!(match value { #(#strings)* _ => #fallback, })
        };
        quote! {
            fn string(value: &str) -> Option<Self> {
                Some(#body)
            }
        }
    });
    // Without tags, an object is the object variant's, read straight from the input. With
    // tags, an object without one is buffered (its tag could have come last).
    let mut object_fn = None;
    if let Some((ident, what, convert, alone)) = object_variant {
        match tag {
            None if !alone => {
                other_arms.insert(0, quote!(value @ #value_ty::Object(_) => #convert,))
            }
            None => {
                object_fn = Some(quote! {
                    fn object<'de, A: #serde::de::MapAccess<'de>>(map: A) -> ::core::result::Result<Self, A::Error> {
                        #serde::Deserialize::deserialize(#serde::de::value::MapAccessDeserializer::new(map))
                            .map(Self::#ident)
                            .map_err(|e| #codec::invalid(#what, e))
                    }
                });
            }
            Some(tag) => {
                let tag = lit(tag);
                other_arms.insert(
                    0,
                    quote!(value @ #value_ty::Object(_) if value.get(#tag).is_none() => #convert,),
                )
            }
        }
    }
    let fallback = if let Some(convert) = catch_all {
        convert
    } else if tag.is_some() {
        quote!(Ok(Self::Unknown(value)))
    } else {
        quote!(Err(#codec::unexpected(#type_name, &value)))
    };
    let other = if other_arms.is_empty() {
        fallback
    } else {
        quote!(match value { #(#other_arms)* value => #fallback, })
    };
    quote! {
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #codec::deserialize_union(deserializer)
            }
        }
        impl #codec::DeserializeUnion for #name {
            const NAME: &'static str = #type_name;
            #tagged_fns
            #string_fn
            #object_fn
            fn other(value: #value_ty) -> ::core::result::Result<Self, #codec::serde_json::Error> {
                #other
            }
        }
    }
}

/// An adjacently tagged union (`{"event": ..., "data": ...}`): decoded in one pass by
/// `codec::deserialize_adjacent` (the content straight into the variant's type when the tag
/// comes first), and `from_parts` for the two parts of a server-sent event.
fn adjacent(u: &Union<'_>) -> TokenStream {
    let name = u.name;
    let type_name = lit(&name.to_string());
    let codec = quote!(::openapi_runtime::codec);
    let serde = quote!(#codec::serde);
    let json = quote!(#codec::serde_json);
    let tag_key = u.tag.as_deref().unwrap_or_default();
    let content_key = u.content.as_deref().unwrap_or_default();
    let (tag, content) = (lit(tag_key), lit(content_key));
    let (tag_field, content_field) = match u.unknown {
        Some(Some((t, c))) => (t.clone(), c.clone()),
        _ => (
            Ident::new("tag", proc_macro2::Span::call_site()),
            Ident::new("content", proc_macro2::Span::call_site()),
        ),
    };
    let (idents, tags): (Vec<_>, Vec<_>) = u.tagged().map(|(i, t, _)| (i, lit(t))).unzip();
    let parts_arms = u.tagged().map(|(ident, tag_value, payload)| {
        let what = lit(&format!("`{tag_value}` variant of {name}"));
        let tag_value = lit(tag_value);
        if matches!(checks::kind(payload), Kind::String) {
            quote!(#tag_value => Ok(Self::#ident(::std::string::ToString::to_string(content))),)
        } else {
            quote!(#tag_value => #json::from_str(content).map(Self::#ident).map_err(|e| #codec::invalid(#what, e)),)
        }
    });
    let other_fn = adjacent_other(u);
    let doc = format!(
        " Builds the value from its `{}` name and its `{}` text as they arrive separately (in a server-sent event), parsing the text straight into the payload type.",
        crate::inert(tag_key),
        crate::inert(content_key)
    );
    quote! {
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #codec::deserialize_adjacent(deserializer)
            }
        }
        impl #codec::DeserializeAdjacent for #name {
            const NAME: &'static str = #type_name;
            const TAG: &'static str = #tag;
            const CONTENT: &'static str = #content;
            fn is_known(tag: &str) -> bool {
                matches!(tag, #(#tags)|*)
            }
            fn variant<'de, D: #serde::Deserializer<'de>>(tag: &str, content: D) -> ::core::result::Result<Self, D::Error> {
                match tag {
                    #(#tags => #serde::Deserialize::deserialize(content).map(Self::#idents),)*
                    _ => Err(#codec::unknown_tag(tag)),
                }
            }
            fn unknown(tag: ::std::string::String, content: #json::Value) -> Self {
                Self::Unknown { #tag_field: tag, #content_field: content }
            }
            #other_fn
        }
        impl #name {
            #[doc = #doc]
            pub fn from_parts(#tag_field: &str, #content_field: &str) -> ::core::result::Result<Self, #json::Error> {
                let content = #content_field;
                match #tag_field {
                    #(#parts_arms)*
                    _ => Ok(Self::Unknown {
                        #tag_field: ::std::string::ToString::to_string(#tag_field),
                        #content_field: #json::from_str(content).unwrap_or_else(|_| #json::Value::String(::std::string::ToString::to_string(content))),
                    }),
                }
            }
        }
    }
}

/// How an adjacently tagged union reads a value that is no object (objects are tagged): a
/// string value, or an untagged variant of that JSON type (an any-JSON one takes the rest);
/// `None` without such variants (the runtime's default: an error).
fn adjacent_other(u: &Union<'_>) -> Option<TokenStream> {
    let codec = quote!(::openapi_runtime::codec);
    let value_ty = quote!(#codec::serde_json::Value);
    let (mut strings, mut untagged_string) = (Vec::new(), None);
    let (mut arms, mut catch_all) = (Vec::new(), None);
    for v in &u.variants {
        let ident = v.ident;
        match &v.kind {
            VariantKind::Value(value) => {
                let value = lit(value);
                strings.push(quote!(#value => Self::#ident,));
            }
            VariantKind::Untagged(payload) if u.first_of_its_json_type(v) => {
                let convert = untagged_convert(u, payload);
                match checks::kind(payload) {
                    Kind::String => untagged_string = Some(ident),
                    Kind::Named | Kind::Map(_) | Kind::Object => {}
                    Kind::Array(_) | Kind::Tuple(_) => {
                        arms.push(quote!(value @ #value_ty::Array(_) => #convert,))
                    }
                    Kind::Integer | Kind::Number => {
                        arms.push(quote!(value @ #value_ty::Number(_) => #convert,))
                    }
                    Kind::Bool => arms.push(quote!(value @ #value_ty::Bool(_) => #convert,)),
                    Kind::Any | Kind::Other => catch_all = Some(convert),
                }
            }
            _ => {}
        }
    }
    let string = match (untagged_string, u.other) {
        (Some(text), _) => Some(quote!(Self::#text(value))),
        (None, true) => Some(quote!(Self::Other(value))),
        (None, false) => None,
    };
    if let Some(fallback) = string {
        let body = if strings.is_empty() {
            fallback
        } else {
            quote!(match value.as_str() { #(#strings)* _ => #fallback, })
        };
        arms.insert(0, quote!(#value_ty::String(value) => Ok(#body),));
    }
    if arms.is_empty() && catch_all.is_none() {
        return None;
    }
    let type_name = lit(&u.name.to_string());
    let fallback = catch_all.unwrap_or_else(|| quote!(Err(#codec::unexpected(#type_name, &value))));
    Some(quote! {
        fn other(value: #value_ty) -> ::core::result::Result<Self, #codec::serde_json::Error> {
            match value {
                #(#arms)*
                value => #fallback,
            }
        }
    })
}

fn from_impls(u: &Union<'_>) -> TokenStream {
    let name = u.name;
    let mut impls = Vec::new();
    for v in &u.variants {
        let ident = v.ident;
        match &v.kind {
            VariantKind::Tagged { payload, .. } => {
                if u.unique(payload) && u.content.is_none() {
                    impls.push(quote! {
                        impl ::core::convert::From<#payload> for #name {
                            fn from(value: #payload) -> Self { Self::#ident(value) }
                        }
                    });
                }
            }
            VariantKind::Untagged(payload) => {
                let kind = checks::kind(payload);
                if u.unique(payload) && matches!(kind, Kind::Named | Kind::Array(_)) {
                    impls.push(quote! {
                        impl ::core::convert::From<#payload> for #name {
                            fn from(value: #payload) -> Self { Self::#ident(value) }
                        }
                    });
                }
                if matches!(kind, Kind::String) && u.first_of_its_json_type(v) {
                    impls.push(quote! {
                        impl ::core::convert::From<&str> for #name {
                            fn from(value: &str) -> Self { Self::#ident(::std::string::ToString::to_string(value)) }
                        }
                        impl ::core::convert::From<::std::string::String> for #name {
                            fn from(value: ::std::string::String) -> Self { Self::#ident(value) }
                        }
                    });
                }
            }
            VariantKind::Value(_) => {}
        }
    }
    quote!(#(#impls)*)
}

fn validate(u: &Union<'_>) -> TokenStream {
    let name = u.name;
    let check = quote!(::openapi_runtime::validate::check);
    let mut arms = Vec::new();
    for v in &u.variants {
        let ident = v.ident;
        let (payload, content) = match &v.kind {
            VariantKind::Value(_) => {
                arms.push(quote!(Self::#ident => {}));
                continue;
            }
            VariantKind::Tagged { payload, .. } => (*payload, u.content.as_deref()),
            VariantKind::Untagged(payload) => (*payload, None),
        };
        let path = match content {
            Some(content) => {
                let content = lit(content);
                quote!(&path.key(#content))
            }
            None => quote!(path),
        };
        let (_, inner) = checks::presence(payload, false);
        let stmts = checks::statements(
            &checks::kind(inner),
            &v.checks,
            &quote!(value),
            &quote!(path),
        );
        if stmts.is_empty() {
            arms.push(quote!(Self::#ident(_) => {}));
        } else {
            arms.push(quote!(Self::#ident(value) => { let path = #path; #(#stmts)* }));
        }
    }
    if u.other {
        let known = u.values().map(|(_, v)| lit(v));
        arms.push(
            quote!(Self::Other(value) => #check::known_value(value, &[#(#known),*], path, out),),
        );
    }
    if let Some(unknown) = &u.unknown {
        let tag = u.tag.as_deref().unwrap_or_default();
        let known: Vec<_> = u.tagged().map(|(_, t, _)| lit(t)).collect();
        let tag = lit(tag);
        arms.push(match unknown {
            Some((tag_field, _)) => {
                quote!(Self::Unknown { #tag_field, .. } => #check::known_value(#tag_field, &[#(#known),*], &path.key(#tag), out),)
            }
            None => quote! {
                Self::Unknown(value) => match value.get(#tag).and_then(::openapi_runtime::codec::serde_json::Value::as_str) {
                    Some(tag) => #check::known_value(tag, &[#(#known),*], &path.key(#tag), out),
                    None => #check::missing(#tag, path, out),
                },
            },
        });
    }
    quote! {
        impl ::openapi_runtime::Validate for #name {
            fn validate_at(&self, path: &::openapi_runtime::validate::Path<'_>, out: &mut ::std::vec::Vec<::openapi_runtime::Violation>) {
                let _ = (path, &out);
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn accessor_names_are_the_variant_in_snake_case() {
        let cases = [
            ("SubmitToolOutputs", "submit_tool_outputs"),
            ("Function", "function"),
            ("Gpt4Turbo", "gpt4_turbo"),
            ("HTTPError", "http_error"),
        ];
        for (variant, snake) in cases {
            assert_eq!(super::snake_case(variant), snake);
        }
    }
}
