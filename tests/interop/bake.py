"""Bakes Open Badges into images with the reference bakery (openbadges-bakery 2.0.0), for
Tessera's OB 2.0 tests (crates/tessera-core/tests/ob2.rs). Runs in tests/interop/.venv.

  bake.py png  TEXT_FILE OUT.png    bake the file's text (JSON assertion, JWS or URL) into a PNG
  bake.py svg  TEXT_FILE OUT.svg    the same into an SVG
  bake.py sign ALG ASSERTION.json OUT_DIR
                                    sign the assertion as a compact JWS (RS256 or ES256) with a
                                    fresh key: OUT_DIR/badge.jws, OUT_DIR/public.pem

The input images are made here: a 1x1 PNG (zlib + struct) and a minimal SVG.
Exit 3 when a needed package is missing (run `bash .ci/setup`).
"""
import io
import json
import struct
import sys
import zlib

try:
    from openbadges_bakery import bake
    from jwcrypto import jwk, jws
except ImportError as e:  # pragma: no cover
    print(f"bake.py: {e}: run `bash .ci/setup`", file=sys.stderr)
    sys.exit(3)


def tiny_png():
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1x1 RGBA
    idat = zlib.compress(b"\x00\x22\x88\xcc\xff")  # filter byte + one pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


TINY_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10" fill="#2288cc"/></svg>'
)


def bake_into(image, text, out):
    with open(out, "wb") as f:
        bake(io.BytesIO(image), text, f)


def sign(alg, assertion_path, out_dir):
    with open(assertion_path, "rb") as f:
        payload = f.read()
    json.loads(payload)  # must be JSON
    if alg == "RS256":
        key = jwk.JWK.generate(kty="RSA", size=2048)
    elif alg == "ES256":
        key = jwk.JWK.generate(kty="EC", crv="P-256")
    else:
        sys.exit(f"bake.py: unsupported algorithm {alg}")
    token = jws.JWS(payload)
    token.add_signature(key, alg=alg, protected=json.dumps({"alg": alg}))
    with open(f"{out_dir}/badge.jws", "w") as f:
        f.write(token.serialize(compact=True))
    with open(f"{out_dir}/public.pem", "wb") as f:
        f.write(key.export_to_pem(private_key=False))


def main(argv):
    if len(argv) == 4 and argv[1] in ("png", "svg"):
        with open(argv[2], encoding="utf-8") as f:
            text = f.read()
        bake_into(tiny_png() if argv[1] == "png" else TINY_SVG, text, argv[3])
    elif len(argv) == 5 and argv[1] == "sign":
        sign(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
