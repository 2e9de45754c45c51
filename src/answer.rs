//! Reading what Jenkins meant by an answer: its own message out of the three error page
//! formats (Jetty's container page, Jenkins' "oops" and access-denied pages, JSON), and the
//! mapping of statuses onto [`ErrorKind`]s with advice.
//!
//! Decisions key on the status code and a few headers and fixed strings, never on the
//! layout of an HTML page.

use crate::error::{Error, ErrorKind};
use crate::http::Response;

/// The text Jenkins' `CrumbFilter` puts in its 403.
const CRUMB_REJECTED: &str = "No valid crumb";

/// Longest quote of Jenkins' message kept in our messages.
const MESSAGE_LIMIT: usize = 200;

/// Whether a 403 is the CSRF filter refusing the crumb rather than a missing permission.
pub fn is_crumb_rejection(resp: &Response) -> bool {
    resp.status == 403
        && resp.header("x-required-permission").is_none()
        && String::from_utf8_lossy(&resp.body).contains(CRUMB_REJECTED)
}

/// Jenkins' own message in an error answer, cleaned of markup, if one can be found.
pub fn jenkins_message(resp: &Response) -> Option<String> {
    let body = String::from_utf8_lossy(&resp.body);
    let found = json_message(&body)
        .or_else(|| between(&body, "<title>", "</title>").map(strip_error_prefix))
        .or_else(|| between(&body, "<h2>", "</h2>").map(strip_error_prefix))
        .or_else(|| missing_permission_sentence(&body))
        .or_else(|| plain_text_line(resp, &body))?;

    let clean: String = strip_escapes(&strip_tags(&found))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(MESSAGE_LIMIT)
        .collect();
    (!clean.is_empty()).then_some(clean)
}

/// ` (HTTP 403: <Jenkins' message>)` or ` (HTTP 403)`, for the end of a sentence.
pub fn status_note(resp: &Response) -> String {
    match jenkins_message(resp) {
        Some(m) => format!(" (HTTP {}: {m})", resp.status),
        None => format!(" (HTTP {})", resp.status),
    }
}

/// The error for an answer that is not what `action` expected, with advice by status.
///
/// `user` is the configured user name, or None for anonymous requests.
pub fn status_error(resp: &Response, action: &str, user: Option<&str>) -> Error {
    let note = status_note(resp);
    let status = resp.status;
    let (kind, advice) = match status {
        401 => (
            ErrorKind::Unauthorized,
            match user {
                Some(u) => format!(
                    "Jenkins rejected the credentials of user '{u}' as an invalid \
                     password/token. Check the user name, and if you use an API token, \
                     generate a new one: a revoked token is refused the same way"
                ),
                None => "Jenkins asked for credentials: set a user and API token".to_string(),
            },
        ),
        403 if is_crumb_rejection(resp) => (
            ErrorKind::Crumb,
            "Jenkins refused the CSRF crumb even after a fresh one was fetched; the crumb \
             is bound to the session cookie, so a proxy that drops cookies breaks it. \
             An API token needs no crumb at all"
                .to_string(),
        ),
        403 => (ErrorKind::Forbidden, forbidden_advice(resp, user)),
        404 => (
            ErrorKind::NotFound,
            "nothing exists at that URL; check the Jenkins URL (with its context path) \
             and the job's full name"
                .to_string(),
        ),
        407 => (
            ErrorKind::Http,
            "the proxy requires authentication: give it as http://user:password@host:port"
                .to_string(),
        ),
        503 => (
            ErrorKind::Http,
            "Jenkins is starting, restarting or overloaded; try again in a minute".to_string(),
        ),
        500..=599 => (
            ErrorKind::Http,
            "Jenkins or a proxy in front of it failed; Jenkins' log has the details".to_string(),
        ),
        300..=399 => (
            ErrorKind::Http,
            format!(
                "Jenkins redirected to '{}', which is not followed; set the Jenkins URL to \
                 the address it redirects to",
                resp.header("location").unwrap_or("")
            ),
        ),
        _ => (
            ErrorKind::Http,
            "Jenkins did not accept the request".to_string(),
        ),
    };
    Error::http(kind, status, format!("{action} failed{note}: {advice}"))
}

fn forbidden_advice(resp: &Response, user: Option<&str>) -> String {
    let who = user.map_or("anonymous".to_string(), |u| format!("user '{u}'"));
    match resp.header("x-required-permission") {
        Some(p) => format!("{who} lacks the permission {p}; ask a Jenkins administrator for it"),
        None if user.is_none() => {
            "Jenkins refuses anonymous access: set a user and API token".to_string()
        }
        None => format!("{who} is not allowed to do this; ask a Jenkins administrator"),
    }
}

fn json_message(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value.get("message")?.as_str().map(str::to_string)
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// Jetty writes `Error 403 <message>` in the title and `HTTP ERROR 403 <message>` in h2.
fn strip_error_prefix(text: &str) -> String {
    let text = text.trim();
    let rest = text
        .strip_prefix("HTTP ERROR ")
        .or_else(|| text.strip_prefix("Error "))
        .unwrap_or(text);
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit()).trim();
    if rest.is_empty() {
        text.to_string()
    } else {
        rest.to_string()
    }
}

fn missing_permission_sentence(body: &str) -> Option<String> {
    let text = strip_tags(body);
    let at = text.find(" is missing the ")?;
    let start = text[..at].rfind(['\n', '>', '.']).map_or(0, |i| i + 1);
    let end = text[at..].find(['\n', '<']).map_or(text.len(), |i| at + i);
    Some(text[start..end].trim().to_string())
}

fn plain_text_line(resp: &Response, body: &str) -> Option<String> {
    let plain = resp
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/plain"));
    plain.then(|| {
        body.lines()
            .find(|l| !l.trim().is_empty())
            .map(str::to_string)
    })?
}

/// Removes terminal escape sequences (`ESC [ ... letter`) a server might put in its text.
fn strip_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.next_if_eq(&'[').is_some() {
            while chars.next().is_some_and(|c| !c.is_ascii_alphabetic()) {}
        }
    }
    out
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn resp(status: u16, headers: &[(&'static str, &str)], body: &str) -> Response {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        Response {
            url: "http://127.0.0.1/x".into(),
            status,
            headers: map,
            body: body.as_bytes().to_vec(),
        }
    }

    const CRUMB_PAGE: &str = "<html><head><title>Error 403 No valid crumb was included in the \
        request</title></head><body><h2>HTTP ERROR 403 No valid crumb was included in the \
        request</h2></body></html>";

    #[test]
    fn jetty_crumb_page_is_a_crumb_rejection_with_its_message() {
        let r = resp(403, &[], CRUMB_PAGE);

        assert!(is_crumb_rejection(&r));
        assert_eq!(
            jenkins_message(&r).as_deref(),
            Some("No valid crumb was included in the request")
        );
    }

    #[test]
    fn permission_403_is_not_a_crumb_rejection() {
        let body = "<html><body><p>deployer is missing the Job/Build permission</p></body></html>";
        let r = resp(
            403,
            &[("x-required-permission", "hudson.model.Item.Build")],
            body,
        );

        assert!(!is_crumb_rejection(&r));
        assert_eq!(
            jenkins_message(&r).as_deref(),
            Some("deployer is missing the Job/Build permission")
        );
        let e = status_error(&r, "triggering 'app'", Some("deployer"));
        assert_eq!(e.kind(), ErrorKind::Forbidden);
        assert_eq!(e.http_status(), 403);
        assert!(
            e.message().contains("hudson.model.Item.Build"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn terminal_escapes_in_jenkins_text_are_removed() {
        let r = resp(
            500,
            &[],
            "<title>Error 500 \u{1b}[31mred\u{1b}[0m text</title>",
        );

        assert_eq!(jenkins_message(&r).as_deref(), Some("red text"));
    }

    #[test]
    fn json_error_page_message_is_used() {
        let r = resp(
            409,
            &[],
            r#"{"url":"/x","status":"409","message":"app is not buildable"}"#,
        );

        assert_eq!(jenkins_message(&r).as_deref(), Some("app is not buildable"));
    }

    #[test]
    fn unauthorized_message_names_the_user_and_never_the_word_crumb() {
        let page = "<html><head><title>Error 401 Unauthorized</title></head></html>";
        let r = resp(
            401,
            &[("www-authenticate", "Basic realm=\"Jenkins\"")],
            page,
        );
        let e = status_error(&r, "triggering 'app'", Some("deployer"));

        assert_eq!(e.kind(), ErrorKind::Unauthorized);
        assert!(e.message().contains("'deployer'"));
        assert!(e.message().contains("invalid password/token"));
        assert!(
            e.message().contains("(HTTP 401: Unauthorized)"),
            "{}",
            e.message()
        );
        assert!(!e.message().to_lowercase().contains("crumb"));
    }
}
