/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the SMS counter: whatever the bytes, in both rules, the split has
 * as many parts as counted, each within a part's size, put together they give the text
 * back (valid UTF-8) and the units add up; a text that fits one message is one part. */
#include <stdint.h>
#include <string.h>

#include "sd-sms-text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The units PART takes in ENCODING, counted here independently of the counter. */
static guint
part_units (const char    *part,
            SdSmsEncoding  encoding)
{
  SdSmsCount own;
  glong utf16 = 0;
  g_autofree gunichar2 *u = NULL;

  switch (encoding)
    {
    case SD_SMS_GSM7:
      /* A part of a GSM-7 text is GSM-7 itself. */
      sd_sms_count (part, FALSE, &own);
      g_assert_cmpint (own.encoding, ==, SD_SMS_GSM7);
      return own.units;
    case SD_SMS_UCS2:
      u = g_utf8_to_utf16 (part, -1, NULL, &utf16, NULL);
      g_assert_nonnull (u);
      return (guint) utf16;
    case SD_SMS_DOMESTIC:
    default:
      return (guint) g_utf8_strlen (part, -1);
    }
}

static void
check (const char *text,
       gboolean    domestic)
{
  g_autoptr(GPtrArray) parts = sd_sms_split (text, domestic);
  g_autoptr(GString) joined = g_string_new (NULL);
  SdSmsCount count;
  guint single, per_part, total = 0;

  sd_sms_count (text, domestic, &count);
  g_assert_true (domestic == (count.encoding == SD_SMS_DOMESTIC));
  g_assert_cmpuint (parts->len, ==, count.parts);
  g_assert_true ((count.parts == 0) == (*text == '\0'));
  g_assert_cmpuint (count.parts, <=, count.units);
  single = count.encoding == SD_SMS_GSM7 ? 160 : 70;
  per_part = count.encoding == SD_SMS_GSM7 ? 153 : 67;
  g_assert_true ((count.parts > 1) == (count.units > single));
  for (guint i = 0; i < parts->len; i++)
    {
      const char *part = g_ptr_array_index (parts, i);
      guint units;

      g_assert_true (g_utf8_validate (part, -1, NULL));
      g_assert_cmpstr (part, !=, "");
      units = part_units (part, count.encoding);
      g_assert_cmpuint (units, <=, count.parts > 1 ? per_part : single);
      /* Only the last part may end more than one character short. */
      if (i + 1 < parts->len)
        g_assert_cmpuint (units, >=, per_part - 1);
      total += units;
      g_string_append (joined, part);
    }
  g_assert_cmpuint (total, ==, count.units);
  if (g_utf8_validate (text, -1, NULL))
    g_assert_cmpstr (joined->str, ==, text);
  g_assert_cmpstr (sd_sms_encoding_to_string (count.encoding), !=, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  check (text, FALSE);
  check (text, TRUE);
  return 0;
}
