// The backend, as promises that resolve to data or reject with an IpcFailure carrying a learner-readable
// message. Everything goes through the generated `commands` (typed IPC).

import { commands, type IpcError } from "../bindings";
import { lang } from "./i18n";

type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

export class IpcFailure extends Error {
  readonly kind: string;
  constructor(error: IpcError) {
    super(error.message);
    this.kind = error.kind;
    this.name = "IpcFailure";
  }
}

/** Whatever came back as an error (an IpcError, a bare string from Tauri, something else) as an IpcError. */
export function toIpcError(e: unknown): IpcError {
  if (e && typeof e === "object" && "kind" in e && "message" in e) {
    const o = e as { kind: unknown; message: unknown };
    return { kind: String(o.kind), message: String(o.message) };
  }
  if (e instanceof Error) return { kind: "internal", message: e.message };
  if (typeof e === "string") return { kind: "internal", message: e };
  return { kind: "internal", message: "Something went wrong." };
}

async function unwrap<T>(call: Promise<Result<T, IpcError>>): Promise<T> {
  let r: Result<T, IpcError>;
  try {
    r = await call;
  } catch (e) {
    throw new IpcFailure(toIpcError(e));
  }
  if (r.status === "ok") return r.data;
  throw new IpcFailure(toIpcError(r.error));
}

export const api = {
  walletStatus: () => unwrap(commands.walletStatus()),
  createWallet: (passphrase: string | null) => unwrap(commands.createWallet(passphrase)),
  unlockWallet: (passphrase: string) => unwrap(commands.unlockWallet(passphrase)),
  passphraseStrength: (passphrase: string) => unwrap(commands.passphraseStrength(passphrase)),
  listCredentials: () => unwrap(commands.listCredentials()),
  getCredential: (id: string) => unwrap(commands.getCredential(id)),
  verifyCredential: (id: string) => unwrap(commands.verifyCredential(id)),
  importText: (text: string) => unwrap(commands.importText(text)),
  importFiles: (paths: string[]) => unwrap(commands.importFiles(paths)),
  deleteCredential: (id: string) => unwrap(commands.deleteCredential(id)),
  rawCredential: (id: string) => unwrap(commands.rawCredential(id)),
  holder: () => unwrap(commands.holder()),
  getSettings: () => unwrap(commands.getSettings()),
  setOnlineChecks: (on: boolean) => unwrap(commands.setOnlineChecks(on)),
  listRegistries: () => unwrap(commands.listRegistries()),
  addRegistry: (path: string, name: string | null = null) => unwrap(commands.addRegistry(path, name)),
  addRegistryText: (text: string, name: string | null = null) => unwrap(commands.addRegistryText(text, name)),
  removeRegistry: (id: string) => unwrap(commands.removeRegistry(id)),
  // The pathways' own texts (titles, labels) in the UI's language where the pathway has it.
  listPathways: () => unwrap(commands.listPathways(lang)),
  getPathway: (id: string) => unwrap(commands.getPathway(id, lang)),
  credentialPathways: (id: string) => unwrap(commands.credentialPathways(id, lang)),
  addPathway: (path: string) => unwrap(commands.addPathway(path)),
  removePathway: (id: string) => unwrap(commands.removePathway(id)),
  exportPathway: (id: string, path: string) => unwrap(commands.exportPathway(id, path)),
  // Sharing (the learner's side) and checking a presentation (the employer's side).
  previewShare: (id: string, disclose: string[]) => unwrap(commands.previewShare(id, disclose)),
  shareCredentials: (ids: string[], audience: string, nonce: string | null, disclose: string[], validMinutes: number) =>
    unwrap(commands.shareCredentials(ids, audience, nonce, disclose, validMinutes)),
  savePresentation: (text: string, path: string) => unwrap(commands.savePresentation(text, path)),
  saveShareSheet: (text: string, path: string) => unwrap(commands.saveShareSheet(text, path)),
  listShares: () => unwrap(commands.listShares()),
  deleteShare: (id: string) => unwrap(commands.deleteShare(id)),
  checkPresentationText: (text: string, audience: string | null, nonce: string | null) =>
    unwrap(commands.checkPresentationText(text, audience, nonce)),
  checkPresentationFiles: (paths: string[], audience: string | null, nonce: string | null) =>
    unwrap(commands.checkPresentationFiles(paths, audience, nonce)),
};

export function errorMessage(e: unknown, fallback: string): string {
  const err = e instanceof IpcFailure ? { kind: e.kind, message: e.message } : toIpcError(e);
  return err.message.trim() || fallback;
}

export function errorKind(e: unknown): string {
  return e instanceof IpcFailure ? e.kind : toIpcError(e).kind;
}
