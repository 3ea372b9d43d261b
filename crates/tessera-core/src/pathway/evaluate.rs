//! [`evaluate`]: a pathway against the wallet, and the [`Progress`] it returns.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::credits::{gcd, Credits};
use super::eligibility::{self, amount, CreditFact, Met, UnitRef, Why};
use super::search::{Config, Goal, GroupSpec, Item, Key, Problem, Search, Solution, Unit, INF};
use super::{Candidate, CreditUnit, Matcher, Pathway};

/// Every reason code `excluded` may carry, in the order they are listed.
pub const REASON_CODES: &[&str] = &[
    "invalid",
    "not-verified",
    "expired",
    "revoked",
    "suspended",
    "too-old",
    "level-below-minimum",
    "level-missing",
    "credits-missing",
    "credits-out-of-range",
    "credits-below-minimum",
    "unit-mismatch",
];

/// Work allowed for one evaluation, in node × item steps (about a second in a release
/// build). Far above anything a wallet needs (the benchmark's 1,000 credentials and 10
/// groups use about 0.2% of it); it only guards the app against instances built to be
/// intractable, such as 40 credentials that all fit two groups whose credit minimums add up
/// to exactly their total with no exact split (a partition problem). When it is used up the
/// result is the best found and says `"exact": false`.
const WORK_BUDGET: u64 = 100_000_000;

/// One credential counted in one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AllocationEntry {
    pub group: String,
    /// `required/<index>` or `select`.
    pub slot: String,
    /// Wallet id.
    pub credential: String,
    /// In the pathway's unit (0 when the credential states none).
    pub credits: Credits,
}

/// Progress of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct GroupProgress {
    pub id: String,
    /// In English, else any language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub satisfied: bool,
    pub credits: Credits,
    /// What the group still needs, in words.
    pub missing: Vec<String>,
    /// Credentials counted in the group (required slots and select).
    pub count: u32,
    /// Required slots plus `select.min`.
    pub need_count: u32,
    /// `minCredits` (0 when none).
    pub need_credits: Credits,
    pub required_filled: u32,
    pub required_total: u32,
    /// Credentials counted in the select (extension).
    pub selected: u32,
    /// `select.min` and `select.max` (extension; `null` when absent).
    pub select_min: Option<u32>,
    pub select_max: Option<u32>,
}

/// A credential that matched something but does not count (everywhere or somewhere).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Excluded {
    pub credential: String,
    /// Codes of [`REASON_CODES`].
    pub reasons: Vec<String>,
    /// The reasons in a sentence.
    pub detail: String,
    /// True when the reasons only concern some slots (a per-matcher limit) and the credential
    /// may still count elsewhere in the pathway (extension).
    pub counts_elsewhere: bool,
}

/// What one group would still need in the smallest completion (see [`Progress::plan`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PlanStep {
    pub group: String,
    /// New credentials for this group (required slots included).
    pub more_credentials: u32,
    /// The credits these new credentials must bring together, at least.
    pub more_credits: Credits,
    /// The required slots they fill (`required/<index>`).
    pub required_slots: Vec<String>,
}

/// The result of [`evaluate`]: pathway-format.md "The result", plus extensions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The pathway id.
    pub pathway: String,
    /// The pathway title in English, else any language.
    pub title: String,
    /// `YYYY-MM-DD`.
    pub evaluated_at: String,
    pub complete: bool,
    pub credit_unit: CreditUnit,
    pub min_total_credits: Credits,
    /// Credits of the returned allocation.
    pub counted_credits: Credits,
    /// The most credits any allocation can count (minimums and the issuer rule ignored).
    pub max_counted_credits: Credits,
    pub allocation: Vec<AllocationEntry>,
    pub groups: Vec<GroupProgress>,
    pub excluded: Vec<Excluded>,
    /// What the pathway as a whole still needs beyond its groups (total credits, issuers),
    /// in words.
    pub missing: Vec<String>,
    /// Distinct issuers of the returned allocation.
    pub distinct_issuers: u32,
    pub min_distinct_issuers: u32,
    /// For an incomplete pathway: the fewest new credentials (then the fewest new credits)
    /// that would complete it together with the learner's own credentials, per group that
    /// needs any. Empty when complete; `null` when no new credentials can complete it (a
    /// required slot no credential could meet, a limit no new credential can satisfy).
    ///
    /// Assumptions: a new credential fits exactly the one required slot or select it is
    /// meant for, is eligible, brings any credits allowed by `itemCredits` (and the slot's
    /// `minCredits`), and comes from an issuer not yet counted. The learner's own credentials
    /// may be re-allocated.
    pub plan: Option<Vec<PlanStep>>,
    /// Search nodes explored (all searches of this evaluation).
    pub search_nodes: u64,
    /// False only when the work budget ran out (a pathway built to be intractable): the
    /// result is then the best found, not proven best.
    pub exact: bool,
}

/// Runs one search (sharing the evaluation's work budget).
type Runner<'a> = dyn FnMut(&Problem, Config, Option<Key>) -> Option<Solution> + 'a;

/// Per candidate: what was concluded.
struct Judged {
    facts: eligibility::Facts,
    /// Units it fits (empty when not eligible).
    fits: Vec<u16>,
    limit_fails: Vec<Why>,
    base_any: bool,
}

fn lcm(a: u128, b: u128) -> Option<u128> {
    let g = gcd(a, b).max(1);
    (a / g).checked_mul(b)
}

fn scaled(c: &Credits, scale: u128) -> u128 {
    c.numerator().saturating_mul(scale / c.denominator())
}

fn unscale(v: u128, scale: u128) -> Credits {
    Credits::new(v, scale).unwrap_or(Credits::ZERO)
}

struct Scale(u128);

impl Scale {
    fn include(&mut self, c: &Credits) {
        if let Some(l) = lcm(self.0, c.denominator()) {
            self.0 = l;
        }
    }
}

pub(crate) fn describe_matcher(m: &Matcher, unit: CreditUnit) -> String {
    let parts = matcher_conditions(m, unit);
    if parts.is_empty() {
        "the required credential".to_owned()
    } else {
        format!("the required credential {}", parts.join(", "))
    }
}

/// What any of `matchers` (a select's `from`) accepts: "any credential", or "a credential
/// matching 'x', at EQF level 5 or higher, or a credential of type Course".
pub(crate) fn describe_matchers(matchers: &[Matcher], unit: CreditUnit) -> String {
    let mut alternatives = Vec::new();
    for m in matchers {
        let parts = matcher_conditions(m, unit);
        if m.any || parts.is_empty() {
            return "any credential".to_owned();
        }
        alternatives.push(format!("a credential {}", parts.join(", ")));
    }
    if alternatives.is_empty() {
        "any credential".to_owned()
    } else {
        alternatives.join("; or ")
    }
}

fn matcher_conditions(m: &Matcher, unit: CreditUnit) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(p) = &m.title_pattern {
        parts.push(format!("matching {}", pattern_words(&p.pattern)));
    }
    if let Some(ids) = &m.achievement_id {
        if ids.len() == 1 {
            parts.push(format!("for the achievement {}", ids[0]));
        } else {
            parts.push(format!("for one of the achievements {}", ids.join(", ")));
        }
    }
    if let Some(skills) = &m.skill {
        let how = if skills.len() == 1 {
            "the skill".to_owned()
        } else if m.skill_match == Some(super::SkillMatch::All) {
            "all of the skills".to_owned()
        } else {
            "one of the skills".to_owned()
        };
        parts.push(format!("with {how} {}", skills.join(", ")));
    }
    if let Some(t) = &m.achievement_type {
        parts.push(format!("of type {t}"));
    }
    if let Some(issuers) = &m.issuer {
        if issuers.len() == 1 {
            parts.push(format!("from {}", issuers[0]));
        } else {
            parts.push(format!("from one of {}", issuers.join(", ")));
        }
    }
    if let Some(c) = &m.min_credits {
        parts.push(format!("of at least {}", amount(c, unit)));
    }
    if let Some(l) = m.min_eqf_level {
        parts.push(format!("at EQF level {l} or higher"));
    }
    if let Some(a) = m.max_age_months {
        parts.push(format!("at most {a} months old"));
    }
    parts
}

/// A title pattern in words: simple alternatives (`\\b(capstone|project)\\b`) as
/// `'capstone' or 'project'`, anything else quoted as written.
fn pattern_words(pattern: &str) -> String {
    let bare = pattern.replace("\\b", "");
    let bare = bare.trim_start_matches('^').trim_end_matches('$');
    let inner = bare
        .strip_prefix('(')
        .and_then(|b| b.strip_suffix(')'))
        .unwrap_or(bare);
    let simple = !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '|' || c == '-' || c == '\'');
    if !simple {
        return format!("'{pattern}'");
    }
    let alternatives: Vec<String> = inner
        .split('|')
        .filter(|a| !a.trim().is_empty())
        .map(|a| format!("'{}'", a.trim()))
        .collect();
    match alternatives.len() {
        0 => format!("'{pattern}'"),
        1 => alternatives[0].clone(),
        n => format!(
            "{} or {}",
            alternatives[..n - 1].join(", "),
            alternatives[n - 1]
        ),
    }
}

pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Evaluates `pathway` against `credentials` at `at` (the start of the `--at` day, or now).
pub fn evaluate(pathway: &Pathway, credentials: &[Candidate], at: DateTime<Utc>) -> Progress {
    let policy = &pathway.policy;
    let unit = policy.credit_unit;
    let en = ["en"];

    // Units.
    let mut units = Vec::new();
    let mut group_specs = Vec::new();
    let mut group_labels = Vec::new();
    for (g, group) in pathway.groups.iter().enumerate() {
        group_labels.push(group.label_in(&en));
        let mut required_units = Vec::new();
        for i in 0..group.required.len() {
            required_units.push(units.len() as u16);
            units.push(Unit {
                group: g,
                slot: Some(i),
                cap: 1,
            });
        }
        let mut pool = None;
        let mut cap_total = group.required.len() as u64;
        if let Some(select) = &group.select {
            pool = Some(units.len() as u16);
            let cap = select.max.unwrap_or(INF);
            cap_total += u64::from(cap);
            units.push(Unit {
                group: g,
                slot: None,
                cap,
            });
        }
        group_specs.push(GroupSpec {
            min_credits: 0,
            pool,
            pool_min: group.select.map_or(0, |s| s.min),
            required_units,
            cap_total,
        });
    }

    // Candidates (one per wallet id).
    let mut seen_ids = HashSet::new();
    let candidates: Vec<&Candidate> = credentials
        .iter()
        .filter(|c| seen_ids.insert(c.id.as_str()))
        .collect();
    let judged: Vec<Judged> = candidates
        .iter()
        .map(|c| judge(pathway, c, at, &units, &group_labels))
        .collect();

    // One integer scale for every figure of this evaluation.
    let mut scale = Scale(1);
    for j in &judged {
        if let CreditFact::Known(v) = &j.facts.credits {
            scale.include(v);
        }
    }
    scale.include(&policy.min_total_credits);
    for group in &pathway.groups {
        if let Some(c) = &group.min_credits {
            scale.include(c);
        }
        for m in &group.required {
            if let Some(c) = &m.min_credits {
                scale.include(c);
            }
        }
    }
    if let Some(range) = &policy.item_credits {
        for c in [range.min, range.max].iter().flatten() {
            scale.include(c);
        }
    }
    let scale = scale.0;
    for (spec, group) in group_specs.iter_mut().zip(&pathway.groups) {
        spec.min_credits = group.min_credits.map_or(0, |c| scaled(&c, scale));
    }
    let min_total = scaled(&policy.min_total_credits, scale);

    // Items: eligible credentials that fit some unit, by decreasing credits.
    let mut issuer_ids: HashMap<&str, u32> = HashMap::new();
    let mut real: Vec<Item> = Vec::new();
    let mut weights = vec![0u128; candidates.len()];
    for (k, (c, j)) in candidates.iter().zip(&judged).enumerate() {
        if let CreditFact::Known(v) = &j.facts.credits {
            weights[k] = scaled(v, scale);
        }
        if j.fits.is_empty() {
            continue;
        }
        let next = issuer_ids.len() as u32;
        let issuer = *issuer_ids.entry(c.issuer.as_str()).or_insert(next);
        let mut gmask = 0u64;
        for &u in &j.fits {
            gmask |= 1 << units[u as usize].group;
        }
        real.push(Item {
            weight: weights[k],
            fits: j.fits.clone(),
            gmask,
            issuer,
            class: 0,
            virt: false,
            lower: 0,
            source: k,
        });
    }
    real.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.source.cmp(&b.source)));
    let issuers_matter = policy.min_distinct_issuers > 0;
    let mut classes: HashMap<(Vec<u16>, u32), u32> = HashMap::new();
    for item in &mut real {
        let key = (
            item.fits.clone(),
            if issuers_matter { item.issuer } else { 0 },
        );
        let next = classes.len() as u32;
        item.class = *classes.entry(key).or_insert(next);
    }
    let n_real_issuers = issuer_ids.len() as u32;
    let n_groups = pathway.groups.len();
    let all_groups: u64 = if n_groups >= 64 {
        u64::MAX
    } else {
        (1u64 << n_groups) - 1
    };
    let free_groups: u64 = pathway
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            g.required.is_empty()
                && g.select.is_none_or(|s| s.min == 0)
                && g.min_credits.is_none_or(|c| c.is_zero())
        })
        .fold(0u64, |m, (i, _)| m | 1 << i);

    let problem = Problem::new(
        units.clone(),
        group_specs.clone(),
        real.clone(),
        min_total,
        policy.min_distinct_issuers,
    );
    let per_node = (problem.items.len() + problem.units.len() + 1) as u64;
    let mut nodes_left = (WORK_BUDGET / per_node).max(10_000);
    let mut total_nodes = 0u64;
    let mut exact = true;
    let mut run = |p: &Problem, cfg: Config, incumbent: Option<Key>| -> Option<Solution> {
        let mut s = Search::new(p, cfg, incumbent, nodes_left);
        s.run();
        nodes_left = nodes_left.saturating_sub(s.nodes);
        total_nodes += s.nodes;
        if s.aborted {
            exact = false;
        }
        s.best
    };

    // The most credits of any allocation (no minimums, no issuer rule).
    let unconstrained = run(
        &problem,
        Config {
            target: 0,
            global: false,
            goal: Goal::MaxRequiredThenCredits,
            virt_budget: 0,
        },
        None,
    );
    let max_counted = unconstrained.as_ref().map_or(0, |s| s.key.1);

    // A complete allocation with the most credits.
    let complete_solution = run(
        &problem,
        Config {
            target: all_groups,
            global: true,
            goal: Goal::MaxCredits,
            virt_budget: 0,
        },
        None,
    );
    let complete = complete_solution.is_some();

    let chosen: Option<Solution> = if complete {
        complete_solution
    } else {
        // Satisfy as many groups as possible, then fill the most required slots, then count
        // the most credits.
        let feasible = |run: &mut Runner, mask: u64| {
            run(
                &problem,
                Config {
                    target: mask | free_groups,
                    global: false,
                    goal: Goal::Feasible,
                    virt_budget: 0,
                },
                None,
            )
            .is_some()
        };
        let hard_groups: Vec<usize> = (0..n_groups)
            .filter(|g| free_groups >> g & 1 == 0)
            .collect();
        let singles: Vec<usize> = hard_groups
            .iter()
            .copied()
            .filter(|&g| feasible(&mut run, 1 << g))
            .collect();
        let cand_mask = singles.iter().fold(0u64, |m, g| m | 1 << g);
        let mut incompatible: HashSet<(usize, usize)> = HashSet::new();
        let full_ok = singles.len() <= 1 || feasible(&mut run, cand_mask);
        if !full_ok && singles.len() > 2 {
            for a in 0..singles.len() {
                for b in a + 1..singles.len() {
                    let mask = 1 << singles[a] | 1 << singles[b];
                    if !feasible(&mut run, mask) {
                        incompatible.insert((singles[a], singles[b]));
                    }
                }
            }
        }
        let mut best: Option<Solution> = None;
        for k in (0..=singles.len()).rev() {
            let mut found = false;
            let mut combo: Vec<usize> = Vec::with_capacity(k);
            let mut subsets: Vec<u64> = Vec::new();
            subsets_of(&singles, k, 0, &mut combo, &incompatible, &mut subsets);
            for mask in subsets {
                if k == singles.len() && !full_ok && k > 1 {
                    continue;
                }
                let got = run(
                    &problem,
                    Config {
                        target: mask | free_groups,
                        global: false,
                        goal: Goal::MaxRequiredThenCredits,
                        virt_budget: 0,
                    },
                    best.as_ref().map(|s| s.key),
                );
                if let Some(sol) = got {
                    found = true;
                    best = Some(sol);
                }
            }
            if found {
                break;
            }
        }
        best.or(unconstrained.clone())
    };

    // The allocation.
    let unit_of: Vec<Option<u16>> = match &chosen {
        Some(sol) => sol.unit_of.clone(),
        None => vec![None; problem.items.len()],
    };
    let mut placed: Vec<(u16, usize)> = Vec::new(); // (unit, candidate)
    for (x, u) in unit_of.iter().enumerate() {
        if let Some(u) = u {
            placed.push((*u, problem.items[x].source));
        }
    }
    placed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(weights[b.1].cmp(&weights[a.1]))
            .then(a.1.cmp(&b.1))
    });
    let mut allocation = Vec::new();
    let mut group_credit = vec![0u128; n_groups];
    let mut group_count = vec![0u32; n_groups];
    let mut group_selected = vec![0u32; n_groups];
    let mut slot_filled = vec![false; units.len()];
    let mut issuers_used: BTreeSet<&str> = BTreeSet::new();
    let mut counted = 0u128;
    for &(u, k) in &placed {
        let unit_def = &units[u as usize];
        let g = unit_def.group;
        group_credit[g] = group_credit[g].saturating_add(weights[k]);
        group_count[g] += 1;
        counted = counted.saturating_add(weights[k]);
        issuers_used.insert(candidates[k].issuer.as_str());
        match unit_def.slot {
            Some(_) => slot_filled[u as usize] = true,
            None => group_selected[g] += 1,
        }
        allocation.push(AllocationEntry {
            group: pathway.groups[g].id.clone(),
            slot: match unit_def.slot {
                Some(i) => format!("required/{i}"),
                None => "select".to_owned(),
            },
            credential: candidates[k].id.clone(),
            credits: unscale(weights[k], scale),
        });
    }
    // Groups in pathway order, required slots first (units are numbered that way).
    let mut groups_out = Vec::new();
    for (g, group) in pathway.groups.iter().enumerate() {
        let spec = &group_specs[g];
        let mut missing = Vec::new();
        let mut filled = 0;
        for (i, &u) in spec.required_units.iter().enumerate() {
            if slot_filled[u as usize] {
                filled += 1;
            } else {
                missing.push(describe_matcher(&group.required[i], unit));
            }
        }
        let mut satisfied = filled == spec.required_units.len() as u32;
        if let Some(select) = &group.select {
            if group_selected[g] < select.min {
                satisfied = false;
                missing.push(plural(
                    u64::from(select.min - group_selected[g]),
                    "more credential",
                    "more credentials",
                ));
            }
        }
        if group_credit[g] < spec.min_credits {
            satisfied = false;
            let short = unscale(spec.min_credits - group_credit[g], scale);
            missing.push(format!(
                "at least {} more {}",
                short.display_up(),
                unit.as_str()
            ));
        }
        groups_out.push(GroupProgress {
            id: group.id.clone(),
            label: group.label.as_ref().map(|_| group.label_in(&en)),
            satisfied,
            credits: unscale(group_credit[g], scale),
            missing,
            count: group_count[g],
            need_count: spec.required_units.len() as u32 + spec.pool_min,
            need_credits: group.min_credits.unwrap_or(Credits::ZERO),
            required_filled: filled,
            required_total: spec.required_units.len() as u32,
            selected: group_selected[g],
            select_min: group.select.map(|s| s.min),
            select_max: group.select.and_then(|s| s.max),
        });
    }
    let mut missing_top = Vec::new();
    if counted < min_total {
        let short = unscale(min_total - counted, scale);
        missing_top.push(format!(
            "at least {} more {} in total",
            short.display_up(),
            unit.as_str()
        ));
    }
    let distinct = issuers_used.len() as u32;
    if distinct < policy.min_distinct_issuers {
        missing_top.push(format!(
            "credentials from {}",
            plural(
                u64::from(policy.min_distinct_issuers - distinct),
                "more issuer",
                "more issuers"
            )
        ));
    }

    // The plan.
    let plan = if complete {
        Some(Vec::new())
    } else {
        make_plan(
            pathway,
            &units,
            &group_specs,
            &real,
            n_real_issuers,
            scale,
            min_total,
            &mut run,
        )
    };

    // Excluded credentials.
    let mut excluded = Vec::new();
    for (c, j) in candidates.iter().zip(&judged) {
        if !j.base_any || (j.facts.global.is_empty() && j.limit_fails.is_empty()) {
            continue;
        }
        let mut whys: Vec<&Why> = j.facts.global.iter().chain(&j.limit_fails).collect();
        whys.sort_by_key(|w| w.reason);
        let mut codes: Vec<String> = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        for w in &whys {
            let code = w.reason.code().to_owned();
            if !codes.contains(&code) {
                codes.push(code);
            }
            if !words.contains(&w.words.as_str()) {
                words.push(&w.words);
            }
        }
        let counts_elsewhere = j.facts.global.is_empty() && !j.fits.is_empty();
        let detail = if counts_elsewhere {
            format!(
                "It can count elsewhere in this pathway, but not everywhere: {}.",
                words.join("; ")
            )
        } else {
            format!("Not counted: {}.", words.join("; "))
        };
        excluded.push(Excluded {
            credential: c.id.clone(),
            reasons: codes,
            detail: capitalise(&detail),
            counts_elsewhere,
        });
    }

    Progress {
        pathway: pathway.id.clone(),
        title: pathway.title_in(&en),
        evaluated_at: at.format("%Y-%m-%d").to_string(),
        complete,
        credit_unit: unit,
        min_total_credits: policy.min_total_credits,
        counted_credits: unscale(counted, scale),
        max_counted_credits: unscale(max_counted, scale),
        allocation,
        groups: groups_out,
        excluded,
        missing: missing_top,
        distinct_issuers: distinct,
        min_distinct_issuers: policy.min_distinct_issuers,
        plan,
        search_nodes: total_nodes,
        exact,
    }
}

/// The `k`-subsets of `items` (as group masks) with no incompatible pair.
fn subsets_of(
    items: &[usize],
    k: usize,
    from: usize,
    combo: &mut Vec<usize>,
    incompatible: &HashSet<(usize, usize)>,
    out: &mut Vec<u64>,
) {
    if combo.len() == k {
        out.push(combo.iter().fold(0u64, |m, g| m | 1 << g));
        return;
    }
    for i in from..items.len() {
        if items.len() - i < k - combo.len() {
            break;
        }
        let g = items[i];
        if combo
            .iter()
            .any(|&h| incompatible.contains(&(h.min(g), h.max(g))))
        {
            continue;
        }
        combo.push(g);
        subsets_of(items, k, i + 1, combo, incompatible, out);
        combo.pop();
    }
}

fn judge(
    pathway: &Pathway,
    c: &Candidate,
    at: DateTime<Utc>,
    units: &[Unit],
    labels: &[String],
) -> Judged {
    let unit = pathway.policy.credit_unit;
    let facts = eligibility::facts(pathway, c, at);
    let mut fits = Vec::new();
    let mut limit_fails = Vec::new();
    let mut base_any = false;
    for (u, unit_def) in units.iter().enumerate() {
        let group = &pathway.groups[unit_def.group];
        let place = UnitRef {
            group_label: &labels[unit_def.group],
            slot: unit_def.slot,
        };
        let matchers: &[Matcher] = match unit_def.slot {
            Some(i) => std::slice::from_ref(&group.required[i]),
            None => &group.from,
        };
        let mut yes = false;
        let mut fails = Vec::new();
        for m in matchers {
            match eligibility::meets(m, c, &facts, unit, &place) {
                Met::No => {}
                Met::Yes => yes = true,
                Met::Limits(w) => fails.extend(w),
            }
        }
        if yes {
            base_any = true;
            if facts.global.is_empty() {
                fits.push(u as u16);
            }
        } else if !fails.is_empty() {
            base_any = true;
            limit_fails.extend(fails);
        }
    }
    Judged {
        facts,
        fits,
        limit_fails,
        base_any,
    }
}

/// The plan: hypothetical credentials are added to the problem as items that fit exactly
/// one unit; the fewest of them that allow a complete allocation is found by searching
/// with a growing budget, then the fewest new credits for that many.
#[allow(clippy::too_many_arguments)]
fn make_plan(
    pathway: &Pathway,
    units: &[Unit],
    specs: &[GroupSpec],
    real: &[Item],
    n_real_issuers: u32,
    scale: u128,
    min_total: u128,
    run: &mut Runner,
) -> Option<Vec<PlanStep>> {
    let policy = &pathway.policy;
    let lo = policy
        .item_credits
        .as_ref()
        .and_then(|r| r.min)
        .map_or(0, |c| scaled(&c, scale));
    let hi = policy
        .item_credits
        .as_ref()
        .and_then(|r| r.max)
        .map(|c| scaled(&c, scale));
    let big = specs
        .iter()
        .fold(min_total, |acc, s| acc.saturating_add(s.min_credits))
        .saturating_add(1)
        .max(real.first().map_or(0, |x| x.weight))
        .max(lo)
        .max(
            pathway
                .groups
                .iter()
                .flat_map(|g| g.required.iter())
                .filter_map(|m| m.min_credits.map(|c| scaled(&c, scale)))
                .max()
                .unwrap_or(0),
        );
    let weight = hi.unwrap_or(big);
    let n_classes = real.iter().map(|x| x.class + 1).max().unwrap_or(0);
    let mut virt = Vec::new();
    let mut next_class = n_classes;
    let mut next_issuer = n_real_issuers;
    for (u, unit_def) in units.iter().enumerate() {
        let g = unit_def.group;
        let spec = &specs[g];
        let (copies, lower) = match unit_def.slot {
            Some(i) => {
                let m = &pathway.groups[g].required[i];
                let need = m.min_credits.map_or(0, |c| scaled(&c, scale)).max(lo);
                if need > weight {
                    continue;
                }
                (1u32, need)
            }
            None => {
                let per = |amount: u128| -> u32 {
                    match hi {
                        Some(h) if h > 0 => u32::try_from(amount.div_ceil(h)).unwrap_or(u32::MAX),
                        Some(_) => 0,
                        None => u32::from(amount > 0),
                    }
                };
                let extra = per(spec.min_credits.max(min_total));
                let want = spec
                    .pool_min
                    .saturating_add(extra)
                    .saturating_add(policy.min_distinct_issuers)
                    .min(unit_def.cap)
                    .min(256);
                (want, lo)
            }
        };
        for _ in 0..copies {
            virt.push(Item {
                weight,
                fits: vec![u as u16],
                gmask: 1 << g,
                issuer: next_issuer,
                class: next_class,
                virt: true,
                lower,
                source: u,
            });
            next_issuer += 1;
            if unit_def.slot.is_some() {
                next_class += 1;
            }
        }
        if unit_def.slot.is_none() {
            next_class += 1;
        }
    }
    let n_virtual = virt.len() as u32;
    let mut items = virt;
    items.extend(real.iter().cloned());
    let all_groups: u64 = if specs.len() >= 64 {
        u64::MAX
    } else {
        (1u64 << specs.len()) - 1
    };
    let problem = Problem::new(
        units.to_vec(),
        specs.to_vec(),
        items,
        min_total,
        policy.min_distinct_issuers,
    );
    // Fewest new credentials.
    let mut fewest = None;
    for budget in 1..=n_virtual {
        let cfg = Config {
            target: all_groups,
            global: true,
            goal: Goal::Feasible,
            virt_budget: budget,
        };
        if run(&problem, cfg, None).is_some() {
            fewest = Some(budget);
            break;
        }
    }
    let fewest = fewest?;
    // Fewest new credits for that many.
    let cfg = Config {
        target: all_groups,
        global: true,
        goal: Goal::MinNewCredits,
        virt_budget: fewest,
    };
    let sol = run(&problem, cfg, None)?;
    let mut per_group_count = vec![0u32; specs.len()];
    let mut per_group_slots: Vec<Vec<String>> = vec![Vec::new(); specs.len()];
    for u in sol.unit_of.iter().take(n_virtual as usize).flatten() {
        let unit_def = &units[*u as usize];
        per_group_count[unit_def.group] += 1;
        if let Some(i) = unit_def.slot {
            per_group_slots[unit_def.group].push(format!("required/{i}"));
        }
    }
    // New credits: each group's need, then what the total still lacks, spread over the
    // groups that get new credentials (each new credential at most `itemCredits.max`).
    let mut more = sol.new_credits.clone();
    let mut rest = sol
        .new_total
        .saturating_sub(more.iter().fold(0u128, |a, b| a.saturating_add(*b)));
    let mut order: Vec<usize> = (0..specs.len()).collect();
    order.sort_by_key(|&g| specs[g].pool.is_none());
    for g in order {
        let n = &per_group_count[g];
        if rest == 0 {
            break;
        }
        if *n == 0 {
            continue;
        }
        let room = match hi {
            Some(h) => (h * u128::from(*n)).saturating_sub(more[g]),
            None => rest,
        };
        let add = room.min(rest);
        more[g] += add;
        rest -= add;
    }
    let mut steps = Vec::new();
    for (g, group) in pathway.groups.iter().enumerate() {
        if per_group_count[g] == 0 {
            continue;
        }
        steps.push(PlanStep {
            group: group.id.clone(),
            more_credentials: per_group_count[g],
            more_credits: unscale(more[g].max(lo * u128::from(per_group_count[g])), scale),
            required_slots: std::mem::take(&mut per_group_slots[g]),
        });
    }
    Some(steps)
}
