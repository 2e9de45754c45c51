//! The JSON in ../shared/fixtures/jenkins-json, captured from real controllers, read unchanged.

use jenkins_trigger::model::{parse, BuildJson, QueueItemJson};

/// `../shared/fixtures/jenkins-json` beside the repository, or `JT_FIXTURES_DIR`.
fn fixtures_dir() -> std::path::PathBuf {
    match std::env::var_os("JT_FIXTURES_DIR") {
        Some(dir) => dir.into(),
        None => super::root().join("../shared/fixtures/jenkins-json"),
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the captured Jenkins JSON {} ({e}): the fixtures live in \
             shared/fixtures/jenkins-json beside the repository; set JT_FIXTURES_DIR to \
             their folder",
            path.display()
        )
    })
}

#[test]
fn waiting_item_fixture_parses_with_its_why_and_no_executable() {
    let item: QueueItemJson = parse(&fixture("queue-waiting-item.json"), "fixture").unwrap();

    assert_eq!(
        item.class.as_deref(),
        Some("hudson.model.Queue$WaitingItem")
    );
    assert_eq!(item.id, Some(668));
    assert_eq!(item.url.as_deref(), Some("queue/item/700/"));
    assert_eq!(
        item.why.as_deref(),
        Some("In the quiet period. Expires in 4.6 sec")
    );
    assert_eq!((item.cancelled, item.executable), (None, None));
}

#[test]
fn blocked_item_fixture_parses() {
    let item: QueueItemJson = parse(&fixture("queue-blocked-item.json"), "fixture").unwrap();

    assert_eq!(
        item.class.as_deref(),
        Some("hudson.model.Queue$BlockedItem")
    );
    assert_eq!(item.id, Some(669));
    assert_eq!(
        item.why.as_deref(),
        Some("Build #168 is already in progress (ETA:N/A)")
    );
    assert_eq!(
        item.task.unwrap().name.as_deref(),
        Some("Level1_WorkflowJob1")
    );
}

#[test]
fn left_item_fixture_gives_the_build_number_and_wrong_root_url() {
    let item: QueueItemJson = parse(&fixture("queue-left-item.json"), "fixture").unwrap();

    assert_eq!(item.cancelled, Some(false));
    assert_eq!(item.why, None);
    let exe = item.executable.unwrap();
    assert_eq!(exe.number, Some(54));
    assert_eq!(
        exe.url.as_deref(),
        Some("http://0.0.0.0:8080/job/Level1_WorkflowJob1/54/")
    );
}

#[test]
fn finished_freestyle_build_fixture_parses() {
    let build: BuildJson = parse(&fixture("build-freestyle-success.json"), "fixture").unwrap();

    assert_eq!(build.class.as_deref(), Some("hudson.model.FreeStyleBuild"));
    assert_eq!(build.number, Some(14));
    assert_eq!(build.building, Some(false));
    assert_eq!(build.in_progress, None);
    assert_eq!(build.result.as_deref(), Some("SUCCESS"));
    assert_eq!(build.duration, Some(599334));
    assert_eq!(build.queue_id, Some(151));
}

#[test]
fn every_fixture_file_parses_as_the_model_its_class_names() {
    let dir = fixtures_dir();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let body = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        if name.contains("queue-") {
            parse::<QueueItemJson>(&body, &name).unwrap();
        } else {
            parse::<BuildJson>(&body, &name).unwrap();
        }
        seen += 1;
    }
    assert_eq!(seen, 4);
}
