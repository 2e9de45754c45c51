//! Cancelling queued items over HTTP: `queue/cancelItem` in both of its generations and the
//! deprecated `queue/item/<id>/cancelQueue` (jenkins-protocol.md §10.2).

use crate::auth::{Permission, Who};
use crate::config::CancelApi;
use crate::pages;
use crate::queue::Cancel;
use crate::reply::Reply;
use crate::request::Request;
use crate::state::State;
use crate::urls;

/// `POST <ctx>/queue/cancelItem?id=N`.
pub(crate) fn cancel_item(state: &mut State, req: &Request, who: &Who, now: u64) -> Reply {
    if req.method != "POST" {
        return require_post(state, req);
    }
    let id: u64 = match req.param("id").map(str::parse) {
        None => 0,
        Some(Ok(id)) => id,
        Some(Err(_)) => return pages::oops(state.ident(), 500),
    };

    match state.config.cancel_api {
        CancelApi::Modern => modern(state, who, id, now),
        CancelApi::Legacy => legacy(state, req, who, id, now),
    }
}

/// 2.211 and later: 204 when cancelled, else an oops page saying why.
fn modern(state: &mut State, who: &Who, id: u64, now: u64) -> Reply {
    if state.queue.get(id).is_none() {
        return pages::oops(state.ident(), 404);
    }
    if !who.has(&state.config, Permission::JobCancel) {
        return pages::oops(state.ident(), 422);
    }
    match state.queue.cancel(id, now) {
        Some(Cancel::Cancelled) => Reply::new(204),
        _ => pages::oops(state.ident(), 500),
    }
}

/// Before 2.211: cancels what it can and always goes back to the previous page, so the
/// answer proves nothing.
fn legacy(state: &mut State, req: &Request, who: &Who, id: u64, now: u64) -> Reply {
    if who.has(&state.config, Permission::JobCancel) {
        state.queue.cancel(id, now);
    }
    let location = urls::previous_page(&state.config, req, "queue/");
    Reply::new(302).with("Location", &location)
}

/// `POST <ctx>/queue/item/<id>/cancelQueue`: 204 for any item that resolves, cancelled
/// only when the caller may.
pub(crate) fn cancel_queue(
    state: &mut State,
    req: &Request,
    who: &Who,
    id: u64,
    now: u64,
) -> Reply {
    if state.queue.get(id).is_none() {
        return pages::not_found(state.ident());
    }
    if req.method != "POST" {
        return require_post(state, req);
    }

    if who.has(&state.config, Permission::JobCancel) {
        state.queue.cancel(id, now);
    }
    Reply::new(204)
}

fn require_post(state: &State, req: &Request) -> Reply {
    let url = format!("{}{}", urls::request_origin(req), req.target);
    pages::require_post(state.ident(), &url)
}
