/* The simulator's pseudo-random numbers: xoshiro256** 1.0 (Blackman and Vigna,
 * "Scrambled linear pseudorandom number generators", 2018), its state filled
 * from a 64-bit seed by SplitMix64 as its authors recommend. Everything random
 * in a run (fault triggers, random delays) draws from these, seeded from the
 * run's seed: never from host randomness, so a seed replays a run exactly. */
#ifndef HS_SIM_PRNG_H
#define HS_SIM_PRNG_H

#include <math.h>
#include <stdint.h>

typedef struct hs_prng {
    uint64_t s[4];
} hs_prng;

/* SplitMix64: advances *state by the golden-ratio increment and returns the
 * mixed value. */
static inline uint64_t hs_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static inline uint64_t hs_prng_rotl(uint64_t x, unsigned k)
{
    return (x << k) | (x >> (64 - k));
}

/* The state from a seed: four consecutive SplitMix64 outputs (never all zero). */
static inline void hs_prng_seed(hs_prng *p, uint64_t seed)
{
    for (unsigned i = 0; i < 4; i++) {
        p->s[i] = hs_splitmix64(&seed);
    }
}

static inline uint64_t hs_prng_next(hs_prng *p)
{
    uint64_t *s = p->s;
    const uint64_t result = hs_prng_rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = hs_prng_rotl(s[3], 45);
    return result;
}

/* A double uniform in [0, 1): the top 53 bits. */
static inline double hs_prng_unit(hs_prng *p)
{
    return (double)(hs_prng_next(p) >> 11) * 0x1.0p-53;
}

/* An integer uniform in [lo, hi] (lo <= hi), without modulo bias (Lemire's
 * multiply-and-reject). */
static inline uint64_t hs_prng_range(hs_prng *p, uint64_t lo, uint64_t hi)
{
    uint64_t span = hi - lo + 1;
    unsigned __int128 m;
    uint64_t low;

    if (span == 0) {
        return hs_prng_next(p);         /* the whole 64-bit range */
    }
    m = (unsigned __int128)hs_prng_next(p) * span;
    low = (uint64_t)m;
    if (low < span) {
        const uint64_t threshold = -span % span;
        while (low < threshold) {
            m = (unsigned __int128)hs_prng_next(p) * span;
            low = (uint64_t)m;
        }
    }
    return lo + (uint64_t)(m >> 64);
}

/* Exponentially distributed with the given mean, by inversion; rounded down. */
static inline uint64_t hs_prng_exponential(hs_prng *p, double mean)
{
    double x = -mean * log1p(-hs_prng_unit(p));
    return x >= 0x1.0p63 ? UINT64_C(1) << 63 : (uint64_t)x;
}

#endif
