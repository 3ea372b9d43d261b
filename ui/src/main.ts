import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { lang } from "./lib/i18n";

async function start() {
  document.documentElement.lang = lang;
  // `npm run dev` in a plain browser (no Tauri window): use the in-memory mock backend, so the UI can
  // be worked on without the Rust side. This branch is removed from production builds.
  // URL parameters: ?state=none|locked|unlocked&keyring=1&preload=valid,expired,unknown,edc,revoked,suspended
  // &online=1 (online checks on) &registry=1 (the DCC sandbox registry added) &pathways=1 (a pathway file added)
  // New fixtures for the pathways: ml, nlp, gdpr, phishing; for sharing: sdjwt (SD-JWT, claims to pick),
  // badge (an Open Badge with its image embedded: three QR codes).
  if (import.meta.env.DEV && !("__TAURI_INTERNALS__" in window)) {
    const { installMockBackend } = await import("./mock/backend");
    const { FIXTURE_NAMES } = await import("./mock/fixtures");
    const q = new URLSearchParams(location.search);
    const state = q.get("state");
    installMockBackend({
      state: state === "locked" || state === "unlocked" ? state : "none",
      keyringAvailable: q.get("keyring") === "1",
      preload: FIXTURE_NAMES.filter((n) => n !== "invalid" && (q.get("preload") ?? "").split(",").includes(n)),
      dialogPaths: ["/home/learner/Downloads/data-science.json", "/home/learner/Downloads/first-aid.jwt", "/home/learner/Downloads/tampered.json"],
      latencyMs: 150,
      onlineChecks: q.get("online") === "1",
      registries: q.get("registry") === "1" ? ["/home/learner/Downloads/dcc-sandbox-registry.json"] : [],
      pathways: q.get("pathways") === "1" ? ["/home/learner/Downloads/cyber-hygiene-certificate.json"] : [],
      savePath: "/home/learner/Documents/progress-summary.html",
    });
  }
  mount(App, { target: document.getElementById("app")! });
}

void start();
