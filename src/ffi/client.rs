//! `JtClient`: the handle C code holds, and its settings.

use std::ffi::c_char;
use std::path::Path;
use std::time::Duration;

use super::boundary::{client, out, quiet, run, text};
use super::error::JtError;
use super::status::JtStatus;
use crate::client::Client;

/// A connection to one Jenkins controller: its URL, credentials and transport settings, a
/// cookie session and the crumb bound to it.
///
/// Create with `jt_client_new`, free with `jt_client_free`. May be used from several
/// threads at once; calls block, each within the client's timeout. Settings may be changed
/// at any time; they apply to calls that start afterwards.
///
/// Methods: `jt_client_set_basic_auth`, `jt_client_set_api_token`, `jt_client_set_timeout_ms`,
/// `jt_client_set_ca_file`, `jt_client_set_insecure`, `jt_client_set_proxy`, `jt_get_crumb`,
/// `jt_trigger_build`, `jt_client_free`.
pub struct JtClient {
    pub(crate) inner: Client,
}

/// Creates a client for the Jenkins root `base_url`, which may carry a context path
/// (`https://ci.example/jenkins/`). No request is made. A URL below `/job/`, with
/// credentials, a query, or another scheme than http(s) is `JT_INVALID_ARGUMENT`.
///
/// On `JT_OK`, `*out_client` owns a new client; free it with `jt_client_free`.
///
/// # Safety
/// `base_url` is NULL or a NUL-terminated string; `out_client` is NULL or writable; `error`
/// is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_client_new(
    base_url: *const c_char,
    out_client: *mut *mut JtClient,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let base_url = unsafe { text(base_url, "base_url") }?;
        out(out_client, "out_client")?;

        let inner = Client::new(base_url)?;

        // SAFETY: checked non-NULL above; the caller guarantees it is writable.
        unsafe { *out_client = Box::into_raw(Box::new(JtClient { inner })) };
        Ok(())
    })
}

/// Authenticates with a user and password (or a secret of unknown kind): POSTs carry a CSRF
/// crumb, fetched in the same cookie session. Prefer `jt_client_set_api_token` when the
/// secret is an API token. A user name containing ':' is `JT_INVALID_ARGUMENT`.
///
/// # Safety
/// `c` is NULL or a live client; `user` and `password` are NULL or NUL-terminated; `error`
/// is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_client_set_basic_auth(
    c: *mut JtClient,
    user: *const c_char,
    password: *const c_char,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let (c, user, password) =
            unsafe { (client(c)?, text(user, "user")?, text(password, "password")?) };

        c.set_basic_auth(user, password)
    })
}

/// Authenticates with a user and API token: Jenkins exempts tokens from CSRF checks, so a
/// trigger costs one HTTP request.
///
/// # Safety
/// `c` is NULL or a live client; `user` and `token` are NULL or NUL-terminated; `error` is
/// NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_client_set_api_token(
    c: *mut JtClient,
    user: *const c_char,
    token: *const c_char,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let (c, user, token) = unsafe { (client(c)?, text(user, "user")?, text(token, "token")?) };

        c.set_api_token(user, token)
    })
}

/// Sets the deadline of each request, from connect to the last byte of the answer (default
/// 30000 ms). A call makes a bounded number of requests (a trigger at most five: crumb,
/// parameter definitions, POST, a fresh crumb and the POST again), so it ends within that
/// many timeouts. 0 or more than 24 hours is `JT_INVALID_ARGUMENT`.
///
/// # Safety
/// `c` is NULL or a live client; `error` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_client_set_timeout_ms(
    c: *mut JtClient,
    ms: u64,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let c = unsafe { client(c) }?;

        c.set_timeout(Duration::from_millis(ms))
    })
}

/// Trusts the CA certificates in the PEM file at `pem_path` in addition to the operating
/// system's store. A file that does not exist or holds no certificate is
/// `JT_INVALID_ARGUMENT`.
///
/// # Safety
/// `c` is NULL or a live client; `pem_path` is NULL or NUL-terminated; `error` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn jt_client_set_ca_file(
    c: *mut JtClient,
    pem_path: *const c_char,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let (c, path) = unsafe { (client(c)?, text(pem_path, "pem_path")?) };

        c.set_ca_file(Path::new(path))
    })
}

/// Turns TLS certificate verification off (true) or on (false, the default) for every
/// request of this client. Off is for tests and emergencies: prefer `jt_client_set_ca_file`.
///
/// # Safety
/// `c` is NULL or a live client; `error` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_client_set_insecure(
    c: *mut JtClient,
    skip_tls_verify: bool,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let c = unsafe { client(c) }?;

        c.set_insecure(skip_tls_verify)
    })
}

/// Sends every request through `proxy_url` (`http://user:pass@host:port`). Without this
/// call, or after it with "", the standard `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`
/// variables apply. The URL is never echoed in messages.
///
/// # Safety
/// `c` is NULL or a live client; `proxy_url` is NULL or NUL-terminated; `error` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn jt_client_set_proxy(
    c: *mut JtClient,
    proxy_url: *const c_char,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let (c, proxy_url) = unsafe { (client(c)?, text(proxy_url, "proxy_url")?) };

        c.set_proxy(proxy_url)
    })
}

/// Frees a client. NULL is fine. No call may be running on it, and it must not be used
/// afterwards.
///
/// # Safety
/// `c` is NULL or a client from `jt_client_new` that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn jt_client_free(c: *mut JtClient) {
    if !c.is_null() {
        // SAFETY: the caller hands back ownership of a Box this library created.
        quiet((), || drop(unsafe { Box::from_raw(c) }));
    }
}
