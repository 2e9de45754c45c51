//! Following a triggered build: its queue item to the build, the build to its result, its
//! console by offsets, and stopping or cancelling it.
//!
//! The client never asks for `lastBuild` or `nextBuildNumber`: only the queue item names
//! "our" build. Jenkins forgets a started queue item about five minutes after it left the
//! queue; the build is then found by its `queueId` in the job's build list.

use std::thread;
use std::time::{Duration, Instant};

use reqwest::Url;

use crate::answer::{status_error, status_note};
use crate::client::{lock, Client, Conn};
use crate::console::{decode, ConsoleChunk};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{Response, JSON_LIMIT};
use crate::job_path::JobPath;
use crate::model::{parse, BuildJson, QueueItemJson};

/// Longest wait accepted; far beyond any build, and safe from clock arithmetic overflow.
const MAX_WAIT: Duration = Duration::from_secs(30 * 24 * 3600);

/// First pause between polls; doubled up to the client's poll ceiling.
const FIRST_POLL: Duration = Duration::from_millis(200);

/// Polls of a vanished queue item or not-yet-visible build before giving up.
const GONE_POLLS: u32 = 3;

/// Polls of a build that says it stopped but has no result, before calling it broken.
const RESULTLESS_POLLS: u32 = 5;

/// Largest console chunk read at once; Jenkins sends at most 10000 lines per call.
const CONSOLE_LIMIT: usize = 16 << 20;

const QUEUE_TREE: &str =
    "api/json?tree=id,why,stuck,cancelled,executable%5Bnumber%2Curl%5D,task%5Bname%2Curl%5D";
const BUILD_TREE: &str = "api/json?tree=number,url,building,inProgress,result,duration,queueId";
const BUILDS_TREE: &str = "api/json?tree=builds%5Bnumber%2CqueueId%2Curl%5D%7B0%2C100%7D";

/// The build Jenkins started for a queue item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Started {
    /// The build number.
    pub build_number: i64,
    /// `<base url>job/.../<n>/`, on the client's base URL whatever root Jenkins names.
    pub build_url: String,
}

/// How a finished build ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildResult {
    /// `SUCCESS`.
    Success,
    /// `UNSTABLE`: it ran, but tests or quality gates failed.
    Unstable,
    /// `FAILURE`.
    Failure,
    /// `NOT_BUILT`.
    NotBuilt,
    /// `ABORTED`.
    Aborted,
}

impl BuildResult {
    /// Reads Jenkins' result string; None for a value Jenkins does not define.
    pub fn parse(text: &str) -> Option<BuildResult> {
        Some(match text {
            "SUCCESS" => BuildResult::Success,
            "UNSTABLE" => BuildResult::Unstable,
            "FAILURE" => BuildResult::Failure,
            "NOT_BUILT" => BuildResult::NotBuilt,
            "ABORTED" => BuildResult::Aborted,
            _ => return None,
        })
    }

    /// Jenkins' spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            BuildResult::Success => "SUCCESS",
            BuildResult::Unstable => "UNSTABLE",
            BuildResult::Failure => "FAILURE",
            BuildResult::NotBuilt => "NOT_BUILT",
            BuildResult::Aborted => "ABORTED",
        }
    }
}

/// One look at a build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildStatus {
    /// The build number.
    pub number: i64,
    /// True until the build has finished by Jenkins' rule: not building, not in progress
    /// and a result set (a result can appear while later stages still run).
    pub building: bool,
    /// The result once finished; None while building.
    pub result: Option<BuildResult>,
    /// Milliseconds; 0 until finished.
    pub duration_ms: i64,
    /// The build's URL on the client's base URL.
    pub url: String,
}

/// A build named by its job and number.
struct BuildRef {
    job: JobPath,
    number: u64,
}

impl BuildRef {
    fn endpoint(&self, action: &str) -> String {
        self.job.endpoint(&format!("{}/{action}", self.number))
    }
}

impl Client {
    /// Follows a queue item until it has a build, is cancelled (`Cancelled`) or `timeout`
    /// passes (`Timeout`, with Jenkins' last reason for waiting).
    pub fn wait_for_start(&self, queue_id: u64, timeout: Duration) -> Result<Started> {
        check_wait(timeout)?;
        self.call(|conn| {
            let deadline = Instant::now() + timeout;
            let mut poll = Poll::new(conn);
            let mut why: Option<String> = None;
            let mut gone = 0;
            loop {
                let url = self
                    .base
                    .join(&format!("queue/item/{queue_id}/{QUEUE_TREE}"));
                let resp = self
                    .get(conn, &url, JSON_LIMIT, deadline)
                    .map_err(|e| past(e, deadline, || queue_timeout(queue_id, timeout, &why)))?;
                match resp.status {
                    200 => {
                        let item: QueueItemJson = parse(&resp.body, &url)?;
                        if let Some(started) = self.started(queue_id, &item)? {
                            return Ok(started);
                        }
                        if item.cancelled == Some(true) {
                            return Err(cancelled(queue_id, why.as_deref()));
                        }
                        if let Some(reason) = item.why.filter(|w| Some(w) != why.as_ref()) {
                            log::info!("queue item {queue_id}: {reason}");
                            why = Some(reason);
                        }
                    }
                    404 => {
                        gone += 1;
                        if let Some(started) = self.find_by_queue_id(conn, queue_id, deadline)? {
                            return Ok(started);
                        }
                        if gone >= GONE_POLLS {
                            return Err(expired(queue_id, &resp));
                        }
                    }
                    _ => {
                        let action = format!("reading queue item {queue_id}");
                        return Err(status_error(&resp, &action, conn.user.as_deref()));
                    }
                }
                poll.wait(deadline)
                    .map_err(|()| queue_timeout(queue_id, timeout, &why))?;
            }
        })
    }

    /// Reads a build's state once, without waiting.
    pub fn get_build(&self, build_url: &str) -> Result<BuildStatus> {
        let build = self.build_ref(build_url)?;
        self.call(|conn| {
            let deadline = Instant::now() + conn.timeout;
            let status = self.build_status(conn, &build, deadline)?.map(|(s, _)| s);
            status.ok_or_else(|| {
                let url = self.base.join(&build.endpoint(""));
                Error::http(
                    ErrorKind::NotFound,
                    404,
                    format!("no build at {url} (HTTP 404)"),
                )
            })
        })
    }

    /// Polls a build until it finishes or `timeout` passes (`Timeout`). A finished build
    /// is `Ok` whatever its result.
    pub fn wait_for_build(&self, build_url: &str, timeout: Duration) -> Result<BuildStatus> {
        check_wait(timeout)?;
        let build = self.build_ref(build_url)?;
        self.call(|conn| {
            let deadline = Instant::now() + timeout;
            let shown = self.base.join(&build.endpoint(""));
            let mut poll = Poll::new(conn);
            let (mut missing, mut resultless) = (0, 0);
            loop {
                let polled = self.build_status(conn, &build, deadline);
                match polled.map_err(|e| past(e, deadline, || build_timeout(&shown, timeout)))? {
                    Some((status, _)) if !status.building => return Ok(status),
                    // Not building, yet no result: a moment between the end of the run and
                    // its result being recorded, or a broken build record.
                    Some((status, true)) => {
                        resultless += 1;
                        if resultless >= RESULTLESS_POLLS {
                            return Err(resultless_build(&status));
                        }
                    }
                    Some(_) => resultless = 0,
                    // A build the queue just named may not be visible for a moment.
                    None => {
                        missing += 1;
                        if missing >= GONE_POLLS {
                            let url = self.base.join(&build.endpoint(""));
                            let m = format!("no build at {url} (HTTP 404) after {missing} polls");
                            return Err(Error::http(ErrorKind::NotFound, 404, m));
                        }
                    }
                }
                poll.wait(deadline)
                    .map_err(|()| build_timeout(&shown, timeout))?;
            }
        })
    }

    /// Reads the console from byte offset `start`: one chunk of text, the offset to pass
    /// next, and whether the build may still write.
    pub fn read_console(&self, build_url: &str, start: u64) -> Result<ConsoleChunk> {
        let build = self.build_ref(build_url)?;
        self.call(|conn| {
            let endpoint = build.endpoint(&format!("logText/progressiveText?start={start}"));
            let url = self.base.join(&endpoint);
            let deadline = Instant::now() + conn.timeout;
            let resp = self.get(conn, &url, CONSOLE_LIMIT, deadline)?;
            if resp.status != 200 {
                let action = format!(
                    "reading the console of {}",
                    self.base.join(&build.endpoint(""))
                );
                return Err(status_error(&resp, &action, conn.user.as_deref()));
            }

            let size = resp
                .header("x-text-size")
                .and_then(|v| v.trim().parse::<u64>().ok());
            let Some(size) = size else {
                return Err(Error::http(
                    ErrorKind::Protocol,
                    200,
                    format!("{url} answered without a numeric X-Text-Size header"),
                ));
            };
            let more = resp
                .header("x-more-data")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
            // Jenkins treats a start beyond the log as 0 and resends all of it.
            let start = if start > size { 0 } else { start };
            Ok(decode(&resp.body, start, size, more))
        })
    }

    /// Asks Jenkins to abort a running build (POST `.../stop`; the abort itself is
    /// asynchronous). A finished build is left as it is.
    pub fn stop_build(&self, build_url: &str) -> Result<()> {
        let build = self.build_ref(build_url)?;
        self.call(|conn| {
            let resp = self.post(conn, &build.endpoint("stop"), String::new(), &mut false)?;
            match resp.status {
                200..=399 => Ok(()),
                _ => {
                    let action = format!("stopping {}", self.base.join(&build.endpoint("")));
                    Err(status_error(&resp, &action, conn.user.as_deref()))
                }
            }
        })
    }

    /// Cancels a queue item that has not started. Older Jenkins answers every cancel with a
    /// redirect, so a redirect is confirmed by reading the item once.
    pub fn cancel_queue_item(&self, queue_id: u64) -> Result<()> {
        self.call(|conn| {
            let endpoint = format!("queue/cancelItem?id={queue_id}");
            let resp = self.post(conn, &endpoint, String::new(), &mut false)?;
            match resp.status {
                200..=299 => Ok(()),
                300..=399 => self.confirm_cancelled(conn, queue_id),
                404 => Err(Error::http(
                    ErrorKind::NotFound,
                    404,
                    format!(
                        "queue item {queue_id} is not in the queue (it started, was cancelled, \
                         or expired){}",
                        status_note(&resp)
                    ),
                )),
                422 => Err(Error::http(
                    ErrorKind::Forbidden,
                    422,
                    format!(
                        "Jenkins would not cancel queue item {queue_id}{}: the user lacks the \
                         Job/Cancel permission",
                        status_note(&resp)
                    ),
                )),
                500 => Err(Error::http(
                    ErrorKind::Http,
                    500,
                    format!(
                        "Jenkins could not cancel queue item {queue_id}{}: it has already \
                         started or been cancelled",
                        status_note(&resp)
                    ),
                )),
                _ => {
                    let action = format!("cancelling queue item {queue_id}");
                    Err(status_error(&resp, &action, conn.user.as_deref()))
                }
            }
        })
    }

    fn confirm_cancelled(&self, conn: &Conn, queue_id: u64) -> Result<()> {
        let url = self
            .base
            .join(&format!("queue/item/{queue_id}/{QUEUE_TREE}"));
        let resp = self.get(conn, &url, JSON_LIMIT, Instant::now() + conn.timeout)?;
        let item: Option<QueueItemJson> = (resp.status == 200)
            .then(|| parse(&resp.body, &url))
            .transpose()?;
        match item {
            Some(item) if item.cancelled == Some(true) => Ok(()),
            _ => Err(Error::http(
                ErrorKind::Http,
                resp.status,
                format!(
                    "Jenkins answered the cancel of queue item {queue_id} with a redirect, but \
                     the item is not cancelled (HTTP {} reading it back): it may have started",
                    resp.status
                ),
            )),
        }
    }

    /// The build of a queue item that has one, remembering the item's job on the way.
    fn started(&self, queue_id: u64, item: &QueueItemJson) -> Result<Option<Started>> {
        let task_job = item
            .task
            .as_ref()
            .and_then(|t| t.url.as_deref())
            .and_then(|u| self.job_of(u));
        if let Some(job) = &task_job {
            lock(&self.queued_jobs)?.insert(queue_id, job.clone());
        }

        let Some(exe) = &item.executable else {
            return Ok(None);
        };
        let Some(number) = exe.number else {
            return Ok(None);
        };
        let job = exe
            .url
            .as_deref()
            .and_then(|u| self.build_ref_of(u))
            .map(|b| b.job)
            .or(task_job)
            .or_else(|| lock(&self.queued_jobs).ok()?.get(&queue_id).cloned());
        let Some(job) = job else {
            return Err(Error::http(
                ErrorKind::Protocol,
                200,
                format!("queue item {queue_id} started build #{number} but names no job URL"),
            ));
        };
        Ok(Some(Started {
            build_number: number,
            build_url: self.base.join(&job.endpoint(&format!("{number}/"))),
        }))
    }

    /// Looks a build up by its `queueId` in the job's newest builds, for a queue item
    /// Jenkins has forgotten.
    fn find_by_queue_id(
        &self,
        conn: &Conn,
        queue_id: u64,
        deadline: Instant,
    ) -> Result<Option<Started>> {
        let Some(job) = lock(&self.queued_jobs)?.get(&queue_id).cloned() else {
            return Ok(None);
        };
        let url = self.base.join(&job.endpoint(BUILDS_TREE));
        let resp = self.get(conn, &url, JSON_LIMIT, deadline)?;
        if resp.status != 200 {
            let action = format!("listing the builds of '{}'", job.full_name());
            return Err(status_error(&resp, &action, conn.user.as_deref()));
        }

        #[derive(serde::Deserialize)]
        struct Builds {
            #[serde(default)]
            builds: Vec<BuildJson>,
        }
        let builds: Builds = parse(&resp.body, &url)?;
        let found = builds
            .builds
            .iter()
            .find(|b| b.queue_id == Some(queue_id as i64));
        Ok(found.and_then(|b| b.number).map(|number| Started {
            build_number: number,
            build_url: self.base.join(&job.endpoint(&format!("{number}/"))),
        }))
    }

    /// One GET of a build's JSON, and whether it claims to have stopped without a result;
    /// None on 404.
    fn build_status(
        &self,
        conn: &Conn,
        build: &BuildRef,
        deadline: Instant,
    ) -> Result<Option<(BuildStatus, bool)>> {
        let url = self.base.join(&build.endpoint(BUILD_TREE));
        let resp = self.get(conn, &url, JSON_LIMIT, deadline)?;
        match resp.status {
            200 => {}
            404 => return Ok(None),
            _ => {
                let action = format!("reading the build {}", self.base.join(&build.endpoint("")));
                return Err(status_error(&resp, &action, conn.user.as_deref()));
            }
        }

        let json: BuildJson = parse(&resp.body, &url)?;
        let result = match json.result.as_deref() {
            None => None,
            Some(text) => Some(BuildResult::parse(text).ok_or_else(|| {
                Error::http(
                    ErrorKind::Protocol,
                    200,
                    format!(
                        "{url} gave the result '{}', which Jenkins does not define; expected \
                         SUCCESS, UNSTABLE, FAILURE, NOT_BUILT or ABORTED",
                        text.escape_debug()
                    ),
                )
            })?),
        };
        let stopped = json.building == Some(false) && json.in_progress != Some(true);
        let finished = stopped && result.is_some();
        let status = BuildStatus {
            number: json.number.unwrap_or(build.number as i64),
            building: !finished,
            result: if finished { result } else { None },
            duration_ms: json.duration.unwrap_or(0),
            url: self.base.join(&build.endpoint("")),
        };
        Ok(Some((status, stopped && result.is_none())))
    }

    /// A GET that also watches for a Jenkins restart. Each attempt ends within the client's
    /// timeout; failed attempts are retried until `deadline`, the wait's own.
    fn get(&self, conn: &Conn, url: &str, limit: usize, deadline: Instant) -> Result<Response> {
        let resp = conn.transport.get(url, &conn.identity, limit, deadline)?;
        self.observe(&resp)?;
        Ok(resp)
    }

    fn build_ref(&self, build_url: &str) -> Result<BuildRef> {
        self.build_ref_of(build_url).ok_or_else(|| {
            Error::invalid(format!(
                "'{}' is not a build URL (<jenkins>/job/<name>[/job/<name>...]/<number>/)",
                if build_url.contains('@') {
                    "(not shown: it contains '@')"
                } else {
                    build_url
                }
            ))
        })
    }

    /// The job and number of a build URL, taking only its path below the context path:
    /// Jenkins' own URLs name its configured root, which may be wrong.
    fn build_ref_of(&self, build_url: &str) -> Option<BuildRef> {
        let url = Url::parse(build_url).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let below = self.base.relative_path(url.path())?.trim_end_matches('/');
        let (job, number) = below.rsplit_once('/')?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(BuildRef {
            job: JobPath::from_relative(job)?,
            number: number.parse().ok()?,
        })
    }

    fn job_of(&self, job_url: &str) -> Option<JobPath> {
        let url = Url::parse(job_url).ok()?;
        JobPath::from_relative(self.base.relative_path(url.path())?)
    }
}

/// Polling that starts fast and backs off to the client's ceiling.
struct Poll {
    next: Duration,
    ceiling: Duration,
    /// Whether the poll just made was the one at the deadline.
    last: bool,
}

impl Poll {
    fn new(conn: &Conn) -> Poll {
        Poll {
            next: FIRST_POLL.min(conn.poll_ceiling),
            ceiling: conn.poll_ceiling,
            last: false,
        }
    }

    /// Sleeps until the next poll; Err once the deadline has passed. The last poll falls on
    /// the deadline itself; its request still gets the whole request timeout.
    fn wait(&mut self, deadline: Instant) -> std::result::Result<(), ()> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || self.last {
            return Err(());
        }
        self.last = left <= self.next;
        thread::sleep(self.next.min(left));
        self.next = (self.next * 2).min(self.ceiling);
        Ok(())
    }
}

fn check_wait(timeout: Duration) -> Result<()> {
    if timeout > MAX_WAIT {
        return Err(Error::invalid(format!(
            "the wait of {} s is longer than 30 days; give a shorter timeout",
            timeout.as_secs()
        )));
    }
    Ok(())
}

/// A request that failed because the wait's deadline cut it short is the wait's timeout,
/// told in the wait's words.
fn past(e: Error, deadline: Instant, timed_out: impl FnOnce() -> Error) -> Error {
    if e.kind() == ErrorKind::Timeout && Instant::now() >= deadline {
        timed_out()
    } else {
        e
    }
}

fn build_timeout(build_url: &str, timeout: Duration) -> Error {
    Error::new(
        ErrorKind::Timeout,
        format!(
            "the build {build_url} had not finished after {} s; it is still running in \
             Jenkins (stop it if it should not)",
            timeout.as_secs_f32()
        ),
    )
}

fn cancelled(queue_id: u64, why: Option<&str>) -> Error {
    let last = why
        .map(|w| format!(" (it was waiting: {w})"))
        .unwrap_or_default();
    Error::new(
        ErrorKind::Cancelled,
        format!("queue item {queue_id} was cancelled in Jenkins before it started{last}"),
    )
}

fn expired(queue_id: u64, resp: &Response) -> Error {
    Error::http(
        ErrorKind::NotFound,
        resp.status,
        format!(
            "queue item {queue_id} expired (Jenkins forgets items five minutes after they \
             leave the queue) and no build with queueId {queue_id} was found among the job's \
             newest builds"
        ),
    )
}

fn queue_timeout(queue_id: u64, timeout: Duration, why: &Option<String>) -> Error {
    let reason = match why {
        Some(w) => format!("; Jenkins says: {w}"),
        None => String::new(),
    };
    Error::new(
        ErrorKind::Timeout,
        format!(
            "queue item {queue_id} did not start within {} s{reason}. It is still queued: \
             cancel it if it should not run",
            timeout.as_secs_f32()
        ),
    )
}

fn resultless_build(status: &BuildStatus) -> Error {
    Error::http(
        ErrorKind::Protocol,
        200,
        format!(
            "{} says it is neither building nor in progress but has no result, poll after \
             poll; its outcome is unknown",
            status.url
        ),
    )
}
