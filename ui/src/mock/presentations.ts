// The mock backend's sharing commands: previews, presentations (recorded in a share log), saving them as
// text or QR images into the mock's file system, and the employer's check of a presentation, with the
// wallet's sentences (tessera-wallet share.rs, share_io.rs; tessera-core present/check.rs).

import type {
  Check,
  CheckResult,
  CredentialDetail,
  Disclosure,
  Examined,
  Format,
  PresentationReport,
  ShareEntry,
  ShareResult,
  Value,
} from "../bindings";
import { fixtures, HOLDER_DID, type Fixture } from "./fixtures";
import { jwtParts, PathError, presentSdJwt, qrImage, qrPlan, readSdJwt, reveal, standInDigest, b64url, type SdJwtCredential } from "./sdjwt";

type JsonObject = { [key in string]: Value };
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** What the mock backend lends this module. */
export type ShareContext = {
  fail: (kind: string, message: string) => never;
  requireUnlocked: () => void;
  /** A stored credential by wallet id (refuses an unknown id as the backend does). */
  find: (id: unknown) => { walletId: string; fixture: Fixture | null; raw: string; detail: CredentialDetail };
};

/** A file in the mock's file system that the checker can read. */
export type MockFile =
  | { kind: "text"; text: string }
  | { kind: "png"; text: string; part: number; total: number }
  | { kind: "svg"; text: string }
  /** An image with no QR code in it. */
  | { kind: "photo" };

const ONLY_WHOLE =
  'This credential can only be shared whole: it has no claims that can be revealed one by one, so everything in it is shown (choose "all").';

/** Seconds-precision RFC 3339, as the wallet writes times. */
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
/** "22 November 2025, 14:03:00 UTC", as the checker's sentences write times. */
function at(d: Date): string {
  const month = d.toLocaleString("en-GB", { month: "long", timeZone: "UTC" });
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}

function randomToken(bytes: number): string {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  let bin = "";
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const isAll = (d: string[]) => d.length === 1 && d[0] === "all";
const clean = (s: unknown) => (typeof s === "string" && s.trim() ? s.trim() : null);
const shown = (s: string) => (s.length <= 200 ? `"${s}"` : `"${s.slice(0, 200)}…"`);

function compare(stated: unknown, expected: string | null, what: string, field: string, mismatch: string): [CheckResult, string] {
  if (stated === undefined || stated === null) return ["fail", `The presentation states no ${what} (${field}).`];
  if (typeof stated !== "string") return ["fail", `The presentation's ${what} (${field}) is not one text, so it cannot be matched.`];
  if (expected === null) return ["warn", `Its ${what} is ${shown(stated)}; no ${what} was expected, so it was not compared.`];
  if (expected === stated) return ["pass", `Its ${what} is ${shown(stated)}, as expected.`];
  return ["fail", `Its ${what} is ${shown(stated)}, not ${shown(expected)}: ${mismatch}`];
}

function expiry(made: Date | null, until: Date | null, untilField: string, now: Date): [CheckResult, string] {
  if (made && made.getTime() > now.getTime() + 300_000) return ["fail", `The presentation says it was made on ${at(made)}, which is in the future.`];
  if (!until) return ["warn", `The presentation states no expiry (${untilField})${made ? `; it was made on ${at(made)}` : ""}.`];
  if (now < until) return ["pass", `Valid until ${at(until)}${made ? `, made on ${at(made)}` : ""}.`];
  return ["fail", `The presentation expired on ${at(until)}${made ? `; it was made on ${at(made)}` : ""}.`];
}

function examinedOf(detail: CredentialDetail, now: string): Examined {
  const s = detail.summary;
  const checks = detail.checks.map((c) => (c.check === "status" ? c : { ...c, checkedAt: now }));
  return {
    format: s.format as Format,
    facts: {
      title: s.title,
      issuer: s.issuer,
      issuerName: s.issuerName,
      issued: s.issued,
      validFrom: null,
      achievementId: s.achievementId,
      credits: s.credits,
      creditUnit: s.creditUnit,
      eqfLevel: s.eqfLevel,
      skills: s.skills,
      expires: s.expires,
      description: detail.description,
      criteria: detail.criteria,
      learner: detail.learner,
      learningOutcomes: detail.learningOutcomes,
      image: s.image,
      credentialId: null,
      registry: s.registry,
      issuerClaimedName: s.issuerClaimedName,
    },
    critical: detail.critical,
    checks,
    verdict: s.verdict,
    status: s.status,
    selective: detail.selective,
  };
}

function verdictOf(checks: Check[]): PresentationReport["verdict"] {
  if (checks.some((c) => c.result === "fail")) return "invalid";
  if (checks.some((c) => c.result === "unknown")) return "unknown";
  return "valid";
}

function withoutProof(doc: JsonObject): JsonObject {
  const { proof: _proof, ...rest } = doc;
  return rest;
}

/** The holder's proof value over a presentation (a stand-in signature the mock recognises). */
const vpProof = (vp: JsonObject) => `z${standInDigest(`vp:${JSON.stringify({ ...vp, proof: { ...(vp.proof as JsonObject), proofValue: "" } })}`, 64)}`;

export function createShareCommands(ctx: ShareContext) {
  const { fail } = ctx;
  /** The share log, newest first. */
  const shares: ShareEntry[] = [];
  /** Presentation files written by "Save" and read by the checker (path → content). */
  const files = new Map<string, MockFile>([
    ["/home/learner/Downloads/holiday.png", { kind: "photo" }],
    ["/home/learner/Downloads/notes.txt", { kind: "text", text: "Shopping list: milk, bread" }],
  ]);

  const sdOf = (f: Fixture | null): SdJwtCredential | null => f?.sdJwt ?? null;

  function preview(id: unknown, disclose: string[]): Disclosure {
    ctx.requireUnlocked();
    const s = ctx.find(id);
    const c = sdOf(s.fixture);
    if (!c) fail("invalid-input", ONLY_WHOLE);
    try {
      return reveal(c!, isAll(disclose) ? c!.disclosable : disclose);
    } catch (e) {
      if (e instanceof PathError) fail("invalid-input", e.message);
      throw e;
    }
  }

  function share(args: Record<string, unknown>): ShareResult {
    ctx.requireUnlocked();
    const ids = (args.ids as string[]) ?? [];
    const audience = String(args.audience ?? "").trim();
    const disclose = (args.disclose as string[]) ?? [];
    const minutes = Number(args.validMinutes);
    if (ids.length === 0) fail("invalid-input", "This cannot be shared: choose at least one credential to share.");
    if (!audience) fail("invalid-input", "This cannot be shared: say who the presentation is for (the audience).");
    if (!(minutes > 0)) fail("invalid-input", "This cannot be shared: the presentation must be valid for some time.");
    const given = clean(args.nonce);
    const nonce = given ?? randomToken(16);
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const until = new Date(now.getTime() + minutes * 60_000);
    const records = ids.map((id) => ctx.find(id));
    const sd = records.filter((r) => sdOf(r.fixture));
    let text: string;
    let entry: Omit<ShareEntry, "id" | "createdAt" | "audience" | "nonce" | "expiresAt">;
    let disclosed: Disclosure[];
    if (sd.length > 0) {
      if (records.length > 1) {
        fail("invalid-input", "This cannot be shared: an SD-JWT credential is shared on its own: make one presentation for it and another for the rest.");
      }
      const r = records[0];
      const c = sdOf(r.fixture)!;
      let d: Disclosure;
      try {
        d = reveal(c, isAll(disclose) ? c.disclosable : disclose);
      } catch (e) {
        if (e instanceof PathError) fail("invalid-input", e.message);
        throw e;
      }
      text = presentSdJwt(c, d!.paths, { aud: audience, nonce, iat: now.getTime() / 1000, exp: until.getTime() / 1000 });
      disclosed = [d!];
      entry = {
        format: "sd-jwt",
        holderKey: "Ed25519",
        credentials: [{ id: r.walletId, title: r.detail.summary.title, revealed: d!.paths, withheld: d!.withheld }],
      };
    } else {
      if (!(disclose.length === 0 || isAll(disclose))) fail("invalid-input", ONLY_WHOLE);
      for (const r of records) {
        const f = r.detail.summary.format;
        if (f !== "ob3-di" && f !== "vc-di") {
          fail(
            "invalid-input",
            `This cannot be shared: "${r.detail.summary.title}" (${f}) cannot be put in a presentation yet: Tessera presents SD-JWT and Data Integrity credentials.`,
          );
        }
      }
      const docs = records.map((r) => JSON.parse(r.raw) as JsonObject);
      const vp: JsonObject = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiablePresentation"],
        holder: HOLDER_DID,
        verifiableCredential: docs,
        proof: {
          type: "DataIntegrityProof",
          cryptosuite: "eddsa-rdfc-2022",
          created: rfc3339(now),
          expires: rfc3339(until),
          verificationMethod: `${HOLDER_DID}#${HOLDER_DID.slice("did:key:".length)}`,
          proofPurpose: "authentication",
          challenge: nonce,
          domain: audience,
          proofValue: "",
        },
      };
      (vp.proof as JsonObject).proofValue = vpProof(vp);
      text = JSON.stringify(vp);
      disclosed = docs.map((d) => ({ revealed: withoutProof(d), paths: [], withheld: [] }));
      entry = {
        format: "vp",
        holderKey: "Ed25519",
        credentials: records.map((r) => ({ id: r.walletId, title: r.detail.summary.title, revealed: ["everything"], withheld: [] })),
      };
    }
    const full: ShareEntry = { id: `s_${randomToken(9)}`, createdAt: rfc3339(now), audience, nonce, expiresAt: rfc3339(until), ...entry };
    shares.unshift(full);
    const plan = qrPlan(text);
    const qr = Array.from({ length: plan.parts }, (_, i) => qrImage(text, i + 1, plan.parts));
    return {
      shared: { presentation: { text, format: full.format as "sd-jwt" | "vp", disclosed }, entry: full, nonceGenerated: given === null },
      qr,
      qrCompact: plan.compact,
    };
  }

  function save(text: string, path: string): string[] {
    const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase() ?? "";
    if (ext === "png" || ext === "svg") {
      const plan = qrPlan(text);
      const targets = ext === "svg" || plan.parts === 1 ? [path] : Array.from({ length: plan.parts }, (_, i) => path.replace(/\.png$/i, `-${i + 1}.png`));
      if (path.includes("readonly")) fail("storage", `Could not write ${targets[0]}: Permission denied (os error 13).`);
      if (ext === "svg") files.set(path, { kind: "svg", text });
      else targets.forEach((p, i) => files.set(p, { kind: "png", text, part: i + 1, total: plan.parts }));
      return targets;
    }
    if (path.includes("readonly")) fail("storage", `The presentation could not be written to ${path}: Permission denied (os error 13).`);
    files.set(path, { kind: "text", text });
    return [path];
  }

  /** share_io::read_presentation: one text file, or the QR codes of one or more images. */
  function readFiles(paths: string[], extra: Record<string, string>): string {
    const bad = (reason: string) => fail("invalid-input", `This cannot be shared: ${reason}.`);
    const texts: string[] = [];
    const codes: { text: string; part: number; total: number }[] = [];
    for (const p of paths) {
      const name = p.replace(/^.*[\\/]/, "");
      const f = files.get(p) ?? (extra[p] !== undefined ? ({ kind: "text", text: extra[p] } as MockFile) : undefined);
      if (!f) fail("invalid-input", "The file could not be opened: No such file or directory (os error 2).");
      if (f!.kind === "photo") bad(`${name}: no QR code was found in the image`);
      else if (f!.kind === "png") codes.push(f!);
      else if (f!.kind === "svg") {
        const plan = qrPlan(f!.text);
        for (let i = 1; i <= plan.parts; i++) codes.push({ text: f!.text, part: i, total: plan.parts });
      } else texts.push(f!.text.trim());
    }
    if (texts.length === 1 && codes.length === 0) return texts[0];
    if (texts.length > 0) bad("give one presentation: one file, or the QR image(s) of one presentation");
    if (codes.length === 0) bad("nothing to check: give a presentation file or its QR image(s)");
    if (new Set(codes.map((c) => c.text)).size > 1) bad("the codes belong to different presentations (their check values differ)");
    const total = codes[0].total;
    for (let i = 1; i <= total; i++) {
      if (!codes.some((c) => c.part === i)) bad(`part ${i} of ${total} is missing: scan every code of the presentation`);
    }
    return codes[0].text;
  }

  function findSd(issuerJwt: string): { fixture: Fixture; c: SdJwtCredential } | null {
    for (const f of Object.values(fixtures)) if (f.sdJwt && f.sdJwt.issuerJwt === issuerJwt) return { fixture: f, c: f.sdJwt };
    return null;
  }

  function check(presentation: string, audience: string | null, nonce: string | null): PresentationReport {
    ctx.requireUnlocked();
    const now = new Date();
    const nowIso = rfc3339(now);
    const mk = (name: string, [result, detail]: [CheckResult, string]): Check => ({ check: name, result, detail, checkedAt: nowIso, purpose: null });
    const text = presentation.replace(/^\uFEFF/, "").trim();
    if (!text) fail("invalid-input", "It cannot be read: it is empty.");

    if (text.startsWith("{")) {
      let vp: unknown;
      try {
        vp = JSON.parse(text);
      } catch (e) {
        return fail("invalid-input", `It cannot be read: it is not JSON (${(e as Error).message}).`);
      }
      if (!isObject(vp)) return fail("invalid-input", "It cannot be read: it is not a JSON object.");
      const embedded = Array.isArray(vp.verifiableCredential) ? vp.verifiableCredential : vp.verifiableCredential ? [vp.verifiableCredential] : [];
      if (embedded.length === 0) fail("invalid-input", "It cannot be read: it carries no credential.");
      const examined = embedded.map((c, i) => {
        const id = isObject(c) ? c.id : undefined;
        const f = Object.values(fixtures).find((x) => x.credentialId === id && !x.refuse);
        if (!f) fail("invalid-input", `Credential ${i + 1} in the presentation could not be examined: it is not a credential Tessera can read.`);
        return examinedOf(f!.detail, nowIso);
      });
      const checks = examined.flatMap((x) => x.checks);
      const holder = typeof vp.holder === "string" ? vp.holder : null;
      const proof = isObject(vp.proof) ? vp.proof : null;
      const binding: [CheckResult, string] = !proof
        ? ["fail", "The presentation is not signed: nothing shows that the person presenting it is the holder."]
        : !holder
          ? ["fail", "The presentation names no holder, so nothing ties its signature to the learner."]
          : proof.proofValue === vpProof(vp)
            ? ["pass", `The holder ${holder} signed the presentation (eddsa-rdfc-2022), and the signature matches its content.`]
            : ["fail", "The holder's proof on the presentation does not verify. The signature does not match the signed content: it was changed after it was signed."];
      checks.push(mk("holder-binding", binding));
      embedded.forEach((c, i) => {
        const name = embedded.length > 1 ? `Credential ${i + 1}` : "The credential";
        const subject = isObject(c) && isObject(c.credentialSubject) ? c.credentialSubject.id : undefined;
        checks.push(
          mk(
            "holder-binding",
            subject === holder ? ["pass", `${name} was issued to the holder ${holder}.`] : ["fail", `${name} was issued to ${String(subject)}, not to ${holder}, who presented it.`],
          ),
        );
      });
      const date = (v: unknown) => (typeof v === "string" && !Number.isNaN(Date.parse(v)) ? new Date(v) : null);
      checks.push(mk("audience", compare(proof?.domain, audience, "audience", "domain", "it was made for someone else.")));
      checks.push(mk("nonce", compare(proof?.challenge, nonce, "nonce", "challenge", "it was not made for this request (it may be a copy of an earlier presentation).")));
      checks.push(mk("expiry", expiry(date(proof?.created), date(proof?.expires), "expires", now)));
      const until = date(proof?.expires);
      return {
        verdict: verdictOf(checks),
        format: "vp",
        checks,
        disclosed: embedded.map((c) => (isObject(c) ? withoutProof(c) : c)),
        credentials: examined,
        holder,
        audience: typeof proof?.domain === "string" ? proof.domain : null,
        nonce: typeof proof?.challenge === "string" ? proof.challenge : null,
        expires: until ? rfc3339(until) : null,
      };
    }

    if (!text.includes("~")) fail("invalid-input", "It cannot be read: it is neither an SD-JWT presentation nor a Verifiable Presentation.");
    const found = findSd(text.slice(0, text.indexOf("~")));
    if (!found) {
      const parts = jwtParts(text.slice(0, text.indexOf("~")));
      return fail(
        "invalid-input",
        parts
          ? "The credential in the presentation could not be examined: the issuer's key could not be found (it is not one Tessera knows offline)."
          : "The credential in the presentation could not be examined: it is not a JWT (three base64url parts separated by dots).",
      );
    }
    const { fixture, c } = found;
    const read = readSdJwt(text, c);
    const own = examinedOf(fixture.detail, nowIso);
    const unknownDisclosure = read.disclosures.some((d) => d.path === null);
    own.checks = own.checks.map((x) =>
      x.check === "disclosures"
        ? unknownDisclosure
          ? { ...x, result: "fail", detail: "A disclosure is not listed in the signed payload: it was added or changed after the credential was issued." }
          : { ...x, detail: `${read.disclosures.length} disclosures presented, each listed in the signed payload` }
        : x,
    );
    own.verdict = unknownDisclosure ? "invalid" : own.verdict;
    const checks = [...own.checks];
    const kb = read.kb;
    const notChecked = (why: string): [CheckResult, string] => ["unknown", `Not checked: ${why}`];
    let stated: { audience: string | null; nonce: string | null; expires: string | null } = { audience: null, nonce: null, expires: null };
    if (!kb) {
      checks.push(mk("holder-binding", ["fail", "There is no Key Binding JWT: nothing shows that the person presenting it holds the key the credential was issued to (it may be a copy)."]));
      for (const name of ["audience", "nonce", "expiry"]) checks.push(mk(name, notChecked("there is no Key Binding JWT.")));
    } else {
      checks.push(
        mk(
          "holder-binding",
          read.hashMatches
            ? ["pass", "The holder's Ed25519 key (cnf) signed this presentation, over exactly the disclosures presented."]
            : ["fail", "The Key Binding JWT was made for other disclosures than the ones presented (its sd_hash does not match): disclosures were added, removed or changed."],
        ),
      );
      checks.push(mk("audience", compare(kb.aud, audience, "audience", "aud", "it was made for someone else.")));
      checks.push(mk("nonce", compare(kb.nonce, nonce, "nonce", "nonce", "it was not made for this request (it may be a copy of an earlier presentation).")));
      const secs = (v: unknown) => (typeof v === "number" ? new Date(v * 1000) : null);
      const made = secs(kb.iat);
      const until = secs(kb.exp);
      checks.push(mk("expiry", made ? expiry(made, until, "exp", now) : ["fail", "The presentation does not say when it was made (iat)."]));
      stated = {
        audience: typeof kb.aud === "string" ? kb.aud : null,
        nonce: typeof kb.nonce === "string" ? kb.nonce : null,
        expires: until ? rfc3339(until) : null,
      };
    }
    const paths = read.disclosures.map((d) => d.path).filter((p): p is string => p !== null);
    const { revealed } = reveal(c, paths);
    const cnf = isObject(c.claims.cnf) ? c.claims.cnf.jwk : null;
    return {
      verdict: verdictOf(checks),
      format: "sd-jwt",
      checks,
      disclosed: [revealed],
      credentials: [own],
      holder: cnf ? `did:jwk:${b64url(JSON.stringify(cnf))}` : null,
      ...stated,
    };
  }

  return {
    shares,
    files,
    async handle(cmd: string, args: Record<string, unknown>, extraFiles: Record<string, string>): Promise<{ handled: boolean; value?: unknown }> {
      switch (cmd) {
        case "preview_share":
          return { handled: true, value: preview(args.id, (args.disclose as string[]) ?? []) };
        case "share_credentials":
          return { handled: true, value: share(args) };
        case "save_presentation":
          ctx.requireUnlocked();
          return { handled: true, value: save(String(args.text ?? ""), String(args.path ?? "")) };
        case "save_share_sheet": {
          ctx.requireUnlocked();
          let path = String(args.path ?? "");
          if (!/\.[^./\\]+$/.test(path)) path += ".pdf";
          if (path.includes("readonly")) fail("storage", `The share sheet could not be written to ${path}: Permission denied (os error 13).`);
          files.set(path, { kind: "text", text: String(args.text ?? "") });
          return { handled: true, value: path };
        }
        case "list_shares":
          ctx.requireUnlocked();
          return { handled: true, value: [...shares].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((e) => structuredClone(e)) };
        case "delete_share": {
          ctx.requireUnlocked();
          const i = shares.findIndex((e) => e.id === args.id);
          if (i < 0) fail("not-found", "That entry is no longer in your share log.");
          shares.splice(i, 1);
          return { handled: true, value: null };
        }
        case "check_presentation_text":
          ctx.requireUnlocked();
          return { handled: true, value: check(String(args.text ?? ""), clean(args.audience), clean(args.nonce)) };
        case "check_presentation_files": {
          ctx.requireUnlocked();
          const text = readFiles((args.paths as string[]) ?? [], extraFiles);
          return { handled: true, value: check(text, clean(args.audience), clean(args.nonce)) };
        }
        default:
          return { handled: false };
      }
    },
  };
}
