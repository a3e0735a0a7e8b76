"""dsnet's Kubernetes layer: node IPAM (podCIDRs, the CIDR allocator) and
Service IP family rules (re-exported by the ``dsnet`` package; the cluster
plans are in _plan)."""
import ctypes as _C
from itertools import chain as _chain, repeat as _repeat
from typing import List, Optional, Sequence, Tuple

from . import _native as _n
from ._core import (DualStack, Error, Prefix, _addr, _bits, _cprefix, _index, _lib, _prefix, _BLOCK, _Lazy,
                    _raise, _text, _without_gc, parse_cidrs)


def _cidrs(cluster_cidrs) -> "_n.Cidrs":
    ds = parse_cidrs(cluster_cidrs)
    c = _n.Cidrs()
    for i, p in enumerate(ds):
        c.cidr[i] = _cprefix(p)
    c.count = len(ds)
    return c


def _k8s_rules(minor: int, feature_gates) -> "_n.K8sRules":
    """The rule set of a release with a ``--feature-gates`` value (None: the defaults)."""
    f, err, rules = _n.K8sFeatures(), _n.Error(), _n.K8sRules()
    if feature_gates is not None:
        b = _text(feature_gates, "feature_gates")
        if _lib.dsnet_k8s_features_parse(b, len(b), minor, _C.byref(f), _C.byref(err)):
            _raise(err)
    _lib.dsnet_k8s_rules_with(minor, _C.byref(f), _C.byref(rules))
    return rules


def _k8s_minor(kubernetes_version) -> int:
    """The minor number of a Kubernetes version ("1.29", "v1.20.15"); 0 for None (the newest)."""
    if kubernetes_version is None:
        return 0
    b = str(kubernetes_version).encode("utf-8", "surrogatepass")
    minor = _C.c_uint()
    if not _lib.dsnet_k8s_version_parse(b, len(b), _C.byref(minor), None):
        raise Error("inval", 0, f"'{kubernetes_version}' is not a Kubernetes version like 1.29 or v1.20.15")
    return minor.value


def _rules(kubernetes_version) -> int:
    """kube-controller-manager's mask-flag rules of a version (the library's k8s gates)."""
    return _lib.dsnet_nodeipam_rules_of(_k8s_minor(kubernetes_version))


def _mask_value(v, what) -> int:
    v = _index(v, what)
    if not 0 <= v <= 255:
        raise Error("node_mask_range", 0, f"{what} {v} is not a mask size")
    return v


def resolve_node_masks(cluster_cidrs, mask_size: int = 0, mask_size_ipv4: int = 0, mask_size_ipv6: int = 0,
                       kubernetes_version: Optional[str] = None) -> Tuple[int, ...]:
    """The node mask of each cluster CIDR (in its order), resolved from the
    kube-controller-manager flags as it resolves them (0 = unset)."""
    c = _cidrs(cluster_cidrs)
    flags = _n.NodeMaskFlags(_mask_value(mask_size, "mask_size"), _mask_value(mask_size_ipv4, "mask_size_ipv4"),
                             _mask_value(mask_size_ipv6, "mask_size_ipv6"))
    out, err = _n.NodeMasks(), _n.Error()
    if _lib.dsnet_nodeipam_resolve_masks(_C.byref(c), _C.byref(flags), _rules(kubernetes_version), _C.byref(out),
                                         _C.byref(err)):
        _raise(err)
    return tuple(out.mask[i] for i in range(out.count))


def validate_node_mask(cluster, mask: int) -> None:
    """Raise Error when ``mask`` cannot split ``cluster`` (shorter than its
    prefix, past the family, IPv6 more than 16 bits longer)."""
    err = _n.Error()
    if _lib.dsnet_nodeipam_validate_mask(_C.byref(_cprefix(Prefix(cluster))), _mask_value(mask, "mask"),
                                         _C.byref(err)):
        _raise(err)


def node_capacity(cluster, mask: int) -> int:
    """Number of node CIDRs: 2^(mask - prefix)."""
    out, err = _C.c_uint64(), _n.Error()
    if _lib.dsnet_nodeipam_capacity(_C.byref(_cprefix(Prefix(cluster))), _mask_value(mask, "mask"),
                                    _C.byref(out), _C.byref(err)):
        _raise(err)
    return out.value


def _node_index(index) -> int:
    index = _index(index, "index")
    if not 0 <= index < 1 << 64:
        raise Error("range", 0, f"node index {index} is out of range")
    return index


def pod_cidr(cluster, mask: int, index: int) -> Prefix:
    """The podCIDR of node ``index`` in one cluster CIDR."""
    out, err = _n.Prefix(), _n.Error()
    if _lib.dsnet_nodeipam_pod_cidr(_C.byref(_cprefix(Prefix(cluster))), _mask_value(mask, "mask"),
                                    _node_index(index), _C.byref(out), _C.byref(err)):
        _raise(err)
    return _prefix(out)


def pod_cidr_index(cluster, mask: int, cidr) -> int:
    """The node index of a podCIDR."""
    out, err = _C.c_uint64(), _n.Error()
    if _lib.dsnet_nodeipam_pod_cidr_index(_C.byref(_cprefix(Prefix(cluster))), _mask_value(mask, "mask"),
                                          _C.byref(_cprefix(Prefix(cidr))), _C.byref(out), _C.byref(err)):
        _raise(err)
    return out.value


def _masks_for(ds: DualStack, mask_ipv4: int, mask_ipv6: int) -> "_n.NodeMasks":
    m = _n.NodeMasks()
    for i, p in enumerate(ds):
        m.mask[i] = _mask_value(mask_ipv4 if p[0] == 4 else mask_ipv6, "mask")
    m.count = len(ds)
    return m


def pod_cidrs(cluster_cidrs, index: int, mask_ipv4: int = 24, mask_ipv6: int = 64) -> Tuple[Prefix, ...]:
    """The podCIDRs of node ``index`` in every cluster CIDR, in cluster-CIDR order."""
    ds = parse_cidrs(cluster_cidrs)
    c, m = _cidrs(ds), _masks_for(ds, mask_ipv4, mask_ipv6)
    out, err = (_n.Prefix * 2)(), _n.Error()
    if _lib.dsnet_nodeipam_pod_cidrs(_C.byref(c), _C.byref(m), _node_index(index), out, _C.byref(err)):
        _raise(err)
    return tuple(_prefix(out[i]) for i in range(len(ds)))


class PodCIDRRange(_Lazy):
    """The podCIDRs of nodes ``start`` .. ``start + count - 1``: a lazy,
    indexable sequence of tuples (cluster-CIDR order). The whole range is
    validated once, in C, when it is made; each item is computed on access
    (``list(r)`` materialises it; ``r.texts()`` formats all in one C call)."""

    __slots__ = ("_fams", "_bases", "_shifts", "_masks", "start", "_count", "_c", "_m")

    def __init__(self, ds, masks, start, count, c, m):
        self._fams = [p[0] for p in ds]
        self._bases = [p[1] for p in ds]
        self._masks = list(masks)
        self._shifts = [_bits(p[0]) - k for p, k in zip(ds, masks)]
        self.start, self._count, self._c, self._m = start, count, c, m

    def __len__(self) -> int:
        return self._count

    def _item(self, i: int) -> Tuple[Prefix, ...]:
        n = self.start + i
        new = tuple.__new__
        return tuple(new(Prefix, (f, b | (n << s), k))
                     for f, b, s, k in zip(self._fams, self._bases, self._shifts, self._masks))

    def __iter__(self):
        # Blocks of nodes, each built by C-level maps (no Python code runs
        # per item) with the cyclic GC paused (see _without_gc): list(r) of
        # 100 000 nodes took 3.5 times as long with the collector running.
        lo, hi = self.start, self.start + self._count
        return _chain.from_iterable(map(self._block, range(lo, hi, _BLOCK), _repeat(hi)))

    def _block(self, lo: int, hi: int) -> list:
        hi, rep = min(hi, lo + _BLOCK), _repeat
        return _without_gc(list, zip(*[
            map(tuple.__new__, rep(Prefix), zip(rep(f), range(b | (lo << s), b + (hi << s), 1 << s), rep(k)))
            for f, b, s, k in zip(self._fams, self._bases, self._shifts, self._masks)]))

    def texts(self) -> List[str]:
        """Every node's podCIDRs as one comma-separated string, formatted in C."""
        nf = len(self._fams)
        arr = (_n.Prefix * (self._count * nf))()
        err = _n.Error()
        if self._count and _lib.dsnet_nodeipam_pod_cidrs_range(_C.byref(self._c), _C.byref(self._m), self.start,
                                                               self._count, arr, _C.byref(err)):
            _raise(err)
        cap = self._count * nf * _n.PREFIX_STRLEN + 1
        buf = _C.create_string_buffer(cap)
        n = _lib.dsnet_prefix_format_many(arr, self._count * nf, b",", buf, cap)
        parts = buf.raw[:n].decode().split(",")
        return [",".join(parts[i:i + nf]) for i in range(0, len(parts) - 1, nf)] if nf > 1 else parts[:-1]

    def __repr__(self) -> str:
        return f"PodCIDRRange(start={self.start}, count={self._count})"


def pod_cidrs_range(cluster_cidrs, start: int, count: int, mask_ipv4: int = 24, mask_ipv6: int = 64
                    ) -> PodCIDRRange:
    """The podCIDRs of nodes ``start`` .. ``start + count - 1``, validated in
    one C call: a lazy sequence of tuples in cluster-CIDR order."""
    ds = parse_cidrs(cluster_cidrs)
    c, m = _cidrs(ds), _masks_for(ds, mask_ipv4, mask_ipv6)
    start, count = _node_index(start), _index(count, "count")
    if count < 0:
        raise Error("range", 0, f"count {count} is negative")
    if count >> 64:
        raise Error("range", 0, f"count {count} is more than 2^64 - 1 nodes")
    err = _n.Error()
    if count and _lib.dsnet_nodeipam_pod_cidrs_range(_C.byref(c), _C.byref(m), start, count, None, _C.byref(err)):
        _raise(err)
    return PodCIDRRange(ds, [m.mask[i] for i in range(len(ds))], start, count, c, m)


def pod_addresses(family: int, mask: int) -> int:
    """Usable pod addresses in a node podCIDR under host-local IPAM
    (2^h - 3 for IPv4, 2^h - 2 for IPv6)."""
    out, err = _n.U128(), _n.Error()
    if _lib.dsnet_nodeipam_pod_addresses(_index(family, "family"), _mask_value(mask, "mask"), _C.byref(out),
                                         _C.byref(err)):
        _raise(err)
    return (out.hi << 64) | out.lo


class CIDRSet:
    """kube-controller-manager's node CIDR allocator over one cluster CIDR:
    ``allocate()`` rotates through the free node CIDRs, ``occupy()`` and
    ``release()`` take any CIDR overlapping the cluster CIDR."""

    def __init__(self, cluster, mask: int):
        self._set = _n.Cidrset()
        self._live = False
        err = _n.Error()
        if _lib.dsnet_cidrset_create(_C.byref(self._set), _C.byref(_cprefix(Prefix(cluster))),
                                     _mask_value(mask, "mask"), None, _C.byref(err)):
            _raise(err)
        self._live = True
        self.cluster = Prefix(cluster)
        self.mask = mask

    def __del__(self):
        if getattr(self, "_live", False):
            _lib.dsnet_cidrset_destroy(_C.byref(self._set))
            self._live = False

    def allocate(self) -> Prefix:
        out, err = _n.Prefix(), _n.Error()
        if _lib.dsnet_cidrset_allocate(_C.byref(self._set), _C.byref(out), _C.byref(err)):
            _raise(err)
        return _prefix(out)

    def allocate_many(self, n: int) -> List[Prefix]:
        """Allocate ``n`` node CIDRs in one call; raises Error("full") when
        fewer are free (those that were are allocated and kept)."""
        n = _index(n, "n")
        if n < 0:
            raise Error("range", 0, f"n {n} is negative")
        # Never more room than the free CIDRs and one: past them the C call
        # fails on the first extra one (with its own message), so a huge n
        # costs no huge array.
        n = min(n, _lib.dsnet_cidrset_free_count(_C.byref(self._set)) + 1)
        out, done, err = (_n.Prefix * max(1, n))(), _C.c_size_t(), _n.Error()
        st = _lib.dsnet_cidrset_allocate_many(_C.byref(self._set), out, n, _C.byref(done), _C.byref(err))
        result = [_prefix(out[i]) for i in range(done.value)]
        if st:
            e = Error(_lib.dsnet_status_name(err.code).decode(), 0, err.message.decode())
            e.allocated = result
            raise e
        return result

    def occupy(self, cidr) -> None:
        err = _n.Error()
        if _lib.dsnet_cidrset_occupy(_C.byref(self._set), _C.byref(_cprefix(Prefix(cidr))), _C.byref(err)):
            _raise(err)

    def release(self, cidr) -> None:
        err = _n.Error()
        if _lib.dsnet_cidrset_release(_C.byref(self._set), _C.byref(_cprefix(Prefix(cidr))), _C.byref(err)):
            _raise(err)

    def is_allocated(self, cidr) -> bool:
        out, err = _C.c_bool(), _n.Error()
        if _lib.dsnet_cidrset_is_allocated(_C.byref(self._set), _C.byref(_cprefix(Prefix(cidr))), _C.byref(out),
                                           _C.byref(err)):
            _raise(err)
        return out.value

    used = property(lambda self: _lib.dsnet_cidrset_used(_C.byref(self._set)))
    capacity = property(lambda self: _lib.dsnet_cidrset_capacity(_C.byref(self._set)))
    free = property(lambda self: self.capacity - self.used)

    def __len__(self) -> int:
        return self.used

    def __repr__(self) -> str:
        return f"CIDRSet({str(self.cluster)!r}, {self.mask}, used={self.used}/{self.capacity})"


# ---- Services -----------------------------------------------------------------------

_TYPES = {"ClusterIP": 0, "NodePort": 1, "LoadBalancer": 2, "ExternalName": 3}
_POLICIES = {0: None, 1: "SingleStack", 2: "PreferDualStack", 3: "RequireDualStack"}


class ServiceResult:
    """What kube-apiserver makes of a new Service's family fields."""

    def __init__(self, valid, ip_family_policy, ip_families, cluster_ips, headless, errors):
        self.valid: bool = valid
        self.ip_family_policy: Optional[str] = ip_family_policy
        self.ip_families: List[str] = ip_families
        self.cluster_ips: List[str] = cluster_ips
        self.headless: bool = headless
        self.errors: List[Tuple[str, str]] = errors

    def __repr__(self) -> str:
        return (f"ServiceResult(valid={self.valid}, ip_family_policy={self.ip_family_policy!r}, "
                f"ip_families={self.ip_families}, cluster_ips={self.cluster_ips}, errors={self.errors})")


def _views(items, keep: list) -> Tuple[object, int, List[bytes]]:
    """items (a comma-separated str or a sequence) as a C array of string
    views, kept alive by keep: (its pointer, its length, the bytes)."""
    if isinstance(items, str):
        items = items.split(",")
    texts = [_text(s, "value") for s in items]
    arr = (_n.StrView * max(1, len(texts)))(*[_n.StrView(b, len(b)) for b in texts])
    keep += [arr, texts]
    return _C.cast(arr, _C.POINTER(_n.StrView)), len(texts), texts


def resolve_service(service_cidrs, *, type: str = "ClusterIP", headless: bool = False, selector: bool = True,
                    ip_family_policy: Optional[str] = None, ip_families: Optional[Sequence[str]] = None,
                    cluster_ip: Optional[str] = None, cluster_ips: Optional[Sequence[str]] = None,
                    kubernetes_version: Optional[str] = None,
                    feature_gates: Optional[str] = None) -> ServiceResult:
    """Validate and default a Service's ipFamilyPolicy / ipFamilies /
    clusterIPs as kube-apiserver (1.20+) does on create, on a cluster whose
    service ranges are ``service_cidrs``. ``cluster_ips`` also sets
    ``clusterIP`` to its first entry unless ``cluster_ip`` is given;
    ``headless`` sets ``clusterIP: None``. ``feature_gates`` is a
    ``--feature-gates`` value ("StrictIPCIDRValidation=true,..."); gates not
    given take the release's defaults."""
    if type not in _TYPES:
        raise Error("inval", 0, f"Service type {type!r} is not one of {', '.join(_TYPES)}")
    ranges = _cidrs(service_cidrs)
    spec = _n.ServiceSpec()
    spec.type = _TYPES[type]
    spec.has_selector = bool(selector)
    keep = []
    if ip_family_policy is not None:
        b = _text(ip_family_policy, "ip_family_policy")
        keep.append(b)
        spec.ip_family_policy = _n.StrView(b, len(b))
    if ip_families is not None:
        spec.ip_families, spec.n_ip_families, _ = _views(ip_families, keep)
    if cluster_ips is not None:
        spec.cluster_ips, spec.n_cluster_ips, k = _views(cluster_ips, keep)
        if k:
            spec.cluster_ip = _n.StrView(k[0], len(k[0]))
    if headless:
        spec.cluster_ip = _n.StrView(b"None", 4)
    if cluster_ip is not None:
        b = _text(cluster_ip, "cluster_ip")
        keep.append(b)
        spec.cluster_ip = _n.StrView(b, len(b))
    minor = _k8s_minor(kubernetes_version)
    r, err = _n.ServiceResult(), _n.Error()
    rules = _k8s_rules(minor, feature_gates)
    st = _lib.dsnet_service_resolve_with(_C.byref(ranges), _C.byref(rules), _C.byref(spec), _C.byref(r),
                                         _C.byref(err))
    if st and not r.n_errors_total:
        _raise(err)
    fams = [f"IPv{r.families[i]}" for i in range(r.n_families)]
    ips = ["None"] if r.headless and r.valid else [str(_addr(r.cluster_ips[i])) for i in range(r.n_cluster_ips)]
    errors = [(r.errors[i].field.decode(), r.errors[i].message.decode("utf-8", "replace"))
              for i in range(r.n_errors)]
    return ServiceResult(bool(r.valid), _POLICIES.get(r.policy), fams, ips, bool(r.headless), errors)


# ---- plans ----------------------------------------------------------------------------
