//! Log messages handed to a C callback: the library's `log` records at the levels the caller
//! asks for. Messages never carry a password, token or crumb.

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

static SINK: RwLock<Option<Sink>> = RwLock::new(None);

struct Forward;

static FORWARD: Forward = Forward;

impl log::Log for Forward {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.target().starts_with("jenkins_trigger")
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let Some(sink) = SINK.read().ok().and_then(|s| *s) else {
            return;
        };
        let level = match record.level() {
            log::Level::Error => JtLogLevel::JT_LOG_ERROR,
            log::Level::Warn => JtLogLevel::JT_LOG_WARN,
            log::Level::Info => JtLogLevel::JT_LOG_INFO,
            log::Level::Debug | log::Level::Trace => JtLogLevel::JT_LOG_DEBUG,
        };
        let message = super::strings::c_string(&record.args().to_string());
        // SAFETY: the callback and userdata were handed over by `jt_set_log_callback`, whose
        // caller guarantees both stay valid and callable from any thread until replaced.
        unsafe { (sink.callback)(sink.userdata as *mut c_void, level, message.as_ptr()) };
    }

    fn flush(&self) {}
}

/// Sends the library's log messages up to `max_level` to `callback` (NULL, or
/// `JT_LOG_OFF`, stops them). Process-wide: one callback for every client.
///
/// The callback may be called from any thread that calls into the library, several at
/// once; it must return promptly, must not unwind, and must not keep the message pointer.
/// `userdata` is passed back untouched. Fails with `JT_INVALID_ARGUMENT` when another
/// logger of Rust's `log` crate is already installed in this process (a Rust host program).
///
/// # Safety
/// `callback` is NULL or a function that stays callable, with `userdata`, from any thread
/// until it is replaced; `error` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn jt_set_log_callback(
    callback: JtLogCallback,
    userdata: *mut c_void,
    max_level: JtLogLevel,
    error: *mut *mut JtError,
) -> JtStatus {
    run(error, || {
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

    static SEEN: Mutex<Vec<(u32, String)>> = Mutex::new(Vec::new());

    unsafe extern "C" fn collect(userdata: *mut c_void, level: JtLogLevel, message: *const c_char) {
        assert_eq!(userdata as usize, 42);
        // SAFETY: the library passes a NUL-terminated string valid during the call.
        let text = unsafe { CStr::from_ptr(message) }
            .to_string_lossy()
            .into_owned();
        SEEN.lock().unwrap().push((level as u32, text));
    }

    #[test]
    fn callback_receives_library_messages_up_to_its_level_then_none_after_null() {
        let client = crate::Client::new("https://127.0.0.1:1/").unwrap();

        // SAFETY: `collect` is callable from any thread; 42 is a plain value.
        let status = unsafe {
            jt_set_log_callback(
                Some(collect),
                42 as *mut c_void,
                JtLogLevel::JT_LOG_WARN,
                null(),
            )
        };
        client.set_insecure(true).unwrap();
        log::info!(target: "jenkins_trigger", "below the level asked for");
        // SAFETY: NULL turns the callback off.
        unsafe {
            jt_set_log_callback(None, std::ptr::null_mut(), JtLogLevel::JT_LOG_DEBUG, null())
        };
        client.set_insecure(true).unwrap();

        assert_eq!(status, JtStatus::JT_OK);
        // Other tests of this process may log meanwhile: look only at this test's messages.
        let seen: Vec<(u32, String)> = SEEN
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, m)| m.contains("https://127.0.0.1:1/") || m.contains("below the level"))
            .cloned()
            .collect();
        let warning = "TLS certificate verification is off for every request to \
                       https://127.0.0.1:1/";
        assert_eq!(seen, [(2, warning.to_string())]);
    }

    fn null() -> *mut *mut JtError {
        std::ptr::null_mut()
    }
}
