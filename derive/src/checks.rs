//! The shape of a field's type (read from its Rust type) and the constraints on it (read from
//! `#[api(...)]`), and the `validate()` statements they make.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{GenericArgument, LitFloat, LitInt, LitStr, PathArguments, Type};

/// The constraints of one value.
#[derive(Default)]
pub struct Checks {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub key_max_length: Option<u64>,
    pub constant: Option<String>,
    pub pattern: Option<String>,
    /// The constraints of each item of an array or map.
    pub items: Option<Box<Checks>>,
    /// The constraints of each element of a tuple, in order (none: no element has any).
    pub elements: Vec<Checks>,
}

impl Checks {
    fn is_empty(&self) -> bool {
        self.minimum.is_none()
            && self.maximum.is_none()
            && self.exclusive_minimum.is_none()
            && self.exclusive_maximum.is_none()
            && self.multiple_of.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && !self.unique_items
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.min_properties.is_none()
            && self.max_properties.is_none()
            && self.key_max_length.is_none()
            && self.constant.is_none()
            && self.pattern.is_none()
            && self.items.as_ref().is_none_or(|items| items.is_empty())
            && self.elements.iter().all(Checks::is_empty)
    }

    /// Reads one constraint; `Ok(false)` if `meta` is not one.
    pub fn parse(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<bool> {
        let Some(name) = meta.path.get_ident().map(ToString::to_string) else {
            return Ok(false);
        };
        match name.as_str() {
            "minimum" => self.minimum = Some(number(meta)?),
            "maximum" => self.maximum = Some(number(meta)?),
            "exclusive_minimum" => self.exclusive_minimum = Some(number(meta)?),
            "exclusive_maximum" => self.exclusive_maximum = Some(number(meta)?),
            "multiple_of" => self.multiple_of = Some(number(meta)?),
            "min_items" => self.min_items = Some(count(meta)?),
            "max_items" => self.max_items = Some(count(meta)?),
            "unique_items" => self.unique_items = true,
            "min_length" => self.min_length = Some(count(meta)?),
            "max_length" => self.max_length = Some(count(meta)?),
            "min_properties" => self.min_properties = Some(count(meta)?),
            "max_properties" => self.max_properties = Some(count(meta)?),
            "key_max_length" => self.key_max_length = Some(count(meta)?),
            "constant" => self.constant = Some(meta.value()?.parse::<LitStr>()?.value()),
            "pattern" => self.pattern = Some(meta.value()?.parse::<LitStr>()?.value()),
            "items" => {
                let mut items = Checks::default();
                meta.parse_nested_meta(|meta| {
                    if items.parse(&meta)? {
                        Ok(())
                    } else {
                        Err(meta.error("unknown constraint"))
                    }
                })?;
                self.items = Some(Box::new(items));
            }
            "elements" => meta.parse_nested_meta(|meta| {
                if !meta.path.is_ident("element") {
                    return Err(
                        meta.error("`elements` holds one `element(...)` or `element` per element")
                    );
                }
                let mut element = Checks::default();
                // A bare `element`: one without constraints.
                if meta.input.is_empty() || meta.input.peek(syn::Token![,]) {
                    self.elements.push(element);
                    return Ok(());
                }
                meta.parse_nested_meta(|meta| {
                    if element.parse(&meta)? {
                        Ok(())
                    } else {
                        Err(meta.error("unknown constraint"))
                    }
                })?;
                self.elements.push(element);
                Ok(())
            })?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

fn number(meta: &ParseNestedMeta<'_>) -> syn::Result<f64> {
    let input = meta.value()?;
    let negative = input.parse::<Option<syn::Token![-]>>()?.is_some();
    let value = if input.peek(LitFloat) {
        input.parse::<LitFloat>()?.base10_parse::<f64>()?
    } else {
        input.parse::<LitInt>()?.base10_parse::<f64>()?
    };
    Ok(if negative { -value } else { value })
}

fn count(meta: &ParseNestedMeta<'_>) -> syn::Result<u64> {
    meta.value()?.parse::<LitInt>()?.base10_parse()
}

/// What a Rust type holds, as far as checks go.
pub enum Kind {
    Any,
    Integer,
    Number,
    String,
    Bool,
    Other,
    /// A generated type (checked by its own `validate_at`).
    Named,
    Array(Box<Kind>),
    /// A Rust tuple: a JSON array of a fixed length, each element of its own kind.
    Tuple(Vec<Kind>),
    Map(Box<Kind>),
    Object,
}

/// How a field may be left out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Required,
    /// `Option<T>` with `#[api(required)]`: present, maybe `null`.
    RequiredNullable,
    /// `Option<T>`.
    Optional,
    /// `Nullable<T>`.
    OptionalNullable,
}

impl Presence {
    pub fn required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }
}

fn last_segment(ty: &Type) -> Option<(&syn::Path, &syn::PathSegment)> {
    match ty {
        Type::Path(p) if p.qself.is_none() => Some((&p.path, p.path.segments.last()?)),
        _ => None,
    }
}

/// The type arguments of the last segment of `ty`'s path.
fn args(segment: &syn::PathSegment) -> Vec<&Type> {
    match &segment.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|a| match a {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn path_is(path: &syn::Path, names: &[&str]) -> bool {
    path.segments.len() == names.len() && path.segments.iter().zip(names).all(|(s, n)| s.ident == n)
}

/// `Option<T>` / `Nullable<T>` around `T`: how the field may be left out, and `T`.
pub fn presence(ty: &Type, required: bool) -> (Presence, &Type) {
    if let Some((path, segment)) = last_segment(ty) {
        if let [inner] = args(segment)[..] {
            if path_is(path, &["Option"]) {
                let presence = if required {
                    Presence::RequiredNullable
                } else {
                    Presence::Optional
                };
                return (presence, inner);
            }
            if segment.ident == "Nullable" {
                return (Presence::OptionalNullable, inner);
            }
        }
    }
    (Presence::Required, ty)
}

/// What `ty` (the type inside any `Option`/`Nullable`) holds.
pub fn kind(ty: &Type) -> Kind {
    if let Type::Tuple(tuple) = ty {
        return Kind::Tuple(tuple.elems.iter().map(kind).collect());
    }
    let Some((path, segment)) = last_segment(ty) else {
        return Kind::Other;
    };
    let args = args(segment);
    if path_is(path, &["Box"]) && args.len() == 1 {
        return kind(args[0]);
    }
    if path_is(path, &["Vec"]) && args.len() == 1 {
        return Kind::Array(Box::new(kind(args[0])));
    }
    if segment.ident == "BTreeMap" && args.len() == 2 {
        return Kind::Map(Box::new(kind(args[1])));
    }
    if path_is(path, &["serde_json", "Map"]) {
        return Kind::Object;
    }
    if path_is(path, &["serde_json", "Value"]) {
        return Kind::Any;
    }
    if path.segments.len() != 1 {
        return Kind::Named;
    }
    match segment.ident.to_string().as_str() {
        "String" => Kind::String,
        "f64" | "f32" => Kind::Number,
        "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128" | "isize"
        | "usize" => Kind::Integer,
        "bool" => Kind::Bool,
        _ => Kind::Named,
    }
}

/// Whether checking a value is only asking its generated type (directly, or for every item of
/// an array or map without limits of its own): `validate_at` on the value does it all.
pub fn delegates(kind: &Kind, checks: &Checks) -> bool {
    match kind {
        Kind::Named => true,
        Kind::Array(item) | Kind::Map(item) => {
            let empty = Checks::default();
            let items = checks.items.as_deref().unwrap_or(&empty);
            checks.is_empty() && delegates(item, items)
        }
        // The runtime checks each element at its index.
        Kind::Tuple(elements) => {
            let empty = Checks::default();
            elements
                .iter()
                .enumerate()
                .all(|(i, element)| delegates(element, checks.elements.get(i).unwrap_or(&empty)))
        }
        _ => false,
    }
}

/// Statements checking `value` (an expression of type `&T`) at `path` (an expression of type
/// `&Path`), appending to `out`.
pub fn statements(
    kind: &Kind,
    checks: &Checks,
    value: &TokenStream,
    path: &TokenStream,
) -> Vec<TokenStream> {
    let check = quote!(::openapi_runtime::validate::check);
    let mut stmts = Vec::new();
    if delegates(kind, checks) {
        stmts.push(quote!(::openapi_runtime::Validate::validate_at(#value, #path, out);));
        return stmts;
    }
    let c = checks;
    let count = |n: u64| Literal::u64_unsuffixed(n);
    match kind {
        Kind::Integer | Kind::Number => {
            let number = match kind {
                Kind::Integer => quote!(*#value as f64),
                _ => quote!(*#value),
            };
            let bounds = [
                (c.minimum, quote!(minimum)),
                (c.maximum, quote!(maximum)),
                (c.exclusive_minimum, quote!(exclusive_minimum)),
                (c.exclusive_maximum, quote!(exclusive_maximum)),
                (c.multiple_of, quote!(multiple_of)),
            ];
            for (bound, name) in bounds {
                if let Some(bound) = bound.map(Literal::f64_unsuffixed) {
                    stmts.push(quote!(#check::#name(#number, #bound, #path, out);));
                }
            }
        }
        Kind::String => {
            if let Some(min) = c.min_length.map(count) {
                stmts.push(quote!(#check::min_length(#value, #min, #path, out);));
            }
            if let Some(max) = c.max_length.map(count) {
                stmts.push(quote!(#check::max_length(#value, #max, #path, out);));
            }
            if let Some(constant) = &c.constant {
                let constant = crate::lit(constant);
                stmts.push(quote!(#check::constant(#value, #constant, #path, out);));
            }
            if let Some(pattern) = &c.pattern {
                let pattern = crate::lit(pattern);
                stmts.push(quote! {{
                    static PATTERN: #check::Pattern = #check::Pattern::new(#pattern);
                    PATTERN.check(#value, #path, out);
                }});
            }
        }
        Kind::Array(item) => {
            if let Some(min) = c.min_items.map(count) {
                stmts.push(quote!(#check::min_items(#value.len(), #min, #path, out);));
            }
            if let Some(max) = c.max_items.map(count) {
                stmts.push(quote!(#check::max_items(#value.len(), #max, #path, out);));
            }
            if c.unique_items {
                stmts.push(quote!(#check::unique_items(#value, #path, out);));
            }
            stmts.extend(items(item, c, value, path, true));
        }
        Kind::Map(_) | Kind::Object => {
            if let Some(min) = c.min_properties.map(count) {
                stmts.push(quote!(#check::min_properties(#value.len(), #min, #path, out);));
            }
            if let Some(max) = c.max_properties.map(count) {
                stmts.push(quote!(#check::max_properties(#value.len(), #max, #path, out);));
            }
            if let Some(max) = c.key_max_length.map(count) {
                stmts.push(quote!(#check::key_max_length(#value.keys(), #max, #path, out);));
            }
            if let Kind::Map(item) = kind {
                stmts.extend(items(item, c, value, path, false));
            }
        }
        // Each element with checks of its own, at its index.
        Kind::Tuple(elements) => {
            let empty = Checks::default();
            for (i, element) in elements.iter().enumerate() {
                let element_checks = c.elements.get(i).unwrap_or(&empty);
                let inner = statements(element, element_checks, &quote!(item), &quote!(path));
                if inner.is_empty() {
                    continue;
                }
                let index = Literal::usize_unsuffixed(i);
                stmts.push(quote!({
                    let item = &#value.#index;
                    let path = &#path.index(#index);
                    #(#inner)*
                }));
            }
        }
        _ => {}
    }
    stmts
}

/// The checks of every item of an array (`indexed`) or map.
fn items(
    item: &Kind,
    checks: &Checks,
    value: &TokenStream,
    path: &TokenStream,
    indexed: bool,
) -> Option<TokenStream> {
    let empty = Checks::default();
    let item_checks = checks.items.as_deref().unwrap_or(&empty);
    if delegates(item, item_checks) {
        return Some(quote!(::openapi_runtime::Validate::validate_at(#value, #path, out);));
    }
    let inner = statements(item, item_checks, &quote!(item), &quote!(path));
    if inner.is_empty() {
        return None;
    }
    Some(if indexed {
        quote! {
            for (i, item) in #value.iter().enumerate() {
                let path = &#path.index(i);
                #(#inner)*
            }
        }
    } else {
        quote! {
            for (key, item) in #value {
                let path = &#path.key(key);
                #(#inner)*
            }
        }
    })
}
