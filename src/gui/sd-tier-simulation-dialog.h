/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"
#include "sd-tiers.h"

G_BEGIN_DECLS

#define SD_TYPE_TIER_SIMULATION_DIALOG (sd_tier_simulation_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdTierSimulationDialog, sd_tier_simulation_dialog, SD, TIER_SIMULATION_DIALOG, AdwWindow)

/* What the ladder PROPOSED (valid) would do to the shop's customers, worked out on a worker
 * thread with a connection of its own, as SESSION, before anything is saved: customers per
 * grade now and after, who moves up or down, the pinned customers who stay, the discount
 * given over the last 12 months now and after. "Apply" saves the ladder and recomputes
 * every customer on a worker thread (a window of the shop waits for it before closing);
 * Cancel, or Escape, changes nothing.
 *
 * Signals:
 *   "applied" (gint64 changed): the ladder was saved; CHANGED customers changed grade. The
 *     dialog then closes itself.
 *   "show-customers" (GArray *ids, const char *label): the person asked to see who moves
 *     up (or down): IDS are gint64 customer ids, LABEL says who they are. The dialog then
 *     closes without saving. */
SdTierSimulationDialog *sd_tier_simulation_dialog_new  (GtkWindow          *parent,
                                                        SdSession          *session,
                                                        const SdTierLadder *proposed);
/* What was worked out; NULL until it is. */
const SdTierSimulation *sd_tier_simulation_dialog_get_simulation (SdTierSimulationDialog *self);
/* Whether it is working something out or saving. */
gboolean    sd_tier_simulation_dialog_get_busy  (SdTierSimulationDialog *self);

G_END_DECLS
