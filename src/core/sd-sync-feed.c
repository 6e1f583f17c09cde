/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sync"

#include "sd-sync-feed-private.h"

/* Pages held ahead of the writer: enough to keep both threads busy, few enough that a
 * store's big pages stay small in memory. */
#define QUEUE_LIMIT 8

struct _SdSyncFeed
{
  SdStoreConnection *connection;
  SdStoreWindowKind  kind;
  GArray            *windows;
  GCancellable      *cancellable;     /* ours: the fetcher's calls watch it */
  GCancellable      *outer;           /* the caller's, which cancels ours */
  gulong             outer_handler;
  GThread           *thread;
  GMutex             lock;
  GCond              changed;
  GQueue             items;
  guint              data_items;      /* pages in the queue, for the limit */
  gboolean           stopping;
};

void
_sd_feed_item_free (SdFeedItem *item)
{
  if (item == NULL)
    return;
  g_clear_pointer (&item->rows, g_ptr_array_unref);
  g_clear_pointer (&item->reason, g_free);
  g_clear_error (&item->error);
  g_free (item);
}

static SdFeedItem *
item_new (SdFeedItemKind kind)
{
  SdFeedItem *item = g_new0 (SdFeedItem, 1);

  item->kind = kind;
  return item;
}

/* Queues ITEM, waiting for room when it carries rows; FALSE (ITEM dropped) when stopping. */
static gboolean
push (SdSyncFeed *feed,
      SdFeedItem *item)
{
  gboolean data = item->rows != NULL;
  gboolean queued = FALSE;

  g_mutex_lock (&feed->lock);
  while (data && feed->data_items >= QUEUE_LIMIT && !feed->stopping)
    g_cond_wait (&feed->changed, &feed->lock);
  if (!feed->stopping)
    {
      g_queue_push_tail (&feed->items, item);
      feed->data_items += data;
      queued = TRUE;
      g_cond_broadcast (&feed->changed);
    }
  g_mutex_unlock (&feed->lock);
  if (!queued)
    _sd_feed_item_free (item);
  return queued;
}

/* The rows of a page, taken from the connection's list (which stays its own, empty). */
static GPtrArray *
take_rows (GPtrArray      *rows,
           GDestroyNotify  free_row)
{
  GPtrArray *taken = g_ptr_array_new_full (rows->len, free_row);
  guint n = rows->len;
  gpointer *data = g_ptr_array_steal (rows, NULL);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (taken, data[i]);
  g_free (data);
  return taken;
}

static gboolean
push_rows (SdSyncFeed     *feed,
           SdFeedItemKind  kind,
           GPtrArray      *rows,
           GDestroyNotify  free_row,
           GError        **error)
{
  SdFeedItem *item = item_new (kind);

  item->rows = take_rows (rows, free_row);
  if (push (feed, item))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped");
  return FALSE;
}

static gboolean
trades_cb (GPtrArray *trades,
           gpointer   user_data,
           GError   **error)
{
  return push_rows (user_data, SD_FEED_TRADES, trades, (GDestroyNotify) sd_store_trade_free, error);
}

static gboolean
buyers_cb (GPtrArray *buyers,
           gpointer   user_data,
           GError   **error)
{
  return push_rows (user_data, SD_FEED_BUYERS, buyers, (GDestroyNotify) sd_store_buyer_free, error);
}

void
_sd_sync_feed_tell_wait (double      seconds,
                         const char *reason,
                         gpointer    user_data)
{
  SdFeedItem *item = item_new (SD_FEED_WAIT);

  item->waiting = seconds;
  item->reason = g_strdup (reason);
  push (user_data, item);
}

static gboolean
push_window (SdSyncFeed     *feed,
             SdFeedItemKind  kind,
             gint64          since,
             gint64          until)
{
  SdFeedItem *item = item_new (kind);

  item->since = since;
  item->until = until;
  return push (feed, item);
}

static gpointer
fetch_thread (gpointer user_data)
{
  SdSyncFeed *feed = user_data;
  g_autoptr(GError) error = NULL;
  SdFeedItem *last;

  for (guint i = 0; i + 1 < feed->windows->len; i += 2)
    {
      gint64 since = g_array_index (feed->windows, gint64, i);
      gint64 until = g_array_index (feed->windows, gint64, i + 1);

      if (!push_window (feed, SD_FEED_WINDOW_START, since, until) ||
          !sd_store_connection_fetch_trades (feed->connection, feed->kind, since, until, trades_cb, feed,
                                             feed->cancellable, &error) ||
          !sd_store_connection_fetch_buyers (feed->connection, since, until, buyers_cb, feed, feed->cancellable,
                                             &error) ||
          !push_window (feed, SD_FEED_WINDOW_END, since, until))
        break;
    }
  if (error != NULL)
    {
      last = item_new (SD_FEED_FAILED);
      last->error = g_steal_pointer (&error);
    }
  else
    last = item_new (SD_FEED_DONE);
  push (feed, last);
  return NULL;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    gpointer      user_data)
{
  SdSyncFeed *feed = user_data;

  g_cancellable_cancel (feed->cancellable);
}

SdSyncFeed *
_sd_sync_feed_start (SdStoreConnection *connection,
                     SdStoreWindowKind  kind,
                     GArray            *windows,
                     GCancellable      *cancellable)
{
  SdSyncFeed *feed = g_new0 (SdSyncFeed, 1);

  feed->connection = g_object_ref (connection);
  feed->kind = kind;
  feed->windows = g_array_ref (windows);
  feed->cancellable = g_cancellable_new ();
  g_mutex_init (&feed->lock);
  g_cond_init (&feed->changed);
  g_queue_init (&feed->items);
  if (cancellable != NULL)
    {
      feed->outer = g_object_ref (cancellable);
      feed->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb), feed, NULL);
    }
  feed->thread = g_thread_new ("sync-fetch", fetch_thread, feed);
  return feed;
}

SdFeedItem *
_sd_sync_feed_next (SdSyncFeed *feed)
{
  SdFeedItem *item;

  g_mutex_lock (&feed->lock);
  while (g_queue_is_empty (&feed->items))
    g_cond_wait (&feed->changed, &feed->lock);
  item = g_queue_pop_head (&feed->items);
  feed->data_items -= item->rows != NULL;
  g_cond_broadcast (&feed->changed);
  g_mutex_unlock (&feed->lock);
  return item;
}

void
_sd_sync_feed_stop (SdSyncFeed *feed)
{
  if (feed == NULL)
    return;
  g_mutex_lock (&feed->lock);
  feed->stopping = TRUE;
  g_cond_broadcast (&feed->changed);
  g_mutex_unlock (&feed->lock);
  g_cancellable_cancel (feed->cancellable);
  g_thread_join (feed->thread);

  if (feed->outer != NULL)
    g_cancellable_disconnect (feed->outer, feed->outer_handler);
  g_clear_object (&feed->outer);
  g_queue_clear_full (&feed->items, (GDestroyNotify) _sd_feed_item_free);
  g_mutex_clear (&feed->lock);
  g_cond_clear (&feed->changed);
  g_clear_object (&feed->cancellable);
  g_clear_pointer (&feed->windows, g_array_unref);
  g_clear_object (&feed->connection);
  g_free (feed);
}
