/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parsers for the values shops type and export. Each returns FALSE with a message for a
 * person (without the location, which the caller knows) when the text is not one. */
gboolean  sd_parse_money       (const char  *text,
                                gint64      *out_cents,
                                char       **out_message);
gboolean  sd_parse_time        (const char  *text,
                                gint64      *out_utc,
                                char       **out_message);
gboolean  sd_parse_date        (const char  *text,
                                char       **out_iso_date,
                                char       **out_message);
gboolean  sd_parse_count       (const char  *text,
                                gint64      *out_count,
                                char       **out_message);
gboolean  sd_parse_bool        (const char  *text,
                                gboolean    *out_value);
gboolean  sd_email_is_valid    (const char  *text);

char     *sd_format_money      (gint64       cents);
/* 1234567 → "1,234,567" */
char     *sd_format_count      (gint64       value);
/* 123450 → "¥1,234.50", as people read money */
char     *sd_format_money_display (gint64    cents);
char     *sd_format_time_iso   (gint64       utc);
GTimeZone *sd_shop_time_zone   (void);

G_END_DECLS
