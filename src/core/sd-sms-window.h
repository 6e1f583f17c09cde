/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The shop's sending hours: campaigns send only between START and END, minutes after
 * midnight in the shop's time zone (PROTOCOLS.md §5; default 08:00–20:00). START is inside,
 * END is not. START > END wraps past midnight (22:00–06:00); START == END means the whole
 * day. Pure functions: the caller gives the time and the zone. Parsing and showing the hours
 * is sd-sms-settings.h's (sd_sms_settings_parse_hours / _format_hours). */

typedef struct
{
  int start_minute;   /* 0 … 1439 */
  int end_minute;     /* 0 … 1439 */
} SdSmsWindow;

#define SD_SMS_WINDOW_DEFAULT_START (8 * 60)
#define SD_SMS_WINDOW_DEFAULT_END   (20 * 60)

/* Whether the minute of UTC second AT, in ZONE (NULL: UTC), is inside WINDOW. */
gboolean sd_sms_window_contains     (const SdSmsWindow *window,
                                     GTimeZone         *zone,
                                     gint64             at);
/* The first second at or after AT that is inside WINDOW: AT itself when inside, else the
 * next opening (which may be tomorrow, and honours daylight-saving changes of ZONE). */
gint64   sd_sms_window_next_opening (const SdSmsWindow *window,
                                     GTimeZone         *zone,
                                     gint64             at);
/* The first second after AT that is outside WINDOW (when the window closes); AT itself when
 * outside; G_MAXINT64 when the window is the whole day. */
gint64   sd_sms_window_next_closing (const SdSmsWindow *window,
                                     GTimeZone         *zone,
                                     gint64             at);
G_END_DECLS
