//! Stage 4: model → tokens for the operations: one `Client` method per operation, a `*_stream`
//! method for operations that can stream server-sent events, and a `*_all` method that follows
//! cursor pagination.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc_attrs;
use crate::model::{Model, Operation, Segment};
use crate::naming;

pub fn operations(model: &Model) -> TokenStream {
    let methods = model.operations.iter().map(operation);
    quote! {
        use crate::types::*;
        use crate::validate::Validate as _;
        impl crate::Client {
            #(#methods)*
        }
    }
}

fn type_ident(name: &str) -> proc_macro2::Ident {
    naming::type_name(name).to_ident()
}

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
    let mut build = vec![
        quote!(let request = crate::client::RequestSpec::new(reqwest::Method::#method, #segments)?;),
    ];
    if let Some(body) = &op.body {
        let ty = type_ident(body);
        params.push(quote!(body: &#ty));
        arg_names.push(quote!(body));
        checks.push(quote!(body.validate()?;));
    }
    if let Some(query) = &op.query {
        let ty = type_ident(query);
        params.push(quote!(query: &#ty));
        arg_names.push(quote!(query));
        checks.push(quote!(query.validate()?;));
        build.push(quote!(let request = request.query(query)?;));
    }
    let mut docs = op.docs.clone();
    if !param_docs.is_empty() {
        docs.push(String::new());
        docs.extend(param_docs.iter().map(|d| d.trim_start().to_string()));
    }
    if op.body.is_some() || op.query.is_some() {
        docs.push(String::new());
        docs.push("The request is checked with `validate()` before anything is sent.".to_string());
    }
    let response = match &op.response {
        Some(name) => {
            let ty = type_ident(name);
            quote!(#ty)
        }
        None => quote!(serde_json::Value),
    };
    let request_name = format_ident!("{}_request", op.method_name.name);
    let (streaming_param, streaming_arg_off, streaming_arg_on, body_build) = if op.body.is_some() {
        (
            quote!(, streaming: crate::client::Streaming),
            quote!(, crate::client::Streaming::Off),
            quote!(, crate::client::Streaming::On),
            quote!(let request = request.json(body, streaming)?;),
        )
    } else {
        (quote!(), quote!(), quote!(), quote!())
    };
    let request_doc = format!(
        " The request [`Client::{}`](crate::Client::{}) sends, validated.",
        op.method_name.name, op.method_name.name
    );
    let request_fn = quote! {
        #[doc = #request_doc]
        #[doc(hidden)]
        pub fn #request_name(#(#params),* #streaming_param) -> Result<crate::client::RequestSpec, crate::Error> {
            #(#checks)*
            #(#build)*
            #body_build
            Ok(request)
        }
    };
    let plain_docs = doc_attrs(&docs);
    let plain = quote! {
        #plain_docs
        pub async fn #name(&self, #(#params),*) -> Result<#response, crate::Error> {
            self.execute(Self::#request_name(#(#arg_names),* #streaming_arg_off)?).await
        }
    };
    let stream = op.streams.then(|| {
        let stream_name = format_ident!("{}_stream", op.method_name.name);
        let mut stream_docs = docs.clone();
        stream_docs.push(String::new());
        stream_docs.push(format!("Streams the run's server-sent events (`stream: true` is sent whatever the request says). Without streaming: [`Client::{}`](crate::Client::{}).", op.method_name.name, op.method_name.name));
        let stream_docs = doc_attrs(&stream_docs);
        quote! {
            #stream_docs
            pub async fn #stream_name(&self, #(#params),*) -> Result<crate::EventStream, crate::Error> {
                self.execute_stream(Self::#request_name(#(#arg_names),* #streaming_arg_on)?).await
            }
        }
    });
    let all = match (&op.page, &op.query) {
        (Some(page), Some(query)) => {
            let cursor = if page.last_id_optional {
                quote!(page.last_id)
            } else {
                quote!(Some(page.last_id))
            };
            let all_name = format_ident!("{}_all", op.method_name.name);
            let item = type_ident(&page.item);
            let query_ty = type_ident(query);
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
                " Every item of every page, fetching the next page (with `after` set to the last id) only when the previous one is used up. Starts from `query`; [`Client::{}`](crate::Client::{}) returns one page.",
                op.method_name.name, op.method_name.name
            );
            Some(quote! {
                #[doc = #doc]
                pub fn #all_name<'a>(&'a self, #(#lifetimes,)* query: #query_ty) -> impl futures_core::Stream<Item = Result<#item, crate::Error>> + 'a {
                    crate::pagination::items(query, move |query: #query_ty| async move {
                        let page = self.#name(#(#path_args,)* &query).await?;
                        Ok((page.data, page.has_more, #cursor))
                    }, |query, cursor| query.after = Some(cursor))
                }
            })
        }
        _ => None,
    };
    quote! { #request_fn #plain #stream #all }
}
