/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-order.h"

G_BEGIN_DECLS

/* A connection to an online store (Taobao TOP, Shopify): what the sync engine (sd-sync.h)
 * reads through. Calls block; they run on a worker thread and honour the cancellable.
 * Retries of rate limits and server errors happen inside (backoff with jitter, Retry-After
 * and ban seconds honoured); what comes out is final:
 *   SD_ERROR_AUTH_EXPIRED   the session key or access token is invalid or expired: the
 *                           owner must authorise again
 *   SD_ERROR_AUTH_FAILED    the app key or secret is wrong (bad signature, unknown key)
 *   SD_ERROR_RATE_LIMITED   still limited after the retries
 *   SD_ERROR_NETWORK        unreachable, dropped, server errors after the retries
 *   SD_ERROR_CORRUPT        a response that is not what the protocol says (the message names
 *                           the call and the field)
 *   SD_ERROR_INVALID_INPUT  a window or setting the store refuses
 * No message ever contains a secret, a session key or a token. */

#define SD_TYPE_STORE_CONNECTION (sd_store_connection_get_type ())
G_DECLARE_INTERFACE (SdStoreConnection, sd_store_connection, SD, STORE_CONNECTION, GObject)

typedef struct
{
  char *platform;     /* "taobao", "shopify" */
  char *seller_id;    /* the store's id of the seller or shop */
  char *nick;         /* the seller nick or shop name */
} SdStoreSeller;

/* A buyer as the store reports them. Text fields are never NULL ("" when absent); values
 * the platform masks or encrypts (receiver name, mobile, address: "张**", "138****1234",
 * "*******1234", "~AbC...~") are kept exactly as given and `masked` says so. */
typedef struct
{
  char    *platform;
  char    *uid;          /* stable id: Taobao buyer_open_uid, Shopify customer id; may be "" */
  char    *nick;         /* buyer nick as given (Taobao fuzzes it: "t**1"); Shopify: email or id */
  char    *name;
  char    *mobile;       /* as given: E.164, plain digits, masked or encrypted */
  char    *email;
  char    *province;
  char    *city;
  char    *district;
  char    *address;      /* street part */
  gboolean masked;       /* name, mobile or address is masked or encrypted */
  gint64   created_at;   /* UTC seconds; 0 when the store does not say */
  gint64   updated_at;
} SdStoreBuyer;

/* One trade: the order, mapped into ours (order->platform, platform_order_id as decimal
 * text, amount_cents = what the buyer paid, status = the platform's own word
 * (TRADE_FINISHED, paid, …), times in UTC seconds, refund_state one of ours ("none",
 * "pending", "refused", "partial", "full") with refund_cents, items with title, quantity and
 * unit price in fen), and the buyer it names. order->customer_id is 0. */
typedef struct
{
  SdOrder      *order;
  SdStoreBuyer *buyer;
} SdStoreTrade;

typedef enum
{
  SD_STORE_WINDOW_CREATED,    /* orders created in the window (first full sync) */
  SD_STORE_WINDOW_MODIFIED,   /* orders changed in the window (incremental sync) */
} SdStoreWindowKind;

/* Called once a page, in the order pages are fetched; TRADES holds SdStoreTrade * and
 * belongs to the caller of the callback (steal what you keep with g_ptr_array_steal or
 * copy). Returning FALSE stops the fetch with that error. */
typedef gboolean (*SdStoreTradesFunc) (GPtrArray *trades,
                                       gpointer   user_data,
                                       GError   **error);
typedef gboolean (*SdStoreBuyersFunc) (GPtrArray *buyers,
                                       gpointer   user_data,
                                       GError   **error);

struct _SdStoreConnectionInterface
{
  GTypeInterface parent_iface;

  const char    *(*get_platform)     (SdStoreConnection *self);
  SdStoreSeller *(*get_seller)       (SdStoreConnection *self,
                                      GCancellable      *cancellable,
                                      GError           **error);
  gboolean       (*fetch_trades)     (SdStoreConnection *self,
                                      SdStoreWindowKind  kind,
                                      gint64             since,
                                      gint64             until,
                                      SdStoreTradesFunc  func,
                                      gpointer           user_data,
                                      GCancellable      *cancellable,
                                      GError           **error);
  gboolean       (*fetch_buyers)     (SdStoreConnection *self,
                                      gint64             since,
                                      gint64             until,
                                      SdStoreBuyersFunc  func,
                                      gpointer           user_data,
                                      GCancellable      *cancellable,
                                      GError           **error);
  gint64         (*get_max_window)   (SdStoreConnection *self,
                                      SdStoreWindowKind  kind);
  gint64         (*get_history_limit) (SdStoreConnection *self);
};

const char    *sd_store_connection_get_platform (SdStoreConnection *self);
/* Who the credentials belong to; the "test connection" call. */
SdStoreSeller *sd_store_connection_get_seller   (SdStoreConnection *self,
                                                 GCancellable      *cancellable,
                                                 GError           **error);
/* Every trade created (or modified) in [SINCE, UNTIL), UTC seconds, page by page. UNTIL -
 * SINCE is at most get_max_window (KIND) when that is not 0. Taobao's modified windows are
 * paged from the last page backwards, so that trades modified while paging are not missed
 * (they may come twice). */
gboolean       sd_store_connection_fetch_trades (SdStoreConnection *self,
                                                 SdStoreWindowKind  kind,
                                                 gint64             since,
                                                 gint64             until,
                                                 SdStoreTradesFunc  func,
                                                 gpointer           user_data,
                                                 GCancellable      *cancellable,
                                                 GError           **error);
/* Buyers created or updated in [SINCE, UNTIL), where the store lists them apart from trades
 * (Shopify); a store that does not (Taobao) returns TRUE without calling FUNC. */
gboolean       sd_store_connection_fetch_buyers (SdStoreConnection *self,
                                                 gint64             since,
                                                 gint64             until,
                                                 SdStoreBuyersFunc  func,
                                                 gpointer           user_data,
                                                 GCancellable      *cancellable,
                                                 GError           **error);
/* The longest window one fetch may ask, in seconds; 0: no limit. Taobao modified: 86400. */
gint64         sd_store_connection_get_max_window (SdStoreConnection *self,
                                                   SdStoreWindowKind  kind);
/* How far back the store lets a first sync reach, in seconds; 0: all history.
 * Taobao: 90 days. */
gint64         sd_store_connection_get_history_limit (SdStoreConnection *self);

SdStoreSeller *sd_store_seller_copy  (const SdStoreSeller *seller);
void           sd_store_seller_free  (SdStoreSeller *seller);
SdStoreBuyer  *sd_store_buyer_new    (const char    *platform);
SdStoreBuyer  *sd_store_buyer_copy   (const SdStoreBuyer *buyer);
void           sd_store_buyer_free   (SdStoreBuyer  *buyer);
SdStoreTrade  *sd_store_trade_new    (const char    *platform);  /* order and buyer made */
void           sd_store_trade_free   (SdStoreTrade  *trade);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdStoreSeller, sd_store_seller_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdStoreBuyer, sd_store_buyer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdStoreTrade, sd_store_trade_free)

G_END_DECLS
