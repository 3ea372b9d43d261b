#!/usr/bin/env node
/*
 * Make (or read back) status lists with the reference implementations, fully offline, so
 * Tessera's status checks are tested against lists it did not encode itself:
 *
 *   bitstring       W3C Bitstring Status List v1.0: a BitstringStatusListCredential (VC 2.0)
 *                   from @digitalbazaar/vc-bitstring-status-list, signed eddsa-rdfc-2022
 *   statuslist2021  the StatusList2021Credential (VC 1.1) of @digitalbazaar/vc-status-list,
 *                   signed Ed25519Signature2020 (as the Digital Credentials Consortium
 *                   does) or eddsa-rdfc-2022
 *   token           an IETF Token Status List (draft-ietf-oauth-status-list) as a
 *                   statuslist+jwt, from @sd-jwt/jwt-status-list, signed EdDSA
 *   check           read one index of a list back with the same reference library
 *
 *   node tests/interop/status-list.mjs '{"kind": "bitstring", "url": "...", "set": [3]}'
 *
 * Run `node tests/interop/status-list.mjs --help` for the options.
 */
import {createPrivateKey, createPublicKey, randomBytes, sign} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {importStatusListContexts, makeDocumentLoader} from './offline-loader.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

const USAGE = `Usage:
  node status-list.mjs '<json options>'   make a status list with the reference library, print
                                          {"list": <list>, "entry": <status entry>} as JSON
  node status-list.mjs --help

Kinds ("kind" key; every key is camelCase JSON):
  {"kind": "bitstring", "url": URL, ...}
      A BitstringStatusListCredential (VC 2.0 context only) from
      @digitalbazaar/vc-bitstring-status-list (createList, setStatus, createCredential),
      signed with a DataIntegrityProof eddsa-rdfc-2022 by @digitalbazaar/vc issue.
      list  = the signed credential; entry = {"id": URL#N, "type": "BitstringStatusListEntry",
      "statusPurpose", "statusListIndex": "N" (a string), "statusListCredential": URL}
  {"kind": "statuslist2021", "url": URL, ...}
      A StatusList2021Credential (VC 1.1 + https://w3id.org/vc/status-list/2021/v1) from
      @digitalbazaar/vc-status-list, signed Ed25519Signature2020 (default) or
      eddsa-rdfc-2022 ("suite"). entry type StatusList2021Entry, otherwise as above.
  {"kind": "token", "uri": URI, ...}
      An IETF Token Status List JWT (header typ statuslist+jwt, alg EdDSA) from
      @sd-jwt/jwt-status-list (StatusList, createHeaderAndPayload); sub = uri.
      list  = the compact JWT (a string); entry = {"status_list": {"idx": N, "uri": URI}};
      also "jwk": the issuer's public JWK (with "kid" when given), to serve or pin.
  {"kind": "check", "list": <credential or JWT>, "index": N}
      Read index N back with the reference: decodeList + getStatus of
      @digitalbazaar/vc-bitstring-status-list (BitstringStatusListCredential) or
      @digitalbazaar/vc-status-list (StatusList2021Credential): prints {"status": bool};
      for a JWT, getListFromStatusListJWT of @sd-jwt/jwt-status-list: {"status": number}.
      "listFile": PATH ("-" = stdin) instead of "list". No signature is checked here
      (issue-di.mjs --verify verifies a list credential).

Options of bitstring and statuslist2021:
  url                 the list credential's id and URL (required)
  statusPurpose       revocation | suspension                        default revocation
  length              bits in the list (the specs ask for >= 131072)  default 131072
  set                 indices whose bit is set, e.g. [3, 12345]       default []
  seed                issuer Ed25519 seed, 64 hex digits               default random
  issuer              issuer id                         default the did:key of the seed
  verificationMethod  proof.verificationMethod          default did:key:z..#z.. for the
                      did:key issuer, ISSUER#key-1 for a did:web issuer (required otherwise)
  suite               statuslist2021 only: Ed25519Signature2020 | eddsa-rdfc-2022
  validFrom           validFrom (bitstring) / issuanceDate (statuslist2021)  default now
  validUntil          validUntil / expirationDate                     (omitted by default)
  created             proof.created                                   default validFrom
  entryIndex          the index "entry" points at                     default 0
Options of token:
  uri                 the list's URI, also the JWT's sub (required)
  bits                bits per status: 1, 2, 4 or 8                   default 1
  statuses            {"<index>": value, ...}, value < 2^bits         default {}
  length              number of statuses in the list                  default 1024
  seed                issuer Ed25519 seed, 64 hex digits               default random
  iss                 iss claim                                       (omitted by default)
  kid                 kid header                                      (omitted by default)
  iat                 iat (ISO 8601 date)                             default now
  exp                 exp (ISO 8601 date)                             (omitted by default)
  ttl                 ttl claim, seconds                              (omitted by default)
  entryIndex          the idx "entry" points at                       default 0
Any kind:
  compact             print JSON on one line (true/false)              default false

Exit codes: 0 ok, 1 check could not read the list, 2 bad arguments, 3 node_modules missing.`;

// ---------------------------------------------------------------- deps
async function loadDeps() {
  try {
    const [
      vc, {DataIntegrityProof}, eddsaRdfc, {Ed25519Signature2020},
      {Ed25519VerificationKey2020}, Ed25519Multikey, bitstring, sl2021, tokenList,
      credentialsContext, dataIntegrityContext, multikeyContext, ed2020Context,
      statusContexts
    ] = await Promise.all([
      import('@digitalbazaar/vc'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
      import('@digitalbazaar/ed25519-signature-2020'),
      import('@digitalbazaar/ed25519-verification-key-2020'),
      import('@digitalbazaar/ed25519-multikey'),
      import('@digitalbazaar/vc-bitstring-status-list'),
      import('@digitalbazaar/vc-status-list'),
      import('@sd-jwt/jwt-status-list'),
      import('@digitalbazaar/credentials-context'),
      import('@digitalbazaar/data-integrity-context'),
      import('@digitalbazaar/multikey-context'),
      import('ed25519-signature-2020-context'),
      importStatusListContexts()
    ]);
    return {
      vc, DataIntegrityProof, eddsaRdfc, Ed25519Signature2020, Ed25519VerificationKey2020,
      Ed25519Multikey, bitstring, sl2021, tokenList,
      contextMaps: [
        credentialsContext.contexts,
        (dataIntegrityContext.default ?? dataIntegrityContext).contexts,
        (multikeyContext.default ?? multikeyContext).contexts,
        (ed2020Context.default ?? ed2020Context).contexts,
        ...statusContexts
      ]
    };
  } catch(e) {
    if(e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) {
      process.stderr.write(
        `status-list: the reference libraries are not installed in ${join(HERE, 'node_modules')}\n` +
        `  (${e.message.split('\n')[0]})\n` +
        '  run: npm ci --prefix tests/interop   (from the repository root)\n');
      process.exit(3);
    }
    throw e;
  }
}

// ---------------------------------------------------------------- options
const KEYS = {
  common: ['kind', 'compact'],
  bitstring: ['url', 'statusPurpose', 'length', 'set', 'seed', 'issuer', 'verificationMethod',
    'validFrom', 'validUntil', 'created', 'entryIndex', 'suite'],
  token: ['uri', 'bits', 'statuses', 'length', 'seed', 'iss', 'kid', 'iat', 'exp', 'ttl',
    'entryIndex'],
  check: ['list', 'listFile', 'index']
};
KEYS.statuslist2021 = KEYS.bitstring;

function usageError(msg) {
  process.stderr.write(`status-list: ${msg}\n\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  if(argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  if(argv.length !== 1) {
    usageError('give exactly one argument: the JSON options object');
  }
  let opts;
  try {
    opts = JSON.parse(argv[0]);
  } catch(e) {
    usageError(`cannot parse JSON options: ${e.message}`);
  }
  if(opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    usageError('the JSON options must be an object');
  }
  const allowed = KEYS[opts.kind];
  if(!allowed) {
    usageError(`"kind" must be bitstring, statuslist2021, token or check, got ` +
      JSON.stringify(opts.kind));
  }
  for(const k of Object.keys(opts)) {
    if(!KEYS.common.includes(k) && !allowed.includes(k)) {
      usageError(`unknown option "${k}" for kind ${opts.kind}`);
    }
  }
  return opts;
}

function isoDate(value, what) {
  const d = new Date(value);
  if(Number.isNaN(d.getTime())) {
    usageError(`${what}: not a date: "${value}"`);
  }
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function seconds(value, what) {
  return Math.floor(Date.parse(isoDate(value, what)) / 1000);
}

function integer(value, what, {min = 0, max = Number.MAX_SAFE_INTEGER} = {}) {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if(!Number.isSafeInteger(n) || n < min || n > max) {
    usageError(`${what} must be an integer in ${min}..${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function seedBytes(hex) {
  if(hex === undefined || hex === null || hex === '') {
    return new Uint8Array(randomBytes(32));
  }
  if(!/^[0-9a-fA-F]{64}$/.test(String(hex))) {
    usageError('"seed" must be 32 bytes as 64 hex digits');
  }
  return new Uint8Array(Buffer.from(String(hex), 'hex'));
}

function requireString(value, what) {
  if(typeof value !== 'string' || value === '') {
    usageError(`"${what}" is required (a string)`);
  }
  return value;
}

// ---------------------------------------------------------------- VC lists
const CREDENTIALS_V1 = 'https://www.w3.org/2018/credentials/v1';
const DATA_INTEGRITY_V2 = 'https://w3id.org/security/data-integrity/v2';
const ED25519_2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';

/** The signing key: {issuer, vmId, multikey, legacy}. */
async function issuerKey(deps, opts) {
  const seed = seedBytes(opts.seed);
  const multikey = await deps.Ed25519Multikey.generate({seed});
  const didKey = `did:key:${multikey.publicKeyMultibase}`;
  const issuer = opts.issuer ?? didKey;
  if(typeof issuer !== 'string') {
    usageError('"issuer" must be a string');
  }
  let vmId = opts.verificationMethod;
  if(vmId === undefined) {
    if(issuer === didKey) {
      vmId = `${didKey}#${multikey.publicKeyMultibase}`;
    } else if(issuer.startsWith('did:web:')) {
      vmId = `${issuer}#key-1`;
    } else {
      usageError(`"verificationMethod" is needed for the issuer ${issuer}`);
    }
  }
  requireString(vmId, 'verificationMethod');
  const controller = vmId.split('#')[0];
  multikey.id = vmId;
  multikey.controller = controller;
  const legacy = await deps.Ed25519VerificationKey2020.generate({seed, controller, id: vmId});
  return {issuer, vmId, multikey, legacy};
}

async function vcList(deps, opts) {
  const bitstring = opts.kind === 'bitstring';
  const lib = bitstring ? deps.bitstring : deps.sl2021;
  const url = requireString(opts.url, 'url');
  const statusPurpose = opts.statusPurpose ?? 'revocation';
  if(!['revocation', 'suspension'].includes(statusPurpose)) {
    usageError(`"statusPurpose" must be revocation or suspension, got ${JSON.stringify(statusPurpose)}`);
  }
  const suite = opts.suite ?? (bitstring ? 'eddsa-rdfc-2022' : 'Ed25519Signature2020');
  const suites = bitstring ? ['eddsa-rdfc-2022'] : ['Ed25519Signature2020', 'eddsa-rdfc-2022'];
  if(!suites.includes(suite)) {
    usageError(`"suite" for ${opts.kind} must be ${suites.join(' or ')}, got ${JSON.stringify(suite)}`);
  }
  const length = integer(opts.length ?? 131072, '"length"', {min: 8, max: 1 << 27});
  const set = opts.set ?? [];
  if(!Array.isArray(set)) {
    usageError('"set" must be an array of indices');
  }
  const entryIndex = integer(opts.entryIndex ?? 0, '"entryIndex"', {max: length - 1});
  const validFrom = isoDate(opts.validFrom ?? new Date(), 'validFrom');
  const created = isoDate(opts.created ?? validFrom, 'created');
  const key = await issuerKey(deps, opts);

  const list = await lib.createList({length});
  for(const i of set) {
    list.setStatus(integer(i, 'an index in "set"', {max: length - 1}), true);
  }
  const credential = await lib.createCredential({id: url, list, statusPurpose});
  credential.issuer = key.issuer;
  if(bitstring) {
    credential.validFrom = validFrom;
    if(opts.validUntil !== undefined) {
      credential.validUntil = isoDate(opts.validUntil, 'validUntil');
    }
  } else {
    credential.issuanceDate = validFrom;
    if(opts.validUntil !== undefined) {
      credential.expirationDate = isoDate(opts.validUntil, 'validUntil');
    }
    credential['@context'].push(suite === 'Ed25519Signature2020' ? ED25519_2020 : DATA_INTEGRITY_V2);
  }
  const signingSuite = suite === 'Ed25519Signature2020' ?
    new deps.Ed25519Signature2020({key: key.legacy, date: created}) :
    new deps.DataIntegrityProof({
      signer: key.multikey.signer(), cryptosuite: deps.eddsaRdfc.cryptosuite, date: created
    });
  const signed = await deps.vc.issue({
    credential, suite: signingSuite, documentLoader: makeDocumentLoader(deps), now: validFrom
  });
  // Nothing hand-made: read every set index back with the library that wrote it.
  const decoded = await lib.decodeList({encodedList: signed.credentialSubject.encodedList});
  for(const i of set) {
    if(decoded.getStatus(Number(i)) !== true) {
      throw new Error(`the reference does not read back index ${i} as set`);
    }
  }
  return {
    list: signed,
    entry: {
      id: `${url}#${entryIndex}`,
      type: bitstring ? 'BitstringStatusListEntry' : 'StatusList2021Entry',
      statusPurpose,
      statusListIndex: String(entryIndex),
      statusListCredential: url
    }
  };
}

// ---------------------------------------------------------------- token
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const b64u = value => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))
  .toString('base64url');

async function tokenList(deps, opts) {
  const {StatusList, createHeaderAndPayload} = deps.tokenList;
  const uri = requireString(opts.uri, 'uri');
  const bits = integer(opts.bits ?? 1, '"bits"', {min: 1, max: 8});
  if(![1, 2, 4, 8].includes(bits)) {
    usageError(`"bits" must be 1, 2, 4 or 8, got ${bits}`);
  }
  const length = integer(opts.length ?? 1024, '"length"', {min: 1, max: 1 << 24});
  const statuses = opts.statuses ?? {};
  if(statuses === null || typeof statuses !== 'object' || Array.isArray(statuses)) {
    usageError('"statuses" must be an object {"<index>": value}');
  }
  const entryIndex = integer(opts.entryIndex ?? 0, '"entryIndex"', {max: length - 1});
  const values = new Array(length).fill(0);
  const list = new StatusList(values, bits);
  for(const [index, value] of Object.entries(statuses)) {
    // The library's own range check lets 2^bits through; the spec does not.
    list.setStatus(integer(index, `"statuses" index ${index}`, {max: length - 1}),
      integer(value, `"statuses" value at ${index}`, {max: 2 ** bits - 1}));
  }
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seedBytes(opts.seed)]), format: 'der', type: 'pkcs8'
  });
  const jwk = createPublicKey(privateKey).export({format: 'jwk'});
  const payload = {
    ...(opts.iss !== undefined && {iss: requireString(opts.iss, 'iss')}),
    sub: uri,
    iat: opts.iat === undefined ? Math.floor(Date.now() / 1000) : seconds(opts.iat, 'iat'),
    ...(opts.exp !== undefined && {exp: seconds(opts.exp, 'exp')}),
    ...(opts.ttl !== undefined && {ttl: integer(opts.ttl, '"ttl"', {min: 1})})
  };
  const header = {alg: 'EdDSA', typ: 'statuslist+jwt'};
  if(opts.kid !== undefined) {
    header.kid = requireString(opts.kid, 'kid');
    jwk.kid = header.kid;
  }
  const made = createHeaderAndPayload(list, payload, header);
  const input = `${b64u(made.header)}.${b64u(made.payload)}`;
  const jwt = `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
  // Read the statuses back with the library that wrote them.
  const back = deps.tokenList.getListFromStatusListJWT(jwt);
  for(const [index, value] of Object.entries(statuses)) {
    if(back.getStatus(Number(index)) !== Number(value)) {
      throw new Error(`the reference does not read back ${value} at index ${index}`);
    }
  }
  return {list: jwt, entry: {status_list: {idx: entryIndex, uri}}, jwk};
}

// ---------------------------------------------------------------- check
async function check(deps, opts) {
  let list = opts.list;
  if(opts.listFile !== undefined) {
    const text = readFileSync(opts.listFile === '-' ? 0 : opts.listFile, 'utf8').trim();
    list = text.startsWith('{') ? JSON.parse(text) : text;
  }
  if(list === undefined) {
    usageError('"list" (or "listFile") is required');
  }
  const index = integer(opts.index, '"index"');
  if(typeof list === 'string') {
    const decoded = deps.tokenList.getListFromStatusListJWT(list);
    return {status: decoded.getStatus(index)};
  }
  const types = [].concat(list?.type ?? []);
  let lib;
  if(types.includes('BitstringStatusListCredential')) {
    lib = deps.bitstring;
  } else if(types.includes('StatusList2021Credential')) {
    lib = deps.sl2021;
  } else {
    throw new Error('the list is neither a BitstringStatusListCredential, ' +
      'a StatusList2021Credential nor a JWT');
  }
  const decoded = await lib.decodeList({encodedList: list.credentialSubject?.encodedList});
  return {status: decoded.getStatus(index)};
}

// ---------------------------------------------------------------- main
const opts = parseArgs(process.argv.slice(2));
const deps = await loadDeps();
let out;
if(opts.kind === 'check') {
  try {
    out = await check(deps, opts);
  } catch(e) {
    process.stdout.write(JSON.stringify({error: String(e?.message ?? e)}) + '\n');
    process.exit(1);
  }
} else if(opts.kind === 'token') {
  out = await tokenList(deps, opts);
} else {
  out = await vcList(deps, opts);
}
process.stdout.write(JSON.stringify(out, null, opts.compact ? undefined : 2) + '\n');
