/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "sd-sms-window.h"

/* UTC second of LOCAL time Y-M-D h:m:s in UTC+8 (the shop's zone). */
static gint64
at8 (int y, int mo, int d, int h, int mi, int s)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) dt = g_date_time_new (zone, y, mo, d, h, mi, s);

  return g_date_time_to_unix (dt);
}

static void
test_day_window_edges (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  SdSmsWindow w = { 8 * 60, 20 * 60 };

  g_assert_false (sd_sms_window_contains (&w, zone, at8 (2026, 3, 1, 7, 59, 59)));
  g_assert_true (sd_sms_window_contains (&w, zone, at8 (2026, 3, 1, 8, 0, 0)));
  g_assert_true (sd_sms_window_contains (&w, zone, at8 (2026, 3, 1, 19, 59, 59)));
  g_assert_false (sd_sms_window_contains (&w, zone, at8 (2026, 3, 1, 20, 0, 0)));

  /* Inside: the opening is now; closing at 20:00 the same day. */
  g_assert_cmpint (sd_sms_window_next_opening (&w, zone, at8 (2026, 3, 1, 12, 0, 0)), ==, at8 (2026, 3, 1, 12, 0, 0));
  g_assert_cmpint (sd_sms_window_next_closing (&w, zone, at8 (2026, 3, 1, 12, 0, 0)), ==, at8 (2026, 3, 1, 20, 0, 0));
  /* Before the opening: today at 08:00; after closing: tomorrow at 08:00, also across
   * a month's end. */
  g_assert_cmpint (sd_sms_window_next_opening (&w, zone, at8 (2026, 3, 1, 7, 59, 59)), ==, at8 (2026, 3, 1, 8, 0, 0));
  g_assert_cmpint (sd_sms_window_next_opening (&w, zone, at8 (2026, 3, 1, 20, 0, 0)), ==, at8 (2026, 3, 2, 8, 0, 0));
  g_assert_cmpint (sd_sms_window_next_opening (&w, zone, at8 (2026, 3, 31, 23, 30, 0)), ==, at8 (2026, 4, 1, 8, 0, 0));
  g_assert_cmpint (sd_sms_window_next_opening (&w, zone, at8 (2026, 12, 31, 21, 0, 0)), ==, at8 (2027, 1, 1, 8, 0, 0));
  /* Outside: closing is now. */
  g_assert_cmpint (sd_sms_window_next_closing (&w, zone, at8 (2026, 3, 1, 21, 0, 0)), ==, at8 (2026, 3, 1, 21, 0, 0));
}

static void
test_across_midnight (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  SdSmsWindow w = { 22 * 60, 6 * 60 };   /* 22:00–06:00 */

  g_assert_true (sd_sms_window_contains (&w, zone, at8 (2026, 3, 1, 22, 0, 0)));
  g_assert_true (sd_sms_window_contains (&w, zone, at8 (2026, 3, 1, 23, 59, 59)));
  g_assert_true (sd_sms_window_contains (&w, zone, at8 (2026, 3, 2, 0, 0, 0)));
  g_assert_true (sd_sms_window_contains (&w, zone, at8 (2026, 3, 2, 5, 59, 59)));
  g_assert_false (sd_sms_window_contains (&w, zone, at8 (2026, 3, 2, 6, 0, 0)));
  g_assert_false (sd_sms_window_contains (&w, zone, at8 (2026, 3, 2, 21, 59, 59)));

  /* At 06:00 the next opening is 22:00 the same day; at 23:00 it is open until 06:00
   * tomorrow; at 01:00 until 06:00 today. */
  g_assert_cmpint (sd_sms_window_next_opening (&w, zone, at8 (2026, 3, 2, 6, 0, 0)), ==, at8 (2026, 3, 2, 22, 0, 0));
  g_assert_cmpint (sd_sms_window_next_closing (&w, zone, at8 (2026, 3, 1, 23, 0, 0)), ==, at8 (2026, 3, 2, 6, 0, 0));
  g_assert_cmpint (sd_sms_window_next_closing (&w, zone, at8 (2026, 3, 2, 1, 0, 0)), ==, at8 (2026, 3, 2, 6, 0, 0));
}

static void
test_zone_and_whole_day (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  SdSmsWindow w = { 8 * 60, 20 * 60 };
  SdSmsWindow all = { 0, 0 };
  /* 01:00 UTC is 09:00 in Beijing: open there, closed in UTC. */
  gint64 t = at8 (2026, 3, 1, 9, 0, 0);

  g_assert_true (sd_sms_window_contains (&w, zone, t));
  g_assert_false (sd_sms_window_contains (&w, NULL, t));
  g_assert_cmpint (sd_sms_window_next_opening (&w, NULL, t), ==, t + 7 * 3600);

  g_assert_true (sd_sms_window_contains (&all, zone, t));
  g_assert_cmpint (sd_sms_window_next_closing (&all, zone, t), ==, G_MAXINT64);
}

static void
test_daylight_saving (void)
{
  /* A zone with daylight saving: in New York 2026-03-08 02:00 jumps to 03:00. A window
   * opening at 02:30 opens at the first moment after the jump that day. */
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  SdSmsWindow w = { 2 * 60 + 30, 20 * 60 };
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) opening_utc = NULL;
  g_autoptr(GDateTime) opening = NULL;
  gint64 t;

  if (ny == NULL)
    {
      g_test_skip ("no America/New_York in the time zone database");
      return;
    }
  before = g_date_time_new (ny, 2026, 3, 8, 1, 0, 0);
  t = sd_sms_window_next_opening (&w, ny, g_date_time_to_unix (before));
  opening_utc = g_date_time_new_from_unix_utc (t);
  opening = g_date_time_to_timezone (opening_utc, ny);
  g_assert_cmpint (g_date_time_get_day_of_month (opening), ==, 8);
  g_assert_true (sd_sms_window_contains (&w, ny, t));
  g_assert_cmpint (t - g_date_time_to_unix (before), <=, 2 * 3600);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sms-window/day-edges", test_day_window_edges);
  g_test_add_func ("/sms-window/across-midnight", test_across_midnight);
  g_test_add_func ("/sms-window/zone-and-whole-day", test_zone_and_whole_day);
  g_test_add_func ("/sms-window/daylight-saving", test_daylight_saving);
  return g_test_run ();
}
