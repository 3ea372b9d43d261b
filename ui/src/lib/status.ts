import type { Status, Verdict } from "../bindings";
import { locale as defaultLocale, t as defaultT, type Dict } from "./i18n";

/** ok = green, warn = amber, bad = red, info = blue, neutral = grey ("could not check" never cries wolf). */
export type Tone = "ok" | "warn" | "bad" | "info" | "neutral";

export type Mark = {
  key: "verified" | "expired" | "revoked" | "suspended" | "not-yet-valid" | "invalid" | "unknown" | "unsigned";
  label: string;
  tone: Tone;
  /** A second, quieter sentence when the label alone would overstate it. */
  note: string | null;
};

/**
 * The one mark a learner sees for a credential, from its two judgements. Authenticity problems come
 * first (a credential whose signature does not match says so whatever its dates), then the lifecycle,
 * then what could not be checked.
 */
export function statusMark(verdict: Verdict, status: Status, t: Dict = defaultT): Mark {
  if (verdict === "invalid") return { key: "invalid", label: t.markInvalid, tone: "bad", note: null };
  if (status === "revoked") return { key: "revoked", label: t.markRevoked, tone: "bad", note: null };
  if (status === "suspended") return { key: "suspended", label: t.markSuspended, tone: "bad", note: null };
  if (status === "expired") return { key: "expired", label: t.markExpired, tone: "warn", note: null };
  if (status === "not-yet-valid") return { key: "not-yet-valid", label: t.markNotYetValid, tone: "info", note: null };
  if (verdict === "unknown") return { key: "unknown", label: t.markUnknown, tone: "neutral", note: null };
  if (verdict === "unsigned") return { key: "unsigned", label: t.markUnsigned, tone: "neutral", note: null };
  // valid, and active or with a status entry that was never checked
  return {
    key: "verified",
    label: t.markVerified,
    tone: "ok",
    note: status === "unknown" ? t.markVerifiedStatusUnknown : null,
  };
}

export type CheckTone = Tone;

export function checkTone(result: "pass" | "fail" | "warn" | "unknown"): CheckTone {
  switch (result) {
    case "pass":
      return "ok";
    case "fail":
      return "bad";
    case "warn":
      return "warn";
    default:
      return "neutral";
  }
}

/** A plain sentence for one check's result. */
export function checkSentence(
  check: { check: string; result: "pass" | "fail" | "warn" | "unknown"; purpose: string | null },
  t: Dict = defaultT,
): string {
  let key = check.check;
  if (key === "status" && check.purpose) {
    const specific = `status-${check.purpose}`;
    if (t.checkSentences[specific]) key = specific;
  }
  const sentences = t.checkSentences[key];
  if (sentences) return sentences[check.result];
  return t.checkGeneric(checkName(check.check, t), resultWord(check.result, t));
}

export function checkName(name: string, t: Dict = defaultT): string {
  return t.checkNames[name] ?? humanise(name);
}

/** A check's name as a heading: a status check says what it is about ("Revocation", "Suspension"). */
export function checkTitle(check: { check: string; purpose: string | null }, t: Dict = defaultT): string {
  if (check.check === "status" && check.purpose) {
    const specific = t.checkNames[`status-${check.purpose}`];
    if (specific) return specific;
  }
  return checkName(check.check, t);
}

/** How long ago `iso` was, in the learner's words: "just now", "5 minutes ago", "12 days ago". */
export function ago(iso: string, now: Date = new Date(), t: Dict = defaultT, locale: string = defaultLocale): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const secs = Math.max(0, Math.floor((now.getTime() - then) / 1000));
  if (secs < 60) return t.justNow;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "always" });
  const day = 86_400;
  if (secs < 3600) return rtf.format(-Math.floor(secs / 60), "minute");
  if (secs < day) return rtf.format(-Math.floor(secs / 3600), "hour");
  if (secs < 60 * day) return rtf.format(-Math.floor(secs / day), "day");
  if (secs < 730 * day) return rtf.format(-Math.floor(secs / (30 * day)), "month");
  return rtf.format(-Math.floor(secs / (365 * day)), "year");
}

/**
 * A status check's result and the age of its evidence in one plain line ("Not revoked — checked 12 days
 * ago"); null for other checks, and for status checks that could not be made (their sentence says why).
 */
export function statusLine(
  check: { check: string; result: "pass" | "fail" | "warn" | "unknown"; purpose: string | null; checkedAt: string },
  now: Date = new Date(),
  t: Dict = defaultT,
  locale: string = defaultLocale,
): string | null {
  if (check.check !== "status" || (check.result !== "pass" && check.result !== "fail")) return null;
  const states = t.statusStates[check.purpose ?? "revocation"];
  if (!states) return null;
  return t.statusLine(states[check.result], ago(check.checkedAt, now, t, locale));
}

export function resultWord(result: "pass" | "fail" | "warn" | "unknown", t: Dict = defaultT): string {
  return { pass: t.resultPass, fail: t.resultFail, warn: t.resultWarn, unknown: t.resultUnknown }[result];
}

/** "issuer-key" or "addressCountry" → "Issuer key" / "Address country". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[-_]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
