import { describe, expect, it } from "vitest";
import type { ImportOutcome } from "../../src/bindings";
import { messages, pickLang, pickLocale } from "../../src/lib/i18n";
import { summariseImports } from "../../src/lib/importSummary";

const en = messages("en");
const base: ImportOutcome = { source: "a.json", stored: false, duplicate: false, id: null, title: null, verdict: null, status: null, error: null };

describe("summariseImports", () => {
  it("counts imported, already here and refused", () => {
    const s = summariseImports(
      [
        { ...base, source: "1.json", stored: true, id: "c1", verdict: "valid" },
        { ...base, source: "2.json", stored: true, id: "c2", verdict: "valid" },
        { ...base, source: "3.json", duplicate: true, id: "c0" },
        { ...base, source: "4.json", verdict: "invalid", error: { kind: "invalid-credential", message: "Bad." } },
      ],
      en,
    );
    expect(s.text).toBe("2 imported, 1 already here, 1 refused: the signature does not match");
    expect(s.tone).toBe("warn");
    expect(s.importedIds).toEqual(["c1", "c2"]);
  });

  it("uses the backend's sentence for other refusals and lists different reasons", () => {
    const s = summariseImports(
      [
        { ...base, source: "x.txt", error: { kind: "unsupported", message: "This is not a credential." } },
        { ...base, source: "y.json", verdict: "invalid", error: { kind: "invalid-credential", message: "" } },
      ],
      en,
    );
    expect(s.text).toBe("2 refused");
    expect(s.tone).toBe("bad");
    expect(s.refusals).toEqual([
      { source: "x.txt", reason: "This is not a credential" },
      { source: "y.json", reason: "the signature does not match" },
    ]);
  });

  it("says so when nothing happened", () => {
    expect(summariseImports([], en).text).toBe("Nothing was imported.");
  });
});

describe("pickLang", () => {
  it("picks German for German speakers and falls back to English", () => {
    expect(pickLang(["de-AT", "en"])).toBe("de");
    expect(pickLang(["fr-FR", "de"])).toBe("de");
    expect(pickLang(["fr-FR"])).toBe("en");
    expect(pickLang([])).toBe("en");
    expect(pickLang(undefined)).toBe("en");
  });
});

describe("pickLocale", () => {
  it("keeps the learner's regional variant, with European defaults", () => {
    expect(pickLocale("en", ["en-US"])).toBe("en-US");
    expect(pickLocale("de", ["fr", "de-AT"])).toBe("de-AT");
    expect(pickLocale("en", ["fr-FR"])).toBe("en-GB");
    expect(pickLocale("de", ["de"])).toBe("de-DE");
  });
});
