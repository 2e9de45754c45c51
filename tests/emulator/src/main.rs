//! `jenkins-emulator`: runs the emulator as a process for tests written in other languages.
//!
//! Prints one line `JENKINS_EMULATOR_URL=<base url>` once listening, then serves until
//! killed (or until stdin closes, with `--exit-on-stdin-eof`).

use std::io::{self, Read, Write};
use std::process::ExitCode;

use jenkins_emulator::{Config, CsrfMode, Emulator, Job, Param, User};

const USAGE: &str = "\
Usage: jenkins-emulator [options]

Serves an emulated Jenkins controller on 127.0.0.1 and prints
JENKINS_EMULATOR_URL=<base url> once it listens.

Options:
  --config <file.json>        read a JSON config (flags below are applied on top)
  --port <n>                  port to bind (default 0: a free port)
  --context-path <path>       context path such as /jenkins (default none)
  --csrf <off|on|session>     CSRF crumb mode (default session)
  --user <name:password[:token]>
                              add a user, optionally with an API token (repeatable)
  --job <full name>           add a freestyle job, folders separated by / (repeatable)
  --param-job <full name:PARAM,...>
                              add a parameterized job; each PARAM is NAME=default
                              (string) or NAME:<string|text|boolean|password>=default
                              or NAME:choice=a|b|c (repeatable)
  --root-url <url>            configured Jenkins URL used in JSON urls
  --location-base <url>       origin used in trigger Location headers (proxy simulation)
  --anonymous-read            give anonymous Overall/Read and Job/Read
  --tls                       serve HTTPS with a certificate from a CA made at start-up
  --ca-out <file.pem>         with --tls, write that CA's certificate to this file
  --exit-on-stdin-eof         exit when standard input reaches end of file
  -h, --help                  show this help
";

struct Options {
    config: Config,
    exit_on_stdin_eof: bool,
    ca_out: Option<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("jenkins-emulator: {message}\nTry 'jenkins-emulator --help'.");
            return ExitCode::from(2);
        }
    };

    let emulator = match Emulator::start(options.config) {
        Ok(emulator) => emulator,
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
            eprintln!("jenkins-emulator: invalid configuration: {e}");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("jenkins-emulator: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let (Some(path), Some(pem)) = (&options.ca_out, emulator.ca_pem()) {
        if let Err(e) = std::fs::write(path, pem) {
            eprintln!("jenkins-emulator: cannot write the CA certificate to {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    let mut stdout = io::stdout();
    let announced = writeln!(stdout, "JENKINS_EMULATOR_URL={}", emulator.base_url())
        .and_then(|()| stdout.flush());
    if announced.is_err() {
        return ExitCode::FAILURE;
    }

    if options.exit_on_stdin_eof {
        let mut sink = [0u8; 1024];
        let mut stdin = io::stdin();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
        emulator.shutdown();
        return ExitCode::SUCCESS;
    }
    loop {
        std::thread::park();
    }
}

fn parse(args: &[String]) -> Result<Options, String> {
    // The config file is the base whatever its position, so flags always win.
    let mut config = match args.iter().position(|a| a == "--config") {
        Some(i) => {
            let path = args.get(i + 1).ok_or("--config needs a file")?;
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            Config::from_json(&text).map_err(|e| format!("{path}: {e}"))?
        }
        None => Config::default(),
    };
    let mut exit_on_stdin_eof = false;
    let mut ca_out = None;

    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--config" => {
                value()?;
            }
            "--port" => {
                let v = value()?;
                config.port = v.parse().map_err(|_| format!("--port: not a port: {v}"))?;
            }
            "--context-path" => config.context_path = value()?,
            "--csrf" => config.csrf = csrf_mode(&value()?)?,
            "--user" => config.users.push(user(&value()?)?),
            "--job" => config.jobs.push(Job::freestyle(&value()?)),
            "--param-job" => config.jobs.push(param_job(&value()?)?),
            "--root-url" => config.root_url = Some(value()?),
            "--location-base" => config.location_base = Some(value()?),
            "--anonymous-read" => config.anonymous_read = true,
            "--exit-on-stdin-eof" => exit_on_stdin_eof = true,
            "--tls" => config = config.with_tls(),
            "--ca-out" => ca_out = Some(value()?),
            other => return Err(format!("unknown option: {other}")),
        }
    }
    if ca_out.is_some() && config.tls.is_none() {
        return Err("--ca-out needs --tls (or \"tls\" in the config)".to_string());
    }
    Ok(Options {
        config,
        exit_on_stdin_eof,
        ca_out,
    })
}

fn csrf_mode(value: &str) -> Result<CsrfMode, String> {
    match value {
        "off" => Ok(CsrfMode::Off),
        "on" => Ok(CsrfMode::On),
        "session" => Ok(CsrfMode::Session),
        other => Err(format!("--csrf must be off, on or session, not {other:?}")),
    }
}

/// `name:password[:token]`; the name may not contain `:`, as in Basic authentication.
fn user(value: &str) -> Result<User, String> {
    let mut parts = value.splitn(3, ':');
    let (Some(name), Some(password)) = (parts.next(), parts.next()) else {
        return Err("--user needs name:password[:token]".to_string());
    };
    if name.is_empty() {
        return Err("--user: empty name".to_string());
    }
    let user = User::new(name, password);
    Ok(match parts.next() {
        Some(token) => user.with_token(token),
        None => user,
    })
}

/// `full name:PARAM,PARAM`; Jenkins item names cannot contain `:`.
fn param_job(value: &str) -> Result<Job, String> {
    let (name, specs) = value
        .split_once(':')
        .ok_or("--param-job needs <full name>:NAME=default,...")?;
    let params = specs.split(',').map(param).collect::<Result<Vec<_>, _>>()?;
    Ok(Job::parameterized(name, params))
}

fn param(spec: &str) -> Result<Param, String> {
    let (head, default) = spec
        .split_once('=')
        .ok_or_else(|| format!("--param-job: {spec:?} needs NAME=default"))?;
    let (name, kind) = head.split_once(':').unwrap_or((head, "string"));
    if name.is_empty() {
        return Err(format!("--param-job: {spec:?} has no name"));
    }
    match kind {
        "string" => Ok(Param::string(name, default)),
        "text" => Ok(Param::text(name, default)),
        "password" => Ok(Param::password(name, default)),
        "boolean" => match default {
            "true" | "false" => Ok(Param::boolean(name, default == "true")),
            _ => Err(format!(
                "--param-job: {name} is boolean, default must be true or false"
            )),
        },
        "choice" => Ok(Param::choice(name, &default.split('|').collect::<Vec<_>>())),
        other => Err(format!("--param-job: unknown parameter type {other:?}")),
    }
}
