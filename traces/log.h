/* The binary event log (.hst): a header block holding the event catalog and the
 * run's metadata, then the records in CRC-checked blocks, then an end block.
 * A run killed at any moment leaves a log that reads back up to its last
 * complete block. docs/traces.md specifies the format byte by byte.
 *
 * Messages returned through `char **msg` name the file and, for a damaged log,
 * the byte offset and block number; free them with g_free(). */
#ifndef HS_TRACES_LOG_H
#define HS_TRACES_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "traces/trace.h"

typedef enum hs_tracelog_err {
    HS_TRACELOG_OK = 0,
    HS_TRACELOG_ERR_IO,          /* a file cannot be opened, read or written */
    HS_TRACELOG_ERR_NOT_LOG,     /* the file does not start with the .hst magic */
    HS_TRACELOG_ERR_VERSION,     /* a format version this build does not read */
    HS_TRACELOG_ERR_CORRUPT,     /* a block fails its CRC or does not decode */
    HS_TRACELOG_ERR_TRUNCATED,   /* the file ends inside a block, or without its end block */
    HS_TRACELOG_ERR_TOO_LARGE,   /* metadata larger than a block may hold */
} hs_tracelog_err;

const char *hs_tracelog_strerror(hs_tracelog_err err);

/* What the log records about its run. Every member may be NULL (absent). */
typedef struct hs_log_meta {
    const char *platform_name;   /* "platform.name" */
    const char *platform_text;   /* "platform.text": the platform file's contents */
    const char *image_path;      /* "image.path" */
    const char *image_sha256;    /* "image.sha256", 64 lower-case hex digits; when NULL
                                  * the writer hashes the file at image_path */
    const char *command_line;    /* "command-line": the options, shell-quoted */
    const char *seed;            /* "seed": the fault injector's seed, decimal */
    const char *fault_plan;      /* "fault-plan": the fault plan's text */
    const char *input;           /* "input": console input the guest received */
    /* More pairs, key then value, ending with a NULL key. The reader puts every
     * key it does not know here. */
    const char *const *extra;
} hs_log_meta;

/* SHA-256 of a file as 64 lower-case hex digits (GLib's GChecksum), or NULL
 * with a message. */
char *hs_file_sha256(const char *path, char **msg);

/* ---- writing ---------------------------------------------------------------- */

typedef struct hs_log_writer hs_log_writer;

/* A block is written when it holds this many records or payload bytes, and at
 * hs_log_writer_flush() and close. */
#define HS_LOG_BLOCK_RECORDS 4096u
#define HS_LOG_BLOCK_BYTES (64u * 1024u)

/* Creates (truncates) `path` and writes the file header and the header block
 * (the catalog of this build and `meta`; meta may be NULL). */
hs_tracelog_err hs_log_writer_open(const char *path, const hs_log_meta *meta,
                                   hs_log_writer **out, char **msg);
/* A sink for hs_tracer_add_sink(). A write error is kept and reported by close;
 * records after it are dropped. */
hs_trace_sink hs_log_writer_sink(hs_log_writer *w);
void hs_log_writer_record(hs_log_writer *w, const hs_record *r);
/* Ends the current block (if it holds records) and hands it to the kernel, so
 * that a run killed later keeps it. */
hs_tracelog_err hs_log_writer_flush(hs_log_writer *w, char **msg);
/* Changes the block limits (both at least 1); for tests and for tools that
 * want smaller units of loss. */
void hs_log_writer_set_block_limits(hs_log_writer *w, unsigned records, size_t bytes);
uint64_t hs_log_writer_count(const hs_log_writer *w);
/* Writes the last block and the end block and closes the file; frees w in
 * every case. */
hs_tracelog_err hs_log_writer_close(hs_log_writer *w, char **msg);

/* ---- reading ---------------------------------------------------------------- */

typedef struct hs_log_reader hs_log_reader;

/* Opens a log and reads its header block. */
hs_tracelog_err hs_log_reader_open(const char *path, hs_log_reader **out, char **msg);
void hs_log_reader_close(hs_log_reader *r);

const hs_log_meta *hs_log_reader_meta(const hs_log_reader *r);
/* Any metadata value by key, or NULL. */
const char *hs_log_reader_meta_get(const hs_log_reader *r, const char *key);
/* The format version of the file. */
void hs_log_reader_version(const hs_log_reader *r, unsigned *major, unsigned *minor);

/* Reads the next record: 1 and *out filled, 0 at the clean end of the log, -1
 * on a damaged log (*msg says where; hs_log_reader_error() says what). Once -1
 * or 0 is returned, every later call returns the same. Records of events this
 * build knows carry their hs_event id; events known only to the file's catalog
 * get ids from HS_LOG_FOREIGN_EVENT on (see hs_log_reader_event_info()). */
int hs_log_reader_next(hs_log_reader *r, hs_record *out, char **msg);
hs_tracelog_err hs_log_reader_error(const hs_log_reader *r);

#define HS_LOG_FOREIGN_EVENT 0x10000u

/* The catalog entry of an event id returned by hs_log_reader_next(): this
 * build's for its own events; for a foreign event, the file's (class
 * HS_EVC__COUNT, its first HS_EVENT_FIELDS fields), with its class name in
 * hs_log_reader_event_class(). NULL for an id the reader never returns. */
const hs_event_info *hs_log_reader_event_info(const hs_log_reader *r, uint32_t event);
const char *hs_log_reader_event_class(const hs_log_reader *r, uint32_t event);

/* Where the reader is: the offset of the next unread byte and the number of
 * blocks read so far (the header block is block 0). */
uint64_t hs_log_reader_offset(const hs_log_reader *r);
uint32_t hs_log_reader_blocks(const hs_log_reader *r);

#endif
