//! The request pipeline (jenkins-protocol.md §1.1) and URL dispatch below the context path.

use crate::api::{self, View};
use crate::auth::{self, Permission, Who};
use crate::cancel;
use crate::config::CsrfMode;
use crate::csrf;
use crate::items::{Item, Node};
use crate::json::{self, Json};
use crate::pages;
use crate::reply::Reply;
use crate::request::Request;
use crate::runs::{self, RunTarget};
use crate::state::State;
use crate::trigger::{self, Target};
use crate::urls;

/// Root paths Jenkins serves without Overall/Read (`ALWAYS_READABLE_PATHS`, abridged).
const ALWAYS_READABLE: [&str; 7] = [
    "login",
    "logout",
    "404",
    "oops",
    "securityRealm",
    "signup",
    "adjuncts",
];

/// Answers one request: container checks, then the filter chain (semicolons,
/// authentication, crumb), then Overall/Read, then the object the URL names.
pub(crate) fn handle(state: &mut State, req: &Request, now: u64) -> Reply {
    let ctx = state.config.context_path.clone();
    let Some(rest) = req.path.strip_prefix(ctx.as_str()) else {
        return pages::container_error(req, 404, "Not Found");
    };
    if rest.is_empty() {
        // Jetty redirects the bare context path to the context root.
        let location = format!("{}{ctx}/", urls::request_origin(req));
        return Reply::new(302).with("Location", &location);
    }
    if !rest.starts_with('/') {
        return pages::container_error(req, 404, "Not Found");
    }

    if req.path.contains(';') {
        let message = "Semicolons are not allowed in the request URI";
        return pages::container_error(req, 400, message);
    }
    let Ok(who) = auth::authenticate(&state.config.users, req) else {
        return pages::unauthorized(req);
    };
    let session = state.sessions.current(req, now);
    if req.method == "POST" {
        let (config, session) = (&state.config, session.as_deref());
        if !csrf::post_allowed(
            config.csrf,
            &config.crumb_field,
            &state.salt,
            &who,
            session,
            req,
        ) {
            let message = "No valid crumb was included in the request";
            return pages::container_error(req, 403, message);
        }
    }

    let mut segments: Vec<&str> = rest[1..].split('/').collect();
    if segments.last() == Some(&"") {
        segments.pop();
    }
    let exempt = segments
        .first()
        .is_some_and(|s| ALWAYS_READABLE.contains(s));
    if !exempt && !who.can_read(&state.config) {
        return pages::denied(state.ident(), &ctx, req, &who, Permission::OverallRead);
    }

    state.advance(now);
    match segments.as_slice() {
        [] => pages::simple_page(state.ident(), "Dashboard"),
        ["api", "json"] => api_reply(state, req, now, |v, _| v.root_doc()),
        ["login"] => pages::simple_page(state.ident(), "Sign in"),
        ["crumbIssuer", "api", "json"] => crumb_issuer(state, req, &who, session, now),
        ["queue", ..] => queue(state, req, &who, &segments[1..], now),
        ["job", ..] => job(state, req, &who, &segments, now),
        _ => pages::not_found(state.ident()),
    }
}

/// Serves an `/api/json` document, honouring `tree` (which also lifts the depth limit, so
/// documents are built in full when one is given) and `pretty`.
pub(crate) fn api_reply(
    state: &State,
    req: &Request,
    now: u64,
    doc: impl FnOnce(&View, bool) -> Json,
) -> Reply {
    let tree = match req.param("tree").map(json::parse_tree) {
        Some(Err(_)) => return pages::oops(state.ident(), 500),
        Some(Ok(tree)) => Some(tree),
        None => None,
    };
    let root = urls::root_url(&state.config, req);
    let view = View {
        state,
        root: &root,
        now,
    };

    let full = doc(&view, tree.is_some());
    let shown = match &tree {
        Some(tree) => json::prune(&full, tree),
        None => full,
    };
    Reply::api_json(state.ident(), &shown, req.param("pretty").is_some())
}

/// `GET <ctx>/crumbIssuer/api/json`: fetching a crumb starts a session in session mode.
fn crumb_issuer(
    state: &mut State,
    req: &Request,
    who: &Who,
    session: Option<String>,
    now: u64,
) -> Reply {
    if state.config.csrf == CsrfMode::Off {
        return pages::not_found(state.ident());
    }
    if let Some(status) = state.crumb_fault {
        return pages::container_error(req, status, pages::reason(status));
    }

    let mut set_cookie = None;
    let session = match (state.config.csrf, session) {
        (CsrfMode::Session, None) => {
            let (id, cookie) = state.sessions.create(now, &state.config.context_path);
            set_cookie = Some(cookie);
            Some(id)
        }
        (CsrfMode::Session, Some(id)) => Some(id),
        _ => None,
    };
    let crumb = csrf::crumb(&state.salt, who.name(), session.as_deref());
    let doc = api::crumb(&crumb, &state.config.crumb_field);

    let reply = Reply::api_json(state.ident(), &doc, false);
    match set_cookie {
        Some(cookie) => reply.with("Set-Cookie", &cookie),
        None => reply,
    }
}

/// `<ctx>/queue/…`: the queue document, items, and cancelling.
fn queue(state: &mut State, req: &Request, who: &Who, rest: &[&str], now: u64) -> Reply {
    let item_id = |raw: &str| raw.parse::<u64>().ok();
    match rest {
        ["api", "json"] => api_reply(state, req, now, |v, _| v.queue()),
        ["item", id, "api", "json"] => {
            let state: &State = state;
            match item_id(id).and_then(|id| state.queue.get(id)) {
                Some(item) => api_reply(state, req, now, |v, _| v.queue_item(item)),
                None => pages::not_found(state.ident()),
            }
        }
        ["item", id, "cancelQueue"] => match item_id(id) {
            Some(id) => cancel::cancel_queue(state, req, who, id, now),
            None => pages::not_found(state.ident()),
        },
        ["cancelItem"] => cancel::cancel_item(state, req, who, now),
        // Before 2.469 the bare item URL had no index view (what B12 replays).
        _ => pages::not_found(state.ident()),
    }
}

/// `<ctx>/job/…`: folders, jobs, triggers and builds.
fn job(state: &mut State, req: &Request, who: &Who, segments: &[&str], now: u64) -> Reply {
    let (index, used) = {
        let shared: &State = state;
        match shared.items.resolve(segments) {
            Some((Item::Job(index), used)) => (index, used),
            Some((Item::Folder(node), used)) => {
                return folder(shared, req, node, &segments[used..], now);
            }
            _ => return pages::not_found(shared.ident()),
        }
    };
    let rest = &segments[used..];
    let page = format!("{}/", segments[..used].join("/"));

    let target = Target { index, page: &page };
    match rest {
        [] => pages::simple_page(state.ident(), state.config.jobs[index].name()),
        ["api", "json"] => api_reply(state, req, now, |v, full| v.job_doc(index, full)),
        ["build"] => trigger::build(state, req, who, target, now),
        ["buildWithParameters"] => trigger::build_with_parameters(state, req, who, target, now),
        [run, more @ ..] => {
            let target = RunTarget {
                index,
                page: &page,
                run,
            };
            runs::handle(state, req, who, target, more, now)
        }
    }
}

fn folder(state: &State, req: &Request, node: &Node, rest: &[&str], now: u64) -> Reply {
    match rest {
        [] => pages::simple_page(state.ident(), &node.name),
        ["api", "json"] => api_reply(state, req, now, |v, _| v.folder(node)),
        _ => pages::not_found(state.ident()),
    }
}
