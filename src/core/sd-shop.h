/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* A new shop: its database file created at PATH (which must not exist yet), named, with
 * its owner's account (主账号): OWNER_NAME is what the owner types to log in, PASSWORD at
 * least SD_PASSWORD_MIN_LENGTH characters. Returns the owner's session on the new shop. */
SdSession *sd_shop_create         (const char  *path,
                                   const char  *shop_name,
                                   const char  *owner_name,
                                   const char  *password,
                                   GError     **error);
/* A path in the user's data folder where no shop is yet, named after the shop. */
char     *sd_shop_suggest_path    (const char  *shop_name);
/* The shop's name for the login page, readable before anyone logs in; "" when never named. */
char     *sd_shop_read_name       (SdDb        *db);
/* The shop's name; "" when it was never named (a file the CLI made). */
char     *sd_shop_get_name        (SdSession   *session);
gboolean  sd_shop_set_name        (SdSession   *session,
                                   const char  *name,
                                   GError     **error);

G_END_DECLS
