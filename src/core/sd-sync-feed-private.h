/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "net/sd-store-connection.h"

G_BEGIN_DECLS

/* The fetching half of a sync: a thread of its own that asks the store for a run of
 * windows and hands what comes over a short queue, so that the next pages are fetched and
 * parsed while the sync thread writes the last ones. */
typedef struct _SdSyncFeed SdSyncFeed;

typedef enum
{
  SD_FEED_WINDOW_START,   /* since, until */
  SD_FEED_TRADES,         /* rows: SdStoreTrade * */
  SD_FEED_BUYERS,         /* rows: SdStoreBuyer * */
  SD_FEED_WAIT,           /* waiting, reason: the connection sleeps before a retry */
  SD_FEED_WINDOW_END,     /* since, until: everything of the window came */
  SD_FEED_FAILED,         /* error */
  SD_FEED_DONE,
} SdFeedItemKind;

typedef struct
{
  SdFeedItemKind kind;
  gint64         since;
  gint64         until;
  GPtrArray     *rows;
  double         waiting;
  char          *reason;
  GError        *error;
} SdFeedItem;

/* Fetches WINDOWS (gint64 pairs: since, until) of KIND through CONNECTION. CANCELLABLE
 * (may be NULL) stops it too. */
SdSyncFeed *_sd_sync_feed_start    (SdStoreConnection *connection,
                                    SdStoreWindowKind  kind,
                                    GArray            *windows,
                                    GCancellable      *cancellable);
/* The next item, waiting for it; the caller frees it. After DONE or FAILED, nothing more. */
SdFeedItem *_sd_sync_feed_next     (SdSyncFeed        *feed);
/* An SdStoreWaitFunc for the connection: the wait goes down the queue. */
void        _sd_sync_feed_tell_wait (double            seconds,
                                    const char        *reason,
                                    gpointer           feed);
/* Stops the fetching (at once, if it still runs), waits for its thread and frees FEED. */
void        _sd_sync_feed_stop     (SdSyncFeed        *feed);
void        _sd_feed_item_free     (SdFeedItem        *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdFeedItem, _sd_feed_item_free)

G_END_DECLS
