/* Byte-level encodings shared by the event log (.hst) and the protobuf encoder:
 * unsigned LEB128 varints (protobuf's varint is the same encoding), zigzag for
 * signed differences, little-endian integers and CRC-32. */
#ifndef HS_TRACES_WIRE_H
#define HS_TRACES_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* A 64-bit value takes at most 10 LEB128 bytes (7 bits each). */
#define HS_LEB128_MAX 10

/* Writes v as unsigned LEB128 (least significant group first, bit 7 set on
 * every byte but the last); returns the number of bytes, 1..10. */
size_t hs_leb128_put(uint8_t *out, uint64_t v);
void hs_leb128_append(GByteArray *b, uint64_t v);

/* Reads one LEB128 value from [*p, end) and advances *p. Fails, leaving *p
 * unspecified, when the encoding runs past `end`, is longer than 10 bytes or
 * carries bits above bit 63. Non-minimal encodings are accepted. */
bool hs_leb128_get(const uint8_t **p, const uint8_t *end, uint64_t *v);

/* Zigzag maps a difference taken modulo 2^64 (a signed value in two's
 * complement) to an unsigned value that is small when the difference is small
 * in either direction: 0, -1, 1, -2, ... become 0, 1, 2, 3, ... It is a
 * bijection on 64-bit values, so wrapped differences survive the round trip. */
static inline uint64_t hs_zigzag(uint64_t d)
{
    return (d << 1) ^ (0 - (d >> 63));
}

static inline uint64_t hs_unzigzag(uint64_t z)
{
    return (z >> 1) ^ (0 - (z & 1));
}

static inline void hs_put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void hs_put_le32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static inline uint16_t hs_get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t hs_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* CRC-32 as in IEEE 802.3 and zlib (reflected polynomial 0xEDB88320, initial
 * value and final XOR 0xFFFFFFFF). Start with crc = 0; pass the previous result
 * to continue over more bytes. */
uint32_t hs_crc32(uint32_t crc, const void *buf, size_t len);

#endif
