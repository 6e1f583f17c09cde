/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the --where parser: whatever the input, it is either a condition
 * whose canonical text parses back to an equal condition and prints the same again, or
 * an SD_ERROR_INVALID_INPUT naming a column inside the input (or just past its end). */
#include <stdint.h>
#include <string.h>

#include "sd-condition.h"
#include "sd-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_condition (const SdCondition *condition,
                 guint              depth)
{
  guint n = sd_condition_get_n_children (condition);

  g_assert_cmpuint (depth, <=, 2 * SD_CONDITION_MAX_DEPTH + 2);
  switch (sd_condition_get_kind (condition))
    {
    case SD_CONDITION_COMPARE:
      g_assert_cmpuint (n, ==, 0);
      g_assert_true (sd_condition_field_allows_op (sd_condition_get_field (condition),
                                                   sd_condition_get_op (condition)));
      if (sd_condition_field_get_value_kind (sd_condition_get_field (condition)) == SD_CONDITION_VALUE_TEXT)
        g_assert_true (g_utf8_validate (sd_condition_get_text (condition), -1, NULL));
      else
        {
          g_assert_null (sd_condition_get_text (condition));
          g_assert_cmpint (sd_condition_get_number (condition), <=, SD_CONDITION_MAX_NUMBER);
          g_assert_cmpint (sd_condition_get_number (condition), >=, -SD_CONDITION_MAX_NUMBER);
        }
      break;
    case SD_CONDITION_NOT:
      g_assert_cmpuint (n, ==, 1);
      check_condition (sd_condition_get_child (condition, 0), depth + 1);
      break;
    case SD_CONDITION_AND:
    case SD_CONDITION_OR:
      g_assert_cmpuint (n, >=, 2);
      for (guint i = 0; i < n; i++)
        {
          const SdCondition *child = sd_condition_get_child (condition, i);
          /* flattened: no AND directly under an AND */
          g_assert_cmpint (sd_condition_get_kind (child), !=, sd_condition_get_kind (condition));
          check_condition (child, depth + 1);
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCondition) condition = NULL;
  guint column = 0;

  condition = sd_condition_parse_full (input, &column, &error);
  if (condition == NULL)
    {
      g_autofree char *prefix = g_strdup_printf ("at column %u: ", column);
      const char *end = NULL;
      glong chars;

      g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_cmpuint (column, >=, 1);
      g_utf8_validate (input, -1, &end);
      chars = g_utf8_strlen (input, end - input);
      g_assert_cmpuint (column, <=, (guint) chars + 1);
    }
  else
    {
      g_autofree char *text = sd_condition_to_string (condition);
      g_autofree char *again_text = NULL;
      g_autoptr(SdCondition) again = NULL;
      g_autoptr(GError) again_error = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (column, ==, 0);
      g_assert_true (g_utf8_validate (input, -1, NULL));
      check_condition (condition, 0);
      again = sd_condition_parse (text, &again_error);
      g_assert_no_error (again_error);
      g_assert_true (sd_condition_equal (condition, again));
      again_text = sd_condition_to_string (again);
      g_assert_cmpstr (again_text, ==, text);
    }
  return 0;
}
