/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-store-connection"

#include "sd-store-connection.h"

G_DEFINE_INTERFACE (SdStoreConnection, sd_store_connection, G_TYPE_OBJECT)

static gboolean
default_fetch_buyers (SdStoreConnection *self,
                      gint64             since,
                      gint64             until,
                      SdStoreBuyersFunc  func,
                      gpointer           user_data,
                      GCancellable      *cancellable,
                      GError           **error)
{
  /* A store that lists buyers only inside trades. */
  return TRUE;
}

static gint64
default_get_zero (SdStoreConnection *self)
{
  return 0;
}

static gint64
default_get_max_window (SdStoreConnection *self,
                        SdStoreWindowKind  kind)
{
  return 0;
}

static void
sd_store_connection_default_init (SdStoreConnectionInterface *iface)
{
  iface->fetch_buyers = default_fetch_buyers;
  iface->get_max_window = default_get_max_window;
  iface->get_history_limit = default_get_zero;
}

const char *
sd_store_connection_get_platform (SdStoreConnection *self)
{
  g_return_val_if_fail (SD_IS_STORE_CONNECTION (self), NULL);

  return SD_STORE_CONNECTION_GET_IFACE (self)->get_platform (self);
}

SdStoreSeller *
sd_store_connection_get_seller (SdStoreConnection *self,
                                GCancellable      *cancellable,
                                GError           **error)
{
  g_return_val_if_fail (SD_IS_STORE_CONNECTION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return SD_STORE_CONNECTION_GET_IFACE (self)->get_seller (self, cancellable, error);
}

gboolean
sd_store_connection_fetch_trades (SdStoreConnection *self,
                                  SdStoreWindowKind  kind,
                                  gint64             since,
                                  gint64             until,
                                  SdStoreTradesFunc  func,
                                  gpointer           user_data,
                                  GCancellable      *cancellable,
                                  GError           **error)
{
  g_return_val_if_fail (SD_IS_STORE_CONNECTION (self), FALSE);
  g_return_val_if_fail (kind == SD_STORE_WINDOW_CREATED || kind == SD_STORE_WINDOW_MODIFIED, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return SD_STORE_CONNECTION_GET_IFACE (self)->fetch_trades (self, kind, since, until, func,
                                                             user_data, cancellable, error);
}

gboolean
sd_store_connection_fetch_buyers (SdStoreConnection *self,
                                  gint64             since,
                                  gint64             until,
                                  SdStoreBuyersFunc  func,
                                  gpointer           user_data,
                                  GCancellable      *cancellable,
                                  GError           **error)
{
  g_return_val_if_fail (SD_IS_STORE_CONNECTION (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return SD_STORE_CONNECTION_GET_IFACE (self)->fetch_buyers (self, since, until, func,
                                                             user_data, cancellable, error);
}

gint64
sd_store_connection_get_max_window (SdStoreConnection *self,
                                    SdStoreWindowKind  kind)
{
  g_return_val_if_fail (SD_IS_STORE_CONNECTION (self), 0);

  return SD_STORE_CONNECTION_GET_IFACE (self)->get_max_window (self, kind);
}

gint64
sd_store_connection_get_history_limit (SdStoreConnection *self)
{
  g_return_val_if_fail (SD_IS_STORE_CONNECTION (self), 0);

  return SD_STORE_CONNECTION_GET_IFACE (self)->get_history_limit (self);
}

SdStoreSeller *
sd_store_seller_copy (const SdStoreSeller *seller)
{
  SdStoreSeller *copy;

  g_return_val_if_fail (seller != NULL, NULL);

  copy = g_new0 (SdStoreSeller, 1);
  copy->platform = g_strdup (seller->platform);
  copy->seller_id = g_strdup (seller->seller_id);
  copy->nick = g_strdup (seller->nick);
  return copy;
}

void
sd_store_seller_free (SdStoreSeller *seller)
{
  if (seller == NULL)
    return;
  g_free (seller->platform);
  g_free (seller->seller_id);
  g_free (seller->nick);
  g_free (seller);
}

SdStoreBuyer *
sd_store_buyer_new (const char *platform)
{
  SdStoreBuyer *buyer = g_new0 (SdStoreBuyer, 1);

  buyer->platform = g_strdup (platform ? platform : "");
  buyer->uid = g_strdup ("");
  buyer->nick = g_strdup ("");
  buyer->name = g_strdup ("");
  buyer->mobile = g_strdup ("");
  buyer->email = g_strdup ("");
  buyer->province = g_strdup ("");
  buyer->city = g_strdup ("");
  buyer->district = g_strdup ("");
  buyer->address = g_strdup ("");
  return buyer;
}

SdStoreBuyer *
sd_store_buyer_copy (const SdStoreBuyer *buyer)
{
  SdStoreBuyer *copy;

  g_return_val_if_fail (buyer != NULL, NULL);

  copy = g_memdup2 (buyer, sizeof *buyer);
  copy->platform = g_strdup (buyer->platform);
  copy->uid = g_strdup (buyer->uid);
  copy->nick = g_strdup (buyer->nick);
  copy->name = g_strdup (buyer->name);
  copy->mobile = g_strdup (buyer->mobile);
  copy->email = g_strdup (buyer->email);
  copy->province = g_strdup (buyer->province);
  copy->city = g_strdup (buyer->city);
  copy->district = g_strdup (buyer->district);
  copy->address = g_strdup (buyer->address);
  return copy;
}

void
sd_store_buyer_free (SdStoreBuyer *buyer)
{
  if (buyer == NULL)
    return;
  g_free (buyer->platform);
  g_free (buyer->uid);
  g_free (buyer->nick);
  g_free (buyer->name);
  g_free (buyer->mobile);
  g_free (buyer->email);
  g_free (buyer->province);
  g_free (buyer->city);
  g_free (buyer->district);
  g_free (buyer->address);
  g_free (buyer);
}

SdStoreTrade *
sd_store_trade_new (const char *platform)
{
  SdStoreTrade *trade = g_new0 (SdStoreTrade, 1);

  trade->order = sd_order_new ();
  g_free (trade->order->platform);
  trade->order->platform = g_strdup (platform ? platform : "");
  trade->buyer = sd_store_buyer_new (platform);
  return trade;
}

void
sd_store_trade_free (SdStoreTrade *trade)
{
  if (trade == NULL)
    return;
  g_clear_pointer (&trade->order, sd_order_free);
  g_clear_pointer (&trade->buyer, sd_store_buyer_free);
  g_free (trade);
}
