//! `tessera present`, `tessera verify-presentation` and `tessera shares` (cli.md
//! "Presentations"; the share log is an extension).

use std::path::Path;

use serde_json::{json, Value};
use tessera_core::share_qr::Ec;
use tessera_core::{CheckResult, Verdict};
use tessera_wallet::ShareRequest;

use crate::{
    could_not, http_client, now_env, open, print_json, read_input, Cli, Failure, COULD_NOT,
    FAILED_CHECK, OK,
};

/// `10m`, `30s`, `2h`, `7d`.
pub(crate) fn parse_duration(text: &str) -> Result<chrono::Duration, Failure> {
    let bad = || {
        could_not(format!(
            "--expires {text}: give a number and a unit: s, m, h or d (e.g. 10m)"
        ))
    };
    let t = text.trim();
    let (n, unit) = t.split_at(t.len().saturating_sub(1));
    let n: i64 = n.parse().map_err(|_| bad())?;
    if n <= 0 || n > 366 * 24 * 3600 {
        return Err(bad());
    }
    let d = match unit {
        "s" => chrono::Duration::try_seconds(n),
        "m" => chrono::Duration::try_minutes(n),
        "h" => chrono::Duration::try_hours(n),
        "d" => chrono::Duration::try_days(n),
        _ => None,
    };
    d.ok_or_else(bad)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn present(
    cli: &Cli,
    ids: &[String],
    audience: &str,
    nonce: Option<&str>,
    disclose: &[String],
    expires: &str,
    out: &Path,
    qr: Option<&Path>,
    qr_level: &str,
    sheet: Option<&Path>,
) -> Result<u8, Failure> {
    let valid_for = parse_duration(expires)?;
    let ec = Ec::parse(qr_level)
        .ok_or_else(|| could_not(format!("--qr-level {qr_level}: one of L, M, Q, H")))?;
    let disclose: Vec<String> = disclose
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    let mut w = open(cli)?;
    let shared = w.share(
        &ShareRequest {
            ids: ids.to_vec(),
            audience: audience.to_owned(),
            nonce: nonce.map(str::to_owned),
            disclose,
            valid_for,
        },
        chrono::Utc::now(),
    )?;
    let text = &shared.presentation.text;
    std::fs::write(out, text)
        .map_err(|e| could_not(format!("could not write {}: {e}", out.display())))?;
    let (images, compact) = match qr {
        Some(q) => tessera_wallet::share_io::write_qr(text, q, ec)?,
        None => (Vec::new(), false),
    };
    if let Some(path) = sheet {
        let pdf = tessera_wallet::share_io::sheet_pdf(text, ec, chrono::Utc::now())?;
        std::fs::write(path, pdf)
            .map_err(|e| could_not(format!("could not write {}: {e}", path.display())))?;
    }
    let e = &shared.entry;
    if cli.json {
        print_json(&json!({
            "file": out.display().to_string(),
            "format": e.format,
            "audience": e.audience,
            "nonce": e.nonce,
            "nonceGenerated": shared.nonce_generated,
            "expiresAt": e.expires_at,
            "holderKey": e.holder_key,
            "shareId": e.id,
            "credentials": e.credentials,
            "disclosed": shared.presentation.disclosed,
            "qr": images.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "qrCompact": compact,
            "sheet": sheet.map(|p| p.display().to_string()),
        }));
        return Ok(OK);
    }
    println!(
        "Wrote {} for {} (valid until {}).",
        out.display(),
        e.audience,
        e.expires_at
    );
    if shared.nonce_generated {
        println!(
            "Nonce (made by Tessera; give it to the verifier): {}",
            e.nonce
        );
    }
    for c in &e.credentials {
        if c.revealed == ["everything"] {
            println!(
                "  {}: shared whole. Everything in this credential is revealed.",
                c.title
            );
        } else {
            println!(
                "  {}: revealed {}; kept back {}",
                c.title,
                if c.revealed.is_empty() {
                    "only the claims that are always visible".to_owned()
                } else {
                    c.revealed.join(", ")
                },
                if c.withheld.is_empty() {
                    "nothing".to_owned()
                } else {
                    c.withheld.join(", ")
                }
            );
        }
    }
    for p in &images {
        println!("QR code: {}", p.display());
    }
    if let Some(p) = sheet {
        println!("Share sheet (print it): {}", p.display());
    }
    if compact {
        println!(
            "The presentation is too large for one plain QR code: the image(s) use Tessera's compact encoding (TS1), which tessera verify-presentation reads."
        );
    }
    Ok(OK)
}

/// The presentation in `inputs`: one text file, or the QR codes of one or more images.
fn read_presentation(inputs: &[String]) -> Result<String, Failure> {
    let mut read = Vec::new();
    for input in inputs {
        read.push((input.clone(), read_input(input).map_err(could_not)?));
    }
    Ok(tessera_wallet::share_io::read_presentation(&read)?)
}

pub(crate) fn verify_presentation(
    cli: &Cli,
    inputs: &[String],
    audience: Option<&str>,
    nonce: Option<&str>,
) -> Result<u8, Failure> {
    let text = read_presentation(inputs)?;
    let env = now_env();
    let http = http_client(cli)?;
    let direct = crate::direct_fetch(&http, env.now);
    let report = tessera_core::present::verify(&text, audience, nonce, &env.with_net(&direct))
        .map_err(|e| could_not(e.to_string()))?;
    let failed = report.checks.iter().any(|c| c.result == CheckResult::Fail)
        || report.verdict == Verdict::Invalid;
    let code = if failed {
        FAILED_CHECK
    } else if report.verdict == Verdict::Valid {
        OK
    } else {
        COULD_NOT
    };
    if cli.json {
        let disclosed = if report.disclosed.len() == 1 {
            report.disclosed[0].clone()
        } else {
            Value::Array(report.disclosed.clone())
        };
        let mut v = serde_json::to_value(&report).unwrap_or_default();
        if let Value::Object(m) = &mut v {
            m.insert("disclosed".into(), disclosed);
        }
        print_json(&v);
        return Ok(code);
    }
    println!(
        "{}",
        match (failed, report.verdict) {
            (true, _) => "NOT ACCEPTED: a check failed",
            (false, Verdict::Valid) => "accepted: every check passed",
            _ => "could not check everything (see below)",
        }
    );
    if let Some(h) = &report.holder {
        println!("  presented by {h}");
    }
    for c in &report.checks {
        println!(
            "  {:<15} {:<7} {}",
            c.check,
            format!("{:?}", c.result).to_lowercase(),
            c.detail
        );
    }
    for (i, d) in report.disclosed.iter().enumerate() {
        if report.disclosed.len() > 1 {
            println!("  credential {}:", i + 1);
        }
        println!("  disclosed:");
        if let Value::Object(m) = d {
            for (k, v) in m {
                println!("    {k}: {v}");
            }
        }
    }
    Ok(code)
}

pub(crate) fn shares(cli: &Cli, delete: Option<&str>) -> Result<u8, Failure> {
    let mut w = open(cli)?;
    if let Some(id) = delete {
        w.delete_share(id)?;
        if cli.json {
            print_json(&json!({ "deleted": id }));
        } else {
            println!("Deleted {id} from the share log.");
        }
        return Ok(OK);
    }
    let list = w.shares()?;
    if cli.json {
        print_json(&serde_json::to_value(&list).unwrap_or_default());
    } else if list.is_empty() {
        println!("Nothing shared yet.");
    } else {
        for s in &list {
            let what: Vec<String> = s
                .credentials
                .iter()
                .map(|c| {
                    if c.revealed == ["everything"] {
                        format!("{} (whole)", c.title)
                    } else {
                        format!("{} ({})", c.title, c.revealed.join(", "))
                    }
                })
                .collect();
            println!(
                "{}  {}  to {}: {}",
                s.id,
                s.created_at,
                s.audience,
                what.join("; ")
            );
        }
    }
    Ok(OK)
}
