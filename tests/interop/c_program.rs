//! tests/c/trigger.c: the seed's workflow from C (crumb, trigger `Run a script` under the
//! context path `/jenkins`, print the queue id) against the emulator, also under valgrind.

use std::path::PathBuf;
use std::process::Command;

use jenkins_emulator::Emulator;

use super::common::*;
use super::{run, text};

/// Compiles trigger.c against the header and the shared library cargo built.
fn build_program() -> PathBuf {
    // Once per test process: parallel tests must not rewrite a binary another one runs.
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| super::compile_c("trigger.c")).clone()
}

fn seed_emulator() -> Emulator {
    start(scenario_config().with_context_path("/jenkins"))
}

fn program(prefix: &[&str], exe: &PathBuf, emu: &Emulator) -> Command {
    let mut command = Command::new(prefix.first().copied().unwrap_or(exe.to_str().unwrap()));
    if !prefix.is_empty() {
        command.args(&prefix[1..]).arg(exe);
    }
    command
        .arg("Run a script")
        .env("JENKINS_URL", emu.base_url())
        .env("JENKINS_USER_ID", USER)
        .env("JENKINS_PASSWORD", PASSWORD)
        .env_remove("JENKINS_API_TOKEN");
    command
}

#[test]
fn c_program_gets_a_crumb_and_queues_run_a_script_under_jenkins() {
    let exe = build_program();
    let emu = seed_emulator();

    let out = run(&mut program(&[], &exe, &emu));

    let stdout = text(&out.stdout);
    assert!(
        out.status.success(),
        "stdout:\n{stdout}\nstderr:\n{}",
        text(&out.stderr)
    );
    let version = format!("jenkins_trigger {} (ABI 1)", env!("CARGO_PKG_VERSION"));
    let queued = format!("queued: id 1 at {}queue/item/1/", emu.base_url());
    let expected = [
        version.as_str(),
        "crumb: header Jenkins-Crumb (value not shown)",
        &queued,
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
    assert_no_secret(&stdout, &[]);
    assert_eq!(
        lines(&emu.requests()),
        [
            "GET /jenkins/crumbIssuer/api/json 200",
            "POST /jenkins/job/Run%20a%20script/build 201"
        ]
    );
}

#[test]
fn c_program_logs_through_the_callback_that_no_crumbs_are_issued() {
    let exe = build_program();
    let emu = start(scenario_config().with_csrf(jenkins_emulator::CsrfMode::Off));

    let out = run(&mut program(&[], &exe, &emu));

    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("crumb: none, the controller issues no crumbs\n"));
    let expected = format!(
        "trigger: [info] {}crumbIssuer/api/json answered 404: Jenkins issues no crumbs, \
         POSTs go without\n",
        emu.base_url()
    );
    assert_eq!(text(&out.stderr), expected);
}

#[test]
fn c_program_reports_a_wrong_password_without_echoing_it() {
    let exe = build_program();
    let emu = seed_emulator();

    let out = run(program(&[], &exe, &emu).env("JENKINS_PASSWORD", "not-the-password"));

    assert_eq!(out.status.code(), Some(10 + 5), "JT_UNAUTHORIZED is 5");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("jt_get_crumb failed (status 5, HTTP 401)"),
        "{stderr}"
    );
    assert!(!stderr.contains("not-the-password"));
}

#[test]
fn c_program_leaks_nothing_under_valgrind() {
    let exe = build_program();
    let emu = seed_emulator();
    let valgrind = [
        "valgrind",
        "--leak-check=full",
        "--errors-for-leak-kinds=definite",
    ];

    let out = run(&mut program(&valgrind, &exe, &emu));

    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("definitely lost: 0 bytes in 0 blocks"),
        "{stderr}"
    );
    assert!(
        stderr.contains("indirectly lost: 0 bytes in 0 blocks"),
        "{stderr}"
    );
    assert!(text(&out.stdout).contains("queued: id 1 at"));
}
