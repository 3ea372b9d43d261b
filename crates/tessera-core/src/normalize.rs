//! Maps a W3C Verifiable Credential (Open Badges 3.0 in particular) into the facts
//! record and the EU critical information.
//!
//! Where each element is read from (see also ARCHITECTURE.md and
//! shared/design/eu-critical-info.md), with `cs` = `credentialSubject` and
//! `ach` = `cs.achievement`:
//!
//! | element | read from |
//! |---|---|
//! | title | `ach.name`, else the VC's `name` |
//! | issuer / issuerName | `issuer` (string) or `issuer.id` / `issuer.name` |
//! | issued | `awardedDate`, else `validFrom` (VC 2.0), else `issuanceDate` (VC 1.1) |
//! | expires | `validUntil` (VC 2.0) or `expirationDate` (VC 1.1) |
//! | credits | `cs.creditsEarned`, else `ach.creditsAvailable` |
//! | creditUnit | OB 3.0 has no unit field: `ECTS` only when the issuer says so with an alignment to the ECTS framework (`targetUrl` `http://data.europa.eu/snb/education-credit/6fcec5c5af`, or a `targetFramework`/`targetName` naming ECTS) or an `ach.creditUnit`/`creditUnit` extension value; otherwise null |
//! | eqfLevel | an `ach.alignment[]` whose `targetUrl` is `http://data.europa.eu/snb/eqf/N`, or whose `targetFramework` names the European Qualifications Framework with `targetCode` N |
//! | skills | the `targetUrl` of every other alignment of the achievement and of `cs.result[]` |
//! | learner | `cs.id`, `cs.name`, or `cs.identifier[]` (identity type, hashed or not) |
//! | country | `issuer.address.addressCountryCode`, `addressCountry`, `addressRegion` |
//! | awardingBody | `issuer` (id, name, url); `ach.creator` when it differs |
//! | learningOutcomes | the named alignments (skills, competences), else `ach.criteria.narrative` |
//! | workload | credits with their unit (present only when the unit is known) |
//! | level | the EQF level |
//! | assessment | `ach.resultDescription[].assessmentType` (Assessment Extension) or `ach.assessmentType` |
//! | participation | `ach.participation`/`modeOfParticipation` extension values (OB 3.0 has no field) |
//! | qualityAssurance | endorsements of the issuer or achievement, or `issuer.accreditations` |

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::{json, Value};

use crate::model::{Critical, CriticalElement, Facts, UNIT_ECTS, UNIT_HOURS};

const EQF_PREFIX: &str = "http://data.europa.eu/snb/eqf/";
const ECTS_FRAMEWORK: &str = "http://data.europa.eu/snb/education-credit/6fcec5c5af";

/// Parses an XSD dateTime / RFC 3339 value (a missing zone means UTC; a bare date
/// means its midnight UTC).
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(d.and_utc());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

pub fn rfc3339(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn date_field(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .and_then(parse_date)
        .map(rfc3339)
}

/// One value or a list of values, as JSON-LD allows.
pub fn many(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// A plain string, or the first value of a language map / value object.
fn text(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.clone(),
        Value::Object(o) => {
            if let Some(s) = o.get("@value").and_then(Value::as_str) {
                s.to_owned()
            } else {
                o.get("en")
                    .or_else(|| o.values().next())
                    .and_then(|x| text(Some(x)))?
            }
        }
        Value::Array(a) => text(a.first())?,
        _ => return None,
    };
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite() && *x >= 0.0)
}

fn types(v: &Value) -> Vec<String> {
    many(v.get("type"))
        .into_iter()
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect()
}

/// True for the Open Badges 3.0 credential types.
pub fn is_open_badge(doc: &Value) -> bool {
    types(doc)
        .iter()
        .any(|t| t == "OpenBadgeCredential" || t == "AchievementCredential")
}

/// The credential's issuer id.
pub fn issuer_id(doc: &Value) -> Option<String> {
    id_of(doc.get("issuer"))
}

struct Alignments {
    eqf: Option<u8>,
    ects: bool,
    skills: Vec<String>,
    skill_names: std::collections::BTreeMap<String, String>,
    outcomes: Vec<String>,
}

fn eqf_of(a: &Value) -> Option<u8> {
    let url = a.get("targetUrl").and_then(Value::as_str).unwrap_or("");
    let level = if let Some(rest) = url.strip_prefix(EQF_PREFIX) {
        rest.trim_end_matches('/').parse::<u8>().ok()
    } else {
        let fw = text(a.get("targetFramework"))
            .unwrap_or_default()
            .to_lowercase();
        if fw.contains("european qualifications framework") || fw == "eqf" {
            text(a.get("targetCode")).and_then(|c| {
                c.trim_start_matches(|ch: char| !ch.is_ascii_digit())
                    .parse::<u8>()
                    .ok()
            })
        } else {
            None
        }
    };
    level.filter(|l| (1..=8).contains(l))
}

fn is_ects(a: &Value) -> bool {
    let url = a.get("targetUrl").and_then(Value::as_str).unwrap_or("");
    let fw = text(a.get("targetFramework"))
        .unwrap_or_default()
        .to_lowercase();
    url == ECTS_FRAMEWORK || fw == "ects" || fw.contains("european credit transfer")
}

fn alignments(list: Vec<&Value>) -> Alignments {
    let mut out = Alignments {
        eqf: None,
        ects: false,
        skills: Vec::new(),
        skill_names: Default::default(),
        outcomes: Vec::new(),
    };
    for a in list {
        if let Some(l) = eqf_of(a) {
            out.eqf = out.eqf.or(Some(l));
            continue;
        }
        if is_ects(a) {
            out.ects = true;
            continue;
        }
        if let Some(url) = a.get("targetUrl").and_then(Value::as_str) {
            if !out.skills.iter().any(|s| s == url) {
                out.skills.push(url.to_owned());
            }
        }
        if let Some(name) = text(a.get("targetName")) {
            if let Some(url) = a.get("targetUrl").and_then(Value::as_str) {
                out.skill_names.insert(url.to_owned(), name.clone());
            }
            out.outcomes.push(name);
        }
    }
    out
}

fn credit_unit(ach: &Value, cs: &Value, ects_aligned: bool) -> Option<String> {
    if ects_aligned {
        return Some(UNIT_ECTS.to_owned());
    }
    for v in [ach.get("creditUnit"), cs.get("creditUnit")] {
        if let Some(u) = text(v) {
            let l = u.to_lowercase();
            if l == "ects" || l.contains("european credit transfer") {
                return Some(UNIT_ECTS.to_owned());
            }
            if l == "hours" || l == "hour" || l == "h" {
                return Some(UNIT_HOURS.to_owned());
            }
        }
    }
    None
}

fn country(issuer: &Value) -> Option<String> {
    let addr = issuer.get("address")?;
    text(addr.get("addressCountryCode"))
        .or_else(|| text(addr.get("addressCountry")))
        .or_else(|| text(addr.get("addressRegion")))
}

/// Only embedded images: a `data:image/...` URI. Remote images are never fetched here.
fn embedded_image(v: Option<&Value>) -> Option<String> {
    let id = id_of(v)?;
    let lower = id.to_ascii_lowercase();
    (lower.starts_with("data:image/png;")
        || lower.starts_with("data:image/jpeg;")
        || lower.starts_with("data:image/gif;")
        || lower.starts_with("data:image/webp;")
        || lower.starts_with("data:image/svg+xml;"))
    .then_some(id)
}

fn learner(cs: &Value) -> (Option<String>, Value) {
    let id = cs.get("id").and_then(Value::as_str).map(str::to_owned);
    let name = text(cs.get("name"));
    let identifiers: Vec<Value> = many(cs.get("identifier"))
        .into_iter()
        .filter_map(|i| {
            let kind = text(i.get("identityType"))?;
            let hashed = i.get("hashed").and_then(Value::as_bool).unwrap_or(false);
            let value = if hashed {
                Value::Null
            } else {
                text(i.get("identityHash"))
                    .map(Value::String)
                    .unwrap_or(Value::Null)
            };
            Some(json!({ "identityType": kind, "hashed": hashed, "value": value }))
        })
        .collect();
    let display = name.clone().or_else(|| id.clone()).or_else(|| {
        identifiers.first().map(|i| {
            if i["hashed"].as_bool().unwrap_or(false) {
                format!("{} (hashed)", i["identityType"].as_str().unwrap_or(""))
            } else {
                i["value"].as_str().unwrap_or("").to_owned()
            }
        })
    });
    let mut value = serde_json::Map::new();
    if let Some(id) = id {
        value.insert("id".into(), id.into());
    }
    if let Some(n) = name {
        value.insert("name".into(), n.into());
    }
    if !identifiers.is_empty() {
        value.insert("identifier".into(), identifiers.into());
    }
    (display, Value::Object(value))
}

/// Facts and critical information of a VC (VC 1.1 or 2.0; Open Badges 3.0 or other).
pub fn normalize(doc: &Value) -> (Facts, Critical) {
    let null = Value::Null;
    // A VC may have several subjects; the first is the learner's.
    let cs = many(doc.get("credentialSubject"))
        .into_iter()
        .next()
        .unwrap_or(&null);
    let ach = cs.get("achievement").unwrap_or(&null);
    let issuer = doc.get("issuer").unwrap_or(&null);
    let issuer_name = text(issuer.get("name"));

    let mut align = many(ach.get("alignment"));
    for r in many(cs.get("result")) {
        align.extend(many(r.get("alignment")));
    }
    let al = alignments(align);

    let title = text(ach.get("name"))
        .or_else(|| text(doc.get("name")))
        .or_else(|| types(doc).into_iter().find(|t| t != "VerifiableCredential"))
        .unwrap_or_else(|| "Untitled credential".to_owned());
    let valid_from = date_field(doc, "validFrom").or_else(|| date_field(doc, "issuanceDate"));
    let issued = date_field(doc, "awardedDate").or_else(|| valid_from.clone());
    let expires = date_field(doc, "validUntil").or_else(|| date_field(doc, "expirationDate"));
    let credits = number(cs.get("creditsEarned")).or_else(|| number(ach.get("creditsAvailable")));
    let unit = credits.and_then(|_| credit_unit(ach, cs, al.ects));
    let criteria = text(ach.get("criteria").and_then(|c| c.get("narrative")));
    let description = text(ach.get("description")).or_else(|| text(doc.get("description")));
    let (learner_display, learner_value) = learner(cs);

    let mut outcomes = al.outcomes.clone();
    if outcomes.is_empty() {
        if let Some(c) = &criteria {
            outcomes.push(c.clone());
        }
    }

    let facts = Facts {
        registry: None,
        issuer_claimed_name: None,
        achievement_type: ach
            .get("achievementType")
            .and_then(Value::as_str)
            .map(str::to_owned),
        title: title.clone(),
        issuer: issuer_id(doc).unwrap_or_default(),
        issuer_name: issuer_name.clone(),
        issued: issued.clone(),
        valid_from: valid_from.filter(|v| Some(v) != issued.as_ref()),
        achievement_id: ach.get("id").and_then(Value::as_str).map(str::to_owned),
        credits,
        credit_unit: unit.clone(),
        eqf_level: al.eqf,
        skills: al.skills.clone(),
        skill_names: al.skill_names.clone(),
        expires,
        description,
        criteria,
        learner: learner_display,
        learning_outcomes: outcomes.clone(),
        image: embedded_image(ach.get("image")).or_else(|| embedded_image(doc.get("image"))),
        credential_id: doc.get("id").and_then(Value::as_str).map(str::to_owned),
        unreadable_dates: ["validFrom", "issuanceDate", "validUntil", "expirationDate"]
            .iter()
            .any(|k| match doc.get(*k) {
                None => false,
                Some(v) => v.as_str().and_then(parse_date).is_none(),
            }),
    };

    // Awarding body: the issuer, and the achievement's creator when it is another body.
    let mut body = serde_json::Map::new();
    if let Some(id) = issuer_id(doc) {
        body.insert("id".into(), id.into());
    }
    if let Some(n) = &issuer_name {
        body.insert("name".into(), n.clone().into());
    }
    if let Some(u) = text(issuer.get("url")) {
        body.insert("url".into(), u.into());
    }
    if let Some(creator) = ach.get("creator") {
        if id_of(Some(creator)) != issuer_id(doc) {
            let mut c = serde_json::Map::new();
            if let Some(id) = id_of(Some(creator)) {
                c.insert("id".into(), id.into());
            }
            if let Some(n) = text(creator.get("name")) {
                c.insert("name".into(), n.into());
            }
            body.insert("creator".into(), Value::Object(c));
        }
    }

    let workload = match (credits, &unit) {
        (Some(c), Some(u)) => CriticalElement::of(json!({ "credits": c, "unit": u })),
        (Some(c), None) => CriticalElement {
            present: false,
            value: json!({ "credits": c, "unit": null, "note": "the issuer does not say whether these are ECTS credits or hours" }),
        },
        _ => CriticalElement::missing(),
    };
    let assessment: Vec<Value> = many(ach.get("resultDescription"))
        .into_iter()
        .filter_map(|r| text(r.get("assessmentType")).map(Value::String))
        .chain(text(ach.get("assessmentType")).map(Value::String))
        .collect();
    let participation: Vec<Value> = [ach.get("participation"), ach.get("modeOfParticipation")]
        .into_iter()
        .flat_map(many)
        .filter_map(|v| text(Some(v)).map(Value::String))
        .collect();
    let mut qa = Vec::new();
    for e in many(issuer.get("endorsement"))
        .into_iter()
        .chain(many(ach.get("endorsement")))
    {
        let by = e.get("issuer");
        qa.push(json!({
            "kind": "endorsement",
            "by": text(by.and_then(|b| b.get("name"))).or_else(|| id_of(by)),
        }));
    }
    for a in many(issuer.get("accreditations")) {
        qa.push(json!({ "kind": "accreditation", "name": text(a.get("name")).or_else(|| id_of(Some(a))) }));
    }

    let critical = Critical {
        learner: CriticalElement::of(learner_value),
        title: CriticalElement::of(Value::String(title)),
        country: CriticalElement::of(country(issuer).map(Value::String).unwrap_or(Value::Null)),
        awarding_body: if body.contains_key("name") || body.contains_key("id") {
            CriticalElement::of(Value::Object(body))
        } else {
            CriticalElement::missing()
        },
        issued: CriticalElement::of(issued.map(Value::String).unwrap_or(Value::Null)),
        learning_outcomes: CriticalElement::of(Value::Array(
            outcomes.into_iter().map(Value::String).collect(),
        )),
        workload,
        level: CriticalElement::of(
            al.eqf
                .map(|l| json!({ "framework": "EQF", "eqf": l }))
                .unwrap_or(Value::Null),
        ),
        assessment: CriticalElement::of(Value::Array(assessment)),
        participation: CriticalElement::of(Value::Array(participation)),
        quality_assurance: CriticalElement::of(Value::Array(qa)),
    };
    (facts, critical)
}
