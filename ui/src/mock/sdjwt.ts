// SD-JWT for the mock backend: builds a credential with real-looking disclosures, works out what a choice
// of paths reveals (with the wallet's rules, tessera_core::present), writes presentations (SD-JWT + Key
// Binding JWT, or a Verifiable Presentation) and reads them back for the checker. Nothing is signed:
// signatures and digests are stand-ins the mock recognises, as the fixtures' proofs are.

import type { Value } from "../bindings";

type JsonObject = { [key in string]: Value };
const isObject = (v: Value | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function b64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function b64urlDecode(s: string): string {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** 32 bytes derived from `text` (FNV-1a rounds), as base64url: looks like a SHA-256 digest. */
export function standInDigest(text: string, bytes = 32): string {
  const out: number[] = [];
  let h = 2166136261;
  for (let round = 0; out.length < bytes; round++) {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i) + round;
      h = Math.imul(h, 16777619) >>> 0;
    }
    out.push(h & 255, (h >>> 8) & 255, (h >>> 16) & 255, (h >>> 24) & 255);
  }
  let bin = "";
  for (const b of out.slice(0, bytes)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Paths in reading order: by name, array indexes as numbers (as the wallet sorts them). */
export function pathOrder(a: string, b: string): number {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

export type SdJwtCredential = {
  /** The issuer-signed JWT. */
  issuerJwt: string;
  /** Every claim, all disclosures applied. */
  claims: JsonObject;
  /** The selectively disclosable paths, in the credential's order. */
  disclosable: string[];
  /** Each disclosable path's disclosure (base64url JSON array). */
  disclosures: Map<string, string>;
  /** issuer JWT ~ every disclosure ~ (as the learner holds it). */
  raw: string;
};

/**
 * An SD-JWT VC whose `disclosable` paths are disclosures (nested ones inside their parent's disclosure,
 * list entries as `{"...": digest}`), the rest always visible.
 */
export function buildSdJwt(header: JsonObject, claims: JsonObject, disclosable: string[]): SdJwtCredential {
  const open = new Set(disclosable);
  const disclosures = new Map<string, string>();
  const digestOf = (d: string) => standInDigest(`sd:${d}`);
  // The payload object for a value at `path`: disclosable children replaced by digests.
  const encode = (v: Value, path: string): Value => {
    if (Array.isArray(v)) {
      return v.map((x, i) => {
        const p = `${path}.${i}`;
        const inner = encode(x, p);
        if (!open.has(p)) return inner;
        const d = b64url(JSON.stringify([standInDigest(`salt:${p}`, 16), inner]));
        disclosures.set(p, d);
        return { "...": digestOf(d) };
      });
    }
    if (isObject(v)) {
      const out: JsonObject = {};
      const sd: string[] = [];
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        const inner = encode(x, p);
        if (open.has(p)) {
          const d = b64url(JSON.stringify([standInDigest(`salt:${p}`, 16), k, inner]));
          disclosures.set(p, d);
          sd.push(digestOf(d));
        } else {
          out[k] = inner;
        }
      }
      if (sd.length) out._sd = sd.sort();
      return out;
    }
    return v;
  };
  const payload = encode(claims, "") as JsonObject;
  payload._sd_alg = "sha-256";
  const issuerJwt = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${standInDigest(`sig:${JSON.stringify(payload)}`, 64)}`;
  const ordered = disclosable.filter((p) => disclosures.has(p));
  const raw = `${issuerJwt}~${ordered.map((p) => disclosures.get(p)).join("~")}~`;
  return { issuerJwt, claims, disclosable: ordered, disclosures, raw };
}

export class PathError extends Error {}

/**
 * What the recipient sees for `disclose` (tessera_core::present::preview_sd_jwt): each path reveals its
 * disclosure and those of the disclosable claims it sits in, nothing below it that is disclosable on
 * its own; an always-visible path changes nothing; an unknown path is refused.
 */
export function reveal(c: Pick<SdJwtCredential, "claims" | "disclosable">, disclose: string[]): { revealed: JsonObject; paths: string[]; withheld: string[] } {
  const open = new Set(c.disclosable);
  const chosen = new Set<string>();
  const exists = (path: string): boolean => {
    let v: Value | undefined = c.claims;
    for (const seg of path.split(".")) {
      if (Array.isArray(v)) v = /^\d+$/.test(seg) ? v[Number(seg)] : undefined;
      else if (isObject(v)) v = v[seg];
      else return false;
      if (v === undefined) return false;
    }
    return true;
  };
  for (const p of disclose) {
    if (!exists(p)) {
      throw new PathError(
        `This credential has no claim "${p}" (a path is claim names separated by dots, with array elements by their number from 0, e.g. nationalities.1).`,
      );
    }
    if (!open.has(p)) continue;
    const segs = p.split(".");
    for (let i = 1; i <= segs.length; i++) {
      const prefix = segs.slice(0, i).join(".");
      if (open.has(prefix)) chosen.add(prefix);
    }
  }
  const walk = (v: Value, path: string): Value => {
    if (Array.isArray(v)) {
      const out: Value[] = [];
      v.forEach((x, i) => {
        const p = `${path}.${i}`;
        if (!open.has(p) || chosen.has(p)) out.push(walk(x, p));
      });
      return out;
    }
    if (isObject(v)) {
      const out: JsonObject = {};
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (!open.has(p) || chosen.has(p)) out[k] = walk(x, p);
      }
      return out;
    }
    return v;
  };
  const revealed = walk(c.claims, "") as JsonObject;
  const paths = c.disclosable.filter((p) => chosen.has(p)).sort(pathOrder);
  const withheld = c.disclosable.filter((p) => !chosen.has(p)).sort(pathOrder);
  return { revealed, paths, withheld };
}

/** The SD-JWT presentation: the issuer JWT, the disclosures the paths need, and a Key Binding JWT. */
export function presentSdJwt(c: SdJwtCredential, paths: string[], kb: { aud: string; nonce: string; iat: number; exp: number }): string {
  const presented = `${c.issuerJwt}~${c.disclosable
    .filter((p) => paths.includes(p))
    .map((p) => c.disclosures.get(p))
    .join("~")}${paths.length ? "~" : ""}`;
  const payload = { iat: kb.iat, aud: kb.aud, nonce: kb.nonce, sd_hash: standInDigest(`sd_hash:${presented}`), exp: kb.exp };
  const kbJwt = `${b64url(JSON.stringify({ alg: "EdDSA", typ: "kb+jwt" }))}.${b64url(JSON.stringify(payload))}.${standInDigest(`kb:${JSON.stringify(payload)}`, 64)}`;
  return `${presented}${kbJwt}`;
}

export type ReadSdJwt = {
  issuerJwt: string;
  /** The disclosures presented, with the path each stands for (null: not one of the credential's). */
  disclosures: { text: string; path: string | null }[];
  kb: JsonObject | null;
  /** The Key Binding JWT's sd_hash matches the disclosures presented. */
  hashMatches: boolean;
};

/** Splits an SD-JWT presentation against the credential it claims to be. */
export function readSdJwt(text: string, c: SdJwtCredential): ReadSdJwt {
  const cut = text.lastIndexOf("~") + 1;
  const presented = text.slice(0, cut);
  const kbText = text.slice(cut);
  const parts = presented.split("~").filter((s) => s !== "");
  const [issuerJwt, ...ds] = parts;
  const byText = new Map([...c.disclosures].map(([p, d]) => [d, p]));
  let kb: JsonObject | null = null;
  if (kbText) {
    try {
      const v = JSON.parse(b64urlDecode(kbText.split(".")[1] ?? "")) as Value;
      kb = isObject(v) ? v : null;
    } catch {
      kb = null;
    }
  }
  return {
    issuerJwt,
    disclosures: ds.map((d) => ({ text: d, path: byText.get(d) ?? null })),
    kb,
    hashMatches: kb !== null && kb.sd_hash === standInDigest(`sd_hash:${presented}`),
  };
}

/** The issuer JWT's header and payload, when `text` starts with a JWT. */
export function jwtParts(jwt: string): { header: JsonObject; payload: JsonObject } | null {
  const [h, p] = jwt.split(".");
  try {
    const header = JSON.parse(b64urlDecode(h)) as Value;
    const payload = JSON.parse(b64urlDecode(p)) as Value;
    return isObject(header) && isObject(payload) ? { header, payload } : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- QR codes

/** The QR parts the mock makes of a presentation: one code when it fits one (as the real encoder at
 *  level M: 2331 bytes), else three parts of Tessera's compact encoding (the real one compresses and
 *  splits as needed; three is the mock's "large" case). */
export function qrPlan(text: string): { parts: number; compact: boolean } {
  const bytes = new TextEncoder().encode(text).length;
  return bytes <= 2331 ? { parts: 1, compact: false } : { parts: 3, compact: true };
}

/** A PNG data: URL that looks like a QR code (finder patterns, timing, modules from the text): a stand-in,
 *  not a readable code. */
export function qrImage(text: string, part: number, total: number): string {
  const n = total === 1 ? 45 : 57;
  const scale = 8;
  const quiet = 4;
  const size = (n + quiet * 2) * scale;
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const g = canvas.getContext("2d");
  if (!g) return "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgAB4iG8MwAAAABJRU5ErkJggg==";
  g.fillStyle = "#fff";
  g.fillRect(0, 0, size, size);
  g.fillStyle = "#000";
  const dot = (x: number, y: number) => g.fillRect((x + quiet) * scale, (y + quiet) * scale, scale, scale);
  const finder = (x0: number, y0: number) => {
    for (let y = 0; y < 7; y++)
      for (let x = 0; x < 7; x++) {
        const ring = x === 0 || y === 0 || x === 6 || y === 6;
        const core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
        if (ring || core) dot(x0 + x, y0 + y);
      }
  };
  const reserved = (x: number, y: number) => (x < 8 && y < 8) || (x >= n - 8 && y < 8) || (x < 8 && y >= n - 8) || x === 6 || y === 6;
  finder(0, 0);
  finder(n - 7, 0);
  finder(0, n - 7);
  for (let i = 8; i < n - 8; i += 2) {
    dot(i, 6);
    dot(6, i);
  }
  let h = 2166136261;
  const seed = `${part}/${total}:${text}`;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      if (reserved(x, y)) continue;
      h ^= h << 13;
      h ^= h >>> 17;
      h ^= h << 5;
      h >>>= 0;
      if (h % 100 < 47) dot(x, y);
    }
  return canvas.toDataURL("image/png");
}
