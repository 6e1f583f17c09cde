/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-sms-text.h"
#include "sd-test-sms-vectors.h"

static void
check_count (const char    *text,
             gboolean       domestic,
             SdSmsEncoding  encoding,
             guint          units,
             guint          parts)
{
  g_autofree char *escaped = g_strescape (text, NULL);
  g_autoptr(GPtrArray) split = sd_sms_split (text, domestic);
  SdSmsCount count = { .encoding = 99, .units = 99, .parts = 99 };

  g_test_message ("text \"%.80s\"%s", escaped, domestic ? " (domestic)" : "");
  sd_sms_count (text, domestic, &count);
  g_assert_cmpstr (sd_sms_encoding_to_string (count.encoding), ==,
                   sd_sms_encoding_to_string (encoding));
  g_assert_cmpuint (count.units, ==, units);
  g_assert_cmpuint (count.parts, ==, parts);
  /* The split agrees with the count. */
  g_assert_cmpuint (split->len, ==, parts);
}

/* Every vector of PROTOCOLS.md §4. */
static void
test_vectors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sms_vectors); i++)
    {
      const SmsVector *v = &sms_vectors[i];
      g_autofree char *text = sms_vector_text (v);
      SdSmsEncoding encoding = g_str_equal (v->encoding, "GSM-7") ? SD_SMS_GSM7
                               : g_str_equal (v->encoding, "UCS-2") ? SD_SMS_UCS2 : SD_SMS_DOMESTIC;

      check_count (text, v->domestic, encoding, v->units, v->parts);
    }
}

/* The domestic rule beyond the vectors: parts of 67 from the third on. */
static void
test_domestic (void)
{
  g_autofree char *c196 = sms_repeat ("字", 196);
  g_autofree char *c197 = sms_repeat ("字", 197);
  g_autofree char *t201 = g_strconcat ("【阿里云】", c196, NULL);
  g_autofree char *t202 = g_strconcat ("【阿里云】", c197, NULL);

  check_count (t201, TRUE, SD_SMS_DOMESTIC, 201, 3);
  check_count (t202, TRUE, SD_SMS_DOMESTIC, 202, 4);
  /* An emoji or an extension character is one character there. */
  check_count ("【店】😀€{}", TRUE, SD_SMS_DOMESTIC, 7, 1);
  check_count ("Hello world", TRUE, SD_SMS_DOMESTIC, 11, 1);
  g_assert_cmpstr (sd_sms_encoding_to_string (SD_SMS_DOMESTIC), ==, "domestic");
  /* For people: the rule named; the protocol names kept as a gateway manual writes them. */
  g_assert_cmpstr (sd_sms_encoding_describe (SD_SMS_DOMESTIC), ==, "domestic rule");
  g_assert_cmpstr (sd_sms_encoding_describe (SD_SMS_UCS2), ==, "UCS-2");
}

/* Each character of the GSM-7 tables, and the ones just beside them. */
static void
test_gsm7_alphabet (void)
{
  static const char *basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                             "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  static const char *extension = "\f^{}\\[~]|€";
  static const char *outside[] = { "`", "ç", "\t", "á", "Á", "ê", "«", "中", "©", "’", "…", "\x7f" };

  check_count (basic, FALSE, SD_SMS_GSM7, (guint) g_utf8_strlen (basic, -1), 1);
  check_count (extension, FALSE, SD_SMS_GSM7, 2 * (guint) g_utf8_strlen (extension, -1), 1);
  for (gsize i = 0; i < G_N_ELEMENTS (outside); i++)
    check_count (outside[i], FALSE, SD_SMS_UCS2, 1, 1);
}

static void
test_empty (void)
{
  check_count ("", FALSE, SD_SMS_GSM7, 0, 0);
  check_count ("", TRUE, SD_SMS_DOMESTIC, 0, 0);
}

/* Each bad byte is one UCS-2 unit; the split shows it as U+FFFD. */
static void
test_invalid_utf8 (void)
{
  g_autoptr(GPtrArray) parts = sd_sms_split ("ab\xff\xfe" "c", FALSE);

  check_count ("ab\xff\xfe" "c", FALSE, SD_SMS_UCS2, 5, 1);
  check_count ("\xe5\xad", FALSE, SD_SMS_UCS2, 2, 1);          /* a cut 字 */
  check_count ("\xed\xa0\x80", FALSE, SD_SMS_UCS2, 3, 1);      /* an encoded surrogate */
  check_count ("\xc0\xaf", TRUE, SD_SMS_DOMESTIC, 2, 1);       /* overlong / */
  g_assert_cmpuint (parts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (parts, 0), ==, "ab\xef\xbf\xbd\xef\xbf\xbd" "c");
}

static void
check_parts (GPtrArray   *parts,
             const char **expected)
{
  g_assert_cmpuint (parts->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < parts->len; i++)
    g_assert_cmpstr (g_ptr_array_index (parts, i), ==, expected[i]);
}

/* Parts break at 153/67 units, never inside an escape pair or a surrogate pair. */
static void
test_split (void)
{
  g_autofree char *a153 = sms_repeat ("a", 153);
  g_autofree char *a161 = sms_repeat ("a", 161);
  g_autofree char *euro76 = sms_repeat ("€", 76);
  g_autofree char *euro81 = sms_repeat ("€", 81);
  g_autofree char *a152 = sms_repeat ("a", 152);
  g_autofree char *a152_euro = g_strconcat (a152, "€bbbbbbbb", NULL);
  g_autofree char *smile33 = sms_repeat ("😀", 33);
  g_autofree char *smile36 = sms_repeat ("😀", 36);
  g_autofree char *x67 = sms_repeat ("x", 67);
  g_autofree char *x69 = sms_repeat ("x", 69);
  g_autofree char *x69_smile = g_strconcat (x69, "😀", NULL);
  g_autofree char *x66 = sms_repeat ("x", 66);
  g_autofree char *x66_smile = g_strconcat (x66, "😀abc", NULL);
  g_autoptr(GPtrArray) p1 = sd_sms_split (a161, FALSE);
  g_autoptr(GPtrArray) p2 = sd_sms_split (euro81, FALSE);
  g_autoptr(GPtrArray) p3 = sd_sms_split (a152_euro, FALSE);
  g_autoptr(GPtrArray) p4 = sd_sms_split (smile36, FALSE);
  g_autoptr(GPtrArray) p5 = sd_sms_split (x69_smile, FALSE);
  g_autoptr(GPtrArray) p6 = sd_sms_split (x66_smile, FALSE);
  g_autoptr(GPtrArray) p7 = sd_sms_split ("Hi 😀", FALSE);

  check_parts (p1, (const char *[]) { a153, "aaaaaaaa", NULL });
  check_parts (p2, (const char *[]) { euro76, "€€€€€", NULL });
  /* 162 units; 152 + € (2) would be 154: the € starts the next part. */
  check_parts (p3, (const char *[]) { a152, "€bbbbbbbb", NULL });
  check_parts (p4, (const char *[]) { smile33, "😀😀😀", NULL });
  check_parts (p5, (const char *[]) { x67, "xx😀", NULL });
  /* 71 units; 66 + 😀 (2) would be 68: the pair goes to the next part whole. */
  check_parts (p6, (const char *[]) { x66, "😀abc", NULL });
  check_parts (p7, (const char *[]) { "Hi 😀", NULL });
}

/* Random texts from a mix of the hard characters: the parts put together give the text
 * back, each holds at most a part's units, and there are as many as counted. */
static void
test_split_random (void)
{
  static const char *alphabet[] = { "a", "€", "{", "字", "😀", "é", "ç", " ", "\n", "R" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);

  for (guint round = 0; round < 2000; round++)
    {
      GString *text = g_string_new (NULL);
      guint n = (guint) g_rand_int_range (rand, 0, 400);
      gboolean domestic = g_rand_boolean (rand);
      g_autofree char *whole = NULL;
      g_autoptr(GPtrArray) parts = NULL;
      g_autoptr(GString) joined = g_string_new (NULL);
      SdSmsCount count;
      guint per_part;

      /* Mostly one kind of text, so both encodings get long messages. */
      guint span = g_rand_boolean (rand) ? 4 : G_N_ELEMENTS (alphabet);
      for (guint i = 0; i < n; i++)
        g_string_append (text, alphabet[g_rand_int_range (rand, 0, (gint32) span)]);
      whole = g_string_free (text, FALSE);
      sd_sms_count (whole, domestic, &count);
      parts = sd_sms_split (whole, domestic);
      g_assert_cmpuint (parts->len, ==, count.parts);
      per_part = count.encoding == SD_SMS_GSM7 ? (count.parts > 1 ? 153 : 160)
                                               : (count.parts > 1 ? 67 : 70);
      for (guint i = 0; i < parts->len; i++)
        {
          const char *part = g_ptr_array_index (parts, i);
          SdSmsCount one;
          glong utf16 = 0;
          g_autofree gunichar2 *u = g_utf8_to_utf16 (part, -1, NULL, &utf16, NULL);

          sd_sms_count (part, domestic, &one);
          if (count.encoding == SD_SMS_GSM7)
            g_assert_cmpuint (one.units, <=, per_part);
          else if (count.encoding == SD_SMS_UCS2)
            g_assert_cmpint (utf16, <=, per_part);
          else
            g_assert_cmpuint (one.units, <=, per_part);
          g_string_append (joined, part);
        }
      g_assert_cmpstr (joined->str, ==, whole);
      /* More than one part only when the text did not fit one message. */
      if (count.parts > 1)
        g_assert_cmpuint (count.units, >, count.encoding == SD_SMS_GSM7 ? 160 : 70);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/sms-text/vectors", test_vectors);
  g_test_add_func ("/core/sms-text/domestic", test_domestic);
  g_test_add_func ("/core/sms-text/gsm7-alphabet", test_gsm7_alphabet);
  g_test_add_func ("/core/sms-text/empty", test_empty);
  g_test_add_func ("/core/sms-text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/sms-text/split", test_split);
  g_test_add_func ("/core/sms-text/split-random", test_split_random);

  return g_test_run ();
}
