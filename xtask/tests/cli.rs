//! `cargo xtask generate` as users run it, on copies of the schemas in a temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn schemas() -> PathBuf {
    xtask::repo_root().join("schemas/seed")
}

#[test]
fn generate_writes_then_check_passes_and_a_second_run_writes_nothing() {
    let out = temp_dir("fresh");
    let (input, out_arg) = (schemas(), out.to_str().unwrap().to_string());
    let first = xtask(&[
        "generate",
        "--input",
        input.to_str().unwrap(),
        "--out",
        &out_arg,
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(out.join("src/generated/types.rs").exists());
    let check = xtask(&[
        "generate",
        "--input",
        input.to_str().unwrap(),
        "--out",
        &out_arg,
        "--check",
    ]);
    assert!(check.status.success());
    let modified = fs::metadata(out.join("src/generated/types.rs"))
        .unwrap()
        .modified()
        .unwrap();
    let second = xtask(&[
        "generate",
        "--input",
        input.to_str().unwrap(),
        "--out",
        &out_arg,
    ]);
    assert!(String::from_utf8_lossy(&second.stderr).contains("nothing written"));
    assert_eq!(
        fs::metadata(out.join("src/generated/types.rs"))
            .unwrap()
            .modified()
            .unwrap(),
        modified
    );
}

/// The runtime crate copied into a new crate is part of the output: a later run finds a stale
/// copy (`--check`) and brings it back in step with the generated code.
#[test]
fn a_later_run_keeps_the_copied_runtime_crate_up_to_date() {
    let out = temp_dir("runtime-refresh").join("crate");
    let (input, out_arg) = (schemas(), out.to_str().unwrap().to_string());
    let generate = |check: bool| {
        let mut args = vec![
            "generate",
            "--input",
            input.to_str().unwrap(),
            "--out",
            &out_arg,
        ];
        if check {
            args.push("--check");
        }
        xtask(&args)
    };
    assert!(generate(false).status.success());
    let lib = out.join("runtime/src/lib.rs");
    let original = fs::read_to_string(&lib).unwrap();
    assert_eq!(
        original,
        fs::read_to_string(xtask::repo_root().join("runtime/src/lib.rs")).unwrap()
    );
    fs::write(&lib, "// an outdated runtime\n").unwrap();
    let check = generate(true);
    assert!(!check.status.success());
    assert!(
        String::from_utf8_lossy(&check.stderr).contains("runtime/src/lib.rs"),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(generate(false).status.success());
    assert_eq!(fs::read_to_string(&lib).unwrap(), original);
}

#[test]
fn check_names_stale_files_and_the_command_to_run() {
    let out = temp_dir("stale");
    fs::create_dir_all(out.join("src/generated")).unwrap();
    fs::write(out.join("src/generated/types.rs"), "// old\n").unwrap();
    let check = xtask(&[
        "generate",
        "--input",
        schemas().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--check",
    ]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!check.status.success());
    assert!(
        stderr.contains("stale: ")
            && stderr.contains("types.rs")
            && stderr.contains("run `cargo xtask generate`"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(out.join("src/generated/types.rs")).unwrap(),
        "// old\n",
        "--check writes nothing"
    );
}

#[test]
fn a_failed_generation_leaves_the_previous_output_untouched() {
    let input = temp_dir("broken-input");
    copy_tree(&schemas(), &input);
    let out = temp_dir("broken-out");
    let ok = xtask(&[
        "generate",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok.status.success());
    let before = fs::read_to_string(out.join("src/generated/types.rs")).unwrap();
    // A schema update that adds a new event type but references a file that does not exist.
    let events = input.join("authored/assistant_stream_event.json");
    let text = fs::read_to_string(&events).unwrap().replacen(
        "\"$ref\": \"run_object.json\"",
        "\"$ref\": \"run_object_v3.json\"",
        1,
    );
    fs::write(&events, text).unwrap();
    let failed = xtask(&[
        "generate",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success());
    assert!(
        stderr.contains("authored/assistant_stream_event.json#/")
            && stderr.contains("run_object_v3.json"),
        "{stderr}"
    );
    assert!(stderr.contains("previous output is untouched"), "{stderr}");
    assert_eq!(
        fs::read_to_string(out.join("src/generated/types.rs")).unwrap(),
        before
    );
}

#[test]
fn deny_warnings_fails_on_the_unpatched_published_schema() {
    let input = temp_dir("unpatched");
    copy_tree(&schemas(), &input);
    fs::remove_file(input.join("published/create_thread_and_run.patch.json")).unwrap();
    let out = temp_dir("unpatched-out");
    let run = xtask(&[
        "generate",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--deny-warnings",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(
        stderr.contains("warning[required-not-declared]")
            && stderr.contains("published/create_thread_and_run.json#/required/1"),
        "{stderr}"
    );
    assert!(!out.join("src/generated/types.rs").exists());
}

/// The pet store document (`tests/fixtures/pets/openapi.yaml`) is not the Assistants API: its crate
/// gets the generic client runtime, and `tests/fixtures/pets/live.rs`, run inside the new crate,
/// calls every kind of operation against a loopback server.
#[test]
fn a_yaml_openapi_document_becomes_a_standalone_crate_whose_operations_work() {
    let fixtures = xtask::repo_root().join("xtask/tests/fixtures/pets");
    let out = temp_dir("yaml-out").join("pet store");
    let run = xtask(&[
        "generate",
        "--input",
        fixtures.join("openapi.yaml").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--crate-name",
        "pets",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // What the client cannot send is reported with its pointer, not dropped silently.
    for expected in [
        "warning[unsupported-keyword]: header parameter `X-Trace` is not a method argument",
        "openapi.yaml#/paths/~1pets~1{petId}~1photo/parameters/1",
        "warning[untagged-union]: this branch and 1 more of the union are JSON objects without a tag",
        "openapi.yaml#/components/schemas/Owner/oneOf/0",
    ] {
        assert!(
            stderr.contains(expected),
            "missing `{expected}` in:\n{stderr}"
        );
    }
    assert!(fs::read_to_string(out.join("Cargo.toml"))
        .unwrap()
        .contains("name = \"pets\""));
    let operations = fs::read_to_string(out.join("src/generated/operations.rs")).unwrap();
    for method in [
        "pub async fn list_pets<'q>(",
        "pub async fn create_pet(",
        "pub async fn delete_pet(",
        "pub async fn get_pet_photo(",
        "pub async fn get_pet_photo_stream(",
        "pub async fn upload_pet_photo(",
        "pub async fn watch_pet_stream(",
    ] {
        assert!(
            operations.contains(method),
            "no `{method}` in:\n{operations}"
        );
    }
    // Every operation is a method, the multipart upload included: nothing is dropped.
    assert!(!stderr.contains("is not generated"), "{stderr}");
    for extra in ["accumulate.rs", "helpers.rs", "openai.rs"] {
        assert!(
            !out.join("src").join(extra).exists(),
            "{extra} belongs to the Assistants crate only"
        );
    }
    fs::create_dir_all(out.join("tests")).unwrap();
    fs::copy(fixtures.join("live.rs"), out.join("tests/live.rs")).unwrap();
    let mut manifest = fs::OpenOptions::new()
        .append(true)
        .open(out.join("Cargo.toml"))
        .unwrap();
    std::io::Write::write_all(
        &mut manifest,
        b"\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt\"] }\nfutures-util = \"0.3\"\n",
    )
    .unwrap();
    let target = xtask::repo_root().join("target/compile-check");
    let test = Command::new(env!("CARGO"))
        .args(["test", "--quiet"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&test.stderr)
    );
    assert!(stdout.contains("13 passed"), "{stdout}");
}

#[test]
fn a_folder_of_json_schemas_and_several_inputs_give_every_root() {
    let folder = temp_dir("schema-folder");
    fs::write(folder.join("a.json"), r#"{"title": "Alpha", "type": "object", "properties": {"b": {"$ref": "b.json#/definitions/Beta"}}}"#).unwrap();
    fs::write(folder.join("b.json"), r#"{"definitions": {"Beta": {"type": "object", "properties": {"x": {"type": "integer"}}}, "Gamma": {"type": "string", "enum": ["g1", "g2"]}}}"#).unwrap();
    let single = temp_dir("single-file");
    fs::write(
        single.join("delta.json"),
        r#"{"type": "object", "properties": {"d": {"type": "boolean"}}}"#,
    )
    .unwrap();
    let out = temp_dir("folder-out").join("crate");
    let run = xtask(&[
        "generate",
        "--input",
        folder.to_str().unwrap(),
        "--input",
        single.join("delta.json").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let code = fs::read_to_string(out.join("src/generated/types.rs")).unwrap();
    for item in [
        "pub struct Alpha {",
        "pub struct Beta {",
        "pub enum Gamma {",
        "pub struct Delta {",
    ] {
        assert!(code.contains(item), "missing {item}");
    }
    assert!(fs::read_to_string(out.join("Cargo.toml"))
        .unwrap()
        .contains("name = \"crate\""));
}

#[test]
fn a_missing_input_is_an_error_that_names_it() {
    let run = xtask(&[
        "generate",
        "--input",
        "/nonexistent/openapi.yaml",
        "--out",
        temp_dir("missing-out").to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("/nonexistent/openapi.yaml"));
}

#[test]
fn docs_base_url_makes_relative_links_absolute_and_without_it_they_are_text() {
    let folder = temp_dir("docs-base");
    fs::write(
        folder.join("page.json"),
        r#"{"title": "Page", "type": "object", "description": "See [runs](/docs/runs).", "properties": {"x": {"type": "string"}}}"#,
    )
    .unwrap();
    let input = folder.join("page.json");
    let docs = |flags: &[&str], name: &str| {
        let out = temp_dir(name).join("crate");
        let mut args = vec![
            "generate",
            "--input",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(flags);
        let run = xtask(&args);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        fs::read_to_string(out.join("src/generated/types.rs")).unwrap()
    };
    let with_base = docs(&["--docs-base-url", "https://example.com/"], "docs-base-on");
    assert!(
        with_base.contains("/// See [runs](https://example.com/docs/runs)."),
        "{with_base}"
    );
    let without = docs(&[], "docs-base-off");
    assert!(without.contains("/// See runs."), "{without}");
    let bad = xtask(&["generate", "--docs-base-url", "/docs", "--check"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("must be an http:// or https:// URL"));
}

/// `--operation` and `--exclude-operation` (and `--tag`) select what a crate gets: only the
/// selected operations and the schemas they reach, without the warnings of what is left out; a
/// name no operation has is an error with the nearest one, and nothing is written.
#[test]
fn selected_operations_and_the_schemas_they_reach_are_all_a_crate_gets() {
    let pets = xtask::repo_root().join("xtask/tests/fixtures/pets/openapi.yaml");
    let out = temp_dir("selected");
    let run = xtask(&[
        "generate",
        "--input",
        pets.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--operation",
        "watchPet",
        "--operation",
        "deletePet",
        "--operation",
        "listPets",
        "--exclude-operation",
        "listPets",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let operations = fs::read_to_string(out.join("src/generated/operations.rs")).unwrap();
    let methods: Vec<&str> = operations
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub async fn "))
        .map(|l| l.split(['(', '<']).next().unwrap())
        .collect();
    assert_eq!(methods, ["delete_pet", "watch_pet_stream"]);
    let types = fs::read_to_string(out.join("src/generated/types.rs")).unwrap();
    let structs: Vec<&str> = types
        .lines()
        .filter_map(|l| l.strip_prefix("pub struct "))
        .map(|l| l.split([' ', '{', '(']).next().unwrap())
        .collect();
    assert_eq!(structs, ["PetEvent", "Problem"]);

    let empty = temp_dir("selected-unknown");
    for (flag, name, hint) in [
        ("--operation", "watchpet", "did you mean `watchPet`?"),
        ("--tag", "Pets", "no operation of the input has a tag"),
    ] {
        let run = xtask(&[
            "generate",
            "--input",
            pets.to_str().unwrap(),
            "--out",
            empty.to_str().unwrap(),
            flag,
            name,
        ]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success());
        assert!(stderr.contains("no operation has the "), "{stderr}");
        assert!(stderr.contains(&format!("`{name}`")), "{stderr}");
        assert!(stderr.contains("--> openapi.yaml#/paths"), "{stderr}");
        assert!(stderr.contains(hint), "{stderr}");
        assert!(stderr.contains("nothing was written"), "{stderr}");
        assert!(!empty.join("Cargo.toml").exists());
    }
    fs::remove_dir_all(&out).unwrap();
    fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn examples_check_passes_on_the_checked_in_fixtures_and_other_flags_are_refused() {
    let checked = xtask(&["examples", "--check"]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(checked.status.success(), "{stderr}");
    assert!(stderr.contains("fixture(s) up to date"), "{stderr}");
    assert!(
        stderr.contains("skipped "),
        "the skipped examples are printed: {stderr}"
    );
    let refused = xtask(&["examples", "--out", "x"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("takes only `--check`"));
}
