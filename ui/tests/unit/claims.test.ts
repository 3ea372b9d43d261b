import { describe, expect, it } from "vitest";
import { claimRows } from "../../src/lib/critical";

describe("claimRows", () => {
  const claims = {
    iss: "did:jwk:abc",
    vct: "https://example.org/micro-credential",
    given_name: "Ana",
    birthdate: "2001-02-03",
    degree: { title: "Data Literacy", grade: "A" },
    nationalities: ["SI", "AT"],
  };

  it("lists each leaf claim with its path, hiding technical claims", () => {
    const rows = claimRows(claims, ["birthdate", "degree.grade", "nationalities.1"]);
    expect(rows.map((r) => r.path)).toEqual([
      "given_name",
      "birthdate",
      "degree.title",
      "degree.grade",
      "nationalities.0",
      "nationalities.1",
    ]);
  });

  it("marks what can be shared on its own, including everything inside a disclosable claim", () => {
    const rows = Object.fromEntries(
      claimRows(claims, ["birthdate", "degree", "nationalities.1"]).map((r) => [r.path, r.disclosable]),
    );
    expect(rows).toEqual({
      given_name: false,
      birthdate: true,
      "degree.title": true,
      "degree.grade": true,
      "nationalities.0": false,
      "nationalities.1": true,
    });
  });
});
