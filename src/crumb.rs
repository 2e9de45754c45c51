//! CSRF crumbs: fetched from the root crumb issuer in the client's cookie session, kept for
//! the client's life and refreshed once when Jenkins calls them stale.
//!
//! Jenkins binds a crumb to the user and the session cookie it was issued in (since 2.186),
//! so the crumb is only ever sent by the client whose cookie jar received that session.

use std::fmt;

use crate::answer::status_error;
use crate::client::{lock, Client, Conn};
use crate::error::{Error, ErrorKind, Result};
use crate::http::JSON_LIMIT;
use crate::model::{parse, CrumbJson};

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CrumbState {
    /// Not asked yet (or forgotten after a credentials change or a rejection).
    Unknown,
    /// The root issuer answered 404: CSRF protection is off.
    NotIssued,
    /// A crumb from this client's session.
    Issued(Crumb),
}

impl Client {
    /// The crumb to send on a POST, fetching one when none is known yet.
    pub(crate) fn current_crumb(&self, conn: &Conn) -> Result<Option<Crumb>> {
        // One fetch at a time: threads that start together share one session and crumb
        // instead of each replacing the other's session cookie.
        let _fetching = lock(&self.crumb_fetch)?;
        let known = lock(&self.crumb)?.clone();
        match known {
            CrumbState::Issued(c) => Ok(Some(c)),
            CrumbState::NotIssued => Ok(None),
            CrumbState::Unknown => self.fetch_crumb_locked(conn),
        }
    }

    /// Asks the root crumb issuer for a fresh crumb and remembers the answer.
    pub(crate) fn fetch_crumb(&self, conn: &Conn) -> Result<Option<Crumb>> {
        let _fetching = lock(&self.crumb_fetch)?;
        self.fetch_crumb_locked(conn)
    }

    /// Replaces a crumb Jenkins rejected. When another thread already replaced `stale`,
    /// its fresh crumb is used instead of fetching yet another.
    pub(crate) fn refresh_crumb(
        &self,
        conn: &Conn,
        stale: Option<&Crumb>,
    ) -> Result<Option<Crumb>> {
        let _fetching = lock(&self.crumb_fetch)?;
        if let CrumbState::Issued(current) = &*lock(&self.crumb)? {
            if Some(current) != stale {
                return Ok(Some(current.clone()));
            }
        }
        self.fetch_crumb_locked(conn)
    }

    /// Only a 404 from the root issuer means "no CSRF protection"; 401, 403, 5xx and
    /// answers that are not the issuer's JSON are errors that name the URL.
    /// The caller holds `crumb_fetch`.
    fn fetch_crumb_locked(&self, conn: &Conn) -> Result<Option<Crumb>> {
        let url = self.base.join(CRUMB_ISSUER);
        let resp = conn
            .transport
            .get(&url, conn.auth.as_ref(), JSON_LIMIT, conn.deadline())?;

        let state = match resp.status {
            200 => CrumbState::Issued(crumb_from_json(&resp.body, &url)?),
            404 => {
                log::info!("{url} answered 404: Jenkins issues no crumbs, POSTs go without");
                CrumbState::NotIssued
            }
            _ => {
                let action = format!("fetching a CSRF crumb from {url}");
                return Err(status_error(&resp, &action, conn.user.as_deref()));
            }
        };

        *lock(&self.crumb)? = state.clone();
        Ok(match state {
            CrumbState::Issued(c) => Some(c),
            _ => None,
        })
    }
}

fn crumb_from_json(body: &[u8], url: &str) -> Result<Crumb> {
    let json: CrumbJson = parse(body, url)?;
    match (json.crumb_request_field, json.crumb) {
        (Some(field), Some(value)) if is_header_name(&field) && !value.is_empty() => {
            Ok(Crumb { field, value })
        }
        _ => Err(Error::http(
            ErrorKind::Protocol,
            200,
            format!(
                "{url} answered JSON without a usable 'crumb' and 'crumbRequestField'; \
                 check that the URL is the Jenkins root"
            ),
        )),
    }
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
        let body = br#"{"_class":"hudson.security.csrf.DefaultCrumbIssuer","crumb":"ab12","crumbRequestField":"Jenkins-Crumb"}"#;
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
