//! tests/c/jenkins-build.c: trigger, wait, console on stdout, exit code by result, against
//! the emulator; also under valgrind.

use std::path::PathBuf;
use std::process::{Command, Output};

use jenkins_emulator::{Config, Emulator, Job, User};

use super::common::*;
use super::{run, text};

fn build_program() -> PathBuf {
    // Once per test process: parallel tests must not rewrite a binary another one runs.
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| super::compile_c("jenkins-build.c"))
        .clone()
}

fn emulator(jobs: Vec<Job>) -> Emulator {
    let mut config = Config::default()
        .with_context_path("/jenkins")
        .with_user(User::new(USER, PASSWORD).with_token(TOKEN));
    for job in jobs {
        config = config.with_job(job);
    }
    start(config)
}

fn job(name: &str, result: &str, console: &str) -> Job {
    Job::freestyle(name)
        .with_quiet_period_ms(100)
        .with_duration_ms(300)
        .with_result(result)
        .with_console(console)
}

fn jenkins_build(prefix: &[&str], exe: &PathBuf, emu: &Emulator, args: &[&str]) -> Output {
    let mut command = match prefix.split_first() {
        Some((first, rest)) => {
            let mut c = Command::new(first);
            c.args(rest).arg(exe);
            c
        }
        None => Command::new(exe),
    };
    run(command
        .args(["-i", "100"])
        .args(args)
        .env("JENKINS_URL", emu.base_url())
        .env("JENKINS_USER_ID", USER)
        .env("JENKINS_API_TOKEN", TOKEN)
        .env_remove("JENKINS_PASSWORD"))
}

#[test]
fn exit_code_is_the_result_and_stdout_is_the_console() {
    let results = [
        ("SUCCESS", 0),
        ("UNSTABLE", 1),
        ("FAILURE", 2),
        ("NOT_BUILT", 3),
        ("ABORTED", 4),
    ];
    let jobs = results
        .iter()
        .map(|(r, _)| {
            job(
                &format!("job-{r}"),
                r,
                &format!("building\nFinished: {r}\n"),
            )
        })
        .collect();
    let exe = build_program();
    let emu = emulator(jobs);

    for (result, code) in results {
        let out = jenkins_build(&[], &exe, &emu, &[&format!("job-{result}")]);

        assert_eq!(out.status.code(), Some(code), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), format!("building\nFinished: {result}\n"));
        let last = text(&out.stderr).lines().last().unwrap_or("").to_string();
        assert_eq!(
            last,
            format!("jenkins-build: job-{result} #1 finished: {result}")
        );
    }
}

#[test]
fn deadline_passed_exits_5_and_stop_on_timeout_aborts_the_build() {
    let exe = build_program();
    let emu = emulator(vec![
        job("long", "SUCCESS", "one\ntwo\n").with_duration_ms(30_000)
    ]);

    let out = jenkins_build(&[], &exe, &emu, &["-t", "2", "-s", "long"]);

    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    let stops: Vec<_> = emu
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/stop"))
        .collect();
    assert_eq!(stops.len(), 1);
    assert_eq!(
        (stops[0].path.as_str(), stops[0].status),
        ("/jenkins/job/long/1/stop", 302)
    );
}

#[test]
fn item_that_never_starts_is_cancelled_on_timeout_and_exits_5() {
    let exe = build_program();
    let emu = emulator(vec![job("labelled", "SUCCESS", "").with_label("win-x64")]);

    let out = jenkins_build(&[], &exe, &emu, &["-t", "1", "-s", "labelled"]);

    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("There are no nodes with the label"),
        "{}",
        text(&out.stderr)
    );
    let cancels: Vec<u16> = emu
        .requests()
        .into_iter()
        .filter(|r| r.path == "/jenkins/queue/cancelItem")
        .map(|r| r.status)
        .collect();
    assert_eq!(cancels, [204]);
}

#[test]
fn parameters_and_delay_reach_jenkins_and_bad_usage_exits_7() {
    let exe = build_program();
    let param = Job::parameterized(
        "deploy",
        vec![jenkins_emulator::Param::string("VERSION", "1")],
    )
    .with_quiet_period_ms(5_000)
    .with_duration_ms(200);
    let emu = emulator(vec![param]);

    let out = jenkins_build(
        &[],
        &exe,
        &emu,
        &["-q", "-d", "0", "-p", "VERSION=2.3", "deploy"],
    );
    let usage = jenkins_build(&[], &exe, &emu, &["-p", "no-equals-sign", "deploy"]);

    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let post = emu
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    assert_eq!(
        post.target,
        "/jenkins/job/deploy/buildWithParameters?delay=0sec"
    );
    assert_eq!(post.body, b"VERSION=2.3");
    assert_eq!(usage.status.code(), Some(7));
}

#[test]
fn jenkins_build_leaks_nothing_under_valgrind() {
    let exe = build_program();
    let emu = emulator(vec![job("app", "FAILURE", "a\nb\n")]);
    let valgrind = [
        "valgrind",
        "--leak-check=full",
        "--errors-for-leak-kinds=definite",
    ];

    let out = jenkins_build(&valgrind, &exe, &emu, &["app"]);

    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("definitely lost: 0 bytes in 0 blocks"),
        "{stderr}"
    );
    assert!(
        stderr.contains("indirectly lost: 0 bytes in 0 blocks"),
        "{stderr}"
    );
    assert_eq!(text(&out.stdout), "a\nb\n");
}
