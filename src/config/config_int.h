/*
 * The config module's inside: one loaded YAML document, the walk over it
 * and how a value reaches the plan (read.c); the formats (kube.c) use
 * these to read what they know. Private to src/config/.
 */
#ifndef DSNET_CONFIG_INT_H
#define DSNET_CONFIG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "dsnet/config.h"

/* The reading of one document. */
typedef struct dsnet__cfg_doc {
  dsnet_config *cfg;
  const char *file;
  yaml_document_t *doc;
  const char *kind; /* "ClusterConfiguration", ... : the first part of every path */
  bool fold_keys;   /* keys match fields whatever their ASCII case (Go's encoding/json) */
} dsnet__cfg_doc;

/* Read every document of a file (the limits first), handing each loaded one
 * to fn; findings into cfg; the first error's status and record. */
typedef void (*dsnet__cfg_doc_fn)(dsnet__cfg_doc *d, void *arg);
dsnet_status dsnet__cfg_read_docs(dsnet_config *cfg, const char *file, const char *data, size_t len,
                                  dsnet__cfg_doc_fn fn, void *arg, dsnet_error *err);

/* snprintf into buf of cap bytes, cut when longer (paths and messages are
 * cut on purpose: the stored forms have fixed sizes). */
void dsnet__cfg_fmt(char *buf, size_t cap, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Report a finding at node n (NULL: the document's start). */
void dsnet__cfg_report(dsnet__cfg_doc *d, dsnet_severity sev, const char *code,
                       const yaml_node_t *n, const char *path, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* The value of key in mapping m, or NULL (m NULL or not a mapping: NULL). */
yaml_node_t *dsnet__cfg_get(const dsnet__cfg_doc *d, const yaml_node_t *m, const char *key);

/* Whether n is a mapping; a finding config_field_invalid naming the path when it is not. */
bool dsnet__cfg_is_map(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path);

/* Warn (config_field_unknown) about every key of mapping m not in known (NULL-terminated). */
void dsnet__cfg_known(dsnet__cfg_doc *d, const yaml_node_t *m, const char *path,
                      const char *const *known);

/* The text of scalar n, or NULL with a config_field_invalid finding (what: "a string"). */
const char *dsnet__cfg_scalar(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path,
                              size_t *len);

/* A decimal integer in [0, max] from scalar n, or false with a finding. */
bool dsnet__cfg_uint(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path, uint64_t max,
                     uint64_t *out);

/* Set plan field f to text (copied), from node n at path; a different
 * earlier value is config_field_conflict (the later is kept). */
void dsnet__cfg_set(dsnet__cfg_doc *d, dsnet_config_field f, const char *text, size_t len,
                    const yaml_node_t *n, const char *path);

/* text copied into the config's store (ptr NULL, with a finding, when it is full). */
dsnet_strview dsnet__cfg_keep(dsnet__cfg_doc *d, const char *text, size_t len, const yaml_node_t *n,
                              const char *path);

/* The string scalar n (NULL: nothing) into plan field f; an empty one too
 * unless empty_is_unset (AKS Engine's "" is unset). */
void dsnet__cfg_take(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path,
                     dsnet_config_field f, bool empty_is_unset);
/* Scalar n (NULL: nothing) read and typed, for no plan input. */
void dsnet__cfg_typed(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path);
/* DSNET_EINVAL, with err (may be NULL) saying what. */
dsnet_status dsnet__cfg_einval(dsnet_error *err, const char *what);

/* A number field (node masks, max pods, nodes) of the plan. */
void dsnet__cfg_set_uint(dsnet__cfg_doc *d, dsnet_config_field f, uint64_t v, const yaml_node_t *n,
                         const char *path);

/* Read one document of a kind this file knows; false when apiVersion/kind are not its. */
/* A new node pool in the config (NULL, with a finding, when they are full). */
dsnet_node_pool *dsnet__cfg_node_pool(dsnet__cfg_doc *d, const yaml_node_t *n, const char *path);

/* "Kind.rest" (d->kind's path) into buf, which it returns. */
const char *dsnet__cfg_at(char buf[DSNET_CONFIG_PATH_MAX], const dsnet__cfg_doc *d,
                          const char *rest);

/* A KubeletConfiguration document (kubelet.c). */
void dsnet__cfg_kubelet(dsnet__cfg_doc *d, const yaml_node_t *root);

bool dsnet__cfg_kubeadm(dsnet__cfg_doc *d, const char *api_version, const char *kind,
                        const yaml_node_t *root);
bool dsnet__cfg_kind(dsnet__cfg_doc *d, const char *api_version, const char *kind,
                     const yaml_node_t *root);
/* An AKS Engine API model (no kind; properties or apiModel.properties): aksengine.c. */
bool dsnet__cfg_aks_engine(dsnet__cfg_doc *d, const char *kind, const yaml_node_t *root);
/* Calico IPPool/Installation, Cilium Helm values (the format given, or auto): cni.c. */
bool dsnet__cfg_cni(dsnet__cfg_doc *d, dsnet_config_format format, const char *api,
                    const char *kind, const yaml_node_t *root);
/* A k3s/RKE2 config.yaml (no apiVersion or kind; forced: whatever its keys): k3s.c. */
bool dsnet__cfg_k3s(dsnet__cfg_doc *d, bool forced, const yaml_node_t *root);

#endif /* DSNET_CONFIG_INT_H */
