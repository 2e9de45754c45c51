//! The panic boundary and the argument checks every export goes through.

use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::client::JtClient;
use super::error::JtError;
use super::status::JtStatus;
use crate::client::Client;
use crate::error::{Error, Result};

/// Runs the body of a fallible export: catches a panic (`JT_INTERNAL`), and on failure
/// hands an error object to `*error` when `error` is not NULL.
pub(crate) fn run(error: *mut *mut JtError, body: impl FnOnce() -> Result<()>) -> JtStatus {
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        Err(Error::internal(
            "a bug in jenkins_trigger: a panic was caught at the C boundary; please report it",
        ))
    });

    match outcome {
        Ok(()) => JtStatus::JT_OK,
        Err(e) => {
            log::debug!("returning {:?}: {}", e.kind(), e.message());
            let status = JtStatus::from(e.kind());
            if !error.is_null() {
                // SAFETY: a non-NULL `error` points to writable storage for one pointer, as
                // every fallible export's contract requires.
                unsafe { *error = Box::into_raw(Box::new(JtError::from(e))) };
            }
            status
        }
    }
}

/// Runs the body of an infallible export, giving `fallback` if it panics.
pub(crate) fn quiet<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// Borrows the client behind a handle.
///
/// # Safety
/// `client` is NULL or a live handle from `jt_client_new`.
pub(crate) unsafe fn client<'a>(client: *const JtClient) -> Result<&'a Client> {
    // SAFETY: the caller guarantees the pointer is NULL or live for the call.
    match unsafe { client.as_ref() } {
        Some(c) => Ok(&c.inner),
        None => Err(Error::invalid(
            "the client is NULL; create one with jt_client_new",
        )),
    }
}

/// Borrows a NUL-terminated UTF-8 argument.
///
/// # Safety
/// `text` is NULL or points to a NUL-terminated string that stays valid for the call.
pub(crate) unsafe fn text<'a>(text: *const c_char, what: &str) -> Result<&'a str> {
    if text.is_null() {
        return Err(Error::invalid(format!("{what} is NULL")));
    }
    // SAFETY: non-NULL and NUL-terminated, as the caller guarantees.
    let bytes = unsafe { CStr::from_ptr(text) };
    bytes.to_str().map_err(|e| {
        Error::invalid(format!(
            "{what} is not valid UTF-8 (bad byte at offset {}); pass text as UTF-8",
            e.valid_up_to()
        ))
    })
}

/// Checks that an out-parameter is present.
pub(crate) fn out<T>(ptr: *mut T, what: &str) -> Result<()> {
    if ptr.is_null() {
        Err(Error::invalid(format!(
            "the out-parameter {what} is NULL; pass where to write it"
        )))
    } else {
        Ok(())
    }
}
