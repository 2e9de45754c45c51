//! The `/api/json` documents: queue items, jobs, builds, folders, the root and the crumb
//! issuer, with Jenkins' key order (`_class`, then superclass fields alphabetically, then
//! subclass fields).

use crate::builds::{Build, History};
use crate::config::{BuildJsonStep, Job, JobKind, Param, ParamKind};
use crate::items::{item_path, Node};
use crate::json::{Json, Obj};
use crate::nodes::Nodes;
use crate::queue::{QueueItem, Stage};
use crate::state::State;

/// Renders state at one instant against one root URL.
pub(crate) struct View<'a> {
    pub state: &'a State,
    /// Ends with `/`.
    pub root: &'a str,
    pub now: u64,
}

/// `DefaultCrumbIssuer` export.
pub(crate) fn crumb(crumb: &str, field: &str) -> Json {
    Obj::class("hudson.security.csrf.DefaultCrumbIssuer")
        .f("crumb", crumb)
        .f("crumbRequestField", field)
        .into()
}

fn job_class(job: &Job) -> &'static str {
    match job.kind {
        JobKind::Freestyle => "hudson.model.FreeStyleProject",
        JobKind::Pipeline => "org.jenkinsci.plugins.workflow.job.WorkflowJob",
    }
}

fn run_class(job: &Job) -> &'static str {
    match job.kind {
        JobKind::Freestyle => "hudson.model.FreeStyleBuild",
        JobKind::Pipeline => "org.jenkinsci.plugins.workflow.job.WorkflowRun",
    }
}

const FOLDER_CLASS: &str = "com.cloudbees.hudson.plugins.folder.Folder";

impl View<'_> {
    fn job(&self, index: usize) -> (&Job, &History) {
        (&self.state.config.jobs[index], &self.state.histories[index])
    }

    fn job_url(&self, job: &Job) -> String {
        format!("{}{}", self.root, item_path(&job.full_name))
    }

    fn build_url(&self, job: &Job, number: u64) -> String {
        format!("{}{number}/", self.job_url(job))
    }

    /// `GET queue/item/<id>/api/json`.
    pub(crate) fn queue_item(&self, item: &QueueItem) -> Json {
        let (job, history) = self.job(item.job);
        let nodes = Nodes::of(&self.state.config);
        let stage = item.stage(job, &nodes, history, self.now);
        let class = match stage {
            Stage::Waiting => "hudson.model.Queue$WaitingItem",
            Stage::Blocked => "hudson.model.Queue$BlockedItem",
            Stage::NoNode | Stage::Buildable => "hudson.model.Queue$BuildableItem",
            Stage::Left(_) => "hudson.model.Queue$LeftItem",
        };
        let label = job.label.as_deref().unwrap_or("");
        let why = match stage {
            Stage::Waiting => Some(format!(
                "In the quiet period. Expires in {}",
                time_span(item.due - self.now)
            )),
            Stage::Blocked => Some(self.blocked_why(history)),
            Stage::NoNode => Some(format!("There are no nodes with the label ‘{label}’")),
            Stage::Buildable if job.label.is_some() => {
                Some(format!("Waiting for next available executor on ‘{label}’"))
            }
            Stage::Buildable => Some("Waiting for next available executor".to_string()),
            Stage::Left(_) => None,
        };

        let task = Obj::class(job_class(job))
            .f("name", job.name())
            .f("url", self.job_url(job))
            .f("color", history.color(job, self.now));
        let buildable = matches!(stage, Stage::NoNode | Stage::Buildable);
        let obj = Obj::class(class)
            .f("actions", item.actions.json())
            .f("blocked", stage == Stage::Blocked)
            .f("buildable", buildable)
            .f("id", item.id)
            .f("inQueueSince", item.in_queue_since)
            .f("params", item.actions.params_text())
            // `isStuck` holds at once when no node carries the label at all.
            .f("stuck", stage == Stage::NoNode)
            .f("task", task)
            .f("url", format!("queue/item/{}/", item.id))
            .f("why", why);
        match stage {
            Stage::Left(left) => {
                let executable = left.build.map(|n| {
                    Obj::class(run_class(job))
                        .f("number", n)
                        .f("url", self.build_url(job, n))
                });
                obj.f("cancelled", left.build.is_none())
                    .f("executable", executable)
                    .into()
            }
            Stage::Waiting => obj.f("timestamp", item.due).into(),
            Stage::Blocked => obj.f("buildableStartMilliseconds", item.due).into(),
            Stage::NoNode | Stage::Buildable => obj
                .f("buildableStartMilliseconds", item.due)
                .f("pending", false)
                .into(),
        }
    }

    /// `BlockedBecauseOfBuildInProgress`, with the executor's ETA.
    fn blocked_why(&self, history: &History) -> String {
        let Some(running) = history.running(self.now) else {
            return "Waiting for next available executor".to_string();
        };
        let elapsed = self.now - running.start_ms;
        let eta = match history.estimated_duration(self.now) {
            Some(est) if est > elapsed => time_span(est - elapsed),
            _ => "N/A".to_string(),
        };
        format!(
            "Build #{} is already in progress (ETA: {eta})",
            running.number
        )
    }

    /// `GET queue/api/json`.
    pub(crate) fn queue(&self) -> Json {
        let items: Vec<Json> = self
            .state
            .queue
            .queued()
            .map(|i| self.queue_item(i))
            .collect();
        Obj::class("hudson.model.Queue")
            .f("discoverableItems", Vec::new())
            .f("items", items)
            .into()
    }

    /// A build as a job's lists show it: `number` and `url` at depth 0, or the whole build
    /// when a `tree` will select from it.
    fn build_ref(&self, index: usize, build: Option<&Build>, full: bool) -> Json {
        let job = &self.state.config.jobs[index];
        match build {
            None => Json::Null,
            Some(b) if full => self.build(index, b, None),
            Some(b) => Obj::class(run_class(job))
                .f("number", b.number)
                .f("url", self.build_url(job, b.number))
                .into(),
        }
    }

    /// `GET <job>/api/json`.
    pub(crate) fn job_doc(&self, index: usize, full: bool) -> Json {
        let (job, history) = self.job(index);
        let now = self.now;
        let last = |name: &str| self.build_ref(index, history.lookup(name, now), full);
        let builds: Vec<Json> = history
            .builds
            .iter()
            .rev()
            .take(100)
            .map(|b| self.build_ref(index, Some(b), full))
            .collect();
        let queued = self.state.queue.queued().find(|i| i.job == index);

        let mut properties = Vec::new();
        if job.is_parameterized() {
            properties.push(parameters_property(&job.parameters));
        }
        let mut actions = properties.clone();
        actions.push(Json::Obj(Vec::new()));

        let obj = Obj::class(job_class(job))
            .f("actions", actions)
            .f("description", "")
            .f("displayName", job.name())
            .f("displayNameOrNull", Json::Null)
            .f("fullDisplayName", job.full_name.replace('/', " » "))
            .f("fullName", job.full_name.as_str())
            .f("name", job.name())
            .f("url", self.job_url(job))
            .f("buildable", !job.disabled)
            .f("builds", builds)
            .f("color", history.color(job, now))
            .f(
                "firstBuild",
                self.build_ref(index, history.builds.first(), full),
            )
            .f("healthReport", Vec::new())
            .f("inQueue", queued.is_some())
            .f("keepDependencies", false)
            .f("lastBuild", last("lastBuild"))
            .f("lastCompletedBuild", last("lastCompletedBuild"))
            .f("lastFailedBuild", last("lastFailedBuild"))
            .f("lastStableBuild", last("lastStableBuild"))
            .f("lastSuccessfulBuild", last("lastSuccessfulBuild"))
            .f("lastUnstableBuild", last("lastUnstableBuild"))
            .f("lastUnsuccessfulBuild", last("lastUnsuccessfulBuild"))
            .f("nextBuildNumber", history.next_number)
            .f("property", properties)
            .f("queueItem", queued.map(|i| self.queue_item(i)))
            .f("concurrentBuild", job.concurrent)
            .f("disabled", job.disabled);
        match job.kind {
            JobKind::Freestyle => obj
                .f("downstreamProjects", Vec::new())
                .f("labelExpression", job.label.clone())
                .f("scm", Obj::class("hudson.scm.NullSCM"))
                .f("upstreamProjects", Vec::new())
                .into(),
            JobKind::Pipeline => obj.f("resumeBlocked", false).into(),
        }
    }

    /// `GET <job>/<n>/api/json`; a script step, when given, decides `building`,
    /// `inProgress`, `result` and whether an executor shows.
    pub(crate) fn build(&self, index: usize, b: &Build, step: Option<&BuildJsonStep>) -> Json {
        let (job, history) = self.job(index);
        let now = self.now;
        let (building, in_progress, result) = match step {
            None => (b.building(now), b.building(now), b.result_at(now)),
            Some(s) => (
                s.building,
                s.in_progress.unwrap_or(s.building),
                s.result.as_deref(),
            ),
        };
        let executor = match (building, job.kind) {
            (false, _) => Json::Null,
            (true, JobKind::Freestyle) => Json::Obj(Vec::new()),
            (true, JobKind::Pipeline) => Obj::class("hudson.model.OneOffExecutor").into(),
        };
        let estimated = history
            .estimated_duration(now)
            .map_or(-1, |d| i64::try_from(d).unwrap_or(i64::MAX));
        let mut actions = b.actions.json();
        actions.push(Json::Obj(Vec::new()));

        let obj = Obj::class(run_class(job))
            .f("actions", actions)
            .f("artifacts", Vec::new())
            .f("building", building)
            .f("description", Json::Null)
            .f("displayName", format!("#{}", b.number))
            .f("duration", b.duration_at(now))
            .f("estimatedDuration", estimated)
            .f("executor", executor)
            .f(
                "fullDisplayName",
                format!("{} #{}", job.full_name.replace('/', " » "), b.number),
            )
            .f("id", b.number.to_string());
        let obj = if exports_in_progress(&self.state.config.version) {
            obj.f("inProgress", in_progress)
        } else {
            obj
        };
        let obj = obj
            .f("keepLog", false)
            .f("number", b.number)
            .f("queueId", b.queue_id)
            .f("result", result)
            .f("timestamp", b.start_ms)
            .f("url", self.build_url(job, b.number));
        match job.kind {
            JobKind::Freestyle => obj
                .f("builtOn", "")
                .f(
                    "changeSet",
                    Obj::class("hudson.scm.EmptyChangeLogSet")
                        .f("items", Vec::new())
                        .f("kind", Json::Null),
                )
                .f("culprits", Vec::new())
                .into(),
            JobKind::Pipeline => {
                let sibling = |n: u64| {
                    let url = self.build_url(job, n);
                    Obj::default().f("number", n).f("url", url)
                };
                let next = b.number + 1;
                obj.f("changeSets", Vec::new())
                    .f("culprits", Vec::new())
                    .f("nextBuild", history.get(next).map(|_| sibling(next)))
                    .f(
                        "previousBuild",
                        (b.number > 1).then(|| sibling(b.number - 1)),
                    )
                    .into()
            }
        }
    }

    fn child_ref(&self, node: &Node) -> Json {
        let url = format!("{}{}", self.root, item_path(&node.full_name));
        match node.job {
            Some(index) => {
                let (job, history) = self.job(index);
                Obj::class(job_class(job))
                    .f("name", node.name.as_str())
                    .f("url", url)
                    .f("color", history.color(job, self.now))
                    .into()
            }
            None => Obj::class(FOLDER_CLASS)
                .f("name", node.name.as_str())
                .f("url", url)
                .into(),
        }
    }

    /// `GET <folder>/api/json`.
    pub(crate) fn folder(&self, node: &Node) -> Json {
        let jobs: Vec<Json> = node.children.iter().map(|c| self.child_ref(c)).collect();
        Obj::class(FOLDER_CLASS)
            .f("actions", vec![Json::Obj(Vec::new())])
            .f("description", Json::Null)
            .f("displayName", node.name.as_str())
            .f("displayNameOrNull", Json::Null)
            .f("fullDisplayName", node.full_name.replace('/', " » "))
            .f("fullName", node.full_name.as_str())
            .f("name", node.name.as_str())
            .f(
                "url",
                format!("{}{}", self.root, item_path(&node.full_name)),
            )
            .f("healthReport", Vec::new())
            .f("jobs", jobs)
            .into()
    }

    /// `GET <ctx>/api/json`.
    pub(crate) fn root_doc(&self) -> Json {
        let config = &self.state.config;
        let jobs: Vec<Json> = self
            .state
            .items
            .top()
            .iter()
            .map(|n| self.child_ref(n))
            .collect();
        Obj::class("hudson.model.Hudson")
            .f("mode", "NORMAL")
            .f("nodeDescription", "the Jenkins controller's built-in node")
            .f("nodeName", "")
            .f(
                "numExecutors",
                u64::try_from(config.executors).unwrap_or(u64::MAX),
            )
            .f("description", Json::Null)
            .f("jobs", jobs)
            .f("quietingDown", false)
            .f("url", self.root)
            .f("useCrumbs", config.csrf != crate::config::CsrfMode::Off)
            .f("useSecurity", true)
            .into()
    }
}

/// Builds export `inProgress` since 2.369; a version that does not parse counts as new.
fn exports_in_progress(version: &str) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(major), Some(minor)) => (major, minor) >= (2, 369),
        _ => true,
    }
}

/// `ParametersDefinitionProperty` with its definitions in order.
fn parameters_property(params: &[Param]) -> Json {
    let defs: Vec<Json> = params.iter().map(parameter_definition).collect();
    Obj::class("hudson.model.ParametersDefinitionProperty")
        .f("parameterDefinitions", defs)
        .into()
}

fn parameter_definition(p: &Param) -> Json {
    let kind = match p.kind {
        ParamKind::String => "StringParameterDefinition",
        ParamKind::Text => "TextParameterDefinition",
        ParamKind::Boolean => "BooleanParameterDefinition",
        ParamKind::Choice => "ChoiceParameterDefinition",
        ParamKind::Password => "PasswordParameterDefinition",
    };
    let default = crate::actions::ParamValue::default_of(p).json();
    let obj = Obj::class(&format!("hudson.model.{kind}"))
        .f("defaultParameterValue", default)
        .f("description", p.description.clone())
        .f("name", p.name.as_str())
        .f("type", kind);
    match p.kind {
        ParamKind::Choice => {
            let choices: Vec<Json> = p.choices.iter().map(|c| Json::from(c.as_str())).collect();
            obj.f("choices", choices).into()
        }
        _ => obj.into(),
    }
}

/// `Util.getTimeSpanString` in English, as `why` texts use it ("4.9 sec", "1 min 5 sec").
pub(crate) fn time_span(ms: u64) -> String {
    let (secs, millis) = (ms / 1000, ms % 1000);
    let (mins, hours, days) = (secs / 60, secs / 3600, secs / 86_400);
    let trim = |s: String| s.trim_end_matches('0').trim_end_matches('.').to_string();
    if days > 0 {
        two_units(days, "day", hours % 24, "hr")
    } else if hours > 0 {
        two_units(hours, "hr", mins % 60, "min")
    } else if mins > 0 {
        two_units(mins, "min", secs % 60, "sec")
    } else if secs >= 10 {
        format!("{secs} sec")
    } else if secs >= 1 {
        format!("{} sec", trim(format!("{secs}.{}", millis / 100)))
    } else if millis >= 100 {
        format!("{} sec", trim(format!("0.{:02}", millis / 10)))
    } else {
        format!("{millis} ms")
    }
}

/// `makeTimeSpanString`: the smaller unit only while the bigger is under 10.
fn two_units(big: u64, big_unit: &str, small: u64, small_unit: &str) -> String {
    let plural = |n: u64, unit: &str| {
        if unit == "day" && n != 1 {
            format!("{n} days")
        } else {
            format!("{n} {unit}")
        }
    };
    if big < 10 {
        format!("{} {}", plural(big, big_unit), plural(small, small_unit))
    } else {
        plural(big, big_unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_spans_match_jenkins_wording() {
        assert_eq!(time_span(900), "0.9 sec");
        assert_eq!(time_span(950), "0.95 sec");
        assert_eq!(time_span(4_900), "4.9 sec");
        assert_eq!(time_span(4_000), "4 sec");
        assert_eq!(time_span(20_400), "20 sec");
        assert_eq!(time_span(65_000), "1 min 5 sec");
        assert_eq!(time_span(50), "50 ms");
    }

    #[test]
    fn in_progress_is_exported_from_2_369_on() {
        assert!(exports_in_progress("2.541.1"));
        assert!(exports_in_progress("2.369"));
        assert!(!exports_in_progress("2.368"));
        assert!(!exports_in_progress("2.222.4"));
        assert!(exports_in_progress("3.1"));
        assert!(exports_in_progress("weekly"));
    }

    #[test]
    fn crumb_document_has_jenkins_key_order() {
        assert_eq!(
            crumb("ab12", "Jenkins-Crumb").to_text(),
            concat!(
                r#"{"_class":"hudson.security.csrf.DefaultCrumbIssuer","#,
                r#""crumb":"ab12","crumbRequestField":"Jenkins-Crumb"}"#
            )
        );
    }

    #[test]
    fn choice_definition_lists_choices_after_type() {
        let def = parameter_definition(&Param::choice("ENV", &["dev", "prod"]));
        assert_eq!(
            def.to_text(),
            concat!(
                r#"{"_class":"hudson.model.ChoiceParameterDefinition","defaultParameterValue":"#,
                r#"{"_class":"hudson.model.StringParameterValue","name":"ENV","value":"dev"},"#,
                r#""description":null,"name":"ENV","type":"ChoiceParameterDefinition","#,
                r#""choices":["dev","prod"]}"#
            )
        );
    }
}
