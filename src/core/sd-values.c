/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-values"

#include "sd-i18n.h"

#include <stdlib.h>

#include "sd-values.h"

GTimeZone *
sd_shop_time_zone (void)
{
  static gsize zone;

  /* Taobao's reports and API speak Beijing time, whatever the desktop's zone. */
  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, (gsize) g_time_zone_new_offset (8 * 3600));
  return (GTimeZone *) zone;
}

static const char *
skip_prefix (const char *p,
             const char *prefix)
{
  gsize len = strlen (prefix);

  return strncmp (p, prefix, len) == 0 ? p + len : p;
}

gboolean
sd_parse_money (const char  *text,
                gint64      *out_cents,
                char       **out_message)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  const char *p = copy;
  gint64 units = 0, cents = 0;
  int fraction_digits = 0;
  gboolean any_digit = FALSE, in_fraction = FALSE;

  p = skip_prefix (p, "¥");
  p = skip_prefix (p, "￥");
  p = skip_prefix (p, "RMB");
  while (*p == ' ')
    p++;

  if (*p == '-')
    {
      *out_message = g_strdup_printf (_("“%s” is a negative amount of money"), copy);
      return FALSE;
    }

  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          any_digit = TRUE;
          if (in_fraction)
            {
              if (++fraction_digits > 2)
                {
                  *out_message = g_strdup_printf (_("“%s” has more than two decimals"), copy);
                  return FALSE;
                }
              cents = cents * 10 + (*p - '0');
            }
          else
            {
              if (units > G_MAXINT64 / 1000)
                {
                  *out_message = g_strdup_printf (_("“%s” is too large an amount"), copy);
                  return FALSE;
                }
              units = units * 10 + (*p - '0');
            }
        }
      else if (*p == ',' && !in_fraction)
        continue;
      else if (*p == '.' && !in_fraction)
        in_fraction = TRUE;
      else if (strcmp (p, "元") == 0)
        break;
      else
        {
          *out_message = g_strdup_printf (_("“%s” is not an amount of money"), copy);
          return FALSE;
        }
    }

  if (!any_digit)
    {
      *out_message = *copy ? g_strdup_printf (_("“%s” is not an amount of money"), copy)
                           : g_strdup (_("the amount is empty"));
      return FALSE;
    }
  if (fraction_digits == 1)
    cents *= 10;
  *out_cents = units * 100 + cents;
  return TRUE;
}

gboolean
sd_parse_count (const char  *text,
                gint64      *out_count,
                char       **out_message)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  char *end = NULL;
  gint64 value;

  if (*copy == '\0')
    {
      *out_message = g_strdup (_("the number is empty"));
      return FALSE;
    }
  value = g_ascii_strtoll (copy, &end, 10);
  if (end == copy || *end != '\0' || value < 0)
    {
      *out_message = g_strdup_printf (_("“%s” is not a whole number of 0 or more"), copy);
      return FALSE;
    }
  *out_count = value;
  return TRUE;
}

static gboolean
read_number (const char **p,
             int          max_digits,
             int         *out)
{
  int value = 0, digits = 0;

  while (g_ascii_isdigit (**p) && digits < max_digits)
    {
      value = value * 10 + (**p - '0');
      (*p)++;
      digits++;
    }
  *out = value;
  return digits > 0;
}

/* Accepts what Excel, WPS and the platforms write: 2024-05-01 12:00:00, 2024/5/1 12:00,
 * 2024-05-01, 2024-05-01T12:00:00+08:00 or Z, 2024年5月1日 12:00. Times without a zone are
 * Beijing time. */
gboolean
sd_parse_time (const char  *text,
               gint64      *out_utc,
               char       **out_message)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) dt = NULL;
  const char *p = copy;
  int year, month, day, hour = 0, minute = 0, second = 0;

  if (*copy == '\0')
    {
      *out_message = g_strdup (_("the time is empty"));
      return FALSE;
    }

  if (!read_number (&p, 4, &year) || (*p != '-' && *p != '/' && strncmp (p, "年", 3) != 0))
    goto bad;
  p += (*p == '-' || *p == '/') ? 1 : 3;
  if (!read_number (&p, 2, &month) || (*p != '-' && *p != '/' && strncmp (p, "月", 3) != 0))
    goto bad;
  p += (*p == '-' || *p == '/') ? 1 : 3;
  if (!read_number (&p, 2, &day))
    goto bad;
  if (strncmp (p, "日", 3) == 0)
    p += 3;

  if (*p == ' ' || *p == 'T')
    {
      while (*p == ' ' || *p == 'T')
        p++;
      if (!read_number (&p, 2, &hour) || *p != ':')
        goto bad;
      p++;
      if (!read_number (&p, 2, &minute))
        goto bad;
      if (*p == ':')
        {
          p++;
          if (!read_number (&p, 2, &second))
            goto bad;
          if (*p == '.')
            for (p++; g_ascii_isdigit (*p); p++)
              ;
        }
    }

  if (*p == '\0')
    zone = g_time_zone_ref (sd_shop_time_zone ());
  else if (*p == 'Z' && p[1] == '\0')
    zone = g_time_zone_new_utc ();
  else if ((*p == '+' || *p == '-') && strlen (p) == 6 && p[3] == ':')
    zone = g_time_zone_new_identifier (p);
  else
    goto bad;
  if (zone == NULL)
    goto bad;

  dt = g_date_time_new (zone, year, month, day, hour, minute, second);
  if (dt == NULL)
    goto bad;
  *out_utc = g_date_time_to_unix (dt);
  return TRUE;

bad:
  *out_message = g_strdup_printf (_("“%s” is not a date and time (expected e.g. 2024-05-01 13:45:00)"), copy);
  return FALSE;
}

gboolean
sd_parse_date (const char  *text,
               char       **out_iso_date,
               char       **out_message)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  const char *p = copy;
  int year, month, day;

  if (*copy == '\0')
    {
      *out_iso_date = g_strdup ("");
      return TRUE;
    }
  if (read_number (&p, 4, &year) && p - copy == 4 && (*p == '-' || *p == '/' || strncmp (p, "年", 3) == 0))
    {
      p += (*p == '-' || *p == '/') ? 1 : 3;
      if (read_number (&p, 2, &month) && (*p == '-' || *p == '/' || strncmp (p, "月", 3) == 0))
        {
          p += (*p == '-' || *p == '/') ? 1 : 3;
          if (read_number (&p, 2, &day) && (*p == '\0' || strcmp (p, "日") == 0) &&
              year >= 1900 && year <= 2100 && g_date_valid_dmy (day, month, year))
            {
              *out_iso_date = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
              return TRUE;
            }
        }
    }
  else if (strlen (copy) == 8 && (p = copy, read_number (&p, 8, &year)) && *p == '\0')
    {
      int ymd = year;
      year = ymd / 10000, month = ymd / 100 % 100, day = ymd % 100;
      if (year >= 1900 && year <= 2100 && g_date_valid_dmy (day, month, year))
        {
          *out_iso_date = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
          return TRUE;
        }
    }
  *out_message = g_strdup_printf (_("“%s” is not a date (expected e.g. 1990-05-01)"), copy);
  return FALSE;
}

gboolean
sd_parse_bool (const char *text,
               gboolean   *out_value)
{
  static const char *yes[] = { "1", "yes", "y", "true", "是", "已退订", "退订", "opted out" };
  static const char *no[] = { "", "0", "no", "n", "false", "否" };
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (g_ascii_strcasecmp (copy, yes[i]) == 0)
      return (*out_value = TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (g_ascii_strcasecmp (copy, no[i]) == 0)
      {
        *out_value = FALSE;
        return TRUE;
      }
  return FALSE;
}

gboolean
sd_email_is_valid (const char *text)
{
  const char *at, *dot;

  if (text == NULL || strchr (text, ' ') != NULL)
    return FALSE;
  at = strchr (text, '@');
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;
  dot = strrchr (at, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

char *
sd_format_money (gint64 cents)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", cents < 0 ? "-" : "",
                          ABS (cents / 100), (int) (ABS (cents) % 100));
}

char *
sd_format_count (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (value));
  GString *out = g_string_new (value < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
sd_format_money_display (gint64 cents)
{
  g_autofree char *units = sd_format_count (ABS (cents / 100));

  return g_strdup_printf ("%s¥%s.%02d", cents < 0 ? "-" : "", units, (int) (ABS (cents) % 100));
}

char *
sd_format_time_iso (gint64 utc)
{
  g_autoptr(GDateTime) dt = NULL;

  if (utc == 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_utc (utc);
  if (dt == NULL)
    return g_strdup ("");
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, sd_shop_time_zone ());
    return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  }
}
