/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-kpi-format"

#include <glib/gi18n.h>
#include <math.h>

#include "sd-kpi-format.h"
#include "sd-values.h"

static char *
format_seconds (double value)
{
  gint64 seconds = (gint64) llround (value);

  if (seconds < 60)
    /* TRANSLATORS: a response time under a minute, in seconds */
    return g_strdup_printf (_("%lld s"), (long long) seconds);
  if (seconds < 3600)
    return g_strdup_printf ("%lld:%02lld", (long long) (seconds / 60), (long long) (seconds % 60));
  return g_strdup_printf ("%lld:%02lld:%02lld", (long long) (seconds / 3600), (long long) (seconds / 60 % 60),
                          (long long) (seconds % 60));
}

char *
sd_kpi_format_value (SdKpiFigure figure,
                     double      value)
{
  g_return_val_if_fail (figure < SD_KPI_N, NULL);

  if (isnan (value))
    return g_strdup ("–");
  switch (sd_kpi_figure_get_unit (figure))
    {
    case SD_KPI_UNIT_SECONDS:
      return format_seconds (value);
    case SD_KPI_UNIT_SHARE:
      /* TRANSLATORS: a share in percent, "55.6%" */
      return g_strdup_printf (_("%.1f%%"), value * 100);
    case SD_KPI_UNIT_RATIO:
      return g_strdup_printf ("%.2f", value);
    case SD_KPI_UNIT_FEN:
      return sd_format_money_display ((gint64) llround (value));
    case SD_KPI_UNIT_COUNT:
    default:
      return sd_format_count ((gint64) llround (value));
    }
}

char *
sd_kpi_format_bucket (gint64      start,
                      SdKpiBucket bucket)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (start);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, sd_shop_time_zone ()) : NULL;

  if (local == NULL)
    return g_strdup ("?");
  return g_date_time_format (local, bucket == SD_KPI_BY_MONTH ? "%Y-%m" : "%m-%d");
}
