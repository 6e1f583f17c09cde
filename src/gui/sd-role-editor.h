/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_ROLE_EDITOR (sd_role_editor_get_type ())
G_DECLARE_FINAL_TYPE (SdRoleEditor, sd_role_editor, SD, ROLE_EDITOR, AdwWindow)

/* A role's name and permissions, grouped by area, one switch a permission. ROLE_ID 0
 * makes a new role. Read-only for the Owner role and for the role SESSION's account
 * holds; a permission that account lacks cannot be switched (its tooltip names it).
 * Save applies the changes in one sd_roles_change (). Signal "changed" (a message for a
 * toast) after a change landed. */
SdRoleEditor *sd_role_editor_new          (GtkWindow    *parent,
                                           SdSession    *session,
                                           gint64        role_id);
/* The role edited, or the one just made; 0 before. */
gint64        sd_role_editor_get_role_id  (SdRoleEditor *self);

G_END_DECLS
