//! The build queue: global ids, folding of identical requests, and the lazily computed
//! lifecycle Waiting → (Blocked) → started (LeftItem) → forgotten.
//!
//! Nothing runs in the background: every request first calls [`Queue::advance`] with the
//! current time, which replays what happened since, in time order. Executors are unlimited,
//! so an item only waits for its quiet period and, for a non-concurrent job, for the
//! running build to end.

use std::collections::BTreeMap;

use crate::actions::{Actions, Cause, ParamValue};
use crate::builds::History;
use crate::config::Job;

/// One queue item, alive or left.
#[derive(Clone, Debug)]
pub(crate) struct QueueItem {
    pub id: u64,
    /// Index into `Config::jobs`.
    pub job: usize,
    pub in_queue_since: u64,
    /// End of the quiet period.
    pub due: u64,
    pub actions: Actions,
    pub left: Option<Left>,
}

/// How and when an item left the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Left {
    pub at: u64,
    /// Build number it became; None when cancelled.
    pub build: Option<u64>,
}

/// Result of a schedule request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheduled {
    Created(u64),
    /// Folded into this existing item.
    Folded(u64),
}

/// Result of `queue/cancelItem` once the item was found and may be cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cancel {
    Cancelled,
    AlreadyLeft,
}

/// All items by id.
pub(crate) struct Queue {
    next_id: u64,
    left_ttl_ms: u64,
    items: BTreeMap<u64, QueueItem>,
}

impl Queue {
    pub(crate) fn new(first_id: u64, left_ttl_ms: u64) -> Queue {
        Queue {
            next_id: first_id,
            left_ttl_ms,
            items: BTreeMap::new(),
        }
    }

    /// `Queue.schedule2`: folds into a waiting or blocked item of the same job with the
    /// same parameters (moving its due time earlier if this one is earlier), else queues a
    /// new item. Call [`Queue::advance`] first.
    pub(crate) fn schedule(
        &mut self,
        job: usize,
        params: Option<Vec<ParamValue>>,
        cause: Cause,
        due: u64,
        now: u64,
    ) -> Scheduled {
        let twin = self
            .items
            .values_mut()
            .find(|i| i.left.is_none() && i.job == job && i.actions.same_params(&params));
        if let Some(item) = twin {
            item.actions.add_cause(cause);
            if item.due > now && due < item.due {
                item.due = due;
            }
            return Scheduled::Folded(item.id);
        }

        let id = self.next_id;
        self.next_id += 1;
        let item = QueueItem {
            id,
            job,
            in_queue_since: now,
            due,
            actions: Actions::new(params, cause),
            left: None,
        };
        self.items.insert(id, item);
        Scheduled::Created(id)
    }

    /// Replays starts up to `now` in time order, then forgets items that left too long ago.
    pub(crate) fn advance(&mut self, jobs: &[Job], histories: &mut [History], now: u64) {
        loop {
            let next = self
                .items
                .values()
                .filter(|i| i.left.is_none() && i.due <= now)
                .map(|i| {
                    let start = if jobs[i.job].concurrent {
                        i.due
                    } else {
                        i.due.max(histories[i.job].busy_until())
                    };
                    (start, i.id)
                })
                .filter(|(start, _)| *start <= now)
                .min();
            let Some((start, id)) = next else { break };

            let Some(item) = self.items.get_mut(&id) else {
                break;
            };
            let history = &mut histories[item.job];
            let number = history.start(&jobs[item.job], id, item.actions.clone(), start);
            item.left = Some(Left {
                at: start,
                build: Some(number),
            });
        }

        let ttl = self.left_ttl_ms;
        self.items
            .retain(|_, i| i.left.is_none_or(|l| l.at.saturating_add(ttl) > now));
    }

    pub(crate) fn get(&self, id: u64) -> Option<&QueueItem> {
        self.items.get(&id)
    }

    /// Items still in the queue, oldest first.
    pub(crate) fn queued(&self) -> impl Iterator<Item = &QueueItem> {
        self.items.values().filter(|i| i.left.is_none())
    }

    /// Cancels a found item: a left item cannot be cancelled (Jenkins answers 500).
    pub(crate) fn cancel(&mut self, id: u64, now: u64) -> Option<Cancel> {
        let item = self.items.get_mut(&id)?;
        if item.left.is_some() {
            return Some(Cancel::AlreadyLeft);
        }
        item.left = Some(Left {
            at: now,
            build: None,
        });
        Some(Cancel::Cancelled)
    }

    /// A restart empties the left-items cache; queued items survive (queue.xml) and ids go on.
    pub(crate) fn forget_left(&mut self) {
        self.items.retain(|_, i| i.left.is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Param;

    fn user() -> Cause {
        Cause::UserId {
            id: Some("deployer".into()),
            name: "deployer".into(),
        }
    }

    fn version(v: &str) -> Option<Vec<ParamValue>> {
        let def = Param::string("VERSION", "1.0");
        Some(vec![ParamValue::from_text(&def, v).unwrap()])
    }

    #[test]
    fn identical_plain_requests_fold_and_an_earlier_delay_moves_the_item_up() {
        let mut q = Queue::new(11, 2000);
        assert_eq!(
            q.schedule(0, None, user(), 6000, 1000),
            Scheduled::Created(11)
        );
        assert_eq!(
            q.schedule(0, None, user(), 1000, 1500),
            Scheduled::Folded(11)
        );
        assert_eq!(q.get(11).unwrap().due, 1000);
        assert_eq!(q.get(11).unwrap().actions.causes[0].1, 2);
        assert_eq!(
            q.schedule(1, None, user(), 6000, 1500),
            Scheduled::Created(12)
        );
    }

    #[test]
    fn parameterized_requests_fold_only_with_equal_values() {
        let mut q = Queue::new(1, 2000);
        assert_eq!(
            q.schedule(0, version("2.0"), user(), 9, 0),
            Scheduled::Created(1)
        );
        assert_eq!(
            q.schedule(0, version("2.1"), user(), 9, 0),
            Scheduled::Created(2)
        );
        assert_eq!(
            q.schedule(0, version("2.0"), user(), 9, 0),
            Scheduled::Folded(1)
        );
    }

    #[test]
    fn items_start_after_the_quiet_period_and_are_forgotten_after_the_ttl() {
        let jobs = vec![Job::freestyle("app").with_duration_ms(500)];
        let mut histories = vec![History::default()];
        let mut q = Queue::new(30, 2000);
        q.schedule(0, None, user(), 1000, 0);

        q.advance(&jobs, &mut histories, 999);
        assert_eq!(q.get(30).unwrap().left, None);
        q.advance(&jobs, &mut histories, 1000);
        let left = Left {
            at: 1000,
            build: Some(1),
        };
        assert_eq!(q.get(30).unwrap().left, Some(left));
        assert_eq!(histories[0].get(1).unwrap().queue_id, 30);
        q.advance(&jobs, &mut histories, 2999);
        assert!(q.get(30).is_some());
        q.advance(&jobs, &mut histories, 3000);
        assert!(q.get(30).is_none());
    }

    #[test]
    fn a_non_concurrent_job_blocks_the_next_item_until_its_build_ends() {
        let jobs = vec![Job::freestyle("app").with_duration_ms(5000)];
        let mut histories = vec![History::default()];
        let mut q = Queue::new(1, 60_000);
        q.schedule(0, None, user(), 100, 0);
        q.advance(&jobs, &mut histories, 200);
        q.schedule(0, None, user(), 300, 200);

        // Replayed late: item 2 must start when build 1 ends, not when we look.
        q.advance(&jobs, &mut histories, 9000);
        assert_eq!(q.get(2).unwrap().left.unwrap().at, 5100);
        assert_eq!(histories[0].get(2).unwrap().start_ms, 5100);
    }

    #[test]
    fn cancelled_items_leave_without_a_build_and_left_items_cannot_be_cancelled() {
        let mut q = Queue::new(40, 2000);
        q.schedule(0, None, user(), 1000, 0);
        assert_eq!(q.cancel(40, 10), Some(Cancel::Cancelled));
        assert_eq!(q.get(40).unwrap().left.unwrap().build, None);
        assert_eq!(q.cancel(40, 20), Some(Cancel::AlreadyLeft));
        assert_eq!(q.cancel(41, 20), None);
    }
}
