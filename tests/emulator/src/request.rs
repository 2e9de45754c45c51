//! One received request as the servlet layer sees it: raw target, headers, body, parameters.

use std::net::SocketAddr;

/// A request with its parameters already merged the servlet way (query first, then form body).
pub(crate) struct Request {
    pub method: String,
    pub target: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub peer: SocketAddr,
    pub local: SocketAddr,
    /// Whether the request came over TLS (Jetty's `isSecure`, the default scheme).
    pub secure: bool,
    params: Vec<(String, String)>,
    /// Plain fields of a `multipart/form-data` body: Stapler's request sees them, the
    /// servlet parameters (and so the crumb filter) do not.
    multipart: Vec<(String, String)>,
}

impl Request {
    /// Builds the request; `headers` names must already be lowercase.
    pub(crate) fn new(
        method: &str,
        target: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        peer: SocketAddr,
        local: SocketAddr,
    ) -> Request {
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (target.to_string(), None),
        };
        let mut req = Request {
            method: method.to_string(),
            target: target.to_string(),
            path,
            query,
            headers,
            body,
            peer,
            local,
            secure: false,
            params: Vec::new(),
            multipart: Vec::new(),
        };

        // Jetty decodes the query as UTF-8; CharacterEncodingFilter makes the body UTF-8
        // too unless the request declares another charset.
        let mut params = parse_form(req.query.as_deref().unwrap_or("").as_bytes(), false);
        if req.method == "POST" && req.content_type_is("application/x-www-form-urlencoded") {
            params.extend(parse_form(&req.body, req.declares_latin1()));
        }
        req.params = params;
        if req.method == "POST" && req.content_type_is("multipart/form-data") {
            let ct = req.header("content-type").unwrap_or("");
            req.multipart = parse_multipart(ct, &req.body);
        }
        req
    }

    /// First value of a header, name case-insensitive.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a request parameter (query string and urlencoded body).
    pub(crate) fn param_values(&self, name: &str) -> Vec<&str> {
        self.params
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Values as Stapler reads submitted parameters: servlet parameters plus plain
    /// multipart fields.
    pub(crate) fn form_values(&self, name: &str) -> Vec<&str> {
        let multipart = self.multipart.iter().filter(|(k, _)| k == name);
        let mut values = self.param_values(name);
        values.extend(multipart.map(|(_, v)| v.as_str()));
        values
    }

    /// First value of a request parameter, as `getParameter` answers.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.param_values(name).into_iter().next()
    }

    /// Whether any parameter at all was sent.
    pub(crate) fn has_params(&self) -> bool {
        !self.params.is_empty() || !self.multipart.is_empty()
    }

    /// Value of a cookie from the `Cookie` headers.
    pub(crate) fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == "cookie")
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.trim_matches('"'))
    }

    fn content_type_is(&self, mime: &str) -> bool {
        let ct = self.header("content-type").unwrap_or("");
        let base = ct.split(';').next().unwrap_or("").trim();
        base.eq_ignore_ascii_case(mime)
    }

    fn declares_latin1(&self) -> bool {
        let ct = self
            .header("content-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        ct.contains("charset=iso-8859-1") || ct.contains("charset=latin1")
    }
}

/// Decodes `application/x-www-form-urlencoded` pairs (`+` is a space here, unlike in paths).
pub(crate) fn parse_form(data: &[u8], latin1: bool) -> Vec<(String, String)> {
    data.split(|b| *b == b'&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let mut kv = piece.splitn(2, |b| *b == b'=');
            let key = kv.next().unwrap_or_default();
            let value = kv.next().unwrap_or_default();
            (form_decode(key, latin1), form_decode(value, latin1))
        })
        .collect()
}

fn form_decode(raw: &[u8], latin1: bool) -> String {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|b| if *b == b'+' { b' ' } else { *b })
        .collect();
    let bytes = percent_decode(&spaced);
    if latin1 {
        bytes.iter().map(|b| char::from(*b)).collect()
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// Text fields of a `multipart/form-data` body; file parts are left out (file parameters
/// are not emulated).
fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<(String, String)> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'));
    let Some(boundary) = boundary.filter(|b| !b.is_empty()) else {
        return Vec::new();
    };
    let delimiter = format!("--{boundary}");

    let mut fields = Vec::new();
    for part in split_bytes(body, delimiter.as_bytes()).into_iter().skip(1) {
        if part.starts_with(b"--") {
            break;
        }
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let Some(split) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..split]);
        let value = &part[split + 4..];
        let value = value.strip_suffix(b"\r\n").unwrap_or(value);

        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))
            .unwrap_or("");
        let attribute = |key: &str| {
            disposition.split(';').find_map(|a| {
                let (k, v) = a.trim().split_once('=')?;
                (k == key).then(|| v.trim_matches('"').to_string())
            })
        };
        if let (Some(name), None) = (attribute("name"), attribute("filename")) {
            fields.push((name, String::from_utf8_lossy(value).into_owned()));
        }
    }
    fields
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut hay: &'a [u8], needle: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    while let Some(at) = find(hay, needle) {
        pieces.push(&hay[..at]);
        hay = &hay[at + needle.len()..];
    }
    pieces.push(hay);
    pieces
}

/// `%XX` to bytes; a `%` not followed by two hex digits stays literal.
pub(crate) fn percent_decode(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if raw[i] == b'%' && i + 2 < raw.len() {
            if let (Some(h), Some(l)) = (hex(raw[i + 1]), hex(raw[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, target: &str, ct: Option<&str>, body: &str) -> Request {
        let addr: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let headers = ct
            .map(|c| vec![("content-type".to_string(), c.to_string())])
            .unwrap_or_default();
        Request::new(
            method,
            target,
            headers,
            body.as_bytes().to_vec(),
            addr,
            addr,
        )
    }

    #[test]
    fn query_and_urlencoded_body_merge_in_servlet_order() {
        let r = req(
            "POST",
            "/job/a/buildWithParameters?V=q&delay=0sec",
            Some("application/x-www-form-urlencoded; charset=UTF-8"),
            "V=b%C3%BC+x&DRY_RUN=true",
        );
        assert_eq!(r.param_values("V"), vec!["q", "bü x"]);
        assert_eq!(r.param("delay"), Some("0sec"));
        assert_eq!(r.param("DRY_RUN"), Some("true"));
    }

    #[test]
    fn body_without_form_content_type_is_not_read_as_parameters() {
        let r = req("POST", "/x", Some("application/json"), "V=1");
        assert_eq!(r.param("V"), None);
        assert!(!r.has_params());
    }

    #[test]
    fn multipart_text_fields_are_form_values_but_not_servlet_parameters() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"VERSION\"\r\n\r\n2.3\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"F\"; filename=\"a.txt\"\r\n\
                    Content-Type: text/plain\r\n\r\nfile\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"Jenkins-Crumb\"\r\n\r\nc\r\n\
                    --XyZ--\r\n";
        let r = req(
            "POST",
            "/x",
            Some("multipart/form-data; boundary=\"XyZ\""),
            body,
        );
        assert_eq!(r.form_values("VERSION"), vec!["2.3"]);
        assert!(r.form_values("F").is_empty());
        assert_eq!(r.param("Jenkins-Crumb"), None);
        assert!(r.has_params());
    }

    #[test]
    fn broken_percent_escapes_stay_literal() {
        assert_eq!(percent_decode(b"a%2"), b"a%2".to_vec());
        assert_eq!(percent_decode(b"%zz%41"), b"%zzA".to_vec());
    }
}
