//! Against a REAL Secret Service: this test starts its own private D-Bus session bus and
//! gnome-keyring-daemon (in a temporary HOME, so no real keyring is touched), stores keys for
//! two wallets, reads them back, deletes them, and stops both daemons at the end, also when it
//! fails (Drop guard). Missing daemons are a failure naming the Debian package, never a skip.
//! Own test binary: it points this process's DBUS_SESSION_BUS_ADDRESS at the private bus.
#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use keyring_core::api::CredentialStoreApi;
use tessera_keys::{
    delete_from_keyring, keyring_account, keyring_available, load_from_keyring, store_in_keyring,
    DbKey, KeyError, KEYRING_SERVICE,
};

#[test]
fn keys_for_two_wallets_round_trip_through_gnome_keyring() {
    let daemons = tessera_testkit::secret_service::start();

    // Wait for the Secret Service to appear on the bus.
    let started = Instant::now();
    loop {
        match keyring_available() {
            Ok(()) => break,
            Err(e) if started.elapsed() < Duration::from_secs(20) => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => panic!(
                "the Secret Service never became available: {e}\n{}",
                daemons.logs()
            ),
        }
    }
    eprintln!("Secret Service up after {:?}", started.elapsed());

    let id_a = format!("w-test-a-{}", std::process::id());
    let id_b = format!("w-test-b-{}", std::process::id());
    let key_a = DbKey::random();
    let key_b = DbKey::random();

    assert!(matches!(
        load_from_keyring(&id_a),
        Err(KeyError::NotInKeyring { .. })
    ));
    store_in_keyring(&id_a, &key_a).unwrap_or_else(|e| panic!("{e}\n{}", daemons.logs()));
    store_in_keyring(&id_b, &key_b).unwrap_or_else(|e| panic!("{e}\n{}", daemons.logs()));

    let got_a = load_from_keyring(&id_a).unwrap();
    let got_b = load_from_keyring(&id_b).unwrap();
    assert_eq!(got_a.expose(), key_a.expose());
    assert_eq!(got_b.expose(), key_b.expose());
    assert_ne!(got_a.expose(), got_b.expose(), "two wallets, two keys");

    // One entry per wallet, named service "Tessera", account "wallet-<id>".
    let store = zbus_secret_service_keyring_store::Store::new().unwrap();
    for id in [&id_a, &id_b] {
        let account = keyring_account(id);
        let found = store
            .search(&HashMap::from([
                ("service", KEYRING_SERVICE),
                ("username", account.as_str()),
            ]))
            .unwrap();
        assert_eq!(found.len(), 1, "entries for {account}");
    }

    // Storing again replaces the key; it does not add a second entry.
    let key_a2 = DbKey::random();
    store_in_keyring(&id_a, &key_a2).unwrap();
    assert_eq!(load_from_keyring(&id_a).unwrap().expose(), key_a2.expose());
    assert_eq!(load_from_keyring(&id_b).unwrap().expose(), key_b.expose());

    assert!(delete_from_keyring(&id_a).unwrap());
    assert!(matches!(
        load_from_keyring(&id_a),
        Err(KeyError::NotInKeyring { .. })
    ));
    assert_eq!(load_from_keyring(&id_b).unwrap().expose(), key_b.expose());
    assert!(delete_from_keyring(&id_b).unwrap());
    assert!(!delete_from_keyring(&id_b).unwrap());
    assert!(matches!(
        load_from_keyring(&id_b),
        Err(KeyError::NotInKeyring { .. })
    ));
    drop(daemons);
}
