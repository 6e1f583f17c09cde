/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sync"

#include "sd-i18n.h"

#include "sd-audit.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-search-index-private.h"
#include "sd-store-private.h"
#include "sd-sync-feed-private.h"
#include "sd-sync-store-private.h"
#include "sd-sync.h"
#include "sd-tiers-private.h"

#define DEFAULT_SETTLE_SECONDS 60
/* A first sync reaches this far inside the store's history limit, so that the clocks of
 * the store and of this desktop may differ a little. */
#define HISTORY_MARGIN_SECONDS 3600

typedef struct
{
  SdSession          *session;
  SdDb               *db;
  SdStoreConnection  *connection;
  SdStoreRow         *row;
  SdSyncResult       *result;
  SdSyncProgress      progress;
  SdSyncProgressFunc  progress_func;
  gpointer            progress_data;
  GCancellable       *cancellable;
  GTimer             *timer;
  GHashTable         *touched;        /* gint64 * → NULL: customers whose figures may move, this page */
  GHashTable         *touched_all;    /* the same over the whole sync, for the last ranking */
  char               *source;         /* "sync:taobao" */
  gint64              now;
  SdSyncFeed         *feed;           /* while windows are fetched */
  GHashTable         *known;          /* buyer uid → Known: who this sync has written already */
} Sync;

/* A buyer this sync wrote, and what the store said of them then: the same again needs
 * neither a lookup nor a write. */
typedef struct
{
  gint64  id;
  guint64 fingerprint;
} Known;

void
sd_sync_result_free (SdSyncResult *result)
{
  g_free (result);
}

static void
report (Sync *sync)
{
  if (sync->progress_func == NULL)
    return;
  sync->progress.elapsed = g_timer_elapsed (sync->timer, NULL);
  sync->progress.pages = sync->result->pages;
  sync->progress.trades = sync->result->trades;
  sync->progress.orders_inserted = sync->result->orders_inserted;
  sync->progress.orders_updated = sync->result->orders_updated;
  sync->progress.customers_created = sync->result->customers_created;
  sync->progress.customers_updated = sync->result->customers_updated;
  sync->progress_func (&sync->progress, sync->progress_data);
}

static void
wait_cb (double      seconds,
         const char *reason,
         gpointer    user_data)
{
  Sync *sync = user_data;
  SdSyncFeed *feed = g_atomic_pointer_get (&sync->feed);

  /* On the fetching thread: the writing one reports it. */
  if (feed != NULL)
    _sd_sync_feed_tell_wait (seconds, reason, feed);
}

static void
touch (Sync   *sync,
       gint64  id)
{
  g_hash_table_add (sync->touched, g_memdup2 (&id, sizeof id));
}

/* ---- buyers into customers ---- */

static gboolean
is_masked_text (const char *text)
{
  return strchr (text, '*') != NULL || *text == '~' || *text == '$' || *text == '#';
}

/* A nick for a buyer the store fuzzes ("t**1"): unique per platform, so the fuzzed nick
 * with the tail of the buyer's stable id. */
static char *
nick_for (Sync               *sync,
          const SdStoreBuyer *buyer)
{
  gsize uid_len = strlen (buyer->uid);

  if (*buyer->nick != '\0' && !is_masked_text (buyer->nick))
    return g_strdup (buyer->nick);
  if (uid_len == 0)
    return g_strdup ("");
  for (gsize tail = MIN (uid_len, 6);; tail = MIN (uid_len, tail * 2))
    {
      g_autofree char *nick = g_strdup_printf ("%s·%s", *buyer->nick ? buyer->nick : "?", buyer->uid + uid_len - tail);

      if (_sd_store_find_customer_by_nick (sync->db, buyer->platform, nick) == 0 || tail == uid_len)
        return g_steal_pointer (&nick);
    }
}

static void
set_text_if (char       **field,
             const char  *value,
             gboolean    *changed)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  sd_customer_set_text (field, value);
  *changed = TRUE;
}

/* What the store says of a buyer over what the shop has: a masked value never replaces a
 * real one, and nothing the store leaves empty clears a field. */
static gboolean
fold_buyer (SdCustomer         *customer,
            const SdStoreBuyer *buyer)
{
  gboolean changed = FALSE;
  g_autofree char *phone = NULL;
  SdPhoneState state = sd_phone_normalize (buyer->mobile, &phone);

  if (*buyer->name && (*customer->name == '\0' || !is_masked_text (buyer->name)))
    set_text_if (&customer->name, buyer->name, &changed);
  if (state == SD_PHONE_VALID ||
      (state != SD_PHONE_NONE && customer->phone_state != SD_PHONE_VALID))
    {
      set_text_if (&customer->phone, phone ? phone : buyer->mobile, &changed);
      if (customer->phone_state != state)
        {
          customer->phone_state = state;
          changed = TRUE;
        }
    }
  if (*buyer->email)
    set_text_if (&customer->email, buyer->email, &changed);
  if (*buyer->province)
    {
      set_text_if (&customer->province, buyer->province, &changed);
      set_text_if (&customer->city, buyer->city, &changed);
      set_text_if (&customer->district, buyer->district, &changed);
    }
  if (*buyer->address && (*customer->address == '\0' || !is_masked_text (buyer->address)))
    set_text_if (&customer->address, buyer->address, &changed);
  return changed;
}

static gboolean
create_customer (Sync               *sync,
                 const SdStoreBuyer *buyer,
                 gint64              first_seen,
                 gint64             *out_id,
                 GError            **error)
{
  g_autoptr(SdCustomer) customer = sd_customer_new ();

  sd_customer_set_text (&customer->platform, buyer->platform);
  g_free (customer->nick);
  customer->nick = nick_for (sync, buyer);
  sd_customer_set_text (&customer->source, sync->source);
  fold_buyer (customer, buyer);
  customer->created_at = buyer->created_at > 0 ? buyer->created_at : first_seen;
  customer->updated_at = sync->now;
  if (!_sd_store_insert_customer (sync->db, customer, error) ||
      (*buyer->uid && !_sd_store_set_customer_uid (sync->db, customer->id, buyer->uid, error)))
    return FALSE;
  sync->result->customers_created++;
  *out_id = customer->id;
  return TRUE;
}

static gboolean
update_customer (Sync               *sync,
                 gint64              id,
                 gboolean            known_by_uid,
                 const SdStoreBuyer *buyer,
                 GError            **error)
{
  g_autoptr(SdCustomer) customer = _sd_store_load_customer (sync->db, id, FALSE, error);

  if (customer == NULL)
    return FALSE;
  if (!known_by_uid && *buyer->uid && !_sd_store_set_customer_uid (sync->db, id, buyer->uid, error))
    return FALSE;
  if (!fold_buyer (customer, buyer))
    return TRUE;
  customer->updated_at = sync->now;
  /* The tags stay as they are: update writes the ones listed. */
  g_ptr_array_set_size (customer->tags, 0);
  if (!_sd_store_update_customer (sync->db, customer, error))
    return FALSE;
  sync->result->customers_updated++;
  return TRUE;
}

/* FNV-1a over what a buyer says of themselves. */
static guint64
fingerprint_of (const SdStoreBuyer *buyer)
{
  const char *fields[] = { buyer->nick, buyer->name, buyer->mobile, buyer->email, buyer->province,
                           buyer->city, buyer->district, buyer->address };
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      for (const guchar *p = (const guchar *) fields[i]; *p; p++)
        hash = (hash ^ *p) * G_GUINT64_CONSTANT (1099511628211);
      hash = (hash ^ 0x1f) * G_GUINT64_CONSTANT (1099511628211);
    }
  return hash;
}

static void
remember_buyer (Sync               *sync,
                const SdStoreBuyer *buyer,
                gint64              id,
                guint64             fingerprint)
{
  Known *known;

  if (*buyer->uid == '\0')
    return;
  known = g_new (Known, 1);
  known->id = id;
  known->fingerprint = fingerprint;
  g_hash_table_replace (sync->known, g_strdup (buyer->uid), known);
}

static gboolean
store_buyer (Sync               *sync,
             const SdStoreBuyer *buyer,
             gint64              first_seen,
             gint64             *out_id,
             GError            **error)
{
  guint64 fingerprint = fingerprint_of (buyer);
  Known *known = *buyer->uid ? g_hash_table_lookup (sync->known, buyer->uid) : NULL;
  gint64 id;
  gboolean known_by_uid;

  if (known != NULL && known->fingerprint == fingerprint)
    {
      *out_id = known->id;
      return TRUE;
    }
  id = known ? known->id : _sd_store_find_customer_by_uid (sync->db, buyer->platform, buyer->uid);
  known_by_uid = id != 0;

  if (id == 0 && *buyer->nick && !is_masked_text (buyer->nick))
    id = _sd_store_find_customer_by_nick (sync->db, buyer->platform, buyer->nick);
  if (id == 0)
    {
      if (*buyer->uid == '\0' && (*buyer->nick == '\0' || is_masked_text (buyer->nick)))
        {
          g_set_error (error, SD_ERROR, SD_ERROR_CORRUPT,
                       _("The store sent a trade whose buyer has neither an id nor a nick."));
          return FALSE;
        }
      if (!create_customer (sync, buyer, first_seen, &id, error))
        return FALSE;
    }
  else if (!update_customer (sync, id, known_by_uid, buyer, error))
    return FALSE;
  remember_buyer (sync, buyer, id, fingerprint);
  *out_id = id;
  return TRUE;
}

/* ---- trades into orders ---- */

static gboolean
check_trade (const SdStoreTrade *trade,
             GError            **error)
{
  const SdOrder *order = trade->order;

  if (order->platform_order_id == NULL || *order->platform_order_id == '\0' || order->amount_cents < 0 ||
      order->refund_cents < 0 || order->created_at <= 0 || trade->buyer == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CORRUPT,
                   _("The store sent a trade (“%s”) without an order number, an amount or a creation time."),
                   order->platform_order_id ? order->platform_order_id : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_trade (Sync         *sync,
             SdStoreTrade *trade,
             GError      **error)
{
  SdOrder *order = trade->order;
  gint64 customer_id = 0, existing_id;
  g_autoptr(SdOrder) existing = NULL;

  if (!check_trade (trade, error) || !store_buyer (sync, trade->buyer, order->created_at, &customer_id, error))
    return FALSE;
  order->customer_id = customer_id;
  touch (sync, customer_id);
  existing_id = _sd_store_find_order (sync->db, order->platform, order->platform_order_id);
  if (existing_id == 0)
    {
      if (!_sd_store_insert_order (sync->db, order, error))
        return FALSE;
      sync->result->orders_inserted++;
      return TRUE;
    }
  existing = _sd_store_load_order (sync->db, existing_id, error);
  if (existing == NULL)
    return FALSE;
  order->id = existing_id;
  if (_sd_order_equal (existing, order))
    {
      sync->result->orders_unchanged++;
      return TRUE;
    }
  if (!_sd_store_update_order (sync->db, order, error))
    return FALSE;
  if (existing->customer_id != customer_id)
    touch (sync, existing->customer_id);
  sync->result->orders_updated++;
  return TRUE;
}

/* The touched customers' figures, tiers and RFM scores, against the quintiles as they
 * were: the sync's end ranks the shop again. */
static gboolean
refresh_touched (Sync    *sync,
                 GError **error)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (sync->touched));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, sync->touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_array_append_val (ids, *(gint64 *) key);
      g_hash_table_add (sync->touched_all, g_memdup2 (key, sizeof (gint64)));
    }
  g_hash_table_remove_all (sync->touched);
  if (ids->len == 0)
    return TRUE;
  return _sd_store_refresh_aggregates (sync->db, (gint64 *) ids->data, ids->len, error) &&
         _sd_tiers_recompute (sync->db, (gint64 *) ids->data, ids->len, SD_TIER_CAUSE_SYNC, sync->source,
                              SD_TIER_RECOMPUTE_KEEP_QUINTILES, NULL, error);
}

static gboolean
check_cancelled (Sync    *sync,
                 GError **error)
{
  return !g_cancellable_set_error_if_cancelled (sync->cancellable, error);
}

/* One page, inside the window's transaction. */
static gboolean
write_trades (Sync      *sync,
              GPtrArray *trades,
              GError   **error)
{
  if (!check_cancelled (sync, error))
    return FALSE;
  for (guint i = 0; i < trades->len; i++)
    if (!store_trade (sync, g_ptr_array_index (trades, i), error))
      return FALSE;
  sync->result->pages++;
  sync->result->trades += trades->len;
  report (sync);
  return TRUE;
}

static gboolean
write_buyers (Sync      *sync,
              GPtrArray *buyers,
              GError   **error)
{
  if (!check_cancelled (sync, error))
    return FALSE;
  for (guint i = 0; i < buyers->len; i++)
    {
      const SdStoreBuyer *buyer = g_ptr_array_index (buyers, i);
      gint64 id;

      if (!store_buyer (sync, buyer, buyer->created_at > 0 ? buyer->created_at : sync->now, &id, error))
        return FALSE;
    }
  sync->result->pages++;
  sync->result->trades += buyers->len;
  report (sync);
  return TRUE;
}

/* ---- windows ---- */

/* Where the sync stands, inside the transaction of what it wrote. */
static gboolean
save_position (Sync    *sync,
               GError **error)
{
  SdStoreRow *row = sync->row;

  return _sd_store_connection_advance (sync->db, row->cursor, row->full_sync_done, row->full_sync_until,
                                       row->full_sync_position, error);
}

static gboolean
advance (Sync    *sync,
         GError **error)
{
  if (!sd_db_begin (sync->db, error))
    return FALSE;
  if (!save_position (sync, error) || !sd_db_commit (sync->db, error))
    {
      sd_db_rollback (sync->db);
      return FALSE;
    }
  return TRUE;
}

/* Writes what FEED brings: each window one transaction with its orders, their buyers and
 * figures, and the position after it (ADVANCE_TO moves the row's position to a window's
 * end), so that a crash or kill never loses or doubles an order. */
static gboolean
consume (Sync        *sync,
         SdSyncFeed  *feed,
         void       (*advance_to) (SdStoreRow *row, gint64 until),
         GError     **error)
{
  SdStoreRow saved = *sync->row;
  SdSyncResult counted = *sync->result;
  gboolean open = FALSE;

  for (;;)
    {
      g_autoptr(SdFeedItem) item = _sd_sync_feed_next (feed);

      switch (item->kind)
        {
        case SD_FEED_WINDOW_START:
          sync->progress.window_since = item->since;
          sync->progress.window_until = item->until;
          sync->progress.phase = "orders";
          report (sync);
          saved = *sync->row;
          counted = *sync->result;
          if (!sd_db_begin (sync->db, error))
            return FALSE;
          open = TRUE;
          break;
        case SD_FEED_TRADES:
          if (!write_trades (sync, item->rows, error))
            goto fail;
          break;
        case SD_FEED_BUYERS:
          sync->progress.phase = "customers";
          if (!write_buyers (sync, item->rows, error))
            goto fail;
          break;
        case SD_FEED_WAIT:
          sync->progress.waiting = item->waiting;
          sync->progress.wait_reason = item->reason;
          report (sync);
          sync->progress.waiting = 0;
          sync->progress.wait_reason = NULL;
          break;
        case SD_FEED_WINDOW_END:
          advance_to (sync->row, item->until);
          if (!refresh_touched (sync, error) || !save_position (sync, error) || !sd_db_commit (sync->db, error))
            goto fail;
          open = FALSE;
          sync->result->windows++;
          break;
        case SD_FEED_FAILED:
          g_propagate_error (error, g_steal_pointer (&item->error));
          goto fail;
        case SD_FEED_DONE:
        default:
          return TRUE;
        }
    }

fail:
  if (open)
    sd_db_rollback (sync->db);
  g_hash_table_remove_all (sync->touched);
  sync->row->cursor = saved.cursor;
  sync->row->full_sync_position = saved.full_sync_position;
  /* What was rolled back was not written. */
  *sync->result = counted;
  return FALSE;
}

/* Fetches the windows from SINCE to UNTIL on a thread of their own while this one writes. */
static gboolean
run_windows (Sync              *sync,
             SdStoreWindowKind  kind,
             gint64             since,
             gint64             until,
             void             (*advance_to) (SdStoreRow *row, gint64 until),
             GError           **error)
{
  g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 step = sd_store_connection_get_max_window (sync->connection, kind);
  SdSyncFeed *feed;
  gboolean ok;

  for (gint64 t = since; t < until; t = step > 0 && until - t > step ? t + step : until)
    {
      gint64 end = step > 0 && until - t > step ? t + step : until;
      g_array_append_val (windows, t);
      g_array_append_val (windows, end);
    }
  if (windows->len == 0)
    return TRUE;
  feed = _sd_sync_feed_start (sync->connection, kind, windows, sync->cancellable);
  g_atomic_pointer_set (&sync->feed, feed);
  ok = consume (sync, feed, advance_to, error);
  g_atomic_pointer_set (&sync->feed, NULL);
  _sd_sync_feed_stop (feed);
  return ok;
}

static void
advance_full (SdStoreRow *row,
              gint64      until)
{
  row->full_sync_position = until;
}

static void
advance_cursor (SdStoreRow *row,
                gint64      until)
{
  row->cursor = until;
}

/* Orders created up to the horizon, window by window from where an interrupted first sync
 * stopped; then the cursor stands at that horizon. */
static gboolean
run_full (Sync    *sync,
          gint64   horizon,
          gboolean again,
          GError **error)
{
  SdStoreRow *row = sync->row;

  if (again || row->full_sync_until == 0)
    {
      gint64 limit = sd_store_connection_get_history_limit (sync->connection);

      row->full_sync_done = FALSE;
      row->full_sync_until = horizon;
      row->full_sync_position = limit > 0 ? horizon - limit + HISTORY_MARGIN_SECONDS : 0;
      if (!advance (sync, error))
        return FALSE;
    }
  sync->progress.first_since = row->full_sync_position;
  sync->progress.last_until = horizon;
  if (!run_windows (sync, SD_STORE_WINDOW_CREATED, row->full_sync_position, row->full_sync_until, advance_full,
                    error))
    return FALSE;
  row->full_sync_done = TRUE;
  row->cursor = row->full_sync_until;
  return advance (sync, error);
}

static gboolean
run_incremental (Sync    *sync,
                 gint64   horizon,
                 GError **error)
{
  SdStoreRow *row = sync->row;

  sync->progress.first_since = row->cursor;
  sync->progress.last_until = horizon;
  return run_windows (sync, SD_STORE_WINDOW_MODIFIED, row->cursor, horizon, advance_cursor, error);
}

/* The end: everyone ranked again (RFM quintiles may have moved), the search index caught
 * up, the audit entry. */
static gboolean
finish (Sync    *sync,
        GError **error)
{
  static const gint64 no_id = 0;
  g_autofree char *detail = NULL;

  if (!sd_db_begin (sync->db, error))
    return FALSE;
  detail = g_strdup_printf ("%s%" G_GUINT64_FORMAT " orders new, %" G_GUINT64_FORMAT " changed, %" G_GUINT64_FORMAT
                            " customers new, %" G_GUINT64_FORMAT " changed",
                            sync->result->full ? "full: " : "", sync->result->orders_inserted,
                            sync->result->orders_updated, sync->result->customers_created,
                            sync->result->customers_updated);
  if (g_hash_table_size (sync->touched_all) > 0 &&
      !_sd_tiers_recompute (sync->db, &no_id, 0, SD_TIER_CAUSE_SYNC, sync->source, SD_TIER_RECOMPUTE_DEFAULT, NULL,
                            error))
    goto fail;
  if (!_sd_search_index_maybe_rebuild (sync->db, sync->cancellable, error) ||
      !sd_audit_append (sync->session, SD_AUDIT_STORE_SYNC, "store", sync->row->platform, detail, error) ||
      !_sd_store_connection_note_outcome (sync->db, g_get_real_time () / G_USEC_PER_SEC, "", FALSE,
                                          (gint64) (sync->result->orders_inserted + sync->result->orders_updated),
                                          (gint64) (sync->result->customers_created + sync->result->customers_updated),
                                          error) ||
      !sd_db_commit (sync->db, error))
    goto fail;
  return TRUE;

fail:
  sd_db_rollback (sync->db);
  return FALSE;
}

/* What went wrong stays in the status for the Store page; what was written stays too. */
static void
note_failure (Sync         *sync,
              const GError *failure)
{
  g_autoptr(GError) local = NULL;
  gboolean needs_auth = g_error_matches (failure, SD_ERROR, SD_ERROR_AUTH_EXPIRED) ||
                        g_error_matches (failure, SD_ERROR, SD_ERROR_AUTH_FAILED);

  if (!sd_db_begin (sync->db, &local) ||
      !_sd_store_connection_note_outcome (sync->db, g_get_real_time () / G_USEC_PER_SEC, failure->message, needs_auth,
                                          (gint64) (sync->result->orders_inserted + sync->result->orders_updated),
                                          (gint64) (sync->result->customers_created + sync->result->customers_updated),
                                          &local) ||
      !sd_db_commit (sync->db, &local))
    {
      sd_db_rollback (sync->db);
      g_warning ("Could not keep the outcome of the sync: %s", local->message);
    }
}

static void
sync_clear (Sync *sync)
{
  g_clear_object (&sync->connection);
  g_clear_pointer (&sync->row, _sd_store_row_free);
  g_clear_pointer (&sync->timer, g_timer_destroy);
  g_clear_pointer (&sync->touched, g_hash_table_unref);
  g_clear_pointer (&sync->touched_all, g_hash_table_unref);
  g_clear_pointer (&sync->known, g_hash_table_unref);
  g_clear_pointer (&sync->source, g_free);
}

static gboolean
sync_prepare (Sync                *sync,
              const SdSyncOptions *options,
              GError             **error)
{
  sync->row = _sd_store_connection_load (sync->db, error);
  if (sync->row == NULL)
    return FALSE;
  if (options->connection != NULL)
    sync->connection = g_object_ref (options->connection);
  else
    sync->connection = sd_store_open_connection (sync->session, wait_cb, sync, error);
  if (sync->connection == NULL)
    return FALSE;
  if (g_strcmp0 (sd_store_connection_get_platform (sync->connection), sync->row->platform) != 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The connection given is to %s, but the shop is connected to %s."),
                   sd_store_connection_get_platform (sync->connection), sync->row->platform);
      return FALSE;
    }
  sync->source = g_strdup_printf ("sync:%s", sync->row->platform);
  sync->touched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sync->touched_all = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sync->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sync->timer = g_timer_new ();
  return TRUE;
}

SdSyncResult *
sd_sync_run (SdSession           *session,
             const SdSyncOptions *options,
             SdSyncProgressFunc   progress,
             gpointer             user_data,
             GCancellable        *cancellable,
             GError             **error)
{
  static const SdSyncOptions defaults = { FALSE, -1, NULL };
  g_autoptr(SdSyncResult) result = g_new0 (SdSyncResult, 1);
  g_autoptr(GError) local = NULL;
  Sync sync = { 0 };
  gint64 horizon;
  int settle;
  gboolean ok;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (options == NULL)
    options = &defaults;
  if (!sd_session_require (session, SD_PERMISSION_IMPORT_CUSTOMERS, error))
    return NULL;
  sync.session = session;
  sync.db = sd_session_get_db (session);
  sync.result = result;
  sync.progress_func = progress;
  sync.progress_data = user_data;
  sync.cancellable = cancellable;
  sync.now = g_get_real_time () / G_USEC_PER_SEC;
  if (!sync_prepare (&sync, options, error))
    {
      sync_clear (&sync);
      return NULL;
    }

  settle = options->settle_seconds < 0 ? DEFAULT_SETTLE_SECONDS : options->settle_seconds;
  horizon = sync.now - settle;
  result->full = options->full || !sync.row->full_sync_done;
  result->cursor_before = sync.row->cursor;
  ok = (!result->full || run_full (&sync, horizon, options->full, &local)) &&
       run_incremental (&sync, horizon, &local) && finish (&sync, &local);
  result->cursor_after = sync.row->cursor;
  result->seconds = g_timer_elapsed (sync.timer, NULL);
  if (!ok)
    {
      note_failure (&sync, local);
      g_propagate_error (error, g_steal_pointer (&local));
    }
  sync_clear (&sync);
  return ok ? g_steal_pointer (&result) : NULL;
}

char *
sd_sync_result_to_json (const SdSyncResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  sd_json_add_bool (builder, "full", result->full);
  sd_json_add_int (builder, "windows", (gint64) result->windows);
  sd_json_add_int (builder, "pages", (gint64) result->pages);
  sd_json_add_int (builder, "trades", (gint64) result->trades);
  sd_json_add_int (builder, "orders_inserted", (gint64) result->orders_inserted);
  sd_json_add_int (builder, "orders_updated", (gint64) result->orders_updated);
  sd_json_add_int (builder, "orders_unchanged", (gint64) result->orders_unchanged);
  sd_json_add_int (builder, "customers_created", (gint64) result->customers_created);
  sd_json_add_int (builder, "customers_updated", (gint64) result->customers_updated);
  sd_json_add_iso_time (builder, "cursor_before", result->cursor_before);
  sd_json_add_iso_time (builder, "cursor_after", result->cursor_after);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, result->seconds);
  json_builder_end_object (builder);
  return sd_json_to_text (builder);
}
