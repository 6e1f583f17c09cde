/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* What the chat administration dialogs (quick replies, routing rules, agents) share: who
 * counts as a manager there, and the shop's departments by name. */

/* Whether SESSION manages customer service as the core judges it for shared quick replies,
 * routing rules and other agents' settings: conversations.all or staff.manage. */
gboolean       sd_chat_admin_is_manager        (SdSession  *session);
/* The shop's departments (SdDepartment *) as SESSION may list them; empty, never NULL,
 * when it may not (the names then read "Department 3"). */
GPtrArray     *sd_chat_admin_departments       (SdSession  *session);
/* The name of department ID among DEPARTMENTS: "No department" for 0, "Department 3" for
 * one not listed. */
char          *sd_chat_admin_department_name   (GPtrArray  *departments,
                                                gint64      id);
/* The index of department ID in DEPARTMENTS, or -1. */
int            sd_chat_admin_department_index  (GPtrArray  *departments,
                                                gint64      id);
/* DEPARTMENTS' names in their order, for a combo row or drop-down. */
GtkStringList *sd_chat_admin_department_model  (GPtrArray  *departments);
/* A flat icon-only button for a row's suffix: ICON, TOOLTIP (also what a screen reader
 * says) and NAME (its widget name). */
GtkWidget     *sd_chat_admin_row_button        (const char *icon,
                                                const char *tooltip,
                                                const char *name);

G_END_DECLS
