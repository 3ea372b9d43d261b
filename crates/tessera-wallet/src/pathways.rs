//! Pathways: the ones shipped with Tessera (in the core) and the ones the learner added
//! (kept verbatim in the store), and their progress against the wallet's credentials.

use chrono::{DateTime, Utc};
use serde::Serialize;
use tessera_core::pathway::{self, Candidate, Pathway, Progress};
use tessera_store::PathwayRecord;

use crate::{rfc3339, view, Wallet, WalletError};

/// A pathway as the learner sees it in a list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PathwayInfo {
    pub id: String,
    /// In English, else any language the file has.
    pub title: String,
    /// `shipped` (comes with Tessera) or `added` (the learner added it).
    pub source: String,
    /// For added pathways: when (RFC 3339).
    pub added_at: Option<String>,
}

/// What adding a pathway did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PathwayAdded {
    pub pathway: PathwayInfo,
    /// A pathway with the same id was replaced.
    pub replaced: bool,
}

fn info(p: &Pathway, source: &str, added_at: Option<String>) -> PathwayInfo {
    PathwayInfo {
        id: p.id.clone(),
        title: p.title_in(&["en"]),
        source: source.to_owned(),
        added_at,
    }
}

impl Wallet {
    /// Adds (or replaces, by id) a pathway file after checking it.
    pub fn add_pathway(
        &mut self,
        raw: &[u8],
        now: DateTime<Utc>,
    ) -> Result<PathwayAdded, WalletError> {
        let p = pathway::parse(raw).map_err(WalletError::Pathway)?;
        let added_at = rfc3339(now);
        let replaced = self.store.put_pathway(&PathwayRecord {
            id: p.id.clone(),
            raw: raw.to_vec(),
            added_at: added_at.clone(),
        })?;
        let shipped = pathway::shipped()
            .iter()
            .filter_map(|(_, json)| pathway::parse(json.as_bytes()).ok())
            .any(|s| s.id == p.id);
        Ok(PathwayAdded {
            pathway: info(&p, "added", Some(added_at)),
            replaced: replaced || shipped,
        })
    }

    /// Every pathway: the learner's, then the shipped ones they did not replace.
    pub fn pathways(&self) -> Result<Vec<(PathwayInfo, Pathway)>, WalletError> {
        let mut out = Vec::new();
        for r in self.store.list_pathways()? {
            let p = pathway::parse(&r.raw).map_err(WalletError::Pathway)?;
            out.push((info(&p, "added", Some(r.added_at)), p));
        }
        for (_, json) in pathway::shipped() {
            let p = pathway::parse(json.as_bytes()).map_err(WalletError::Pathway)?;
            if !out.iter().any(|(_, q)| q.id == p.id) {
                out.push((info(&p, "shipped", None), p));
            }
        }
        Ok(out)
    }

    /// One pathway by id.
    pub fn pathway(&self, id: &str) -> Result<Pathway, WalletError> {
        self.pathways()?
            .into_iter()
            .find(|(_, p)| p.id == id)
            .map(|(_, p)| p)
            .ok_or_else(|| WalletError::NoPathway { id: id.to_owned() })
    }

    /// Removes a pathway the learner added.
    pub fn remove_pathway(&mut self, id: &str) -> Result<(), WalletError> {
        if self.store.delete_pathway(id)? {
            Ok(())
        } else {
            Err(WalletError::NoPathway { id: id.to_owned() })
        }
    }

    /// The wallet's credentials as the evaluator sees them, with their status at `at`.
    pub fn candidates(&self, at: DateTime<Utc>) -> Result<Vec<Candidate>, WalletError> {
        let mut out = Vec::new();
        for c in self.store.list_credentials()? {
            let x = view::examined_of(&c)?;
            let f = &x.facts;
            out.push(Candidate {
                id: c.id.clone(),
                titles: vec![f.title.clone()],
                achievement_id: f.achievement_id.clone(),
                achievement_type: f.achievement_type.clone(),
                issuer: f.issuer.clone(),
                skills: f.skills.clone(),
                credits: f.credits,
                credit_unit: f.credit_unit.clone(),
                eqf_level: f.eqf_level,
                issued: f.issued.clone(),
                expires: f.expires.clone(),
                verdict: x.verdict,
                status: tessera_core::verify::status_at(&x, at),
            });
        }
        Ok(out)
    }

    /// `pathway`'s progress against the wallet at `at`.
    pub fn progress(&self, pathway: &Pathway, at: DateTime<Utc>) -> Result<Progress, WalletError> {
        Ok(pathway::evaluate(pathway, &self.candidates(at)?, at))
    }
}
