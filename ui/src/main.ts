import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { lang } from "./lib/i18n";

async function start() {
  document.documentElement.lang = lang;
  // `npm run dev` in a plain browser (no Tauri window): use the in-memory mock backend, so the UI can
  // be worked on without the Rust side. This branch is removed from production builds.
  // URL parameters: ?state=none|locked|unlocked&keyring=1&preload=valid,expired,unknown,edc
  if (import.meta.env.DEV && !("__TAURI_INTERNALS__" in window)) {
    const { installMockBackend } = await import("./mock/backend");
    const q = new URLSearchParams(location.search);
    const state = q.get("state");
    installMockBackend({
      state: state === "locked" || state === "unlocked" ? state : "none",
      keyringAvailable: q.get("keyring") === "1",
      preload: (q.get("preload") ?? "").split(",").filter((n) => ["valid", "expired", "unknown", "edc"].includes(n)) as ("valid" | "expired" | "unknown" | "edc")[],
      dialogPaths: ["/home/learner/Downloads/data-science.json", "/home/learner/Downloads/first-aid.jwt", "/home/learner/Downloads/tampered.json"],
      latencyMs: 150,
    });
  }
  mount(App, { target: document.getElementById("app")! });
}

void start();
