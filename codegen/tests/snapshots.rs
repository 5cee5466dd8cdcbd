//! Whole-output snapshots: every `snapshots/<case>.json` or `<case>.yaml` (a small JSON Schema
//! or OpenAPI document, one construct each) is generated and compared with the checked-in
//! `snapshots/<case>.rs`: every generated file, concatenated under a `// ---- <path> ----` header,
//! after the warnings as comments. A mismatch prints a unified diff. A case may select its
//! operations in `snapshots/<case>.select`: one `tag NAME`, `operation ID` or `exclude ID` a
//! line, and rename types there (`rename FROM TO`).
//!
//! When the generator's output changes on purpose, update every snapshot with one command and
//! review the diff:
//!
//! ```text
//! UPDATE_SNAPSHOTS=1 cargo test -p codegen --test snapshots
//! ```

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Inputs, Settings};

/// The documentation site relative links in the cases' descriptions resolve against.
const DOCS_BASE_URL: &str = "https://docs.example.com";

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// The input files of the cases, by name.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(snapshot_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml")
            )
        })
        .collect();
    cases.sort();
    cases
}

/// Everything the generator makes of one input file, as one text.
fn generate(input: &Path) -> String {
    let name = input.file_name().unwrap().to_str().unwrap();
    let mut inputs = Inputs::default();
    inputs.add(name, fs::read_to_string(input).unwrap());
    let mut settings = Settings::new().entry(name).docs_base_url(DOCS_BASE_URL);
    if let Ok(selection) = fs::read_to_string(input.with_extension("select")) {
        for line in selection.lines().filter(|l| !l.trim().is_empty()) {
            settings = match line.split_once(' ') {
                Some(("tag", tag)) => settings.select_tag(tag),
                Some(("operation", id)) => settings.select_operation(id),
                Some(("exclude", id)) => settings.exclude_operation(id),
                Some(("rename", names)) => match names.split_once(' ') {
                    Some((from, to)) => settings.rename_type(from, to),
                    None => panic!("{}: `{line}` names no new name", input.display()),
                },
                _ => panic!(
                    "{}: `{line}` is not a selection or a rename",
                    input.display()
                ),
            };
        }
    }
    let output = codegen::generate(&settings, &inputs)
        .unwrap_or_else(|e| panic!("{}: {e}", input.display()));
    let mut text = String::new();
    for warning in &output.warnings {
        for line in warning.to_string().lines() {
            writeln!(text, "// {line}").unwrap();
        }
    }
    for (path, contents) in &output.files {
        writeln!(text, "// ---- {path} ----").unwrap();
        text.push_str(contents);
    }
    text
}

#[test]
fn every_case_generates_exactly_its_checked_in_output() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v != "0");
    let cases = cases();
    assert!(cases.len() >= 14, "the snapshot cases are missing");
    let mut failures = Vec::new();
    for input in cases {
        let expected_path = input.with_extension("rs");
        let actual = generate(&input);
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual == expected {
            continue;
        }
        if update {
            fs::write(&expected_path, &actual).unwrap();
            eprintln!("updated {}", expected_path.display());
            continue;
        }
        let diff = similar::TextDiff::from_lines(&expected, &actual);
        failures.push(format!(
            "{} differs from what {} generates:\n{}",
            expected_path.display(),
            input.display(),
            diff.unified_diff()
                .context_radius(3)
                .header("checked in", "generated")
        ));
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended: UPDATE_SNAPSHOTS=1 cargo test -p codegen --test snapshots",
        failures.join("\n")
    );
}

/// Every checked-in output has its input: a renamed or deleted case leaves no stale snapshot.
#[test]
fn every_snapshot_has_its_case() {
    for entry in fs::read_dir(snapshot_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            assert!(
                path.with_extension("json").exists() || path.with_extension("yaml").exists(),
                "{} has no input",
                path.display()
            );
        }
    }
}
