"""Verifies a launch bundle written by `vendor-readiness bundle --envelope in-toto` with the
in-toto reference implementation (in-toto and securesystemslib from PyPI), as a verifier outside
this project would: the DSSE envelope's signature with the signer's Ed25519 public key, the key
id as securesystemslib computes it, then the in-toto Statement it carries.

Usage: python verify-in-toto.py BUNDLE KEY.pub
Prints one JSON line (what it verified) and exits 0, or prints why not and exits 1.
"""

import json
import sys

from in_toto.models.metadata import Envelope
from securesystemslib.signer import SSlibKey
from securesystemslib.signer._utils import compute_default_keyid


def main(bundle_path: str, public_path: str) -> int:
    with open(bundle_path, encoding="utf-8") as f:
        data = json.load(f)
    with open(public_path, encoding="utf-8") as f:
        public = f.read().strip()
    keyval = {"public": public}
    keyid = compute_default_keyid("ed25519", "ed25519", keyval)
    key = SSlibKey(keyid, "ed25519", "ed25519", keyval)
    envelope = Envelope.from_dict(data)
    if envelope.payload_type != "application/vnd.in-toto+json":
        print(f"not an in-toto payload: {envelope.payload_type}")
        return 1
    try:
        envelope.verify([key], 1)
    except Exception as e:  # securesystemslib raises VerificationError (and others on bad input)
        print(f"the envelope does not verify: {e}")
        return 1
    statement = json.loads(envelope.payload)
    if statement.get("_type") != "https://in-toto.io/Statement/v1":
        print(f"not an in-toto Statement v1: {statement.get('_type')}")
        return 1
    predicate = statement["predicate"]
    print(json.dumps({
        "verified": True,
        "keyid": keyid,
        "predicateType": statement["predicateType"],
        "subject": statement["subject"],
        "format": predicate["format"],
        "passed": predicate["strict"]["passed"],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
