//! The union strategy chain: how a `oneOf`'s branches are told apart becomes one `Tagging`.

use crate::model::{Tagging, TypeKind};
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
