/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sms-window"

#include "sd-sms-window.h"

/* Minutes after local midnight of AT in ZONE. */
static int
local_minute (GTimeZone *zone,
              gint64     at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
}

gboolean
sd_sms_window_contains (const SdSmsWindow *window,
                        GTimeZone         *zone,
                        gint64             at)
{
  g_autoptr(GTimeZone) utc = NULL;
  int minute;

  g_return_val_if_fail (window != NULL, FALSE);

  if (window->start_minute == window->end_minute)
    return TRUE;
  if (zone == NULL)
    zone = utc = g_time_zone_new_utc ();
  minute = local_minute (zone, at);
  if (window->start_minute < window->end_minute)
    return minute >= window->start_minute && minute < window->end_minute;
  /* Wraps past midnight: 22:00–06:00. */
  return minute >= window->start_minute || minute < window->end_minute;
}

/* The first second after AT whose local time is MINUTE:00 in ZONE (today's, else
 * tomorrow's; a minute that a daylight-saving jump skips moves to the first one after). */
static gint64
next_local_minute (GTimeZone *zone,
                   gint64     at,
                   int        minute)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  for (int day = 0; day < 3; day++)
    {
      g_autoptr(GDateTime) base = g_date_time_add_days (local, day);
      g_autoptr(GDateTime) candidate = g_date_time_new (zone, g_date_time_get_year (base),
                                                        g_date_time_get_month (base),
                                                        g_date_time_get_day_of_month (base),
                                                        minute / 60, minute % 60, 0);
      gint64 t;

      if (candidate == NULL)
        continue;
      t = g_date_time_to_unix (candidate);
      if (t > at)
        return t;
    }
  g_return_val_if_reached (at + 24 * 3600);
}

gint64
sd_sms_window_next_opening (const SdSmsWindow *window,
                            GTimeZone         *zone,
                            gint64             at)
{
  g_autoptr(GTimeZone) utc = NULL;

  g_return_val_if_fail (window != NULL, at);

  if (zone == NULL)
    zone = utc = g_time_zone_new_utc ();
  if (sd_sms_window_contains (window, zone, at))
    return at;
  return next_local_minute (zone, at, window->start_minute);
}

gint64
sd_sms_window_next_closing (const SdSmsWindow *window,
                            GTimeZone         *zone,
                            gint64             at)
{
  g_autoptr(GTimeZone) utc = NULL;

  g_return_val_if_fail (window != NULL, at);

  if (window->start_minute == window->end_minute)
    return G_MAXINT64;
  if (zone == NULL)
    zone = utc = g_time_zone_new_utc ();
  if (!sd_sms_window_contains (window, zone, at))
    return at;
  return next_local_minute (zone, at, window->end_minute);
}
