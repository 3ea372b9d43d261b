// Self-test of the interop helper: issue, verify, tamper, expire.
// Run: npm test --prefix tests/interop   (or: node --test tests/interop/)
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

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
