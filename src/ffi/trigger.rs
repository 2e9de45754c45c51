//! Getting a crumb and triggering a build. The follow-the-build functions (waiting for the
//! start, reading results and console) join this family in their own module.

use std::ffi::c_char;

use super::boundary::{client, out, run, text};
use super::client::JtClient;
use super::error::JtError;
use super::status::JtStatus;
use super::strings::owned;
use crate::error::{Error, Result};

/// Most parameters accepted in one trigger: Jetty's form limit in Jenkins.
const MAX_PARAMS: usize = 10_000;

/// Fetches a fresh CSRF crumb in the client's cookie session and keeps it for later POSTs.
/// Not needed before `jt_trigger_build`, which handles crumbs itself.
///
/// On `JT_OK`, `*out_field` is the header name (e.g. "Jenkins-Crumb") and `*out_crumb` the
/// value, both owned by the caller (`jt_string_free`); both are set to NULL when the
/// controller issues no crumbs (its root crumb issuer answers 404).
///
/// # Safety
/// `c` is NULL or a live client; `out_field`, `out_crumb` and `error` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_get_crumb(
    c: *mut JtClient,
    out_field: *mut *mut c_char,
    out_crumb: *mut *mut c_char,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let c = unsafe { client(c) }?;
        out(out_field, "out_field")?;
        out(out_crumb, "out_crumb")?;

        let crumb = c.get_crumb()?;

        let (field, value) = match crumb {
            Some(k) => (owned(&k.field), owned(&k.value)),
            None => (std::ptr::null_mut(), std::ptr::null_mut()),
        };
        // SAFETY: both checked non-NULL; the caller guarantees they are writable.
        unsafe {
            *out_field = field;
            *out_crumb = value;
        }
        Ok(())
    })
}

/// Triggers a build and returns its queue item.
///
/// `job` is a full name with '/' between folders ("team/backend/Run a script"; a multibranch
/// branch as its item name, "svc/feature%2Fx-1") or an absolute job URL under the base URL.
/// `param_names[i]` = `param_values[i]` for `i < param_count`; the arrays may be NULL when
/// `param_count` is 0. With no parameters, a parameterized job runs with its defaults. Given
/// parameters are checked against the job's definitions (read once per client and job): an
/// unknown or repeated name is `JT_INVALID_ARGUMENT` and nothing is triggered.
///
/// The POST is never repeated once it may have reached Jenkins and never follows a redirect.
/// Crumbs and the session cookie are handled inside: with an API token a trigger is one
/// request, with a password the first costs a crumb request as well.
///
/// On `JT_OK`, `*out_queue_id` is the queue item id and `*out_queue_url` the item's URL on
/// the client's base URL (caller-owned, `jt_string_free`). A 302 (not queued) is `JT_HTTP`;
/// a 2xx without a queue item `Location` is `JT_PROTOCOL`.
///
/// # Safety
/// `c` is NULL or a live client; `job` is NULL or NUL-terminated; when `param_count` > 0,
/// `param_names` and `param_values` are NULL or point to `param_count` pointers, each NULL
/// or NUL-terminated; the out-parameters and `error` are NULL or writable.
#[no_mangle]
#[allow(clippy::too_many_arguments, reason = "the signature is the C contract")]
pub unsafe extern "C" fn jt_trigger_build(
    c: *mut JtClient,
    job: *const c_char,
    param_names: *const *const c_char,
    param_values: *const *const c_char,
    param_count: usize,
    out_queue_id: *mut u64,
    out_queue_url: *mut *mut c_char,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let (c, job) = unsafe { (client(c)?, text(job, "job")?) };
        // SAFETY: as above.
        let params = unsafe { pairs(param_names, param_values, param_count) }?;
        out(out_queue_id, "out_queue_id")?;
        out(out_queue_url, "out_queue_url")?;

        let queued = c.trigger_build(job, &params)?;

        // SAFETY: both checked non-NULL; the caller guarantees they are writable.
        unsafe {
            *out_queue_id = queued.queue_id;
            *out_queue_url = owned(&queued.queue_url);
        }
        Ok(())
    })
}

/// Borrows the parameter arrays as name/value pairs.
///
/// # Safety
/// When `count` > 0, `names` and `values` are NULL or point to `count` pointers, each NULL
/// or NUL-terminated and valid for the call.
unsafe fn pairs<'a>(
    names: *const *const c_char,
    values: *const *const c_char,
    count: usize,
) -> Result<Vec<(&'a str, &'a str)>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if count > MAX_PARAMS {
        return Err(Error::invalid(format!(
            "param_count is {count}; Jenkins accepts at most {MAX_PARAMS} parameters"
        )));
    }
    if names.is_null() || values.is_null() {
        return Err(Error::invalid(
            "param_names or param_values is NULL but param_count > 0",
        ));
    }

    (0..count)
        .map(|i| {
            // SAFETY: both arrays hold `count` pointers, as the caller guarantees.
            let (name, value) = unsafe { (*names.add(i), *values.add(i)) };
            // SAFETY: each pointer is NULL or NUL-terminated, as the caller guarantees.
            let name = unsafe { text(name, &format!("param_names[{i}]")) }?;
            // SAFETY: as above.
            let value = unsafe { text(value, &format!("param_values[{i}]")) }?;
            Ok((name, value))
        })
        .collect()
}
