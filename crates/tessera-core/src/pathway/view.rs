//! What the pathway page shows beyond [`Progress`]: the rules in words, each group as a row
//! of tiles (credentials that count, and empty places saying what would fill them), a
//! percentage, and when each counted credential stops counting and what that would do.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::Serialize;

use super::eligibility::{age_in_months, amount, parse_time};
use super::evaluate::{capitalise, describe_matcher, describe_matchers, plural};
use super::{evaluate, Candidate, CreditUnit, Credits, Pathway, Progress};

/// A credential counted in a group: one filled tile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Tile {
    /// Wallet id.
    pub credential: String,
    /// `required/<index>` or `select`.
    pub slot: String,
    /// Credits counted, in the pathway's unit.
    pub credits: Credits,
}

/// An empty place in a group, and what would fill it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OpenTile {
    /// `required/<index>`, `select`, or `credits` (credits short after the counts are met).
    pub slot: String,
    /// What would fill it, as a sentence: "A credential matching 'capstone' or 'project'".
    pub text: String,
}

/// One group as a row of tiles.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct GroupView {
    pub id: String,
    /// In English, else any language; the id when the group has no label.
    pub label: String,
    /// The group's rule in words.
    pub rule: String,
    pub counted: Vec<Tile>,
    pub open: Vec<OpenTile>,
}

/// When a counted credential stops counting, and what that would do.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Expiry {
    pub credential: String,
    /// `YYYY-MM-DD`: the first day it no longer counts.
    pub date: String,
    /// `expires` (its validity ends) or `too-old` (it passes an age limit of the pathway).
    pub reason: String,
    /// Days from the evaluation date.
    pub days_left: i64,
    /// Whether the pathway would still be complete without it (today's other credentials).
    pub complete_after: bool,
    pub counted_credits_after: Credits,
    /// What losing it would do, in a sentence.
    pub effect: String,
}

/// Everything the pathway page and the progress report show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PathwayView {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub credit_unit: CreditUnit,
    pub min_total_credits: Credits,
    /// What completing it is worth, as the pathway states it.
    pub outcome_credits: Option<Credits>,
    pub outcome_eqf_level: Option<u8>,
    /// Pathway-wide rules in words.
    pub rules: Vec<String>,
    pub groups: Vec<GroupView>,
    /// See [`percent`].
    pub percent: u8,
    pub progress: Progress,
    /// Counted credentials that stop counting on a known date, soonest first.
    pub expiring: Vec<Expiry>,
    /// The planning aid in words, one line per group ([`Progress::plan`]): empty when
    /// complete, `null` when no new credentials could complete it.
    pub plan: Option<Vec<String>>,
}

/// How far along a pathway is, 0–100: the mean of the credit share (counted credits over
/// the total needed) and the count share (credentials counted toward each group's required
/// slots and select minimum, over those needed); the credit share alone when no counts are
/// needed. 100 only when complete, at most 99 otherwise.
pub fn percent(p: &Progress) -> u8 {
    if p.complete {
        return 100;
    }
    let credit_share = if p.min_total_credits.is_zero() {
        None
    } else {
        Some((p.counted_credits.to_f64() / p.min_total_credits.to_f64()).min(1.0))
    };
    let need: u32 = p.groups.iter().map(|g| g.need_count).sum();
    let have: u32 = p
        .groups
        .iter()
        .map(|g| g.required_filled + g.selected.min(g.select_min.unwrap_or(0)))
        .sum();
    let count_share = if need == 0 {
        None
    } else {
        Some(f64::from(have) / f64::from(need))
    };
    let share = match (credit_share, count_share) {
        (Some(a), Some(b)) => (a + b) / 2.0,
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => 0.0,
    };
    ((share * 100.0).floor() as u8).min(99)
}

fn group_rule(g: &super::Group, unit: CreditUnit) -> String {
    let mut parts = Vec::new();
    match g.required.len() {
        0 => {}
        n => parts.push(format!(
            "{} required",
            plural(n as u64, "credential", "credentials")
        )),
    }
    if let Some(select) = &g.select {
        let what = describe_matchers(&g.from, unit);
        let count = match (select.min, select.max) {
            (0, Some(max)) => format!("up to {}", plural(u64::from(max), "elective", "electives")),
            (0, None) => "any number of electives".to_owned(),
            (min, Some(max)) if max == min => plural(u64::from(min), "elective", "electives"),
            (min, Some(max)) => format!("{min} to {max} electives"),
            (min, None) => format!(
                "at least {}",
                plural(u64::from(min), "elective", "electives")
            ),
        };
        parts.push(format!("{count} ({what})"));
    }
    if let Some(c) = &g.min_credits {
        if !c.is_zero() {
            parts.push(format!("at least {} in this group", amount(c, unit)));
        }
    }
    if parts.is_empty() {
        "Optional: anything counted here adds to the total".to_owned()
    } else {
        capitalise(&parts.join("; "))
    }
}

fn pathway_rules(p: &Pathway) -> Vec<String> {
    let policy = &p.policy;
    let unit = policy.credit_unit;
    let mut out = vec![format!(
        "At least {} in total",
        amount(&policy.min_total_credits, unit)
    )];
    if let Some(h) = &policy.hours_per_ects {
        out.push(format!(
            "Credits in hours and ECTS are converted at {} hours per ECTS",
            h.display_up()
        ));
    }
    if let Some(l) = policy.min_eqf_level {
        out.push(match policy.missing_level {
            super::MissingLevel::Accept => format!(
                "Credentials at EQF level {l} or higher (a credential that states no level still counts)"
            ),
            super::MissingLevel::Reject => format!(
                "Credentials at EQF level {l} or higher (a credential must state its level)"
            ),
        });
    }
    if let Some(m) = policy.max_age_months {
        out.push(format!("Credentials at most {m} months old"));
    }
    if let Some(range) = &policy.item_credits {
        match (&range.min, &range.max) {
            (Some(a), Some(b)) => out.push(format!(
                "Each credential worth {} to {}",
                a.display_up(),
                amount(b, unit)
            )),
            (Some(a), None) => out.push(format!(
                "Each credential worth at least {}",
                amount(a, unit)
            )),
            (None, Some(b)) => {
                out.push(format!("Each credential worth at most {}", amount(b, unit)))
            }
            (None, None) => {}
        }
    }
    if policy.min_distinct_issuers > 1 {
        out.push(format!(
            "From at least {} different issuers",
            policy.min_distinct_issuers
        ));
    }
    if policy.require_verified {
        out.push("Only credentials whose signature is verified count".to_owned());
    } else {
        out.push("Credentials count even when their signature could not be checked".to_owned());
    }
    out.push("No credential counts twice".to_owned());
    out
}

/// The first day a credential issued on `issued` is more than `max` whole months old.
fn first_day_too_old(issued: NaiveDate, max: u32) -> Option<NaiveDate> {
    let mut d = issued.checked_add_months(Months::new(max))?;
    for _ in 0..62 {
        if age_in_months(issued, d) > i64::from(max) {
            return Some(d);
        }
        d = d.succ_opt()?;
    }
    None
}

/// When `c`, counted in `slot` of group `g`, stops counting: `(date, reason)`.
fn stops_counting(
    p: &Pathway,
    c: &Candidate,
    g: usize,
    slot: &str,
) -> Option<(NaiveDate, &'static str)> {
    let mut best: Option<(NaiveDate, &'static str)> = None;
    let mut consider = |d: NaiveDate, why: &'static str| {
        if best.is_none_or(|(b, _)| d < b) {
            best = Some((d, why));
        }
    };
    if let Some(t) = c.expires.as_deref().and_then(parse_time) {
        consider(t.date_naive(), "expires");
    }
    if let Some(issued) = c
        .issued
        .as_deref()
        .and_then(parse_time)
        .map(|t| t.date_naive())
    {
        let group = p.groups.get(g)?;
        let mut limits: Vec<u32> = p.policy.max_age_months.into_iter().collect();
        if let Some(i) = slot
            .strip_prefix("required/")
            .and_then(|i| i.parse::<usize>().ok())
        {
            limits.extend(group.required.get(i).and_then(|m| m.max_age_months));
        }
        for max in limits {
            if let Some(d) = first_day_too_old(issued, max) {
                consider(d, "too-old");
            }
        }
    }
    best
}

fn missing_words(p: &Progress) -> Vec<String> {
    let mut out = Vec::new();
    for g in &p.groups {
        if !g.missing.is_empty() {
            let label = g.label.clone().unwrap_or_else(|| g.id.clone());
            out.push(format!("{label}: {}", g.missing.join(", ")));
        }
    }
    out.extend(p.missing.iter().cloned());
    out
}

/// One step of the plan in words: "Core: 2 more credentials worth at least 4 ECTS together,
/// one of them a credential matching 'capstone'".
fn plan_words(p: &Pathway, step: &super::PlanStep, languages: &[&str]) -> String {
    let unit = p.policy.credit_unit;
    let group = p.groups.iter().find(|g| g.id == step.group);
    let label = group.map_or_else(|| step.group.clone(), |g| g.label_in(languages));
    let mut text = if step.more_credentials == 0 {
        format!("{label}: no new credential, but")
    } else {
        format!(
            "{label}: {}",
            plural(
                u64::from(step.more_credentials),
                "more credential",
                "more credentials"
            )
        )
    };
    if !step.more_credits.is_zero() {
        if step.more_credentials == 0 {
            text.push_str(&format!(
                " at least {} more",
                amount(&step.more_credits, unit)
            ));
        } else if step.more_credentials == 1 {
            text.push_str(&format!(
                " worth at least {}",
                amount(&step.more_credits, unit)
            ));
        } else {
            text.push_str(&format!(
                " worth at least {} together",
                amount(&step.more_credits, unit)
            ));
        }
    } else if step.more_credentials == 0 {
        text.push_str(" your credentials placed differently");
    }
    let required: Vec<String> = step
        .required_slots
        .iter()
        .filter_map(|slot| {
            let i = slot.strip_prefix("required/")?.parse::<usize>().ok()?;
            let m = group?.required.get(i)?;
            Some(describe_matcher(m, unit).replacen("the required", "a", 1))
        })
        .collect();
    if !required.is_empty() {
        let lead = if step.more_credentials as usize == required.len() {
            "namely"
        } else {
            "including"
        };
        text.push_str(&format!(", {lead} {}", required.join("; and ")));
    }
    text
}

/// Words for the page: skill URLs replaced by the names the learner's credentials give them
/// (`'machine learning'`), and ESCO skill URLs no credential names shortened to
/// `ESCO 5c3f4a1e`.
struct Wording {
    names: Vec<(String, String)>,
    esco: Option<regex::Regex>,
}

impl Wording {
    fn new(credentials: &[Candidate]) -> Wording {
        let mut names: Vec<(String, String)> = Vec::new();
        for c in credentials {
            for (url, name) in &c.skill_names {
                if !name.trim().is_empty() && !names.iter().any(|(u, _)| u == url) {
                    names.push((url.clone(), name.trim().to_owned()));
                }
            }
        }
        // Longest first, so a URL that is a prefix of another is not replaced inside it.
        names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Wording {
            names,
            esco: regex::Regex::new(
                r"https?://data\.europa\.eu/esco/skill/([0-9a-fA-F]{8})[0-9a-fA-F-]*",
            )
            .ok(),
        }
    }

    fn fix(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (url, name) in &self.names {
            if out.contains(url.as_str()) {
                out = out.replace(url.as_str(), &format!("'{name}'"));
            }
        }
        if let Some(re) = &self.esco {
            out = re.replace_all(&out, "ESCO $1").into_owned();
        }
        out
    }
}

/// The pathway page's content for `pathway` against `credentials` at `at`, in English.
pub fn view(pathway: &Pathway, credentials: &[Candidate], at: DateTime<Utc>) -> PathwayView {
    view_in(pathway, credentials, at, &["en"])
}

/// [`view`] with the pathway's own texts (title, description, group labels) in the first of
/// `languages` the pathway has (else English, else any). The sentences Tessera writes
/// (rules, empty places, plan, effects) are in English.
pub fn view_in(
    pathway: &Pathway,
    credentials: &[Candidate],
    at: DateTime<Utc>,
    languages: &[&str],
) -> PathwayView {
    let mut progress = evaluate(pathway, credentials, at);
    let unit = pathway.policy.credit_unit;
    let en = languages;
    progress.title = pathway.title_in(en);
    for (g, group) in progress.groups.iter_mut().zip(&pathway.groups) {
        if group.label.is_some() {
            g.label = Some(group.label_in(en));
        }
    }
    let words = Wording::new(credentials);
    let mut groups = Vec::new();
    for (group, gp) in pathway.groups.iter().zip(&progress.groups) {
        let counted: Vec<Tile> = progress
            .allocation
            .iter()
            .filter(|a| a.group == group.id)
            .map(|a| Tile {
                credential: a.credential.clone(),
                slot: a.slot.clone(),
                credits: a.credits,
            })
            .collect();
        let mut open = Vec::new();
        for (i, m) in group.required.iter().enumerate() {
            let slot = format!("required/{i}");
            if !counted.iter().any(|t| t.slot == slot) {
                open.push(OpenTile {
                    text: words.fix(&capitalise(&describe_matcher(m, unit).replacen(
                        "the required",
                        "a",
                        1,
                    ))),
                    slot,
                });
            }
        }
        if let Some(select) = &group.select {
            let what = words.fix(&describe_matchers(&group.from, unit));
            let text = if what.chars().count() <= 90 {
                format!("An elective: {what}")
            } else {
                "An elective that fits this part's rule".to_owned()
            };
            for _ in gp.selected..select.min {
                open.push(OpenTile {
                    slot: "select".to_owned(),
                    text: text.clone(),
                });
            }
        }
        let counts_met = gp.required_filled == gp.required_total
            && group.select.is_none_or(|s| gp.selected >= s.min);
        if counts_met && gp.credits < gp.need_credits {
            let short = gp
                .need_credits
                .checked_sub_floor(&gp.credits)
                .unwrap_or(Credits::ZERO);
            let room = group
                .select
                .is_some_and(|s| s.max.is_none_or(|m| gp.selected < m));
            let text = if room {
                let what = words.fix(&describe_matchers(&group.from, unit));
                if what.chars().count() <= 90 {
                    format!("At least {} more here, from {what}", amount(&short, unit))
                } else {
                    format!(
                        "At least {} more here, from electives that fit this part's rule",
                        amount(&short, unit)
                    )
                }
            } else {
                format!(
                    "At least {} more here: counted credentials worth more would close the gap",
                    amount(&short, unit)
                )
            };
            open.push(OpenTile {
                slot: "credits".to_owned(),
                text,
            });
        }
        groups.push(GroupView {
            id: group.id.clone(),
            label: group.label_in(en),
            rule: words.fix(&group_rule(group, unit)),
            counted,
            open,
        });
    }

    // Expiries of counted credentials, and their effect on their own.
    let today = at.date_naive();
    let mut expiring = Vec::new();
    for entry in &progress.allocation {
        let Some(c) = credentials.iter().find(|c| c.id == entry.credential) else {
            continue;
        };
        let g = pathway
            .groups
            .iter()
            .position(|x| x.id == entry.group)
            .unwrap_or(0);
        let Some((date, reason)) = stops_counting(pathway, c, g, &entry.slot) else {
            continue;
        };
        expiring.push((date, reason, c));
    }
    expiring.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.id.cmp(&b.2.id)));
    let expiring = expiring
        .into_iter()
        .take(12)
        .map(|(date, reason, c)| {
            let others: Vec<Candidate> = credentials
                .iter()
                .filter(|o| o.id != c.id)
                .cloned()
                .collect();
            let after = evaluate(pathway, &others, at);
            let effect = if progress.complete && after.complete {
                "The pathway stays complete without it: your other credentials cover its place."
                    .to_owned()
            } else if progress.complete {
                format!(
                    "The pathway would no longer be complete. It would need: {}.",
                    missing_words(&after).join("; ")
                )
            } else if after.counted_credits < progress.counted_credits {
                format!(
                    "Counted credits would drop from {} to {}.",
                    amount(&progress.counted_credits, unit),
                    amount(&after.counted_credits, unit)
                )
            } else {
                "Your other credentials would take its place; progress stays the same.".to_owned()
            };
            Expiry {
                credential: c.id.clone(),
                date: date.format("%Y-%m-%d").to_string(),
                reason: reason.to_owned(),
                days_left: (date - today).num_days(),
                complete_after: after.complete,
                counted_credits_after: after.counted_credits,
                effect: words.fix(&effect),
            }
        })
        .collect();

    let plan = progress.plan.as_ref().map(|steps| {
        steps
            .iter()
            .map(|s| words.fix(&plan_words(pathway, s, languages)))
            .collect()
    });
    for g in &mut progress.groups {
        for m in &mut g.missing {
            *m = words.fix(m);
        }
    }
    for e in &mut progress.excluded {
        e.detail = words.fix(&e.detail);
    }
    PathwayView {
        plan,
        id: pathway.id.clone(),
        title: pathway.title_in(en),
        description: pathway.description_in(en),
        credit_unit: unit,
        min_total_credits: pathway.policy.min_total_credits,
        outcome_credits: pathway.outcome.as_ref().and_then(|o| o.credits),
        outcome_eqf_level: pathway.outcome.as_ref().and_then(|o| o.eqf_level),
        rules: pathway_rules(pathway),
        groups,
        percent: percent(&progress),
        progress,
        expiring,
    }
}

/// Where `credential` counts in `progress`: `(group id, slot)`.
pub fn counted_in<'a>(progress: &'a Progress, credential: &str) -> Option<(&'a str, &'a str)> {
    progress
        .allocation
        .iter()
        .find(|a| a.credential == credential)
        .map(|a| (a.group.as_str(), a.slot.as_str()))
}
