//! The pathway evaluator against a separate brute-force evaluator on seeded random
//! instances (own splitmix64 generator, no dependencies).
//!
//! The brute force enumerates every allocation (each eligible credential to nothing or to
//! one unit it fits: a required slot or a select), keeps those within capacity, and takes
//! the best by the rules of pathway-format.md. It reimplements eligibility and matching for
//! the keys the generator uses (skills, issuer, achievementType, per-matcher minCredits /
//! minEqfLevel / maxAgeMonths, and the policy's minEqfLevel, missingLevel, maxAgeMonths,
//! itemCredits, minTotalCredits, minDistinctIssuers, verdict and status).
//!
//! Instances are built to trap a greedy pass in group order: credentials planted for later
//! groups also fit earlier groups and come first in the wallet.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde_json::{json, Value};
use tessera_core::pathway::{self, Candidate, Credits, Progress};
use tessera_core::{Status, Verdict};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SKILLS: u8 = 6;
const ISSUERS: u8 = 4;
const TYPES: [&str; 3] = ["Course", "Badge", "MicroCredential"];

#[derive(Clone, Debug)]
struct M {
    skills: Vec<u8>,
    issuers: Option<Vec<u8>>,
    atype: Option<u8>,
    /// In halves.
    min_credits: Option<u32>,
    min_eqf: Option<u8>,
    max_age: Option<u32>,
}

#[derive(Clone, Debug)]
struct G {
    required: Vec<M>,
    /// (min, max, from)
    select: Option<(u32, Option<u32>, Vec<M>)>,
    /// In halves.
    min_credits: Option<u32>,
}

#[derive(Clone, Debug)]
struct Pol {
    min_total: u32,
    min_eqf: Option<u8>,
    reject_missing: bool,
    max_age: Option<u32>,
    item: Option<(u32, u32)>,
    min_issuers: u32,
}

#[derive(Clone, Debug)]
struct C {
    skills: Vec<u8>,
    issuer: u8,
    atype: u8,
    /// In halves.
    credits: Option<u32>,
    eqf: Option<u8>,
    issued: NaiveDate,
    verdict: Verdict,
    status: Status,
    expired: bool,
}

#[derive(Clone, Debug)]
struct Inst {
    groups: Vec<G>,
    pol: Pol,
    creds: Vec<C>,
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 0, 0, 0).unwrap()
}

fn age(issued: NaiveDate) -> i64 {
    let a = at().date_naive();
    (a.year() as i64 - issued.year() as i64) * 12 + (a.month() as i64 - issued.month() as i64)
        - i64::from(a.day() < issued.day())
}

fn date_months_ago(months: u32, day: u32) -> NaiveDate {
    let a = at().date_naive();
    let total = a.year() * 12 + a.month() as i32 - 1 - months as i32;
    NaiveDate::from_ymd_opt(total / 12, (total % 12) as u32 + 1, day).unwrap()
}

// ---------------------------------------------------------------- generator

fn gen_matcher(r: &mut Rng, limits: bool) -> M {
    let mut skills = vec![r.below(SKILLS as u64) as u8];
    if r.chance(40) {
        let s = r.below(SKILLS as u64) as u8;
        if !skills.contains(&s) {
            skills.push(s);
        }
    }
    M {
        skills,
        issuers: r.chance(20).then(|| {
            let a = r.below(ISSUERS as u64) as u8;
            let b = r.below(ISSUERS as u64) as u8;
            if a == b {
                vec![a]
            } else {
                vec![a, b]
            }
        }),
        atype: r.chance(15).then(|| r.below(3) as u8),
        min_credits: (limits && r.chance(20)).then(|| r.range(4, 10) as u32),
        min_eqf: (limits && r.chance(12)).then(|| r.range(5, 6) as u8),
        max_age: (limits && r.chance(15)).then(|| r.range(6, 30) as u32),
    }
}

/// A credential that meets `m` and the policy (credits at least `min_halves`).
fn plant(r: &mut Rng, m: &M, pol: &Pol, min_halves: u32) -> C {
    let mut skills = m.skills.clone();
    if r.chance(30) {
        let s = r.below(SKILLS as u64) as u8;
        if !skills.contains(&s) {
            skills.push(s);
        }
    }
    let issuer = match &m.issuers {
        Some(list) => list[r.below(list.len() as u64) as usize],
        None => r.below(ISSUERS as u64) as u8,
    };
    let atype = m.atype.unwrap_or(r.below(3) as u8);
    let mut lo = m.min_credits.unwrap_or(2).max(min_halves).max(2);
    let mut hi = lo + 8;
    if let Some((a, b)) = pol.item {
        lo = lo.max(a);
        hi = hi.min(b);
    }
    let credits = if lo <= hi {
        r.range(lo as u64, hi as u64) as u32
    } else {
        lo
    };
    let need_level = m.min_eqf.or(pol.min_eqf).unwrap_or(4);
    let eqf = if need_level <= 4 && r.chance(20) && !pol.reject_missing && m.min_eqf.is_none() {
        None
    } else {
        Some(need_level + r.below(2) as u8)
    };
    let max_age = m.max_age.unwrap_or(60).min(pol.max_age.unwrap_or(60));
    let months = r.below(u64::from(max_age)) as u32;
    C {
        skills,
        issuer,
        atype,
        credits: Some(credits),
        eqf,
        issued: date_months_ago(months, r.range(1, 28) as u32),
        verdict: Verdict::Valid,
        status: Status::Active,
        expired: false,
    }
}

fn random_cred(r: &mut Rng) -> C {
    let mut skills = Vec::new();
    for _ in 0..r.range(1, 3) {
        let s = r.below(SKILLS as u64) as u8;
        if !skills.contains(&s) {
            skills.push(s);
        }
    }
    C {
        skills,
        issuer: r.below(ISSUERS as u64) as u8,
        atype: r.below(3) as u8,
        credits: if r.chance(8) {
            None
        } else {
            Some(r.range(1, 12) as u32)
        },
        eqf: if r.chance(15) {
            None
        } else {
            Some(r.range(4, 7) as u8)
        },
        issued: date_months_ago(r.below(50) as u32, r.range(1, 28) as u32),
        verdict: if r.chance(8) {
            Verdict::Unknown
        } else if r.chance(4) {
            Verdict::Invalid
        } else {
            Verdict::Valid
        },
        status: if r.chance(4) {
            Status::Revoked
        } else if r.chance(3) {
            Status::Suspended
        } else {
            Status::Active
        },
        expired: r.chance(5),
    }
}

fn generate(r: &mut Rng) -> Inst {
    let ngroups = r.range(3, 4) as usize;
    let mut groups = Vec::new();
    for _ in 0..ngroups {
        let kind = r.below(3);
        let required: Vec<M> = if kind != 1 {
            (0..r.range(1, 2)).map(|_| gen_matcher(r, true)).collect()
        } else {
            Vec::new()
        };
        let select = if kind != 0 {
            let min = r.range(if kind == 2 { 0 } else { 1 }, 2) as u32;
            let max = if r.chance(60) {
                Some(min.max(1) + r.below(2) as u32)
            } else {
                None
            };
            let from: Vec<M> = (0..r.range(1, 2)).map(|_| gen_matcher(r, true)).collect();
            Some((min, max, from))
        } else {
            None
        };
        let min_credits = r.chance(55).then(|| r.range(3, 14) as u32);
        groups.push(G {
            required,
            select,
            min_credits,
        });
    }
    let pol = Pol {
        min_total: if r.chance(30) {
            r.range(8, 30) as u32
        } else {
            0
        },
        min_eqf: r.chance(20).then_some(5),
        reject_missing: r.chance(50),
        max_age: r.chance(20).then(|| r.range(24, 48) as u32),
        item: r.chance(20).then(|| (2, r.range(10, 16) as u32)),
        min_issuers: if r.chance(30) { 2 } else { 0 },
    };
    let n = r.range(4, 8) as usize;
    let mut planted: Vec<(usize, C)> = Vec::new();
    if r.chance(80) {
        for (gi, g) in groups.iter().enumerate() {
            let mut mine = Vec::new();
            for m in &g.required {
                mine.push(plant(r, m, &pol, 0));
            }
            if let Some((min, _, from)) = &g.select {
                for _ in 0..*min {
                    let m = &from[r.below(from.len() as u64) as usize];
                    mine.push(plant(r, m, &pol, 0));
                }
            }
            if let Some(need) = g.min_credits {
                let have: u32 = mine.iter().map(|c| c.credits.unwrap_or(0)).sum();
                if have < need && !mine.is_empty() {
                    let top = pol.item.map_or(u32::MAX, |(_, b)| b);
                    let k = mine.len() as u32;
                    let each = need.div_ceil(k);
                    for c in &mut mine {
                        c.credits = Some(c.credits.unwrap_or(0).max(each).min(top));
                    }
                }
            }
            for c in mine {
                planted.push((gi, c));
            }
        }
        // Traps: a later group's credential also fits an earlier group, and comes first.
        for (gi, planted_cred) in planted.iter_mut() {
            let gi = *gi;
            if gi > 0 && r.chance(70) {
                let earlier = &groups[r.below(gi as u64) as usize];
                let ms: Vec<&M> = earlier
                    .required
                    .iter()
                    .chain(earlier.select.iter().flat_map(|s| s.2.iter()))
                    .collect();
                let m = ms[r.below(ms.len() as u64) as usize];
                for &s in &m.skills {
                    if !planted_cred.skills.contains(&s) {
                        planted_cred.skills.push(s);
                    }
                }
            }
        }
        planted.sort_by_key(|(g, _)| std::cmp::Reverse(*g));
        if planted.len() > n {
            planted.truncate(n);
        }
    }
    let mut creds: Vec<C> = planted.into_iter().map(|(_, c)| c).collect();
    while creds.len() < n {
        let c = random_cred(r);
        let at = r.below(creds.len() as u64 + 1) as usize;
        creds.insert(at, c);
    }
    if pol.min_total > 0 {
        // Keep the total reachable most of the time.
        let sum: u32 = creds.iter().map(|c| c.credits.unwrap_or(0)).sum();
        let mut p = pol;
        p.min_total = p.min_total.min(sum.saturating_sub(2));
        return Inst {
            groups,
            pol: p,
            creds,
        };
    }
    Inst { groups, pol, creds }
}

// ---------------------------------------------------------------- rendering

fn skill_uri(s: u8) -> String {
    format!("http://data.europa.eu/esco/skill/test-{s}")
}

fn issuer_id(i: u8) -> String {
    format!("did:web:issuer-{i}.example")
}

fn halves(h: u32) -> Value {
    if h.is_multiple_of(2) {
        json!(h / 2)
    } else if h % 4 == 1 {
        json!(h as f64 / 2.0)
    } else {
        json!(format!("{}.5", h / 2))
    }
}

fn matcher_json(m: &M) -> Value {
    let mut o = serde_json::Map::new();
    o.insert(
        "skill".into(),
        json!(m.skills.iter().map(|s| skill_uri(*s)).collect::<Vec<_>>()),
    );
    if let Some(list) = &m.issuers {
        o.insert(
            "issuer".into(),
            json!(list.iter().map(|i| issuer_id(*i)).collect::<Vec<_>>()),
        );
    }
    if let Some(t) = m.atype {
        o.insert("achievementType".into(), json!(TYPES[t as usize]));
    }
    if let Some(c) = m.min_credits {
        o.insert("minCredits".into(), halves(c));
    }
    if let Some(l) = m.min_eqf {
        o.insert("minEqfLevel".into(), json!(l));
    }
    if let Some(a) = m.max_age {
        o.insert("maxAgeMonths".into(), json!(a));
    }
    Value::Object(o)
}

fn pathway_json(inst: &Inst) -> Value {
    let groups: Vec<Value> = inst
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut o = serde_json::Map::new();
            o.insert("id".into(), json!(format!("g{i}")));
            if !g.required.is_empty() {
                o.insert(
                    "required".into(),
                    json!(g.required.iter().map(matcher_json).collect::<Vec<_>>()),
                );
            }
            if let Some((min, max, from)) = &g.select {
                let mut s = serde_json::Map::new();
                s.insert("min".into(), json!(min));
                if let Some(max) = max {
                    s.insert("max".into(), json!(max));
                }
                o.insert("select".into(), Value::Object(s));
                o.insert(
                    "from".into(),
                    json!(from.iter().map(matcher_json).collect::<Vec<_>>()),
                );
            }
            if let Some(c) = g.min_credits {
                o.insert("minCredits".into(), halves(c));
            }
            Value::Object(o)
        })
        .collect();
    let p = &inst.pol;
    let mut pol = serde_json::Map::new();
    pol.insert("creditUnit".into(), json!("ECTS"));
    if p.min_total > 0 {
        pol.insert("minTotalCredits".into(), halves(p.min_total));
    }
    if let Some(l) = p.min_eqf {
        pol.insert("minEqfLevel".into(), json!(l));
        pol.insert(
            "missingLevel".into(),
            json!(if p.reject_missing { "reject" } else { "accept" }),
        );
    }
    if let Some(a) = p.max_age {
        pol.insert("maxAgeMonths".into(), json!(a));
    }
    if let Some((a, b)) = p.item {
        pol.insert(
            "itemCredits".into(),
            json!({"min": halves(a), "max": halves(b)}),
        );
    }
    if p.min_issuers > 0 {
        pol.insert("minDistinctIssuers".into(), json!(p.min_issuers));
    }
    json!({
        "type": "TesseraPathway", "version": 1, "id": "urn:test:pathway",
        "title": {"en": "Test"}, "policy": pol, "groups": groups
    })
}

fn candidates(inst: &Inst) -> Vec<Candidate> {
    inst.creds
        .iter()
        .enumerate()
        .map(|(k, c)| Candidate {
            id: format!("c{k}"),
            titles: vec![format!("Credential {k}")],
            achievement_id: None,
            achievement_type: Some(TYPES[c.atype as usize].to_owned()),
            issuer: issuer_id(c.issuer),
            skills: c.skills.iter().map(|s| skill_uri(*s)).collect(),
            skill_names: Default::default(),
            credits: c.credits.map(|h| h as f64 / 2.0),
            credit_unit: None,
            eqf_level: c.eqf,
            issued: Some(format!("{}T09:30:00Z", c.issued.format("%Y-%m-%d"))),
            expires: Some(if c.expired {
                "2026-06-15T00:00:00Z".to_owned()
            } else {
                "2026-06-15T00:00:01Z".to_owned()
            }),
            verdict: c.verdict,
            status: c.status,
        })
        .collect()
}

// ---------------------------------------------------------------- brute force

#[derive(Clone, Copy, PartialEq, Debug)]
struct U {
    group: usize,
    slot: Option<usize>,
    cap: u32,
}

fn units(inst: &Inst) -> Vec<U> {
    let mut out = Vec::new();
    for (g, grp) in inst.groups.iter().enumerate() {
        for i in 0..grp.required.len() {
            out.push(U {
                group: g,
                slot: Some(i),
                cap: 1,
            });
        }
        if let Some((_, max, _)) = &grp.select {
            out.push(U {
                group: g,
                slot: None,
                cap: max.unwrap_or(u32::MAX),
            });
        }
    }
    out
}

fn eligible(c: &C, p: &Pol) -> bool {
    if c.verdict != Verdict::Valid {
        return false; // invalid, or not verified (requireVerified defaults to true)
    }
    if c.expired || matches!(c.status, Status::Revoked | Status::Suspended) {
        return false;
    }
    if let Some(max) = p.max_age {
        if age(c.issued) > i64::from(max) {
            return false;
        }
    }
    if let Some(min) = p.min_eqf {
        match c.eqf {
            Some(l) if l < min => return false,
            None if p.reject_missing => return false,
            _ => {}
        }
    }
    if let Some((a, b)) = p.item {
        match c.credits {
            None => return false,
            Some(v) if v < a || v > b => return false,
            _ => {}
        }
    }
    true
}

fn meets(c: &C, m: &M) -> bool {
    if !m.skills.iter().any(|s| c.skills.contains(s)) {
        return false;
    }
    if let Some(list) = &m.issuers {
        if !list.contains(&c.issuer) {
            return false;
        }
    }
    if let Some(t) = m.atype {
        if t != c.atype {
            return false;
        }
    }
    if let Some(min) = m.min_credits {
        if c.credits.is_none_or(|v| v < min) {
            return false;
        }
    }
    if let Some(min) = m.min_eqf {
        if c.eqf.is_none_or(|l| l < min) {
            return false;
        }
    }
    if let Some(max) = m.max_age {
        if age(c.issued) > i64::from(max) {
            return false;
        }
    }
    true
}

fn fits(inst: &Inst, c: &C, u: &U) -> bool {
    if !eligible(c, &inst.pol) {
        return false;
    }
    let g = &inst.groups[u.group];
    match u.slot {
        Some(i) => meets(c, &g.required[i]),
        None => g.select.as_ref().unwrap().2.iter().any(|m| meets(c, m)),
    }
}

/// What an allocation (unit per credential) achieves.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Score {
    complete: bool,
    satisfied: u32,
    required: u32,
    total: u32,
}

fn score(inst: &Inst, us: &[U], creds: &[C], assign: &[Option<usize>]) -> Score {
    let mut gcred = [0u32; 8];
    let mut pool = [0u32; 8];
    let mut filled = [false; 32];
    let mut issuers = [false; 8];
    let mut total = 0;
    for (k, a) in assign.iter().enumerate() {
        if let Some(u) = a {
            let v = creds[k].credits.unwrap_or(0);
            gcred[us[*u].group] += v;
            total += v;
            issuers[creds[k].issuer as usize] = true;
            match us[*u].slot {
                Some(_) => filled[*u] = true,
                None => pool[us[*u].group] += 1,
            }
        }
    }
    let mut req_missing = [false; 8];
    let mut required = 0;
    for (u, un) in us.iter().enumerate() {
        if un.slot.is_some() {
            if filled[u] {
                required += 1;
            } else {
                req_missing[un.group] = true;
            }
        }
    }
    let mut satisfied = 0;
    for (g, grp) in inst.groups.iter().enumerate() {
        let sel_ok = grp.select.as_ref().is_none_or(|s| pool[g] >= s.0);
        let cred_ok = grp.min_credits.is_none_or(|m| gcred[g] >= m);
        if !req_missing[g] && sel_ok && cred_ok {
            satisfied += 1;
        }
    }
    let distinct = issuers.iter().filter(|b| **b).count() as u32;
    Score {
        complete: satisfied == inst.groups.len() as u32
            && total >= inst.pol.min_total
            && distinct >= inst.pol.min_issuers,
        satisfied,
        required,
        total,
    }
}

#[derive(Debug, Default)]
struct Brute {
    max_total: u32,
    best_complete: Option<u32>,
    best_lexi: (u32, u32, u32),
}

fn brute(inst: &Inst, creds: &[C]) -> Brute {
    let us = units(inst);
    let options: Vec<Vec<usize>> = creds
        .iter()
        .map(|c| (0..us.len()).filter(|&u| fits(inst, c, &us[u])).collect())
        .collect();
    let mut assign = vec![None; creds.len()];
    let mut used = vec![0u32; us.len()];
    let mut out = Brute::default();
    #[allow(clippy::too_many_arguments)]
    fn rec(
        k: usize,
        inst: &Inst,
        us: &[U],
        creds: &[C],
        options: &[Vec<usize>],
        assign: &mut Vec<Option<usize>>,
        used: &mut Vec<u32>,
        out: &mut Brute,
    ) {
        if k == creds.len() {
            let s = score(inst, us, creds, assign);
            out.max_total = out.max_total.max(s.total);
            if s.complete {
                out.best_complete = Some(out.best_complete.unwrap_or(0).max(s.total));
            }
            out.best_lexi = out.best_lexi.max((s.satisfied, s.required, s.total));
            return;
        }
        rec(k + 1, inst, us, creds, options, assign, used, out);
        for &u in &options[k] {
            if used[u] < us[u].cap {
                used[u] += 1;
                assign[k] = Some(u);
                rec(k + 1, inst, us, creds, options, assign, used, out);
                assign[k] = None;
                used[u] -= 1;
            }
        }
    }
    rec(
        0,
        inst,
        &us,
        creds,
        &options,
        &mut assign,
        &mut used,
        &mut out,
    );
    out
}

/// A greedy pass in group order: each required slot takes the first unused credential (in
/// wallet order) that fits, each select takes unused fitting credentials up to its max.
fn greedy(inst: &Inst) -> Score {
    let us = units(inst);
    let mut assign: Vec<Option<usize>> = vec![None; inst.creds.len()];
    for (u, un) in us.iter().enumerate() {
        let mut taken = 0;
        for (k, c) in inst.creds.iter().enumerate() {
            if taken >= un.cap {
                break;
            }
            if assign[k].is_none() && fits(inst, c, un) {
                assign[k] = Some(u);
                taken += 1;
            }
        }
    }
    score(inst, &us, &inst.creds, &assign)
}

/// Reads the evaluator's allocation back as unit per credential, checking that it is an
/// allocation at all (exclusive, matching, eligible, within capacity, credits as stated).
fn check_allocation(inst: &Inst, progress: &Progress) -> Result<Vec<Option<usize>>, String> {
    let us = units(inst);
    let mut assign: Vec<Option<usize>> = vec![None; inst.creds.len()];
    let mut used = vec![0u32; us.len()];
    for e in &progress.allocation {
        let k: usize = e.credential[1..].parse().map_err(|_| "bad id".to_owned())?;
        let g: usize = e.group[1..].parse().map_err(|_| "bad group".to_owned())?;
        let slot = if e.slot == "select" {
            None
        } else {
            Some(
                e.slot
                    .strip_prefix("required/")
                    .and_then(|s| s.parse::<usize>().ok())
                    .ok_or("bad slot")?,
            )
        };
        let u = us
            .iter()
            .position(|un| un.group == g && un.slot == slot)
            .ok_or("no such unit")?;
        if assign[k].is_some() {
            return Err(format!("{} counted twice", e.credential));
        }
        if !fits(inst, &inst.creds[k], &us[u]) {
            return Err(format!(
                "{} does not fit {} {}",
                e.credential, e.group, e.slot
            ));
        }
        used[u] += 1;
        if used[u] > us[u].cap {
            return Err(format!("{} {} over capacity", e.group, e.slot));
        }
        let stated = Credits::new(u128::from(inst.creds[k].credits.unwrap_or(0)), 2).unwrap();
        if e.credits != stated {
            return Err(format!(
                "{} credits {:?} != {:?}",
                e.credential, e.credits, stated
            ));
        }
        assign[k] = Some(u);
    }
    Ok(assign)
}

fn half_credits(h: u32) -> Credits {
    Credits::new(u128::from(h), 2).unwrap()
}

/// The fewest new credentials (each fitting one unit, eligible, any allowed credits, a new
/// issuer) that make the pathway complete, up to `max_new`; brute force over shapes.
fn brute_min_new(inst: &Inst, max_new: usize) -> Option<usize> {
    let us = units(inst);
    let hi = inst.pol.item.map_or(200, |(_, b)| b);
    let usable: Vec<usize> = (0..us.len())
        .filter(|&u| match us[u].slot {
            Some(i) => inst.groups[us[u].group].required[i]
                .min_credits
                .is_none_or(|m| m <= hi),
            None => true,
        })
        .collect();
    let real: Vec<Vec<usize>> = inst
        .creds
        .iter()
        .map(|c| (0..us.len()).filter(|&u| fits(inst, c, &us[u])).collect())
        .collect();
    for v in 1..=max_new {
        let mut shape = Vec::new();
        if shapes(inst, &us, &real, &usable, v, 0, &mut shape, hi) {
            return Some(v);
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn shapes(
    inst: &Inst,
    us: &[U],
    real: &[Vec<usize>],
    usable: &[usize],
    v: usize,
    from: usize,
    shape: &mut Vec<usize>,
    hi: u32,
) -> bool {
    if shape.len() == v {
        return complete_with(inst, us, real, shape, hi);
    }
    for k in from..usable.len() {
        let u = usable[k];
        if us[u].slot.is_some() && shape.contains(&u) {
            continue;
        }
        shape.push(u);
        let ok = shapes(inst, us, real, usable, v, k, shape, hi);
        shape.pop();
        if ok {
            return true;
        }
    }
    false
}

/// Is there a complete allocation with new credentials forced into the units of `shape`?
fn complete_with(inst: &Inst, us: &[U], real: &[Vec<usize>], shape: &[usize], hi: u32) -> bool {
    let mut used = vec![0u32; us.len()];
    for &u in shape {
        used[u] += 1;
        if used[u] > us[u].cap {
            return false;
        }
    }
    // New credentials: credits `hi`, issuers 4.. (new).
    let mut creds: Vec<C> = inst.creds.clone();
    let mut assign: Vec<Option<usize>> = vec![None; creds.len()];
    for (n, &u) in shape.iter().enumerate() {
        let mut c = inst.creds[0].clone();
        c.credits = Some(hi);
        c.issuer = 4 + (n as u8 % 4);
        creds.push(c);
        assign.push(Some(u));
    }
    fn rec(
        k: usize,
        inst: &Inst,
        us: &[U],
        creds: &[C],
        real: &[Vec<usize>],
        assign: &mut Vec<Option<usize>>,
        used: &mut Vec<u32>,
    ) -> bool {
        if k == real.len() {
            return score(inst, us, creds, assign).complete;
        }
        if rec(k + 1, inst, us, creds, real, assign, used) {
            return true;
        }
        for &u in &real[k] {
            if used[u] < us[u].cap {
                used[u] += 1;
                assign[k] = Some(u);
                let ok = rec(k + 1, inst, us, creds, real, assign, used);
                assign[k] = None;
                used[u] -= 1;
                if ok {
                    return true;
                }
            }
        }
        false
    }
    rec(0, inst, us, &creds, real, &mut assign, &mut used)
}

struct Counts {
    instances: usize,
    complete: usize,
    greedy_fails: usize,
    plan_checked: usize,
    max_nodes: u64,
}

fn run_range(seeds: std::ops::Range<u64>) -> Counts {
    let mut counts = Counts {
        instances: 0,
        complete: 0,
        greedy_fails: 0,
        plan_checked: 0,
        max_nodes: 0,
    };
    for seed in seeds {
        let mut r = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5EED);
        let inst = generate(&mut r);
        let json = pathway_json(&inst);
        let p = pathway::parse(json.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("seed {seed}: generated pathway does not parse: {e}"));
        let progress = pathway::evaluate(&p, &candidates(&inst), at());
        let bf = brute(&inst, &inst.creds);
        let ctx = || format!("seed {seed}\n{json}\n{:#?}", inst.creds);
        assert!(progress.exact, "{}", ctx());
        counts.instances += 1;
        counts.max_nodes = counts.max_nodes.max(progress.search_nodes);
        assert_eq!(
            progress.complete,
            bf.best_complete.is_some(),
            "complete differs; {}",
            ctx()
        );
        assert_eq!(
            progress.max_counted_credits,
            half_credits(bf.max_total),
            "maxCountedCredits differs; {}",
            ctx()
        );
        let assign = check_allocation(&inst, &progress)
            .unwrap_or_else(|e| panic!("invalid allocation: {e}; {}", ctx()));
        let s = score(&inst, &units(&inst), &inst.creds, &assign);
        assert_eq!(progress.counted_credits, half_credits(s.total), "{}", ctx());
        if let Some(best) = bf.best_complete {
            counts.complete += 1;
            assert!(s.complete, "returned allocation is not complete; {}", ctx());
            assert_eq!(s.total, best, "not the most credits; {}", ctx());
            // The greedy pass in group order fails here, and the evaluator does not.
            let g = greedy(&inst);
            if !g.complete {
                assert!(progress.complete && s.complete, "{}", ctx());
                counts.greedy_fails += 1;
            }
        } else {
            assert_eq!(
                (s.satisfied, s.required, s.total),
                bf.best_lexi,
                "not the best incomplete allocation; {}",
                ctx()
            );
            // Plan: the fewest new credentials, checked by brute force on smaller cases.
            let planned: Option<usize> = progress
                .plan
                .as_ref()
                .map(|steps| steps.iter().map(|s| s.more_credentials as usize).sum());
            assert_ne!(planned, Some(0), "{}", ctx());
            if inst.creds.len() <= 6 && counts.plan_checked < 400 {
                let bmin = brute_min_new(&inst, 3);
                match (bmin, planned) {
                    (Some(b), Some(pl)) => assert_eq!(b, pl, "plan size; {}", ctx()),
                    (Some(b), None) => panic!("plan missing, brute force found {b}; {}", ctx()),
                    (None, Some(pl)) => {
                        assert!(pl > 3, "plan {pl} not found by brute force; {}", ctx())
                    }
                    (None, None) => {}
                }
                counts.plan_checked += 1;
            }
        }
    }
    counts
}

#[test]
fn evaluator_matches_brute_force() {
    const INSTANCES: u64 = 10_000;
    let threads = 4u64;
    let per = INSTANCES / threads;
    let results: Vec<Counts> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| s.spawn(move || run_range(t * per..(t + 1) * per)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let total: usize = results.iter().map(|c| c.instances).sum();
    let complete: usize = results.iter().map(|c| c.complete).sum();
    let greedy_fails: usize = results.iter().map(|c| c.greedy_fails).sum();
    let plans: usize = results.iter().map(|c| c.plan_checked).sum();
    let max_nodes = results.iter().map(|c| c.max_nodes).max().unwrap_or(0);
    eprintln!(
        "pathway property test: {total} instances, {complete} complete, {} incomplete; \
         greedy in group order fails on {greedy_fails} ({:.1}%) where a complete allocation exists; \
         {plans} plans checked against brute force; at most {max_nodes} search nodes",
        total - complete,
        100.0 * greedy_fails as f64 / total as f64
    );
    assert!(total >= 10_000);
    assert!(
        greedy_fails * 100 >= total * 30,
        "greedy-trap share {greedy_fails}/{total} is under 30%"
    );
}

/// `PATHWAY_SEED=n cargo test -p tessera-core --test pathway_property one_seed -- --ignored`
#[test]
#[ignore]
fn one_seed() {
    let seed: u64 = std::env::var("PATHWAY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut r = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5EED);
    let inst = generate(&mut r);
    let json = pathway_json(&inst);
    let p = pathway::parse(json.to_string().as_bytes()).unwrap();
    let progress = pathway::evaluate(&p, &candidates(&inst), at());
    eprintln!(
        "{}\n{:#?}\n{}",
        serde_json::to_string_pretty(&json).unwrap(),
        inst.creds,
        serde_json::to_string_pretty(&progress).unwrap()
    );
    eprintln!(
        "brute: {:?}; min new: {:?}",
        brute(&inst, &inst.creds),
        brute_min_new(&inst, 3)
    );
    run_range(seed..seed + 1);
}
