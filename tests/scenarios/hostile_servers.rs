//! Answers no Jenkins gives, from a scripted mock on 127.0.0.1: the client keeps its
//! deadlines, does not turn a queued build into an error, and quotes no secret back.

use std::io::Write;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use base64::Engine as _;
use jenkins_trigger::{Client, ErrorKind};

use crate::common::mock::{response, Mock};
use crate::common::*;

#[test]
fn trickling_answer_to_the_post_ends_at_the_timeout() {
    let mock = Mock::start_streaming(|_, stream| {
        let head = "HTTP/1.1 500 Server Error\r\nContent-Length: 100000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        for _ in 0..100 {
            thread::sleep(Duration::from_millis(100));
            if stream.write_all(b"x").is_err() {
                return;
            }
        }
    });
    let client = token_client_at(&mock.base_url());
    client.set_timeout(Duration::from_millis(500)).unwrap();

    let started = std::time::Instant::now();
    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    // The 500 arrived; its body, which would take 10 s to trickle in, is cut at the
    // timeout and the status is reported. The bound is the deadline under test, with slack
    // for a loaded machine, not a performance limit.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(e.kind(), ErrorKind::Http);
    assert_eq!(e.http_status(), 500);
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn queued_build_with_an_oversized_answer_body_is_still_queued() {
    let mock = Mock::start(|_| {
        let body = "x".repeat(200_000);
        response("201 Created", &[("Location", "/queue/item/42/")], &body)
    });
    let client = token_client_at(&mock.base_url());

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_id, 42);
}

#[test]
fn queued_build_whose_answer_body_breaks_off_is_still_queued() {
    let mock = Mock::start_streaming(|_, stream| {
        let head = "HTTP/1.1 201 Created\r\nLocation: /queue/item/43/\r\n\
                    Content-Length: 5000\r\n\r\npartial";
        let _ = stream.write_all(head.as_bytes());
    });
    let client = token_client_at(&mock.base_url());

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_id, 43);
}

#[test]
fn crumb_that_cannot_be_a_header_is_a_protocol_error_and_nothing_is_posted() {
    let mock = Mock::start(|_| {
        let body = r#"{"crumb":"ab\ncd","crumbRequestField":"Jenkins-Crumb"}"#;
        response("200 OK", &[("Content-Type", "application/json")], body)
    });
    let client = password_client_at(&mock.base_url());

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Protocol);
    assert!(
        e.message().contains("crumbIssuer/api/json"),
        "{}",
        e.message()
    );
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn echoed_authorization_header_and_crumb_never_reach_the_message() {
    let mock = Mock::start(|r| {
        if r.method == "GET" {
            let body = r#"{"crumb":"c0ffeec0ffee","crumbRequestField":"Jenkins-Crumb"}"#;
            return response("200 OK", &[("Content-Type", "application/json")], body);
        }
        let echo = format!(
            "<title>Error 500 {} / {}</title>",
            r.header("authorization").unwrap_or(""),
            r.header("jenkins-crumb").unwrap_or("")
        );
        response("500 Server Error", &[("Content-Type", "text/html")], &echo)
    });
    let client = password_client_at(&mock.base_url());

    let e = client.trigger_build("app", &[]).unwrap_err();

    let b64 = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
    assert_eq!(e.http_status(), 500);
    assert!(!e.message().contains(&b64), "{}", e.message());
    assert!(!e.message().contains("c0ffeec0ffee"), "{}", e.message());
    assert!(e.message().contains("Basic **** / ****"), "{}", e.message());
}

#[test]
fn one_letter_token_does_not_garble_the_message() {
    let emu = start(scenario_config());
    let client = Client::new(&emu.base_url()).unwrap();
    client.set_api_token(USER, "e").unwrap();

    let e = client.trigger_build("app", &[]).unwrap_err();

    assert_eq!(e.kind(), ErrorKind::Unauthorized);
    assert!(
        e.message().contains("Jenkins rejected the credentials"),
        "{}",
        e.message()
    );
}

#[test]
fn threads_waiting_for_one_stuck_crumb_fetch_share_it_and_keep_their_deadline() {
    let mock = Mock::start_streaming(|_, _| thread::sleep(Duration::from_millis(2500)));
    let client = Arc::new(Client::new(&mock.base_url()).unwrap());
    client.set_basic_auth(USER, PASSWORD).unwrap();
    client.set_timeout(Duration::from_millis(700)).unwrap();

    let threads: Vec<_> = (0..6)
        .map(|_| {
            let client = Arc::clone(&client);
            thread::spawn(move || client.trigger_build("app", &[]).unwrap_err().kind())
        })
        .collect();
    let kinds: Vec<ErrorKind> = threads.into_iter().map(|t| t.join().unwrap()).collect();

    assert_eq!(kinds, vec![ErrorKind::Timeout; 6]);
    let paths: Vec<String> = mock.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(paths, ["/crumbIssuer/api/json"]);
}

#[test]
fn a_call_started_after_a_credentials_change_never_takes_the_old_users_failure() {
    let alice = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("alice:wrong")
    );
    let mock = Mock::start_streaming(move |r, stream| {
        let answer = if r.method == "POST" {
            response("201 Created", &[("Location", "/queue/item/9/")], "")
        } else if r.header("authorization") == Some(alice.as_str()) {
            thread::sleep(Duration::from_millis(800));
            response(
                "401 Unauthorized",
                &[("WWW-Authenticate", "Basic realm=\"Jenkins\"")],
                "",
            )
        } else {
            let body = r#"{"crumb":"b0b0b0b0","crumbRequestField":"Jenkins-Crumb"}"#;
            response("200 OK", &[("Content-Type", "application/json")], body)
        };
        let _ = stream.write_all(answer.as_bytes());
    });
    let client = Arc::new(Client::new(&mock.base_url()).unwrap());
    client.set_basic_auth("alice", "wrong").unwrap();
    let slow = {
        let client = Arc::clone(&client);
        thread::spawn(move || client.get_crumb().unwrap_err().kind())
    };
    thread::sleep(Duration::from_millis(200));

    client.set_basic_auth("bob", "bobs-password").unwrap();
    let queued = client.trigger_build("app", &[]);

    assert_eq!(slow.join().unwrap(), ErrorKind::Unauthorized);
    assert_eq!(queued.unwrap().queue_id, 9);
}

#[test]
fn a_short_wait_on_a_slow_jenkins_still_makes_one_complete_look() {
    let mock = Mock::start_streaming(|_, stream| {
        thread::sleep(Duration::from_millis(600));
        let body = concat!(
            r#"{"_class":"hudson.model.Queue$LeftItem","cancelled":false,"#,
            r#""executable":{"number":7,"url":"http://0.0.0.0:8080/job/app/7/"},"id":5}"#
        );
        let answer = response("200 OK", &[("Content-Type", "application/json")], body);
        let _ = stream.write_all(answer.as_bytes());
    });
    let client = token_client_at(&mock.base_url());

    let started = client
        .wait_for_start(5, Duration::from_millis(200))
        .unwrap();

    assert_eq!(started.build_number, 7);
    assert_eq!(started.build_url, format!("{}job/app/7/", mock.base_url()));
}
