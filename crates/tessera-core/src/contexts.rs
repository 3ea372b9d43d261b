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
    "https://www.w3.org/ns/credentials/status/v1" => "credentials-status-v1.jsonld",
    "https://w3id.org/vc/status-list/2021/v1" => "vc-status-list-2021-v1.jsonld",
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

    #[test]
    fn every_context_credentials_name_is_bundled() {
        for url in [
            "https://www.w3.org/2018/credentials/v1",
            "https://www.w3.org/ns/credentials/v2",
            "https://w3id.org/security/data-integrity/v1",
            "https://w3id.org/security/data-integrity/v2",
            "https://w3id.org/security/multikey/v1",
            "https://w3id.org/security/suites/ed25519-2020/v1",
            "https://www.w3.org/ns/did/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
            "https://www.w3.org/ns/credentials/status/v1",
            "https://w3id.org/vc/status-list/2021/v1",
        ] {
            assert!(super::get(url).is_some(), "{url} is not bundled");
        }
    }

    /// Status entries read in safe mode: Bitstring Status List (VC 2.0 defines it in its
    /// own context; VC 1.1 credentials add status/v1) and StatusList2021 (VC 1.1).
    #[test]
    fn status_entries_are_defined_by_the_status_contexts() {
        let entry = |ty: &str| {
            serde_json::json!({
                "id": "https://example.org/status/3#94567", "type": ty,
                "statusPurpose": "revocation", "statusListIndex": "94567",
                "statusListCredential": "https://example.org/status/3"
            })
        };
        let doc = |contexts: &[&str], ty: &str| {
            let date = if contexts[0].ends_with("/v2") {
                "validFrom"
            } else {
                "issuanceDate"
            };
            serde_json::json!({
                "@context": contexts,
                "type": ["VerifiableCredential"],
                "issuer": "did:example:issuer",
                date: "2026-01-01T00:00:00Z",
                "credentialSubject": {"id": "did:example:learner"},
                "credentialStatus": entry(ty)
            })
        };
        let v1 = "https://www.w3.org/2018/credentials/v1";
        for d in [
            doc(
                &["https://www.w3.org/ns/credentials/v2"],
                "BitstringStatusListEntry",
            ),
            doc(
                &[v1, "https://www.w3.org/ns/credentials/status/v1"],
                "BitstringStatusListEntry",
            ),
            doc(
                &[v1, "https://w3id.org/vc/status-list/2021/v1"],
                "StatusList2021Entry",
            ),
        ] {
            let nquads = crate::jsonld::canonicalize(&d)
                .unwrap_or_else(|e| panic!("{e}: {}", d["@context"]));
            assert!(nquads.contains("statusListIndex"), "{nquads}");
        }
        // Without the status context a VC 1.1 entry is not covered, so never shown as signed.
        let bare = doc(&[v1], "StatusList2021Entry");
        assert!(crate::jsonld::canonicalize(&bare).is_err());
    }
}
