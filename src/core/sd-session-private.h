/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-session.h"

G_BEGIN_DECLS

/* A session for an account without its password: for the core itself (after a login or a
 * new shop) and tests. Never for the GUI or the CLI. */
SdSession *_sd_session_new_for          (SdDb         *db,
                                         gint64        staff_id,
                                         GError      **error);
/* Inside a transaction: the shop's main account, new or (an old shop's) given its name and
 * password. Returns its id. */
gint64     _sd_session_add_owner        (SdDb         *db,
                                         const char   *owner_name,
                                         const char   *password,
                                         GError      **error);
/* FALSE with an error once the session is logged out (SD_ERROR_PERMISSION_DENIED) or its
 * account disabled (SD_ERROR_ACCOUNT_DISABLED): what calls on one's own account check,
 * which need no permission. */
gboolean   _sd_session_check_active     (SdSession    *self,
                                         GError      **error);
/* Audits a refused call and sets SD_ERROR_PERMISSION_DENIED naming PERMISSION. */
gboolean   _sd_session_refuse           (SdSession    *self,
                                         SdPermission  permission,
                                         const char   *what,
                                         GError      **error);
void       _sd_session_set_display_name (SdSession    *self,
                                         const char   *display_name);

G_END_DECLS
