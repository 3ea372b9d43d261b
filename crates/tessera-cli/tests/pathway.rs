//! `tessera pathway add|list|progress|remove` per cli.md and pathway-format.md: the shipped
//! pathways are listed, a file with an unknown key is refused naming it and nothing is
//! stored, a second file with the same id replaces the first and says so, and progress
//! solves the greedy trap (a credential that fits two groups but is needed in one),
//! names excluded credentials with their reasons, and honours `--at`.

mod support;

use serde_json::{json, Value};
use support::*;
use tessera_testkit::{read_fixture, TestIssuer};

/// A micro-credential by issuer `seed`, with its own id, title, skills and credits.
fn credential(
    seed: u8,
    n: u8,
    title: &str,
    skills: &[&str],
    credits: f64,
    valid_until: &str,
) -> String {
    let issuer = TestIssuer::from_seed(seed);
    let mut doc = issuer.fill(&read_fixture("ob3-microcredential.json"));
    doc["id"] = format!("urn:uuid:00000000-0000-4000-8000-0000000001{n:02x}").into();
    doc["validUntil"] = valid_until.into();
    let a = &mut doc["credentialSubject"]["achievement"];
    a["id"] = format!("https://uni.example/achievements/{n}").into();
    a["name"] = title.into();
    a["creditsAvailable"] = credits.into();
    let mut alignment: Vec<Value> = vec![
        json!({"type": ["Alignment"], "targetName": "EQF level 6",
        "targetUrl": "http://data.europa.eu/snb/eqf/6", "targetFramework": "European Qualifications Framework"}),
    ];
    for s in skills {
        alignment.push(json!({"type": ["Alignment"], "targetName": s, "targetUrl": s, "targetFramework": "ESCO"}));
    }
    a["alignment"] = Value::Array(alignment);
    issuer.sign(&doc).to_string()
}

const S1: &str = "http://data.europa.eu/esco/skill/s1";

fn trap_pathway() -> Value {
    json!({
        "type": "TesseraPathway", "version": 1, "id": "urn:test:pathway:trap",
        "title": {"en": "Data and Statistics", "de": "Daten und Statistik"},
        "outcome": {"credits": 10, "eqfLevel": 6},
        "policy": {"creditUnit": "ECTS", "minTotalCredits": 10},
        "groups": [
            {"id": "data", "label": {"en": "Data"}, "select": {"min": 1}, "from": [{"skill": [S1]}]},
            {"id": "stats", "label": {"en": "Statistics"}, "select": {"min": 1}, "from": [{"titlePattern": "statistic", "flags": "i"}]}
        ]
    })
}

#[test]
fn pathway_commands_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let f = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    tessera(&home, &["init"], &[]).expect(0);

    // Shipped pathways are listed.
    let list = tessera(&home, &["pathway", "list", "--json"], &[]);
    list.expect(0);
    let shipped = list.json().as_array().unwrap().len();
    assert!(shipped >= 3, "{}", list.stdout);

    // An unknown key is an error naming it, and nothing is stored.
    let mut bad = trap_pathway();
    bad["groups"][1]["colour"] = json!("blue");
    std::fs::write(f("bad.json"), bad.to_string()).unwrap();
    let r = tessera(&home, &["pathway", "add", &f("bad.json")], &[]);
    r.expect(2);
    assert!(r.stderr.contains("colour"), "{}", r.stderr);
    assert_eq!(
        tessera(&home, &["pathway", "list", "--json"], &[])
            .json()
            .as_array()
            .unwrap()
            .len(),
        shipped
    );

    // Add, then replace by id.
    std::fs::write(f("trap.json"), trap_pathway().to_string()).unwrap();
    let r = tessera(&home, &["pathway", "add", &f("trap.json")], &[]);
    r.expect(0);
    assert!(!r.stdout.contains("replaced"), "{}", r.stdout);
    let r = tessera(&home, &["pathway", "add", &f("trap.json")], &[]);
    r.expect(0);
    assert!(r.stdout.contains("replaced"), "{}", r.stdout);
    assert_eq!(
        tessera(&home, &["pathway", "list", "--json"], &[])
            .json()
            .as_array()
            .unwrap()
            .len(),
        shipped + 1
    );

    // The greedy trap: X fits both groups and comes first; Y fits only "data".
    let x = credential(
        1,
        1,
        "Statistics with Data",
        &[S1],
        5.0,
        "2031-01-01T00:00:00Z",
    );
    let y = credential(2, 2, "Data Cleaning", &[S1], 5.0, "2031-01-01T00:00:00Z");
    let old = credential(3, 3, "Applied Statistics", &[], 5.0, "2026-06-01T00:00:00Z");
    for (name, text) in [("x.json", &x), ("y.json", &y), ("old.json", &old)] {
        std::fs::write(f(name), text).unwrap();
    }
    let r = tessera(
        &home,
        &[
            "import",
            &f("x.json"),
            &f("y.json"),
            &f("old.json"),
            "--json",
        ],
        &[],
    );
    r.expect(0);
    let ids: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();

    let p = tessera(
        &home,
        &[
            "pathway",
            "progress",
            "urn:test:pathway:trap",
            "--json",
            "--at",
            "2027-01-15",
        ],
        &[],
    );
    p.expect(0);
    let v = p.json();
    for key in [
        "pathway",
        "evaluatedAt",
        "complete",
        "countedCredits",
        "maxCountedCredits",
        "allocation",
        "groups",
        "excluded",
    ] {
        assert!(v.get(key).is_some(), "no {key}: {v:#}");
    }
    assert_eq!(v["evaluatedAt"], "2027-01-15");
    assert_eq!(v["complete"], true, "{v:#}");
    assert_eq!(v["countedCredits"], 10.0);
    let alloc = v["allocation"].as_array().unwrap();
    let placed = |group: &str| {
        alloc.iter().find(|a| a["group"] == group).unwrap()["credential"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        (placed("data"), placed("stats")),
        (ids[1].clone(), ids[0].clone()),
        "{v:#}"
    );
    // The expired one matched a group but does not count, and says why.
    let ex = v["excluded"].as_array().unwrap();
    let e = ex
        .iter()
        .find(|e| e["credential"] == ids[2].as_str())
        .unwrap_or_else(|| panic!("{v:#}"));
    assert!(
        e["reasons"].as_array().unwrap().contains(&json!("expired")),
        "{e}"
    );

    // Before the old one expired, it counts too (selects have no max here: all three, each
    // once); a pathway file (not stored) works.
    std::fs::write(f("trap2.json"), trap_pathway().to_string()).unwrap();
    let p = tessera(
        &home,
        &[
            "pathway",
            "progress",
            &f("trap2.json"),
            "--json",
            "--at",
            "2026-05-01",
        ],
        &[],
    );
    p.expect(0);
    assert_eq!(p.json()["maxCountedCredits"], 15.0);
    assert_eq!(p.json()["excluded"], json!([]));

    // Without the credential that fits only "data", the pathway is incomplete and says what is missing.
    let dir2 = tempfile::tempdir().unwrap();
    let home2 = dir2.path().join("wallet");
    tessera(&home2, &["init"], &[]).expect(0);
    tessera(&home2, &["import", &f("x.json")], &[]).expect(0);
    let p = tessera(
        &home2,
        &[
            "pathway",
            "progress",
            &f("trap.json"),
            "--json",
            "--at",
            "2027-01-15",
        ],
        &[],
    );
    p.expect(0);
    let v = p.json();
    assert_eq!(v["complete"], false);
    let unsatisfied: Vec<&Value> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["satisfied"] == false)
        .collect();
    assert_eq!(unsatisfied.len(), 1, "{v:#}");
    assert!(!unsatisfied[0]["missing"].as_array().unwrap().is_empty());
    let text = tessera(
        &home2,
        &["pathway", "progress", &f("trap.json"), "--at", "2027-01-15"],
        &[],
    );
    text.expect(0);
    assert!(text.stdout.contains("not complete"), "{}", text.stdout);

    // Bad --at, unknown pathway id: exit 2.
    tessera(
        &home,
        &[
            "pathway",
            "progress",
            "urn:test:pathway:trap",
            "--at",
            "15.01.2027",
        ],
        &[],
    )
    .expect(2);
    tessera(
        &home,
        &["pathway", "progress", "urn:test:pathway:none"],
        &[],
    )
    .expect(2);
    tessera(&home, &["pathway", "remove", "urn:test:pathway:trap"], &[]).expect(0);
    tessera(&home, &["pathway", "remove", "urn:test:pathway:trap"], &[]).expect(2);
}
