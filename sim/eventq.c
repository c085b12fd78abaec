#include "sim/eventq.h"

#include <assert.h>
#include <stdlib.h>

static bool timer_before(const hs_timer *a, const hs_timer *b)
{
    return a->when < b->when || (a->when == b->when && a->order < b->order);
}

static void heap_place(hs_eventq *q, size_t i, hs_timer *t)
{
    q->heap[i] = t;
    t->heap_index = i;
}

static void sift_up(hs_eventq *q, size_t i)
{
    hs_timer *t = q->heap[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!timer_before(t, q->heap[parent])) {
            break;
        }
        heap_place(q, i, q->heap[parent]);
        i = parent;
    }
    heap_place(q, i, t);
}

static void sift_down(hs_eventq *q, size_t i)
{
    hs_timer *t = q->heap[i];
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        const hs_timer *best = t;
        if (l < q->len && timer_before(q->heap[l], best)) {
            m = l;
            best = q->heap[l];
        }
        if (r < q->len && timer_before(q->heap[r], best)) {
            m = r;
        }
        if (m == i) {
            break;
        }
        heap_place(q, i, q->heap[m]);
        i = m;
    }
    heap_place(q, i, t);
}

void hs_eventq_init(hs_eventq *q)
{
    q->heap = NULL;
    q->len = q->cap = 0;
    q->next_order = 0;
    q->now = 0;
}

void hs_eventq_destroy(hs_eventq *q)
{
    for (size_t i = 0; i < q->len; i++) {
        q->heap[i]->heap_index = SIZE_MAX;
    }
    free(q->heap);
    hs_eventq_init(q);
}

void hs_timer_init(hs_timer *t, hs_event_fn fn, void *opaque)
{
    t->fn = fn;
    t->opaque = opaque;
    t->when = HS_TIME_NEVER;
    t->order = 0;
    t->heap_index = SIZE_MAX;
}

static void heap_remove(hs_eventq *q, size_t i)
{
    hs_timer *t = q->heap[i];
    hs_timer *last = q->heap[--q->len];
    t->heap_index = SIZE_MAX;
    if (i == q->len) {
        return;
    }
    heap_place(q, i, last);
    if (i > 0 && timer_before(last, q->heap[(i - 1) / 2])) {
        sift_up(q, i);
    } else {
        sift_down(q, i);
    }
}

void hs_timer_arm(hs_eventq *q, hs_timer *t, hs_time when)
{
    if (hs_timer_pending(t)) {
        heap_remove(q, t->heap_index);
    }
    if (q->len == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 16;
        q->heap = realloc(q->heap, q->cap * sizeof *q->heap);
        assert(q->heap);
    }
    t->when = when;
    t->order = q->next_order++;
    q->heap[q->len] = t;
    t->heap_index = q->len++;
    sift_up(q, t->heap_index);
}

void hs_timer_cancel(hs_eventq *q, hs_timer *t)
{
    if (hs_timer_pending(t)) {
        heap_remove(q, t->heap_index);
    }
}

hs_time hs_eventq_next(const hs_eventq *q)
{
    return q->len ? q->heap[0]->when : HS_TIME_NEVER;
}

void hs_eventq_run_until(hs_eventq *q, hs_time until)
{
    while (q->len && q->heap[0]->when <= until) {
        hs_timer *t = q->heap[0];
        heap_remove(q, 0);
        if (t->when > q->now) {
            q->now = t->when;
        }
        t->fn(t->opaque, q->now);
    }
    if (until > q->now) {
        q->now = until;
    }
}
