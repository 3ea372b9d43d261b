//! What the CLI prints and the app shows: views built from the stored record.

use serde::Serialize;
use tessera_core::model::Selective;
use tessera_core::{Check, Critical, Examined, Status, Verdict};
use tessera_store::StoredCredential;

use crate::error::WalletError;

/// One card in the library, and one object of `tessera list --json` (cli.md keys).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CredentialSummary {
    pub id: String,
    pub title: String,
    pub issuer: String,
    pub issuer_name: Option<String>,
    /// The learner's trust registry that lists the issuer (`issuerName` is then its name
    /// for the issuer); null when none does.
    pub registry: Option<String>,
    /// The issuer's own name for itself, when a registry names it differently.
    pub issuer_claimed_name: Option<String>,
    pub issued: Option<String>,
    pub format: String,
    pub achievement_id: Option<String>,
    pub credits: Option<f64>,
    pub credit_unit: Option<String>,
    pub eqf_level: Option<u8>,
    pub skills: Vec<String>,
    pub expires: Option<String>,
    pub verdict: Verdict,
    pub status: Status,
    /// An embedded image (`data:` URI) only.
    pub image: Option<String>,
}

/// A credential page, and (flattened) `tessera show --json`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CredentialDetail {
    pub summary: CredentialSummary,
    pub description: Option<String>,
    /// Markdown as the issuer wrote it; the UI sanitises it.
    pub criteria: Option<String>,
    pub learner: Option<String>,
    pub learning_outcomes: Vec<String>,
    pub checks: Vec<Check>,
    pub critical: Critical,
    pub imported_at: String,
    pub verified_at: String,
    /// SD-JWT credentials: every claim the learner holds, and which of them can be shared
    /// one by one. Null for credentials that can only be shared whole.
    pub selective: Option<Selective>,
}

impl CredentialDetail {
    /// A detail view of a credential that is not stored (e.g. `tessera verify FILE`).
    pub fn from_examined(id: &str, x: &Examined, checked_at: &str) -> CredentialDetail {
        detail(id, x, x.status, checked_at, checked_at)
    }

    /// The flat JSON of `show --json` / `verify --json`: the list keys plus `checks`,
    /// `critical` and the rest.
    pub fn to_flat_json(&self) -> serde_json::Value {
        let mut out = serde_json::to_value(&self.summary).unwrap_or_default();
        if let (Some(map), Ok(serde_json::Value::Object(rest))) =
            (out.as_object_mut(), serde_json::to_value(self))
        {
            for (k, v) in rest {
                if k != "summary" {
                    map.insert(k, v);
                }
            }
        }
        out
    }
}

pub(crate) fn examined_of(c: &StoredCredential) -> Result<Examined, WalletError> {
    serde_json::from_value(c.record.clone()).map_err(|e| WalletError::Damaged {
        path: "wallet database".into(),
        reason: format!("the record of credential {} cannot be read: {e}", c.id),
    })
}

pub(crate) fn summary(id: &str, x: &Examined, status: Status) -> CredentialSummary {
    let f = &x.facts;
    CredentialSummary {
        id: id.to_owned(),
        title: f.title.clone(),
        issuer: f.issuer.clone(),
        issuer_name: f.issuer_name.clone(),
        registry: f.registry.clone(),
        issuer_claimed_name: f.issuer_claimed_name.clone(),
        issued: f.issued.clone(),
        format: x.format.as_str().to_owned(),
        achievement_id: f.achievement_id.clone(),
        credits: f.credits,
        credit_unit: f.credit_unit.clone(),
        eqf_level: f.eqf_level,
        skills: f.skills.clone(),
        expires: f.expires.clone(),
        verdict: x.verdict,
        status,
        image: f.image.clone(),
    }
}

pub(crate) fn detail(
    id: &str,
    x: &Examined,
    status: Status,
    imported_at: &str,
    verified_at: &str,
) -> CredentialDetail {
    CredentialDetail {
        summary: summary(id, x, status),
        description: x.facts.description.clone(),
        criteria: x.facts.criteria.clone(),
        learner: x.facts.learner.clone(),
        learning_outcomes: x.facts.learning_outcomes.clone(),
        checks: x.checks.clone(),
        critical: x.critical.clone(),
        imported_at: imported_at.to_owned(),
        verified_at: verified_at.to_owned(),
        selective: x.selective.clone(),
    }
}
