/*
 * UTF-8 as Go decodes it, for the two places dsnet must match Go on text
 * beyond ASCII: strings.TrimSpace (kube-controller-manager's --cluster-cidr)
 * and encoding/json's quoting (kube-apiserver's field errors). Private.
 */
#ifndef DSNET_UTF8_H
#define DSNET_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the valid UTF-8 sequence at p[0..n) (1-4), or 0 when the bytes
 * there are not one (utf8.DecodeRune's RuneError of width 1): no overlong
 * forms, no surrogates, nothing above U+10FFFF. */
static inline size_t dsnet__utf8_len(const unsigned char *p, size_t n) {
  if (n == 0)
    return 0;
  unsigned c = p[0];
  if (c < 0x80)
    return 1;
  size_t k = c >= 0xc2 && c <= 0xdf   ? 2
             : c >= 0xe0 && c <= 0xef ? 3
             : c >= 0xf0 && c <= 0xf4 ? 4
                                      : 0;
  if (k == 0 || n < k)
    return 0;
  unsigned lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
  unsigned hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < k; i++)
    if ((p[i] & 0xc0) != 0x80)
      return 0;
  return k;
}

/* The code point of a valid sequence of length k (dsnet__utf8_len). */
static inline unsigned dsnet__utf8_cp(const unsigned char *p, size_t k) {
  static const unsigned lead_mask[5] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  unsigned cp = p[0] & lead_mask[k];
  for (size_t i = 1; i < k; i++)
    cp = cp << 6 | (p[i] & 0x3fu);
  return cp;
}

/* Go's unicode.IsSpace: the ASCII spaces \t \n \v \f \r and ' ', U+0085,
 * U+00A0, and the other White_Space code points of Unicode. */
static inline bool dsnet__go_space(unsigned cp) {
  return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
         cp == 0x205f || cp == 0x3000;
}

/* Go's strings.TrimSpace on s[0..*len): the offset of the first byte kept,
 * with *len reduced to what is kept. Bytes that are not valid UTF-8 are
 * not space (RuneError), so trimming stops at them. */
static inline size_t dsnet__go_trim_space(const char *s, size_t *len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t a = 0, b = *len;
  while (a < b) {
    size_t k = dsnet__utf8_len(p + a, b - a);
    if (k == 0 || !dsnet__go_space(dsnet__utf8_cp(p + a, k)))
      break;
    a += k;
  }
  while (b > a) {
    size_t start = b - 1; /* back to the lead byte: at most 3 continuation bytes */
    while (start > a && b - start < 4 && (p[start] & 0xc0) == 0x80)
      start--;
    size_t k = dsnet__utf8_len(p + start, b - start);
    if (k != b - start || !dsnet__go_space(dsnet__utf8_cp(p + start, k)))
      break;
    b = start;
  }
  *len = b - a;
  return a;
}

#endif /* DSNET_UTF8_H */
