//! An explicit proxy carries every request, with its own credentials; a 407 says what to do
//! and never echoes the proxy's password. The "proxy" is a mock on 127.0.0.1: requests name
//! jenkins.test only in their target, and nothing ever connects there.

use base64::Engine as _;
use jenkins_trigger::{Client, ErrorKind};

use crate::common::mock::{response, Mock};
use crate::common::*;

#[test]
fn explicit_proxy_receives_the_trigger_with_proxy_credentials() {
    let proxy = Mock::start(|_| {
        response(
            "201 Created",
            &[("Location", "http://jenkins.test/queue/item/5/")],
            "",
        )
    });
    let client = Client::new("http://jenkins.test/").unwrap();
    client.set_api_token(USER, TOKEN).unwrap();
    let proxy_url = format!("http://proxyuser:s3cret-proxy@{}", &proxy.base_url()[7..]);
    client.set_proxy(&proxy_url).unwrap();

    let queued = client.trigger_build("app", &[]).unwrap();

    assert_eq!(queued.queue_id, 5);
    let reqs = proxy.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].target, "http://jenkins.test/job/app/build");
    let b64 = base64::engine::general_purpose::STANDARD.encode("proxyuser:s3cret-proxy");
    assert_eq!(
        reqs[0].header("proxy-authorization"),
        Some(format!("Basic {b64}").as_str())
    );
}

#[test]
fn proxy_asking_for_authentication_is_an_http_error_without_its_password() {
    let proxy = Mock::start(|_| {
        response(
            "407 Proxy Authentication Required",
            &[("Proxy-Authenticate", "Basic")],
            "",
        )
    });
    let client = Client::new("http://jenkins.test/").unwrap();
    client.set_api_token(USER, TOKEN).unwrap();
    client
        .set_proxy(&format!(
            "http://proxyuser:wrong-pw@{}",
            &proxy.base_url()[7..]
        ))
        .unwrap();

    let e = checked(client.trigger_build("app", &[]).unwrap_err());

    assert_eq!(e.kind(), ErrorKind::Http);
    assert_eq!(e.http_status(), 407);
    assert!(
        e.message().contains("the proxy requires authentication"),
        "{}",
        e.message()
    );
    assert!(!e.message().contains("wrong-pw"));
}

#[test]
fn proxy_echoing_its_authorization_header_leaks_no_proxy_password() {
    let proxy = Mock::start(|r| {
        let echo = format!(
            "<title>Error 502 bad gateway for {}</title>",
            r.header("proxy-authorization").unwrap_or("")
        );
        response("502 Bad Gateway", &[("Content-Type", "text/html")], &echo)
    });
    let client = Client::new("http://jenkins.test/").unwrap();
    client.set_api_token(USER, TOKEN).unwrap();
    client
        .set_proxy(&format!(
            "http://proxyuser:s3cret-proxy@{}",
            &proxy.base_url()[7..]
        ))
        .unwrap();

    let e = client.trigger_build("app", &[]).unwrap_err();

    let b64 = base64::engine::general_purpose::STANDARD.encode("proxyuser:s3cret-proxy");
    assert_eq!(e.http_status(), 502);
    assert!(!e.message().contains(&b64), "{}", e.message());
    assert!(
        e.message().contains("bad gateway for Basic ****"),
        "{}",
        e.message()
    );
}
