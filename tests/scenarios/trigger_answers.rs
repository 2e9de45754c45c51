//! B12 and B20: what each trigger answer means (201, 303, 302, no `Location`), redirects
//! never followed, the POST never repeated, and a wrong host in `Location` never used.

use std::time::Duration;

use jenkins_emulator::TriggerMode;
use jenkins_trigger::ErrorKind;

use crate::common::mock::{response, Mock};
use crate::common::*;

#[test]
fn b12_created_201_gives_the_queue_id_from_location() {
    let emu = start(scenario_config().with_first_queue_id(11));
    let client = token_client(&emu);

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_id, 11);
    assert!(!queued.folded);
}

#[test]
fn b12_folded_303_gives_the_existing_item_without_following_it() {
    let emu = start(scenario_config().with_first_queue_id(11));
    let client = token_client(&emu);
    client
        .trigger_build("app-param", &[("VERSION", "2.3")])
        .unwrap();

    let again = client
        .trigger_build("app-param", &[("VERSION", "2.3")])
        .unwrap();

    assert_eq!(again.queue_id, 11);
    assert!(again.folded);
    let reqs = emu.requests();
    assert_eq!(reqs.last().unwrap().status, 303);
    assert!(
        reqs.iter().all(|r| !r.path.contains("/queue/item/")),
        "{:?}",
        lines(&reqs)
    );
}

#[test]
fn b12_refused_302_says_jenkins_did_not_queue_the_build() {
    let emu = start(scenario_config().with_trigger_mode(TriggerMode::Refused));
    let client = token_client(&emu);

    let e = client.trigger_build("app", &[]).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Http);
    assert_eq!(e.http_status(), 302);
    assert!(
        e.message().contains("did not queue the build of 'app'"),
        "{}",
        e.message()
    );
    assert_eq!(lines(&emu.requests()), ["POST /job/app/build 302"]);
}

#[test]
fn b12_201_without_location_is_a_protocol_error_not_a_guess() {
    let emu = start(scenario_config());
    emu.set_trigger_mode(TriggerMode::NoLocation);
    let client = token_client(&emu);

    let e = client.trigger_build("app", &[]).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Protocol);
    assert_eq!(e.http_status(), 201);
    assert!(
        e.message().contains("check Jenkins before re-running"),
        "{}",
        e.message()
    );
    assert_eq!(lines(&emu.requests()), ["POST /job/app/build 201"]);
}

#[test]
fn b12_lost_answer_to_the_post_is_reported_and_never_resent() {
    let mock = Mock::start(|_| {
        std::thread::sleep(Duration::from_millis(1500));
        String::new()
    });
    let client = token_client_at(&mock.base_url());
    client.set_timeout(Duration::from_millis(300)).unwrap();

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(e.message().contains("was not repeated"), "{}", e.message());
    std::thread::sleep(Duration::from_millis(1600));
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn b12_connection_dropped_after_the_post_is_not_resent() {
    let mock = Mock::start(|_| String::new());
    let client = token_client_at(&mock.base_url());

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Connect);
    assert!(
        e.message().contains("may or may not have queued"),
        "{}",
        e.message()
    );
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn b20_wrong_host_in_location_is_replaced_by_the_configured_base() {
    let config = scenario_config()
        .with_context_path("/ci")
        .with_first_queue_id(60)
        .with_root_url("http://jenkins-internal.invalid:8080/ci/")
        .with_location_base("http://jenkins-internal.invalid:8080");
    let emu = start(config);
    let client = token_client(&emu);

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_id, 60);
    assert_eq!(
        queued.queue_url,
        format!("{}queue/item/60/", emu.base_url())
    );
    assert!(queued.queue_url.starts_with("http://127.0.0.1:"));
}

#[test]
fn b20_redirect_to_another_origin_is_not_followed_with_credentials() {
    let mock = Mock::start(|_| {
        response(
            "301 Moved Permanently",
            &[("Location", "http://jenkins.test/crumbIssuer/")],
            "",
        )
    });
    let client = password_client_at(&mock.base_url());

    let e = checked(client.get_crumb().unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Http);
    assert_eq!(e.http_status(), 301);
    assert!(
        e.message().contains("http://jenkins.test/crumbIssuer/"),
        "{}",
        e.message()
    );
    assert_eq!(mock.requests().len(), 1);
}
