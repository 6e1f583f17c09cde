/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-demo-shop"

#include "sd-i18n.h"

#include "sd-demo-shop.h"
#include "sd-demo.h"
#include "sd-error.h"
#include "sd-search-index-private.h"
#include "sd-store-private.h"
#include "sd-tiers-private.h"
#include "sd-values.h"

#define PROGRESS_EVERY 10000

/* Every PROGRESS_EVERY records: a chance to cancel, and a word to whoever watches. */
static gboolean
tick (guint64            *done,
      guint64             total,
      SdDemoProgressFunc  progress,
      gpointer            user_data,
      GCancellable       *cancellable,
      GError            **error)
{
  if (++*done % PROGRESS_EVERY != 0)
    return TRUE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (progress)
    progress (*done, total, user_data);
  return TRUE;
}

static gboolean
insert_all (SdDb               *db,
            SdDemo             *demo,
            guint64             total,
            SdDemoProgressFunc  progress,
            gpointer            user_data,
            GCancellable       *cancellable,
            GError            **error)
{
  /* The demo numbers its buyers from 1; the shop gives ids of its own (a team database's
   * go on after those of customers deleted before). */
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint64 done = 0;

  for (;;)
    {
      g_autoptr(SdCustomer) customer = sd_demo_next_customer (demo);
      if (customer == NULL)
        break;
      customer->id = 0;
      if (!_sd_store_insert_customer (db, customer, error) ||
          !tick (&done, total, progress, user_data, cancellable, error))
        return FALSE;
      g_array_append_val (ids, customer->id);
    }
  for (;;)
    {
      g_autoptr(SdOrder) order = sd_demo_next_order (demo);
      if (order == NULL)
        break;
      order->id = 0;
      g_assert (order->customer_id >= 1 && (guint) order->customer_id <= ids->len);
      order->customer_id = g_array_index (ids, gint64, order->customer_id - 1);
      if (!_sd_store_insert_order (db, order, error) ||
          !tick (&done, total, progress, user_data, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* A demo made by the CLI has no name yet; the window shows it as what it is. */
static gboolean
name_unnamed_shop (SdDb    *db,
                   gint64   now,
                   GError **error)
{
  g_autofree char *name = _sd_store_get_shop_name (db);

  if (name != NULL && *name != '\0')
    return TRUE;
  return _sd_store_set_shop_name (db, _("Demo Shop"), now, error);
}

gboolean
sd_demo_shop_fill (SdSession          *session,
                   guint               n_customers,
                   guint               n_orders,
                   guint64             seed,
                   gint64              now,
                   SdDemoProgressFunc  progress,
                   gpointer            user_data,
                   GCancellable       *cancellable,
                   GError            **error)
{
  SdDb *db;
  g_autoptr(SdDemo) demo = NULL;
  guint64 total = (guint64) n_customers + n_orders;
  gboolean ok;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_IMPORT_CUSTOMERS, error))
    return FALSE;
  db = sd_session_get_db (session);
  if (_sd_store_count_customers (db) > 0 || _sd_store_count_orders (db) > 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("This shop already has customers or orders; demo data goes only into an empty shop. "
                     "Choose a new database file with --db."));
      return FALSE;
    }
  if (n_orders > 0 && n_customers == 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("Orders need customers: ask for at least one customer."));
      return FALSE;
    }

  if (now == 0)
    {
      g_autoptr(GDateTime) today = g_date_time_new_now (sd_shop_time_zone ());
      g_autoptr(GDateTime) midnight = g_date_time_new (sd_shop_time_zone (), g_date_time_get_year (today),
                                                       g_date_time_get_month (today),
                                                       g_date_time_get_day_of_month (today), 0, 0, 0);
      now = g_date_time_to_unix (midnight);
    }
  demo = sd_demo_new (seed, n_customers, n_orders, now);
  if (!sd_db_begin (db, error))
    return FALSE;
  _sd_store_set_bulk (db, TRUE);
  ok = _sd_store_drop_indexes (db, TRUE, TRUE, error) &&
       _sd_store_pause_standing (db, error) &&
       insert_all (db, demo, total, progress, user_data, cancellable, error) &&
       _sd_store_resume_standing (db, error);
  _sd_store_set_bulk_memory (db, TRUE);
  ok = ok &&
       _sd_store_create_order_indexes (db, error) &&
       _sd_store_rebuild_aggregates (db, SD_AGGREGATES_MOST_WRONG, error) &&
       _sd_tiers_recompute (db, NULL, 0, SD_TIER_CAUSE_IMPORT, "demo", SD_TIER_RECOMPUTE_DEFAULT, NULL, error) &&
       _sd_store_create_indexes (db, error) &&
       _sd_search_index_rebuild (db, cancellable, error);
  _sd_store_set_bulk_memory (db, FALSE);
  _sd_store_set_bulk (db, FALSE);
  if (!ok)
    {
      sd_db_rollback (db);
      return FALSE;
    }
  if (progress)
    progress (total, total, user_data);
  if (!name_unnamed_shop (db, now, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return sd_db_commit (db, error);
}
