// The offline document loader the interop scripts share: JSON-LD contexts from the npm
// context packages, did:key documents built locally (Ed25519, and P-256 when
// EcdsaMultikey is given), did:web documents from a map the caller passes in
// (`didDocuments`), and any other document the caller passes in by URL (`documents`, e.g.
// status list credentials); every other URL is refused. Nothing is fetched.
//
// The status list contexts (Bitstring Status List v1, StatusList2021 v1) come from their own
// npm packages; `importStatusListContexts()` loads them for a script's `contextMaps`.

const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

export const BITSTRING_STATUS_LIST_V1 = 'https://www.w3.org/ns/credentials/status/v1';
export const STATUS_LIST_2021_V1 = 'https://w3id.org/vc/status-list/2021/v1';

/**
 * The context maps (URL -> context) of `@digitalbazaar/vc-bitstring-status-list-context`
 * and `@digitalbazaar/vc-status-list-context`. Throws ERR_MODULE_NOT_FOUND when they are
 * not installed (the scripts turn that into exit code 3).
 */
export async function importStatusListContexts() {
  const modules = await Promise.all([
    import('@digitalbazaar/vc-bitstring-status-list-context'),
    import('@digitalbazaar/vc-status-list-context')
  ]);
  return modules.map(m => m.contexts ?? m.default.contexts);
}

/** `did:web` DID for a host name, "host:port" or "host/path" (or a did:web DID as is). */
export function didWebFor(host) {
  const text = String(host);
  if(text.startsWith('did:web:')) {
    return text;
  }
  const [authority, ...path] = text.replace(/^https:\/\//, '').replace(/\/+$/, '').split('/');
  return 'did:web:' + [authority.replace(/:/g, '%3A'), ...path.map(encodeURIComponent)].join(':');
}

/**
 * didDocuments: a Map or a plain object, DID -> DID document, for did:web (or any other
 * DID method the caller wants to serve); a DID URL with a fragment gets the verification
 * method of that id, with the document's @context.
 * documents: a Map or a plain object, URL -> JSON document, served as is.
 */
export function makeDocumentLoader({
  contextMaps, Ed25519Multikey, EcdsaMultikey, didDocuments, documents
}) {
  const contexts = new Map();
  for(const m of contextMaps) {
    for(const [url, ctx] of m) {
      contexts.set(url, ctx);
    }
  }
  const asMap = m => new Map(m instanceof Map ? m : Object.entries(m ?? {}));
  const dids = asMap(didDocuments);
  const others = asMap(documents);

  function resolveFromMap(url) {
    const [did, fragment] = url.split('#');
    const doc = dids.get(did);
    if(!doc) {
      throw new Error(`offline documentLoader: no DID document given for "${did}"`);
    }
    if(fragment === undefined) {
      return structuredClone(doc);
    }
    const all = [
      ...(doc.verificationMethod ?? []),
      ...['assertionMethod', 'authentication', 'capabilityInvocation', 'capabilityDelegation',
        'keyAgreement'].flatMap(r => (doc[r] ?? []).filter(v => typeof v === 'object'))
    ];
    const vm = all.find(v => v.id === url || v.id === `#${fragment}`);
    if(!vm) {
      throw new Error(`offline documentLoader: no such verification method: "${url}"`);
    }
    return {'@context': structuredClone(doc['@context']), ...structuredClone(vm), id: url};
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
    if(others.has(url)) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(others.get(url))};
    }
    if(typeof url === 'string' && dids.has(url.split('#')[0])) {
      return {contextUrl: null, documentUrl: url, document: resolveFromMap(url)};
    }
    if(typeof url === 'string' && url.startsWith('did:key:')) {
      return {contextUrl: null, documentUrl: url, document: await resolveDidKey(url)};
    }
    if(typeof url === 'string' && url.startsWith('did:web:')) {
      throw new Error(`offline documentLoader: no DID document given for "${url.split('#')[0]}" ` +
        '(pass the did:web documents in, e.g. --did-docs FILE)');
    }
    throw new Error(`offline documentLoader: refusing to load "${url}"`);
  };
}
