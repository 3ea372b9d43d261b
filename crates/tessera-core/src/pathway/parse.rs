//! Reading and validating a pathway file.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::credits::{Credits, MAX_DECIMALS, MAX_FIGURE};
use super::{
    CreditUnit, Group, ItemCredits, Matcher, MissingLevel, Outcome, Pathway, Policy, Select,
    SkillMatch, TitlePattern,
};

/// The largest pathway file accepted.
pub const MAX_PATHWAY_BYTES: usize = 1 << 20;
/// At most this many groups (the evaluator keeps group sets in 64-bit masks).
const MAX_GROUPS: usize = 64;
/// At most this many required entries in the whole pathway.
const MAX_REQUIRED_TOTAL: usize = 256;
/// At most this many matchers in one list.
const MAX_MATCHERS: usize = 256;
/// At most this many strings in one list (`skill`, `issuer`, `achievementId`).
const MAX_LIST: usize = 10_000;
/// Longest `titlePattern`.
const MAX_PATTERN: usize = 2_000;
/// Compiled size limit for one `titlePattern`.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Largest `hoursPerEcts`, and its most decimal places.
const MAX_HOURS_PER_ECTS: u64 = 10_000;
const MAX_HOURS_PER_ECTS_DECIMALS: u32 = 6;
/// Largest `select.min` / `select.max`, `maxAgeMonths`, `minDistinctIssuers`.
const MAX_COUNT: u64 = 10_000;
const MAX_MONTHS: u64 = 1_200;

/// Why a pathway file was refused. Every variant that concerns one field carries its JSON
/// path (`groups[2].select.min`; the top level is `""`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathwayError {
    #[error("the pathway file is {size} bytes; Tessera accepts pathway files up to {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error("the pathway file is not valid JSON: {reason}")]
    NotJson { reason: String },
    #[error("{}", unknown_message(.path, .keys, .allowed))]
    UnknownKeys {
        /// The object holding the unknown keys.
        path: String,
        keys: Vec<String>,
        /// The keys that may appear there.
        allowed: Vec<String>,
    },
    #[error("{path} is missing")]
    Missing { path: String },
    #[error("{path} should be {expected}, but it is {found}")]
    WrongType {
        path: String,
        expected: String,
        found: String,
    },
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
}

impl PathwayError {
    /// The JSON path the error is about, when it is about one field.
    pub fn path(&self) -> Option<&str> {
        match self {
            PathwayError::TooLarge { .. } | PathwayError::NotJson { .. } => None,
            PathwayError::UnknownKeys { path, .. }
            | PathwayError::Missing { path }
            | PathwayError::WrongType { path, .. }
            | PathwayError::Invalid { path, .. } => Some(path),
        }
    }
}

fn unknown_message(path: &str, keys: &[String], allowed: &[String]) -> String {
    let full: Vec<String> = keys.iter().map(|k| join(path, k)).collect();
    let noun = if keys.len() == 1 { "key" } else { "keys" };
    format!(
        "unknown {noun} {} (allowed {}: {})",
        full.join(", "),
        if path.is_empty() {
            "at the top level".to_owned()
        } else {
            format!("in {path}")
        },
        allowed.join(", ")
    )
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn wrong(path: &str, expected: &str, found: &Value) -> PathwayError {
    PathwayError::WrongType {
        path: path.to_owned(),
        expected: expected.to_owned(),
        found: kind(found).to_owned(),
    }
}

fn invalid(path: &str, reason: impl Into<String>) -> PathwayError {
    PathwayError::Invalid {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>, PathwayError> {
    v.as_object().ok_or_else(|| wrong(path, "an object", v))
}

fn check_keys(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Result<(), PathwayError> {
    let unknown: Vec<String> = map
        .keys()
        .filter(|k| !allowed.contains(&k.as_str()))
        .cloned()
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(PathwayError::UnknownKeys {
            path: path.to_owned(),
            keys: unknown,
            allowed: allowed.iter().map(|s| (*s).to_owned()).collect(),
        })
    }
}

fn required<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<&'a Value, PathwayError> {
    map.get(key).ok_or_else(|| PathwayError::Missing {
        path: join(path, key),
    })
}

fn string(v: &Value, path: &str) -> Result<String, PathwayError> {
    let s = v.as_str().ok_or_else(|| wrong(path, "a string", v))?;
    if s.trim().is_empty() {
        return Err(invalid(path, "must not be empty"));
    }
    Ok(s.to_owned())
}

fn boolean(v: &Value, path: &str) -> Result<bool, PathwayError> {
    v.as_bool().ok_or_else(|| wrong(path, "true or false", v))
}

fn count(v: &Value, path: &str, max: u64) -> Result<u32, PathwayError> {
    let n = match v {
        Value::Number(n) => n,
        _ => return Err(wrong(path, "a whole number", v)),
    };
    let value = if let Some(u) = n.as_u64() {
        u
    } else {
        match n.as_f64() {
            Some(f) if f >= 0.0 && f.fract() == 0.0 && f <= max as f64 => f as u64,
            _ => {
                return Err(invalid(
                    path,
                    format!("must be a whole number from 0 to {max}"),
                ))
            }
        }
    };
    if value > max {
        return Err(invalid(
            path,
            format!("must be a whole number from 0 to {max}"),
        ));
    }
    Ok(value as u32)
}

fn eqf_level(v: &Value, path: &str) -> Result<u8, PathwayError> {
    let n = count(v, path, 8).map_err(|e| match e {
        PathwayError::Invalid { path, .. } => PathwayError::Invalid {
            path,
            reason: "an EQF level is a whole number from 1 to 8".into(),
        },
        other => other,
    })?;
    if n == 0 {
        return Err(invalid(path, "an EQF level is a whole number from 1 to 8"));
    }
    Ok(n as u8)
}

/// A credit figure: a number or a decimal string.
fn credits(v: &Value, path: &str) -> Result<Credits, PathwayError> {
    let parsed = match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                (u <= MAX_FIGURE).then(|| Credits::from_integer(u))
            } else {
                n.as_f64().and_then(Credits::from_f64)
            }
        }
        Value::String(s) => Credits::parse_decimal(s),
        _ => return Err(wrong(path, "a number of credits", v)),
    };
    parsed.ok_or_else(|| {
        invalid(
            path,
            format!(
                "must be a number of credits from 0 to {MAX_FIGURE} with at most {MAX_DECIMALS} decimal places"
            ),
        )
    })
}

fn is_language_tag(tag: &str) -> bool {
    if tag.is_empty() || tag.len() > 35 {
        return false;
    }
    let mut subtags = tag.split('-');
    let first = subtags.next().unwrap_or("");
    if !(2..=8).contains(&first.len()) || !first.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    subtags.all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn language_map(v: &Value, path: &str) -> Result<BTreeMap<String, String>, PathwayError> {
    let map = v
        .as_object()
        .ok_or_else(|| wrong(path, "an object of language tags to text", v))?;
    if map.is_empty() {
        return Err(invalid(path, "needs at least one language"));
    }
    let mut out = BTreeMap::new();
    for (tag, text) in map {
        let here = join(path, tag);
        if !is_language_tag(tag) {
            return Err(invalid(
                &here,
                format!("'{tag}' is not a language tag (BCP 47, like \"en\" or \"de-AT\")"),
            ));
        }
        out.insert(tag.clone(), string(text, &here)?);
    }
    Ok(out)
}

fn string_list(v: &Value, path: &str) -> Result<Vec<String>, PathwayError> {
    let items = v
        .as_array()
        .ok_or_else(|| wrong(path, "a list of strings", v))?;
    if items.is_empty() {
        return Err(invalid(path, "must not be empty"));
    }
    if items.len() > MAX_LIST {
        return Err(invalid(path, format!("has more than {MAX_LIST} entries")));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| string(item, &index(path, i)))
        .collect()
}

const TOP_KEYS: &[&str] = &[
    "type",
    "version",
    "id",
    "title",
    "description",
    "outcome",
    "policy",
    "groups",
];
const OUTCOME_KEYS: &[&str] = &["credits", "eqfLevel"];
const POLICY_KEYS: &[&str] = &[
    "creditUnit",
    "hoursPerEcts",
    "minTotalCredits",
    "minEqfLevel",
    "missingLevel",
    "maxAgeMonths",
    "itemCredits",
    "minDistinctIssuers",
    "requireVerified",
];
const ITEM_CREDITS_KEYS: &[&str] = &["min", "max"];
const GROUP_KEYS: &[&str] = &["id", "label", "required", "select", "from", "minCredits"];
const SELECT_KEYS: &[&str] = &["min", "max"];
const MATCHER_KEYS: &[&str] = &[
    "any",
    "achievementId",
    "skill",
    "skillMatch",
    "titlePattern",
    "flags",
    "issuer",
    "achievementType",
    "minCredits",
    "minEqfLevel",
    "maxAgeMonths",
];

/// Parses and validates a pathway file. Errors name the field (JSON path like
/// `groups[2].select.min`) and the problem; unknown keys anywhere are an error naming them.
pub fn parse(bytes: &[u8]) -> Result<Pathway, PathwayError> {
    if bytes.len() > MAX_PATHWAY_BYTES {
        return Err(PathwayError::TooLarge {
            size: bytes.len(),
            max: MAX_PATHWAY_BYTES,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let root: Value = serde_json::from_slice(bytes).map_err(|e| PathwayError::NotJson {
        reason: e.to_string(),
    })?;
    let map = object(&root, "")?;
    check_keys(map, "", TOP_KEYS)?;

    let kind = required(map, "", "type")?;
    if kind.as_str() != Some("TesseraPathway") {
        return Err(match kind {
            Value::String(s) => invalid(
                "type",
                format!("is \"{s}\"; a pathway file has \"type\": \"TesseraPathway\""),
            ),
            other => wrong("type", "the string \"TesseraPathway\"", other),
        });
    }
    let version = required(map, "", "version")?;
    match version.as_u64() {
        Some(1) => {}
        Some(n) => {
            return Err(invalid(
                "version",
                format!("version {n} is not supported; this Tessera reads version 1"),
            ))
        }
        None => return Err(wrong("version", "the number 1", version)),
    }
    let id = string(required(map, "", "id")?, "id")?;
    let title = language_map(required(map, "", "title")?, "title")?;
    let description = map
        .get("description")
        .map(|v| language_map(v, "description"))
        .transpose()?;
    let outcome = map.get("outcome").map(parse_outcome).transpose()?;
    let policy = parse_policy(required(map, "", "policy")?)?;

    let groups_value = required(map, "", "groups")?;
    let items = groups_value
        .as_array()
        .ok_or_else(|| wrong("groups", "a list of groups", groups_value))?;
    if items.is_empty() {
        return Err(invalid("groups", "needs at least one group"));
    }
    if items.len() > MAX_GROUPS {
        return Err(invalid(
            "groups",
            format!(
                "has {} groups; at most {MAX_GROUPS} are allowed",
                items.len()
            ),
        ));
    }
    let mut groups = Vec::with_capacity(items.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut required_total = 0;
    for (i, item) in items.iter().enumerate() {
        let path = index("groups", i);
        let group = parse_group(item, &path)?;
        if let Some(first) = seen.get(&group.id) {
            return Err(invalid(
                &join(&path, "id"),
                format!(
                    "the group id '{}' is already used by groups[{first}]; group ids are unique",
                    group.id
                ),
            ));
        }
        seen.insert(group.id.clone(), i);
        required_total += group.required.len();
        if required_total > MAX_REQUIRED_TOTAL {
            return Err(invalid(
                &join(&path, "required"),
                format!("the pathway has more than {MAX_REQUIRED_TOTAL} required entries"),
            ));
        }
        groups.push(group);
    }
    Ok(Pathway {
        id,
        title,
        description,
        outcome,
        policy,
        groups,
    })
}

fn parse_outcome(v: &Value) -> Result<Outcome, PathwayError> {
    let map = object(v, "outcome")?;
    check_keys(map, "outcome", OUTCOME_KEYS)?;
    Ok(Outcome {
        credits: map
            .get("credits")
            .map(|v| credits(v, "outcome.credits"))
            .transpose()?,
        eqf_level: map
            .get("eqfLevel")
            .map(|v| eqf_level(v, "outcome.eqfLevel"))
            .transpose()?,
    })
}

fn parse_policy(v: &Value) -> Result<Policy, PathwayError> {
    let map = object(v, "policy")?;
    check_keys(map, "policy", POLICY_KEYS)?;
    let unit_value = required(map, "policy", "creditUnit")?;
    let credit_unit = match unit_value.as_str() {
        Some("ECTS") => CreditUnit::Ects,
        Some("hours") => CreditUnit::Hours,
        Some(other) => {
            return Err(invalid(
                "policy.creditUnit",
                format!("is \"{other}\"; it must be \"ECTS\" or \"hours\""),
            ))
        }
        None => {
            return Err(wrong(
                "policy.creditUnit",
                "\"ECTS\" or \"hours\"",
                unit_value,
            ))
        }
    };
    let hours_per_ects = match map.get("hoursPerEcts") {
        None => None,
        Some(v) => {
            let path = "policy.hoursPerEcts";
            let value = credits(v, path)?;
            let scaled = value.checked_mul(&Credits::from_integer(
                10u64.pow(MAX_HOURS_PER_ECTS_DECIMALS),
            ));
            if value.is_zero()
                || value > Credits::from_integer(MAX_HOURS_PER_ECTS)
                || scaled.is_none_or(|s| s.denominator() != 1)
            {
                return Err(invalid(
                    path,
                    format!(
                        "must be more than 0 and at most {MAX_HOURS_PER_ECTS}, with at most {MAX_HOURS_PER_ECTS_DECIMALS} decimal places"
                    ),
                ));
            }
            Some(value)
        }
    };
    let min_total_credits = map
        .get("minTotalCredits")
        .map(|v| credits(v, "policy.minTotalCredits"))
        .transpose()?
        .unwrap_or(Credits::ZERO);
    let min_eqf_level = map
        .get("minEqfLevel")
        .map(|v| eqf_level(v, "policy.minEqfLevel"))
        .transpose()?;
    let missing_level = match map.get("missingLevel") {
        None => MissingLevel::Accept,
        Some(v) => match v.as_str() {
            Some("accept") => MissingLevel::Accept,
            Some("reject") => MissingLevel::Reject,
            Some(other) => {
                return Err(invalid(
                    "policy.missingLevel",
                    format!("is \"{other}\"; it must be \"accept\" or \"reject\""),
                ))
            }
            None => return Err(wrong("policy.missingLevel", "\"accept\" or \"reject\"", v)),
        },
    };
    let max_age_months = map
        .get("maxAgeMonths")
        .map(|v| count(v, "policy.maxAgeMonths", MAX_MONTHS))
        .transpose()?;
    let item_credits = match map.get("itemCredits") {
        None => None,
        Some(v) => {
            let path = "policy.itemCredits";
            let m = object(v, path)?;
            check_keys(m, path, ITEM_CREDITS_KEYS)?;
            let min = m
                .get("min")
                .map(|v| credits(v, "policy.itemCredits.min"))
                .transpose()?;
            let max = m
                .get("max")
                .map(|v| credits(v, "policy.itemCredits.max"))
                .transpose()?;
            if min.is_none() && max.is_none() {
                return Err(invalid(path, "needs \"min\", \"max\" or both"));
            }
            if let (Some(lo), Some(hi)) = (min, max) {
                if hi < lo {
                    return Err(invalid(
                        "policy.itemCredits.max",
                        format!("{hi} is less than policy.itemCredits.min ({lo})"),
                    ));
                }
            }
            Some(ItemCredits { min, max })
        }
    };
    let min_distinct_issuers = map
        .get("minDistinctIssuers")
        .map(|v| count(v, "policy.minDistinctIssuers", MAX_COUNT))
        .transpose()?
        .unwrap_or(0);
    let require_verified = map
        .get("requireVerified")
        .map(|v| boolean(v, "policy.requireVerified"))
        .transpose()?
        .unwrap_or(true);
    Ok(Policy {
        credit_unit,
        hours_per_ects,
        min_total_credits,
        min_eqf_level,
        missing_level,
        max_age_months,
        item_credits,
        min_distinct_issuers,
        require_verified,
    })
}

fn parse_group(v: &Value, path: &str) -> Result<Group, PathwayError> {
    let map = object(v, path)?;
    check_keys(map, path, GROUP_KEYS)?;
    let id = string(required(map, path, "id")?, &join(path, "id"))?;
    let label = map
        .get("label")
        .map(|v| language_map(v, &join(path, "label")))
        .transpose()?;
    let required_list = match map.get("required") {
        None => Vec::new(),
        Some(v) => matcher_list(v, &join(path, "required"), true)?,
    };
    let select = match map.get("select") {
        None => None,
        Some(v) => {
            let here = join(path, "select");
            let m = object(v, &here)?;
            check_keys(m, &here, SELECT_KEYS)?;
            let min = count(required(m, &here, "min")?, &join(&here, "min"), MAX_COUNT)?;
            let max = m
                .get("max")
                .map(|v| count(v, &join(&here, "max"), MAX_COUNT))
                .transpose()?;
            if let Some(max) = max {
                if max < min {
                    return Err(invalid(
                        &join(&here, "max"),
                        format!("{max} is less than select.min ({min})"),
                    ));
                }
                if max == 0 {
                    return Err(invalid(
                        &join(&here, "max"),
                        "must be at least 1 (a select of at most 0 credentials counts nothing)",
                    ));
                }
            }
            Some(Select { min, max })
        }
    };
    let from = match (map.get("from"), &select) {
        (Some(v), Some(_)) => matcher_list(v, &join(path, "from"), false)?,
        (Some(_), None) => {
            return Err(invalid(
                &join(path, "from"),
                "\"from\" belongs to a \"select\", and this group has none",
            ))
        }
        (None, Some(_)) => {
            return Err(PathwayError::Missing {
                path: join(path, "from"),
            })
        }
        (None, None) => Vec::new(),
    };
    if required_list.is_empty() && select.is_none() {
        return Err(invalid(
            path,
            "a group needs \"required\" (a non-empty list) or \"select\" with \"from\"",
        ));
    }
    let min_credits = map
        .get("minCredits")
        .map(|v| credits(v, &join(path, "minCredits")))
        .transpose()?;
    Ok(Group {
        id,
        label,
        required: required_list,
        select,
        from,
        min_credits,
    })
}

fn matcher_list(v: &Value, path: &str, allow_empty: bool) -> Result<Vec<Matcher>, PathwayError> {
    let items = v
        .as_array()
        .ok_or_else(|| wrong(path, "a list of matchers", v))?;
    if items.is_empty() && !allow_empty {
        return Err(invalid(path, "needs at least one matcher"));
    }
    if items.len() > MAX_MATCHERS {
        return Err(invalid(
            path,
            format!("has more than {MAX_MATCHERS} matchers"),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_matcher(item, &index(path, i)))
        .collect()
}

fn parse_matcher(v: &Value, path: &str) -> Result<Matcher, PathwayError> {
    let map = object(v, path)?;
    check_keys(map, path, MATCHER_KEYS)?;
    if map.is_empty() {
        return Err(invalid(
            path,
            "a matcher needs at least one key (use {\"any\": true} to accept any credential)",
        ));
    }
    let any = match map.get("any") {
        None => false,
        Some(v) => {
            if !boolean(v, &join(path, "any"))? {
                return Err(invalid(
                    &join(path, "any"),
                    "\"any\": false matches nothing; leave the key out",
                ));
            }
            true
        }
    };
    let list = |key: &str| -> Result<Option<Vec<String>>, PathwayError> {
        map.get(key)
            .map(|v| string_list(v, &join(path, key)))
            .transpose()
    };
    let achievement_id = list("achievementId")?;
    let skill = list("skill")?;
    let issuer = list("issuer")?;
    let skill_match = match map.get("skillMatch") {
        None => None,
        Some(v) => {
            let here = join(path, "skillMatch");
            let m = match v.as_str() {
                Some("any") => SkillMatch::Any,
                Some("all") => SkillMatch::All,
                Some(other) => {
                    return Err(invalid(
                        &here,
                        format!("is \"{other}\"; it must be \"any\" or \"all\""),
                    ))
                }
                None => return Err(wrong(&here, "\"any\" or \"all\"", v)),
            };
            if skill.is_none() {
                return Err(invalid(
                    &here,
                    "\"skillMatch\" needs a \"skill\" list beside it",
                ));
            }
            Some(m)
        }
    };
    let case_insensitive = match map.get("flags") {
        None => false,
        Some(v) => {
            let here = join(path, "flags");
            let flags = v.as_str().ok_or_else(|| wrong(&here, "a string", v))?;
            if let Some(bad) = flags.chars().find(|c| *c != 'i') {
                return Err(invalid(
                    &here,
                    format!("unknown flag '{bad}'; the only flag is \"i\" (case-insensitive)"),
                ));
            }
            if !map.contains_key("titlePattern") {
                return Err(invalid(
                    &here,
                    "\"flags\" needs a \"titlePattern\" beside it",
                ));
            }
            !flags.is_empty()
        }
    };
    let title_pattern = match map.get("titlePattern") {
        None => None,
        Some(v) => {
            let here = join(path, "titlePattern");
            let pattern = string(v, &here)?;
            if pattern.len() > MAX_PATTERN {
                return Err(invalid(
                    &here,
                    format!("is longer than {MAX_PATTERN} characters"),
                ));
            }
            let regex = regex::RegexBuilder::new(&pattern)
                .case_insensitive(case_insensitive)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| {
                    let text = e.to_string();
                    let text: Vec<&str> = text
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .collect();
                    invalid(
                        &here,
                        format!("is not a valid regular expression: {}", text.join(" ")),
                    )
                })?;
            Some(TitlePattern {
                pattern,
                case_insensitive,
                regex,
            })
        }
    };
    let achievement_type = map
        .get("achievementType")
        .map(|v| string(v, &join(path, "achievementType")))
        .transpose()?;
    let min_credits = map
        .get("minCredits")
        .map(|v| credits(v, &join(path, "minCredits")))
        .transpose()?;
    let min_eqf_level = map
        .get("minEqfLevel")
        .map(|v| eqf_level(v, &join(path, "minEqfLevel")))
        .transpose()?;
    let max_age_months = map
        .get("maxAgeMonths")
        .map(|v| count(v, &join(path, "maxAgeMonths"), MAX_MONTHS))
        .transpose()?;
    Ok(Matcher {
        any,
        achievement_id,
        skill,
        skill_match,
        title_pattern,
        issuer,
        achievement_type,
        min_credits,
        min_eqf_level,
        max_age_months,
    })
}
