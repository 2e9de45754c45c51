//! The numeric codes of the C ABI. Values are fixed; new ones are only ever appended.

#![allow(non_camel_case_types, reason = "the Rust names are the C names")]

use crate::error::ErrorKind;

/// The outcome of every fallible `jt_` function. `JT_OK` is 0.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JtStatus {
    /// Success.
    JT_OK = 0,
    /// A NULL pointer, invalid UTF-8, an unparsable URL, a user name containing ':', a CA
    /// file that does not exist or parse, an unknown parameter name. Nothing was sent.
    JT_INVALID_ARGUMENT = 1,
    /// No connection could be made, or it broke before an answer came.
    JT_CONNECT = 2,
    /// The TLS handshake failed: untrusted or mismatched certificate, protocol version.
    JT_TLS = 3,
    /// No answer within the deadline.
    JT_TIMEOUT = 4,
    /// 401 from Jenkins: wrong user name, password or token (or a revoked token).
    JT_UNAUTHORIZED = 5,
    /// 403 for lack of a permission.
    JT_FORBIDDEN = 6,
    /// 403 for a CSRF crumb still refused after one fresh crumb.
    JT_CRUMB = 7,
    /// 404: no such job, build or queue item (the message shows the URL).
    JT_NOT_FOUND = 8,
    /// Any other HTTP status: 302 "not queued", 400, 405, 407 from a proxy, 409 disabled
    /// job, 5xx. The message says which and what it means.
    JT_HTTP = 9,
    /// An answer Jenkins would not give: no `Location`, bad JSON, an unknown result value,
    /// which the message quotes.
    JT_PROTOCOL = 10,
    /// The queue item was cancelled.
    JT_CANCELLED = 11,
    /// A bug in this library, such as a panic caught at the boundary.
    JT_INTERNAL = 12,
}

/// The result of a finished build. A finished build with any result is `JT_OK` for the
/// call that reports it: the result is data, not an error.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JtBuildResult {
    /// No result yet: the build is still running.
    JT_RESULT_NONE = 0,
    /// `SUCCESS`.
    JT_RESULT_SUCCESS = 1,
    /// `UNSTABLE`: the build ran, tests or quality gates failed.
    JT_RESULT_UNSTABLE = 2,
    /// `FAILURE`.
    JT_RESULT_FAILURE = 3,
    /// `NOT_BUILT`.
    JT_RESULT_NOT_BUILT = 4,
    /// `ABORTED`.
    JT_RESULT_ABORTED = 5,
}

impl From<ErrorKind> for JtStatus {
    fn from(kind: ErrorKind) -> JtStatus {
        match kind {
            ErrorKind::InvalidArgument => JtStatus::JT_INVALID_ARGUMENT,
            ErrorKind::Connect => JtStatus::JT_CONNECT,
            ErrorKind::Tls => JtStatus::JT_TLS,
            ErrorKind::Timeout => JtStatus::JT_TIMEOUT,
            ErrorKind::Unauthorized => JtStatus::JT_UNAUTHORIZED,
            ErrorKind::Forbidden => JtStatus::JT_FORBIDDEN,
            ErrorKind::Crumb => JtStatus::JT_CRUMB,
            ErrorKind::NotFound => JtStatus::JT_NOT_FOUND,
            ErrorKind::Http => JtStatus::JT_HTTP,
            ErrorKind::Protocol => JtStatus::JT_PROTOCOL,
            ErrorKind::Cancelled => JtStatus::JT_CANCELLED,
            ErrorKind::Internal => JtStatus::JT_INTERNAL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_kind_maps_to_the_status_of_the_same_number() {
        let kinds = [
            ErrorKind::InvalidArgument,
            ErrorKind::Connect,
            ErrorKind::Tls,
            ErrorKind::Timeout,
            ErrorKind::Unauthorized,
            ErrorKind::Forbidden,
            ErrorKind::Crumb,
            ErrorKind::NotFound,
            ErrorKind::Http,
            ErrorKind::Protocol,
            ErrorKind::Cancelled,
            ErrorKind::Internal,
        ];
        for (i, kind) in kinds.into_iter().enumerate() {
            assert_eq!(JtStatus::from(kind) as u32, i as u32 + 1);
        }
    }

    #[test]
    fn build_results_have_the_contract_numbers() {
        assert_eq!(JtBuildResult::JT_RESULT_NONE as u32, 0);
        assert_eq!(JtBuildResult::JT_RESULT_ABORTED as u32, 5);
    }
}
