/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-shopify-connection"

#include <string.h>

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-shopify-mapping-private.h"
#include "sd-store-connect-private.h"
#include "sd-store-http-private.h"
#include "sd-store-values-private.h"

/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

/* Shopify leaves Retry-After out now and then: its documentation says wait 2 s. */
#define RETRY_AFTER_FALLBACK_S 2.0
/* A Retry-After beyond this is not waited out inside one sync. */
#define RETRY_AFTER_MAX_S 300.0
#define BODY_ECHO_MAX 200

#define SD_TYPE_SHOPIFY_CONNECTION (sd_shopify_connection_get_type ())
G_DECLARE_FINAL_TYPE (SdShopifyConnection, sd_shopify_connection, SD, SHOPIFY_CONNECTION, GObject)

struct _SdShopifyConnection
{
  GObject      parent_instance;

  char        *base;         /* the shop's URL, no trailing slash */
  GUri        *base_uri;
  char        *token;
  char        *api_version;
  guint        page_size;
  SdStoreHttp *http;
};

static void store_connection_iface_init (SdStoreConnectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdShopifyConnection, sd_shopify_connection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_STORE_CONNECTION,
                                                      store_connection_iface_init))

typedef enum
{
  RESOURCE_ORDERS,
  RESOURCE_CUSTOMERS,
  RESOURCE_SHOP,
} Resource;

/* One GET and, once judged, its answer. */
typedef struct
{
  SdShopifyConnection *self;
  Resource             resource;
  const char          *call;        /* "orders.json", for messages */
  char                *url;
  GPtrArray           *items;       /* SdStoreTrade * or SdStoreBuyer * of this page */
  char                *next_url;
  SdStoreSeller       *seller;
  gboolean             not_found;
} ShopifyCall;

static void
shopify_call_clear (ShopifyCall *call)
{
  g_clear_pointer (&call->url, g_free);
  g_clear_pointer (&call->items, g_ptr_array_unref);
  g_clear_pointer (&call->next_url, g_free);
  g_clear_pointer (&call->seller, sd_store_seller_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ShopifyCall, shopify_call_clear)

static SoupMessage *
build_request (gpointer user_data)
{
  ShopifyCall *call = user_data;
  SoupMessage *message = soup_message_new ("GET", call->url);
  SoupMessageHeaders *headers;

  g_assert (message != NULL);   /* our own URL, or a next link checked against it */
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "X-Shopify-Access-Token", call->self->token);
  soup_message_headers_replace (headers, "Accept", "application/json");
  return message;
}

static int
default_port (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
}

/* Whether URL is on the shop's own scheme, host and port: the token goes with every
 * request, so a next link elsewhere is never followed. */
static gboolean
same_origin (SdShopifyConnection *self,
             const char          *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  int port, base_port;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : default_port (g_uri_get_scheme (uri));
  base_port = g_uri_get_port (self->base_uri) > 0 ? g_uri_get_port (self->base_uri)
                                                  : default_port (g_uri_get_scheme (self->base_uri));
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), g_uri_get_scheme (self->base_uri)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (uri), g_uri_get_host (self->base_uri)) == 0 &&
         port == base_port;
}

static SdStoreHttpVerdict
map_page (ShopifyCall  *call,
          SoupMessage  *message,
          GBytes       *body,
          GError      **error)
{
  const char *data, *link;
  gsize length;
  gboolean ok;

  data = g_bytes_get_data (body, &length);
  if (call->resource == RESOURCE_SHOP)
    return (call->seller = sd_shopify_map_shop (data, length, error)) != NULL
           ? SD_STORE_HTTP_DONE : SD_STORE_HTTP_GARBLED;

  call->items = g_ptr_array_new_with_free_func (call->resource == RESOURCE_ORDERS
                                                ? (GDestroyNotify) sd_store_trade_free
                                                : (GDestroyNotify) sd_store_buyer_free);
  ok = call->resource == RESOURCE_ORDERS
       ? sd_shopify_map_orders (data, length, call->items, error)
       : sd_shopify_map_customers (data, length, call->items, error);
  if (!ok)
    return SD_STORE_HTTP_GARBLED;

  link = soup_message_headers_get_one (soup_message_get_response_headers (message), "Link");
  call->next_url = sd_shopify_link_next (link);
  if (call->next_url != NULL && !same_origin (call->self, call->next_url))
    {
      SdStoreWhere where = { call->call };

      sd_store_set_corrupt (error, &where, _("its link to the next page points to another site"));
      return SD_STORE_HTTP_FAILED;
    }
  return SD_STORE_HTTP_DONE;
}

/* The start of an error answer, for a message (Shopify's 400 says which filter). */
static char *
body_excerpt (GBytes *body)
{
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  g_autofree char *valid = g_utf8_make_valid (data != NULL ? data : "", MIN (length, 4096));

  if (g_utf8_strlen (valid, -1) > BODY_ECHO_MAX)
    *g_utf8_offset_to_pointer (valid, BODY_ECHO_MAX) = '\0';
  return g_steal_pointer (&valid);
}

static SdStoreHttpVerdict
judge_answer (SoupMessage      *message,
              GBytes           *body,
              gpointer          user_data,
              SdStoreHttpRetry *retry,
              GError          **error)
{
  ShopifyCall *call = user_data;
  guint status = soup_message_get_status (message);

  g_clear_pointer (&call->items, g_ptr_array_unref);
  g_clear_pointer (&call->next_url, g_free);

  if (status == SOUP_STATUS_OK)
    return map_page (call, message, body, error);
  if (status == HTTP_TOO_MANY_REQUESTS)
    {
      const char *after = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                        "Retry-After");

      retry->wait_seconds = sd_store_parse_retry_after (after, RETRY_AFTER_FALLBACK_S);
      g_set_error (error, SD_ERROR, SD_ERROR_RATE_LIMITED,
                   _("Shopify is limiting how often ShopDesk may call it, and the limit did not lift after waiting: sync again later."));
      if (retry->wait_seconds > RETRY_AFTER_MAX_S)
        return SD_STORE_HTTP_FAILED;
      retry->reason = g_strdup (_("rate limited by the store"));
      return SD_STORE_HTTP_RETRY;
    }
  if (status >= 500)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                   _("Shopify answered %s with HTTP %u, and trying again did not help."),
                   call->call, status);
      retry->reason = g_strdup_printf (_("server error %u"), status);
      return SD_STORE_HTTP_RETRY;
    }
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_AUTH_EXPIRED,
                   _("The Shopify access token was refused: connect the store again with a valid token in the store connection settings (HTTP %u)."),
                   status);
      return SD_STORE_HTTP_FAILED;
    }
  if (status == SOUP_STATUS_NOT_FOUND && call->resource == RESOURCE_SHOP)
    {
      call->not_found = TRUE;
      return SD_STORE_HTTP_DONE;
    }
  if (status == SOUP_STATUS_BAD_REQUEST)
    {
      g_autofree char *excerpt = body_excerpt (body);

      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Shopify refused the request for %s: %s"), call->call, excerpt);
      return SD_STORE_HTTP_FAILED;
    }
  g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
               _("Shopify answered %s with HTTP %u: check the shop’s address in the store connection settings."),
               call->call, status);
  return SD_STORE_HTTP_FAILED;
}

static gboolean
run_call (ShopifyCall   *call,
          GCancellable  *cancellable,
          GError       **error)
{
  return sd_store_http_run (call->self->http, call->call, build_request, judge_answer, call,
                            cancellable, error);
}

/* {base}/admin/api/{version}/{resource}?status=any&{field}_min=…&{field}_max=…&limit=N */
static char *
first_page_url (SdShopifyConnection *self,
                const char          *resource,
                const char          *field,
                gint64               since,
                gint64               until,
                guint                limit)
{
  GString *url = g_string_new (self->base);

  g_string_append_printf (url, "/admin/api/%s/%s?", self->api_version, resource);
  if (g_str_equal (resource, "orders.json"))
    g_string_append (url, "status=any&");
  if (field != NULL)
    {
      g_autofree char *min = sd_store_format_iso_time (since);
      /* Our windows leave out their end; Shopify's filters hold both ends. */
      g_autofree char *max = sd_store_format_iso_time (until - 1);

      g_string_append_printf (url, "%s_min=", field);
      g_string_append_uri_escaped (url, min, NULL, FALSE);
      g_string_append_printf (url, "&%s_max=", field);
      g_string_append_uri_escaped (url, max, NULL, FALSE);
      g_string_append_c (url, '&');
    }
  g_string_append_printf (url, "limit=%u", limit);
  return g_string_free (url, FALSE);
}

typedef gboolean (*PageFunc) (GPtrArray *items, gpointer user_data, GError **error);

/* Every page from CALL->url on, following the next links to the end. */
static gboolean
fetch_pages (ShopifyCall   *call,
             PageFunc       func,
             gpointer       user_data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (;;)
    {
      if (!g_hash_table_add (seen, g_strdup (call->url)))
        {
          SdStoreWhere where = { call->call };

          /* A cursor that leads back to a page already read would page forever. */
          sd_store_set_corrupt (error, &where, _("its next page link leads back to a page already read"));
          return FALSE;
        }
      if (!run_call (call, cancellable, error) ||
          !func (call->items, user_data, error))
        return FALSE;
      g_clear_pointer (&call->items, g_ptr_array_unref);
      if (call->next_url == NULL)
        return TRUE;
      g_free (call->url);
      call->url = g_steal_pointer (&call->next_url);
    }
}

static gboolean
check_window (gint64   since,
              gint64   until,
              GError **error)
{
  if (since >= 0 && since <= until)
    return TRUE;
  g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                       _("The window to fetch ends before it starts."));
  return FALSE;
}

static const char *
sd_shopify_connection_get_platform (SdStoreConnection *connection)
{
  return "shopify";
}

/* A shop without shop.json (the simulator): the token is proved on customers.json and
 * the shop named by its host. */
static gboolean
probe_customers (SdShopifyConnection  *self,
                 GCancellable         *cancellable,
                 SdStoreSeller       **out_seller,
                 GError              **error)
{
  g_auto(ShopifyCall) call = { self, RESOURCE_CUSTOMERS, "customers.json" };
  g_autofree char *host = NULL;
  SdStoreSeller *seller;

  call.url = first_page_url (self, "customers.json", NULL, 0, 0, 1);
  if (!run_call (&call, cancellable, error))
    return FALSE;

  host = g_uri_get_port (self->base_uri) > 0
         ? g_strdup_printf ("%s:%d", g_uri_get_host (self->base_uri), g_uri_get_port (self->base_uri))
         : g_strdup (g_uri_get_host (self->base_uri));
  seller = g_new0 (SdStoreSeller, 1);
  seller->platform = g_strdup ("shopify");
  seller->seller_id = g_strdup (host);
  seller->nick = g_steal_pointer (&host);
  *out_seller = seller;
  return TRUE;
}

static SdStoreSeller *
sd_shopify_connection_get_seller (SdStoreConnection *connection,
                                  GCancellable      *cancellable,
                                  GError           **error)
{
  SdShopifyConnection *self = SD_SHOPIFY_CONNECTION (connection);
  g_auto(ShopifyCall) call = { self, RESOURCE_SHOP, "shop.json" };
  SdStoreSeller *seller = NULL;

  call.url = g_strdup_printf ("%s/admin/api/%s/shop.json", self->base, self->api_version);
  if (!run_call (&call, cancellable, error))
    return NULL;
  if (!call.not_found)
    return g_steal_pointer (&call.seller);
  if (!probe_customers (self, cancellable, &seller, error))
    return NULL;
  return seller;
}

static gboolean
sd_shopify_connection_fetch_trades (SdStoreConnection *connection,
                                    SdStoreWindowKind  kind,
                                    gint64             since,
                                    gint64             until,
                                    SdStoreTradesFunc  func,
                                    gpointer           user_data,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  SdShopifyConnection *self = SD_SHOPIFY_CONNECTION (connection);
  g_auto(ShopifyCall) call = { self, RESOURCE_ORDERS, "orders.json" };

  if (!check_window (since, until, error))
    return FALSE;
  if (since == until)
    return TRUE;
  call.url = first_page_url (self, "orders.json",
                             kind == SD_STORE_WINDOW_CREATED ? "created_at" : "updated_at",
                             since, until, self->page_size);
  return fetch_pages (&call, (PageFunc) func, user_data, cancellable, error);
}

static gboolean
sd_shopify_connection_fetch_buyers (SdStoreConnection *connection,
                                    gint64             since,
                                    gint64             until,
                                    SdStoreBuyersFunc  func,
                                    gpointer           user_data,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  SdShopifyConnection *self = SD_SHOPIFY_CONNECTION (connection);
  g_auto(ShopifyCall) call = { self, RESOURCE_CUSTOMERS, "customers.json" };

  if (!check_window (since, until, error))
    return FALSE;
  if (since == until)
    return TRUE;
  call.url = first_page_url (self, "customers.json", "updated_at", since, until, self->page_size);
  return fetch_pages (&call, (PageFunc) func, user_data, cancellable, error);
}

static void
store_connection_iface_init (SdStoreConnectionInterface *iface)
{
  iface->get_platform = sd_shopify_connection_get_platform;
  iface->get_seller = sd_shopify_connection_get_seller;
  iface->fetch_trades = sd_shopify_connection_fetch_trades;
  iface->fetch_buyers = sd_shopify_connection_fetch_buyers;
}

static void
sd_shopify_connection_finalize (GObject *object)
{
  SdShopifyConnection *self = SD_SHOPIFY_CONNECTION (object);

  g_clear_pointer (&self->http, sd_store_http_free);
  g_free (self->base);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->token, g_free);
  g_free (self->api_version);

  G_OBJECT_CLASS (sd_shopify_connection_parent_class)->finalize (object);
}

static void
sd_shopify_connection_class_init (SdShopifyConnectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_shopify_connection_finalize;
}

static void
sd_shopify_connection_init (SdShopifyConnection *self)
{
}

SdStoreConnection *
_sd_shopify_connection_new (const SdStoreConfig *config)
{
  SdShopifyConnection *self = g_object_new (SD_TYPE_SHOPIFY_CONNECTION, NULL);
  gsize len = strlen (config->url);

  while (len > 0 && config->url[len - 1] == '/')
    len--;
  self->base = g_strndup (config->url, len);
  self->base_uri = g_uri_parse (self->base, SOUP_HTTP_URI_FLAGS, NULL);
  g_assert (self->base_uri != NULL);   /* checked by sd_store_connection_new () */
  self->token = g_strdup (config->access_token);
  self->api_version = g_strdup (config->api_version ? config->api_version : SD_SHOPIFY_API_VERSION);
  self->page_size = config->page_size ? MIN (config->page_size, SD_SHOPIFY_PAGE_SIZE_MAX)
                                      : SD_SHOPIFY_PAGE_SIZE_MAX;
  self->http = sd_store_http_new (config);
  return SD_STORE_CONNECTION (self);
}
