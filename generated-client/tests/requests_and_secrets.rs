//! Hostile ids, hostile redirects and hostile error messages against the client: a path
//! parameter never changes the endpoint, no secret crosses an origin or reaches `Debug` output
//! or an error, and an error's `Display` never passes server control characters or unbounded
//! text through.

mod support;

use openai_assistants::client::MAX_REDIRECTS;
use openai_assistants::types::{CreateRunRequest, ModifyRunRequest};
use openai_assistants::{
    ApiFailure, Client, DecodeFailure, Error, OpenAiHeaders as _, RedirectFailure, StatusCode,
    StreamFailure,
};
use proptest::prelude::*;
use reqwest::Url;
use serde_json::{json, Value};
use support::*;

const SECRET_KEY: &str = "sk-secret-key-7f3a";
const SECRET_HEADER: &str = "header-secret-91c2";
const SECRET_ORG: &str = "org-secret-55d0";
const SECRET_USER: &str = "user-secret-0b1e";
const SECRET_PASSWORD: &str = "password-secret-c4d8";
const SECRETS: [&str; 5] = [
    SECRET_KEY,
    SECRET_HEADER,
    SECRET_ORG,
    SECRET_USER,
    SECRET_PASSWORD,
];

fn run_response(id: &str) -> Response {
    Response::json(200, &run_json(id, "thread_1", "queued"))
}

/// Decodes every `%XX` of a path segment (panics on a malformed escape).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII escape");
            out.push(u8::from_str_radix(hex, 16).expect("a percent escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 segment")
}

/// Decodes the valid `%XX` escapes of `text`, leaving any other `%` as it is.
fn decode_leniently(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).unwrap_or_default();
        if bytes[i] == b'%' && hex.len() == 2 && hex.iter().all(u8::is_ascii_hexdigit) {
            out.push(u8::from_str_radix(std::str::from_utf8(hex).unwrap(), 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_validation(result: &Result<impl std::fmt::Debug, Error>) -> bool {
    matches!(result, Err(Error::Validation(_)))
}

// ---------------------------------------------------------------------------------------------
// 8. Path parameters never change the endpoint
// ---------------------------------------------------------------------------------------------

/// Ids the URL parser would turn into a dot segment once it strips control characters; dots
/// and slashes a server may normalise, also once percent-decoded (once, twice, thrice); blank
/// ids.
const REFUSED_IDS: &[&str] = &[
    "\t..",
    ".\n.",
    "..\n",
    "\r..",
    "..\u{0}",
    "\u{7f}..",
    "\u{85}..",
    "\u{a0}",
    " ",
    "..\u{200b}",
    "\u{202e}run_1",
    "run_1\u{2028}",
    "\u{feff}..",
    "．．",
    "。",
    "‥",
    ". .",
    "...",
    "run/../x",
    "..\\",
    "a\\b",
    "a∕b",
    "a／b",
    "a＼b",
    "/",
    "",
    "%2e%2e",
    "%2E%2e",
    ".%2E",
    "%2F",
    "a%2fb",
    "a%5Cb",
    "..%2f..",
    "..%00",
    "%252e%252e",
    "%25252F",
    "%EF%BC%8E%EF%BC%8E",
    "%E2%80%AE",
    "%20",
];

#[tokio::test]
async fn ids_with_control_characters_dot_or_slash_look_alikes_are_refused_before_sending() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    let client = server.client();
    for id in REFUSED_IDS {
        let modify = bounded(client.modify_run("thread_1", id, &ModifyRunRequest::new())).await;
        assert!(
            is_validation(&modify),
            "modify_run run id {id:?}: {modify:?}"
        );
        let get = bounded(client.get_run(id, "run_1")).await;
        assert!(is_validation(&get), "get_run thread id {id:?}: {get:?}");
        let message = get.unwrap_err().to_string();
        assert!(
            !message.chars().any(|c| c.is_control()),
            "the refusal shows the id escaped: {message:?}"
        );
    }
    assert!(
        server.requests().is_empty(),
        "refused ids reached the server: {:#?}",
        server.requests()
    );
}

/// Ids that are allowed and must reach the server as one segment that decodes to the id.
const SENT_IDS: &[&str] = &[
    "..;",
    ";..",
    ".a",
    "a..",
    "run 1",
    "+",
    "a?b=c",
    "#fragment",
    "a&b=c",
    "run_1?x=1#y",
    "über",
    "ＡＢ",
    "..a",
    "%",
    "%%",
    "%41%2",
    "100%25",
    "@:",
    "~",
];

#[tokio::test]
async fn a_server_only_ever_sees_the_intended_paths_for_hostile_ids() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    server.set_fallback(run_response("run_1"));
    let client = server.client();
    for id in SENT_IDS {
        bounded(client.get_run("thread_1", id))
            .await
            .unwrap_or_else(|e| panic!("get_run run id {id:?}: {e}"));
        bounded(client.modify_run(id, "run_1", &ModifyRunRequest::new()))
            .await
            .unwrap_or_else(|e| panic!("modify_run thread id {id:?}: {e}"));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), SENT_IDS.len() * 2);
    for (pair, id) in requests.chunks(2).zip(SENT_IDS) {
        let (get, modify) = (&pair[0], &pair[1]);
        for request in [get, modify] {
            assert_eq!(request.query, None, "{id:?} added a query: {request:?}");
        }
        let get_segments: Vec<&str> = get.path.split('/').collect();
        assert_eq!(get.method, "GET");
        assert_eq!(
            get_segments[..5],
            ["", "v1", "threads", "thread_1", "runs"],
            "{id:?}: {}",
            get.path
        );
        assert_eq!(get_segments.len(), 6, "{id:?}: {}", get.path);
        assert_eq!(percent_decode(get_segments[5]), *id);
        let modify_segments: Vec<&str> = modify.path.split('/').collect();
        assert_eq!(modify.method, "POST");
        assert_eq!(modify_segments.len(), 6, "{id:?}: {}", modify.path);
        assert_eq!(modify_segments[..3], ["", "v1", "threads"]);
        assert_eq!(percent_decode(modify_segments[3]), *id);
        assert_eq!(modify_segments[4..], ["runs", "run_1"]);
        // No segment is a dot segment, however a server decodes it.
        for segment in get_segments.iter().chain(&modify_segments) {
            let decoded = percent_decode(segment);
            assert!(decoded != "." && decoded != "..", "{id:?}: {segment}");
        }
    }
}

/// Strings rich in what URL parsers and servers treat specially.
fn hostile_id() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just('.'),
        Just('/'),
        Just('\\'),
        Just('%'),
        Just('2'),
        Just('e'),
        Just('E'),
        Just('f'),
        Just('F'),
        Just('?'),
        Just('#'),
        Just(';'),
        Just('&'),
        Just('='),
        Just('+'),
        Just('@'),
        Just(':'),
        Just(' '),
        Just('\t'),
        Just('\n'),
        Just('\r'),
        Just('\u{0}'),
        Just('\u{7f}'),
        Just('\u{85}'),
        Just('\u{a0}'),
        Just('\u{202e}'),
        Just('\u{200b}'),
        Just('\u{ff0e}'),
        Just('\u{2215}'),
        Just('\u{ff0f}'),
        Just('\u{3002}'),
        Just('a'),
        any::<char>(),
    ];
    prop_oneof![
        proptest::collection::vec(special, 0..8).prop_map(|chars| chars.into_iter().collect()),
        any::<String>(),
    ]
}

/// A client whose URLs are built but never requested.
static OFFLINE_CLIENT: std::sync::LazyLock<Client> = std::sync::LazyLock::new(|| {
    Client::builder()
        .api_key(API_KEY)
        .base_url("http://127.0.0.1:9/v1")
        .build()
        .unwrap()
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_id_is_refused_or_stays_one_segment_that_decodes_to_itself(
        thread_id in hostile_id(),
        run_id in hostile_id(),
        step_id in hostile_id(),
    ) {
        let client = &*OFFLINE_CLIENT;
        let spec = match Client::get_run_step_request(
            &thread_id,
            &run_id,
            &step_id,
            None,
        ) {
            Ok(spec) => spec,
            Err(Error::Validation(_)) => return Ok(()),
            Err(e) => panic!("not a validation error: {e}"),
        };
        let url = match client.runtime().url_for(&spec) {
            Ok(url) => url,
            Err(Error::Validation(_)) => return Ok(()),
            Err(e) => panic!("not a validation error: {e}"),
        };
        // What the server receives is the URL's text parsed again.
        let sent = Url::parse(url.as_str()).unwrap();
        prop_assert_eq!(&sent, &url);
        prop_assert_eq!(sent.scheme(), "http");
        prop_assert_eq!(sent.host_str(), Some("127.0.0.1"));
        prop_assert_eq!(sent.port(), Some(9));
        prop_assert_eq!(sent.query(), None);
        prop_assert_eq!(sent.fragment(), None);
        prop_assert!(!sent.as_str().chars().any(|c| c.is_whitespace() || c.is_control()));
        let segments: Vec<&str> = sent.path_segments().unwrap().collect();
        prop_assert_eq!(segments.len(), 7, "{}", sent);
        prop_assert_eq!(
            [segments[0], segments[1], segments[3], segments[5]],
            ["v1", "threads", "runs", "steps"]
        );
        for (segment, id) in [(segments[2], &thread_id), (segments[4], &run_id), (segments[6], &step_id)] {
            prop_assert_eq!(&percent_decode(segment), id);
            // Neither the id nor what a server (or a proxy before it) decodes it into is a dot
            // segment or holds a slash.
            let mut decoded = id.clone();
            for _ in 0..3 {
                prop_assert!(!decoded.contains(['/', '\\']), "{:?} from {:?}", decoded, id);
                prop_assert!(!decoded.trim().trim_matches('.').is_empty(), "{:?} from {:?}", decoded, id);
                decoded = decode_leniently(&decoded);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 9. No secret crosses an origin
// ---------------------------------------------------------------------------------------------

fn secret_client(server: &TestServer) -> Client {
    Client::builder()
        .api_key(SECRET_KEY)
        .base_url(server.base_url())
        .header("api-key", SECRET_HEADER)
        .organization(SECRET_ORG)
        .max_retries(0)
        .build()
        .unwrap()
}

fn modify_request() -> ModifyRunRequest {
    ModifyRunRequest::new().metadata([("note".to_string(), "body-secret".to_string())])
}

#[tokio::test]
async fn redirects_to_another_origin_are_never_followed_and_keep_status_and_location() {
    for status in [301, 302, 303, 307, 308] {
        let other = TestServer::start(Vec::<Reply>::new()).await;
        other.set_fallback(run_response("run_1"));
        let location = format!("http://{}/v1/threads/thread_1/runs/run_1", other.addr);
        let server = TestServer::start(Vec::<Reply>::new()).await;
        server.set_fallback(Response::new(status).header("location", &location));
        let client = secret_client(&server);
        let plain = bounded(client.modify_run("thread_1", "run_1", &modify_request()))
            .await
            .map(drop);
        let stream =
            bounded(client.create_run_stream("thread_1", &CreateRunRequest::new("asst_1"), None))
                .await
                .map(drop);
        for result in [plain, stream] {
            match result {
                Err(Error::Redirect(failure)) => {
                    assert_eq!(failure.status, status);
                    assert_eq!(failure.location.as_deref(), Some(location.as_str()));
                    let message = Error::Redirect(failure).to_string();
                    assert!(message.contains(&status.to_string()), "{message}");
                }
                other => panic!("{status}: expected a redirect error, got {other:?}"),
            }
        }
        assert_eq!(server.requests().len(), 2, "{status}");
        assert!(
            other.requests().is_empty(),
            "{status}: the other origin received {:#?}",
            other.requests()
        );
    }
}

#[tokio::test]
async fn a_redirect_to_the_same_port_under_another_host_name_is_another_origin() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    let location = format!(
        "http://localhost:{}/v1/threads/thread_1/runs/run_2",
        server.addr.port()
    );
    server.set_fallback(Response::new(307).header("location", &location));
    let client = secret_client(&server);
    let result = bounded(client.modify_run("thread_1", "run_1", &modify_request())).await;
    assert!(
        matches!(&result, Err(Error::Redirect(f)) if f.status == 307),
        "{result:?}"
    );
    assert_eq!(server.requests().len(), 1, "{:#?}", server.requests());
}

#[tokio::test]
async fn redirects_within_the_origin_are_followed_with_the_body_and_headers() {
    let server = TestServer::start([
        Response::new(307).header("location", "/v1/threads/thread_1/runs/run_2"),
        run_response("run_2"),
    ])
    .await;
    let client = secret_client(&server);
    let run = bounded(client.modify_run("thread_1", "run_1", &modify_request()))
        .await
        .unwrap();
    assert_eq!(run.id, "run_2");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].path, "/v1/threads/thread_1/runs/run_2");
    assert_eq!(requests[1].method, "POST");
    assert_eq!(requests[1].json(), requests[0].json());
    let bearer = format!("Bearer {SECRET_KEY}");
    assert_eq!(requests[1].header("authorization"), Some(bearer.as_str()));
    assert_eq!(requests[1].header("api-key"), Some(SECRET_HEADER));
}

#[tokio::test]
async fn a_redirect_loop_within_the_origin_stops_after_max_redirects() {
    let server = TestServer::start(Vec::<Reply>::new()).await;
    server.set_fallback(Response::new(302).header("location", "/v1/threads/thread_1/runs/run_1"));
    let client = secret_client(&server);
    let result = bounded(client.get_run("thread_1", "run_1")).await;
    assert!(
        matches!(&result, Err(Error::Redirect(f)) if f.status == 302),
        "{result:?}"
    );
    assert_eq!(server.requests().len(), MAX_REDIRECTS + 1);
}

// ---------------------------------------------------------------------------------------------
// 10. Secrets never reach Debug or errors
// ---------------------------------------------------------------------------------------------

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

fn assert_error_has_no_secret(what: &str, error: &Error) {
    assert_no_secret(what, &error.to_string());
    assert_no_secret(what, &format!("{error:?}"));
    assert_no_secret(what, &format!("{error:#?}"));
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        assert_no_secret(what, &e.to_string());
        assert_no_secret(what, &format!("{e:?}"));
        source = e.source();
    }
}

fn url_with_credentials(addr: impl std::fmt::Display) -> String {
    format!("http://{SECRET_USER}:{SECRET_PASSWORD}@{addr}/v1")
}

fn builder_with_secrets(base_url: String) -> openai_assistants::ClientBuilder {
    Client::builder()
        .api_key(SECRET_KEY)
        .base_url(base_url)
        .header("api-key", SECRET_HEADER)
        .organization(SECRET_ORG)
        .max_retries(0)
}

#[tokio::test]
async fn debug_of_the_builder_the_config_and_the_client_shows_no_secret() {
    let builder = builder_with_secrets(url_with_credentials("127.0.0.1:9"));
    for text in [format!("{builder:?}"), format!("{builder:#?}")] {
        assert_no_secret("ClientBuilder", &text);
        assert!(text.contains("127.0.0.1:9"), "{text}");
        assert!(text.contains("api-key"), "header names stay: {text}");
    }
    let client = builder.build().unwrap();
    for text in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.config()),
        format!("{:#?}", client.config()),
    ] {
        assert_no_secret("Client/Config", &text);
        assert!(text.contains("127.0.0.1:9"), "{text}");
    }
    assert_eq!(client.config().base_url.as_str(), "http://127.0.0.1:9/v1/");
    let spec = Client::modify_run_request("thread_1", "run_1", &modify_request()).unwrap();
    assert_no_secret("RequestSpec", &format!("{spec:?}"));
}

#[tokio::test]
async fn a_base_url_that_does_not_parse_is_shown_without_its_credentials() {
    for url in [
        format!("http://{SECRET_USER}:{SECRET_PASSWORD}@127.0.0.1:99999/v1"),
        format!("http:{SECRET_USER}:{SECRET_PASSWORD}@[::1/v1"),
        format!("http://{SECRET_USER}@exa mple.com/v1"),
    ] {
        let builder = builder_with_secrets(url.clone());
        assert_no_secret("ClientBuilder", &format!("{builder:?}"));
        let error = builder.build().expect_err(&url);
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert_error_has_no_secret("Config error", &error);
    }
}

#[tokio::test]
async fn transport_api_and_redirect_errors_show_no_secret() {
    // Nothing listens on a port just released.
    let closed = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap()
    };
    let client = builder_with_secrets(url_with_credentials(closed))
        .build()
        .unwrap();
    let error = bounded(client.get_run("thread_1", "run_1"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_error_has_no_secret("Transport error", &error);

    let other = TestServer::start(Vec::<Reply>::new()).await;
    let server = TestServer::start([
        Response::json(
            401,
            &json!({"error": {"message": "bad key", "type": "auth"}}),
        ),
        Response::new(302).header("location", &format!("{}/x", other.base_url())),
    ])
    .await;
    let client = builder_with_secrets(url_with_credentials(server.addr))
        .build()
        .unwrap();
    let api = bounded(client.get_run("thread_1", "run_1"))
        .await
        .unwrap_err();
    assert!(matches!(api, Error::Api(_)), "{api:?}");
    assert_error_has_no_secret("Api error", &api);
    let redirect = bounded(client.modify_run("thread_1", "run_1", &modify_request()))
        .await
        .unwrap_err();
    assert!(matches!(redirect, Error::Redirect(_)), "{redirect:?}");
    assert_error_has_no_secret("Redirect error", &redirect);
    // With an API key, the credentials of the base URL are not sent at all.
    for request in server.requests() {
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {SECRET_KEY}").as_str())
        );
        assert_no_secret("the request line", &request.path);
    }
    assert!(other.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// 14. Error Display: server text escaped and bounded
// ---------------------------------------------------------------------------------------------

/// The longest `to_string()` (in bytes) of an error made of server text.
const DISPLAY_BOUND: usize = 1024;

/// Characters a terminal or a log viewer acts on, or that reorder or hide text.
fn is_unsafe_in_a_message(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

fn assert_displays_safely(what: &str, error: &Error) {
    let text = error.to_string();
    assert!(
        !text.chars().any(is_unsafe_in_a_message),
        "{what}: unsafe character in {text:?}"
    );
    assert!(
        text.len() <= DISPLAY_BOUND,
        "{what}: {} bytes: {text:?}",
        text.len()
    );
}

/// Every error built from server text `text`.
fn errors_from_server_text(text: &str) -> Vec<(&'static str, Error)> {
    let json_body =
        json!({"error": {"message": text, "type": text, "code": text, "param": text}}).to_string();
    let top_level = json!({"message": text, "code": 12}).to_string();
    let api = |body: String| {
        Error::Api(Box::new(ApiFailure {
            status: StatusCode::BAD_REQUEST,
            error: None,
            body,
            request_id: Some(text.to_string()),
            body_truncated: false,
        }))
    };
    let source = serde_json::from_value::<u8>(Value::String(text.to_string())).unwrap_err();
    vec![
        ("raw body", api(text.to_string())),
        ("error body", api(json_body.clone())),
        ("top-level message", api(top_level)),
        (
            "stream error",
            Error::Stream(Box::new(StreamFailure::new(text.to_string()))),
        ),
        (
            "stream error body",
            Error::Stream(Box::new(
                StreamFailure::new(json_body).with_request_id(Some(text.to_string())),
            )),
        ),
        (
            "decode",
            Error::Decode(Box::new(DecodeFailure {
                status: StatusCode::OK,
                path: text.to_string(),
                body: text.to_string(),
                request_id: Some(text.to_string()),
                source,
            })),
        ),
        (
            "redirect",
            Error::Redirect(Box::new(RedirectFailure {
                status: StatusCode::FOUND,
                location: Some(text.to_string()),
                request_id: Some(text.to_string()),
            })),
        ),
    ]
}

fn server_text() -> impl Strategy<Value = String> {
    let nasty = prop_oneof![
        Just("\u{1b}[2J".to_string()),
        Just("\u{1b}]8;;http://evil\u{7}".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{2066}".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{e0041}".to_string()),
        Just("x".repeat(700)),
        "[ -~]{0,40}",
    ];
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..3000)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        proptest::collection::vec(nasty, 0..40).prop_map(|parts| parts.concat()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn error_display_escapes_control_characters_and_is_bounded(text in server_text()) {
        for (what, error) in errors_from_server_text(&text) {
            assert_displays_safely(what, &error);
        }
    }
}

#[tokio::test]
async fn an_api_error_with_terminal_escapes_and_a_huge_message_shows_escaped_and_cut_but_keeps_it_raw(
) {
    let message = format!("\u{1b}[2J\r\u{202e}fake log line\n{}", "x".repeat(100_000));
    let body = json!({"error": {"message": message, "type": "invalid\u{1b}[31m"}});
    let server =
        TestServer::start([Response::json(400, &body).header("x-request-id", "req_1")]).await;
    let error = bounded(server.client().get_run("thread_1", "run_1"))
        .await
        .unwrap_err();
    assert_displays_safely("api error", &error);
    let text = error.to_string();
    assert!(
        text.starts_with(
            "API error 400 (invalid\\u{1b}[31m): \\u{1b}[2J\\r\\u{202e}fake log line\\nxxx"
        ),
        "{text}"
    );
    assert!(
        text.contains('…') && text.contains("[request id req_1]"),
        "{text}"
    );
    let Error::Api(failure) = error else {
        unreachable!()
    };
    assert_eq!(failure.message().as_deref(), Some(message.as_str()));
    let raw: Value = serde_json::from_str(&failure.body).unwrap();
    assert_eq!(raw, body);
}
