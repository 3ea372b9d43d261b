#!/usr/bin/env node
/*
 * Issue an Open Badges 3.0 credential secured as a JWT (VC-JWT) with the `jose`
 * library (panva/jose 6), fully offline, and print the compact JWT.
 *
 *   node tests/interop/issue-jwt.mjs [options]            issue, print the JWT
 *   node tests/interop/issue-jwt.mjs '{"alg": "ES256"}'   same, options as JSON
 *
 * Run `node tests/interop/issue-jwt.mjs --help` for the options.
 */
import {
  createECDH, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID
} from 'node:crypto';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

const USAGE = `Usage:
  node issue-jwt.mjs [options]          issue an OB 3.0 credential as a JWT, print it (one line)
  node issue-jwt.mjs '<json options>'   same, options as one JSON object (camelCase keys)

Signature and key (JSON key in brackets):
  --alg ALG               EdDSA | ES256 | RS256 | PS256         [alg]  default EdDSA
  --shape SHAPE           vc2:  VC 2.0 "VC-JOSE", typ vc+jwt, the payload is the credential
                          vc11: VC 1.1 JWT encoding used by OB 3.0, typ JWT, claims
                                iss, sub, nbf, exp, jti and vc = the credential
                                                                [shape]  default vc2
  --key PLACEMENT         kid-didkey:  issuer did:key, header kid = its verification method
                                       (RS256/PS256: an RSA did:key, multicodec rsa-pub)
                          kid-didjwk:  issuer did:jwk, header kid = <did>#0
                          jwk-header:  issuer did:jwk, the public JWK in the header, no kid
                          kid-https:   issuer https://issuer.example.org/profile, header kid
                                       https://issuer.example.org/keys/1 (fetchable only)
                                                                [key]  default kid-didkey
  --seed HEX              Ed25519 / P-256 key seed, 32 bytes as 64 hex digits [seed]
                          default random. RSA keys are always freshly generated (Node
                          cannot derive an RSA key from a seed).
Credential:
  --title TEXT            achievement name / title          [title]  default "Data Literacy Foundations"
  --issuer-name TEXT      issuer Profile name               [issuerName]  default "Tessera Test University"
  --country CC            issuer address country code       [country]  default "IE"
  --credits N             achievement.creditsAvailable      [credits]  default 3
  --learning-outcome TEXT achievement.description           [learningOutcome]
  --narrative TEXT        achievement.criteria.narrative    [narrative]
  --eqf N                 EQF level alignment (1-8)         [eqf]  default 6
  --skill-name TEXT       ESCO skill alignment targetName   [skillName]
  --skill-url URL         ESCO skill alignment targetUrl    [skillUrl]
  --valid-from DATE       validFrom (and nbf for vc11)      [validFrom]  default now
  --valid-until DATE      validUntil (and exp for vc11)     [validUntil]  omitted by default
  --id URI                credential id (and jti for vc11)  [id]  default urn:uuid:<random>
  --achievement-id URI    achievement id                    [achievementId]  default urn:uuid:<random>
  --subject DID           credentialSubject.id (and sub)    [subject]  default did:example:learner<random>
  --name TEXT             top-level credential name         [name]  default = title
  --status-purpose P      add a BitstringStatusListEntry with this statusPurpose
                          (revocation | suspension)         [statusPurpose]
  --claims-only           vc11 only: the credential's id, validFrom/validUntil and
                          credentialSubject.id are left out of vc and carried only by
                          jti, nbf/exp and sub (the VC 1.1 "instead of" encoding)
                                                                [claimsOnly]

With an Ed25519 or P-256 key and --seed, --valid-from, --id, --achievement-id and
--subject all given, the output is byte-for-byte reproducible.
Exit codes: 0 ok, 2 bad arguments, 3 node_modules missing.`;

// ---------------------------------------------------------------- deps
async function loadJose() {
  try {
    return await import('jose');
  } catch(e) {
    if(e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) {
      process.stderr.write(
        `issue-jwt: the reference library jose is not installed in ${join(HERE, 'node_modules')}\n` +
        `  (${e.message.split('\n')[0]})\n` +
        '  run: npm ci --prefix tests/interop   (from the repository root)\n');
      process.exit(3);
    }
    throw e;
  }
}

// ---------------------------------------------------------------- options
const FLAGS = {
  '--alg': 'alg', '--shape': 'shape', '--key': 'key', '--seed': 'seed',
  '--title': 'title', '--issuer-name': 'issuerName', '--country': 'country',
  '--credits': 'credits', '--learning-outcome': 'learningOutcome',
  '--narrative': 'narrative', '--eqf': 'eqf', '--skill-name': 'skillName',
  '--skill-url': 'skillUrl', '--valid-from': 'validFrom',
  '--valid-until': 'validUntil', '--id': 'id', '--achievement-id': 'achievementId',
  '--subject': 'subject', '--name': 'name', '--status-purpose': 'statusPurpose'
};
const BOOL_FLAGS = {'--claims-only': 'claimsOnly'};
const ALGS = ['EdDSA', 'ES256', 'RS256', 'PS256'];
const SHAPES = ['vc2', 'vc11'];
const PLACEMENTS = ['kid-didkey', 'kid-didjwk', 'jwk-header', 'kid-https'];

function usageError(msg) {
  process.stderr.write(`issue-jwt: ${msg}\n\n${USAGE}\n`);
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
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function numericDate(iso) {
  return Math.floor(new Date(iso).getTime() / 1000);
}

function seedBytes(hex) {
  if(hex === undefined || hex === null || hex === '') {
    return randomBytes(32);
  }
  if(!/^[0-9a-fA-F]{64}$/.test(String(hex))) {
    usageError('--seed must be 32 bytes as 64 hex digits');
  }
  return Buffer.from(String(hex), 'hex');
}

// ---------------------------------------------------------------- keys and DIDs
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58btc(bytes) {
  let n = 0n;
  for(const b of bytes) {
    n = n * 256n + BigInt(b);
  }
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

const b64url = buf => Buffer.from(buf).toString('base64url');

/** The private KeyObject, its public JWK (public members only) and its did:key bytes. */
function makeKey(alg, seed) {
  if(alg === 'EdDSA') {
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    const privateKey = createPrivateKey({key: pkcs8, format: 'der', type: 'pkcs8'});
    const {x} = createPublicKey(privateKey).export({format: 'jwk'});
    const jwk = {kty: 'OKP', crv: 'Ed25519', x};
    // multicodec ed25519-pub 0xed, raw 32-byte key
    const multicodec = Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(x, 'base64url')]);
    return {privateKey, jwk, multicodec};
  }
  if(alg === 'ES256') {
    const ecdh = createECDH('prime256v1');
    try {
      ecdh.setPrivateKey(seed);
    } catch(e) {
      usageError(`--seed is not a valid P-256 private key: ${e.message}`);
    }
    const point = ecdh.getPublicKey();
    const jwk = {kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65))};
    const privateKey = createPrivateKey({key: {...jwk, d: b64url(seed)}, format: 'jwk'});
    // multicodec p256-pub 0x1200, compressed point
    const multicodec = Buffer.concat([Buffer.from([0x80, 0x24]), ecdh.getPublicKey(null, 'compressed')]);
    return {privateKey, jwk, multicodec};
  }
  // RS256 / PS256
  const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
  const {n, e} = publicKey.export({format: 'jwk'});
  const jwk = {kty: 'RSA', n, e};
  // multicodec rsa-pub 0x1205, PKCS#1 RSAPublicKey DER
  const multicodec = Buffer.concat([
    Buffer.from([0x85, 0x24]), publicKey.export({type: 'pkcs1', format: 'der'})
  ]);
  return {privateKey, jwk, multicodec};
}

/** The issuer id and the JOSE header key members for a key placement. */
function placeKey(placement, key) {
  switch(placement) {
    case 'kid-didkey': {
      const mb = 'z' + base58btc(key.multicodec);
      return {issuer: `did:key:${mb}`, header: {kid: `did:key:${mb}#${mb}`}};
    }
    case 'kid-didjwk': {
      const did = `did:jwk:${b64url(JSON.stringify(key.jwk))}`;
      return {issuer: did, header: {kid: `${did}#0`}};
    }
    case 'jwk-header':
      return {issuer: `did:jwk:${b64url(JSON.stringify(key.jwk))}`, header: {jwk: key.jwk}};
    case 'kid-https':
      return {
        issuer: 'https://issuer.example.org/profile',
        header: {kid: 'https://issuer.example.org/keys/1'}
      };
    default:
      throw new Error(`unreachable placement ${placement}`);
  }
}

// ---------------------------------------------------------------- issue
function credentialFor(opts, issuerId) {
  const title = opts.title ?? 'Data Literacy Foundations';
  const credits = Number(opts.credits ?? 3);
  if(!Number.isFinite(credits) || credits < 0) {
    usageError(`--credits: not a number: "${opts.credits}"`);
  }
  const eqf = Number(opts.eqf ?? 6);
  if(!Number.isInteger(eqf) || eqf < 1 || eqf > 8) {
    usageError(`--eqf must be 1..8, got "${opts.eqf}"`);
  }
  const credential = {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
    ],
    id: opts.id ?? `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: opts.name ?? title,
    issuer: {
      id: issuerId,
      type: ['Profile'],
      name: opts.issuerName ?? 'Tessera Test University',
      address: {type: ['Address'], addressCountryCode: opts.country ?? 'IE'}
    },
    validFrom: isoDate(opts.validFrom ?? new Date(), 'validFrom')
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
  if(opts.statusPurpose !== undefined) {
    if(!['revocation', 'suspension'].includes(opts.statusPurpose)) {
      usageError(`--status-purpose must be revocation or suspension, got "${opts.statusPurpose}"`);
    }
    credential.credentialStatus = {
      id: 'https://issuer.example.org/status/1#94567',
      type: 'BitstringStatusListEntry',
      statusPurpose: opts.statusPurpose,
      statusListIndex: '94567',
      statusListCredential: 'https://issuer.example.org/status/1'
    };
  }
  return credential;
}

async function issue(jose, opts) {
  const alg = opts.alg ?? 'EdDSA';
  const shape = opts.shape ?? 'vc2';
  const placement = opts.key ?? 'kid-didkey';
  if(!ALGS.includes(alg)) {
    usageError(`--alg must be one of ${ALGS.join(', ')}, got "${alg}"`);
  }
  if(!SHAPES.includes(shape)) {
    usageError(`--shape must be one of ${SHAPES.join(', ')}, got "${shape}"`);
  }
  if(!PLACEMENTS.includes(placement)) {
    usageError(`--key must be one of ${PLACEMENTS.join(', ')}, got "${placement}"`);
  }
  if(opts.claimsOnly && shape !== 'vc11') {
    usageError('--claims-only needs --shape vc11');
  }
  const key = makeKey(alg, seedBytes(opts.seed));
  const {issuer, header} = placeKey(placement, key);
  const credential = credentialFor(opts, issuer);

  let jwt;
  if(shape === 'vc2') {
    jwt = new jose.SignJWT(credential)
      .setProtectedHeader({alg, typ: 'vc+jwt', ...header});
  } else {
    const vc = structuredClone(credential);
    if(opts.claimsOnly) {
      delete vc.id;
      delete vc.validFrom;
      delete vc.validUntil;
      delete vc.credentialSubject.id;
    }
    jwt = new jose.SignJWT({vc})
      .setProtectedHeader({alg, typ: 'JWT', ...header})
      .setIssuer(issuer)
      .setSubject(credential.credentialSubject.id)
      .setJti(credential.id)
      .setNotBefore(numericDate(credential.validFrom));
    if(credential.validUntil !== undefined) {
      jwt = jwt.setExpirationTime(numericDate(credential.validUntil));
    }
  }
  const compact = await jwt.sign(key.privateKey);

  // jose checks its own output with the public key: a JWT it cannot verify is a bug here.
  await jose.compactVerify(compact, createPublicKey(key.privateKey), {algorithms: [alg]});
  return compact;
}

// ---------------------------------------------------------------- main
const opts = parseArgs(process.argv.slice(2));
const jose = await loadJose();
process.stdout.write(await issue(jose, opts) + '\n');
