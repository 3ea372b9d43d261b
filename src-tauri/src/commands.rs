//! Tauri commands: a few lines each. Decode, call the wallet or the core, map the result.

use std::path::PathBuf;
use std::sync::Mutex;

use serde::Serialize;
use tauri::State;
use tessera_core::{Env, Status, Verdict};
use tessera_wallet::{
    CredentialDetail, CredentialSummary, HolderInfo, KeySetup, KeySource, Unlock, Wallet,
};
use zeroize::Zeroizing;

use crate::ipc::IpcError;

/// The app's state: where the wallet is, and the wallet once it is open.
pub struct AppState {
    pub home: PathBuf,
    pub wallet: Mutex<Option<Wallet>>,
    /// Whether the OS keyring answered, asked once.
    pub keyring: Mutex<Option<bool>>,
}

impl AppState {
    pub fn new(home: PathBuf) -> Self {
        AppState {
            home,
            wallet: Mutex::new(None),
            keyring: Mutex::new(None),
        }
    }
}

type Res<T> = Result<T, IpcError>;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn with_wallet<T>(state: &AppState, f: impl FnOnce(&mut Wallet) -> Res<T>) -> Res<T> {
    let mut guard = lock(&state.wallet);
    let w = guard
        .as_mut()
        .ok_or_else(|| IpcError::new("locked", "The wallet is locked. Unlock it first."))?;
    f(w)
}

fn now() -> Env {
    Env::at(chrono::Utc::now())
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WalletStatus {
    /// `none`, `locked` or `unlocked`.
    pub state: String,
    pub key_source: Option<KeySource>,
    pub keyring_available: bool,
    pub wallet_id: Option<String>,
    pub credential_count: u32,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Strength {
    pub score: u8,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// The file name, or "pasted text".
    pub source: String,
    pub stored: bool,
    pub duplicate: bool,
    pub id: Option<String>,
    pub title: Option<String>,
    pub verdict: Option<Verdict>,
    pub status: Option<Status>,
    pub error: Option<IpcError>,
}

fn keyring_usable(state: &AppState) -> bool {
    let mut k = lock(&state.keyring);
    *k.get_or_insert_with(|| tessera_wallet::keyring_available().is_ok())
}

fn status_of(state: &AppState) -> Res<WalletStatus> {
    let keyring_available = keyring_usable(state);
    let meta = tessera_wallet::read_meta(&state.home)?;
    let Some(meta) = meta else {
        return Ok(WalletStatus {
            state: "none".into(),
            key_source: None,
            keyring_available,
            wallet_id: None,
            credential_count: 0,
        });
    };
    let mut guard = lock(&state.wallet);
    if guard.is_none() && meta.key_source == KeySource::Keyring {
        // Keyring wallets open without asking.
        *guard = Some(Wallet::open(&state.home, Unlock::Keyring)?);
    }
    let count = match guard.as_ref() {
        Some(w) => w.list(chrono::Utc::now())?.len() as u32,
        None => 0,
    };
    Ok(WalletStatus {
        state: if guard.is_some() {
            "unlocked"
        } else {
            "locked"
        }
        .into(),
        key_source: Some(meta.key_source),
        keyring_available,
        wallet_id: Some(meta.wallet_id),
        credential_count: count,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn wallet_status(state: State<'_, AppState>) -> Res<WalletStatus> {
    status_of(&state)
}

#[tauri::command]
#[specta::specta]
pub async fn create_wallet(
    state: State<'_, AppState>,
    passphrase: Option<String>,
) -> Res<WalletStatus> {
    let setup =
        match passphrase {
            Some(p) => KeySetup::Passphrase(Zeroizing::new(p)),
            None if keyring_usable(&state) => KeySetup::Keyring,
            None => return Err(IpcError::new(
                "keyring",
                "This computer has no usable keyring. Choose a passphrase to protect your wallet.",
            )),
        };
    let w = Wallet::create(&state.home, setup, chrono::Utc::now())?;
    *lock(&state.wallet) = Some(w);
    status_of(&state)
}

#[tauri::command]
#[specta::specta]
pub async fn unlock_wallet(state: State<'_, AppState>, passphrase: String) -> Res<WalletStatus> {
    let w = Wallet::open(&state.home, Unlock::Passphrase(Zeroizing::new(passphrase)))?;
    *lock(&state.wallet) = Some(w);
    status_of(&state)
}

#[tauri::command]
#[specta::specta]
pub async fn passphrase_strength(passphrase: String) -> Res<Strength> {
    let s = tessera_wallet::passphrase_strength(&passphrase);
    Ok(Strength {
        score: s.score,
        label: s.label.to_owned(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn list_credentials(state: State<'_, AppState>) -> Res<Vec<CredentialSummary>> {
    with_wallet(&state, |w| Ok(w.list(chrono::Utc::now())?))
}

#[tauri::command]
#[specta::specta]
pub async fn get_credential(state: State<'_, AppState>, id: String) -> Res<CredentialDetail> {
    with_wallet(&state, |w| Ok(w.show(&id, chrono::Utc::now())?))
}

#[tauri::command]
#[specta::specta]
pub async fn verify_credential(state: State<'_, AppState>, id: String) -> Res<CredentialDetail> {
    with_wallet(&state, |w| Ok(w.verify(&id, &now())?))
}

fn import_one(w: &mut Wallet, source: String, raw: &[u8]) -> ImportOutcome {
    match w.import(raw, &now(), false) {
        Ok(o) => {
            let x = &o.examined;
            let error = (x.verdict == Verdict::Invalid).then(|| {
                let why = x
                    .checks
                    .iter()
                    .find(|c| c.result == tessera_core::CheckResult::Fail)
                    .map(|c| c.detail.clone())
                    .unwrap_or_default();
                IpcError::new("invalid-credential", format!("Not imported: {why}"))
            });
            ImportOutcome {
                source,
                stored: o.stored,
                duplicate: o.duplicate,
                id: o.id,
                title: Some(x.facts.title.clone()),
                verdict: Some(x.verdict),
                status: Some(x.status),
                error,
            }
        }
        Err(e) => ImportOutcome {
            source,
            stored: false,
            duplicate: false,
            id: None,
            title: None,
            verdict: None,
            status: None,
            error: Some(e.into()),
        },
    }
}

#[tauri::command]
#[specta::specta]
pub async fn import_text(state: State<'_, AppState>, text: String) -> Res<ImportOutcome> {
    with_wallet(&state, |w| {
        Ok(import_one(w, "pasted text".into(), text.as_bytes()))
    })
}

#[tauri::command]
#[specta::specta]
pub async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> Res<Vec<ImportOutcome>> {
    with_wallet(&state, |w| {
        Ok(paths
            .into_iter()
            .map(|p| {
                let name = std::path::Path::new(&p)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.clone());
                match read_limited(&p) {
                    Ok(raw) => import_one(w, name, &raw),
                    Err(error) => ImportOutcome {
                        source: name,
                        stored: false,
                        duplicate: false,
                        id: None,
                        title: None,
                        verdict: None,
                        status: None,
                        error: Some(error),
                    },
                }
            })
            .collect())
    })
}

fn read_limited(path: &str) -> Res<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| {
        IpcError::new(
            "invalid-input",
            format!("The file could not be opened: {e}."),
        )
    })?;
    if meta.len() > tessera_core::verify::MAX_CREDENTIAL_BYTES as u64 {
        return Err(IpcError::new(
            "invalid-input",
            "The file is too large to be a credential.",
        ));
    }
    std::fs::read(path)
        .map_err(|e| IpcError::new("invalid-input", format!("The file could not be read: {e}.")))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_credential(state: State<'_, AppState>, id: String) -> Res<()> {
    with_wallet(&state, |w| Ok(w.delete(&id)?))
}

#[tauri::command]
#[specta::specta]
pub async fn raw_credential(state: State<'_, AppState>, id: String) -> Res<String> {
    with_wallet(&state, |w| {
        let raw = w.raw(&id)?;
        Ok(match String::from_utf8(raw) {
            Ok(text) => text,
            // A baked badge or a QR code image: the bytes are kept as they came, but they
            // are not text to show.
            Err(e) => format!(
                "(an image of {} bytes, kept exactly as imported; the credential it holds is shown above)",
                e.as_bytes().len()
            ),
        })
    })
}

#[tauri::command]
#[specta::specta]
pub async fn holder(state: State<'_, AppState>) -> Res<HolderInfo> {
    with_wallet(&state, |w| Ok(w.holder()?))
}
