//! The desktop app's commands under Tauri's mock runtime: the same `configure` as the
//! shipped app, invoked the way the webview invokes them.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;
use tessera_desktop::{configure, ipc::IpcError, AppState};
use tessera_testkit::TestIssuer;

struct App {
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _home: tempfile::TempDir,
}

fn app() -> App {
    // No keyring in tests: the app must take the passphrase path.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "disabled:");
    let home = tempfile::tempdir().unwrap();
    let app = configure(mock_builder(), AppState::new(home.path().join("wallet")))
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    App {
        _app: app,
        webview,
        _home: home,
    }
}

fn invoke(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &app.webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

#[test]
fn ipc_errors_are_kind_and_message_only() {
    let e = IpcError::new("wrong-passphrase", "That passphrase is not right.");
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({"kind": "wrong-passphrase", "message": "That passphrase is not right."})
    );
}

#[test]
fn first_run_import_and_unlock_through_the_commands() {
    let a = app();
    let status = invoke(&a, "wallet_status", json!({})).unwrap();
    assert_eq!(status["state"], "none");
    assert_eq!(status["keyringAvailable"], false);

    // Without a keyring, creating without a passphrase is refused with a plain message.
    let err = invoke(&a, "create_wallet", json!({"passphrase": null})).unwrap_err();
    assert_eq!(err["kind"], "keyring");
    assert!(err["message"].as_str().unwrap().contains("passphrase"));

    let status = invoke(
        &a,
        "create_wallet",
        json!({"passphrase": "a long enough passphrase"}),
    )
    .unwrap();
    assert_eq!(status["state"], "unlocked");
    assert_eq!(status["keySource"], "passphrase");

    // Paste a freshly issued credential.
    let issuer = TestIssuer::from_seed(41);
    let cred = issuer.issue_fixture("ob3-microcredential.json");
    let text = serde_json::to_string_pretty(&cred).unwrap();
    let out = invoke(&a, "import_text", json!({"text": text})).unwrap();
    assert_eq!(out["stored"], true, "{out}");
    assert_eq!(out["verdict"], "valid");
    assert_eq!(out["source"], "pasted text");
    let id = out["id"].as_str().unwrap().to_owned();

    // The same again: a duplicate, nothing new.
    let again = invoke(&a, "import_text", json!({"text": text})).unwrap();
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["stored"], false);

    // A tampered copy: refused with a reason, nothing stored.
    let tampered = text.replacen("Data Literacy Foundations", "Data Literacy Foundationz", 1);
    let bad = invoke(&a, "import_text", json!({"text": tampered})).unwrap();
    assert_eq!(bad["stored"], false);
    assert_eq!(bad["verdict"], "invalid");
    assert_eq!(bad["error"]["kind"], "invalid-credential");

    // Garbage: an error a learner can read.
    let junk = invoke(&a, "import_text", json!({"text": "hello there"})).unwrap();
    assert_eq!(junk["stored"], false);
    assert!(junk["error"]["message"].as_str().unwrap().len() > 10);

    let list = invoke(&a, "list_credentials", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["title"], "Data Literacy Foundations");
    assert_eq!(list[0]["credits"], 5.0);
    assert_eq!(list[0]["creditUnit"], "ECTS");

    let detail = invoke(&a, "get_credential", json!({"id": id})).unwrap();
    assert_eq!(detail["summary"]["verdict"], "valid");
    assert_eq!(detail["critical"]["country"]["value"], "DE");
    assert_eq!(detail["critical"]["qualityAssurance"]["present"], false);
    assert!(detail["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["check"] == "signature" && c["result"] == "pass"));

    let raw = invoke(&a, "raw_credential", json!({"id": id})).unwrap();
    assert_eq!(raw.as_str().unwrap(), text, "the original bytes, verbatim");

    let holder = invoke(&a, "holder", json!({})).unwrap();
    assert!(holder["did"].as_str().unwrap().starts_with("did:key:z6Mk"));
    assert!(
        holder["jwk"].get("d").is_none(),
        "no private key ever goes to the UI"
    );

    invoke(&a, "delete_credential", json!({"id": id})).unwrap();
    let gone = invoke(&a, "get_credential", json!({"id": id})).unwrap_err();
    assert_eq!(gone["kind"], "not-found");
}

#[test]
fn a_passphrase_wallet_starts_locked_and_a_wrong_passphrase_says_so() {
    let home = tempfile::tempdir().unwrap();
    let wallet_home = home.path().join("w");
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "disabled:");
    tessera_wallet::Wallet::create(
        &wallet_home,
        tessera_wallet::KeySetup::Passphrase(zeroize::Zeroizing::new("right one".into())),
        chrono::Utc::now(),
    )
    .unwrap();
    let app = configure(mock_builder(), AppState::new(wallet_home))
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let a = App {
        _app: app,
        webview,
        _home: home,
    };
    assert_eq!(
        invoke(&a, "wallet_status", json!({})).unwrap()["state"],
        "locked"
    );
    let err = invoke(&a, "list_credentials", json!({})).unwrap_err();
    assert_eq!(err["kind"], "locked");
    let err = invoke(&a, "unlock_wallet", json!({"passphrase": "wrong one"})).unwrap_err();
    assert_eq!(err["kind"], "wrong-passphrase");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("Nothing was changed"));
    let ok = invoke(&a, "unlock_wallet", json!({"passphrase": "right one"})).unwrap();
    assert_eq!(ok["state"], "unlocked");
}

#[test]
fn import_files_reports_each_file_on_its_own() {
    let a = app();
    invoke(
        &a,
        "create_wallet",
        json!({"passphrase": "another long passphrase"}),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let issuer = TestIssuer::from_seed(42);
    let good = dir.path().join("badge.json");
    std::fs::write(
        &good,
        serde_json::to_vec(&issuer.issue_fixture("ob3-minimal.json")).unwrap(),
    )
    .unwrap();
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, b"not a credential").unwrap();
    let missing = dir.path().join("missing.json");
    let out = invoke(&a, "import_files", json!({"paths": [good, junk, missing]})).unwrap();
    let out = out.as_array().unwrap();
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["stored"], true);
    assert_eq!(out[0]["source"], "badge.json");
    assert_eq!(out[1]["stored"], false);
    assert!(out[1]["error"]["message"].is_string());
    assert_eq!(out[2]["stored"], false);
    assert_eq!(out[2]["error"]["kind"], "invalid-input");
}

fn app_at(home: tempfile::TempDir, wallet: std::path::PathBuf) -> App {
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "disabled:");
    let app = configure(mock_builder(), AppState::new(wallet))
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    App {
        _app: app,
        webview,
        _home: home,
    }
}

#[test]
fn online_checks_are_off_by_default_and_the_choice_is_kept() {
    let home = tempfile::tempdir().unwrap();
    let wallet = home.path().join("w");
    let a = app_at(tempfile::tempdir().unwrap(), wallet.clone());
    // Settings belong to an open wallet.
    assert_eq!(
        invoke(&a, "get_settings", json!({})).unwrap_err()["kind"],
        "locked"
    );
    invoke(
        &a,
        "create_wallet",
        json!({"passphrase": "settings passphrase"}),
    )
    .unwrap();
    let s = invoke(&a, "get_settings", json!({})).unwrap();
    assert_eq!(s, json!({"onlineChecks": false, "problem": null}));

    // A client that cannot be made: a plain `network` error, and the setting stays off.
    std::env::set_var("TESSERA_CA_FILE", home.path().join("no-such-roots.pem"));
    let err = invoke(&a, "set_online_checks", json!({"on": true})).unwrap_err();
    std::env::remove_var("TESSERA_CA_FILE");
    assert_eq!(err["kind"], "network", "{err}");
    let msg = err["message"].as_str().unwrap();
    assert!(
        msg.starts_with("Online checks could not be turned on"),
        "{msg}"
    );
    assert!(msg.contains("no-such-roots.pem"), "{msg}");
    assert_eq!(
        invoke(&a, "get_settings", json!({})).unwrap()["onlineChecks"],
        false
    );

    let s = invoke(&a, "set_online_checks", json!({"on": true})).unwrap();
    assert_eq!(s, json!({"onlineChecks": true, "problem": null}));
    // Checking again with online checks on runs off the async workers (no panic) and
    // works for a credential that needs nothing from the web.
    let issuer = TestIssuer::from_seed(43);
    let text = serde_json::to_string(&issuer.issue_fixture("ob3-minimal.json")).unwrap();
    let out = invoke(&a, "import_text", json!({"text": text})).unwrap();
    let id = out["id"].as_str().unwrap().to_owned();
    let d = invoke(&a, "verify_credential", json!({"id": id})).unwrap();
    assert_eq!(d["summary"]["verdict"], "valid");
    drop(a);

    // Closed and opened again (the app restarted, the wallet unlocked): still on.
    let b = app_at(home, wallet);
    assert_eq!(
        invoke(&b, "wallet_status", json!({})).unwrap()["state"],
        "locked"
    );
    invoke(
        &b,
        "unlock_wallet",
        json!({"passphrase": "settings passphrase"}),
    )
    .unwrap();
    assert_eq!(
        invoke(&b, "get_settings", json!({})).unwrap()["onlineChecks"],
        true
    );
    let s = invoke(&b, "set_online_checks", json!({"on": false})).unwrap();
    assert_eq!(s["onlineChecks"], false);
    assert_eq!(
        invoke(&b, "get_settings", json!({})).unwrap()["onlineChecks"],
        false
    );
}

fn check<'v>(detail: &'v Value, name: &str) -> &'v Value {
    detail["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check in {detail}"))
}

#[test]
fn trust_registries_are_added_listed_and_removed() {
    let a = app();
    invoke(
        &a,
        "create_wallet",
        json!({"passphrase": "registry passphrase"}),
    )
    .unwrap();
    assert_eq!(invoke(&a, "list_registries", json!({})).unwrap(), json!([]));
    let issuer = TestIssuer::from_seed(44);
    let text = serde_json::to_string(&issuer.issue_fixture("ob3-microcredential.json")).unwrap();
    let id = invoke(&a, "import_text", json!({"text": text})).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = invoke(&a, "get_credential", json!({"id": id})).unwrap();
    assert_eq!(check(&before, "registry")["result"], "warn");
    assert_eq!(before["summary"]["issuerName"], "Hochschule Musterstadt");

    // A Tessera issuer list, pasted: the stored credential's issuer is now listed, under
    // the registry's name for it.
    let list = json!({
        "type": "TesseraIssuerList",
        "name": "Musterland Quality Register",
        "issuers": [{"id": issuer.did, "name": "Hochschule Musterstadt (accredited)"}]
    });
    let info = invoke(
        &a,
        "add_registry_text",
        json!({"text": list.to_string(), "name": null}),
    )
    .unwrap();
    assert_eq!(info["name"], "Musterland Quality Register");
    assert_eq!(info["format"], "tessera");
    assert_eq!(info["issuers"], 1);
    let reg_id = info["id"].as_str().unwrap().to_owned();
    let after = invoke(&a, "get_credential", json!({"id": id})).unwrap();
    let c = check(&after, "registry");
    assert_eq!(c["result"], "pass", "{c}");
    assert!(c["detail"]
        .as_str()
        .unwrap()
        .contains("Musterland Quality Register"));
    assert_eq!(
        after["summary"]["issuerName"],
        "Hochschule Musterstadt (accredited)"
    );
    let cards = invoke(&a, "list_credentials", json!({})).unwrap();
    assert_eq!(
        cards[0]["issuerName"],
        "Hochschule Musterstadt (accredited)"
    );

    // A bad file: `invalid-input`, a message naming the problem, and nothing changes.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(
        &bad,
        br#"{"registry": {"did:web:x.example": {"url": "https://x.example"}}}"#,
    )
    .unwrap();
    let err = invoke(&a, "add_registry", json!({"path": bad, "name": null})).unwrap_err();
    assert_eq!(err["kind"], "invalid-input", "{err}");
    let msg = err["message"].as_str().unwrap();
    assert!(
        msg.contains("did:web:x.example") && msg.contains("no name"),
        "{msg}"
    );
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, b"not json").unwrap();
    let err = invoke(&a, "add_registry", json!({"path": junk, "name": null})).unwrap_err();
    assert_eq!(err["kind"], "invalid-input");
    assert!(err["message"].as_str().unwrap().contains("not valid JSON"));
    let err = invoke(
        &a,
        "add_registry",
        json!({"path": dir.path().join("missing.json"), "name": null}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalid-input");
    assert_eq!(
        invoke(&a, "list_registries", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        check(
            &invoke(&a, "get_credential", json!({"id": id})).unwrap(),
            "registry"
        )["result"],
        "pass"
    );

    // A DCC registry.json from a file names no registry: the file's name does.
    let dcc = dir.path().join("dcc-sandbox.json");
    std::fs::write(
        &dcc,
        json!({"meta": {"created": "2024-01-01"}, "registry": {
            "did:web:other.example": {"name": "Other College"}}})
        .to_string(),
    )
    .unwrap();
    let info = invoke(&a, "add_registry", json!({"path": dcc, "name": null})).unwrap();
    assert_eq!(info["name"], "dcc-sandbox");
    assert_eq!(info["format"], "dcc-legacy");
    let named = invoke(
        &a,
        "add_registry",
        json!({"path": dcc, "name": "  DCC Sandbox  "}),
    );
    // The same file again is the same registry (its id is its content's hash), renamed.
    assert_eq!(named.unwrap()["name"], "DCC Sandbox");
    let all = invoke(&a, "list_registries", json!({})).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2, "{all}");

    // Remove: the listing goes, and the credential's issuer is no longer vouched for.
    invoke(&a, "remove_registry", json!({"id": reg_id})).unwrap();
    let all = invoke(&a, "list_registries", json!({})).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(all[0]["name"], "DCC Sandbox");
    let gone = invoke(&a, "get_credential", json!({"id": id})).unwrap();
    assert_eq!(check(&gone, "registry")["result"], "warn");
    assert_eq!(gone["summary"]["issuerName"], "Hochschule Musterstadt");
    let err = invoke(&a, "remove_registry", json!({"id": reg_id})).unwrap_err();
    assert_eq!(err["kind"], "not-found");
    assert!(err["message"].as_str().unwrap().contains("registry"));
}

#[test]
fn pathways_through_the_commands() {
    let a = app();
    invoke(
        &a,
        "create_wallet",
        json!({"passphrase": "pathway passphrase"}),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let skill = "http://data.europa.eu/esco/skill/s1";
    let pathway = json!({
        "type": "TesseraPathway", "version": 1, "id": "urn:test:pathway:app",
        "title": {"en": "Data and Statistics"},
        "policy": {"creditUnit": "ECTS", "minTotalCredits": 10},
        "groups": [
            {"id": "data", "label": {"en": "Data"}, "select": {"min": 1}, "from": [{"skill": [skill]}]},
            {"id": "stats", "label": {"en": "Statistics"}, "required": [{"titlePattern": "statistic", "flags": "i"}]}
        ]
    });
    let file = dir.path().join("data-stats.json");
    std::fs::write(&file, pathway.to_string()).unwrap();

    // Shipped pathways are listed before anything is added.
    let before = invoke(&a, "list_pathways", json!({})).unwrap();
    let shipped = before.as_array().unwrap().len();
    assert!(shipped >= 3, "{before}");
    assert!(before
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["info"]["source"] == "shipped"));

    // A bad file: `invalid-input` naming the key; nothing added.
    let mut bad = pathway.clone();
    bad["groups"][0]["select"]["from"] = json!([]);
    let bad_file = dir.path().join("bad.json");
    std::fs::write(&bad_file, bad.to_string()).unwrap();
    let err = invoke(&a, "add_pathway", json!({"path": bad_file})).unwrap_err();
    assert_eq!(err["kind"], "invalid-input", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("groups[0].select.from"),
        "{err}"
    );
    assert_eq!(
        invoke(&a, "list_pathways", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        shipped
    );

    let added = invoke(&a, "add_pathway", json!({"path": file})).unwrap();
    assert_eq!(added["pathway"]["origin"], "data-stats.json");
    assert_eq!(added["replaced"], false);

    // One credential that fits "data" only.
    let c = TestIssuer::from_seed(61).microcredential(
        1,
        "Data Cleaning",
        &[skill],
        5.0,
        "2031-01-01T00:00:00Z",
    );
    let id = invoke(&a, "import_text", json!({"text": c.to_string()})).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let list = invoke(&a, "list_pathways", json!({})).unwrap();
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["info"]["id"] == "urn:test:pathway:app")
        .unwrap();
    assert_eq!(mine["complete"], false);
    assert_eq!(mine["countedCredits"], 5);
    assert_eq!(mine["percent"], 50, "credits 5/10, counts 1/2");

    let page = invoke(&a, "get_pathway", json!({"id": "urn:test:pathway:app"})).unwrap();
    let groups = page["view"]["groups"].as_array().unwrap();
    assert_eq!(groups[0]["counted"][0]["credential"], id.as_str());
    assert_eq!(
        groups[1]["open"][0]["text"],
        "A credential matching 'statistic'"
    );
    assert_eq!(
        page["view"]["plan"],
        json!(["Statistics: 1 more credential worth at least 5 ECTS, namely a credential matching 'statistic'"])
    );
    assert_eq!(page["info"]["source"], "added");

    let counts = invoke(&a, "credential_pathways", json!({"id": id})).unwrap();
    let here = counts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["pathway"] == "urn:test:pathway:app")
        .unwrap_or_else(|| panic!("{counts}"));
    assert_eq!(here["counts"], true);
    assert_eq!(here["group"], "Data");

    // The summary: ".html" added; a folder that does not exist is a `storage` error.
    let target = dir.path().join("summary");
    let written = invoke(
        &a,
        "export_pathway",
        json!({"id": "urn:test:pathway:app", "path": target}),
    )
    .unwrap();
    assert!(written.as_str().unwrap().ends_with("summary.html"));
    let html = std::fs::read_to_string(dir.path().join("summary.html")).unwrap();
    assert!(html.contains("Data Cleaning") && html.contains("not an official record"));
    assert!(html.contains("from the file &quot;data-stats.json&quot;"));
    let err = invoke(
        &a,
        "export_pathway",
        json!({"id": "urn:test:pathway:app", "path": dir.path().join("no/such/folder/x.html")}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "storage", "{err}");

    // Unknown ids: `not-found`.
    for (cmd, args) in [
        ("get_pathway", json!({"id": "urn:test:none"})),
        ("remove_pathway", json!({"id": "urn:test:none"})),
        ("credential_pathways", json!({"id": "c_none"})),
    ] {
        let err = invoke(&a, cmd, args).unwrap_err();
        assert_eq!(err["kind"], "not-found", "{cmd}: {err}");
    }

    invoke(&a, "remove_pathway", json!({"id": "urn:test:pathway:app"})).unwrap();
    assert_eq!(
        invoke(&a, "list_pathways", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        shipped
    );
}

#[test]
fn sharing_through_the_commands() {
    use tessera_testkit::present::TestKey;
    let a = app();
    invoke(
        &a,
        "create_wallet",
        json!({"passphrase": "sharing passphrase"}),
    )
    .unwrap();
    let holder = invoke(&a, "holder", json!({})).unwrap();
    // An SD-JWT VC bound to the wallet's P-256 key, with seven claims disclosable.
    let issuer = TestKey::ed25519(31);
    let claims = json!({
        "vct": "https://credentials.example.edu/micro-credential",
        "name": "Data Literacy", "ects": 5, "given_name": "Alex", "family_name": "Example",
        "birthdate": "2001-04-12", "email": "alex@example.org", "grade": "1.3",
        "cnf": {"jwk": holder["p256"]["jwk"]}
    });
    let sd = issuer.issue_sd_jwt(
        &claims,
        &[
            "name",
            "ects",
            "given_name",
            "family_name",
            "birthdate",
            "email",
            "grade",
        ],
        "app",
    );
    let id = invoke(&a, "import_text", json!({"text": sd})).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The preview shows exactly the chosen claims, and what is kept back.
    let preview = invoke(
        &a,
        "preview_share",
        json!({"id": id, "disclose": ["family_name", "ects"]}),
    )
    .unwrap();
    assert_eq!(preview["revealed"]["family_name"], "Example");
    assert!(preview["revealed"].get("birthdate").is_none(), "{preview}");
    assert_eq!(preview["withheld"].as_array().unwrap().len(), 5);
    let err = invoke(
        &a,
        "preview_share",
        json!({"id": id, "disclose": ["shoe_size"]}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalid-input");
    assert!(
        err["message"].as_str().unwrap().contains("shoe_size"),
        "{err}"
    );

    // Share: a presentation, its QR code (PNG data URL), a share log entry.
    let shared = invoke(
        &a,
        "share_credentials",
        json!({"ids": [id], "audience": "https://jobs.example", "nonce": null,
               "disclose": ["family_name", "ects"], "validMinutes": 10}),
    )
    .unwrap();
    let text = shared["shared"]["presentation"]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(shared["shared"]["nonceGenerated"], true);
    assert_eq!(shared["shared"]["entry"]["holderKey"], "P-256");
    let nonce = shared["shared"]["entry"]["nonce"]
        .as_str()
        .unwrap()
        .to_owned();
    let qr = shared["qr"].as_array().unwrap();
    assert_eq!(qr.len(), 1);
    assert_eq!(shared["qrCompact"], false);
    let png = {
        use base64::Engine;
        let b64 = qr[0]
            .as_str()
            .unwrap()
            .strip_prefix("data:image/png;base64,")
            .unwrap();
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap()
    };
    assert_eq!(
        tessera_core::qr::decode(&png).unwrap().as_deref(),
        Some(text.as_str())
    );
    let log = invoke(&a, "list_shares", json!({})).unwrap();
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(
        log[0]["credentials"][0]["revealed"],
        json!(["ects", "family_name"])
    );

    // The employer's side: accepted with the right nonce and audience, refused otherwise.
    let ok = invoke(
        &a,
        "check_presentation_text",
        json!({"text": text, "audience": "https://jobs.example", "nonce": nonce}),
    )
    .unwrap();
    assert_eq!(ok["verdict"], "valid", "{ok}");
    assert_eq!(ok["disclosed"][0]["family_name"], "Example");
    let wrong = invoke(
        &a,
        "check_presentation_text",
        json!({"text": text, "audience": "https://jobs.example", "nonce": "other"}),
    )
    .unwrap();
    assert_eq!(wrong["verdict"], "invalid");

    // Saved as a file and as QR images; read back by the file checker.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.sd-jwt");
    let written = invoke(&a, "save_presentation", json!({"text": text, "path": file})).unwrap();
    assert_eq!(written.as_array().unwrap().len(), 1);
    let svg = dir.path().join("p.svg");
    invoke(&a, "save_presentation", json!({"text": text, "path": svg})).unwrap();
    for path in [&file, &svg] {
        let r = invoke(
            &a,
            "check_presentation_files",
            json!({"paths": [path], "audience": "https://jobs.example", "nonce": nonce}),
        )
        .unwrap();
        assert_eq!(r["verdict"], "valid", "{}: {r}", path.display());
    }
    let err = invoke(
        &a,
        "save_presentation",
        json!({"text": text, "path": dir.path().join("none/p.sd-jwt")}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "storage");
    // The printable sheet: a PDF, ".pdf" added.
    let sheet = invoke(
        &a,
        "save_share_sheet",
        json!({"text": text, "path": dir.path().join("sheet")}),
    )
    .unwrap();
    let pdf = std::fs::read(sheet.as_str().unwrap()).unwrap();
    assert!(sheet.as_str().unwrap().ends_with("sheet.pdf"));
    assert!(pdf.starts_with(b"%PDF-"));

    // A Data Integrity credential cannot disclose selectively; the log entry is deleted.
    let issuer = TestIssuer::from_seed(45);
    let di = serde_json::to_string(&issuer.issue_fixture("ob3-microcredential.json")).unwrap();
    let di_id = invoke(&a, "import_text", json!({"text": di})).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let err = invoke(
        &a,
        "share_credentials",
        json!({"ids": [di_id], "audience": "x", "nonce": null, "disclose": ["name"], "validMinutes": 10}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalid-input");
    assert!(err["message"].as_str().unwrap().contains("whole"), "{err}");
    let entry = log[0]["id"].as_str().unwrap().to_owned();
    invoke(&a, "delete_share", json!({"id": entry})).unwrap();
    let err = invoke(&a, "delete_share", json!({"id": entry})).unwrap_err();
    assert_eq!(err["kind"], "not-found");
    assert_eq!(invoke(&a, "list_shares", json!({})).unwrap(), json!([]));
}
