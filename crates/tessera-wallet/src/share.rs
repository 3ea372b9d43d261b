//! Sharing: presentations made with the holder's keys, and the share log.
//!
//! An SD-JWT credential is presented alone, as SD-JWT + Key Binding JWT, revealing only the
//! chosen claims, signed with the holder key its `cnf` names (Ed25519 or P-256). Data
//! Integrity credentials go whole into one Verifiable Presentation signed with the Ed25519
//! holder key. Every presentation made is recorded in the share log (encrypted, in the
//! store): when, which credentials, which claims were revealed and which withheld, to whom.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde::Serialize;
use serde_json::{json, Value};
use tessera_core::present::{self, Disclosure, HolderKey, KeyAlg, Presentation, Request};
use tessera_core::Format;
use tessera_store::ShareRecord;

use crate::{rfc3339, view, Wallet, WalletError};

/// What the learner asked to share.
#[derive(Debug, Clone)]
pub struct ShareRequest {
    /// Wallet ids (one for an SD-JWT credential; one or more Data Integrity credentials).
    pub ids: Vec<String>,
    /// Who it is for (a URL or name the verifier gave).
    pub audience: String,
    /// The verifier's nonce; a fresh one is made when `None`.
    pub nonce: Option<String>,
    /// Claim paths to reveal (SD-JWT). `["all"]` reveals every claim; for Data Integrity
    /// credentials only `[]` or `["all"]` are possible (they are shared whole).
    pub disclose: Vec<String>,
    /// How long the presentation is valid.
    pub valid_for: Duration,
}

/// A credential in a share log entry.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SharedCredential {
    pub id: String,
    pub title: String,
    /// Selectively disclosable claims revealed (paths), or `["everything"]` for a credential
    /// shared whole.
    pub revealed: Vec<String>,
    /// Selectively disclosable claims kept back (paths).
    pub withheld: Vec<String>,
}

/// One entry of the share log.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ShareEntry {
    pub id: String,
    /// RFC 3339.
    pub created_at: String,
    pub audience: String,
    /// `sd-jwt` or `vp`.
    pub format: String,
    pub nonce: String,
    /// RFC 3339.
    pub expires_at: String,
    /// `Ed25519` or `P-256`.
    pub holder_key: String,
    pub credentials: Vec<SharedCredential>,
}

/// A presentation made, and its share log entry.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Shared {
    pub presentation: Presentation,
    pub entry: ShareEntry,
    /// True when the nonce was made by Tessera (the verifier gave none).
    pub nonce_generated: bool,
}

fn random_token(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut b);
    tessera_core::jose::b64url(&b)
}

fn nothing_disclosed() -> Disclosure {
    Disclosure {
        revealed: json!({}),
        paths: Vec::new(),
        withheld: Vec::new(),
    }
}

fn is_all(disclose: &[String]) -> bool {
    disclose.len() == 1 && disclose[0] == "all"
}

fn shared_credential(id: &str, title: &str, d: &Disclosure, whole: bool) -> SharedCredential {
    SharedCredential {
        id: id.to_owned(),
        title: title.to_owned(),
        revealed: if whole {
            vec!["everything".to_owned()]
        } else {
            d.paths.clone()
        },
        withheld: d.withheld.clone(),
    }
}

impl Wallet {
    /// What the recipient would see of SD-JWT credential `id` with `disclose` revealed
    /// (nothing is signed or recorded).
    pub fn preview_share(&self, id: &str, disclose: &[String]) -> Result<Disclosure, WalletError> {
        let c = self
            .store
            .get_credential(id)?
            .ok_or_else(|| WalletError::NotFound { id: id.to_owned() })?;
        let text = String::from_utf8_lossy(&c.raw).trim().to_owned();
        let x = view::examined_of(&c)?;
        if !matches!(x.format, Format::SdJwtVc | Format::SdJwt) {
            return Err(WalletError::Share(
                present::PresentError::OnlyWholeCredential,
            ));
        }
        let paths = self.expand_all(&text, disclose)?;
        present::preview_sd_jwt(&text, &paths).map_err(WalletError::Share)
    }

    /// Every selectively disclosable path when `disclose` is `["all"]`.
    fn expand_all(&self, sd_jwt: &str, disclose: &[String]) -> Result<Vec<String>, WalletError> {
        if !is_all(disclose) {
            return Ok(disclose.to_vec());
        }
        present::disclosable_paths(sd_jwt).map_err(WalletError::Share)
    }

    /// Makes a presentation and records it in the share log.
    pub fn share(&mut self, req: &ShareRequest, now: DateTime<Utc>) -> Result<Shared, WalletError> {
        if req.ids.is_empty() {
            return Err(WalletError::ShareRequest {
                reason: "choose at least one credential to share".to_owned(),
            });
        }
        if req.audience.trim().is_empty() {
            return Err(WalletError::ShareRequest {
                reason: "say who the presentation is for (the audience)".to_owned(),
            });
        }
        if req.valid_for <= Duration::zero() {
            return Err(WalletError::ShareRequest {
                reason: "the presentation must be valid for some time".to_owned(),
            });
        }
        let nonce_generated = req.nonce.as_deref().is_none_or(|n| n.trim().is_empty());
        let nonce = match &req.nonce {
            Some(n) if !n.trim().is_empty() => n.trim().to_owned(),
            _ => random_token(16),
        };
        let request = Request {
            audience: req.audience.trim().to_owned(),
            nonce: nonce.clone(),
            issued_at: now,
            expires_at: now + req.valid_for,
        };
        let mut records = Vec::new();
        for id in &req.ids {
            let c = self
                .store
                .get_credential(id)?
                .ok_or_else(|| WalletError::NotFound { id: id.clone() })?;
            let x = view::examined_of(&c)?;
            records.push((id.clone(), c.raw, x));
        }
        let sd: Vec<bool> = records
            .iter()
            .map(|(_, _, x)| matches!(x.format, Format::SdJwtVc | Format::SdJwt))
            .collect();
        let (presentation, alg, credentials) = if sd.iter().any(|&b| b) {
            if records.len() > 1 {
                return Err(WalletError::ShareRequest {
                    reason: "an SD-JWT credential is shared on its own: make one presentation for it and another for the rest".to_owned(),
                });
            }
            let (id, raw, x) = &records[0];
            let text = String::from_utf8_lossy(raw).trim().to_owned();
            let paths = self.expand_all(&text, &req.disclose)?;
            let alg = present::holder_alg(&text)
                .map_err(WalletError::Share)?
                .ok_or(WalletError::Share(present::PresentError::NotBound))?;
            let p = match alg {
                KeyAlg::Ed25519 => {
                    let k = self.ed25519_signing()?;
                    present::sd_jwt(&text, &paths, HolderKey::Ed25519(&k), &request)
                }
                KeyAlg::P256 => {
                    let k = self.p256_signing()?;
                    present::sd_jwt(&text, &paths, HolderKey::P256(&k), &request)
                }
            }
            .map_err(WalletError::Share)?;
            let d = p
                .disclosed
                .first()
                .cloned()
                .unwrap_or_else(nothing_disclosed);
            let creds = vec![shared_credential(id, &x.facts.title, &d, false)];
            (p, alg, creds)
        } else {
            if !(req.disclose.is_empty() || is_all(&req.disclose)) {
                return Err(WalletError::Share(
                    present::PresentError::OnlyWholeCredential,
                ));
            }
            let mut docs = Vec::new();
            for (id, raw, x) in &records {
                if !matches!(x.format, Format::Ob3Di | Format::VcDi) {
                    return Err(WalletError::ShareRequest {
                        reason: format!(
                            "\"{}\" ({}) cannot be put in a presentation yet: Tessera presents SD-JWT and Data Integrity credentials",
                            x.facts.title,
                            x.format.as_str()
                        ),
                    });
                }
                let doc: Value = serde_json::from_slice(raw).map_err(|_| WalletError::Damaged {
                    path: self.home.join(crate::DB_FILE),
                    reason: format!("the stored credential {id} is not JSON"),
                })?;
                docs.push(doc);
            }
            let k = self.ed25519_signing()?;
            let p = present::vp(&docs, &k, &request).map_err(WalletError::Share)?;
            let creds = records
                .iter()
                .enumerate()
                .map(|(i, (id, _, x))| {
                    let d = p
                        .disclosed
                        .get(i)
                        .cloned()
                        .unwrap_or_else(nothing_disclosed);
                    shared_credential(id, &x.facts.title, &d, true)
                })
                .collect();
            (p, KeyAlg::Ed25519, creds)
        };
        let entry = ShareEntry {
            id: format!("s_{}", &random_token(9)),
            created_at: rfc3339(now),
            audience: request.audience.clone(),
            format: match presentation.format {
                present::PresentationFormat::SdJwt => "sd-jwt",
                present::PresentationFormat::Vp => "vp",
            }
            .to_owned(),
            nonce,
            expires_at: rfc3339(request.expires_at),
            holder_key: match alg {
                KeyAlg::Ed25519 => "Ed25519",
                KeyAlg::P256 => "P-256",
            }
            .to_owned(),
            credentials,
        };
        self.store.put_share(&ShareRecord {
            id: entry.id.clone(),
            created_at: entry.created_at.clone(),
            audience: entry.audience.clone(),
            format: entry.format.clone(),
            record: serde_json::to_value(&entry).unwrap_or(Value::Null),
        })?;
        Ok(Shared {
            presentation,
            entry,
            nonce_generated,
        })
    }

    /// The share log, newest first.
    pub fn shares(&self) -> Result<Vec<ShareEntry>, WalletError> {
        let mut out = Vec::new();
        for r in self.store.list_shares()? {
            // Stored by `share`; read leniently, so an entry from an older version still shows.
            let text = |k: &str| r.record[k].as_str().unwrap_or_default().to_owned();
            let list = |v: &Value| -> Vec<String> {
                v.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            };
            let credentials = r.record["credentials"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| SharedCredential {
                    id: c["id"].as_str().unwrap_or_default().to_owned(),
                    title: c["title"].as_str().unwrap_or_default().to_owned(),
                    revealed: list(&c["revealed"]),
                    withheld: list(&c["withheld"]),
                })
                .collect();
            out.push(ShareEntry {
                nonce: text("nonce"),
                expires_at: text("expiresAt"),
                holder_key: text("holderKey"),
                credentials,
                id: r.id,
                created_at: r.created_at,
                audience: r.audience,
                format: r.format,
            });
        }
        Ok(out)
    }

    /// Removes one share log entry.
    pub fn delete_share(&mut self, id: &str) -> Result<(), WalletError> {
        if self.store.delete_share(id)? {
            Ok(())
        } else {
            Err(WalletError::NoShare { id: id.to_owned() })
        }
    }
}
