/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-db.h"

G_BEGIN_DECLS

#define SD_TYPE_SESSION (sd_session_get_type ())

G_DECLARE_FINAL_TYPE (SdSession, sd_session, SD, SESSION, GObject)

/* The acting staff account on an open shop. Every core call that reads or changes shop
 * data takes one, so that permission checks have one place to live. */
SdSession  *sd_session_new_owner       (SdDb       *db,
                                        GError    **error);
SdDb       *sd_session_get_db          (SdSession  *self);
gint64      sd_session_get_staff_id    (SdSession  *self);
const char *sd_session_get_staff_name  (SdSession  *self);
gboolean    sd_session_is_owner        (SdSession  *self);

G_END_DECLS
