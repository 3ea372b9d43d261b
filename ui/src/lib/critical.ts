// Turns the EU critical information values (any JSON) into something a person can read: strings as
// text, arrays as lists, objects by their name (or label, title, id) followed by their other fields.

import type { Critical, CriticalElement, Value as JsonValue } from "../bindings";
import { formatDate, formatNumber, looksLikeIsoDate } from "./format";
import { locale as defaultLocale, preferredLanguages, t as defaultT, type Dict } from "./i18n";
import { humanise } from "./status";

export type Rendered =
  | { kind: "text"; text: string }
  | { kind: "list"; items: Rendered[] }
  | { kind: "fields"; title: string | null; fields: { label: string; value: Rendered }[] };

/** t: the strings; locale: for dates and numbers; languages: for picking from language maps. */
export type RenderContext = { t: Dict; locale: string; languages: readonly string[] };

export const CRITICAL_KEYS = [
  "learner",
  "title",
  "country",
  "awardingBody",
  "issued",
  "learningOutcomes",
  "workload",
  "level",
  "assessment",
  "participation",
  "qualityAssurance",
] as const satisfies readonly (keyof Critical)[];

export type CriticalKey = (typeof CRITICAL_KEYS)[number];

const defaultContext = (): RenderContext => ({ t: defaultT, locale: defaultLocale, languages: preferredLanguages });

/** The label fields an object is named by, in order of preference. */
const NAME_KEYS = ["name", "prefLabel", "label", "title", "legalName", "fullName", "value", "id"];
/** Fields never shown: JSON-LD plumbing. */
const HIDDEN_KEYS = new Set(["type", "@type", "@context", "@id"]);
const LANG_TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;

type JsonObject = { [key in string]: JsonValue };

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** {"en": "…", "de": "…"}: every key a language tag and every value text. */
export function isLanguageMap(v: JsonValue | undefined): v is JsonObject {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return (
    keys.length > 0 &&
    keys.every((k) => LANG_TAG.test(k) && (typeof v[k] === "string" || (Array.isArray(v[k]) && (v[k] as JsonValue[]).every((x) => typeof x === "string"))))
  );
}

/** The entry of a language map in the learner's language, falling back to English, then the first. */
export function pickLanguage(map: JsonObject, languages: readonly string[]): string {
  const keys = Object.keys(map);
  const find = (tag: string) => {
    const exact = keys.find((k) => k.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const base = tag.toLowerCase().split("-")[0];
    return keys.find((k) => k.toLowerCase().split("-")[0] === base);
  };
  const key = [...languages, "en"].map(find).find((k) => k !== undefined) ?? keys[0];
  const value = map[key];
  return Array.isArray(value) ? value.join("; ") : String(value ?? "");
}

function text(s: string): Rendered {
  return { kind: "text", text: s };
}

/** Renders any JSON value readably. */
export function renderValue(v: JsonValue | undefined, ctx: RenderContext = defaultContext()): Rendered {
  if (v === null || v === undefined) return text("");
  if (typeof v === "string") {
    if (looksLikeIsoDate(v)) return text(formatDate(v, ctx.locale));
    return text(formatDuration(v, ctx.locale) ?? v);
  }
  if (typeof v === "number") return text(formatNumber(v, ctx.locale));
  if (typeof v === "boolean") return text(v ? ctx.t.yes : ctx.t.no);
  if (Array.isArray(v)) {
    const items = v.map((x) => renderValue(x, ctx)).filter((r) => !isEmpty(r));
    if (items.length === 1) return items[0];
    return { kind: "list", items };
  }
  if (isLanguageMap(v)) return text(pickLanguage(v, ctx.languages));

  const nameKey = NAME_KEYS.find((k) => {
    const x = v[k];
    return typeof x === "string" || typeof x === "number" || isLanguageMap(x);
  });
  let title: string | null = null;
  if (nameKey) {
    const r = renderValue(v[nameKey], ctx);
    title = r.kind === "text" ? r.text : null;
  }
  const fields = (Object.entries(v) as [string, JsonValue | undefined][])
    .filter(([k, x]) => k !== nameKey && !HIDDEN_KEYS.has(k) && x !== null && x !== undefined)
    .map(([k, x]) => ({ label: fieldLabel(k, ctx), value: renderValue(x, ctx) }))
    .filter((f) => !isEmpty(f.value));
  if (fields.length === 0) return text(title ?? "");
  return { kind: "fields", title, fields };
}

/** Field names whose humanised form would read oddly. */
const FIELD_LABELS: Record<string, string> = { id: "ID", url: "URL", dcType: "Type", eqf: "EQF", eqfLevel: "EQF level" };

function fieldLabel(key: string, ctx: RenderContext): string {
  return ctx.t.fieldLabels[key] ?? FIELD_LABELS[key] ?? humanise(key);
}

const DURATION = /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const DURATION_UNITS = ["year", "month", "week", "day", "hour", "minute", "second"] as const;

/** An ISO 8601 duration ("PT50H", "P60M") in words ("50 hours", "60 months"); null if it is not one. */
export function formatDuration(s: string, locale: string): string | null {
  const m = DURATION.exec(s.trim());
  if (!m) return null;
  const parts: string[] = [];
  DURATION_UNITS.forEach((unit, i) => {
    const n = m[i + 1];
    if (n !== undefined) {
      parts.push(new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" }).format(Number(n)));
    }
  });
  return parts.length ? parts.join(" ") : null;
}

export function isEmpty(r: Rendered): boolean {
  if (r.kind === "text") return r.text.trim() === "";
  if (r.kind === "list") return r.items.length === 0;
  return r.title === null && r.fields.length === 0;
}

/** One EU element, with the element-specific readings (workload, level); null when it is missing. */
export function renderCritical(
  key: CriticalKey,
  element: CriticalElement | undefined,
  ctx: RenderContext = defaultContext(),
): Rendered | null {
  if (!element || !element.present) return null;
  const v = element.value;
  let r: Rendered;
  if (key === "workload" && isObject(v) && (typeof v.credits === "number" || typeof v.credits === "string")) {
    const credits = typeof v.credits === "number" ? formatNumber(v.credits, ctx.locale) : v.credits;
    const unit = typeof v.unit === "string" && v.unit ? v.unit : null;
    const rest = { ...v };
    delete rest.credits;
    delete rest.unit;
    r = withTitle(ctx.t.workloadValue(credits, unit), rest, ctx);
  } else if (key === "workload" && typeof v === "number") {
    r = text(ctx.t.workloadValue(formatNumber(v, ctx.locale), null));
  } else if (key === "level" && isObject(v) && (typeof v.eqf === "number" || typeof v.eqf === "string")) {
    // `source` says where the backend found the level (an alignment, a framework URI): not for the learner.
    const rest = { ...v };
    delete rest.eqf;
    delete rest.source;
    r = withTitle(ctx.t.eqfValue(String(v.eqf)), rest, ctx);
  } else if (key === "level" && typeof v === "number") {
    r = text(ctx.t.eqfValue(String(v)));
  } else if (key === "country" && typeof v === "string" && /^[A-Za-z]{2}$/.test(v.trim())) {
    r = text(countryName(v.trim(), ctx.locale));
  } else {
    r = renderValue(v, ctx);
  }
  return isEmpty(r) ? null : r;
}

/** "DE" → "Germany (DE)" in the learner's language. */
export function countryName(code: string, locale: string): string {
  const upper = code.toUpperCase();
  try {
    const name = new Intl.DisplayNames([locale], { type: "region" }).of(upper);
    if (name && name !== upper) return `${name} (${upper})`;
  } catch {
    /* unknown code */
  }
  return upper;
}

function withTitle(title: string, rest: JsonObject, ctx: RenderContext): Rendered {
  const others = renderValue(rest, ctx);
  if (others.kind === "fields" && others.title === null) return { kind: "fields", title, fields: others.fields };
  if (isEmpty(others)) return text(title);
  return { kind: "fields", title, fields: [{ label: "", value: others }] };
}

/** A one-line text form of a rendered value (for tests, titles and screen-reader summaries). */
export function renderedToText(r: Rendered | null): string {
  if (r === null) return "";
  if (r.kind === "text") return r.text;
  if (r.kind === "list") return r.items.map(renderedToText).join("; ");
  const fields = r.fields.map((f) => (f.label ? `${f.label}: ${renderedToText(f.value)}` : renderedToText(f.value)));
  if (r.title === null) return fields.join(", ");
  return fields.length ? `${r.title} (${fields.join(", ")})` : r.title;
}

/** The learning outcomes as a flat list of sentences, for "What this proves". */
export function outcomeList(element: CriticalElement | undefined, ctx: RenderContext = defaultContext()): string[] {
  const r = renderCritical("learningOutcomes", element, ctx);
  if (r === null) return [];
  if (r.kind === "list") return r.items.map(renderedToText).filter((s) => s.trim() !== "");
  const s = renderedToText(r);
  return s ? [s] : [];
}

/** One row per leaf claim of an SD-JWT credential: its path (cli.md path rules), its value as
 *  text, and whether it (or an enclosing claim) can be disclosed on its own. */
export type ClaimRow = { path: string; value: string; disclosable: boolean };

const HIDDEN_CLAIMS = new Set(["_sd", "_sd_alg", "cnf", "iss", "iat", "nbf", "exp", "vct", "status"]);

export function claimRows(claims: JsonValue, disclosable: string[]): ClaimRow[] {
  const open = new Set(disclosable);
  const rows: ClaimRow[] = [];
  const walk = (v: JsonValue, path: string, inherited: boolean) => {
    const here = inherited || open.has(path);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (path === "" && HIDDEN_CLAIMS.has(k)) continue;
        walk(x as JsonValue, path ? `${path}.${k}` : k, here);
      }
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}.${i}`, here));
    } else {
      rows.push({ path, value: v === null ? "—" : String(v), disclosable: here });
    }
  };
  walk(claims, "", false);
  return rows;
}
