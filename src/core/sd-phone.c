/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-phone"

#include <string.h>

#include "sd-phone.h"

/* E.164 allows 15 digits; more than this is not a number whatever it is. */
#define MAX_DIGITS 20

typedef enum
{
  CHAR_OTHER,
  CHAR_DIGIT,
  CHAR_PLUS,
  CHAR_SEPARATOR,
  CHAR_STAR,
} CharKind;

/* Looks at the character at @p (valid UTF-8, before @end) and says how long it is. The
 * full-width forms are what a Chinese input method types. */
static CharKind
classify_char (const char *p,
               const char *end,
               gsize      *out_len,
               char       *out_digit)
{
  const guint8 *u = (const guint8 *) p;

  *out_len = 1;
  if (*u >= '0' && *u <= '9')
    {
      *out_digit = (char) *u;
      return CHAR_DIGIT;
    }
  switch (*u)
    {
    case '+':
      return CHAR_PLUS;
    case '*':
      return CHAR_STAR;
    case ' ': case '\t': case '-': case '.': case '(': case ')':
      return CHAR_SEPARATOR;
    default:
      break;
    }
  if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBC)
    {
      *out_len = 3;
      if (u[2] >= 0x90 && u[2] <= 0x99)   /* ０ … ９ */
        {
          *out_digit = (char) ('0' + u[2] - 0x90);
          return CHAR_DIGIT;
        }
      if (u[2] == 0x8B)                   /* ＋ */
        return CHAR_PLUS;
      if (u[2] == 0x8A)                   /* ＊ */
        return CHAR_STAR;
      if (u[2] == 0x88 || u[2] == 0x89 || u[2] == 0x8D || u[2] == 0x8E) /* （ ） － ． */
        return CHAR_SEPARATOR;
      return CHAR_OTHER;
    }
  if (end - p >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) /* U+3000 */
    {
      *out_len = 3;
      return CHAR_SEPARATOR;
    }
  if (end - p >= 2 && u[0] == 0xC2 && u[1] == 0xA0)                 /* no-break space */
    {
      *out_len = 2;
      return CHAR_SEPARATOR;
    }
  *out_len = g_utf8_skip[*u];
  if (*out_len > (gsize) (end - p))
    *out_len = end - p;
  return CHAR_OTHER;
}

static gsize
space_len (const char *p,
           const char *end)
{
  const guint8 *u = (const guint8 *) p;

  if (*u == ' ' || (*u >= '\t' && *u <= '\r'))
    return 1;
  if (end - p >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
    return 3;
  if (end - p >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
    return 2;
  return 0;
}

static gsize
space_len_before (const char *start,
                  const char *end)
{
  const guint8 *u = (const guint8 *) end;

  if (end - start >= 1 && (u[-1] == ' ' || (u[-1] >= '\t' && u[-1] <= '\r')))
    return 1;
  if (end - start >= 3 && u[-3] == 0xE3 && u[-2] == 0x80 && u[-1] == 0x80)
    return 3;
  if (end - start >= 2 && u[-2] == 0xC2 && u[-1] == 0xA0)
    return 2;
  return 0;
}

/* Collects the digits of [p, end) when it holds nothing but digits, separators and
 * one leading plus. */
static gboolean
collect_digits (const char *p,
                const char *end,
                char       *digits,
                guint      *out_n,
                gboolean   *out_plus)
{
  guint n = 0;
  gboolean plus = FALSE;

  while (p < end)
    {
      gsize len;
      char digit = 0;

      switch (classify_char (p, end, &len, &digit))
        {
        case CHAR_DIGIT:
          if (n == MAX_DIGITS)
            return FALSE;
          digits[n++] = digit;
          break;
        case CHAR_PLUS:
          if (plus || n > 0)
            return FALSE;
          plus = TRUE;
          break;
        case CHAR_SEPARATOR:
          break;
        case CHAR_STAR:
        case CHAR_OTHER:
        default:
          return FALSE;
        }
      p += len;
    }
  *out_n = n;
  *out_plus = plus;
  return n > 0;
}

static gboolean
is_mobile (const char *nsn,
           guint       n)
{
  return n == 11 && nsn[0] == '1' && nsn[1] >= '3' && nsn[1] <= '9';
}

/* Length of the area code of a Chinese landline written without its trunk 0, or 0 when
 * @nsn is not one: 10 and 2x have two digits and an 8-digit number, the rest three
 * digits and a 7- or 8-digit number. */
static guint
landline_area_len (const char *nsn,
                   guint       n)
{
  guint area;

  if (n < 2)
    return 0;
  if (nsn[0] == '1')
    area = nsn[1] == '0' && n == 10 ? 2 : 0;
  else if (nsn[0] == '2')
    area = n == 10 ? 2 : 0;
  else if (nsn[0] >= '3' && nsn[0] <= '9')
    area = n == 10 || n == 11 ? 3 : 0;
  else
    area = 0;
  if (area == 0 || nsn[area] == '0')
    return 0;
  return area;
}

/* A Chinese national number without 86 in front: a mobile, or a landline with its
 * trunk 0. After +86 the trunk 0 is optional (people write +86 (0)571 …). */
static gboolean
china_national (const char *nsn,
                guint       n,
                gboolean    international,
                char       *out)
{
  if (n > 0 && nsn[0] == '0' && landline_area_len (nsn + 1, n - 1) > 0)
    {
      nsn++;
      n--;
    }
  else if (!is_mobile (nsn, n) && (!international || landline_area_len (nsn, n) == 0))
    {
      return FALSE;
    }

  memcpy (out, "+86", 3);
  memcpy (out + 3, nsn, n);
  out[3 + n] = '\0';
  return TRUE;
}

/* Writes the E.164 form of @digits into @out (at least MAX_DIGITS + 2 bytes). */
static gboolean
to_e164 (const char *digits,
         guint       n,
         gboolean    plus,
         char       *out)
{
  if (!plus && n > 2 && digits[0] == '0' && digits[1] == '0')
    {
      digits += 2;
      n -= 2;
      plus = TRUE;
    }

  if (plus)
    {
      if (n >= 2 && digits[0] == '8' && digits[1] == '6')
        return china_national (digits + 2, n - 2, TRUE, out);
      if (n < 7 || n > 15 || digits[0] == '0')
        return FALSE;
      out[0] = '+';
      memcpy (out + 1, digits, n);
      out[n + 1] = '\0';
      return TRUE;
    }

  if (n == 13 && digits[0] == '8' && digits[1] == '6' && is_mobile (digits + 2, 11))
    return china_national (digits + 2, 11, FALSE, out);
  return china_national (digits, n, FALSE, out);
}

static gboolean
is_extension_separator (const char *p,
                        const char *end,
                        gsize      *out_len)
{
  const guint8 *u = (const guint8 *) p;

  *out_len = 1;
  if (*u == '-' || *u == '_' || *u == ',' || *u == '#')
    return TRUE;
  *out_len = 3;
  if (end - p >= 3 && u[0] == 0xE8 && u[1] == 0xBD && u[2] == 0xAC) /* 转 */
    return TRUE;
  if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8C) /* ， */
    return TRUE;
  return FALSE;
}

/* Platforms hide the buyer's number behind a virtual one plus an extension:
 * 18877771111-123, 18877771111_1234, 18877771111转123. */
static gboolean
is_privacy_number (const char *start,
                   const char *end)
{
  for (const char *p = end - 1; p > start; p--)
    {
      gsize sep_len;
      char digits[MAX_DIGITS];
      char e164[MAX_DIGITS + 2];
      guint n_head, n_tail;
      gboolean plus;

      if ((*p & 0xC0) == 0x80 || !is_extension_separator (p, end, &sep_len))
        continue;
      if (!collect_digits (p + sep_len, end, digits, &n_tail, &plus) ||
          plus || n_tail > 6)
        return FALSE;
      if (!collect_digits (start, p, digits, &n_head, &plus) ||
          !to_e164 (digits, n_head, plus, e164))
        return FALSE;
      return strlen (e164) == 14 && is_mobile (e164 + 3, 11);
    }
  return FALSE;
}

/* Encrypted values (Taobao's ~…~1~, $…$, #…#) and long base64 tokens. */
static gboolean
looks_encrypted (const char *start,
                 const char *end)
{
  gboolean letters = FALSE;

  if (*start == '~' || *start == '$' || *start == '#')
    return TRUE;
  if (end - start < 20)
    return FALSE;
  for (const char *p = start; p < end; p++)
    {
      if (g_ascii_isalpha (*p))
        letters = TRUE;
      else if (!g_ascii_isdigit (*p) && !strchr ("+/=_-", *p))
        return FALSE;
    }
  return letters;
}

static gboolean
has_star (const char *start,
          const char *end)
{
  /* ＊ is EF BC 8A */
  for (const char *p = start; p < end; p++)
    if (*p == '*' || ((guint8) *p == 0x8A && p - start >= 2 &&
                      (guint8) p[-2] == 0xEF && (guint8) p[-1] == 0xBC))
      return TRUE;
  return FALSE;
}

SdPhoneState
sd_phone_normalize (const char  *input,
                    char       **out_phone)
{
  g_autofree char *repaired = NULL;
  const char *start;
  const char *end;
  char digits[MAX_DIGITS];
  char e164[MAX_DIGITS + 2];
  guint n;
  gboolean plus;
  gsize len;

  g_return_val_if_fail (out_phone != NULL, SD_PHONE_NONE);

  if (input == NULL)
    input = "";
  /* The kept text goes into the database and the UI, so it has to be UTF-8. */
  if (!g_utf8_validate (input, -1, NULL))
    input = repaired = g_utf8_make_valid (input, -1);

  start = input;
  end = input + strlen (input);
  while (start < end && (len = space_len (start, end)) > 0)
    start += len;
  while (end > start && (len = space_len_before (start, end)) > 0)
    end -= len;

  if (start == end)
    {
      *out_phone = g_strdup ("");
      return SD_PHONE_NONE;
    }

  if (collect_digits (start, end, digits, &n, &plus) && to_e164 (digits, n, plus, e164))
    {
      *out_phone = g_strdup (e164);
      return SD_PHONE_VALID;
    }

  *out_phone = g_strndup (start, end - start);
  if (has_star (start, end) || looks_encrypted (start, end) || is_privacy_number (start, end))
    return SD_PHONE_MASKED;
  return SD_PHONE_INVALID;
}

/* Splits a "+86…" number into area code (without trunk 0, empty for mobiles) and
 * subscriber number; FALSE when it is not a Chinese number we understand. */
static gboolean
split_china (const char  *phone,
             const char **out_nsn,
             guint       *out_n,
             guint       *out_area_len)
{
  const char *nsn;
  guint n;

  if (!g_str_has_prefix (phone, "+86"))
    return FALSE;
  nsn = phone + 3;
  n = strlen (nsn);
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (nsn[i]))
      return FALSE;

  *out_nsn = nsn;
  *out_n = n;
  if (is_mobile (nsn, n))
    {
      *out_area_len = 0;
      return TRUE;
    }
  *out_area_len = landline_area_len (nsn, n);
  return *out_area_len > 0;
}

char *
sd_phone_format_display (const char *phone)
{
  const char *nsn;
  guint n, area;

  g_return_val_if_fail (phone != NULL, NULL);

  if (!split_china (phone, &nsn, &n, &area))
    return g_strdup (phone);
  if (area == 0)
    return g_strdup_printf ("%.3s %.4s %.4s", nsn, nsn + 3, nsn + 7);
  /* Domestic form: trunk 0, area code, the local number in groups of 3–4 and 4. */
  return g_strdup_printf ("0%.*s %.*s %s", (int) area, nsn,
                          (int) (n - area - 4), nsn + area, nsn + n - 4);
}

char *
sd_phone_mask (const char *phone)
{
  g_autofree char *repaired = NULL;
  const char *nsn;
  guint n, area;
  glong n_chars;
  glong keep_head, keep_tail;
  GString *masked;
  const char *p;

  g_return_val_if_fail (phone != NULL, NULL);

  if (split_china (phone, &nsn, &n, &area))
    {
      if (area == 0)
        return g_strdup_printf ("%.3s****%s", nsn, nsn + 7);
      masked = g_string_new ("0");
      g_string_append_len (masked, nsn, area);
      for (guint i = area; i < n - 4; i++)
        g_string_append_c (masked, '*');
      g_string_append (masked, nsn + n - 4);
      return g_string_free (masked, FALSE);
    }

  if (!g_utf8_validate (phone, -1, NULL))
    phone = repaired = g_utf8_make_valid (phone, -1);

  /* Anything else keeps at most its first 3 and last 4 characters; a short value
   * keeps less, so the mask always hides at least a third of it. */
  n_chars = g_utf8_strlen (phone, -1);
  if (n_chars > 7)
    {
      keep_head = 3;
      keep_tail = 4;
    }
  else
    {
      keep_head = n_chars / 3;
      keep_tail = n_chars / 3;
    }

  masked = g_string_sized_new (strlen (phone));
  p = phone;
  for (glong i = 0; i < n_chars; i++)
    {
      const char *next = g_utf8_next_char (p);

      if (i < keep_head || i >= n_chars - keep_tail)
        g_string_append_len (masked, p, next - p);
      else
        g_string_append_c (masked, '*');
      p = next;
    }
  return g_string_free (masked, FALSE);
}
