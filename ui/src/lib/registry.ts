// What a trust registry says about a credential's issuer, for the credential page.

import type { CredentialDetail, Value as JsonValue } from "../bindings";
import { isLanguageMap, pickLanguage } from "./critical";
import { preferredLanguages } from "./i18n";

export type Listing = {
  /** The registry that lists the issuer; null when none does. */
  registry: string | null;
  /** The issuer's own name for itself, when the registry names it differently. */
  claimedName: string | null;
};

/** The backend's wording of a passed `registry` check: Listed in the trust registry "X" as Y. */
const LISTED = /^Listed in the trust registry "(.+)" as (.+?)\.?$/s;

/** The summary may carry `registry` / `issuerClaimedName` (the wallet's facts); older ones do not. */
type MaybeListed = { registry?: string | null; issuerClaimedName?: string | null };

function nameOf(v: JsonValue | undefined, languages: readonly string[]): string | null {
  if (typeof v === "string") return v.trim() || null;
  if (isLanguageMap(v)) return pickLanguage(v, languages).trim() || null;
  return null;
}

/** The awarding body's own name, when the awarding body is the issuer. */
function ownName(detail: CredentialDetail, languages: readonly string[]): string | null {
  const el = detail.critical.awardingBody;
  if (!el.present) return null;
  const bodies = Array.isArray(el.value) ? el.value : [el.value];
  for (const b of bodies) {
    if (b === null || typeof b !== "object" || Array.isArray(b)) continue;
    if (b.id !== detail.summary.issuer) continue;
    return nameOf(b.name, languages) ?? nameOf(b.legalName, languages);
  }
  return null;
}

export function registryListing(detail: CredentialDetail, languages: readonly string[] = preferredLanguages): Listing {
  const s = detail.summary as typeof detail.summary & MaybeListed;
  let registry = s.registry ?? null;
  if (!registry) {
    const check = detail.checks.find((c) => c.check === "registry" && c.result === "pass");
    const m = check ? LISTED.exec(check.detail.trim()) : null;
    registry = m ? m[1] : null;
  }
  if (!registry) return { registry: null, claimedName: null };
  let claimed = s.issuerClaimedName ?? ownName(detail, languages);
  if (claimed && claimed === s.issuerName) claimed = null;
  return { registry, claimedName: claimed };
}
