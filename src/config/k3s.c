/* dsnet config module, k3s and RKE2: /etc/rancher/{k3s,rke2}/config.yaml,
 * a flat mapping of server flags without their dashes. Both default the
 * cluster CIDR to 10.42.0.0/16 and the service CIDR to 10.43.0.0/16 with the
 * DNS service at 10.43.0.10 (k3s and RKE2 "server" flag docs); a dual-stack
 * cluster names both families. The *-arg lists carry component flags as
 * "name=value". Only the flags below are read and typed: the files hold
 * a hundred others (tokens, TLS SANs, node labels, RKE2's own, each release
 * adding some) that say nothing of the network. A key that is none of them
 * but nearly one of the network keys dsnet reads (cluster_cidr, clustercidr,
 * cluster-cidrs, Cluster-CIDR) is config_field_unknown with the key meant:
 * k3s would ignore it and take its default. */
#include <stdio.h>
#include <string.h>

#include "config_int.h"

typedef dsnet__cfg_doc doc;

static bool eq(const char *s, size_t len, const char *lit) {
  return len == strlen(lit) && memcmp(s, lit, len) == 0;
}

/* One "name=value" of a component's arg list. */
static void component_arg(doc *d, const yaml_node_t *n, const char *path) {
  size_t len;
  const char *s = dsnet__cfg_scalar(d, n, path, &len);
  if (!s)
    return;
  const char *eqs = memchr(s, '=', len);
  if (!eqs)
    return; /* a flag without a value (a boolean): nothing of the plan */
  size_t nl = (size_t)(eqs - s), vl = len - nl - 1;
  while (nl && s[0] == '-') /* "--max-pods=..." is written too */
    s++, nl--;
  static const struct {
    const char *name;
    dsnet_config_field field;
    uint64_t max;
  } nums[] = {{"node-cidr-mask-size", DSNET_CONFIG_FIELD_NODE_MASK_SIZE, 255},
              {"node-cidr-mask-size-ipv4", DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV4, 255},
              {"node-cidr-mask-size-ipv6", DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV6, 255},
              {"max-pods", DSNET_CONFIG_FIELD_MAX_PODS, 1000000}};
  for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
    if (!eq(s, nl, nums[i].name))
      continue;
    uint64_t v = 0;
    bool ok = vl > 0 && vl <= 7;
    for (size_t k = 0; ok && k < vl; k++) {
      ok = eqs[1 + k] >= '0' && eqs[1 + k] <= '9';
      v = v * 10 + (uint64_t)(eqs[1 + k] - '0');
    }
    if (!ok || v > nums[i].max) {
      dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, path,
                        "%s: \"%.*s\" is not a whole number from 0 to %llu", path,
                        (int)(vl > 40 ? 40 : vl), eqs + 1, (unsigned long long)nums[i].max);
      return;
    }
    dsnet__cfg_set_uint(d, nums[i].field, v, n, path);
    return;
  }
  static const struct {
    const char *name;
    dsnet_config_field field;
  } texts[] = {{"feature-gates", DSNET_CONFIG_FIELD_FEATURE_GATES},
               {"proxy-mode", DSNET_CONFIG_FIELD_KUBE_PROXY_MODE},
               {"node-ip", DSNET_CONFIG_FIELD_NODE_IP},
               {"advertise-address", DSNET_CONFIG_FIELD_ADVERTISE_ADDRESS}};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
    if (eq(s, nl, texts[i].name))
      dsnet__cfg_set(d, texts[i].field, eqs + 1, vl, n, path);
}

/* A *-arg key: one string or a list of them. */
static void arg_list(doc *d, const yaml_node_t *root, const char *key) {
  const yaml_node_t *n = dsnet__cfg_get(d, root, key);
  char path[DSNET_CONFIG_PATH_MAX];
  if (!n)
    return;
  if (n->type != YAML_SEQUENCE_NODE) {
    dsnet__cfg_fmt(path, sizeof path, "%s.%s", d->kind, key);
    component_arg(d, n, path);
    return;
  }
  size_t i = 0;
  for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
       it++, i++) {
    dsnet__cfg_fmt(path, sizeof path, "%s.%s[%zu]", d->kind, key, i);
    component_arg(d, yaml_document_get_node(d->doc, *it), path);
  }
}

static void take(doc *d, const yaml_node_t *root, const char *key, dsnet_config_field f) {
  char path[DSNET_CONFIG_PATH_MAX];
  dsnet__cfg_fmt(path, sizeof path, "%s.%s", d->kind, key);
  dsnet__cfg_take(d, dsnet__cfg_get(d, root, key), path, f, false);
}

static const char *const k3s_keys[] = {"cluster-cidr",       "service-cidr",
                                       "cluster-dns",        "node-ip",
                                       "advertise-address",  "kube-controller-manager-arg",
                                       "kubelet-arg",        "kube-proxy-arg",
                                       "kube-apiserver-arg", "flannel-backend",
                                       "flannel-ipv6-masq",  "cni",
                                       "disable-kube-proxy", NULL};

/* A string-slice flag (k3s' node-ip: "a,b" or a list of them) into a field
 * as one comma-separated list. */
static void string_slice(doc *d, const yaml_node_t *root, const char *key, dsnet_config_field f) {
  const yaml_node_t *n = dsnet__cfg_get(d, root, key);
  char path[DSNET_CONFIG_PATH_MAX], text[512];
  dsnet__cfg_fmt(path, sizeof path, "config.%s", key);
  if (!n || n->type != YAML_SEQUENCE_NODE) {
    dsnet__cfg_take(d, n, path, f, false);
    return;
  }
  size_t used = 0;
  for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
    size_t len;
    const char *s = dsnet__cfg_scalar(d, yaml_document_get_node(d->doc, *it), path, &len);
    if (!s)
      return;
    if (used + len + 1 > sizeof text) {
      dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, path,
                        "%s: more than %u bytes", path, (unsigned)sizeof text);
      return;
    }
    if (used)
      text[used++] = ',';
    memcpy(text + used, s, len);
    used += len;
  }
  if (used)
    dsnet__cfg_set(d, f, text, used, n, path);
}

/* A key folded for comparison: ASCII lower case, '_' as '-', a trailing '+'
 * (k3s' "append" suffix) and a trailing 's' dropped. */
static size_t fold_key(const char *s, size_t len, char out[48]) {
  size_t n = 0;
  if (len && s[len - 1] == '+')
    len--;
  for (size_t i = 0; i < len && n < 47; i++) {
    char c = s[i];
    if (c == '-' || c == '_')
      continue;
    out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  if (n > 1 && out[n - 1] == 's')
    n--;
  out[n] = '\0';
  return n;
}

/* Keys that are none of k3s' but fold onto a network key dsnet reads. */
static void near_misses(doc *d, const yaml_node_t *root) {
  static const char *const network[] = {
      "cluster-cidr",   "service-cidr",           "cluster-dns", "node-ip", "advertise-address",
      "cluster-domain", "service-node-port-range"};
  for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
       p++) {
    const yaml_node_t *k = yaml_document_get_node(d->doc, p->key);
    if (!k || k->type != YAML_SCALAR_NODE || k->data.scalar.length > 40)
      continue;
    const char *ks = (const char *)k->data.scalar.value;
    size_t kl = k->data.scalar.length;
    char a[48], b[48];
    fold_key(ks, kl, a);
    for (size_t i = 0; i < sizeof network / sizeof network[0]; i++) {
      if (eq(ks, kl, network[i]) || (kl == strlen(network[i]) + 1 && ks[kl - 1] == '+' &&
                                     memcmp(ks, network[i], kl - 1) == 0))
        break; /* the key itself, or its "+" append form */
      fold_key(network[i], strlen(network[i]), b);
      if (strcmp(a, b) == 0) {
        char path[DSNET_CONFIG_PATH_MAX];
        dsnet__cfg_fmt(path, sizeof path, "config.%.*s", (int)kl, ks);
        dsnet__cfg_report(d, DSNET_SEVERITY_WARNING, "config_field_unknown", k, path,
                          "%s: unknown key \"%.*s\" (did you mean %s? k3s and RKE2 ignore it "
                          "and take their default)",
                          path, (int)kl, ks, network[i]);
        break;
      }
    }
  }
}

bool dsnet__cfg_k3s(doc *d, bool forced, const yaml_node_t *root) {
  bool any = false;
  for (const char *const *k = k3s_keys; *k && !any; k++)
    any = dsnet__cfg_get(d, root, *k) != NULL;
  if (!any && !forced)
    return false; /* (auto: a flat mapping with none of these is not one) */
  d->kind = "config";
  static const char *const defaults[3] = {"10.42.0.0/16", "10.43.0.0/16", "10.43.0.10"};
  static const dsnet_config_field fields[3] = {DSNET_CONFIG_FIELD_CLUSTER_CIDR,
                                               DSNET_CONFIG_FIELD_SERVICE_CIDR,
                                               DSNET_CONFIG_FIELD_DNS_SERVICE_IP};
  static const char *const keys[3] = {"cluster-cidr", "service-cidr", "cluster-dns"};
  for (int i = 0; i < 3; i++) {
    if (dsnet__cfg_get(d, root, keys[i]))
      take(d, root, keys[i], fields[i]);
    else if (!d->cfg->origin[fields[i]].set)
      dsnet__cfg_set(d, fields[i], defaults[i], strlen(defaults[i]), root,
                     i == 0   ? "config.cluster-cidr (k3s' default)"
                     : i == 1 ? "config.service-cidr (k3s' default)"
                              : "config.cluster-dns (k3s' default)");
  }
  static const char *const typed[] = {"flannel-backend", "flannel-ipv6-masq", NULL};
  for (const char *const *k = typed; *k; k++) {
    char path[DSNET_CONFIG_PATH_MAX];
    dsnet__cfg_fmt(path, sizeof path, "config.%s", *k);
    dsnet__cfg_typed(d, dsnet__cfg_get(d, root, *k), path);
  }
  string_slice(d, root, "node-ip", DSNET_CONFIG_FIELD_NODE_IP);
  if (dsnet__cfg_get(d, root, "advertise-address"))
    take(d, root, "advertise-address", DSNET_CONFIG_FIELD_ADVERTISE_ADDRESS);
  near_misses(d, root);
  arg_list(d, root, "kube-controller-manager-arg");
  arg_list(d, root, "kubelet-arg");
  arg_list(d, root, "kube-proxy-arg");
  arg_list(d, root, "kube-apiserver-arg");
  return true;
}
