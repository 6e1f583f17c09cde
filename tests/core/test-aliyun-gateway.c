/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "net/sd-aliyun-gateway.h"
#include "sd-error.h"
#include "sd-test-sim.h"

/* The Aliyun SMS client against shopdesk-sim's dysmsapi endpoints (its own signer and
 * checks): what the simulator recorded is the proof of what was sent. */

#define KEY_ID "testId"
#define KEY_SECRET "testSecret"
#define SIGN_NAME "阿里云短信测试"
#define TEMPLATE "SMS_71390007"

typedef struct
{
  SdTestSim       *sim;
  SdAliyunGateway *gateway;
  char            *url;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  /* Delivered at once unless a test says otherwise. */
  static const char * const args[] = { "--aliyun-delivery-delay", "0", NULL };

  f->sim = sd_test_sim_start (args);
  if (f->sim == NULL)
    return;
  f->url = g_strconcat (sd_test_sim_get_url (f->sim), "/", NULL);
  f->gateway = sd_aliyun_gateway_new (f->url, KEY_ID, KEY_SECRET, SIGN_NAME);
  /* Throttled answers retried quickly. */
  sd_aliyun_gateway_set_retry (f->gateway, 20, 4, 5);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->gateway);
  g_clear_pointer (&f->sim, sd_test_sim_stop);
  g_free (f->url);
}

#define SKIP_WITHOUT_SIM(f) \
  if ((f)->sim == NULL) { g_test_skip ("shopdesk-sim is not built"); return; }

static GPtrArray *
recipients (guint n)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sms_recipient_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *phone = g_strdup_printf ("+86153%08u", i + 1);
      g_autofree char *param = g_strdup_printf ("{\"name\":\"客户%u\"}", i + 1);

      g_ptr_array_add (list, sd_sms_recipient_new (phone, param));
    }
  return list;
}

static JsonObject *
sim_object (Fixture    *f,
            const char *path,
            gboolean    post,
            JsonNode  **out_root)
{
  *out_root = post ? sd_test_sim_post_json (f->sim, path) : sd_test_sim_get_json (f->sim, path);
  return json_node_get_object (*out_root);
}

static gint64
sim_message_count (Fixture *f)
{
  g_autoptr(JsonNode) root = NULL;

  return json_object_get_int_member (sim_object (f, "/_sim/aliyun/counts", FALSE, &root), "messages");
}

static gint64
sim_calls (Fixture    *f,
           const char *action)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *state = sim_object (f, "/_sim/aliyun/state", FALSE, &root);

  return json_object_get_int_member_with_default (json_object_get_object_member (state, "calls"),
                                                  action, 0);
}

static void
sim_fault (Fixture    *f,
           const char *query)
{
  g_autofree char *path = g_strconcat ("/_sim/aliyun/faults?", query, NULL);
  g_autofree char *body = sd_test_sim_post (f->sim, path);
}

static void
test_batch_send (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GPtrArray) list = recipients (3);
  g_autoptr(SdSmsSendReply) reply = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *messages;

  SKIP_WITHOUT_SIM (f);
  g_assert_cmpuint (sd_sms_gateway_get_max_batch (SD_SMS_GATEWAY (f->gateway)), ==, 100);
  reply = sd_sms_gateway_send (SD_SMS_GATEWAY (f->gateway), TEMPLATE, "batch-1", list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->outcome, ==, SD_SMS_SEND_ACCEPTED);
  g_assert_cmpstr (reply->code, ==, "OK");
  g_assert_nonnull (reply->biz_id);
  g_assert_cmpstr (reply->biz_id, !=, "");
  g_assert_cmpint (sim_calls (f, "SendBatchSms"), ==, 1);
  g_assert_cmpint (sim_calls (f, "SendSms"), ==, 0);

  messages = json_object_get_array_member (sim_object (f, "/_sim/aliyun/messages", FALSE, &root),
                                           "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      g_autofree char *phone = g_strdup_printf ("153%08u", i + 1);
      g_autofree char *param = g_strdup_printf ("{\"name\":\"客户%u\"}", i + 1);

      g_assert_cmpstr (json_object_get_string_member (m, "phone"), ==, phone);
      g_assert_cmpstr (json_object_get_string_member (m, "template_param"), ==, param);
      g_assert_cmpstr (json_object_get_string_member (m, "sign_name"), ==, SIGN_NAME);
      g_assert_cmpstr (json_object_get_string_member (m, "template_code"), ==, TEMPLATE);
      g_assert_cmpstr (json_object_get_string_member (m, "out_id"), ==, "batch-1");
      g_assert_cmpstr (json_object_get_string_member (m, "biz_id"), ==, reply->biz_id);
    }
}

static void
test_single_send (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sms_recipient_free);
  g_autoptr(SdSmsSendReply) reply = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *m;

  SKIP_WITHOUT_SIM (f);
  /* A value with a space, '*' and '~': encoded exactly as signed. */
  g_ptr_array_add (list, sd_sms_recipient_new ("+86 139-0000-0001", "{\"coupon\":\"a b*~+\"}"));
  reply = sd_sms_gateway_send (SD_SMS_GATEWAY (f->gateway), TEMPLATE, "one", list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->outcome, ==, SD_SMS_SEND_ACCEPTED);
  g_assert_cmpint (sim_calls (f, "SendSms"), ==, 1);
  g_assert_cmpint (sim_calls (f, "SendBatchSms"), ==, 0);
  m = json_array_get_object_element (
    json_object_get_array_member (sim_object (f, "/_sim/aliyun/messages", FALSE, &root), "messages"), 0);
  g_assert_cmpstr (json_object_get_string_member (m, "phone"), ==, "13900000001");
  g_assert_cmpstr (json_object_get_string_member (m, "template_param"), ==, "{\"coupon\":\"a b*~+\"}");
}

/* Each business code: rejected with that code, a message of our own, nothing recorded. */
static void
test_error_codes (Fixture      *f,
                  gconstpointer data)
{
  static const char * const codes[] = {
    "isv.MOBILE_NUMBER_ILLEGAL", "isv.MOBILE_COUNT_OVER_LIMIT", "isv.TEMPLATE_MISSING_PARAMETERS",
    "isv.AMOUNT_NOT_ENOUGH", "isv.DAY_LIMIT_CONTROL", "isv.MONTH_LIMIT_CONTROL",
    "isv.OUT_OF_SERVICE", "isv.SOMETHING_NEW",
  };
  g_autoptr(GPtrArray) list = recipients (2);

  SKIP_WITHOUT_SIM (f);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *query = g_strdup_printf ("code=%s&count=1", codes[i]);
      g_autoptr(SdSmsSendReply) reply = NULL;
      g_autoptr(GError) error = NULL;

      sim_fault (f, query);
      reply = sd_sms_gateway_send (SD_SMS_GATEWAY (f->gateway), TEMPLATE, "x", list, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (reply->outcome, ==, SD_SMS_SEND_REJECTED);
      g_assert_cmpstr (reply->code, ==, codes[i]);
      g_assert_false (reply->retry_later);
      g_assert_nonnull (reply->message);
      g_assert_null (strstr (reply->message, "simulated"));
      g_assert_null (reply->biz_id);
    }
  g_assert_cmpint (sim_message_count (f), ==, 0);
  /* Only one call each: a rejection is not retried. */
  g_assert_cmpint (sim_calls (f, "SendBatchSms"), ==, G_N_ELEMENTS (codes));
}

/* Sends two recipients with the fault QUERY injected, and checks it went out once. */
static SdSmsSendReply *
send_with_fault (Fixture    *f,
                 const char *query)
{
  g_autoptr(GPtrArray) list = recipients (2);
  g_autoptr(GError) error = NULL;
  SdSmsSendReply *reply;

  sim_fault (f, query);
  reply = sd_sms_gateway_send (SD_SMS_GATEWAY (f->gateway), TEMPLATE, "x", list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sim_calls (f, "SendBatchSms"), ==, 1);
  return reply;
}

/* Day-level flow control does not pass soon: no retry, no retry_later. */
static void
test_day_limit (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(SdSmsSendReply) reply = NULL;

  SKIP_WITHOUT_SIM (f);
  reply = send_with_fault (f, "code=isv.BUSINESS_LIMIT_CONTROL&count=5&level=day");
  g_assert_cmpint (reply->outcome, ==, SD_SMS_SEND_REJECTED);
  g_assert_cmpstr (reply->code, ==, "isv.BUSINESS_LIMIT_CONTROL");
  g_assert_false (reply->retry_later);
}

/* A system error may come after the batch was taken: unknown, never retried. */
static void
test_system_error (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(SdSmsSendReply) reply = NULL;

  SKIP_WITHOUT_SIM (f);
  reply = send_with_fault (f, "code=isp.SYSTEM_ERROR&count=1");
  g_assert_cmpint (reply->outcome, ==, SD_SMS_SEND_UNKNOWN);
  g_assert_cmpstr (reply->code, ==, "isp.SYSTEM_ERROR");
}

static void
test_throttle_backoff (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(GPtrArray) list = recipients (2);
  g_autoptr(SdSmsSendReply) reply = NULL;
  g_autoptr(SdSmsSendReply) gave_up = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  SKIP_WITHOUT_SIM (f);
  /* Two throttled answers, then taken: once. */
  sim_fault (f, "throttle=2");
  start = g_get_monotonic_time ();
  reply = sd_sms_gateway_send (SD_SMS_GATEWAY (f->gateway), TEMPLATE, "x", list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->outcome, ==, SD_SMS_SEND_ACCEPTED);
  g_assert_cmpint (sim_calls (f, "SendBatchSms"), ==, 3);
  g_assert_cmpint (sim_message_count (f), ==, 2);
  /* It waited between the tries: at least half of 20 ms, then of 40 ms. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 30 * 1000);

  /* Throttled on every try: gives up after 4, the caller may come back later. */
  sim_fault (f, "throttle=100");
  gave_up = sd_sms_gateway_send (SD_SMS_GATEWAY (f->gateway), TEMPLATE, "y", list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gave_up->outcome, ==, SD_SMS_SEND_REJECTED);
  g_assert_cmpstr (gave_up->code, ==, "isv.BUSINESS_LIMIT_CONTROL");
  g_assert_true (gave_up->retry_later);
  g_assert_cmpint (sim_calls (f, "SendBatchSms"), ==, 3 + 4);
  g_assert_cmpint (sim_message_count (f), ==, 2);
}

static void
assert_auth_failed (Fixture         *f,
                    SdAliyunGateway *gateway)
{
  g_autoptr(GPtrArray) list = recipients (2);
  g_autoptr(SdSmsSendReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = sd_sms_gateway_send (SD_SMS_GATEWAY (gateway), TEMPLATE, "x", list, NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
  /* The gateway's message echoes the numbers: none of it reaches ours. */
  g_assert_null (strstr (error->message, "15300000001"));
  g_assert_null (strstr (error->message, "string to sign"));
  g_assert_null (strstr (error->message, KEY_SECRET));
  g_assert_null (strstr (error->message, "wrongSecret"));
}

static void
test_bad_signature (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(SdAliyunGateway) wrong_secret = NULL;
  g_autoptr(SdAliyunGateway) wrong_id = NULL;

  SKIP_WITHOUT_SIM (f);
  wrong_secret = sd_aliyun_gateway_new (f->url, KEY_ID, "wrongSecret", SIGN_NAME);
  assert_auth_failed (f, wrong_secret);
  wrong_id = sd_aliyun_gateway_new (f->url, "otherId", KEY_SECRET, SIGN_NAME);
  assert_auth_failed (f, wrong_id);
  /* The right keys, the answer says the signature is wrong all the same. */
  sim_fault (f, "code=SignatureDoesNotMatch&count=1");
  assert_auth_failed (f, f->gateway);
  g_assert_cmpint (sim_message_count (f), ==, 0);
}

static SdSmsDelivery *
find_delivery (GPtrArray  *deliveries,
               const char *out_id)
{
  for (guint i = 0; i < deliveries->len; i++)
    {
      SdSmsDelivery *d = g_ptr_array_index (deliveries, i);

      if (g_strcmp0 (d->out_id, out_id) == 0)
        return d;
    }
  return NULL;
}

static void
test_query_details (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GPtrArray) list = recipients (2);
  g_autoptr(SdSmsSendReply) reply = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) other_day = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  SdSmsDelivery *d;

  SKIP_WITHOUT_SIM (f);
  body = sd_test_sim_post (f->sim, "/_sim/aliyun/numbers?phone=15300000002&fail=MK:0012");
  reply = sd_sms_gateway_send (SD_SMS_GATEWAY (f->gateway), TEMPLATE, "q-1", list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->outcome, ==, SD_SMS_SEND_ACCEPTED);

  first = sd_sms_gateway_query_details (SD_SMS_GATEWAY (f->gateway), "+8615300000001", reply->biz_id,
                                        now, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 1);
  d = g_ptr_array_index (first, 0);
  g_assert_cmpstr (d->phone, ==, "15300000001");
  g_assert_cmpint (d->status, ==, SD_SMS_DELIVERY_DELIVERED);
  g_assert_cmpstr (d->err_code, ==, "DELIVERED");
  g_assert_cmpstr (d->out_id, ==, "q-1");
  g_assert_cmpint (ABS (d->send_date - now), <=, 2);
  g_assert_cmpint (d->receive_date, >=, d->send_date);

  second = sd_sms_gateway_query_details (SD_SMS_GATEWAY (f->gateway), "15300000002", NULL,
                                         now, NULL, &error);
  g_assert_no_error (error);
  d = find_delivery (second, "q-1");
  g_assert (d != NULL);
  g_assert_cmpint (d->status, ==, SD_SMS_DELIVERY_FAILED);
  g_assert_cmpstr (d->err_code, ==, "MK:0012");

  /* Two days later (China time) there is nothing of that day. */
  other_day = sd_sms_gateway_query_details (SD_SMS_GATEWAY (f->gateway), "15300000001", NULL,
                                            now - 2 * 86400, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other_day->len, ==, 0);
}

/* Before the delay passes the report says waiting; more than a page comes whole. */
static void
test_query_waiting_and_pages (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  SKIP_WITHOUT_SIM (f);
  body = sd_test_sim_post (f->sim, "/_sim/aliyun/delivery?delay_ms=600000");
  for (guint i = 0; i < 61; i++)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sms_recipient_free);
      g_autoptr(SdSmsSendReply) reply = NULL;
      g_autofree char *out_id = g_strdup_printf ("p-%u", i);

      g_ptr_array_add (one, sd_sms_recipient_new ("13800000000", ""));
      reply = sd_sms_gateway_send (SD_SMS_GATEWAY (f->gateway), TEMPLATE, out_id, one, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (reply->outcome, ==, SD_SMS_SEND_ACCEPTED);
    }
  all = sd_sms_gateway_query_details (SD_SMS_GATEWAY (f->gateway), "13800000000", NULL, now,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 61);
  g_assert_cmpint (sim_calls (f, "QuerySendDetails"), ==, 2);
  for (guint i = 0; i < 61; i++)
    {
      g_autofree char *out_id = g_strdup_printf ("p-%u", i);
      SdSmsDelivery *d = find_delivery (all, out_id);

      g_assert (d != NULL);
      g_assert_cmpint (d->status, ==, SD_SMS_DELIVERY_WAITING);
      g_assert_cmpint (d->receive_date, ==, 0);
    }
}

/* Reports are a read: throttled answers are waited out, then given up as rate limited; a
 * wrong key is an auth failure there too. */
static void
test_query_errors (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GPtrArray) waited = NULL;
  g_autoptr(GPtrArray) limited = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(SdAliyunGateway) wrong = sd_aliyun_gateway_new (f->url, KEY_ID, "wrongSecret", SIGN_NAME);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  SKIP_WITHOUT_SIM (f);
  sim_fault (f, "throttle=2&action=QuerySendDetails");
  waited = sd_sms_gateway_query_details (SD_SMS_GATEWAY (f->gateway), "15300000001", NULL, now,
                                         NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waited->len, ==, 0);
  g_assert_cmpint (sim_calls (f, "QuerySendDetails"), ==, 3);

  sim_fault (f, "throttle=100&action=QuerySendDetails");
  limited = sd_sms_gateway_query_details (SD_SMS_GATEWAY (f->gateway), "15300000001", NULL, now,
                                          NULL, &error);
  g_assert_null (limited);
  g_assert_error (error, SD_ERROR, SD_ERROR_RATE_LIMITED);
  g_clear_error (&error);

  refused = sd_sms_gateway_query_details (SD_SMS_GATEWAY (wrong), "15300000001", NULL, now,
                                          NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
}

/* Taken, then the connection dropped: unknown, not sent again, and the reports show it. */
static void
test_answer_lost (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GPtrArray) list = recipients (3);
  g_autoptr(SdSmsSendReply) reply = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_WITHOUT_SIM (f);
  sim_fault (f, "drop=1");
  reply = sd_sms_gateway_send (SD_SMS_GATEWAY (f->gateway), TEMPLATE, "lost-1", list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->outcome, ==, SD_SMS_SEND_UNKNOWN);
  g_assert_null (reply->biz_id);
  g_assert_nonnull (reply->message);
  g_assert_cmpint (sim_calls (f, "SendBatchSms"), ==, 1);
  g_assert_cmpint (sim_message_count (f), ==, 3);

  found = sd_sms_gateway_query_details (SD_SMS_GATEWAY (f->gateway), "15300000003", NULL,
                                        g_get_real_time () / G_USEC_PER_SEC, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_delivery (found, "lost-1"));
}

static void
test_unreachable (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdAliyunGateway) gateway = NULL;
  g_autoptr(GPtrArray) list = recipients (1);
  g_autoptr(SdSmsSendReply) reply = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago: nothing listens there now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  gateway = sd_aliyun_gateway_new (url, KEY_ID, KEY_SECRET, SIGN_NAME);
  reply = sd_sms_gateway_send (SD_SMS_GATEWAY (gateway), TEMPLATE, "x", list, NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, SD_ERROR, SD_ERROR_NETWORK);
}

static void
test_invalid_input (void)
{
  g_autoptr(SdAliyunGateway) gateway = sd_aliyun_gateway_new ("http://127.0.0.1:9/", KEY_ID,
                                                              KEY_SECRET, SIGN_NAME);
  g_autoptr(GPtrArray) too_many = recipients (101);
  g_autoptr(GPtrArray) none = recipients (0);
  g_autoptr(GPtrArray) bad = recipients (2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) ok = recipients (1);
  GPtrArray *lists[] = { too_many, none, bad };

  g_ptr_array_add (bad, sd_sms_recipient_new ("+1 415 555 0100", ""));
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdSmsSendReply) reply = sd_sms_gateway_send (SD_SMS_GATEWAY (gateway), TEMPLATE, "x",
                                                             lists[i], NULL, &error);

      g_assert_null (reply);
      g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
      g_assert_null (strstr (error->message, "415"));
    }

  g_cancellable_cancel (cancellable);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdSmsSendReply) reply = sd_sms_gateway_send (SD_SMS_GATEWAY (gateway), TEMPLATE, "x",
                                                           ok, cancellable, &error);

    g_assert_null (reply);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static void
test_normalize_phone (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "+8613800000000", "13800000000" }, { "13800000000", "13800000000" },
    { "86 138-0000-0000", "13800000000" }, { "008613800000000", "13800000000" },
    { "+14155550100", NULL }, { "+1 415 555 0100", NULL }, { "1380000000", NULL }, { "23800000000", NULL },
    { "138000000x0", NULL }, { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = sd_sms_gateway_normalize_phone (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/aliyun-gateway/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("batch-send", test_batch_send);
  ADD ("single-send", test_single_send);
  ADD ("error-codes", test_error_codes);
  ADD ("day-limit", test_day_limit);
  ADD ("system-error", test_system_error);
  ADD ("throttle-backoff", test_throttle_backoff);
  ADD ("bad-signature", test_bad_signature);
  ADD ("query-details", test_query_details);
  ADD ("query-waiting-and-pages", test_query_waiting_and_pages);
  ADD ("query-errors", test_query_errors);
  ADD ("answer-lost", test_answer_lost);
#undef ADD
  g_test_add_func ("/aliyun-gateway/unreachable", test_unreachable);
  g_test_add_func ("/aliyun-gateway/invalid-input", test_invalid_input);
  g_test_add_func ("/aliyun-gateway/normalize-phone", test_normalize_phone);
  return g_test_run ();
}
