//! Error and HTML pages: Jetty's container error page, and Jenkins' own 404, oops, login
//! redirect, access denied, "requires POST" and build-parameter pages.

use crate::auth::{Permission, Who};
use crate::config::{Job, ParamKind};
use crate::reply::{Ident, Reply};
use crate::request::Request;

const JETTY: &str = "12.1.11";

enum ErrorFormat {
    Html,
    Json(String),
    Plain,
}

/// Jetty's `sendError` page: HTML by default, JSON or plain text when `Accept` asks, and no
/// body when `Accept` names nothing Jetty can produce. No `X-Jenkins` headers here.
pub(crate) fn container_error(req: &Request, status: u16, message: &str) -> Reply {
    let reply = Reply::new(status).with("Cache-Control", "must-revalidate,no-cache,no-store");
    let uri = &req.path;

    match error_format(req.header("accept")) {
        None => reply,
        Some(ErrorFormat::Html) => {
            let msg = xml_sanitize(message);
            let html = format!(
                "<html>\n<head>\n\
                 <meta http-equiv=\"Content-Type\" content=\"text/html;charset=ISO-8859-1\"/>\n\
                 <title>Error {status} {msg}</title>\n</head>\n<body>\
                 <h2>HTTP ERROR {status} {msg}</h2>\n<table>\n\
                 <tr><th>URI:</th><td>{uri}</td></tr>\n\
                 <tr><th>STATUS:</th><td>{status}</td></tr>\n\
                 <tr><th>MESSAGE:</th><td>{msg}</td></tr>\n\
                 <tr><th>SERVLET:</th><td>Stapler</td></tr>\n</table>\n\
                 <hr/><a href=\"https://jetty.org/\">Powered by Jetty:// {JETTY}</a><hr/>\n\
                 \n</body>\n</html>\n",
                uri = xml_sanitize(uri),
            );
            reply
                .with("Content-Type", "text/html;charset=ISO-8859-1")
                .body(latin1(&html))
        }
        Some(ErrorFormat::Json(mime)) => {
            // Jetty fills a HashMap; this is the iteration order Java gives these four keys.
            let q = |s: &str| serde_json::to_string(&xml_sanitize(s)).unwrap_or_default();
            let body = format!(
                "{{\n\"servlet\":{},\n\"message\":{},\n\"url\":{},\n\"status\":{}\n}}",
                q("Stapler"),
                q(message),
                q(uri),
                q(&status.to_string()),
            );
            reply.with("Content-Type", &mime).body(body)
        }
        Some(ErrorFormat::Plain) => {
            let body = format!(
                "HTTP ERROR {status} {}\nURI: {uri}\nSTATUS: {status}\nMESSAGE: {message}\n\
                 SERVLET: Stapler\n",
                xml_sanitize(message)
            );
            reply
                .with("Content-Type", "text/plain;charset=ISO-8859-1")
                .body(latin1(&body))
        }
    }
}

/// Spring Security's answer to credentials it refuses.
pub(crate) fn unauthorized(req: &Request) -> Reply {
    container_error(req, 401, "Unauthorized").with("WWW-Authenticate", "Basic realm=\"Jenkins\"")
}

/// An injected failure: 503 is Jenkins' "getting ready" page (`HudsonIsLoading`), 502 and
/// 504 come from a reverse proxy in front of Jenkins, anything else from the container.
pub(crate) fn fault(ident: Ident, req: &Request, status: u16) -> Reply {
    let reason = reason(status);
    match status {
        503 => {
            let html = layout(
                "Starting Jenkins",
                "<h1>Please wait while Jenkins is getting ready to work...</h1>\
                 <p>Your browser will reload automatically when Jenkins is ready.</p>",
            );
            Reply::page(503, ident, html)
        }
        502 | 504 => {
            let html = format!(
                "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n\
                 <center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n\
                 </body>\r\n</html>\r\n"
            );
            Reply::new(status)
                .with("Content-Type", "text/html")
                .body(html)
        }
        _ => container_error(req, status, reason),
    }
}

/// The standard reason phrase of a status, "Error" for unknown ones.
pub(crate) fn reason(status: u16) -> &'static str {
    hyper::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}

/// Picks the error format from `Accept` by quality, most specific type first on ties.
fn error_format(accept: Option<&str>) -> Option<ErrorFormat> {
    let Some(accept) = accept else {
        return Some(ErrorFormat::Html);
    };

    let mut ranked: Vec<(f32, u8, String)> = accept
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let mime = parts.next()?.to_ascii_lowercase();
            let mut q = 1.0f32;
            let mut params = 0;
            for p in parts {
                match p.strip_prefix("q=") {
                    Some(v) => q = v.parse().unwrap_or(0.0),
                    None => params += 1,
                }
            }
            let specific = match mime.as_str() {
                "*/*" => 0,
                m if m.ends_with("/*") => 1,
                _ if params == 0 => 2,
                _ => 3,
            };
            (q > 0.0 && !mime.is_empty()).then_some((q, specific, mime))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));

    ranked
        .into_iter()
        .find_map(|(_, _, mime)| match mime.as_str() {
            "text/html" | "text/*" | "*/*" => Some(ErrorFormat::Html),
            "text/json" | "application/json" => Some(ErrorFormat::Json(mime)),
            "text/plain" => Some(ErrorFormat::Plain),
            _ => None,
        })
}

/// Jetty's `StringUtil.sanitizeXmlString`: markup escaped, control characters become `?`.
fn xml_sanitize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            c if c.is_control() && !matches!(c, '\n' | '\r' | '\t') => "?".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Encodes as ISO-8859-1 the way Java's writer does: unmappable characters become `?`.
fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

pub(crate) fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn layout(title: &str, content: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{} [Jenkins]</title></head>\
         <body><div id=\"main-panel\">{content}</div></body></html>",
        html_escape(title)
    )
}

/// `Jenkins.generateNotFoundResponse`: the 404 page for anything that does not resolve.
pub(crate) fn not_found(ident: Ident) -> Reply {
    let html = layout(
        "Not Found",
        "<h1>Not Found</h1>\
         <p>This page may not exist, or you may not have permission to see it.</p>",
    );
    Reply::page(404, ident, html)
}

/// The "oops" page Jenkins renders for uncaught exceptions and `HttpResponses.error`; the
/// message is logged on the controller, not shown.
pub(crate) fn oops(ident: Ident, status: u16) -> Reply {
    let id = crate::random::hex(8);
    let html = layout(
        "Oops!",
        &format!(
            "<h1>Oops!</h1><p>A problem occurred while processing the request.</p>\
             <p>Logging ID={id}-{}</p>",
            crate::random::hex(4)
        ),
    );
    Reply::page(status, ident, html)
}

fn denial_headers(reply: Reply, who: &str, permission: Option<Permission>) -> Reply {
    let Some(permission) = permission else {
        return reply;
    };
    let mut reply = reply
        .with("X-You-Are-Authenticated-As", who)
        .with(
            "X-You-Are-In-Group-Disabled",
            "JENKINS-39402: use \
             -Dhudson.security.AccessDeniedException2.REPORT_GROUP_HEADERS=true or use /whoAmI \
             to diagnose",
        )
        .with("X-Required-Permission", permission.id());
    for implied in permission.implied_by() {
        reply = reply.with("X-Permission-Implied-By", implied);
    }
    reply
}

/// `HudsonAuthenticationEntryPoint`: what anonymous gets instead of a 401.
pub(crate) fn login_redirect(
    ident: Ident,
    ctx: &str,
    req: &Request,
    permission: Option<Permission>,
) -> Reply {
    if req
        .header("x-requested-with")
        .is_some_and(|v| v.eq_ignore_ascii_case("XMLHttpRequest"))
    {
        return container_error(req, 403, "Forbidden");
    }

    let from = match &req.query {
        Some(q) => format!("{}?{q}", req.path),
        None => req.path.clone(),
    };
    let login = format!("{ctx}/login?from={}", form_encode(&from));
    let mut comment =
        "You are authenticated as: anonymous\nGroups that you are in:\n  \n".to_string();
    if let Some(p) = permission {
        comment.push_str(&format!(
            "Permission you need to have (but didn't): {}\n",
            p.id()
        ));
        for implied in p.implied_by() {
            comment.push_str(&format!(" ... which is implied by: {implied}\n"));
        }
    }
    let html = format!(
        "<html><head><meta http-equiv='refresh' content='1;url={login}'/>\
         <script id='redirect' data-redirect-url='{login}' \
         src='{ctx}/static/redirect.js'></script>\
         </head><body style='background-color:white; color:white;'>\n\n\n\
         Authentication required\n<!--\n{comment}-->\n\n</body></html>{}",
        " ".repeat(512)
    );

    let reply = Reply::new(403)
        .with("X-Hudson", "1.395")
        .with("X-Jenkins", ident.version)
        .with("X-Jenkins-Session", ident.session)
        .with("Content-Type", "text/html;charset=UTF-8");
    denial_headers(reply, "anonymous", permission).body(html)
}

/// `AccessDeniedHandlerImpl`: a logged-in user lacks a permission (or gave a wrong job token).
pub(crate) fn access_denied(
    ident: Ident,
    who: &str,
    permission: Option<Permission>,
    message: &str,
) -> Reply {
    let html = layout(
        "Access Denied",
        &format!("<h1>Access Denied</h1><p>{}</p>", html_escape(message)),
    );
    let reply = Reply::page(403, ident, html);
    match permission {
        Some(_) => denial_headers(reply, who, permission),
        None => reply.with("X-You-Are-Authenticated-As", who),
    }
}

/// A permission failure: the login redirect for anonymous, the access-denied page otherwise.
pub(crate) fn denied(
    ident: Ident,
    ctx: &str,
    req: &Request,
    who: &Who,
    permission: Permission,
) -> Reply {
    match who {
        Who::Anonymous => login_redirect(ident, ctx, req, Some(permission)),
        Who::User { name, .. } => {
            let message = format!("{name} is missing the {} permission", permission.title());
            access_denied(ident, name, Some(permission), &message)
        }
    }
}

/// The "This URL requires POST" retry page (`Allow: POST`).
pub(crate) fn require_post(ident: Ident, url: &str) -> Reply {
    let html = layout(
        "This URL requires POST",
        &format!(
            "<h1>This URL requires POST</h1><p>The URL you're trying to access requires that \
             requests be sent using POST (like a form submission). The button below allows you \
             to retry accessing this URL using POST. URL being accessed:</p><pre>{}</pre>\
             <form method=\"POST\"><input type=\"submit\" value=\"Proceed\"/></form>",
            html_escape(url)
        ),
    );
    Reply::page(405, ident, html).with("Allow", "POST")
}

/// The "build with parameters" form Jenkins shows for a GET of `/build` (status 405 on
/// purpose, and no `Allow` header).
pub(crate) fn parameters_form(ident: Ident, job: &Job) -> Reply {
    let mut fields = String::new();
    for p in &job.parameters {
        let name = html_escape(&p.name);
        let value = html_escape(&p.default);
        let input = match p.kind {
            ParamKind::Boolean => {
                let checked = if p.default == "true" { " checked" } else { "" };
                format!("<input type=\"checkbox\" name=\"value\"{checked}/>")
            }
            ParamKind::Text => format!("<textarea name=\"value\">{value}</textarea>"),
            ParamKind::Password => {
                format!("<input type=\"password\" name=\"value\" value=\"{value}\"/>")
            }
            ParamKind::Choice => {
                let options: String = p
                    .choices
                    .iter()
                    .map(|c| format!("<option>{}</option>", html_escape(c)))
                    .collect();
                format!("<select name=\"value\">{options}</select>")
            }
            ParamKind::String => {
                format!("<input type=\"text\" name=\"value\" value=\"{value}\"/>")
            }
        };
        fields.push_str(&format!(
            "<div name=\"parameter\"><input type=\"hidden\" name=\"name\" value=\"{name}\"/>\
             <label>{name}</label>{input}</div>"
        ));
    }
    let html = layout(
        job.name(),
        &format!(
            "<h1>Project {}</h1><p>This build requires parameters:</p>\
             <form method=\"post\" action=\"build?delay=0sec\" name=\"parameters\">{fields}\
             <input type=\"submit\" name=\"Submit\" value=\"Build\"/></form>",
            html_escape(job.name())
        ),
    );
    Reply::page(405, ident, html)
}

/// A plain 200 page (root, login, job and build pages): a version probe can read headers.
pub(crate) fn simple_page(ident: Ident, title: &str) -> Reply {
    let html = layout(title, &format!("<h1>{}</h1>", html_escape(title)));
    Reply::page(200, ident, html)
}

/// `URLEncoder.encode(s, "UTF-8")`.
fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(accept: Option<&str>) -> Request {
        let addr = "127.0.0.1:1".parse().unwrap();
        let headers = accept
            .map(|a| vec![("accept".to_string(), a.to_string())])
            .unwrap_or_default();
        Request::new("POST", "/job/app/build", headers, Vec::new(), addr, addr)
    }

    fn text(reply: &Reply) -> String {
        String::from_utf8_lossy(&reply.body).into_owned()
    }

    #[test]
    fn crumb_error_page_carries_the_message_in_title_and_heading() {
        let msg = "No valid crumb was included in the request";
        let reply = container_error(&req(None), 403, msg);
        let body = text(&reply);
        assert!(body.contains(&format!("<title>Error 403 {msg}</title>")));
        assert!(body.contains(&format!("<h2>HTTP ERROR 403 {msg}</h2>")));
        assert!(body.contains("<tr><th>URI:</th><td>/job/app/build</td></tr>"));
        assert!(!reply
            .headers
            .iter()
            .any(|(k, _)| k.starts_with("X-Jenkins")));
    }

    #[test]
    fn json_accept_gets_the_json_error_form() {
        let reply = container_error(
            &req(Some("application/json, text/html;q=0.5")),
            401,
            "Unauthorized",
        );
        assert_eq!(
            text(&reply),
            "{\n\"servlet\":\"Stapler\",\n\"message\":\"Unauthorized\",\n\
             \"url\":\"/job/app/build\",\n\"status\":\"401\"\n}"
        );
    }

    #[test]
    fn unacceptable_accept_gets_no_body() {
        let reply = container_error(&req(Some("application/xml")), 400, "x");
        assert!(reply.body.is_empty());
    }

    #[test]
    fn login_redirect_encodes_the_original_uri() {
        let ident = Ident {
            version: "2.541.1",
            session: "abcd1234",
        };
        let reply = login_redirect(ident, "/ci", &req(None), Some(Permission::JobBuild));
        assert!(text(&reply).contains("url=/ci/login?from=%2Fjob%2Fapp%2Fbuild'"));
        let implied: Vec<_> = reply
            .headers
            .iter()
            .filter(|(k, _)| k == "X-Permission-Implied-By")
            .collect();
        assert_eq!(implied.len(), 3);
    }
}
