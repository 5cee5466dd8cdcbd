//! Multi-file OpenAPI documents: path items and operations that are `$ref`s (to the entry
//! document or to another file), their parameters where they are, and operations without an
//! `operationId`, which get a stable name from their method and path.

use crate::model::{Response, TypeKind};
use crate::{Inputs, Settings};

fn generate(files: &[(&str, &str)]) -> Result<crate::Output, String> {
    let mut inputs = Inputs::default();
    for (path, text) in files {
        inputs.add(*path, *text);
    }
    crate::generate(&Settings::new().entry("openapi.yaml"), &inputs).map_err(|e| e.to_string())
}

const ENTRY: &str = r##"openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets:
    $ref: paths/pets.yaml
  /pets/{petId}:
    get:
      $ref: operations/get-pet.yaml
    delete:
      $ref: "#/x-operations/deletePet"
  /owners:
    $ref: "#/x-items/owners"
x-operations:
  deletePet:
    operationId: deletePet
    parameters:
      - {name: petId, in: path, required: true, schema: {type: string}}
    responses:
      "204": {description: gone}
x-items:
  owners:
    get:
      responses:
        "200":
          description: the owners
          content:
            application/json:
              schema: {type: array, items: {type: string}}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
"##;

const PETS: &str = r##"parameters:
  - {name: limit, in: query, schema: {type: integer}}
get:
  operationId: listPets
  responses:
    "200":
      description: the pets
      content:
        application/json:
          schema: {type: array, items: {$ref: "../openapi.yaml#/components/schemas/Pet"}}
post:
  requestBody:
    content:
      application/json:
        schema: {$ref: "../openapi.yaml#/components/schemas/Pet"}
  responses:
    "201": {description: created}
"##;

const GET_PET: &str = r##"parameters:
  - {name: petId, in: path, required: true, schema: {type: string}}
  - {name: fields, in: query, schema: {type: string}}
responses:
  "200":
    description: the pet
    content:
      application/json:
        schema: {$ref: "../openapi.yaml#/components/schemas/Pet"}
"##;

fn document() -> crate::Output {
    generate(&[
        ("openapi.yaml", ENTRY),
        ("paths/pets.yaml", PETS),
        ("operations/get-pet.yaml", GET_PET),
    ])
    .unwrap()
}

#[test]
fn path_items_and_operations_that_are_refs_become_operations() {
    let output = document();
    let ops: Vec<(&str, &str, &str)> = output
        .model
        .operations
        .iter()
        .map(|op| (op.http_method.as_str(), op.path.as_str(), op.id.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            ("GET", "/pets", "listPets"),
            ("POST", "/pets", "post_pets"),
            ("GET", "/pets/{petId}", "get_pets_by_pet_id"),
            ("DELETE", "/pets/{petId}", "deletePet"),
            ("GET", "/owners", "get_owners"),
        ]
    );
    assert_eq!(output.operations_in_input(), 5);
    let post = &output.model.operations[1];
    assert_eq!(post.body.as_deref(), Some("Pet"));
    let get_pet = &output.model.operations[2];
    assert_eq!(get_pet.response, Response::Json(Some("Pet".to_string())));
}

#[test]
fn query_parameters_of_a_path_item_in_another_file_are_kept() {
    let output = document();
    let fields = |query: &str| match &output.model.types[query].kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| f.json_name.clone())
            .collect::<Vec<_>>(),
        other => panic!("{query}: {other:?}"),
    };
    let list = &output.model.operations[0];
    assert_eq!(list.query.as_deref(), Some("ListPetsQuery"));
    assert_eq!(fields("ListPetsQuery"), ["limit"]);
    let get_pet = &output.model.operations[2];
    assert_eq!(get_pet.query.as_deref(), Some("GetPetsByPetIdQuery"));
    assert_eq!(fields("GetPetsByPetIdQuery"), ["fields"]);
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
}

#[test]
fn derived_operation_ids_read_as_method_and_path_and_never_collide() {
    let entry = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
        "/": {"get": {"responses": {"204": {"description": "ok"}}}},
        "/pets/{id}": {"get": {"responses": {"204": {"description": "ok"}}},
                        "put": {"operationId": "get_pets_by_id", "responses": {"204": {"description": "ok"}}}},
        "/pets/{id}/": {"get": {"responses": {"204": {"description": "ok"}}}},
        "/v1/user-accounts/{account.id}/self": {"patch": {"responses": {"204": {"description": "ok"}}}}}}"#;
    let mut inputs = Inputs::default();
    inputs.add("openapi.json", entry);
    let output = crate::generate(&Settings::new(), &inputs).unwrap();
    let ids: Vec<&str> = output.operation_ids().collect();
    assert_eq!(
        ids,
        [
            "get_root",
            "get_pets_by_id_2",
            "get_pets_by_id",
            "get_pets_by_id_3",
            "patch_v1_user_accounts_by_account_id_self",
        ]
    );
    let methods: Vec<String> = output
        .model
        .operations
        .iter()
        .map(|op| op.method_name.to_string())
        .collect();
    assert_eq!(methods, ids);
}

#[test]
fn an_operation_ref_that_dangles_is_an_error_naming_it() {
    let entry = "openapi: 3.1.0\npaths:\n  /a:\n    get: {$ref: 'ops.yaml#/missing'}\n";
    let error = generate(&[("openapi.yaml", entry), ("ops.yaml", "{}")]).unwrap_err();
    assert!(
        error.contains("dangling `$ref: ops.yaml#/missing`"),
        "{error}"
    );
    assert!(error.contains("openapi.yaml#/paths/~1a/get"), "{error}");
}
