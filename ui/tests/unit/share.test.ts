import { describe, expect, it } from "vitest";
import type { Check } from "../../src/bindings";
import { messages } from "../../src/lib/i18n";
import {
  alwaysShown,
  claimTree,
  defaultSelection,
  discloseList,
  displayRows,
  flatten,
  isImplied,
  isSensitiveName,
  isSensitivePath,
  keptBack,
  keptLabel,
  pathLabel,
  pathsInWords,
  presentationFileName,
  presentationOutcome,
  qrFileName,
  relativeTime,
  revealedInWords,
  revealedItems,
  tickState,
  toggle,
  validityLabel,
  type ClaimNode,
} from "../../src/lib/share";

const en = messages("en");
const de = messages("de");
const words = { t: en, locale: "en-GB" };

// The learner's SD-JWT, all disclosures applied (as `selective.claims` gives it).
const claims = {
  iss: "https://credentials.fh-graz.example",
  iat: 1741942800,
  vct: "https://credentials.fh-graz.example/vct/micro-credential/v1",
  cnf: { jwk: { kty: "OKP", crv: "Ed25519", x: "abc" } },
  course: { name: "Cloud Computing Essentials", credits: 3 },
  given_name: "Ana",
  family_name: "Novak",
  birthdate: "2001-02-03",
  grade: "1.3",
  email: "ana.novak@example.org",
  address: { street_address: "Herrengasse 12", locality: "Graz", postal_code: "8010", country: "AT" },
  nationalities: ["SI", "AT"],
};
const disclosable = [
  "given_name",
  "family_name",
  "birthdate",
  "grade",
  "email",
  "address",
  "address.street_address",
  "address.locality",
  "address.postal_code",
  "address.country",
  "nationalities.0",
  "nationalities.1",
];
const tree = claimTree(claims, disclosable);
const node = (path: string): ClaimNode => {
  const n = flatten(tree).find((x) => x.path === path);
  if (!n) throw new Error(`no node ${path}`);
  return n;
};

describe("sensitive claims", () => {
  it("recognises birth dates, grades, addresses, email, phone, nationality and personal ids, however they are spelt", () => {
    for (const k of ["birthdate", "birth_date", "dateOfBirth", "grade", "address", "street_address", "postal_code", "email", "emailAddress", "phone_number", "phoneNumber", "nationalities", "nationality", "personal_id", "personalAdministrativeNumber", "passport_number", "ssn", "age_over_18"]) {
      expect(isSensitiveName(k), k).toBe(true);
    }
  });

  it("leaves names, titles and course facts alone", () => {
    for (const k of ["given_name", "family_name", "name", "title", "achievement", "credits", "eqf_level", "locality", "country", "page", "language"]) {
      expect(isSensitiveName(k), k).toBe(false);
    }
  });

  it("makes everything inside a sensitive claim sensitive", () => {
    expect(isSensitivePath("address.country")).toBe(true);
    expect(isSensitivePath("nationalities.1")).toBe(true);
    expect(isSensitivePath("achievement.name")).toBe(false);
    expect(node("address.locality").sensitive).toBe(true);
    expect(node("nationalities.0").sensitive).toBe(true);
    // Marked once, where it starts: the address, not each of its parts.
    expect(flatten(tree).filter((n) => n.sensitiveHere).map((n) => n.path)).toEqual(["birthdate", "grade", "email", "address", "nationalities"]);
  });
});

describe("claimTree", () => {
  it("keeps the credential's order, leaves out technical claims, and nests objects and lists", () => {
    expect(tree.map((n) => n.path)).toEqual(["course", "given_name", "family_name", "birthdate", "grade", "email", "address", "nationalities"]);
    expect(node("address").children.map((c) => c.path)).toEqual(["address.street_address", "address.locality", "address.postal_code", "address.country"]);
    expect(node("address.country")).toMatchObject({ depth: 1, disclosable: true, within: "address", kind: "leaf" });
    expect(node("nationalities.1")).toMatchObject({ index: 1, parentKey: "nationalities", value: "AT", within: null, disclosable: true });
  });

  it("puts well-known claims in their usual order, whatever order the digests gave them", () => {
    // As the wallet hands them over: disclosed claims in the order of their (sorted) digests.
    const shuffled = { course: claims.course, email: "a@b.example", nationalities: ["SI"], family_name: "Novak", address: { country: "AT", street_address: "Herrengasse 12" }, given_name: "Ana", birthdate: "2001-02-03", badge_colour: "green" };
    const t2 = claimTree(shuffled, ["email", "nationalities.0", "family_name", "address", "address.country", "address.street_address", "given_name", "birthdate", "badge_colour"]);
    expect(t2.map((n) => n.path)).toEqual(["course", "given_name", "family_name", "birthdate", "email", "address", "nationalities", "badge_colour"]);
    expect(t2.find((n) => n.path === "address")?.children.map((c) => c.key)).toEqual(["street_address", "country"]);
  });

  it("tells always-shown claims from disclosable ones and from lists of disclosable entries", () => {
    expect(alwaysShown(node("course"))).toBe(true);
    expect(alwaysShown(node("course.name"))).toBe(true);
    expect(alwaysShown(node("given_name"))).toBe(false);
    // The list is always there, but each nationality can be kept back.
    expect(alwaysShown(node("nationalities"))).toBe(false);
    expect(node("nationalities").disclosable).toBe(false);
  });

  it("starts with every claim ticked that is not sensitive: 2 of the 7", () => {
    expect(defaultSelection(tree)).toEqual(["given_name", "family_name"]);
  });
});

describe("ticking claims", () => {
  const start = new Set(defaultSelection(tree));

  it("ticking a part of a claim reveals the claim it sits in, shown as partly ticked", () => {
    const chosen = toggle(node("address.country"), start, tree);
    expect(discloseList(tree, chosen)).toEqual(["given_name", "family_name", "address.country"]);
    expect(tickState(node("address"), chosen)).toBe("partial");
    expect(isImplied(node("address"), chosen)).toBe(true);
    expect(tickState(node("address.country"), chosen)).toBe("on");
    // Unticking its only ticked part leaves the address unticked.
    const back = toggle(node("address.country"), chosen, tree);
    expect(tickState(node("address"), back)).toBe("off");
    expect(discloseList(tree, back)).toEqual(["given_name", "family_name"]);
  });

  it("ticking a claim with parts ticks all of them; unticking it unticks them all", () => {
    const all = toggle(node("address"), start, tree);
    expect(tickState(node("address"), all)).toBe("on");
    expect(discloseList(tree, all).filter((p) => p.startsWith("address"))).toEqual([
      "address",
      "address.street_address",
      "address.locality",
      "address.postal_code",
      "address.country",
    ]);
    const partly = toggle(node("address.street_address"), all, tree);
    expect(tickState(node("address"), partly)).toBe("partial");
    expect(isImplied(node("address"), partly)).toBe(false);
    // A partly ticked claim ticks fully, then unticks fully.
    const full = toggle(node("address"), partly, tree);
    expect(tickState(node("address"), full)).toBe("on");
    const none = toggle(node("address"), full, tree);
    expect(discloseList(tree, none)).toEqual(["given_name", "family_name"]);
  });
});

describe("keptBack", () => {
  it("names each withheld claim once, and a list whose entries are all withheld as the list", () => {
    const withheld = disclosable.filter((p) => !["given_name", "family_name"].includes(p));
    const items = keptBack(tree, withheld);
    expect(items.map((n) => n.path)).toEqual(["birthdate", "grade", "email", "address", "nationalities"]);
    expect(items.map((n) => keptLabel(n, tree, words))).toEqual(["Date of birth", "Grade", "Email", "Address", "Nationalities"]);
  });

  it("names the parts kept back of a claim that is partly revealed, with where they sit", () => {
    const withheld = ["birthdate", "grade", "email", "address.street_address", "address.postal_code", "nationalities.1"];
    const items = keptBack(tree, withheld);
    expect(items.map((n) => keptLabel(n, tree, words))).toEqual([
      "Date of birth",
      "Grade",
      "Email",
      "Street (Address)",
      "Postcode (Address)",
      "Nationalities: Austria (AT)",
    ]);
  });
});

describe("revealedItems", () => {
  it("names a claim revealed with all its parts once, and only the revealed part of one revealed in part", () => {
    const label = (paths: string[]) => revealedItems(tree, paths).map((n) => keptLabel(n, tree, words));
    expect(label(["given_name", "address", "address.street_address", "address.locality", "address.postal_code", "address.country"])).toEqual([
      "First name",
      "Address",
    ]);
    // "address" is revealed only as the place its country sits in.
    expect(label(["grade", "address", "address.country", "nationalities.0", "nationalities.1"])).toEqual(["Grade", "Country (Address)", "Nationalities"]);
    expect(label([])).toEqual([]);
  });
});

describe("displayRows", () => {
  it("shows what the recipient sees claim by claim, nested objects indented, technical claims left out", () => {
    const revealed = { iss: "https://x.example", cnf: { jwk: {} }, course: { name: "Cloud Computing Essentials", credits: 3 }, given_name: "Ana", address: { country: "AT" }, nationalities: [] };
    const rows = displayRows(revealed, undefined, words);
    expect(rows.map((r) => [r.depth, r.label, r.text])).toEqual([
      [0, "Course", null],
      [1, "Name", "Cloud Computing Essentials"],
      [1, "Credits", "3"],
      [0, "First name", "Ana"],
      [0, "Address", null],
      [1, "Country", "Austria (AT)"],
      [0, "Nationalities", "(none shown)"],
    ]);
    expect(rows.at(-1)?.empty).toBe(true);
  });

  it("reads dates and lists of countries, and leaves JSON-LD plumbing and proofs out", () => {
    const rows = displayRows(
      { "@context": ["x"], type: ["VerifiableCredential"], validFrom: "2025-03-14T09:00:00Z", nationalities: ["SI", "AT"], proof: { proofValue: "z" } },
      new Set(),
      words,
    );
    expect(rows.map((r) => [r.label, r.text])).toEqual([
      ["Valid from", "14 Mar 2025"],
      ["Nationalities", "Slovenia (SI), Austria (AT)"],
    ]);
  });

  it("shows an embedded badge image as a picture with its caption, not as its data", () => {
    const png = "data:image/png;base64,iVBORw0KGgo=";
    const rows = displayRows({ achievement: { name: "Badge", image: { id: png, type: "Image", caption: "The badge" } }, logo: png }, new Set(), words);
    expect(rows.map((r) => [r.label, r.text, r.image ?? null])).toEqual([
      ["Achievement", null, null],
      ["Name", "Badge", null],
      ["Image", "The badge", png],
      ["Logo", "an image in the credential", png],
    ]);
  });
});

describe("share log paths in words", () => {
  it("turns a share log path into words", () => {
    expect(pathLabel("address.country", en)).toBe("Country (Address)");
    expect(pathLabel("nationalities.1", en)).toBe("Nationalities › 2");
    expect(pathLabel("birthdate", de)).toBe("Geburtsdatum");
  });

  it("says each claim once and a list's entries together", () => {
    const withheld = ["address", "address.country", "address.locality", "birthdate", "family_name", "nationalities.0", "nationalities.1"];
    expect(pathsInWords(withheld, en)).toBe("Last name, Date of birth, Address, Nationalities (entries 1, 2)");
    // The wallet lists paths alphabetically; they are said in the usual order.
    expect(pathsInWords(["family_name", "given_name"], en)).toBe("First name, Last name");
    expect(pathsInWords(["nationalities.1"], de)).toBe("Nationalitäten (Eintrag 2)");
  });

  it("does not call a claim revealed when only a part of it was", () => {
    const parts = ["address.street_address", "address.locality", "address.postal_code", "address.country"];
    // Only the country: the wallet lists "address" too, as the container it was sent in.
    expect(revealedInWords(["address", "address.country", "given_name"], ["address.locality", "address.postal_code", "address.street_address", "birthdate"], en)).toBe(
      "First name, Country (Address)",
    );
    // All of it: the address, once.
    expect(revealedInWords(["address", ...parts], ["birthdate"], en)).toBe("Address");
    expect(revealedInWords(["nationalities.0"], ["nationalities.1"], en)).toBe("Nationalities (entry 1)");
  });
});

describe("relativeTime", () => {
  const now = new Date("2025-11-22T12:00:00Z");
  it("says how long ago, or how soon", () => {
    expect(relativeTime("2025-11-22T11:59:30Z", now, en, "en-GB")).toBe("just now");
    expect(relativeTime("2025-11-22T11:55:00Z", now, en, "en-GB")).toBe("5 minutes ago");
    expect(relativeTime("2025-11-22T09:00:00Z", now, en, "en-GB")).toBe("3 hours ago");
    expect(relativeTime("2025-11-20T12:00:00Z", now, en, "en-GB")).toBe("2 days ago");
    // A presentation valid for 10 minutes, made a second ago, is valid "in 10 minutes".
    expect(relativeTime("2025-11-22T12:09:59Z", now, en, "en-GB")).toBe("in 10 minutes");
    expect(relativeTime("2025-11-29T12:00:00Z", now, en, "en-GB")).toBe("in 7 days");
    // A day, a few seconds later: still "in 1 day", not "in 24 hours".
    expect(relativeTime("2025-11-23T11:59:55Z", now, en, "en-GB")).toBe("in 1 day");
    expect(relativeTime("2025-11-22T13:01:00Z", now, en, "en-GB")).toBe("in 1 hour");
    expect(relativeTime("2025-11-21T12:00:05Z", now, en, "en-GB")).toBe("23 hours ago");
    expect(relativeTime("2025-11-22T12:00:20Z", now, en, "en-GB")).toBe("in under a minute");
  });

  it("speaks German", () => {
    expect(relativeTime("2025-11-22T11:55:00Z", now, de, "de-DE")).toBe("vor 5 Minuten");
    expect(relativeTime("2025-11-22T13:00:00Z", now, de, "de-DE")).toBe("in 1 Stunde");
  });
});

describe("validity and file names", () => {
  it("names the validity choices", () => {
    expect([10, 60, 1440, 10080].map((m) => validityLabel(m, "en-GB"))).toEqual(["10 minutes", "1 hour", "1 day", "7 days"]);
    expect(validityLabel(10080, "de-DE")).toBe("7 Tage");
  });

  it("suggests file names from the title and format", () => {
    expect(presentationFileName("Cloud Computing Essentials", "sd-jwt")).toBe("cloud-computing-essentials.sd-jwt");
    expect(presentationFileName("Introduction to Data Science", "vp")).toBe("introduction-to-data-science.json");
    expect(qrFileName("Grundlagen: Datenschutz & Straßenbau")).toBe("grundlagen-datenschutz-strassenbau-qr.png");
  });
});

describe("presentationOutcome", () => {
  const c = (check: string, result: Check["result"]): Check => ({ check, result, detail: "", checkedAt: "2025-11-22T12:00:00Z", purpose: null });

  it("accepts a valid presentation, and says when audience and nonce were not compared", () => {
    const o = presentationOutcome({ verdict: "valid", checks: [c("signature", "pass"), c("audience", "warn"), c("nonce", "warn"), c("expiry", "pass")] });
    expect(o).toMatchObject({ kind: "accepted", tone: "ok", notCompared: ["audience", "nonce"] });
    expect(presentationOutcome({ verdict: "valid", checks: [c("audience", "pass"), c("nonce", "pass")] }).notCompared).toEqual([]);
  });

  it("does not accept one with a failing check, and names it", () => {
    const o = presentationOutcome({ verdict: "invalid", checks: [c("signature", "pass"), c("nonce", "fail"), c("expiry", "pass")] });
    expect(o.kind).toBe("rejected");
    expect(o.tone).toBe("bad");
    expect(o.failing.map((x) => x.check)).toEqual(["nonce"]);
  });

  it("says when not everything could be checked, never in red", () => {
    const o = presentationOutcome({ verdict: "unknown", checks: [c("signature", "unknown"), c("nonce", "pass")] });
    expect(o).toMatchObject({ kind: "incomplete", tone: "neutral" });
    expect(o.unchecked.map((x) => x.check)).toEqual(["signature"]);
  });
});
