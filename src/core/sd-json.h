/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Members of the objects the CLI prints and the exports write. */
void sd_json_add_string    (JsonBuilder *builder,
                            const char  *key,
                            const char  *value);
void sd_json_add_int       (JsonBuilder *builder,
                            const char  *key,
                            gint64       value);
void sd_json_add_bool      (JsonBuilder *builder,
                            const char  *key,
                            gboolean     value);
/* ISO 8601 with the shop's offset (2024-05-01T12:00:00+08:00), or null for 0. */
void sd_json_add_iso_time  (JsonBuilder *builder,
                            const char  *key,
                            gint64       utc);
/* As a spreadsheet and our import read it (2024-05-01 12:00:00, Beijing time), "" for 0. */
void sd_json_add_shop_time (JsonBuilder *builder,
                            const char  *key,
                            gint64       utc);

/* What BUILDER built, as indented text. */
char *sd_json_to_text      (JsonBuilder *builder);

G_END_DECLS
