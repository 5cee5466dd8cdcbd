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

impl Store {
    /// Resolves a `$ref` written in `from.file`: `#/p`, `other.json`, `other.json#/p`, with
    /// `..` and `.` segments. The target must exist.
    pub fn resolve(&self, from: &Loc, reference: &str) -> Result<Loc, Error> {
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
        if self.get(&target).is_none() {
            let what = if self.has_file(&target.file) {
                "no such location"
            } else {
                "no such file"
            };
            return Err(Error::schema(
                from,
                format!("dangling `$ref: {reference}` ({what}: {target})"),
                "point the reference at an existing file and JSON Pointer, relative to the referring file",
            ));
        }
        Ok(target)
    }
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
