/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/sd-aliyun-sign-private.h"

/* The vectors of ../shared/PROTOCOLS.md §3. */

static void
add_common (GHashTable *params)
{
  g_hash_table_insert (params, "AccessKeyId", "testId");
  g_hash_table_insert (params, "RegionId", "cn-hangzhou");
  g_hash_table_insert (params, "SignatureMethod", "HMAC-SHA1");
  g_hash_table_insert (params, "SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466");
  g_hash_table_insert (params, "SignatureVersion", "1.0");
  g_hash_table_insert (params, "Timestamp", "2017-07-12T02:42:19Z");
  g_hash_table_insert (params, "Version", "2017-05-25");
}

static GHashTable *
send_sms_params (void)
{
  GHashTable *params = g_hash_table_new (g_str_hash, g_str_equal);

  add_common (params);
  g_hash_table_insert (params, "Action", "SendSms");
  g_hash_table_insert (params, "Format", "XML");
  g_hash_table_insert (params, "OutId", "123");
  g_hash_table_insert (params, "PhoneNumbers", "15300000001");
  g_hash_table_insert (params, "SignName", "阿里云短信测试专用");
  g_hash_table_insert (params, "TemplateCode", "SMS_71390007");
  g_hash_table_insert (params, "TemplateParam", "{\"customer\":\"test\"}");
  return params;
}

static GHashTable *
send_batch_params (void)
{
  GHashTable *params = g_hash_table_new (g_str_hash, g_str_equal);

  add_common (params);
  g_hash_table_insert (params, "Action", "SendBatchSms");
  g_hash_table_insert (params, "Format", "JSON");
  g_hash_table_insert (params, "PhoneNumberJson", "[\"15300000001\",\"15300000002\"]");
  g_hash_table_insert (params, "SignNameJson", "[\"阿里云短信测试\",\"阿里云短信测试\"]");
  g_hash_table_insert (params, "TemplateCode", "SMS_71390007");
  g_hash_table_insert (params, "TemplateParamJson", "[{\"customer\":\"a b*~\"},{\"customer\":\"测试\"}]");
  return params;
}

static void
test_percent_encode (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "", "" },
    { "AZaz09-_.~", "AZaz09-_.~" },
    { "a b", "a%20b" },
    { "*", "%2A" },
    { "+/=&", "%2B%2F%3D%26" },
    { "测", "%E6%B5%8B" },
    { "{\"k\":1}", "%7B%22k%22%3A1%7D" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = sd_aliyun_percent_encode (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_canonical_query (void)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *query = NULL;
  g_autofree char *to_sign = NULL;

  g_hash_table_insert (params, "b", "x y");
  g_hash_table_insert (params, "A", "1");
  g_hash_table_insert (params, "a", "*");
  g_hash_table_insert (params, "Signature", "left out");
  query = sd_aliyun_canonical_query (params);
  /* Byte order: uppercase before lowercase. */
  g_assert_cmpstr (query, ==, "A=1&a=%2A&b=x%20y");
  to_sign = sd_aliyun_string_to_sign ("GET", params);
  g_assert_cmpstr (to_sign, ==, "GET&%2F&A%3D1%26a%3D%252A%26b%3Dx%2520y");
}

static void
check_sign (GHashTable *(*make) (void),
            const char  *method,
            const char  *expected)
{
  g_autoptr(GHashTable) params = make ();
  g_autofree char *sign = sd_aliyun_sign (method, params, "testSecret");

  g_assert_cmpstr (sign, ==, expected);
}

static void
test_send_sms_get (void)
{
  check_sign (send_sms_params, "GET", "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
}

static void
test_send_sms_post (void)
{
  check_sign (send_sms_params, "POST", "Xvhv7fPXrPkLVSnlt0jIr08o8NQ=");
}

static void
test_send_batch_get (void)
{
  check_sign (send_batch_params, "GET", "D5lOA2b9+JCiQcl9JlLwYeVjRcQ=");
}

/* A Signature already among the parameters is not signed; the secret's case matters. */
static void
test_signature_left_out (void)
{
  g_autoptr(GHashTable) params = send_sms_params ();
  g_autofree char *with = NULL;
  g_autofree char *other_case = NULL;

  g_hash_table_insert (params, "Signature", "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  with = sd_aliyun_sign ("GET", params, "testSecret");
  g_assert_cmpstr (with, ==, "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  other_case = sd_aliyun_sign ("GET", params, "testsecret");
  g_assert_cmpstr (other_case, !=, with);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/aliyun-sign/percent-encode", test_percent_encode);
  g_test_add_func ("/aliyun-sign/canonical-query", test_canonical_query);
  g_test_add_func ("/aliyun-sign/send-sms-get", test_send_sms_get);
  g_test_add_func ("/aliyun-sign/send-sms-post", test_send_sms_post);
  g_test_add_func ("/aliyun-sign/send-batch-get", test_send_batch_get);
  g_test_add_func ("/aliyun-sign/signature-left-out", test_signature_left_out);
  return g_test_run ();
}
