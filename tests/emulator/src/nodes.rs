//! The built-in node, the only node: the labels it carries and its executors, which every
//! build occupies while it runs.

use crate::builds::History;
use crate::config::Config;

/// Where builds can run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Nodes<'a> {
    pub executors: usize,
    pub labels: &'a [String],
}

impl Nodes<'_> {
    pub(crate) fn of(config: &Config) -> Nodes<'_> {
        Nodes {
            executors: config.executors,
            labels: &config.labels,
        }
    }

    /// Whether some node can run a job restricted to `label` (label names are
    /// case-sensitive in Jenkins).
    pub(crate) fn can_run(&self, label: Option<&str>) -> bool {
        label.is_none_or(|l| self.labels.iter().any(|have| have == l))
    }

    /// The first instant from `at` on when fewer than `executors` builds run; None when
    /// there are no executors at all.
    pub(crate) fn free_at(&self, histories: &[History], at: u64) -> Option<u64> {
        if self.executors == 0 {
            return None;
        }
        let builds = || histories.iter().flat_map(|h| &h.builds);
        let busy = |t: u64| builds().filter(|b| b.start_ms <= t && t < b.end_ms).count();
        if busy(at) < self.executors {
            return Some(at);
        }

        let mut ends: Vec<u64> = builds().map(|b| b.end_ms).filter(|e| *e > at).collect();
        ends.sort_unstable();
        ends.into_iter().find(|t| busy(*t) < self.executors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::Actions;
    use crate::config::Job;

    #[test]
    fn a_label_runs_only_when_the_node_carries_it_exactly() {
        let labels = vec!["linux".to_string()];
        let nodes = Nodes {
            executors: 2,
            labels: &labels,
        };
        assert!(nodes.can_run(None));
        assert!(nodes.can_run(Some("linux")));
        assert!(!nodes.can_run(Some("Linux")));
        assert!(!nodes.can_run(Some("win-x64")));
    }

    #[test]
    fn the_next_free_executor_is_the_first_build_end_that_frees_one() {
        let job = Job::freestyle("a").concurrent().with_duration_ms(1000);
        let mut h = vec![History::default()];
        h[0].start(&job, 1, Actions::default(), 0);
        h[0].start(&job, 2, Actions::default(), 500);
        let two = Nodes {
            executors: 2,
            labels: &[],
        };
        assert_eq!(two.free_at(&h, 600), Some(1000));
        assert_eq!(two.free_at(&h, 1200), Some(1200));
        let none = Nodes {
            executors: 0,
            labels: &[],
        };
        assert_eq!(none.free_at(&h, 5000), None);
    }
}
