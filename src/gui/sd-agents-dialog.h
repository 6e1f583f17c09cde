/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_AGENTS_DIALOG (sd_agents_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdAgentsDialog, sd_agents_dialog, SD, AGENTS_DIALOG, AdwWindow)

/* The customer-service agents by department: status (online, paused, offline) and since
 * when, conversations open against their limit, and how many the router gave them. Each
 * agent sets their own status here. A manager (conversations.all or staff.manage) also
 * sets every agent's limit and weight (saved as they change) and may take another agent
 * offline, which is all the core lets a manager do to someone else's status. */
GtkWidget *sd_agents_dialog_new (GtkWindow *parent,
                                 SdSession *session);

G_END_DECLS
