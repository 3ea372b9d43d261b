// Self-test of the interop helpers: issue, verify, tamper, expire (issue-ob3.mjs); status
// lists made and read back with the references (status-list.mjs), did:web issuers and
// status entries (issue-di.mjs, issue-sdjwt.mjs).
// Run: npm test --prefix tests/interop   (or: node --test tests/interop/)
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {createPublicKey, verify as verifySignature} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gunzipSync, inflateSync} from 'node:zlib';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'issue-ob3.mjs');
const SEED = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const dir = mkdtempSync(join(tmpdir(), 'tessera-interop-'));

function issue(opts) {
  return JSON.parse(execFileSync('node', [SCRIPT, JSON.stringify(opts)], {encoding: 'utf8'}));
}
function verify(credential, ...extra) {
  const file = join(dir, `vc-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(credential, null, 2));
  const r = spawnSync('node', [SCRIPT, '--verify', file, ...extra], {encoding: 'utf8'});
  return {status: r.status, ...JSON.parse(r.stdout)};
}

test('issues an OB 3.0 micro-credential that the reference verifier accepts', () => {
  const vc = issue({title: 'Interop Title', issuerName: 'Uni', country: 'FI', credits: 4, seed: SEED});
  assert.equal(vc.credentialSubject.achievement.name, 'Interop Title');
  assert.equal(vc.credentialSubject.achievement.achievementType, 'MicroCredential');
  assert.equal(vc.credentialSubject.achievement.creditsAvailable, 4);
  assert.equal(vc.issuer.address.addressCountryCode, 'FI');
  assert.match(vc.issuer.id, /^did:key:z6Mk/);
  assert.equal(vc.proof.cryptosuite, 'eddsa-rdfc-2022');
  assert.deepEqual(verify(vc), {status: 0, verified: true});
});

test('one changed character in achievement.name breaks the proof', () => {
  const vc = issue({seed: SEED});
  vc.credentialSubject.achievement.name = vc.credentialSubject.achievement.name.replace(/s$/, 'z');
  const r = verify(vc);
  assert.equal(r.verified, false);
  assert.equal(r.status, 1);
});

test('the same options give the same bytes', () => {
  const opts = {seed: SEED, validFrom: '2025-01-01T00:00:00Z', created: '2025-01-01T00:00:00Z',
    id: 'urn:uuid:1', achievementId: 'urn:uuid:2', subject: 'did:example:learner1'};
  assert.deepEqual(issue(opts), issue(opts));
});

test('validUntil is enforced, and --now moves the clock', () => {
  const vc = issue({validFrom: '2024-01-01T00:00:00Z', validUntil: '2024-12-31T00:00:00Z'});
  assert.equal(verify(vc).verified, false);
  assert.equal(verify(vc, '--now', '2024-06-01T00:00:00Z').verified, true);
});

// ---------------------------------------------------------------- status lists
const HERE = dirname(fileURLToPath(import.meta.url));
const STATUS = join(HERE, 'status-list.mjs');
const DI = join(HERE, 'issue-di.mjs');
const SDJWT = join(HERE, 'issue-sdjwt.mjs');

function run(script, args, {expect = 0} = {}) {
  const r = spawnSync('node', [script, ...args], {encoding: 'utf8'});
  assert.equal(r.status, expect, `${script} ${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim().startsWith('{') || r.stdout.trim().startsWith('[') ?
    JSON.parse(r.stdout) : r.stdout;
}
const statusList = opts => run(STATUS, [JSON.stringify(opts)]);
const check = (list, index) => run(STATUS, [JSON.stringify({kind: 'check', list, index})]).status;
function file(name, value) {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

for(const kind of ['bitstring', 'statuslist2021']) {
  test(`${kind}: indices 3 and 12345 are set, read back by the reference; 4 is not`, () => {
    const url = `https://localhost:1234/status/${kind}`;
    const {list, entry} = statusList({kind, url, set: [3, 12345], seed: SEED, entryIndex: 12345,
      statusPurpose: 'suspension', validFrom: '2025-01-01T00:00:00Z'});
    assert.equal(list.id, url);
    assert.equal(list.credentialSubject.statusPurpose, 'suspension');
    assert.match(list.issuer, /^did:key:z6Mk/);
    assert.deepEqual(entry, {
      id: `${url}#12345`,
      type: kind === 'bitstring' ? 'BitstringStatusListEntry' : 'StatusList2021Entry',
      statusPurpose: 'suspension', statusListIndex: '12345', statusListCredential: url
    });
    if(kind === 'bitstring') {
      assert.deepEqual(list['@context'], ['https://www.w3.org/ns/credentials/v2']);
      assert.deepEqual(list.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
      assert.equal(list.validFrom, '2025-01-01T00:00:00Z');
      assert.equal(list.proof.cryptosuite, 'eddsa-rdfc-2022');
    } else {
      assert.deepEqual(list.type, ['VerifiableCredential', 'StatusList2021Credential']);
      assert.equal(list.issuanceDate, '2025-01-01T00:00:00Z');
      assert.equal(list.proof.type, 'Ed25519Signature2020');
    }
    for(const [i, set] of [[3, true], [12345, true], [4, false], [0, false], [12344, false],
      [12346, false], [131071, false]]) {
      assert.equal(check(list, i), set, `index ${i}`);
    }
    // The specs' encoding, read independently: base64url(gzip(bits)), the first index the
    // most significant bit of the first byte; the bitstring list has the multibase 'u'.
    const text = list.credentialSubject.encodedList;
    const bits = gunzipSync(Buffer.from(kind === 'bitstring' ? text.slice(1) : text, 'base64url'));
    assert.equal(text[0] === 'u', kind === 'bitstring');
    assert.equal(bits.length, 131072 / 8);
    const set = [];
    bits.forEach((b, i) => {
      for(let j = 0; j < 8; j++) {
        if(b & (0x80 >> j)) {
          set.push(i * 8 + j);
        }
      }
    });
    assert.deepEqual(set, [3, 12345]);
    // and the list credential itself verifies with the reference
    assert.equal(run(DI, ['--verify', file(`${kind}-list.json`, list)]).verified, true);
  });
}

test('token: 2 bits, statuses {7: 1, 13: 2} in the spec\'s bit order, typ statuslist+jwt', () => {
  const uri = 'https://localhost:1234/token/1';
  const out = statusList({kind: 'token', uri, bits: 2, statuses: {7: 1, 13: 2}, seed: SEED,
    iss: 'https://localhost:1234', kid: 'key-1', iat: '2025-01-01T00:00:00Z', ttl: 300,
    entryIndex: 13});
  assert.deepEqual(out.entry, {status_list: {idx: 13, uri}});
  const [h, p, sig] = out.list.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  assert.deepEqual(header, {alg: 'EdDSA', typ: 'statuslist+jwt', kid: 'key-1'});
  assert.equal(payload.sub, uri);
  assert.equal(payload.iss, 'https://localhost:1234');
  assert.equal(payload.iat, Date.parse('2025-01-01T00:00:00Z') / 1000);
  assert.equal(payload.ttl, 300);
  assert.equal(payload.status_list.bits, 2);
  assert.ok(verifySignature(null, Buffer.from(`${h}.${p}`), createPublicKey({key: out.jwk, format: 'jwk'}),
    Buffer.from(sig, 'base64url')), 'EdDSA signature');
  // lst = base64url(zlib deflate(bytes)); index i in byte floor(i*bits/8), from the least
  // significant bits up
  const bytes = inflateSync(Buffer.from(payload.status_list.lst, 'base64url'));
  assert.equal(bytes.length, 1024 * 2 / 8);
  assert.equal(bytes[1], 0b01000000);
  assert.equal(bytes[3], 0b00001000);
  const value = i => (bytes[Math.floor(i * 2 / 8)] >> ((i * 2) % 8)) & 0b11;
  for(let i = 0; i < 1024; i++) {
    assert.equal(value(i), i === 7 ? 1 : i === 13 ? 2 : 0, `index ${i}`);
  }
  assert.equal(check(out.list, 7), 1);
  assert.equal(check(out.list, 13), 2);
  assert.equal(check(out.list, 12), 0);
});

test('status-list: bad options exit 2', () => {
  run(STATUS, ['{"kind": "nope"}'], {expect: 2});
  run(STATUS, ['{"kind": "token", "uri": "https://x/1", "bits": 2, "statuses": {"1": 4}}'], {expect: 2});
  run(STATUS, ['{"kind": "bitstring", "url": "https://x/1", "set": [131072]}'], {expect: 2});
  run(STATUS, ['{"kind": "bitstring", "url": "https://x/1", "bogus": 1}'], {expect: 2});
});

test('a did:web credential with a status entry verifies with --verify --did-docs', () => {
  const host = 'localhost:8443';
  const did = 'did:web:localhost%3A8443';
  const doc = run(DI, ['--did-document', host, '--seed', SEED]);
  assert.equal(doc.id, did);
  assert.deepEqual(doc.assertionMethod, [`${did}#key-1`]);
  assert.equal(doc.verificationMethod[0].type, 'Multikey');
  const docs = file('did-docs.json', {[did]: doc});
  const url = 'https://localhost:8443/status/1';
  const {list, entry} = statusList({kind: 'bitstring', url, set: [3, 12345], seed: SEED,
    issuer: did, entryIndex: 12345});
  assert.equal(list.proof.verificationMethod, `${did}#key-1`);
  const lists = file('status-lists.json', {[url]: list});
  const issue = status => run(DI, [JSON.stringify({seed: SEED, didWeb: host, status})]);

  const revoked = issue(entry);
  assert.equal(revoked.issuer.id, did);
  assert.equal(revoked.proof.verificationMethod, `${did}#key-1`);
  assert.deepEqual(revoked.credentialStatus, entry);
  assert.deepEqual(revoked['@context'], ['https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
  const path = file('did-web-vc.json', revoked);
  // the DID document is needed, and given
  assert.equal(run(DI, ['--verify', path], {expect: 1}).verified, false);
  const ok = run(DI, ['--verify', path, '--did-docs', docs]);
  assert.equal(ok.verified, true);
  assert.equal(ok.statusChecked, false);
  // with the list, the reference checkStatus reads the set bit
  const r = run(DI, ['--verify', path, '--did-docs', docs, '--status-lists', lists], {expect: 1});
  assert.deepEqual(r.statuses, [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
    statusListIndex: '12345', set: true}]);
  const active = issue({...entry, id: `${url}#4`, statusListIndex: '4'});
  const a = run(DI, ['--verify', file('did-web-vc4.json', active), '--did-docs', docs,
    '--status-lists', lists]);
  assert.equal(a.verified, true);
  assert.equal(a.statuses[0].set, false);
});

test('VC 1.1 + Ed25519Signature2020 + did:web + StatusList2021Entry', () => {
  const host = 'example.org/issuers/a';
  const did = 'did:web:example.org:issuers:a';
  const doc = run(DI, ['--did-document', host, '--seed', SEED, '--suite', 'Ed25519Signature2020']);
  assert.equal(doc.verificationMethod[0].type, 'Ed25519VerificationKey2020');
  const url = 'https://example.org/status/2021';
  const {list, entry} = statusList({kind: 'statuslist2021', url, set: [12], seed: SEED,
    issuer: did, entryIndex: 12});
  const vc = run(DI, ['--vc', '1.1', '--suite', 'Ed25519Signature2020', '--did-web', host,
    '--seed', SEED, '--status', JSON.stringify(entry)]);
  assert.ok(vc['@context'].includes('https://w3id.org/vc/status-list/2021/v1'));
  const args = ['--verify', file('vc11.json', vc), '--did-docs', file('docs11.json', {[did]: doc})];
  assert.equal(run(DI, args).verified, true);
  const r = run(DI, [...args, '--status-lists', file('lists11.json', {[url]: list})], {expect: 1});
  assert.equal(r.statuses[0].set, true);
});

test('SD-JWT VC: --iss with kid and a visible status claim; the reference reads the status', () => {
  const uri = 'https://localhost:1234/token/1';
  const token = statusList({kind: 'token', uri, bits: 2, statuses: {7: 1}, seed: SEED,
    iss: 'https://localhost:1234', kid: 'key-1'});
  const lists = file('token-lists.json', {[uri]: token.list});
  const issue = idx => run(SDJWT, [JSON.stringify({seed: SEED, iss: 'https://localhost:1234',
    status: {status_list: {idx, uri}}})]);
  const revoked = issue(7);
  assert.equal(revoked.iss, 'https://localhost:1234');
  assert.equal(revoked.kid, 'key-1');
  assert.deepEqual(revoked.issuerJwk, token.jwk);
  const [jwt] = revoked.sdJwt.split('~');
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));
  assert.deepEqual(payload.status, {status_list: {idx: 7, uri}});
  assert.equal(JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url')).kid, 'key-1');
  const jwk = JSON.stringify(revoked.issuerJwk);
  const path = file('sd-revoked.txt', revoked.sdJwt);
  assert.match(run(SDJWT, ['--verify', path, '--issuer-jwk', jwk], {expect: 1}).error,
    /no status list given/);
  assert.match(run(SDJWT, ['--verify', path, '--issuer-jwk', jwk, '--status-lists', lists],
    {expect: 1}).error, /Status is not valid/);
  const active = run(SDJWT, ['--verify', file('sd-active.txt', issue(8).sdJwt), '--issuer-jwk', jwk,
    '--status-lists', lists]);
  assert.equal(active.verified, true);
  assert.deepEqual(active.claims.status, {status_list: {idx: 8, uri}});
});
