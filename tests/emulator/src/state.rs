//! Everything the controller holds between requests, behind one lock.

use std::io;

use crate::actions::{Cause, ParamValue};
use crate::builds::{History, Plan};
use crate::config::{Config, TriggerMode};
use crate::csrf::Sessions;
use crate::faults::Faults;
use crate::items::Items;
use crate::nodes::Nodes;
use crate::queue::Queue;
use crate::reply::Ident;

/// Controller state; requests are handled one at a time against it.
pub(crate) struct State {
    pub config: Config,
    pub items: Items,
    /// Per job, same index as `config.jobs`.
    pub histories: Vec<History>,
    pub queue: Queue,
    pub sessions: Sessions,
    /// `X-Jenkins-Session`: changes on every (simulated) start.
    pub instance: String,
    /// Crumb salt; persisted by Jenkins, so it survives restarts.
    pub salt: String,
    pub trigger_mode: TriggerMode,
    pub crumb_fault: Option<u16>,
    pub faults: Faults,
}

impl State {
    pub(crate) fn new(config: Config) -> io::Result<State> {
        let config = config.validated()?;
        Ok(State {
            items: Items::new(&config.jobs)?,
            histories: config
                .jobs
                .iter()
                .map(|j| History::starting_at(j.next_build_number))
                .collect(),
            queue: Queue::new(config.first_queue_id, config.left_item_ttl_ms),
            sessions: Sessions::new(config.session_ttl_ms),
            instance: crate::random::hex(8),
            salt: crate::random::hex(32),
            trigger_mode: config.trigger_mode,
            crumb_fault: None,
            faults: Faults::default(),
            config,
        })
    }

    pub(crate) fn ident(&self) -> Ident<'_> {
        Ident {
            version: &self.config.version,
            session: &self.instance,
        }
    }

    /// Brings the queue and builds up to `now`.
    pub(crate) fn advance(&mut self, now: u64) {
        let nodes = Nodes::of(&self.config);
        self.queue
            .advance(&self.config.jobs, &nodes, &mut self.histories, now);
    }

    /// A controller restart: sessions and the left-items cache are lost, the cookie name
    /// and instance id change; queued items, builds (on disk in Jenkins) and queue ids
    /// carry on.
    pub(crate) fn restart(&mut self) {
        self.sessions.restart();
        self.queue.forget_left();
        self.instance = crate::random::hex(8);
    }

    /// Starts a queued item at once, whatever it waits for; its build number, if queued.
    pub(crate) fn start_now(&mut self, id: u64, now: u64) -> Option<u64> {
        self.advance(now);
        self.queue
            .start_now(id, &self.config.jobs, &mut self.histories, None, now)
    }

    /// Queues and at once starts a build of `job` (full name) that nobody under test asked
    /// for, triggered by the timer with default parameters. Returns (queue id, number).
    pub(crate) fn add_foreign_build(
        &mut self,
        job: &str,
        plan: Plan,
        now: u64,
    ) -> Option<(u64, u64)> {
        let index = self.config.jobs.iter().position(|j| j.full_name == job)?;
        self.advance(now);

        let definitions = &self.config.jobs[index].parameters;
        let params = (!definitions.is_empty())
            .then(|| definitions.iter().map(ParamValue::default_of).collect());
        let id = self.queue.push(index, params, Cause::Timer, now, now);
        let jobs = &self.config.jobs;
        let number = self
            .queue
            .start_now(id, jobs, &mut self.histories, Some(plan), now)?;
        Some((id, number))
    }

    /// Cancels a queued item as a user would in the web UI; false when it is not queued.
    pub(crate) fn cancel_queue_item(&mut self, id: u64, now: u64) -> bool {
        self.advance(now);
        let queued = self.queue.get(id).is_some_and(|i| i.left.is_none());
        queued && self.queue.cancel(id, now).is_some()
    }

    /// Forgets every left item now instead of after `left_item_ttl_ms`.
    pub(crate) fn expire_left_items(&mut self, now: u64) {
        self.advance(now);
        self.queue.forget_left();
    }
}
