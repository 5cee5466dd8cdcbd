//! Stage 3 output: the plain-data model of the generated code. No token streams, only ordered
//! collections, so everything downstream is deterministic.

use std::collections::BTreeMap;

use crate::naming::Ident;

/// A type in the converter's arena, before names are assigned. The model is generic over how a
/// type refers to another (`R`): by [`TypeId`] while converting, by its Rust name (`String`) in
/// the finished [`Model`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub(crate) usize);

impl TypeId {
    /// The arena slot.
    pub(crate) fn index(self) -> usize {
        self.0
    }
}

#[derive(Clone, Debug, Default)]
pub struct Model {
    /// Every generated type, keyed by its Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Root schemas (components), by name, in the order they were declared.
    #[cfg_attr(not(feature = "internals"), allow(dead_code))]
    pub roots: Vec<String>,
    /// The operations of the OpenAPI document, in document order.
    pub operations: Vec<Operation>,
    /// How many operations the input has, also those not generated (a request body the client
    /// cannot send, ...).
    pub operations_in_input: usize,
    /// What the client runtime needs to know about the API as a whole.
    pub api: Api,
}

/// The API as a whole: where it is, how it authenticates, what its errors look like.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Api {
    /// `servers[0].url` of the document.
    pub base_url: Option<String>,
    /// The document asks for `Authorization: Bearer <key>`: a client without a key is an error.
    pub bearer: bool,
    /// The type of error response bodies, when every operation that declares one agrees.
    pub error_body: Option<String>,
    /// `from_env()` reads `<prefix>_API_KEY` and `<prefix>_BASE_URL`.
    pub env_prefix: String,
    /// `from_env()` sends the value of environment variable `.0` as header `.1`.
    pub env_headers: Vec<(String, String)>,
}

/// One HTTP operation: a client method (and a `*_stream` method when it can stream).
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub id: String,
    pub method_name: Ident,
    pub http_method: String,
    pub path: String,
    pub segments: Vec<Segment>,
    pub docs: Vec<String>,
    /// The generated struct holding the query parameters.
    pub query: Option<String>,
    /// Every field of the query struct is optional (it derives `Default`): the methods take
    /// the query as `impl Into<Option<..>>`, so callers may pass `None`.
    pub query_optional: bool,
    /// Required headers with one possible value, sent with every request.
    pub headers: Vec<(String, String)>,
    /// The generated type of a JSON or form request body.
    pub body: Option<String>,
    /// How the request body is sent, when there is one.
    pub request: Option<RequestMedia>,
    /// The document does not require the JSON or form body (`requestBody` without
    /// `required: true`) and the operation has no `stream` flag to set in it: the methods take
    /// the body as `impl Into<Option<&..>>`, and `None` sends no body.
    pub body_optional: bool,
    pub response: Response,
    /// The response can be `text/event-stream`.
    pub events: Option<Events>,
    /// For list operations with cursor pagination.
    pub page: Option<Page>,
}

/// The media type of a request body, as the operation sends it.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestMedia {
    /// JSON (`body`, or any JSON value without a schema) with this `Content-Type`
    /// (`application/json`, `application/merge-patch+json`, ...).
    Json(String),
    /// `application/x-www-form-urlencoded` of `body` (or any value without a schema).
    Form {
        /// Arrays as `a=1&a=2` (the `encoding` says `style: form`), not `a[]=1&a[]=2`.
        repeat_arrays: bool,
    },
    /// `multipart/form-data`.
    Multipart(MultipartForm),
    /// Bytes or a byte stream, sent with this `Content-Type`.
    Bytes(String),
}

/// A `multipart/form-data` body: a form struct of its own (file fields hold
/// `openapi_runtime::FilePart`s), or, when the schema is not an object, the runtime's
/// `Multipart` built by the caller.
#[derive(Clone, Debug, PartialEq)]
pub struct MultipartForm {
    /// The form struct's name.
    pub name: String,
    /// The properties that are files (`format: binary`, `contentMediaType`,
    /// `contentEncoding`), and whether each is an array of files.
    pub files: Vec<(String, bool)>,
    /// The body schema is a component's (which keeps its serde type when something else uses it).
    pub component: bool,
    /// The form's docs.
    pub docs: Vec<String>,
    /// The properties the `encoding` sends in bracket notation (`style: deepObject`).
    pub brackets: Vec<String>,
    /// The fields, in schema order; `None`: the schema is not an object with properties.
    pub fields: Option<Vec<FormField>>,
}

/// One field of a multipart form struct.
#[derive(Clone, Debug, PartialEq)]
pub struct FormField {
    pub json_name: String,
    pub ident: Ident,
    /// `None`: a file (`FilePart`), or files when `many`.
    pub ty: Option<Ty>,
    pub many: bool,
    pub required: bool,
    /// Sent in bracket notation (`name[key]` parts), as the `encoding` says with
    /// `style: deepObject`; otherwise an object is one JSON part.
    pub brackets: bool,
    pub docs: Vec<String>,
}

/// What the plain method of an operation returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Response {
    /// JSON of a generated type, or of any shape (`serde_json::Value`).
    Json(Option<String>),
    /// The body as bytes (a content type other than JSON).
    Bytes,
    /// Nothing (`204 No Content`).
    Empty,
    /// The operation only streams: there is no plain method.
    StreamOnly,
}

/// A `text/event-stream` response.
#[derive(Clone, Debug, PartialEq)]
pub struct Events {
    /// The type of one event (`serde_json::Value` when the document names none).
    pub ty: Option<String>,
    /// The request body has a `stream` flag: the `*_stream` method sends `"stream": true` and
    /// the plain method leaves it out.
    pub flag: bool,
}

/// A list response: `data: Vec<item>`, `has_more`, and `last_id` as the next cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub item: String,
    /// How the page holds `last_id` (a `String`, an `Option<String>` or a `Nullable<String>`).
    pub last_id: Presence,
    /// How the query holds `after`, the same way.
    pub after: Presence,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Segment {
    Literal(String),
    Param {
        name: String,
        ident: Ident,
        docs: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TypeDef<R = String> {
    pub name: Ident,
    pub docs: Vec<String>,
    pub kind: TypeKind<R>,
    /// Reachable from a request body: gets `new()` and chained setters.
    pub builder: bool,
}

/// Every kind of type the generator emits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind<R = String> {
    Struct(Struct<R>),
    /// A string enum: known values plus `Other(String)`.
    Enum(StringEnum),
    /// oneOf/anyOf: tagged object variants, string values and untagged branches in one enum.
    Union(Union<R>),
    /// A root whose schema is not a struct, enum or union (a map, a list, a scalar).
    Alias(Box<Ty<R>>),
    /// An array or map schema that contains itself (`A: {items: {$ref: A}}`): a tuple struct
    /// around the `Vec` or map, which an alias could not be.
    Newtype(Box<Ty<R>>),
    /// A union of integer constants (`oneOf` of titled `const`s): a newtype around the integer
    /// with an associated constant per value.
    IntegerEnum(IntegerEnum),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IntegerEnum {
    pub int: IntType,
    pub values: Vec<IntegerValue>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IntegerValue {
    /// The associated constant (`QUIET`).
    pub ident: Ident,
    pub value: i64,
    pub docs: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Struct<R = String> {
    pub fields: Vec<Field<R>>,
    /// What happens to properties the schema does not declare.
    pub extra: Extra<R>,
    pub exactly_one_of: Vec<Vec<String>>,
    /// At least one of these sets of fields is present (`anyOf` over `required` lists).
    pub any_of_required: Vec<Vec<Vec<String>>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Extra<R = String> {
    /// `additionalProperties: false`: unknown fields are an error.
    Deny,
    /// Kept in a flattened map so they survive a round trip.
    Keep(Box<Ty<R>>),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field<R = String> {
    pub json_name: String,
    pub ident: Ident,
    pub ty: Ty<R>,
    pub required: bool,
    pub nullable: bool,
    pub docs: Vec<String>,
    /// The documented default, shown in the docs; never injected.
    pub default: Option<String>,
}

impl<R> Field<R> {
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// How a field is stored: `T`, `Option<T>` (always serialized), `Option<T>` (skipped when
/// `None`), or `Nullable<T>` (absent, `null` or a value: three states).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Required,
    RequiredNullable,
    Optional,
    OptionalNullable,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StringEnum {
    pub variants: Vec<EnumValue>,
    /// `anyOf: [string, enum]`: any string is valid, the listed ones are just known. Otherwise
    /// `validate()` reports a value outside the list.
    pub open: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EnumValue {
    pub value: String,
    pub ident: Ident,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Union<R = String> {
    /// How the JSON of an object variant says which variant it is.
    pub tagging: Tagging,
    pub variants: Vec<Variant<R>>,
}

/// How a union's object variants are told apart. String values are always told apart by their
/// value, and branches without a tag (a fallback) by their JSON type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tagging {
    /// No tag property: every branch is told apart by its JSON type (tried in order when
    /// several share one).
    ByJsonType,
    /// The tag is a property beside the payload's fields: `{"type": "text", "text": ...}`.
    Internal { tag: String },
    /// The payload sits under its own property beside the tag:
    /// `{"event": "thread.created", "data": {...}}` (stream events).
    Adjacent { tag: String, content: String },
}

impl Tagging {
    /// The property that tells object variants apart (`type`, `event`).
    pub fn tag(&self) -> Option<&str> {
        match self {
            Tagging::ByJsonType => None,
            Tagging::Internal { tag } | Tagging::Adjacent { tag, .. } => Some(tag),
        }
    }

    /// The property holding an adjacently tagged variant's payload (`data`).
    pub fn content(&self) -> Option<&str> {
        match self {
            Tagging::Adjacent { content, .. } => Some(content),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Variant<R = String> {
    pub ident: Ident,
    pub docs: Vec<String>,
    pub kind: VariantKind<R>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum VariantKind<R = String> {
    /// A string value (`"auto"`), a unit variant.
    Value(String),
    /// An object whose tag property has this value; the payload excludes the tag.
    Tagged { tag_value: String, payload: Ty<R> },
    /// An untagged branch told apart by its JSON type.
    Untagged(Ty<R>),
}

impl<R: PartialEq> Union<R> {
    /// The string values of unit variants.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.variants.iter().filter_map(|v| match &v.kind {
            VariantKind::Value(s) => Some(s),
            _ => None,
        })
    }

    /// The tag values of tagged variants.
    pub fn tag_values(&self) -> impl Iterator<Item = &String> {
        self.variants.iter().filter_map(|v| match &v.kind {
            VariantKind::Tagged { tag_value, .. } => Some(tag_value),
            _ => None,
        })
    }

    pub fn has_values(&self) -> bool {
        self.values().next().is_some()
    }
    pub fn has_tagged(&self) -> bool {
        self.variants
            .iter()
            .any(|v| matches!(v.kind, VariantKind::Tagged { .. }))
    }
    pub fn untagged_string(&self) -> Option<&Variant<R>> {
        self.variants
            .iter()
            .find(|v| matches!(&v.kind, VariantKind::Untagged(t) if t.kind == TyKind::String))
    }
}

impl<R: Clone> TypeKind<R> {
    /// Calls `f` on every type expression the definition uses directly.
    pub fn for_each_ty_mut(&mut self, f: &mut dyn FnMut(&mut Ty<R>)) {
        match self {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|field| f(&mut field.ty));
                if let Extra::Keep(ty) = &mut s.extra {
                    f(ty);
                }
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| match &mut v.kind {
                VariantKind::Tagged { payload: ty, .. } | VariantKind::Untagged(ty) => f(ty),
                VariantKind::Value(_) => {}
            }),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => f(ty),
            TypeKind::Enum(_) | TypeKind::IntegerEnum(_) => {}
        }
    }

    /// The names of the generated types this definition refers to.
    pub fn referenced(&self) -> Vec<R> {
        fn walk<R: Clone>(ty: &Ty<R>, out: &mut Vec<R>) {
            match &ty.kind {
                TyKind::Named(n) => out.push(n.clone()),
                TyKind::Array(inner) | TyKind::Map(inner) => walk(inner, out),
                TyKind::Tuple(elements) => elements.iter().for_each(|e| walk(e, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        self.clone().for_each_ty_mut(&mut |ty| walk(ty, &mut out));
        out
    }
}

impl<R> TypeKind<R> {
    /// The same definition with every type reference replaced by `f` of it (ids by names).
    pub(crate) fn map_refs<S>(self, f: &dyn Fn(R) -> S) -> TypeKind<S> {
        match self {
            TypeKind::Struct(s) => TypeKind::Struct(Struct {
                fields: s
                    .fields
                    .into_iter()
                    .map(|field| Field {
                        json_name: field.json_name,
                        ident: field.ident,
                        ty: field.ty.map_refs(f),
                        required: field.required,
                        nullable: field.nullable,
                        docs: field.docs,
                        default: field.default,
                    })
                    .collect(),
                extra: match s.extra {
                    Extra::Deny => Extra::Deny,
                    Extra::Keep(ty) => Extra::Keep(Box::new(ty.map_refs(f))),
                },
                exactly_one_of: s.exactly_one_of,
                any_of_required: s.any_of_required,
            }),
            TypeKind::Enum(e) => TypeKind::Enum(e),
            TypeKind::IntegerEnum(e) => TypeKind::IntegerEnum(e),
            TypeKind::Union(u) => TypeKind::Union(Union {
                tagging: u.tagging,
                variants: u
                    .variants
                    .into_iter()
                    .map(|v| Variant {
                        ident: v.ident,
                        docs: v.docs,
                        kind: match v.kind {
                            VariantKind::Value(value) => VariantKind::Value(value),
                            VariantKind::Tagged { tag_value, payload } => VariantKind::Tagged {
                                tag_value,
                                payload: payload.map_refs(f),
                            },
                            VariantKind::Untagged(ty) => VariantKind::Untagged(ty.map_refs(f)),
                        },
                    })
                    .collect(),
            }),
            TypeKind::Alias(ty) => TypeKind::Alias(Box::new(ty.map_refs(f))),
            TypeKind::Newtype(ty) => TypeKind::Newtype(Box::new(ty.map_refs(f))),
        }
    }
}

impl<R> Ty<R> {
    /// The same expression with every type reference replaced by `f` of it.
    pub(crate) fn map_refs<S>(self, f: &dyn Fn(R) -> S) -> Ty<S> {
        let kind = match self.kind {
            TyKind::Any => TyKind::Any,
            TyKind::Bool => TyKind::Bool,
            TyKind::Integer(int) => TyKind::Integer(int),
            TyKind::Number => TyKind::Number,
            TyKind::String => TyKind::String,
            TyKind::Named(r) => TyKind::Named(f(r)),
            TyKind::Array(item) => TyKind::Array(Box::new(item.map_refs(f))),
            TyKind::Tuple(elements) => {
                TyKind::Tuple(elements.into_iter().map(|e| e.map_refs(f)).collect())
            }
            TyKind::Map(value) => TyKind::Map(Box::new(value.map_refs(f))),
            TyKind::Object => TyKind::Object,
        };
        Ty {
            kind,
            checks: self.checks,
            boxed: self.boxed,
        }
    }
}

/// A type expression with the value constraints that apply at this position.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ty<R = String> {
    pub kind: TyKind<R>,
    pub checks: Checks,
    /// Held in a `Box` because the type contains itself (see `cycles.rs`).
    pub boxed: bool,
}

impl<R> Ty<R> {
    pub fn plain(kind: TyKind<R>) -> Self {
        Self {
            kind,
            checks: Checks::default(),
            boxed: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TyKind<R = String> {
    Any,
    Bool,
    Integer(IntType),
    Number,
    String,
    /// A generated type: its [`TypeId`] while converting, its name in the finished model.
    Named(R),
    Array(Box<Ty<R>>),
    /// A JSON array of a fixed length, each element of its own type: a Rust tuple.
    Tuple(Vec<Ty<R>>),
    /// A JSON object used as a map from string keys to values of one type.
    Map(Box<Ty<R>>),
    /// A free-form JSON object.
    Object,
}

/// Equality and hashing compare the numbers by their bits (JSON numbers are never NaN, and
/// `-0.0` stays distinct from `0.0`), so that `Checks` can be part of a type's structural key.
#[derive(Clone, Debug, Default)]
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
    /// A one-value string enum: the only value the schema allows here.
    pub constant: Option<String>,
    /// A regular expression a string must match (in the `regex` crate's syntax).
    pub pattern: Option<String>,
}

impl PartialEq for Checks {
    fn eq(&self, other: &Self) -> bool {
        self.identity() == other.identity()
    }
}

impl Eq for Checks {}

impl std::hash::Hash for Checks {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.identity().hash(state);
    }
}

impl Model {
    /// Whether `validate()` checks a `pattern`: the crate then needs its `pattern` feature.
    pub fn uses_patterns(&self) -> bool {
        fn ty_uses(ty: &Ty) -> bool {
            ty.checks.pattern.is_some()
                || match &ty.kind {
                    TyKind::Array(item) | TyKind::Map(item) => ty_uses(item),
                    TyKind::Tuple(elements) => elements.iter().any(ty_uses),
                    _ => false,
                }
        }
        let mut found = false;
        for def in self.types.values() {
            let mut kind = def.kind.clone();
            kind.for_each_ty_mut(&mut |ty| found |= ty_uses(ty));
        }
        found
    }
}

impl Checks {
    fn identity(&self) -> impl Eq + std::hash::Hash + '_ {
        let bits = |n: Option<f64>| n.map(f64::to_bits);
        (
            [
                bits(self.minimum),
                bits(self.maximum),
                bits(self.exclusive_minimum),
                bits(self.exclusive_maximum),
                bits(self.multiple_of),
            ],
            [
                self.min_items,
                self.max_items,
                self.min_length,
                self.max_length,
                self.min_properties,
                self.max_properties,
                self.key_max_length,
            ],
            self.unique_items,
            &self.constant,
            &self.pattern,
        )
    }

    pub fn is_empty(&self) -> bool {
        *self == Checks::default()
    }
}

/// The Rust type of an integer, from the schema's `format` (`int32` → `i32`, `uint64` → `u64`);
/// `i64` without a format or with one that names no width. A value out of its range is a decode
/// error, as the schema says it cannot occur.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntType {
    I8,
    I16,
    I32,
    #[default]
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntType {
    pub fn from_format(format: Option<&str>) -> Self {
        match format {
            Some("int8") => Self::I8,
            Some("int16") => Self::I16,
            Some("int32") => Self::I32,
            Some("uint8") => Self::U8,
            Some("uint16") => Self::U16,
            Some("uint32") => Self::U32,
            Some("uint64") => Self::U64,
            _ => Self::I64,
        }
    }

    /// The Rust primitive: `i32`, `u64`...
    pub fn rust_name(self) -> &'static str {
        match self {
            Self::I8 => "i8",
            Self::I16 => "i16",
            Self::I32 => "i32",
            Self::I64 => "i64",
            Self::U8 => "u8",
            Self::U16 => "u16",
            Self::U32 => "u32",
            Self::U64 => "u64",
        }
    }
}
