//! `<job>/<n>/…` and the permalinks: a build's JSON (scripted when the job says so), its
//! console, and `stop`/`term`/`kill` (jenkins-protocol.md §7, §8 and §10.1).

use crate::auth::{Permission, Who};
use crate::config::JobKind;
use crate::console::{self, Snapshot};
use crate::pages;
use crate::reply::Reply;
use crate::request::Request;
use crate::routes::api_reply;
use crate::state::State;
use crate::urls;

/// A build as a request addresses it.
pub(crate) struct RunTarget<'a> {
    /// Index into `Config::jobs`.
    pub index: usize,
    /// The job's URL path as the request spelled it, relative to the context path.
    pub page: &'a str,
    /// Build number or permalink name, as in the URL.
    pub run: &'a str,
}

/// Answers a request below a build's URL.
pub(crate) fn handle(
    state: &mut State,
    req: &Request,
    who: &Who,
    target: RunTarget,
    rest: &[&str],
    now: u64,
) -> Reply {
    let index = target.index;
    let Some(number) = state.histories[index]
        .lookup(target.run, now)
        .map(|b| b.number)
    else {
        return pages::not_found(state.ident());
    };
    let hide_first = state.config.jobs[index].first_build_lookup_404;
    let Some(build) = state.histories[index].get_mut(number) else {
        return pages::not_found(state.ident());
    };
    let first = !build.looked_up;
    build.looked_up = true;
    if hide_first && first {
        return pages::not_found(state.ident());
    }

    let pipeline = state.config.jobs[index].kind == JobKind::Pipeline;
    match rest {
        [] => pages::simple_page(state.ident(), &format!("#{number}")),
        ["api", "json"] => build_json(state, req, index, number, now),
        ["consoleText"] => console::console_text(snapshot(state, index, number, now)),
        ["logText", "progressiveText"] => {
            let log = snapshot(state, index, number, now);
            match console::progressive_text(log, req.param("start"), state.config.console_mode) {
                Ok(reply) => reply,
                Err(_) => pages::oops(state.ident(), 500),
            }
        }
        ["stop"] => stop(state, req, who, &target, number, now),
        ["term" | "kill"] if pipeline => stop(state, req, who, &target, number, now),
        _ => pages::not_found(state.ident()),
    }
}

/// `<job>/<n>/api/json`: each answer moves the build one step through the job's script.
fn build_json(state: &mut State, req: &Request, index: usize, number: u64, now: u64) -> Reply {
    let script = &state.config.jobs[index].build_json_script;
    let Some(build) = state.histories[index].get_mut(number) else {
        return pages::not_found(state.ident());
    };
    let step = script.get(build.json_reads.min(script.len().saturating_sub(1)));
    let step = step.cloned();
    build.json_reads += 1;

    let state: &State = state;
    let Some(build) = state.histories[index].get(number) else {
        return pages::not_found(state.ident());
    };
    api_reply(state, req, now, |v, _| v.build(index, build, step.as_ref()))
}

fn snapshot(state: &State, index: usize, number: u64, now: u64) -> Snapshot<'_> {
    match state.histories[index].get(number) {
        Some(build) => Snapshot {
            written: build.log_at(now),
            growing: build.building(now),
        },
        None => Snapshot {
            written: &[],
            growing: false,
        },
    }
}

/// `POST <job>/<n>/stop` (and a Pipeline's `term`/`kill`): POST only, Job/Cancel, then a
/// 302 to the `Referer` or the build page whether or not anything was running.
fn stop(
    state: &mut State,
    req: &Request,
    who: &Who,
    target: &RunTarget,
    number: u64,
    now: u64,
) -> Reply {
    if req.method != "POST" {
        let url = format!("{}{}", urls::request_origin(req), req.target);
        return pages::require_post(state.ident(), &url);
    }
    if !who.has(&state.config, Permission::JobCancel) {
        let ctx = &state.config.context_path;
        return pages::denied(state.ident(), ctx, req, who, Permission::JobCancel);
    }

    if let Some(build) = state.histories[target.index].get_mut(number) {
        build.abort(who.name(), now);
    }
    let page = format!("{}{}/", target.page, target.run);
    let location = urls::previous_page(&state.config, req, &page);
    Reply::new(302).with("Location", &location)
}
