//! Shared set-up of the integration tests: the users and jobs of scenarios.md, emulators
//! and clients built from them, and the assertion that no secret leaks.

#![allow(
    dead_code,
    reason = "each test binary uses its own part of the helpers"
)]

pub mod mock;

use jenkins_emulator::{Config, Emulator, Job, Param, RecordedRequest, User};
use jenkins_trigger::{Client, Error};

pub const USER: &str = "deployer";
pub const PASSWORD: &str = "pw-deployer";
pub const TOKEN: &str = "11aa22bb33cc44dd55ee66ff77889900";
pub const UNICODE_USER: &str = "jürgen";
pub const UNICODE_PASSWORD: &str = "pässwörd€ ü:x";

/// The users and jobs that scenarios.md's cases use.
pub fn scenario_config() -> Config {
    Config::default()
        .with_user(User::new(USER, PASSWORD).with_token(TOKEN))
        .with_user(User::new(UNICODE_USER, UNICODE_PASSWORD))
        .with_user(User::new("viewer", "pw-viewer").without_build())
        .with_job(Job::freestyle("app"))
        .with_job(Job::freestyle("app2"))
        .with_job(Job::freestyle("app-plain"))
        .with_job(Job::parameterized(
            "app-param",
            vec![
                Param::string("VERSION", "1.0"),
                Param::boolean("DRY_RUN", false),
            ],
        ))
        .with_job(Job::freestyle("Team A/Deploy Web"))
        .with_job(Job::freestyle("svc/feature%2Fx-1"))
        .with_job(Job::freestyle("simple"))
        .with_job(Job::freestyle("Run a script"))
        .with_job(Job::freestyle("off").disabled())
}

pub fn start(config: Config) -> Emulator {
    Emulator::start(config).expect("the emulator starts on 127.0.0.1")
}

/// A client of `deployer` with the password, so crumbs are used.
pub fn password_client_at(url: &str) -> Client {
    let c = Client::new(url).unwrap();
    c.set_basic_auth(USER, PASSWORD).unwrap();
    c
}

/// A client of `deployer` with the API token, so no crumb round trip.
pub fn token_client_at(url: &str) -> Client {
    let c = Client::new(url).unwrap();
    c.set_api_token(USER, TOKEN).unwrap();
    c
}

pub fn password_client(emu: &Emulator) -> Client {
    password_client_at(&emu.base_url())
}

pub fn token_client(emu: &Emulator) -> Client {
    token_client_at(&emu.base_url())
}

/// "METHOD path?query" of each recorded request, the context path included.
pub fn lines(requests: &[RecordedRequest]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.target, r.status))
        .collect()
}

/// Fails when `text` contains any secret a test uses, or a crumb the emulator issued.
pub fn assert_no_secret(text: &str, crumbs: &[String]) {
    for secret in [PASSWORD, TOKEN, UNICODE_PASSWORD, "pw-viewer"] {
        assert!(!text.contains(secret), "a secret leaked into: {text}");
    }
    for crumb in crumbs {
        assert!(
            !text.contains(crumb.as_str()),
            "a crumb leaked into: {text}"
        );
    }
}

/// Checks an error's message for secrets and returns it for further assertions.
pub fn checked(e: Error) -> Error {
    assert_no_secret(e.message(), &[]);
    e
}
