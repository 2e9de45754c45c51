//! Checks against things no one on this team wrote: JSON captured from real controllers,
//! the C compiler and valgrind on the generated header and library, and python-jenkins
//! run against the emulator.

#[path = "../common/mod.rs"]
mod common;

mod c_program;
mod csharp;
mod fixtures;
mod header;
mod jenkins_build;
mod python_jenkins;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// target/<profile>, found from this test binary (target/<profile>/deps/<binary>).
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

/// Runs a command, failing the test with its output when it cannot start.
fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Compiles `tests/c/<source>` strictly against the header and links the shared library
/// cargo built, with an rpath so it runs in place. Returns the executable.
fn compile_c(source: &str) -> PathBuf {
    let lib_dir = profile_dir();
    assert!(
        lib_dir.join("libjenkins_trigger.so").exists(),
        "{} has no libjenkins_trigger.so: run `cargo build` before the tests",
        lib_dir.display()
    );
    let stem = source.trim_end_matches(".c");
    let exe = std::env::temp_dir().join(format!("jt-{stem}-{}", std::process::id()));
    let out = run(Command::new("cc")
        .args([
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-g",
            "-I",
        ])
        .arg(root().join("include"))
        .arg(root().join("tests/c").join(source))
        .arg("-L")
        .arg(&lib_dir)
        .arg(format!("-Wl,-rpath,{}", lib_dir.display()))
        .args(["-ljenkins_trigger", "-o"])
        .arg(&exe));
    assert!(
        out.status.success(),
        "cc failed on {source}:\n{}",
        text(&out.stderr)
    );
    exe
}
