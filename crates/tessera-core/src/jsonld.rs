//! JSON-LD expansion (safe mode, bundled contexts only) and RDF Dataset Canonicalization
//! (RDFC-1.0), with the `json-ld` and `rdf-canon` crates.

use std::collections::HashMap;
use std::sync::OnceLock;

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

/// Canonical N-Quads (RDFC-1.0) of a JSON-LD document, expanded in safe mode.
pub fn canonicalize(doc: &serde_json::Value) -> Result<String, JsonLdError> {
    for url in context_urls(doc) {
        if contexts::get(&url).is_none() {
            return Err(JsonLdError::UnknownContext { url });
        }
    }
    let input = RemoteDocument::new(None, None, json_syntax::Value::from_serde_json(doc.clone()));
    let options = json_ld::Options {
        expansion_policy: Policy {
            invalid: Action::Reject,
            vocab: Action::Keep,
            allow_undefined: false,
        },
        ..Default::default()
    };
    let mut generator = rdf_types::generator::Blank::new();
    let mut rdf =
        futures::executor::block_on(input.to_rdf_using(&mut generator, &BundledLoader, options))
            .map_err(map_error)?;
    let mut quads = Vec::new();
    for q in rdf.cloned_quads() {
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
