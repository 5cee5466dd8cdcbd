//! `#[derive(Object)]`: a JSON object's serde impls, builder and `validate()`.

use std::collections::HashSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::checks::{self, Checks, Kind, Presence};
use crate::lit;

struct Field<'a> {
    ident: &'a Ident,
    /// The JSON key.
    key: String,
    presence: Presence,
    /// The type inside `Option`/`Nullable`.
    inner: &'a syn::Type,
    ty: &'a syn::Type,
    kind: Kind,
    checks: Checks,
}

struct Object<'a> {
    name: &'a Ident,
    fields: Vec<Field<'a>>,
    /// The `extra` field's item kind and checks, if it keeps undeclared properties.
    extra: Option<(Kind, Checks)>,
    builder: bool,
    exactly_one_of: Vec<Vec<LitStr>>,
    /// Each fact: sets of keys, one of which must be all present.
    any_of_required: Vec<Vec<Vec<LitStr>>>,
}

fn parse(input: &DeriveInput) -> syn::Result<Object<'_>> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "`Object` is for structs"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(
            input,
            "`Object` needs named fields",
        ));
    };
    let mut object = Object {
        name: &input.ident,
        fields: Vec::new(),
        extra: None,
        builder: false,
        exactly_one_of: Vec::new(),
        any_of_required: Vec::new(),
    };
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("api")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("builder") {
                object.builder = true;
            } else if meta.path.is_ident("exactly_one_of") {
                let content;
                syn::parenthesized!(content in meta.input);
                let keys = content
                    .parse_terminated(<LitStr as syn::parse::Parse>::parse, syn::Token![,])?;
                object.exactly_one_of.push(keys.into_iter().collect());
            } else if meta.path.is_ident("any_of_required") {
                let content;
                syn::parenthesized!(content in meta.input);
                let sets = content.parse_terminated(
                    |input| {
                        let set;
                        syn::bracketed!(set in input);
                        set.parse_terminated(<LitStr as syn::parse::Parse>::parse, syn::Token![,])
                    },
                    syn::Token![,],
                )?;
                object.any_of_required.push(
                    sets.into_iter()
                        .map(|set| set.into_iter().collect())
                        .collect(),
                );
            } else {
                return Err(meta.error("unknown `api` attribute of a struct"));
            }
            Ok(())
        })?;
    }
    for f in &named.named {
        let ident = f.ident.as_ref().expect("named");
        let mut required = false;
        let mut rename = None;
        let mut checks = Checks::default();
        for attr in f.attrs.iter().filter(|a| a.path().is_ident("api")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("required") {
                    required = true;
                } else if meta.path.is_ident("rename") {
                    rename = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if !checks.parse(&meta)? {
                    return Err(meta.error("unknown `api` attribute of a field"));
                }
                Ok(())
            })?;
        }
        if ident == "extra" {
            let item = match checks::kind(&f.ty) {
                Kind::Map(item) => *item,
                _ => Kind::Any,
            };
            // The constraints of every undeclared property, as for a map: `items(...)`.
            object.extra = Some((item, checks.items.map(|items| *items).unwrap_or_default()));
            continue;
        }
        let (presence, inner) = checks::presence(&f.ty, required);
        if required && presence != Presence::RequiredNullable {
            return Err(syn::Error::new_spanned(
                f,
                "`required` is for `Option` fields (required, may be null); other fields are required by their type",
            ));
        }
        object.fields.push(Field {
            ident,
            key: rename.unwrap_or_else(|| ident.unraw().to_string()),
            presence,
            inner,
            ty: &f.ty,
            kind: checks::kind(inner),
            checks,
        });
    }
    Ok(object)
}

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let object = parse(input)?;
    let serde = serde_impls(&object);
    let builder = object.builder.then(|| builder(&object));
    let validate = validate(&object);
    let zero = zero(&object);
    Ok(quote! {
        #serde
        #builder
        #validate
        #zero
    })
}

/// A required field's zero, as a function: its constant, or its type's `Zero`.
fn zero_fn(f: &Field<'_>) -> TokenStream {
    match &f.checks.constant {
        Some(value) => {
            let value = lit(value);
            quote!(|| ::core::option::Option::Some(::std::string::ToString::to_string(#value)))
        }
        None => {
            let ty = f.ty;
            quote!(<#ty as ::openapi_runtime::codec::Zero>::zero)
        }
    }
}

/// The struct's `Zero`: its required fields' zeros, every other field left out.
fn zero(o: &Object<'_>) -> TokenStream {
    let name = o.name;
    let codec = quote!(::openapi_runtime::codec);
    let inits = o.fields.iter().map(|f| {
        let ident = f.ident;
        if f.presence == Presence::Required {
            let zero = zero_fn(f);
            quote!(#ident: (#zero)()?,)
        } else {
            quote!(#ident: ::core::default::Default::default(),)
        }
    });
    let extra = o
        .extra
        .as_ref()
        .map(|_| quote!(extra: ::core::default::Default::default(),));
    quote! {
        impl #codec::Zero for #name {
            fn zero() -> ::core::option::Option<Self> {
                #codec::nested_zero(|| ::core::option::Option::Some(Self { #(#inits)* #extra }))
            }
        }
    }
}

fn serde_impls(o: &Object<'_>) -> TokenStream {
    let name = o.name;
    let type_name = lit(&name.to_string());
    let codec = quote!(::openapi_runtime::codec);
    let serde = quote!(#codec::serde);
    let entries = o.fields.iter().map(|f| {
        let ident = f.ident;
        let key = lit(&f.key);
        if f.presence == Presence::RequiredNullable && o.extra.is_some() {
            quote!(#codec::required_nullable_entry(map, #key, &self.#ident, &self.extra)?;)
        } else if f.presence == Presence::Required && o.extra.is_some() {
            let zero = zero_fn(f);
            quote!(#codec::required_entry(map, #key, &self.#ident, &self.extra, #zero)?;)
        } else if f.presence.required() {
            quote!(#serde::ser::SerializeMap::serialize_entry(map, #key, &self.#ident)?;)
        } else {
            quote!(#codec::optional_entry(map, #key, &self.#ident)?;)
        }
    });
    let extra_entries = o
        .extra
        .as_ref()
        .map(|_| quote!(#codec::extra_entries(map, &self.extra)?;));
    let slots: Vec<Ident> = (0..o.fields.len())
        .map(|i| format_ident!("__field{}", i))
        .collect();
    let arms = o.fields.iter().zip(&slots).map(|(f, slot)| {
        let key = lit(&f.key);
        quote!(#key => #codec::field(&mut map, &mut #slot, #key)?,)
    });
    let inits = o.fields.iter().zip(&slots).map(|(f, slot)| {
        let ident = f.ident;
        let key = lit(&f.key);
        if f.presence == Presence::RequiredNullable && o.extra.is_some() {
            // Left out: `None`, remembered in `extra` so that it is written back left out.
            quote!(#ident: #codec::required_nullable(#slot, #key, &mut __extra)?,)
        } else if f.presence == Presence::Required && o.extra.is_some() {
            // Left out: its zero, remembered in `extra` so that it is written back left out.
            let zero = zero_fn(f);
            quote!(#ident: #codec::required_or_zero(#slot, #key, &mut __extra, #zero)?,)
        } else if f.presence.required() {
            quote!(#ident: #codec::required(#slot, #key)?,)
        } else {
            quote!(#ident: #slot.unwrap_or_default(),)
        }
    });
    let (extra_slot, unknown, extra_init) = match &o.extra {
        Some(_) => (
            quote!(let mut __extra = ::core::default::Default::default();),
            quote!(#codec::extra(&mut map, &mut __extra, key)?),
            quote!(extra: __extra,),
        ),
        None => {
            let keys = o.fields.iter().map(|f| lit(&f.key));
            (
                quote!(),
                quote!(return Err(#codec::unknown_field(&key, &[#(#keys),*]))),
                quote!(),
            )
        }
    };
    quote! {
        impl #codec::SerializeFields for #name {
            fn serialize_fields<M: #serde::ser::SerializeMap>(&self, map: &mut M) -> ::core::result::Result<(), M::Error> {
                let _ = &map;
                #(#entries)*
                #extra_entries
                Ok(())
            }
        }
        impl<'de> #codec::DeserializeFields<'de> for #name {
            const NAME: &'static str = #type_name;
            #[inline]
            fn deserialize_fields<A: #serde::de::MapAccess<'de>>(mut map: A) -> ::core::result::Result<Self, A::Error> {
                #(let mut #slots = None;)*
                #extra_slot
                while let Some(key) = #serde::de::MapAccess::next_key::<#codec::Key>(&mut map)? {
                    match key.as_str() {
                        #(#arms)*
                        _ => #unknown,
                    }
                }
                Ok(Self { #(#inits)* #extra_init })
            }
        }
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                #codec::serialize_struct(serializer, self)
            }
        }
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #codec::deserialize_struct(deserializer)
            }
        }
    }
}

/// `new(required...)` plus one chained setter per field (and `<field>_null()` for tri-state
/// fields). Setter names that collide get the generator's `2`, `3`... suffixes.
/// A setter's parameter type and the expression turning `value` into the field's type: a
/// string-keyed `BTreeMap<String, V>` takes any pairs (`[("k", "v")]`, a `HashMap`, an
/// iterator) whose keys are `Into<String>` and values `Into<V>`; any other type takes
/// `impl Into<T>`; a free-form object (`serde_json::Map`) takes `impl IntoObject` (a `Map`, or
/// a `Value` holding an object; the setter panics, naming the key, on any other `Value`).
fn setter_arg(ty: &syn::Type, key: &str) -> (TokenStream, TokenStream, TokenStream) {
    if let Some(value) = string_map_value(ty) {
        return (
            quote!(impl ::core::iter::IntoIterator<Item = (impl ::core::convert::Into<::std::string::String>, impl ::core::convert::Into<#value>)>),
            quote!(value
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect()),
            quote!(),
        );
    }
    if is_json_map(ty) {
        return (
            quote!(impl ::openapi_runtime::IntoObject),
            quote!(::openapi_runtime::object::field(#key, value)),
            quote!(#[track_caller]),
        );
    }
    (
        quote!(impl ::core::convert::Into<#ty>),
        quote!(value.into()),
        quote!(),
    )
}

/// `ty` is `serde_json::Map<..>` (a free-form object).
fn is_json_map(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    let mut names = path.path.segments.iter().rev().map(|s| &s.ident);
    matches!((names.next(), names.next()), (Some(map), Some(krate)) if map == "Map" && krate == "serde_json")
}

/// `V` when `ty` is `BTreeMap<String, V>` (any path to it).
fn string_map_value(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "BTreeMap" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let (Some(syn::Type::Path(key)), Some(value), None) =
        (types.next(), types.next(), types.next())
    else {
        return None;
    };
    key.path.segments.last().filter(|s| s.ident == "String")?;
    Some(value)
}

fn builder(o: &Object<'_>) -> TokenStream {
    let name = o.name;
    let mut taken: HashSet<String> = [
        "new",
        "validate",
        "validate_at",
        "serialize_fields",
        "serialize",
        "clone",
        "eq",
        "fmt",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    let params: Vec<&Field<'_>> = o
        .fields
        .iter()
        .filter(|f| f.presence.required() && f.checks.constant.is_none())
        .collect();
    let args = params.iter().map(|f| {
        let ident = f.ident;
        let ty = f.ty;
        quote!(#ident: impl ::core::convert::Into<#ty>)
    });
    let inits = o.fields.iter().map(|f| {
        let ident = f.ident;
        match (&f.checks.constant, f.presence) {
            (Some(value), Presence::Required) => {
                let value = lit(value);
                quote!(#ident: ::std::string::ToString::to_string(#value),)
            }
            (Some(value), Presence::RequiredNullable) => {
                let value = lit(value);
                quote!(#ident: Some(::std::string::ToString::to_string(#value)),)
            }
            (None, p) if p.required() => quote!(#ident: #ident.into(),),
            _ => quote!(#ident: ::core::default::Default::default(),),
        }
    });
    let extra_init = o
        .extra
        .as_ref()
        .map(|_| quote!(extra: ::core::default::Default::default(),));
    let new_doc = if params.is_empty() {
        format!(" A `{name}` with every optional field left out.")
    } else {
        format!(" A `{name}` with the required fields; every optional field is left out.")
    };
    let allow_args = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_fn = if o.fields.iter().all(|f| !f.presence.required()) {
        quote! {
            #[doc = #new_doc]
            pub fn new() -> Self { ::core::default::Default::default() }
        }
    } else {
        quote! {
            #[doc = #new_doc]
            #allow_args
            pub fn new(#(#args),*) -> Self { Self { #(#inits)* #extra_init } }
        }
    };
    let nullable = quote!(::openapi_runtime::Nullable);
    let setters = o.fields.iter().map(|f| {
        let field = f.ident;
        let unraw = field.unraw().to_string();
        let claimed = crate::claim(&mut taken, &unraw);
        let setter = if claimed == unraw {
            field.clone()
        } else {
            Ident::new(&claimed, Span::call_site())
        };
        let (arg, convert, track) = setter_arg(f.inner, &f.key);
        let key = crate::inert(&f.key);
        match f.presence {
            Presence::Required => {
                let doc = format!(" Sets `{key}`.");
                quote! {
                    #[doc = #doc]
                    #track
                    pub fn #setter(mut self, value: #arg) -> Self { self.#field = #convert; self }
                }
            }
            Presence::RequiredNullable | Presence::Optional => {
                let doc = format!(" Sets `{key}`.");
                quote! {
                    #[doc = #doc]
                    #track
                    pub fn #setter(mut self, value: #arg) -> Self { self.#field = Some(#convert); self }
                }
            }
            Presence::OptionalNullable => {
                let doc = format!(" Sets `{key}` to a value.");
                let null_doc = format!(" Sends `\"{key}\": null` (different from leaving it out).");
                let null_setter = Ident::new(
                    &crate::claim(&mut taken, &format!("{unraw}_null")),
                    Span::call_site(),
                );
                quote! {
                    #[doc = #doc]
                    #track
                    pub fn #setter(mut self, value: #arg) -> Self { self.#field = #nullable::Value(#convert); self }
                    #[doc = #null_doc]
                    pub fn #null_setter(mut self) -> Self { self.#field = #nullable::Null; self }
                }
            }
        }
    });
    quote! {
        impl #name {
            #new_fn
            #(#setters)*
        }
    }
}

/// The checks of one field's value, pushed onto `body`.
fn field_checks(f: &Field<'_>, body: &mut Vec<TokenStream>) {
    let ident = f.ident;
    let key = lit(&f.key);
    let path = quote!(&path.key(#key));
    if checks::delegates(&f.kind, &f.checks) {
        // `Option`, `Nullable` and `Box` check what they hold.
        body.push(quote!(::openapi_runtime::Validate::validate_at(&self.#ident, #path, out);));
        return;
    }
    let stmts = checks::statements(&f.kind, &f.checks, &quote!(value), &quote!(path));
    if stmts.is_empty() {
        return;
    }
    let value = match f.presence {
        Presence::Required => {
            body.push(quote! {{
                let (value, path) = (&self.#ident, #path);
                #(#stmts)*
            }});
            return;
        }
        Presence::RequiredNullable | Presence::Optional => quote!(self.#ident.as_ref()),
        Presence::OptionalNullable => quote!(self.#ident.value()),
    };
    body.push(quote! {
        if let Some(value) = #value {
            let path = #path;
            #(#stmts)*
        }
    });
}

fn validate(o: &Object<'_>) -> TokenStream {
    let name = o.name;
    let validate = quote!(::openapi_runtime::validate);
    let mut body = Vec::new();
    for f in &o.fields {
        let ident = f.ident;
        let key = lit(&f.key);
        if f.presence == Presence::Required && o.extra.is_some() {
            // Left out and still its zero: decoded leniently, still a violation of the schema;
            // its value is no value to check.
            let zero = zero_fn(f);
            let mut checks = Vec::new();
            field_checks(f, &mut checks);
            body.push(quote! {
                if ::openapi_runtime::codec::left_out(#key, &self.#ident, &self.extra, #zero) {
                    #validate::check::missing(#key, &path.key(#key), out);
                } else {
                    #(#checks)*
                }
            });
            continue;
        }
        if f.presence == Presence::RequiredNullable && o.extra.is_some() {
            // Left out and still `None`: decoded leniently, still a violation of the schema.
            body.push(quote! {
                if self.#ident.is_none() && ::openapi_runtime::codec::Absences::is_absent(&self.extra, #key) {
                    #validate::check::missing(#key, &path.key(#key), out);
                }
            });
        }
        field_checks(f, &mut body);
    }
    if let Some((item, checks)) = &o.extra {
        let inner = checks::statements(item, checks, &quote!(item), &quote!(path));
        if !inner.is_empty() {
            body.push(quote! {
                for (key, item) in &self.extra {
                    let path = &path.key(key);
                    #(#inner)*
                }
            });
        }
    }
    // Whether the field with this key is present (a key the struct does not declare never is).
    let present = |key: &LitStr| {
        let key = key.value();
        let present = match o.fields.iter().find(|f| f.key == key) {
            None => quote!(false),
            Some(f) => {
                let ident = f.ident;
                match f.presence {
                    Presence::Required if o.extra.is_some() => {
                        let zero = zero_fn(f);
                        quote!(!::openapi_runtime::codec::left_out(#key, &self.#ident, &self.extra, #zero))
                    }
                    Presence::Required => quote!(true),
                    Presence::RequiredNullable if o.extra.is_some() => {
                        quote!(self.#ident.is_some() || !::openapi_runtime::codec::Absences::is_absent(&self.extra, #key))
                    }
                    Presence::RequiredNullable => quote!(true),
                    Presence::Optional => quote!(self.#ident.is_some()),
                    Presence::OptionalNullable => quote!(!self.#ident.is_absent()),
                }
            }
        };
        let key = lit(&key);
        quote!((#key, #present))
    };
    for set in &o.exactly_one_of {
        let entries = set
            .iter()
            .filter(|key| o.fields.iter().any(|f| f.key == key.value()))
            .map(present);
        body.push(quote!(#validate::check::exactly_one_of(&[#(#entries),*], path, out);));
    }
    for sets in &o.any_of_required {
        let sets = sets.iter().map(|set| {
            let entries = set.iter().map(present);
            quote!(&[#(#entries),*])
        });
        body.push(quote!(#validate::check::any_of_required(&[#(#sets),*], path, out);));
    }
    quote! {
        impl ::openapi_runtime::Validate for #name {
            fn validate_at(&self, path: &#validate::Path<'_>, out: &mut ::std::vec::Vec<::openapi_runtime::Violation>) {
                let _ = (path, &out);
                #(#body)*
            }
        }
    }
}
