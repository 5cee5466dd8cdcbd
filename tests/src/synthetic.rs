//! A synthetic OpenAPI document about the size of the complete OpenAI API description.

use serde_json::{json, Map};

/// An OpenAPI 3.1 document with `count` component schemas of every kind the generator maps:
/// objects referring to earlier components, string enums, tagged unions, nullable fields,
/// arrays, maps and constrained numbers.
pub fn openapi_document(count: usize) -> String {
    let mut schemas = Map::new();
    for i in 0..count {
        let schema = match i % 5 {
            0 => {
                json!({"type": "string", "enum": [format!("a{i}"), format!("b{i}"), "shared"], "description": format!("Enum {i}.")})
            }
            1 | 2 => {
                // References stay within a block of ten components, as in real documents,
                // where types nest a few levels deep rather than hundreds.
                let earlier = |k: usize| {
                    format!(
                        "#/components/schemas/{}",
                        name(if i % 10 >= k { i - k } else { i - i % 10 })
                    )
                };
                json!({
                    "type": "object",
                    "description": format!("Object {i}."),
                    "required": ["id", "kind"],
                    "properties": {
                        "id": {"type": "string"},
                        "kind": {"type": "string", "enum": [format!("kind_{i}")]},
                        "count": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
                        "ratio": {"type": "number", "nullable": true},
                        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 8},
                        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                        "previous": {"$ref": earlier(1)},
                        "older": {"type": "array", "items": {"$ref": earlier(3)}},
                        "choice": {"anyOf": [{"$ref": earlier(2)}, {"type": "null"}]}
                    }
                })
            }
            3 => json!({
                "description": format!("Union {i}."),
                "oneOf": [
                    {"type": "object", "required": ["type", "text"], "properties": {"type": {"const": "text"}, "text": {"type": "string"}}},
                    {"type": "object", "required": ["type", "n"], "properties": {"type": {"const": format!("number_{i}")}, "n": {"type": "integer"}}},
                    {"$ref": format!("#/components/schemas/{}", name(i - 1))}
                ]
            }),
            _ => {
                json!({"type": "array", "items": {"$ref": format!("#/components/schemas/{}", name(i - 2))}, "description": format!("List {i}.")})
            }
        };
        schemas.insert(name(i), schema);
    }
    let doc = json!({"openapi": "3.1.0", "info": {"title": "synthetic", "version": "1"}, "paths": {}, "components": {"schemas": schemas}});
    serde_json::to_string_pretty(&doc).expect("serializable")
}

fn name(i: usize) -> String {
    format!("Component{i}")
}

/// Wraps the document as generator input.
pub fn inputs(count: usize) -> codegen::Inputs {
    let mut inputs = codegen::Inputs::default();
    inputs.add("openapi.json", openapi_document(count));
    inputs
}
