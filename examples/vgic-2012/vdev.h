/*
 * The paravirtual device (pv.h): per channel a FIFO of events and a level-sensitive SPI that
 * is high while the FIFO holds any, driven through vgic_inject_irq(). It raises its events
 * from the hypervisor's process context (vdev_run(), called between guest runs), never from
 * the tick's interrupt handler, since injecting takes the distributor lock (as KVM's timer
 * injected from a work item, not from its hrtimer).
 */
#ifndef VGIC2012_VDEV_H
#define VGIC2012_VDEV_H

#include <stdint.h>

struct vdev_event {
	uint32_t seq, tick;
};

/* PV_HVC_DEV_START: the first events come at the next tick. */
void vdev_start(void);
/* Raises the events of every tick since the last call. */
void vdev_run(void);
/* Nonzero if vdev_run() has ticks to process. */
int vdev_has_work(void);
/* Events queued on channel c. */
unsigned vdev_count(unsigned c);
/* Takes the oldest event of channel c; 0 if there is none. Lowers the line once empty. */
int vdev_pop(unsigned c, struct vdev_event *ev);

#endif
