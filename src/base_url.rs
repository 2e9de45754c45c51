//! The Jenkins root URL a client talks to, and the URLs derived from it.
//!
//! Jenkins puts absolute URLs built from its *configured* root into JSON and, behind a proxy,
//! into `Location` headers; both are often wrong (`http://0.0.0.0:8080/...`). The client
//! therefore only ever talks to the base URL it was given and takes nothing from such URLs
//! but their path below the context path.

use reqwest::Url;

use crate::error::{Error, Result};

/// A validated Jenkins root URL: http or https, no credentials, query or fragment, and
/// always ending in `/` so that relative paths join below it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    url: Url,
}

impl BaseUrl {
    /// Parses and checks a Jenkins root URL, which may carry a context path
    /// (`https://ci.example/jenkins/`).
    pub fn parse(text: &str) -> Result<BaseUrl> {
        let text = text.trim();
        let mut url = Url::parse(text).map_err(|e| {
            Error::invalid(format!(
                "the Jenkins URL is not a valid absolute URL ({e}); give it as \
                 http(s)://host[:port][/context-path]/"
            ))
        })?;

        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(Error::invalid(format!(
                "the Jenkins URL uses the scheme '{}'; only http and https are supported",
                url.scheme()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(Error::invalid("the Jenkins URL has no host name"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            // The URL is not echoed: it holds a secret.
            return Err(Error::invalid(
                "the Jenkins URL carries a user name or password; give the URL without them \
                 and set the credentials with the basic-auth or API-token setting",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid(
                "the Jenkins URL has a query or fragment; give only the root, \
                 e.g. https://ci.example/jenkins/",
            ));
        }
        if url
            .path_segments()
            .into_iter()
            .flatten()
            .any(|s| s == "job")
        {
            return Err(Error::invalid(format!(
                "the Jenkins URL '{url}' points below a job or folder; the server URL must be \
                 the Jenkins root (with its context path, if any): give the job path separately"
            )));
        }

        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(BaseUrl { url })
    }

    /// The root URL, ending in `/`.
    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// The parsed root URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The context path with its trailing slash (`/` or `/jenkins/`).
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// Joins an already percent-encoded relative path (no leading `/`) below the root.
    pub fn join(&self, relative: &str) -> String {
        format!("{}{}", self.url.as_str(), relative.trim_start_matches('/'))
    }

    /// Whether `other` has the same scheme, host and port as this root.
    pub fn same_origin(&self, other: &Url) -> bool {
        self.url.origin() == other.origin()
    }

    /// Returns the part of `path` below the context path, when `path` lies under it.
    ///
    /// Jenkins' own URLs sometimes lack the context path (a proxy that rewrites the prefix
    /// without Jenkins knowing); such paths are taken from their first known segment on.
    pub fn relative_path<'a>(&self, path: &'a str) -> Option<&'a str> {
        path.strip_prefix(self.path())
            .or_else(|| path.strip_prefix('/'))
            .filter(|_| path.starts_with('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_without_trailing_slash_gains_one() {
        let b = BaseUrl::parse("http://127.0.0.1:8080/jenkins").unwrap();

        assert_eq!(b.as_str(), "http://127.0.0.1:8080/jenkins/");
        assert_eq!(b.path(), "/jenkins/");
        assert_eq!(
            b.join("job/a/build"),
            "http://127.0.0.1:8080/jenkins/job/a/build"
        );
    }

    #[test]
    fn url_below_a_job_is_refused_with_advice() {
        let e = BaseUrl::parse("http://127.0.0.1:1/ci/job/team/").unwrap_err();

        assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
        assert!(
            e.message().contains("give the job path separately"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn credentials_in_the_url_are_refused_without_echoing_them() {
        let e = BaseUrl::parse("http://bob:hunter2@127.0.0.1/").unwrap_err();

        assert!(!e.message().contains("hunter2"));
        assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
    }

    #[test]
    fn non_http_schemes_and_garbage_are_refused() {
        assert!(BaseUrl::parse("ftp://127.0.0.1/").is_err());
        assert!(BaseUrl::parse("not a url").is_err());
        assert!(BaseUrl::parse("http://127.0.0.1/?x=1").is_err());
    }

    #[test]
    fn relative_path_strips_the_context_path() {
        let b = BaseUrl::parse("https://127.0.0.1:9/ci/").unwrap();

        assert_eq!(
            b.relative_path("/ci/queue/item/60/"),
            Some("queue/item/60/")
        );
        assert_eq!(b.relative_path("/queue/item/60/"), Some("queue/item/60/"));
        assert_eq!(b.relative_path("queue/item/60/"), None);
    }
}
