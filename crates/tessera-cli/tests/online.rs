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
