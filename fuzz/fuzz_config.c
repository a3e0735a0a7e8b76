/* Config files: any bytes read as a config of any format give a status and
 * findings, never a crash, an unbounded allocation or a read outside the
 * input; the plan they build evaluates. Byte 0 picks the format (auto,
 * kubeadm, kind, aks-engine, k3s, calico, cilium); the rest is the file.
 * Two files are read into one config when the input holds a form feed (the
 * second after it). */
#include "dsnet/config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 65536)
    return 0;
  static dsnet_config cfg;
  static dsnet_plan_result r;
  dsnet_config_format format = (dsnet_config_format)(data[0] % 7);
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  const char *ff = memchr(text, '\f', len);
  dsnet_config_init(&cfg);
  dsnet_error err;
  size_t first = ff ? (size_t)(ff - text) : len;
  dsnet_status st = dsnet_config_read(&cfg, "a.yaml", text, first, format, &err);
  FUZZ_CHECK(st == DSNET_OK || st == DSNET_ECONFIG_SYNTAX || st == DSNET_ECONFIG_LIMIT ||
             st == DSNET_ECONFIG_KIND || st == DSNET_ECONFIG_INVALID);
  FUZZ_CHECK((st == DSNET_OK) == (cfg.n_errors == 0));
  FUZZ_CHECK(st == DSNET_OK || (err.code == st && err.message[0] && err.offset <= first));
  if (ff)
    dsnet_config_read(&cfg, "b.yaml", ff + 1, len - first - 1, format, NULL);
  FUZZ_CHECK(cfg.n_findings <= DSNET_CONFIG_MAX_FINDINGS &&
             cfg.n_findings <= cfg.n_findings_total && cfg.n_errors <= cfg.n_findings_total);
  for (size_t i = 0; i < cfg.n_findings; i++) {
    const dsnet_config_finding *f = &cfg.findings[i];
    FUZZ_CHECK(f->code && f->code[0] && f->message[0] && f->at.line >= 1 && f->at.column >= 1);
  }
  /* every value the plan holds is text of the config's own store */
  const dsnet_strview *sv[] = {&cfg.plan.cluster_cidr,    &cfg.plan.service_cidr,
                               &cfg.plan.dns_service_ip,  &cfg.plan.kubernetes_version,
                               &cfg.plan.kube_proxy_mode, &cfg.plan.feature_gates};
  for (size_t i = 0; i < sizeof sv / sizeof sv[0]; i++)
    FUZZ_CHECK(!sv[i]->ptr || (sv[i]->ptr >= cfg.text_ &&
                               sv[i]->ptr + sv[i]->len <= cfg.text_ + sizeof cfg.text_));
  FUZZ_CHECK(cfg.n_pools <= DSNET_CONFIG_MAX_POOLS);
  for (size_t i = 0; i < cfg.n_pools; i++)
    FUZZ_CHECK(!cfg.pools[i].cidr.ptr ||
               (cfg.pools[i].cidr.ptr >= cfg.text_ &&
                cfg.pools[i].cidr.ptr + cfg.pools[i].cidr.len <= cfg.text_ + sizeof cfg.text_));
  for (unsigned f = 0; f < DSNET_CONFIG_FIELD_COUNT; f++) {
    const dsnet_config_origin *o = dsnet_config_origin_of(&cfg, dsnet_config_field_flag(f));
    FUZZ_CHECK(!o || (o->set && o->line >= 1 && o->file));
  }
  dsnet_status pst = dsnet_plan_evaluate(&cfg.plan, &r, NULL);
  FUZZ_CHECK((pst == DSNET_OK) == r.valid);
  return 0;
}
