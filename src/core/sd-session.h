/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-db.h"
#include "sd-permission.h"

G_BEGIN_DECLS

#define SD_TYPE_SESSION (sd_session_get_type ())

G_DECLARE_FINAL_TYPE (SdSession, sd_session, SD, SESSION, GObject)

/* Wrong passwords in a row that lock an account, and for how long. */
#define SD_LOGIN_MAX_FAILURES  5
#define SD_LOGIN_LOCK_SECONDS  (15 * 60)
#define SD_PASSWORD_MIN_LENGTH 8

/* Whether the shop has an account to log in to. A shop made before accounts existed has
 * none until sd_session_claim_shop() gives its owner a name and password. */
gboolean    sd_session_shop_has_accounts (SdDb      *db);

/* The acting staff account on an open shop, after its name and password were checked.
 * NAME is what the person types: the owner's name, a sub-account's part after the colon,
 * or the whole "shop:name". Every attempt is audited; SD_LOGIN_MAX_FAILURES wrong
 * passwords in a row lock the account for SD_LOGIN_LOCK_SECONDS.
 * Errors: SD_ERROR_AUTH_FAILED (unknown name or wrong password: the message does not say
 * which), SD_ERROR_ACCOUNT_LOCKED, SD_ERROR_ACCOUNT_DISABLED. */
SdSession  *sd_session_login           (SdDb       *db,
                                        const char *name,
                                        const char *password,
                                        GError    **error);
/* A shop without accounts: makes its owner account NAME with PASSWORD and logs in. */
SdSession  *sd_session_claim_shop      (SdDb       *db,
                                        const char *owner_name,
                                        const char *password,
                                        GError    **error);
/* The same account on another connection to the same shop (a worker thread's). */
SdSession  *sd_session_open_on         (SdSession  *self,
                                        SdDb       *db,
                                        GError    **error);
/* The same account on a new connection of its own to the same shop file: what a worker
 * thread reads and writes with. The new session holds its connection. */
SdSession  *sd_session_open_copy       (SdSession  *self,
                                        GError    **error);
/* Audits the log-out; the session refuses every call after it. */
void        sd_session_logout          (SdSession  *self);

SdDb       *sd_session_get_db          (SdSession  *self);
gint64      sd_session_get_staff_id    (SdSession  *self);
/* The login the person typed ("小王"); the full name is "shop:小王". */
const char *sd_session_get_staff_name  (SdSession  *self);
const char *sd_session_get_full_name   (SdSession  *self);
const char *sd_session_get_display_name (SdSession *self);
gboolean    sd_session_is_owner        (SdSession  *self);
/* TRUE after a reset by the owner: until sd_session_change_password(), every other call
 * fails with SD_ERROR_PASSWORD_CHANGE_REQUIRED. */
gboolean    sd_session_must_change_password (SdSession *self);

/* The account's permissions now (re-read from the shop, so that a change by the owner
 * counts at once). conversations.all implies conversations.own, reports.all reports.own. */
SdPermissionSet sd_session_get_permissions (SdSession *self);
gboolean    sd_session_can             (SdSession  *self,
                                        SdPermission permission);
/* FALSE with SD_ERROR_PERMISSION_DENIED naming the permission, and an audit entry, when
 * the account may not. What every core call that reads or changes shop data starts with. */
gboolean    sd_session_require         (SdSession  *self,
                                        SdPermission permission,
                                        GError    **error);

/* Needs the current password; the new one has at least SD_PASSWORD_MIN_LENGTH characters
 * and differs from the old. */
gboolean    sd_session_change_password (SdSession  *self,
                                        const char *old_password,
                                        const char *new_password,
                                        GError    **error);

G_END_DECLS
