"""kube-apiserver's Service create path for the family fields, transcribed
from the Kubernetes source into Python as an independent oracle for dsnet's
Service rules (it shares no code with dsnet).

Transcribed from, at the releases dsnet's tests compare (1.33, 1.34):
- k8s.io/utils/net ParseIPSloppy: Go 1.16's net.ParseIP (parseIPv4/parseIPv6,
  dtoi/xtoi), the legacy parser kube-apiserver reads cluster IPs with;
  net.IP.To4 and net.IP.String;
- apimachinery pkg/util/validation/ip.go parseIP (StrictIPCIDRValidation:
  netip.ParseAddr, for which Python's ipaddress stands in: both refuse IPv4
  leading zeros and IPv6 groups of more than four digits);
- apimachinery pkg/util/validation/field/errors.go: Error.ErrorBody (a string
  value as %q; other values %#v up to 1.33, JSON from 1.34), NotSupported,
  Duplicate, Required, Forbidden;
- pkg/apis/core/validation/validation.go ValidateServiceClusterIPsRelatedFields
  and ValidateService's type checks;
- pkg/registry/core/service/storage/rest.go beginCreate (normalizeClusterIPs)
  and storage/alloc.go initIPFamilyFields, allocClusterIPs, allocIPs;
- pkg/registry/core/service/ipallocator: the bitmap Range (New: network+1 ..
  last, IPv4 without the broadcast address, IPv6 capped at a 65536-address
  bitmap), the IPAddress allocator and the MetaAllocator of
  MultiCIDRServiceAllocator (ErrMismatchedNetwork for an IP of no
  ServiceCIDR, the bitmap also written unless DisableAllocatorDualWrite),
  ErrNotInRange, ErrAllocated; the kubernetes Service holds index 1.

The registry runs beginCreate (defaulting and allocation) before the
strategy's ValidateService (generic registry Store.Create), and each stage
that finds errors ends the request.
"""
import ipaddress
import json

BIG = 0xFFFFFF


# ---- k8s.io/utils/net ParseIPSloppy (Go 1.16 net.ParseIP) -----------------------

def _dtoi(s):
    n, i = 0, 0
    while i < len(s) and "0" <= s[i] <= "9":
        n = n * 10 + ord(s[i]) - 48
        if n >= BIG:
            return BIG, i, False
        i += 1
    if i == 0:
        return 0, 0, False
    return n, i, True


def _xtoi(s):
    n, i = 0, 0
    while i < len(s):
        c = s[i]
        if "0" <= c <= "9":
            d = ord(c) - 48
        elif "a" <= c <= "f":
            d = ord(c) - 87
        elif "A" <= c <= "F":
            d = ord(c) - 55
        else:
            break
        n = n * 16 + d
        if n >= BIG:
            return 0, i, False
        i += 1
    if i == 0:
        return 0, i, False
    return n, i, True


def _parse_ipv4(s):
    ip = []
    for i in range(4):
        if i > 0:
            if not s or s[0] != ".":
                return None
            s = s[1:]
        n, c, ok = _dtoi(s)
        if not ok or n > 0xFF:
            return None
        s = s[c:]
        ip.append(n)
    if s:
        return None
    return bytes(10) + b"\xff\xff" + bytes(ip)


def _parse_ipv6(s):
    ip = bytearray(16)
    ellipsis = -1
    if len(s) >= 2 and s[0] == ":" and s[1] == ":":
        ellipsis = 0
        s = s[2:]
        if not s:
            return bytes(ip)
    i = 0
    while i < 16:
        n, c, ok = _xtoi(s)
        if not ok or n > 0xFFFF:
            return None
        if c < len(s) and s[c] == ".":
            if ellipsis < 0 and i != 12:
                return None
            if i + 4 > 16:
                return None
            ip4 = _parse_ipv4(s)
            if ip4 is None:
                return None
            ip[i:i + 4] = ip4[12:16]
            s = ""
            i += 4
            break
        ip[i], ip[i + 1] = n >> 8, n & 0xFF
        i += 2
        s = s[c:]
        if not s:
            break
        if s[0] != ":" or len(s) == 1:
            return None
        s = s[1:]
        if s[0] == ":":
            if ellipsis >= 0:
                return None
            ellipsis = i
            s = s[1:]
            if not s:
                break
    if s:
        return None
    if i < 16:
        if ellipsis < 0:
            return None
        n = 16 - i
        for j in range(i - 1, ellipsis - 1, -1):
            ip[j + n] = ip[j]
        for j in range(ellipsis + n - 1, ellipsis - 1, -1):
            ip[j] = 0
    elif ellipsis >= 0:
        return None
    return bytes(ip)


def parse_ip_sloppy(s):
    """The 16 bytes of net.ParseIP(s) (Go 1.16), or None."""
    for ch in s:
        if ch == ".":
            return _parse_ipv4(s)
        if ch == ":":
            return _parse_ipv6(s)
    return None


def to4(ip):
    """net.IP.To4: the IPv4 bytes of a (possibly IPv4-mapped) address, or None."""
    if ip[:10] == bytes(10) and ip[10:12] == b"\xff\xff":
        return ip[12:]
    return None


def ip_family(s):
    """netutils.IsIPv4String / IsIPv6String: 4, 6, or None for no IP."""
    ip = parse_ip_sloppy(s)
    if ip is None:
        return None
    return 4 if to4(ip) is not None else 6


def ip_string(ip):
    """net.IP.String: dotted for To4-able addresses, else RFC 5952 (the
    longest run of two or more zero groups, the first of equal runs, as ::)."""
    v4 = to4(ip)
    if v4 is not None:
        return ".".join(str(b) for b in v4)
    g = [ip[i] << 8 | ip[i + 1] for i in range(0, 16, 2)]
    best, best_len, i = -1, 0, 0
    while i < 8:
        if g[i] != 0:
            i += 1
            continue
        j = i
        while j < 8 and g[j] == 0:
            j += 1
        if j - i > best_len:
            best, best_len = i, j - i
        i = j
    if best_len < 2:
        return ":".join("%x" % x for x in g)
    return (":".join("%x" % x for x in g[:best]) + "::" + ":".join("%x" % x for x in g[best + best_len:]))


def ip_int(ip):
    v4 = to4(ip)
    return (4, int.from_bytes(v4, "big")) if v4 is not None else (6, int.from_bytes(ip, "big"))


def netip_ok(s):
    """netip.ParseAddr accepts s (Python's ipaddress as its stand-in; zones
    never reach it: ParseIPSloppy refuses them first)."""
    try:
        ipaddress.ip_address(s)
        return True
    except ValueError:
        return False


# ---- apimachinery field errors -------------------------------------------------

def go_quote(s):
    """strconv.Quote for the ASCII strings these tests use."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class Val:
    """A field error's bad value: a Go string, a named string type
    (api.IPFamily, *api.IPFamilyPolicy) or a slice ([]string,
    []api.IPFamily)."""

    def __init__(self, v, gotype="string"):
        self.v, self.gotype = v, gotype

    def render(self, json_values):
        if self.gotype == "string":
            return go_quote(self.v)
        if isinstance(self.v, list):
            if json_values:
                return json.dumps(self.v, separators=(",", ":"))
            return "%s{%s}" % (self.gotype, ", ".join(go_quote(x) for x in self.v))
        return json.dumps(self.v) if json_values else go_quote(self.v)


def invalid(field, val, detail):
    return ("invalid", field, val, detail)


def not_supported(field, val, valid):
    return ("notsupported", field, val, "supported values: " + ", ".join(go_quote(v) for v in valid))


def render(err, json_values):
    kind, field, val, detail = err
    if kind == "required":
        return field, "Required value"
    if kind == "forbidden":
        return field, "Forbidden: " + detail
    name = {"invalid": "Invalid value", "notsupported": "Unsupported value", "duplicate": "Duplicate value"}[kind]
    body = "%s: %s" % (name, val.render(json_values))
    return field, body + (": " + detail if detail else "")


# ---- the Service -----------------------------------------------------------------

FAMILIES = ("IPv4", "IPv6")
POLICIES = ("PreferDualStack", "RequireDualStack", "SingleStack")


class Cluster:
    """kube-apiserver's configuration: --service-cluster-ip-range (in order)
    and the feature gates that matter."""

    def __init__(self, ranges, minor, strict, multi_cidr, dual_write):
        self.ranges = [ipaddress.ip_network(r) for r in ranges]
        self.by_family = {"IPv%d" % n.version: n for n in self.ranges}
        self.default_family = "IPv%d" % self.ranges[0].version
        self.minor, self.strict = minor, strict
        self.multi_cidr, self.dual_write = multi_cidr, dual_write
        self.json_values = minor >= 34  # apimachinery v0.34.0 (kubernetes#132314)


def validate_cluster_ips_related(svc, cl):
    """ValidateServiceClusterIPsRelatedFields (svc is not ExternalName)."""
    errs = []
    ips, fams = svc["clusterIPs"], svc["ipFamilies"]
    ips_val = Val(list(ips), "[]string")
    if svc["clusterIP"]:
        if not ips:
            errs.append(("required", "spec.clusterIPs", None, ""))
        elif ips[0] != svc["clusterIP"]:
            errs.append(invalid("spec.clusterIPs", ips_val, "first value must match `clusterIP`"))
    elif ips:
        errs.append(invalid("spec.clusterIPs", ips_val, "must be empty when `clusterIP` is not specified"))
    seen = set()
    for i, f in enumerate(fams):
        if f not in FAMILIES:
            errs.append(not_supported("spec.ipFamilies[%d]" % i, Val(f, "core.IPFamily"), FAMILIES))
        if f in seen:
            errs.append(("duplicate", "spec.ipFamilies[%d]" % i, Val(f, "core.IPFamily"), ""))
        seen.add(f)
    if svc["ipFamilyPolicy"] is not None and svc["ipFamilyPolicy"] not in POLICIES:
        errs.append(not_supported("spec.ipFamilyPolicy", Val(svc["ipFamilyPolicy"], "policy"), POLICIES))
    has_invalid = False
    for i, ip in enumerate(ips):
        if i == 0 and ip == "None":
            if len(ips) > 1:
                has_invalid = True
                errs.append(invalid("spec.clusterIPs", ips_val, "'None' must be the first and only value"))
            continue
        path = "spec.clusterIPs[%d]" % i
        parsed = parse_ip_sloppy(ip)
        if parsed is None:
            has_invalid = True
            errs.append(invalid(path, Val(ip), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"))
            continue
        if cl.strict:  # ip.go parseIP(strictValidation): one error at most
            if not netip_ok(ip):
                has_invalid = True
                errs.append(invalid(path, Val(ip), "must not have leading 0s"))
            elif ipaddress.ip_address(ip).version == 6 and ipaddress.ip_address(ip).ipv4_mapped is not None:
                has_invalid = True
                errs.append(invalid(path, Val(ip), "must not be an IPv4-mapped IPv6 address"))
    if len(ips) > 2:
        errs.append(invalid("spec.clusterIPs", ips_val, "may only hold up to 2 values"))
    if has_invalid:
        return errs
    if len(ips) > 1:
        fs = [ip_family(ip) for ip in ips]
        if not (4 in fs and 6 in fs):  # netutils.IsDualStackIPStrings: one of each, any count
            errs.append(invalid("spec.clusterIPs", ips_val, "may specify no more than one IP for each IP family"))
    headless = len(ips) == 1 and ips[0] == "None"
    if not headless and ips and fams:
        for i, ip in enumerate(ips):
            if i > len(fams) - 1:
                break
            if fams[i] == "IPv4" and ip_family(ip) == 6:
                errs.append(invalid("spec.clusterIPs[%d]" % i, Val(ip),
                                    "expected an IPv4 value as indicated by `ipFamilies[%d]`" % i))
            if fams[i] == "IPv6" and ip_family(ip) != 6:
                errs.append(invalid("spec.clusterIPs[%d]" % i, Val(ip),
                                    "expected an IPv6 value as indicated by `ipFamilies[%d]`" % i))
    return errs


def init_ip_family_fields(svc, cl):
    """storage/alloc.go initIPFamilyFields on create: errors, or None."""
    if svc["ipFamilyPolicy"] is None:
        if svc["clusterIP"] == "None" and not svc["selector"]:
            svc["ipFamilyPolicy"] = "RequireDualStack"
        else:
            svc["ipFamilyPolicy"] = "SingleStack"
    el = validate_cluster_ips_related(svc, cl)
    if el:
        return el
    pol, ips, fams = svc["ipFamilyPolicy"], svc["clusterIPs"], svc["ipFamilies"]
    pol_val = Val(pol, "policy")
    if pol == "SingleStack":
        if len(ips) == 2:
            el.append(invalid("spec.ipFamilyPolicy", pol_val,
                              "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"))
        if len(fams) == 2:
            el.append(invalid("spec.ipFamilyPolicy", pol_val,
                              "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"))
    for i, ip in enumerate(ips):
        if ip == "None":
            break
        fam = "IPv%d" % ip_family(ip)
        if i >= len(fams):
            if fam not in cl.by_family:
                el.append(invalid("spec.clusterIPs[%d]" % i, Val(list(ips), "[]string"),
                                  "%s is not configured on this cluster" % fam))
            else:
                fams.append(fam)
    if el:
        return el
    if svc["clusterIP"] == "None" and not svc["selector"]:
        if not fams:
            fams.append(cl.default_family)
        if len(fams) < 2 and pol != "SingleStack":
            fams.append("IPv6" if fams[0] == "IPv4" else "IPv4")
        return None
    if pol == "RequireDualStack" and len(cl.by_family) < 2:
        el.append(invalid("spec.ipFamilyPolicy", pol_val, "this cluster is not configured for dual-stack services"))
    for i, f in enumerate(fams):
        if f not in cl.by_family:
            el.append(invalid("spec.ipFamilies[%d]" % i, Val(f, "core.IPFamily"), "not configured on this cluster"))
    if el:
        return el
    if not fams:
        fams.append(cl.default_family)
    if pol != "SingleStack" and len(fams) == 1 and len(cl.by_family) == 2:
        fams.append("IPv6" if fams[0] == "IPv4" else "IPv4")
    return None


def _bitmap_refusal(net, fam, value, ip):
    """ipallocator.Range.Allocate (bitmap.go New/contains), or None."""
    size = net.num_addresses
    if not (int(net.network_address) <= value <= int(net.broadcast_address)):
        return "the provided IP (%s) is not in the valid range. The range of valid IPs is %s" % (ip_string(ip), net)
    if fam == 6:
        size = min(size, 65536)
    else:
        size -= 1
    max_ = max(0, size - 1)
    offset = value - (int(net.network_address) + 1)
    if offset < 0 or offset >= max_:
        return "the provided IP (%s) is not in the valid range. The range of valid IPs is %s" % (ip_string(ip), net)
    return None


def _ipaddress_refusal(net, fam, value, ip):
    """ipallocator.Allocator.allocateService (the IPAddress allocator), or None."""
    first = int(net.network_address) + 1
    last = int(net.broadcast_address) - (1 if fam == 4 else 0)
    if value < first or value > last:
        return "the provided IP (%s) is not in the valid range. The range of valid IPs is %s" % (ip_string(ip), net)
    return None


def allocate(cl, family, ip_text):
    """The allocator's answer to an IP asked for: an error text or None."""
    ip = parse_ip_sloppy(ip_text)
    fam, value = ip_int(ip)
    net = cl.by_family[family]
    if cl.multi_cidr:  # MetaAllocator.AllocateService
        if fam != net.version or not (int(net.network_address) <= value <= int(net.broadcast_address)):
            return "the provided network does not match the current range"
        if cl.dual_write:
            why = _bitmap_refusal(net, fam, value, ip)
            if why:
                return why
        why = _ipaddress_refusal(net, fam, value, ip)
    else:
        why = _bitmap_refusal(net, fam, value, ip) if fam == net.version else (
            "the provided IP (%s) is not in the valid range. The range of valid IPs is %s" % (ip_string(ip), net))
    if why:
        return why
    if value == int(net.network_address) + 1:  # the kubernetes Service's
        return "provided IP is already allocated"
    return None


def alloc_cluster_ips(svc, cl):
    """allocClusterIPs: the set of possible error lists (allocIPs walks a Go
    map: with two refusals either is reported), or None."""
    ips = svc["clusterIPs"]
    if ips and ips[0] == "None":
        return None
    ips = list(ips) + [""] * (len(svc["ipFamilies"]) - len(ips))
    choices = []
    for i, fam in enumerate(svc["ipFamilies"]):
        if ips[i] == "":
            continue
        why = allocate(cl, fam, ips[i])
        if why:
            choices.append([invalid("spec.clusterIPs", Val(list(ips), "[]string"),
                                    "failed to allocate IP %s: %s" % (ips[i], why))])
    return choices or None


def validate_service_type(svc):
    """ValidateService's verdicts on these fields after allocation: a
    headless NodePort or LoadBalancer (isHeadlessService: clusterIPs is
    exactly ["None"])."""
    ips = svc["clusterIPs"]
    if len(ips) == 1 and ips[0] == "None" and svc["type"] in ("NodePort", "LoadBalancer"):
        return [invalid("spec.clusterIPs[0]", Val("None"), "may not be set to 'None' for %s services" % svc["type"])]
    return []


def create(cl, type_="ClusterIP", selector=True, policy=None, families=None, cluster_ip="", cluster_ips=None):
    """A Service create: ("invalid", [list of possible rendered error lists])
    or ("valid", policy, families, cluster IPs given in canonical form)."""
    svc = {"type": type_, "selector": selector, "ipFamilyPolicy": policy,
           "ipFamilies": list(families or []), "clusterIP": cluster_ip, "clusterIPs": list(cluster_ips or [])}
    if not svc["clusterIPs"] and svc["clusterIP"]:  # rest.go normalizeClusterIPs
        svc["clusterIPs"] = [svc["clusterIP"]]

    def out(lists):
        return ("invalid", [[render(e, cl.json_values) for e in el] for el in lists])
    if type_ == "ExternalName":  # initIPFamilyFields and allocClusterIPs skip it
        el = []
        if svc["clusterIPs"]:
            el.append(("forbidden", "spec.clusterIPs", None, "may not be set for ExternalName services"))
        if svc["ipFamilies"]:
            el.append(("forbidden", "spec.ipFamilies", None, "may not be set for ExternalName services"))
        if svc["ipFamilyPolicy"] is not None:
            el.append(("forbidden", "spec.ipFamilyPolicy", None, "may not be set for ExternalName services"))
        return out([el]) if el else ("valid", None, [], [])
    el = init_ip_family_fields(svc, cl)
    if el:
        return out([el])
    choices = alloc_cluster_ips(svc, cl)
    if choices:
        return out(choices)
    el = validate_service_type(svc)
    if el:
        return out([el])
    given = ["None"] if svc["clusterIPs"][:1] == ["None"] else [
        ip_string(parse_ip_sloppy(ip)) for ip in svc["clusterIPs"]]
    return ("valid", svc["ipFamilyPolicy"], svc["ipFamilies"], given)
