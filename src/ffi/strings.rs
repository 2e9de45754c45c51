//! Strings handed to C: allocated here, owned by the caller, freed with `jt_string_free`.

use std::ffi::{c_char, CString};

use super::boundary::quiet;

/// Converts to a C string; an interior NUL (never in what Jenkins or this library sends) is
/// dropped rather than cutting the text short.
pub(crate) fn c_string(text: &str) -> CString {
    CString::new(text.replace('\0', "")).expect("NUL bytes were removed")
}

/// Hands a string to the caller, who frees it with `jt_string_free`.
pub(crate) fn owned(text: &str) -> *mut c_char {
    c_string(text).into_raw()
}

/// Frees a string this library returned. NULL is fine.
///
/// # Safety
/// `s` is NULL or a string returned by this library, not freed before and not used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn jt_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the caller hands back ownership of a CString this library created.
        quiet((), || drop(unsafe { CString::from_raw(s) }));
    }
}
