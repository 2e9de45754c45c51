//! JenkinsTrigger: start a Jenkins build from a deployment, and get every trap of Jenkins'
//! remote API right (CSRF crumbs bound to session cookies, folders and encoded names,
//! `build` versus `buildWithParameters`, queue items, proxies that name the wrong host).
//!
//! The safe Rust API is [`Client`]; the C ABI in [`ffi`] wraps it one to one and is what the
//! generated `include/jenkins_trigger.h` declares.
//!
//! ```no_run
//! let client = jenkins_trigger::Client::new("https://ci.example/jenkins/")?;
//! client.set_api_token("deployer", "11aa22bb33cc44dd55ee66ff77889900")?;
//! let queued = client.trigger_build("team/backend/Run a script", &[("VERSION", "2.3")])?;
//! println!("queued as item {}", queued.queue_id);
//! # Ok::<(), jenkins_trigger::Error>(())
//! ```
//!
//! Logging goes through the `log` crate at debug, info and warn levels; no message ever
//! carries a password, token or crumb.

#![deny(missing_docs)]

mod answer;
mod base_url;
mod client;
mod console;
mod crumb;
mod error;
pub mod ffi;
mod follow;
mod http;
mod job_path;
pub mod model;
mod params;
mod trigger;

pub use base_url::BaseUrl;
pub use client::{Client, SecretKind};
pub use console::ConsoleChunk;
pub use crumb::Crumb;
pub use error::{Error, ErrorKind, Result};
pub use follow::{BuildResult, BuildStatus, Started};
pub use job_path::JobPath;
pub use trigger::{Queued, TriggerOptions};

/// The version of the C ABI contract this library implements.
pub const ABI_VERSION: u32 = ffi::version::JT_ABI_VERSION;
