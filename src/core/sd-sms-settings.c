/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sms-settings"

#include "sd-i18n.h"

#include "sd-audit.h"
#include "sd-campaign-store-private.h"
#include "sd-error.h"
#include "sd-phone.h"
#include "sd-sms-settings.h"
#include "sd-sms-template.h"


G_DEFINE_BOXED_TYPE (SdSmsSettings, sd_sms_settings, sd_sms_settings_copy, sd_sms_settings_free)

SdSmsSettings *
sd_sms_settings_copy (const SdSmsSettings *settings)
{
  SdSmsSettings *copy;

  g_return_val_if_fail (settings != NULL, NULL);

  copy = g_new (SdSmsSettings, 1);
  *copy = *settings;
  copy->opt_out_text = g_strdup (settings->opt_out_text);
  copy->blocked_words = settings->blocked_words ? g_strdupv (settings->blocked_words) : g_new0 (char *, 1);
  copy->test_phone = g_strdup (settings->test_phone);
  return copy;
}

void
sd_sms_settings_free (SdSmsSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->opt_out_text);
  g_strfreev (settings->blocked_words);
  g_free (settings->test_phone);
  g_free (settings);
}

SdSmsSettings *
sd_sms_settings_get (SdSession  *session,
                     GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  /* Whoever composes, sends or configures needs the hours, the cap and the price. */
  if (!sd_session_can (session, SD_PERMISSION_COMPOSE_CAMPAIGNS) &&
      !sd_session_can (session, SD_PERMISSION_SEND_CAMPAIGNS) &&
      !sd_session_require (session, SD_PERMISSION_CONFIGURE_SHOP, error))
    return NULL;
  return _sd_sms_settings_store_load (sd_session_get_db (session), error);
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/* A copy of SETTINGS fit to store (trimmed, the test phone normalised), or NULL. */
static SdSmsSettings *
check_settings (const SdSmsSettings  *settings,
                GError              **error)
{
  g_autoptr(SdSmsSettings) copy = sd_sms_settings_copy (settings);

  if (copy->send_start_minute < 0 || copy->send_start_minute > 1439 ||
      copy->send_end_minute < 0 || copy->send_end_minute > 1439)
    return invalid (error, _("Sending hours run from 00:00 to 23:59.")), NULL;
  if (copy->send_start_minute == copy->send_end_minute)
    return invalid (error, _("Sending hours must start and end at different times.")), NULL;
  if (copy->cap_count < 0 || copy->cap_days < 0)
    return invalid (error, _("The frequency cap cannot be negative.")), NULL;
  if (copy->price_per_part_mfen < 0)
    return invalid (error, _("The price of a message cannot be negative.")), NULL;

  g_free (copy->opt_out_text);
  copy->opt_out_text = g_strstrip (g_strdup (settings->opt_out_text ? settings->opt_out_text : ""));
  if (*copy->opt_out_text == '\0')
    return invalid (error, _("Marketing messages need an opt-out text, such as “拒收请回复R”.")), NULL;

  for (guint i = 0; copy->blocked_words[i] != NULL; i++)
    g_strstrip (copy->blocked_words[i]);

  g_free (copy->test_phone);
  copy->test_phone = g_strdup ("");
  if (settings->test_phone != NULL && *settings->test_phone != '\0')
    {
      g_autofree char *phone = NULL;
      if (sd_phone_normalize (settings->test_phone, &phone) != SD_PHONE_VALID)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                       _("“%s” is not a mobile number a test message can go to."), settings->test_phone);
          return NULL;
        }
      g_free (copy->test_phone);
      copy->test_phone = g_steal_pointer (&phone);
    }
  return g_steal_pointer (&copy);
}

gboolean
sd_sms_settings_set (SdSession           *session,
                     const SdSmsSettings *settings,
                     GError             **error)
{
  SdDb *db;
  g_autoptr(SdSmsSettings) checked = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  if (!sd_session_require (session, SD_PERMISSION_CONFIGURE_SHOP, error) ||
      !(checked = check_settings (settings, error)))
    return FALSE;

  db = sd_session_get_db (session);
  hours = sd_sms_settings_format_hours (checked->send_start_minute, checked->send_end_minute);
  detail = g_strdup_printf ("hours %s, cap %d/%d days, opt-out %s, %u blocked words, price %lld",
                            hours, checked->cap_count, checked->cap_days, checked->opt_out_text,
                            g_strv_length (checked->blocked_words), (long long) checked->price_per_part_mfen);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_sms_settings_store_save (db, checked, error) ||
      !sd_audit_append (session, SD_AUDIT_SMS_SETTINGS, "sms_settings", "1", detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_time (const char *text,
            int        *out_minute)
{
  int hour, minute;

  if (!g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || text[2] != ':' ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  hour = (text[0] - '0') * 10 + (text[1] - '0');
  minute = (text[3] - '0') * 10 + (text[4] - '0');
  if (hour > 23 || minute > 59)
    return FALSE;
  *out_minute = hour * 60 + minute;
  return TRUE;
}

gboolean
sd_sms_settings_parse_hours (const char *text,
                             int        *out_start_minute,
                             int        *out_end_minute)
{
  g_return_val_if_fail (out_start_minute != NULL && out_end_minute != NULL, FALSE);

  if (text == NULL || strlen (text) != 11 || text[5] != '-')
    return FALSE;
  return parse_time (text, out_start_minute) && parse_time (text + 6, out_end_minute);
}

char *
sd_sms_settings_format_hours (int start_minute,
                              int end_minute)
{
  return g_strdup_printf ("%02d:%02d-%02d:%02d", start_minute / 60, start_minute % 60,
                          end_minute / 60, end_minute % 60);
}

gboolean
sd_sms_settings_parse_price (const char *text,
                             gint64     *out_mfen)
{
  gint64 whole = 0, fraction = 0;
  int digits = 0;
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_ascii_isdigit (*p) && *p != '.')
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      whole = whole * 10 + (*p - '0');
      if (whole > G_MAXINT32)
        return FALSE;
    }
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      {
        if (++digits > 5)
          return FALSE;
        fraction = fraction * 10 + (*p - '0');
      }
  /* "." alone is no price. */
  if (*p != '\0' || g_str_equal (text, "."))
    return FALSE;
  for (; digits < 5; digits++)
    fraction *= 10;
  *out_mfen = whole * 100000 + fraction;
  return TRUE;
}

char *
sd_sms_settings_format_price (gint64 mfen)
{
  g_autofree char *digits = g_strdup_printf ("%05lld", (long long) (mfen % 100000));
  int keep = 5;

  /* As a price list writes it: 0.045, 0.05, 1.00 — never fewer than two decimals. */
  while (keep > 2 && digits[keep - 1] == '0')
    keep--;
  digits[keep] = '\0';
  return g_strdup_printf ("%lld.%s", (long long) (mfen / 100000), digits);
}
