//! Absolute URLs: the `Location` of trigger answers (from the request, as Jetty's
//! `ForwardedRequestCustomizer` sees it) and the root URL behind JSON `url`s.

use crate::config::Config;
use crate::request::Request;

/// `scheme://host[:port]` of the request, honouring `Forwarded` and `X-Forwarded-*`
/// (first element of comma lists) before `Host`; default ports are left out.
pub(crate) fn request_origin(req: &Request) -> String {
    let first = |name: &str| {
        req.header(name)
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let forwarded = |key: &str| {
        let element = first("forwarded")?;
        element.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            k.eq_ignore_ascii_case(key)
                .then(|| v.trim_matches('"').to_string())
        })
    };

    let scheme = forwarded("proto")
        .or_else(|| first("x-forwarded-proto"))
        .unwrap_or_else(|| if req.secure { "https" } else { "http" }.to_string())
        .to_ascii_lowercase();
    let default_port = if scheme == "https" { 443 } else { 80 };
    let host_port = forwarded("host")
        .or_else(|| first("x-forwarded-host"))
        .or_else(|| first("host"))
        .unwrap_or_else(|| req.local.to_string());

    let (host, port) = split_host_port(&host_port);
    let port = first("x-forwarded-port")
        .and_then(|p| p.parse().ok())
        .or(port)
        .unwrap_or(default_port);
    if port == default_port {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}:{port}")
    }
}

fn split_host_port(value: &str) -> (&str, Option<u16>) {
    let split_at = if value.starts_with('[') {
        value.find(']').map(|end| end + 1)
    } else {
        value.rfind(':')
    };
    match split_at {
        Some(i) if value[i..].starts_with(':') => (&value[..i], value[i + 1..].parse().ok()),
        _ => (value, None),
    }
}

/// The root URL for JSON: the configured one, else derived from the request plus the
/// context path; always ends with `/`.
pub(crate) fn root_url(config: &Config, req: &Request) -> String {
    match &config.root_url {
        Some(url) => url.clone(),
        None => format!("{}{}/", request_origin(req), config.context_path),
    }
}

/// An absolute URL for a redirect to `<ctx>/<path>`: built from the request, never from the
/// configured root URL, unless a Host-rewriting proxy is being simulated.
pub(crate) fn redirect_url(config: &Config, req: &Request, path: &str) -> String {
    let origin = match &config.location_base {
        Some(base) => base.clone(),
        None => request_origin(req),
    };
    format!("{origin}{}/{path}", config.context_path)
}

/// Where `forwardToPreviousPage` sends the client: the `Referer` as given, or else
/// `<ctx>/<path>`, the page `.` names relative to the request.
pub(crate) fn previous_page(config: &Config, req: &Request, path: &str) -> String {
    match req.header("referer") {
        Some(referer) => referer.to_string(),
        None => redirect_url(config, req, path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(headers: &[(&str, &str)]) -> Request {
        let addr = "127.0.0.1:5000".parse().unwrap();
        let headers = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Request::new("POST", "/ci/job/app/build", headers, Vec::new(), addr, addr)
    }

    #[test]
    fn origin_comes_from_the_host_header() {
        assert_eq!(
            request_origin(&req(&[("host", "127.0.0.1:5000")])),
            "http://127.0.0.1:5000"
        );
        assert_eq!(request_origin(&req(&[])), "http://127.0.0.1:5000");
    }

    #[test]
    fn forwarded_headers_win_and_default_ports_are_dropped() {
        let r = req(&[
            ("host", "127.0.0.1:5000"),
            ("x-forwarded-proto", "https, http"),
            ("x-forwarded-host", "ci.example"),
        ]);
        assert_eq!(request_origin(&r), "https://ci.example");
        let r = req(&[
            ("x-forwarded-host", "ci.example:8443"),
            ("x-forwarded-proto", "https"),
        ]);
        assert_eq!(request_origin(&r), "https://ci.example:8443");
        let r = req(&[
            ("x-forwarded-host", "ci.example"),
            ("x-forwarded-port", "8080"),
        ]);
        assert_eq!(request_origin(&r), "http://ci.example:8080");
        let r = req(&[("forwarded", "for=1.2.3.4;proto=https;host=\"[::1]:9000\"")]);
        assert_eq!(request_origin(&r), "https://[::1]:9000");
    }

    #[test]
    fn redirect_uses_the_simulated_proxy_host_when_configured() {
        let config = Config::default()
            .with_context_path("/ci")
            .with_location_base("http://jenkins-internal.invalid:8080")
            .validated()
            .unwrap();
        let r = req(&[("host", "127.0.0.1:5000")]);
        assert_eq!(
            redirect_url(&config, &r, "queue/item/60/"),
            "http://jenkins-internal.invalid:8080/ci/queue/item/60/"
        );
        assert_eq!(root_url(&config, &r), "http://127.0.0.1:5000/ci/");
    }
}
