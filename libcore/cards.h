/*
 * cards.h — the 档案联系卡 (archive contact cards) the plans ask of every
 * school (篇1 三(一)1, 篇2 一2, 篇3 三(一)2: "100%建立留守儿童档案联系卡"):
 * one card per child active on a day, six to an A4 sheet, as one
 * self-contained printable HTML page (lb-report -f cards, lb-report(1)).
 *
 * A card holds the child, school and class, address, guardian and phone,
 * each parent's work place and phone, the head teacher, the mentor and
 * phone, the child director, and the archive and card dates. Identity and
 * phone numbers are masked unless reveal (mask.h): a card that goes home
 * with the child is printed revealed.
 *
 *     lb_cards_write(fp, &roster, asof, &(struct lb_cards_opts){.zh = 1});
 */
#ifndef LB_CARDS_H
#define LB_CARDS_H

#include <stdio.h>
#include "table.h"

struct lb_cards_opts {
	int zh;                 /* Chinese labels (else English) */
	int reveal;             /* identity and phone numbers unmasked */
};

/* Write the page of cards for the roster's children active on day asof,
 * ordered by school, grade, class and then roster order. Returns the number
 * of cards (>= 0), or -1 on a write error (ferror). */
long lb_cards_write(FILE *fp, const struct lb_table *roster, int asof,
                    const struct lb_cards_opts *o);

#endif
