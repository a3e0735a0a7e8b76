"""Tests of the dsnet Python package (standard library unittest only).

Run from the repository: PYTHONPATH=bindings/python DSNET_LIBRARY=<build>/src/libdsnet.so
python3 -m unittest discover -s bindings/python/tests
"""
import collections.abc
import ipaddress
import itertools
import pickle
import random
import unittest

import dsnet
from dsnet import Address, Error, Prefix, _native, _plan


def canonical(a):
    if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped is not None:
        return "::ffff:" + str(a.ipv4_mapped)
    return str(a)


class AddressTest(unittest.TestCase):
    def test_parse_and_format(self):
        a = Address("2001:DB8:0:0::1")
        self.assertEqual(str(a), "2001:db8::1")
        self.assertEqual(a.family, 6)
        self.assertEqual(a.version, 6)
        self.assertEqual(int(a), int(ipaddress.ip_address("2001:db8::1")))
        self.assertEqual(a.exploded, "2001:0db8:0000:0000:0000:0000:0000:0001")
        self.assertEqual(repr(a), "Address('2001:db8::1')")
        self.assertEqual(Address("::ffff:1.2.3.4").unmap(), Address("1.2.3.4"))
        self.assertEqual(str(Address("::ffff:1.2.3.4")), "::ffff:1.2.3.4")
        self.assertEqual(Address("10.0.0.1").packed, b"\n\0\0\1")
        self.assertEqual(Address(b"10.0.0.1"), Address("10.0.0.1"))

    def test_errors(self):
        with self.assertRaises(Error) as cm:
            Address("1.2.3.04")
        self.assertEqual((cm.exception.code, cm.exception.offset), ("v4_leading_zero", 6))
        self.assertIn("1.2.3.04", cm.exception.message)
        self.assertIsInstance(cm.exception, ValueError)
        self.assertEqual(Address("1.2.3.04", sloppy=True), Address("1.2.3.4"))
        for bad in ["", " ::1", "fe80::1%eth0", "1::2::3", "1.2.3", "\x00", "é", "1.2.3.4\x00"]:
            with self.assertRaises(Error):
                Address(bad)
        for wrong in [None, 1, 1.5, [], object()]:
            with self.assertRaises(TypeError):
                Address(wrong)

    def test_classify_and_offsets(self):
        self.assertTrue(Address("10.0.0.1").is_private)
        self.assertTrue(Address("fe80::1").is_link_local)
        self.assertTrue(Address("fd00::1").is_ula)
        self.assertFalse(Address("8.8.8.8").is_private)
        self.assertEqual(Address("10.0.0.255") + 1, Address("10.0.1.0"))
        self.assertEqual(Address("10.0.1.0") - 1, Address("10.0.0.255"))
        with self.assertRaises(Error) as cm:
            Address("255.255.255.255") + 1
        self.assertEqual(cm.exception.code, "overflow")
        with self.assertRaises(Error):
            Address("::") + (1 << 200)
        with self.assertRaises(AttributeError):
            Address("::").nonexistent

    def test_ipaddress_interop(self):
        for s in ["10.0.0.1", "2001:db8::1", "::ffff:1.2.3.4"]:
            ia = ipaddress.ip_address(s)
            self.assertEqual(Address(ia), Address(s))
            self.assertEqual(Address(s).to_ipaddress(), ia)
            self.assertEqual(Address(s), ia)
        self.assertLess(Address("255.255.255.255"), Address("::"))
        self.assertEqual(len({Address("::1"), Address("0::1")}), 1)
        self.assertEqual(pickle.loads(pickle.dumps(Address("::1"))), Address("::1"))


class PrefixTest(unittest.TestCase):
    def test_basics(self):
        p = Prefix("fc00::/48")
        self.assertEqual((p.family, p.prefixlen, p.max_prefixlen), (6, 48, 128))
        self.assertEqual(p.network_address, Address("fc00::"))
        self.assertEqual(p.broadcast_address, Address("fc00::ffff:ffff:ffff:ffff:ffff"))
        self.assertEqual(p.last_address, p.broadcast_address)
        self.assertEqual(p.num_addresses, 2 ** 80)
        self.assertEqual(Prefix("::/0").num_addresses, 2 ** 128)
        self.assertEqual(str(Prefix("10.0.0.0/8").netmask), "255.0.0.0")
        self.assertEqual(str(Prefix("10.0.0.0/8").hostmask), "0.255.255.255")
        self.assertEqual(p.with_prefixlen, "fc00::/48")

    def test_strict_and_flags(self):
        with self.assertRaises(Error) as cm:
            Prefix("10.0.0.1/8")
        self.assertEqual(cm.exception.code, "prefix_host_bits")
        self.assertEqual(Prefix("10.0.0.1/8", strict=False), Prefix("10.0.0.0/8"))
        self.assertEqual(Prefix("010.0.0.0/08", sloppy=True), Prefix("10.0.0.0/8"))
        for bad in ["10.0.0.0", "10.0.0.0/33", "10.0.0.0/08", "::/129", "/8", "10.0.0.0/8 "]:
            with self.assertRaises(Error):
                Prefix(bad)
        with self.assertRaises(TypeError):
            Prefix(24)

    def test_contains_overlaps(self):
        p = Prefix("10.244.0.0/16")
        self.assertIn(Address("10.244.3.4"), p)
        self.assertIn("10.244.3.0/24", p)
        self.assertNotIn(Address("::ffff:10.244.0.1"), p)
        self.assertIn(ipaddress.ip_address("10.244.0.1"), p)
        self.assertTrue(p.overlaps("10.0.0.0/8"))
        self.assertFalse(p.overlaps("10.245.0.0/16"))
        self.assertTrue(Prefix("10.244.1.0/24").subnet_of(p))
        self.assertTrue(p.supernet_of("10.244.1.0/24"))
        with self.assertRaises(TypeError):
            1 in p

    def test_subnets(self):
        p = Prefix("10.244.0.0/22")
        self.assertEqual([str(s) for s in p.subnets(new_prefix=24)],
                         ["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24", "10.244.3.0/24"])
        self.assertEqual(list(p.subnets()), [Prefix("10.244.0.0/23"), Prefix("10.244.2.0/23")])
        self.assertEqual(p.subnet(3, new_prefix=24), Prefix("10.244.3.0/24"))
        self.assertEqual(p.index_of("10.244.3.0/24"), 3)
        self.assertEqual(p.supernet(new_prefix=16), Prefix("10.244.0.0/16"))
        self.assertEqual(p.supernet(), Prefix("10.244.0.0/21"))
        self.assertEqual(Prefix("::/0").subnet(2 ** 128 - 1, new_prefix=128),
                         Prefix("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"))
        for call, code in [(lambda: p.subnet(4, new_prefix=24), "range"), (lambda: p.subnet(0, new_prefix=21), "newlen"),
                           (lambda: p.subnet(-1, new_prefix=24), "range"), (lambda: p.subnet(2 ** 200, new_prefix=24), "range"),
                           (lambda: p.index_of("10.245.0.0/24"), "not_contained"),
                           (lambda: p.supernet(new_prefix=23), "newlen"), (lambda: p.address(1024), "range")]:
            with self.assertRaises(Error) as cm:
                call()
            self.assertEqual(cm.exception.code, code)
        with self.assertRaises(ValueError):
            p.subnets(prefixlen_diff=2, new_prefix=24)
        self.assertEqual(p.address(5), Address("10.244.0.5"))

    def test_lists(self):
        self.assertEqual(dsnet.summarize_range("10.0.0.0", "10.0.0.255"), [Prefix("10.0.0.0/24")])
        self.assertEqual(len(dsnet.summarize_range("::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe")), 254)
        self.assertEqual(dsnet.exclude("10.0.0.0/8", "10.1.0.0/16")[0], Prefix("10.0.0.0/16"))
        self.assertEqual(Prefix("10.0.0.0/8").exclude("10.0.0.0/8"), [])
        self.assertEqual(dsnet.collapse(["10.0.1.0/24", "10.0.0.0/24", "::/1", "8000::/1"]),
                         [Prefix("10.0.0.0/23"), Prefix("::/0")])
        self.assertEqual(dsnet.collapse([]), [])
        with self.assertRaises(Error):
            dsnet.summarize_range("10.0.0.1", "10.0.0.0")

    def test_ipaddress_interop_and_order(self):
        n = ipaddress.ip_network("fc00::/48")
        self.assertEqual(Prefix(n), Prefix("fc00::/48"))
        self.assertEqual(Prefix("fc00::/48").to_ipaddress(), n)
        self.assertEqual(Prefix("fc00::/48"), n)
        self.assertEqual(sorted([Prefix("10.0.0.0/16"), Prefix("::/0"), Prefix("10.0.0.0/8")]),
                         [Prefix("10.0.0.0/8"), Prefix("10.0.0.0/16"), Prefix("::/0")])
        self.assertEqual(pickle.loads(pickle.dumps(Prefix("10.0.0.0/8"))), Prefix("10.0.0.0/8"))


class DifferentialTest(unittest.TestCase):
    """Prefix and Address against ipaddress on random inputs."""

    def test_random(self):
        r = random.Random(2026)
        for _ in range(4000):
            v6 = r.random() < 0.6
            bits = 128 if v6 else 32
            plen = r.randint(0, bits)
            v = r.getrandbits(bits) >> r.choice([0, 0, 16, 48, 96]) if v6 else r.getrandbits(32)
            v &= ((1 << bits) - 1) ^ ((1 << (bits - plen)) - 1)
            n = (ipaddress.IPv6Network if v6 else ipaddress.IPv4Network)((v, plen))
            text = (n.network_address.exploded if r.random() < 0.3 else str(n.network_address)) + f"/{plen}"
            p = Prefix(text)
            self.assertEqual(str(p), canonical(n.network_address) + f"/{plen}")
            self.assertEqual(p.num_addresses, n.num_addresses)
            self.assertEqual(int(p.broadcast_address), int(n.broadcast_address))
            self.assertEqual(p.to_ipaddress(), n)
            self.assertEqual(Prefix(n), p)
            if plen < bits:
                newlen = min(bits, plen + r.randint(1, 8))
                i = r.randrange(1 << (newlen - plen))
                self.assertEqual(p.subnet(i, new_prefix=newlen).to_ipaddress(),
                                 list(n.subnets(new_prefix=newlen))[i] if newlen - plen <= 4 else
                                 (type(n))((v + i * (1 << (bits - newlen)), newlen)))
            if plen > 0:
                self.assertEqual(p.supernet().to_ipaddress(), n.supernet())
            a = Address(str(n.network_address))
            self.assertEqual(str(a), canonical(n.network_address))
            self.assertEqual(a.to_ipaddress(), n.network_address)


class ParseManyTest(unittest.TestCase):
    def test_mixed(self):
        out = dsnet.parse_many(["10.0.0.0/8", "fc00::1", "1.2.3.04", "", b"::/0"])
        self.assertEqual(out[0], Prefix("10.0.0.0/8"))
        self.assertEqual(out[1], Address("fc00::1"))
        self.assertIsInstance(out[2], Error)
        self.assertEqual((out[2].code, out[2].offset), ("v4_leading_zero", 6))
        self.assertEqual(out[3].code, "empty")
        self.assertEqual(out[4], Prefix("::/0"))
        self.assertEqual(dsnet.parse_many([]), [])
        self.assertEqual(dsnet.parse_many(["10.0.0.1/8"], mask=True), [Prefix("10.0.0.0/8")])
        with self.assertRaises(TypeError):
            dsnet.parse_many([1])

    def test_agrees_with_one_by_one(self):
        # all prefixes, all addresses and mixed batches take different paths
        # inside parse_many; each item must equal parsing it alone
        r = random.Random(11)
        alpha = "0123456789abcdef:./ %gG\x00\u00e9"

        def item(kind):
            k = r.random()
            if k < 0.25:
                return "".join(r.choice(alpha) for _ in range(r.randint(0, 20)))
            if kind == "p" or (kind == "m" and k < 0.6):
                return r.choice([f"10.{r.randint(0, 255)}.0.0/{r.randint(8, 33)}",
                                 f"fc00:{r.randint(0, 0xffff):x}::/{r.randint(0, 130)}"])
            return r.choice([f"{r.randint(0, 300)}.{r.randint(0, 255)}.1.{r.randint(0, 255)}",
                             f"fc00::{r.randint(0, 0xffff):x}"])
        for trial in range(300):
            items = [item("pam"[trial % 3]) for _ in range(r.randint(0, 40))]
            if trial % 5 == 0:
                items = [s.encode("utf-8", "surrogatepass") for s in items]
            for it, got in zip(items, dsnet.parse_many(items)):
                try:
                    want = Prefix(it) if ("/" in it if isinstance(it, str) else b"/" in it) else Address(it)
                except Error as e:
                    self.assertIsInstance(got, Error, it)
                    self.assertEqual((got.code, got.offset, got.message), (e.code, e.offset, e.message))
                    continue
                self.assertEqual((type(got), got), (type(want), want), it)

    def test_results_sequence(self):
        # more items than one block of the iterator, with failures in
        # several blocks: iteration, indexing, slicing and errors() agree
        items = [f"10.{i >> 8 & 255}.{i & 255}.0/24" if i % 997 else f"10.0.0.{i % 250 + 1}/24" for i in range(9000)]
        items[4100] = "fc00::/7"
        r = dsnet.parse_many(items)
        self.assertIsInstance(r, dsnet.ParseResults)
        self.assertIsInstance(r, collections.abc.Sequence)
        self.assertEqual(len(r), 9000)
        got = list(r)
        self.assertEqual(got[1], Prefix("10.0.1.0/24"))
        self.assertEqual(got[8999], Prefix("10.35.39.0/24"))
        self.assertEqual(got[4100], Prefix("fc00::/7"))
        bad = list(range(0, 9000, 997))  # 10.0.0.x/24: host bits set
        self.assertEqual([i for i, e in r.errors()], bad)
        self.assertEqual(r.errors()[0][1].code, "prefix_host_bits")
        self.assertEqual([i for i, x in enumerate(got) if isinstance(x, Error)], bad)
        self.assertEqual(r[997].code, "prefix_host_bits")
        self.assertEqual(r[-1], got[-1])
        self.assertEqual(r[4095:4098], got[4095:4098])
        self.assertEqual(r[::-3000], [got[8999], got[5999], got[2999]])
        for i in (0, 1, 4095, 4096, 4100, 8191, 8192, 8999):
            self.assertEqual(type(r[i]), type(got[i]))
            if not isinstance(got[i], Error):
                self.assertEqual(r[i], got[i])
        with self.assertRaises(IndexError):
            r[9000]
        with self.assertRaises(IndexError):
            r[-9001]
        with self.assertRaises(TypeError):
            r["1"]
        ok = dsnet.parse_many(["10.0.0.0/8", "::1"])
        self.assertEqual(ok, [Prefix("10.0.0.0/8"), Address("::1")])
        self.assertEqual(ok, (Prefix("10.0.0.0/8"), Address("::1")))
        self.assertEqual(ok, dsnet.parse_many(["10.0.0.0/8", "::1"]))
        self.assertNotEqual(ok, [Prefix("10.0.0.0/8")])
        self.assertNotEqual(ok, [Prefix("10.0.0.0/8"), Address("::2")])
        self.assertEqual(ok.errors(), [])
        # with failures: equal to itself, to its list and to a new parse of the same
        self.assertEqual(r, r)
        self.assertEqual(r, got)
        self.assertEqual(r, dsnet.parse_many(items))
        self.assertNotEqual(r, dsnet.parse_many(items[:-1] + ["10.0.0.1/24"]))
        self.assertEqual(repr(ok), "<ParseResults of 2 items>")


class DualStackTest(unittest.TestCase):
    def test_constructor(self):
        ds = dsnet.DualStack("fc00::/48,10.244.0.0/16")
        self.assertEqual(ds, dsnet.parse_cidrs("fc00::/48,10.244.0.0/16"))
        self.assertEqual(eval(repr(ds), {"DualStack": dsnet.DualStack}), ds)
        self.assertEqual(dsnet.DualStack([Prefix("10.0.0.0/8")]).primary_family, 4)
        self.assertEqual(dsnet.DualStack(b"10.0.0.10,fd00::10"), dsnet.parse_ips("10.0.0.10,fd00::10"))
        self.assertEqual(dsnet.DualStack([Address("fd00::1"), "10.0.0.1"]).primary_family, 6)
        self.assertIs(dsnet.DualStack(ds), ds)
        self.assertEqual(pickle.loads(pickle.dumps(ds)), ds)
        for bad in ("", [], "10.0.0.0/8,10.1.0.0/16", "x"):
            with self.assertRaises(Error, msg=repr(bad)):
                dsnet.DualStack(bad)
        for bad in (None, 5, [5], [Prefix("10.0.0.0/8"), Address("::1")]):  # a Prefix is no Address
            with self.assertRaises(TypeError, msg=repr(bad)):
                dsnet.DualStack(bad)

    def test_lists(self):
        ds = dsnet.parse_cidrs("fc00::/48,10.244.0.0/16")
        self.assertEqual(ds.primary_family, 6)
        self.assertEqual(ds.ipv4, Prefix("10.244.0.0/16"))
        self.assertEqual(ds.ipv6, Prefix("fc00::/48"))
        self.assertTrue(ds.is_dual_stack)
        self.assertEqual(str(ds), "fc00::/48,10.244.0.0/16")
        self.assertEqual(dsnet.parse_cidrs(["10.0.0.0/8", "fc00::/7"]), dsnet.parse_cidrs("10.0.0.0/8,fc00::/7"))
        ips = dsnet.parse_ips("10.0.0.10,fd00::10", require_dual=True)
        self.assertEqual(ips.ipv6, Address("fd00::10"))
        for bad, code in [("10.244.0.0/16, fc00::/48", "whitespace"), ("10.0.0.0/8,11.0.0.0/8", "list_same_family"),
                          ("10.0.0.0/8,fc00::/7,11.0.0.0/8", "list_too_many"), ("::ffff:10.0.0.0/104", "list_mapped"),
                          ("", "list_empty")]:
            with self.assertRaises(Error) as cm:
                dsnet.parse_cidrs(bad)
            self.assertEqual(cm.exception.code, code)
        with self.assertRaises(Error) as cm:
            dsnet.parse_cidrs("10.0.0.0/8", require_dual=True)
        self.assertEqual(cm.exception.code, "list_not_dual")
        with self.assertRaises(TypeError):
            dsnet.parse_cidrs(5)


class NodeIpamTest(unittest.TestCase):
    def test_pod_cidrs(self):
        self.assertEqual(dsnet.pod_cidrs("10.244.0.0/16,fc00::/48", 2),
                         (Prefix("10.244.2.0/24"), Prefix("fc00:0:0:2::/64")))
        self.assertEqual(dsnet.pod_cidrs("10.244.0.0/16,fc00::/8", 2, mask_ipv6=24)[1], Prefix("fc00:200::/24"))
        self.assertEqual(dsnet.pod_cidr("fc00::/48", 64, 65535), Prefix("fc00:0:0:ffff::/64"))
        self.assertEqual(dsnet.pod_cidr_index("fc00::/48", 64, "fc00:0:0:ff::/64"), 255)
        self.assertEqual(dsnet.node_capacity("10.244.0.0/16", 24), 256)
        self.assertEqual(dsnet.pod_addresses(4, 24), 253)
        self.assertEqual(dsnet.pod_addresses(6, 64), 2 ** 64 - 2)
        self.assertEqual(dsnet.resolve_node_masks("fc00::/48,10.0.0.0/8"), (64, 24))
        self.assertEqual(dsnet.resolve_node_masks("fc00::/8,10.0.0.0/8", mask_size=24, kubernetes_version="1.16"),
                         (24, 24))
        # the version text goes through the C parser: suffixes kept, anything loose refused
        self.assertEqual(dsnet.resolve_node_masks("fc00::/8,10.0.0.0/8", mask_size=24,
                                                  kubernetes_version="v1.16.3-rc.0"), (24, 24))
        for bad in ("2.20", "1.-5", " 1.20", "vv1.20", "1.20abc"):
            with self.assertRaises(dsnet.Error) as cm:
                dsnet.resolve_node_masks("10.0.0.0/8", kubernetes_version=bad)
            self.assertEqual(cm.exception.code, "inval")
            with self.assertRaises(dsnet.Error):
                dsnet.resolve_service("10.0.0.0/16", kubernetes_version=bad)
        for call, code in [(lambda: dsnet.pod_cidrs("10.244.0.0/16,fc00::/48", 256), "range"),
                           (lambda: dsnet.validate_node_mask("fc00::/48", 65), "node_mask_diff"),
                           (lambda: dsnet.validate_node_mask("10.0.0.0/16", 15), "node_mask_short"),
                           (lambda: dsnet.pod_cidr("10.0.0.0/8", 33, 0), "node_mask_range"),
                           (lambda: dsnet.pod_cidr("10.0.0.0/8", 24, -1), "range"),
                           (lambda: dsnet.resolve_node_masks("10.0.0.0/8,fc00::/48", mask_size=24), "mask_flags"),
                           (lambda: dsnet.pod_cidr_index("10.0.0.0/8", 24, "fc00::/24"), "family")]:
            with self.assertRaises(Error) as cm:
                call()
            self.assertEqual(cm.exception.code, code)

    def test_pod_cidrs_range(self):
        rows = dsnet.pod_cidrs_range("fc00::/48,10.244.0.0/16", 250, 6)
        self.assertEqual(len(rows), 6)
        self.assertEqual(list(rows), [rows[i] for i in range(6)])
        self.assertEqual(rows[-1], rows[5])
        self.assertEqual(rows[1:3], [rows[1], rows[2]])
        self.assertEqual(rows.texts()[0], "fc00:0:0:fa::/64,10.244.250.0/24")
        with self.assertRaises(IndexError):
            rows[6]
        self.assertEqual(rows[0], dsnet.pod_cidrs("fc00::/48,10.244.0.0/16", 250))
        self.assertEqual(rows[5], (Prefix("fc00:0:0:ff::/64"), Prefix("10.244.255.0/24")))
        self.assertEqual(list(dsnet.pod_cidrs_range("10.244.0.0/16", 0, 0)), [])
        self.assertEqual(dsnet.pod_cidrs_range("10.244.0.0/16", 0, 3).texts(),
                         ["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"])
        with self.assertRaises(Error):
            dsnet.pod_cidrs_range("10.244.0.0/16,fc00::/48", 250, 7)
        # more nodes than one block of the iterator: every node as pod_cidrs gives it
        big = dsnet.pod_cidrs_range("fc00::/48,10.0.0.0/8", 3, 9000)
        items = list(big)
        self.assertEqual(len(items), 9000)
        for i in (0, 4092, 4093, 4094, 8188, 8189, 8999):
            self.assertEqual(items[i], dsnet.pod_cidrs("fc00::/48,10.0.0.0/8", 3 + i), i)
        self.assertEqual(items[4093], (Prefix("fc00:0:0:1000::/64"), Prefix("10.16.0.0/24")))
        self.assertEqual(big, items)
        self.assertEqual(big[4092:4095], items[4092:4095])
        self.assertNotEqual(big, items[:-1])

    def test_both_lengths_given(self):
        # as ipaddress (a ValueError), and a dsnet.Error like every other failure
        for f in (Prefix("10.0.0.0/8").subnets, Prefix("10.0.0.0/8").supernet):
            with self.assertRaises(Error) as c:
                f(2, new_prefix=16)
            self.assertIsInstance(c.exception, ValueError)
            self.assertEqual(c.exception.code, "inval")

    def test_huge_counts(self):
        # huge counts are refused as Errors, without allocating for them
        s = dsnet.CIDRSet("10.0.0.0/8", 24)
        for n in (2**64, 2**31):
            with self.assertRaises(Error) as c:
                s.allocate_many(n)
            self.assertEqual(c.exception.code, "full")
            self.assertEqual(len(c.exception.allocated), 65536 if n == 2**64 else 0)
        with self.assertRaises(Error) as c:
            dsnet.pod_cidrs_range("fc00::/48", 0, 2**64)
        self.assertEqual(c.exception.code, "range")

    def test_cidrset(self):
        s = dsnet.CIDRSet("10.244.0.0/16", 24)
        self.assertEqual((s.capacity, s.used), (256, 0))
        self.assertEqual(s.allocate(), Prefix("10.244.0.0/24"))
        s.occupy("10.244.4.0/22")
        self.assertEqual(s.used, 5)
        self.assertTrue(s.is_allocated("10.244.5.0/24"))
        s.release("10.244.4.0/22")
        self.assertEqual(len(s.allocate_many(255)), 255)
        with self.assertRaises(Error) as cm:
            s.allocate()
        self.assertEqual(cm.exception.code, "full")
        s.release("10.244.7.0/24")
        with self.assertRaises(Error) as cm:
            s.allocate_many(2)
        self.assertEqual(cm.exception.allocated, [Prefix("10.244.7.0/24")])
        with self.assertRaises(Error):
            s.occupy("10.245.0.0/24")
        with self.assertRaises(Error):
            dsnet.CIDRSet("fc00::/47", 64)
        self.assertIn("used=256/256", repr(s))


class ServiceTest(unittest.TestCase):
    def test_resolve(self):
        r = dsnet.resolve_service("10.0.0.0/16,fd00::/108", ip_family_policy="PreferDualStack")
        self.assertTrue(r.valid)
        self.assertEqual((r.ip_family_policy, r.ip_families), ("PreferDualStack", ["IPv4", "IPv6"]))
        r = dsnet.resolve_service("10.0.0.0/16", ip_family_policy="RequireDualStack")
        self.assertFalse(r.valid)
        self.assertEqual(r.errors, [("spec.ipFamilyPolicy", 'Invalid value: "RequireDualStack": this cluster is '
                                     "not configured for dual-stack services")])
        r = dsnet.resolve_service("fd00::/108,10.0.0.0/16", headless=True, selector=False)
        self.assertEqual((r.ip_family_policy, r.ip_families, r.cluster_ips),
                         ("RequireDualStack", ["IPv6", "IPv4"], ["None"]))
        r = dsnet.resolve_service("10.0.0.0/16,fd00::/108", cluster_ips=["fd00::10", "10.0.0.10"],
                                  ip_family_policy="RequireDualStack")
        self.assertEqual(r.cluster_ips, ["fd00::10", "10.0.0.10"])
        r = dsnet.resolve_service("10.0.0.0/16,fd00::/108", cluster_ips="10.0.0.5,fd00::5")
        self.assertIn("must be 'RequireDualStack' or 'PreferDualStack'", r.errors[0][1])
        r = dsnet.resolve_service("10.0.0.0/16,fd00::/108", cluster_ips="10.0.0.5,fd00::5", kubernetes_version="1.21")
        self.assertEqual(r.ip_family_policy, "RequireDualStack")
        with self.assertRaises(Error):
            dsnet.resolve_service("10.0.0.0/16", type="Foo")

    def test_feature_gates(self):
        # StrictIPCIDRValidation: alpha and off in 1.33 (versioned_kube_features.go);
        # apimachinery validation/ip.go parseIP with strictValidation
        r = dsnet.resolve_service("10.96.0.0/16", cluster_ips=["::ffff:10.96.0.5"], kubernetes_version="1.33")
        self.assertEqual((r.valid, r.ip_families, r.cluster_ips), (True, ["IPv4"], ["10.96.0.5"]))
        r = dsnet.resolve_service("10.96.0.0/16", cluster_ips=["10.096.0.05"], kubernetes_version="1.33",
                                  feature_gates="StrictIPCIDRValidation=true")
        self.assertEqual(r.errors, [("spec.clusterIPs[0]", 'Invalid value: "10.096.0.05": must not have leading 0s')])
        with self.assertRaises(Error) as e:
            dsnet.resolve_service("10.96.0.0/16", feature_gates="NodeSwap=true")
        self.assertIn("unrecognized feature gate: NodeSwap", str(e.exception))
        with self.assertRaises(Error):
            dsnet.resolve_service("10.96.0.0/16", kubernetes_version="1.32", feature_gates="StrictIPCIDRValidation=true")


class PlanTest(unittest.TestCase):
    def test_default(self):
        p = dsnet.Plan()
        self.assertTrue(p.valid)
        self.assertEqual({f.severity for f in p.validate()}, {"warning"})
        d = p.derive()
        self.assertEqual((d["kubernetesVersion"], d["kubernetesVersionDefault"]), ("1.35", True))
        self.assertEqual(d["nodeCapacity"], 256)
        self.assertEqual(d["families"][0]["podsPerNode"], "253")
        self.assertEqual(d["flags"]["kubelet"]["--cluster-dns"], "10.0.0.10")
        self.assertEqual(p.pod_cidrs(2), (Prefix("10.244.2.0/24"), Prefix("fc00:0:0:2::/64")))
        self.assertEqual(p.flag("--node-cidr-mask-size-ipv6"), "64")

    def test_broken(self):
        p = dsnet.Plan(cluster_cidr="10.244.0.0/16,abcd:abcd:abcd::/64",
                       service_cidr=["10.0.0.0/16", "abcd:abcd:abcd::/108"], dns_service_ip="10.0.0.1", nodes=300)
        codes = {f.code for f in p.validate() if f.severity == "error"}
        self.assertEqual(codes, {"node_capacity_exceeded", "dns_service_ip_apiserver_ip", "pod_service_overlap"})
        self.assertFalse(p.valid)
        with self.assertRaises(Error):
            dsnet.Plan(profile="gke")
        with self.assertRaises(Error):
            dsnet.Plan(nodes=-1)

    def test_feature_gates_and_kube_proxy(self):
        # the same verdicts as the C tests and the CLI (test_plan.c, test_cli.py)
        p = dsnet.Plan(kube_proxy_mode="nftables", kubernetes_version="1.30")
        self.assertIn("kube_proxy_nftables_feature_gate", {f.code for f in p.validate()})
        p = dsnet.Plan(kube_proxy_mode="nftables", kubernetes_version="1.30", feature_gates="NFTablesProxyMode=true")
        self.assertTrue(p.valid, p.validate())
        self.assertEqual(p.derive()["kubeProxyMode"], "nftables")
        p = dsnet.Plan(service_cidr="10.0.0.0/11,fd00::/108", kubernetes_version="1.34",
                       feature_gates="DisableAllocatorDualWrite=false")
        self.assertIn("service_range_too_large", {f.code for f in p.validate()})
        p = dsnet.Plan(feature_gates="DisableAllocatorDualWrite=false")
        f = [f for f in p.validate() if f.code == "feature_gates_invalid"]
        self.assertEqual(f[0].message, "--feature-gates: cannot set feature gate DisableAllocatorDualWrite to false, "
                         "feature is locked to true in Kubernetes 1.35")
        self.assertIn("kube_proxy_ipvs_deprecated", {f.code for f in dsnet.Plan(kube_proxy_mode="ipvs").validate()})

    @unittest.skipIf(_native.config_lib() is None, "no libdsnet_config (built without libyaml)")
    def test_from_config(self):
        import os
        conf = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "configs")
        p = dsnet.Plan.from_config(os.path.join(conf, "kind-dual.yaml"))
        # kind's defaults for ipFamily dual (v1alpha4), as test_config.c and the CLI see them
        self.assertEqual(p.flag("--cluster-cidr"), "10.244.0.0/16,fd00:10:244::/56")
        self.assertEqual(p.derive()["kubeProxyMode"], "ipvs")
        f = [f for f in p.validate() if f.code == "kube_proxy_ipvs_deprecated"][0]
        self.assertEqual((f.line, f.column), (7, 18))
        self.assertTrue(f.file.endswith("kind-dual.yaml"))
        self.assertEqual(f.as_dict()["line"], 7)
        # a keyword wins over the file, and then no position is claimed
        p = dsnet.Plan.from_config(os.path.join(conf, "kind-dual.yaml"), kube_proxy_mode="iptables")
        self.assertEqual(p.derive()["kubeProxyMode"], "iptables")
        # text, the reader's own findings, errors as Error with the position
        p = dsnet.Plan.from_config("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
                                   "networking:\n  podSubnet: 10.244.0.0/16\n  podSubnett: x\n")
        w = [f for f in p.validate() if f.code == "config_field_unknown"][0]
        self.assertEqual((w.severity, w.line, w.column), ("warning", 5, 3))
        with self.assertRaises(Error) as c:
            dsnet.Plan.from_config(b"a: [b")
        self.assertEqual(c.exception.code, "config_syntax")
        self.assertIn("<text>:2:1", c.exception.message)
        with self.assertRaises(Error):
            dsnet.Plan.from_config(os.path.join(conf, "kind-dual.yaml"), format="helm")
        with self.assertRaises(TypeError):
            dsnet.Plan.from_config(3)
        # the flag order of the origins is the C enum's
        for i, flag in enumerate(_plan._CONFIG_FLAGS):
            self.assertEqual(_native.config_lib().dsnet_config_field_flag(i), flag.encode())

    def test_network_policy(self):
        # AKS Engine's E5 (validate.go:1289): no network policy with Azure CNI dual-stack
        p = dsnet.Plan(profile="aks-engine", network_plugin="azure", network_policy="azure")
        f = [f for f in p.validate() if f.code == "aks_engine_network_policy"]
        self.assertEqual(f[0].message, "Network policy azure is not supported for azure cni dualstack "
                                       "(AKS Engine check E5)")

    def test_node_inputs_and_model_fields(self):
        # kube-apiserver: "service IP family ... must match public address family ..."
        p = dsnet.Plan(advertise_address="2001:1234:5678:9abc::4")
        self.assertIn("advertise_address_family", [f.code for f in p.validate()])
        self.assertTrue(dsnet.Plan(advertise_address="10.240.0.4", node_ip="10.240.0.4,2001:db8::4").valid)
        codes = [f.code for f in dsnet.Plan(node_ip="10.240.0.4,10.240.0.5").validate()]
        self.assertIn("node_ip_count", codes)
        # the pools' sum is the node count: 3 + 298 nodes of /24 on a /16
        p = dsnet.Plan(pools=[{"name": "master", "count": 3, "control_plane": True},
                              {"name": "agents", "count": 298}])
        self.assertEqual(p.derive()["nodes"], 301)
        self.assertIn("node_capacity_exceeded", [f.code for f in p.validate()])
        # the model's own fields reach AKS Engine's checks
        p = dsnet.Plan(profile="aks-engine", network_plugin="azure", cluster_cidr="10.240.0.0/12,fc00::/48",
                       kubernetes_version="1.20.15", load_balancer_sku="Standard", model_max_pods=4,
                       network_mode="bridge", ipv6_load_balancers=601,
                       pools=[{"name": "win", "count": 2, "os_type": "Windows"}],
                       windows_version="17763.1577.201111")
        codes = {f.code for f in p.validate()}
        self.assertLessEqual({"aks_engine_load_balancer_exclude_master", "aks_engine_max_pods",
                              "network_mode_bridge", "load_balancer_ipv6_frontends",
                              "windows_version_dual_stack"}, codes)
        p = dsnet.Plan(profile="aks-engine", network_plugin="kubenet", ipv6_only=True)
        self.assertIn("aks_engine_ipv6_only_dual_stack", [f.code for f in p.validate()])
        with self.assertRaises(Error):
            dsnet.Plan(pools=[{"name": "x", "colour": "red"}])
        with self.assertRaises(TypeError):
            dsnet.Plan(pools="master:3")

    @unittest.skipIf(_native.config_lib() is None, "no libdsnet_config (built without libyaml)")
    def test_from_config_model_fields(self):
        import os
        conf = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "configs")
        p = dsnet.Plan.from_config(os.path.join(conf, "aks-engine-custom-vnet.json"))
        codes = {f.code for f in p.validate()}
        self.assertLessEqual({"aks_engine_load_balancer_exclude_master", "aks_engine_max_pods",
                              "aks_engine_vnet_multiple", "windows_version_dual_stack"}, codes)
        self.assertEqual(p.derive()["nodes"], 7)

    @unittest.skipIf(_native.config_lib() is None, "no libdsnet_config (built without libyaml)")
    def test_audit(self):
        import os
        conf = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "configs")
        p = dsnet.Plan(cluster_cidr="10.244.0.0/16,fd00:10:244::/56")
        found = p.audit(os.path.join(conf, "nodes-defects.json"))
        self.assertEqual([f.code for f in found if f.severity == "error"].count("audit_pod_cidr_family_order"), 2)
        self.assertEqual({f.code for f in found}, {
            "audit_pod_cidr_missing", "audit_pod_cidr_family_order", "audit_pod_cidr_outside", "audit_pod_cidr_mask",
            "audit_pod_cidr_family_missing", "audit_internal_ip_family_missing", "audit_pod_cidr_duplicate",
            "audit_pod_cidr_overlap"})
        self.assertEqual(p.audit({"items": []}), [])
        with self.assertRaises(Error):
            p.audit({"kind": "List"})
        p = dsnet.Plan(cluster_cidr="10.244.0.0/16,fd00:10:244::/56", service_cidr="10.96.0.0/16,fd00:10:96::/112")
        found = dsnet.audit({"items": []}, p, services=os.path.join(conf, "services-defects.json"))
        self.assertEqual([f.code for f in found], ["audit_service_ip_outside", "audit_service_family_mismatch",
                                                   "audit_service_policy", "audit_service_ip_duplicate"])
        self.assertEqual(found[0].line, 4)
        with self.assertRaises(TypeError):
            dsnet.audit({"items": []}, "not a plan")

    @unittest.skipIf(_native.config_lib() is None, "no libdsnet_config (built without libyaml)")
    def test_aks_apimodel_bad_files(self):
        import os
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            cases = {"not.json": "{", "list.json": "[1]", "props.json": '{"properties": 5}',
                     "flags.json": '{"properties": {"featureFlags": "on"}}', "latin1.json": b"\xff{}",
                     "off.json": '{"properties": {"featureFlags": {"enableIPv6DualStack": false}}}'}
            for name, text in cases.items():
                path = os.path.join(d, name)
                with open(path, "wb") as f:
                    f.write(text if isinstance(text, bytes) else text.encode())
                with self.assertRaises(Error, msg=name) as c:
                    dsnet.Plan.from_aks_apimodel(path)
                self.assertIn(name, c.exception.message)
            with self.assertRaises(Error):
                dsnet.Plan.from_aks_apimodel(os.path.join(d, "missing.json"))
        for bad in (0, 1, None, 2.5):  # an int must not be taken for a file descriptor
            with self.assertRaises(TypeError):
                dsnet.Plan.from_aks_apimodel(bad)

    def test_flag_names(self):
        p = dsnet.Plan()
        self.assertEqual(p.flag(b"--cluster-cidr"), p.flag("--cluster-cidr"))
        self.assertIsNone(p.flag("--cluster-cidr\0x"))
        self.assertIsNone(p.flag("--no-such-flag"))
        with self.assertRaises(TypeError):
            p.flag(5)

    @unittest.skipIf(_native.config_lib() is None, "no libdsnet_config (built without libyaml)")
    def test_aks_apimodel(self):
        import json
        import os
        import tempfile
        model = {"apiVersion": "vlabs", "properties": {
            "featureFlags": {"enableIPv6DualStack": True},
            "orchestratorProfile": {"orchestratorVersion": "1.20.15", "kubernetesConfig": {
                "networkPlugin": "kubenet", "clusterSubnet": "10.244.0.0/16,fc00::/48",
                "serviceCidr": "10.0.0.0/16,fd00::/108", "dnsServiceIP": "10.0.0.10", "kubeProxyMode": "ipvs",
                "kubeletConfig": {"--max-pods": "110"},
                "controllerManagerConfig": {"--node-cidr-mask-size-ipv6": "64"}}}}}
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "kubernetes.json")
            with open(path, "w") as f:
                json.dump(model, f)
            p = dsnet.Plan.from_aks_apimodel(path)
            self.assertTrue(p.valid, p.validate())
            self.assertEqual(p.derive()["kubernetesVersion"], "1.20")
            model["properties"]["featureFlags"]["enableIPv6DualStack"] = False
            with open(path, "w") as f:
                json.dump(model, f)
            with self.assertRaises(Error):
                dsnet.Plan.from_aks_apimodel(path)


class CrashHuntTest(unittest.TestCase):
    """Random bytes, huge and negative numbers, odd text through every entry
    point: only Error or TypeError, never a crash."""

    def test_random_inputs(self):
        r = random.Random(7)
        pool = ["", "::", "10.0.0.0/8", "\x00", "é/8", "1.2.3.4\x00junk", "::ffff:1.2.3.4", "ffff" * 50,
                "/" * 300, "10.0.0.0/8,fc00::/48", "None", "IPv4", "SingleStack"]
        calls = [Address, Prefix, dsnet.parse_cidrs, dsnet.parse_ips,
                 lambda s: dsnet.parse_many([s, s]), lambda s: dsnet.Plan(cluster_cidr=s).validate(),
                 lambda s: dsnet.resolve_service("10.0.0.0/16,fd00::/108", cluster_ips=[s], ip_family_policy=s,
                                                 ip_families=[s]),
                 lambda s: dsnet.pod_cidrs(s, 0), lambda s: dsnet.CIDRSet(s, 24)]
        numbers = [0, 1, -1, 2 ** 64, 2 ** 128, -(2 ** 200), 255, 256]
        for _ in range(1500):
            if r.random() < 0.5:
                s = r.choice(pool)
            else:
                s = bytes(r.getrandbits(8) for _ in range(r.randint(0, 40))).decode("latin-1")
            for call in calls:
                try:
                    call(s)
                except (Error, TypeError):
                    pass
            n = r.choice(numbers)
            for call in [lambda: Prefix("10.0.0.0/8").subnet(n, new_prefix=n), lambda: dsnet.pod_cidr("10.0.0.0/8", n, n),
                         lambda: Prefix("::/0").address(n), lambda: Address("::") + n,
                         lambda: dsnet.pod_cidrs_range("10.0.0.0/8", n, n % 5 if n >= 0 else n),
                         lambda: dsnet.Plan(nodes=n, max_pods=n, node_cidr_mask_size=n).validate()]:
                try:
                    call()
                except (Error, TypeError, ValueError):
                    pass

    def test_every_public_callable(self):
        # every public function, constructor and method with random arguments
        # from a pool of awkward values: a result, a dsnet.Error or a
        # TypeError (IndexError from indexing), never anything else
        r = random.Random(7)
        pool = [None, 0, 1, -1, 24, 64, 2 ** 31, 2 ** 64, 2 ** 128, -(2 ** 200), 1.5, True, "", "x" * 3000,
                "10.0.0.0/8", "fc00::/48", "10.244.0.0/16,fc00::/48", "10.0.0.0/8,10.1.0.0/16", "::", "1.2.3.4",
                "é", "\x00", b"\xff", b"10.0.0.0/8", [], ["10.0.0.0/8"], [1], {}, object(),
                ipaddress.ip_network("10.0.0.0/8"), Prefix("10.0.0.0/8"), Address("::1")]
        inherited = set(dir(tuple)) | {"count", "index"}  # tuple's own methods keep tuple's ValueError
        done = 0
        for name in dsnet.__all__:
            obj = getattr(dsnet, name)
            targets = [] if isinstance(obj, type) else [obj]
            if isinstance(obj, type):
                for _ in range(40):
                    try:
                        targets.append(obj(*[r.choice(pool) for _ in range(r.randint(0, 2))]))
                    except (Error, TypeError):
                        pass
            for t in targets:
                fns = [t] if callable(t) and not isinstance(t, type) else []
                if not callable(t):
                    fns += [getattr(t, a) for a in dir(t)
                            if not a.startswith("_") and a not in inherited and callable(getattr(t, a, None))]
                for f in fns:
                    for _ in range(25):
                        args = [r.choice(pool) for _ in range(r.randint(0, 3))]
                        try:
                            out = f(*args)
                            if hasattr(out, "__iter__") and not isinstance(out, (str, bytes, dict)):
                                list(itertools.islice(out, 3))
                            repr(out)
                        except (Error, TypeError, IndexError):
                            pass
                        done += 1
        self.assertGreater(done, 2000)


if __name__ == "__main__":
    unittest.main()
