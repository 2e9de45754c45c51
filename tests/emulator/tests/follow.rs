//! Following a build over real HTTP: its JSON (scripted or real), its progressive console in
//! both generations, stopping it, and finding it again by queue id.

mod common;

use std::thread::sleep;
use std::time::{Duration, Instant};

use common::{basic, emulator, json, send, Resp, TOKEN};
use jenkins_emulator::{BuildJsonStep, Config, ConsoleMode, Emulator, Job, User};

/// Console notes as Jenkins writes them around e.g. hyperlinks.
const NOTE: &str = "\u{1b}[8mha:AAAAWB+LCAAAAAAAAP9b\u{1b}[0m";

/// Three lines: ASCII, multi-byte, and a last one without newline (9 + 15 + 10 bytes), so
/// over a 4 s run line two lands at ~1.06 s and line three at ~2.82 s.
const THREE_LINES: &str = "line one\nlínea dos ✓\nno newline";

fn get(emu: &Emulator, target: &str) -> Resp {
    let auth = basic("deployer", TOKEN);
    send(emu.addr(), "GET", target, &[("Authorization", &auth)], "")
}

fn post(emu: &Emulator, target: &str, extra: &[(&str, &str)]) -> Resp {
    let auth = basic("deployer", TOKEN);
    let mut headers = vec![("Authorization", auth.as_str())];
    headers.extend_from_slice(extra);
    send(emu.addr(), "POST", target, &headers, "")
}

fn wait_until(origin: Instant, ms: u64) {
    let due = origin + Duration::from_millis(ms);
    if let Some(left) = due.checked_duration_since(Instant::now()) {
        sleep(left);
    }
}

/// (X-Text-Size, X-More-Data, raw body) of one progressiveText call.
fn progressive(emu: &Emulator, path: &str, start: u64) -> (String, Option<String>, Vec<u8>) {
    let resp = get(emu, &format!("{path}logText/progressiveText?start={start}"));
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.header("content-type"),
        Some("text/plain;charset=UTF-8")
    );
    assert_eq!(resp.header("x-jenkins"), None);
    let more = resp.header("x-more-data").map(str::to_string);
    (
        resp.header("x-text-size").unwrap().to_string(),
        more,
        resp.raw,
    )
}

fn more() -> Option<String> {
    Some("true".to_string())
}

#[test]
fn modern_progressive_text_counts_the_whole_file_and_withholds_the_partial_line() {
    let job = Job::freestyle("app").with_console(THREE_LINES);
    let emu = emulator(Config::default().with_job(job));
    let origin = Instant::now();
    assert_eq!(emu.add_foreign_build("app", "SUCCESS", 4000), Some((1, 1)));

    let first = progressive(&emu, "/job/app/1/", 0);
    assert_eq!(first, ("9".into(), more(), b"line one\r\n".to_vec()));
    wait_until(origin, 1900);
    let second = progressive(&emu, "/job/app/1/", 9);
    assert_eq!(second, ("24".into(), more(), "línea dos ✓\r\n".into()));
    wait_until(origin, 3400);
    assert_eq!(
        progressive(&emu, "/job/app/1/", 24),
        ("34".into(), more(), Vec::new())
    );
    wait_until(origin, 4300);
    assert_eq!(
        progressive(&emu, "/job/app/1/", 34),
        ("34".into(), None, Vec::new())
    );
    let whole = progressive(&emu, "/job/app/1/", 0);
    let expected = "line one\r\nlínea dos ✓\r\nno newline";
    assert_eq!(whole, ("34".into(), None, expected.into()));

    let served: Vec<(usize, String)> = emu
        .requests()
        .iter()
        .map(|r| {
            (
                r.response_len,
                r.response_header("X-Text-Size").unwrap().into(),
            )
        })
        .collect();
    let sizes = ["9", "24", "34", "34", "34"].map(String::from);
    assert_eq!(
        served,
        [10, 16, 0, 0, 36]
            .into_iter()
            .zip(sizes)
            .collect::<Vec<_>>()
    );
}

#[test]
fn legacy_progressive_text_counts_only_what_it_sent_so_nothing_is_lost() {
    let config = Config::default()
        .with_console_mode(ConsoleMode::Legacy)
        .with_job(Job::freestyle("app").with_console(THREE_LINES));
    let emu = emulator(config);
    let origin = Instant::now();
    emu.add_foreign_build("app", "SUCCESS", 4000).unwrap();

    assert_eq!(
        progressive(&emu, "/job/app/1/", 0),
        ("9".into(), more(), b"line one\r\n".to_vec())
    );
    wait_until(origin, 3400);
    assert_eq!(
        progressive(&emu, "/job/app/1/", 9),
        ("24".into(), more(), "línea dos ✓\r\n".into())
    );
    assert_eq!(
        progressive(&emu, "/job/app/1/", 24),
        ("24".into(), more(), Vec::new())
    );
    wait_until(origin, 4300);
    assert_eq!(
        progressive(&emu, "/job/app/1/", 24),
        ("34".into(), None, b"no newline".to_vec())
    );
}

#[test]
fn console_notes_stay_in_modern_bodies_and_are_stripped_in_legacy_and_console_text() {
    let console = format!("{NOTE}Started\r\nDone\n");
    let job = Job::freestyle("app").with_console(&console);
    let modern = emulator(Config::default().with_job(job.clone()));
    let legacy = emulator(
        Config::default()
            .with_console_mode(ConsoleMode::Legacy)
            .with_job(job),
    );
    modern.add_foreign_build("app", "SUCCESS", 0).unwrap();
    legacy.add_foreign_build("app", "SUCCESS", 0).unwrap();

    let with_notes = format!("{NOTE}Started\r\nDone\r\n");
    assert_eq!(
        progressive(&modern, "/job/app/1/", 0),
        ("45".into(), None, with_notes.into_bytes())
    );
    assert_eq!(
        progressive(&legacy, "/job/app/1/", 0),
        ("45".into(), None, b"Started\r\nDone\r\n".to_vec())
    );
    let text = get(&modern, "/job/app/1/consoleText");
    assert_eq!(text.status, 200);
    assert_eq!(
        text.header("content-type"),
        Some("text/plain;charset=UTF-8")
    );
    assert_eq!(text.raw, b"Started\r\nDone\n");
}

#[test]
fn progressive_text_restarts_past_the_end_and_a_bad_start_is_500() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app").with_console("a\nb\n")));
    emu.add_foreign_build("app", "SUCCESS", 0).unwrap();

    assert_eq!(
        progressive(&emu, "/job/app/1/", 99),
        ("4".into(), None, b"a\r\nb\r\n".to_vec())
    );
    let bad = get(&emu, "/job/app/1/logText/progressiveText?start=abc");
    assert_eq!(bad.status, 500);
    assert!(bad.body.contains("<h1>Oops!</h1>"));
    assert_eq!(get(&emu, "/job/app/9/logText/progressiveText").status, 404);
}

#[test]
fn a_build_without_log_yet_reports_size_zero_and_more_data() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app")));
    emu.add_foreign_build("app", "SUCCESS", 60_000).unwrap();

    let resp = get(&emu, "/job/app/1/logText/progressiveText?start=abc");
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("x-text-size"), Some("0"));
    assert_eq!(resp.header("x-more-data"), Some("true"));
    assert!(resp.raw.is_empty());
}

#[test]
fn scripted_build_json_walks_its_steps_then_stays_at_the_last() {
    let script = vec![
        BuildJsonStep::new(true, None),
        BuildJsonStep::new(true, Some("SUCCESS")),
        BuildJsonStep::new(true, Some("FAILURE")),
        BuildJsonStep::new(false, Some("FAILURE")),
    ];
    let job = Job::freestyle("app")
        .with_next_build_number(12)
        .with_build_json_script(script);
    let emu = emulator(Config::default().with_job(job));
    emu.add_foreign_build("app", "SUCCESS", 60_000).unwrap();

    let tree = "/job/app/12/api/json?tree=number,building,inProgress,result";
    let answers: Vec<String> = (0..5).map(|_| get(&emu, tree).body).collect();
    let doc = |building: bool, result: &str| {
        format!(
            concat!(
                r#"{{"_class":"hudson.model.FreeStyleBuild","building":{b},"#,
                r#""inProgress":{b},"number":12,"result":{r}}}"#
            ),
            b = building,
            r = result
        )
    };
    assert_eq!(
        answers,
        [
            doc(true, "null"),
            doc(true, r#""SUCCESS""#),
            doc(true, r#""FAILURE""#),
            doc(false, r#""FAILURE""#),
            doc(false, r#""FAILURE""#),
        ]
    );
}

#[test]
fn the_first_request_for_a_build_can_be_404_then_normal() {
    let job = Job::freestyle("app").with_first_build_lookup_404();
    let emu = emulator(Config::default().with_job(job));
    emu.add_foreign_build("app", "SUCCESS", 0).unwrap();

    assert_eq!(get(&emu, "/job/app/1/api/json").status, 404);
    let build = get(&emu, "/job/app/1/api/json");
    assert_eq!(build.status, 200);
    assert_eq!(json(&build)["result"], "SUCCESS");
}

#[test]
fn unknown_results_pass_through_and_old_versions_export_no_in_progress() {
    let config = Config::default()
        .with_version("2.361.4")
        .with_root_url("http://jenkins-internal.invalid:8080/ci/")
        .with_job(
            Job::pipeline("app")
                .with_result("RESULT_X")
                .with_duration_ms(0),
        );
    let emu = emulator(config);
    emu.add_foreign_build("app", "RESULT_X", 0).unwrap();

    let build = json(&get(&emu, "/job/app/1/api/json"));
    assert_eq!(build["result"], "RESULT_X");
    assert_eq!(build["building"], false);
    assert_eq!(build.get("inProgress"), None);
    assert_eq!(
        build["url"],
        "http://jenkins-internal.invalid:8080/ci/job/app/1/"
    );
}

#[test]
fn stop_aborts_a_running_build_and_redirects_to_the_build_page() {
    let job = Job::freestyle("app").with_console("step 1\nstep 2\n");
    let emu = emulator(Config::default().with_context_path("/ci").with_job(job));
    emu.add_foreign_build("app", "SUCCESS", 60_000).unwrap();

    assert_eq!(get(&emu, "/ci/job/app/1/stop").status, 405);
    let stopped = post(&emu, "/ci/job/app/1/stop", &[]);
    assert_eq!(stopped.status, 302);
    let page = format!("http://{}/ci/job/app/1/", emu.addr());
    assert_eq!(stopped.header("location"), Some(page.as_str()));
    assert!(stopped.body.is_empty());

    let build = json(&get(&emu, "/ci/job/app/1/api/json"));
    assert_eq!(
        (&build["building"], &build["inProgress"], &build["result"]),
        (&false.into(), &false.into(), &"ABORTED".into())
    );
    assert_eq!(
        get(&emu, "/ci/job/app/1/consoleText").body,
        "step 1\nAborted by deployer\nFinished: ABORTED\n"
    );
    let (size, more, _) = progressive(&emu, "/ci/job/app/1/", 0);
    assert_eq!((size.as_str(), more), ("45", None));

    let again = post(
        &emu,
        "/ci/job/app/1/stop",
        &[("Referer", "http://x.invalid/y")],
    );
    assert_eq!(again.header("location"), Some("http://x.invalid/y"));
    assert_eq!(post(&emu, "/ci/job/app/7/stop", &[]).status, 404);
    assert_eq!(post(&emu, "/ci/job/app/1/term", &[]).status, 404);
}

#[test]
fn stop_needs_job_cancel_and_a_crumb() {
    let config = Config::default()
        .with_user(
            User::new("viewer", "pw-viewer")
                .with_token("aa")
                .without_cancel(),
        )
        .with_job(Job::pipeline("app"));
    let emu = emulator(config);
    emu.add_foreign_build("app", "SUCCESS", 60_000).unwrap();

    let viewer = basic("viewer", "aa");
    let denied = send(
        emu.addr(),
        "POST",
        "/job/app/1/stop",
        &[("Authorization", &viewer)],
        "",
    );
    assert_eq!(denied.status, 403);
    assert_eq!(
        denied.header("x-required-permission"),
        Some("hudson.model.Item.Cancel")
    );
    let password = basic("deployer", "pw-deployer");
    let no_crumb = send(
        emu.addr(),
        "POST",
        "/job/app/1/stop",
        &[("Authorization", &password)],
        "",
    );
    assert_eq!(no_crumb.status, 403);
    assert!(no_crumb.body.contains("No valid crumb"));
    assert_eq!(json(&get(&emu, "/job/app/1/api/json"))["building"], true);

    assert_eq!(post(&emu, "/job/app/1/term", &[]).status, 302);
    assert_eq!(json(&get(&emu, "/job/app/1/api/json"))["result"], "ABORTED");
    assert_eq!(post(&emu, "/job/app/1/kill", &[]).status, 302);
}

#[test]
fn builds_and_their_logs_survive_a_restart() {
    let job = Job::freestyle("app").with_console("kept\n");
    let emu = emulator(Config::default().with_job(job));
    emu.add_foreign_build("app", "UNSTABLE", 0).unwrap();
    let before = get(&emu, "/job/app/1/api/json");

    emu.restart();
    let after = get(&emu, "/job/app/1/api/json");
    assert_ne!(
        after.header("x-jenkins-session"),
        before.header("x-jenkins-session")
    );
    assert_eq!(json(&after)["result"], "UNSTABLE");
    assert_eq!(get(&emu, "/job/app/1/consoleText").body, "kept\n");
    assert_eq!(get(&emu, "/queue/item/1/api/json").status, 404);
}

#[test]
fn job_builds_list_newest_first_with_queue_ids_and_ranges() {
    let config = Config::default().with_first_queue_id(69).with_job(
        Job::freestyle("app")
            .concurrent()
            .with_next_build_number(21),
    );
    let emu = emulator(config);
    emu.add_foreign_build("app", "FAILURE", 0).unwrap();
    emu.add_foreign_build("app", "SUCCESS", 60_000).unwrap();

    let tree = "/job/app/api/json?tree=builds[number,queueId,url,building,result]{0,50}";
    let base = format!("http://{}/job/app/", emu.addr());
    let class = "hudson.model.FreeStyleBuild";
    assert_eq!(
        json(&get(&emu, tree)),
        serde_json::json!({"_class": "hudson.model.FreeStyleProject", "builds": [
            {"_class": class, "building": true, "number": 22, "queueId": 70,
             "result": null, "url": format!("{base}22/")},
            {"_class": class, "building": false, "number": 21, "queueId": 69,
             "result": "FAILURE", "url": format!("{base}21/")},
        ]})
    );
    let second = json(&get(&emu, "/job/app/api/json?tree=builds[number]{1,2}"));
    assert_eq!(
        second["builds"],
        serde_json::json!([{"_class": class, "number": 21}])
    );
}
