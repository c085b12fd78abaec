/* The paravirtual device (vdev.h, pv.h). */
#include "vdev.h"

#include "pv.h"
#include "vcpu.h"

struct vdev_channel {
	struct vdev_event fifo[PV_DEV_FIFO];
	unsigned head, count;
	uint32_t next_seq;
};

static struct {
	int started;
	uint32_t start_tick, last_tick;
	struct vdev_channel ch[PV_DEV_CHANNELS];
} vdev;

void vdev_start(void)
{
	vdev.start_tick = vdev.last_tick = pv_shared.ticks;
	vdev.started = 1;
}

int vdev_has_work(void)
{
	return vdev.started && vdev.last_tick != pv_shared.ticks;
}

static void vdev_raise(unsigned c, uint32_t tick)
{
	struct vdev_channel *ch = &vdev.ch[c];

	if (ch->count == PV_DEV_FIFO) {
		hyp_stats[PV_STAT_DEV_OVERRUN]++;
		ch->next_seq++;
		return;
	}
	ch->fifo[(ch->head + ch->count) % PV_DEV_FIFO] = (struct vdev_event){ ch->next_seq++, tick };
	ch->count++;
}

void vdev_run(void)
{
	uint32_t now = pv_shared.ticks;

	if (!vdev.started)
		return;
	while (vdev.last_tick != now) {
		uint32_t tick = ++vdev.last_tick, round = tick - vdev.start_tick;

		if (round > PV_DEV_ROUNDS)
			continue;
		for (unsigned c = 0; c < PV_DEV_CHANNELS; c++) {
			for (unsigned n = PV_DEV_BURST(round, c); n; n--)
				vdev_raise(c, tick);
			if (vdev.ch[c].count)
				vgic_inject_irq(&vm, 0, PV_DEV_SPI(c), 1);
		}
	}
}

unsigned vdev_count(unsigned c)
{
	return c < PV_DEV_CHANNELS ? vdev.ch[c].count : 0;
}

int vdev_pop(unsigned c, struct vdev_event *ev)
{
	struct vdev_channel *ch;

	if (c >= PV_DEV_CHANNELS || !vdev.ch[c].count)
		return 0;
	ch = &vdev.ch[c];
	*ev = ch->fifo[ch->head];
	ch->head = (ch->head + 1u) % PV_DEV_FIFO;
	if (!--ch->count)
		vgic_inject_irq(&vm, 0, PV_DEV_SPI(c), 0);
	return 1;
}
