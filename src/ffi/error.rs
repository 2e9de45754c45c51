//! `JtError`: the detail behind a failed call, owned by the caller until `jt_error_free`.

use std::ffi::{c_char, CString};

use super::boundary::quiet;
use super::status::JtStatus;
use crate::error::Error;

/// What went wrong: a status, the HTTP status of the answer behind it (0 when none came) and a
/// message saying what failed and what to do. Never contains a password, token or crumb.
///
/// Methods: `jt_error_status`, `jt_error_http_status`, `jt_error_message`, `jt_error_free`.
pub struct JtError {
    status: JtStatus,
    http_status: u16,
    message: CString,
}

impl From<Error> for JtError {
    fn from(e: Error) -> JtError {
        JtError {
            status: e.kind().into(),
            http_status: e.http_status(),
            message: super::strings::c_string(e.message()),
        }
    }
}

/// The status of the failure. NULL gives `JT_INVALID_ARGUMENT`.
///
/// # Safety
/// `e` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn jt_error_status(e: *const JtError) -> JtStatus {
    // SAFETY: the caller guarantees `e` is NULL or a live error.
    quiet(JtStatus::JT_INTERNAL, || match unsafe { e.as_ref() } {
        Some(e) => e.status,
        None => JtStatus::JT_INVALID_ARGUMENT,
    })
}

/// The HTTP status of the answer behind the failure; 0 when no answer came, or for NULL.
///
/// # Safety
/// `e` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn jt_error_http_status(e: *const JtError) -> u16 {
    // SAFETY: the caller guarantees `e` is NULL or a live error.
    quiet(0, || unsafe { e.as_ref() }.map_or(0, |e| e.http_status))
}

/// The message: UTF-8, NUL-terminated, owned by the error and valid until `jt_error_free`.
/// NULL gives "" (a static empty string).
///
/// # Safety
/// `e` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn jt_error_message(e: *const JtError) -> *const c_char {
    const EMPTY: &std::ffi::CStr = c"";
    // SAFETY: the caller guarantees `e` is NULL or a live error.
    quiet(EMPTY.as_ptr(), || {
        unsafe { e.as_ref() }.map_or(EMPTY.as_ptr(), |e| e.message.as_ptr())
    })
}

/// Frees an error. NULL is fine.
///
/// # Safety
/// `e` is NULL or an error from this library, not freed before and not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn jt_error_free(e: *mut JtError) {
    if !e.is_null() {
        // SAFETY: the caller hands back ownership of a Box this library created.
        quiet((), || drop(unsafe { Box::from_raw(e) }));
    }
}
