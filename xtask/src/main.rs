//! `cargo xtask generate [--input PATH]... [--out DIR] [--crate-name NAME] [--env-prefix P]
//! [--env-header VAR=Header]... [--docs-base-url URL] [--tag TAG]... [--operation ID]...
//! [--exclude-operation ID]... [--check] [--deny-warnings]`

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{
    crate_name_for, read_sources, repo_root, runtime_files, scaffold, stale_files,
    validate_crate_name, write_changed, Runtime, RUNTIME_DIR,
};

const USAGE: &str = "usage: cargo xtask generate [--input PATH]... [--out DIR] [--crate-name NAME] [--env-prefix PREFIX] [--env-header VAR=Header]... [--docs-base-url URL] [--tag TAG]... [--operation ID]... [--exclude-operation ID]... [--check] [--deny-warnings]

  --input PATH       a folder of JSON Schema files, a JSON Schema file, or an OpenAPI 3.0/3.1
                     document (JSON or YAML); repeatable (default: the tags Assistants,
                     Vector stores and Files of schemas/published/openapi.yaml). Only the
                     entries and the files their $refs reach are read, all inside the input's
                     folder
  --out DIR          the crate to write into (default: generated-client/); a folder without a
                     Cargo.toml gets a complete crate (Cargo.toml, lib.rs, generated code, and
                     the runtime crate copied to runtime/, which later runs keep up to date)
  --crate-name NAME  the name of a new crate (default: the folder's name); ASCII letters,
                     digits, - and _, starting with a letter or _, at most 64 characters
  --env-prefix P     Client::from_env() reads P_API_KEY and P_BASE_URL (default: the crate
                     name in capitals; OPENAI for the project's own schemas)
  --env-header VAR=Header
                     Client::from_env() also sends variable VAR, when set, as Header; repeatable
  --docs-base-url URL
                     the site relative links in schema descriptions point into; without it they
                     become plain text (https://platform.openai.com for the project's schemas)
  --tag TAG          generate only the operations tagged TAG (and those --operation names), with
                     the schemas they reach; repeatable. Without --tag and --operation every
                     operation is generated. A tag or operationId no operation has is an error
  --operation ID     generate the operation whose operationId is ID; repeatable
  --exclude-operation ID
                     leave out the operation ID even when its tag is selected; repeatable
  --check            exit non-zero if the output is stale, naming the stale files; write nothing
  --deny-warnings    treat schema warnings as errors

usage: cargo xtask examples [--check]

  writes every example of schemas/published/openapi.yaml (patched) for the operations tagged
  Assistants, Vector stores and Files and the schemas they reach into
  tests/fixtures/openai/<TypeName>/<operationId or schema>-<n>.json (stream transcripts:
  .sse), one file each, its text as published, and prints the examples it skips with the
  reason. --check: exit non-zero if the fixtures are stale, naming them; write nothing

usage: cargo xtask corpus [DIR]

  generates every *.json / *.yaml document below DIR (default: tests/corpus) into a crate of
  one workspace in target/corpus/, runs one `cargo check` over them all (target directory
  target/corpus-target/), and prints a table: document, generated?, compiles?, operations kept
  of the document's, the generator's warnings by kind. Exits non-zero when a document fails
  to generate or to compile";

struct Args {
    inputs: Vec<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    env_prefix: Option<String>,
    env_headers: Vec<(String, String)>,
    docs_base_url: Option<String>,
    tags: Vec<String>,
    operations: Vec<String>,
    excluded: Vec<String>,
    check: bool,
    deny: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        inputs: Vec::new(),
        out: None,
        crate_name: None,
        env_prefix: None,
        env_headers: Vec::new(),
        docs_base_url: None,
        tags: Vec::new(),
        operations: Vec::new(),
        excluded: Vec::new(),
        check: false,
        deny: false,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("`{arg}` needs a value"))
        };
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--deny-warnings" => parsed.deny = true,
            "--input" => parsed.inputs.push(value()?.into()),
            "--out" => parsed.out = Some(value()?.into()),
            "--crate-name" => parsed.crate_name = Some(value()?),
            "--env-prefix" => parsed.env_prefix = Some(value()?),
            "--tag" => parsed.tags.push(value()?),
            "--operation" => parsed.operations.push(value()?),
            "--exclude-operation" => parsed.excluded.push(value()?),
            "--docs-base-url" => {
                let url = value()?;
                if !(url.starts_with("https://") || url.starts_with("http://"))
                    || url.contains(|c: char| c.is_whitespace() || c.is_control())
                {
                    return Err(format!(
                        "`--docs-base-url {url}` must be an http:// or https:// URL"
                    ));
                }
                parsed.docs_base_url = Some(url);
            }
            "--env-header" => {
                let pair = value()?;
                let (var, header) = pair
                    .split_once('=')
                    .ok_or_else(|| format!("`--env-header {pair}` must be VAR=Header"))?;
                parsed
                    .env_headers
                    .push((var.to_string(), header.to_string()));
            }
            other => return Err(format!("unknown flag `{other}`")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => {}
        Some("corpus") => return corpus(&args[1..]),
        Some("examples") => return examples(&args[1..]),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let args = match parse(&args[1..]) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<ExitCode, String> {
    let root = repo_root();
    let project = args.inputs.is_empty();
    let inputs = if project {
        vec![root.join(xtask::PROJECT_INPUT)]
    } else {
        args.inputs
    };
    let out_dir = args.out.unwrap_or_else(|| root.join("generated-client"));
    let untouched = "\n\nnothing was written: the previous output is untouched";
    if let Some(name) = &args.crate_name {
        validate_crate_name(name)?;
    }
    let crate_name = args.crate_name.unwrap_or_else(|| crate_name_for(&out_dir));
    let sources = read_sources(&inputs).map_err(|e| format!("{e}{untouched}"))?;
    let mut settings = match args.env_prefix {
        None if project => xtask::project_settings(),
        Some(prefix) => codegen::Settings::new().env_prefix(prefix),
        None => {
            codegen::Settings::new().env_prefix(crate_name.to_ascii_uppercase().replace('-', "_"))
        }
    };
    if let Some(url) = args.docs_base_url {
        settings = settings.docs_base_url(url);
    }
    for (var, header) in args.env_headers {
        settings = settings.env_header(var, header);
    }
    for tag in args.tags {
        settings = settings.select_tag(tag);
    }
    for id in args.operations {
        settings = settings.select_operation(id);
    }
    for id in args.excluded {
        settings = settings.exclude_operation(id);
    }
    let settings = settings
        .entries(sources.entries.clone())
        .deny_warnings(args.deny);
    let output =
        codegen::generate(&settings, &sources.inputs).map_err(|e| format!("{e}{untouched}"))?;
    for warning in &output.warnings {
        eprintln!("{warning}\n");
    }
    if output.is_empty() {
        return Err(format!(
            "error: the input defines no schemas and no operations: nothing to generate\n  --> {}{untouched}",
            sources.entries.join(", ")
        ));
    }
    let runtime = Runtime::for_output(&output);
    let patterns = output.uses_patterns();
    let mut files = output.files;
    if !out_dir.join("Cargo.toml").exists() {
        files.extend(
            scaffold(&crate_name, runtime, patterns)
                .map_err(|e| format!("error: reading the runtime to copy: {e}"))?,
        );
    } else if out_dir.join(RUNTIME_DIR).join("Cargo.toml").exists() {
        // A crate written by `--out` before: its copy of the runtime is kept in step with the
        // generated code, which is written against it.
        files.extend(
            runtime_files().map_err(|e| format!("error: reading the runtime to copy: {e}"))?,
        );
    }
    if args.check {
        let stale = stale_files(&out_dir, &files);
        if stale.is_empty() {
            eprintln!("generated code is up to date");
            return Ok(ExitCode::SUCCESS);
        }
        for path in &stale {
            eprintln!("stale: {}", out_dir.join(path).display());
        }
        return Err(
            "error: the generated code is out of date with the schemas: run `cargo xtask generate`"
                .into(),
        );
    }
    let written = write_changed(&out_dir, &files)
        .map_err(|e| format!("error: writing {}: {e}{untouched}", out_dir.display()))?;
    if written.is_empty() {
        eprintln!("generated code is up to date; nothing written");
    }
    for path in written {
        eprintln!("wrote {}", out_dir.join(path).display());
    }
    Ok(ExitCode::SUCCESS)
}

fn corpus(args: &[String]) -> ExitCode {
    let dir = match args {
        [] => repo_root().join("tests").join("corpus"),
        [dir] if !dir.starts_with('-') => PathBuf::from(dir),
        _ => {
            eprintln!("error: `cargo xtask corpus` takes one folder\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (work, target_dir) = xtask::corpus::default_folders();
    let started = std::time::Instant::now();
    let outcomes = match xtask::corpus::run(&dir, &work, &target_dir) {
        Ok(outcomes) => outcomes,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let failures = xtask::corpus::failures(&outcomes);
    if !failures.is_empty() {
        println!("{failures}");
    }
    print!("{}", xtask::corpus::table(&outcomes));
    println!("time: {:.1} s", started.elapsed().as_secs_f64());
    if outcomes.iter().all(xtask::corpus::Outcome::passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn examples(args: &[String]) -> ExitCode {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => {
            eprintln!("error: `cargo xtask examples` takes only `--check`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let examples = match xtask::examples::read() {
        Ok(examples) => examples,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    if !examples.skipped.is_empty() {
        eprintln!("skipped {} example(s):", examples.skipped.len());
        for skipped in &examples.skipped {
            eprintln!("  {}: {}", skipped.place, skipped.reason);
        }
    }
    let dir = repo_root().join(xtask::examples::FIXTURES);
    if check {
        let stale = xtask::examples::stale(&dir, &examples);
        if stale.is_empty() {
            eprintln!("{} fixture(s) up to date", examples.files.len());
            return ExitCode::SUCCESS;
        }
        for path in &stale {
            eprintln!("stale: {}", dir.join(path).display());
        }
        eprintln!(
            "error: the fixtures are out of date with the description: run `cargo xtask examples`"
        );
        return ExitCode::FAILURE;
    }
    match xtask::examples::write(&dir, &examples) {
        Ok(changed) => {
            for path in &changed {
                eprintln!("wrote {}", dir.join(path).display());
            }
            eprintln!(
                "{} fixture(s), {} changed",
                examples.files.len(),
                changed.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
