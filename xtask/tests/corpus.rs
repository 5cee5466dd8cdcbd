//! The corpus command's report: names, table and summary (the command itself runs in CI).

use std::collections::BTreeMap;

use xtask::corpus::{crate_names, failures, summary, table, Check, Generated, Outcome};

fn generated(warnings: &[(&str, usize)], kept: usize, total: usize) -> Result<Generated, String> {
    Ok(Generated {
        warnings: warnings
            .iter()
            .map(|(code, n)| (code.to_string(), *n))
            .collect::<BTreeMap<_, _>>(),
        operations_kept: kept,
        operations_total: total,
    })
}

fn compiled(warnings: usize) -> Option<Check> {
    Some(Check {
        compiles: true,
        warnings,
        errors: 0,
        first_error: None,
    })
}

fn outcomes() -> Vec<Outcome> {
    vec![
        Outcome {
            document: "api/pets.yaml".to_string(),
            crate_name: "corpus-api-pets".to_string(),
            generated: generated(&[("unsupported-keyword", 2), ("untagged-union", 3)], 9, 10),
            check: compiled(0),
        },
        Outcome {
            document: "schemas/broken.json".to_string(),
            crate_name: "corpus-schemas-broken".to_string(),
            generated: Err("error: dangling `$ref`".to_string()),
            check: None,
        },
        Outcome {
            document: "schemas/types.json".to_string(),
            crate_name: "corpus-schemas-types".to_string(),
            generated: generated(&[("unsupported-keyword", 1)], 0, 0),
            check: Some(Check {
                compiles: false,
                warnings: 1,
                errors: 2,
                first_error: Some("error[E0404]: expected trait, found struct `From`".to_string()),
            }),
        },
        Outcome {
            document: "x.json".to_string(),
            crate_name: "corpus-x".to_string(),
            generated: generated(&[], 0, 0),
            check: compiled(4),
        },
    ]
}

#[test]
fn the_table_has_a_row_per_document_and_the_totals() {
    let expected = "\
document             generated  compiles                operations  warnings
-------------------  ---------  ----------------------  ----------  ---------------------------------------
api/pets.yaml        yes        yes                     9/10        untagged-union 3, unsupported-keyword 2
schemas/broken.json  NO         -                       -           -
schemas/types.json   yes        NO (2 errors)           -           unsupported-keyword 1
x.json               yes        yes (4 rustc warnings)  -           -

3 of 4 documents generated; 2 of 4 generate and compile
operations kept: 9 of 10 (90.0%; in the documents that generated)
warnings: unsupported-keyword 3, untagged-union 3
";
    assert_eq!(table(&outcomes()), expected);
}

#[test]
fn the_summary_of_a_corpus_without_operations_leaves_the_share_out() {
    let only_types = &outcomes()[2..];
    assert_eq!(
        summary(only_types),
        "2 of 2 documents generated; 1 of 2 generate and compile\nwarnings: unsupported-keyword 1\n"
    );
}

#[test]
fn failures_name_each_failing_document_with_its_first_error() {
    assert_eq!(
        failures(&outcomes()),
        "== schemas/broken.json\nerror: dangling `$ref`\n\n== schemas/types.json\nerror[E0404]: expected trait, found struct `From`\n\n"
    );
}

#[test]
fn only_documents_that_generate_and_compile_pass() {
    let passed: Vec<bool> = outcomes().iter().map(Outcome::passed).collect();
    assert_eq!(passed, [true, false, false, true]);
}

#[test]
fn crate_names_are_distinct_and_keep_the_extension_only_when_needed() {
    let documents = [
        "openai/openapi.yaml",
        "progenitor/param-overrides.json",
        "progenitor/param-overrides.yaml",
        "typify/more_types.json",
    ]
    .map(String::from);
    assert_eq!(
        crate_names(&documents),
        [
            "corpus-openai-openapi",
            "corpus-progenitor-param-overrides-json",
            "corpus-progenitor-param-overrides-yaml",
            "corpus-typify-more-types",
        ]
    );
}
