//! Stage 4: model → tokens for the operations: one `Client` method per operation, a `*_stream`
//! method for operations that can stream server-sent events, and a `*_all` method that follows
//! cursor pagination.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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

fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote! { #(#[doc = #lines])* }
}

fn type_ident(name: &str) -> proc_macro2::Ident {
    naming::type_name(name).to_ident()
}

fn operation(op: &Operation) -> TokenStream {
    let name = op.method_name.to_ident();
    let method = format_ident!("{}", op.http_method);
    let mut params = Vec::new();
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
            param_docs.push(format!(" - `{name}`: {}", docs.join(" ")));
        }
    }
    let mut checks = Vec::new();
    let mut build = vec![
        quote!(let request = crate::client::RequestSpec::new(reqwest::Method::#method, #segments);),
    ];
    if let Some(body) = &op.body {
        let ty = type_ident(body);
        params.push(quote!(body: &#ty));
        checks.push(quote!(body.validate()?;));
    }
    if let Some(query) = &op.query {
        let ty = type_ident(query);
        params.push(quote!(query: &#ty));
        checks.push(quote!(query.validate()?;));
        build.push(quote!(let request = request.query(query)?;));
    }
    let with_body = |streaming: bool| {
        op.body.as_ref().map(|_| {
            let mode = if streaming { quote!(On) } else { quote!(Off) };
            quote!(let request = request.json(body, crate::client::Streaming::#mode)?;)
        })
    };
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
    let plain_body = with_body(false);
    let plain_docs = doc_attrs(&docs);
    let plain = quote! {
        #plain_docs
        pub async fn #name(&self, #(#params),*) -> Result<#response, crate::Error> {
            #(#checks)*
            #(#build)*
            #plain_body
            self.execute(request).await
        }
    };
    let stream = op.streams.then(|| {
        let stream_name = format_ident!("{}_stream", op.method_name.name);
        let stream_body = with_body(true);
        let mut stream_docs = docs.clone();
        stream_docs.push(String::new());
        stream_docs.push(format!("Streams the run's server-sent events (`stream: true` is sent whatever the request says). Without streaming: [`Client::{}`](crate::Client::{}).", op.method_name.name, op.method_name.name));
        let stream_docs = doc_attrs(&stream_docs);
        quote! {
            #stream_docs
            pub async fn #stream_name(&self, #(#params),*) -> Result<crate::EventStream, crate::Error> {
                #(#checks)*
                #(#build)*
                #stream_body
                self.execute_stream(request).await
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
    quote! { #plain #stream #all }
}
