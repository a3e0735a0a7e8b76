/*
 * Bit tricks and byte loads of the hot paths: little-endian loads, SWAR
 * byte tests, bit counts, 128-bit shifts. Private; no public header needed.
 */
#ifndef DSNET_BITS_H
#define DSNET_BITS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* 4 and 8 bytes at p as little-endian words. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint64_t dsnet__le64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}
static inline uint32_t dsnet__le32(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
#else /* any byte order: compilers turn these into plain loads where they can */
static inline uint64_t dsnet__le64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}
static inline uint32_t dsnet__le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
#endif

/* The text s[0..len) as little-endian 64-bit words, zero past len: w[k]
 * holds bytes 8k..8k+7. Loads only within s[0..len), and builds the words
 * in registers: a copy through a stack buffer would cost a failed
 * store-to-load forwarding on every wide load after it. */
static inline void dsnet__load_words(const char *s, size_t len, uint64_t *w, unsigned nw) {
  const unsigned char *u = (const unsigned char *)s;
  if (len < 8) {
    uint64_t x = 0;
    if (len >= 4)
      x = dsnet__le32(u) | (uint64_t)dsnet__le32(u + len - 4) << (8 * (len - 4));
    else
      for (size_t i = 0; i < len; i++)
        x |= (uint64_t)u[i] << (8 * i);
    w[0] = x;
    for (unsigned k = 1; k < nw; k++)
      w[k] = 0;
    return;
  }
  for (unsigned k = 0; k < nw; k++) {
    size_t at = 8 * (size_t)k;
    size_t off = at + 8 <= len ? at : len - 8; /* the last word overlaps the one before */
    uint64_t x = dsnet__le64(u + off);
    w[k] = at >= len ? 0 : x >> (8 * (at - off));
  }
}

/* 0x80 in each byte of x that is 0, exactly (no false positives); the
 * 32-bit form of the SWAR byte test of the portable text kernels. */
static inline uint32_t dsnet__zero_bytes32(uint32_t x) {
  return ~(((x & 0x7f7f7f7fu) + 0x7f7f7f7fu) | x | 0x7f7f7f7fu);
}

/* Number of set bits of v. */
static inline unsigned dsnet__popcount64(uint64_t v) {
#if (defined(__GNUC__) || defined(__clang__)) && (!defined(__x86_64__) || defined(__POPCNT__))
  return (unsigned)__builtin_popcountll(v);
#else /* x86-64 without POPCNT: the builtin would be a libgcc call */
  v = v - ((v >> 1) & UINT64_C(0x5555555555555555));
  v = (v & UINT64_C(0x3333333333333333)) + ((v >> 2) & UINT64_C(0x3333333333333333));
  v = (v + (v >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
  return (unsigned)((v * UINT64_C(0x0101010101010101)) >> 56);
#endif
}

/* Index of the lowest set bit of v; v must not be 0. */
static inline unsigned dsnet__ctz64(uint64_t v) {
#if defined(__GNUC__) || defined(__clang__)
  return (unsigned)__builtin_ctzll(v);
#else
  unsigned n = 0;
  while (!(v & 1)) {
    v >>= 1;
    n++;
  }
  return n;
#endif
}

/* hi:lo >>= n (any n; 128 and more give 0). Inline for the hot paths;
 * dsnet_u128_shr() is this. */
static inline void dsnet__shr128(uint64_t *hi, uint64_t *lo, unsigned n) {
  if (n >= 128) {
    *hi = *lo = 0;
  } else if (n >= 64) {
    *lo = *hi >> (n - 64);
    *hi = 0;
  } else if (n > 0) {
    *lo = (*lo >> n) | (*hi << (64 - n));
    *hi >>= n;
  }
}

/* hi:lo <<= n (any n; 128 and more give 0). dsnet_u128_shl() is this. */
static inline void dsnet__shl128(uint64_t *hi, uint64_t *lo, unsigned n) {
  if (n >= 128) {
    *hi = *lo = 0;
  } else if (n >= 64) {
    *hi = *lo << (n - 64);
    *lo = 0;
  } else if (n > 0) {
    *hi = (*hi << n) | (*lo >> (64 - n));
    *lo <<= n;
  }
}

#endif /* DSNET_BITS_H */
