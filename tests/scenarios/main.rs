//! One test (at least) per case of scenarios.md that triggering touches, asserting on the
//! client's outcome and on the emulator's request log. Cases that need answers no Jenkins
//! gives use the scripted mock server.

#[path = "../common/mod.rs"]
mod common;

mod console;
mod credentials;
mod crumbs;
mod endpoints;
mod following;
mod hostile_servers;
mod job_paths;
mod proxy;
mod tls;
mod trigger_answers;
