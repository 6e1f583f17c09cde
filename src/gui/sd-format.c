/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-format"

#include <glib/gi18n.h>

#include "sd-format.h"
#include "sd-values.h"

static char *
format_local (gint64      utc,
              const char *format)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == 0)
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_utc (utc);
  if (dt == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (dt);
  return g_date_time_format (local, format);
}

char *
sd_format_datetime (gint64 utc)
{
  return format_local (utc, "%Y-%m-%d %H:%M");
}

char *
sd_format_date (gint64 utc)
{
  return format_local (utc, "%Y-%m-%d");
}

char *
sd_format_when (gint64 utc,
                gint64 now)
{
  gint64 ago = now - utc;

  if (utc == 0)
    return g_strdup ("—");
  if (ago < 0)
    return sd_format_date (utc);
  if (ago < 60)
    return g_strdup (_("just now"));
  if (ago < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", ago / 60),
                            (int) (ago / 60));
  if (ago < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", ago / 3600),
                            (int) (ago / 3600));
  if (ago < 30 * 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", ago / 86400),
                            (int) (ago / 86400));
  return sd_format_date (utc);
}

char *
sd_format_customers (gint64 count)
{
  g_autofree char *number = NULL;

  if (count < 0)
    return g_strdup ("");
  number = sd_format_count (count);
  /* TRANSLATORS: "12,345 customers" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer", "%s customers", (gulong) MIN (count, G_MAXLONG)),
                          number);
}
