//! The C ABI, version 1: the functions and types `include/jenkins_trigger.h` declares.
//!
//! This module only converts. Pointers and C strings come in, are checked (NULL, UTF-8) and
//! turned into Rust values; the safe core does the work; a `JtStatus`, out-parameters and an
//! optional `JtError` go back. Every export runs inside [`boundary::run`], so no panic
//! crosses into C.
//!
//! Conventions every function follows:
//! - strings in and out are UTF-8 and NUL-terminated; inputs are borrowed for the call only;
//!   a returned `char *` belongs to the caller, who frees it with `jt_string_free`;
//! - a fallible function returns `JtStatus` and takes `JtError **error` last; on failure,
//!   when `error` is not NULL, `*error` receives an error the caller frees with
//!   `jt_error_free`; on success `*error` is left as it was;
//! - out-parameters are required and written only on `JT_OK`.

mod boundary;
pub mod client;
pub mod error;
pub mod follow;
pub mod log;
pub mod status;
pub mod strings;
pub mod trigger;
pub mod version;

pub use client::JtClient;
pub use error::JtError;
pub use log::{JtLogCallback, JtLogLevel};
pub use status::{JtBuildResult, JtStatus};

#[cfg(test)]
mod tests;
