//! The union strategy chain: how a `oneOf`'s branches are told apart becomes one `Tagging`.

use crate::model::{Tagging, TypeKind, VariantKind};
use crate::{Inputs, Settings};

fn tagging(schema: &str) -> Option<Tagging> {
    let mut inputs = Inputs::default();
    inputs.add(
        "schema.json",
        format!(r#"{{"definitions": {{"U": {schema}}}}}"#),
    );
    let output = crate::generate(&Settings::new().entry("schema.json"), &inputs).unwrap();
    match &output.model.types["U"].kind {
        TypeKind::Union(u) => Some(u.tagging.clone()),
        _ => None,
    }
}

fn object(tag: &str, value: &str, other: &str) -> String {
    format!(
        r#"{{"type": "object", "required": ["{tag}", "{other}"], "properties": {{"{tag}": {{"enum": ["{value}"]}}, "{other}": {{"type": "string"}}}}}}"#
    )
}

#[test]
fn a_union_is_tagged_by_json_type_internally_or_adjacently() {
    assert_eq!(
        tagging(r#"{"oneOf": [{"type": "string"}, {"type": "integer"}]}"#),
        Some(Tagging::ByJsonType)
    );
    let internal = format!(
        r#"{{"oneOf": [{}, {}]}}"#,
        object("type", "circle", "radius"),
        object("type", "square", "side")
    );
    assert_eq!(
        tagging(&internal),
        Some(Tagging::Internal { tag: "type".into() })
    );
    let adjacent = format!(
        r#"{{"oneOf": [{}, {}]}}"#,
        object("event", "started", "data"),
        object("event", "done", "data")
    );
    assert_eq!(
        tagging(&adjacent),
        Some(Tagging::Adjacent {
            tag: "event".into(),
            content: "data".into()
        })
    );
    // Only strings: no union at all, a string enum.
    assert_eq!(
        tagging(r#"{"oneOf": [{"enum": ["a"]}, {"enum": ["b"]}]}"#),
        None
    );
}

/// The variants of union `U` among `definitions`: its name, and its tag value when tagged.
fn variants(definitions: &str) -> Vec<(String, Option<String>)> {
    let mut inputs = Inputs::default();
    inputs.add(
        "schema.json",
        format!(r#"{{"definitions": {{{definitions}}}}}"#),
    );
    let output = crate::generate(&Settings::new().entry("schema.json"), &inputs).unwrap();
    let TypeKind::Union(u) = &output.model.types["U"].kind else {
        panic!("U is not a union");
    };
    u.variants
        .iter()
        .map(|v| {
            let tag = match &v.kind {
                VariantKind::Tagged { tag_value, .. } => Some(tag_value.clone()),
                _ => None,
            };
            (v.ident.name.clone(), tag)
        })
        .collect()
}

fn tagged(names: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
    names
        .iter()
        .map(|(name, tag)| (name.to_string(), Some(tag.to_string())))
        .collect()
}

#[test]
fn nested_unions_tagged_by_the_same_property_become_one_union_of_their_leaves() {
    let definitions = format!(
        r##""U": {{"oneOf": [{{"$ref": "#/definitions/Runs"}}, {{"$ref": "#/definitions/Steps"}}, {error}]}},
           "Runs": {{"oneOf": [{created}, {{"$ref": "#/definitions/Done"}}]}},
           "Steps": {{"anyOf": [{{"$ref": "#/definitions/Runs"}}, {step}]}},
           "Done": {done}"##,
        error = object("event", "error", "data"),
        created = object("event", "run.created", "data"),
        done = object("event", "run.done", "data"),
        step = object("event", "step.created", "data"),
    );
    // Depth first, in order; `Runs`' leaves met again through `Steps` are kept once.
    assert_eq!(
        variants(&definitions),
        tagged(&[
            ("RunCreated", "run.created"),
            ("RunDone", "run.done"),
            ("StepCreated", "step.created"),
            ("Error", "error"),
        ])
    );
    assert_eq!(
        tagging(&format!(
            r#"{{"oneOf": [{{"oneOf": [{}, {}]}}, {}]}}"#,
            object("type", "a", "x"),
            object("type", "b", "y"),
            object("type", "c", "z")
        )),
        Some(Tagging::Internal { tag: "type".into() })
    );
}

#[test]
fn a_nested_union_with_a_leaf_the_tag_does_not_name_stays_one_variant() {
    let definitions = format!(
        r##""U": {{"oneOf": [{{"$ref": "#/definitions/Mixed"}}, {a}, {b}]}},
           "Mixed": {{"oneOf": [{c}, {{"type": "object", "properties": {{"free": {{}}}}}}]}},
           "Nullable": {{"oneOf": [{d}, {e}, {{"type": "null"}}]}}"##,
        a = object("event", "a", "data"),
        b = object("event", "b", "data"),
        c = object("event", "c", "data"),
        d = object("event", "d", "data"),
        e = object("event", "e", "data"),
    );
    // Told apart from the tagged objects by its JSON type: an untagged `Json` variant.
    let mut expected = vec![("Json".to_string(), None)];
    expected.extend(tagged(&[("A", "a"), ("B", "b")]));
    assert_eq!(variants(&definitions), expected);
    // A nullable nested union is kept whole too: `null` stays one of its values.
    let definitions = definitions.replace("Mixed\"}", "Nullable\"}");
    let mut expected = vec![("Json".to_string(), None)];
    expected.extend(tagged(&[("A", "a"), ("B", "b")]));
    assert_eq!(variants(&definitions), expected);
}

#[test]
fn a_union_nested_in_itself_is_flattened_into_its_leaves_once() {
    let definitions = format!(
        r##""U": {{"oneOf": [{{"$ref": "#/definitions/V"}}, {a}]}},
           "V": {{"oneOf": [{{"$ref": "#/definitions/U"}}, {b}]}}"##,
        a = object("event", "a", "data"),
        b = object("event", "b", "data"),
    );
    // `V`'s leaves: `U`'s (`V` again adds nothing, `a`), then `b`; `U`'s own `a` is kept once.
    assert_eq!(variants(&definitions), tagged(&[("A", "a"), ("B", "b")]));
}
