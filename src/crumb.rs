//! CSRF crumbs: fetched from the root crumb issuer in the client's cookie session, kept for
//! the client's life and refreshed once when Jenkins calls them stale.
//!
//! Jenkins binds a crumb to the user and the session cookie it was issued in (since 2.186),
//! so the crumb is only ever sent by the client whose cookie jar received that session.

use std::fmt;
use std::sync::{Condvar, Mutex};
use std::time::Instant;

use crate::answer::status_error;
use crate::client::{lock, Client, Conn};
use crate::error::{Error, ErrorKind, Result};
use crate::http::JSON_LIMIT;
use crate::model::CrumbJson;

/// The crumb issuer's path below the Jenkins root. It exists only there, never below a job.
pub const CRUMB_ISSUER: &str = "crumbIssuer/api/json";

/// A crumb and the request field (header) name the issuer asked for it under.
#[derive(Clone, PartialEq, Eq)]
pub struct Crumb {
    /// The header name, `Jenkins-Crumb` unless the controller is configured otherwise.
    pub field: String,
    /// The crumb value; a secret while its session lives.
    pub value: String,
}

impl fmt::Debug for Crumb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Crumb")
            .field("field", &self.field)
            .field("value", &"****")
            .finish()
    }
}

/// What the client knows about the controller's crumbs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum CrumbState {
    /// Not asked yet (or forgotten after a credentials change or a rejection).
    #[default]
    Unknown,
    /// The root issuer answered 404: CSRF protection is off.
    NotIssued,
    /// A crumb from this client's session.
    Issued(Crumb),
}

/// The client's crumb, shared by its threads: one fetch at a time, whose outcome every
/// caller waiting for it takes, each waiting no longer than its own deadline.
#[derive(Default)]
pub(crate) struct CrumbCache {
    inner: Mutex<Cell>,
    fetched: Condvar,
}

#[derive(Default)]
struct Cell {
    state: CrumbState,
    /// Whether some call is fetching right now.
    fetching: bool,
    /// Counts finished fetches, so a waiter knows when the one it waited for is over.
    round: u64,
    /// The identity (credentials) that `state` and `failure` belong to; a new one begins
    /// with every credentials change.
    epoch: u64,
    /// The failure of the last fetch, shared with the callers that waited for it.
    failure: Option<Error>,
}

impl CrumbCache {
    /// Forgets the crumb after Jenkins restarted; the identity stays.
    pub(crate) fn forget(&self) -> Result<()> {
        lock(&self.inner)?.state = CrumbState::Unknown;
        Ok(())
    }

    /// Begins a new identity: crumbs and failures of the old credentials are never used
    /// again, and a fetch still running for them stores nothing. The caller holds the
    /// client's state lock, so that each call's epoch matches the credentials it uses.
    pub(crate) fn new_identity(&self) -> Result<()> {
        let mut cell = lock(&self.inner)?;
        cell.epoch += 1;
        cell.state = CrumbState::Unknown;
        cell.failure = None;
        Ok(())
    }

    /// The current identity's number, copied into each call's connection.
    pub(crate) fn epoch(&self) -> Result<u64> {
        Ok(lock(&self.inner)?.epoch)
    }

    /// The crumb, if one is held (token clients use one only after a crumb 403).
    pub(crate) fn known(&self) -> Result<Option<Crumb>> {
        Ok(match &lock(&self.inner)?.state {
            CrumbState::Issued(c) => Some(c.clone()),
            _ => None,
        })
    }
}

/// Marks a fetch in progress; if the fetch unwinds, waiters are woken with an error instead
/// of waiting for a fetch that will never finish.
struct Fetching<'a> {
    cache: &'a CrumbCache,
    finished: bool,
}

impl Drop for Fetching<'_> {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if let Ok(mut cell) = self.cache.inner.lock() {
            cell.fetching = false;
            cell.round += 1;
            cell.failure = Some(poisoned());
        }
        self.cache.fetched.notify_all();
    }
}

impl Client {
    /// The crumb to send on a POST, fetching one when none is known yet.
    pub(crate) fn current_crumb(&self, conn: &Conn) -> Result<Option<Crumb>> {
        self.crumb_where(conn, crumb_of)
    }

    /// Asks the root crumb issuer for a fresh crumb and remembers the answer.
    pub(crate) fn fetch_crumb(&self, conn: &Conn) -> Result<Option<Crumb>> {
        self.crumb_where(conn, |_| None)
    }

    /// Replaces a crumb Jenkins rejected. When another call already replaced `stale`, its
    /// fresh crumb is used instead of fetching yet another.
    pub(crate) fn refresh_crumb(
        &self,
        conn: &Conn,
        stale: Option<&Crumb>,
    ) -> Result<Option<Crumb>> {
        self.crumb_where(conn, |state| match state {
            CrumbState::Issued(c) if Some(c) != stale => Some(Some(c.clone())),
            _ => None,
        })
    }

    /// Takes the crumb `usable` accepts from the cache, or fetches one. While another call
    /// fetches, waits for its outcome (until this call's deadline) rather than fetching in
    /// parallel: concurrent fetches would each replace the others' session cookie.
    fn crumb_where(
        &self,
        conn: &Conn,
        usable: impl Fn(&CrumbState) -> Option<Option<Crumb>>,
    ) -> Result<Option<Crumb>> {
        let deadline = conn.deadline();
        let cache = &self.crumbs;
        let mut cell = lock(&cache.inner)?;
        let mut waited_for = None;
        loop {
            if cell.epoch != conn.epoch {
                // The credentials changed since this call began: it fetches with its own
                // (old) credentials, alone, and shares nothing.
                drop(cell);
                return self
                    .fetch_from_issuer(conn)
                    .map(|state| crumb_of(&state).flatten());
            }
            if let Some(round) = waited_for.filter(|r| *r != cell.round) {
                debug_assert!(round < cell.round);
                if let Some(e) = &cell.failure {
                    return Err(e.clone());
                }
                if let Some(found) = crumb_of(&cell.state) {
                    return Ok(found);
                }
            }
            if !cell.fetching {
                if let Some(found) = usable(&cell.state) {
                    return Ok(found);
                }
                break;
            }

            waited_for.get_or_insert(cell.round);
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::new(
                    ErrorKind::Timeout,
                    "another call on this client was still fetching a CSRF crumb when this \
                     call's timeout ran out; raise the timeout or check that Jenkins answers",
                ));
            }
            cell = cache
                .fetched
                .wait_timeout(cell, left)
                .map_err(|_| poisoned())?
                .0;
        }

        cell.fetching = true;
        drop(cell);
        let mut guard = Fetching {
            cache,
            finished: false,
        };

        let outcome = self.fetch_from_issuer(conn);

        let mut cell = lock(&cache.inner)?;
        guard.finished = true;
        cell.fetching = false;
        cell.round += 1;
        // A fetch for credentials that changed meanwhile teaches the new ones nothing.
        let current = cell.epoch == conn.epoch;
        cell.failure = outcome.as_ref().err().filter(|_| current).cloned();
        if let (Ok(state), true) = (&outcome, current) {
            cell.state = state.clone();
        }
        cache.fetched.notify_all();
        outcome.map(|state| crumb_of(&state).flatten())
    }

    /// Only a 404 from the root issuer means "no CSRF protection"; 401, 403, 5xx and
    /// answers that are not the issuer's JSON are errors that name the URL.
    fn fetch_from_issuer(&self, conn: &Conn) -> Result<CrumbState> {
        let url = self.base.join(CRUMB_ISSUER);
        let resp = conn
            .transport
            .get(&url, &conn.identity, JSON_LIMIT, conn.deadline())?;

        match resp.status {
            200 => Ok(CrumbState::Issued(crumb_from_json(&resp.body, &url)?)),
            404 => {
                log::info!("{url} answered 404: Jenkins issues no crumbs, POSTs go without");
                Ok(CrumbState::NotIssued)
            }
            _ => {
                let action = format!("fetching a CSRF crumb from {url}");
                Err(status_error(&resp, &action, conn.user.as_deref()))
            }
        }
    }
}

/// `Some(crumb or None)` once the state is known, `None` while it is not.
fn crumb_of(state: &CrumbState) -> Option<Option<Crumb>> {
    match state {
        CrumbState::Issued(c) => Some(Some(c.clone())),
        CrumbState::NotIssued => Some(None),
        CrumbState::Unknown => None,
    }
}

fn poisoned() -> Error {
    Error::internal("an earlier call panicked while fetching a crumb")
}

fn crumb_from_json(body: &[u8], url: &str) -> Result<Crumb> {
    // The body holds a live crumb: it is never quoted in a message.
    let json: Option<CrumbJson> = serde_json::from_slice(body).ok();
    let (field, value) = json
        .and_then(|j| j.crumb_request_field.zip(j.crumb))
        .filter(|(field, value)| is_header_name(field) && is_header_value(value))
        .ok_or_else(|| {
            Error::http(
                ErrorKind::Protocol,
                200,
                format!(
                    "{url} did not answer with the crumb issuer's JSON (a 'crumb' and a \
                     'crumbRequestField' that fit in an HTTP header); check that the URL is \
                     the Jenkins root and that no login page or proxy is in the way"
                ),
            )
        })?;
    Ok(Crumb { field, value })
}

fn is_header_value(value: &str) -> bool {
    !value.is_empty() && reqwest::header::HeaderValue::from_str(value).is_ok()
}

/// Whether `name` can be sent as an HTTP header name (an RFC 9110 token).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_json_gives_field_and_value() {
        let body = concat!(
            r#"{"_class":"hudson.security.csrf.DefaultCrumbIssuer","#,
            r#""crumb":"ab12","crumbRequestField":"Jenkins-Crumb"}"#
        )
        .as_bytes();
        let c = crumb_from_json(body, "u").unwrap();

        assert_eq!(c.field, "Jenkins-Crumb");
        assert_eq!(c.value, "ab12");
    }

    #[test]
    fn issuer_json_without_field_is_a_protocol_error() {
        let e = crumb_from_json(br#"{"crumb":"ab12"}"#, "http://x/crumbIssuer/api/json");

        assert_eq!(e.unwrap_err().kind(), ErrorKind::Protocol);
    }

    #[test]
    fn crumb_that_cannot_be_a_header_value_is_a_protocol_error() {
        let body = br#"{"crumb":"ab\ncd","crumbRequestField":"Jenkins-Crumb"}"#;

        assert_eq!(
            crumb_from_json(body, "u").unwrap_err().kind(),
            ErrorKind::Protocol
        );
    }

    #[test]
    fn unparsable_issuer_answer_never_quotes_its_body() {
        let body = br#"{"crumb":"c0ffeec0ffee","crumbRequestField":"Jenkins-Crumb"}<!-- x -->"#;
        let e = crumb_from_json(body, "u").unwrap_err();

        assert!(!e.message().contains("c0ffee"), "{}", e.message());
    }

    #[test]
    fn html_with_200_is_a_protocol_error_naming_the_url() {
        let e =
            crumb_from_json(b"<html>login</html>", "http://x/crumbIssuer/api/json").unwrap_err();

        assert_eq!(e.kind(), ErrorKind::Protocol);
        assert!(e.message().contains("http://x/crumbIssuer/api/json"));
    }

    #[test]
    fn crumb_debug_output_hides_the_value() {
        let c = Crumb {
            field: "Jenkins-Crumb".into(),
            value: "deadbeef".into(),
        };

        assert_eq!(
            format!("{c:?}"),
            r#"Crumb { field: "Jenkins-Crumb", value: "****" }"#
        );
    }
}
