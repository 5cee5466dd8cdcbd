//! The typed event stream of a streamed run: bytes → server-sent events → `AssistantStreamEvent`.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use crate::error::Error;
use crate::sse::{SseEvent, SseParser};
use crate::types::{AssistantStreamEvent, StreamError};

type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>;

/// A `Stream` of `Result<AssistantStreamEvent, Error>`.
///
/// Every event is parsed straight into its payload type by its `event:` name. `data: [DONE]`
/// yields [`AssistantStreamEvent::Done`] and ends the stream; an `error` event yields
/// [`Error::Stream`] and ends it; an event name this version does not know yields
/// [`AssistantStreamEvent::Unknown`] with its raw data, never an error. A connection that closes
/// before `[DONE]` yields [`Error::StreamEnded`]: a dropped stream never looks complete.
pub struct EventStream {
    bytes: ByteStream,
    parser: SseParser,
    /// The byte stream has ended.
    eof: bool,
    /// Nothing more will be yielded.
    finished: bool,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl EventStream {
    /// Wraps any byte stream (a response body, a recorded transcript).
    pub fn new<S, E>(bytes: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Error>,
    {
        use futures_util::StreamExt as _;
        Self {
            bytes: Box::pin(bytes.map(|chunk| chunk.map_err(Into::into))),
            parser: SseParser::new(),
            eof: false,
            finished: false,
        }
    }

    fn convert(&mut self, event: SseEvent) -> Result<AssistantStreamEvent, Error> {
        let name = event.event.as_deref().unwrap_or("message");
        if event.data == "[DONE]" && (name == "done" || name == "message") {
            self.finished = true;
            return Ok(AssistantStreamEvent::Done(event.data));
        }
        if name == "error" {
            self.finished = true;
            let error: StreamError =
                serde_json::from_str(&event.data).unwrap_or_else(|_| StreamError {
                    code: Default::default(),
                    message: event.data.clone(),
                    param: Default::default(),
                    r#type: Default::default(),
                    extra: Default::default(),
                });
            return Err(Error::Stream(Box::new(error)));
        }
        AssistantStreamEvent::from_parts(name, &event.data).map_err(|source| {
            Error::Decode(Box::new(crate::error::DecodeFailure {
                status: 200,
                path: format!("event `{name}`"),
                body: event.data.clone(),
                request_id: None,
                source,
            }))
        })
    }
}

impl Stream for EventStream {
    type Item = Result<AssistantStreamEvent, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if self.finished {
                return Poll::Ready(None);
            }
            if let Some(event) = self.parser.next_event() {
                return Poll::Ready(Some(self.convert(event)));
            }
            if self.eof {
                // The body ended and every event was delivered, but no `[DONE]` came.
                self.finished = true;
                return Poll::Ready(Some(Err(Error::StreamEnded)));
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
                            Err(Error::Decode(_)) => {
                                self.finished = true;
                                return Poll::Ready(Some(Err(Error::StreamEnded)));
                            }
                            other => return Poll::Ready(Some(other)),
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
