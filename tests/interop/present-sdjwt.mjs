#!/usr/bin/env node
/*
 * SD-JWT presentations with the reference implementation (@sd-jwt/sd-jwt-vc 0.19 with
 * @sd-jwt/crypto-nodejs), fully offline: issue an SD-JWT VC bound to a given holder key,
 * and verify a presentation (SD-JWT + Key Binding JWT) with key binding required.
 *
 *   node tests/interop/present-sdjwt.mjs --issue '<json options>'
 *        print {"sdJwt", "iss", "claims": {name: value}} (claims: the selectively
 *        disclosable top-level claims and their values)
 *   node tests/interop/present-sdjwt.mjs --verify FILE --aud AUD --nonce NONCE [--now DATE]
 *        verify the presentation in FILE ("-" = stdin); print {"verified": bool,
 *        "claims"?: {...}, "kb"?: {...}, "error"?: string}
 *
 * Issue options (JSON keys):
 *   holderJwk  the holder's public JWK (OKP Ed25519 or EC P-256), put in cnf.jwk (required)
 *   alg        the issuer's algorithm, EdDSA or ES256          default EdDSA
 *   seed       the issuer key seed, 64 hex digits              default random
 *   iat, exp   ISO 8601 dates                                  default now / none
 *   nested     also a selectively disclosable "address" with a selectively disclosable
 *              "country" in it, and "nationalities" whose elements are each disclosable
 *
 * Seven claims are selectively disclosable: name, ects, given_name, family_name, birthdate,
 * email, grade. issuer_name, vct, iss, iat, exp and cnf are always visible.
 *
 * Verify: SDJwtVcInstance.verify(text, {keyBindingNonce, currentDate}) with a kbVerifier
 * that checks the KB-JWT signature with the cnf.jwk of the verified payload (EdDSA or
 * ES256 by the key's type). The library checks the KB-JWT's typ, nonce and sd_hash, but
 * leaves the audience to its caller (kb.payload is returned), so this script compares
 * `aud` with --aud itself; it does not check the KB-JWT's iat or exp (neither does the
 * library).
 *
 * Exit codes: 0 ok / verified, 1 not verified, 2 bad arguments, 3 node_modules missing.
 */
import {createPrivateKey, createPublicKey, createECDH, randomBytes, sign, verify} from 'node:crypto';
import {readFileSync} from 'node:fs';

async function loadDeps() {
  try {
    const [{SDJwtVcInstance}, cryptoNode] = await Promise.all([
      import('@sd-jwt/sd-jwt-vc'),
      import('@sd-jwt/crypto-nodejs')
    ]);
    return {SDJwtVcInstance, ...cryptoNode};
  } catch(e) {
    process.stderr.write(
      `present-sdjwt.mjs: the reference libraries are missing (${e.message}); ` +
      'run `bash .ci/setup` (or `npm ci --prefix tests/interop`)\n');
    process.exit(3);
  }
}

function usage(message) {
  process.stderr.write(`present-sdjwt.mjs: ${message}\n` +
    'usage: --issue JSON | --verify FILE --aud AUD --nonce NONCE [--now DATE]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {};
  const flags = {'--issue': 'issue', '--verify': 'verify', '--aud': 'aud', '--nonce': 'nonce',
    '--now': 'now'};
  for(let i = 0; i < argv.length; i++) {
    const key = flags[argv[i]];
    if(!key) {
      usage(`unknown option ${argv[i]}`);
    }
    if(i + 1 >= argv.length) {
      usage(`${argv[i]} needs a value`);
    }
    opts[key] = argv[++i];
  }
  return opts;
}

function seconds(date, what) {
  const t = Date.parse(date);
  if(Number.isNaN(t)) {
    usage(`${what} is not a date: ${date}`);
  }
  return Math.floor(t / 1000);
}

const b64u = b => Buffer.from(b).toString('base64url');

/** An issuer key from a seed: {publicJwk, signer}. */
async function issuerKey(alg, seed, deps) {
  if(alg === 'EdDSA') {
    const privateKey = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
      format: 'der', type: 'pkcs8'
    });
    return {
      publicJwk: createPublicKey(privateKey).export({format: 'jwk'}),
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
    return {publicJwk, signer: await deps.ES256.getSigner({...publicJwk, d: b64u(seed)})};
  }
  usage(`alg must be EdDSA or ES256, not ${alg}`);
}

/** A verifier of JWS signatures for a public JWK: (data, signatureBase64url) => bool. */
async function verifierFor(jwk, deps) {
  if(jwk?.kty === 'OKP' && jwk.crv === 'Ed25519') {
    const publicKey = createPublicKey({key: jwk, format: 'jwk'});
    return async(data, sig) =>
      verify(null, Buffer.from(data), publicKey, Buffer.from(sig, 'base64url'));
  }
  if(jwk?.kty === 'EC' && jwk.crv === 'P-256') {
    return deps.ES256.getVerifier(jwk);
  }
  throw new Error(`unsupported key ${JSON.stringify(jwk)}`);
}

async function issue(opts, deps) {
  const holderJwk = opts.holderJwk;
  if(!holderJwk || typeof holderJwk !== 'object') {
    usage('issue needs holderJwk (an object)');
  }
  const alg = opts.alg ?? 'EdDSA';
  const seed = opts.seed === undefined ? randomBytes(32) : Buffer.from(opts.seed, 'hex');
  if(seed.length !== 32) {
    usage('seed must be 64 hex digits');
  }
  const key = await issuerKey(alg, seed, deps);
  const iss = `did:jwk:${b64u(JSON.stringify(key.publicJwk))}`;
  const claims = {
    name: 'Data Literacy Foundations',
    ects: 7.25,
    given_name: 'Ana-Marija',
    family_name: 'Novak-Zupančič',
    birthdate: '1999-04-17',
    email: 'ana.novak@learner.example',
    grade: 'excellent (9/10)'
  };
  const payload = {
    iss,
    iat: opts.iat === undefined ? Math.floor(Date.now() / 1000) : seconds(opts.iat, 'iat'),
    ...(opts.exp !== undefined && {exp: seconds(opts.exp, 'exp')}),
    vct: 'https://credentials.example.org/micro-credential',
    issuer_name: 'Tessera Test University',
    ...claims,
    cnf: {jwk: holderJwk}
  };
  const disclosureFrame = {_sd: Object.keys(claims)};
  if(opts.nested) {
    payload.address = {locality: 'Ljubljana', country: 'SI'};
    payload.nationalities = ['SI', 'HR', 'AT'];
    disclosureFrame._sd.push('address');
    disclosureFrame.address = {_sd: ['country']};
    disclosureFrame.nationalities = {_sd: [0, 1, 2]};
  }
  const instance = new deps.SDJwtVcInstance({
    signer: key.signer, signAlg: alg, hasher: deps.digest, hashAlg: 'sha-256',
    saltGenerator: deps.generateSalt
  });
  const sdJwt = await instance.issue(payload, disclosureFrame,
    {header: {kid: `${iss}#0`, typ: 'dc+sd-jwt'}});
  return {sdJwt, iss, claims};
}

function resolveDidJwk(url) {
  const did = url.split('#')[0];
  if(!did.startsWith('did:jwk:')) {
    throw new Error(`${url} cannot be resolved offline here (did:jwk only)`);
  }
  return JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8'));
}

async function verifyText(text, opts, deps) {
  const presentation = text.trim();
  try {
    const [jwt] = presentation.split('~');
    const [h, p] = jwt.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const issuerJwk = resolveDidJwk(typeof header.kid === 'string' ? header.kid : payload.iss);
    const verifier = await verifierFor(issuerJwk, deps);
    // The holder key: cnf.jwk of the verified SD-JWT payload the library hands over.
    const kbVerifier = async(data, sig, verifiedPayload) =>
      (await verifierFor(verifiedPayload?.cnf?.jwk, deps))(data, sig);
    const instance = new deps.SDJwtVcInstance({verifier, kbVerifier, hasher: deps.digest});
    const currentDate = opts.now === undefined ? undefined : seconds(opts.now, '--now');
    const result = await instance.verify(presentation, {keyBindingNonce: opts.nonce, currentDate});
    if(!result.kb) {
      throw new Error('no Key Binding JWT was verified');
    }
    // The library does not check the audience: the caller must.
    if(result.kb.payload.aud !== opts.aud) {
      throw new Error(`wrong audience ${JSON.stringify(result.kb.payload.aud)}`);
    }
    return {verified: true, claims: result.payload, kb: result.kb.payload};
  } catch(e) {
    return {verified: false, error: String(e?.message ?? e)};
  }
}

const opts = parseArgs(process.argv.slice(2));
const deps = await loadDeps();
if(opts.verify !== undefined) {
  if(typeof opts.aud !== 'string' || typeof opts.nonce !== 'string') {
    usage('--verify needs --aud and --nonce');
  }
  const out = await verifyText(readFileSync(opts.verify === '-' ? 0 : opts.verify, 'utf8'), opts, deps);
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(out.verified ? 0 : 1);
} else if(opts.issue !== undefined) {
  let o;
  try {
    o = JSON.parse(opts.issue);
  } catch(e) {
    usage(`--issue: not JSON: ${e.message}`);
  }
  process.stdout.write(JSON.stringify(await issue(o, deps)) + '\n');
} else {
  usage('give --issue or --verify');
}
