// Sharing against the mock backend in headless Chromium: choosing the claims of an SD-JWT credential
// (sensitive ones off, a live preview of exactly what the employer sees, what is kept back), who it is
// for, the QR code (full screen, several codes), saving files, the share log, a credential that can only
// be shared whole, and the employer's side: checking a presentation pasted, chosen, read from QR images
// or dropped on the window. German, dark and 200% zoom. Screenshots go to tests/screenshots/80–99.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildMockScript, launch, openApp, requireBuild, requireChromium, shot, startPreview } from "./harness.mjs";

const tid = (id) => `[data-testid="${id}"]`;
const card = (title) => `${tid("credential-card")}:has-text("${title}")`;
const cb = (path) => `${tid("claim-checkbox")}[data-path="${path}"]`;
const DOCS = "/home/learner/Documents";
const SD = "Cloud Computing Essentials";
const BADGE = "Sustainable Web Design";
const MOCK = { state: "unlocked", preload: ["sdjwt", "valid", "badge", "expired"] };
const COURSE_ROWS = [
  ["Name", "Cloud Computing Essentials"],
  ["Credits", "3"],
  ["Credit unit", "ECTS"],
  ["EQF level", "5"],
];

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

const activeText = (page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null);
const activeTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);
const callsOf = (page, cmd) => page.evaluate((c) => window.__tesseraMock.calls.filter((x) => x.cmd === c).map((x) => x.args), cmd);
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const setSave = (page, path) => page.evaluate((p) => (window.__tesseraMock.options.savePath = p), path);
const setDialog = (page, paths) => page.evaluate((p) => (window.__tesseraMock.options.dialogPaths = p), paths);

const savedText = async (page) => (await page.innerText(tid("saved"))).replace(/\s+/g, " ").trim();

/** The value rows of a claim table ([label, value]), headings left out. */
function rows(page, testid) {
  return page
    .locator(`${tid(testid)} tr[data-testid="${testid}-row"]`)
    .evaluateAll((trs) => trs.map((tr) => [tr.querySelector("th").textContent.trim(), tr.querySelector("td").textContent.trim()]));
}

/** Each checkbox's state by path: true, false or "partial". */
function ticks(page) {
  return page
    .locator(tid("claim-checkbox"))
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.path, e.indeterminate ? "partial" : e.checked])));
}

/** Waits until the preview's "kept back" line says `text` (the preview is asked of the backend). */
async function keptBack(page, text) {
  await page.waitForFunction((want) => document.querySelector('[data-testid="kept-back"]')?.textContent?.replace(/\s+/g, " ").trim() === want, text);
}

async function openShare(page, title) {
  await page.click(card(title));
  await page.waitForSelector(tid("share"));
  await page.click(tid("share"));
  await page.waitForSelector(tid("share-step-1"));
}

async function toLibrary(page) {
  // Esc in a field with text in it keeps the text (and the screen): leave the field first.
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  while ((await page.locator(tid("search")).count()) === 0) {
    await page.keyboard.press("Escape");
    await page.waitForTimeout(50);
  }
}

describe("Sharing an SD-JWT credential: what to reveal, who it is for, the QR code and files", () => {
  let app;
  before(async () => {
    app = await openApp(browser, env, { mock: MOCK });
    await app.page.waitForSelector(tid("credential-card"));
  });
  after(async () => {
    await app.context.close();
  });

  it("opens from the credential page with sensitive claims unticked, and previews exactly what is chosen", async () => {
    const { page } = app;
    await openShare(page, SD);
    await page.waitForSelector(tid("preview-row"));
    assert.equal(await page.innerText("h1"), `Share “${SD}”`);
    assert.equal(await activeText(page), "What to reveal", "the step's heading has the focus");
    assert.match(await page.innerText(tid("share-steps")), /1\s*Step 1 of 3:\s*What to reveal[\s\S]*2\s*Step 2 of 3:\s*Who it is for[\s\S]*3\s*Step 3 of 3:\s*Share/);

    // Names are ticked; the birth date, grade, email, address and nationalities are not, and are marked.
    assert.deepEqual(await ticks(page), {
      given_name: true,
      family_name: true,
      birthdate: false,
      grade: false,
      email: false,
      address: false,
      "address.street_address": false,
      "address.locality": false,
      "address.postal_code": false,
      "address.country": false,
      "nationalities.0": false,
      "nationalities.1": false,
    });
    const marked = await page.locator(tid("sensitive-tag")).evaluateAll((els) => els.map((e) => e.closest('[data-testid="claim-item"]').dataset.path));
    assert.deepEqual(marked, ["birthdate", "grade", "email", "address", "nationalities"]);
    // The course is always shown: listed, with no checkbox.
    assert.match(await page.locator(tid("always-shown")).first().innerText(), /Course\s*always shown/);
    assert.equal(await page.locator(`${tid("claim-item")}[data-path="course"] input`).count(), 0);

    assert.deepEqual(await rows(page, "preview"), [...COURSE_ROWS, ["First name", "Ana"], ["Last name", "Novak"], ["Nationalities", "(none shown)"]]);
    await keptBack(page, "Kept back: 5 claims: Date of birth, Grade, Email, Address, Nationalities");
    assert.doesNotMatch(await page.innerText(tid("share-preview")), /2001|1\.3|ana\.novak|Herrengasse|Graz|8010|Slovenia|Austria/);

    // Reveal 2 of the 7: the grade (by keyboard) instead of the last name.
    await page.focus(cb("grade"));
    await page.keyboard.press("Space");
    await page.click(cb("family_name"));
    await keptBack(page, "Kept back: 5 claims: Last name, Date of birth, Email, Address, Nationalities");
    assert.deepEqual(await rows(page, "preview"), [...COURSE_ROWS, ["First name", "Ana"], ["Grade", "1.3"], ["Nationalities", "(none shown)"]]);
    assert.doesNotMatch(await page.innerText(tid("preview")), /Novak|Last name/);
    const previews = await callsOf(page, "preview_share");
    assert.deepEqual(previews.at(-1).disclose, ["given_name", "grade"], "the preview is the backend's, for exactly the ticked claims");
    // The exact data sent is there for the curious.
    await page.click(`${tid("share-preview")} summary`);
    const exact = JSON.parse(await page.innerText(`${tid("share-preview")} pre`));
    assert.equal(exact.grade, "1.3");
    assert.equal(exact.family_name, undefined);
    await page.click(`${tid("share-preview")} summary`);
    await shot(page, "80-share-choose", { fullPage: true });
  });

  it("ticking a part of a claim reveals the claim it sits in, and says so", async () => {
    const { page } = app;
    await page.click(cb("address.country"));
    await keptBack(page, "Kept back: 7 claims: Last name, Date of birth, Email, Street (Address), Town or city (Address), Postcode (Address), Nationalities");
    assert.equal((await ticks(page)).address, "partial");
    assert.match(await page.innerText(tid("implied-note")), /^Revealed because you ticked a part of it: only the ticked parts inside are shown\.$/);
    const preview = await page.innerText(tid("share-preview"));
    assert.match(preview, /Address\s*Country\s*Austria \(AT\)/);
    assert.doesNotMatch(preview, /Herrengasse|Graz|8010/);
    await shot(page, "81-share-implied", { fullPage: true });

    // Unticking its only part leaves the address kept back whole.
    await page.click(cb("address.country"));
    await keptBack(page, "Kept back: 5 claims: Last name, Date of birth, Email, Address, Nationalities");
    assert.equal((await ticks(page)).address, false);
    assert.equal(await page.locator(tid("implied-note")).count(), 0);
  });

  it("asks who it is for: the audience is required, and Esc goes back a step keeping the choice", async () => {
    const { page } = app;
    await page.click(tid("share-next"));
    await page.waitForSelector(tid("share-step-2"));
    assert.equal(await activeText(page), "Who it is for");
    assert.equal(await page.innerText(tid("share-revealing")), "You reveal: First name, Grade");
    assert.equal(await page.locator(`${tid("share-valid")}:checked`).getAttribute("value"), "10", "10 minutes unless chosen otherwise");
    assert.deepEqual(
      await page.locator(tid("share-valid")).evaluateAll((els) => els.map((e) => e.parentElement.textContent.trim())),
      ["10 minutes", "1 hour", "1 day", "7 days"],
    );

    await page.click(tid("share-make"));
    await page.waitForSelector(tid("share-audience-error"));
    assert.equal(await page.innerText(tid("share-audience-error")), "Say who it is for: the employer's website or name.");
    assert.equal(await page.getAttribute(tid("share-audience"), "aria-invalid"), "true");
    assert.equal(await activeTestId(page), "share-audience");
    assert.equal((await callsOf(page, "share_credentials")).length, 0, "nothing is made without an audience");

    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("share-step-1"));
    const kept = await ticks(page);
    assert.equal(kept.grade, true);
    assert.equal(kept.family_name, false);
    await page.click(tid("share-next"));
    await page.fill(tid("share-audience"), "https://jobs.example.com");
    assert.equal(await page.locator(tid("share-audience-error")).count(), 0);
    await shot(page, "82-share-audience");
  });

  it("makes the presentation with progress, then shows the QR code, the code Tessera made, the expiry and what was revealed", async () => {
    const { page } = app;
    await page.evaluate(() => (window.__tesseraMock.options.latencyMs = 500));
    await page.click(tid("share-make"));
    await page.waitForSelector(tid("share-progress"));
    assert.equal(await page.innerText(tid("share-progress")), "Making and signing the presentation…");
    await page.waitForSelector(tid("share-result"));
    await page.evaluate(() => (window.__tesseraMock.options.latencyMs = 0));
    assert.equal(await activeText(page), "Ready to share with https://jobs.example.com");

    const [args] = await callsOf(page, "share_credentials");
    assert.deepEqual(args, { ids: ["c1"], audience: "https://jobs.example.com", nonce: null, disclose: ["given_name", "grade"], validMinutes: 10 });

    assert.equal(await page.locator(tid("qr-image")).count(), 1);
    assert.equal(await page.locator(tid("qr-parts")).count(), 0, "one code: no parts to step through");
    const qr = await page.$eval(tid("qr-image"), (img) => ({ src: img.src.slice(0, 22), w: img.naturalWidth, alt: img.alt }));
    assert.deepEqual(qr, { src: "data:image/png;base64,", w: qr.w, alt: "QR code of the presentation" });
    assert.ok(qr.w > 100, "the QR image decodes");

    const made = await page.innerText(tid("share-nonce-made"));
    assert.match(made, /^Code for the employer\s*[A-Za-z0-9_-]{22}\s*Copy\s*Tessera made this code because you had none\. Give it to the employer/);
    assert.match(await page.innerText(tid("share-expires")), /\(in 10 minutes\)$/);
    assert.equal(await page.innerText(tid("share-revealed")), "First name, Grade");
    assert.equal(await page.innerText(tid("share-kept")), "Last name, Date of birth, Email, Address, Nationalities");
    assert.match(await page.innerText(tid("share-recorded")), /This is recorded in your share log\.\s*Open the share log/);
    await shot(page, "83-share-qr", { fullPage: true });
  });

  it("shows the QR code full screen with Enter; Esc closes it and returns focus", async () => {
    const { page } = app;
    await page.focus(tid("qr-open"));
    await page.keyboard.press("Enter");
    await page.waitForSelector(`${tid("qr-overlay")}[open]`);
    assert.equal(await activeTestId(page), "qr-overlay-close");
    const box = await page.locator(tid("qr-overlay-image")).boundingBox();
    assert.ok(box.height > 600 && box.width > 600, `large enough to scan across a desk (${box.width}×${box.height})`);
    const bg = await page.$eval(tid("qr-overlay"), (d) => getComputedStyle(d).backgroundColor);
    assert.equal(bg, "rgb(255, 255, 255)");
    await shot(page, "84-share-qr-fullscreen");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector('[data-testid="qr-overlay"]').open);
    assert.equal(await activeTestId(page), "qr-open");
    assert.equal(await page.locator(tid("share-result")).count(), 1, "Esc closed the overlay only");
  });

  it("saves the presentation as a file and as a QR image, and says why when it cannot", async () => {
    const { page } = app;
    const text = await page.evaluate(() => window.__tesseraMock.lastPresentation());
    await setSave(page, `${DOCS}/cloud.sd-jwt`);
    await page.click(tid("save-file"));
    await page.waitForSelector(tid("saved"));
    assert.equal(await savedText(page), `Saved: ${DOCS}/cloud.sd-jwt`);
    const dialogs = () => page.evaluate(() => window.__tesseraMock.calls.filter((c) => c.cmd === "plugin:dialog|save").map((c) => c.args.options));
    let d = (await dialogs()).at(-1);
    assert.equal(d.defaultPath, "cloud-computing-essentials.sd-jwt");
    assert.deepEqual(d.filters.map((f) => f.extensions), [["sd-jwt"]]);
    assert.deepEqual((await callsOf(page, "save_presentation")).at(-1), { text, path: `${DOCS}/cloud.sd-jwt` });

    await setSave(page, `${DOCS}/cloud-qr.png`);
    await page.click(tid("save-qr"));
    await page.waitForFunction((p) => document.querySelector('[data-testid="saved"]')?.textContent?.includes(p), "cloud-qr.png");
    d = (await dialogs()).at(-1);
    assert.equal(d.defaultPath, "cloud-computing-essentials-qr.png");
    assert.deepEqual(d.filters.map((f) => f.extensions), [["png"], ["svg"]]);

    // The printable sheet: a PDF, from the same presentation.
    await setSave(page, `${DOCS}/cloud-sheet`);
    await page.click(tid("save-sheet"));
    await page.waitForFunction((p) => document.querySelector('[data-testid="saved"]')?.textContent?.includes(p), "cloud-sheet.pdf");
    d = (await dialogs()).at(-1);
    assert.equal(d.defaultPath, "cloud-computing-essentials-sheet.pdf");
    assert.deepEqual(d.filters.map((f) => f.extensions), [["pdf"]]);
    assert.deepEqual((await callsOf(page, "save_share_sheet")).at(-1), { text, path: `${DOCS}/cloud-sheet` });

    // Cancelled: nothing written, nothing said.
    const writes = (await callsOf(page, "save_presentation")).length;
    const asked = (await dialogs()).length;
    await setSave(page, null);
    await page.click(tid("save-file"));
    await page.waitForFunction((n) => window.__tesseraMock.calls.filter((c) => c.cmd === "plugin:dialog|save").length > n, asked);
    assert.equal((await callsOf(page, "save_presentation")).length, writes);

    await setSave(page, "/media/readonly/cloud.sd-jwt");
    await page.click(tid("save-file"));
    await page.waitForSelector(tid("save-error"));
    assert.equal(await page.innerText(tid("save-error")), "The presentation could not be written to /media/readonly/cloud.sd-jwt: Permission denied (os error 13).");
    assert.equal(await page.locator(tid("saved")).count(), 0, "no stale success");
    await page.locator(tid("save-error")).scrollIntoViewIfNeeded();
    await shot(page, "85-share-save-error");

    await page.evaluate(() => (window.__tesseraMock.options.saveDialogError = "dialog.save not allowed"));
    await page.click(tid("save-qr"));
    await page.waitForFunction(() => document.querySelector('[data-testid="save-error"]')?.textContent === "The file chooser could not be opened.");
    await page.evaluate(() => (window.__tesseraMock.options.saveDialogError = null));
  });

  it("records the share in the log; back from the log returns to the credential with Share focused", async () => {
    const { page } = app;
    await page.click(tid("open-share-log"));
    await page.waitForSelector(tid("share-entry"));
    assert.equal(await activeText(page), "Share log");
    assert.equal(await page.locator(tid("share-entry")).count(), 1);
    const entry = await page.innerText(tid("share-entry"));
    assert.match(entry, /^To https:\/\/jobs\.example\.com\s*(just now|1 minute ago) · /);
    assert.match(entry, /Cloud Computing Essentials\s*Revealed\s*First name, Grade\s*Kept back\s*Last name, Date of birth, Email, Address, Nationalities \(entries 1, 2\)/);
    assert.match(entry, /Valid until .+ \(in (9|10) minutes\)\s*Signed with your Ed25519 key\s*SD-JWT presentation\s*Code:\s*[A-Za-z0-9_-]{22}/);
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("credential-title"));
    assert.equal(await page.innerText(tid("credential-title")), SD);
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "share");
    noProblems(app.problems);
  });
});

describe("Whole credentials, several QR codes, the share log and checking presentations", () => {
  let app;
  before(async () => {
    app = await openApp(browser, env, { mock: MOCK });
    await app.page.waitForSelector(tid("credential-card"));
  });
  after(async () => {
    await app.context.close();
  });

  it("says plainly that a Data Integrity credential can only be shared whole, and shows everything in it", async () => {
    const { page } = app;
    await openShare(page, BADGE);
    await page.waitForSelector(tid("preview-row"));
    assert.equal(
      await page.locator(`${tid("whole-only")} p`).first().innerText(),
      "This credential can only be shared whole. Everything in it is revealed.",
    );
    assert.equal(await page.locator(tid("claim-checkbox")).count(), 0);
    const shown = await rows(page, "preview");
    for (const row of [
      ["Name", BADGE],
      ["Name", "Nordic Digital Academy"],
      ["Valid from", "20 May 2025"],
      ["Type", "Badge"],
      ["Image", "Sustainable Web Design badge"],
    ]) {
      assert.ok(shown.some((r) => r[0] === row[0] && r[1] === row[1]), `${row.join(": ")} is in the preview`);
    }
    assert.equal(await page.locator(`${tid("share-preview")} img`).count(), 1, "the badge image is shown as a picture");
    assert.doesNotMatch(await page.innerText(tid("share-preview")), /proofValue|base64/);
    assert.equal((await callsOf(page, "preview_share")).length, 0);
    await shot(page, "86-share-whole-only", { fullPage: true });
  });

  it("shares it in three codes: step through them, play them, and save them as three images", async () => {
    const { page } = app;
    await page.click(tid("share-next"));
    await page.fill(tid("share-audience"), "https://hr.example.org");
    await page.fill(tid("share-nonce"), "hr-2025-0042");
    await page.click(`label:has(${tid("share-valid")}[value="1440"])`);
    await page.focus(tid("share-nonce"));
    await page.keyboard.press("Enter"); // submits the form
    await page.waitForSelector(tid("share-result"));
    const [args] = await callsOf(page, "share_credentials");
    assert.deepEqual(args, { ids: ["c3"], audience: "https://hr.example.org", nonce: "hr-2025-0042", disclose: ["all"], validMinutes: 1440 });

    const position = () => page.innerText(tid("qr-position"));
    const src = () => page.getAttribute(tid("qr-image"), "src");
    assert.equal(await position(), "Code 1 of 3");
    assert.match(await page.innerText(tid("share-step-3")), /This presentation is too long for one code: the employer scans all 3 codes, in any order\./);
    const first = await src();
    await page.click(tid("qr-next"));
    assert.equal(await position(), "Code 2 of 3");
    assert.notEqual(await src(), first);
    assert.equal(await page.getAttribute(tid("qr-image"), "alt"), "QR code 2 of 3 of the presentation");
    await page.click(tid("qr-prev"));
    await page.click(tid("qr-prev"));
    assert.equal(await position(), "Code 3 of 3", "it wraps around");
    await page.focus(tid("qr-next"));
    await page.keyboard.press("Enter");
    assert.equal(await position(), "Code 1 of 3");
    assert.equal(await src(), first);

    // Playing shows one code after another until stopped.
    await page.click(tid("qr-play"));
    assert.equal(await page.getAttribute(tid("qr-play"), "aria-pressed"), "true");
    await page.waitForFunction(() => document.querySelector('[data-testid="qr-position"]').textContent === "Code 2 of 3", null, { timeout: 4000 });
    await page.click(tid("qr-play"));
    assert.equal(await page.getAttribute(tid("qr-play"), "aria-pressed"), "false");

    // Full screen: arrows step through the codes.
    await page.click(tid("qr-open"));
    await page.waitForSelector(`${tid("qr-overlay")}[open]`);
    const at = await page.innerText(tid("qr-overlay-position"));
    await page.keyboard.press("ArrowRight");
    assert.notEqual(await page.innerText(tid("qr-overlay-position")), at);
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector('[data-testid="qr-overlay"]').open);

    assert.match(await page.innerText(tid("share-facts")), /Their code\s*hr-2025-0042/);
    assert.equal(await page.locator(tid("share-nonce-made")).count(), 0, "their own code: nothing to pass on");
    assert.equal(await page.innerText(tid("share-revealed")), "Everything in this credential");
    assert.match(await page.innerText(tid("share-expires")), /\(in 1 day\)$/);

    await setSave(page, `${DOCS}/web-design-qr.png`);
    await page.click(tid("save-qr"));
    await page.waitForSelector(tid("saved"));
    assert.equal(await savedText(page), `Saved 3 files: ${DOCS}/web-design-qr-1.png ${DOCS}/web-design-qr-2.png ${DOCS}/web-design-qr-3.png`);
    await page.click(tid("qr-prev"));
    await shot(page, "87-share-multi", { fullPage: true });
  });

  it("says when a kind of credential cannot be shared yet", async () => {
    const { page } = app;
    await page.click(tid("share-done"));
    await page.waitForSelector(tid("credential-title"));
    assert.equal(await activeTestId(page), "share");
    await page.click(tid("credential-back"));
    await openShare(page, "First Aid at Work");
    assert.match(await page.innerText(tid("share-unsupported")), /^Tessera cannot share this kind of credential yet \(Verifiable Credential \(JWT\)\)\./);
    assert.equal(await page.locator(tid("share-next")).count(), 0);
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("credential-title"));
    await page.click(tid("credential-back"));
  });

  it("lists the shares newest first, and deletes an entry after confirming", async () => {
    const { page } = app;
    // An SD-JWT share first, so the log has two.
    await openShare(page, SD);
    await page.click(tid("share-next"));
    await page.fill(tid("share-audience"), "https://jobs.example.com");
    await page.click(tid("share-make"));
    await page.waitForSelector(tid("share-result"));
    await setSave(page, `${DOCS}/cloud.sd-jwt`);
    await page.click(tid("save-file"));
    await page.waitForSelector(tid("saved"));
    await page.click(tid("share-done"));
    await page.click(tid("credential-back"));

    // Keyboard: ↓ on the Sharing button opens its menu on the first item.
    await page.focus(tid("sharing-menu"));
    await page.keyboard.press("ArrowDown");
    assert.equal(await activeTestId(page), "open-shares");
    await page.keyboard.press("Enter");
    await page.waitForSelector(tid("share-entry"));
    const entries = page.locator(tid("share-entry"));
    assert.equal(await entries.count(), 2);
    assert.match(await entries.nth(0).innerText(), /^To https:\/\/jobs\.example\.com[\s\S]*Revealed\s*First name, Last name/);
    assert.match(await entries.nth(1).innerText(), /^To https:\/\/hr\.example\.org[\s\S]*Sustainable Web Design\s*Revealed\s*everything[\s\S]*Valid until .+ \(in 1 day\)[\s\S]*Verifiable Presentation\s*Code:\s*hr-2025-0042/);
    await shot(page, "88-share-log", { fullPage: true });

    await entries.nth(0).locator(tid("delete-share")).click();
    await page.waitForSelector("dialog[open]");
    assert.match(await page.innerText("dialog[open]"), /Delete this entry\?[\s\S]*This does not take back the presentation: it stays valid until it expires\./);
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog[open]", { state: "detached" });
    assert.equal(await entries.count(), 2, "Esc keeps it");
    await entries.nth(0).locator(tid("delete-share")).click();
    await page.click(tid("delete-share-confirm"));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="share-entry"]').length === 1);
    assert.equal(await page.innerText(tid("shares-notice")), "The entry for https://jobs.example.com was deleted.");
    assert.equal(await activeTestId(page), "delete-share", "focus moves to the next entry's Delete");
    assert.match(await entries.nth(0).innerText(), /^To https:\/\/hr\.example\.org/);

    await page.click(tid("delete-share"));
    await page.click(tid("delete-share-confirm"));
    await page.waitForSelector(tid("shares-empty"));
    assert.match(await page.innerText(tid("shares-empty")), /You have not shared anything yet\.[\s\S]*To share one, open a credential and choose Share\./);
    await shot(page, "89-share-log-empty");
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("search"));
    assert.equal(await activeTestId(page), "sharing-menu");
  });

  it("accepts a pasted presentation made for the employer, with their code", async () => {
    const { page } = app;
    await page.click(tid("sharing-menu"));
    await page.click(tid("open-checker"));
    await page.waitForSelector(tid("checker"));
    assert.equal(await activeText(page), "Check a presentation");

    // Nothing pasted, or not a presentation: said in words.
    await page.click(tid("checker-check-text"));
    assert.equal(await page.innerText(`${tid("checker")} #checker-text-error`), "Paste the presentation's text first.");
    await page.fill(tid("checker-text"), "hello");
    await page.click(tid("checker-check-text"));
    await page.waitForSelector(tid("checker-error"));
    assert.match(await page.innerText(tid("checker-error")), /This could not be checked\.\s*It cannot be read: it is neither an SD-JWT presentation nor a Verifiable Presentation\./);

    // The badge presentation, for hr.example.org with their code.
    const vp = await page.evaluate(() => window.__tesseraMock.files.get("/home/learner/Documents/web-design-qr-1.png").text);
    await page.fill(tid("expected-audience"), "https://hr.example.org");
    await page.fill(tid("expected-nonce"), "hr-2025-0042");
    await page.fill(tid("checker-text"), vp);
    await page.click(tid("checker-check-text"));
    await page.waitForSelector(tid("verdict"));
    assert.equal(await page.locator(tid("checker-error")).count(), 0, "no stale error");
    assert.equal(await page.getAttribute(tid("verdict"), "data-kind"), "accepted");
    assert.equal(await activeText(page), "Accepted");
    assert.match(await page.innerText(tid("verdict")), /Accepted\s*Genuine and unchanged, presented by the person it was issued to, and still valid\.\s*Checked: pasted text/);
    assert.equal(await page.locator(tid("not-compared")).count(), 0);
    assert.match(await page.innerText(tid("report-issuer")), /Nordic Digital Academy\s*did:web:nordic-digital\.example/);
    assert.equal(await page.innerText(tid("report-audience")), "https://hr.example.org");
    assert.ok((await rows(page, "disclosed")).some((r) => r[0] === "Image" && r[1] === "Sustainable Web Design badge"));
    const checks = await page.locator(tid("report-check")).evaluateAll((els) => els.map((e) => `${e.dataset.check}:${e.dataset.result}`));
    assert.deepEqual(checks, [
      "holder-binding:pass",
      "holder-binding:pass",
      "audience:pass",
      "nonce:pass",
      "expiry:pass",
      "signature:pass",
      "issuer-key:pass",
      "validity:pass",
    ]);
    await shot(page, "90-check-accepted", { fullPage: true });
  });

  it("does not accept it with another code, and says which check failed", async () => {
    const { page } = app;
    await page.fill(tid("expected-nonce"), "hr-2025-9999");
    await page.click(tid("checker-again"));
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.dataset.kind === "rejected");
    assert.equal(await page.innerText(tid("verdict-title")), "Not accepted: the code does not match");
    assert.match(await page.innerText(tid("verdict")), /It was not made for your request: it may be a copy of an earlier presentation\./);
    const nonce = page.locator(`${tid("report-check")}[data-check="nonce"]`);
    assert.equal(await nonce.getAttribute("data-result"), "fail");
    assert.match(await nonce.innerText(), /Code \(nonce\)\s*failed\s*The code does not match[\s\S]*Its nonce is "hr-2025-0042", not "hr-2025-9999"/);
    assert.equal(await page.locator(`${tid("report-check")}[data-result="fail"]`).count(), 1, "only the nonce failed");
    await shot(page, "91-check-wrong-nonce");
  });

  it("checks a saved file chosen in the dialog, and says what was not compared", async () => {
    const { page } = app;
    await page.fill(tid("expected-audience"), "https://jobs.example.com");
    await page.fill(tid("expected-nonce"), "");
    await setDialog(page, [`${DOCS}/cloud.sd-jwt`]);
    await page.click(tid("checker-choose"));
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.dataset.kind === "accepted");
    const open = await page.evaluate(() => window.__tesseraMock.calls.filter((c) => c.cmd === "plugin:dialog|open").at(-1).args.options);
    assert.equal(open.multiple, true);
    assert.deepEqual(open.filters[0].extensions, ["sd-jwt", "json", "txt", "png", "svg"]);
    assert.deepEqual((await callsOf(page, "check_presentation_files")).at(-1), { paths: [`${DOCS}/cloud.sd-jwt`], audience: "https://jobs.example.com", nonce: null });
    assert.equal(await page.innerText(tid("not-compared")), "The code was not compared, because you did not enter one above.");
    assert.equal(await page.getAttribute(`${tid("report-check")}[data-check="nonce"]`, "data-result"), "warn");
    assert.match(await page.innerText(tid("verdict")), /Checked: cloud\.sd-jwt/);
    assert.deepEqual(await rows(page, "disclosed"), [...COURSE_ROWS, ["First name", "Ana"], ["Last name", "Novak"], ["Nationalities", "(none shown)"]]);
    assert.doesNotMatch(await page.innerText(tid("report-disclosed")), /1\.3|2001|ana\.novak|Herrengasse/);
    assert.match(await page.innerText(tid("report-facts")), /Graz University of Applied Sciences\s*https:\/\/credentials\.fh-graz\.example/);
    await shot(page, "92-check-file", { fullPage: true });
  });

  it("reads a presentation from its QR code images, and says when one is missing", async () => {
    const { page } = app;
    await page.fill(tid("expected-audience"), "https://hr.example.org");
    await setDialog(page, [`${DOCS}/web-design-qr-3.png`, `${DOCS}/web-design-qr-1.png`]);
    await page.click(tid("checker-choose"));
    await page.waitForSelector(tid("checker-error"));
    assert.match(await page.innerText(tid("checker-error")), /part 2 of 3 is missing: scan every code of the presentation/);
    assert.equal(await page.locator(tid("verdict")).count(), 0, "no stale verdict");
    await setDialog(page, [`${DOCS}/web-design-qr-3.png`, `${DOCS}/web-design-qr-1.png`, `${DOCS}/web-design-qr-2.png`]);
    await page.click(tid("checker-choose"));
    await page.waitForSelector(tid("verdict"));
    assert.equal(await page.getAttribute(tid("verdict"), "data-kind"), "accepted");
    assert.match(await page.innerText(tid("verdict")), /Checked: web-design-qr-3\.png, web-design-qr-1\.png, web-design-qr-2\.png/);
  });

  it("checks files dropped on the window, and text pasted into it, instead of importing them", async () => {
    const { page } = app;
    await page.evaluate(() => window.__tesseraMock.dragEnter(["x"]));
    await page.waitForSelector(tid("drop-overlay"));
    assert.match(await page.innerText(tid("drop-overlay")), /Drop the presentation to check it/);
    await page.fill(tid("expected-audience"), "https://jobs.example.com");
    await page.evaluate((d) => window.__tesseraMock.drop([`${d}/cloud.sd-jwt`]), DOCS);
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.textContent.includes("cloud.sd-jwt"));
    assert.equal((await callsOf(page, "import_files")).length, 0, "nothing was imported");
    assert.equal(await page.locator(tid("checker")).count(), 1);

    // Pasting (Ctrl+V with no field focused) checks the text too, and imports nothing.
    const vp = await page.evaluate(() => window.__tesseraMock.files.get("/home/learner/Documents/web-design-qr-1.png").text);
    await page.fill(tid("expected-audience"), "https://hr.example.org");
    await page.click("h1");
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
    }, vp);
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.textContent.includes("pasted text"));
    assert.equal(await page.inputValue(tid("checker-text")), vp, "the pasted text is shown where it can be read");
    assert.equal(await page.getAttribute(tid("verdict"), "data-kind"), "accepted");
    assert.equal((await callsOf(page, "import_text")).length, 0, "nothing was imported");

    // Back in the library, a drop imports again.
    await page.click("h1");
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("search"));
    await page.evaluate(() => window.__tesseraMock.drop(["/home/learner/Downloads/machine-learning.json"]));
    await page.waitForSelector(card("Machine Learning Foundations"));
    noProblems(app.problems);
  });
});

describe("Sharing in German", () => {
  it("speaks German in the share flow, the share log and the checker", async () => {
    const app = await openApp(browser, env, { locale: "de-DE", mock: MOCK });
    const { page } = app;
    await page.waitForSelector(tid("credential-card"));
    assert.match(await page.innerText(tid("sharing-menu")), /Teilen/);
    await page.click(card(SD));
    assert.match(await page.innerText(tid("share")), /Teilen…/);
    await page.click(tid("share"));
    await page.waitForSelector(tid("preview-row"));
    assert.equal(await page.innerText("h1"), `„${SD}“ teilen`);
    assert.match(await page.innerText(tid("share-steps")), /Was du zeigst[\s\S]*Für wen[\s\S]*Teilen/);
    assert.equal(await page.locator(tid("sensitive-tag")).first().innerText(), "heikel");
    assert.match(await page.innerText(tid("share-preview")), /Das sieht der Arbeitgeber[\s\S]*Vorname\s*Ana[\s\S]*Nachname\s*Novak/);
    await keptBack(page, "Zurückbehalten: 5 Angaben: Geburtsdatum, Note, E-Mail, Adresse, Nationalitäten");
    await shot(page, "93-de-share-choose", { fullPage: true });

    await page.click(tid("share-next"));
    assert.match(await page.innerText(tid("share-step-2")), /Für wen ist sie\?[\s\S]*Wie lange sie gültig ist[\s\S]*10 Minuten\s*1 Stunde\s*1 Tag\s*7 Tage/);
    await page.click(tid("share-make"));
    assert.equal(await page.innerText(tid("share-audience-error")), "Gib an, für wen sie ist: die Website oder den Namen des Arbeitgebers.");
    await page.fill(tid("share-audience"), "https://jobs.example.com");
    await page.click(tid("share-make"));
    await page.waitForSelector(tid("share-result"));
    assert.match(await page.innerText(tid("share-step-3")), /Bereit zum Teilen mit https:\/\/jobs\.example\.com[\s\S]*Gültig bis\s*.+\(in 10 Minuten\)\s*Code für den Arbeitgeber[\s\S]*Gezeigt\s*Vorname, Nachname/);
    await shot(page, "94-de-share-qr", { fullPage: true });

    await page.click(tid("open-share-log"));
    await page.waitForSelector(tid("share-entry"));
    assert.match(await page.innerText(tid("share-entry")), /^An https:\/\/jobs\.example\.com\s*(gerade eben|vor 1 Minute)[\s\S]*Gezeigt\s*Vorname, Nachname\s*Zurückbehalten\s*Geburtsdatum, Note, E-Mail, Adresse, Nationalitäten \(Einträge 1, 2\)[\s\S]*Signiert mit deinem Ed25519-Schlüssel/);
    await shot(page, "95-de-share-log");

    const text = await page.evaluate(() => window.__tesseraMock.lastPresentation());
    await toLibrary(page);
    await page.click(tid("sharing-menu"));
    assert.match(await page.innerText("#sharing-menu-list"), /Geteilte Nachweise[\s\S]*Geteilten Nachweis prüfen/);
    await page.click(tid("open-checker"));
    await page.fill(tid("expected-audience"), "https://jobs.example.com");
    await page.fill(tid("checker-text"), text);
    await page.click(tid("checker-check-text"));
    await page.waitForSelector(tid("verdict"));
    assert.match(await page.innerText(tid("verdict")), /Angenommen[\s\S]*Der Code wurde nicht verglichen, weil du oben keinen eingegeben hast\./);
    assert.match(await page.innerText(tid("report-checks")), /Alle Prüfungen[\s\S]*Die Weitergabe[\s\S]*Vom Inhaber vorgelegt[\s\S]*Der Nachweis/);
    await shot(page, "95-de-check", { fullPage: true });
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("Sharing in dark", () => {
  it("renders the share flow, the QR code on white, and the checker in dark", async () => {
    const app = await openApp(browser, env, { colorScheme: "dark", mock: MOCK });
    const { page } = app;
    await page.waitForSelector(tid("credential-card"));
    await openShare(page, SD);
    await page.waitForSelector(tid("preview-row"));
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.match(bg, /rgb\(17, 19, 22\)/, "dark background");
    await page.click(cb("address.country"));
    await keptBack(page, "Kept back: 7 claims: Date of birth, Grade, Email, Street (Address), Town or city (Address), Postcode (Address), Nationalities");
    await shot(page, "96-dark-share-choose", { fullPage: true });
    await page.click(tid("share-next"));
    await page.fill(tid("share-audience"), "https://jobs.example.com");
    await page.click(tid("share-make"));
    await page.waitForSelector(tid("share-result"));
    const qrBg = await page.$eval(tid("qr-open"), (b) => getComputedStyle(b).backgroundColor);
    assert.equal(qrBg, "rgb(255, 255, 255)", "the code stays on white, so it scans");
    await shot(page, "97-dark-share-qr", { fullPage: true });

    const text = await page.evaluate(() => window.__tesseraMock.lastPresentation());
    await toLibrary(page);
    await page.click(tid("sharing-menu"));
    await page.click(tid("open-checker"));
    await page.fill(tid("expected-audience"), "https://jobs.example.com");
    await page.fill(tid("expected-nonce"), "not-the-code");
    await page.fill(tid("checker-text"), text);
    await page.click(tid("checker-check-text"));
    await page.waitForSelector(tid("verdict"));
    await shot(page, "98-dark-check", { fullPage: true });
    await toLibrary(page);
    await page.click(tid("sharing-menu"));
    await page.click(tid("open-shares"));
    await page.waitForSelector(tid("share-entry"));
    // Only the country was revealed of the address: the log does not say "Address".
    assert.equal(await page.innerText(tid("entry-revealed")), "First name, Last name, Country (Address)");
    assert.equal(
      await page.innerText(tid("entry-withheld")),
      "Date of birth, Grade, Email, Street (Address), Town or city (Address), Postcode (Address), Nationalities (entries 1, 2)",
    );
    await shot(page, "98-dark-share-log");
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("Sharing at 200% zoom", () => {
  it("fits the share flow and the checker at 200% zoom", async () => {
    const app = await openApp(browser, env, { viewport: { width: 600, height: 410 }, deviceScaleFactor: 2, mock: MOCK });
    const { page } = app;
    await page.waitForSelector(tid("credential-card"));
    // The Sharing menu opens inside the window.
    await page.click(tid("sharing-menu"));
    const menu = await page.locator("#sharing-menu-list").boundingBox();
    assert.ok(menu.x >= 0 && menu.x + menu.width <= 600, `the menu fits (${menu.x}, ${menu.width})`);
    await shot(page, "99-zoom-sharing-menu");
    await page.keyboard.press("Escape");
    assert.equal(await activeTestId(page), "sharing-menu");
    await openShare(page, SD);
    await page.waitForSelector(tid("preview-row"));
    assert.ok((await overflow(page)) <= 0, "no sideways scrolling");
    // One column: the preview comes after the claims.
    const tree = await page.locator(tid("claim-tree")).boundingBox();
    const preview = await page.locator(tid("share-preview")).boundingBox();
    assert.ok(preview.y >= tree.y + tree.height, "the preview is below the claims");
    await shot(page, "99-zoom-share-choose", { fullPage: true });
    await page.click(tid("share-next"));
    await page.fill(tid("share-audience"), "https://jobs.example.com");
    await page.click(tid("share-make"));
    await page.waitForSelector(tid("share-result"));
    assert.ok((await overflow(page)) <= 0, "no sideways scrolling");
    const qr = await page.locator(tid("qr-open")).boundingBox();
    assert.ok(qr.width >= 250 && qr.x >= 0 && qr.x + qr.width <= 600, `the code fits (${qr.x}, ${qr.width})`);
    await shot(page, "99-zoom-share-qr", { fullPage: true });

    await page.click(tid("qr-open"));
    await page.waitForSelector(`${tid("qr-overlay")}[open]`);
    const full = await page.locator(tid("qr-overlay-image")).boundingBox();
    assert.ok(full.y + full.height <= 410 && full.height > 150, `the full-screen code fits the window (${full.height})`);
    await page.keyboard.press("Escape");

    const text = await page.evaluate(() => window.__tesseraMock.lastPresentation());
    await toLibrary(page);
    await page.click(tid("sharing-menu"));
    await page.click(tid("open-checker"));
    await page.fill(tid("checker-text"), text);
    await page.click(tid("checker-check-text"));
    await page.waitForSelector(tid("verdict"));
    assert.ok((await overflow(page)) <= 0, "no sideways scrolling");
    await shot(page, "99-zoom-check", { fullPage: true });
    noProblems(app.problems);
    await app.context.close();
  });
});
