//! How large a real Tessera presentation fits one QR code, unchanged, at each
//! error-correction level: SD-JWT VC presentations (issuer JWT, disclosures, Key Binding JWT)
//! made by `tessera_core::present::sd_jwt`, grown one byte at a time through a disclosed claim,
//! put into a code by `share_qr::plan`, drawn as PNG, and read back by `rqrr` and by the
//! independent `zbarimg` (Debian `zbar-tools`; missing = this measurement fails).
//!
//! `cargo bench -p tessera-core --bench qr_capacity` prints the table the README quotes.

use chrono::{TimeZone, Utc};
use serde_json::json;
use tessera_core::present::{self, Request};
use tessera_core::share_qr::{self, Ec};
use tessera_testkit::present::TestKey;

/// A presentation revealing `notes` (of length `notes`); `full`: a learning credential with
/// seven claims of which two (family name and notes) are revealed, else a minimal one (so it
/// fits even at level H before it grows).
fn presentation(issuer: &TestKey, holder: &TestKey, notes: usize, full: bool) -> String {
    let text: String = "Completed the data-literacy project with distinction; "
        .chars()
        .cycle()
        .take(notes)
        .collect();
    if !full {
        let claims = json!({"vct": "urn:mc", "notes": text, "cnf": {"jwk": holder.jwk()}});
        let sd = issuer.issue_sd_jwt(&claims, &["notes"], "capacity");
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let req = Request::new(
            "https://e.example",
            "n-0S6_WzA2Mj",
            at,
            at + chrono::Duration::minutes(10),
        );
        return present::sd_jwt(&sd, &["notes".to_owned()], holder.holder(), &req)
            .expect("a presentation")
            .text;
    }
    let claims = json!({
        "vct": "https://credentials.example.edu/micro-credential",
        "name": "Data Literacy Foundations",
        "given_name": "Alex",
        "family_name": "Example",
        "birthdate": "2001-04-12",
        "grade": "1.3",
        "ects": 5,
        "notes": text,
        "cnf": {"jwk": holder.jwk()},
    });
    let sd = issuer.issue_sd_jwt(
        &claims,
        &[
            "given_name",
            "family_name",
            "birthdate",
            "grade",
            "ects",
            "notes",
        ],
        "capacity",
    );
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
    let req = Request::new(
        "https://jobs.employer.example",
        "n-0S6_WzA2Mj",
        at,
        at + chrono::Duration::minutes(10),
    );
    present::sd_jwt(
        &sd,
        &["family_name".to_owned(), "notes".to_owned()],
        holder.holder(),
        &req,
    )
    .expect("a presentation")
    .text
}

fn zbarimg(png: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("tessera-capacity-{}.png", std::process::id()));
    std::fs::write(&path, png).expect("write a temporary PNG");
    let out = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sbinary"])
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    let out = out.expect("zbarimg is needed for this measurement: apt-get install zbar-tools");
    assert!(out.status.success(), "zbarimg found no code");
    let mut s = String::from_utf8(out.stdout).expect("text");
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

fn main() {
    // Criterion passes flags such as --bench; nothing to parse.
    let issuer = TestKey::ed25519(7);
    let holder_ed = TestKey::ed25519(8);
    let holder_p256 = TestKey::p256(9);
    println!("Largest Tessera SD-JWT presentation in one QR code, unchanged (bytes):");
    println!("| level | Ed25519 holder key | P-256 holder key | QR version |");
    println!("|---|---|---|---|");
    for ec in [Ec::L, Ec::M, Ec::Q, Ec::H] {
        let mut row = Vec::new();
        let mut version = 0;
        for holder in [&holder_ed, &holder_p256] {
            // Largest `notes` length whose presentation is one unchanged code.
            let fits = |n: usize| {
                let p = presentation(&issuer, holder, n, false);
                let plan = share_qr::plan(&p, ec).expect("a plan");
                !plan.compact
            };
            let (mut lo, mut hi) = (0usize, 4000usize);
            assert!(
                fits(lo),
                "even the smallest presentation does not fit at {ec:?}"
            );
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if fits(mid) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            let p = presentation(&issuer, holder, lo, false);
            let grid = share_qr::grid(&p, ec).expect("a code");
            let png = share_qr::png(&grid, 4);
            assert_eq!(
                tessera_core::qr::decode(&png).expect("readable").as_deref(),
                Some(p.as_str()),
                "rqrr reads it back"
            );
            assert_eq!(zbarimg(&png), p, "zbarimg reads it back");
            // One byte more does not fit unchanged.
            let next = presentation(&issuer, holder, lo + 1, false);
            assert!(share_qr::plan(&next, ec).expect("a plan").compact);
            row.push(p.len());
            version = grid.version;
        }
        println!("| {ec:?} | {} | {} | {version} |", row[0], row[1]);
    }
    let typical = presentation(&issuer, &holder_ed, 60, true);
    let g = share_qr::grid(&typical, Ec::M).expect("a code");
    println!(
        "A typical presentation (2 of 7 claims revealed, Ed25519, did:jwk issuer): {} bytes, QR version {} ({}x{} modules) at M.",
        typical.len(),
        g.version,
        g.size,
        g.size
    );
    let plan = share_qr::plan(&typical, Ec::H).expect("a plan");
    println!(
        "At H it takes {} ({}).",
        if plan.compact {
            "the compact encoding"
        } else {
            "one unchanged code"
        },
        if plan.parts.len() == 1 {
            "1 code".to_owned()
        } else {
            format!("{} codes", plan.parts.len())
        }
    );
}
