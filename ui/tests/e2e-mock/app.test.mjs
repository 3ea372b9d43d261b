// The app against the mock backend in headless Chromium: first run, import (paste, window paste, drag
// and drop, file dialog), library, credential page, delete, unlock, keyring, German, dark, 200% zoom.
// Screenshots go to tests/screenshots/ (look at them).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildMockScript, launch, openApp, requireBuild, requireChromium, shot, startPreview } from "./harness.mjs";

const tid = (id) => `[data-testid="${id}"]`;
const DS = "Introduction to Data Science";
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

async function cardTexts(page) {
  return page.locator(tid("credential-card")).allInnerTexts();
}

function noProblems(problems) {
  assert.deepEqual(problems, [], "no console errors, page errors or external requests");
}

describe("first run with a passphrase, then the library", () => {
  let app;
  before(async () => {
    app = await openApp(browser, env, { mock: { state: "none", keyringAvailable: false } });
  });
  after(async () => {
    await app.context.close();
  });

  it("offers a passphrase, shows its strength and the warning", async () => {
    const { page } = app;
    await page.waitForSelector(tid("create-wallet"));
    const body = await page.innerText("body");
    assert.match(body, /Your credentials stay on this computer, encrypted\./);
    assert.match(body, /cannot be recovered/);
    await shot(page, "01-first-run-passphrase");
    await page.fill(tid("passphrase"), "abc");
    await page.waitForFunction(() => /very weak|weak/.test(document.querySelector("#strength")?.textContent ?? ""));
    await page.fill(tid("passphrase"), "violet Lantern 47 orchard");
    await page.waitForFunction(() => /strong/.test(document.querySelector("#strength")?.textContent ?? ""));
    await page.fill(tid("passphrase-confirm"), "violet Lantern 47 orchar");
    await page.click(tid("create-wallet"));
    await page.waitForSelector("text=The two passphrases are not the same.");
    await page.fill(tid("passphrase-confirm"), "violet Lantern 47 orchard");
    await shot(page, "02-first-run-filled");
    await page.click(tid("create-wallet"));
    await page.waitForSelector(tid("empty-state"));
  });

  it("explains credentials in the empty library", async () => {
    const { page } = app;
    const text = await page.innerText(tid("empty-state"));
    assert.match(text, /digital certificate/);
    assert.match(text, /university/);
    await shot(page, "03-library-empty");
  });

  it("imports a pasted credential", async () => {
    const { page } = app;
    await page.click(tid("paste-open"));
    await page.waitForSelector(`${tid("paste-text")}:focus`);
    const raw = await page.evaluate(() => window.__tesseraMock.raw("valid"));
    await page.fill(tid("paste-text"), raw);
    await shot(page, "04-paste-dialog");
    await page.click(tid("paste-import"));
    await page.waitForSelector(`${tid("credential-card")}:has-text("${DS}")`);
    assert.equal(await page.locator("dialog[open]").count(), 0, "the dialog closes");
    assert.match(await page.innerText(tid("import-summary")), /1 imported/);
    const card = await page.innerText(`${tid("credential-card")}:has-text("${DS}")`);
    assert.match(card, /Verified/);
    assert.match(card, /5 ECTS/);
    assert.match(card, /EQF 6/);
    assert.match(card, /Example University of Applied Sciences/);
    await shot(page, "05-library-one-card");
  });

  it("keeps the paste dialog open and says why when the text is not a credential", async () => {
    const { page } = app;
    await page.click(tid("paste-open"));
    await page.fill(tid("paste-text"), "hello, this is not a credential");
    await page.click(tid("paste-import"));
    await page.waitForSelector("dialog[open] [role=alert]");
    assert.match(await page.innerText("dialog[open] [role=alert]"), /not a credential Tessera can read/);
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog[open]", { state: "detached" });
    assert.equal(await page.locator(tid("credential-card")).count(), 1, "Esc in the dialog does not leave the library");
  });

  it("imports text pasted anywhere in the window", async () => {
    const { page } = app;
    await page.evaluate(() => {
      document.activeElement instanceof HTMLElement && document.activeElement.blur();
      const dt = new DataTransfer();
      dt.setData("text/plain", window.__tesseraMock.raw("expired"));
      document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector(`${tid("credential-card")}:has-text("First Aid at Work")`);
    assert.match(await page.innerText(`${tid("credential-card")}:has-text("First Aid at Work")`), /Expired/);
  });

  it("imports files dropped on the window, with a summary", async () => {
    const { page } = app;
    await page.evaluate(() => window.__tesseraMock.dragEnter(["x"]));
    await page.waitForSelector(tid("drop-overlay"));
    await shot(page, "06-drop-overlay");
    await page.evaluate(
      (d) => window.__tesseraMock.drop([`${d}/open-source-contributor.json`, `${d}/tampered.json`, `${d}/data-science.json`]),
      DOWNLOADS,
    );
    await page.waitForSelector(tid("drop-overlay"), { state: "detached" });
    await page.waitForSelector(`${tid("import-summary")}:has-text("already here")`);
    assert.equal(
      (await page.innerText(`${tid("import-summary")} .headline`)).trim(),
      "1 imported, 1 already here, 1 refused: the signature does not match",
    );
    const unknownCard = page.locator(`${tid("credential-card")}:has-text("Open Source Contributor")`);
    assert.match(await unknownCard.innerText(), /Could not check offline/);
    const badge = unknownCard.locator(tid("verdict-badge"));
    assert.equal(await badge.getAttribute("data-mark"), "unknown");
    const color = await badge.evaluate((el) => getComputedStyle(el).color);
    const [r, g, b] = color.match(/\d+/g).map(Number);
    assert.ok(Math.abs(r - g) < 40 && Math.abs(r - b) < 40, `"could not check" is grey, not red (${color})`);
    assert.deepEqual((await cardTexts(page)).length, 3);
    await shot(page, "07-library-after-drop");
  });

  it("lists each reason when refusals differ", async () => {
    const { page } = app;
    await page.evaluate((d) => window.__tesseraMock.drop([`${d}/notes.txt`, `${d}/tampered.json`]), DOWNLOADS);
    await page.waitForSelector(`${tid("import-summary")}:has-text("2 refused")`);
    const text = await page.innerText(tid("import-summary"));
    assert.match(text, /notes\.txt: This is not a credential/);
    assert.match(text, /tampered\.json: the signature does not match/);
  });

  it("searches as you type; / and Ctrl+K focus the search", async () => {
    const { page } = app;
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("/");
    await page.waitForSelector(`${tid("search")}:focus`);
    await page.keyboard.type("first aid");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="credential-card"]').length === 1);
    assert.match((await cardTexts(page))[0], /First Aid at Work/);
    await shot(page, "08-search");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="credential-card"]').length === 3);
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+k");
    await page.waitForSelector(`${tid("search")}:focus`);
    await page.keyboard.type("zzz nothing");
    await page.waitForSelector("text=No credential matches");
    await page.fill(tid("search"), "");
  });

  it("opens a credential with its critical information and checks", async () => {
    const { page } = app;
    await page.click(`${tid("credential-card")}:has-text("${DS}")`);
    await page.waitForSelector(tid("critical-table"));
    assert.equal(await page.innerText(tid("credential-title")), DS);
    assert.match(await page.innerText(tid("verdict-badge")), /Verified/);
    const rows = page.locator(`${tid("critical-table")} tr`);
    assert.equal(await rows.count(), 11);
    const table = await page.innerText(tid("critical-table"));
    assert.match(table, /Type of quality assurance\s+not stated by the issuer/);
    assert.match(table, /Workload\s+5 ECTS/);
    assert.match(table, /Level \(EQF\)\s+EQF level 6/);
    assert.match(table, /Country of the issuer\s+Germany \(DE\)/);
    assert.ok((await page.locator(`${tid("critical-table")} tr.missing`).count()) >= 1);
    assert.equal(await page.locator(tid("check-row")).count(), 6);
    const sig = await page.innerText(`${tid("check-row")}[data-check="signature"]`);
    assert.match(sig, /nothing has been changed since it was issued/);
    assert.match(sig, /eddsa-rdfc-2022/);
    assert.match(sig, /checked /);
    const proves = await page.innerText("section:has(#proves-title)");
    assert.match(proves, /linear regression/);
    // Issuer Markdown: rendered, sanitised, links shown as text.
    const md = page.locator(".md");
    assert.match(await md.innerText(), /module handbook \(https:\/\/uni-example\.eu\/handbook\/ds-101\)/);
    assert.equal(await md.locator("a, img, script").count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined, "no script from the criteria ran");
    assert.doesNotMatch(await md.innerHTML(), /javascript:|onerror/i);
    await shot(page, "09-credential-page", { fullPage: true });
  });

  it("shows the original file read-only and checks again", async () => {
    const { page } = app;
    await page.click("summary:has-text('Show the original file')");
    await page.waitForSelector(tid("raw-view"));
    assert.match(await page.innerText(tid("raw-view")), /OpenBadgeCredential/);
    assert.equal(await page.locator(`${tid("raw-view")}`).evaluate((el) => el.tagName), "PRE");
    await page.click(tid("check-again"));
    await page.waitForSelector(`${tid("check-again")}:not([disabled])`);
    await shot(page, "10-credential-raw", { fullPage: true });
  });

  it("goes back to the library with Esc, focusing the card", async () => {
    const { page } = app;
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("search"));
    assert.equal(await page.locator(tid("credential-card")).count(), 3);
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ""), /Introduction to Data Science/);
  });

  it("opens a card from the keyboard and deletes it after confirmation", async () => {
    const { page } = app;
    await page.locator(`${tid("credential-card")}:has-text("First Aid at Work")`).focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector(`${tid("credential-title")}:has-text("First Aid at Work")`);
    assert.match(await page.innerText(tid("verdict-badge")), /Expired/);
    await page.click(tid("delete"));
    await page.waitForSelector("dialog[open]");
    await shot(page, "11-delete-confirm");
    // Esc closes the dialog only: the page stays.
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog[open]", { state: "detached" });
    assert.equal(await page.locator(tid("credential-title")).count(), 1);
    await page.click(tid("delete"));
    await page.click(tid("delete-confirm"));
    await page.waitForSelector(tid("search"));
    assert.equal(await page.locator(`${tid("credential-card")}:has-text("First Aid at Work")`).count(), 0);
    assert.match(await page.innerText("body"), /“First Aid at Work” was deleted\./);
    noProblems(app.problems);
  });
});

describe("unlock", () => {
  it("says so when the passphrase is wrong, and opens with the right one", async () => {
    const app = await openApp(browser, env, { mock: { state: "locked", passphrase: "open sesame", preload: ["valid"] } });
    const { page } = app;
    await page.waitForSelector(tid("unlock"));
    await page.fill(tid("passphrase"), "open sesam");
    await page.click(tid("unlock"));
    await page.waitForSelector("[role=alert]");
    assert.match(await page.innerText("[role=alert]"), /passphrase is not right/);
    assert.equal(await page.locator(tid("unlock")).count(), 1, "still on the unlock screen");
    await shot(page, "12-unlock-wrong");
    await page.fill(tid("passphrase"), "open sesame");
    await page.keyboard.press("Enter");
    await page.waitForSelector(`${tid("credential-card")}:has-text("${DS}")`);
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("first run with a keyring", () => {
  it("has one button and nothing to remember", async () => {
    const app = await openApp(browser, env, { mock: { state: "none", keyringAvailable: true } });
    const { page } = app;
    await page.waitForSelector(tid("create-wallet"));
    assert.equal(await page.locator(tid("passphrase")).count(), 0);
    assert.match(await page.innerText("main"), /keyring/);
    await shot(page, "13-first-run-keyring");
    await page.click(tid("create-wallet"));
    await page.waitForSelector(tid("empty-state"));
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("file dialog import with progress", () => {
  it("shows progress for several files, then the summary", async () => {
    const files = ["data-science.json", "first-aid.jwt", "open-source-contributor.json", "cybersecurity-edc.json"];
    const app = await openApp(browser, env, {
      mock: { state: "unlocked", dialogPaths: files.map((f) => `${DOWNLOADS}/${f}`), latencyMs: 400 },
    });
    const { page } = app;
    await page.waitForSelector(tid("empty-state"));
    await page.click(tid("import-files"));
    await page.waitForSelector("progress");
    await page.waitForSelector("text=Importing 3 of 4");
    assert.equal(await page.locator(tid("credential-card")).count(), 2, "cards appear as files are imported");
    await shot(page, "14-import-progress");
    await page.waitForSelector(tid("import-summary"), { timeout: 10000 });
    assert.match(await page.innerText(tid("import-summary")), /^4 imported/);
    assert.equal(await page.locator(tid("credential-card")).count(), 4);
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("dark mode", () => {
  it("renders the library, a credential and the paste dialog", async () => {
    const app = await openApp(browser, env, {
      colorScheme: "dark",
      mock: { state: "unlocked", preload: ["valid", "expired", "unknown", "edc"] },
    });
    const { page } = app;
    await page.waitForSelector(tid("credential-card"));
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.match(bg, /rgb\(17, 19, 22\)/, "dark background");
    await shot(page, "20-dark-library");
    await page.click(`${tid("credential-card")}:has-text("Cybersecurity")`);
    await page.waitForSelector(tid("critical-table"));
    const table = await page.innerText(tid("critical-table"));
    assert.match(table, /Form of participation\s+Online/);
    assert.match(table, /Austria \(AT\)/);
    assert.match(await page.innerText(tid("verdict-badge")), /Verified/);
    await shot(page, "21-dark-credential", { fullPage: true });
    await page.keyboard.press("Escape");
    await page.click(tid("paste-open"));
    await page.waitForSelector("dialog[open]");
    await shot(page, "22-dark-paste");
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("dark first run", () => {
  it("renders the passphrase screen in dark", async () => {
    const app = await openApp(browser, env, { colorScheme: "dark", mock: { state: "none", keyringAvailable: false } });
    const { page } = app;
    await page.waitForSelector(tid("create-wallet"));
    await page.fill(tid("passphrase"), "tessera");
    await page.waitForFunction(() => /weak/.test(document.querySelector("#strength")?.textContent ?? ""));
    await shot(page, "23-dark-first-run");
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("German", () => {
  it("speaks German to a German-speaking learner", async () => {
    const app = await openApp(browser, env, {
      locale: "de-DE",
      mock: { state: "unlocked", preload: ["valid", "expired", "unknown", "edc"] },
    });
    const { page } = app;
    await page.waitForSelector(tid("credential-card"));
    assert.equal(await page.getAttribute("html", "lang"), "de");
    assert.match(await page.innerText("h1"), /Deine Nachweise/);
    assert.match(await page.innerText("main"), /Offline nicht prüfbar/);
    await shot(page, "30-de-library");
    await page.click(`${tid("credential-card")}:has-text("Cybersecurity")`);
    await page.waitForSelector(tid("critical-table"));
    const table = await page.innerText(tid("critical-table"));
    assert.match(table, /Titel\s+Grundlagen der Cybersicherheit/);
    assert.match(table, /Österreich \(AT\)/);
    await shot(page, "31-de-credential", { fullPage: true });
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("200% zoom", () => {
  it("fits the window without sideways scrolling", async () => {
    const app = await openApp(browser, env, {
      viewport: { width: 600, height: 410 },
      deviceScaleFactor: 2,
      mock: { state: "unlocked", preload: ["valid", "expired", "unknown", "edc"] },
    });
    const { page } = app;
    await page.waitForSelector(tid("credential-card"));
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok((await overflow()) <= 0, "library fits");
    await shot(page, "40-zoom-library");
    await page.click(`${tid("credential-card")}:has-text("${DS}")`);
    await page.waitForSelector(tid("critical-table"));
    assert.ok((await overflow()) <= 0, "credential page fits");
    await shot(page, "41-zoom-credential", { fullPage: true });
    noProblems(app.problems);
    await app.context.close();
  });
});
