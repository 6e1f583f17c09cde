/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/sd-store-connect.h"

/* The published vector's parameters (../shared/PROTOCOLS.md §1), with SIGN_METHOD. */
static GHashTable *
vector_params (const char *sign_method)
{
  GHashTable *params = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (params, "app_key", "12345678");
  g_hash_table_insert (params, "fields", "num_iid,title,nick,price,num");
  g_hash_table_insert (params, "format", "json");
  g_hash_table_insert (params, "method", "taobao.item.seller.get");
  g_hash_table_insert (params, "num_iid", "11223344");
  g_hash_table_insert (params, "session", "test");
  g_hash_table_insert (params, "timestamp", "2016-01-01 12:00:00");
  g_hash_table_insert (params, "v", "2.0");
  g_hash_table_insert (params, "sign_method", (gpointer) sign_method);
  return params;
}

static void
check_vector (SdTopSignMethod method,
              const char     *expected)
{
  g_autoptr(GHashTable) params = vector_params (sd_top_sign_method_to_string (method));
  g_autofree char *sign = sd_top_sign (params, "helloworld", method);

  g_assert_cmpstr (sign, ==, expected);
}

static void
test_md5_vector (void)
{
  check_vector (SD_TOP_SIGN_MD5, "66987CB115214E59E6EC978214934FB8");
}

static void
test_hmac_vector (void)
{
  check_vector (SD_TOP_SIGN_HMAC, "D56D7858309C31B6251083A874D48273");
}

static void
test_hmac_sha256_vector (void)
{
  check_vector (SD_TOP_SIGN_HMAC_SHA256,
                "04DB15AD0774D5CFCE2C837DE43E3FCEA9011ED74F3038FB6AB5F3C4CEA119E8");
}

/* "sign" itself and empty values are not signed: adding them changes nothing. */
static void
test_left_out (void)
{
  for (SdTopSignMethod m = SD_TOP_SIGN_MD5; m <= SD_TOP_SIGN_HMAC_SHA256; m++)
    {
      g_autoptr(GHashTable) plain = vector_params (sd_top_sign_method_to_string (m));
      g_autoptr(GHashTable) extra = vector_params (sd_top_sign_method_to_string (m));
      g_autofree char *a = NULL, *b = NULL, *c = NULL;

      g_hash_table_insert (extra, "sign", "ABCDEF");
      g_hash_table_insert (extra, "empty", "");
      g_hash_table_insert (extra, "", "no name");
      a = sd_top_sign (plain, "helloworld", m);
      b = sd_top_sign (extra, "helloworld", m);
      g_assert_cmpstr (a, ==, b);

      /* …while any signed value, or the secret, does. */
      g_hash_table_insert (extra, "num_iid", "11223345");
      c = sd_top_sign (extra, "helloworld", m);
      g_assert_cmpstr (c, !=, a);
      g_free (c);
      c = sd_top_sign (plain, "helloworle", m);
      g_assert_cmpstr (c, !=, a);
    }
}

/* Names sort in byte order (uppercase before lowercase, "a" before "a_b" before "ab"),
 * and values go in as raw UTF-8. Checked against the md5 of the string by hand. */
static void
test_byte_order_and_utf8 (void)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *sign = NULL;
  g_autofree char *expected = NULL;

  g_hash_table_insert (params, "ab", "three");
  g_hash_table_insert (params, "a_b", "2");
  g_hash_table_insert (params, "a", "one");
  g_hash_table_insert (params, "B", "upper");
  g_hash_table_insert (params, "名字", "张三");
  g_hash_table_insert (params, "ab1", "");
  sign = sd_top_sign (params, "secret", SD_TOP_SIGN_MD5);

  expected = g_compute_checksum_for_string (G_CHECKSUM_MD5,
                                            "secretBupperaonea_b2abthree名字张三secret", -1);
  for (char *p = expected; *p; p++)
    *p = g_ascii_toupper (*p);
  g_assert_cmpstr (sign, ==, expected);
}

static void
test_method_names (void)
{
  SdTopSignMethod m;

  for (SdTopSignMethod i = SD_TOP_SIGN_MD5; i <= SD_TOP_SIGN_HMAC_SHA256; i++)
    {
      g_assert_true (sd_top_sign_method_from_string (sd_top_sign_method_to_string (i), &m));
      g_assert_cmpint (m, ==, i);
    }
  g_assert_cmpstr (sd_top_sign_method_to_string (SD_TOP_SIGN_HMAC_SHA256), ==, "hmac-sha256");
  g_assert_true (sd_top_sign_method_from_string ("HMAC", &m));
  g_assert_cmpint (m, ==, SD_TOP_SIGN_HMAC);
  g_assert_false (sd_top_sign_method_from_string ("sha1", &m));
  g_assert_false (sd_top_sign_method_from_string ("", &m));
  g_assert_false (sd_top_sign_method_from_string (NULL, &m));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/top-sign/md5-vector", test_md5_vector);
  g_test_add_func ("/core/top-sign/hmac-vector", test_hmac_vector);
  g_test_add_func ("/core/top-sign/hmac-sha256-vector", test_hmac_sha256_vector);
  g_test_add_func ("/core/top-sign/left-out", test_left_out);
  g_test_add_func ("/core/top-sign/byte-order-utf8", test_byte_order_and_utf8);
  g_test_add_func ("/core/top-sign/method-names", test_method_names);

  return g_test_run ();
}
