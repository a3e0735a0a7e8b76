#!/usr/bin/env python3
"""Generate the constant tables of src/addrtext.c (the address text hot paths).

The tables are derived here from their definitions, not from dsnet:
  * dec3[v]: decimal text of v (0..255) followed by '.', in 4 bytes; the
    bytes past the '.' are 0. Checked against str(v).
  * hex2[b]: the two lowercase hex digits of the byte b, first digit in the
    low byte (little-endian text order).
  * zrun[m]: for an 8-bit mask m of zero groups (bit i = group i is 0), the
    longest run of two or more set bits, first one on a tie (RFC 5952
    section 4.2.3), as start << 4 | length; 0 when there is none.
  * v4 patterns: the 81 ways of writing a dotted quad with 1-3 digit parts.
    For each, key = the bits of the three dots and of the end of the text,
    and a byte shuffle that right-aligns the digits of part k into bytes
    4k..4k+2 of a 16-byte vector (0x80 = zero the byte). A pattern is found
    from its key with the perfect hash (key * 6639 >> 13) & 255, which is
    checked here to have no collision among the 81 keys.

Usage: gen_addrtext_tables.py            print the C text
       gen_addrtext_tables.py --check F  exit 1 unless F holds that text
"""
import itertools
import sys

BEGIN = "/* BEGIN GENERATED TABLES (tests/gen/gen_addrtext_tables.py) */"
END = "/* END GENERATED TABLES */"


def dec3():
    rows = []
    for v in range(256):
        t = (str(v) + ".").encode().ljust(4, b"\0")
        assert len(t) == 4 and int(t.split(b".")[0]) == v
        rows.append('"' + "".join("\\%o" % b if b == 0 else chr(b) for b in t) + '"')
    return rows


def zrun():
    out = []
    for m in range(256):
        best, blen, i = 0, 1, 0
        while i < 8:
            if not (m >> i) & 1:
                i += 1
                continue
            j = i
            while j < 8 and (m >> j) & 1:
                j += 1
            if j - i > blen:
                best, blen = i, j - i
            i = j
        out.append(best << 4 | blen if blen >= 2 else 0)
    return out


def v4_patterns():
    pats = []
    for lens in itertools.product([1, 2, 3], repeat=4):
        key, pos, shuf = 0, 0, [0x80] * 16
        for k, n in enumerate(lens):
            for j in range(n):
                shuf[4 * k + 3 - n + j] = pos + j
            pos += n
            key |= 1 << pos
            pos += 1
        pats.append((key, shuf))
    slots = {}
    for i, (key, _) in enumerate(pats):
        h = (key * 6639 >> 13) & 255
        assert h not in slots, "hash collision"
        slots[h] = i + 1  # 0 = empty slot
    return pats, [slots.get(h, 0) for h in range(256)]


def wrap(items, per):
    return "\n".join("    " + ", ".join(items[i:i + per]) + "," for i in range(0, len(items), per))


def text():
    pats, slots = v4_patterns()
    out = [BEGIN, "/* clang-format off */"]
    out.append("static const char dec3[256][4] = {\n" + wrap(dec3(), 12) + "\n};")
    out.append("static const uint16_t hex2[256] = {\n" +
               wrap(["0x%04x" % (ord(("%02x" % b)[0]) | ord(("%02x" % b)[1]) << 8) for b in range(256)], 12) + "\n};")
    out.append("static const uint8_t zrun[256] = {\n" +
               wrap(["0x%02x" % v for v in zrun()], 16) + "\n};")
    out.append("static const uint8_t v4_slot[256] = {\n" +
               wrap([str(v) for v in slots], 24) + "\n};")
    rows = ["    {0xffff, {0}},"]
    for key, shuf in pats:
        rows.append("    {0x%04x, {%s}}," % (key, ", ".join("0x%02x" % b for b in shuf)))
    out.append("static const v4_pattern v4_patterns[82] = {\n" + "\n".join(rows) + "\n};")
    out.append("/* clang-format on */")
    out.append(END)
    return "\n".join(out) + "\n"


def main():
    t = text()
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        src = open(sys.argv[2]).read()
        a, b = src.find(BEGIN), src.find(END)
        if a < 0 or b < 0 or src[a:b + len(END) + 1] != t:
            print("%s: generated tables are stale; rerun %s" % (sys.argv[2], sys.argv[0]))
            return 1
        return 0
    sys.stdout.write(t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
