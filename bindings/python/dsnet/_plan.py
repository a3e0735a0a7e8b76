"""dsnet's cluster network plans: Plan (the C plan module, and config files
through libdsnet_config), its findings, and audit of a live cluster
(re-exported by the ``dsnet`` package)."""
import ctypes as _C
import json as _json
import os as _os
from typing import Dict, List, Optional, Tuple

from . import _native as _n
from ._core import Error, Prefix, _addr, _index, _lib, _prefix, _raise, _text
from ._k8s import _mask_value, _node_index


class Finding:
    """One finding of a plan: severity ("error" or "warning"), a stable code,
    the field, and a message naming the values; for a value read from a file
    (Plan.from_config, audit), its ``file``, ``line`` and ``column`` (else None)."""

    __slots__ = ("severity", "code", "field", "message", "file", "line", "column")

    def __init__(self, severity: str, code: str, field: str, message: str, file: Optional[str] = None,
                 line: Optional[int] = None, column: Optional[int] = None):
        self.severity, self.code, self.field, self.message = severity, code, field, message
        self.file, self.line, self.column = file, line, column

    def as_dict(self) -> Dict[str, object]:
        d: Dict[str, object] = {"severity": self.severity, "code": self.code, "field": self.field,
                                "message": self.message}
        if self.file is not None:
            d.update(file=self.file, line=self.line, column=self.column)
        return d

    def __repr__(self) -> str:
        at = f", file={self.file!r}, line={self.line!r}, column={self.column!r}" if self.file is not None else ""
        return f"Finding({self.severity!r}, {self.code!r}, {self.field!r}, {self.message!r}{at})"


# dsnet_config_field order (config.h): the flag each origin stands for
_CONFIG_FLAGS = ("--cluster-cidr", "--service-cidr", "--dns-service-ip", "--kubernetes-version", "--kube-proxy-mode",
                 "--feature-gates", "--node-cidr-mask-size", "--node-cidr-mask-size-ipv4",
                 "--node-cidr-mask-size-ipv6", "--max-pods", "--nodes", "--network-plugin", "--vnet-cidr",
                 "--docker-bridge-subnet", "--profile", "--network-policy", "--advertise-address", "--node-ip",
                 "--network-mode", "--load-balancer-sku", "--model-max-pods", "--ipv6-only",
                 "--exclude-master-from-standard-lb", "--load-balancer-outbound-ips", "--azure-stack",
                 "--windows-version", "--pool")
_MODEL_FLAGS = {"ipv6_only": _n.AKSENGINE_IPV6_ONLY, "azure_stack": _n.AKSENGINE_AZURE_STACK,
                "exclude_master_from_standard_lb": _n.AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB,
                "load_balancer_outbound_ips": _n.AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS}
_POOL_KEYS = ("name", "count", "control_plane") + _n.POOL_STRING_FIELDS[1:]


def _pool(p, i):
    """A node pool as a dict of _POOL_KEYS (name and count required)."""
    if not isinstance(p, dict):
        raise TypeError(f"pools[{i}] must be a dict, not {type(p).__name__}")
    bad = set(p) - set(_POOL_KEYS)
    if bad:
        raise Error("inval", 0, f"pools[{i}]: unknown key {sorted(bad)[0]!r} (keys: {', '.join(_POOL_KEYS)})")
    out = {"count": p.get("count", 0), "control_plane": bool(p.get("control_plane", False))}
    if not 0 <= _index(out["count"], f"pools[{i}].count") < 1 << 64:
        raise Error("range", 0, f"pools[{i}].count {out['count']} is out of range")
    for k in _n.POOL_STRING_FIELDS:
        if p.get(k) is not None:
            out[k] = _text(p[k], f"pools[{i}].{k}")
    return out


def _config_lib():
    cl = _n.config_lib()
    if cl is None:
        raise Error("inval", 0, "reading config files needs libdsnet_config, which this installation lacks "
                    "(libyaml was not found when dsnet was built: install libyaml-dev and reinstall)")
    return cl


def _config_findings(cfg) -> List["Finding"]:
    out = []
    for f in cfg.findings[:cfg.n_findings]:
        out.append(Finding("error" if f.severity == _n.SEVERITY_ERROR else "warning", f.code.decode(),
                           f.at.path.decode("utf-8", "replace"), f.message.decode("utf-8", "replace"),
                           f.at.file.decode("utf-8", "replace"), f.at.line, f.at.column))
    return out


def _source(source, what: str) -> Tuple[bytes, bytes]:
    """(name, bytes) of a path (str without a newline, os.PathLike) or of text
    (str with a newline, bytes)."""
    if isinstance(source, (bytes, bytearray)):
        return b"<text>", bytes(source)
    if isinstance(source, str) and "\n" in source:
        return b"<text>", source.encode("utf-8")
    if not isinstance(source, (str, _os.PathLike)):  # (an int would open a file descriptor)
        raise TypeError(f"{what} must be a path (str or os.PathLike) or the file's text, "
                        f"not {type(source).__name__}")
    name = _os.fsdecode(source)
    try:
        with open(source, "rb") as f:
            return name.encode("utf-8", "surrogateescape"), f.read(_n.CONFIG_TEXT_MAX * 512 + 1)
    except OSError as e:
        raise Error("inval", 0, f"{name}: cannot read it: {e.strerror}") from e
    except ValueError as e:  # a NUL in the path
        raise Error("inval", 0, f"{name!r}: not a file name: {e}") from e


_FLAGS = [("kube-controller-manager", "--cluster-cidr"), ("kube-controller-manager", "--node-cidr-mask-size"),
          ("kube-controller-manager", "--node-cidr-mask-size-ipv4"),
          ("kube-controller-manager", "--node-cidr-mask-size-ipv6"),
          ("kube-controller-manager", "--service-cluster-ip-range"),
          ("kube-apiserver", "--service-cluster-ip-range"), ("kubelet", "--cluster-dns"), ("kubelet", "--max-pods"),
          ("kube-proxy", "--cluster-cidr")]


class Default:
    """A value a plan took from a default because its input did not give it:
    the ``field`` ("--cluster-cidr"), the ``value`` taken (for a list of
    which one family was given: the entry added), and the ``source`` (whose
    default it is, with its reference)."""

    __slots__ = ("field", "value", "source")

    def __init__(self, field: str, value: str, source: str):
        self.field, self.value, self.source = field, value, source

    def as_dict(self) -> Dict[str, str]:
        return {"field": self.field, "value": self.value, "source": self.source}

    def __eq__(self, other):
        return isinstance(other, Default) and self.as_dict() == other.as_dict()

    def __hash__(self):
        return hash((self.field, self.value, self.source))

    def __repr__(self) -> str:
        return f"Default({self.field!r}, {self.value!r}, {self.source!r})"


class Plan:
    """A cluster's networking. Every field is optional: unset fields take AKS
    Engine's dual-stack defaults (``Plan()`` is its dual-stack example).
    ``profile="aks-engine"`` adds AKS Engine's own checks and fill-in."""

    _FIELDS = _n.PLAN_STRING_FIELDS

    def __init__(self, *, cluster_cidr=None, service_cidr=None, dns_service_ip=None, node_subnet=None,
                 vnet_cidr=None, docker_bridge_subnet=None, kubernetes_version=None, network_plugin=None,
                 kube_proxy_mode=None, node_cidr_mask_size: int = 0, node_cidr_mask_size_ipv4: int = 0,
                 node_cidr_mask_size_ipv6: int = 0, max_pods: int = 0, nodes: int = 0,
                 profile: str = "kubernetes", sloppy: bool = False, mask: bool = False,
                 feature_gates: Optional[str] = None, network_policy: Optional[str] = None,
                 advertise_address: Optional[str] = None, node_ip=None, pools=None,
                 ipv6_load_balancers: int = 0, network_mode: Optional[str] = None,
                 load_balancer_sku: Optional[str] = None, model_max_pods: int = 0,
                 windows_version: Optional[str] = None, ipv6_only: bool = False, azure_stack: bool = False,
                 exclude_master_from_standard_lb: bool = False, load_balancer_outbound_ips: bool = False):
        """Keywords as ``dsnet plan``'s flags (``--max-pods`` is ``max_pods``);
        ``pools`` is a list of dicts with keys name, count, control_plane,
        os_type, distro, subnet, availability, first_ip (as ``--pool``); the
        aks-engine profile's model fields are network_mode, load_balancer_sku,
        model_max_pods (``kubernetesConfig.maxPods``), windows_version and the
        booleans ipv6_only, azure_stack, exclude_master_from_standard_lb and
        load_balancer_outbound_ips."""
        if profile not in ("kubernetes", "aks-engine"):
            raise Error("inval", 0, f"profile {profile!r} is not 'kubernetes' or 'aks-engine'")
        values = dict(cluster_cidr=cluster_cidr, service_cidr=service_cidr, dns_service_ip=dns_service_ip,
                      node_subnet=node_subnet, vnet_cidr=vnet_cidr, docker_bridge_subnet=docker_bridge_subnet,
                      kubernetes_version=kubernetes_version, network_plugin=network_plugin,
                      kube_proxy_mode=kube_proxy_mode, feature_gates=feature_gates,
                      network_policy=network_policy, advertise_address=advertise_address, node_ip=node_ip,
                      network_mode=network_mode, load_balancer_sku=load_balancer_sku,
                      windows_version=windows_version)
        self._values = {}
        for k, v in values.items():
            if v is None:
                continue
            if isinstance(v, (list, tuple)):
                v = ",".join(str(x) for x in v)
            elif not isinstance(v, (str, bytes)):
                v = str(v)
            self._values[k] = _text(v, k)
        self._masks = tuple(_mask_value(v, n) for v, n in ((node_cidr_mask_size, "node_cidr_mask_size"),
                                                           (node_cidr_mask_size_ipv4, "node_cidr_mask_size_ipv4"),
                                                           (node_cidr_mask_size_ipv6, "node_cidr_mask_size_ipv6")))
        for v, n in ((max_pods, "max_pods"), (nodes, "nodes"), (model_max_pods, "model_max_pods"),
                     (ipv6_load_balancers, "ipv6_load_balancers")):
            if not 0 <= _index(v, n) < 1 << 64:
                raise Error("range", 0, f"{n} {v} is out of range")
        self.max_pods, self.nodes, self.profile = max_pods, nodes, profile
        self.model_max_pods, self.ipv6_load_balancers = model_max_pods, ipv6_load_balancers
        if pools is not None and not isinstance(pools, (list, tuple)):
            raise TypeError(f"pools must be a list of dicts, not {type(pools).__name__}")
        self._pools = [_pool(p, i) for i, p in enumerate(pools or ())]
        given = dict(ipv6_only=ipv6_only, azure_stack=azure_stack,
                     exclude_master_from_standard_lb=exclude_master_from_standard_lb,
                     load_balancer_outbound_ips=load_balancer_outbound_ips)
        self._model_flags = sum(bit for k, bit in _MODEL_FLAGS.items() if given[k])
        self._flags = (_n.PARSE_SLOPPY if sloppy else 0) | (_n.PARSE_MASK_HOST if mask else 0)
        self._result = None

    def _evaluate(self) -> "_n.PlanResult":
        if self._result is None:
            p = _n.Plan()
            p.profile = _n.PLAN_PROFILE_AKS_ENGINE if self.profile == "aks-engine" else _n.PLAN_PROFILE_KUBERNETES
            p.parse_flags = self._flags
            for k, b in self._values.items():
                setattr(p, k, _n.StrView(b, len(b)))
            p.node_mask_flags = _n.NodeMaskFlags(*self._masks)
            p.max_pods, p.nodes = self.max_pods, self.nodes
            p.model_max_pods, p.ipv6_load_balancers, p.model_flags = (self.model_max_pods, self.ipv6_load_balancers,
                                                                      self._model_flags)
            pools = (_n.NodePool * max(1, len(self._pools)))()
            for i, d in enumerate(self._pools):
                pools[i].count, pools[i].control_plane = d["count"], d["control_plane"]
                for k in _n.POOL_STRING_FIELDS:
                    if k in d:
                        setattr(pools[i], k, _n.StrView(d[k], len(d[k])))
            if self._pools:
                p.pools, p.n_pools = _C.cast(pools, _C.POINTER(_n.NodePool)), len(self._pools)
            r = _n.PlanResult()
            _lib.dsnet_plan_evaluate(_C.byref(p), _C.byref(r), None)
            self._result = r
        return self._result

    @property
    def valid(self) -> bool:
        return bool(self._evaluate().valid) and not any(
            f.severity == "error" for f in getattr(self, "_config_findings", []))

    def validate(self) -> List[Finding]:
        """Every finding, errors first: the plan's, then those of the config
        file it was read from (from_config), with their positions."""
        r = self._evaluate()
        own = [Finding("error" if f.severity == _n.SEVERITY_ERROR else "warning", f.code.decode(), f.field.decode(),
                       f.message.decode("utf-8", "replace")) for f in r.findings[:r.n_findings]]
        read = getattr(self, "_config_findings", [])
        for f in own:  # the position of a value a file gave
            f.file, f.line, f.column = getattr(self, "_config_origins", {}).get(f.field, (None, None, None))
        return ([f for f in own if f.severity == "error"] + [f for f in read if f.severity == "error"]
                + [f for f in own if f.severity == "warning"] + [f for f in read if f.severity == "warning"])

    def audit(self, nodes, services=None) -> List[Finding]:
        """A live cluster against this plan: ``nodes`` is ``kubectl get nodes -o
        json`` and ``services`` (optional) ``kubectl get services -A -o json``,
        each a path, its text, or the parsed object. Every node whose podCIDRs
        kube-controller-manager would not have given it, every dual-stack node
        without an InternalIP of each family, every Service whose ipFamilies,
        policy or clusterIPs break the service ranges (the codes of ``dsnet
        audit``), with positions. Raises Error when the plan lacks valid cluster
        CIDRs and node masks (service ranges, for Services), or a list is not one."""
        cl = _config_lib()
        r = self._evaluate()
        cfg, err, n = _n.Config(), _n.Error(), _C.c_size_t()
        cl.dsnet_config_init(_C.byref(cfg))
        for what, fn in ((nodes, cl.dsnet_config_audit_nodes), (services, cl.dsnet_config_audit_services)):
            if what is None:
                continue
            if isinstance(what, (dict, list)):
                name, data = b"<objects>", _json.dumps(what).encode()
            else:
                name, data = _source(what, "nodes" if fn is cl.dsnet_config_audit_nodes else "services")
            before = cfg.n_findings_total
            st = fn(_C.byref(cfg), _C.byref(r), name, data, len(data), _C.byref(n), _C.byref(err))
            if st and cfg.n_findings_total == before:  # refused before reading (the plan)
                _raise(err)
        found = _config_findings(cfg)
        bad = [f for f in found if f.code.startswith("config_") and f.severity == "error"]
        if bad:
            raise Error(bad[0].code, 0, f"{bad[0].file}:{bad[0].line}:{bad[0].column}: {bad[0].message}")
        return found

    def pod_cidrs(self, index: int) -> Tuple[Prefix, ...]:
        r = self._evaluate()
        out, err = (_n.Prefix * 2)(), _n.Error()
        if _lib.dsnet_plan_pod_cidrs(_C.byref(r), _node_index(index), out, _C.byref(err)):
            _raise(err)
        return tuple(_prefix(out[i]) for i in range(r.n_pod_cidrs))

    def defaulted(self) -> List[Default]:
        """The defaults the plan applied, in the order it applied them."""
        r = self._evaluate()
        return [Default(d.field.decode(), d.value.decode(), d.source.decode()) for d in r.defaults[:r.n_defaults]]

    def flag(self, name: str) -> Optional[str]:
        """The value the plan gives a component flag ("--cluster-cidr", or
        with its component: "kube-proxy --cluster-cidr"), or None for a flag
        it does not set. In the aks-engine profile the values are what AKS
        Engine renders (its text as written)."""
        b = _text(name, "flag name")
        if b"\0" in b:  # (the C call reads a NUL-terminated name: no flag has one)
            return None
        buf = _C.create_string_buffer(_n.PLAN_TEXT_MAX)
        n = _lib.dsnet_plan_flag(_C.byref(self._evaluate()), b, buf, _n.PLAN_TEXT_MAX)
        return buf.raw[:n].decode() if n else None

    def derive(self, show_nodes: int = 3) -> dict:
        """The derived plan, as ``dsnet plan --json`` prints it under "derived"."""
        r = self._evaluate()
        fams = []
        for f in r.families[:r.n_families]:
            def pfx(has, p):
                return str(_prefix(p)) if has else None

            def adr(has, a):
                return str(_addr(a)) if has else None
            d = {"family": f.family, "clusterCIDR": pfx(f.has_cluster_cidr, f.cluster_cidr)}
            if f.node_ok:
                d.update(nodeMask=f.node_mask, nodeCapacity=f.node_capacity,
                         addressesPerNode=str(1 << f.node_host_bits),
                         podsPerNode=str((f.pods_per_node.hi << 64) | f.pods_per_node.lo))
            else:
                d.update(nodeMask=None, nodeCapacity=None, addressesPerNode=None, podsPerNode=None)
            d.update(serviceCIDR=pfx(f.has_service_cidr, f.service_cidr),
                     apiServerIP=adr(f.has_service_cidr, f.apiserver_ip), dnsServiceIP=adr(f.has_dns_ip, f.dns_ip),
                     defaultDNSServiceIP=adr(f.has_default_dns_ip, f.default_dns_ip),
                     nodeSubnet=pfx(f.has_node_subnet, f.node_subnet), vnetCIDR=pfx(f.has_vnet, f.vnet))
            fams.append(d)
        pods = []
        if r.masks_ok:
            for i in range(min(show_nodes, r.node_capacity)):
                pods.append({"index": i, "podCIDRs": [str(p) for p in self.pod_cidrs(i)]})
        flags: Dict[str, Dict[str, str]] = {"kube-controller-manager": {"--allocate-node-cidrs": "true"}}
        for comp, name in _FLAGS:
            v = self.flag(f"{comp} {name}")
            if v:
                flags.setdefault(comp, {})[name] = v
        return {"kubernetesVersion": f"1.{r.k8s_minor}",
                "kubernetesVersionDefault": "kubernetes_version" not in self._values, "networkPlugin": "azure" if r.azure else "kubenet",
                "kubeProxyMode": r.kube_proxy_mode.decode(), "maxPods": r.max_pods, "nodes": r.nodes,
                "nodeCapacity": r.node_capacity if r.masks_ok else None, "families": fams, "podCIDRs": pods,
                "flags": flags}

    @classmethod
    def from_config(cls, source, format: Optional[str] = None, **overrides) -> "Plan":
        """A plan from a config file, read by libdsnet_config (as ``dsnet plan
        --config``): a kubeadm config stream, a kind Cluster, an AKS Engine API
        model or a k3s/RKE2 config.yaml, YAML or JSON; ``source`` is a path or
        the file's text (a str with a newline, or bytes); ``format`` one of
        "kubeadm", "kind", "aks-engine", "k3s" (default: from each document).
        Keyword arguments as for Plan() override the file. A file that breaks
        the reader's rules raises Error (its message names file:line:col); its
        warnings are among ``validate()``'s findings, with their position."""
        if format not in _n.CONFIG_FORMATS:
            raise Error("inval", 0, f"format {format!r} is not one of kubeadm, kind, aks-engine, k3s")
        cl = _config_lib()
        name, data = _source(source, "source")
        cfg, err = _n.Config(), _n.Error()
        cl.dsnet_config_init(_C.byref(cfg))
        if cl.dsnet_config_read(_C.byref(cfg), name, data, len(data), _n.CONFIG_FORMATS[format], _C.byref(err)):
            _raise(err)
        pl = cfg.plan

        def text(sv):
            return _C.string_at(sv.ptr, sv.len).decode("utf-8", "surrogateescape") if sv.ptr else None
        args = {k: text(getattr(pl, k)) for k in _n.PLAN_STRING_FIELDS + ("feature_gates", "network_policy")
                + _n.PLAN_MORE_STRING_FIELDS}
        args = {k: v for k, v in args.items() if v is not None}
        pools = []
        for i in range(pl.n_pools if pl.pools else 0):
            np_ = pl.pools[i]
            d = {"count": np_.count, "control_plane": np_.control_plane}
            d.update({k: text(getattr(np_, k)) for k in _n.POOL_STRING_FIELDS if getattr(np_, k).ptr})
            pools.append(d)
        args.update({k: bool(pl.model_flags & bit) for k, bit in _MODEL_FLAGS.items()})
        args.update(pools=pools, model_max_pods=pl.model_max_pods)
        args.update(node_cidr_mask_size=pl.node_mask_flags.mask_size,
                    node_cidr_mask_size_ipv4=pl.node_mask_flags.mask_size_ipv4,
                    node_cidr_mask_size_ipv6=pl.node_mask_flags.mask_size_ipv6, max_pods=pl.max_pods, nodes=pl.nodes,
                    profile="aks-engine" if pl.profile == _n.PLAN_PROFILE_AKS_ENGINE else "kubernetes")
        args.update(overrides)
        plan = cls(**args)
        plan._config_findings = _config_findings(cfg)
        over = {"--" + k.replace("_", "-") for k in overrides}  # (a keyword is the flag's name)
        plan._config_origins = {}
        for i, o in enumerate(cfg.origin):  # per dsnet_config_field, in its order
            flag = _CONFIG_FLAGS[i]
            if o.set and flag not in over:
                plan._config_origins[flag] = (o.file.decode("utf-8", "replace"), o.line, o.column)
        return plan

    @classmethod
    def from_aks_apimodel(cls, path, **overrides) -> "Plan":
        """A plan from an AKS Engine API model (``kubernetes.json``, or the e2e
        configuration that wraps it in ``apiModel``), read by libdsnet_config:
        from_config(path, format="aks-engine"). ``featureFlags.enableIPv6DualStack``
        must be on: dsnet plans dual-stack clusters."""
        if not isinstance(path, (str, bytes, _os.PathLike)):  # (an int would open a file descriptor)
            raise TypeError(f"path must be a str, bytes or os.PathLike, not {type(path).__name__}")
        if isinstance(path, bytes):
            path = _os.fsdecode(path)
        return cls.from_config(_os.fspath(path), format="aks-engine", **overrides)


def audit(nodes, plan: "Plan", services=None) -> List[Finding]:
    """``plan.audit(nodes, services)``: a live cluster's nodes (and Services)
    against a plan, as ``dsnet audit`` does."""
    if not isinstance(plan, Plan):
        raise TypeError(f"plan must be a dsnet.Plan, not {type(plan).__name__}")
    return plan.audit(nodes, services)
