//! Maps an ELM v3 credential (European Digital Credential, `edc-ap` context) into the
//! facts record and the EU critical information.
//!
//! `cs` = `credentialSubject`, `claim` = each of `cs.hasClaim[]`, `spec` = each of
//! `claim.specifiedBy[]`. Text fields are language maps (English, else the first language
//! given); coded values are Concepts (`prefLabel`, else `id`); any property may be one value
//! or a list.
//!
//! | element | read from |
//! |---|---|
//! | title | `claim.title`, else `spec.title`, else `displayParameter.title` |
//! | issuer / issuerName | `issuer.id` / `issuer.legalName` (the sealing organisation) |
//! | issued | `issued`, else `issuanceDate`, else `validFrom` |
//! | expires | `expirationDate`, else `validUntil` |
//! | credits / creditUnit | `spec.creditPoint[].point` (a string); ECTS when `framework.id` is the ECTS concept; else `claim.creditReceived[]`; else `spec.volumeOfLearning` or `claim.workload` (a LearningActivity) in hours when it is a time-only duration (`PT45H`; `P60M` is months and is not used) |
//! | eqfLevel | `spec.eqfLevel` = `http://data.europa.eu/snb/eqf/N` |
//! | learningOutcomes | `spec.learningOutcome[].title`, else `spec.learningOutcomeSummary` |
//! | skills | `spec.learningOutcome[].relatedESCOSkill[]` and `relatedSkill[]`: the URI, else the label |
//! | learner | `cs.fullName`, else `givenName` + `familyName`, else `cs.id` |
//! | country | `issuer.location[].address[].countryCode` (`…/country/IRL` → `IRL`), else the awarding body's |
//! | awardingBody | `claim.awardedBy[].awardingBody[]` (id, legalName), with the sealing issuer when it differs (mandated issuing) |
//! | assessment | `claim.provenBy[].specifiedBy[].dcType`, else `provenBy.title` |
//! | participation | `spec.mode[]`, `spec.learningSetting` |
//! | qualityAssurance | `spec.accreditation[]`, `awardingBody.accreditation[]` |

use serde_json::{json, Map, Value};

use crate::model::{Critical, CriticalElement, Facts, UNIT_ECTS, UNIT_HOURS};
use crate::normalize::{many, parse_date, rfc3339};

const EQF_PREFIX: &str = "http://data.europa.eu/snb/eqf/";
const ECTS_FRAMEWORK: &str = "http://data.europa.eu/snb/education-credit/6fcec5c5af";
const COUNTRY_PREFIX: &str = "http://publications.europa.eu/resource/authority/country/";

/// A language map, value object, plain string or a list of them: English, else the first
/// language available.
pub(crate) fn lang(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.clone(),
        Value::Array(a) => return a.iter().find_map(|x| lang(Some(x))),
        Value::Object(o) => {
            if let Some(x) = o.get("@value") {
                return lang(Some(x));
            }
            if let Some(x) = o.get("en").and_then(|x| lang(Some(x))) {
                return Some(x);
            }
            return o
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "@language" | "@type" | "id" | "type"))
                .find_map(|(_, x)| lang(Some(x)));
        }
        _ => return None,
    };
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        Value::Array(a) => id_of(a.first()),
        _ => None,
    }
}

/// A Concept's label (English first), else its id.
fn concept(v: &Value) -> Option<String> {
    lang(v.get("prefLabel")).or_else(|| id_of(Some(v)))
}

/// Every value of `key` over a list of objects, one-or-many flattened.
fn all<'a>(of: &[&'a Value], key: &str) -> Vec<&'a Value> {
    of.iter().flat_map(|v| many(v.get(key))).collect()
}

fn push_unique(list: &mut Vec<String>, s: String) {
    if !list.contains(&s) {
        list.push(s);
    }
}

/// Hours in a time-only ISO 8601 duration (`PT45H`, `PT1H30M`, `P2DT3H`: days count 24
/// hours). Durations with years, months or weeks (`P60M` = 60 months) are not a number of
/// hours and give `None`.
pub(crate) fn duration_hours(s: &str) -> Option<f64> {
    let rest = s.trim().strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut hours = 0.0;
    let mut any = false;
    let mut read = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut num = String::new();
        for ch in part.chars() {
            if ch.is_ascii_digit() || ch == '.' || ch == ',' {
                num.push(if ch == ',' { '.' } else { ch });
            } else {
                let factor = units.iter().find(|(u, _)| *u == ch)?.1;
                let n: f64 = num.parse().ok()?;
                hours += n * factor;
                any = true;
                num.clear();
            }
        }
        num.is_empty().then_some(())
    };
    read(date, &[('D', 24.0)])?;
    if let Some(t) = time {
        if t.is_empty() {
            return None;
        }
        read(t, &[('H', 1.0), ('M', 1.0 / 60.0), ('S', 1.0 / 3600.0)])?;
    }
    (any && hours.is_finite()).then_some(hours)
}

fn date_field(doc: &Value, key: &str) -> Option<String> {
    doc.get(key)
        .and_then(Value::as_str)
        .and_then(parse_date)
        .map(rfc3339)
}

fn country_code(v: &Value) -> Option<String> {
    let id = id_of(Some(v))?;
    Some(
        id.strip_prefix(COUNTRY_PREFIX)
            .map(str::to_owned)
            .unwrap_or(id),
    )
}

/// The country code of an organisation's location address.
fn org_country(org: &Value) -> Option<String> {
    let locations = many(org.get("location"));
    let addresses = all(&locations, "address");
    all(&addresses, "countryCode")
        .into_iter()
        .find_map(country_code)
}

fn org(v: &Value) -> Value {
    let mut m = Map::new();
    if let Some(id) = id_of(Some(v)) {
        m.insert("id".into(), id.into());
    }
    if let Some(n) = lang(v.get("legalName")).or_else(|| lang(v.get("altLabel"))) {
        m.insert("name".into(), n.into());
    }
    if let Some(c) = org_country(v) {
        m.insert("country".into(), c.into());
    }
    Value::Object(m)
}

/// Facts and critical information of an ELM v3 credential.
pub(crate) fn normalize(doc: &Value) -> (Facts, Critical) {
    let null = Value::Null;
    let cs = many(doc.get("credentialSubject"))
        .into_iter()
        .next()
        .unwrap_or(&null);
    let issuer = doc.get("issuer").unwrap_or(&null);
    let claims = many(cs.get("hasClaim"));
    let specs = all(&claims, "specifiedBy");

    let title = claims
        .iter()
        .find_map(|c| lang(c.get("title")))
        .or_else(|| specs.iter().find_map(|s| lang(s.get("title"))))
        .or_else(|| lang(doc.get("displayParameter").and_then(|d| d.get("title"))))
        .unwrap_or_else(|| "European Digital Credential".to_owned());
    let description = claims
        .iter()
        .find_map(|c| lang(c.get("description")))
        .or_else(|| specs.iter().find_map(|s| lang(s.get("description"))));

    // Workload: credit points (ECTS first), else a duration in hours.
    let points: Vec<(f64, bool)> = all(&specs, "creditPoint")
        .into_iter()
        .chain(all(&claims, "creditReceived"))
        .filter_map(|p| {
            let n = match p.get("point") {
                Some(Value::String(s)) => s.trim().replace(',', ".").parse::<f64>().ok(),
                Some(Value::Number(n)) => n.as_f64(),
                _ => None,
            }
            .filter(|x| x.is_finite() && *x >= 0.0)?;
            let ects = id_of(p.get("framework")).as_deref() == Some(ECTS_FRAMEWORK);
            Some((n, ects))
        })
        .collect();
    let volume_raw = specs
        .iter()
        .find_map(|s| s.get("volumeOfLearning").and_then(Value::as_str))
        .or_else(|| {
            claims
                .iter()
                .find_map(|c| c.get("workload").and_then(Value::as_str))
        });
    let volume_hours = volume_raw.and_then(duration_hours);
    let (credits, unit) = match points.iter().find(|(_, e)| *e).or(points.first()) {
        Some((n, true)) => (Some(*n), Some(UNIT_ECTS.to_owned())),
        Some((n, false)) => (Some(*n), None),
        None => match volume_hours {
            Some(h) => (Some(h), Some(UNIT_HOURS.to_owned())),
            None => (None, None),
        },
    };

    let eqf = specs.iter().find_map(|s| {
        let id = id_of(s.get("eqfLevel"))?;
        let n: u8 = id
            .strip_prefix(EQF_PREFIX)?
            .trim_end_matches('/')
            .parse()
            .ok()?;
        (1..=8).contains(&n).then_some(n)
    });

    let outcome_objs = all(&specs, "learningOutcome");
    let mut outcomes = Vec::new();
    let mut skills = Vec::new();
    for lo in &outcome_objs {
        if let Some(t) = lang(lo.get("title")) {
            push_unique(&mut outcomes, t);
        }
        for s in many(lo.get("relatedESCOSkill"))
            .into_iter()
            .chain(many(lo.get("relatedSkill")))
        {
            let id = id_of(Some(s)).filter(|i| i.starts_with("http"));
            if let Some(k) = id.or_else(|| concept(s)) {
                push_unique(&mut skills, k);
            }
        }
    }
    if outcomes.is_empty() {
        for s in &specs {
            if let Some(t) = lang(
                s.get("learningOutcomeSummary")
                    .and_then(|n| n.get("noteLiteral")),
            ) {
                push_unique(&mut outcomes, t);
            }
        }
    }

    // Learner.
    let learner_name = lang(cs.get("fullName")).or_else(|| {
        let parts: Vec<String> = [lang(cs.get("givenName")), lang(cs.get("familyName"))]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    let learner_id = cs.get("id").and_then(Value::as_str).map(str::to_owned);
    let mut learner = Map::new();
    if let Some(n) = &learner_name {
        learner.insert("name".into(), n.clone().into());
    }
    if let Some(i) = &learner_id {
        learner.insert("id".into(), i.clone().into());
    }

    // Dates.
    let issued = date_field(doc, "issued")
        .or_else(|| date_field(doc, "issuanceDate"))
        .or_else(|| date_field(doc, "validFrom"));
    let valid_from = date_field(doc, "validFrom");
    let expires = date_field(doc, "expirationDate").or_else(|| date_field(doc, "validUntil"));

    // Awarding body (may differ from the sealing issuer under a mandate).
    let awarded_by = all(&claims, "awardedBy");
    let bodies: Vec<&Value> = all(&awarded_by, "awardingBody");
    let issuer_org = org(issuer);
    let issuer_name = issuer_org
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let issuer_id = id_of(Some(issuer));
    let awarding_body = if let Some(first) = bodies.first() {
        let mut b = match org(first) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        if bodies.len() > 1 {
            b.insert(
                "others".into(),
                Value::Array(bodies[1..].iter().map(|o| org(o)).collect()),
            );
        }
        if id_of(Some(first)) != issuer_id && issuer.is_object() {
            b.insert("issuedBy".into(), issuer_org.clone());
        }
        Value::Object(b)
    } else {
        issuer_org.clone()
    };
    let awarding_present = awarding_body
        .as_object()
        .is_some_and(|m| m.contains_key("id") || m.contains_key("name"));

    let country = org_country(issuer).or_else(|| bodies.iter().find_map(|b| org_country(b)));

    // Assessment, participation, quality assurance.
    let proven = all(&claims, "provenBy");
    let mut assessment = Vec::new();
    for p in &proven {
        let mut found = false;
        for s in many(p.get("specifiedBy")) {
            for t in many(s.get("dcType")) {
                if let Some(l) = concept(t) {
                    push_unique(&mut assessment, l);
                    found = true;
                }
            }
        }
        if !found {
            if let Some(t) = lang(p.get("title")) {
                push_unique(&mut assessment, t);
            }
        }
    }
    let mut participation = Vec::new();
    let influenced = all(&claims, "influencedBy");
    let activity_specs = all(&influenced, "specifiedBy");
    for m in all(&specs, "mode")
        .into_iter()
        .chain(all(&activity_specs, "mode"))
        .chain(all(&specs, "learningSetting"))
    {
        if let Some(l) = concept(m) {
            push_unique(&mut participation, l);
        }
    }
    let mut qa = Vec::new();
    for a in all(&specs, "accreditation")
        .into_iter()
        .chain(all(&bodies, "accreditation"))
    {
        let mut m = Map::new();
        m.insert("kind".into(), "accreditation".into());
        if let Some(t) = many(a.get("dcType")).into_iter().find_map(concept) {
            m.insert("type".into(), t.into());
        }
        if let Some(by) = a
            .get("accreditingAgent")
            .and_then(|g| lang(g.get("legalName")).or_else(|| id_of(Some(g))))
        {
            m.insert("by".into(), by.into());
        }
        if let Some(t) = lang(a.get("title")) {
            m.insert("title".into(), t.into());
        }
        if let Some(i) = id_of(a.get("identifier")).or_else(|| id_of(Some(a))) {
            m.insert("id".into(), i.into());
        }
        qa.push(Value::Object(m));
    }

    let facts = Facts {
        skill_names: Default::default(),
        registry: None,
        issuer_claimed_name: None,
        achievement_type: None,
        title: title.clone(),
        issuer: issuer_id.clone().unwrap_or_default(),
        issuer_name,
        issued: issued.clone(),
        valid_from: valid_from.filter(|v| Some(v) != issued.as_ref()),
        achievement_id: specs
            .iter()
            .find_map(|s| s.get("id").and_then(Value::as_str).map(str::to_owned)),
        credits,
        credit_unit: unit.clone(),
        eqf_level: eqf,
        skills,
        expires,
        description,
        criteria: None,
        learner: learner_name.or(learner_id),
        learning_outcomes: outcomes.clone(),
        image: None,
        credential_id: doc.get("id").and_then(Value::as_str).map(str::to_owned),
        unreadable_dates: [
            "validFrom",
            "issuanceDate",
            "issued",
            "validUntil",
            "expirationDate",
        ]
        .iter()
        .any(|k| match doc.get(*k) {
            None | Some(Value::Null) => false,
            Some(v) => v.as_str().and_then(parse_date).is_none(),
        }),
    };

    let workload = match (credits, &unit) {
        (Some(c), Some(u)) => {
            let mut w = json!({ "credits": c, "unit": u });
            if let Some(v) = volume_raw {
                w["duration"] = v.into();
            }
            CriticalElement::of(w)
        }
        (Some(c), None) => CriticalElement {
            present: false,
            value: json!({ "credits": c, "unit": null, "note": "the credit points name a framework other than ECTS" }),
        },
        _ => match volume_raw {
            Some(v) => CriticalElement {
                present: false,
                value: json!({ "duration": v, "note": "the duration is not a number of hours" }),
            },
            None => CriticalElement::missing(),
        },
    };

    let critical = Critical {
        learner: CriticalElement::of(Value::Object(learner)),
        title: CriticalElement::of(Value::String(title)),
        country: CriticalElement::of(country.map(Value::String).unwrap_or(Value::Null)),
        awarding_body: if awarding_present {
            CriticalElement::of(awarding_body)
        } else {
            CriticalElement::missing()
        },
        issued: CriticalElement::of(issued.map(Value::String).unwrap_or(Value::Null)),
        learning_outcomes: CriticalElement::of(Value::Array(
            outcomes.into_iter().map(Value::String).collect(),
        )),
        workload,
        level: CriticalElement::of(
            eqf.map(|l| json!({ "framework": "EQF", "eqf": l }))
                .unwrap_or(Value::Null),
        ),
        assessment: CriticalElement::of(Value::Array(
            assessment.into_iter().map(Value::String).collect(),
        )),
        participation: CriticalElement::of(Value::Array(
            participation.into_iter().map(Value::String).collect(),
        )),
        quality_assurance: CriticalElement::of(Value::Array(qa)),
    };
    (facts, critical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_hours() {
        assert_eq!(duration_hours("PT45H"), Some(45.0));
        assert_eq!(duration_hours("PT1H30M"), Some(1.5));
        assert_eq!(duration_hours("P1DT2H"), Some(26.0));
        for bad in [
            "P60M", "P1Y", "P2W", "PT", "P", "", "45", "PTxH", "PT5", "P1.2.3D",
        ] {
            assert_eq!(duration_hours(bad), None, "{bad}");
        }
    }

    #[test]
    fn language_maps() {
        assert_eq!(
            lang(Some(&json!({"de": "Titel", "en": "Title"}))),
            Some("Title".into())
        );
        assert_eq!(lang(Some(&json!({"fr": "Titre"}))), Some("Titre".into()));
        assert_eq!(
            lang(Some(&json!([{"fr": " "}, {"de": "X"}]))),
            Some("X".into())
        );
        assert_eq!(lang(Some(&json!({"en": ["A", "B"]}))), Some("A".into()));
        assert_eq!(lang(Some(&json!(5))), None);
    }
}
