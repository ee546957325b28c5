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
#include "bench_verify.h"
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
 * What bench_buf_alloc() maps for a buffer of @bytes: whole huge pages, or
 * 2M multiples and one spare 2M to align them.
 */
static size_t buf_len(const struct bench_backing *b, size_t bytes)
{
	size_t g = backing_granule(b);

	return align_up(bytes, g > SZ_2M ? g : SZ_2M);
}

static size_t buf_map_bytes(const struct bench_backing *b, size_t bytes)
{
	return buf_len(b, bytes) + (b->kind == BENCH_HUGETLB ? 0 : SZ_2M);
}

/*
 * What a buffer of @bytes takes once all of it is written: 4K pages, or
 * whole huge pages, or a file allocated whole up front (map_file()).
 */
static size_t touched_bytes(const struct bench_backing *b, size_t bytes)
{
	return b->kind == BENCH_ANON ? align_up(bytes, SZ_4K) :
	       buf_len(b, bytes);
}

/*
 * Memory one memmap really takes.  With vmemmap dedup only the first
 * struct pages of each compound are written; on 4K pages the rest of the
 * compound's memmap is never faulted in, just as the kernel maps it to one
 * shared page.
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
	return touched_bytes(b, p->memmap_bytes);
}

/*
 * What a run costs, as the kernel charges it.  @backed: what the backing
 * holds (memory, huge pages or file blocks) - each column's memmap; the
 * ceiling, a fill of written_bytes from the start of a buffer (its own, or
 * the last column's, where on a sparse memmap it runs over pages the binds
 * never fault in); and the verifier's samples, which poison pages of a
 * sparse memmap past the written ones too.  @side: memory besides, the
 * verifier's and the section state.  @mapped: address space, every mapping
 * whole however little of it is touched, the side memory, the threads'
 * stacks and some room for the rest of the run.  @priv: its private
 * writable part (a file's shared mapping is not).
 */
struct plan_cost {
	size_t backed, side, mapped, priv;
};

#define RUN_SLACK	(32UL << 20)	/* stdio, results, malloc's own */

static unsigned int max_threads(const struct bench_config *c)
{
	unsigned int t = 1;

	for (unsigned int i = 0; i < c->nr_strategies; i++)
		if (bench_entry_threads(c, i) > t)
			t = bench_entry_threads(c, i);
	return t > c->threads ? t : c->threads;	/* the ceiling's */
}

static void plan_cost(const struct bench_plan *p, const struct bench_config *c,
		      const struct page_layout *l, bool separate,
		      struct plan_cost *k)
{
	const struct bench_backing *b = &c->backing;
	size_t g = backing_granule(b), bufs, rest;
	unsigned int nr = c->nr_strategies;

	k->backed = nr * resident_bytes(p, b, l);
	bufs = nr * buf_map_bytes(b, p->memmap_bytes);
	if (separate) {
		k->backed += touched_bytes(b, p->written_bytes);
		bufs += buf_map_bytes(b, p->written_bytes);
	} else if (sparse_memmap(p, b)) {
		k->backed += align_up(p->written_bytes, g);
	}
	if (sparse_memmap(p, b))
		k->backed += nr * (c->samples + BENCH_FIXED_SAMPLES) * g;
	k->side = bench_verify_bytes(p, l, c->samples) +
		  nr * zdm_memmap_state_bytes(l, p->init_start, p->init_pfns);
	rest = k->side + RUN_SLACK + max_threads(c) * zdm_thread_map_bytes();
	k->mapped = bufs + rest;
	k->priv = (b->kind == BENCH_FILE ? 0 : bufs) + rest;
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

/*
 * What the run may take right now, limit by limit: @store, what the
 * backing can give (@store_what names it; @store_mem: it is memory, shared
 * with @mem); @mem, memory for what is not in the backing; @all and @priv,
 * address space (zdm_map_room()).  ~0: no limit known.
 */
struct bench_room {
	size_t store, mem, all, priv;
	const char *store_what;
	bool store_mem;
};

static size_t no_limit(unsigned long v)
{
	return v ? v : ~(size_t)0;
}

/* Free huge pages not promised to a mapping already, in bytes. */
static size_t hugetlb_free_bytes(const struct bench_backing *b)
{
	unsigned long nfree = meminfo_bytes("HugePages_Free", 1);
	unsigned long rsvd = meminfo_bytes("HugePages_Rsvd", 1);

	return (nfree > rsvd ? nfree - rsvd : 0) * backing_granule(b);
}

static int backing_room(struct bench_backing *b, struct bench_room *r,
			char *err, size_t errlen)
{
	size_t avail = zdm_mem_room();
	unsigned long all, priv;
	struct statvfs vfs;
	struct statfs fs;

	/* Leave the rest of the system some room. */
	r->mem = avail > (256UL << 20) ? (avail - (256UL << 20)) / 10 * 9 : 0;
	if (!avail)
		r->mem = ~(size_t)0;	/* no /proc/meminfo: cannot tell */
	zdm_map_room(&all, &priv);
	r->all = no_limit(all);
	r->priv = no_limit(priv);
	r->store = r->mem;
	r->store_what = "memory available";
	r->store_mem = true;
	switch (b->kind) {
	case BENCH_HUGETLB:
		r->store = hugetlb_free_bytes(b);
		r->store_what = "free hugetlb pages";
		r->store_mem = false;
		break;
	case BENCH_FILE:
		if (backing_open_file(b, err, errlen))
			return -1;
		if (fstatvfs(b->fd, &vfs))
			break;
		r->store = (size_t)vfs.f_bavail * vfs.f_frsize;
		r->store_what = "free space of the file's filesystem";
		r->store_mem = false;
		if (!fstatfs(b->fd, &fs) && fs.f_type == TMPFS_MAGIC) {
			if (r->mem < r->store)
				r->store = r->mem;
			r->store_what = "memory available (tmpfs)";
			r->store_mem = true;
		}
		break;
	default:
		break;
	}
	return 0;
}

enum plan_over { PLAN_FITS, OVER_AS, OVER_PRIV, OVER_MEM, OVER_STORE };

/* The first limit @k goes over: address space first, as no sysctl helps. */
static enum plan_over plan_check(const struct plan_cost *k,
				 const struct bench_room *r)
{
	if (k->mapped > r->all)
		return OVER_AS;
	if (k->priv > r->priv)
		return OVER_PRIV;
	if (r->store_mem)
		return k->backed + k->side > r->store ? OVER_STORE : PLAN_FITS;
	if (k->side > r->mem)
		return OVER_MEM;
	return k->backed > r->store ? OVER_STORE : PLAN_FITS;
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

/*
 * The largest --size (same type, align, map) that fits @r, with the
 * ceiling in the last column's memmap (the run takes a buffer of its own
 * for it only if that fits too).  Rounded down, never up.
 */
static unsigned long size_that_fits(const struct bench_config *c,
				    const struct page_layout *l,
				    const struct bench_room *r)
{
	struct bench_geometry g = c->geo;
	unsigned long gran = g.align > SZ_2M ? g.align : SZ_2M;

	/* onlining takes whole memory blocks */
	if (g.init == ZDM_INIT_HOTPLUG)
		gran = g.block_size;
	unsigned long lo = 0, hi = c->geo.size / gran;
	struct bench_plan p;
	struct plan_cost k;
	char err[256];

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo + 1) / 2;

		g.size = mid * gran;
		if (bench_plan_geometry(&g, l, &p, err, sizeof(err))) {
			lo = mid;	/* no such namespace: look higher */
			continue;
		}
		plan_cost(&p, c, l, false, &k);
		if (plan_check(&k, r) != PLAN_FITS)
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

/* The huge pages the run maps, and the nr_hugepages that leaves enough. */
static void hugetlb_hint(const struct bench_config *c,
			 const struct plan_cost *k, const struct bench_room *r,
			 char *err, size_t errlen)
{
	size_t g = backing_granule(&c->backing);
	unsigned long need = (k->backed + g - 1) / g, nfree = r->store / g;
	/* the persistent pool: surplus pages go when they are freed */
	unsigned long pool = meminfo_bytes("HugePages_Total", 1) -
			     meminfo_bytes("HugePages_Surp", 1);
	char a[32];

	snprintf(err, errlen, "--backing hugetlb: needs %lu huge pages of %s, "
		 "%lu are free; reserve them with echo %lu > "
		 "/proc/sys/vm/nr_hugepages", need,
		 bench_size_str(g, a, sizeof(a)), nfree, pool + need - nfree);
}

static const char *const over_what[] = {
	[OVER_AS] = "address space left under RLIMIT_AS (ulimit -v)",
	[OVER_PRIV] = "address space left under RLIMIT_DATA (ulimit -d) "
		      "or the commit limit",
	[OVER_MEM] = "memory available",
};

static const char *const need_what[] = {
	[OVER_AS] = "mapped",
	[OVER_PRIV] = "mapped private",
	[OVER_MEM] = "for the verifier",
	[OVER_STORE] = "in all",
};

/* Append "; try --size S" for @fit, or say that no size is known to. */
static void append_fit(unsigned long fit, const char *none, char *err,
		       size_t errlen)
{
	size_t len = strlen(err);
	char a[32];

	if (len + 1 >= errlen)
		return;
	if (fit)
		snprintf(err + len, errlen - len, "; try --size %s",
			 bench_size_str(fit, a, sizeof(a)));
	else
		snprintf(err + len, errlen - len, "%s", none);
}

/* One line: what does not fit where, and the --size that does. */
static void size_hint(const struct bench_config *c,
		      const struct page_layout *l, const struct bench_plan *p,
		      const struct plan_cost *k, enum plan_over over,
		      struct bench_room r, char *err, size_t errlen)
{
	const size_t need[] = {
		[OVER_AS] = k->mapped, [OVER_PRIV] = k->priv,
		[OVER_MEM] = k->side,
		[OVER_STORE] = k->backed + (r.store_mem ? k->side : 0),
	};
	const size_t room[] = {
		[OVER_AS] = r.all, [OVER_PRIV] = r.priv, [OVER_MEM] = r.mem,
		[OVER_STORE] = r.store,
	};
	char b[32], m1[32], m2[32], m3[32], none[128];

	snprintf(err, errlen, "bench: %u memmaps of %s (%s %s) do not fit in "
		 "the %s of %s", c->nr_strategies,
		 bench_human_bytes(p->resident_bytes, m1, sizeof(m1)),
		 bench_human_bytes(need[over], m2, sizeof(m2)), need_what[over],
		 bench_human_bytes(room[over], m3, sizeof(m3)),
		 over == OVER_STORE ? r.store_what : over_what[over]);
	snprintf(none, sizeof(none), ", even for the smallest namespace with "
		 "align %s", bench_size_str(c->geo.align, b, sizeof(b)));
	/* A smaller --size for the limit no sysctl lifts; hugetlb's next. */
	if (c->backing.kind == BENCH_HUGETLB)
		r.store = ~(size_t)0;
	append_fit(size_that_fits(c, l, &r), none, err, errlen);
}

int bench_plan_memory(struct bench_plan *p, struct bench_config *c,
		      const struct page_layout *l, char *err, size_t errlen)
{
	struct bench_room r;
	struct plan_cost k;
	enum plan_over over;

	if (backing_precheck(&c->backing, err, errlen))
		return -1;
	if (backing_room(&c->backing, &r, err, errlen))
		return -1;
	p->resident_bytes = resident_bytes(p, &c->backing, l);
	/* A buffer of its own keeps the ceiling off the strategies' memmaps. */
	plan_cost(p, c, l, true, &k);
	p->separate_ceiling = plan_check(&k, &r) == PLAN_FITS;
	plan_cost(p, c, l, p->separate_ceiling, &k);
	p->need_bytes = k.backed + k.side;
	over = plan_check(&k, &r);
	if (over == PLAN_FITS)
		return 0;
	if (over == OVER_STORE && c->backing.kind == BENCH_HUGETLB)
		hugetlb_hint(c, &k, &r, err, errlen);
	else
		size_hint(c, l, p, &k, over, r, err, errlen);
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

#ifdef ZDM_NT_CHECK
/*
 * Test builds only: ZDM_FAIL_MAP_AFTER=N maps the first N buffers and
 * fails the rest with ENOMEM, as a limit the guard cannot see would.
 */
static bool map_refused(void)
{
	static unsigned long nr_mapped;
	const char *s = getenv("ZDM_FAIL_MAP_AFTER");

	return s && *s && nr_mapped++ >= strtoul(s, NULL, 0);
}
#else
static bool map_refused(void)
{
	return false;
}
#endif

static void *buf_mmap(size_t len, int prot, int flags)
{
	if (map_refused()) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return mmap(NULL, len, prot, flags, -1, 0);
}

int bench_buf_alloc(struct bench_buf *buf, struct bench_backing *b,
		    size_t bytes, char *err, size_t errlen)
{
	size_t len = buf_len(b, bytes), map_bytes = buf_map_bytes(b, bytes);
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;

	memset(buf, 0, sizeof(*buf));
	if (b->kind == BENCH_HUGETLB) {
		/* no MAP_NORESERVE: the pages are reserved now or never */
		buf->map = buf_mmap(len, PROT_READ | PROT_WRITE, MAP_PRIVATE |
				    MAP_ANONYMOUS | MAP_HUGETLB);
		if (buf->map == MAP_FAILED) {
			snprintf(err, errlen, "--backing hugetlb: cannot map "
				 "%zu MiB of huge pages (%s); reserve them in "
				 "/proc/sys/vm/nr_hugepages", len >> 20,
				 strerror(errno));
			return -1;
		}
		buf->map_bytes = map_bytes;
		buf->addr = buf->map;
		buf->bytes = bytes;
		return 0;
	}
	/* One spare 2M so the memmap can start on a huge page boundary. */
	buf->map = buf_mmap(map_bytes, b->kind == BENCH_FILE ? PROT_NONE :
			    PROT_READ | PROT_WRITE, flags);
	if (buf->map == MAP_FAILED) {
		int e = errno;

		snprintf(err, errlen, "bench: cannot map %zu MiB: %s",
			 map_bytes >> 20, strerror(e));
		return e == ENOMEM ? -ENOMEM : -1;
	}
	buf->map_bytes = map_bytes;
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

/* The longest mapping shorter than @len, in 2M steps, granted right now. */
static size_t map_probe(size_t len)
{
	size_t lo = 0, hi = len ? (len - 1) / SZ_2M : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		void *m = mmap(NULL, mid * SZ_2M, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			       -1, 0);

		if (m == MAP_FAILED) {
			hi = mid - 1;
		} else {
			munmap(m, mid * SZ_2M);
			lo = mid;
		}
	}
	return lo * SZ_2M;
}

void bench_alloc_no_room(struct bench_config *c, const struct page_layout *l,
			 size_t held, size_t wanted, char *err, size_t errlen)
{
	struct bench_room r;
	unsigned long fit = 0;
	char tmp[256];

	if (!backing_room(&c->backing, &r, tmp, sizeof(tmp))) {
		/* what the run holds is the room it had, with what is left */
		r.all = r.priv = held + map_probe(wanted);
		if (c->backing.kind == BENCH_HUGETLB)
			r.store = ~(size_t)0;
		fit = size_that_fits(c, l, &r);
	}
	append_fit(fit < c->geo.size ? fit : 0, "; no smaller --size is known "
		   "to fit: raise ulimit -v or free memory", err, errlen);
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
