/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-phone.h"

typedef struct
{
  const char *input;
  SdPhoneState state;
  const char *output;
} Case;

static void
check_cases (const Case *cases,
             guint       n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *again = NULL;
      g_autofree char *escaped = g_strescape (cases[i].input, NULL);
      SdPhoneState state = sd_phone_normalize (cases[i].input, &out);

      /* Names the case in the log if an assertion below fails. */
      g_test_message ("input \"%s\"", escaped);
      g_assert_cmpstr (out, ==, cases[i].output);
      g_assert_cmpint (state, ==, cases[i].state);
      /* Normalising what was stored changes nothing. */
      g_assert_cmpint (sd_phone_normalize (out, &again), ==, state);
      g_assert_cmpstr (again, ==, out);
    }
}

static void
test_mobile (void)
{
  static const Case cases[] = {
    { "13812345678", SD_PHONE_VALID, "+8613812345678" },
    { "138 1234 5678", SD_PHONE_VALID, "+8613812345678" },
    { "138-1234-5678", SD_PHONE_VALID, "+8613812345678" },
    { "138.1234.5678", SD_PHONE_VALID, "+8613812345678" },
    { "(138) 1234-5678", SD_PHONE_VALID, "+8613812345678" },
    { "１３８１２３４５６７８", SD_PHONE_VALID, "+8613812345678" },
    { "１３８－１２３４－５６７８", SD_PHONE_VALID, "+8613812345678" },
    { "+8613812345678", SD_PHONE_VALID, "+8613812345678" },
    { "+86 138 1234 5678", SD_PHONE_VALID, "+8613812345678" },
    { "+86-13812345678", SD_PHONE_VALID, "+8613812345678" },
    { "(+86) 13812345678", SD_PHONE_VALID, "+8613812345678" },
    { "＋８６１３８１２３４５６７８", SD_PHONE_VALID, "+8613812345678" },
    { "8613812345678", SD_PHONE_VALID, "+8613812345678" },
    { "86 138 1234 5678", SD_PHONE_VALID, "+8613812345678" },
    { "008613812345678", SD_PHONE_VALID, "+8613812345678" },
    { "0086 138-1234-5678", SD_PHONE_VALID, "+8613812345678" },
    { "  13812345678\t", SD_PHONE_VALID, "+8613812345678" },
    { "138 1234 5678 ", SD_PHONE_VALID, "+8613812345678" },
    { "　19912345678　", SD_PHONE_VALID, "+8619912345678" },
    { "\xC2\xA0" "17012345678", SD_PHONE_VALID, "+8617012345678" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_landline (void)
{
  static const Case cases[] = {
    { "0571-88886666", SD_PHONE_VALID, "+8657188886666" },
    { "0571 8888 6666", SD_PHONE_VALID, "+8657188886666" },
    { "(0571) 88886666", SD_PHONE_VALID, "+8657188886666" },
    { "(010) 12345678", SD_PHONE_VALID, "+861012345678" },
    { "010-12345678", SD_PHONE_VALID, "+861012345678" },
    { "021 1234 5678", SD_PHONE_VALID, "+862112345678" },
    { "0755-2345678", SD_PHONE_VALID, "+867552345678" },
    { "+86 571 8888 6666", SD_PHONE_VALID, "+8657188886666" },
    { "+86 (0)571 8888 6666", SD_PHONE_VALID, "+8657188886666" },
    { "+86 10 1234 5678", SD_PHONE_VALID, "+861012345678" },
    { "0086-21-12345678", SD_PHONE_VALID, "+862112345678" },
    { "０５７１－８８８８６６６６", SD_PHONE_VALID, "+8657188886666" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_international (void)
{
  static const Case cases[] = {
    { "+1 415 555 2671", SD_PHONE_VALID, "+14155552671" },
    { "+1 (415) 555-2671", SD_PHONE_VALID, "+14155552671" },
    { "001 415 555 2671", SD_PHONE_VALID, "+14155552671" },
    { "+852 9123 4567", SD_PHONE_VALID, "+85291234567" },
    { "+886 912 345 678", SD_PHONE_VALID, "+886912345678" },
    { "+44 20 7946 0958", SD_PHONE_VALID, "+442079460958" },
    { "+1234567", SD_PHONE_VALID, "+1234567" },
    { "+123456789012345", SD_PHONE_VALID, "+123456789012345" },
    { "+123456", SD_PHONE_INVALID, "+123456" },
    { "+1234567890123456", SD_PHONE_INVALID, "+1234567890123456" },
    { "+0123456789", SD_PHONE_INVALID, "+0123456789" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_none (void)
{
  static const Case cases[] = {
    { "", SD_PHONE_NONE, "" },
    { "   ", SD_PHONE_NONE, "" },
    { "\t\r\n", SD_PHONE_NONE, "" },
    { "　", SD_PHONE_NONE, "" },
  };
  g_autofree char *out = NULL;

  check_cases (cases, G_N_ELEMENTS (cases));
  g_assert_cmpint (sd_phone_normalize (NULL, &out), ==, SD_PHONE_NONE);
  g_assert_cmpstr (out, ==, "");
}

static void
test_masked (void)
{
  static const Case cases[] = {
    { "138****5678", SD_PHONE_MASKED, "138****5678" },
    { " 1********** ", SD_PHONE_MASKED, "1**********" },
    { "+86-138****5678", SD_PHONE_MASKED, "+86-138****5678" },
    { "138＊＊＊＊5678", SD_PHONE_MASKED, "138＊＊＊＊5678" },
    { "18877771111-123", SD_PHONE_MASKED, "18877771111-123" },
    { "18877771111_1234", SD_PHONE_MASKED, "18877771111_1234" },
    { "18877771111转123", SD_PHONE_MASKED, "18877771111转123" },
    { "188 7777 1111 转 1234", SD_PHONE_MASKED, "188 7777 1111 转 1234" },
    { "~AgAAAABpbmRleA==~1~", SD_PHONE_MASKED, "~AgAAAABpbmRleA==~1~" },
    { "$f2Kx9$AAEC$", SD_PHONE_MASKED, "$f2Kx9$AAEC$" },
    { "#1#abc#", SD_PHONE_MASKED, "#1#abc#" },
    { "AgAAAABpbmRleA1234567", SD_PHONE_MASKED, "AgAAAABpbmRleA1234567" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_invalid (void)
{
  static const Case cases[] = {
    { "138123456789", SD_PHONE_INVALID, "138123456789" },
    { "1381234567", SD_PHONE_INVALID, "1381234567" },
    { "12812345678", SD_PHONE_INVALID, "12812345678" },
    { "+86 138123456789", SD_PHONE_INVALID, "+86 138123456789" },
    { "88886666", SD_PHONE_INVALID, "88886666" },
    { "0571-0888666", SD_PHONE_INVALID, "0571-0888666" },
    { "011-12345678", SD_PHONE_INVALID, "011-12345678" },
    { "abc", SD_PHONE_INVALID, "abc" },
    { "tel 13812345678", SD_PHONE_INVALID, "tel 13812345678" },
    { "13812345678+", SD_PHONE_INVALID, "13812345678+" },
    { "0571-88886666-123", SD_PHONE_INVALID, "0571-88886666-123" },
    { "18877771111-1234567", SD_PHONE_INVALID, "18877771111-1234567" },
    { "12345678901-123", SD_PHONE_INVALID, "12345678901-123" },
    { "AgAAAABpbmRleA", SD_PHONE_INVALID, "AgAAAABpbmRleA" },
    { "12345678901234567890123", SD_PHONE_INVALID, "12345678901234567890123" },
    { "+", SD_PHONE_INVALID, "+" },
    { " \xff" "138", SD_PHONE_INVALID, "\xEF\xBF\xBD" "138" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_format_display (void)
{
  static const char *const cases[][2] = {
    { "+8613812345678", "138 1234 5678" },
    { "+8657188886666", "0571 8888 6666" },
    { "+867552345678", "0755 234 5678" },
    { "+861012345678", "010 1234 5678" },
    { "+862112345678", "021 1234 5678" },
    { "+14155552671", "+14155552671" },
    { "+86123", "+86123" },
    { "138****5678", "138****5678" },
    { "not a number", "not a number" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *display = sd_phone_format_display (cases[i][0]);

      g_assert_cmpstr (display, ==, cases[i][1]);
    }
}

static void
test_mask (void)
{
  static const char *const cases[][2] = {
    { "+8613812345678", "138****5678" },
    { "+8657188886666", "0571****6666" },
    { "+867552345678", "0755***5678" },
    { "+861012345678", "010****5678" },
    { "+14155552671", "+14*****2671" },
    { "138****5678", "138****5678" },
    { "1**********", "1**********" },
    { "~AgAAAABpbmRleA==~1~", "~Ag*************=~1~" },
    { "18877771111转123", "188********转123" },
    { "张三李四王五赵六", "张三李*王五赵六" },
    { "1234567", "12***67" },
    { "abc", "a*c" },
    { "ab", "**" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = sd_phone_mask (cases[i][0]);

      g_assert_cmpstr (masked, ==, cases[i][1]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/phone/mobile", test_mobile);
  g_test_add_func ("/core/phone/landline", test_landline);
  g_test_add_func ("/core/phone/international", test_international);
  g_test_add_func ("/core/phone/none", test_none);
  g_test_add_func ("/core/phone/masked", test_masked);
  g_test_add_func ("/core/phone/invalid", test_invalid);
  g_test_add_func ("/core/phone/format-display", test_format_display);
  g_test_add_func ("/core/phone/mask", test_mask);

  return g_test_run ();
}
