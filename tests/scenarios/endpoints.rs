//! B09 and B22: `build` versus `buildWithParameters`, parameters in the form body, names
//! checked against the job before anything is triggered, and only ever POST.

use jenkins_trigger::ErrorKind;

use crate::common::mock::{response, Mock};
use crate::common::*;

const PARAM_TREE: &str =
    "api/json?tree=property%5BparameterDefinitions%5Bname%2Ctype%2Cchoices%5D%5D";

#[test]
fn b09_parameterized_job_without_parameters_runs_with_its_defaults() {
    let emu = start(scenario_config());
    let client = token_client(&emu);

    let queued = client.trigger_build("app-param", &[]).unwrap();

    assert_eq!(queued.queue_id, 1);
    assert_eq!(
        lines(&emu.requests()),
        [
            "POST /job/app-param/build 400",
            "POST /job/app-param/buildWithParameters 201"
        ]
    );
}

#[test]
fn b09_known_parameterized_job_goes_straight_to_build_with_parameters() {
    let emu = start(scenario_config());
    let client = token_client(&emu);
    let first = client.trigger_build("app-param", &[]).unwrap();
    emu.clear_requests();

    let again = client.trigger_build("app-param", &[]).unwrap();

    // Identical values fold into the item already queued: Jenkins answers 303.
    assert_eq!(again.queue_id, first.queue_id);
    assert!(again.folded);
    assert_eq!(
        lines(&emu.requests()),
        ["POST /job/app-param/buildWithParameters 303"]
    );
}

#[test]
fn b09_parameters_are_form_encoded_in_the_body_after_one_definitions_read() {
    let emu = start(scenario_config());
    let client = token_client(&emu);

    client
        .trigger_build("app-param", &[("VERSION", "2.3"), ("DRY_RUN", "true")])
        .unwrap();
    client
        .trigger_build("app-param", &[("VERSION", "wért €")])
        .unwrap();

    let reqs = emu.requests();
    assert_eq!(
        lines(&reqs),
        [
            format!("GET /job/app-param/{PARAM_TREE} 200"),
            "POST /job/app-param/buildWithParameters 201".to_string(),
            "POST /job/app-param/buildWithParameters 201".to_string(),
        ]
    );
    assert_eq!(reqs[1].body, b"VERSION=2.3&DRY_RUN=true");
    assert_eq!(
        reqs[1].header("content-type"),
        Some("application/x-www-form-urlencoded; charset=UTF-8")
    );
    assert_eq!(reqs[2].body, b"VERSION=w%C3%A9rt%20%E2%82%AC");
}

#[test]
fn b09_misspelt_parameter_is_refused_before_any_post_listing_the_real_names() {
    let emu = start(scenario_config());
    let client = token_client(&emu);

    let e = client
        .trigger_build("app-param", &[("VERISON", "2.4")])
        .unwrap_err();
    let again = client
        .trigger_build("app-param", &[("VERISON", "2.4")])
        .unwrap_err();

    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        e.message(),
        "the job 'app-param' defines no parameter 'VERISON'; it defines 'VERSION', 'DRY_RUN'. \
         Names are case-sensitive. Nothing was triggered"
    );
    // A refusal from cached definitions reads them once more: the job may have changed.
    assert_eq!(again, e);
    let read = format!("GET /job/app-param/{PARAM_TREE} 200");
    assert_eq!(lines(&emu.requests()), [read.clone(), read]);
}

#[test]
fn b09_parameters_for_a_plain_job_are_refused_and_plain_jobs_use_build() {
    let emu = start(scenario_config());
    let client = token_client(&emu);

    let e = client
        .trigger_build("app-plain", &[("X", "1")])
        .unwrap_err();
    let queued = client.trigger_build("app-plain", &[]).unwrap();

    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(
        e.message().contains("takes no parameters"),
        "{}",
        e.message()
    );
    assert_eq!(queued.queue_id, 1);
    assert_eq!(
        lines(&emu.requests()),
        [
            format!("GET /job/app-plain/{PARAM_TREE} 200"),
            "POST /job/app-plain/build 201".into()
        ]
    );
}

#[test]
fn b09_disabled_job_is_an_http_error_saying_nothing_was_queued() {
    let emu = start(scenario_config());
    let client = token_client(&emu);

    let e = client.trigger_build("off", &[]).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Http);
    assert_eq!(e.http_status(), 409);
    assert!(
        e.message().contains("off is not buildable"),
        "{}",
        e.message()
    );
    assert!(
        e.message().contains("Nothing was queued"),
        "{}",
        e.message()
    );
    assert_eq!(lines(&emu.requests()), ["POST /job/off/build 409"]);
}

#[test]
fn b22_a_200_page_answering_the_trigger_is_never_success() {
    let mock = Mock::start(|_| {
        response(
            "200 OK",
            &[("Content-Type", "text/html")],
            "<html>Build with params</html>",
        )
    });
    let client = token_client_at(&mock.base_url());

    let e = client.trigger_build("app", &[]).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Protocol);
    assert_eq!(e.http_status(), 200);
    assert!(
        e.message().contains("a page instead of 201"),
        "{}",
        e.message()
    );
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        (reqs[0].method.as_str(), reqs[0].target.as_str()),
        ("POST", "/job/app/build")
    );
}

#[test]
fn b09_boolean_other_than_true_or_false_is_refused_before_any_post() {
    let emu = start(scenario_config());
    let client = token_client(&emu);

    let e = client
        .trigger_build("app-param", &[("DRY_RUN", "maybe")])
        .unwrap_err();

    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        e.message(),
        "the parameter 'DRY_RUN' of job 'app-param' is a boolean: give true or false, not \
         'maybe'. Nothing was triggered"
    );
    assert_eq!(
        lines(&emu.requests()),
        [format!("GET /job/app-param/{PARAM_TREE} 200")]
    );
}

#[test]
fn b09_choice_not_offered_is_refused_and_an_offered_one_is_sent() {
    let job = jenkins_emulator::Job::parameterized(
        "deploy",
        vec![jenkins_emulator::Param::choice("ENV", &["dev", "prod"])],
    );
    let emu = start(scenario_config().with_job(job));
    let client = token_client(&emu);

    let e = client
        .trigger_build("deploy", &[("ENV", "qa")])
        .unwrap_err();
    client.trigger_build("deploy", &[("ENV", "prod")]).unwrap();

    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(
        e.message().contains("is a choice of 'dev', 'prod'"),
        "{}",
        e.message()
    );
    let reqs = emu.requests();
    assert_eq!(lines(&reqs).len(), 2);
    assert_eq!(reqs[1].body, b"ENV=prod");
    assert_eq!(reqs[1].status, 201);
}
