import { describe, expect, it } from "vitest";
import type { Check, CredentialDetail } from "../../src/bindings";
import { registryListing } from "../../src/lib/registry";
import { fixtures } from "../../src/mock/fixtures";

function withRegistryCheck(c: Partial<Check> | null, issuerName = "Hochschule Beispiel"): CredentialDetail {
  const d = structuredClone(fixtures.valid.detail);
  d.summary.issuerName = issuerName;
  d.checks = d.checks.filter((x) => x.check !== "registry");
  if (c) d.checks.push({ check: "registry", result: "pass", detail: "", checkedAt: "2026-05-10T12:00:00Z", purpose: null, ...c });
  return d;
}

describe("registryListing", () => {
  it("reads the registry's name from a passed registry check", () => {
    const d = withRegistryCheck({ detail: 'Listed in the trust registry "DCC Sandbox Registry" as Hochschule Beispiel.' });
    expect(registryListing(d, ["en"])).toEqual({
      registry: "DCC Sandbox Registry",
      // The awarding body (the issuer) names itself differently.
      claimedName: "Example University of Applied Sciences",
    });
  });

  it("has no claimed name when the registry's name is the issuer's own", () => {
    const d = withRegistryCheck({ detail: 'Listed in the trust registry "R" as Example University of Applied Sciences.' }, "Example University of Applied Sciences");
    expect(registryListing(d, ["en"])).toEqual({ registry: "R", claimedName: null });
  });

  it("says nothing when the issuer is not listed", () => {
    expect(registryListing(withRegistryCheck({ result: "warn", detail: "Not looked up: you have not added any trust registry." }), ["en"])).toEqual({
      registry: null,
      claimedName: null,
    });
    expect(registryListing(withRegistryCheck(null), ["en"]).registry).toBeNull();
  });

  it("prefers what the summary says, when it says it", () => {
    const d = withRegistryCheck(null);
    Object.assign(d.summary, { registry: "Named Registry", issuerClaimedName: "HB Uni" });
    expect(registryListing(d, ["en"])).toEqual({ registry: "Named Registry", claimedName: "HB Uni" });
  });
});
