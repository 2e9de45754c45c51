//! Basic authentication (API token first, then password) and the permissions of a caller.

use base64::Engine;

use crate::config::{Config, User};
use crate::request::Request;

/// Who a request runs as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    Anonymous,
    User {
        /// Index into `Config::users`.
        index: usize,
        name: String,
        /// Authenticated by an API token, which exempts the request from crumbs.
        by_token: bool,
    },
}

/// Why the `Authorization` header was refused; Jenkins says only `Unauthorized` for all.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BadCredentials;

/// A permission Jenkins checks, with its id and the `impliedBy` chain reported in headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Permission {
    OverallRead,
    JobBuild,
    JobCancel,
}

impl Permission {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Permission::OverallRead => "hudson.model.Hudson.Read",
            Permission::JobBuild => "hudson.model.Item.Build",
            Permission::JobCancel => "hudson.model.Item.Cancel",
        }
    }

    /// The group/name form used in "is missing the … permission".
    pub(crate) fn title(self) -> &'static str {
        match self {
            Permission::OverallRead => "Overall/Read",
            Permission::JobBuild => "Job/Build",
            Permission::JobCancel => "Job/Cancel",
        }
    }

    pub(crate) fn implied_by(self) -> &'static [&'static str] {
        match self {
            Permission::OverallRead => &[
                "hudson.security.Permission.GenericRead",
                "hudson.model.Hudson.Administer",
            ],
            Permission::JobBuild | Permission::JobCancel => &[
                "hudson.security.Permission.GenericUpdate",
                "hudson.security.Permission.GenericWrite",
                "hudson.model.Hudson.Administer",
            ],
        }
    }
}

impl Who {
    /// The name Jenkins reports (`anonymous` when not logged in).
    pub(crate) fn name(&self) -> &str {
        match self {
            Who::Anonymous => "anonymous",
            Who::User { name, .. } => name,
        }
    }

    pub(crate) fn by_token(&self) -> bool {
        matches!(self, Who::User { by_token: true, .. })
    }

    /// Overall/Read and Job/Read go together here: every user has them, anonymous maybe.
    pub(crate) fn can_read(&self, config: &Config) -> bool {
        match self {
            Who::Anonymous => config.anonymous_read,
            Who::User { .. } => true,
        }
    }

    pub(crate) fn has(&self, config: &Config, permission: Permission) -> bool {
        let user = |index: &usize| config.users.get(*index);
        match (self, permission) {
            (_, Permission::OverallRead) => self.can_read(config),
            (Who::Anonymous, _) => false,
            (Who::User { index, .. }, Permission::JobBuild) => {
                user(index).is_some_and(|u| u.can_build)
            }
            (Who::User { index, .. }, Permission::JobCancel) => {
                user(index).is_some_and(|u| u.can_cancel)
            }
        }
    }
}

/// Reads the `Authorization` header; no header (or another scheme) means anonymous.
pub(crate) fn authenticate(users: &[User], req: &Request) -> Result<Who, BadCredentials> {
    let Some(header) = req.header("authorization") else {
        return Ok(Who::Anonymous);
    };
    if header.len() < 6 || !header[..6].eq_ignore_ascii_case("basic ") {
        return Ok(Who::Anonymous);
    }

    let decoded = base64::engine::general_purpose::STANDARD
        .decode(header[6..].trim())
        .map_err(|_| BadCredentials)?;
    let text = String::from_utf8_lossy(&decoded);
    let (name, secret) = text.split_once(':').ok_or(BadCredentials)?;

    let (index, user) = users
        .iter()
        .enumerate()
        .find(|(_, u)| u.name == name)
        .ok_or(BadCredentials)?;
    let by_token = user.api_tokens.iter().any(|t| same(t, secret));
    if !by_token && !same(&user.password, secret) {
        return Err(BadCredentials);
    }
    Ok(Who::User {
        index,
        name: user.name.clone(),
        by_token,
    })
}

/// Compares without stopping at the first difference, as Jenkins does for secrets.
pub(crate) fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    diff == 0 && a.len() == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_auth(value: &str) -> Request {
        let addr = "127.0.0.1:1".parse().unwrap();
        let headers = vec![("authorization".to_string(), value.to_string())];
        Request::new("GET", "/", headers, Vec::new(), addr, addr)
    }

    fn basic(userpass: &str) -> Request {
        let b64 = base64::engine::general_purpose::STANDARD.encode(userpass);
        with_auth(&format!("basic {b64}"))
    }

    fn users() -> Vec<User> {
        vec![
            User::new("deployer", "pw-deployer").with_token("11aa"),
            User::new("jürgen", "pässwörd€"),
        ]
    }

    #[test]
    fn token_authentication_is_marked_for_the_crumb_exemption() {
        let who = authenticate(&users(), &basic("deployer:11aa")).unwrap();
        assert!(who.by_token());
        let who = authenticate(&users(), &basic("deployer:pw-deployer")).unwrap();
        assert!(!who.by_token());
    }

    #[test]
    fn utf8_names_and_passwords_authenticate() {
        let who = authenticate(&users(), &basic("jürgen:pässwörd€")).unwrap();
        assert_eq!(who.name(), "jürgen");
    }

    #[test]
    fn wrong_secret_unknown_user_and_missing_colon_are_refused() {
        assert_eq!(
            authenticate(&users(), &basic("deployer:nope")),
            Err(BadCredentials)
        );
        assert_eq!(
            authenticate(&users(), &basic("ghost:11aa")),
            Err(BadCredentials)
        );
        assert_eq!(
            authenticate(&users(), &basic("deployer")),
            Err(BadCredentials)
        );
        assert_eq!(
            authenticate(&users(), &with_auth("Basic !!!")),
            Err(BadCredentials)
        );
    }

    #[test]
    fn other_schemes_are_anonymous() {
        assert_eq!(
            authenticate(&users(), &with_auth("Bearer x")),
            Ok(Who::Anonymous)
        );
    }
}
