//! The generator never panics, never overflows its stack and stays bounded in time and memory,
//! whatever the input: alias chains of any length resolve, recursive arrays and maps become
//! newtype structs, cycles of pure aliases and input past a limit (nesting, properties, enum
//! values, types) are errors naming the file and the place. Deep inputs run on a thread with a
//! 256 KiB stack, which the generator before these limits overflowed with a chain of 30 schemas.
//!
//! `PROPTEST_CASES` raises the number of random `$ref` graphs (default 256).

use crate::model::{TyKind, TypeKind};
use crate::{Inputs, Settings};
use proptest::prelude::*;

fn inputs(file: &str, text: impl Into<String>) -> Inputs {
    let mut inputs = Inputs::default();
    inputs.add(file, text.into());
    inputs
}

fn generate(file: &str, text: impl Into<String>) -> Result<crate::Output, String> {
    crate::generate(&Settings::new().entry(file), &inputs(file, text)).map_err(|e| e.to_string())
}

/// Runs `f` on a thread with a 256 KiB stack (a caller's stack need not be large).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn definitions(defs: &[(String, String)]) -> String {
    let body: Vec<String> = defs.iter().map(|(n, s)| format!("\"{n}\": {s}")).collect();
    format!("{{\"definitions\": {{{}}}}}", body.join(", "))
}

fn r(name: &str) -> String {
    format!("{{\"$ref\": \"#/definitions/{name}\"}}")
}

fn kind<'m>(output: &'m crate::Output, name: &str) -> &'m TypeKind {
    &output
        .model
        .types
        .get(name)
        .unwrap_or_else(|| panic!("no type {name}: {:?}", output.model.types.keys()))
        .kind
}

fn is_alias_of(kind: &TypeKind, target: TyKind) -> bool {
    matches!(kind, TypeKind::Alias(ty) if ty.kind == target)
}

#[test]
fn an_alias_of_an_alias_of_a_string_resolves() {
    let text = definitions(&[
        ("A".into(), r("B")),
        ("B".into(), r("C")),
        ("C".into(), r#"{"type": "string"}"#.into()),
    ]);
    let output = generate("schema.json", text).unwrap();
    for name in ["A", "B", "C"] {
        assert!(
            is_alias_of(kind(&output, name), TyKind::String),
            "{name}: {:?}",
            kind(&output, name)
        );
    }
}

#[test]
fn alias_chains_of_any_length_resolve_through_refs_all_of_and_nullable_wrappers() {
    let n = 3_000;
    let defs: Vec<(String, String)> = (0..n)
        .map(|i| {
            let next = format!("A{}", i + 1);
            let schema = match i % 3 {
                _ if i + 1 == n => r#"{"type": "integer"}"#.to_string(),
                0 => r(&next),
                1 => format!("{{\"allOf\": [{}]}}", r(&next)),
                _ => format!("{{\"anyOf\": [{}, {{\"type\": \"null\"}}]}}", r(&next)),
            };
            (format!("A{i}"), schema)
        })
        .collect();
    let output = on_small_stack(move || generate("schema.json", definitions(&defs))).unwrap();
    assert!(is_alias_of(
        kind(&output, "A0"),
        TyKind::Integer(Default::default())
    ));
    assert!(is_alias_of(
        kind(&output, "A2998"),
        TyKind::Integer(Default::default())
    ));
}

#[test]
fn an_alias_of_a_struct_is_that_struct() {
    let text = definitions(&[
        ("A".into(), r("B")),
        ("B".into(), r("C")),
        (
            "C".into(),
            r#"{"type": "object", "properties": {"x": {"type": "string"}}}"#.into(),
        ),
    ]);
    let output = generate("schema.json", text).unwrap();
    // One struct, named after the first root; the others are aliases of it.
    assert!(matches!(kind(&output, "A"), TypeKind::Struct(_)));
    for name in ["B", "C"] {
        assert!(is_alias_of(kind(&output, name), TyKind::Named("A".into())));
    }
}

#[test]
fn a_cycle_of_pure_aliases_is_an_error_naming_the_pointer() {
    for (a, b) in [
        (r("B"), r("A")),
        (format!("{{\"allOf\": [{}]}}", r("B")), r("A")),
        (
            format!("{{\"anyOf\": [{}, {{\"type\": \"null\"}}]}}", r("B")),
            r##"{"$ref": "#/definitions/A", "nullable": true}"##.to_string(),
        ),
    ] {
        let err = generate(
            "schema.json",
            definitions(&[("A".into(), a), ("B".into(), b)]),
        )
        .unwrap_err();
        assert!(err.contains("cyclic `$ref` chain"), "{err}");
        assert!(err.contains("--> schema.json#/definitions/"), "{err}");
    }
    let err = generate("schema.json", definitions(&[("A".into(), r("A"))])).unwrap_err();
    assert!(err.contains("--> schema.json#/definitions/A"), "{err}");
}

#[test]
fn a_recursive_array_becomes_a_newtype_struct() {
    let text = definitions(&[(
        "A".into(),
        format!("{{\"type\": \"array\", \"items\": {}}}", r("A")),
    )]);
    let output = on_small_stack(move || generate("schema.json", text)).unwrap();
    match kind(&output, "A") {
        TypeKind::Newtype(ty) => assert_eq!(
            ty.kind,
            TyKind::Array(Box::new(crate::model::Ty::plain(TyKind::Named("A".into()))))
        ),
        other => panic!("{other:?}"),
    }
    assert!(output.files["src/generated/types.rs"].contains("pub struct A(pub Vec<A>);"));
}

#[test]
fn recursive_maps_items_and_mutual_recursion_through_arrays_become_types() {
    let text = definitions(&[
        (
            "Graph".into(),
            format!(
                "{{\"type\": \"object\", \"additionalProperties\": {}}}",
                r("Graph")
            ),
        ),
        (
            "Ping".into(),
            format!("{{\"type\": \"array\", \"items\": {}}}", r("Pong")),
        ),
        (
            "Pong".into(),
            format!(
                "{{\"type\": \"array\", \"items\": {{\"allOf\": [{}]}}}}",
                r("Ping")
            ),
        ),
        (
            "Tree".into(),
            format!(
                "{{\"type\": \"array\", \"items\": {{\"type\": \"object\", \"properties\": {{\"children\": {}}}}}}}",
                r("Tree")
            ),
        ),
    ]);
    let output = on_small_stack(move || generate("schema.json", text)).unwrap();
    let types = &output.files["src/generated/types.rs"];
    assert!(
        types.contains("pub struct Graph(pub std::collections::BTreeMap<String, Graph>);"),
        "{types}"
    );
    assert!(matches!(kind(&output, "Ping"), TypeKind::Newtype(_)));
    assert!(is_alias_of(
        kind(&output, "Pong"),
        TyKind::Array(Box::new(crate::model::Ty::plain(TyKind::Named(
            "Ping".into()
        ))))
    ));
    // A struct inside the array: the array (reached through the struct) is the newtype.
    assert!(matches!(kind(&output, "Tree"), TypeKind::Newtype(_)));
    // Its items are named after it.
    assert!(matches!(kind(&output, "TreeItem"), TypeKind::Struct(_)));
    // A file that is a list of itself.
    let output = generate(
        "list.json",
        r##"{"type": "array", "items": {"$ref": "#"}}"##,
    )
    .unwrap();
    assert!(output.files["src/generated/types.rs"].contains("pub struct List(pub Vec<List>);"));
}

/// Nested `properties` (two JSON levels each), `items` (one level) and `[`: one level past the
/// limit is an error naming the file, line and column, one level within generates.
#[test]
fn nesting_deeper_than_the_limit_is_an_error_naming_file_and_line() {
    let limit = crate::limits::MAX_NESTING;
    let items = |levels: usize| {
        "{\"items\": ".repeat(levels) + "{\"type\": \"string\"}" + &"}".repeat(levels)
    };
    // The outer object is one level, `items` objects one each.
    let err = on_small_stack(move || generate("deep.json", items(limit))).unwrap_err();
    assert!(
        err.contains("deep.json nests arrays and objects more than 128 levels deep"),
        "{err}"
    );
    assert!(err.contains("--> deep.json line 1, column"), "{err}");
    let yaml = (0..limit)
        .map(|i| format!("{}items:\n", "  ".repeat(i)))
        .collect::<String>()
        + &"  ".repeat(limit)
        + "type: string\n";
    let err = on_small_stack(move || generate("deep.yaml", yaml)).unwrap_err();
    assert!(
        err.contains("deep.yaml nests arrays and objects more than 128 levels deep"),
        "{err}"
    );
    // Within the nesting limit, arrays nested past the type nesting limit are an error too.
    let err = on_small_stack(move || generate("deep.json", items(100))).unwrap_err();
    assert!(
        err.contains("arrays and maps nest more than 16 levels deep"),
        "{err}"
    );
    assert!(err.contains("--> deep.json#/items/items/"), "{err}");
    let output = on_small_stack(move || generate("deep.json", items(16))).unwrap();
    let TypeKind::Alias(mut ty) = kind(&output, "Deep").clone() else {
        panic!("{:?}", output.model.types.keys());
    };
    let mut depth = 0;
    while let TyKind::Array(item) = ty.kind {
        (ty, depth) = (item, depth + 1);
    }
    assert_eq!((depth, ty.kind), (16, TyKind::String));
}

/// Inputs that overflowed the stack, or took minutes (deep YAML flow collections: quadratic in
/// the YAML scanner), end quickly with an error, on a small stack.
#[test]
fn deep_inputs_never_overflow_a_small_stack_or_take_long() {
    let deep = 100_000;
    let cases: Vec<(&str, String)> = vec![
        ("a.json", "[".repeat(deep) + &"]".repeat(deep)),
        ("a.json", "{\"a\": ".repeat(deep) + "1" + &"}".repeat(deep)),
        ("a.yaml", "[".repeat(deep) + &"]".repeat(deep)),
        ("a.yaml", "{a: ".repeat(deep) + "b" + &"}".repeat(deep)),
        ("a.yaml", "a: ".to_string() + &"[".repeat(deep)),
        ("a.yaml", "- ".repeat(deep) + "x"),
        (
            "a.yaml",
            "type: object\nproperties:\n  a: ".to_string() + &"{properties: {a: ".repeat(deep),
        ),
    ];
    for (file, text) in cases {
        let start = text.chars().take(12).collect::<String>();
        let err = on_small_stack(move || generate(file, text)).unwrap_err();
        assert!(
            err.contains("nests arrays and objects more than 128 levels deep"),
            "{file} {start}: {err}"
        );
    }
}

fn chain(n: usize, link: impl Fn(&str) -> String) -> String {
    let defs: Vec<(String, String)> = (0..n)
        .map(|i| {
            let schema = if i + 1 == n {
                r#"{"type": "string"}"#.to_string()
            } else {
                link(&r(&format!("S{}", i + 1)))
            };
            (format!("S{i}"), schema)
        })
        .collect();
    definitions(&defs)
}

/// A chain of schemas each holding the next (no nesting in the file) recurses through every
/// stage: within the limit it generates, past it it is an error naming the pointer.
#[test]
fn long_chains_of_schemas_are_bounded_with_an_error() {
    let limit = crate::limits::MAX_SCHEMA_DEPTH;
    let links: [fn(&str) -> String; 3] = [
        |next| format!("{{\"type\": \"object\", \"properties\": {{\"next\": {next}}}}}"),
        |next| {
            format!("{{\"oneOf\": [{{\"type\": \"object\", \"required\": [\"t\"], \"properties\": {{\"t\": {{\"const\": \"a\"}}, \"n\": {next}}}}}, {{\"type\": \"integer\"}}]}}")
        },
        |next| {
            format!("{{\"type\": \"object\", \"additionalProperties\": {{\"type\": \"object\", \"properties\": {{\"x\": {next}}}}}}}")
        },
    ];
    for link in links {
        let text = chain(limit + 10, link);
        let err = on_small_stack(move || generate("schema.json", text)).unwrap_err();
        assert!(
            err.contains(&format!("schemas nest more than {limit} levels deep")),
            "{err}"
        );
        assert!(err.contains("--> schema.json#/definitions/S"), "{err}");
    }
    let text = chain(limit / 3, links[0]);
    on_small_stack(move || generate("schema.json", text)).unwrap();
    // Arrays of arrays through references nest the type itself.
    let text = chain(100, |next| {
        format!("{{\"type\": \"array\", \"items\": {next}}}")
    });
    let err = on_small_stack(move || generate("schema.json", text)).unwrap_err();
    assert!(
        err.contains("arrays and maps nest more than 16 levels deep"),
        "{err}"
    );
}

#[test]
fn yaml_brackets_in_quotes_comments_and_block_scalars_do_not_count_as_nesting() {
    let brackets = "[{".repeat(200);
    let yaml = format!(
        "title: Text # {brackets}\ntype: object\ndescription: |\n  {brackets}\n  more {brackets}\nproperties:\n  a: {{type: string, description: '{brackets} it''s'}}\n  b: {{type: string, description: \"{brackets} \\\" \"}}\n  c: {{type: string, pattern: '^[a-z]+$'}}\n"
    );
    let output = generate("schema.yaml", yaml).unwrap();
    assert!(output.files["src/generated/types.rs"].contains("pub struct Text"));
}

#[test]
fn yaml_alias_expansion_is_bounded() {
    // The "billion laughs": each level repeats the previous one ten times.
    let mut yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n".to_string();
    for i in 1..10 {
        let p = i - 1;
        yaml += &format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        );
    }
    let err = on_small_stack(move || generate("laughs.yaml", yaml)).unwrap_err();
    assert!(err.contains("laughs.yaml"), "{err}");
}

/// 50,000 properties made code that crashed rustc (it overflowed its stack); 50,000 enum values
/// or schemas take minutes. Past each limit: an error naming the limit and the place.
#[test]
fn very_large_inputs_are_refused_naming_the_limit() {
    use crate::limits::{MAX_ENUM_VALUES, MAX_PROPERTIES, MAX_TYPES};
    let props: Vec<String> = (0..=MAX_PROPERTIES)
        .map(|i| format!("\"p{i}\": {{\"type\": \"string\"}}"))
        .collect();
    let err = generate(
        "schema.json",
        format!(
            "{{\"title\": \"Big\", \"properties\": {{{}}}}}",
            props.join(",")
        ),
    )
    .unwrap_err();
    assert!(
        err.contains(&format!(
            "{} properties in one object; the limit is {MAX_PROPERTIES}",
            MAX_PROPERTIES + 1
        )),
        "{err}"
    );
    assert!(err.contains("--> schema.json#/properties"), "{err}");

    let half = |range: std::ops::Range<usize>| {
        format!(
            "{{\"type\": \"object\", \"properties\": {{{}}}}}",
            props[range].join(",")
        )
    };
    let merged = format!(
        "{{\"title\": \"Big\", \"allOf\": [{}, {}]}}",
        half(0..MAX_PROPERTIES / 2 + 1),
        half(MAX_PROPERTIES / 2 + 1..MAX_PROPERTIES + 1)
    );
    let err = generate("schema.json", merged).unwrap_err();
    assert!(err.contains("`allOf` merges 2001 properties"), "{err}");

    let values: Vec<String> = (0..=MAX_ENUM_VALUES).map(|i| format!("\"v{i}\"")).collect();
    let err = generate(
        "schema.json",
        format!("{{\"title\": \"Big\", \"enum\": [{}]}}", values.join(",")),
    )
    .unwrap_err();
    assert!(
        err.contains(&format!("the limit is {MAX_ENUM_VALUES}")),
        "{err}"
    );
    assert!(err.contains("--> schema.json#/enum"), "{err}");

    let branches: Vec<String> = (0..=MAX_ENUM_VALUES)
        .map(|i| format!("{{\"const\": \"v{i}\"}}"))
        .collect();
    let err = generate(
        "schema.json",
        format!(
            "{{\"title\": \"Big\", \"oneOf\": [{}]}}",
            branches.join(",")
        ),
    )
    .unwrap_err();
    assert!(err.contains("--> schema.json#/oneOf"), "{err}");

    let schemas: Vec<(String, String)> = (0..=MAX_TYPES)
        .map(|i| (format!("S{i}"), r#"{"type": "string"}"#.to_string()))
        .collect();
    let err = generate("schema.json", definitions(&schemas)).unwrap_err();
    assert!(
        err.contains(&format!(
            "the input makes {} root schemas; the limit is {MAX_TYPES}",
            MAX_TYPES + 1
        )),
        "{err}"
    );
}

/// One schema of a random `$ref` graph: how it uses the schemas it refers to.
#[derive(Clone, Debug)]
enum Node {
    Ref(usize),
    AllOf(usize),
    Nullable(usize),
    Array(usize),
    Map(usize),
    Object(usize),
    Union(usize, usize),
    ArrayOfAllOf(usize),
    String,
}

impl Node {
    /// The schema it points at without becoming a type of its own (a pure alias).
    fn alias_of(&self) -> Option<usize> {
        match self {
            Node::Ref(t) | Node::AllOf(t) | Node::Nullable(t) => Some(*t),
            _ => None,
        }
    }

    fn json(&self) -> String {
        let to = |t: &usize| r(&format!("N{t}"));
        match self {
            Node::Ref(t) => to(t),
            Node::AllOf(t) => format!("{{\"allOf\": [{}], \"description\": \"d\"}}", to(t)),
            Node::Nullable(t) => format!("{{\"anyOf\": [{}, {{\"type\": \"null\"}}]}}", to(t)),
            Node::Array(t) => format!("{{\"type\": \"array\", \"items\": {}}}", to(t)),
            Node::Map(t) => format!(
                "{{\"type\": \"object\", \"additionalProperties\": {}}}",
                to(t)
            ),
            Node::Object(t) => format!(
                "{{\"type\": \"object\", \"properties\": {{\"x\": {}}}}}",
                to(t)
            ),
            Node::Union(a, b) => format!("{{\"oneOf\": [{}, {}]}}", to(a), to(b)),
            Node::ArrayOfAllOf(t) => format!(
                "{{\"type\": \"array\", \"items\": {{\"allOf\": [{}]}}}}",
                to(t)
            ),
            Node::String => "{\"type\": \"string\"}".to_string(),
        }
    }
}

fn graph() -> impl Strategy<Value = Vec<Node>> {
    (1usize..7).prop_flat_map(|n| {
        let node = prop_oneof![
            (0..n).prop_map(Node::Ref),
            (0..n).prop_map(Node::AllOf),
            (0..n).prop_map(Node::Nullable),
            (0..n).prop_map(Node::Array),
            (0..n).prop_map(Node::Map),
            (0..n).prop_map(Node::Object),
            (0..n, 0..n).prop_map(|(a, b)| Node::Union(a, b)),
            (0..n).prop_map(Node::ArrayOfAllOf),
            Just(Node::String),
        ];
        prop::collection::vec(node, n)
    })
}

/// Whether following pure aliases from some schema comes back to it.
fn has_alias_cycle(nodes: &[Node]) -> bool {
    (0..nodes.len()).any(|start| {
        let mut at = start;
        for _ in 0..nodes.len() {
            match nodes[at].alias_of() {
                Some(next) if next == start => return true,
                Some(next) => at = next,
                None => return false,
            }
        }
        false
    })
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Any graph of chains, cycles, arrays, maps, `allOf` and unions generates without a panic:
    /// an error exactly when pure aliases form a cycle (or lead into one), else code.
    #[test]
    fn random_ref_graphs_generate_or_fail_cleanly(nodes in graph()) {
        let defs: Vec<(String, String)> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("N{i}"), n.json()))
            .collect();
        let text = definitions(&defs);
        let result = std::panic::catch_unwind(|| generate("schema.json", text.clone()));
        let result = result.map_err(|_| TestCaseError::fail(format!("panicked on {text}")))?;
        // Every schema is a root, so a cycle anywhere is an error.
        let leads_into_cycle = has_alias_cycle(&nodes);
        match result {
            Ok(output) => {
                prop_assert!(!leads_into_cycle, "generated despite an alias cycle: {text}");
                prop_assert!(syn::parse_file(&output.files["src/generated/types.rs"]).is_ok());
            }
            Err(err) => {
                prop_assert!(leads_into_cycle, "{err}\n{text}");
                prop_assert!(err.contains("cyclic `$ref` chain"), "{err}\n{text}");
            }
        }
    }
}

/// Every stage follows `$ref` chains by the same rule: any length resolves, a cycle is the same
/// error naming where the chain starts. `allOf` members and OpenAPI parameters once stopped at
/// 32 links.
#[test]
fn an_all_of_member_and_a_parameter_behind_long_ref_chains_resolve() {
    let n = 40;
    let mut defs: Vec<(String, String)> = (0..n)
        .map(|i| (format!("L{i}"), r(&format!("L{}", i + 1))))
        .collect();
    defs.push((
        format!("L{n}"),
        r#"{"type": "object", "properties": {"far": {"type": "string"}}}"#.into(),
    ));
    defs.push(("Merged".into(), format!("{{\"allOf\": [{}, {{\"type\": \"object\", \"properties\": {{\"near\": {{\"type\": \"integer\"}}}}}}]}}", r("L0"))));
    let output = generate("schema.json", definitions(&defs)).unwrap();
    let types = &output.files["src/generated/types.rs"];
    let merged = &types[types.find("pub struct Merged").expect("Merged")..];
    let merged = &merged[..merged.find("\n}").unwrap()];
    assert!(
        merged.contains("pub far: Option<String>") && merged.contains("pub near: Option<i64>"),
        "{merged}"
    );

    let mut parameters =
        vec![r##"{"name": "limit", "in": "query", "schema": {"type": "integer"}}"##.to_string()];
    for i in 1..=n {
        parameters.push(format!(
            "{{\"$ref\": \"#/components/parameters/P{}\"}}",
            i - 1
        ));
    }
    let parameters: Vec<String> = parameters
        .iter()
        .enumerate()
        .map(|(i, p)| format!("\"P{i}\": {p}"))
        .collect();
    let doc = format!(
        r##"{{"openapi": "3.0.0", "info": {{"title": "t", "version": "1"}},
            "paths": {{"/items": {{"get": {{"operationId": "list_items", "parameters": [{{"$ref": "#/components/parameters/P{n}"}}],
                "responses": {{"200": {{"description": "ok"}}}}}}}}}},
            "components": {{"parameters": {{{}}}}}}}"##,
        parameters.join(", ")
    );
    let output = generate("openapi.json", doc).unwrap();
    assert!(output.files["src/generated/types.rs"].contains("pub limit: Option<i64>"));
}

#[test]
fn a_ref_cycle_between_all_of_members_is_the_cyclic_chain_error() {
    let text = definitions(&[
        (
            "A".into(),
            format!(
                "{{\"allOf\": [{}, {{\"type\": \"object\", \"properties\": {{\"a\": {{}}}}}}]}}",
                r("B")
            ),
        ),
        ("B".into(), r("C")),
        ("C".into(), r("B")),
    ]);
    let err = generate("schema.json", text).unwrap_err();
    assert!(err.contains("cyclic `$ref` chain"), "{err}");
    assert!(
        err.contains("--> schema.json#/definitions/A/allOf/0"),
        "{err}"
    );
}

/// Two schemas extending each other through `allOf` once overflowed the generator's stack; each
/// needs the other merged first, which is an error at the member that closes the cycle.
#[test]
fn schemas_extending_each_other_through_all_of_are_an_error_at_the_member() {
    let extends = |other: &str, property: &str| {
        format!(
            "{{\"allOf\": [{}, {{\"type\": \"object\", \"properties\": {{\"{property}\": {{}}}}}}]}}",
            r(other)
        )
    };
    let text = definitions(&[
        ("A".into(), extends("B", "a")),
        ("B".into(), extends("A", "b")),
    ]);
    let err = on_small_stack(move || generate("schema.json", text)).unwrap_err();
    assert!(
        err.contains("cyclic `allOf`: schema.json#/definitions/A is merged into itself"),
        "{err}"
    );
    assert!(
        err.contains("--> schema.json#/definitions/B/allOf/0\n"),
        "{err}"
    );
}

/// A chain of schemas each extending the next through `allOf` merges within the limit and is
/// an error naming the member past it (it once recursed without bound).
#[test]
fn long_chains_of_all_of_extensions_are_bounded_with_an_error() {
    let limit = crate::limits::MAX_SCHEMA_DEPTH;
    let chain = |n: usize| {
        let defs: Vec<(String, String)> = (0..n)
            .map(|i| {
                let own = format!(
                    "{{\"type\": \"object\", \"properties\": {{\"p{i}\": {{\"type\": \"integer\"}}}}}}"
                );
                let schema = if i + 1 == n {
                    own
                } else {
                    format!("{{\"allOf\": [{}, {own}]}}", r(&format!("S{}", i + 1)))
                };
                (format!("S{i}"), schema)
            })
            .collect();
        definitions(&defs)
    };
    let text = chain(limit + 10);
    let err = on_small_stack(move || generate("schema.json", text)).unwrap_err();
    assert!(
        err.contains(&format!(
            "`allOf` members extend each other more than {limit} levels deep"
        )),
        "{err}"
    );
    assert!(err.contains("--> schema.json#/definitions/S"), "{err}");
    let text = chain(limit / 4);
    let output = on_small_stack(move || generate("schema.json", text)).unwrap();
    let TypeKind::Struct(s0) = kind(&output, "S0") else {
        panic!("S0 is not a struct");
    };
    assert_eq!(s0.fields.len(), limit / 4);
}

/// A query parameter defined in another file (and its schema, referenced from there) is a field
/// of the operation's query struct like one of the entry document's.
#[test]
fn a_query_parameter_defined_in_another_file_is_a_field_of_the_query_struct() {
    let mut inputs = inputs(
        "openapi.json",
        r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {"/items": {"get": {"operationId": "list_items",
                "parameters": [{"$ref": "params/common.json#/Limit"}],
                "responses": {"200": {"description": "ok"}}}}}}"##,
    );
    inputs.add(
        "params/common.json",
        r##"{"Limit": {"name": "limit", "in": "query", "required": true,
                "description": "How many.", "schema": {"$ref": "#/Count"}},
            "Count": {"type": "integer", "minimum": 1}}"##
            .to_string(),
    );
    let output = crate::generate(&Settings::new().entry("openapi.json"), &inputs).unwrap();
    assert_eq!(output.warnings, []);
    let TypeKind::Struct(query) = kind(&output, "ListItemsQuery") else {
        panic!("the query is not a struct");
    };
    let [limit] = query.fields.as_slice() else {
        panic!("{:?}", query.fields);
    };
    assert_eq!(
        (limit.json_name.as_str(), limit.required, &limit.docs),
        ("limit", true, &vec!["How many.".to_string()])
    );
    assert_eq!(limit.ty.kind, TyKind::Integer(crate::model::IntType::I64));
    assert_eq!(limit.ty.checks.minimum, Some(1.0));
}

/// Query parameters are read from the document where they are written (no synthesized schema
/// file): what is wrong with one names the parameter's own place.
#[test]
fn findings_about_a_query_parameter_name_the_parameter_in_the_document() {
    let doc = |param: &str| {
        format!(
            r##"{{"openapi": "3.0.0", "info": {{"title": "t", "version": "1"}},
                "paths": {{"/items": {{"get": {{"operationId": "list_items", "parameters": [{param}],
                    "responses": {{"200": {{"description": "ok"}}}}}}}}}}}}"##
        )
    };
    let output = generate(
        "openapi.json",
        doc(r#"{"name": "limit", "in": "query", "description": "limit_description", "schema": {"type": "integer"}}"#),
    )
    .unwrap();
    let places: Vec<String> = output.warnings.iter().map(|w| w.loc.to_string()).collect();
    assert_eq!(
        places,
        ["openapi.json#/paths/~1items/get/parameters/0/description"]
    );
    assert!(output.files["src/generated/types.rs"].contains("pub struct ListItemsQuery"));

    let err = generate(
        "openapi.json",
        doc(r#"{"name": "limit", "in": "query", "content": {"application/json": {}}}"#),
    )
    .unwrap_err();
    assert!(
        err.contains("query parameter `limit` has no `schema`"),
        "{err}"
    );
    assert!(
        err.contains("--> openapi.json#/paths/~1items/get/parameters/0\n"),
        "{err}"
    );
}
