//! The client: where a Jenkins controller is, how to reach it, and who is asking.
//!
//! A [`Client`] is shared between threads. Its settings sit behind a lock and the HTTP
//! transport is rebuilt lazily after a change; the cookie jar outlives transports, so a crumb
//! and the session cookie it is bound to always travel together.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use reqwest::{Certificate, Proxy, Url};

use crate::base_url::BaseUrl;
use crate::crumb::{Crumb, CrumbCache};
use crate::error::{Error, Result};
use crate::http::{basic_auth_header, Identity, Response, Settings, Transport};
use crate::job_path::JobPath;

/// Longest per-request timeout accepted; beyond it a typo is likelier than intent.
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// Longest pause between two polls of a queue item or build, unless set otherwise. Far below
/// the five minutes after which Jenkins forgets a started queue item.
pub const DEFAULT_POLL_CEILING: Duration = Duration::from_secs(5);

/// Which kind of secret goes with the user name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// A real password, or a secret of unknown kind: POSTs carry a crumb.
    Password,
    /// An API token: Jenkins exempts it from CSRF checks, so no crumb round trip.
    ApiToken,
}

#[derive(Clone)]
struct Credentials {
    user: String,
    secret: String,
    kind: SecretKind,
}

struct State {
    settings: Settings,
    credentials: Option<Credentials>,
    /// The proxy password and its `Proxy-Authorization` base64, never to be quoted.
    proxy_secrets: Vec<String>,
    transport: Option<Arc<Transport>>,
    poll_ceiling: Duration,
}

/// What one call needs from the client, taken in one short lock.
pub(crate) struct Conn {
    pub transport: Arc<Transport>,
    pub identity: Identity,
    pub user: Option<String>,
    pub kind: Option<SecretKind>,
    pub timeout: Duration,
    pub poll_ceiling: Duration,
    /// The crumb identity of `identity`, so crumbs of other credentials are never mixed in.
    pub epoch: u64,
}

impl Conn {
    /// The deadline of a call that starts now.
    pub fn deadline(&self) -> Instant {
        Instant::now() + self.timeout
    }
}

/// What the client has learnt about a job's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum JobParams {
    /// The job defines no parameters.
    Plain,
    /// Jenkins said the job is parameterized (400 on `/build`), names not yet read.
    Parameterized,
    /// The parameters the job defines.
    Defined(Vec<crate::model::ParameterDefinition>),
}

/// A connection to one Jenkins controller. Safe to share between threads.
pub struct Client {
    pub(crate) base: BaseUrl,
    state: Mutex<State>,
    cookies: Arc<reqwest::cookie::Jar>,
    pub(crate) crumbs: CrumbCache,
    pub(crate) jobs: Mutex<HashMap<String, JobParams>>,
    /// The job of each queue item this client triggered or saw, for the build-list fallback.
    pub(crate) queued_jobs: Mutex<HashMap<u64, JobPath>>,
    /// The last `X-Jenkins-Session` seen; a change means Jenkins restarted.
    pub(crate) jenkins_session: Mutex<Option<String>>,
    pub(crate) root_url_warned: AtomicBool,
}

impl Client {
    /// A client for the Jenkins at `base_url`, which may carry a context path
    /// (`https://ci.example/jenkins/`). No request is made.
    pub fn new(base_url: &str) -> Result<Client> {
        let base = BaseUrl::parse(base_url)?;
        Ok(Client {
            base,
            state: Mutex::new(State {
                settings: Settings::default(),
                credentials: None,
                proxy_secrets: Vec::new(),
                transport: None,
                poll_ceiling: DEFAULT_POLL_CEILING,
            }),
            cookies: Arc::new(reqwest::cookie::Jar::default()),
            crumbs: CrumbCache::default(),
            jobs: Mutex::new(HashMap::new()),
            queued_jobs: Mutex::new(HashMap::new()),
            jenkins_session: Mutex::new(None),
            root_url_warned: AtomicBool::new(false),
        })
    }

    /// The Jenkins root this client talks to, ending in `/`.
    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    /// Authenticates with a password (or a secret of unknown kind): POSTs carry a crumb.
    pub fn set_basic_auth(&self, user: &str, password: &str) -> Result<()> {
        self.set_credentials(user, password, SecretKind::Password)
    }

    /// Authenticates with an API token: triggers need no crumb, one request each.
    pub fn set_api_token(&self, user: &str, token: &str) -> Result<()> {
        self.set_credentials(user, token, SecretKind::ApiToken)
    }

    fn set_credentials(&self, user: &str, secret: &str, kind: SecretKind) -> Result<()> {
        if user.is_empty() {
            return Err(Error::invalid(
                "the user name is empty; give the Jenkins user id",
            ));
        }
        if user.contains(':') {
            return Err(Error::invalid(
                "the user name contains ':', which HTTP Basic authentication cannot carry; \
                 give the Jenkins user id",
            ));
        }
        if secret.is_empty() {
            return Err(Error::invalid("the password or API token is empty"));
        }
        if user.chars().chain(secret.chars()).any(char::is_control) {
            return Err(Error::invalid(
                "the user name or secret contains a control character (a stray newline?)",
            ));
        }

        let mut state = self.lock_state()?;
        state.credentials = Some(Credentials {
            user: user.to_string(),
            secret: secret.to_string(),
            kind,
        });
        // A crumb is bound to the user it was issued to. Under the same lock, so that no call
        // pairs the new credentials with the old crumb identity.
        self.crumbs.new_identity()
    }

    /// Sets the deadline of each request (connect to last byte).
    pub fn set_timeout(&self, timeout: Duration) -> Result<()> {
        if timeout.is_zero() || timeout > MAX_TIMEOUT {
            return Err(Error::invalid(format!(
                "the timeout of {} ms is out of range; give 1 ms to 24 hours",
                timeout.as_millis()
            )));
        }
        self.change_settings(|s| s.timeout = timeout)
    }

    /// Trusts the CA certificates in the PEM file at `path`, on top of the platform's.
    pub fn set_ca_file(&self, path: &Path) -> Result<()> {
        let shown = path.display();
        let pem = std::fs::read(path).map_err(|e| {
            Error::invalid(format!(
                "cannot read the CA file '{shown}' ({e}); give a PEM file"
            ))
        })?;
        let certs = Certificate::from_pem_bundle(&pem).map_err(|e| {
            Error::invalid(format!("the CA file '{shown}' does not parse as PEM ({e})"))
        })?;
        if certs.is_empty() {
            return Err(Error::invalid(format!(
                "the CA file '{shown}' holds no PEM certificate \
                 ('-----BEGIN CERTIFICATE-----' blocks)"
            )));
        }
        self.change_settings(|s| s.extra_roots = certs)
    }

    /// Turns TLS certificate verification off (or back on) for every request of this client.
    pub fn set_insecure(&self, skip_tls_verify: bool) -> Result<()> {
        if skip_tls_verify {
            log::warn!(
                "TLS certificate verification is off for every request to {}",
                self.base.as_str()
            );
        }
        self.change_settings(|s| s.insecure = skip_tls_verify)
    }

    /// Sends every request through the proxy at `proxy_url` (`http://user:pass@host:port`).
    /// An empty string returns to the standard `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`.
    pub fn set_proxy(&self, proxy_url: &str) -> Result<()> {
        if proxy_url.is_empty() {
            self.lock_state()?.proxy_secrets.clear();
            return self.change_settings(|s| s.proxy = None);
        }

        // The URL is never echoed: it may hold the proxy's password.
        let url = Url::parse(proxy_url).map_err(|e| {
            Error::invalid(format!(
                "the proxy URL does not parse ({e}); give it as http://[user:password@]host:port"
            ))
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::invalid(
                "the proxy URL must be http://[user:password@]host:port or https://...",
            ));
        }
        let proxy = Proxy::all(url.as_str())
            .map_err(|_| Error::invalid("the proxy URL is not usable as a proxy"))?;

        let decode = |t: &str| {
            percent_encoding::percent_decode_str(t)
                .decode_utf8_lossy()
                .into_owned()
        };
        let mut secrets = Vec::new();
        if let Some(password) = url.password() {
            let basic = basic_auth_header(&decode(url.username()), &decode(password));
            let encoded = basic
                .to_str()
                .unwrap_or_default()
                .trim_start_matches("Basic ");
            secrets.extend([decode(password), password.to_string(), encoded.to_string()]);
        }
        self.lock_state()?.proxy_secrets = secrets;
        self.change_settings(|s| s.proxy = Some(proxy))
    }

    /// Sets the longest pause between two polls while waiting (default 5 s). Polling starts
    /// at a fifth of a second and doubles up to this ceiling.
    pub fn set_poll_interval(&self, ceiling: Duration) -> Result<()> {
        if ceiling < Duration::from_millis(10) || ceiling > Duration::from_secs(240) {
            return Err(Error::invalid(format!(
                "the poll interval of {} ms is out of range; give 10 ms to 240 s (Jenkins \
                 forgets a started queue item after 300 s)",
                ceiling.as_millis()
            )));
        }
        self.lock_state()?.poll_ceiling = ceiling;
        Ok(())
    }

    /// Fetches a fresh CSRF crumb in the client's session; `None` when the controller
    /// issues none. The crumb is kept for later POSTs.
    pub fn get_crumb(&self) -> Result<Option<Crumb>> {
        self.call(|conn| self.fetch_crumb(conn))
    }

    fn change_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<()> {
        let mut state = self.lock_state()?;
        change(&mut state.settings);
        state.transport = None;
        Ok(())
    }

    /// Runs one library call: takes a snapshot of the connection settings, runs `body` and
    /// strips every secret the client knows from a failure's message.
    pub(crate) fn call<T>(&self, body: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        self.call_with_secrets(&[], body)
    }

    /// [`Client::call`] with more secrets this call sends (a job's trigger token).
    pub(crate) fn call_with_secrets<T>(
        &self,
        extra: &[String],
        body: impl FnOnce(&Conn) -> Result<T>,
    ) -> Result<T> {
        let mut conn = self.conn()?;
        conn.identity.secrets.extend(extra.iter().cloned());
        body(&conn).map_err(|e| {
            let mut secrets = conn.identity.secrets.clone();
            secrets.extend(self.crumbs.known().ok().flatten().map(|c| c.value));
            e.redact(&secrets)
        })
    }

    fn conn(&self) -> Result<Conn> {
        let mut state = self.lock_state()?;
        let transport = match &state.transport {
            Some(t) => Arc::clone(t),
            None => {
                let t = Arc::new(Transport::new(&state.settings, Arc::clone(&self.cookies))?);
                state.transport = Some(Arc::clone(&t));
                t
            }
        };
        let creds = state.credentials.as_ref();
        let auth = creds.map(|c| basic_auth_header(&c.user, &c.secret));
        let mut secrets: Vec<String> = creds.map(|c| c.secret.clone()).into_iter().collect();
        if let Some(header) = auth.as_ref().and_then(|h| h.to_str().ok()) {
            // A server that echoes the Authorization header would leak the secret in base64.
            secrets.push(header.trim_start_matches("Basic ").to_string());
        }
        secrets.extend(state.proxy_secrets.iter().cloned());
        Ok(Conn {
            transport,
            identity: Identity { auth, secrets },
            user: creds.map(|c| c.user.clone()),
            kind: creds.map(|c| c.kind),
            timeout: state.settings.timeout,
            poll_ceiling: state.poll_ceiling,
            epoch: self.crumbs.epoch()?,
        })
    }

    /// Notes Jenkins' `X-Jenkins-Session`: when it changes, Jenkins restarted, its sessions
    /// are gone, and so is the crumb bound to ours.
    pub(crate) fn observe(&self, resp: &Response) -> Result<()> {
        let Some(session) = resp.header("x-jenkins-session") else {
            return Ok(());
        };
        let mut seen = lock(&self.jenkins_session)?;
        if seen.as_deref().is_some_and(|s| s != session) {
            log::info!("Jenkins restarted (new X-Jenkins-Session); its crumb is forgotten");
            self.crumbs.forget()?;
        }
        *seen = Some(session.to_string());
        Ok(())
    }

    fn lock_state(&self) -> Result<MutexGuard<'_, State>> {
        lock(&self.state)
    }
}

/// Locks a mutex, turning poisoning (a panic while it was held) into an internal error.
pub(crate) fn lock<T>(m: &Mutex<T>) -> Result<MutexGuard<'_, T>> {
    m.lock()
        .map_err(|_| Error::internal("an earlier call panicked while holding the client"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn user_with_colon_is_refused() {
        let c = Client::new("http://127.0.0.1:1/").unwrap();
        let e = c.set_basic_auth("a:b", "pw").unwrap_err();

        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn zero_and_huge_timeouts_are_refused() {
        let c = Client::new("http://127.0.0.1:1/").unwrap();

        assert!(c.set_timeout(Duration::ZERO).is_err());
        assert!(c.set_timeout(Duration::from_secs(25 * 3600)).is_err());
        assert!(c.set_timeout(Duration::from_millis(1)).is_ok());
    }

    #[test]
    fn missing_ca_file_is_an_invalid_argument() {
        let c = Client::new("http://127.0.0.1:1/").unwrap();
        let e = c.set_ca_file(Path::new("/nonexistent/ca.pem")).unwrap_err();

        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
        assert!(e.message().contains("/nonexistent/ca.pem"));
    }

    #[test]
    fn proxy_url_errors_never_echo_the_password() {
        let c = Client::new("http://127.0.0.1:1/").unwrap();
        let e = c.set_proxy("ftp://u:hunter2@127.0.0.1:3128").unwrap_err();

        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
        assert!(!e.message().contains("hunter2"));
    }
}
