//! The HTTP transport: one reqwest client per configuration, requests with deadlines, size
//! limits and retries, and the mapping of transport failures onto [`ErrorKind`]s.
//!
//! Redirects are never followed: a trigger POST must not turn into a GET, and credentials
//! must never travel to another origin or from https down to http.

use std::io::Read;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use reqwest::blocking::{Client as HttpClient, RequestBuilder};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Certificate, Proxy};

use crate::error::{Error, ErrorKind, Result, REDACT_MIN};

/// Largest JSON answer read; Jenkins' biggest API answers the client asks for are far
/// smaller, so anything above is a broken or hostile server.
pub const JSON_LIMIT: usize = 4 << 20;

/// How much of an error page is kept to quote Jenkins' message from.
const ERROR_BODY_LIMIT: usize = 64 << 10;

/// Attempts of an idempotent GET, first try included.
const GET_ATTEMPTS: u32 = 4;

/// First pause between GET attempts; doubled after each.
const FIRST_BACKOFF: Duration = Duration::from_millis(200);

/// Transport settings; a change makes the client build a new transport.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Deadline of one request, connect to last byte.
    pub timeout: Duration,
    /// Extra trusted roots, on top of the platform's.
    pub extra_roots: Vec<Certificate>,
    /// Whether certificate checks are off (explicit opt-in only).
    pub insecure: bool,
    /// An explicit proxy; None uses the standard proxy variables.
    pub proxy: Option<Proxy>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            timeout: Duration::from_secs(30),
            extra_roots: Vec::new(),
            insecure: false,
            proxy: None,
        }
    }
}

/// Who is asking: the `Authorization` header, and every secret that must never be quoted
/// back, scrubbed from answer bodies before anything reads them.
#[derive(Clone, Default)]
pub struct Identity {
    /// Basic auth, pre-emptive on every request; None for anonymous.
    pub auth: Option<HeaderValue>,
    /// Password or token, its Basic base64 form, the proxy password.
    pub secrets: Vec<String>,
}

/// One answer, with its body read up to a limit.
#[derive(Debug)]
pub struct Response {
    /// The URL that was requested.
    pub url: String,
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body, decoded from gzip, at most the requested limit.
    pub body: Vec<u8>,
}

impl Response {
    /// The value of a header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A configured HTTP client. Cheap to share; safe to use from several threads.
pub struct Transport {
    client: HttpClient,
    timeout: Duration,
}

impl Transport {
    /// Builds the reqwest client for `settings`, sharing `cookies` with earlier transports
    /// of the same client so that a crumb's session survives a settings change.
    pub fn new(settings: &Settings, cookies: Arc<reqwest::cookie::Jar>) -> Result<Transport> {
        let mut builder = HttpClient::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(cookies)
            .timeout(settings.timeout)
            // Shorter than the whole request's, so that a connection (TLS handshake included)
            // that never completes is reported as such: nothing was sent.
            .connect_timeout(settings.timeout.mul_f64(0.9))
            .user_agent(concat!("jenkins-trigger/", env!("CARGO_PKG_VERSION")));

        if !settings.extra_roots.is_empty() {
            builder = builder.tls_certs_merge(settings.extra_roots.iter().cloned());
        }
        if settings.insecure {
            builder = builder.tls_danger_accept_invalid_certs(true);
        }
        if let Some(proxy) = &settings.proxy {
            builder = builder.proxy(proxy.clone());
        }

        let client = builder.build().map_err(|e| {
            Error::new(
                ErrorKind::Tls,
                format!("could not set up the HTTPS client: {}", error_chain(&e)),
            )
        })?;
        Ok(Transport {
            client,
            timeout: settings.timeout,
        })
    }

    /// GETs `url`, retrying connection failures, timeouts and 502/503/504 with backoff
    /// until `deadline`; the first attempt may run past `deadline` by up to one timeout. Bodies of 2xx answers are read up to `limit` bytes.
    pub fn get(
        &self,
        url: &str,
        who: &Identity,
        limit: usize,
        deadline: Instant,
    ) -> Result<Response> {
        let mut backoff = FIRST_BACKOFF;
        let mut attempt = 1;
        loop {
            // The first attempt always gets the whole request timeout, so a short wait on a
            // slow Jenkins still makes one complete look; retries only use what is left.
            let remaining = deadline.saturating_duration_since(Instant::now());
            let per_request = if attempt == 1 {
                self.timeout
            } else {
                remaining.min(self.timeout).max(Duration::from_millis(1))
            };
            let request = self
                .client
                .get(url)
                .header(ACCEPT, "application/json")
                .timeout(per_request);
            let outcome = send(with_auth(request, who), url, limit, Body::Exact, who);

            let retry = match &outcome {
                Ok(r) => matches!(r.status, 502..=504),
                Err(e) => matches!(e.kind(), ErrorKind::Connect | ErrorKind::Timeout),
            };
            let time_left = deadline.saturating_duration_since(Instant::now()) > backoff;
            if !retry || attempt >= GET_ATTEMPTS || !time_left {
                return outcome;
            }

            log::debug!("GET {url} failed on attempt {attempt}; retrying in {backoff:?}");
            thread::sleep(backoff);
            backoff *= 2;
            attempt += 1;
        }
    }

    /// POSTs a form body once. Never retried and never redirected: once the request may
    /// have reached Jenkins, a lost answer is reported as such. The whole exchange, answer
    /// body included, ends within the timeout.
    pub fn post_form(
        &self,
        url: &str,
        who: &Identity,
        extra: &[(String, String)],
        body: String,
    ) -> Result<Response> {
        let mut request = self
            .client
            .post(url)
            .header(
                CONTENT_TYPE,
                "application/x-www-form-urlencoded; charset=UTF-8",
            )
            .timeout(self.timeout)
            .body(body);
        for (name, value) in extra {
            request = request.header(name.as_str(), value.as_str());
        }

        // The status and Location are the answer; an oversized or cut-off body must not turn
        // a queued build into an error.
        send(
            with_auth(request, who),
            url,
            ERROR_BODY_LIMIT,
            Body::Lenient,
            who,
        )
    }
}

fn with_auth(request: RequestBuilder, who: &Identity) -> RequestBuilder {
    match &who.auth {
        Some(value) => request.header(AUTHORIZATION, value.clone()),
        None => request,
    }
}

/// How strictly an answer body is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    /// A 2xx body over the limit, or one cut short, is an error: it is data to parse.
    Exact,
    /// The answer to a trigger POST: whatever body arrives up to the limit is kept, since the
    /// status and headers are the answer, and a failure after connecting is reported as a
    /// lost answer (the build may be queued).
    Lenient,
}

fn send(
    request: RequestBuilder,
    url: &str,
    limit: usize,
    mode: Body,
    who: &Identity,
) -> Result<Response> {
    let started = Instant::now();
    let response = request.send().map_err(|e| {
        let error = transport_error(&e, url, false);
        // A POST that failed after its connection was made may have reached Jenkins.
        let maybe_sent = !e.is_connect() && !e.is_builder();
        if mode == Body::Lenient && maybe_sent {
            lost_post_answer(error, url)
        } else {
            error
        }
    })?;

    let status = response.status().as_u16();
    let success = (200..300).contains(&status);
    let headers = response.headers().clone();
    let limit = if success {
        limit
    } else {
        limit.min(ERROR_BODY_LIMIT)
    };
    let mut body = Vec::new();
    let read = response.take(limit as u64 + 1).read_to_end(&mut body);
    scrub(&mut body, &who.secrets);
    match read {
        Err(e) if mode == Body::Exact => return Err(transport_error(&e, url, true)),
        Err(e) => log::debug!("{url}: the answer body broke off ({e}); status {status} kept"),
        Ok(_) => {}
    }
    if body.len() > limit {
        if success && mode == Body::Exact {
            return Err(Error::http(
                ErrorKind::Protocol,
                status,
                format!(
                    "{url} answered with more than {limit} bytes, far more than Jenkins sends \
                     for this request; check that the URL is a Jenkins controller"
                ),
            ));
        }
        body.truncate(limit);
    }

    log::debug!("{url} answered {status} in {:?}", started.elapsed());
    Ok(Response {
        url: url.to_string(),
        status,
        headers,
        body,
    })
}

/// Replaces every occurrence of each secret in an answer body with `****`, before any
/// message quotes, cleans or truncates it (a server may echo a request back).
///
/// Known shortcoming: secrets shorter than four characters are not scrubbed, since
/// replacing them everywhere would break the detection of Jenkins' own texts ("No valid
/// crumb") and reveal them; such a secret echoed by a server stays in its quoted text.
fn scrub(body: &mut Vec<u8>, secrets: &[String]) {
    let long_enough = |s: &&String| s.chars().count() >= REDACT_MIN;
    for secret in secrets.iter().filter(long_enough).map(String::as_bytes) {
        let mut at = 0;
        while let Some(i) = body[at..].windows(secret.len()).position(|w| w == secret) {
            let start = at + i;
            body.splice(start..start + secret.len(), b"****".iter().copied());
            at = start + 4;
        }
    }
}

/// Maps a transport failure onto a kind and a message that names the URL and what to do.
///
/// Known shortcoming: TLS failures and timeouts are told apart by the words of the error
/// chain, because reqwest hides rustls' and hyper's error types behind boxed errors. A
/// wording change in those crates would turn a TLS failure into `Connect`; the TLS
/// scenario tests catch that on upgrade.
fn transport_error(e: &(dyn std::error::Error + 'static), url: &str, reading: bool) -> Error {
    if e.downcast_ref::<reqwest::Error>()
        .is_some_and(reqwest::Error::is_builder)
    {
        return Error::internal(format!(
            "the request to {url} could not be built ({}); nothing was sent",
            error_chain(e)
        ));
    }
    let chain = error_chain(e);
    let lower = chain.to_lowercase();
    let timed_out = lower.contains("timed out") || lower.contains("timeout");
    let tls = [
        "certificate",
        "tls",
        "ssl",
        "handshake",
        "unknownissuer",
        "notvalidforname",
    ]
    .iter()
    .any(|w| lower.contains(w));

    if tls && !timed_out {
        let advice = if lower.contains("not valid for name") || lower.contains("notvalidforname") {
            "the server's certificate was issued for another host name: use the Jenkins URL \
             with a name the certificate names"
        } else if lower.contains("unknownissuer") || lower.contains("unknown issuer") {
            "the server's certificate is not trusted: if Jenkins uses a private CA, give its \
             certificate as the CA file instead of turning verification off"
        } else {
            "check the certificate and the TLS versions the server offers; if Jenkins uses a \
             private CA, give its certificate as the CA file"
        };
        Error::new(
            ErrorKind::Tls,
            format!("the TLS connection to {url} failed ({chain}); {advice}"),
        )
    } else if timed_out {
        Error::new(
            ErrorKind::Timeout,
            format!(
                "{url} did not answer in time ({chain}); raise the timeout or check that \
                 Jenkins is reachable"
            ),
        )
    } else {
        let what = if reading {
            "broke while reading the answer"
        } else {
            "failed"
        };
        Error::new(
            ErrorKind::Connect,
            format!(
                "the connection to {url} {what} ({chain}); check the URL, that Jenkins is \
                 running, and the proxy settings"
            ),
        )
    }
}

fn lost_post_answer(e: Error, url: &str) -> Error {
    Error::new(
        e.kind(),
        format!(
            "{}. The trigger POST to {url} was not repeated: Jenkins may or may not have \
             queued the build, so check Jenkins before re-running",
            e.message()
        ),
    )
}

/// The error and its causes joined by ": ", without the request URL reqwest would add.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = Vec::new();
    let mut current = Some(e);
    while let Some(err) = current {
        let text = match err.downcast_ref::<reqwest::Error>() {
            Some(r) if r.url().is_some() => strip_url_suffix(&r.to_string()),
            _ => err.to_string(),
        };
        if !text.is_empty() && parts.last() != Some(&text) {
            parts.push(text);
        }
        current = err.source();
    }
    parts.join(": ")
}

fn strip_url_suffix(text: &str) -> String {
    match text.find(" for url (") {
        Some(i) => text[..i].to_string(),
        None => text.to_string(),
    }
}

/// The first characters of a body, whitespace collapsed, for quoting in messages.
pub fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(400)]);
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect()
}

/// The `Authorization` header for Basic auth, marked sensitive so that it never appears in
/// reqwest's debug output.
pub fn basic_auth_header(user: &str, secret: &str) -> HeaderValue {
    use base64::Engine as _;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"));
    let mut value =
        HeaderValue::from_str(&format!("Basic {token}")).expect("base64 is a valid header value");
    value.set_sensitive(true);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_header_encodes_utf8_credentials() {
        let v = basic_auth_header("jürgen", "pässwörd€");

        assert_eq!(v.to_str().unwrap(), "Basic asO8cmdlbjpww6Rzc3fDtnJk4oKs");
        assert!(v.is_sensitive());
    }

    #[test]
    fn scrub_replaces_secrets_in_bodies_before_anything_reads_them() {
        let mut body = b"a pass  x pass passpass pw".to_vec();
        scrub(
            &mut body,
            &["pass".to_string(), "pw".to_string(), String::new()],
        );

        assert_eq!(body, b"a ****  x **** ******** pw");
    }

    #[test]
    fn snippet_collapses_whitespace_and_truncates() {
        let body = b"<html>\n  <body>   hello\tworld </body></html>";

        assert_eq!(snippet(body), "<html> <body> hello world </body></html>");
        assert_eq!(snippet(&[b'a'; 500]).len(), 120);
    }
}
