/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-permission.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* How the GUI shows what the acting account may not do: the core refuses it anyway; the
 * GUI hides the control, or leaves it insensitive with a tooltip naming the permission. */

/* Whether SESSION (NULL: nobody) holds PERMISSION. */
gboolean  sd_permission_ui_can      (SdSession    *session,
                                     SdPermission  permission);
/* "Needs the “Export customers” permission", translated. */
char     *sd_permission_ui_tooltip  (SdPermission  permission);
/* Gives WIDGET its TOOLTIP when SESSION holds PERMISSION, and the tooltip naming the
 * permission when not; whether it holds it. Sensitivity is the caller's (or the action's,
 * for a button bound to one). */
gboolean  sd_permission_ui_explain  (GtkWidget    *widget,
                                     SdSession    *session,
                                     SdPermission  permission,
                                     const char   *tooltip);

/* A row the account may not edit: read only, without the pencil that invites typing
 * (libadwaita 1.2 shows it whatever the row's editability). */
void      sd_permission_ui_set_row_editable (AdwEntryRow *row,
                                             gboolean     editable);

G_END_DECLS
