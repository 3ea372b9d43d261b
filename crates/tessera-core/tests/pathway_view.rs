//! The pathway page's content: tiles and the empty places with what fills them, the
//! percentage, the planning aid in words, expiries with their effect, and the one-page
//! progress summary.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use tessera_core::pathway::{self, Candidate, Credits, Pathway, ReportCredential, ReportSource};
use tessera_core::{Status, Verdict};

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap()
}

fn cred(id: &str, title: &str, skill: &str, credits: f64) -> Candidate {
    Candidate {
        id: id.into(),
        titles: vec![title.into()],
        achievement_id: None,
        achievement_type: Some("Course".into()),
        issuer: "did:web:uni-a.example".into(),
        skills: vec![skill.into()],
        skill_names: Default::default(),
        credits: Some(credits),
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

fn parse(doc: Value) -> Pathway {
    pathway::parse(doc.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

/// Core: a capstone (required) and 2 electives with skill x; 15 ECTS in total.
fn degree(policy_extra: Value) -> Pathway {
    let mut policy = json!({"creditUnit": "ECTS", "minTotalCredits": 15});
    for (k, v) in policy_extra.as_object().unwrap() {
        policy[k] = v.clone();
    }
    parse(json!({
        "type": "TesseraPathway", "version": 1, "id": "urn:test:degree",
        "title": {"en": "Test micro-degree"},
        "policy": policy,
        "groups": [
            {"id": "core", "label": {"en": "Core"},
             "required": [{"titlePattern": "\\b(capstone|project)\\b", "flags": "i"}],
             "select": {"min": 2, "max": 3}, "from": [{"skill": ["urn:skill:x"]}],
             "minCredits": 10}
        ]
    }))
}

#[test]
fn empty_places_say_what_fills_them() {
    let p = degree(json!({}));
    let v = pathway::view(&p, &[cred("a", "Data basics", "urn:skill:x", 5.0)], at());
    let g = &v.groups[0];
    assert_eq!(g.label, "Core");
    assert_eq!(g.counted.len(), 1);
    assert_eq!(g.counted[0].credential, "a");
    let texts: Vec<&str> = g.open.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "A credential matching 'capstone' or 'project'",
            "An elective: a credential with the skill urn:skill:x",
        ]
    );
    assert_eq!(g.open[0].slot, "required/0");
    assert_eq!(g.open[1].slot, "select");
    assert_eq!(g.rule, "1 credential required; 2 to 3 electives (a credential with the skill urn:skill:x); at least 10 ECTS in this group");
    assert!(g.rule.contains("2 to 3 electives"), "{}", g.rule);
    assert!(
        g.rule.contains("at least 10 ECTS in this group"),
        "{}",
        g.rule
    );
    assert!(v.rules.iter().any(|r| r == "At least 15 ECTS in total"));
    assert!(v.rules.iter().any(|r| r == "No credential counts twice"));

    // Counts met but credits short: one tile for the credits, naming what brings them.
    let v = pathway::view(
        &p,
        &[
            cred("a", "Data basics", "urn:skill:x", 2.0),
            cred("b", "Data more", "urn:skill:x", 2.0),
            cred("c", "Capstone project", "urn:skill:y", 5.0),
        ],
        at(),
    );
    let open = &v.groups[0].open;
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].slot, "credits");
    assert_eq!(
        open[0].text,
        "At least 1 ECTS more here, from a credential with the skill urn:skill:x"
    );
}

#[test]
fn percent_is_100_only_when_complete() {
    let p = degree(json!({}));
    let none = pathway::view(&p, &[], at());
    assert_eq!(none.percent, 0);
    let one = pathway::view(&p, &[cred("a", "Data basics", "urn:skill:x", 5.0)], at());
    // Credits 5/15 and counts 1/3: (33.3 + 33.3) / 2.
    assert_eq!(one.percent, 33);
    // All the credits but the capstone missing: never 100.
    let many: Vec<Candidate> = (0..5)
        .map(|i| cred(&format!("e{i}"), "Elective", "urn:skill:x", 5.0))
        .collect();
    let almost = pathway::view(&p, &many, at());
    assert!(!almost.progress.complete);
    assert_eq!(almost.percent, 83, "credits 15/15, counts 2/3");
    let mut all = many.clone();
    all.push(cred("cap", "Capstone", "urn:skill:none", 5.0));
    let done = pathway::view(&p, &all, at());
    assert!(done.progress.complete);
    assert_eq!(done.percent, 100);
    assert_eq!(done.plan, Some(vec![]));
}

#[test]
fn the_plan_in_words() {
    let p = degree(json!({}));
    let v = pathway::view(&p, &[cred("a", "Data basics", "urn:skill:x", 5.0)], at());
    assert_eq!(
        v.plan,
        Some(vec![
            "Core: 2 more credentials worth at least 10 ECTS together, including a credential matching 'capstone' or 'project'"
                .to_owned()
        ])
    );
    // A requirement no new credential can meet: itemCredits max below the group minimum
    // with select max reached.
    let stuck = parse(json!({
        "type": "TesseraPathway", "version": 1, "id": "urn:test:stuck",
        "title": {"en": "Stuck"},
        "policy": {"creditUnit": "ECTS", "minTotalCredits": 30, "itemCredits": {"max": 5}},
        "groups": [{"id": "g", "select": {"min": 1, "max": 2}, "from": [{"any": true}]}]
    }));
    let v = pathway::view(&stuck, &[], at());
    assert_eq!(v.plan, None);
}

#[test]
fn expiries_soonest_first_with_their_effect() {
    let p = degree(json!({"maxAgeMonths": 24}));
    let creds = vec![
        with(cred("cap", "Capstone project", "urn:skill:y", 5.0), |c| {
            c.expires = Some("2027-01-15T00:00:00Z".into())
        }),
        with(cred("a", "Data basics", "urn:skill:x", 5.0), |c| {
            c.issued = Some("2025-03-10T00:00:00Z".into())
        }),
        cred("b", "Data more", "urn:skill:x", 5.0),
    ];
    let v = pathway::view(&p, &creds, at());
    assert!(v.progress.complete);
    let got: Vec<(&str, &str, &str, i64)> = v
        .expiring
        .iter()
        .map(|e| {
            (
                e.credential.as_str(),
                e.date.as_str(),
                e.reason.as_str(),
                e.days_left,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("cap", "2027-01-15", "expires", 54),
            // Issued 2025-03-10: 24 whole months old until 2027-04-09, too old from 04-10.
            ("a", "2027-04-10", "too-old", 139),
            ("b", "2028-02-10", "too-old", 445),
        ]
    );
    let cap = &v.expiring[0];
    assert!(!cap.complete_after);
    assert!(
        cap.effect.starts_with("The pathway would no longer be complete. It would need: Core: the required credential matching 'capstone' or 'project'"),
        "{}",
        cap.effect
    );
    assert_eq!(cap.counted_credits_after, Credits::from_integer(10));

    // With a spare elective, losing one elective changes nothing.
    let mut spare = creds.clone();
    spare.push(cred("d", "Data spare", "urn:skill:x", 5.0));
    let v = pathway::view(&p, &spare, at());
    let a = v.expiring.iter().find(|e| e.credential == "a").unwrap();
    assert!(a.complete_after);
    assert_eq!(
        a.effect,
        "The pathway stays complete without it: your other credentials cover its place."
    );
}

#[test]
fn the_summary_is_one_self_contained_page_that_says_it_is_not_official() {
    let p = degree(json!({}));
    let creds = vec![
        cred(
            "a",
            "Data <script>alert(1)</script> basics",
            "urn:skill:x",
            5.0,
        ),
        with(cred("z", "Old thing", "urn:skill:x", 5.0), |c| {
            c.status = Status::Revoked
        }),
    ];
    let v = pathway::view(&p, &creds, at());
    let rc: Vec<ReportCredential> = creds
        .iter()
        .map(|c| ReportCredential {
            id: c.id.clone(),
            title: c.titles[0].clone(),
            issuer: "University A".into(),
            issued: Some("2026-01-10".into()),
            eqf_level: c.eqf_level,
            checked: "verified".into(),
        })
        .collect();
    let html = pathway::report_html(
        &v,
        &rc,
        &ReportSource {
            text: "added by the learner on 2026-11-20 from the file \"degree.json\".".into(),
            sha256: "ab".repeat(32),
        },
        at(),
    );
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h1>Test micro-degree</h1>"));
    assert!(html.contains("This is the learner's own summary, not an official record."));
    assert!(html.contains(
        "Pathway definition: added by the learner on 2026-11-20 from the file &quot;degree.json&quot;."
    ));
    assert!(html.contains(&"ab".repeat(32)));
    assert!(html.contains("Data &lt;script&gt;alert(1)&lt;/script&gt; basics"));
    assert!(!html.contains("<script"), "no script of any kind");
    assert!(html
        .contains("Still needed: A credential matching &#39;capstone&#39; or &#39;project&#39;"));
    assert!(html.contains("Old thing: its issuer has revoked it"));
    assert!(html.contains("What would complete it"));
    for external in ["src=", "href=", "http://", "https://", "@import", "url("] {
        assert!(!html.contains(external), "{external} in the summary");
    }
    assert!(html.contains("@page { size: A4"));
}

#[test]
fn skills_are_named_as_the_learners_credentials_name_them() {
    let ml = "http://data.europa.eu/esco/skill/5c3f4a1e-8d6b-4f0e-9a57-2b1c6d7e8f90";
    let ethics = "http://data.europa.eu/esco/skill/e4b1c2d3-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
    let p = parse(json!({
        "type": "TesseraPathway", "version": 1, "id": "urn:test:skills",
        "title": {"en": "Skills"},
        "policy": {"creditUnit": "ECTS", "minTotalCredits": 10},
        "groups": [{"id": "g", "required": [{"skill": [ml]}, {"skill": [ethics]}]}]
    }));
    // Another credential (not counted here) names the machine-learning skill.
    let named = with(cred("n", "Elsewhere", "urn:skill:other", 5.0), |c| {
        c.skill_names
            .insert(ml.to_owned(), "machine learning".to_owned());
    });
    let v = pathway::view(&p, &[named], at());
    let texts: Vec<&str> = v.groups[0].open.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "A credential with the skill 'machine learning'",
            "A credential with the skill ESCO e4b1c2d3",
        ]
    );
    assert!(v.plan.as_ref().unwrap()[0].contains("'machine learning'"));
    assert!(!v.groups[0].rule.contains("http"), "{}", v.groups[0].rule);
    // The JSON result of `evaluate` keeps the URLs (it is for machines).
    let raw = pathway::evaluate(&p, &[], at());
    assert!(raw.groups[0].missing[0].contains(ml));
}
