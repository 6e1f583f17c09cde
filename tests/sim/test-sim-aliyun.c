/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-sim-aliyun.h"
#include "sim-test-util.h"

/* The simulator's Aliyun SMS endpoints (dysmsapi), driven by hand-built requests signed with
 * the simulator's own signer: the vectors of PROTOCOLS.md §3 first, then every check. */

#define KEY_ID "testId"
#define KEY_SECRET "testSecret"

/* ---- the signer against the vectors ------------------------------------------------ */

static void
add_common (GHashTable *p)
{
  g_hash_table_insert (p, "AccessKeyId", "testId");
  g_hash_table_insert (p, "RegionId", "cn-hangzhou");
  g_hash_table_insert (p, "SignatureMethod", "HMAC-SHA1");
  g_hash_table_insert (p, "SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466");
  g_hash_table_insert (p, "SignatureVersion", "1.0");
  g_hash_table_insert (p, "Timestamp", "2017-07-12T02:42:19Z");
  g_hash_table_insert (p, "Version", "2017-05-25");
}

static void
test_sign_vectors (void)
{
  g_autoptr(GHashTable) single = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) batch = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *get = NULL, *post = NULL, *batch_get = NULL;

  add_common (single);
  g_hash_table_insert (single, "Action", "SendSms");
  g_hash_table_insert (single, "Format", "XML");
  g_hash_table_insert (single, "OutId", "123");
  g_hash_table_insert (single, "PhoneNumbers", "15300000001");
  g_hash_table_insert (single, "SignName", "阿里云短信测试专用");
  g_hash_table_insert (single, "TemplateCode", "SMS_71390007");
  g_hash_table_insert (single, "TemplateParam", "{\"customer\":\"test\"}");
  get = sd_sim_aliyun_sign ("GET", single, KEY_SECRET);
  g_assert_cmpstr (get, ==, "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  post = sd_sim_aliyun_sign ("POST", single, KEY_SECRET);
  g_assert_cmpstr (post, ==, "Xvhv7fPXrPkLVSnlt0jIr08o8NQ=");

  add_common (batch);
  g_hash_table_insert (batch, "Action", "SendBatchSms");
  g_hash_table_insert (batch, "Format", "JSON");
  g_hash_table_insert (batch, "PhoneNumberJson", "[\"15300000001\",\"15300000002\"]");
  g_hash_table_insert (batch, "SignNameJson", "[\"阿里云短信测试\",\"阿里云短信测试\"]");
  g_hash_table_insert (batch, "TemplateCode", "SMS_71390007");
  g_hash_table_insert (batch, "TemplateParamJson", "[{\"customer\":\"a b*~\"},{\"customer\":\"测试\"}]");
  g_hash_table_insert (batch, "Signature", "not signed itself");
  batch_get = sd_sim_aliyun_sign ("GET", batch, KEY_SECRET);
  g_assert_cmpstr (batch_get, ==, "D5lOA2b9+JCiQcl9JlLwYeVjRcQ=");
}

/* ---- requests ---------------------------------------------------------------------- */

static char *
utc_now (gint64 offset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (double) offset);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

/* ACTION's parameters (name, value, …, NULL) and the common ones, owned strings. */
static GHashTable *
params_new (const char *action,
            ...)
{
  GHashTable *p = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;
  const char *name;

  g_hash_table_insert (p, g_strdup ("AccessKeyId"), g_strdup (KEY_ID));
  g_hash_table_insert (p, g_strdup ("Action"), g_strdup (action));
  g_hash_table_insert (p, g_strdup ("Format"), g_strdup ("JSON"));
  g_hash_table_insert (p, g_strdup ("RegionId"), g_strdup ("cn-hangzhou"));
  g_hash_table_insert (p, g_strdup ("SignatureMethod"), g_strdup ("HMAC-SHA1"));
  g_hash_table_insert (p, g_strdup ("SignatureNonce"), g_uuid_string_random ());
  g_hash_table_insert (p, g_strdup ("SignatureVersion"), g_strdup ("1.0"));
  g_hash_table_insert (p, g_strdup ("Timestamp"), utc_now (0));
  g_hash_table_insert (p, g_strdup ("Version"), g_strdup ("2017-05-25"));
  va_start (args, action);
  while ((name = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (p, g_strdup (name), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return p;
}

static void
sign (GHashTable *p,
      const char *method)
{
  g_hash_table_remove (p, "Signature");
  g_hash_table_insert (p, g_strdup ("Signature"), sd_sim_aliyun_sign (method, p, KEY_SECRET));
}

static Reply *
send_params (Sim        *sim,
             GHashTable *p,
             const char *method)
{
  g_autofree char *url = g_strconcat (sim->base, "/", NULL);
  g_autofree char *form = soup_form_encode_hash (p);
  Reply *reply = g_new0 (Reply, 1);

  if (strcmp (method, "POST") == 0)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

      reply->msg = soup_message_new ("POST", url);
      soup_message_set_request_body_from_bytes (reply->msg, "application/x-www-form-urlencoded", body);
    }
  else
    {
      g_autofree char *get_url = g_strconcat (url, "?", form, NULL);

      reply->msg = soup_message_new ("GET", get_url);
    }
  reply->body = soup_session_send_and_read (sim->session, reply->msg, NULL, &reply->error);
  reply->status = soup_message_get_status (reply->msg);
  return reply;
}

/* Signs P (taken) for METHOD, sends it, and checks the answer's HTTP status and Code. */
static JsonObject *
call (Sim        *sim,
      GHashTable *p,
      const char *method,
      guint       status,
      const char *code)
{
  g_autoptr(GHashTable) owned = p;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;

  if (!g_hash_table_contains (owned, "Signature"))
    sign (owned, method);
  reply = send_params (sim, owned, method);
  g_assert_no_error (reply->error);
  node = reply_json (reply);
  root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "Code"), ==, code);
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (json_object_get_string_member (root, "RequestId"));
  return json_object_ref (root);
}

static gint64
admin_int (Sim        *sim,
           const char *path,
           const char *member)
{
  g_autoptr(JsonNode) node = sim_admin (sim, "GET", path);

  return json_object_get_int_member (json_node_get_object (node), member);
}

static void
admin_post (Sim        *sim,
            const char *path)
{
  g_autoptr(JsonNode) node = sim_admin (sim, "POST", path);
}

static Sim *
start (void)
{
  return sim_start ("--aliyun-delivery-delay", "0", NULL);
}

/* ---- sending ----------------------------------------------------------------------- */

static void
test_send_get_and_post (void)
{
  g_autoptr(Sim) sim = start ();
  g_autoptr(JsonObject) get = NULL;
  g_autoptr(JsonObject) post = NULL;
  g_autoptr(JsonNode) messages = NULL;
  JsonArray *list;
  JsonObject *m;

  get = call (sim, params_new ("SendSms", "PhoneNumbers", "15300000001,15300000002",
                               "SignName", "测试", "TemplateCode", "SMS_1",
                               "TemplateParam", "{\"name\":\"a b*~+\"}", "OutId", "o-1", NULL),
              "GET", 200, "OK");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (get, "BizId"), "^0"));
  post = call (sim, params_new ("SendBatchSms", "PhoneNumberJson", "[\"15300000003\",\"15300000004\"]",
                                "SignNameJson", "[\"测试\",\"测试\"]", "TemplateCode", "SMS_1",
                                "TemplateParamJson", "[{\"n\":\"x\"},{\"n\":\"y\"}]",
                                "OutId", "o-2", NULL),
               "POST", 200, "OK");
  g_assert_cmpstr (json_object_get_string_member (post, "BizId"), !=,
                   json_object_get_string_member (get, "BizId"));

  messages = sim_admin (sim, "GET", "/_sim/aliyun/messages");
  list = json_object_get_array_member (json_node_get_object (messages), "messages");
  g_assert_cmpuint (json_array_get_length (list), ==, 4);
  m = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (m, "phone"), ==, "15300000002");
  g_assert_cmpstr (json_object_get_string_member (m, "template_param"), ==, "{\"name\":\"a b*~+\"}");
  g_assert_cmpstr (json_object_get_string_member (m, "out_id"), ==, "o-1");
  g_assert_cmpstr (json_object_get_string_member (m, "biz_id"), ==,
                   json_object_get_string_member (get, "BizId"));
  m = json_array_get_object_element (list, 3);
  g_assert_cmpstr (json_object_get_string_member (m, "phone"), ==, "15300000004");
  g_assert_cmpstr (json_object_get_string_member (m, "template_param"), ==, "{\"n\":\"y\"}");
  g_assert_cmpstr (json_object_get_string_member (m, "sign_name"), ==, "测试");
  g_assert_cmpstr (json_object_get_string_member (m, "template_code"), ==, "SMS_1");
  g_assert_cmpint (json_object_get_int_member (m, "time"), >, 0);
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/counts", "phones"), ==, 4);
}

static void
test_send_checks (void)
{
  g_autoptr(Sim) sim = start ();
  g_autoptr(GString) hundred_one = g_string_new ("[");
  g_autoptr(GString) signs = g_string_new ("[");
  g_autoptr(JsonObject) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL, f = NULL;

  for (guint i = 0; i < 101; i++)
    {
      g_string_append_printf (hundred_one, "%s\"153%08u\"", i ? "," : "", i);
      g_string_append_printf (signs, "%s\"s\"", i ? "," : "");
    }
  g_string_append_c (hundred_one, ']');
  g_string_append_c (signs, ']');

  a = call (sim, params_new ("SendSms", "PhoneNumbers", "1530000000", "SignName", "s",
                             "TemplateCode", "T", NULL), "GET", 200, "isv.MOBILE_NUMBER_ILLEGAL");
  b = call (sim, params_new ("SendBatchSms", "PhoneNumberJson", hundred_one->str, "SignNameJson",
                             signs->str, "TemplateCode", "T", NULL),
            "POST", 200, "isv.MOBILE_COUNT_OVER_LIMIT");
  c = call (sim, params_new ("SendBatchSms", "PhoneNumberJson", "[\"15300000001\",\"15300000002\"]",
                             "SignNameJson", "[\"s\"]", "TemplateCode", "T", NULL),
            "POST", 200, "isv.INVALID_PARAMETERS");
  d = call (sim, params_new ("SendSms", "PhoneNumbers", "15300000001", "SignName", "s", NULL),
            "GET", 400, "MissingParameter");
  e = call (sim, params_new ("SendSms", "PhoneNumbers", "15300000001", "SignName", "s",
                             "TemplateCode", "T", "TemplateParam", "not json", NULL),
            "GET", 200, "isv.INVALID_JSON_PARAM");
  f = call (sim, params_new ("SendMms", NULL), "GET", 404, "InvalidAction.NotFound");
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/counts", "messages"), ==, 0);
}

/* ---- the common parameters and the signature --------------------------------------- */

static GHashTable *
valid_send (void)
{
  return params_new ("SendSms", "PhoneNumbers", "15300000001", "SignName", "s", "TemplateCode",
                     "T", NULL);
}

static void
test_common_checks (void)
{
  g_autoptr(Sim) sim = start ();
  static const struct { const char *name, *value; guint status; const char *code; } cases[] = {
    { "Version", "2016-09-27", 400, "InvalidVersion" },
    { "Format", "XML", 400, "InvalidParameter" },
    { "SignatureMethod", "HMAC-SHA256", 400, "InvalidSignatureMethod" },
    { "SignatureVersion", "2.0", 400, "InvalidSignatureVersion" },
    { "Timestamp", "2017-07-12 02:42:19", 400, "InvalidTimeStamp.Format" },
    { "Timestamp", "2017-07-12T02:42:19Z", 400, "InvalidTimeStamp.Expired" },
    { "AccessKeyId", "otherId", 404, "InvalidAccessKeyId.NotFound" },
  };
  static const char * const required[] = {
    "AccessKeyId", "Format", "SignatureMethod", "SignatureNonce", "SignatureVersion",
    "Timestamp", "Version",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GHashTable *p = valid_send ();
      g_autoptr(JsonObject) root = NULL;

      g_hash_table_insert (p, g_strdup (cases[i].name), g_strdup (cases[i].value));
      root = call (sim, p, "GET", cases[i].status, cases[i].code);
    }
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      GHashTable *p = valid_send ();
      g_autoptr(JsonObject) root = NULL;

      g_hash_table_remove (p, required[i]);
      root = call (sim, p, "POST", 400, "MissingParameter");
      g_assert_nonnull (strstr (json_object_get_string_member (root, "Message"), required[i]));
    }
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/counts", "messages"), ==, 0);
}

static void
test_signature (void)
{
  g_autoptr(Sim) sim = start ();
  GHashTable *wrong = valid_send ();
  GHashTable *changed = valid_send ();
  GHashTable *first = valid_send ();
  GHashTable *again = NULL;
  g_autoptr(JsonObject) a = NULL, b = NULL, c = NULL, d = NULL;

  /* Signed with another secret: refused, the string to sign echoed as Aliyun does. */
  g_hash_table_insert (wrong, g_strdup ("Signature"), sd_sim_aliyun_sign ("GET", wrong, "TestSecret"));
  a = call (sim, wrong, "GET", 400, "SignatureDoesNotMatch");
  g_assert_nonnull (strstr (json_object_get_string_member (a, "Message"), "15300000001"));
  /* Signed for GET, sent by POST. */
  sign (changed, "GET");
  b = call (sim, changed, "POST", 400, "SignatureDoesNotMatch");
  /* A nonce is good once. */
  sign (first, "GET");
  again = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  {
    GHashTableIter iter;
    gpointer k, v;

    g_hash_table_iter_init (&iter, first);
    while (g_hash_table_iter_next (&iter, &k, &v))
      g_hash_table_insert (again, g_strdup (k), g_strdup (v));
  }
  c = call (sim, first, "GET", 200, "OK");
  d = call (sim, again, "GET", 400, "SignatureNonceUsed");
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/counts", "messages"), ==, 1);
}

/* Keys set at run time by the admin, and from the command line. */
static void
test_keys (void)
{
  g_autoptr(Sim) sim = sim_start ("--aliyun-key-id", "cliId", "--aliyun-key-secret", "cliSecret", NULL);
  GHashTable *p = valid_send ();
  g_autoptr(JsonObject) a = NULL, b = NULL;

  a = call (sim, p, "GET", 404, "InvalidAccessKeyId.NotFound");
  admin_post (sim, "/_sim/aliyun/keys?id=testId&secret=testSecret");
  b = call (sim, valid_send (), "GET", 200, "OK");
}

/* ---- faults ------------------------------------------------------------------------ */

static void
test_fault_codes (void)
{
  g_autoptr(Sim) sim = start ();
  static const struct { const char *code; guint status; } codes[] = {
    { "isv.BUSINESS_LIMIT_CONTROL", 200 }, { "isv.MOBILE_NUMBER_ILLEGAL", 200 },
    { "isv.MOBILE_COUNT_OVER_LIMIT", 200 }, { "isv.TEMPLATE_MISSING_PARAMETERS", 200 },
    { "isv.AMOUNT_NOT_ENOUGH", 200 }, { "isv.DAY_LIMIT_CONTROL", 200 },
    { "isv.MONTH_LIMIT_CONTROL", 200 }, { "isv.OUT_OF_SERVICE", 200 },
    { "isp.SYSTEM_ERROR", 500 }, { "SignatureDoesNotMatch", 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/_sim/aliyun/faults?code=%s&count=2", codes[i].code);
      g_autoptr(JsonObject) a = NULL, b = NULL, c = NULL;

      admin_post (sim, path);
      a = call (sim, valid_send (), "GET", codes[i].status, codes[i].code);
      b = call (sim, valid_send (), "POST", codes[i].status, codes[i].code);
      c = call (sim, valid_send (), "GET", 200, "OK");
    }
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/counts", "messages"), ==, G_N_ELEMENTS (codes));
}

static void
test_throttle_levels (void)
{
  g_autoptr(Sim) sim = start ();
  g_autoptr(JsonObject) minute = NULL, day = NULL, query = NULL;

  admin_post (sim, "/_sim/aliyun/faults?throttle=1");
  minute = call (sim, valid_send (), "GET", 200, "isv.BUSINESS_LIMIT_CONTROL");
  g_assert_nonnull (strstr (json_object_get_string_member (minute, "Message"), "分钟级"));
  /* Only the action named is hit. */
  admin_post (sim, "/_sim/aliyun/faults?code=isv.BUSINESS_LIMIT_CONTROL&level=day&action=SendSms");
  query = call (sim, params_new ("QuerySendDetails", "PhoneNumber", "15300000001", "SendDate",
                                 "20240101", "PageSize", "10", "CurrentPage", "1", NULL),
                "GET", 200, "OK");
  day = call (sim, valid_send (), "GET", 200, "isv.BUSINESS_LIMIT_CONTROL");
  g_assert_nonnull (strstr (json_object_get_string_member (day, "Message"), "天级"));
}

/* Accepted, recorded, and the connection closed with no answer. */
static void
test_drop_after_accept (void)
{
  g_autoptr(Sim) sim = start ();
  g_autoptr(Reply) reply = NULL;
  GHashTable *p = valid_send ();
  g_autoptr(JsonObject) after = NULL;

  admin_post (sim, "/_sim/aliyun/faults?drop=1");
  /* POST: libsoup sends a GET again by itself when a reused connection drops. */
  sign (p, "POST");
  reply = send_params (sim, p, "POST");
  g_hash_table_unref (p);
  g_assert_nonnull (reply->error);
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/counts", "messages"), ==, 1);
  after = call (sim, valid_send (), "GET", 200, "OK");
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/counts", "messages"), ==, 2);
}

static void
test_delay (void)
{
  g_autoptr(Sim) sim = start ();
  g_autoptr(JsonObject) root = NULL;
  gint64 start_us;

  admin_post (sim, "/_sim/aliyun/faults?delay_ms=300");
  start_us = g_get_monotonic_time ();
  root = call (sim, valid_send (), "GET", 200, "OK");
  g_assert_cmpint (g_get_monotonic_time () - start_us, >=, 300 * 1000);
  admin_post (sim, "/_sim/aliyun/faults?clear=1");
}

/* ---- delivery reports -------------------------------------------------------------- */

static char *
today_china (void)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (china);

  return g_date_time_format (now, "%Y%m%d");
}

static JsonArray *
details (JsonObject *root)
{
  return json_object_get_array_member (json_object_get_object_member (root, "SmsSendDetailDTOs"),
                                       "SmsSendDetailDTO");
}

static void
test_query_details (void)
{
  g_autoptr(Sim) sim = start ();
  g_autofree char *today = today_china ();
  g_autoptr(JsonObject) sent = NULL, page1 = NULL, page2 = NULL, failed = NULL, by_biz = NULL;
  JsonObject *d;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) root = call (sim, valid_send (), "GET", 200, "OK");
    }
  sent = call (sim, params_new ("SendSms", "PhoneNumbers", "15300000001", "SignName", "s",
                                "TemplateCode", "T", "OutId", "last", NULL), "GET", 200, "OK");
  page1 = call (sim, params_new ("QuerySendDetails", "PhoneNumber", "15300000001", "SendDate", today,
                                 "PageSize", "3", "CurrentPage", "1", NULL), "POST", 200, "OK");
  g_assert_cmpint (json_object_get_int_member (page1, "TotalCount"), ==, 4);
  g_assert_cmpuint (json_array_get_length (details (page1)), ==, 3);
  d = json_array_get_object_element (details (page1), 0);
  g_assert_cmpint (json_object_get_int_member (d, "SendStatus"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (d, "ErrCode"), ==, "DELIVERED");
  g_assert_cmpstr (json_object_get_string_member (d, "PhoneNum"), ==, "15300000001");
  g_assert_true (json_object_has_member (d, "ReceiveDate"));
  page2 = call (sim, params_new ("QuerySendDetails", "PhoneNumber", "15300000001", "SendDate", today,
                                 "PageSize", "3", "CurrentPage", "2", NULL), "GET", 200, "OK");
  g_assert_cmpuint (json_array_get_length (details (page2)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (details (page2), 0), "OutId"),
                   ==, "last");

  /* A number marked to fail, and a report by BizId. */
  admin_post (sim, "/_sim/aliyun/numbers?phone=15300000001&fail=MK:0012");
  by_biz = call (sim, params_new ("QuerySendDetails", "PhoneNumber", "15300000001", "SendDate", today,
                                  "PageSize", "50", "CurrentPage", "1",
                                  "BizId", json_object_get_string_member (sent, "BizId"), NULL),
                 "GET", 200, "OK");
  g_assert_cmpuint (json_array_get_length (details (by_biz)), ==, 1);
  d = json_array_get_object_element (details (by_biz), 0);
  g_assert_cmpint (json_object_get_int_member (d, "SendStatus"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (d, "ErrCode"), ==, "MK:0012");

  failed = call (sim, params_new ("QuerySendDetails", "PhoneNumber", "15300000001", "SendDate", today,
                                  "PageSize", "51", "CurrentPage", "1", NULL),
                 "GET", 200, "isv.INVALID_PARAMETERS");
}

static void
test_waiting_before_delay (void)
{
  g_autoptr(Sim) sim = sim_start ("--aliyun-delivery-delay", "600000", NULL);
  g_autofree char *today = today_china ();
  g_autoptr(JsonObject) sent = NULL, query = NULL;
  JsonObject *d;

  sent = call (sim, valid_send (), "GET", 200, "OK");
  query = call (sim, params_new ("QuerySendDetails", "PhoneNumber", "15300000001", "SendDate", today,
                                 "PageSize", "10", "CurrentPage", "1", NULL), "GET", 200, "OK");
  d = json_array_get_object_element (details (query), 0);
  g_assert_cmpint (json_object_get_int_member (d, "SendStatus"), ==, 1);
  g_assert_false (json_object_has_member (d, "ReceiveDate"));
}

/* ---- approved templates ------------------------------------------------------------ */

static JsonObject *
last_message (Sim *sim)
{
  g_autoptr(JsonNode) node = sim_admin (sim, "GET", "/_sim/aliyun/messages");
  JsonArray *list = json_object_get_array_member (json_node_get_object (node), "messages");

  g_assert_cmpuint (json_array_get_length (list), >, 0);
  return json_object_ref (json_array_get_object_element (list, json_array_get_length (list) - 1));
}

static void
test_templates (void)
{
  g_autoptr(Sim) sim = sim_start ("--aliyun-delivery-delay", "0",
                                  "--aliyun-template", "SMS_1=${name}您好，${coupon}已到账拒收请回复R",
                                  "--aliyun-template", "SMS_2=验证码${code}", NULL);
  g_autofree char *today = today_china ();
  g_autoptr(JsonObject) unknown = NULL, lacking = NULL, none = NULL, batch_lacking = NULL, ok = NULL;
  g_autoptr(JsonObject) batch = NULL, query = NULL, m = NULL, added = NULL, after_clear = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(Reply) bad = NULL;
  g_autoptr(Reply) empty = NULL;

  /* A code the account has no approved template for, and values short of the template. */
  unknown = call (sim, params_new ("SendSms", "PhoneNumbers", "15300000001", "SignName", "小店",
                                   "TemplateCode", "SMS_9", "TemplateParam", "{\"name\":\"甲\"}", NULL),
                  "GET", 200, "isv.SMS_TEMPLATE_ILLEGAL");
  lacking = call (sim, params_new ("SendSms", "PhoneNumbers", "15300000001", "SignName", "小店",
                                   "TemplateCode", "SMS_1", "TemplateParam", "{\"name\":\"甲\"}", NULL),
                  "GET", 200, "isv.TEMPLATE_MISSING_PARAMETERS");
  g_assert_nonnull (strstr (json_object_get_string_member (lacking, "Message"), "coupon"));
  none = call (sim, params_new ("SendSms", "PhoneNumbers", "15300000001", "SignName", "小店",
                                "TemplateCode", "SMS_2", NULL),
               "POST", 200, "isv.TEMPLATE_MISSING_PARAMETERS");
  /* One recipient short refuses the whole batch. */
  batch_lacking = call (sim, params_new ("SendBatchSms", "PhoneNumberJson", "[\"15300000001\",\"15300000002\"]",
                                         "SignNameJson", "[\"小店\",\"小店\"]", "TemplateCode", "SMS_1",
                                         "TemplateParamJson",
                                         "[{\"name\":\"甲\",\"coupon\":\"券\"},{\"name\":\"乙\"}]", NULL),
                        "POST", 200, "isv.TEMPLATE_MISSING_PARAMETERS");
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/counts", "messages"), ==, 0);

  /* The message as the phone shows it: the signature, the text, the values. */
  ok = call (sim, params_new ("SendSms", "PhoneNumbers", "15300000001", "SignName", "小店",
                              "TemplateCode", "SMS_1", "TemplateParam",
                              "{\"name\":\"张三\",\"coupon\":\"满100减20\",\"extra\":\"x\"}", NULL),
             "GET", 200, "OK");
  m = last_message (sim);
  g_assert_cmpstr (json_object_get_string_member (m, "content"), ==, "【小店】张三您好，满100减20已到账拒收请回复R");
  query = call (sim, params_new ("QuerySendDetails", "PhoneNumber", "15300000001", "SendDate", today,
                                 "PageSize", "10", "CurrentPage", "1", NULL), "GET", 200, "OK");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (details (query), 0), "Content"),
                   ==, "【小店】张三您好，满100减20已到账拒收请回复R");
  batch = call (sim, params_new ("SendBatchSms", "PhoneNumberJson", "[\"15300000001\",\"15300000002\"]",
                                 "SignNameJson", "[\"小店\",\"小店\"]", "TemplateCode", "SMS_2",
                                 "TemplateParamJson", "[{\"code\":\"1234\"},{\"code\":\"5678\"}]", NULL),
                "POST", 200, "OK");
  g_clear_pointer (&m, json_object_unref);
  m = last_message (sim);
  g_assert_cmpstr (json_object_get_string_member (m, "content"), ==, "【小店】验证码5678");

  /* Registered at run time; a bad one changes nothing. */
  bad = sim_request (sim, "POST", "/_sim/aliyun/templates?code=SMS_3&text=Hi%20%24%7Bwho", NULL);
  g_assert_cmpuint (bad->status, ==, 400);
  empty = sim_request (sim, "POST", "/_sim/aliyun/templates", NULL);
  g_assert_cmpuint (empty->status, ==, 400);
  admin_post (sim, "/_sim/aliyun/templates?code=SMS_3&text=Hi%20%24%7Bwho%7D");
  list = sim_admin (sim, "GET", "/_sim/aliyun/templates");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list), "templates")),
                    ==, 3);
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/state", "templates"), ==, 3);
  added = call (sim, params_new ("SendSms", "PhoneNumbers", "15300000003", "SignName", "小店",
                                 "TemplateCode", "SMS_3", "TemplateParam", "{\"who\":\"you\"}", NULL),
                "GET", 200, "OK");
  g_clear_pointer (&m, json_object_unref);
  m = last_message (sim);
  g_assert_cmpstr (json_object_get_string_member (m, "content"), ==, "【小店】Hi you");

  /* Reset keeps the templates (they are the account's, as the keys are); clear=1 forgets
   * them, and then any code is taken again. */
  admin_post (sim, "/_sim/aliyun/reset");
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/state", "templates"), ==, 3);
  admin_post (sim, "/_sim/aliyun/templates?clear=1");
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/state", "templates"), ==, 0);
  after_clear = call (sim, params_new ("SendSms", "PhoneNumbers", "15300000001", "SignName", "小店",
                                       "TemplateCode", "SMS_9", "TemplateParam", "{\"a\":\"b\"}", NULL),
                      "GET", 200, "OK");
  g_clear_pointer (&m, json_object_unref);
  m = last_message (sim);
  g_assert_cmpstr (json_object_get_string_member (m, "content"), ==, "【小店】SMS_9 {\"a\":\"b\"}");
}

static void
test_admin_reset (void)
{
  g_autoptr(Sim) sim = start ();
  g_autoptr(JsonObject) a = call (sim, valid_send (), "GET", 200, "OK");
  g_autoptr(Reply) unknown = sim_request (sim, "GET", "/_sim/aliyun/nothing", NULL);
  g_autoptr(Reply) bad_fault = sim_request (sim, "POST", "/_sim/aliyun/faults?count=x&code=y", NULL);

  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpuint (bad_fault->status, ==, 400);
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/state", "messages"), ==, 1);
  admin_post (sim, "/_sim/aliyun/reset");
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/state", "messages"), ==, 0);
  g_assert_cmpint (admin_int (sim, "/_sim/aliyun/counts", "phones"), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim-aliyun/sign-vectors", test_sign_vectors);
  g_test_add_func ("/sim-aliyun/send-get-and-post", test_send_get_and_post);
  g_test_add_func ("/sim-aliyun/send-checks", test_send_checks);
  g_test_add_func ("/sim-aliyun/common-checks", test_common_checks);
  g_test_add_func ("/sim-aliyun/signature", test_signature);
  g_test_add_func ("/sim-aliyun/keys", test_keys);
  g_test_add_func ("/sim-aliyun/fault-codes", test_fault_codes);
  g_test_add_func ("/sim-aliyun/throttle-levels", test_throttle_levels);
  g_test_add_func ("/sim-aliyun/drop-after-accept", test_drop_after_accept);
  g_test_add_func ("/sim-aliyun/delay", test_delay);
  g_test_add_func ("/sim-aliyun/query-details", test_query_details);
  g_test_add_func ("/sim-aliyun/waiting-before-delay", test_waiting_before_delay);
  g_test_add_func ("/sim-aliyun/admin-reset", test_admin_reset);
  g_test_add_func ("/sim-aliyun/templates", test_templates);
  return g_test_run ();
}
