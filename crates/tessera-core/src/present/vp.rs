//! The holder's side of a Verifiable Presentation: credentials shared whole, signed by the
//! holder's Ed25519 `did:key` with `eddsa-rdfc-2022`.

use serde_json::{json, Value};

use super::{Disclosure, PresentError, Presentation, PresentationFormat, Request};
use crate::di::{self, ProofOptions, Suite, AUTHENTICATION};
use crate::did;
use crate::normalize::{many, rfc3339};

/// The VC Data Model 2.0 context, the one a presentation names.
pub(crate) const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";

/// For a credential shared whole: a disclose list is fine only when empty or `all`.
pub fn only_whole(disclose: &[String]) -> Result<(), PresentError> {
    if disclose.iter().all(|p| p == "all") {
        Ok(())
    } else {
        Err(PresentError::OnlyWholeCredential)
    }
}

fn credential_problem(doc: &Value) -> Option<String> {
    let Some(o) = doc.as_object() else {
        return Some(match doc {
            Value::String(_) => "it is text (e.g. a JWT), and only JSON credentials with a Data Integrity proof are presented whole".to_owned(),
            _ => "it is not a JSON object".to_owned(),
        });
    };
    if o.get("@context").is_none() {
        return Some("it has no @context (it is not a W3C Verifiable Credential)".to_owned());
    }
    let is_vc = many(o.get("type"))
        .iter()
        .any(|t| t.as_str() == Some("VerifiableCredential"));
    if !is_vc {
        return Some("its type does not include VerifiableCredential".to_owned());
    }
    for url in crate::jsonld::context_urls(doc) {
        if crate::contexts::get(&url).is_none() {
            return Some(format!(
                "it uses the JSON-LD context {url}, which Tessera does not have offline"
            ));
        }
    }
    None
}

/// One Verifiable Presentation of `credentials` (whole), signed by the holder's Ed25519
/// key (`did:key`) with `eddsa-rdfc-2022`, `proofPurpose` `authentication`, `challenge` =
/// the nonce, `domain` = the audience, `created` and `expires` from `req`.
pub fn vp(
    credentials: &[Value],
    key: &ed25519_dalek::SigningKey,
    req: &Request,
) -> Result<Presentation, PresentError> {
    req.check()?;
    if credentials.is_empty() {
        return Err(PresentError::NoCredentials);
    }
    for (i, c) in credentials.iter().enumerate() {
        if let Some(reason) = credential_problem(c) {
            return Err(PresentError::NotACredential {
                number: i + 1,
                reason,
            });
        }
    }
    let public = key.verifying_key();
    let holder = did::did_key_for(&public);
    let vm = did::did_key_vm(&public);
    let unsigned = json!({
        "@context": [CREDENTIALS_V2],
        "type": ["VerifiablePresentation"],
        "holder": holder,
        "verifiableCredential": credentials,
    });
    let created = rfc3339(req.issued_at);
    let expires = rfc3339(req.expires_at);
    let mut options = ProofOptions::new(Suite::EddsaRdfc2022, &vm, &created);
    options.purpose = AUTHENTICATION;
    options.challenge = Some(&req.nonce);
    options.domain = Some(&req.audience);
    options.expires = Some(&expires);
    let signed = di::add_proof(&unsigned, key, &options).map_err(|e| PresentError::Sign {
        reason: e.to_string(),
    })?;
    let text = serde_json::to_string(&signed).map_err(|e| PresentError::Sign {
        reason: e.to_string(),
    })?;
    let disclosed = credentials
        .iter()
        .map(|c| Disclosure {
            revealed: without_proof(c),
            paths: Vec::new(),
            withheld: Vec::new(),
        })
        .collect();
    Ok(Presentation {
        text,
        format: PresentationFormat::Vp,
        disclosed,
    })
}

/// A credential as a recipient reads it: everything but its proof.
pub(crate) fn without_proof(credential: &Value) -> Value {
    let mut c = credential.clone();
    if let Some(o) = c.as_object_mut() {
        o.remove("proof");
    }
    c
}
