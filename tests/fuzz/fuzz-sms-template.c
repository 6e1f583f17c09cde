/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the SMS template: the input, cut at its NUL bytes, gives the
 * signature, the body, the opt-out, a value for every placeholder and a blocked word.
 * Whatever they are, the rendered message is UTF-8, starts with the 【signature】 when
 * there is one and ends with the opt-out, the TemplateParam JSON parses and holds
 * exactly the placeholders, and every lint issue points inside the body. */
#include <stdint.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sd-sms-template.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The FIELD-th NUL-separated piece of the input, "" past the end. */
static const char *
field (GPtrArray *fields,
       guint      i)
{
  return i < fields->len ? g_ptr_array_index (fields, i) : "";
}

static GPtrArray *
cut (const uint8_t *data,
     size_t         size)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  size_t start = 0;

  for (size_t i = 0; i <= size; i++)
    if (i == size || data[i] == '\0')
      {
        g_ptr_array_add (fields, g_strndup ((const char *) data + start, i - start));
        start = i + 1;
      }
  return fields;
}

static void
check_params (const char *json,
              GStrv       names)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (o), ==, g_strv_length (names));
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_true (json_object_has_member (o, names[i]));
}

static void
check_lint (SdSmsTemplate *t,
            const char    *blocked_word,
            const char    *longest)
{
  const char *blocked[] = { blocked_word, NULL };
  g_autoptr(GPtrArray) issues = sd_sms_template_lint (t, NULL, blocked, longest);
  guint body_chars = (guint) g_utf8_strlen (sd_sms_template_get_body (t), -1);

  for (guint i = 0; i < issues->len; i++)
    {
      SdSmsLintIssue *issue = g_ptr_array_index (issues, i);

      g_assert_nonnull (issue->message);
      g_assert_true (g_utf8_validate (issue->message, -1, NULL));
      g_assert_cmpuint (issue->offset + issue->length, <=, body_chars);
      if (i > 0)
        g_assert_cmpuint (((SdSmsLintIssue *) g_ptr_array_index (issues, i - 1))->offset, <=, issue->offset);
    }
}

/* The body itself carries an opt-out, so none is added. */
static gboolean
has_opt_out (SdSmsTemplate *t)
{
  const char *body = sd_sms_template_get_body (t);

  return strstr (body, sd_sms_template_get_opt_out (t)) != NULL ||
         strstr (body, SD_SMS_DEFAULT_OPT_OUT) != NULL || strstr (body, "回T退订") != NULL ||
         strstr (body, "回TD退订") != NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) fields = cut (data, size);
  g_autoptr(SdSmsTemplate) t = sd_sms_template_new (field (fields, 0), field (fields, 1), field (fields, 2));
  g_auto(GStrv) names = sd_sms_template_list_placeholders (t);
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *content = sd_sms_template_get_content (t);
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *signature = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    if (i % 2 == 0)   /* every other one missing: its fallback is used */
      g_hash_table_insert (values, names[i], (gpointer) field (fields, 3));
  text = sd_sms_template_render (t, values, NULL, &json);

  g_assert_true (g_utf8_validate (content, -1, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  /* Never without an opt-out: the one added, or the one the body ends with. */
  g_assert_true (g_str_has_suffix (content, sd_sms_template_get_opt_out (t)) || has_opt_out (t));
  if (*sd_sms_template_get_signature (t) != '\0')
    {
      signature = g_strdup_printf ("【%s】", sd_sms_template_get_signature (t));
      g_assert_true (g_str_has_prefix (text, signature));
    }
  check_params (json, names);
  check_lint (t, field (fields, 4), NULL);
  check_lint (t, field (fields, 4), text);
  return 0;
}
