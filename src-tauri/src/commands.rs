//! Tauri commands: a few lines each. Decode, call the wallet or the core, map the result.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tauri::State;
use tessera_core::present::{Disclosure, PresentationReport};
use tessera_core::share_qr::Ec;
use tessera_core::{Env, Status, Verdict};
use tessera_wallet::share_io;
use tessera_wallet::{
    CountsToward, CredentialDetail, CredentialSummary, HolderInfo, KeySetup, KeySource,
    PathwayAdded, PathwayPage, PathwaySummary, RegistryInfo, ShareEntry, ShareRequest, Shared,
    Unlock, Wallet, WalletError,
};
use zeroize::Zeroizing;

use crate::ipc::IpcError;

/// The app's state: where the wallet is, and the wallet once it is open. Cloning it is
/// cheap (shared handles), so a command can hand it to a blocking thread.
#[derive(Clone)]
pub struct AppState {
    pub home: PathBuf,
    pub wallet: Arc<Mutex<Option<Wallet>>>,
    /// Whether the OS keyring answered, asked once.
    pub keyring: Arc<Mutex<Option<bool>>>,
}

impl AppState {
    pub fn new(home: PathBuf) -> Self {
        AppState {
            home,
            wallet: Arc::new(Mutex::new(None)),
            keyring: Arc::new(Mutex::new(None)),
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

fn now() -> Env<'static> {
    Env::at(chrono::Utc::now())
}

/// Runs `f` on a blocking thread. Whatever may touch the network, or create or drop the
/// HTTP client (reqwest's blocking client panics on an async worker), runs here; so do the
/// slow steps (key derivation, checking every credential again).
async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&AppState) -> Res<T> + Send + 'static,
) -> Res<T> {
    let st = state.clone();
    tauri::async_runtime::spawn_blocking(move || f(&st))
        .await
        .map_err(|e| {
            IpcError::new(
                "internal",
                format!("Tessera stopped part way through this step ({e}). Nothing was lost; try again."),
            )
        })?
}

/// The product's HTTP client, for online checks.
fn https_client() -> Res<Box<dyn tessera_core::net::HttpGet + Send + Sync>> {
    match tessera_net::HttpsClient::new(None) {
        Ok(c) => Ok(Box::new(c)),
        Err(e) => Err(IpcError::new(
            "network",
            format!("Online checks could not be turned on: {e}. Checks keep using saved information only."),
        )),
    }
}

/// Gives a freshly opened wallet its HTTP client when the learner allowed online checks.
/// A client that cannot be made leaves the wallet offline; `get_settings` says why.
fn attach_http_per_setting(w: &mut Wallet) {
    if w.online_setting().unwrap_or(false) {
        if let Ok(c) = https_client() {
            w.set_http(Some(c));
        }
    }
}

/// Opens (or replaces) the wallet in the state, with its HTTP client per its setting.
fn put_wallet(state: &AppState, mut w: Wallet) {
    attach_http_per_setting(&mut w);
    // The wallet replaced (if any) drops here, on this blocking thread.
    let old = lock(&state.wallet).replace(w);
    drop(old);
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
        let mut w = Wallet::open(&state.home, Unlock::Keyring)?;
        attach_http_per_setting(&mut w);
        *guard = Some(w);
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
    blocking(&state, status_of).await
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
    blocking(&state, move |st| {
        let w = Wallet::create(&st.home, setup, chrono::Utc::now())?;
        put_wallet(st, w);
        status_of(st)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn unlock_wallet(state: State<'_, AppState>, passphrase: String) -> Res<WalletStatus> {
    let passphrase = Zeroizing::new(passphrase);
    blocking(&state, move |st| {
        let w = Wallet::open(&st.home, Unlock::Passphrase(passphrase))?;
        put_wallet(st, w);
        status_of(st)
    })
    .await
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
    blocking(&state, |st| {
        with_wallet(st, |w| Ok(w.list(chrono::Utc::now())?))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_credential(state: State<'_, AppState>, id: String) -> Res<CredentialDetail> {
    blocking(&state, move |st| {
        with_wallet(st, |w| Ok(w.show(&id, chrono::Utc::now())?))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn verify_credential(state: State<'_, AppState>, id: String) -> Res<CredentialDetail> {
    // May fetch status lists and keys when online checks are on.
    blocking(&state, move |st| {
        with_wallet(st, |w| Ok(w.verify(&id, &now())?))
    })
    .await
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
    blocking(&state, move |st| {
        with_wallet(st, |w| {
            Ok(import_one(w, "pasted text".into(), text.as_bytes()))
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> Res<Vec<ImportOutcome>> {
    blocking(&state, move |st| import_paths(st, paths)).await
}

fn import_paths(state: &AppState, paths: Vec<String>) -> Res<Vec<ImportOutcome>> {
    with_wallet(state, |w| {
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
    read_at_most(
        path,
        tessera_core::verify::MAX_CREDENTIAL_BYTES as u64,
        "The file is too large to be a credential.",
    )
}

fn read_at_most(path: &str, max: u64, too_large: &str) -> Res<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| {
        IpcError::new(
            "invalid-input",
            format!("The file could not be opened: {e}."),
        )
    })?;
    if meta.len() > max {
        return Err(IpcError::new("invalid-input", too_large));
    }
    std::fs::read(path)
        .map_err(|e| IpcError::new("invalid-input", format!("The file could not be read: {e}.")))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_credential(state: State<'_, AppState>, id: String) -> Res<()> {
    blocking(&state, move |st| with_wallet(st, |w| Ok(w.delete(&id)?))).await
}

#[tauri::command]
#[specta::specta]
pub async fn raw_credential(state: State<'_, AppState>, id: String) -> Res<String> {
    blocking(&state, move |st| raw_text(st, &id)).await
}

fn raw_text(state: &AppState, id: &str) -> Res<String> {
    with_wallet(state, |w| {
        let raw = w.raw(id)?;
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
    blocking(&state, |st| with_wallet(st, |w| Ok(w.holder()?))).await
}

/// The app's settings, as the Settings screen shows them.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The learner allows online checks (off until turned on).
    pub online_checks: bool,
    /// Online checks are on but could not be started (why, in a sentence); checks then
    /// use saved information only.
    pub problem: Option<String>,
}

fn settings_of(w: &mut Wallet) -> Res<Settings> {
    let online_checks = w.online_setting()?;
    let mut problem = None;
    if online_checks && !w.online() {
        match https_client() {
            Ok(c) => w.set_http(Some(c)),
            Err(e) => problem = Some(e.message),
        }
    }
    Ok(Settings {
        online_checks,
        problem,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn get_settings(state: State<'_, AppState>) -> Res<Settings> {
    blocking(&state, |st| with_wallet(st, settings_of)).await
}

/// Turns online checks on (the setting is kept, and the wallet gets its HTTP client) or
/// off (nothing leaves the computer; checks use what was last fetched).
#[tauri::command]
#[specta::specta]
pub async fn set_online_checks(state: State<'_, AppState>, on: bool) -> Res<Settings> {
    blocking(&state, move |st| {
        with_wallet(st, |w| {
            let http = if on { Some(https_client()?) } else { None };
            w.set_online_setting(on)?;
            // A client replaced or removed drops here, on this blocking thread.
            w.set_http(http);
            settings_of(w)
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_registries(state: State<'_, AppState>) -> Res<Vec<RegistryInfo>> {
    blocking(&state, |st| with_wallet(st, |w| Ok(w.registries()?))).await
}

fn clean_name(name: Option<String>) -> Option<String> {
    name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty())
}

fn add_registry_bytes(
    state: &AppState,
    raw: &[u8],
    name: Option<String>,
    fallback: &str,
) -> Res<RegistryInfo> {
    with_wallet(state, |w| {
        Ok(w.add_registry(raw, clean_name(name).as_deref(), fallback, &now())?)
    })
}

/// Adds a trust registry file (chosen in the file dialog). `name` names it when the file
/// does not; else the file's name (without its extension) does.
#[tauri::command]
#[specta::specta]
pub async fn add_registry(
    state: State<'_, AppState>,
    path: String,
    name: Option<String>,
) -> Res<RegistryInfo> {
    blocking(&state, move |st| {
        let raw = read_at_most(
            &path,
            tessera_core::registry::MAX_REGISTRY_BYTES as u64,
            "The file is too large to be a trust registry.",
        )?;
        let fallback = Path::new(&path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Trust registry".to_owned());
        add_registry_bytes(st, &raw, name, &fallback)
    })
    .await
}

/// Adds a trust registry from pasted text.
#[tauri::command]
#[specta::specta]
pub async fn add_registry_text(
    state: State<'_, AppState>,
    text: String,
    name: Option<String>,
) -> Res<RegistryInfo> {
    blocking(&state, move |st| {
        add_registry_bytes(st, text.as_bytes(), name, "Pasted registry")
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_registry(state: State<'_, AppState>, id: String) -> Res<()> {
    blocking(&state, move |st| {
        with_wallet(st, |w| match w.remove_registry(&id, &now()) {
            Err(WalletError::NotFound { .. }) => Err(IpcError::new(
                "not-found",
                "That registry is no longer in your wallet.",
            )),
            other => Ok(other?),
        })
    })
    .await
}

/// The UI's language first (e.g. `de`), then English: for the pathways' own texts.
fn languages(lang: Option<&str>) -> Vec<&str> {
    let mut out: Vec<&str> = lang.filter(|l| !l.trim().is_empty()).into_iter().collect();
    out.push("en");
    out
}

/// Every pathway (shipped and added) with how far along the wallet is.
#[tauri::command]
#[specta::specta]
pub async fn list_pathways(
    state: State<'_, AppState>,
    lang: Option<String>,
) -> Res<Vec<PathwaySummary>> {
    blocking(&state, move |st| {
        let langs = languages(lang.as_deref());
        with_wallet(st, |w| Ok(w.pathway_summaries(chrono::Utc::now(), &langs)?))
    })
    .await
}

/// One pathway's page: the stack, what is missing, the plan, the expiries.
#[tauri::command]
#[specta::specta]
pub async fn get_pathway(
    state: State<'_, AppState>,
    id: String,
    lang: Option<String>,
) -> Res<PathwayPage> {
    blocking(&state, move |st| {
        let langs = languages(lang.as_deref());
        with_wallet(st, |w| {
            Ok(w.pathway_page(&id, chrono::Utc::now(), &langs)?)
        })
    })
    .await
}

/// The pathways a credential counts toward (or matched but does not count toward).
#[tauri::command]
#[specta::specta]
pub async fn credential_pathways(
    state: State<'_, AppState>,
    id: String,
    lang: Option<String>,
) -> Res<Vec<CountsToward>> {
    blocking(&state, move |st| {
        let langs = languages(lang.as_deref());
        with_wallet(st, |w| {
            Ok(w.credential_pathways(&id, chrono::Utc::now(), &langs)?)
        })
    })
    .await
}

/// Adds a pathway file (chosen in the file dialog); one with the same id is replaced.
#[tauri::command]
#[specta::specta]
pub async fn add_pathway(state: State<'_, AppState>, path: String) -> Res<PathwayAdded> {
    blocking(&state, move |st| {
        let raw = read_at_most(
            &path,
            tessera_core::pathway::MAX_PATHWAY_BYTES as u64,
            "The file is too large to be a pathway.",
        )?;
        let origin = Path::new(&path)
            .file_name()
            .map(|s| s.to_string_lossy().into_owned());
        with_wallet(st, |w| {
            Ok(w.add_pathway(&raw, origin.as_deref(), chrono::Utc::now())?)
        })
    })
    .await
}

/// Removes a pathway the learner added.
#[tauri::command]
#[specta::specta]
pub async fn remove_pathway(state: State<'_, AppState>, id: String) -> Res<()> {
    blocking(&state, move |st| {
        with_wallet(st, |w| Ok(w.remove_pathway(&id)?))
    })
    .await
}

/// Writes the one-page progress summary (HTML) of a pathway to `path` (chosen in the save
/// dialog). Returns the path written.
#[tauri::command]
#[specta::specta]
pub async fn export_pathway(state: State<'_, AppState>, id: String, path: String) -> Res<String> {
    blocking(&state, move |st| {
        let now = chrono::Utc::now();
        let html = with_wallet(st, |w| Ok(w.pathway_report(&id, now, now)?))?;
        let mut target = PathBuf::from(&path);
        if target.extension().is_none() {
            target.set_extension("html");
        }
        std::fs::write(&target, html).map_err(|e| {
            IpcError::new(
                "storage",
                format!(
                    "The summary could not be written to {}: {e}.",
                    target.display()
                ),
            )
        })?;
        Ok(target.display().to_string())
    })
    .await
}

/// A presentation made in the app: the presentation, its share log entry, and its QR
/// code(s) as PNG `data:` URLs (several when the compact encoding needs parts).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ShareResult {
    pub shared: Shared,
    pub qr: Vec<String>,
    /// True when the presentation did not fit one plain QR code (Tessera's TS1 encoding).
    pub qr_compact: bool,
}

/// What the recipient would see of an SD-JWT credential with `disclose` revealed.
#[tauri::command]
#[specta::specta]
pub async fn preview_share(
    state: State<'_, AppState>,
    id: String,
    disclose: Vec<String>,
) -> Res<Disclosure> {
    blocking(&state, move |st| {
        with_wallet(st, |w| Ok(w.preview_share(&id, &disclose)?))
    })
    .await
}

/// Makes a presentation (recorded in the share log) and its QR code(s).
#[tauri::command]
#[specta::specta]
pub async fn share_credentials(
    state: State<'_, AppState>,
    ids: Vec<String>,
    audience: String,
    nonce: Option<String>,
    disclose: Vec<String>,
    valid_minutes: u32,
) -> Res<ShareResult> {
    blocking(&state, move |st| {
        let req = ShareRequest {
            ids,
            audience,
            nonce,
            disclose,
            valid_for: chrono::Duration::minutes(i64::from(valid_minutes)),
        };
        let shared = with_wallet(st, |w| Ok(w.share(&req, chrono::Utc::now())?))?;
        let (pngs, qr_compact) = share_io::qr_pngs(&shared.presentation.text, Ec::M, 8)?;
        use base64::Engine;
        let qr = pngs
            .iter()
            .map(|p| {
                format!(
                    "data:image/png;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(p)
                )
            })
            .collect();
        Ok(ShareResult {
            shared,
            qr,
            qr_compact,
        })
    })
    .await
}

/// Saves a presentation the app made: as text (`.sd-jwt`, `.json`), or as QR code image(s)
/// when `path` ends in `.png` or `.svg`. Returns the files written.
#[tauri::command]
#[specta::specta]
pub async fn save_presentation(
    state: State<'_, AppState>,
    text: String,
    path: String,
) -> Res<Vec<String>> {
    blocking(&state, move |_| {
        let target = PathBuf::from(&path);
        let ext = target
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if ext == "png" || ext == "svg" {
            let (files, _) = share_io::write_qr(&text, &target, Ec::M)?;
            return Ok(files.iter().map(|f| f.display().to_string()).collect());
        }
        std::fs::write(&target, text.as_bytes()).map_err(|e| {
            IpcError::new(
                "storage",
                format!(
                    "The presentation could not be written to {}: {e}.",
                    target.display()
                ),
            )
        })?;
        Ok(vec![target.display().to_string()])
    })
    .await
}

/// The share log, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_shares(state: State<'_, AppState>) -> Res<Vec<ShareEntry>> {
    blocking(&state, |st| with_wallet(st, |w| Ok(w.shares()?))).await
}

/// Removes one share log entry.
#[tauri::command]
#[specta::specta]
pub async fn delete_share(state: State<'_, AppState>, id: String) -> Res<()> {
    blocking(&state, move |st| {
        with_wallet(st, |w| Ok(w.delete_share(&id)?))
    })
    .await
}

/// Reads one presentation from `inputs` (text, or QR images) and checks it in the wallet.
fn check_presentation_inputs(
    st: &AppState,
    inputs: &[(String, Vec<u8>)],
    audience: Option<String>,
    nonce: Option<String>,
) -> Res<PresentationReport> {
    let text = share_io::read_presentation(inputs)?;
    with_wallet(st, |w| {
        Ok(w.check_presentation(
            &text,
            clean_name(audience).as_deref(),
            clean_name(nonce).as_deref(),
            &now(),
        )?)
    })
}

/// The employer's side: checks a pasted presentation.
#[tauri::command]
#[specta::specta]
pub async fn check_presentation_text(
    state: State<'_, AppState>,
    text: String,
    audience: Option<String>,
    nonce: Option<String>,
) -> Res<PresentationReport> {
    blocking(&state, move |st| {
        let inputs = [("the pasted text".to_owned(), text.into_bytes())];
        check_presentation_inputs(st, &inputs, audience, nonce)
    })
    .await
}

/// The employer's side: checks a presentation file or the QR code image(s) of one.
#[tauri::command]
#[specta::specta]
pub async fn check_presentation_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
    audience: Option<String>,
    nonce: Option<String>,
) -> Res<PresentationReport> {
    blocking(&state, move |st| {
        let mut inputs = Vec::new();
        for p in &paths {
            let bytes = read_at_most(
                p,
                share_io::MAX_INPUT_BYTES as u64,
                "The file is too large to be a presentation.",
            )?;
            let name = Path::new(p)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.clone());
            inputs.push((name, bytes));
        }
        check_presentation_inputs(st, &inputs, audience, nonce)
    })
    .await
}

/// Saves the printable share sheet (one-page PDF: the QR code(s) and what is disclosed) of a
/// presentation the app made. Returns the path written (".pdf" added when missing).
#[tauri::command]
#[specta::specta]
pub async fn save_share_sheet(
    state: State<'_, AppState>,
    text: String,
    path: String,
) -> Res<String> {
    blocking(&state, move |_| {
        let pdf = share_io::sheet_pdf(&text, Ec::M, chrono::Utc::now())?;
        let mut target = PathBuf::from(&path);
        if target.extension().is_none() {
            target.set_extension("pdf");
        }
        std::fs::write(&target, pdf).map_err(|e| {
            IpcError::new(
                "storage",
                format!(
                    "The share sheet could not be written to {}: {e}.",
                    target.display()
                ),
            )
        })?;
        Ok(target.display().to_string())
    })
    .await
}
