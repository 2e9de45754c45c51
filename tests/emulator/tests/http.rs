//! The emulator over real HTTP on 127.0.0.1, replaying the scenarios it exists for.

mod common;

use std::net::{SocketAddr, TcpStream};
use std::thread::sleep;
use std::time::Duration;

use common::{basic, emulator, json, send, TOKEN};
use jenkins_emulator::{Config, CsrfMode, Job, Param, TriggerMode};

#[test]
fn crumb_works_only_with_the_session_cookie_it_was_issued_in() {
    let emu = emulator(
        Config::default()
            .with_context_path("/ci")
            .with_job(Job::freestyle("app")),
    );
    let auth = basic("deployer", "pw-deployer");
    let issued = send(
        emu.addr(),
        "GET",
        "/ci/crumbIssuer/api/json",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(issued.status, 200);
    let cookie_header = issued.header("set-cookie").unwrap().to_string();
    assert!(cookie_header.starts_with(&format!("{}=", emu.session_cookie_name())));
    assert!(cookie_header.ends_with("; Path=/ci; HttpOnly"));
    let cookie = cookie_header.split(';').next().unwrap();
    let crumb = json(&issued)["crumb"].as_str().unwrap().to_string();

    let without = send(
        emu.addr(),
        "POST",
        "/ci/job/app/build",
        &[("Authorization", &auth), ("Jenkins-Crumb", &crumb)],
        "",
    );
    assert_eq!(without.status, 403);
    assert!(without
        .body
        .contains("<title>Error 403 No valid crumb was included in the request</title>"));
    assert_eq!(without.header("x-jenkins"), None);

    let with = send(
        emu.addr(),
        "POST",
        "/ci/job/app/build",
        &[
            ("Authorization", &auth),
            ("Jenkins-Crumb", &crumb),
            ("Cookie", cookie),
        ],
        "",
    );
    assert_eq!(with.status, 201);
    let expected = format!("http://{}/ci/queue/item/1/", emu.addr());
    assert_eq!(with.header("location"), Some(expected.as_str()));
    assert!(with.body.is_empty());

    let log = emu.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(log[2].status, 201);
    assert_eq!(log[2].header("jenkins-crumb"), Some(crumb.as_str()));
}

#[test]
fn restart_invalidates_sessions_and_changes_cookie_name_and_instance() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app")));
    let auth = basic("deployer", "pw-deployer");
    let issued = send(
        emu.addr(),
        "GET",
        "/crumbIssuer/api/json",
        &[("Authorization", &auth)],
        "",
    );
    let cookie = issued
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let crumb = json(&issued)["crumb"].as_str().unwrap().to_string();
    let before = (
        emu.session_cookie_name(),
        issued.header("x-jenkins-session").unwrap().to_string(),
    );

    emu.restart();
    let post = [
        ("Authorization", auth.as_str()),
        ("Jenkins-Crumb", &crumb),
        ("Cookie", &cookie),
    ];
    assert_eq!(
        send(emu.addr(), "POST", "/job/app/build", &post, "").status,
        403
    );
    let again = send(
        emu.addr(),
        "GET",
        "/crumbIssuer/api/json",
        &[("Authorization", &auth)],
        "",
    );
    assert_ne!(emu.session_cookie_name(), before.0);
    assert_ne!(again.header("x-jenkins-session").unwrap(), before.1);
}

#[test]
fn idle_sessions_expire() {
    let config = Config::default()
        .with_session_ttl_ms(200)
        .with_job(Job::freestyle("app"));
    let emu = emulator(config);
    let auth = basic("deployer", "pw-deployer");
    let issued = send(
        emu.addr(),
        "GET",
        "/crumbIssuer/api/json",
        &[("Authorization", &auth)],
        "",
    );
    let cookie = issued
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let crumb = json(&issued)["crumb"].as_str().unwrap().to_string();

    sleep(Duration::from_millis(400));
    let post = [
        ("Authorization", auth.as_str()),
        ("Jenkins-Crumb", &crumb),
        ("Cookie", &cookie),
    ];
    assert_eq!(
        send(emu.addr(), "POST", "/job/app/build", &post, "").status,
        403
    );
}

#[test]
fn api_token_needs_no_crumb_and_a_bad_secret_is_401_before_anything_else() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app")));
    let token = basic("deployer", TOKEN);
    let ok = send(
        emu.addr(),
        "POST",
        "/job/app/build",
        &[("Authorization", &token)],
        "",
    );
    assert_eq!(ok.status, 201);

    let revoked = basic("deployer", "00000000000000000000000000000000");
    let bad = send(
        emu.addr(),
        "POST",
        "/job/nope/build",
        &[("Authorization", &revoked)],
        "",
    );
    assert_eq!(bad.status, 401);
    assert_eq!(
        bad.header("www-authenticate"),
        Some("Basic realm=\"Jenkins\"")
    );
    assert!(bad.body.contains("<title>Error 401 Unauthorized</title>"));
}

#[test]
fn missing_crumb_is_checked_before_the_job_is_looked_up() {
    let emu = emulator(Config::default());
    let auth = basic("deployer", "pw-deployer");
    let resp = send(
        emu.addr(),
        "POST",
        "/job/nope/build",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(resp.status, 403);
}

#[test]
fn crumb_issuer_exists_only_at_the_root_and_not_when_csrf_is_off() {
    let emu = emulator(Config::default().with_job(Job::freestyle("team/app")));
    let auth = basic("deployer", "pw-deployer");
    let below = send(
        emu.addr(),
        "GET",
        "/job/team/crumbIssuer/api/json",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(below.status, 404);
    let anonymous = send(emu.addr(), "GET", "/crumbIssuer/api/json", &[], "");
    assert_eq!(anonymous.status, 403);
    assert_eq!(
        anonymous.header("x-required-permission"),
        Some("hudson.model.Hudson.Read")
    );

    let off = emulator(
        Config::default()
            .with_csrf(CsrfMode::Off)
            .with_job(Job::freestyle("app")),
    );
    let crumb = send(
        off.addr(),
        "GET",
        "/crumbIssuer/api/json",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(crumb.status, 404);
    let post = send(
        off.addr(),
        "POST",
        "/job/app/build",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(post.status, 201);
}

#[test]
fn build_and_build_with_parameters_answer_as_jenkins_does() {
    let params = vec![
        Param::string("VERSION", "1.0"),
        Param::boolean("DRY_RUN", false),
    ];
    let config = Config::default()
        .with_job(Job::parameterized("app-param", params))
        .with_job(Job::freestyle("app-plain"));
    let emu = emulator(config);
    let auth = basic("deployer", TOKEN);
    let a = [("Authorization", auth.as_str())];
    let form = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];

    let nothing = send(emu.addr(), "POST", "/job/app-param/build", &a, "");
    assert_eq!(nothing.status, 400);
    assert!(nothing.body.contains("Nothing is submitted"));

    let created = send(
        emu.addr(),
        "POST",
        "/job/app-param/buildWithParameters",
        &form,
        "VERSION=2.3&DRY_RUN=true",
    );
    assert_eq!(created.status, 201);
    let folded = send(
        emu.addr(),
        "POST",
        "/job/app-param/buildWithParameters",
        &form,
        "DRY_RUN=true&VERSION=2.3",
    );
    assert_eq!(folded.status, 303);
    assert_eq!(folded.header("location"), created.header("location"));

    let item = send(emu.addr(), "GET", "/queue/item/1/api/json", &a, "");
    let item = json(&item);
    assert_eq!(item["_class"], "hudson.model.Queue$WaitingItem");
    assert_eq!(item["params"], "\nVERSION=2.3\nDRY_RUN=true");
    assert_eq!(item["actions"][0]["parameters"][1]["value"], true);
    assert!(item["why"]
        .as_str()
        .unwrap()
        .starts_with("In the quiet period. Expires in "));

    let plain = send(
        emu.addr(),
        "POST",
        "/job/app-plain/buildWithParameters",
        &a,
        "",
    );
    assert_eq!(plain.status, 400);
    assert!(plain.body.contains("app-plain is not parameterized"));
    let repeated = send(
        emu.addr(),
        "POST",
        "/job/app-param/buildWithParameters?VERSION=1",
        &form,
        "VERSION=2",
    );
    assert_eq!(repeated.status, 500);
}

#[test]
fn job_json_shows_parameter_definitions_only_for_parameterized_jobs() {
    let config = Config::default()
        .with_job(Job::parameterized(
            "p",
            vec![Param::choice("ENV", &["dev", "prod"])],
        ))
        .with_job(Job::freestyle("plain"));
    let emu = emulator(config);
    let auth = basic("deployer", TOKEN);
    let a = [("Authorization", auth.as_str())];

    let p = send(emu.addr(), "GET", "/job/p/api/json", &a, "");
    assert_eq!(
        p.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    assert_eq!(p.header("x-frame-options"), Some("deny"));
    assert!(p
        .body
        .starts_with(r#"{"_class":"hudson.model.FreeStyleProject","#));
    let defs = &json(&p)["property"][0]["parameterDefinitions"];
    assert_eq!(defs[0]["choices"], serde_json::json!(["dev", "prod"]));
    assert_eq!(defs[0]["defaultParameterValue"]["value"], "dev");

    let plain = json(&send(emu.addr(), "GET", "/job/plain/api/json", &a, ""));
    assert_eq!(plain["property"], serde_json::json!([]));
    assert_eq!(plain["nextBuildNumber"], 1);
}

#[test]
fn folder_names_resolve_per_segment_and_other_spellings_are_404() {
    let config = Config::default()
        .with_job(Job::freestyle("Team A/Deploy Web"))
        .with_job(Job::freestyle("svc/feature%2Fx-1"));
    let emu = emulator(config);
    let auth = basic("deployer", TOKEN);
    let a = [("Authorization", auth.as_str())];
    let status = |path: &str| send(emu.addr(), "POST", path, &a, "").status;

    assert_eq!(status("/job/Team%20A/job/Deploy%20Web/build"), 201);
    assert_eq!(status("/job/svc/job/feature%252Fx-1/build"), 201);
    assert_eq!(status("/job/Team+A/job/Deploy%20Web/build"), 404);
    assert_eq!(status("/job/Team%20A%2Fjob%2FDeploy%20Web/build"), 404);
    assert_eq!(status("/job/svc/job/feature%2Fx-1/build"), 404);
    assert_eq!(status("/job/svc;x/build"), 400);

    let folder = json(&send(emu.addr(), "GET", "/job/svc/api/json", &a, ""));
    assert_eq!(
        folder["_class"],
        "com.cloudbees.hudson.plugins.folder.Folder"
    );
    let url = format!("http://{}/job/svc/job/feature%252Fx-1/", emu.addr());
    assert_eq!(folder["jobs"][0]["url"], url.as_str());
}

#[test]
fn trigger_modes_give_201_303_302_and_no_location() {
    let emu = emulator(
        Config::default().with_job(Job::parameterized("app", vec![Param::string("V", "1")])),
    );
    let auth = basic("deployer", TOKEN);
    let a = [("Authorization", auth.as_str())];
    let trigger = || send(emu.addr(), "POST", "/job/app/buildWithParameters", &a, "");

    emu.set_trigger_mode(TriggerMode::Folded);
    let folded = trigger();
    assert_eq!(folded.status, 303);
    let bare = send(emu.addr(), "GET", "/queue/item/1/", &a, "");
    assert_eq!(bare.status, 404);
    let item = send(emu.addr(), "GET", "/queue/item/1/api/json", &a, "");
    assert_eq!(item.status, 200);

    emu.set_trigger_mode(TriggerMode::Refused);
    let refused = trigger();
    assert_eq!(refused.status, 302);
    let job_page = format!("http://{}/job/app/", emu.addr());
    assert_eq!(refused.header("location"), Some(job_page.as_str()));

    emu.set_trigger_mode(TriggerMode::NoLocation);
    let silent = trigger();
    assert_eq!(silent.status, 201);
    assert_eq!(silent.header("location"), None);
}

#[test]
fn left_items_show_the_build_then_expire_and_the_build_keeps_its_queue_id() {
    let config = Config::default()
        .with_first_queue_id(30)
        .with_left_item_ttl_ms(300)
        .with_job(Job::freestyle("app").with_duration_ms(50));
    let emu = emulator(config);
    let auth = basic("deployer", TOKEN);
    let a = [("Authorization", auth.as_str())];

    let created = send(emu.addr(), "POST", "/job/app/build?delay=0sec", &a, "");
    assert!(created
        .header("location")
        .unwrap()
        .ends_with("/queue/item/30/"));
    let left = json(&send(emu.addr(), "GET", "/queue/item/30/api/json", &a, ""));
    assert_eq!(left["_class"], "hudson.model.Queue$LeftItem");
    assert_eq!(left["cancelled"], false);
    assert_eq!(left["executable"]["number"], 1);
    assert_eq!(left["url"], "queue/item/30/");

    sleep(Duration::from_millis(400));
    assert_eq!(
        send(emu.addr(), "GET", "/queue/item/30/api/json", &a, "").status,
        404
    );
    let tree = "/job/app/api/json?tree=builds[number,queueId,result]{0,50}";
    let builds = json(&send(emu.addr(), "GET", tree, &a, ""));
    assert_eq!(
        builds,
        serde_json::json!({"_class": "hudson.model.FreeStyleProject", "builds": [
            {"_class": "hudson.model.FreeStyleBuild", "number": 1, "queueId": 30,
             "result": "SUCCESS"}
        ]})
    );
}

#[test]
fn cancelled_items_become_left_items_without_executable() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app")));
    let auth = basic("deployer", TOKEN);
    let a = [("Authorization", auth.as_str())];
    send(emu.addr(), "POST", "/job/app/build?delay=30sec", &a, "");

    assert_eq!(
        send(emu.addr(), "POST", "/queue/cancelItem?id=1", &a, "").status,
        204
    );
    let item = json(&send(emu.addr(), "GET", "/queue/item/1/api/json", &a, ""));
    assert_eq!(item["_class"], "hudson.model.Queue$LeftItem");
    assert_eq!(item["cancelled"], true);
    assert_eq!(item["executable"], serde_json::Value::Null);
    assert_eq!(
        send(emu.addr(), "POST", "/queue/cancelItem?id=1", &a, "").status,
        500
    );
    assert_eq!(
        send(emu.addr(), "POST", "/queue/cancelItem?id=9", &a, "").status,
        404
    );
}

#[test]
fn location_follows_the_proxy_and_json_urls_follow_the_root_url() {
    let config = Config::default()
        .with_context_path("/ci")
        .with_location_base("http://jenkins-internal.invalid:8080")
        .with_root_url("http://jenkins-internal.invalid:8080/ci/")
        .with_job(Job::freestyle("app").with_duration_ms(10));
    let emu = emulator(config);
    let auth = basic("deployer", TOKEN);
    let a = [("Authorization", auth.as_str())];

    let created = send(emu.addr(), "POST", "/ci/job/app/build?delay=0sec", &a, "");
    assert_eq!(
        created.header("location"),
        Some("http://jenkins-internal.invalid:8080/ci/queue/item/1/")
    );
    let item = json(&send(
        emu.addr(),
        "GET",
        "/ci/queue/item/1/api/json",
        &a,
        "",
    ));
    assert_eq!(
        item["executable"]["url"],
        "http://jenkins-internal.invalid:8080/ci/job/app/1/"
    );
}

#[test]
fn get_on_trigger_endpoints_is_405_unless_the_job_token_is_given() {
    let config = Config::default()
        .with_job(Job::freestyle("app-plain").with_remote_token("secret"))
        .with_job(Job::parameterized(
            "app-param",
            vec![Param::string("V", "1")],
        ));
    let emu = emulator(config);
    let auth = basic("deployer", TOKEN);
    let a = [("Authorization", auth.as_str())];

    let plain = send(emu.addr(), "GET", "/job/app-plain/build", &a, "");
    assert_eq!((plain.status, plain.header("allow")), (405, Some("POST")));
    let form = send(emu.addr(), "GET", "/job/app-param/build", &a, "");
    assert_eq!((form.status, form.header("allow")), (405, None));
    assert!(form.body.contains("<form"));
    let token = send(
        emu.addr(),
        "GET",
        "/job/app-plain/build?token=secret",
        &a,
        "",
    );
    assert_eq!(token.status, 201);
    let item = json(&send(emu.addr(), "GET", "/queue/item/1/api/json", &a, ""));
    assert_eq!(
        item["actions"][0]["causes"][0]["_class"],
        "hudson.model.Cause$RemoteCause"
    );
}

#[test]
fn a_non_concurrent_job_blocks_the_next_item_while_its_build_runs() {
    let emu = emulator(Config::default().with_job(Job::freestyle("app").with_duration_ms(3000)));
    let auth = basic("deployer", TOKEN);
    let a = [("Authorization", auth.as_str())];
    send(emu.addr(), "POST", "/job/app/build?delay=0sec", &a, "");
    send(emu.addr(), "GET", "/queue/item/1/api/json", &a, "");

    let second = send(emu.addr(), "POST", "/job/app/build?delay=0sec", &a, "");
    assert!(second
        .header("location")
        .unwrap()
        .ends_with("/queue/item/2/"));
    let item = json(&send(emu.addr(), "GET", "/queue/item/2/api/json", &a, ""));
    assert_eq!(item["_class"], "hudson.model.Queue$BlockedItem");
    assert_eq!(item["blocked"], true);
    assert_eq!(item["why"], "Build #1 is already in progress (ETA: N/A)");
    let third = send(emu.addr(), "POST", "/job/app/build", &a, "");
    assert_eq!(third.header("location"), second.header("location"));

    let job = json(&send(emu.addr(), "GET", "/job/app/api/json", &a, ""));
    assert_eq!(job["inQueue"], true);
    assert_eq!(job["color"], "notbuilt_anime");
    let build = json(&send(emu.addr(), "GET", "/job/app/1/api/json", &a, ""));
    assert_eq!(
        (build["building"].clone(), build["result"].clone()),
        (true.into(), None::<bool>.into())
    );
    assert_eq!(build["queueId"], 1);
}

#[test]
fn emulator_is_shareable_and_stops_listening_on_shutdown() {
    fn shareable<T: Send + Sync>(_: &T) {}
    let emu = emulator(Config::default());
    shareable(&emu);
    let addr = emu.addr();
    assert_eq!(addr.ip().to_string(), "127.0.0.1");
    assert_eq!(emu.base_url(), format!("http://{addr}/"));

    emu.shutdown();
    assert!(TcpStream::connect(addr).is_err());
}

#[test]
fn binary_announces_its_url_and_exits_when_stdin_closes() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_jenkins-emulator"))
        .args(["--context-path", "/jenkins", "--job", "team/app"])
        .args([
            "--user",
            &format!("deployer:pw:{TOKEN}"),
            "--exit-on-stdin-eof",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let stdout = child.stdout.take().unwrap();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("JENKINS_EMULATOR_URL=")
        .unwrap()
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/jenkins/"));

    let addr: SocketAddr = url["http://".len()..url.len() - "/jenkins/".len()]
        .parse()
        .unwrap();
    let auth = basic("deployer", TOKEN);
    let resp = send(
        addr,
        "POST",
        "/jenkins/job/team/job/app/build",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(resp.status, 201);

    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
}

#[test]
fn binary_rejects_unknown_flags_with_exit_code_2() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jenkins-emulator"))
        .arg("--frobnicate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown option: --frobnicate"));
}
