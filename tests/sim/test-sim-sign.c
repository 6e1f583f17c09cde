/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "sd-sim-format.h"
#include "sd-sim-sign.h"

/* The simulator's own TOP signer against the published vectors (PROTOCOLS.md §1), and its
 * time and number formats. */

static GHashTable *
vector_params (const char *sign_method)
{
  GHashTable *p = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (p, "app_key", "12345678");
  g_hash_table_insert (p, "fields", "num_iid,title,nick,price,num");
  g_hash_table_insert (p, "format", "json");
  g_hash_table_insert (p, "method", "taobao.item.seller.get");
  g_hash_table_insert (p, "num_iid", "11223344");
  g_hash_table_insert (p, "session", "test");
  g_hash_table_insert (p, "timestamp", "2016-01-01 12:00:00");
  g_hash_table_insert (p, "v", "2.0");
  g_hash_table_insert (p, "sign_method", (gpointer) sign_method);
  return p;
}

static void
check_vector (const char *sign_method,
              const char *expected)
{
  g_autoptr(GHashTable) p = vector_params (sign_method);
  g_autofree char *sign = sd_sim_top_sign (p, "helloworld", sign_method);

  g_assert_cmpstr (sign, ==, expected);
}

static void
test_md5 (void)
{
  check_vector ("md5", "66987CB115214E59E6EC978214934FB8");
}

static void
test_hmac (void)
{
  check_vector ("hmac", "D56D7858309C31B6251083A874D48273");
}

static void
test_hmac_sha256 (void)
{
  check_vector ("hmac-sha256", "04DB15AD0774D5CFCE2C837DE43E3FCEA9011ED74F3038FB6AB5F3C4CEA119E8");
}

/* `sign` itself and empty values do not take part; an unknown method signs nothing. */
static void
test_ignored (void)
{
  g_autoptr(GHashTable) p = vector_params ("md5");
  g_autofree char *sign = NULL;
  g_autofree char *other = NULL;

  g_hash_table_insert (p, "sign", "0123");
  g_hash_table_insert (p, "empty", "");
  sign = sd_sim_top_sign (p, "helloworld", "md5");
  g_assert_cmpstr (sign, ==, "66987CB115214E59E6EC978214934FB8");
  g_hash_table_insert (p, "num_iid", "11223345");
  other = sd_sim_top_sign (p, "helloworld", "md5");
  g_assert_cmpstr (other, !=, sign);
  g_assert_null (sd_sim_top_sign (p, "helloworld", "sha1"));
}

static void
test_top_time (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 t;

  g_assert_true (sd_sim_parse_top_time ("2016-01-01 12:00:00", &t));
  g_assert_cmpint (t, ==, 1451620800);     /* 04:00:00 UTC */
  sd_sim_append_top_time (out, t);
  g_assert_cmpstr (out->str, ==, "\"2016-01-01 12:00:00\"");
  g_string_truncate (out, 0);
  sd_sim_append_iso_time (out, t);
  g_assert_cmpstr (out->str, ==, "\"2016-01-01T12:00:00+08:00\"");
  g_assert_true (sd_sim_parse_top_time ("2024-02-29 23:59:59", &t));
  g_assert_false (sd_sim_parse_top_time ("2023-02-29 00:00:00", &t));
  g_assert_false (sd_sim_parse_top_time ("2016-01-01T12:00:00", &t));
  g_assert_false (sd_sim_parse_top_time ("2016-01-01 12:00", &t));
  g_assert_false (sd_sim_parse_top_time ("2016-01-01 24:00:00", &t));
  g_assert_false (sd_sim_parse_top_time ("2016-01-01 12:00:00 ", &t));
}

static void
test_iso_time (void)
{
  gint64 t;

  g_assert_true (sd_sim_parse_iso_time ("2016-01-01T12:00:00+08:00", &t));
  g_assert_cmpint (t, ==, 1451620800);
  g_assert_true (sd_sim_parse_iso_time ("2016-01-01T04:00:00Z", &t));
  g_assert_cmpint (t, ==, 1451620800);
  g_assert_true (sd_sim_parse_iso_time ("2016-01-01T04:00:00.123Z", &t));
  g_assert_cmpint (t, ==, 1451620800);
  g_assert_true (sd_sim_parse_iso_time ("2015-12-31T23:00:00-05:00", &t));
  g_assert_cmpint (t, ==, 1451620800);
  g_assert_true (sd_sim_parse_iso_time ("2016-01-01T12:00:00", &t));    /* the shop's zone */
  g_assert_cmpint (t, ==, 1451620800);
  g_assert_true (sd_sim_parse_iso_time ("2016-01-01", &t));
  g_assert_cmpint (t, ==, 1451620800 - 12 * 3600);
  g_assert_false (sd_sim_parse_iso_time ("2016-01-01T12:00:00 08:00", &t));   /* unencoded + */
  g_assert_false (sd_sim_parse_iso_time ("yesterday", &t));
}

static void
test_numbers (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint64 n;
  double r;

  sd_sim_append_money (out, 14800);
  sd_sim_append_money (out, 5);
  sd_sim_append_int (out, G_GINT64_CONSTANT (3000000000000000001));
  sd_sim_append_string (out, "a\"b\\c\n张");
  g_assert_cmpstr (out->str, ==, "\"148.00\"\"0.05\"3000000000000000001\"a\\\"b\\\\c\\u000a张\"");
  g_assert_true (sd_sim_parse_uint ("100", 100, &n));
  g_assert_false (sd_sim_parse_uint ("101", 100, &n));
  g_assert_false (sd_sim_parse_uint ("-1", 100, &n));
  g_assert_false (sd_sim_parse_uint ("1x", 100, &n));
  g_assert_true (sd_sim_parse_rate ("0.25", &r));
  g_assert_false (sd_sim_parse_rate ("1.5", &r));
  g_assert_false (sd_sim_parse_rate ("nan", &r));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/sign/md5", test_md5);
  g_test_add_func ("/sim/sign/hmac", test_hmac);
  g_test_add_func ("/sim/sign/hmac-sha256", test_hmac_sha256);
  g_test_add_func ("/sim/sign/ignored", test_ignored);
  g_test_add_func ("/sim/format/top-time", test_top_time);
  g_test_add_func ("/sim/format/iso-time", test_iso_time);
  g_test_add_func ("/sim/format/numbers", test_numbers);
  return g_test_run ();
}
