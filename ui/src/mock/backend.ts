// An in-memory Tessera backend behind Tauri's IPC mock: the dev sandbox (`npm run dev` in a browser)
// and the screenshot suite use it. It answers the same commands, with the same shapes and error kinds,
// as the Rust side; it recognises the fixtures' texts instead of verifying anything.

import { emit } from "@tauri-apps/api/event";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type {
  CountsToward,
  CredentialDetail,
  CredentialSummary,
  HolderInfo,
  ImportOutcome,
  IpcError,
  PathwayAdded,
  PathwayPage,
  PathwaySummary,
  RegistryInfo,
  Settings,
  Strength,
  WalletStatus,
} from "../bindings";
import { fixtureFiles, fixtures, registryFiles, type Fixture, type FixtureName } from "./fixtures";
import { createShareCommands, type MockFile } from "./presentations";
import {
  addedInfo,
  allPathways,
  countsToward,
  pageOf,
  pathwayFiles,
  summaryOf,
  type InstalledPathway,
  type WalletCredential,
} from "./pathways";

export type MockOptions = {
  state?: "none" | "locked" | "unlocked";
  keyringAvailable?: boolean;
  /** The passphrase a "locked" wallet opens with. */
  passphrase?: string;
  preload?: FixtureName[];
  /** Paths the file dialog returns (null: the learner cancelled). */
  dialogPaths?: string[] | null;
  latencyMs?: number;
  /** The stored "online checks" setting (off by default). */
  onlineChecks?: boolean;
  /** Registry files (by path) already added when the app starts. */
  registries?: string[];
  /** Pathway files (by path) the learner added before the app starts. */
  pathways?: string[];
  /** The path the save dialog returns (null: the learner cancelled). */
  savePath?: string | null;
  /** The save dialog fails with this message (as Tauri does when `dialog:allow-save` is not granted). */
  saveDialogError?: string | null;
};

/** `base`: the credential as examined without registries; `detail`: with them applied. */
type Stored = { walletId: string; fixture: Fixture | null; raw: string; base: CredentialDetail; detail: CredentialDetail };

type MockRegistry = RegistryInfo & { entries: { id: string; name: string }[] };

export type MockHandle = {
  calls: { cmd: string; args: unknown }[];
  options: Required<MockOptions>;
  emit: (event: string, payload: unknown) => Promise<void>;
  drop: (paths: string[]) => Promise<void>;
  dragEnter: (paths: string[]) => Promise<void>;
  dragLeave: () => Promise<void>;
  /** A fixture's original text, for pasting in tests. */
  raw: (name: FixtureName) => string;
  /** Paths the progress summary of a pathway was written to. */
  exported: string[];
  /** Presentation files written by "Save" (and any the test puts there for the checker). */
  files: Map<string, MockFile>;
  /** The text of the last presentation made (for pasting into the checker in tests). */
  lastPresentation: () => string | null;
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
    onlineChecks: opts.onlineChecks ?? false,
    registries: opts.registries ?? [],
    pathways: opts.pathways ?? [],
    savePath: opts.savePath === undefined ? null : opts.savePath,
    saveDialogError: opts.saveDialogError ?? null,
  };

  let state = options.state;
  let keySource: WalletStatus["keySource"] =
    state === "none" ? null : options.keyringAvailable && state === "unlocked" ? "keyring" : "passphrase";
  let passphrase: string | null = state === "none" ? null : options.passphrase;
  const walletId = "w-7f3a9c";
  const store: Stored[] = [];
  let counter = 0;
  let settings: Settings = { onlineChecks: options.onlineChecks, problem: null };
  const registries: MockRegistry[] = [];

  /** As the Rust side parses registries (tessera_core::registry), with its messages. */
  function parseRegistry(text: string, fallbackName: string): { name: string; format: string; entries: { id: string; name: string }[] } {
    const refuse = (why: string) => fail("invalid-input", why.charAt(0).toUpperCase() + why.slice(1) + ".");
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return refuse(`the registry file is not valid JSON: ${(e as Error).message}`);
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return refuse("this is not a trust registry Tessera reads: it is not a JSON object");
    const o = doc as Record<string, unknown>;
    const entries: { id: string; name: string }[] = [];
    const entry = (id: string, body: unknown) => {
      const b = body as Record<string, unknown> | null;
      if (!b || typeof b !== "object") refuse(`the registry's entry ${id} is not usable: it is not an object`);
      const name = typeof b!.name === "string" ? b!.name.trim() : "";
      if (!name) refuse(`the registry's entry ${id} is not usable: it has no name`);
      entries.push({ id, name });
    };
    let name: string;
    let format: string;
    if (o.registry && typeof o.registry === "object") {
      for (const [id, body] of Object.entries(o.registry as Record<string, unknown>)) entry(id, body);
      name = typeof o.name === "string" && o.name.trim() ? o.name.trim() : fallbackName;
      format = "dcc-legacy";
    } else if (o.type === "TesseraIssuerList") {
      if (typeof o.name !== "string" || !o.name.trim()) refuse('this is not a trust registry Tessera reads: the issuer list has no "name"');
      if (!Array.isArray(o.issuers)) refuse('this is not a trust registry Tessera reads: the issuer list has no "issuers" array');
      (o.issuers as Record<string, unknown>[]).forEach((i, n) => {
        if (typeof i?.id !== "string") refuse(`the registry's entry number ${n + 1} is not usable: it has no "id"`);
        entry(i.id as string, i);
      });
      name = (o.name as string).trim();
      format = "tessera";
    } else {
      return refuse('this is not a trust registry Tessera reads: it has neither a "registry" object (DCC registry.json) nor "type": "TesseraIssuerList"');
    }
    if (entries.length === 0) refuse("the registry lists no issuers");
    return { name, format, entries };
  }

  function hashId(text: string): string {
    let h = 5381;
    for (let i = 0; i < text.length; i++) h = (Math.imul(h, 33) ^ text.charCodeAt(i)) >>> 0;
    return `r_${h.toString(16).padStart(8, "0")}`;
  }

  function addRegistry(text: string, name: string | null, fallbackName: string): RegistryInfo {
    const parsed = parseRegistry(text, name?.trim() || fallbackName);
    const info: MockRegistry = {
      id: hashId(text),
      name: name?.trim() || parsed.name,
      format: parsed.format,
      issuers: parsed.entries.length,
      addedAt: new Date().toISOString(),
      entries: parsed.entries,
    };
    const i = registries.findIndex((r) => r.id === info.id);
    if (i >= 0) registries[i] = info;
    else registries.push(info);
    for (const s of store) applyRegistries(s);
    const { entries: _entries, ...out } = info;
    return out;
  }

  /** The registry check and issuer name as the wallet gives them (tessera_core::registry::apply). */
  function applyRegistries(s: Stored): void {
    const d = structuredClone(s.base);
    const now = d.verifiedAt;
    let found: { reg: MockRegistry; name: string } | null = null;
    for (const reg of registries) {
      const e = reg.entries.find((x) => x.id === d.summary.issuer);
      if (e) {
        found = { reg, name: e.name };
        break;
      }
    }
    const c = found
      ? { check: "registry", result: "pass" as const, detail: `Listed in the trust registry "${found.reg.name}" as ${found.name}.`, checkedAt: now, purpose: null }
      : registries.length === 0
        ? { check: "registry", result: "warn" as const, detail: "Not looked up: you have not added any trust registry, so nothing here says the issuer is a recognised one.", checkedAt: now, purpose: null }
        : {
            check: "registry",
            result: "warn" as const,
            detail: `The issuer ${d.summary.issuer} is not in any of your trust registries (${registries.map((r) => r.name).join(", ")}). That does not make it fake; it means no registry you use vouches for it.`,
            checkedAt: now,
            purpose: null,
          };
    if (found) {
      if (d.summary.issuerName !== found.name) d.summary.issuerClaimedName = d.summary.issuerName;
      d.summary.issuerName = found.name;
      d.summary.registry = found.reg.name;
    }
    const i = d.checks.findIndex((x) => x.check === "registry");
    if (i >= 0) d.checks[i] = c;
    else d.checks.push(c);
    s.detail = d;
  }

  /** Checking again: online, status lists and keys are fetched now; offline, cached evidence keeps its age. */
  function recheck(s: Stored): void {
    const now = new Date().toISOString();
    s.base.verifiedAt = now;
    s.base.checks = s.base.checks.map((c) => {
      if (c.check !== "status") return { ...c, checkedAt: now };
      if (!settings.onlineChecks) return c; // the cached list, as old as it is
      const list = /https:\/\/[^\s)]+/.exec(c.detail)?.[0] ?? "the issuer's status list";
      const purpose = c.purpose ?? "revocation";
      const set = c.result === "fail";
      const word = purpose === "suspension" ? (set ? "Suspended" : "Not suspended") : set ? "Revoked" : "Not revoked";
      return {
        ...c,
        result: set ? "fail" : "pass",
        detail: `${word}: the issuer's status list (${list.replace(/[.,]$/, "")}) says so, checked just now.`,
        checkedAt: now,
      };
    });
    if (settings.onlineChecks && s.base.summary.status === "unknown" && s.base.summary.verdict === "valid") s.base.summary.status = "active";
    applyRegistries(s);
  }

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

  /** `preloaded`: in the wallet since before the app started (keeps the fixture's dates). */
  function importOne(text: string, source: string, preloaded = false): ImportOutcome {
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
    if (!preloaded) {
      // Examined now; a status list comes from the cache (with its age) or is not checked.
      const now = new Date().toISOString();
      detail.importedAt = now;
      detail.verifiedAt = now;
      detail.checks = detail.checks.map((c) => (c.check === "status" ? c : { ...c, checkedAt: now }));
    }
    const stored: Stored = { walletId, fixture: f, raw: text, base: detail, detail };
    applyRegistries(stored);
    store.push(stored);
    return { ...base, stored: true, id: walletId, title: detail.summary.title, verdict: detail.summary.verdict, status: detail.summary.status };
  }

  for (const path of options.registries) {
    const text = registryFiles[path];
    if (text !== undefined) addRegistry(text, null, path.replace(/^.*\//, "").replace(/\.[^.]*$/, ""));
  }
  for (const name of options.preload) importOne(fixtures[name].raw, name, true);

  /** Pathways the learner added (the shipped ones come on top, unless replaced). */
  const addedPathways: InstalledPathway[] = [];
  const fixtureName = (f: Fixture | null): FixtureName | null =>
    f ? ((Object.keys(fixtures) as FixtureName[]).find((n) => fixtures[n] === f) ?? null) : null;
  const walletForPathways = (): WalletCredential[] =>
    store.map((s) => ({ id: s.walletId, fixture: fixtureName(s.fixture), summary: s.detail.summary }));
  /** As `add_pathway` reads a file: the parser's refusal, or the pathway added (replacing one with its id). */
  function addPathwayFile(path: string): { pathway: InstalledPathway["info"]; replaced: boolean } {
    const found = pathwayFiles[path];
    if (found === undefined) fail("invalid-input", "The file could not be opened: No such file or directory (os error 2).");
    if ("kind" in found!) throw new Refusal(found);
    const def = found!;
    const info = addedInfo(def, path, new Date());
    const i = addedPathways.findIndex((p) => p.def.id === def.id);
    const shipped = allPathways([]).some((p) => p.def.id === def.id);
    if (i >= 0) addedPathways[i] = { def, info };
    else addedPathways.unshift({ def, info });
    return { pathway: info, replaced: i >= 0 || shipped };
  }
  for (const path of options.pathways) addPathwayFile(path);
  const findPathway = (id: unknown) =>
    allPathways(addedPathways).find((p) => p.def.id === id) ?? fail("not-found", `No pathway with id ${String(id)}: see tessera pathway list.`);

  const requireUnlocked = () => {
    if (state === "none") fail("locked", "There is no wallet yet.");
    if (state === "locked") fail("locked", "The wallet is locked. Open it with your passphrase first.");
  };
  const find = (id: unknown) => store.find((s) => s.walletId === id) ?? fail("not-found", "This credential is no longer in the wallet.");

  const calls: MockHandle["calls"] = [];
  /** Paths the progress summary was written to. */
  const exported: string[] = [];
  const sharing = createShareCommands({ fail, requireUnlocked, find });
  let lastPresentation: string | null = null;

  async function handle(cmd: string, args: Record<string, unknown>): Promise<unknown> {
    const shared = await sharing.handle(cmd, args, fixtureFiles);
    if (shared.handled) {
      if (cmd === "share_credentials") lastPresentation = (shared.value as { shared: { presentation: { text: string } } }).shared.presentation.text;
      return shared.value;
    }
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
        recheck(s);
        return structuredClone(s.detail);
      }
      case "get_settings":
        requireUnlocked();
        return { ...settings } satisfies Settings;
      case "set_online_checks":
        requireUnlocked();
        settings = { onlineChecks: Boolean(args.on), problem: null };
        return { ...settings } satisfies Settings;
      case "list_registries":
        requireUnlocked();
        return registries.map(({ entries: _entries, ...r }) => r) satisfies RegistryInfo[];
      case "add_registry": {
        requireUnlocked();
        const path = String(args.path ?? "");
        const text = registryFiles[path] ?? fixtureFiles[path];
        if (text === undefined) fail("invalid-input", `The file could not be opened: No such file or directory (os error 2).`);
        const stem = path.replace(/^.*\//, "").replace(/\.[^.]*$/, "");
        return addRegistry(text, (args.name as string | null) ?? null, stem || "Trust registry");
      }
      case "add_registry_text":
        requireUnlocked();
        return addRegistry(String(args.text ?? ""), (args.name as string | null) ?? null, "Pasted registry");
      case "remove_registry": {
        requireUnlocked();
        const i = registries.findIndex((r) => r.id === args.id);
        if (i < 0) fail("not-found", "That registry is no longer in your wallet.");
        registries.splice(i, 1);
        for (const s of store) applyRegistries(s);
        return null;
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
          p256: {
            did: "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
            jwk: {
              kty: "EC",
              crv: "P-256",
              x: "fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI",
              y: "hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU",
            },
          },
        } satisfies HolderInfo;
      case "list_pathways":
        requireUnlocked();
        return allPathways(addedPathways).map((p) => summaryOf(p, walletForPathways(), new Date())) satisfies PathwaySummary[];
      case "get_pathway":
        requireUnlocked();
        return pageOf(findPathway(args.id), walletForPathways(), new Date()) satisfies PathwayPage;
      case "credential_pathways":
        requireUnlocked();
        find(args.id);
        return countsToward(allPathways(addedPathways), walletForPathways(), String(args.id), new Date()) satisfies CountsToward[];
      case "add_pathway":
        requireUnlocked();
        return addPathwayFile(String(args.path ?? "")) satisfies PathwayAdded;
      case "remove_pathway": {
        requireUnlocked();
        const i = addedPathways.findIndex((p) => p.def.id === args.id);
        if (i < 0) fail("not-found", `No pathway with id ${String(args.id)}: see tessera pathway list.`);
        addedPathways.splice(i, 1);
        return null;
      }
      case "export_pathway": {
        requireUnlocked();
        findPathway(args.id);
        let path = String(args.path ?? "");
        if (!/\.[^./\\]+$/.test(path.replace(/^.*[\\/]/, ""))) path += ".html";
        if (path.includes("readonly")) {
          fail("storage", `The summary could not be written to ${path}: Permission denied (os error 13).`);
        }
        exported.push(path);
        return path;
      }
      case "plugin:dialog|open":
        return options.dialogPaths;
      case "plugin:dialog|save":
        if (options.saveDialogError) throw new Error(options.saveDialogError);
        return options.savePath;
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
    exported,
    files: sharing.files,
    lastPresentation: () => lastPresentation,
  };
  window.__tesseraMock = handle_;
  return handle_;
}
