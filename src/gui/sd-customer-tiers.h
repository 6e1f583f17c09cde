/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"
#include "sd-settings.h"
#include "sd-tiers.h"

G_BEGIN_DECLS

#define SD_TYPE_CUSTOMER_TIERS (sd_customer_tiers_get_type ())
G_DECLARE_FINAL_TYPE (SdCustomerTiers, sd_customer_tiers, SD, CUSTOMER_TIERS, AdwBin)

/* A customer's standing, in the detail: the tier badge (the grade's name, "Pinned" with the
 * reason on hover, the custom tier), the RFM group with its scores, "Pin Tier…" and
 * "Unpin" for accounts with tiers.manage, and the tier history, newest first. Signal
 * "changed" (gint64 id) after a pin or an unpin is saved. */
GtkWidget *sd_customer_tiers_new          (void);
void       sd_customer_tiers_set_session  (SdCustomerTiers *self,
                                           SdSession       *session,
                                           SdSettings      *settings);
/* Reads customer ID's tier, scores and history and shows them; NAME is what dialogs call
 * the customer. */
void       sd_customer_tiers_show         (SdCustomerTiers *self,
                                           gint64           id,
                                           const char      *name);
/* Reads the account's permissions again: pinning needs tiers.manage. */
void       sd_customer_tiers_update_permissions (SdCustomerTiers *self);

/* "Member → VIP member" or, for a change of the custom tier only, "Custom tier: none →
 * 高价值客户": what a history entry changed, with LADDER's names and RULES' (SdTierRule *,
 * NULL: none known) for the custom tiers. Pure, for the timeline and its tests. */
char      *sd_customer_tiers_describe_change (const SdTierLadder *ladder,
                                              GPtrArray          *rules,
                                              const SdTierChange *change,
                                              char              **out_custom);

G_END_DECLS
