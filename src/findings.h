/*
 * The findings sink: every check of the Services, profiles and plan modules
 * reports what it finds here, so each rule is written once. A sink decides
 * what a finding becomes: the single-error functions keep the first one as
 * their dsnet_error (dsnet__first_sink), a Service result, an AKS Engine
 * error list and a plan each store all of them in their public struct (the
 * conversion at the edge keeps those structs, and the ABI, as they are).
 * Private; implemented in findings.c.
 */
#ifndef DSNET_FINDINGS_H
#define DSNET_FINDINGS_H

#include <stdarg.h>
#include <stddef.h>

#include "compiler.h"
#include "dsnet/error.h"

/* Severities, with the values of the public dsnet_severity (plan.h). */
enum { DSNET__ERROR = 0, DSNET__WARNING = 1 };

/* A rule: what every finding of it shares. */
typedef struct dsnet__rule {
  const char *code;    /* stable snake_case code (docs/plan-findings.md); NULL for a
                        * Service field error, whose field path says it all */
  unsigned severity;   /* DSNET__ERROR or DSNET__WARNING */
  dsnet_status status; /* what a single-error function returns for it */
  unsigned check;      /* AKS Engine's check number (reference/aks-engine-rules.md), or 0 */
} dsnet__rule;

/* One finding, as a sink receives it (rule and message are the sink's to
 * copy: neither outlives the call). */
typedef struct dsnet__finding {
  const dsnet__rule *rule;
  const char *field;   /* the flag or field path */
  size_t offset;       /* byte offset (single-error functions), else 0 */
  const char *message; /* NUL-terminated, shorter than DSNET_ERROR_MESSAGE_MAX */
} dsnet__finding;

typedef struct dsnet__sink dsnet__sink;
struct dsnet__sink {
  /* Store f (called for every finding, counted or not). */
  void (*put)(dsnet__sink *s, const dsnet__finding *f);
  size_t n_total;  /* findings reported */
  size_t n_errors; /* of them, errors */
};

/* Report a finding of rule r on field with a printf-formatted message. */
void dsnet__report(dsnet__sink *s, const dsnet__rule *r, const char *field, const char *fmt, ...)
    DSNET_PRINTF(4, 5);
/* The same with a byte offset, for what single-error functions report. */
void dsnet__report_at(dsnet__sink *s, const dsnet__rule *r, const char *field, size_t offset,
                      const char *fmt, ...) DSNET_PRINTF(5, 6);

/* Report a finding of a rule with a stable code (plans, profiles): severity
 * sev, AKS Engine's check number or 0, status DSNET_EPLAN_INVALID. */
void dsnet__add(dsnet__sink *s, unsigned sev, unsigned check, const char *code, const char *field,
                const char *fmt, ...) DSNET_PRINTF(6, 7);

/* A sink that keeps the first finding as an error record. */
typedef struct dsnet__first_sink {
  dsnet__sink sink;
  dsnet_error *err; /* may be NULL */
  dsnet_status status;
} dsnet__first_sink;

/* Start one (status DSNET_OK until a finding comes). */
void dsnet__first_sink_init(dsnet__first_sink *s, dsnet_error *err);
/* DSNET_OK with *err reset when nothing was found, else the first finding's
 * status (its record already in *err). */
dsnet_status dsnet__first_sink_end(dsnet__first_sink *s);

#endif /* DSNET_FINDINGS_H */
