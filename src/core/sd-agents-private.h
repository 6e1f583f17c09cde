/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-session.h"

G_BEGIN_DECLS

/* What agents' settings and the routing rules need: a manager, that is conversations.all
 * or staff.manage. FALSE with SD_ERROR_PERMISSION_DENIED naming conversations.all (and an
 * audit entry) otherwise. */
gboolean _sd_agents_require_manager (SdSession *session,
                                     GError   **error);

/* The index of TEXT among the N ids STRINGS, -1 when it is none of them: what the
 * _from_string functions of agents' status and routing matches share. */
int      _sd_agents_string_index    (const char * const *strings,
                                     int                 n,
                                     const char         *text);

G_END_DECLS
