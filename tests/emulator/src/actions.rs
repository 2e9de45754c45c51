//! The actions a queue item and its build carry: parameter values and causes.

use crate::config::{Param, ParamKind};
use crate::json::{Json, Obj};

/// A converted parameter value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Bool(bool),
}

/// One `ParameterValue`; equality (class, name, value) is what queue folding compares.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ParamValue {
    pub name: String,
    pub kind: ParamKind,
    pub value: Value,
}

impl ParamValue {
    /// `createValue` of the definition for one submitted string: booleans take
    /// `Boolean.parseBoolean`, choices must be one of the choices.
    pub(crate) fn from_text(def: &Param, text: &str) -> Result<ParamValue, String> {
        let value = match def.kind {
            ParamKind::Boolean => Value::Bool(text.eq_ignore_ascii_case("true")),
            ParamKind::Choice if !def.choices.iter().any(|c| c == text) => {
                return Err(format!("Illegal choice for parameter {}: {text}", def.name));
            }
            _ => Value::Text(text.to_string()),
        };
        Ok(ParamValue {
            name: def.name.clone(),
            kind: def.kind,
            value,
        })
    }

    /// The definition's default value.
    pub(crate) fn default_of(def: &Param) -> ParamValue {
        let value = match def.kind {
            ParamKind::Boolean => Value::Bool(def.default == "true"),
            _ => Value::Text(def.default.clone()),
        };
        ParamValue {
            name: def.name.clone(),
            kind: def.kind,
            value,
        }
    }

    fn class(&self) -> &'static str {
        match self.kind {
            ParamKind::String | ParamKind::Choice => "hudson.model.StringParameterValue",
            ParamKind::Text => "hudson.model.TextParameterValue",
            ParamKind::Boolean => "hudson.model.BooleanParameterValue",
            ParamKind::Password => "hudson.model.PasswordParameterValue",
        }
    }

    /// Exported form; a password value exports only its name.
    pub(crate) fn json(&self) -> Json {
        let obj = Obj::class(self.class()).f("name", self.name.as_str());
        match (&self.value, self.kind) {
            (_, ParamKind::Password) => obj.into(),
            (Value::Bool(b), _) => obj.f("value", *b).into(),
            (Value::Text(t), _) => obj.f("value", t.as_str()).into(),
        }
    }

    /// `getShortDescription`, used in a queue item's `params`.
    fn short(&self) -> String {
        match (&self.value, self.kind) {
            (_, ParamKind::Password) => format!("{}=****", self.name),
            (Value::Bool(b), _) => format!("{}={b}", self.name),
            (Value::Text(t), _) => format!("{}={t}", self.name),
        }
    }
}

/// Why a build was scheduled.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cause {
    /// `Cause$UserIdCause`; anonymous has no id.
    UserId { id: Option<String>, name: String },
    /// `Cause$RemoteCause`: triggered with the job's remote token.
    Remote { addr: String, note: Option<String> },
    /// `TimerTrigger$TimerTriggerCause`: a build nobody under test asked for.
    Timer,
}

impl Cause {
    fn json(&self) -> Json {
        match self {
            Cause::UserId { id, name } => Obj::class("hudson.model.Cause$UserIdCause")
                .f("shortDescription", format!("Started by user {name}"))
                .f("userId", id.clone())
                .f("userName", name.as_str())
                .into(),
            Cause::Remote { addr, note } => {
                let mut text = format!("Started by remote host {addr}");
                if let Some(n) = note {
                    text.push_str(&format!(" with note: {n}"));
                }
                Obj::class("hudson.model.Cause$RemoteCause")
                    .f("shortDescription", text)
                    .f("addr", addr.as_str())
                    .f("note", note.clone())
                    .into()
            }
            Cause::Timer => Obj::class("hudson.triggers.TimerTrigger$TimerTriggerCause")
                .f("shortDescription", "Started by timer")
                .into(),
        }
    }
}

/// Parameters (None: the item has no `ParametersAction`) and counted causes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Actions {
    pub params: Option<Vec<ParamValue>>,
    pub causes: Vec<(Cause, u32)>,
}

impl Actions {
    pub(crate) fn new(params: Option<Vec<ParamValue>>, cause: Cause) -> Actions {
        Actions {
            params,
            causes: vec![(cause, 1)],
        }
    }

    /// Whether a new request with these parameters would fold into this item: equal sets of
    /// values, order ignored (`ParametersAction.shouldSchedule`).
    pub(crate) fn same_params(&self, other: &Option<Vec<ParamValue>>) -> bool {
        match (&self.params, other) {
            (None, None) => true,
            (Some(a), Some(b)) => a.len() == b.len() && a.iter().all(|v| b.contains(v)),
            _ => false,
        }
    }

    /// `CauseAction` merging: an equal cause only counts up.
    pub(crate) fn add_cause(&mut self, cause: Cause) {
        match self.causes.iter_mut().find(|(c, _)| *c == cause) {
            Some((_, count)) => *count += 1,
            None => self.causes.push((cause, 1)),
        }
    }

    /// The exported `actions` list: ParametersAction first, then CauseAction.
    pub(crate) fn json(&self) -> Vec<Json> {
        let mut out = Vec::new();
        if let Some(params) = &self.params {
            let values: Vec<Json> = params.iter().map(ParamValue::json).collect();
            out.push(
                Obj::class("hudson.model.ParametersAction")
                    .f("parameters", values)
                    .into(),
            );
        }
        let causes: Vec<Json> = self.causes.iter().map(|(c, _)| c.json()).collect();
        out.push(
            Obj::class("hudson.model.CauseAction")
                .f("causes", causes)
                .into(),
        );
        out
    }

    /// A queue item's `params` text: `\nNAME=value` per value.
    pub(crate) fn params_text(&self) -> String {
        let values = self.params.iter().flatten();
        values.map(|v| format!("\n{}", v.short())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(name: &str, text: &str) -> ParamValue {
        ParamValue::from_text(&Param::string(name, ""), text).unwrap()
    }

    #[test]
    fn parameter_sets_fold_regardless_of_order() {
        let a = Actions::new(Some(vec![value("A", "1"), value("B", "2")]), anon());
        assert!(a.same_params(&Some(vec![value("B", "2"), value("A", "1")])));
        assert!(!a.same_params(&Some(vec![value("A", "1"), value("B", "3")])));
        assert!(!a.same_params(&Some(vec![value("A", "1")])));
        assert!(!a.same_params(&None));
        assert!(Actions::new(None, anon()).same_params(&None));
    }

    #[test]
    fn booleans_parse_like_java_and_choices_are_checked() {
        let flag = Param::boolean("F", false);
        assert_eq!(
            ParamValue::from_text(&flag, "TRUE").unwrap().value,
            Value::Bool(true)
        );
        assert_eq!(
            ParamValue::from_text(&flag, "yes").unwrap().value,
            Value::Bool(false)
        );
        let pick = Param::choice("C", &["a", "b"]);
        assert_eq!(
            ParamValue::from_text(&pick, "c"),
            Err("Illegal choice for parameter C: c".to_string())
        );
    }

    #[test]
    fn params_text_masks_passwords() {
        let pw = ParamValue::from_text(&Param::password("PW", ""), "s3cret").unwrap();
        let flag = ParamValue::default_of(&Param::boolean("F", true));
        let actions = Actions::new(Some(vec![value("K", "v1"), flag, pw]), anon());
        assert_eq!(actions.params_text(), "\nK=v1\nF=true\nPW=****");
    }

    #[test]
    fn equal_causes_are_merged() {
        let mut actions = Actions::new(None, anon());
        actions.add_cause(anon());
        assert_eq!(actions.causes.len(), 1);
        assert_eq!(actions.causes[0].1, 2);
    }

    fn anon() -> Cause {
        Cause::UserId {
            id: None,
            name: "anonymous".into(),
        }
    }
}
