/* ARM PrimeCell RTC (PL031). Section numbers are those of the Technical Reference
 * Manual, ARM DDI 0224B; README.md lists the choices made here. */
#include "models/pl031/pl031.h"

#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>

#include "models/primecell.h"
#include "sim/log.h"
#include "sim/time.h"

/* Register offsets, §3.2 (summary of registers). */
enum {
    RTCDR = 0x000,
    RTCMR = 0x004,
    RTCLR = 0x008,
    RTCCR = 0x00c,
    RTCIMSC = 0x010,
    RTCRIS = 0x014,
    RTCMIS = 0x018,
    RTCICR = 0x01c,
    RTCPeriphID0 = 0xfe0,
    RTCPeriphID1 = 0xfe4,
    RTCPeriphID2 = 0xfe8,
    RTCPeriphID3 = 0xfec,
    RTCPCellID0 = 0xff0,
    RTCPCellID1 = 0xff4,
    RTCPCellID2 = 0xff8,
    RTCPCellID3 = 0xffc,
};

#define PL031_REGION_SIZE 0x1000u

/* RTCCR, §3.3: bit 0 starts the RTC; once set, writes have no effect. */
#define RTCCR_START (1u << 0)

/* RTCIMSC, RTCRIS, RTCMIS, RTCICR, §3.3: bit 0 of each is RTCINTR, the match
 * interrupt (set = enabled in RTCIMSC; writing 1 clears it in RTCICR). */
#define RTCINTR (1u << 0)

/* §3.3: RTCPeriphID0-3 (part 0x031, designer 0x41 'A', revision 1) and
 * RTCPCellID0-3. */
static const uint8_t pl031_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct hs_pl031 {
    hs_eventq *q;
    hs_irq irq;                     /* RTCINTR */
    hs_timer match_timer;           /* when the RTC value next equals RTCMR */

    uint32_t epoch;                 /* RTC value at simulated time 0 after reset */
    /* §2.2 (update block): the counter runs freely on CLK1HZ and cannot be
     * loaded; a write to RTCLR sets an offset, and RTCDR reads counter + offset. */
    uint32_t offset;

    uint32_t mr;                    /* RTCMR */
    uint32_t lr;                    /* RTCLR: the last value written */
    uint32_t imsc;                  /* RTCIMSC */
    uint32_t ris;                   /* RTCRIS */
};

static const char *pl031_reg_name(uint64_t offset)
{
    switch (offset) {
    case RTCDR: return "RTCDR";
    case RTCMR: return "RTCMR";
    case RTCLR: return "RTCLR";
    case RTCCR: return "RTCCR";
    case RTCIMSC: return "RTCIMSC";
    case RTCRIS: return "RTCRIS";
    case RTCMIS: return "RTCMIS";
    case RTCICR: return "RTCICR";
    case RTCPeriphID0: case RTCPeriphID1: case RTCPeriphID2: case RTCPeriphID3:
        return "RTCPeriphID";
    case RTCPCellID0: case RTCPCellID1: case RTCPCellID2: case RTCPCellID3:
        return "RTCPCellID";
    default: return "reserved";
    }
}

/* CLK1HZ rises at every whole second of simulated time; the counter holds the
 * number of rising edges since simulated time 0. */
static uint64_t pl031_counter(const hs_pl031 *s)
{
    return s->q->now / HS_PS_PER_S;
}

static uint32_t pl031_value(const hs_pl031 *s)
{
    return s->offset + (uint32_t)pl031_counter(s);
}

static void pl031_update(hs_pl031 *s)
{
    hs_irq_set(&s->irq, (s->ris & s->imsc) != 0);
}

/* §2.2: the comparator asserts RTCINTR when the RTC value equals RTCMR. It is
 * evaluated when either changes: at a CLK1HZ edge (the match timer), or on a
 * write to RTCMR or RTCLR, so writing RTCMR with the current value raises the
 * interrupt at once, as in QEMU. Reset is not such a change: RTCRIS resets to 0
 * even when the reset RTC value equals the reset RTCMR. */
static void pl031_compare(hs_pl031 *s)
{
    if (pl031_value(s) == s->mr) {
        s->ris |= RTCINTR;
    }
}

static void pl031_arm_match(hs_pl031 *s)
{
    /* Seconds until the 32-bit RTC value next equals RTCMR, counting wrap. */
    uint32_t ahead = s->mr - pl031_value(s);
    uint64_t edge = pl031_counter(s) + ahead;

    /* When the two are equal now, the next match is 2^32 s away, as is any edge
     * past HS_TIME_NEVER (about 213 days): neither can happen in a run. */
    if (ahead == 0 || edge > (HS_TIME_NEVER - 1) / HS_PS_PER_S) {
        hs_timer_cancel(s->q, &s->match_timer);
        return;
    }
    hs_timer_arm(s->q, &s->match_timer, edge * HS_PS_PER_S);
}

static void pl031_match(void *opaque, hs_time now)
{
    hs_pl031 *s = opaque;

    (void)now;
    /* Every change of RTCMR or of the offset re-arms the timer. */
    assert(pl031_value(s) == s->mr);
    s->ris |= RTCINTR;
    pl031_update(s);
}

static bool pl031_access_ok(uint64_t offset, unsigned size, const char *dir)
{
    return hs_primecell_access_ok("pl031", pl031_reg_name(offset & ~UINT64_C(3)), offset, size,
                                  PL031_REGION_SIZE, dir);
}

static uint64_t pl031_read(void *opaque, uint64_t offset, unsigned size, unsigned cpu)
{
    hs_pl031 *s = opaque;
    uint32_t r;

    (void)cpu;
    if (!pl031_access_ok(offset, size, "read")) {
        return 0;
    }
    switch (offset) {
    case RTCDR:
        r = pl031_value(s);
        break;
    case RTCMR:
        r = s->mr;
        break;
    case RTCLR:
        r = s->lr;
        break;
    case RTCCR:
        /* The RTC is started (see RTCCR in pl031_write). */
        r = RTCCR_START;
        break;
    case RTCIMSC:
        r = s->imsc;
        break;
    case RTCRIS:
        r = s->ris;
        break;
    case RTCMIS:
        r = s->ris & s->imsc;
        break;
    case RTCPeriphID0: case RTCPeriphID1: case RTCPeriphID2: case RTCPeriphID3:
    case RTCPCellID0: case RTCPCellID1: case RTCPCellID2: case RTCPCellID3:
        r = pl031_id[(offset - RTCPeriphID0) / 4];
        break;
    case RTCICR:
        hs_log_guest_error("pl031: read of write-only register RTCICR (offset 0x%03" PRIx64 ")",
                           offset);
        r = 0;
        break;
    default:
        hs_log_guest_error("pl031: read of reserved offset 0x%03" PRIx64, offset);
        r = 0;
        break;
    }
    return hs_primecell_narrow(r, size);
}

static void pl031_write(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                        unsigned cpu)
{
    hs_pl031 *s = opaque;
    uint32_t v = (uint32_t)value;

    (void)cpu;
    if (!pl031_access_ok(offset, size, "write")) {
        return;
    }
    /* A sub-word write is zero-extended; for the two 32-bit registers that is
     * almost certainly not what the guest meant. */
    if (size < 4 && (offset == RTCMR || offset == RTCLR)) {
        hs_log_guest_error("pl031: %u-byte write of 0x%" PRIx32 " to 32-bit register %s "
                           "clears its upper bits", size, v, pl031_reg_name(offset));
    }
    switch (offset) {
    case RTCMR:
        s->mr = v;
        pl031_compare(s);
        pl031_arm_match(s);
        break;
    case RTCLR:
        /* §2.2 (update block): the load only moves the offset; the counter keeps
         * its phase, so the new value first increments at the next CLK1HZ edge.
         * The TRM's two-PCLK update delay is below the model's resolution. */
        s->lr = v;
        s->offset = v - (uint32_t)pl031_counter(s);
        pl031_compare(s);
        pl031_arm_match(s);
        break;
    case RTCCR:
        /* §3.3 RTCCR: once the RTC is started, writes have no effect until reset.
         * The model's RTC is started at power-on, as if by boot firmware (QEMU's
         * virt board also reports it started), so that RTCDR reads the platform's
         * epoch plus simulated time from the first instruction. */
        break;
    case RTCIMSC:
        s->imsc = v & RTCINTR;
        break;
    case RTCICR:
        if (v & RTCINTR) {
            s->ris &= ~RTCINTR;
        }
        break;
    case RTCDR:
    case RTCRIS:
    case RTCMIS:
    case RTCPeriphID0: case RTCPeriphID1: case RTCPeriphID2: case RTCPeriphID3:
    case RTCPCellID0: case RTCPCellID1: case RTCPCellID2: case RTCPCellID3:
        hs_log_guest_error("pl031: write of 0x%" PRIx32 " to read-only register %s "
                           "(offset 0x%03" PRIx64 ")", v, pl031_reg_name(offset), offset);
        break;
    default:
        hs_log_guest_error("pl031: write of 0x%" PRIx32 " to reserved offset 0x%03" PRIx64,
                           v, offset);
        break;
    }
    pl031_update(s);
}

const hs_mmio_ops hs_pl031_ops = {
    .read = pl031_read,
    .write = pl031_write,
};

hs_pl031 *hs_pl031_new(hs_eventq *q, uint64_t epoch)
{
    hs_pl031 *s;

    assert(q);
    s = calloc(1, sizeof *s);
    if (!s) {
        return NULL;
    }
    s->q = q;
    s->irq = HS_IRQ_NONE;
    s->epoch = (uint32_t)epoch;
    hs_timer_init(&s->match_timer, pl031_match, s);
    hs_pl031_reset(s);
    return s;
}

void hs_pl031_free(hs_pl031 *s)
{
    if (!s) {
        return;
    }
    hs_timer_cancel(s->q, &s->match_timer);
    free(s);
}

void hs_pl031_reset(hs_pl031 *s)
{
    /* §3.2: reset values. */
    s->mr = 0;
    s->lr = 0;
    s->imsc = 0;
    s->ris = 0;
    s->offset = s->epoch;
    pl031_arm_match(s);
    pl031_update(s);
}

void hs_pl031_connect_irq(hs_pl031 *s, hs_irq line)
{
    s->irq = line;
    pl031_update(s);
}
