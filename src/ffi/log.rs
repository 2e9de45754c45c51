//! Log messages handed to a C callback: the library's `log` records at the levels the caller
//! asks for. Messages never carry a password, token or crumb.

use std::cell::Cell;
use std::ffi::{c_char, c_void};
use std::sync::RwLock;

use super::boundary::run;
use super::error::JtError;
use super::status::JtStatus;
use crate::error::Error;

/// The level of a log message; a callback receives the levels up to the one it asked for.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[allow(non_camel_case_types, reason = "the Rust names are the C names")]
pub enum JtLogLevel {
    /// Nothing is logged.
    JT_LOG_OFF = 0,
    /// The library could not do what it was asked.
    JT_LOG_ERROR = 1,
    /// Something the user should fix: verification off, a misconfigured Jenkins root URL.
    JT_LOG_WARN = 2,
    /// What happened: no crumb issuer, a crumb refreshed, a job found parameterized.
    JT_LOG_INFO = 3,
    /// Each request and its answer's status and timing.
    JT_LOG_DEBUG = 4,
}

/// Receives one log message: `userdata` as given to `jt_set_log_callback`, the level, and
/// the message (UTF-8, NUL-terminated, valid only during the call).
pub type JtLogCallback =
    Option<unsafe extern "C" fn(userdata: *mut c_void, level: JtLogLevel, message: *const c_char)>;

#[derive(Clone, Copy)]
struct Sink {
    callback: unsafe extern "C" fn(*mut c_void, JtLogLevel, *const c_char),
    // Stored as an address: the caller guarantees it may be used from any thread.
    userdata: usize,
}

/// The callback. Held for reading while a callback runs, so that replacing it waits until no
/// thread is still inside the old one: its userdata may be freed once the call returns.
static SINK: RwLock<Option<Sink>> = RwLock::new(None);

thread_local! {
    /// Whether this thread is inside the callback; messages logged by library calls the
    /// callback makes are dropped rather than re-entering it (and the lock).
    static IN_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

struct Forward;

static FORWARD: Forward = Forward;

impl log::Log for Forward {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.target().starts_with("jenkins_trigger")
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) || IN_CALLBACK.get() {
            return;
        }
        let Ok(sink) = SINK.read() else {
            return;
        };
        let Some(sink) = *sink else {
            return;
        };
        let level = match record.level() {
            log::Level::Error => JtLogLevel::JT_LOG_ERROR,
            log::Level::Warn => JtLogLevel::JT_LOG_WARN,
            log::Level::Info => JtLogLevel::JT_LOG_INFO,
            log::Level::Debug | log::Level::Trace => JtLogLevel::JT_LOG_DEBUG,
        };
        let message = super::strings::c_string(&record.args().to_string());
        IN_CALLBACK.set(true);
        // SAFETY: the callback and userdata were handed over by `jt_set_log_callback`, whose
        // caller guarantees both stay valid and callable from any thread until it replaces
        // them; the read lock held here makes that replacement wait for this call.
        unsafe { (sink.callback)(sink.userdata as *mut c_void, level, message.as_ptr()) };
        IN_CALLBACK.set(false);
    }

    fn flush(&self) {}
}

/// Sends the library's log messages up to `max_level` (a `JtLogLevel` value) to `callback`
/// (NULL, or `JT_LOG_OFF`, stops them). Process-wide: one callback for every client.
///
/// The callback may be called from any thread that calls into the library, several at
/// once; it must return promptly, must not unwind, and must not keep the message pointer.
/// `userdata` is passed back untouched. When this function returns, no thread is inside
/// the previous callback any more, so its userdata may be freed. Messages that library
/// calls made from inside the callback would log are dropped. Fails with
/// `JT_INVALID_ARGUMENT` for an unknown level, when called from inside the callback, or
/// when another logger of Rust's `log` crate is already installed (a Rust host program).
///
/// # Safety
/// `callback` is NULL or a function that stays callable, with `userdata`, from any thread
/// until it is replaced; `error` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_set_log_callback(
    callback: JtLogCallback,
    userdata: *mut c_void,
    max_level: u32,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
        if IN_CALLBACK.get() {
            return Err(Error::invalid(
                "jt_set_log_callback was called from inside the log callback; call it \
                 from elsewhere",
            ));
        }
        let max_level = match max_level {
            0 => JtLogLevel::JT_LOG_OFF,
            1 => JtLogLevel::JT_LOG_ERROR,
            2 => JtLogLevel::JT_LOG_WARN,
            3 => JtLogLevel::JT_LOG_INFO,
            4 => JtLogLevel::JT_LOG_DEBUG,
            other => {
                return Err(Error::invalid(format!(
                    "the log level {other} is unknown; give JT_LOG_OFF (0) to JT_LOG_DEBUG (4)"
                )))
            }
        };

        let installed = log::set_logger(&FORWARD).is_ok();
        let ours = std::ptr::addr_eq(log::logger(), &FORWARD);
        if !installed && !ours {
            return Err(Error::invalid(
                "another logger is installed in this process; its log crate already receives \
                 jenkins_trigger's messages",
            ));
        }

        let sink = callback.map(|callback| Sink {
            callback,
            userdata: userdata as usize,
        });
        let filter = match (sink.is_some(), max_level) {
            (false, _) | (_, JtLogLevel::JT_LOG_OFF) => log::LevelFilter::Off,
            (_, JtLogLevel::JT_LOG_ERROR) => log::LevelFilter::Error,
            (_, JtLogLevel::JT_LOG_WARN) => log::LevelFilter::Warn,
            (_, JtLogLevel::JT_LOG_INFO) => log::LevelFilter::Info,
            (_, JtLogLevel::JT_LOG_DEBUG) => log::LevelFilter::Debug,
        };
        *SINK
            .write()
            .map_err(|_| Error::internal("the log callback lock is poisoned"))? = sink;
        log::set_max_level(filter);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;
    use std::sync::Mutex;

    static SEEN: Mutex<Vec<(usize, u32, String)>> = Mutex::new(Vec::new());

    /// Records each message with its userdata; asserts nothing, since a panic must not
    /// cross the C boundary.
    ///
    /// # Safety
    /// `message` is a NUL-terminated string valid for the call, as the library passes it.
    unsafe extern "C" fn collect(userdata: *mut c_void, level: JtLogLevel, message: *const c_char) {
        // SAFETY: the library passes a NUL-terminated string valid during the call.
        let text = unsafe { CStr::from_ptr(message) }
            .to_string_lossy()
            .into_owned();
        if let Ok(mut seen) = SEEN.lock() {
            seen.push((userdata as usize, level as u32, text));
        }
    }

    #[test]
    fn callback_receives_library_messages_up_to_its_level_then_none_after_null() {
        let client = crate::Client::new("https://127.0.0.1:1/").unwrap();
        let warn = JtLogLevel::JT_LOG_WARN as u32;

        // SAFETY: `collect` is callable from any thread; 42 is a plain value.
        let status = unsafe { jt_set_log_callback(Some(collect), 42 as *mut c_void, warn, null()) };
        client.set_insecure(true).unwrap();
        log::info!(target: "jenkins_trigger", "below the level asked for");
        // SAFETY: NULL turns the callback off.
        unsafe { jt_set_log_callback(None, std::ptr::null_mut(), 4, null()) };
        client.set_insecure(true).unwrap();

        assert_eq!(status, JtStatus::JT_OK);
        // Other tests of this process may log meanwhile: look only at this test's messages.
        let seen: Vec<(usize, u32, String)> = SEEN
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, _, m)| m.contains("https://127.0.0.1:1/") || m.contains("below the"))
            .cloned()
            .collect();
        let warning = "TLS certificate verification is off for every request to \
                       https://127.0.0.1:1/";
        assert_eq!(seen, [(42, 2, warning.to_string())]);
    }

    #[test]
    fn unknown_level_is_an_invalid_argument_not_a_crash() {
        // SAFETY: NULL callback and error are allowed.
        let status = unsafe { jt_set_log_callback(None, std::ptr::null_mut(), 1000, null()) };

        assert_eq!(status, JtStatus::JT_INVALID_ARGUMENT);
    }

    fn null() -> *mut *mut JtError {
        std::ptr::null_mut()
    }
}
