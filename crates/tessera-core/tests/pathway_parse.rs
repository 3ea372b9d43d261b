//! Reading pathway files: every error names the JSON path at fault; good files parse.

use serde_json::{json, Value};
use tessera_core::pathway::{self, CreditUnit, Credits, PathwayError, SkillMatch};

fn base() -> Value {
    json!({
        "type": "TesseraPathway",
        "version": 1,
        "id": "urn:test:pathway:p1",
        "title": {"en": "Test pathway", "de": "Testpfad"},
        "description": {"en": "A pathway for tests."},
        "outcome": {"credits": 10, "eqfLevel": 5},
        "policy": {"creditUnit": "ECTS", "minTotalCredits": 10, "requireVerified": true},
        "groups": [
            {"id": "core", "label": {"en": "Core"}, "minCredits": 4,
             "required": [{"titlePattern": "intro", "flags": "i"}, {"skill": ["urn:skill:a"]}]},
            {"id": "electives", "select": {"min": 1, "max": 3},
             "from": [{"skill": ["urn:skill:b", "urn:skill:c"], "skillMatch": "all"}, {"any": true}]}
        ]
    })
}

fn parse(v: &Value) -> Result<pathway::Pathway, PathwayError> {
    pathway::parse(v.to_string().as_bytes())
}

/// Applies `edit` to the base document and expects an error about `path`.
fn expect_error(edit: impl FnOnce(&mut Value), path: &str) -> PathwayError {
    let mut v = base();
    edit(&mut v);
    let err = parse(&v).expect_err("should be refused");
    assert_eq!(err.path(), Some(path), "wrong path in: {err}");
    assert!(
        err.to_string().contains(path) || path.is_empty(),
        "message does not name {path}: {err}"
    );
    err
}

fn obj<'a>(v: &'a mut Value, pointer: &str) -> &'a mut serde_json::Map<String, Value> {
    v.pointer_mut(pointer).unwrap().as_object_mut().unwrap()
}

#[test]
fn good_file_parses() {
    let p = parse(&base()).unwrap();
    assert_eq!(p.id, "urn:test:pathway:p1");
    assert_eq!(p.policy.credit_unit, CreditUnit::Ects);
    assert!(p.policy.require_verified);
    assert_eq!(p.policy.min_total_credits, Credits::from_integer(10));
    assert_eq!(p.groups.len(), 2);
    assert_eq!(p.groups[0].required.len(), 2);
    assert_eq!(p.groups[1].select.unwrap().max, Some(3));
    assert_eq!(p.groups[1].from[0].skill_match, Some(SkillMatch::All));
    assert!(p.groups[1].from[1].any);
    assert_eq!(p.title_in(&["de"]), "Testpfad");
    assert_eq!(p.title_in(&["de-AT"]), "Testpfad");
    assert_eq!(p.title_in(&["fr"]), "Test pathway");
    assert_eq!(p.groups[0].label_in(&["fr"]), "Core");
    assert_eq!(p.groups[1].label_in(&["en"]), "electives");
}

#[test]
fn decimal_strings_and_numbers_are_the_same_figure() {
    let mut v = base();
    v["groups"][0]["minCredits"] = json!("2.5");
    let a = parse(&v).unwrap();
    v["groups"][0]["minCredits"] = json!(2.5);
    let b = parse(&v).unwrap();
    assert_eq!(a.groups[0].min_credits, b.groups[0].min_credits);
    assert_eq!(a.groups[0].min_credits, Credits::new(5, 2));
}

#[test]
fn round_trips_through_to_json() {
    let p = parse(&base()).unwrap();
    let again = pathway::parse(p.to_json().to_string().as_bytes()).unwrap();
    assert_eq!(p, again);
}

#[test]
fn shipped_pathways_parse_and_round_trip() {
    let shipped = pathway::shipped();
    assert_eq!(shipped.len(), 3);
    let mut ids = Vec::new();
    for (name, text) in shipped {
        let p = pathway::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            p.title.contains_key("en") && p.title.contains_key("de"),
            "{name}"
        );
        for g in &p.groups {
            let label = g.label.as_ref().unwrap();
            assert!(
                label.contains_key("en") && label.contains_key("de"),
                "{name} {}",
                g.id
            );
        }
        let again = pathway::parse(p.to_json().to_string().as_bytes()).unwrap();
        assert_eq!(p, again, "{name}");
        ids.push(p.id.clone());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    // What each is meant to show.
    let get = |n: &str| {
        pathway::parse(
            pathway::shipped()
                .into_iter()
                .find(|(f, _)| f.contains(n))
                .unwrap()
                .1
                .as_bytes(),
        )
        .unwrap()
    };
    let micro = get("microdegree");
    assert_eq!(micro.policy.min_total_credits, Credits::from_integer(30));
    assert_eq!(micro.policy.min_eqf_level, Some(6));
    assert!(micro.policy.max_age_months.is_some() && micro.policy.min_distinct_issuers >= 2);
    assert!(micro
        .groups
        .iter()
        .any(|g| g.select.is_some() && g.min_credits.is_some()));
    let stack = get("badge-stack");
    assert_eq!(stack.policy.credit_unit, CreditUnit::Hours);
    assert!(stack.policy.hours_per_ects.is_some());
    assert!(stack
        .groups
        .iter()
        .flat_map(|g| g.required.iter())
        .any(|m| m.max_age_months == Some(24)));
    let short = get("short-cycle");
    assert_eq!(short.policy.min_total_credits, Credits::from_integer(60));
    assert_eq!(short.policy.min_eqf_level, Some(5));
}

#[test]
fn unknown_keys_anywhere_are_named() {
    let cases: Vec<(&str, &str, &str)> = vec![
        ("", "groupz", "groupz"),
        ("/policy", "minCredit", "policy.minCredit"),
        ("/outcome", "level", "outcome.level"),
        ("/groups/0", "minCredit", "groups[0].minCredit"),
        ("/groups/1/select", "maximum", "groups[1].select.maximum"),
        (
            "/groups/0/required/1",
            "skills",
            "groups[0].required[1].skills",
        ),
        ("/groups/1/from/0", "regex", "groups[1].from[0].regex"),
    ];
    for (pointer, key, full) in cases {
        let mut v = base();
        obj(&mut v, pointer).insert(key.to_owned(), json!(1));
        let err = parse(&v).expect_err(full);
        match &err {
            PathwayError::UnknownKeys { keys, .. } => assert_eq!(keys, &vec![key.to_owned()]),
            other => panic!("{full}: {other:?}"),
        }
        assert!(err.to_string().contains(full), "{err}");
    }
    let mut v = base();
    obj(&mut v, "/policy").insert("itemCredits".into(), json!({"min": 1, "most": 4}));
    let err = parse(&v).unwrap_err();
    assert!(err.to_string().contains("policy.itemCredits.most"), "{err}");
}

#[test]
fn missing_required_keys_are_named() {
    for (pointer, key, path) in [
        ("", "type", "type"),
        ("", "version", "version"),
        ("", "id", "id"),
        ("", "title", "title"),
        ("", "policy", "policy"),
        ("", "groups", "groups"),
        ("/policy", "creditUnit", "policy.creditUnit"),
        ("/groups/0", "id", "groups[0].id"),
        ("/groups/1/select", "min", "groups[1].select.min"),
        ("/groups/1", "from", "groups[1].from"),
    ] {
        let err = expect_error(
            |v| {
                obj(v, pointer).remove(key);
            },
            path,
        );
        assert!(matches!(err, PathwayError::Missing { .. }), "{err:?}");
    }
}

#[test]
fn wrong_types_are_named() {
    let cases: Vec<(&str, Value, &str)> = vec![
        ("/id", json!(7), "id"),
        ("/title", json!("Test"), "title"),
        ("/groups", json!({"id": "x"}), "groups"),
        ("/policy", json!([]), "policy"),
        ("/policy/creditUnit", json!(5), "policy.creditUnit"),
        (
            "/policy/requireVerified",
            json!("yes"),
            "policy.requireVerified",
        ),
        (
            "/policy/minTotalCredits",
            json!(true),
            "policy.minTotalCredits",
        ),
        (
            "/groups/0/required",
            json!({"any": true}),
            "groups[0].required",
        ),
        (
            "/groups/0/required/0",
            json!("intro"),
            "groups[0].required[0]",
        ),
        (
            "/groups/0/required/1/skill",
            json!("urn:skill:a"),
            "groups[0].required[1].skill",
        ),
        (
            "/groups/0/required/1/skill",
            json!([3]),
            "groups[0].required[1].skill[0]",
        ),
        ("/groups/1/select/min", json!("1"), "groups[1].select.min"),
        ("/groups/0/label/en", json!(1), "groups[0].label.en"),
    ];
    for (pointer, value, path) in cases {
        let mut v = base();
        *v.pointer_mut(pointer).unwrap() = value;
        let err = parse(&v).expect_err(path);
        assert_eq!(err.path(), Some(path), "{err}");
        assert!(
            matches!(err, PathwayError::WrongType { .. }),
            "{path}: {err:?}"
        );
    }
}

#[test]
fn invalid_values_are_named() {
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|v| v["type"] = json!("Pathway")), "type"),
        (Box::new(|v| v["version"] = json!(2)), "version"),
        (Box::new(|v| v["id"] = json!(" ")), "id"),
        (Box::new(|v| v["title"] = json!({})), "title"),
        (
            Box::new(|v| v["title"] = json!({"en_GB": "x"})),
            "title.en_GB",
        ),
        (
            Box::new(|v| v["policy"]["creditUnit"] = json!("credits")),
            "policy.creditUnit",
        ),
        (
            Box::new(|v| v["policy"]["creditUnit"] = json!("ects")),
            "policy.creditUnit",
        ),
        (
            Box::new(|v| v["policy"]["hoursPerEcts"] = json!(0)),
            "policy.hoursPerEcts",
        ),
        (
            Box::new(|v| v["policy"]["minTotalCredits"] = json!(-1)),
            "policy.minTotalCredits",
        ),
        (
            Box::new(|v| v["policy"]["minTotalCredits"] = json!("ten")),
            "policy.minTotalCredits",
        ),
        (
            Box::new(|v| v["policy"]["minEqfLevel"] = json!(9)),
            "policy.minEqfLevel",
        ),
        (
            Box::new(|v| v["policy"]["minEqfLevel"] = json!(0)),
            "policy.minEqfLevel",
        ),
        (
            Box::new(|v| v["policy"]["missingLevel"] = json!("maybe")),
            "policy.missingLevel",
        ),
        (
            Box::new(|v| v["policy"]["maxAgeMonths"] = json!(2.5)),
            "policy.maxAgeMonths",
        ),
        (
            Box::new(|v| v["policy"]["itemCredits"] = json!({"min": 5, "max": 2})),
            "policy.itemCredits.max",
        ),
        (
            Box::new(|v| v["policy"]["itemCredits"] = json!({})),
            "policy.itemCredits",
        ),
        (Box::new(|v| v["groups"] = json!([])), "groups"),
        (
            Box::new(|v| v["groups"][1]["id"] = json!("core")),
            "groups[1].id",
        ),
        (
            Box::new(|v| v["groups"][1]["select"]["max"] = json!(0)),
            "groups[1].select.max",
        ),
        (
            Box::new(|v| v["groups"][1]["select"] = json!({"min": 3, "max": 2})),
            "groups[1].select.max",
        ),
        (
            Box::new(|v| {
                v["groups"][0]["required"][0]["titlePattern"] = json!("(unclosed");
            }),
            "groups[0].required[0].titlePattern",
        ),
        (
            Box::new(|v| v["groups"][0]["required"][0]["flags"] = json!("x")),
            "groups[0].required[0].flags",
        ),
        (
            Box::new(|v| {
                v["groups"][0]["required"][1]["flags"] = json!("i");
            }),
            "groups[0].required[1].flags",
        ),
        (
            Box::new(|v| v["groups"][0]["required"][0]["skillMatch"] = json!("any")),
            "groups[0].required[0].skillMatch",
        ),
        (
            Box::new(|v| v["groups"][1]["from"][0]["skillMatch"] = json!("some")),
            "groups[1].from[0].skillMatch",
        ),
        (
            Box::new(|v| v["groups"][1]["from"][1]["any"] = json!(false)),
            "groups[1].from[1].any",
        ),
        (
            Box::new(|v| v["groups"][1]["from"][1] = json!({})),
            "groups[1].from[1]",
        ),
        (
            Box::new(|v| v["groups"][1]["from"] = json!([])),
            "groups[1].from",
        ),
        (
            Box::new(|v| v["groups"][0]["required"][1]["skill"] = json!([])),
            "groups[0].required[1].skill",
        ),
        (
            Box::new(|v| v["groups"][0]["required"][1]["minEqfLevel"] = json!(12)),
            "groups[0].required[1].minEqfLevel",
        ),
        (
            Box::new(|v| v["groups"][0]["required"][1]["minCredits"] = json!(1e12)),
            "groups[0].required[1].minCredits",
        ),
        (
            Box::new(|v| v["groups"][0]["from"] = json!([{"any": true}])),
            "groups[0].from",
        ),
        (
            Box::new(|v| v["groups"][0] = json!({"id": "lonely"})),
            "groups[0]",
        ),
        (
            Box::new(|v| v["groups"][0] = json!({"id": "lonely", "required": []})),
            "groups[0]",
        ),
        (
            Box::new(|v| v["groups"][0]["minCredits"] = json!("2.5.1")),
            "groups[0].minCredits",
        ),
    ];
    for (edit, path) in cases {
        let mut v = base();
        edit(&mut v);
        let err = parse(&v).expect_err(path);
        assert_eq!(err.path(), Some(path), "{err}");
        assert!(err.to_string().contains(path), "{err}");
    }
}

#[test]
fn duplicate_group_id_names_both() {
    let mut v = base();
    v["groups"][1]["id"] = json!("core");
    let err = parse(&v).unwrap_err();
    assert_eq!(err.path(), Some("groups[1].id"));
    assert!(err.to_string().contains("groups[0]"), "{err}");
}

#[test]
fn bad_regex_says_why() {
    let mut v = base();
    v["groups"][0]["required"][0]["titlePattern"] = json!("capstone(");
    let err = parse(&v).unwrap_err();
    assert!(
        err.to_string().contains("not a valid regular expression"),
        "{err}"
    );
    assert!(!err.to_string().contains('\n'), "{err}");
}

#[test]
fn not_json_and_too_large() {
    assert!(matches!(
        pathway::parse(b"{"),
        Err(PathwayError::NotJson { .. })
    ));
    assert!(matches!(
        pathway::parse(b""),
        Err(PathwayError::NotJson { .. })
    ));
    assert!(matches!(
        pathway::parse(b"[]"),
        Err(PathwayError::WrongType { .. })
    ));
    let big = vec![b' '; pathway::MAX_PATHWAY_BYTES + 1];
    assert!(matches!(
        pathway::parse(&big),
        Err(PathwayError::TooLarge { .. })
    ));
    // A byte-order mark is fine.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(base().to_string().as_bytes());
    assert!(pathway::parse(&with_bom).is_ok());
}

#[test]
fn never_panics_on_mangled_files() {
    // Deterministic mangling of the shipped files: drop, duplicate or swap bytes.
    let mut state = 0x1234_5678_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (_, text) in pathway::shipped() {
        for _ in 0..300 {
            let mut bytes = text.as_bytes().to_vec();
            for _ in 0..(1 + next() % 4) {
                let at = (next() as usize) % bytes.len();
                match next() % 3 {
                    0 => {
                        bytes.remove(at);
                    }
                    1 => {
                        let b = bytes[at];
                        bytes.insert(at, b);
                    }
                    _ => bytes[at] = b"{}[]\",:0-.e"[(next() % 11) as usize],
                }
            }
            let _ = pathway::parse(&bytes);
        }
    }
}
