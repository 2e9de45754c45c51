//! Build records of each job: numbers, timing and results, all read against a given time.

use crate::actions::Actions;
use crate::config::Job;

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
    /// Text the build writes over its run.
    pub console: String,
}

impl Build {
    pub(crate) fn building(&self, now: u64) -> bool {
        now < self.end_ms
    }

    /// `result`: null until the run is over.
    pub(crate) fn result_at(&self, now: u64) -> Option<&str> {
        (!self.building(now)).then_some(self.result.as_str())
    }

    /// What the log holds at `now`: the console text is written evenly over the run, a
    /// whole line at a time, and is complete once the build has finished.
    pub(crate) fn console_at(&self, now: u64) -> &str {
        if !self.building(now) {
            return &self.console;
        }
        let run = (self.end_ms - self.start_ms).max(1) as u128;
        let elapsed = now.saturating_sub(self.start_ms) as u128;
        let share = (self.console.len() as u128 * elapsed / run) as usize;
        let cut = self.console[..share.min(self.console.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        &self.console[..cut]
    }

    /// `duration`: 0 until finished.
    pub(crate) fn duration_at(&self, now: u64) -> u64 {
        if self.building(now) {
            0
        } else {
            self.end_ms - self.start_ms
        }
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
    /// Starts the next build at `at` for the queue item `queue_id`.
    pub(crate) fn start(&mut self, job: &Job, queue_id: u64, actions: Actions, at: u64) -> u64 {
        let number = self.next_number;
        self.next_number += 1;
        self.builds.push(Build {
            number,
            queue_id,
            start_ms: at,
            end_ms: at + job.duration_ms,
            result: job.result.clone(),
            actions,
            console: job.console.clone(),
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

    #[test]
    fn console_is_revealed_in_whole_lines_over_the_run() {
        let job = Job::freestyle("app")
            .with_duration_ms(1000)
            .with_console("one\ntwo\nthree\n");
        let mut h = History::default();
        h.start(&job, 1, Actions::default(), 0);
        let b = h.get(1).unwrap();
        assert_eq!(b.console_at(0), "");
        assert_eq!(b.console_at(500), "one\n");
        assert_eq!(b.console_at(999), "one\ntwo\n");
        assert_eq!(b.console_at(1000), "one\ntwo\nthree\n");
    }
}
