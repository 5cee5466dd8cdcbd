//! Stage 4: model → tokens for the types: each type's definition, docs, and the facts the
//! runtime's derives (`openapi_runtime::{Object, StringEnum, Union}`) turn into serde impls,
//! builders and `validate()`, as `#[api(...)]` attributes. Only newtypes write impls here.

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

/// What `types.rs` starts with, before the types.
pub fn prelude(model: &Model) -> TokenStream {
    // Structs, enums and unions name the runtime's derives alone; newtypes and integer enums
    // still write their
    // impls, and a crate without them must not import what they use (unused imports).
    let validate = model
        .types
        .values()
        .any(|def| matches!(def.kind, TypeKind::Newtype(_) | TypeKind::IntegerEnum(_)))
        .then(|| {
            quote!(
                use openapi_runtime::validate::{self, Validate, Violation};
            )
        });
    quote! {
        #![allow(clippy::large_enum_variant)]
        #validate
    }
}

/// One type: its definition with derives and facts (a newtype with its impls).
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
        TypeKind::IntegerEnum(e) => integer_enum(def, e),
    }
}

/// A union of integer constants: `pub struct Level(pub i64);` with `Level::QUIET` and the
/// others as associated constants, (de)serialized as the number; `validate()` reports a value
/// that is none of them.
fn integer_enum(def: &TypeDef, e: &IntegerEnum) -> TokenStream {
    let name = def.name.to_ident();
    let docs = doc_attrs(&def.docs);
    let int = proc_macro2::Ident::new(e.int.rust_name(), proc_macro2::Span::call_site());
    let consts = e.values.iter().map(|v| {
        let ident = v.ident.to_ident();
        let docs = doc_attrs(&v.docs);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(#docs pub const #ident: Self = Self(#value);)
    });
    let value = match e.int {
        IntType::I64 => quote!(self.0),
        // A value past `i64::MAX` wraps to a negative number: none of the known ones.
        IntType::U64 => quote!(self.0 as i64),
        _ => quote!(i64::from(self.0)),
    };
    let known = e.values.iter().map(|v| Literal::i64_unsuffixed(v.value));
    let transparent = transparent(&name, &quote!(#int));
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct #name(pub #int);
        impl #name {
            #(#consts)*
        }
        #transparent
        impl Validate for #name {
            fn validate_at(&self, path: &validate::Path<'_>, out: &mut Vec<Violation>) {
                validate::check::known_integer(#value, &[#(#known),*], path, out);
            }
        }
    }
}

/// `From` the held value, serde as the held value, and the held value's zero (for a required
/// field a response leaves out): the impls of a one-field tuple struct `name(pub inner)`.
fn transparent(name: &proc_macro2::Ident, inner: &TokenStream) -> TokenStream {
    quote! {
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
        impl openapi_runtime::codec::Zero for #name {
            fn zero() -> Option<Self> {
                openapi_runtime::codec::Zero::zero().map(Self)
            }
        }
    }
}

/// A recursive array or map: `pub struct A(pub Vec<A>);`, (de)serialized as what it holds.
fn newtype(def: &TypeDef, ty: &Ty) -> TokenStream {
    let name = def.name.to_ident();
    let docs = doc_attrs(&def.docs);
    let inner = rust_type(ty);
    let transparent = transparent(&name, &inner);
    let default = matches!(ty.kind, TyKind::Array(_) | TyKind::Map(_)).then(|| quote!(Default,));
    let stmts = checks(ty, &Value::Place(quote!(self.0)), &quote!(path));
    let (path, out) = if stmts.is_empty() {
        (quote!(_path), quote!(_out))
    } else {
        (quote!(path), quote!(out))
    };
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq)]
        pub struct #name(pub #inner);
        #transparent
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
        TyKind::Tuple(elements) => {
            let elements = elements.iter().map(rust_type);
            quote!((#(#elements,)*))
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
/// constraints, `builder`, `exactly_one_of`, `any_of_required`). Whether a field may be left out is its type.
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
            let items = check_facts(ty);
            let attr = (!items.is_empty()).then(|| quote!(#[api(items(#(#items),*))]));
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
    for sets in &s.any_of_required {
        let sets = sets.iter().map(|set| {
            let keys = set.iter().map(|k| Literal::string(k));
            quote!([#(#keys),*])
        });
        facts.push(quote!(any_of_required(#(#sets),*)));
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
    if let TyKind::Tuple(elements) = &ty.kind {
        // One `element(...)` per element, in order (`element` alone without constraints), when
        // any element has constraints.
        let elements: Vec<Vec<TokenStream>> = elements.iter().map(check_facts).collect();
        if elements.iter().any(|e| !e.is_empty()) {
            let elements = elements.iter().map(|e| match e.is_empty() {
                true => quote!(element),
                false => quote!(element(#(#e),*)),
            });
            facts.push(quote!(elements(#(#elements),*)));
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
        TyKind::Tuple(elements) => elements.iter().all(delegates),
        _ => false,
    }
}

fn count(n: u64) -> Literal {
    Literal::u64_unsuffixed(n)
}

/// Statements that check `value` against `ty`'s constraints, each reporting at `path` (an
/// expression of type `&validate::Path`; a loop binds the path of each item). Newtypes use
/// them; structs and unions state their constraints for the runtime's derives.
fn checks(ty: &Ty, value: &Value, path: &TokenStream) -> Vec<TokenStream> {
    let c = &ty.checks;
    let (min_items, max_items) = (c.min_items.map(count), c.max_items.map(count));
    let (min_length, max_length) = (c.min_length.map(count), c.max_length.map(count));
    let (min_properties, max_properties) =
        (c.min_properties.map(count), c.max_properties.map(count));
    let key_max_length = c.key_max_length.map(count);
    let mut stmts = Vec::new();
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
            items(item, receiver, path, each, quote!(index(i)), &mut stmts);
        }
        // Each element with checks of its own, at its index.
        TyKind::Tuple(elements) => {
            for (i, element) in elements.iter().enumerate() {
                let inner = checks(element, &Value::bound("item"), &quote!(path));
                if inner.is_empty() {
                    continue;
                }
                let index = Literal::usize_unsuffixed(i);
                stmts.push(quote!({
                    let item = &#receiver.#index;
                    let path = &#path.index(#index);
                    #(#inner)*
                }));
            }
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
                // Borrowed: a required field is a place (`self.map`), not a reference.
                let each = quote!(for (key, item) in #arg);
                items(item, receiver, path, each, quote!(key(key)), &mut stmts);
            }
        }
        _ => {}
    }
    stmts
}

/// The checks of every item of an array or map: the container's `validate_at` when the items
/// are generated types, else a loop (`each`) that binds each item's path (`path.#segment`).
fn items(
    item: &Ty,
    receiver: &TokenStream,
    path: &TokenStream,
    each: TokenStream,
    segment: TokenStream,
    stmts: &mut Vec<TokenStream>,
) {
    if delegates(item) {
        stmts.push(quote!(#receiver.validate_at(#path, out);));
        return;
    }
    let inner = checks(item, &Value::bound("item"), &quote!(path));
    if !inner.is_empty() {
        stmts.push(quote!(#each { let path = &#path.#segment; #(#inner)* }));
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

/// A union: its variants, and the facts the `Union` derive needs: the tag and content keys,
/// the tag values of the tagged variants and the strings of the unit ones (in order), the
/// variants of a tagged union that have no tag, and the constraints of payloads.
fn union(def: &TypeDef, u: &Union) -> TokenStream {
    let name = def.name.to_ident();
    let docs = doc_attrs(&def.docs);
    let has_other = u.has_values() && u.untagged_string().is_none();
    let has_tagged = u.has_tagged();
    let mut variants = Vec::new();
    for v in &u.variants {
        let ident = v.ident.to_ident();
        let docs = doc_attrs(&variant_docs(def, u, v));
        variants.push(match &v.kind {
            VariantKind::Value(_) => quote!(#docs #ident,),
            VariantKind::Tagged { payload, .. } => {
                let ty = rust_type(payload);
                let attr = api_attr(&check_facts(payload));
                quote!(#docs #attr #ident(#ty),)
            }
            VariantKind::Untagged(payload) => {
                let ty = rust_type(payload);
                let mut facts = Vec::new();
                if has_tagged {
                    facts.push(quote!(untagged));
                }
                facts.extend(check_facts(payload));
                let attr = api_attr(&facts);
                quote!(#docs #attr #ident(#ty),)
            }
        });
    }
    if has_other {
        variants.push(quote!(
            /// A string value this version does not know (kept as sent; `validate()` reports it).
            Other(String),
        ));
    }
    let mut facts = Vec::new();
    if has_tagged {
        if let Some(tag) = u.tagging.tag() {
            let tag = Literal::string(tag);
            facts.push(quote!(tag = #tag));
        }
    }
    match (u.tagging.content(), has_tagged) {
        (Some(content), true) => {
            let tag = u.tagging.tag().unwrap_or_default();
            let (tag_field, content_field) = (
                naming::field(tag).to_ident(),
                naming::field(content).to_ident(),
            );
            variants.push(quote!(
                /// An event this version does not know, kept as received.
                Unknown { #tag_field: String, #content_field: serde_json::Value },
            ));
            let content = Literal::string(content);
            facts.push(quote!(content = #content));
        }
        (None, true) => variants.push(quote!(
            /// A variant this version does not know, kept as received.
            Unknown(serde_json::Value),
        )),
        _ => {}
    }
    if has_tagged {
        let tags = u.tag_values().map(|t| Literal::string(t));
        facts.push(quote!(tags(#(#tags),*)));
    }
    if u.has_values() {
        let values = u.values().map(|v| Literal::string(v));
        facts.push(quote!(values(#(#values),*)));
    }
    let attr = api_attr(&facts);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, openapi_runtime::Union)]
        #attr
        pub enum #name {
            #(#variants)*
        }
    }
}
