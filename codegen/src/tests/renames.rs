//! Renaming generated types (`Settings::rename_type`): the errors a wrong rename gets, and the
//! old name staying free of every type.

use crate::{Inputs, Settings};

const DOC: &str = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
    "paths": {"/jobs": {"get": {"operationId": "getJob",
        "responses": {"200": {"description": "ok", "content": {"application/json":
            {"schema": {"$ref": "#/components/schemas/Job"}}}}}}}},
    "components": {"schemas": {
        "Job": {"type": "object", "properties": {
            "last": {"$ref": "#/components/schemas/Error"},
            "error": {"title": "Error", "type": "object",
                "properties": {"code": {"type": "integer"}}}}},
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}}}}}"##;

fn generate(settings: Settings) -> Result<crate::Output, String> {
    let mut inputs = Inputs::default();
    inputs.add("openapi.json", DOC.to_string());
    crate::generate(&settings.entry("openapi.json"), &inputs).map_err(|e| e.to_string())
}

#[test]
fn a_renamed_type_has_its_new_name_and_no_type_takes_the_old_one() {
    let output = generate(Settings::new().rename_type("Error", "ErrorObject")).unwrap();
    let names: Vec<&str> = output.type_names().collect();
    // `Error` stays taken: the inline object `Job.error`, titled `Error` (its name when that
    // is free), is `JobError`.
    assert_eq!(names, ["ErrorObject", "Job", "JobError"]);
}

#[test]
fn renaming_a_type_that_is_not_generated_fails_naming_the_nearest_type() {
    let err = generate(Settings::new().rename_type("Eror", "ErrorObject")).unwrap_err();
    assert_eq!(
        err,
        "error: the type `Eror` to rename to `ErrorObject` is not generated\n  --> openapi.json#\n  = hint: did you mean `Error`?"
    );
}

#[test]
fn renaming_to_the_name_of_a_schema_fails_naming_the_schema() {
    let err = generate(Settings::new().rename_type("Error", "Job")).unwrap_err();
    assert_eq!(
        err,
        "error: `Error` cannot be renamed to `Job`: the schema `Job` has that name\n  --> openapi.json#/components/schemas/Job\n  = hint: choose a name no schema of the input has"
    );
}

#[test]
fn renaming_to_a_name_the_generator_would_not_write_fails_suggesting_one() {
    for (to, suggested) in [("error_object", "ErrorObject"), ("Box", "BoxType")] {
        let err = generate(Settings::new().rename_type("Error", to)).unwrap_err();
        assert_eq!(
            err,
            format!("error: `{to}` (the new name of `Error`) is not a type name the generator writes\n  --> openapi.json#\n  = hint: use a PascalCase name that is not a Rust or prelude name, such as `{suggested}`")
        );
    }
}

#[test]
fn two_renames_to_one_name_fail() {
    let settings = Settings::new()
        .rename_type("Error", "Failure")
        .rename_type("Job", "Failure");
    let err = generate(settings).unwrap_err();
    assert_eq!(
        err,
        "error: two types are renamed to `Failure`\n  --> openapi.json#\n  = hint: give each its own name"
    );
}
