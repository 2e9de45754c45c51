//! B10: folders, spaces, non-ASCII names and multibranch branches become the one URL path
//! Jenkins serves; every other spelling is a 404 that shows the URL the client computed.

use jenkins_trigger::{ErrorKind, JobPath};

use crate::common::*;

fn posted_paths(emu: &jenkins_emulator::Emulator) -> Vec<String> {
    emu.requests()
        .iter()
        .map(|r| format!("{} {}", r.target, r.status))
        .collect()
}

#[test]
fn b10_folder_and_job_with_spaces_are_percent_20_segments() {
    let emu = start(scenario_config());
    let client = token_client(&emu);

    client.trigger_build("Team A/Deploy Web", &[]).unwrap();

    assert_eq!(
        posted_paths(&emu),
        ["/job/Team%20A/job/Deploy%20Web/build 201"]
    );
}

#[test]
fn b10_branch_name_with_slash_is_encoded_twice() {
    let emu = start(scenario_config());
    let client = token_client(&emu);
    let by_levels = JobPath::from_segments(&["svc", "feature/x-1"]).unwrap();

    client.trigger_job(&by_levels, &[]).unwrap();
    client.trigger_build("svc/feature%2Fx-1", &[]).unwrap();

    assert_eq!(
        posted_paths(&emu),
        [
            "/job/svc/job/feature%252Fx-1/build 201",
            "/job/svc/job/feature%252Fx-1/build 201"
        ]
    );
}

#[test]
fn b10_job_url_is_used_without_re_encoding() {
    let emu = start(scenario_config());
    let client = token_client(&emu);
    let url = format!("{}job/Team%20A/job/Deploy%20Web/", emu.base_url());

    client.trigger_build(&url, &[]).unwrap();

    assert_eq!(
        posted_paths(&emu),
        ["/job/Team%20A/job/Deploy%20Web/build 201"]
    );
}

#[test]
fn b10_non_ascii_job_name_is_utf8_percent_encoded() {
    let emu = start(scenario_config().with_job(jenkins_emulator::Job::freestyle("Ünïcode Jöb")));
    let client = token_client(&emu);

    client.trigger_build("Ünïcode Jöb", &[]).unwrap();

    assert_eq!(
        posted_paths(&emu),
        ["/job/%C3%9Cn%C3%AFcode%20J%C3%B6b/build 201"]
    );
}

#[test]
fn b10_unknown_job_is_not_found_showing_the_computed_url() {
    let emu = start(scenario_config());
    let client = token_client(&emu);

    let e = client
        .trigger_build("Team A/Deploy Mobile", &[])
        .unwrap_err();

    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.http_status(), 404);
    let url = format!("{}job/Team%20A/job/Deploy%20Mobile/build", emu.base_url());
    assert!(e.message().contains(&url), "{}", e.message());
    assert!(
        e.message().contains("'Team A/Deploy Mobile'"),
        "{}",
        e.message()
    );
}
