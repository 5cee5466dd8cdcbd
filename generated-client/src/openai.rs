//! OpenAI's own client headers, on top of the generic [`ClientBuilder`]. `from_env` also reads
//! them, from `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID` (the generator's `env_header` settings).

use crate::ClientBuilder;

impl ClientBuilder {
    /// Bills the requests to this organization (`OpenAI-Organization`).
    pub fn organization(self, id: impl Into<String>) -> Self {
        self.header("OpenAI-Organization", id)
    }

    /// Bills the requests to this project (`OpenAI-Project`).
    pub fn project(self, id: impl Into<String>) -> Self {
        self.header("OpenAI-Project", id)
    }
}
