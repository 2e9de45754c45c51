//! Build records of each job: numbers, timing, results and logs, all read against a given
//! time.

use crate::actions::Actions;
use crate::config::Job;

/// How a build will run: how long, and the result it ends with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    pub duration_ms: u64,
    pub result: String,
}

impl Plan {
    /// What the job's configuration says each build does.
    pub(crate) fn of(job: &Job) -> Plan {
        Plan {
            duration_ms: job.duration_ms,
            result: job.result.clone(),
        }
    }
}

/// One run of a job.
#[derive(Clone, Debug)]
pub(crate) struct Build {
    pub number: u64,
    pub queue_id: u64,
    pub start_ms: u64,
    /// When the run finishes (start plus the job's duration, or earlier once stopped).
    pub end_ms: u64,
    /// Result it ends with; invisible until `end_ms`.
    pub result: String,
    pub actions: Actions,
    /// Raw bytes the log file holds once the build has ended.
    pub log: Vec<u8>,
    /// `api/json` answers served so far: the position in the job's build JSON script.
    pub json_reads: usize,
    /// Whether any request has addressed this build yet.
    pub looked_up: bool,
}

impl Build {
    pub(crate) fn building(&self, now: u64) -> bool {
        now < self.end_ms
    }

    /// `result`: null until the run is over.
    pub(crate) fn result_at(&self, now: u64) -> Option<&str> {
        (!self.building(now)).then_some(self.result.as_str())
    }

    /// What the log file holds at `now`. Lines land whole, each once the run has got as far
    /// through its time as the line's first byte is through the text, so a last line
    /// without a newline can sit in the file while the build still runs (what §8.1's
    /// "complete lines only" is about), and a multi-byte character is never cut.
    pub(crate) fn log_at(&self, now: u64) -> &[u8] {
        if !self.building(now) {
            return &self.log;
        }
        let run = u128::from((self.end_ms - self.start_ms).max(1));
        let elapsed = u128::from(now.saturating_sub(self.start_ms));
        let share = usize::try_from(self.log.len() as u128 * elapsed / run).unwrap_or(0);

        let line_start = self.log[..share]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = self.log[line_start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(self.log.len(), |i| line_start + i + 1);
        &self.log[..line_end]
    }

    /// `duration`: 0 until finished.
    pub(crate) fn duration_at(&self, now: u64) -> u64 {
        if self.building(now) {
            0
        } else {
            self.end_ms - self.start_ms
        }
    }

    /// Interrupts a running build at `now`: it ends ABORTED, and its log keeps what was
    /// written so far followed by Jenkins' closing lines. False when it was not running.
    pub(crate) fn abort(&mut self, by: &str, now: u64) -> bool {
        if !self.building(now) {
            return false;
        }

        let mut log = self.log_at(now).to_vec();
        if log.last().is_some_and(|b| *b != b'\n') {
            log.push(b'\n');
        }
        log.extend_from_slice(format!("Aborted by {by}\nFinished: ABORTED\n").as_bytes());

        self.log = log;
        self.end_ms = now;
        self.result = "ABORTED".to_string();
        true
    }
}

/// Runtime state of one job.
#[derive(Debug)]
pub(crate) struct History {
    pub next_number: u64,
    /// Oldest first.
    pub builds: Vec<Build>,
}

impl Default for History {
    fn default() -> Self {
        History {
            next_number: 1,
            builds: Vec::new(),
        }
    }
}

impl History {
    /// A job without builds whose first build gets `first_number`.
    pub(crate) fn starting_at(first_number: u64) -> History {
        History {
            next_number: first_number,
            builds: Vec::new(),
        }
    }

    /// Starts the next build at `at` for the queue item `queue_id`, as the job says.
    pub(crate) fn start(&mut self, job: &Job, queue_id: u64, actions: Actions, at: u64) -> u64 {
        self.start_planned(job, Plan::of(job), queue_id, actions, at)
    }

    /// Starts the next build at `at`, running and ending as `plan` says.
    pub(crate) fn start_planned(
        &mut self,
        job: &Job,
        plan: Plan,
        queue_id: u64,
        actions: Actions,
        at: u64,
    ) -> u64 {
        let number = self.next_number;
        self.next_number += 1;
        self.builds.push(Build {
            number,
            queue_id,
            start_ms: at,
            end_ms: at.saturating_add(plan.duration_ms),
            result: plan.result,
            actions,
            log: job.console.as_bytes().to_vec(),
            json_reads: 0,
            looked_up: false,
        });
        number
    }

    /// When the last of its builds ends: a non-concurrent job is busy until then.
    pub(crate) fn busy_until(&self) -> u64 {
        self.builds.iter().map(|b| b.end_ms).max().unwrap_or(0)
    }

    pub(crate) fn get(&self, number: u64) -> Option<&Build> {
        self.builds.iter().find(|b| b.number == number)
    }

    pub(crate) fn get_mut(&mut self, number: u64) -> Option<&mut Build> {
        self.builds.iter_mut().find(|b| b.number == number)
    }

    /// Newest build still running at `now`.
    pub(crate) fn running(&self, now: u64) -> Option<&Build> {
        self.builds.iter().rev().find(|b| b.building(now))
    }

    /// `Job.getEstimatedDuration`: mean of the last three successful or unstable runs.
    pub(crate) fn estimated_duration(&self, now: u64) -> Option<u64> {
        let good: Vec<u64> = self
            .builds
            .iter()
            .rev()
            .filter(|b| matches!(b.result_at(now), Some("SUCCESS" | "UNSTABLE")))
            .take(3)
            .map(|b| b.end_ms - b.start_ms)
            .collect();
        (!good.is_empty()).then(|| good.iter().sum::<u64>() / good.len() as u64)
    }

    /// A permalink (`lastBuild`, `lastSuccessfulBuild`, …) or a build number.
    pub(crate) fn lookup(&self, name: &str, now: u64) -> Option<&Build> {
        let results: &[&str] = match name {
            "lastBuild" => return self.builds.last(),
            "lastCompletedBuild" => return self.builds.iter().rev().find(|b| !b.building(now)),
            "lastSuccessfulBuild" => &["SUCCESS", "UNSTABLE"],
            "lastStableBuild" => &["SUCCESS"],
            "lastFailedBuild" => &["FAILURE"],
            "lastUnstableBuild" => &["UNSTABLE"],
            "lastUnsuccessfulBuild" => &["UNSTABLE", "FAILURE", "ABORTED", "NOT_BUILT"],
            number => return number.parse().ok().and_then(|n| self.get(n)),
        };
        let matches = |b: &&Build| b.result_at(now).is_some_and(|r| results.contains(&r));
        self.builds.iter().rev().find(matches)
    }

    /// Ball colour: the last build's result, `_anime` while one runs.
    pub(crate) fn color(&self, job: &Job, now: u64) -> String {
        if job.disabled {
            return "disabled".to_string();
        }
        let Some(last) = self.builds.last() else {
            return "notbuilt".to_string();
        };
        let settled = self.builds.iter().rev().find_map(|b| b.result_at(now));
        let base = match settled {
            Some("SUCCESS") => "blue",
            Some("UNSTABLE") => "yellow",
            Some("FAILURE") => "red",
            Some("ABORTED") => "aborted",
            _ => "notbuilt",
        };
        if last.building(now) {
            format!("{base}_anime")
        } else {
            base.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_numbers_count_up_and_results_appear_at_the_end() {
        let job = Job::freestyle("app")
            .with_duration_ms(500)
            .with_result("UNSTABLE");
        let mut h = History::default();
        assert_eq!(h.start(&job, 7, Actions::default(), 1000), 1);
        assert_eq!(h.start(&job, 8, Actions::default(), 1200), 2);
        assert_eq!(h.next_number, 3);

        let b = h.get(1).unwrap();
        assert_eq!(b.queue_id, 7);
        assert_eq!(b.result_at(1499), None);
        assert_eq!(b.duration_at(1499), 0);
        assert_eq!(b.result_at(1500), Some("UNSTABLE"));
        assert_eq!(b.duration_at(1500), 500);
        assert_eq!(h.busy_until(), 1700);
        assert_eq!(h.color(&job, 1600), "yellow_anime");
        assert_eq!(h.color(&job, 1700), "yellow");
        assert_eq!(h.estimated_duration(1600), Some(500));
        assert_eq!(h.estimated_duration(1400), None);
        assert_eq!(h.lookup("lastBuild", 1600).map(|b| b.number), Some(2));
        assert_eq!(
            h.lookup("lastCompletedBuild", 1600).map(|b| b.number),
            Some(1)
        );
        assert_eq!(
            h.lookup("lastUnstableBuild", 1600).map(|b| b.number),
            Some(1)
        );
        assert_eq!(h.lookup("lastStableBuild", 1800).map(|b| b.number), None);
        assert_eq!(h.lookup("2", 0).map(|b| b.queue_id), Some(8));
        assert!(h.lookup("3", 0).is_none());
    }

    fn started(console: &str) -> History {
        let job = Job::freestyle("app")
            .with_duration_ms(1000)
            .with_console(console);
        let mut h = History::default();
        h.start(&job, 1, Actions::default(), 0);
        h
    }

    #[test]
    fn log_lines_land_whole_once_the_run_reaches_their_first_byte() {
        let h = started("one\ntwo\nthree\n");
        let b = h.get(1).unwrap();
        assert_eq!(b.log_at(0), b"one\n");
        assert_eq!(b.log_at(285), b"one\n");
        assert_eq!(b.log_at(286), b"one\ntwo\n");
        assert_eq!(b.log_at(571), b"one\ntwo\n");
        assert_eq!(b.log_at(572), b"one\ntwo\nthree\n");
        assert_eq!(b.log_at(1000), b"one\ntwo\nthree\n");
    }

    #[test]
    fn multi_byte_characters_and_a_last_line_without_newline_are_never_cut() {
        let h = started("grüße ✓\nend");
        let b = h.get(1).unwrap();
        assert_eq!(b.log_at(0), "grüße ✓\n".as_bytes());
        assert_eq!(b.log_at(900), "grüße ✓\nend".as_bytes());
        assert!(b.building(900));
    }

    #[test]
    fn an_empty_console_leaves_the_log_empty_throughout() {
        let h = started("");
        assert_eq!(h.get(1).unwrap().log_at(500), b"");
        assert_eq!(h.get(1).unwrap().log_at(1000), b"");
    }

    #[test]
    fn abort_ends_the_run_now_and_closes_the_log_like_jenkins() {
        let mut h = started("one\ntwo\npartial");
        let b = h.get_mut(1).unwrap();
        assert!(b.abort("deployer", 600));
        assert_eq!(
            b.log_at(600),
            b"one\ntwo\npartial\nAborted by deployer\nFinished: ABORTED\n"
        );
        assert_eq!(b.result_at(600), Some("ABORTED"));
        assert_eq!(b.duration_at(600), 600);
        assert!(!b.abort("deployer", 700));
        assert_eq!(h.busy_until(), 600);
    }

    #[test]
    fn a_history_can_start_numbering_anywhere_and_plans_override_the_job() {
        let job = Job::freestyle("app");
        let mut h = History::starting_at(21);
        let plan = Plan {
            duration_ms: 50,
            result: "FAILURE".to_string(),
        };
        assert_eq!(h.start_planned(&job, plan, 69, Actions::default(), 100), 21);
        assert_eq!(h.get(21).unwrap().result_at(150), Some("FAILURE"));
        assert_eq!(h.next_number, 22);
    }
}
