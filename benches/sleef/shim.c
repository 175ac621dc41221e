/* The loops that run SLEEF's AVX2 functions of 8 f32 over a slice, for the `math` bench
 * (Rust cannot pass __m256 through FFI on stable). Compiled by the root build.rs with
 * -O2 -mavx2 -mfma only where SLEEF is installed. n is a multiple of 8. */
#include <stddef.h>
#include <immintrin.h>
#include <sleef.h>

#define UNARY(name, f)                                                        \
    void hologram_##name(const float *x, float *out, size_t n) {              \
        for (size_t i = 0; i + 8 <= n; i += 8)                                \
            _mm256_storeu_ps(out + i, f(_mm256_loadu_ps(x + i)));             \
    }
#define BINARY(name, f)                                                       \
    void hologram_##name(const float *x, const float *y, float *out,          \
                         size_t n) {                                          \
        for (size_t i = 0; i + 8 <= n; i += 8)                                \
            _mm256_storeu_ps(out + i,                                         \
                             f(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i))); \
    }
#define PAIR(name, f)                                                         \
    void hologram_##name(const float *x, float *s, float *c, size_t n) {      \
        for (size_t i = 0; i + 8 <= n; i += 8) {                              \
            Sleef___m256_2 r = f(_mm256_loadu_ps(x + i));                     \
            _mm256_storeu_ps(s + i, r.x);                                     \
            _mm256_storeu_ps(c + i, r.y);                                     \
        }                                                                     \
    }

UNARY(sin_u10, Sleef_sinf8_u10avx2)
UNARY(sin_u35, Sleef_sinf8_u35avx2)
UNARY(cos_u10, Sleef_cosf8_u10avx2)
UNARY(cos_u35, Sleef_cosf8_u35avx2)
UNARY(tan_u10, Sleef_tanf8_u10avx2)
UNARY(tan_u35, Sleef_tanf8_u35avx2)
PAIR(sin_cos_u10, Sleef_sincosf8_u10avx2)
PAIR(sin_cos_u35, Sleef_sincosf8_u35avx2)
UNARY(exp_u10, Sleef_expf8_u10avx2)
UNARY(tanh_u10, Sleef_tanhf8_u10avx2)
UNARY(tanh_u35, Sleef_tanhf8_u35avx2)
UNARY(ln_u10, Sleef_logf8_u10avx2)
UNARY(ln_u35, Sleef_logf8_u35avx2)
UNARY(exp2_u10, Sleef_exp2f8_u10avx2)
UNARY(exp2_u35, Sleef_exp2f8_u35avx2)
UNARY(exp_m1_u10, Sleef_expm1f8_u10avx2)
UNARY(log2_u10, Sleef_log2f8_u10avx2)
UNARY(log2_u35, Sleef_log2f8_u35avx2)
UNARY(log10_u10, Sleef_log10f8_u10avx2)
UNARY(ln_1p_u10, Sleef_log1pf8_u10avx2)
UNARY(sinh_u10, Sleef_sinhf8_u10avx2)
UNARY(sinh_u35, Sleef_sinhf8_u35avx2)
UNARY(cosh_u10, Sleef_coshf8_u10avx2)
UNARY(cosh_u35, Sleef_coshf8_u35avx2)
UNARY(asinh_u10, Sleef_asinhf8_u10avx2)
UNARY(acosh_u10, Sleef_acoshf8_u10avx2)
UNARY(atanh_u10, Sleef_atanhf8_u10avx2)
UNARY(asin_u10, Sleef_asinf8_u10avx2)
UNARY(asin_u35, Sleef_asinf8_u35avx2)
UNARY(acos_u10, Sleef_acosf8_u10avx2)
UNARY(acos_u35, Sleef_acosf8_u35avx2)
UNARY(atan_u10, Sleef_atanf8_u10avx2)
UNARY(atan_u35, Sleef_atanf8_u35avx2)
UNARY(cbrt_u10, Sleef_cbrtf8_u10avx2)
UNARY(cbrt_u35, Sleef_cbrtf8_u35avx2)
BINARY(atan2_u10, Sleef_atan2f8_u10avx2)
BINARY(atan2_u35, Sleef_atan2f8_u35avx2)
BINARY(hypot_u05, Sleef_hypotf8_u05avx2)
BINARY(hypot_u35, Sleef_hypotf8_u35avx2)
BINARY(powf_u10, Sleef_powf8_u10avx2)
