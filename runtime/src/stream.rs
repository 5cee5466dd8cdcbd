//! Typed event streams: bytes → server-sent events → one typed event per server-sent event.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;

use crate::error::{Error, StreamFailure};
use crate::sse::{SseEvent, SseParser};

type ByteStream<B> = Pin<Box<dyn Stream<Item = Result<Bytes, Error<B>>> + Send>>;

/// A type one server-sent event decodes into. The generator implements it for the event type of
/// every streaming operation: a union tagged by `event` with its payload under `data` is parsed
/// by the event's name; any other type is the JSON of the event's `data`.
pub trait ServerEvent: Sized {
    /// Decodes an event from its name (`message` when it has no `event:` field) and its data.
    fn decode(name: &str, data: &str) -> Result<Self, serde_json::Error>;

    /// Whether a complete stream always ends with `data: [DONE]`, so that a connection closing
    /// before it means the stream was cut off.
    const ENDS_WITH_DONE: bool = false;

    /// The value `data: [DONE]` yields before the stream ends, if any.
    fn done(data: &str) -> Option<Self> {
        let _ = data;
        None
    }
}

/// Events of a document that names no event schema: each event's data as JSON.
impl ServerEvent for serde_json::Value {
    fn decode(_name: &str, data: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(data)
    }
}

/// A `Stream` of `Result<E, Error<B>>`; `E` is the event type, `B` the API's error body (a
/// generated crate names it `EventStream<E>` with its own error body).
///
/// Every event is parsed straight into its type by [`ServerEvent::decode`]. `data: [DONE]`
/// ends the stream (yielding [`ServerEvent::done`] first, if the event type has such a value);
/// an `error` event yields [`Error::Stream`] and ends it; for a union of events, an event name
/// this version does not know yields its `Unknown` variant with the raw data, never an error.
/// When the event type ends with `[DONE]` ([`ServerEvent::ENDS_WITH_DONE`]), a connection that
/// closes before it yields [`Error::StreamEnded`]: a dropped stream never looks complete.
///
/// It is `Unpin`: `while let Some(event) = events.next().await` works without `pin!`.
pub struct EventStream<E, B = serde_json::Value> {
    bytes: ByteStream<B>,
    parser: SseParser,
    /// The byte stream has ended.
    eof: bool,
    /// Nothing more will be yielded.
    finished: bool,
    /// Events yielded so far, and whether the end was traced.
    events: u64,
    end_traced: bool,
    /// The span of the request the events come from (none for a stream built from bytes).
    span: tracing::Span,
    /// The `x-request-id` of the response, kept on the errors the stream yields.
    request_id: Option<String>,
    event: PhantomData<fn() -> E>,
}

impl<E, B> std::fmt::Debug for EventStream<E, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<E: ServerEvent, B> EventStream<E, B> {
    /// Wraps any byte stream (a response body, a recorded transcript), decoding events of type
    /// `E`.
    pub fn new<S, X>(bytes: S) -> Self
    where
        S: Stream<Item = Result<Bytes, X>> + Send + 'static,
        X: Into<Error<B>>,
    {
        Self::from_bytes(bytes)
    }

    /// The same as [`EventStream::new`].
    pub fn from_bytes<S, X>(bytes: S) -> Self
    where
        S: Stream<Item = Result<Bytes, X>> + Send + 'static,
        X: Into<Error<B>>,
    {
        use futures_util::StreamExt as _;
        Self {
            bytes: Box::pin(bytes.map(|chunk| chunk.map_err(Into::into))),
            parser: SseParser::new(),
            eof: false,
            finished: false,
            events: 0,
            end_traced: false,
            span: tracing::Span::none(),
            request_id: None,
            event: PhantomData,
        }
    }

    /// Replaces the parser's size limit for one event or line (before anything is read).
    pub(crate) fn max_event_size(mut self, bytes: usize) -> Self {
        self.parser = SseParser::with_max_event_size(bytes);
        self
    }

    /// Traces the end of the stream in the span of its request.
    pub(crate) fn traced_in(mut self, span: tracing::Span) -> Self {
        self.span = span;
        self
    }

    /// Keeps the response's `x-request-id` on the errors the stream yields.
    pub(crate) fn request_id(mut self, id: Option<String>) -> Self {
        self.request_id = id;
        self
    }

    /// `None`: the stream is over without anything more to yield.
    fn convert(&mut self, event: SseEvent) -> Option<Result<E, Error<B>>> {
        let name = event.event.as_deref().unwrap_or("message");
        if event.data == "[DONE]" && (name == "done" || name == "message") {
            self.finished = true;
            return E::done(&event.data).map(Ok);
        }
        if name == "error" {
            self.finished = true;
            let failure = StreamFailure::new(event.data).with_request_id(self.request_id.clone());
            return Some(Err(Error::Stream(Box::new(failure))));
        }
        Some(E::decode(name, &event.data).map_err(|source| {
            Error::Decode(Box::new(crate::error::DecodeFailure {
                status: reqwest::StatusCode::OK,
                path: format!("event `{name}`"),
                body: event.data.clone(),
                request_id: self.request_id.clone(),
                source,
            }))
        }))
    }
}

impl<E: ServerEvent, B> Stream for EventStream<E, B> {
    type Item = Result<E, Error<B>>;

    /// Traces the end of the stream (`debug`, with the number of events) once.
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let polled = self.as_mut().poll_events(cx);
        match &polled {
            Poll::Ready(Some(Ok(_))) => self.events += 1,
            Poll::Ready(None) if !self.end_traced => {
                self.end_traced = true;
                let events = self.events;
                self.span
                    .in_scope(|| tracing::debug!(events, "event stream ended"));
            }
            _ => {}
        }
        polled
    }
}

impl<E: ServerEvent, B> EventStream<E, B> {
    fn poll_events(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<E, Error<B>>>> {
        loop {
            if self.finished {
                return Poll::Ready(None);
            }
            if let Some(event) = self.parser.next_event() {
                match self.convert(event) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => continue,
                }
            }
            if self.eof {
                // The body ended and every event was delivered, but no `[DONE]` came.
                self.finished = true;
                return Poll::Ready(E::ENDS_WITH_DONE.then_some(Err(Error::StreamEnded)));
            }
            match self.bytes.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    if let Err(e) = self.parser.feed(&chunk) {
                        self.finished = true;
                        return Poll::Ready(Some(Err(e.into())));
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    self.finished = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(None) => {
                    self.eof = true;
                    match self.parser.finish() {
                        // An event without its final blank line is kept when it is whole; one
                        // cut off mid-way means the connection dropped, not that the server
                        // sent bad JSON.
                        Ok(Some(event)) => match self.convert(event) {
                            Some(Err(Error::Decode(_))) => {
                                self.finished = true;
                                return Poll::Ready(Some(Err(Error::StreamEnded)));
                            }
                            Some(other) => return Poll::Ready(Some(other)),
                            None => {}
                        },
                        Ok(None) => {}
                        Err(e) => {
                            self.finished = true;
                            return Poll::Ready(Some(Err(e.into())));
                        }
                    }
                }
            }
        }
    }
}

/// The chunks of `bytes`, or [`Error::StreamIdle`] (and the end) once none has come for `idle`.
pub(crate) fn with_idle_timeout<S, X, B>(
    bytes: S,
    idle: Duration,
) -> impl Stream<Item = Result<Bytes, Error<B>>> + Send + 'static
where
    S: Stream<Item = Result<Bytes, X>> + Send + 'static,
    X: Into<Error<B>>,
    B: Send + 'static,
{
    use futures_util::StreamExt as _;
    futures_util::stream::unfold(Some(Box::pin(bytes)), move |bytes| async move {
        let mut bytes = bytes?;
        match tokio::time::timeout(idle, bytes.next()).await {
            Ok(Some(Ok(chunk))) => Some((Ok(chunk), Some(bytes))),
            Ok(Some(Err(e))) => Some((Err(e.into()), None)),
            Ok(None) => None,
            Err(_) => Some((Err(Error::StreamIdle(idle)), None)),
        }
    })
}

#[cfg(test)]
mod unpin {
    use super::EventStream;

    fn assert_unpin<T: Unpin>() {}

    /// Type-checked for every `E` and `B`, not only the ones instantiated below.
    fn for_all<E, B>() {
        assert_unpin::<EventStream<E, B>>();
    }

    #[test]
    fn an_event_stream_is_unpin_whatever_its_event_type() {
        for_all::<std::marker::PhantomPinned, std::marker::PhantomPinned>();
    }
}
