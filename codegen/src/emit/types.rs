//! Stage 4: model → tokens for the types: serde impls, docs, builders, `validate()`.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

use super::{doc, doc_attrs};
use crate::model::*;
use crate::naming;

/// Every type of the model, in name order.
#[cfg(feature = "internals")]
pub fn types(model: &Model) -> TokenStream {
    if model.types.is_empty() {
        return quote!();
    }
    let prelude = prelude(model);
    let defs = model.types.values().map(type_def);
    quote! { #prelude #(#defs)* }
}

/// What `types.rs` starts with, before the types. Structs implement serde's traits through
/// `codec::serde_struct!`; only enums and unions name them.
pub fn prelude(model: &Model) -> TokenStream {
    // Structs and string enums name the runtime's derives alone; unions and newtypes still
    // write their impls, and a crate without them must not import what they use (unused
    // imports).
    let unions = model
        .types
        .values()
        .any(|def| matches!(def.kind, TypeKind::Union(_)));
    let newtypes = model
        .types
        .values()
        .any(|def| matches!(def.kind, TypeKind::Newtype(_)));
    let serde_traits = unions.then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    let codec = unions.then(|| {
        quote!(
            use openapi_runtime::codec;
        )
    });
    let validate = (unions || newtypes).then(|| {
        quote!(
            use openapi_runtime::validate::{self, Validate, Violation};
        )
    });
    quote! {
        #![allow(clippy::large_enum_variant)]
        #serde_traits
        #codec
        #validate
    }
}

/// One type with its impls.
pub fn type_def(def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => structure(def, s),
        TypeKind::Enum(e) => string_enum(def, e),
        TypeKind::Union(u) => union(def, u),
        TypeKind::Alias(ty) => {
            let name = def.name.to_ident();
            let docs = doc_attrs(&def.docs);
            let ty = rust_type(ty);
            quote! { #docs pub type #name = #ty; }
        }
        TypeKind::Newtype(ty) => newtype(def, ty),
    }
}

/// A recursive array or map: `pub struct A(pub Vec<A>);`, (de)serialized as what it holds.
fn newtype(def: &TypeDef, ty: &Ty) -> TokenStream {
    let name = def.name.to_ident();
    let docs = doc_attrs(&def.docs);
    let inner = rust_type(ty);
    let default = matches!(ty.kind, TyKind::Array(_) | TyKind::Map(_)).then(|| quote!(Default,));
    let stmts = checks(ty, &Value::Place(quote!(self.0)), &quote!(path)).stmts;
    let (path, out) = if stmts.is_empty() {
        (quote!(_path), quote!(_out))
    } else {
        (quote!(path), quote!(out))
    };
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq)]
        pub struct #name(pub #inner);
        impl From<#inner> for #name {
            fn from(value: #inner) -> Self {
                Self(value)
            }
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.0, serializer)
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                serde::Deserialize::deserialize(deserializer).map(Self)
            }
        }
        impl Validate for #name {
            fn validate_at(&self, #path: &validate::Path<'_>, #out: &mut Vec<Violation>) {
                #(#stmts)*
            }
        }
    }
}

pub fn rust_type(ty: &Ty) -> TokenStream {
    let inner = unboxed_type(ty);
    if ty.boxed {
        quote!(Box<#inner>)
    } else {
        inner
    }
}

fn unboxed_type(ty: &Ty) -> TokenStream {
    match &ty.kind {
        TyKind::Any => quote!(serde_json::Value),
        TyKind::Bool => quote!(bool),
        TyKind::Integer(int) => {
            let int = proc_macro2::Ident::new(int.rust_name(), proc_macro2::Span::call_site());
            quote!(#int)
        }
        TyKind::Number => quote!(f64),
        TyKind::String => quote!(String),
        TyKind::Named(name) => {
            let name = naming::type_name(name).to_ident();
            quote!(#name)
        }
        TyKind::Array(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        TyKind::Map(inner) => {
            let inner = rust_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TyKind::Object => quote!(serde_json::Map<String, serde_json::Value>),
    }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    match field.presence() {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(openapi_runtime::Nullable<#ty>),
    }
}

fn field_docs(field: &Field) -> Vec<String> {
    let mut docs = field.docs.clone();
    if let Some(value) = &field.ty.checks.constant {
        push_paragraph(&mut docs, format!("Always `{}`.", value.replace('`', "'")));
    }
    if let Some(default) = &field.default {
        push_paragraph(
            &mut docs,
            format!(
                "Server default when absent: `{}`.",
                default.replace('`', "'")
            ),
        );
    }
    docs
}

fn push_paragraph(docs: &mut Vec<String>, text: String) {
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(text);
}

/// A struct: its definition, and the facts the `Object` derive needs in `#[api(...)]`
/// attributes (JSON keys that differ from the field name, required fields that may be `null`,
/// constraints, `builder`, `exactly_one_of`). Whether a field may be left out is its type.
fn structure(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = def.name.to_ident();
    let docs = doc_attrs(&def.docs);
    let all_optional = s.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let fields = s.fields.iter().map(|f| {
        let ident = f.ident.to_ident();
        let docs = doc_attrs(&field_docs(f));
        let ty = field_type(f);
        let mut facts = Vec::new();
        if f.json_name != f.ident.name {
            let key = Literal::string(&f.json_name);
            facts.push(quote!(rename = #key));
        }
        if f.presence() == Presence::RequiredNullable {
            facts.push(quote!(required));
        }
        facts.extend(check_facts(&f.ty));
        let attr = api_attr(&facts);
        quote! { #docs #attr pub #ident: #ty, }
    });
    let extra = match &s.extra {
        Extra::Deny => quote!(),
        Extra::Keep(ty) => {
            let map = extra_map_type(ty);
            let attr = api_attr(&check_facts(ty));
            quote! {
                /// Properties the schema does not declare, kept so that they survive a round trip.
                #attr
                pub extra: #map,
            }
        }
    };
    let mut facts = Vec::new();
    if def.builder {
        facts.push(quote!(builder));
    }
    for set in &s.exactly_one_of {
        let keys = set.iter().map(|k| Literal::string(k));
        facts.push(quote!(exactly_one_of(#(#keys),*)));
    }
    let attr = api_attr(&facts);
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, openapi_runtime::Object)]
        #attr
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

/// `#[api(facts...)]`, or nothing without facts.
fn api_attr(facts: &[TokenStream]) -> Option<TokenStream> {
    (!facts.is_empty()).then(|| quote!(#[api(#(#facts),*)]))
}

/// The constraints of a value as `#[api(...)]` facts; those of an array's or map's items
/// nested in `items(...)`.
fn check_facts(ty: &Ty) -> Vec<TokenStream> {
    let c = &ty.checks;
    let mut facts = Vec::new();
    let numbers = [
        (c.minimum, quote!(minimum)),
        (c.maximum, quote!(maximum)),
        (c.exclusive_minimum, quote!(exclusive_minimum)),
        (c.exclusive_maximum, quote!(exclusive_maximum)),
        (c.multiple_of, quote!(multiple_of)),
    ];
    if matches!(ty.kind, TyKind::Integer(_) | TyKind::Number) {
        for (bound, name) in numbers {
            if let Some(bound) = bound.map(Literal::f64_unsuffixed) {
                facts.push(quote!(#name = #bound));
            }
        }
    }
    let counts = match ty.kind {
        TyKind::String => vec![
            (c.min_length, quote!(min_length)),
            (c.max_length, quote!(max_length)),
        ],
        TyKind::Array(_) => vec![
            (c.min_items, quote!(min_items)),
            (c.max_items, quote!(max_items)),
        ],
        TyKind::Map(_) | TyKind::Object => vec![
            (c.min_properties, quote!(min_properties)),
            (c.max_properties, quote!(max_properties)),
            (c.key_max_length, quote!(key_max_length)),
        ],
        _ => Vec::new(),
    };
    for (n, name) in counts {
        if let Some(n) = n.map(count) {
            facts.push(quote!(#name = #n));
        }
    }
    if ty.kind == TyKind::String {
        if let Some(constant) = &c.constant {
            let constant = Literal::string(constant);
            facts.push(quote!(constant = #constant));
        }
        if let Some(pattern) = &c.pattern {
            let pattern = Literal::string(pattern);
            facts.push(quote!(pattern = #pattern));
        }
    }
    if let TyKind::Array(item) | TyKind::Map(item) = &ty.kind {
        if c.unique_items && matches!(ty.kind, TyKind::Array(_)) {
            facts.push(quote!(unique_items));
        }
        let items = check_facts(item);
        if !items.is_empty() {
            facts.push(quote!(items(#(#items),*)));
        }
    }
    facts
}

fn extra_map_type(ty: &Ty) -> TokenStream {
    match ty.kind {
        TyKind::Any => quote!(openapi_runtime::Extra),
        _ => {
            let inner = rust_type(ty);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
    }
}

/// A value being checked: a place (`self.n`, required fields) or a reference (`value`, `item`).
enum Value {
    Place(TokenStream),
    Ref(TokenStream),
}

impl Value {
    fn bound(name: &str) -> Self {
        Value::Ref(
            proc_macro2::Ident::new(name, proc_macro2::Span::call_site()).into_token_stream(),
        )
    }

    /// The value as a `&T` argument.
    fn arg(&self) -> TokenStream {
        match self {
            Value::Place(place) => quote!(&#place),
            Value::Ref(value) => value.clone(),
        }
    }

    /// The value as a method receiver (auto-deref does the rest).
    fn receiver(&self) -> &TokenStream {
        match self {
            Value::Place(value) | Value::Ref(value) => value,
        }
    }

    /// A number as `f64`.
    fn number(&self, kind: &TyKind) -> TokenStream {
        let value = match self {
            Value::Place(place) => place.clone(),
            Value::Ref(value) => quote!(*#value),
        };
        match kind {
            TyKind::Integer(_) => quote!(#value as f64),
            _ => value,
        }
    }
}

/// Whether checking a value of this type is only asking its generated type (directly, or for
/// every item of an array or map without limits of its own): then `validate_at` on the field
/// does it all, through the impls for `Option`, `Nullable`, `Box`, `Vec` and `BTreeMap`.
fn delegates(ty: &Ty) -> bool {
    let c = &ty.checks;
    match &ty.kind {
        TyKind::Named(_) => true,
        TyKind::Array(item) | TyKind::Map(item) => c.is_empty() && delegates(item),
        _ => false,
    }
}

fn count(n: u64) -> Literal {
    Literal::u64_unsuffixed(n)
}

/// Statements that check `value` against `ty`'s constraints, each reporting at `path` (an
/// expression of type `&validate::Path`; a loop binds the path of each item). `loops` tells
/// whether a statement nests a path of its own, so that `path` must be a variable.
struct Statements {
    stmts: Vec<TokenStream>,
    loops: bool,
}

fn checks(ty: &Ty, value: &Value, path: &TokenStream) -> Statements {
    let c = &ty.checks;
    let (min_items, max_items) = (c.min_items.map(count), c.max_items.map(count));
    let (min_length, max_length) = (c.min_length.map(count), c.max_length.map(count));
    let (min_properties, max_properties) =
        (c.min_properties.map(count), c.max_properties.map(count));
    let key_max_length = c.key_max_length.map(count);
    let mut stmts = Vec::new();
    let mut loops = false;
    let arg = value.arg();
    let receiver = value.receiver();
    match &ty.kind {
        _ if delegates(ty) => stmts.push(quote!(#receiver.validate_at(#path, out);)),
        TyKind::Integer(_) | TyKind::Number => {
            let number = value.number(&ty.kind);
            let bounds = [
                (c.minimum, quote!(minimum)),
                (c.maximum, quote!(maximum)),
                (c.exclusive_minimum, quote!(exclusive_minimum)),
                (c.exclusive_maximum, quote!(exclusive_maximum)),
                (c.multiple_of, quote!(multiple_of)),
            ];
            for (bound, check) in bounds {
                if let Some(bound) = bound.map(Literal::f64_unsuffixed) {
                    stmts.push(quote!(validate::check::#check(#number, #bound, #path, out);));
                }
            }
        }
        TyKind::String => {
            if let Some(min) = &min_length {
                stmts.push(quote!(validate::check::min_length(#arg, #min, #path, out);));
            }
            if let Some(max) = &max_length {
                stmts.push(quote!(validate::check::max_length(#arg, #max, #path, out);));
            }
            if let Some(constant) = &c.constant {
                stmts.push(quote!(validate::check::constant(#arg, #constant, #path, out);));
            }
            if let Some(pattern) = &c.pattern {
                stmts.push(quote! {{
                    static PATTERN: validate::check::Pattern = validate::check::Pattern::new(#pattern);
                    PATTERN.check(#arg, #path, out);
                }});
            }
        }
        TyKind::Array(item) => {
            if let Some(min) = &min_items {
                stmts.push(quote!(validate::check::min_items(#receiver.len(), #min, #path, out);));
            }
            if let Some(max) = &max_items {
                stmts.push(quote!(validate::check::max_items(#receiver.len(), #max, #path, out);));
            }
            if c.unique_items {
                stmts.push(quote!(validate::check::unique_items(#arg, #path, out);));
            }
            let each = quote!(for (i, item) in #receiver.iter().enumerate());
            loops |= items(item, receiver, path, each, quote!(index(i)), &mut stmts);
        }
        TyKind::Map(_) | TyKind::Object => {
            if let Some(min) = &min_properties {
                stmts.push(
                    quote!(validate::check::min_properties(#receiver.len(), #min, #path, out);),
                );
            }
            if let Some(max) = &max_properties {
                stmts.push(
                    quote!(validate::check::max_properties(#receiver.len(), #max, #path, out);),
                );
            }
            if let Some(max) = &key_max_length {
                stmts.push(
                    quote!(validate::check::key_max_length(#receiver.keys(), #max, #path, out);),
                );
            }
            if let TyKind::Map(item) = &ty.kind {
                let each = quote!(for (key, item) in #receiver);
                loops |= items(item, receiver, path, each, quote!(key(key)), &mut stmts);
            }
        }
        _ => {}
    }
    Statements { stmts, loops }
}

/// The checks of every item of an array or map: the container's `validate_at` when the items
/// are generated types, else a loop (`each`) that binds each item's path (`path.#segment`).
/// Returns whether it wrote a loop.
fn items(
    item: &Ty,
    receiver: &TokenStream,
    path: &TokenStream,
    each: TokenStream,
    segment: TokenStream,
    stmts: &mut Vec<TokenStream>,
) -> bool {
    if delegates(item) {
        stmts.push(quote!(#receiver.validate_at(#path, out);));
        return false;
    }
    let inner = checks(item, &Value::bound("item"), &quote!(path)).stmts;
    if inner.is_empty() {
        return false;
    }
    stmts.push(quote!(#each { let path = &#path.#segment; #(#inner)* }));
    true
}

/// The checks of `value` at `path.key(key)` (at `path` itself without a key): one statement
/// takes the member's path inline, more bind it once.
fn checks_at(ty: &Ty, value: &Value, key: Option<&str>) -> Vec<TokenStream> {
    let var = quote!(path);
    let Some(key) = key else {
        return checks(ty, value, &var).stmts;
    };
    let plan = checks(ty, value, &var);
    match plan.stmts.len() {
        0 => Vec::new(),
        1 if !plan.loops => checks(ty, value, &quote!(&path.key(#key))).stmts,
        _ => {
            let stmts = plan.stmts;
            vec![quote!(let path = &path.key(#key); #(#stmts)*)]
        }
    }
}

/// A string enum: its variants, and its values for the `StringEnum` derive.
fn string_enum(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = def.name.to_ident();
    let docs = doc_attrs(&def.docs);
    let idents: Vec<_> = e.variants.iter().map(|v| v.ident.to_ident()).collect();
    let values: Vec<_> = e
        .variants
        .iter()
        .map(|v| Literal::string(&v.value))
        .collect();
    let variant_docs = e
        .variants
        .iter()
        .map(|v| doc(&format!("`{}`", v.value.replace('`', "'"))));
    let other_doc = doc(if e.open {
        "Any other value (the list above is only what this version knows)."
    } else {
        "A value this version does not know (kept as sent; `validate()` reports it)."
    });
    let open = e.open.then(|| quote!(open,));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, openapi_runtime::StringEnum)]
        #[api(#open values(#(#values),*))]
        pub enum #name {
            #(#variant_docs #idents,)*
            #other_doc
            Other(String),
        }
    }
}

/// A variant's own docs: its payload's title or description, never the union's text nor text
/// shared by several string values (the description of a branch listing them all). Without
/// docs of its own, a string value is shown as code and a tagged variant names its tag.
fn variant_docs(def: &TypeDef, u: &Union, v: &Variant) -> Vec<String> {
    let shared = |v: &Variant| {
        matches!(v.kind, VariantKind::Value(_))
            && u.variants
                .iter()
                .any(|other| !std::ptr::eq(other, v) && other.docs == v.docs)
    };
    if !v.docs.is_empty() && v.docs != def.docs && !shared(v) {
        return v.docs.clone();
    }
    let code = |text: &str| format!("`{}`", text.replace('`', "'"));
    match &v.kind {
        VariantKind::Value(value) => vec![code(value)],
        VariantKind::Tagged { tag_value, .. } => match u.tagging.tag() {
            Some(tag) => vec![format!("{} is {}.", code(tag), code(tag_value))],
            None => vec![code(tag_value)],
        },
        VariantKind::Untagged(_) => Vec::new(),
    }
}

fn union(def: &TypeDef, u: &Union) -> TokenStream {
    let name = def.name.to_ident();
    let type_name = &def.name.name;
    let docs = doc_attrs(&def.docs);
    let has_other = u.has_values() && u.untagged_string().is_none();
    let has_unknown = u.has_tagged();
    let tag = u.tagging.tag().unwrap_or_default();
    let unknown_fields = u.tagging.content().map(|content| {
        (
            naming::field(tag).to_ident(),
            naming::field(content).to_ident(),
        )
    });

    let mut variants = Vec::new();
    let mut ser_arms = Vec::new();
    let mut validate_arms = Vec::new();
    let mut string_arms = Vec::new();
    let mut tagged_arms = Vec::new();
    let mut parts_arms = Vec::new();
    let mut other_arms = Vec::new();
    let mut from_impls = Vec::new();
    let mut object_variant = None;
    let payload_types: Vec<String> = u
        .variants
        .iter()
        .filter_map(|v| match &v.kind {
            VariantKind::Tagged { payload, .. } | VariantKind::Untagged(payload) => {
                Some(rust_type(payload).to_string())
            }
            VariantKind::Value(_) => None,
        })
        .collect();
    for v in &u.variants {
        let ident = v.ident.to_ident();
        let docs = doc_attrs(&variant_docs(def, u, v));
        match &v.kind {
            VariantKind::Value(value) => {
                variants.push(quote!(#docs #ident,));
                ser_arms.push(quote!(Self::#ident => serializer.serialize_str(#value),));
                validate_arms.push(quote!(Self::#ident => {}));
                string_arms.push(quote!(#value => Ok(Self::#ident),));
            }
            VariantKind::Tagged { tag_value, payload } => {
                let ty = rust_type(payload);
                variants.push(quote!(#docs #ident(#ty),));
                validate_arms.push(validate_arm(&ident, payload, u.tagging.content()));
                let what = format!("`{tag_value}` variant of {type_name}");
                match u.tagging.content() {
                    Some(content) => {
                        ser_arms.push(quote!(Self::#ident(value) => codec::serialize_adjacent(serializer, #tag, #tag_value, #content, value),));
                        tagged_arms.push(quote!(#tag_value => serde_json::from_value(content).map(Self::#ident).map_err(|e| codec::invalid(#what, e)),));
                        if payload.kind == TyKind::String {
                            parts_arms
                                .push(quote!(#tag_value => Ok(Self::#ident(content.to_string())),));
                        } else {
                            parts_arms.push(quote!(#tag_value => serde_json::from_str(content).map(Self::#ident).map_err(|e| codec::invalid(#what, e)),));
                        }
                    }
                    None => {
                        ser_arms.push(quote!(Self::#ident(value) => codec::serialize_tagged(serializer, #tag, #tag_value, value),));
                    }
                }
                if payload_types
                    .iter()
                    .filter(|t| **t == ty.to_string())
                    .count()
                    == 1
                    && u.tagging.content().is_none()
                {
                    from_impls.push(quote! {
                        impl From<#ty> for #name {
                            fn from(value: #ty) -> Self { Self::#ident(value) }
                        }
                    });
                }
            }
            VariantKind::Untagged(payload) => {
                let ty = rust_type(payload);
                variants.push(quote!(#docs #ident(#ty),));
                ser_arms.push(quote!(Self::#ident(value) => value.serialize(serializer),));
                validate_arms.push(validate_arm(&ident, payload, None));
                let convert = untagged_convert(u, type_name, payload);
                let decodes = first_of_its_json_type(u, v);
                let unique = payload_types
                    .iter()
                    .filter(|t| **t == ty.to_string())
                    .count()
                    == 1;
                if unique && matches!(payload.kind, TyKind::Named(_) | TyKind::Array(_)) {
                    from_impls.push(quote! { impl From<#ty> for #name { fn from(value: #ty) -> Self { Self::#ident(value) } } });
                }
                match &payload.kind {
                    _ if !decodes => {}
                    TyKind::String => {
                        from_impls.push(quote! {
                            impl From<&str> for #name { fn from(value: &str) -> Self { Self::#ident(value.to_string()) } }
                            impl From<String> for #name { fn from(value: String) -> Self { Self::#ident(value) } }
                        });
                    }
                    TyKind::Named(_) | TyKind::Map(_) | TyKind::Object => {
                        object_variant = Some(convert)
                    }
                    TyKind::Array(_) => {
                        other_arms.push(quote!(value @ serde_json::Value::Array(_) => #convert,));
                    }
                    TyKind::Integer(_) | TyKind::Number => {
                        other_arms.push(quote!(value @ serde_json::Value::Number(_) => #convert,))
                    }
                    TyKind::Bool => {
                        other_arms.push(quote!(value @ serde_json::Value::Bool(_) => #convert,))
                    }
                    TyKind::Any => other_arms.push(quote!(value => #convert,)),
                }
            }
        }
    }
    if has_other {
        variants.push(quote!(
            /// A string value this version does not know (kept as sent; `validate()` reports it).
            Other(String),
        ));
        ser_arms.push(quote!(Self::Other(value) => serializer.serialize_str(value),));
        let known: Vec<&String> = u.values().collect();
        validate_arms.push(
            quote!(Self::Other(value) => validate::check::known_value(value, &[#(#known),*], path, out),),
        );
    }
    if has_unknown {
        match &unknown_fields {
            Some((tag_field, content_field)) => {
                variants.push(quote!(
                    /// An event this version does not know, kept as received.
                    Unknown { #tag_field: String, #content_field: serde_json::Value },
                ));
                let content = u.tagging.content().expect("adjacent");
                ser_arms.push(quote!(Self::Unknown { #tag_field, #content_field } => codec::serialize_adjacent(serializer, #tag, #tag_field, #content, #content_field),));
            }
            None => {
                variants.push(quote!(
                    /// A variant this version does not know, kept as received.
                    Unknown(serde_json::Value),
                ));
                ser_arms.push(quote!(Self::Unknown(value) => value.serialize(serializer),));
            }
        }
        // Parsing keeps an unknown variant (forward compatibility); a request that sends one is
        // still not valid for its schema, so `validate()` says so.
        let known: Vec<&String> = u.tag_values().collect();
        let unknown_arm = match &unknown_fields {
            Some((tag_field, _)) => {
                quote!(Self::Unknown { #tag_field, .. } => validate::check::known_value(#tag_field, &[#(#known),*], &path.key(#tag), out),)
            }
            None => quote! {
                Self::Unknown(value) => match value.get(#tag).and_then(serde_json::Value::as_str) {
                    Some(tag) => validate::check::known_value(tag, &[#(#known),*], &path.key(#tag), out),
                    None => validate::check::missing(#tag, path, out),
                },
            },
        };
        validate_arms.push(unknown_arm);
    }

    // Adjacently tagged unions (stream events, whose hot path is `from_parts`) deserialize from
    // a buffered `serde_json::Value`, dispatching on the JSON type and then on the tag, so that
    // an unknown tag is kept and a malformed known one is an error. Every other union goes
    // through `union_impl`.
    let string_arm = if u.has_values() || u.untagged_string().is_some() {
        let fallback = match u.untagged_string() {
            Some(text) => {
                let ident = text.ident.to_ident();
                quote!(Ok(Self::#ident(value)))
            }
            None => quote!(Ok(Self::Other(value))),
        };
        Some(if string_arms.is_empty() {
            quote!(serde_json::Value::String(value) => #fallback,)
        } else {
            quote! {
                serde_json::Value::String(value) => match value.as_str() {
                    #(#string_arms)*
                    _ => #fallback,
                },
            }
        })
    } else {
        None
    };
    let object_arm = match (u.tagging.content(), has_unknown) {
        (Some(content), true) => {
            let (tag_field, content_field) = unknown_fields.as_ref().expect("adjacent");
            Some(quote! {
                serde_json::Value::Object(mut map) => {
                    let tag = match map.remove(#tag) {
                        Some(serde_json::Value::String(tag)) => tag,
                        _ => return Err(serde::de::Error::custom(concat!(#type_name, ": missing string `", #tag, "`"))),
                    };
                    let content = map.remove(#content).unwrap_or(serde_json::Value::Null);
                    match tag.as_str() {
                        #(#tagged_arms)*
                        _ => Ok(Self::Unknown { #tag_field: tag, #content_field: content }),
                    }
                }
            })
        }
        _ => {
            object_variant.map(|convert| quote!(value @ serde_json::Value::Object(_) => #convert,))
        }
    };
    let fallback_arm =
        quote!(value => Err(serde::de::Error::custom(codec::unexpected(#type_name, &value))),);
    let from_parts = u.tagging.content().map(|content| {
        let (tag_field, content_field) = unknown_fields.as_ref().expect("adjacent");
        let doc = doc(&format!("Builds the value from its `{tag}` name and its `{content}` text as they arrive separately (in a server-sent event), parsing the text straight into the payload type."));
        quote! {
            impl #name {
                #doc
                pub fn from_parts(#tag_field: &str, #content_field: &str) -> Result<Self, serde_json::Error> {
                    let content = #content_field;
                    match #tag_field {
                        #(#parts_arms)*
                        _ => Ok(Self::Unknown {
                            #tag_field: #tag_field.to_string(),
                            #content_field: serde_json::from_str(content).unwrap_or_else(|_| serde_json::Value::String(content.to_string())),
                        }),
                    }
                }
            }
        }
    });
    let deserialize_impl = match union_impl(def, u) {
        Some(one_pass) => one_pass,
        None => quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    match serde_json::Value::deserialize(deserializer)? {
                        #string_arm
                        #object_arm
                        #(#other_arms)*
                        #fallback_arm
                    }
                }
            }
        },
    };
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                }
            }
        }
        #deserialize_impl
        #from_parts
        #(#from_impls)*
        impl Validate for #name {
            fn validate_at(&self, path: &validate::Path<'_>, out: &mut Vec<Violation>) {
                let _ = (path, &out);
                match self {
                    #(#validate_arms)*
                }
            }
        }
    }
}

/// The checks of a variant's payload; an adjacently tagged payload sits under its content key.
fn validate_arm(ident: &proc_macro2::Ident, payload: &Ty, content: Option<&str>) -> TokenStream {
    let stmts = checks_at(payload, &Value::bound("value"), content);
    match stmts.as_slice() {
        [] => quote!(Self::#ident(_) => {}),
        [stmt] => match expression(stmt) {
            Some(expr) => quote!(Self::#ident(value) => #expr,),
            None => {
                let body = block_body(&stmts);
                quote!(Self::#ident(value) => { #body })
            }
        },
        _ => quote!(Self::#ident(value) => { #(#stmts)* }),
    }
}

/// What goes between the braces of a body made of `stmts`: a lone block (a check that scopes
/// a `static`) is not wrapped in a second pair of braces.
fn block_body(stmts: &[TokenStream]) -> TokenStream {
    if let [stmt] = stmts {
        let mut tokens = stmt.clone().into_iter();
        if let (Some(proc_macro2::TokenTree::Group(group)), None) = (tokens.next(), tokens.next()) {
            if group.delimiter() == proc_macro2::Delimiter::Brace {
                return group.stream();
            }
        }
    }
    quote!(#(#stmts)*)
}

/// The expression of a single expression statement (`f(x);` gives `f(x)`).
fn expression(stmt: &TokenStream) -> Option<TokenStream> {
    let mut tokens: Vec<_> = stmt.clone().into_iter().collect();
    let is_semi = |t: &proc_macro2::TokenTree| matches!(t, proc_macro2::TokenTree::Punct(p) if p.as_char() == ';');
    match tokens.pop() {
        Some(last) if is_semi(&last) && !tokens.iter().any(is_semi) => {
            Some(tokens.into_iter().collect())
        }
        _ => None,
    }
}

/// The JSON type a variant's payload reads from.
fn json_type(ty: &Ty) -> &'static str {
    match &ty.kind {
        TyKind::String => "string",
        TyKind::Integer(_) | TyKind::Number => "number",
        TyKind::Bool => "boolean",
        TyKind::Array(_) => "array",
        TyKind::Named(_) | TyKind::Map(_) | TyKind::Object => "object",
        TyKind::Any => "value",
    }
}

/// The untagged variants whose payloads read the same JSON type as `payload`, in order.
fn untagged_of_json_type<'u>(u: &'u Union, payload: &Ty) -> Vec<&'u Variant> {
    u.variants
        .iter()
        .filter(
            |v| matches!(&v.kind, VariantKind::Untagged(t) if json_type(t) == json_type(payload)),
        )
        .collect()
}

/// Whether `v` is the first untagged variant of its JSON type: the one whose arm decodes them.
fn first_of_its_json_type(u: &Union, v: &Variant) -> bool {
    let VariantKind::Untagged(payload) = &v.kind else {
        return false;
    };
    untagged_of_json_type(u, payload)
        .first()
        .is_some_and(|first| std::ptr::eq(*first, v))
}

/// How a JSON `value` of `payload`'s JSON type becomes the union: the variant's payload, or,
/// when several variants read that JSON type (no tag tells them apart), each tried in order,
/// the first that decodes kept.
fn untagged_convert(u: &Union, type_name: &str, payload: &Ty) -> TokenStream {
    let group = untagged_of_json_type(u, payload);
    let names: Vec<&str> = group.iter().map(|v| v.ident.name.as_str()).collect();
    let mut convert: Option<TokenStream> = None;
    for (i, v) in group.iter().enumerate().rev() {
        let ident = v.ident.to_ident();
        convert = Some(match convert {
            None => {
                let what = match i {
                    0 => format!("{} variant of {type_name}", v.ident.name),
                    _ => format!(
                        "{} variant of {type_name} (tried last of {})",
                        v.ident.name,
                        names.join(", ")
                    ),
                };
                quote!(serde_json::from_value(value).map(Self::#ident).map_err(|e| codec::invalid(#what, e)))
            }
            Some(rest) => quote! {
                match serde_json::from_value(value.clone()) {
                    Ok(payload) => Ok(Self::#ident(payload)),
                    Err(_) => #rest,
                }
            },
        });
    }
    convert.expect("the payload's own variant is in the group")
}

/// Every union but the adjacently tagged ones decodes in one pass through
/// [`DeserializeUnion`](crate::codec::DeserializeUnion): strings are matched borrowed, known tags
/// go straight to their payload type, an untagged union's object straight to its object variant.
/// Only the rest (unknown tags, arrays, numbers...) is read as a `serde_json::Value`.
fn union_impl(def: &TypeDef, u: &Union) -> Option<TokenStream> {
    if let Tagging::Adjacent { .. } = u.tagging {
        return None;
    }
    let name = def.name.to_ident();
    let type_name = &def.name.name;
    let tag = u.tagging.tag().filter(|_| u.has_tagged());
    let (mut tags, mut tagged) = (Vec::new(), Vec::new());
    let (mut strings, mut untagged_string) = (Vec::new(), None);
    let mut object_variant = None;
    let mut other_arms = Vec::new();
    for v in &u.variants {
        let ident = v.ident.to_ident();
        match &v.kind {
            VariantKind::Value(value) => strings.push(quote!(#value => Self::#ident,)),
            VariantKind::Tagged { tag_value, .. } => {
                tags.push(tag_value.clone());
                tagged.push(ident);
            }
            VariantKind::Untagged(payload) if first_of_its_json_type(u, v) => {
                let what = format!("{} variant of {type_name}", v.ident.name);
                let convert = untagged_convert(u, type_name, payload);
                let alone = untagged_of_json_type(u, payload).len() == 1;
                match &payload.kind {
                    TyKind::String => untagged_string = Some(ident),
                    TyKind::Named(_) | TyKind::Map(_) | TyKind::Object => {
                        object_variant = Some((ident, what, convert, alone))
                    }
                    TyKind::Array(_) => {
                        other_arms.push(quote!(value @ serde_json::Value::Array(_) => #convert,))
                    }
                    TyKind::Integer(_) | TyKind::Number => {
                        other_arms.push(quote!(value @ serde_json::Value::Number(_) => #convert,))
                    }
                    TyKind::Bool => {
                        other_arms.push(quote!(value @ serde_json::Value::Bool(_) => #convert,))
                    }
                    TyKind::Any => other_arms.push(quote!(value => #convert,)),
                }
            }
            // Tried after the first variant of its JSON type, by that variant's conversion.
            VariantKind::Untagged(_) => {}
        }
    }
    let tagged_fns = tag.map(|tag| {
        quote! {
            const TAG: Option<&'static str> = Some(#tag);
            fn is_known(tag: &str) -> bool {
                matches!(tag, #(#tags)|*)
            }
            fn variant<'de, D: serde::Deserializer<'de>>(tag: &str, rest: D) -> Result<Self, D::Error> {
                match tag {
                    #(#tags => Deserialize::deserialize(rest).map(Self::#tagged),)*
                    _ => Err(codec::unknown_tag(tag)),
                }
            }
        }
    });
    let string_fn = (!strings.is_empty() || untagged_string.is_some()).then(|| {
        let fallback = match &untagged_string {
            Some(text) => quote!(Self::#text(value.to_string())),
            None => quote!(Self::Other(value.to_string())),
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
            None if !alone => other_arms.insert(0, quote!(value @ serde_json::Value::Object(_) => #convert,)),
            None => {
                object_fn = Some(quote! {
                    fn object<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                        Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                            .map(Self::#ident)
                            .map_err(|e| codec::invalid(#what, e))
                    }
                });
            }
            Some(tag) => other_arms.insert(
                0,
                quote!(value @ serde_json::Value::Object(_) if value.get(#tag).is_none() => #convert,),
            ),
        }
    }
    let fallback = if tag.is_some() {
        quote!(Ok(Self::Unknown(value)))
    } else {
        quote!(Err(codec::unexpected(Self::NAME, &value)))
    };
    let other = if other_arms.is_empty() {
        fallback
    } else {
        quote!(match value { #(#other_arms)* value => #fallback, })
    };
    Some(quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                codec::deserialize_union(deserializer)
            }
        }
        impl codec::DeserializeUnion for #name {
            const NAME: &'static str = #type_name;
            #tagged_fns
            #string_fn
            #object_fn
            fn other(value: serde_json::Value) -> Result<Self, serde_json::Error> {
                #other
            }
        }
    })
}
