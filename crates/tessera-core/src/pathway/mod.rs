//! Pathways: larger credentials (a micro-degree, a badge stack) and the rules by which a
//! learner's credentials count toward them (`shared/design/pathway-format.md`).
//!
//! - [`parse`] reads and validates a pathway file (unknown keys anywhere are an error that
//!   names them; every error names the JSON path of the field at fault).
//! - [`evaluate`] evaluates a pathway against the wallet's credentials ([`Candidate`]s) at a
//!   given time and returns the [`Progress`] the CLI prints with `--json` and the UI shows.
//! - [`shipped`] lists the pathways that ship with Tessera.
//!
//! No I/O, no clock (the evaluation time is passed in), no randomness.
//!
//! # How the evaluation is exact
//! Credits are exact fractions ([`Credits`]); in one evaluation every figure is scaled by
//! the least common multiple of the denominators to an integer (`u128`).
//!
//! An allocation puts credentials into *units*: each required slot (capacity 1) and each
//! group's select pool (capacity `select.max`). Without credit minimums and without the
//! distinct-issuer rule the problem is a transversal matroid: the greedy choice of
//! credentials by decreasing credits, each kept when an augmenting path in the unit graph
//! can place it, gives the most credits, and (Mendelsohn–Dulmage) the chosen set can be
//! re-matched to fill every required slot and select minimum that any allocation can fill.
//! This "completion" is polynomial and is computed exactly.
//!
//! Per-group credit minimums and the distinct-issuer rule make the problem hard. The search
//! (module `search`) is a branch and bound over the credentials in decreasing order of credits
//! that only branches while some group still lacks credits or the pathway lacks issuers: a
//! credential is either assigned to one of the groups that still lack credits, reserved for
//! its (new) issuer, or deferred. As soon as no minimum is outstanding, the completion gives
//! the best allocation below that node outright. Pruning: per-group capacity-aware credit
//! potential, a Hall-type joint credit bound over every subset of the groups that still lack
//! credits (subset sums by a zeta transform), an issuer-count bound, the completion itself
//! as an upper bound and a coverage test, and dominance between interchangeable credentials
//! (same units and issuer: a lower-credit one is never assigned where a higher-credit one
//! was deferred; equal ones are assigned in group order).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod credits;
mod eligibility;
mod evaluate;
mod parse;
mod report;
mod search;
mod view;

pub use credits::Credits;
pub use evaluate::{
    evaluate, AllocationEntry, Excluded, GroupProgress, PlanStep, Progress, REASON_CODES,
};
pub use parse::{parse, PathwayError, MAX_PATHWAY_BYTES};
pub use report::{escape, report_html, ReportCredential, ReportSource};
pub use view::{
    counted_in, percent, view, view_in, Expiry, GroupView, OpenTile, PathwayView, Tile,
};

/// The unit of every credit figure in a pathway file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum CreditUnit {
    #[serde(rename = "ECTS")]
    Ects,
    #[serde(rename = "hours")]
    Hours,
}

impl CreditUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            CreditUnit::Ects => "ECTS",
            CreditUnit::Hours => "hours",
        }
    }

    /// `"ECTS"` or `"hours"`, any letter case; anything else is `None`.
    pub fn parse(text: &str) -> Option<CreditUnit> {
        if text.eq_ignore_ascii_case("ECTS") {
            Some(CreditUnit::Ects)
        } else if text.eq_ignore_ascii_case("hours") {
            Some(CreditUnit::Hours)
        } else {
            None
        }
    }
}

/// What a credential without an EQF level gets when `minEqfLevel` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MissingLevel {
    Accept,
    Reject,
}

/// `skillMatch` of a matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SkillMatch {
    Any,
    All,
}

/// `outcome`: what the pathway leads to (informative; not used by the evaluation).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits: Option<Credits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eqf_level: Option<u8>,
}

/// `policy.itemCredits`: credentials whose credits fall outside are not eligible.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ItemCredits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Credits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Credits>,
}

/// `policy`, with the defaults of the format filled in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub credit_unit: CreditUnit,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours_per_ects: Option<Credits>,
    pub min_total_credits: Credits,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_eqf_level: Option<u8>,
    pub missing_level: MissingLevel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age_months: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_credits: Option<ItemCredits>,
    pub min_distinct_issuers: u32,
    pub require_verified: bool,
}

/// `titlePattern` (+ `flags`), compiled.
#[derive(Debug, Clone)]
pub struct TitlePattern {
    pub pattern: String,
    pub case_insensitive: bool,
    regex: regex::Regex,
}

impl TitlePattern {
    /// Unanchored search.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

impl PartialEq for TitlePattern {
    fn eq(&self, other: &Self) -> bool {
        self.pattern == other.pattern && self.case_insensitive == other.case_insensitive
    }
}

/// A matcher: all of its keys must hold. Lists of matchers are OR.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matcher {
    pub any: bool,
    pub achievement_id: Option<Vec<String>>,
    pub skill: Option<Vec<String>>,
    pub skill_match: Option<SkillMatch>,
    pub title_pattern: Option<TitlePattern>,
    pub issuer: Option<Vec<String>>,
    pub achievement_type: Option<String>,
    pub min_credits: Option<Credits>,
    pub min_eqf_level: Option<u8>,
    pub max_age_months: Option<u32>,
}

impl Serialize for Matcher {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if self.any {
            map.serialize_entry("any", &true)?;
        }
        if let Some(v) = &self.achievement_id {
            map.serialize_entry("achievementId", v)?;
        }
        if let Some(v) = &self.skill {
            map.serialize_entry("skill", v)?;
        }
        if let Some(v) = &self.skill_match {
            map.serialize_entry("skillMatch", v)?;
        }
        if let Some(v) = &self.title_pattern {
            map.serialize_entry("titlePattern", &v.pattern)?;
            if v.case_insensitive {
                map.serialize_entry("flags", "i")?;
            }
        }
        if let Some(v) = &self.issuer {
            map.serialize_entry("issuer", v)?;
        }
        if let Some(v) = &self.achievement_type {
            map.serialize_entry("achievementType", v)?;
        }
        if let Some(v) = &self.min_credits {
            map.serialize_entry("minCredits", v)?;
        }
        if let Some(v) = &self.min_eqf_level {
            map.serialize_entry("minEqfLevel", v)?;
        }
        if let Some(v) = &self.max_age_months {
            map.serialize_entry("maxAgeMonths", v)?;
        }
        map.end()
    }
}

/// `select` of a group (its `from` list is [`Group::from`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Select {
    pub min: u32,
    /// Unbounded when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// One group of a pathway.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<BTreeMap<String, String>>,
    /// One credential per entry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<Matcher>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub select: Option<Select>,
    /// The matchers of `select` (empty when there is no `select`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<Matcher>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_credits: Option<Credits>,
}

impl Group {
    /// The label in the first of `languages` present, else "en", else any; the id when the
    /// group has no label.
    pub fn label_in(&self, languages: &[&str]) -> String {
        self.label
            .as_ref()
            .and_then(|map| pick_language(map, languages))
            .unwrap_or_else(|| self.id.clone())
    }
}

/// A parsed, validated pathway.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pathway {
    pub id: String,
    pub title: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    pub policy: Policy,
    pub groups: Vec<Group>,
}

impl Pathway {
    /// The title in the first of `languages` present, else "en", else any.
    pub fn title_in(&self, languages: &[&str]) -> String {
        pick_language(&self.title, languages).unwrap_or_else(|| self.id.clone())
    }

    /// The description in the first of `languages` present, else "en", else any.
    pub fn description_in(&self, languages: &[&str]) -> Option<String> {
        self.description
            .as_ref()
            .and_then(|map| pick_language(map, languages))
    }

    /// The pathway as a pathway file (`"type"` and `"version"` included); [`parse`] reads it
    /// back to an equal pathway.
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let serde_json::Value::Object(map) = &mut value {
            let mut out = serde_json::Map::new();
            out.insert("type".into(), "TesseraPathway".into());
            out.insert("version".into(), 1.into());
            out.extend(std::mem::take(map));
            return serde_json::Value::Object(out);
        }
        value
    }
}

/// The value for the first of `languages` present (exact tag, then primary subtag), else
/// `en`, else the first.
fn pick_language(map: &BTreeMap<String, String>, languages: &[&str]) -> Option<String> {
    for lang in languages {
        if let Some(v) = map.get(*lang) {
            return Some(v.clone());
        }
        let primary = lang.split('-').next().unwrap_or(lang);
        if let Some((_, v)) = map.iter().find(|(k, _)| {
            k.split('-')
                .next()
                .unwrap_or(k)
                .eq_ignore_ascii_case(primary)
        }) {
            return Some(v.clone());
        }
    }
    map.get("en").or_else(|| map.values().next()).cloned()
}

/// What the evaluator needs of one wallet credential (the wallet builds these from its
/// records).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// Wallet id.
    pub id: String,
    /// The achievement title in all languages it has.
    pub titles: Vec<String>,
    pub achievement_id: Option<String>,
    pub achievement_type: Option<String>,
    pub issuer: String,
    pub skills: Vec<String>,
    /// Names the credential gives its skills (URL → name), used only to word the pathway
    /// page (the evaluation matches URLs).
    #[serde(default)]
    pub skill_names: BTreeMap<String, String>,
    /// As the issuer states it.
    pub credits: Option<f64>,
    /// `"ECTS"`, `"hours"`, or `None` (unit not stated: taken to be the pathway's unit).
    pub credit_unit: Option<String>,
    pub eqf_level: Option<u8>,
    /// RFC 3339.
    pub issued: Option<String>,
    /// RFC 3339 or `None`.
    pub expires: Option<String>,
    pub verdict: crate::Verdict,
    /// Lifecycle status as stored (revoked / suspended count; expired is also judged from
    /// `expires` at the evaluation time).
    pub status: crate::Status,
}

/// The pathways that ship with Tessera: `(file name, JSON)`.
pub fn shipped() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "dt-microdegree-eqf6.json",
            include_str!("../../pathways/dt-microdegree-eqf6.json"),
        ),
        (
            "mechatronics-badge-stack.json",
            include_str!("../../pathways/mechatronics-badge-stack.json"),
        ),
        (
            "data-analytics-short-cycle-eqf5.json",
            include_str!("../../pathways/data-analytics-short-cycle-eqf5.json"),
        ),
    ]
}
