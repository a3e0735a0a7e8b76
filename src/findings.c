/* The findings sink (findings.h). */
#include "findings.h"

#include <stdio.h>

#include "fail.h"

static void vreport(dsnet__sink *s, const dsnet__rule *r, const char *field, size_t offset,
                    const char *fmt, va_list ap) {
  char message[DSNET_ERROR_MESSAGE_MAX];
  vsnprintf(message, sizeof message, fmt, ap);
  dsnet__finding f = {r, field, offset, message};
  s->n_total++;
  s->n_errors += r->severity == DSNET__ERROR;
  s->put(s, &f);
}

void dsnet__report(dsnet__sink *s, const dsnet__rule *r, const char *field, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(s, r, field, 0, fmt, ap);
  va_end(ap);
}

void dsnet__report_at(dsnet__sink *s, const dsnet__rule *r, const char *field, size_t offset,
                      const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(s, r, field, offset, fmt, ap);
  va_end(ap);
}

void dsnet__add(dsnet__sink *s, unsigned sev, unsigned check, const char *code, const char *field,
                const char *fmt, ...) {
  dsnet__rule r = {code, sev, DSNET_EPLAN_INVALID, check}; /* (the sink copies what it keeps) */
  va_list ap;
  va_start(ap, fmt);
  vreport(s, &r, field, 0, fmt, ap);
  va_end(ap);
}

static void first_put(dsnet__sink *s, const dsnet__finding *f) {
  dsnet__first_sink *fs = (dsnet__first_sink *)(void *)s; /* the sink is its first member */
  if (fs->status != DSNET_OK || f->rule->severity != DSNET__ERROR)
    return;
  fs->status = f->rule->status;
  dsnet__fail(fs->err, f->rule->status, f->offset, "%s", f->message);
}

void dsnet__first_sink_init(dsnet__first_sink *s, dsnet_error *err) {
  s->sink.put = first_put;
  s->sink.n_total = s->sink.n_errors = 0;
  s->err = err;
  s->status = DSNET_OK;
}

dsnet_status dsnet__first_sink_end(dsnet__first_sink *s) {
  return s->status == DSNET_OK ? dsnet__ok(s->err) : s->status;
}
