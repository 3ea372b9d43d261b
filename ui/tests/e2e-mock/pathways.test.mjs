// Pathways against the mock backend in headless Chromium: the overview with percentages, a pathway's
// page (the capstone, groups as rows of filled and open tiles, the plan, expiries, what does not count,
// the rules), a tile opening its credential and "Where it counts" leading back, keyboard-only use,
// adding and removing pathway files, saving the advisor's summary, German, dark, 200% zoom and a narrow
// window. Screenshots go to tests/screenshots/6x–7x (look at them).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildMockScript, launch, openApp, requireBuild, requireChromium, shot, startPreview } from "./harness.mjs";

const tid = (id) => `[data-testid="${id}"]`;
const DOWNLOADS = "/home/learner/Downloads";
const AI = "urn:tessera:pathway:applied-ai-microdegree-eqf6";
const AI_TITLE = "Micro-Degree in Applied Artificial Intelligence";
const DA = "urn:tessera:pathway:data-analytics-short-cycle-eqf5";
const MECH = "urn:tessera:pathway:mechatronics-maintenance-badge-stack";
const CYBER = "urn:example:pathway:cyber-hygiene-smb";
const CYBER_TITLE = "Cyber Hygiene Certificate for Small Businesses";
const ROBOTICS_TITLE = "Robotics Technician Micro-Credential Stack";
const ML = "Machine Learning Foundations";
/** Every credential the pathways' fixtures use (the invalid one is refused on import). */
const PRELOAD = ["valid", "expired", "unknown", "edc", "revoked", "suspended", "ml", "nlp", "gdpr", "phishing"];
const MOCK = { state: "unlocked", preload: PRELOAD, pathways: [`${DOWNLOADS}/cyber-hygiene-certificate.json`] };

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

const card = (id) => `${tid("pathway-card")}[data-id="${id}"]`;
const activeAttr = (page, name) => page.evaluate((n) => document.activeElement?.getAttribute(n) ?? null, name);
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function openOverview(page) {
  await page.waitForSelector(tid("credential-card"));
  await page.click(tid("open-pathways"));
  await page.waitForSelector(tid("pathway-card"));
}

async function openPathway(page, id) {
  await page.click(`${tid("pathway-open")}[data-id="${id}"]`);
  await page.waitForSelector(tid("capstone"));
}

/** The text of a group's filled tiles and of its open tiles. */
async function groupTiles(page, groupId) {
  const g = page.locator(`${tid("group")}[data-id="${groupId}"]`);
  return {
    filled: await g.locator(tid("tile")).allInnerTexts(),
    open: await g.locator(tid("open-tile")).allInnerTexts(),
  };
}

describe("Pathways: the overview, a pathway's stack, and where a credential counts", () => {
  let app;
  before(async () => {
    app = await openApp(browser, env, { mock: MOCK });
  });
  after(async () => {
    await app.context.close();
  });

  it("opens from the library and shows every pathway with its percentage", async () => {
    const { page } = app;
    await openOverview(page);
    assert.equal(await page.innerText("h1"), "Pathways");
    assert.equal(await page.locator(tid("pathway-card")).count(), 4);
    // Added by the learner first, then the shipped ones.
    assert.deepEqual(
      await page.locator(tid("pathway-card")).evaluateAll((els) => els.map((e) => e.getAttribute("data-id"))),
      [CYBER, AI, DA, MECH],
    );

    const cyber = await page.innerText(card(CYBER));
    assert.match(cyber, /100%/);
    assert.match(cyber, /Complete/);
    assert.match(cyber, /6 of 6 ECTS/);
    assert.match(cyber, /3 credentials count/);
    assert.match(cyber, /Added by you from cyber-hygiene-certificate\.json/);
    assert.equal(await page.locator(`${card(CYBER)} ${tid("remove-pathway")}`).count(), 1, "an added pathway can be removed");

    const ai = await page.innerText(card(AI));
    assert.match(ai, /50%/);
    assert.equal(await page.getAttribute(`${card(AI)} ${tid("percent")}`, "data-percent"), "50");
    assert.equal(await page.getAttribute(`${card(AI)} ${tid("percent")}`, "aria-label"), "50% of the way");
    assert.match(ai, /15 of 30 ECTS/);
    assert.match(ai, /Shipped with Tessera/);
    assert.doesNotMatch(ai, /Complete/);
    assert.equal(await page.locator(`${card(AI)} ${tid("remove-pathway")}`).count(), 0, "a shipped pathway cannot be removed");

    assert.match(await page.innerText(card(DA)), /36%[\s\S]*21 of 60 ECTS[\s\S]*6 credentials count/);
    assert.match(await page.innerText(card(MECH)), /0%[\s\S]*0 of 160 hours[\s\S]*No credential counts yet/);
    assert.ok((await overflow(page)) <= 0);
    await shot(page, "60-pathways-overview", { fullPage: true });

    // Esc goes back to the library, focusing the Pathways button; Enter opens the overview again.
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("search"));
    assert.equal(await activeAttr(page, "data-testid"), "open-pathways");
    await page.keyboard.press("Enter");
    await page.waitForSelector(tid("pathway-card"));
  });

  it("shows a partly done pathway: the capstone, its rows of filled and open tiles, and the plan", async () => {
    const { page } = app;
    await openPathway(page, AI);
    assert.equal(await page.innerText(tid("pathway-title")), AI_TITLE);
    assert.equal(await activeAttr(page, "data-testid"), "pathway-title", "the title has the focus");

    const capstone = await page.innerText(tid("capstone"));
    assert.match(capstone, /Pathway · Shipped with Tessera/);
    assert.match(capstone, /30 ECTS at EQF level 6 from at least two universities/);
    assert.match(capstone, /Completing it gives\s*30 ECTS\s*EQF level 6/);
    assert.equal((await page.innerText(tid("credits-counted"))).trim(), "15 of 30 ECTS counted");
    assert.equal(await page.getAttribute(`${tid("capstone")} ${tid("percent")}`, "data-percent"), "50");
    const meter = page.locator(`${tid("capstone")} [role="meter"]`);
    assert.equal(await meter.getAttribute("aria-valuenow"), "15");
    assert.equal(await meter.getAttribute("aria-valuemax"), "30");
    const fill = await meter.evaluate((el) => el.firstElementChild.getBoundingClientRect().width / el.getBoundingClientRect().width);
    assert.ok(Math.abs(fill - 0.5) < 0.02, `the bar is half full (${fill})`);
    assert.match(await page.innerText(tid("overall-missing")), /Still needed overall: 15 ECTS more/);
    assert.equal(await page.locator(tid("complete-line")).count(), 0);

    // Groups as rows: filled tiles first, then the open places with what would fill them.
    assert.deepEqual(
      await page.locator(tid("group")).evaluateAll((els) => els.map((e) => e.getAttribute("data-id"))),
      ["core", "electives", "capstone"],
    );
    const core = await groupTiles(page, "core");
    assert.equal(core.filled.length, 2);
    assert.match(core.filled[0], /Machine Learning Foundations[\s\S]*Technical University North[\s\S]*6 ECTS[\s\S]*EQF 6/);
    assert.match(core.filled[1], /Introduction to Data Science[\s\S]*5 ECTS/);
    assert.equal(core.open.length, 1);
    assert.match(core.open[0], /Required · Open/i);
    assert.match(core.open[0], /A credential matching 'ethic', 'ethik', 'responsible' or 'verantwort', with the skill ESCO e4b1c2d3…/);
    const coreGroup = page.locator(`${tid("group")}[data-id="core"]`);
    assert.match(await coreGroup.innerText(), /3 credentials required; at least 12 ECTS in this group/);
    assert.match(await coreGroup.innerText(), /11 of 12 ECTS in this part/);
    assert.match(await coreGroup.locator(tid("group-missing")).innerText(), /Still needs: 1 required credential · 1 ECTS more/);
    // The full skill address is kept, as the title of its short form.
    assert.equal(
      await coreGroup.locator(`${tid("open-tile")} .uri`).getAttribute("title"),
      "http://data.europa.eu/esco/skill/e4b1c2d3-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
    );
    const electives = await groupTiles(page, "electives");
    assert.equal(electives.filled.length, 1);
    assert.match(electives.filled[0], /Natural Language Processing Project/);
    assert.match(electives.open[0], /An elective: a credential with one of the skills/);
    const capstoneRow = await groupTiles(page, "capstone");
    assert.equal(capstoneRow.filled.length, 0);
    assert.match(capstoneRow.open[0], /A credential matching 'capstone', 'abschlussprojekt', 'project' or 'projekt', of at least 5 ECTS/);

    // What would complete it.
    const plan = await page.locator(tid("plan-line")).allInnerTexts();
    assert.equal(plan.length, 3);
    assert.match(plan[0], /^Core modules \(all three required\)\s+1 more credential worth at least 2 ECTS, namely a credential matching 'ethic'/);
    assert.match(plan[2], /^Capstone project\s+1 more credential worth at least 5 ECTS/);
    assert.equal(await page.locator(tid("plan-none")).count(), 0);

    // Expiring soonest: far off, so nothing is highlighted.
    const expiries = page.locator(tid("expiry"));
    assert.equal(await expiries.count(), 3);
    assert.match(await expiries.first().innerText(), /Machine Learning Foundations\s+in about \d+ (years|months) · Too old for this pathway from 10 Mar 2030\s+Counted credits would drop from 15 ECTS to 9 ECTS\./);
    assert.deepEqual(await expiries.evaluateAll((els) => els.map((e) => e.getAttribute("data-soon"))), ["false", "false", "false"]);

    // The rules and where the definition came from.
    const rules = await page.innerText(tid("rules"));
    assert.match(rules, /From at least 2 different issuers/);
    assert.match(rules, /Shipped with Tessera as an example made by the Tessera project, not by an awarding body\./);
    assert.match(rules, /3f9a0c2e5b7d41a8/);
    assert.ok((await overflow(page)) <= 0);
    await shot(page, "61-pathway-page", { fullPage: true });
  });

  it("keeps what does not count folded away until asked", async () => {
    const { page } = app;
    const details = page.locator(tid("excluded"));
    assert.equal(await details.evaluate((d) => d.open), false);
    assert.match(await details.locator("summary").innerText(), /Not counted \(2\)/);
    assert.equal(await page.locator(tid("excluded-item")).first().isVisible(), false, "folded");
    await details.locator("summary").click();
    await page.waitForSelector(`${tid("excluded-item")} >> visible=true`);
    const items = await page.locator(tid("excluded-item")).allInnerTexts();
    assert.equal(items.length, 2);
    assert.match(items[0], /Natural Language Processing Project\s+It can count elsewhere in this pathway, but not everywhere: its 4 ECTS are below the 5 ECTS/);
    assert.match(items[0], /It still counts in another part of this pathway\./);
    assert.match(items[1], /Project Management Essentials\s+Not counted: its issuer has revoked it; its EQF level is 5/);
    assert.doesNotMatch(items[1], /still counts in another part/);
    await details.scrollIntoViewIfNeeded();
    await shot(page, "62-pathway-not-counted");
  });

  it("opens a credential from its tile; its page says where it counts and leads back", async () => {
    const { page } = app;
    const tile = page.locator(`${tid("tile")}:has-text("${ML}")`);
    const mlId = await tile.getAttribute("data-credential");
    await tile.click();
    await page.waitForSelector(`${tid("credential-title")}:has-text("${ML}")`);
    await page.waitForSelector(tid("counts-row"));
    const rows = page.locator(tid("counts-row"));
    assert.equal(await rows.count(), 2);
    const ai = await page.innerText(`${tid("counts-row")}[data-pathway="${AI}"]`);
    assert.match(ai, new RegExp(`${AI_TITLE}\\s+Counts in Core modules \\(all three required\\)`));
    assert.equal(await page.getAttribute(`${tid("counts-row")}[data-pathway="${AI}"] ${tid("percent")}`, "data-percent"), "50");
    assert.match(await page.innerText(`${tid("counts-row")}[data-pathway="${DA}"]`), /Counts in Specialisation \(three to six modules\)/);
    assert.equal((await page.innerText(tid("credential-back"))).trim(), "Back");
    await page.locator(tid("where-it-counts")).scrollIntoViewIfNeeded();
    await shot(page, "63-credential-where-it-counts");

    // Esc: back to the pathway, on the tile that was opened.
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("capstone"));
    assert.equal(await page.innerText(tid("pathway-title")), AI_TITLE);
    assert.equal(await activeAttr(page, "data-credential"), mlId, "focus returns to the tile");

    // The link in "Where it counts" opens the pathway.
    await tile.click();
    await page.waitForSelector(tid("counts-pathway"));
    await page.click(`${tid("counts-row")}[data-pathway="${DA}"] ${tid("counts-pathway")}`);
    await page.waitForSelector(`${tid("pathway-title")}:has-text("Short-Cycle Programme in Data Analytics")`);
    // Six counted credentials expire: three shown, then all.
    assert.equal(await page.locator(tid("expiry")).count(), 3);
    await page.click("button:has-text('Show all 6')");
    assert.equal(await page.locator(tid("expiry")).count(), 6);
    assert.match(await page.innerText(`${tid("group")}[data-id="free"]`), /Optional/);
  });

  it("says so when a credential does not count, and when it counts nowhere", async () => {
    const { page } = app;
    await page.click(tid("pathway-library"));
    await page.click(`${tid("credential-card")}:has-text("Project Management Essentials")`);
    await page.waitForSelector(tid("counts-row"));
    const row = await page.innerText(`${tid("counts-row")}[data-pathway="${AI}"]`);
    assert.match(row, /Does not count: Not counted: its issuer has revoked it/);
    assert.equal(await page.getAttribute(`${tid("counts-row")}[data-pathway="${AI}"]`, "data-counts"), "false");
    await page.keyboard.press("Escape");
    // Imported from a file Tessera's pathways know nothing about.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData("text/plain", JSON.stringify({ credentialSubject: { id: "x" }, name: "Pottery Evening Class", issuer: "did:web:pottery.example" }));
      document.activeElement instanceof HTMLElement && document.activeElement.blur();
      document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await page.click(`${tid("credential-card")}:has-text("Pottery Evening Class")`);
    await page.waitForSelector(tid("counts-empty"));
    assert.equal(await page.innerText(tid("counts-empty")), "This credential does not count toward any of your pathways yet.");
    await page.click(tid("see-all-pathways"));
    await page.waitForSelector(tid("pathway-card"));
    noProblems(app.problems);
  });
});

describe("Pathways from the keyboard alone", () => {
  it("reaches the overview, a pathway and a tile with Tab, and opens them with Enter", async () => {
    const app = await openApp(browser, env, { mock: MOCK });
    const { page } = app;
    await page.waitForSelector(tid("credential-card"));
    const tabTo = async (testid, attr = null, value = null, max = 60) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press("Tab");
        const ok = await page.evaluate(
          ([t, a, v]) => {
            const el = document.activeElement;
            return el?.getAttribute("data-testid") === t && (!a || el.getAttribute(a) === v);
          },
          [testid, attr, value],
        );
        if (ok) return;
      }
      throw new Error(`Tab never reached ${testid}${attr ? ` ${attr}=${value}` : ""}`);
    };
    await tabTo("open-pathways");
    await page.keyboard.press("Enter");
    await page.waitForSelector(tid("pathway-card"));
    await tabTo("pathway-open", "data-id", AI);
    // The focused card shows it: the outline is drawn around the whole card.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement, "::after").outlineStyle);
    assert.equal(outline, "solid", "visible focus on the card");
    await page.keyboard.press("Enter");
    await page.waitForSelector(tid("capstone"));
    await tabTo("tile");
    const focused = await page.evaluate(() => ({
      outline: getComputedStyle(document.activeElement).outlineStyle,
      title: document.activeElement.querySelector(".tile-title")?.textContent,
    }));
    assert.equal(focused.outline, "solid", "visible focus on the tile");
    await shot(page, "64-pathway-keyboard-focus");
    await page.keyboard.press("Enter");
    await page.waitForSelector(`${tid("credential-title")}:has-text("${focused.title}")`);
    // And back: Esc to the pathway, Esc to the overview (focus on its card), Esc to the library.
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("capstone"));
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("pathway-card"));
    assert.equal(await activeAttr(page, "data-id"), AI, "focus returns to the pathway's card");
    await page.keyboard.press("Escape");
    await page.waitForSelector(tid("search"));
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("A complete pathway", () => {
  it("is calm about it, and highlights the credential that would undo it soon", async () => {
    const app = await openApp(browser, env, { mock: MOCK });
    const { page } = app;
    await openOverview(page);
    await openPathway(page, CYBER);
    assert.match(await page.innerText(tid("capstone")), /Pathway · Added by you from cyber-hygiene-certificate\.json/);
    assert.equal(await page.innerText(tid("complete-line")), "Your credentials meet every rule of this pathway.");
    assert.equal(await page.getAttribute(`${tid("capstone")} ${tid("percent")}`, "data-percent"), "100");
    assert.match(await page.innerText(tid("credits-counted")), /6 of 6 ECTS counted/);
    assert.equal(await page.locator(tid("plan")).count(), 0, "no plan for a complete pathway");
    assert.equal(await page.locator(tid("open-tile")).count(), 0);
    assert.equal(await page.locator(tid("tile")).count(), 3);

    const first = page.locator(tid("expiry")).first();
    assert.equal(await first.getAttribute("data-soon"), "true");
    assert.equal(await first.getAttribute("data-breaks"), "true");
    const text = await first.innerText();
    assert.match(text, /Data Protection in Practice \(GDPR\)\s*Needed to stay complete/);
    assert.match(text, /in 40 days · Expires /);
    assert.match(text, /The pathway would no longer be complete\. It would need: Core modules: the required credential matching 'data protection' or 'GDPR'/);
    const bg = await first.evaluate((el) => getComputedStyle(el).backgroundColor);
    const plain = await page.locator(tid("expiry")).nth(1).evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(bg, plain, "the one within 90 days stands out");
    assert.equal(await page.locator(tid("expiry")).nth(1).getAttribute("data-soon"), "false");
    assert.match(await page.locator(tid("expiry")).nth(1).innerText(), /Needed to stay complete[\s\S]*in about \d+ (months|years) · Too old for this pathway from 20 Feb 2028/);
    assert.match(await page.innerText(tid("pathway-source")), /^You added it on \d{1,2} \w{3} \d{4} from the file cyber-hygiene-certificate\.json\.$/);
    await shot(page, "65-pathway-complete", { fullPage: true });
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("Adding, removing and sharing pathways", () => {
  let app;
  before(async () => {
    app = await openApp(browser, env, { mock: MOCK });
    await openOverview(app.page);
  });
  after(async () => {
    await app.context.close();
  });

  const setDialog = (page, paths) => page.evaluate((p) => (window.__tesseraMock.options.dialogPaths = p), paths);
  const setSave = (page, path) => page.evaluate((p) => (window.__tesseraMock.options.savePath = p), path);

  it("refuses a broken pathway file, saying why, and changes nothing", async () => {
    const { page } = app;
    await setDialog(page, [`${DOWNLOADS}/broken-pathway.json`]);
    await page.click(tid("add-pathway"));
    await page.waitForSelector(tid("pathway-error"));
    assert.equal(
      await page.innerText(tid("pathway-error")),
      "This is not a pathway Tessera can use: unknown key groups[0].select.from (allowed in groups[0].select: min, max).",
    );
    assert.equal(await page.locator(tid("pathway-card")).count(), 4);
    assert.equal(await activeAttr(page, "data-testid"), "add-pathway");
    await shot(page, "66-add-pathway-error");
    // Cancelling the dialog changes nothing either.
    const opened = () => page.evaluate(() => window.__tesseraMock.calls.filter((c) => c.cmd === "plugin:dialog|open").length);
    const before = await opened();
    await setDialog(page, null);
    await page.click(tid("add-pathway"));
    await page.waitForFunction((n) => window.__tesseraMock.calls.filter((c) => c.cmd === "plugin:dialog|open").length > n, before);
    assert.equal(await page.evaluate(() => window.__tesseraMock.calls.filter((c) => c.cmd === "add_pathway").length), 1);
    assert.equal(await page.locator(tid("pathway-card")).count(), 4);
  });

  it("adds a pathway file; when no new credential can complete it, says so plainly", async () => {
    const { page } = app;
    await setDialog(page, [`${DOWNLOADS}/robotics-technician-stack.json`]);
    await page.click(tid("add-pathway"));
    await page.waitForSelector(tid("pathway-notice"));
    assert.equal(await page.innerText(tid("pathway-notice")), `“${ROBOTICS_TITLE}” was added.`);
    assert.equal(await page.locator(tid("pathway-error")).count(), 0, "the earlier error is gone");
    assert.equal(await page.locator(tid("pathway-card")).count(), 5);
    const robotics = page.locator(`${tid("pathway-card")}:has-text("${ROBOTICS_TITLE}")`);
    assert.match(await robotics.innerText(), /31%[\s\S]*Added by you from robotics-technician-stack\.json[\s\S]*6 of 20 ECTS/);
    await robotics.locator(tid("pathway-open")).click();
    await page.waitForSelector(tid("plan-none"));
    assert.match(await page.innerText(tid("plan-none")), /^No new credentials alone could complete this pathway/);
    assert.equal(await page.locator(tid("plan-line")).count(), 0);
    await page.locator(tid("plan")).scrollIntoViewIfNeeded();
    await shot(page, "67-pathway-no-plan");
    await page.click(tid("pathway-back"));
    await page.waitForSelector(tid("pathway-card"));
  });

  it("removes an added pathway after confirmation", async () => {
    const { page } = app;
    const robotics = `${tid("pathway-card")}:has-text("${ROBOTICS_TITLE}")`;
    await page.click(`${robotics} ${tid("remove-pathway")}`);
    await page.waitForSelector("dialog[open]");
    assert.match(await page.innerText("dialog[open]"), /Remove this pathway\?[\s\S]*Your credentials stay as they are/);
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog[open]", { state: "detached" });
    assert.equal(await page.locator(tid("pathway-card")).count(), 5, "Esc keeps it");
    await page.click(`${robotics} ${tid("remove-pathway")}`);
    await page.click(tid("remove-pathway-confirm"));
    await page.waitForSelector(robotics, { state: "detached" });
    assert.equal(await page.innerText(tid("pathway-notice")), `“${ROBOTICS_TITLE}” was removed.`);
    assert.equal(await page.locator(tid("pathway-card")).count(), 4);
  });

  it("saves the summary for an advisor, and says why when it cannot", async () => {
    const { page } = app;
    await openPathway(page, AI);
    const section = await page.innerText(tid("export"));
    assert.match(section, /your own summary, made by Tessera from your credentials, not an official record/);
    assert.match(section, /print it to PDF/);

    // Cancelled: nothing is written.
    await setSave(page, null);
    await page.click(tid("export-pathway"));
    await page.waitForFunction(() => window.__tesseraMock.calls.some((c) => c.cmd === "plugin:dialog|save"));
    assert.equal(await page.evaluate(() => window.__tesseraMock.calls.filter((c) => c.cmd === "export_pathway").length), 0);
    const dialog = await page.evaluate(() => window.__tesseraMock.calls.find((c) => c.cmd === "plugin:dialog|save").args.options);
    assert.equal(dialog.defaultPath, "micro-degree-in-applied-artificial-intelligence-progress.html");
    assert.deepEqual(dialog.filters[0].extensions, ["html"]);

    await setSave(page, "/home/learner/Documents/ai-progress");
    await page.click(tid("export-pathway"));
    await page.waitForSelector(tid("export-done"));
    assert.equal(await page.innerText(tid("export-done")), "The summary was saved: /home/learner/Documents/ai-progress.html");
    assert.deepEqual(await page.evaluate(() => window.__tesseraMock.exported), ["/home/learner/Documents/ai-progress.html"]);
    await page.locator(tid("export")).scrollIntoViewIfNeeded();
    await shot(page, "68-export-done");

    await setSave(page, "/media/readonly/ai-progress.html");
    await page.click(tid("export-pathway"));
    await page.waitForSelector(tid("export-error"));
    assert.equal(
      await page.innerText(tid("export-error")),
      "The summary could not be written to /media/readonly/ai-progress.html: Permission denied (os error 13).",
    );
    assert.equal(await page.locator(tid("export-done")).count(), 0, "no stale success");
    await shot(page, "69-export-error");

    // The save dialog itself failing (a permission missing in the app): said in words, nothing written.
    await page.evaluate(() => (window.__tesseraMock.options.saveDialogError = "dialog.save not allowed. Permissions associated with this command: dialog:allow-save"));
    await page.click(tid("export-pathway"));
    await page.waitForFunction(() => document.querySelector('[data-testid="export-error"]')?.textContent === "The file chooser could not be opened.");
    assert.deepEqual(await page.evaluate(() => window.__tesseraMock.exported), ["/home/learner/Documents/ai-progress.html"]);
    await page.evaluate(() => (window.__tesseraMock.options.saveDialogError = null));
    noProblems(app.problems);
  });
});

describe("Pathways in German", () => {
  it("speaks German on the overview and the pathway page", async () => {
    const app = await openApp(browser, env, { locale: "de-DE", mock: MOCK });
    const { page } = app;
    await page.waitForSelector(tid("credential-card"));
    assert.equal((await page.innerText(tid("open-pathways"))).trim(), "Lernpfade");
    await openOverview(page);
    assert.equal(await page.innerText("h1"), "Lernpfade");
    assert.match(await page.innerText(card(CYBER)), /100 %[\s\S]*Von dir hinzugefügt aus cyber-hygiene-certificate\.json[\s\S]*Abgeschlossen[\s\S]*6 von 6 ECTS[\s\S]*3 Nachweise zählen/);
    assert.match(await page.innerText(card(MECH)), /0 von 160 Stunden[\s\S]*Noch zählt kein Nachweis/);
    assert.match(await page.innerText(tid("add-pathway")), /Lernpfad-Datei hinzufügen…/);
    await shot(page, "70-de-pathways-overview", { fullPage: true });

    await openPathway(page, AI);
    const body = await page.innerText(tid("pathway-page"));
    assert.match(body, /Lernpfad · Mit Tessera geliefert/);
    assert.match(body, /Der Abschluss bringt\s*30 ECTS\s*EQR-Niveau 6/);
    assert.match(body, /15 von 30 ECTS angerechnet/);
    assert.match(body, /Insgesamt fehlt noch: 15 ECTS/);
    assert.match(body, /Wie sich deine Nachweise stapeln/);
    assert.match(body, /Es fehlt noch: 1 Pflichtnachweis · 1 ECTS/);
    assert.match(body, /PFLICHT · OFFEN/);
    assert.match(body, /Was noch fehlt/);
    assert.match(body, /Was zuerst abläuft/);
    assert.match(body, /in etwa \d+ (Jahren|Monaten) · Ab 10\.03\.2030 zu alt für diesen Lernpfad/);
    assert.match(body, /Nicht angerechnet \(2\)/);
    assert.match(body, /Zusammenfassung für eine Beratung speichern…/);
    assert.match(body, /kein amtliches Dokument/);
    assert.match(body, /Regeln dieses Lernpfads/);
    await shot(page, "71-de-pathway-page", { fullPage: true });

    await page.click(tid("pathway-back"));
    await openPathway(page, CYBER);
    assert.equal(await page.innerText(tid("complete-line")), "Deine Nachweise erfüllen jede Regel dieses Lernpfads.");
    assert.match(await page.locator(tid("expiry")).first().innerText(), /Nötig für den Abschluss[\s\S]*in 40 Tagen · Läuft ab am/);
    await page.locator(`${tid("tile")}:has-text("Phishing")`).click();
    await page.waitForSelector(tid("counts-row"));
    assert.match(await page.innerText(tid("where-it-counts")), /Wo er zählt[\s\S]*Zählt in Practical module/);
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("Pathways in dark", () => {
  it("renders the overview and the pathway pages in dark", async () => {
    const app = await openApp(browser, env, { colorScheme: "dark", mock: MOCK });
    const { page } = app;
    await openOverview(page);
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.match(bg, /rgb\(17, 19, 22\)/, "dark background");
    await shot(page, "72-dark-pathways-overview", { fullPage: true });
    await openPathway(page, AI);
    const tileBg = await page.locator(tid("tile")).first().evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.match(tileBg, /rgb\(26, 29, 34\)/, "tiles are dark surfaces");
    await shot(page, "73-dark-pathway-page", { fullPage: true });
    await page.click(tid("pathway-back"));
    await openPathway(page, CYBER);
    await shot(page, "74-dark-pathway-complete", { fullPage: true });
    noProblems(app.problems);
    await app.context.close();
  });
});

describe("Pathways at 200% zoom and in a narrow window", () => {
  async function fits(page) {
    assert.ok((await overflow(page)) <= 0, "no sideways scrolling");
    // Every tile stays inside the window, and its text inside the tile.
    const bad = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="tile"], [data-testid="open-tile"]')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left < 0 || r.right > document.documentElement.clientWidth + 0.5 || el.scrollWidth > el.clientWidth + 1;
        })
        .map((el) => el.textContent.trim().slice(0, 40)),
    );
    assert.deepEqual(bad, [], "tiles fit and their text wraps");
  }

  it("fits at 200% zoom", async () => {
    const app = await openApp(browser, env, { viewport: { width: 600, height: 410 }, deviceScaleFactor: 2, mock: MOCK });
    const { page } = app;
    await openOverview(page);
    assert.ok((await overflow(page)) <= 0, "overview fits");
    await shot(page, "75-zoom-pathways-overview", { fullPage: true });
    await openPathway(page, AI);
    await fits(page);
    await shot(page, "76-zoom-pathway-page", { fullPage: true });
    await page.click(tid("pathway-back"));
    await openPathway(page, MECH);
    await fits(page);
    noProblems(app.problems);
    await app.context.close();
  });

  it("fits a narrow window", async () => {
    const app = await openApp(browser, env, { viewport: { width: 360, height: 740 }, mock: MOCK });
    const { page } = app;
    await openOverview(page);
    assert.ok((await overflow(page)) <= 0, "overview fits");
    await openPathway(page, DA);
    await fits(page);
    const widths = await page.locator(tid("tile")).evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
    assert.ok(widths.every((w) => w >= 250), `one tile per line, full width (${widths})`);
    await shot(page, "77-narrow-pathway-page", { fullPage: true });
    noProblems(app.problems);
    await app.context.close();
  });
});
