/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_ROUTING_RULES_DIALOG (sd_routing_rules_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdRoutingRulesDialog, sd_routing_rules_dialog, SD, ROUTING_RULES_DIALOG, AdwWindow)

/* The shop's routing rules in order (match, keywords, department), with the "any" rule
 * last and fixed. A manager (conversations.all or staff.manage) adds, removes, reorders
 * and edits them and saves them all at once, checked by sd_routing_rules_check () first;
 * anyone else with conversations.own reads them. */
GtkWidget *sd_routing_rules_dialog_new (GtkWindow *parent,
                                        SdSession *session);

G_END_DECLS
