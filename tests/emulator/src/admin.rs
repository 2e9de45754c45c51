//! The emulator's own control endpoints under `/__emulator/` (outside the context path,
//! never recorded), for tests that drive the binary over HTTP.

use crate::builds::Plan;
use crate::config::TriggerMode;
use crate::reply::Reply;
use crate::request::Request;
use crate::server::Shared;

/// `GET requests`, `POST clear`, `POST restart`, `POST trigger-mode?mode=…`,
/// `POST crumb-issuer-fault?status=…` (no status: back to normal), and the fault and queue
/// hooks of [`faults`] and [`queue`].
pub(crate) fn handle(shared: &Shared, req: &Request) -> Reply {
    let action = req.path.trim_start_matches("/__emulator/");
    if let Some(reply) = faults(shared, req, action).or_else(|| queue(shared, req, action)) {
        return reply;
    }
    match (req.method.as_str(), action) {
        ("GET", "requests") => Reply::new(200)
            .with("Content-Type", "application/json;charset=UTF-8")
            .body(shared.log.to_json()),
        ("POST", "clear") => {
            shared.log.clear();
            Reply::new(204)
        }
        ("POST", "restart") => {
            shared.state().restart();
            Reply::new(204)
        }
        ("POST", "trigger-mode") => match req.param("mode").and_then(trigger_mode) {
            Some(mode) => {
                shared.state().trigger_mode = mode;
                Reply::new(204)
            }
            None => plain(400, "mode must be normal, refused, no_location or folded\n"),
        },
        ("POST", "crumb-issuer-fault") => {
            let status = req.param("status").filter(|s| !s.is_empty());
            match status.map(str::parse::<u16>) {
                None => shared.state().crumb_fault = None,
                Some(Ok(code)) if (100..600).contains(&code) => {
                    shared.state().crumb_fault = Some(code)
                }
                Some(_) => return plain(400, "status must be an HTTP status code\n"),
            }
            Reply::new(204)
        }
        _ => plain(404, "unknown emulator endpoint\n"),
    }
}

/// `POST hang?prefix=…&count=…`, `POST status-fault?status=…&prefix=…&count=…` (count
/// defaults to 1, 0 switches off) and `POST unauthorized-after?n=…` (no n: off).
fn faults(shared: &Shared, req: &Request, action: &str) -> Option<Reply> {
    if req.method != "POST" {
        return None;
    }
    let prefix = req.param("prefix").map(str::to_string);
    let count = number(req, "count", 1);

    let reply = match (action, count) {
        ("hang" | "status-fault", Err(())) => plain(400, "count must be a number\n"),
        ("hang", Ok(count)) => {
            shared.state().faults.set_hang(prefix, count);
            Reply::new(204)
        }
        ("status-fault", Ok(count)) => match req.param("status").map(str::parse::<u16>) {
            Some(Ok(code)) if (100..600).contains(&code) => {
                shared.state().faults.set_status(prefix, code, count);
                Reply::new(204)
            }
            _ => plain(400, "status must be an HTTP status code\n"),
        },
        ("unauthorized-after", _) => match req.param("n").map(str::parse::<usize>) {
            None => {
                shared.state().faults.set_unauthorized_after(None);
                Reply::new(204)
            }
            Some(Ok(n)) => {
                shared.state().faults.set_unauthorized_after(Some(n));
                Reply::new(204)
            }
            Some(Err(_)) => plain(400, "n must be a number\n"),
        },
        _ => return None,
    };
    Some(reply)
}

/// `POST start-build?id=…` (200 `{"number":N}`), `POST expire-left-items`,
/// `POST foreign-build?job=…&result=…&duration_ms=…` (200 `{"queue_id":Q,"number":N}`)
/// and `POST cancel-queue-item?id=…` (204); 404 when the item or job does not exist.
fn queue(shared: &Shared, req: &Request, action: &str) -> Option<Reply> {
    if req.method != "POST" {
        return None;
    }
    let now = crate::clock::now_ms();
    let id = number(req, "id", 0)
        .ok()
        .and_then(|n| u64::try_from(n).ok());

    let reply = match action {
        "start-build" => match id.and_then(|id| shared.state().start_now(id, now)) {
            Some(n) => json(format!("{{\"number\":{n}}}")),
            None => plain(404, "no such queued item\n"),
        },
        "expire-left-items" => {
            shared.state().expire_left_items(now);
            Reply::new(204)
        }
        "foreign-build" => {
            let job = req.param("job").unwrap_or("");
            let result = req.param("result").unwrap_or("SUCCESS");
            let Ok(duration) = number(req, "duration_ms", 1000) else {
                return Some(plain(400, "duration_ms must be a number\n"));
            };
            let plan = Plan {
                duration_ms: u64::try_from(duration).unwrap_or(u64::MAX),
                result: result.to_string(),
            };
            match shared.state().add_foreign_build(job, plan, now) {
                Some((q, n)) => json(format!("{{\"queue_id\":{q},\"number\":{n}}}")),
                None => plain(404, "no such job\n"),
            }
        }
        "cancel-queue-item" => match id {
            Some(id) if shared.state().cancel_queue_item(id, now) => Reply::new(204),
            _ => plain(404, "no such queued item\n"),
        },
        _ => return None,
    };
    Some(reply)
}

/// A numeric parameter, `default` when absent.
fn number(req: &Request, name: &str, default: usize) -> Result<usize, ()> {
    match req.param(name) {
        None => Ok(default),
        Some(raw) => raw.parse().map_err(|_| ()),
    }
}

fn json(text: String) -> Reply {
    Reply::new(200)
        .with("Content-Type", "application/json;charset=UTF-8")
        .body(text)
}

fn trigger_mode(name: &str) -> Option<TriggerMode> {
    match name.replace('-', "_").as_str() {
        "normal" => Some(TriggerMode::Normal),
        "refused" => Some(TriggerMode::Refused),
        "no_location" => Some(TriggerMode::NoLocation),
        "folded" => Some(TriggerMode::Folded),
        _ => None,
    }
}

fn plain(status: u16, text: &str) -> Reply {
    Reply::new(status)
        .with("Content-Type", "text/plain;charset=UTF-8")
        .body(text)
}
