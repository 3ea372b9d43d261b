import { describe, expect, it } from "vitest";
import { CRITICAL_KEYS, outcomeList, renderCritical, renderedToText, renderValue, type RenderContext } from "../../src/lib/critical";
import { messages } from "../../src/lib/i18n";

const en: RenderContext = { t: messages("en"), locale: "en-GB", languages: ["en-GB"] };
const de: RenderContext = { t: messages("de"), locale: "de-DE", languages: ["de-DE", "en"] };
const text = (v: Parameters<typeof renderValue>[0], ctx = en) => renderedToText(renderValue(v, ctx));

describe("renderValue", () => {
  it("renders strings, numbers and booleans as text", () => {
    expect(renderValue("Exam", en)).toEqual({ kind: "text", text: "Exam" });
    expect(text(5.5)).toBe("5.5");
    expect(text(true)).toBe("yes");
  });

  it("renders dates readably", () => {
    expect(text("2025-03-14T09:00:00Z")).toBe("14 Mar 2025");
    expect(text("2025-03-14")).toBe("14 Mar 2025");
  });

  it("renders arrays as lists, a one-element array as its element", () => {
    expect(renderValue(["a", "b"], en)).toEqual({ kind: "list", items: [{ kind: "text", text: "a" }, { kind: "text", text: "b" }] });
    expect(renderValue(["only"], en)).toEqual({ kind: "text", text: "only" });
  });

  it("names objects by name, then other fields", () => {
    const r = renderValue({ id: "did:web:uni.example", name: "Example University", type: "Profile" }, en);
    expect(r).toEqual({ kind: "fields", title: "Example University", fields: [{ label: "ID", value: { kind: "text", text: "did:web:uni.example" } }] });
    expect(text({ label: "Blended", id: "x" })).toBe("Blended (ID: x)");
    expect(text({ title: "T" })).toBe("T");
    expect(text({ id: "urn:x" })).toBe("urn:x");
  });

  it("picks the learner's language from language maps, falling back to English", () => {
    const map = { en: "Online test", de: "Online-Test", fr: "Test en ligne" };
    expect(text(map, de)).toBe("Online-Test");
    expect(text(map, { ...en, languages: ["it"] })).toBe("Online test");
    expect(text({ prefLabel: { fr: "Mixte" } }, en)).toBe("Mixte");
    expect(text({ legalName: { en: "Academy", de: "Akademie" } }, de)).toBe("Akademie");
  });

  it("reads ISO 8601 durations", () => {
    expect(text("PT50H")).toBe("50 hours");
    expect(text("P60M")).toBe("60 months");
    expect(text("P1DT2H30M")).toBe("1 day 2 hours 30 minutes");
    expect(text("PT50H", de)).toBe("50 Stunden");
    expect(text("P")).toBe("P");
    expect(text("PT")).toBe("PT");
  });

  it("shows objects without a name field as their fields", () => {
    expect(text({ addressCountry: "Ireland", addressRegion: "Munster" })).toBe("Address country: Ireland, Address region: Munster");
  });
});

describe("renderCritical", () => {
  it("returns null for missing elements", () => {
    expect(renderCritical("qualityAssurance", { present: false, value: null }, en)).toBeNull();
    expect(renderCritical("assessment", { present: true, value: "" }, en)).toBeNull();
    expect(renderCritical("assessment", undefined, en)).toBeNull();
  });

  it("reads workload and level", () => {
    expect(renderedToText(renderCritical("workload", { present: true, value: { credits: 5, unit: "ECTS" } }, en))).toBe("5 ECTS");
    expect(renderedToText(renderCritical("workload", { present: true, value: { credits: 3, unit: null } }, en))).toMatch(/^3 credits/);
    expect(renderedToText(renderCritical("level", { present: true, value: { eqf: 6, source: "alignment" } }, en))).toBe("EQF level 6");
    expect(renderedToText(renderCritical("workload", { present: true, value: { credits: 2, unit: "ECTS", volumeOfLearning: "PT50H" } }, en))).toBe(
      "2 ECTS (Volume of learning: 50 hours)",
    );
    expect(renderedToText(renderCritical("level", { present: true, value: 4 }, de))).toBe("EQR-Niveau 4");
  });

  it("names countries", () => {
    expect(renderedToText(renderCritical("country", { present: true, value: "DE" }, en))).toBe("Germany (DE)");
    expect(renderedToText(renderCritical("country", { present: true, value: "AT" }, de))).toBe("Österreich (AT)");
    expect(renderedToText(renderCritical("country", { present: true, value: "Ireland" }, en))).toBe("Ireland");
  });

  it("lists learning outcomes", () => {
    expect(outcomeList({ present: true, value: ["A", "B"] }, en)).toEqual(["A", "B"]);
    expect(outcomeList({ present: true, value: [{ title: { en: "A", de: "Ä" } }] }, de)).toEqual(["Ä"]);
    expect(outcomeList({ present: false, value: null }, en)).toEqual([]);
  });

  it("has a label for all eleven elements in both languages", () => {
    expect(CRITICAL_KEYS).toHaveLength(11);
    for (const key of CRITICAL_KEYS) {
      expect(en.t.critical[key]).toBeTruthy();
      expect(de.t.critical[key]).toBeTruthy();
    }
    expect(en.t.critical.qualityAssurance).toBe("Type of quality assurance");
  });
});

describe("European Digital Credential fields", () => {
  it("labels who issued on behalf of the awarding body, and the duration", () => {
    const body = { id: "urn:org:uni", name: "University", issuedBy: { id: "urn:org:office", name: "Credential Office" } };
    expect(renderedToText(renderValue(body, en))).toBe("University (ID: urn:org:uni, Issued by (on behalf of the awarding body): Credential Office (ID: urn:org:office))");
    expect(renderedToText(renderValue(body, de))).toMatch(/Ausgestellt von \(im Auftrag der vergebenden Stelle\): Credential Office/);
    const workload = renderCritical("workload", { present: true, value: { credits: 2, unit: "ECTS", duration: "PT50H" } }, en);
    expect(renderedToText(workload)).toBe("2 ECTS (Duration: 50 hours)");
    expect(renderedToText(renderCritical("workload", { present: true, value: { credits: 2, unit: "ECTS", duration: "PT50H" } }, de))).toBe("2 ECTS (Dauer: 50 Stunden)");
  });
});
