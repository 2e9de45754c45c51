//! A scripted HTTP server on 127.0.0.1 for answers no real Jenkins gives (a 200 page to a
//! trigger, crumbs that are always refused): each connection reads one request and writes
//! the raw answer the test's responder returns.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

/// One request as the mock read it.
#[derive(Clone, Debug)]
pub struct MockRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request-target as sent (absolute when the mock acts as a proxy).
    pub target: String,
    /// Header names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body, as long as `Content-Length` said.
    pub body: Vec<u8>,
}

impl MockRequest {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

type Responder = dyn Fn(&MockRequest, &mut TcpStream) + Send + Sync;

/// The server; it stops accepting when dropped at the end of the test process.
pub struct Mock {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<MockRequest>>>,
}

impl Mock {
    /// Starts a server that answers every request with `respond(request)`, a raw HTTP/1.1
    /// response (status line, headers, blank line, body).
    pub fn start(respond: impl Fn(&MockRequest) -> String + Send + Sync + 'static) -> Mock {
        Mock::start_streaming(move |request, stream| {
            let _ = stream.write_all(respond(request).as_bytes());
        })
    }

    /// Starts a server that writes each answer itself, for answers that trickle or break
    /// off. Connections are served one after another.
    pub fn start_streaming(
        respond: impl Fn(&MockRequest, &mut TcpStream) + Send + Sync + 'static,
    ) -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let respond: Arc<Responder> = Arc::new(respond);

        let log = Arc::clone(&requests);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let Some(request) = read_request(&mut stream) else {
                    continue;
                };
                log.lock().unwrap().push(request.clone());
                respond(&request, &mut stream);
            }
        });
        Mock { addr, requests }
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Every request read so far, in order.
    pub fn requests(&self) -> Vec<MockRequest> {
        self.requests.lock().unwrap().clone()
    }
}

fn read_request(stream: &mut TcpStream) -> Option<MockRequest> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());

    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (n, v) = h.split_once(':')?;
        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
    }

    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(MockRequest {
        method,
        target,
        headers,
        body,
    })
}

/// A raw response with the given status line, extra headers and body.
pub fn response(status: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    out
}
