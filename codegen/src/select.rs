//! Which operations of the OpenAPI documents are generated (`Settings::select_tag`,
//! `Settings::select_operation`, `Settings::exclude_operation`). The OpenAPI reader skips the
//! operations a selection leaves out; `lib.rs` then keeps only the component schemas the
//! selected operations reach.

use crate::diagnostics::{Error, Loc};

/// Tags and operationIds to generate, and operationIds to leave out. Empty, it selects every
/// operation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Selection {
    pub tags: Vec<String>,
    pub operations: Vec<String>,
    pub excluded: Vec<String>,
}

/// An operation of a document as the selection sees it: its `operationId` and `tags`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Listed {
    pub id: Option<String>,
    pub tags: Vec<String>,
}

impl Listed {
    /// The `operationId` and `tags` of an Operation Object.
    pub fn of(op: &serde_json::Map<String, serde_json::Value>) -> Self {
        let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
        Self {
            id: op.get("operationId").and_then(text),
            tags: op
                .get("tags")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(text)
                .collect(),
        }
    }
}

impl Selection {
    /// Whether the selection leaves nothing out.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty() && self.excluded.is_empty()
    }

    /// Whether the operation is generated: it has a selected tag or its operationId is selected
    /// (or nothing is, only left out), and it is not left out.
    pub fn selects(&self, op: &Listed) -> bool {
        let included = (self.tags.is_empty() && self.operations.is_empty())
            || op.tags.iter().any(|t| self.tags.contains(t))
            || op
                .id
                .as_ref()
                .is_some_and(|id| self.operations.contains(id));
        included && !op.id.as_ref().is_some_and(|id| self.excluded.contains(id))
    }

    /// Checks the selection against every operation of the documents (`at`: where they are):
    /// each tag and operationId it names must exist (an error names the first unknown one and
    /// the nearest existing name), and it must select at least one operation.
    pub fn check(&self, listed: &[Listed], at: &Loc) -> Result<(), Error> {
        if self.is_empty() {
            return Ok(());
        }
        if listed.is_empty() {
            return Err(Error::schema(
                &Loc::new(at.file.clone(), ""),
                "operations are selected (by tag or operationId), but the input has no operations",
                "a selection applies to OpenAPI documents with `paths`; JSON Schema input generates all its schemas, so leave the selection out",
            ));
        }
        let mut tags: Vec<&str> = listed
            .iter()
            .flat_map(|op| op.tags.iter().map(String::as_str))
            .collect();
        tags.sort_unstable();
        tags.dedup();
        let ids: Vec<&str> = listed.iter().filter_map(|op| op.id.as_deref()).collect();
        for tag in &self.tags {
            if !tags.contains(&tag.as_str()) {
                return Err(unknown(at, "tag", tag, &tags));
            }
        }
        for id in self.operations.iter().chain(&self.excluded) {
            if !ids.contains(&id.as_str()) {
                return Err(unknown(at, "operationId", id, &ids));
            }
        }
        if !listed.iter().any(|op| self.selects(op)) {
            return Err(Error::schema(
                at,
                "the selection leaves no operation to generate: every selected operation is excluded",
                "exclude fewer operations, or select more",
            ));
        }
        Ok(())
    }
}

/// No operation has the `what` (tag, operationId) `name`.
fn unknown(at: &Loc, what: &str, name: &str, known: &[&str]) -> Error {
    let hint = match near_miss(name, known) {
        Some(near) => format!("did you mean `{near}`?"),
        None if known.is_empty() => format!("no operation of the input has a {what}"),
        None => format!(
            "select one of the input's {what}s: {}",
            shortlist(known).join(", ")
        ),
    };
    Error::schema(at, format!("no operation has the {what} `{name}`"), hint)
}

/// The known name most like `name` (ignoring case), if one is close enough to be a slip.
pub(crate) fn near_miss<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let name = name.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&name, &k.to_lowercase()), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// At most ten names, quoted, and how many more there are.
fn shortlist(known: &[&str]) -> Vec<String> {
    let mut list: Vec<String> = known.iter().take(10).map(|k| format!("`{k}`")).collect();
    if known.len() > 10 {
        list.push(format!("and {} more", known.len() - 10));
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: &str, tags: &[&str]) -> Listed {
        Listed {
            id: Some(id.to_string()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn listed() -> Vec<Listed> {
        vec![
            op("createAssistant", &["Assistants"]),
            op("listFiles", &["Files"]),
            op("createVectorStore", &["Vector stores"]),
        ]
    }

    fn check(selection: Selection) -> String {
        let at = Loc::new("openapi.yaml", "/paths");
        selection
            .check(&listed(), &at)
            .map_err(|e| e.to_string())
            .unwrap_err()
    }

    #[test]
    fn an_unknown_tag_is_an_error_naming_it_and_the_nearest_tag() {
        let err = check(Selection {
            tags: vec!["Files".into(), "vector store".into()],
            ..Selection::default()
        });
        assert_eq!(
            err,
            "error: no operation has the tag `vector store`\n  --> openapi.yaml#/paths\n  = hint: did you mean `Vector stores`?"
        );
    }

    #[test]
    fn an_unknown_operation_id_is_an_error_naming_it_and_the_nearest_id() {
        let err = check(Selection {
            operations: vec!["createAsistant".into()],
            ..Selection::default()
        });
        assert!(
            err.starts_with("error: no operation has the operationId `createAsistant`\n"),
            "{err}"
        );
        assert!(
            err.ends_with("hint: did you mean `createAssistant`?"),
            "{err}"
        );
        let err = check(Selection {
            excluded: vec!["deleteEverything".into()],
            ..Selection::default()
        });
        assert!(
            err.contains("no operation has the operationId `deleteEverything`"),
            "{err}"
        );
        assert!(
            err.ends_with("hint: select one of the input's operationIds: `createAssistant`, `listFiles`, `createVectorStore`"),
            "{err}"
        );
    }

    #[test]
    fn a_selection_that_leaves_nothing_or_finds_no_operations_is_an_error() {
        let err = check(Selection {
            tags: vec!["Files".into()],
            excluded: vec!["listFiles".into()],
            ..Selection::default()
        });
        assert!(err.contains("leaves no operation to generate"), "{err}");
        let err = Selection {
            tags: vec!["Files".into()],
            ..Selection::default()
        }
        .check(&[], &Loc::new("schema.json", ""))
        .unwrap_err()
        .to_string();
        assert!(err.contains("the input has no operations"), "{err}");
    }

    #[test]
    fn tags_and_operation_ids_add_up_and_exclusions_take_away() {
        let selection = Selection {
            tags: vec!["Assistants".into()],
            operations: vec!["listFiles".into()],
            excluded: vec!["createAssistant".into()],
        };
        let chosen: Vec<String> = listed()
            .into_iter()
            .filter(|op| selection.selects(op))
            .filter_map(|op| op.id)
            .collect();
        assert_eq!(chosen, ["listFiles"]);
        let by_tag = Selection {
            tags: vec!["Assistants".into(), "Files".into()],
            ..Selection::default()
        };
        let chosen: Vec<String> = listed()
            .into_iter()
            .filter(|op| by_tag.selects(op))
            .filter_map(|op| op.id)
            .collect();
        assert_eq!(chosen, ["createAssistant", "listFiles"]);
        let only_excluded = Selection {
            excluded: vec!["listFiles".into()],
            ..Selection::default()
        };
        assert!(only_excluded.selects(&op("createAssistant", &[])));
        assert!(!only_excluded.selects(&op("listFiles", &["Files"])));
        assert!(Selection::default().selects(&op("anything", &[])));
        assert!(Selection::default()
            .check(&[], &Loc::new("schema.json", ""))
            .is_ok());
    }
}
