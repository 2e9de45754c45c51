//! Ordered JSON as Stapler's export writes it, and the `tree=` projection of `/api/json`.
//!
//! serde_json's map sorts keys unless a feature is enabled workspace-wide, and Jenkins' key
//! order (`_class` first, superclass fields before subclass fields) is part of what the
//! emulator must reproduce, so objects here are plain ordered lists.

use std::fmt::Write;

/// A JSON value whose objects keep their key order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl From<bool> for Json {
    fn from(b: bool) -> Self {
        Json::Bool(b)
    }
}

impl From<i64> for Json {
    fn from(n: i64) -> Self {
        Json::Int(n)
    }
}

impl From<u64> for Json {
    fn from(n: u64) -> Self {
        Json::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Self {
        Json::Str(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Self {
        Json::Str(s)
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Self {
        Json::Arr(items)
    }
}

impl From<Obj> for Json {
    fn from(o: Obj) -> Self {
        Json::Obj(o.0)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(v: Option<T>) -> Self {
        v.map_or(Json::Null, Into::into)
    }
}

/// Builder for an ordered object.
#[derive(Default)]
pub(crate) struct Obj(Vec<(String, Json)>);

impl Obj {
    /// An object that starts with `_class`, as every exported bean does.
    pub(crate) fn class(class: &str) -> Obj {
        Obj::default().f("_class", class)
    }

    pub(crate) fn f(mut self, key: &str, value: impl Into<Json>) -> Obj {
        self.0.push((key.to_string(), value.into()));
        self
    }
}

impl Json {
    /// Compact text, as Jenkins sends it without `?pretty`.
    pub(crate) fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None, 0);
        out
    }

    /// Indented text for `?pretty`.
    pub(crate) fn to_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(2), 0);
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>, level: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Json::Str(s) => out.push_str(&quote(s)),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    separate(out, i, indent, level + 1);
                    item.write(out, indent, level + 1);
                }
                close(out, items.is_empty(), indent, level, ']');
            }
            Json::Obj(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    separate(out, i, indent, level + 1);
                    out.push_str(&quote(k));
                    out.push_str(if indent.is_some() { " : " } else { ":" });
                    v.write(out, indent, level + 1);
                }
                close(out, fields.is_empty(), indent, level, '}');
            }
        }
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn separate(out: &mut String, i: usize, indent: Option<usize>, level: usize) {
    if i > 0 {
        out.push(',');
    }
    if let Some(width) = indent {
        out.push('\n');
        out.push_str(&" ".repeat(width * level));
    }
}

fn close(out: &mut String, empty: bool, indent: Option<usize>, level: usize, bracket: char) {
    if let (Some(width), false) = (indent, empty) {
        out.push('\n');
        out.push_str(&" ".repeat(width * level));
    }
    out.push(bracket);
}

/// One property named in a `tree=` expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TreeNode {
    name: String,
    children: Vec<TreeNode>,
    range: Option<(Option<usize>, Option<usize>)>,
}

/// Parses `tree=` syntax: `a,b[c,d]{0,50},e{3}`; `*` matches every property.
pub(crate) fn parse_tree(spec: &str) -> Result<Vec<TreeNode>, String> {
    let chars: Vec<char> = spec.chars().collect();
    let mut pos = 0;
    let nodes = parse_list(&chars, &mut pos)?;
    if pos != chars.len() {
        return Err(format!("Malformed tree expression: {spec}"));
    }
    Ok(nodes)
}

fn parse_list(chars: &[char], pos: &mut usize) -> Result<Vec<TreeNode>, String> {
    let mut nodes = Vec::new();
    loop {
        let start = *pos;
        while *pos < chars.len() && !"[]{},".contains(chars[*pos]) {
            *pos += 1;
        }
        let name: String = chars[start..*pos]
            .iter()
            .collect::<String>()
            .trim()
            .to_string();
        if name.is_empty() {
            return Err("Malformed tree expression: empty property name".to_string());
        }

        let mut node = TreeNode {
            name,
            children: Vec::new(),
            range: None,
        };
        if chars.get(*pos) == Some(&'[') {
            *pos += 1;
            node.children = parse_list(chars, pos)?;
            if chars.get(*pos) != Some(&']') {
                return Err("Malformed tree expression: missing ']'".to_string());
            }
            *pos += 1;
        }
        if chars.get(*pos) == Some(&'{') {
            let close = chars[*pos..].iter().position(|c| *c == '}');
            let close = close.ok_or("Malformed tree expression: missing '}'")? + *pos;
            let inner: String = chars[*pos + 1..close].iter().collect();
            node.range = Some(parse_range(&inner)?);
            *pos = close + 1;
        }
        nodes.push(node);

        if chars.get(*pos) != Some(&',') {
            return Ok(nodes);
        }
        *pos += 1;
    }
}

fn parse_range(inner: &str) -> Result<(Option<usize>, Option<usize>), String> {
    let num = |s: &str| -> Result<Option<usize>, String> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        s.parse()
            .map(Some)
            .map_err(|_| format!("Malformed range: {inner}"))
    };
    match inner.split_once(',') {
        Some((from, to)) => Ok((num(from)?, num(to)?)),
        None => {
            let n = num(inner)?.ok_or(format!("Malformed range: {inner}"))?;
            Ok((Some(n), Some(n + 1)))
        }
    }
}

/// Keeps `_class` and the named properties; a named object without sub-selection keeps only
/// its `_class`, as Stapler's tree pruner does.
pub(crate) fn prune(value: &Json, tree: &[TreeNode]) -> Json {
    match value {
        Json::Obj(fields) => {
            let kept = fields.iter().filter_map(|(k, v)| {
                if k == "_class" {
                    return Some((k.clone(), v.clone()));
                }
                let node = tree.iter().find(|n| n.name == *k || n.name == "*")?;
                Some((k.clone(), prune_property(v, node)))
            });
            Json::Obj(kept.collect())
        }
        other => other.clone(),
    }
}

fn prune_property(value: &Json, node: &TreeNode) -> Json {
    match value {
        Json::Arr(items) => {
            let (from, to) = node.range.unwrap_or((None, None));
            let from = from.unwrap_or(0).min(items.len());
            let to = to.unwrap_or(items.len()).clamp(from, items.len());
            Json::Arr(
                items[from..to]
                    .iter()
                    .map(|i| prune(i, &node.children))
                    .collect(),
            )
        }
        other => prune(other, &node.children),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Json {
        let build = |n: u64| Json::from(Obj::class("B").f("number", n).f("queueId", n + 10));
        Obj::class("J")
            .f("name", "app")
            .f("builds", vec![build(3), build(2), build(1)])
            .f("lastBuild", build(3))
            .into()
    }

    #[test]
    fn compact_text_keeps_insertion_order_and_escapes() {
        let j: Json = Obj::class("x").f("b", "q\"ü").f("a", Json::Null).into();
        assert_eq!(j.to_text(), r#"{"_class":"x","b":"q\"ü","a":null}"#);
    }

    #[test]
    fn tree_with_range_and_subselection_prunes_builds() {
        let tree = parse_tree("builds[number,queueId]{0,2},name").unwrap();
        let text = prune(&sample(), &tree).to_text();
        assert_eq!(
            text,
            concat!(
                r#"{"_class":"J","name":"app","builds":[{"_class":"B","number":3,"queueId":13},"#,
                r#"{"_class":"B","number":2,"queueId":12}]}"#
            )
        );
    }

    #[test]
    fn tree_naming_an_object_without_children_keeps_only_its_class() {
        let tree = parse_tree("lastBuild").unwrap();
        assert_eq!(
            prune(&sample(), &tree).to_text(),
            r#"{"_class":"J","lastBuild":{"_class":"B"}}"#
        );
    }

    #[test]
    fn single_index_range_selects_one_element() {
        let tree = parse_tree("builds[number]{1}").unwrap();
        assert_eq!(
            prune(&sample(), &tree).to_text(),
            r#"{"_class":"J","builds":[{"_class":"B","number":2}]}"#
        );
    }

    #[test]
    fn malformed_tree_is_an_error() {
        assert!(parse_tree("builds[number").is_err());
        assert!(parse_tree("a,,b").is_err());
        assert!(parse_tree("a{x}").is_err());
    }
}
