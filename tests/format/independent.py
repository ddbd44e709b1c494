#!/usr/bin/env python3
"""independent.py - a second verifier, written from docs/format.md alone.

usage: independent.py TXNG FORMAT_MD

Makes a small log with the txng binary (Vietnamese text typed in NFD, keys that
sort differently in UTF-16 and UTF-8, escapes, an encrypted and a plain key
file, a revocation, an event signed offline) and checks every byte of it with
nothing but docs/format.md, Python's hashlib and the `cryptography` module:
canonical JSON (§2), key IDs, verifier keys and key files (§3.2-3.4), signed
notes and checkpoints (§3.5-3.6), signed events, records and the hash chain
(§4.1-4.3), tlog-proofs (§4.6) and consistency proofs (§5, RFC 9162). A few
altered copies must fail, so that the checks are not vacuous. Then it
recomputes the worked examples (§2.3, §3.7, §4.7) from their seeds and finds
each of their lines verbatim in docs/format.md.

Exit status: 0 all good, 1 a check failed, 77 (skipped) without the
`cryptography` module. Encrypted key files are checked only when it has
Argon2id (cryptography 44 or later).
"""
import base64
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
import unicodedata

try:
    from cryptography.exceptions import InvalidSignature, InvalidTag
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (Ed25519PrivateKey,
                                                                   Ed25519PublicKey)
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
except ImportError:
    print("skipped: no Python module 'cryptography' (Debian: python3-cryptography)")
    sys.exit(77)
try:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
except ImportError:
    Argon2id = None


class Bad(Exception):
    """A check failed: the bytes and docs/format.md disagree."""


def b64d(s, size=None):
    """§2.4: strict base64 with padding; canonical spelling only."""
    try:
        b = base64.b64decode(s, validate=True)
    except ValueError:
        raise Bad("not base64: %r" % s)
    if base64.b64encode(b).decode() != s:
        raise Bad("not the canonical base64 spelling: %r" % s)
    if size is not None and len(b) != size:
        raise Bad("base64 of %d bytes, expected %d: %r" % (len(b), size, s))
    return b


def b64(b):
    return base64.b64encode(b).decode()


# §2.2 canonical form
def jstr(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif o in (8, 9, 10, 12, 13):
            out.append({8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r'}[o])
        elif o < 0x20:
            out.append('\\u%04x' % o)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def canon(v):
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, int):
        if abs(v) > 2**53 - 1:
            raise Bad("integer out of range")
        return str(v)
    if isinstance(v, str):
        return jstr(v)
    if isinstance(v, list):
        return '[' + ','.join(canon(x) for x in v) + ']'
    if isinstance(v, dict):
        # members sorted by UTF-16 code units: big-endian UTF-16 bytes compare alike
        keys = sorted(v, key=lambda k: k.encode('utf-16-be'))
        return '{' + ','.join(jstr(k) + ':' + canon(v[k]) for k in keys) + '}'
    raise Bad("not a txng JSON value: %r" % (v,))


def no_duplicates(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise Bad("duplicate key %r" % k)
        d[k] = v
    return d


def check_nfc(v):
    if isinstance(v, str):
        if unicodedata.normalize('NFC', v) != v:
            raise Bad("not NFC: %r" % v)
    elif isinstance(v, list):
        for x in v:
            check_nfc(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            check_nfc(k)
            check_nfc(x)


def parse_canonical(b):
    """§2.2: valid (rules 1-7, no normalising) and byte for byte canonical."""
    try:
        v = json.loads(b.decode('utf-8'), object_pairs_hook=no_duplicates,
                       parse_float=lambda x: (_ for _ in ()).throw(Bad("number " + x)))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Bad("not valid JSON: %s" % e)
    check_nfc(v)
    if canon(v).encode() != b:
        raise Bad("bytes are not canonical")
    return v


# §2.3 hashes, §5 tree
def leaf_hash(b):
    return hashlib.sha256(b'\x00' + b).digest()


def node_hash(left, right):
    return hashlib.sha256(b'\x01' + left + right).digest()


def tree_hash(leaves):
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b'').digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(tree_hash(leaves[:k]), tree_hash(leaves[k:]))


# §3.2, §3.3 keys
def key_id(name, pk):
    return hashlib.sha256(name.encode() + b'\x0a\x01' + pk).digest()[:4]


def raw_pk(sk):
    return sk.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)


def vkey_of(name, pk):
    return "%s+%s+%s" % (name, key_id(name, pk).hex(), b64(b'\x01' + pk))


def parse_vkey(s):
    i = s.index('+')
    j = s.index('+', i + 1)
    name, hid, rest = s[:i], s[i + 1:j], s[j + 1:]
    raw = b64d(rest, 33)
    if len(hid) != 8 or hid != hid.lower() or raw[0] != 1:
        raise Bad("not an Ed25519 verifier key: %s" % s)
    if key_id(name, raw[1:]).hex() != hid:
        raise Bad("key ID does not match: %s" % s)
    return name, hid, raw[1:]


def ed_verify(pk, sig, msg):
    try:
        Ed25519PublicKey.from_public_bytes(pk).verify(sig, msg)
        return True
    except InvalidSignature:
        return False


# §3.5, §3.6 signed notes and checkpoints
def verify_checkpoint(note, name, pk):
    b = note.encode()
    cut = b.rfind(b'\n\n')
    text, lines = b[:cut + 1], b[cut + 2:]
    if not lines.endswith(b'\n'):
        raise Bad("a note ends in a newline")
    signed = False
    for line in lines[:-1].split(b'\n'):
        if not line.startswith('\u2014 '.encode()):
            raise Bad("not a signature line: %r" % line)
        who, _, sig = line[4:].decode().rpartition(' ')
        sig = b64d(sig)
        if who == name and sig[:4] == key_id(name, pk):
            if len(sig) != 68 or not ed_verify(pk, sig[4:], text):
                raise Bad("the checkpoint's signature does not verify")
            signed = True
    if not signed:
        raise Bad("no trusted key signed the note")
    parts = text.decode().split('\n')
    if len(parts) != 4 or parts[3] != '':
        raise Bad("a checkpoint's text is three lines")
    return parts[0], int(parts[1]), b64d(parts[2], 32)


# §4.1 signature input
EVENT_TYPE = b"application/vnd.txng.event+json"


def pae(body):
    return b"DSSEv1 %d %s %d %s" % (len(EVENT_TYPE), EVENT_TYPE, len(body), body)


# RFC 9162 §2.1.3.2
def inclusion_ok(index, size, leaf, proof, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


# RFC 9162 §2.1.4.2
def consistency_ok(first, second, proof, r1, r2):
    if first == second:
        return not proof and r1 == r2
    if first == 0:
        return not proof
    if first > second or not proof:
        return False
    if first & (first - 1) == 0:
        proof = [r1] + proof
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == r1 and sr == r2 and sn == 0


# §3.4 key files; XChaCha20 = HChaCha20 subkey + IETF ChaCha20-Poly1305
def hchacha20(key, nonce16):
    def rotl(v, c):
        return ((v << c) & 0xffffffff) | (v >> (32 - c))

    def qr(x, a, b, c, d):
        x[a] = (x[a] + x[b]) & 0xffffffff
        x[d] = rotl(x[d] ^ x[a], 16)
        x[c] = (x[c] + x[d]) & 0xffffffff
        x[b] = rotl(x[b] ^ x[c], 12)
        x[a] = (x[a] + x[b]) & 0xffffffff
        x[d] = rotl(x[d] ^ x[a], 8)
        x[c] = (x[c] + x[d]) & 0xffffffff
        x[b] = rotl(x[b] ^ x[c], 7)
    x = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]
    x += list(struct.unpack('<8I', key)) + list(struct.unpack('<4I', nonce16))
    for _ in range(10):
        qr(x, 0, 4, 8, 12), qr(x, 1, 5, 9, 13), qr(x, 2, 6, 10, 14), qr(x, 3, 7, 11, 15)
        qr(x, 0, 5, 10, 15), qr(x, 1, 6, 11, 12), qr(x, 2, 7, 8, 13), qr(x, 3, 4, 9, 14)
    return struct.pack('<8I', *(x[0:4] + x[12:16]))


def read_keyfile(b, passphrase):
    """The key file bytes @b -> (name, seed); None when it needs Argon2id we lack."""
    lines = b.split(b'\n')
    if lines[-1] != b'' or lines[0] != b'txng secret key v1':
        raise Bad("not a txng secret key file")
    fields = [ln.decode().split(': ', 1) for ln in lines[1:-1]]
    f = dict(fields)
    want = ['name', 'public', 'kdf', 'key'] if f.get('kdf') == 'none' else \
        ['name', 'public', 'kdf', 'salt', 'nonce', 'key']
    if [k for k, _ in fields] != want:
        raise Bad("key file lines %s" % [k for k, _ in fields])
    name, _, pk = parse_vkey(f['public'])
    if name != f['name']:
        raise Bad("key file name and public key differ")
    if f['kdf'] == 'none':
        seed = b64d(f['key'], 32)
    else:
        alg, ops, mem = f['kdf'].split(' ')
        if alg != 'argon2id':
            raise Bad("kdf %s" % alg)
        if Argon2id is None:
            return None
        salt, nonce = b64d(f['salt'], 16), b64d(f['nonce'], 24)
        k = Argon2id(salt=salt, length=32, iterations=int(ops), lanes=1,
                     memory_cost=int(mem) // 1024).derive(passphrase.encode())
        ad = b[:b.index(b'\nkey: ') + 1]
        try:
            seed = ChaCha20Poly1305(hchacha20(k, nonce[:16])).decrypt(
                b'\0' * 4 + nonce[16:], b64d(f['key'], 48), ad)
        except InvalidTag:
            raise Bad("the key file does not decrypt")
    if raw_pk(Ed25519PrivateKey.from_private_bytes(seed)) != pk:
        raise Bad("the seed does not give the public key")
    return name, seed


def verify_records(lines):
    """§4.2, §4.3: records, chain, signatures, key state. Returns (log name, pk, leaves)."""
    keys, leaves, prev = {}, [], None
    name = pk = None
    for n, b in enumerate(lines):
        r = parse_canonical(b)
        if list(r) != ['event', 'index', 'prev', 'recorded', 'signatures', 'v']:
            raise Bad("record %d: members %s" % (n, list(r)))
        if r['index'] != n or r['v'] != 1:
            raise Bad("record %d: index or v" % n)
        if len(r['recorded']) != 20 or r['recorded'][-1] != 'Z':
            raise Bad("record %d: recorded" % n)
        if (r['prev'] != '') if n == 0 else (b64d(r['prev'], 32) != prev):
            raise Bad("record %d: prev" % n)
        ev = r['event']
        body = canon(ev).encode()
        if b[9:b.rindex(b',"index":')] != body:
            raise Bad("record %d: the signed bytes cannot be cut out as §4.2 says" % n)
        if n == 0:
            name, hid, pk = parse_vkey(ev['key'])
            if ev['type'] != 'txng:Genesis' or ev['origin'] != name:
                raise Bad("record 0 is not the genesis")
            keys[name + '+' + hid] = [pk, 'log', False]
        if not 1 <= len(r['signatures']) <= 16:
            raise Bad("record %d: number of signatures" % n)
        roles = []
        for s in r['signatures']:
            if list(s) != ['key', 'sig'] or s['key'] not in keys or keys[s['key']][2]:
                raise Bad("record %d: signed by a key not enrolled or revoked" % n)
            kpk, role, _ = keys[s['key']]
            if not ed_verify(kpk, b64d(s['sig'], 64), pae(body)):
                raise Bad("record %d: signature does not verify" % n)
            roles.append(role)
        if ev['type'] in ('txng:KeyEnrol', 'txng:KeyRevoke') and \
                not ('log' in roles or 'admin' in roles):
            raise Bad("record %d: key record not signed by the log or an admin" % n)
        if ev['type'] == 'txng:KeyEnrol':
            kname, hid, kpk = parse_vkey(ev['key'])
            keys[kname + '+' + hid] = [kpk, ev['role'], False]
        elif ev['type'] == 'txng:KeyRevoke':
            keys[ev['key']][2] = True
        prev = leaf_hash(b)
        leaves.append(prev)
    return name, pk, leaves


def expect_bad(what, fn, *args):
    try:
        fn(*args)
    except Bad:
        return
    raise Bad("an altered copy passed: " + what)


def check_log(txng, work):
    env = dict(os.environ, LC_ALL='C', TXNG_PASSPHRASE='sâm ngọc linh',
               TXNG_INSECURE_SEED='000102030405060708090a0b0c0d0e0f'
                                  '101112131415161718191a1b1c1d1e1f')
    for v in ('TXNG_DIR', 'TXNG_LOG_PASSPHRASE', 'LANGUAGE'):
        env.pop(v, None)

    def run(*args, stdin=None):
        p = subprocess.run([txng] + list(args), input=stdin, cwd=work, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise Bad("txng %s: %s" % (' '.join(args), p.stderr.decode(errors='replace')))
        return p.stdout

    d = 'L'
    sizes = []

    def size():
        sizes.append(json.loads(run('checkpoint', '-d', d, '--json'))['size'])

    run('init', '-d', d, '--origin', 'example.vn/log', '--no-passphrase', '-t', '1700000000')
    size()
    run('key', 'new', '-d', d, 'ho-a-vang', '--role', 'grower', '-t', '1700000100')
    run('key', 'new', '-d', d, 'htx', '--role', 'admin', '--no-passphrase', '-t', '1700000200')
    size()
    base = {"type": "ObjectEvent", "action": "ADD", "eventTime": "2023-11-12T09:15:00+07:00",
            "eventTimeZoneOffset": "+07:00"}
    e1 = dict(base, **{"txng:note": unicodedata.normalize('NFD', "Sâm Ngọc Linh, lô L24-017")
                       + " \\ \" \x1f \t \u2028 / \x7f",
                       "\u00f6": 1, "\uff21": 2, "\U0001F600": 3, "\r": 4, "1": 5,
                       "\u20ac": 6, "n": -(2**53 - 1)})
    e2 = dict(base, a=[True, None, {"z": 1, "y": []}], big=2**53 - 1)
    jsonl = json.dumps(e1) + '\n' + json.dumps(e2, ensure_ascii=False) + '\n'
    run('append', '-d', d, '--as', 'ho-a-vang', '-t', '1700001000', '-', stdin=jsonl.encode())
    size()
    signed = run('sign', '--key', d + '/keys/htx.key', '-', stdin=json.dumps(
        dict(base, **{"txng:note": "ký ngoại tuyến"})).encode())
    run('key', 'revoke', '-d', d, 'ho-a-vang', '--reason', 'mất', '-t', '1700002000')
    size()
    run('append', '-d', d, '-t', '1700003000', '-', stdin=signed)
    size()

    lines = run('log', '-d', d, '--json').split(b'\n')
    if lines[-1] != b'':
        raise Bad("txng log --json does not end in a newline")
    lines = lines[:-1]
    name, pk, leaves = verify_records(lines)
    if run('key', 'export', '-d', d, name).decode() != vkey_of(name, pk) + '\n':
        raise Bad("key export differs from the genesis key")

    origin, n, root = verify_checkpoint(run('checkpoint', '-d', d).decode(), name, pk)
    if origin != name or n != len(leaves) or root != tree_hash(leaves):
        raise Bad("the newest checkpoint does not match the records")
    roots = {}
    for s in sizes:
        o, n, r = verify_checkpoint(run('checkpoint', '-d', d, '--size', str(s)).decode(),
                                    name, pk)
        if n != s or r != tree_hash(leaves[:s]):
            raise Bad("the checkpoint of size %d does not match the records" % s)
        roots[s] = r

    for i in range(len(leaves)):
        head, _, note = run('prove', '-d', d, str(i)).decode().partition('\n\n')
        head = head.split('\n')
        if head[0] != 'c2sp.org/tlog-proof@v1' or head[1] != 'index %d' % i:
            raise Bad("tlog-proof header: %r" % head[:2])
        _, n, r = verify_checkpoint(note, name, pk)
        path = [b64d(h, 32) for h in head[2:]]
        if not inclusion_ok(i, n, leaves[i], path, r):
            raise Bad("inclusion proof of record %d does not verify" % i)
        if inclusion_ok(i, n, leaves[(i + 1) % len(leaves)], path, r):
            raise Bad("an altered copy passed: the proof of record %d for another" % i)

    for a in sizes:
        for b in sizes:
            if a > b:
                continue
            t = run('prove', '-d', d, '--consistency', str(a), str(b)).decode().split('\n')
            if t[:3] != ['txng-consistency-proof@v1', 'old %d' % a, 'new %d' % b] or t[-1]:
                raise Bad("consistency proof header %r" % t[:3])
            proof = [b64d(h, 32) for h in t[3:-1]]
            if not consistency_ok(a, b, proof, roots[a], roots[b]):
                raise Bad("consistency proof %d -> %d does not verify" % (a, b))

    for f, k in (('ho-a-vang.key', 'ho-a-vang'), ('htx.key', 'htx')):
        got = read_keyfile(open(os.path.join(work, d, 'keys', f), 'rb').read(),
                           env['TXNG_PASSPHRASE'])
        if got is None:
            print("note: no Argon2id in this 'cryptography'; %s not decrypted" % f)
        elif got[0] != k:
            raise Bad("key file %s names %s" % (f, got[0]))

    # The checks catch what they should.
    bad = list(lines)
    bad[3] = bad[3].replace(b'"n":-9007199254740991', b'"n":-9007199254740990')
    expect_bad("a changed event", verify_records, bad)
    bad = list(lines)
    bad[3], bad[4] = bad[4], bad[3]
    expect_bad("two records swapped", verify_records, bad)
    expect_bad("a record with white space", verify_records, lines[:2] + [lines[2] + b' '])
    return len(leaves)


def check_worked_examples(doc):
    """§2.3, §3.7, §4.7: recompute from the seeds, find each line in the document."""
    def find(what, text):
        if text not in doc:
            raise Bad("docs/format.md does not hold %s as computed:\n%s" % (what, text))

    find("§2.3 leaf hash of the empty string", leaf_hash(b'').hex())
    find("§2.3 leaf hash of 'Sâm Ngọc Linh'", leaf_hash('Sâm Ngọc Linh'.encode()).hex())
    find("§2.3 node hash", node_hash(hashlib.sha256(b'a').digest(),
                                     hashlib.sha256(b'b').digest()).hex())

    seed = bytes(range(32))
    sk = Ed25519PrivateKey.from_private_bytes(seed)
    name = 'txng.example/ho-a-vang'
    pk = raw_pk(sk)
    find("§3.7 public key", pk.hex())
    find("§3.7 verifier key", vkey_of(name, pk))
    keyfile = ("txng secret key v1\nname: %s\npublic: %s\nkdf: none\nkey: %s\n"
               % (name, vkey_of(name, pk), b64(seed)))
    find("§3.7 key file", keyfile)
    if len(keyfile.encode()) != 193 or read_keyfile(keyfile.encode(), None) != (name, seed):
        raise Bad("§3.7 key file")
    text = "%s\n0\n%s\n" % (name, b64(hashlib.sha256(b'').digest()))
    find("§3.7 checkpoint", text + "\n\u2014 %s %s\n" % (
        name, b64(key_id(name, pk) + sk.sign(text.encode()))))

    lsk = Ed25519PrivateKey.from_private_bytes(b'\x01' * 32)
    fsk = Ed25519PrivateKey.from_private_bytes(b'\x02' * 32)
    log, farm = 'example.org/log', 'farm.example'

    def record(ev, i, prev, t, who, wsk):
        body = canon(ev).encode()
        sigs = [{"key": "%s+%s" % (who, key_id(who, raw_pk(wsk)).hex()),
                 "sig": b64(wsk.sign(pae(body)))}]
        return canon({"event": ev, "index": i, "prev": b64(prev) if prev else "",
                      "recorded": t, "signatures": sigs, "v": 1}).encode()

    r0 = record({"type": "txng:Genesis", "origin": log, "key": vkey_of(log, raw_pk(lsk))},
                0, None, "2026-01-01T00:00:00Z", log, lsk)
    r1 = record({"type": "txng:KeyEnrol", "key": vkey_of(farm, raw_pk(fsk)), "role": "farmer"},
                1, leaf_hash(r0), "2026-01-01T00:01:00Z", log, lsk)
    r2 = record({"type": "ObjectEvent", "bizStep": "harvesting", "lot": "L24-017"},
                2, leaf_hash(r1), "2026-01-01T00:01:00Z", farm, fsk)
    for i, r in enumerate((r0, r1, r2)):
        find("§4.7 record %d" % i, "\n" + r.decode() + "\n")
        find("§4.7 leaf hash %d" % i, "leaf hash `%s`" % leaf_hash(r).hex())
    if verify_records([r0, r1, r2])[2] != [leaf_hash(r) for r in (r0, r1, r2)]:
        raise Bad("§4.7 records do not verify")
    root = tree_hash([leaf_hash(r) for r in (r0, r1, r2)])
    find("§4.7 root", "`%s` (base64 `%s`)" % (root.hex(), b64(root)))
    text = "%s\n3\n%s\n" % (log, b64(root))
    find("§4.7 checkpoint", text + "\n\u2014 %s %s\n" % (
        log, b64(key_id(log, raw_pk(lsk)) + lsk.sign(text.encode()))))


def main():
    if len(sys.argv) != 3:
        print("usage: independent.py TXNG FORMAT_MD", file=sys.stderr)
        return 2
    txng, doc = os.path.abspath(sys.argv[1]), open(sys.argv[2], encoding='utf-8').read()
    try:
        with tempfile.TemporaryDirectory(prefix='txng-format.') as work:
            n = check_log(txng, work)
        print("ok: a log of %d records made by txng verifies from docs/format.md alone" % n)
        check_worked_examples(doc)
        print("ok: the worked examples of docs/format.md §2.3, §3.7 and §4.7 recompute")
    except Bad as e:
        print("not ok: %s" % e)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
