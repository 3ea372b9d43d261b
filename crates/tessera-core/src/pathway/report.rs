//! The one-page progress summary a learner can hand to an advisor: a self-contained HTML
//! file (no scripts, no external resources) laid out for one A4 page when printed, so
//! "Print → Save as PDF" gives the PDF.

use chrono::{DateTime, Utc};

use super::eligibility::amount;
use super::PathwayView;

/// A credential as the summary lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportCredential {
    /// Wallet id.
    pub id: String,
    pub title: String,
    /// The issuer's name (or id when it states none).
    pub issuer: String,
    /// `YYYY-MM-DD`.
    pub issued: Option<String>,
    pub eqf_level: Option<u8>,
    /// "verified", "not checked" or "invalid", in words.
    pub checked: String,
}

/// Where the pathway definition came from, for the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSource {
    /// A sentence: "Shipped with Tessera 0.1.0 as an example made by the Tessera project, not
    /// by an awarding body." or "Added by the learner on 2026-11-22 from the file x.json."
    pub text: String,
    /// SHA-256 of the definition (hex), so an advisor can compare it with the original.
    pub sha256: String,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d2430; margin: 0 auto; max-width: 182mm; padding: 8mm 0; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 11pt; margin: 5mm 0 1.5mm; border-bottom: 1px solid #d5dae2; padding-bottom: 1mm; }
h3 { font-size: 10pt; margin: 3mm 0 1mm; }
p { margin: 0 0 1.5mm; }
.notice { border: 1px solid #c9a227; background: #fdf8e7; padding: 2mm 3mm; border-radius: 2mm; margin: 2mm 0 3mm; }
.muted { color: #5a6474; }
.bar { height: 4mm; background: #e7ebf1; border-radius: 2mm; overflow: hidden; margin: 1.5mm 0; }
.bar > div { height: 100%; background: #2f6f5e; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
th, td { text-align: left; vertical-align: top; padding: 1mm 1.5mm; border-bottom: 1px solid #e7ebf1; }
th { font-weight: 600; color: #3b4556; }
.open td { color: #7a5a00; font-style: italic; }
ul { margin: 0 0 1.5mm 5mm; padding: 0; }
footer { margin-top: 5mm; font-size: 8pt; color: #5a6474; border-top: 1px solid #d5dae2; padding-top: 2mm; }
code { font-size: 8pt; word-break: break-all; }
@media print {
  body { padding: 0; font-size: 8.5pt; line-height: 1.25; }
  h1 { font-size: 13pt; }
  h2 { font-size: 9.5pt; margin: 3mm 0 1mm; }
  .notice { padding: 1.2mm 2mm; margin: 1.5mm 0 2mm; }
  table { font-size: 8pt; }
  th, td { padding: 0.6mm 1.2mm; }
  .rule, .rules { font-size: 7.5pt; }
}
td.nowrap { white-space: nowrap; }
"#;

/// The summary as one HTML document.
pub fn report_html(
    view: &PathwayView,
    credentials: &[ReportCredential],
    source: &ReportSource,
    generated_at: DateTime<Utc>,
) -> String {
    let unit = view.credit_unit;
    let p = &view.progress;
    let find = |id: &str| credentials.iter().find(|c| c.id == id);
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!(
        "<title>{} — progress summary</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&view.title)
    ));
    h.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"muted\">Progress summary as of {}</p>\n",
        escape(&view.title),
        escape(&p.evaluated_at)
    ));
    h.push_str(
        "<p class=\"notice\"><strong>This is the learner's own summary, not an official record.</strong> \
         It was prepared with the Tessera wallet from the credentials the learner holds. Only the \
         awarding body can decide whether they count; each credential can be checked on its own.</p>\n",
    );
    if let Some(d) = &view.description {
        h.push_str(&format!("<p>{}</p>\n", escape(d)));
    }

    // Standing.
    let standing = if p.complete {
        "Complete: every requirement is met.".to_owned()
    } else {
        format!("Not complete yet ({}% of the way).", view.percent)
    };
    h.push_str(&format!(
        "<h2>Standing</h2>\n<p><strong>{}</strong> {} of {} counted.</p>\n",
        escape(&standing),
        escape(&amount(&p.counted_credits, unit)),
        escape(&amount(&p.min_total_credits, unit)),
    ));
    let fill = if p.min_total_credits.is_zero() {
        100.0
    } else {
        (p.counted_credits.to_f64() / p.min_total_credits.to_f64() * 100.0).min(100.0)
    };
    h.push_str(&format!(
        "<div class=\"bar\" role=\"img\" aria-label=\"{fill:.0}% of the credits\"><div style=\"width:{fill:.1}%\"></div></div>\n"
    ));
    if !view.rules.is_empty() {
        h.push_str("<p class=\"muted rules\">Rules: ");
        h.push_str(&escape(&view.rules.join(". ")));
        h.push_str(".</p>\n");
    }
    if !p.exact {
        h.push_str("<p class=\"muted\">This pathway was too complex to evaluate fully; the figures are the best allocation found.</p>\n");
    }

    // Groups.
    h.push_str("<h2>Where each credential counts</h2>\n");
    h.push_str("<table>\n<thead><tr><th>Part</th><th>Credential</th><th>Issuer</th><th>Credits</th><th>Level</th><th>Issued</th><th>Signature</th></tr></thead>\n<tbody>\n");
    for g in &view.groups {
        let mut first = true;
        let rows = g.counted.len() + g.open.len();
        let head = |first: &mut bool| -> String {
            if std::mem::take(first) {
                format!(
                    "<th rowspan=\"{}\" style=\"width:32%\">{}<br><span class=\"muted rule\">{}</span></th>",
                    rows.max(1),
                    escape(&g.label),
                    escape(&g.rule)
                )
            } else {
                String::new()
            }
        };
        for t in &g.counted {
            let c = find(&t.credential);
            h.push_str(&format!(
                "<tr>{}<td>{}</td><td>{}</td><td class=\"nowrap\">{}</td><td class=\"nowrap\">{}</td><td class=\"nowrap\">{}</td><td>{}</td></tr>\n",
                head(&mut first),
                escape(c.map_or(t.credential.as_str(), |c| c.title.as_str())),
                escape(c.map_or("", |c| c.issuer.as_str())),
                escape(&amount(&t.credits, unit)),
                c.and_then(|c| c.eqf_level)
                    .map_or_else(String::new, |l| format!("EQF {l}")),
                escape(c.and_then(|c| c.issued.as_deref()).unwrap_or("")),
                escape(c.map_or("", |c| c.checked.as_str())),
            ));
        }
        for o in &g.open {
            h.push_str(&format!(
                "<tr class=\"open\">{}<td colspan=\"6\">Still needed: {}</td></tr>\n",
                head(&mut first),
                escape(&o.text)
            ));
        }
        if rows == 0 {
            h.push_str(&format!(
                "<tr>{}<td colspan=\"6\" class=\"muted\">Nothing counted here</td></tr>\n",
                head(&mut first)
            ));
        }
    }
    h.push_str("</tbody>\n</table>\n");

    // What is missing.
    if !p.complete {
        h.push_str("<h2>What would complete it</h2>\n");
        match &view.plan {
            Some(steps) if !steps.is_empty() => {
                h.push_str("<p>The smallest set of new credentials that would complete it:</p>\n<ul>\n");
                for s in steps {
                    h.push_str(&format!("<li>{}</li>\n", escape(s)));
                }
                h.push_str("</ul>\n");
            }
            _ => h.push_str(
                "<p>No new credentials alone could complete it (a requirement cannot be met).</p>\n",
            ),
        }
        for m in &p.missing {
            h.push_str(&format!("<p>Overall: {}.</p>\n", escape(m)));
        }
    }

    // Expiries.
    if !view.expiring.is_empty() {
        h.push_str("<h2>Expiring soonest</h2>\n<ul>\n");
        for e in view.expiring.iter().take(3) {
            let title = find(&e.credential).map_or(e.credential.as_str(), |c| c.title.as_str());
            let what = if e.reason == "expires" {
                "expires"
            } else {
                "becomes too old for this pathway"
            };
            h.push_str(&format!(
                "<li>{} {what} on {}. {}</li>\n",
                escape(title),
                escape(&e.date),
                escape(&e.effect)
            ));
        }
        h.push_str("</ul>\n");
    }

    // Not counted.
    let not_counted: Vec<_> = p.excluded.iter().filter(|e| !e.counts_elsewhere).collect();
    if !not_counted.is_empty() {
        h.push_str("<h2>Held but not counted</h2>\n<ul>\n");
        for e in not_counted.iter().take(8) {
            let title = find(&e.credential).map_or(e.credential.as_str(), |c| c.title.as_str());
            h.push_str(&format!(
                "<li>{}: {}</li>\n",
                escape(title),
                escape(e.detail.strip_prefix("Not counted: ").unwrap_or(&e.detail))
            ));
        }
        if not_counted.len() > 8 {
            h.push_str(&format!("<li>and {} more</li>\n", not_counted.len() - 8));
        }
        h.push_str("</ul>\n");
    }

    h.push_str(&format!(
        "<footer>\n<p>Pathway definition: {} SHA-256 of the definition: <code>{}</code>.</p>\n\
         <p>Made with Tessera on {} (UTC). The learner's own summary, not an official record.</p>\n</footer>\n",
        escape(&source.text),
        escape(&source.sha256),
        generated_at.format("%Y-%m-%d %H:%M")
    ));
    h.push_str("</body>\n</html>\n");
    h
}
