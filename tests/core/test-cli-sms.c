/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include "sd-test-cli.h"
#include "sd-test-sms-vectors.h"

/* shopdesk-cli sms count: the PROTOCOLS.md §4 vectors through the command line, its JSON
 * and plain output, the domestic rule, and usage errors. It opens no shop and asks for no
 * password. */

/* No shop, no account: the command must not need them. */
static const char * const no_login[] = { "SHOPDESK_USER", "SHOPDESK_PASSWORD", "SHOPDESK_DB", NULL };

static void
check_json (const char *text,
            gboolean    domestic,
            const char *encoding,
            gint64      units,
            gint64      parts)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;

  if (domestic)
    RUN_ENV (&r, NULL, no_login, "sms", "count", "--json", "--domestic", text);
  else
    RUN_ENV (&r, NULL, no_login, "sms", "count", text, "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  root = parse_json (r.out);
  o = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (o), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (o, "encoding"), ==, encoding);
  g_assert_cmpint (json_object_get_int_member (o, "units"), ==, units);
  g_assert_cmpint (json_object_get_int_member (o, "parts"), ==, parts);
}

/* Every vector of PROTOCOLS.md §4, domestic ones with --domestic. */
static void
test_vectors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sms_vectors); i++)
    {
      const SmsVector *v = &sms_vectors[i];
      g_autofree char *text = sms_vector_text (v);

      check_json (text, v->domestic, v->encoding, v->units, v->parts);
    }
}

/* Plain output names the encoding, the length and the parts, and shows where it breaks. */
static void
test_plain (void)
{
  g_autofree char *a161 = sms_repeat ("a", 161);
  g_autofree char *a153 = sms_repeat ("a", 153);
  g_autofree char *first = g_strdup_printf ("  1: %s\n", a153);
  g_auto(Result) one = { 0 };
  g_auto(Result) two = { 0 };

  RUN_ENV (&one, NULL, no_login, "sms", "count", "Hi 😀");
  g_assert_cmpint (one.status, ==, 0);
  g_assert_nonnull (strstr (one.out, "Encoding: UCS-2\n"));
  g_assert_nonnull (strstr (one.out, "Length:   5 "));
  g_assert_nonnull (strstr (one.out, "Parts:    1\n"));
  g_assert_null (strstr (one.out, "  1: "));

  RUN_ENV (&two, NULL, no_login, "sms", "count", a161);
  g_assert_cmpint (two.status, ==, 0);
  g_assert_nonnull (strstr (two.out, "Encoding: GSM-7\n"));
  g_assert_nonnull (strstr (two.out, "Length:   161 "));
  g_assert_nonnull (strstr (two.out, "Parts:    2\n"));
  g_assert_nonnull (strstr (two.out, first));
  g_assert_true (g_str_has_suffix (two.out, "  2: aaaaaaaa\n"));
}

/* Each length in its plural, with thousands separators, in the units of its encoding. */
static void
test_plain_counts (void)
{
  g_autofree char *a1200 = sms_repeat ("a", 1200);
  g_auto(Result) r = { 0 };

  RUN_ENV (&r, NULL, no_login, "sms", "count", "a");
  g_assert_nonnull (strstr (r.out, "Length:   1 septet (extension characters count 2)\n"));
  RUN_ENV (&r, NULL, no_login, "sms", "count", a1200);
  g_assert_nonnull (strstr (r.out, "Length:   1,200 septets (extension characters count 2)\n"));
  g_assert_nonnull (strstr (r.out, "Parts:    8\n"));
  RUN_ENV (&r, NULL, no_login, "sms", "count", "字");
  g_assert_nonnull (strstr (r.out, "Length:   1 UTF-16 unit (an emoji counts 2)\n"));
  RUN_ENV (&r, NULL, no_login, "sms", "count", "--domestic", "【店】您好");
  g_assert_nonnull (strstr (r.out, "Length:   5 characters, signature included\n"));
}

/* A text starting with a dash is counted after --. */
static void
test_dash (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;

  RUN_ENV (&r, NULL, no_login, "sms", "count", "--json", "--", "-5% off");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "units"), ==, 7);
}

static void
test_usage (void)
{
  static const char * const bad[][5] = {
    { "sms", NULL },
    { "sms", "count", NULL },
    { "sms", "count", "a", "b" },
    { "sms", "count", "--bogus", "a" },
    { "sms", "bogus", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Result) r = { 0 };

      run_cli (&r, NULL, no_login, bad[i]);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_true (g_str_has_prefix (r.err, "shopdesk-cli: "));
    }
}

/* `sms settings` reaches the shop's SMS settings (sd-cli-campaigns.c): a change made
 * through it is read back. */
static void
test_settings (CliFixture    *f,
               gconstpointer  data)
{
  g_auto(Result) set = { 0 };
  g_auto(Result) get = { 0 };
  g_autoptr(JsonNode) root = NULL;

  RUN (&set, f->db, "sms", "settings", "--hours", "09:00-21:00");
  g_assert_cmpint (set.status, ==, 0);
  RUN (&get, f->db, "sms", "settings", "--json");
  g_assert_cmpint (get.status, ==, 0);
  root = parse_json (get.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "hours"), ==, "09:00-21:00");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/sms/vectors", test_vectors);
  g_test_add_func ("/cli/sms/plain", test_plain);
  g_test_add_func ("/cli/sms/plain-counts", test_plain_counts);
  g_test_add_func ("/cli/sms/dash", test_dash);
  g_test_add_func ("/cli/sms/usage", test_usage);
  g_test_add ("/cli/sms/settings", CliFixture, NULL, cli_fixture_setup_shop, test_settings,
              cli_fixture_teardown);

  return g_test_run ();
}
