//! What `cargo xtask generate` reads and writes: only the files the input references, never
//! out of the input's folder, never a FIFO; all output files or none, and never an empty crate
//! over a good one.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use xtask::write::{write_changed, write_changed_with, Step};

/// Runs the CLI; a run that takes longer than two minutes is a hang (a FIFO being opened),
/// killed and reported.
fn xtask(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask runs");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!(
                "xtask {args:?} hangs:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn generate(input: &Path, out: &Path) -> Output {
    xtask(&[
        "generate",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-io-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

/// Everything below `dir`, hidden entries included: path → file content (`None` for a folder).
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(dir).unwrap().display().to_string();
            if fs::symlink_metadata(&path).unwrap().is_dir() {
                stack.push(path);
                out.insert(relative, None);
            } else {
                out.insert(relative, Some(fs::read(&path).unwrap()));
            }
        }
    }
    out
}

/// A small OpenAPI document spread over subfolders: a parameter, a response and schemas in
/// other files, a patch beside a schema, and an unrelated broken file in every folder.
fn multi_file_document(dir: &Path) {
    write(
        &dir.join("api/openapi.yaml"),
        "openapi: 3.1.0\ninfo: {title: Shop, version: '1'}\npaths:\n  /items:\n    get:\n      operationId: listItems\n      parameters:\n        - $ref: 'parameters/common.yaml#/Limit'\n      responses:\n        '200': {$ref: './responses/list.yaml'}\ncomponents:\n  schemas:\n    Item: {$ref: 'schemas/item.json'}\n",
    );
    write(
        &dir.join("api/parameters/common.yaml"),
        "Limit: {name: limit, in: query, schema: {type: integer}}\n",
    );
    write(
        &dir.join("api/responses/list.yaml"),
        "description: The items.\ncontent:\n  application/json:\n    schema: {type: array, items: {$ref: '../schemas/item.json'}}\n",
    );
    write(
        &dir.join("api/schemas/item.json"),
        r#"{"title": "Item", "type": "object", "properties": {"name": {"type": "string"}}}"#,
    );
    // The patch adds a property whose type lives in a file only the patch references.
    write(
        &dir.join("api/schemas/item.patch.json"),
        r#"[{"op": "add", "path": "/properties/tag", "value": {"$ref": "tags/tag.json"}}]"#,
    );
    write(
        &dir.join("api/schemas/tags/tag.json"),
        r#"{"title": "Tag", "type": "object", "properties": {"label": {"type": "string"}}}"#,
    );
    for broken in [
        "api/broken.json",
        "api/notes.yaml",
        "api/schemas/draft.json",
        "api/parameters/old.yaml",
    ] {
        write(&dir.join(broken), "{ this is: [not valid\n");
    }
}

#[test]
fn a_multi_file_document_with_relative_refs_in_subfolders_generates_and_unrelated_broken_files_are_not_read(
) {
    let dir = temp_dir("multi");
    multi_file_document(&dir);
    let out = dir.join("shop");
    let run = generate(&dir.join("api/openapi.yaml"), &out);
    assert!(run.status.success(), "{}", stderr(&run));
    let types = fs::read_to_string(out.join("src/generated/types.rs")).unwrap();
    // The query parameter lives in parameters/common.yaml: it is a field like any other.
    for item in [
        "pub struct Item {",
        "pub struct Tag {",
        "pub tag: Option<Tag>",
        "pub struct ListItemsQuery {",
        "pub limit: Option<i64>",
    ] {
        assert!(types.contains(item), "no `{item}` in:\n{types}");
    }
    let operations = fs::read_to_string(out.join("src/generated/operations.rs")).unwrap();
    // The query parameter defined in `parameters/common.yaml` is an argument.
    assert!(
        operations.contains("pub async fn list_items<'q>(")
            && operations.contains("query: impl Into<Option<&'q crate::types::ListItemsQuery>>"),
        "{operations}"
    );
    // The folder as the input: its openapi.yaml is the entry, the same files are read.
    let from_folder = dir.join("from-folder");
    let run = generate(&dir.join("api"), &from_folder);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        fs::read_to_string(from_folder.join("src/generated/types.rs")).unwrap(),
        types
    );
}

#[test]
fn a_fifo_beside_the_entry_or_in_an_unreferenced_subfolder_is_not_opened() {
    let dir = temp_dir("fifo-beside");
    multi_file_document(&dir);
    mkfifo(&dir.join("api/stuck.json"));
    mkfifo(&dir.join("api/schemas/stuck.yaml"));
    let run = generate(&dir.join("api/openapi.yaml"), &dir.join("out"));
    assert!(run.status.success(), "{}", stderr(&run));
}

#[test]
fn a_fifo_as_input_as_ref_target_or_in_a_schema_folder_is_refused_without_hanging() {
    let dir = temp_dir("fifo-refused");
    mkfifo(&dir.join("pipe.json"));
    let run = generate(&dir.join("pipe.json"), &dir.join("out"));
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(err.contains("pipe.json") && err.contains("FIFO"), "{err}");

    let referring = temp_dir("fifo-ref");
    write(
        &referring.join("a.json"),
        r#"{"title": "A", "type": "object", "properties": {"p": {"$ref": "pipe.json"}}}"#,
    );
    mkfifo(&referring.join("pipe.json"));
    let run = generate(&referring.join("a.json"), &referring.join("out"));
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("pipe.json")
            && err.contains("not a regular file")
            && err.contains("a.json#/properties/p/$ref"),
        "{err}"
    );

    // A folder of JSON Schemas: every schema file is an entry, so a FIFO among them is refused.
    let folder = temp_dir("fifo-folder");
    write(
        &folder.join("a.json"),
        r#"{"title": "A", "type": "string"}"#,
    );
    mkfifo(&folder.join("b.json"));
    let run = generate(&folder, &folder.join("out"));
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("b.json") && err.contains("not a regular file"),
        "{err}"
    );
    assert!(!folder.join("out").exists());
}

#[test]
fn a_symlink_out_of_the_input_folder_is_refused_as_ref_target_entry_or_folder() {
    let root = temp_dir("symlink");
    let outside = root.join("outside");
    write(
        &outside.join("secret.json"),
        r#"{"title": "Secret", "description": "TOP-SECRET-TEXT", "type": "string"}"#,
    );
    let input = root.join("input");
    write(
        &input.join("a.json"),
        r#"{"title": "A", "type": "object", "properties": {"s": {"$ref": "link.json"}}}"#,
    );
    std::os::unix::fs::symlink(outside.join("secret.json"), input.join("link.json")).unwrap();
    let out = root.join("out");
    let assert_refused = |run: &Output, pointer: Option<&str>| {
        assert!(!run.status.success());
        let err = stderr(run);
        assert!(err.contains("leads out of the input folder"), "{err}");
        if let Some(pointer) = pointer {
            assert!(err.contains(pointer), "{err}");
        }
        assert!(!err.contains("TOP-SECRET-TEXT"), "{err}");
        assert!(!out.exists());
    };
    // As a `$ref` target.
    assert_refused(
        &generate(&input.join("a.json"), &out),
        Some("a.json#/properties/s/$ref"),
    );
    // As an entry of a folder of schemas.
    assert_refused(&generate(&input, &out), None);
    // Through a symlinked folder.
    fs::remove_file(input.join("link.json")).unwrap();
    std::os::unix::fs::symlink(&outside, input.join("sub")).unwrap();
    write(
        &input.join("a.json"),
        r#"{"title": "A", "type": "object", "properties": {"s": {"$ref": "sub/secret.json"}}}"#,
    );
    assert_refused(
        &generate(&input.join("a.json"), &out),
        Some("a.json#/properties/s/$ref"),
    );
    // A symlink that stays inside the folder is followed.
    fs::remove_file(input.join("sub")).unwrap();
    write(
        &input.join("real/b.json"),
        r#"{"title": "B", "type": "string"}"#,
    );
    std::os::unix::fs::symlink(input.join("real/b.json"), input.join("b-link.json")).unwrap();
    write(
        &input.join("a.json"),
        r#"{"title": "A", "type": "object", "properties": {"b": {"$ref": "b-link.json"}}}"#,
    );
    let run = generate(&input.join("a.json"), &out);
    assert!(run.status.success(), "{}", stderr(&run));
}

#[test]
fn refs_that_escape_the_input_folder_or_are_urls_are_refused_naming_file_and_pointer() {
    let root = temp_dir("escape");
    write(&root.join("outside.json"), r#"{"type": "string"}"#);
    for reference in [
        "../../etc/passwd",
        "../outside.json",
        "schemas/../../outside.json",
        "/etc/passwd",
        "http://127.0.0.1:9/schema.json#/A",
        "file:///etc/passwd",
    ] {
        let input = root.join("input");
        write(
            &input.join("openapi.yaml"),
            &format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{x: {{$ref: '{reference}'}}}}}}\n"),
        );
        let out = root.join("out");
        let run = generate(&input.join("openapi.yaml"), &out);
        assert!(!run.status.success(), "{reference} was followed");
        let err = stderr(&run);
        assert!(
            err.contains("openapi.yaml#/components/schemas/A/properties/x/$ref")
                && err.contains(reference),
            "{reference}: {err}"
        );
        assert!(!out.exists());
    }
}

#[test]
fn a_ref_from_one_input_into_another_inputs_folder_is_refused() {
    let root = temp_dir("cross-input");
    write(
        &root.join("one/a.json"),
        r#"{"title": "A", "type": "object", "properties": {"b": {"$ref": "../input2/b.json"}}}"#,
    );
    write(
        &root.join("two/b.json"),
        r#"{"title": "B", "type": "string"}"#,
    );
    let run = xtask(&[
        "generate",
        "--input",
        root.join("one/a.json").to_str().unwrap(),
        "--input",
        root.join("two/b.json").to_str().unwrap(),
        "--out",
        root.join("out").to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("input1/a.json#/properties/b/$ref") && err.contains("leads out"),
        "{err}"
    );
}

/// A good types-only crate in `root/good`, and its files.
fn good_crate(root: &Path) -> (PathBuf, BTreeMap<String, Option<Vec<u8>>>) {
    let schemas = root.join("good-schemas");
    write(
        &schemas.join("pet.json"),
        r#"{"title": "Pet", "type": "object", "properties": {"name": {"type": "string"}}}"#,
    );
    let out = root.join("good");
    let run = generate(&schemas, &out);
    assert!(run.status.success(), "{}", stderr(&run));
    let files = snapshot(&out);
    assert!(files.contains_key("src/generated/types.rs"));
    (out, files)
}

#[test]
fn an_empty_input_fails_and_leaves_a_good_crate_byte_identical() {
    let root = temp_dir("empty");
    let (out, before) = good_crate(&root);
    let empty = root.join("empty-folder");
    fs::create_dir_all(&empty).unwrap();
    write(&empty.join("README.md"), "not a schema\n");
    write(&empty.join("sub/x.patch.json"), "[]");
    let run = generate(&empty, &out);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("empty-folder") && err.contains("nothing to generate"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);
    // An OpenAPI document with neither schemas nor operations.
    write(
        &root.join("bare/openapi.json"),
        r#"{"openapi": "3.1.0", "info": {"title": "Bare", "version": "1"}, "paths": {}}"#,
    );
    let run = generate(&root.join("bare/openapi.json"), &out);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("no schemas and no operations") && err.contains("openapi.json"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_swagger_2_document_fails_naming_the_file_and_leaves_a_good_crate_byte_identical() {
    let root = temp_dir("swagger");
    let (out, before) = good_crate(&root);
    write(
        &root.join("old/swagger.yaml"),
        "swagger: '2.0'\ninfo: {title: Old, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200': {description: ok, schema: {type: string}}\ndefinitions:\n  Pet: {type: object}\n",
    );
    let run = generate(&root.join("old/swagger.yaml"), &out);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("Swagger 2.0 is not supported; convert it to OpenAPI 3")
            && err.contains("swagger.yaml#/swagger"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);
}

fn files(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect()
}

/// Fails at every step in turn: whatever step fails, the folder is exactly as before (no
/// staging folder left); once no step fails, the new files are in place and an unchanged
/// file keeps its modification time.
#[test]
fn a_write_failure_at_any_step_leaves_the_previous_output_byte_identical_and_no_temp_files() {
    let root = temp_dir("inject");
    let old = files(&[
        ("Cargo.toml", "[package]\n"),
        ("src/generated/mod.rs", "pub mod types;\n"),
        ("src/generated/types.rs", "// old types\n"),
        ("src/lib.rs", "mod generated;\n"),
    ]);
    let new = files(&[
        ("Cargo.toml", "[package]\n"),
        (
            "src/generated/mod.rs",
            "pub mod operations;\npub mod types;\n",
        ),
        ("src/generated/types.rs", "// new types\n"),
        ("src/generated/operations.rs", "// operations\n"),
        ("src/extra/deep/new.rs", "// in new folders\n"),
        ("src/lib.rs", "mod generated;\n"),
    ]);
    let mut steps_seen = Vec::new();
    for fail_at in 0.. {
        let out = root.join(format!("crate-{fail_at}"));
        write_changed(&out, &old).unwrap();
        let before = snapshot(&out);
        let unchanged_mtime = fs::metadata(out.join("Cargo.toml"))
            .unwrap()
            .modified()
            .unwrap();
        let mut step = 0;
        let result = write_changed_with(&out, &new, |s| {
            step += 1;
            if step - 1 == fail_at {
                steps_seen.push(match s {
                    Step::Stage(_) => "stage",
                    Step::Keep(_) => "keep",
                    Step::Commit(_) => "commit",
                });
                return Err(io::Error::other("injected: disk full"));
            }
            Ok(())
        });
        if step <= fail_at {
            // No step failed: everything is written.
            let written = result.unwrap();
            assert_eq!(
                written,
                [
                    "src/extra/deep/new.rs",
                    "src/generated/mod.rs",
                    "src/generated/operations.rs",
                    "src/generated/types.rs"
                ]
            );
            for (path, content) in &new {
                assert_eq!(&fs::read_to_string(out.join(path)).unwrap(), content);
            }
            assert!(!snapshot(&out).keys().any(|p| p.contains("staging")));
            assert_eq!(
                fs::metadata(out.join("Cargo.toml"))
                    .unwrap()
                    .modified()
                    .unwrap(),
                unchanged_mtime
            );
            break;
        }
        let err = result.unwrap_err();
        assert!(err.to_string().contains("injected"), "{err}");
        assert_eq!(snapshot(&out), before, "after failing at step {fail_at}");
    }
    // Every kind of step was tried.
    for kind in ["stage", "keep", "commit"] {
        assert!(steps_seen.contains(&kind), "{steps_seen:?}");
    }
}

#[test]
fn a_staging_folder_left_by_a_killed_run_is_removed_by_the_next() {
    let root = temp_dir("leftover");
    let out = root.join("crate");
    let current = files(&[("src/lib.rs", "// current\n")]);
    write_changed(&out, &current).unwrap();
    // A killed run's staging folders: inside the crate, and beside a crate it was creating.
    write(
        &out.join(".generate-staging-4000000-0/new/src/lib.rs"),
        "// half\n",
    );
    write(
        &root.join(".fresh.generate-staging-4000000-0/src/lib.rs"),
        "// half\n",
    );
    // Nothing is stale: the leftover goes all the same.
    assert!(write_changed(&out, &current).unwrap().is_empty());
    assert_eq!(
        snapshot(&out).keys().collect::<Vec<_>>(),
        ["src", "src/lib.rs"]
    );
    write_changed(&root.join("fresh"), &current).unwrap();
    assert_eq!(
        snapshot(&root).keys().collect::<Vec<_>>(),
        [
            "crate",
            "crate/src",
            "crate/src/lib.rs",
            "fresh",
            "fresh/src",
            "fresh/src/lib.rs"
        ]
    );
}

#[test]
fn a_write_failure_into_a_new_folder_leaves_nothing_behind() {
    let root = temp_dir("inject-new");
    let new = files(&[("Cargo.toml", "[package]\n"), ("src/lib.rs", "\n")]);
    for fail_at in 0..3 {
        let parent = root.join(format!("parent-{fail_at}"));
        fs::create_dir_all(&parent).unwrap();
        let mut step = 0;
        let result = write_changed_with(&parent.join("crate"), &new, |_| {
            step += 1;
            if step - 1 == fail_at {
                return Err(io::Error::other("injected"));
            }
            Ok(())
        });
        assert!(result.is_err());
        assert!(
            snapshot(&parent).is_empty(),
            "after failing at step {fail_at}: {:?}",
            snapshot(&parent).keys()
        );
    }
    let parent = root.join("parent-ok");
    write_changed(&parent.join("crate"), &new).unwrap();
    assert_eq!(
        snapshot(&parent).keys().collect::<Vec<_>>(),
        ["crate", "crate/Cargo.toml", "crate/src", "crate/src/lib.rs"]
    );
}

/// A real failure while writing, through the CLI: the new document adds `operations.rs`, whose
/// place is taken by a folder. The files already staged are not moved in; the old crate stays
/// as it was.
#[test]
fn a_failed_write_through_the_cli_leaves_the_previous_crate_byte_identical() {
    let root = temp_dir("cli-write");
    let (out, _) = good_crate(&root);
    fs::create_dir_all(out.join("src/generated/operations.rs")).unwrap();
    let before = snapshot(&out);
    write(
        &root.join("changed/openapi.json"),
        r##"{"openapi": "3.1.0", "info": {"title": "Pets", "version": "1"},
            "paths": {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok",
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}}},
            "components": {"schemas": {"Pet": {"type": "object", "properties": {"age": {"type": "integer"}}}}}}"##,
    );
    let run = generate(&root.join("changed/openapi.json"), &out);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("operations.rs") && err.contains("previous output is untouched"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn bad_crate_names_are_refused_before_anything_is_read_or_written() {
    let root = temp_dir("crate-name");
    write(
        &root.join("in/a.json"),
        r#"{"title": "A", "type": "string"}"#,
    );
    let long = "a".repeat(65);
    for name in [
        "a\"\n[x]",
        "",
        "9lives",
        "-x",
        "two words",
        "café",
        "a/b",
        long.as_str(),
    ] {
        let out = root.join("out");
        let run = xtask(&[
            "generate",
            "--input",
            root.join("in/a.json").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--crate-name",
            name,
        ]);
        assert!(!run.status.success(), "{name:?} was accepted");
        let err = stderr(&run);
        assert!(
            err.contains("not a valid Cargo package name"),
            "{name:?}: {err}"
        );
        assert!(!out.exists());
    }
    for name in ["my-client_2", "_private", "A1", &"a".repeat(64)] {
        assert_eq!(xtask::validate_crate_name(name), Ok(()), "{name}");
    }
    // The default from the folder's name is always a valid one.
    for folder in ["9 lives", "---", "ünïcödé client", &"x".repeat(80)] {
        let name = xtask::crate_name_for(Path::new(folder));
        assert_eq!(
            xtask::validate_crate_name(&name),
            Ok(()),
            "{folder} → {name}"
        );
    }
}

#[test]
fn a_chain_of_refs_through_many_files_is_followed_to_its_end() {
    let dir = temp_dir("chain");
    let n = 60;
    for i in 0..n {
        let next = if i + 1 == n {
            r#"{"type": "string"}"#.to_string()
        } else {
            format!(r#"{{"$ref": "d{}/link{}.json"}}"#, i + 1, i + 1)
        };
        let path = if i == 0 {
            dir.join("link0.json")
        } else {
            // Each file one folder deeper, referring to the next by a relative path.
            (1..=i)
                .fold(dir.clone(), |p, k| p.join(format!("d{k}")))
                .join(format!("link{i}.json"))
        };
        write(
            &path,
            &format!(
                r#"{{"title": "Link{i}", "type": "object", "properties": {{"next": {next}}}}}"#
            ),
        );
    }
    let out = dir.join("out");
    let run = generate(&dir.join("link0.json"), &out);
    assert!(run.status.success(), "{}", stderr(&run));
    let types = fs::read_to_string(out.join("src/generated/types.rs")).unwrap();
    assert!(
        types.contains(&format!("pub struct Link{} {{", n - 1)),
        "{types}"
    );
}
