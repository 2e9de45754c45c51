//! Turning what a user calls a job into the URL path Jenkins serves it under.
//!
//! Every folder level becomes `job/<segment>`, each segment percent-encoded as UTF-8 (space is
//! `%20`, never `+`). Multibranch branch items are *named* with the branch name already
//! percent-encoded (`feature/x` is the item `feature%2Fx`), so their URL segment is encoded
//! twice (`feature%252Fx`).

use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Url;

use crate::base_url::BaseUrl;
use crate::error::{Error, Result};

/// Bytes left literal in a path segment: RFC 3986 unreserved characters only, the safest
/// choice because Stapler decodes `%XX` in every segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters that branch-api percent-encodes into a branch item's name.
const BRANCH_NAME_CHARS: [char; 7] = ['%', '/', '?', '#', '[', ']', '\\'];

/// The URL path of a job below the Jenkins root, e.g. `job/Team%20A/job/Deploy%20Web/`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JobPath {
    relative: String,
    display: String,
}

impl JobPath {
    /// Parses a job given either as an absolute URL under `base` or as a full name with `/`
    /// between folders (`team/backend/Run a script`).
    ///
    /// In a full name a multibranch branch is written the way Jenkins names its item, with
    /// `/` in the branch name as `%2F` (`svc/feature%2Fx-1`).
    pub fn parse(job: &str, base: &BaseUrl) -> Result<JobPath> {
        let lower = job.get(..8).unwrap_or(job).to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            JobPath::from_url(job, base)
        } else {
            JobPath::from_full_name(job)
        }
    }

    /// Builds the path from a full name, `/` separating folder levels.
    pub fn from_full_name(full_name: &str) -> Result<JobPath> {
        let trimmed = full_name.trim_matches('/');
        if trimmed.is_empty() {
            return Err(Error::invalid(
                "the job name is empty; give its full name, folders separated by '/' \
                 (e.g. 'team/backend/Run a script'), or its URL",
            ));
        }

        let names: Vec<&str> = trimmed.split('/').collect();
        for name in &names {
            check_item_name(name, full_name)?;
        }
        Ok(JobPath::from_item_names(&names))
    }

    /// Builds the path from explicit levels, so that a level may itself contain `/`.
    ///
    /// A level holding any of `/ ? # [ ] \` is taken as a multibranch branch name as shown in
    /// the UI (`feature/x-1`) and encoded the way branch-api names its item (`feature%2Fx-1`);
    /// any other level is an item name and used as it is.
    pub fn from_segments<S: AsRef<str>>(levels: &[S]) -> Result<JobPath> {
        if levels.is_empty() {
            return Err(Error::invalid(
                "the job path has no levels; give at least the job name",
            ));
        }

        let mut names = Vec::with_capacity(levels.len());
        for level in levels {
            let level = level.as_ref();
            let name = if level.contains(|c| BRANCH_NAME_CHARS[1..].contains(&c)) {
                encode_branch_name(level)
            } else {
                level.to_string()
            };
            check_item_name(&name, level)?;
            names.push(name);
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        Ok(JobPath::from_item_names(&refs))
    }

    /// Takes the job path from an absolute job URL under `base`, without re-encoding it.
    pub fn from_url(text: &str, base: &BaseUrl) -> Result<JobPath> {
        let url = Url::parse(text).map_err(|e| {
            Error::invalid(format!(
                "the job URL '{}' does not parse ({e})",
                shown(text)
            ))
        })?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::invalid(
                "the job URL carries a user name or password; give it without them and set \
                 the credentials on the client",
            ));
        }
        let text = url.as_str();
        if !base.same_origin(&url) || !url.path().starts_with(base.path()) {
            return Err(Error::invalid(format!(
                "the job URL '{text}' is not under the Jenkins URL '{}'; give a URL below it \
                 or the job's full name",
                base.as_str()
            )));
        }

        let below = &url.path()[base.path().len()..];
        JobPath::from_relative(below).ok_or_else(|| {
            Error::invalid(format!(
                "the job URL '{text}' is not of the form <jenkins>/job/<name>[/job/<name>...]/"
            ))
        })
    }

    /// Reads an encoded path below the root (`job/a/job/b/`), as Jenkins puts it in its URLs;
    /// None unless it is made of `job/<segment>` pairs.
    pub(crate) fn from_relative(below: &str) -> Option<JobPath> {
        let parts: Vec<&str> = below.trim_end_matches('/').split('/').collect();
        let well_formed = parts.len() >= 2
            && parts.len() % 2 == 0
            && parts.chunks(2).all(|p| p[0] == "job" && !p[1].is_empty());
        if !well_formed {
            return None;
        }

        let segments: Vec<&str> = parts.chunks(2).map(|p| p[1]).collect();
        let display = segments
            .iter()
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect::<Vec<_>>()
            .join("/");
        Some(JobPath {
            relative: segments.iter().map(|s| format!("job/{s}/")).collect(),
            display,
        })
    }

    fn from_item_names(names: &[&str]) -> JobPath {
        let relative = names
            .iter()
            .map(|n| format!("job/{}/", percent_encode(n.as_bytes(), SEGMENT)))
            .collect();
        JobPath {
            relative,
            display: names.join("/"),
        }
    }

    /// The encoded path below the root, ending in `/` (`job/a/job/b/`).
    pub fn relative(&self) -> &str {
        &self.relative
    }

    /// The job's full name as Jenkins shows it, for messages.
    pub fn full_name(&self) -> &str {
        &self.display
    }

    /// The encoded path of one of the job's endpoints (`job/a/job/b/build`).
    pub fn endpoint(&self, action: &str) -> String {
        format!("{}{action}", self.relative)
    }
}

/// The text of a URL that failed to parse, or a placeholder when it may hold credentials.
fn shown(text: &str) -> &str {
    if text.contains('@') {
        "(not shown: it contains '@' and may hold a password)"
    } else {
        text
    }
}

/// Encodes a branch name into its item name the way branch-api's NameEncoder does.
fn encode_branch_name(branch: &str) -> String {
    match branch {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        _ => branch
            .chars()
            .map(|c| {
                if BRANCH_NAME_CHARS.contains(&c) {
                    format!("%{:02X}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    }
}

fn check_item_name(name: &str, input: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::invalid(format!(
            "the job name '{input}' has an empty level ('//'); separate folders with one '/'"
        )));
    }
    if name == "." || name == ".." || name.chars().any(char::is_control) {
        return Err(Error::invalid(format!(
            "the job name '{}' has a level that cannot be a Jenkins item name ('.', '..' or a \
             control character)",
            input.escape_debug()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> BaseUrl {
        BaseUrl::parse("http://127.0.0.1:8080/").unwrap()
    }

    #[test]
    fn folders_and_spaces_become_job_segments_with_percent_20() {
        let p = JobPath::from_full_name("Team A/Deploy Web").unwrap();

        assert_eq!(p.relative(), "job/Team%20A/job/Deploy%20Web/");
        assert_eq!(p.endpoint("build"), "job/Team%20A/job/Deploy%20Web/build");
        assert_eq!(p.full_name(), "Team A/Deploy Web");
    }

    #[test]
    fn non_ascii_and_plus_are_percent_encoded_as_utf8() {
        let p = JobPath::from_full_name("Ünïcode+job").unwrap();

        assert_eq!(p.relative(), "job/%C3%9Cn%C3%AFcode%2Bjob/");
    }

    #[test]
    fn branch_item_names_are_encoded_twice() {
        let by_name = JobPath::from_full_name("svc/feature%2Fx-1").unwrap();
        let by_levels = JobPath::from_segments(&["svc", "feature/x-1"]).unwrap();

        assert_eq!(by_name.relative(), "job/svc/job/feature%252Fx-1/");
        assert_eq!(by_levels.relative(), "job/svc/job/feature%252Fx-1/");
    }

    #[test]
    fn branch_with_hash_is_encoded_like_branch_api() {
        let p = JobPath::from_segments(&["repo", "feature/#4"]).unwrap();

        assert_eq!(p.relative(), "job/repo/job/feature%252F%25234/");
    }

    #[test]
    fn job_url_is_taken_without_re_encoding() {
        let url = "http://127.0.0.1:8080/job/Team%20A/job/Deploy%20Web/";
        let p = JobPath::parse(url, &base()).unwrap();

        assert_eq!(p.relative(), "job/Team%20A/job/Deploy%20Web/");
        assert_eq!(p.full_name(), "Team A/Deploy Web");
    }

    #[test]
    fn job_url_on_another_origin_is_refused() {
        let e = JobPath::parse("http://jenkins.test/job/a/", &base()).unwrap_err();

        assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
    }

    #[test]
    fn job_url_with_credentials_is_refused_without_echoing_them() {
        let e = JobPath::parse("http://alice:hunter2x@127.0.0.1:8080/job/a/", &base());

        assert!(!e.unwrap_err().message().contains("hunter2x"));
    }

    #[test]
    fn upper_case_scheme_is_a_url_not_a_name() {
        let p = JobPath::parse("HTTP://127.0.0.1:8080/job/a/", &base()).unwrap();

        assert_eq!(p.relative(), "job/a/");
    }

    #[test]
    fn job_url_without_job_segments_is_refused() {
        assert!(JobPath::parse("http://127.0.0.1:8080/view/all/", &base()).is_err());
        assert!(JobPath::parse("http://127.0.0.1:8080/job/", &base()).is_err());
    }

    #[test]
    fn empty_and_dot_levels_are_refused() {
        assert!(JobPath::from_full_name("").is_err());
        assert!(JobPath::from_full_name("a//b").is_err());
        assert!(JobPath::from_full_name("a/../b").is_err());
        assert!(JobPath::from_full_name("a\nb").is_err());
    }
}
