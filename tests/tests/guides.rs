//! The Markdown guides stay usable: every relative link in `README.md`, `ARCHITECTURE.md`,
//! `benchmarks/README.md` and `docs/*.md` points to a file or folder that exists (and a `#fragment` to one of
//! its headings), the README stays a guide of at most 300 lines, and its quick start is the
//! `quick_start` example that `cargo test` builds.

use std::path::{Path, PathBuf};

use golden_tests::repo_root;

const GUIDES: &[&str] = &[
    "README.md",
    "ARCHITECTURE.md",
    "benchmarks/README.md",
    "docs/generator.md",
    "docs/client.md",
];

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text outside fenced code blocks and inline code spans, line by line (links inside code
/// are not links).
fn prose_lines(markdown: &str) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    let mut fence: Option<&str> = None;
    for (number, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if trimmed.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        let mut prose = String::new();
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
            } else if !in_code {
                prose.push(c);
            }
        }
        lines.push((number + 1, prose));
    }
    lines
}

/// The targets of the inline links `[text](target)` of a Markdown text, with their line.
fn link_targets(markdown: &str) -> Vec<(usize, String)> {
    let mut targets = Vec::new();
    for (number, line) in prose_lines(markdown) {
        let mut rest = line.as_str();
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            targets.push((number, after[..end].trim().to_string()));
            rest = &after[end..];
        }
    }
    targets
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn anchors(markdown: &str) -> Vec<String> {
    prose_lines(markdown)
        .into_iter()
        .filter_map(|(_, line)| {
            let heading = line.trim_start_matches('#');
            (line.starts_with('#') && heading.starts_with(' ')).then(|| anchor(heading))
        })
        .collect()
}

/// Where a relative link from `guide` leads, or `None` for a link to another site.
fn local_target(guide: &Path, target: &str) -> Option<(PathBuf, Option<String>)> {
    if target.contains("://") || target.starts_with("mailto:") {
        return None;
    }
    let (path, fragment) = match target.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_string())),
        None => (target, None),
    };
    let file = if path.is_empty() {
        guide.to_path_buf()
    } else {
        guide.parent().expect("a guide is in a folder").join(path)
    };
    Some((file, fragment))
}

#[test]
fn every_relative_link_in_the_guides_points_to_an_existing_file_and_heading() {
    let root = repo_root();
    let mut broken = Vec::new();
    let mut checked = 0;
    for guide in GUIDES {
        let guide_path = root.join(guide);
        for (line, target) in link_targets(&read(&guide_path)) {
            let Some((file, fragment)) = local_target(&guide_path, &target) else {
                continue;
            };
            checked += 1;
            if !file.exists() {
                broken.push(format!("{guide}:{line}: `{target}`: no such file"));
            } else if let Some(fragment) = fragment {
                if file.is_file() && !anchors(&read(&file)).contains(&fragment) {
                    broken.push(format!("{guide}:{line}: `{target}`: no such heading"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(
        checked > 10,
        "only {checked} relative links found: is the parser broken?"
    );
}

#[test]
fn the_link_checker_finds_links_and_ignores_code() {
    let text = "See [a](x.md#two) and `[b](not-a-link)`.\n```\n[c](in-a-fence)\n```\n## Two\n";
    assert_eq!(link_targets(text), vec![(1, "x.md#two".to_string())]);
    assert_eq!(anchors(text), vec!["two".to_string()]);
    assert_eq!(
        anchor("SSE parser, written by hand (`sse.rs`)"),
        "sse-parser-written-by-hand-ssers"
    );
}

#[test]
fn the_readme_is_a_guide_of_at_most_300_lines() {
    let readme = read(&repo_root().join("README.md"));
    let lines = readme.lines().count();
    assert!(lines <= 300, "README.md has {lines} lines; measurements and history belong in benchmarks/README.md, code maps in ARCHITECTURE.md");
    for command in ["cargo xtask generate", "cargo test --workspace"] {
        assert!(readme.contains(command), "README.md lost `{command}`");
    }
}

#[test]
fn the_readme_quick_start_is_the_quick_start_example() {
    let root = repo_root();
    let readme = read(&root.join("README.md"));
    let example = read(&root.join("generated-client/examples/quick_start.rs"));
    let code: String = example
        .lines()
        .filter(|line| !line.starts_with("//!"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(
        readme.contains(&format!("```rust\n{code}```\n")),
        "the README's quick start differs from generated-client/examples/quick_start.rs (below the //! lines)"
    );
}

#[test]
fn every_warning_kind_has_a_row_in_the_generator_guides_table() {
    use codegen::WarningKind as K;
    let kinds = [
        K::RequiredNotDeclared,
        K::Unsatisfiable,
        K::MisplacedKeyword,
        K::PlaceholderDescription,
        K::UnsupportedKeyword,
        K::UntaggedUnion,
        K::RefResolvedByName,
        K::UnresolvedRef,
    ];
    // No wildcard: a new kind fails to compile here until it is listed above.
    for kind in kinds {
        match kind {
            K::RequiredNotDeclared
            | K::Unsatisfiable
            | K::MisplacedKeyword
            | K::PlaceholderDescription
            | K::UnsupportedKeyword
            | K::UntaggedUnion
            | K::RefResolvedByName
            | K::UnresolvedRef => {}
        }
    }
    let guide = read(&repo_root().join("docs/generator.md"));
    let missing: Vec<&str> = kinds
        .iter()
        .map(|kind| kind.code())
        .filter(|code| !guide.contains(&format!("\n| `{code}` | ")))
        .collect();
    assert!(
        missing.is_empty(),
        "warning kinds without a row in the warnings table of docs/generator.md: {missing:?}"
    );
}
