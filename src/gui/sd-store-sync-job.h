/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"
#include "sd-sync.h"

G_BEGIN_DECLS

#define SD_TYPE_STORE_SYNC_JOB (sd_store_sync_job_get_type ())
G_DECLARE_FINAL_TYPE (SdStoreSyncJob, sd_store_sync_job, SD, STORE_SYNC_JOB, GObject)

/* One sync of the shop's store (sd_sync_run ()) on a worker thread, with its own connection
 * to the shop as the same account, telling its progress on the thread that made it.
 *
 * Signal "progress" (no arguments) on that thread whenever newer progress came, at most
 * once per main-loop turn however fast the pages come: sd_store_sync_job_get_progress ()
 * then holds it. */
SdStoreSyncJob       *sd_store_sync_job_new            (SdSession          *session,
                                                        gboolean            full);
/* Syncs through CONNECTION instead of one made from the shop's saved settings and
 * secrets (the demo store's, whose secrets are built in). Before the run. */
void                  sd_store_sync_job_set_connection (SdStoreSyncJob     *self,
                                                        SdStoreConnection  *connection);
/* An SdStoreWaitFunc for such a connection, WAIT_DATA the job: a retry's wait shows in the
 * progress. Any thread. */
void                  sd_store_sync_job_report_wait    (double              seconds,
                                                        const char         *reason,
                                                        gpointer            job);
void                  sd_store_sync_job_run_async      (SdStoreSyncJob     *self,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
/* What the sync did; NULL with the reason (G_IO_ERROR_CANCELLED when stopped: what was
 * written so far stays, and the next sync goes on from there). */
SdSyncResult         *sd_store_sync_job_run_finish     (SdStoreSyncJob     *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
/* The latest progress told (all zero before the first); its wait_reason, when waiting, is
 * valid until the next "progress". */
const SdSyncProgress *sd_store_sync_job_get_progress   (SdStoreSyncJob     *self);

G_END_DECLS
