/* A small protobuf encoder (the wire format of protobuf.dev "Encoding"): a
 * message is a sequence of fields, each a key (field number << 3 | wire type)
 * then a varint, a fixed64 or a length-delimited payload. Enough for the
 * Perfetto exporter; no decoding, no descriptors. */
#ifndef HS_TRACES_PROTOBUF_H
#define HS_TRACES_PROTOBUF_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* Wire types. */
enum {
    HS_PB_VARINT = 0,
    HS_PB_I64 = 1,
    HS_PB_LEN = 2,
    HS_PB_I32 = 5,
};

void hs_pb_key(GByteArray *b, uint32_t field, unsigned wire_type);
/* uint32/uint64/enum/bool fields; int64 values pass as their two's complement. */
void hs_pb_varint(GByteArray *b, uint32_t field, uint64_t v);
void hs_pb_fixed64(GByteArray *b, uint32_t field, uint64_t v);
void hs_pb_bytes(GByteArray *b, uint32_t field, const void *data, size_t len);
void hs_pb_string(GByteArray *b, uint32_t field, const char *s);

/* A nested message: hs_pb_begin() writes the key and returns a mark, the
 * message's fields follow, hs_pb_end() puts the length in front of them.
 * Nesting works to any depth. */
size_t hs_pb_begin(GByteArray *b, uint32_t field);
void hs_pb_end(GByteArray *b, size_t mark);

#endif
