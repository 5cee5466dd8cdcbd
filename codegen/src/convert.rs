//! Stage 3: normalized schemas become the model. One function per schema construct, all
//! dispatched from `Converter::ty` (every place a schema can stand):
//!
//! | construct                               | function                          |
//! |-----------------------------------------|-----------------------------------|
//! | `$ref` (a type of its own, or inlined)  | `ty_of_ref`, `plain_ref`          |
//! | boolean, integer, number                | `ty` itself (a primitive + checks)|
//! | string, string enum, `const`            | `string`                          |
//! | array                                   | `array`                           |
//! | object: map, free-form or struct        | `object`, `structure`             |
//! | `oneOf` / `anyOf` (strategy chain)      | `union_kind` (`flatten_nested` first) |
//! | an operation's query parameters         | `run` (normalized by the normalizer) |
//! | roots (with a selection: only those referred to) | `run`, `root`, `keep_referenced` |
//!
//! The converter only reads the normalized schemas (`crate::normalize::Normalized`, made in one
//! pass before it runs); `$ref` chains are followed by `crate::resolve`.
//!
//! Types are built bottom-up into an arena. A type's structural key (its definition without
//! docs, with children already deduplicated) decides identity, so structurally identical
//! schemas anywhere in the inputs become one Rust type. Names are assigned afterwards, top-down,
//! from the candidates every occurrence contributed (component and definition names, titles,
//! property names, tag values), preferring short names and qualifying them by their parent only
//! when they collide.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostics::{Diagnostics, Error, Loc, WarningKind};
use crate::docs::doc_lines;
use crate::limits;
use crate::model::{self, Checks, EnumValue, Model, StringEnum, Tagging, TypeId};
use crate::naming::{self, Ident, Scope};
use crate::normalize::{
    Additional, Discriminator, Kind, Normalized, ObjectSchema, Range, Schema, StringSchema,
};
use crate::openapi::Root;
use crate::resolve::{self, Step};

// While converting, types refer to each other by arena id; `finish` swaps ids for names.
type TypeDef = model::TypeDef<TypeId>;
type TypeKind = model::TypeKind<TypeId>;
type Struct = model::Struct<TypeId>;
type Extra = model::Extra<TypeId>;
type Field = model::Field<TypeId>;
type Union = model::Union<TypeId>;
type Variant = model::Variant<TypeId>;
type VariantKind = model::VariantKind<TypeId>;
type Ty = model::Ty<TypeId>;
type TyKind = model::TyKind<TypeId>;

/// Per-type data of the conversion arena, indexed by [`TypeId`].
#[derive(Debug)]
struct Arena<T>(Vec<T>);

impl<T> Arena<T> {
    fn ids(&self) -> impl Iterator<Item = TypeId> {
        (0..self.0.len()).map(TypeId)
    }
}

impl<T> std::ops::Index<TypeId> for Arena<T> {
    type Output = T;
    fn index(&self, id: TypeId) -> &T {
        &self.0[id.index()]
    }
}

impl<T> std::ops::IndexMut<TypeId> for Arena<T> {
    fn index_mut(&mut self, id: TypeId) -> &mut T {
        &mut self.0[id.index()]
    }
}

/// The property whose one value makes an object alone a one-variant tagged union.
const SOLE_TAG: &str = "type";

/// The longest generated type name we accept before qualifying differently.
pub const MAX_TYPE_NAME: usize = 40;

/// Property names too generic to name a type on their own (`Status` of what?).
const GENERIC: &[&str] = &[
    "Type",
    "Status",
    "Role",
    "Detail",
    "Details",
    "Object",
    "Content",
    "Data",
    "Value",
    "Kind",
    "Format",
    "Item",
    "Mode",
    "Reason",
    "Code",
    "Text",
    "Static",
    "Delta",
    "Error",
    "Id",
    "Name",
    "Output",
    "Result",
    "Parameters",
    "Array",
    "Integer",
    "Number",
    "Bool",
];

/// Words dropped from a parent's name when it qualifies a child's name.
const STEM_SUFFIXES: &[&str] = &["Object", "Request", "Response", "Body"];

#[derive(Clone, Debug)]
struct Candidate {
    /// 0: component/definition name (taken as is), 1: title, 2: property or tag derived.
    prio: u8,
    base: String,
    generic: bool,
    /// Qualify as `Parent + base` (false) or `base + Parent` (true, tag-derived payloads).
    suffix: bool,
    parent: Option<TypeId>,
    depth: usize,
    seq: usize,
}

/// What the surrounding schema says about the type being converted, for naming.
#[derive(Clone, Debug)]
struct Ctx {
    parent: Option<TypeId>,
    depth: usize,
    hint: Hint,
}

/// What a `$ref` was converted for: a type (the parent of the reference) or, outside any
/// type, a root (its index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Type(TypeId),
    Root(usize),
}

#[derive(Clone, Debug)]
enum Hint {
    None,
    Named(String),
    Property(String),
    Items {
        property: Option<String>,
        title: Option<String>,
    },
    /// The values of a map (`additionalProperties`): the property holding it, if any.
    Values {
        property: Option<String>,
    },
    TagPayload(String),
    /// The payload of a one-variant union made from an object with a one-value `type`
    /// (`sole_variant`): named only after its tag value and its union.
    SoleVariant(String),
    Branch(&'static str),
}

pub struct Converter<'a> {
    /// Every schema the roots reach, normalized.
    normalized: &'a Normalized,
    diags: &'a mut Diagnostics,
    named_locs: BTreeMap<Loc, String>,
    loc_ids: BTreeMap<(Loc, Option<String>), TypeId>,
    defs: Arena<Option<TypeDef>>,
    forward: Arena<TypeId>,
    in_progress: BTreeSet<TypeId>,
    recursive: BTreeSet<TypeId>,
    /// Plain (non-struct) schemas behind `$ref`s being converted, with the newtype they become
    /// once found to contain themselves.
    inlining: BTreeMap<Loc, Option<TypeId>>,
    /// Where each `$ref` chain ends (see [`Self::resolved`]).
    targets: BTreeMap<Loc, Schema>,
    /// Every `$ref` converted as a type: who converted it and where it points (both ends of
    /// the chain).
    refs: Vec<(Owner, Loc)>,
    /// The index of the root being converted.
    root: usize,
    /// How deeply [`Self::ty`] calls are nested now.
    depth: usize,
    /// Structural identity: the stripped tag value and the definition without its docs.
    interner: HashMap<(Option<String>, TypeKind), TypeId>,
    candidates: Arena<Vec<Candidate>>,
    seq: usize,
    /// The names given instead of others (`Settings::rename_type`).
    renames: BTreeMap<String, String>,
}

impl<'a> Converter<'a> {
    /// Converts the schemas of `normalized`; its own warnings go to `diags`.
    pub fn new(normalized: &'a Normalized, diags: &'a mut Diagnostics) -> Self {
        Self {
            normalized,
            diags,
            named_locs: BTreeMap::new(),
            loc_ids: BTreeMap::new(),
            defs: Arena(Vec::new()),
            forward: Arena(Vec::new()),
            in_progress: BTreeSet::new(),
            recursive: BTreeSet::new(),
            inlining: BTreeMap::new(),
            targets: BTreeMap::new(),
            refs: Vec::new(),
            root: 0,
            depth: 0,
            interner: HashMap::new(),
            candidates: Arena(Vec::new()),
            seq: 0,
            renames: BTreeMap::new(),
        }
    }

    /// Names `to` the type that would be named `from`.
    pub fn rename(&mut self, from: &str, to: &str) {
        self.renames.insert(from.to_string(), to.to_string());
    }

    /// The name a type gets instead of `name`: its rename, or itself.
    fn renamed(&self, name: String) -> String {
        self.renames.get(&name).cloned().unwrap_or(name)
    }

    /// Registers a name for a location (a component or a `definitions` entry).
    pub fn name_location(&mut self, loc: Loc, name: &str) {
        self.named_locs
            .entry(loc)
            .or_insert_with(|| name.to_string());
    }

    /// Converts every root, then names every type. `request_roots` get builders, as does
    /// everything reachable from them. The roots named in `on_demand` (with a selection, the
    /// component schemas no selected operation names) are kept only when what is kept refers to
    /// them (`keep_referenced`).
    pub fn run(
        mut self,
        roots: &[(String, Root)],
        request_roots: &BTreeSet<String>,
        on_demand: &BTreeSet<String>,
    ) -> Result<Model, Error> {
        for (name, root) in roots {
            if let Root::Schema(loc) = root {
                self.name_location(loc.clone(), name);
            }
        }
        let mut root_ids = Vec::new();
        for (i, (name, root)) in roots.iter().enumerate() {
            self.root = i;
            root_ids.push((name.clone(), self.root(name, root)?));
        }
        if !on_demand.is_empty() {
            root_ids = self.keep_referenced(roots, root_ids, on_demand);
        }
        let names = self.assign_names(&root_ids)?;
        self.finish(root_ids, names, request_roots)
    }

    /// Drops the roots named in `on_demand` that nothing kept refers to, with the types only
    /// they reach: a schema reached only as the envelope of a tagged union's branch, as a union
    /// flattened into another (`flatten_nested`) or as an `allOf` member merged away is no type
    /// of its own. The other roots are kept, and what kept types and roots refer to, through
    /// `$ref`s (also those inlined) or directly.
    fn keep_referenced(
        &mut self,
        roots: &[(String, Root)],
        root_ids: Vec<(String, TypeId)>,
        on_demand: &BTreeSet<String>,
    ) -> Vec<(String, TypeId)> {
        let mut kept_roots: BTreeSet<usize> = (0..roots.len())
            .filter(|&i| !on_demand.contains(&roots[i].0))
            .collect();
        let mut kept_types: BTreeSet<TypeId> = BTreeSet::new();
        let mut stack: Vec<TypeId> = kept_roots.iter().map(|&i| root_ids[i].1).collect();
        loop {
            while let Some(id) = stack.pop() {
                let id = self.resolve(id);
                if !kept_types.insert(id) {
                    continue;
                }
                if let Some(def) = &self.defs[id] {
                    stack.extend(def.kind.referenced());
                }
            }
            let kept_locs: BTreeSet<&Loc> = self
                .refs
                .iter()
                .filter(|(owner, _)| match owner {
                    Owner::Type(id) => kept_types.contains(&self.resolve(*id)),
                    Owner::Root(i) => kept_roots.contains(i),
                })
                .map(|(_, loc)| loc)
                .collect();
            let more: Vec<usize> = (0..roots.len())
                .filter(|i| !kept_roots.contains(i))
                .filter(|&i| matches!(&roots[i].1, Root::Schema(loc) if kept_locs.contains(loc)))
                .collect();
            if more.is_empty() {
                break;
            }
            for i in more {
                kept_roots.insert(i);
                stack.push(root_ids[i].1);
            }
        }
        for id in self.defs.ids() {
            if !kept_types.contains(&id) {
                self.defs[id] = None;
            }
        }
        root_ids
            .into_iter()
            .enumerate()
            .filter(|(i, _)| kept_roots.contains(i))
            .map(|(_, root)| root)
            .collect()
    }

    fn owner(&self, ctx: &Ctx) -> Owner {
        ctx.parent.map_or(Owner::Root(self.root), Owner::Type)
    }

    /// Converts one root: the type it names.
    fn root(&mut self, name: &str, root: &Root) -> Result<TypeId, Error> {
        let ctx = Ctx {
            parent: None,
            depth: 0,
            hint: Hint::Named(name.to_string()),
        };
        let loc = match root {
            Root::Schema(loc) => loc,
            Root::Query(query) => {
                // Each operation's query struct is its own type, named after the
                // operation: never shared with another operation's identical one (no
                // `GetRunStepQuery = CreateRunQuery`), nor with an ordinary schema.
                let schema = self.normalized.query(name).ok_or_else(|| {
                    Error::schema(
                        &query.loc,
                        "these query parameters were not normalized before conversion",
                        "this is a bug in the generator; please report it with the input",
                    )
                })?;
                let id = self.reserve();
                self.add_candidate(id, &ctx, schema);
                let inner = Ctx {
                    parent: Some(id),
                    depth: 1,
                    hint: Hint::None,
                };
                let def = self.definition(schema, &inner, id, None)?;
                self.defs[id] = Some(def);
                self.candidates[id].push(root_candidate(name));
                return Ok(self.resolve(id));
            }
        };
        // A reference (of any length) to a plain schema, or a plain schema, is an alias.
        let ty = self.ty_of_ref(loc, &ctx, None)?;
        let id = match (&ty.kind, ty.checks.is_empty()) {
            (TyKind::Named(id), true) => *id,
            _ => {
                let schema = self.schema_at(loc)?;
                let schema = self.target(schema)?;
                let id = self.reserve();
                self.defs[id] = Some(TypeDef {
                    name: placeholder(),
                    docs: docs(&schema),
                    kind: TypeKind::Alias(Box::new(ty)),
                    builder: false,
                });
                id
            }
        };
        self.candidates[id].push(root_candidate(name));
        Ok(self.resolve(id))
    }

    // ----- schemas -------------------------------------------------------------------------

    fn schema_at(&self, loc: &Loc) -> Result<&'a Schema, Error> {
        self.normalized.schema(loc)
    }

    /// Follows `$ref`s to the schema that defines the shape (nullable if any step is).
    fn target(&mut self, schema: &Schema) -> Result<Schema, Error> {
        let Kind::Ref(first) = &schema.kind else {
            return Ok(schema.clone());
        };
        let resolved = self.resolved(first, &schema.loc)?;
        Ok(Schema {
            nullable: schema.nullable || resolved.nullable,
            ..resolved
        })
    }

    /// The schema a chain of `$ref`s starting at `start` ends at, remembered for every location
    /// on the chain, so that resolving every link of a long chain takes linear time.
    fn resolved(&mut self, start: &Loc, from: &Loc) -> Result<Schema, Error> {
        let mut chain: Vec<(Loc, bool)> = Vec::new();
        let mut result = resolve::follow(from, start.clone(), "a schema", |loc| {
            if let Some(done) = self.targets.get(loc) {
                return Ok(Step::Done(done.clone()));
            }
            let next = self.schema_at(loc)?;
            Ok(match &next.kind {
                Kind::Ref(to) => {
                    chain.push((loc.clone(), next.nullable));
                    Step::Ref(to.clone())
                }
                _ => {
                    self.targets.insert(loc.clone(), next.clone());
                    Step::Done(next.clone())
                }
            })
        })?;
        for (loc, nullable) in chain.into_iter().rev() {
            result.nullable |= nullable;
            self.targets.insert(loc, result.clone());
        }
        Ok(result)
    }

    fn complex(&self, schema: &Schema) -> bool {
        match &schema.kind {
            Kind::String(s) => s.values.as_ref().is_some_and(|v| v.len() > 1),
            Kind::Object(o) => !o.properties.is_empty() || o.additional == Additional::Forbidden,
            Kind::Union(_) => true,
            Kind::Ref(_) => true,
            _ => false,
        }
    }

    // ----- arena -----------------------------------------------------------------------------

    fn reserve(&mut self) -> TypeId {
        let id = TypeId(self.defs.0.len());
        self.defs.0.push(None);
        self.forward.0.push(id);
        self.candidates.0.push(Vec::new());
        id
    }

    fn resolve(&self, mut id: TypeId) -> TypeId {
        while self.forward[id] != id {
            id = self.forward[id];
        }
        id
    }

    fn named(&self, id: TypeId) -> Ty {
        Ty::plain(TyKind::Named(self.resolve(id)))
    }

    fn add_candidate(&mut self, id: TypeId, ctx: &Ctx, schema: &Schema) {
        self.seq += 1;
        let seq = self.seq;
        let (parent, depth) = (ctx.parent, ctx.depth);
        let mut push = |prio: u8, base: String, generic: bool, suffix: bool| {
            if !base.is_empty() {
                self.candidates[id].push(Candidate {
                    prio,
                    base,
                    generic,
                    suffix,
                    parent,
                    depth,
                    seq,
                });
            }
        };
        if let Hint::SoleVariant(tag) = &ctx.hint {
            // The schema's own names belong to the union around it.
            push(2, naming::type_name(tag).name, false, true);
            return;
        }
        if let Some(name) = self.named_locs.get(&schema.loc) {
            push(0, name.clone(), false, false);
        }
        if let Hint::Named(name) = &ctx.hint {
            push(0, name.clone(), false, false);
        }
        if let Some(title) = &schema.title {
            let name = naming::type_name(title).name;
            push(1, name, false, false);
        }
        match &ctx.hint {
            Hint::None | Hint::Named(_) => {}
            Hint::Property(p) => {
                let name = naming::type_name(p).name;
                let generic = GENERIC.contains(&name.as_str());
                push(2, name, generic, false);
            }
            Hint::Items { property, title } => {
                if let Some(title) = title {
                    let stripped = title
                        .trim_start_matches("Array of ")
                        .trim_start_matches("List of ");
                    let one = naming::singular(&stripped.replace(' ', "_"))
                        .unwrap_or_else(|| stripped.to_string());
                    push(1, naming::type_name(&one).name, false, false);
                }
                match property {
                    Some(p) => {
                        let name = match naming::singular(p) {
                            Some(one) => naming::type_name(&one).name,
                            None => format!("{}Item", naming::type_name(p).name),
                        };
                        let generic = GENERIC.contains(&name.as_str());
                        push(2, name, generic, false);
                    }
                    // Named after the parent: `ParentItem`.
                    None => push(2, "Item".to_string(), true, false),
                }
            }
            Hint::Values { property } => match property {
                Some(p) => {
                    let name = match naming::singular(p) {
                        Some(one) => naming::type_name(&one).name,
                        None => format!("{}Value", naming::type_name(p).name),
                    };
                    let generic = GENERIC.contains(&name.as_str());
                    push(2, name, generic, false);
                }
                // Named after the parent: `ParentValue`.
                None => push(2, "Value".to_string(), true, false),
            },
            Hint::TagPayload(tag) => push(2, naming::type_name(tag).name, false, true),
            Hint::SoleVariant(_) => unreachable!("returned above"),
            Hint::Branch(word) => push(2, word.to_string(), true, false),
        }
    }

    /// Stores a finished definition; returns the id of the structurally identical type if
    /// there already is one.
    fn intern(&mut self, id: TypeId, def: TypeDef, stripped_tag: Option<&str>) -> TypeId {
        // A payload without its tag is still a different type from another payload with the
        // same fields: `{type: "text"}` and `{type: "code_interpreter"}` are both empty once the
        // tag is removed.
        let key = (stripped_tag.map(str::to_string), structural_key(&def.kind));
        self.defs[id] = Some(def);
        if self.recursive.contains(&id) {
            return id;
        }
        match self.interner.get(&key) {
            Some(&existing) if existing != id => {
                self.forward[id] = existing;
                let moved = std::mem::take(&mut self.candidates[id]);
                self.candidates[existing].extend(moved);
                self.defs[id] = None;
                existing
            }
            _ => {
                self.interner.insert(key, id);
                id
            }
        }
    }

    fn stripped_tag_value(&self, schema: &Schema, strip_tag: Option<&str>) -> Option<String> {
        match (&schema.kind, strip_tag) {
            (Kind::Object(o), Some(tag)) => single_value(o, tag),
            _ => None,
        }
    }

    // ----- constructs --------------------------------------------------------------------

    /// Any schema at a type position. Every way schemas nest (properties, items, maps, union
    /// branches, `$ref`s) passes here, so this is where their depth is bounded.
    fn ty(&mut self, schema: &Schema, ctx: &Ctx) -> Result<Ty, Error> {
        if self.depth >= limits::MAX_SCHEMA_DEPTH {
            return Err(Error::schema(
                &schema.loc,
                format!(
                    "schemas nest more than {} levels deep here (through properties, items, maps, union branches and `$ref`s)",
                    limits::MAX_SCHEMA_DEPTH
                ),
                "the generator bounds nesting so that it never overflows its stack; flatten the schema or break the chain of references",
            ));
        }
        self.depth += 1;
        let ty = self.ty_unbounded(schema, ctx);
        self.depth -= 1;
        ty
    }

    fn ty_unbounded(&mut self, schema: &Schema, ctx: &Ctx) -> Result<Ty, Error> {
        match &schema.kind {
            Kind::Any => Ok(Ty::plain(TyKind::Any)),
            Kind::Ref(loc) => self.ty_of_ref(loc, ctx, None),
            Kind::Boolean => Ok(Ty::plain(TyKind::Bool)),
            Kind::Integer(r, int) => Ok(Ty {
                kind: TyKind::Integer(*int),
                checks: range_checks(r),
                boxed: false,
            }),
            Kind::Number(r) => Ok(Ty {
                kind: TyKind::Number,
                checks: range_checks(r),
                boxed: false,
            }),
            Kind::String(s) => self.string(schema, s, ctx),
            Kind::Array { .. } => self.array(schema, ctx),
            Kind::Tuple(elements) => self.tuple(schema, elements, ctx),
            Kind::Object(o) => self.object(schema, o, ctx, None),
            // A union is always a type of its own: see `union_kind`.
            Kind::Union(_) | Kind::IntegerEnum(..) => self.inline(schema, ctx, None),
        }
    }

    /// A fixed-length array of elements with their own schemas: a Rust tuple (serde reads and
    /// writes it as a JSON array of that length).
    fn tuple(&mut self, schema: &Schema, elements: &[Schema], ctx: &Ctx) -> Result<Ty, Error> {
        let item_ctx = Ctx {
            parent: ctx.parent,
            depth: ctx.depth,
            hint: Hint::Items {
                property: hint_property(&ctx.hint),
                title: schema.title.clone(),
            },
        };
        let elements = elements
            .iter()
            .map(|element| {
                let ty = self.ty(element, &item_ctx)?;
                nested(&ty, &element.loc)?;
                Ok(ty)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Ty::plain(TyKind::Tuple(elements)))
    }

    /// An array: a `Vec` of its items' type, with its length and uniqueness checks.
    fn array(&mut self, schema: &Schema, ctx: &Ctx) -> Result<Ty, Error> {
        let Kind::Array {
            items,
            min_items,
            max_items,
            unique_items,
        } = &schema.kind
        else {
            unreachable!("called on arrays only");
        };
        let item_ctx = Ctx {
            parent: ctx.parent,
            depth: ctx.depth,
            hint: Hint::Items {
                property: hint_property(&ctx.hint),
                title: schema.title.clone(),
            },
        };
        let item = self.ty(items, &item_ctx)?;
        nested(&item, &schema.loc)?;
        Ok(Ty {
            kind: TyKind::Array(Box::new(item)),
            checks: Checks {
                min_items: *min_items,
                max_items: *max_items,
                unique_items: *unique_items,
                ..Checks::default()
            },
            boxed: false,
        })
    }

    /// A `$ref`: the referenced location is converted once (per tag-stripping mode).
    fn ty_of_ref(&mut self, loc: &Loc, ctx: &Ctx, strip_tag: Option<&str>) -> Result<Ty, Error> {
        let key = (loc.clone(), strip_tag.map(str::to_string));
        if let Some(&id) = self.loc_ids.get(&key) {
            let owner = self.owner(ctx);
            self.refs.push((owner, loc.clone()));
            if self.in_progress.contains(&id) {
                self.recursive.insert(id);
            }
            let schema = self.schema_at(loc)?;
            let id = self.resolve(id);
            self.add_candidate(id, ctx, schema);
            return Ok(self.named(id));
        }
        let schema = self.target(&Schema {
            discriminator: None,
            loc: loc.clone(),
            title: None,
            description: None,
            default: None,
            nullable: false,
            kind: Kind::Ref(loc.clone()),
        })?;
        let owner = self.owner(ctx);
        self.refs.push((owner, loc.clone()));
        self.refs.push((owner, schema.loc.clone()));
        let schema = Schema {
            loc: loc.clone(),
            ..schema
        };
        if !self.complex(&schema) {
            return self.plain_ref(loc, &schema, ctx, key);
        }
        let id = self.reserve();
        self.loc_ids.insert(key, id);
        self.in_progress.insert(id);
        self.add_candidate(id, ctx, &schema);
        let inner = Ctx {
            parent: Some(id),
            depth: ctx.depth + 1,
            hint: Hint::None,
        };
        let def = self.definition(&schema, &inner, id, strip_tag)?;
        self.in_progress.remove(&id);
        let tag_value = self.stripped_tag_value(&schema, strip_tag);
        let id = self.intern(id, def, tag_value.as_deref());
        Ok(self.named(id))
    }

    /// A `$ref` to a schema that is no type of its own (an array, a map, a scalar) is its type
    /// expression, inlined where it is used, unless it contains itself (`A: {items: {$ref: A}}`,
    /// also through other arrays and maps): then it is a newtype struct (`A(Vec<A>)`), its
    /// `Vec` or map giving the indirection a recursive type needs.
    fn plain_ref(
        &mut self,
        loc: &Loc,
        schema: &Schema,
        ctx: &Ctx,
        key: (Loc, Option<String>),
    ) -> Result<Ty, Error> {
        if let Some(slot) = self.inlining.get(loc) {
            let id = match slot {
                Some(id) => *id,
                None => {
                    let id = self.reserve();
                    self.inlining.insert(loc.clone(), Some(id));
                    self.loc_ids.insert(key, id);
                    self.recursive.insert(id);
                    id
                }
            };
            self.add_candidate(id, ctx, schema);
            return Ok(self.named(id));
        }
        self.inlining.insert(loc.clone(), None);
        let ty = self.ty(schema, ctx);
        let slot = self.inlining.remove(loc).flatten();
        let ty = ty?;
        let Some(id) = slot else {
            return Ok(ty);
        };
        self.add_candidate(id, ctx, schema);
        self.defs[id] = Some(TypeDef {
            name: placeholder(),
            docs: docs(schema),
            kind: TypeKind::Newtype(Box::new(ty)),
            builder: false,
        });
        Ok(self.named(id))
    }

    /// An inline complex schema gets a fresh arena slot.
    fn inline(&mut self, schema: &Schema, ctx: &Ctx, strip_tag: Option<&str>) -> Result<Ty, Error> {
        let id = self.reserve();
        self.add_candidate(id, ctx, schema);
        let inner = Ctx {
            parent: Some(id),
            depth: ctx.depth + 1,
            hint: Hint::None,
        };
        let def = self.definition(schema, &inner, id, strip_tag)?;
        let tag_value = self.stripped_tag_value(schema, strip_tag);
        let id = self.intern(id, def, tag_value.as_deref());
        Ok(self.named(id))
    }

    fn definition(
        &mut self,
        schema: &Schema,
        ctx: &Ctx,
        id: TypeId,
        strip_tag: Option<&str>,
    ) -> Result<TypeDef, Error> {
        let kind = match &schema.kind {
            Kind::Object(o) => match self.sole_tag(schema, o, strip_tag) {
                Some(tag_value) => self.sole_variant(schema, tag_value, ctx)?,
                None => TypeKind::Struct(self.structure(o, ctx, strip_tag)?),
            },
            Kind::String(s) => {
                TypeKind::Enum(string_enum(s.values.as_deref().unwrap_or_default(), false))
            }
            Kind::Union(branches) => {
                self.union_kind(branches, schema.discriminator.as_ref(), ctx)?
            }
            Kind::IntegerEnum(values, int) => TypeKind::IntegerEnum(integer_enum(values, *int)),
            _ => unreachable!("only complex schemas get definitions (type {id:?})"),
        };
        Ok(TypeDef {
            name: placeholder(),
            docs: docs(schema),
            kind,
            builder: false,
        })
    }

    /// The value of the one-value required `type` of an object that is no union branch (and
    /// is not being converted as a payload already): such an object is a one-variant union.
    fn sole_tag(
        &self,
        schema: &Schema,
        o: &ObjectSchema,
        strip_tag: Option<&str>,
    ) -> Option<String> {
        if strip_tag.is_some() || self.normalized.is_union_branch(&schema.loc) {
            return None;
        }
        single_value(o, SOLE_TAG)
    }

    /// An object with a one-value `type` (`{type: [submit_tool_outputs], ...}`), alone: a union
    /// of one variant (the object without its `type`) and `Unknown`, like every other tagged
    /// union, so that a `type` a later version adds decodes (as `Unknown`) and round-trips.
    fn sole_variant(
        &mut self,
        schema: &Schema,
        tag_value: String,
        ctx: &Ctx,
    ) -> Result<TypeKind, Error> {
        let payload_ctx = Ctx {
            hint: Hint::SoleVariant(tag_value.clone()),
            ..ctx.clone()
        };
        let payload = self.inline(schema, &payload_ctx, Some(SOLE_TAG))?;
        let mut scope = Scope::with_reserved(&["Other", "Unknown"]);
        Ok(TypeKind::Union(Union {
            tagging: Tagging::Internal {
                tag: SOLE_TAG.to_string(),
            },
            variants: vec![Variant {
                ident: scope.claim(naming::variant(&tag_value)),
                docs: Vec::new(),
                kind: VariantKind::Tagged { tag_value, payload },
            }],
        }))
    }

    fn string(&mut self, schema: &Schema, s: &StringSchema, ctx: &Ctx) -> Result<Ty, Error> {
        let checks = Checks {
            min_length: s.min_length,
            max_length: s.max_length,
            pattern: s.pattern.clone(),
            ..Checks::default()
        };
        match s.values.as_deref() {
            Some([only]) => Ok(Ty {
                kind: TyKind::String,
                checks: Checks {
                    constant: Some(only.clone()),
                    ..checks
                },
                boxed: false,
            }),
            Some([_, _, ..]) => self.inline(schema, ctx, None),
            _ => Ok(Ty {
                kind: TyKind::String,
                checks,
                boxed: false,
            }),
        }
    }

    fn object(
        &mut self,
        schema: &Schema,
        o: &ObjectSchema,
        ctx: &Ctx,
        strip_tag: Option<&str>,
    ) -> Result<Ty, Error> {
        if o.properties.is_empty() && o.additional != Additional::Forbidden {
            let checks = Checks {
                min_properties: o.min_properties,
                max_properties: o.max_properties,
                key_max_length: o.key_max_length,
                ..Checks::default()
            };
            let kind = match &o.additional {
                Additional::Schema(value) => {
                    let value_ctx = Ctx {
                        hint: Hint::Values {
                            property: hint_property(&ctx.hint),
                        },
                        ..ctx.clone()
                    };
                    let value = self.ty(value, &value_ctx)?;
                    nested(&value, &schema.loc)?;
                    TyKind::Map(Box::new(value))
                }
                _ => TyKind::Object,
            };
            return Ok(Ty {
                kind,
                checks,
                boxed: false,
            });
        }
        self.inline(schema, ctx, strip_tag)
    }

    fn structure(
        &mut self,
        o: &ObjectSchema,
        ctx: &Ctx,
        strip_tag: Option<&str>,
    ) -> Result<Struct, Error> {
        let mut scope = Scope::with_reserved(&["extra"]);
        let mut fields = Vec::new();
        for (name, prop) in &o.properties {
            if Some(name.as_str()) == strip_tag {
                continue;
            }
            let prop_ctx = Ctx {
                hint: Hint::Property(name.clone()),
                ..ctx.clone()
            };
            let ty = self.ty(prop, &prop_ctx)?;
            let target = self.target(prop)?;
            let description = prop.description.clone().or(target.description.clone());
            let default = prop.default.clone().or(target.default.clone());
            fields.push(Field {
                json_name: name.clone(),
                ident: scope.claim(naming::field(name)),
                ty,
                required: o.required.contains(name),
                nullable: target.nullable,
                docs: description.map(|d| doc_lines(&d)).unwrap_or_default(),
                default: default.map(|d| d.to_string()),
            });
        }
        let extra = match &o.additional {
            Additional::Forbidden => Extra::Deny,
            Additional::Any => Extra::Keep(Box::new(Ty::plain(TyKind::Any))),
            Additional::Schema(value) => {
                let value_ctx = Ctx {
                    hint: Hint::Values { property: None },
                    ..ctx.clone()
                };
                let ty = self.ty(value, &value_ctx)?;
                nested(&ty, &value.loc)?;
                Extra::Keep(Box::new(ty))
            }
        };
        Ok(Struct {
            fields,
            extra,
            exactly_one_of: o.exactly_one_of.clone(),
            any_of_required: o.any_of_required.clone(),
        })
    }

    /// oneOf/anyOf, by a chain of strategies tried in order:
    /// 1. nested unions sharing the tag: a branch that is itself a union of objects all tagged
    ///    by the property that tells the leaves apart is replaced by its leaves
    ///    (`flatten_nested`);
    /// 2. every branch is a string: a string enum (`string_union`), open when a branch takes
    ///    any string;
    /// 3. how object branches are told apart (`union_tagging`): a `discriminator`'s property,
    ///    else a required one-value property every object branch (or all but one) has; adjacent
    ///    when every object branch is exactly `{tag, content}`; else by JSON type;
    /// 4. each branch becomes variants: string values unit variants, an object with a tag value
    ///    a tagged variant (its payload without the tag), anything else an untagged variant told
    ///    apart by its JSON type (tried in order when several share one, with a warning).
    fn union_kind(
        &mut self,
        branches: &[Schema],
        discriminator: Option<&Discriminator>,
        ctx: &Ctx,
    ) -> Result<TypeKind, Error> {
        let branches = &self.flatten_nested(branches, discriminator)?;
        let targets = branches
            .iter()
            .map(|b| self.target(b))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(string_enum) = string_union(&targets) {
            return Ok(TypeKind::Enum(string_enum));
        }
        let tagging = union_tagging(&targets, discriminator);
        let (tag, content) = (tagging.tag(), tagging.content());
        // Branches told apart only by their JSON type; several of one type are tried in order.
        let classes: Vec<Option<(&str, &str)>> = branches
            .iter()
            .zip(&targets)
            .map(|(branch, target)| untagged_word(branch, target, tag, discriminator))
            .collect();
        let shared = |class: &str| {
            classes
                .iter()
                .flatten()
                .filter(|(_, c)| *c == class)
                .count()
                > 1
        };
        let mut warned = BTreeSet::new();
        let (mut tags_seen, mut values_seen) = (BTreeSet::new(), BTreeSet::new());
        let mut scope = Scope::with_reserved(&["Other", "Unknown"]);
        let mut variants = Vec::new();
        for (i, (branch, target)) in branches.iter().zip(&targets).enumerate() {
            let docs = target
                .description
                .as_deref()
                .or(target.title.as_deref())
                .map(doc_lines)
                .unwrap_or_default();
            match (&target.kind, tag) {
                (
                    Kind::String(StringSchema {
                        values: Some(values),
                        ..
                    }),
                    _,
                ) => {
                    for value in values {
                        // A value listed by two branches is one variant.
                        if !values_seen.insert(value.clone()) {
                            continue;
                        }
                        variants.push(Variant {
                            ident: scope.claim(naming::variant(value)),
                            docs: docs.clone(),
                            kind: VariantKind::Value(value.clone()),
                        });
                    }
                }
                (Kind::Object(o), Some(tag))
                    if tag_value_of(o, tag, branch, discriminator).is_some() =>
                {
                    let tag_value =
                        tag_value_of(o, tag, branch, discriminator).expect("checked by the guard");
                    if !tags_seen.insert(tag_value.clone()) {
                        self.diags.warn(
                            &branch.loc,
                            WarningKind::UntaggedUnion,
                            format!("an earlier branch of the union has the same `{tag}` value `{tag_value}`; this branch is left out and such values decode as that branch"),
                            "give each branch its own tag value, or merge the branches into one schema",
                        );
                        continue;
                    }
                    let payload_ctx = Ctx {
                        hint: Hint::TagPayload(tag_value.clone()),
                        ..ctx.clone()
                    };
                    let payload = match content {
                        Some(content) => {
                            let (_, content_schema) = o
                                .properties
                                .iter()
                                .find(|(n, _)| n == content)
                                .expect("content_property checked it");
                            self.ty(content_schema, &payload_ctx)?
                        }
                        None => match &branch.kind {
                            Kind::Ref(loc) => self.ty_of_ref(loc, &payload_ctx, Some(tag))?,
                            _ => self.inline(target, &payload_ctx, Some(tag))?,
                        },
                    };
                    variants.push(Variant {
                        ident: scope.claim(naming::variant(&tag_value)),
                        docs,
                        kind: VariantKind::Tagged { tag_value, payload },
                    });
                }
                _ => {
                    let (word, class) = classes[i]
                        .expect("a branch that is neither a value nor tagged is untagged");
                    let name = if shared(class) {
                        if warned.insert(class) {
                            let more = classes
                                .iter()
                                .flatten()
                                .filter(|(_, c)| *c == class)
                                .count()
                                - 1;
                            self.diags.warn(
                                &branch.loc,
                                WarningKind::UntaggedUnion,
                                format!("this branch and {more} more of the union are JSON {class}s without a tag to tell them apart; decoding tries them in order and keeps the first that decodes"),
                                "give the branches a common required property with one `enum` value each (a tag), or order them from the most to the least demanding",
                            );
                        }
                        target
                            .title
                            .clone()
                            .or_else(|| ref_name(branch))
                            .unwrap_or_else(|| word.to_string())
                    } else {
                        word.to_string()
                    };
                    let branch_ctx = Ctx {
                        hint: Hint::Branch(word),
                        ..ctx.clone()
                    };
                    let ty = self.ty(branch, &branch_ctx)?;
                    variants.push(Variant {
                        ident: scope.claim(naming::variant(&name)),
                        docs,
                        kind: VariantKind::Untagged(ty),
                    });
                }
            }
        }
        Ok(TypeKind::Union(Union { tagging, variants }))
    }

    /// The first strategy for unions: nested unions sharing the tag become one. A branch that is
    /// (through `$ref`s) itself a union, not nullable, whose every leaf is an object tagged by the
    /// property that tells the union's leaves apart, is replaced by its leaves (recursively, in
    /// order, a leaf met twice kept once), so that `oneOf: [$ref RunEvent, $ref MessageEvent,
    /// $ref ErrorEvent]` with `RunEvent: {oneOf: [{event: thread.run.created, ...}, ...]}` is one
    /// union of every event. Other branches stay as they are.
    fn flatten_nested(
        &mut self,
        branches: &[Schema],
        discriminator: Option<&Discriminator>,
    ) -> Result<Vec<Schema>, Error> {
        let mut expanded = Vec::with_capacity(branches.len());
        let mut total = 0;
        for branch in branches {
            let mut leaves = Vec::new();
            let nested = self.leaves(branch, &mut Vec::new(), &mut leaves)?;
            total += leaves.len();
            expanded.push((nested, leaves));
        }
        if !expanded.iter().any(|(nested, _)| *nested) || total > limits::MAX_ENUM_VALUES {
            return Ok(branches.to_vec());
        }
        let mut distinct = BTreeSet::new();
        let leaf_targets: Vec<Schema> = expanded
            .iter()
            .flat_map(|(_, leaves)| leaves.iter().map(|(_, target)| target))
            .filter(|target| distinct.insert(&target.loc))
            .cloned()
            .collect();
        let tag = match discriminator {
            Some(d) => Some(d.property.clone()),
            None => tag_property(&leaf_targets),
        };
        let Some(tag) = tag else {
            return Ok(branches.to_vec());
        };
        let tagged = |target: &Schema| {
            target
                .kind
                .as_object()
                .is_some_and(|o| single_value(o, &tag).is_some())
        };
        let mut flat = Vec::with_capacity(total);
        for (branch, (nested, leaves)) in branches.iter().zip(expanded) {
            if nested && leaves.iter().all(|(_, target)| tagged(target)) {
                flat.extend(leaves);
            } else {
                flat.push((branch.clone(), self.target(branch)?));
            }
        }
        let mut seen = BTreeSet::new();
        Ok(flat
            .into_iter()
            .filter(|(_, target)| seen.insert(target.loc.clone()))
            .map(|(branch, _)| branch)
            .collect())
    }

    /// Collects into `out` the leaves of a union branch, each with its target: the branch
    /// itself, or, when the branch is (through `$ref`s) a union that is not nullable, the leaves
    /// of its branches. Returns whether the branch is such a union. `within`: the unions being
    /// expanded (one met again inside itself adds nothing). Stops once `out` holds more leaves
    /// than a union may have.
    fn leaves(
        &mut self,
        branch: &Schema,
        within: &mut Vec<Loc>,
        out: &mut Vec<(Schema, Schema)>,
    ) -> Result<bool, Error> {
        let target = self.target(branch)?;
        let Kind::Union(inner) = &target.kind else {
            out.push((branch.clone(), target));
            return Ok(false);
        };
        if within.contains(&target.loc) {
            // Met again inside itself: its leaves are being collected already.
            return Ok(true);
        }
        if target.nullable || within.len() >= limits::MAX_NESTING {
            out.push((branch.clone(), target));
            return Ok(false);
        }
        within.push(target.loc.clone());
        for b in inner {
            self.leaves(b, within, out)?;
            if out.len() > limits::MAX_ENUM_VALUES {
                break;
            }
        }
        within.pop();
        Ok(true)
    }

    // ----- naming ----------------------------------------------------------------------------

    fn assign_names(
        &mut self,
        roots: &[(String, TypeId)],
    ) -> Result<BTreeMap<TypeId, String>, Error> {
        let mut order: Vec<(usize, usize, TypeId)> = self
            .defs
            .ids()
            .filter(|&id| self.defs[id].is_some())
            .map(|id| {
                let c = &self.candidates[id];
                (
                    c.iter().map(|c| c.depth).min().unwrap_or(usize::MAX),
                    c.iter().map(|c| c.seq).min().unwrap_or(usize::MAX),
                    id,
                )
            })
            .collect();
        order.sort();
        let mut names: BTreeMap<TypeId, String> = BTreeMap::new();
        // A new name is no other type's; the name it replaces is taken once replaced.
        let mut taken: BTreeSet<String> = self.renames.values().cloned().collect();
        // Roots first: their names are part of the public API.
        for (name, id) in roots {
            if !taken.insert(name.clone()) {
                return Err(Error::schema(
                    &Loc::new("", ""),
                    format!("two roots are named `{name}`"),
                    "rename one",
                ));
            }
            // The Rust name is taken too: no other type may be called `ContentDirectory`
            // beside the root `content-directory`.
            let rust = naming::type_name(name).name;
            taken.insert(rust.clone());
            names.entry(*id).or_insert(self.renamed(rust));
        }
        for (_, _, id) in order {
            if names.contains_key(&id) {
                continue;
            }
            let name = self.pick_name(id, &names, &taken);
            taken.insert(name.clone());
            names.insert(id, self.renamed(name));
        }
        Ok(names)
    }

    fn pick_name(
        &self,
        id: TypeId,
        names: &BTreeMap<TypeId, String>,
        taken: &BTreeSet<String>,
    ) -> String {
        let mut cands = self.candidates[id].clone();
        cands.sort_by_key(|c| (c.prio, c.seq));
        let free = |n: &String| !taken.contains(n) && n.len() <= MAX_TYPE_NAME && !n.is_empty();
        for c in &cands {
            let name = naming::type_name(&c.base).name;
            if !c.generic && !c.suffix && free(&name) {
                return name;
            }
        }
        // Qualified by the parent; where several occurrences qualify differently
        // (`ImageFileDetail`, `ImageUrlDetail`), their common words (`ImageDetail`) come first.
        let qualified: Vec<Vec<String>> = cands
            .iter()
            .filter_map(|c| self.qualify(c, names))
            .collect();
        let mut tries: Vec<String> = Vec::new();
        if qualified.len() > 1 {
            let common = common_words(&qualified);
            if !common.is_empty() {
                tries.push(common.concat());
            }
        }
        tries.extend(qualified.iter().map(|w| w.concat()));
        for name in tries.iter().map(|t| naming::type_name(t).name) {
            if free(&name) {
                return name;
            }
        }
        // A definition's name or a title longer than the limit reads better whole than cut.
        for c in cands
            .iter()
            .filter(|c| c.prio < 2 && !c.generic && !c.suffix)
        {
            let name = naming::type_name(&c.base).name;
            if !taken.contains(&name) {
                return name;
            }
        }
        let base = tries
            .first()
            .or(cands.first().map(|c| &c.base))
            .map(|b| naming::type_name(b).name)
            .unwrap_or_else(|| "Type".to_string());
        // Cut at a word boundary (never `...Cance2`).
        let mut words = naming::pascal_words(&base);
        while words.len() > 1 && words.concat().len() > MAX_TYPE_NAME - 3 {
            words.pop();
        }
        let base: String = words.concat().chars().take(MAX_TYPE_NAME - 3).collect();
        // A number after a number reads as one (`Site22`): number the name without its own.
        let base = match base.trim_end_matches(|c: char| c.is_ascii_digit()) {
            "" => base.as_str(),
            stem => stem,
        }
        .to_string();
        (2..)
            .map(|n| format!("{base}{n}"))
            .find(|n| !taken.contains(n))
            .expect("unbounded")
    }

    fn qualify(&self, c: &Candidate, names: &BTreeMap<TypeId, String>) -> Option<Vec<String>> {
        let parent = names.get(&self.resolve(c.parent?))?;
        let mut stem = naming::pascal_words(parent);
        while stem.len() > 1 && STEM_SUFFIXES.contains(&stem.last()?.as_str()) {
            stem.pop();
        }
        // The words as written: `Value` qualifies to `GistValue`, not `GistValueType`.
        let base = naming::pascal_words(&naming::pascal(&c.base));
        let mut extra: Vec<String> = stem.into_iter().filter(|w| !base.contains(w)).collect();
        // Too long: the parent's first words go (`ProvisionAndInviteSamlUserEmail`, not a cut
        // `EnterpriseAdminProvisionAndInvite2`); its last word and the base stay.
        let length = |words: &[String]| words.iter().map(String::len).sum::<usize>();
        while extra.len() > 1 && length(&base) + length(&extra) > MAX_TYPE_NAME {
            extra.remove(0);
        }
        Some(if c.suffix {
            [base, extra].concat()
        } else {
            [extra, base].concat()
        })
    }

    // ----- final model -----------------------------------------------------------------------

    fn finish(
        self,
        roots: Vec<(String, TypeId)>,
        names: BTreeMap<TypeId, String>,
        request_roots: &BTreeSet<String>,
    ) -> Result<Model, Error> {
        let name_of = |id: TypeId| names[&self.resolve(id)].clone();
        let mut types = BTreeMap::new();
        for id in self.defs.ids() {
            let Some(def) = &self.defs[id] else { continue };
            let def = model::TypeDef {
                name: Ident {
                    name: names[&id].clone(),
                    raw: false,
                },
                docs: def.docs.clone(),
                kind: def.kind.clone().map_refs(&name_of),
                builder: def.builder,
            };
            types.insert(names[&id].clone(), def);
        }
        // A root structurally identical to an earlier one is an alias of it: both names stay
        // public.
        for (name, id) in &roots {
            let alias = naming::type_name(name);
            let alias = Ident {
                name: self.renamed(alias.name),
                raw: alias.raw,
            };
            if names[id] != alias.name {
                let target = model::Ty::plain(model::TyKind::Named(names[id].clone()));
                // Code, not an intra-doc link: doc text keeps only absolute links and the
                // emitter's `crate::` paths (see `docs`); `[`Name`]` would be escaped as text.
                let docs = vec![format!("The same schema as `{}`.", names[id])];
                types.insert(
                    alias.name.clone(),
                    model::TypeDef {
                        name: alias,
                        docs,
                        kind: model::TypeKind::Alias(Box::new(target)),
                        builder: false,
                    },
                );
            }
        }
        let mut model = Model {
            types,
            roots: roots.iter().map(|(n, _)| n.clone()).collect(),
            operations: Vec::new(),
            operations_in_input: 0,
            api: Default::default(),
        };
        let mut stack: Vec<String> = roots
            .iter()
            .filter(|(n, _)| request_roots.contains(n))
            .map(|(_, id)| names[id].clone())
            .collect();
        while let Some(name) = stack.pop() {
            let Some(def) = model.types.get_mut(&name) else {
                continue;
            };
            if def.builder {
                continue;
            }
            def.builder = true;
            stack.extend(def.kind.referenced());
        }
        Ok(model)
    }
}

/// Checks that an array or map of `inner` stays within [`limits::MAX_TYPE_NESTING`].
fn nested(inner: &Ty, loc: &Loc) -> Result<(), Error> {
    let mut depth = 1;
    let mut ty = inner;
    while let TyKind::Array(item) | TyKind::Map(item) = &ty.kind {
        depth += 1;
        ty = item;
    }
    if depth > limits::MAX_TYPE_NESTING {
        return Err(Error::schema(
            loc,
            format!(
                "arrays and maps nest more than {} levels deep in one type here",
                limits::MAX_TYPE_NESTING
            ),
            "give an inner array or map schema a name of its own (a component with properties), or flatten it",
        ));
    }
    Ok(())
}

/// The name a root is declared by.
fn root_candidate(name: &str) -> Candidate {
    Candidate {
        prio: 0,
        base: name.to_string(),
        generic: false,
        suffix: false,
        parent: None,
        depth: 0,
        seq: 0,
    }
}

fn placeholder() -> Ident {
    Ident {
        name: String::new(),
        raw: false,
    }
}

/// What names the items of an array: the property holding it, or the named schema it is
/// (`Tree: {type: array, items: {...}}` has `TreeItem`s).
fn hint_property(hint: &Hint) -> Option<String> {
    match hint {
        Hint::Property(p) | Hint::Named(p) => Some(p.clone()),
        // An array of arrays: the inner items are named after the same property.
        Hint::Items { property, .. } | Hint::Values { property } => property.clone(),
        _ => None,
    }
}

fn string_enum(values: &[String], open: bool) -> StringEnum {
    let mut scope = Scope::with_reserved(&["Other"]);
    let mut seen = BTreeSet::new();
    let variants = values
        .iter()
        .filter(|v| seen.insert(v.to_string()))
        .map(|v| EnumValue {
            value: v.clone(),
            ident: scope.claim(naming::variant(v)),
        })
        .collect();
    StringEnum { variants, open }
}

/// A union of string branches only is a string enum of their values (open when a branch takes
/// any string).
fn string_union(targets: &[Schema]) -> Option<StringEnum> {
    let strings: Vec<&StringSchema> = targets.iter().filter_map(|t| t.kind.as_string()).collect();
    if strings.len() != targets.len() {
        return None;
    }
    let open = strings.iter().any(|s| s.values.is_none());
    let values: Vec<String> = strings
        .iter()
        .flat_map(|s| s.values.clone().unwrap_or_default())
        .collect();
    Some(string_enum(&values, open))
}

/// How a union's object branches are told apart: by the discriminator's property or a
/// [`tag_property`], adjacently when every object branch is `{tag, content}`
/// ([`content_property`]), else by their JSON type.
fn union_tagging(targets: &[Schema], discriminator: Option<&Discriminator>) -> Tagging {
    let tag = match discriminator {
        Some(d) => Some(d.property.clone()),
        None => tag_property(targets),
    };
    let Some(tag) = tag else {
        return Tagging::ByJsonType;
    };
    match content_property(targets, &tag) {
        Some(content) => Tagging::Adjacent { tag, content },
        None => Tagging::Internal { tag },
    }
}

/// The value of a required one-value string property.
fn single_value(o: &ObjectSchema, property: &str) -> Option<String> {
    if !o.required.iter().any(|r| r == property) {
        return None;
    }
    let (_, schema) = o.properties.iter().find(|(n, _)| n == property)?;
    match &schema.kind {
        Kind::String(StringSchema {
            values: Some(values),
            ..
        }) if values.len() == 1 => Some(values[0].clone()),
        _ => None,
    }
}

/// The property that tells object branches apart: a required one-value string with distinct
/// values in every object branch, or in all but one (that one is the untagged fallback for
/// objects without the tag). `type`, `event` and `object` are preferred.
fn tag_property(targets: &[Schema]) -> Option<String> {
    let objects: Vec<&ObjectSchema> = targets.iter().filter_map(|t| t.kind.as_object()).collect();
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for o in &objects {
        names.extend(o.properties.iter().map(|(n, _)| n.as_str()));
    }
    let mut names: Vec<&str> = names.into_iter().collect();
    names.sort_by_key(|n| match *n {
        "type" => 0,
        "event" => 1,
        "object" => 2,
        _ => 3,
    });
    names
        .into_iter()
        .find(|name| {
            let values: Vec<String> = objects
                .iter()
                .filter_map(|o| single_value(o, name))
                .collect();
            let distinct = values.iter().collect::<BTreeSet<_>>().len() == values.len();
            let untagged = objects.len() - values.len();
            distinct
                && !values.is_empty()
                && (untagged == 0 || (untagged == 1 && objects.len() > 1))
        })
        .map(str::to_string)
}

/// The tag value of an object branch: its one-value tag property, or what the discriminator maps
/// to the branch (its `mapping` entry, else the referenced schema's name).
fn tag_value_of(
    o: &ObjectSchema,
    tag: &str,
    branch: &Schema,
    discriminator: Option<&Discriminator>,
) -> Option<String> {
    if let Some(value) = single_value(o, tag) {
        return Some(value);
    }
    let discriminator = discriminator?;
    let Kind::Ref(loc) = &branch.kind else {
        return None;
    };
    if let Some((value, _)) = discriminator
        .mapping
        .iter()
        .find(|(_, target)| target == loc)
    {
        return Some(value.clone());
    }
    match loc.pointer.rsplit_once('/') {
        Some((_, name)) if !name.is_empty() => Some(name.replace("~1", "/").replace("~0", "~")),
        _ => Some(
            loc.file
                .rsplit('/')
                .next()
                .unwrap_or(&loc.file)
                .trim_end_matches(".json")
                .to_string(),
        ),
    }
}

/// `{event, data}` unions: every object branch has exactly the tag and one shared required
/// property.
fn content_property(targets: &[Schema], tag: &str) -> Option<String> {
    let mut content: Option<String> = None;
    for target in targets {
        let Kind::Object(o) = &target.kind else {
            continue;
        };
        if o.properties.len() != 2 || o.required.len() != 2 || single_value(o, tag).is_none() {
            return None;
        }
        let other = o.properties.iter().map(|(n, _)| n).find(|n| *n != tag)?;
        match &content {
            Some(c) if c != other => return None,
            _ => content = Some(other.clone()),
        }
    }
    content
}

/// The checks of a number's range.
fn range_checks(r: &Range) -> Checks {
    Checks {
        minimum: r.minimum,
        maximum: r.maximum,
        exclusive_minimum: r.exclusive_minimum,
        exclusive_maximum: r.exclusive_maximum,
        multiple_of: r.multiple_of,
        ..Checks::default()
    }
}

/// For a union branch told apart only by its JSON type: the word its variant is named by and
/// the JSON type (`None` for string values and tagged objects).
fn untagged_word(
    branch: &Schema,
    target: &Schema,
    tag: Option<&str>,
    discriminator: Option<&Discriminator>,
) -> Option<(&'static str, &'static str)> {
    Some(match &target.kind {
        Kind::String(StringSchema {
            values: Some(_), ..
        }) => return None,
        Kind::Object(o)
            if tag.is_some_and(|t| tag_value_of(o, t, branch, discriminator).is_some()) =>
        {
            return None
        }
        Kind::String(_) => ("Text", "string"),
        Kind::Array { .. } | Kind::Tuple(_) => ("Array", "array"),
        Kind::Object(_) => ("Object", "object"),
        Kind::Integer(..) | Kind::IntegerEnum(..) => ("Integer", "number"),
        Kind::Number(_) => ("Number", "number"),
        Kind::Boolean => ("Bool", "boolean"),
        _ => ("Json", "value"),
    })
}

/// An integer enum: an associated constant per value, named by its title (`Quiet` → `QUIET`)
/// or short description, else by the value (`VALUE_5`, `VALUE_MINUS_1`).
fn integer_enum(values: &[(i64, Option<String>)], int: model::IntType) -> model::IntegerEnum {
    let mut scope = Scope::default();
    let values = values
        .iter()
        .map(|(value, label)| {
            let words = match label {
                // A short title or description names it; a sentence does not.
                Some(label)
                    if label.len() <= MAX_TYPE_NAME
                        && !naming::field(label).name.starts_with("f_") =>
                {
                    label.clone()
                }
                _ if *value < 0 => format!("value minus {}", value.unsigned_abs()),
                _ => format!("value {value}"),
            };
            let name = naming::field(&words)
                .name
                .trim_end_matches('_')
                .to_uppercase();
            model::IntegerValue {
                ident: scope.claim(Ident { name, raw: false }),
                value: *value,
                docs: label.as_deref().map(doc_lines).unwrap_or_default(),
            }
        })
        .collect::<Vec<_>>();
    // The format's type when every value fits it, else `i64`.
    let fits = |v: i64| match int {
        model::IntType::I8 => i8::try_from(v).is_ok(),
        model::IntType::I16 => i16::try_from(v).is_ok(),
        model::IntType::I32 => i32::try_from(v).is_ok(),
        model::IntType::I64 => true,
        model::IntType::U8 => u8::try_from(v).is_ok(),
        model::IntType::U16 => u16::try_from(v).is_ok(),
        model::IntType::U32 => u32::try_from(v).is_ok(),
        model::IntType::U64 => v >= 0,
    };
    let int = match values.iter().all(|v| fits(v.value)) {
        true => int,
        false => model::IntType::I64,
    };
    model::IntegerEnum { int, values }
}

/// The name a `$ref` points at: its last pointer token, or the file's stem.
fn ref_name(branch: &Schema) -> Option<String> {
    let Kind::Ref(loc) = &branch.kind else {
        return None;
    };
    let last = loc.pointer.rsplit('/').next().filter(|t| !t.is_empty());
    let name = match last {
        Some(token) => token.replace("~1", "/").replace("~0", "~"),
        None => std::path::Path::new(&loc.file)
            .file_stem()?
            .to_string_lossy()
            .into_owned(),
    };
    Some(name)
}

/// The definition without anything that only documents it.
fn structural_key(kind: &TypeKind) -> TypeKind {
    let mut kind = kind.clone();
    match &mut kind {
        TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| {
            f.docs.clear();
            f.default = None;
        }),
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| v.docs.clear()),
        _ => {}
    }
    kind
}

/// The longest run of leading words and of trailing words all lists share.
fn common_words(lists: &[Vec<String>]) -> Vec<String> {
    let shortest = lists.iter().map(Vec::len).min().unwrap_or(0);
    let prefix = (0..shortest)
        .take_while(|&i| lists.iter().all(|l| l[i] == lists[0][i]))
        .count();
    let suffix = (0..shortest - prefix)
        .take_while(|&i| {
            lists
                .iter()
                .all(|l| l[l.len() - 1 - i] == lists[0][lists[0].len() - 1 - i])
        })
        .count();
    if prefix + suffix == 0 {
        return Vec::new();
    }
    let first = &lists[0];
    [&first[..prefix], &first[first.len() - suffix..]].concat()
}

fn docs(schema: &Schema) -> Vec<String> {
    match (&schema.description, &schema.title) {
        (Some(d), _) => doc_lines(d),
        (None, Some(t)) => doc_lines(t),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_keep_shared_prefix_and_suffix() {
        let w = |s: &str| naming::pascal_words(s);
        assert_eq!(
            common_words(&[w("ImageFileDetail"), w("ImageUrlDetail")]).concat(),
            "ImageDetail"
        );
        assert!(common_words(&[w("AbC"), w("DeF")]).is_empty());
    }
}
