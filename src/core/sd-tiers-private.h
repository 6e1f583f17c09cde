/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-db.h"
#include "sd-tiers.h"

G_BEGIN_DECLS

typedef enum
{
  SD_TIER_RECOMPUTE_DEFAULT = 0,
  /* Score IDS against the RFM quintiles the last recompute saved, without ranking the
   * whole shop again: for the batches of a long import, whose last batch then recomputes
   * without it (and rescores everyone if the quintiles moved). */
  SD_TIER_RECOMPUTE_KEEP_QUINTILES = 1 << 0,
} SdTierRecomputeFlags;

/* Inside the caller's transaction (an import's, a sync's, demo data's): recomputes the
 * tiers and RFM scores of IDS (NULL: every customer) with the shop's saved ladder, pinned
 * tiers staying, and writes a history entry with CAUSE and DETAIL for each change. No
 * permission check and no audit entry: the caller's own call has both. OUT_STATS may be
 * NULL. */
gboolean _sd_tiers_recompute (SdDb                 *db,
                              const gint64         *ids,
                              gsize                 n_ids,
                              SdTierCause           cause,
                              const char           *detail,
                              SdTierRecomputeFlags  flags,
                              SdTierRecomputeStats *out_stats,
                              GError              **error);

G_END_DECLS
