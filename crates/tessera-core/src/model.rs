//! The normalised view of a credential that every format is mapped into, and the
//! verification vocabulary (verdict, status, checks) of `shared/design/cli.md`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Authenticity only: does the proof verify with a key that belongs to the issuer?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The signature verifies and the key belongs to the issuer.
    Valid,
    /// Checked, and it does not verify (tampered, wrong key, undefined terms).
    Invalid,
    /// Signed, but the key or something else needed could not be obtained.
    Unknown,
    /// There is no proof at all.
    Unsigned,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Invalid => "invalid",
            Verdict::Unknown => "unknown",
            Verdict::Unsigned => "unsigned",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "valid" => Verdict::Valid,
            "invalid" => Verdict::Invalid,
            "unknown" => Verdict::Unknown,
            "unsigned" => Verdict::Unsigned,
            _ => return None,
        })
    }
}

/// Lifecycle at the evaluation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Active,
    Expired,
    NotYetValid,
    Revoked,
    Suspended,
    /// It has a status entry that has never been checked.
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Expired => "expired",
            Status::NotYetValid => "not-yet-valid",
            Status::Revoked => "revoked",
            Status::Suspended => "suspended",
            Status::Unknown => "unknown",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "active" => Status::Active,
            "expired" => Status::Expired,
            "not-yet-valid" => Status::NotYetValid,
            "revoked" => Status::Revoked,
            "suspended" => Status::Suspended,
            "unknown" => Status::Unknown,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum CheckResult {
    Pass,
    Fail,
    Warn,
    Unknown,
}

/// One check made on a credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// `signature`, `issuer-key`, `validity`, `status`, ...
    pub check: String,
    pub result: CheckResult,
    /// A plain sentence a learner understands.
    pub detail: String,
    /// RFC 3339 time the check was made (or, for cached evidence, fetched).
    pub checked_at: String,
    /// For `status` checks: `revocation` or `suspension`; null for other checks.
    pub purpose: Option<String>,
}

/// Credit units Tessera knows. Anything else is kept as `None` (the issuer did not say).
pub const UNIT_ECTS: &str = "ECTS";
pub const UNIT_HOURS: &str = "hours";

/// The facts record: the normalised fields `list --json` prints (cli.md) plus what a
/// credential page shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Facts {
    pub title: String,
    /// The credential's issuer id (VC `issuer` / `issuer.id`).
    pub issuer: String,
    pub issuer_name: Option<String>,
    /// RFC 3339.
    pub issued: Option<String>,
    /// Start of validity when it differs from `issued` (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    pub achievement_id: Option<String>,
    pub credits: Option<f64>,
    pub credit_unit: Option<String>,
    pub eqf_level: Option<u8>,
    pub skills: Vec<String>,
    /// Names the credential gives its skills (`targetUrl` → `targetName`), for display.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub skill_names: std::collections::BTreeMap<String, String>,
    /// RFC 3339 or null.
    pub expires: Option<String>,
    pub description: Option<String>,
    /// Markdown, as the issuer wrote it. The UI sanitises it.
    pub criteria: Option<String>,
    /// Who it was issued to, as the credential says (an id or a name).
    pub learner: Option<String>,
    pub learning_outcomes: Vec<String>,
    /// An embedded image (a `data:` URI) only; remote images are never fetched by the core.
    pub image: Option<String>,
    /// The credential's own `id`, when it has one.
    pub credential_id: Option<String>,
    /// A validity date is there but is not a date: the lifecycle cannot be judged.
    #[serde(default)]
    pub unreadable_dates: bool,
    /// The trust registry that lists the issuer; `issuerName` is then the registry's name
    /// for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    /// The issuer's own name for itself, when a registry names it differently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_claimed_name: Option<String>,
    /// Open Badges 3.0 `achievementType` (e.g. `Course`, `MicroCredential`), for pathways.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievement_type: Option<String>,
}

/// One EU critical-information element: present means a non-empty value of the right kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CriticalElement {
    pub present: bool,
    pub value: Value,
}

impl CriticalElement {
    pub fn missing() -> Self {
        CriticalElement {
            present: false,
            value: Value::Null,
        }
    }
    /// Present when `value` is a non-empty string, number, array or object.
    pub fn of(value: Value) -> Self {
        let present = match &value {
            Value::Null => false,
            Value::Bool(_) => true,
            Value::Number(_) => true,
            Value::String(s) => !s.trim().is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(o) => !o.is_empty(),
        };
        CriticalElement {
            present,
            value: if present { value } else { Value::Null },
        }
    }
}

/// The mandatory "critical information" of the EU Council Recommendation on
/// micro-credentials (2022/C 243/02, Annex I), one key per element (cli.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Critical {
    pub learner: CriticalElement,
    pub title: CriticalElement,
    pub country: CriticalElement,
    pub awarding_body: CriticalElement,
    pub issued: CriticalElement,
    pub learning_outcomes: CriticalElement,
    pub workload: CriticalElement,
    pub level: CriticalElement,
    pub assessment: CriticalElement,
    pub participation: CriticalElement,
    pub quality_assurance: CriticalElement,
}

impl Default for Critical {
    fn default() -> Self {
        Critical {
            learner: CriticalElement::missing(),
            title: CriticalElement::missing(),
            country: CriticalElement::missing(),
            awarding_body: CriticalElement::missing(),
            issued: CriticalElement::missing(),
            learning_outcomes: CriticalElement::missing(),
            workload: CriticalElement::missing(),
            level: CriticalElement::missing(),
            assessment: CriticalElement::missing(),
            participation: CriticalElement::missing(),
            quality_assurance: CriticalElement::missing(),
        }
    }
}

/// Credential formats (cli.md `format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Format {
    /// Open Badges 3.0 / VC 2.0 with Data Integrity.
    #[serde(rename = "ob3-di")]
    Ob3Di,
    /// Other VC with Data Integrity (or Ed25519Signature2020).
    #[serde(rename = "vc-di")]
    VcDi,
    /// A VC secured as a JWT (JOSE).
    #[serde(rename = "vc-jwt")]
    VcJwt,
    /// SD-JWT VC (`typ` `dc+sd-jwt` / `vc+sd-jwt`, with `vct`).
    #[serde(rename = "sd-jwt-vc")]
    SdJwtVc,
    /// Plain SD-JWT, not a VC.
    #[serde(rename = "sd-jwt")]
    SdJwt,
    /// Open Badges 2.0 (hosted, signed or baked).
    #[serde(rename = "ob2")]
    Ob2,
    /// European Digital Credential (ELM), sealed with JAdES or unsigned.
    #[serde(rename = "edc")]
    Edc,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Ob3Di => "ob3-di",
            Format::VcDi => "vc-di",
            Format::VcJwt => "vc-jwt",
            Format::SdJwtVc => "sd-jwt-vc",
            Format::SdJwt => "sd-jwt",
            Format::Ob2 => "ob2",
            Format::Edc => "edc",
        }
    }
}

/// Everything the core concludes about one credential: what the store keeps as its
/// normalised record, next to the original bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Examined {
    pub format: Format,
    pub facts: Facts,
    pub critical: Critical,
    pub checks: Vec<Check>,
    pub verdict: Verdict,
    pub status: Status,
    /// For credentials with selective disclosure (SD-JWT): what the learner holds and
    /// what can be revealed claim by claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selective: Option<Selective>,
}

/// The claims of a selectively disclosable credential, as the learner holds them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Selective {
    /// Every claim with all disclosures applied (`_sd`, `...` removed).
    pub claims: Value,
    /// Claim paths (cli.md path rules: dot-separated names, array elements by index) that
    /// can be revealed or withheld one by one.
    pub disclosable: Vec<String>,
    /// The holder key the issuer bound the credential to (`cnf.jwk`), kept for presentations.
    pub holder_key: Option<Value>,
}
