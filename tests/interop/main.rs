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
