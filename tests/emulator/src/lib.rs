//! A local Jenkins controller emulator for JenkinsTrigger's tests.
//!
//! It answers the way `jenkins-protocol.md` says Jenkins does, down to status codes,
//! headers, JSON key order and the crumb's tie to the session cookie: Basic authentication
//! with API tokens and passwords, CSRF crumbs, folders and encoded job names, the
//! `build`/`buildWithParameters` trigger endpoints, a queue whose items fold, wait, block,
//! get stuck on missing labels or busy executors, start builds and expire, the JSON
//! documents clients poll (optionally scripted), progressive console text in both of its
//! generations, stopping builds and cancelling items, and faults switched on by tests
//! (hanging requests, error statuses, credentials that stop working).
//!
//! ```no_run
//! use jenkins_emulator::{Config, Emulator, Job, Param, User};
//!
//! let deployer = User::new("deployer", "pw-deployer").with_token("11aa22bb33cc44dd55ee66ff7788");
//! let config = Config::default()
//!     .with_user(deployer)
//!     .with_job(Job::freestyle("app"))
//!     .with_job(Job::parameterized("app-param", vec![Param::string("VERSION", "1.0")]));
//! let emulator = Emulator::start(config).unwrap();
//! println!("{}", emulator.base_url());
//! ```
//!
//! Only 127.0.0.1 is ever bound, and nothing is ever sent anywhere.

mod actions;
mod admin;
mod api;
mod auth;
mod builds;
mod cancel;
mod clock;
mod config;
mod console;
mod csrf;
mod faults;
mod items;
mod json;
mod nodes;
mod pages;
mod queue;
mod random;
mod record;
mod reply;
mod request;
mod routes;
mod runs;
mod server;
mod state;
mod tls;
mod trigger;
mod urls;

pub use config::{
    BuildJsonStep, CancelApi, Config, ConsoleMode, CsrfMode, Job, JobKind, Param, ParamKind,
    TriggerMode, User,
};
pub use record::RecordedRequest;
pub use server::{Emulator, HANG_LIMIT};
pub use tls::TlsConfig;
