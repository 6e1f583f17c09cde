/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-db-private.h"
#include "sd-rfm.h"
#include "sd-tiers-private.h"

G_BEGIN_DECLS

/* Tiers and RFM in the database (sd-tier-store.c). Grade names come back as stored ("" for
 * the built-in name). Every write is inside the caller's transaction. */
/* What the recompute's statements need on a connection, once, at open. */
gboolean        _sd_tier_store_register     (SdDb               *db,
                                             GError            **error);
gboolean        _sd_tier_store_load_ladder  (SdDb               *db,
                                             SdTierLadder       *out_ladder,
                                             GError            **error);
gboolean        _sd_tier_store_save_ladder  (SdDb               *db,
                                             const SdTierLadder *ladder,
                                             GError            **error);
/* Grades of IDS (NULL: everyone) with LADDER, pinned ones left; then RFM scores: of
 * everyone when IDS is NULL or the quintiles moved, else of IDS. RFM_DAY_OFFSET is the
 * shop time zone's offset from UTC in seconds (what a "day" of R is). With
 * SD_TIER_RECOMPUTE_KEEP_QUINTILES, IDS are scored against the saved quintiles (and not
 * at all when there are none yet). */
gboolean        _sd_tier_store_recompute    (SdDb               *db,
                                             const SdTierLadder *ladder,
                                             const gint64       *ids,
                                             gsize               n_ids,
                                             SdTierCause         cause,
                                             const char         *detail,
                                             gint64              now,
                                             gint64              rfm_day_offset,
                                             SdTierRecomputeFlags flags,
                                             SdTierRecomputeStats *out_stats,
                                             GError            **error);
/* *out_from: the tier before. */
gboolean        _sd_tier_store_pin          (SdDb               *db,
                                             gint64              customer_id,
                                             int                 grade,
                                             const char         *reason,
                                             gint64              now,
                                             int                *out_from,
                                             GError            **error);
gboolean        _sd_tier_store_unpin        (SdDb               *db,
                                             const SdTierLadder *ladder,
                                             gint64              customer_id,
                                             gint64              now,
                                             int                *out_from,
                                             int                *out_to,
                                             GError            **error);
GPtrArray      *_sd_tier_store_history      (SdDb               *db,
                                             gint64              customer_id,
                                             GError            **error);
gboolean        _sd_tier_store_count        (SdDb               *db,
                                             gint64              out_counts[SD_TIER_N_GRADES],
                                             gint64             *out_none,
                                             GError            **error);
/* Without computed_tier, which the caller works out from the figures. */
SdCustomerTier *_sd_tier_store_customer     (SdDb               *db,
                                             gint64              customer_id,
                                             GError            **error);
SdTierSimulation *_sd_tier_store_simulate   (SdDb               *db,
                                             const SdTierLadder *proposed,
                                             gint64              since,
                                             gint64              until,
                                             GError            **error);
/* Tier rules. */
GPtrArray      *_sd_tier_store_list_rules   (SdDb               *db,
                                             gboolean            enabled_only,
                                             GError            **error);
SdTierRule     *_sd_tier_store_load_rule    (SdDb               *db,
                                             gint64              id,
                                             GError            **error);
/* SD_ERROR_CONFLICT when the name is taken. Sets rule->id when new (id 0). */
gboolean        _sd_tier_store_save_rule    (SdDb               *db,
                                             SdTierRule         *rule,
                                             GError            **error);
/* The rule's customers lose their custom tier (history with CAUSE): when it is switched
 * off or deleted. */
gboolean        _sd_tier_store_clear_rule   (SdDb               *db,
                                             gint64              rule_id,
                                             gint64              now,
                                             SdTierCause         cause,
                                             const char         *detail,
                                             GError            **error);
/* _sd_tier_store_clear_rule (), then the rule goes. */
gboolean        _sd_tier_store_delete_rule  (SdDb               *db,
                                             gint64              id,
                                             gint64              now,
                                             SdTierCause         cause,
                                             const char         *detail,
                                             GError            **error);
/* How many customers hold each custom tier: rule id (0: none) → count, gint64 * both. */
GHashTable     *_sd_tier_store_count_custom (SdDb               *db,
                                             GError            **error);
/* The customers whose custom tier changed in history entries after AFTER_ID, ascending. */
GArray         *_sd_tier_store_custom_moves (SdDb               *db,
                                             gint64              after_id,
                                             GError            **error);
gboolean        _sd_rfm_store_grid          (SdDb               *db,
                                             SdRfmGrid          *out_grid,
                                             GError            **error);
GArray         *_sd_rfm_store_cell_ids      (SdDb               *db,
                                             int                 r,
                                             int                 f,
                                             GError            **error);

G_END_DECLS
