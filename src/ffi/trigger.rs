//! Getting a crumb and triggering a build. The follow-the-build functions (waiting for the
//! start, reading results and console) join this family in their own module.

use std::ffi::c_char;

use super::boundary::{client, out, run, text};
use super::client::JtClient;
use super::error::JtError;
use super::status::JtStatus;
use super::strings::owned;
use crate::error::{Error, Result};
use crate::job_path::JobPath;
use crate::trigger::TriggerOptions;

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
    // SAFETY: the caller's guarantees are those of the options variant, with no options.
    unsafe {
        jt_trigger_build_with_options(
            c,
            job,
            param_names,
            param_values,
            param_count,
            std::ptr::null(),
            out_queue_id,
            out_queue_url,
            error,
        )
    }
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

/// How to trigger beyond job and parameters: a quiet period, a remote trigger token.
///
/// Create with `jt_trigger_options_new`, free with `jt_trigger_options_free`; pass to
/// `jt_trigger_build_with_options`. Not safe for concurrent changes; safe to share once set.
///
/// Methods: `jt_trigger_options_set_delay`, `jt_trigger_options_set_token`.
pub struct JtTriggerOptions {
    inner: TriggerOptions,
}

/// Creates options with nothing set (the job's quiet period, no token).
///
/// # Safety
/// `out_options` and `error` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_trigger_options_new(
    out_options: *mut *mut JtTriggerOptions,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        out(out_options, "out_options")?;

        let options = Box::new(JtTriggerOptions {
            inner: TriggerOptions::default(),
        });

        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { *out_options = Box::into_raw(options) };
        Ok(())
    })
}

/// Sets the quiet period in seconds, overriding the job's (0 starts at once). Sent as
/// `delay=<n>sec`: Jenkins would read a bare number as milliseconds.
///
/// # Safety
/// `options` is NULL or live options; `error` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_trigger_options_set_delay(
    options: *mut JtTriggerOptions,
    seconds: u64,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller guarantees `options` is NULL or live and not shared meanwhile.
        let options = unsafe { options.as_mut() }.ok_or_else(null_options)?;

        options.inner.delay_seconds = Some(seconds);
        Ok(())
    })
}

/// Sets the job's remote trigger token ("Trigger builds remotely"). It is sent as `token=`
/// and never appears in messages; it does not replace credentials or the crumb.
///
/// # Safety
/// `options` is NULL or live options; `token` is NULL or NUL-terminated; `error` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn jt_trigger_options_set_token(
    options: *mut JtTriggerOptions,
    token: *const c_char,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller guarantees `options` is NULL or live and not shared meanwhile.
        let options = unsafe { options.as_mut() }.ok_or_else(null_options)?;
        // SAFETY: the caller's guarantee is passed on.
        let token = unsafe { text(token, "token") }?;

        options.inner.token = (!token.is_empty()).then(|| token.to_string());
        Ok(())
    })
}

/// Frees options. NULL is fine.
///
/// # Safety
/// `options` is NULL or options from `jt_trigger_options_new`, not freed before and not used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn jt_trigger_options_free(options: *mut JtTriggerOptions) {
    if !options.is_null() {
        // SAFETY: the caller hands back ownership of a Box this library created.
        super::boundary::quiet((), || drop(unsafe { Box::from_raw(options) }));
    }
}

/// `jt_trigger_build` with `options` (NULL: none), for a quiet period or a remote trigger
/// token. Same arguments, results and guarantees otherwise.
///
/// # Safety
/// As for `jt_trigger_build`; `options` is NULL or live options.
#[no_mangle]
#[allow(clippy::too_many_arguments, reason = "the signature is the C contract")]
pub unsafe extern "C" fn jt_trigger_build_with_options(
    c: *mut JtClient,
    job: *const c_char,
    param_names: *const *const c_char,
    param_values: *const *const c_char,
    param_count: usize,
    options: *const JtTriggerOptions,
    out_queue_id: *mut u64,
    out_queue_url: *mut *mut c_char,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let (c, job) = unsafe { (client(c)?, text(job, "job")?) };
        // SAFETY: as above.
        let params = unsafe { pairs(param_names, param_values, param_count) }?;
        // SAFETY: the caller guarantees `options` is NULL or live.
        let options = unsafe { options.as_ref() }
            .map(|o| o.inner.clone())
            .unwrap_or_default();
        out(out_queue_id, "out_queue_id")?;
        out(out_queue_url, "out_queue_url")?;

        let path = JobPath::parse(job, &c.base)?;
        let queued = c.trigger_job_with(&path, &params, &options)?;

        // SAFETY: both checked non-NULL; the caller guarantees they are writable.
        unsafe {
            *out_queue_id = queued.queue_id;
            *out_queue_url = owned(&queued.queue_url);
        }
        Ok(())
    })
}

fn null_options() -> Error {
    Error::invalid("the options are NULL; create them with jt_trigger_options_new")
}
