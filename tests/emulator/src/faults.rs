//! Faults tests switch on: requests that are never answered, fixed error statuses (a
//! restarting controller, a failing proxy), and credentials that stop working part-way.

/// What a request meets instead of normal handling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Accepted and never answered.
    Hang,
    /// Answered with this status and the page that goes with it.
    Status(u16),
    /// Answered 401 as for revoked credentials.
    Unauthorized,
}

/// A fault waiting for the next `remaining` requests whose path starts with `prefix`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Armed {
    prefix: Option<String>,
    remaining: usize,
}

impl Armed {
    fn new(prefix: Option<String>, count: usize) -> Option<Armed> {
        (count > 0).then_some(Armed {
            prefix,
            remaining: count,
        })
    }

    /// Whether `path` meets the fault, using up one of its requests.
    fn fires(slot: &mut Option<Armed>, path: &str) -> bool {
        let Some(armed) = slot else {
            return false;
        };
        if !armed.prefix.as_deref().is_none_or(|p| path.starts_with(p)) {
            return false;
        }

        armed.remaining -= 1;
        if armed.remaining == 0 {
            *slot = None;
        }
        true
    }
}

/// The faults currently switched on; each kind holds one setting, replaced when set again.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    hang: Option<Armed>,
    status: Option<Armed>,
    status_code: u16,
    /// Requests still answered normally before every request gets 401.
    unauthorized_after: Option<usize>,
}

impl Faults {
    /// The next `count` requests under `prefix` (None: any path) hang; 0 switches it off.
    pub(crate) fn set_hang(&mut self, prefix: Option<String>, count: usize) {
        self.hang = Armed::new(prefix, count);
    }

    /// The next `count` requests under `prefix` answer `status`; 0 switches it off.
    pub(crate) fn set_status(&mut self, prefix: Option<String>, status: u16, count: usize) {
        self.status = Armed::new(prefix, count);
        self.status_code = status;
    }

    /// After `n` more requests every request answers 401; None switches it off.
    pub(crate) fn set_unauthorized_after(&mut self, n: Option<usize>) {
        self.unauthorized_after = n;
    }

    /// The fault the request for `path` meets, if any. Every request counts towards the
    /// 401 switch, and once it is on it wins over the other faults.
    pub(crate) fn take(&mut self, path: &str) -> Option<Fault> {
        let unauthorized = match &mut self.unauthorized_after {
            Some(0) => true,
            Some(n) => {
                *n -= 1;
                false
            }
            None => false,
        };
        if unauthorized {
            return Some(Fault::Unauthorized);
        }

        if Armed::fires(&mut self.hang, path) {
            return Some(Fault::Hang);
        }
        if Armed::fires(&mut self.status, path) {
            return Some(Fault::Status(self.status_code));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hang_catches_only_matching_paths_and_runs_out() {
        let mut faults = Faults::default();
        faults.set_hang(Some("/job/app/13/".to_string()), 2);
        assert_eq!(faults.take("/job/app/api/json"), None);
        assert_eq!(faults.take("/job/app/13/api/json"), Some(Fault::Hang));
        assert_eq!(faults.take("/job/app/13/stop"), Some(Fault::Hang));
        assert_eq!(faults.take("/job/app/13/api/json"), None);
    }

    #[test]
    fn a_status_fault_without_prefix_catches_everything_count_times() {
        let mut faults = Faults::default();
        faults.set_status(None, 503, 1);
        assert_eq!(faults.take("/anything"), Some(Fault::Status(503)));
        assert_eq!(faults.take("/anything"), None);
        faults.set_status(None, 502, 0);
        assert_eq!(faults.take("/anything"), None);
    }

    #[test]
    fn unauthorized_starts_after_n_requests_and_wins_over_other_faults() {
        let mut faults = Faults::default();
        faults.set_unauthorized_after(Some(2));
        faults.set_hang(None, 5);
        assert_eq!(faults.take("/a"), Some(Fault::Hang));
        assert_eq!(faults.take("/b"), Some(Fault::Hang));
        assert_eq!(faults.take("/c"), Some(Fault::Unauthorized));
        assert_eq!(faults.take("/d"), Some(Fault::Unauthorized));
        faults.set_unauthorized_after(None);
        assert_eq!(faults.take("/e"), Some(Fault::Hang));
    }
}
