//! Cursor pagination: a `Stream` of every item of every page.

use std::collections::{HashSet, VecDeque};
use std::future::Future;

use futures_core::Stream;

use crate::error::{Error, PaginationStall};

/// Items of the page fetched with `query`, then of the pages after it: `set_cursor` puts the
/// last id of a page into the query for the next one. A page is fetched only when the items
/// before it are used up; the stream ends after a page that says `has_more: false`, and after
/// the first error.
///
/// It always ends: a page that says `has_more: true` but has no cursor, no items, or the cursor
/// of an earlier page ends it with [`Error::Pagination`] (after that page's items, except for a
/// repeated cursor, whose page is a repeat).
///
/// The stream is `Unpin` (its state is boxed once), so `while let Some(item) =
/// stream.next().await` works without `pin!`.
pub fn items<Q, T, E, F, Fut>(
    query: Q,
    fetch: F,
    set_cursor: fn(&mut Q, String),
) -> impl Stream<Item = Result<T, Error<E>>> + Unpin
where
    Q: Clone,
    F: Fn(Q) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, bool, Option<String>), Error<E>>>,
{
    struct State<Q, T, E> {
        next: Option<Q>,
        buffered: VecDeque<T>,
        /// Pages fetched so far.
        pages: usize,
        /// The cursor of every page so far.
        seen: HashSet<String>,
        /// Yielded once the buffered items are used up.
        stalled: Option<Error<E>>,
    }
    let state = State {
        next: Some(query),
        buffered: VecDeque::new(),
        pages: 0,
        seen: HashSet::new(),
        stalled: None,
    };
    Box::pin(futures_util::stream::unfold(
        (state, fetch),
        move |(mut state, fetch)| async move {
            loop {
                if let Some(item) = state.buffered.pop_front() {
                    return Some((Ok(item), (state, fetch)));
                }
                if let Some(error) = state.stalled.take() {
                    return Some((Err(error), (state, fetch)));
                }
                let query = state.next.take()?;
                state.pages += 1;
                let (items, has_more, cursor) = match fetch(query.clone()).await {
                    Ok(page) => page,
                    Err(e) => return Some((Err(e), (state, fetch))),
                };
                if !has_more {
                    state.buffered.extend(items);
                    continue;
                }
                let stall = match cursor {
                    None => Some(PaginationStall::MissingCursor),
                    Some(_) if items.is_empty() => Some(PaginationStall::EmptyPage),
                    Some(cursor) if state.seen.contains(&cursor) => {
                        Some(PaginationStall::RepeatedCursor)
                    }
                    Some(cursor) => {
                        state.seen.insert(cursor.clone());
                        let mut next = query;
                        set_cursor(&mut next, cursor);
                        state.next = Some(next);
                        None
                    }
                };
                if stall != Some(PaginationStall::RepeatedCursor) {
                    state.buffered.extend(items);
                }
                state.stalled = stall.map(|stall| Error::Pagination {
                    page: state.pages,
                    stall,
                });
            }
        },
    ))
}
