//! Stage 4: model → tokens for the operations: the API's `Client` (a struct around the runtime
//! crate `openapi-runtime`), one method per operation, a `*_stream` method for
//! operations that can stream server-sent events, and a `*_all` method that follows cursor
//! pagination. Generated code reaches the runtime through its public API only.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc_attrs;
use crate::model::{
    FormField, Model, MultipartForm, Operation, Presence, RequestMedia, Response, Segment, Tagging,
    TypeKind,
};
use crate::naming;

pub fn operations(model: &Model) -> TokenStream {
    let api = api(model);
    let methods = model.operations.iter().map(operation);
    // Imported only when used (an unused import is a warning in the user's crate): `Validate`
    // to check bodies and queries. Types are named by their path: a schema may be called
    // `Client` or `Error`, like the items of this file.
    let validates = model
        .operations
        .iter()
        .any(|op| validated_body(op).is_some() || op.query.is_some());
    let validate = validates.then(|| {
        quote!(
            use openapi_runtime::Validate as _;
        )
    });
    quote! {
        #validate
        #api
        impl Client {
            #(#methods)*
        }
    }
}

/// The type of a JSON or form body, which is checked with `validate()` before it is sent.
fn validated_body(op: &Operation) -> Option<&String> {
    match op.request {
        Some(RequestMedia::Json(_) | RequestMedia::Form { .. }) => op.body.as_ref(),
        _ => None,
    }
}

fn type_ident(name: &str) -> proc_macro2::Ident {
    naming::type_name(name).to_ident()
}

fn type_path(name: &str) -> TokenStream {
    let ident = type_ident(name);
    quote!(crate::types::#ident)
}

/// What the hand-written runtime reads about the API: where it is, how it authenticates, what
/// its errors and events look like.
fn api(model: &Model) -> TokenStream {
    let api = &model.api;
    let base_url = match &api.base_url {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let prefix = &api.env_prefix;
    let env_headers = api
        .env_headers
        .iter()
        .map(|(var, header)| quote!((#var, #header)));
    let bearer = api.bearer;
    let (error_body, error_doc) = match &api.error_body {
        Some(name) => (
            type_path(name),
            format!(" The body of the API's error responses (`{name}`), kept parsed in [`ApiFailure::error`](crate::ApiFailure::error)."),
        ),
        None => (
            quote!(serde_json::Value),
            " The body of the API's error responses: any JSON, since the document declares no single error schema.".to_string(),
        ),
    };
    let mut event_types: Vec<&String> = model
        .operations
        .iter()
        .filter_map(|op| op.events.as_ref()?.ty.as_ref())
        .collect();
    event_types.dedup();
    let mut seen = std::collections::BTreeSet::new();
    event_types.retain(|t| seen.insert(*t));
    let (default_event, event_doc) = match event_types.first() {
        Some(name) => (type_path(name), format!(" The events an [`EventStream`](crate::EventStream) yields unless told otherwise (`{name}`).")),
        None => (quote!(serde_json::Value), " The events an [`EventStream`](crate::EventStream) yields unless told otherwise: JSON values.".to_string()),
    };
    // The names are schema keys: their docs go through the doc sanitiser like any schema text.
    let (error_doc, event_doc) = (super::doc(&error_doc), super::doc(&event_doc));
    let impls = event_types.iter().map(|name| server_event(model, name));
    quote! {
        #error_doc
        pub type ErrorBody = #error_body;
        #event_doc
        pub type Event = #default_event;
        /// The error of every operation.
        pub type Error = openapi_runtime::Error<ErrorBody>;
        /// An error status from the API, with its body.
        pub type ApiFailure = openapi_runtime::ApiFailure<ErrorBody>;
        /// The server-sent events of a streaming operation.
        pub type EventStream<E = Event> = openapi_runtime::EventStream<E, ErrorBody>;
        /// Builds a [`Client`]: `Client::builder().api_key("sk-...").max_retries(5).build()?`.
        pub type ClientBuilder = openapi_runtime::ClientBuilder<Client>;
        /// The API client: one method per operation. Cheap to clone (the connection pool is
        /// shared). Its `Debug` output is its configuration's, with every secret redacted.
        #[derive(Clone)]
        pub struct Client {
            inner: openapi_runtime::Client,
        }
        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.inner.fmt(f)
            }
        }
        impl openapi_runtime::Api for Client {
            const SPEC: openapi_runtime::ApiSpec = openapi_runtime::ApiSpec {
                default_base_url: #base_url,
                env_prefix: #prefix,
                env_headers: &[#(#env_headers),*],
                bearer_auth: #bearer,
                user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"), " (Rust)"),
            };
            type ErrorBody = ErrorBody;
            fn from_client(inner: openapi_runtime::Client) -> Self {
                Self { inner }
            }
        }
        impl Client {
            /// The server of the API document, used unless [`ClientBuilder::base_url`] says otherwise.
            pub const DEFAULT_BASE_URL: Option<&'static str> = <Self as openapi_runtime::Api>::SPEC.default_base_url;
            /// [`ClientBuilder::from_env`] reads `<ENV_PREFIX>_API_KEY` and `<ENV_PREFIX>_BASE_URL`.
            pub const ENV_PREFIX: &'static str = <Self as openapi_runtime::Api>::SPEC.env_prefix;
            /// A client configured from the environment (see [`ClientBuilder::from_env`]).
            pub fn from_env() -> Result<Self, Error> {
                ClientBuilder::default().from_env().build()
            }
            /// A builder for a client configured in code.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }
            /// The configuration the client was built with.
            pub fn config(&self) -> &openapi_runtime::Config {
                self.inner.config()
            }
            /// The runtime's client, which sends any [`RequestSpec`](openapi_runtime::RequestSpec).
            pub fn runtime(&self) -> &openapi_runtime::Client {
                &self.inner
            }
            /// A view of this client (sharing its connection pool) whose calls all carry
            /// `options`: extra headers, query parameters and JSON body fields the API document
            /// does not know, a timeout, retries or API key of their own. The typed body is still
            /// checked with `validate()`; on a name collision the extra body field wins. See
            /// [`RequestOptions`](openapi_runtime::RequestOptions).
            pub fn with_options(&self, options: openapi_runtime::RequestOptions) -> Self {
                Self { inner: self.inner.with_options(options) }
            }
        }
        #(#impls)*
    }
}

/// How one event of a `text/event-stream` response is decoded: a union tagged by `event` with
/// its payload under `data` is the server-sent event itself, parsed by its name; any other type
/// is the JSON of the `data` field.
fn server_event(model: &Model, name: &str) -> TokenStream {
    let ty = type_path(name);
    let sse_union = model.types.get(name).and_then(|t| match &t.kind {
        TypeKind::Union(u)
            if matches!(&u.tagging, Tagging::Adjacent { tag, content } if tag == "event" && content == "data") =>
        {
            Some(u)
        }
        _ => None,
    });
    match sse_union {
        Some(u) => {
            let done = u.tag_values().any(|t| t == "done").then(|| {
                quote! {
                    const ENDS_WITH_DONE: bool = true;
                    fn done(data: &str) -> Option<Self> {
                        Self::from_parts("done", data).ok()
                    }
                }
            });
            quote! {
                impl openapi_runtime::ServerEvent for #ty {
                    fn decode(name: &str, data: &str) -> Result<Self, serde_json::Error> {
                        Self::from_parts(name, data)
                    }
                    #done
                }
            }
        }
        None => quote! {
            impl openapi_runtime::ServerEvent for #ty {
                fn decode(_name: &str, data: &str) -> Result<Self, serde_json::Error> {
                    serde_json::from_str(data)
                }
            }
        },
    }
}

/// The doc line of a method whose query parameters are all optional.
///
/// Such a method takes `query: impl Into<Option<&Query>>` (and `*_all` takes
/// `impl Into<Option<Query>>`), so a call passes `None` or `&query`:
/// `client.list_runs("thread_id", None)` and `client.list_runs("thread_id", &query)`. This keeps
/// one method per operation and kind (plain, `*_stream`, `*_all`), the same shape as operations
/// whose query has a required parameter (they keep a plain `&Query`), instead of doubling the
/// surface with `list_runs`/`list_runs_with` pairs; and a call written as `&Query::new()`
/// still compiles. `Option<&Query>` alone would force `Some(&query)` on every call that has one.
const OPTIONAL_QUERY_DOC: &str =
    "Every query parameter is optional: `query` may be `None` or `&query`.";

/// The doc line of a method whose JSON or form body the document does not require: the method
/// takes `body: impl Into<Option<&Body>>` (as an optional query, see [`OPTIONAL_QUERY_DOC`]), and
/// `None` sends the request without a body, as the API's own SDKs do.
const OPTIONAL_BODY_DOC: &str =
    "The body is optional: `body` may be `None` (no body is sent) or `&body`.";

fn operation(op: &Operation) -> TokenStream {
    let name = op.method_name.to_ident();
    let method = format_ident!("{}", op.http_method);
    let mut params = Vec::new();
    let mut arg_names = Vec::new();
    let mut param_docs = Vec::new();
    let segments = op.segments.iter().map(|s| match s {
        Segment::Literal(text) => quote!(#text),
        Segment::Param { ident, .. } => {
            let ident = ident.to_ident();
            quote!(#ident)
        }
    });
    let segments = quote!(&[#(#segments),*]);
    for segment in &op.segments {
        if let Segment::Param { ident, name, docs } = segment {
            let ident_tokens = ident.to_ident();
            params.push(quote!(#ident_tokens: &str));
            arg_names.push(quote!(#ident_tokens));
            param_docs.push(format!(" - `{name}`: {}", docs.join(" ")));
        }
    }
    let mut checks = Vec::new();
    // The operation id names the request's tracing span; a string literal (quote escapes it).
    let id = &op.id;
    let mut build = vec![
        quote!(let request = openapi_runtime::RequestSpec::new(openapi_runtime::Method::#method, #segments)?;),
        quote!(let request = request.operation(#id);),
    ];
    for (header, value) in &op.headers {
        build.push(quote!(let request = request.header(#header, #value);));
    }
    // The parameters of the public methods; `params` are the `*_request` function's.
    let mut method_params = params.clone();
    let mut method_args = arg_names.clone();
    let mut body_doc = None;
    let mut send_body = None;
    match &op.request {
        None => {}
        Some(RequestMedia::Json(_) | RequestMedia::Form { .. }) => {
            let ty = match &op.body {
                Some(body) => {
                    checks.push(if op.body_optional {
                        quote!(if let Some(body) = body {
                            body.validate()?;
                        })
                    } else {
                        quote!(body.validate()?;)
                    });
                    type_path(body)
                }
                None => quote!(serde_json::Value),
            };
            if op.body_optional {
                // Like an optional query: `None` or `&body` (see `OPTIONAL_QUERY_DOC`).
                params.push(quote!(body: Option<&#ty>));
                method_params.push(quote!(body: impl Into<Option<&'b #ty>>));
            } else {
                params.push(quote!(body: &#ty));
                method_params.push(quote!(body: &#ty));
            }
            let send = match &op.request {
                Some(RequestMedia::Json(content_type)) if content_type == "application/json" => {
                    quote!(request.json(body)?)
                }
                Some(RequestMedia::Json(content_type)) => {
                    body_doc = Some(format!("The body is sent as `{content_type}`."));
                    quote!(request.json_as(body, #content_type)?)
                }
                _ => {
                    let arrays = match &op.request {
                        Some(RequestMedia::Form {
                            repeat_arrays: true,
                        }) => quote!(Repeat),
                        _ => quote!(Brackets),
                    };
                    body_doc = Some(
                        "The body is sent as `application/x-www-form-urlencoded`.".to_string(),
                    );
                    quote!(request.form(body, openapi_runtime::FormArrays::#arrays)?)
                }
            };
            send_body = Some(if op.body_optional {
                quote!(let request = match body { Some(body) => #send, None => request };)
            } else {
                quote!(let request = #send;)
            });
        }
        Some(RequestMedia::Multipart(form)) => {
            let ty = match &form.fields {
                Some(_) => type_path(&form.name),
                None => quote!(openapi_runtime::Multipart),
            };
            params.push(quote!(body: #ty));
            method_params.push(quote!(body: #ty));
            body_doc = Some("The body is sent as `multipart/form-data`.".to_string());
            send_body = Some(match &form.fields {
                Some(_) => quote!(let request = request.multipart(body.into_multipart());),
                None => quote!(let request = request.multipart(body);),
            });
        }
        Some(RequestMedia::Bytes(content_type)) => {
            params.push(quote!(body: openapi_runtime::Body));
            method_params.push(quote!(body: impl Into<openapi_runtime::Body>));
            body_doc = Some(format!(
                "The body is sent as `{content_type}`: bytes in memory (`Vec<u8>`, `Bytes`, `String`), or a stream (`Body::from_path`, `Body::from_stream`, a `tokio::fs::File`), which is sent once, without retries."
            ));
            send_body = Some(quote!(let request = request.bytes(body, #content_type)?;));
        }
    }
    if op.request.is_some() {
        arg_names.push(quote!(body));
        method_args.push(match op.request {
            Some(RequestMedia::Bytes(_)) => quote!(body.into()),
            _ if op.body_optional => quote!(body.into()),
            _ => quote!(body),
        });
    }
    let mut lifetimes = Vec::new();
    if op.body_optional {
        lifetimes.push(quote!('b));
    }
    if let Some(query) = &op.query {
        let ty = type_path(query);
        if op.query_optional {
            // See `optional_query`: the request function takes the resolved `Option`.
            params.push(quote!(query: Option<&#ty>));
            method_params.push(quote!(query: impl Into<Option<&'q #ty>>));
            method_args.push(quote!(query.into()));
            lifetimes.push(quote!('q));
            checks.push(quote!(if let Some(query) = query {
                query.validate()?;
            }));
            build.push(quote!(let request = match query { Some(query) => request.query(query)?, None => request };));
        } else {
            params.push(quote!(query: &#ty));
            method_params.push(quote!(query: &#ty));
            method_args.push(quote!(query));
            checks.push(quote!(query.validate()?;));
            build.push(quote!(let request = request.query(query)?;));
        }
        arg_names.push(quote!(query));
    }
    let generics = if lifetimes.is_empty() {
        quote!()
    } else {
        quote!(<#(#lifetimes),*>)
    };
    let mut docs = op.docs.clone();
    if !param_docs.is_empty() {
        docs.push(String::new());
        docs.extend(param_docs.iter().map(|d| d.trim_start().to_string()));
    }
    if let Some(text) = body_doc {
        docs.push(String::new());
        docs.push(text);
    }
    if validated_body(op).is_some() || op.query.is_some() {
        docs.push(String::new());
        docs.push("The request is checked with `validate()` before anything is sent.".to_string());
    }
    if op.body_optional {
        docs.push(String::new());
        docs.push(OPTIONAL_BODY_DOC.to_string());
    }
    if op.query_optional {
        docs.push(String::new());
        docs.push(OPTIONAL_QUERY_DOC.to_string());
    }
    let flag = op.events.as_ref().is_some_and(|e| e.flag)
        && validated_body(op).is_some()
        && op.request == Some(RequestMedia::Json("application/json".into()));
    let request_name = format_ident!("{}_request", op.method_name.name);
    let (streaming_param, streaming_arg_off, streaming_arg_on) = if flag {
        build.push(quote!(let request = request.json_with_stream_flag(body, streaming)?;));
        (
            quote!(, streaming: openapi_runtime::Streaming),
            quote!(, openapi_runtime::Streaming::Off),
            quote!(, openapi_runtime::Streaming::On),
        )
    } else {
        build.extend(send_body);
        (quote!(), quote!(), quote!())
    };
    let plain_name = &op.method_name.name;
    // The operation id is schema text: it goes through the doc sanitiser like any other.
    let request_doc = super::doc(&format!(
        "The request the operation `{}` sends, validated.",
        op.id.replace('`', "'")
    ));
    let request_fn = quote! {
        #request_doc
        #[doc(hidden)]
        pub fn #request_name(#(#params),* #streaming_param) -> Result<openapi_runtime::RequestSpec, Error> {
            #(#checks)*
            #(#build)*
            Ok(request)
        }
    };
    let (response, execute) = match &op.response {
        Response::Json(Some(name)) => {
            let ty = type_path(name);
            (Some(quote!(#ty)), quote!(execute))
        }
        Response::Json(None) => (Some(quote!(serde_json::Value)), quote!(execute)),
        Response::Bytes => (Some(quote!(openapi_runtime::Bytes)), quote!(execute_bytes)),
        Response::Empty => (Some(quote!(())), quote!(execute_empty)),
        Response::StreamOnly => (None, quote!()),
    };
    let plain = response.map(|response| {
        let plain_docs = doc_attrs(&docs);
        quote! {
            #plain_docs
            pub async fn #name #generics(&self, #(#method_params),*) -> Result<#response, Error> {
                self.inner.#execute(Self::#request_name(#(#method_args),* #streaming_arg_off)?).await
            }
        }
    });
    let stream = op.events.as_ref().map(|events| {
        let stream_name = format_ident!("{}_stream", plain_name);
        let event = match &events.ty {
            Some(name) => type_path(name),
            None => quote!(serde_json::Value),
        };
        let mut stream_docs = docs.clone();
        stream_docs.push(String::new());
        let mut text = "Streams the response's server-sent events".to_string();
        if flag {
            text.push_str(" (`\"stream\": true` is sent whatever the request says)");
        }
        text.push('.');
        if plain.is_some() {
            text.push_str(&format!(" Without streaming: [`Client::{plain_name}`](crate::Client::{plain_name})."));
        }
        stream_docs.push(text);
        let stream_docs = doc_attrs(&stream_docs);
        quote! {
            #stream_docs
            pub async fn #stream_name #generics(&self, #(#method_params),*) -> Result<EventStream<#event>, Error> {
                self.inner.execute_stream(Self::#request_name(#(#method_args),* #streaming_arg_on)?).await
            }
        }
    });
    // A binary response can also be read as it arrives (when the name is not the event stream's).
    let byte_stream = (op.response == Response::Bytes && op.events.is_none()).then(|| {
        let stream_name = format_ident!("{}_stream", plain_name);
        let mut stream_docs = docs.clone();
        stream_docs.push(String::new());
        stream_docs.push(format!("Streams the response body as it arrives, without the size limit of [`Client::{plain_name}`](crate::Client::{plain_name}) (which reads it whole); the stream ends with an error when the server sends nothing for the client's `stream_idle_timeout`."));
        let stream_docs = doc_attrs(&stream_docs);
        quote! {
            #stream_docs
            pub async fn #stream_name #generics(&self, #(#method_params),*) -> Result<openapi_runtime::ByteStream<ErrorBody>, Error> {
                self.inner.execute_byte_stream(Self::#request_name(#(#method_args),*)?).await
            }
        }
    });
    let all = match (&op.page, &op.query) {
        (Some(page), Some(query)) => {
            // `last_id` as an `Option<String>`, and the cursor into `after` as the query holds it.
            let cursor = match page.last_id {
                Presence::Required => quote!(Some(page.last_id)),
                Presence::Optional | Presence::RequiredNullable => quote!(page.last_id),
                Presence::OptionalNullable => quote!(page.last_id.into_value()),
            };
            let set_after = match page.after {
                Presence::Required => quote!(cursor),
                Presence::Optional | Presence::RequiredNullable => quote!(Some(cursor)),
                Presence::OptionalNullable => quote!(openapi_runtime::Nullable::Value(cursor)),
            };
            let all_name = format_ident!("{}_all", op.method_name.name);
            let item = type_path(&page.item);
            let query_ty = type_path(query);
            let path_args: Vec<_> = op
                .segments
                .iter()
                .filter_map(|s| match s {
                    Segment::Param { ident, .. } => Some(ident.to_ident()),
                    Segment::Literal(_) => None,
                })
                .collect();
            let lifetimes = path_args.iter().map(|a| quote!(#a: &'a str));
            let doc = format!(
                " Every item of every page, fetching the next page (with `after` set to the last id) only when the previous one is used up. Starts from `query`; [`Client::{}`](crate::Client::{}) returns one page. A page that says `has_more` without a way forward (no cursor, no items, or a cursor seen before) ends it with [`Error::Pagination`](crate::Error::Pagination). The stream is `Unpin`: `while let Some(item) = stream.next().await` needs no `pin!`.",
                op.method_name.name, op.method_name.name
            );
            let (query_param, start, optional_doc) = if op.query_optional {
                (
                    quote!(query: impl Into<Option<#query_ty>>),
                    quote!(query.into().unwrap_or_default()),
                    quote! {
                        #[doc = ""]
                        #[doc = " Every query parameter is optional: `query` may be `None` (start from the first page with none set) or a query."]
                    },
                )
            } else {
                (quote!(query: #query_ty), quote!(query), quote!())
            };
            Some(quote! {
                #[doc = #doc]
                #optional_doc
                pub fn #all_name<'a>(&'a self, #(#lifetimes,)* #query_param) -> impl openapi_runtime::Stream<Item = Result<#item, Error>> + Unpin + 'a {
                    openapi_runtime::pagination::items(#start, move |query: #query_ty| async move {
                        let page = self.#name(#(#path_args,)* &query).await?;
                        Ok((page.data, page.has_more, #cursor))
                    }, |query, cursor| query.after = #set_after)
                }
            })
        }
        _ => None,
    };
    quote! { #request_fn #plain #stream #byte_stream #all }
}

/// The multipart form structs of the operations (emitted into `types.rs`, once per name): a
/// field per property, files as `openapi_runtime::FilePart`s, `new` with the required
/// fields, a setter per optional one, and `into_multipart`.
pub fn forms(model: &Model) -> TokenStream {
    let mut seen = std::collections::BTreeSet::new();
    let forms = model.operations.iter().filter_map(|op| match &op.request {
        Some(RequestMedia::Multipart(form)) if seen.insert(form.name.clone()) => {
            let fields = form.fields.as_ref()?;
            Some(form_struct(form, fields))
        }
        _ => None,
    });
    quote!(#(#forms)*)
}

fn form_struct(form: &MultipartForm, fields: &[FormField]) -> TokenStream {
    let name = type_ident(&form.name);
    let file = quote!(openapi_runtime::FilePart);
    let value_type = |f: &FormField| match &f.ty {
        Some(ty) => super::types::rust_type(ty),
        None => file.clone(),
    };
    let field_type = |f: &FormField| {
        let ty = value_type(f);
        match (&f.ty, f.many, f.required) {
            (None, true, _) => quote!(Vec<#ty>),
            (_, _, true) => ty,
            (_, _, false) => quote!(Option<#ty>),
        }
    };
    let definitions = fields.iter().map(|f| {
        let ident = f.ident.to_ident();
        let ty = field_type(f);
        let docs = doc_attrs(&f.docs);
        quote!(#docs pub #ident: #ty,)
    });
    let required: Vec<&FormField> = fields.iter().filter(|f| f.required).collect();
    let new_params = required.iter().map(|f| {
        let ident = f.ident.to_ident();
        match (&f.ty, f.many) {
            (None, false) => quote!(#ident: impl Into<#file>),
            (None, true) => quote!(#ident: impl IntoIterator<Item = #file>),
            (Some(ty), _) if ty.kind == crate::model::TyKind::String && !ty.boxed => {
                quote!(#ident: impl Into<String>)
            }
            _ => {
                let ty = value_type(f);
                quote!(#ident: #ty)
            }
        }
    });
    let initializers = fields.iter().map(|f| {
        let ident = f.ident.to_ident();
        match (&f.ty, f.many, f.required) {
            (None, false, true) => quote!(#ident: #ident.into(),),
            (None, true, true) => quote!(#ident: #ident.into_iter().collect(),),
            (None, true, false) => quote!(#ident: Vec::new(),),
            (Some(ty), _, true) if ty.kind == crate::model::TyKind::String && !ty.boxed => {
                quote!(#ident: #ident.into(),)
            }
            (_, _, true) => quote!(#ident,),
            (_, _, false) => quote!(#ident: None,),
        }
    });
    let setters = fields
        .iter()
        .filter(|f| !f.required && !["new", "into_multipart"].contains(&f.ident.name.as_str()))
        .map(|f| {
            let ident = f.ident.to_ident();
            let doc = format!(" Sets `{}`.", f.json_name.replace('`', "'"));
            let doc = super::doc(&doc);
            match (&f.ty, f.many) {
                (None, true) => {
                    let doc = super::doc(&format!(
                        " Adds a file to `{}`.",
                        f.json_name.replace('`', "'")
                    ));
                    quote! {
                        #doc
                        pub fn #ident(mut self, file: impl Into<#file>) -> Self {
                            self.#ident.push(file.into());
                            self
                        }
                    }
                }
                (None, false) => quote! {
                    #doc
                    pub fn #ident(mut self, file: impl Into<#file>) -> Self {
                        self.#ident = Some(file.into());
                        self
                    }
                },
                (Some(ty), _) if ty.kind == crate::model::TyKind::String && !ty.boxed => quote! {
                    #doc
                    pub fn #ident(mut self, value: impl Into<String>) -> Self {
                        self.#ident = Some(value.into());
                        self
                    }
                },
                _ => {
                    let ty = value_type(f);
                    quote! {
                        #doc
                        pub fn #ident(mut self, value: #ty) -> Self {
                            self.#ident = Some(value);
                            self
                        }
                    }
                }
            }
        });
    let parts = fields.iter().map(|f| {
        let ident = f.ident.to_ident();
        let key = &f.json_name;
        match (&f.ty, f.many, f.required) {
            (None, false, true) => quote!(.file(#key, self.#ident)),
            (None, _, _) => quote!(.files(#key, self.#ident)),
            _ if f.brackets => quote!(.field_brackets(#key, &self.#ident)),
            _ => quote!(.field(#key, &self.#ident)),
        }
    });
    let mut docs = form.docs.clone();
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(
        "Sent as `multipart/form-data`: a part per field, files as they are, strings as text, other values as JSON text."
            .to_string(),
    );
    if fields.iter().any(|f| f.brackets) {
        docs.push(
            "Objects the `encoding` marks `style: deepObject` go in bracket notation instead: a text part per member (`name[key]`)."
                .to_string(),
        );
    }
    let docs = doc_attrs(&docs);
    quote! {
        #docs
        #[derive(Debug)]
        pub struct #name {
            #(#definitions)*
        }
        impl #name {
            /// A form with the required fields; the others are set with the methods named after them.
            pub fn new(#(#new_params),*) -> Self {
                Self {
                    #(#initializers)*
                }
            }
            #(#setters)*
            /// The form's parts, in the order of the schema's properties (unset fields send none).
            pub fn into_multipart(self) -> openapi_runtime::Multipart {
                openapi_runtime::Multipart::new()
                    #(#parts)*
            }
        }
    }
}
