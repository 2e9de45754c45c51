//! The build queue: global ids, folding of identical requests, and the lazily computed
//! lifecycle Waiting → (Blocked) → started (LeftItem) → forgotten.
//!
//! Nothing runs in the background: every request first calls [`Queue::advance`] with the
//! current time, which replays what happened since, in time order. An item waits for its
//! quiet period, for a non-concurrent job's running build to end, and for a free executor;
//! one whose label no node carries waits for ever.

use std::collections::BTreeMap;

use crate::actions::{Actions, Cause, ParamValue};
use crate::builds::{History, Plan};
use crate::config::Job;
use crate::nodes::Nodes;

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

/// Where a queued item stands at one instant, which decides its `_class` and `why`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// In its quiet period (`$WaitingItem`).
    Waiting,
    /// Its non-concurrent job is building (`$BlockedItem`).
    Blocked,
    /// No node carries its label (`$BuildableItem`, stuck).
    NoNode,
    /// Waiting for an executor (`$BuildableItem`).
    Buildable,
    /// Started or cancelled (`$LeftItem`).
    Left(Left),
}

impl QueueItem {
    /// The item's stage at `now`, once the queue has been advanced to `now`.
    pub(crate) fn stage(&self, job: &Job, nodes: &Nodes, history: &History, now: u64) -> Stage {
        if let Some(left) = self.left {
            return Stage::Left(left);
        }
        if self.due > now {
            Stage::Waiting
        } else if !job.concurrent && history.running(now).is_some() {
            Stage::Blocked
        } else if !nodes.can_run(job.label.as_deref()) {
            Stage::NoNode
        } else {
            Stage::Buildable
        }
    }
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

        Scheduled::Created(self.push(job, params, cause, due, now))
    }

    /// Queues a new item without looking for one to fold into.
    pub(crate) fn push(
        &mut self,
        job: usize,
        params: Option<Vec<ParamValue>>,
        cause: Cause,
        due: u64,
        now: u64,
    ) -> u64 {
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
        id
    }

    /// Replays starts up to `now` in time order, then forgets items that left too long ago.
    pub(crate) fn advance(
        &mut self,
        jobs: &[Job],
        nodes: &Nodes,
        histories: &mut [History],
        now: u64,
    ) {
        while let Some((start, id)) = self.next_start(jobs, nodes, histories, now) {
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

    /// The queued item that starts first and when, if that is no later than `now`; ties go
    /// to the older item, as Jenkins hands executors out in queue order.
    fn next_start(
        &self,
        jobs: &[Job],
        nodes: &Nodes,
        histories: &[History],
        now: u64,
    ) -> Option<(u64, u64)> {
        self.queued()
            .filter(|i| i.due <= now)
            .filter_map(|i| {
                let job = &jobs[i.job];
                if !nodes.can_run(job.label.as_deref()) {
                    return None;
                }
                let ready = if job.concurrent {
                    i.due
                } else {
                    i.due.max(histories[i.job].busy_until())
                };
                Some((nodes.free_at(histories, ready)?, i.id))
            })
            .filter(|(start, _)| *start <= now)
            .min()
    }

    /// Starts a queued item at `now` whatever it waits for, running as `plan` says (None:
    /// as its job says). Returns the build number; None when no such item is queued.
    pub(crate) fn start_now(
        &mut self,
        id: u64,
        jobs: &[Job],
        histories: &mut [History],
        plan: Option<Plan>,
        now: u64,
    ) -> Option<u64> {
        let item = self.items.get_mut(&id).filter(|i| i.left.is_none())?;
        let job = &jobs[item.job];
        let plan = plan.unwrap_or_else(|| Plan::of(job));

        let actions = item.actions.clone();
        let number = histories[item.job].start_planned(job, plan, id, actions, now);
        item.left = Some(Left {
            at: now,
            build: Some(number),
        });
        Some(number)
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

    /// A restart (or a test that skips the wait) empties the left-items cache; queued items
    /// survive (queue.xml) and ids go on.
    pub(crate) fn forget_left(&mut self) {
        self.items.retain(|_, i| i.left.is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Param;

    const UNLIMITED: Nodes = Nodes {
        executors: usize::MAX,
        labels: &[],
    };

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

        q.advance(&jobs, &UNLIMITED, &mut histories, 999);
        assert_eq!(q.get(30).unwrap().left, None);
        q.advance(&jobs, &UNLIMITED, &mut histories, 1000);
        let left = Left {
            at: 1000,
            build: Some(1),
        };
        assert_eq!(q.get(30).unwrap().left, Some(left));
        assert_eq!(histories[0].get(1).unwrap().queue_id, 30);
        q.advance(&jobs, &UNLIMITED, &mut histories, 2999);
        assert!(q.get(30).is_some());
        q.advance(&jobs, &UNLIMITED, &mut histories, 3000);
        assert!(q.get(30).is_none());
    }

    #[test]
    fn a_non_concurrent_job_blocks_the_next_item_until_its_build_ends() {
        let jobs = vec![Job::freestyle("app").with_duration_ms(5000)];
        let mut histories = vec![History::default()];
        let mut q = Queue::new(1, 60_000);
        q.schedule(0, None, user(), 100, 0);
        q.advance(&jobs, &UNLIMITED, &mut histories, 200);
        q.schedule(0, None, user(), 300, 200);

        // Replayed late: item 2 must start when build 1 ends, not when we look.
        q.advance(&jobs, &UNLIMITED, &mut histories, 9000);
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

    #[test]
    fn items_wait_for_a_free_executor_and_take_them_in_queue_order() {
        let jobs = vec![
            Job::freestyle("a").with_duration_ms(1000),
            Job::freestyle("b").with_duration_ms(1000),
            Job::freestyle("c").with_duration_ms(1000),
        ];
        let mut histories = vec![History::default(), History::default(), History::default()];
        let one = Nodes {
            executors: 1,
            labels: &[],
        };
        let mut q = Queue::new(1, 60_000);
        for job in 0..3 {
            q.schedule(job, None, user(), 0, 0);
        }

        q.advance(&jobs, &one, &mut histories, 500);
        assert_eq!(q.get(1).unwrap().left.unwrap().at, 0);
        let stage = q.get(2).unwrap().stage(&jobs[1], &one, &histories[1], 500);
        assert_eq!(stage, Stage::Buildable);
        q.advance(&jobs, &one, &mut histories, 2500);
        assert_eq!(q.get(2).unwrap().left.unwrap().at, 1000);
        assert_eq!(q.get(3).unwrap().left.unwrap().at, 2000);
    }

    #[test]
    fn an_item_whose_label_no_node_has_never_starts() {
        let jobs = vec![Job::freestyle("app-win").with_label("win-x64")];
        let mut histories = vec![History::default()];
        let mut q = Queue::new(50, 2000);
        q.schedule(0, None, user(), 100, 0);

        q.advance(&jobs, &UNLIMITED, &mut histories, 50);
        let item = q.get(50).unwrap();
        let stage = item.stage(&jobs[0], &UNLIMITED, &histories[0], 50);
        assert_eq!(stage, Stage::Waiting);
        q.advance(&jobs, &UNLIMITED, &mut histories, 1_000_000);
        let item = q.get(50).unwrap();
        let stage = item.stage(&jobs[0], &UNLIMITED, &histories[0], 1_000_000);
        assert_eq!(stage, Stage::NoNode);
        assert!(histories[0].builds.is_empty());
    }

    #[test]
    fn start_now_skips_the_wait_and_push_never_folds() {
        let jobs = vec![Job::freestyle("app").concurrent()];
        let mut histories = vec![History::starting_at(21)];
        let mut q = Queue::new(69, 2000);
        assert_eq!(q.push(0, None, user(), 60_000, 0), 69);
        assert_eq!(q.push(0, None, user(), 60_000, 0), 70);
        let plan = Plan {
            duration_ms: 10,
            result: "FAILURE".to_string(),
        };
        assert_eq!(
            q.start_now(69, &jobs, &mut histories, Some(plan), 5),
            Some(21)
        );
        assert_eq!(q.start_now(69, &jobs, &mut histories, None, 6), None);
        assert_eq!(histories[0].get(21).unwrap().result_at(15), Some("FAILURE"));
        assert_eq!(q.get(70).unwrap().left, None);
    }
}
