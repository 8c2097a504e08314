//! Validated identifiers: system and motion slugs, environment variable names. Shared, not
//! copied: cloning an id (into every board, blocker and dependency list) is a reference count.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error(
        "{kind} id {value:?} must be 1-64 characters of a-z, 0-9 and '-', starting with a letter"
    )]
    BadSlug { kind: &'static str, value: String },
    #[error("variable name {0:?} must be 1-128 characters of A-Z, a-z, 0-9 and '_', not starting with a digit")]
    BadVarName(String),
}

fn is_slug(value: &str) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0].is_ascii_lowercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

macro_rules! slug_id {
    ($name:ident, $kind:literal) => {
        #[doc = concat!("A ", $kind, " slug such as `stripe-billing`: lowercase letters, digits and dashes.")]
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(Arc<str>);

        impl $name {
            pub fn parse(value: impl Into<String>) -> Result<Self, IdError> {
                let value = value.into();
                if is_slug(&value) {
                    Ok(Self(Arc::from(value)))
                } else {
                    Err(IdError::BadSlug { kind: $kind, value })
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, IdError> {
                Self::parse(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_id!(SystemId, "system");
slug_id!(MotionId, "motion");

/// The name of an environment variable. Only names are ever kept; values never are.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "String", into = "String")]
pub struct VarName(Arc<str>);

impl VarName {
    pub fn parse(value: impl Into<String>) -> Result<Self, IdError> {
        let value = value.into();
        let bytes = value.as_bytes();
        let ok = !bytes.is_empty()
            && bytes.len() <= 128
            && !bytes[0].is_ascii_digit()
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'_');
        if ok {
            Ok(Self(Arc::from(value)))
        } else {
            Err(IdError::BadVarName(value))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for VarName {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, IdError> {
        Self::parse(value)
    }
}

impl From<VarName> for String {
    fn from(name: VarName) -> String {
        name.0.to_string()
    }
}

impl fmt::Display for VarName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_accept_lowercase_dashes_and_digits() {
        assert!(SystemId::parse("stripe-billing").is_ok());
        assert!(MotionId::parse("m2").is_ok());
    }

    #[test]
    fn slugs_reject_everything_else() {
        for bad in ["", "Stripe", "1abc", "a b", "a_b", "-a", &"a".repeat(65)] {
            assert!(SystemId::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn var_names_follow_shell_rules() {
        assert!(VarName::parse("STRIPE_SECRET_KEY").is_ok());
        assert!(VarName::parse("_x1").is_ok());
        for bad in ["", "1A", "A-B", "A=B", "A B"] {
            assert!(VarName::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
