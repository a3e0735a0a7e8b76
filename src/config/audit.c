/* dsnet config module, the audit of a live cluster: `kubectl get nodes -o
 * json` (and `kubectl get services -A -o json`) against the plan. kube-controller-manager gives
 * every node one node CIDR of each cluster CIDR, in --cluster-cidr order, each family from its own
 * CIDR set (so the two indexes may differ), and writes them as spec.podCIDRs with spec.podCIDR its
 * first (pkg/controller/nodeipam/ipam/ range_allocator.go); two nodes never share one. A node that
 * has none was not given one (a full set, or an allocator that is off). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"

typedef dsnet__cfg_doc doc;

/* One podCIDR seen, for the duplicate and overlap pass. */
typedef struct seen {
  dsnet_prefix p;
  const yaml_node_t *at;
  char node[96]; /* a node's name, a Service's namespace/name */
} seen;

typedef struct audit {
  const dsnet_plan_result *plan;
  size_t items; /* nodes or Services read */
  seen *list;
  size_t n, cap;
  bool oom;
} audit;

#define E DSNET_SEVERITY_ERROR
#define W DSNET_SEVERITY_WARNING

static const char *fam(unsigned f) {
  return f == DSNET_FAMILY_IPV4 ? "IPv4" : "IPv6";
}

static void remember(audit *a, const dsnet_prefix *p, const yaml_node_t *at, const char *node) {
  if (a->n == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 256;
    seen *l = cap <= SIZE_MAX / sizeof *l ? realloc(a->list, cap * sizeof *l) : NULL;
    if (!l) {
      a->oom = true;
      return;
    }
    a->list = l;
    a->cap = cap;
  }
  seen *s = &a->list[a->n++];
  s->p = *p;
  s->at = at;
  dsnet__cfg_fmt(s->node, sizeof s->node, "%s", node);
}

static int before(const void *x, const void *y) {
  const seen *a = x, *b = y;
  int c = dsnet_prefix_compare(&a->p, &b->p);
  return c ? c : strcmp(a->node, b->node);
}

/* One node's spec.podCIDR(s) and InternalIPs. */
static void node(doc *d, audit *a, const yaml_node_t *n, size_t i) {
  const dsnet_plan_result *r = a->plan;
  char path[DSNET_CONFIG_PATH_MAX], name[64] = "";
  dsnet__cfg_fmt(path, sizeof path, "items[%zu]", i);
  if (!dsnet__cfg_is_map(d, n, path))
    return;
  a->items++;
  const yaml_node_t *meta = dsnet__cfg_get(d, n, "metadata"), *spec = dsnet__cfg_get(d, n, "spec");
  size_t len;
  const char *s = dsnet__cfg_scalar(d, dsnet__cfg_get(d, meta, "name"), path, &len);
  if (s)
    dsnet__cfg_fmt(name, sizeof name, "%.*s", (int)(len > 63 ? 63 : len), s);
  dsnet__cfg_fmt(path, sizeof path, "items[%zu](%s).spec.podCIDRs", i, name);
  const yaml_node_t *list = dsnet__cfg_get(d, spec, "podCIDRs"),
                    *one = dsnet__cfg_get(d, spec, "podCIDR");
  const yaml_node_t *items[3] = {NULL, NULL, NULL};
  size_t count = 0;
  if (list && list->type == YAML_SEQUENCE_NODE) {
    for (yaml_node_item_t *it = list->data.sequence.items.start;
         it < list->data.sequence.items.top && count < 3; it++)
      items[count++] = yaml_document_get_node(d->doc, *it);
  } else if (list) {
    dsnet__cfg_report(d, E, "config_field_invalid", list, path, "%s: expected a list", path);
    return;
  } else if (one) {
    items[count++] = one;
  }
  if (count == 0) {
    dsnet__cfg_report(d, E, "audit_pod_cidr_missing", spec ? spec : n, path,
                      "node %s has no podCIDR: kube-controller-manager gave it none (its CIDR "
                      "set is full, or it does not allocate node CIDRs)",
                      name);
    return;
  }
  if (one && list && count) {
    size_t l1, l2;
    const char *a1 = dsnet__cfg_scalar(d, one, path, &l1),
               *a2 = dsnet__cfg_scalar(d, items[0], path, &l2);
    if (a1 && a2 && (l1 != l2 || memcmp(a1, a2, l1) != 0))
      dsnet__cfg_report(d, E, "audit_pod_cidr_mismatch", one, path,
                        "node %s: spec.podCIDR %.*s is not spec.podCIDRs[0] %.*s", name,
                        (int)(l1 > 64 ? 64 : l1), a1, (int)(l2 > 64 ? 64 : l2), a2);
  }
  if (count > r->cluster.count)
    dsnet__cfg_report(d, E, "audit_pod_cidr_count", list, path,
                      "node %s has %zu podCIDRs but the cluster has %zu cluster CIDRs", name, count,
                      r->cluster.count);
  bool has_family[2] = {false, false};
  for (size_t k = 0; k < count; k++) {
    dsnet_prefix p;
    dsnet_error e;
    s = dsnet__cfg_scalar(d, items[k], path, &len);
    if (!s)
      continue;
    if (dsnet_prefix_parse(s, len, 0, &p, &e) != DSNET_OK) {
      dsnet__cfg_report(d, E, "audit_pod_cidr_invalid", items[k], path, "node %s: %s", name,
                        e.message);
      continue;
    }
    char t[DSNET_PREFIX_STRLEN], c[DSNET_PREFIX_STRLEN];
    dsnet_prefix_format(&p, t, sizeof t);
    int ci = dsnet_dualstack_cidrs_find(&r->cluster, p.addr.family);
    has_family[p.addr.family == DSNET_FAMILY_IPV6] = true;
    if (ci < 0) {
      dsnet__cfg_report(d, E, "audit_pod_cidr_outside", items[k], path,
                        "node %s: podCIDR %s is %s but the cluster has no %s cluster CIDR", name, t,
                        fam(p.addr.family), fam(p.addr.family));
      continue;
    }
    const dsnet_prefix *cl = &r->cluster.cidr[ci];
    dsnet_prefix_format(cl, c, sizeof c);
    if ((size_t)ci != k)
      dsnet__cfg_report(d, E, "audit_pod_cidr_family_order", items[k], path,
                        "node %s: podCIDRs[%zu] %s is %s, but the cluster's %s family is %s "
                        "(kube-controller-manager writes them in --cluster-cidr order)",
                        name, k, t, fam(p.addr.family), k == 0 ? "primary" : "secondary",
                        fam(r->cluster.cidr[k < r->cluster.count ? k : 0].addr.family));
    if (!dsnet_prefix_contains(cl, &p)) {
      dsnet__cfg_report(d, E, "audit_pod_cidr_outside", items[k], path,
                        "node %s: podCIDR %s is outside the cluster CIDR %s", name, t, c);
      continue;
    }
    if (p.len != r->masks.mask[ci])
      dsnet__cfg_report(d, E, "audit_pod_cidr_mask", items[k], path,
                        "node %s: podCIDR %s is a /%u, the %s node mask is /%u", name, t, p.len,
                        fam(p.addr.family), r->masks.mask[ci]);
    remember(a, &p, items[k], name);
  }
  for (size_t k = 0; k < r->cluster.count; k++) {
    unsigned f = r->cluster.cidr[k].addr.family;
    if (!has_family[f == DSNET_FAMILY_IPV6])
      dsnet__cfg_report(d, E, "audit_pod_cidr_family_missing", list ? list : one, path,
                        "node %s has no %s podCIDR: the cluster is dual-stack", name, fam(f));
  }
  /* status.addresses: an InternalIP of each family of a dual-stack cluster */
  if (r->cluster.count < 2)
    return;
  const yaml_node_t *st = dsnet__cfg_get(d, n, "status"),
                    *addrs = dsnet__cfg_get(d, st, "addresses");
  if (!addrs || addrs->type != YAML_SEQUENCE_NODE)
    return;
  bool ip[2] = {false, false};
  for (yaml_node_item_t *it = addrs->data.sequence.items.start; it < addrs->data.sequence.items.top;
       it++) {
    const yaml_node_t *e = yaml_document_get_node(d->doc, *it), *ty = dsnet__cfg_get(d, e, "type");
    size_t tl, al;
    const char *tt = ty && ty->type == YAML_SCALAR_NODE ? (const char *)ty->data.scalar.value : "";
    tl = ty && ty->type == YAML_SCALAR_NODE ? ty->data.scalar.length : 0;
    if (tl != 10 || memcmp(tt, "InternalIP", 10) != 0)
      continue;
    const char *av = dsnet__cfg_scalar(d, dsnet__cfg_get(d, e, "address"), path, &al);
    dsnet_addr x;
    if (av && dsnet_addr_parse(av, al, DSNET_PARSE_SLOPPY, &x, NULL) == DSNET_OK)
      ip[x.family == DSNET_FAMILY_IPV6] = true;
  }
  dsnet__cfg_fmt(path, sizeof path, "items[%zu](%s).status.addresses", i, name);
  for (int f = 0; f < 2; f++)
    if (!ip[f])
      dsnet__cfg_report(d, W, "audit_internal_ip_family_missing", addrs, path,
                        "node %s has no %s InternalIP: kubelet's --node-ip names one family, so "
                        "its pods' %s traffic has no node address",
                        name, f ? "IPv6" : "IPv4", f ? "IPv6" : "IPv4");
}

/* Every item of a kubectl list (kind names it in the paths, what in the
 * message when there are no items), then the sorted list of what was seen;
 * false when it is not such a list. */
static bool each_item(doc *d, audit *a, const char *kind, const char *what,
                      void (*fn)(doc *, audit *, const yaml_node_t *, size_t)) {
  const yaml_node_t *root = yaml_document_get_root_node(d->doc);
  const yaml_node_t *items = dsnet__cfg_get(d, root, "items");
  d->kind = kind;
  if (!items || items->type != YAML_SEQUENCE_NODE) {
    dsnet__cfg_report(d, E, "config_kind_unknown", root, "", "not %s: no items", what);
    return false;
  }
  size_t i = 0;
  for (yaml_node_item_t *it = items->data.sequence.items.start; it < items->data.sequence.items.top;
       it++, i++)
    fn(d, a, yaml_document_get_node(d->doc, *it), i);
  if (a->n > 1)
    qsort(a->list, a->n, sizeof a->list[0], before);
  return true;
}

static void nodes_document(doc *d, void *arg) {
  audit *a = arg;
  const yaml_node_t *root = yaml_document_get_root_node(d->doc);
  if (!each_item(d, a, "NodeList", "a node list (kubectl get nodes -o json)", node))
    return;
  /* duplicates and overlaps, over every node's podCIDRs (sorted) */
  for (size_t k = 1; k < a->n; k++) {
    const seen *p = &a->list[k - 1], *q = &a->list[k];
    const seen *later = q->at->start_mark.index >= p->at->start_mark.index ? q : p;
    char where[DSNET_CONFIG_PATH_MAX];
    dsnet__cfg_fmt(where, sizeof where, "items(%s).spec.podCIDRs", later->node);
    char t[DSNET_PREFIX_STRLEN], u[DSNET_PREFIX_STRLEN];
    dsnet_prefix_format(&q->p, t, sizeof t);
    dsnet_prefix_format(&p->p, u, sizeof u);
    if (dsnet_prefix_equal(&p->p, &q->p))
      dsnet__cfg_report(d, E, "audit_pod_cidr_duplicate", later->at, where,
                        "nodes %s and %s have the same podCIDR %s", p->node, q->node, t);
    else if (dsnet_prefix_overlaps(&p->p, &q->p))
      dsnet__cfg_report(d, E, "audit_pod_cidr_overlap", later->at, where,
                        "node %s's podCIDR %s overlaps node %s's %s", q->node, t, p->node, u);
  }
  if (a->oom)
    dsnet__cfg_report(d, E, "config_limit", root, "",
                      "out of memory for %zu podCIDRs: duplicates not checked", a->n);
}

/* One audit: the checks of fn over the list in data, the count of its items. */
static dsnet_status run(dsnet_config *report, const dsnet_plan_result *plan, const char *file,
                        const char *data, size_t len, dsnet__cfg_doc_fn fn, size_t *n_items,
                        dsnet_error *err) {
  audit a;
  memset(&a, 0, sizeof a);
  a.plan = plan;
  dsnet_status st = dsnet__cfg_read_docs(report, file, data, len, fn, &a, err);
  free(a.list);
  if (n_items)
    *n_items = a.items;
  return st;
}

dsnet_status dsnet_config_audit_nodes(dsnet_config *report, const dsnet_plan_result *plan,
                                      const char *file, const char *data, size_t len,
                                      size_t *n_nodes, dsnet_error *err) {
  if (!report || !plan || !file || (!data && len))
    return dsnet__cfg_einval(err, "dsnet_config_audit_nodes: invalid argument");
  if (!plan->cluster_ok || !plan->masks_ok)
    return dsnet__cfg_einval(
        err, "dsnet_config_audit_nodes: the plan has no valid cluster CIDRs and node masks");
  return run(report, plan, file, data, len, nodes_document, n_nodes, err);
}

/* ---- Services: kubectl get services -A -o json ------------------------------------- */

/* One Service's family fields against the cluster's service ranges
 * (kube-apiserver checked them when they were written: what breaks now is
 * a cluster whose ranges changed under them, or objects written elsewhere). */
static void service(doc *d, audit *a, const yaml_node_t *n, size_t i) {
  const dsnet_plan_result *r = a->plan;
  char path[DSNET_CONFIG_PATH_MAX], name[96] = "";
  dsnet__cfg_fmt(path, sizeof path, "items[%zu]", i);
  if (!dsnet__cfg_is_map(d, n, path))
    return;
  a->items++;
  const yaml_node_t *meta = dsnet__cfg_get(d, n, "metadata"), *spec = dsnet__cfg_get(d, n, "spec");
  size_t l1, l2;
  const char *ns = dsnet__cfg_scalar(d, dsnet__cfg_get(d, meta, "namespace"), path, &l1);
  const char *nm = dsnet__cfg_scalar(d, dsnet__cfg_get(d, meta, "name"), path, &l2);
  dsnet__cfg_fmt(name, sizeof name, "%.*s/%.*s", ns ? (int)(l1 > 40 ? 40 : l1) : 0, ns ? ns : "",
                 nm ? (int)(l2 > 50 ? 50 : l2) : 0, nm ? nm : "");
  dsnet__cfg_fmt(path, sizeof path, "items[%zu](%s).spec", i, name);
  size_t tl = 0;
  const yaml_node_t *type = dsnet__cfg_get(d, spec, "type");
  const char *t = type ? dsnet__cfg_scalar(d, type, path, &tl) : NULL;
  if (t && tl == 12 && memcmp(t, "ExternalName", 12) == 0)
    return;
  const yaml_node_t *ips = dsnet__cfg_get(d, spec, "clusterIPs"),
                    *fams = dsnet__cfg_get(d, spec, "ipFamilies");
  const yaml_node_t *ip_at[2] = {NULL, NULL}, *fam_at[2] = {NULL, NULL};
  size_t nips = 0, nfams = 0;
  for (yaml_node_item_t *it =
           ips && ips->type == YAML_SEQUENCE_NODE ? ips->data.sequence.items.start : NULL;
       it && it < ips->data.sequence.items.top && nips < 2; it++)
    ip_at[nips++] = yaml_document_get_node(d->doc, *it);
  for (yaml_node_item_t *it =
           fams && fams->type == YAML_SEQUENCE_NODE ? fams->data.sequence.items.start : NULL;
       it && it < fams->data.sequence.items.top && nfams < 2; it++)
    fam_at[nfams++] = yaml_document_get_node(d->doc, *it);
  /* a headless Service without a selector may name both families on any
   * cluster (initIPFamilyFields' special case): only its IPs are checked */
  size_t hl = 0;
  const char *h = nips ? dsnet__cfg_scalar(d, ip_at[0], path, &hl) : NULL;
  const yaml_node_t *sel = dsnet__cfg_get(d, spec, "selector");
  bool loose = h && hl == 4 && memcmp(h, "None", 4) == 0 &&
               (!sel || (sel->type == YAML_MAPPING_NODE &&
                         sel->data.mapping.pairs.top == sel->data.mapping.pairs.start));
  if (loose)
    nfams = 0;
  /* the families: each one the cluster has a service range of */
  unsigned famv[2] = {0, 0};
  for (size_t k = 0; k < nfams; k++) {
    size_t fl;
    const char *f = dsnet__cfg_scalar(d, fam_at[k], path, &fl);
    famv[k] = f && fl == 4 && memcmp(f, "IPv4", 4) == 0   ? 4u
              : f && fl == 4 && memcmp(f, "IPv6", 4) == 0 ? 6u
                                                          : 0u;
    if (famv[k] && dsnet_dualstack_cidrs_find(&r->service, famv[k]) < 0)
      dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "audit_service_family_not_configured", fam_at[k],
                        path, "Service %s: ipFamilies[%zu] %s has no service range on this cluster",
                        name, k, famv[k] == 4 ? "IPv4" : "IPv6");
  }
  const yaml_node_t *pol = dsnet__cfg_get(d, spec, "ipFamilyPolicy");
  size_t pl = 0;
  const char *p = pol ? dsnet__cfg_scalar(d, pol, path, &pl) : NULL;
  if (p && pl == 11 && memcmp(p, "SingleStack", 11) == 0 && (nfams > 1 || nips > 1))
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "audit_service_policy", pol, path,
                      "Service %s is SingleStack with two families or cluster IPs", name);
  if (p && pl == 16 && memcmp(p, "RequireDualStack", 16) == 0 && r->service.count < 2 && !loose)
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "audit_service_policy", pol, path,
                      "Service %s requires dual-stack but the cluster has one service range", name);
  /* the cluster IPs: inside their family's range, of the family named, unique */
  for (size_t k = 0; k < nips; k++) {
    size_t il;
    const char *s = dsnet__cfg_scalar(d, ip_at[k], path, &il);
    dsnet_addr x;
    if (!s || (il == 4 && memcmp(s, "None", 4) == 0) ||
        dsnet_addr_parse(s, il, DSNET_PARSE_SLOPPY, &x, NULL) != DSNET_OK)
      continue;
    if (dsnet_addr_is_ipv4_mapped(&x))
      dsnet_addr_unmap(&x, &x);
    char at_[DSNET_ADDR_STRLEN], rg[DSNET_PREFIX_STRLEN];
    dsnet_addr_format(&x, at_, sizeof at_);
    if (k < nfams && famv[k] && famv[k] != x.family)
      dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "audit_service_family_mismatch", ip_at[k], path,
                        "Service %s: clusterIPs[%zu] %s is not of ipFamilies[%zu]", name, k, at_,
                        k);
    int ri = dsnet_dualstack_cidrs_find(&r->service, x.family);
    if (ri < 0 || !dsnet_prefix_contains_addr(&r->service.cidr[ri], &x)) {
      if (ri >= 0)
        dsnet_prefix_format(&r->service.cidr[ri], rg, sizeof rg);
      dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "audit_service_ip_outside", ip_at[k], path,
                        "Service %s: cluster IP %s is outside %s%s", name, at_,
                        ri < 0 ? "every service range" : "the service range ", ri < 0 ? "" : rg);
      continue;
    }
    dsnet_prefix host;
    dsnet_prefix_from_addr(&x, dsnet_family_bits(x.family), 0, &host, NULL);
    remember(a, &host, ip_at[k], name);
  }
}

static void services_document(doc *d, void *arg) {
  audit *a = arg;
  if (!each_item(d, a, "ServiceList", "a Service list (kubectl get services -A -o json)", service))
    return;
  for (size_t k = 1; k < a->n; k++)
    if (dsnet_prefix_equal(&a->list[k - 1].p, &a->list[k].p)) {
      char t[DSNET_ADDR_STRLEN];
      dsnet_addr_format(&a->list[k].p.addr, t, sizeof t);
      dsnet__cfg_report(d, E, "audit_service_ip_duplicate", a->list[k].at, "spec.clusterIPs",
                        "Services %s and %s have the same cluster IP %s", a->list[k - 1].node,
                        a->list[k].node, t);
    }
}

dsnet_status dsnet_config_audit_services(dsnet_config *report, const dsnet_plan_result *plan,
                                         const char *file, const char *data, size_t len,
                                         size_t *n_services, dsnet_error *err) {
  if (!report || !plan || !file || (!data && len))
    return dsnet__cfg_einval(err, "dsnet_config_audit_services: invalid argument");
  if (!plan->service_ok)
    return dsnet__cfg_einval(err,
                             "dsnet_config_audit_services: the plan has no valid service ranges");
  return run(report, plan, file, data, len, services_document, n_services, err);
}
