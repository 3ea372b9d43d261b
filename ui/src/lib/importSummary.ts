import type { ImportOutcome } from "../bindings";
import { t as defaultT, type Dict } from "./i18n";

export type Refusal = { source: string; reason: string };

export type ImportSummary = {
  imported: number;
  duplicate: number;
  refused: number;
  /** "2 imported, 1 already here, 1 refused: the signature does not match" */
  text: string;
  /** Each refused file with its reason (none for a single pasted text: the headline says it all). */
  refusals: Refusal[];
  /** All refusals share one reason, already in `text`. */
  oneReason: boolean;
  tone: "ok" | "warn" | "bad";
  /** The id of the one credential imported, to offer opening it. */
  importedIds: string[];
};

function reasonFor(o: ImportOutcome, t: Dict): string {
  if (o.verdict === "invalid") return t.refusedInvalid;
  const msg = o.error?.message?.trim();
  if (msg) return msg.replace(/[.。]\s*$/, "");
  return t.refusedGeneric;
}

export function summariseImports(outcomes: readonly ImportOutcome[], t: Dict = defaultT): ImportSummary {
  const imported = outcomes.filter((o) => o.stored);
  const duplicate = outcomes.filter((o) => !o.stored && o.duplicate);
  const refused = outcomes.filter((o) => !o.stored && !o.duplicate);
  const refusals = refused.map((o) => ({ source: o.source, reason: reasonFor(o, t) }));
  const parts: string[] = [];
  if (imported.length) parts.push(t.summaryImported(imported.length));
  if (duplicate.length) parts.push(t.summaryDuplicate(duplicate.length));
  if (refused.length) {
    const reasons = new Set(refusals.map((r) => r.reason));
    parts.push(
      reasons.size === 1 ? `${t.summaryRefused(refused.length)}: ${[...reasons][0]}` : t.summaryRefused(refused.length),
    );
  }
  const sameReason = new Set(refusals.map((r) => r.reason)).size <= 1;
  return {
    imported: imported.length,
    duplicate: duplicate.length,
    refused: refused.length,
    text: parts.length ? parts.join(", ") : t.summaryNothing,
    refusals: sameReason && outcomes.length === 1 ? [] : refusals,
    oneReason: sameReason,
    tone: refused.length ? (imported.length || duplicate.length ? "warn" : "bad") : "ok",
    importedIds: imported.map((o) => o.id).filter((id): id is string => id !== null),
  };
}
