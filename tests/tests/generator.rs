//! The generator on the project's schemas and on small inputs made here: warnings and errors
//! name file and JSON Pointer, the published files are accepted as published, identical schemas
//! become one type, names stay short, the output is deterministic and checked in.

use codegen::internals::model::{TypeKind, VariantKind};
use codegen::{Inputs, Patches, Settings, WarningKind};
use golden_tests::repo_root;

/// The seed-era inputs (`schemas/seed/`): the generator's own test inputs.
fn seed_inputs() -> Inputs {
    xtask::read_inputs(&repo_root().join("schemas/seed")).unwrap()
}

/// The project's input: the published description and its patch.
fn project_inputs() -> Inputs {
    xtask::project_inputs().unwrap()
}

fn inputs(files: &[(&str, &str)]) -> Inputs {
    let mut inputs = Inputs::default();
    for (path, text) in files {
        inputs.add(*path, *text);
    }
    inputs
}

/// The error generating from `schema` as the only file, `a.json`, gives.
fn error_for(schema: &str) -> String {
    codegen::generate(
        &Settings::new().entry("a.json"),
        &inputs(&[("a.json", schema)]),
    )
    .unwrap_err()
    .to_string()
}

#[test]
fn generated_code_is_up_to_date() {
    let output = codegen::generate(&xtask::project_settings(), &project_inputs()).unwrap();
    let stale = xtask::stale_files(&repo_root().join("generated-client"), &output.files);
    assert!(
        stale.is_empty(),
        "generated code is stale: {stale:?}; run `cargo xtask generate` and commit the result"
    );
}

#[test]
fn generation_is_deterministic() {
    let a = codegen::generate(&xtask::project_settings(), &project_inputs()).unwrap();
    let b = codegen::generate(&xtask::project_settings(), &project_inputs()).unwrap();
    assert_eq!(a.files, b.files);
}

#[test]
fn patched_seed_schemas_have_no_warnings() {
    let output = codegen::generate(
        &xtask::openai_settings().deny_warnings(true),
        &seed_inputs(),
    )
    .unwrap();
    assert!(output.warnings.is_empty());
}

#[test]
fn published_schemas_are_accepted_as_published_and_their_defects_reported() {
    let output =
        codegen::generate(&Settings::new().patches(Patches::Ignore), &seed_inputs()).unwrap();
    let found: Vec<(String, WarningKind)> = output
        .warnings
        .iter()
        .map(|w| (w.loc.to_string(), w.kind))
        .collect();
    let file = "published/create_thread_and_run.json";
    for expected in [
        (format!("{file}#/required/1"), WarningKind::RequiredNotDeclared),
        (format!("{file}#/required/1"), WarningKind::Unsatisfiable),
        (format!("{file}#/properties/thread/properties/messages/items/properties/attachments/required"), WarningKind::MisplacedKeyword),
        (format!("{file}#/properties/metadata/description"), WarningKind::PlaceholderDescription),
        (format!("{file}#/properties/temperature/description"), WarningKind::PlaceholderDescription),
        (format!("{file}#/properties/top_p/description"), WarningKind::PlaceholderDescription),
    ] {
        assert!(found.contains(&expected), "missing {expected:?} in {found:#?}");
    }
    let warning = output
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::Unsatisfiable)
        .unwrap()
        .to_string();
    assert!(
        warning.starts_with(
            "warning[unsatisfiable]: no object satisfies this schema: `thread_id` is required"
        ),
        "{warning}"
    );
    assert!(
        warning.contains("--> published/create_thread_and_run.json#/required/1")
            && warning.contains("= hint:"),
        "{warning}"
    );
    // The placeholder never reaches the docs.
    assert!(!output.files["src/generated/types.rs"].contains("metadata_description"));
}

#[test]
fn the_older_create_run_schema_generates_as_published() {
    let settings = Settings::new()
        .entry("published/create_run_v1.json")
        .patches(Patches::Ignore);
    let output = codegen::generate(&settings, &seed_inputs()).unwrap();
    let model = &output.model();
    assert_eq!(model.roots, ["CreateRunV1"]);
    let tools: Vec<&str> = model
        .types
        .values()
        .filter_map(|t| match &t.kind {
            TypeKind::Union(u) => Some(u.variants.iter().filter_map(|v| {
                if let VariantKind::Tagged { tag_value, .. } = &v.kind {
                    Some(tag_value.as_str())
                } else {
                    None
                }
            })),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(tools, ["code_interpreter", "retrieval", "function"]);
    assert!(output
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::Unsatisfiable && w.loc.pointer == "/required/1"));
    syn::parse_file(&output.files["src/generated/types.rs"]).unwrap();
}

/// The final published description nests its stream events (`RunStreamEvent`,
/// `MessageStreamEvent`, ... each a `oneOf` of `{event, data}` objects, beside `ErrorEvent` and
/// `DoneEvent`); flattened, they are the seed's one adjacently tagged `AssistantStreamEvent`:
/// the same variants, tags and payloads (the error's payload is named differently: `Error` in
/// the description, `StreamError` in the seed), and none of the nested unions is a type.
#[test]
fn the_published_nested_stream_events_flatten_into_the_seeds_assistant_stream_event() {
    let seed = codegen::generate(
        &xtask::openai_settings().entry("openapi.json"),
        &seed_inputs(),
    )
    .unwrap();
    let published = codegen::generate(&xtask::project_settings(), &project_inputs()).unwrap();
    let shape = |output: &codegen::Output| {
        let TypeKind::Union(events) = &output.model().types["AssistantStreamEvent"].kind else {
            panic!("AssistantStreamEvent is not a union");
        };
        let variants: Vec<(String, String, Option<String>)> = events
            .variants
            .iter()
            .map(|v| match &v.kind {
                VariantKind::Tagged { tag_value, payload } => (
                    v.ident.name.clone(),
                    tag_value.clone(),
                    (tag_value != "error").then(|| format!("{payload:?}")),
                ),
                other => panic!("an untagged variant: {other:?}"),
            })
            .collect();
        (events.tagging.clone(), variants)
    };
    let flattened = shape(&published);
    assert_eq!(flattened, shape(&seed));
    // `thread.created`, 10 run, 7 run step and 5 message events, `error` and `done`.
    assert_eq!(flattened.1.len(), 25);
    for nested in [
        "ThreadStreamEvent",
        "RunStreamEvent",
        "RunStepStreamEvent",
        "MessageStreamEvent",
        "ErrorEvent",
        "DoneEvent",
    ] {
        assert!(!published.has_type(nested), "{nested} is generated");
    }
}

#[test]
fn structurally_identical_schemas_become_one_type() {
    let output = codegen::generate(&xtask::openai_settings(), &seed_inputs()).unwrap();
    let types = &output.model().types;
    // The code-interpreter tool appears in both request bodies, the run object and the
    // attachment tools; the image detail enum in image files and image URLs.
    assert!(types.contains_key("CodeInterpreterTool"));
    let detail_enums: Vec<&String> = types
        .iter()
        .filter(|(_, t)| matches!(&t.kind, TypeKind::Enum(e) if e.variants.iter().map(|v| v.value.as_str()).eq(["auto", "low", "high"])))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(detail_enums, ["ImageDetail"]);
    let code = &output.files["src/generated/types.rs"];
    assert_eq!(code.matches("pub struct CodeInterpreterTool {").count(), 1);
}

#[test]
fn type_names_are_short_and_never_numbered_variants() {
    let output = codegen::generate(&xtask::openai_settings(), &seed_inputs()).unwrap();
    for name in output.model().types.keys() {
        assert!(name.len() <= 40, "{name} is longer than 40 characters");
        assert!(
            !name.contains("Variant") && !name.contains("Subtype"),
            "{name}"
        );
        assert!(
            !name.ends_with(|c: char| c.is_ascii_digit()),
            "{name} is numbered"
        );
    }
}

#[test]
fn every_root_is_a_public_type() {
    let output = codegen::generate(&xtask::openai_settings(), &seed_inputs()).unwrap();
    for root in [
        "CreateThreadAndRunRequest",
        "CreateRunRequest",
        "SubmitToolOutputsRunRequest",
        "ModifyRunRequest",
        "RunObject",
        "RunStepObject",
        "MessageObject",
        "ThreadObject",
        "MessageDeltaObject",
        "RunStepDeltaObject",
        "ListRunsResponse",
        "ListRunStepsResponse",
        "ErrorResponse",
        "AssistantStreamEvent",
    ] {
        assert!(output.model().types.contains_key(root), "{root}");
    }
}

#[test]
fn malformed_json_names_the_file_and_line() {
    let error = error_for("{\"type\": \"object\",\n \"properties\": {]}");
    assert!(
        error.contains("a.json is not valid JSON") && error.contains("a.json line 2"),
        "{error}"
    );
}

#[test]
fn a_dangling_ref_with_a_near_miss_is_an_error_naming_the_file_pointer_and_the_near_miss() {
    let schema =
        r#"{"type":"object","properties":{"tool":{"$ref":"common.json#/definitions/Mising"}}}"#;
    let error = codegen::generate(
        &Settings::new().entry("a.json"),
        &inputs(&[
            ("a.json", schema),
            ("common.json", r#"{"definitions":{"Missing":{}}}"#),
        ]),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("dangling `$ref: common.json#/definitions/Mising`"),
        "{error}"
    );
    assert!(error.contains("--> a.json#/properties/tool"), "{error}");
    assert!(
        error.contains("did you mean `#/definitions/Missing`?"),
        "{error}"
    );
}

#[test]
fn a_dangling_ref_that_names_nothing_like_a_definition_is_any_json_with_a_warning() {
    let schema =
        r#"{"type":"object","properties":{"tool":{"$ref":"common.json#/definitions/Schema"}}}"#;
    let output = codegen::generate(
        &Settings::new().entry("a.json"),
        &inputs(&[
            ("a.json", schema),
            ("common.json", r#"{"definitions":{"Pet":{}}}"#),
        ]),
    )
    .unwrap();
    let warnings: Vec<String> = output.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("warning[unresolved-ref]")
                && w.contains("common.json#/definitions/Schema")
                && w.contains("--> a.json#/properties/tool/$ref")),
        "{warnings:?}"
    );
    let types = output
        .files
        .iter()
        .find(|(path, _)| path.ends_with("types.rs"))
        .unwrap()
        .1;
    assert!(
        types.contains("pub tool: Option<serde_json::Value>"),
        "{types}"
    );
}

#[test]
fn a_keyword_of_the_wrong_type_names_its_pointer() {
    let schema = r#"{"type":"object","properties":{"n":{"type":"integer","minimum":"zero"}}}"#;
    let error = error_for(schema);
    assert!(
        error.contains("`minimum` must be a number")
            && error.contains("a.json#/properties/n/minimum"),
        "{error}"
    );
}

#[test]
fn an_unsupported_construct_is_an_error_with_its_pointer() {
    let schema = r#"{"type":"object","properties":{"x":{"type":"text"}}}"#;
    let error = error_for(schema);
    assert!(
        error.contains("unknown type `text`") && error.contains("a.json#/properties/x/type"),
        "{error}"
    );
}

/// `allOf` members no value satisfies together (a string and an object) are a warning with
/// the pointer of the contradicting member, as the schema `false` is (issue #13: real documents,
/// typify's among them, have such schemas and must still generate).
#[test]
fn an_unsatisfiable_all_of_is_a_warning_with_its_pointer() {
    let schema = r#"{"type":"object","properties":{"x":{"allOf":[{"type":"string"},{"type":"object","properties":{"a":{"type":"string"}}}]}}}"#;
    let output = codegen::generate(
        &Settings::new().entry("a.json"),
        &inputs(&[("a.json", schema)]),
    )
    .unwrap();
    let warnings: Vec<String> = output.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(output.warnings.len(), 1, "{warnings:?}");
    assert_eq!(output.warnings[0].kind, WarningKind::Unsatisfiable);
    assert!(
        warnings[0].contains("`allOf` members contradict each other: a string and an object")
            && warnings[0].contains("a.json#/properties/x/allOf/1"),
        "{warnings:?}"
    );
}

#[test]
fn a_cyclic_ref_chain_is_an_error() {
    let schema =
        r##"{"definitions":{"A":{"$ref":"#/definitions/B"},"B":{"$ref":"#/definitions/A"}}}"##;
    let error = error_for(schema);
    assert!(error.contains("cyclic `$ref`"), "{error}");
}

#[test]
fn a_stale_patch_fails_loudly_instead_of_patching_the_wrong_value() {
    let mut project = seed_inputs();
    let published = project.files["published/create_thread_and_run.json"]
        .replace("\"thread_id\"", "\"thread_ref\"");
    project.add("published/create_thread_and_run.json", published);
    let error = codegen::generate(&Settings::new(), &project)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("create_thread_and_run.patch.json#/"),
        "{error}"
    );
    assert!(error.contains("review the patch"), "{error}");
}

#[test]
fn schema_text_cannot_break_out_of_comments_or_identifiers() {
    let schema = r#"{
        "title": "*/ fn evil() {} /*",
        "description": "Ends a comment */ and opens a fence:\n```rust\npanic!(\"doctest\")\n```\n    indented code\n\\ \" '",
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["a\"b", "*/", "fn", "self"], "description": "x */ y"},
            "fooBar": {"type": "string"}, "foo_bar": {"type": "integer"},
            "1st": {"type": "boolean"}, "naïve": {"type": "string"}
        }
    }"#;
    let output = codegen::generate(
        &Settings::new().entry("evil.json"),
        &inputs(&[("evil.json", schema)]),
    )
    .unwrap();
    let code = &output.files["src/generated/types.rs"];
    let file = syn::parse_file(code).unwrap();
    assert!(
        !code.contains("```rust") && code.contains("```text"),
        "code fences are neutralised"
    );
    assert!(
        !code.contains("fn evil"),
        "titles only ever become identifiers"
    );
    let names: Vec<String> = file
        .items
        .iter()
        .filter_map(|i| {
            if let syn::Item::Struct(s) = i {
                Some(s.ident.to_string())
            } else {
                None
            }
        })
        .collect();
    assert_eq!(names, ["FnEvil"]);
    for field in ["r#type", "foo_bar", "foo_bar2", "f_1st", "naive"] {
        assert!(code.contains(&format!("pub {field}:")), "{field}");
    }
}

#[test]
fn rendering_on_several_threads_gives_the_same_text() {
    let (model, _) = codegen::internals::build_model(&Settings::new(), &seed_inputs()).unwrap();
    let defs: Vec<&codegen::internals::model::TypeDef> = model.types.values().collect();
    let render = |threads| {
        codegen::internals::render::render_items(
            "types.rs",
            codegen::internals::emit_types::prelude(&model),
            &defs,
            |d| codegen::internals::emit_types::type_def(d),
            threads,
        )
        .unwrap()
    };
    let one = render(1);
    assert_eq!(
        one,
        codegen::internals::render::render(
            "types.rs",
            codegen::internals::emit_types::types(&model)
        )
        .unwrap()
    );
    for threads in [2, 3, 7, 500] {
        assert_eq!(render(threads), one, "{threads} threads");
    }
}

/// The operations of a document that is not the Assistants API (`xtask/tests/fixtures/pets`), as
/// the model describes them to the client emitter.
#[test]
fn operations_of_any_openapi_document_are_modelled_with_their_responses_events_and_headers() {
    use codegen::internals::model::{Events, RequestMedia, Response};
    let text = std::fs::read_to_string(repo_root().join("xtask/tests/fixtures/pets/openapi.yaml"))
        .unwrap();
    let (model, warnings) = codegen::internals::build_model(
        &Settings::new().entry("openapi.yaml"),
        &inputs(&[("openapi.yaml", &text)]),
    )
    .unwrap();
    type Row<'a> = (
        &'a str,
        &'a Response,
        Option<&'a Events>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let ops: Vec<Row> = model
        .operations
        .iter()
        .map(|op| {
            (
                op.id.as_str(),
                &op.response,
                op.events.as_ref(),
                op.body.as_deref(),
                op.query.as_deref(),
            )
        })
        .collect();
    let json = |name: &str| Response::Json(Some(name.to_string()));
    assert_eq!(
        ops,
        [
            (
                "listPets",
                &json("ListPetsResponse"),
                None,
                None,
                Some("ListPetsQuery")
            ),
            (
                "createPet",
                &json("Pet"),
                None,
                Some("CreatePetRequest"),
                None
            ),
            ("deletePet", &Response::Empty, None, None, None),
            ("getPetPhoto", &Response::Bytes, None, None, None),
            (
                "uploadPetPhoto",
                &Response::Empty,
                None,
                Some("UploadPetPhotoRequest"),
                None
            ),
            (
                "watchPet",
                &Response::StreamOnly,
                Some(&Events {
                    ty: Some("PetEvent".to_string()),
                    flag: false
                }),
                None,
                None
            ),
        ]
    );
    // The shared `$ref` header parameter is sent by the operations of the paths that declare it.
    let headers: Vec<usize> = model.operations.iter().map(|op| op.headers.len()).collect();
    assert_eq!(headers, [1, 1, 1, 0, 0, 0]);
    // The multipart upload is a form whose `file` property is a file part.
    let Some(RequestMedia::Multipart(form)) = &model.operations[4].request else {
        panic!("{:?}", model.operations[4].request);
    };
    assert_eq!(form.name, "UploadPetPhotoRequest");
    assert_eq!(form.files, [("file".to_string(), false)]);
    assert!(!model.types.contains_key("UploadPetPhotoRequest"));
    assert_eq!(
        model.operations[0].headers,
        [("Pets-Version".to_string(), "2024-01".to_string())]
    );
    // Path parameters declared once on the path item, by `$ref`, reach every operation.
    assert!(model.operations[2].path == "/pets/{petId}");
    assert_eq!(
        model.api.base_url.as_deref(),
        Some("https://pets.example/v1")
    );
    assert!(model.api.bearer);
    assert_eq!(model.api.error_body.as_deref(), Some("Problem"));
    assert!(matches!(
        &model.types["ListPetsResponse"].kind,
        TypeKind::Alias(_)
    ));
    let unsupported: Vec<&str> = warnings
        .iter()
        .filter(|w| w.kind == WarningKind::UnsupportedKeyword)
        .map(|w| w.loc.pointer.as_str())
        .collect();
    assert_eq!(unsupported, ["/paths/~1pets~1{petId}~1photo/parameters/1"]);
}

#[test]
fn operations_that_disagree_on_the_error_schema_get_json_errors_and_no_server_means_no_default_url()
{
    let doc = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
      "paths": {
        "/a": {"get": {"operationId": "getA", "responses": {
          "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}},
          "4XX": {"description": "e", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E1"}}}}}}},
        "/b": {"get": {"operationId": "getB", "responses": {
          "200": {"description": "ok"},
          "default": {"description": "e", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/E2"}}}}}}}
      },
      "components": {"schemas": {
        "E1": {"type": "object", "properties": {"m": {"type": "string"}}},
        "E2": {"type": "object", "properties": {"n": {"type": "string"}}}}}}"##;
    let (model, _) = codegen::internals::build_model(
        &Settings::new().entry("a.json"),
        &inputs(&[("a.json", doc)]),
    )
    .unwrap();
    assert_eq!(model.api.error_body, None);
    assert_eq!(model.api.base_url, None);
    assert!(!model.api.bearer);
    assert_eq!(
        model.operations[0].response,
        codegen::internals::model::Response::Json(Some("GetAResponse".to_string()))
    );
    assert_eq!(
        model.operations[1].response,
        codegen::internals::model::Response::Empty
    );
    // The generated code (`ErrorBody = serde_json::Value`, `default_base_url: None`) is the
    // snapshot `codegen/tests/snapshots/disagreeing_error_schemas.rs`.
}

#[test]
fn operation_fields_of_the_wrong_type_are_errors_naming_their_pointer() {
    let doc = |paths: &str| {
        format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {paths}}}"#
        )
    };
    for (paths, pointer, message) in [
        (
            r#"[]"#,
            "a.json#/paths",
            "`paths` must be an object, not an array",
        ),
        (
            r#"{"/a": 1}"#,
            "a.json#/paths/~1a",
            "a path item must be an object",
        ),
        (
            r#"{"/a": {"get": "x"}}"#,
            "a.json#/paths/~1a/get",
            "an operation must be an object",
        ),
        (
            r#"{"/a": {"parameters": {}, "get": {"operationId": "a"}}}"#,
            "a.json#/paths/~1a/parameters",
            "`parameters` must be an array, not an object",
        ),
        (
            r#"{"/a": {"get": {"operationId": "a", "parameters": [3]}}}"#,
            "a.json#/paths/~1a/get/parameters/0",
            "a parameter must be an object, not a number",
        ),
        (
            r#"{"/a": {"get": {"operationId": "a", "responses": []}}}"#,
            "a.json#/paths/~1a/get/responses",
            "`responses` must be an object",
        ),
        (
            r#"{"/a": {"get": {"operationId": "a", "responses": {"200": {"content": "json"}}}}}"#,
            "a.json#/paths/~1a/get/responses/200/content",
            "`content` must be an object, not a string",
        ),
        (
            r##"{"/a": {"post": {"operationId": "a", "requestBody": {"$ref": "#/components/requestBodies/Missing"}}}}"##,
            "a.json#/paths/~1a/post/requestBody",
            "dangling `$ref: #/components/requestBodies/Missing`",
        ),
        (
            r##"{"/a": {"get": {"operationId": "a", "parameters": [{"$ref": "#/paths/~1a/get/parameters/0"}]}}}"##,
            "a.json#/paths/~1a/get/parameters/0",
            "a cycle of `$ref`s",
        ),
        // Without an `operationId` an operation is named from its method and path
        // (`codegen/src/tests/multi_file.rs`); one that is not a string is an error.
        (
            r#"{"/a": {"get": {"operationId": 7}}}"#,
            "a.json#/paths/~1a/get/operationId",
            "`operationId` must be a string",
        ),
    ] {
        let error = error_for(&doc(paths));
        assert!(
            error.contains(pointer) && error.contains(message),
            "for {paths}: expected `{message}` at {pointer}, got:\n{error}"
        );
    }
}

/// What the operations test reads of the description (the rest holds integers beyond
/// `serde_yaml_ng::Value`'s range, so it is skipped).
#[derive(serde::Deserialize)]
struct Description {
    paths: std::collections::BTreeMap<String, std::collections::BTreeMap<String, Operation>>,
    components: Components,
}

#[derive(serde::Deserialize)]
struct Components {
    schemas: std::collections::BTreeMap<String, SchemaProperties>,
}

#[derive(serde::Deserialize)]
struct SchemaProperties {
    #[serde(default)]
    properties: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

#[derive(serde::Deserialize)]
struct Operation {
    #[serde(default)]
    tags: Vec<String>,
    #[serde(rename = "operationId")]
    operation_id: String,
    #[serde(default)]
    responses: std::collections::BTreeMap<String, serde_yaml_ng::Value>,
}

/// `fooBarBaz` → `foo_bar_baz`.
fn snake_case(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Every operation of the published description tagged `Assistants`, `Vector stores` or
/// `Files` is a method of the checked-in client; those whose response is a cursor page (`data`,
/// `has_more`, `last_id`) also have `*_all`, those with an event-stream response `*_stream`.
#[test]
fn every_selected_operation_of_the_description_is_a_client_method() {
    let text =
        std::fs::read_to_string(repo_root().join(xtask::PROJECT_INPUT)).expect("the description");
    let doc: Description = serde_yaml_ng::from_str(&text).expect("YAML");
    let (mut expected, mut pages) = (Vec::new(), Vec::new());
    for item in doc.paths.values() {
        for op in item.values() {
            if !op
                .tags
                .iter()
                .any(|t| xtask::PROJECT_TAGS.contains(&t.as_str()))
            {
                continue;
            }
            // The patch fixes the description's `submitToolOuputsToRun`.
            let id = op.operation_id.replace("Ouputs", "Outputs");
            let reply = op
                .responses
                .get("200")
                .and_then(|r| r["content"]["application/json"]["schema"]["$ref"].as_str());
            if let Some(name) = reply.and_then(|r| r.strip_prefix("#/components/schemas/")) {
                let properties = &doc.components.schemas[name].properties;
                if ["data", "has_more", "last_id"]
                    .iter()
                    .all(|p| properties.contains_key(*p))
                {
                    pages.push(snake_case(&id));
                }
            }
            expected.push(id);
        }
    }
    assert_eq!(expected.len(), 44, "{expected:?}");
    assert_eq!(pages.len(), 8, "{pages:?}");

    let output = codegen::generate(&xtask::project_settings(), &project_inputs()).unwrap();
    let mut generated: Vec<&str> = output.operation_ids().collect();
    let mut wanted: Vec<&str> = expected.iter().map(String::as_str).collect();
    generated.sort_unstable();
    wanted.sort_unstable();
    assert_eq!(generated, wanted);

    let code =
        std::fs::read_to_string(repo_root().join("generated-client/src/generated/operations.rs"))
            .unwrap();
    let methods: std::collections::BTreeSet<&str> = code
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("pub async fn ")
                .or_else(|| l.strip_prefix("pub fn "))
        })
        .map(|rest| rest.split(['(', '<']).next().unwrap())
        // The request builders behind each method, and the client's own methods.
        .filter(|m| {
            !m.ends_with("_request")
                && !["from_env", "builder", "config", "runtime", "with_options"].contains(m)
        })
        .collect();
    for id in &expected {
        let method = snake_case(id);
        assert!(methods.contains(method.as_str()), "no method `{method}`");
    }
    for page in &pages {
        assert!(
            methods.contains(format!("{page}_all").as_str()),
            "no `{page}_all`"
        );
    }
    for stream in [
        "create_thread_and_run",
        "create_run",
        "submit_tool_outputs_to_run",
    ] {
        assert!(
            methods.contains(format!("{stream}_stream").as_str()),
            "no `{stream}_stream`"
        );
    }
    // The file's content also comes as a byte stream.
    assert!(methods.contains("download_file_stream"));
    let streams = methods.iter().filter(|m| m.ends_with("_stream")).count();
    let alls = methods.iter().filter(|m| m.ends_with("_all")).count();
    assert_eq!(methods.len(), 44 + alls + streams, "{methods:?}");
}
