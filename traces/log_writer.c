/* Writes .hst logs (docs/traces.md, "The binary log"). Records accumulate in a
 * block in memory; a full block is framed, checksummed, written and flushed to
 * the kernel in one go, so that a killed run loses at most the block in
 * progress. */
#include "traces/log.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "hs_config.h"
#include "traces/log_format.h"
#include "traces/wire.h"

struct hs_log_writer {
    FILE *f;
    char *path;
    GByteArray *payload;           /* records of the block in progress */
    uint32_t nrec;                 /* ... and their number */
    /* Delta state, reset at each block start. */
    uint64_t next_seq;
    uint64_t prev_time;
    uint64_t prev_cycle[HS_LOG_CYCLE_SLOTS];
    uint64_t total;                /* records accepted */
    uint64_t offset;               /* bytes written */
    uint32_t nblocks;              /* blocks written, the header block included */
    unsigned max_records;
    size_t max_bytes;
    char *error;                   /* the first write error; later records are dropped */
};

static void put_string(GByteArray *b, const char *s, size_t len)
{
    hs_leb128_append(b, len);
    g_byte_array_append(b, (const guint8 *)s, (guint)len);
}

static void put_cstring(GByteArray *b, const char *s)
{
    put_string(b, s, strlen(s));
}

static void reset_deltas(hs_log_writer *w)
{
    w->next_seq = 0;
    w->prev_time = 0;
    memset(w->prev_cycle, 0, sizeof w->prev_cycle);
}

static bool write_bytes(hs_log_writer *w, const void *p, size_t n)
{
    if (n && fwrite(p, 1, n, w->f) != n) {
        if (!w->error) {
            w->error = g_strdup_printf("%s: write error at byte offset %" G_GUINT64_FORMAT ": %s",
                                       w->path, w->offset, g_strerror(errno));
        }
        return false;
    }
    w->offset += n;
    return true;
}

/* One block: the frame, then `prefix` (may be empty) and `body` as its payload. */
static bool write_block(hs_log_writer *w, uint8_t kind, const uint8_t *prefix, size_t plen,
                        const uint8_t *body, size_t blen)
{
    uint8_t frame[HS_LOG_FRAME_LEN] = { kind, 0, 0, 0 };
    uint32_t crc;

    if (w->error) {
        return false;
    }
    if (plen + blen > HS_LOG_MAX_PAYLOAD) {
        w->error = g_strdup_printf("%s: block %u would hold %zu bytes, more than the %u a "
                                   "block may hold", w->path, w->nblocks, plen + blen,
                                   HS_LOG_MAX_PAYLOAD);
        return false;
    }
    hs_put_le32(frame + 4, (uint32_t)(plen + blen));
    crc = hs_crc32(0, prefix, plen);
    crc = hs_crc32(crc, body, blen);
    hs_put_le32(frame + 8, crc);
    hs_put_le32(frame + 12, hs_crc32(0, frame, 12));
    if (!write_bytes(w, frame, sizeof frame) || !write_bytes(w, prefix, plen) ||
        !write_bytes(w, body, blen)) {
        return false;
    }
    if (fflush(w->f) != 0) {
        w->error = g_strdup_printf("%s: write error: %s", w->path, g_strerror(errno));
        return false;
    }
    w->nblocks++;
    return true;
}

static void end_block(hs_log_writer *w)
{
    uint8_t count[HS_LEB128_MAX];
    size_t clen;

    if (!w->nrec) {
        return;
    }
    clen = hs_leb128_put(count, w->nrec);
    write_block(w, HS_LOG_KIND_RECORDS, count, clen, w->payload->data, w->payload->len);
    g_byte_array_set_size(w->payload, 0);
    w->nrec = 0;
    reset_deltas(w);
}

static void put_meta(GByteArray *b, unsigned *n, const char *key, const char *value)
{
    if (value) {
        put_cstring(b, key);
        put_cstring(b, value);
        (*n)++;
    }
}

static GByteArray *header_payload(const hs_log_meta *meta, const char *sha)
{
    GByteArray *b = g_byte_array_new();
    GByteArray *m = g_byte_array_new();
    unsigned nmeta = 0;

    hs_leb128_append(b, HS_EV__COUNT);
    for (unsigned e = 0; e < HS_EV__COUNT; e++) {
        const hs_event_info *i = &hs_event_table[e];
        hs_leb128_append(b, e);
        put_cstring(b, i->name);
        put_cstring(b, hs_event_class_name[i->cls]);
        hs_leb128_append(b, i->nfields);
        for (unsigned f = 0; f < i->nfields; f++) {
            put_cstring(b, i->field[f]);
        }
    }

    put_meta(m, &nmeta, HS_LOG_META_WRITER, HS_VERSION);
    if (meta) {
        hs_log_meta full = *meta;
        if (!full.image_sha256) {
            full.image_sha256 = sha;
        }
#define X(member, key) put_meta(m, &nmeta, key, full.member);
        HS_LOG_META_KEYS
#undef X
        for (const char *const *p = meta->extra; p && p[0]; p += 2) {
            put_meta(m, &nmeta, p[0], p[1] ? p[1] : "");
        }
    }
    hs_leb128_append(b, nmeta);
    g_byte_array_append(b, m->data, m->len);
    g_byte_array_free(m, TRUE);
    return b;
}

hs_tracelog_err hs_log_writer_open(const char *path, const hs_log_meta *meta,
                                   hs_log_writer **out, char **msg)
{
    uint8_t fh[HS_LOG_FILE_HEADER_LEN];
    char *sha = NULL;
    GByteArray *hdr;
    hs_log_writer *w;
    FILE *f;

    *out = NULL;
    if (meta && meta->image_path && !meta->image_sha256) {
        char *why = NULL;
        sha = hs_file_sha256(meta->image_path, &why);
        if (!sha) {
            *msg = g_strdup_printf("cannot hash the image for the event log: %s", why);
            g_free(why);
            return HS_TRACELOG_ERR_IO;
        }
    }
    hdr = header_payload(meta, sha);
    g_free(sha);
    if (hdr->len > HS_LOG_MAX_PAYLOAD) {
        *msg = g_strdup_printf("%s: the run's metadata takes %u bytes, more than the %u the "
                               "header block may hold", path, hdr->len, HS_LOG_MAX_PAYLOAD);
        g_byte_array_free(hdr, TRUE);
        return HS_TRACELOG_ERR_TOO_LARGE;
    }
    f = fopen(path, "wb");
    if (!f) {
        *msg = g_strdup_printf("%s: %s", path, g_strerror(errno));
        g_byte_array_free(hdr, TRUE);
        return HS_TRACELOG_ERR_IO;
    }
    w = g_new0(hs_log_writer, 1);
    w->f = f;
    w->path = g_strdup(path);
    w->payload = g_byte_array_sized_new(HS_LOG_BLOCK_BYTES + 128);
    w->max_records = HS_LOG_BLOCK_RECORDS;
    w->max_bytes = HS_LOG_BLOCK_BYTES;

    memcpy(fh, HS_LOG_MAGIC, HS_LOG_MAGIC_LEN);
    hs_put_le16(fh + 8, HS_LOG_VERSION_MAJOR);
    hs_put_le16(fh + 10, HS_LOG_VERSION_MINOR);
    hs_put_le32(fh + 12, hs_crc32(0, fh, 12));
    write_bytes(w, fh, sizeof fh);
    write_block(w, HS_LOG_KIND_HEADER, NULL, 0, hdr->data, hdr->len);
    g_byte_array_free(hdr, TRUE);
    if (w->error) {
        *msg = w->error;
        w->error = NULL;
        fclose(w->f);
        g_byte_array_free(w->payload, TRUE);
        g_free(w->path);
        g_free(w);
        return HS_TRACELOG_ERR_IO;
    }
    *out = w;
    return HS_TRACELOG_OK;
}

void hs_log_writer_set_block_limits(hs_log_writer *w, unsigned records, size_t bytes)
{
    assert(records >= 1 && bytes >= 1);
    w->max_records = records;
    w->max_bytes = bytes;
}

void hs_log_writer_record(hs_log_writer *w, const hs_record *r)
{
    unsigned slot = r->vcpu % HS_LOG_CYCLE_SLOTS;
    GByteArray *b = w->payload;

    assert(r->event < HS_EV__COUNT);
    if (w->error) {
        return;
    }
    {
        /* The whole record is encoded on the stack and appended once: this runs
         * for every event of a traced run. */
        uint8_t rec[(5 + HS_EVENT_FIELDS) * HS_LEB128_MAX];
        size_t n = 0;
        n += hs_leb128_put(rec + n, hs_zigzag(r->seq - w->next_seq));
        n += hs_leb128_put(rec + n, hs_zigzag(r->time_ps - w->prev_time));
        n += hs_leb128_put(rec + n, r->event);
        n += hs_leb128_put(rec + n, r->vcpu);
        n += hs_leb128_put(rec + n, hs_zigzag(r->cycle - w->prev_cycle[slot]));
        for (unsigned f = 0; f < hs_event_table[r->event].nfields; f++) {
            n += hs_leb128_put(rec + n, r->f[f]);
        }
        g_byte_array_append(b, rec, (guint)n);
    }
    w->next_seq = r->seq + 1;
    w->prev_time = r->time_ps;
    w->prev_cycle[slot] = r->cycle;
    w->nrec++;
    w->total++;
    if (w->nrec >= w->max_records || b->len >= w->max_bytes) {
        end_block(w);
    }
}

static void sink_record(void *opaque, const hs_record *r)
{
    hs_log_writer_record(opaque, r);
}

hs_trace_sink hs_log_writer_sink(hs_log_writer *w)
{
    return (hs_trace_sink){ sink_record, w };
}

uint64_t hs_log_writer_count(const hs_log_writer *w)
{
    return w->total;
}

hs_tracelog_err hs_log_writer_flush(hs_log_writer *w, char **msg)
{
    end_block(w);
    if (w->error) {
        *msg = g_strdup(w->error);
        return HS_TRACELOG_ERR_IO;
    }
    return HS_TRACELOG_OK;
}

hs_tracelog_err hs_log_writer_close(hs_log_writer *w, char **msg)
{
    uint8_t total[HS_LEB128_MAX];
    hs_tracelog_err err = HS_TRACELOG_OK;

    end_block(w);
    write_block(w, HS_LOG_KIND_END, total, hs_leb128_put(total, w->total), NULL, 0);
    if (fclose(w->f) != 0 && !w->error) {
        w->error = g_strdup_printf("%s: %s", w->path, g_strerror(errno));
    }
    if (w->error) {
        *msg = w->error;
        w->error = NULL;
        err = HS_TRACELOG_ERR_IO;
    }
    g_byte_array_free(w->payload, TRUE);
    g_free(w->path);
    g_free(w);
    return err;
}
