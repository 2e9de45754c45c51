//! The item tree (folders implied by job full names) and how `job/<segment>` URLs resolve.

use std::io;

use crate::config::{invalid, Job};
use crate::request::percent_decode;

/// A folder or job in the tree.
pub(crate) struct Node {
    pub name: String,
    pub full_name: String,
    /// Index into `Config::jobs` for a job; None for a folder.
    pub job: Option<usize>,
    pub children: Vec<Node>,
}

/// What a URL path resolved to.
pub(crate) enum Item<'a> {
    Root,
    Folder(&'a Node),
    Job(usize),
}

/// Root of the item tree.
pub(crate) struct Items {
    root: Vec<Node>,
}

impl Items {
    /// Builds the tree; two items whose names differ only in case are a config error, as
    /// Jenkins' item maps are case-insensitive.
    pub(crate) fn new(jobs: &[Job]) -> io::Result<Items> {
        let mut root = Vec::new();
        for (index, job) in jobs.iter().enumerate() {
            insert(&mut root, job, index)?;
        }
        Ok(Items { root })
    }

    /// Children of the root, for the root JSON.
    pub(crate) fn top(&self) -> &[Node] {
        &self.root
    }

    /// Walks `job/<name>` pairs from the start of `segments` (raw, still percent-encoded):
    /// each name is decoded on its own, so an encoded `/` never splits a segment. Returns
    /// the item and how many segments it used; None is a 404.
    pub(crate) fn resolve<'a>(&'a self, segments: &[&str]) -> Option<(Item<'a>, usize)> {
        let mut item = Item::Root;
        let mut children = &self.root;
        let mut used = 0;
        while segments.get(used) == Some(&"job") {
            if matches!(item, Item::Job(_)) {
                return None;
            }
            let name = decode_segment(segments.get(used + 1)?);
            let node = children.iter().find(|n| same_name(&n.name, &name))?;
            item = match node.job {
                Some(index) => Item::Job(index),
                None => Item::Folder(node),
            };
            children = &node.children;
            used += 2;
        }
        Some((item, used))
    }
}

fn insert(level: &mut Vec<Node>, job: &Job, index: usize) -> io::Result<()> {
    let names: Vec<&str> = job.full_name.split('/').collect();
    let mut level = level;
    for (depth, name) in names.iter().enumerate() {
        let last = depth + 1 == names.len();
        let pos = level.iter().position(|n| same_name(&n.name, name));
        let pos = match pos {
            Some(_) if last => {
                return Err(invalid(format!(
                    "item {:?} is defined twice",
                    job.full_name
                )));
            }
            Some(p) if level[p].job.is_some() => {
                return Err(invalid(format!("{:?} is inside a job", job.full_name)));
            }
            Some(p) => p,
            None => {
                level.push(Node {
                    name: name.to_string(),
                    full_name: names[..=depth].join("/"),
                    job: last.then_some(index),
                    children: Vec::new(),
                });
                level.len() - 1
            }
        };
        level = &mut level[pos].children;
    }
    Ok(())
}

/// Stapler's segment decoding: `%XX` to UTF-8, and `+` stays a plus.
pub(crate) fn decode_segment(raw: &str) -> String {
    String::from_utf8_lossy(&percent_decode(raw.as_bytes())).into_owned()
}

/// Jenkins' item maps compare names ignoring case.
fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// `Util.rawEncode`, which Jenkins uses for each name in its own URLs.
pub(crate) fn encode_segment(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!$&'()*+,-.=@_".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `job/a/job/b/` for full name `a/b`: the item's URL relative to the root URL.
pub(crate) fn item_path(full_name: &str) -> String {
    full_name
        .split('/')
        .map(|n| format!("job/{}/", encode_segment(n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items() -> Items {
        Items::new(&[
            Job::freestyle("Team A/Deploy Web"),
            Job::freestyle("svc/feature%2Fx-1"),
            Job::freestyle("simple"),
        ])
        .unwrap()
    }

    fn job_at(path: &str) -> Option<usize> {
        let items = items();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match items.resolve(&segments)? {
            (Item::Job(i), used) if used == segments.len() => Some(i),
            _ => None,
        }
    }

    #[test]
    fn encoded_spaces_resolve_folder_and_job() {
        assert_eq!(job_at("/job/Team%20A/job/Deploy%20Web/"), Some(0));
    }

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(job_at("/job/team%20a/job/DEPLOY%20WEB"), Some(0));
    }

    #[test]
    fn double_encoded_branch_name_finds_the_branch_item() {
        assert_eq!(job_at("/job/svc/job/feature%252Fx-1/"), Some(1));
    }

    #[test]
    fn wrong_spellings_do_not_resolve() {
        assert_eq!(job_at("/job/Team+A/job/Deploy%20Web/"), None);
        assert_eq!(job_at("/job/Team%20A%2Fjob%2FDeploy%20Web/"), None);
        assert_eq!(job_at("/job/svc/job/feature%2Fx-1/"), None);
        assert_eq!(job_at("/job/simple/job/simple/"), None);
    }

    #[test]
    fn segment_decoding_keeps_plus_and_decodes_utf8() {
        assert_eq!(decode_segment("a+b%20c%C3%BC"), "a+b cü");
        assert_eq!(decode_segment("feature%252Fx"), "feature%2Fx");
    }

    #[test]
    fn item_paths_use_jenkins_raw_encoding() {
        assert_eq!(
            item_path("Team A/Deploy Web"),
            "job/Team%20A/job/Deploy%20Web/"
        );
        assert_eq!(
            item_path("svc/feature%2Fx-1"),
            "job/svc/job/feature%252Fx-1/"
        );
        assert_eq!(item_path("jürgen+x"), "job/j%C3%BCrgen+x/");
    }

    #[test]
    fn duplicate_names_differing_in_case_are_rejected() {
        let dup = Items::new(&[Job::freestyle("App"), Job::freestyle("app")]);
        assert!(dup.is_err());
        let nested = Items::new(&[Job::freestyle("a"), Job::freestyle("a/b")]);
        assert!(nested.is_err());
    }
}
