/* Constants of the .hst format shared by the writer and the reader; the format
 * is specified in docs/traces.md ("The binary log"). */
#ifndef HS_TRACES_LOG_FORMAT_H
#define HS_TRACES_LOG_FORMAT_H

#include <stdint.h>

/* File header: magic (8), major (2), minor (2), CRC-32 of the 12 bytes before it (4). */
#define HS_LOG_MAGIC "\x89HST\r\n\x1a\n"
#define HS_LOG_MAGIC_LEN 8u
#define HS_LOG_FILE_HEADER_LEN 16u
#define HS_LOG_VERSION_MAJOR 1u
#define HS_LOG_VERSION_MINOR 0u

/* Block frame: kind (1), flags (1), reserved (2), payload length (4), CRC-32 of
 * the payload (4), CRC-32 of the 12 frame bytes before it (4). The frame's own
 * CRC tells a damaged length from a file that ends early. */
#define HS_LOG_FRAME_LEN 16u
enum {
    HS_LOG_KIND_HEADER = 'H',
    HS_LOG_KIND_RECORDS = 'R',
    HS_LOG_KIND_END = 'E',
};

/* The reader refuses larger payloads before allocating them. */
#define HS_LOG_MAX_PAYLOAD (64u * 1024u * 1024u)
/* Sanity limits on the header block's catalog. */
#define HS_LOG_MAX_CATALOG 65536u
#define HS_LOG_MAX_FIELDS 64u

/* Cycle deltas are taken against the previous record whose vCPU has the same
 * value modulo this. */
#define HS_LOG_CYCLE_SLOTS 256u

/* Metadata keys of the hs_log_meta members, in that order. */
#define HS_LOG_META_KEYS                                                                 \
    X(platform_name, "platform.name")                                                    \
    X(platform_text, "platform.text")                                                    \
    X(image_path, "image.path")                                                          \
    X(image_sha256, "image.sha256")                                                      \
    X(command_line, "command-line")                                                      \
    X(seed, "seed")                                                                      \
    X(fault_plan, "fault-plan")                                                          \
    X(input, "input")
#define HS_LOG_META_WRITER "hypsim.version"

#endif
