//! `--online` over real HTTPS: a loopback server with a test certificate authority trusted
//! only through `TESSERA_CA_FILE` serves a did:web DID document and status lists made by
//! the reference libraries. Revoked online; the cached state and its age offline, with no
//! request made; plain HTTP, redirects to it and untrusted certificates refused; a
//! registry-listed issuer shown under the registry's name.

mod support;

use serde_json::json;
use support::*;
use tessera_testkit::https::TestServer;

#[test]
fn revoked_online_last_known_offline_and_no_request_offline() {
    let server = TestServer::start();
    let host = server.did_web_host();
    let base = server.origin();
    let ca = server.ca_file();
    let ca = ca.to_str().unwrap();
    let list_url = format!("{base}/status/1");
    server.serve(
        "/.well-known/did.json",
        "application/did+json",
        did_document(&host).to_string(),
    );
    let (list, revoked_entry) = bitstring(&host, &list_url, "revocation", &[12345], 12345);
    server.serve("/status/1", "application/vc+ld+json", list.to_string());

    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(
        &a,
        credential(&host, revoked_entry, "Revoked Course").to_string(),
    )
    .unwrap();
    std::fs::write(
        &b,
        credential(&host, entry(&list_url, "revocation", 4), "Fine Course").to_string(),
    )
    .unwrap();
    tessera(&home, &["init"], &[]).expect(0);

    // Online: the key from the DID document, the status from the list.
    let r = tessera(
        &home,
        &[
            "import",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--online",
            "--json",
        ],
        &[("TESSERA_CA_FILE", ca)],
    );
    r.expect(0);
    let out = r.json();
    assert_eq!(
        (out[0]["verdict"].as_str(), out[0]["status"].as_str()),
        (Some("valid"), Some("revoked")),
        "{out:#}"
    );
    assert_eq!(
        (out[1]["verdict"].as_str(), out[1]["status"].as_str()),
        (Some("valid"), Some("active")),
        "{out:#}"
    );
    let (id_a, id_b) = (
        out[0]["id"].as_str().unwrap().to_owned(),
        out[1]["id"].as_str().unwrap().to_owned(),
    );
    let asked = server.requests();
    assert!(
        asked.iter().any(|r| r == "GET /.well-known/did.json"),
        "{asked:?}"
    );
    assert!(asked.iter().any(|r| r == "GET /status/1"), "{asked:?}");
    let accept = server
        .requests_detailed()
        .into_iter()
        .find(|r| r.path() == "/status/1")
        .unwrap();
    assert!(
        accept
            .header("accept")
            .unwrap_or("")
            .contains("application/vc"),
        "{accept:?}"
    );

    // Offline: from the cache, with its age, and not one request.
    let n = server.requests().len();
    let v = tessera(
        &home,
        &["verify", &id_a, "--json"],
        &[("TESSERA_CA_FILE", ca)],
    );
    v.expect(1);
    let d = v.json();
    assert_eq!(d["status"], "revoked");
    let s = status_check(&d);
    assert!(
        s["detail"]
            .as_str()
            .unwrap()
            .starts_with("Last known: revoked"),
        "{s:#}"
    );
    assert!(
        check(&d, "issuer-key")["detail"]
            .as_str()
            .unwrap()
            .contains("last checked"),
        "{d:#}"
    );
    let v = tessera(&home, &["verify", &id_b, "--json"], &[]);
    v.expect(0);
    assert!(status_check(&v.json())["detail"]
        .as_str()
        .unwrap()
        .starts_with("Last known: not revoked"));
    assert_eq!(server.requests().len(), n, "offline commands made requests");

    // The issuer revokes B: offline still says what it last knew; online says revoked.
    let (list2, _) = bitstring(&host, &list_url, "revocation", &[4, 12345], 4);
    server.serve("/status/1", "application/vc+ld+json", list2.to_string());
    let v = tessera(&home, &["verify", &id_b, "--json"], &[]);
    v.expect(0);
    assert_eq!(v.json()["status"], "active");
    let v = tessera(
        &home,
        &["verify", &id_b, "--online", "--json"],
        &[("TESSERA_CA_FILE", ca)],
    );
    v.expect(1);
    let d = v.json();
    assert_eq!(d["status"], "revoked");
    assert!(
        status_check(&d)["detail"]
            .as_str()
            .unwrap()
            .starts_with("Revoked"),
        "{d:#}"
    );
    let v = tessera(&home, &["show", &id_b, "--json"], &[]);
    v.expect(0);
    assert_eq!(v.json()["status"], "revoked");

    // A certificate the client does not trust: the fetch fails, the cached copy is used
    // and the check says why.
    let v = tessera(&home, &["verify", &id_b, "--online", "--json"], &[]);
    v.expect(1);
    let detail = status_check(&v.json())["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("could not be fetched just now"), "{detail}");

    // Without a wallet or cache: untrusted certificate → the key cannot be had (exit 2).
    let v = tessera(
        &home,
        &["verify", a.to_str().unwrap(), "--online", "--json"],
        &[],
    );
    v.expect(2);
    let sig = check(&v.json(), "signature")["detail"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert!(
        sig.contains("certificate") || sig.contains("unknownissuer"),
        "{sig}"
    );
}

#[test]
fn plain_http_and_redirects_to_it_are_never_followed() {
    let server = TestServer::start();
    let host = server.did_web_host();
    let base = server.origin();
    let ca = server.ca_file();
    let ca = ca.to_str().unwrap();
    server.serve(
        "/.well-known/did.json",
        "application/did+json",
        did_document(&host).to_string(),
    );
    let port = server.port();
    let plain = format!("http://localhost:{port}/status/1");
    server.redirect("/status/r", &plain);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    for (name, url) in [
        ("plain", plain.clone()),
        ("redirect", format!("{base}/status/r")),
    ] {
        let f = dir.path().join(format!("{name}.json"));
        std::fs::write(
            &f,
            credential(&host, entry(&url, "revocation", 3), "Course").to_string(),
        )
        .unwrap();
        let v = tessera(
            &home,
            &["verify", f.to_str().unwrap(), "--online", "--json"],
            &[("TESSERA_CA_FILE", ca)],
        );
        v.expect(0); // valid; status unknown
        let d = v.json();
        assert_eq!(
            (d["verdict"].as_str(), d["status"].as_str()),
            (Some("valid"), Some("unknown")),
            "{d:#}"
        );
        let s = status_check(&d);
        assert_eq!(s["result"], "unknown");
        let text = s["detail"].as_str().unwrap().to_lowercase();
        assert!(
            text.contains("https") || text.contains("redirect"),
            "{name}: {text}"
        );
    }
    assert!(
        !server.requests().iter().any(|r| r == "GET /status/1"),
        "{:?}",
        server.requests()
    );
}

#[test]
fn a_registry_names_the_issuer_and_a_bad_registry_changes_nothing() {
    let server = TestServer::start();
    let host = server.did_web_host();
    let ca = server.ca_file();
    server.serve(
        "/.well-known/did.json",
        "application/did+json",
        did_document(&host).to_string(),
    );
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let f = dir.path().join("c.json");
    std::fs::write(&f, credential(&host, json!([]), "Course").to_string()).unwrap();
    tessera(&home, &["init"], &[]).expect(0);
    let r = tessera(
        &home,
        &["import", f.to_str().unwrap(), "--online", "--json"],
        &[("TESSERA_CA_FILE", ca.to_str().unwrap())],
    );
    r.expect(0);
    let id = r.json()[0]["id"].as_str().unwrap().to_owned();
    let show = tessera(&home, &["show", &id, "--json"], &[]).json();
    assert_eq!(check(&show, "registry")["result"], "warn");
    assert_eq!(show["issuerName"], "Tessera Test University");

    let reg = dir.path().join("dcc.json");
    std::fs::write(&reg, json!({"meta": {"created": "2026-01-01T00:00:00Z"},
        "registry": {format!("did:web:{host}"): {"name": "Loopback University (registry)", "location": "Here"}}}).to_string()).unwrap();
    let added = tessera(
        &home,
        &[
            "registry",
            "add",
            reg.to_str().unwrap(),
            "--name",
            "DCC Sandbox",
            "--json",
        ],
        &[],
    );
    added.expect(0);
    let reg_id = added.json()["id"].as_str().unwrap().to_owned();
    let show = tessera(&home, &["show", &id, "--json"], &[]).json();
    assert_eq!(show["issuerName"], "Loopback University (registry)");
    let c = check(&show, "registry");
    assert_eq!(c["result"], "pass");
    assert!(c["detail"].as_str().unwrap().contains("DCC Sandbox"));
    let list = tessera(&home, &["registry", "list", "--json"], &[]).json();
    assert_eq!(list[0]["issuers"], 1);

    // A broken registry file: a clear error, and nothing changes.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"registry": {"did:web:x": {"url": "https://x"}}}"#).unwrap();
    let r = tessera(&home, &["registry", "add", bad.to_str().unwrap()], &[]);
    r.expect(2);
    assert!(
        r.stderr.contains("did:web:x") && r.stderr.contains("no name"),
        "{}",
        r.stderr
    );
    assert_eq!(
        tessera(&home, &["registry", "list", "--json"], &[])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    tessera(&home, &["registry", "remove", &reg_id], &[]).expect(0);
    let show = tessera(&home, &["show", &id, "--json"], &[]).json();
    assert_eq!(show["issuerName"], "Tessera Test University");
}

/// An OB 2.0 assertion whose issuer lives on the loopback server.
fn ob2_assertion(base: &str, verification: serde_json::Value) -> serde_json::Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": format!("{base}/assertions/42"),
        "recipient": {"type": "email", "hashed": false, "identity": "learner@example.org"},
        "badge": format!("{base}/classes/data-steward"),
        "verification": verification,
        "issuedOn": "2026-03-01T10:00:00Z"
    })
}

/// The issuer's BadgeClass and Profile (listing `keys`, with a revocation list revoking
/// `revoked`) on the server.
fn serve_ob2_issuer(server: &TestServer, keys: &[String], revoked: &[String]) {
    let base = server.origin();
    let ld = "application/ld+json";
    server.serve(
        "/classes/data-steward",
        ld,
        json!({"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass",
               "id": format!("{base}/classes/data-steward"), "name": "Data Steward",
               "description": "Looks after research data.",
               "criteria": {"narrative": "Completed the data stewardship course."},
               "issuer": format!("{base}/issuer")})
        .to_string(),
    );
    server.serve(
        "/issuer",
        ld,
        json!({"@context": "https://w3id.org/openbadges/v2", "type": "Profile",
               "id": format!("{base}/issuer"), "name": "Loopback University",
               "publicKey": keys, "revocationList": format!("{base}/revocations")})
        .to_string(),
    );
    server.serve(
        "/revocations",
        ld,
        json!({"@context": "https://w3id.org/openbadges/v2", "type": "RevocationList",
               "id": format!("{base}/revocations"), "revokedAssertions": revoked})
        .to_string(),
    );
}

#[test]
fn baked_ob2_badges_are_unknown_offline_and_valid_when_the_issuer_serves_them() {
    use tessera_testkit::interop::bake_py;
    let server = TestServer::start();
    let base = server.origin();
    let ca = server.ca_file();
    let ca = ca.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = |f: &str| dir.path().join(f).to_str().unwrap().to_owned();
    let key_url = format!("{base}/keys/1");

    // A signed badge: signed (RS256) and baked into PNG and SVG by the reference bakery.
    let signed = ob2_assertion(&base, json!({"type": "signed", "creator": key_url}));
    std::fs::write(d("signed.json"), signed.to_string()).unwrap();
    bake_py(&["sign", "RS256", &d("signed.json"), &d("")]);
    bake_py(&["png", &d("badge.jws"), &d("signed.png")]);
    bake_py(&["svg", &d("badge.jws"), &d("signed.svg")]);
    let pem = std::fs::read_to_string(d("public.pem")).unwrap();
    server.serve(
        "/keys/1",
        "application/ld+json",
        json!({"@context": "https://w3id.org/openbadges/v2", "type": "CryptographicKey",
               "id": key_url, "owner": format!("{base}/issuer"), "publicKeyPem": pem})
        .to_string(),
    );
    // A hosted badge baked into a PNG, and served at its id.
    let hosted = ob2_assertion(&base, json!({"type": "hosted"}));
    std::fs::write(d("hosted.json"), hosted.to_string()).unwrap();
    bake_py(&["png", &d("hosted.json"), &d("hosted.png")]);
    server.serve("/assertions/42", "application/ld+json", hosted.to_string());
    serve_ob2_issuer(&server, std::slice::from_ref(&key_url), &[]);

    let home = dir.path().join("wallet");
    for f in ["signed.png", "signed.svg", "hosted.png"] {
        // Offline: nothing reachable, so could not check (exit 2), never invalid.
        let v = tessera(&home, &["verify", &d(f), "--json"], &[]);
        v.expect(2);
        assert_eq!(v.json()["verdict"], "unknown", "{f}");
        // Online, with the issuer serving its documents over HTTPS: valid.
        let v = tessera(
            &home,
            &["verify", &d(f), "--online", "--json"],
            &[("TESSERA_CA_FILE", ca)],
        );
        v.expect(0);
        let out = v.json();
        assert_eq!(
            (out["verdict"].as_str(), out["status"].as_str()),
            (Some("valid"), Some("active")),
            "{f}: {out:#}"
        );
        assert_eq!(out["title"], "Data Steward", "{f}");
        assert_eq!(out["issuerName"], "Loopback University", "{f}");
        assert_eq!(check(&out, "issuer-key")["result"], "pass", "{f}");
    }
    assert!(server.requests().iter().any(|r| r == "GET /keys/1"));
    assert!(server.requests().iter().any(|r| r == "GET /assertions/42"));

    // The issuer stops listing the key: the signed badge is invalid. It revokes the
    // hosted one: revoked (exit 1).
    serve_ob2_issuer(&server, &[], &[format!("{base}/assertions/42")]);
    let v = tessera(
        &home,
        &["verify", &d("signed.png"), "--online", "--json"],
        &[("TESSERA_CA_FILE", ca)],
    );
    v.expect(1);
    assert_eq!(v.json()["verdict"], "invalid");
    let v = tessera(
        &home,
        &["verify", &d("hosted.png"), "--online", "--json"],
        &[("TESSERA_CA_FILE", ca)],
    );
    v.expect(1);
    assert_eq!(v.json()["status"], "revoked");
    // Gone from the issuer's site (410): revoked; with no copy to compare, its verdict is
    // unknown, which for `verify` is exit 2 (cli.md).
    serve_ob2_issuer(&server, &[], &[]);
    server.serve_status("/assertions/42", 410);
    let v = tessera(
        &home,
        &["verify", &d("hosted.png"), "--online", "--json"],
        &[("TESSERA_CA_FILE", ca)],
    );
    v.expect(2);
    assert_eq!(
        (v.json()["verdict"].as_str(), v.json()["status"].as_str()),
        (Some("unknown"), Some("revoked"))
    );
}
