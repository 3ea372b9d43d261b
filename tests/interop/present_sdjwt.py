#!/usr/bin/env python3
"""SD-JWT presentations with the Python reference implementation (`sd-jwt` 0.10.4, the
OpenWallet Foundation / IETF working group library), fully offline: issue an SD-JWT VC
bound to a given holder key, and verify a presentation (SD-JWT + Key Binding JWT).

    tests/interop/.venv/bin/python tests/interop/present_sdjwt.py --issue '<json options>'
        print {"sdJwt", "iss", "claims": {name: value}} (the selectively disclosable
        top-level claims and their values)
    tests/interop/.venv/bin/python tests/interop/present_sdjwt.py --verify FILE --aud AUD --nonce NONCE
        verify the presentation in FILE ("-" = stdin); print {"verified": bool,
        "claims"?: {...}, "error"?: string}

Issue options (JSON keys):
  holderJwk  the holder's public JWK (OKP Ed25519 or EC P-256), put in cnf.jwk (required)
  alg        the issuer's algorithm, ES256 (the library's default) or EdDSA
  seed       the issuer key seed, 64 hex digits (default random)
  iat, exp   ISO 8601 dates (default now / none)
  nested     also a selectively disclosable "address" with a selectively disclosable
             "country" in it, and "nationalities" whose elements are each disclosable
  decoys     add the library's decoy digests (default true)

Seven claims are selectively disclosable: name, ects, given_name, family_name, birthdate,
email, grade. The header is typ dc+sd-jwt with kid (the did:jwk URL); vct is set.

Verify: SDJWTVerifier checks the issuer signature (key from the did:jwk kid), then the Key
Binding JWT against the expected aud and nonce. The library's constructor assumes ES256
for the Key Binding JWT (it passes no algorithm), which cannot verify an Ed25519 holder's
KB-JWT; so the KB-JWT is checked by the library's own `_verify_key_binding_jwt` with the
algorithm of the cnf key (EdDSA for OKP Ed25519, ES256 for EC P-256). The library checks
the KB-JWT's signature, typ, aud, nonce and sd_hash; it does not check its iat or exp.

Exit codes: 0 ok / verified, 1 not verified, 2 bad arguments, 3 the library is missing
(run `bash .ci/setup`).
"""

import base64
import json
import secrets
import sys
from datetime import datetime, timezone

try:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519
    from jwcrypto.jwk import JWK
    from sd_jwt.common import SDObj
    from sd_jwt.issuer import SDJWTIssuer
    from sd_jwt.verifier import SDJWTVerifier
except ImportError as e:  # pragma: no cover - reported to the Rust test
    sys.stderr.write(
        f"present_sdjwt.py: the Python reference library is missing ({e}); run `bash .ci/setup`\n"
    )
    sys.exit(3)


def usage(message):
    sys.stderr.write(
        f"present_sdjwt.py: {message}\n"
        "usage: --issue JSON | --verify FILE --aud AUD --nonce NONCE\n"
    )
    sys.exit(2)


def parse_args(argv):
    flags = {"--issue": "issue", "--verify": "verify", "--aud": "aud", "--nonce": "nonce"}
    opts = {}
    i = 0
    while i < len(argv):
        key = flags.get(argv[i])
        if key is None:
            usage(f"unknown option {argv[i]}")
        if i + 1 >= len(argv):
            usage(f"{argv[i]} needs a value")
        opts[key] = argv[i + 1]
        i += 2
    return opts


def b64u(data):
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64u(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seconds(value, what):
    try:
        d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        usage(f"{what} is not a date: {value}")
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return int(d.timestamp())


def issuer_key(alg, seed):
    if alg == "ES256":
        return JWK.from_pyca(ec.derive_private_key(int.from_bytes(seed, "big"), ec.SECP256R1()))
    if alg == "EdDSA":
        return JWK.from_pyca(ed25519.Ed25519PrivateKey.from_private_bytes(seed))
    usage(f"alg must be ES256 or EdDSA, not {alg}")


def issue(opts):
    holder = opts.get("holderJwk")
    if not isinstance(holder, dict):
        usage("issue needs holderJwk (an object)")
    alg = opts.get("alg", "ES256")
    seed = bytes.fromhex(opts["seed"]) if "seed" in opts else secrets.token_bytes(32)
    if len(seed) != 32:
        usage("seed must be 64 hex digits")
    key = issuer_key(alg, seed)
    public = key.export_public(as_dict=True)
    public.pop("kid", None)
    iss = "did:jwk:" + b64u(json.dumps(public, separators=(",", ":")).encode())
    values = {
        "name": "Data Literacy Foundations",
        "ects": 7.25,
        "given_name": "Ana-Marija",
        "family_name": "Novak-Zupančič",
        "birthdate": "1999-04-17",
        "email": "ana.novak@learner.example",
        "grade": "excellent (9/10)",
    }
    claims = {
        "iss": iss,
        "iat": seconds(opts["iat"], "iat") if "iat" in opts
        else int(datetime.now(timezone.utc).timestamp()),
        "vct": "https://credentials.example.org/micro-credential",
        "issuer_name": "Tessera Test University",
    }
    if "exp" in opts:
        claims["exp"] = seconds(opts["exp"], "exp")
    for k, v in values.items():
        claims[SDObj(k)] = v
    if opts.get("nested"):
        claims[SDObj("address")] = {"locality": "Ljubljana", SDObj("country"): "SI"}
        claims["nationalities"] = [SDObj("SI"), SDObj("HR"), SDObj("AT")]
    issuer = SDJWTIssuer(
        claims,
        key,
        holder_key=JWK(**holder),
        sign_alg=alg,
        add_decoy_claims=bool(opts.get("decoys", True)),
        extra_header_parameters={"typ": "dc+sd-jwt", "kid": iss + "#0"},
    )
    return {"sdJwt": issuer.sd_jwt_issuance, "iss": iss, "claims": values}


def resolve_did_jwk(url):
    did = url.split("#")[0]
    if not did.startswith("did:jwk:"):
        raise ValueError(f"{url} cannot be resolved offline here (did:jwk only)")
    return JWK(**json.loads(unb64u(did[len("did:jwk:"):])))


def kb_alg(jwk):
    if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
        return "EdDSA"
    if jwk.get("kty") == "EC" and jwk.get("crv") == "P-256":
        return "ES256"
    raise ValueError(f"unsupported holder key {jwk}")


def verify(text, aud, nonce):
    def issuer_public_key(iss, header):
        kid = header.get("kid")
        return resolve_did_jwk(kid if isinstance(kid, str) else iss)

    try:
        # Without aud and nonce the constructor checks the issuer-signed part only ...
        verifier = SDJWTVerifier(text.strip(), issuer_public_key)
        cnf = verifier._holder_public_key_payload or {}
        # ... and the Key Binding JWT is checked with the algorithm of the holder key.
        verifier._verify_key_binding_jwt(aud, nonce, sign_alg=kb_alg(cnf.get("jwk") or {}))
        return {"verified": True, "claims": verifier.get_verified_payload()}
    except Exception as e:  # the library raises many kinds; all mean "not verified"
        return {"verified": False, "error": f"{type(e).__name__}: {e}"}


def main():
    opts = parse_args(sys.argv[1:])
    if "verify" in opts:
        if "aud" not in opts or "nonce" not in opts:
            usage("--verify needs --aud and --nonce")
        source = sys.stdin if opts["verify"] == "-" else open(opts["verify"], encoding="utf-8")
        out = verify(source.read(), opts["aud"], opts["nonce"])
        print(json.dumps(out, ensure_ascii=False))
        sys.exit(0 if out["verified"] else 1)
    if "issue" in opts:
        try:
            options = json.loads(opts["issue"])
        except ValueError as e:
            usage(f"--issue: not JSON: {e}")
        print(json.dumps(issue(options), ensure_ascii=False))
        return
    usage("give --issue or --verify")


if __name__ == "__main__":
    main()
