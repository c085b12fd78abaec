#include "traces/protobuf.h"

#include <assert.h>
#include <string.h>

#include "traces/wire.h"

void hs_pb_key(GByteArray *b, uint32_t field, unsigned wire_type)
{
    assert(field >= 1 && field < (1u << 29));
    hs_leb128_append(b, (uint64_t)field << 3 | wire_type);
}

void hs_pb_varint(GByteArray *b, uint32_t field, uint64_t v)
{
    hs_pb_key(b, field, HS_PB_VARINT);
    hs_leb128_append(b, v);
}

void hs_pb_fixed64(GByteArray *b, uint32_t field, uint64_t v)
{
    uint8_t le[8];
    hs_pb_key(b, field, HS_PB_I64);
    for (unsigned i = 0; i < 8; i++) {
        le[i] = (uint8_t)(v >> (8 * i));
    }
    g_byte_array_append(b, le, sizeof le);
}

void hs_pb_bytes(GByteArray *b, uint32_t field, const void *data, size_t len)
{
    hs_pb_key(b, field, HS_PB_LEN);
    hs_leb128_append(b, len);
    g_byte_array_append(b, data, (guint)len);
}

void hs_pb_string(GByteArray *b, uint32_t field, const char *s)
{
    hs_pb_bytes(b, field, s, strlen(s));
}

size_t hs_pb_begin(GByteArray *b, uint32_t field)
{
    hs_pb_key(b, field, HS_PB_LEN);
    return b->len;
}

void hs_pb_end(GByteArray *b, size_t mark)
{
    uint8_t len[HS_LEB128_MAX];
    size_t body = b->len - mark;
    size_t n = hs_leb128_put(len, body);

    g_byte_array_set_size(b, b->len + (guint)n);
    memmove(b->data + mark + n, b->data + mark, body);
    memcpy(b->data + mark, len, n);
}
