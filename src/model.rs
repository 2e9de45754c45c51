//! The JSON Jenkins answers with, as far as the client reads it.
//!
//! Every field is optional or defaulted: Jenkins omits keys a class does not have (a queue
//! item only has `executable` once it left the queue), plugins add their own, and pipeline
//! placeholder tasks lack `name` and `url`. Unknown keys are ignored.

use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};

/// `GET <root>/crumbIssuer/api/json`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct CrumbJson {
    /// The crumb value (opaque hex).
    pub crumb: Option<String>,
    /// The header (or form field) name to send the crumb under.
    #[serde(rename = "crumbRequestField")]
    pub crumb_request_field: Option<String>,
}

/// `GET <job>/api/json`, the parts that say which parameters a job takes.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct JobJson {
    /// Implementation class, e.g. `hudson.model.FreeStyleProject`.
    #[serde(rename = "_class")]
    pub class: Option<String>,
    /// Whether the job can be built now (false when disabled).
    pub buildable: Option<bool>,
    /// Job properties; the `ParametersDefinitionProperty` one lists the parameters.
    pub property: Vec<JobProperty>,
}

/// One entry of a job's `property` list.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct JobProperty {
    /// Present on `hudson.model.ParametersDefinitionProperty`.
    #[serde(rename = "parameterDefinitions")]
    pub parameter_definitions: Option<Vec<ParameterDefinition>>,
}

/// One parameter a job defines.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ParameterDefinition {
    /// The parameter name, matched case-sensitively by Jenkins.
    pub name: String,
    /// The definition type, e.g. `StringParameterDefinition`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The allowed values of a choice parameter.
    pub choices: Option<Vec<String>>,
}

impl JobJson {
    /// The parameters the job defines; `None` when it is not parameterized.
    pub fn parameters(&self) -> Option<Vec<ParameterDefinition>> {
        let defs: Vec<ParameterDefinition> = self
            .property
            .iter()
            .filter_map(|p| p.parameter_definitions.as_ref())
            .flatten()
            .cloned()
            .collect();
        let parameterized = self
            .property
            .iter()
            .any(|p| p.parameter_definitions.is_some());
        parameterized.then_some(defs)
    }
}

/// `GET <root>/queue/item/<id>/api/json`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct QueueItemJson {
    /// `hudson.model.Queue$WaitingItem`, `$BlockedItem`, `$BuildableItem` or `$LeftItem`.
    #[serde(rename = "_class")]
    pub class: Option<String>,
    /// The queue id.
    pub id: Option<u64>,
    /// Relative URL `queue/item/<id>/`.
    pub url: Option<String>,
    /// Why the item is still waiting (localized human text); null once it left.
    pub why: Option<String>,
    /// Whether the item is stuck (buildable too long, label offline).
    pub stuck: Option<bool>,
    /// Present only on a LeftItem: whether it was cancelled.
    pub cancelled: Option<bool>,
    /// Present only on a LeftItem: the build it started, or null.
    pub executable: Option<ExecutableJson>,
    /// The job; placeholder tasks of pipelines carry only `_class`.
    pub task: Option<TaskJson>,
}

/// The `executable` of a started queue item.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ExecutableJson {
    /// The build number.
    pub number: Option<i64>,
    /// Absolute build URL from Jenkins' configured root (often wrong behind a proxy).
    pub url: Option<String>,
}

/// The `task` of a queue item.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct TaskJson {
    /// Job name, absent for placeholder tasks.
    pub name: Option<String>,
    /// Absolute job URL, absent for placeholder tasks.
    pub url: Option<String>,
}

/// `GET <job>/<n>/api/json`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct BuildJson {
    /// Implementation class, e.g. `hudson.model.FreeStyleBuild`.
    #[serde(rename = "_class")]
    pub class: Option<String>,
    /// The build number.
    pub number: Option<i64>,
    /// Absolute URL from the configured root.
    pub url: Option<String>,
    /// True until the run reaches post-production.
    pub building: Option<bool>,
    /// True during building and post-production (exported since 2.369).
    #[serde(rename = "inProgress")]
    pub in_progress: Option<bool>,
    /// `SUCCESS`, `UNSTABLE`, `FAILURE`, `NOT_BUILT`, `ABORTED` or null.
    pub result: Option<String>,
    /// Milliseconds, 0 until finished.
    pub duration: Option<i64>,
    /// The queue item that produced the build, -1 when unknown.
    #[serde(rename = "queueId")]
    pub queue_id: Option<i64>,
}

/// Parses a JSON body, naming the URL and quoting the start of the body when it is not the
/// JSON expected (an HTML login page with 200, a proxy's error page).
pub fn parse<T: serde::de::DeserializeOwned>(body: &[u8], url: &str) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| {
        Error::http(
            ErrorKind::Protocol,
            200,
            format!(
                "{url} did not answer with the JSON Jenkins gives ({e}); the answer began with \
                 '{}'. Check that the URL is the Jenkins root and no proxy or login page \
                 is in the way",
                crate::http::snippet(body)
            ),
        )
    })
}
