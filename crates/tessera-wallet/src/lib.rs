//! Tessera's wallet service, shared by the `tessera` CLI and the desktop app.
//!
//! A wallet is a folder:
//! - `wallet.json`: the wallet's id, where its key lives (`keyring` or `passphrase`) and
//!   when it was made. No secret and no credential content.
//! - `key.json`: only for passphrase wallets, the database key wrapped with Argon2id +
//!   XChaCha20-Poly1305 (see `tessera-keys`).
//! - `wallet.db` (+ `-wal`, `-shm`): the SQLCipher database (see `tessera-store`).
//!
//! The keyring entry of a keyring wallet is named with the wallet's id, so two wallets
//! never share one. Opening with a wrong passphrase fails before any file is opened for
//! writing, so nothing in the folder changes.

mod error;
mod holder;
mod online;
mod pathways;
mod share;
pub mod share_io;
mod view;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use tessera_core::net::HttpGet;
use tessera_core::registry::{self, Registry};
use tessera_core::{Env, Examined, Verdict};
use tessera_keys::{DbKey, KdfParams, KeyError, WrappedKey};
use tessera_store::{
    FetchedDocument, HolderKeyRecord, Inserted, NewCredential, RegistryRecord, Store,
};
use zeroize::Zeroizing;

pub use error::WalletError;
pub use pathways::{CountsToward, PathwayAdded, PathwayInfo, PathwayPage, PathwaySummary};
pub use share::{ShareEntry, ShareRequest, Shared, SharedCredential};
pub use tessera_keys::{passphrase_strength, Strength};
pub use view::{CredentialDetail, CredentialSummary};

pub const WALLET_FILE: &str = "wallet.json";
pub const KEY_FILE: &str = "key.json";
pub const DB_FILE: &str = "wallet.db";

/// Where the database key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum KeySource {
    Keyring,
    Passphrase,
}

/// `wallet.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletMeta {
    pub format: String,
    pub version: u32,
    pub wallet_id: String,
    pub key_source: KeySource,
    pub created_at: String,
}

/// How a new wallet keeps its key.
pub enum KeySetup {
    Keyring,
    Passphrase(Zeroizing<String>),
}

/// How to open an existing wallet.
pub enum Unlock {
    /// Keyring wallets need nothing.
    Keyring,
    Passphrase(Zeroizing<String>),
}

/// The platform's data folder for Tessera (`directories`), used when no `--home` /
/// `TESSERA_HOME` is given.
pub fn default_home() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Tessera", "Tessera").map(|d| d.data_dir().to_path_buf())
}

/// The wallet in `home`, if there is one.
pub fn read_meta(home: &Path) -> Result<Option<WalletMeta>, WalletError> {
    let path = home.join(WALLET_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(WalletError::io("read", &path)(e)),
    };
    let meta: WalletMeta = serde_json::from_str(&text).map_err(|e| WalletError::Damaged {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    if meta.format != "tessera-wallet" {
        return Err(WalletError::Damaged {
            path,
            reason: "it is not a Tessera wallet file".to_owned(),
        });
    }
    Ok(Some(meta))
}

/// Whether the OS keyring can hold this wallet's key (bounded in time).
pub fn keyring_available() -> Result<(), KeyError> {
    tessera_keys::keyring_available()
}

/// An open, unlocked wallet.
pub struct Wallet {
    home: PathBuf,
    meta: WalletMeta,
    store: Store,
    /// The HTTP client for online checks.
    http: Option<Box<dyn HttpGet + Send + Sync>>,
    /// Whether the client may be used (online checks allowed); off by default.
    online: bool,
}

/// A trust registry as the learner sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RegistryInfo {
    pub id: String,
    pub name: String,
    /// `dcc-legacy` or `tessera`.
    pub format: String,
    pub issuers: u32,
    pub added_at: String,
}

/// The setting that allows online checks in the app (off until the learner turns it on).
pub const SETTING_ONLINE: &str = "onlineChecks";

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wallet")
            .field("home", &self.home)
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

/// The holder's public key (cli.md `tessera holder --json`). The private half never
/// leaves the wallet.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HolderInfo {
    /// The Ed25519 key (the default holder key).
    pub did: String,
    pub jwk: serde_json::Value,
    /// The P-256 key, for verifiers that accept only ES256 (extension).
    pub p256: HolderPublic,
}

/// One holder public key.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HolderPublic {
    pub did: String,
    pub jwk: serde_json::Value,
}

/// What one import did.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// The wallet id (new, or the one already holding it).
    pub id: Option<String>,
    pub stored: bool,
    pub duplicate: bool,
    /// It replaced an unverified copy that claimed the same issuer and id.
    pub replaced: bool,
    pub examined: Examined,
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    tessera_core::normalize::rfc3339(t)
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), WalletError> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(WalletError::io("create", &tmp))?;
    f.write_all(bytes).map_err(WalletError::io("write", &tmp))?;
    f.sync_all().map_err(WalletError::io("write", &tmp))?;
    std::fs::rename(&tmp, path).map_err(WalletError::io("write", path))
}

impl Wallet {
    /// Creates a wallet in `home` with a random database key kept as `setup` says, and
    /// the holder's Ed25519 key. Refuses, changing nothing, when a wallet exists there.
    pub fn create(home: &Path, setup: KeySetup, now: DateTime<Utc>) -> Result<Wallet, WalletError> {
        Self::create_with(home, setup, now, KdfParams::default())
    }

    /// As [`Wallet::create`] with explicit key-derivation parameters.
    pub fn create_with(
        home: &Path,
        setup: KeySetup,
        now: DateTime<Utc>,
        kdf: KdfParams,
    ) -> Result<Wallet, WalletError> {
        if read_meta(home)?.is_some() || home.join(DB_FILE).exists() || home.join(KEY_FILE).exists()
        {
            return Err(WalletError::AlreadyExists {
                home: home.to_owned(),
            });
        }
        let made_home = !home.exists();
        std::fs::create_dir_all(home).map_err(WalletError::io("create", home))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(home, std::fs::Permissions::from_mode(0o700));
        }
        let wallet_id = hex::encode(rand::random::<[u8; 8]>());
        let key = DbKey::random();
        let key_source = match &setup {
            KeySetup::Keyring => KeySource::Keyring,
            KeySetup::Passphrase(_) => KeySource::Passphrase,
        };
        let result = (|| {
            match &setup {
                KeySetup::Keyring => tessera_keys::store_in_keyring(&wallet_id, &key)
                    .map_err(WalletError::Keyring)?,
                KeySetup::Passphrase(p) => {
                    let wrapped = tessera_keys::wrap_with_passphrase(&key, p, kdf)
                        .map_err(WalletError::Key)?;
                    write_new(&home.join(KEY_FILE), wrapped.to_json().as_bytes())?;
                }
            }
            let mut store = Store::create(home.join(DB_FILE), &key)?;
            let holder = SigningKey::generate(&mut rand::rngs::OsRng);
            store.put_holder_key(&HolderKeyRecord {
                alg: holder::ED25519.to_owned(),
                secret: Zeroizing::new(holder.to_bytes().to_vec()),
                public: holder.verifying_key().to_bytes().to_vec(),
                created_at: rfc3339(now),
            })?;
            store.put_holder_key(&holder::new_p256(now))?;
            let meta = WalletMeta {
                format: "tessera-wallet".to_owned(),
                version: 1,
                wallet_id: wallet_id.clone(),
                key_source,
                created_at: rfc3339(now),
            };
            let text = serde_json::to_vec_pretty(&meta).unwrap_or_default();
            write_new(&home.join(WALLET_FILE), &text)?;
            Ok(Wallet {
                home: home.to_owned(),
                meta,
                store,
                http: None,
                online: false,
            })
        })();
        if result.is_err() {
            // Undo what this call made; nothing else was there (checked above).
            for f in [
                DB_FILE,
                "wallet.db-wal",
                "wallet.db-shm",
                KEY_FILE,
                WALLET_FILE,
            ] {
                let _ = std::fs::remove_file(home.join(f));
            }
            if key_source == KeySource::Keyring {
                let _ = tessera_keys::delete_from_keyring(&wallet_id);
            }
            if made_home {
                // Only removes the folder if it is empty again.
                let _ = std::fs::remove_dir(home);
            }
        }
        result
    }

    /// Opens the wallet in `home`. A wrong passphrase changes no file.
    pub fn open(home: &Path, unlock: Unlock) -> Result<Wallet, WalletError> {
        let meta = read_meta(home)?.ok_or_else(|| WalletError::NoWallet {
            home: home.to_owned(),
        })?;
        let key = match (meta.key_source, unlock) {
            (KeySource::Keyring, _) => {
                tessera_keys::load_from_keyring(&meta.wallet_id).map_err(WalletError::Keyring)?
            }
            (KeySource::Passphrase, Unlock::Keyring) => {
                return Err(WalletError::PassphraseRequired)
            }
            (KeySource::Passphrase, Unlock::Passphrase(p)) => {
                let path = home.join(KEY_FILE);
                let text =
                    std::fs::read_to_string(&path).map_err(WalletError::io("read", &path))?;
                let wrapped = WrappedKey::from_json(&text).map_err(WalletError::Key)?;
                if p.trim().is_empty() {
                    return Err(WalletError::PassphraseRequired);
                }
                match tessera_keys::unwrap_with_passphrase(&wrapped, &p) {
                    Ok(k) => k,
                    Err(KeyError::WrongPassphrase) => return Err(WalletError::WrongPassphrase),
                    Err(e) => return Err(WalletError::Key(e)),
                }
            }
        };
        let mut store = Store::open(home.join(DB_FILE), &key)?;
        // Wallets made before the P-256 holder key existed get one now.
        if store.holder_key(holder::P256)?.is_none() {
            store.put_holder_key(&holder::new_p256(chrono::Utc::now()))?;
        }
        Ok(Wallet {
            home: home.to_owned(),
            meta,
            store,
            http: None,
            online: false,
        })
    }

    /// Allows online checks through `http` (the shell's one HTTP client), or, with `None`,
    /// turns them off: only cached documents are used.
    pub fn set_http(&mut self, http: Option<Box<dyn HttpGet + Send + Sync>>) {
        self.online = http.is_some();
        self.http = http;
    }

    /// Turns online checks on or off, keeping the client. Off, the client is never
    /// called (the offline test suite hands in one that fails the test on any call).
    pub fn set_online(&mut self, on: bool) {
        self.online = on && self.http.is_some();
    }

    /// Whether this wallet handle may use the network.
    pub fn online(&self) -> bool {
        self.online
    }

    /// The client, when online checks are allowed.
    fn client(&self) -> Option<&dyn HttpGet> {
        if self.online {
            self.http.as_deref().map(|h| h as &dyn HttpGet)
        } else {
            None
        }
    }

    /// The app's stored choice for online checks (off when never set).
    pub fn online_setting(&self) -> Result<bool, WalletError> {
        Ok(self
            .store
            .setting(SETTING_ONLINE)?
            .and_then(|v| v.as_bool())
            .unwrap_or(false))
    }

    pub fn set_online_setting(&mut self, on: bool) -> Result<(), WalletError> {
        self.store
            .set_setting(SETTING_ONLINE, &serde_json::Value::Bool(on))?;
        Ok(())
    }

    /// The learner's registries, parsed, in order.
    fn parsed_registries(&self) -> Result<Vec<Registry>, WalletError> {
        let mut out = Vec::new();
        for r in self.store.list_registries()? {
            let mut reg = registry::parse(&r.raw, &r.name).map_err(WalletError::Registry)?;
            reg.name = r.name;
            out.push(reg);
        }
        Ok(out)
    }

    /// Examines `raw` with the wallet's registries, its cache and (when online) its HTTP
    /// client; returns the documents fetched now, to keep.
    fn examine(
        &self,
        raw: &[u8],
        env: &Env,
        http: Option<&dyn HttpGet>,
    ) -> Result<(Examined, Vec<FetchedDocument>), WalletError> {
        let registries = self.parsed_registries()?;
        let fetch = online::CachedFetch::new(&self.store, http, env.now);
        let env = Env {
            net: &fetch,
            registries: &registries,
            ..*env
        };
        let x = tessera_core::examine(raw, &env)?;
        Ok((x, fetch.into_fresh()))
    }

    /// The employer's side inside the wallet: checks a presentation with the wallet's
    /// registries and cached documents (fetching only when online checks are on).
    pub fn check_presentation(
        &mut self,
        presentation: &str,
        audience: Option<&str>,
        nonce: Option<&str>,
        env: &Env,
    ) -> Result<tessera_core::present::PresentationReport, WalletError> {
        let registries = self.parsed_registries()?;
        let http = self.client();
        let fetch = online::CachedFetch::new(&self.store, http, env.now);
        let env2 = Env {
            net: &fetch,
            registries: &registries,
            ..*env
        };
        let report = tessera_core::present::verify(presentation, audience, nonce, &env2)
            .map_err(WalletError::Share)?;
        let fresh = fetch.into_fresh();
        self.keep_fetched(&fresh)?;
        Ok(report)
    }

    fn keep_fetched(&mut self, docs: &[FetchedDocument]) -> Result<(), WalletError> {
        for d in docs {
            self.store.put_fetched(d)?;
        }
        Ok(())
    }

    /// Adds a trust registry file (DCC `registry.json` or a Tessera issuer list). `name`
    /// names it when the file does not (else `fallback_name`, e.g. the file name). Every
    /// stored credential is checked again against the registries (from the cache only).
    pub fn add_registry(
        &mut self,
        raw: &[u8],
        name: Option<&str>,
        fallback_name: &str,
        env: &Env,
    ) -> Result<RegistryInfo, WalletError> {
        let parsed =
            registry::parse(raw, name.unwrap_or(fallback_name)).map_err(WalletError::Registry)?;
        let name = name.map(str::to_owned).unwrap_or(parsed.name.clone());
        let id = format!("r_{}", &hex::encode(sha256(raw))[..12]);
        let rec = RegistryRecord {
            id: id.clone(),
            name: name.clone(),
            format: parsed.format.clone(),
            raw: raw.to_vec(),
            added_at: rfc3339(env.now),
        };
        self.store.put_registry(&rec)?;
        self.recheck_all_from_cache(env)?;
        Ok(RegistryInfo {
            id,
            name,
            format: parsed.format,
            issuers: u32::try_from(parsed.entries.len()).unwrap_or(u32::MAX),
            added_at: rec.added_at,
        })
    }

    pub fn registries(&self) -> Result<Vec<RegistryInfo>, WalletError> {
        let mut out = Vec::new();
        for r in self.store.list_registries()? {
            let parsed = registry::parse(&r.raw, &r.name).map_err(WalletError::Registry)?;
            out.push(RegistryInfo {
                id: r.id,
                name: r.name,
                format: r.format,
                issuers: u32::try_from(parsed.entries.len()).unwrap_or(u32::MAX),
                added_at: r.added_at,
            });
        }
        Ok(out)
    }

    /// Removes a registry and checks every stored credential again (from the cache only).
    pub fn remove_registry(&mut self, id: &str, env: &Env) -> Result<(), WalletError> {
        if !self.store.delete_registry(id)? {
            return Err(WalletError::NotFound { id: id.to_owned() });
        }
        self.recheck_all_from_cache(env)
    }

    /// Checks every stored credential again without the network (cached documents only),
    /// e.g. after the registries changed.
    fn recheck_all_from_cache(&mut self, env: &Env) -> Result<(), WalletError> {
        for c in self.store.list_credentials()? {
            // A credential that no longer examines (a newer rule) keeps its old record.
            let Ok((x, _)) = self.examine(&c.raw, env, None) else {
                continue;
            };
            let record = serde_json::to_value(&x).map_err(|e| WalletError::Damaged {
                path: self.home.join(DB_FILE),
                reason: e.to_string(),
            })?;
            self.store.update_verification(
                &c.id,
                &record,
                x.verdict.as_str(),
                x.status.as_str(),
                &rfc3339(env.now),
            )?;
        }
        Ok(())
    }

    pub fn meta(&self) -> &WalletMeta {
        &self.meta
    }

    pub fn home(&self) -> &Path {
        &self.home
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Examines `raw` and stores it with its original bytes. An `invalid` credential is
    /// refused (nothing stored) unless `keep_invalid`. A credential already held stores
    /// nothing new.
    pub fn import(
        &mut self,
        raw: &[u8],
        env: &Env,
        keep_invalid: bool,
    ) -> Result<ImportOutcome, WalletError> {
        let (examined, fetched) = self.examine(raw, env, self.client())?;
        // Documents fetched are public (DID documents, status lists, badge documents) and
        // kept even when the credential is refused: they are what online checks cost.
        self.keep_fetched(&fetched)?;
        if examined.verdict == Verdict::Invalid && !keep_invalid {
            return Ok(ImportOutcome {
                id: None,
                stored: false,
                duplicate: false,
                replaced: false,
                examined,
            });
        }
        let record = serde_json::to_value(&examined).map_err(|e| WalletError::Damaged {
            path: self.home.join(DB_FILE),
            reason: e.to_string(),
        })?;
        let now = rfc3339(env.now);
        let inserted = self.store.insert_credential(&NewCredential {
            raw: raw.to_vec(),
            format: examined.format.as_str().to_owned(),
            issuer: examined.facts.issuer.clone(),
            credential_id: examined.facts.credential_id.clone(),
            record,
            verdict: examined.verdict.as_str().to_owned(),
            status: examined.status.as_str().to_owned(),
            imported_at: now.clone(),
            verified_at: now,
        })?;
        Ok(match inserted {
            Inserted::New(id) => ImportOutcome {
                id: Some(id),
                stored: true,
                duplicate: false,
                replaced: false,
                examined,
            },
            Inserted::Replaced(id) => ImportOutcome {
                id: Some(id),
                stored: true,
                duplicate: false,
                replaced: true,
                examined,
            },
            Inserted::Duplicate(id) => ImportOutcome {
                id: Some(id),
                stored: false,
                duplicate: true,
                replaced: false,
                examined,
            },
        })
    }

    /// Every credential, newest first, with its status judged at `now`.
    pub fn list(&self, now: DateTime<Utc>) -> Result<Vec<CredentialSummary>, WalletError> {
        let mut out = Vec::new();
        for c in self.store.list_credentials()? {
            let x = view::examined_of(&c)?;
            let status = tessera_core::verify::status_at(&x, now);
            out.push(view::summary(&c.id, &x, status));
        }
        Ok(out)
    }

    /// One credential as stored, with its status judged at `now`.
    pub fn show(&self, id: &str, now: DateTime<Utc>) -> Result<CredentialDetail, WalletError> {
        let c = self
            .store
            .get_credential(id)?
            .ok_or_else(|| WalletError::NotFound { id: id.to_owned() })?;
        let x = view::examined_of(&c)?;
        let status = tessera_core::verify::status_at(&x, now);
        Ok(view::detail(
            &c.id,
            &x,
            status,
            &c.imported_at,
            &c.verified_at,
        ))
    }

    /// Runs every check again on the original bytes and keeps the new result.
    pub fn verify(&mut self, id: &str, env: &Env) -> Result<CredentialDetail, WalletError> {
        let c = self
            .store
            .get_credential(id)?
            .ok_or_else(|| WalletError::NotFound { id: id.to_owned() })?;
        let (x, fetched) = self.examine(&c.raw, env, self.client())?;
        self.keep_fetched(&fetched)?;
        let record = serde_json::to_value(&x).map_err(|e| WalletError::Damaged {
            path: self.home.join(DB_FILE),
            reason: e.to_string(),
        })?;
        let now = rfc3339(env.now);
        self.store
            .update_verification(id, &record, x.verdict.as_str(), x.status.as_str(), &now)?;
        Ok(view::detail(&c.id, &x, x.status, &c.imported_at, &now))
    }

    /// The original bytes, exactly as imported.
    pub fn raw(&self, id: &str) -> Result<Vec<u8>, WalletError> {
        Ok(self
            .store
            .get_credential(id)?
            .ok_or_else(|| WalletError::NotFound { id: id.to_owned() })?
            .raw)
    }

    pub fn delete(&mut self, id: &str) -> Result<(), WalletError> {
        if self.store.delete_credential(id)? {
            Ok(())
        } else {
            Err(WalletError::NotFound { id: id.to_owned() })
        }
    }
}
