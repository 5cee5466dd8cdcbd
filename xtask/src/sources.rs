//! Reading the input: the entry documents and the files their `$ref`s reach, nothing else.
//!
//! Every `--input` has a root folder (the folder itself, or the folder of the file). Only
//! regular files whose real path (symlinks resolved) lies inside that root are read; a FIFO,
//! socket or device is refused from its metadata, before anything opens it (opening a FIFO
//! blocks). Which files are read is decided by the generator's pure
//! [`codegen::references`]: read the entries, ask for the files they reference, read
//! those (with their `x.patch.json` siblings), ask again, until nothing new is referenced.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::PATCH_SUFFIX;
use codegen::{Inputs, Loc};

/// What `--input` arguments name: the files the generator reads and its entry documents.
#[derive(Debug)]
pub struct Sources {
    pub inputs: Inputs,
    pub entries: Vec<String>,
}

/// Why the input could not be read.
#[derive(Debug)]
pub enum InputError {
    /// The file system refused: the path and its error.
    Io { path: PathBuf, source: io::Error },
    /// A path the generator will not read: why, and the `$ref` that leads to it, if any.
    Refused {
        path: PathBuf,
        reason: String,
        referenced_from: Option<Loc>,
    },
    /// A document that does not parse, or a `$ref` that may not be followed.
    Schema(codegen::Error),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, source } => {
                write!(f, "error: cannot read {}: {source}", path.display())
            }
            Self::Refused {
                path,
                reason,
                referenced_from,
            } => {
                write!(f, "error: {}: {reason}", path.display())?;
                match referenced_from {
                    Some(loc) => write!(f, "\n  --> {loc}"),
                    None => Ok(()),
                }
            }
            Self::Schema(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for InputError {}

const OPENAPI_NAMES: &[&str] = &["openapi.json", "openapi.yaml", "openapi.yml"];

fn is_schema_file(name: &str) -> bool {
    [".json", ".yaml", ".yml"]
        .iter()
        .any(|extension| name.ends_with(extension))
}

/// One `--input`: the folder (canonical) that its files must stay inside, and the prefix its
/// files get in [`Inputs`].
struct Root {
    dir: PathBuf,
    prefix: String,
}

impl Root {
    /// The file `relative` (`/`-separated, inside the root), if it exists. A path that leads
    /// out of the root (through a symlink) or to anything but a regular file is refused.
    fn read(&self, relative: &str, from: Option<&Loc>) -> Result<Option<String>, InputError> {
        let path = relative
            .split('/')
            .fold(self.dir.clone(), |path, segment| path.join(segment));
        let refused = |reason: String| InputError::Refused {
            path: path.clone(),
            reason,
            referenced_from: from.cloned(),
        };
        let real = match fs::canonicalize(&path) {
            Ok(real) => real,
            // A missing file is the generator's to report (a dangling `$ref`, with its pointer).
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(InputError::Io { path, source }),
        };
        if !real.starts_with(&self.dir) {
            return Err(refused(format!(
                "leads out of the input folder {} (to {}); only files inside it are read",
                self.dir.display(),
                real.display()
            )));
        }
        read_regular_file(&real).map(Some).map_err(|e| match e {
            ReadError::NotRegular(kind) => refused(format!(
                "is {kind}, not a regular file; only regular files are read"
            )),
            ReadError::Io(source) => InputError::Io {
                path: path.clone(),
                source,
            },
        })
    }
}

enum ReadError {
    NotRegular(&'static str),
    Io(io::Error),
}

/// Reads a regular file as UTF-8 text. The metadata is checked before the file is opened, so a
/// FIFO is never opened (which would block); a file swapped for something else between the
/// check and the open is caught by the second check on the open handle (on Unix the open is
/// non-blocking, so a FIFO swapped in cannot hang it either).
fn read_regular_file(path: &Path) -> Result<String, ReadError> {
    let kind = |metadata: &fs::Metadata| {
        let file_type = metadata.file_type();
        if file_type.is_file() {
            None
        } else if file_type.is_dir() {
            Some("a folder")
        } else {
            Some("a FIFO, socket or device")
        }
    };
    let metadata = fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(kind) = kind(&metadata) {
        return Err(ReadError::NotRegular(kind));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(ReadError::Io)?;
    if let Some(kind) = kind(&file.metadata().map_err(ReadError::Io)?) {
        return Err(ReadError::NotRegular(kind));
    }
    io::read_to_string(file).map_err(ReadError::Io)
}

/// Reads each `--input`: a file (an OpenAPI document or a JSON Schema) or a folder (its
/// `openapi.{json,yaml,yml}` if it has one, else every schema file in it, in subfolders too),
/// then the files their `$ref`s reach, transitively, and the `x.patch.json` beside every
/// `x.json` that is read. Nothing else is read. Several inputs are kept apart under `input1/`,
/// `input2/`, ...; a `$ref` may not cross from one to another.
pub fn read_sources(paths: &[PathBuf]) -> Result<Sources, InputError> {
    let mut reader = Reader {
        inputs: Inputs::default(),
        pending: Vec::new(),
        tried: BTreeSet::new(),
        roots: Vec::new(),
    };
    let mut entries = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let prefix = if paths.len() == 1 {
            String::new()
        } else {
            format!("input{}/", i + 1)
        };
        let io_error = |source| InputError::Io {
            path: path.clone(),
            source,
        };
        // The input itself may be a symlink: the user named it.
        let real = fs::canonicalize(path).map_err(io_error)?;
        let metadata = fs::metadata(&real).map_err(io_error)?;
        let root = if metadata.is_dir() {
            real.clone()
        } else if metadata.is_file() {
            real.parent().expect("a file has a folder").to_path_buf()
        } else {
            return Err(InputError::Refused {
                path: path.clone(),
                reason: "is a FIFO, socket or device; --input takes a file or a folder".into(),
                referenced_from: None,
            });
        };
        reader.roots.push(Root {
            dir: root,
            prefix: prefix.clone(),
        });
        let root = reader.roots.len() - 1;
        if metadata.is_file() {
            let name = real
                .file_name()
                .expect("a file has a name")
                .to_string_lossy()
                .to_string();
            reader.read(root, &name, None)?;
            entries.push(format!("{prefix}{name}"));
        } else if let Some(name) = OPENAPI_NAMES
            .iter()
            .find(|name| fs::symlink_metadata(real.join(name)).is_ok())
        {
            reader.read(root, name, None)?;
            entries.push(format!("{prefix}{name}"));
        } else {
            let files = schema_files(&real)?;
            if files.iter().all(|f| f.ends_with(PATCH_SUFFIX)) {
                return Err(InputError::Refused {
                    path: path.clone(),
                    reason: "has no JSON Schema or OpenAPI file (.json, .yaml, .yml): nothing to generate".into(),
                    referenced_from: None,
                });
            }
            for relative in files {
                reader.read(root, &relative, None)?;
                if !relative.ends_with(PATCH_SUFFIX) {
                    entries.push(format!("{prefix}{relative}"));
                }
            }
        }
    }
    reader.follow_references()?;
    Ok(Sources {
        inputs: reader.inputs,
        entries,
    })
}

/// Every `.json`, `.yaml` and `.yml` file below `dir` (regular files inside it only), keyed by
/// its path relative to `dir`: all of `schemas/`, for tests that use files the project's
/// `openapi.json` does not reference.
pub fn read_folder(dir: &Path) -> Result<Inputs, InputError> {
    let dir = fs::canonicalize(dir).map_err(|source| InputError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let root = Root {
        dir,
        prefix: String::new(),
    };
    let mut inputs = Inputs::default();
    for relative in schema_files(&root.dir)? {
        if let Some(text) = root.read(&relative, None)? {
            inputs.add(relative, text);
        }
    }
    Ok(inputs)
}

struct Reader {
    inputs: Inputs,
    /// The files read since their references were last listed.
    pending: Vec<String>,
    /// Every file (key in `inputs`) read or looked for.
    tried: BTreeSet<String>,
    roots: Vec<Root>,
}

impl Reader {
    /// Reads `relative` of root `root` (and the patch beside it), once.
    fn read(&mut self, root: usize, relative: &str, from: Option<&Loc>) -> Result<(), InputError> {
        let key = format!("{}{relative}", self.roots[root].prefix);
        if !self.tried.insert(key.clone()) {
            return Ok(());
        }
        if let Some(text) = self.roots[root].read(relative, from)? {
            self.inputs.add(key.clone(), text);
            self.pending.push(key);
        }
        if let Some(stem) = [".json", ".yaml", ".yml"]
            .iter()
            .find_map(|ext| relative.strip_suffix(ext))
            .filter(|_| !relative.ends_with(PATCH_SUFFIX))
        {
            self.read(root, &format!("{stem}{PATCH_SUFFIX}"), from)?;
        }
        Ok(())
    }

    /// Reads what the files read so far reference, until nothing new is referenced. Each round
    /// lists the references of the files read in the round before (with the documents their
    /// patches apply to), so every file is parsed here once.
    fn follow_references(&mut self) -> Result<(), InputError> {
        while !self.pending.is_empty() {
            let mut round = Inputs::default();
            for key in std::mem::take(&mut self.pending) {
                if let Some(stem) = key.strip_suffix(PATCH_SUFFIX) {
                    for target in codegen::patch_targets(stem) {
                        if let Some(text) = self.inputs.files.get(&target) {
                            round.add(target, text.clone());
                        }
                    }
                }
                round.add(key.clone(), self.inputs.files[&key].clone());
            }
            for reference in codegen::references(&round).map_err(InputError::Schema)? {
                let root = self
                    .roots
                    .iter()
                    .rposition(|r| reference.from.file.starts_with(&r.prefix))
                    .expect("every file belongs to an input");
                let prefix = &self.roots[root].prefix;
                let Some(relative) = reference.file.strip_prefix(prefix.as_str()) else {
                    return Err(InputError::Schema(codegen::Error::schema(
                        &reference.from,
                        format!(
                            "this `$ref` leads out of its input folder (to `{}`)",
                            reference.file
                        ),
                        "each --input is read on its own; refer only to files inside its folder",
                    )));
                };
                // Other files are never parsed, so they are not read either: the `$ref` is
                // reported as dangling if it is followed.
                if is_schema_file(relative) {
                    let relative = relative.to_string();
                    self.read(root, &relative, Some(&reference.from))?;
                }
            }
        }
        Ok(())
    }
}

/// The `.json`, `.yaml` and `.yml` files below `dir` (in subfolders too, symlinked folders not
/// followed), relative to `dir` with `/` separators, sorted. What they are (regular files
/// inside `dir`) is checked when they are read.
fn schema_files(dir: &Path) -> Result<Vec<String>, InputError> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let io_error = |source| InputError::Io {
            path: current.clone(),
            source,
        };
        for entry in fs::read_dir(&current).map_err(io_error)? {
            let entry = entry.map_err(io_error)?;
            let path = entry.path();
            if entry.file_type().map_err(io_error)?.is_dir() {
                stack.push(path);
            } else if is_schema_file(&entry.file_name().to_string_lossy()) {
                let relative = path
                    .strip_prefix(dir)
                    .expect("below dir")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push(relative);
            }
        }
    }
    files.sort();
    Ok(files)
}
