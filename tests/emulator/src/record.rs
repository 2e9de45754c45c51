//! The request log tests assert on: every request in arrival order with what it was answered.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use base64::Engine;
use serde::Serialize;

/// One request as received, and what the emulator answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// Method, e.g. "POST".
    pub method: String,
    /// Raw request-target as received: path plus `?query`.
    pub target: String,
    /// Raw path, still percent-encoded.
    pub path: String,
    /// Raw query string, without the `?`.
    pub query: Option<String>,
    /// Header names lowercased, values lossily decoded as UTF-8, in order received.
    pub headers: Vec<(String, String)>,
    /// The complete body.
    pub body: Vec<u8>,
    /// Status code the emulator answered; 0 for a request held without an answer.
    pub status: u16,
    /// Length in bytes of the response body the emulator sent.
    pub response_len: usize,
    /// Response headers the emulator set, in order and as spelled there (hyper adds
    /// `content-length` and `date` on the wire).
    pub response_headers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// First value of a header, name compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// First value of a response header, name compared case-insensitively.
    pub fn response_header(&self, name: &str) -> Option<&str> {
        self.response_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body decoded as UTF-8, invalid bytes replaced.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// JSON form served by `GET /__emulator/requests`.
#[derive(Serialize)]
struct Exported<'a> {
    method: &'a str,
    target: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    headers: &'a [(String, String)],
    body: String,
    body_base64: String,
    status: u16,
    response_len: usize,
    response_headers: &'a [(String, String)],
}

/// Requests keyed by an arrival ticket, so concurrent requests keep arrival order.
#[derive(Default)]
pub(crate) struct RequestLog {
    next: AtomicU64,
    entries: Mutex<Vec<(u64, RecordedRequest)>>,
}

impl RequestLog {
    /// Taken when a request's head arrives.
    pub(crate) fn ticket(&self) -> u64 {
        self.next.fetch_add(1, Ordering::SeqCst)
    }

    pub(crate) fn push(&self, ticket: u64, request: RecordedRequest) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let at = entries.partition_point(|(t, _)| *t < ticket);
        entries.insert(at, (ticket, request));
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.iter().map(|(_, r)| r.clone()).collect()
    }

    pub(crate) fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The log as a JSON array, bodies both as lossy text and as base64.
    pub(crate) fn to_json(&self) -> String {
        let requests = self.snapshot();
        let exported: Vec<Exported> = requests
            .iter()
            .map(|r| Exported {
                method: &r.method,
                target: &r.target,
                path: &r.path,
                query: r.query.as_deref(),
                headers: &r.headers,
                body: r.body_text(),
                body_base64: base64::engine::general_purpose::STANDARD.encode(&r.body),
                status: r.status,
                response_len: r.response_len,
                response_headers: &r.response_headers,
            })
            .collect();
        serde_json::to_string(&exported).unwrap_or_else(|_| "[]".to_string())
    }
}
