//! The running emulator: a 127.0.0.1 listener served by hyper on a runtime of its own.

use std::io;
use std::net::{SocketAddr, TcpListener as StdListener};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use crate::builds::Plan;
use crate::config::{Config, TriggerMode};
use crate::faults::Fault;
use crate::record::{RecordedRequest, RequestLog};
use crate::reply::Reply;
use crate::request::Request;
use crate::state::State;

/// State shared by the handle and the serving threads.
pub(crate) struct Shared {
    state: Mutex<State>,
    pub(crate) log: RequestLog,
}

impl Shared {
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        // A panic while handling one request must not take the emulator down with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// How long a request caught by [`Emulator::set_hang`] is held before its connection closes.
pub const HANG_LIMIT: Duration = Duration::from_secs(60);

/// A running Jenkins emulator. Stops on [`Emulator::shutdown`] or when dropped.
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    context_path: String,
    ca_pem: Option<String>,
    stop: Option<watch::Sender<bool>>,
    thread: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Binds 127.0.0.1 on `config.port` (0 picks a free port) and serves on its own tokio
    /// runtime in a background thread. Listening has begun when this returns.
    pub fn start(config: Config) -> io::Result<Emulator> {
        let port = config.port;
        let state = State::new(config)?;
        let context_path = state.config.context_path.clone();
        let tls = state
            .config
            .tls
            .as_ref()
            .map(crate::tls::generate)
            .transpose()?;
        let ca_pem = tls.as_ref().map(|t| t.ca_pem.clone());
        let acceptor = tls.map(|t| t.acceptor);

        let listener = StdListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("jenkins-emulator-worker")
            .enable_all()
            .build()?;

        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            log: RequestLog::default(),
        });
        let (stop, stopped) = watch::channel(false);
        let served = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("jenkins-emulator".to_string())
            .spawn(move || {
                runtime.block_on(serve(listener, acceptor, served, stopped));
                runtime.shutdown_timeout(Duration::from_millis(200));
            })?;

        Ok(Emulator {
            shared,
            addr,
            context_path,
            ca_pem,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The bound address (always 127.0.0.1).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT<ctx>/` (`https://` with TLS), always with a trailing slash.
    pub fn base_url(&self) -> String {
        let scheme = if self.ca_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}{}/", self.addr, self.context_path)
    }

    /// With TLS, the PEM of the CA that signed the server certificate (generated at start).
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Every request except `/__emulator/*`, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.log.snapshot()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        self.shared.log.clear();
    }

    /// Simulates a controller restart: sessions dropped, new cookie-name suffix, new
    /// `X-Jenkins-Session`, left-items cache cleared; queue ids continue.
    pub fn restart(&self) {
        self.shared.state().restart();
    }

    /// Changes how trigger endpoints answer from now on.
    pub fn set_trigger_mode(&self, mode: TriggerMode) {
        self.shared.state().trigger_mode = mode;
    }

    /// Makes the crumb issuer answer this status with a generic error page (None = normal).
    pub fn set_crumb_issuer_fault(&self, status: Option<u16>) {
        self.shared.state().crumb_fault = status;
    }

    /// The next `count` requests whose raw path starts with `path_prefix` (None: any
    /// request) are accepted, recorded with status 0 and never answered: the connection
    /// stays open until the emulator stops or [`HANG_LIMIT`] passes, then closes. `count`
    /// 0 switches hanging off; a new call replaces the previous setting.
    pub fn set_hang(&self, path_prefix: Option<String>, count: usize) {
        self.shared.state().faults.set_hang(path_prefix, count);
    }

    /// The next `count` requests whose raw path starts with `path_prefix` (None: any
    /// request) answer `status` instead: 503 with Jenkins' "getting ready" page, 502 and
    /// 504 with a proxy's page, anything else with a container error page. `count` 0
    /// switches it off; a new call replaces the previous setting.
    pub fn set_status_fault(&self, path_prefix: Option<String>, status: u16, count: usize) {
        let faults = &mut self.shared.state().faults;
        faults.set_status(path_prefix, status, count);
    }

    /// After `n` more requests every request answers 401 as for revoked credentials, until
    /// called with None. Once on, this wins over the other faults.
    pub fn set_unauthorized_after(&self, n: Option<usize>) {
        self.shared.state().faults.set_unauthorized_after(n);
    }

    /// Starts queued item `queue_id` now, whatever it waits for (quiet period, executor,
    /// label). Returns the build number; None when no such item is in the queue.
    pub fn start_build_now(&self, queue_id: u64) -> Option<u64> {
        let now = crate::clock::now_ms();
        self.shared.state().start_now(queue_id, now)
    }

    /// Forgets every left queue item now, as if `left_item_ttl_ms` had passed.
    pub fn expire_left_items(&self) {
        let now = crate::clock::now_ms();
        self.shared.state().expire_left_items(now);
    }

    /// Queues and at once starts a build of `job` (full name) from another cause (the
    /// timer, default parameters), ending with `result` after `duration_ms`; its console
    /// is the job's. Returns (queue id, build number); None for an unknown job.
    pub fn add_foreign_build(
        &self,
        job: &str,
        result: &str,
        duration_ms: u64,
    ) -> Option<(u64, u64)> {
        let plan = Plan {
            duration_ms,
            result: result.to_string(),
        };
        let now = crate::clock::now_ms();
        self.shared.state().add_foreign_build(job, plan, now)
    }

    /// Cancels queued item `id` as a user would in the web UI: it becomes a LeftItem with
    /// `cancelled: true`. False when no such item is in the queue.
    pub fn cancel_queue_item(&self, id: u64) -> bool {
        let now = crate::clock::now_ms();
        self.shared.state().cancel_queue_item(id, now)
    }

    /// Current session cookie name, e.g. "JSESSIONID.1a2b3c4d".
    pub fn session_cookie_name(&self) -> String {
        self.shared.state().sessions.cookie_name().to_string()
    }

    /// Stops serving and waits for the server thread (also done on drop).
    pub fn shutdown(self) {}
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: StdListener,
    acceptor: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let Ok(listener) = TcpListener::from_std(listener) else {
        return;
    };
    let Ok(local) = listener.local_addr() else {
        return;
    };
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let shared = Arc::clone(&shared);
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    match acceptor {
                        // A failed handshake is no request: nothing reaches the log.
                        Some(acceptor) => {
                            if let Ok(tls) = acceptor.accept(stream).await {
                                serve_connection(tls, shared, peer, local, true).await;
                            }
                        }
                        None => serve_connection(stream, shared, peer, local, false).await,
                    }
                });
            }
        }
    }
}

async fn serve_connection<S>(
    stream: S,
    shared: Arc<Shared>,
    peer: SocketAddr,
    local: SocketAddr,
    secure: bool,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |req| {
        let shared = Arc::clone(&shared);
        async move { answer(&shared, req, peer, local, secure).await }
    });
    let _ = http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// A hung request gave up: failing the service makes hyper close the connection without
/// writing any answer.
#[derive(Debug)]
struct HungUp;

impl std::fmt::Display for HungUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("request held without an answer")
    }
}

impl std::error::Error for HungUp {}

async fn answer(
    shared: &Shared,
    req: hyper::Request<Incoming>,
    peer: SocketAddr,
    local: SocketAddr,
    secure: bool,
) -> Result<hyper::Response<Full<Bytes>>, HungUp> {
    let ticket = shared.log.ticket();
    let (head, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => Vec::new(),
    };
    let target = head
        .uri
        .path_and_query()
        .map_or_else(|| head.uri.to_string(), |pq| pq.as_str().to_string());
    let headers = head
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into(),
            )
        })
        .collect();
    let mut req = Request::new(head.method.as_str(), &target, headers, body, peer, local);
    req.secure = secure;

    if req.path.starts_with("/__emulator/") {
        return Ok(to_response(crate::admin::handle(shared, &req)));
    }
    let reply = {
        let mut state = shared.state();
        match state.faults.take(&req.path) {
            None => Some(crate::routes::handle(
                &mut state,
                &req,
                crate::clock::now_ms(),
            )),
            Some(Fault::Hang) => None,
            Some(Fault::Status(status)) => Some(crate::pages::fault(state.ident(), &req, status)),
            Some(Fault::Unauthorized) => Some(crate::pages::unauthorized(&req)),
        }
    };

    let Some(reply) = reply else {
        shared.log.push(ticket, record(req, &Reply::new(0)));
        // Dropping the runtime at shutdown drops this task too, which closes the connection.
        tokio::time::sleep(HANG_LIMIT).await;
        return Err(HungUp);
    };
    shared.log.push(ticket, record(req, &reply));
    Ok(to_response(reply))
}

fn record(req: Request, reply: &Reply) -> RecordedRequest {
    RecordedRequest {
        method: req.method,
        target: req.target,
        path: req.path,
        query: req.query,
        headers: req.headers,
        body: req.body,
        status: reply.status,
        response_len: reply.body.len(),
        response_headers: reply.headers.clone(),
    }
}

fn to_response(reply: Reply) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() =
        hyper::StatusCode::from_u16(reply.status).unwrap_or(hyper::StatusCode::OK);
    let headers = response.headers_mut();
    for (name, value) in reply.headers {
        // Values may carry non-ASCII user names; HTTP allows them as opaque bytes.
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) else {
            continue;
        };
        headers.append(name, value);
    }
    response
}
