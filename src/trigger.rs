//! Triggering a build: choosing `build` or `buildWithParameters`, sending the POST exactly
//! once (plus one retry after a stale-crumb 403, which proves nothing was queued) and reading
//! the queue item out of `Location`.

use std::sync::atomic::Ordering;

use reqwest::Url;

use crate::answer::{is_crumb_rejection, status_error, status_note};
use crate::client::{lock, Client, Conn, JobParams, SecretKind};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{Response, JSON_LIMIT};
use crate::job_path::JobPath;
use crate::model::{parse, JobJson, ParameterDefinition};
use crate::params::{check_defined, check_names, form_body};

/// What Jenkins' `/build` says, in a 400, when the job wants the parameter form.
const WANTS_FORM: [&str; 2] = [
    "Nothing is submitted",
    "This page expects a form submission",
];

/// `api/json?tree=property[parameterDefinitions[name,type,choices]]`, encoded.
const PARAMETERS_QUERY: &str =
    "api/json?tree=property%5BparameterDefinitions%5Bname%2Ctype%2Cchoices%5D%5D";

/// How to trigger, beyond the job and its parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TriggerOptions {
    /// Quiet period before the build may start, overriding the job's (sent as
    /// `delay=<n>sec`: a bare number would mean milliseconds to Jenkins).
    pub delay_seconds: Option<u64>,
    /// The job's remote trigger token ("Trigger builds remotely"), sent as `token=`.
    /// It does not replace authentication or the crumb.
    pub token: Option<String>,
}

impl TriggerOptions {
    /// `?delay=<n>sec&token=<t>`, or "" when neither is set.
    fn query(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(seconds) = self.delay_seconds {
            pairs.push(format!("delay={seconds}sec"));
        }
        if let Some(token) = &self.token {
            pairs.push(format!(
                "token={}",
                form_body(&[("", token)]).trim_start_matches('=')
            ));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

/// A build waiting in the Jenkins queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queued {
    /// The queue item id (global, increasing).
    pub queue_id: u64,
    /// `<base url>queue/item/<id>/`, on the client's own base URL whatever host Jenkins named.
    pub queue_url: String,
    /// True when Jenkins folded the request into an identical item already queued (303).
    pub folded: bool,
}

impl Client {
    /// Triggers the job given by full name (`team/backend/Run a script`) or job URL, with
    /// `params` as name/value pairs (empty for none: the job's defaults apply).
    pub fn trigger_build(&self, job: &str, params: &[(&str, &str)]) -> Result<Queued> {
        let path = JobPath::parse(job, &self.base)?;
        self.trigger_job(&path, params)
    }

    /// Triggers the job at `job`; see [`Client::trigger_build`].
    pub fn trigger_job(&self, job: &JobPath, params: &[(&str, &str)]) -> Result<Queued> {
        self.trigger_job_with(job, params, &TriggerOptions::default())
    }

    /// Triggers the job at `job` with a quiet period or remote trigger token.
    pub fn trigger_job_with(
        &self,
        job: &JobPath,
        params: &[(&str, &str)],
        options: &TriggerOptions,
    ) -> Result<Queued> {
        check_names(params)?;
        let token: Vec<String> = options.token.iter().cloned().collect();
        self.call_with_secrets(&token, |conn| self.trigger_with(conn, job, params, options))
    }

    fn trigger_with(
        &self,
        conn: &Conn,
        job: &JobPath,
        params: &[(&str, &str)],
        options: &TriggerOptions,
    ) -> Result<Queued> {
        let known = lock(&self.jobs)?.get(job.relative()).cloned();
        let query = options.query();
        let with_parameters = job.endpoint(&format!("buildWithParameters{query}"));
        // One crumb refresh per trigger, however many POSTs it takes.
        let mut refreshed = false;

        let resp = if !params.is_empty() {
            let cached = matches!(known, Some(JobParams::Plain | JobParams::Defined(_)));
            let defined = self.parameters(conn, job, known)?;
            if let Err(e) = check_defined(job.full_name(), defined.as_deref(), params) {
                if !cached {
                    return Err(e);
                }
                // The job may have changed since its definitions were cached: read them
                // once more before refusing.
                let fresh = self.parameters(conn, job, None)?;
                check_defined(job.full_name(), fresh.as_deref(), params)?;
            }
            self.post(conn, &with_parameters, form_body(params), &mut refreshed)?
        } else if matches!(
            known,
            Some(JobParams::Parameterized | JobParams::Defined(_))
        ) {
            self.post(conn, &with_parameters, String::new(), &mut refreshed)?
        } else {
            let build = job.endpoint(&format!("build{query}"));
            let resp = self.post(conn, &build, String::new(), &mut refreshed)?;
            if resp.status == 400 && wants_form(&resp) {
                // Nothing was queued: the job is parameterized and /build wants its HTML
                // form. buildWithParameters without values runs it with its defaults.
                log::info!(
                    "{} is parameterized; triggering it with its defaults",
                    job.full_name()
                );
                lock(&self.jobs)?.insert(job.relative().to_string(), JobParams::Parameterized);
                self.post(conn, &with_parameters, String::new(), &mut refreshed)?
            } else {
                resp
            }
        };
        self.queued(resp, job, conn)
    }

    /// The job's parameter definitions (None: not parameterized), read once per job.
    fn parameters(
        &self,
        conn: &Conn,
        job: &JobPath,
        known: Option<JobParams>,
    ) -> Result<Option<Vec<ParameterDefinition>>> {
        match known {
            Some(JobParams::Plain) => return Ok(None),
            Some(JobParams::Defined(defs)) => return Ok(Some(defs)),
            _ => {}
        }

        let url = self.base.join(&job.endpoint(PARAMETERS_QUERY));
        let resp = conn
            .transport
            .get(&url, &conn.identity, JSON_LIMIT, conn.deadline())?;
        if resp.status == 404 {
            return Err(job_not_found(&resp, job, &self.base.join(job.relative())));
        }
        if resp.status != 200 {
            let action = format!("reading the parameters of '{}'", job.full_name());
            return Err(status_error(&resp, &action, conn.user.as_deref()));
        }

        let defs = parse::<JobJson>(&resp.body, &url)?.parameters();
        let learnt = defs.clone().map_or(JobParams::Plain, JobParams::Defined);
        lock(&self.jobs)?.insert(job.relative().to_string(), learnt);
        Ok(defs)
    }

    /// POSTs to a job endpoint with the crumb where one is needed. A 403 that rejects the
    /// crumb proves nothing was queued, so it is retried with a fresh crumb, once per
    /// trigger (`refreshed` says whether that happened already).
    pub(crate) fn post(
        &self,
        conn: &Conn,
        endpoint: &str,
        body: String,
        refreshed: &mut bool,
    ) -> Result<Response> {
        let url = self.base.join(endpoint);
        let crumb = match conn.kind {
            Some(SecretKind::ApiToken) => self.crumbs.known()?,
            _ => self.current_crumb(conn)?,
        };

        let resp = self.post_once(conn, &url, crumb.as_ref(), body.clone())?;
        if *refreshed || !is_crumb_rejection(&resp) {
            return Ok(resp);
        }
        *refreshed = true;

        log::info!("{url} refused the crumb; fetching a fresh one and retrying once");
        let fresh = self.refresh_crumb(conn, crumb.as_ref())?;
        self.post_once(conn, &url, fresh.as_ref(), body)
    }

    fn post_once(
        &self,
        conn: &Conn,
        url: &str,
        crumb: Option<&crate::Crumb>,
        body: String,
    ) -> Result<Response> {
        let headers: Vec<(String, String)> = crumb
            .map(|c| (c.field.clone(), c.value.clone()))
            .into_iter()
            .collect();
        // A server quoting the crumb header back must not put it into a message.
        let mut who = conn.identity.clone();
        who.secrets.extend(crumb.map(|c| c.value.clone()));
        conn.transport.post_form(url, &who, &headers, body)
    }

    /// Reads the queue item out of a trigger answer, or says why there is none.
    fn queued(&self, resp: Response, job: &JobPath, conn: &Conn) -> Result<Queued> {
        let name = job.full_name();
        let location = resp.header("location").map(str::to_string);
        let queue_id = location.as_deref().and_then(|l| self.queue_id_in(l));

        match (resp.status, queue_id) {
            (200..=399, Some(queue_id)) => {
                lock(&self.queued_jobs)?.insert(queue_id, job.clone());
                Ok(Queued {
                    queue_id,
                    queue_url: self.base.join(&format!("queue/item/{queue_id}/")),
                    folded: resp.status == 303,
                })
            }
            (300..=399, None) => Err(Error::http(
                ErrorKind::Http,
                resp.status,
                format!(
                    "Jenkins did not queue the build of '{name}' (no queue item returned): \
                     it answered {} redirecting to '{}' instead of naming a queue item. A \
                     plugin refused the build, or Jenkins merged it into an identical build \
                     already queued without saying which; there is nothing to follow",
                    resp.status,
                    location.unwrap_or_default()
                ),
            )),
            (200..=299, None) => Err(Error::http(
                ErrorKind::Protocol,
                resp.status,
                format!(
                    "Jenkins answered {} to the trigger of '{name}' without a Location naming a \
                     queue item{}; the build cannot be followed and may or may not be queued: \
                     check Jenkins before re-running",
                    resp.status,
                    if resp.status == 200 {
                        " (a page instead of 201: a proxy may have turned the POST into a GET)"
                    } else {
                        ""
                    }
                ),
            )),
            (404, _) => Err(job_not_found(&resp, job, &resp.url)),
            (400 | 405 | 409 | 500, _) => Err(trigger_refused(&resp, name)),
            _ => Err(status_error(
                &resp,
                &format!("triggering '{name}'"),
                conn.user.as_deref(),
            )),
        }
    }

    /// The queue id in a `Location`, taking only the path: Jenkins builds the host part from
    /// what a proxy forwarded, which can be wrong.
    fn queue_id_in(&self, location: &str) -> Option<u64> {
        let url = Url::parse(location)
            .or_else(|_| self.base.url().join(location))
            .ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        // `<ctx>/queue/item/<digits>/`, or without the context path when a proxy rewrote
        // the prefix without Jenkins knowing.
        let below = self.base.relative_path(url.path())?;
        let id = below.strip_prefix("queue/item/")?;
        let id = id.strip_suffix('/').unwrap_or(id);
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let id = id.parse().ok()?;

        if !self.base.same_origin(&url) && !self.root_url_warned.swap(true, Ordering::Relaxed) {
            log::warn!(
                "Jenkins named the queue item at {}, not under {}: its root URL or the proxy \
                 in front of it looks misconfigured; continuing on the configured URL",
                url.origin().ascii_serialization(),
                self.base.as_str()
            );
        }
        Some(id)
    }
}

fn wants_form(resp: &Response) -> bool {
    let body = String::from_utf8_lossy(&resp.body);
    WANTS_FORM.iter().any(|m| body.contains(m))
}

fn job_not_found(resp: &Response, job: &JobPath, url: &str) -> Error {
    Error::http(
        ErrorKind::NotFound,
        resp.status,
        format!(
            "no job '{}' at {url} (HTTP 404): check the full name (folders separated by '/', \
             item names rather than display names; a multibranch branch with '/' in its name \
             is written with %2F, as in 'repo/feature%2Fx') and the Jenkins URL's context path",
            job.full_name()
        ),
    )
}

fn trigger_refused(resp: &Response, name: &str) -> Error {
    let advice = match resp.status {
        400 => "Jenkins refused the request as malformed",
        405 => "Jenkins wants a POST here; a proxy may have turned the POST into a GET",
        409 => "the job is disabled or cannot be built now; enable it in Jenkins",
        _ => {
            "Jenkins failed to schedule it: a parameter value may be invalid (a choice not in \
             the list), or the job changed; Jenkins' log has the details"
        }
    };
    Error::http(
        ErrorKind::Http,
        resp.status,
        format!(
            "triggering '{name}' failed{}: {advice}. Nothing was queued",
            status_note(resp)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_id_is_read_only_from_a_queue_item_path() {
        let c = Client::new("http://127.0.0.1:8080/ci/").unwrap();

        assert_eq!(
            c.queue_id_in("http://127.0.0.1:8080/ci/queue/item/11/"),
            Some(11)
        );
        assert_eq!(
            c.queue_id_in("http://jenkins.invalid/ci/queue/item/60/"),
            Some(60)
        );
        assert_eq!(c.queue_id_in("/queue/item/7"), Some(7));
        assert_eq!(
            c.queue_id_in("http://127.0.0.1:8080/ci/queue/item/+5/"),
            None
        );
        assert_eq!(
            c.queue_id_in("http://127.0.0.1:8080/ci/view/queue/item/11/"),
            None
        );
        assert_eq!(c.queue_id_in("file:///etc/queue/item/16/"), None);
        assert_eq!(
            c.queue_id_in("http://127.0.0.1:8080/ci/queue/item/abc/"),
            None
        );
        assert_eq!(c.queue_id_in("http://127.0.0.1:8080/ci/job/app/"), None);
    }
}
