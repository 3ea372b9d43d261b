//! JSON-LD expansion (safe mode, bundled contexts only) and RDF Dataset Canonicalization
//! (RDFC-1.0), with the `json-ld` and `rdf-canon` crates.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use json_ld::expansion::{Action, Policy};
use json_ld::{Iri, IriBuf};
use json_ld::{JsonLdProcessor, LoadError, Loader, RemoteDocument};
use rdf_types::{Id, LiteralType, Term};

use crate::contexts;

/// Why a document could not be canonicalised.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum JsonLdError {
    /// A context the wallet does not carry. It is never fetched.
    #[error("the credential uses the JSON-LD context {url}, which Tessera does not have offline")]
    UnknownContext { url: String },
    /// Safe mode: a property or type the contexts do not define would be silently dropped
    /// from what is signed, so it must not be shown as if signed.
    #[error("the credential contains \"{term}\", which its JSON-LD contexts do not define, so it is not covered by the signature")]
    UndefinedTerm { term: String },
    #[error("the credential is not valid JSON-LD: {reason}")]
    Invalid { reason: String },
}

#[derive(Debug, thiserror::Error)]
#[error("context not bundled: {0}")]
struct NotBundled(String);

fn parsed_contexts() -> &'static HashMap<&'static str, json_syntax::Value> {
    static CACHE: OnceLock<HashMap<&'static str, json_syntax::Value>> = OnceLock::new();
    CACHE.get_or_init(|| {
        let mut map = HashMap::new();
        for (url, text) in contexts::BUNDLED {
            // The bundled files are checked by a unit test; a broken one is left out
            // (and then reported as unknown) rather than panicking at run time.
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                map.insert(*url, json_syntax::Value::from_serde_json(v));
            }
        }
        map
    })
}

/// Serves bundled contexts and refuses everything else.
struct BundledLoader;

impl Loader for BundledLoader {
    async fn load(&self, url: &Iri) -> Result<RemoteDocument<IriBuf>, LoadError> {
        match parsed_contexts().get(url.as_str()) {
            Some(doc) => Ok(RemoteDocument::new(
                Some(url.to_owned()),
                "application/ld+json".parse().ok(),
                doc.clone(),
            )),
            None => Err(LoadError::new(
                url.to_owned(),
                NotBundled(url.as_str().to_owned()),
            )),
        }
    }
}

/// Every string context URL a document names at its top level.
pub fn context_urls(doc: &serde_json::Value) -> Vec<String> {
    match doc.get("@context") {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Safe mode: a key the contexts do not define is an error, not dropped.
const SAFE: Policy = Policy {
    invalid: Action::Reject,
    vocab: Action::Keep,
    allow_undefined: false,
};

type ActiveContext = json_ld::Context<IriBuf, rdf_types::BlankIdBuf>;

/// Processing the Open Badges 3.0 context takes about a millisecond, and every credential
/// of an issuer names the same list. Processed contexts are kept, keyed by the list of
/// URLs (all bundled, so the result never changes).
fn processed_context(
    urls: &[String],
    value: &serde_json::Value,
) -> Result<ActiveContext, JsonLdError> {
    static CACHE: OnceLock<Mutex<HashMap<Vec<String>, ActiveContext>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(c) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(urls) {
        return Ok(c.clone());
    }
    use json_ld::context_processing::Process;
    use json_ld::syntax::TryFromJson;
    let syntax = json_ld::syntax::context::Context::try_from_json(
        json_syntax::Value::from_serde_json(value.clone()),
    )
    .map_err(|e| JsonLdError::Invalid {
        reason: format!("bad @context: {e}"),
    })?;
    let processed = futures::executor::block_on(syntax.process_full(
        &mut (),
        &json_ld::Context::new(None),
        &BundledLoader,
        None,
        json_ld::context_processing::Options::default(),
        (),
    ))
    .map_err(|e| {
        map_error(json_ld::ToRdfError::Expand(
            json_ld::ExpandError::ContextProcessing(e),
        ))
    })?
    .into_processed();
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(urls.to_vec(), processed.clone());
    Ok(processed)
}

/// Whether every term the bundled context `later` defines is already defined, identically,
/// by the bundled context `earlier`, and `later` has nothing else (keywords aside from
/// `@protected`/`@version`). Redefining a protected term identically is a no-op in JSON-LD
/// 1.1 (jsonld.js accepts it); the `json-ld` crate refuses it ("protected term
/// redefinition"), e.g. for `credentials/v2` followed by `credentials/status/v1`.
fn redundant_after(earlier: &str, later: &str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<(String, String), bool>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (earlier.to_owned(), later.to_owned());
    if let Some(known) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return *known;
    }
    let answer = redundant_after_uncached(earlier, later);
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, answer);
    answer
}

fn redundant_after_uncached(earlier: &str, later: &str) -> bool {
    let ctx = |url: &str| -> Option<serde_json::Map<String, serde_json::Value>> {
        let v: serde_json::Value = serde_json::from_str(contexts::get(url)?).ok()?;
        v.get("@context")?.as_object().cloned()
    };
    let (Some(e), Some(l)) = (ctx(earlier), ctx(later)) else {
        return false;
    };
    let protected = |m: &serde_json::Map<String, serde_json::Value>| {
        m.get("@protected") == Some(&serde_json::Value::Bool(true))
    };
    protected(&e)
        && protected(&l)
        && l.iter().all(|(k, v)| match k.as_str() {
            "@protected" | "@version" => e.get(k) == Some(v),
            k if k.starts_with('@') => false,
            k => e.get(k) == Some(v),
        })
}

/// The document with bundled contexts that only repeat an earlier one's protected terms
/// left out (see [`redundant_after`]): the same expansion, without the crate's error.
fn without_redundant_contexts(doc: &serde_json::Value) -> std::borrow::Cow<'_, serde_json::Value> {
    let Some(serde_json::Value::Array(list)) = doc.get("@context") else {
        return std::borrow::Cow::Borrowed(doc);
    };
    let mut kept: Vec<serde_json::Value> = Vec::with_capacity(list.len());
    for item in list {
        let redundant = item.as_str().is_some_and(|url| {
            kept.iter()
                .filter_map(|k| k.as_str())
                .any(|earlier| redundant_after(earlier, url))
        });
        if !redundant {
            kept.push(item.clone());
        }
    }
    if kept.len() == list.len() {
        return std::borrow::Cow::Borrowed(doc);
    }
    let mut out = doc.clone();
    out["@context"] = serde_json::Value::Array(kept);
    std::borrow::Cow::Owned(out)
}

/// Canonical N-Quads (RDFC-1.0) of a JSON-LD document, expanded in safe mode.
pub fn canonicalize(doc: &serde_json::Value) -> Result<String, JsonLdError> {
    for url in context_urls(doc) {
        if contexts::get(&url).is_none() {
            return Err(JsonLdError::UnknownContext { url });
        }
    }
    let doc = without_redundant_contexts(doc);
    let doc = doc.as_ref();
    let urls = context_urls(doc);
    for url in &urls {
        if contexts::get(url).is_none() {
            return Err(JsonLdError::UnknownContext { url: url.clone() });
        }
    }
    // A top-level @context made only of (bundled) URLs is processed once and reused;
    // anything else takes the full path.
    let only_urls = match doc.get("@context") {
        Some(serde_json::Value::String(_)) => true,
        Some(serde_json::Value::Array(a)) => !a.is_empty() && a.iter().all(|v| v.is_string()),
        _ => false,
    };
    let quads = if only_urls {
        canonical_quads_cached(doc, &urls)?
    } else {
        canonical_quads_full(doc)?
    };
    rdf_canon::canonicalize_quads(&quads).map_err(|e| JsonLdError::Invalid {
        reason: format!("canonicalization failed: {e}"),
    })
}

fn canonical_quads_cached(
    doc: &serde_json::Value,
    urls: &[String],
) -> Result<Vec<oxrdf::Quad>, JsonLdError> {
    use json_ld::{Expand, RdfQuads};
    let active = processed_context(urls, &doc["@context"])?;
    let mut body = doc.clone();
    if let Some(o) = body.as_object_mut() {
        o.remove("@context");
    }
    let mut expanded =
        futures::executor::block_on(json_syntax::Value::from_serde_json(body).expand_full(
            &mut (),
            active,
            None,
            &BundledLoader,
            json_ld::expansion::Options {
                policy: SAFE,
                ..Default::default()
            },
            (),
        ))
        .map_err(|e| {
            map_error(json_ld::ToRdfError::Expand(
                json_ld::ExpandError::Expansion(e),
            ))
        })?;
    // Blank nodes are relabelled first, as `to_rdf` does, or blank-node subjects (the
    // proof node, `criteria`) are silently dropped (performance-notes.md).
    let mut generator = rdf_types::generator::Blank::new();
    expanded.relabel_and_canonicalize_with(&mut (), &mut generator);
    let quads: Vec<LdQuad> = expanded
        .rdf_quads_full(&mut (), &mut generator, None, false)
        .cloned()
        .collect();
    to_oxrdf(quads)
}

/// The reference path: `to_rdf` with the document's own @context.
fn canonical_quads_full(doc: &serde_json::Value) -> Result<Vec<oxrdf::Quad>, JsonLdError> {
    let input = RemoteDocument::new(None, None, json_syntax::Value::from_serde_json(doc.clone()));
    let options = json_ld::Options {
        expansion_policy: SAFE,
        ..Default::default()
    };
    let mut generator = rdf_types::generator::Blank::new();
    let mut rdf =
        futures::executor::block_on(input.to_rdf_using(&mut generator, &BundledLoader, options))
            .map_err(map_error)?;
    to_oxrdf(rdf.cloned_quads().collect())
}

type LdQuad = json_ld::rdf::Quad<IriBuf, rdf_types::BlankIdBuf, rdf_types::Literal>;

fn to_oxrdf(input: Vec<LdQuad>) -> Result<Vec<oxrdf::Quad>, JsonLdError> {
    let mut quads = Vec::with_capacity(input.len());
    for q in input {
        let rdf_types::Quad(s, p, o, g) = q;
        quads.push(oxrdf::Quad::new(
            subject(s)?,
            predicate(p)?,
            object(o)?,
            match g {
                None => oxrdf::GraphName::DefaultGraph,
                Some(Id::Iri(i)) => oxrdf::GraphName::NamedNode(named(i.as_str())?),
                Some(Id::Blank(b)) => oxrdf::GraphName::BlankNode(blank(b.as_str())?),
            },
        ));
    }
    Ok(quads)
}

#[cfg(test)]
pub(crate) fn canonicalize_uncached(doc: &serde_json::Value) -> Result<String, JsonLdError> {
    let quads = canonical_quads_full(doc)?;
    rdf_canon::canonicalize_quads(&quads).map_err(|e| JsonLdError::Invalid {
        reason: format!("canonicalization failed: {e}"),
    })
}

fn map_error(e: json_ld::ToRdfError) -> JsonLdError {
    let text = e.to_string();
    match e {
        json_ld::ToRdfError::Expand(json_ld::ExpandError::Expansion(
            json_ld::expansion::Error::KeyExpansionFailed(term),
        )) => JsonLdError::UndefinedTerm { term },
        json_ld::ToRdfError::Expand(json_ld::ExpandError::Expansion(
            json_ld::expansion::Error::InvalidTypeValue,
        )) => JsonLdError::UndefinedTerm {
            term: "a type".to_owned(),
        },
        _ => {
            // A context the loader refused names itself in the error text.
            if let Some(idx) = text.find("context not bundled: ") {
                let url = text[idx + "context not bundled: ".len()..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(['.', ')', '"'])
                    .to_owned();
                return JsonLdError::UnknownContext { url };
            }
            JsonLdError::Invalid { reason: text }
        }
    }
}

fn named(iri: &str) -> Result<oxrdf::NamedNode, JsonLdError> {
    oxrdf::NamedNode::new(iri).map_err(|e| JsonLdError::Invalid {
        reason: format!("bad IRI {iri}: {e}"),
    })
}

fn blank(id: &str) -> Result<oxrdf::BlankNode, JsonLdError> {
    oxrdf::BlankNode::new(id.trim_start_matches("_:")).map_err(|e| JsonLdError::Invalid {
        reason: format!("bad blank node {id}: {e}"),
    })
}

fn subject(id: Id) -> Result<oxrdf::Subject, JsonLdError> {
    Ok(match id {
        Id::Iri(i) => oxrdf::Subject::NamedNode(named(i.as_str())?),
        Id::Blank(b) => oxrdf::Subject::BlankNode(blank(b.as_str())?),
    })
}

fn predicate(id: Id) -> Result<oxrdf::NamedNode, JsonLdError> {
    match id {
        Id::Iri(i) => named(i.as_str()),
        Id::Blank(_) => Err(JsonLdError::Invalid {
            reason: "a blank node used as a property".to_owned(),
        }),
    }
}

fn object(t: Term) -> Result<oxrdf::Term, JsonLdError> {
    Ok(match t {
        Term::Id(Id::Iri(i)) => oxrdf::Term::NamedNode(named(i.as_str())?),
        Term::Id(Id::Blank(b)) => oxrdf::Term::BlankNode(blank(b.as_str())?),
        Term::Literal(l) => match l.type_ {
            LiteralType::Any(ty) => oxrdf::Term::Literal(oxrdf::Literal::new_typed_literal(
                l.value,
                named(ty.as_str())?,
            )),
            LiteralType::LangString(tag) => oxrdf::Term::Literal(
                oxrdf::Literal::new_language_tagged_literal(l.value, tag.as_str()).map_err(
                    |e| JsonLdError::Invalid {
                        reason: format!("bad language tag {tag}: {e}"),
                    },
                )?,
            ),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_context_after_credentials_v2_is_accepted() {
        let doc = serde_json::json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/status/v1"],
            "type": ["VerifiableCredential"],
            "issuer": "did:example:issuer",
            "credentialSubject": {"id": "did:example:learner"},
            "credentialStatus": {
                "id": "https://example.org/status/1#5", "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation", "statusListIndex": "5",
                "statusListCredential": "https://example.org/status/1"
            }
        });
        let with = canonicalize(&doc).unwrap();
        let mut only_v2 = doc.clone();
        only_v2["@context"] = serde_json::json!(["https://www.w3.org/ns/credentials/v2"]);
        assert_eq!(with, canonicalize(&only_v2).unwrap());
        assert!(with.contains("BitstringStatusListEntry"));
        // Not every pair is redundant: the OB context adds terms of its own.
        assert!(!redundant_after(
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ));
    }

    /// The cached path must give exactly the canonical form of the reference path.
    #[test]
    fn cached_contexts_give_the_same_canonical_form() {
        let fixtures = [
            include_str!("../tests/fixtures/ob3-microcredential.json"),
            include_str!("../tests/fixtures/ob3-minimal.json"),
            include_str!("../tests/fixtures/vc-generic.json"),
        ];
        for text in fixtures {
            let mut doc: serde_json::Value =
                serde_json::from_str(&text.replace("{{ISSUER}}", "did:example:issuer")).unwrap();
            for _ in 0..2 {
                let cached = canonicalize(&doc).unwrap();
                assert_eq!(cached, canonicalize_uncached(&doc).unwrap());
                assert!(cached.lines().count() > 5);
            }
            // A proof node (blank node subject) and a nested scoped context.
            doc["proof"] = serde_json::json!({
                "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
                "created": "2026-01-01T00:00:00Z", "proofPurpose": "assertionMethod",
                "verificationMethod": "did:example:issuer#key-1", "proofValue": "z1111"
            });
            assert_eq!(
                canonicalize(&doc).unwrap(),
                canonicalize_uncached(&doc).unwrap()
            );
        }
    }
}
