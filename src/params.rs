//! Build parameters: checking them against what the job defines and encoding the form body.
//!
//! Jenkins silently ignores parameter names a job does not define, so a typo would run the
//! build with defaults; the client refuses such names before anything is triggered.

use std::collections::HashSet;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, Result};
use crate::model::ParameterDefinition;

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

/// Refuses names the job does not define, listing the ones it does, and values Jenkins
/// would misread (a boolean other than true/false) or refuse (a choice not offered).
pub fn check_defined(
    job: &str,
    defined: Option<&[ParameterDefinition]>,
    params: &[(&str, &str)],
) -> Result<()> {
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
        .filter(|n| !defined.iter().any(|d| d.name == *n))
        .collect();
    if !unknown.is_empty() {
        let names: Vec<&str> = defined.iter().map(|d| d.name.as_str()).collect();
        return Err(Error::invalid(format!(
            "the job '{job}' defines no parameter {}; it defines {}. Names are \
             case-sensitive. Nothing was triggered",
            quoted(&unknown, "", ""),
            if names.is_empty() {
                "none".to_string()
            } else {
                quoted(&names, "", "")
            }
        )));
    }

    for (name, value) in params {
        let def = defined
            .iter()
            .find(|d| d.name == *name)
            .expect("checked above");
        check_value(job, def, value)?;
    }
    Ok(())
}

fn check_value(job: &str, def: &ParameterDefinition, value: &str) -> Result<()> {
    let name = &def.name;
    match def.kind.as_deref() {
        // Jenkins reads anything but "true" as false, so a typo would flip the meaning.
        Some("BooleanParameterDefinition")
            if !value.eq_ignore_ascii_case("true") && !value.eq_ignore_ascii_case("false") =>
        {
            Err(Error::invalid(format!(
                "the parameter '{name}' of job '{job}' is a boolean: give true or false, \
                 not '{value}'. Nothing was triggered"
            )))
        }
        Some("ChoiceParameterDefinition") => match &def.choices {
            Some(choices) if !choices.is_empty() && !choices.iter().any(|c| c == value) => {
                let offered: Vec<&str> = choices.iter().map(String::as_str).collect();
                Err(Error::invalid(format!(
                    "the parameter '{name}' of job '{job}' is a choice of {}; '{value}' is not \
                     one of them (Jenkins would fail the request). Nothing was triggered",
                    quoted(&offered, "", "")
                )))
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
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

    fn def(name: &str, kind: &str, choices: Option<&[&str]>) -> ParameterDefinition {
        ParameterDefinition {
            name: name.to_string(),
            kind: Some(kind.to_string()),
            choices: choices.map(|c| c.iter().map(|s| s.to_string()).collect()),
        }
    }

    fn app_param() -> Vec<ParameterDefinition> {
        vec![
            def("VERSION", "StringParameterDefinition", None),
            def("DRY_RUN", "BooleanParameterDefinition", None),
            def("ENV", "ChoiceParameterDefinition", Some(&["dev", "prod"])),
        ]
    }

    #[test]
    fn unknown_name_lists_the_defined_ones() {
        let e = check_defined("app-param", Some(&app_param()), &[("VERISON", "2.4")]);

        assert_eq!(
            e.unwrap_err().message(),
            "the job 'app-param' defines no parameter 'VERISON'; it defines 'VERSION', \
             'DRY_RUN', 'ENV'. Names are case-sensitive. Nothing was triggered"
        );
    }

    #[test]
    fn boolean_other_than_true_or_false_is_refused() {
        let ok = check_defined("j", Some(&app_param()), &[("DRY_RUN", "TRUE")]);
        let e = check_defined("j", Some(&app_param()), &[("DRY_RUN", "maybe")]).unwrap_err();

        assert!(ok.is_ok());
        assert_eq!(
            e.message(),
            "the parameter 'DRY_RUN' of job 'j' is a boolean: give true or false, not 'maybe'. \
             Nothing was triggered"
        );
    }

    #[test]
    fn choice_not_offered_is_refused_listing_the_choices() {
        let e = check_defined("j", Some(&app_param()), &[("ENV", "qa")]).unwrap_err();

        assert_eq!(
            e.message(),
            "the parameter 'ENV' of job 'j' is a choice of 'dev', 'prod'; 'qa' is not one of \
             them (Jenkins would fail the request). Nothing was triggered"
        );
        assert!(check_defined("j", Some(&app_param()), &[("ENV", "prod")]).is_ok());
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
