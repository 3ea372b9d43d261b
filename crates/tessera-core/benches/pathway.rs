//! Pathway evaluation at scale: a 10-group pathway against 1,000 credentials, many of which
//! match several groups. The instance generator is seeded (splitmix64), so every run
//! evaluates the same wallet.
//!
//! Run: `cargo bench -p tessera-core --bench pathway`. Prints criterion's figures, then the
//! median of 15 timed evaluations and the search nodes explored, for:
//! - `complete`: the wallet completes the pathway;
//! - `incomplete`: the same wallet without any capstone credential (so the plan of missing
//!   pieces is computed too);
//! - `tight`: the same wallet against a variant whose seven elective groups each take
//!   exactly two credentials worth 20 ECTS together (the 10-ECTS modules are contested).

use std::time::Instant;

use chrono::{TimeZone, Utc};
use criterion::{black_box, Criterion};
use serde_json::json;
use tessera_core::pathway::{self, Candidate, Pathway};
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
}

const SKILLS: u64 = 14;

fn skill(k: u64) -> String {
    format!("http://data.europa.eu/esco/skill/bench-{k:02}")
}

/// Ten groups: a core of three required modules with a credit minimum, seven elective
/// groups over overlapping skill sets (select minimums and maximums, credit minimums), a
/// capstone, and a free group that takes anything. `tight`: every elective group takes
/// exactly two credentials and needs 20 ECTS from them, so the 10-ECTS modules are
/// contested between groups.
fn pathway_file(tight: bool) -> serde_json::Value {
    let mut groups = vec![json!({
        "id": "core", "label": {"en": "Core", "de": "Kern"}, "minCredits": 12,
        "required": [
            {"skill": [skill(0)], "minEqfLevel": 5},
            {"skill": [skill(1)]},
            {"skill": [skill(2), skill(3)], "skillMatch": "any"}
        ]
    })];
    for e in 0..7u64 {
        let from: Vec<String> = (0..4).map(|k| skill((2 + e + 2 * k) % SKILLS)).collect();
        groups.push(json!({
            "id": format!("elective-{e}"),
            "label": {"en": format!("Elective area {e}"), "de": format!("Wahlbereich {e}")},
            "select": if tight { json!({"min": 2, "max": 2}) } else { json!({"min": 2 + e % 2, "max": 4 + e % 3}) },
            "minCredits": if tight { 20 } else { 8 + 2 * (e % 3) },
            "from": [{"skill": from, "skillMatch": "any"}]
        }));
    }
    groups.push(json!({
        "id": "capstone", "label": {"en": "Capstone", "de": "Abschlussprojekt"},
        "required": [{"titlePattern": "\\bcapstone\\b", "flags": "i", "minCredits": 5}]
    }));
    groups.push(json!({
        "id": "free", "label": {"en": "Free electives", "de": "Freie Wahl"},
        "select": {"min": 0}, "from": [{"any": true}]
    }));
    json!({
        "type": "TesseraPathway", "version": 1, "id": "urn:tessera:bench:ten-groups",
        "title": {"en": "Benchmark pathway", "de": "Benchmark-Pfad"},
        "policy": {
            "creditUnit": "ECTS", "hoursPerEcts": 25, "minTotalCredits": 150, "minEqfLevel": 5,
            "missingLevel": "accept", "maxAgeMonths": 60,
            "itemCredits": {"min": 1, "max": 10}, "minDistinctIssuers": 3
        },
        "groups": groups
    })
}

fn wallet(n: usize, with_capstone: bool) -> Vec<Candidate> {
    let mut r = Rng(0x7E55_E7A0_2026);
    let credits = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 10.0];
    (0..n)
        .map(|k| {
            let nskills = 1 + r.below(4);
            let skills: Vec<String> = (0..nskills).map(|_| skill(r.below(SKILLS))).collect();
            let capstone = r.below(40) == 0;
            let months = r.below(66);
            let hours = r.below(10) == 0;
            Candidate {
                id: format!("cred-{k:04}"),
                skill_names: Default::default(),
                titles: vec![if capstone && with_capstone {
                    format!("Capstone project {k}")
                } else {
                    format!("Module {k}")
                }],
                achievement_id: None,
                achievement_type: Some("Course".into()),
                issuer: format!("did:web:issuer-{}.example", r.below(20)),
                skills,
                // One in ten states hours (converted at 25 hours per ECTS).
                credit_unit: Some(if hours { "hours" } else { "ECTS" }.into()),
                credits: Some(
                    credits[r.below(credits.len() as u64) as usize]
                        * if hours { 25.0 } else { 1.0 },
                ),
                eqf_level: Some(if r.below(10) == 0 {
                    4
                } else {
                    5 + r.below(3) as u8
                }),
                issued: Some(format!(
                    "{}-{:02}-15T00:00:00Z",
                    2026 - (months / 12) as i64 - 1 + i64::from(months % 12 < 6),
                    1 + months % 12
                )),
                expires: None,
                verdict: if r.below(25) == 0 {
                    Verdict::Unknown
                } else {
                    Verdict::Valid
                },
                status: if r.below(50) == 0 {
                    Status::Revoked
                } else {
                    Status::Active
                },
            }
        })
        .collect()
}

fn median_ms(p: &Pathway, creds: &[Candidate], runs: usize) -> (f64, u64) {
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
    let mut times = Vec::new();
    let mut nodes = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let progress = pathway::evaluate(p, creds, at);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        nodes = progress.search_nodes;
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[runs / 2], nodes)
}

fn main() {
    let normal = pathway::parse(pathway_file(false).to_string().as_bytes()).expect("parses");
    let tight = pathway::parse(pathway_file(true).to_string().as_bytes()).expect("parses");
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
    let cases = [
        ("complete", &normal, wallet(1000, true), true),
        ("incomplete", &normal, wallet(1000, false), false),
        ("tight", &tight, wallet(1000, true), true),
    ];
    let mut c = Criterion::default().configure_from_args().sample_size(10);
    for (label, p, creds, complete) in &cases {
        let p: &Pathway = p;
        let progress = pathway::evaluate(p, creds, at);
        assert!(progress.exact);
        assert_eq!(progress.complete, *complete, "{label}");
        // Credentials whose skills meet two or more of the core/elective groups (all also
        // fit the free group).
        let group_skills: Vec<Vec<String>> = std::iter::once((0..4).map(skill).collect())
            .chain((0..7u64).map(|e| (0..4).map(|k| skill((2 + e + 2 * k) % SKILLS)).collect()))
            .collect();
        let multi = creds
            .iter()
            .filter(|c| {
                group_skills
                    .iter()
                    .filter(|g| c.skills.iter().any(|s| g.contains(s)))
                    .count()
                    >= 2
            })
            .count();
        println!(
            "{label}: {multi} of {} credentials match two or more skill groups",
            creds.len()
        );
        c.bench_function(
            &format!("pathway 10 groups x 1000 credentials ({label})"),
            |b| b.iter(|| pathway::evaluate(black_box(p), black_box(creds), at)),
        );
    }
    c.final_summary();
    println!();
    println!("pathway evaluation, 10 groups x 1,000 credentials (median of 15, one thread)");
    for (label, p, creds, _) in &cases {
        let (ms, nodes) = median_ms(p, creds, 15);
        let progress = pathway::evaluate(p, creds, at);
        let plan: usize = progress
            .plan
            .as_ref()
            .map_or(0, |s| s.iter().map(|x| x.more_credentials as usize).sum());
        println!(
            "{label:<11} {ms:>8.2} ms  {nodes:>7} search nodes  complete={} counted={} max={} excluded={} plan={plan} new credential(s)",
            progress.complete,
            progress.counted_credits,
            progress.max_counted_credits,
            progress.excluded.len()
        );
    }
}
