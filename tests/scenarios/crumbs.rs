//! B01, B02, B04: crumbs, the session cookie they are bound to, and what a crumb issuer's
//! answers mean.

use jenkins_emulator::CsrfMode;
use jenkins_trigger::{Client, ErrorKind};

use crate::common::mock::{response, Mock};
use crate::common::*;

#[test]
fn b01_password_trigger_sends_crumb_and_session_cookie_together() {
    let emu = start(scenario_config());
    let client = password_client(&emu);

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_id, 1);
    assert_eq!(queued.queue_url, format!("{}queue/item/1/", emu.base_url()));
    assert!(!queued.folded);
    let reqs = emu.requests();
    assert_eq!(
        lines(&reqs),
        ["GET /crumbIssuer/api/json 200", "POST /job/app/build 201"]
    );
    let cookie = reqs[1]
        .header("cookie")
        .expect("the POST carries the session cookie");
    assert!(
        cookie.starts_with(&format!("{}=", emu.session_cookie_name())),
        "{cookie}"
    );
    assert!(reqs[1]
        .header("jenkins-crumb")
        .is_some_and(|c| c.len() == 64));
}

#[test]
fn b01_second_trigger_on_the_same_client_is_one_request() {
    let emu = start(scenario_config());
    let client = password_client(&emu);
    client.trigger_build("app", &[]).unwrap();
    emu.clear_requests();

    let queued = client.trigger_build("app2", &[]).unwrap();

    assert_eq!(queued.queue_id, 2);
    assert_eq!(lines(&emu.requests()), ["POST /job/app2/build 201"]);
}

#[test]
fn b01_context_path_scopes_every_request_and_the_cookie() {
    let emu = start(scenario_config().with_context_path("/ci"));
    let client = password_client(&emu);

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_url, format!("{}queue/item/1/", emu.base_url()));
    assert!(queued.queue_url.ends_with("/ci/queue/item/1/"));
    let reqs = emu.requests();
    assert_eq!(
        lines(&reqs),
        [
            "GET /ci/crumbIssuer/api/json 200",
            "POST /ci/job/app/build 201"
        ]
    );
    assert!(reqs[1].header("cookie").is_some());
}

#[test]
fn b01_custom_crumb_field_name_is_taken_from_the_issuer() {
    let mut config = scenario_config();
    config.crumb_field = ".crumb".to_string();
    let emu = start(config);
    let client = password_client(&emu);

    client.trigger_build("app", &[]).unwrap();

    let reqs = emu.requests();
    assert_eq!(reqs[1].status, 201);
    assert!(reqs[1].header(".crumb").is_some());
    assert!(reqs[1].header("jenkins-crumb").is_none());
}

#[test]
fn b02_crumb_made_stale_by_a_restart_is_refetched_once() {
    let emu = start(scenario_config());
    let client = password_client(&emu);
    client.trigger_build("app", &[]).unwrap();
    emu.restart();
    emu.clear_requests();

    let queued = client.trigger_build("app2", &[]).unwrap();

    assert_eq!(queued.queue_id, 2);
    assert_eq!(
        lines(&emu.requests()),
        [
            "POST /job/app2/build 403",
            "GET /crumbIssuer/api/json 200",
            "POST /job/app2/build 201"
        ]
    );
}

#[test]
fn b02_crumb_of_an_expired_session_is_refetched_once() {
    let emu = start(scenario_config().with_session_ttl_ms(300));
    let client = password_client(&emu);
    client.trigger_build("app", &[]).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    emu.clear_requests();

    client.trigger_build("app2", &[]).unwrap();

    assert_eq!(
        lines(&emu.requests()),
        [
            "POST /job/app2/build 403",
            "GET /crumbIssuer/api/json 200",
            "POST /job/app2/build 201"
        ]
    );
}

#[test]
fn b02_crumb_refused_twice_is_a_crumb_error_after_exactly_one_refresh() {
    let crumb_page = "<html><head><title>Error 403 No valid crumb was included in the \
                      request</title></head></html>";
    let mock = Mock::start(move |r| match r.method.as_str() {
        "GET" => response(
            "200 OK",
            &[("Content-Type", "application/json")],
            r#"{"crumb":"c0ffee","crumbRequestField":"Jenkins-Crumb"}"#,
        ),
        _ => response(
            "403 Forbidden",
            &[("Content-Type", "text/html")],
            crumb_page,
        ),
    });
    let client = password_client_at(&mock.base_url());

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Crumb);
    assert_eq!(e.http_status(), 403);
    assert!(
        e.message().contains("An API token needs no crumb"),
        "{}",
        e.message()
    );
    assert_no_secret(e.message(), &["c0ffee".to_string()]);
    let methods: Vec<String> = mock.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["GET", "POST", "GET", "POST"]);
}

#[test]
fn b02_permission_403_is_forbidden_without_a_crumb_refresh() {
    let emu = start(scenario_config());
    let client = Client::new(&emu.base_url()).unwrap();
    client.set_basic_auth("viewer", "pw-viewer").unwrap();

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Forbidden);
    assert_eq!(e.http_status(), 403);
    assert!(
        e.message().contains("hudson.model.Item.Build"),
        "{}",
        e.message()
    );
    assert_eq!(
        lines(&emu.requests()),
        ["GET /crumbIssuer/api/json 200", "POST /job/app/build 403"]
    );
}

#[test]
fn b04_crumb_issuer_404_at_the_root_means_post_without_crumb() {
    let emu = start(scenario_config().with_csrf(CsrfMode::Off));
    let client = password_client(&emu);

    assert_eq!(client.get_crumb().unwrap(), None);
    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_id, 1);
    let reqs = emu.requests();
    assert_eq!(
        lines(&reqs),
        ["GET /crumbIssuer/api/json 404", "POST /job/app/build 201"]
    );
    assert!(reqs[1].header("jenkins-crumb").is_none());
}

#[test]
fn b04_wrong_password_on_the_crumb_issuer_stops_before_any_post() {
    let emu = start(scenario_config());
    let client = Client::new(&emu.base_url()).unwrap();
    client.set_basic_auth(USER, "wrong-password").unwrap();

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Unauthorized);
    assert_eq!(e.http_status(), 401);
    assert!(!e.message().contains("wrong-password"));
    assert_eq!(lines(&emu.requests()), ["GET /crumbIssuer/api/json 401"]);
}

#[test]
fn b04_server_url_below_a_folder_is_refused_before_any_request() {
    let emu = start(scenario_config().with_context_path("/ci"));

    let e = Client::new(&format!("{}job/team/", emu.base_url()))
        .err()
        .unwrap();

    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(
        e.message().contains("give the job path separately"),
        "{}",
        e.message()
    );
    assert!(emu.requests().is_empty());
}

#[test]
fn b04_crumb_issuer_failure_stops_before_any_post() {
    let emu = start(scenario_config());
    emu.set_crumb_issuer_fault(Some(500));
    let client = password_client(&emu);

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Http);
    assert_eq!(e.http_status(), 500);
    assert!(
        e.message().contains("crumbIssuer/api/json"),
        "{}",
        e.message()
    );
    assert_eq!(lines(&emu.requests()), ["GET /crumbIssuer/api/json 500"]);
}

#[test]
fn b04_login_page_instead_of_crumb_json_is_a_protocol_error_naming_the_url() {
    let mock = Mock::start(|_| {
        response(
            "200 OK",
            &[("Content-Type", "text/html")],
            "<html>Sign in</html>",
        )
    });
    let client = password_client_at(&mock.base_url());

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Protocol);
    let url = format!("{}crumbIssuer/api/json", mock.base_url());
    assert!(e.message().contains(&url), "{}", e.message());
    assert!(
        e.message().contains("no login page or proxy is in the way"),
        "{}",
        e.message()
    );
    assert_eq!(mock.requests().len(), 1);
}
