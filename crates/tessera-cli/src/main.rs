//! `tessera`: the wallet without a window. A thin shell over `tessera-wallet`; the
//! contract (names, flags, exit codes, JSON keys) is shared/design/cli.md.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod share;

use clap::{Parser, Subcommand};
use serde_json::{json, Value};
use tessera_core::{Env, Status, Verdict};
use tessera_wallet::{KeySetup, KeySource, Unlock, Wallet, WalletError};
use zeroize::Zeroizing;

#[derive(Parser)]
#[command(
    name = "tessera",
    version,
    about = "Tessera: your micro-credentials, on your computer, encrypted."
)]
struct Cli {
    /// The wallet folder (default: the platform data folder).
    #[arg(long, global = true, env = "TESSERA_HOME")]
    home: Option<PathBuf>,
    /// Allow this command to use the network for checks that need it.
    #[arg(long, global = true, conflicts_with = "offline")]
    online: bool,
    /// No network (the default).
    #[arg(long, global = true)]
    offline: bool,
    /// Extra trusted root certificates (PEM) for online checks.
    #[arg(long, global = true, env = "TESSERA_CA_FILE")]
    ca_file: Option<PathBuf>,
    /// Machine-readable output on stdout.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the wallet and the holder key.
    Init,
    /// The holder's public key.
    Holder,
    /// Import credentials (`-` reads standard input).
    Import {
        #[arg(required = true)]
        files: Vec<String>,
        /// Store a credential whose signature does not verify (flagged invalid).
        #[arg(long)]
        keep_invalid: bool,
    },
    /// Every credential.
    List,
    /// One credential: facts, EU critical information, checks.
    Show { id: String },
    /// Run every check again on a stored credential (ID) or a file (not stored).
    Verify { target: String },
    /// Remove one credential.
    Delete { id: String },
    /// Make a presentation for a verifier: an SD-JWT credential revealing only the claims
    /// you name, or credentials shared whole in a Verifiable Presentation.
    Present {
        #[arg(required = true)]
        ids: Vec<String>,
        /// Who it is for (the verifier's URL or name).
        #[arg(long)]
        audience: String,
        /// The verifier's nonce (default: Tessera makes one and prints it).
        #[arg(long)]
        nonce: Option<String>,
        /// Claim paths to reveal (comma-separated or repeated; `all` reveals everything):
        /// `family_name,address.country,nationalities.1`.
        #[arg(long, value_delimiter = ',')]
        disclose: Vec<String>,
        /// How long it is valid: <n>s|m|h|d.
        #[arg(long, default_value = "10m")]
        expires: String,
        /// Where to write the presentation (`.sd-jwt` or `.json`).
        #[arg(long)]
        out: PathBuf,
        /// Also write it as QR code image(s): FILE.png (FILE-1.png, ... for several) or FILE.svg.
        #[arg(long)]
        qr: Option<PathBuf>,
        /// QR error-correction level: L, M, Q or H.
        #[arg(long, default_value = "M")]
        qr_level: String,
        /// Also write a printable one-page share sheet (PDF): the QR code(s) and what is
        /// disclosed, to whom, until when.
        #[arg(long)]
        sheet: Option<PathBuf>,
    },
    /// The employer's side: check a presentation (a file, or QR code images).
    VerifyPresentation {
        #[arg(required = true)]
        inputs: Vec<String>,
        /// The audience you expect (your URL or name).
        #[arg(long)]
        audience: Option<String>,
        /// The nonce you gave the learner.
        #[arg(long)]
        nonce: Option<String>,
    },
    /// The share log: every presentation you made (extension).
    Shares {
        /// Remove one entry by its id.
        #[arg(long)]
        delete: Option<String>,
    },
    /// Pathways toward larger credentials (micro-degrees, badge stacks).
    Pathway {
        #[command(subcommand)]
        command: PathwayCommand,
    },
    /// Trust registries: lists of issuers someone vouches for (DCC registry.json or a
    /// Tessera issuer list).
    Registry {
        #[command(subcommand)]
        command: RegistryCommand,
    },
}

#[derive(Subcommand)]
enum PathwayCommand {
    /// Store a pathway file (one with the same id is replaced, and it says so).
    Add { file: PathBuf },
    /// Stored pathways, the ones shipped with Tessera included.
    List,
    /// How far the wallet is along a stored pathway (by id) or a pathway file.
    Progress {
        target: String,
        /// Evaluate at the start of this day (YYYY-MM-DD, UTC) instead of now.
        #[arg(long)]
        at: Option<String>,
    },
    /// Remove a pathway you added.
    Remove { id: String },
    /// Write a one-page progress summary (HTML, prints to one A4 page) to hand to an advisor.
    Export {
        id: String,
        /// Where to write it (default: <id>-progress.html in the current folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Evaluate at the start of this day (YYYY-MM-DD, UTC) instead of now.
        #[arg(long)]
        at: Option<String>,
    },
}

#[derive(Subcommand)]
enum RegistryCommand {
    /// Add a registry file (a registry with the same content is replaced).
    Add {
        file: PathBuf,
        /// The name to show it under (DCC registry files name none; default: the file name).
        #[arg(long)]
        name: Option<String>,
    },
    /// The registries, most authoritative (first added) first.
    List,
    /// Remove a registry by its id.
    Remove { id: String },
}

/// Exit codes of cli.md.
const OK: u8 = 0;
const FAILED_CHECK: u8 = 1;
const COULD_NOT: u8 = 2;

struct Failure {
    code: u8,
    message: String,
}

impl From<WalletError> for Failure {
    fn from(e: WalletError) -> Self {
        Failure {
            code: COULD_NOT,
            message: e.to_string(),
        }
    }
}

fn could_not(message: impl Into<String>) -> Failure {
    Failure {
        code: COULD_NOT,
        message: message.into(),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { COULD_NOT } else { OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("tessera: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn home(cli: &Cli) -> Result<PathBuf, Failure> {
    cli.home
        .clone()
        .or_else(tessera_wallet::default_home)
        .ok_or_else(|| could_not("no wallet folder: pass --home DIR or set TESSERA_HOME"))
}

fn env_passphrase() -> Option<Zeroizing<String>> {
    std::env::var("TESSERA_PASSPHRASE").ok().map(Zeroizing::new)
}

fn prompt(label: &str) -> Result<Zeroizing<String>, Failure> {
    rpassword::prompt_password(label)
        .map(Zeroizing::new)
        .map_err(|e| could_not(format!("could not read the passphrase: {e}")))
}

fn open(cli: &Cli) -> Result<Wallet, Failure> {
    let home = home(cli)?;
    let meta =
        tessera_wallet::read_meta(&home)?.ok_or(WalletError::NoWallet { home: home.clone() })?;
    let unlock = match meta.key_source {
        KeySource::Keyring => Unlock::Keyring,
        KeySource::Passphrase => match env_passphrase() {
            Some(p) => Unlock::Passphrase(p),
            None if std::io::stdin().is_terminal() => {
                Unlock::Passphrase(prompt("Wallet passphrase: ")?)
            }
            None => return Err(WalletError::PassphraseRequired.into()),
        },
    };
    let mut w = Wallet::open(&home, unlock)?;
    w.set_http(http_client(cli)?);
    Ok(w)
}

/// The HTTP client when `--online` was given; none otherwise (the default).
fn http_client(
    cli: &Cli,
) -> Result<Option<Box<dyn tessera_core::net::HttpGet + Send + Sync>>, Failure> {
    if !cli.online {
        return Ok(None);
    }
    let client = tessera_net::HttpsClient::new(cli.ca_file.as_deref())
        .map_err(|e| could_not(e.to_string()))?;
    Ok(Some(Box::new(client)))
}

/// Fetches straight from the web (no wallet, no cache) when `http` is there, else nothing.
fn direct_fetch(
    http: &Option<Box<dyn tessera_core::net::HttpGet + Send + Sync>>,
    now: chrono::DateTime<chrono::Utc>,
) -> tessera_core::net::Direct<'_> {
    tessera_core::net::Direct {
        http: http
            .as_deref()
            .map(|h| h as &dyn tessera_core::net::HttpGet),
        now,
    }
}

fn now_env() -> Env<'static> {
    Env::at(chrono::Utc::now())
}

fn print_json(v: &Value) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, v);
    let _ = writeln!(out);
}

fn run(cli: Cli) -> Result<u8, Failure> {
    match &cli.command {
        Command::Registry { command } => registry(&cli, command),
        Command::Pathway { command } => pathway(&cli, command),
        Command::Present {
            ids,
            audience,
            nonce,
            disclose,
            expires,
            out,
            qr,
            qr_level,
            sheet,
        } => share::present(
            &cli,
            ids,
            audience,
            nonce.as_deref(),
            disclose,
            expires,
            out,
            qr.as_deref(),
            qr_level,
            sheet.as_deref(),
        ),
        Command::VerifyPresentation {
            inputs,
            audience,
            nonce,
        } => share::verify_presentation(&cli, inputs, audience.as_deref(), nonce.as_deref()),
        Command::Shares { delete } => share::shares(&cli, delete.as_deref()),
        Command::Init => init(&cli),
        Command::Holder => {
            let w = open(&cli)?;
            let h = w.holder()?;
            if cli.json {
                print_json(&serde_json::to_value(&h).unwrap_or_default());
            } else {
                println!("{}", h.did);
            }
            Ok(OK)
        }
        Command::Import {
            files,
            keep_invalid,
        } => import(&cli, files, *keep_invalid),
        Command::List => {
            let w = open(&cli)?;
            let list = w.list(chrono::Utc::now())?;
            if cli.json {
                print_json(&serde_json::to_value(&list).unwrap_or_default());
            } else if list.is_empty() {
                println!("No credentials yet. Import one with: tessera import FILE");
            } else {
                for c in &list {
                    println!(
                        "{}  {:<8} {:<13} {}  ({})",
                        c.id,
                        c.verdict.as_str(),
                        c.status.as_str(),
                        c.title,
                        c.issuer_name.as_deref().unwrap_or(&c.issuer)
                    );
                }
            }
            Ok(OK)
        }
        Command::Show { id } => {
            let w = open(&cli)?;
            let d = w.show(id, chrono::Utc::now())?;
            print_detail(&cli, &d);
            Ok(OK)
        }
        Command::Verify { target } => verify(&cli, target),
        Command::Delete { id } => {
            let mut w = open(&cli)?;
            w.delete(id)?;
            if cli.json {
                print_json(&json!({ "deleted": id }));
            } else {
                println!("Deleted {id}.");
            }
            Ok(OK)
        }
    }
}

fn init(cli: &Cli) -> Result<u8, Failure> {
    let home = home(cli)?;
    if tessera_wallet::read_meta(&home)?.is_some() {
        return Err(WalletError::AlreadyExists { home }.into());
    }
    let setup = if let Some(p) = env_passphrase() {
        KeySetup::Passphrase(p)
    } else {
        match tessera_wallet::keyring_available() {
            Ok(()) => KeySetup::Keyring,
            Err(why) => {
                if !std::io::stdin().is_terminal() {
                    return Err(could_not(format!(
                        "no usable system keyring ({why}), no TESSERA_PASSPHRASE and no terminal to ask for a passphrase; set TESSERA_PASSPHRASE"
                    )));
                }
                eprintln!("No usable system keyring ({why}).");
                eprintln!("Choose a passphrase. It cannot be recovered if you lose it.");
                let a = prompt("New passphrase: ")?;
                let b = prompt("Repeat it: ")?;
                if *a != *b {
                    return Err(could_not("the two passphrases differ; nothing was created"));
                }
                KeySetup::Passphrase(a)
            }
        }
    };
    let w = Wallet::create(&home, setup, chrono::Utc::now())?;
    let h = w.holder()?;
    let source = match w.meta().key_source {
        KeySource::Keyring => "the system keyring",
        KeySource::Passphrase => "a passphrase",
    };
    if cli.json {
        print_json(&json!({
            "home": home, "walletId": w.meta().wallet_id, "keySource": w.meta().key_source, "holder": h,
        }));
    } else {
        println!(
            "Created a wallet in {} (key kept in {source}).",
            home.display()
        );
        println!("Holder: {}", h.did);
    }
    Ok(OK)
}

fn read_input(file: &str) -> Result<Vec<u8>, String> {
    if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("could not read standard input: {e}"))?;
        return Ok(buf);
    }
    std::fs::read(file).map_err(|e| format!("could not read {file}: {e}"))
}

fn import(cli: &Cli, files: &[String], keep_invalid: bool) -> Result<u8, Failure> {
    let mut w = open(cli)?;
    let env = now_env();
    let mut worst = OK;
    let mut results = Vec::new();
    for file in files {
        let (code, result) = match read_input(file)
            .map_err(|m| (COULD_NOT, m))
            .and_then(|raw| {
                w.import(&raw, &env, keep_invalid)
                    .map_err(|e| (COULD_NOT, e.to_string()))
            }) {
            Err((code, message)) => {
                eprintln!("{file}: not imported: {message}");
                (
                    code,
                    json!({ "file": file, "stored": false, "error": message }),
                )
            }
            Ok(o) => {
                let x = &o.examined;
                let invalid = x.verdict == Verdict::Invalid;
                let why = x
                    .checks
                    .iter()
                    .find(|c| c.result == tessera_core::CheckResult::Fail)
                    .map(|c| c.detail.clone())
                    .unwrap_or_default();
                if !cli.json {
                    match (&o.id, o.duplicate, o.replaced) {
                        (Some(id), true, _) => println!(
                            "{id}  already in the wallet: {} (nothing stored)",
                            x.facts.title
                        ),
                        (Some(id), false, true) => println!(
                            "{id}  {}  {}  {}  (replaced an unverified copy)",
                            x.verdict.as_str(),
                            x.status.as_str(),
                            x.facts.title
                        ),
                        (Some(id), false, false) => println!(
                            "{id}  {}  {}  {}",
                            x.verdict.as_str(),
                            x.status.as_str(),
                            x.facts.title
                        ),
                        _ => {}
                    }
                }
                if invalid {
                    if o.stored {
                        eprintln!("{file}: stored, but its signature does not verify: {why}");
                    } else {
                        eprintln!("{file}: refused, nothing stored: {why}");
                    }
                }
                (
                    if invalid { FAILED_CHECK } else { OK },
                    json!({
                        "file": file, "id": o.id, "stored": o.stored, "duplicate": o.duplicate, "replaced": o.replaced,
                        "title": x.facts.title, "format": x.format, "verdict": x.verdict, "status": x.status,
                    }),
                )
            }
        };
        worst = worst.max(code);
        results.push(result);
    }
    if cli.json {
        print_json(&Value::Array(results));
    }
    Ok(worst)
}

fn verify(cli: &Cli, target: &str) -> Result<u8, Failure> {
    let env = now_env();
    let detail = if Path::new(target).is_file() || target == "-" {
        let raw = read_input(target).map_err(could_not)?;
        let http = http_client(cli)?;
        let direct = direct_fetch(&http, env.now);
        let x = tessera_core::examine(&raw, &env.with_net(&direct))
            .map_err(|e| could_not(e.to_string()))?;
        tessera_wallet::CredentialDetail::from_examined(
            "(file)",
            &x,
            &tessera_core::normalize::rfc3339(env.now),
        )
    } else {
        let mut w = open(cli)?;
        w.verify(target, &env)?
    };
    print_detail(cli, &detail);
    let s = &detail.summary;
    Ok(match s.verdict {
        Verdict::Invalid => FAILED_CHECK,
        Verdict::Unknown | Verdict::Unsigned => COULD_NOT,
        Verdict::Valid => match s.status {
            Status::Active | Status::Unknown => OK,
            _ => FAILED_CHECK,
        },
    })
}

/// `--at YYYY-MM-DD`: the start of that day, UTC; else now.
fn evaluation_time(at: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>, Failure> {
    match at {
        None => Ok(chrono::Utc::now()),
        Some(day) => chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
            .ok_or_else(|| could_not(format!("--at {day}: not a date as YYYY-MM-DD"))),
    }
}

fn pathway(cli: &Cli, command: &PathwayCommand) -> Result<u8, Failure> {
    match command {
        PathwayCommand::Add { file } => {
            let raw = std::fs::read(file)
                .map_err(|e| could_not(format!("could not read {}: {e}", file.display())))?;
            let mut w = open(cli)?;
            let origin = file.file_name().map(|n| n.to_string_lossy().into_owned());
            let added = w.add_pathway(&raw, origin.as_deref(), chrono::Utc::now())?;
            if cli.json {
                print_json(&serde_json::to_value(&added).unwrap_or_default());
            } else if added.replaced {
                println!(
                    "{}  replaced the pathway with the same id: {}",
                    added.pathway.id, added.pathway.title
                );
            } else {
                println!("{}  added: {}", added.pathway.id, added.pathway.title);
            }
        }
        PathwayCommand::List => {
            let w = open(cli)?;
            let list: Vec<_> = w.pathways()?.into_iter().map(|(i, _)| i).collect();
            if cli.json {
                print_json(&serde_json::to_value(&list).unwrap_or_default());
            } else {
                for p in &list {
                    println!("{}  {}  ({})", p.id, p.title, p.source);
                }
            }
        }
        PathwayCommand::Progress { target, at } => {
            let at = evaluation_time(at.as_deref())?;
            let w = open(cli)?;
            let p = if Path::new(target).is_file() {
                let raw = std::fs::read(target)
                    .map_err(|e| could_not(format!("could not read {target}: {e}")))?;
                tessera_core::pathway::parse(&raw).map_err(|e| {
                    could_not(format!("{target} is not a pathway Tessera can use: {e}"))
                })?
            } else {
                w.pathway(target)?
            };
            if cli.json {
                let progress = w.progress(&p, at)?;
                print_json(&serde_json::to_value(&progress).unwrap_or_default());
            } else {
                let view = tessera_core::pathway::view(&p, &w.candidates(at)?, at);
                print_progress(&view.progress);
                match &view.plan {
                    Some(steps) if !steps.is_empty() => {
                        println!("  to complete it, at least:");
                        for s in steps {
                            println!("    {s}");
                        }
                    }
                    Some(_) => {}
                    None => println!("  no new credentials alone could complete it"),
                }
                for e in view.expiring.iter().take(3) {
                    println!(
                        "  stops counting on {}: {} ({}) {}",
                        e.date, e.credential, e.reason, e.effect
                    );
                }
            }
        }
        PathwayCommand::Export { id, out, at } => {
            let at = evaluation_time(at.as_deref())?;
            let w = open(cli)?;
            let html = w.pathway_report(id, at, chrono::Utc::now())?;
            let path = out
                .clone()
                .unwrap_or_else(|| PathBuf::from(format!("{}-progress.html", safe_file_stem(id))));
            std::fs::write(&path, html)
                .map_err(|e| could_not(format!("could not write {}: {e}", path.display())))?;
            if cli.json {
                print_json(&json!({ "pathway": id, "written": path.display().to_string() }));
            } else {
                println!("Wrote {}", path.display());
            }
        }
        PathwayCommand::Remove { id } => {
            let mut w = open(cli)?;
            w.remove_pathway(id)?;
            if cli.json {
                print_json(&json!({ "removed": id }));
            } else {
                println!("Removed {id}.");
            }
        }
    }
    Ok(OK)
}

/// A pathway id as a file name: letters, digits, `-` and `_` kept, the rest `_`.
fn safe_file_stem(id: &str) -> String {
    let tail = id
        .rsplit(['/', ':', '#'])
        .find(|s| !s.is_empty())
        .unwrap_or("pathway");
    tail.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn print_progress(p: &tessera_core::pathway::Progress) {
    let v = serde_json::to_value(p).unwrap_or_default();
    let num = |x: &Value| x.as_f64().map(|f| f.to_string()).unwrap_or_default();
    println!(
        "{}",
        v["title"]
            .as_str()
            .unwrap_or(v["pathway"].as_str().unwrap_or(""))
    );
    println!(
        "  {}  {} of {} {} counted (at most {} possible)",
        if v["complete"] == true {
            "complete"
        } else {
            "not complete yet"
        },
        num(&v["countedCredits"]),
        num(&v["minTotalCredits"]),
        v["creditUnit"].as_str().unwrap_or(""),
        num(&v["maxCountedCredits"]),
    );
    for g in v["groups"].as_array().into_iter().flatten() {
        let missing: Vec<&str> = g["missing"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        println!(
            "  {:<20} {}",
            g["label"].as_str().or(g["id"].as_str()).unwrap_or(""),
            if missing.is_empty() {
                "done".to_owned()
            } else {
                format!("needs {}", missing.join("; "))
            }
        );
    }
    for e in v["excluded"].as_array().into_iter().flatten() {
        println!(
            "  not counted: {}  {}",
            e["credential"].as_str().unwrap_or(""),
            e["detail"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| e["reasons"].to_string())
        );
    }
}

fn registry(cli: &Cli, command: &RegistryCommand) -> Result<u8, Failure> {
    let mut w = open(cli)?;
    let env = now_env();
    match command {
        RegistryCommand::Add { file, name } => {
            let raw = std::fs::read(file)
                .map_err(|e| could_not(format!("could not read {}: {e}", file.display())))?;
            let fallback = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Trust registry".to_owned());
            let info = w.add_registry(&raw, name.as_deref(), &fallback, &env)?;
            if cli.json {
                print_json(&serde_json::to_value(&info).unwrap_or_default());
            } else {
                println!(
                    "{}  added \"{}\" ({} issuers)",
                    info.id, info.name, info.issuers
                );
            }
        }
        RegistryCommand::List => {
            let list = w.registries()?;
            if cli.json {
                print_json(&serde_json::to_value(&list).unwrap_or_default());
            } else if list.is_empty() {
                println!("No trust registries. Add one with: tessera registry add FILE");
            } else {
                for r in &list {
                    println!(
                        "{}  {}  ({} issuers, {})",
                        r.id, r.name, r.issuers, r.format
                    );
                }
            }
        }
        RegistryCommand::Remove { id } => {
            w.remove_registry(id, &env)?;
            if cli.json {
                print_json(&json!({ "removed": id }));
            } else {
                println!("Removed {id}.");
            }
        }
    }
    Ok(OK)
}

fn print_detail(cli: &Cli, d: &tessera_wallet::CredentialDetail) {
    if cli.json {
        print_json(&d.to_flat_json());
        return;
    }
    let s = &d.summary;
    println!("{}", s.title);
    println!("  id:       {}", s.id);
    println!(
        "  issuer:   {} ({})",
        s.issuer_name.as_deref().unwrap_or("-"),
        s.issuer
    );
    println!("  issued:   {}", s.issued.as_deref().unwrap_or("-"));
    println!("  expires:  {}", s.expires.as_deref().unwrap_or("never"));
    println!(
        "  verdict:  {}    status: {}",
        s.verdict.as_str(),
        s.status.as_str()
    );
    if let Some(c) = s.credits {
        println!(
            "  credits:  {c} {}",
            s.credit_unit.as_deref().unwrap_or("(unit not stated)")
        );
    }
    if let Some(l) = s.eqf_level {
        println!("  level:    EQF {l}");
    }
    println!("EU critical information:");
    let crit = serde_json::to_value(&d.critical).unwrap_or_default();
    if let Some(map) = crit.as_object() {
        for (k, v) in map {
            let present = v["present"].as_bool().unwrap_or(false);
            let value = if present {
                compact(&v["value"])
            } else {
                "not stated by the issuer".to_owned()
            };
            println!("  {:<17} {}", k, value);
        }
    }
    if let Some(sel) = &d.selective {
        println!(
            "Claims you hold ({} can be shared one by one):",
            sel.disclosable.len()
        );
        for path in &sel.disclosable {
            println!("  {path}");
        }
    }
    println!("Checks:");
    for c in &d.checks {
        let result = serde_json::to_value(c.result).unwrap_or_default();
        println!(
            "  {:<11} {:<7} {}",
            c.check,
            result.as_str().unwrap_or(""),
            c.detail
        );
    }
}

fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(compact).collect::<Vec<_>>().join("; "),
        Value::Object(o) => o
            .iter()
            .filter(|(_, x)| !x.is_null())
            .map(|(k, x)| format!("{k}: {}", compact(x)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
