//! Evaluating pathways: exclusion reasons, time rules, exact credits, the greedy trap, the
//! allocation rules, the plan and the JSON result.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use tessera_core::pathway::{self, Candidate, Credits, Pathway, Progress};
use tessera_core::{Status, Verdict};

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap()
}

fn cred(id: &str) -> Candidate {
    Candidate {
        id: id.into(),
        titles: vec![format!("Module {id}")],
        achievement_id: None,
        achievement_type: Some("Course".into()),
        issuer: "did:web:uni-a.example".into(),
        skills: vec!["urn:skill:a".into()],
        skill_names: Default::default(),
        credits: Some(5.0),
        credit_unit: Some("ECTS".into()),
        eqf_level: Some(6),
        issued: Some("2026-01-10T08:00:00Z".into()),
        expires: None,
        verdict: Verdict::Valid,
        status: Status::Active,
    }
}

fn with(mut c: Candidate, f: impl FnOnce(&mut Candidate)) -> Candidate {
    f(&mut c);
    c
}

fn pathway_of(policy: Value, groups: Value) -> Pathway {
    let mut policy = policy;
    policy
        .as_object_mut()
        .unwrap()
        .entry("creditUnit")
        .or_insert(json!("ECTS"));
    let doc = json!({
        "type": "TesseraPathway", "version": 1, "id": "urn:test:p",
        "title": {"en": "Test", "de": "Test (de)"}, "policy": policy, "groups": groups
    });
    pathway::parse(doc.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

/// One group selecting anything with skill a.
fn simple(policy: Value) -> Pathway {
    pathway_of(
        policy,
        json!([{"id": "g", "select": {"min": 1}, "from": [{"skill": ["urn:skill:a"]}]}]),
    )
}

fn excluded<'a>(p: &'a Progress, id: &str) -> Option<&'a pathway::Excluded> {
    p.excluded.iter().find(|e| e.credential == id)
}

fn reasons(p: &Progress, id: &str) -> Vec<String> {
    excluded(p, id)
        .map(|e| e.reasons.clone())
        .unwrap_or_default()
}

fn counted(p: &Progress, id: &str) -> bool {
    p.allocation.iter().any(|a| a.credential == id)
}

fn ects(n: u128, d: u128) -> Credits {
    Credits::new(n, d).unwrap()
}

#[test]
fn each_exclusion_reason() {
    struct Case {
        code: &'static str,
        policy: Value,
        cred: Candidate,
    }
    let cases = vec![
        Case {
            code: "invalid",
            policy: json!({}),
            cred: with(cred("x"), |c| c.verdict = Verdict::Invalid),
        },
        Case {
            code: "not-verified",
            policy: json!({}),
            cred: with(cred("x"), |c| c.verdict = Verdict::Unsigned),
        },
        Case {
            code: "expired",
            policy: json!({}),
            cred: with(cred("x"), |c| {
                c.expires = Some("2026-11-21T23:59:59Z".into())
            }),
        },
        Case {
            code: "expired",
            policy: json!({}),
            cred: with(cred("x"), |c| c.status = Status::Expired),
        },
        Case {
            code: "revoked",
            policy: json!({}),
            cred: with(cred("x"), |c| c.status = Status::Revoked),
        },
        Case {
            code: "suspended",
            policy: json!({}),
            cred: with(cred("x"), |c| c.status = Status::Suspended),
        },
        Case {
            code: "too-old",
            policy: json!({"maxAgeMonths": 12}),
            cred: with(cred("x"), |c| {
                c.issued = Some("2025-10-21T10:00:00Z".into())
            }),
        },
        Case {
            code: "too-old",
            policy: json!({"maxAgeMonths": 12}),
            cred: with(cred("x"), |c| c.issued = None),
        },
        Case {
            code: "level-below-minimum",
            policy: json!({"minEqfLevel": 7}),
            cred: cred("x"),
        },
        Case {
            code: "level-missing",
            policy: json!({"minEqfLevel": 5, "missingLevel": "reject"}),
            cred: with(cred("x"), |c| c.eqf_level = None),
        },
        Case {
            code: "credits-missing",
            policy: json!({"itemCredits": {"min": 1}}),
            cred: with(cred("x"), |c| c.credits = None),
        },
        Case {
            code: "credits-out-of-range",
            policy: json!({"itemCredits": {"min": 1, "max": 4}}),
            cred: cred("x"),
        },
        Case {
            code: "credits-out-of-range",
            policy: json!({}),
            cred: with(cred("x"), |c| c.credits = Some(-2.0)),
        },
        Case {
            code: "unit-mismatch",
            policy: json!({}),
            cred: with(cred("x"), |c| c.credit_unit = Some("hours".into())),
        },
        Case {
            code: "unit-mismatch",
            policy: json!({"hoursPerEcts": 25}),
            cred: with(cred("x"), |c| c.credit_unit = Some("CEU".into())),
        },
    ];
    for case in cases {
        let p = simple(case.policy.clone());
        let progress = pathway::evaluate(&p, std::slice::from_ref(&case.cred), at());
        let e = excluded(&progress, "x")
            .unwrap_or_else(|| panic!("{}: not excluded: {progress:?}", case.code));
        assert_eq!(e.reasons, vec![case.code.to_owned()], "{}", case.code);
        assert!(e.detail.starts_with("Not counted: "), "{}", e.detail);
        assert!(!e.counts_elsewhere);
        assert!(!counted(&progress, "x"), "{}", case.code);
        assert!(!progress.complete);
    }
    // Without a minimum level, or with missing levels accepted, nothing is excluded.
    let p = simple(json!({"minEqfLevel": 5}));
    let ok = pathway::evaluate(&p, &[with(cred("x"), |c| c.eqf_level = None)], at());
    assert!(ok.complete && ok.excluded.is_empty());
    // Unknown verdicts count when the pathway does not require verification.
    let p = simple(json!({"requireVerified": false}));
    let ok = pathway::evaluate(
        &p,
        &[with(cred("x"), |c| c.verdict = Verdict::Unknown)],
        at(),
    );
    assert!(ok.complete);
    // Invalid never counts.
    let bad = pathway::evaluate(
        &p,
        &[with(cred("x"), |c| c.verdict = Verdict::Invalid)],
        at(),
    );
    assert_eq!(reasons(&bad, "x"), vec!["invalid"]);
}

#[test]
fn per_matcher_limits_exclude_from_that_slot_only() {
    let p = pathway_of(
        json!({}),
        json!([
            {"id": "safety", "label": {"en": "Safety"},
             "required": [{"skill": ["urn:skill:safety"], "maxAgeMonths": 24}]},
            {"id": "capstone", "required": [{"titlePattern": "capstone", "flags": "i", "minCredits": 5, "minEqfLevel": 6}]},
            {"id": "free", "select": {"min": 0}, "from": [{"any": true}]}
        ]),
    );
    let old_safety = with(cred("safety"), |c| {
        c.skills = vec!["urn:skill:safety".into()];
        c.issued = Some("2024-05-10T00:00:00Z".into()); // 30 months
    });
    let small_capstone = with(cred("cap"), |c| {
        c.titles = vec!["Capstone Project".into()];
        c.credits = Some(4.5);
    });
    let no_credits_capstone = with(cred("cap2"), |c| {
        c.titles = vec!["CAPSTONE".into()];
        c.credits = None;
        c.eqf_level = Some(5);
    });
    let unlevelled_capstone = with(cred("cap3"), |c| {
        c.titles = vec!["capstone".into()];
        c.eqf_level = None;
    });
    let progress = pathway::evaluate(
        &p,
        &[
            old_safety,
            small_capstone,
            no_credits_capstone,
            unlevelled_capstone,
        ],
        at(),
    );
    assert_eq!(reasons(&progress, "safety"), vec!["too-old"]);
    assert_eq!(reasons(&progress, "cap"), vec!["credits-below-minimum"]);
    assert_eq!(
        reasons(&progress, "cap2"),
        vec!["level-below-minimum", "credits-missing"]
    );
    assert_eq!(reasons(&progress, "cap3"), vec!["level-missing"]);
    let e = excluded(&progress, "safety").unwrap();
    assert!(e.counts_elsewhere);
    assert!(e.detail.contains("30 months"), "{}", e.detail);
    assert!(e.detail.contains("at most 24"), "{}", e.detail);
    // They still count in the free group.
    for id in ["safety", "cap", "cap2", "cap3"] {
        assert!(
            progress
                .allocation
                .iter()
                .any(|a| a.credential == id && a.group == "free"),
            "{id}"
        );
    }
    assert!(!progress.complete);
    let safety = &progress.groups[0];
    assert_eq!(safety.label.as_deref(), Some("Safety"));
    assert!(!safety.satisfied);
    assert_eq!(safety.missing.len(), 1);
    assert!(
        safety.missing[0].contains("at most 24 months old"),
        "{:?}",
        safety.missing
    );
}

#[test]
fn credentials_matching_nothing_are_not_listed() {
    let p = simple(json!({}));
    let other = with(cred("other"), |c| {
        c.skills = vec!["urn:skill:zzz".into()];
        c.status = Status::Revoked;
    });
    let progress = pathway::evaluate(&p, &[other], at());
    assert!(progress.excluded.is_empty());
}

#[test]
fn expiry_is_at_or_before_the_evaluation_time() {
    let p = simple(json!({}));
    let at_midnight = with(cred("x"), |c| {
        c.expires = Some("2026-11-22T00:00:00Z".into())
    });
    let later = with(cred("y"), |c| {
        c.expires = Some("2026-11-22T00:00:01Z".into())
    });
    let unreadable = with(cred("z"), |c| c.expires = Some("next year".into()));
    let progress = pathway::evaluate(&p, &[at_midnight, later, unreadable], at());
    assert_eq!(reasons(&progress, "x"), vec!["expired"]);
    assert!(counted(&progress, "y"));
    assert_eq!(reasons(&progress, "z"), vec!["expired"]);
    // Stored "expired" with a later expiry date: the date at the evaluation time decides.
    let evaluated_earlier = with(cred("w"), |c| {
        c.status = Status::Expired;
        c.expires = Some("2026-12-01T00:00:00Z".into());
    });
    let progress = pathway::evaluate(&p, &[evaluated_earlier], at());
    assert!(counted(&progress, "w"));
}

#[test]
fn age_in_whole_months() {
    // Evaluation day 2026-11-22; at most 24 months:
    // age = (y2 - y1) * 12 + (m2 - m1) - (1 if d2 < d1).
    let p = simple(json!({"maxAgeMonths": 24}));
    for (issued, months) in [
        ("2024-11-22T23:00:00Z", 24),
        ("2024-11-23T00:00:00Z", 23),
        ("2024-11-21T00:00:00Z", 24),
        ("2024-10-23T00:00:00Z", 24),
        ("2024-10-22T00:00:00Z", 25),
        ("2024-10-21T00:00:00Z", 25),
    ] {
        let progress = pathway::evaluate(
            &p,
            &[with(cred("x"), |c| c.issued = Some(issued.into()))],
            at(),
        );
        assert_eq!(counted(&progress, "x"), months <= 24, "{issued}");
        if months > 24 {
            let e = excluded(&progress, "x").unwrap();
            assert!(
                e.detail.contains(&format!("{months} months")),
                "{}",
                e.detail
            );
        }
    }
    // Issued in a time zone: the UTC date counts.
    let progress = pathway::evaluate(
        &p,
        &[with(cred("x"), |c| {
            c.issued = Some("2024-10-23T01:00:00+02:00".into()); // 2024-10-22T23:00Z: 25 months
        })],
        at(),
    );
    assert_eq!(reasons(&progress, "x"), vec!["too-old"]);
}

#[test]
fn hours_and_ects_are_converted_exactly() {
    // 30 hours per ECTS: 10 hours are exactly 1/3 ECTS; three of them make exactly 1 ECTS.
    let p = pathway_of(
        json!({"hoursPerEcts": 30}),
        json!([{"id": "g", "select": {"min": 3}, "minCredits": 1, "from": [{"any": true}]}]),
    );
    let thirds: Vec<Candidate> = (0..3)
        .map(|k| {
            with(cred(&format!("h{k}")), |c| {
                c.credits = Some(10.0);
                c.credit_unit = Some("hours".into());
            })
        })
        .collect();
    let progress = pathway::evaluate(&p, &thirds, at());
    assert!(progress.complete, "{progress:?}");
    assert_eq!(progress.counted_credits, Credits::from_integer(1));
    assert_eq!(progress.allocation[0].credits, ects(1, 3));
    // Two thirds fall short, and the words say by how much (rounded up).
    let progress = pathway::evaluate(&p, &thirds[..2], at());
    assert!(!progress.complete);
    assert_eq!(
        progress.groups[0].missing,
        vec!["1 more credential", "at least 0.34 more ECTS"]
    );
    // A pathway in hours converts ECTS up.
    let p = pathway_of(
        json!({"creditUnit": "hours", "hoursPerEcts": 27.5, "minTotalCredits": 68.75}),
        json!([{"id": "g", "select": {"min": 1}, "from": [{"any": true}]}]),
    );
    let progress = pathway::evaluate(&p, &[with(cred("e"), |c| c.credits = Some(2.5))], at());
    assert!(progress.complete);
    assert_eq!(progress.counted_credits, ects(6875, 100));
    // No unit stated: taken to be the pathway's.
    let progress = pathway::evaluate(
        &p,
        &[with(cred("e"), |c| {
            c.credits = Some(68.75);
            c.credit_unit = None;
        })],
        at(),
    );
    assert!(progress.complete);
}

#[test]
fn decimals_compare_exactly() {
    // 0.1 + 0.2 reaches 0.3 exactly (in f64 it would not).
    let p = pathway_of(
        json!({}),
        json!([{"id": "g", "select": {"min": 2}, "minCredits": "0.3", "from": [{"any": true}]}]),
    );
    let a = with(cred("a"), |c| c.credits = Some(0.1));
    let b = with(cred("b"), |c| c.credits = Some(0.2));
    let progress = pathway::evaluate(&p, &[a, b], at());
    assert!(progress.complete);
    assert_eq!(progress.counted_credits, ects(3, 10));
    let json = serde_json::to_value(&progress).unwrap();
    assert_eq!(json["countedCredits"], json!(0.3));
}

#[test]
fn the_greedy_trap() {
    // "shared" fits both groups, comes first in the wallet and is worth the most; a greedy
    // pass in group order would give it to "electives" and leave "core" without a credential.
    let p = pathway_of(
        json!({}),
        json!([
            {"id": "electives", "select": {"min": 1}, "from": [{"skill": ["urn:skill:a", "urn:skill:b"]}]},
            {"id": "core", "required": [{"skill": ["urn:skill:b"]}]}
        ]),
    );
    let shared = with(cred("shared"), |c| {
        c.skills = vec!["urn:skill:a".into(), "urn:skill:b".into()];
        c.credits = Some(6.0);
    });
    let elective = with(cred("elective"), |c| c.credits = Some(3.0));
    let progress = pathway::evaluate(&p, &[shared, elective], at());
    assert!(progress.complete, "{progress:?}");
    let place = |id: &str| {
        progress
            .allocation
            .iter()
            .find(|a| a.credential == id)
            .map(|a| (a.group.clone(), a.slot.clone()))
    };
    assert_eq!(place("shared"), Some(("core".into(), "required/0".into())));
    assert_eq!(
        place("elective"),
        Some(("electives".into(), "select".into()))
    );
    assert_eq!(progress.counted_credits, Credits::from_integer(9));
}

#[test]
fn credit_minimums_decide_where_a_credential_goes() {
    // A (5) fits both groups; B (2) and C (3) fit only y, D (1) only x. Each group needs 5:
    // x can only get there with A, so A goes to x and B + C to y.
    let p = pathway_of(
        json!({}),
        json!([
            {"id": "y", "select": {"min": 1, "max": 2}, "minCredits": 5, "from": [{"skill": ["urn:skill:a", "urn:skill:y"]}]},
            {"id": "x", "select": {"min": 1, "max": 1}, "minCredits": 5, "from": [{"skill": ["urn:skill:a", "urn:skill:x"]}]}
        ]),
    );
    let a = with(cred("A"), |c| c.credits = Some(5.0));
    let b = with(cred("B"), |c| {
        c.skills = vec!["urn:skill:y".into()];
        c.credits = Some(2.0);
    });
    let c3 = with(cred("C"), |c| {
        c.skills = vec!["urn:skill:y".into()];
        c.credits = Some(3.0);
    });
    let d = with(cred("D"), |c| {
        c.skills = vec!["urn:skill:x".into()];
        c.credits = Some(1.0);
    });
    let progress = pathway::evaluate(&p, &[a, b, c3, d], at());
    assert!(progress.complete);
    let group_of = |id: &str| {
        progress
            .allocation
            .iter()
            .find(|e| e.credential == id)
            .map(|e| e.group.clone())
    };
    assert_eq!(group_of("A").as_deref(), Some("x"));
    assert_eq!(group_of("B").as_deref(), Some("y"));
    assert_eq!(group_of("C").as_deref(), Some("y"));
    assert_eq!(group_of("D"), None);
    assert_eq!(progress.max_counted_credits, Credits::from_integer(10));
}

#[test]
fn complete_allocation_has_the_most_credits() {
    let p = pathway_of(
        json!({"minTotalCredits": 6}),
        json!([{"id": "g", "select": {"min": 1, "max": 2}, "from": [{"any": true}]}]),
    );
    let creds: Vec<Candidate> = [2.0, 7.0, 1.0, 4.0]
        .iter()
        .enumerate()
        .map(|(k, v)| with(cred(&format!("c{k}")), |c| c.credits = Some(*v)))
        .collect();
    let progress = pathway::evaluate(&p, &creds, at());
    assert!(progress.complete);
    assert_eq!(progress.counted_credits, Credits::from_integer(11));
    assert_eq!(progress.max_counted_credits, Credits::from_integer(11));
}

#[test]
fn never_counts_one_credential_twice() {
    let p = pathway_of(
        json!({}),
        json!([
            {"id": "a", "required": [{"any": true}]},
            {"id": "b", "required": [{"any": true}]}
        ]),
    );
    // The same wallet id twice is one credential.
    let progress = pathway::evaluate(&p, &[cred("one"), cred("one")], at());
    assert!(!progress.complete);
    assert_eq!(progress.allocation.len(), 1);
    let plan = progress.plan.unwrap();
    assert_eq!(plan.len(), 1);
    assert_eq!(plan[0].more_credentials, 1);
}

#[test]
fn distinct_issuers() {
    let p = pathway_of(
        json!({"minDistinctIssuers": 2}),
        json!([{"id": "g", "select": {"min": 1, "max": 2}, "from": [{"any": true}]}]),
    );
    // The two biggest come from one issuer; completing needs the smaller one from another.
    let big1 = with(cred("big1"), |c| c.credits = Some(9.0));
    let big2 = with(cred("big2"), |c| c.credits = Some(8.0));
    let other = with(cred("other"), |c| {
        c.credits = Some(1.0);
        c.issuer = "did:web:uni-b.example".into();
    });
    let progress = pathway::evaluate(&p, &[big1.clone(), big2.clone(), other], at());
    assert!(progress.complete);
    assert_eq!(progress.counted_credits, Credits::from_integer(10));
    assert_eq!(progress.distinct_issuers, 2);
    assert_eq!(progress.max_counted_credits, Credits::from_integer(17));
    let progress = pathway::evaluate(&p, &[big1, big2], at());
    assert!(!progress.complete);
    assert_eq!(progress.missing, vec!["credentials from 1 more issuer"]);
    let plan = progress.plan.unwrap();
    assert_eq!(plan[0].more_credentials, 1);
}

#[test]
fn incomplete_allocation_satisfies_most_groups_and_says_what_is_missing() {
    let p = pathway_of(
        json!({"minTotalCredits": 30, "itemCredits": {"min": 2, "max": 10}}),
        json!([
            {"id": "core", "label": {"en": "Core", "de": "Kern"}, "minCredits": 9,
             "required": [{"skill": ["urn:skill:a"]}, {"skill": ["urn:skill:b"]}]},
            {"id": "electives", "select": {"min": 3, "max": 5}, "minCredits": 12,
             "from": [{"skill": ["urn:skill:e"]}]},
            {"id": "capstone", "required": [{"titlePattern": "\\b(capstone|project)\\b", "flags": "i", "minCredits": 5}]}
        ]),
    );
    let creds = vec![
        with(cred("a"), |c| c.credits = Some(5.0)),
        with(cred("b"), |c| {
            c.skills = vec!["urn:skill:b".into()];
            c.credits = Some(4.0);
        }),
        with(cred("e1"), |c| {
            c.skills = vec!["urn:skill:e".into()];
            c.credits = Some(4.0);
        }),
        with(cred("e2"), |c| {
            c.skills = vec!["urn:skill:e".into()];
            c.credits = Some(4.0);
        }),
    ];
    let progress = pathway::evaluate(&p, &creds, at());
    assert!(!progress.complete);
    assert_eq!(progress.counted_credits, Credits::from_integer(17));
    let core = &progress.groups[0];
    assert!(core.satisfied);
    assert_eq!(core.label.as_deref(), Some("Core"));
    let electives = &progress.groups[1];
    assert!(!electives.satisfied);
    assert_eq!(
        electives.missing,
        vec!["1 more credential", "at least 4 more ECTS"]
    );
    assert_eq!((electives.count, electives.need_count), (2, 3));
    assert_eq!(electives.need_credits, Credits::from_integer(12));
    let capstone = &progress.groups[2];
    assert_eq!(
        capstone.missing,
        vec!["the required credential matching 'capstone' or 'project', of at least 5 ECTS"]
    );
    assert_eq!((capstone.required_filled, capstone.required_total), (0, 1));
    assert_eq!(progress.missing, vec!["at least 13 more ECTS in total"]);
    // Plan: one capstone (>= 5) and one elective (>= 4) are two credentials, but the total
    // needs 13 more: 5 + 8 -> 13 new ECTS, within 10 per credential.
    let plan = progress.plan.clone().unwrap();
    let total: u32 = plan.iter().map(|s| s.more_credentials).sum();
    assert_eq!(total, 2, "{plan:?}");
    let new: Credits = plan.iter().fold(Credits::ZERO, |acc, s| {
        acc.checked_add(&s.more_credits).unwrap()
    });
    assert_eq!(new, Credits::from_integer(13));
    let cap = plan.iter().find(|s| s.group == "capstone").unwrap();
    assert_eq!(cap.required_slots, vec!["required/0"]);
}

#[test]
fn plan_prefers_new_electives_to_replacing_held_modules() {
    // Two new electives complete it, and so would new core modules that free the held ones
    // for the electives; the plan names the electives.
    let p = pathway_of(
        json!({"minTotalCredits": 14}),
        json!([
            {"id": "core", "required": [{"skill": ["urn:skill:a"]}]},
            {"id": "electives", "select": {"min": 2}, "from": [{"any": true}]}
        ]),
    );
    let progress = pathway::evaluate(&p, &[with(cred("a"), |c| c.credits = Some(4.0))], at());
    let plan = progress.plan.unwrap();
    assert_eq!(plan.len(), 1, "{plan:?}");
    assert_eq!(plan[0].group, "electives");
    assert_eq!(plan[0].more_credentials, 2);
    assert_eq!(plan[0].more_credits, Credits::from_integer(10));
}

#[test]
fn plan_is_null_when_no_new_credential_can_complete_it() {
    // The slot needs 12 ECTS, and no credential may have more than 10.
    let p = pathway_of(
        json!({"itemCredits": {"max": 10}}),
        json!([{"id": "g", "required": [{"any": true, "minCredits": 12}]}]),
    );
    let progress = pathway::evaluate(&p, &[], at());
    assert!(!progress.complete);
    assert_eq!(progress.plan, None);
    let json = serde_json::to_value(&progress).unwrap();
    assert_eq!(json["plan"], Value::Null);
}

#[test]
fn complete_pathway_has_an_empty_plan() {
    let p = simple(json!({}));
    let progress = pathway::evaluate(&p, &[cred("x")], at());
    assert!(progress.complete);
    assert_eq!(progress.plan, Some(vec![]));
    assert!(progress.missing.is_empty());
    assert!(progress.groups.iter().all(|g| g.missing.is_empty()));
}

#[test]
fn json_result_has_the_contracted_shape() {
    let p = pathway_of(
        json!({"minTotalCredits": 8}),
        json!([
            {"id": "core", "required": [{"skill": ["urn:skill:a"]}], "minCredits": 3},
            {"id": "electives", "select": {"min": 2}, "from": [{"any": true}]}
        ]),
    );
    let progress = pathway::evaluate(
        &p,
        &[
            cred("w1"),
            with(cred("w2"), |c| c.credits = Some(2.5)),
            with(cred("w3"), |c| c.status = Status::Revoked),
        ],
        at(),
    );
    let v = serde_json::to_value(&progress).unwrap();
    for key in [
        "pathway",
        "title",
        "evaluatedAt",
        "complete",
        "creditUnit",
        "minTotalCredits",
        "countedCredits",
        "maxCountedCredits",
        "allocation",
        "groups",
        "excluded",
        "missing",
        "plan",
        "searchNodes",
        "exact",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(v["pathway"], "urn:test:p");
    assert_eq!(v["evaluatedAt"], "2026-11-22");
    assert_eq!(v["creditUnit"], "ECTS");
    assert_eq!(v["countedCredits"], json!(7.5));
    assert_eq!(v["allocation"][0]["slot"], "required/0");
    assert_eq!(v["allocation"][0]["credits"], json!(5));
    for key in [
        "id",
        "satisfied",
        "credits",
        "missing",
        "count",
        "needCount",
        "credits",
        "needCredits",
        "requiredFilled",
        "requiredTotal",
    ] {
        assert!(v["groups"][0].get(key).is_some(), "groups[0] lacks {key}");
    }
    assert_eq!(v["excluded"][0]["credential"], "w3");
    assert_eq!(v["excluded"][0]["reasons"], json!(["revoked"]));
    assert!(v["excluded"][0]["detail"]
        .as_str()
        .unwrap()
        .contains("revoked"));
    for code in v["excluded"][0]["reasons"].as_array().unwrap() {
        assert!(pathway::REASON_CODES.contains(&code.as_str().unwrap()));
    }
    // Deterministic: the same input gives the same result.
    let again = pathway::evaluate(
        &p,
        &[
            cred("w1"),
            with(cred("w2"), |c| c.credits = Some(2.5)),
            with(cred("w3"), |c| c.status = Status::Revoked),
        ],
        at(),
    );
    assert_eq!(progress, again);
}

#[test]
fn shipped_pathways_evaluate() {
    for (name, text) in pathway::shipped() {
        let p = pathway::parse(text.as_bytes()).unwrap();
        let empty = pathway::evaluate(&p, &[], at());
        assert!(!empty.complete, "{name}");
        assert!(empty.exact);
        let plan = empty.plan.unwrap_or_else(|| panic!("{name}: no plan"));
        assert!(!plan.is_empty(), "{name}");
        assert_eq!(empty.title, p.title_in(&["en"]));
    }
}

#[test]
fn shipped_badge_stack_with_a_wallet() {
    let (_, text) = pathway::shipped()
        .into_iter()
        .find(|(n, _)| n.contains("badge-stack"))
        .unwrap();
    let p = pathway::parse(text.as_bytes()).unwrap();
    let badge = |id: &str, title: &str, skills: &[&str], hours: f64, issued: &str| Candidate {
        id: id.into(),
        titles: vec![title.into()],
        achievement_id: None,
        achievement_type: Some("Badge".into()),
        issuer: "did:web:training-centre.example".into(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        skill_names: Default::default(),
        credits: Some(hours),
        credit_unit: Some("hours".into()),
        eqf_level: Some(4),
        issued: Some(issued.into()),
        expires: None,
        verdict: Verdict::Valid,
        status: Status::Active,
    };
    let safety_skill = "http://data.europa.eu/esco/skill/3d1f0b7e-2a4c-4e9b-8f61-7c5d2e9a0b14";
    let maint_skill = "http://data.europa.eu/esco/skill/b7a9c1e3-4f5d-4a6b-8c0e-2d4f6a8b0c1e";
    let mut wallet = vec![
        badge(
            "s-old",
            "Electrical safety",
            &[safety_skill],
            8.0,
            "2024-05-02T00:00:00Z",
        ),
        badge("pn", "Pneumatics basics", &[], 16.0, "2025-02-01T00:00:00Z"),
        badge("hy", "Hydraulics basics", &[], 12.0, "2025-03-01T00:00:00Z"),
        badge(
            "plc1",
            "PLC programming 1 (Siemens S7)",
            &[],
            24.0,
            "2025-04-01T00:00:00Z",
        ),
        badge(
            "plc2",
            "PLC programming 2 (TIA Portal)",
            &[],
            24.0,
            "2025-05-01T00:00:00Z",
        ),
        badge(
            "mt",
            "Preventive maintenance",
            &[maint_skill],
            40.0,
            "2025-06-01T00:00:00Z",
        ),
    ];
    // A course in ECTS converts at 25 hours per ECTS.
    let mut course = badge("course", "Sensors", &[], 1.5, "2025-07-01T00:00:00Z");
    course.achievement_type = Some("Course".into());
    course.credit_unit = Some("ECTS".into());
    wallet.push(course);
    let progress = pathway::evaluate(&p, &wallet, at());
    assert!(!progress.complete);
    let e = excluded(&progress, "s-old").unwrap();
    assert_eq!(e.reasons, vec!["too-old"]);
    assert!(e.counts_elsewhere);
    let course_entry = progress
        .allocation
        .iter()
        .find(|a| a.credential == "course")
        .unwrap();
    assert_eq!(course_entry.credits, Credits::new(75, 2).unwrap());
    let plan = progress.plan.unwrap();
    assert_eq!(plan.len(), 1, "{plan:?}");
    assert_eq!(plan[0].group, "safety");
    assert_eq!(plan[0].required_slots, vec!["required/0"]);
    // A renewed safety badge completes it.
    wallet.push(badge(
        "s-new",
        "Electrical safety refresher",
        &[safety_skill],
        8.0,
        "2026-03-01T00:00:00Z",
    ));
    let progress = pathway::evaluate(&p, &wallet, at());
    assert!(progress.complete, "{:?}", progress.groups);
}
