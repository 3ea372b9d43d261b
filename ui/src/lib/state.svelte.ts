// The app's shared state (Svelte 5 runes) and the actions that change it.

import type { CredentialSummary, ImportOutcome, Settings, WalletStatus } from "../bindings";
import { api, errorMessage, toIpcError } from "./api";
import { t } from "./i18n";
import { summariseImports, type ImportSummary } from "./importSummary";

export type View =
  | { name: "library" }
  /** `back`: where the credential was opened from, when not the library (a pathway's tile). */
  | { name: "credential"; id: string; back?: View }
  | { name: "settings"; back: View }
  | { name: "pathways" }
  | { name: "pathway"; id: string }
  /** Sharing one credential; `back`: its page, where the flow returns. */
  | { name: "share"; id: string; back: View }
  /** The share log; `back`: where it was opened from. */
  | { name: "shares"; back: View }
  /** Checking a presentation (the employer's side). */
  | { name: "checker"; back: View };

export const app = $state({
  phase: "loading" as "loading" | "ready" | "error",
  bootError: null as string | null,
  wallet: null as WalletStatus | null,
  credentials: [] as CredentialSummary[],
  listError: null as string | null,
  view: { name: "library" } as View,
  query: "",
  /** Where the library was scrolled when a credential was opened, and which one. */
  libraryScroll: 0,
  lastOpened: null as string | null,
  importing: null as { done: number; total: number } | null,
  summary: null as ImportSummary | null,
  notice: null as string | null,
  dropActive: false,
  pasteOpen: false,
  holderDid: null as string | null,
  /** The app's settings (online checks); null until loaded, or when they could not be. */
  settings: null as Settings | null,
  /** Coming back to the library from Settings or Pathways: the test id of the header button to focus. */
  libraryFocus: null as string | null,
  /** The pathway last opened (the overview focuses its card on the way back). */
  lastPathway: null as string | null,
  /** Coming back to a pathway from a credential: the credential whose tile gets the focus. */
  focusTile: null as string | null,
  /** Coming back to a credential's page (from sharing it): the test id of the button to focus. */
  credentialFocus: null as string | null,
});

/**
 * A screen that takes dropped files and pasted text itself (the presentation checker) instead of the
 * window-wide import. Not reactive: read when a drop or paste happens.
 */
export type ScreenInput = { drop: (paths: string[]) => void; paste: (text: string) => void; dropTitle: string; dropHint: string };
let screenInput: ScreenInput | null = null;

export function setScreenInput(input: ScreenInput | null): void {
  screenInput = input;
}

export function currentScreenInput(): ScreenInput | null {
  return screenInput;
}

export function isUnlocked(): boolean {
  return app.wallet?.state === "unlocked";
}

export async function boot(): Promise<void> {
  app.phase = "loading";
  try {
    app.wallet = await api.walletStatus();
    app.phase = "ready";
    if (isUnlocked()) await afterUnlock();
  } catch (e) {
    app.bootError = errorMessage(e, t.backendUnreachable);
    app.phase = "error";
  }
}

export async function afterUnlock(): Promise<void> {
  void loadSettings();
  await refreshList();
  api
    .holder()
    .then((h) => (app.holderDid = h.did))
    .catch(() => (app.holderDid = null));
}

export function setWallet(status: WalletStatus): void {
  app.wallet = status;
  if (status.state === "unlocked") void afterUnlock();
}

export async function refreshList(): Promise<void> {
  try {
    app.credentials = await api.listCredentials();
    app.listError = null;
  } catch (e) {
    app.listError = errorMessage(e, t.loadFailed);
  }
}

const scrollY = () => (typeof window !== "undefined" ? window.scrollY : 0);

/** Opens a credential's page; from a pathway, its back button returns to the pathway. */
export function openCredential(id: string, from?: View): void {
  if (from && from.name !== "library") {
    app.view = { name: "credential", id, back: from };
    return;
  }
  app.libraryScroll = scrollY();
  app.lastOpened = id;
  app.view = { name: "credential", id };
}

/** Leaves a credential's page for where it was opened from (the library unless a pathway). */
export function closeCredential(): void {
  const v = app.view;
  if (v.name === "credential" && v.back) {
    app.focusTile = v.id;
    app.view = v.back;
  } else {
    backToLibrary();
  }
}

export function backToLibrary(): void {
  app.view = { name: "library" };
}

export function openPathways(): void {
  if (app.view.name === "library") app.libraryScroll = scrollY();
  app.view = { name: "pathways" };
}

export function openPathway(id: string): void {
  app.lastPathway = id;
  app.focusTile = null;
  app.view = { name: "pathway", id };
}

/** From a pathway back to the overview (which focuses that pathway's card). */
export function backToPathways(): void {
  app.view = { name: "pathways" };
}

/** From the overview back to the library, focusing its Pathways button. */
export function closePathways(): void {
  app.lastPathway = null;
  app.libraryFocus = "open-pathways";
  app.view = { name: "library" };
}

/** Opens the share flow for the credential whose page is open. */
export function openShare(id: string): void {
  const back: View = app.view.name === "credential" ? app.view : { name: "credential", id };
  app.view = { name: "share", id, back };
}

/** Leaves the share flow for the credential's page, focusing its Share button. */
export function closeShare(): void {
  const v = app.view;
  app.credentialFocus = "share";
  app.view = v.name === "share" ? v.back : { name: "library" };
}

function leaveLibrary(): void {
  if (app.view.name === "library") app.libraryScroll = scrollY();
}

/** The share log; `back` defaults to where the learner is. */
export function openShares(back: View = app.view): void {
  leaveLibrary();
  app.view = { name: "shares", back: back.name === "shares" || back.name === "checker" ? { name: "library" } : back };
}

/** The presentation checker; `back` defaults to where the learner is. */
export function openChecker(back: View = app.view): void {
  leaveLibrary();
  app.view = { name: "checker", back: back.name === "shares" || back.name === "checker" ? { name: "library" } : back };
}

/** Back from the share log or the checker: to the library (focusing the Sharing menu), or where it was opened from. */
export function closeSharingScreen(): void {
  const v = app.view;
  const back: View = v.name === "shares" || v.name === "checker" ? v.back : { name: "library" };
  if (back.name === "library") app.libraryFocus = "sharing-menu";
  if (back.name === "credential") app.credentialFocus = "share";
  app.view = back;
}

export async function loadSettings(): Promise<Settings | null> {
  try {
    app.settings = await api.getSettings();
  } catch {
    app.settings = null;
  }
  return app.settings;
}

/** Opens the Settings screen; its back button returns to where the learner was. */
export function openSettings(): void {
  if (app.view.name === "settings") return;
  if (app.view.name === "library") app.libraryScroll = typeof window !== "undefined" ? window.scrollY : 0;
  app.view = { name: "settings", back: app.view };
}

export function closeSettings(): void {
  const back: View = app.view.name === "settings" ? app.view.back : { name: "library" };
  app.libraryFocus = back.name === "library" ? "open-settings" : null;
  app.view = back;
}

function refusedOutcome(source: string, e: unknown): ImportOutcome {
  return { source, stored: false, duplicate: false, id: null, title: null, verdict: null, status: null, error: toIpcError(e) };
}

function finishImport(outcomes: ImportOutcome[]): ImportSummary {
  const summary = summariseImports(outcomes);
  app.summary = summary;
  app.notice = null;
  return summary;
}

/**
 * Imports files one at a time so the learner sees progress, then summarises. One file that cannot be
 * read does not stop the others.
 */
export async function importPaths(paths: string[]): Promise<ImportSummary | null> {
  if (paths.length === 0 || app.importing) return null;
  app.view = { name: "library" };
  app.summary = null;
  app.importing = { done: 0, total: paths.length };
  const outcomes: ImportOutcome[] = [];
  try {
    for (const path of paths) {
      try {
        const got = await api.importFiles([path]);
        outcomes.push(...got);
        // Cards appear as their files are imported, not all at the end.
        if (paths.length > 1 && got.some((o) => o.stored)) await refreshList();
      } catch (e) {
        outcomes.push(refusedOutcome(path, e));
      }
      app.importing = { done: outcomes.length, total: paths.length };
    }
  } finally {
    app.importing = null;
  }
  await refreshList();
  return finishImport(outcomes);
}

/**
 * Imports pasted text. The outcome is returned so the paste dialog can keep a refused text open and say
 * why there (then no summary is shown in the library: `summariseRefusal` false).
 */
export async function importPastedText(text: string, summariseRefusal = false): Promise<ImportOutcome> {
  app.summary = null;
  app.importing = { done: 0, total: 1 };
  let outcome: ImportOutcome;
  try {
    outcome = await api.importText(text);
  } catch (e) {
    outcome = refusedOutcome("", e);
  } finally {
    app.importing = null;
  }
  if (outcome.stored || outcome.duplicate) {
    await refreshList();
    app.view = { name: "library" };
    finishImport([outcome]);
  } else if (summariseRefusal) {
    finishImport([outcome]);
  }
  return outcome;
}

export async function deleteCredential(id: string, title: string): Promise<void> {
  await api.deleteCredential(id);
  app.credentials = app.credentials.filter((c) => c.id !== id);
  app.view = { name: "library" };
  app.summary = null;
  app.notice = t.deleted(title);
  await refreshList();
}
