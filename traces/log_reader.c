/* Reads .hst logs (docs/traces.md, "The binary log"). Every length and count in
 * the file is checked against what is left before it is used, so that any
 * input, damaged or hostile, ends in a message and never in a crash. */
#include "traces/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "traces/log_format.h"
#include "traces/wire.h"

/* An event of the file's catalog. */
typedef struct file_event {
    unsigned nfields;              /* fields each record of it stores */
    int local;                     /* this build's hs_event, or -1 */
    hs_event_info info;            /* the file's description, for a foreign event */
    char *cls;
} file_event;

enum { READING, ENDED, FAILED };

struct hs_log_reader {
    FILE *f;
    char *path;
    uint64_t size;                 /* of a regular file; UINT64_MAX when unknown */
    uint64_t offset;               /* next unread byte */
    uint32_t nblocks;              /* blocks read, the header block included */
    unsigned major, minor;

    GPtrArray *events;             /* file_event *, indexed by the file's event id */
    GPtrArray *keys, *values;      /* every metadata pair */
    GPtrArray *extra;              /* pairs of unknown keys, NULL-terminated */
    hs_log_meta meta;

    /* The records block being read. */
    uint8_t *payload;
    size_t cap;
    const uint8_t *p, *end;
    uint64_t block_offset;
    uint32_t block_no;
    uint64_t nrec, rec;            /* records in the block, records read from it */
    uint64_t next_seq, prev_time, prev_cycle[HS_LOG_CYCLE_SLOTS];

    uint64_t total;                /* records returned */
    bool seen_end;
    int state;
    hs_tracelog_err err;
    char *msg;
};

static int fail(hs_log_reader *r, hs_tracelog_err err, char *msg)
{
    r->state = FAILED;
    r->err = err;
    g_free(r->msg);
    r->msg = msg;
    return -1;
}

/* Reads exactly n bytes; returns how many were read before the end of file. */
static size_t read_bytes(hs_log_reader *r, void *buf, size_t n)
{
    size_t got = fread(buf, 1, n, r->f);
    r->offset += got;
    return got;
}

typedef enum { FRAME_OK, FRAME_EOF, FRAME_ERROR } frame_status;

/* Reads the next block into r->payload; FRAME_EOF when the file ends exactly
 * before it. */
static frame_status read_block(hs_log_reader *r, uint8_t *kind, size_t *len)
{
    uint8_t frame[HS_LOG_FRAME_LEN];
    uint64_t at = r->offset;
    uint32_t no = r->nblocks;
    size_t got = read_bytes(r, frame, sizeof frame);
    uint32_t plen;

    if (ferror(r->f)) {
        fail(r, HS_TRACELOG_ERR_IO, g_strdup_printf("%s: read error at byte offset %" G_GUINT64_FORMAT
                                                    ": %s", r->path, at, g_strerror(errno)));
        return FRAME_ERROR;
    }
    if (got == 0) {
        return FRAME_EOF;
    }
    if (got < sizeof frame) {
        fail(r, HS_TRACELOG_ERR_TRUNCATED,
             g_strdup_printf("%s: truncated at byte offset %" G_GUINT64_FORMAT ": block %u "
                             "starts at byte offset %" G_GUINT64_FORMAT " but the file ends "
                             "%zu bytes into its %u-byte frame", r->path, r->offset, no, at,
                             got, HS_LOG_FRAME_LEN));
        return FRAME_ERROR;
    }
    if (hs_crc32(0, frame, 12) != hs_get_le32(frame + 12)) {
        fail(r, HS_TRACELOG_ERR_CORRUPT,
             g_strdup_printf("%s: block %u at byte offset %" G_GUINT64_FORMAT ": its frame "
                             "fails the CRC check (stored 0x%08x, computed 0x%08x)", r->path, no,
                             at, hs_get_le32(frame + 12), hs_crc32(0, frame, 12)));
        return FRAME_ERROR;
    }
    if (frame[1] || frame[2] || frame[3]) {
        fail(r, HS_TRACELOG_ERR_VERSION,
             g_strdup_printf("%s: block %u at byte offset %" G_GUINT64_FORMAT ": flags 0x%02x "
                             "0x%02x 0x%02x that this build does not know", r->path, no, at,
                             frame[1], frame[2], frame[3]));
        return FRAME_ERROR;
    }
    plen = hs_get_le32(frame + 4);
    if (plen > HS_LOG_MAX_PAYLOAD) {
        fail(r, HS_TRACELOG_ERR_CORRUPT,
             g_strdup_printf("%s: block %u at byte offset %" G_GUINT64_FORMAT ": payload of %u "
                             "bytes, more than the %u a block may hold", r->path, no, at, plen,
                             HS_LOG_MAX_PAYLOAD));
        return FRAME_ERROR;
    }
    if (r->size != UINT64_MAX && plen > r->size - r->offset) {
        fail(r, HS_TRACELOG_ERR_TRUNCATED,
             g_strdup_printf("%s: truncated at byte offset %" G_GUINT64_FORMAT ": block %u at "
                             "byte offset %" G_GUINT64_FORMAT " needs %u payload bytes, the file "
                             "has %" G_GUINT64_FORMAT, r->path, r->size, no, at, plen,
                             r->size - r->offset));
        return FRAME_ERROR;
    }
    if (plen > r->cap) {
        r->cap = plen;
        r->payload = g_realloc(r->payload, r->cap);
    }
    got = read_bytes(r, r->payload, plen);
    if (got < plen) {
        fail(r, ferror(r->f) ? HS_TRACELOG_ERR_IO : HS_TRACELOG_ERR_TRUNCATED,
             g_strdup_printf("%s: truncated at byte offset %" G_GUINT64_FORMAT ": block %u at "
                             "byte offset %" G_GUINT64_FORMAT " needs %u payload bytes, the file "
                             "has %zu", r->path, r->offset, no, at, plen, got));
        return FRAME_ERROR;
    }
    if (hs_crc32(0, r->payload, plen) != hs_get_le32(frame + 8)) {
        fail(r, HS_TRACELOG_ERR_CORRUPT,
             g_strdup_printf("%s: block %u at byte offset %" G_GUINT64_FORMAT ": its payload "
                             "fails the CRC check (stored 0x%08x, computed 0x%08x)", r->path, no,
                             at, hs_get_le32(frame + 8), hs_crc32(0, r->payload, plen)));
        return FRAME_ERROR;
    }
    r->block_offset = at;
    r->block_no = no;
    r->nblocks++;
    *kind = frame[0];
    *len = plen;
    return FRAME_OK;
}

/* ---- the header block ------------------------------------------------------- */

typedef struct cursor {
    const uint8_t *p, *end;
} cursor;

static bool get_varint(cursor *c, uint64_t *v)
{
    return hs_leb128_get(&c->p, c->end, v);
}

static char *get_string(cursor *c)
{
    uint64_t len;
    char *s;
    if (!get_varint(c, &len) || len > (uint64_t)(c->end - c->p)) {
        return NULL;
    }
    s = g_strndup((const char *)c->p, len);
    c->p += len;
    return s;
}

static void free_event(gpointer p)
{
    file_event *e = p;
    if (!e) {
        return;
    }
    g_free((char *)e->info.name);
    for (unsigned i = 0; i < HS_EVENT_FIELDS; i++) {
        g_free((char *)e->info.field[i]);
    }
    g_free(e->cls);
    g_free(e);
}

static int local_match(const char *name, const char *cls, char **fields, unsigned n)
{
    for (int e = 0; e < HS_EV__COUNT; e++) {
        const hs_event_info *i = &hs_event_table[e];
        if (strcmp(i->name, name)) {
            continue;
        }
        if (strcmp(hs_event_class_name[i->cls], cls) || i->nfields != n) {
            return -1;
        }
        for (unsigned f = 0; f < n; f++) {
            if (strcmp(i->field[f], fields[f])) {
                return -1;
            }
        }
        return e;
    }
    return -1;
}

static char *header_error(hs_log_reader *r, const char *what)
{
    return g_strdup_printf("%s: block 0 (the header) at byte offset %" G_GUINT64_FORMAT ": %s",
                           r->path, r->block_offset, what);
}

static bool parse_catalog(hs_log_reader *r, cursor *c, char **why)
{
    uint64_t n;

    if (!get_varint(c, &n) || n > HS_LOG_MAX_CATALOG) {
        *why = g_strdup("the catalog's event count is malformed");
        return false;
    }
    for (uint64_t k = 0; k < n; k++) {
        uint64_t id, nf;
        char *name, *cls, *fields[HS_LOG_MAX_FIELDS] = { 0 };
        file_event *e;
        bool ok;

        if (!get_varint(c, &id) || id >= HS_LOG_MAX_CATALOG) {
            *why = g_strdup_printf("catalog entry %" G_GUINT64_FORMAT ": malformed event id", k);
            return false;
        }
        if (id < r->events->len && g_ptr_array_index(r->events, id)) {
            *why = g_strdup_printf("catalog entry %" G_GUINT64_FORMAT ": event id %" G_GUINT64_FORMAT
                                   " appears twice", k, id);
            return false;
        }
        name = get_string(c);
        cls = get_string(c);
        ok = name && cls && get_varint(c, &nf) && nf <= HS_LOG_MAX_FIELDS;
        for (uint64_t f = 0; ok && f < nf; f++) {
            fields[f] = get_string(c);
            ok = fields[f] != NULL;
        }
        if (!ok) {
            *why = g_strdup_printf("catalog entry %" G_GUINT64_FORMAT " is malformed", k);
            g_free(name);
            g_free(cls);
            for (unsigned f = 0; f < HS_LOG_MAX_FIELDS; f++) {
                g_free(fields[f]);
            }
            return false;
        }
        e = g_new0(file_event, 1);
        e->nfields = (unsigned)nf;
        e->local = local_match(name, cls, fields, (unsigned)nf);
        e->info.name = name;
        e->info.cls = HS_EVC__COUNT;
        e->info.doc = "not in this build's catalog";
        e->info.nfields = nf < HS_EVENT_FIELDS ? (unsigned)nf : HS_EVENT_FIELDS;
        for (unsigned f = 0; f < HS_LOG_MAX_FIELDS; f++) {
            if (f < HS_EVENT_FIELDS) {
                e->info.field[f] = fields[f];
            } else {
                g_free(fields[f]);
            }
        }
        e->cls = cls;
        if (id >= r->events->len) {
            g_ptr_array_set_size(r->events, (guint)id + 1);
        }
        g_ptr_array_index(r->events, id) = e;
    }
    return true;
}

static bool parse_meta(hs_log_reader *r, cursor *c, char **why)
{
    uint64_t n;

    if (!get_varint(c, &n) || n > (uint64_t)(c->end - c->p) / 2) {
        *why = g_strdup("the metadata count is malformed");
        return false;
    }
    for (uint64_t k = 0; k < n; k++) {
        char *key = get_string(c);
        char *value = key ? get_string(c) : NULL;
        bool known = false;

        if (!value) {
            *why = g_strdup_printf("metadata entry %" G_GUINT64_FORMAT " is malformed", k);
            g_free(key);
            return false;
        }
        g_ptr_array_add(r->keys, key);
        g_ptr_array_add(r->values, value);
#define X(member, name)                                                                \
        if (!known && !strcmp(key, name)) {                                            \
            r->meta.member = value;                                                    \
            known = true;                                                              \
        }
        HS_LOG_META_KEYS
#undef X
        if (!known) {
            g_ptr_array_add(r->extra, key);
            g_ptr_array_add(r->extra, value);
        }
    }
    return true;
}

static hs_tracelog_err read_header(hs_log_reader *r, char **msg)
{
    uint8_t fh[HS_LOG_FILE_HEADER_LEN];
    size_t got = read_bytes(r, fh, sizeof fh);
    size_t len;
    uint8_t kind;
    char *why = NULL;
    cursor c;

    if (got == 0) {
        *msg = g_strdup_printf("%s: empty file, not a hypsim event log", r->path);
        return HS_TRACELOG_ERR_NOT_LOG;
    }
    if (got < HS_LOG_MAGIC_LEN || memcmp(fh, HS_LOG_MAGIC, HS_LOG_MAGIC_LEN)) {
        if (got < HS_LOG_MAGIC_LEN && !memcmp(fh, HS_LOG_MAGIC, got)) {
            *msg = g_strdup_printf("%s: truncated at byte offset %zu, inside the file header",
                                   r->path, got);
            return HS_TRACELOG_ERR_TRUNCATED;
        }
        *msg = g_strdup_printf("%s: not a hypsim event log (it does not start with the .hst "
                               "magic bytes 89 48 53 54 0d 0a 1a 0a)", r->path);
        return HS_TRACELOG_ERR_NOT_LOG;
    }
    if (got < sizeof fh) {
        *msg = g_strdup_printf("%s: truncated at byte offset %zu, inside the file header",
                               r->path, got);
        return HS_TRACELOG_ERR_TRUNCATED;
    }
    if (hs_crc32(0, fh, 12) != hs_get_le32(fh + 12)) {
        *msg = g_strdup_printf("%s: the file header (byte offset 0) fails its CRC check",
                               r->path);
        return HS_TRACELOG_ERR_CORRUPT;
    }
    r->major = hs_get_le16(fh + 8);
    r->minor = hs_get_le16(fh + 10);
    if (r->major != HS_LOG_VERSION_MAJOR) {
        *msg = g_strdup_printf("%s: format version %u.%u; this build of hypsim reads version "
                               "%u.x", r->path, r->major, r->minor, HS_LOG_VERSION_MAJOR);
        return HS_TRACELOG_ERR_VERSION;
    }
    switch (read_block(r, &kind, &len)) {
    case FRAME_OK:
        break;
    case FRAME_EOF:
        *msg = g_strdup_printf("%s: truncated at byte offset %" G_GUINT64_FORMAT ": the file "
                               "ends before its header block", r->path, r->offset);
        return HS_TRACELOG_ERR_TRUNCATED;
    case FRAME_ERROR:
        *msg = g_strdup(r->msg);
        return r->err;
    }
    if (kind != HS_LOG_KIND_HEADER) {
        *msg = g_strdup_printf("%s: block 0 at byte offset %u is of kind 0x%02x, not the header "
                               "block", r->path, HS_LOG_FILE_HEADER_LEN, kind);
        return HS_TRACELOG_ERR_CORRUPT;
    }
    c = (cursor){ r->payload, r->payload + len };
    /* Bytes after the metadata are left for later minor versions. */
    if (!parse_catalog(r, &c, &why) || !parse_meta(r, &c, &why)) {
        *msg = header_error(r, why);
        g_free(why);
        return HS_TRACELOG_ERR_CORRUPT;
    }
    g_ptr_array_add(r->extra, NULL);
    r->meta.extra = (const char *const *)r->extra->pdata;
    return HS_TRACELOG_OK;
}

void hs_log_reader_close(hs_log_reader *r)
{
    if (!r) {
        return;
    }
    if (r->f) {
        fclose(r->f);
    }
    g_ptr_array_free(r->events, TRUE);
    g_ptr_array_free(r->keys, TRUE);
    g_ptr_array_free(r->values, TRUE);
    g_ptr_array_free(r->extra, TRUE);
    g_free(r->payload);
    g_free(r->path);
    g_free(r->msg);
    g_free(r);
}

hs_tracelog_err hs_log_reader_open(const char *path, hs_log_reader **out, char **msg)
{
    hs_log_reader *r;
    struct stat st;
    hs_tracelog_err err;
    FILE *f = fopen(path, "rb");

    *out = NULL;
    if (!f) {
        *msg = g_strdup_printf("%s: %s", path, g_strerror(errno));
        return HS_TRACELOG_ERR_IO;
    }
    r = g_new0(hs_log_reader, 1);
    r->f = f;
    r->path = g_strdup(path);
    r->size = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size
                                                                 : UINT64_MAX;
    r->events = g_ptr_array_new_with_free_func(free_event);
    r->keys = g_ptr_array_new_with_free_func(g_free);
    r->values = g_ptr_array_new_with_free_func(g_free);
    r->extra = g_ptr_array_new();
    err = read_header(r, msg);
    if (err != HS_TRACELOG_OK) {
        hs_log_reader_close(r);
        return err;
    }
    *out = r;
    return HS_TRACELOG_OK;
}

const hs_log_meta *hs_log_reader_meta(const hs_log_reader *r)
{
    return &r->meta;
}

const char *hs_log_reader_meta_get(const hs_log_reader *r, const char *key)
{
    const char *v = NULL;
    for (guint i = 0; i < r->keys->len; i++) {
        if (!strcmp(g_ptr_array_index(r->keys, i), key)) {
            v = g_ptr_array_index(r->values, i);
        }
    }
    return v;
}

void hs_log_reader_version(const hs_log_reader *r, unsigned *major, unsigned *minor)
{
    *major = r->major;
    *minor = r->minor;
}

hs_tracelog_err hs_log_reader_error(const hs_log_reader *r)
{
    return r->err;
}

uint64_t hs_log_reader_offset(const hs_log_reader *r)
{
    return r->offset;
}

uint32_t hs_log_reader_blocks(const hs_log_reader *r)
{
    return r->nblocks;
}

static const file_event *file_event_of(const hs_log_reader *r, uint64_t id)
{
    return id < r->events->len ? g_ptr_array_index(r->events, id) : NULL;
}

const hs_event_info *hs_log_reader_event_info(const hs_log_reader *r, uint32_t event)
{
    const file_event *e;
    if (event < HS_EV__COUNT) {
        return &hs_event_table[event];
    }
    if (event < HS_LOG_FOREIGN_EVENT) {
        return NULL;
    }
    e = file_event_of(r, event - HS_LOG_FOREIGN_EVENT);
    return e && e->local < 0 ? &e->info : NULL;
}

const char *hs_log_reader_event_class(const hs_log_reader *r, uint32_t event)
{
    const file_event *e;
    if (event < HS_EV__COUNT) {
        return hs_event_class_name[hs_event_table[event].cls];
    }
    if (event < HS_LOG_FOREIGN_EVENT) {
        return NULL;
    }
    e = file_event_of(r, event - HS_LOG_FOREIGN_EVENT);
    return e && e->local < 0 ? e->cls : NULL;
}

/* ---- records ---------------------------------------------------------------- */

static int block_error(hs_log_reader *r, char *what)
{
    char *m = g_strdup_printf("%s: block %u at byte offset %" G_GUINT64_FORMAT ": %s", r->path,
                              r->block_no, r->block_offset, what);
    g_free(what);
    return fail(r, HS_TRACELOG_ERR_CORRUPT, m);
}

static int record_error(hs_log_reader *r, const char *what)
{
    return block_error(r, g_strdup_printf("record %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                                          ": %s", r->rec, r->nrec, what));
}

static int decode_record(hs_log_reader *r, hs_record *out)
{
    cursor c = { r->p, r->end };
    uint64_t dseq, dtime, ev, vcpu, dcycle, v;
    const file_event *e;
    unsigned slot;

    if (!get_varint(&c, &dseq) || !get_varint(&c, &dtime) || !get_varint(&c, &ev) ||
        !get_varint(&c, &vcpu) || !get_varint(&c, &dcycle)) {
        return record_error(r, "malformed or cut-off varint");
    }
    e = file_event_of(r, ev);
    if (!e) {
        return record_error(r, "event id not in the header's catalog");
    }
    if (vcpu > UINT32_MAX) {
        return record_error(r, "vCPU number above 2^32");
    }
    memset(out, 0, sizeof *out);
    for (unsigned f = 0; f < e->nfields; f++) {
        if (!get_varint(&c, &v)) {
            return record_error(r, "malformed or cut-off field");
        }
        if (f < HS_EVENT_FIELDS) {
            out->f[f] = v;
        }
    }
    slot = (unsigned)(vcpu % HS_LOG_CYCLE_SLOTS);
    out->seq = r->next_seq + hs_unzigzag(dseq);
    out->time_ps = r->prev_time + hs_unzigzag(dtime);
    out->cycle = r->prev_cycle[slot] + hs_unzigzag(dcycle);
    out->vcpu = (uint32_t)vcpu;
    out->event = e->local >= 0 ? (uint32_t)e->local : HS_LOG_FOREIGN_EVENT + (uint32_t)ev;
    r->next_seq = out->seq + 1;
    r->prev_time = out->time_ps;
    r->prev_cycle[slot] = out->cycle;
    r->p = c.p;
    r->rec++;
    r->total++;
    return 1;
}

/* Starts a records block, or checks the end block; returns 1 to go on reading,
 * -1 on an error. */
static int enter_block(hs_log_reader *r, uint8_t kind, size_t len)
{
    cursor c = { r->payload, r->payload + len };
    uint64_t n;

    if (r->seen_end) {
        return block_error(r, g_strdup("a block after the end block"));
    }
    switch (kind) {
    case HS_LOG_KIND_RECORDS:
        /* Every record takes at least 5 bytes. */
        if (!get_varint(&c, &n) || n > len / 5) {
            return block_error(r, g_strdup("malformed record count"));
        }
        r->nrec = n;
        r->rec = 0;
        r->p = c.p;
        r->end = c.end;
        r->next_seq = 0;
        r->prev_time = 0;
        memset(r->prev_cycle, 0, sizeof r->prev_cycle);
        return 1;
    case HS_LOG_KIND_END:
        if (!get_varint(&c, &n)) {
            return block_error(r, g_strdup("malformed record total"));
        }
        if (n != r->total) {
            return block_error(r, g_strdup_printf("the end block counts %" G_GUINT64_FORMAT
                                                  " records, the blocks before it hold %"
                                                  G_GUINT64_FORMAT, n, r->total));
        }
        r->seen_end = true;
        return 1;
    case HS_LOG_KIND_HEADER:
        return block_error(r, g_strdup("a second header block"));
    default:
        /* A kind of a later minor version: its CRC held, skip it. */
        return 1;
    }
}

int hs_log_reader_next(hs_log_reader *r, hs_record *out, char **msg)
{
    for (;;) {
        uint8_t kind;
        size_t len;

        if (r->state == FAILED) {
            *msg = g_strdup(r->msg);
            return -1;
        }
        if (r->state == ENDED) {
            return 0;
        }
        if (r->rec < r->nrec) {
            if (decode_record(r, out) < 0) {
                continue;
            }
            return 1;
        }
        if (r->p != r->end) {
            block_error(r, g_strdup_printf("%td bytes after its last record", r->end - r->p));
            continue;
        }
        r->p = r->end = NULL;
        r->nrec = r->rec = 0;
        switch (read_block(r, &kind, &len)) {
        case FRAME_OK:
            enter_block(r, kind, len);
            break;
        case FRAME_EOF:
            if (r->seen_end) {
                r->state = ENDED;
            } else {
                fail(r, HS_TRACELOG_ERR_TRUNCATED,
                     g_strdup_printf("%s: truncated at byte offset %" G_GUINT64_FORMAT ": the "
                                     "file ends after block %u without an end block (the run "
                                     "that wrote it was cut short; the %" G_GUINT64_FORMAT
                                     " records before this point are complete)", r->path,
                                     r->offset, r->nblocks - 1, r->total));
            }
            break;
        case FRAME_ERROR:
            break;
        }
    }
}
