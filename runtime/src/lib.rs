//! The runtime of every crate `cargo xtask generate` writes: what generated code needs at run
//! time, generic over the API. It depends on nothing generated.
//!
//! - Types: [`Nullable`], [`Extra`], [`validate`], and the serde plumbing of the
//!   generated types ([`codec`], not part of the public API).
//! - The client (feature `client`, on by default): [`Client`] with its [`ClientBuilder`] and
//!   [`Config`], per-request [`RequestOptions`], errors ([`Error`], generic over the API's error body), retries, timeouts,
//!   server-sent events ([`EventStream`], generic over the event type) and cursor
//!   [`pagination`].
//!
//! A generated client tells the runtime about its API through [`Api`]: a constant [`ApiSpec`]
//! (its server, environment variables and authentication) and its error body type. It wraps a
//! [`Client`] in a struct of its own whose methods are the API's operations.
#![warn(missing_debug_implementations)]

#[doc(hidden)]
pub mod codec;
pub mod extra;
mod nullable;
#[doc(hidden)]
pub mod object;
pub mod validate;

#[cfg(feature = "client")]
pub mod body;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "client")]
pub mod options;
#[cfg(feature = "client")]
pub mod pagination;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "client")]
pub mod sse;
#[cfg(feature = "client")]
mod stream;

pub use extra::Extra;
pub use nullable::Nullable;
pub use object::IntoObject;
/// The derives of generated types: a type states its facts (JSON keys, constraints, tags) in
/// `#[api(...)]` attributes; the derive writes serde, builders and `validate()`.
pub use openapi_derive::{Object, StringEnum, Union};
pub use validate::{Validate, ValidationError, Violation};

#[cfg(feature = "client")]
pub use body::{Body, FilePart, FormArrays, Multipart};
#[cfg(feature = "client")]
pub use client::{Api, ApiSpec, ByteStream, Client, ClientBuilder, Config, RequestSpec, Streaming};
#[cfg(feature = "client")]
pub use error::{
    ApiFailure, DecodeFailure, Error, PaginationStall, RedirectFailure, StreamFailure,
};
#[cfg(feature = "client")]
pub use options::RequestOptions;
#[cfg(feature = "client")]
pub use stream::{EventStream, ServerEvent};

#[cfg(feature = "client")]
pub use bytes::Bytes;
/// Re-exported for generated code and its users: the HTTP method of a [`RequestSpec`], the
/// status of an [`Error`], the `Stream` trait of [`EventStream`] and of paginated items.
#[cfg(feature = "client")]
pub use futures_core::Stream;
#[cfg(feature = "client")]
pub use reqwest::{Method, StatusCode};
