//! `tessera pathway add|list|progress|remove` per cli.md and pathway-format.md: the shipped
//! pathways are listed, a file with an unknown key is refused naming it and nothing is
//! stored, a second file with the same id replaces the first and says so, and progress
//! solves the greedy trap (a credential that fits two groups but is needed in one),
//! names excluded credentials with their reasons, and honours `--at`.

mod support;

use serde_json::{json, Value};
use support::*;
use tessera_testkit::TestIssuer;

/// A micro-credential by issuer `seed`, with its own id, title, skills and credits.
fn credential(
    seed: u8,
    n: u8,
    title: &str,
    skills: &[&str],
    credits: f64,
    valid_until: &str,
) -> String {
    TestIssuer::from_seed(seed)
        .microcredential(n, title, skills, credits, valid_until)
        .to_string()
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

/// `tessera pathway progress` prints the planning aid and the soonest expiry; `tessera pathway
/// export` writes the one-page summary that names the definition's source and says it is the
/// learner's own, not an official record; an unknown id writes nothing.
#[test]
fn progress_plans_and_the_summary_is_exported() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let f = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    tessera(&home, &["init"], &[]).expect(0);
    let trap = trap_pathway().to_string();
    std::fs::write(f("trap.json"), &trap).unwrap();
    tessera(&home, &["pathway", "add", &f("trap.json")], &[]).expect(0);
    let x = credential(
        1,
        1,
        "Statistics with Data",
        &[S1],
        5.0,
        "2027-03-01T00:00:00Z",
    );
    std::fs::write(f("x.json"), &x).unwrap();
    tessera(&home, &["import", &f("x.json")], &[]).expect(0);

    let text = tessera(
        &home,
        &[
            "pathway",
            "progress",
            "urn:test:pathway:trap",
            "--at",
            "2027-01-15",
        ],
        &[],
    );
    text.expect(0);
    assert!(
        text.stdout.contains("to complete it, at least:"),
        "{}",
        text.stdout
    );
    // One group is still empty: one more credential there, 5 more ECTS in all.
    assert!(
        text.stdout
            .contains(": 1 more credential worth at least 5 ECTS"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("stops counting on 2027-03-01"),
        "{}",
        text.stdout
    );

    let out = f("summary.html");
    let r = tessera(
        &home,
        &[
            "pathway",
            "export",
            "urn:test:pathway:trap",
            "--out",
            &out,
            "--at",
            "2027-01-15",
        ],
        &[],
    );
    r.expect(0);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<h1>Data and Statistics</h1>"));
    assert!(html.contains("Progress summary as of 2027-01-15"));
    assert!(html.contains("not an official record"));
    assert!(
        html.contains("Statistics with Data"),
        "the counted credential"
    );
    assert!(html.contains("Still needed:"), "the empty place");
    assert!(
        html.contains("from the file &quot;trap.json&quot;"),
        "{html}"
    );
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(trap.as_bytes()))
    };
    assert!(html.contains(&sha), "the definition's SHA-256");

    // A shipped pathway says so.
    let out2 = f("shipped.html");
    tessera(
        &home,
        &[
            "pathway",
            "export",
            "urn:tessera:pathway:applied-ai-microdegree-eqf6",
            "--out",
            &out2,
        ],
        &[],
    )
    .expect(0);
    let html2 = std::fs::read_to_string(&out2).unwrap();
    assert!(
        html2.contains("shipped with Tessera") && html2.contains("not by an awarding body"),
        "{html2}"
    );

    // Unknown id: exit 2, nothing written.
    let out3 = f("none.html");
    let r = tessera(
        &home,
        &["pathway", "export", "urn:test:none", "--out", &out3],
        &[],
    );
    r.expect(2);
    assert!(r.stderr.contains("urn:test:none"), "{}", r.stderr);
    assert!(!std::path::Path::new(&out3).exists());
}

/// The summary of a full wallet (every group filled, electives to the maximum, credentials
/// held but not counted, expiries) prints on one A4 page: Debian's Chromium prints it to PDF
/// and the PDF has one page.
#[test]
fn a_full_summary_prints_on_one_page() {
    let chromium = std::env::var("TESSERA_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "Chromium is needed to print the summary: apt-get install -y chromium (or set TESSERA_CHROMIUM)"
    );
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    tessera(&home, &["init"], &[]).expect(0);
    let esco = |id: &str| format!("http://data.europa.eu/esco/skill/{id}");
    let ml = esco("5c3f4a1e-8d6b-4f0e-9a57-2b1c6d7e8f90");
    let data = esco("0a9e7c44-3b2d-4c1a-8e6f-5d4c3b2a1908");
    let ethics = esco("e4b1c2d3-5f6a-4b7c-8d9e-0f1a2b3c4d5e");
    let cv = esco("9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
    let held: Vec<(u8, &str, Vec<&str>, f64, &str)> = vec![
        (
            1,
            "Machine Learning Foundations",
            vec![&ml],
            5.0,
            "2031-01-01T00:00:00Z",
        ),
        (
            2,
            "Data Engineering with Python",
            vec![&data],
            4.0,
            "2027-02-01T00:00:00Z",
        ),
        (
            3,
            "Responsible and Ethical AI",
            vec![&ethics],
            4.0,
            "2031-01-01T00:00:00Z",
        ),
        (
            4,
            "Computer Vision in Practice",
            vec![&cv],
            3.0,
            "2031-01-01T00:00:00Z",
        ),
        (
            5,
            "Deep Learning for Images",
            vec![&cv, &ml],
            3.0,
            "2031-01-01T00:00:00Z",
        ),
        (
            6,
            "Reinforcement Learning Basics",
            vec![&ml],
            2.0,
            "2031-01-01T00:00:00Z",
        ),
        (
            7,
            "Data Visualisation for Decision Makers",
            vec![&data],
            2.0,
            "2031-01-01T00:00:00Z",
        ),
        (
            8,
            "Capstone project: AI for logistics planning",
            vec![],
            6.0,
            "2031-01-01T00:00:00Z",
        ),
        (
            9,
            "Statistics refresher",
            vec![&data],
            1.0,
            "2031-01-01T00:00:00Z",
        ),
        (
            10,
            "Ethics of data (expired)",
            vec![&ethics],
            4.0,
            "2026-01-01T00:00:00Z",
        ),
        (
            11,
            "Advanced machine learning seminar",
            vec![&ml],
            12.0,
            "2031-01-01T00:00:00Z",
        ),
    ];
    let mut files = Vec::new();
    for (n, title, skills, credits, until) in &held {
        let issuer = TestIssuer::from_seed(10 + n % 3);
        let path = dir.path().join(format!("c{n}.json"));
        std::fs::write(
            &path,
            issuer
                .microcredential(*n, title, skills, *credits, until)
                .to_string(),
        )
        .unwrap();
        files.push(path.to_str().unwrap().to_owned());
    }
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    tessera(&home, &args, &[]).expect(0);
    let out = dir.path().join("summary.html");
    tessera(
        &home,
        &[
            "pathway",
            "export",
            "urn:tessera:pathway:applied-ai-microdegree-eqf6",
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    )
    .expect(0);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Capstone project: AI for logistics planning"));
    assert!(html.contains("Held but not counted"), "{html}");
    let pdf = dir.path().join("summary.pdf");
    let status = std::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", out.display()),
        ])
        .env("HOME", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("Chromium runs");
    assert!(status.success() && pdf.exists(), "Chromium printed nothing");
    let bytes = std::fs::read(&pdf).unwrap();
    let pages = regex_pages(&bytes);
    assert_eq!(pages, 1, "the summary printed on {pages} pages");
}

/// Page objects in a PDF (`/Type /Page`, not `/Pages`).
fn regex_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let mut n = 0;
    let mut rest: &str = &text;
    while let Some(i) = rest.find("/Type") {
        rest = &rest[i + 5..];
        let t = rest.trim_start();
        if t.starts_with("/Page") && !t.starts_with("/Pages") {
            n += 1;
        }
    }
    n
}
