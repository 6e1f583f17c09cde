/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a message is counted (PROTOCOLS.md §4). */
typedef enum
{
  SD_SMS_GSM7,     /* 160 single, 153 a part; extension characters cost 2 */
  SD_SMS_UCS2,     /* 70 single, 67 a part; UTF-16 units (an emoji is 2) */
  SD_SMS_DOMESTIC, /* China domestic gateways: every character 1; 70 single, 67 a part */
} SdSmsEncoding;

typedef struct
{
  SdSmsEncoding encoding;
  guint         units;  /* septets (GSM-7), UTF-16 units (UCS-2) or characters (domestic) */
  guint         parts;  /* billable messages; 0 for an empty text */
} SdSmsCount;

#define SD_SMS_DOMESTIC_MAX 500 /* characters a domestic gateway takes at most */

/* PROTOCOLS.md §4. DOMESTIC: the China domestic rule (every character 1, ≤70 one message,
 * longer split at 67); encoding is then SD_SMS_DOMESTIC. TEXT is UTF-8 (invalid UTF-8: each
 * bad byte counts as one UCS-2 unit). */
void        sd_sms_count              (const char    *text,
                                       gboolean       domestic,
                                       SdSmsCount    *count);
/* "GSM-7", "UCS-2", "domestic": stable, scripts read them. */
const char *sd_sms_encoding_to_string (SdSmsEncoding  encoding);
/* The same for people, translated: the domestic rule named as what it is. */
const char *sd_sms_encoding_describe  (SdSmsEncoding  encoding);
/* The parts TEXT splits into (never inside a surrogate pair or an escape pair), as UTF-8
 * strings; one part for a text that fits one message, none for an empty text. Invalid
 * UTF-8 bytes come out as U+FFFD. */
GPtrArray  *sd_sms_split              (const char    *text,
                                       gboolean       domestic);

G_END_DECLS
