//! Open Badges 2.0: hosted and signed assertions, and badges baked into PNG and SVG images.

use serde_json::Value;

use crate::model::Examined;
use crate::verify::{CoreError, Env};

/// Whether a JSON document is an Open Badges 2.0 assertion.
pub fn is_assertion(doc: &Value) -> bool {
    let ctx_ob2 = crate::jsonld::context_urls(doc)
        .iter()
        .any(|u| u.starts_with("https://w3id.org/openbadges/v2"));
    ctx_ob2 || (doc.get("recipient").is_some() && doc.get("badge").is_some())
}

/// Examines an Open Badges 2.0 assertion given as JSON (hosted).
pub fn examine_assertion(_doc: &Value, _env: &Env) -> Result<Examined, CoreError> {
    Err(CoreError::Unsupported {
        what: "an Open Badges 2.0 badge".to_owned(),
    })
}

/// Examines a signed Open Badges 2.0 assertion (compact JWS whose payload is the assertion).
pub fn examine_signed(_jws: &str, _env: &Env) -> Result<Examined, CoreError> {
    Err(CoreError::Unsupported {
        what: "a signed Open Badges 2.0 badge".to_owned(),
    })
}

/// The badge baked into a PNG image (iTXt chunk `openbadges` or `openbadgecredential`), if any.
pub fn extract_png(_png: &[u8]) -> Result<Option<String>, CoreError> {
    Ok(None)
}

/// The badge baked into an SVG image (`openbadges:assertion` element), if any.
pub fn extract_svg(_svg: &str) -> Result<Option<String>, CoreError> {
    Ok(None)
}
