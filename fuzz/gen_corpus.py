#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets, from tests/vectors and a few
crafted structured inputs. Deterministic: rerunning gives the same files.
Files are named by the SHA-1 of their content, as libFuzzer names them.

Usage: fuzz/gen_corpus.py   (from anywhere)
"""
import hashlib
import os
import random
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
VEC = os.path.join(HERE, "..", "tests", "vectors")


def unescape(s: str) -> bytes:
    out = bytearray()
    i = 0
    b = s.encode("latin-1")
    while i < len(b):
        if b[i:i + 2] == b"\\x" and i + 4 <= len(b):
            out.append(int(b[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(b[i])
            i += 1
    return bytes(out)


def cases(rel, limit=None):
    out = []
    with open(os.path.join(VEC, rel), encoding="latin-1") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            out.append(line.split("\t"))
    if limit and len(out) > limit:
        r = random.Random(rel)
        out = r.sample(out, limit)
    return out


def write(target, blobs):
    d = os.path.join(HERE, "corpus", target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for b in dict.fromkeys(blobs):
        with open(os.path.join(d, hashlib.sha1(b).hexdigest()), "wb") as f:
            f.write(b)


def prefix_bytes(r, v6=None):
    v6 = r.random() < 0.5 if v6 is None else v6
    if v6:
        return bytes([1]) + r.getrandbits(128).to_bytes(16, "big") + bytes([r.choice([0, 1, 48, 64, 96, 127, 128, r.randrange(256)])])
    return bytes([0]) + r.getrandbits(64).to_bytes(8, "big") + bytes([r.choice([0, 1, 8, 16, 24, 31, 32, r.randrange(256)])])


def main():
    r = random.Random(1)
    addr = [bytes([flag]) + unescape(c[0]) for rel, flag in
            (("addr/strict.txt", 0), ("addr/rfc5952.txt", 0), ("addr/sloppy.txt", 1)) for c in cases(rel)]
    addr += [bytes([0]) + unescape(c[0]) for c in cases("addr/generated.txt", 60)]
    write("addr_parse", addr)
    pre = [bytes([flag]) + unescape(c[0]) for rel, flag in
           (("prefix/strict.txt", 0), ("prefix/sloppy.txt", 1), ("prefix/mask.txt", 2),
            ("prefix/sloppy_mask.txt", 3)) for c in cases(rel)]
    pre += [bytes([0]) + unescape(c[0]) for c in cases("prefix/generated.txt", 60)]
    write("prefix_parse", pre)
    flagbits = {"-": 0, "sloppy": 1, "mask": 2, "dual": 4, "trim": 8}
    ds = []
    for rel, ip in (("dualstack/cidrs.txt", 0), ("dualstack/ips.txt", 16)):
        for c in cases(rel):
            fl = sum(v for k, v in flagbits.items() if k in c[1].split(","))
            ds.append(bytes([fl | ip]) + unescape(c[0]))
    write("dualstack", ds)
    sub = [prefix_bytes(r) + bytes([r.randrange(256)]) + r.getrandbits(256).to_bytes(32, "big") for _ in range(60)]
    sub += [bytes([1]) + bytes(16) + bytes([0, 128]) + b"\xff" * 32]  # ::/0 into /128, last index
    write("subnet", sub)
    u = [r.getrandbits(256).to_bytes(32, "big") + bytes([r.randrange(256)]) + str(r.getrandbits(r.choice([8, 64, 127, 128, 129]))).encode() for _ in range(40)]
    u += [b"\xff" * 33 + b"340282366920938463463374607431768211455", bytes(33) + b"340282366920938463463374607431768211456"]
    write("u128", u)
    ni = []
    for _ in range(60):
        p = prefix_bytes(r)
        body = p + bytes([r.randrange(256), r.randrange(2)]) + prefix_bytes(r) + bytes(r.randrange(256) for _ in range(4))
        body += r.getrandbits(64).to_bytes(8, "big") * 2 + bytes(r.randrange(256) for _ in range(r.randrange(64)))
        ni.append(body)
    ni.append(bytes([0]) + struct.pack(">Q", 0x0AF40000) + bytes([16, 24, 1]) + bytes([1]) + bytes(16) + bytes([48, 0, 0, 64, 0]) + bytes(16) + bytes(range(0, 200, 3)))
    write("nodeipam", ni)
    svc = []
    for kind in range(4):
        for t in range(4):
            for sel in range(2):
                for fields in (b"", b"PreferDualStack", b"RequireDualStack\nIPv6", b"SingleStack\nIPv4,IPv6",
                               b"\n\nNone\nNone", b"PreferDualStack\n\n10.0.0.5\n10.0.0.5,fd00::5",
                               b"\nIPv5,IPv4\n::ffff:1.2.3.4\n::ffff:1.2.3.4", b"\n\n10.0.0.1\n10.0.0.1,10.0.0.2,fd00::3"):
                    if r.random() < 0.35:
                        svc.append(bytes([kind | (t << 2) | (sel << 4) | (r.randrange(8) << 5)]) + fields)
    write("service", svc)
    plans = [
        b"\x00\x00\x00\x00",
        b"\x00\x00\x00\x00" + b"10.244.0.0/16,fc00::/48\n10.0.0.0/16,fd00::/108\n10.0.0.10\n\n\n\n1.29\nkubenet\nipvs\n110\n100",
        b"\x01\x00\x00\x00" + b"10.244.0.0/16,ace:cab:deca::/8\n10.0.0.0/16,fe80:20d::/112\n10.0.0.10\n\n\n\n1.20.15\nkubenet\nipvs",
        b"\x00\x00\x18\x50" + b"10.244.0.0/16,abcd:abcd:abcd::/64\n10.0.0.0/16,abcd:abcd:abcd::/108\n10.0.0.1\n\n\n\n\n\n\n300\n300",
        b"\x00\x18\x00\x00" + b"fc00::/8\n10.0.0.0/16\n\n\n\n\n1.16\nazure\niptables",
        b"\x02\x00\x00\x00" + b"010.244.0.1/16,fc00::1/48\n10.0.0.0/16, fd00::/108\n10.0.0.0\n10.244.0.0/16\n11.0.0.0/8\n10.244.0.1/24\nbanana\ncalico\nnftables\n4\n999999",
        b"\x00\x00\x00\x00" + b"\n10.0.0.0/11,fd00::/108\n\n\n\n\n1.30\nkubenet\nnftables\n\n\nNFTablesProxyMode=true,DisableAllocatorDualWrite=1",
        b"\x00\x00\x00\x00" + b"\n\n\n\n\n\n1.35\n\nipvs\n\n\nDisableAllocatorDualWrite=false, ,Foo=yes",
    ]
    write("plan", plans)


if __name__ == "__main__":
    main()
