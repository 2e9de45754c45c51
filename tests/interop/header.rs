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
