//! Selecting operations by tag and operationId, end to end: the errors a wrong selection gets,
//! and what is generated beside JSON Schema entries.

use crate::{Inputs, Settings};

const DOC: &str = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
    "paths": {
        "/a": {"get": {"operationId": "getA", "tags": ["Alpha"],
            "responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
        "/b": {"get": {"operationId": "getB", "tags": ["Beta"],
            "responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/B"}}}}}}}},
    "components": {"schemas": {
        "A": {"type": "object", "properties": {"shared": {"$ref": "#/components/schemas/Shared"}}},
        "B": {"type": "object", "properties": {"shared": {"$ref": "#/components/schemas/Shared"}}},
        "Shared": {"type": "object", "properties": {"x": {"type": "string"}}}}}}"##;

const SCHEMA: &str = r##"{"definitions": {"Standalone": {"type": "object",
    "properties": {"y": {"type": "integer"}}}}}"##;

fn inputs() -> Inputs {
    let mut inputs = Inputs::default();
    inputs.add("openapi.json", DOC.to_string());
    inputs.add("schema.json", SCHEMA.to_string());
    inputs
}

#[test]
fn an_unknown_tag_or_operation_id_fails_naming_it_the_document_and_the_nearest_name() {
    let err = crate::generate(
        &Settings::new().entry("openapi.json").select_tag("alpha"),
        &inputs(),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "error: no operation has the tag `alpha`\n  --> openapi.json#/paths\n  = hint: did you mean `Alpha`?"
    );
    let err = crate::generate(
        &Settings::new()
            .entry("openapi.json")
            .select_tag("Beta")
            .exclude_operation("getC"),
        &inputs(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("error: no operation has the operationId `getC`\n"),
        "{err}"
    );
}

#[test]
fn a_selection_on_json_schema_input_alone_is_an_error() {
    let err = crate::generate(
        &Settings::new().entry("schema.json").select_tag("Alpha"),
        &inputs(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("the input has no operations"), "{err}");
    assert!(err.contains("--> schema.json#\n"), "{err}");
}

#[test]
fn json_schema_entries_beside_a_selected_document_keep_all_their_roots() {
    let output = crate::generate(
        &Settings::new()
            .entries(["openapi.json", "schema.json"])
            .select_operation("getB"),
        &inputs(),
    )
    .unwrap();
    assert_eq!(output.operation_ids().collect::<Vec<_>>(), ["getB"]);
    assert_eq!(
        output.type_names().collect::<Vec<_>>(),
        ["B", "Shared", "Standalone"]
    );
}

#[test]
fn with_a_selection_only_components_the_generated_types_refer_to_are_types() {
    let doc = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "tags": ["Alpha"],
            "responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
        "components": {"schemas": {
            "A": {"type": "object", "properties": {
                "id": {"$ref": "#/components/schemas/Id"},
                "kind": {"$ref": "#/components/schemas/Kind"},
                "extended": {"allOf": [{"$ref": "#/components/schemas/Merged"},
                    {"properties": {"more": {"type": "string"}}}]},
                "event": {"$ref": "#/components/schemas/Event"}}},
            "Id": {"type": "string", "maxLength": 9},
            "Kind": {"enum": ["x", "y"]},
            "Base": {"type": "object", "properties": {"b": {"type": "string"}}},
            "Merged": {"type": "object", "properties": {"m": {"type": "string"}}},
            "Event": {"oneOf": [{"$ref": "#/components/schemas/Started"},
                                {"$ref": "#/components/schemas/Stopped"}]},
            "Started": {"type": "object", "required": ["event", "data"], "properties": {
                "event": {"enum": ["started"]}, "data": {"$ref": "#/components/schemas/Base"}}},
            "Stopped": {"type": "object", "required": ["event", "data"], "properties": {
                "event": {"enum": ["stopped"]}, "data": {"type": "string"}}},
            "Unreached": {"type": "object"}}}}"##;
    let mut inputs = Inputs::default();
    inputs.add("openapi.json", doc.to_string());
    let output = crate::generate(&Settings::new().select_tag("Alpha"), &inputs).unwrap();
    let names: Vec<&String> = output.model.types.keys().collect();
    // `Id` is inlined where it is used, as without a selection, and stays a public alias; the
    // `{event, data}` envelopes `Started` and `Stopped` are no types (their `data` is the
    // payload), nor is `Merged`, merged into `A`'s `extended`; `Base` is, as `Started`'s payload.
    assert_eq!(names, ["A", "Base", "Event", "Extended", "Id", "Kind"]);
}
