/* PL031 RTC model against the PrimeCell Real Time Clock (PL031) Technical
 * Reference Manual, ARM DDI 0224B. Offsets, reset values and behaviour below are
 * transcribed from the TRM (§2.2 functional description, §3.2 summary of
 * registers, §3.3 register descriptions), not from the model's header. Time is
 * the event queue's simulated clock; CLK1HZ rises at each whole second of it. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/pl031/pl031.h"
#include "sim/eventq.h"
#include "sim/log.h"
#include "sim/time.h"

/* §3.2 register offsets. */
#define RTCDR 0x000
#define RTCMR 0x004
#define RTCLR 0x008
#define RTCCR 0x00c
#define RTCIMSC 0x010
#define RTCRIS 0x014
#define RTCMIS 0x018
#define RTCICR 0x01c
#define RTCPeriphID0 0xfe0

#define EPOCH UINT64_C(1700000000)   /* 2023-11-14T22:13:20Z */
#define SEC HS_PS_PER_S

typedef struct {
    hs_eventq q;
    hs_pl031 *s;
    int level;
    unsigned rises;
    hs_time rise_at;
    char *log;
    size_t loglen;
} fixture;

static void irq_capture(void *opaque, int n, int level)
{
    fixture *f = opaque;
    g_assert_cmpint(n, ==, 2);
    if (level && !f->level) {
        f->rises++;
        f->rise_at = f->q.now;
    }
    f->level = level;
}

static void start(fixture *f, uint64_t epoch)
{
    memset(f, 0, sizeof *f);
    hs_eventq_init(&f->q);
    hs_log_file = open_memstream(&f->log, &f->loglen);
    g_assert_nonnull(hs_log_file);
    hs_log_mask = HS_LOG_GUEST_ERROR | HS_LOG_UNIMP;
    f->s = hs_pl031_new(&f->q, epoch);
    g_assert_nonnull(f->s);
    hs_pl031_connect_irq(f->s, hs_irq_make(irq_capture, f, 2));
}

static void setup(fixture *f, gconstpointer data)
{
    (void)data;
    start(f, EPOCH);
}

static void teardown(fixture *f, gconstpointer data)
{
    (void)data;
    hs_pl031_free(f->s);
    /* Freeing the RTC leaves nothing scheduled. */
    g_assert_cmpuint(hs_eventq_next(&f->q), ==, HS_TIME_NEVER);
    hs_eventq_destroy(&f->q);
    fclose(hs_log_file);
    hs_log_file = NULL;
    hs_log_mask = 0;
    free(f->log);
}

static unsigned log_lines(fixture *f)
{
    unsigned n = 0;
    fflush(hs_log_file);
    for (const char *p = f->log; *p; p++) {
        n += *p == '\n';
    }
    return n;
}

static uint32_t rd(fixture *f, uint64_t off)
{
    return (uint32_t)hs_pl031_ops.read(f->s, off, 4, 0);
}

static void wr(fixture *f, uint64_t off, uint32_t v)
{
    hs_pl031_ops.write(f->s, off, v, 4, 0);
}

static void run_until(fixture *f, hs_time t)
{
    hs_eventq_run_until(&f->q, t);
}

/* §3.3 RTCPeriphID0-3 / RTCPCellID0-3. */
static void test_id_registers(fixture *f, gconstpointer data)
{
    static const uint32_t id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    (void)data;
    for (unsigned i = 0; i < 8; i++) {
        g_assert_cmphex(rd(f, RTCPeriphID0 + 4 * i), ==, id[i]);
    }
}

/* §3.2 reset values (RTCMR, RTCLR, RTCIMSC, RTCRIS, RTCMIS 0); the RTC reads the
 * platform epoch at time 0 and, started at power-on, RTCCR reads 1. */
static void test_reset_values(fixture *f, gconstpointer data)
{
    (void)data;
    g_assert_cmpuint(rd(f, RTCDR), ==, EPOCH);
    g_assert_cmphex(rd(f, RTCMR), ==, 0);
    g_assert_cmphex(rd(f, RTCLR), ==, 0);
    g_assert_cmphex(rd(f, RTCCR), ==, 1);
    g_assert_cmphex(rd(f, RTCIMSC), ==, 0);
    g_assert_cmphex(rd(f, RTCRIS), ==, 0);
    g_assert_cmphex(rd(f, RTCMIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    g_assert_cmpuint(log_lines(f), ==, 0);
}

/* §2.2: the counter increments on each rising edge of CLK1HZ. */
static void test_counts_simulated_seconds(fixture *f, gconstpointer data)
{
    (void)data;
    run_until(f, SEC - 1);
    g_assert_cmpuint(rd(f, RTCDR), ==, EPOCH);
    run_until(f, SEC);
    g_assert_cmpuint(rd(f, RTCDR), ==, EPOCH + 1);
    run_until(f, 90 * SEC + SEC / 2);
    g_assert_cmpuint(rd(f, RTCDR), ==, EPOCH + 90);
    run_until(f, 3600 * SEC);
    g_assert_cmpuint(rd(f, RTCDR), ==, EPOCH + 3600);
}

/* §2.2 (update block) and §3.3 RTCLR: a load sets the RTC value; the free-running
 * counter is not reloaded, so the next increment comes at the next CLK1HZ edge.
 * RTCLR reads back the value written. */
static void test_load(fixture *f, gconstpointer data)
{
    (void)data;
    run_until(f, 2 * SEC + SEC / 2);
    wr(f, RTCLR, 1000);
    g_assert_cmpuint(rd(f, RTCDR), ==, 1000);
    g_assert_cmpuint(rd(f, RTCLR), ==, 1000);
    run_until(f, 3 * SEC - 1);
    g_assert_cmpuint(rd(f, RTCDR), ==, 1000);
    run_until(f, 3 * SEC);
    g_assert_cmpuint(rd(f, RTCDR), ==, 1001);
    run_until(f, 13 * SEC);
    g_assert_cmpuint(rd(f, RTCDR), ==, 1011);
    g_assert_cmpuint(rd(f, RTCLR), ==, 1000);
}

/* §2.2: RTCINTR is asserted when the RTC value equals RTCMR; RTCMIS is RTCRIS
 * masked by RTCIMSC; writing 1 to RTCICR clears it, writing 0 does not. */
static void test_match_interrupt_time(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, RTCIMSC, 1);
    wr(f, RTCMR, EPOCH + 5);
    g_assert_cmphex(rd(f, RTCMR), ==, EPOCH + 5);
    run_until(f, 5 * SEC - 1);
    g_assert_cmphex(rd(f, RTCRIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    run_until(f, 60 * SEC);
    g_assert_cmpuint(f->rises, ==, 1);
    g_assert_cmpuint(f->rise_at, ==, 5 * SEC);
    g_assert_cmphex(rd(f, RTCRIS), ==, 1);
    g_assert_cmphex(rd(f, RTCMIS), ==, 1);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, RTCICR, 0);
    g_assert_cmphex(rd(f, RTCRIS), ==, 1);
    wr(f, RTCICR, 1);
    g_assert_cmphex(rd(f, RTCRIS), ==, 0);
    g_assert_cmphex(rd(f, RTCMIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    /* The next equality is 2^32 seconds away. */
    run_until(f, 3600 * SEC);
    g_assert_cmpuint(f->rises, ==, 1);
}

/* RTCIMSC masks the output line but not RTCRIS. */
static void test_match_masked(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, RTCMR, EPOCH + 2);
    run_until(f, 10 * SEC);
    g_assert_cmphex(rd(f, RTCRIS), ==, 1);
    g_assert_cmphex(rd(f, RTCMIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    wr(f, RTCIMSC, 1);
    g_assert_cmphex(rd(f, RTCMIS), ==, 1);
    g_assert_cmpint(f->level, ==, 1);
    g_assert_cmpuint(f->rise_at, ==, 10 * SEC);
    wr(f, RTCIMSC, 0);
    g_assert_cmpint(f->level, ==, 0);
}

/* Writing RTCMR with the current RTC value makes the values equal at once. */
static void test_match_now(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, RTCIMSC, 1);
    run_until(f, 7 * SEC + 1);
    wr(f, RTCMR, EPOCH + 7);
    g_assert_cmphex(rd(f, RTCRIS), ==, 1);
    g_assert_cmpint(f->level, ==, 1);
    g_assert_cmpuint(f->rise_at, ==, 7 * SEC + 1);
}

/* A load moves the time of the match; the match comes at a CLK1HZ edge. */
static void test_match_after_load(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, RTCIMSC, 1);
    wr(f, RTCMR, 2000);
    run_until(f, SEC / 4);
    wr(f, RTCLR, 1990);
    run_until(f, 10 * SEC - 1);
    g_assert_cmpint(f->level, ==, 0);
    run_until(f, 20 * SEC);
    g_assert_cmpuint(f->rises, ==, 1);
    g_assert_cmpuint(f->rise_at, ==, 10 * SEC);
    /* Loading the matching value itself also makes the values equal. */
    wr(f, RTCICR, 1);
    wr(f, RTCLR, 2000);
    g_assert_cmpuint(f->rises, ==, 2);
    g_assert_cmpuint(f->rise_at, ==, 20 * SEC);
}

/* RTCMR behind the RTC value: the next equality is after the 32-bit counter
 * wraps, far beyond any run; nothing is raised or scheduled. */
static void test_match_in_past(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, RTCIMSC, 1);
    wr(f, RTCMR, EPOCH - 1);
    g_assert_cmpuint(hs_eventq_next(&f->q), ==, HS_TIME_NEVER);
    run_until(f, 3600 * SEC);
    g_assert_cmphex(rd(f, RTCRIS), ==, 0);
    g_assert_cmpuint(f->rises, ==, 0);
}

/* The RTC value is 32 bits wide and wraps; so does the match. */
static void test_wrap(fixture *f, gconstpointer data)
{
    (void)data;
    hs_pl031_free(f->s);
    f->s = hs_pl031_new(&f->q, UINT64_C(0xfffffffe));
    hs_pl031_connect_irq(f->s, hs_irq_make(irq_capture, f, 2));
    wr(f, RTCIMSC, 1);
    wr(f, RTCMR, 1);
    run_until(f, SEC);
    g_assert_cmphex(rd(f, RTCDR), ==, 0xffffffff);
    run_until(f, 2 * SEC);
    g_assert_cmphex(rd(f, RTCDR), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    run_until(f, 4 * SEC);
    g_assert_cmphex(rd(f, RTCDR), ==, 2);
    g_assert_cmpuint(f->rise_at, ==, 3 * SEC);
}

/* hs_pl031_reset(): registers to their reset values, the pending match dropped,
 * and the RTC back on the platform's clock (epoch + elapsed seconds). */
static void test_reset(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, RTCIMSC, 1);
    wr(f, RTCMR, EPOCH + 1);
    run_until(f, 2 * SEC);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, RTCLR, 5);
    wr(f, RTCMR, 10);
    hs_pl031_reset(f->s);
    g_assert_cmpint(f->level, ==, 0);
    g_assert_cmpuint(rd(f, RTCDR), ==, EPOCH + 2);
    g_assert_cmphex(rd(f, RTCMR), ==, 0);
    g_assert_cmphex(rd(f, RTCLR), ==, 0);
    g_assert_cmphex(rd(f, RTCIMSC), ==, 0);
    g_assert_cmphex(rd(f, RTCRIS), ==, 0);
    run_until(f, 20 * SEC);
    g_assert_cmphex(rd(f, RTCRIS), ==, 0);
}

/* An RTC whose reset value equals RTCMR's reset value does not raise RTCINTR:
 * RTCRIS resets to 0. */
static void test_reset_epoch_zero(fixture *f, gconstpointer data)
{
    (void)data;
    hs_pl031_free(f->s);
    f->s = hs_pl031_new(&f->q, 0);
    hs_pl031_connect_irq(f->s, hs_irq_make(irq_capture, f, 2));
    g_assert_cmpuint(rd(f, RTCDR), ==, 0);
    g_assert_cmphex(rd(f, RTCRIS), ==, 0);
    run_until(f, 5 * SEC);
    g_assert_cmpuint(rd(f, RTCDR), ==, 5);
    g_assert_cmphex(rd(f, RTCRIS), ==, 0);
}

/* §3.3 RTCCR: once the RTC is started, writes have no effect. RTCDR, RTCRIS and
 * RTCMIS are read-only, RTCICR write-only: such accesses are guest errors. */
static void test_bad_accesses(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, RTCCR, 0);
    g_assert_cmphex(rd(f, RTCCR), ==, 1);
    run_until(f, SEC);
    g_assert_cmpuint(rd(f, RTCDR), ==, EPOCH + 1);
    g_assert_cmpuint(log_lines(f), ==, 0);
    wr(f, RTCDR, 5);
    g_assert_cmpuint(rd(f, RTCDR), ==, EPOCH + 1);
    wr(f, RTCRIS, 1);
    wr(f, RTCMIS, 1);
    g_assert_cmphex(rd(f, RTCRIS), ==, 0);
    g_assert_cmpuint(log_lines(f), ==, 3);
    g_assert_cmphex(rd(f, RTCICR), ==, 0);
    g_assert_cmpuint(log_lines(f), ==, 4);
    g_assert_cmphex(rd(f, 0x020), ==, 0);
    wr(f, 0x020, 1);
    g_assert_cmphex(hs_pl031_ops.read(f->s, RTCDR, 8, 0), ==, 0);
    hs_pl031_ops.write(f->s, RTCLR + 2, 1, 2, 0);
    g_assert_cmpuint(log_lines(f), ==, 8);
    g_assert_cmphex(rd(f, RTCLR), ==, 0);
    /* A 16-bit load clears the upper half: logged, and done. */
    hs_pl031_ops.write(f->s, RTCLR, 0x1234, 2, 0);
    g_assert_cmpuint(log_lines(f), ==, 9);
    g_assert_cmphex(rd(f, RTCDR), ==, 0x1234);
    /* Sub-word reads return the low bytes. */
    g_assert_cmphex(hs_pl031_ops.read(f->s, RTCDR, 1, 0), ==, 0x34);
    g_assert_cmphex(hs_pl031_ops.read(f->s, RTCPeriphID0, 2, 0), ==, 0x31);
    g_assert_cmpuint(log_lines(f), ==, 9);
}

/* Freeing an RTC with a match pending unschedules it (checked in teardown). */
static void test_free_with_match_pending(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, RTCMR, EPOCH + 100);
    g_assert_cmpuint(hs_eventq_next(&f->q), ==, 100 * SEC);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, fixture, NULL, setup, fn, teardown)
    ADD("/pl031/id-registers", test_id_registers);
    ADD("/pl031/reset-values", test_reset_values);
    ADD("/pl031/counts-simulated-seconds", test_counts_simulated_seconds);
    ADD("/pl031/load", test_load);
    ADD("/pl031/match/interrupt-time", test_match_interrupt_time);
    ADD("/pl031/match/masked", test_match_masked);
    ADD("/pl031/match/now", test_match_now);
    ADD("/pl031/match/after-load", test_match_after_load);
    ADD("/pl031/match/in-past", test_match_in_past);
    ADD("/pl031/wrap", test_wrap);
    ADD("/pl031/reset", test_reset);
    ADD("/pl031/reset-epoch-zero", test_reset_epoch_zero);
    ADD("/pl031/access/bad", test_bad_accesses);
    ADD("/pl031/free-with-match-pending", test_free_with_match_pending);
#undef ADD
    return g_test_run();
}
