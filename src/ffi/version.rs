//! Versions of the library and of the ABI contract.

use std::ffi::c_char;

/// The ABI version this header declares; compare with `jt_abi_version()` at run time.
pub const JT_ABI_VERSION: u32 = 1;

/// The version of the C ABI contract: 1 for this header. A program can refuse to run
/// against a library whose contract it was not built for.
#[no_mangle]
pub extern "C" fn jt_abi_version() -> u32 {
    JT_ABI_VERSION
}

/// The crate version, e.g. "0.1.0": static, NUL-terminated, not to be freed.
#[no_mangle]
pub extern "C" fn jt_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
