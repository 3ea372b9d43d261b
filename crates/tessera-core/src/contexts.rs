//! JSON-LD context documents bundled in the binary (from their npm packages, see
//! `contexts/LICENSES.md`). Nothing is ever fetched: a context that is not here is an
//! error naming it.

macro_rules! bundled {
    ($($url:literal => $file:literal),* $(,)?) => {
        /// Every bundled context: (URL, document text).
        pub const BUNDLED: &[(&str, &str)] = &[
            $(($url, include_str!(concat!("../contexts/", $file)))),*
        ];
    };
}

bundled! {
    "https://www.w3.org/2018/credentials/v1" => "credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/v2" => "credentials-v2.jsonld",
    "https://w3id.org/security/data-integrity/v1" => "data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2" => "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1" => "multikey-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1" => "ed25519-signature-2020-v1.jsonld",
    "https://www.w3.org/ns/did/v1" => "did-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json" => "ob-v3p0-context-3.0.0.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json" => "ob-v3p0-context-3.0.1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json" => "ob-v3p0-context-3.0.2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" => "ob-v3p0-context-3.0.3.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json" => "ob-v3p0-extensions.jsonld",
}

/// The document for a context URL, if it is bundled.
pub fn get(url: &str) -> Option<&'static str> {
    BUNDLED
        .iter()
        .find(|(u, _)| *u == url)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_bundled_context_is_json_with_a_context_key() {
        for (url, text) in super::BUNDLED {
            let v: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(v.get("@context").is_some(), "{url} has no @context");
        }
    }
}
