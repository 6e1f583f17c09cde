/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"
#include "sd-tiers.h"

G_BEGIN_DECLS

#define SD_TYPE_TIER_RULE_DIALOG (sd_tier_rule_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdTierRuleDialog, sd_tier_rule_dialog, SD, TIER_RULE_DIALOG, AdwWindow)

/* Adds a custom tier rule (RULE NULL, PRIORITY suggested) or edits RULE: name, priority,
 * switched on, the condition (the shared condition editor). A preview, computed on a
 * worker thread a moment after each edit, shows each rule's customers now and after
 * saving, those with no custom tier, and how many customers change (listed in PARENT's
 * customer list by "Show" when PARENT is the main window). Saving and deleting run on a
 * worker thread; the core's refusals land at the field they concern.
 * Signal "saved" (a message for a toast) after the rule was added, changed or deleted;
 * the dialog then closes. */
SdTierRuleDialog *sd_tier_rule_dialog_new (GtkWindow        *parent,
                                           SdSession        *session,
                                           const SdTierRule *rule,
                                           int               priority);
/* Whether a preview, a save or a delete is under way or waiting to start. */
gboolean          sd_tier_rule_dialog_get_busy (SdTierRuleDialog *self);

G_END_DECLS
