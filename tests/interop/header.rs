//! include/jenkins_trigger.h compiles on its own as C and as C++, and twice in one unit.

use std::process::Command;

use super::{root, run, text};

fn compile(compiler: &str, args: &[&str]) {
    let out_dir = std::env::temp_dir().join(format!("jt-header-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let object = out_dir.join(format!("{compiler}.o"));
    let out = run(Command::new(compiler)
        .args(args)
        .arg("-I")
        .arg(root().join("include"))
        .arg("-c")
        .arg(root().join("tests/c/header_twice.c"))
        .arg("-o")
        .arg(&object));

    assert!(
        out.status.success(),
        "{compiler} failed:\n{}",
        text(&out.stderr)
    );
}

#[test]
fn header_compiles_twice_in_one_unit_as_strict_c99() {
    compile(
        "cc",
        &["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"],
    );
}

#[test]
fn header_compiles_twice_in_one_unit_as_strict_c11() {
    compile(
        "cc",
        &["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic"],
    );
}

#[test]
fn header_compiles_twice_in_one_unit_as_cpp() {
    compile(
        "c++",
        &[
            "-x",
            "c++",
            "-std=c++11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
        ],
    );
}

#[test]
fn header_declares_only_prefixed_names() {
    let header = std::fs::read_to_string(root().join("include/jenkins_trigger.h")).unwrap();
    let mut names = Vec::new();
    for line in header.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("#define ") {
            names.push(rest.split_whitespace().next().unwrap().to_string());
        } else if let Some(rest) = line.strip_prefix("typedef struct ") {
            names.push(rest.split_whitespace().next().unwrap().to_string());
        } else if let Some((_, rest)) = line.split_once("typedef void (*") {
            names.push(rest.split(')').next().unwrap().to_string());
        } else if let Some(rest) = line.strip_prefix("enum ") {
            names.push(rest.to_string());
        } else if !line.starts_with(['*', '/', '#']) && line.contains('(') {
            let before = line.split('(').next().unwrap();
            names.push(
                before
                    .split_whitespace()
                    .last()
                    .unwrap()
                    .trim_start_matches('*')
                    .into(),
            );
        }
    }

    let stray: Vec<&String> = names
        .iter()
        .filter(|n| !n.starts_with("jt_") && !n.starts_with("Jt") && !n.starts_with("JT_"))
        .filter(|n| n.as_str() != "JENKINS_TRIGGER_H")
        .collect();
    assert!(names.len() >= 20, "{names:?}");
    assert!(stray.is_empty(), "names without the jt prefix: {stray:?}");
}
