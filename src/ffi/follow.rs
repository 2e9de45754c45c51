//! Following a build from C: queue item to build, result, console, stop and cancel.

use std::ffi::c_char;
use std::time::Duration;

use super::boundary::{client, out, run, text};
use super::client::JtClient;
use super::error::JtError;
use super::status::{JtBuildResult, JtStatus};
use super::strings::owned;
use crate::follow::BuildResult;

/// Follows queue item `queue_id` (from `jt_trigger_build`) until Jenkins starts its build.
/// Polling starts fast and backs off to the client's poll interval. When Jenkins has
/// forgotten the item (five minutes after it started), the build is found by its `queueId`
/// in the job's build list.
///
/// On `JT_OK`, `*out_build_number` is the build number and `*out_build_url` its URL on the
/// client's base URL (caller-owned, `jt_string_free`). `JT_CANCELLED`: the item was
/// cancelled. `JT_TIMEOUT`: not started within `timeout_ms` (the message has Jenkins' last
/// reason); the item stays queued. `JT_NOT_FOUND`: the item and its build cannot be found.
///
/// # Safety
/// `c` is NULL or a live client; the out-parameters and `error` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_wait_for_start(
    c: *mut JtClient,
    queue_id: u64,
    timeout_ms: u64,
    out_build_number: *mut i64,
    out_build_url: *mut *mut c_char,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let c = unsafe { client(c) }?;
        out(out_build_number, "out_build_number")?;
        out(out_build_url, "out_build_url")?;

        let started = c.wait_for_start(queue_id, Duration::from_millis(timeout_ms))?;

        // SAFETY: checked non-NULL; the caller guarantees they are writable.
        unsafe {
            *out_build_number = started.build_number;
            *out_build_url = owned(&started.build_url);
        }
        Ok(())
    })
}

/// Looks at a build once, without waiting. `build_url` is a URL from `jt_wait_for_start`
/// (or any URL of the build: only its path below the context path is used).
///
/// On `JT_OK`, `*out_building` is true while the build runs (Jenkins' "finished" rule: not
/// building, not in progress, and a result) and `*out_result` is `JT_RESULT_NONE` until it
/// has finished. An unknown result value is `JT_PROTOCOL`, quoted in the message.
///
/// # Safety
/// `c` is NULL or a live client; `build_url` is NULL or NUL-terminated; the out-parameters
/// and `error` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_get_build(
    c: *mut JtClient,
    build_url: *const c_char,
    out_building: *mut bool,
    out_result: *mut JtBuildResult,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let (c, build_url) = unsafe { (client(c)?, text(build_url, "build_url")?) };
        out(out_building, "out_building")?;
        out(out_result, "out_result")?;

        let status = c.get_build(build_url)?;

        // SAFETY: checked non-NULL; the caller guarantees they are writable.
        unsafe {
            *out_building = status.building;
            *out_result = result_code(status.result);
        }
        Ok(())
    })
}

/// Waits until the build finishes or `timeout_ms` passes (`JT_TIMEOUT`; the build keeps
/// running: stop it with `jt_stop_build` if it should not). A finished build is `JT_OK`
/// whatever its result, which `*out_result` receives.
///
/// # Safety
/// `c` is NULL or a live client; `build_url` is NULL or NUL-terminated; `out_result` and
/// `error` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_wait_for_build(
    c: *mut JtClient,
    build_url: *const c_char,
    timeout_ms: u64,
    out_result: *mut JtBuildResult,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let (c, build_url) = unsafe { (client(c)?, text(build_url, "build_url")?) };
        out(out_result, "out_result")?;

        let status = c.wait_for_build(build_url, Duration::from_millis(timeout_ms))?;

        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { *out_result = result_code(status.result) };
        Ok(())
    })
}

/// Reads one chunk of the build's console from byte offset `start` (0 at first).
///
/// On `JT_OK`, `*out_text` is the new text (UTF-8, console notes removed, lines ending in
/// "\n"; caller-owned, `jt_string_free`; may be empty), `*out_next_start` the offset to pass
/// next (Jenkins' `X-Text-Size`, less any incomplete character or note held back for the
/// next chunk) and `*out_more` true while the build may still write. Each byte is fetched
/// once when every call passes the previous `*out_next_start`.
///
/// # Safety
/// `c` is NULL or a live client; `build_url` is NULL or NUL-terminated; the out-parameters
/// and `error` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_read_console(
    c: *mut JtClient,
    build_url: *const c_char,
    start: u64,
    out_text: *mut *mut c_char,
    out_next_start: *mut u64,
    out_more: *mut bool,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let (c, build_url) = unsafe { (client(c)?, text(build_url, "build_url")?) };
        out(out_text, "out_text")?;
        out(out_next_start, "out_next_start")?;
        out(out_more, "out_more")?;

        let chunk = c.read_console(build_url, start)?;

        // SAFETY: checked non-NULL; the caller guarantees they are writable.
        unsafe {
            *out_text = owned(&chunk.text);
            *out_next_start = chunk.next_start;
            *out_more = chunk.more;
        }
        Ok(())
    })
}

/// Asks Jenkins to abort a running build (POST `.../stop`, with the crumb where needed).
/// The abort is asynchronous: `jt_wait_for_build` then reports `JT_RESULT_ABORTED`.
///
/// # Safety
/// `c` is NULL or a live client; `build_url` is NULL or NUL-terminated; `error` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn jt_stop_build(
    c: *mut JtClient,
    build_url: *const c_char,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let (c, build_url) = unsafe { (client(c)?, text(build_url, "build_url")?) };

        c.stop_build(build_url)
    })
}

/// Cancels a queue item that has not started. `JT_NOT_FOUND`: Jenkins no longer knows the
/// item (expired); `JT_HTTP` with HTTP 500: it already started or was already cancelled;
/// `JT_FORBIDDEN` (HTTP 422): the user lacks Job/Cancel. Older Jenkins answers every cancel
/// with a redirect; the item is then read back once to confirm it was cancelled.
///
/// # Safety
/// `c` is NULL or a live client; `error` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_cancel_queue_item(
    c: *mut JtClient,
    queue_id: u64,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let c = unsafe { client(c) }?;

        c.cancel_queue_item(queue_id)
    })
}

/// Sets the longest pause between two polls while waiting (default 5000 ms; 10 ms to
/// 240 s). Polling starts at 200 ms and doubles up to it.
///
/// # Safety
/// `c` is NULL or a live client; `error` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_client_set_poll_interval_ms(
    c: *mut JtClient,
    ms: u64,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        // SAFETY: the caller's guarantees are passed on.
        let c = unsafe { client(c) }?;

        c.set_poll_interval(Duration::from_millis(ms))
    })
}

fn result_code(result: Option<BuildResult>) -> JtBuildResult {
    match result {
        None => JtBuildResult::JT_RESULT_NONE,
        Some(BuildResult::Success) => JtBuildResult::JT_RESULT_SUCCESS,
        Some(BuildResult::Unstable) => JtBuildResult::JT_RESULT_UNSTABLE,
        Some(BuildResult::Failure) => JtBuildResult::JT_RESULT_FAILURE,
        Some(BuildResult::NotBuilt) => JtBuildResult::JT_RESULT_NOT_BUILT,
        Some(BuildResult::Aborted) => JtBuildResult::JT_RESULT_ABORTED,
    }
}
