// The offline document loader the interop scripts share: JSON-LD contexts from the npm
// context packages, did:key documents built locally (Ed25519, and P-256 when
// EcdsaMultikey is given); every other URL is refused. Nothing is fetched.

const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

export function makeDocumentLoader({contextMaps, Ed25519Multikey, EcdsaMultikey}) {
  const contexts = new Map();
  for(const m of contextMaps) {
    for(const [url, ctx] of m) {
      contexts.set(url, ctx);
    }
  }

  async function resolveDidKey(url) {
    const [did, fragment] = url.split('#');
    const fingerprint = did.slice('did:key:'.length);
    let Multikey;
    if(/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/.test(fingerprint)) {
      Multikey = Ed25519Multikey;
    } else if(EcdsaMultikey && /^zDn[1-9A-HJ-NP-Za-km-z]+$/.test(fingerprint)) {
      Multikey = EcdsaMultikey;
    } else {
      throw new Error(`offline documentLoader: only ${EcdsaMultikey ? 'Ed25519 and P-256' : 'Ed25519'} ` +
        `did:key are supported: "${url}"`);
    }
    if(fragment !== undefined && fragment !== fingerprint) {
      throw new Error(`offline documentLoader: no such verification method: "${url}"`);
    }
    const vmId = `${did}#${fingerprint}`;
    // Multikey.from checks the multibase header, the key length and the point
    const key = await Multikey.from({
      '@context': MULTIKEY_V1, type: 'Multikey', id: vmId, controller: did,
      publicKeyMultibase: fingerprint
    });
    const vm = await key.export({publicKey: true, includeContext: false});
    if(fragment !== undefined) {
      return {'@context': MULTIKEY_V1, ...vm};
    }
    return {
      '@context': [DID_V1, MULTIKEY_V1],
      id: did,
      verificationMethod: [vm],
      authentication: [vmId],
      assertionMethod: [vmId],
      capabilityDelegation: [vmId],
      capabilityInvocation: [vmId]
    };
  }

  return async function documentLoader(url) {
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(contexts.get(url))};
    }
    if(typeof url === 'string' && url.startsWith('did:key:')) {
      return {contextUrl: null, documentUrl: url, document: await resolveDidKey(url)};
    }
    throw new Error(`offline documentLoader: refusing to load "${url}"`);
  };
}
