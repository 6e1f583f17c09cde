/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_TIER_RULES_GROUP (sd_tier_rules_group_get_type ())
G_DECLARE_FINAL_TYPE (SdTierRulesGroup, sd_tier_rules_group, SD, TIER_RULES_GROUP, AdwPreferencesGroup)

/* "Custom Tiers": the shop's tier rules by priority, each with its condition, how many
 * customers hold it and a switch; "Add Rule…" and a click on a rule open the rule dialog
 * (with its preview); switching a rule and deleting one ask first, naming how many
 * customers it moves. Without tiers.manage the list is read only. Reading and every change
 * run on a worker thread. Toasts go to the nearest AdwToastOverlay above the group.
 * Signal "changed" (no arguments) after a rule was added, changed or deleted. */
GtkWidget *sd_tier_rules_group_new         (void);
/* The account the group acts as; NULL empties it. */
void       sd_tier_rules_group_set_session (SdTierRulesGroup *self,
                                            SdSession        *session);
/* Reads the rules and their counts again (after a recompute, an import). */
void       sd_tier_rules_group_reload      (SdTierRulesGroup *self);
/* Whether a read or a change is under way. */
gboolean   sd_tier_rules_group_get_busy    (SdTierRulesGroup *self);

G_END_DECLS
