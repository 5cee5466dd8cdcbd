//! Recursive types: a type that contains itself by value (directly or through other types,
//! `Option` included) would have infinite size. Every by-value reference inside a strongly
//! connected component of the containment graph is boxed; references through `Vec` and maps are
//! already indirect.

use std::collections::BTreeMap;

use crate::model::{Model, Ty, TyKind};

/// Marks `boxed` on every by-value reference that closes a cycle.
pub fn box_recursive_references(model: &mut Model) {
    let names: Vec<String> = model.types.keys().cloned().collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for (i, name) in names.iter().enumerate() {
        let mut kind = model.types[name].kind.clone();
        kind.for_each_ty_mut(&mut |ty| {
            held_inline(ty, &mut |ty| {
                if let TyKind::Named(target) = &ty.kind {
                    if let Some(&j) = index.get(target.as_str()) {
                        edges[i].push(j);
                    }
                }
            })
        });
    }
    let component = strongly_connected_components(&edges);
    for (i, name) in names.iter().enumerate() {
        let def = model.types.get_mut(name).expect("listed above");
        def.kind.for_each_ty_mut(&mut |ty: &mut Ty| {
            held_inline(ty, &mut |ty| {
                if let TyKind::Named(target) = &ty.kind {
                    if let Some(&j) = index.get(target.as_str()) {
                        ty.boxed = component[j] == component[i];
                    }
                }
            })
        });
    }
}

/// `f` on `ty` and on the elements of a tuple it is: the types held inline, without a `Vec`
/// or a map between (a tuple's elements are as much part of its holder as a field).
fn held_inline(ty: &mut Ty, f: &mut dyn FnMut(&mut Ty)) {
    if let TyKind::Tuple(elements) = &mut ty.kind {
        elements.iter_mut().for_each(|e| held_inline(e, f));
    } else {
        f(ty);
    }
}

/// Tarjan's algorithm, iterative (deeply nested schemas must not overflow the stack). Returns
/// the component number of every node.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut next_order, mut next_component) = (Vec::new(), 0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[node] == UNSEEN {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_share_a_component_and_chains_do_not() {
        // 0 → 1 → 2 → 0 is a cycle, 3 → 0 is not part of it, 4 refers to itself.
        let c = strongly_connected_components(&[vec![1], vec![2], vec![0], vec![0], vec![4]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let edges: Vec<Vec<usize>> = (0..200_000)
            .map(|i| {
                if i + 1 < 200_000 {
                    vec![i + 1]
                } else {
                    vec![0]
                }
            })
            .collect();
        let c = strongly_connected_components(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
