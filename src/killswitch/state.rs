//! The state a kill changes and an undo restores, and its compact form in the `costbrake:prior` tag.
//!
//! The compact form uses only the characters every tagging service accepts (IAM and ECS allow letters,
//! digits, spaces and `_ . : / = + - @`): space-separated `key=value` pairs, lists joined with `+`.

use serde::Serialize;

/// Application Auto Scaling suspension flags of an ECS service's scalable target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Scaling {
    pub scale_in_suspended: bool,
    pub scale_out_suspended: bool,
    pub scheduled_suspended: bool,
}

impl Scaling {
    pub const SUSPENDED: Scaling = Scaling {
        scale_in_suspended: true,
        scale_out_suspended: true,
        scheduled_suspended: true,
    };

    fn compact(self) -> String {
        let flags: Vec<&str> = [
            (self.scale_in_suspended, "in"),
            (self.scale_out_suspended, "out"),
            (self.scheduled_suspended, "scheduled"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if flags.is_empty() {
            "active".into()
        } else {
            format!("suspended:{}", flags.join("+"))
        }
    }

    fn parse(value: &str) -> Option<Scaling> {
        if value == "active" {
            return Some(Scaling::default());
        }
        let mut scaling = Scaling::default();
        for flag in value.strip_prefix("suspended:")?.split('+') {
            match flag {
                "in" => scaling.scale_in_suspended = true,
                "out" => scaling.scale_out_suspended = true,
                "scheduled" => scaling.scheduled_suspended = true,
                _ => return None,
            }
        }
        Some(scaling)
    }

    pub fn describe(self) -> String {
        self.compact().replace(':', " ").replace('+', ", ")
    }
}

/// What one resource looks like, for the parts a kill changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum State {
    /// An EC2 instance: its state name (`running`, `stopped`, ...).
    Instance { state: String },
    /// An Auto Scaling group: sizes and suspended processes (sorted).
    Group {
        desired: i32,
        min: i32,
        max: i32,
        suspended: Vec<String>,
    },
    /// An ECS service: desired count and its scalable target's suspension, if it has one.
    Service { desired: i32, scaling: Option<Scaling> },
    /// A Lambda function's reserved concurrency; `None` means no reservation, which differs from 0.
    Function { reserved: Option<i32> },
    /// An IAM role or user: whether costbrake's inline deny policy is attached.
    Principal { deny_policy: bool },
    /// A sandbox account: the id of the costbrake SCP attached to it, if any.
    Account { scp: Option<String> },
}

impl State {
    /// The `costbrake:prior` tag value.
    pub fn compact(&self) -> String {
        match self {
            State::Instance { state } => format!("state={state}"),
            State::Group {
                desired,
                min,
                max,
                suspended,
            } => format!(
                "desired={desired} min={min} max={max} suspended={}",
                suspended.join("+")
            ),
            State::Service { desired, scaling } => format!(
                "desired={desired} scaling={}",
                scaling.map(Scaling::compact).unwrap_or_else(|| "none".into())
            ),
            State::Function { reserved } => format!(
                "reserved={}",
                reserved.map(|n| n.to_string()).unwrap_or_else(|| "none".into())
            ),
            State::Principal { deny_policy } => {
                format!("policy={}", if *deny_policy { "present" } else { "absent" })
            }
            State::Account { scp } => format!("scp={}", scp.as_deref().unwrap_or("none")),
        }
    }

    /// Parses a `costbrake:prior` tag value for a resource of `kind`.
    pub fn parse(kind: super::Kind, value: &str) -> Option<State> {
        use super::Kind;
        let fields: std::collections::BTreeMap<&str, &str> = value
            .split(' ')
            .filter(|f| !f.is_empty())
            .filter_map(|f| f.split_once('='))
            .collect();
        let int = |key: &str| fields.get(key)?.parse::<i32>().ok();
        let state = match kind {
            Kind::Instance => State::Instance {
                state: fields.get("state").filter(|s| !s.is_empty())?.to_string(),
            },
            Kind::Group => State::Group {
                desired: int("desired")?,
                min: int("min")?,
                max: int("max")?,
                suspended: fields
                    .get("suspended")?
                    .split('+')
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
            Kind::Service => State::Service {
                desired: int("desired")?,
                scaling: match *fields.get("scaling")? {
                    "none" => None,
                    other => Some(Scaling::parse(other)?),
                },
            },
            Kind::Function => State::Function {
                reserved: match *fields.get("reserved")? {
                    "none" => None,
                    n => Some(n.parse().ok()?),
                },
            },
            Kind::Role | Kind::User => State::Principal {
                deny_policy: match *fields.get("policy")? {
                    "present" => true,
                    "absent" => false,
                    _ => return None,
                },
            },
            Kind::Account => State::Account {
                scp: match *fields.get("scp")? {
                    "none" => None,
                    id => Some(id.to_string()),
                },
            },
        };
        Some(state)
    }

    /// A short human description (`running`, `desired 3 (min 1, max 5)`, `reserved none`).
    pub fn describe(&self) -> String {
        match self {
            State::Instance { state } => state.clone(),
            State::Group {
                desired,
                min,
                max,
                suspended,
            } => {
                let mut s = format!("desired {desired} (min {min}, max {max})");
                if !suspended.is_empty() {
                    s.push_str(&format!(", {} processes suspended", suspended.len()));
                }
                s
            }
            State::Service { desired, scaling } => match scaling {
                Some(scaling) => format!("desired {desired}, autoscaling {}", scaling.describe()),
                None => format!("desired {desired}"),
            },
            State::Function { reserved } => match reserved {
                Some(n) => format!("reserved concurrency {n}"),
                None => "reserved concurrency none".into(),
            },
            State::Principal { deny_policy } => {
                if *deny_policy {
                    "deny policy attached".into()
                } else {
                    "no deny policy".into()
                }
            }
            State::Account { scp } => match scp {
                Some(id) => format!("deny SCP {id} attached"),
                None => "no deny SCP".into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Kind;
    use super::*;

    #[test]
    fn compact_form_round_trips_for_every_kind() {
        let cases = [
            (
                Kind::Instance,
                State::Instance {
                    state: "running".into(),
                },
            ),
            (
                Kind::Group,
                State::Group {
                    desired: 3,
                    min: 1,
                    max: 5,
                    suspended: vec!["AZRebalance".into(), "Launch".into()],
                },
            ),
            (
                Kind::Group,
                State::Group {
                    desired: 0,
                    min: 0,
                    max: 2,
                    suspended: vec![],
                },
            ),
            (
                Kind::Service,
                State::Service {
                    desired: 2,
                    scaling: None,
                },
            ),
            (
                Kind::Service,
                State::Service {
                    desired: 4,
                    scaling: Some(Scaling::default()),
                },
            ),
            (
                Kind::Service,
                State::Service {
                    desired: 4,
                    scaling: Some(Scaling {
                        scale_in_suspended: true,
                        scale_out_suspended: false,
                        scheduled_suspended: true,
                    }),
                },
            ),
            (Kind::Function, State::Function { reserved: None }),
            (Kind::Function, State::Function { reserved: Some(0) }),
            (Kind::Function, State::Function { reserved: Some(50) }),
            (Kind::Role, State::Principal { deny_policy: false }),
            (Kind::User, State::Principal { deny_policy: true }),
            (Kind::Account, State::Account { scp: None }),
        ];
        for (kind, state) in cases {
            let compact = state.compact();
            assert!(compact.len() <= 256, "{compact}");
            assert!(
                compact
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " _.:/=+-@".contains(c)),
                "{compact} has a character some services reject in tag values"
            );
            assert_eq!(State::parse(kind, &compact), Some(state), "{compact}");
        }
    }

    #[test]
    fn garbage_is_rejected_not_guessed() {
        assert_eq!(State::parse(Kind::Function, "reserved=lots"), None);
        assert_eq!(State::parse(Kind::Instance, ""), None);
        assert_eq!(State::parse(Kind::Group, "desired=1 min=1"), None);
        assert_eq!(State::parse(Kind::Role, "policy=maybe"), None);
        assert_eq!(
            State::parse(Kind::Service, "desired=1 scaling=suspended:sideways"),
            None
        );
    }
}
