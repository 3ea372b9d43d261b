//! Pathways: the ones shipped with Tessera (in the core) and the ones the learner added
//! (kept verbatim in the store), and their progress against the wallet's credentials.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tessera_core::pathway::{
    self, Candidate, CreditUnit, Credits, Pathway, PathwayView, Progress, ReportCredential,
    ReportSource,
};
use tessera_core::Verdict;
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
    /// For added pathways: the file it came from, when known.
    pub origin: Option<String>,
    /// SHA-256 of the definition as stored (hex).
    pub sha256: String,
}

/// A pathway in the overview: what it is and how far along the wallet is.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PathwaySummary {
    pub info: PathwayInfo,
    /// 0–100 (`tessera_core::pathway::percent`): 100 only when complete.
    pub percent: u8,
    pub complete: bool,
    pub credit_unit: CreditUnit,
    pub counted_credits: Credits,
    pub min_total_credits: Credits,
    /// Credentials counted.
    pub counted: u32,
    /// The pathway's own description, in English else any language.
    pub description: Option<String>,
}

/// The pathway page: the pathway, where it came from, and the evaluation.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PathwayPage {
    pub info: PathwayInfo,
    pub view: PathwayView,
}

/// One pathway a credential counts toward (or matched but does not count toward).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CountsToward {
    pub pathway: String,
    pub title: String,
    /// True when it is counted in the pathway's best allocation.
    pub counts: bool,
    /// Where it counts (the group's label).
    pub group: Option<String>,
    /// Why it does not count, when it matched but was excluded.
    pub reason: Option<String>,
    pub percent: u8,
    pub complete: bool,
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

fn info(
    p: &Pathway,
    languages: &[&str],
    source: &str,
    added_at: Option<String>,
    origin: Option<String>,
    raw: &[u8],
) -> PathwayInfo {
    PathwayInfo {
        id: p.id.clone(),
        title: p.title_in(languages),
        source: source.to_owned(),
        added_at,
        origin,
        sha256: hex::encode(Sha256::digest(raw)),
    }
}

pub(crate) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The footer sentence of the progress report.
fn source_text(info: &PathwayInfo) -> String {
    if info.source == "shipped" {
        format!(
            "shipped with Tessera {} as an example made by the Tessera project, not by an awarding body.",
            env!("CARGO_PKG_VERSION")
        )
    } else {
        let when = info
            .added_at
            .as_deref()
            .and_then(|t| t.get(..10))
            .unwrap_or("an unknown date");
        match &info.origin {
            Some(o) => format!("added by the learner on {when} from the file \"{o}\"."),
            None => format!("added by the learner on {when}."),
        }
    }
}

impl Wallet {
    /// Adds (or replaces, by id) a pathway file after checking it.
    /// `origin` is where it came from as the learner gave it (a file name).
    pub fn add_pathway(
        &mut self,
        raw: &[u8],
        origin: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<PathwayAdded, WalletError> {
        let p = pathway::parse(raw).map_err(WalletError::Pathway)?;
        let added_at = rfc3339(now);
        let origin = origin.map(str::to_owned);
        let replaced = self.store.put_pathway(&PathwayRecord {
            id: p.id.clone(),
            raw: raw.to_vec(),
            added_at: added_at.clone(),
            origin: origin.clone(),
        })?;
        let shipped = pathway::shipped()
            .iter()
            .filter_map(|(_, json)| pathway::parse(json.as_bytes()).ok())
            .any(|s| s.id == p.id);
        Ok(PathwayAdded {
            pathway: info(&p, &["en"], "added", Some(added_at), origin, raw),
            replaced: replaced || shipped,
        })
    }

    /// Every pathway: the learner's, then the shipped ones they did not replace.
    pub fn pathways(&self) -> Result<Vec<(PathwayInfo, Pathway)>, WalletError> {
        self.pathways_in(&["en"])
    }

    /// [`Wallet::pathways`] with titles in the first of `languages` each pathway has.
    pub fn pathways_in(
        &self,
        languages: &[&str],
    ) -> Result<Vec<(PathwayInfo, Pathway)>, WalletError> {
        let mut out = Vec::new();
        for r in self.store.list_pathways()? {
            let p = pathway::parse(&r.raw).map_err(WalletError::Pathway)?;
            out.push((
                info(&p, languages, "added", Some(r.added_at), r.origin, &r.raw),
                p,
            ));
        }
        for (_, json) in pathway::shipped() {
            let p = pathway::parse(json.as_bytes()).map_err(WalletError::Pathway)?;
            if !out.iter().any(|(_, q)| q.id == p.id) {
                out.push((
                    info(&p, languages, "shipped", None, None, json.as_bytes()),
                    p,
                ));
            }
        }
        Ok(out)
    }

    /// One pathway by id.
    pub fn pathway(&self, id: &str) -> Result<Pathway, WalletError> {
        self.pathway_with_info(id, &["en"]).map(|(_, p)| p)
    }

    fn pathway_with_info(
        &self,
        id: &str,
        languages: &[&str],
    ) -> Result<(PathwayInfo, Pathway), WalletError> {
        self.pathways_in(languages)?
            .into_iter()
            .find(|(_, p)| p.id == id)
            .ok_or_else(|| WalletError::NoPathway { id: id.to_owned() })
    }

    /// Every pathway with how far along the wallet is at `at`.
    pub fn pathway_summaries(
        &self,
        at: DateTime<Utc>,
        languages: &[&str],
    ) -> Result<Vec<PathwaySummary>, WalletError> {
        let candidates = self.candidates(at)?;
        Ok(self
            .pathways_in(languages)?
            .into_iter()
            .map(|(info, p)| {
                let progress = pathway::evaluate(&p, &candidates, at);
                PathwaySummary {
                    percent: pathway::percent(&progress),
                    complete: progress.complete,
                    credit_unit: progress.credit_unit,
                    counted_credits: progress.counted_credits,
                    min_total_credits: progress.min_total_credits,
                    counted: progress.allocation.len() as u32,
                    description: p.description_in(languages),
                    info,
                }
            })
            .collect())
    }

    /// The pathway page for `id` at `at`.
    pub fn pathway_page(
        &self,
        id: &str,
        at: DateTime<Utc>,
        languages: &[&str],
    ) -> Result<PathwayPage, WalletError> {
        let (info, p) = self.pathway_with_info(id, languages)?;
        Ok(PathwayPage {
            info,
            view: pathway::view_in(&p, &self.candidates(at)?, at, languages),
        })
    }

    /// The pathways credential `id` counts toward, or matched but is kept out of.
    pub fn credential_pathways(
        &self,
        id: &str,
        at: DateTime<Utc>,
        languages: &[&str],
    ) -> Result<Vec<CountsToward>, WalletError> {
        let candidates = self.candidates(at)?;
        if !candidates.iter().any(|c| c.id == id) {
            return Err(WalletError::NotFound { id: id.to_owned() });
        }
        let mut out = Vec::new();
        for (info, p) in self.pathways_in(languages)? {
            let progress = pathway::evaluate(&p, &candidates, at);
            let counted = pathway::counted_in(&progress, id).map(|(g, _)| {
                p.groups
                    .iter()
                    .find(|x| x.id == g)
                    .map_or_else(|| g.to_owned(), |x| x.label_in(languages))
            });
            let excluded = progress.excluded.iter().find(|e| e.credential == id);
            if counted.is_none() && excluded.is_none() {
                continue;
            }
            out.push(CountsToward {
                pathway: info.id.clone(),
                title: info.title.clone(),
                counts: counted.is_some(),
                reason: if counted.is_none() {
                    excluded.map(|e| {
                        let d = e.detail.strip_prefix("Not counted: ").unwrap_or(&e.detail);
                        crate::pathways::capitalised(d)
                    })
                } else {
                    None
                },
                group: counted,
                percent: pathway::percent(&progress),
                complete: progress.complete,
            });
        }
        Ok(out)
    }

    /// The one-page progress summary (HTML) of pathway `id` at `at`, made at `now`.
    pub fn pathway_report(
        &self,
        id: &str,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<String, WalletError> {
        let page = self.pathway_page(id, at, &["en"])?;
        let credentials: Vec<ReportCredential> = self
            .list(at)?
            .into_iter()
            .map(|s| ReportCredential {
                id: s.id,
                title: s.title,
                issuer: s.issuer_name.unwrap_or(s.issuer),
                issued: s.issued.and_then(|t| t.get(..10).map(str::to_owned)),
                eqf_level: s.eqf_level,
                checked: match s.verdict {
                    Verdict::Valid => "verified",
                    Verdict::Invalid => "invalid",
                    Verdict::Unsigned => "unsigned",
                    _ => "could not be checked",
                }
                .to_owned(),
            })
            .collect();
        let source = ReportSource {
            text: source_text(&page.info),
            sha256: page.info.sha256.clone(),
        };
        Ok(pathway::report_html(&page.view, &credentials, &source, now))
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
                skill_names: f.skill_names.clone(),
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
