import type { CredentialSummary } from "../bindings";

/** Lower case, without accents, so "Universitat" finds "Universität". */
export function normalise(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase();
}

/** A skill URI's readable tail: ".../skill/data-analysis" → "data analysis". */
function skillWords(uri: string): string {
  const tail = uri.split(/[/#:]/).filter(Boolean).pop() ?? uri;
  return tail.replace(/[-_]+/g, " ");
}

export function haystack(c: CredentialSummary): string {
  return normalise(
    [c.title, c.issuerName ?? "", c.issuer, ...c.skills, ...c.skills.map(skillWords)].join("\n"),
  );
}

/** Every word of the query must appear somewhere in the title, issuer or skills. */
export function matches(c: CredentialSummary, query: string): boolean {
  const words = normalise(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = haystack(c);
  return words.every((w) => hay.includes(w));
}

export function filterCredentials(list: readonly CredentialSummary[], query: string): CredentialSummary[] {
  return list.filter((c) => matches(c, query));
}

/** Newest first by date of issue; undated ones last, then by title. */
export function sortCredentials(list: readonly CredentialSummary[]): CredentialSummary[] {
  return [...list].sort((a, b) => {
    const da = a.issued ? Date.parse(a.issued) : NaN;
    const db = b.issued ? Date.parse(b.issued) : NaN;
    if (!Number.isNaN(da) && !Number.isNaN(db) && da !== db) return db - da;
    if (Number.isNaN(da) !== Number.isNaN(db)) return Number.isNaN(da) ? 1 : -1;
    return a.title.localeCompare(b.title);
  });
}
