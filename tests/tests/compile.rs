//! The generated code compiles, with its warnings denied, for odd and hostile schemas: Rust
//! keywords, names that collide after case conversion, digits, punctuation and non-ASCII
//! letters, descriptions that try to end a comment or open a doctest, empty objects, enums
//! with mixed or duplicate values, deep nesting, recursion (also through arrays and maps, which
//! become newtype structs), alias chains, the deepest type expression the generator accepts,
//! both OpenAPI dialects (JSON and YAML), draft-07 definitions, and a document of 1,000
//! component schemas. Every case becomes a module of one crate, built once. Minimal documents
//! (one type of each kind, no types, one operation of each kind) each become a standalone
//! crate, all built by one cargo invocation, without warnings; and a crate generated from
//! descriptions full of code blocks runs no doctest. All share the target directory
//! `target/compile-check` and the project's `Cargo.lock`, so the dependencies are built once.

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
                (0..codegen::internals::limits::MAX_TYPE_NESTING - 1).fold(
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
        // Web-page Markdown and no documentation base URL: relative links become text.
        case(
            "web_markdown",
            "schema.json",
            r##"{"title": "Page", "description": "See [runs](/docs/runs), [r][def], [m][missing], [x](Missing), [y](crate::Nope), [z](#f) and ![i](/i.png). Ends with [DONE]. Vec<T>, <b>open, <em>ok</em>, https://example.com/a. <!-- c\n\n<div>\n\n[def]: /docs/def",
                "type": "object", "properties": {
                    "kind": {"oneOf": [{"type": "string", "enum": ["a", "b"], "description": "[A](/a) or <T>"}, {"type": "integer", "description": "[DONE] https://x.org"}]}
                }}"##,
        ),
        // Issue #13: `allOf` beyond objects, unions whose branches overlap.
        case(
            "all_of_beyond_objects",
            "schema.json",
            include_str!("../../codegen/tests/snapshots/all_of_beyond_objects.json"),
        ),
        case(
            "all_of_discriminated_union",
            "openapi.yaml",
            include_str!("../../codegen/tests/snapshots/all_of_discriminated_union.yaml"),
        ),
        case(
            "all_of_siblings_and_required",
            "schema.json",
            include_str!("../../codegen/tests/snapshots/all_of_siblings_and_required.json"),
        ),
        case(
            "required_sets",
            "schema.json",
            include_str!("../../codegen/tests/snapshots/required_sets.json"),
        ),
        case(
            "tuples",
            "schema.json",
            include_str!("../../codegen/tests/snapshots/tuples.json"),
        ),
        case(
            "tuples_draft_04",
            "schema.json",
            r##"{"$schema": "http://json-schema.org/draft-04/schema#", "definitions": {
                "Pair": {"type": "array", "minItems": 2, "maxItems": 2, "items": [{"type": "string"}, {"$ref": "#/definitions/Wide"}]},
                "Wide": {"type": "array", "minItems": 12, "items": [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {"type": "integer", "maximum": 3}], "additionalItems": false},
                "One": {"type": "array", "items": [{"type": "boolean"}], "additionalItems": false, "minItems": 1}
            }}"##,
        ),
        case(
            "union_overlaps",
            "schema.json",
            include_str!("../../codegen/tests/snapshots/union_overlaps.json"),
        ),
        // A type named like every prelude item, derive macro and name the generated code
        // uses unqualified (`From`, `Option`, `Debug`, `Serialize`, ...), each used as a field,
        // beside an enum (whose `impl From<&str>` must still mean the standard trait); and a
        // titled array whose inline item has the array's title.
        Case {
            name: "prelude_names",
            files: vec![("schema.json", prelude_names())],
            entry: "schema.json",
        },
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

fn prelude_names() -> String {
    let names = codegen::internals::naming::RESERVED_TYPE_NAMES;
    let defs: Vec<String> = names
        .iter()
        .map(|n| {
            format!(r#""{n}": {{"type": "object", "required": ["x"], "properties": {{"x": {{"type": "string", "enum": ["a", "b"]}}, "y": {{"type": "integer"}}}}}}"#)
        })
        .collect();
    let uses: Vec<String> = names
        .iter()
        .map(|n| format!(r##""a_{n}": {{"$ref": "#/definitions/{n}"}}"##))
        .collect();
    format!(
        r#"{{"definitions": {{{}, "Uses": {{"type": "object", "properties": {{{}}}}}, "Mode": {{"type": "string", "enum": ["on", "off"]}},
            "content-directory": {{"title": "Content Directory", "type": "array", "items": {{"title": "Content Directory", "type": "object", "properties": {{"name": {{"type": "string"}}}}}}}}}}}}"#,
        defs.join(", "),
        uses.join(", ")
    )
}

/// Schemas that hold each other as deep as the generator accepts (`MAX_SCHEMA_DEPTH` levels):
/// a chain of structs, and one whose links are arrays of maps. rustc's drop check and rustdoc's
/// auto-trait evaluation follow the whole chain (the scaffolded crate raises its recursion limit).
fn long_chains() -> String {
    let depth = codegen::internals::limits::MAX_SCHEMA_DEPTH;
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
    let dir = std::env::temp_dir().join(format!(
        "openai-assistants-compile-check-{}",
        std::process::id()
    ));
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
    // A crate of types only does not build the HTTP client.
    fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let tree = Command::new(env!("CARGO"))
        .args(["tree", "--quiet", "--edges", "normal", "--prefix", "none"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let tree = String::from_utf8_lossy(&tree.stdout);
    assert!(tree.contains("openapi-runtime "), "{tree}");
    for client in ["reqwest ", "tokio "] {
        assert!(
            !tree.contains(client),
            "a types-only crate depends on {client}:\n{tree}"
        );
    }
    build_and_document(&dir, "the generated code");
}

/// A document whose operations are as odd as its schemas: duplicate and reserved operation
/// ids (`execute`, `builder`, a keyword), ids that collide with another operation's
/// `*_stream` method, path parameters that are keywords or collide after case conversion or
/// with `body`, query parameters with punctuation, a component named like a synthesized query
/// struct, components named `Client`, `Error` and `Event`, inline request, response and event
/// schemas, and every response kind. Its crate, with the generic client runtime, builds with its
/// warnings denied.
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
    assert_eq!(output.operation_ids().count(), 6);
    let dir = std::env::temp_dir().join(format!(
        "openai-assistants-client-compile-check-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    let patterns = output.uses_patterns();
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

/// Builds the crate in `dir` with its warnings denied (the generated crate denies none itself)
/// and its docs with rustdoc's warnings denied (schema Markdown such as `[DONE]` or a bare URL
/// must not be one), then removes it.
fn build_and_document(dir: &Path, what: &str) {
    let target = compile_check_target();
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    fs::write(
        dir.join("Cargo.toml"),
        format!("{manifest}\n[lints.rust]\nwarnings = \"deny\"\n"),
    )
    .unwrap();
    // The versions the project itself is tested with (and one build of them for every test).
    fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
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

/// A document as the smallest input of one shape: (case name, entry file name, text).
type Minimal = (&'static str, &'static str, &'static str);

/// One small document per shape of generated crate, so that code only some inputs use (imports,
/// macros, runtime helpers) is exercised without the rest: types of one kind only, no types,
/// clients with one operation of each kind.
const MINIMAL_DOCUMENTS: &[Minimal] = &[
    ("one_string", "schema.json", r#"{"title": "Name", "type": "string"}"#),
    ("one_integer", "schema.json", r#"{"title": "Count", "type": "integer", "minimum": 0}"#),
    ("one_boolean", "schema.json", r#"{"title": "Flag", "type": "boolean"}"#),
    ("one_free_form_value", "schema.json", r#"{"title": "Anything"}"#),
    ("only_enums", "schema.json", r##"{"definitions": {
        "Color": {"type": "string", "enum": ["red", "green"]},
        "Size": {"enum": ["s", "m"]}}}"##),
    ("only_aliases", "schema.json", r##"{"definitions": {
        "Id": {"type": "string"},
        "Ids": {"type": "array", "items": {"$ref": "#/definitions/Id"}},
        "Scores": {"type": "object", "additionalProperties": {"type": "number"}}}}"##),
    ("only_a_union", "schema.json", r#"{"title": "Value", "oneOf": [{"type": "string"}, {"type": "integer"}]}"#),
    ("only_a_tagged_union", "schema.json", r##"{"definitions": {"Shape": {"oneOf": [
        {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "dot"}}},
        {"type": "object", "required": ["kind", "r"], "properties": {"kind": {"const": "circle"}, "r": {"type": "number"}}}]}}}"##),
    ("one_struct", "schema.json", r#"{"title": "Point", "type": "object", "properties": {"x": {"type": "number"}}}"#),
    ("one_closed_struct", "schema.json", r#"{"title": "Point", "type": "object", "required": ["x"], "additionalProperties": false, "properties": {"x": {"type": "number"}}}"#),
    ("one_nullable_field", "schema.json", r#"{"title": "Maybe", "type": "object", "properties": {"a": {"type": ["string", "null"]}}}"#),
    ("one_constant", "schema.json", r#"{"title": "Version", "const": "v1"}"#),
    ("one_array", "schema.json", r#"{"title": "Tags", "type": "array", "items": {"type": "string"}, "maxItems": 3}"#),
    ("one_map", "schema.json", r#"{"title": "Labels", "type": "object", "additionalProperties": {"type": "string"}}"#),
    ("one_empty_object", "schema.json", r#"{"title": "Empty", "type": "object"}"#),
    ("one_closed_empty_object", "schema.json", r#"{"title": "Nothing", "type": "object", "properties": {}, "additionalProperties": false}"#),
    ("one_recursive_struct", "schema.json", r##"{"definitions": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/Node"}}}}}"##),
    ("only_a_union_of_strings", "schema.json", r#"{"title": "Choice", "oneOf": [{"type": "string", "enum": ["auto", "none"]}, {"type": "string"}]}"#),
    ("definitions_without_schemas", "schema.json", r#"{"definitions": {}}"#),
    ("one_pattern", "schema.json", r#"{"title": "Code", "type": "string", "pattern": "^[a-z]+$"}"#),
    ("openapi_without_schemas", "openapi.json", r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {}}}"#),
    ("openapi_one_enum", "openapi.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Level: {type: string, enum: [low, high]}\n"),
    ("client_one_get", "openapi.json", r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/health": {"get": {"operationId": "health", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"ok": {"type": "boolean"}}}}}}}}}}}"#),
    ("client_one_get_of_any_json", "openapi.json", r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/health": {"get": {"operationId": "health", "responses": {"200": {"description": "ok", "content": {"application/json": {}}}}}}}}"#),
    ("client_one_get_of_bytes_by_id", "openapi.json", r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/files/{id}": {"get": {"operationId": "download", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
          "responses": {"200": {"description": "ok", "content": {"application/octet-stream": {}}}}}}}}"#),
    ("client_without_bodies", "openapi.json", r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "servers": [{"url": "https://example.com/v1"}], "paths": {
        "/items/{id}": {"delete": {"operationId": "delete_item", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
          "responses": {"204": {"description": "gone"}}}}}}"#),
    ("client_only_query_parameters", "openapi.json", r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/search": {"get": {"operationId": "search", "parameters": [
          {"name": "q", "in": "query", "required": true, "schema": {"type": "string"}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
          "responses": {"204": {"description": "done"}}}}}}"#),
    ("client_streaming_only", "openapi.json", r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/events": {"get": {"operationId": "events", "responses": {"200": {"description": "ok", "content": {"text/event-stream": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}}}}}}"#),
    ("client_streaming_only_any_json", "openapi.json", r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/events": {"post": {"operationId": "events", "responses": {"200": {"description": "ok", "content": {"text/event-stream": {}}}}}}}}"#),
    ("client_json_body_no_response", "openapi.json", r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/items": {"post": {"operationId": "create_item", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
          "responses": {"204": {"description": "made"}}}}},
        "components": {"schemas": {"Item": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}}}"##),
    ("client_fixed_header_only", "openapi.json", r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/ping": {"post": {"operationId": "ping", "parameters": [{"name": "X-Version", "in": "header", "required": true, "schema": {"type": "string", "enum": ["2"]}}],
          "responses": {"204": {"description": "pong"}}}}}}"#),
    ("client_error_schema_only", "openapi.json", r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/ping": {"get": {"operationId": "ping", "responses": {"default": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}}},
        "components": {"schemas": {"Error": {"type": "object", "properties": {"message": {"type": "string"}}}}}}"##),
    ("client_stream_flag", "openapi.json", r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/runs": {"post": {"operationId": "create_run", "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"stream": {"type": "boolean"}}}}}},
          "responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}},
            "text/event-stream": {"schema": {"oneOf": [
              {"type": "object", "required": ["event", "data"], "properties": {"event": {"const": "done"}, "data": {"type": "string"}}},
              {"type": "object", "required": ["event", "data"], "properties": {"event": {"const": "delta"}, "data": {"type": "object", "properties": {"text": {"type": "string"}}}}}]}}}}}}}}}"##),
    ("client_paginated_list", "openapi.json", r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/items": {"get": {"operationId": "list_items", "parameters": [{"name": "after", "in": "query", "schema": {"type": "string"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}],
          "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemList"}}}},
                        "default": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}}},
        "components": {
          "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}},
          "schemas": {
          "Item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
          "ItemList": {"type": "object", "required": ["data", "has_more"], "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}, "has_more": {"type": "boolean"}, "last_id": {"type": "string"}}},
          "Error": {"type": "object", "properties": {"message": {"type": "string"}}}}}}"##),
    // Request bodies by media type (the snapshot cases): `+json`, form, multipart, bytes.
    ("client_body_json_media_types", "openapi.yaml", include_str!("../../codegen/tests/snapshots/body_json_media_types.yaml")),
    ("client_body_form_urlencoded", "openapi.yaml", include_str!("../../codegen/tests/snapshots/body_form_urlencoded.yaml")),
    ("client_body_multipart", "openapi.yaml", include_str!("../../codegen/tests/snapshots/body_multipart.yaml")),
    ("client_body_multipart_brackets", "openapi.yaml", include_str!("../../codegen/tests/snapshots/body_multipart_brackets.yaml")),
    ("client_body_binary", "openapi.yaml", include_str!("../../codegen/tests/snapshots/body_binary.yaml")),
    // A nullable `last_id`, an optional or required-nullable `after`, and a cursor of another type.
    // Maps whose values carry constraints, and request bodies that are lists, maps or free-form.
    ("client_validate_maps_and_bodies", "openapi.json", include_str!("../../codegen/tests/snapshots/validate_maps_and_bodies.json")),
    ("client_paginated_nullable_cursor", "openapi.yaml", include_str!("../../codegen/tests/snapshots/pagination_nullable_cursor.yaml")),
    // A request body the document does not require (JSON and form): the methods take `None`.
    ("client_optional_body", "openapi.yaml", include_str!("../../codegen/tests/snapshots/optional_body.yaml")),
    // Request bodies with a property named `default` (its setter must not break `new()`, which
    // builds the value through the `Default` trait), with required fields and without.
    ("client_body_with_a_default_property", "openapi.json", r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/items": {"post": {"operationId": "create_item", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
          "responses": {"204": {"description": "made"}}}},
        "/settings": {"put": {"operationId": "put_settings", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Settings"}}}},
          "responses": {"204": {"description": "set"}}}}},
        "components": {"schemas": {
          "Item": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "default": {"type": "boolean"}, "options": {"$ref": "#/components/schemas/Settings"}}},
          "Settings": {"type": "object", "properties": {"default": {"type": ["string", "null"]}, "new": {"type": "string"}}}}}}"##),
];

/// The files of the standalone crate `cargo xtask generate --out` writes for a document: the
/// generated code around the runtime and the `Cargo.toml` that `xtask::scaffold` makes. `None`
/// if the generator refuses the document (an empty one may be refused: that is no broken crate).
fn standalone_crate(
    crate_name: &str,
    (name, entry, text): &Minimal,
) -> Option<Vec<(String, String)>> {
    let mut inputs = Inputs::default();
    inputs.add(*entry, *text);
    let settings = Settings::new()
        .entry(*entry)
        .env_prefix(crate_name.to_ascii_uppercase().replace('-', "_"));
    let output = match codegen::generate(&settings, &inputs) {
        Ok(output) => output,
        Err(e) if name.ends_with("without_schemas") => {
            eprintln!("{name}: refused ({e})");
            return None;
        }
        Err(e) => panic!("{name}: {e}"),
    };
    let runtime = xtask::Runtime::for_output(&output);
    assert_eq!(
        runtime == xtask::Runtime::Types,
        !name.starts_with("client_"),
        "{name}: the runtime is {runtime:?}"
    );
    let scaffold = xtask::scaffold(crate_name, runtime, output.uses_patterns()).unwrap();
    Some(output.files.into_iter().chain(scaffold).collect())
}

/// Every minimal document becomes a crate of its own, as `--out` writes it; they are members of
/// one throwaway workspace (in the shared `target/compile-check`, so the dependencies are built
/// once for all compile tests) and are built by one cargo invocation with every warning of the
/// generated crates denied. No generated crate has a `deny` of its own: it must not need one
/// to compile, and must not warn.
#[test]
fn every_minimal_document_becomes_a_crate_that_builds_without_warnings() {
    let root = compile_check_target().join("minimal-crates");
    let _ = fs::remove_dir_all(&root);
    let mut members = Vec::new();
    // Every crate gets the same copy of the runtime crate: one copy serves them all (one
    // workspace cannot hold two packages of the same name).
    let runtime_prefix = format!("{}/", xtask::RUNTIME_DIR);
    for (path, text) in xtask::runtime_files().unwrap() {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    for minimal in MINIMAL_DOCUMENTS {
        let crate_name = format!("minimal-{}", minimal.0.replace('_', "-"));
        let Some(files) = standalone_crate(&crate_name, minimal) else {
            continue;
        };
        for (path, text) in files {
            assert!(
                !text.contains("#![deny") && !text.contains("#![forbid"),
                "{}: {path} denies lints itself",
                minimal.0
            );
            if path.starts_with(&runtime_prefix) {
                assert_eq!(
                    fs::read_to_string(root.join(&path)).unwrap(),
                    text,
                    "{}: {path} is not the runtime crate's file",
                    minimal.0
                );
                continue;
            }
            let text = if path == "Cargo.toml" {
                // A member of the throwaway workspace instead of a workspace of its own, with
                // the runtime copy they share.
                let (package, _) = text.split_once("[workspace]").unwrap();
                let runtime_dependency = format!("path = \"{}\"", xtask::RUNTIME_DIR);
                assert!(
                    package.contains(&runtime_dependency),
                    "{}: {package}",
                    minimal.0
                );
                let package = package.replace(
                    &runtime_dependency,
                    &format!("path = \"../{}\"", xtask::RUNTIME_DIR),
                );
                format!("{package}[lints]\nworkspace = true\n")
            } else {
                text
            };
            let path = root.join(minimal.0).join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        members.push(format!("\"{}\"", minimal.0));
    }
    fs::write(
        root.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[workspace.lints.rust]\nwarnings = \"deny\"\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // The versions the project itself is tested with.
    fs::copy(repo_root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    let result = Command::new(env!("CARGO"))
        .args([
            "build",
            "--workspace",
            "--keep-going",
            "--quiet",
            "--message-format",
            "short",
        ])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", compile_check_target())
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "a minimal crate does not build without warnings (crates in {}):\n{}",
        root.display(),
        String::from_utf8_lossy(&result.stderr)
    );
    fs::remove_dir_all(&root).ok();
}

/// The target directory every compile test shares.
fn compile_check_target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
        .join("compile-check")
}

/// Description text that tries every way Markdown has to make rustdoc compile and run a code
/// block: fences of backticks and tildes with and without info strings and attributes, indented
/// a little (still a fence) or a lot (an indented block), inside block quotes, list items and
/// footnotes, closed by a longer fence or never closed, behind CRLF or lone CR line breaks.
/// Half of the blocks exit the doctest with 42, the others do not even compile.
fn hostile_descriptions() -> Vec<String> {
    let blocks = [
        "```\n{}\n```",
        "```rust\n{}\n```",
        "```rust,ignore\n{}\n```",
        "``` rust should_panic\n{}\n```",
        "```{.rust}\n{}\n```",
        "```text,rust\n{}\n```",
        "~~~\n{}\n~~~",
        "~~~should_panic\n{}\n~~~",
        "   ```\n   {}\n   ```",
        "Text.\n\n    {}",
        "Text.\n\n\t{}",
        "> ```\n> {}\n> ```",
        ">     {}",
        "- item\n\n  ```\n  {}\n  ```",
        "1. ```rust\n   {}\n   ```",
        "- a\n  - > ~~~\n    > {}\n    > ~~~",
        "-     {}",
        "````\n```\n{}\n```\n`````",
        "```\n{}",
        "[^1]: note\n\n        {}\n\nSee[^1].",
        "a\r\n```rust\r\n{}\r\n```\r\n",
        "a\r```rust\r{}\r```",
        // Markdown written for a web page, which rustdoc lints: brackets that are no link,
        // relative and reference links (one without its definition), a bare URL, stray and
        // generic-looking HTML tags, an HTML block holding a fence.
        "The stream ends with [DONE]; see [runs](/docs/runs), [ref][missing], [a][r] and [b](Missing).\n\n[r]: /docs/r\n\n{}",
        "Visit https://example.com/x_y. A `Vec<T>` is a Vec<T>; <b>bold, <i>it</i>, </div>, ![img](img.png) [frag](#f)\n\n    {}",
        "<details>\n```rust\n{}\n```\n</details>",
    ];
    let payloads = [
        "fn main() { std::process::exit(42) }",
        "compile_error!(\"schema text ran as a doctest\");",
    ];
    blocks
        .iter()
        .enumerate()
        .map(|(i, block)| block.replace("{}", payloads[i % 2]))
        .collect()
}

/// A document that puts the hostile descriptions everywhere schema text reaches the docs:
/// types of each kind, fields, variants, operations (summary, description, path parameters),
/// and names that are quoted in generated sentences (property names, enum values, an
/// operation id).
fn hostile_docs_document() -> String {
    let texts = hostile_descriptions();
    let mut schemas = serde_json::Map::new();
    for (i, text) in texts.iter().enumerate() {
        let properties = serde_json::json!({
            "field": {"type": "string", "description": text},
            format!("name\n{text}"): {"type": "integer", "default": 1, "description": text},
        });
        schemas.insert(
            format!("Struct{i}"),
            serde_json::json!({"type": "object", "description": text, "properties": properties}),
        );
    }
    let first = &texts[0];
    schemas.insert("Level".into(), serde_json::json!({"type": "string", "description": first, "enum": ["low", format!("high\n{first}")]}));
    schemas.insert(
        "Alias".into(),
        serde_json::json!({"type": "array", "description": texts[1], "items": {"type": "string"}}),
    );
    schemas.insert(
        "Either".into(),
        serde_json::json!({"description": texts[2], "oneOf": [
        {"type": "string", "description": texts[3]},
        {"$ref": "#/components/schemas/Struct4"}]}),
    );
    // Type names are quoted in generated sentences (the error body's, the event's).
    let error_name = format!("Error\n{}", texts[1]);
    schemas.insert(
        error_name.clone(),
        serde_json::json!({"type": "object", "properties": {"message": {"type": "string"}}}),
    );
    let error_ref = format!(
        "#/components/schemas/{}",
        error_name.replace('~', "~0").replace('/', "~1")
    );
    let mut paths = serde_json::Map::new();
    for (i, text) in texts.iter().enumerate() {
        paths.insert(format!("/op{i}/{{id}}"), serde_json::json!({"post": {
            "operationId": format!("op{i}\n{text}"),
            "summary": text,
            "description": text,
            "parameters": [{"name": "id", "in": "path", "required": true, "description": text, "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Struct{i}")}}}},
            "responses": {"200": {"description": text, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Either"}},
                "text/event-stream": {"schema": {"$ref": "#/components/schemas/Level"}}}},
                "default": {"description": text, "content": {"application/json": {"schema": {"$ref": error_ref}}}}}
        }}));
    }
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "hostile docs", "version": "1", "description": texts[5]},
        "paths": paths,
        "components": {"schemas": schemas}
    })
    .to_string()
}

/// rustdoc finds no code to run in a crate generated from the hostile descriptions: `cargo test
/// --doc` succeeds and runs no doctest from the generated code (the runtime's own examples are
/// `ignore`d or absent), and `cargo doc` with warnings denied passes: schema Markdown such as
/// `[DONE]`, a bare URL, `<T>` or a relative link is made correct doc text, not silenced.
#[test]
fn hostile_descriptions_never_run_as_doctests() {
    let mut inputs = Inputs::default();
    inputs.add("openapi.json", hostile_docs_document());
    let settings = Settings::new()
        .entry("openapi.json")
        .docs_base_url("https://example.com");
    let output = codegen::generate(&settings, &inputs).unwrap();
    assert_eq!(output.operation_ids().count(), hostile_descriptions().len());
    let generated = output.files["src/generated/types.rs"].clone()
        + &output.files["src/generated/operations.rs"];
    assert!(
        generated.contains("error responses (`Error"),
        "the error body's hostile name is not quoted in its docs"
    );
    for payload in ["std::process::exit(42)", "compile_error!"] {
        assert!(
            generated.contains(payload),
            "the docs lost the text `{payload}`"
        );
    }
    // Relative links point into the documentation site; no doc comment keeps one relative
    // (names quoted in string literals keep their text, of course).
    assert!(generated.contains("[runs](https://example.com/docs/runs)"));
    assert!(generated.contains("[a](https://example.com/docs/r)"));
    let relative: Vec<&str> = generated
        .lines()
        .filter(|l| l.trim_start().starts_with("///"))
        .filter(|l| l.contains("](/") || l.contains("](#"))
        .collect();
    assert!(relative.is_empty(), "relative links left: {relative:#?}");
    let dir = compile_check_target().join("hostile-docs");
    let _ = fs::remove_dir_all(&dir);
    let runtime = xtask::Runtime::for_output(&output);
    let files = output
        .files
        .into_iter()
        .chain(xtask::scaffold("hostile-docs", runtime, false).unwrap());
    for (path, text) in files {
        fs::create_dir_all(dir.join(&path).parent().unwrap()).unwrap();
        fs::write(dir.join(path), text).unwrap();
    }
    fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let result = Command::new(env!("CARGO"))
        .args(["test", "--doc", "--message-format", "short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", compile_check_target())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "cargo test --doc failed:\n{stdout}\n{stderr}"
    );
    let generated_doctests: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("test ") && l.contains("generated"))
        .collect();
    assert!(
        generated_doctests.is_empty(),
        "doctests from schema text: {generated_doctests:#?}"
    );
    assert!(
        stdout.contains("test result: ok. 0 passed; 0 failed;"),
        "a doctest ran:\n{stdout}"
    );
    // What is left of the code blocks is no rustdoc warning either.
    let result = Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--quiet", "--message-format", "short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", compile_check_target())
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "the hostile docs have rustdoc warnings:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    fs::remove_dir_all(&dir).ok();
}
