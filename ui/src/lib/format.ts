import { locale as defaultLocale } from "./i18n";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function looksLikeIsoDate(s: string): boolean {
  return ISO_DATE.test(s.trim());
}

/** "2025-03-12T10:00:00Z" → "12 Mar 2025" (in the learner's language); anything unparseable unchanged. */
export function formatDate(iso: string | null | undefined, locale: string = defaultLocale): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // A bare date is a calendar day, not an instant: format it as such, whatever the time zone.
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso.trim());
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: dateOnly ? "UTC" : undefined }).format(d);
}

export function formatDateTime(iso: string | null | undefined, locale: string = defaultLocale): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

export function formatNumber(n: number, locale: string = defaultLocale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
}

const SMALL_WORDS = new Set([
  "of", "the", "for", "and", "at", "in", "de", "la", "le", "du", "des", "der", "die", "das", "für", "und", "von", "a", "an",
]);

/** Up to two initials for an issuer: its name when known, otherwise its identifier's host. */
export function initials(name: string | null | undefined, id: string): string {
  let source = (name ?? "").trim();
  if (!source) source = hostOf(id);
  const words = source
    .split(/[\s.\-_/:]+/)
    .filter((w) => w && !SMALL_WORDS.has(w.toLowerCase()) && /\p{L}/u.test(w));
  if (words.length === 0) return "?";
  if (words.length === 1) return Array.from(words[0]).slice(0, 2).join("").toUpperCase();
  return (Array.from(words[0])[0] + Array.from(words[1])[0]).toUpperCase();
}

/** "did:web:uni.example:issuers:1" → "uni.example"; "https://x.example/a" → "x.example". */
export function hostOf(id: string): string {
  const web = /^did:web:([^:]+)/.exec(id);
  if (web) return decodeURIComponent(web[1]);
  try {
    const u = new URL(id);
    if (u.hostname) return u.hostname;
  } catch {
    /* not a URL */
  }
  return id;
}

/** A stable hue (0–359) per issuer, so each issuer's cards share a colour. */
export function issuerHue(issuer: string): number {
  let h = 2166136261;
  for (let i = 0; i < issuer.length; i++) {
    h ^= issuer.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % 360;
}

const SAFE_IMAGE = /^data:image\/(png|jpeg|jpg|gif|webp|avif|svg\+xml)(;[a-z0-9=.+-]+)*(;base64)?,/i;

/** Only data: image URIs are shown; anything else (a remote URL) is never loaded. */
export function safeImage(uri: string | null | undefined): string | null {
  if (!uri) return null;
  return SAFE_IMAGE.test(uri) ? uri : null;
}
