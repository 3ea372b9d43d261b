// Shared plumbing for the screenshot / interaction suite: Debian's Chromium through playwright-core,
// the built app served by `vite preview` on a free loopback port, and the mock backend injected before
// the app's own scripts run.

import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build, preview } from "vite";

export const uiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const screenshotDir = path.join(uiDir, "tests/screenshots");
export const CHROMIUM = process.env.TESSERA_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Fails (never skips) when the browser is missing. */
export function requireChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. The UI suite needs Debian's Chromium: ` +
        "run `apt-get install -y chromium` (or set TESSERA_CHROMIUM to a Chromium binary).",
    );
  }
}

export function requireBuild() {
  if (!existsSync(path.join(uiDir, "dist/index.html"))) {
    throw new Error("ui/dist is missing: run `npm run build` first (`npm test` does).");
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The mock backend (src/mock/inject.ts) bundled as one classic script, for addInitScript. */
export async function buildMockScript() {
  const result = await build({
    configFile: false,
    root: uiDir,
    logLevel: "warn",
    build: {
      write: false,
      minify: false,
      target: "es2022",
      lib: { entry: path.join(uiDir, "src/mock/inject.ts"), formats: ["iife"], name: "TesseraMock" },
      rollupOptions: { output: { inlineDynamicImports: true } },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === "chunk");
  if (!chunk) throw new Error("could not bundle the mock backend");
  return chunk.code;
}

export async function startPreview() {
  const port = await freePort();
  const server = await preview({
    root: uiDir,
    logLevel: "warn",
    preview: { port, host: "127.0.0.1", strictPort: true, open: false },
  });
  const url = `http://127.0.0.1:${port}/`;
  return { url, close: () => new Promise((r) => server.httpServer.close(() => r())) };
}

export async function launch() {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A fresh page with its own in-memory wallet. Records console errors, page errors and any request
 * that leaves the preview server (there must be none: nothing is loaded from the network).
 */
export async function openApp(browser, env, { mock = {}, colorScheme = "light", locale = "en-GB", viewport, deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({
    colorScheme,
    locale,
    viewport: viewport ?? { width: 1200, height: 820 },
    deviceScaleFactor,
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  const problems = [];
  const blockedHandlers = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // Chromium reports the Content-Security-Policy refusing an inline handler even while DOMPurify merely
    // parses (inertly) an issuer's `<img onerror=…>`, before removing it. Counted, not a failure: the
    // tests check separately that no such handler ran and that nothing was requested.
    if (/Executing inline event handler violates the following Content Security Policy/.test(m.text())) {
      blockedHandlers.push(m.text());
      return;
    }
    problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(env.url) && !u.startsWith("data:")) problems.push(`external request: ${u}`);
  });
  await page.addInitScript((opts) => {
    window.__TESSERA_MOCK_OPTIONS__ = opts;
  }, mock);
  await page.addInitScript({ content: env.mockScript });
  // As Tauri does with `app.security.freezePrototype` (tauri.conf.json).
  await page.addInitScript({ content: "Object.freeze(Object.prototype);" });
  await page.goto(env.url);
  return { page, context, problems, blockedHandlers };
}

export async function shot(page, name, opts = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? false, animations: "disabled", caret: "hide" });
  return file;
}
