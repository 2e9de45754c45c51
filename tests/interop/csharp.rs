//! The C# layer under Mono: powershell/JenkinsTrigger/JenkinsTrigger.cs compiles as C# 5 with
//! warnings as errors (Add-Type fails on warnings), its enums match the header, and
//! tests/csharp/JenkinsTriggerTests.cs passes against the emulator, loading the library from
//! the module folder powershell/build-module.sh assembles, by the module's own resolution;
//! so does the example program tests/csharp/Example.cs.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jenkins_emulator::{Config, Emulator, Job, Param, User};

use super::common::*;
use super::{profile_dir, root, run, text};

const SOURCE: &str = "powershell/JenkinsTrigger/JenkinsTrigger.cs";

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jt-csharp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `mcs` or `mono`, failing with what to install when they are missing.
fn mono_tool(command: &mut Command) -> Output {
    match command.output() {
        Ok(output) => output,
        Err(e) if e.kind() == ErrorKind::NotFound => panic!(
            "{} not found: install mono-mcs mono-runtime \
             (apt-get install -y mono-mcs mono-runtime)",
            command.get_program().to_string_lossy()
        ),
        Err(e) => panic!("cannot run {command:?}: {e}"),
    }
}

/// Runs Mono's C# compiler as C# 5 (what Windows PowerShell 5.1's Add-Type accepts).
fn mcs(args: &[&str], sources: &[&Path], out: &Path) {
    let mut command = Command::new("mcs");
    command
        .args(["-langversion:5", "-codepage:utf8", "-warnaserror", "-debug"])
        .args(args)
        .arg(format!("-out:{}", out.display()))
        .args(sources);
    let output = mono_tool(&mut command);
    assert!(
        output.status.success(),
        "mcs failed:\n{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

#[test]
fn csharp_source_compiles_as_csharp_5_without_warnings_and_documents_public_members() {
    let dir = scratch("compile");
    let source = root().join(SOURCE);
    // -doc turns a public member without an XML comment into a warning, hence an error;
    // -noconfig references mscorlib alone, all that Add-Type can be sure to give it.
    let doc = format!("-doc:{}", dir.join("JenkinsTrigger.xml").display());

    mcs(
        &["-target:library", "-noconfig", &doc],
        &[&source],
        &dir.join("JenkinsTrigger.dll"),
    );

    let code = std::fs::read_to_string(&source).unwrap();
    for (n, line) in code.lines().enumerate() {
        // Windows PowerShell 5.1 reads a file without BOM as the ANSI code page.
        assert!(line.is_ascii(), "{SOURCE}:{}: not ASCII: {line}", n + 1);
        assert!(line.len() <= 120, "{SOURCE}:{}: longer than 120", n + 1);
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// `JT_NOT_BUILT` → `NotBuilt`, after dropping the enum's own prefix.
fn pascal(name: &str, prefix: &str) -> String {
    name.trim_start_matches(prefix)
        .split('_')
        .map(|w| w[..1].to_string() + &w[1..].to_lowercase())
        .collect()
}

/// The `NAME = n` members of `enum <name>` in C or C# source.
fn enum_values(code: &str, opening: &str) -> BTreeMap<String, u32> {
    let start = code.find(opening).unwrap_or_else(|| panic!("no {opening}"));
    let body = &code[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
    body.lines()
        .filter_map(|line| {
            let (name, value) = line.trim().trim_end_matches(',').split_once(" = ")?;
            Some((name.to_string(), value.parse().ok()?))
        })
        .collect()
}

#[test]
fn csharp_enums_match_the_header() {
    let header = std::fs::read_to_string(root().join("include/jenkins_trigger.h")).unwrap();
    let csharp = std::fs::read_to_string(root().join(SOURCE)).unwrap();

    for (c_enum, prefix, cs_enum) in [
        ("enum JtStatus\n", "JT_", "public enum JtStatus : uint"),
        (
            "enum JtBuildResult\n",
            "JT_RESULT_",
            "public enum JtBuildResult : uint",
        ),
    ] {
        let from_header: BTreeMap<String, u32> = enum_values(&header, c_enum)
            .into_iter()
            .map(|(name, value)| (pascal(&name, prefix), value))
            .collect();
        assert!(from_header.len() >= 6, "{c_enum} parsed: {from_header:?}");
        assert_eq!(enum_values(&csharp, cs_enum), from_header, "{cs_enum}");
    }
}

/// The console of the UTF-8 job: a console note, then lines the library hands out with "\n"
/// (the emulator sends "\r\n"). tests/csharp/JenkinsTriggerTests.cs expects the same text
/// without the note.
fn unicode_console() -> String {
    let mut text =
        String::from("\u{1b}[8mha:////4AAAAbase64note=\u{1b}[0mStarted by user deployer\n");
    for i in 1..=40 {
        text.push_str(&format!("Grüße, Zeile {i} € 日本\n"));
    }
    text + "Finished: SUCCESS\n"
}

fn emulator() -> Emulator {
    start(
        Config::default()
            .with_context_path("/jenkins")
            .with_user(User::new(USER, PASSWORD).with_token(TOKEN))
            .with_user(User::new(UNICODE_USER, UNICODE_PASSWORD))
            .with_user(User::new("viewer", "pw-viewer").without_build())
            .with_job(
                Job::parameterized(
                    "app-param",
                    vec![
                        Param::string("VERSION", "1.0"),
                        Param::boolean("DRY_RUN", false),
                    ],
                )
                .with_quiet_period_ms(0)
                .with_duration_ms(200),
            )
            .with_job(
                Job::freestyle("app")
                    .with_quiet_period_ms(0)
                    .with_duration_ms(100),
            )
            .with_job(
                Job::freestyle("Équipe/Déployer ü")
                    .with_duration_ms(1500)
                    .with_console(&unicode_console()),
            )
            .with_job(Job::freestyle("long").with_duration_ms(600_000))
            .with_job(Job::freestyle("labelled").with_label("win-x64"))
            .with_job(Job::freestyle("off").disabled()),
    )
}

/// Assembles the module folder from the library cargo built for this test run.
fn module_folder(dir: &Path) -> PathBuf {
    let profile_dir = profile_dir();
    let profile = profile_dir.file_name().unwrap().to_str().unwrap();
    assert!(
        matches!(profile, "debug" | "release"),
        "build-module.sh knows debug and release, not {profile}"
    );
    let out = run(Command::new("bash")
        .arg(root().join("powershell/build-module.sh"))
        .args(["--no-build", profile])
        .arg(dir.join("JenkinsTrigger"))
        .env("CARGO_TARGET_DIR", profile_dir.parent().unwrap()));
    assert!(
        out.status.success(),
        "build-module.sh failed:\n{}",
        text(&out.stderr)
    );
    PathBuf::from(text(&out.stdout).trim())
}

#[test]
fn csharp_tests_pass_under_mono_against_the_emulator() {
    let dir = scratch("mono");
    let module = module_folder(&dir);
    assert!(module.join("JenkinsTrigger.cs").is_file());
    let exe = dir.join("tests.exe");
    // The packaged copy of the C# source, as the module compiles it.
    mcs(
        &[],
        &[
            &root().join("tests/csharp/JenkinsTriggerTests.cs"),
            &module.join("JenkinsTrigger.cs"),
        ],
        &exe,
    );
    let emu = emulator();

    let out = mono_tool(
        Command::new("mono")
            .arg("--debug")
            .arg(&exe)
            .arg(emu.base_url())
            .arg(&module),
    );

    let stdout = text(&out.stdout);
    // Shown with --nocapture: the test names and the memory measurement.
    eprintln!("{stdout}");
    assert!(
        out.status.success(),
        "mono tests.exe failed:\n{stdout}\nstderr:\n{}",
        text(&out.stderr)
    );
    let last = stdout.lines().last().unwrap_or("");
    let (count, rest) = last.split_once(' ').unwrap_or(("", ""));
    assert!(
        count.parse::<u32>().is_ok_and(|n| n > 0) && rest == "passed, 0 failed",
        "last line: {last}\n{stdout}"
    );
    // The parameters arrived as UTF-8, form-encoded in the body of one POST.
    let posts: Vec<_> = emu
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/jenkins/job/app-param/buildWithParameters")
        .collect();
    assert_eq!(posts.len(), 1, "{:?}", lines(&posts));
    let form = form(&posts[0].body);
    assert_eq!(
        form,
        [
            ("VERSION".to_string(), "2.3-ü€ 日本 & =x".to_string()),
            ("DRY_RUN".to_string(), "True".to_string()),
        ],
        "the POST's form"
    );
    // The quiet period (in seconds, as Jenkins wants it) and the token, in the query; an
    // empty token is none.
    let app: Vec<String> = emu
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/jenkins/job/app/build")
        .map(|r| r.target)
        .collect();
    assert!(
        app.iter()
            .any(|t| t.contains("delay=60sec") && t.contains("token=remote-trigger-secret")),
        "{app:?}"
    );
    assert!(
        app.iter()
            .all(|t| !t.contains("token=&") && !t.ends_with("token=")),
        "{app:?}"
    );
    example_program_follows_a_build(&dir, &module, &emu);
    std::fs::remove_dir_all(dir).unwrap();
}

/// tests/csharp/Example.cs, run as its comment says, streams the UTF-8 job's console and exits
/// with the result (0 for SUCCESS). Build 1 of the job was the C# tests'.
fn example_program_follows_a_build(dir: &Path, module: &Path, emu: &Emulator) {
    let exe = dir.join("example.exe");
    mcs(
        &[],
        &[
            &root().join("tests/csharp/Example.cs"),
            &module.join("JenkinsTrigger.cs"),
        ],
        &exe,
    );

    let out = mono_tool(
        Command::new("mono")
            .arg(&exe)
            .arg("Équipe/Déployer ü")
            .env("JENKINS_URL", emu.base_url())
            .env("JENKINS_USER_ID", USER)
            .env("JENKINS_API_TOKEN", TOKEN)
            .env("JENKINS_TRIGGER_MODULE", module),
    );

    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        text(&out.stdout),
        unicode_console().split_once("\u{1b}[0m").unwrap().1
    );
    assert_eq!(
        stderr.lines().last(),
        Some("trigger: Équipe/Déployer ü #2 finished: Success"),
        "{stderr}"
    );
}

/// Decodes an `application/x-www-form-urlencoded` body into its pairs, in order.
fn form(body: &[u8]) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let spaced = s.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8()
            .expect("UTF-8 after percent-decoding")
            .into_owned()
    };
    std::str::from_utf8(body)
        .expect("an ASCII form body")
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}
