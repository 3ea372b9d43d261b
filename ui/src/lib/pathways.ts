// Pure helpers of the pathway screens: credits and percentages in words, the tiles of a group in the
// order they are shown, which expiries to highlight, the summary's file name, and text with addresses.

import type { CreditUnit, Expiry, GroupProgress, GroupView, PathwayInfo, Progress, Tile } from "../bindings";
import { formatDate, formatNumber } from "./format";
import { locale as defaultLocale, t as defaultT, type Dict } from "./i18n";

/** Expiries this close (in days) are highlighted. */
export const SOON_DAYS = 90;
/** Expiries listed before "Show all". */
export const EXPIRIES_SHOWN = 3;

/** "5 ECTS", "12.5 hours", "1 hour", "16 Stunden". A missing figure counts as 0 (as the backend does). */
export function formatCredits(n: number | null | undefined, unit: CreditUnit, t: Dict = defaultT, locale: string = defaultLocale): string {
  const value = typeof n === "number" && Number.isFinite(n) ? n : 0;
  return `${formatNumber(value, locale)} ${t.unitName(unit, value)}`;
}

/** "15 of 30 ECTS" (the unit once, after the total); "15 ECTS" when there is no total. */
export function creditsOfTotal(
  counted: number | null | undefined,
  total: number | null | undefined,
  unit: CreditUnit,
  t: Dict = defaultT,
  locale: string = defaultLocale,
): string {
  if (typeof total !== "number" || total <= 0) return formatCredits(counted, unit, t, locale);
  return t.creditsOf(formatNumber(counted ?? 0, locale), formatCredits(total, unit, t, locale));
}

/** The percentage as shown: a whole number 0–100, and never 100 unless the pathway is complete. */
export function shownPercent(percent: number, complete: boolean): number {
  if (complete) return 100;
  const p = Number.isFinite(percent) ? Math.floor(percent) : 0;
  return Math.max(0, Math.min(99, p));
}

/** How full the credits bar is (0–1), or null when the pathway sets no total. */
export function creditShare(counted: number | null | undefined, total: number | null | undefined): number | null {
  if (typeof total !== "number" || total <= 0) return null;
  const c = typeof counted === "number" && counted > 0 ? counted : 0;
  return Math.min(1, c / total);
}

export type SlotKind = "required" | "elective" | "credits";

/** `required/<i>` → required, `select` → elective, `credits` → credits (anything else: elective). */
export function slotKind(slot: string): SlotKind {
  if (slot.startsWith("required/")) return "required";
  if (slot === "credits") return "credits";
  return "elective";
}

function slotRank(slot: string): number {
  const m = /^required\/(\d+)$/.exec(slot);
  if (m) return Number(m[1]);
  return slot === "credits" ? 2_000_000 : 1_000_000;
}

export type StackTile =
  | { kind: "filled"; key: string; slot: string; slotKind: SlotKind; tile: Tile }
  | { kind: "open"; key: string; slot: string; slotKind: SlotKind; text: string };

/**
 * A group's tiles in the order they are shown: the credentials that count first (required places in
 * the pathway's order, then electives), then the open places (required, electives, then credits still
 * short). Reading left to right, the row fills up from the left.
 */
export function stackTiles(group: GroupView): StackTile[] {
  const byRank = <T extends { slot: string }>(xs: T[]) =>
    xs.map((x, i) => ({ x, i })).sort((a, b) => slotRank(a.x.slot) - slotRank(b.x.slot) || a.i - b.i);
  const filled: StackTile[] = byRank(group.counted).map(({ x, i }) => ({
    kind: "filled",
    key: `c:${x.credential}:${i}`,
    slot: x.slot,
    slotKind: slotKind(x.slot),
    tile: x,
  }));
  const open: StackTile[] = byRank(group.open).map(({ x, i }) => ({
    kind: "open",
    key: `o:${x.slot}:${i}`,
    slot: x.slot,
    slotKind: slotKind(x.slot),
    text: x.text,
  }));
  return [...filled, ...open];
}

export type ExpiryEmphasis = {
  /** Within SOON_DAYS. */
  soon: boolean;
  /** The pathway is complete today and would not be without it. */
  breaks: boolean;
};

export function expiryEmphasis(e: Expiry, pathwayComplete: boolean): ExpiryEmphasis {
  return { soon: e.daysLeft <= SOON_DAYS, breaks: pathwayComplete && !e.completeAfter };
}

/** The first few expiries (already soonest first), or all of them. */
export function visibleExpiries(list: Expiry[], showAll: boolean, n: number = EXPIRIES_SHOWN): Expiry[] {
  return showAll ? list : list.slice(0, n);
}

/** "Expires 10 Jan 2027" or "Too old for this pathway from …". */
export function expiryWhen(e: Expiry, t: Dict = defaultT, locale: string = defaultLocale): string {
  const d = formatDate(e.date, locale);
  return e.reason === "too-old" ? t.expiryTooOld(d) : t.expiryExpires(d);
}

/** The overview's short source line: "Shipped with Tessera" or "Added by you from x.json". */
export function sourceLine(info: PathwayInfo, t: Dict = defaultT): string {
  if (info.source === "shipped") return t.sourceShipped;
  return info.origin ? t.sourceAddedFrom(info.origin) : t.sourceAdded;
}

/** The page's longer sentence on where the definition came from. */
export function sourceSentence(info: PathwayInfo, t: Dict = defaultT, locale: string = defaultLocale): string {
  if (info.source === "shipped") return t.sourceShippedLong;
  const date = info.addedAt ? formatDate(info.addedAt, locale) : "?";
  return info.origin ? t.sourceAddedFromLong(date, info.origin) : t.sourceAddedLong(date);
}

/** The summary's default file name: "micro-degree-in-applied-ai-progress.html" (letters, digits, dashes). */
export function summaryFileName(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return `${slug || "pathway"}-progress.html`;
}

export type TextPart = { text: string; uri: boolean; short: string };

const URI = /\b(?:https?:\/\/|urn:)[^\s,;()]+/g;

/**
 * Splits a sentence from the backend into plain text and addresses (skill URIs and the like), so the
 * addresses can be set smaller and allowed to break anywhere. The text itself is unchanged.
 */
export function splitUris(text: string): TextPart[] {
  const out: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URI)) {
    let uri = m[0];
    // A full stop or colon that ends the sentence is not part of the address.
    const trail = /[.:]+$/.exec(uri);
    if (trail) uri = uri.slice(0, -trail[0].length);
    const start = m.index ?? 0;
    if (start > last) out.push({ text: text.slice(last, start), uri: false, short: text.slice(last, start) });
    out.push({ text: uri, uri: true, short: shortUri(uri) });
    last = start + uri.length;
  }
  if (last < text.length) out.push({ text: text.slice(last), uri: false, short: text.slice(last) });
  return out;
}

const ESCO_URI = /^https?:\/\/data\.europa\.eu\/esco\/[a-z-]+\/([0-9a-z-]+)$/i;

/**
 * An address as shown inside a sentence: ESCO concepts as "ESCO 3d1f0b7e…", other long addresses as
 * their host and last part. The full address stays available (as the element's title).
 */
export function shortUri(uri: string): string {
  const esco = ESCO_URI.exec(uri);
  if (esco) return esco[1].length > 8 ? `ESCO ${esco[1].slice(0, 8)}…` : `ESCO ${esco[1]}`;
  if (uri.length <= 40) return uri;
  try {
    const u = new URL(uri);
    if (u.hostname) {
      const last = u.pathname.split("/").filter(Boolean).pop() ?? "";
      const tail = last.length > 16 ? `${last.slice(0, 16)}…` : last;
      return tail ? `${u.hostname}/…/${tail}` : u.hostname;
    }
  } catch {
    /* a URN: cut it */
  }
  return `${uri.slice(0, 37)}…`;
}

/** Credits rounded up to two decimals, as the backend words them ("at least 0.34 more"). */
const roundUp = (n: number) => Math.ceil(n * 100 - 1e-9) / 100;

/** A group with nothing it must have (no required place, no elective minimum, no credit minimum). */
export function isOptionalGroup(gp: GroupProgress): boolean {
  return gp.needCount === 0 && !((gp.needCredits ?? 0) > 0);
}

/**
 * What a group still needs, in the learner's language: "1 required credential", "1 more elective",
 * "4 ECTS more". The open tiles say what would fill each place; this is the count.
 */
export function groupNeeds(gp: GroupProgress, unit: CreditUnit, t: Dict = defaultT, locale: string = defaultLocale): string[] {
  const out: string[] = [];
  const required = gp.requiredTotal - gp.requiredFilled;
  if (required > 0) out.push(t.needRequired(required));
  const electives = (gp.selectMin ?? 0) - gp.selected;
  if (electives > 0) out.push(t.needElectives(electives));
  const credits = (gp.needCredits ?? 0) - (gp.credits ?? 0);
  if (credits > 0) out.push(t.needCredits(formatCredits(roundUp(credits), unit, t, locale)));
  // Not satisfied for a reason the counts above do not show: the backend's own words.
  if (out.length === 0 && !gp.satisfied) out.push(...gp.missing);
  return out;
}

/** What the pathway still needs beyond its groups: credits in total, more issuers. */
export function overallNeeds(p: Progress, t: Dict = defaultT, locale: string = defaultLocale): string[] {
  if (p.complete) return [];
  const out: string[] = [];
  const total = (p.minTotalCredits ?? 0) - (p.countedCredits ?? 0);
  if (total > 0) out.push(t.needTotal(formatCredits(roundUp(total), p.creditUnit, t, locale)));
  const issuers = p.minDistinctIssuers - p.distinctIssuers;
  if (issuers > 0) out.push(t.needIssuers(issuers));
  if (out.length === 0) out.push(...p.missing);
  return out;
}

/** "in 40 days" up to SOON_DAYS; further off, in months ("in about 15 months") or years. */
export function timeLeft(days: number, t: Dict = defaultT): string {
  if (days <= SOON_DAYS) return t.daysLeft(days);
  if (days < 730) return t.monthsLeft(Math.max(1, Math.round(days / 30.44)));
  return t.yearsLeft(Math.round(days / 365.25));
}

/**
 * A plan line starts with its group's label ("Core modules: 1 more credential…"): split it there, so
 * the label can stand out. Lines that start with no known label come back whole.
 */
export function splitLabel(line: string, labels: string[]): { label: string | null; rest: string } {
  const known = [...labels].sort((a, b) => b.length - a.length).find((l) => l && line.startsWith(`${l}: `));
  if (!known) return { label: null, rest: line };
  return { label: known, rest: line.slice(known.length + 2) };
}
