//! What the emulated controller holds: users, jobs and switches, read from JSON or built in code.

use std::io;

use serde::{Deserialize, Deserializer};

/// The whole emulator configuration. Every field has a default, so `{}` is a valid config.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Context path: "" or like "/jenkins" (no trailing slash; one is tolerated and removed).
    pub context_path: String,
    /// Port to bind on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Value of the `X-Jenkins` header.
    pub version: String,
    /// The configured Jenkins URL used in JSON `url`s; None derives it from each request.
    pub root_url: Option<String>,
    /// Simulates a proxy forwarding a wrong Host: trigger `Location`s start with this.
    pub location_base: Option<String>,
    /// CSRF protection mode.
    pub csrf: CsrfMode,
    /// Header (and parameter) name the crumb travels under.
    pub crumb_field: String,
    /// Idle lifetime of HTTP sessions; None keeps them until restart.
    pub session_ttl_ms: Option<u64>,
    /// Whether anonymous has Overall/Read and Job/Read (never Job/Build).
    pub anonymous_read: bool,
    /// Known users.
    pub users: Vec<User>,
    /// Jobs by full name; folders are implied by the names.
    pub jobs: Vec<Job>,
    /// Id of the first queue item.
    pub first_queue_id: u64,
    /// How long a queue item stays readable after it left the queue (Jenkins: 300 s).
    pub left_item_ttl_ms: u64,
    /// How trigger requests are answered.
    pub trigger_mode: TriggerMode,
    /// Serve HTTPS with a certificate from a CA generated at start-up (None: plain HTTP).
    pub tls: Option<crate::tls::TlsConfig>,
    /// What `logText/progressiveText` counts and sends (Jenkins changed both in 2.509).
    pub console_mode: ConsoleMode,
    /// How `queue/cancelItem` answers (Jenkins changed it in 2.211).
    pub cancel_api: CancelApi,
    /// Executors of the built-in node, the only node; every build occupies one.
    pub executors: usize,
    /// Labels the built-in node carries; a job restricted to another label never starts.
    pub labels: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            context_path: String::new(),
            port: 0,
            version: "2.541.1".to_string(),
            root_url: None,
            location_base: None,
            csrf: CsrfMode::Session,
            crumb_field: "Jenkins-Crumb".to_string(),
            session_ttl_ms: None,
            anonymous_read: false,
            users: Vec::new(),
            jobs: Vec::new(),
            first_queue_id: 1,
            left_item_ttl_ms: 2000,
            trigger_mode: TriggerMode::Normal,
            tls: None,
            console_mode: ConsoleMode::Modern,
            cancel_api: CancelApi::Modern,
            executors: 2,
            labels: Vec::new(),
        }
    }
}

impl Config {
    /// Parses a JSON config (unknown keys are an error, so typos do not pass silently).
    pub fn from_json(text: &str) -> io::Result<Config> {
        serde_json::from_str(text).map_err(|e| invalid(format!("config JSON: {e}")))
    }

    /// Adds a user.
    pub fn with_user(mut self, user: User) -> Self {
        self.users.push(user);
        self
    }

    /// Adds a job.
    pub fn with_job(mut self, job: Job) -> Self {
        self.jobs.push(job);
        self
    }

    /// Sets the context path ("" or "/name").
    pub fn with_context_path(mut self, ctx: &str) -> Self {
        self.context_path = ctx.to_string();
        self
    }

    /// Sets the CSRF mode.
    pub fn with_csrf(mut self, mode: CsrfMode) -> Self {
        self.csrf = mode;
        self
    }

    /// Sets the configured root URL used in JSON.
    pub fn with_root_url(mut self, url: &str) -> Self {
        self.root_url = Some(url.to_string());
        self
    }

    /// Makes trigger `Location`s start with this origin, as behind a Host-rewriting proxy.
    pub fn with_location_base(mut self, base: &str) -> Self {
        self.location_base = Some(base.to_string());
        self
    }

    /// Gives anonymous Overall/Read and Job/Read.
    pub fn with_anonymous_read(mut self) -> Self {
        self.anonymous_read = true;
        self
    }

    /// Sets the idle session lifetime.
    pub fn with_session_ttl_ms(mut self, ms: u64) -> Self {
        self.session_ttl_ms = Some(ms);
        self
    }

    /// Sets the left-item cache lifetime.
    pub fn with_left_item_ttl_ms(mut self, ms: u64) -> Self {
        self.left_item_ttl_ms = ms;
        self
    }

    /// Sets the first queue id.
    pub fn with_first_queue_id(mut self, id: u64) -> Self {
        self.first_queue_id = id;
        self
    }

    /// Sets the trigger mode at start.
    pub fn with_trigger_mode(mut self, mode: TriggerMode) -> Self {
        self.trigger_mode = mode;
        self
    }

    /// Sets the version reported in `X-Jenkins` (it also decides whether builds export
    /// `inProgress`, added in 2.369).
    pub fn with_version(mut self, version: &str) -> Self {
        self.version = version.to_string();
        self
    }

    /// Sets what `logText/progressiveText` counts and sends.
    pub fn with_console_mode(mut self, mode: ConsoleMode) -> Self {
        self.console_mode = mode;
        self
    }

    /// Sets how `queue/cancelItem` answers.
    pub fn with_cancel_api(mut self, api: CancelApi) -> Self {
        self.cancel_api = api;
        self
    }

    /// Sets the number of executors of the built-in node.
    pub fn with_executors(mut self, executors: usize) -> Self {
        self.executors = executors;
        self
    }

    /// Gives the built-in node a label, so jobs restricted to it can start.
    pub fn with_label(mut self, label: &str) -> Self {
        self.labels.push(label.to_string());
        self
    }

    /// Serves HTTPS for 127.0.0.1 and localhost, TLS 1.2 and 1.3.
    pub fn with_tls(self) -> Self {
        self.with_tls_config(crate::tls::TlsConfig::default())
    }

    /// Serves HTTPS as `tls` says (certificate names, protocol versions).
    pub fn with_tls_config(mut self, tls: crate::tls::TlsConfig) -> Self {
        self.tls = Some(tls);
        self
    }

    /// Checks and normalises the config; errors name the offending entry.
    pub(crate) fn validated(mut self) -> io::Result<Config> {
        let ctx = self.context_path.trim_end_matches('/').to_string();
        if !ctx.is_empty() && (!ctx.starts_with('/') || ctx.contains(['?', '#', ';', ' '])) {
            return Err(invalid(format!(
                "context_path {:?} must look like /name",
                ctx
            )));
        }
        self.context_path = ctx;

        if self.crumb_field.is_empty() {
            return Err(invalid("crumb_field must not be empty".to_string()));
        }
        if let Some(root) = &mut self.root_url {
            if !root.ends_with('/') {
                root.push('/');
            }
        }
        if let Some(base) = &mut self.location_base {
            while base.ends_with('/') {
                base.pop();
            }
        }
        if self.labels.iter().any(|l| l.trim().is_empty()) {
            return Err(invalid("labels must not be empty".to_string()));
        }
        for user in &self.users {
            if user.name.is_empty() || user.name.contains(':') {
                return Err(invalid(format!(
                    "user name {:?} is empty or has ':'",
                    user.name
                )));
            }
        }
        for job in &mut self.jobs {
            // A choice parameter defaults to its first choice, as in Jenkins.
            for p in &mut job.parameters {
                if p.kind == ParamKind::Choice && p.default.is_empty() {
                    p.default = p.choices.first().cloned().unwrap_or_default();
                }
            }
            job.validate()?;
        }
        Ok(self)
    }
}

/// CSRF protection as the crumb issuer implements it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CsrfMode {
    /// No crumb issuer: `crumbIssuer` is 404 and POSTs need no crumb.
    Off,
    /// Crumb bound to the user only (as with `EXCLUDE_SESSION_ID`): no session is created.
    On,
    /// Crumb bound to user and HTTP session (Jenkins 2.176.2 and later).
    #[default]
    Session,
}

/// How trigger endpoints answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerMode {
    /// New items and real folding, as Jenkins does.
    #[default]
    Normal,
    /// A queue decision handler refuses: 302 to the job page, nothing queued.
    Refused,
    /// 201 without a `Location` header (the item is still queued).
    NoLocation,
    /// Answer as if an identical item were already queued (`/build` 201, others 303).
    Folded,
}

/// The two generations of `logText/progressiveText` (jenkins-protocol.md §8.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsoleMode {
    /// 2.509 and later: `X-Text-Size` is the log length at request time, and console notes
    /// stay in the body.
    #[default]
    Modern,
    /// Before 2.509: `X-Text-Size` is the offset just after the bytes sent, and console
    /// notes are stripped from the body.
    Legacy,
}

/// The two generations of `queue/cancelItem` (jenkins-protocol.md §10.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CancelApi {
    /// 2.211 and later: 204, or 404/422/500 oops pages.
    #[default]
    Modern,
    /// Before 2.211: always 302 to the `Referer` (or the queue page), whatever happened.
    Legacy,
}

/// One answer of a build's scripted `api/json` (see [`Job::build_json_script`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BuildJsonStep {
    /// `building`.
    pub building: bool,
    /// `result`: any text, including values Jenkins never sends; None is `null`.
    pub result: Option<String>,
    /// `inProgress`; None means the same as `building`.
    pub in_progress: Option<bool>,
}

impl BuildJsonStep {
    /// A step with `inProgress` equal to `building`.
    pub fn new(building: bool, result: Option<&str>) -> Self {
        BuildJsonStep {
            building,
            result: result.map(str::to_string),
            in_progress: None,
        }
    }

    /// Sets `inProgress` apart from `building` (a freestyle run in post-production).
    pub fn with_in_progress(mut self, in_progress: bool) -> Self {
        self.in_progress = Some(in_progress);
        self
    }
}

/// A user of the security realm.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct User {
    /// Login name (may be non-ASCII).
    pub name: String,
    /// Real password.
    pub password: String,
    /// API tokens; a request authenticated with one is exempt from crumbs.
    pub api_tokens: Vec<String>,
    /// Whether the user has Job/Build.
    pub can_build: bool,
    /// Whether the user has Job/Cancel.
    pub can_cancel: bool,
}

impl Default for User {
    fn default() -> Self {
        User {
            name: String::new(),
            password: String::new(),
            api_tokens: Vec::new(),
            can_build: true,
            can_cancel: true,
        }
    }
}

impl User {
    /// A user with a password and every permission.
    pub fn new(name: &str, password: &str) -> Self {
        User {
            name: name.to_string(),
            password: password.to_string(),
            ..User::default()
        }
    }

    /// Adds an API token.
    pub fn with_token(mut self, token: &str) -> Self {
        self.api_tokens.push(token.to_string());
        self
    }

    /// Takes Job/Build away.
    pub fn without_build(mut self) -> Self {
        self.can_build = false;
        self
    }

    /// Takes Job/Cancel away.
    pub fn without_cancel(mut self) -> Self {
        self.can_cancel = false;
        self
    }
}

/// Kind of project, which decides the `_class` names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobKind {
    /// `hudson.model.FreeStyleProject` / `FreeStyleBuild`.
    #[default]
    Freestyle,
    /// `org.jenkinsci.plugins.workflow.job.WorkflowJob` / `WorkflowRun`.
    Pipeline,
}

/// A buildable job.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Job {
    /// Full name with `/` between folders, e.g. "team/backend/Run a script".
    pub full_name: String,
    /// Freestyle or Pipeline.
    pub kind: JobKind,
    /// Parameter definitions, in order.
    pub parameters: Vec<Param>,
    /// Disabled jobs answer 409 to triggers.
    pub disabled: bool,
    /// "Trigger builds remotely" token.
    pub remote_token: Option<String>,
    /// Quiet period used when a trigger gives no `delay`.
    pub quiet_period_ms: u64,
    /// Whether builds may run concurrently.
    pub concurrent: bool,
    /// How long each build runs.
    pub duration_ms: u64,
    /// Result each build ends with: any text, so clients can meet unknown values.
    pub result: String,
    /// Console text each build writes (raw UTF-8, may hold CRLF and console notes).
    pub console: String,
    /// The single label the job is restricted to; None runs on any node.
    pub label: Option<String>,
    /// Number of the job's first build.
    pub next_build_number: u64,
    /// Successive answers of `<job>/<n>/api/json` for each of the job's builds, the last
    /// one repeated; empty shows the build's real state.
    pub build_json_script: Vec<BuildJsonStep>,
    /// The first request addressed to each build answers 404, as Jenkins does for a moment
    /// while the queue already names the build.
    pub first_build_lookup_404: bool,
}

impl Default for Job {
    fn default() -> Self {
        Job {
            full_name: String::new(),
            kind: JobKind::Freestyle,
            parameters: Vec::new(),
            disabled: false,
            remote_token: None,
            quiet_period_ms: 1000,
            concurrent: false,
            duration_ms: 1000,
            result: "SUCCESS".to_string(),
            console: String::new(),
            label: None,
            next_build_number: 1,
            build_json_script: Vec::new(),
            first_build_lookup_404: false,
        }
    }
}

impl Job {
    /// A freestyle job without parameters.
    pub fn freestyle(full_name: &str) -> Self {
        Job {
            full_name: full_name.to_string(),
            ..Job::default()
        }
    }

    /// A Pipeline job without parameters.
    pub fn pipeline(full_name: &str) -> Self {
        Job {
            kind: JobKind::Pipeline,
            ..Job::freestyle(full_name)
        }
    }

    /// A freestyle job with parameter definitions.
    pub fn parameterized(full_name: &str, parameters: Vec<Param>) -> Self {
        Job {
            parameters,
            ..Job::freestyle(full_name)
        }
    }

    /// Marks the job disabled.
    pub fn disabled(mut self) -> Self {
        self.disabled = true;
        self
    }

    /// Sets the remote trigger token.
    pub fn with_remote_token(mut self, token: &str) -> Self {
        self.remote_token = Some(token.to_string());
        self
    }

    /// Sets the default quiet period.
    pub fn with_quiet_period_ms(mut self, ms: u64) -> Self {
        self.quiet_period_ms = ms;
        self
    }

    /// Allows concurrent builds.
    pub fn concurrent(mut self) -> Self {
        self.concurrent = true;
        self
    }

    /// Sets how long builds run.
    pub fn with_duration_ms(mut self, ms: u64) -> Self {
        self.duration_ms = ms;
        self
    }

    /// Sets the result builds end with.
    pub fn with_result(mut self, result: &str) -> Self {
        self.result = result.to_string();
        self
    }

    /// Sets the console text builds write.
    pub fn with_console(mut self, text: &str) -> Self {
        self.console = text.to_string();
        self
    }

    /// Restricts the job to a label.
    pub fn with_label(mut self, label: &str) -> Self {
        self.label = Some(label.to_string());
        self
    }

    /// Sets the number of the job's first build.
    pub fn with_next_build_number(mut self, number: u64) -> Self {
        self.next_build_number = number;
        self
    }

    /// Scripts the answers of `<job>/<n>/api/json` for each build.
    pub fn with_build_json_script(mut self, steps: Vec<BuildJsonStep>) -> Self {
        self.build_json_script = steps;
        self
    }

    /// Makes the first request for each build answer 404.
    pub fn with_first_build_lookup_404(mut self) -> Self {
        self.first_build_lookup_404 = true;
        self
    }

    /// The last path element: the item's own name.
    pub fn name(&self) -> &str {
        self.full_name.rsplit('/').next().unwrap_or("")
    }

    /// Whether the job has parameter definitions.
    pub fn is_parameterized(&self) -> bool {
        !self.parameters.is_empty()
    }

    fn validate(&self) -> io::Result<()> {
        let bad_name = |n: &str| n.is_empty() || n == "." || n == ".." || n.trim() != n;
        if self.full_name.split('/').any(bad_name) {
            return Err(invalid(format!(
                "job full_name {:?} is malformed",
                self.full_name
            )));
        }
        if self.result.is_empty() {
            return Err(invalid(format!("job {:?}: empty result", self.full_name)));
        }
        if self.next_build_number == 0 {
            let message = format!(
                "job {:?}: next_build_number must be 1 or more",
                self.full_name
            );
            return Err(invalid(message));
        }
        if self.label.as_deref().is_some_and(|l| l.trim().is_empty()) {
            return Err(invalid(format!("job {:?}: empty label", self.full_name)));
        }
        for p in &self.parameters {
            if p.kind == ParamKind::Choice && !p.choices.contains(&p.default) {
                return Err(invalid(format!(
                    "choice parameter {} lacks its default",
                    p.name
                )));
            }
        }
        Ok(())
    }
}

/// Type of a parameter definition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamKind {
    /// `StringParameterDefinition`.
    #[default]
    String,
    /// `TextParameterDefinition`.
    Text,
    /// `BooleanParameterDefinition`.
    Boolean,
    /// `ChoiceParameterDefinition`.
    Choice,
    /// `PasswordParameterDefinition`.
    Password,
}

/// A parameter definition of a job.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Param {
    /// Parameter name (case-sensitive).
    pub name: String,
    /// Definition type.
    pub kind: ParamKind,
    /// Default value as text ("true"/"false" for booleans; a JSON bool is accepted too).
    #[serde(deserialize_with = "text_or_bool")]
    pub default: String,
    /// Allowed values of a choice parameter; the first is the default.
    pub choices: Vec<String>,
    /// Description shown in JSON (`null` when absent).
    pub description: Option<String>,
}

impl Param {
    fn of(kind: ParamKind, name: &str, default: &str) -> Self {
        Param {
            name: name.to_string(),
            kind,
            default: default.to_string(),
            ..Param::default()
        }
    }

    /// A string parameter.
    pub fn string(name: &str, default: &str) -> Self {
        Param::of(ParamKind::String, name, default)
    }

    /// A multi-line text parameter.
    pub fn text(name: &str, default: &str) -> Self {
        Param::of(ParamKind::Text, name, default)
    }

    /// A boolean parameter.
    pub fn boolean(name: &str, default: bool) -> Self {
        Param::of(
            ParamKind::Boolean,
            name,
            if default { "true" } else { "false" },
        )
    }

    /// A choice parameter; the first choice is the default.
    pub fn choice(name: &str, choices: &[&str]) -> Self {
        Param {
            choices: choices.iter().map(|c| c.to_string()).collect(),
            ..Param::of(
                ParamKind::Choice,
                name,
                choices.first().copied().unwrap_or(""),
            )
        }
    }

    /// A password parameter.
    pub fn password(name: &str, default: &str) -> Self {
        Param::of(ParamKind::Password, name, default)
    }
}

fn text_or_bool<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrBool {
        Text(String),
        Bool(bool),
    }
    Ok(match TextOrBool::deserialize(d)? {
        TextOrBool::Text(s) => s,
        TextOrBool::Bool(b) => b.to_string(),
    })
}

pub(crate) fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_config_parses_with_its_three_jobs() {
        let config = Config::from_json(include_str!("../demo.json")).unwrap();
        let config = config.validated().unwrap();
        assert_eq!(config.context_path, "/jenkins");
        assert_eq!(
            config.users[0].api_tokens,
            ["11aa22bb33cc44dd55ee66ff77889900"]
        );
        let names: Vec<&str> = config.jobs.iter().map(|j| j.full_name.as_str()).collect();
        assert_eq!(
            names,
            ["Run a script", "team/backend/Deploy Web", "app-param"]
        );
        assert_eq!(config.jobs[2].parameters[1].default, "false");
    }

    #[test]
    fn unknown_keys_are_rejected_and_choice_defaults_to_the_first_choice() {
        assert!(Config::from_json(r#"{"contextpath": "/x"}"#).is_err());
        let text = r#"{"jobs": [{"full_name": "a", "parameters":
            [{"name": "ENV", "kind": "choice", "choices": ["dev", "prod"]}]}]}"#;
        let config = Config::from_json(text).unwrap().validated().unwrap();
        assert_eq!(config.jobs[0].parameters[0].default, "dev");
    }

    #[test]
    fn context_path_is_normalised_and_checked() {
        let ok = Config::default()
            .with_context_path("/ci/")
            .validated()
            .unwrap();
        assert_eq!(ok.context_path, "/ci");
        assert!(Config::default()
            .with_context_path("ci")
            .validated()
            .is_err());
    }

    #[test]
    fn follow_up_keys_parse_and_any_result_text_is_allowed() {
        let text = r#"{"console_mode": "legacy", "cancel_api": "legacy", "executors": 0,
            "labels": ["linux"], "jobs": [{"full_name": "a", "label": "win-x64",
            "next_build_number": 12, "result": "RESULT_X", "first_build_lookup_404": true,
            "console": "\u001b[8mha:AAA=\u001b[0mok\r\n",
            "build_json_script": [{"building": true, "result": null},
                {"building": false, "result": "FAILURE", "in_progress": true}]}]}"#;
        let config = Config::from_json(text).unwrap().validated().unwrap();
        assert_eq!(
            (config.console_mode, config.cancel_api, config.executors),
            (ConsoleMode::Legacy, CancelApi::Legacy, 0)
        );
        let job = &config.jobs[0];
        assert_eq!(job.label.as_deref(), Some("win-x64"));
        assert_eq!(
            (job.next_build_number, job.result.as_str()),
            (12, "RESULT_X")
        );
        assert_eq!(job.console, "\u{1b}[8mha:AAA=\u{1b}[0mok\r\n");
        assert_eq!(
            job.build_json_script,
            [
                BuildJsonStep::new(true, None),
                BuildJsonStep::new(false, Some("FAILURE")).with_in_progress(true)
            ]
        );
    }

    #[test]
    fn build_numbers_labels_and_results_must_not_be_empty() {
        let bad = [
            Job::freestyle("a").with_next_build_number(0),
            Job::freestyle("a").with_label(" "),
            Job::freestyle("a").with_result(""),
        ];
        for job in bad {
            assert!(Config::default().with_job(job).validated().is_err());
        }
        assert!(Config::default().with_label("").validated().is_err());
    }
}
