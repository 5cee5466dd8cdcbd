//! The generated code compiles, with `#![deny(warnings)]`, for odd and hostile schemas: Rust
//! keywords, names that collide after case conversion, digits, punctuation and non-ASCII
//! letters, descriptions that try to end a comment or open a doctest, empty objects, enums
//! with mixed or duplicate values, deep nesting, recursion (also through arrays and maps, which
//! become newtype structs), alias chains, the deepest type expression the generator accepts,
//! both OpenAPI dialects (JSON and YAML), draft-07 definitions, and a document of 1,000
//! component schemas. Every case becomes a module of one crate, built once.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{Inputs, Settings};
use golden_tests::repo_root;

struct Case {
    name: &'static str,
    files: Vec<(&'static str, String)>,
    entry: &'static str,
}

fn case(name: &'static str, entry: &'static str, text: &str) -> Case {
    Case {
        name,
        files: vec![(entry, text.to_string())],
        entry,
    }
}

fn cases() -> Vec<Case> {
    let deep = (0..40).fold(r#"{"type": "string"}"#.to_string(), |inner, i| {
        format!(r#"{{"type": "object", "properties": {{"level{i}": {inner}}}}}"#)
    });
    vec![
        case(
            "keywords_and_collisions",
            "schema.json",
            r#"{"title": "Keywords", "type": "object", "required": ["type"], "properties": {
                "type": {"type": "string"}, "match": {"type": "string"}, "self": {"type": "integer"}, "Self": {"type": "integer"},
                "crate": {"type": "boolean"}, "super": {"type": "boolean"}, "async": {"type": "number"}, "gen": {"type": "number"},
                "fn": {"type": "string"}, "_": {"type": "string"}, "extra": {"type": "string"}, "new": {"type": "string"},
                "validate": {"type": "string"}, "foo_bar": {"type": "string"}, "fooBar": {"type": "integer"}, "FooBar": {"type": "number"},
                "foo-bar": {"type": "boolean"}, "1st": {"type": "string"}, "2nd-place": {"type": "string"}, "a.b": {"type": "string"},
                "größe": {"type": "string"}, "naïve": {"type": "string"}, "日本": {"type": "string"}, "": {"type": "string"},
                "Option": {"type": "object", "properties": {"Some": {"type": "string"}}}, "Result": {"type": "string", "enum": ["Ok", "Err"]}
            }}"#,
        ),
        case(
            "hostile_text",
            "schema.json",
            r#"{"title": "*/ fn evil() {} /* \" \\ ", "description": "ends */ a comment\n```rust\npanic!(\"doctest\")\n```\n    indented\n#[doc = \"x\"] \u0000 \\ [DONE] [`Missing`](Missing) [a][b] <b>bold https://example.com/x_y",
                "type": "object", "properties": {
                "kind": {"type": "string", "enum": ["a\"b", "*/", "fn", "self", "Self", "", "1", "-", "--", "Other", "Unknown", "ünïcödé", "a b", "a_b", "aB", "a\rb", "\r"],
                         "description": "x */ y \\\" z \r w"},
                "mixed": {"enum": [1, "a", null, true]},
                "dupes": {"type": "string", "enum": ["a", "a", "A"]},
                "empty": {"type": "object"},
                "closed_empty": {"type": "object", "properties": {}, "additionalProperties": false},
                "any": {},
                "nothing": false,
                "byte": {"type": "integer", "format": "uint8", "minimum": 1, "maximum": 200},
                "counts": {"type": "array", "items": {"type": "integer", "format": "int32", "minimum": -5}},
                "sizes": {"type": "object", "additionalProperties": {"type": "integer", "format": "uint64", "maximum": 9}},
                "either": {"oneOf": [{"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
                                     {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}},
                                     {"type": "string"}, {"type": "string", "maxLength": 3}]},
                "amount": {"anyOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]},
                "bounded": {"type": "integer", "format": "uint16", "exclusiveMinimum": 0, "exclusiveMaximum": 9, "multipleOf": 3},
                "unique": {"type": "array", "uniqueItems": true, "items": {"type": "object", "properties": {"x": {"type": "number"}}}},
                "unique_any": {"type": "array", "uniqueItems": true, "minItems": 1},
                "at_least": {"type": "object", "minProperties": 1},
                "code": {"type": "string", "pattern": "^[a-z\\\"*/{}]+$", "maxLength": 9},
                "codes": {"type": "array", "items": {"type": "string", "pattern": "^\\d+$"}},
                "lookahead": {"type": "string", "pattern": "^(?=a)"},
                "lists": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "array", "items": {"type": "integer"}}]},
                "half_tagged": {"oneOf": [{"type": "object", "required": ["kind"], "properties": {"kind": {"const": "x"}}},
                                          {"type": "object", "properties": {"p": {}}}, {"type": "object", "properties": {"q": {}}}]}
            }}"#,
        ),
        case(
            "deep_nesting",
            "schema.json",
            &format!(r#"{{"title": "Deep", "type": "object", "properties": {{"root": {deep}}}}}"#),
        ),
        case(
            "recursion",
            "schema.json",
            r##"{"definitions": {
                "Node": {"type": "object", "required": ["value"], "properties": {"value": {"type": "integer"}, "next": {"$ref": "#/definitions/Node"}, "children": {"type": "array", "items": {"$ref": "#/definitions/Node"}}}},
                "Ping": {"type": "object", "properties": {"pong": {"$ref": "#/definitions/Pong"}}},
                "Pong": {"type": "object", "properties": {"ping": {"$ref": "#/definitions/Ping"}, "kind": {"$ref": "#/definitions/Expr"}}},
                "Expr": {"oneOf": [
                    {"type": "object", "required": ["type", "left", "right"], "properties": {"type": {"const": "add"}, "left": {"$ref": "#/definitions/Expr"}, "right": {"$ref": "#/definitions/Expr"}}},
                    {"type": "object", "required": ["type", "value"], "properties": {"type": {"const": "literal"}, "value": {"type": "number"}}}
                ]}
            }}"##,
        ),
        case(
            "recursive_aliases",
            "schema.json",
            r##"{"definitions": {
                "A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/C"}, "C": {"type": "string", "maxLength": 5},
                "Wrapped": {"allOf": [{"$ref": "#/definitions/A"}], "description": "An alias through allOf."},
                "MaybeA": {"anyOf": [{"$ref": "#/definitions/B"}, {"type": "null"}]},
                "List": {"type": "array", "items": {"$ref": "#/definitions/List"}, "maxItems": 3, "description": "A list of lists."},
                "Graph": {"type": "object", "additionalProperties": {"$ref": "#/definitions/Graph"}, "minProperties": 1},
                "Ping": {"type": "array", "items": {"$ref": "#/definitions/Pong"}},
                "Pong": {"type": "array", "items": {"allOf": [{"$ref": "#/definitions/Ping"}]}},
                "Tree": {"type": "array", "items": {"type": "object", "properties": {"children": {"$ref": "#/definitions/Tree"}, "label": {"$ref": "#/definitions/A"}}}},
                "Nested": {"type": "array", "items": {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "array", "items": {"$ref": "#/definitions/Nested"}}}}},
                "Holder": {"type": "object", "required": ["list"], "properties": {
                    "list": {"$ref": "#/definitions/List"}, "graph": {"$ref": "#/definitions/Graph"}, "ping": {"$ref": "#/definitions/Ping"},
                    "pongs": {"type": "object", "additionalProperties": {"$ref": "#/definitions/Pong"}}, "label": {"$ref": "#/definitions/Wrapped"},
                    "maybe": {"$ref": "#/definitions/MaybeA"}, "nested": {"$ref": "#/definitions/Nested"}, "tree": {"$ref": "#/definitions/Tree"}}}
            }}"##,
        ),
        case("long_chains", "schema.json", &long_chains()),
        case(
            "list_of_itself",
            "list.json",
            r##"{"type": "array", "items": {"$ref": "#"}, "minItems": 1}"##,
        ),
        case(
            "deepest_type",
            "schema.json",
            &format!(
                r#"{{"title": "Deepest", "type": "object", "properties": {{"cells": {}}}}}"#,
                (0..codegen::limits::MAX_TYPE_NESTING - 1).fold(
                    r#"{"type": "integer", "minimum": 0}"#.to_string(),
                    |inner, i| if i % 2 == 0 {
                        format!(r#"{{"type": "array", "items": {inner}}}"#)
                    } else {
                        format!(r#"{{"type": "object", "additionalProperties": {inner}}}"#)
                    }
                )
            ),
        ),
        case(
            "openapi_3_0_yaml",
            "openapi.yaml",
            r##"
openapi: 3.0.3
info: {title: pets, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      x-internal: true
      discriminator: {propertyName: pet_type}
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
    MappedPet:
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', dog: Dog}
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
    Cat:
      type: object
      required: [pet_type]
      properties:
        pet_type: {type: string}
        kind: {type: string}
        lives: {type: integer, nullable: true, minimum: 0, maximum: 9}
    Dog:
      type: object
      required: [pet_type]
      properties:
        pet_type: {type: string}
        kind: {type: string}
        owner: {allOf: [{$ref: '#/components/schemas/Owner'}], nullable: true, description: The owner.}
    Owner:
      type: object
      properties:
        name: {type: string, x-order: 1}
"##,
        ),
        case(
            "openapi_3_1",
            "openapi.json",
            r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {
                "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
                "Extended": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"note": {"type": ["string", "null"]}}}], "description": "Base plus a note."},
                "MaybeBase": {"anyOf": [{"$ref": "#/components/schemas/Base"}, {"type": "null"}]},
                "Const": {"type": "object", "properties": {"version": {"const": "v1"}, "numbers": {"type": ["integer", "string"]}}},
                "WithDefs": {"$defs": {"Inner": {"type": "object", "properties": {"x": {"type": "integer"}}}}, "type": "object", "properties": {"inner": {"$ref": "#/components/schemas/WithDefs/$defs/Inner"}}}
            }}}"##,
        ),
        case(
            "draft_07",
            "schema.json",
            r##"{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {
                "Address": {"type": "object", "properties": {"street": {"type": "string", "maxLength": 100}}},
                "Person": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "home": {"$ref": "#/definitions/Address"}, "work": {"$ref": "#/definitions/Address"}}}
            }}"##,
        ),
        Case {
            name: "synthetic_1000",
            files: vec![(
                "openapi.json",
                golden_tests::synthetic::openapi_document(1000),
            )],
            entry: "openapi.json",
        },
    ]
}

/// Schemas that hold each other as deep as the generator accepts (`MAX_SCHEMA_DEPTH` levels):
/// a chain of structs, and one whose links are arrays of maps. rustc's drop check and rustdoc's
/// auto-trait evaluation follow the whole chain (the scaffolded crate raises its recursion limit).
fn long_chains() -> String {
    let depth = codegen::limits::MAX_SCHEMA_DEPTH;
    let mut defs = Vec::new();
    for (prefix, hops, heavy) in [("P", depth - 6, false), ("H", depth / 3 - 1, true)] {
        for i in 0..hops {
            let next = format!(r##"{{"$ref": "#/definitions/{prefix}{}"}}"##, i + 1);
            let link = match heavy {
                false => next,
                true => format!(
                    r#"{{"type": "array", "items": {{"type": "object", "additionalProperties": {next}}}}}"#
                ),
            };
            defs.push(format!(
                r#""{prefix}{i}": {{"type": "object", "properties": {{"next": {link}, "v": {{"type": "integer"}}}}}}"#
            ));
        }
        defs.push(format!(
            r#""{prefix}{hops}": {{"type": "object", "properties": {{"v": {{"type": "string"}}}}}}"#
        ));
    }
    format!(r#"{{"definitions": {{{}}}}}"#, defs.join(", "))
}

#[test]
fn generated_code_compiles_for_odd_and_hostile_schemas() {
    let dir =
        std::env::temp_dir().join(format!("openai-runs-compile-check-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("src/cases")).unwrap();
    let mut modules = String::new();
    for case in cases() {
        let mut inputs = Inputs::default();
        for (path, text) in &case.files {
            inputs.add(*path, text.clone());
        }
        let output = codegen::generate(
            &Settings::new().entry(case.entry).operations(false),
            &inputs,
        )
        .unwrap_or_else(|e| panic!("case {}: {e}", case.name));
        fs::write(
            dir.join(format!("src/cases/{}.rs", case.name)),
            &output.files["src/generated/types.rs"],
        )
        .unwrap();
        modules.push_str(&format!(
            "#[path = \"cases/{0}.rs\"]\npub mod {0};\n",
            case.name
        ));
    }
    for (path, text) in xtask::scaffold("compile-check", xtask::Runtime::Types, true).unwrap() {
        let text = if path == "src/lib.rs" {
            text.replace("mod generated;\n", &modules)
                .replace("pub use generated::types;\n", "")
        } else {
            text
        };
        fs::create_dir_all(dir.join(&path).parent().unwrap()).unwrap();
        fs::write(dir.join(path), text).unwrap();
    }
    build_and_document(&dir, "the generated code");
}

/// A document whose operations are as odd as its schemas: duplicate and reserved operation
/// ids (`execute`, `builder`, a keyword), ids that collide with another operation's
/// `*_stream` method, path parameters that are keywords or collide after case conversion or
/// with `body`, query parameters with punctuation, a component named like a synthesized query
/// struct, components named `Client`, `Error` and `Event`, inline request, response and event
/// schemas, and every response kind. Its crate, with the generic client runtime, builds under
/// `#![deny(warnings)]`.
#[test]
fn the_client_compiles_for_odd_and_hostile_operations() {
    let doc = r##"{"openapi": "3.1.0", "info": {"title": "hostile", "version": "1"},
      "paths": {
        "/items/{type}/{self}/{fooBar}/{foo_bar}/{body}": {"get": {"operationId": "execute",
          "parameters": [
            {"name": "type", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "self", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "fooBar", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "foo_bar", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "body", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "page-size", "in": "query", "schema": {"type": "integer"}},
            {"name": "type", "in": "query", "schema": {"type": "string"}},
            {"name": "2nd", "in": "query", "required": true, "schema": {"type": "boolean"}}],
          "responses": {"200": {"description": "*/ ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"fn": {"type": "string"}}}}}}}}},
        "/items": {"post": {"operationId": "execute", "description": "*/ fn evil() {} /*",
          "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"stream": {"type": "boolean"}, "self": {"type": "string"}}}}}},
          "responses": {
            "201": {"description": "ok", "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/ExecuteQuery"}},
              "text/event-stream": {"schema": {"type": "object", "properties": {"event": {"type": "string"}}}}}},
            "default": {"description": "e", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
        "/items/stream": {"post": {"operationId": "execute_stream",
          "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Client"}}}},
          "responses": {"200": {"description": "ok", "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/Event"}}}}}}},
        "/x": {"delete": {"operationId": "type", "responses": {"204": {"description": "gone"}}}},
        "/y": {"get": {"operationId": "builder", "responses": {"200": {"description": "text", "content": {"text/plain": {}}}}}},
        "/z/{id}": {"get": {"operationId": "ünïcödé ops!", "summary": "Ends with [DONE] see https://example.com/a_b <i>", "description": "[`Gone`](Gone) [x][y]", "parameters": [{"name": "id", "in": "path", "required": true}],
          "responses": {"default": {"description": "e", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}}
      },
      "components": {"schemas": {
        "ExecuteQuery": {"type": "object", "properties": {"q": {"type": "string"}}},
        "Client": {"type": "object", "properties": {"stream": {"type": "boolean"}}},
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        "Event": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}"##;
    let mut inputs = Inputs::default();
    inputs.add("openapi.json", doc);
    let output = codegen::generate(&Settings::new().entry("openapi.json"), &inputs).unwrap();
    assert_eq!(output.model.operations.len(), 6);
    let dir = std::env::temp_dir().join(format!(
        "openai-runs-client-compile-check-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    let patterns = output.model.uses_patterns();
    let files = output
        .files
        .into_iter()
        .chain(xtask::scaffold("compile-check-client", xtask::Runtime::Client, patterns).unwrap());
    for (path, text) in files {
        fs::create_dir_all(dir.join(&path).parent().unwrap()).unwrap();
        fs::write(dir.join(path), text).unwrap();
    }
    build_and_document(&dir, "the generated client");
}

/// Builds the crate in `dir` (`#![deny(warnings)]`) and its docs with rustdoc's warnings denied
/// (schema Markdown such as `[DONE]` or a bare URL must not be one), then removes it.
fn build_and_document(dir: &Path, what: &str) {
    let target: PathBuf = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
        .join("compile-check");
    for (command, fails) in [
        ("build", "does not compile"),
        ("doc", "has rustdoc warnings"),
    ] {
        let result = Command::new(env!("CARGO"))
            .args([command, "--quiet", "--message-format", "short"])
            .args((command == "doc").then_some("--no-deps"))
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTDOCFLAGS", "-D warnings")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(
            result.status.success(),
            "{what} {fails} (crate in {}):\n{stderr}",
            dir.display()
        );
    }
    fs::remove_dir_all(dir).ok();
}
