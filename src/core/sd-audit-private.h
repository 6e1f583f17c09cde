/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-audit.h"

G_BEGIN_DECLS

/* Appends an entry by a given account (0 and the typed name for a failed login under an
 * unknown name). Inside the caller's transaction when there is one, else in its own. */
gboolean _sd_audit_append_as (SdDb        *db,
                              gint64       staff_id,
                              const char  *staff_name,
                              const char  *action,
                              const char  *object_kind,
                              const char  *object_id,
                              const char  *detail,
                              GError     **error);
/* The hex SHA-256 that chains ENTRY to PREV_HASH. */
char    *_sd_audit_hash      (const char         *prev_hash,
                              const SdAuditEntry *entry);

G_END_DECLS
