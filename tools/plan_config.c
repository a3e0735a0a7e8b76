/* dsnet plan --config: the files read through libdsnet_config (when this
 * build has it), the flags laid over them, and the file positions added to
 * the findings. One config per process (the tool plans once). */
#include "plan_config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifdef DSNET_HAVE_CONFIG
#include "dsnet/config.h"

static dsnet_config cfg; /* large: not on the stack */
static bool have;

/* The whole file, or NULL with errno set (and one byte past the limit
 * read at most: the reader refuses a longer file with its position). */
static char *slurp(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0 || n > DSNET_CONFIG_MAX_BYTES)
      break;
    if (n == cap) {
      char *b = realloc(buf, cap * 2);
      if (!b) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = b;
      cap *= 2;
    }
  }
  int bad = ferror(f);
  if (f != stdin)
    fclose(f);
  if (bad && buf) {
    free(buf);
    errno = EIO;
    return NULL;
  }
  *len = n;
  return buf;
}

/* A flag given on the command line wins over the file: the field is the flag's. */
static void over(dsnet_strview *dst, dsnet_strview flag, dsnet_config_field f) {
  if (flag.ptr) {
    *dst = flag;
    cfg.origin[f].set = false;
  }
}

static void over_num(unsigned *dst, unsigned flag, dsnet_config_field f) {
  if (flag) {
    *dst = flag;
    cfg.origin[f].set = false;
  }
}

static void over_u64(uint64_t *dst, uint64_t flag, dsnet_config_field f) {
  if (flag) {
    *dst = flag;
    cfg.origin[f].set = false;
  }
}

int plan_config_read(const plan_configs *c, dsnet_plan *plan) {
  if (c->n == 0)
    return CLI_OK;
  dsnet_config_format format = DSNET_CONFIG_FORMAT_AUTO;
  if (c->format && strcmp(c->format, "kubeadm") == 0)
    format = DSNET_CONFIG_FORMAT_KUBEADM;
  else if (c->format && strcmp(c->format, "kind") == 0)
    format = DSNET_CONFIG_FORMAT_KIND;
  else if (c->format && strcmp(c->format, "aks-engine") == 0)
    format = DSNET_CONFIG_FORMAT_AKS_ENGINE;
  else if (c->format && strcmp(c->format, "k3s") == 0)
    format = DSNET_CONFIG_FORMAT_K3S;
  else if (c->format && strcmp(c->format, "calico") == 0)
    format = DSNET_CONFIG_FORMAT_CALICO;
  else if (c->format && strcmp(c->format, "cilium") == 0)
    format = DSNET_CONFIG_FORMAT_CILIUM;
  else if (c->format && strcmp(c->format, "auto") != 0)
    return cli_usage_error("plan",
                           "--format: '%s' is not auto, kubeadm, kind, aks-engine, k3s, calico or "
                           "cilium",
                           c->format);
  dsnet_config_init(&cfg);
  have = true;
  for (size_t i = 0; i < c->n; i++) {
    size_t len = 0;
    char *data = slurp(c->paths[i], &len);
    if (!data)
      return cli_usage_error("plan", "--config %s: cannot read it: %s", c->paths[i],
                             strerror(errno));
    dsnet_config_read(&cfg, c->paths[i], data, len, format, NULL); /* findings kept in cfg */
    free(data);
  }
  dsnet_plan merged = cfg.plan;
  merged.parse_flags = plan->parse_flags;
  over(&merged.cluster_cidr, plan->cluster_cidr, DSNET_CONFIG_FIELD_CLUSTER_CIDR);
  over(&merged.service_cidr, plan->service_cidr, DSNET_CONFIG_FIELD_SERVICE_CIDR);
  over(&merged.dns_service_ip, plan->dns_service_ip, DSNET_CONFIG_FIELD_DNS_SERVICE_IP);
  over(&merged.kubernetes_version, plan->kubernetes_version, DSNET_CONFIG_FIELD_KUBERNETES_VERSION);
  over(&merged.kube_proxy_mode, plan->kube_proxy_mode, DSNET_CONFIG_FIELD_KUBE_PROXY_MODE);
  over(&merged.feature_gates, plan->feature_gates, DSNET_CONFIG_FIELD_FEATURE_GATES);
  over_num(&merged.node_mask_flags.mask_size, plan->node_mask_flags.mask_size,
           DSNET_CONFIG_FIELD_NODE_MASK_SIZE);
  over_num(&merged.node_mask_flags.mask_size_ipv4, plan->node_mask_flags.mask_size_ipv4,
           DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV4);
  over_num(&merged.node_mask_flags.mask_size_ipv6, plan->node_mask_flags.mask_size_ipv6,
           DSNET_CONFIG_FIELD_NODE_MASK_SIZE_IPV6);
  over_u64(&merged.max_pods, plan->max_pods, DSNET_CONFIG_FIELD_MAX_PODS);
  over_u64(&merged.nodes, plan->nodes, DSNET_CONFIG_FIELD_NODES);
  over(&merged.network_plugin, plan->network_plugin, DSNET_CONFIG_FIELD_NETWORK_PLUGIN);
  over(&merged.network_policy, plan->network_policy, DSNET_CONFIG_FIELD_NETWORK_POLICY);
  over(&merged.vnet_cidr, plan->vnet_cidr, DSNET_CONFIG_FIELD_VNET_CIDR);
  over(&merged.docker_bridge_subnet, plan->docker_bridge_subnet,
       DSNET_CONFIG_FIELD_DOCKER_BRIDGE_SUBNET);
  over(&merged.advertise_address, plan->advertise_address, DSNET_CONFIG_FIELD_ADVERTISE_ADDRESS);
  over(&merged.node_ip, plan->node_ip, DSNET_CONFIG_FIELD_NODE_IP);
  over(&merged.network_mode, plan->network_mode, DSNET_CONFIG_FIELD_NETWORK_MODE);
  over(&merged.load_balancer_sku, plan->load_balancer_sku, DSNET_CONFIG_FIELD_LOAD_BALANCER_SKU);
  over(&merged.windows_version, plan->windows_version, DSNET_CONFIG_FIELD_WINDOWS_VERSION);
  over_u64(&merged.model_max_pods, plan->model_max_pods, DSNET_CONFIG_FIELD_MODEL_MAX_PODS);
  merged.model_flags |= plan->model_flags; /* (a boolean flag can only turn one on) */
  merged.ipv6_load_balancers = plan->ipv6_load_balancers; /* (no config sets it) */
  if (plan->n_pools) { /* --pool flags replace the files' pools */
    merged.pools = plan->pools;
    merged.n_pools = plan->n_pools;
    cfg.origin[DSNET_CONFIG_FIELD_POOLS].set = false;
  }
  if (c->profile_given) {
    merged.profile = plan->profile;
    cfg.origin[DSNET_CONFIG_FIELD_PROFILE].set = false;
  } else {
    merged.profile = cfg.plan.profile; /* an AKS Engine model: its profile */
  }
  merged.node_subnet = plan->node_subnet; /* (no config sets it) */
  *plan = merged;
  return CLI_OK;
}

size_t plan_config_errors(void) {
  return have ? cfg.n_errors : 0;
}

static void json_at(cli_json *j, const dsnet_config_origin *o) {
  cli_json_key(j, "file");
  cli_json_string(j, o->file);
  cli_json_key(j, "line");
  cli_json_uint(j, o->line);
  cli_json_key(j, "column");
  cli_json_uint(j, o->column);
  cli_json_key(j, "path");
  cli_json_string(j, o->path);
}

void plan_config_json_findings(cli_json *j) {
  for (size_t i = 0; have && i < cfg.n_findings; i++) {
    const dsnet_config_finding *f = &cfg.findings[i];
    cli_json_object(j);
    cli_json_finding(j, f->severity == DSNET_SEVERITY_ERROR, f->code, f->at.path, f->message);
    json_at(j, &f->at);
    cli_json_end(j);
  }
}

void plan_config_json_origin(cli_json *j, const char *field) {
  const dsnet_config_origin *o = have ? dsnet_config_origin_of(&cfg, field) : NULL;
  if (o)
    json_at(j, o);
}

void plan_config_text_findings(int severity) {
  for (size_t i = 0; have && i < cfg.n_findings; i++) {
    const dsnet_config_finding *f = &cfg.findings[i];
    if ((int)f->severity == severity)
      printf("  [%s] %s:%u:%u %s\n      %s\n", f->code, f->at.file, (unsigned)f->at.line,
             (unsigned)f->at.column, f->at.path, f->message);
  }
}

size_t plan_config_count(int severity) {
  size_t n = 0;
  for (size_t i = 0; have && i < cfg.n_findings; i++)
    n += (int)cfg.findings[i].severity == severity;
  return n;
}

void plan_config_text_origin(const char *field) {
  const dsnet_config_origin *o = have ? dsnet_config_origin_of(&cfg, field) : NULL;
  if (o)
    printf(" (%s:%u:%u %s)", o->file, (unsigned)o->line, (unsigned)o->column, o->path);
}

int plan_config_audit(const char *path, const char *services, const dsnet_plan_result *r,
                      bool json) {
  if (!r->cluster_ok || !r->masks_ok || (services && !r->service_ok)) {
    fprintf(stderr, "dsnet audit: the plan has no valid cluster CIDRs and node masks: run dsnet "
                    "plan with the same flags to see why\n");
    return CLI_INVALID;
  }
  size_t len = 0, nodes = 0;
  char *data = slurp(path, &len);
  if (!data)
    return cli_usage_error("audit", "%s: cannot read it: %s", path, strerror(errno));
  static dsnet_config report; /* large: not on the stack */
  dsnet_config_init(&report);
  dsnet_config_audit_nodes(&report, r, path, data, len, &nodes, NULL);
  free(data);
  size_t n_services = 0;
  if (services) {
    if (!(data = slurp(services, &len)))
      return cli_usage_error("audit", "--services %s: cannot read it: %s", services,
                             strerror(errno));
    dsnet_config_audit_services(&report, r, services, data, len, &n_services, NULL);
    free(data);
  }
  bool valid = report.n_errors == 0;
  if (json) {
    cli_json j;
    cli_json_init(&j, stdout);
    cli_json_object(&j);
    cli_json_key(&j, "valid");
    cli_json_bool(&j, valid);
    cli_json_key(&j, "nodes");
    cli_json_uint(&j, nodes);
    cli_json_key(&j, "services");
    cli_json_uint(&j, n_services);
    cli_json_key(&j, "findings");
    cli_json_array(&j);
    for (size_t i = 0; i < report.n_findings; i++) {
      const dsnet_config_finding *f = &report.findings[i];
      cli_json_object(&j);
      cli_json_finding(&j, f->severity == DSNET_SEVERITY_ERROR, f->code, f->at.path, f->message);
      json_at(&j, &f->at);
      cli_json_end(&j);
    }
    cli_json_end(&j);
    cli_json_end(&j);
    cli_json_done(&j);
  } else {
    size_t w = report.n_findings_total - report.n_errors;
    printf("dsnet audit: %s — %zu node%s, %zu Service%s, %zu error%s, %zu warning%s\n",
           valid ? "OK" : "PROBLEMS", nodes, nodes == 1 ? "" : "s", n_services,
           n_services == 1 ? "" : "s", report.n_errors, report.n_errors == 1 ? "" : "s", w,
           w == 1 ? "" : "s");
    for (size_t i = 0; i < report.n_findings; i++) {
      const dsnet_config_finding *f = &report.findings[i];
      printf("  [%s] %s:%u:%u %s\n      %s\n", f->code, f->at.file, (unsigned)f->at.line,
             (unsigned)f->at.column, f->at.path, f->message);
    }
    if (report.n_findings_total > report.n_findings)
      printf("  (%zu more findings)\n", report.n_findings_total - report.n_findings);
  }
  return valid ? CLI_OK : CLI_INVALID;
}

#else /* no libdsnet_config in this build */

int plan_config_audit(const char *path, const char *services, const dsnet_plan_result *r,
                      bool json) {
  (void)path;
  (void)services;
  (void)r;
  (void)json;
  return cli_usage_error("audit",
                         "dsnet audit needs libdsnet_config, which this dsnet was built without "
                         "(libyaml was not found: install libyaml-dev and rebuild)");
}

int plan_config_read(const plan_configs *c, dsnet_plan *plan) {
  (void)plan;
  if (c->n == 0)
    return CLI_OK;
  return cli_usage_error("plan",
                         "--config needs libdsnet_config, which this dsnet was built without "
                         "(libyaml was not found: install libyaml-dev and rebuild)");
}

size_t plan_config_errors(void) {
  return 0;
}

void plan_config_json_findings(cli_json *j) {
  (void)j;
}

void plan_config_json_origin(cli_json *j, const char *field) {
  (void)j;
  (void)field;
}

void plan_config_text_findings(int severity) {
  (void)severity;
}

size_t plan_config_count(int severity) {
  (void)severity;
  return 0;
}

void plan_config_text_origin(const char *field) {
  (void)field;
}

#endif
