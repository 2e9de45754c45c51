//! Turning progressive console chunks into text: console notes removed, CRLF made LF, and
//! nothing incomplete handed out while the build may still write.
//!
//! Jenkins sends `bytes[start..]` of the raw log with every `\n` written as `\r\n`, and,
//! since 2.509, with its encoded console notes (`ESC[8mha:<base64>ESC[0m`) left in. A chunk
//! can end inside a multi-byte character, a note or a CRLF; those bytes are held back and
//! fetched again with the next chunk, by starting it that many bytes before `X-Text-Size`.

/// Start of an encoded console note.
const NOTE_START: &[u8] = b"\x1b[8mha:";

/// End of an encoded console note.
const NOTE_END: &[u8] = b"\x1b[0m";

/// One chunk as handed to the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleChunk {
    /// The new text: valid UTF-8, console notes removed, lines ending in `\n`.
    pub text: String,
    /// The offset to ask for next: `X-Text-Size`, less the bytes held back.
    pub next_start: u64,
    /// Whether the build may still write (Jenkins' `X-More-Data`).
    pub more: bool,
}

/// Decodes one progressive-text answer: `body` as received, `size` its `X-Text-Size`,
/// `start` the offset asked for, `more` whether `X-More-Data` was present.
pub fn decode(body: &[u8], start: u64, size: u64, more: bool) -> ConsoleChunk {
    let keep = if more {
        body.len() - held_back(body)
    } else {
        body.len()
    };
    let held = (body.len() - keep) as u64;

    let text = String::from_utf8_lossy(&strip_notes(&body[..keep])).replace("\r\n", "\n");
    ConsoleChunk {
        text,
        next_start: size.saturating_sub(held).max(start.min(size)),
        more,
    }
}

/// How many bytes at the end of `body` are an incomplete character, note or CRLF.
fn held_back(body: &[u8]) -> usize {
    // An unterminated note: hold back from its start.
    if let Some(at) = rfind(body, NOTE_START) {
        if find(&body[at..], NOTE_END).is_none() {
            return body.len() - at;
        }
    }
    // A partial note start (`ESC`, `ESC[`, ... `ESC[8mha`).
    for len in (1..NOTE_START.len()).rev() {
        if body.ends_with(&NOTE_START[..len]) {
            return len;
        }
    }
    if body.ends_with(b"\r") {
        return 1;
    }
    incomplete_utf8_tail(body)
}

/// Length of a multi-byte UTF-8 sequence cut off at the end of `body` (0 when complete).
fn incomplete_utf8_tail(body: &[u8]) -> usize {
    for back in 1..=3.min(body.len()) {
        let b = body[body.len() - back];
        if b & 0b1100_0000 == 0b1000_0000 {
            continue;
        }
        let needed = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return 0,
        };
        return if needed > back { back } else { 0 };
    }
    0
}

/// Removes every complete console note.
fn strip_notes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(at) = find(rest, NOTE_START) {
        out.extend_from_slice(&rest[..at]);
        match find(&rest[at..], NOTE_END) {
            Some(end) => rest = &rest[at + end + NOTE_END.len()..],
            // Only at the end of a finished log: drop the broken note's marker, keep the rest.
            None => {
                rest = &rest[at + NOTE_START.len()..];
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_removed_and_crlf_becomes_lf() {
        let body = b"Started\r\n\x1b[8mha:AAAB\x1b[0mStep one\r\ndone";
        let c = decode(body, 0, 30, false);

        assert_eq!(c.text, "Started\nStep one\ndone");
        assert_eq!((c.next_start, c.more), (30, false));
    }

    #[test]
    fn split_three_byte_character_is_held_back_until_the_next_chunk() {
        // "€" is E2 82 AC; the chunk ends after E2 82.
        let c = decode(b"price 5\xE2\x82", 0, 9, true);

        assert_eq!(c.text, "price 5");
        assert_eq!(c.next_start, 7);
    }

    #[test]
    fn unterminated_note_and_trailing_cr_are_held_back_while_running() {
        let note = decode(b"a\r\n\x1b[8mha:QUJD", 0, 14, true);
        let cr = decode(b"line\r", 0, 5, true);

        assert_eq!((note.text.as_str(), note.next_start), ("a\n", 3));
        assert_eq!((cr.text.as_str(), cr.next_start), ("line", 4));
    }

    #[test]
    fn a_finished_log_is_flushed_whole() {
        let c = decode(b"end \xE2\x82", 10, 16, false);

        assert_eq!(c.text, "end \u{FFFD}");
        assert_eq!(c.next_start, 16);
    }

    #[test]
    fn next_start_never_goes_below_the_start_asked_for() {
        let c = decode(b"\xE2\x82", 100, 102, true);

        assert_eq!((c.text.as_str(), c.next_start), ("", 100));
    }
}
