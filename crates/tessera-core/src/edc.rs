//! European Digital Credentials (ELM v3): sealed with JAdES, or unsigned.

use serde_json::Value;

use crate::model::Examined;
use crate::verify::{CoreError, Env};

/// Whether a JSON document is a JAdES JSON serialisation (`payload` + `signatures`).
pub fn is_jades(doc: &Value) -> bool {
    doc.get("payload").is_some_and(Value::is_string)
        && doc.get("signatures").is_some_and(Value::is_array)
}

/// Whether a JSON document is an ELM credential (context `edc-ap`).
pub fn is_elm(doc: &Value) -> bool {
    crate::jsonld::context_urls(doc)
        .iter()
        .any(|u| u.starts_with("http://data.europa.eu/snb/model/context/edc-ap"))
}

/// Examines a European Digital Credential: a JAdES-sealed one or an unsigned ELM document.
pub fn examine(_doc: &Value, _env: &Env) -> Result<Examined, CoreError> {
    Err(CoreError::Unsupported {
        what: "a European Digital Credential".to_owned(),
    })
}
