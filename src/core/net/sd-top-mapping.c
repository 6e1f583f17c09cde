/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-top-mapping"

#include <string.h>

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-store-values-private.h"
#include "sd-top-mapping-private.h"

/* A ban longer than this is not waited out inside one sync: the owner hears about it. */
#define BAN_WAIT_MAX_SECONDS 300
#define WORDS_MAX_CHARS 200

void
sd_top_error_response_clear (SdTopErrorResponse *response)
{
  response->code = 0;
  g_clear_pointer (&response->msg, g_free);
  g_clear_pointer (&response->sub_code, g_free);
  g_clear_pointer (&response->sub_msg, g_free);
}

void
sd_top_trades_page_clear (SdTopTradesPage *page)
{
  page->total_results = -1;
  page->has_next = FALSE;
  g_clear_pointer (&page->trades, g_ptr_array_unref);
}

static void
set_text (char       **field,
          const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* taobao.trades.sold.get → trades_sold_get_response */
static char *
response_member (const char *method)
{
  const char *name = g_str_has_prefix (method, "taobao.") ? method + strlen ("taobao.") : method;
  char *member = g_strconcat (name, "_response", NULL);

  g_strdelimit (member, ".", '_');
  return member;
}

static gboolean
read_error_response (JsonObject         *object,
                     const SdStoreWhere *where,
                     SdTopErrorResponse *response,
                     GError            **error)
{
  const char *msg, *sub_code, *sub_msg;
  gint64 code;

  if (!sd_store_json_count (object, "code", TRUE, where, &code, error) ||
      !sd_store_json_string (object, "msg", FALSE, where, &msg, error) ||
      !sd_store_json_string (object, "sub_code", FALSE, where, &sub_code, error) ||
      !sd_store_json_string (object, "sub_msg", FALSE, where, &sub_msg, error))
    return FALSE;
  response->code = (int) MIN (code, G_MAXINT);
  response->msg = g_strdup (msg);
  response->sub_code = g_strdup (sub_code);
  response->sub_msg = g_strdup (sub_msg);
  return TRUE;
}

/* Parses BODY and finds METHOD's response object in it, or the error_response. */
static SdTopAnswer
open_answer (const char         *body,
             gsize               length,
             const char         *method,
             JsonParser        **out_parser,
             JsonObject        **out_response,
             SdTopErrorResponse *error_response,
             GError            **error)
{
  SdStoreWhere where = { method };
  g_autoptr(JsonParser) parser = sd_store_json_parse (body, length, &where, error);
  g_autofree char *member = NULL;
  JsonObject *root, *response;
  JsonNode *node;

  if (parser == NULL)
    return SD_TOP_ANSWER_CORRUPT;
  node = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sd_store_set_corrupt (error, &where, _("it is not an object"));
      return SD_TOP_ANSWER_CORRUPT;
    }
  root = json_node_get_object (node);
  if (!sd_store_json_object (root, "error_response", FALSE, &where, &response, error))
    return SD_TOP_ANSWER_CORRUPT;
  if (response != NULL)
    {
      if (!read_error_response (response, &where, error_response, error))
        {
          sd_top_error_response_clear (error_response);
          return SD_TOP_ANSWER_CORRUPT;
        }
      return SD_TOP_ANSWER_ERROR;
    }
  member = response_member (method);
  if (!sd_store_json_object (root, member, TRUE, &where, &response, error))
    return SD_TOP_ANSWER_CORRUPT;
  *out_parser = g_steal_pointer (&parser);
  *out_response = response;
  return SD_TOP_ANSWER_OK;
}

typedef struct
{
  guint  n;
  guint  refunded;
  guint  waiting;
  guint  refused;
  gint64 refund_cents;
} RefundTally;

static gboolean
map_sub_order (JsonObject         *object,
               const SdStoreWhere *where,
               SdOrder            *order,
               RefundTally        *tally,
               GError            **error)
{
  const char *title, *refund_status;
  gint64 num, price, payment, total_fee;

  if (!sd_store_json_string (object, "title", FALSE, where, &title, error) ||
      !sd_store_json_count (object, "num", TRUE, where, &num, error) ||
      !sd_store_json_money (object, "price", TRUE, where, &price, error) ||
      !sd_store_json_money (object, "payment", FALSE, where, &payment, error) ||
      !sd_store_json_money (object, "total_fee", FALSE, where, &total_fee, error) ||
      !sd_store_json_string (object, "refund_status", FALSE, where, &refund_status, error))
    return FALSE;

  sd_order_add_item (order, title, num, price);
  tally->n++;
  if (strcmp (refund_status, "SUCCESS") == 0)
    {
      JsonNode *paid = json_object_get_member (object, "payment");

      tally->refunded++;
      /* What the buyer paid for this line, or its total when the store leaves that out. */
      tally->refund_cents += paid != NULL && !JSON_NODE_HOLDS_NULL (paid) ? payment : total_fee;
    }
  else if (g_str_has_prefix (refund_status, "WAIT_"))
    tally->waiting++;
  else if (strcmp (refund_status, "SELLER_REFUSE_BUYER") == 0)
    tally->refused++;
  return TRUE;
}

static const char *
refund_state (const RefundTally *tally)
{
  if (tally->n > 0 && tally->refunded == tally->n)
    return "full";
  if (tally->refunded > 0)
    return "partial";
  if (tally->waiting > 0)
    return "pending";
  if (tally->refused > 0)
    return "refused";
  return "none";
}

static gboolean
map_items (JsonObject         *trade,
           const SdStoreWhere *where,
           SdOrder            *order,
           GError            **error)
{
  SdStoreWhere item_where = { where->call, N_("order"), 0, NULL, where };
  RefundTally tally = { 0 };
  JsonObject *orders;
  JsonArray *list = NULL;
  guint n;

  if (!sd_store_json_object (trade, "orders", FALSE, where, &orders, error) ||
      (orders != NULL && !sd_store_json_array (orders, "order", FALSE, where, &list, error)))
    return FALSE;
  n = list != NULL ? json_array_get_length (list) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *object;

      item_where.index = i + 1;
      if (!sd_store_json_element (list, i, &item_where, &object, error) ||
          !map_sub_order (object, &item_where, order, &tally, error))
        return FALSE;
    }

  set_text (&order->refund_state, refund_state (&tally));
  /* Lines may add up to more than the trade when the store rounds its discounts: never
   * more back than was paid. */
  order->refund_cents = MIN (tally.refund_cents, order->amount_cents);
  return TRUE;
}

static gboolean
map_buyer (JsonObject         *trade,
           const SdStoreWhere *where,
           SdStoreBuyer       *buyer,
           GError            **error)
{
  const char *uid, *nick, *name, *mobile, *phone, *state, *city, *district, *address;

  if (!sd_store_json_string (trade, "buyer_open_uid", FALSE, where, &uid, error) ||
      !sd_store_json_string (trade, "buyer_nick", FALSE, where, &nick, error) ||
      !sd_store_json_string (trade, "receiver_name", FALSE, where, &name, error) ||
      !sd_store_json_string (trade, "receiver_mobile", FALSE, where, &mobile, error) ||
      !sd_store_json_string (trade, "receiver_phone", FALSE, where, &phone, error) ||
      !sd_store_json_string (trade, "receiver_state", FALSE, where, &state, error) ||
      !sd_store_json_string (trade, "receiver_city", FALSE, where, &city, error) ||
      !sd_store_json_string (trade, "receiver_district", FALSE, where, &district, error) ||
      !sd_store_json_string (trade, "receiver_address", FALSE, where, &address, error))
    return FALSE;

  set_text (&buyer->uid, uid);
  set_text (&buyer->nick, nick);
  set_text (&buyer->name, name);
  /* The landline only where there is no mobile. */
  set_text (&buyer->mobile, *mobile != '\0' ? mobile : phone);
  set_text (&buyer->province, state);
  set_text (&buyer->city, city);
  set_text (&buyer->district, district);
  set_text (&buyer->address, address);
  buyer->masked = sd_store_value_is_masked (buyer->name) ||
                  sd_store_value_is_masked (buyer->mobile) ||
                  sd_store_value_is_masked (buyer->address);
  return TRUE;
}

static SdStoreTrade *
map_trade (JsonObject   *object,
           SdStoreWhere *where,
           GError      **error)
{
  g_autoptr(SdStoreTrade) trade = sd_store_trade_new ("taobao");
  SdOrder *order = trade->order;
  g_autofree char *tid = NULL;
  const char *status;

  /* tid_str is exact where a JSON reader would round a 19-digit number. */
  if (!sd_store_json_id (object, "tid_str", FALSE, where, &tid, error) ||
      (tid == NULL && !sd_store_json_id (object, "tid", TRUE, where, &tid, error)))
    return NULL;
  where->id = tid;

  if (!sd_store_json_string (object, "status", TRUE, where, &status, error) ||
      !sd_store_json_money (object, "payment", TRUE, where, &order->amount_cents, error) ||
      !sd_store_json_top_time (object, "created", TRUE, where, &order->created_at, error) ||
      !sd_store_json_top_time (object, "modified", FALSE, where, &order->modified_at, error) ||
      !sd_store_json_top_time (object, "pay_time", FALSE, where, &order->paid_at, error) ||
      !map_items (object, where, order, error) ||
      !map_buyer (object, where, trade->buyer, error))
    return NULL;
  if (*status == '\0')
    {
      sd_store_set_corrupt (error, where, _("“status” is empty"));
      return NULL;
    }

  set_text (&order->platform_order_id, tid);
  set_text (&order->status, status);
  return g_steal_pointer (&trade);
}

static GPtrArray *
map_trade_list (JsonObject *response,
                const char *method,
                GError    **error)
{
  SdStoreWhere where = { method };
  g_autoptr(GPtrArray) trades = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_store_trade_free);
  JsonObject *wrapper;
  JsonArray *list = NULL;
  guint n;

  /* TOP leaves "trades" out when a window holds none. */
  if (!sd_store_json_object (response, "trades", FALSE, &where, &wrapper, error) ||
      (wrapper != NULL && !sd_store_json_array (wrapper, "trade", FALSE, &where, &list, error)))
    return NULL;
  n = list != NULL ? json_array_get_length (list) : 0;
  where.what = N_("trade");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *object;
      SdStoreTrade *trade;

      where.index = i + 1;
      where.id = NULL;
      if (!sd_store_json_element (list, i, &where, &object, error) ||
          (trade = map_trade (object, &where, error)) == NULL)
        return NULL;
      g_ptr_array_add (trades, trade);
    }
  return g_steal_pointer (&trades);
}

SdTopAnswer
sd_top_map_trades (const char         *body,
                   gsize               length,
                   const char         *method,
                   SdTopTradesPage    *page,
                   SdTopErrorResponse *error_response,
                   GError            **error)
{
  SdStoreWhere where = { method };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) trades = NULL;
  JsonObject *response = NULL;
  SdTopAnswer answer;
  gint64 total = -1;
  gboolean has_next;

  g_return_val_if_fail (method != NULL, SD_TOP_ANSWER_CORRUPT);

  sd_top_trades_page_clear (page);
  answer = open_answer (body, length, method, &parser, &response, error_response, error);
  if (answer != SD_TOP_ANSWER_OK)
    return answer;

  if ((json_object_has_member (response, "total_results") &&
       !sd_store_json_count (response, "total_results", FALSE, &where, &total, error)) ||
      !sd_store_json_bool (response, "has_next", &where, &has_next, error) ||
      (trades = map_trade_list (response, method, error)) == NULL)
    return SD_TOP_ANSWER_CORRUPT;

  page->total_results = total;
  page->has_next = has_next;
  page->trades = g_steal_pointer (&trades);
  return SD_TOP_ANSWER_OK;
}

SdTopAnswer
sd_top_map_seller (const char         *body,
                   gsize               length,
                   SdStoreSeller     **out_seller,
                   SdTopErrorResponse *error_response,
                   GError            **error)
{
  static const char method[] = "taobao.user.seller.get";
  SdStoreWhere where = { method };
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *user_id = NULL;
  JsonObject *response = NULL, *user;
  SdStoreSeller *seller;
  SdTopAnswer answer;
  const char *nick;

  answer = open_answer (body, length, method, &parser, &response, error_response, error);
  if (answer != SD_TOP_ANSWER_OK)
    return answer;
  if (!sd_store_json_object (response, "user", TRUE, &where, &user, error) ||
      !sd_store_json_string (user, "nick", TRUE, &where, &nick, error) ||
      !sd_store_json_id (user, "user_id", FALSE, &where, &user_id, error))
    return SD_TOP_ANSWER_CORRUPT;
  if (*nick == '\0')
    {
      sd_store_set_corrupt (error, &where, _("“nick” is empty"));
      return SD_TOP_ANSWER_CORRUPT;
    }

  seller = g_new0 (SdStoreSeller, 1);
  seller->platform = g_strdup ("taobao");
  seller->seller_id = g_strdup (user_id ? user_id : "");
  seller->nick = g_strdup (nick);
  *out_seller = seller;
  return SD_TOP_ANSWER_OK;
}

/* "code 15, Remote service error, isp.top-remote-service-unavailable: …", valid UTF-8
 * and short, for a message. */
static char *
error_words (const SdTopErrorResponse *response)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *valid = NULL;

  g_string_append_printf (s, _("code %d"), response->code);
  if (response->msg != NULL && *response->msg != '\0')
    g_string_append_printf (s, ", %s", response->msg);
  if (response->sub_code != NULL && *response->sub_code != '\0')
    g_string_append_printf (s, ", %s", response->sub_code);
  if (response->sub_msg != NULL && *response->sub_msg != '\0')
    g_string_append_printf (s, ": %s", response->sub_msg);
  valid = g_utf8_make_valid (s->str, -1);
  if (g_utf8_strlen (valid, -1) > WORDS_MAX_CHARS)
    *g_utf8_offset_to_pointer (valid, WORDS_MAX_CHARS) = '\0';
  return g_steal_pointer (&valid);
}

/* "This ban will last for 12 more seconds" → 12; -1 when it does not say. */
static gint64
ban_seconds (const char *sub_msg)
{
  const char *p = sub_msg != NULL ? strstr (sub_msg, "last for ") : NULL;

  if (p == NULL)
    {
      /* Another wording: the first number in it. */
      for (p = sub_msg; p != NULL && *p != '\0' && !g_ascii_isdigit (*p); p++)
        ;
      if (p == NULL || *p == '\0')
        return -1;
    }
  else
    p += strlen ("last for ");
  if (!g_ascii_isdigit (*p))
    return -1;
  return g_ascii_strtoll (p, NULL, 10);
}

static gboolean
retryable_sub_code (const char *sub_code)
{
  static const char * const codes[] = {
    "isp.top-remote-connection-timeout",
    "isp.top-remote-service-unavailable",
    "isp.remote-connection-error",
    "isp.top-remote-unknown-error",
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (sub_code, codes[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
sd_top_error_classify (const SdTopErrorResponse *response,
                       const char               *method,
                       double                   *wait_seconds,
                       GError                  **error)
{
  g_autofree char *words = error_words (response);

  *wait_seconds = -1;
  switch (response->code)
    {
    case 7:
      {
        gint64 ban = ban_seconds (response->sub_msg);

        if (ban > BAN_WAIT_MAX_SECONDS)
          {
            g_set_error (error, SD_ERROR, SD_ERROR_RATE_LIMITED,
                         _("Taobao has stopped this app’s calls for %lld more seconds (%s): sync again later."),
                         (long long) ban, words);
            return FALSE;
          }
        g_set_error (error, SD_ERROR, SD_ERROR_RATE_LIMITED,
                     _("Taobao is limiting how often this app may call it, and the limit did not lift after waiting (%s): sync again later."),
                     words);
        *wait_seconds = (ban >= 0 ? ban : 1) + 1;
        return TRUE;
      }
    case 10:
    case 15:
      g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                   _("Taobao’s servers failed to answer %s (%s): try again later."), method, words);
      return response->code == 10 || retryable_sub_code (response->sub_code);
    case 26:
    case 27:
      g_set_error_literal (error, SD_ERROR, SD_ERROR_AUTH_EXPIRED,
                           _("The Taobao session has expired or is invalid: authorise ShopDesk again in the store connection settings."));
      return FALSE;
    case 25:
    case 28:
    case 29:
      g_set_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED,
                   _("Taobao refused the app key or the app secret (%s): check them in the store connection settings."),
                   words);
      return FALSE;
    case 31:
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Taobao refused the time of the request (%s): check that this computer’s clock is right."),
                   words);
      return FALSE;
    case 40:
    case 41:
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Taobao refused the arguments of %s (%s)."), method, words);
      return FALSE;
    default:
      g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                   _("Taobao answered %s with an error (%s)."), method, words);
      return FALSE;
    }
}
