// The sharing screens' pure logic: the claim tree a learner picks from (selectively disclosable paths,
// cli.md path rules), which claims are sensitive, what a choice keeps back, a revealed claim object as
// readable rows, relative times, file names, and the verdict of a checked presentation in words.

import type { Check, PresentationReport, Value } from "../bindings";
import { countryName, isLanguageMap, renderValue, renderedToText } from "./critical";
import { locale as defaultLocale, preferredLanguages, t as defaultT, type Dict } from "./i18n";
import { humanise, type Tone } from "./status";

type JsonObject = { [key in string]: Value };

function isObject(v: Value | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Claims every SD-JWT carries for the verifier's machinery (issuer, times, type, the holder's key,
 * status): sent with every presentation, but not something a learner picks or reads claim by claim.
 */
export const TECHNICAL_CLAIMS: ReadonlySet<string> = new Set(["_sd", "_sd_alg", "cnf", "iss", "iat", "nbf", "exp", "vct", "vct#integrity", "status"]);

/** JSON-LD plumbing and proofs, hidden wherever a credential is shown as rows. */
const PLUMBING: ReadonlySet<string> = new Set(["@context", "@type", "type", "proof"]);

// ---------------------------------------------------------------- sensitive claims

const SENSITIVE: RegExp[] = [
  /^(birth_?date|date_?of_?birth|dob|birthday|birth_?place|place_?of_?birth|age|age_(over|in_years|birth_year)(_?\d+)?)$/,
  /^(grade|grades|final_?grade|score|scores|marks?|gpa)$/,
  /address|^street|^house_?number$|^postal_?code$|^post_?code$|^zip(_?code)?$/,
  /e_?mail/,
  /phone|mobile|telephone/,
  /nationalit|citizenship/,
  /personal_?(id|identifier|number|administrative_?number)|national_?id|^ssn$|social_?security|tax_?(id|number)|passport|id_?card|document_?number|student_?(id|number)|matriculation/,
  /^(gender|sex)$/,
];

/**
 * A claim name that is personal enough to keep back unless the learner chooses otherwise: birth date,
 * grade, address, email, phone, nationality, personal identifiers ("birthdate", "postal_code",
 * "phoneNumber", "nationalities"…).
 */
export function isSensitiveName(key: string): boolean {
  const k = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return SENSITIVE.some((r) => r.test(k));
}

/** A path with a sensitive claim anywhere along it ("address.country", "nationalities.1"). */
export function isSensitivePath(path: string): boolean {
  return path.split(".").some((seg) => !/^\d+$/.test(seg) && isSensitiveName(seg));
}

// ---------------------------------------------------------------- the claim tree

/**
 * The order learners expect well-known claims in. An SD-JWT holds its disclosable claims in the order of
 * their digests (which issuers shuffle or sort), so the wallet hands them over in no meaningful order:
 * known claims are put in this order; the others keep the order given, after them.
 */
const CLAIM_ORDER = [
  "given_name",
  "family_name",
  "middle_name",
  "name",
  "nickname",
  "birthdate",
  "age_over_18",
  "gender",
  "grade",
  "score",
  "email",
  "phone_number",
  "address",
  "street_address",
  "house_number",
  "locality",
  "postal_code",
  "region",
  "country",
  "nationalities",
  "nationality",
];

function rank(key: string): number {
  const i = CLAIM_ORDER.indexOf(key);
  return i < 0 ? CLAIM_ORDER.length : i;
}

export type ClaimNode = {
  /** cli.md path: dot-separated names, array elements by index. */
  path: string;
  /** The claim's name (or the element's index, as text). */
  key: string;
  /** For an array element: its index; else null. */
  index: number | null;
  /** For an array element: the array's claim name (for labels); else null. */
  parentKey: string | null;
  value: Value;
  kind: "leaf" | "object" | "array";
  /** It can be revealed or kept back on its own (it has a checkbox). */
  disclosable: boolean;
  /** The nearest enclosing disclosable claim: revealing this claim reveals that one too. */
  within: string | null;
  sensitive: boolean;
  /** Sensitive of its own (not only because it sits in a sensitive claim): where the mark goes. */
  sensitiveHere: boolean;
  depth: number;
  children: ClaimNode[];
};

/**
 * The claims a learner holds as a tree, in the credential's order, with what can be revealed one by one
 * (`disclosable`) and what is sensitive. Technical claims (`iss`, `cnf`…) are left out.
 */
export function claimTree(claims: Value, disclosable: readonly string[], hidden: ReadonlySet<string> = TECHNICAL_CLAIMS): ClaimNode[] {
  const open = new Set(disclosable);
  const build = (
    key: string,
    index: number | null,
    parentKey: string | null,
    value: Value,
    path: string,
    depth: number,
    within: string | null,
    parentSensitive: boolean,
  ): ClaimNode => {
    const isDisclosable = open.has(path);
    const sensitive = parentSensitive || (index === null && isSensitiveName(key));
    const kind = Array.isArray(value) ? "array" : isObject(value) ? "object" : "leaf";
    const inner = isDisclosable ? path : within;
    let children: ClaimNode[] = [];
    if (Array.isArray(value)) {
      children = value.map((v, i) => build(String(i), i, key, v, `${path}.${i}`, depth + 1, inner, sensitive));
    } else if (isObject(value)) {
      children = ordered(Object.entries(value), path).map(([k, v]) => build(k, null, null, v, `${path}.${k}`, depth + 1, inner, sensitive));
    }
    const sensitiveHere = sensitive && !parentSensitive;
    return { path, key, index, parentKey, value, kind, disclosable: isDisclosable, within, sensitive, sensitiveHere, depth, children };
  };
  // Always-shown claims first, then what can be picked; well-known claims in their usual order.
  const ordered = (entries: [string, Value][], parent: string) => {
    const at = (k: string) => (parent ? `${parent}.${k}` : k);
    return entries
      .map((e, i) => {
        const p = at(e[0]);
        const pickable = open.has(p) || disclosable.some((d) => d.startsWith(`${p}.`));
        return { e, i, open: pickable ? 1 : 0, rank: rank(e[0]) };
      })
      .sort((a, b) => a.open - b.open || a.rank - b.rank || a.i - b.i)
      .map((x) => x.e);
  };
  if (!isObject(claims)) return [];
  return ordered(
    Object.entries(claims).filter(([k]) => !hidden.has(k)),
    "",
  ).map(([k, v]) => build(k, null, null, v, k, 0, null, false));
}

/** Every node, parents before their children, in reading order. */
export function flatten(nodes: readonly ClaimNode[]): ClaimNode[] {
  const out: ClaimNode[] = [];
  const visit = (n: ClaimNode) => {
    out.push(n);
    n.children.forEach(visit);
  };
  nodes.forEach(visit);
  return out;
}

/** The disclosable paths inside a node (not the node itself). */
export function disclosableBelow(node: ClaimNode): string[] {
  return flatten(node.children)
    .filter((n) => n.disclosable)
    .map((n) => n.path);
}

/** Shown to the recipient whatever the learner picks: not disclosable, not inside one, nothing inside to pick. */
export function alwaysShown(node: ClaimNode): boolean {
  return !node.disclosable && node.within === null && disclosableBelow(node).length === 0;
}

/** The paths ticked when the learner starts: every disclosable claim that is not sensitive. */
export function defaultSelection(tree: readonly ClaimNode[]): string[] {
  return flatten(tree)
    .filter((n) => n.disclosable && !n.sensitive)
    .map((n) => n.path);
}

export type Tick = "on" | "off" | "partial";

/** A checkbox's state: on, off, or partial (a claim revealed with only some of the claims inside it). */
export function tickState(node: ClaimNode, chosen: ReadonlySet<string>): Tick {
  const below = disclosableBelow(node);
  const own = chosen.has(node.path);
  if (below.length === 0) return own ? "on" : "off";
  const some = below.filter((p) => chosen.has(p)).length;
  if (own && some === below.length) return "on";
  if (own || some > 0) return "partial";
  return "off";
}

/** Revealed only because a claim inside it was chosen (the recipient sees it, with just that inside). */
export function isImplied(node: ClaimNode, chosen: ReadonlySet<string>): boolean {
  return node.disclosable && !chosen.has(node.path) && disclosableBelow(node).some((p) => chosen.has(p));
}

/**
 * Ticking or unticking a claim. Ticking a claim with claims inside ticks them all; unticking does the
 * same the other way. A container that would be left with nothing chosen inside (and nothing of its own
 * to show) is unticked with its last claim.
 */
export function toggle(node: ClaimNode, chosen: ReadonlySet<string>, tree: readonly ClaimNode[]): Set<string> {
  const next = new Set(chosen);
  const below = disclosableBelow(node);
  if (tickState(node, chosen) === "on") {
    next.delete(node.path);
    below.forEach((p) => next.delete(p));
    const byPath = new Map(flatten(tree).map((n) => [n.path, n]));
    for (let at = node.within; at !== null; ) {
      const parent = byPath.get(at);
      if (!parent) break;
      const empty = !disclosableBelow(parent).some((p) => next.has(p));
      if (empty && parent.children.every((c) => c.disclosable)) next.delete(parent.path);
      at = parent.within;
    }
  } else {
    next.add(node.path);
    below.forEach((p) => next.add(p));
  }
  return next;
}

/** The chosen paths in reading order (what is sent as `disclose`). */
export function discloseList(tree: readonly ClaimNode[], chosen: ReadonlySet<string>): string[] {
  return flatten(tree)
    .filter((n) => n.disclosable && chosen.has(n.path))
    .map((n) => n.path);
}

/**
 * The claims of `set` in as few items as say it all: a claim once when it is in the set with everything
 * inside it (not the claims inside), and a list whose every entry is in the set as the list itself.
 */
function summarise(tree: readonly ClaimNode[], set: ReadonlySet<string>): ClaimNode[] {
  const items: ClaimNode[] = [];
  const visit = (node: ClaimNode) => {
    const below = disclosableBelow(node);
    const whole = below.every((p) => set.has(p));
    if (node.disclosable && set.has(node.path) && whole) {
      items.push(node);
      return;
    }
    if (!node.disclosable && node.kind !== "leaf" && node.children.length > 0 && node.children.every((c) => c.disclosable) && whole) {
      items.push(node);
      return;
    }
    node.children.forEach(visit);
  };
  tree.forEach(visit);
  return items;
}

/** What a choice keeps back (`withheld` from a preview), as few items as say it all. */
export function keptBack(tree: readonly ClaimNode[], withheld: readonly string[]): ClaimNode[] {
  return summarise(tree, new Set(withheld));
}

/** What a choice reveals (`paths` from a preview): "Address" when all of it, "Country (Address)" when only that. */
export function revealedItems(tree: readonly ClaimNode[], paths: readonly string[]): ClaimNode[] {
  return summarise(tree, new Set(paths));
}

// ---------------------------------------------------------------- labels and values

export type Words = { t: Dict; locale: string };
const defaultWords = (): Words => ({ t: defaultT, locale: defaultLocale });

/** "given_name" → "First name" (known claims), else the name made readable ("achievementType" → "Achievement type"). */
export function claimLabel(key: string, t: Dict = defaultT): string {
  return t.claimLabels[key] ?? humanise(key);
}

/** Claims whose two-letter values are countries. */
const COUNTRY_KEYS = new Set(["country", "country_code", "countryCode", "nationality", "nationalities", "addressCountry", "addressCountryCode", "citizenship"]);

/** A claim's value as text: dates and countries in the learner's language, lists joined. */
export function valueText(key: string | null, v: Value, words: Words = defaultWords()): string {
  if (typeof v === "string" && key && COUNTRY_KEYS.has(key) && /^[A-Za-z]{2}$/.test(v.trim())) return countryName(v.trim(), words.locale);
  if (Array.isArray(v) && key && COUNTRY_KEYS.has(key)) return v.map((x) => valueText(key, x, words)).join(", ");
  return renderedToText(renderValue(v, { t: words.t, locale: words.locale, languages: preferredLanguages }));
}

/** A node as the learner names it: its label, or for a list entry its value ("Austria (AT)"). */
export function nodeLabel(node: ClaimNode, words: Words = defaultWords()): string {
  if (node.index === null) return claimLabel(node.key, words.t);
  if (node.kind === "leaf") return valueText(node.parentKey, node.value, words);
  return words.t.listEntry(node.index + 1);
}

/** A kept-back item with where it sits: "Date of birth", "Street (Address)", "Nationalities: Austria (AT)". */
export function keptLabel(node: ClaimNode, tree: readonly ClaimNode[], words: Words = defaultWords()): string {
  const parentPath = node.path.includes(".") ? node.path.slice(0, node.path.lastIndexOf(".")) : null;
  const parent = parentPath ? flatten(tree).find((n) => n.path === parentPath) : undefined;
  const own = nodeLabel(node, words);
  if (!parent) return own;
  const parentLabel = nodeLabel(parent, words);
  return node.index !== null ? `${parentLabel}: ${own}` : `${own} (${parentLabel})`;
}

/**
 * A share-log path in words, naming the claim and then where it sits: "Date of birth", "Country
 * (Address)"; a list entry by its number: "Nationalities › 2".
 */
export function pathLabel(path: string, t: Dict = defaultT): string {
  const segs = path.split(".");
  const word = (seg: string) => (/^\d+$/.test(seg) ? String(Number(seg) + 1) : claimLabel(seg, t));
  const last = segs[segs.length - 1];
  if (segs.length === 1) return word(last);
  const parent = segs.slice(0, -1).map(word).join(" › ");
  return /^\d+$/.test(last) ? `${parent} › ${word(last)}` : `${word(last)} (${parent})`;
}

/**
 * Share-log paths in words, each claim once (not the claims inside it) and a list's entries together:
 * "Address, Date of birth, Nationalities (entries 1, 2)".
 */
export function pathsInWords(paths: readonly string[], t: Dict = defaultT): string {
  const key = (p: string) => p.split(".").map((seg) => (/^\d+$/.test(seg) ? Number(seg) : rank(seg)));
  const byRank = (a: string, b: string) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  };
  const top = paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(`${q}.`))).sort(byRank);
  const items: ({ label: string } | { list: string; numbers: number[] })[] = [];
  for (const p of top) {
    const m = /^(.*)\.(\d+)$/.exec(p);
    if (!m) {
      items.push({ label: pathLabel(p, t) });
      continue;
    }
    const group = items.find((x): x is { list: string; numbers: number[] } => "list" in x && x.list === m[1]);
    if (group) group.numbers.push(Number(m[2]) + 1);
    else items.push({ list: m[1], numbers: [Number(m[2]) + 1] });
  }
  return items.map((x) => ("label" in x ? x.label : t.listEntries(pathLabel(x.list, t), x.numbers))).join(", ");
}

/**
 * What a share revealed, in words. The wallet lists a claim as revealed when only a part of it was (its
 * container is sent, with just that part inside), so a claim is named whole only when nothing inside it
 * was kept back: "Country (Address)", not "Address".
 */
export function revealedInWords(revealed: readonly string[], withheld: readonly string[], t: Dict = defaultT): string {
  const whole = (p: string) => !withheld.some((w) => w.startsWith(`${p}.`));
  const shown = revealed.filter((p) => whole(p) && !revealed.some((q) => q !== p && p.startsWith(`${q}.`) && whole(q)));
  return pathsInWords(shown, t);
}

export type Row = {
  path: string;
  label: string;
  /** The value as text; null for a heading row (an object or a list of objects, its rows follow). */
  text: string | null;
  depth: number;
  /** An empty object or list: the recipient sees the claim, with nothing in it. */
  empty: boolean;
  /** An image the credential embeds (a data: URI), shown as a picture rather than its text. */
  image?: string;
};

const DATA_IMAGE = /^data:image\/(png|jpeg|jpg|gif|webp|avif|svg\+xml)[;,]/i;

const isPlain = (v: Value) => v === null || typeof v !== "object";

/**
 * A revealed claim object (what a recipient sees) as rows, claim by claim: nested objects as a heading
 * row with their claims indented below, lists of plain values on one row. `hide`: top-level claims
 * left out (the technical ones).
 */
export function displayRows(value: Value, hide: ReadonlySet<string> = TECHNICAL_CLAIMS, words: Words = defaultWords()): Row[] {
  const rows: Row[] = [];
  const walk = (key: string, label: string, v: Value, path: string, depth: number) => {
    if (Array.isArray(v)) {
      if (v.length === 0) {
        rows.push({ path, label, text: words.t.nothingInside, depth, empty: true });
      } else if (v.every(isPlain)) {
        rows.push({ path, label, text: valueText(key, v, words), depth, empty: false });
      } else {
        rows.push({ path, label, text: null, depth, empty: false });
        v.forEach((x, i) => walk(key, words.t.listEntry(i + 1), x, `${path}.${i}`, depth + 1));
      }
    } else if (typeof v === "string" && DATA_IMAGE.test(v)) {
      rows.push({ path, label, text: words.t.embeddedImage, depth, empty: false, image: v });
    } else if (isObject(v) && typeof v.id === "string" && DATA_IMAGE.test(v.id)) {
      // An Open Badges image ({id: data URI, caption}): one picture, with its caption.
      const caption = typeof v.caption === "string" && v.caption.trim() ? v.caption : words.t.embeddedImage;
      rows.push({ path, label, text: caption, depth, empty: false, image: v.id });
    } else if (isObject(v)) {
      const entries = Object.entries(v).filter(([k]) => !PLUMBING.has(k));
      if (isLanguageMap(v)) {
        rows.push({ path, label, text: valueText(key, v, words), depth, empty: false });
        return;
      }
      if (entries.length === 0) {
        rows.push({ path, label, text: words.t.nothingInside, depth, empty: true });
        return;
      }
      rows.push({ path, label, text: null, depth, empty: false });
      for (const [k, x] of entries) walk(k, claimLabel(k, words.t), x, `${path}.${k}`, depth + 1);
    } else {
      rows.push({ path, label, text: v === null ? "—" : valueText(key, v, words), depth, empty: false });
    }
  };
  if (!isObject(value)) return rows;
  for (const [k, v] of Object.entries(value)) {
    if (hide.has(k) || PLUMBING.has(k)) continue;
    walk(k, claimLabel(k, words.t), v, k, 0);
  }
  return rows;
}

// ---------------------------------------------------------------- time, validity and files

/** "just now", "5 minutes ago", "in 10 minutes", "in 7 days", "3 months ago", in the learner's language. */
export function relativeTime(iso: string, now: Date = new Date(), t: Dict = defaultT, locale: string = defaultLocale): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const secs = (then - now.getTime()) / 1000;
  const abs = Math.abs(secs);
  if (abs < 60) return secs <= 0 ? t.justNow : t.inUnderAMinute;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "always" });
  const units: [Intl.RelativeTimeFormatUnit, number, number][] = [
    ["minute", 60, 60],
    ["hour", 3600, 24],
    ["day", 86_400, 30],
    ["month", 30 * 86_400, 12],
    ["year", 365 * 86_400, Infinity],
  ];
  // The past rounds down ("59 minutes ago", as `ago` does); the future to the nearest unit, so that a
  // presentation valid for 10 minutes, made a second ago, is valid "in 10 minutes" (not "in 9") and one
  // valid for a day "in 1 day" (not "in 24 hours").
  let n = 0;
  let unit: Intl.RelativeTimeFormatUnit = "minute";
  for (const [u, size, max] of units) {
    n = secs < 0 ? Math.floor(abs / size) : Math.round(abs / size);
    unit = u;
    if (n < max) break;
  }
  return rtf.format(secs < 0 ? -n : n, unit);
}

/** How long a presentation stays valid: the choices offered, in minutes (the first is the default). */
export const VALIDITY_CHOICES = [10, 60, 1440, 10_080] as const;

/** "10 minutes", "1 hour", "1 day", "7 days". */
export function validityLabel(minutes: number, locale: string = defaultLocale): string {
  const [n, unit] = minutes % 1440 === 0 ? [minutes / 1440, "day"] : minutes % 60 === 0 ? [minutes / 60, "hour"] : [minutes, "minute"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" }).format(n);
}

function slug(title: string, fallback: string): string {
  const s = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/g, "");
  return s || fallback;
}

/** The presentation's default file name: "cloud-computing-essentials.sd-jwt" (SD-JWT) or ".json" (a VP). */
export function presentationFileName(title: string, format: string): string {
  return `${slug(title, "presentation")}.${format === "sd-jwt" ? "sd-jwt" : "json"}`;
}

/** The printable sheet's default file name: "cloud-computing-essentials-sheet.pdf". */
export function sheetFileName(title: string): string {
  return `${slug(title, "presentation")}-sheet.pdf`;
}

/** The QR image's default file name: "cloud-computing-essentials-qr.png". */
export function qrFileName(title: string): string {
  return `${slug(title, "presentation")}-qr.png`;
}

// ---------------------------------------------------------------- a checked presentation

/** The checks only a presentation has (the credential's own come first in a report). */
export const PRESENTATION_CHECKS: readonly string[] = ["holder-binding", "audience", "nonce", "expiry"];

export type Outcome = {
  kind: "accepted" | "rejected" | "incomplete";
  tone: Tone;
  /** Checks that failed (why it is not accepted). */
  failing: Check[];
  /** Checks that could not be made. */
  unchecked: Check[];
  /** `audience` and `nonce` when nothing was expected, so they were not compared. */
  notCompared: string[];
};

/** The verdict at the top of the checker: accepted, not accepted (and which checks failed), or not everything checked. */
export function presentationOutcome(report: Pick<PresentationReport, "verdict" | "checks">): Outcome {
  const failing = report.checks.filter((c) => c.result === "fail");
  const unchecked = report.checks.filter((c) => c.result === "unknown");
  const notCompared = report.checks.filter((c) => (c.check === "audience" || c.check === "nonce") && c.result === "warn").map((c) => c.check);
  if (report.verdict === "invalid" || failing.length > 0) return { kind: "rejected", tone: "bad", failing, unchecked, notCompared };
  if (report.verdict === "valid") return { kind: "accepted", tone: "ok", failing, unchecked, notCompared };
  return { kind: "incomplete", tone: "neutral", failing, unchecked, notCompared };
}
