//! The one error type of the safe core.
//!
//! Every failure carries an [`ErrorKind`] (which the C ABI maps one to one onto `JtStatus`),
//! the HTTP status when a response came, and a message written for the person who has to act
//! on it. Messages never contain a password, token or crumb: the client passes every error
//! through [`Error::redact`] with its secrets before handing it out.

use std::fmt;

/// What kind of failure happened. The numbers are the C ABI's `JtStatus` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A NULL, malformed or contradictory argument; nothing was sent.
    InvalidArgument = 1,
    /// No connection could be made, or it broke before an answer came.
    Connect = 2,
    /// The TLS handshake failed (untrusted certificate, wrong name, protocol version).
    Tls = 3,
    /// No answer came within the deadline.
    Timeout = 4,
    /// Jenkins answered 401: the user name, password or token is wrong.
    Unauthorized = 5,
    /// Jenkins answered 403 because the user lacks a permission.
    Forbidden = 6,
    /// Jenkins refused the CSRF crumb, even after one fresh crumb.
    Crumb = 7,
    /// Jenkins answered 404.
    NotFound = 8,
    /// Any other HTTP status that Jenkins (or a proxy) gives for a real reason.
    Http = 9,
    /// An answer Jenkins would not give: missing `Location`, bad JSON, unknown values.
    Protocol = 10,
    /// The queue item was cancelled.
    Cancelled = 11,
    /// A bug in this library (a caught panic, a poisoned lock).
    Internal = 12,
}

/// A failure, with the HTTP status (0 when no response came) and a human message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    http_status: u16,
    message: String,
}

/// Shortest secret the final redaction of messages looks for.
pub(crate) const REDACT_MIN: usize = 4;

/// The result type of the safe core.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A failure that happened without any HTTP response.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            http_status: 0,
            message: message.into(),
        }
    }

    /// A failure derived from an HTTP response with `status`.
    pub fn http(kind: ErrorKind, status: u16, message: impl Into<String>) -> Error {
        Error {
            kind,
            http_status: status,
            message: message.into(),
        }
    }

    /// Shorthand for [`ErrorKind::InvalidArgument`].
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    /// Shorthand for [`ErrorKind::Internal`].
    pub fn internal(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Internal, message)
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status of the response behind this error, or 0 when none came.
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// The message: what failed and what to do about it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Replaces every occurrence of each secret of at least four characters in the message
    /// with `****`.
    ///
    /// Messages quote Jenkins' own words, which the transport already scrubbed of every
    /// secret; this is the last line of defence. Shorter secrets are left to the scrubbing:
    /// replacing "e" in our own wording would garble the text and reveal the secret.
    pub fn redact<S: AsRef<str>>(mut self, secrets: &[S]) -> Error {
        for secret in secrets {
            let secret = secret.as_ref();
            if secret.chars().count() >= REDACT_MIN && self.message.contains(secret) {
                self.message = self.message.replace(secret, "****");
            }
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_replaces_every_occurrence_of_each_secret() {
        let e = Error::new(ErrorKind::Http, "a s3cret b s3cret c tok1").redact(&["s3cret", "tok1"]);

        assert_eq!(e.message(), "a **** b **** c ****");
    }

    #[test]
    fn redact_ignores_empty_and_very_short_secrets() {
        let e = Error::new(ErrorKind::Http, "unchanged").redact(&["", "e", "unc"]);

        assert_eq!(e.message(), "unchanged");
    }

    #[test]
    fn kinds_carry_the_abi_numbers() {
        assert_eq!(ErrorKind::InvalidArgument as u32, 1);
        assert_eq!(ErrorKind::Crumb as u32, 7);
        assert_eq!(ErrorKind::Internal as u32, 12);
    }
}
