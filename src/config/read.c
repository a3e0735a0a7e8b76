/* dsnet config module: files in. libyaml reads the bytes (YAML 1.1, which
 * takes JSON too); a first pass over its events enforces the limits before
 * any document is built, then each document is loaded and handed to the
 * format that knows its apiVersion and kind (kube.c). Values reach the
 * plan as text copied into the config, with their file positions. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config_int.h"

static const char *const flags[] = {"--cluster-cidr",
                                    "--service-cidr",
                                    "--dns-service-ip",
                                    "--kubernetes-version",
                                    "--kube-proxy-mode",
                                    "--feature-gates",
                                    "--node-cidr-mask-size",
                                    "--node-cidr-mask-size-ipv4",
                                    "--node-cidr-mask-size-ipv6",
                                    "--max-pods",
                                    "--nodes",
                                    "--network-plugin",
                                    "--vnet-cidr",
                                    "--docker-bridge-subnet",
                                    "--profile",
                                    "--network-policy",
                                    "--advertise-address",
                                    "--node-ip",
                                    "--network-mode",
                                    "--load-balancer-sku",
                                    "--model-max-pods",
                                    "--ipv6-only",
                                    "--exclude-master-from-standard-lb",
                                    "--load-balancer-outbound-ips",
                                    "--azure-stack",
                                    "--windows-version",
                                    "--pool"};

_Static_assert(sizeof flags / sizeof flags[0] == DSNET_CONFIG_FIELD_COUNT,
               "a flag for every dsnet_config_field");

void dsnet_config_init(dsnet_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  dsnet_plan_init(&cfg->plan);
}

const char *dsnet_config_field_flag(dsnet_config_field field) {
  return (unsigned)field < DSNET_CONFIG_FIELD_COUNT ? flags[field] : "";
}

const dsnet_config_origin *dsnet_config_origin_of(const dsnet_config *cfg, const char *flag) {
  if (!flag)
    return NULL;
  for (unsigned f = 0; f < DSNET_CONFIG_FIELD_COUNT; f++)
    if (strcmp(flags[f], flag) == 0)
      return cfg->origin[f].set ? &cfg->origin[f] : NULL;
  return NULL;
}

const char *dsnet_config_format_name(dsnet_config_format format) {
  switch (format) {
  case DSNET_CONFIG_FORMAT_AUTO:
    return "auto";
  case DSNET_CONFIG_FORMAT_KUBEADM:
    return "kubeadm";
  case DSNET_CONFIG_FORMAT_KIND:
    return "kind";
  case DSNET_CONFIG_FORMAT_AKS_ENGINE:
    return "aks-engine";
  case DSNET_CONFIG_FORMAT_K3S:
    return "k3s";
  case DSNET_CONFIG_FORMAT_CALICO:
    return "calico";
  case DSNET_CONFIG_FORMAT_CILIUM:
    return "cilium";
  }
  return "";
}

/* ---- findings ---------------------------------------------------------------------- */

/* One read: where the findings go and the first error's status. */
typedef struct reading {
  dsnet__cfg_doc d;
  dsnet_status first;
  size_t first_offset;
  char first_message[DSNET_ERROR_MESSAGE_MAX];
} reading;

static dsnet_status status_of(const char *code) {
  if (strcmp(code, "config_syntax") == 0)
    return DSNET_ECONFIG_SYNTAX;
  if (strcmp(code, "config_limit") == 0)
    return DSNET_ECONFIG_LIMIT;
  if (strcmp(code, "config_kind_unknown") == 0)
    return DSNET_ECONFIG_KIND;
  return DSNET_ECONFIG_INVALID;
}

static void vadd(dsnet__cfg_doc *d, dsnet_severity sev, const char *code, size_t line,
                 size_t column, size_t offset, const char *path, const char *fmt, va_list ap) {
  dsnet_config *cfg = d->cfg;
  reading *r = (reading *)(void *)d; /* d is a reading's first member */
  char msg[DSNET_ERROR_MESSAGE_MAX];
  vsnprintf(msg, sizeof msg, fmt, ap);
  cfg->n_findings_total++;
  if (sev == DSNET_SEVERITY_ERROR) {
    cfg->n_errors++;
    if (r->first == DSNET_OK) {
      r->first = status_of(code);
      r->first_offset = offset;
      /* (cut to the record's size when the file name is long) */
      dsnet__cfg_fmt(r->first_message, sizeof r->first_message, "%s:%zu:%zu: %s", d->file, line + 1,
                     column + 1, msg);
    }
  }
  if (cfg->n_findings >= DSNET_CONFIG_MAX_FINDINGS)
    return;
  dsnet_config_finding *f = &cfg->findings[cfg->n_findings++];
  f->severity = sev;
  f->code = code;
  f->at.set = true;
  f->at.file = d->file;
  f->at.line = (uint32_t)(line + 1);
  f->at.column = (uint32_t)(column + 1);
  dsnet__cfg_fmt(f->at.path, sizeof f->at.path, "%s", path ? path : "");
  memcpy(f->message, msg, sizeof msg);
}

static void add_at(dsnet__cfg_doc *d, dsnet_severity sev, const char *code, yaml_mark_t m,
                   const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vadd(d, sev, code, m.line, m.column, m.index, path, fmt, ap);
  va_end(ap);
}

void dsnet__cfg_report(dsnet__cfg_doc *d, dsnet_severity sev, const char *code,
                       const yaml_node_t *n, const char *path, const char *fmt, ...) {
  yaml_mark_t m = {0, 0, 0};
  if (n)
    m = n->start_mark;
  va_list ap;
  va_start(ap, fmt);
  vadd(d, sev, code, m.line, m.column, m.index, path, fmt, ap);
  va_end(ap);
}

/* ---- the document walk --------------------------------------------------------------- */

void dsnet__cfg_fmt(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (vsnprintf(buf, cap, fmt, ap) < 0 && cap)
    buf[0] = '\0';
  va_end(ap);
}

static bool is_scalar(const yaml_node_t *n, const char *s) {
  size_t len = strlen(s);
  return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == len &&
         memcmp(n->data.scalar.value, s, len) == 0;
}

/* A key naming a field: exactly, or (fold_keys) as Go's encoding/json
 * matches keys to struct fields, ignoring the case of ASCII letters. */
static bool key_is(const dsnet__cfg_doc *d, const yaml_node_t *n, const char *s) {
  if (!d->fold_keys)
    return is_scalar(n, s);
  size_t len = strlen(s);
  if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.length != len)
    return false;
  for (size_t i = 0; i < len; i++) {
    unsigned char a = n->data.scalar.value[i], b = (unsigned char)s[i];
    if (a != b && !((a | 0x20) == (b | 0x20) && (b | 0x20) >= 'a' && (b | 0x20) <= 'z'))
      return false;
  }
  return true;
}

yaml_node_t *dsnet__cfg_get(const dsnet__cfg_doc *d, const yaml_node_t *m, const char *key) {
  if (!m || m->type != YAML_MAPPING_NODE)
    return NULL;
  yaml_node_t *found = NULL;
  for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++)
    if (key_is(d, yaml_document_get_node(d->doc, p->key), key))
      found = yaml_document_get_node(d->doc, p->value); /* the last of equal keys, as Go's */
  return found;
}

static const char *type_name(const yaml_node_t *n) {
  return n->type == YAML_MAPPING_NODE    ? "a mapping"
         : n->type == YAML_SEQUENCE_NODE ? "a list"
                                         : "a scalar";
}

bool dsnet__cfg_is_map(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path) {
  if (n && n->type == YAML_MAPPING_NODE)
    return true;
  if (n)
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, path,
                      "%s: expected a mapping, found %s", path, type_name(n));
  return false;
}

void dsnet__cfg_known(dsnet__cfg_doc *d, const yaml_node_t *m, const char *path,
                      const char *const *known) {
  if (!m || m->type != YAML_MAPPING_NODE)
    return;
  for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
    const yaml_node_t *k = yaml_document_get_node(d->doc, p->key);
    bool ok = false;
    for (const char *const *s = known; *s && !ok; s++)
      ok = key_is(d, k, *s);
    if (ok)
      continue;
    if (k->type != YAML_SCALAR_NODE) {
      dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", k, path,
                        "%s: a key is %s, not a field name", path, type_name(k));
      continue;
    }
    int n = k->data.scalar.length > 64 ? 64 : (int)k->data.scalar.length;
    dsnet__cfg_report(d, DSNET_SEVERITY_WARNING, "config_field_unknown", k, path,
                      "%s: unknown field \"%.*s\" (dsnet does not read it)", path, n,
                      (const char *)k->data.scalar.value);
  }
}

const char *dsnet__cfg_scalar(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path,
                              size_t *len) {
  if (n && n->type == YAML_SCALAR_NODE) {
    *len = n->data.scalar.length;
    return (const char *)n->data.scalar.value;
  }
  if (n)
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, path,
                      "%s: expected a string, found %s", path, type_name(n));
  return NULL;
}

bool dsnet__cfg_uint(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path, uint64_t max,
                     uint64_t *out) {
  size_t len;
  const char *s = dsnet__cfg_scalar(d, n, path, &len);
  if (!s)
    return false;
  uint64_t v = 0;
  bool ok = len > 0 && len <= 20;
  for (size_t i = 0; ok && i < len; i++) {
    ok = s[i] >= '0' && s[i] <= '9' && v <= (max - (uint64_t)(s[i] - '0')) / 10;
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (!ok) {
    int w = len > 64 ? 64 : (int)len;
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, path,
                      "%s: \"%.*s\" is not a whole number from 0 to %llu", path, w, s,
                      (unsigned long long)max);
    return false;
  }
  *out = v;
  return true;
}

/* ---- values into the plan ----------------------------------------------------------- */

static dsnet_strview *text_field(dsnet_plan *p, dsnet_config_field f) {
  switch (f) {
  case DSNET_CONFIG_FIELD_CLUSTER_CIDR:
    return &p->cluster_cidr;
  case DSNET_CONFIG_FIELD_SERVICE_CIDR:
    return &p->service_cidr;
  case DSNET_CONFIG_FIELD_DNS_SERVICE_IP:
    return &p->dns_service_ip;
  case DSNET_CONFIG_FIELD_KUBERNETES_VERSION:
    return &p->kubernetes_version;
  case DSNET_CONFIG_FIELD_KUBE_PROXY_MODE:
    return &p->kube_proxy_mode;
  case DSNET_CONFIG_FIELD_FEATURE_GATES:
    return &p->feature_gates;
  case DSNET_CONFIG_FIELD_NETWORK_PLUGIN:
    return &p->network_plugin;
  case DSNET_CONFIG_FIELD_VNET_CIDR:
    return &p->vnet_cidr;
  case DSNET_CONFIG_FIELD_DOCKER_BRIDGE_SUBNET:
    return &p->docker_bridge_subnet;
  case DSNET_CONFIG_FIELD_NETWORK_POLICY:
    return &p->network_policy;
  case DSNET_CONFIG_FIELD_ADVERTISE_ADDRESS:
    return &p->advertise_address;
  case DSNET_CONFIG_FIELD_NODE_IP:
    return &p->node_ip;
  case DSNET_CONFIG_FIELD_NETWORK_MODE:
    return &p->network_mode;
  case DSNET_CONFIG_FIELD_LOAD_BALANCER_SKU:
    return &p->load_balancer_sku;
  case DSNET_CONFIG_FIELD_WINDOWS_VERSION:
    return &p->windows_version;
  default:
    return NULL;
  }
}

static uint64_t *number_field(dsnet_plan *p, dsnet_config_field f, unsigned **small) {
  *small = NULL;
  switch (f) {
  case DSNET_CONFIG_FIELD_NODE_MASK_SIZE:
    *small = &p->node_mask_flags.mask_size;
    return NULL;
  case DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV4:
    *small = &p->node_mask_flags.mask_size_ipv4;
    return NULL;
  case DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV6:
    *small = &p->node_mask_flags.mask_size_ipv6;
    return NULL;
  case DSNET_CONFIG_FIELD_MAX_PODS:
    return &p->max_pods;
  case DSNET_CONFIG_FIELD_NODES:
    return &p->nodes;
  case DSNET_CONFIG_FIELD_MODEL_MAX_PODS:
    return &p->model_max_pods;
  default:
    return NULL;
  }
}

static void set_origin(dsnet__cfg_doc *d, dsnet_config_field f, const yaml_node_t *n,
                       const char *path) {
  dsnet_config_origin *o = &d->cfg->origin[f];
  o->set = true;
  o->file = d->file;
  o->line = n ? (uint32_t)n->start_mark.line + 1 : 1;
  o->column = n ? (uint32_t)n->start_mark.column + 1 : 1;
  dsnet__cfg_fmt(o->path, sizeof o->path, "%s", path);
}

static void conflict(dsnet__cfg_doc *d, dsnet_config_field f, const yaml_node_t *n,
                     const char *path) {
  const dsnet_config_origin *o = &d->cfg->origin[f];
  dsnet__cfg_report(d, DSNET_SEVERITY_WARNING, "config_field_conflict", n, path,
                    "%s (%s) differs from %s at %s:%u:%u; this later value is kept", path, flags[f],
                    o->path, o->file, (unsigned)o->line, (unsigned)o->column);
}

dsnet_strview dsnet__cfg_keep(dsnet__cfg_doc *d, const char *text, size_t len, const yaml_node_t *n,
                              const char *path) {
  dsnet_config *cfg = d->cfg;
  dsnet_strview v = {NULL, 0};
  if (len > sizeof cfg->text_ - cfg->text_used_) {
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, path,
                      "%s: the config's values pass %u bytes of text", path,
                      (unsigned)DSNET_CONFIG_TEXT_MAX);
    return v;
  }
  char *dst = cfg->text_ + cfg->text_used_;
  memcpy(dst, text, len);
  cfg->text_used_ += len;
  v.ptr = dst;
  v.len = len;
  return v;
}

void dsnet__cfg_set(dsnet__cfg_doc *d, dsnet_config_field f, const char *text, size_t len,
                    const yaml_node_t *n, const char *path) {
  dsnet_config *cfg = d->cfg;
  dsnet_strview *sv = text_field(&cfg->plan, f);
  if (!sv)
    return;
  if (cfg->origin[f].set && (sv->len != len || memcmp(sv->ptr, text, len) != 0))
    conflict(d, f, n, path);
  dsnet_strview kept = dsnet__cfg_keep(d, text, len, n, path);
  if (!kept.ptr)
    return;
  *sv = kept;
  set_origin(d, f, n, path);
}

void dsnet__cfg_take(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path,
                     dsnet_config_field f, bool empty_is_unset) {
  size_t len;
  const char *s = n ? dsnet__cfg_scalar(d, n, path, &len) : NULL;
  if (s && (len || !empty_is_unset))
    dsnet__cfg_set(d, f, s, len, n, path);
}

void dsnet__cfg_typed(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path) {
  size_t len;
  if (n)
    (void)dsnet__cfg_scalar(d, n, path, &len);
}

dsnet_status dsnet__cfg_einval(dsnet_error *err, const char *what) {
  if (err) {
    memset(err, 0, sizeof *err);
    err->code = DSNET_EINVAL;
    dsnet__cfg_fmt(err->message, sizeof err->message, "%s", what);
  }
  return DSNET_EINVAL;
}

void dsnet__cfg_set_uint(dsnet__cfg_doc *d, dsnet_config_field f, uint64_t v, const yaml_node_t *n,
                         const char *path) {
  if (f == DSNET_CONFIG_FIELD_PROFILE) {
    d->cfg->plan.profile = (dsnet_plan_profile)v;
    set_origin(d, f, n, path);
    return;
  }
  static const struct {
    dsnet_config_field field;
    unsigned bit;
  } bits[] = {
      {DSNET_CONFIG_FIELD_IPV6_ONLY, DSNET_AKSENGINE_IPV6_ONLY},
      {DSNET_CONFIG_FIELD_EXCLUDE_MASTER_FROM_STANDARD_LB,
       DSNET_AKSENGINE_EXCLUDE_MASTER_FROM_STANDARD_LB},
      {DSNET_CONFIG_FIELD_LOAD_BALANCER_OUTBOUND_IPS, DSNET_AKSENGINE_LOAD_BALANCER_OUTBOUND_IPS},
      {DSNET_CONFIG_FIELD_AZURE_STACK, DSNET_AKSENGINE_AZURE_STACK}};
  for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
    if (bits[i].field == f) {
      unsigned *flags_ = &d->cfg->plan.model_flags;
      if (d->cfg->origin[f].set && ((*flags_ & bits[i].bit) != 0) != (v != 0))
        conflict(d, f, n, path);
      *flags_ = v ? (*flags_ | bits[i].bit) : (*flags_ & ~bits[i].bit);
      set_origin(d, f, n, path);
      return;
    }
  unsigned *small;
  uint64_t *big = number_field(&d->cfg->plan, f, &small);
  if (!big && !small)
    return;
  uint64_t old = big ? *big : *small;
  if (d->cfg->origin[f].set && old != v)
    conflict(d, f, n, path);
  if (big)
    *big = v;
  else
    *small = (unsigned)v;
  set_origin(d, f, n, path);
}

dsnet_node_pool *dsnet__cfg_node_pool(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path) {
  dsnet_config *cfg = d->cfg;
  if (cfg->n_node_pools >= DSNET_CONFIG_MAX_NODE_POOLS) {
    dsnet__cfg_report(d, DSNET_SEVERITY_ERROR, "config_field_invalid", n, path,
                      "%s: more than %u node pools", path, (unsigned)DSNET_CONFIG_MAX_NODE_POOLS);
    return NULL;
  }
  if (!cfg->origin[DSNET_CONFIG_FIELD_POOLS].set)
    set_origin(d, DSNET_CONFIG_FIELD_POOLS, n, path);
  dsnet_node_pool *p = &cfg->node_pools[cfg->n_node_pools++];
  memset(p, 0, sizeof *p);
  cfg->plan.pools = cfg->node_pools;
  cfg->plan.n_pools = cfg->n_node_pools;
  return p;
}

const char *dsnet__cfg_at(char buf[DSNET_CONFIG_PATH_MAX], const dsnet__cfg_doc *d,
                          const char *rest) {
  dsnet__cfg_fmt(buf, DSNET_CONFIG_PATH_MAX, "%s.%s", d->kind, rest);
  return buf;
}

/* ---- reading a file ------------------------------------------------------------------ */

/* The limits, over the event stream, before anything is built. */
static bool within_limits(reading *r, const char *data, size_t len) {
  yaml_parser_t parser;
  yaml_event_t ev;
  if (!yaml_parser_initialize(&parser))
    return false;
  yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
  size_t depth = 0, nodes = 0;
  bool ok = true, done = false;
  while (ok && !done) {
    if (!yaml_parser_parse(&parser, &ev)) {
      yaml_mark_t m = parser.problem_mark;
      add_at(&r->d, DSNET_SEVERITY_ERROR, "config_syntax", m, "", "not YAML or JSON: %s",
             parser.problem ? parser.problem : "parse error");
      ok = false;
      break;
    }
    switch (ev.type) {
    case YAML_ALIAS_EVENT:
      add_at(&r->d, DSNET_SEVERITY_ERROR, "config_limit", ev.start_mark, "",
             "a YAML alias (*%.40s): dsnet reads no aliases (no Kubernetes config needs "
             "them, and they can expand without bound)",
             (const char *)ev.data.alias.anchor);
      ok = false;
      break;
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
      if (++depth > DSNET_CONFIG_MAX_DEPTH) {
        add_at(&r->d, DSNET_SEVERITY_ERROR, "config_limit", ev.start_mark, "",
               "nested deeper than %d levels", DSNET_CONFIG_MAX_DEPTH);
        ok = false;
      }
      nodes++;
      break;
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
      depth--;
      break;
    case YAML_SCALAR_EVENT:
      nodes++;
      break;
    case YAML_STREAM_END_EVENT:
      done = true;
      break;
    default:
      break;
    }
    if (ok && nodes > DSNET_CONFIG_MAX_NODES) {
      add_at(&r->d, DSNET_SEVERITY_ERROR, "config_limit", ev.start_mark, "",
             "more than %d YAML nodes", DSNET_CONFIG_MAX_NODES);
      ok = false;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  return ok;
}

static const char *scalar_or_empty(const dsnet__cfg_doc *d, const yaml_node_t *root,
                                   const char *key, char *buf, size_t cap) {
  const yaml_node_t *n = dsnet__cfg_get(d, root, key);
  buf[0] = '\0';
  if (n && n->type == YAML_SCALAR_NODE) {
    size_t l = n->data.scalar.length < cap - 1 ? n->data.scalar.length : cap - 1;
    memcpy(buf, n->data.scalar.value, l);
    buf[l] = '\0';
  }
  return buf;
}

static void document(reading *r, dsnet_config_format format) {
  dsnet__cfg_doc *d = &r->d;
  const yaml_node_t *root = yaml_document_get_root_node(d->doc);
  if (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
    return; /* an empty document (a trailing ---) */
  d->cfg->n_documents++;
  d->fold_keys = false; /* (each reader says how its format matches keys) */
  if (!dsnet__cfg_is_map(d, root, "(document)"))
    return;
  char api[96], kind[64];
  scalar_or_empty(d, root, "apiVersion", api, sizeof api);
  scalar_or_empty(d, root, "kind", kind, sizeof kind);
  d->kind = kind;
  bool known = false;
  if (format == DSNET_CONFIG_FORMAT_AUTO || format == DSNET_CONFIG_FORMAT_KUBEADM)
    known = dsnet__cfg_kubeadm(d, api, kind, root);
  if (!known && (format == DSNET_CONFIG_FORMAT_AUTO || format == DSNET_CONFIG_FORMAT_KIND))
    known = dsnet__cfg_kind(d, api, kind, root);
  if (!known && (format == DSNET_CONFIG_FORMAT_AUTO || format == DSNET_CONFIG_FORMAT_AKS_ENGINE))
    known = dsnet__cfg_aks_engine(d, kind, root);
  if (!known)
    known = dsnet__cfg_cni(d, format, api, kind, root);
  if (!known && !api[0] && !kind[0] &&
      (format == DSNET_CONFIG_FORMAT_AUTO || format == DSNET_CONFIG_FORMAT_K3S))
    known = dsnet__cfg_k3s(d, format == DSNET_CONFIG_FORMAT_K3S, root);
  if (!known)
    dsnet__cfg_report(
        d, DSNET_SEVERITY_ERROR, "config_kind_unknown", root, "",
        "a document of apiVersion \"%s\" and kind \"%s\": not a %s document", api, kind,
        format == DSNET_CONFIG_FORMAT_AUTO ? "kubeadm or kind" : dsnet_config_format_name(format));
}

dsnet_status dsnet__cfg_read_docs(dsnet_config *cfg, const char *file, const char *data, size_t len,
                                  dsnet__cfg_doc_fn fn, void *arg, dsnet_error *err) {
  reading r;
  memset(&r, 0, sizeof r);
  r.d.cfg = cfg;
  r.d.file = file;
  r.d.kind = "";
  if (len > DSNET_CONFIG_MAX_BYTES) {
    yaml_mark_t m = {0, 0, 0};
    add_at(&r.d, DSNET_SEVERITY_ERROR, "config_limit", m, "",
           "%zu bytes: a config file may have at most %u", len, (unsigned)DSNET_CONFIG_MAX_BYTES);
  } else if (within_limits(&r, data ? data : "", len)) {
    yaml_parser_t parser;
    if (yaml_parser_initialize(&parser)) {
      yaml_parser_set_input_string(&parser, (const unsigned char *)(data ? data : ""), len);
      for (;;) {
        yaml_document_t doc;
        if (!yaml_parser_load(&parser, &doc)) { /* (the limits pass parsed it already) */
          add_at(&r.d, DSNET_SEVERITY_ERROR, "config_syntax", parser.problem_mark, "",
                 "not YAML or JSON: %s", parser.problem ? parser.problem : "load error");
          break;
        }
        bool end = yaml_document_get_root_node(&doc) == NULL;
        if (!end) {
          r.d.doc = &doc;
          r.d.kind = "";
          fn(&r.d, arg);
        }
        yaml_document_delete(&doc);
        if (end)
          break;
      }
      yaml_parser_delete(&parser);
    }
  }
  if (r.first != DSNET_OK) {
    if (err) {
      err->code = r.first;
      err->offset = r.first_offset;
      memcpy(err->message, r.first_message, sizeof err->message);
    }
    return r.first;
  }
  if (err)
    memset(err, 0, sizeof *err);
  return DSNET_OK;
}

static void config_document(dsnet__cfg_doc *d, void *arg) {
  document((reading *)(void *)d, *(const dsnet_config_format *)arg);
}

dsnet_status dsnet_config_read(dsnet_config *cfg, const char *file, const char *data, size_t len,
                               dsnet_config_format format, dsnet_error *err) {
  if (!cfg || !file || (!data && len) || (unsigned)format > DSNET_CONFIG_FORMAT_CILIUM)
    return dsnet__cfg_einval(err, "dsnet_config_read: invalid argument");
  return dsnet__cfg_read_docs(cfg, file, data, len, config_document, &format, err);
}
