/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// A Content-Security-Policy for the built app: nothing is fetched from the network, images only from
// the app itself or data: URIs (credential images are data: URIs), no inline scripts. The dev server
// needs inline/HMR scripts, so the policy is only added to the production build.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ipc: http://ipc.localhost",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join("; ");

function cspMeta(): Plugin {
  return {
    name: "tessera-csp",
    apply: "build",
    transformIndexHtml() {
      return [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP }, injectTo: "head-prepend" }];
    },
  };
}

export default defineConfig({
  plugins: [svelte(), cspMeta()],
  clearScreen: false,
  // tauri.conf.json's devUrl is http://localhost:5173: a fixed port; Tauri serves ui/dist in release.
  server: { port: 5173, strictPort: true, watch: { ignored: ["**/src-tauri/**"] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
  },
});
