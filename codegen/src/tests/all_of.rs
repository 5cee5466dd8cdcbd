//! `allOf` beyond objects: annotations on a reference, a shared object merged into every branch
//! of a union, scalars merged, and warnings where members contradict each other.

use crate::model::TypeKind;
use crate::{Inputs, Settings};

fn generate(text: &str) -> Result<crate::Output, String> {
    let mut inputs = Inputs::default();
    inputs.add("schema.json", text);
    crate::generate(&Settings::new().entry("schema.json"), &inputs).map_err(|e| e.to_string())
}

/// As the schema `false`: a warning naming the member, and a type that accepts any value.
#[test]
fn all_of_members_that_contradict_each_other_are_a_warning_naming_the_member() {
    let output = generate(
        r#"{"definitions": {"A": {"allOf": [{"type": "string"}, {"type": "integer", "minimum": 1}]}}}"#,
    )
    .unwrap();
    let warnings: Vec<String> = output.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("warning[unsatisfiable]: `allOf` members contradict each other: a string and an integer: no value satisfies this `allOf`"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("--> schema.json#/definitions/A/allOf/1\n"),
        "{warnings:?}"
    );
    assert_eq!(
        output.model.types["A"].kind,
        TypeKind::Alias(Box::new(crate::model::Ty::plain(crate::model::TyKind::Any)))
    );
}

/// A reference cycle met while merging stays the error it is, not a dropped branch.
#[test]
fn a_cyclic_reference_inside_a_merged_union_is_still_an_error() {
    let err = generate(
        r##"{"definitions": {
            "A": {"allOf": [{"oneOf": [{"$ref": "#/definitions/B"}, {"type": "string"}]}, {"type": "object", "properties": {"a": {}}}]},
            "B": {"$ref": "#/definitions/C"}, "C": {"$ref": "#/definitions/B"}}}"##,
    )
    .unwrap_err();
    assert!(err.contains("cyclic `$ref` chain"), "{err}");
}

#[test]
fn an_all_of_that_includes_its_own_schema_is_an_error_not_a_stack_overflow() {
    let err = generate(
        r##"{"definitions": {"A": {"allOf": [{"$ref": "#/definitions/A"}, {"type": "object", "properties": {"a": {}}}]}}}"##,
    )
    .unwrap_err();
    assert!(err.contains("is merged into itself"), "{err}");
    assert!(
        err.contains("--> schema.json#/definitions/A/allOf/0\n"),
        "{err}"
    );
}

#[test]
fn a_union_branch_the_shared_object_contradicts_is_dropped_with_a_warning() {
    let output = generate(
        r#"{"definitions": {"A": {"allOf": [
            {"oneOf": [{"type": "string"}, {"type": "object", "properties": {"a": {"type": "string"}}}]},
            {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}}]}}}"#,
    )
    .unwrap();
    let TypeKind::Struct(s) = &output.model.types["A"].kind else {
        panic!("{:?}", output.model.types["A"].kind);
    };
    let fields: Vec<&str> = s.fields.iter().map(|f| f.json_name.as_str()).collect();
    assert_eq!(fields, ["a", "b"]);
    let warnings: Vec<String> = output.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("can never match beside the other `allOf` members: `allOf` members contradict each other: a string and an object"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("--> schema.json#/definitions/A/allOf/0/oneOf/0\n"),
        "{warnings:?}"
    );
}
