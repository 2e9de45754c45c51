//! Every log line the library (and the HTTP stack under it) writes at any level, across
//! successes and failures, is free of passwords, tokens and crumbs.

mod common;

use std::sync::Mutex;

use common::*;
use jenkins_trigger::Client;

static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }

    fn log(&self, record: &log::Record) {
        let line = format!("{} {}: {}", record.level(), record.target(), record.args());
        LINES.lock().unwrap().push(line);
    }

    fn flush(&self) {}
}

#[test]
fn no_log_line_at_any_level_carries_a_secret_or_crumb() {
    log::set_logger(&Capture).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let emu = start(scenario_config());

    let password = password_client(&emu);
    password.trigger_build("app", &[]).unwrap();
    emu.restart();
    password.trigger_build("app2", &[]).unwrap();
    password.set_insecure(true).unwrap();
    token_client(&emu)
        .trigger_build("app-param", &[("VERSION", "9")])
        .unwrap();
    let wrong = Client::new(&emu.base_url()).unwrap();
    wrong.set_basic_auth(USER, "wrong-password").unwrap();
    wrong.trigger_build("app", &[]).unwrap_err();

    let crumbs: Vec<String> = emu
        .requests()
        .iter()
        .filter_map(|r| r.header("jenkins-crumb").map(str::to_string))
        .collect();
    assert_eq!(
        crumbs.len(),
        3,
        "two crumbs sent, one refused and one fresh after restart"
    );
    let lines = LINES.lock().unwrap().clone();
    let refreshes = lines
        .iter()
        .filter(|l| l.contains("refused the crumb"))
        .count();
    assert_eq!(refreshes, 1, "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("verification is off")));
    for line in &lines {
        assert_no_secret(line, &crumbs);
        assert!(!line.contains("wrong-password"), "{line}");
    }
}
