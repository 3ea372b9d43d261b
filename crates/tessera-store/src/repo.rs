//! The repository: credentials, the holder key, settings.
//!
//! The store is generic: it keeps the credential's original bytes verbatim plus a normalised
//! record as JSON text, and knows nothing about credential formats.

use rand::rngs::OsRng;
use rand::RngCore;
use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{json, sql, StoreError};
use crate::store::Store;

/// A credential to store.
#[derive(Clone, Serialize, Deserialize)]
pub struct NewCredential {
    /// The original bytes, stored verbatim and never altered.
    pub raw: Vec<u8>,
    /// e.g. `ob3-di`, `vc-jwt`, `sd-jwt-vc` (see the CLI contract).
    pub format: String,
    /// The issuer id.
    pub issuer: String,
    /// The credential's own `id`, when it has one.
    pub credential_id: Option<String>,
    /// The normalised record (stored as JSON text).
    pub record: serde_json::Value,
    pub verdict: String,
    pub status: String,
    /// RFC 3339.
    pub imported_at: String,
    /// RFC 3339.
    pub verified_at: String,
}

/// A stored credential.
#[derive(Clone, Serialize, Deserialize)]
pub struct StoredCredential {
    /// The opaque wallet id, `c_` + 16 hex digits.
    pub id: String,
    pub raw: Vec<u8>,
    pub format: String,
    pub issuer: String,
    pub credential_id: Option<String>,
    pub record: serde_json::Value,
    pub verdict: String,
    pub status: String,
    pub imported_at: String,
    pub verified_at: String,
}

/// What [`Store::insert_credential`] did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inserted {
    /// Stored under this new wallet id.
    New(String),
    /// Already held (same bytes, or same issuer and credential id): nothing stored; the
    /// existing wallet id.
    Duplicate(String),
    /// A valid credential took the place of an unverified copy (not `valid`) that claimed
    /// the same issuer and credential id; the wallet id is kept.
    Replaced(String),
}

/// The holder's key pair.
#[derive(Clone)]
pub struct HolderKeyRecord {
    /// e.g. `"Ed25519"`.
    pub alg: String,
    pub secret: Zeroizing<Vec<u8>>,
    pub public: Vec<u8>,
    /// RFC 3339.
    pub created_at: String,
}

impl std::fmt::Debug for NewCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewCredential")
            .field("raw_len", &self.raw.len())
            .field("format", &self.format)
            .field("issuer", &self.issuer)
            .field("credential_id", &self.credential_id)
            .field("verdict", &self.verdict)
            .field("status", &self.status)
            .field("imported_at", &self.imported_at)
            .field("verified_at", &self.verified_at)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for StoredCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredCredential")
            .field("id", &self.id)
            .field("raw_len", &self.raw.len())
            .field("format", &self.format)
            .field("issuer", &self.issuer)
            .field("credential_id", &self.credential_id)
            .field("verdict", &self.verdict)
            .field("status", &self.status)
            .field("imported_at", &self.imported_at)
            .field("verified_at", &self.verified_at)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for HolderKeyRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HolderKeyRecord")
            .field("alg", &self.alg)
            .field("public", &hex::encode(&self.public))
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

const CREDENTIAL_COLUMNS: &str = "id, raw, format, issuer, credential_id, record, verdict, \
                                  status, imported_at, verified_at";

fn invalid(field: &'static str, reason: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        field,
        reason: reason.into(),
    }
}

fn check_non_empty(field: &'static str, v: &str) -> Result<(), StoreError> {
    if v.trim().is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    Ok(())
}

fn check_rfc3339(field: &'static str, v: &str) -> Result<(), StoreError> {
    chrono::DateTime::parse_from_rfc3339(v)
        .map(|_| ())
        .map_err(|e| invalid(field, format!("{v:?} is not an RFC 3339 date-time: {e}")))
}

fn new_wallet_id() -> String {
    let mut b = [0u8; 8];
    OsRng.fill_bytes(&mut b);
    format!("c_{}", hex::encode(b))
}

fn row_to_credential(row: &Row<'_>) -> rusqlite::Result<(StoredCredential, String)> {
    let record_text: String = row.get(5)?;
    Ok((
        StoredCredential {
            id: row.get(0)?,
            raw: row.get(1)?,
            format: row.get(2)?,
            issuer: row.get(3)?,
            credential_id: row.get(4)?,
            record: serde_json::Value::Null,
            verdict: row.get(6)?,
            status: row.get(7)?,
            imported_at: row.get(8)?,
            verified_at: row.get(9)?,
        },
        record_text,
    ))
}

fn finish_credential(
    (mut c, record_text): (StoredCredential, String),
) -> Result<StoredCredential, StoreError> {
    c.record = serde_json::from_str(&record_text).map_err(json("a stored credential record"))?;
    Ok(c)
}

impl Store {
    /// Stores a credential in one transaction, unless it is already held: same raw bytes
    /// (SHA-256) or same `(issuer, credential_id)`. A `valid` credential replaces a held copy
    /// that only claims the same issuer and id but is not valid. On any error nothing is
    /// stored.
    pub fn insert_credential(&mut self, new: &NewCredential) -> Result<Inserted, StoreError> {
        if new.raw.is_empty() {
            return Err(invalid("raw", "the credential has no bytes"));
        }
        check_non_empty("format", &new.format)?;
        check_non_empty("verdict", &new.verdict)?;
        check_non_empty("status", &new.status)?;
        check_rfc3339("imported_at", &new.imported_at)?;
        check_rfc3339("verified_at", &new.verified_at)?;
        if let Some(cid) = &new.credential_id {
            check_non_empty("credential_id", cid)?;
        }
        let record = serde_json::to_string(&new.record).map_err(json("the credential record"))?;
        let sha = hex::encode(Sha256::digest(&new.raw));

        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql("starting the import transaction"))?;
        let same_bytes: Option<String> = tx
            .query_row(
                "SELECT id FROM credentials WHERE raw_sha256 = ?1",
                [&sha],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql("looking for the same credential bytes"))?;
        if let Some(id) = same_bytes {
            return Ok(Inserted::Duplicate(id));
        }
        if let Some(cid) = &new.credential_id {
            let same_id: Option<String> = tx
                .query_row(
                    "SELECT id FROM credentials WHERE issuer = ?1 AND credential_id = ?2",
                    params![new.issuer, cid],
                    |r| r.get(0),
                )
                .optional()
                .map_err(sql("looking for the same issuer and credential id"))?;
            if let Some(id) = same_id {
                // Only the claimed issuer and id match. A genuine (valid) credential replaces
                // an unverified copy that claims the same; otherwise the one held stays.
                let held_verdict: String = tx
                    .query_row(
                        "SELECT verdict FROM credentials WHERE id = ?1",
                        [&id],
                        |r| r.get(0),
                    )
                    .map_err(sql("reading the verdict of the credential held"))?;
                if new.verdict == "valid" && held_verdict != "valid" {
                    tx.execute(
                        "UPDATE credentials SET raw = ?2, raw_sha256 = ?3, format = ?4, \
                         record = ?5, verdict = ?6, status = ?7, imported_at = ?8, \
                         verified_at = ?9 WHERE id = ?1",
                        params![
                            id,
                            new.raw,
                            sha,
                            new.format,
                            record,
                            new.verdict,
                            new.status,
                            new.imported_at,
                            new.verified_at
                        ],
                    )
                    .map_err(sql("replacing an unverified copy"))?;
                    tx.commit().map_err(sql("committing the import"))?;
                    return Ok(Inserted::Replaced(id));
                }
                return Ok(Inserted::Duplicate(id));
            }
        }
        let mut id = new_wallet_id();
        let mut tries = 0;
        while tx
            .query_row("SELECT 1 FROM credentials WHERE id = ?1", [&id], |_| Ok(()))
            .optional()
            .map_err(sql("choosing a wallet id"))?
            .is_some()
        {
            tries += 1;
            if tries > 16 {
                return Err(invalid("id", "could not find a free wallet id"));
            }
            id = new_wallet_id();
        }
        tx.execute(
            "INSERT INTO credentials (id, raw, raw_sha256, format, issuer, credential_id, record, \
             verdict, status, imported_at, verified_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                id,
                new.raw,
                sha,
                new.format,
                new.issuer,
                new.credential_id,
                record,
                new.verdict,
                new.status,
                new.imported_at,
                new.verified_at
            ],
        )
        .map_err(sql("storing the credential"))?;
        tx.commit().map_err(sql("committing the import"))?;
        Ok(Inserted::New(id))
    }

    /// Every credential, most recently imported first.
    pub fn list_credentials(&self) -> Result<Vec<StoredCredential>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {CREDENTIAL_COLUMNS} FROM credentials \
                 ORDER BY julianday(imported_at) DESC, imported_at DESC, rowid DESC"
            ))
            .map_err(sql("listing credentials"))?;
        let rows = stmt
            .query_map([], row_to_credential)
            .map_err(sql("listing credentials"))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(finish_credential(
                row.map_err(sql("reading a credential"))?,
            )?);
        }
        Ok(out)
    }

    /// One credential by wallet id.
    pub fn get_credential(&self, id: &str) -> Result<Option<StoredCredential>, StoreError> {
        let found = self
            .conn
            .query_row(
                &format!("SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE id = ?1"),
                [id],
                row_to_credential,
            )
            .optional()
            .map_err(sql("reading a credential"))?;
        found.map(finish_credential).transpose()
    }

    /// Replaces the record, verdict, status and verification time of a credential (after a
    /// re-verification). `false` if there is no such credential. The raw bytes never change.
    pub fn update_verification(
        &mut self,
        id: &str,
        record: &serde_json::Value,
        verdict: &str,
        status: &str,
        verified_at: &str,
    ) -> Result<bool, StoreError> {
        check_non_empty("verdict", verdict)?;
        check_non_empty("status", status)?;
        check_rfc3339("verified_at", verified_at)?;
        let record = serde_json::to_string(record).map_err(json("the credential record"))?;
        let n = self
            .conn
            .execute(
                "UPDATE credentials SET record = ?2, verdict = ?3, status = ?4, verified_at = ?5 \
                 WHERE id = ?1",
                params![id, record, verdict, status, verified_at],
            )
            .map_err(sql("updating a credential's verification"))?;
        Ok(n > 0)
    }

    /// Deletes a credential (`secure_delete` overwrites its pages). `false` if there was none.
    pub fn delete_credential(&mut self, id: &str) -> Result<bool, StoreError> {
        let n = self
            .conn
            .execute("DELETE FROM credentials WHERE id = ?1", [id])
            .map_err(sql("deleting a credential"))?;
        Ok(n > 0)
    }

    /// Stores the holder key for its algorithm, replacing any key stored for that algorithm.
    pub fn put_holder_key(&mut self, key: &HolderKeyRecord) -> Result<(), StoreError> {
        check_non_empty("alg", &key.alg)?;
        if key.secret.is_empty() {
            return Err(invalid("secret", "the holder secret key is empty"));
        }
        if key.public.is_empty() {
            return Err(invalid("public", "the holder public key is empty"));
        }
        check_rfc3339("created_at", &key.created_at)?;
        self.conn
            .execute(
                "INSERT INTO holder_keys (alg, secret, public, created_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (alg) DO UPDATE SET secret = excluded.secret, \
                 public = excluded.public, created_at = excluded.created_at",
                params![key.alg, key.secret.as_slice(), key.public, key.created_at],
            )
            .map_err(sql("storing the holder key"))?;
        Ok(())
    }

    /// The holder key for `alg`, if one is stored.
    pub fn holder_key(&self, alg: &str) -> Result<Option<HolderKeyRecord>, StoreError> {
        self.conn
            .query_row(
                "SELECT alg, secret, public, created_at FROM holder_keys WHERE alg = ?1",
                [alg],
                |r| {
                    Ok(HolderKeyRecord {
                        alg: r.get(0)?,
                        secret: Zeroizing::new(r.get::<_, Vec<u8>>(1)?),
                        public: r.get(2)?,
                        created_at: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(sql("reading the holder key"))
    }

    /// Sets a setting (JSON value), replacing any previous value.
    pub fn set_setting(&mut self, key: &str, value: &serde_json::Value) -> Result<(), StoreError> {
        check_non_empty("setting key", key)?;
        let text = serde_json::to_string(value).map_err(json("a setting"))?;
        self.conn
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, text],
            )
            .map_err(sql("storing a setting"))?;
        Ok(())
    }

    /// A setting, if set.
    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>, StoreError> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(sql("reading a setting"))?;
        text.map(|t| serde_json::from_str(&t).map_err(json("a stored setting")))
            .transpose()
    }

    /// Keeps a document fetched for an online check (replacing an older copy of `url`).
    pub fn put_fetched(&mut self, doc: &FetchedDocument) -> Result<(), StoreError> {
        if !doc.url.starts_with("https://") {
            return Err(invalid("url", "only https documents are cached"));
        }
        check_non_empty("kind", &doc.kind)?;
        check_rfc3339("fetched_at", &doc.fetched_at)?;
        self.conn
            .execute(
                "INSERT INTO fetched (url, kind, body, fetched_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, body = excluded.body, \
                 fetched_at = excluded.fetched_at",
                params![doc.url, doc.kind, doc.body, doc.fetched_at],
            )
            .map_err(sql("caching a fetched document"))?;
        Ok(())
    }

    /// The cached copy of `url`, if any.
    pub fn fetched(&self, url: &str) -> Result<Option<FetchedDocument>, StoreError> {
        self.conn
            .query_row(
                "SELECT url, kind, body, fetched_at FROM fetched WHERE url = ?1",
                [url],
                |r| {
                    Ok(FetchedDocument {
                        url: r.get(0)?,
                        kind: r.get(1)?,
                        body: r.get(2)?,
                        fetched_at: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(sql("reading a cached document"))
    }

    /// Every cached document's address, kind and fetch time (not the bodies).
    pub fn list_fetched(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT url, kind, fetched_at FROM fetched ORDER BY url")
            .map_err(sql("listing cached documents"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(sql("listing cached documents"))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(sql("listing cached documents"))
    }

    /// Adds a registry at the end of the list, or replaces the one with the same id in place.
    pub fn put_registry(&mut self, reg: &RegistryRecord) -> Result<(), StoreError> {
        check_non_empty("registry id", &reg.id)?;
        check_non_empty("registry name", &reg.name)?;
        check_non_empty("registry format", &reg.format)?;
        if reg.raw.is_empty() {
            return Err(invalid("raw", "the registry file is empty"));
        }
        check_rfc3339("added_at", &reg.added_at)?;
        self.conn
            .execute(
                "INSERT INTO registries (id, name, format, raw, position, added_at) \
                 VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM registries), ?5) \
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, format = excluded.format, \
                 raw = excluded.raw, added_at = excluded.added_at",
                params![reg.id, reg.name, reg.format, reg.raw, reg.added_at],
            )
            .map_err(sql("storing a trust registry"))?;
        Ok(())
    }

    /// The registries, in order (first added first).
    pub fn list_registries(&self) -> Result<Vec<RegistryRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, format, raw, added_at FROM registries ORDER BY position")
            .map_err(sql("listing trust registries"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(RegistryRecord {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    format: r.get(2)?,
                    raw: r.get(3)?,
                    added_at: r.get(4)?,
                })
            })
            .map_err(sql("listing trust registries"))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(sql("listing trust registries"))
    }

    /// Removes a registry; `false` when there was none with that id.
    pub fn delete_registry(&mut self, id: &str) -> Result<bool, StoreError> {
        let n = self
            .conn
            .execute("DELETE FROM registries WHERE id = ?1", [id])
            .map_err(sql("removing a trust registry"))?;
        Ok(n > 0)
    }

    /// Stores a pathway file under its id; `true` when it replaced one with the same id.
    pub fn put_pathway(&mut self, p: &PathwayRecord) -> Result<bool, StoreError> {
        check_non_empty("pathway id", &p.id)?;
        if p.raw.is_empty() {
            return Err(invalid("raw", "the pathway file is empty"));
        }
        check_rfc3339("added_at", &p.added_at)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql("storing a pathway"))?;
        let existed: bool = tx
            .query_row("SELECT 1 FROM pathways WHERE id = ?1", [&p.id], |_| Ok(()))
            .optional()
            .map_err(sql("storing a pathway"))?
            .is_some();
        tx.execute(
            "INSERT INTO pathways (id, raw, added_at, origin) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (id) DO UPDATE SET raw = excluded.raw, added_at = excluded.added_at, \
             origin = excluded.origin",
            params![p.id, p.raw, p.added_at, p.origin],
        )
        .map_err(sql("storing a pathway"))?;
        tx.commit().map_err(sql("storing a pathway"))?;
        Ok(existed)
    }

    /// The pathways the learner added, by id.
    pub fn list_pathways(&self) -> Result<Vec<PathwayRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, raw, added_at, origin FROM pathways ORDER BY id")
            .map_err(sql("listing pathways"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(PathwayRecord {
                    id: r.get(0)?,
                    raw: r.get(1)?,
                    added_at: r.get(2)?,
                    origin: r.get(3)?,
                })
            })
            .map_err(sql("listing pathways"))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(sql("listing pathways"))
    }

    /// Adds an entry to the share log.
    pub fn put_share(&mut self, share: &ShareRecord) -> Result<(), StoreError> {
        check_non_empty("share id", &share.id)?;
        check_non_empty("format", &share.format)?;
        check_rfc3339("created_at", &share.created_at)?;
        let record = serde_json::to_string(&share.record).map_err(json("a share log entry"))?;
        self.conn
            .execute(
                "INSERT INTO shares (id, created_at, audience, format, record) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    share.id,
                    share.created_at,
                    share.audience,
                    share.format,
                    record
                ],
            )
            .map_err(sql("recording a share"))?;
        Ok(())
    }

    /// The share log, newest first.
    pub fn list_shares(&self) -> Result<Vec<ShareRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, created_at, audience, format, record FROM shares \
                 ORDER BY created_at DESC, id",
            )
            .map_err(sql("listing the share log"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(sql("listing the share log"))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, created_at, audience, format, record) =
                row.map_err(sql("listing the share log"))?;
            out.push(ShareRecord {
                id,
                created_at,
                audience,
                format,
                record: serde_json::from_str(&record).map_err(json("a share log entry"))?,
            });
        }
        Ok(out)
    }

    /// Removes one share log entry; `false` when there was none with that id.
    pub fn delete_share(&mut self, id: &str) -> Result<bool, StoreError> {
        let n = self
            .conn
            .execute("DELETE FROM shares WHERE id = ?1", [id])
            .map_err(sql("removing a share log entry"))?;
        Ok(n > 0)
    }

    /// Removes a pathway the learner added; `false` when there was none with that id.
    pub fn delete_pathway(&mut self, id: &str) -> Result<bool, StoreError> {
        let n = self
            .conn
            .execute("DELETE FROM pathways WHERE id = ?1", [id])
            .map_err(sql("removing a pathway"))?;
        Ok(n > 0)
    }
}

/// One entry of the share log: a presentation the learner made.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareRecord {
    pub id: String,
    /// RFC 3339.
    pub created_at: String,
    pub audience: String,
    /// `sd-jwt` or `vp`.
    pub format: String,
    /// What was shared (credentials, claims revealed and withheld, nonce, expiry), as the
    /// wallet describes it.
    pub record: serde_json::Value,
}

/// A document fetched for an online check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedDocument {
    pub url: String,
    pub kind: String,
    pub body: Vec<u8>,
    /// RFC 3339.
    pub fetched_at: String,
}

/// A trust registry the learner added: its file verbatim, and the name it is shown under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryRecord {
    pub id: String,
    pub name: String,
    pub format: String,
    pub raw: Vec<u8>,
    /// RFC 3339.
    pub added_at: String,
}

/// A pathway file the learner added, kept verbatim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathwayRecord {
    pub id: String,
    pub raw: Vec<u8>,
    /// RFC 3339.
    pub added_at: String,
    /// Where it came from as the learner gave it (a file name), when known.
    pub origin: Option<String>,
}
