//! HTTP sessions (the `JSESSIONID.<suffix>` cookie) and the crumbs bound to them.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::auth::{same, Who};
use crate::config::CsrfMode;
use crate::request::Request;

/// Live sessions and the cookie name of this "process start".
pub(crate) struct Sessions {
    cookie_name: String,
    ttl_ms: Option<u64>,
    /// Session id → last access time.
    live: HashMap<String, u64>,
}

impl Sessions {
    pub(crate) fn new(ttl_ms: Option<u64>) -> Sessions {
        Sessions {
            cookie_name: new_cookie_name(),
            ttl_ms,
            live: HashMap::new(),
        }
    }

    pub(crate) fn cookie_name(&self) -> &str {
        &self.cookie_name
    }

    /// The session the request's cookie names, if it is still alive; touching it keeps it
    /// alive, as any request within the session does in Jetty.
    pub(crate) fn current(&mut self, req: &Request, now: u64) -> Option<String> {
        let value = req.cookie(&self.cookie_name)?;
        // The cookie carries the id plus Jetty's worker-name suffix.
        let id = value.split('.').next().unwrap_or(value);
        let last = *self.live.get(id)?;
        if self
            .ttl_ms
            .is_some_and(|ttl| now.saturating_sub(last) > ttl)
        {
            self.live.remove(id);
            return None;
        }
        self.live.insert(id.to_string(), now);
        Some(id.to_string())
    }

    /// Starts a session and returns its id and the `Set-Cookie` value announcing it.
    pub(crate) fn create(&mut self, now: u64, ctx: &str) -> (String, String) {
        let id = format!("node0{}", crate::random::base36(26));
        self.live.insert(id.clone(), now);
        let path = if ctx.is_empty() { "/" } else { ctx };
        let cookie = format!("{}={id}.node0; Path={path}; HttpOnly", self.cookie_name);
        (id, cookie)
    }

    /// A restart: every session is gone and the cookie gets a new random name.
    pub(crate) fn restart(&mut self) {
        self.live.clear();
        self.cookie_name = new_cookie_name();
    }
}

fn new_cookie_name() -> String {
    format!("JSESSIONID.{}", crate::random::hex(8))
}

/// `DefaultCrumbIssuer`: hex SHA-256 of `<user>;<session id>` (or just `<user>` when the
/// session is excluded) followed by the instance salt.
pub(crate) fn crumb(salt: &str, user: &str, session: Option<&str>) -> String {
    let mut digest = Sha256::new();
    digest.update(user.as_bytes());
    if let Some(id) = session {
        digest.update(b";");
        digest.update(id.as_bytes());
    }
    digest.update(salt.as_bytes());
    digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `CrumbFilter` for one POST: API-token requests are excluded; otherwise the crumb comes
/// from the header, or failing that a parameter, of exactly the configured name.
pub(crate) fn post_allowed(
    mode: CsrfMode,
    field: &str,
    salt: &str,
    who: &Who,
    session: Option<&str>,
    req: &Request,
) -> bool {
    if mode == CsrfMode::Off || who.by_token() {
        return true;
    }

    let Some(given) = req.header(field).or_else(|| req.param(field)) else {
        return false;
    };
    let expected = match mode {
        CsrfMode::Session => match session {
            Some(id) => crumb(salt, who.name(), Some(id)),
            None => return false,
        },
        _ => crumb(salt, who.name(), None),
    };
    same(given, &expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)], target: &str) -> Request {
        let addr = "127.0.0.1:1".parse().unwrap();
        let headers = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Request::new("POST", target, headers, Vec::new(), addr, addr)
    }

    #[test]
    fn crumb_is_sha256_of_user_semicolon_session_then_salt() {
        // sha256("deployer;node0abc" + "salt")
        let expected = {
            let mut d = Sha256::new();
            d.update(b"deployer;node0abcsalt");
            d.finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        assert_eq!(crumb("salt", "deployer", Some("node0abc")), expected);
        assert_eq!(expected.len(), 64);
        assert_ne!(crumb("salt", "deployer", Some("node0abd")), expected);
        assert_ne!(crumb("salt", "other", Some("node0abc")), expected);
    }

    #[test]
    fn session_crumb_needs_the_session_it_was_issued_in() {
        let who = Who::User {
            index: 0,
            name: "deployer".into(),
            by_token: false,
        };
        let c = crumb("s", "deployer", Some("node0abc"));
        let req = post(&[("jenkins-crumb", &c)], "/job/app/build");
        let mode = CsrfMode::Session;
        assert!(post_allowed(
            mode,
            "Jenkins-Crumb",
            "s",
            &who,
            Some("node0abc"),
            &req
        ));
        assert!(!post_allowed(mode, "Jenkins-Crumb", "s", &who, None, &req));
        assert!(!post_allowed(
            mode,
            "Jenkins-Crumb",
            "s",
            &who,
            Some("node0x"),
            &req
        ));
    }

    #[test]
    fn crumb_as_query_parameter_counts_but_dot_crumb_does_not() {
        let who = Who::Anonymous;
        let c = crumb("s", "anonymous", None);
        let ok = post(&[], &format!("/x?Jenkins-Crumb={c}"));
        let legacy = post(&[], &format!("/x?.crumb={c}"));
        assert!(post_allowed(
            CsrfMode::On,
            "Jenkins-Crumb",
            "s",
            &who,
            None,
            &ok
        ));
        assert!(!post_allowed(
            CsrfMode::On,
            "Jenkins-Crumb",
            "s",
            &who,
            None,
            &legacy
        ));
    }

    #[test]
    fn token_requests_are_exempt_and_password_requests_are_not() {
        let token = Who::User {
            index: 0,
            name: "deployer".into(),
            by_token: true,
        };
        let password = Who::User {
            index: 0,
            name: "deployer".into(),
            by_token: false,
        };
        let req = post(&[], "/job/app/build");
        assert!(post_allowed(
            CsrfMode::Session,
            "Jenkins-Crumb",
            "s",
            &token,
            None,
            &req
        ));
        assert!(!post_allowed(
            CsrfMode::Session,
            "Jenkins-Crumb",
            "s",
            &password,
            None,
            &req
        ));
    }

    #[test]
    fn idle_sessions_expire_and_restart_renames_the_cookie() {
        let mut sessions = Sessions::new(Some(1000));
        let (id, cookie) = sessions.create(0, "/ci");
        assert!(cookie.ends_with("; Path=/ci; HttpOnly"));
        let pair = cookie.split(';').next().unwrap().to_string();
        let req = post(&[("cookie", &pair)], "/ci/x");
        assert_eq!(sessions.current(&req, 900), Some(id.clone()));
        assert_eq!(sessions.current(&req, 1800), Some(id));
        assert_eq!(sessions.current(&req, 2900), None);

        let before = sessions.cookie_name().to_string();
        sessions.restart();
        assert_ne!(sessions.cookie_name(), before);
        assert!(sessions.cookie_name().starts_with("JSESSIONID."));
    }
}
