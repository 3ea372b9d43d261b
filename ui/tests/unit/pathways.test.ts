import { describe, expect, it } from "vitest";
import type { Expiry, GroupProgress, GroupView, PathwayInfo, Progress } from "../../src/bindings";
import { messages } from "../../src/lib/i18n";
import {
  creditShare,
  creditsOfTotal,
  expiryEmphasis,
  expiryWhen,
  formatCredits,
  groupNeeds,
  isOptionalGroup,
  overallNeeds,
  shortUri,
  shownPercent,
  slotKind,
  sourceLine,
  sourceSentence,
  splitLabel,
  splitUris,
  stackTiles,
  summaryFileName,
  timeLeft,
  visibleExpiries,
} from "../../src/lib/pathways";

const en = messages("en");
const de = messages("de");

const gp = (over: Partial<GroupProgress> = {}): GroupProgress => ({
  id: "core",
  label: "Core",
  satisfied: false,
  credits: 0,
  missing: [],
  count: 0,
  needCount: 0,
  needCredits: 0,
  requiredFilled: 0,
  requiredTotal: 0,
  selected: 0,
  selectMin: null,
  selectMax: null,
  ...over,
});

const expiry = (over: Partial<Expiry> = {}): Expiry => ({
  credential: "c1",
  date: "2027-01-01",
  reason: "expires",
  daysLeft: 40,
  completeAfter: true,
  countedCreditsAfter: 4,
  effect: "",
  ...over,
});

describe("credits and percentages", () => {
  it("says credits with their unit, in the learner's language", () => {
    expect(formatCredits(5, "ECTS", en, "en-GB")).toBe("5 ECTS");
    expect(formatCredits(12.5, "hours", en, "en-GB")).toBe("12.5 hours");
    expect(formatCredits(1, "hours", en, "en-GB")).toBe("1 hour");
    expect(formatCredits(12.5, "hours", de, "de-DE")).toBe("12,5 Stunden");
    expect(formatCredits(null, "ECTS", en, "en-GB")).toBe("0 ECTS");
  });

  it("says counted of total with the unit once", () => {
    expect(creditsOfTotal(15, 30, "ECTS", en, "en-GB")).toBe("15 of 30 ECTS");
    expect(creditsOfTotal(0, 160, "hours", de, "de-DE")).toBe("0 von 160 Stunden");
    expect(creditsOfTotal(7, null, "ECTS", en, "en-GB")).toBe("7 ECTS");
  });

  it("never shows 100% for a pathway that is not complete", () => {
    expect(shownPercent(100, false)).toBe(99);
    expect(shownPercent(50.7, false)).toBe(50);
    expect(shownPercent(-3, false)).toBe(0);
    expect(shownPercent(12, true)).toBe(100);
  });

  it("fills the credits bar toward the total, never past it", () => {
    expect(creditShare(15, 30)).toBe(0.5);
    expect(creditShare(45, 30)).toBe(1);
    expect(creditShare(null, 30)).toBe(0);
    expect(creditShare(5, null)).toBeNull();
    expect(creditShare(5, 0)).toBeNull();
  });
});

describe("tiles of a group", () => {
  const group: GroupView = {
    id: "core",
    label: "Core",
    rule: "",
    counted: [
      { credential: "sel", slot: "select", credits: 4 },
      { credential: "r2", slot: "required/2", credits: 5 },
      { credential: "r0", slot: "required/0", credits: 6 },
    ],
    open: [
      { slot: "credits", text: "At least 2 ECTS more here" },
      { slot: "select", text: "An elective" },
      { slot: "required/1", text: "A credential matching 'ethics'" },
    ],
  };

  it("shows counted credentials first (required in order, then electives), then open places", () => {
    const tiles = stackTiles(group);
    expect(tiles.map((x) => (x.kind === "filled" ? x.tile.credential : x.text))).toEqual([
      "r0",
      "r2",
      "sel",
      "A credential matching 'ethics'",
      "An elective",
      "At least 2 ECTS more here",
    ]);
    expect(tiles.map((x) => x.slotKind)).toEqual(["required", "required", "elective", "required", "elective", "credits"]);
    expect(new Set(tiles.map((x) => x.key)).size).toBe(tiles.length);
  });

  it("names slots", () => {
    expect(slotKind("required/10")).toBe("required");
    expect(slotKind("select")).toBe("elective");
    expect(slotKind("credits")).toBe("credits");
  });

  it("keeps two open electives apart", () => {
    const tiles = stackTiles({ ...group, counted: [], open: [{ slot: "select", text: "x" }, { slot: "select", text: "x" }] });
    expect(tiles).toHaveLength(2);
    expect(tiles[0].key).not.toBe(tiles[1].key);
  });
});

describe("what a group and the pathway still need", () => {
  it("counts the required places, electives and credits still missing", () => {
    const needs = groupNeeds(gp({ requiredTotal: 3, requiredFilled: 2, needCredits: 12, credits: 11 }), "ECTS", en, "en-GB");
    expect(needs).toEqual(["1 required credential", "1 ECTS more"]);
    expect(groupNeeds(gp({ selectMin: 2, selected: 0, needCredits: 40, credits: 0 }), "hours", de, "de-DE")).toEqual([
      "2 weitere Wahlmodule",
      "40 Stunden",
    ]);
  });

  it("rounds credits up, as the backend does", () => {
    expect(groupNeeds(gp({ needCredits: 1, credits: 2 / 3 }), "ECTS", en, "en-GB")).toEqual(["0.34 ECTS more"]);
  });

  it("falls back to the backend's words when the counts do not explain it", () => {
    expect(groupNeeds(gp({ missing: ["credentials from 1 more issuer"] }), "ECTS", en)).toEqual(["credentials from 1 more issuer"]);
    expect(groupNeeds(gp({ satisfied: true }), "ECTS", en)).toEqual([]);
  });

  it("knows an optional group", () => {
    expect(isOptionalGroup(gp({ selectMin: 0 }))).toBe(true);
    expect(isOptionalGroup(gp({ needCount: 1 }))).toBe(false);
    expect(isOptionalGroup(gp({ needCredits: 5 }))).toBe(false);
  });

  const progress = (over: Partial<Progress> = {}): Progress => ({
    pathway: "p",
    title: "P",
    evaluatedAt: "2026-11-22",
    complete: false,
    creditUnit: "ECTS",
    minTotalCredits: 30,
    countedCredits: 15,
    maxCountedCredits: 15,
    allocation: [],
    groups: [],
    excluded: [],
    missing: ["at least 15 more ECTS in total"],
    distinctIssuers: 1,
    minDistinctIssuers: 2,
    plan: [],
    searchNodes: 0,
    exact: true,
    ...over,
  });

  it("says the total and the issuers still needed", () => {
    expect(overallNeeds(progress(), en, "en-GB")).toEqual(["15 ECTS more", "credentials from 1 more issuer"]);
    expect(overallNeeds(progress({ distinctIssuers: 2 }), de, "de-DE")).toEqual(["15 ECTS"]);
    expect(overallNeeds(progress({ complete: true }), en)).toEqual([]);
  });
});

describe("expiries", () => {
  it("highlights what is soon, and what would undo a completion", () => {
    expect(expiryEmphasis(expiry({ daysLeft: 40, completeAfter: false }), true)).toEqual({ soon: true, breaks: true });
    expect(expiryEmphasis(expiry({ daysLeft: 90 }), false)).toEqual({ soon: true, breaks: false });
    expect(expiryEmphasis(expiry({ daysLeft: 91, completeAfter: false }), true)).toEqual({ soon: false, breaks: true });
    // Not complete today: losing it cannot undo a completion.
    expect(expiryEmphasis(expiry({ daysLeft: 400, completeAfter: false }), false)).toEqual({ soon: false, breaks: false });
  });

  it("says how long is left: days while it is soon, then months or years", () => {
    expect(timeLeft(0, en)).toBe("today");
    expect(timeLeft(1, en)).toBe("tomorrow");
    expect(timeLeft(40, en)).toBe("in 40 days");
    expect(timeLeft(455, en)).toBe("in about 15 months");
    expect(timeLeft(1204, en)).toBe("in about 3 years");
    expect(timeLeft(40, de)).toBe("in 40 Tagen");
  });

  it("says why it stops counting", () => {
    expect(expiryWhen(expiry(), en, "en-GB")).toBe("Expires 1 Jan 2027");
    expect(expiryWhen(expiry({ reason: "too-old", date: "2030-03-10" }), en, "en-GB")).toBe("Too old for this pathway from 10 Mar 2030");
  });

  it("shows the first few, or all", () => {
    const list = [1, 2, 3, 4, 5].map((n) => expiry({ credential: `c${n}` }));
    expect(visibleExpiries(list, false).map((e) => e.credential)).toEqual(["c1", "c2", "c3"]);
    expect(visibleExpiries(list, true)).toHaveLength(5);
  });
});

describe("where a pathway comes from", () => {
  const info = (over: Partial<PathwayInfo> = {}): PathwayInfo => ({
    id: "p",
    title: "P",
    source: "shipped",
    addedAt: null,
    origin: null,
    sha256: "00",
    ...over,
  });

  it("says shipped or added, with the file", () => {
    expect(sourceLine(info(), en)).toBe("Shipped with Tessera");
    expect(sourceLine(info({ source: "added", origin: "x.json" }), en)).toBe("Added by you from x.json");
    expect(sourceLine(info({ source: "added" }), de)).toBe("Von dir hinzugefügt");
    expect(sourceSentence(info({ source: "added", origin: "x.json", addedAt: "2026-11-22T10:00:00Z" }), en, "en-GB")).toBe(
      "You added it on 22 Nov 2026 from the file x.json.",
    );
    expect(sourceSentence(info(), en)).toMatch(/not by an awarding body/);
  });
});

describe("the summary's file name", () => {
  it("is the title in letters, digits and dashes, ending in -progress.html", () => {
    expect(summaryFileName("Micro-Degree in Applied Artificial Intelligence")).toBe(
      "micro-degree-in-applied-artificial-intelligence-progress.html",
    );
    expect(summaryFileName("Instandhaltungstechniker/in Mechatronik (Badge-Stapel)")).toBe(
      "instandhaltungstechniker-in-mechatronik-badge-stapel-progress.html",
    );
    expect(summaryFileName("Grüße & Straße")).toBe("grusse-strasse-progress.html");
    expect(summaryFileName("???")).toBe("pathway-progress.html");
    expect(summaryFileName("x".repeat(200)).length).toBeLessThanOrEqual(60 + "-progress.html".length);
  });
});

describe("sentences with addresses", () => {
  it("keeps the text and marks the addresses", () => {
    const text =
      "A credential with the skill http://data.europa.eu/esco/skill/3d1f0b7e-2a4c-4e9b-8f61-7c5d2e9a0b14, of type Badge.";
    const parts = splitUris(text);
    expect(parts.map((p) => p.text).join("")).toBe(text);
    expect(parts.filter((p) => p.uri).map((p) => p.text)).toEqual(["http://data.europa.eu/esco/skill/3d1f0b7e-2a4c-4e9b-8f61-7c5d2e9a0b14"]);
    expect(parts.find((p) => p.uri)?.short).toBe("ESCO 3d1f0b7e…");
  });

  it("leaves a sentence without addresses whole", () => {
    expect(splitUris("A credential matching 'capstone'")).toEqual([
      { text: "A credential matching 'capstone'", uri: false, short: "A credential matching 'capstone'" },
    ]);
  });

  it("shortens long addresses to their host and last part", () => {
    expect(shortUri("https://uni-example.eu/badges/ds-101")).toBe("https://uni-example.eu/badges/ds-101");
    expect(shortUri("https://uni-example.eu/achievements/ds-101")).toBe("uni-example.eu/…/ds-101");
    expect(shortUri("https://credentials.uni-example.eu/achievements/2025/applied-data-science-capstone")).toBe(
      "credentials.uni-example.eu/…/applied-data-sci…",
    );
    expect(shortUri("urn:epass:org:academy")).toBe("urn:epass:org:academy");
  });
});

describe("plan lines", () => {
  it("splits off the group's label", () => {
    const labels = ["Core modules", "Core modules (all three required)", "Capstone project"];
    expect(splitLabel("Core modules (all three required): 1 more credential", labels)).toEqual({
      label: "Core modules (all three required)",
      rest: "1 more credential",
    });
    expect(splitLabel("Something else: x", labels)).toEqual({ label: null, rest: "Something else: x" });
  });
});
