/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-format.h"

#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms):
 * GDateTime would do, but it allocates, and the serving rate is measured. */
static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

static void
civil_from_days (gint64  z,
                 gint64 *out_y,
                 guint  *out_m,
                 guint  *out_d)
{
  gint64 era;
  guint doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (guint) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *out_d = doy - (153 * mp + 2) / 5 + 1;
  *out_m = mp < 10 ? mp + 3 : mp - 9;
  *out_y = (gint64) yoe + era * 400 + (*out_m <= 2);
}

static void
append_digits (GString *out,
               guint    value,
               guint    width)
{
  char buf[8];

  g_assert (width <= sizeof buf);
  for (guint i = width; i > 0; i--)
    {
      buf[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }
  g_string_append_len (out, buf, width);
}

/* "yyyy-MM-dd" then @sep then "HH:mm:ss", in GMT+8. */
static void
append_local_time (GString *out,
                   gint64   unix_time,
                   char     sep)
{
  gint64 local = unix_time + SD_SIM_UTC_OFFSET;
  gint64 days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  guint secs = (guint) (local - days * 86400);
  gint64 y;
  guint m, d;

  civil_from_days (days, &y, &m, &d);
  append_digits (out, (guint) CLAMP (y, 0, 9999), 4);
  g_string_append_c (out, '-');
  append_digits (out, m, 2);
  g_string_append_c (out, '-');
  append_digits (out, d, 2);
  g_string_append_c (out, sep);
  append_digits (out, secs / 3600, 2);
  g_string_append_c (out, ':');
  append_digits (out, secs / 60 % 60, 2);
  g_string_append_c (out, ':');
  append_digits (out, secs % 60, 2);
}

void
sd_sim_append_int (GString *out,
                   gint64   value)
{
  char buf[24];
  guint i = sizeof buf;
  guint64 v = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      buf[--i] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  if (value < 0)
    buf[--i] = '-';
  g_string_append_len (out, buf + i, (gssize) (sizeof buf - i));
}

/* A JSON string literal. Only quotes, backslashes and control characters need escaping;
 * UTF-8 (the Chinese titles and names) goes through as it is. */
void
sd_sim_append_string (GString    *out,
                      const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else
        g_string_append_printf (out, "\\u%04x", c);
      run = p + 1;
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

/* Money as both platforms send it: a decimal string with two places, "148.00". */
void
sd_sim_append_money (GString *out,
                     gint64   cents)
{
  g_string_append_c (out, '"');
  if (cents < 0)
    {
      g_string_append_c (out, '-');
      cents = -cents;
    }
  sd_sim_append_int (out, cents / 100);
  g_string_append_c (out, '.');
  append_digits (out, (guint) (cents % 100), 2);
  g_string_append_c (out, '"');
}

/* "2026-11-01 12:00:00" in GMT+8, quoted: TOP's format. */
void
sd_sim_append_top_time (GString *out,
                        gint64   unix_time)
{
  g_string_append_c (out, '"');
  append_local_time (out, unix_time, ' ');
  g_string_append_c (out, '"');
}

/* "2026-11-01T12:00:00+08:00", quoted: Shopify's format for a shop in China. */
void
sd_sim_append_iso_time (GString *out,
                        gint64   unix_time)
{
  g_string_append_c (out, '"');
  append_local_time (out, unix_time, 'T');
  g_string_append (out, "+08:00\"");
}

/* `"name":` — member names here never need escaping. */
void
sd_sim_append_member (GString    *out,
                      const char *name)
{
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

/* `"name":`, after a comma unless it is the first member of the object that @out had
 * opened when it was @open bytes long (just after its '{'). */
void
sd_sim_append_next_member (GString    *out,
                           gsize       open,
                           const char *name)
{
  if (out->len > open)
    g_string_append_c (out, ',');
  sd_sim_append_member (out, name);
}

static gboolean
parse_fixed_digits (const char **p,
                    guint        width,
                    guint       *out_value)
{
  guint value = 0;

  for (guint i = 0; i < width; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + (guint) ((*p)[i] - '0');
    }
  *p += width;
  *out_value = value;
  return TRUE;
}

static gboolean
expect_char (const char **p,
             char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

/* "yyyy-MM-dd" @sep "HH:mm:ss" into seconds since the epoch of that wall time read as UTC;
 * *p is left after the seconds. */
static gboolean
parse_wall_time (const char **p,
                 char         sep,
                 gint64      *out_wall)
{
  guint y, mo, d, h, mi, s;

  if (!parse_fixed_digits (p, 4, &y) || !expect_char (p, '-') || !parse_fixed_digits (p, 2, &mo)
      || !expect_char (p, '-') || !parse_fixed_digits (p, 2, &d) || !expect_char (p, sep)
      || !parse_fixed_digits (p, 2, &h) || !expect_char (p, ':') || !parse_fixed_digits (p, 2, &mi)
      || !expect_char (p, ':') || !parse_fixed_digits (p, 2, &s))
    return FALSE;
  if (mo < 1 || mo > 12 || d < 1 || d > (guint) g_date_get_days_in_month (mo, (GDateYear) y)
      || h > 23 || mi > 59 || s > 59)
    return FALSE;
  *out_wall = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return TRUE;
}

/* TOP's "yyyy-MM-dd HH:mm:ss", read as GMT+8; nothing else is accepted. */
gboolean
sd_sim_parse_top_time (const char *text,
                       gint64     *out_unix)
{
  const char *p = text;
  gint64 wall;

  if (text == NULL || !parse_wall_time (&p, ' ', &wall) || *p != '\0')
    return FALSE;
  *out_unix = wall - SD_SIM_UTC_OFFSET;
  return TRUE;
}

/* ISO 8601 as Shopify takes it in filters: "2026-11-01T12:00:00+08:00", "…Z", fractions of a
 * second (dropped), no offset (the shop's zone, GMT+8), or a bare date (its midnight). */
gboolean
sd_sim_parse_iso_time (const char *text,
                       gint64     *out_unix)
{
  g_autofree char *full = NULL;
  const char *p;
  gint64 wall, offset = SD_SIM_UTC_OFFSET;

  if (text == NULL)
    return FALSE;
  if (strlen (text) == 10)
    text = full = g_strconcat (text, "T00:00:00", NULL);
  p = text;
  if (!parse_wall_time (&p, 'T', &wall))
    return FALSE;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'Z')
    {
      offset = 0;
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      guint oh, om;

      p++;
      if (!parse_fixed_digits (&p, 2, &oh) || !expect_char (&p, ':')
          || !parse_fixed_digits (&p, 2, &om) || oh > 23 || om > 59)
        return FALSE;
      offset = sign * (gint64) (oh * 3600 + om * 60);
    }
  if (*p != '\0')
    return FALSE;
  *out_unix = wall - offset;
  return TRUE;
}

/* A decimal number of at most @max, digits only (no sign, no spaces). */
gboolean
sd_sim_parse_uint (const char *text,
                   guint64     max,
                   guint64    *out_value)
{
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return FALSE;
  *out_value = value;
  return TRUE;
}

/* A share of requests, 0 to 1 ("0.25"). */
gboolean
sd_sim_parse_rate (const char *text,
                   double     *out_rate)
{
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (*end != '\0' || !(value >= 0.0 && value <= 1.0))
    return FALSE;
  *out_rate = value;
  return TRUE;
}
