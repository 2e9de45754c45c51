//! A build's log as `logText/progressiveText` and `consoleText` serve it
//! (jenkins-protocol.md §8): offsets into the raw file, complete lines only while the build
//! runs, CRLF line ends, and console notes stripped or not depending on the version.

use crate::config::ConsoleMode;
use crate::reply::Reply;

/// Start of an encoded console note (`ESC[8mha:<base64>ESC[0m`).
const NOTE_START: &[u8] = b"\x1b[8mha:";

/// End of an encoded console note.
const NOTE_END: &[u8] = b"\x1b[0m";

/// Stapler's `LargeText` reads at most this many lines per call from a growing log.
const MAX_LINES: usize = 10_000;

/// A log file at one instant.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Snapshot<'a> {
    /// What the file holds now.
    pub written: &'a [u8],
    /// Whether it can still grow (the build is running).
    pub growing: bool,
}

/// `start` was not a number Jenkins can seek to: an uncaught exception, so a 500 oops page.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BadStart;

/// `GET <job>/<n>/logText/progressiveText?start=K`.
pub(crate) fn progressive_text(
    log: Snapshot,
    start: Option<&str>,
    mode: ConsoleMode,
) -> Result<Reply, BadStart> {
    let reply = Reply::new(200).with("Content-Type", "text/plain;charset=UTF-8");
    // The file only exists once something was written; LargeText answers before it ever
    // reads `start`, so even a malformed one gets this 200.
    if log.written.is_empty() && log.growing {
        return Ok(reply.with("X-Text-Size", "0").with("X-More-Data", "true"));
    }

    let start = match start {
        None => 0,
        Some(raw) => raw.parse::<i64>().map_err(|_| BadStart)?,
    };
    // A negative offset makes the file seek throw.
    let start = usize::try_from(start).map_err(|_| BadStart)?;
    // "Text rolled over": an offset past the end resends the whole log.
    let start = if start > log.written.len() { 0 } else { start };

    let rest = &log.written[start..];
    let sent = if log.growing {
        &rest[..complete_lines(rest)]
    } else {
        rest
    };
    let (size, text) = match mode {
        ConsoleMode::Modern => (log.written.len(), sent.to_vec()),
        ConsoleMode::Legacy => (start + sent.len(), strip_notes(sent)),
    };

    let body = crlf(&String::from_utf8_lossy(&text));
    let reply = reply.with("X-Text-Size", &size.to_string());
    let reply = if log.growing {
        reply.with("X-More-Data", "true")
    } else {
        reply
    };
    Ok(reply.body(body))
}

/// `GET <job>/<n>/consoleText`: what is on disk now, notes stripped, line ends as written.
pub(crate) fn console_text(log: Snapshot) -> Reply {
    Reply::new(200)
        .with("Content-Type", "text/plain;charset=UTF-8")
        .body(strip_notes(log.written))
}

/// Length of the leading run of whole lines (ended by `\n` or `\r`, as `LargeText` reads
/// them), at most [`MAX_LINES`] of them.
fn complete_lines(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'\n' | b'\r'))
        .take(MAX_LINES)
        .last()
        .map_or(0, |(i, _)| i + 1)
}

/// `PlainTextConsoleOutputStream`: every complete note removed, line by line; a note whose
/// end is missing from its line stays as it is.
fn strip_notes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        let mut rest = line;
        while let Some(at) = find(rest, NOTE_START) {
            let after = &rest[at + NOTE_START.len()..];
            let Some(end) = find(after, NOTE_END) else {
                break;
            };
            out.extend_from_slice(&rest[..at]);
            rest = &after[end + NOTE_END.len()..];
        }
        out.extend_from_slice(rest);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `LineEndNormalizingWriter`, fresh for each response: a `\n` not preceded by `\r`
/// becomes `\r\n`.
fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut after_cr = false;
    for c in text.chars() {
        if c == '\n' && !after_cr {
            out.push('\r');
        }
        out.push(c);
        after_cr = c == '\r';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "\x1b[8mha:AAAAWB+LCAAAAAAAAP9b\x1b[0m";

    fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
        let found = reply.headers.iter().find(|(k, _)| k == name);
        found.map(|(_, v)| v.as_str())
    }

    fn answer(written: &str, growing: bool, start: Option<&str>, mode: ConsoleMode) -> Reply {
        let log = Snapshot {
            written: written.as_bytes(),
            growing,
        };
        progressive_text(log, start, mode).unwrap()
    }

    #[test]
    fn a_running_build_sends_complete_lines_and_modern_counts_the_whole_file() {
        let reply = answer("one\ntwo\npart", true, Some("0"), ConsoleMode::Modern);
        assert_eq!(reply.status, 200);
        assert_eq!(
            header(&reply, "Content-Type"),
            Some("text/plain;charset=UTF-8")
        );
        assert_eq!(header(&reply, "X-Text-Size"), Some("12"));
        assert_eq!(header(&reply, "X-More-Data"), Some("true"));
        assert_eq!(reply.body, b"one\r\ntwo\r\n");
    }

    #[test]
    fn legacy_counts_only_the_bytes_sent_and_strips_notes() {
        let written = format!("{NOTE}one\ntwo\npart");
        let reply = answer(&written, true, Some("0"), ConsoleMode::Legacy);
        assert_eq!(header(&reply, "X-Text-Size"), Some("39"));
        assert_eq!(reply.body, b"one\r\ntwo\r\n");

        let modern = answer(&written, true, None, ConsoleMode::Modern);
        assert_eq!(header(&modern, "X-Text-Size"), Some("43"));
        assert_eq!(modern.body, format!("{NOTE}one\r\ntwo\r\n").into_bytes());
    }

    #[test]
    fn a_finished_log_is_sent_whole_without_more_data() {
        let reply = answer("a\r\nb\nlast", false, Some("3"), ConsoleMode::Modern);
        assert_eq!(header(&reply, "X-Text-Size"), Some("9"));
        assert_eq!(header(&reply, "X-More-Data"), None);
        assert_eq!(reply.body, b"b\r\nlast");
    }

    #[test]
    fn no_log_yet_is_size_zero_with_more_data_whatever_start_says() {
        for start in [None, Some("abc"), Some("7")] {
            let reply = answer("", true, start, ConsoleMode::Modern);
            assert_eq!(reply.status, 200);
            assert_eq!(header(&reply, "X-Text-Size"), Some("0"));
            assert_eq!(header(&reply, "X-More-Data"), Some("true"));
            assert!(reply.body.is_empty());
        }
    }

    #[test]
    fn a_start_past_the_end_resends_from_zero_and_a_bad_start_is_an_error() {
        let reply = answer("x\ny\n", false, Some("99"), ConsoleMode::Legacy);
        assert_eq!(header(&reply, "X-Text-Size"), Some("4"));
        assert_eq!(reply.body, b"x\r\ny\r\n");

        let log = Snapshot {
            written: b"x\n",
            growing: false,
        };
        for bad in ["", "1.5", "ten", "-1"] {
            let got = progressive_text(log, Some(bad), ConsoleMode::Modern);
            assert_eq!(got.err(), Some(BadStart), "start={bad:?}");
        }
    }

    #[test]
    fn multi_byte_text_passes_through_and_a_start_inside_a_character_is_replaced() {
        let reply = answer("grüße\n", false, Some("0"), ConsoleMode::Modern);
        assert_eq!(reply.body, "grüße\r\n".as_bytes());
        assert_eq!(header(&reply, "X-Text-Size"), Some("8"));
        let inside = answer("ü\n", false, Some("1"), ConsoleMode::Modern);
        assert_eq!(inside.body, "\u{fffd}\r\n".as_bytes());
    }

    #[test]
    fn a_growing_log_gives_at_most_ten_thousand_lines_per_call() {
        let written = "x\n".repeat(MAX_LINES + 5);
        let reply = answer(&written, true, None, ConsoleMode::Legacy);
        assert_eq!(header(&reply, "X-Text-Size"), Some("20000"));
        assert_eq!(reply.body.len(), 30_000);
    }

    #[test]
    fn console_text_strips_notes_and_keeps_line_ends() {
        let written = format!("a{NOTE}b\r\nc\n{NOTE}");
        let log = Snapshot {
            written: written.as_bytes(),
            growing: true,
        };
        assert_eq!(console_text(log).body, b"ab\r\nc\n");
    }

    #[test]
    fn a_note_without_its_end_is_left_alone() {
        assert_eq!(
            strip_notes(b"x\x1b[8mha:AAA\ny\x1b[0m\n"),
            b"x\x1b[8mha:AAA\ny\x1b[0m\n"
        );
    }
}
