//! Keyring wallets against a REAL Secret Service (a private D-Bus bus and gnome-keyring,
//! started by the test): the key never touches the wallet folder, each wallet has its own
//! entry, and a wallet whose entry is gone fails clearly and changes nothing.
#![cfg(target_os = "linux")]

use std::time::{Duration, Instant};

use tessera_core::Env;
use tessera_testkit::TestIssuer;
use tessera_wallet::{KeySetup, KeySource, Unlock, Wallet, WalletError};

fn wait_for_keyring(service: &tessera_testkit::secret_service::SecretService) {
    let started = Instant::now();
    while let Err(e) = tessera_wallet::keyring_available() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the Secret Service never became available: {e}\n{}",
            service.logs()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn keyring_wallets_open_without_a_passphrase_and_keep_their_keys_apart() {
    let service = tessera_testkit::secret_service::start();
    wait_for_keyring(&service);
    let now = chrono::Utc::now();
    let env = Env::at(now);
    let root = tempfile::tempdir().unwrap();
    let (home_a, home_b) = (root.path().join("a"), root.path().join("b"));

    let mut a = Wallet::create(&home_a, KeySetup::Keyring, now).unwrap();
    assert_eq!(a.meta().key_source, KeySource::Keyring);
    let cred =
        serde_json::to_vec(&TestIssuer::from_seed(51).issue_fixture("ob3-microcredential.json"))
            .unwrap();
    let id = a.import(&cred, &env, false).unwrap().id.unwrap();
    let id_a = a.meta().wallet_id.clone();
    drop(a);
    assert!(
        !home_a.join(tessera_wallet::KEY_FILE).exists(),
        "a keyring wallet keeps no key file"
    );

    let b = Wallet::create(&home_b, KeySetup::Keyring, now).unwrap();
    assert_ne!(b.meta().wallet_id, id_a);
    drop(b);

    // Reopen from the keyring alone: the credential and its bytes are there.
    let a = Wallet::open(&home_a, Unlock::Keyring).unwrap();
    assert_eq!(a.raw(&id).unwrap(), cred);
    drop(a);
    Wallet::open(&home_b, Unlock::Keyring).unwrap();

    // Each wallet has its own entry: removing A's leaves B openable, and A fails clearly.
    assert!(tessera_keys::delete_from_keyring(&id_a).unwrap());
    let before = tessera_testkit::hash_tree(&home_a);
    let err = Wallet::open(&home_a, Unlock::Keyring).unwrap_err();
    assert!(matches!(err, WalletError::Keyring(_)), "{err:?}");
    assert!(err.to_string().contains("keyring"), "{err}");
    assert_eq!(
        tessera_testkit::hash_tree(&home_a),
        before,
        "a failed open changes no file"
    );
    Wallet::open(&home_b, Unlock::Keyring).unwrap();
    drop(service);
}
