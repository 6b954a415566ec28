/* Batched HMAC-SHA256 for the masking transformers.
 *
 * Masking hashes every distinct value of a column with HMAC-SHA256. From Python that is five calls and
 * two SHA-256 compressions per value, and the calls, not the compressions, bound it at about 1.6 M
 * values/s. Here one call hashes a whole list: the key's two padded blocks are compressed once per call,
 * each value then costs its own compressions only, on the CPU's SHA extensions (SHA-NI) when it has
 * them and in portable C otherwise. The text encodings of `tdm_agents.masking.transformers.encoding`
 * are done here too, so the output strings are made without a Python call per value.
 *
 * The results are bit-for-bit those of Python's `hmac.digest(key, value, "sha256")` (the tests check
 * both compressions against hashlib); the pure-Python code stays as the fallback when this module
 * could not be built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <cpuid.h>
#include <immintrin.h>
#define TDM_X86 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t H0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

typedef void (*compress_fn)(uint32_t state[8], const uint8_t *blocks, size_t count);

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* FIPS 180-4, section 6.2.2: the compression of `count` 64-byte blocks into the state. */
static void compress_portable(uint32_t state[8], const uint8_t *p, size_t count) {
    uint32_t w[64];
    for (; count > 0; count--, p += 64) {
        for (int t = 0; t < 16; t++) {
            w[t] = ((uint32_t)p[4 * t] << 24) | ((uint32_t)p[4 * t + 1] << 16) |
                   ((uint32_t)p[4 * t + 2] << 8) | (uint32_t)p[4 * t + 3];
        }
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = ROTR(w[t - 15], 7) ^ ROTR(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = ROTR(w[t - 2], 17) ^ ROTR(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; t++) {
            uint32_t t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
            uint32_t t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#ifdef TDM_X86
/* The same compression on the SHA extensions: sha256rnds2 does two rounds on the state held as the
 * (ABEF, CDGH) register pair, sha256msg1/msg2 extend the message schedule four words at a time. Group g
 * does rounds 4g..4g+3 with schedule words w[g % 4]; while doing it, msg1 starts the words of group
 * g + 3 and msg2 finishes those of group g + 1. */
__attribute__((target("sha,sse4.1,ssse3"))) static void compress_shani(uint32_t state[8], const uint8_t *p,
                                                                          size_t count) {
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i state1 = _mm_loadu_si128((const __m128i *)&state[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);                /* CDAB */
    state1 = _mm_shuffle_epi32(state1, 0x1B);          /* EFGH */
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  /* ABEF */
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);       /* CDGH */

    for (; count > 0; count--, p += 64) {
        const __m128i abef = state0, cdgh = state1;
        __m128i w[4];
        for (int g = 0; g < 16; g++) {
            if (g < 4) {
                w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), byteswap);
            }
            __m128i msg = _mm_add_epi32(w[g & 3], _mm_loadu_si128((const __m128i *)&K[4 * g]));
            state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
            if (g >= 3 && g <= 14) {
                __m128i next = _mm_add_epi32(w[(g + 1) & 3], _mm_alignr_epi8(w[g & 3], w[(g + 3) & 3], 4));
                w[(g + 1) & 3] = _mm_sha256msg2_epu32(next, w[g & 3]);
            }
            msg = _mm_shuffle_epi32(msg, 0x0E);
            state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
            if (g >= 1 && g <= 12) {
                w[(g + 3) & 3] = _mm_sha256msg1_epu32(w[(g + 3) & 3], w[g & 3]);
            }
        }
        state0 = _mm_add_epi32(state0, abef);
        state1 = _mm_add_epi32(state1, cdgh);
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B);           /* FEBA */
    state1 = _mm_shuffle_epi32(state1, 0xB1);        /* DCHG */
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);     /* DCBA */
    state1 = _mm_alignr_epi8(state1, tmp, 8);        /* ABEF */
    _mm_storeu_si128((__m128i *)&state[0], state0);
    _mm_storeu_si128((__m128i *)&state[4], state1);
}

static int cpu_has_sha(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3)) {
        return 0;
    }
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        return 0;
    }
    return (b >> 29) & 1; /* CPUID.(EAX=7,ECX=0):EBX.SHA[bit 29] */
}
#endif

static compress_fn compress = compress_portable;
static int using_sha_extensions = 0;

/* SHA-256 of (the `done` bytes already compressed into `start`) + msg[0:len]; `done` is a multiple of
 * 64. Writes the 32-byte digest. */
static void sha256_finish(const uint32_t start[8], uint64_t done, const uint8_t *msg, size_t len,
                          uint8_t out[32]) {
    uint32_t s[8];
    uint8_t tail[128];
    memcpy(s, start, sizeof s);
    size_t full = len / 64;
    if (full) {
        compress(s, msg, full);
    }
    size_t rest = len - full * 64;
    size_t tail_len = rest < 56 ? 64 : 128;
    memcpy(tail, msg + full * 64, rest);
    tail[rest] = 0x80;
    memset(tail + rest + 1, 0, tail_len - rest - 1);
    uint64_t bits = (done + (uint64_t)len) * 8;
    for (int i = 0; i < 8; i++) {
        tail[tail_len - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    compress(s, tail, tail_len / 64);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(s[i] >> 24);
        out[4 * i + 1] = (uint8_t)(s[i] >> 16);
        out[4 * i + 2] = (uint8_t)(s[i] >> 8);
        out[4 * i + 3] = (uint8_t)s[i];
    }
}

/* RFC 2104: the states after the key's inner (0x36) and outer (0x5c) padded blocks. */
typedef struct {
    uint32_t inner[8];
    uint32_t outer[8];
} hmac_key;

static void hmac_setup(hmac_key *k, const uint8_t *key, size_t key_len) {
    uint8_t block[64] = {0};
    if (key_len > 64) {
        sha256_finish(H0, 0, key, key_len, block);
    } else {
        memcpy(block, key, key_len);
    }
    uint8_t pad[64];
    for (int i = 0; i < 64; i++) {
        pad[i] = block[i] ^ 0x36;
    }
    memcpy(k->inner, H0, sizeof H0);
    compress(k->inner, pad, 1);
    for (int i = 0; i < 64; i++) {
        pad[i] = block[i] ^ 0x5c;
    }
    memcpy(k->outer, H0, sizeof H0);
    compress(k->outer, pad, 1);
}

static void hmac(const hmac_key *k, const uint8_t *msg, size_t len, uint8_t out[32]) {
    uint8_t inner[32];
    sha256_finish(k->inner, 64, msg, len, inner);
    sha256_finish(k->outer, 64, inner, 32, out);
}

/* A growable scratch buffer for messages that must be built (normalised text, the 0x01-prefixed second
 * digest). */
typedef struct {
    uint8_t *data;
    size_t size;
} scratch;

static uint8_t *scratch_reserve(scratch *s, size_t size) {
    if (size > s->size) {
        uint8_t *grown = PyMem_Realloc(s->data, size);
        if (grown == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        s->data = grown;
        s->size = size;
    }
    return s->data;
}

/* The UTF-8 bytes of str(value) (surrogates passed through, as `encode("utf-8", "surrogatepass")`).
 * Returns a borrowed pointer valid while *keep (a new reference, or NULL) is alive. */
static const char *utf8_of(PyObject *value, Py_ssize_t *len, PyObject **keep) {
    *keep = NULL;
    PyObject *text = value;
    if (!PyUnicode_Check(value)) {
        text = PyObject_Str(value);
        if (text == NULL) {
            return NULL;
        }
        *keep = text;
    }
    const char *data = PyUnicode_AsUTF8AndSize(text, len);
    if (data != NULL) {
        return data;
    }
    PyErr_Clear();
    PyObject *encoded = PyUnicode_AsEncodedString(text, "utf-8", "surrogatepass");
    Py_XDECREF(*keep);
    *keep = encoded;
    if (encoded == NULL) {
        return NULL;
    }
    *len = PyBytes_GET_SIZE(encoded);
    return PyBytes_AS_STRING(encoded);
}

/* Python's str.isspace() for an ASCII character. */
static int ascii_space(unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f); }

/* str(value).strip().lower(): in place on a copy for ASCII text, through Python otherwise. */
static const char *normalised_utf8(PyObject *value, Py_ssize_t *len, PyObject **keep, scratch *buf) {
    if (PyUnicode_Check(value) && PyUnicode_IS_ASCII(value)) {
        const unsigned char *text = PyUnicode_1BYTE_DATA(value);
        Py_ssize_t start = 0, end = PyUnicode_GET_LENGTH(value);
        while (start < end && ascii_space(text[start])) {
            start++;
        }
        while (end > start && ascii_space(text[end - 1])) {
            end--;
        }
        uint8_t *out = scratch_reserve(buf, (size_t)(end - start) + 1);
        if (out == NULL) {
            return NULL;
        }
        for (Py_ssize_t i = start; i < end; i++) {
            unsigned char c = text[i];
            out[i - start] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
        }
        *keep = NULL;
        *len = end - start;
        return (const char *)out;
    }
    PyObject *text = PyObject_Str(value);
    if (text == NULL) {
        return NULL;
    }
    PyObject *stripped = PyObject_CallMethod(text, "strip", NULL);
    Py_DECREF(text);
    if (stripped == NULL) {
        return NULL;
    }
    PyObject *lowered = PyObject_CallMethod(stripped, "lower", NULL);
    Py_DECREF(stripped);
    if (lowered == NULL) {
        return NULL;
    }
    PyObject *inner_keep = NULL;
    const char *data = utf8_of(lowered, len, &inner_keep);
    if (inner_keep != NULL) {
        Py_DECREF(lowered);
        *keep = inner_keep;
    } else {
        *keep = lowered;
    }
    if (data == NULL) {
        Py_CLEAR(*keep);
    }
    return data;
}

static PyObject *hmac_digests(PyObject *self, PyObject *args) {
    Py_buffer key;
    PyObject *values;
    if (!PyArg_ParseTuple(args, "y*O:hmac_digests", &key, &values)) {
        return NULL;
    }
    hmac_key k;
    hmac_setup(&k, (const uint8_t *)key.buf, (size_t)key.len);
    PyBuffer_Release(&key);
    PyObject *seq = PySequence_Fast(values, "hmac_digests: values must be a sequence");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *result = PyList_New(n);
    if (result == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t len;
        PyObject *keep;
        const char *data = utf8_of(items[i], &len, &keep);
        if (data == NULL) {
            Py_DECREF(result);
            Py_DECREF(seq);
            return NULL;
        }
        uint8_t out[32];
        hmac(&k, (const uint8_t *)data, (size_t)len, out);
        Py_XDECREF(keep);
        PyObject *digest = PyBytes_FromStringAndSize((const char *)out, 32);
        if (digest == NULL) {
            Py_DECREF(result);
            Py_DECREF(seq);
            return NULL;
        }
        PyList_SET_ITEM(result, i, digest);
    }
    Py_DECREF(seq);
    return result;
}

static const char HEX[] = "0123456789abcdef";

static PyObject *hmac_texts(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *keywords[] = {"key", "values", "table", "length", "prefix", "suffix", "normalise", NULL};
    Py_buffer key;
    PyObject *values, *table_obj;
    Py_ssize_t length;
    const char *prefix = "", *suffix = "";
    Py_ssize_t prefix_len = 0, suffix_len = 0;
    int normalise = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "y*OOn|s#s#p:hmac_texts", keywords, &key, &values,
                                     &table_obj, &length, &prefix, &prefix_len, &suffix, &suffix_len,
                                     &normalise)) {
        return NULL;
    }
    hmac_key k;
    hmac_setup(&k, (const uint8_t *)key.buf, (size_t)key.len);
    PyBuffer_Release(&key);
    /* table: None for hex (two characters per byte), else 256 bytes mapping a digest byte to a letter. */
    const uint8_t *table = NULL;
    if (table_obj != Py_None) {
        if (!PyBytes_Check(table_obj) || PyBytes_GET_SIZE(table_obj) != 256) {
            PyErr_SetString(PyExc_ValueError, "hmac_texts: table must be None or 256 bytes");
            return NULL;
        }
        table = (const uint8_t *)PyBytes_AS_STRING(table_obj);
    }
    Py_ssize_t per_digest = table == NULL ? 64 : 32;
    if (length < 0 || length > 2 * per_digest) {
        PyErr_Format(PyExc_ValueError, "hmac_texts: length must be between 0 and %zd", 2 * per_digest);
        return NULL;
    }
    int ascii_ends = 1;
    for (Py_ssize_t i = 0; i < prefix_len; i++) {
        ascii_ends &= ((unsigned char)prefix[i] < 128);
    }
    for (Py_ssize_t i = 0; i < suffix_len; i++) {
        ascii_ends &= ((unsigned char)suffix[i] < 128);
    }
    PyObject *seq = PySequence_Fast(values, "hmac_texts: values must be a sequence");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *result = PyList_New(n);
    scratch norm = {NULL, 0}, second = {NULL, 0};
    Py_ssize_t total = prefix_len + length + suffix_len;
    char *line = PyMem_Malloc((size_t)total + 1);
    if (result == NULL || line == NULL) {
        goto fail;
    }
    memcpy(line, prefix, (size_t)prefix_len);
    memcpy(line + prefix_len + length, suffix, (size_t)suffix_len);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t len;
        PyObject *keep;
        const char *data = normalise ? normalised_utf8(items[i], &len, &keep, &norm)
                                     : utf8_of(items[i], &len, &keep);
        if (data == NULL) {
            goto fail;
        }
        uint8_t raw[64];
        hmac(&k, (const uint8_t *)data, (size_t)len, raw);
        if (length > per_digest) {
            /* Long outputs: a second digest, of 0x01 + the value (as the Python code). */
            uint8_t *msg = scratch_reserve(&second, (size_t)len + 1);
            if (msg == NULL) {
                Py_XDECREF(keep);
                goto fail;
            }
            msg[0] = 0x01;
            memcpy(msg + 1, data, (size_t)len);
            hmac(&k, msg, (size_t)len + 1, raw + 32);
        }
        Py_XDECREF(keep);
        char *text = line + prefix_len;
        if (table == NULL) {
            for (Py_ssize_t j = 0; j < length; j++) {
                uint8_t byte = raw[j / 2];
                text[j] = HEX[(j & 1) ? (byte & 15) : (byte >> 4)];
            }
        } else {
            for (Py_ssize_t j = 0; j < length; j++) {
                text[j] = (char)table[raw[j]];
            }
        }
        PyObject *out;
        if (ascii_ends) {
            out = PyUnicode_New(total, 127);
            if (out != NULL) {
                memcpy(PyUnicode_1BYTE_DATA(out), line, (size_t)total);
            }
        } else {
            out = PyUnicode_DecodeUTF8(line, total, "strict");
        }
        if (out == NULL) {
            goto fail;
        }
        PyList_SET_ITEM(result, i, out);
    }
    PyMem_Free(line);
    PyMem_Free(norm.data);
    PyMem_Free(second.data);
    Py_DECREF(seq);
    return result;
fail:
    PyMem_Free(line);
    PyMem_Free(norm.data);
    PyMem_Free(second.data);
    Py_XDECREF(result);
    Py_DECREF(seq);
    return NULL;
}

static PyObject *implementation(PyObject *self, PyObject *unused) {
    return PyUnicode_FromString(using_sha_extensions ? "sha-extensions" : "portable");
}

/* Tests run both compressions: use_portable(True) switches to the C one on any CPU. */
static PyObject *use_portable(PyObject *self, PyObject *arg) {
    int portable = PyObject_IsTrue(arg);
    if (portable < 0) {
        return NULL;
    }
    compress = compress_portable;
    using_sha_extensions = 0;
#ifdef TDM_X86
    if (!portable && cpu_has_sha()) {
        compress = compress_shani;
        using_sha_extensions = 1;
    }
#endif
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"hmac_digests", hmac_digests, METH_VARARGS,
     "hmac_digests(key, values) -> list of the 32-byte HMAC-SHA256 of each value's UTF-8 text."},
    {"hmac_texts", (PyCFunction)(void (*)(void))hmac_texts, METH_VARARGS | METH_KEYWORDS,
     "hmac_texts(key, values, table, length, prefix='', suffix='', normalise=False) -> list of str."},
    {"implementation", implementation, METH_NOARGS, "'sha-extensions' or 'portable'."},
    {"use_portable", use_portable, METH_O, "use_portable(flag): force the portable compression (tests)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_hmac", NULL, -1, methods};

PyMODINIT_FUNC PyInit__hmac(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    PyObject *off = use_portable(m, Py_False);
    if (off == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_DECREF(off);
    return m;
}
