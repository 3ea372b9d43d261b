//! The database key in the OS keyring (Secret Service on Linux, the login Keychain on macOS,
//! Credential Manager on Windows), through `keyring-core` and its platform stores.
//!
//! One entry per wallet: service [`KEYRING_SERVICE`], account `wallet-<wallet id>`, secret the
//! key as 64 lowercase hex digits. Every call builds its own store connection and runs on a
//! helper thread bounded by a timeout, so a missing or hung keyring service cannot hang the
//! wallet: [`keyring_available`] gives up after [`PROBE_TIMEOUT`], the other calls after
//! [`OPERATION_TIMEOUT`] (long enough for the learner to answer an unlock prompt). A timed-out
//! helper thread is left to finish on its own.

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use keyring_core::{CredentialStore, Entry};
use tessera_store::DbKey;
use zeroize::{Zeroize, Zeroizing};

use crate::error::KeyError;

/// Keyring service name of every Tessera entry.
pub const KEYRING_SERVICE: &str = "Tessera";
/// How long [`keyring_available`] waits for the platform store.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(3);
/// How long the other keyring calls wait (an unlock prompt may be on screen).
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(60);

const PROBE_ACCOUNT: &str = "tessera-availability-probe";

/// The keyring account (user) name for a wallet: `wallet-<wallet_id>`.
pub fn keyring_account(wallet_id: &str) -> String {
    format!("wallet-{wallet_id}")
}

fn check_wallet_id(wallet_id: &str) -> Result<(), KeyError> {
    let bad = |reason: &str| KeyError::InvalidWalletId {
        wallet_id: wallet_id.chars().take(80).collect(),
        reason: reason.to_string(),
    };
    if wallet_id.is_empty() {
        return Err(bad("it is empty"));
    }
    if wallet_id.len() > 128 {
        return Err(bad("it is longer than 128 characters"));
    }
    if !wallet_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(bad(
            "only ASCII letters, digits, '-', '_' and '.' are allowed",
        ));
    }
    Ok(())
}

/// The platform's credential store.
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    #[cfg(target_os = "linux")]
    {
        let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
        Ok(store)
    }
    #[cfg(target_os = "macos")]
    {
        let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
        Ok(store)
    }
    #[cfg(target_os = "windows")]
    {
        let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
        Ok(store)
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
    {
        Err(keyring_core::Error::NotSupportedByStore(
            "Tessera knows no OS keyring on this platform".to_string(),
        ))
    }
}

fn build_entry(store: &Arc<CredentialStore>, account: &str) -> keyring_core::Result<Entry> {
    #[cfg(target_os = "linux")]
    {
        // The label is what keyring managers (e.g. Seahorse) show.
        let label = format!("Tessera wallet key ({account})");
        let mods = std::collections::HashMap::from([("label", label.as_str())]);
        store.build(KEYRING_SERVICE, account, Some(&mods))
    }
    #[cfg(not(target_os = "linux"))]
    {
        store.build(KEYRING_SERVICE, account, None)
    }
}

/// A description of a keyring error that never includes secret bytes (some variants of
/// `keyring_core::Error` carry the retrieved secret: they are wiped here).
fn describe(err: keyring_core::Error) -> String {
    use keyring_core::Error as E;
    match err {
        E::BadEncoding(mut bytes) => {
            bytes.zeroize();
            "the stored secret is not UTF-8 text".to_string()
        }
        E::BadDataFormat(mut bytes, inner) => {
            bytes.zeroize();
            format!("the stored secret is malformed: {inner}")
        }
        E::Ambiguous(entries) => {
            format!("{} keyring entries match; expected one", entries.len())
        }
        other => other.to_string(),
    }
}

fn run_bounded<T, F>(timeout: Duration, op: &'static str, f: F) -> Result<T, KeyError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, KeyError> + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("tessera-keyring".into())
        .spawn(move || {
            // The receiver may be gone after a timeout: nothing to do then.
            let _ = tx.send(f());
        })
        .map_err(|e| KeyError::KeyringUnavailable {
            reason: format!("could not start the keyring thread: {e}"),
        })?;
    match rx.recv_timeout(timeout) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(KeyError::KeyringTimeout {
            op,
            secs: timeout.as_secs(),
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(KeyError::KeyringUnavailable {
            reason: format!("the keyring thread stopped while {op}"),
        }),
    }
}

/// Checks that the OS keyring can be reached and answers a harmless lookup (of an entry that
/// does not exist), within [`PROBE_TIMEOUT`]. Any error is [`KeyError::KeyringUnavailable`]:
/// the signal to use a passphrase instead (e.g. headless Linux without a session bus).
pub fn keyring_available() -> Result<(), KeyError> {
    let unavailable = |reason: String| KeyError::KeyringUnavailable { reason };
    let probed = run_bounded(PROBE_TIMEOUT, "probing the keyring", move || {
        let store = platform_store().map_err(|e| unavailable(describe(e)))?;
        let entry = build_entry(&store, PROBE_ACCOUNT).map_err(|e| unavailable(describe(e)))?;
        match entry.get_secret() {
            Ok(mut s) => {
                s.zeroize();
                Ok(())
            }
            Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(describe(e))),
        }
    });
    match probed {
        Err(KeyError::KeyringTimeout { secs, .. }) => Err(unavailable(format!(
            "the keyring service did not answer within {secs} s"
        ))),
        other => other,
    }
}

fn keyring_error(op: &'static str, wallet_id: &str) -> impl Fn(keyring_core::Error) -> KeyError {
    let wallet_id = wallet_id.to_string();
    move |e| match e {
        keyring_core::Error::NoEntry => KeyError::NotInKeyring {
            wallet_id: wallet_id.clone(),
        },
        other => KeyError::Keyring {
            op,
            wallet_id: wallet_id.clone(),
            reason: describe(other),
        },
    }
}

fn decode_key(hex_text: &str, wallet_id: &str) -> Result<DbKey, KeyError> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(hex_text.trim(), bytes.as_mut()).map_err(|_| {
        KeyError::MalformedKeyringSecret {
            wallet_id: wallet_id.to_string(),
        }
    })?;
    Ok(DbKey::from_bytes(*bytes))
}

/// Stores the wallet's database key in the OS keyring (replacing any key stored for this
/// wallet id), then reads it back to make sure the keyring really kept it.
pub fn store_in_keyring(wallet_id: &str, key: &DbKey) -> Result<(), KeyError> {
    check_wallet_id(wallet_id)?;
    let wallet_id = wallet_id.to_string();
    let secret = Zeroizing::new(hex::encode(key.expose()));
    run_bounded(OPERATION_TIMEOUT, "storing the wallet key", move || {
        let err = keyring_error("storing the key", &wallet_id);
        let store = platform_store().map_err(&err)?;
        let entry = build_entry(&store, &keyring_account(&wallet_id)).map_err(&err)?;
        entry.set_password(&secret).map_err(&err)?;
        let back = Zeroizing::new(
            entry
                .get_password()
                .map_err(keyring_error("reading the key back", &wallet_id))?,
        );
        if back.as_str() != secret.as_str() {
            return Err(KeyError::Keyring {
                op: "reading the key back",
                wallet_id: wallet_id.clone(),
                reason: "the keyring returned a different secret".to_string(),
            });
        }
        Ok(())
    })
}

/// Loads the wallet's database key from the OS keyring. No entry is
/// [`KeyError::NotInKeyring`].
pub fn load_from_keyring(wallet_id: &str) -> Result<DbKey, KeyError> {
    check_wallet_id(wallet_id)?;
    let wallet_id = wallet_id.to_string();
    run_bounded(OPERATION_TIMEOUT, "loading the wallet key", move || {
        let err = keyring_error("loading the key", &wallet_id);
        let store = platform_store().map_err(&err)?;
        let entry = build_entry(&store, &keyring_account(&wallet_id)).map_err(&err)?;
        let text = Zeroizing::new(entry.get_password().map_err(&err)?);
        decode_key(&text, &wallet_id)
    })
}

/// Deletes the wallet's key from the OS keyring: `true` if there was one, `false` if not.
pub fn delete_from_keyring(wallet_id: &str) -> Result<bool, KeyError> {
    check_wallet_id(wallet_id)?;
    let wallet_id = wallet_id.to_string();
    run_bounded(OPERATION_TIMEOUT, "deleting the wallet key", move || {
        let err = keyring_error("deleting the key", &wallet_id);
        let store = platform_store().map_err(&err)?;
        let entry = build_entry(&store, &keyring_account(&wallet_id)).map_err(&err)?;
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(err(e)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wallet_ids_are_checked() {
        assert!(check_wallet_id("w_0123abcd").is_ok());
        assert!(check_wallet_id("").is_err());
        assert!(check_wallet_id("a/b").is_err());
        assert!(check_wallet_id("a b").is_err());
        assert!(check_wallet_id(&"x".repeat(129)).is_err());
        assert_eq!(keyring_account("abc"), "wallet-abc");
    }

    #[test]
    fn bounded_calls_time_out() {
        let t = std::time::Instant::now();
        let r: Result<(), KeyError> = run_bounded(Duration::from_millis(100), "sleeping", || {
            std::thread::sleep(Duration::from_secs(2));
            Ok(())
        });
        assert!(matches!(r, Err(KeyError::KeyringTimeout { .. })));
        assert!(t.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn secrets_are_not_in_error_text() {
        let msg = describe(keyring_core::Error::BadEncoding(b"SECRETBYTES".to_vec()));
        assert!(!msg.contains("SECRET"));
    }

    #[test]
    fn hex_decoding() {
        let k = decode_key(&"ab".repeat(32), "w").unwrap();
        assert_eq!(k.expose(), &[0xab; 32]);
        assert!(matches!(
            decode_key("zz", "w"),
            Err(KeyError::MalformedKeyringSecret { .. })
        ));
    }
}
