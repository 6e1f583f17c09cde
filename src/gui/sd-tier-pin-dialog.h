/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-tiers.h"

G_BEGIN_DECLS

#define SD_TYPE_TIER_PIN_DIALOG (sd_tier_pin_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdTierPinDialog, sd_tier_pin_dialog, SD, TIER_PIN_DIALOG, AdwMessageDialog)

/* Asks for the grade to pin a customer (called NAME) to, and why: the reason is required,
 * and "Pin Tier" stays off until there is one that fits (SD_TIER_REASON_MAX_CHARS).
 * LADDER names the grades; CURRENT (SD_TIER_NONE for none) is chosen first. Responses:
 * "cancel", "pin"; the caller saves the pin. */
SdTierPinDialog *sd_tier_pin_dialog_new        (GtkWindow          *parent,
                                                const char         *name,
                                                const SdTierLadder *ladder,
                                                int                 current);
int              sd_tier_pin_dialog_get_grade  (SdTierPinDialog    *self);
/* The reason, trimmed. */
char            *sd_tier_pin_dialog_dup_reason (SdTierPinDialog    *self);

G_END_DECLS
