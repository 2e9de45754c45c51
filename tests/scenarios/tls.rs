//! B08 and B20 over HTTPS: certificates are verified by default, a CA file extends trust
//! without switching verification off, and the explicit insecure switch covers every request.

use std::path::PathBuf;

use jenkins_emulator::{Emulator, TlsConfig};
use jenkins_trigger::{Client, ErrorKind};

use crate::common::*;

fn tls_emulator(names: &[&str]) -> Emulator {
    let tls = TlsConfig {
        names: names.iter().map(|n| n.to_string()).collect(),
        ..TlsConfig::default()
    };
    start(
        scenario_config()
            .with_context_path("/ci")
            .with_tls_config(tls),
    )
}

fn ca_file(emu: &Emulator) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("jt-ca-{}-{}.pem", std::process::id(), emu.addr()));
    std::fs::write(&path, emu.ca_pem().unwrap()).unwrap();
    path
}

#[test]
fn b08_untrusted_certificate_is_a_tls_error_before_any_request() {
    let emu = tls_emulator(&["127.0.0.1"]);
    let client = password_client(&emu);

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Tls);
    assert_eq!(e.http_status(), 0);
    assert!(
        e.message().contains("give its certificate as the CA file"),
        "{}",
        e.message()
    );
    assert!(emu.requests().is_empty());
}

#[test]
fn b08_ca_file_extends_trust_without_turning_verification_off() {
    let emu = tls_emulator(&["127.0.0.1"]);
    let client = password_client(&emu);
    client.set_ca_file(&ca_file(&emu)).unwrap();

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_url, format!("{}queue/item/1/", emu.base_url()));
    assert!(queued.queue_url.starts_with("https://127.0.0.1:"));
    assert_eq!(
        lines(&emu.requests()),
        [
            "GET /ci/crumbIssuer/api/json 200",
            "POST /ci/job/app/build 201"
        ]
    );
}

#[test]
fn b08_certificate_for_another_name_is_a_tls_error_even_with_the_ca_file() {
    let emu = tls_emulator(&["other.test"]);
    let client = password_client(&emu);
    client.set_ca_file(&ca_file(&emu)).unwrap();

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Tls);
    assert!(
        e.message().contains("issued for another host name"),
        "{}",
        e.message()
    );
    assert!(emu.requests().is_empty());
}

#[test]
fn b08_insecure_switch_applies_to_every_request_of_the_client() {
    let emu = tls_emulator(&["other.test"]);
    let client = password_client(&emu);
    client.set_insecure(true).unwrap();

    client.trigger_build("app", &[]).unwrap();
    client
        .trigger_build("app-param", &[("VERSION", "3")])
        .unwrap();

    assert_eq!(emu.requests().len(), 4, "{:?}", lines(&emu.requests()));
    assert!(emu.requests().iter().all(|r| r.status < 300));
}

#[test]
fn b20_tls_base_with_wrong_root_url_keeps_https_and_the_configured_host() {
    let config = scenario_config()
        .with_context_path("/ci")
        .with_tls()
        .with_first_queue_id(60)
        .with_root_url("http://jenkins-internal.invalid:8080/ci/")
        .with_location_base("http://jenkins-internal.invalid:8080");
    let emu = start(config);
    let client = Client::new(&emu.base_url()).unwrap();
    client.set_api_token(USER, TOKEN).unwrap();
    client.set_ca_file(&ca_file(&emu)).unwrap();

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_id, 60);
    assert_eq!(
        queued.queue_url,
        format!("{}queue/item/60/", emu.base_url())
    );
    assert!(queued.queue_url.starts_with("https://127.0.0.1:"));
}

#[test]
fn b07_tls_13_only_server_is_reached_without_touching_process_wide_settings() {
    let tls = TlsConfig {
        tls13_only: true,
        ..TlsConfig::default()
    };
    let emu = start(scenario_config().with_tls_config(tls));
    let client = password_client(&emu);
    client.set_ca_file(&ca_file(&emu)).unwrap();

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_id, 1);
    assert_eq!(
        lines(&emu.requests()),
        ["GET /crumbIssuer/api/json 200", "POST /job/app/build 201"]
    );
}
