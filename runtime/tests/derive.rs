//! Hand-written types with the runtime's derives behave as the generated ones: one-pass serde
//! with the same keys and errors, builders, `validate()` with JSON pointers, and the
//! `{"event","data"}` envelope read in either order.

use std::collections::BTreeMap;

use openapi_runtime::{Extra, Nullable, Validate};
use serde_json::{json, Value};

/// A person.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
#[api(builder, exactly_one_of("email", "phone"))]
pub struct Person {
    #[api(min_length = 1, max_length = 8)]
    pub name: String,
    #[api(required)]
    pub nickname: Option<String>,
    #[api(rename = "yearsOld", minimum = 0, maximum = 150.0)]
    pub age: Option<i64>,
    pub email: Nullable<String>,
    pub phone: Option<String>,
    #[api(max_items = 2, items(max_length = 1))]
    pub tags: Option<Vec<String>>,
    #[api(constant = "person")]
    pub r#type: String,
    pub pet: Option<Pet>,
    pub extra: Extra,
}

/// A closed object: an undeclared property is an error.
#[derive(Clone, Debug, Default, PartialEq, openapi_runtime::Object)]
pub struct Closed {
    pub size: Option<f64>,
}

/// An open string enum of kinds of pet.
#[derive(Clone, Debug, PartialEq, Eq, Hash, openapi_runtime::StringEnum)]
#[api(values("cat", "dog"))]
pub enum Kind {
    Cat,
    Dog,
    Other(String),
}

/// A pet.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
pub struct Pet {
    pub kind: Kind,
    #[api(items(max_length = 3))]
    pub extra: BTreeMap<String, String>,
}

/// Pets told apart by `kind`.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Union)]
#[api(tag = "kind", tags("cat", "dog"))]
pub enum Animal {
    Cat(Closed),
    Dog(Pet),
    Unknown(Value),
}

/// A string, a list of strings, or one of two values.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Union)]
#[api(values("none", "auto"))]
pub enum Content {
    #[api(max_length = 4)]
    Text(String),
    Array(Vec<String>),
    None,
    Auto,
}

/// Events of a stream, `{"event": ..., "data": ...}`.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Union)]
#[api(tag = "event", content = "data", tags("pet", "done"))]
pub enum Event {
    Pet(Pet),
    Done(String),
    Unknown { event: String, data: Value },
}

/// Three required fields that may be `null` (and may be left out by a lenient server).
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
pub struct Run {
    #[api(required)]
    pub a: Option<i64>,
    #[api(required, min_length = 2)]
    pub b: Option<String>,
    #[api(required)]
    pub c: Option<Vec<bool>>,
    pub extra: Extra,
}

/// A required field that may be `null`, beside typed additional properties (which cannot
/// remember an absent field).
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
pub struct Scores {
    #[api(required)]
    pub best: Option<i64>,
    pub extra: BTreeMap<String, i64>,
}

/// A closed object with a required field: it has no `extra` to remember a field left out in.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
pub struct Strict {
    pub name: String,
    pub x: Option<i64>,
}

/// Required fields of every kind of type, for their zeros.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
pub struct Holder {
    pub count: i64,
    pub pet: Pet,
    pub kind: Kind,
    pub animal: Animal,
    pub content: Content,
    pub pair: (bool, f64),
    pub list: Vec<Pet>,
    pub extra: Extra,
}

/// One variant of an untagged union: an object with `a`.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
pub struct HasA {
    pub a: i64,
    pub extra: Extra,
}

/// Another variant of an untagged union: an object with `b`.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
pub struct HasB {
    pub b: String,
    #[api(required)]
    pub c: Option<i64>,
    pub extra: Extra,
}

/// Objects told apart by their fields alone.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Union)]
pub enum AOrB {
    A(HasA),
    B(HasB),
}

/// A type that holds itself through required fields: no finite JSON value is one.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
pub struct Endless {
    pub next: Box<Endless>,
    pub extra: Extra,
}

/// Objects that hold the same union again, told apart by their fields alone.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Union)]
pub enum Chain {
    Left(Box<LeftLink>),
    Right(Box<RightLink>),
}

/// One kind of link of a `Chain`.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
pub struct LeftLink {
    pub next: Option<Chain>,
    pub left: i64,
    pub extra: Extra,
}

/// The other kind of link of a `Chain`.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
pub struct RightLink {
    pub next: Option<Chain>,
    pub right: i64,
    pub extra: Extra,
}

/// Maps keyed by strings, set from pairs.
#[derive(Clone, Debug, Default, PartialEq, openapi_runtime::Object)]
#[api(builder)]
pub struct Labels {
    pub counts: Option<BTreeMap<String, i64>>,
    pub names: Nullable<std::collections::BTreeMap<String, String>>,
}

#[test]
fn a_string_keyed_map_setter_takes_any_pairs_whose_parts_convert() {
    let labels = Labels::new()
        .counts([("a", 1_i32), ("b", 2)])
        .names(std::collections::HashMap::from([("x", "y".to_string())]));
    assert_eq!(
        serde_json::to_value(&labels).unwrap(),
        json!({"counts": {"a": 1, "b": 2}, "names": {"x": "y"}})
    );
    let owned: BTreeMap<String, i64> = [("c".to_string(), 3)].into();
    assert_eq!(Labels::new().counts(owned.clone()).counts, Some(owned));
}

/// A free-form object field.
#[derive(Clone, Debug, Default, PartialEq, openapi_runtime::Object)]
#[api(builder)]
pub struct Schema {
    pub parameters: Option<serde_json::Map<String, Value>>,
}

#[test]
fn a_free_form_object_setter_takes_a_json_value_or_a_map() {
    let from_value = Schema::new().parameters(json!({"type": "object"}));
    let Value::Object(map) = json!({"type": "object"}) else {
        unreachable!()
    };
    let from_map = Schema::new().parameters(map);
    assert_eq!(from_value, from_map);
    assert_eq!(
        serde_json::to_value(&from_value).unwrap(),
        json!({"parameters": {"type": "object"}})
    );
}

#[test]
#[should_panic(expected = "`parameters` must be a JSON object, got a string")]
fn a_free_form_object_setter_refuses_a_value_that_is_not_an_object() {
    let _ = Schema::new().parameters(json!("object"));
}

fn round_trip<T>(value: Value) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let parsed: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), value, "{parsed:?}");
    parsed
}

#[test]
fn a_derived_object_round_trips_with_its_keys_absent_null_and_extra_properties() {
    let person: Person = round_trip(json!({
        "name": "ann", "nickname": null, "yearsOld": 30, "email": null, "type": "person",
        "pet": {"kind": "ferret", "color": "red"}, "unknown": [1, 2]
    }));
    assert_eq!(person.age, Some(30));
    assert_eq!(person.email, Nullable::Null);
    assert_eq!(person.phone, None);
    assert_eq!(
        person.pet.as_ref().unwrap().kind,
        Kind::Other("ferret".into())
    );
    assert_eq!(person.extra.get("unknown"), Some(&json!([1, 2])));
}

#[test]
fn a_derived_object_names_missing_duplicate_and_undeclared_properties() {
    let missing = serde_json::from_value::<Strict>(json!({"x": 1})).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `name`"),
        "a closed struct stays strict: {missing}"
    );
    let missing = serde_json::from_value::<Scores>(json!({"x": 1})).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `best`"),
        "a struct whose extra cannot remember an absent field stays strict: {missing}"
    );
    let twice = serde_json::from_str::<Person>(r#"{"name":"a","name":"b"}"#).unwrap_err();
    assert!(
        twice.to_string().contains("duplicate field `name`"),
        "{twice}"
    );
    let closed = serde_json::from_value::<Closed>(json!({"size": 1, "color": 2})).unwrap_err();
    assert!(
        closed.to_string().contains("unknown field `color`"),
        "{closed}"
    );
}

#[test]
fn an_absent_required_nullable_field_decodes_as_none_and_is_written_back_absent() {
    let input = json!({"name": "ann", "type": "person", "email": "e", "unknown": 1});
    let person: Person = round_trip(input.clone());
    assert_eq!(person.nickname, None);
    assert_eq!(person.extra.absent(), ["nickname"]);
    let error = person.validate().unwrap_err();
    assert_eq!(
        error
            .violations
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["/nickname: the required `nickname` is missing"]
    );

    // Present as `null`: still `null`, and valid.
    let mut with_null = input.clone();
    with_null["nickname"] = Value::Null;
    let person: Person = round_trip(with_null);
    assert!(person.extra.absent().is_empty());
    assert!(person.validate().is_ok());

    // Given a value after decoding: written, whatever was recorded.
    let mut person: Person = serde_json::from_value(input).unwrap();
    person.nickname = Some("a".into());
    assert_eq!(
        serde_json::to_value(&person).unwrap()["nickname"],
        json!("a")
    );
    assert!(
        person.validate().is_ok(),
        "a field given a value is no longer missing"
    );

    // Built in code: nothing absent, `None` is `null`.
    let built = Person::new("ann", None::<String>).email("e");
    assert_eq!(
        serde_json::to_value(&built).unwrap()["nickname"],
        Value::Null
    );
}

#[test]
fn a_left_out_required_field_decodes_as_its_zero_and_is_written_back_left_out() {
    let input = json!({"nickname": null, "email": "e", "unknown": 1});
    let person: Person = round_trip(input.clone());
    assert_eq!(person.name, "");
    assert_eq!(person.r#type, "person", "a constant's zero is the constant");
    assert_eq!(person.extra.absent(), ["name", "type"]);
    let reported: Vec<String> = person
        .validate()
        .unwrap_err()
        .violations
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        reported,
        [
            "/name: the required `name` is missing",
            "/type: the required `type` is missing"
        ],
        "a field left out is reported missing, and its zero is not checked (`min_length`)"
    );

    // Given a value after decoding: written and checked, whatever was recorded.
    let mut person: Person = serde_json::from_value(input).unwrap();
    person.name = "ann".into();
    assert_eq!(serde_json::to_value(&person).unwrap()["name"], json!("ann"));
    let reported = person.validate().unwrap_err().violations;
    assert_eq!(reported.len(), 1, "{reported:?}");
    assert_eq!(reported[0].path, "/type");
    person.name = "a name too long".into();
    assert!(person
        .validate()
        .unwrap_err()
        .violations
        .iter()
        .any(|v| v.path == "/name"));
}

#[test]
fn every_kind_of_required_field_has_a_zero_that_round_trips_left_out() {
    let holder: Holder = round_trip(json!({"unknown": true}));
    assert_eq!(holder.count, 0);
    assert_eq!(holder.pet.kind, Kind::Other(String::new()));
    assert!(holder.pet.extra.is_empty());
    assert_eq!(holder.kind, Kind::Other(String::new()));
    assert_eq!(holder.animal, Animal::Unknown(Value::Null));
    assert_eq!(holder.content, Content::None, "the first string value");
    assert_eq!(holder.pair, (false, 0.0));
    assert!(holder.list.is_empty());
    assert_eq!(
        holder.extra.absent(),
        ["animal", "content", "count", "kind", "list", "pair", "pet"]
    );
    assert_eq!(holder.validate().unwrap_err().violations.len(), 7);

    // Each one alone: the others present are written as they came.
    let full = json!({"count": 2, "pet": {"kind": "cat"}, "kind": "dog", "animal": {"kind": "cat"},
        "content": "auto", "pair": [true, 1.5], "list": []});
    for key in full.as_object().unwrap().keys() {
        let mut input = full.clone();
        input.as_object_mut().unwrap().remove(key);
        let holder: Holder = round_trip(input);
        assert_eq!(holder.extra.absent(), [key.as_str()]);
    }
}

#[test]
fn an_untagged_union_takes_the_variant_with_every_field_before_a_lenient_one() {
    assert_eq!(
        round_trip::<AOrB>(json!({"b": "x", "c": 1})),
        AOrB::B(HasB {
            b: "x".into(),
            c: Some(1),
            extra: Extra::new()
        })
    );
    let a: AOrB = round_trip(json!({"a": 1, "b": "x"}));
    assert!(
        matches!(&a, AOrB::A(found) if found.a == 1 && found.extra.get("b") == Some(&json!("x")))
    );
    // No variant has every field: the one the value fits best, `B` (only `c` left out), not
    // the first, `A` (`a` left out and `b` undeclared).
    let lenient: AOrB = round_trip(json!({"b": "x"}));
    match &lenient {
        AOrB::B(found) => assert_eq!(found.extra.absent(), ["c"]),
        AOrB::A(_) => panic!("`A` fits worse than `B`: {lenient:?}"),
    }
    assert!(lenient.validate().is_err());
    // An object that no variant knows a property of is no guess: an error, as before.
    for unknown in [json!({"z": 1}), json!({})] {
        let error = serde_json::from_value::<AOrB>(unknown).unwrap_err();
        assert!(
            error.to_string().contains("tried last of A, B")
                && error.to_string().contains("missing field `b`"),
            "{error}"
        );
    }
}

#[test]
fn unions_without_tags_nested_deeply_are_read_in_bounded_attempts() {
    // Each level could be either variant until the bottom says neither: without a bound, the
    // attempts double (or more) at every level.
    let nested = |depth: usize, bottom: Value| {
        (0..depth).fold(
            bottom,
            |inner, _| json!({"next": inner, "left": 1, "right": 1}),
        )
    };
    let shallow: Chain = round_trip(nested(3, json!({"left": 2})));
    assert!(matches!(shallow, Chain::Left(_)));
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = serde_json::from_value::<Chain>(nested(40, json!({"neither": []})));
        done.send(result.map_err(|e| e.to_string())).unwrap();
    });
    // A generous bound that only a hang (2^40 attempts) exceeds.
    let error = finished
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("decoding finishes")
        .unwrap_err();
    assert!(error.contains("past 10000 attempts"), "{error}");
}

#[test]
fn a_type_that_holds_itself_through_required_fields_has_no_zero() {
    let error = serde_json::from_value::<Endless>(json!({})).unwrap_err();
    assert!(
        error.to_string().contains("missing field `next`"),
        "{error}"
    );
    assert_eq!(
        <Endless as openapi_runtime::codec::Zero>::zero(),
        None,
        "building it stops at a bounded depth"
    );
}

/// Every combination of absent, `null` and a value, for three required nullable fields:
/// the output is the input, and `validate()` reports exactly the absent ones.
#[test]
fn absent_null_and_value_in_every_combination_round_trip_exactly() {
    let states = |value: Value| [None, Some(Value::Null), Some(value)];
    for a in states(json!(7)) {
        for b in states(json!("bb")) {
            for c in states(json!([true, false])) {
                let mut input = serde_json::Map::new();
                let mut absent = Vec::new();
                for (key, state) in [("a", &a), ("b", &b), ("c", &c)] {
                    match state {
                        Some(value) => {
                            input.insert(key.to_string(), value.clone());
                        }
                        None => absent.push(format!("/{key}")),
                    }
                }
                let run: Run = round_trip(Value::Object(input));
                let reported: Vec<String> = match run.validate() {
                    Ok(()) => Vec::new(),
                    Err(e) => e.violations.iter().map(|v| v.path.clone()).collect(),
                };
                assert_eq!(reported, absent, "{run:?}");
            }
        }
    }
}

#[test]
fn the_builder_takes_required_fields_fills_constants_and_sets_null() {
    let person = Person::new("ann", None::<String>)
        .age(3)
        .email_null()
        .tags(vec!["a".to_string()]);
    assert_eq!(person.r#type, "person");
    assert_eq!(
        serde_json::to_value(&person).unwrap(),
        json!({"name": "ann", "nickname": null, "yearsOld": 3, "email": null, "tags": ["a"], "type": "person"})
    );
}

#[test]
fn validate_reports_every_violation_with_its_json_pointer() {
    let mut person = Person::new("", Some("n".to_string()))
        .age(200)
        .email("a@b")
        .phone("1")
        .tags(vec!["ok".into(), "NO".into(), "x".into()])
        .pet(Pet {
            kind: Kind::Cat,
            extra: BTreeMap::from([("long".to_string(), "four".to_string())]),
        });
    person.r#type = "robot".into();
    let error = person.validate().unwrap_err();
    let mut paths: Vec<&str> = error.violations.iter().map(|v| v.path.as_str()).collect();
    paths.sort();
    let expected = [
        "",
        "/name",
        "/pet/long",
        "/tags",
        "/tags/0",
        "/tags/1",
        "/type",
        "/yearsOld",
    ];
    assert_eq!(paths, expected, "{error}");
    assert!(Person::new("ann", None::<String>)
        .email("e")
        .validate()
        .is_ok());
}

#[test]
fn a_string_enum_keeps_unknown_values_and_open_enums_accept_them() {
    let kind: Kind = round_trip(json!("hamster"));
    assert_eq!(kind.as_str(), "hamster");
    assert_eq!(Kind::from("dog"), Kind::Dog);
    assert_eq!(Kind::Cat.to_string(), "cat");
    let violation = &kind.validate().unwrap_err().violations[0];
    assert_eq!(violation.path, "");
}

#[test]
fn a_tagged_union_reads_known_tags_straight_and_keeps_unknown_ones() {
    let cat: Animal = round_trip(json!({"kind": "cat", "size": 2.0}));
    assert_eq!(cat, Animal::Cat(Closed { size: Some(2.0) }));
    let late_tag: Animal = serde_json::from_value(json!({"size": 1.0, "kind": "cat"})).unwrap();
    assert_eq!(late_tag, Animal::Cat(Closed { size: Some(1.0) }));
    let bird: Animal = round_trip(json!({"kind": "bird", "wings": 2}));
    assert!(matches!(bird, Animal::Unknown(_)));
    assert_eq!(bird.validate().unwrap_err().violations[0].path, "/kind");
    let bad = serde_json::from_value::<Animal>(json!({"kind": "cat", "size": "big"}));
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("invalid `cat` variant of Animal"));
    assert_eq!(
        Animal::from(Closed::default()),
        Animal::Cat(Closed::default())
    );
}

#[test]
fn an_untagged_union_reads_strings_values_and_arrays() {
    assert_eq!(round_trip::<Content>(json!("auto")), Content::Auto);
    assert_eq!(
        round_trip::<Content>(json!("hello")),
        Content::Text("hello".into())
    );
    assert_eq!(
        round_trip::<Content>(json!(["a"])),
        Content::Array(vec!["a".into()])
    );
    let number = serde_json::from_value::<Content>(json!(1)).unwrap_err();
    assert!(
        number.to_string().contains("Content: unexpected a number"),
        "{number}"
    );
    assert_eq!(
        Content::from("hello")
            .validate()
            .unwrap_err()
            .violations
            .len(),
        1
    );
}

#[test]
fn the_envelope_decodes_in_either_order_and_keeps_unknown_events() {
    let pet = json!({"kind": "dog", "name": "rex"});
    let expected = Event::Pet(Pet {
        kind: Kind::Dog,
        extra: BTreeMap::from([("name".to_string(), "rex".to_string())]),
    });
    let first = format!(r#"{{"event":"pet","data":{pet}}}"#);
    let last = format!(r#"{{"data":{pet},"other":1,"event":"pet"}}"#);
    assert_eq!(serde_json::from_str::<Event>(&first).unwrap(), expected);
    assert_eq!(serde_json::from_str::<Event>(&last).unwrap(), expected);
    assert_eq!(
        round_trip::<Event>(json!({"event": "done", "data": "[DONE]"})),
        Event::Done("[DONE]".into())
    );
    let unknown = round_trip::<Event>(json!({"event": "new", "data": {"a": 1}}));
    assert_eq!(
        unknown,
        Event::Unknown {
            event: "new".into(),
            data: json!({"a": 1})
        }
    );
    assert_eq!(
        Event::from_parts("done", "[DONE]").unwrap(),
        Event::Done("[DONE]".into())
    );
    assert_eq!(
        Event::from_parts("pet", &pet.to_string()).unwrap(),
        expected
    );
}

#[test]
fn the_envelope_errors_name_the_variant_or_the_missing_tag() {
    let bad = serde_json::from_str::<Event>(r#"{"event":"pet","data":{"kind":1}}"#).unwrap_err();
    assert!(
        bad.to_string().contains("invalid `pet` variant of Event"),
        "{bad}"
    );
    let untagged = serde_json::from_str::<Event>(r#"{"data":{}}"#).unwrap_err();
    assert!(
        untagged
            .to_string()
            .contains("Event: missing string `event`"),
        "{untagged}"
    );
    let string = serde_json::from_str::<Event>(r#""pet""#).unwrap_err();
    assert!(
        string.to_string().contains("Event: unexpected a string"),
        "{string}"
    );
    let violation = Event::Pet(Pet {
        kind: Kind::Other("x".into()),
        extra: BTreeMap::new(),
    })
    .validate()
    .unwrap_err();
    assert_eq!(violation.violations[0].path, "/data/kind");
}

/// A point and labelled pairs: tuples with constraints on some elements.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Object)]
#[api(any_of_required(["email"], ["phone", "country"], ["fax"]))]
pub struct Shape {
    #[api(elements(element(minimum = 0), element, element(max_length = 2)))]
    pub corner: (i64, Kind, String),
    #[api(items(elements(element, element(maximum = 9))))]
    pub pairs: Option<BTreeMap<String, (String, f64)>>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub country: Nullable<String>,
    pub extra: Extra,
}

/// A number, a pair, or any other JSON value (`serde_json::Value`, as generated code names it).
#[derive(Clone, Debug, PartialEq, openapi_runtime::Union)]
pub enum Loose {
    Number(f64),
    Pair((String, i64)),
    Json(serde_json::Value),
}

#[test]
fn tuple_elements_round_trip_as_arrays_and_are_checked_at_their_index() {
    let shape: Shape = round_trip(json!({
        "corner": [-1, "cat", "abc"], "pairs": {"a": ["x", 10.0]}, "email": "e"
    }));
    assert_eq!(shape.corner, (-1, Kind::Cat, "abc".to_string()));
    let error = shape.validate().unwrap_err();
    let mut paths: Vec<&str> = error.violations.iter().map(|v| v.path.as_str()).collect();
    paths.sort();
    assert_eq!(paths, ["/corner/0", "/corner/2", "/pairs/a/1"], "{error}");
    let unknown_kind: Shape =
        serde_json::from_value(json!({"corner": [0, "owl", "ab"], "email": "e"})).unwrap();
    let error = unknown_kind.validate().unwrap_err();
    assert_eq!(error.violations.len(), 1, "{error}");
    assert_eq!(error.violations[0].path, "/corner/1");
}

#[test]
fn any_of_required_needs_one_whole_set_and_an_undeclared_key_is_never_present() {
    let shape = |value: Value| -> Shape { serde_json::from_value(value).unwrap() };
    assert!(shape(json!({"corner": [0, "cat", ""], "email": "e"}))
        .validate()
        .is_ok());
    assert!(
        shape(json!({"corner": [0, "cat", ""], "phone": "1", "country": null}))
            .validate()
            .is_ok()
    );
    let half = shape(json!({"corner": [0, "cat", ""], "phone": "1"}))
        .validate()
        .unwrap_err();
    assert_eq!(half.violations.len(), 1, "{half}");
    assert_eq!(half.violations[0].path, "");
    // `fax` is no field of the struct: its set can never be complete.
    assert!(shape(json!({"corner": [0, "cat", ""], "fax": "2"}))
        .validate()
        .is_err());
}

#[test]
fn an_any_json_variant_takes_every_value_no_other_variant_reads() {
    assert_eq!(round_trip::<Loose>(json!(1.5)), Loose::Number(1.5));
    assert_eq!(
        round_trip::<Loose>(json!(["a", 2])),
        Loose::Pair(("a".into(), 2))
    );
    for value in [json!("text"), json!({"a": 1}), json!(null), json!(true)] {
        assert_eq!(round_trip::<Loose>(value.clone()), Loose::Json(value));
    }
}

/// Filters as `{"type": ..., "key": ...}`, a word, a count, or any other JSON.
#[derive(Clone, Debug, PartialEq, openapi_runtime::Union)]
#[api(tag = "type", content = "key", tags("eq"), values("all"))]
pub enum Filter {
    All,
    Eq(String),
    #[api(untagged)]
    Count(i64),
    #[api(untagged)]
    Json(serde_json::Value),
    Other(String),
    Unknown {
        r#type: String,
        key: Value,
    },
}

#[test]
fn an_adjacently_tagged_union_reads_values_that_are_no_object_by_their_json_type() {
    assert_eq!(
        round_trip::<Filter>(json!({"type": "eq", "key": "x"})),
        Filter::Eq("x".into())
    );
    assert_eq!(round_trip::<Filter>(json!("all")), Filter::All);
    assert_eq!(
        round_trip::<Filter>(json!("some")),
        Filter::Other("some".into())
    );
    assert_eq!(round_trip::<Filter>(json!(3)), Filter::Count(3));
    for value in [json!([1, "a"]), json!(null), json!(true)] {
        assert_eq!(round_trip::<Filter>(value.clone()), Filter::Json(value));
    }
    assert!(matches!(
        round_trip::<Filter>(json!({"type": "gt", "key": 1})),
        Filter::Unknown { .. }
    ));
    // Without variants for them, such values are errors naming the type.
    let error = serde_json::from_value::<Event>(json!("done")).unwrap_err();
    assert!(
        error.to_string().contains("Event: unexpected a string"),
        "{error}"
    );
}
