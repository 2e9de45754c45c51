//! The console streamed by `X-Text-Size` offsets: each byte fetched once, console notes
//! removed, CRLF made LF, a multi-byte character never split between two chunks handed out.

use std::time::Duration;

use jenkins_emulator::{Config, ConsoleMode, Emulator, Job, User};
use jenkins_trigger::Client;

use std::io::Write;

use crate::common::mock::Mock;
use crate::common::*;

const NOTE: &str = "\u{1b}[8mha:QUJDRA==\u{1b}[0m";

fn emulator(mode: ConsoleMode, console: &str, duration_ms: u64) -> Emulator {
    let job = Job::freestyle("app")
        .with_quiet_period_ms(0)
        .with_duration_ms(duration_ms)
        .with_console(console);
    let config = Config::default()
        .with_user(User::new(USER, PASSWORD).with_token(TOKEN))
        .with_console_mode(mode)
        .with_job(job);
    start(config)
}

/// Triggers `app`, reads its console to the end and returns the text and the starts asked.
fn follow(emu: &Emulator) -> (String, String) {
    let client = token_client(emu);
    client.set_poll_interval(Duration::from_millis(50)).unwrap();
    let queued = client.trigger_build("app", &[]).unwrap();
    let started = client
        .wait_for_start(queued.queue_id, Duration::from_secs(20))
        .unwrap();

    let (mut text, mut start) = (String::new(), 0);
    loop {
        let chunk = client.read_console(&started.build_url, start).unwrap();
        text.push_str(&chunk.text);
        start = chunk.next_start;
        if !chunk.more {
            return (text, started.build_url);
        }
        std::thread::sleep(Duration::from_millis(80));
    }
}

#[test]
fn running_build_console_is_fetched_once_byte_for_byte() {
    let log = concat!(
        "Started by user deployer\r\n",
        "Step one: ü\nStep two: €uro\nStep three\nFinished: SUCCESS\n"
    );
    let emu = emulator(ConsoleMode::Legacy, log, 1500);

    let (text, _) = follow(&emu);

    assert_eq!(text, log.replace("\r\n", "\n"));
    let reads: Vec<_> = emu
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/progressiveText"))
        .collect();
    assert!(reads.len() >= 2, "the log was read while the build ran");
    let mut expected_start = 0;
    for r in &reads {
        assert_eq!(
            r.query.as_deref(),
            Some(format!("start={expected_start}").as_str())
        );
        expected_start = r.response_header("x-text-size").unwrap().parse().unwrap();
    }
    assert_eq!(expected_start, log.len() as u64);
    // Jenkins writes every bare LF as CRLF: that many bytes more, and nothing twice.
    let bare_lf = log.matches('\n').count() - log.matches("\r\n").count();
    let fetched: usize = reads.iter().map(|r| r.response_len).sum();
    assert_eq!(fetched, log.len() + bare_lf);
}

#[test]
fn console_notes_are_removed_from_a_modern_jenkins_log() {
    let log = format!("Started\n{NOTE}[Pipeline] echo\nhello\n{NOTE}last line without newline");
    let emu = emulator(ConsoleMode::Modern, &log, 100);
    let client = token_client(&emu);
    let queued = client.trigger_build("app", &[]).unwrap();
    let started = client
        .wait_for_start(queued.queue_id, Duration::from_secs(20))
        .unwrap();
    client
        .wait_for_build(&started.build_url, Duration::from_secs(20))
        .unwrap();

    // Read once the build is over: while it runs, Jenkins >= 2.509 counts a partial last
    // line in X-Text-Size without sending it (jenkins-protocol.md 8.1), which no client
    // following X-Text-Size can recover.
    let chunk = client.read_console(&started.build_url, 0).unwrap();

    assert_eq!(
        chunk.text,
        "Started\n[Pipeline] echo\nhello\nlast line without newline"
    );
    assert_eq!((chunk.next_start, chunk.more), (log.len() as u64, false));
}

#[test]
fn character_and_crlf_split_across_chunks_are_held_back_and_fetched_again() {
    let raw: Vec<u8> = [
        b"Started\r\n".as_slice(),
        NOTE.as_bytes(),
        b"price 5 \xE2\x82\xAC\ndone",
    ]
    .concat();
    let cut = raw.len() - b"\xAC\ndone".len();
    let total = raw.len();
    let mock = Mock::start_streaming(move |r, stream| {
        let (body, size, more): (Vec<u8>, usize, bool) = if r.target.ends_with("start=0") {
            (raw[..cut].to_vec(), cut, true)
        } else {
            (b"\xE2\x82\xAC\r\ndone".to_vec(), total, false)
        };
        let more = if more { "X-More-Data: true\r\n" } else { "" };
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain;charset=UTF-8\r\nX-Text-Size: {size}\r\n\
             {more}Content-Length: {}\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(&[head.as_bytes(), &body].concat());
    });
    let client: Client = token_client_at(&mock.base_url());
    let build = format!("{}job/app/1/", mock.base_url());

    let first = client.read_console(&build, 0).unwrap();
    let second = client.read_console(&build, first.next_start).unwrap();

    assert_eq!(
        (first.text.as_str(), first.next_start, first.more),
        ("Started\nprice 5 ", cut as u64 - 2, true)
    );
    assert_eq!((second.text.as_str(), second.more), ("€\ndone", false));
    assert_eq!(
        mock.requests()[1].target,
        format!("/job/app/1/logText/progressiveText?start={}", cut - 2)
    );
}
