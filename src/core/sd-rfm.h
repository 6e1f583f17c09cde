/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* RFM: recency, frequency and monetary scores 1–5, by quintiles of the shop's own active
 * customers, and the named groups they fall in.
 *
 * Active customers
 * ----------------
 * A customer is active, and scored, when they have at least one counted order
 * (customers.order_count > 0: a paid trade that was not refunded in full or closed).
 * Everyone else has scores 0 and the group SD_RFM_GROUP_NONE.
 *
 * What is ranked
 * --------------
 *   R  the day of the last counted order, in the shop's time zone (Beijing): the more
 *      recent, the higher. Ranking by that day is ranking by whole days since the last
 *      order, so two customers who last ordered on the same day always tie, whatever the
 *      hour and whenever the scores are computed.
 *   F  the number of counted orders.
 *   M  the total paid: counted orders' amounts net of refunds, in fen.
 *
 * Quintiles with ties
 * -------------------
 * Among the N active customers, a value v scores
 *
 *   score (v) = 1 + floor (5 × L (v) / N),   L (v) = how many active customers have less
 *
 * so the lowest value scores 1, the scores rise with the value, and equal values always
 * score the same: a group of ties takes the bucket of its lowest rank (the lower one).
 * With many ties the buckets are uneven (most shops: everyone with one order has F = 1,
 * the next frequency may score 3 or 4); that is the data, not an error. The same values
 * give the same scores on every run. The store keeps the four boundaries of the last
 * recompute (see sd_rfm_cuts_from_sorted), so that a recompute of a few customers knows
 * whether the others' scores still stand.
 *
 * Groups: the R × F map
 * ---------------------
 * The group depends on R and F only, so that every cell of the R × F grid is one group
 * (M is shown beside them). Rows are R, columns F:
 *
 *          F=1              F=2              F=3              F=4        F=5
 *   R=5    new              potential loyal. potential loyal. champions  champions
 *   R=4    promising        potential loyal. potential loyal. loyal      loyal
 *   R=3    about to sleep   about to sleep   need attention   loyal      loyal
 *   R=2    hibernating      hibernating      at risk          at risk    can't lose them
 *   R=1    lost             lost             at risk          at risk    can't lose them
 *
 * This is the widely used R/F segment map, with its bottom-left corner split into
 * hibernating (R = 2) and lost (R = 1). */

typedef enum
{
  SD_RFM_GROUP_NONE,                  /* "": not scored */
  SD_RFM_GROUP_CHAMPIONS,             /* "champions" */
  SD_RFM_GROUP_LOYAL,                 /* "loyal" */
  SD_RFM_GROUP_POTENTIAL_LOYALISTS,   /* "potential_loyalists" */
  SD_RFM_GROUP_NEW,                   /* "new" */
  SD_RFM_GROUP_PROMISING,             /* "promising" */
  SD_RFM_GROUP_NEED_ATTENTION,        /* "need_attention" */
  SD_RFM_GROUP_ABOUT_TO_SLEEP,        /* "about_to_sleep" */
  SD_RFM_GROUP_AT_RISK,               /* "at_risk" */
  SD_RFM_GROUP_CANT_LOSE,             /* "cant_lose" */
  SD_RFM_GROUP_HIBERNATING,           /* "hibernating" */
  SD_RFM_GROUP_LOST,                  /* "lost" */
  SD_RFM_GROUP_N
} SdRfmGroup;

#define SD_RFM_SCORES 5

/* The stable id ("champions"; "" for none): what the database, --json and conditions say. */
const char *sd_rfm_group_to_string   (SdRfmGroup   group);
gboolean    sd_rfm_group_from_string (const char  *id,
                                      SdRfmGroup  *out_group);
/* "Champions", translated. */
const char *sd_rfm_group_get_label   (SdRfmGroup   group);
/* The map above; SD_RFM_GROUP_NONE unless both scores are 1–5. */
SdRfmGroup  sd_rfm_group_for_scores  (int          r,
                                      int          f);

/* The four boundaries of the quintiles of N values sorted ascending: a value v scores
 * 1 + (how many of CUTS are below v), which is the formula above. N = 0 leaves CUTS
 * alone and returns FALSE. */
gboolean    sd_rfm_cuts_from_sorted  (const gint64 *sorted,
                                      gsize         n,
                                      gint64        out_cuts[4]);
int         sd_rfm_score             (gint64        value,
                                      const gint64  cuts[4]);

/* The R × F grid: how many customers hold each pair of scores. */
typedef struct
{
  gint64 cells[SD_RFM_SCORES][SD_RFM_SCORES];   /* [r - 1][f - 1] */
  gint64 groups[SD_RFM_GROUP_N];                /* customers in each group; [NONE] = unscored */
  gint64 scored;
  gint64 unscored;
} SdRfmGrid;

/* As the last recompute left the scores. Needs customers.view. */
gboolean    sd_rfm_grid              (SdSession    *session,
                                      SdRfmGrid    *out_grid,
                                      GError      **error);
/* The ids of the customers in cell (R, F), ascending: what a click on a cell lists.
 * Needs customers.view. */
GArray     *sd_rfm_list_cell         (SdSession    *session,
                                      int           r,
                                      int           f,
                                      GError      **error);   /* gint64 */

G_END_DECLS
