//! The emulator's own control endpoints under `/__emulator/` (outside the context path,
//! never recorded), for tests that drive the binary over HTTP.

use crate::config::TriggerMode;
use crate::reply::Reply;
use crate::request::Request;
use crate::server::Shared;

/// `GET requests`, `POST clear`, `POST restart`, `POST trigger-mode?mode=…`,
/// `POST crumb-issuer-fault?status=…` (no status: back to normal).
pub(crate) fn handle(shared: &Shared, req: &Request) -> Reply {
    let action = req.path.trim_start_matches("/__emulator/");
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
