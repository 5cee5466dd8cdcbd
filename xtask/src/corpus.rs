//! `cargo xtask corpus [DIR]`: every document of a corpus of real API descriptions and JSON
//! Schemas becomes a crate, and all of them are checked by one `cargo check`.
//!
//! The crates are members of one temporary workspace under `target/corpus/` that shares one
//! copy of the runtime (`target/corpus/runtime/`) and one target directory
//! (`target/corpus-target/`): the dependencies and the runtime are checked once, and cargo
//! checks the crates in parallel. Written with [`write_changed`], so a crate whose code did not
//! change is not checked again on the next run.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{lib_rs, manifest, read_sources, runtime_files, write_changed, Layout, Runtime};

/// What happened to one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The document, relative to the corpus folder (`typify/github.json`).
    pub document: String,
    /// The crate it became (a workspace member's name).
    pub crate_name: String,
    /// Generation: its findings, or the generator's error.
    pub generated: Result<Generated, String>,
    /// `cargo check` of the crate; `None` when it was not generated.
    pub check: Option<Check>,
}

/// A document that generated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Generated {
    /// The generator's warnings, counted by code (`unsupported-keyword`).
    pub warnings: BTreeMap<String, usize>,
    /// Operations that became client methods.
    pub operations_kept: usize,
    /// Operations in the document.
    pub operations_total: usize,
}

/// What `cargo check` said about one crate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Check {
    /// It compiled.
    pub compiles: bool,
    /// rustc's warnings.
    pub warnings: usize,
    /// rustc's errors.
    pub errors: usize,
    /// The first error, as rustc rendered it.
    pub first_error: Option<String>,
}

impl Outcome {
    /// Generated and compiled.
    pub fn passed(&self) -> bool {
        self.generated.is_ok() && self.check.as_ref().is_some_and(|c| c.compiles)
    }
}

/// The table: one row per document, then the totals.
pub fn table(outcomes: &[Outcome]) -> String {
    let mut rows = vec![[
        "document".to_string(),
        "generated".to_string(),
        "compiles".to_string(),
        "operations".to_string(),
        "warnings".to_string(),
    ]];
    for outcome in outcomes {
        let (generated, operations, warnings) = match &outcome.generated {
            Ok(g) => (
                "yes".to_string(),
                if g.operations_total == 0 {
                    "-".to_string()
                } else {
                    format!("{}/{}", g.operations_kept, g.operations_total)
                },
                warnings_by_kind(&g.warnings),
            ),
            Err(_) => ("NO".to_string(), "-".to_string(), "-".to_string()),
        };
        let compiles = match &outcome.check {
            None => "-".to_string(),
            Some(c) if c.compiles && c.warnings == 0 => "yes".to_string(),
            Some(c) if c.compiles => format!("yes ({} rustc warnings)", c.warnings),
            Some(c) => format!("NO ({} errors)", c.errors),
        };
        rows.push([
            outcome.document.clone(),
            generated,
            compiles,
            operations,
            warnings,
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (n, row) in rows.iter().enumerate() {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
        if n == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            out.push_str(&rule.join("  "));
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&summary(outcomes));
    out
}

/// `unsupported-keyword 3, untagged-union 1`, most frequent first (then by code).
fn warnings_by_kind(warnings: &BTreeMap<String, usize>) -> String {
    if warnings.is_empty() {
        return "-".to_string();
    }
    let mut kinds: Vec<(&String, &usize)> = warnings.iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    kinds
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The totals: documents generated, crates compiled, operations kept, warnings by kind.
pub fn summary(outcomes: &[Outcome]) -> String {
    let total = outcomes.len();
    let generated = outcomes.iter().filter(|o| o.generated.is_ok()).count();
    let passed = outcomes.iter().filter(|o| o.passed()).count();
    let (kept, operations) = outcomes
        .iter()
        .filter_map(|o| o.generated.as_ref().ok())
        .fold((0, 0), |(k, t), g| {
            (k + g.operations_kept, t + g.operations_total)
        });
    let mut warnings = BTreeMap::new();
    for g in outcomes.iter().filter_map(|o| o.generated.as_ref().ok()) {
        for (code, n) in &g.warnings {
            *warnings.entry(code.clone()).or_insert(0) += n;
        }
    }
    let mut out = format!(
        "{generated} of {total} documents generated; {passed} of {total} generate and compile\n"
    );
    if operations > 0 {
        let share = kept as f64 * 100.0 / operations as f64;
        let _ = writeln!(
            out,
            "operations kept: {kept} of {operations} ({share:.1}%; in the documents that generated)"
        );
    }
    let _ = writeln!(out, "warnings: {}", warnings_by_kind(&warnings));
    out
}

/// Why each document failed: the generator's error or rustc's first error.
pub fn failures(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for outcome in outcomes.iter().filter(|o| !o.passed()) {
        let reason = match (&outcome.generated, &outcome.check) {
            (Err(e), _) => e.clone(),
            (Ok(_), Some(check)) => check
                .first_error
                .clone()
                .unwrap_or_else(|| "cargo check failed without an error message".to_string()),
            (Ok(_), None) => "not checked".to_string(),
        };
        let _ = writeln!(out, "== {}\n{}\n", outcome.document, reason.trim_end());
    }
    out
}

/// The documents below `dir`: `*.json`, `*.yaml` and `*.yml` files, sorted, as paths relative
/// to `dir` with `/` separators.
pub fn documents(dir: &Path) -> io::Result<Vec<String>> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            let relative = format!("{prefix}{name}");
            let kind = entry.file_type()?;
            if kind.is_dir() {
                walk(&entry.path(), &format!("{relative}/"), out)?;
            } else if kind.is_file() && [".json", ".yaml", ".yml"].iter().any(|e| name.ends_with(e))
            {
                out.push(relative);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out)?;
    out.sort();
    Ok(out)
}

/// A distinct crate name per document: its path without the extension (`typify/github.json`
/// → `typify-github`), with the extension when two documents differ only by it.
pub fn crate_names(documents: &[String]) -> Vec<String> {
    let sanitize = |s: &str| {
        let name: String = s
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        format!("corpus-{}", name.trim_matches('-'))
    };
    let stem = |d: &String| sanitize(d.rsplit_once('.').map_or(d.as_str(), |(s, _)| s));
    let mut names = Vec::new();
    let mut taken = BTreeSet::new();
    for document in documents {
        let shared = documents
            .iter()
            .filter(|d| stem(d) == stem(document))
            .count()
            > 1;
        let name = if shared {
            sanitize(document)
        } else {
            stem(document)
        };
        let name = std::iter::once(name.clone())
            .chain((2..).map(|n| format!("{name}-{n}")))
            .find(|n| !taken.contains(n))
            .expect("an unbounded range has a free name");
        taken.insert(name.clone());
        names.push(name);
    }
    names
}

/// Generates one document into `files` (under `crate_name/`), returning what happened.
fn generate(
    corpus: &Path,
    document: &str,
    crate_name: &str,
    files: &mut BTreeMap<String, String>,
) -> Result<Generated, String> {
    let sources = read_sources(&[corpus.join(document)]).map_err(|e| e.to_string())?;
    let settings = codegen::Settings::new()
        .env_prefix("API")
        .entries(sources.entries.clone());
    let output = codegen::generate(&settings, &sources.inputs).map_err(|e| e.to_string())?;
    if output.is_empty() {
        return Err("the document defines no schemas and no operations".to_string());
    }
    let mut warnings = BTreeMap::new();
    for warning in &output.warnings {
        *warnings.entry(warning.kind.code().to_string()).or_insert(0) += 1;
    }
    let generated = Generated {
        warnings,
        operations_kept: output.operation_ids().count(),
        operations_total: output.operations_in_input(),
    };
    let runtime = Runtime::for_output(&output);
    let layout = Layout::Member {
        runtime: "../runtime",
    };
    files.insert(
        format!("{crate_name}/Cargo.toml"),
        manifest(crate_name, runtime, output.uses_patterns(), layout),
    );
    files.insert(
        format!("{crate_name}/src/lib.rs"),
        lib_rs(runtime).to_string(),
    );
    for (path, contents) in output.files {
        files.insert(format!("{crate_name}/{path}"), contents);
    }
    Ok(generated)
}

/// Runs the corpus in `corpus`: generates each document into the workspace `work`, checks it
/// with `target_dir` as the target directory, and returns one outcome per document.
pub fn run(corpus: &Path, work: &Path, target_dir: &Path) -> Result<Vec<Outcome>, String> {
    let documents =
        documents(corpus).map_err(|e| format!("error: reading {}: {e}", corpus.display()))?;
    if documents.is_empty() {
        return Err(format!(
            "error: {} holds no *.json or *.yaml documents",
            corpus.display()
        ));
    }
    let names = crate_names(&documents);
    let mut files =
        runtime_files().map_err(|e| format!("error: reading the runtime to copy: {e}"))?;
    let mut outcomes = Vec::new();
    let started = std::time::Instant::now();
    for (document, crate_name) in documents.iter().zip(&names) {
        eprintln!("generating {document}");
        let generated = generate(corpus, document, crate_name, &mut files);
        outcomes.push(Outcome {
            document: document.clone(),
            crate_name: crate_name.clone(),
            generated,
            check: None,
        });
    }
    eprintln!("generated in {:.1} s", started.elapsed().as_secs_f64());
    let members: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.generated.is_ok())
        .map(|o| o.crate_name.as_str())
        .collect();
    let mut workspace = String::from(
        "# Written by `cargo xtask corpus`: every generated crate of the corpus, one runtime.\n[workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    for member in &members {
        let _ = writeln!(workspace, "    \"{member}\",");
    }
    workspace.push_str("]\n");
    files.insert("Cargo.toml".to_string(), workspace);
    // The project's lock file pins the dependencies the runtime is tested with (cargo drops
    // what the corpus does not use).
    if !work.join("Cargo.lock").exists() {
        if let Ok(lock) = fs::read_to_string(crate::repo_root().join("Cargo.lock")) {
            files.insert("Cargo.lock".to_string(), lock);
        }
    }
    remove_old_members(work, &names)
        .map_err(|e| format!("error: clearing {}: {e}", work.display()))?;
    write_changed(work, &files).map_err(|e| format!("error: writing {}: {e}", work.display()))?;
    if members.is_empty() {
        return Ok(outcomes);
    }
    let started = std::time::Instant::now();
    let checks = cargo_check(work, target_dir, &members)?;
    eprintln!("cargo check in {:.1} s", started.elapsed().as_secs_f64());
    for outcome in &mut outcomes {
        if outcome.generated.is_ok() {
            outcome.check = Some(checks.get(&outcome.crate_name).cloned().unwrap_or_default());
        }
    }
    Ok(outcomes)
}

/// Removes the crates of earlier runs that this run does not write (documents removed from the
/// corpus or failing to generate now), so that none is mistaken for a current one.
fn remove_old_members(work: &Path, names: &[String]) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(work) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("corpus-") && entry.file_type()?.is_dir() && !names.contains(&name) {
            fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

/// One `cargo check` of every member (`--keep-going`: a crate that fails does not stop the
/// others), its JSON messages read per crate.
fn cargo_check(
    work: &Path,
    target_dir: &Path,
    members: &[&str],
) -> Result<BTreeMap<String, Check>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(work)
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
            "--target-dir",
        ])
        .arg(target_dir)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("error: running cargo check: {e}"))?;
    let by_target: BTreeMap<String, &str> =
        members.iter().map(|m| (m.replace('-', "_"), *m)).collect();
    let mut checks: BTreeMap<String, Check> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let target = message["target"]["name"].as_str().unwrap_or("");
        let Some(member) = by_target.get(target) else {
            continue;
        };
        let check = checks.entry(member.to_string()).or_default();
        match message["reason"].as_str() {
            Some("compiler-artifact") => check.compiles = true,
            Some("compiler-message") => {
                let diagnostic = &message["message"];
                // The "N warnings emitted" and "aborting" summaries have no place in the code.
                if diagnostic["spans"].as_array().is_none_or(Vec::is_empty) {
                    continue;
                }
                match diagnostic["level"].as_str() {
                    Some("warning") => check.warnings += 1,
                    Some("error") => {
                        check.errors += 1;
                        if check.first_error.is_none() {
                            check.first_error = diagnostic["rendered"].as_str().map(str::to_string);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    for check in checks.values_mut() {
        check.compiles &= check.errors == 0;
    }
    Ok(checks)
}

/// `target/corpus/` and `target/corpus-target/` of the repository.
pub fn default_folders() -> (PathBuf, PathBuf) {
    let target = crate::repo_root().join("target");
    (target.join("corpus"), target.join("corpus-target"))
}
