/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-aliyun-gateway"

#include "sd-aliyun-gateway.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sd-i18n.h"

#include "sd-aliyun-sign-private.h"
#include "sd-error.h"
#include "sd-store-http-private.h"

#define DEFAULT_BACKOFF_MS 1000
#define DEFAULT_MAX_THROTTLED 4
#define DEFAULT_TIMEOUT_S 30
#define QUERY_PAGE_SIZE 50
/* QuerySendDetails is a read: a dropped answer is simply asked again, this many times. */
#define QUERY_MAX_TRIES 3
/* The gateway keeps its days and times in China time. */
#define CHINA_OFFSET_S (8 * 3600)

struct _SdAliyunGateway
{
  GObject parent_instance;

  char        *url;
  char        *access_key_id;
  char        *access_key_secret;
  char        *sign_name;
  SoupSession *session;
  guint        backoff_ms;
  guint        max_throttled;
};

static void sd_aliyun_gateway_iface_init (SdSmsGatewayInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdAliyunGateway, sd_aliyun_gateway, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_SMS_GATEWAY,
                                                      sd_aliyun_gateway_iface_init))

/* What one exchange came to. */
typedef enum
{
  EXCHANGE_ANSWERED,     /* a JSON object with a Code came back */
  EXCHANGE_NOT_SENT,     /* the request never left (unreachable, cancelled first) */
  EXCHANGE_LOST,         /* it left, but no usable answer came */
} ExchangeResult;

/* ---- requests ---------------------------------------------------------------------- */

static char *
utc_timestamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* The common parameters of PROTOCOLS.md §3 plus ACTION's own (name, value, …, NULL-ended
 * pairs in PARAMS), signed. */
static GHashTable *
signed_params (SdAliyunGateway *self,
               const char      *action,
               GHashTable      *own)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_insert (params, g_strdup ("AccessKeyId"), g_strdup (self->access_key_id));
  g_hash_table_insert (params, g_strdup ("Action"), g_strdup (action));
  g_hash_table_insert (params, g_strdup ("Format"), g_strdup ("JSON"));
  g_hash_table_insert (params, g_strdup ("RegionId"), g_strdup ("cn-hangzhou"));
  g_hash_table_insert (params, g_strdup ("SignatureMethod"), g_strdup ("HMAC-SHA1"));
  g_hash_table_insert (params, g_strdup ("SignatureNonce"), g_uuid_string_random ());
  g_hash_table_insert (params, g_strdup ("SignatureVersion"), g_strdup ("1.0"));
  g_hash_table_insert (params, g_strdup ("Timestamp"), utc_timestamp ());
  g_hash_table_insert (params, g_strdup ("Version"), g_strdup ("2017-05-25"));
  g_hash_table_iter_init (&iter, own);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (params, g_strdup (name), g_strdup (value));
  g_hash_table_insert (params, g_strdup ("Signature"),
                       sd_aliyun_sign ("POST", params, self->access_key_secret));
  return params;
}

/* PARAMS as an application/x-www-form-urlencoded body, encoded as the signature was. */
static GBytes *
form_body (GHashTable *params)
{
  GString *body = g_string_sized_new (1024);
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      g_autofree char *pe_name = sd_aliyun_percent_encode (name);
      g_autofree char *pe_value = sd_aliyun_percent_encode (value);

      if (body->len > 0)
        g_string_append_c (body, '&');
      g_string_append_printf (body, "%s=%s", pe_name, pe_value);
    }
  return g_string_free_to_bytes (body);
}

/* Posts ACTION with OWN parameters. ANSWERED: *OUT_ROOT is the answer's JSON object (of any
 * HTTP status). NOT_SENT: ERROR says why. LOST: ERROR says what happened. */
static ExchangeResult
exchange (SdAliyunGateway *self,
          const char      *action,
          GHashTable      *own,
          JsonObject     **out_root,
          GCancellable    *cancellable,
          GError         **error)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  gsize size;
  const char *data;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return EXCHANGE_NOT_SENT;

  /* Always POST: libsoup re-sends an idempotent GET by itself when a kept-alive connection
   * drops, and a send must never go twice. */
  message = soup_message_new ("POST", self->url);
  if (message == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The SMS gateway address “%s” is not a valid URL."), self->url);
      return EXCHANGE_NOT_SENT;
    }
  params = signed_params (self, action, own);
  request_body = form_body (params);
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                            request_body);

  body = soup_session_send_and_read (self->session, message, cancellable, &local_error);
  if (body == NULL)
    {
      if (sd_store_http_is_unreachable (local_error))
        {
          g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                       _("Cannot reach the SMS gateway (%s)."), local_error->message);
          return EXCHANGE_NOT_SENT;
        }
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("Cancelled while waiting for the SMS gateway’s answer."));
      else
        g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                     _("The SMS gateway did not answer (%s)."), local_error->message);
      return EXCHANGE_LOST;
    }

  data = g_bytes_get_data (body, &size);
  root = NULL;
  if (size > 0 && json_parser_load_from_data (parser, data, (gssize) size, NULL))
    root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "Code"))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                   _("The SMS gateway’s answer was not understood (HTTP %u)."),
                   soup_message_get_status (message));
      return EXCHANGE_LOST;
    }
  *out_root = json_object_ref (json_node_get_object (root));
  return EXCHANGE_ANSWERED;
}

/* ---- answers ----------------------------------------------------------------------- */

static const char *
answer_code (JsonObject *root)
{
  const char *code = json_object_get_string_member_with_default (root, "Code", "");

  return code;
}

/* The key pair is wrong: no request with it will ever succeed. */
static gboolean
is_auth_code (const char *code)
{
  return strcmp (code, "SignatureDoesNotMatch") == 0 ||
         strcmp (code, "IncompleteSignature") == 0 ||
         strcmp (code, "InvalidAccessKeyId") == 0 ||
         strcmp (code, "InvalidAccessKeyId.NotFound") == 0 ||
         strcmp (code, "InvalidAccessKeyId.Inactive") == 0 ||
         strcmp (code, "Forbidden.RAM") == 0 ||
         strcmp (code, "isv.ACCOUNT_NOT_EXISTS") == 0;
}

/* Never the gateway's Message: a SignatureDoesNotMatch echoes the numbers sent. */
static gboolean
set_auth_error (const char  *code,
                GError     **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED,
               _("The SMS gateway refused the access key (%s): check the AccessKey ID and secret."),
               code);
  return FALSE;
}

/* isv.BUSINESS_LIMIT_CONTROL comes at minute, hour and day level; only the day level does not
 * pass within the hour. Aliyun says which in the Message (触发天级流控 / "day"). */
static gboolean
is_day_level (JsonObject *root)
{
  const char *message = json_object_get_string_member_with_default (root, "Message", "");

  return strstr (message, "天级") != NULL || strstr (message, "day") != NULL
         || strstr (message, "Day") != NULL;
}

static gboolean
is_throttled (JsonObject *root)
{
  return strcmp (answer_code (root), "isv.BUSINESS_LIMIT_CONTROL") == 0 && !is_day_level (root);
}

/* What the people running the campaign are told about CODE. */
static char *
describe_code (const char *code,
               JsonObject *root)
{
  if (strcmp (code, "isv.BUSINESS_LIMIT_CONTROL") == 0)
    return g_strdup (is_day_level (root)
                     ? _("The SMS gateway’s daily sending limit for these numbers is reached.")
                     : _("The SMS gateway is throttling: too many messages a minute."));
  if (strcmp (code, "isv.MOBILE_NUMBER_ILLEGAL") == 0)
    return g_strdup (_("The SMS gateway rejected a mobile number in the batch as invalid."));
  if (strcmp (code, "isv.MOBILE_COUNT_OVER_LIMIT") == 0)
    return g_strdup (_("The SMS gateway rejected the batch: too many numbers in one request."));
  if (strcmp (code, "isv.SMS_TEMPLATE_ILLEGAL") == 0)
    return g_strdup (_("The SMS gateway rejected the batch: the account has no approved template with this code."));
  if (strcmp (code, "isv.TEMPLATE_MISSING_PARAMETERS") == 0)
    return g_strdup (_("The SMS gateway rejected the batch: the template’s parameters are missing."));
  if (strcmp (code, "isv.AMOUNT_NOT_ENOUGH") == 0)
    return g_strdup (_("The SMS account’s balance is too low: top it up in the Aliyun console."));
  if (strcmp (code, "isv.DAY_LIMIT_CONTROL") == 0)
    return g_strdup (_("The SMS account’s daily sending limit is reached."));
  if (strcmp (code, "isv.MONTH_LIMIT_CONTROL") == 0)
    return g_strdup (_("The SMS account’s monthly sending limit is reached."));
  if (strcmp (code, "isv.OUT_OF_SERVICE") == 0)
    return g_strdup (_("The SMS account is out of service (stopped or in arrears)."));
  if (strcmp (code, "isp.SYSTEM_ERROR") == 0)
    return g_strdup (_("The SMS gateway had an internal error: whether the batch was sent is "
                       "not known."));
  return g_strdup_printf (_("The SMS gateway refused the batch (%s)."), code);
}

/* ---- send -------------------------------------------------------------------------- */

/* The wait before retry ATTEMPT (1: the first), with jitter. */
static double
backoff (SdAliyunGateway *self,
         guint            attempt)
{
  return sd_store_backoff_seconds (self->backoff_ms, attempt, g_random_double ());
}

static gboolean
check_recipients (SdAliyunGateway *self,
                  GPtrArray       *recipients,
                  GPtrArray       *phones,
                  GError         **error)
{
  if (recipients->len == 0 || recipients->len > SD_ALIYUN_MAX_BATCH)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("A batch for the SMS gateway takes 1 to %u numbers, not %u."),
                   SD_ALIYUN_MAX_BATCH, recipients->len);
      return FALSE;
    }
  for (guint i = 0; i < recipients->len; i++)
    {
      SdSmsRecipient *r = g_ptr_array_index (recipients, i);
      char *phone = r->phone != NULL ? sd_sms_gateway_normalize_phone (r->phone) : NULL;

      /* The number itself stays out of the message. */
      if (phone == NULL)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                       _("Recipient %u of the batch has no mainland China mobile number."), i + 1);
          return FALSE;
        }
      g_ptr_array_add (phones, phone);
    }
  return TRUE;
}

static char *
json_string_array (GPtrArray *items)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (items, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* TemplateParamJson: the recipients' objects, aligned; "{}" for one without. */
static char *
template_param_array (GPtrArray *recipients)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < recipients->len; i++)
    {
      SdSmsRecipient *r = g_ptr_array_index (recipients, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, r->template_param != NULL && *r->template_param ? r->template_param : "{}");
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static gboolean
any_template_param (GPtrArray *recipients)
{
  for (guint i = 0; i < recipients->len; i++)
    {
      SdSmsRecipient *r = g_ptr_array_index (recipients, i);

      if (r->template_param != NULL && *r->template_param)
        return TRUE;
    }
  return FALSE;
}

static GHashTable *
send_params (SdAliyunGateway *self,
             const char      *template_code,
             const char      *out_id,
             GPtrArray       *recipients,
             GPtrArray       *phones,
             const char     **out_action)
{
  GHashTable *own = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (own, "TemplateCode", g_strdup (template_code));
  if (out_id != NULL && *out_id)
    g_hash_table_insert (own, "OutId", g_strdup (out_id));
  if (phones->len == 1)
    {
      SdSmsRecipient *r = g_ptr_array_index (recipients, 0);

      *out_action = "SendSms";
      g_hash_table_insert (own, "PhoneNumbers", g_strdup (g_ptr_array_index (phones, 0)));
      g_hash_table_insert (own, "SignName", g_strdup (self->sign_name));
      if (r->template_param != NULL && *r->template_param)
        g_hash_table_insert (own, "TemplateParam", g_strdup (r->template_param));
    }
  else
    {
      g_autoptr(GPtrArray) signs = g_ptr_array_new ();

      *out_action = "SendBatchSms";
      for (guint i = 0; i < phones->len; i++)
        g_ptr_array_add (signs, self->sign_name);
      g_hash_table_insert (own, "PhoneNumberJson", json_string_array (phones));
      g_hash_table_insert (own, "SignNameJson", json_string_array (signs));
      if (any_template_param (recipients))
        g_hash_table_insert (own, "TemplateParamJson", template_param_array (recipients));
    }
  return own;
}

static SdSmsSendReply *
sd_aliyun_gateway_send (SdSmsGateway  *gateway,
                        const char    *template_code,
                        const char    *out_id,
                        GPtrArray     *recipients,
                        GCancellable  *cancellable,
                        GError       **error)
{
  SdAliyunGateway *self = SD_ALIYUN_GATEWAY (gateway);
  g_autoptr(GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) own = NULL;
  const char *action = NULL;

  if (!check_recipients (self, recipients, phones, error))
    return NULL;
  own = send_params (self, template_code, out_id, recipients, phones, &action);

  for (guint throttled = 0;; throttled++)
    {
      g_autoptr(JsonObject) root = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *message = NULL;
      const char *code;

      switch (exchange (self, action, own, &root, cancellable, &local_error))
        {
        case EXCHANGE_NOT_SENT:
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        case EXCHANGE_LOST:
          /* It may have been taken: only the delivery reports can tell. */
          return sd_sms_send_reply_new (SD_SMS_SEND_UNKNOWN, NULL, NULL, local_error->message, TRUE);
        case EXCHANGE_ANSWERED:
        default:
          break;
        }

      code = answer_code (root);
      if (strcmp (code, "OK") == 0)
        return sd_sms_send_reply_new (SD_SMS_SEND_ACCEPTED,
                                      json_object_get_string_member_with_default (root, "BizId", ""),
                                      code, NULL, FALSE);
      if (is_auth_code (code))
        {
          set_auth_error (code, error);
          return NULL;
        }
      message = describe_code (code, root);
      /* A system error may come after the batch was taken: never resend it blindly. */
      if (strcmp (code, "isp.SYSTEM_ERROR") == 0)
        return sd_sms_send_reply_new (SD_SMS_SEND_UNKNOWN, NULL, code, message, TRUE);
      if (!is_throttled (root))
        return sd_sms_send_reply_new (SD_SMS_SEND_REJECTED, NULL, code, message, FALSE);
      if (throttled + 1 >= self->max_throttled)
        return sd_sms_send_reply_new (SD_SMS_SEND_REJECTED, NULL, code, message, TRUE);
      /* Throttled means not taken: sending the same batch again is safe. */
      if (!sd_store_sleep (backoff (self, throttled + 1), cancellable, error))
        return NULL;
    }
}

/* ---- query details ----------------------------------------------------------------- */

/* "2019-01-08 16:44:10", China time → UTC seconds; 0 when absent or not a time. */
static gint64
parse_china_time (const char *text)
{
  int y, mo, d, h, mi, s;
  g_autoptr(GTimeZone) china = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || sscanf (text, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6)
    return 0;
  china = g_time_zone_new_offset (CHINA_OFFSET_S);
  time = g_date_time_new (china, y, mo, d, h, mi, s);
  return time != NULL ? g_date_time_to_unix (time) : 0;
}

static char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%lld", (long long) json_node_get_int (node));
  return NULL;
}

static SdSmsDelivery *
parse_delivery (JsonObject *dto)
{
  SdSmsDelivery *delivery = g_new0 (SdSmsDelivery, 1);
  g_autofree char *status = member_text (dto, "SendStatus");
  g_autofree char *send_date = member_text (dto, "SendDate");
  g_autofree char *receive_date = member_text (dto, "ReceiveDate");

  delivery->phone = member_text (dto, "PhoneNum");
  delivery->err_code = member_text (dto, "ErrCode");
  delivery->out_id = member_text (dto, "OutId");
  delivery->status = SD_SMS_DELIVERY_WAITING;
  if (status != NULL && (strcmp (status, "2") == 0 || strcmp (status, "3") == 0))
    delivery->status = status[0] == '2' ? SD_SMS_DELIVERY_FAILED : SD_SMS_DELIVERY_DELIVERED;
  delivery->send_date = parse_china_time (send_date);
  delivery->receive_date = parse_china_time (receive_date);
  return delivery;
}

/* The page's records appended to DELIVERIES; their count. */
static guint
parse_page (JsonObject *root,
            GPtrArray  *deliveries)
{
  JsonObject *dtos;
  JsonArray *list;

  if (!json_object_has_member (root, "SmsSendDetailDTOs"))
    return 0;
  dtos = json_object_get_object_member (root, "SmsSendDetailDTOs");
  if (dtos == NULL || !json_object_has_member (dtos, "SmsSendDetailDTO"))
    return 0;
  list = json_object_get_array_member (dtos, "SmsSendDetailDTO");
  if (list == NULL)
    return 0;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *dto = json_array_get_object_element (list, i);

      if (dto != NULL)
        g_ptr_array_add (deliveries, parse_delivery (dto));
    }
  return json_array_get_length (list);
}

/* One page, asked again after a lost answer or throttling. NULL and ERROR when it cannot. */
static JsonObject *
query_page (SdAliyunGateway *self,
            GHashTable      *own,
            GCancellable    *cancellable,
            GError         **error)
{
  guint lost = 0;

  for (guint throttled = 0;;)
    {
      g_autoptr(JsonObject) root = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *code;

      switch (exchange (self, "QuerySendDetails", own, &root, cancellable, &local_error))
        {
        case EXCHANGE_NOT_SENT:
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        case EXCHANGE_LOST:
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
              || ++lost >= QUERY_MAX_TRIES)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          break;
        case EXCHANGE_ANSWERED:
        default:
          code = answer_code (root);
          if (strcmp (code, "OK") == 0)
            return g_steal_pointer (&root);
          if (is_auth_code (code))
            {
              set_auth_error (code, error);
              return NULL;
            }
          if (!is_throttled (root) || ++throttled >= self->max_throttled)
            {
              g_autofree char *message = describe_code (code, root);

              g_set_error (error, SD_ERROR,
                           is_throttled (root) || strcmp (code, "isv.BUSINESS_LIMIT_CONTROL") == 0
                           ? SD_ERROR_RATE_LIMITED : SD_ERROR_NETWORK,
                           _("Could not read the delivery reports: %s"), message);
              return NULL;
            }
          break;
        }
      if (!sd_store_sleep (backoff (self, lost + throttled), cancellable, error))
        return NULL;
    }
}

static char *
china_day (gint64 utc_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (utc_seconds + CHINA_OFFSET_S);

  return time != NULL ? g_date_time_format (time, "%Y%m%d") : g_strdup ("19700101");
}

static GPtrArray *
sd_aliyun_gateway_query_details (SdSmsGateway  *gateway,
                                 const char    *phone,
                                 const char    *biz_id,
                                 gint64         send_day,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  SdAliyunGateway *self = SD_ALIYUN_GATEWAY (gateway);
  g_autoptr(GPtrArray) deliveries =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sms_delivery_free);
  g_autoptr(GHashTable) own = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  char *number = sd_sms_gateway_normalize_phone (phone);

  if (number == NULL)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("Delivery reports can only be asked for a mainland China mobile number."));
      return NULL;
    }
  g_hash_table_insert (own, "PhoneNumber", number);
  if (biz_id != NULL && *biz_id)
    g_hash_table_insert (own, "BizId", g_strdup (biz_id));
  g_hash_table_insert (own, "SendDate", china_day (send_day));
  g_hash_table_insert (own, "PageSize", g_strdup_printf ("%d", QUERY_PAGE_SIZE));

  for (guint page = 1;; page++)
    {
      g_autoptr(JsonObject) root = NULL;
      gint64 total;
      guint n;

      g_hash_table_insert (own, "CurrentPage", g_strdup_printf ("%u", page));
      root = query_page (self, own, cancellable, error);
      if (root == NULL)
        return NULL;
      n = parse_page (root, deliveries);
      total = json_object_get_int_member_with_default (root, "TotalCount", -1);
      if (total < 0)   /* some answers give it as a string */
        {
          const char *text = json_object_get_string_member_with_default (root, "TotalCount", "");

          total = *text ? g_ascii_strtoll (text, NULL, 10) : 0;
        }
      if (n < QUERY_PAGE_SIZE || (gint64) deliveries->len >= total)
        break;
    }
  return g_steal_pointer (&deliveries);
}

/* ---- the object -------------------------------------------------------------------- */

static guint
sd_aliyun_gateway_get_max_batch (SdSmsGateway *gateway)
{
  return SD_ALIYUN_MAX_BATCH;
}

static void
sd_aliyun_gateway_iface_init (SdSmsGatewayInterface *iface)
{
  iface->get_max_batch = sd_aliyun_gateway_get_max_batch;
  iface->send = sd_aliyun_gateway_send;
  iface->query_details = sd_aliyun_gateway_query_details;
}

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
sd_aliyun_gateway_finalize (GObject *object)
{
  SdAliyunGateway *self = SD_ALIYUN_GATEWAY (object);

  g_clear_object (&self->session);
  g_free (self->url);
  g_free (self->access_key_id);
  clear_secret (&self->access_key_secret);
  g_free (self->sign_name);
  G_OBJECT_CLASS (sd_aliyun_gateway_parent_class)->finalize (object);
}

static void
sd_aliyun_gateway_class_init (SdAliyunGatewayClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_aliyun_gateway_finalize;
}

static void
sd_aliyun_gateway_init (SdAliyunGateway *self)
{
  self->backoff_ms = DEFAULT_BACKOFF_MS;
  self->max_throttled = DEFAULT_MAX_THROTTLED;
}

static SoupSession *
new_session (guint timeout_s)
{
  return soup_session_new_with_options ("timeout", timeout_s,
                                        "user-agent", "ShopDesk/" SHOPDESK_VERSION,
                                        NULL);
}

SdAliyunGateway *
sd_aliyun_gateway_new (const char *url,
                       const char *access_key_id,
                       const char *access_key_secret,
                       const char *sign_name)
{
  SdAliyunGateway *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (access_key_secret != NULL, NULL);
  g_return_val_if_fail (sign_name != NULL, NULL);

  self = g_object_new (SD_TYPE_ALIYUN_GATEWAY, NULL);
  self->url = g_strdup (url != NULL && *url ? url : SD_ALIYUN_DEFAULT_URL);
  self->access_key_id = g_strdup (access_key_id);
  self->access_key_secret = g_strdup (access_key_secret);
  self->sign_name = g_strdup (sign_name);
  /* Configured before any request, then only sent through (from the send job's thread). */
  self->session = new_session (DEFAULT_TIMEOUT_S);
  return self;
}

void
sd_aliyun_gateway_set_retry (SdAliyunGateway *self,
                             guint            backoff_ms,
                             guint            max_throttled,
                             guint            timeout_s)
{
  g_return_if_fail (SD_IS_ALIYUN_GATEWAY (self));

  if (backoff_ms > 0)
    self->backoff_ms = backoff_ms;
  if (max_throttled > 0)
    self->max_throttled = max_throttled;
  if (timeout_s > 0)
    {
      g_clear_object (&self->session);
      self->session = new_session (timeout_s);
    }
}
