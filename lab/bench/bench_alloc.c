// SPDX-License-Identifier: GPL-2.0
/* bench_alloc.c - back the memmaps with the memory the user asked for. */
#define _GNU_SOURCE		/* O_TMPFILE */
#include "bench_alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "bench_config.h"
#include "outfile.h"
#include "procfs.h"
#include "sysmem.h"

#define SZ_4K		4096UL
#define SZ_2M		(2UL << 20)
#define TMPFS_MAGIC	0x01021994
#define THP_ENABLED	"/sys/kernel/mm/transparent_hugepage/enabled"

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

static size_t backing_granule(const struct bench_backing *b);

/* Only the written struct pages of each compound ever get memory. */
static bool sparse_memmap(const struct bench_plan *p,
			  const struct bench_backing *b)
{
	return b->kind != BENCH_FILE && backing_granule(b) == SZ_4K &&
	       p->pages_written < p->init_pfns;
}

/* A "Name:  N" line of /proc/meminfo times @unit; 0 if absent. */
static unsigned long meminfo_bytes(const char *name, unsigned long unit)
{
	return zdm_proc_value("/proc/meminfo", name) * unit;
}

int bench_backing_parse(const char *s, struct bench_backing *b, char *err,
			size_t errlen)
{
	memset(b, 0, sizeof(*b));
	b->fd = -1;
	if (!strcmp(s, "anon"))
		b->kind = BENCH_ANON;
	else if (!strcmp(s, "thp"))
		b->kind = BENCH_THP;
	else if (!strcmp(s, "hugetlb"))
		b->kind = BENCH_HUGETLB;
	else if (!strncmp(s, "file:", 5) && s[5]) {
		b->kind = BENCH_FILE;
		b->path = s + 5;
	} else {
		snprintf(err, errlen, "--backing: '%s' is not anon, thp, "
			 "hugetlb or file:PATH", s);
		return -1;
	}
	return 0;
}

const char *bench_backing_name(const struct bench_backing *b)
{
	static const char *const names[] = {
		[BENCH_ANON] = "anon",
		[BENCH_THP] = "thp",
		[BENCH_HUGETLB] = "hugetlb",
		[BENCH_FILE] = "file",
	};

	return names[b->kind];
}

static size_t backing_granule(const struct bench_backing *b)
{
	if (b->kind == BENCH_HUGETLB) {
		size_t hps = meminfo_bytes("Hugepagesize", 1024);

		return hps ? hps : SZ_2M;
	}
	return b->kind == BENCH_THP ? SZ_2M : SZ_4K;
}

/*
 * Memory one memmap really takes.  With vmemmap dedup only the first
 * struct pages of each compound are written; on 4K pages the rest of the
 * compound's memmap is never faulted in, just as the kernel maps it to one
 * shared page.  A file is allocated whole up front (see map_file()), so
 * there it is the whole memmap.
 */
static size_t resident_bytes(const struct bench_plan *p,
			     const struct bench_backing *b,
			     const struct page_layout *l)
{
	size_t g = backing_granule(b);
	unsigned long nr = 1UL << p->sc.vmemmap_shift;
	unsigned long per = p->pages_written / (p->init_pfns / nr);

	if (sparse_memmap(p, b))
		return (p->init_pfns / nr) * align_up(per * l->page_size, g);
	return align_up(p->memmap_bytes, g);
}

/*
 * Everything the run touches: each column's memmap; the ceiling, a fill of
 * written_bytes from the start of a buffer (its own, or the last column's,
 * where on a sparse memmap it runs over pages the binds never fault in);
 * and the verifier's samples, which poison pages of a sparse memmap past
 * the written ones too.
 */
static size_t plan_need(const struct bench_plan *p,
			const struct bench_config *c,
			const struct page_layout *l, bool separate)
{
	size_t g = backing_granule(&c->backing);
	size_t n = c->nr_strategies * resident_bytes(p, &c->backing, l);

	if (separate || sparse_memmap(p, &c->backing))
		n += align_up(p->written_bytes, g);
	if (sparse_memmap(p, &c->backing))
		n += c->nr_strategies * (c->samples + BENCH_FIXED_SAMPLES) * g;
	/* the verifier's side memmap: a compound, or a memory block */
	if (p->sc.init == ZDM_INIT_HOTPLUG)
		n += p->sc.block_pages * l->page_size;
	else
		n += (1UL << p->sc.vmemmap_shift) * l->page_size;
	return n;
}

/*
 * file:PATH is a new name (the file is made and removed at once, so even
 * a killed run leaves nothing) or a directory (an unnamed file is made in
 * it).  An existing file is refused: the bench would overwrite its data.
 */
static int backing_open_file(struct bench_backing *b, char *err,
			     size_t errlen)
{
	struct stat st;
	sigset_t old;

	if (b->fd >= 0)
		return 0;
	if (!stat(b->path, &st) && S_ISDIR(st.st_mode)) {
		b->fd = open(b->path, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	} else if (!lstat(b->path, &st)) {
		snprintf(err, errlen, "--backing file:%s: it exists; give a new "
			 "name or a directory, the bench overwrites what it "
			 "maps", b->path);
		return -1;
	} else {
		zdm_signals_hold(&old);
		b->fd = open(b->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
			     0600);
		if (b->fd >= 0)
			unlink(b->path);
		zdm_signals_release(&old);
	}
	if (b->fd < 0) {
		snprintf(err, errlen, "--backing file:%s: %s", b->path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* What the backing can give right now, and what it is called. */
static size_t backing_budget(struct bench_backing *b, const char **what,
			     char *err, size_t errlen)
{
	size_t avail = zdm_mem_available(), mem;
	struct statvfs vfs;
	struct statfs fs;

	/* Leave the rest of the system some room. */
	mem = avail > (256UL << 20) ? (avail - (256UL << 20)) / 10 * 9 : 0;
	*what = "memory available";
	if (!avail)
		mem = ~(size_t)0;	/* no /proc/meminfo: cannot tell */
	switch (b->kind) {
	case BENCH_HUGETLB:
		*what = "free hugetlb pages";
		return meminfo_bytes("HugePages_Free", 1) *
		       backing_granule(b);
	case BENCH_FILE:
		if (backing_open_file(b, err, errlen))
			return 0;
		*what = "free space of the file's filesystem";
		if (fstatvfs(b->fd, &vfs))
			return mem;
		if (!fstatfs(b->fd, &fs) && fs.f_type == TMPFS_MAGIC) {
			size_t space = (size_t)vfs.f_bavail * vfs.f_frsize;

			*what = "memory available (tmpfs)";
			return space < mem ? space : mem;
		}
		return (size_t)vfs.f_bavail * vfs.f_frsize;
	default:
		return mem;
	}
}

static int backing_precheck(const struct bench_backing *b, char *err,
			    size_t errlen)
{
	char line[128] = "";
	FILE *f;

	if (b->kind != BENCH_THP)
		return 0;
	f = fopen(THP_ENABLED, "r");
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	if (!f || strstr(line, "[never]")) {
		snprintf(err, errlen, "--backing thp: transparent huge pages "
			 "are off (%s); use anon or hugetlb", THP_ENABLED);
		return -1;
	}
	return 0;
}

/* The largest --size (same type, align, map) whose memmaps fit @budget. */
static unsigned long size_that_fits(const struct bench_config *c,
				    const struct page_layout *l, size_t budget)
{
	struct bench_geometry g = c->geo;
	unsigned long gran = g.align > SZ_2M ? g.align : SZ_2M;

	/* onlining takes whole memory blocks */
	if (g.init == ZDM_INIT_HOTPLUG)
		gran = g.block_size;
	unsigned long lo = 0, hi = c->geo.size / gran;
	struct bench_plan p;
	char err[256];

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo + 1) / 2;

		g.size = mid * gran;
		if (!bench_plan_geometry(&g, l, &p, err, sizeof(err)) &&
		    plan_need(&p, c, l, false) > budget)
			hi = mid - 1;
		else
			lo = mid;
	}
	g.size = lo * gran;
	if (g.size >= (1UL << 30) && gran <= (1UL << 30))
		g.size &= ~((1UL << 30) - 1);	/* easier to type */
	if (!g.size || bench_plan_geometry(&g, l, &p, err, sizeof(err)))
		return 0;
	return g.size;
}

int bench_plan_memory(struct bench_plan *p, struct bench_config *c,
		      const struct page_layout *l, char *err, size_t errlen)
{
	const char *what;
	size_t budget, need;
	unsigned long fit;
	char a[32], b[32], m1[32], m2[32], m3[32];

	if (backing_precheck(&c->backing, err, errlen))
		return -1;
	err[0] = 0;
	budget = backing_budget(&c->backing, &what, err, errlen);
	if (err[0])
		return -1;
	p->resident_bytes = resident_bytes(p, &c->backing, l);
	/* A buffer of its own keeps the ceiling off the strategies' memmaps. */
	p->separate_ceiling = plan_need(p, c, l, true) <= budget;
	need = p->need_bytes = plan_need(p, c, l, p->separate_ceiling);
	if (need <= budget)
		return 0;
	if (c->backing.kind == BENCH_HUGETLB) {
		size_t g = backing_granule(&c->backing);
		unsigned long total = meminfo_bytes("HugePages_Total", 1);
		unsigned long nfree = budget / g;

		snprintf(err, errlen, "--backing hugetlb: needs %zu huge pages "
			 "of %s, %lu are free; reserve them with echo %zu > "
			 "/proc/sys/vm/nr_hugepages", need / g,
			 bench_size_str(g, a, sizeof(a)), nfree,
			 total - nfree + need / g);
		return -1;
	}
	fit = size_that_fits(c, l, budget);
	if (fit)
		snprintf(err, errlen, "bench: %u memmaps of %s (%s) do not "
			 "fit in the %s of %s; try --size %s",
			 c->nr_strategies, bench_human_bytes(p->resident_bytes, m1, sizeof(m1)),
			 bench_human_bytes(need, m2, sizeof(m2)),
			 bench_human_bytes(budget, m3, sizeof(m3)), what,
			 bench_size_str(fit, a, sizeof(a)));
	else
		snprintf(err, errlen, "bench: %u memmaps of %s do not fit in "
			 "the %s of %s, even for the smallest namespace with "
			 "align %s", c->nr_strategies,
			 bench_human_bytes(p->resident_bytes, m1, sizeof(m1)),
			 bench_human_bytes(budget, m3, sizeof(m3)), what,
			 bench_size_str(c->geo.align, b, sizeof(b)));
	return -1;
}

/*
 * Allocate the file's blocks before mapping them: a filesystem that runs
 * out of space then fails here, cleanly, instead of killing the run with
 * SIGBUS on the first store to a page it cannot back.
 */
static int map_file(struct bench_buf *buf, struct bench_backing *b,
		    size_t len, char *err, size_t errlen)
{
	void *p;
	int rc;

	rc = posix_fallocate(b->fd, (off_t)b->file_off, (off_t)len);
	if (rc) {
		snprintf(err, errlen, "--backing file:%s: cannot allocate "
			 "%zu MiB in it: %s", b->path, len >> 20, strerror(rc));
		return -1;
	}
	/* Same offset alignment as the address: DAX can use PMD mappings. */
	p = mmap(buf->addr, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 b->fd, (off_t)b->file_off);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "--backing file:%s: mmap: %s", b->path,
			 strerror(errno));
		return -1;
	}
	b->file_off += len;
	return 0;
}

int bench_buf_alloc(struct bench_buf *buf, struct bench_backing *b,
		    size_t bytes, char *err, size_t errlen)
{
	size_t g = backing_granule(b), len = align_up(bytes, SZ_2M > g ? SZ_2M : g);
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;

	memset(buf, 0, sizeof(*buf));
	if (b->kind == BENCH_HUGETLB) {
		buf->map_bytes = len;
		buf->map = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
		if (buf->map == MAP_FAILED) {
			snprintf(err, errlen, "--backing hugetlb: cannot map "
				 "%zu MiB of huge pages (%s); reserve them in "
				 "/proc/sys/vm/nr_hugepages", len >> 20,
				 strerror(errno));
			return -1;
		}
		buf->addr = buf->map;
		buf->bytes = bytes;
		return 0;
	}
	/* One spare 2M so the memmap can start on a huge page boundary. */
	buf->map_bytes = len + SZ_2M;
	buf->map = mmap(NULL, buf->map_bytes, b->kind == BENCH_FILE ?
			PROT_NONE : PROT_READ | PROT_WRITE, flags, -1, 0);
	if (buf->map == MAP_FAILED) {
		snprintf(err, errlen, "bench: cannot map %zu MiB: %s",
			 buf->map_bytes >> 20, strerror(errno));
		return -1;
	}
	buf->addr = (unsigned char *)align_up((size_t)buf->map, SZ_2M);
	buf->bytes = bytes;
	switch (b->kind) {
	case BENCH_ANON:
		/* Really 4K: "always" THP would otherwise fold it. */
		madvise(buf->addr, len, MADV_NOHUGEPAGE);
		return 0;
	case BENCH_THP:
		if (!madvise(buf->addr, len, MADV_HUGEPAGE))
			return 0;
		snprintf(err, errlen, "--backing thp: madvise: %s",
			 strerror(errno));
		break;
	default:
		if (!map_file(buf, b, len, err, errlen))
			return 0;
		break;
	}
	bench_buf_free(buf);
	return -1;
}

void bench_buf_free(struct bench_buf *buf)
{
	if (buf->map && buf->map != MAP_FAILED)
		munmap(buf->map, buf->map_bytes);
	memset(buf, 0, sizeof(*buf));
}

void bench_backing_close(struct bench_backing *b)
{
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
}

size_t bench_buf_huge_bytes(const struct bench_buf *buf)
{
	static const char *const fields[] = {
		"AnonHugePages:", "FilePmdMapped:", "ShmemPmdMapped:",
		"Private_Hugetlb:", "Shared_Hugetlb:",
	};
	unsigned long lo = (unsigned long)buf->addr, hi = lo + buf->bytes;
	FILE *f = fopen("/proc/self/smaps", "r");
	bool in = false;
	char line[512];
	size_t total = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long s, e;
		char c;

		/* A VMA header: "start-end perms ..." */
		if (sscanf(line, "%lx-%lx %c", &s, &e, &c) == 3 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			in = s < hi && e > lo;
			continue;
		}
		if (!in)
			continue;
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (!strncmp(line, fields[i], strlen(fields[i])))
				total += strtoul(line + strlen(fields[i]),
						 NULL, 10) * 1024;
	}
	fclose(f);
	return total;
}
