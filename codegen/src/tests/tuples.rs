//! Tuple arrays: `items` as a list (draft-04 to 2019-09) and `prefixItems` (2020-12).

use crate::model::{Ty, TyKind, TypeKind};
use crate::{Inputs, Settings};

fn inputs(text: &str) -> Inputs {
    let mut inputs = Inputs::default();
    inputs.add("schema.json", text);
    inputs
}

fn alias(text: &str, name: &str) -> TyKind {
    let output = crate::generate(&Settings::new().entry("schema.json"), &inputs(text)).unwrap();
    match &output.model.types[name].kind {
        TypeKind::Alias(ty) => ty.kind.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_tuple_array_becomes_a_rust_tuple() {
    let pair = TyKind::Tuple(vec![Ty::plain(TyKind::String), Ty::plain(TyKind::Bool)]);
    // 2020-12, closed by `items: false` and of a fixed length.
    assert_eq!(
        alias(
            r#"{"$defs": {"P": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "boolean"}], "items": false, "minItems": 2}}}"#,
            "P"
        ),
        pair
    );
    // Draft-04: the rest fills the length `minItems`/`maxItems` fix; extra listed ones drop.
    assert_eq!(
        alias(
            r#"{"definitions": {"P": {"type": "array", "items": [{"type": "string"}], "additionalItems": {"type": "boolean"}, "minItems": 2, "maxItems": 2}}}"#,
            "P"
        ),
        pair
    );
    assert_eq!(
        alias(
            r#"{"definitions": {"P": {"type": "array", "items": [{"type": "string"}, {"type": "boolean"}, {}], "minItems": 2, "maxItems": 2}}}"#,
            "P"
        ),
        pair
    );
}

#[test]
fn a_tuple_array_of_open_length_is_a_list_of_json_values_with_a_warning() {
    let text = r#"{"$defs": {"P": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "boolean"}]}}}"#;
    assert_eq!(
        alias(text, "P"),
        TyKind::Array(Box::new(Ty::plain(TyKind::Any)))
    );
    let output = crate::generate(&Settings::new().entry("schema.json"), &inputs(text)).unwrap();
    let warnings: Vec<String> = output.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("a tuple array whose length is not fixed"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("--> schema.json#/$defs/P\n"),
        "{warnings:?}"
    );
}

#[test]
fn a_draft_04_tuple_bundles_as_2020_12_prefix_items_with_its_references() {
    let text = r##"{"definitions": {
        "P": {"type": "array", "items": [{"$ref": "#/definitions/N"}], "additionalItems": {"$ref": "#/definitions/N"}},
        "N": {"type": "integer"}}}"##;
    let schema =
        crate::json_schema(&Settings::new().entry("schema.json"), &inputs(text), "P").unwrap();
    let n = "#/$defs/schema.json.definitions.N";
    assert_eq!(
        schema["$defs"]["schema.json.definitions.P"],
        serde_json::json!({"type": "array", "prefixItems": [{"$ref": n}], "items": {"$ref": n}})
    );
}
