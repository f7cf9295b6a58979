/* This machine's single-core arithmetic peak, measured natively: 12 independent 512-bit (or 256-bit) FMA
 * chains per iteration, enough to cover FMA latency (4 cycles) times throughput on Zen 4 / Intel cores, so the
 * loop is bound by FMA issue alone. Prints "double GFLOPS" and "float GFLOPS" (best of 5 rounds).
 * Built and run by bench/native/peak.sh (gcc -O2 -mavx512f, or -mavx2 -mfma without AVX-512). */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#define ITER 100000000L

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }

#ifdef __AVX512F__
typedef __m512d vd; typedef __m512 vf;
#define LANES_D 8
#define SET1D _mm512_set1_pd
#define SET1F _mm512_set1_ps
#define FMAD _mm512_fmadd_pd
#define FMAF _mm512_fmadd_ps
#define ADDD _mm512_add_pd
#define ADDF _mm512_add_ps
static double hsumd(vd v) { return _mm512_reduce_add_pd(v); }
static float hsumf(vf v) { return _mm512_reduce_add_ps(v); }
#else
typedef __m256d vd; typedef __m256 vf;
#define LANES_D 4
#define SET1D _mm256_set1_pd
#define SET1F _mm256_set1_ps
#define FMAD _mm256_fmadd_pd
#define FMAF _mm256_fmadd_ps
#define ADDD _mm256_add_pd
#define ADDF _mm256_add_ps
static double hsumd(vd v) { double x[4]; _mm256_storeu_pd(x, v); return x[0] + x[1] + x[2] + x[3]; }
static float hsumf(vf v) { float x[8]; _mm256_storeu_ps(x, v); float s = 0; for (int k = 0; k < 8; k++) s += x[k]; return s; }
#endif

/* Distinct starting values: with equal ones the compiler merges the twelve identical chains into one. */
#define CHAINS(T, F, SET1, a, b) \
  T s0 = SET1(0), s1 = SET1(1), s2 = SET1(2), s3 = SET1(3), s4 = SET1(4), s5 = SET1(5), s6 = SET1(6), s7 = SET1(7), \
    s8 = SET1(8), s9 = SET1(9), s10 = SET1(10), s11 = SET1(11); \
  for (long k = 0; k < ITER; k++) { \
    s0 = F(s0, a, b); s1 = F(s1, a, b); s2 = F(s2, a, b); s3 = F(s3, a, b); s4 = F(s4, a, b); s5 = F(s5, a, b); \
    s6 = F(s6, a, b); s7 = F(s7, a, b); s8 = F(s8, a, b); s9 = F(s9, a, b); s10 = F(s10, a, b); s11 = F(s11, a, b); }

static double peak_double(double *sink) {
  vd a = SET1D(0.9999999), b = SET1D(1e-9);
  double t = now();
  CHAINS(vd, FMAD, SET1D, a, b)
  t = now() - t;
  *sink += hsumd(ADDD(ADDD(ADDD(s0, s1), ADDD(s2, s3)), ADDD(ADDD(ADDD(s4, s5), ADDD(s6, s7)), ADDD(ADDD(s8, s9), ADDD(s10, s11)))));
  return 2.0 * 12 * LANES_D * ITER / t;
}

static double peak_float(double *sink) {
  vf a = SET1F(0.9999f), b = SET1F(1e-6f);
  double t = now();
  CHAINS(vf, FMAF, SET1F, a, b)
  t = now() - t;
  *sink += hsumf(ADDF(ADDF(ADDF(s0, s1), ADDF(s2, s3)), ADDF(ADDF(ADDF(s4, s5), ADDF(s6, s7)), ADDF(ADDF(s8, s9), ADDF(s10, s11)))));
  return 2.0 * 12 * 2 * LANES_D * ITER / t;
}

int main(void) {
  double sink = 0, bestD = 0, bestF = 0;
  for (int round = 0; round < 5; round++) {
    double d = peak_double(&sink), f = peak_float(&sink);
    if (d > bestD) bestD = d;
    if (f > bestF) bestF = f;
  }
  printf("vector bits %d\n", LANES_D * 64);
  printf("double GFLOPS %.1f\n", bestD / 1e9);
  printf("float GFLOPS %.1f\n", bestF / 1e9);
  if (sink == 12345.678) printf("%f\n", sink); /* keeps the chains live */
  return 0;
}
