//! When and how long to wait before retrying, as the official OpenAI SDKs do it: 408, 409, 429
//! and 5xx (and connection failures) are retried; `x-should-retry` overrides that; the wait is
//! `retry-after-ms`, else `retry-after` (seconds or an HTTP date) when it is between 0 and 60
//! seconds, else exponential backoff from 0.5 s doubling up to 8 s, with up to 25% jitter.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

const INITIAL_DELAY: f64 = 0.5;
const MAX_DELAY: f64 = 8.0;
const MAX_HONOURED_RETRY_AFTER: f64 = 60.0;

/// Whether a response with this status should be retried.
pub fn should_retry(status: u16, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => true,
        Some("false") => false,
        _ => retryable_status(status),
    }
}

/// Whether a response with this status is retried when the server says nothing else
/// (`x-should-retry`): 408, 409, 429 and 5xx.
pub fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429) || status >= 500
}

/// The wait before retry number `retry` (0 for the first), `jitter` in `[0, 1)`.
pub fn delay(retry: u32, headers: Option<&HeaderMap>, now: SystemTime, jitter: f64) -> Duration {
    if let Some(wait) = headers.and_then(|h| server_delay(h, now)) {
        return wait;
    }
    let backoff = (INITIAL_DELAY * 2f64.powi(retry.min(30) as i32)).min(MAX_DELAY);
    Duration::from_secs_f64(backoff * (1.0 - 0.25 * jitter.clamp(0.0, 1.0)))
}

/// What the server asked for, if it is a sensible wait.
fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let seconds = if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        ms / 1000.0
    } else {
        let value = header("retry-after")?;
        match value.parse::<f64>() {
            Ok(seconds) => seconds,
            Err(_) => {
                let at = httpdate::parse_http_date(value).ok()?;
                at.duration_since(now)
                    .map(|d| d.as_secs_f64())
                    .unwrap_or(0.0)
            }
        }
    };
    (seconds.is_finite() && seconds > 0.0 && seconds <= MAX_HONOURED_RETRY_AFTER)
        .then(|| Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn retryable_statuses_are_408_409_429_and_5xx() {
        let none = HeaderMap::new();
        for status in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert!(should_retry(status, &none), "{status}");
        }
        for status in [400, 401, 403, 404, 422] {
            assert!(!should_retry(status, &none), "{status}");
        }
    }

    #[test]
    fn x_should_retry_overrides_the_status() {
        assert!(!should_retry(500, &headers(&[("x-should-retry", "false")])));
        assert!(should_retry(400, &headers(&[("x-should-retry", "true")])));
    }

    #[test]
    fn backoff_doubles_from_half_a_second_and_caps_at_eight() {
        let now = SystemTime::now();
        let secs: Vec<f64> = (0..7)
            .map(|n| delay(n, None, now, 0.0).as_secs_f64())
            .collect();
        assert_eq!(secs, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]);
    }

    #[test]
    fn jitter_shortens_the_wait_by_at_most_a_quarter() {
        let now = SystemTime::now();
        assert_eq!(
            delay(1, None, now, 0.999_999).as_secs_f64().max(0.75),
            0.75_f64.max(delay(1, None, now, 0.999_999).as_secs_f64())
        );
        assert!(delay(1, None, now, 0.999_999) >= Duration::from_secs_f64(0.75));
        assert!(delay(1, None, now, 0.5) == Duration::from_secs_f64(0.875));
    }

    #[test]
    fn retry_after_ms_wins_over_retry_after() {
        let h = headers(&[("retry-after-ms", "250"), ("retry-after", "5")]);
        assert_eq!(
            delay(0, Some(&h), SystemTime::now(), 0.0),
            Duration::from_millis(250)
        );
    }

    #[test]
    fn retry_after_in_seconds_and_as_an_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            delay(0, Some(&headers(&[("retry-after", "3")])), now, 0.0),
            Duration::from_secs(3)
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(
            delay(0, Some(&headers(&[("retry-after", &date)])), now, 0.0),
            Duration::from_secs(7)
        );
    }

    #[test]
    fn unreasonable_server_delays_fall_back_to_backoff() {
        let now = SystemTime::now();
        for value in ["0", "-1", "3600", "soon"] {
            assert_eq!(
                delay(2, Some(&headers(&[("retry-after", value)])), now, 0.0),
                Duration::from_secs(2),
                "{value}"
            );
        }
    }
}
