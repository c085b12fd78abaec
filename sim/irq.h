/* Interrupt lines: the only way a model reaches a CPU or another model.
 * A line is a small value object; whoever owns the receiving end hands it out,
 * and the sender calls hs_irq_set() with the new level (0 or 1). */
#ifndef HS_SIM_IRQ_H
#define HS_SIM_IRQ_H

typedef void (*hs_irq_fn)(void *opaque, int n, int level);

typedef struct hs_irq {
    hs_irq_fn fn;
    void *opaque;
    int n;
} hs_irq;

#define HS_IRQ_NONE ((hs_irq){ 0, 0, 0 })

static inline hs_irq hs_irq_make(hs_irq_fn fn, void *opaque, int n)
{
    hs_irq l = { fn, opaque, n };
    return l;
}

static inline void hs_irq_set(const hs_irq *line, int level)
{
    if (line->fn) {
        line->fn(line->opaque, line->n, level);
    }
}

static inline int hs_irq_connected(const hs_irq *line)
{
    return line->fn != 0;
}

#endif
