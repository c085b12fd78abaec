/* The timeline (traces/timeline.h) as Perfetto's native trace: a protobuf
 * Trace message whose TracePackets hold TrackDescriptors and TrackEvents, all on
 * one packet sequence, written packet by packet. */
#include "traces/export.h"

#include <glib.h>

#include "traces/protobuf.h"
#include "traces/timeline.h"

/* Field numbers of Perfetto's trace protos (protos/perfetto/trace/). */
enum {
    TRACE_PACKET = 1,                  /* Trace.packet */
    PACKET_TIMESTAMP = 8,              /* TracePacket.timestamp, ns */
    PACKET_SEQUENCE_ID = 10,           /* TracePacket.trusted_packet_sequence_id */
    PACKET_TRACK_EVENT = 11,
    PACKET_TRACK_DESCRIPTOR = 60,
    TRACK_UUID = 1,                    /* TrackDescriptor */
    TRACK_NAME = 2,
    TRACK_PROCESS = 3,
    TRACK_PARENT_UUID = 5,
    TRACK_COUNTER = 8,
    PROCESS_PID = 1,                   /* ProcessDescriptor */
    PROCESS_NAME = 6,
    EVENT_DEBUG_ANNOTATIONS = 4,       /* TrackEvent */
    EVENT_TYPE = 9,
    EVENT_TRACK_UUID = 11,
    EVENT_CATEGORIES = 22,
    EVENT_NAME = 23,
    EVENT_COUNTER_VALUE = 30,
    EVENT_FLOW_IDS = 47,
    EVENT_TERMINATING_FLOW_IDS = 48,
    ANNOTATION_UINT = 3,               /* DebugAnnotation */
    ANNOTATION_STRING = 6,
    ANNOTATION_NAME = 10,
};

/* TrackEvent.Type. */
enum { TYPE_SLICE_BEGIN = 1, TYPE_SLICE_END = 2, TYPE_INSTANT = 3, TYPE_COUNTER = 4 };

#define SEQUENCE 1u
#define ROOT_UUID 1u          /* the process track; timeline uuids are larger */

typedef struct perfetto_out {
    FILE *f;
    GByteArray *pkt;
} perfetto_out;

static size_t packet_begin(perfetto_out *p)
{
    size_t m;
    g_byte_array_set_size(p->pkt, 0);
    m = hs_pb_begin(p->pkt, TRACE_PACKET);
    hs_pb_varint(p->pkt, PACKET_SEQUENCE_ID, SEQUENCE);
    return m;
}

static void packet_end(perfetto_out *p, size_t mark)
{
    hs_pb_end(p->pkt, mark);
    fwrite(p->pkt->data, 1, p->pkt->len, p->f);
}

static void process_track(perfetto_out *p, const char *name)
{
    size_t pk = packet_begin(p);
    size_t td = hs_pb_begin(p->pkt, PACKET_TRACK_DESCRIPTOR);
    size_t pd;

    hs_pb_varint(p->pkt, TRACK_UUID, ROOT_UUID);
    pd = hs_pb_begin(p->pkt, TRACK_PROCESS);
    hs_pb_varint(p->pkt, PROCESS_PID, 1);
    hs_pb_string(p->pkt, PROCESS_NAME, name);
    hs_pb_end(p->pkt, pd);
    hs_pb_end(p->pkt, td);
    packet_end(p, pk);
}

static void on_track(void *opaque, const hs_tl_track *t)
{
    perfetto_out *p = opaque;
    size_t pk = packet_begin(p);
    size_t td = hs_pb_begin(p->pkt, PACKET_TRACK_DESCRIPTOR);

    hs_pb_varint(p->pkt, TRACK_UUID, t->uuid);
    hs_pb_varint(p->pkt, TRACK_PARENT_UUID, t->parent ? t->parent : ROOT_UUID);
    hs_pb_string(p->pkt, TRACK_NAME, t->name);
    if (t->counter) {
        hs_pb_end(p->pkt, hs_pb_begin(p->pkt, TRACK_COUNTER));
    }
    hs_pb_end(p->pkt, td);
    packet_end(p, pk);
}

static void on_event(void *opaque, const hs_tl_event *e)
{
    static const unsigned type[] = {
        [HS_TL_BEGIN] = TYPE_SLICE_BEGIN, [HS_TL_END] = TYPE_SLICE_END,
        [HS_TL_INSTANT] = TYPE_INSTANT, [HS_TL_COUNTER] = TYPE_COUNTER,
    };
    perfetto_out *p = opaque;
    size_t pk = packet_begin(p);
    size_t te;

    hs_pb_varint(p->pkt, PACKET_TIMESTAMP, e->time_ps / 1000);
    te = hs_pb_begin(p->pkt, PACKET_TRACK_EVENT);
    hs_pb_varint(p->pkt, EVENT_TYPE, type[e->kind]);
    hs_pb_varint(p->pkt, EVENT_TRACK_UUID, e->track);
    if (e->kind == HS_TL_COUNTER) {
        hs_pb_varint(p->pkt, EVENT_COUNTER_VALUE, (uint64_t)e->value);
    }
    if (e->name) {
        hs_pb_string(p->pkt, EVENT_NAME, e->name);
    }
    if (e->category) {
        hs_pb_string(p->pkt, EVENT_CATEGORIES, e->category);
    }
    for (unsigned i = 0; i < e->nargs; i++) {
        size_t da = hs_pb_begin(p->pkt, EVENT_DEBUG_ANNOTATIONS);
        hs_pb_string(p->pkt, ANNOTATION_NAME, e->arg[i].name);
        if (e->arg[i].str) {
            hs_pb_string(p->pkt, ANNOTATION_STRING, e->arg[i].str);
        } else {
            hs_pb_varint(p->pkt, ANNOTATION_UINT, e->arg[i].u);
        }
        hs_pb_end(p->pkt, da);
    }
    switch (e->flow) {
    case HS_TL_FLOW_START:
    case HS_TL_FLOW_STEP:
        hs_pb_fixed64(p->pkt, EVENT_FLOW_IDS, e->flow_id);
        break;
    case HS_TL_FLOW_END:
        hs_pb_fixed64(p->pkt, EVENT_TERMINATING_FLOW_IDS, e->flow_id);
        break;
    case HS_TL_FLOW_NONE:
        break;
    }
    hs_pb_end(p->pkt, te);
    packet_end(p, pk);
}

static void feed(void *opaque, const hs_record *rec)
{
    hs_timeline_record(opaque, rec);
}

hs_tracelog_err hs_export_perfetto(hs_log_reader *r, FILE *out, const hs_export_options *o,
                                   char **msg)
{
    perfetto_out p = { out, g_byte_array_new() };
    hs_tl_output to = { on_track, on_event, &p };
    const char *image = hs_log_reader_meta(r)->image_path;
    hs_timeline *tl = hs_timeline_new(&to, r, o ? o->sym : NULL);
    char *name = image ? g_strdup_printf("hypsim %s", image) : g_strdup("hypsim");
    hs_tracelog_err err;

    process_track(&p, name);
    g_free(name);
    err = hs_export_drain(r, feed, tl, msg);
    hs_timeline_finish(tl);
    hs_timeline_free(tl);
    g_byte_array_free(p.pkt, TRUE);
    return err;
}
