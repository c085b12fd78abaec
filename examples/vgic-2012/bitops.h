/*
 * Bitmaps of unsigned long words, with the operations the 2012 VGIC is written in (Linux's
 * <linux/bitops.h> vocabulary: set_bit, clear_bit, test_and_clear_bit, find_first_bit,
 * for_each_set_bit). As in Linux, set_bit, clear_bit and test_and_clear_bit are atomic
 * read-modify-writes (LDREX/STREX, DDI 0406C A3.4): an interrupt handler that changes another
 * bit of the same word between the load and the store makes the STREX fail and the operation
 * retry, so no update is lost to the interrupted one. Atomicity does not order the two
 * operations, though: a handler's set_bit just before a clear_bit of the same bit is undone
 * by it, which is the race this example is about. The other operations are plain accesses.
 */
#ifndef VGIC2012_BITOPS_H
#define VGIC2012_BITOPS_H

#include <stdint.h>

#define BITS_PER_LONG           32u
#define BITS_TO_LONGS(n)        (((n) + BITS_PER_LONG - 1u) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]
#define BIT_WORD(nr)            ((nr) / BITS_PER_LONG)
#define BIT_MASK(nr)            (1ul << ((nr) % BITS_PER_LONG))

static inline void set_bit(unsigned nr, volatile unsigned long *addr)
{
	volatile unsigned long *p = addr + BIT_WORD(nr);
	unsigned long v, failed;

	do {
		__asm__ volatile("ldrex %0, [%2]\n\t"
				 "orr %0, %0, %3\n\t"
				 "strex %1, %0, [%2]"
				 : "=&r"(v), "=&r"(failed)
				 : "r"(p), "r"(BIT_MASK(nr))
				 : "memory", "cc");
	} while (failed);
}

static inline void clear_bit(unsigned nr, volatile unsigned long *addr)
{
	volatile unsigned long *p = addr + BIT_WORD(nr);
	unsigned long v, failed;

	do {
		__asm__ volatile("ldrex %0, [%2]\n\t"
				 "bic %0, %0, %3\n\t"
				 "strex %1, %0, [%2]"
				 : "=&r"(v), "=&r"(failed)
				 : "r"(p), "r"(BIT_MASK(nr))
				 : "memory", "cc");
	} while (failed);
}

static inline int test_and_clear_bit(unsigned nr, volatile unsigned long *addr)
{
	volatile unsigned long *p = addr + BIT_WORD(nr);
	unsigned long old, v, failed;

	do {
		__asm__ volatile("ldrex %0, [%3]\n\t"
				 "bic %1, %0, %4\n\t"
				 "strex %2, %1, [%3]"
				 : "=&r"(old), "=&r"(v), "=&r"(failed)
				 : "r"(p), "r"(BIT_MASK(nr))
				 : "memory", "cc");
	} while (failed);
	return (old & BIT_MASK(nr)) != 0;
}

static inline int test_bit(unsigned nr, const volatile unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] & BIT_MASK(nr)) != 0;
}

/* The first set bit at or after start, or size if there is none. */
static inline unsigned find_next_bit(const volatile unsigned long *addr, unsigned size,
				     unsigned start)
{
	for (unsigned i = start; i < size; i++)
		if (test_bit(i, addr))
			return i;
	return size;
}

static inline unsigned find_first_bit(const volatile unsigned long *addr, unsigned size)
{
	return find_next_bit(addr, size, 0);
}

static inline unsigned find_first_zero_bit(const volatile unsigned long *addr, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		if (!test_bit(i, addr))
			return i;
	return size;
}

#define for_each_set_bit(bit, addr, size) \
	for ((bit) = find_first_bit((addr), (size)); (bit) < (size); \
	     (bit) = find_next_bit((addr), (size), (bit) + 1u))

/* dst = a & b, over bits whole words (bits is a multiple of BITS_PER_LONG here). */
static inline void bitmap_and(volatile unsigned long *dst, const volatile unsigned long *a,
			      const volatile unsigned long *b, unsigned bits)
{
	for (unsigned i = 0; i < BITS_TO_LONGS(bits); i++)
		dst[i] = a[i] & b[i];
}

#endif
