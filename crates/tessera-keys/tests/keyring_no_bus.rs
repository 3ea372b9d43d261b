//! With the session bus address pointing nowhere, the keyring is reported unavailable within a
//! few seconds (the signal for the passphrase fallback). Own test binary: it changes the
//! process environment.

use std::time::{Duration, Instant};

use tessera_keys::{keyring_available, load_from_keyring, store_in_keyring, DbKey, KeyError};

#[test]
fn no_session_bus_means_unavailable_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("no-such-bus");
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", nowhere.display()),
    );

    let t = Instant::now();
    let r = keyring_available();
    let took = t.elapsed();
    eprintln!("keyring_available: {r:?} after {took:?}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    match r {
        Err(KeyError::KeyringUnavailable { reason }) => assert!(!reason.is_empty()),
        other => panic!("expected KeyringUnavailable, got {other:?}"),
    }

    let t = Instant::now();
    let stored = store_in_keyring("nobus", &DbKey::random());
    assert!(stored.is_err(), "{stored:?}");
    let loaded = load_from_keyring("nobus");
    assert!(
        !matches!(loaded, Ok(_) | Err(KeyError::NotInKeyring { .. })),
        "{loaded:?}"
    );
    assert!(t.elapsed() < Duration::from_secs(10));
}
