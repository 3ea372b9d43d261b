#!/usr/bin/env node
/*
 * Real-window end-to-end test of the Tessera desktop app.
 *
 * The app runs in a real WebKitGTK window (under Xvfb when DISPLAY is unset) and is driven through
 * tauri-driver (WebDriver, port 4444) with selenium-webdriver. A credential is issued fresh by the
 * reference implementation (../interop/issue-ob3.mjs), pasted into the app, checked on its page,
 * and found again after a restart and unlock with the passphrase.
 *
 *   npm ci --prefix tests/e2e && npm ci --prefix tests/interop
 *   node tests/e2e/run.mjs
 *
 * Environment:
 *   TESSERA_APP             app binary (default target/debug/tessera-desktop, relative to the repo root)
 *   TAURI_DRIVER            tauri-driver binary (default: PATH, then ~/.cargo/bin/tauri-driver)
 *   TESSERA_E2E_SERVE_DIST  auto (default) | 1 | 0: serve ui/dist at the app's devUrl (for a binary
 *                           built by plain `cargo build`, which loads the dev server) when it is free
 *   TESSERA_E2E_TIMEOUT_MS  whole-run time limit (default 300000)
 *   TESSERA_E2E_KEEP_HOME=1 keep the temporary TESSERA_HOME
 *   TESSERA_E2E_PASTE=script  put the credential JSON in with a script and an `input` event
 *                           instead of typing it with WebDriver sendKeys (the default, with the
 *                           script as the fallback when sendKeys fails or leaves another value)
 *   TESSERA_E2E_BROWSER_NAME  WebDriver browserName (default wry)
 *   TESSERA_E2E_START_URL   open this URL after each session starts (default: none, the app shows
 *                           its own page). These two only serve to check this harness against
 *                           WebKitGTK's MiniBrowser and a mock page instead of the app.
 *
 * Exit codes: 0 all passed, 1 a step failed, 2 a prerequisite is missing.
 */
import {execFileSync, spawn} from 'node:child_process';
import {
  accessSync, constants as fsc, createWriteStream, existsSync, mkdirSync, mkdtempSync,
  readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync
} from 'node:fs';
import {createServer as createHttpServer} from 'node:http';
import {createConnection, createServer as createNetServer} from 'node:net';
import {homedir, tmpdir} from 'node:os';
import {delimiter, dirname, extname, isAbsolute, join, normalize, resolve, sep} from 'node:path';
import {fileURLToPath} from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const OUT = join(HERE, 'out');
const TITLE = 'Data Literacy Foundations E2E';
// Unique per run, so the search for plaintext on disk cannot be fooled by earlier runs.
const MARK = Math.random().toString(36).slice(2, 10);
const ISSUER_NAME = `Hochschule Plaintextsuche ${MARK}`;
const OUTCOME = `Interprets survey tables ${MARK}`;
const PASSPHRASE = 'correct horse battery staple 42';
const RUN_TIMEOUT_MS = Number(process.env.TESSERA_E2E_TIMEOUT_MS || 300000);
const FIRST_WINDOW_MS = 45000;
const STEP_MS = 20000;

const appArg = process.env.TESSERA_APP || join('target', 'debug', 'tessera-desktop');
const BIN = isAbsolute(appArg) ? appArg : resolve(ROOT, appArg);

function log(msg) {
  process.stdout.write(`e2e: ${msg}\n`);
}

// ------------------------------------------------------------------ prerequisites
function which(name) {
  for(const d of (process.env.PATH || '').split(delimiter)) {
    if(!d) {
      continue;
    }
    const p = join(d, name);
    try {
      accessSync(p, fsc.X_OK);
      if(statSync(p).isFile()) {
        return p;
      }
    } catch {}
  }
  return null;
}

function executable(p) {
  try {
    accessSync(p, fsc.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

async function checkPrerequisites() {
  const missing = [];
  let webdriver = null;
  try {
    webdriver = await import('selenium-webdriver');
  } catch(e) {
    missing.push(`selenium-webdriver is not installed (${e.code || e.message}): run \`npm ci --prefix tests/e2e\``);
  }
  if(!existsSync(join(ROOT, 'tests', 'interop', 'node_modules', '@digitalbazaar', 'vc'))) {
    missing.push('the interop issuer\'s libraries are not installed: run `npm ci --prefix tests/interop`');
  }
  if(!executable(BIN)) {
    missing.push(`the app binary ${BIN} does not exist or is not executable: build the app ` +
      '(e.g. `npx --yes @tauri-apps/cli@^2 build --debug --no-bundle`) or set TESSERA_APP');
  }
  const tauriDriver = process.env.TAURI_DRIVER || which('tauri-driver') ||
    (executable(join(homedir(), '.cargo', 'bin', 'tauri-driver')) ? join(homedir(), '.cargo', 'bin', 'tauri-driver') : null);
  if(!tauriDriver || !executable(tauriDriver)) {
    missing.push('tauri-driver is missing: run `cargo install tauri-driver --version ^2 --locked`');
  }
  const nativeDriver = which('WebKitWebDriver');
  if(!nativeDriver) {
    missing.push('WebKitWebDriver is missing: run `apt-get install -y webkit2gtk-driver`');
  }
  const needXvfb = !process.env.DISPLAY;
  const xvfb = needXvfb ? which('Xvfb') : null;
  if(needXvfb && !xvfb) {
    missing.push('DISPLAY is unset and Xvfb is missing: run `apt-get install -y xvfb xauth`');
  }
  if(missing.length) {
    process.stderr.write('e2e: cannot run, missing prerequisites:\n' + missing.map(m => `  - ${m}\n`).join(''));
    process.exit(2);
  }
  return {webdriver, tauriDriver, nativeDriver, xvfb};
}

// ------------------------------------------------------------------ processes
const cleanups = [];          // run in reverse order, also on failure and on signals
const groups = new Set();     // process group ids we started (detached children)

function killGroup(pid, signal = 'SIGTERM') {
  try {
    process.kill(-pid, signal);
  } catch {}
}

function spawnGroup(cmd, args, opts) {
  const child = spawn(cmd, args, {...opts, detached: true});
  groups.add(child.pid);
  child.on('exit', () => groups.delete(child.pid));
  return child;
}

async function stopGroup(child, name) {
  if(!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  killGroup(child.pid, 'SIGTERM');
  const done = await Promise.race([
    new Promise(r => child.once('exit', () => r(true))),
    sleep(3000).then(() => false)
  ]);
  if(!done) {
    log(`${name} did not stop on SIGTERM; sending SIGKILL`);
    killGroup(child.pid, 'SIGKILL');
  }
}

function sleep(ms) {
  return new Promise(r => setTimeout(r, ms));
}

// A WebDriver call that may hang (a wedged session) must not hold up the clean-up.
function withTimeout(thenable, ms, what) {
  let timer;
  const promise = Promise.resolve(thenable);
  promise.catch(() => {});   // a late failure after the time-out is not unhandled
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, rej) => {
      timer = setTimeout(() => rej(new Error(`${what} did not answer within ${ms} ms`)), ms);
    })
  ]);
}

async function portFree(port) {
  return new Promise(resolveFree => {
    const srv = createNetServer();
    srv.once('error', () => resolveFree(false));
    srv.listen({port, host: '127.0.0.1', exclusive: true}, () => srv.close(() => resolveFree(true)));
  });
}

async function anyFreePort() {
  return new Promise((res, rej) => {
    const srv = createNetServer();
    srv.once('error', rej);
    srv.listen({port: 0, host: '127.0.0.1'}, () => {
      const {port} = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function waitForPort(port, child, ms, name) {
  const until = Date.now() + ms;
  while(Date.now() < until) {
    if(child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited early (code ${child.exitCode}, signal ${child.signalCode}); see its log in tests/e2e/out/`);
    }
    const ok = await new Promise(r => {
      const s = createConnection({port, host: '127.0.0.1'});
      s.once('connect', () => {
        s.destroy();
        r(true);
      });
      s.once('error', () => r(false));
    });
    if(ok) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`${name} did not listen on port ${port} within ${ms} ms`);
}

async function startXvfb(xvfb) {
  const logFile = createWriteStream(join(OUT, 'xvfb.log'));
  const child = spawnGroup(xvfb, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe']
  });
  child.stderr.pipe(logFile);
  cleanups.push(() => stopGroup(child, 'Xvfb'));
  const display = await new Promise((res, rej) => {
    let buf = '';
    const timer = setTimeout(() => rej(new Error('Xvfb did not report a display within 10 s')), 10000);
    child.stdio[3].on('data', d => {
      buf += d.toString();
      if(buf.includes('\n')) {
        clearTimeout(timer);
        res(`:${buf.trim()}`);
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      rej(new Error(`Xvfb exited with code ${code}; see tests/e2e/out/xvfb.log`));
    });
  });
  return display;
}

// The devUrl of the app (a binary from plain `cargo build` loads it instead of the embedded ui/dist).
function devUrl() {
  for(const p of [join(ROOT, 'tauri.conf.json'), join(ROOT, 'src-tauri', 'tauri.conf.json')]) {
    try {
      const conf = JSON.parse(readFileSync(p, 'utf8'));
      if(conf.build && typeof conf.build.devUrl === 'string') {
        return new URL(conf.build.devUrl);
      }
    } catch {}
  }
  return new URL('http://127.0.0.1:1420/');
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8', '.jsonld': 'application/ld+json'
};

async function maybeServeDist() {
  const mode = (process.env.TESSERA_E2E_SERVE_DIST || 'auto').toLowerCase();
  if(mode === '0' || mode === 'false' || mode === 'no') {
    return;
  }
  const dist = join(ROOT, 'ui', 'dist');
  const url = devUrl();
  const host = url.hostname;
  const port = Number(url.port || 80);
  if(!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    return;
  }
  if(!existsSync(join(dist, 'index.html'))) {
    if(mode !== 'auto') {
      throw new Error('TESSERA_E2E_SERVE_DIST=1 but ui/dist/index.html does not exist (npm run build --prefix ui)');
    }
    return;
  }
  if(!(await portFree(port))) {
    log(`port ${port} of the devUrl is in use (a dev server?): not serving ui/dist`);
    return;
  }
  const root = realpathSync(dist);
  const server = createHttpServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if(!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      if(statSync(file).isDirectory()) {
        file = join(file, 'index.html');
      }
    } catch {
      file = join(root, 'index.html');   // single-page app fallback
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, {'content-type': MIME[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store'});
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((res, rej) => {
    server.once('error', rej);
    server.listen({port, host: host === 'localhost' ? '127.0.0.1' : host.replace(/[[\]]/g, '')}, res);
  });
  cleanups.push(() => new Promise(r => server.close(() => r())));
  log(`serving ui/dist at ${url.origin} (for a binary that loads the devUrl)`);
}

// Processes running BIN below our tauri-driver (the app windows it opened).
function appProcessesUnder(rootPid) {
  const parent = new Map();
  const exe = new Map();
  for(const d of readdirSync('/proc')) {
    if(!/^\d+$/.test(d)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(d), ppid);
      try {
        exe.set(Number(d), readlinkSync(`/proc/${d}/exe`));
      } catch {}
    } catch {}
  }
  let binReal = BIN;
  try {
    binReal = realpathSync(BIN);
  } catch {}
  const found = [];
  for(const [pid, e] of exe) {
    if(e !== binReal && e !== `${binReal} (deleted)`) {
      continue;
    }
    for(let p = parent.get(pid), n = 0; p && n < 64; p = parent.get(p), n++) {
      if(p === rootPid) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

async function waitAppExit(rootPid, ms) {
  const until = Date.now() + ms;
  while(Date.now() < until) {
    if(appProcessesUnder(rootPid).length === 0) {
      return true;
    }
    await sleep(200);
  }
  for(const pid of appProcessesUnder(rootPid)) {
    log(`app process ${pid} still running after the session ended: sending SIGTERM`);
    try {
      process.kill(pid, 'SIGTERM');
    } catch {}
  }
  await sleep(1000);
  return appProcessesUnder(rootPid).length === 0;
}

// ------------------------------------------------------------------ the credential
function issueCredential() {
  const script = join(ROOT, 'tests', 'interop', 'issue-ob3.mjs');
  try {
    const out = execFileSync(process.execPath, [script, '--title', TITLE, '--issuer-name', ISSUER_NAME,
      '--learning-outcome', OUTCOME, '--compact'], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000
    });
    const vc = JSON.parse(out);
    if(vc.credentialSubject?.achievement?.name !== TITLE) {
      throw new Error('issued credential has an unexpected achievement name');
    }
    return out.trim();
  } catch(e) {
    throw new Error(`issuing the test credential with ${script} failed: ${(e.stderr || e.message || '').toString().trim()}`);
  }
}

// Three credentials toward the shipped "Micro-Degree in Applied Artificial Intelligence": two
// core modules and the capstone (from two issuers), so the pathway page has counted tiles,
// empty places (the ethics module, two electives) and a plan.
const ESCO = 'http://data.europa.eu/esco/skill/';
const PATHWAY_ID = 'urn:tessera:pathway:applied-ai-microdegree-eqf6';
const PATHWAY_TITLE = 'Micro-Degree in Applied Artificial Intelligence';
const STACK = [
  {title: 'Machine Learning Foundations E2E', credits: '5', seed: '11', skill: ['5c3f4a1e-8d6b-4f0e-9a57-2b1c6d7e8f90', 'machine learning']},
  {title: 'Data Engineering Essentials E2E', credits: '4', seed: '22', skill: ['0a9e7c44-3b2d-4c1a-8e6f-5d4c3b2a1908', 'data engineering']},
  {title: 'Capstone project: AI for logistics E2E', credits: '6', seed: '22'},
];

function issueStackCredential(c) {
  const script = join(ROOT, 'tests', 'interop', 'issue-ob3.mjs');
  const args = [script, '--title', c.title, '--issuer-name', `University ${c.seed}`, '--credits', c.credits,
    '--eqf', '6', '--seed', c.seed.repeat(32), '--compact'];
  if(c.skill) args.push('--skill-url', ESCO + c.skill[0], '--skill-name', c.skill[1]);
  try {
    return execFileSync(process.execPath, args, {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000
    }).trim();
  } catch(e) {
    throw new Error(`issuing "${c.title}" with ${script} failed: ${(e.stderr || e.message || '').toString().trim()}`);
  }
}

// ------------------------------------------------------------------ sharing
const SHARE_AUD = 'https://jobs.employer.example';
const SHARE_NONCE = 'e2e-nonce-8832';

// The reference SD-JWT script (@sd-jwt/sd-jwt-vc), fed on stdin where it reads a file.
function sdJwtReference(args, input) {
  const script = join(ROOT, 'tests', 'interop', 'present-sdjwt.mjs');
  try {
    return JSON.parse(execFileSync(process.execPath, [script, ...args], {
      input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60000
    }));
  } catch(e) {
    if(e.status === 1 && e.stdout) return JSON.parse(e.stdout);
    throw new Error(`${script} ${args[0]} failed: ${(e.stderr || e.message || '').toString().trim()}`);
  }
}

// The wallet's holder keys, asked of the command-line wallet on the same wallet folder.
function holderKeys(home) {
  const cli = join(ROOT, 'target', 'debug', process.platform === 'win32' ? 'tessera.exe' : 'tessera');
  if(!existsSync(cli)) {
    throw new Error(`${cli} is missing: build it with \`cargo build -p tessera-cli\` (cargo test --workspace does)`);
  }
  const out = execFileSync(cli, ['--home', home, 'holder', '--json'], {
    encoding: 'utf8', env: {...process.env, TESSERA_PASSPHRASE: PASSPHRASE, DBUS_SESSION_BUS_ADDRESS: 'disabled:'},
    stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000
  });
  return JSON.parse(out);
}

function zbarimg(pngPath) {
  const bin = which('zbarimg');
  if(!bin) throw new Error('zbarimg is missing: apt-get install -y zbar-tools');
  return execFileSync(bin, ['--quiet', '--raw', '-Sbinary', pngPath], {encoding: 'utf8', timeout: 30000}).replace(/\n$/, '');
}

// ------------------------------------------------------------------ main
const state = {passed: 0, failed: 0, driver: null, tauriDriver: null, home: null, current: null, screenshot: null, interrupted: false};

async function runCleanups() {
  while(cleanups.length) {
    const f = cleanups.pop();
    try {
      await f();
    } catch(e) {
      log(`cleanup: ${e.message}`);
    }
  }
}

function killAllSync() {
  for(const pid of groups) {
    killGroup(pid, 'SIGKILL');
  }
}

process.on('exit', killAllSync);
for(const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    log(`interrupted by ${sig}; cleaning up`);
    state.interrupted = true;
    state.failed = 1;
    const t = setTimeout(() => {
      killAllSync();
      process.exit(130);
    }, 8000);
    await quitDriver();
    await runCleanups();
    clearTimeout(t);
    process.stdout.write(`e2e: ${state.passed} passed, 1 failed (interrupted)\n`);
    process.exit(130);
  });
}

async function quitDriver() {
  const d = state.driver;
  state.driver = null;
  if(d) {
    await withTimeout(d.quit(), 10000, 'WebDriver quit').catch(e => log(e.message));
  }
}

async function step(name, fn) {
  state.current = name;
  const t0 = Date.now();
  await fn();
  if(state.interrupted) {
    throw new Error('interrupted');
  }
  state.passed++;
  log(`ok ${state.passed} - ${name} (${Date.now() - t0} ms)`);
}

async function main() {
  const {webdriver, tauriDriver, nativeDriver, xvfb} = await checkPrerequisites();
  const {Builder, By, Capabilities, until} = webdriver;
  mkdirSync(OUT, {recursive: true});

  const credentialJson = issueCredential();
  log(`issued a credential with the reference implementation (${credentialJson.length} chars)`);
  const stackJson = STACK.map(issueStackCredential);
  log(`issued ${stackJson.length} credentials toward the ${PATHWAY_TITLE}`);

  let display = process.env.DISPLAY;
  if(!display) {
    display = await startXvfb(xvfb);
    log(`started Xvfb on ${display}`);
  }

  await maybeServeDist();

  // Everything the app and its webview write goes under one root: the wallet, HOME with the
  // webview's data and cache folders (XDG), and the temp folder. The last step searches it.
  state.root = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));
  state.home = join(state.root, 'wallet');
  for(const d of ['home', 'home/.local/share', 'home/.cache', 'home/.config', 'tmp']) {
    mkdirSync(join(state.root, d), {recursive: true});
  }
  cleanups.push(() => {
    if(state.failed && !process.env.TESSERA_E2E_KEEP_HOME) {
      log(`kept TESSERA_HOME for inspection: ${state.home}`);
    } else if(process.env.TESSERA_E2E_KEEP_HOME) {
      log(`kept TESSERA_HOME: ${state.home}`);
    } else {
      rmSync(state.root, {recursive: true, force: true});
    }
  });

  const port = (await portFree(4444)) ? 4444 : await anyFreePort();
  const nativePort = (await portFree(4445)) && port !== 4445 ? 4445 : await anyFreePort();
  if(port !== 4444) {
    log(`port 4444 is busy; tauri-driver uses port ${port}`);
  }
  const env = {
    ...process.env,
    DISPLAY: display,
    TESSERA_HOME: state.home,
    HOME: join(state.root, 'home'),
    XDG_DATA_HOME: join(state.root, 'home/.local/share'),
    XDG_CACHE_HOME: join(state.root, 'home/.cache'),
    XDG_CONFIG_HOME: join(state.root, 'home/.config'),
    TMPDIR: join(state.root, 'tmp'),
    DBUS_SESSION_BUS_ADDRESS: 'disabled:',   // no Secret Service: the app must take the passphrase path
    WEBKIT_DISABLE_DMABUF_RENDERER: process.env.WEBKIT_DISABLE_DMABUF_RENDERER || '1',
    NO_AT_BRIDGE: '1',
    // The UI picks its language from navigator.languages: pin English so "Verified" is the word.
    // (WebKitGTK reports "en-US" for these even where that locale is not generated; with C.UTF-8
    // it reports "C".)
    LANGUAGE: 'en_US:en',
    LANG: 'en_US.UTF-8',
    LC_ALL: 'en_US.UTF-8'
  };
  delete env.TESSERA_PASSPHRASE;
  const driverLog = createWriteStream(join(OUT, 'tauri-driver.log'));
  const td = spawnGroup(tauriDriver, [
    '--port', String(port), '--native-port', String(nativePort), '--native-driver', nativeDriver
  ], {env, stdio: ['ignore', 'pipe', 'pipe']});
  td.stdout.pipe(driverLog);
  td.stderr.pipe(driverLog);
  state.tauriDriver = td;
  cleanups.push(() => stopGroup(td, 'tauri-driver'));
  await waitForPort(port, td, 15000, 'tauri-driver');
  log(`tauri-driver listening on ${port} (WebKitWebDriver on ${nativePort}); app ${BIN}`);

  const caps = new Capabilities();
  caps.setBrowserName(process.env.TESSERA_E2E_BROWSER_NAME || 'wry');
  caps.set('tauri:options', {application: BIN});
  const newSession = async () => {
    const d = await withTimeout(
      new Builder().withCapabilities(caps).usingServer(`http://127.0.0.1:${port}/`).build(),
      FIRST_WINDOW_MS, 'creating the WebDriver session (starting the app)');
    state.driver = d;
    if(process.env.TESSERA_E2E_START_URL) {
      await d.get(process.env.TESSERA_E2E_START_URL);
    }
    return d;
  };
  const css = s => By.css(s);
  const cardWithTitle = By.xpath(
    `//*[@data-testid='credential-card'][contains(normalize-space(.), '${TITLE}')]`);
  const waitVisible = async (driver, locator, ms = STEP_MS) => {
    const el = await driver.wait(until.elementLocated(locator), ms,
      `timed out after ${ms} ms waiting for ${locator}`);
    await driver.wait(until.elementIsVisible(el), ms, `timed out waiting for ${locator} to be visible`);
    return el;
  };
  // WebDriver's screenshot first; WebKitWebDriver's can hang under Xvfb (seen with WebKitGTK 2.50),
  // so after 10 s take the X screen with ImageMagick's `import` instead. A missing screenshot is
  // reported, not a failure.
  const screenshot = async (driver, name) => {
    try {
      const png = await withTimeout(driver.takeScreenshot(), 10000, 'WebDriver screenshot');
      writeFileSync(join(OUT, name), Buffer.from(png, 'base64'));
      log(`  screenshot tests/e2e/out/${name}`);
      return;
    } catch(e) {
      log(`  ${(e.message || e.name || String(e)).split('\n')[0]}; taking the X screen instead`);
    }
    const importBin = which('import');
    if(!importBin) {
      log('  no screenshot: ImageMagick `import` is missing (apt-get install -y imagemagick)');
      return;
    }
    try {
      execFileSync(importBin, ['-display', display, '-window', 'root', join(OUT, name)], {
        stdio: 'ignore', timeout: 20000
      });
      log(`  screenshot (X screen ${display}) tests/e2e/out/${name}`);
    } catch(e) {
      log(`  no screenshot: import failed: ${e.message.split('\n')[0]}`);
    }
  };

  state.screenshot = screenshot;

  // ---------------- first start: create the wallet
  let driver;
  await step('first start shows the create-wallet screen; a passphrase wallet is created', async () => {
    driver = await newSession();
    const pass = await waitVisible(driver, css('[data-testid=passphrase]'), FIRST_WINDOW_MS);
    await waitVisible(driver, css('[data-testid=create-wallet]'));
    await pass.sendKeys(PASSPHRASE);
    await (await waitVisible(driver, css('[data-testid=passphrase-confirm]'))).sendKeys(PASSPHRASE);
    await (await driver.findElement(css('[data-testid=create-wallet]'))).click();
    await waitVisible(driver, css('[data-testid=paste-open]'));
  });

  const cardTitled = title => By.xpath(
    `//*[@data-testid='credential-card'][contains(normalize-space(.), '${title}')]`);
  // Pastes `json` into the paste dialog (typed, or set by script where typing fails) and
  // imports it; waits for the card titled `title`.
  const pasteCredential = async (driver, json, title) => {
    await (await driver.findElement(css('[data-testid=paste-open]'))).click();
    const area = await waitVisible(driver, css('[data-testid=paste-text]'));
    await area.clear();
    const t0 = Date.now();
    let how = 'sendKeys';
    if(process.env.TESSERA_E2E_PASTE === 'script') {
      how = 'script (TESSERA_E2E_PASTE=script)';
    } else {
      try {
        await area.sendKeys(json);
      } catch(e) {
        how = `script (sendKeys failed: ${e.message.split('\n')[0]})`;
      }
    }
    const value = await driver.executeScript('return arguments[0].value', area);
    if(value !== json) {
      if(how === 'sendKeys') {
        how = 'script (sendKeys left a different value)';
      }
      await driver.executeScript(`
        const el = arguments[0], text = arguments[1];
        const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
        Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, text);
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new Event('change', {bubbles: true}));`, area, json);
      const again = await driver.executeScript('return arguments[0].value', area);
      if(again !== json) {
        throw new Error('could not put the credential JSON into [data-testid=paste-text]');
      }
    }
    log(`  typed ${json.length} chars by ${how} in ${Date.now() - t0} ms`);
    await (await driver.findElement(css('[data-testid=paste-import]'))).click();
    await waitVisible(driver, cardTitled(title));
  };

  await step('a credential issued by the reference implementation is imported by pasting its JSON', async () => {
    await pasteCredential(driver, credentialJson, TITLE);
  });

  await step('the credential page says Verified and shows the critical-information table', async () => {
    await (await driver.findElement(cardWithTitle)).click();
    const badge = await waitVisible(driver, css('[data-testid=verdict-badge]'));
    let text = '';
    try {
      await driver.wait(async () => {
        text = (await badge.getText()).trim();
        return /Verified/.test(text) && !/not verified|unverified/i.test(text);
      }, STEP_MS);
    } catch {
      throw new Error(`[data-testid=verdict-badge] says "${text}", expected it to contain "Verified"`);
    }
    await waitVisible(driver, css('[data-testid=critical-table]'));
    await screenshot(driver, 'credential-verified.png');
  });

  // ---------------- second start: same TESSERA_HOME, unlock
  await step('after a restart the wallet unlocks with the passphrase and the card is still there', async () => {
    await quitDriver();
    if(!(await waitAppExit(td.pid, 15000))) {
      throw new Error('the first app instance did not exit after the WebDriver session ended');
    }
    driver = await newSession();
    const pass = await waitVisible(driver, css('[data-testid=passphrase]'), FIRST_WINDOW_MS);
    await waitVisible(driver, css('[data-testid=unlock]'));
    await pass.sendKeys(PASSPHRASE);
    await (await driver.findElement(css('[data-testid=unlock]'))).click();
    await waitVisible(driver, cardWithTitle);
    await screenshot(driver, 'after-restart.png');
  });

  await step('three credentials toward a shipped micro-degree are pasted in', async () => {
    for(let i = 0; i < STACK.length; i++) {
      await pasteCredential(driver, stackJson[i], STACK[i].title);
    }
  });

  const textOf = async el => (await el.getText()).replace(/\s+/g, ' ').trim();

  await step('the Pathways overview shows the micro-degree at 50%', async () => {
    await (await waitVisible(driver, css('[data-testid=open-pathways]'))).click();
    const card = await waitVisible(driver, css(`[data-testid=pathway-card][data-id="${PATHWAY_ID}"]`));
    let text = '';
    try {
      await driver.wait(async () => {
        text = await textOf(card);
        return text.includes(PATHWAY_TITLE) && /\b50\s?%/.test(text);
      }, STEP_MS);
    } catch {
      throw new Error(`the pathway card says "${text}", expected the title and 50%`);
    }
    await screenshot(driver, 'pathways-overview.png');
  });

  await step('the pathway page shows the stack: counted tiles, empty places saying what fills them, the plan', async () => {
    await (await driver.findElement(css(`[data-testid=pathway-open][data-id="${PATHWAY_ID}"]`))).click();
    await waitVisible(driver, css('[data-testid=pathway-page]'));
    await waitVisible(driver, css('[data-testid=capstone]'));
    const tiles = await driver.findElements(css('[data-testid=tile]'));
    const tileTexts = await Promise.all(tiles.map(textOf));
    for(const c of STACK) {
      if(!tileTexts.some(t => t.includes(c.title))) {
        throw new Error(`no tile for "${c.title}"; tiles: ${JSON.stringify(tileTexts)}`);
      }
    }
    const open = await Promise.all((await driver.findElements(css('[data-testid=open-tile]'))).map(textOf));
    if(!open.some(t => /ethic/i.test(t))) {
      throw new Error(`no empty place for the ethics module; empty places: ${JSON.stringify(open)}`);
    }
    if(open.length < 3) {
      throw new Error(`expected the ethics module and two electives still open, found ${open.length}: ${JSON.stringify(open)}`);
    }
    const plan = await Promise.all((await driver.findElements(css('[data-testid=plan-line]'))).map(textOf));
    if(!plan.some(t => /electives/i.test(t))) {
      throw new Error(`the plan does not mention the electives: ${JSON.stringify(plan)}`);
    }
    await screenshot(driver, 'pathway-page.png');
  });

  await step('a tile opens its credential, whose page says which pathway it counts toward', async () => {
    const tile = await driver.findElement(By.xpath(
      `//*[@data-testid='tile'][contains(normalize-space(.), '${STACK[0].title}')]`));
    await tile.click();
    const where = await waitVisible(driver, css('[data-testid=where-it-counts]'));
    let text = '';
    try {
      await driver.wait(async () => {
        text = await textOf(where);
        return text.includes(PATHWAY_TITLE);
      }, STEP_MS);
    } catch {
      throw new Error(`"Where it counts" says "${text}", expected ${PATHWAY_TITLE}`);
    }
    await screenshot(driver, 'where-it-counts.png');
  });

  // ---------------- sharing: the learner's side, then the employer's
  let shared = null;
  let sdValues = null;
  await step('an SD-JWT credential from the reference implementation, bound to the wallet\'s key, is pasted in', async () => {
    const holder = holderKeys(state.home);
    const issued = sdJwtReference(['--issue', JSON.stringify({holderJwk: holder.jwk, alg: 'EdDSA', seed: '55'.repeat(32)})]);
    sdValues = issued.claims;
    // Back to the library (the credential was opened from a pathway tile).
    await (await driver.findElement(css('[data-testid=credential-back]'))).click();
    await (await waitVisible(driver, css('[data-testid=pathway-library]'))).click();
    await waitVisible(driver, css('[data-testid=paste-open]'));
    await pasteCredential(driver, issued.sdJwt, String(sdValues.name));
  });

  await step('the share flow reveals two of seven claims, previews them, and makes a QR code the reference accepts', async () => {
    await (await driver.findElement(cardTitled(String(sdValues.name)))).click();
    await (await waitVisible(driver, css('[data-testid=share]'))).click();
    await waitVisible(driver, css('[data-testid=share-page]'));
    const want = new Set(['family_name', 'ects']);
    for(const box of await driver.findElements(css('[data-testid=claim-checkbox]'))) {
      const path = await box.getAttribute('data-path');
      const on = await box.isSelected();
      if(on !== want.has(path)) await box.click();
    }
    const preview = await waitVisible(driver, css('[data-testid=share-preview]'));
    let text = '';
    try {
      await driver.wait(async () => {
        text = await textOf(preview);
        return text.includes(String(sdValues.family_name)) && !text.includes(String(sdValues.birthdate));
      }, STEP_MS);
    } catch {
      throw new Error(`the preview shows "${text}"; expected the family name and not the birth date`);
    }
    await screenshot(driver, 'share-choose.png');
    await (await driver.findElement(css('[data-testid=share-next]'))).click();
    await (await waitVisible(driver, css('[data-testid=share-audience]'))).sendKeys(SHARE_AUD);
    await (await driver.findElement(css('[data-testid=share-nonce]'))).sendKeys(SHARE_NONCE);
    await (await driver.findElement(css('[data-testid=share-make]'))).click();
    const img = await waitVisible(driver, css('[data-testid=qr-image]'));
    const src = await img.getAttribute('src');
    if(!src.startsWith('data:image/png;base64,')) throw new Error(`the QR code is not a PNG data URL: ${src.slice(0, 40)}`);
    const png = join(OUT, 'share-qr.png');
    writeFileSync(png, Buffer.from(src.slice('data:image/png;base64,'.length), 'base64'));
    shared = zbarimg(png);
    const ok = sdJwtReference(['--verify', '-', '--aud', SHARE_AUD, '--nonce', SHARE_NONCE], shared);
    if(ok.verified !== true) throw new Error(`@sd-jwt/sd-jwt-vc refused the presentation read from the QR code: ${JSON.stringify(ok)}`);
    const disclosed = Object.keys(ok.claims || {});
    for(const name of ['given_name', 'birthdate', 'email', 'grade']) {
      if(disclosed.includes(name)) throw new Error(`${name} was disclosed: ${disclosed.join(', ')}`);
    }
    const bad = sdJwtReference(['--verify', '-', '--aud', SHARE_AUD, '--nonce', 'another-nonce'], shared);
    if(bad.verified !== false) throw new Error('the reference accepted a wrong nonce');
    await screenshot(driver, 'share-qr.png');
  });

  await step('the share log shows the presentation', async () => {
    await (await driver.findElement(css('[data-testid=share-done]'))).click();
    await (await waitVisible(driver, css('[data-testid=credential-back]'))).click();
    await (await waitVisible(driver, css('[data-testid=sharing-menu]'))).click();
    await (await waitVisible(driver, css('[data-testid=open-shares]'))).click();
    const entry = await waitVisible(driver, css('[data-testid=share-entry]'));
    const text = await textOf(entry);
    if(!text.includes(SHARE_AUD)) throw new Error(`the share log entry says "${text}", expected ${SHARE_AUD}`);
    await screenshot(driver, 'share-log.png');
  });

  await step('Check a presentation accepts it with the right nonce and refuses a wrong one', async () => {
    await (await driver.findElement(css('[data-testid=shares-back]'))).click();
    await (await waitVisible(driver, css('[data-testid=sharing-menu]'))).click();
    await (await waitVisible(driver, css('[data-testid=open-checker]'))).click();
    await (await waitVisible(driver, css('[data-testid=expected-audience]'))).sendKeys(SHARE_AUD);
    const nonce = await driver.findElement(css('[data-testid=expected-nonce]'));
    await nonce.sendKeys(SHARE_NONCE);
    const area = await driver.findElement(css('[data-testid=checker-text]'));
    await driver.executeScript(`
      const el = arguments[0];
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(el, arguments[1]);
      el.dispatchEvent(new Event('input', {bubbles: true}));`, area, shared);
    const verdictIs = async kind => {
      let got = '';
      try {
        await driver.wait(async () => {
          const v = await driver.findElements(css('[data-testid=verdict]'));
          if(!v.length) return false;
          got = `${await v[0].getAttribute('data-kind')}: ${await textOf(v[0])}`;
          return got.startsWith(`${kind}:`);
        }, STEP_MS);
      } catch {
        throw new Error(`the verdict is "${got}", expected ${kind}`);
      }
    };
    await (await driver.findElement(css('[data-testid=checker-check-text]'))).click();
    await verdictIs('accepted');
    await screenshot(driver, 'check-accepted.png');
    await nonce.clear();
    await nonce.sendKeys('another-nonce');
    await (await driver.findElement(css('[data-testid=checker-check-text]'))).click();
    await verdictIs('rejected');
    await screenshot(driver, 'check-wrong-nonce.png');
  });

  await step('no credential text on disk: wallet, webview data and cache, temp folder', async () => {
    await quitDriver();
    await waitAppExit(td.pid, 15000);
    const needles = [];
    for(const text of [TITLE, ISSUER_NAME, OUTCOME]) {
      needles.push([text, Buffer.from(text)]);
      // base64 of the text at each of the three byte alignments: the stable middle part.
      for(let pad = 0; pad < 3; pad++) {
        const b64 = Buffer.concat([Buffer.alloc(pad, 0x20), Buffer.from(text)]).toString('base64');
        const mid = b64.slice(4, -4);
        needles.push([`${text} (base64)`, Buffer.from(mid)]);
        needles.push([`${text} (base64url)`, Buffer.from(mid.replace(/\+/g, '-').replace(/\//g, '_'))]);
      }
    }
    let files = 0;
    const hits = [];
    const walk = dir => {
      for(const name of readdirSync(dir)) {
        const p = join(dir, name);
        const st = statSync(p, {throwIfNoEntry: false});
        if(!st) continue;
        if(st.isDirectory()) { walk(p); continue; }
        if(!st.isFile() || st.size > 64 * 1024 * 1024) continue;
        files++;
        const data = readFileSync(p);
        for(const [what, needle] of needles) {
          if(data.indexOf(needle) >= 0) hits.push(`${what} in ${p.slice(state.root.length + 1)}`);
        }
      }
    };
    walk(state.root);
    log(`  searched ${files} files under the app's folders`);
    if(files < 3) throw new Error(`only ${files} files found: the search looked in the wrong place`);
    if(hits.length) throw new Error(`credential text found on disk:\n  ${hits.join('\n  ')}`);
  });
}

const overall = setTimeout(() => {
  process.stderr.write(`e2e: FAILED: the run exceeded ${RUN_TIMEOUT_MS} ms${state.current ? ` (in: ${state.current})` : ''}\n`);
  process.stdout.write(`e2e: ${state.passed} passed, 1 failed\n`);
  killAllSync();
  process.exit(1);
}, RUN_TIMEOUT_MS);

let code = 0;
try {
  await main();
} catch(e) {
  if(state.interrupted) {
    await new Promise(() => {});   // the signal handler cleans up and exits
  }
  state.failed = 1;
  code = 1;
  process.stderr.write(`e2e: FAILED${state.current ? ` in "${state.current}"` : ''}: ${e && e.stack ? e.stack : e}\n`);
  if(state.driver) {
    try {
      writeFileSync(join(OUT, 'failure.html'), await withTimeout(state.driver.getPageSource(), 10000, 'page source'));
      process.stderr.write('e2e: page source at the failure in tests/e2e/out/failure.html\n');
    } catch(e) {
      process.stderr.write(`e2e: no page source: ${e.message}\n`);
    }
    if(state.screenshot) {
      await state.screenshot(state.driver, 'failure.png');
    }
  }
} finally {
  await quitDriver();
  await runCleanups();
  clearTimeout(overall);
}
process.stdout.write(`e2e: ${state.passed} passed, ${state.failed} failed\n`);
process.exit(code);
