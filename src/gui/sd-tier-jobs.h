/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"
#include "sd-tiers.h"

G_BEGIN_DECLS

/* The membership ladder's work off the main thread, shared by the Tiers page and the
 * simulator: on a million customers a count takes a moment, a simulation about a second
 * and a save or a recompute seconds. Each job runs on a worker thread with its own
 * connection to SESSION's shop, as the same account (sd_session_open_copy ()). SOURCE
 * becomes the task's source object (kept alive until CALLBACK runs), as with
 * g_task_new (). A save or a recompute that ran is reported as done even when CANCELLABLE
 * was cancelled meanwhile: it is one transaction, to its end. */

/* The ladder as saved and how many customers hold each grade; with a recompute's figures
 * when it was one. */
typedef struct
{
  SdTierLadder         *ladder;
  gint64                counts[SD_TIER_N_GRADES];
  gint64                none;       /* not computed yet */
  SdTierRecomputeStats  stats;      /* of a recompute; zero after a read */
} SdTierState;

void          sd_tier_state_free          (SdTierState          *state);

/* Reads the ladder and the counts; first recomputes every customer when RECOMPUTE
 * (tiers.manage). */
void          sd_tier_jobs_read_async     (gpointer              source,
                                           SdSession            *session,
                                           gboolean              recompute,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
SdTierState  *sd_tier_jobs_read_finish    (GAsyncResult         *result,
                                           GError              **error);

/* What LADDER would do (sd_tiers_simulate ()). */
void          sd_tier_jobs_simulate_async (gpointer              source,
                                           SdSession            *session,
                                           const SdTierLadder   *ladder,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
SdTierSimulation *sd_tier_jobs_simulate_finish (GAsyncResult    *result,
                                                GError         **error);

/* Saves LADDER and places every customer on it (sd_tiers_set_ladder ()). */
void          sd_tier_jobs_save_async     (gpointer              source,
                                           SdSession            *session,
                                           const SdTierLadder   *ladder,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      sd_tier_jobs_save_finish    (GAsyncResult         *result,
                                           SdTierRecomputeStats *out_stats,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTierState, sd_tier_state_free)

G_END_DECLS
