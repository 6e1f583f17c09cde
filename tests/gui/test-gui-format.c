/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "sd-format.h"
#include "sd-gui-test-util.h"
#include "sd-values.h"

static void
test_when (void)
{
  /* 2025-11-22 00:00 Beijing */
  gint64 now = 1763740800;
  static const struct { gint64 ago; const char *text; } cases[] = {
    { 5, "just now" },
    { 59, "just now" },
    { 60, "1 minute ago" },
    { 5 * 60 + 3, "5 minutes ago" },
    { 3600, "1 hour ago" },
    { 23 * 3600, "23 hours ago" },
    { 86400, "1 day ago" },
    { 3 * 86400 + 10, "3 days ago" },
    { 29 * 86400, "29 days ago" },
    { 30 * 86400, "2025-10-23" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sd_format_when (now - cases[i].ago, now);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
  {
    g_autofree char *never = sd_format_when (0, now);
    g_autofree char *future = sd_format_when (now + 86400, now);
    g_assert_cmpstr (never, ==, "—");
    g_assert_cmpstr (future, ==, "2025-11-23");
  }
}

static void
test_dates (void)
{
  g_autofree char *dt = sd_format_datetime (1763740800 + 14 * 3600 + 5 * 60);
  g_autofree char *d = sd_format_date (1763740800);
  g_autofree char *none = sd_format_datetime (0);

  g_assert_cmpstr (dt, ==, "2025-11-22 14:05");
  g_assert_cmpstr (d, ==, "2025-11-22");
  g_assert_cmpstr (none, ==, "—");
}

static void
test_money_and_counts (void)
{
  static const struct { gint64 cents; const char *text; } money[] = {
    { 0, "¥0.00" }, { 5, "¥0.05" }, { 123450, "¥1,234.50" }, { 100000000, "¥1,000,000.00" },
    { -50, "-¥0.50" }, { -123456, "-¥1,234.56" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    {
      g_autofree char *text = sd_format_money_display (money[i].cents);
      g_assert_cmpstr (text, ==, money[i].text);
    }
  {
    g_autofree char *a = sd_format_count (0);
    g_autofree char *b = sd_format_count (999);
    g_autofree char *c = sd_format_count (1000);
    g_autofree char *d = sd_format_count (1234567);
    g_autofree char *e = sd_format_count (-1000);
    g_assert_cmpstr (a, ==, "0");
    g_assert_cmpstr (b, ==, "999");
    g_assert_cmpstr (c, ==, "1,000");
    g_assert_cmpstr (d, ==, "1,234,567");
    g_assert_cmpstr (e, ==, "-1,000");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui/format/when", test_when);
  g_test_add_func ("/gui/format/dates", test_dates);
  g_test_add_func ("/gui/format/money-and-counts", test_money_and_counts);
  return g_test_run ();
}
