//! B05 and the request-count contract: API tokens need no crumb, passwords do, and each
//! kind of refusal keeps its own meaning.

use base64::Engine as _;
use jenkins_emulator::{Config, Emulator, Job, User};
use jenkins_trigger::{Client, ErrorKind};

use crate::common::*;

fn basic(user: &str, secret: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"));
    format!("Basic {b64}")
}

#[test]
fn b05_token_trigger_is_one_request_without_crumb_or_cookie() {
    let emu = start(scenario_config());
    // A token client must not depend on the crumb issuer at all.
    emu.set_crumb_issuer_fault(Some(500));
    let client = token_client(&emu);

    let first = client.trigger_build("app", &[]).unwrap();
    let second = client.trigger_build("app2", &[]).unwrap();

    assert_eq!((first.queue_id, second.queue_id), (1, 2));
    let reqs = emu.requests();
    assert_eq!(
        lines(&reqs),
        ["POST /job/app/build 201", "POST /job/app2/build 201"]
    );
    assert_eq!(
        reqs[0].header("authorization"),
        Some(basic(USER, TOKEN).as_str())
    );
    assert!(reqs[0].header("jenkins-crumb").is_none());
    assert!(reqs[0].header("cookie").is_none());
}

#[test]
fn b05_password_trigger_costs_crumb_plus_post_then_one_request() {
    let emu = start(scenario_config());
    let client = password_client(&emu);

    client.trigger_build("app", &[]).unwrap();
    let after_first = emu.requests().len();
    client.trigger_build("app2", &[]).unwrap();

    assert_eq!(after_first, 2);
    assert_eq!(emu.requests().len(), 3);
}

#[test]
fn b05_revoked_token_is_unauthorized_and_never_mentions_crumbs() {
    let emu = start(scenario_config());
    let client = Client::new(&emu.base_url()).unwrap();
    client
        .set_api_token(USER, "00000000000000000000000000000000")
        .unwrap();

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Unauthorized);
    assert_eq!(e.http_status(), 401);
    assert!(
        e.message().contains("invalid password/token"),
        "{}",
        e.message()
    );
    assert!(
        e.message().contains("generate a new one"),
        "{}",
        e.message()
    );
    assert!(
        !e.message().to_lowercase().contains("crumb"),
        "{}",
        e.message()
    );
    assert!(!e.message().contains("00000000000000000000000000000000"));
    assert_eq!(lines(&emu.requests()), ["POST /job/app/build 401"]);
}

#[test]
fn b05_token_without_build_permission_is_forbidden_not_a_crumb_error() {
    let config = Config::default()
        .with_user(
            User::new("viewer", "pw-viewer")
                .with_token("viewer-token-0042")
                .without_build(),
        )
        .with_job(Job::freestyle("app"));
    let emu = Emulator::start(config).unwrap();
    let client = Client::new(&emu.base_url()).unwrap();
    client.set_api_token("viewer", "viewer-token-0042").unwrap();

    let e = client.trigger_build("app", &[]).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Forbidden);
    assert!(e
        .message()
        .contains("user 'viewer' lacks the permission hudson.model.Item.Build"));
    assert!(!e.message().contains("viewer-token-0042"));
    assert_eq!(lines(&emu.requests()), ["POST /job/app/build 403"]);
}

#[test]
fn b05_non_ascii_user_and_password_are_sent_as_utf8() {
    let emu = start(scenario_config());
    let client = Client::new(&emu.base_url()).unwrap();
    client
        .set_basic_auth(UNICODE_USER, UNICODE_PASSWORD)
        .unwrap();

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_id, 1);
    let reqs = emu.requests();
    let expected = basic(UNICODE_USER, UNICODE_PASSWORD);
    assert_eq!(reqs[1].header("authorization"), Some(expected.as_str()));
    assert_eq!(reqs[1].status, 201);
}

#[test]
fn b05_secrets_never_reach_messages_even_when_jenkins_echoes_them() {
    use crate::common::mock::{response, Mock};
    // A hostile or broken server that quotes the token back in its error page.
    let mock = Mock::start(|_| {
        let body = format!("<html><title>Error 409 token={TOKEN} refused</title></html>");
        response("409 Conflict", &[("Content-Type", "text/html")], &body)
    });
    let client = token_client_at(&mock.base_url());

    let e = client.trigger_build("app", &[]).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Http);
    assert_no_secret(e.message(), &[]);
    assert!(
        e.message().contains("token=**** refused"),
        "{}",
        e.message()
    );
}
