import { describe, expect, it } from "vitest";
import type { CredentialSummary } from "../../src/bindings";
import { filterCredentials, matches, normalise, sortCredentials } from "../../src/lib/search";

function card(over: Partial<CredentialSummary>): CredentialSummary {
  return {
    id: "c1", title: "T", issuer: "did:web:x.example", issuerName: null, registry: null, issuerClaimedName: null, issued: null, format: "ob3-di",
    achievementId: null, credits: null, creditUnit: null, eqfLevel: null, skills: [], expires: null,
    verdict: "valid", status: "active", image: null, ...over,
  };
}

const list = [
  card({ id: "a", title: "Introduction to Data Science", issuerName: "Example University", issued: "2025-03-14", skills: ["http://data.europa.eu/esco/skill/data-analytics"] }),
  card({ id: "b", title: "First Aid at Work", issuerName: "Red Cross Training Centre", issued: "2022-05-10" }),
  card({ id: "c", title: "Grundlagen", issuerName: "Technische Universität München", issuer: "did:web:tum.example" }),
];

describe("search", () => {
  it("matches everything for an empty query", () => {
    expect(filterCredentials(list, "  ")).toHaveLength(3);
  });

  it("matches titles, issuers and skills, case-insensitively", () => {
    expect(filterCredentials(list, "first aid").map((c) => c.id)).toEqual(["b"]);
    expect(filterCredentials(list, "RED cross").map((c) => c.id)).toEqual(["b"]);
    expect(filterCredentials(list, "analytics").map((c) => c.id)).toEqual(["a"]);
    expect(filterCredentials(list, "tum.example").map((c) => c.id)).toEqual(["c"]);
  });

  it("needs every word, in any order", () => {
    expect(matches(list[0], "science example")).toBe(true);
    expect(matches(list[0], "science cross")).toBe(false);
  });

  it("ignores accents", () => {
    expect(normalise("Universität")).toBe("universitat");
    expect(filterCredentials(list, "universitat").map((c) => c.id)).toEqual(["c"]);
  });

  it("sorts newest first, undated last", () => {
    expect(sortCredentials(list).map((c) => c.id)).toEqual(["a", "b", "c"]);
  });
});
