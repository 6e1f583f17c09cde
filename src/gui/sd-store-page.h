/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"
#include "sd-sync.h"

G_BEGIN_DECLS

#define SD_TYPE_STORE_PAGE (sd_store_page_get_type ())
G_DECLARE_FINAL_TYPE (SdStorePage, sd_store_page, SD, STORE_PAGE, AdwBin)

/* The Store page: the shop's online store (Taobao, Shopify) and the sync of its orders and
 * buyers. Not connected, it says what a connection brings and offers to connect one or to
 * try the demo store (a simulator started on this computer, sd-store-sim.h). Connected, it
 * shows the store, where its keys are kept, how far the sync reached, the last sync and its
 * error, the periodic sync and the counts synced; "Sync Now" syncs on a worker thread with
 * a progress bar, a rate, the counts and any wait for the store, and a Cancel. A sync is
 * work the window does not close under (sd_window_begin_job ()). While the app runs, a
 * periodic sync starts when due, never two at once.
 *
 * Connecting, disconnecting and the interval need settings.connections; a sync needs
 * customers.import; what the account lacks is insensitive with the reason.
 *
 * Signals: "loaded" each time the status was read (shown, empty or failed); "synced" each
 * time a sync ended (done, stopped or failed), after the shop's lists were told. */
GtkWidget           *sd_store_page_new         (void);
/* The account the page reads as (customers.view); NULL clears it and stops a sync. */
void                 sd_store_page_set_session (SdStorePage *self,
                                                SdSession   *session);
void                 sd_store_page_set_folded  (SdStorePage *self,
                                                gboolean     folded);
/* Reads the status again. */
void                 sd_store_page_reload      (SdStorePage *self);
/* Whether the status is being read, or a connect, disconnect or demo start runs. */
gboolean             sd_store_page_get_busy    (SdStorePage *self);
/* Whether a sync runs. */
gboolean             sd_store_page_get_syncing (SdStorePage *self);
/* The status shown; NULL when no store is connected (or before the first read). */
const SdStoreStatus *sd_store_page_get_status  (SdStorePage *self);
/* The periodic check, as its timer runs it every 30 s with the real time: the relative
 * times shown move on to NOW, and a sync starts when one is due at NOW. */
void                 sd_store_page_tick        (SdStorePage *self,
                                                gint64       now);

G_END_DECLS
