/* dsnet config module, the CNIs' pod address pools: Calico's IPPool
 * (projectcalico.org/v3, as calicoctl and the API server take it, and its
 * CRD form crd.projectcalico.org/v1), the operator's Installation
 * (operator.tigera.io/v1, spec.calicoNetwork.ipPools), and Cilium's Helm
 * values (ipam and ipv4/ipv6). Each pool becomes a dsnet_config_pool; what
 * a pool must satisfy against the cluster is the CNI profile's to say. */
#include <stdio.h>
#include <string.h>

#include "config_int.h"

typedef dsnet__cfg_doc doc;

/* A string of the config's text store (NULL ptr when absent or bad). */
static dsnet_strview text(doc *d, const yaml_node_t *m, const char *key, const char *path) {
  dsnet_strview v = {NULL, 0};
  const yaml_node_t *n = dsnet__cfg_get(d, m, key);
  size_t len;
  const char *s = n ? dsnet__cfg_scalar(d, n, path, &len) : NULL;
  if (s)
    v = dsnet__cfg_keep(d, s, len, n, path);
  return v;
}

static bool flag(doc *d, const yaml_node_t *m, const char *key, const char *path) {
  const yaml_node_t *n = dsnet__cfg_get(d, m, key);
  size_t len;
  const char *s = n ? dsnet__cfg_scalar(d, n, path, &len) : NULL;
  if (!s)
    return false;
  if (len == 4 && memcmp(s, "true", 4) == 0)
    return true;
  if (!(len == 5 && memcmp(s, "false", 5) == 0))
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, path,
                      "%s: \"%.*s\" is not true or false", path, (int)(len > 40 ? 40 : len), s);
  return false;
}

static dsnet_config_pool *new_pool(doc *d, dsnet_config_pool_kind kind, const yaml_node_t *at,
                                   const char *path) {
  dsnet_config *cfg = d->cfg;
  if (cfg->n_pools == DSNET_CONFIG_MAX_POOLS) {
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", at, path,
                      "%s: more than %d pools", path, DSNET_CONFIG_MAX_POOLS);
    return NULL;
  }
  dsnet_config_pool *p = &cfg->pools[cfg->n_pools++];
  memset(p, 0, sizeof *p);
  p->kind = kind;
  p->at.set = true;
  p->at.file = d->file;
  p->at.line = (uint32_t)at->start_mark.line + 1;
  p->at.column = (uint32_t)at->start_mark.column + 1;
  dsnet__cfg_fmt(p->at.path, sizeof p->at.path, "%s", path);
  return p;
}

/* One Calico pool: an IPPool's spec or an Installation's ipPools entry. */
static void calico_pool(doc *d, const yaml_node_t *spec, const char *base, bool installation) {
  static const char *const ippool_fields[] = {
      "cidr",     "blockSize",    "ipipMode",    "vxlanMode",        "natOutgoing",
      "disabled", "nodeSelector", "allowedUses", "disableBGPExport", "assignmentMode",
      "ipip",     "nat-outgoing", NULL};
  static const char *const installation_fields[] = {"name",
                                                    "cidr",
                                                    "blockSize",
                                                    "encapsulation",
                                                    "natOutgoing",
                                                    "nodeSelector",
                                                    "disableBGPExport",
                                                    "allowedUses",
                                                    "assignmentMode",
                                                    "disableNewAllocations",
                                                    NULL};
  char path[DSNET_CONFIG_PATH_MAX];
  if (!dsnet__cfg_is_map(d, spec, base))
    return;
  dsnet__cfg_known(d, spec, base, installation ? installation_fields : ippool_fields);
  const yaml_node_t *cidr = dsnet__cfg_get(d, spec, "cidr");
  dsnet__cfg_fmt(path, sizeof path, "%s.cidr", base);
  if (!cidr) {
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", spec, path,
                      "%s: a pool needs a cidr", path);
    return;
  }
  dsnet_config_pool *p = new_pool(d, DSNET_CONFIG_POOL_CALICO, cidr, path);
  if (!p)
    return;
  p->cidr = text(d, spec, "cidr", path);
  const yaml_node_t *bs = dsnet__cfg_get(d, spec, "blockSize");
  uint64_t v;
  dsnet__cfg_fmt(path, sizeof path, "%s.blockSize", base);
  if (bs && dsnet__cfg_uint(d, bs, path, 128, &v))
    p->block_size = (unsigned)v;
  dsnet__cfg_fmt(path, sizeof path, "%s.natOutgoing", base);
  if (installation) { /* the operator's API says Enabled or Disabled */
    dsnet_strview nat = text(d, spec, "natOutgoing", path);
    p->nat_outgoing = nat.len == 7 && memcmp(nat.ptr, "Enabled", 7) == 0;
    if (nat.ptr && !p->nat_outgoing && !(nat.len == 8 && memcmp(nat.ptr, "Disabled", 8) == 0))
      dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid",
                        dsnet__cfg_get(d, spec, "natOutgoing"), path,
                        "%s: \"%.*s\" is not Enabled or Disabled", path,
                        (int)(nat.len > 40 ? 40 : nat.len), nat.ptr);
  } else {
    p->nat_outgoing = flag(d, spec, "natOutgoing", path);
  }
  dsnet__cfg_fmt(path, sizeof path, "%s.disabled", base);
  p->disabled = !installation && flag(d, spec, "disabled", path);
  static const char *const modes[] = {"encapsulation", "vxlanMode", "ipipMode"};
  for (size_t i = 0; i < 3 && !p->mode.ptr; i++) {
    dsnet__cfg_fmt(path, sizeof path, "%s.%s", base, modes[i]);
    p->mode = text(d, spec, modes[i], path);
  }
  dsnet__cfg_fmt(path, sizeof path, "%s.nodeSelector", base);
  p->node_selector = text(d, spec, "nodeSelector", path);
}

static bool calico(doc *d, const char *api, const char *kind, const yaml_node_t *root) {
  bool ippool =
      (strcmp(api, "projectcalico.org/v3") == 0 || strcmp(api, "crd.projectcalico.org/v1") == 0) &&
      strcmp(kind, "IPPool") == 0;
  bool installation =
      strcmp(api, "operator.tigera.io/v1") == 0 && strcmp(kind, "Installation") == 0;
  if (!ippool && !installation)
    return false;
  const yaml_node_t *spec = dsnet__cfg_get(d, root, "spec");
  char path[DSNET_CONFIG_PATH_MAX];
  dsnet__cfg_fmt(path, sizeof path, "%s.spec", kind);
  if (ippool) {
    if (!spec)
      dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", root, path,
                        "%s: an IPPool needs a spec", path);
    else
      calico_pool(d, spec, path, false);
    return true;
  }
  const yaml_node_t *net = dsnet__cfg_get(d, spec, "calicoNetwork");
  const yaml_node_t *pools = dsnet__cfg_get(d, net, "ipPools");
  dsnet__cfg_fmt(path, sizeof path, "Installation.spec.calicoNetwork.ipPools");
  if (!pools)
    return true; /* (the operator's default pool: 192.168.0.0/16, the profile's to say) */
  if (pools->type != YAML_SEQUENCE_NODE) {
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", pools, path,
                      "%s: expected a list", path);
    return true;
  }
  size_t i = 0;
  for (yaml_node_item_t *it = pools->data.sequence.items.start; it < pools->data.sequence.items.top;
       it++, i++) {
    char ep[DSNET_CONFIG_PATH_MAX];
    dsnet__cfg_fmt(ep, sizeof ep, "%s[%zu]", path, i);
    calico_pool(d, yaml_document_get_node(d->doc, *it), ep, true);
  }
  return true;
}

/* Cilium's Helm values: the cluster-pool CIDR lists and mask sizes. */
static bool cilium(doc *d, bool forced, const yaml_node_t *root) {
  const yaml_node_t *ipam = dsnet__cfg_get(d, root, "ipam");
  if (!ipam && !forced)
    return false;
  d->kind = "values";
  if (!ipam)
    return true;
  if (!dsnet__cfg_is_map(d, ipam, "values.ipam"))
    return true;
  dsnet_strview mode = text(d, ipam, "mode", "values.ipam.mode");
  const yaml_node_t *op = dsnet__cfg_get(d, ipam, "operator");
  static const char *const lists[2] = {"clusterPoolIPv4PodCIDRList", "clusterPoolIPv6PodCIDRList"};
  static const char *const masks[2] = {"clusterPoolIPv4MaskSize", "clusterPoolIPv6MaskSize"};
  static const char *const enabled[2] = {"ipv4", "ipv6"};
  for (int f = 0; f < 2; f++) {
    char path[DSNET_CONFIG_PATH_MAX];
    const yaml_node_t *list = dsnet__cfg_get(d, op, lists[f]);
    if (!list)
      continue;
    dsnet__cfg_fmt(path, sizeof path, "values.ipam.operator.%s", lists[f]);
    if (list->type != YAML_SEQUENCE_NODE) {
      dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", list, path,
                        "%s: expected a list of CIDRs", path);
      continue;
    }
    uint64_t bs = 0;
    const yaml_node_t *m = dsnet__cfg_get(d, op, masks[f]);
    char mp[DSNET_CONFIG_PATH_MAX];
    dsnet__cfg_fmt(mp, sizeof mp, "values.ipam.operator.%s", masks[f]);
    if (m)
      (void)dsnet__cfg_uint(d, m, mp, f ? 128 : 32, &bs);
    /* the family switched off in ipv4.enabled/ipv6.enabled (Cilium's
     * defaults: IPv4 on, IPv6 off) leaves its pool unused */
    const yaml_node_t *fam = dsnet__cfg_get(d, root, enabled[f]);
    char ep[DSNET_CONFIG_PATH_MAX];
    dsnet__cfg_fmt(ep, sizeof ep, "values.%s.enabled", enabled[f]);
    bool on = f == 0;
    if (fam && dsnet__cfg_get(d, fam, "enabled"))
      on = flag(d, fam, "enabled", ep);
    size_t i = 0;
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++, i++) {
      const yaml_node_t *e = yaml_document_get_node(d->doc, *it);
      char ip[DSNET_CONFIG_PATH_MAX];
      dsnet__cfg_fmt(ip, sizeof ip, "%s[%zu]", path, i);
      size_t len;
      const char *s = dsnet__cfg_scalar(d, e, ip, &len);
      if (!s)
        continue;
      dsnet_config_pool *p = new_pool(d, DSNET_CONFIG_POOL_CILIUM, e, ip);
      if (!p)
        return true;
      p->cidr = dsnet__cfg_keep(d, s, len, e, ip);
      p->block_size = (unsigned)bs;
      p->disabled = !on;
      p->mode = mode;
    }
  }
  return true;
}

bool dsnet__cfg_cni(doc *d, dsnet_config_format format, const char *api, const char *kind,
                    const yaml_node_t *root) {
  if ((format == DSNET_CONFIG_FORMAT_AUTO || format == DSNET_CONFIG_FORMAT_CALICO) &&
      calico(d, api, kind, root))
    return true;
  if ((format == DSNET_CONFIG_FORMAT_AUTO || format == DSNET_CONFIG_FORMAT_CILIUM) && !api[0] &&
      !kind[0])
    return cilium(d, format == DSNET_CONFIG_FORMAT_CILIUM, root);
  return false;
}
