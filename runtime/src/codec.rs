//! Serialization helpers shared by the generated types: what the expansions of the derives
//! (`Object`, `StringEnum`, `Union`, in the `openapi-derive` crate) call. Not part of the
//! public API.

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

pub use crate::extra::Extra;
/// The crates the derives' expansions name, so that generated code needs no dependency of its
/// own on them.
pub use serde;
pub use serde_json;

/// Implemented by every generated struct: writes its fields into a map that the caller opened,
/// so that a tagged union can write its tag first and the payload's fields after it without
/// buffering.
pub trait SerializeFields {
    fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// A recursive payload is boxed; its fields are the boxed value's.
impl<T: SerializeFields + ?Sized> SerializeFields for Box<T> {
    fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        (**self).serialize_fields(map)
    }
}

/// A field that can be left out of the JSON: `Option` (`None`) or `Nullable` (`Absent`).
pub trait Omittable {
    fn is_omitted(&self) -> bool;
}

impl<T> Omittable for Option<T> {
    fn is_omitted(&self) -> bool {
        self.is_none()
    }
}

impl<T> Omittable for crate::Nullable<T> {
    fn is_omitted(&self) -> bool {
        self.is_absent()
    }
}

/// Writes `key: value` unless the field was left out (a `Some` is written as its value).
#[inline]
pub fn optional_entry<M: SerializeMap, T: Serialize + Omittable>(
    map: &mut M,
    key: &str,
    value: &T,
) -> Result<(), M::Error> {
    if value.is_omitted() {
        Ok(())
    } else {
        map.serialize_entry(key, value)
    }
}

/// Where a struct remembers the required fields its decoded object left out: its `extra`.
/// [`Extra`] remembers them; a typed map (`additionalProperties` with a schema) cannot, so such
/// a struct stays strict (a missing required field is a decoding error).
pub trait Absences {
    /// Records that `key` was left out; `false` if this bag cannot remember it.
    fn mark_absent(&mut self, key: &'static str) -> bool;
    fn is_absent(&self, key: &str) -> bool;
}

impl Absences for Extra {
    fn mark_absent(&mut self, key: &'static str) -> bool {
        Extra::mark_absent(self, key);
        true
    }
    fn is_absent(&self, key: &str) -> bool {
        Extra::is_absent(self, key)
    }
}

impl<V> Absences for std::collections::BTreeMap<String, V> {
    fn mark_absent(&mut self, _: &'static str) -> bool {
        false
    }
    fn is_absent(&self, _: &str) -> bool {
        false
    }
}

/// Writes a required-but-nullable field: its value, or `null`, unless the decoded object left
/// it out and it is still `None` (then nothing, so that the output is the input).
#[inline]
pub fn required_nullable_entry<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &str,
    value: &Option<T>,
    extra: &impl Absences,
) -> Result<(), M::Error> {
    if value.is_none() && extra.is_absent(key) {
        Ok(())
    } else {
        map.serialize_entry(key, value)
    }
}

/// Whether the required field `key` counts as left out: the decoded object left it out and it
/// still holds the value it was given then (`zero`). Such a field is not written, and
/// `validate()` reports it missing; a value set since is written and checked as usual.
#[inline]
pub fn left_out<T: PartialEq>(
    key: &str,
    value: &T,
    extra: &impl Absences,
    zero: impl FnOnce() -> Option<T>,
) -> bool {
    extra.is_absent(key) && zero().as_ref() == Some(value)
}

/// Writes a required field, unless it is [`left_out`] (so that the output is the input).
#[inline]
pub fn required_entry<M: SerializeMap, T: Serialize + PartialEq>(
    map: &mut M,
    key: &str,
    value: &T,
    extra: &impl Absences,
    zero: impl FnOnce() -> Option<T>,
) -> Result<(), M::Error> {
    if left_out(key, value, extra, zero) {
        Ok(())
    } else {
        map.serialize_entry(key, value)
    }
}

/// The value a required property takes when a decoded object leaves it out: empty, zero,
/// `false`, an enum's `Other("")`, a union's `Unknown(null)`, a struct of zeros. The field
/// remembers that it was left out (in `extra`), is written back left out, and `validate()`
/// reports it, as Stainless's Go SDK keeps per-field presence. `None` where no finite value can
/// be built (a type that holds itself through required fields): the field is then an error.
pub trait Zero: Sized {
    fn zero() -> Option<Self>;
}

macro_rules! zero_by_default {
    ($($ty:ty),*) => {
        $(impl Zero for $ty {
            #[inline]
            fn zero() -> Option<Self> {
                Some(Default::default())
            }
        })*
    };
}

zero_by_default!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    Extra,
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>
);

impl<T> Zero for Vec<T> {
    fn zero() -> Option<Self> {
        Some(Vec::new())
    }
}

impl<K: Ord, V> Zero for std::collections::BTreeMap<K, V> {
    fn zero() -> Option<Self> {
        Some(std::collections::BTreeMap::new())
    }
}

impl<T> Zero for Option<T> {
    fn zero() -> Option<Self> {
        Some(None)
    }
}

impl<T> Zero for crate::Nullable<T> {
    fn zero() -> Option<Self> {
        Some(crate::Nullable::Absent)
    }
}

impl<T: Zero> Zero for Box<T> {
    fn zero() -> Option<Self> {
        T::zero().map(Box::new)
    }
}

macro_rules! zero_tuple {
    ($($name:ident)+) => {
        impl<$($name: Zero),+> Zero for ($($name,)+) {
            fn zero() -> Option<Self> {
                Some(($($name::zero()?,)+))
            }
        }
    };
}

zero_tuple!(A);
zero_tuple!(A B);
zero_tuple!(A B C);
zero_tuple!(A B C D);
zero_tuple!(A B C D E);
zero_tuple!(A B C D E F);
zero_tuple!(A B C D E F G);
zero_tuple!(A B C D E F G H);
zero_tuple!(A B C D E F G H I);
zero_tuple!(A B C D E F G H I J);
zero_tuple!(A B C D E F G H I J K);
zero_tuple!(A B C D E F G H I J K L);

/// How deep zeros of generated types may nest: past it, a type is taken to hold itself through
/// required fields, and has no zero.
const ZERO_DEPTH: u32 = 64;

thread_local! {
    static ZERO_NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static STRICT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Restores a thread-local counter when it goes out of scope (also when unwinding).
struct Nesting(&'static std::thread::LocalKey<std::cell::Cell<u32>>);

impl Nesting {
    fn enter(key: &'static std::thread::LocalKey<std::cell::Cell<u32>>) -> (Self, u32) {
        let depth = key.with(|d| {
            let depth = d.get();
            d.set(depth + 1);
            depth
        });
        (Nesting(key), depth)
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        self.0.with(|d| d.set(d.get() - 1));
    }
}

/// A generated type's [`Zero`], built by `build`, or `None` past 64 nested zeros.
pub fn nested_zero<T>(build: impl FnOnce() -> Option<T>) -> Option<T> {
    let (_nesting, depth) = Nesting::enter(&ZERO_NESTING);
    if depth >= ZERO_DEPTH {
        return None;
    }
    build()
}

thread_local! {
    /// Whether a required field was refused for being left out since the last
    /// [`first_that_decodes`] began its exact pass.
    static REFUSED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `decode` with every left-out required field an error, as the schema says: how the
/// variants of a union without tags are first told apart, so that an object missing a field
/// goes to the variant that has all of its fields rather than to the first one.
fn strictly<T>(decode: impl FnOnce() -> T) -> T {
    let _nesting = Nesting::enter(&STRICT);
    decode()
}

/// Whether a left-out required field is an error here; if so, the refusal is noted.
fn refuses_absence() -> bool {
    let strict = STRICT.with(|d| d.get() > 0);
    if strict {
        REFUSED.with(|r| r.set(true));
    }
    strict
}

/// How many variants of unions without tags one value may try, nested unions included: each
/// level of such unions nested in each other multiplies the attempts, so a hostile server could
/// otherwise make a response take exponential time to decode.
pub const MAX_ATTEMPTS: u32 = 10_000;

thread_local! {
    static UNION_NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static ATTEMPTS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts `n` more attempts against [`MAX_ATTEMPTS`].
fn spend(n: usize) -> Result<(), serde_json::Error> {
    let spent = ATTEMPTS.with(|a| {
        let spent = a.get().saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        a.set(spent);
        spent
    });
    if spent > MAX_ATTEMPTS {
        return Err(de::Error::custom(format_args!(
            "past {MAX_ATTEMPTS} attempts at the variants of unions without tags: this value \
             is nested too deeply in such unions to be read"
        )));
    }
    Ok(())
}

/// A variant of a union without tags, tried on a value: its payload decoded from it.
pub type Attempt<T> = fn(&serde_json::Value) -> Result<T, serde_json::Error>;

thread_local! {
    /// How badly the value being decoded fits its type: (required fields left out, undeclared
    /// properties kept), counted so that [`first_that_decodes`] can pick, among the variants
    /// that decode a value only leniently, the one it fits best.
    static MISFITS: std::cell::Cell<Misfits> = const { std::cell::Cell::new(Misfits { left_out: 0, undeclared: 0 }) };
}

#[derive(Clone, Copy, Default)]
struct Misfits {
    left_out: u32,
    undeclared: u32,
}

impl Misfits {
    fn total(self) -> u32 {
        self.left_out.saturating_add(self.undeclared)
    }

    fn plus(self, other: Misfits) -> Misfits {
        Misfits {
            left_out: self.left_out.saturating_add(other.left_out),
            undeclared: self.undeclared.saturating_add(other.undeclared),
        }
    }
}

fn misfit(add: Misfits) {
    MISFITS.with(|m| m.set(m.get().plus(add)));
}

/// Runs one attempt with the misfits at zero: its outcome and the misfits it counted.
fn measured<T>(
    attempt: Attempt<T>,
    value: &serde_json::Value,
) -> (Result<T, serde_json::Error>, Misfits) {
    MISFITS.with(|m| m.set(Misfits::default()));
    let outcome = attempt(value);
    (outcome, MISFITS.with(|m| m.get()))
}

/// How many properties `value` has, at every depth.
fn properties(value: &serde_json::Value) -> u32 {
    match value {
        serde_json::Value::Object(map) => map.values().fold(0, |n: u32, item| {
            n.saturating_add(1).saturating_add(properties(item))
        }),
        serde_json::Value::Array(items) => items
            .iter()
            .fold(0, |n: u32, item| n.saturating_add(properties(item))),
        _ => 0,
    }
}

/// The first of `attempts` that decodes `value` exactly (every required field present); if
/// none does, of those that decode it leniently and know at least one of its properties, the
/// one it fits best (fewest fields left out plus undeclared properties kept; the first of
/// equals); else the last one's error. The lenient pass runs only when a left-out field made
/// an exact attempt fail, so a value that no variant takes costs what it did before.
pub fn first_that_decodes<T>(
    value: &serde_json::Value,
    attempts: &[Attempt<T>],
) -> Result<T, serde_json::Error> {
    let (_nesting, depth) = Nesting::enter(&UNION_NESTING);
    if depth == 0 {
        ATTEMPTS.with(|a| a.set(0));
    }
    spend(attempts.len())?;
    let outer_refused = REFUSED.with(|r| r.replace(false));
    let outer_misfits = MISFITS.with(|m| m.get());
    let mut last = None;
    let mut best: Option<(Misfits, T)> = None;
    strictly(|| {
        for attempt in attempts {
            match measured(*attempt, value) {
                (Ok(found), misfits) => {
                    best = Some((misfits, found));
                    break;
                }
                (Err(error), _) => last = Some(error),
            }
        }
    });
    let refused = REFUSED.with(|r| r.replace(outer_refused || r.get()));
    if best.is_none() && refused && !STRICT.with(|d| d.get() > 0) {
        spend(attempts.len())?;
        let known = properties(value);
        for attempt in attempts {
            match measured(*attempt, value) {
                (Ok(found), misfits) if misfits.undeclared < known => {
                    if best
                        .as_ref()
                        .is_none_or(|(fewest, _)| misfits.total() < fewest.total())
                    {
                        best = Some((misfits, found));
                    }
                }
                // A guess that shares nothing with the value: the exact pass's error stands.
                (Ok(_), _) => {}
                (Err(error), _) => last = Some(error),
            }
        }
    }
    match best {
        Some((misfits, found)) => {
            MISFITS.with(|m| m.set(outer_misfits.plus(misfits)));
            Ok(found)
        }
        None => {
            MISFITS.with(|m| m.set(outer_misfits));
            Err(last.unwrap_or_else(|| de::Error::custom("a union without variants")))
        }
    }
}

/// Writes the undeclared properties kept in a struct's `extra`.
#[inline]
pub fn extra_entries<'a, M: SerializeMap, V: Serialize + 'a>(
    map: &mut M,
    extra: impl IntoIterator<Item = (&'a String, &'a V)>,
) -> Result<(), M::Error> {
    for (key, value) in extra {
        map.serialize_entry(key, value)?;
    }
    Ok(())
}

/// `{"<tag_key>": "<tag>", ...payload fields}`.
pub fn serialize_tagged<S: Serializer, P: SerializeFields>(
    serializer: S,
    tag_key: &str,
    tag: &str,
    payload: &P,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry(tag_key, tag)?;
    payload.serialize_fields(&mut map)?;
    map.end()
}

/// `{"<tag_key>": "<tag>", "<content_key>": content}`.
pub fn serialize_adjacent<S: Serializer, C: Serialize + ?Sized>(
    serializer: S,
    tag_key: &str,
    tag: &str,
    content_key: &str,
    content: &C,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(2))?;
    map.serialize_entry(tag_key, tag)?;
    map.serialize_entry(content_key, content)?;
    map.end()
}

/// Serializes a struct through its [`SerializeFields`].
pub fn serialize_struct<S: Serializer, P: SerializeFields>(
    serializer: S,
    value: &P,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    value.serialize_fields(&mut map)?;
    map.end()
}

/// Implemented by every generated struct: reads its fields from an object, one pass, straight
/// into the field types. Undeclared properties go to `extra` (or are an error where the schema
/// forbids them); a property given twice is an error, as with serde's derive.
pub trait DeserializeFields<'de>: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    fn deserialize_fields<A: de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes a struct through its [`DeserializeFields`].
#[inline]
pub fn deserialize_struct<'de, D: Deserializer<'de>, T: DeserializeFields<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct StructVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: DeserializeFields<'de>> Visitor<'de> for StructVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "struct {}", T::NAME)
        }
        #[inline]
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize_fields(map)
        }
    }
    deserializer.deserialize_map(StructVisitor(std::marker::PhantomData))
}

/// An object's key: borrowed from the input when it can be, so that matching it against the
/// declared names allocates nothing.
#[derive(Debug)]
pub enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }

    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(key) => key.to_string(),
            Key::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of the declared property `name` into its slot; a second one is an error.
#[inline]
pub fn field<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required property, or the error that names it.
#[inline]
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The value of a required property; when it is left out, its `zero`, remembered in `extra`
/// (or the error that names it: where `extra` cannot remember it, where the type has no zero,
/// and while the variants of a union are first tried exactly).
#[inline]
pub fn required_or_zero<T, E: de::Error>(
    slot: Option<T>,
    name: &'static str,
    extra: &mut impl Absences,
    zero: impl FnOnce() -> Option<T>,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => zero_if_left_out(name, extra, zero),
    }
}

/// [`required_or_zero`] for a field left out: out of line, so that the usual path stays small.
#[cold]
#[inline(never)]
fn zero_if_left_out<T, E: de::Error>(
    name: &'static str,
    extra: &mut impl Absences,
    zero: impl FnOnce() -> Option<T>,
) -> Result<T, E> {
    match zero() {
        Some(zero) if !refuses_absence() && extra.mark_absent(name) => {
            misfit(Misfits {
                left_out: 1,
                undeclared: 0,
            });
            Ok(zero)
        }
        _ => Err(E::missing_field(name)),
    }
}

/// The value of a required-but-nullable property; when it is left out, `None`, remembered in
/// `extra` (or the error that names it, where `extra` cannot remember it, and while the
/// variants of a union are first tried exactly).
#[inline]
pub fn required_nullable<T, E: de::Error>(
    slot: Option<Option<T>>,
    name: &'static str,
    extra: &mut impl Absences,
) -> Result<Option<T>, E> {
    match slot {
        Some(value) => Ok(value),
        None => zero_if_left_out(name, extra, || Some(None)),
    }
}

/// Reads the value of a property the schema does not declare into `extra`.
#[inline]
pub fn extra<'de, A: de::MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
    extra: &mut impl Extend<(String, V)>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    misfit(Misfits {
        left_out: 0,
        undeclared: 1,
    });
    extra.extend([(key.into_string(), value)]);
    Ok(())
}

/// A property that a closed schema (`additionalProperties: false`) does not declare.
pub fn unknown_field<E: de::Error>(key: &Key<'_>, expected: &'static [&'static str]) -> E {
    E::unknown_field(key.as_str(), expected)
}

/// Deserializes a string enum without an intermediate `String` when the input can lend one.
pub fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct StrVisitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str> + From<String>> Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
}

/// The JSON type of a value, for error messages.
pub fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The error for a tag that [`DeserializeUnion::is_known`] did not accept.
pub fn unknown_tag<E: de::Error>(tag: &str) -> E {
    E::custom(format_args!("unknown tag `{tag}`"))
}

/// The error for a value that no variant of the union `name` takes.
pub fn unexpected(name: &str, value: &serde_json::Value) -> serde_json::Error {
    de::Error::custom(format_args!("{name}: unexpected {}", json_type(value)))
}

/// Wraps a payload's decoding error with the variant it was decoded for.
pub fn invalid<E: de::Error>(what: &str, error: impl std::fmt::Display) -> E {
    E::custom(format_args!("invalid {what}: {error}"))
}

/// Implemented by generated unions (all but the adjacently tagged stream events):
/// [`deserialize_union`] reads the value once. A string goes to [`string`](Self::string)
/// borrowed, an object with a known tag straight to its variant, an object of a union without
/// tags to [`object`](Self::object); only what is left (an unknown tag, a number where a string
/// was expected...) is built as a `serde_json::Value` for [`other`](Self::other).
pub trait DeserializeUnion: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The property that tells the object variants apart, if the union has tagged variants.
    const TAG: Option<&'static str> = None;
    /// Whether a variant has this tag value.
    fn is_known(_tag: &str) -> bool {
        false
    }
    /// The variant for a known `tag`, from the object without its tag property.
    fn variant<'de, D: Deserializer<'de>>(tag: &str, _rest: D) -> Result<Self, D::Error> {
        Err(unknown_tag(tag))
    }
    /// A string value, if the union has string variants.
    fn string(_value: &str) -> Option<Self> {
        None
    }
    /// An object, for a union without tags; by default it goes to [`other`](Self::other).
    fn object<'de, A: de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let value = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Self::other(value).map_err(de::Error::custom)
    }
    /// Any other value: an object with an unknown tag or without one, or a JSON type that no
    /// variant reads directly.
    fn other(value: serde_json::Value) -> Result<Self, serde_json::Error>;
}

/// Deserializes a [`DeserializeUnion`]. For a tagged object, the fields before the tag (usually
/// none) are buffered, the tag is read, and the variant is deserialized from the rest of the map.
pub fn deserialize_union<'de, D: Deserializer<'de>, T: DeserializeUnion>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_any(UnionVisitor(std::marker::PhantomData))
}

struct UnionVisitor<T>(std::marker::PhantomData<T>);

impl<T: DeserializeUnion> UnionVisitor<T> {
    fn other<E: de::Error>(value: serde_json::Value) -> Result<T, E> {
        T::other(value).map_err(E::custom)
    }

    fn string<E: de::Error>(value: &str) -> Result<T, E> {
        match T::string(value) {
            Some(variant) => Ok(variant),
            None => Self::other(serde_json::Value::String(value.to_string())),
        }
    }
}

impl<'de, T: DeserializeUnion> Visitor<'de> for UnionVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a {} value", T::NAME)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(tag_key) = T::TAG else {
            return T::object(map);
        };
        let mut before: Vec<(String, serde_json::Value)> = Vec::new();
        while let Some(key) = map.next_key::<Key>()? {
            if key.as_str() != tag_key {
                before.push((key.into_string(), map.next_value()?));
                continue;
            }
            let tag: Tag = map.next_value()?;
            if let Tag::Str(name) = &tag {
                let name = name.as_str();
                if T::is_known(name) {
                    let rest = ChainedMap {
                        before: before.into_iter(),
                        rest: map,
                        pending: None,
                    };
                    return T::variant(name, de::value::MapAccessDeserializer::new(rest))
                        .map_err(|e| invalid(&format!("`{name}` variant of {}", T::NAME), e));
                }
            }
            let mut object: serde_json::Map<String, serde_json::Value> =
                before.into_iter().collect();
            object.insert(key.into_string(), tag.into_value());
            while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
                object.insert(key, value);
            }
            return Self::other(serde_json::Value::Object(object));
        }
        Self::other(serde_json::Value::Object(before.into_iter().collect()))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Self::other(value)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Self::string(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Self::other(serde_json::Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Self::other(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Self::other(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Self::other(
            serde_json::Number::from_f64(v)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
        )
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Self::other(serde_json::Value::Null)
    }
}

/// A tag property's value: a string (borrowed when it can be), or anything else kept as a
/// `serde_json::Value` for the unknown-variant path.
enum Tag<'de> {
    Str(Key<'de>),
    Other(serde_json::Value),
}

impl Tag<'_> {
    fn into_value(self) -> serde_json::Value {
        match self {
            Tag::Str(key) => serde_json::Value::String(key.into_string()),
            Tag::Other(value) => value,
        }
    }
}

impl<'de> Deserialize<'de> for Tag<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;
        impl<'de> Visitor<'de> for TagVisitor {
            type Value = Tag<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Tag<'de>, E> {
                Ok(Tag::Str(Key::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Tag<'de>, E> {
                Ok(Tag::Str(Key::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Tag<'de>, E> {
                Ok(Tag::Str(Key::Owned(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tag<'de>, E> {
                Ok(Tag::Other(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tag<'de>, E> {
                Ok(Tag::Other(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tag<'de>, E> {
                Ok(Tag::Other(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Tag<'de>, E> {
                Ok(Tag::Other(v.into()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Tag<'de>, E> {
                Ok(Tag::Other(serde_json::Value::Null))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Tag<'de>, A::Error> {
                serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Tag::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Tag<'de>, A::Error> {
                serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(Tag::Other)
            }
        }
        deserializer.deserialize_any(TagVisitor)
    }
}

/// The fields read before the tag, then the rest of the map.
struct ChainedMap<A> {
    before: std::vec::IntoIter<(String, serde_json::Value)>,
    rest: A,
    pending: Option<serde_json::Value>,
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for ChainedMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.before.next() {
            Some((key, value)) => {
                self.pending = Some(value);
                seed.deserialize(de::value::StringDeserializer::<A::Error>::new(key))
                    .map(Some)
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => seed.deserialize(value).map_err(de::Error::custom),
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// Implemented by adjacently tagged unions (`{"<TAG>": "<tag>", "<CONTENT>": payload}`, the
/// stream events): [`deserialize_adjacent`] reads the object once.
pub trait DeserializeAdjacent: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The property holding the tag (`event`).
    const TAG: &'static str;
    /// The property holding the payload (`data`).
    const CONTENT: &'static str;
    /// Whether a variant has this tag value.
    fn is_known(tag: &str) -> bool;
    /// The variant for a known `tag`, its payload read from `content`.
    fn variant<'de, D: Deserializer<'de>>(tag: &str, content: D) -> Result<Self, D::Error>;
    /// The value for a tag this version does not know, kept as received.
    fn unknown(tag: String, content: serde_json::Value) -> Self;
    /// A value that is no object: a string value's or an untagged variant's, if the union has
    /// them; by default an error.
    fn other(value: serde_json::Value) -> Result<Self, serde_json::Error> {
        Err(unexpected(Self::NAME, &value))
    }
}

/// Deserializes a [`DeserializeAdjacent`] in one pass: when the tag comes before the payload
/// (the usual order), the payload is read straight into the variant's type; only a payload
/// that comes first is buffered (as a `serde_json::Value`) until the tag is known. Other
/// properties are skipped.
pub fn deserialize_adjacent<'de, D: Deserializer<'de>, T: DeserializeAdjacent>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_any(AdjacentVisitor(std::marker::PhantomData))
}

struct AdjacentVisitor<T>(std::marker::PhantomData<T>);

impl<T: DeserializeAdjacent> AdjacentVisitor<T> {
    fn other<E: de::Error>(value: serde_json::Value) -> Result<T, E> {
        T::other(value).map_err(E::custom)
    }

    fn missing_tag<E: de::Error>() -> E {
        E::custom(format_args!("{}: missing string `{}`", T::NAME, T::TAG))
    }

    fn what(tag: &str) -> String {
        format!("`{tag}` variant of {}", T::NAME)
    }
}

/// Reads the payload of the known variant `tag` straight from the input.
struct VariantSeed<'t, T> {
    tag: &'t str,
    marker: std::marker::PhantomData<T>,
}

impl<'de, T: DeserializeAdjacent> de::DeserializeSeed<'de> for VariantSeed<'_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::variant(self.tag, deserializer)
    }
}

impl<'de, T: DeserializeAdjacent> Visitor<'de> for AdjacentVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a {} object", T::NAME)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut tag: Option<Key<'de>> = None;
        let mut value: Option<T> = None;
        let mut buffered: Option<serde_json::Value> = None;
        while let Some(key) = map.next_key::<Key>()? {
            if key.as_str() == T::TAG {
                tag = match map.next_value::<Tag>()? {
                    Tag::Str(tag) => Some(tag),
                    Tag::Other(_) => return Err(Self::missing_tag()),
                };
                value = None;
            } else if key.as_str() == T::CONTENT {
                match &tag {
                    Some(name) if T::is_known(name.as_str()) => {
                        let name = name.as_str();
                        let seed = VariantSeed {
                            tag: name,
                            marker: std::marker::PhantomData,
                        };
                        value = Some(
                            map.next_value_seed(seed)
                                .map_err(|e| invalid(&Self::what(name), e))?,
                        );
                        buffered = None;
                    }
                    _ => buffered = Some(map.next_value()?),
                }
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        let tag = tag.ok_or_else(Self::missing_tag)?;
        if let Some(value) = value {
            return Ok(value);
        }
        let content = buffered.unwrap_or(serde_json::Value::Null);
        let name = tag.as_str();
        if T::is_known(name) {
            T::variant(name, content).map_err(|e| invalid(&Self::what(name), e))
        } else {
            Ok(T::unknown(tag.into_string(), content))
        }
    }

    // Values that are no object go to `DeserializeAdjacent::other`.
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Self::other(value)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Self::other(serde_json::Value::String(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Self::other(serde_json::Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Self::other(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Self::other(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Self::other(
            serde_json::Number::from_f64(v)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
        )
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Self::other(serde_json::Value::Null)
    }
}
