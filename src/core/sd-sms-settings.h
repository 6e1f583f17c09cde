/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* The shop's SMS settings (one row, sms_settings): when messages may go out, how often one
 * number may get one, the opt-out wording, the words the gateway rejects, where test sends
 * go, and what one billed part costs.
 *
 * Reading needs campaigns.compose, campaigns.send or settings.connections; changing needs
 * settings.connections and is audited (sms.settings). */

typedef struct
{
  int     send_start_minute;    /* minutes after midnight, shop time: 0 … 1439 */
  int     send_end_minute;      /* start > end: the window wraps past midnight */
  int     cap_count;            /* at most this many campaign messages a number ... */
  int     cap_days;             /* ... in this many days; either 0: no cap */
  char   *opt_out_text;         /* default SD_SMS_DEFAULT_OPT_OUT */
  GStrv   blocked_words;        /* never NULL */
  char   *test_phone;           /* "" when none */
  gint64  price_per_part_mfen;  /* thousandths of a fen: 4500 = ¥0.045 */
} SdSmsSettings;

#define SD_TYPE_SMS_SETTINGS (sd_sms_settings_get_type ())

GType          sd_sms_settings_get_type (void) G_GNUC_CONST;
SdSmsSettings *sd_sms_settings_copy     (const SdSmsSettings *settings);
void           sd_sms_settings_free     (SdSmsSettings       *settings);

SdSmsSettings *sd_sms_settings_get      (SdSession           *session,
                                         GError             **error);
/* SD_ERROR_INVALID_INPUT for minutes out of range, start = end (no time to send), a
 * negative cap or price, an empty opt-out text, a test phone that is not a mobile number
 * (it is stored normalised). */
gboolean       sd_sms_settings_set      (SdSession           *session,
                                         const SdSmsSettings *settings,
                                         GError             **error);

/* "08:00-20:00" ↔ minutes; FALSE on anything else (HH 00-23, MM 00-59). */
gboolean       sd_sms_settings_parse_hours  (const char *text,
                                             int        *out_start_minute,
                                             int        *out_end_minute);
char          *sd_sms_settings_format_hours (int         start_minute,
                                             int         end_minute);
/* "0.045" yuan ↔ 4500 thousandths of a fen: digits, at most 5 decimals, nothing else;
 * formatted with 2 to 5 decimals, no currency sign. */
gboolean       sd_sms_settings_parse_price  (const char *text,
                                             gint64     *out_mfen);
char          *sd_sms_settings_format_price (gint64      mfen);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSmsSettings, sd_sms_settings_free)

G_END_DECLS
