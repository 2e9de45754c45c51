//! A response before it goes on the wire, and the header sets Jenkins puts on each kind.

use crate::json::Json;

/// Status, headers in order, body.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What identifies this controller in `X-Jenkins*` headers.
#[derive(Clone, Copy)]
pub(crate) struct Ident<'a> {
    pub version: &'a str,
    pub session: &'a str,
}

impl Reply {
    /// An empty reply.
    pub(crate) fn new(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub(crate) fn with(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub(crate) fn body(mut self, body: impl Into<Vec<u8>>) -> Reply {
        self.body = body.into();
        self
    }

    /// A Jenkins page rendered through the layout, which adds the identification headers.
    pub(crate) fn page(status: u16, ident: Ident, html: String) -> Reply {
        Reply::new(status)
            .with("X-Hudson", "1.395")
            .with("X-Jenkins", ident.version)
            .with("X-Jenkins-Session", ident.session)
            .with("X-Frame-Options", "sameorigin")
            .with("Content-Type", "text/html;charset=utf-8")
            .body(html)
    }

    /// A `/api/json` answer (`Api.setHeaders` plus the JSON content type).
    pub(crate) fn api_json(ident: Ident, json: &Json, pretty: bool) -> Reply {
        let text = if pretty {
            json.to_pretty()
        } else {
            json.to_text()
        };
        Reply::new(200)
            .with("X-Jenkins", ident.version)
            .with("X-Jenkins-Session", ident.session)
            .with("X-Content-Type-Options", "nosniff")
            .with("X-Frame-Options", "deny")
            .with("Content-Type", "application/json;charset=UTF-8")
            .body(text)
    }
}
