//! `cargo xtask generate [--check] [--deny-warnings]`

use std::process::ExitCode;

use xtask::{read_inputs, repo_root, stale_files, write_changed};

const USAGE: &str =
    "usage: cargo xtask generate [--input DIR] [--out DIR] [--check] [--deny-warnings]

  --input DIR      the schema folder (default: schemas/); its openapi.json is the entry
  --out DIR        the client crate to write into (default: generated-client/)
  --check          exit non-zero if the output is stale, naming the stale files; write nothing
  --deny-warnings  treat schema warnings as errors";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => {}
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let mut check = false;
    let mut deny = false;
    let root = repo_root();
    let mut schemas = root.join("schemas");
    let mut out_dir = root.join("generated-client");
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--deny-warnings" => deny = true,
            "--input" | "--out" => {
                let Some(value) = rest.next() else {
                    eprintln!("error: `{arg}` needs a folder\n\n{USAGE}");
                    return ExitCode::from(2);
                };
                if arg == "--input" {
                    schemas = value.into();
                } else {
                    out_dir = value.into();
                }
            }
            other => {
                eprintln!("error: unknown flag `{other}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let inputs = match read_inputs(&schemas) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", schemas.display());
            return ExitCode::FAILURE;
        }
    };
    let output = match codegen::generate(&codegen::Settings::new().deny_warnings(deny), &inputs) {
        Ok(output) => output,
        Err(e) => {
            eprintln!("{e}\n\nnothing was written: the previous output is untouched");
            return ExitCode::FAILURE;
        }
    };
    for warning in &output.warnings {
        eprintln!("{warning}\n");
    }
    if check {
        let stale = stale_files(&out_dir, &output.files);
        if stale.is_empty() {
            eprintln!("generated code is up to date");
            return ExitCode::SUCCESS;
        }
        for path in &stale {
            eprintln!("stale: {}", out_dir.join(path).display());
        }
        eprintln!(
            "error: the generated code is out of date with schemas/: run `cargo xtask generate`"
        );
        return ExitCode::FAILURE;
    }
    match write_changed(&out_dir, &output.files) {
        Ok(written) if written.is_empty() => {
            eprintln!("generated code is up to date; nothing written")
        }
        Ok(written) => written
            .iter()
            .for_each(|p| eprintln!("wrote generated-client/{p}")),
        Err(e) => {
            eprintln!("error: writing {}: {e}", out_dir.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
