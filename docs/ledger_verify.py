#!/usr/bin/env python3
"""Independent verifier for xborder ledger proofs, written from docs/ledger.md only.

Uses nothing but SHA-256 from the Python standard library.

  ledger_verify.py inclusion ENTRY_FILE PROOF.json HEAD.json
  ledger_verify.py consistency PROOF.json OLD_HEAD.json NEW_HEAD.json
  ledger_verify.py root EXPORT_FILE HEAD.json        # recompute the root from `ledger export`

PROOF.json is the output of `ledger prove --format json` or `ledger consistency --format json`;
HEAD.json that of `ledger checkpoint --format json`. Exit 0 if the check passes, 1 if not.
"""
import hashlib
import json
import sys


def sha(data):
    return hashlib.sha256(data).digest()


def leaf(entry):
    return sha(b"\x00" + entry)


def node(left, right):
    return sha(b"\x01" + left + right)


def inclusion_ok(index, size, leaf_hash, proof, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def consistency_ok(m, n, proof, root1, root2):
    if m > n or m == 0:
        return False
    if m == n:
        return not proof and root1 == root2
    if not proof:
        return False
    path = ([root1] if m & (m - 1) == 0 else []) + list(proof)
    fn, sn = m - 1, n - 1
    while fn % 2 == 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr = node(c, fr)
            sr = node(c, sr)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == root1 and sr == root2 and sn == 0


def tree_root(leaves):
    if not leaves:
        return sha(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node(tree_root(leaves[:k]), tree_root(leaves[k:]))


def load(path):
    with open(path, "rb") as f:
        return f.read()


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "inclusion" and len(argv) == 5:
        entry = load(argv[2])
        proof = json.loads(load(argv[3]))
        head = json.loads(load(argv[4]))
        lh = leaf(entry)
        ok = lh.hex() == proof["leaf_hash"] and head["size"] == proof["size"] and inclusion_ok(
            proof["index"], proof["size"], lh, [bytes.fromhex(p) for p in proof["proof"]],
            bytes.fromhex(head["root"]))
    elif cmd == "consistency" and len(argv) == 5:
        proof = json.loads(load(argv[2]))
        old, new = json.loads(load(argv[3])), json.loads(load(argv[4]))
        ok = old["size"] == proof["size1"] and new["size"] == proof["size2"] and consistency_ok(
            proof["size1"], proof["size2"], [bytes.fromhex(p) for p in proof["proof"]],
            bytes.fromhex(old["root"]), bytes.fromhex(new["root"]))
    elif cmd == "root" and len(argv) == 4:
        lines = load(argv[2]).split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        head = json.loads(load(argv[3]))
        ok = len(lines) == head["size"] and tree_root([leaf(e) for e in lines]).hex() == head["root"]
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
