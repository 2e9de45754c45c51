//! Queue items that cannot start, cancelling in both generations, the test hooks that move
//! the queue, and the faults tests switch on, over real HTTP.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::thread::sleep;
use std::time::Duration;

use common::{basic, emulator, json, send, Resp, TOKEN};
use jenkins_emulator::{CancelApi, Config, Emulator, Job, User};

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

#[test]
fn an_item_whose_label_no_node_has_stays_a_stuck_buildable_item() {
    let config = Config::default()
        .with_first_queue_id(50)
        .with_label("linux")
        .with_job(Job::freestyle("app-win").with_label("win-x64"))
        .with_job(Job::freestyle("app-linux").with_label("linux"));
    let emu = emulator(config);
    let created = post(&emu, "/job/app-win/build?delay=0sec", &[]);
    assert_eq!(created.status, 201);

    let first = get(&emu, "/queue/item/50/api/json");
    let since = json(&first)["inQueueSince"].as_u64().unwrap();
    let expected = format!(
        concat!(
            r#"{{"_class":"hudson.model.Queue$BuildableItem","actions":[{{"_class":"#,
            r#""hudson.model.CauseAction","causes":[{{"_class":"hudson.model.Cause$UserIdCause","#,
            r#""shortDescription":"Started by user deployer","userId":"deployer","#,
            r#""userName":"deployer"}}]}}],"blocked":false,"buildable":true,"id":50,"#,
            r#""inQueueSince":{since},"params":"","stuck":true,"task":{{"_class":"#,
            r#""hudson.model.FreeStyleProject","name":"app-win","url":"http://{addr}/job/"#,
            r#"app-win/","color":"notbuilt"}},"url":"queue/item/50/","why":"#,
            r#""There are no nodes with the label ‘win-x64’","#,
            r#""buildableStartMilliseconds":{since},"pending":false}}"#
        ),
        since = since,
        addr = emu.addr()
    );
    assert_eq!(first.body, expected);
    sleep(Duration::from_millis(300));
    assert_eq!(get(&emu, "/queue/item/50/api/json").body, expected);

    post(&emu, "/job/app-linux/build?delay=0sec", &[]);
    let linux = json(&get(&emu, "/queue/item/51/api/json"));
    assert_eq!(linux["_class"], "hudson.model.Queue$LeftItem");
    assert_eq!(linux["executable"]["number"], 1);
    let job = json(&get(&emu, "/job/app-win/api/json"));
    assert_eq!(job["labelExpression"], "win-x64");
}

#[test]
fn items_wait_as_buildable_while_every_executor_is_busy() {
    let config = Config::default()
        .with_executors(1)
        .with_label("linux")
        .with_job(Job::freestyle("long").with_duration_ms(60_000))
        .with_job(Job::freestyle("next"))
        .with_job(Job::freestyle("labelled").with_label("linux"));
    let emu = emulator(config);
    assert_eq!(json(&get(&emu, "/api/json"))["numExecutors"], 1);
    post(&emu, "/job/long/build?delay=0sec", &[]);
    post(&emu, "/job/next/build?delay=0sec", &[]);
    post(&emu, "/job/labelled/build?delay=0sec", &[]);

    let next = json(&get(&emu, "/queue/item/2/api/json"));
    assert_eq!(next["_class"], "hudson.model.Queue$BuildableItem");
    assert_eq!(
        (&next["buildable"], &next["stuck"], &next["pending"]),
        (&true.into(), &false.into(), &false.into())
    );
    assert_eq!(next["why"], "Waiting for next available executor");
    let labelled = json(&get(&emu, "/queue/item/3/api/json"));
    assert_eq!(
        labelled["why"],
        "Waiting for next available executor on ‘linux’"
    );

    assert_eq!(post(&emu, "/job/long/1/stop", &[]).status, 302);
    let started = json(&get(&emu, "/queue/item/2/api/json"));
    assert_eq!(started["_class"], "hudson.model.Queue$LeftItem");
    assert_eq!(started["executable"]["number"], 1);
}

#[test]
fn modern_cancel_item_answers_404_422_204_and_500() {
    let config = Config::default()
        .with_user(User::new("viewer", "pw").with_token("bb").without_cancel())
        .with_job(Job::freestyle("app"));
    let emu = emulator(config);
    post(&emu, "/job/app/build?delay=30sec", &[]);

    let viewer = basic("viewer", "bb");
    let as_viewer = [("Authorization", viewer.as_str())];
    let refused = send(emu.addr(), "POST", "/queue/cancelItem?id=1", &as_viewer, "");
    assert_eq!(refused.status, 422);
    assert_eq!(post(&emu, "/queue/cancelItem?id=7", &[]).status, 404);
    assert_eq!(get(&emu, "/queue/cancelItem?id=1").status, 405);
    assert_eq!(post(&emu, "/queue/cancelItem?id=1", &[]).status, 204);
    assert_eq!(post(&emu, "/queue/cancelItem?id=1", &[]).status, 500);
}

#[test]
fn legacy_cancel_item_always_redirects_and_cancel_queue_answers_204() {
    let config = Config::default()
        .with_context_path("/ci")
        .with_cancel_api(CancelApi::Legacy)
        .with_job(Job::freestyle("app"))
        .with_job(Job::freestyle("other"));
    let emu = emulator(config);
    post(&emu, "/ci/job/app/build?delay=30sec", &[]);
    post(&emu, "/ci/job/other/build?delay=30sec", &[]);

    let cancelled = post(&emu, "/ci/queue/cancelItem?id=1", &[]);
    assert_eq!(cancelled.status, 302);
    let queue_page = format!("http://{}/ci/queue/", emu.addr());
    assert_eq!(cancelled.header("location"), Some(queue_page.as_str()));
    let item = json(&get(&emu, "/ci/queue/item/1/api/json"));
    assert_eq!(
        (&item["cancelled"], &item["executable"]),
        (&true.into(), &serde_json::Value::Null)
    );
    let referer = [("Referer", "http://127.0.0.1:1/ci/job/app/")];
    let unknown = post(&emu, "/ci/queue/cancelItem?id=99", &referer);
    assert_eq!(unknown.status, 302);
    assert_eq!(
        unknown.header("location"),
        Some("http://127.0.0.1:1/ci/job/app/")
    );
    assert_eq!(get(&emu, "/ci/queue/cancelItem?id=2").status, 405);

    assert_eq!(get(&emu, "/ci/queue/item/2/cancelQueue").status, 405);
    let deprecated = post(&emu, "/ci/queue/item/2/cancelQueue", &[]);
    assert_eq!((deprecated.status, deprecated.body.as_str()), (204, ""));
    assert_eq!(
        json(&get(&emu, "/ci/queue/item/2/api/json"))["cancelled"],
        true
    );
    assert_eq!(post(&emu, "/ci/queue/item/99/cancelQueue", &[]).status, 404);
}

#[test]
fn a_user_cancelling_in_the_ui_leaves_a_cancelled_item() {
    let emu = emulator(
        Config::default()
            .with_first_queue_id(40)
            .with_job(Job::freestyle("app")),
    );
    post(&emu, "/job/app/build", &[]);
    let waiting = json(&get(&emu, "/queue/item/40/api/json"));
    assert_eq!(waiting["_class"], "hudson.model.Queue$WaitingItem");

    assert!(emu.cancel_queue_item(40));
    let left = json(&get(&emu, "/queue/item/40/api/json"));
    assert_eq!(left["_class"], "hudson.model.Queue$LeftItem");
    assert_eq!(
        (&left["cancelled"], &left["executable"]),
        (&true.into(), &serde_json::Value::Null)
    );
    assert!(!emu.cancel_queue_item(40));
    assert!(!emu.cancel_queue_item(41));
}

#[test]
fn someone_elses_build_takes_the_number_before_ours() {
    let config = Config::default().with_first_queue_id(69).with_job(
        Job::freestyle("app")
            .concurrent()
            .with_next_build_number(21),
    );
    let emu = emulator(config);
    assert_eq!(emu.add_foreign_build("app", "FAILURE", 200), Some((69, 21)));
    assert_eq!(emu.add_foreign_build("nope", "FAILURE", 200), None);

    let ours = post(&emu, "/job/app/build?delay=30sec", &[]);
    assert!(ours
        .header("location")
        .unwrap()
        .ends_with("/queue/item/70/"));
    assert_eq!(
        json(&get(&emu, "/job/app/lastBuild/api/json"))["number"],
        21
    );
    assert_eq!(emu.start_build_now(70), Some(22));
    assert_eq!(emu.start_build_now(70), None);
    assert_eq!(
        json(&get(&emu, "/job/app/lastBuild/api/json"))["number"],
        22
    );
    let item = json(&get(&emu, "/queue/item/70/api/json"));
    assert_eq!(item["executable"]["number"], 22);

    sleep(Duration::from_millis(300));
    let theirs = json(&get(&emu, "/job/app/21/api/json"));
    assert_eq!(theirs["result"], "FAILURE");
    assert_eq!(theirs["queueId"], 69);
    assert_eq!(
        theirs["actions"][0]["causes"][0],
        serde_json::json!({"_class": "hudson.triggers.TimerTrigger$TimerTriggerCause",
                           "shortDescription": "Started by timer"})
    );
}

#[test]
fn left_items_can_be_expired_at_once_and_the_build_keeps_its_queue_id() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app")));
    post(&emu, "/job/app/build?delay=0sec", &[]);
    assert_eq!(get(&emu, "/queue/item/1/api/json").status, 200);

    emu.expire_left_items();
    assert_eq!(get(&emu, "/queue/item/1/api/json").status, 404);
    let builds = json(&get(&emu, "/job/app/api/json?tree=builds[number,queueId]"));
    assert_eq!(builds["builds"][0]["queueId"], 1);
}

#[test]
fn a_hung_request_gets_no_answer_until_shutdown() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app")));
    emu.set_hang(Some("/job/app/api/".to_string()), 1);

    let mut stream = TcpStream::connect(emu.addr()).unwrap();
    let request = format!(
        "GET /job/app/api/json HTTP/1.1\r\nHost: {}\r\n\r\n",
        emu.addr()
    );
    stream.write_all(request.as_bytes()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0u8; 64];
    let waited = stream.read(&mut buf).unwrap_err().kind();
    assert!(matches!(
        waited,
        ErrorKind::WouldBlock | ErrorKind::TimedOut
    ));

    let log = emu.requests();
    assert_eq!((log.len(), log[0].status, log[0].response_len), (1, 0, 0));
    assert_eq!(get(&emu, "/job/app/api/json").status, 200);

    emu.shutdown();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let closed = stream.read(&mut buf);
    assert!(matches!(closed, Ok(0)) || closed.is_err_and(|e| e.kind() != ErrorKind::WouldBlock));
}

#[test]
fn status_faults_answer_their_page_count_times_then_normal() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app")));
    emu.set_status_fault(None, 503, 2);

    for _ in 0..2 {
        let loading = get(&emu, "/job/app/api/json");
        assert_eq!(loading.status, 503);
        assert!(loading
            .body
            .contains("<h1>Please wait while Jenkins is getting ready to work...</h1>"));
        assert_eq!(loading.header("x-jenkins"), Some("2.541.1"));
    }
    assert_eq!(get(&emu, "/job/app/api/json").status, 200);

    emu.set_status_fault(Some("/queue/".to_string()), 502, 1);
    assert_eq!(get(&emu, "/job/app/api/json").status, 200);
    let proxy = get(&emu, "/queue/api/json");
    assert_eq!(proxy.status, 502);
    assert!(proxy.body.contains("<title>502 Bad Gateway</title>"));
    assert_eq!(proxy.header("x-jenkins"), None);
    assert_eq!(get(&emu, "/queue/api/json").status, 200);
}

#[test]
fn credentials_stop_working_after_n_more_requests() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app")));
    emu.set_unauthorized_after(Some(2));

    assert_eq!(get(&emu, "/job/app/api/json").status, 200);
    assert_eq!(get(&emu, "/job/app/api/json").status, 200);
    for _ in 0..3 {
        let refused = get(&emu, "/job/app/api/json");
        assert_eq!(refused.status, 401);
        assert_eq!(
            refused.header("www-authenticate"),
            Some("Basic realm=\"Jenkins\"")
        );
    }
    emu.set_unauthorized_after(None);
    assert_eq!(get(&emu, "/job/app/api/json").status, 200);
}

#[test]
fn admin_endpoints_drive_the_same_hooks_and_export_responses() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app").concurrent()));
    let admin = |target: &str| send(emu.addr(), "POST", target, &[], "");

    let foreign = admin("/__emulator/foreign-build?job=app&result=FAILURE&duration_ms=0");
    assert_eq!(
        (foreign.status, foreign.body.as_str()),
        (200, r#"{"queue_id":1,"number":1}"#)
    );
    assert_eq!(admin("/__emulator/foreign-build?job=nope").status, 404);
    post(&emu, "/job/app/build?delay=30sec", &[]);
    let started = admin("/__emulator/start-build?id=2");
    assert_eq!(
        (started.status, started.body.as_str()),
        (200, r#"{"number":2}"#)
    );
    assert_eq!(admin("/__emulator/cancel-queue-item?id=2").status, 404);
    assert_eq!(admin("/__emulator/expire-left-items").status, 204);
    assert_eq!(get(&emu, "/queue/item/2/api/json").status, 404);

    assert_eq!(
        admin("/__emulator/status-fault?status=503&prefix=/job/").status,
        204
    );
    assert_eq!(get(&emu, "/job/app/api/json").status, 503);
    assert_eq!(admin("/__emulator/status-fault?status=abc").status, 400);
    assert_eq!(admin("/__emulator/hang?prefix=/never&count=x").status, 400);
    assert_eq!(admin("/__emulator/hang?prefix=/never").status, 204);
    assert_eq!(admin("/__emulator/unauthorized-after?n=0").status, 204);
    assert_eq!(get(&emu, "/job/app/api/json").status, 401);
    assert_eq!(admin("/__emulator/unauthorized-after").status, 204);

    emu.clear_requests();
    post(&emu, "/job/app/build?delay=30sec", &[]);
    let exported = send(emu.addr(), "GET", "/__emulator/requests", &[], "");
    let exported = json(&exported);
    assert_eq!(exported[0]["status"], 201);
    assert_eq!(exported[0]["response_len"], 0);
    let location = format!("http://{}/queue/item/3/", emu.addr());
    assert_eq!(
        exported[0]["response_headers"],
        serde_json::json!([["Location", location]])
    );
}
