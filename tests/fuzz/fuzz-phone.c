/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the phone normaliser: whatever the input, the stored form is
 * UTF-8 and normalises to itself, a VALID number is E.164, the display form reads
 * back as the same number, and a mask hides something and never adds a character. */
#include <stdint.h>
#include <string.h>

#include "sd-phone.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_valid (const char *phone)
{
  gsize len = strlen (phone);
  g_autofree char *display = sd_phone_format_display (phone);
  g_autofree char *from_display = NULL;
  g_autofree char *masked = sd_phone_mask (phone);

  g_assert_cmpint (phone[0], ==, '+');
  g_assert_cmpuint (len, >=, 8);
  g_assert_cmpuint (len, <=, 16);
  g_assert_cmpint (phone[1], !=, '0');
  for (gsize i = 1; i < len; i++)
    g_assert_true (g_ascii_isdigit (phone[i]));

  g_assert_cmpint (sd_phone_normalize (display, &from_display), ==, SD_PHONE_VALID);
  g_assert_cmpstr (from_display, ==, phone);

  g_assert_nonnull (strchr (masked, '*'));
  g_assert_cmpuint (strlen (masked), <=, len);
}

/* Masked and invalid values keep their characters in place, at least one of them
 * turned into '*'. */
static void
check_kept (const char *phone)
{
  g_autofree char *display = sd_phone_format_display (phone);
  g_autofree char *masked = sd_phone_mask (phone);
  const char *p = phone;
  const char *m = masked;
  guint stars = 0;

  g_assert_cmpstr (display, ==, phone);
  g_assert_true (g_utf8_validate (masked, -1, NULL));
  while (*p != '\0')
    {
      const char *next = g_utf8_next_char (p);

      g_assert_cmpint (*m, !=, '\0');
      if (*m == '*')
        {
          stars++;
          m++;
        }
      else
        {
          g_assert_cmpint (memcmp (m, p, next - p), ==, 0);
          m += next - p;
        }
      p = next;
    }
  g_assert_cmpint (*m, ==, '\0');
  g_assert_cmpuint (stars, >, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_autofree char *phone = NULL;
  g_autofree char *again = NULL;
  SdPhoneState state = sd_phone_normalize (input, &phone);

  g_assert_nonnull (phone);
  g_assert_true (g_utf8_validate (phone, -1, NULL));
  g_assert_cmpint (sd_phone_normalize (phone, &again), ==, state);
  g_assert_cmpstr (again, ==, phone);

  switch (state)
    {
    case SD_PHONE_NONE:
      g_assert_cmpstr (phone, ==, "");
      break;
    case SD_PHONE_VALID:
      check_valid (phone);
      break;
    case SD_PHONE_MASKED:
    case SD_PHONE_INVALID:
      g_assert_cmpstr (phone, !=, "");
      check_kept (phone);
      break;
    default:
      g_assert_not_reached ();
    }
  return 0;
}
