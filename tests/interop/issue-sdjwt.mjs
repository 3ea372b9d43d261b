#!/usr/bin/env node
/*
 * Issue (or verify) an SD-JWT VC with the reference implementation
 * (@sd-jwt/sd-jwt-vc 0.19 with @sd-jwt/crypto-nodejs), fully offline.
 *
 *   node tests/interop/issue-sdjwt.mjs [options]            issue, print JSON
 *   node tests/interop/issue-sdjwt.mjs '{"title": "..."}'   same, options as JSON
 *   node tests/interop/issue-sdjwt.mjs --verify FILE        verify FILE ("-" = stdin)
 *
 * Run `node tests/interop/issue-sdjwt.mjs --help` for the options.
 */
import {
  createECDH, createPrivateKey, createPublicKey, randomBytes, sign, verify, ECDH
} from 'node:crypto';
import {readFileSync} from 'node:fs';

const USAGE = `Usage:
  node issue-sdjwt.mjs [options]          issue an SD-JWT VC, print {"sdJwt", "iss", "kid",
                                          "holderJwk", "issuerJwk"} (issuerJwk: the public key,
                                          with "kid" when there is one)
  node issue-sdjwt.mjs '<json options>'   same, options as one JSON object (camelCase keys)
  node issue-sdjwt.mjs --verify FILE      verify the SD-JWT in FILE ("-" for stdin) with
                                          SDJwtVcInstance.verify, the issuer key found offline
                                          from kid / iss (did:jwk, did:key) or --issuer-jwk; print
                                          {"verified": bool, "claims"?: {...}, "error"?: string}

Issue options (JSON key in brackets):
  --alg EdDSA|ES256       issuer signature algorithm          [alg]  default EdDSA
  --issuer did:jwk|did:key  issuer DID method                 [issuer]  default did:jwk
  --iss URL               an https issuer instead of a DID: iss = URL, header kid = --kid
                          (its key is "issuerJwk" in the output)  [iss]
  --kid KID               the kid header with --iss            [kid]  default key-1
  --no-kid                no kid header: the key is iss's own [noKid]
  --seed HEX              issuer key seed, 64 hex digits      [seed]  default random
  --holder-seed HEX       holder Ed25519 key seed (cnf.jwk)   [holderSeed]  default random
  --typ TYP               header typ                          [typ]  default dc+sd-jwt
  --vct URI               credential type                     [vct]  default https://credentials.example.org/micro-credential
  --title TEXT            name (always visible)               [title]  default "Data Literacy Foundations"
  --issuer-name TEXT      issuer_name (always visible)        [issuerName]  default "Tessera Test University"
  --ects N                ects (always visible)               [ects]  default 5
  --eqf N                 eqf_level (always visible)          [eqf]  default 6
  --given-name TEXT       given_name (disclosable)            [givenName]  default "Ana"
  --family-name TEXT      family_name (disclosable)           [familyName]  default "Novak"
  --grade TEXT            degree.grade (disclosable inside an always visible object) [grade]  default "A"
  --country CC            address.country (disclosable inside the disclosable address) [country]  default "SI"
  --skills URL,URL,...    skills[]; every element but the second is disclosable [skills]
  --iat DATE              iat (ISO 8601)                      [iat]  default now
  --nbf DATE              nbf (omitted by default)            [nbf]
  --exp DATE              exp (omitted by default)            [exp]
  --status JSON           the status claim, always visible, e.g.
                          '{"status_list": {"idx": 3, "uri": "https://.../token/1"}}' [status]
                          (JSON key: the object itself)
Verify options:
  --now DATE              the time to check iat/nbf/exp against [now]  default now
  --issuer-jwk JSON|FILE  the issuer's public JWK, for an iss that is no DID [issuerJwk]
  --status-lists JSON|FILE  status list tokens by URI, {"<uri>": "<statuslist+jwt>"} (as
                          status-list.mjs prints in "list")  [statusLists]. The reference
                          verifies a "status" claim itself: it fetches status_list.uri,
                          verifies that JWT with the issuer key and refuses any status but 0.
                          Here the fetch is served from this map only (nothing goes to the
                          network); a status claim without its list is not verified.

Exit codes: 0 ok / verified, 1 not verified, 2 bad arguments, 3 node_modules missing.`;

const DEFAULT_SKILLS = [
  'http://data.europa.eu/esco/skill/81a2db2c-7e55-44d0-9cd9-74c25147d7cd',
  'http://data.europa.eu/esco/skill/0f0e0d0c-0b0a-4909-8807-060504030201',
  'http://data.europa.eu/esco/skill/3c2b1a09-8f7e-4d6c-9b5a-493827161504'
];

async function loadDeps() {
  try {
    const [{SDJwtVcInstance}, cryptoNode] = await Promise.all([
      import('@sd-jwt/sd-jwt-vc'),
      import('@sd-jwt/crypto-nodejs')
    ]);
    return {SDJwtVcInstance, ...cryptoNode};
  } catch(e) {
    process.stderr.write(
      `issue-sdjwt.mjs: the reference libraries are missing (${e.message}); ` +
      'run `bash .ci/setup` (or `npm ci --prefix tests/interop`)\n');
    process.exit(3);
  }
}

// ---------------------------------------------------------------- options
const FLAGS = {
  '--alg': 'alg', '--issuer': 'issuer', '--seed': 'seed', '--holder-seed': 'holderSeed',
  '--typ': 'typ', '--vct': 'vct', '--title': 'title', '--issuer-name': 'issuerName',
  '--ects': 'ects', '--eqf': 'eqf', '--given-name': 'givenName', '--family-name': 'familyName',
  '--grade': 'grade', '--country': 'country', '--skills': 'skills', '--iat': 'iat',
  '--nbf': 'nbf', '--exp': 'exp', '--verify': 'verify', '--now': 'now',
  '--iss': 'iss', '--kid': 'kid', '--status': 'status', '--issuer-jwk': 'issuerJwk',
  '--status-lists': 'statusLists'
};
const BOOLEAN_FLAGS = {'--no-kid': 'noKid'};

function usage(message) {
  process.stderr.write(`issue-sdjwt.mjs: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {};
  for(let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if(a === '--help' || a === '-h') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    }
    if(a.startsWith('{')) {
      try {
        Object.assign(opts, JSON.parse(a));
      } catch(e) {
        usage(`options are not JSON: ${e.message}`);
      }
      continue;
    }
    if(BOOLEAN_FLAGS[a]) {
      opts[BOOLEAN_FLAGS[a]] = true;
      continue;
    }
    const key = FLAGS[a];
    if(!key) {
      usage(`unknown option ${a}`);
    }
    if(i + 1 >= argv.length) {
      usage(`${a} needs a value`);
    }
    opts[key] = argv[++i];
  }
  return opts;
}

/** A JSON option: JSON text, a file with JSON (when `file`), or (JSON options) the value. */
function jsonValue(value, what, {file = false} = {}) {
  if(typeof value !== 'string') {
    return value;
  }
  let text = value;
  if(file && !/^\s*[{["]/.test(value)) {
    try {
      text = readFileSync(value, 'utf8');
    } catch(e) {
      usage(`${what}: cannot read ${value}: ${e.message}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch(e) {
    usage(`${what}: not JSON: ${e.message}`);
  }
}

function seconds(date, what) {
  const t = Date.parse(date);
  if(Number.isNaN(t)) {
    usage(`${what} is not a date: ${date}`);
  }
  return Math.floor(t / 1000);
}

function seedBytes(hex, what) {
  if(hex === undefined) {
    return randomBytes(32);
  }
  if(!/^[0-9a-fA-F]{64}$/.test(hex)) {
    usage(`${what} must be 64 hex digits`);
  }
  return Buffer.from(hex, 'hex');
}

// ---------------------------------------------------------------- keys and DIDs
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes) {
  let n = BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'));
  let out = '';
  while(n > 0n) {
    out = B58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for(const b of bytes) {
    if(b !== 0) {
      break;
    }
    out = '1' + out;
  }
  return out;
}

function unbase58(text) {
  let n = 0n;
  for(const c of text) {
    const v = B58.indexOf(c);
    if(v < 0) {
      throw new Error(`bad base58 character ${c}`);
    }
    n = n * 58n + BigInt(v);
  }
  let hex = n === 0n ? '' : n.toString(16);
  if(hex.length % 2) {
    hex = '0' + hex;
  }
  const zeros = text.match(/^1*/)[0].length;
  return Buffer.concat([Buffer.alloc(zeros), Buffer.from(hex, 'hex')]);
}

const ED25519_PUB = Buffer.from([0xed, 0x01]);
const P256_PUB = Buffer.from([0x80, 0x24]);
const b64u = b => Buffer.from(b).toString('base64url');

/** An issuer key from a seed: {alg, privateJwk, publicJwk, didKey, signer}. */
async function issuerKey(alg, seed, deps) {
  if(alg === 'EdDSA') {
    const privateKey = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
      format: 'der', type: 'pkcs8'
    });
    const publicJwk = createPublicKey(privateKey).export({format: 'jwk'});
    const raw = Buffer.from(publicJwk.x, 'base64url');
    return {
      publicJwk,
      didKey: `did:key:z${base58(Buffer.concat([ED25519_PUB, raw]))}`,
      signer: async data => sign(null, Buffer.from(data), privateKey).toString('base64url')
    };
  }
  if(alg === 'ES256') {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(seed);
    const point = ecdh.getPublicKey();
    const publicJwk = {
      kty: 'EC', crv: 'P-256', x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33, 65))
    };
    const compressed = ECDH.convertKey(point, 'prime256v1', null, null, 'compressed');
    return {
      publicJwk,
      didKey: `did:key:z${base58(Buffer.concat([P256_PUB, compressed]))}`,
      signer: await deps.ES256.getSigner({...publicJwk, d: b64u(seed)})
    };
  }
  usage(`--alg must be EdDSA or ES256, not ${alg}`);
}

/** The public JWK a did:jwk / did:key DID (or DID URL) stands for. */
function resolveDid(url) {
  const did = url.split('#')[0];
  if(did.startsWith('did:jwk:')) {
    return JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8'));
  }
  if(did.startsWith('did:key:z')) {
    const bytes = unbase58(did.slice('did:key:z'.length));
    const codec = bytes.subarray(0, 2);
    if(codec.equals(ED25519_PUB)) {
      return {kty: 'OKP', crv: 'Ed25519', x: b64u(bytes.subarray(2))};
    }
    if(codec.equals(P256_PUB)) {
      const point = ECDH.convertKey(bytes.subarray(2), 'prime256v1', null, null, 'uncompressed');
      return {
        kty: 'EC', crv: 'P-256', x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33, 65))
      };
    }
    throw new Error(`${did}: unsupported did:key type`);
  }
  throw new Error(`${url} cannot be resolved offline`);
}

// ---------------------------------------------------------------- issue
async function issue(opts, deps) {
  const alg = opts.alg ?? 'EdDSA';
  const method = opts.issuer ?? 'did:jwk';
  if(method !== 'did:jwk' && method !== 'did:key') {
    usage(`--issuer must be did:jwk or did:key, not ${method}`);
  }
  if(opts.iss !== undefined) {
    if(opts.issuer !== undefined) {
      usage('give --iss or --issuer, not both');
    }
    if(typeof opts.iss !== 'string' || !/^https:\/\/[^\s]+$/.test(opts.iss)) {
      usage(`--iss must be an https URL, not ${JSON.stringify(opts.iss)}`);
    }
    if(opts.kid !== undefined && (typeof opts.kid !== 'string' || opts.kid === '')) {
      usage('--kid must be a non-empty string');
    }
  }
  const status = jsonValue(opts.status, '--status');
  if(status !== undefined && (status === null || typeof status !== 'object' || Array.isArray(status))) {
    usage('--status must be a JSON object');
  }
  const key = await issuerKey(alg, seedBytes(opts.seed, '--seed'), deps);
  const holder = createPublicKey(createPrivateKey({
    key: Buffer.concat([
      Buffer.from('302e020100300506032b657004220420', 'hex'),
      seedBytes(opts.holderSeed, '--holder-seed')
    ]),
    format: 'der', type: 'pkcs8'
  })).export({format: 'jwk'});

  let iss;
  let kid;
  if(opts.iss !== undefined) {
    iss = opts.iss;
    kid = opts.kid ?? 'key-1';
  } else if(method === 'did:jwk') {
    iss = `did:jwk:${b64u(JSON.stringify(key.publicJwk))}`;
    kid = `${iss}#0`;
  } else {
    iss = key.didKey;
    kid = `${iss}#${iss.slice('did:key:'.length)}`;
  }
  const skills = typeof opts.skills === 'string' ? opts.skills.split(',') :
    (opts.skills ?? DEFAULT_SKILLS);
  const payload = {
    iss,
    iat: opts.iat === undefined ? Math.floor(Date.now() / 1000) : seconds(opts.iat, '--iat'),
    ...(opts.nbf !== undefined && {nbf: seconds(opts.nbf, '--nbf')}),
    ...(opts.exp !== undefined && {exp: seconds(opts.exp, '--exp')}),
    vct: opts.vct ?? 'https://credentials.example.org/micro-credential',
    name: opts.title ?? 'Data Literacy Foundations',
    issuer_name: opts.issuerName ?? 'Tessera Test University',
    ects: Number(opts.ects ?? 5),
    eqf_level: Number(opts.eqf ?? 6),
    given_name: opts.givenName ?? 'Ana',
    family_name: opts.familyName ?? 'Novak',
    degree: {type: 'micro-credential', grade: opts.grade ?? 'A'},
    address: {locality: 'Ljubljana', country: opts.country ?? 'SI'},
    skills,
    cnf: {jwk: holder},
    ...(status !== undefined && {status})
  };
  const skillFrame = skills.map((_, i) => i).filter(i => i !== 1);
  const disclosureFrame = {
    _sd: ['given_name', 'family_name', 'address'],
    degree: {_sd: ['grade']},
    address: {_sd: ['country']},
    skills: {_sd: skillFrame}
  };
  const instance = new deps.SDJwtVcInstance({
    signer: key.signer,
    signAlg: alg,
    hasher: deps.digest,
    hashAlg: 'sha-256',
    saltGenerator: deps.generateSalt
  });
  const header = {kid, typ: opts.typ ?? 'dc+sd-jwt'};
  if(opts.noKid) {
    delete header.kid;
  }
  const sdJwt = await instance.issue(payload, disclosureFrame, {header});
  const issuerJwk = {...key.publicJwk, ...(header.kid !== undefined && {kid: header.kid})};
  return {sdJwt, iss, kid: header.kid ?? null, holderJwk: holder, issuerJwk};
}

// ---------------------------------------------------------------- verify
async function verifyText(text, opts, deps) {
  const sdJwt = text.trim();
  try {
    const [jwt] = sdJwt.split('~');
    const [h, p] = jwt.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const kid = typeof header.kid === 'string' && header.kid.startsWith('did:') ?
      header.kid : payload.iss;
    const given = jsonValue(opts.issuerJwk, '--issuer-jwk', {file: true});
    const jwk = given ?? resolveDid(kid);
    let verifier;
    if(header.alg === 'EdDSA' || header.alg === 'Ed25519') {
      const publicKey = createPublicKey({key: jwk, format: 'jwk'});
      verifier = async(data, sig) =>
        verify(null, Buffer.from(data), publicKey, Buffer.from(sig, 'base64url'));
    } else if(header.alg === 'ES256') {
      verifier = await deps.ES256.getVerifier(jwk);
    } else {
      throw new Error(`unsupported alg ${header.alg}`);
    }
    // Never the library's own fetch: status lists come from --status-lists only.
    const statusLists = jsonValue(opts.statusLists, '--status-lists', {file: true}) ?? {};
    const statusListFetcher = async uri => {
      if(typeof statusLists[uri] !== 'string') {
        throw new Error(`offline: no status list given for ${uri} (pass --status-lists)`);
      }
      return statusLists[uri];
    };
    const instance = new deps.SDJwtVcInstance({verifier, hasher: deps.digest, statusListFetcher});
    const currentDate = opts.now === undefined ? undefined : seconds(opts.now, '--now');
    const result = await instance.verify(sdJwt, {currentDate});
    return {verified: true, claims: result.payload};
  } catch(e) {
    return {verified: false, error: String(e?.message ?? e)};
  }
}

// ---------------------------------------------------------------- main
const opts = parseArgs(process.argv.slice(2));
const deps = await loadDeps();
if(opts.verify !== undefined) {
  const file = opts.verify === '-' ? 0 : opts.verify;
  const out = await verifyText(readFileSync(file, 'utf8'), opts, deps);
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(out.verified ? 0 : 1);
}
process.stdout.write(JSON.stringify(await issue(opts, deps)) + '\n');
