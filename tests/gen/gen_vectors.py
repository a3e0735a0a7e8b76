#!/usr/bin/env python3
"""Generate dsnet's differential test vectors from independent oracles.

Oracles:
  * Python's ``ipaddress`` module (acceptance, value, canonical text, exploded
    text, network first/last/size, subnets, summarize, exclude, collapse);
  * glibc ``inet_pton`` / ``inet_ntop`` through ctypes (acceptance and value
    of addresses, canonical text), checked against ``ipaddress`` on every
    item so that a disagreement between the two oracles stops the generator.

Neither oracle is dsnet: the expected values here never come from the code
under test. The only rules applied by this script itself are the parts of
dsnet's strict grammar that both oracles are looser about (documented in
design.md section 2): no zones (ipaddress accepts ``%scope``), and prefix
lengths as plain decimal without leading zeros (ipaddress accepts ``/024``,
netmask and hostmask forms, and a missing length).

Output (tab-separated, one case per line, '#' comments):
  addr/generated.txt    input  canonical  exploded      | input  ERR
  prefix/generated.txt  input  canonical  first  last  size | input  ERR
  subnet/nth.txt        prefix  newlen  index  subnet
  subnet/summarize.txt  first  last  prefixes(comma-separated)
  subnet/exclude.txt    prefix  excluded  prefixes(comma-separated, may be empty)
  subnet/collapse.txt   prefixes  collapsed
  nodeipam/pod_cidr.txt cluster  mask  index  podCIDR | ... ERR code

Inputs are escaped: bytes outside 0x21..0x7e and backslash are written as
\\xNN so that whitespace and control bytes survive the tab-separated format.

Usage: gen_vectors.py OUTDIR [--seed N] [--count N]
"""
import argparse
import ctypes
import ctypes.util
import ipaddress
import os
import random
import socket

LIBC = ctypes.CDLL(ctypes.util.find_library("c"))
LIBC.inet_pton.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p]
LIBC.inet_ntop.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32]
LIBC.inet_ntop.restype = ctypes.c_char_p


def escape(s: str) -> str:
    out = []
    for b in s.encode("latin-1"):
        if b < 0x21 or b > 0x7E or b == 0x5C:
            out.append("\\x%02x" % b)
        else:
            out.append(chr(b))
    return "".join(out)


def glibc_pton(s: str):
    """(family, int) as glibc reads s, or None. glibc needs NUL-terminated
    text, so inputs with NUL bytes are rejected here, as dsnet must."""
    if "\0" in s:
        return None
    raw = s.encode("latin-1")
    buf = ctypes.create_string_buffer(16)
    if LIBC.inet_pton(socket.AF_INET, raw, buf) == 1:
        return 4, int.from_bytes(buf.raw[:4], "big")
    if LIBC.inet_pton(socket.AF_INET6, raw, buf) == 1:
        return 6, int.from_bytes(buf.raw[:16], "big")
    return None


def glibc_ntop(family: int, value: int) -> str:
    buf = ctypes.create_string_buffer(64)
    if family == 4:
        raw = value.to_bytes(4, "big")
        return LIBC.inet_ntop(socket.AF_INET, raw, buf, 64).decode()
    raw = value.to_bytes(16, "big")
    return LIBC.inet_ntop(socket.AF_INET6, raw, buf, 64).decode()


def py_addr(s: str):
    try:
        a = ipaddress.ip_address(s)
    except ValueError:
        return None
    if isinstance(a, ipaddress.IPv6Address) and a.scope_id is not None:
        return None  # zones are not addresses (dsnet design section 2)
    return a


def canonical(a) -> str:
    """RFC 5952 text; IPv4-mapped in mixed notation (RFC 5952 section 5).
    Python 3.11 prints mapped addresses in hex, so format those here from
    the IPv4 address Python extracts."""
    if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped is not None:
        return "::ffff:" + str(a.ipv4_mapped)
    return str(a)


def addr_oracle(s: str):
    """Expected (canonical, exploded) or None for rejection; the two oracles
    must agree on acceptance and value."""
    a = py_addr(s)
    g = glibc_pton(s)
    if (a is None) != (g is None):
        raise SystemExit("oracles disagree on %r: ipaddress=%r glibc=%r" % (s, a, g))
    if a is None:
        return None
    if (a.version, int(a)) != g:
        raise SystemExit("oracles disagree on the value of %r" % s)
    c = canonical(a)
    gc = glibc_ntop(a.version, int(a))
    # glibc prints IPv4-compatible addresses (::a.b.c.d) in mixed notation;
    # RFC 5952 recommends that only for mapped addresses, so skip those.
    compat = a.version == 6 and int(a) >> 32 == 0 and int(a) > 0xFFFF
    if gc != c and not compat:
        raise SystemExit("oracles disagree on the text of %r: %r vs %r" % (s, c, gc))
    return c, a.exploded


# ---- generating address texts ---------------------------------------------

def rand_v4(r: random.Random) -> int:
    k = r.random()
    if k < 0.1:
        return r.choice([0, 0xFFFFFFFF, 0x7F000001, 0x0A000000, 0xC0A80001, 0x64400000])
    if k < 0.3:  # small parts
        return int.from_bytes(bytes(r.choice([0, 1, 9, 10, 99, 100, 199, 200, 249, 250, 255]) for _ in range(4)), "big")
    return r.getrandbits(32)


def rand_v6(r: random.Random) -> int:
    groups = []
    for _ in range(8):
        k = r.random()
        if k < 0.45:
            groups.append(0)
        elif k < 0.6:
            groups.append(r.randrange(1, 16))
        elif k < 0.7:
            groups.append(r.randrange(16, 256))
        elif k < 0.75:
            groups.append(0xFFFF)
        else:
            groups.append(r.getrandbits(16))
    v = 0
    for g in groups:
        v = (v << 16) | g
    k = r.random()
    if k < 0.05:
        v = 0xFFFF00000000 | r.getrandbits(32)  # IPv4-mapped
    elif k < 0.07:
        v = r.getrandbits(32)  # IPv4-compatible
    elif k < 0.09:
        v = r.choice([0, 1, (1 << 128) - 1, 0x20010DB8 << 96, 0xFE80 << 112, 0xFC00 << 112])
    return v


def v6_text(r: random.Random, v: int) -> str:
    """A valid text for v in a random style."""
    groups = [(v >> (112 - 16 * i)) & 0xFFFF for i in range(8)]
    style = r.random()
    if style < 0.15:
        parts = ["%04x" % g for g in groups]
    else:
        parts = ["%x" % g for g in groups]
        if r.random() < 0.2:
            parts = [("%0" + str(r.randint(1, 4)) + "x") % g if len("%x" % g) <= 4 else "%x" % g for g in groups]
    tail4 = None
    if r.random() < 0.15:
        tail4 = "%d.%d.%d.%d" % tuple((v >> s) & 255 for s in (24, 16, 8, 0))
        parts = parts[:6]
    # choose a run of zero groups to compress (any run of >= 1 zeros)
    n = len(parts)
    runs = []
    i = 0
    while i < n:
        if groups[i] == 0:
            j = i
            while j < n and groups[j] == 0:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    text = None
    if runs and r.random() < 0.8:
        a, b = r.choice(runs)
        if r.random() < 0.5:  # compress a sub-run
            a2 = r.randint(a, b - 1)
            b2 = r.randint(a2 + 1, b)
            a, b = a2, b2
        text = ":".join(parts[:a]) + "::" + ":".join(parts[b:])
        if tail4:
            text += (":" if b < n else "") + tail4
    if text is None:
        text = ":".join(parts)
        if tail4:
            text += ":" + tail4
    if r.random() < 0.3:
        text = text.upper() if r.random() < 0.5 else "".join(c.upper() if r.random() < 0.5 else c for c in text)
    return text


def v4_text(v: int) -> str:
    return "%d.%d.%d.%d" % tuple((v >> s) & 255 for s in (24, 16, 8, 0))


JUNK = list(" \t\n\r\x00:./%[]x+-0gG1fF\xff\x7f,;#")


def mutate(r: random.Random, s: str) -> str:
    k = r.randrange(12)
    if not s:
        return r.choice(JUNK)
    i = r.randrange(len(s) + 1)
    if k == 0:  # insert a byte
        return s[:i] + r.choice(JUNK) + s[i:]
    if k == 1 and i < len(s):  # delete a byte
        return s[:i] + s[i + 1:]
    if k == 2 and i < len(s):  # replace a byte
        return s[:i] + r.choice(JUNK) + s[i + 1:]
    if k == 3:  # leading zero somewhere
        return s[:i] + "0" + s[i:]
    if k == 4:  # duplicate a slice
        j = r.randrange(i, len(s) + 1)
        return s[:j] + s[i:j] + s[j:]
    if k == 5:
        return s + r.choice(["%eth0", " ", ".1", ":1", "::", "/", "x"])
    if k == 6:
        return r.choice([" ", "\t", ":", "0", "[", "::"]) + s
    if k == 7:  # extra colon
        return s.replace(":", "::", 1) if ":" in s else s + ":"
    if k == 8:  # truncate
        return s[:i]
    if k == 9:  # five-digit group
        return s.replace(":", ":0", 1) if ":" in s else s
    return s[:i] + r.choice(JUNK) + s[i:]


def addr_texts(r: random.Random, count: int):
    fixed = ["", "0.0.0.0", "255.255.255.255", "::", "::1", "1::", "::ffff:0.0.0.0",
             "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4",
             "::1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256",
             "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "12345::", "fe80::1%eth0", " ::1", "::1 ",
             "1.2.3.4 ", "1.2.3.04", "0x1.2.3.4", "::ffff:1.2.3.04", "1:2:3:4:5:6:7:8::"]
    for s in fixed:
        yield s
    for _ in range(count - len(fixed)):
        if r.random() < 0.4:
            s = v4_text(rand_v4(r))
        else:
            s = v6_text(r, rand_v6(r))
        if r.random() < 0.3:
            s = mutate(r, s)
            if r.random() < 0.3:
                s = mutate(r, s)
        yield s


# ---- prefixes ---------------------------------------------------------------

def prefix_oracle(s: str):
    if s.count("/") != 1:
        return None
    a, l = s.split("/")
    if addr_oracle(a) is None:
        return None
    if not (l.isascii() and l.isdigit()) or (len(l) > 1 and l[0] == "0"):
        return None
    try:
        n = ipaddress.ip_network(s, strict=True)
    except ValueError:
        return None
    if isinstance(n, ipaddress.IPv6Network) and n.network_address.scope_id is not None:
        return None
    c = canonical(n.network_address) + "/%d" % n.prefixlen
    return c, canonical(n.network_address), canonical(n.broadcast_address), str(n.num_addresses)


def prefix_texts(r: random.Random, count: int):
    fixed = ["0.0.0.0/0", "::/0", "255.255.255.255/32", "::/128", "10.0.0.0/8", "10.0.0.1/8",
             "10.0.0.0/33", "::/129", "10.0.0.0/08", "10.0.0.0/+8", "10.0.0.0/", "/8", "10.0.0.0",
             "fc00::/7", "fc00::/6", "::ffff:1.2.3.0/120", "10.0.0.0/8 ", "10.0.0.0 /8"]
    for s in fixed:
        yield s
    for _ in range(count - len(fixed)):
        if r.random() < 0.4:
            bits, v = 32, rand_v4(r)
        else:
            bits, v = 128, rand_v6(r)
        k = r.random()
        plen = r.choice([0, 1, bits - 1, bits]) if k < 0.15 else r.randint(0, bits)
        if r.random() < 0.85:  # mostly valid: clear host bits
            v &= ((1 << bits) - 1) ^ ((1 << (bits - plen)) - 1)
        a = v4_text(v) if bits == 32 else v6_text(r, v)
        s = "%s/%d" % (a, plen)
        if r.random() < 0.25:
            s = mutate(r, s)
        yield s


# ---- subnet math --------------------------------------------------------------

def rand_net(r: random.Random, v6=None):
    if v6 is None:
        v6 = r.random() < 0.6
    bits = 128 if v6 else 32
    plen = r.choice([0, 1, bits - 1, bits, r.randint(0, bits), r.randint(0, bits)])
    v = rand_v6(r) if v6 else rand_v4(r)
    v &= ((1 << bits) - 1) ^ ((1 << (bits - plen)) - 1)
    return (ipaddress.IPv6Network if v6 else ipaddress.IPv4Network)((v, plen))


def ntext(n) -> str:
    return canonical(n.network_address) + "/%d" % n.prefixlen


def gen_nth(r: random.Random, count: int):
    yield "::/0", 128, (1 << 128) - 1, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"
    for _ in range(count):
        n = rand_net(r)
        bits = n.max_prefixlen
        newlen = r.choice([n.prefixlen, bits, r.randint(n.prefixlen, bits)])
        total = 1 << (newlen - n.prefixlen)
        idx = r.choice([0, total - 1, r.randrange(total), r.randrange(total)])
        size = 1 << (bits - newlen)
        sub = type(n)((int(n.network_address) + idx * size, newlen))
        assert sub.subnet_of(n)
        yield ntext(n), newlen, idx, ntext(sub)


def gen_summarize(r: random.Random, count: int):
    for _ in range(count):
        v6 = r.random() < 0.6
        bits = 128 if v6 else 32
        a = rand_v6(r) if v6 else rand_v4(r)
        k = r.random()
        if k < 0.3:
            b = a + r.randrange(0, 1 << r.randint(0, 20))
        else:
            b = rand_v6(r) if v6 else rand_v4(r)
        if r.random() < 0.05:
            a, b = 0, (1 << bits) - 1
        a, b = min(a, b), max(a, b)
        b = min(b, (1 << bits) - 1)
        A = ipaddress.IPv6Address(a) if v6 else ipaddress.IPv4Address(a)
        B = ipaddress.IPv6Address(b) if v6 else ipaddress.IPv4Address(b)
        nets = list(ipaddress.summarize_address_range(A, B))
        yield canonical(A), canonical(B), ",".join(ntext(x) for x in nets)


def gen_exclude(r: random.Random, count: int):
    for _ in range(count):
        n = rand_net(r)
        k = r.random()
        if k < 0.7 and n.prefixlen < n.max_prefixlen:  # strictly inside
            newlen = r.randint(n.prefixlen, n.max_prefixlen)
            total = 1 << (newlen - n.prefixlen)
            idx = r.randrange(total)
            size = 1 << (n.max_prefixlen - newlen)
            x = type(n)((int(n.network_address) + idx * size, newlen))
        else:
            x = rand_net(r, v6=n.version == 6)
        if x.subnet_of(n):
            res = sorted(n.address_exclude(x))
        elif n.subnet_of(x):
            res = []
        else:
            res = [n]
        yield ntext(n), ntext(x), ",".join(ntext(y) for y in res)


def gen_collapse(r: random.Random, count: int):
    for _ in range(count):
        v6 = r.random() < 0.5
        base = rand_net(r, v6=v6)
        nets = []
        for _ in range(r.randint(1, 12)):
            k = r.random()
            if k < 0.7 and base.prefixlen < base.max_prefixlen:
                newlen = r.randint(base.prefixlen, min(base.max_prefixlen, base.prefixlen + 4))
                total = 1 << (newlen - base.prefixlen)
                size = 1 << (base.max_prefixlen - newlen)
                nets.append(type(base)((int(base.network_address) + r.randrange(total) * size, newlen)))
            else:
                nets.append(rand_net(r, v6=v6))
        res = list(ipaddress.collapse_addresses(nets))
        yield ",".join(ntext(x) for x in nets), ",".join(ntext(x) for x in res)


def kcm_pod_cidr(net, mask, index):
    """kube-controller-manager's podCIDR of node `index` (cidr_set.go), with
    dsnet's decisions where it is loose (kubernetes-rules.md, decisions 3-4):
    expected text or 'ERR code'."""
    bits = net.max_prefixlen
    if bits == 128 and net.network_address.ipv4_mapped is not None:
        return "ERR list_mapped"  # ambiguous family: refused (decision 2)
    if mask > bits:
        return "ERR node_mask_range"
    if mask < net.prefixlen:
        return "ERR node_mask_short"
    if bits == 128 and mask - net.prefixlen > 16:
        return "ERR node_mask_diff"
    if bits == 128 and mask >= 96 and ipaddress.ip_network("::ffff:0:0/96").subnet_of(net):
        return "ERR node_cidr_mapped"  # node CIDRs Kubernetes takes for IPv4: refused (issue 14)
    if index >= 1 << (mask - net.prefixlen):
        return "ERR range"
    sub = type(net)((int(net.network_address) + index * (1 << (bits - mask)), mask))
    return ntext(sub)


def gen_pod_cidrs(r: random.Random, count: int):
    edges = [("10.244.0.0/16", 24, 2), ("fc00::/48", 64, 2), ("fc00::/8", 24, 2),
             ("fc00::/48", 64, 65535), ("fc00::/48", 64, 65536), ("fc00::/48", 65, 0),
             ("fc00::/48", 47, 0), ("fc00::/48", 48, 0), ("fc00::/48", 48, 1),
             ("10.0.0.0/8", 32, (1 << 24) - 1), ("10.0.0.0/8", 32, 1 << 24), ("10.0.0.0/8", 33, 0),
             ("0.0.0.0/0", 24, (1 << 24) - 1), ("0.0.0.0/0", 32, (1 << 32) - 1), ("::/0", 16, 65535),
             ("::/0", 17, 0), ("::/0", 64, 0), ("::1/128", 128, 0), ("::1/128", 128, 1),
             ("::1/128", 129, 0), ("255.255.255.255/32", 32, 0), ("127.123.234.0/30", 30, 0),
             ("fd00::/112", 128, 65535), ("fd00::/111", 128, 0), ("::ffff:10.0.0.0/104", 112, 0),
             ("::/80", 96, 65535), ("::/80", 96, 0), ("::/80", 95, 32767), ("::fffe:0:0/95", 100, 0),
             ("::fffe:0:0/95", 96, 0), ("::/88", 104, 0), ("::/96", 96, 0), ("::/80", 96, 65536)]
    for c, m, i in edges:
        n = ipaddress.ip_network(c)
        yield ntext(n), m, i, kcm_pod_cidr(n, m, i)
    for _ in range(count):
        n = rand_net(r)
        bits = n.max_prefixlen
        k = r.random()
        if k < 0.6:
            mask = r.randint(n.prefixlen, min(bits, n.prefixlen + (16 if bits == 128 else 32)))
        elif k < 0.7:
            mask = n.prefixlen + 16 + r.choice([0, 1])
        else:
            mask = r.randint(max(0, n.prefixlen - 2), bits + 1)
        span = 1 << max(0, min(mask - n.prefixlen, 40))
        idx = r.choice([0, span - 1, span, r.randrange(span), r.randrange(span)])
        yield ntext(n), mask, idx, kcm_pod_cidr(n, mask, idx)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20261126)
    ap.add_argument("--count", type=int, default=60000)
    args = ap.parse_args()
    r = random.Random(args.seed)
    header = "# generated by tests/gen/gen_vectors.py --seed %d --count %d: do not edit\n" % (args.seed, args.count)

    def open_out(rel):
        path = os.path.join(args.outdir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        f = open(path, "w", encoding="ascii", newline="\n")
        f.write(header)
        return f

    seen = set()
    with open_out("addr/generated.txt") as f:
        for s in addr_texts(r, args.count):
            if s in seen:
                continue
            seen.add(s)
            res = addr_oracle(s)
            f.write(escape(s) + "\t" + ("\t".join(res) if res else "ERR") + "\n")
    seen = set()
    with open_out("prefix/generated.txt") as f:
        for s in prefix_texts(r, args.count):
            if s in seen:
                continue
            seen.add(s)
            res = prefix_oracle(s)
            f.write(escape(s) + "\t" + ("\t".join(res) if res else "ERR") + "\n")
    with open_out("subnet/nth.txt") as f:
        for p, nl, i, sub in gen_nth(r, args.count // 10):
            f.write("%s\t%d\t%d\t%s\n" % (p, nl, i, sub))
    with open_out("subnet/summarize.txt") as f:
        for a, b, l in gen_summarize(r, args.count // 30):
            f.write("%s\t%s\t%s\n" % (a, b, l))
    with open_out("subnet/exclude.txt") as f:
        for p, x, l in gen_exclude(r, args.count // 30):
            f.write("%s\t%s\t%s\n" % (p, x, l))
    with open_out("subnet/collapse.txt") as f:
        for i, o in gen_collapse(r, args.count // 30):
            f.write("%s\t%s\n" % (i, o))
    with open_out("nodeipam/pod_cidr.txt") as f:
        for c, m, i, want in gen_pod_cidrs(r, args.count // 20):
            f.write("%s\t%d\t%d\t%s\n" % (c, m, i, want))


if __name__ == "__main__":
    main()
