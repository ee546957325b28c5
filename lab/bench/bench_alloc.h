/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_alloc.h - memory behind the bench's memmaps: plain 4K anonymous
 * pages, transparent or hugetlb huge pages, or a shared file mapping (a
 * file on pmem or a DAX filesystem), and the check that it all fits before
 * anything is touched.
 */
#ifndef ZDM_BENCH_ALLOC_H
#define ZDM_BENCH_ALLOC_H

#include <stddef.h>

#include "bench.h"

struct bench_buf {
	unsigned char *addr;	/* 2M aligned */
	size_t bytes;
	void *map;		/* what to munmap */
	size_t map_bytes;
};

/* "anon", "thp", "hugetlb" or "file:PATH": 0, or -1 with a reason. */
int bench_backing_parse(const char *s, struct bench_backing *b, char *err,
			size_t errlen);
const char *bench_backing_name(const struct bench_backing *b);

/*
 * Decide whether the ceiling gets a buffer of its own and check that the
 * memmaps fit in what the backing can give right now: 0, or -1 with one
 * line that suggests a --size that fits.  Opens the file of file:PATH.
 */
int bench_plan_memory(struct bench_plan *p, struct bench_config *c,
		      const struct page_layout *l, char *err, size_t errlen);

/* 0; -ENOMEM if the kernel refused the address space; -1 otherwise. */
int bench_buf_alloc(struct bench_buf *buf, struct bench_backing *b,
		    size_t bytes, char *err, size_t errlen);
/*
 * A mapping or allocation of @wanted bytes failed although the guard let
 * the run in (a limit it cannot see, or one that moved since): measure the
 * room there is now, @held bytes being the run's already, and append to
 * @err the --size that fits it.
 */
void bench_alloc_no_room(struct bench_config *c, const struct page_layout *l,
			 size_t held, size_t wanted, char *err, size_t errlen);
void bench_buf_free(struct bench_buf *buf);
void bench_backing_close(struct bench_backing *b);

/* Bytes of @buf mapped with huge pages now (THP, hugetlb, PMD-mapped file). */
size_t bench_buf_huge_bytes(const struct bench_buf *buf);

#endif
