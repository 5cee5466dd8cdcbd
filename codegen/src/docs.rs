//! Schema text as doc comments that never run.
//!
//! Descriptions are Markdown and land in doc comments, and rustdoc compiles and runs every code
//! block of a doc comment that it takes for Rust: an indented block, or a fenced one (backticks
//! or tildes, at any nesting inside block quotes, list items and footnotes) whose info string does
//! not name another language. Schema text is untrusted, so no such block may survive.
//!
//! The text is parsed with `pulldown-cmark` at the version rustdoc uses (0.11) and with rustdoc's
//! options, so the blocks found here are the blocks rustdoc finds. Then only what is needed is
//! rewritten: a fenced block's info string becomes `text` (rustdoc never runs a `text` block), an
//! indented block loses the indentation that made it code (it reads as a paragraph), and a fence
//! left open at the end is closed. The result is parsed again until no code block other than a
//! `text` one is left. Should that not settle (it always has), the text falls back to a form that
//! cannot hold a code block at all, whatever a parser makes of it: every backtick and tilde
//! escaped (so no three of them are adjacent, which every fence needs) and no run of two spaces
//! (so nothing is indented by four).
//!
//! Before that the text is normalised to what a doc comment shows: lines split at `\n` (a `\r`
//! before it dropped), other control characters escaped, tabs expanded to 4-column stops,
//! trailing whitespace and blank lines at either end removed, and the indentation all lines share
//! removed, so at least one line starts at column 0. The emitter puts a space before every line
//! and rustdoc removes the indentation all lines of an item share: exactly that space, so rustdoc
//! reads the text that was checked.
//!
//! Schema Markdown is written for a web page, and rustdoc lints what a web page tolerates. So the
//! same parse also makes it correct doc text (`markdown_fixes`): brackets that are not a link
//! (`[DONE]`, a reference whose definition is missing) are escaped, a bare URL becomes an
//! autolink, an HTML tag is escaped unless it is a known inline tag closed in the same text, and
//! a link that is not absolute is made absolute against the documentation base URL
//! ([`resolve_links`], run on the whole model once the base is known) or, without one, becomes
//! its text. Fixes and the code-block rewrite take turns until neither changes anything, so a fix
//! never brings back a runnable block (an HTML block made text can hold a fence).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions rustdoc turns on (`main_body_opts` in rustdoc): footnote definitions
/// are containers that can hold code blocks, so they must be parsed as rustdoc does.
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The only info string a code block keeps: a language rustdoc never compiles.
const INERT: &str = "text";

/// How many rewrite rounds run before the fallback. One round settles most text; an indented
/// block's content can itself be a fence once its indentation is gone, which takes a second.
const ROUNDS: usize = 8;

/// A schema description as doc lines that rustdoc can never run and that trip none of its lints
/// (see the module docs). Links are left as written: [`resolve_links`] makes them absolute once
/// the documentation base URL is known.
pub fn doc_lines(text: &str) -> Vec<String> {
    lines_with(text, Links::Keep)
}

/// Doc lines (already made by [`doc_lines`]) with every link that is not absolute made absolute
/// against `base` (`/docs/x` → `https://example.com/docs/x`), or made plain text without a base.
/// A link is absolute when it is `http`, `https` or `mailto`; every other link (relative paths,
/// fragments, other schemes) is rewritten.
pub fn resolve_links(lines: &[String], base: Option<&str>) -> Vec<String> {
    let links = match base {
        Some(base) => Links::Absolute(base.trim_end_matches('/')),
        None => Links::Text,
    };
    lines_with(&lines.join("\n"), links)
}

/// The doc lines of one item, put together from several sources (descriptions, summaries,
/// generated sentences), checked and made inert as a whole: pieces that are inert alone could
/// still combine into a code block. The generator's own intra-doc links (`crate::…` targets)
/// are kept; any other link that is still not absolute here becomes plain text.
pub fn inert_lines(lines: &[String]) -> Vec<String> {
    lines_with(&lines.join("\n"), Links::Generated)
}

/// What happens to links that are not absolute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Links<'a> {
    /// Left as written (the base URL is not known yet).
    Keep,
    /// Made absolute against this base (no trailing `/`).
    Absolute(&'a str),
    /// Replaced by their text.
    Text,
    /// Replaced by their text, except intra-doc links into the generated crate (`crate::…`),
    /// which only the generator writes: schema text has had its links resolved by then.
    Generated,
}

impl Links<'_> {
    /// Whether a link to `dest` is rewritten.
    fn rewrites(self, dest: &str) -> bool {
        match self {
            Links::Keep => false,
            Links::Generated if dest.starts_with("crate::") => false,
            _ => !is_absolute(dest),
        }
    }
}

fn lines_with(text: &str, links: Links<'_>) -> Vec<String> {
    let normal = normalise(text);
    if normal.is_empty() {
        return Vec::new();
    }
    let clean = if may_hold_code(&normal) || may_trip_lints(&normal) {
        settle(&normal, links).unwrap_or_else(|| escape_everything(&normal))
    } else {
        normal
    };
    if clean.is_empty() {
        return Vec::new(); // only a link definition, which went
    }
    clean.split('\n').map(str::to_string).collect()
}

/// Makes the Markdown lint-free and its code blocks inert, round after round (each fix can
/// expose work for the other: an HTML block made text can hold a fence, code made a paragraph
/// can hold a bare URL) until a round changes nothing; `None` if it does not settle.
fn settle(text: &str, links: Links<'_>) -> Option<String> {
    let mut text = text.to_string();
    for _ in 0..ROUNDS {
        // Normalised again: a definition that went can leave blank lines at an end, or leave
        // no line at column 0 (which the emitter relies on).
        let fixed = normalise(&markdown_fixes(&text, links)?);
        let inert = rewrite(&fixed)?;
        if inert == text {
            return (runnable_code_blocks(&text) == 0).then_some(text);
        }
        text = inert;
    }
    None
}

/// How many code blocks rustdoc would compile and run as doctests in `text` (a doc comment's
/// text as rustdoc reads it). Counted conservatively: every block but a fenced `text` one.
pub fn runnable_code_blocks(text: &str) -> usize {
    Parser::new_ext(text, rustdoc_options())
        .filter(|event| matches!(event, Event::Start(Tag::CodeBlock(kind)) if !is_inert(kind)))
        .count()
}

fn is_inert(kind: &CodeBlockKind) -> bool {
    matches!(kind, CodeBlockKind::Fenced(info) if info.as_ref() == INERT)
}

/// Whether a code block could be in the (normalised) text at all: a fence needs three backticks
/// or tildes in a row, and a line of an indented block has four spaces right before its content
/// (tabs are spaces by now). Most descriptions have neither and are not parsed.
fn may_hold_code(text: &str) -> bool {
    text.contains("```") || text.contains("~~~") || text.contains("    ")
}

/// The text as a doc comment shows it (see the module docs).
fn normalise(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            expand_tabs(&escape_controls(line)).trim_end().to_string()
        })
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let lines = &lines[first..=last];
    let indent = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Control characters other than tab as their escapes: a bare carriage return is not allowed in
/// a doc comment (and would end a Markdown line), the others would only garble it.
fn escape_controls(line: &str) -> String {
    if !line.chars().any(|c| c.is_control() && c != '\t') {
        return line.to_string();
    }
    line.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Tabs as spaces up to the next multiple of 4 columns, as Markdown counts them.
fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let width = 4 - column % 4;
            out.extend(std::iter::repeat_n(' ', width));
            column += width;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// Whether the (normalised) text could hold anything [`markdown_fixes`] changes: a link or
/// bracket, an HTML tag or a URL. Most descriptions are plain sentences and are not parsed.
fn may_trip_lints(text: &str) -> bool {
    text.contains(['[', ']', '<']) || text.contains("://")
}

/// HTML tags rustdoc accepts in doc text when balanced; any other tag, and an unbalanced one, is
/// escaped (`Vec<T>` in prose is an unclosed `<T>` to rustdoc).
const INLINE_HTML: &[&str] = &[
    "b", "i", "em", "strong", "code", "sub", "sup", "kbd", "small", "u", "s", "del", "ins", "mark",
];

/// Tags that need no closing tag.
const VOID_HTML: &[&str] = &["br", "br/", "br /", "wbr"];

/// The text with one round of fixes for rustdoc's lints made (`None` if an edit was not where the
/// parser said):
/// - a link that is not absolute is rewritten as `links` says; a link inside one that is
///   rewritten waits for the next round;
/// - `[` and `]` in text are escaped: `[DONE]`, or a reference link whose definition is missing,
///   would otherwise be taken for a broken intra-doc link;
/// - a bare `http(s)://` URL in text becomes an autolink `<…>`;
/// - an HTML tag is escaped unless it is a known inline tag closed in the same text (or a void
///   one like `<br>`); an HTML block's tags are all escaped (it reads as text from then on).
///
/// Code blocks and code spans are left alone.
fn markdown_fixes(text: &str, links: Links<'_>) -> Option<String> {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut open: Vec<OpenLink> = Vec::new();
    let mut code = 0usize;
    let mut tags: Vec<(Range<usize>, String)> = Vec::new();
    let mut events = Parser::new_ext(text, rustdoc_options()).into_offset_iter();
    for (event, range) in events.by_ref() {
        let rewriting = open.iter().any(|link| link.rewrite);
        if let Event::End(TagEnd::Link | TagEnd::Image) = event {
            let link = open.pop()?;
            if link.rewrite {
                edits.push((range.clone(), rewritten_link(text, &link, links)?));
            }
        }
        // An open link's text spans every event inside it.
        for link in &mut open {
            let span = link.text.get_or_insert(range.clone());
            span.start = span.start.min(range.start);
            span.end = span.end.max(range.end);
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                open.push(OpenLink {
                    rewrite: !rewriting && links.rewrites(&dest_url),
                    range,
                    text: None,
                    dest: dest_url.to_string(),
                });
            }
            Event::Text(_) if code == 0 && !rewriting => {
                escape_brackets(text, range.clone(), &mut edits);
                if open.is_empty() {
                    wrap_urls(text, range, &mut edits);
                }
            }
            Event::InlineHtml(html) if !rewriting => tags.push((range, html.to_string())),
            Event::Html(_) if !rewriting => escape_all(text, range, '<', &mut edits),
            _ => {}
        }
    }
    edits.extend(unbalanced_tags(text, &tags));
    // A definition of a rewritten reference link is used by no link any more: it goes (its
    // target would be a relative URL in the source of the doc comment).
    for (_, definition) in events.reference_definitions().iter() {
        if links.rewrites(&definition.dest) {
            edits.push((definition.span.clone(), String::new()));
        }
    }
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    if edits.windows(2).any(|w| w[0].0.end > w[1].0.start) {
        return None;
    }
    Some(apply(text, edits))
}

/// Whether a link target stays as it is: a web or mail address.
fn is_absolute(dest: &str) -> bool {
    let lower = dest.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:"].iter().any(|scheme| {
        lower
            .strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty())
    })
}

/// A link (or image) being read.
struct OpenLink {
    /// It is rewritten (no link around it is).
    rewrite: bool,
    /// Where it is, from `[` (or `![`) to its end.
    range: Range<usize>,
    /// Where its text (or alt text) is, if it has any.
    text: Option<Range<usize>>,
    /// Its target, as pulldown-cmark read it (also for reference links).
    dest: String,
}

/// The replacement of a link that is not absolute: the same link against the base URL, or its
/// text. A fragment or another scheme has nothing to resolve against and becomes text too.
fn rewritten_link(text: &str, link: &OpenLink, links: Links<'_>) -> Option<String> {
    let label = match &link.text {
        Some(inner) if inner.start >= link.range.start && inner.end <= link.range.end => {
            &text[inner.clone()]
        }
        Some(_) => return None,
        None => "",
    };
    let dest = link.dest.trim();
    let has_scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    Some(match links {
        Links::Absolute(base) if !dest.is_empty() && !dest.starts_with('#') && !has_scheme => {
            let bang = if text[link.range.clone()].starts_with('!') {
                "!"
            } else {
                ""
            };
            let path = dest.trim_start_matches('/');
            format!("{bang}[{label}]({})", url_escape(&format!("{base}/{path}")))
        }
        _ => label.to_string(),
    })
}

/// A URL as a Markdown link target: characters that would end it or start another construct
/// are percent-encoded.
fn url_escape(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            '`' => out.push_str("%60"),
            c if c.is_control() || c.is_whitespace() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether the character at `at` is escaped by the backslashes right before it.
fn escaped(text: &str, at: usize) -> bool {
    let before = &text.as_bytes()[..at];
    before.iter().rev().take_while(|b| **b == b'\\').count() % 2 == 1
}

/// Backslashes before the `[` and `]` of the text at `range` that are not escaped yet.
fn escape_brackets(text: &str, range: Range<usize>, edits: &mut Vec<(Range<usize>, String)>) {
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        if (c == '[' || c == ']') && !escaped(text, at) {
            edits.push((at..at, "\\".to_string()));
        }
    }
}

/// Backslashes before every unescaped `c` in `range`.
fn escape_all(text: &str, range: Range<usize>, c: char, edits: &mut Vec<(Range<usize>, String)>) {
    for (i, found) in text[range.clone()].char_indices() {
        let at = range.start + i;
        if found == c && !escaped(text, at) {
            edits.push((at..at, "\\".to_string()));
        }
    }
}

/// `<` and `>` around every bare `http://` or `https://` URL in the text at `range`.
fn wrap_urls(text: &str, range: Range<usize>, edits: &mut Vec<(Range<usize>, String)>) {
    let slice = &text[range.clone()];
    let lower = slice.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("http") {
        let start = from + found;
        let rest = &lower[start..];
        let scheme = if rest.starts_with("https://") {
            8
        } else if rest.starts_with("http://") {
            7
        } else {
            from = start + 4;
            continue;
        };
        let before = slice[..start].chars().next_back();
        let body = slice[start + scheme..]
            .find(|c: char| !is_url_char(c))
            .map_or(slice.len(), |n| start + scheme + n);
        let end = slice[..body]
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', ')', '*', '_', '~'])
            .len();
        if end > start + scheme && !before.is_some_and(|c| c.is_alphanumeric() || c == '<') {
            edits.push((range.start + start..range.start + start, "<".to_string()));
            edits.push((range.start + end..range.start + end, ">".to_string()));
        }
        from = body.max(start + scheme);
    }
}

/// Characters a bare URL runs over (as rustdoc's `bare_urls` lint counts them).
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-@:%._+~#?&/=!$'()*,;".contains(c)
}

/// Escapes for the inline HTML tags (`(range, source)`) that rustdoc would warn
/// about: unknown tags, and known ones without their partner.
fn unbalanced_tags(text: &str, tags: &[(Range<usize>, String)]) -> Vec<(Range<usize>, String)> {
    let mut ok = vec![false; tags.len()];
    let mut stack: Vec<(usize, &str)> = Vec::new();
    for (i, (_, html)) in tags.iter().enumerate() {
        let Some(inner) = html.strip_prefix('<').and_then(|h| h.strip_suffix('>')) else {
            continue;
        };
        if VOID_HTML.contains(&inner) {
            ok[i] = true;
        } else if let Some(name) = inner.strip_prefix('/') {
            if let Some(pos) = stack.iter().rposition(|(_, open)| *open == name) {
                ok[stack[pos].0] = true;
                ok[i] = true;
                stack.truncate(pos);
            }
        } else if INLINE_HTML.contains(&inner) {
            stack.push((i, inner));
        }
    }
    tags.iter()
        .zip(ok)
        .filter(|(_, ok)| !ok)
        .filter(|((range, ..), _)| text[range.clone()].starts_with('<'))
        .filter(|((range, ..), _)| !escaped(text, range.start))
        .map(|((range, ..), _)| (range.start..range.start, "\\".to_string()))
        .collect()
}

/// Rewrites the code blocks of `text` until none is left that rustdoc would run; `None` if a
/// block was not where the parser said or it did not settle in [`ROUNDS`] rounds.
fn rewrite(text: &str) -> Option<String> {
    let mut text = text.to_string();
    for _ in 0..ROUNDS {
        let edits = edits(&text)?;
        if edits.is_empty() {
            return Some(text);
        }
        text = apply(&text, edits);
    }
    None
}

/// The text with the edits made, in one pass. Edits never overlap (code blocks do not nest);
/// two at one place (an info string and a closing fence both at the very end) are made in the
/// order they were found.
fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len() + edits.len() * 8);
    let mut at = 0;
    for (range, replacement) in edits {
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The replacements (in text order) that make this round's code blocks inert.
fn edits(text: &str) -> Option<Vec<(Range<usize>, String)>> {
    let mut edits = Vec::new();
    let mut depth = 0usize;
    let mut indented = false;
    for (event, range) in Parser::new_ext(text, rustdoc_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let (fence, count, info_range) = opening_fence(text, range.start)?;
                if info.as_ref() != INERT {
                    edits.push((info_range, INERT.to_string()));
                }
                if depth == 0
                    && range.end >= text.trim_end().len()
                    && !closed(text, &range, fence, count)
                {
                    edits.push((
                        text.len()..text.len(),
                        format!("\n{}", fence.to_string().repeat(count)),
                    ));
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => indented = true,
            Event::End(TagEnd::CodeBlock) => indented = false,
            Event::Text(_) if indented => {
                if let Some(range) = code_indentation(text, range.start) {
                    edits.push((range, String::new()));
                }
            }
            Event::Start(
                Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_),
            ) => depth += 1,
            Event::End(
                TagEnd::BlockQuote | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition,
            ) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Some(edits)
}

/// The fence character, its count and the range of the info string of the fence that opens at
/// `start`; `None` if no fence is there.
fn opening_fence(text: &str, start: usize) -> Option<(char, usize, Range<usize>)> {
    let rest = &text[start..];
    let fence = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let count = rest.len() - rest.trim_start_matches(fence).len();
    if count < 3 {
        return None;
    }
    let line_end = rest.find('\n').map_or(text.len(), |i| start + i);
    Some((fence, count, start + count..line_end))
}

/// Whether the fenced block in `range` (at the top level) ends with its closing fence.
fn closed(text: &str, range: &Range<usize>, fence: char, count: usize) -> bool {
    let block = text[range.clone()].trim_end_matches('\n');
    let Some((_, last)) = block.rsplit_once('\n') else {
        return false; // only the opening line
    };
    let fence_text = last.trim_start_matches(' ');
    last.len() - fence_text.len() <= 3
        && fence_text.len() >= count
        && fence_text.chars().all(|c| c == fence)
}

/// For a line of an indented code block whose text starts at `start`: the four columns of
/// indentation that made it code and the content's own indentation, to remove.
fn code_indentation(text: &str, start: usize) -> Option<Range<usize>> {
    let before = &text.as_bytes()[..start];
    if before.len() < 4 || before[before.len() - 4..].iter().any(|b| *b != b' ') {
        return None; // not the start of a line's content
    }
    let own = text[start..].len() - text[start..].trim_start_matches(' ').len();
    Some(start - 4..start + own)
}

/// The text with no code block possible, whatever a Markdown parser reads: a fence needs three
/// adjacent backticks or tildes, an indented block four columns of indentation (relative to its
/// container, whose markers take one space each here).
fn escape_everything(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            line.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace('\\', "\\\\")
                .replace('`', "\\`")
                .replace('~', "\\~")
                .replace('[', "\\[")
                .replace(']', "\\]")
                .replace('<', "\\<")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EVIL: &str = "fn main() { std::process::exit(42) }";

    /// The doc lines of `text`, after checking that rustdoc finds nothing to run in them, that
    /// rustdoc reads them as they are (one line starts at column 0, so its unindenting removes
    /// only the space the emitter adds) and that the code's text is still there.
    fn inert(text: &str) -> Vec<String> {
        let lines = doc_lines(text);
        let joined = lines.join("\n");
        assert_eq!(
            runnable_code_blocks(&joined),
            0,
            "{text:?} became {joined:?}"
        );
        assert!(
            lines.is_empty() || lines.iter().any(|l| !l.is_empty() && !l.starts_with(' ')),
            "{lines:?}"
        );
        if text.contains("exit(42)") {
            assert!(
                joined.contains("exit(42)"),
                "{text:?} lost its text: {joined:?}"
            );
        }
        lines
    }

    #[test]
    fn a_fenced_block_of_any_language_becomes_text() {
        for info in [
            "",
            "rust",
            "rust,ignore",
            "should_panic",
            "no_run",
            "compile_fail",
            "edition2021",
            " rust",
            "{.rust}",
            "text,rust",
            "json",
            "rust text",
        ] {
            assert_eq!(
                inert(&format!("a\n```{info}\n{EVIL}\n```\nb")),
                ["a", "```text", EVIL, "```", "b"],
                "info {info:?}"
            );
        }
    }

    #[test]
    fn tilde_fences_become_text() {
        assert_eq!(
            inert(&format!("~~~\n{EVIL}\n~~~")),
            ["~~~text", EVIL, "~~~"]
        );
        assert_eq!(
            inert(&format!("~~~~should_panic\n{EVIL}\n~~~~~")),
            ["~~~~text", EVIL, "~~~~~"]
        );
    }

    #[test]
    fn a_fence_closed_by_a_longer_one_or_holding_shorter_ones_becomes_text() {
        assert_eq!(
            inert(&format!("````rust\n```\n{EVIL}\n```\n``````")),
            ["````text", "```", EVIL, "```", "``````"]
        );
    }

    #[test]
    fn fences_indented_up_to_three_spaces_become_text() {
        for indent in ["", " ", "  ", "   "] {
            let lines = inert(&format!("x\n{indent}```rust\n{indent}{EVIL}\n{indent}```"));
            assert_eq!(lines[1], format!("{indent}```text"));
        }
    }

    #[test]
    fn indented_code_loses_the_indentation_that_made_it_code() {
        assert_eq!(inert(&format!("a\n\n    {EVIL}")), ["a", "", EVIL]);
        assert_eq!(
            inert(&format!("a\n\n        {EVIL}\n    b")),
            ["a", "", EVIL, "b"]
        );
        assert_eq!(inert(&format!("a\n\n\t{EVIL}")), ["a", "", EVIL]);
        assert_eq!(inert(&format!("a\n\n  \t{EVIL}")), ["a", "", EVIL]);
        // Indentation every line shares is not code: rustdoc removes it.
        assert_eq!(inert(&format!("    {EVIL}\n    b")), [EVIL, "b"]);
        // A paragraph's indented continuation is not code and keeps its indentation.
        assert_eq!(
            inert(&format!("a\n    {EVIL}")),
            ["a".to_string(), format!("    {EVIL}")]
        );
    }

    #[test]
    fn indented_code_that_holds_a_fence_ends_as_a_text_fence() {
        assert_eq!(
            inert(&format!("a\n\n    ```rust\n    {EVIL}\n    ```")),
            ["a", "", "```text", EVIL, "```"]
        );
    }

    #[test]
    fn fences_in_block_quotes_become_text() {
        assert_eq!(
            inert(&format!("> ```\n> {EVIL}\n> ```")),
            [
                "> ```text".to_string(),
                format!("> {EVIL}"),
                "> ```".to_string()
            ]
        );
        assert_eq!(inert(&format!("> > ~~~rust\n> > {EVIL}"))[0], "> > ~~~text");
        assert_eq!(inert(&format!(">```\n>{EVIL}\n>```"))[0], ">```text");
        assert_eq!(
            inert(&format!("> a\n>\n>     {EVIL}"))[2],
            format!("> {EVIL}")
        );
    }

    #[test]
    fn fences_in_list_items_become_text() {
        for marker in ["-", "*", "+", "1.", "2)", "10."] {
            let pad = " ".repeat(marker.len() + 1);
            let lines = inert(&format!("{marker} ```rust\n{pad}{EVIL}\n{pad}```"));
            assert_eq!(lines[0], format!("{marker} ```text"));
        }
        assert_eq!(
            inert(&format!("- a\n  - > ```\n    > {EVIL}\n    > ```"))[1],
            "  - > ```text"
        );
        assert_eq!(
            inert(&format!("- a\n\n  ~~~\n  {EVIL}\n  ~~~"))[2],
            "  ~~~text"
        );
        assert_eq!(
            inert(&format!("- [ ] task\n  ```\n  {EVIL}\n  ```"))[1],
            "  ```text"
        );
    }

    #[test]
    fn indented_code_in_list_items_and_footnotes_loses_its_indentation() {
        assert_eq!(inert(&format!("-     {EVIL}")), [format!("- {EVIL}")]);
        assert_eq!(inert(&format!("1.     {EVIL}")), [format!("1. {EVIL}")]);
        assert_eq!(
            inert(&format!("- a\n\n      {EVIL}"))[2],
            format!("  {EVIL}")
        );
        inert(&format!("[^1]: a\n\n        {EVIL}\n\nb[^1]"));
        inert(&format!("[^1]:\n    ```rust\n    {EVIL}\n    ```\n\nb[^1]"));
    }

    #[test]
    fn an_unclosed_fence_is_closed_and_text() {
        assert_eq!(inert(&format!("```rust\n{EVIL}")), ["```text", EVIL, "```"]);
        assert_eq!(inert("````"), ["````text", "````"]);
        assert_eq!(inert(&format!("~~~\n{EVIL}\n\n")), ["~~~text", EVIL, "~~~"]);
        // Four spaces make it content, not a closing fence.
        assert_eq!(inert("```\n    ```"), ["```text", "    ```", "```"]);
        // Inside a container the fence ends with the container.
        inert(&format!("> ```rust\n> {EVIL}"));
        inert(&format!("- ```rust\n  {EVIL}"));
    }

    #[test]
    fn pieces_that_are_inert_alone_are_inert_together() {
        // An unclosed fence of one piece would swallow the next piece's opening fence.
        let first = doc_lines("```\na");
        let second = vec!["```".to_string(), "```rust".to_string(), EVIL.to_string()];
        let together: Vec<String> = first.into_iter().chain(second).collect();
        let lines = inert_lines(&together);
        assert_eq!(runnable_code_blocks(&lines.join("\n")), 0, "{lines:?}");
        // A generated line does not become code below a list item.
        let lines = inert_lines(&["- a".to_string(), String::new(), format!("      {EVIL}")]);
        assert_eq!(runnable_code_blocks(&lines.join("\n")), 0, "{lines:?}");
    }

    #[test]
    fn every_one_of_many_blocks_becomes_inert_in_one_pass() {
        let text = (0..5_000)
            .map(|i| match i % 3 {
                0 => format!("```rust\n{EVIL}\n```"),
                1 => format!("> ~~~\n> {EVIL}\n> ~~~"),
                _ => format!("para\n\n    {EVIL}\n"),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let lines = inert(&text);
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.ends_with("```text") || l.ends_with("~~~text"))
                .count(),
            3_334
        );
        assert_eq!(lines.iter().filter(|l| l.ends_with(EVIL)).count(), 5_000);
    }

    #[test]
    fn line_endings_control_characters_and_tabs_are_normalised() {
        assert_eq!(
            inert(&format!("a\r\n```rust\r\n{EVIL}\r\n```\r\n")),
            ["a", "```text", EVIL, "```"]
        );
        // A lone carriage return is escaped, not a line break, so it cannot start a fence.
        assert_eq!(inert("a\r```rust"), [r"a\r```rust"]);
        assert_eq!(inert("a\u{0}b\u{1b}c"), [r"a\u{0}b\u{1b}c"]);
        assert_eq!(inert("a\tb"), ["a   b"]);
        assert_eq!(inert("\n\n  \n"), Vec::<String>::new());
    }

    #[test]
    fn text_without_code_is_kept_as_written() {
        let text = "Intro with `code` and ``a ` b``.\n\n- a\n  - nested\n    continued\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```text\nalready inert\n```";
        assert_eq!(inert(text).join("\n"), text);
        assert_eq!(inert("  a\n    b"), ["a", "  b"]);
    }

    #[test]
    fn the_fallback_holds_no_code_block_whatever_the_input() {
        let text = format!("```rust\n{EVIL}\n```\n\n    {EVIL}\n-     x\n>      y\n~~~\n\\```");
        let escaped = escape_everything(&normalise(&text));
        assert_eq!(runnable_code_blocks(&escaped), 0, "{escaped}");
        assert!(
            !escaped.contains("``") && !escaped.contains("  "),
            "{escaped}"
        );
    }

    const BASE: &str = "https://example.com";

    /// The text's doc lines with links resolved against [`BASE`], joined.
    fn resolved(text: &str) -> String {
        let lines = resolve_links(&doc_lines(text), Some(BASE));
        assert_eq!(runnable_code_blocks(&lines.join("\n")), 0, "{text:?}");
        lines.join("\n")
    }

    /// The text's doc lines as an item's docs without a base URL, joined.
    fn without_base(text: &str) -> String {
        inert_lines(&doc_lines(text)).join("\n")
    }

    #[test]
    fn relative_links_become_absolute_against_the_base_url() {
        assert_eq!(
            resolved("See [runs](/docs/api-reference/runs)."),
            "See [runs](https://example.com/docs/api-reference/runs)."
        );
        assert_eq!(resolved("[a](docs/x)"), "[a](https://example.com/docs/x)");
        assert_eq!(
            resolved("[a *b*][r]\n\n[r]: /docs/r"),
            "[a *b*](https://example.com/docs/r)"
        );
        assert_eq!(resolved("![i](/i.png)"), "![i](https://example.com/i.png)");
        assert_eq!(resolved("[a](</x y>)"), "[a](https://example.com/x%20y)");
        let base = resolve_links(&doc_lines("[a](/x)"), Some("https://example.com/"));
        assert_eq!(base, ["[a](https://example.com/x)"]);
    }

    #[test]
    fn absolute_links_are_kept_and_other_targets_become_text() {
        for kept in [
            "[a](https://x.org/a)",
            "[a](http://x.org)",
            "<https://x.org>",
            "[m](mailto:a@x.org)",
        ] {
            assert_eq!(resolved(kept), kept);
        }
        assert_eq!(resolved("[a](#frag) [b](javascript:alert(1))"), "a b");
        assert_eq!(resolved("[a](data:text/html,x)"), "a");
    }

    #[test]
    fn without_a_base_url_relative_links_become_their_text() {
        assert_eq!(
            without_base("See [runs](/docs/runs) and [x][r].\n\n[r]: /r"),
            "See runs and x."
        );
        assert_eq!(without_base("[`code` *em*](/a)"), "`code` *em*");
        assert_eq!(without_base("[a](https://x.org/a)"), "[a](https://x.org/a)");
        // Until the base is known, links are kept as written.
        assert_eq!(doc_lines("[a](/x)"), ["[a](/x)"]);
    }

    #[test]
    fn a_link_in_a_link_resolves_in_a_later_round() {
        assert_eq!(
            resolved("[![i](/i.png)](/docs)"),
            "[![i](/i.png)](https://example.com/docs)"
                .replace("(/i.png)", "(https://example.com/i.png)")
        );
        assert_eq!(without_base("[![i](/i.png)](/docs)"), "i");
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(
            without_base("The data is [DONE]."),
            r"The data is \[DONE\]."
        );
        assert_eq!(
            without_base("[a][missing] and [b][]"),
            r"\[a\]\[missing\] and \[b\]\[\]"
        );
        assert_eq!(
            without_base(r"already \[x\] and `[code]`"),
            r"already \[x\] and `[code]`"
        );
        assert_eq!(without_base("```text\n[x]\n```"), "```text\n[x]\n```");
        assert_eq!(without_base("- [ ] task [x]"), r"- [ ] task \[x\]");
        assert_eq!(without_base(r"\\[x]"), r"\\\[x\]");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            without_base("See https://x.org/a?b=1&c=2. Or (http://y.org)."),
            "See <https://x.org/a?b=1&c=2>. Or (<http://y.org>)."
        );
        assert_eq!(without_base("<https://x.org>"), "<https://x.org>");
        assert_eq!(
            without_base("[https://x.org](https://x.org)"),
            "[https://x.org](https://x.org)"
        );
        assert_eq!(without_base("`https://x.org`"), "`https://x.org`");
        assert_eq!(without_base("xhttps://x.org"), "xhttps://x.org");
    }

    #[test]
    fn stray_html_tags_are_escaped_and_balanced_inline_tags_kept() {
        assert_eq!(without_base("a <b>bold</b> b<br>c"), "a <b>bold</b> b<br>c");
        assert_eq!(without_base("an unclosed <b>tag"), r"an unclosed \<b>tag");
        assert_eq!(without_base("a list of Vec<T>"), r"a list of Vec\<T>");
        assert_eq!(
            without_base("</i> then <script>x</script>"),
            r"\</i> then \<script>x\</script>"
        );
        assert_eq!(
            without_base("<div>\nblock\n</div>"),
            "\\<div>\nblock\n\\</div>"
        );
        assert_eq!(without_base(r"not a tag: \<T>"), r"not a tag: \<T>");
    }

    #[test]
    fn an_html_block_made_text_never_leaves_a_runnable_block() {
        let lines = inert(&format!("<div>\n```rust\n{EVIL}\n```\n</div>"));
        let joined = lines.join("\n");
        assert!(joined.contains("```text"), "{joined}");
        assert!(joined.starts_with(r"\<div>"), "{joined}");
    }

    /// Every link target in `text` as rustdoc reads it (reference links included; a reference
    /// without a definition is reported as `broken:` since rustdoc would try it as a path).
    fn link_targets(text: &str) -> Vec<String> {
        let mut broken = Vec::new();
        let mut callback = |link: pulldown_cmark::BrokenLink<'_>| {
            broken.push(format!("broken:{}", link.reference));
            None
        };
        let mut targets: Vec<String> =
            Parser::new_with_broken_link_callback(text, rustdoc_options(), Some(&mut callback))
                .filter_map(|event| match event {
                    Event::Start(
                        Tag::Link {
                            dest_url,
                            link_type,
                            ..
                        }
                        | Tag::Image {
                            dest_url,
                            link_type,
                            ..
                        },
                    ) => Some(
                        if link_type == pulldown_cmark::LinkType::Autolink
                            || link_type == pulldown_cmark::LinkType::Email
                        {
                            format!("https://{dest_url}")
                        } else {
                            dest_url.to_string()
                        },
                    ),
                    _ => None,
                })
                .collect();
        targets.extend(broken);
        targets
    }

    /// Markdown with links, brackets, URLs and tags in any order.
    fn linkish() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "[",
            "]",
            "(",
            ")",
            "[a]",
            "[a](/docs/a)",
            "[b](docs/b)",
            "[c](#c)",
            "[d](https://x.org/d)",
            "![i](/i.png)",
            "[r][ref]",
            "[ref]",
            "\n[ref]: /docs/ref\n",
            "[^1]",
            "[DONE]",
            "https://x.org/p",
            "http://",
            "<https://x.org>",
            "<b>",
            "</b>",
            "<T>",
            "<br>",
            "<div>",
            "</div>",
            "<!--",
            "-->",
            "`",
            "```",
            "\\",
            "!",
            " ",
            "\n",
            "\n\n",
            "> ",
            "- ",
            "    ",
            "x",
            "fn main() {}",
            "<",
            ">",
            "&lt;",
            "*",
            "_",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    /// Markdown-ish text: fences, indentation, container markers, info strings and line breaks
    /// in any order.
    fn markdownish() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "```",
            "~~~",
            "````",
            "`",
            "~",
            "``",
            " ",
            "  ",
            "   ",
            "    ",
            "\t",
            "\n",
            "\n",
            "\n",
            "\r\n",
            "\r",
            "> ",
            ">",
            "- ",
            "* ",
            "1. ",
            "2) ",
            "+ ",
            "[^1]: ",
            "[^1]",
            "rust",
            "text",
            "should_panic",
            ",ignore",
            "{.rust}",
            "fn main() {}",
            "x",
            "| a |",
            "---",
            "<pre>",
            "\\",
            "#",
            "\u{0}",
            "é",
        ]);
        prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512)
        ))]

        #[test]
        fn random_markdown_never_yields_a_runnable_doctest(text in markdownish()) {
            let lines = doc_lines(&text);
            let joined = lines.join("\n");
            prop_assert_eq!(runnable_code_blocks(&joined), 0, "{:?} became {:?}", text, joined);
            // The rewrite settles by itself (the fallback is only a safety net).
            let normal = normalise(&text);
            prop_assert!(normal.is_empty() || rewrite(&normal).is_some_and(|t| runnable_code_blocks(&t) == 0), "{:?}", text);
            prop_assert!(lines.is_empty() || lines.iter().any(|l| !l.is_empty() && !l.starts_with(' ')));
            prop_assert!(lines.iter().all(|l| !l.contains(|c: char| c.is_control())));
            // Made inert once, the text stays as it is when a whole item's docs are checked.
            prop_assert_eq!(inert_lines(&lines), lines);
        }

        #[test]
        fn random_markdown_with_links_keeps_only_absolute_links_and_no_doctest(text in linkish()) {
            for lines in [resolve_links(&doc_lines(&text), Some(BASE)), inert_lines(&doc_lines(&text))] {
                let joined = lines.join("\n");
                prop_assert_eq!(runnable_code_blocks(&joined), 0, "{:?} became {:?}", text, joined);
                for target in link_targets(&joined) {
                    prop_assert!(is_absolute(&target), "{:?} became {:?}: link {:?}", text, joined, target);
                }
                // Made clean once, the text stays as it is.
                prop_assert_eq!(inert_lines(&lines), lines.clone());
                prop_assert_eq!(resolve_links(&lines, Some(BASE)), lines);
            }
        }

        #[test]
        fn text_that_skips_the_parser_has_no_code_block(text in markdownish()) {
            let normal = normalise(&text);
            if !may_hold_code(&normal) {
                prop_assert_eq!(runnable_code_blocks(&normal), 0, "{:?}", normal);
            }
        }

        #[test]
        fn random_markdown_escaped_for_the_fallback_has_no_code_block(text in markdownish()) {
            let escaped = escape_everything(&normalise(&text));
            prop_assert_eq!(runnable_code_blocks(&escaped), 0, "{:?} became {:?}", text, escaped);
        }
    }
}
