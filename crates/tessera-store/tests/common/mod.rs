#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tessera_store::{DbKey, NewCredential};

pub const TITLE: &str = "Advanced Beekeeping Micro-credential Zephyrine";
pub const ISSUER: &str = "did:web:university-of-quillmoor.example";
pub const OUTCOME: &str = "Learners can diagnose varroa infestations in hexagonal brood frames";

pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("wallet.db")
}

/// SHA-256 of every file in the folder, by name.
pub fn folder_hashes(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            out.insert(
                e.file_name().to_string_lossy().into_owned(),
                hex::encode(Sha256::digest(&bytes)),
            );
        }
    }
    out
}

pub fn credential(n: u32) -> NewCredential {
    let raw = serde_json::json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": format!("urn:uuid:cred-{n}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER, "name": "University of Quillmoor"},
        "name": TITLE,
        "credentialSubject": {"achievement": {"name": TITLE, "criteria": {"narrative": OUTCOME}}}
    });
    NewCredential {
        raw: serde_json::to_vec_pretty(&raw).unwrap(),
        format: "ob3-di".into(),
        issuer: ISSUER.into(),
        credential_id: Some(format!("urn:uuid:cred-{n}")),
        record: serde_json::json!({"title": TITLE, "issuer": ISSUER, "learningOutcomes": [OUTCOME]}),
        verdict: "valid".into(),
        status: "active".into(),
        imported_at: format!("2026-01-{:02}T10:00:00Z", 1 + n % 28),
        verified_at: format!("2026-01-{:02}T10:00:00Z", 1 + n % 28),
    }
}

pub fn key(b: u8) -> DbKey {
    DbKey::from_bytes([b; 32])
}
