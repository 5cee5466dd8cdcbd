//! OpenAI's own client headers, on top of the generic [`ClientBuilder`]. `from_env` also reads
//! them, from `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID` (the generator's `env_header` settings).

use crate::ClientBuilder;

/// OpenAI's organization and project headers as [`ClientBuilder`] methods:
/// `Client::builder().organization("org_...")` with this trait in scope
/// (`use openai_assistants::OpenAiHeaders as _;`).
pub trait OpenAiHeaders {
    /// Bills the requests to this organization (`OpenAI-Organization`).
    fn organization(self, id: impl Into<String>) -> Self;

    /// Bills the requests to this project (`OpenAI-Project`).
    fn project(self, id: impl Into<String>) -> Self;
}

impl OpenAiHeaders for ClientBuilder {
    fn organization(self, id: impl Into<String>) -> Self {
        self.header("OpenAI-Organization", id)
    }

    fn project(self, id: impl Into<String>) -> Self {
        self.header("OpenAI-Project", id)
    }
}
