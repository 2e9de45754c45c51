//! Everything the controller holds between requests, behind one lock.

use std::io;

use crate::builds::History;
use crate::config::{Config, TriggerMode};
use crate::csrf::Sessions;
use crate::items::Items;
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
}

impl State {
    pub(crate) fn new(config: Config) -> io::Result<State> {
        let config = config.validated()?;
        Ok(State {
            items: Items::new(&config.jobs)?,
            histories: config.jobs.iter().map(|_| History::default()).collect(),
            queue: Queue::new(config.first_queue_id, config.left_item_ttl_ms),
            sessions: Sessions::new(config.session_ttl_ms),
            instance: crate::random::hex(8),
            salt: crate::random::hex(32),
            trigger_mode: config.trigger_mode,
            crumb_fault: None,
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
        self.queue
            .advance(&self.config.jobs, &mut self.histories, now);
    }

    /// A controller restart: sessions and the left-items cache are lost, the cookie name
    /// and instance id change; queued items, builds and queue ids carry on.
    pub(crate) fn restart(&mut self) {
        self.sessions.restart();
        self.queue.forget_left();
        self.instance = crate::random::hex(8);
    }
}
