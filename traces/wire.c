#include "traces/wire.h"

size_t hs_leb128_put(uint8_t *out, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

void hs_leb128_append(GByteArray *b, uint64_t v)
{
    uint8_t tmp[HS_LEB128_MAX];
    g_byte_array_append(b, tmp, (guint)hs_leb128_put(tmp, v));
}

bool hs_leb128_get(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    const uint8_t *q = *p;
    uint64_t r = 0;

    for (unsigned i = 0; i < HS_LEB128_MAX; i++) {
        uint8_t byte;
        if (q >= end) {
            return false;
        }
        byte = *q++;
        /* The tenth byte holds bit 63 only. */
        if (i == HS_LEB128_MAX - 1 && byte > 1) {
            return false;
        }
        r |= (uint64_t)(byte & 0x7f) << (7 * i);
        if (!(byte & 0x80)) {
            *p = q;
            *v = r;
            return true;
        }
    }
    return false;
}

/* CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320), eight bytes a step with
 * eight tables ("slicing-by-8"): the log writer checksums every block it
 * writes, so this is on the path of every traced event. */
static uint32_t crc_table[8][256];

static void crc_table_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (unsigned k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[0][n] = c;
    }
    for (uint32_t n = 0; n < 256; n++) {
        for (unsigned t = 1; t < 8; t++) {
            uint32_t prev = crc_table[t - 1][n];
            crc_table[t][n] = (prev >> 8) ^ crc_table[0][prev & 0xff];
        }
    }
}

uint32_t hs_crc32(uint32_t crc, const void *buf, size_t len)
{
    static gsize ready;
    const uint8_t *p = buf;

    if (g_once_init_enter(&ready)) {
        crc_table_init();
        g_once_init_leave(&ready, 1);
    }
    crc = ~crc;
    for (; len >= 8; len -= 8, p += 8) {
        uint32_t one = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                              (uint32_t)p[3] << 24);
        uint32_t two = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
                       (uint32_t)p[7] << 24;
        crc = crc_table[7][one & 0xff] ^ crc_table[6][one >> 8 & 0xff] ^
              crc_table[5][one >> 16 & 0xff] ^ crc_table[4][one >> 24] ^
              crc_table[3][two & 0xff] ^ crc_table[2][two >> 8 & 0xff] ^
              crc_table[1][two >> 16 & 0xff] ^ crc_table[0][two >> 24];
    }
    while (len--) {
        crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
}
