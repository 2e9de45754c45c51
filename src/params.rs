//! Build parameters: checking them against what the job defines and encoding the form body.
//!
//! Jenkins silently ignores parameter names a job does not define, so a typo would run the
//! build with defaults; the client refuses such names before anything is triggered.

use std::collections::HashSet;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, Result};

/// Bytes left literal in a form value; everything else, space included, becomes `%XX`,
/// which `application/x-www-form-urlencoded` decoders read unambiguously.
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'*');

/// Refuses empty and repeated names (Jenkins answers 500 to a repeated one).
pub fn check_names(params: &[(&str, &str)]) -> Result<()> {
    let mut seen = HashSet::new();
    for (name, _) in params {
        if name.is_empty() {
            return Err(Error::invalid("a parameter name is empty"));
        }
        if !seen.insert(*name) {
            return Err(Error::invalid(format!(
                "the parameter '{name}' is given twice; give each name once"
            )));
        }
    }
    Ok(())
}

/// Refuses names the job does not define, listing the ones it does.
pub fn check_defined(job: &str, defined: Option<&[String]>, params: &[(&str, &str)]) -> Result<()> {
    let given: Vec<&str> = params.iter().map(|(n, _)| *n).collect();
    let Some(defined) = defined else {
        return Err(Error::invalid(format!(
            "the job '{job}' takes no parameters, but {} given; Jenkins would ignore {}. \
             Nothing was triggered",
            quoted(&given, " was", " were"),
            if given.len() == 1 { "it" } else { "them" }
        )));
    };

    let unknown: Vec<&str> = given
        .iter()
        .copied()
        .filter(|n| !defined.iter().any(|d| d == n))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = defined.iter().map(String::as_str).collect();
    Err(Error::invalid(format!(
        "the job '{job}' defines no parameter {}; it defines {}. Names are case-sensitive. \
         Nothing was triggered",
        quoted(&unknown, "", ""),
        if names.is_empty() {
            "none".to_string()
        } else {
            quoted(&names, "", "")
        }
    )))
}

fn quoted(names: &[&str], one: &str, many: &str) -> String {
    let list = names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{list}{}", if names.len() == 1 { one } else { many })
}

/// `application/x-www-form-urlencoded` body of the parameters, UTF-8, in the given order.
pub fn form_body(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(n, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(n, FORM),
                utf8_percent_encode(v, FORM)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_body_encodes_utf8_spaces_and_separators() {
        let body = form_body(&[("VERSION", "2.3 beta&x=1"), ("NÄME", "wért€")]);

        assert_eq!(
            body,
            "VERSION=2.3%20beta%26x%3D1&N%C3%84ME=w%C3%A9rt%E2%82%AC"
        );
    }

    #[test]
    fn repeated_names_are_refused() {
        let e = check_names(&[("A", "1"), ("A", "2")]).unwrap_err();

        assert_eq!(
            e.message(),
            "the parameter 'A' is given twice; give each name once"
        );
    }

    #[test]
    fn unknown_name_lists_the_defined_ones() {
        let defined = vec!["VERSION".to_string(), "DRY_RUN".to_string()];
        let e = check_defined("app-param", Some(&defined), &[("VERISON", "2.4")]).unwrap_err();

        assert_eq!(
            e.message(),
            "the job 'app-param' defines no parameter 'VERISON'; it defines 'VERSION', \
             'DRY_RUN'. Names are case-sensitive. Nothing was triggered"
        );
    }

    #[test]
    fn parameters_for_a_plain_job_are_refused() {
        let e = check_defined("app-plain", None, &[("X", "1")]).unwrap_err();

        assert_eq!(
            e.message(),
            "the job 'app-plain' takes no parameters, but 'X' was given; Jenkins would ignore \
             it. Nothing was triggered"
        );
    }
}
