//! HTTP helpers shared by the emulator's integration tests: one request per connection,
//! Basic credentials, and the emulator with the scenarios' `deployer` user.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use base64::Engine;
use jenkins_emulator::{Config, Emulator, User};

/// The API token of `deployer` in every scenario.
pub const TOKEN: &str = "11aa22bb33cc44dd55ee66ff77889900";

/// A response as read off the wire.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body decoded as UTF-8, invalid bytes replaced.
    pub body: String,
    /// The body exactly as received.
    pub raw: Vec<u8>,
}

impl Resp {
    /// First value of a header, name compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One request on its own connection; enough HTTP/1.1 for answers with Content-Length.
pub fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Resp {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(head.as_bytes()).unwrap();

    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        raw: body,
    }
}

/// A `Basic` authorization header value.
pub fn basic(user: &str, secret: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"));
    format!("Basic {b64}")
}

/// The body parsed as JSON.
pub fn json(resp: &Resp) -> serde_json::Value {
    serde_json::from_str(&resp.body).unwrap()
}

/// `deployer` with password `pw-deployer` and the scenarios' API token.
pub fn deployer() -> User {
    User::new("deployer", "pw-deployer").with_token(TOKEN)
}

/// An emulator with `deployer` added to `config`.
pub fn emulator(config: Config) -> Emulator {
    Emulator::start(config.with_user(deployer())).unwrap()
}
