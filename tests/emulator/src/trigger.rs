//! `<job>/build` and `<job>/buildWithParameters`, with Jenkins' order of checks
//! (jenkins-protocol.md §3.1 and §4.1) and its three answers: 201, 303 (folded) and 302.

use crate::actions::{Cause, ParamValue};
use crate::auth::{same, Permission, Who};
use crate::config::{Job, ParamKind, TriggerMode};
use crate::pages;
use crate::queue::Scheduled;
use crate::reply::Reply;
use crate::request::Request;
use crate::state::State;
use crate::urls::{redirect_url, request_origin};

/// The job a trigger is aimed at.
pub(crate) struct Target<'a> {
    /// Index into `Config::jobs`.
    pub index: usize,
    /// The job's URL path as the request spelled it, relative to the context path
    /// (`job/a/job/b/`): where a refused or form-folded trigger redirects to.
    pub page: &'a str,
}

/// What scheduling came to, after the trigger mode had its say.
enum Outcome {
    Refused,
    Created(u64),
    Folded(u64),
}

/// `TimeDuration.fromString`: a `sec`/`secs` suffix means seconds, otherwise milliseconds;
/// Jenkins then keeps whole seconds. Returns the quiet period in milliseconds.
pub(crate) fn parse_delay(raw: Option<&str>) -> Result<Option<i64>, String> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let trimmed = raw.trim();
    let (number, unit) = if trimmed.ends_with("sec") || trimmed.ends_with("secs") {
        let cut = trimmed.rfind("sec").unwrap_or(trimmed.len());
        (trimmed[..cut].trim(), 1000)
    } else {
        (trimmed, 1)
    };
    let value: i64 = number
        .parse()
        .map_err(|_| format!("Invalid time duration value: {raw}"))?;
    let ms = value.saturating_mul(unit);
    Ok(Some(ms / 1000 * 1000))
}

/// `POST <job>/build`.
pub(crate) fn build(
    state: &mut State,
    req: &Request,
    who: &Who,
    target: Target,
    now: u64,
) -> Reply {
    let Ok(delay) = parse_delay(req.param("delay")) else {
        return pages::oops(state.ident(), 500);
    };
    let job = state.config.jobs[target.index].clone();

    if job.disabled {
        return pages::container_error(req, 409, &format!("{} is not buildable", job.full_name));
    }
    if job.is_parameterized() && req.method != "POST" {
        return pages::parameters_form(state.ident(), &job);
    }
    let remote = match permit(state, req, who, &job) {
        Ok(remote) => remote,
        Err(reply) => return reply,
    };

    if job.is_parameterized() {
        return build_from_form(state, req, who, &job, target, delay, now);
    }
    let due = due_time(now, delay, &job);
    let outcome = schedule(state, target.index, None, cause(req, who, remote), due, now);
    respond(state, req, outcome, &target, 201)
}

/// `POST <job>/buildWithParameters`.
pub(crate) fn build_with_parameters(
    state: &mut State,
    req: &Request,
    who: &Who,
    target: Target,
    now: u64,
) -> Reply {
    let Ok(delay) = parse_delay(req.param("delay")) else {
        return pages::oops(state.ident(), 500);
    };
    let job = state.config.jobs[target.index].clone();

    let remote = match permit(state, req, who, &job) {
        Ok(remote) => remote,
        Err(reply) => return reply,
    };
    if job.disabled {
        return pages::container_error(req, 409, &format!("{} is not buildable", job.full_name));
    }
    if !job.is_parameterized() {
        let message = format!("{} is not parameterized", job.full_name);
        return pages::container_error(req, 400, &message);
    }

    let mut values = Vec::new();
    for def in &job.parameters {
        let value = match req.form_values(&def.name).as_slice() {
            [] => Ok(ParamValue::default_of(def)),
            [one] => ParamValue::from_text(def, one),
            many => Err(format!(
                "Illegal number of parameter values for {}: {}",
                def.name,
                many.len()
            )),
        };
        match value {
            Ok(v) => values.push(v),
            Err(_) => return pages::oops(state.ident(), 500),
        }
    }

    let due = due_time(now, delay, &job);
    let outcome = schedule(
        state,
        target.index,
        Some(values),
        cause(req, who, remote),
        due,
        now,
    );
    respond(state, req, outcome, &target, 303)
}

/// Token, Job/Build and POST checks (`BuildAuthorizationToken.checkPermission`): a matching
/// job token skips the other two and tells the caller to record a remote cause.
fn permit(state: &State, req: &Request, who: &Who, job: &Job) -> Result<bool, Reply> {
    let ident = state.ident();
    let ctx = &state.config.context_path;
    if let (Some(expected), Some(given)) = (&job.remote_token, req.param("token")) {
        if same(given, expected) {
            return Ok(true);
        }
        return Err(match who {
            Who::Anonymous => pages::login_redirect(ident, ctx, req, None),
            Who::User { name, .. } => {
                pages::access_denied(ident, name, None, "Invalid token provided.")
            }
        });
    }

    if !who.has(&state.config, Permission::JobBuild) {
        return Err(pages::denied(ident, ctx, req, who, Permission::JobBuild));
    }
    if req.method != "POST" {
        let url = format!("{}{}", request_origin(req), req.target);
        return Err(pages::require_post(ident, &url));
    }
    Ok(false)
}

/// `ParametersDefinitionProperty._doBuild`: the browser form's `json` field, values taken
/// as given (no defaults), and the "create only" scheduling that answers 302 when folded.
fn build_from_form(
    state: &mut State,
    req: &Request,
    who: &Who,
    job: &Job,
    target: Target,
    delay: Option<i64>,
    now: u64,
) -> Reply {
    let Some(text) = req.form_values("json").first().copied() else {
        let message = if req.has_params() {
            "This page expects a form submission"
        } else {
            "Nothing is submitted"
        };
        return pages::container_error(req, 400, message);
    };
    let Ok((values, status)) = form_values(job, text) else {
        return pages::oops(state.ident(), 500);
    };

    let due = due_time(now, delay, job);
    let outcome = schedule(
        state,
        target.index,
        Some(values),
        cause(req, who, false),
        due,
        now,
    );
    match outcome {
        Outcome::Created(id) => created(state, req, status, id),
        Outcome::Folded(_) | Outcome::Refused => job_page(state, req, &target),
    }
}

/// Reads `{"parameter":[{"name":…,"value":…}],"statusCode":…}`; an unknown name, a bad
/// choice or malformed JSON is an uncaught exception in Jenkins.
fn form_values(job: &Job, text: &str) -> Result<(Vec<ParamValue>, u16), String> {
    let form: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let entries = match form.get("parameter") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
    };

    let mut values = Vec::new();
    for entry in &entries {
        let name = entry
            .get("name")
            .and_then(|n| n.as_str())
            .ok_or("parameter without name")?;
        let def = job
            .parameters
            .iter()
            .find(|d| d.name == name)
            .ok_or_else(|| format!("No such parameter definition: {name}"))?;
        let text = match entry.get("value") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None if def.kind == ParamKind::Boolean => {
                "false".to_string()
            }
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        values.push(ParamValue::from_text(def, &text)?);
    }

    let status = form
        .get("statusCode")
        .and_then(|s| s.as_u64())
        .unwrap_or(201);
    Ok((values, u16::try_from(status).unwrap_or(201)))
}

fn due_time(now: u64, delay: Option<i64>, job: &Job) -> u64 {
    let quiet = delay.unwrap_or(i64::try_from(job.quiet_period_ms).unwrap_or(i64::MAX));
    let now = i64::try_from(now).unwrap_or(i64::MAX);
    u64::try_from(now.saturating_add(quiet)).unwrap_or(0)
}

/// `RemoteCause` when the job token was used, else `UserIdCause` of the caller.
fn cause(req: &Request, who: &Who, remote: bool) -> Cause {
    if remote {
        return Cause::Remote {
            addr: req.peer.ip().to_string(),
            note: req.param("cause").map(str::to_string),
        };
    }
    Cause::UserId {
        id: match who {
            Who::Anonymous => None,
            Who::User { name, .. } => Some(name.clone()),
        },
        name: who.name().to_string(),
    }
}

fn schedule(
    state: &mut State,
    job: usize,
    params: Option<Vec<ParamValue>>,
    cause: Cause,
    due: u64,
    now: u64,
) -> Outcome {
    if state.trigger_mode == TriggerMode::Refused {
        return Outcome::Refused;
    }
    match (
        state.queue.schedule(job, params, cause, due, now),
        state.trigger_mode,
    ) {
        (Scheduled::Created(id), TriggerMode::Folded) | (Scheduled::Folded(id), _) => {
            Outcome::Folded(id)
        }
        (Scheduled::Created(id), _) => Outcome::Created(id),
    }
}

fn respond(state: &State, req: &Request, outcome: Outcome, target: &Target, folded: u16) -> Reply {
    match outcome {
        Outcome::Refused => job_page(state, req, target),
        Outcome::Created(id) => created(state, req, 201, id),
        Outcome::Folded(id) => created(state, req, folded, id),
    }
}

/// The queue-item redirect: empty body, no `X-Jenkins` headers.
fn created(state: &State, req: &Request, status: u16, id: u64) -> Reply {
    if state.trigger_mode == TriggerMode::NoLocation {
        return Reply::new(201);
    }
    let location = redirect_url(&state.config, req, &format!("queue/item/{id}/"));
    Reply::new(status).with("Location", &location)
}

fn job_page(state: &State, req: &Request, target: &Target) -> Reply {
    Reply::new(302).with("Location", &redirect_url(&state.config, req, target.page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Param;

    #[test]
    fn delay_without_unit_is_milliseconds_truncated_to_seconds() {
        assert_eq!(parse_delay(Some("5")), Ok(Some(0)));
        assert_eq!(parse_delay(Some("1500")), Ok(Some(1000)));
        assert_eq!(parse_delay(None), Ok(None));
    }

    #[test]
    fn delay_with_sec_or_secs_is_seconds() {
        assert_eq!(parse_delay(Some("0sec")), Ok(Some(0)));
        assert_eq!(parse_delay(Some("5sec")), Ok(Some(5000)));
        assert_eq!(parse_delay(Some(" 30 secs ")), Ok(Some(30_000)));
        assert_eq!(parse_delay(Some("+2sec")), Ok(Some(2000)));
        assert_eq!(parse_delay(Some("-3sec")), Ok(Some(-3000)));
    }

    #[test]
    fn malformed_delay_is_an_error() {
        assert!(parse_delay(Some("")).is_err());
        assert!(parse_delay(Some("5s")).is_err());
        assert!(parse_delay(Some("1.5sec")).is_err());
        assert!(parse_delay(Some("sec")).is_err());
    }

    #[test]
    fn negative_delay_is_due_at_once() {
        let job = Job::freestyle("a");
        assert_eq!(due_time(10_000, Some(-3000), &job), 7000);
        assert_eq!(due_time(10_000, None, &job), 11_000);
    }

    #[test]
    fn form_json_takes_listed_values_only_and_rejects_unknown_names() {
        let job = Job::parameterized(
            "p",
            vec![
                Param::string("VERSION", "1.0"),
                Param::boolean("DRY_RUN", false),
            ],
        );
        let (values, status) = form_values(
            &job,
            r#"{"parameter":{"name":"DRY_RUN","value":true},"statusCode":303}"#,
        )
        .unwrap();
        assert_eq!(values.len(), 1);
        assert_eq!(values[0].value, crate::actions::Value::Bool(true));
        assert_eq!(status, 303);
        let err = form_values(&job, r#"{"parameter":[{"name":"VERISON","value":"2"}]}"#);
        assert_eq!(
            err,
            Err("No such parameter definition: VERISON".to_string())
        );
        assert!(form_values(&job, "{not json").is_err());
    }
}
