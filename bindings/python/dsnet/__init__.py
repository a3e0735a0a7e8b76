"""dsnet: dual-stack (IPv4 + IPv6) address math as Kubernetes applies it.

A Pythonic layer over the dsnet C library (ctypes, no compiled extension):
strict parsing with exact errors, RFC 5952 text, exact 128-bit subnet math,
Kubernetes' dual-stack list, node IPAM and Service rules, and whole cluster
network plans. Names follow the standard library's ``ipaddress`` where they
overlap, and objects convert both ways.

>>> import dsnet
>>> dsnet.pod_cidrs("10.244.0.0/16,fc00::/48", 2)
(Prefix('10.244.2.0/24'), Prefix('fc00:0:0:2::/64'))
"""
from . import _native as _n

try:  # written into the wheel by the build backend, from CMakeLists.txt's project(VERSION)
    from ._version import version as __version__
except ImportError:  # a source tree: the library's own version
    __version__ = _n.VERSION
__all__ = [
    "Error", "Address", "Prefix", "DualStack", "parse_cidrs", "parse_ips", "parse_many", "ParseResults",
    "summarize_range", "collapse", "exclude", "validate_node_mask", "node_capacity", "resolve_node_masks",
    "pod_cidr", "pod_cidr_index", "pod_cidrs", "pod_cidrs_range", "PodCIDRRange", "pod_addresses", "CIDRSet",
    "ServiceResult", "resolve_service", "Finding", "Default", "Plan", "audit", "library_version",
]

if _n.VERSION.split(".")[:2] != __version__.split(".")[:2]:  # pragma: no cover
    raise ImportError(f"dsnet: Python package {__version__} but C library {_n.VERSION} ({_n.LIBRARY_PATH})")

# The implementation lives in three modules: _core (value types, subnet math,
# dual-stack lists), _k8s (node IPAM, Services) and _plan (plans, config
# files, audit).
from ._core import (Address, DualStack, Error, ParseResults, Prefix, collapse, exclude,  # noqa: E402
                    library_version, parse_cidrs, parse_ips, parse_many, summarize_range)
from ._k8s import (CIDRSet, PodCIDRRange, ServiceResult, node_capacity, pod_addresses, pod_cidr,  # noqa: E402
                   pod_cidr_index, pod_cidrs, pod_cidrs_range, resolve_node_masks, resolve_service,
                   validate_node_mask)
from ._plan import Default, Finding, Plan, audit  # noqa: E402

for _cls in (Address, DualStack, Error, ParseResults, Prefix, CIDRSet, Default, Finding, Plan, PodCIDRRange, ServiceResult):
    _cls.__module__ = __name__  # dsnet.Prefix in reprs, help() and pickles
del _cls
