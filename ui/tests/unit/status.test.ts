import { describe, expect, it } from "vitest";
import { messages } from "../../src/lib/i18n";
import { ago, checkSentence, checkTitle, humanise, statusLine, statusMark } from "../../src/lib/status";

const en = messages("en");
const de = messages("de");

describe("statusMark", () => {
  it("says Verified for a valid, active credential", () => {
    expect(statusMark("valid", "active", en)).toMatchObject({ label: "Verified", tone: "ok", note: null });
  });

  it("keeps Verified but notes an unchecked revocation", () => {
    const m = statusMark("valid", "unknown", en);
    expect(m.label).toBe("Verified");
    expect(m.note).toMatch(/revoked could not be checked offline/);
  });

  it("says Expired, Revoked, Suspended and Not yet valid", () => {
    expect(statusMark("valid", "expired", en).label).toBe("Expired");
    expect(statusMark("valid", "revoked", en)).toMatchObject({ label: "Revoked", tone: "bad" });
    expect(statusMark("valid", "suspended", en).label).toBe("Suspended");
    expect(statusMark("valid", "not-yet-valid", en).label).toBe("Not yet valid");
  });

  it("puts a signature that does not match before everything else", () => {
    expect(statusMark("invalid", "active", en)).toMatchObject({ label: "Signature does not match", tone: "bad" });
    expect(statusMark("invalid", "expired", en).label).toBe("Signature does not match");
  });

  it("never cries wolf: an unknown verdict is grey, not red", () => {
    const m = statusMark("unknown", "unknown", en);
    expect(m).toMatchObject({ label: "Could not check offline", tone: "neutral" });
    expect(statusMark("unknown", "active", en).tone).toBe("neutral");
  });

  it("says Not signed for a credential without proof", () => {
    expect(statusMark("unsigned", "active", en)).toMatchObject({ label: "Not signed", tone: "neutral" });
  });

  it("has German wording", () => {
    expect(statusMark("valid", "active", de).label).toBe("Geprüft");
    expect(statusMark("unknown", "unknown", de).label).toBe("Offline nicht prüfbar");
  });
});

describe("checkSentence", () => {
  it("explains known checks in plain words", () => {
    expect(checkSentence({ check: "signature", result: "pass", purpose: null }, en)).toMatch(/nothing has been changed/);
    expect(checkSentence({ check: "status", result: "fail", purpose: "revocation" }, en)).toBe("The issuer has revoked it.");
    expect(checkSentence({ check: "status", result: "unknown", purpose: "suspension" }, en)).toMatch(/suspended/);
    expect(checkSentence({ check: "registry", result: "warn", purpose: null }, en)).toMatch(/does not mean it is fake/);
  });

  it("falls back to the check's name and result for unknown checks", () => {
    expect(checkSentence({ check: "holder-binding", result: "pass", purpose: null }, en)).toBe("Holder: passed.");
    expect(checkSentence({ check: "some-new-check", result: "warn", purpose: null }, en)).toBe("Some new check: warning.");
  });

  it("humanises keys", () => {
    expect(humanise("addressCountry")).toBe("Address country");
    expect(humanise("issuer-key")).toBe("Issuer key");
  });
});

describe("status checks in plain words", () => {
  const now = new Date("2026-05-10T12:00:00Z");
  const status = (result: "pass" | "fail" | "warn" | "unknown", purpose: string | null, checkedAt: string) => ({
    check: "status",
    result,
    purpose,
    checkedAt,
  });

  it("names what a status check is about", () => {
    expect(checkTitle({ check: "status", purpose: "revocation" }, en)).toBe("Revocation");
    expect(checkTitle({ check: "status", purpose: "suspension" }, en)).toBe("Suspension");
    expect(checkTitle({ check: "status", purpose: "refresh" }, en)).toBe("Revocation");
    expect(checkTitle({ check: "signature", purpose: null }, de)).toBe("Signatur");
    expect(checkTitle({ check: "status", purpose: "suspension" }, de)).toBe("Aussetzung");
  });

  it("says the result and how old the evidence is", () => {
    expect(statusLine(status("pass", "revocation", "2026-04-28T11:00:00Z"), now, en, "en-GB")).toBe("Not revoked — checked 12 days ago");
    expect(statusLine(status("fail", "revocation", "2026-05-10T11:59:30Z"), now, en, "en-GB")).toBe("Revoked — checked just now");
    expect(statusLine(status("fail", "suspension", "2026-05-10T07:00:00Z"), now, en, "en-GB")).toBe("Suspended — checked 5 hours ago");
    expect(statusLine(status("pass", "revocation", "2026-04-28T11:00:00Z"), now, de, "de-DE")).toBe("Nicht widerrufen — geprüft vor 12 Tagen");
  });

  it("adds no line when the status could not be checked, or for other checks", () => {
    expect(statusLine(status("unknown", "revocation", "2026-05-10T12:00:00Z"), now, en, "en-GB")).toBeNull();
    expect(statusLine({ check: "signature", result: "pass", purpose: null, checkedAt: "2026-05-10T12:00:00Z" }, now, en, "en-GB")).toBeNull();
  });

  it("reads ages like a person would say them", () => {
    expect(ago("2026-05-10T11:58:00Z", now, en, "en-GB")).toBe("2 minutes ago");
    expect(ago("2026-05-09T12:00:00Z", now, en, "en-GB")).toBe("1 day ago");
    expect(ago("2025-12-01T12:00:00Z", now, en, "en-GB")).toBe("5 months ago");
    expect(ago("not a date", now, en, "en-GB")).toBe("not a date");
  });

  it("marks revoked and suspended credentials red", () => {
    expect(statusMark("valid", "suspended", en)).toMatchObject({ label: "Suspended", tone: "bad" });
    expect(statusMark("valid", "suspended", de).label).toBe("Ausgesetzt");
    expect(statusMark("valid", "revoked", de).label).toBe("Widerrufen");
  });
});
