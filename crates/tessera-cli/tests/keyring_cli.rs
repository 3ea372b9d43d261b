//! `tessera init` on a machine with a working keyring (a REAL Secret Service, started by the
//! test) keeps the key there: later commands need no passphrase.
#![cfg(target_os = "linux")]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn tessera(home: &std::path::Path, bus: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tessera"))
        .arg("--home")
        .arg(home)
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env_remove("TESSERA_PASSPHRASE")
        .env_remove("TESSERA_HOME")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn init_uses_the_keyring_when_one_works_and_no_passphrase_is_asked_later() {
    let service = tessera_testkit::secret_service::start();
    let started = Instant::now();
    while tessera_keys::keyring_available().is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no Secret Service\n{}",
            service.logs()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let out = tessera(&home, &service.address, &["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("system keyring"));
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(home.join("wallet.json")).unwrap()).unwrap();
    assert_eq!(meta["keySource"], "keyring");
    assert!(!home.join("key.json").exists());

    let cred = dir.path().join("badge.json");
    std::fs::write(
        &cred,
        serde_json::to_vec(
            &tessera_testkit::TestIssuer::from_seed(61).issue_fixture("ob3-minimal.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let out = tessera(&home, &service.address, &["import", cred.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tessera(&home, &service.address, &["list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["title"], "Team Facilitation");

    // Without the keyring the wallet cannot be opened, and says why.
    let out = tessera(&home, "disabled:", &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("keyring"));
    drop(service);
}
