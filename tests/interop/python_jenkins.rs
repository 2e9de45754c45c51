//! python-jenkins, a client no one here wrote, runs its crumb-and-build flow against the
//! emulator: a check that the emulator answers the way Jenkins does.

use std::process::Command;

use super::common::*;
use super::{root, run, text};

#[test]
fn python_jenkins_fetches_a_crumb_and_queues_a_build_on_the_emulator() {
    let emu = start(scenario_config());

    let out = run(Command::new("python3")
        .arg(root().join("tests/python/crumb_and_build.py"))
        .args([emu.base_url().as_str(), USER, PASSWORD, "app"]));

    let stdout = text(&out.stdout);
    assert!(
        out.status.success(),
        "stdout:\n{stdout}\nstderr:\n{}",
        text(&out.stderr)
    );
    assert_eq!(stdout.trim(), "queue item 1");
    let reqs = emu.requests();
    let posts: Vec<_> = reqs.iter().filter(|r| r.method == "POST").collect();
    assert_eq!(posts.len(), 1);
    assert_eq!(
        (posts[0].path.as_str(), posts[0].status),
        ("/job/app/build", 201)
    );
    assert!(posts[0].header("jenkins-crumb").is_some());
    assert!(reqs
        .iter()
        .any(|r| r.path == "/crumbIssuer/api/json" && r.status == 200));
}
