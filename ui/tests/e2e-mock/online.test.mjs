// Online checks, trust registries and status checks against the mock backend in headless Chromium:
// the Settings screen (keyboard, switch, registries added, refused and removed), "Check again" with its
// progress and its offline help, revoked and suspended credentials, cached status checks with their age.
// Screenshots go to tests/screenshots/ (look at them).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildMockScript, launch, openApp, requireBuild, requireChromium, shot, startPreview } from "./harness.mjs";

const tid = (id) => `[data-testid="${id}"]`;
const DS = "Introduction to Data Science";
const PM = "Project Management Essentials";
const DOWNLOADS = "/home/learner/Downloads";

let browser;
let server;
const env = { url: "", mockScript: "" };

before(async () => {
  requireChromium();
  requireBuild();
  env.mockScript = await buildMockScript();
  server = await startPreview();
  env.url = server.url;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function noProblems(problems) {
  assert.deepEqual(problems, [], "no console errors, page errors or external requests");
}

async function rgb(locator) {
  const color = await locator.evaluate((el) => getComputedStyle(el).color);
  return color.match(/\d+/g).map(Number);
}

function isRed([r, g, b]) {
  return r > g + 60 && r > b + 60;
}

function isGrey([r, g, b]) {
  return Math.abs(r - g) < 40 && Math.abs(r - b) < 40;
}

const activeTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);
const setDialog = (page, paths) => page.evaluate((p) => (window.__tesseraMock.options.dialogPaths = p), paths);

describe("Settings: online checks and trust registries", () => {
  let app;
  before(async () => {
    app = await openApp(browser, env, { mock: { state: "unlocked", preload: ["valid", "revoked", "edc"] } });
    await app.page.waitForSelector(`${tid("credential-card")}:has-text("${DS}")`);
  });
  after(async () => {
    await app.context.close();
  });

  it("opens from the header and from the keyboard, and goes back with Esc", async () => {
    const { page } = app;
    await page.click(tid("open-settings"));
    await page.waitForSelector(tid("settings"));
    assert.equal(await page.innerText("h1"), "Settings");
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("search"));
    assert.equal(await activeTestId(page), "open-settings", "focus returns to the Settings button");
    await page.keyboard.press("Enter");
    await page.waitForSelector(tid("settings"));
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("search"));
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+Comma");
    await page.waitForSelector(tid("settings"));
  });

  it("has online checks off by default, explained, and turns them on from the keyboard", async () => {
    const { page } = app;
    const sw = page.locator(tid("online-switch"));
    await page.waitForSelector(`${tid("online-switch")}:not([disabled])`);
    assert.equal(await sw.getAttribute("role"), "switch");
    assert.equal(await sw.getAttribute("aria-checked"), "false");
    const body = await page.innerText(tid("settings"));
    assert.match(
      body,
      /When on, Tessera may contact issuers' web sites to check keys and whether a credential was withdrawn\. When off, nothing leaves your computer; checks use what was last fetched, and say how old it is\./,
    );
    assert.match(await page.innerText(tid("online-state")), /Off: nothing leaves your computer\./);
    assert.match(body, /A list of issuers that an organisation vouches for\. A credential from a listed issuer shows the registry's name for it\./);
    assert.match(await page.innerText(tid("registries-empty")), /not added any registry/);
    await shot(page, "50-settings", { fullPage: true });

    await sw.focus();
    await page.keyboard.press("Space");
    await page.waitForSelector(`${tid("online-switch")}[aria-checked="true"]`);
    assert.match(await page.innerText(tid("online-state")), /On: “Check again” may contact issuers' web sites\./);
    const calls = await page.evaluate(() => window.__tesseraMock.calls.filter((c) => c.cmd === "set_online_checks").map((c) => c.args));
    assert.deepEqual(calls, [{ on: true }]);
  });

  it("refuses a bad registry file, saying why, and changes nothing", async () => {
    const { page } = app;
    await setDialog(page, [`${DOWNLOADS}/broken-registry.json`]);
    await page.click(tid("add-registry"));
    await page.waitForSelector(tid("registry-error"));
    assert.match(await page.innerText(tid("registry-error")), /The registry's entry did:web:x\.example is not usable: it has no name\./);
    assert.equal(await page.locator(tid("registry-row")).count(), 0);
    assert.equal(await activeTestId(page), "add-registry", "focus stays on the button");
  });

  it("adds a registry file: listed with its issuers and format", async () => {
    const { page } = app;
    await setDialog(page, [`${DOWNLOADS}/dcc-sandbox-registry.json`]);
    await page.click(tid("add-registry"));
    await page.waitForSelector(tid("registry-row"));
    const row = await page.innerText(tid("registry-row"));
    assert.match(row, /DCC Sandbox Registry/);
    assert.match(row, /3 issuers · DCC registry · added /);
    assert.match(await page.innerText(tid("registry-notice")), /“DCC Sandbox Registry” was added\. It lists 3 issuers\./);
    assert.equal(await page.locator(tid("registry-error")).count(), 0, "the earlier error is gone");
    await shot(page, "51-settings-registry", { fullPage: true });
  });

  it("shows the registry's name for a listed issuer, and the issuer's own", async () => {
    const { page } = app;
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("search"));
    const card = page.locator(`${tid("credential-card")}:has-text("${DS}")`);
    assert.match(await card.innerText(), /Hochschule Beispiel University of Applied Sciences/);
    await card.click();
    await page.waitForSelector(tid("registry-listing"));
    assert.equal((await page.innerText(tid("registry-listing"))).trim(), "Listed in: DCC Sandbox Registry");
    assert.match(await page.innerText(tid("claimed-name")), /The issuer calls itself “Example University of Applied Sciences”\./);
    assert.match(await page.innerText(".issuer"), /Issued by Hochschule Beispiel University of Applied Sciences/);
    assert.equal(await page.getAttribute(`${tid("check-row")}[data-check="registry"]`, "data-result"), "pass");
    assert.match(await page.innerText(tid("check-help")), /Online checks are on: checking again may contact the issuer's web site\./);
    await shot(page, "52-credential-listed");
  });

  it("removes a registry after confirmation", async () => {
    const { page } = app;
    await page.keyboard.press("Control+Comma");
    await page.waitForSelector(tid("registry-row"));
    assert.match(await page.innerText(tid("settings-back")), /Back/, "back leads to the credential");
    await page.click(tid("remove-registry"));
    await page.waitForSelector("dialog[open]");
    assert.match(await page.innerText("dialog[open]"), /Remove this registry\?/);
    // Esc closes the dialog only.
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog[open]", { state: "detached" });
    assert.equal(await page.locator(tid("registry-row")).count(), 1);
    await page.click(tid("remove-registry"));
    await page.click(tid("remove-registry-confirm"));
    await page.waitForSelector(tid("registries-empty"));
    assert.match(await page.innerText(tid("registry-notice")), /“DCC Sandbox Registry” was removed\./);
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("credential-title"));
    assert.equal(await page.locator(tid("registry-listing")).count(), 0);
    assert.match(await page.innerText(".issuer"), /Example University of Applied Sciences/);
    noProblems(app.problems);
  });
});

describe("Check again", () => {
  it("shows progress, uses only saved information offline, and links to Settings", async () => {
    const app = await openApp(browser, env, { mock: { state: "unlocked", preload: ["valid"] } });
    const { page } = app;
    await page.click(`${tid("credential-card")}:has-text("${DS}")`);
    await page.waitForSelector(tid("critical-table"));
    const statusRow = `${tid("check-row")}[data-check="status"]`;
    assert.equal((await page.innerText(`${statusRow} ${tid("status-line")}`)).trim(), "Not revoked — checked 12 days ago");
    assert.match(await page.innerText(statusRow), /Revocation/);
    assert.match(
      await page.innerText(tid("check-help")),
      /Online checks are off, so checking again uses only information saved on this computer\.\s*Change this in Settings/,
    );

    await page.evaluate(() => (window.__tesseraMock.options.latencyMs = 1200));
    await page.click(tid("check-again"));
    await page.waitForSelector(`${tid("check-again")}[disabled]`);
    assert.match(await page.innerText(tid("check-again")), /Checking…/);
    assert.equal(await page.getAttribute(tid("check-again"), "aria-busy"), "true");
    assert.ok(await page.locator(tid("check-spinner")).isVisible(), "a spinner turns");
    await shot(page, "53-check-again-progress");
    await page.waitForSelector(`${tid("check-again")}:not([disabled])`, { timeout: 5000 });
    assert.match(await page.innerText(tid("check-again")), /Check again/);
    assert.equal(await page.locator(tid("check-spinner")).count(), 0);
    // Offline, the status list is the saved one: its age is unchanged.
    assert.equal((await page.innerText(`${statusRow} ${tid("status-line")}`)).trim(), "Not revoked — checked 12 days ago");
    await page.evaluate(() => (window.__tesseraMock.options.latencyMs = 0));

    await page.click(tid("check-help-settings"));
    await page.waitForSelector(tid("online-switch"));
    await page.click(`${tid("online-switch")}:not([disabled])`);
    await page.waitForSelector(`${tid("online-switch")}[aria-checked="true"]`);
    await page.click(tid("settings-back"));
    await page.waitForSelector(tid("check-again"));
    assert.match(await page.innerText(tid("check-help")), /Online checks are on/);
    await page.click(tid("check-again"));
    await page.waitForFunction(
      () => /checked just now/.test(document.querySelector('[data-check="status"] [data-testid="status-line"]')?.textContent ?? ""),
    );
    assert.equal((await page.innerText(`${statusRow} ${tid("status-line")}`)).trim(), "Not revoked — checked just now");
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("Revoked and suspended credentials", () => {
  it("marks them clearly in the library and on the page; could-not-check stays grey", async () => {
    const app = await openApp(browser, env, { mock: { state: "unlocked", preload: ["valid", "revoked", "suspended", "edc"] } });
    const { page } = app;
    await page.waitForSelector(`${tid("credential-card")}:has-text("${PM}")`);
    const revokedBadge = page.locator(`${tid("credential-card")}:has-text("${PM}") ${tid("verdict-badge")}`);
    assert.equal(await revokedBadge.getAttribute("data-mark"), "revoked");
    assert.equal((await revokedBadge.innerText()).trim(), "Revoked");
    assert.ok(isRed(await rgb(revokedBadge)), "revoked is red");
    const suspendedBadge = page.locator(`${tid("credential-card")}:has-text("Forklift Safety Refresher") ${tid("verdict-badge")}`);
    assert.equal(await suspendedBadge.getAttribute("data-mark"), "suspended");
    assert.equal((await suspendedBadge.innerText()).trim(), "Suspended");
    assert.ok(isRed(await rgb(suspendedBadge)), "suspended is red");
    await shot(page, "54-library-revoked");

    await page.click(`${tid("credential-card")}:has-text("${PM}")`);
    await page.waitForSelector(tid("critical-table"));
    assert.match(await page.innerText(tid("verdict-badge")), /Revoked/);
    const row = page.locator(`${tid("check-row")}[data-check="status"]`);
    assert.equal(await row.getAttribute("data-result"), "fail");
    assert.equal((await row.locator(tid("status-line")).innerText()).trim(), "Revoked — checked 3 days ago");
    assert.match(await row.innerText(), /The issuer has revoked it\./);
    assert.ok(isRed(await rgb(row.locator(tid("status-line")))), "the revoked status line is red");
    assert.equal(await page.getAttribute(`${tid("check-row")}[data-check="signature"]`, "data-result"), "pass");
    await shot(page, "55-credential-revoked", { fullPage: true });

    await page.keyboard.press("Escape");
    await page.click(`${tid("credential-card")}:has-text("Forklift")`);
    await page.waitForSelector(tid("critical-table"));
    const sRow = page.locator(`${tid("check-row")}[data-check="status"]`);
    assert.match(await sRow.innerText(), /Suspension/);
    assert.equal((await sRow.locator(tid("status-line")).innerText()).trim(), "Suspended — checked 3 days ago");

    await page.keyboard.press("Escape");
    await page.click(`${tid("credential-card")}:has-text("Cybersecurity")`);
    await page.waitForSelector(tid("critical-table"));
    const unknownRow = page.locator(`${tid("check-row")}[data-check="status"]`);
    assert.equal(await unknownRow.getAttribute("data-result"), "unknown");
    assert.equal(await unknownRow.locator(tid("status-line")).count(), 0, "no age for a check that was not made");
    assert.ok(isGrey(await rgb(unknownRow.locator(".result"))), "could not check is grey, not red");
    const table = await page.innerText(tid("critical-table"));
    assert.match(table, /Duration\s+50 hours/);
    assert.match(table, /Issued by \(on behalf of the awarding body\)\s+Academy Credentials Office/);
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("Settings in German and in dark", () => {
  it("speaks German", async () => {
    const app = await openApp(browser, env, {
      locale: "de-DE",
      mock: { state: "unlocked", preload: ["valid", "revoked"], registries: [`${DOWNLOADS}/dcc-sandbox-registry.json`] },
    });
    const { page } = app;
    await page.waitForSelector(`${tid("credential-card")}:has-text("${PM}")`);
    assert.match(await page.innerText(`${tid("credential-card")}:has-text("${PM}")`), /Widerrufen/);
    await page.click(tid("open-settings"));
    await page.waitForSelector(tid("registry-row"));
    const body = await page.innerText(tid("settings"));
    assert.match(body, /Online-Prüfungen/);
    assert.match(body, /Vertrauensregister/);
    assert.match(await page.innerText(tid("registry-row")), /3 Aussteller · DCC-Register/);
    await shot(page, "56-de-settings", { fullPage: true });
    await page.keyboard.press("Escape");
    await page.click(`${tid("credential-card")}:has-text("${PM}")`);
    await page.waitForSelector(tid("registry-listing"));
    assert.match(await page.innerText(tid("registry-listing")), /Verzeichnet in: DCC Sandbox Registry/);
    assert.equal(
      (await page.innerText(`${tid("check-row")}[data-check="status"] ${tid("status-line")}`)).trim(),
      "Widerrufen — geprüft vor 3 Tagen",
    );
    await shot(page, "57-de-credential-revoked", { fullPage: true });
    noProblems(app.problems);
    await app.context.close();
  });

  it("renders Settings in dark", async () => {
    const app = await openApp(browser, env, {
      colorScheme: "dark",
      mock: { state: "unlocked", preload: ["valid"], onlineChecks: true, registries: [`${DOWNLOADS}/dcc-sandbox-registry.json`, `${DOWNLOADS}/academy-issuers.json`] },
    });
    const { page } = app;
    await page.waitForSelector(tid("credential-card"));
    await page.click(tid("open-settings"));
    await page.waitForSelector(`${tid("online-switch")}[aria-checked="true"]`);
    assert.equal(await page.locator(tid("registry-row")).count(), 2);
    assert.match(await page.innerText(`${tid("registry-row")}:has-text("European Academies")`), /1 issuer · Tessera issuer list/);
    await shot(page, "58-dark-settings", { fullPage: true });
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("Settings at 200% zoom", () => {
  it("fits the window without sideways scrolling", async () => {
    const app = await openApp(browser, env, {
      viewport: { width: 600, height: 410 },
      deviceScaleFactor: 2,
      mock: { state: "unlocked", preload: ["revoked"], registries: [`${DOWNLOADS}/dcc-sandbox-registry.json`] },
    });
    const { page } = app;
    await page.waitForSelector(tid("credential-card"));
    await page.click(tid("open-settings"));
    await page.waitForSelector(tid("registry-row"));
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok((await overflow()) <= 0, "settings fit");
    await shot(page, "59-zoom-settings", { fullPage: true });
    await page.keyboard.press("Escape");
    await page.click(tid("credential-card"));
    await page.waitForSelector(tid("check-help"));
    assert.ok((await overflow()) <= 0, "the revoked credential's page fits");
    noProblems(app.problems);
    await app.context.close();
  });
});
