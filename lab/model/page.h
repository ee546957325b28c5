/* SPDX-License-Identifier: GPL-2.0 */
/*
 * page.h - field access to a modelled struct page.  Offsets are those of
 * struct page and struct folio in include/linux/mm_types.h (x86-64).
 */
#ifndef ZDM_PAGE_H
#define ZDM_PAGE_H

#include <stdint.h>
#include <string.h>

#include "mm_model.h"
#include "nt_check.h"

/* struct page */
#define PAGE_OFF_FLAGS			0
#define PAGE_OFF_LRU_NEXT		8	/* also pgmap, compound_head */
#define PAGE_OFF_LRU_PREV		16	/* also zone_device_data */
#define PAGE_OFF_MAPPING		24
#define PAGE_OFF_INDEX			32
#define PAGE_OFF_PRIVATE		40
#define PAGE_OFF_MAPCOUNT		48
#define PAGE_OFF_REFCOUNT		52
/* struct folio, as seen from its second page (the first tail): 6.12 */
#define FOLIO1_OFF_LARGE_MAPCOUNT	16
#define FOLIO1_OFF_ENTIRE_MAPCOUNT	20
#define FOLIO1_OFF_NR_PAGES_MAPPED	24
#define FOLIO1_OFF_PINCOUNT		28
#define FOLIO1_OFF_FOLIO_NR_PAGES	32
/* 7.3 (kernel.h, ZDM_FOLIO_7_3): _large_mapcount and _pincount stay */
#define FOLIO1_73_OFF_NR_PAGES_MAPPED	20
#define FOLIO1_73_OFF_ENTIRE_MAPCOUNT	24
#define FOLIO1_73_OFF_MM_ID_MAPCOUNT	32	/* int[2] */
#define FOLIO1_73_OFF_MM_IDS		40
#define FOLIO1_73_OFF_NR_PAGES		56	/* NR_PAGES_IN_LARGE_FOLIO */
/* struct folio, third page: _deferred_list */
#define FOLIO2_OFF_DEFERRED_LIST	16

static inline unsigned long page_word(const struct page *p, unsigned int off)
{
	unsigned long v;

	memcpy(&v, (const unsigned char *)p + off, sizeof(v));
	return v;
}

static inline void page_set_word(struct page *p, unsigned int off,
				 unsigned long v)
{
	nt_check_plain((unsigned char *)p + off, sizeof(v));
	memcpy((unsigned char *)p + off, &v, sizeof(v));
}

static inline uint32_t page_u32(const struct page *p, unsigned int off)
{
	uint32_t v;

	memcpy(&v, (const unsigned char *)p + off, sizeof(v));
	return v;
}

static inline void page_set_u32(struct page *p, unsigned int off, uint32_t v)
{
	nt_check_plain((unsigned char *)p + off, sizeof(v));
	memcpy((unsigned char *)p + off, &v, sizeof(v));
}

static inline unsigned long page_flags(const struct page *p)
{
	return page_word(p, PAGE_OFF_FLAGS);
}

static inline void page_set_flags(struct page *p, unsigned long f)
{
	page_set_word(p, PAGE_OFF_FLAGS, f);
}

#endif
