/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>


#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-test-outbox.h"
#include "sd-test-util.h"

typedef struct
{
  char   *phone;
  char   *out_id;
  char   *param;
  gint64  at;
} Sent;

struct _SdFakeGateway
{
  GObject           parent_instance;
  guint             max_batch;
  GQueue            answers;       /* char * */
  GPtrArray        *sent;          /* Sent * */
  GHashTable       *fail_codes;    /* phone → code */
  guint             calls;
  guint             queries;
  guint             biz;
  guint             failing_queries;
  SdFakeGatewayHook hook;
  gpointer          hook_data;
  guint             cancel_after;
  GCancellable     *cancel;
};

static void sd_fake_gateway_iface_init (SdSmsGatewayInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdFakeGateway, sd_fake_gateway, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_SMS_GATEWAY, sd_fake_gateway_iface_init))

static void
sent_free (Sent *s)
{
  g_free (s->phone);
  g_free (s->out_id);
  g_free (s->param);
  g_free (s);
}

static guint
fake_get_max_batch (SdSmsGateway *gateway)
{
  return SD_FAKE_GATEWAY (gateway)->max_batch;
}

static SdSmsSendReply *
fake_send (SdSmsGateway  *gateway,
           const char    *template_code,
           const char    *out_id,
           GPtrArray     *recipients,
           GCancellable  *cancellable,
           GError       **error)
{
  SdFakeGateway *self = SD_FAKE_GATEWAY (gateway);
  g_autofree char *answer = NULL;
  g_autofree char *biz = NULL;
  gboolean drop;

  g_assert_cmpstr (template_code, ==, "SMS_100");
  g_assert_cmpuint (recipients->len, >=, 1);
  g_assert_cmpuint (recipients->len, <=, self->max_batch);
  self->calls++;
  if (self->hook != NULL)
    self->hook (self, self->calls, self->hook_data);
  answer = g_queue_pop_head (&self->answers);
  if (g_strcmp0 (answer, "AUTH") == 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_AUTH_FAILED, "keys refused");
      return NULL;
    }
  if (g_strcmp0 (answer, "THROTTLE") == 0)
    return sd_sms_send_reply_new (SD_SMS_SEND_REJECTED, NULL, "isv.BUSINESS_LIMIT_CONTROL", "throttled", TRUE);
  drop = g_strcmp0 (answer, "DROP") == 0;
  if (answer != NULL && !drop)
    return sd_sms_send_reply_new (SD_SMS_SEND_REJECTED, NULL, answer, "rejected", FALSE);
  for (guint i = 0; i < recipients->len; i++)
    {
      SdSmsRecipient *r = g_ptr_array_index (recipients, i);
      Sent *s = g_new0 (Sent, 1);

      g_assert_cmpuint (strlen (r->phone), ==, 11);
      s->phone = g_strdup (r->phone);
      s->out_id = g_strdup (out_id);
      s->param = g_strdup (r->template_param);
      s->at = g_get_real_time () / G_USEC_PER_SEC;
      g_ptr_array_add (self->sent, s);
    }
  if (drop)
    return sd_sms_send_reply_new (SD_SMS_SEND_UNKNOWN, NULL, NULL, "no answer", FALSE);
  biz = g_strdup_printf ("%u^0", ++self->biz);
  return sd_sms_send_reply_new (SD_SMS_SEND_ACCEPTED, biz, "OK", "OK", FALSE);
}

static GPtrArray *
fake_query_details (SdSmsGateway  *gateway,
                    const char    *phone,
                    const char    *biz_id,
                    gint64         send_day,
                    GCancellable  *cancellable,
                    GError       **error)
{
  SdFakeGateway *self = SD_FAKE_GATEWAY (gateway);
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sms_delivery_free);
  const char *fail = g_hash_table_lookup (self->fail_codes, phone);

  self->queries++;
  if (self->failing_queries > 0)
    {
      self->failing_queries--;
      g_ptr_array_unref (list);
      g_set_error_literal (error, SD_ERROR, SD_ERROR_NETWORK, "unreachable");
      return NULL;
    }
  for (guint i = 0; i < self->sent->len; i++)
    {
      Sent *s = g_ptr_array_index (self->sent, i);
      SdSmsDelivery *d;

      if (strcmp (s->phone, phone) != 0)
        continue;
      d = g_new0 (SdSmsDelivery, 1);
      d->phone = g_strdup (s->phone);
      d->out_id = g_strdup (s->out_id);
      d->status = fail ? SD_SMS_DELIVERY_FAILED : SD_SMS_DELIVERY_DELIVERED;
      d->err_code = g_strdup (fail ? fail : "DELIVERED");
      d->send_date = s->at;
      d->receive_date = s->at + 5;
      g_ptr_array_add (list, d);
    }
  if (self->cancel != NULL && self->queries == self->cancel_after)
    g_cancellable_cancel (self->cancel);
  return list;
}

static void
sd_fake_gateway_iface_init (SdSmsGatewayInterface *iface)
{
  iface->get_max_batch = fake_get_max_batch;
  iface->send = fake_send;
  iface->query_details = fake_query_details;
}

static void
sd_fake_gateway_finalize (GObject *object)
{
  SdFakeGateway *self = SD_FAKE_GATEWAY (object);

  g_queue_clear_full (&self->answers, g_free);
  g_ptr_array_unref (self->sent);
  g_hash_table_unref (self->fail_codes);
  g_clear_object (&self->cancel);
  G_OBJECT_CLASS (sd_fake_gateway_parent_class)->finalize (object);
}

static void
sd_fake_gateway_class_init (SdFakeGatewayClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_fake_gateway_finalize;
}

static void
sd_fake_gateway_init (SdFakeGateway *self)
{
  g_queue_init (&self->answers);
  self->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) sent_free);
  self->fail_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

SdFakeGateway *
sd_fake_gateway_new (guint max_batch)
{
  SdFakeGateway *self = g_object_new (SD_TYPE_FAKE_GATEWAY, NULL);

  self->max_batch = max_batch;
  return self;
}

void
sd_fake_gateway_cancel_after_queries (SdFakeGateway *self,
                                      guint          n,
                                      GCancellable  *cancellable)
{
  self->cancel_after = n;
  g_set_object (&self->cancel, cancellable);
}

void
sd_fake_gateway_queue (SdFakeGateway *self,
                       const char    *answer)
{
  g_queue_push_tail (&self->answers, g_strdup (answer));
}

guint
sd_fake_gateway_count (SdFakeGateway *self,
                       const char    *phone)
{
  guint n = 0;

  for (guint i = 0; i < self->sent->len; i++)
    if (strcmp (((Sent *) g_ptr_array_index (self->sent, i))->phone, phone) == 0)
      n++;
  return n;
}

guint
sd_fake_gateway_total (SdFakeGateway *self)
{
  return self->sent->len;
}

guint
sd_fake_gateway_calls (SdFakeGateway *self)
{
  return self->calls;
}

guint
sd_fake_gateway_queries (SdFakeGateway *self)
{
  return self->queries;
}

const char *
sd_fake_gateway_last_param (SdFakeGateway *self,
                            const char    *phone)
{
  for (guint i = self->sent->len; i > 0; i--)
    {
      Sent *s = g_ptr_array_index (self->sent, i - 1);

      if (strcmp (s->phone, phone) == 0)
        return s->param;
    }
  return NULL;
}

void
sd_fake_gateway_fail_number (SdFakeGateway *self,
                             const char    *phone,
                             const char    *code)
{
  g_hash_table_replace (self->fail_codes, g_strdup (phone), g_strdup (code));
}

void
sd_fake_gateway_set_hook (SdFakeGateway    *self,
                          SdFakeGatewayHook hook,
                          gpointer          user_data)
{
  self->hook = hook;
  self->hook_data = user_data;
}

/* ---- the outbox ---- */

char *
sd_test_outbox_phone (guint i)
{
  return g_strdup_printf ("138000%05u", i);
}

gint64
sd_test_outbox_campaign (SdSession  *session,
                         const char *state,
                         guint       n)
{
  g_autofree char *sql = NULL;
  gint64 campaign;

  sql = g_strdup_printf ("INSERT INTO campaigns (name, state, template_code, body, created_at, updated_at, "
                         "confirmed_at) VALUES ('测试活动', '%s', 'SMS_100', '{name}您好', 1, 1, 1)", state);
  sd_test_exec (session, sql);
  campaign = _sd_db_last_insert_id (sd_session_get_db (session));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *digits = sd_test_outbox_phone (i);
      g_autofree char *phone = g_strconcat ("+86", digits, NULL);
      g_autofree char *nick = g_strdup_printf ("c%lld-%u", (long long) campaign, i);
      g_autofree char *name = g_strdup_printf ("客户%u", i);
      g_autofree char *row = NULL;
      gint64 customer;

      customer = sd_test_add_customer (session, nick, name, phone);
      row = g_strdup_printf ("INSERT INTO campaign_recipients (campaign_id, customer_id, phone, state, "
                             "template_param, parts, queued_at) VALUES (%lld, %lld, '%s', 'queued', "
                             "'{\"name\":\"%s\"}', 1, 1)", (long long) campaign, (long long) customer, phone, name);
      sd_test_exec (session, row);
    }
  return campaign;
}

static char *
query_text (SdSession  *session,
            const char *sql,
            char      **out_second)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStmt) stmt = _sd_db_prepare_dynamic (sd_session_get_db (session), sql, "test", &error);
  char *text = NULL;

  g_assert_no_error (error);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      text = g_strdup (sd_stmt_column_text (stmt, 0));
      if (out_second != NULL)
        *out_second = g_strdup (sd_stmt_column_text (stmt, 1));
    }
  return text;
}

gint64
sd_test_outbox_count (SdSession  *session,
                      gint64      campaign,
                      const char *state)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM campaign_recipients WHERE campaign_id = %lld "
                                          "AND state = '%s'", (long long) campaign, state);
  g_autofree char *text = query_text (session, sql, NULL);

  return g_ascii_strtoll (text, NULL, 10);
}

char *
sd_test_outbox_row_state (SdSession *session,
                          gint64     campaign,
                          guint      i,
                          char     **out_code)
{
  g_autofree char *digits = sd_test_outbox_phone (i);
  g_autofree char *sql = g_strdup_printf ("SELECT state, error_code FROM campaign_recipients WHERE campaign_id = %lld "
                                          "AND phone = '+86%s'", (long long) campaign, digits);
  g_autofree char *code = NULL;
  char *state = query_text (session, sql, &code);

  if (out_code != NULL)
    *out_code = g_steal_pointer (&code);
  return state;
}

gint64
sd_test_outbox_customer (SdSession *session,
                         gint64     campaign,
                         guint      i)
{
  g_autofree char *digits = sd_test_outbox_phone (i);
  g_autofree char *sql = g_strdup_printf ("SELECT customer_id, '' FROM campaign_recipients WHERE campaign_id = %lld "
                                          "AND phone = '+86%s'", (long long) campaign, digits);
  g_autofree char *id = query_text (session, sql, NULL);

  g_assert_nonnull (id);
  return g_ascii_strtoll (id, NULL, 10);
}

char *
sd_test_campaign_state (SdSession *session,
                        gint64     campaign,
                        char     **out_reason)
{
  g_autofree char *sql = g_strdup_printf ("SELECT state, pause_reason FROM campaigns WHERE id = %lld",
                                          (long long) campaign);

  return query_text (session, sql, out_reason);
}

void
sd_fake_gateway_fail_queries (SdFakeGateway *self,
                              guint          n)
{
  self->failing_queries = n;
}
