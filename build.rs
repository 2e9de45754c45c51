//! Writes include/jenkins_trigger.h from the C ABI in src/ffi with cbindgen.
//!
//! The header is committed; CI rebuilds and fails when the file changes, so the header can
//! never drift from the code. It is only rewritten when its content changes, so that a
//! build does not touch a file that is up to date.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=src/lib.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");

    let config =
        cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml must parse");
    let bindings = match cbindgen::Builder::new()
        .with_crate(&root)
        .with_config(config)
        .generate()
    {
        Ok(b) => b,
        Err(e) => panic!("cbindgen could not generate the header: {e}"),
    };

    let path = root.join("include").join("jenkins_trigger.h");
    let mut fresh = Vec::new();
    bindings.write(&mut fresh);
    if std::fs::read(&path).ok().as_deref() != Some(fresh.as_slice()) {
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir include");
        std::fs::write(&path, &fresh).expect("write include/jenkins_trigger.h");
    }
}
