#!/usr/bin/env python3
"""Issue (or verify) an SD-JWT with the Python reference implementation (`sd-jwt` 0.10.4,
the OpenWallet Foundation / IETF working group library), fully offline.

    tests/interop/.venv/bin/python tests/interop/issue_sdjwt.py [options]          issue, print JSON
    tests/interop/.venv/bin/python tests/interop/issue_sdjwt.py '{"title": "..."}' same, options as JSON
    tests/interop/.venv/bin/python tests/interop/issue_sdjwt.py --verify FILE      verify FILE ("-" = stdin)

The library's defaults are kept unless an option says otherwise: ES256, header typ
`example+sd-jwt` (a plain SD-JWT, not an SD-JWT VC), `_sd_alg` sha-256, `cnf.jwk` from the
holder key. Run with --help for the options. Exit codes: 0 ok / verified, 1 not verified,
2 bad arguments, 3 the library is missing (run `bash .ci/setup`).
"""

import base64
import json
import secrets
import sys
from datetime import datetime, timezone

try:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from jwcrypto.jwk import JWK
    from sd_jwt.common import SDObj
    from sd_jwt.issuer import SDJWTIssuer
    from sd_jwt.verifier import SDJWTVerifier
except ImportError as e:  # pragma: no cover - reported to the Rust test
    sys.stderr.write(
        f"issue_sdjwt.py: the Python reference library is missing ({e}); run `bash .ci/setup`\n"
    )
    sys.exit(3)

USAGE = """Usage:
  issue_sdjwt.py [options]          issue an SD-JWT, print {"sdJwt", "iss", "kid", "holderJwk"}
  issue_sdjwt.py '<json options>'   same, options as one JSON object (camelCase keys)
  issue_sdjwt.py --verify FILE      verify the SD-JWT in FILE ("-" for stdin) with SDJWTVerifier,
                                    the issuer key found offline from kid / iss (did:jwk, did:key);
                                    print {"verified": bool, "claims"?: {...}, "error"?: string}

Issue options (JSON key in brackets):
  --alg ES256|EdDSA       issuer signature algorithm          [alg]  default ES256 (the library's)
  --issuer did:jwk|did:key  issuer DID method                 [issuer]  default did:jwk
  --kid                   add a kid header (the DID URL)      [kid]  default: none, the key is iss's own
  --seed HEX              issuer key seed, 64 hex digits      [seed]  default random
  --typ TYP               header typ                          [typ]  default the library's (example+sd-jwt)
  --vct URI               add a vct claim                     [vct]
  --title TEXT            title (always visible)              [title]  default "Data Literacy Foundations"
  --issuer-name TEXT      issuer_name (always visible)        [issuerName]  default "Tessera Test University"
  --credits N             credits (always visible)            [credits]  default 5
  --credit-unit TEXT      credit_unit (always visible)        [creditUnit]  default ECTS
  --eqf N                 eqf_level (disclosable)             [eqf]  default 5
  --given-name TEXT       given_name (disclosable)            [givenName]  default "Jan"
  --family-name TEXT      family_name (disclosable)           [familyName]  default "Kowalski"
  --grade TEXT            degree.grade (disclosable inside an always visible object) [grade]  default "B+"
  --country CC            address.country (disclosable inside the disclosable address) [country]  default "PL"
  --skills URL,URL,...    skills[]; every element but the second is disclosable [skills]
  --iat DATE              iat (ISO 8601)                      [iat]  default now
  --exp DATE              exp (omitted by default)            [exp]
Verify options: none (the library does not check iat/nbf/exp).
"""

DEFAULT_SKILLS = [
    "http://data.europa.eu/esco/skill/81a2db2c-7e55-44d0-9cd9-74c25147d7cd",
    "http://data.europa.eu/esco/skill/0f0e0d0c-0b0a-4909-8807-060504030201",
    "http://data.europa.eu/esco/skill/3c2b1a09-8f7e-4d6c-9b5a-493827161504",
]

FLAGS = {
    "--alg": "alg", "--issuer": "issuer", "--seed": "seed", "--typ": "typ", "--vct": "vct",
    "--title": "title", "--issuer-name": "issuerName", "--credits": "credits",
    "--credit-unit": "creditUnit", "--eqf": "eqf", "--given-name": "givenName",
    "--family-name": "familyName", "--grade": "grade", "--country": "country",
    "--skills": "skills", "--iat": "iat", "--exp": "exp", "--verify": "verify",
}
BOOLEAN_FLAGS = {"--kid": "kid"}

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUB = bytes([0xED, 0x01])
P256_PUB = bytes([0x80, 0x24])


def usage(message):
    sys.stderr.write(f"issue_sdjwt.py: {message}\n\n{USAGE}")
    sys.exit(2)


def parse_args(argv):
    opts = {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--help", "-h"):
            sys.stdout.write(USAGE)
            sys.exit(0)
        if a.startswith("{"):
            try:
                opts.update(json.loads(a))
            except ValueError as e:
                usage(f"options are not JSON: {e}")
        elif a in BOOLEAN_FLAGS:
            opts[BOOLEAN_FLAGS[a]] = True
        elif a in FLAGS:
            if i + 1 >= len(argv):
                usage(f"{a} needs a value")
            i += 1
            opts[FLAGS[a]] = argv[i]
        else:
            usage(f"unknown option {a}")
        i += 1
    return opts


def b64u(data):
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64u(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def base58(data):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def unbase58(text):
    n = 0
    for c in text:
        n = n * 58 + B58.index(c)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def seconds(value, what):
    try:
        d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        usage(f"{what} is not a date: {value}")
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return int(d.timestamp())


def seed_bytes(value, what):
    if value is None:
        return secrets.token_bytes(32)
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        usage(f"{what} must be 64 hex digits")
    return raw


def issuer_key(alg, seed):
    """(jwcrypto private JWK, did:key DID) for a seed."""
    if alg == "ES256":
        private = ec.derive_private_key(int.from_bytes(seed, "big"), ec.SECP256R1())
        compressed = private.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
        return JWK.from_pyca(private), "did:key:z" + base58(P256_PUB + compressed)
    if alg == "EdDSA":
        private = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
        jwk = JWK.from_pyca(private)
        raw = unb64u(jwk.export_public(as_dict=True)["x"])
        return jwk, "did:key:z" + base58(ED25519_PUB + raw)
    usage(f"--alg must be ES256 or EdDSA, not {alg}")


def resolve_did(url):
    """The public JWK (jwcrypto) a did:jwk / did:key DID or DID URL stands for."""
    did = url.split("#")[0]
    if did.startswith("did:jwk:"):
        return JWK(**json.loads(unb64u(did[len("did:jwk:"):])))
    if did.startswith("did:key:z"):
        raw = unbase58(did[len("did:key:z"):])
        if raw[:2] == ED25519_PUB:
            return JWK.from_pyca(ed25519.Ed25519PublicKey.from_public_bytes(raw[2:]))
        if raw[:2] == P256_PUB:
            return JWK.from_pyca(ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw[2:]))
        raise ValueError(f"{did}: unsupported did:key type")
    raise ValueError(f"{url} cannot be resolved offline")


def issue(opts):
    alg = opts.get("alg", "ES256")
    method = opts.get("issuer", "did:jwk")
    if method not in ("did:jwk", "did:key"):
        usage(f"--issuer must be did:jwk or did:key, not {method}")
    key, did_key = issuer_key(alg, seed_bytes(opts.get("seed"), "--seed"))
    if method == "did:jwk":
        public = key.export_public(as_dict=True)
        public.pop("kid", None)
        iss = "did:jwk:" + b64u(json.dumps(public, separators=(",", ":")).encode())
        kid = iss + "#0"
    else:
        iss = did_key
        kid = iss + "#" + iss[len("did:key:"):]
    holder = JWK.generate(kty="EC", crv="P-256")

    skills = opts.get("skills", DEFAULT_SKILLS)
    if isinstance(skills, str):
        skills = skills.split(",")
    claims = {
        "iss": iss,
        "iat": seconds(opts["iat"], "--iat") if "iat" in opts else int(datetime.now(timezone.utc).timestamp()),
    }
    if "exp" in opts:
        claims["exp"] = seconds(opts["exp"], "--exp")
    if "vct" in opts:
        claims["vct"] = opts["vct"]
    claims.update({
        "title": opts.get("title", "Data Literacy Foundations"),
        "issuer_name": opts.get("issuerName", "Tessera Test University"),
        "credits": float(opts.get("credits", 5)),
        "credit_unit": opts.get("creditUnit", "ECTS"),
        SDObj("eqf_level"): int(opts.get("eqf", 5)),
        SDObj("given_name"): opts.get("givenName", "Jan"),
        SDObj("family_name"): opts.get("familyName", "Kowalski"),
        "degree": {"type": "micro-credential", SDObj("grade"): opts.get("grade", "B+")},
        SDObj("address"): {"locality": "Kraków", SDObj("country"): opts.get("country", "PL")},
        "skills": [s if i == 1 else SDObj(s) for i, s in enumerate(skills)],
    })
    header = {}
    if opts.get("kid"):
        header["kid"] = kid
    if "typ" in opts:
        header["typ"] = opts["typ"]
    issuer = SDJWTIssuer(
        claims, key, holder_key=holder, sign_alg=alg, extra_header_parameters=header
    )
    return {
        "sdJwt": issuer.sd_jwt_issuance,
        "iss": iss,
        "kid": header.get("kid"),
        "holderJwk": holder.export_public(as_dict=True),
    }


def verify(text):
    def issuer_public_key(iss, header):
        kid = header.get("kid")
        return resolve_did(kid if isinstance(kid, str) and kid.startswith("did:") else iss)

    try:
        verifier = SDJWTVerifier(text.strip(), issuer_public_key)
        return {"verified": True, "claims": verifier.get_verified_payload()}
    except Exception as e:  # the library raises many kinds; all mean "not verified"
        return {"verified": False, "error": f"{type(e).__name__}: {e}"}


def main():
    opts = parse_args(sys.argv[1:])
    if "verify" in opts:
        source = sys.stdin if opts["verify"] == "-" else open(opts["verify"], encoding="utf-8")
        out = verify(source.read())
        print(json.dumps(out, ensure_ascii=False))
        sys.exit(0 if out["verified"] else 1)
    print(json.dumps(issue(opts), ensure_ascii=False))


if __name__ == "__main__":
    main()
