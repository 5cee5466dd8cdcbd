//! The limits that keep generation bounded in time, memory and stack on any input. Each one is
//! far above what real API descriptions need (the complete OpenAI API description nests about
//! 12 levels, has about 1,000 schemas, at most a few hundred properties or enum values in one
//! schema) and documented in the README. Input past a limit is an error naming the file and
//! the place, never a panic, a stack overflow or a run that does not end.

/// How deeply JSON and YAML values may nest (arrays and objects inside each other). Both
/// parsers stop at this depth (serde_json's and serde_yaml_ng's own recursion limit), and YAML
/// flow collections (`[`, `{`) are counted before parsing, because the YAML scanner's time
/// grows with the square of their depth. Every later stage that recurses over a value is
/// bounded by it.
pub const MAX_NESTING: usize = 128;

/// How deeply schemas may nest when followed through properties, items, maps, union branches
/// and `$ref`s (a chain of references is not nesting in the file, so [`MAX_NESTING`] does not
/// bound it). Conversion recurses this deep. So do rustc and rustdoc when they check the types
/// (drop check, `Send`), a few levels per schema: the crates the generator scaffolds raise
/// `recursion_limit` to [`RUSTC_RECURSION_LIMIT`] for that.
pub const MAX_SCHEMA_DEPTH: usize = 256;

/// The `#![recursion_limit]` a crate holding the generated types needs for types nested
/// [`MAX_SCHEMA_DEPTH`] deep (rustc's default, 128, is enough for about 25).
#[allow(dead_code)] // Documents what the scaffolded crates declare.
pub const RUSTC_RECURSION_LIMIT: usize = 2048;

/// How deeply arrays and maps may nest inside one type expression (`Vec<Vec<BTreeMap<String,
/// ..>>>`, inline or through references to array schemas). rustdoc's auto-trait evaluation
/// overflows its recursion limit (128) on 31 levels of alternating `Vec` and `BTreeMap`.
pub const MAX_TYPE_NESTING: usize = 16;

/// The most properties one object schema may declare. A struct with tens of thousands of
/// fields generates code that takes rustc minutes and gigabytes to compile.
pub const MAX_PROPERTIES: usize = 2_000;

/// The most values one string enum (or union) may list, for the same reason.
pub const MAX_ENUM_VALUES: usize = 5_000;

/// The most types one generation may produce (ten times the complete OpenAI API).
pub const MAX_TYPES: usize = 10_000;

/// The stack of the thread every stage runs on. The stages recurse at most [`MAX_NESTING`] and
/// [`MAX_SCHEMA_DEPTH`] levels deep; this is enough for both, with room to spare, in debug
/// builds (whose frames are several times larger than release ones: about 40 KiB per schema
/// level in a union), whatever the stack of the thread that calls the generator. Only the pages
/// used are ever committed.
pub const GENERATOR_STACK: usize = 64 << 20;

/// Runs `stage` on a thread of its own with a [`GENERATOR_STACK`]-byte stack and returns its
/// result (a panic, which would be a bug, is passed on as it is).
pub fn on_generator_stack<T: Send>(
    stage: impl FnOnce() -> Result<T, crate::Error> + Send,
) -> Result<T, crate::Error> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("codegen".to_string())
            .stack_size(GENERATOR_STACK)
            .spawn_scoped(scope, stage)
            .map_err(|e| {
                crate::Error::schema(
                    &crate::Loc::new("", ""),
                    format!("cannot start the generator's thread: {e}"),
                    "the generator needs a thread with a large stack; free some memory",
                )
            })?;
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// An error when an input makes more than `limit` `what` (roots, types), naming the entry.
pub fn check_count(
    count: usize,
    limit: usize,
    what: &str,
    entry: Option<&String>,
) -> Result<(), crate::Error> {
    if count <= limit {
        return Ok(());
    }
    Err(crate::Error::schema(
        &crate::Loc::new(entry.map_or("", String::as_str), ""),
        format!("the input makes {count} {what}; the limit is {limit}"),
        "a crate this large takes rustc too long to compile; generate several crates from parts of the input",
    ))
}

/// Where (1-based line and column) YAML flow collections (`[`, `{`) first nest deeper than
/// [`MAX_NESTING`], or `None`. The YAML scanner checks every open flow level at each token, so
/// its time grows with the square of their depth (100,000 levels: minutes); this linear pass
/// refuses such input before it is parsed. It skips comments, quoted scalars and block scalars
/// (`|`, `>`), so brackets in text do not count.
pub fn yaml_flow_too_deep(text: &str) -> Option<(usize, usize)> {
    #[derive(PartialEq)]
    enum State {
        Plain,
        Single,
        Double,
    }
    let mut state = State::Plain;
    let mut depth = 0usize;
    // The indentation of the line that opened a block scalar, while in one.
    let mut block: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block = None;
        }
        let mut chars = line.char_indices().peekable();
        let mut previous: Option<char> = None;
        let mut column = 0;
        while let Some((_, c)) = chars.next() {
            column += 1;
            match state {
                State::Double => match c {
                    '\\' => {
                        chars.next();
                        column += 1;
                    }
                    '"' => state = State::Plain,
                    _ => {}
                },
                State::Single => {
                    if c == '\'' {
                        if chars.peek().map(|&(_, n)| n) == Some('\'') {
                            chars.next();
                            column += 1;
                        } else {
                            state = State::Plain;
                        }
                    }
                }
                State::Plain => {
                    let token_start =
                        previous.is_none_or(|p| p.is_whitespace() || "[{,:".contains(p));
                    match c {
                        '#' if previous.is_none_or(char::is_whitespace) => break,
                        '\'' if token_start => state = State::Single,
                        '"' if token_start => state = State::Double,
                        '[' | '{' => {
                            depth += 1;
                            if depth > MAX_NESTING {
                                return Some((index + 1, column));
                            }
                        }
                        ']' | '}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
            previous = Some(c);
        }
        if state == State::Plain && depth == 0 && opens_block_scalar(line) {
            block = Some(indent);
        }
    }
    None
}

/// Whether a line ends with a block scalar indicator (`key: |`, `- >-`, `|2`), before any
/// comment.
fn opens_block_scalar(line: &str) -> bool {
    let content = match line.find(" #") {
        Some(at) => &line[..at],
        None => line,
    };
    let last = content.trim_end().rsplit(' ').next().unwrap_or("");
    let mut chars = last.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '+' | '-' | '1'..='9'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_nesting_past_the_limit_is_found_where_it_happens() {
        let text = "a: 1\nb: ".to_string() + &"{c: [".repeat(MAX_NESTING);
        assert_eq!(
            yaml_flow_too_deep(&text),
            Some((2, 4 + 5 * (MAX_NESTING / 2)))
        );
        let within = "[".repeat(MAX_NESTING) + &"]".repeat(MAX_NESTING);
        assert_eq!(yaml_flow_too_deep(&within), None);
        // Closed collections do not add up.
        assert_eq!(yaml_flow_too_deep(&"[] {} ".repeat(10 * MAX_NESTING)), None);
    }

    #[test]
    fn brackets_in_text_are_not_nesting() {
        let many = "[{".repeat(MAX_NESTING);
        for text in [
            format!("a: '{many}'"),
            format!("a: 'it''s {many}'"),
            format!("a: \"\\\" {many}\""),
            format!("a: 1 # {many}"),
            format!("a: |\n  {many}\n\n  {many}\nb: 1"),
            format!("- >-\n  {many}\n- x"),
            format!("a: [\"{many}\", '{many}']"),
        ] {
            assert_eq!(yaml_flow_too_deep(&text), None, "{text}");
        }
        // After a block scalar ends, brackets count again.
        let text = format!("a: |\n  text\nb: {}", "[".repeat(MAX_NESTING + 1));
        assert_eq!(yaml_flow_too_deep(&text), Some((3, 4 + MAX_NESTING)));
    }
}
