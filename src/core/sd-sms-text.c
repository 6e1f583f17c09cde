/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sms-text"

#include <string.h>

#include "sd-i18n.h"

#include "sd-sms-text.h"

/* PROTOCOLS.md §4. */
#define GSM7_SINGLE 160
#define GSM7_PART   153
#define UCS2_SINGLE 70
#define UCS2_PART   67

/* One character of the text as the counters see it. */
typedef struct
{
  const char *start;   /* its bytes in the text */
  gsize       len;
  gboolean    valid;   /* FALSE: one byte of invalid UTF-8 */
  guint       gsm;     /* septets in GSM-7, 0 when it has none there */
  guint       utf16;   /* UTF-16 units */
} SmsChar;

/* The GSM 03.38 default alphabet outside ASCII, and its extension table (escape + char). */
static const gunichar gsm_basic_extra[] = {
  0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x00D8, 0x00F8, 0x00C5,
  0x00E5, 0x0394, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3, 0x0398, 0x039E,
  0x00C6, 0x00E6, 0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
  0x00BF, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
};

/* Septets C takes in GSM-7: 1 in the default alphabet, 2 in the extension table, 0 when
 * GSM-7 cannot carry it. */
static guint
gsm7_cost (gunichar c)
{
  if (c == '\n' || c == '\r')
    return 1;
  if (c == '\f' || c == 0x20AC /* € */)
    return 2;
  if (c >= 0x20 && c < 0x7F)
    {
      if (strchr ("[\\]^{|}~", (int) c) != NULL)
        return 2;
      return c == '`' ? 0 : 1;
    }
  /* Past the Greek capitals nothing is in the alphabet: CJK text takes no table walk. */
  if (c > 0x03A9)
    return 0;
  for (gsize i = 0; i < G_N_ELEMENTS (gsm_basic_extra); i++)
    if (gsm_basic_extra[i] == c)
      return 1;
  return 0;
}

/* Reads the character at *P into CH and moves past it; FALSE at the end of the text.
 * An invalid byte is a character of its own, as the receiving phone would show it. */
static gboolean
next_char (const char **p,
           SmsChar     *ch)
{
  const char *s = *p;
  gunichar c;

  if (*s == '\0')
    return FALSE;
  ch->start = s;
  /* ASCII, most of most messages, without the decoder. */
  if ((guchar) *s < 0x80)
    {
      ch->len = 1;
      ch->valid = TRUE;
      ch->gsm = gsm7_cost ((guchar) *s);
      ch->utf16 = 1;
      *p = s + 1;
      return TRUE;
    }
  c = g_utf8_get_char_validated (s, -1);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      ch->len = 1;
      ch->valid = FALSE;
      ch->gsm = 0;
      ch->utf16 = 1;
    }
  else
    {
      ch->len = (gsize) (g_utf8_next_char (s) - s);
      ch->valid = TRUE;
      ch->gsm = gsm7_cost (c);
      ch->utf16 = c > 0xFFFF ? 2 : 1;
    }
  *p = s + ch->len;
  return TRUE;
}

static guint
char_units (const SmsChar *ch,
            SdSmsEncoding  encoding)
{
  switch (encoding)
    {
    case SD_SMS_GSM7:
      return ch->gsm;
    case SD_SMS_UCS2:
      return ch->utf16;
    case SD_SMS_DOMESTIC:
    default:
      return 1;
    }
}

/* The encoding TEXT needs (GSM-7 unless one character is outside it) and its units
 * there, in one pass. */
static void
count_units (const char *text,
             gboolean    domestic,
             SdSmsCount *count)
{
  SmsChar ch;
  guint gsm = 0, utf16 = 0, chars = 0;
  gboolean all_gsm = TRUE;

  while (next_char (&text, &ch))
    {
      all_gsm = all_gsm && ch.gsm > 0;
      gsm += ch.gsm;
      utf16 += ch.utf16;
      chars++;
    }
  if (domestic)
    count->encoding = SD_SMS_DOMESTIC;
  else
    count->encoding = all_gsm ? SD_SMS_GSM7 : SD_SMS_UCS2;
  count->units = domestic ? chars : all_gsm ? gsm : utf16;
}

static void
append_char (GString       *part,
             const SmsChar *ch)
{
  if (ch->valid)
    g_string_append_len (part, ch->start, (gssize) ch->len);
  else
    g_string_append_unichar (part, 0xFFFD);
}

/* Fills parts of at most PER_PART units in order, a character never cut in two (an
 * escape pair or a surrogate pair is one character here), so a part may end a unit
 * short. Returns the number of parts; appends their text to OUT when given. */
static guint
fill_parts (const char    *text,
            SdSmsEncoding  encoding,
            guint          per_part,
            GPtrArray     *out)
{
  g_autoptr(GString) part = out != NULL ? g_string_new (NULL) : NULL;
  SmsChar ch;
  guint parts = 0, used = 0;

  while (next_char (&text, &ch))
    {
      guint units = char_units (&ch, encoding);

      if (parts == 0 || used + units > per_part)
        {
          if (part != NULL && parts > 0)
            {
              g_ptr_array_add (out, g_strdup (part->str));
              g_string_truncate (part, 0);
            }
          parts++;
          used = 0;
        }
      used += units;
      if (part != NULL)
        append_char (part, &ch);
    }
  if (part != NULL && parts > 0)
    g_ptr_array_add (out, g_strdup (part->str));
  return parts;
}

/* Counts TEXT and, when OUT is given, splits it into OUT. */
static void
measure (const char *text,
         gboolean    domestic,
         SdSmsCount *count,
         GPtrArray  *out)
{
  guint single, per_part;

  count_units (text, domestic, count);
  single = count->encoding == SD_SMS_GSM7 ? GSM7_SINGLE : UCS2_SINGLE;
  per_part = count->encoding == SD_SMS_GSM7 ? GSM7_PART : UCS2_PART;
  /* A text that fits one message is sent whole; otherwise every part carries a header
   * and holds less, and where the parts break decides how many there are. */
  if (count->units <= single && out == NULL)
    count->parts = count->units > 0 ? 1 : 0;
  else
    count->parts = fill_parts (text, count->encoding,
                               count->units <= single ? single : per_part, out);
}

void
sd_sms_count (const char *text,
              gboolean    domestic,
              SdSmsCount *count)
{
  g_return_if_fail (count != NULL);

  measure (text != NULL ? text : "", domestic, count, NULL);
}

const char *
sd_sms_encoding_to_string (SdSmsEncoding encoding)
{
  switch (encoding)
    {
    case SD_SMS_GSM7:
      return "GSM-7";
    case SD_SMS_UCS2:
      return "UCS-2";
    case SD_SMS_DOMESTIC:
      return "domestic";
    default:
      g_return_val_if_reached ("UCS-2");
    }
}

const char *
sd_sms_encoding_describe (SdSmsEncoding encoding)
{
  /* GSM-7 and UCS-2 are the names people find in a gateway's manual. */
  if (encoding == SD_SMS_DOMESTIC)
    return _("domestic rule");
  return sd_sms_encoding_to_string (encoding);
}

GPtrArray *
sd_sms_split (const char *text,
              gboolean    domestic)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  SdSmsCount count;

  measure (text != NULL ? text : "", domestic, &count, parts);
  return parts;
}
