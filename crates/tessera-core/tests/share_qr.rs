//! Presentations as QR codes: one code unchanged when it fits, else the compact TS1 parts;
//! PNG and SVG images read back (by rqrr, and for PNG by the independent `zbarimg`).

use tessera_core::share_qr::{self, Ec, QrError};

/// Seeded text that does not compress (base64url of pseudo-random bytes), like signatures.
fn noise(seed: u64, bytes: usize) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let raw: Vec<u8> = (0..bytes)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    tessera_core::jose::b64url(&raw)
}

/// Something shaped like an SD-JWT presentation: JWT, disclosures, KB-JWT.
fn presentation(seed: u64, payload: usize, disclosures: usize) -> String {
    let mut s = format!(
        "eyJhbGciOiJFZERTQSIsInR5cCI6ImRjK3NkLWp3dCJ9.{}.{}~",
        noise(seed, payload),
        noise(seed + 1, 64)
    );
    for d in 0..disclosures {
        s.push_str(&noise(seed + 10 + d as u64, 40));
        s.push('~');
    }
    s.push_str(&format!(
        "eyJhbGciOiJFZERTQSIsInR5cCI6ImtiK2p3dCJ9.{}.{}",
        noise(seed + 2, 120),
        noise(seed + 3, 64)
    ));
    s
}

fn zbarimg(png: &[u8]) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "tessera-qr-{}-{}.png",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, png).unwrap();
    let out = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sbinary"])
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    let out = out.unwrap_or_else(|e| panic!("zbarimg is needed (apt-get install zbar-tools): {e}"));
    assert!(
        out.status.success(),
        "zbarimg found no code: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut text = String::from_utf8(out.stdout).expect("zbarimg output is text");
    if text.ends_with('\n') {
        text.pop();
    }
    text
}

#[test]
fn base45_follows_rfc_9285() {
    for (plain, encoded) in [
        ("AB", "BB8"),
        ("Hello!!", "%69 VD92EX0"),
        ("base-45", "UJCLQE7W581"),
        ("ietf!", "QED8WEX0"),
    ] {
        assert_eq!(share_qr::base45_encode(plain.as_bytes()), encoded);
        assert_eq!(share_qr::base45_decode(encoded).unwrap(), plain.as_bytes());
    }
    assert!(
        share_qr::base45_decode("GGW").is_err(),
        "a triple above 65535"
    );
    assert!(
        share_qr::base45_decode("ab").is_err(),
        "lower case is outside the alphabet"
    );
    assert!(
        share_qr::base45_decode("A").is_err(),
        "a dangling character"
    );
}

#[test]
fn a_presentation_that_fits_is_put_in_one_code_unchanged() {
    let p = presentation(1, 600, 2);
    let plan = share_qr::plan(&p, Ec::M).unwrap();
    assert!(!plan.compact);
    assert_eq!(plan.parts, vec![p.clone()]);
    let g = share_qr::grid(&plan.parts[0], Ec::M).unwrap();
    let png = share_qr::png(&g, 4);
    assert_eq!(
        tessera_core::qr::decode(&png).unwrap().as_deref(),
        Some(p.as_str())
    );
    assert_eq!(
        zbarimg(&png),
        p,
        "an independent decoder reads the exact bytes"
    );
}

#[test]
fn a_large_presentation_goes_into_parts_read_back_in_any_order() {
    let p = presentation(2, 5000, 9);
    let plan = share_qr::plan(&p, Ec::M).unwrap();
    assert!(plan.compact);
    assert!(plan.parts.len() > 1, "{} parts", plan.parts.len());
    let mut scanned = Vec::new();
    for part in &plan.parts {
        assert!(part.starts_with("TS1:"));
        let g = share_qr::grid(part, Ec::M).unwrap();
        assert!(
            g.version <= share_qr::MAX_PART_VERSION,
            "version {}",
            g.version
        );
        let png = share_qr::png(&g, 3);
        scanned.push(zbarimg(&png));
    }
    assert_eq!(scanned, plan.parts, "zbarimg reads each part exactly");
    scanned.reverse();
    scanned.push(scanned[0].clone()); // the same code scanned twice
    assert_eq!(share_qr::join(&scanned).unwrap(), p);

    // A missing part, parts of two presentations, a damaged part.
    let missing: Vec<String> = plan.parts[1..].to_vec();
    assert_eq!(
        share_qr::join(&missing),
        Err(QrError::MissingPart {
            missing: 1,
            total: plan.parts.len()
        })
    );
    let other = share_qr::plan(&presentation(3, 5000, 9), Ec::M).unwrap();
    let mut mixed = plan.parts.clone();
    mixed[0] = other.parts[0].clone();
    assert_eq!(share_qr::join(&mixed), Err(QrError::Mixed));
    let mut damaged = plan.parts.clone();
    let last = damaged[0].pop().unwrap();
    damaged[0].push(if last == '0' { '1' } else { '0' });
    assert!(
        matches!(share_qr::join(&damaged), Err(QrError::Damaged { .. })),
        "{:?}",
        share_qr::join(&damaged)
    );
    assert!(matches!(
        share_qr::join(&["TS1:x".to_owned(), "y".to_owned()]),
        Err(QrError::BadPart { .. })
    ));
}

#[test]
fn a_compressible_presentation_fits_one_compact_code() {
    // A VP with a whole credential repeats JSON keys: it compresses well.
    let mut p = String::from("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiablePresentation\"],\"verifiableCredential\":[");
    for i in 0..40 {
        p.push_str(&format!("{{\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],\"name\":\"Module {i}\",\"credentialSubject\":{{\"achievement\":{{\"name\":\"Module {i}\"}}}}}},"));
    }
    p.push_str("{}]}");
    assert!(p.len() > 2400);
    let plan = share_qr::plan(&p, Ec::M).unwrap();
    assert!(plan.compact);
    assert_eq!(plan.parts.len(), 1);
    assert!(plan.parts[0].starts_with("TS1:1/1:"));
    assert_eq!(share_qr::join(&plan.parts).unwrap(), p);
}

#[test]
fn svg_grids_are_read_back_and_an_edited_one_is_not() {
    let p = presentation(4, 4000, 6);
    let plan = share_qr::plan(&p, Ec::M).unwrap();
    let grids: Vec<_> = plan
        .parts
        .iter()
        .map(|t| share_qr::grid(t, Ec::M).unwrap())
        .collect();
    let svg = share_qr::svg(&grids, 3);
    assert!(svg.contains(&format!("1 of {}", grids.len())));
    let texts = share_qr::read_svg(&svg).unwrap();
    assert_eq!(texts, plan.parts);
    assert_eq!(share_qr::join(&texts).unwrap(), p);
    // One code with a block of modules removed no longer decodes.
    let start = svg.find("<g class=\"qr\"").unwrap();
    let mut edited = svg.clone();
    let first_rect = edited[start..].find("<rect").unwrap() + start;
    for _ in 0..60 {
        let Some(end) = edited[first_rect..].find("/>") else {
            break;
        };
        edited.replace_range(first_rect..first_rect + end + 2, "");
    }
    assert!(share_qr::read_svg(&edited).is_err());
    assert!(matches!(
        share_qr::read_svg("<svg></svg>"),
        Err(QrError::NoCode { .. })
    ));
}

/// The check value and the chunk are told apart however the Base45 text starts (it may
/// begin with `:` or a space, both in the Base45 alphabet): many different presentations,
/// every one rebuilt exactly.
#[test]
fn every_compact_presentation_is_rebuilt_exactly() {
    for seed in 0..40u64 {
        let p = presentation(100 + seed, 3000 + seed as usize * 7, 3);
        let plan = share_qr::plan(&p, Ec::H).unwrap();
        assert!(plan.compact);
        assert_eq!(share_qr::join(&plan.parts).unwrap(), p, "seed {seed}");
        for part in &plan.parts {
            let check = part.split(':').nth(2).unwrap();
            assert_eq!(check.len(), 8, "{part}");
        }
    }
}
