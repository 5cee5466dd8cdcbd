//! The one place a `$ref` is followed.
//!
//! [`Store::resolve`] turns one reference, written at some location, into the location it
//! points to (relative files, JSON Pointers, percent-encoding; never out of the input folder,
//! never a URL). [`follow`] walks a chain of references to where it ends, with the one cycle
//! rule every stage uses: a location met twice on one chain is an error naming where the chain
//! started. Chains of any length that end somewhere resolve.

use crate::diagnostics::{Error, Loc};
use crate::load::Store;

/// One link of a `$ref` chain, as the caller's `step` sees it.
pub(crate) enum Step<T> {
    /// The location holds a reference to this location.
    Ref(Loc),
    /// The chain ends here.
    Done(T),
}

/// Follows the `$ref` chain that starts at `start` (referenced from `from`): `step` looks at
/// each location and says where it points or what it ends with. `what` names what a chain must
/// end at, for the error on a cycle.
pub(crate) fn follow<T>(
    from: &Loc,
    start: Loc,
    what: &str,
    mut step: impl FnMut(&Loc) -> Result<Step<T>, Error>,
) -> Result<T, Error> {
    let mut seen = std::collections::BTreeSet::new();
    let mut loc = start;
    loop {
        if !seen.insert(loc.clone()) {
            return Err(Error::schema(
                from,
                format!("cyclic `$ref` chain through {loc}: a cycle of `$ref`s that never reaches {what}"),
                format!("a reference must lead to {what}, not only to other references"),
            ));
        }
        match step(&loc)? {
            Step::Ref(next) => loc = next,
            Step::Done(done) => return Ok(done),
        }
    }
}

/// How many `$ref`s a JSON Pointer may pass through on its way (`#/a/b` where `a` is a `$ref`,
/// whose target is a `$ref`, ...) before the pointer counts as dangling.
const MAX_REFS_IN_POINTER: usize = 32;

/// Where a document keeps its named schemas.
const DEFINITIONS: &[&str] = &["/definitions", "/$defs", "/components/schemas"];

impl Store {
    /// Resolves a `$ref` written in `from.file`: `#/p`, `other.json`, `other.json#/p`, with
    /// `..` and `.` segments. The target must exist, as real documents use pointers:
    ///
    /// - a pointer that passes through another `$ref` on its way (`#/definitions/a/properties/b`
    ///   where `a` is a `$ref`) follows it;
    /// - a dangling pointer whose last segment names exactly one definition of the document
    ///   (`definitions`, `$defs`, `components/schemas`) resolves to it, with a warning naming
    ///   both pointers (`#/components/schemas/Pet` in a document that has `#/definitions/Pet`);
    /// - otherwise it is an error, which names the definition it may have meant.
    pub fn resolve(&self, from: &Loc, reference: &str) -> Result<Loc, Error> {
        self.resolve_within(from, reference, 0)
    }

    fn resolve_within(&self, from: &Loc, reference: &str, depth: usize) -> Result<Loc, Error> {
        let (_, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let file = referenced_file(from, reference)?.unwrap_or_else(|| from.file.clone());
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(Error::schema(
                from,
                format!("`$ref: {reference}` has a fragment that is not a JSON Pointer"),
                "write `#/path/to/schema`",
            ));
        }
        let target = Loc::new(file, percent_decode(pointer));
        if self.get(&target).is_some() {
            return Ok(target);
        }
        if !self.has_file(&target.file) {
            return Err(Error::schema(
                from,
                format!("dangling `$ref: {reference}` (no such file: {target})"),
                "point the reference at an existing file and JSON Pointer, relative to the referring file",
            ));
        }
        if depth < MAX_REFS_IN_POINTER {
            if let Some(found) = self.through_refs(&target, depth) {
                return Ok(found);
            }
        }
        let name = last_segment(&target);
        let definitions = self.definitions(&target.file);
        let named: Vec<&Loc> = definitions
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, loc)| loc)
            .collect();
        if let [only] = named.as_slice() {
            let warning = crate::diagnostics::Warning {
                loc: from.clone(),
                kind: crate::diagnostics::WarningKind::RefResolvedByName,
                message: format!(
                    "dangling `$ref: {reference}` ({target} does not exist) read as `#{}`, the one definition named `{name}`",
                    only.pointer
                ),
                hint: format!("point the reference at `#{}`", only.pointer),
            };
            self.notes
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(warning);
            return Ok((*only).clone());
        }
        let hint = match near_miss(&name, &definitions) {
            _ if named.len() > 1 => format!(
                "{} definitions are named `{name}` ({}): point the reference at one of them",
                named.len(),
                named
                    .iter()
                    .map(|l| format!("`#{}`", l.pointer))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some(near) => format!("did you mean `#{}`?", near.pointer),
            None => "point the reference at an existing file and JSON Pointer, relative to the referring file".to_string(),
        };
        Err(Error::schema(
            from,
            format!("dangling `$ref: {reference}` (no such location: {target})"),
            hint,
        ))
    }

    /// `target` read as a pointer that passes through `$ref`s: each step that does not exist
    /// is looked up in the target of the `$ref` beside it.
    fn through_refs(&self, target: &Loc, depth: usize) -> Option<Loc> {
        let mut at = Loc::new(target.file.clone(), "");
        for token in target.pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            let mut seen = std::collections::BTreeSet::new();
            loop {
                let value = self.get(&at)?;
                let child = at.child(&token);
                if self.get(&child).is_some() {
                    at = child;
                    break;
                }
                let reference = value.get("$ref").and_then(serde_json::Value::as_str)?;
                if !seen.insert(at.clone()) {
                    return None;
                }
                at = self.resolve_within(&at, reference, depth + 1).ok()?;
            }
        }
        Some(at)
    }

    /// Whether `reference` (written at `from`) is dangling in a document that exists and names
    /// nothing like it: no definition has its last segment's name or one a typo away. Such a
    /// reference is read as any JSON value with a warning (typify's `extension-schema.json`
    /// points at a `#/definitions/Schema` it never defines); a near miss stays an error.
    pub fn names_nothing(&self, from: &Loc, reference: &str) -> bool {
        let (_, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let Ok(file) = referenced_file(from, reference) else {
            return false;
        };
        let target = Loc::new(
            file.unwrap_or_else(|| from.file.clone()),
            percent_decode(pointer),
        );
        if !pointer.starts_with('/') || self.get(&target).is_some() || !self.has_file(&target.file)
        {
            return false;
        }
        if self.through_refs(&target, 0).is_some() {
            return false;
        }
        let name = last_segment(&target);
        let definitions = self.definitions(&target.file);
        !definitions.iter().any(|(n, _)| *n == name) && near_miss(&name, &definitions).is_none()
    }

    /// The definitions of `file` by name, in the order of [`DEFINITIONS`].
    fn definitions(&self, file: &str) -> Vec<(String, Loc)> {
        let mut out = Vec::new();
        for container in DEFINITIONS {
            let loc = Loc::new(file, *container);
            if let Some(serde_json::Value::Object(map)) = self.get(&loc) {
                out.extend(map.keys().map(|name| (name.clone(), loc.child(name))));
            }
        }
        out
    }
}

/// The last JSON Pointer token of `target`, unescaped: the name a dangling pointer means.
fn last_segment(target: &Loc) -> String {
    target
        .pointer
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~")
}

/// The definition whose name is closest to `name` (a typo or a case away), if one is close.
fn near_miss<'a>(name: &str, definitions: &'a [(String, Loc)]) -> Option<&'a Loc> {
    let lower = name.to_lowercase();
    definitions
        .iter()
        .map(|(n, loc)| (strsim::levenshtein(&lower, &n.to_lowercase()), loc))
        .filter(|(distance, _)| *distance <= (name.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, loc)| loc)
}

/// The file a `$ref` written at `from` points to, relative to the input root; `None` for a
/// reference into the same document (`#/...`).
pub(crate) fn referenced_file(from: &Loc, reference: &str) -> Result<Option<String>, Error> {
    let file_part = reference.split_once('#').map_or(reference, |(f, _)| f);
    // A URI reference: `%2e%2e/` is `../`, `my%20file.json` is `my file.json`.
    let file_part = &percent_decode(file_part);
    if file_part.is_empty() {
        return Ok(None);
    }
    let refuse = |why: &str, hint: &str| {
        Err(Error::schema(
            from,
            format!("`$ref: {reference}` {why}"),
            hint,
        ))
    };
    if has_scheme(file_part) {
        return refuse(
            "is a URL: remote references are never fetched",
            "download the document into the input folder and refer to it by a relative path",
        );
    }
    if file_part.starts_with('/') || file_part.starts_with('\\') {
        return refuse(
            "is an absolute path",
            "refer to files by paths relative to the referring file, inside the input folder",
        );
    }
    let last = file_part.rsplit('/').next().unwrap_or_default();
    match join(&from.file, file_part) {
        Some(_) if matches!(last, "" | "." | "..") => {
            refuse("names a folder, not a file", "refer to a JSON or YAML file")
        }
        Some(file) => Ok(Some(file)),
        None => refuse(
            "leaves the input folder",
            "only files inside the input folder are read; copy the file in and refer to it from there",
        ),
    }
}

/// Whether a reference starts with a URI scheme (`https:`, `file:`, `urn:`, `C:`).
fn has_scheme(reference: &str) -> bool {
    let Some((scheme, _)) = reference.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `relative` resolved against the folder of `from_file`; `None` when `..` climbs above the
/// input root.
fn join(from_file: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_file.split('/').collect();
    parts.pop();
    for segment in relative.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(pointer: &str) -> String {
    if !pointer.contains('%') {
        return pointer.to_string();
    }
    let bytes = pointer.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
