/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-taobao-connection"

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-store-connect-private.h"
#include "sd-store-http-private.h"
#include "sd-store-values-private.h"

/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429
#include "sd-top-mapping-private.h"

#define DAY_SECONDS 86400
/* TOP answers orders of the last three months only. */
#define HISTORY_DAYS 90
/* When the window's total keeps growing while it is paged, re-read pages above at most
 * this often; then carry on down (a duplicate is harmless, a loop is not). */
#define MAX_BUMPS 4

/* Only what the mapping reads: the answers are most of a sync's time, in parsing. */
#define TRADE_FIELDS \
  "tid,tid_str,status,payment,created,modified,pay_time,buyer_nick,buyer_open_uid," \
  "receiver_name,receiver_state,receiver_city,receiver_district,receiver_address," \
  "receiver_mobile,receiver_phone,orders.title,orders.num,orders.price,orders.total_fee," \
  "orders.payment,orders.refund_status"

#define SELLER_GET "taobao.user.seller.get"
#define SOLD_GET "taobao.trades.sold.get"
#define INCREMENT_GET "taobao.trades.sold.increment.get"

#define SD_TYPE_TAOBAO_CONNECTION (sd_taobao_connection_get_type ())
G_DECLARE_FINAL_TYPE (SdTaobaoConnection, sd_taobao_connection, SD, TAOBAO_CONNECTION, GObject)

struct _SdTaobaoConnection
{
  GObject          parent_instance;

  char            *url;
  char            *app_key;
  char            *app_secret;
  char            *session_key;
  SdTopSignMethod  sign_method;
  guint            page_size;
  SdStoreHttp     *http;
};

static void store_connection_iface_init (SdStoreConnectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdTaobaoConnection, sd_taobao_connection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_STORE_CONNECTION,
                                                      store_connection_iface_init))

/* One router call and, once judged, its answer. */
typedef struct
{
  SdTaobaoConnection *self;
  const char         *method;
  GHashTable         *params;       /* the method's own: name → value */
  gboolean            trades;       /* a page of trades, not the seller */
  char                page_no[16];  /* params["page_no"] points here */
  SdTopTradesPage     page;
  SdStoreSeller      *seller;
} TopCall;

static void
top_call_clear (TopCall *call)
{
  sd_top_trades_page_clear (&call->page);
  g_clear_pointer (&call->seller, sd_store_seller_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TopCall, top_call_clear)

static SoupMessage *
build_request (gpointer user_data)
{
  TopCall *call = user_data;
  SdTaobaoConnection *self = call->self;
  g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  g_autofree char *timestamp = sd_store_format_top_time (g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *sign = NULL;
  GHashTableIter iter;
  gpointer name, value;
  SoupMessage *message;

  g_hash_table_iter_init (&iter, call->params);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (form, name, value);
  g_hash_table_insert (form, "method", (gpointer) call->method);
  g_hash_table_insert (form, "app_key", self->app_key);
  g_hash_table_insert (form, "session", self->session_key);
  g_hash_table_insert (form, "timestamp", timestamp);
  g_hash_table_insert (form, "format", "json");
  g_hash_table_insert (form, "v", "2.0");
  g_hash_table_insert (form, "simplify", "false");
  g_hash_table_insert (form, "sign_method", (gpointer) sd_top_sign_method_to_string (self->sign_method));
  sign = sd_top_sign (form, self->app_secret, self->sign_method);
  g_hash_table_insert (form, "sign", sign);

  message = soup_message_new_from_encoded_form ("POST", self->url, soup_form_encode_hash (form));
  g_assert (message != NULL);   /* the URL was checked when the connection was made */
  return message;
}

static SdStoreHttpVerdict
judge_answer (SoupMessage      *message,
              GBytes           *body,
              gpointer          user_data,
              SdStoreHttpRetry *retry,
              GError          **error)
{
  TopCall *call = user_data;
  guint status = soup_message_get_status (message);
  SdTopErrorResponse response = { 0 };
  SdTopAnswer answer;
  const char *data;
  gsize length;

  if (status >= 500 || status == HTTP_TOO_MANY_REQUESTS || status == SOUP_STATUS_REQUEST_TIMEOUT)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                   _("Taobao’s router answered %s with HTTP %u, and trying again did not help."),
                   call->method, status);
      retry->reason = g_strdup_printf (_("server error %u"), status);
      return SD_STORE_HTTP_RETRY;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                   _("Taobao’s router answered %s with HTTP %u: check the router’s address in the store connection settings."),
                   call->method, status);
      return SD_STORE_HTTP_FAILED;
    }

  data = g_bytes_get_data (body, &length);
  if (call->trades)
    answer = sd_top_map_trades (data, length, call->method, &call->page, &response, error);
  else
    answer = sd_top_map_seller (data, length, &call->seller, &response, error);

  switch (answer)
    {
    case SD_TOP_ANSWER_OK:
      return SD_STORE_HTTP_DONE;
    case SD_TOP_ANSWER_CORRUPT:
      return SD_STORE_HTTP_GARBLED;
    case SD_TOP_ANSWER_ERROR:
    default:
      {
        gboolean again = sd_top_error_classify (&response, call->method, &retry->wait_seconds, error);

        if (again)
          retry->reason = g_strdup (response.code == 7 ? _("rate limited by the store")
                                                       : _("the store’s servers failed"));
        sd_top_error_response_clear (&response);
        return again ? SD_STORE_HTTP_RETRY : SD_STORE_HTTP_FAILED;
      }
    }
}

static gboolean
run_call (TopCall       *call,
          GCancellable  *cancellable,
          GError       **error)
{
  top_call_clear (call);
  return sd_store_http_run (call->self->http, call->method, build_request, judge_answer, call,
                            cancellable, error);
}

static const char *
sd_taobao_connection_get_platform (SdStoreConnection *connection)
{
  return "taobao";
}

static SdStoreSeller *
sd_taobao_connection_get_seller (SdStoreConnection *connection,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(TopCall) call = { SD_TAOBAO_CONNECTION (connection), SELLER_GET, params };

  g_hash_table_insert (params, "fields", "user_id,nick");
  if (!run_call (&call, cancellable, error))
    return NULL;
  return g_steal_pointer (&call.seller);
}

static guint
page_count (gint64 total,
            guint  page_size)
{
  return (guint) ((MAX (total, 0) + page_size - 1) / page_size);
}

/* Page PAGE_NO of the window into CALL->page. */
static gboolean
fetch_page (TopCall       *call,
            guint          page_no,
            GCancellable  *cancellable,
            GError       **error)
{
  g_snprintf (call->page_no, sizeof call->page_no, "%u", page_no);
  g_hash_table_insert (call->params, "page_no", call->page_no);
  return run_call (call, cancellable, error);
}

static gboolean
deliver (TopCall           *call,
         SdStoreTradesFunc  func,
         gpointer           user_data,
         GError           **error)
{
  gboolean ok = func (call->page.trades, user_data, error);

  sd_top_trades_page_clear (&call->page);
  return ok;
}

/* The total of an answer paged with use_has_next=false, which must say it. */
static gboolean
page_total (TopCall  *call,
            gint64   *out_total,
            GError  **error)
{
  SdStoreWhere where = { call->method };

  if (call->page.total_results < 0)
    {
      sd_store_set_corrupt (error, &where, _("“total_results” is missing"));
      return FALSE;
    }
  *out_total = call->page.total_results;
  return TRUE;
}

/* Created windows: forward, with has_next. */
static gboolean
fetch_forward (TopCall           *call,
               SdStoreTradesFunc  func,
               gpointer           user_data,
               GCancellable      *cancellable,
               GError           **error)
{
  g_hash_table_insert (call->params, "use_has_next", "true");
  for (guint page_no = 1;; page_no++)
    {
      gboolean more;

      if (!fetch_page (call, page_no, cancellable, error))
        return FALSE;
      /* An empty page ends it even if has_next says otherwise: never page forever. */
      more = call->page.has_next && call->page.trades->len > 0;
      if (!deliver (call, func, user_data, error))
        return FALSE;
      if (!more)
        return TRUE;
    }
}

/* Modified windows: learn the total from page 1, then read from the last page back to
 * page 1. TOP sorts by modified, newest first; an order modified while we page leaves
 * the window (its new time is past it) and moves the rest toward page 1, into pages not
 * read yet: it can come twice, never be missed. If the total grows instead, the orders
 * pushed down may have slipped into pages already read: read those again. */
static gboolean
fetch_backward (TopCall           *call,
                SdStoreTradesFunc  func,
                gpointer           user_data,
                GCancellable      *cancellable,
                GError           **error)
{
  guint size = call->self->page_size;
  guint bumps = 0;
  gint64 total;
  guint page_no;

  g_hash_table_insert (call->params, "use_has_next", "false");
  if (!fetch_page (call, 1, cancellable, error) || !page_total (call, &total, error))
    return FALSE;
  if (page_count (total, size) <= 1)
    return deliver (call, func, user_data, error);

  /* Page 1 is read again last: orders may move into it meanwhile. */
  sd_top_trades_page_clear (&call->page);
  page_no = page_count (total, size);
  while (page_no >= 1)
    {
      gint64 now_total;
      guint next = page_no - 1;

      if (!fetch_page (call, page_no, cancellable, error) ||
          !page_total (call, &now_total, error) ||
          !deliver (call, func, user_data, error))
        return FALSE;

      if (now_total > total && bumps < MAX_BUMPS)
        {
          bumps++;
          next = page_no + page_count (now_total - total, size);
          g_debug ("%s: the window grew from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                   " orders while paging; reading from page %u again", call->method, total,
                   now_total, next);
        }
      next = MIN (next, page_count (now_total, size));
      total = now_total;
      page_no = next;
    }
  return TRUE;
}

static gboolean
sd_taobao_connection_fetch_trades (SdStoreConnection *connection,
                                   SdStoreWindowKind  kind,
                                   gint64             since,
                                   gint64             until,
                                   SdStoreTradesFunc  func,
                                   gpointer           user_data,
                                   GCancellable      *cancellable,
                                   GError           **error)
{
  SdTaobaoConnection *self = SD_TAOBAO_CONNECTION (connection);
  gboolean created = kind == SD_STORE_WINDOW_CREATED;
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(TopCall) call = { self, created ? SOLD_GET : INCREMENT_GET, params, TRUE };
  g_autofree char *start = NULL, *end = NULL, *size = NULL;

  if (since > until || until - since > DAY_SECONDS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Taobao answers windows of at most one day, not %lld seconds."),
                   (long long) (until - since));
      return FALSE;
    }
  if (since == until)
    return TRUE;

  /* Our windows leave out their end; TOP's hold both ends, to the second. */
  start = sd_store_format_top_time (since);
  end = sd_store_format_top_time (until - 1);
  size = g_strdup_printf ("%u", self->page_size);
  g_hash_table_insert (params, "fields", TRADE_FIELDS);
  g_hash_table_insert (params, created ? "start_created" : "start_modified", start);
  g_hash_table_insert (params, created ? "end_created" : "end_modified", end);
  g_hash_table_insert (params, "page_size", size);

  if (created)
    return fetch_forward (&call, func, user_data, cancellable, error);
  return fetch_backward (&call, func, user_data, cancellable, error);
}

static gint64
sd_taobao_connection_get_max_window (SdStoreConnection *connection,
                                     SdStoreWindowKind  kind)
{
  /* increment.get allows one day; sold.get more, but small windows keep a first sync's
   * pages few and its progress smooth. */
  return DAY_SECONDS;
}

static gint64
sd_taobao_connection_get_history_limit (SdStoreConnection *connection)
{
  return HISTORY_DAYS * DAY_SECONDS;
}

static void
store_connection_iface_init (SdStoreConnectionInterface *iface)
{
  iface->get_platform = sd_taobao_connection_get_platform;
  iface->get_seller = sd_taobao_connection_get_seller;
  iface->fetch_trades = sd_taobao_connection_fetch_trades;
  iface->get_max_window = sd_taobao_connection_get_max_window;
  iface->get_history_limit = sd_taobao_connection_get_history_limit;
}

static void
sd_taobao_connection_finalize (GObject *object)
{
  SdTaobaoConnection *self = SD_TAOBAO_CONNECTION (object);

  g_clear_pointer (&self->http, sd_store_http_free);
  g_free (self->url);
  g_free (self->app_key);
  g_clear_pointer (&self->app_secret, g_free);
  g_clear_pointer (&self->session_key, g_free);

  G_OBJECT_CLASS (sd_taobao_connection_parent_class)->finalize (object);
}

static void
sd_taobao_connection_class_init (SdTaobaoConnectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_taobao_connection_finalize;
}

static void
sd_taobao_connection_init (SdTaobaoConnection *self)
{
}

SdStoreConnection *
_sd_taobao_connection_new (const SdStoreConfig *config)
{
  SdTaobaoConnection *self = g_object_new (SD_TYPE_TAOBAO_CONNECTION, NULL);

  self->url = g_strdup (config->url);
  self->app_key = g_strdup (config->app_key);
  self->app_secret = g_strdup (config->app_secret);
  self->session_key = g_strdup (config->session_key);
  self->sign_method = config->sign_method;
  self->page_size = config->page_size ? MIN (config->page_size, SD_TOP_PAGE_SIZE_MAX)
                                      : SD_TOP_PAGE_SIZE_MAX;
  self->http = sd_store_http_new (config);
  return SD_STORE_CONNECTION (self);
}
