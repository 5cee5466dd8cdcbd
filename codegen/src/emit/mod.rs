//! Stage 4: model → token streams, one per output file.

pub mod client;
pub mod types;
