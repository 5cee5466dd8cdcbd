//! Cursor pagination: a `Stream` of every item of every page.

use std::collections::VecDeque;
use std::future::Future;

use futures_core::Stream;

use crate::error::Error;

/// Items of the page fetched with `query`, then of the pages after it: `set_cursor` puts the
/// last id of a page into the query for the next one. A page is fetched only when the items
/// before it are used up; the stream ends after a page that says `has_more: false` (or has no
/// last id), and after the first error.
pub fn items<Q, T, F, Fut>(
    query: Q,
    fetch: F,
    set_cursor: fn(&mut Q, String),
) -> impl Stream<Item = Result<T, Error>>
where
    Q: Clone,
    F: Fn(Q) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, bool, Option<String>), Error>>,
{
    struct State<Q, T> {
        next: Option<Q>,
        buffered: VecDeque<T>,
    }
    let state = State {
        next: Some(query),
        buffered: VecDeque::new(),
    };
    futures_util::stream::unfold((state, fetch), move |(mut state, fetch)| async move {
        loop {
            if let Some(item) = state.buffered.pop_front() {
                return Some((Ok(item), (state, fetch)));
            }
            let query = state.next.take()?;
            match fetch(query.clone()).await {
                Ok((items, has_more, last_id)) => {
                    state.buffered.extend(items);
                    if let (true, Some(cursor)) = (has_more, last_id) {
                        let mut next = query;
                        set_cursor(&mut next, cursor);
                        state.next = Some(next);
                    }
                    if state.buffered.is_empty() && state.next.is_none() {
                        return None;
                    }
                }
                Err(e) => return Some((Err(e), (state, fetch))),
            }
        }
    })
}
