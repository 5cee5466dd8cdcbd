//! The normalisation stage is one pass before conversion: it reaches every schema the roots
//! lead to through `$ref`s and sub-schemas, each once, and nothing else.

use crate::diagnostics::{Diagnostics, Loc};
use crate::load::Store;
use crate::normalize::{normalize, Kind};
use crate::openapi::Root;
use crate::{Inputs, Patches};

fn store(text: &str) -> Store {
    let mut inputs = Inputs::default();
    inputs.add("schema.json", text.to_string());
    Store::load(&inputs, Patches::Apply).unwrap()
}

fn def(name: &str) -> Loc {
    Loc::new("schema.json", format!("/definitions/{name}"))
}

#[test]
fn the_pass_normalizes_what_the_roots_reach_through_refs_and_sub_schemas_and_nothing_else() {
    let store = store(
        r##"{"definitions": {
            "Root": {"type": "object", "properties": {
                "list": {"type": "array", "items": {"$ref": "#/definitions/Item"}},
                "map": {"additionalProperties": {"$ref": "#/definitions/Value"}}}},
            "Item": {"oneOf": [{"$ref": "#/definitions/Leaf"}, {"type": "integer"}]},
            "Value": {"$ref": "#/definitions/Leaf"},
            "Leaf": {"type": "string", "description": "a_placeholder"},
            "Unused": {"type": "string", "description": "another_placeholder"}
        }}"##,
    );
    let mut diags = Diagnostics::default();
    let roots = [("Root".to_string(), Root::Schema(def("Root")))];
    let normalized = normalize(&store, &mut diags, true, &roots).unwrap();
    for name in ["Root", "Item", "Value", "Leaf"] {
        assert!(
            normalized.schema(&def(name)).is_ok(),
            "{name} not normalized"
        );
    }
    assert!(normalized.schema(&def("Unused")).is_err());
    assert_eq!(
        normalized.schema(&def("Value")).unwrap().kind,
        Kind::Ref(def("Leaf"))
    );
    // `Leaf` is reached twice and normalized once: its warning is there once.
    let warnings = diags.into_sorted();
    let places: Vec<String> = warnings.iter().map(|w| w.loc.to_string()).collect();
    assert_eq!(places, ["schema.json#/definitions/Leaf/description"]);
}
