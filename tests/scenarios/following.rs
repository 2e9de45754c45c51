//! B14, B15, B16, B17, B18, B23, B25, B28: following a triggered build to its result, by
//! its own queue item only, with deadlines that are the caller's and outcomes that keep
//! their own meaning.

use std::time::Duration;

use jenkins_emulator::{BuildJsonStep, CancelApi, Config, Emulator, Job, RecordedRequest};
use jenkins_trigger::{BuildResult, Client, ErrorKind, JobPath, TriggerOptions};

use crate::common::*;

const LONG: Duration = Duration::from_secs(20);

/// A job that starts 100 ms after its trigger and runs `ms`.
fn quick(name: &str, ms: u64) -> Job {
    Job::freestyle(name)
        .with_quiet_period_ms(100)
        .with_duration_ms(ms)
}

/// Just the deployer, so each test adds the jobs it needs.
fn users() -> Config {
    Config::default().with_user(jenkins_emulator::User::new(USER, PASSWORD).with_token(TOKEN))
}

fn fast_client(emu: &Emulator) -> Client {
    let client = token_client(emu);
    client
        .set_poll_interval(Duration::from_millis(100))
        .unwrap();
    client
}

fn paths(reqs: &[RecordedRequest]) -> Vec<String> {
    reqs.iter()
        .map(|r| format!("{} {} {}", r.method, r.target, r.status))
        .collect()
}

#[test]
fn b28_our_build_is_found_through_our_queue_item_not_last_build() {
    let job = quick("app", 300)
        .concurrent()
        .with_quiet_period_ms(400)
        .with_next_build_number(21);
    let emu = start(users().with_job(job));
    let client = fast_client(&emu);
    let queued = client.trigger_build("app", &[]).unwrap();
    let (_, foreign) = emu.add_foreign_build("app", "FAILURE", 300).unwrap();

    let started = client.wait_for_start(queued.queue_id, LONG).unwrap();
    let status = client.wait_for_build(&started.build_url, LONG).unwrap();

    assert_eq!((foreign, started.build_number), (21, 22));
    assert_eq!(started.build_url, format!("{}job/app/22/", emu.base_url()));
    assert_eq!(status.result, Some(BuildResult::Success));
    let all = paths(&emu.requests());
    assert!(all
        .iter()
        .all(|p| !p.contains("lastBuild") && !p.contains("nextBuildNumber")));
}

#[test]
fn b15_cancelled_queue_item_ends_the_wait_as_cancelled() {
    let emu = start(users().with_job(quick("slow-start", 100).with_quiet_period_ms(60_000)));
    let client = fast_client(&emu);
    let queued = client.trigger_build("slow-start", &[]).unwrap();
    assert!(emu.cancel_queue_item(queued.queue_id));

    let e = client.wait_for_start(queued.queue_id, LONG).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert!(e
        .message()
        .contains(&format!("queue item {} was cancelled", queued.queue_id)));
    assert!(paths(&emu.requests())
        .iter()
        .all(|p| !p.contains("/slow-start/1/")));
}

#[test]
fn b16_item_that_can_never_start_times_out_with_jenkins_reason_then_is_cancelled() {
    let emu = start(users().with_job(quick("app-win", 100).with_label("win-x64")));
    let client = fast_client(&emu);
    let queued = client.trigger_build("app-win", &[]).unwrap();

    let e = client
        .wait_for_start(queued.queue_id, Duration::from_millis(1500))
        .unwrap_err();
    client.cancel_queue_item(queued.queue_id).unwrap();
    let after = client.wait_for_start(queued.queue_id, LONG).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(
        e.message()
            .contains("Jenkins says: There are no nodes with the label ‘win-x64’"),
        "{}",
        e.message()
    );
    assert_eq!(after.kind(), ErrorKind::Cancelled);
    let cancels: Vec<String> = paths(&emu.requests())
        .into_iter()
        .filter(|p| p.contains("cancelItem"))
        .collect();
    assert_eq!(
        cancels,
        [format!("POST /queue/cancelItem?id={} 204", queued.queue_id)]
    );
}

#[test]
fn b16_legacy_cancel_redirect_is_confirmed_by_reading_the_item_back() {
    let config = scenario_config()
        .with_cancel_api(CancelApi::Legacy)
        .with_job(quick("app-win", 100).with_label("win-x64"));
    let emu = start(config);
    let client = fast_client(&emu);
    let queued = client.trigger_build("app-win", &[]).unwrap();
    emu.clear_requests();

    client.cancel_queue_item(queued.queue_id).unwrap();

    let id = queued.queue_id;
    let all = paths(&emu.requests());
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0], format!("POST /queue/cancelItem?id={id} 302"));
    assert!(
        all[1].starts_with(&format!("GET /queue/item/{id}/api/json?tree=")),
        "{all:?}"
    );
}

#[test]
fn b14_expired_queue_item_is_resolved_through_the_job_build_list() {
    let config = users()
        .with_left_item_ttl_ms(200)
        .with_job(quick("app", 100).with_next_build_number(12));
    let emu = start(config);
    let client = fast_client(&emu);
    let queued = client.trigger_build("app", &[]).unwrap();
    std::thread::sleep(Duration::from_millis(900));

    let started = client.wait_for_start(queued.queue_id, LONG).unwrap();

    assert_eq!(started.build_number, 12);
    let all = paths(&emu.requests());
    assert!(all[1].starts_with(&format!("GET /queue/item/{}/api/json", queued.queue_id)));
    assert!(all[1].ends_with(" 404"), "{all:?}");
    assert!(
        all[2].starts_with("GET /job/app/api/json?tree=builds"),
        "{all:?}"
    );
}

#[test]
fn b14_unknown_queue_item_ends_as_not_found_after_a_few_polls() {
    let emu = start(users());
    let client = fast_client(&emu);

    let e = client.wait_for_start(999, LONG).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(
        e.message().contains("queue item 999 expired"),
        "{}",
        e.message()
    );
    assert_eq!(emu.requests().len(), 3);
}

#[test]
fn b17_early_result_is_not_final_until_building_is_false() {
    let script = vec![
        BuildJsonStep::new(true, None),
        BuildJsonStep::new(true, Some("SUCCESS")),
        BuildJsonStep::new(true, Some("FAILURE")),
        BuildJsonStep::new(false, Some("FAILURE")),
    ];
    let emu = start(users().with_job(quick("app", 100).with_build_json_script(script)));
    let client = fast_client(&emu);
    let queued = client.trigger_build("app", &[]).unwrap();
    let started = client.wait_for_start(queued.queue_id, LONG).unwrap();
    emu.clear_requests();

    let status = client.wait_for_build(&started.build_url, LONG).unwrap();

    assert_eq!(status.result, Some(BuildResult::Failure));
    assert!(!status.building);
    assert_eq!(emu.requests().len(), 4, "{:?}", paths(&emu.requests()));
}

#[test]
fn b17_build_not_yet_visible_is_polled_again() {
    let emu = start(users().with_job(quick("app", 100).with_first_build_lookup_404()));
    let client = fast_client(&emu);
    let queued = client.trigger_build("app", &[]).unwrap();
    let started = client.wait_for_start(queued.queue_id, LONG).unwrap();

    let status = client.wait_for_build(&started.build_url, LONG).unwrap();

    assert_eq!(status.result, Some(BuildResult::Success));
    assert!(paths(&emu.requests())
        .iter()
        .any(|p| p.contains("/job/app/1/api/json") && p.ends_with(" 404")));
}

#[test]
fn b17_build_stopped_without_result_ends_as_unknown_after_a_few_polls() {
    let script = vec![BuildJsonStep::new(false, None)];
    let emu = start(users().with_job(quick("app", 100).with_build_json_script(script)));
    let client = fast_client(&emu);
    let queued = client.trigger_build("app", &[]).unwrap();
    let started = client.wait_for_start(queued.queue_id, LONG).unwrap();

    let e = client.wait_for_build(&started.build_url, LONG).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Protocol);
    assert!(e.message().contains("has no result"), "{}", e.message());
}

#[test]
fn b18_each_result_keeps_its_meaning_and_an_unknown_one_is_quoted() {
    let results = [
        "SUCCESS",
        "UNSTABLE",
        "FAILURE",
        "NOT_BUILT",
        "ABORTED",
        "RESULT_X",
    ];
    let mut config = users();
    for r in results {
        config = config.with_job(quick(&format!("job-{r}"), 100).with_result(r));
    }
    let emu = start(config);
    let client = fast_client(&emu);

    let outcomes: Vec<Result<Option<BuildResult>, ErrorKind>> = results
        .iter()
        .map(|r| {
            let queued = client.trigger_build(&format!("job-{r}"), &[]).unwrap();
            let started = client.wait_for_start(queued.queue_id, LONG).unwrap();
            client
                .wait_for_build(&started.build_url, LONG)
                .map(|s| s.result)
                .map_err(|e| {
                    assert!(e.message().contains("'RESULT_X'"), "{}", e.message());
                    e.kind()
                })
        })
        .collect();

    use BuildResult::*;
    assert_eq!(
        outcomes,
        [
            Ok(Some(Success)),
            Ok(Some(Unstable)),
            Ok(Some(Failure)),
            Ok(Some(NotBuilt)),
            Ok(Some(Aborted)),
            Err(ErrorKind::Protocol)
        ]
    );
}

#[test]
fn b23_delay_is_sent_as_seconds_in_the_query_and_parameters_stay_in_the_body() {
    let emu = start(scenario_config());
    let client = token_client(&emu);
    let now = TriggerOptions {
        delay_seconds: Some(0),
        token: None,
    };
    let later = TriggerOptions {
        delay_seconds: Some(30),
        token: None,
    };

    client
        .trigger_job_with(&JobPath::from_full_name("app").unwrap(), &[], &now)
        .unwrap();
    let param = JobPath::from_full_name("app-param").unwrap();
    client
        .trigger_job_with(&param, &[("VERSION", "3")], &later)
        .unwrap();

    let reqs = emu.requests();
    let posts: Vec<&RecordedRequest> = reqs.iter().filter(|r| r.method == "POST").collect();
    assert_eq!(posts[0].target, "/job/app/build?delay=0sec");
    assert_eq!(
        posts[1].target,
        "/job/app-param/buildWithParameters?delay=30sec"
    );
    assert_eq!(posts[1].body, b"VERSION=3");
    assert_eq!((posts[0].status, posts[1].status), (201, 201));
}

#[test]
fn b25_timeout_is_its_own_outcome_and_stop_aborts_the_build() {
    let emu = start(users().with_job(quick("app", 10_000)));
    let client = fast_client(&emu);
    let queued = client.trigger_build("app", &[]).unwrap();
    let started = client.wait_for_start(queued.queue_id, LONG).unwrap();

    let e = client
        .wait_for_build(&started.build_url, Duration::from_millis(600))
        .unwrap_err();
    client.stop_build(&started.build_url).unwrap();
    let status = client.wait_for_build(&started.build_url, LONG).unwrap();

    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(e.message().contains(&started.build_url), "{}", e.message());
    assert_eq!(status.result, Some(BuildResult::Aborted));
    let stops: Vec<String> = paths(&emu.requests())
        .into_iter()
        .filter(|p| p.contains("/stop"))
        .collect();
    assert_eq!(stops, ["POST /job/app/1/stop 302"]);
}

#[test]
fn b25_a_get_that_never_answers_is_retried_within_the_deadline() {
    let emu = start(users().with_job(quick("app", 100)));
    let client = fast_client(&emu);
    client.set_timeout(Duration::from_millis(700)).unwrap();
    let queued = client.trigger_build("app", &[]).unwrap();
    let started = client.wait_for_start(queued.queue_id, LONG).unwrap();
    emu.set_hang(Some("/job/app/1/api/json".to_string()), 1);

    let status = client.wait_for_build(&started.build_url, LONG).unwrap();

    assert_eq!(status.result, Some(BuildResult::Success));
    let builds: Vec<u16> = emu
        .requests()
        .iter()
        .filter(|r| r.path == "/job/app/1/api/json")
        .map(|r| r.status)
        .collect();
    assert_eq!(
        builds.first(),
        Some(&0),
        "the hung request is logged with status 0"
    );
    assert_eq!(builds.last(), Some(&200));
}

#[test]
fn b25_an_auth_failure_mid_wait_ends_it_at_once() {
    let emu = start(users().with_job(quick("app", 60_000)));
    let client = fast_client(&emu);
    let queued = client.trigger_build("app", &[]).unwrap();
    let started = client.wait_for_start(queued.queue_id, LONG).unwrap();
    emu.set_unauthorized_after(Some(3));

    let e = client.wait_for_build(&started.build_url, LONG).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Unauthorized);
    assert_eq!(e.http_status(), 401);
}
