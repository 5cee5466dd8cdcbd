//! OpenAPI 3.0 and 3.1 / JSON Schema 2020-12 and draft-07 constructs map to the same model;
//! what the generator does not map is reported with its JSON Pointer.

use codegen::internals::model::{Presence, TyKind, TypeKind, VariantKind};
use codegen::{Inputs, Settings, WarningKind};

fn generate(entry: &str, text: &str) -> codegen::Output {
    let mut inputs = Inputs::default();
    inputs.add(entry, text);
    codegen::generate(&Settings::new().entry(entry), &inputs).unwrap_or_else(|e| panic!("{e}"))
}

fn tags(output: &codegen::Output, name: &str) -> Vec<String> {
    let TypeKind::Union(u) = &output.model().types[name].kind else {
        panic!("{name} is not a union")
    };
    u.tag_values().cloned().collect()
}

fn fields(output: &codegen::Output, name: &str) -> Vec<(String, Presence)> {
    let TypeKind::Struct(s) = &output.model().types[name].kind else {
        panic!("{name} is not a struct")
    };
    s.fields
        .iter()
        .map(|f| (f.json_name.clone(), f.presence()))
        .collect()
}

/// Each warning's place and kind.
fn warnings(output: &codegen::Output) -> Vec<(String, WarningKind)> {
    output
        .warnings
        .iter()
        .map(|w| (w.loc.to_string(), w.kind))
        .collect()
}

const PETS_3_0: &str = r##"
openapi: 3.0.3
info: {title: pets, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      discriminator: {propertyName: pet_type}
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
    MappedPet:
      discriminator: {propertyName: pet_type, mapping: {cat: '#/components/schemas/Cat', dog: Dog}}
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
    Cat:
      type: object
      required: [pet_type]
      properties:
        pet_type: {type: string}
        lives: {type: integer, nullable: true}
    Dog:
      type: object
      required: [pet_type]
      properties:
        pet_type: {type: string}
        owner: {allOf: [{$ref: '#/components/schemas/Owner'}], nullable: true}
    Owner: {type: object, properties: {name: {type: string}}}
"##;

#[test]
fn openapi_3_0_discriminator_without_mapping_uses_schema_names() {
    let output = generate("openapi.yaml", PETS_3_0);
    assert_eq!(tags(&output, "Pet"), ["Cat", "Dog"]);
}

#[test]
fn openapi_3_0_discriminator_mapping_gives_the_tag_values() {
    let output = generate("openapi.yaml", PETS_3_0);
    assert_eq!(tags(&output, "MappedPet"), ["cat", "dog"]);
}

#[test]
fn openapi_3_0_nullable_and_all_of_with_nullable_become_nullable_fields() {
    let output = generate("openapi.yaml", PETS_3_0);
    let TypeKind::Union(u) = &output.model().types["Pet"].kind else {
        panic!()
    };
    let payload = u.variants.iter().find_map(|v| match &v.kind {
        VariantKind::Tagged { tag_value, payload } if tag_value == "Dog" => Some(payload.clone()),
        _ => None,
    });
    let Some(payload) = payload else {
        panic!("no Dog variant")
    };
    let TyKind::Named(dog) = payload.kind else {
        panic!()
    };
    // The discriminator property is the tag, so the payload does not repeat it.
    assert_eq!(
        fields(&output, &dog),
        [("owner".to_string(), Presence::OptionalNullable)]
    );
}

const SCHEMAS_3_1: &str = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {
    "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
    "Extended": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"note": {"type": ["string", "null"]}}}]},
    "MaybeBase": {"anyOf": [{"$ref": "#/components/schemas/Base"}, {"type": "null"}]},
    "Versioned": {"type": "object", "required": ["version"], "properties": {"version": {"const": "v1"}, "size": {"type": ["integer", "string"]}}},
    "Refs": {"type": "object", "properties": {"base": {"$ref": "#/components/schemas/Base", "maxItems": 3}, "odd": {"type": "string", "not": {"const": "a"}}}}
}}}"##;

#[test]
fn openapi_3_1_all_of_ref_with_siblings_merges_the_properties() {
    let output = generate("openapi.json", SCHEMAS_3_1);
    assert_eq!(
        fields(&output, "Extended"),
        [
            ("id".to_string(), Presence::Required),
            ("note".to_string(), Presence::OptionalNullable)
        ]
    );
}

#[test]
fn a_named_any_of_with_a_null_branch_is_one_type_not_two_with_one_name() {
    let output = generate("openapi.json", SCHEMAS_3_1);
    assert!(
        matches!(&output.model().types["MaybeBase"].kind, TypeKind::Alias(ty) if ty.kind == TyKind::Named("Base".into()))
    );
}

#[test]
fn const_and_type_arrays_are_mapped() {
    let output = generate("openapi.json", SCHEMAS_3_1);
    let TypeKind::Struct(s) = &output.model().types["Versioned"].kind else {
        panic!()
    };
    assert_eq!(s.fields[0].ty.checks.constant.as_deref(), Some("v1"));
    assert!(
        matches!(&s.fields[1].ty.kind, TyKind::Named(n) if matches!(output.model().types[n].kind, TypeKind::Union(_)))
    );
}

#[test]
fn unmapped_keywords_are_warnings_with_their_pointer() {
    let output = generate("openapi.json", SCHEMAS_3_1);
    let found = warnings(&output);
    assert!(
        found.contains(&(
            "openapi.json#/components/schemas/Refs/properties/base/maxItems".into(),
            WarningKind::UnsupportedKeyword
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "openapi.json#/components/schemas/Refs/properties/odd/not".into(),
            WarningKind::UnsupportedKeyword
        )),
        "{found:?}"
    );
}

#[test]
fn draft_07_definitions_and_2020_12_defs_become_named_types() {
    let draft07 = r##"{"definitions": {"Address": {"type": "object", "properties": {"street": {"type": "string"}}}, "Person": {"type": "object", "properties": {"home": {"$ref": "#/definitions/Address"}}}}}"##;
    let output = generate("schema.json", draft07);
    assert!(
        output.model().types.contains_key("Address") && output.model().types.contains_key("Person")
    );
    let defs = r##"{"$defs": {"Leaf": {"type": "object", "properties": {"x": {"type": "integer"}}}}, "title": "Tree", "type": "object", "properties": {"leaf": {"$ref": "#/$defs/Leaf"}}}"##;
    let output = generate("tree.json", defs);
    assert!(
        output.model().types.contains_key("Leaf"),
        "{:?}",
        output.model().types.keys().collect::<Vec<_>>()
    );
}

#[test]
fn recursive_schemas_are_boxed_only_where_needed() {
    let text = r##"{"definitions": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/Node"}, "children": {"type": "array", "items": {"$ref": "#/definitions/Node"}}}}}}"##;
    let output = generate("schema.json", text);
    let code = &output.files["src/generated/types.rs"];
    assert!(code.contains("pub next: Option<Box<Node>>"), "{code}");
    assert!(code.contains("pub children: Option<Vec<Node>>"), "{code}");
}

#[test]
fn invalid_yaml_names_the_file_and_line() {
    let mut inputs = Inputs::default();
    inputs.add(
        "openapi.yaml",
        "openapi: 3.0.0\ncomponents:\n  schemas: [unclosed\n",
    );
    let error = codegen::generate(&Settings::new().entry("openapi.yaml"), &inputs)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("openapi.yaml is not valid YAML") && error.contains("line"),
        "{error}"
    );
}

#[test]
fn integer_formats_choose_the_rust_integer_type() {
    use codegen::internals::model::IntType;
    let output = generate(
        "widths.json",
        r#"{"title": "Widths", "type": "object", "properties": {
            "a": {"type": "integer", "format": "int32"},
            "b": {"type": "integer", "format": "uint64"},
            "c": {"type": "integer", "format": "int64"},
            "d": {"type": "integer"},
            "e": {"type": "integer", "format": "timestamp"},
            "f": {"type": "array", "items": {"type": "integer", "format": "uint8"}}
        }}"#,
    );
    let TypeKind::Struct(s) = &output.model().types["Widths"].kind else {
        panic!("Widths is a struct")
    };
    let kinds: Vec<&TyKind> = s.fields.iter().map(|f| &f.ty.kind).collect();
    assert_eq!(
        kinds[..5],
        [
            &TyKind::Integer(IntType::I32),
            &TyKind::Integer(IntType::U64),
            &TyKind::Integer(IntType::I64),
            &TyKind::Integer(IntType::I64),
            &TyKind::Integer(IntType::I64),
        ]
    );
    let code = &output.files["src/generated/types.rs"];
    for field in [
        "pub a: Option<i32>",
        "pub b: Option<u64>",
        "pub d: Option<i64>",
        "pub f: Option<Vec<u8>>",
    ] {
        assert!(code.contains(field), "{field}");
    }
    assert!(
        output.warnings.is_empty(),
        "`format` is an annotation: {:?}",
        output.warnings
    );
}

#[test]
fn untagged_branches_of_one_json_type_become_variants_tried_in_order_with_a_warning() {
    let output = generate(
        "openapi.yaml",
        r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Owner:
      oneOf: [{$ref: '#/components/schemas/Person'}, {$ref: '#/components/schemas/Shelter'}, {type: string}]
    Person: {type: object, required: [name], properties: {name: {type: string}}}
    Shelter: {type: object, required: [address], properties: {address: {type: string}}}
    Amount:
      anyOf: [{type: integer}, {type: number}]
"##,
    );
    let TypeKind::Union(owner) = &output.model().types["Owner"].kind else {
        panic!("Owner is a union")
    };
    let names: Vec<&str> = owner
        .variants
        .iter()
        .map(|v| v.ident.name.as_str())
        .collect();
    assert_eq!(names, ["Person", "Shelter", "Text"]);
    let found = warnings(&output);
    assert_eq!(
        found,
        [
            (
                "openapi.yaml#/components/schemas/Amount/anyOf/0".to_string(),
                WarningKind::UntaggedUnion
            ),
            (
                "openapi.yaml#/components/schemas/Owner/oneOf/0".to_string(),
                WarningKind::UntaggedUnion
            ),
        ]
    );
    let TypeKind::Union(amount) = &output.model().types["Amount"].kind else {
        panic!("Amount is a union")
    };
    assert!(matches!(
        &amount.variants[..],
        [a, b] if a.ident.name == "Integer" && b.ident.name == "Number"
    ));
}

#[test]
fn exclusive_bounds_in_both_dialects_multiple_of_unique_items_and_min_properties_are_checks() {
    let output = generate(
        "bounds.json",
        r#"{"title": "Bounds", "type": "object", "properties": {
            "old": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": false},
            "new": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "multipleOf": 2},
            "set": {"type": "array", "uniqueItems": true, "items": {"type": "string"}},
            "map": {"type": "object", "minProperties": 2, "additionalProperties": {"type": "string"}}
        }}"#,
    );
    let TypeKind::Struct(s) = &output.model().types["Bounds"].kind else {
        panic!("Bounds is a struct")
    };
    let checks: Vec<&codegen::internals::model::Checks> =
        s.fields.iter().map(|f| &f.ty.checks).collect();
    assert_eq!(
        (
            checks[0].minimum,
            checks[0].exclusive_minimum,
            checks[0].maximum,
            checks[0].exclusive_maximum
        ),
        (None, Some(0.0), Some(1.0), None),
        "OpenAPI 3.0: `true` makes `minimum` exclusive, `false` leaves `maximum` inclusive"
    );
    assert_eq!(
        (
            checks[1].exclusive_minimum,
            checks[1].exclusive_maximum,
            checks[1].multiple_of
        ),
        (Some(0.0), Some(10.0), Some(2.0))
    );
    assert!(checks[2].unique_items);
    assert_eq!(checks[3].min_properties, Some(2));
    assert_eq!(warnings(&output), []);

    let mut inputs = Inputs::default();
    inputs.add("bad.json", r#"{"type": "number", "multipleOf": 0}"#);
    let error = codegen::generate(&Settings::new().entry("bad.json"), &inputs).unwrap_err();
    assert!(
        error.to_string().contains("bad.json#/multipleOf"),
        "{error}"
    );
}

#[test]
fn patterns_the_regex_crate_reads_are_checks_and_others_are_warnings() {
    let schema = r#"{"title": "Codes", "type": "object", "properties": {
        "code": {"type": "string", "pattern": "^[a-z]+$"},
        "lookahead": {"type": "string", "pattern": "^(?=a)"},
        "beside_enum": {"type": "string", "enum": ["a", "b"], "pattern": "^a$"}
    }}"#;
    let output = generate("codes.json", schema);
    let TypeKind::Struct(s) = &output.model().types["Codes"].kind else {
        panic!("Codes is a struct")
    };
    assert_eq!(s.fields[0].ty.checks.pattern.as_deref(), Some("^[a-z]+$"));
    assert_eq!(s.fields[1].ty.checks.pattern, None);
    assert!(output.uses_patterns());
    let code = &output.files["src/generated/types.rs"];
    // The `Object` derive turns the fact into the check (`validate::check::Pattern`); only the
    // pattern the regex crate reads is stated.
    assert!(
        code.contains(r#"#[api(pattern = "^[a-z]+$")]"#) && code.matches("pattern =").count() == 1,
        "{code}"
    );
    let found = warnings(&output);
    assert_eq!(
        found,
        [
            (
                "codes.json#/properties/beside_enum/pattern".to_string(),
                WarningKind::UnsupportedKeyword
            ),
            (
                "codes.json#/properties/lookahead/pattern".to_string(),
                WarningKind::UnsupportedKeyword
            ),
        ]
    );
    assert!(
        output.warnings[1]
            .message
            .contains("the `regex` crate cannot read it"),
        "{}",
        output.warnings[1]
    );

    let mut inputs = Inputs::default();
    inputs.add("codes.json", schema);
    let off = codegen::generate(
        &Settings::new().entry("codes.json").patterns(false),
        &inputs,
    )
    .unwrap();
    assert!(!off.uses_patterns());
    assert_eq!(
        warnings(&off).len(),
        3,
        "with pattern checks off every `pattern` is reported"
    );
}
