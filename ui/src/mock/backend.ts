// An in-memory Tessera backend behind Tauri's IPC mock: the dev sandbox (`npm run dev` in a browser)
// and the screenshot suite use it. It answers the same commands, with the same shapes and error kinds,
// as the Rust side; it recognises the fixtures' texts instead of verifying anything.

import { emit } from "@tauri-apps/api/event";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type {
  CredentialDetail,
  CredentialSummary,
  HolderInfo,
  ImportOutcome,
  IpcError,
  Strength,
  WalletStatus,
} from "../bindings";
import { fixtureFiles, fixtures, type Fixture, type FixtureName } from "./fixtures";

export type MockOptions = {
  state?: "none" | "locked" | "unlocked";
  keyringAvailable?: boolean;
  /** The passphrase a "locked" wallet opens with. */
  passphrase?: string;
  preload?: FixtureName[];
  /** Paths the file dialog returns (null: the learner cancelled). */
  dialogPaths?: string[] | null;
  latencyMs?: number;
};

type Stored = { walletId: string; fixture: Fixture | null; raw: string; detail: CredentialDetail };

export type MockHandle = {
  calls: { cmd: string; args: unknown }[];
  options: Required<MockOptions>;
  emit: (event: string, payload: unknown) => Promise<void>;
  drop: (paths: string[]) => Promise<void>;
  dragEnter: (paths: string[]) => Promise<void>;
  dragLeave: () => Promise<void>;
  /** A fixture's original text, for pasting in tests. */
  raw: (name: FixtureName) => string;
};

declare global {
  interface Window {
    __tesseraMock?: MockHandle;
    __TESSERA_MOCK_OPTIONS__?: MockOptions;
  }
}

class Refusal {
  constructor(readonly error: IpcError) {}
}

const fail = (kind: string, message: string): never => {
  throw new Refusal({ kind, message });
};

function passphraseStrength(p: string): Strength {
  let score = 0;
  if (p.length >= 8) score++;
  if (p.length >= 12) score++;
  if (p.length >= 16) score++;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  if (classes >= 3 || /\s\S+\s/.test(p)) score++;
  if (p.length < 6) score = 0;
  score = Math.min(4, score);
  return { score, label: ["very weak", "weak", "fair", "strong", "very strong"][score] };
}

export function installMockBackend(opts: MockOptions = {}): MockHandle {
  const options: Required<MockOptions> = {
    state: opts.state ?? "none",
    keyringAvailable: opts.keyringAvailable ?? false,
    passphrase: opts.passphrase ?? "correct horse battery staple",
    preload: opts.preload ?? [],
    dialogPaths: opts.dialogPaths === undefined ? null : opts.dialogPaths,
    latencyMs: opts.latencyMs ?? 0,
  };

  let state = options.state;
  let keySource: WalletStatus["keySource"] =
    state === "none" ? null : options.keyringAvailable && state === "unlocked" ? "keyring" : "passphrase";
  let passphrase: string | null = state === "none" ? null : options.passphrase;
  const walletId = "w-7f3a9c";
  const store: Stored[] = [];
  let counter = 0;

  const status = (): WalletStatus => ({
    state,
    keySource,
    keyringAvailable: options.keyringAvailable,
    walletId: state === "none" ? null : walletId,
    credentialCount: store.length,
  });

  function withId(f: Fixture, id: string): CredentialDetail {
    const d: CredentialDetail = structuredClone(f.detail);
    d.summary.id = id;
    return d;
  }

  function recognise(text: string): Fixture | null {
    const trimmed = text.trim();
    for (const f of Object.values(fixtures)) if (f.raw.trim() === trimmed) return f;
    try {
      const json = JSON.parse(trimmed) as { id?: unknown };
      for (const f of Object.values(fixtures)) if (json && json.id === f.credentialId) return f;
    } catch {
      /* not JSON */
    }
    return null;
  }

  /** Text that is a credential the mock does not know: stored as an unsigned credential. */
  function generic(text: string): CredentialDetail | null {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return null;
    }
    if (!json || typeof json !== "object" || !("credentialSubject" in json)) return null;
    const name = typeof json.name === "string" ? json.name : "Untitled credential";
    const issuer = typeof json.issuer === "string" ? json.issuer : "urn:unknown-issuer";
    const detail = structuredClone(fixtures.unknown.detail);
    detail.summary = { ...detail.summary, title: name, issuer, issuerName: null, verdict: "unsigned", status: "active", format: "vc-di", skills: [] };
    detail.checks = [{ check: "signature", result: "unknown", detail: "There is no proof", checkedAt: new Date().toISOString(), purpose: null }];
    detail.description = null;
    detail.criteria = null;
    return detail;
  }

  function importOne(text: string, source: string): ImportOutcome {
    const base = { source, stored: false, duplicate: false, id: null, title: null, verdict: null, status: null, error: null };
    const f = recognise(text);
    if (f?.refuse) {
      return {
        ...base,
        title: f.detail.summary.title,
        verdict: "invalid",
        status: f.detail.summary.status,
        error: { kind: "invalid-credential", message: "The signature does not match: it was changed after it was issued." },
      };
    }
    const existing = store.find((s) => (f ? s.fixture === f : s.raw.trim() === text.trim()));
    if (existing) {
      return { ...base, duplicate: true, id: existing.walletId, title: existing.detail.summary.title, verdict: existing.detail.summary.verdict, status: existing.detail.summary.status };
    }
    const walletId = `c${++counter}`;
    const detail = f ? withId(f, walletId) : generic(text);
    if (!detail) {
      return { ...base, error: { kind: "unsupported", message: "This is not a credential Tessera can read: it is neither a Verifiable Credential, an Open Badge nor a European Digital Credential." } };
    }
    detail.summary.id = walletId;
    detail.importedAt = new Date().toISOString();
    store.push({ walletId, fixture: f, raw: text, detail });
    return { ...base, stored: true, id: walletId, title: detail.summary.title, verdict: detail.summary.verdict, status: detail.summary.status };
  }

  for (const name of options.preload) importOne(fixtures[name].raw, name);

  const requireUnlocked = () => {
    if (state === "none") fail("locked", "There is no wallet yet.");
    if (state === "locked") fail("locked", "The wallet is locked. Open it with your passphrase first.");
  };
  const find = (id: unknown) => store.find((s) => s.walletId === id) ?? fail("not-found", "This credential is no longer in the wallet.");

  const calls: MockHandle["calls"] = [];

  async function handle(cmd: string, args: Record<string, unknown>): Promise<unknown> {
    switch (cmd) {
      case "wallet_status":
        return status();
      case "create_wallet": {
        if (state !== "none") fail("invalid-input", "There is already a wallet on this computer.");
        const p = args.passphrase as string | null;
        if (p === null && !options.keyringAvailable) fail("unsupported", "This computer has no keyring: choose a passphrase.");
        if (p !== null && p.length < 1) fail("invalid-input", "Choose a passphrase.");
        passphrase = p;
        keySource = p === null ? "keyring" : "passphrase";
        state = "unlocked";
        return status();
      }
      case "unlock_wallet":
        if (state === "none") fail("not-found", "There is no wallet yet.");
        if (args.passphrase !== passphrase) fail("wrong-passphrase", "The passphrase is not right.");
        state = "unlocked";
        return status();
      case "passphrase_strength":
        return passphraseStrength(String(args.passphrase ?? ""));
      case "list_credentials":
        requireUnlocked();
        return store.map((s) => structuredClone(s.detail.summary)) satisfies CredentialSummary[];
      case "get_credential":
        requireUnlocked();
        return structuredClone(find(args.id).detail);
      case "verify_credential": {
        requireUnlocked();
        const s = find(args.id);
        const now = new Date().toISOString();
        s.detail.verifiedAt = now;
        s.detail.checks = s.detail.checks.map((c) => ({ ...c, checkedAt: now }));
        return structuredClone(s.detail);
      }
      case "import_text":
        requireUnlocked();
        return importOne(String(args.text ?? ""), "");
      case "import_files": {
        requireUnlocked();
        const paths = (args.paths as string[]) ?? [];
        return paths.map((p) => {
          const text = fixtureFiles[p];
          if (text === undefined) {
            return { source: p, stored: false, duplicate: false, id: null, title: null, verdict: null, status: null, error: { kind: "not-found", message: "This file could not be read." } };
          }
          return importOne(text, p);
        }) satisfies ImportOutcome[];
      }
      case "delete_credential": {
        requireUnlocked();
        const s = find(args.id);
        store.splice(store.indexOf(s), 1);
        return null;
      }
      case "raw_credential":
        requireUnlocked();
        return find(args.id).raw;
      case "holder":
        requireUnlocked();
        return {
          did: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
          jwk: { kty: "OKP", crv: "Ed25519", x: "Lm_M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY" },
        } satisfies HolderInfo;
      case "plugin:dialog|open":
        return options.dialogPaths;
      default:
        fail("internal", `The mock backend does not know the command “${cmd}”.`);
    }
  }

  mockWindows("main");
  mockIPC(
    async (cmd, args) => {
      calls.push({ cmd, args });
      if (options.latencyMs && !cmd.startsWith("plugin:") && cmd !== "passphrase_strength") {
        await new Promise((r) => setTimeout(r, options.latencyMs));
      }
      try {
        return await handle(cmd, (args ?? {}) as Record<string, unknown>);
      } catch (e) {
        // Tauri rejects a failed command with its serialised error (a plain object, not an Error).
        if (e instanceof Refusal) throw e.error;
        throw { kind: "internal", message: String(e) } satisfies IpcError;
      }
    },
    { shouldMockEvents: true },
  );

  const handle_: MockHandle = {
    calls,
    options,
    emit: (event, payload) => emit(event, payload),
    dragEnter: (paths) => emit("tauri://drag-enter", { paths, position: { x: 400, y: 300 } }),
    dragLeave: () => emit("tauri://drag-leave", null),
    drop: (paths) => emit("tauri://drag-drop", { paths, position: { x: 400, y: 300 } }),
    raw: (name) => fixtures[name].raw,
  };
  window.__tesseraMock = handle_;
  return handle_;
}
