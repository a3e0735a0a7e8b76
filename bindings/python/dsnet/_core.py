"""dsnet's value types: addresses, prefixes, the subnet math on them, and
Kubernetes' dual-stack lists (re-exported by the ``dsnet`` package)."""
import array
import ctypes as _C
import gc as _gc
import ipaddress as _ip
from itertools import accumulate as _accumulate, chain as _chain, compress as _compress, repeat as _repeat
from operator import lshift as _lshift, or_ as _or
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _native as _n

_lib = _n.lib
_MASK64 = (1 << 64) - 1


def _without_gc(build, *args):
    """``build(*args)`` with the cyclic GC paused. Building many thousand
    tracked objects at once (tuples, Prefix objects) otherwise wakes the
    collector again and again over all of them so far, which costs more
    than building them; nothing built here makes a reference cycle."""
    if not _gc.isenabled():
        return build(*args)
    _gc.disable()
    try:
        return build(*args)
    finally:
        _gc.enable()


def library_version() -> str:
    """Version of the C library in use."""
    return _n.VERSION


class Error(ValueError):
    """A refused input: ``code`` (the status name, e.g. ``"v4_leading_zero"``),
    ``offset`` (byte offset of the offending byte in the UTF-8 input, for
    parse errors) and ``message`` (names the offending value)."""

    def __init__(self, code: str, offset: int, message: str):
        super().__init__(message)
        self.code = code
        self.offset = offset
        self.message = message

    def __repr__(self) -> str:
        return f"dsnet.Error({self.code!r}, {self.offset}, {self.message!r})"


def _raise(err: "_n.Error") -> None:
    raise Error(_lib.dsnet_status_name(err.code).decode(), err.offset,
                err.message.decode("utf-8", "replace"))


def _text(value, what: str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    raise TypeError(f"{what} must be str, not {type(value).__name__}")


def _index(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be int, not {type(value).__name__}")
    return value


def _u128(v: int, what: str = "index") -> "_n.U128":
    v = _index(v, what)
    if v < 0 or v >> 128:
        raise Error("range", 0, f"{what} {v} is outside 0..2^128-1")
    return _n.U128(v >> 64, v & _MASK64)


def _caddr(a: "Address") -> "_n.Addr":
    return _n.Addr(a[1] >> 64, a[1] & _MASK64, a[0])


def _cprefix(p: "Prefix") -> "_n.Prefix":
    return _n.Prefix(_n.Addr(p[1] >> 64, p[1] & _MASK64, p[0]), p[2])


def _addr(c: "_n.Addr") -> "Address":
    return tuple.__new__(Address, (c.family, (c.hi << 64) | c.lo))


def _prefix(c: "_n.Prefix") -> "Prefix":
    return tuple.__new__(Prefix, (c.addr.family, (c.addr.hi << 64) | c.addr.lo, c.len))


def _bits(family: int) -> int:
    return 32 if family == 4 else 128


_CLASS_BITS = {"is_unspecified": 1, "is_loopback": 2, "is_private": 4, "is_shared": 8, "is_link_local": 16,
               "is_ula": 32, "is_multicast": 64, "is_documentation": 128, "is_ipv4_mapped": 256}


class _Value(tuple):
    """What Address and Prefix share: equal only to values of their own
    class (or its ipaddress counterparts, _IP), hashed and ordered as
    tuples, pickled as their text."""

    __slots__ = ()
    _IP: tuple = ()

    def __eq__(self, other):
        cls = type(self)
        if isinstance(other, cls._IP):
            other = cls(other)
        return tuple.__eq__(self, other) if isinstance(other, cls) else NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    __hash__ = tuple.__hash__

    def __reduce__(self):
        return (type(self), (str(self),))


class Address(_Value):
    """An IPv4 or IPv6 address: immutable, hashable, ordered (IPv4 first).

    ``Address("2001:DB8::1")``, ``Address(ipaddress.ip_address(...))``.
    Strict parsing unless ``sloppy=True`` (Kubernetes' legacy grammar).
    IPv4-mapped IPv6 addresses stay IPv6 (``unmap()`` gives the IPv4)."""

    __slots__ = ()
    _IP = (_ip.IPv4Address, _ip.IPv6Address)

    def __new__(cls, value: Union[str, bytes, "Address", _ip.IPv4Address, _ip.IPv6Address], *, sloppy: bool = False):
        if isinstance(value, Address):
            return value
        if isinstance(value, (_ip.IPv4Address, _ip.IPv6Address)):
            return tuple.__new__(cls, (value.version, int(value)))
        b = _text(value, "address")
        c = _n.Addr()
        if _lib.dsnet_addr_parse(b, len(b), 1 if sloppy else 0, _C.byref(c), None):
            err = _n.Error()
            _lib.dsnet_addr_parse(b, len(b), 1 if sloppy else 0, _C.byref(c), _C.byref(err))
            _raise(err)
        return tuple.__new__(cls, (c.family, (c.hi << 64) | c.lo))

    family = property(lambda self: self[0], doc="4 or 6")
    version = property(lambda self: self[0], doc="4 or 6 (ipaddress' name)")
    max_prefixlen = property(lambda self: _bits(self[0]))

    def __int__(self) -> int:
        return self[1]

    def __str__(self) -> str:
        buf = _C.create_string_buffer(_n.ADDR_STRLEN)
        n = _lib.dsnet_addr_format(_C.byref(_caddr(self)), buf, _n.ADDR_STRLEN)
        return buf.raw[:n].decode()

    def __repr__(self) -> str:
        return f"Address({str(self)!r})"

    @property
    def exploded(self) -> str:
        buf = _C.create_string_buffer(_n.ADDR_STRLEN)
        n = _lib.dsnet_addr_format_full(_C.byref(_caddr(self)), buf, _n.ADDR_STRLEN)
        return buf.raw[:n].decode()

    compressed = property(__str__)

    @property
    def packed(self) -> bytes:
        return self[1].to_bytes(4 if self[0] == 4 else 16, "big")

    def __getattr__(self, name):
        bit = _CLASS_BITS.get(name)
        if bit is None:
            raise AttributeError(name)
        return bool(_lib.dsnet_addr_classify(_C.byref(_caddr(self))) & bit)

    def unmap(self) -> "Address":
        """The IPv4 address inside an IPv4-mapped IPv6 address, else itself."""
        if self[0] == 6 and self[1] >> 32 == 0xFFFF:
            return tuple.__new__(Address, (4, self[1] & 0xFFFFFFFF))
        return self

    def _offset(self, other, fn):
        out, err = _n.Addr(), _n.Error()
        if fn(_C.byref(_caddr(self)), _C.byref(_u128(other, "offset")), _C.byref(out), _C.byref(err)):
            _raise(err)
        return _addr(out)

    def __add__(self, other: int) -> "Address":
        if isinstance(other, int) and other < 0:
            return self - (-other)
        return self._offset(other, _lib.dsnet_addr_add)

    def __sub__(self, other: int) -> "Address":
        if isinstance(other, int) and other < 0:
            return self + (-other)
        return self._offset(other, _lib.dsnet_addr_sub)

    def to_ipaddress(self) -> Union[_ip.IPv4Address, _ip.IPv6Address]:
        return _ip.IPv4Address(self[1]) if self[0] == 4 else _ip.IPv6Address(self[1])



_SUBNET_CHUNK = 4096


class Prefix(_Value):
    """A CIDR prefix: immutable, hashable, ordered (family, address, length).

    ``Prefix("10.244.0.0/16")``; ``strict=False`` masks host bits (as
    ``ipaddress.ip_network(..., strict=False)``); ``sloppy=True`` reads
    Kubernetes' legacy grammar. Also from ``ipaddress`` networks."""

    __slots__ = ()
    _IP = (_ip.IPv4Network, _ip.IPv6Network)

    def __new__(cls, value: Union[str, bytes, "Prefix", _ip.IPv4Network, _ip.IPv6Network], strict: bool = True,
                *, sloppy: bool = False):
        if isinstance(value, Prefix):
            return value
        if isinstance(value, (_ip.IPv4Network, _ip.IPv6Network)):
            return tuple.__new__(cls, (value.version, int(value.network_address), value.prefixlen))
        b = _text(value, "prefix")
        flags = (0 if strict else _n.PARSE_MASK_HOST) | (_n.PARSE_SLOPPY if sloppy else 0)
        c = _n.Prefix()
        if _lib.dsnet_prefix_parse(b, len(b), flags, _C.byref(c), None):
            err = _n.Error()
            _lib.dsnet_prefix_parse(b, len(b), flags, _C.byref(c), _C.byref(err))
            _raise(err)
        return tuple.__new__(cls, (c.addr.family, (c.addr.hi << 64) | c.addr.lo, c.len))

    family = property(lambda self: self[0], doc="4 or 6")
    version = property(lambda self: self[0], doc="4 or 6 (ipaddress' name)")
    prefixlen = property(lambda self: self[2])
    max_prefixlen = property(lambda self: _bits(self[0]))
    network_address = property(lambda self: tuple.__new__(Address, (self[0], self[1])))

    @property
    def broadcast_address(self) -> Address:
        """The last address (ipaddress' name; IPv6 has no broadcast)."""
        return tuple.__new__(Address, (self[0], self[1] | ((1 << (_bits(self[0]) - self[2])) - 1)))

    last_address = broadcast_address

    @property
    def num_addresses(self) -> int:
        return 1 << (_bits(self[0]) - self[2])

    @property
    def netmask(self) -> Address:
        b = _bits(self[0])
        return tuple.__new__(Address, (self[0], ((1 << b) - 1) ^ ((1 << (b - self[2])) - 1)))

    @property
    def hostmask(self) -> Address:
        return tuple.__new__(Address, (self[0], (1 << (_bits(self[0]) - self[2])) - 1))

    def __str__(self) -> str:
        buf = _C.create_string_buffer(_n.PREFIX_STRLEN)
        n = _lib.dsnet_prefix_format(_C.byref(_cprefix(self)), buf, _n.PREFIX_STRLEN)
        return buf.raw[:n].decode()

    with_prefixlen = property(__str__)
    compressed = property(__str__)

    def __repr__(self) -> str:
        return f"Prefix({str(self)!r})"

    def __contains__(self, item) -> bool:
        if isinstance(item, (str, _ip.IPv4Address, _ip.IPv6Address)):
            item = Address(item) if not (isinstance(item, str) and "/" in item) else Prefix(item)
        if isinstance(item, (_ip.IPv4Network, _ip.IPv6Network)):
            item = Prefix(item)
        if isinstance(item, Prefix):
            return self.supernet_of(item)
        if isinstance(item, Address):
            host = _bits(self[0]) - self[2]
            return item[0] == self[0] and (item[1] >> host) == (self[1] >> host)
        raise TypeError(f"'in <Prefix>' needs an Address or Prefix, not {type(item).__name__}")

    def subnet_of(self, other) -> bool:
        other = Prefix(other)
        host = _bits(other[0]) - other[2]
        return self[0] == other[0] and self[2] >= other[2] and (self[1] >> host) == (other[1] >> host)

    def supernet_of(self, other) -> bool:
        return Prefix(other).subnet_of(self)

    def overlaps(self, other) -> bool:
        other = Prefix(other)
        return self.subnet_of(other) or other.subnet_of(self)

    def _newlen(self, prefixlen_diff: int, new_prefix: Optional[int], sign: int) -> int:
        if new_prefix is not None:
            if prefixlen_diff != 1:
                raise Error("inval", 0, "cannot set prefixlen_diff and new_prefix")  # (ipaddress' words)
            return _index(new_prefix, "new_prefix")
        return self[2] + sign * _index(prefixlen_diff, "prefixlen_diff")

    def subnets(self, prefixlen_diff: int = 1, new_prefix: Optional[int] = None) -> Iterator["Prefix"]:
        """The subnets of length ``new_prefix`` (or ``prefixlen + prefixlen_diff``), lazily, in order."""
        newlen = self._newlen(prefixlen_diff, new_prefix, 1)
        first = self.subnet(0, new_prefix=newlen)  # checks newlen
        return self._iter_subnets(first[1], newlen)

    def _iter_subnets(self, start: int, newlen: int) -> Iterator["Prefix"]:
        step = 1 << (_bits(self[0]) - newlen)
        end = self[1] + self.num_addresses
        fam, new = self[0], tuple.__new__
        for v in range(start, end, step):
            yield new(Prefix, (fam, v, newlen))

    def subnet(self, index: int, new_prefix: Optional[int] = None, prefixlen_diff: int = 1) -> "Prefix":
        """The subnet at ``index`` (exact up to 2^128-1)."""
        newlen = self._newlen(prefixlen_diff, new_prefix, 1)
        if not 0 <= newlen <= 255:
            raise Error("newlen", 0, f"cannot split {self} into /{newlen} subnets")
        out, err = _n.Prefix(), _n.Error()
        if _lib.dsnet_subnet_nth(_C.byref(_cprefix(self)), newlen, _C.byref(_u128(index)), _C.byref(out),
                                 _C.byref(err)):
            _raise(err)
        return _prefix(out)

    def index_of(self, subnet) -> int:
        """Index of ``subnet`` among the subnets of its length."""
        out, err = _n.U128(), _n.Error()
        if _lib.dsnet_subnet_index(_C.byref(_cprefix(self)), _C.byref(_cprefix(Prefix(subnet))), _C.byref(out),
                                   _C.byref(err)):
            _raise(err)
        return (out.hi << 64) | out.lo

    def supernet(self, prefixlen_diff: int = 1, new_prefix: Optional[int] = None) -> "Prefix":
        newlen = self._newlen(prefixlen_diff, new_prefix, -1)
        if not 0 <= newlen <= 255:
            raise Error("newlen", 0, f"/{newlen} is not a supernet of {self}")
        out, err = _n.Prefix(), _n.Error()
        if _lib.dsnet_subnet_supernet(_C.byref(_cprefix(self)), newlen, _C.byref(out), _C.byref(err)):
            _raise(err)
        return _prefix(out)

    def address(self, index: int) -> Address:
        """The address at ``index`` (0 is the network address)."""
        out, err = _n.Addr(), _n.Error()
        if _lib.dsnet_prefix_nth(_C.byref(_cprefix(self)), _C.byref(_u128(index)), _C.byref(out), _C.byref(err)):
            _raise(err)
        return _addr(out)

    def exclude(self, other) -> List["Prefix"]:
        """The prefixes covering ``self`` minus ``other``, in order."""
        return exclude(self, other)

    def to_ipaddress(self) -> Union[_ip.IPv4Network, _ip.IPv6Network]:
        cls = _ip.IPv4Network if self[0] == 4 else _ip.IPv6Network
        return cls((self[1], self[2]))



def summarize_range(first, last) -> List[Prefix]:
    """The minimal prefixes covering ``first``..``last`` (inclusive)."""
    a, b = _caddr(Address(first)), _caddr(Address(last))
    out, n, err = (_n.Prefix * 256)(), _C.c_size_t(), _n.Error()
    if _lib.dsnet_subnet_summarize(_C.byref(a), _C.byref(b), out, 256, _C.byref(n), _C.byref(err)):
        _raise(err)
    return [_prefix(out[i]) for i in range(n.value)]


def exclude(prefix, other) -> List[Prefix]:
    """``prefix`` minus ``other``: the minimal prefixes, in order."""
    out, n, err = (_n.Prefix * 256)(), _C.c_size_t(), _n.Error()
    if _lib.dsnet_subnet_exclude(_C.byref(_cprefix(Prefix(prefix))), _C.byref(_cprefix(Prefix(other))), out, 256,
                                 _C.byref(n), _C.byref(err)):
        _raise(err)
    return [_prefix(out[i]) for i in range(n.value)]


def collapse(prefixes: Iterable) -> List[Prefix]:
    """Sort, drop contained prefixes and merge siblings: the minimal list (IPv4 first)."""
    items = [Prefix(p) for p in prefixes]
    arr = (_n.Prefix * max(1, len(items)))(*[_cprefix(p) for p in items])
    n, err = _C.c_size_t(), _n.Error()
    if _lib.dsnet_subnet_collapse(arr, len(items), _C.byref(n), _C.byref(err)):
        _raise(err)
    return [_prefix(arr[i]) for i in range(n.value)]


def _same(a, b) -> bool:
    """a == b, where two Errors are the same when their code, offset and
    message are (an Error is made anew on each access)."""
    if isinstance(a, Error) and isinstance(b, Error):
        return (a.code, a.offset, a.message) == (b.code, b.offset, b.message)
    return a == b


class _Lazy(Sequence):
    """A sequence whose items are made on access by ``_item(i)`` (bulk
    results): indexes and slices as a list's; equal to any list, tuple or
    lazy sequence of the same items."""

    __slots__ = ()

    def _item(self, i: int):
        raise NotImplementedError

    def __getitem__(self, i):
        n = len(self)
        if isinstance(i, slice):
            return [self._item(j) for j in range(*i.indices(n))]
        i = _index(i, "index")
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"{type(self).__name__} index {i} out of range (length {n})")
        return self._item(i)

    def __eq__(self, other):
        if other is self:
            return True
        if isinstance(other, (_Lazy, list, tuple)):
            return len(self) == len(other) and all(map(_same, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class ParseResults(_Lazy):
    """What :func:`parse_many` returns: a Prefix, an Address or an Error
    (not raised) per item, in input order. Every item was parsed and
    checked in C when it was made; the Python objects are made on access
    (``list(r)`` makes them all, in C-level loops). ``errors()`` lists the
    failures alone. Compares equal to a list of the same objects (Errors
    by code, offset and message)."""

    __slots__ = ("_items", "_raw", "_n", "_sloppy", "_mask")

    def __init__(self, items, raw, sloppy, mask):
        self._items, self._raw, self._n, self._sloppy, self._mask = items, raw, len(items), sloppy, mask

    def __len__(self) -> int:
        return self._n

    def _columns(self, lo: int, hi: int):
        """Items lo..hi-1 as columns: families, lengths and kinds (bytes),
        statuses, and the 128-bit values (an iterator of ints)."""
        size, item = _C.sizeof(_n.ParseItem), _n.ParseItem
        view = memoryview(self._raw).cast("B")[lo * size:hi * size]
        at, q, words = item.value.offset, view.cast("Q"), size // 8  # hi and lo are its first two words
        fams = view[at + _n.Prefix.addr.offset + _n.Addr.family.offset::size].tobytes()
        lens = view[at + _n.Prefix.len.offset::size].tobytes()
        kinds = view[item.is_prefix.offset::size].tobytes()
        stats = view.cast("I")[item.status.offset // 4::size // 4]
        vals = map(_or, map(_lshift, q[0::words].tolist(), _repeat(64)), q[1::words].tolist())
        return fams, lens, kinds, stats, vals

    def _error(self, i: int, kind: int) -> Error:
        # rare: parse the item again alone, for the full error record
        try:
            (Prefix(self._items[i], strict=not self._mask, sloppy=self._sloppy) if kind
             else Address(self._items[i], sloppy=self._sloppy))
        except Error as e:
            return e
        raise AssertionError(f"item {i} failed in parse_many but not alone")  # pragma: no cover

    def _block(self, lo: int) -> list:
        hi = min(self._n, lo + _BLOCK)
        fams, lens, kinds, stats, vals = self._columns(lo, hi)
        out = _without_gc(_build_parsed, hi - lo, fams, vals, lens, kinds)
        for j in _compress(range(hi - lo), stats):
            out[j] = self._error(lo + j, kinds[j])
        return out

    def __iter__(self) -> Iterator[Union[Prefix, Address, Error]]:
        return _chain.from_iterable(map(self._block, range(0, self._n, _BLOCK)))

    def _item(self, i: int) -> Union[Prefix, Address, Error]:
        fams, lens, kinds, stats, vals = self._columns(i, i + 1)
        if stats[0]:
            return self._error(i, kinds[0])
        return tuple.__new__(Prefix, (fams[0], next(vals), lens[0])) if kinds[0] else \
            tuple.__new__(Address, (fams[0], next(vals)))

    def errors(self) -> List[Tuple[int, Error]]:
        """The items that failed, as (index, Error) pairs."""
        _, _, kinds, stats, _ = self._columns(0, self._n)
        return [(i, self._error(i, kinds[i])) for i in _compress(range(self._n), stats)]

    def __repr__(self) -> str:
        return f"<ParseResults of {self._n} items>"


_BLOCK = 4096  # items per block when a bulk result is iterated


def parse_many(items: Sequence[Union[str, bytes]], *, sloppy: bool = False, mask: bool = False) -> ParseResults:
    """Parse many addresses and prefixes (those with '/') in one C call: a
    Prefix, an Address or an Error (not raised) per item, as a
    :class:`ParseResults` sequence (objects made on access)."""
    items = list(items)
    n = len(items)
    size_t_code = "Q" if _C.sizeof(_C.c_size_t) == 8 else "L"
    buf = None
    if {*map(type, items)} == {str}:
        joined = "".join(items)
        b = joined.encode("utf-8", "surrogatepass")
        if len(b) == len(joined):  # ASCII: character lengths are byte lengths
            buf = b
            ends = array.array(size_t_code, _accumulate(map(len, items)))
    if buf is None:
        encoded = [_text(s, "item") for s in items]
        buf = b"".join(encoded)
        ends = array.array(size_t_code, _accumulate(map(len, encoded)))
    raw = bytearray(n * _C.sizeof(_n.ParseItem))  # zeroed by calloc, not copied
    flags = (_n.PARSE_SLOPPY if sloppy else 0) | (_n.PARSE_MASK_HOST if mask else 0)
    if n:
        _lib.dsnet_prefix_parse_many(buf, (_C.c_size_t * n).from_buffer(ends), n, flags,
                                     (_n.ParseItem * n).from_buffer(raw), None)
    return ParseResults(items, raw, sloppy, mask)


def _build_parsed(n, fams, vals, lens, kinds):
    new = tuple.__new__
    if kinds.count(1) == n:
        return list(map(new, _repeat(Prefix), zip(fams, vals, lens)))
    if kinds.count(0) == n:
        return list(map(new, _repeat(Address), zip(fams, vals)))
    return [new(Prefix, (f, v, ln)) if k else new(Address, (f, v)) for f, v, ln, k in zip(fams, vals, lens, kinds)]


class DualStack(tuple):
    """One or two entries of different families, in the order given; the
    first one's family is the primary family.

    ``DualStack("10.244.0.0/16,fc00::/48")`` reads CIDRs as
    :func:`parse_cidrs` does, ``DualStack("10.0.0.10,fd00::10")`` IPs as
    :func:`parse_ips`; a sequence of prefixes or of addresses works too."""

    __slots__ = ()

    def __new__(cls, entries: Union[str, bytes, Iterable] = ()):
        if isinstance(entries, DualStack):
            return entries
        if isinstance(entries, (str, bytes, bytearray)):
            slash = "/" if isinstance(entries, str) else b"/"
            return parse_cidrs(entries) if slash in entries else parse_ips(entries)
        if not isinstance(entries, Iterable):
            raise TypeError(f"DualStack needs a str or a sequence, not {type(entries).__name__}")
        items = list(entries)
        prefixes = all(isinstance(e, (Prefix, _ip.IPv4Network, _ip.IPv6Network)) or
                       (isinstance(e, str) and "/" in e) for e in items)
        return parse_cidrs(items) if prefixes and items else parse_ips(items)
    primary_family = property(lambda self: self[0][0])
    ipv4 = property(lambda self: next((e for e in self if e[0] == 4), None))
    ipv6 = property(lambda self: next((e for e in self if e[0] == 6), None))
    is_dual_stack = property(lambda self: len(self) == 2)

    def __str__(self) -> str:
        return ",".join(str(e) for e in self)

    def __repr__(self) -> str:
        return f"DualStack({str(self)!r})"


def _list_flags(require_dual, sloppy, mask, trim):
    return ((_n.DUALSTACK_REQUIRE_DUAL if require_dual else 0) | (_n.PARSE_SLOPPY if sloppy else 0)
            | (_n.PARSE_MASK_HOST if mask else 0) | (_n.DUALSTACK_TRIM if trim else 0))


def parse_cidrs(text, *, require_dual: bool = False, sloppy: bool = False, mask: bool = False,
                trim: bool = False) -> DualStack:
    """A comma-separated list of one or two CIDRs as Kubernetes flags carry
    them (``"10.244.0.0/16,fc00::/48"``): entries not trimmed, one per family,
    IPv4-mapped entries refused. Also accepts a sequence of prefixes."""
    if isinstance(text, DualStack):
        return text
    if not isinstance(text, (str, bytes, bytearray)):
        if isinstance(text, Iterable):
            text = ",".join(str(Prefix(p)) for p in text)
        else:
            raise TypeError(f"CIDR list must be str or a sequence, not {type(text).__name__}")
    b = _text(text, "CIDR list")
    c, err = _n.Cidrs(), _n.Error()
    if _lib.dsnet_dualstack_parse_cidrs(b, len(b), _list_flags(require_dual, sloppy, mask, trim), _C.byref(c),
                                        _C.byref(err)):
        _raise(err)
    return tuple.__new__(DualStack, tuple(_prefix(c.cidr[i]) for i in range(c.count)))


def parse_ips(text, *, require_dual: bool = False, sloppy: bool = False, trim: bool = False) -> DualStack:
    """A comma-separated list of one or two IPs (``--node-ip``, ``clusterIPs``)."""
    if isinstance(text, DualStack):
        return text
    if not isinstance(text, (str, bytes, bytearray)):
        if isinstance(text, Iterable):
            text = ",".join(str(Address(a)) for a in text)
        else:
            raise TypeError(f"IP list must be str or a sequence, not {type(text).__name__}")
    b = _text(text, "IP list")
    c, err = _n.Ips(), _n.Error()
    if _lib.dsnet_dualstack_parse_ips(b, len(b), _list_flags(require_dual, sloppy, False, trim), _C.byref(c),
                                      _C.byref(err)):
        _raise(err)
    return tuple.__new__(DualStack, tuple(_addr(c.ip[i]) for i in range(c.count)))


# ---- node IPAM --------------------------------------------------------------------
