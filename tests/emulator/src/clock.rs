//! The emulator's time source: wall-clock milliseconds since the epoch, the unit Jenkins
//! exports (`timestamp`, `inQueueSince`). Everything else takes `now` as an argument so the
//! queue and build logic can be tested with chosen times.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since 1970-01-01 UTC.
pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
