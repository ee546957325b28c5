// SPDX-License-Identifier: GPL-2.0
/*
 * fill.c - template copies.  A compound's tails are one 64-byte pattern, so
 * the streaming fills keep the template in registers and store it over and
 * over instead of reloading it for every page.
 */
#include "fill.h"

#include <stdint.h>
#include <string.h>

#include "core_env.h"
#include "fpu.h"
#include "nt_check.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

const char *const zdm_nt_impl_names[NR_ZDM_NT_IMPLS] = {
	[ZDM_NT_PORTABLE] = "portable",
	[ZDM_NT_MOVNTI] = "movnti",
	[ZDM_NT_SSE2_COPY] = "sse2-copy",
	[ZDM_NT_SSE2] = "sse2",
	[ZDM_NT_AVX] = "avx",
};

bool zdm_page_ref_tracepoint;
static enum zdm_nt_impl nt_impl = NR_ZDM_NT_IMPLS;	/* not chosen yet */

bool zdm_fast_allowed(const struct page_layout *l)
{
	/* What the core's memmap_template_usable() asks, on this layout. */
	return !zdm_page_ref_tracepoint && !l->kasan && !l->kmsan &&
	       !l->section_in_flags;
}

bool zdm_nt_supported(enum zdm_nt_impl impl)
{
	switch (impl) {
	case ZDM_NT_PORTABLE:
		return true;
#if defined(__x86_64__)
	case ZDM_NT_MOVNTI:
	case ZDM_NT_SSE2_COPY:
	case ZDM_NT_SSE2:
		return true;	/* SSE2 is part of x86-64 */
	case ZDM_NT_AVX:
		__builtin_cpu_init();
		return __builtin_cpu_supports("avx");
#endif
	default:
		return false;
	}
}

enum zdm_nt_impl zdm_nt_best(void)
{
	for (int i = NR_ZDM_NT_IMPLS - 1; i > 0; i--)
		if (zdm_nt_supported(i))
			return i;
	return ZDM_NT_PORTABLE;
}

bool zdm_nt_select(enum zdm_nt_impl impl)
{
	if (impl >= NR_ZDM_NT_IMPLS || !zdm_nt_supported(impl))
		return false;
	nt_impl = impl;
	return true;
}

enum zdm_nt_impl zdm_nt_selected(void)
{
	if (nt_impl == NR_ZDM_NT_IMPLS)
		nt_impl = zdm_nt_best();
	return nt_impl;
}

void zdm_copy_page(const struct page_layout *l, struct page *dst,
		   const struct page *src)
{
	nt_check_plain(src, l->page_size);
	nt_check_plain(dst, l->page_size);
	memcpy(dst, src, l->page_size);
}

static void fill_plain(unsigned char *d, const struct page *tmpl,
		       unsigned int size, unsigned long n)
{
	if (size == 64) {
		for (unsigned long i = 0; i < n; i++, d += 64)
			memcpy(d, tmpl, 64);
	} else {
		for (unsigned long i = 0; i < n; i++, d += size)
			memcpy(d, tmpl, size);
	}
}

#if defined(__x86_64__)
static void fill_movnti(unsigned char *d, const struct page *tmpl,
			unsigned int size, unsigned long n)
{
	const long long *s = (const long long *)tmpl;

	for (unsigned long i = 0; i < n; i++, d += size)
		for (unsigned int w = 0; w < size / 8; w++)
			_mm_stream_si64((long long *)d + w, s[w]);
}

/*
 * @reload: load the template again for every page, as a per-page copy (the
 * kernel's memcpy_flushcache() of each struct page) does, instead of
 * holding the pattern in registers; kept to measure whether that helps.
 */
static void fill_sse2(unsigned char *d, const struct page *tmpl,
		      unsigned int size, unsigned long n, bool reload)
{
	const __m128i *s = (const __m128i *)tmpl;

	if (((uintptr_t)d | size) & 15) {
		fill_movnti(d, tmpl, size, n);
		return;
	}
	if (size == 64 && !reload) {
		__m128i a = _mm_load_si128(s), b = _mm_load_si128(s + 1);
		__m128i c = _mm_load_si128(s + 2), e = _mm_load_si128(s + 3);

		for (unsigned long i = 0; i < n; i++, d += 64) {
			_mm_stream_si128((__m128i *)d, a);
			_mm_stream_si128((__m128i *)d + 1, b);
			_mm_stream_si128((__m128i *)d + 2, c);
			_mm_stream_si128((__m128i *)d + 3, e);
		}
		return;
	}
	for (unsigned long i = 0; i < n; i++, d += size) {
		/* the compiler may not keep the template in registers */
		if (reload)
			__asm__ volatile("" : : : "memory");
		for (unsigned int v = 0; v < size / 16; v++)
			_mm_stream_si128((__m128i *)d + v,
					 _mm_load_si128(s + v));
	}
}

__attribute__((target("avx")))
static void fill_avx(unsigned char *d, const struct page *tmpl,
		     unsigned int size, unsigned long n)
{
	if (size != 64 || ((uintptr_t)d & 31)) {
		fill_sse2(d, tmpl, size, n, false);
		return;
	}
	__m256i a = _mm256_loadu_si256((const __m256i *)tmpl);
	__m256i b = _mm256_loadu_si256((const __m256i *)tmpl + 1);

	for (unsigned long i = 0; i < n; i++, d += 64) {
		_mm256_stream_si256((__m256i *)d, a);
		_mm256_stream_si256((__m256i *)d + 1, b);
	}
}
#endif

#if defined(__x86_64__)
static void fill_nt(unsigned char *d, const struct page *tmpl,
		    unsigned int size, unsigned long n)
{
	switch (zdm_nt_selected()) {
	case ZDM_NT_MOVNTI:
		fill_movnti(d, tmpl, size, n);
		break;
	case ZDM_NT_SSE2_COPY:
	case ZDM_NT_SSE2:
		fill_sse2(d, tmpl, size, n,
			  zdm_nt_selected() == ZDM_NT_SSE2_COPY);
		break;
	default:
		fill_avx(d, tmpl, size, n);
		break;
	}
}
#endif

/*
 * With --fpu-window, the x86 patch's shape: runs of fewer than this many
 * struct pages are not worth a section and go out with MOVNTI
 * (memcpy_flushcache()); longer ones with vector stores in sections.
 */
#define FPU_MIN_RUN	16

/*
 * Pages per kernel_fpu_begin() section of a streaming fill, 0 for one
 * piece without sections: with --fpu-window, the fills that use
 * vector registers (SSE2, AVX) run in sections of that many bytes, as the
 * kernel must run them.
 */
static unsigned long fpu_section_pages(unsigned int size)
{
	size_t w = zdm_fpu_window();

	if (!w || zdm_nt_selected() <= ZDM_NT_MOVNTI)
		return 0;
	return w >= size ? w / size : 1;
}

/* A short run under --fpu-window: MOVNTI, no section (see FPU_MIN_RUN). */
static bool fpu_short_run(unsigned long per, unsigned long n)
{
	return per && n < FPU_MIN_RUN;
}

void zdm_fill_pages(const struct page_layout *l, struct page *dst,
		    const struct page *tmpl, unsigned long n, bool nt)
{
	unsigned char *d = (unsigned char *)dst;
	unsigned int size = l->page_size;

	if (!n)
		return;
	nt_check_plain(tmpl, size);
	if (!nt || zdm_nt_selected() == ZDM_NT_PORTABLE) {
		nt_check_plain(d, (size_t)size * n);
		fill_plain(d, tmpl, size, n);
		return;
	}
	nt_check_streamed(d, (size_t)size * n);
#if defined(__x86_64__)
	unsigned long per = fpu_section_pages(size);

	if (fpu_short_run(per, n)) {
		fill_movnti(d, tmpl, size, n);
		return;
	}
	if (!per) {
		fill_nt(d, tmpl, size, n);
		return;
	}
	while (n) {
		unsigned long k = n < per ? n : per;

		zdm_kernel_fpu_begin();
		fill_nt(d, tmpl, size, k);
		zdm_kernel_fpu_end();
		d += (size_t)size * k;
		n -= k;
	}
#endif
}

/*
 * Ordinary pages: the template with its lru words (offsets 8 and 16, the
 * second and third word) replaced by the page's own lru address @kaddr + 8.
 */
static void fill_lru_plain(unsigned char *d, unsigned long kaddr,
			   const struct page *tmpl, unsigned int size,
			   unsigned long n)
{
	for (unsigned long i = 0; i < n; i++, d += size, kaddr += size) {
		unsigned long lru = kaddr + 8;

		memcpy(d, tmpl, size);
		memcpy(d + 8, &lru, 8);
		memcpy(d + 16, &lru, 8);
	}
}

#if defined(__x86_64__)
static void fill_lru_movnti(unsigned char *d, unsigned long kaddr,
			    const struct page *tmpl, unsigned int size,
			    unsigned long n)
{
	const long long *s = (const long long *)tmpl;

	for (unsigned long i = 0; i < n; i++, d += size, kaddr += size)
		for (unsigned int w = 0; w < size / 8; w++)
			_mm_stream_si64((long long *)d + w,
					w == 1 || w == 2 ?
					(long long)(kaddr + 8) : s[w]);
}

/*
 * Two of the four 16-byte stores carry the address: (flags, lru.next) and
 * (lru.prev, mapping).  The other two are the template's, in registers.
 */
static void fill_lru_sse2(unsigned char *d, unsigned long kaddr,
			  const struct page *tmpl, unsigned int size,
			  unsigned long n)
{
	const __m128i *s = (const __m128i *)tmpl;
	const long long *w = (const long long *)tmpl;

	if (size != 64 || ((uintptr_t)d & 15)) {
		fill_lru_movnti(d, kaddr, tmpl, size, n);
		return;
	}
	__m128i c = _mm_load_si128(s + 2), e = _mm_load_si128(s + 3);
	__m128i flags = _mm_cvtsi64_si128(w[0]);
	__m128i mapping = _mm_cvtsi64_si128(w[3]);

	for (unsigned long i = 0; i < n; i++, d += 64, kaddr += 64) {
		__m128i lru = _mm_cvtsi64_si128((long long)(kaddr + 8));

		_mm_stream_si128((__m128i *)d, _mm_unpacklo_epi64(flags, lru));
		_mm_stream_si128((__m128i *)d + 1,
				 _mm_unpacklo_epi64(lru, mapping));
		_mm_stream_si128((__m128i *)d + 2, c);
		_mm_stream_si128((__m128i *)d + 3, e);
	}
}

/* One 32-byte store carries the address twice, the other is constant. */
__attribute__((target("avx2")))
static void fill_lru_avx(unsigned char *d, unsigned long kaddr,
			 const struct page *tmpl, unsigned int size,
			 unsigned long n)
{
	__m256i a = _mm256_loadu_si256((const __m256i *)tmpl);
	__m256i b = _mm256_loadu_si256((const __m256i *)tmpl + 1);
	__m256i addr = _mm256_set1_epi64x((long long)(kaddr + 8));
	const __m256i step = _mm256_set1_epi64x(64);

	for (unsigned long i = 0; i < n; i++, d += 64) {
		/* words 1 and 2 from addr: blend mask 0b0110 per qword */
		__m256i lo = _mm256_blend_epi32(a, addr, 0x3c);

		_mm256_stream_si256((__m256i *)d, lo);
		_mm256_stream_si256((__m256i *)d + 1, b);
		addr = _mm256_add_epi64(addr, step);
	}
}

static void fill_lru_nt(unsigned char *d, unsigned long kaddr,
			const struct page *tmpl, unsigned int size,
			unsigned long n)
{
	switch (zdm_nt_selected()) {
	case ZDM_NT_MOVNTI:
		fill_lru_movnti(d, kaddr, tmpl, size, n);
		break;
	case ZDM_NT_SSE2_COPY:
	case ZDM_NT_SSE2:
		fill_lru_sse2(d, kaddr, tmpl, size, n);
		break;
	default:
		/* the blend is AVX2; AVX alone streams 16 bytes at a time */
		if (size == 64 && !((uintptr_t)d & 31) &&
		    __builtin_cpu_supports("avx2"))
			fill_lru_avx(d, kaddr, tmpl, size, n);
		else
			fill_lru_sse2(d, kaddr, tmpl, size, n);
		break;
	}
}
#endif

void zdm_fill_pages_lru(const struct page_layout *l, struct page *dst,
			unsigned long kaddr, const struct page *tmpl,
			unsigned long n, bool nt)
{
	unsigned char *d = (unsigned char *)dst;
	unsigned int size = l->page_size;

	if (!n)
		return;
	nt_check_plain(tmpl, size);
	if (!nt || zdm_nt_selected() == ZDM_NT_PORTABLE) {
		nt_check_plain(d, (size_t)size * n);
		fill_lru_plain(d, kaddr, tmpl, size, n);
		return;
	}
	nt_check_streamed(d, (size_t)size * n);
#if defined(__x86_64__)
	unsigned long per = fpu_section_pages(size);

	if (fpu_short_run(per, n)) {
		fill_lru_movnti(d, kaddr, tmpl, size, n);
		return;
	}
	if (!per) {
		fill_lru_nt(d, kaddr, tmpl, size, n);
		return;
	}
	while (n) {
		unsigned long k = n < per ? n : per;

		zdm_kernel_fpu_begin();
		fill_lru_nt(d, kaddr, tmpl, size, k);
		zdm_kernel_fpu_end();
		d += (size_t)size * k;
		kaddr += (unsigned long)size * k;
		n -= k;
	}
#endif
}

void zdm_nt_drain(void)
{
	nt_check_drained();
#if defined(__x86_64__)
	_mm_sfence();
#endif
}

/* The kernel's per-architecture copy: streaming or not, per run here. */
void memmap_copy_pages(struct page *dst, const struct page *tmpl,
		       unsigned long nr)
{
	zdm_fill_pages(zdm_core.mm->layout, dst, tmpl, nr, zdm_core.nt);
}

/* As x86's: plain stores where the caller reads the pages again at once. */
void memmap_copy_pages_lru(struct page *dst, const struct page *tmpl,
			   unsigned long nr, bool hot)
{
	zdm_fill_pages_lru(zdm_core.mm->layout, dst,
			   zdm_page_kaddr(zdm_core.mm, dst), tmpl, nr,
			   zdm_core.nt && !hot);
}

void memmap_copy_pages_done(void)
{
	if (zdm_core.nt)
		zdm_nt_drain();
}

void zdm_memset_plain(void *dst, size_t bytes)
{
	memset(dst, 0x5a, bytes);
	/* Keep the compiler from dropping or narrowing the stores. */
	__asm__ volatile("" : : "r"(dst) : "memory");
}

void zdm_memset_nt(void *dst, size_t bytes)
{
#if defined(__x86_64__)
	unsigned char *d = dst;
	__m128i v = _mm_set1_epi8(0x5a);
	size_t i = 0;

	for (; i < bytes && ((uintptr_t)(d + i) & 15); i++)
		d[i] = 0x5a;
	for (; i + 64 <= bytes; i += 64) {
		_mm_stream_si128((__m128i *)(d + i), v);
		_mm_stream_si128((__m128i *)(d + i) + 1, v);
		_mm_stream_si128((__m128i *)(d + i) + 2, v);
		_mm_stream_si128((__m128i *)(d + i) + 3, v);
	}
	for (; i < bytes; i++)
		d[i] = 0x5a;
	_mm_sfence();
#else
	zdm_memset_plain(dst, bytes);
#endif
}

struct memset_job {
	unsigned char *dst;
	size_t bytes;
	size_t part;			/* a 64-byte multiple, never 0 */
	bool nt;
	long next;			/* the next part to take */
};

/* Take parts until none is left, so no part waits for a thread. */
static void memset_worker(void *arg)
{
	struct memset_job *j = arg;

	for (;;) {
		size_t off = (size_t)__atomic_fetch_add(&j->next, 1,
							__ATOMIC_RELAXED) *
			     j->part;
		size_t n;

		if (off >= j->bytes)
			return;
		n = j->bytes - off < j->part ? j->bytes - off : j->part;
		if (j->nt)
			zdm_memset_nt(j->dst + off, n);
		else
			zdm_memset_plain(j->dst + off, n);
	}
}

void zdm_memset_mt(void *dst, size_t bytes, bool nt, unsigned int threads)
{
	struct memset_job j = { .dst = dst, .bytes = bytes, .nt = nt };

	if (threads <= 1) {
		(nt ? zdm_memset_nt : zdm_memset_plain)(dst, bytes);
		return;
	}
	/* one part per thread, each on its own cache lines */
	j.part = (bytes / threads + 63) & ~(size_t)63;
	if (!j.part)
		j.part = 64;
	zdm_run_workers(memset_worker, &j, threads);
}
