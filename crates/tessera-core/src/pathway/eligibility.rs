//! What counts: a credential's facts under a pathway's policy and matchers.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

use super::credits::Credits;
use super::{Candidate, CreditUnit, Matcher, MissingLevel, Pathway, SkillMatch};
use crate::{Status, Verdict};

/// Reason codes of `excluded` (pathway-format.md), in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Reason {
    Invalid,
    NotVerified,
    Expired,
    Revoked,
    Suspended,
    TooOld,
    LevelBelowMinimum,
    LevelMissing,
    CreditsMissing,
    CreditsOutOfRange,
    CreditsBelowMinimum,
    UnitMismatch,
}

impl Reason {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Reason::Invalid => "invalid",
            Reason::NotVerified => "not-verified",
            Reason::Expired => "expired",
            Reason::Revoked => "revoked",
            Reason::Suspended => "suspended",
            Reason::TooOld => "too-old",
            Reason::LevelBelowMinimum => "level-below-minimum",
            Reason::LevelMissing => "level-missing",
            Reason::CreditsMissing => "credits-missing",
            Reason::CreditsOutOfRange => "credits-out-of-range",
            Reason::CreditsBelowMinimum => "credits-below-minimum",
            Reason::UnitMismatch => "unit-mismatch",
        }
    }
}

/// One reason with the words that explain it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Why {
    pub reason: Reason,
    pub words: String,
}

fn why(reason: Reason, words: impl Into<String>) -> Why {
    Why {
        reason,
        words: words.into(),
    }
}

/// Where a unit sits, for sentences.
pub(crate) struct UnitRef<'a> {
    pub group_label: &'a str,
    /// `Some(i)` for `required/i`, `None` for the select.
    pub slot: Option<usize>,
}

impl UnitRef<'_> {
    fn words(&self) -> String {
        match self.slot {
            Some(i) => format!("required slot {} of '{}'", i + 1, self.group_label),
            None => format!("the choice in '{}'", self.group_label),
        }
    }
}

/// Credits as the evaluator counts them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CreditFact {
    /// None stated: counts as 0 where credits are not needed.
    NotStated,
    /// In the pathway's unit (converted when needed).
    Known(Credits),
    /// Stated, but not usable (the reason is already among the credential's reasons).
    Unusable,
}

/// The facts of one candidate at the evaluation time.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub credits: CreditFact,
    /// Whole months from issue to the evaluation date.
    pub age_months: Option<i64>,
    /// Reasons that make it ineligible for the whole pathway.
    pub global: Vec<Why>,
}

pub(crate) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(t.and_utc());
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    }
    None
}

/// Age in whole months (pathway-format.md, "Time").
pub(crate) fn age_in_months(issued: NaiveDate, at: NaiveDate) -> i64 {
    let (y1, m1, d1) = (
        issued.year() as i64,
        issued.month() as i64,
        issued.day() as i64,
    );
    let (y2, m2, d2) = (at.year() as i64, at.month() as i64, at.day() as i64);
    (y2 - y1) * 12 + (m2 - m1) - i64::from(d2 < d1)
}

fn unit_name(unit: CreditUnit) -> &'static str {
    unit.as_str()
}

/// `"5 ECTS"`, `"12.5 hours"`.
pub(crate) fn amount(c: &Credits, unit: CreditUnit) -> String {
    format!("{} {}", c.display_up(), unit_name(unit))
}

pub(crate) fn facts(pathway: &Pathway, c: &Candidate, at: DateTime<Utc>) -> Facts {
    let policy = &pathway.policy;
    let unit = policy.credit_unit;
    let today = at.date_naive();
    let mut global = Vec::new();

    if c.verdict == Verdict::Invalid {
        global.push(why(
            Reason::Invalid,
            "its signature or content does not verify",
        ));
    } else if policy.require_verified && c.verdict != Verdict::Valid {
        global.push(why(
            Reason::NotVerified,
            format!(
                "it is not verified (verdict: {}), and this pathway counts verified credentials only",
                c.verdict.as_str()
            ),
        ));
    }
    match c.expires.as_deref().map(|e| (e, parse_time(e))) {
        Some((_, Some(t))) if t <= at => global.push(why(
            Reason::Expired,
            format!("it expired on {}", t.date_naive().format("%Y-%m-%d")),
        )),
        Some((_, Some(_))) => {}
        Some((text, None)) => global.push(why(
            Reason::Expired,
            format!(
                "its expiry date ({text}) cannot be read, so it cannot be shown to be still valid"
            ),
        )),
        None if c.status == Status::Expired => {
            global.push(why(Reason::Expired, "it is marked as expired"))
        }
        None => {}
    }
    match c.status {
        Status::Revoked => global.push(why(Reason::Revoked, "its issuer has revoked it")),
        Status::Suspended => global.push(why(Reason::Suspended, "its issuer has suspended it")),
        _ => {}
    }

    let issued = c
        .issued
        .as_deref()
        .and_then(parse_time)
        .map(|t| t.date_naive());
    let age_months = issued.map(|d| age_in_months(d, today));
    if let Some(max) = policy.max_age_months {
        match age_months {
            Some(age) if age > i64::from(max) => global.push(why(
                Reason::TooOld,
                format!(
                    "it was issued {age} months before the evaluation date; this pathway accepts credentials up to {max} months old"
                ),
            )),
            Some(_) => {}
            None => global.push(why(
                Reason::TooOld,
                format!(
                    "its issue date is unknown, so it cannot be shown to be at most {max} months old"
                ),
            )),
        }
    }
    if let Some(min) = policy.min_eqf_level {
        match c.eqf_level {
            Some(level) if level < min => global.push(why(
                Reason::LevelBelowMinimum,
                format!("its EQF level is {level}; this pathway needs level {min} or higher"),
            )),
            Some(_) => {}
            None if policy.missing_level == MissingLevel::Reject => global.push(why(
                Reason::LevelMissing,
                format!("it states no EQF level, and this pathway needs level {min} or higher"),
            )),
            None => {}
        }
    }

    let credits = match c.credits {
        None => CreditFact::NotStated,
        Some(raw) => {
            let stated_unit = match c.credit_unit.as_deref() {
                None => Ok(unit),
                Some(text) => CreditUnit::parse(text).ok_or(text),
            };
            match (Credits::from_f64(raw), stated_unit) {
                (_, Err(text)) => {
                    global.push(why(
                        Reason::UnitMismatch,
                        format!(
                            "its credits are in '{text}', which this pathway cannot count as {}",
                            unit_name(unit)
                        ),
                    ));
                    CreditFact::Unusable
                }
                (None, _) => {
                    global.push(why(
                        Reason::CreditsOutOfRange,
                        format!("its credit figure ({raw}) is not one Tessera can count (negative, too large or too finely divided)"),
                    ));
                    CreditFact::Unusable
                }
                (Some(value), Ok(stated)) if stated == unit => CreditFact::Known(value),
                (Some(value), Ok(stated)) => match policy.hours_per_ects {
                    None => {
                        global.push(why(
                            Reason::UnitMismatch,
                            format!(
                                "its credits are in {}, and this pathway counts {} with no conversion",
                                unit_name(stated),
                                unit_name(unit)
                            ),
                        ));
                        CreditFact::Unusable
                    }
                    Some(rate) => {
                        let converted = match stated {
                            CreditUnit::Hours => value.checked_div(&rate),
                            CreditUnit::Ects => value.checked_mul(&rate),
                        };
                        match converted {
                            Some(v) => CreditFact::Known(v),
                            None => {
                                global.push(why(
                                    Reason::CreditsOutOfRange,
                                    format!(
                                        "its credit figure ({raw} {}) cannot be converted",
                                        unit_name(stated)
                                    ),
                                ));
                                CreditFact::Unusable
                            }
                        }
                    }
                },
            }
        }
    };
    if let Some(range) = &policy.item_credits {
        let range_words = match (range.min, range.max) {
            (Some(lo), Some(hi)) => {
                format!("between {} and {}", lo.display_up(), amount(&hi, unit))
            }
            (Some(lo), None) => format!("at least {}", amount(&lo, unit)),
            (None, Some(hi)) => format!("at most {}", amount(&hi, unit)),
            (None, None) => String::new(),
        };
        match &credits {
            CreditFact::NotStated => global.push(why(
                Reason::CreditsMissing,
                format!(
                    "it states no credits, and this pathway counts credentials of {range_words}"
                ),
            )),
            CreditFact::Known(v) => {
                if range.min.is_some_and(|lo| *v < lo) || range.max.is_some_and(|hi| *v > hi) {
                    global.push(why(
                        Reason::CreditsOutOfRange,
                        format!(
                            "its {} are outside what this pathway counts per credential ({range_words})",
                            amount(v, unit)
                        ),
                    ));
                }
            }
            CreditFact::Unusable => {}
        }
    }
    global.sort_by_key(|w| w.reason);
    Facts {
        credits,
        age_months,
        global,
    }
}

/// How a candidate meets one matcher.
pub(crate) enum Met {
    /// Some key other than the limits does not hold.
    No,
    /// Every key holds.
    Yes,
    /// Every key but some limit holds: the limits it fails.
    Limits(Vec<Why>),
}

pub(crate) fn meets(
    m: &Matcher,
    c: &Candidate,
    f: &Facts,
    unit: CreditUnit,
    place: &UnitRef<'_>,
) -> Met {
    if let Some(ids) = &m.achievement_id {
        match &c.achievement_id {
            Some(id) if ids.iter().any(|x| x == id) => {}
            _ => return Met::No,
        }
    }
    if let Some(skills) = &m.skill {
        let has = |s: &String| c.skills.iter().any(|x| x == s);
        let ok = match m.skill_match.unwrap_or(SkillMatch::Any) {
            SkillMatch::Any => skills.iter().any(has),
            SkillMatch::All => skills.iter().all(has),
        };
        if !ok {
            return Met::No;
        }
    }
    if let Some(pattern) = &m.title_pattern {
        if !c.titles.iter().any(|t| pattern.is_match(t)) {
            return Met::No;
        }
    }
    if let Some(issuers) = &m.issuer {
        if !issuers.contains(&c.issuer) {
            return Met::No;
        }
    }
    if let Some(kind) = &m.achievement_type {
        if c.achievement_type.as_deref() != Some(kind.as_str()) {
            return Met::No;
        }
    }
    let mut fails = Vec::new();
    if let Some(min) = &m.min_credits {
        match &f.credits {
            CreditFact::NotStated => fails.push(why(
                Reason::CreditsMissing,
                format!(
                    "it states no credits, and {} needs at least {}",
                    place.words(),
                    amount(min, unit)
                ),
            )),
            CreditFact::Known(v) if v < min => fails.push(why(
                Reason::CreditsBelowMinimum,
                format!(
                    "its {} are below the {} that {} needs",
                    amount(v, unit),
                    amount(min, unit),
                    place.words()
                ),
            )),
            _ => {}
        }
    }
    if let Some(min) = m.min_eqf_level {
        match c.eqf_level {
            None => fails.push(why(
                Reason::LevelMissing,
                format!(
                    "it states no EQF level, and {} needs level {min} or higher",
                    place.words()
                ),
            )),
            Some(level) if level < min => fails.push(why(
                Reason::LevelBelowMinimum,
                format!(
                    "its EQF level is {level}, and {} needs level {min} or higher",
                    place.words()
                ),
            )),
            _ => {}
        }
    }
    if let Some(max) = m.max_age_months {
        match f.age_months {
            Some(age) if age > i64::from(max) => fails.push(why(
                Reason::TooOld,
                format!(
                    "it was issued {age} months before the evaluation date, and {} accepts at most {max} months",
                    place.words()
                ),
            )),
            Some(_) => {}
            None => fails.push(why(
                Reason::TooOld,
                format!(
                    "its issue date is unknown, and {} accepts credentials up to {max} months old",
                    place.words()
                ),
            )),
        }
    }
    if fails.is_empty() {
        Met::Yes
    } else {
        Met::Limits(fails)
    }
}
