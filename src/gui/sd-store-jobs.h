/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"
#include "sd-sync.h"

G_BEGIN_DECLS

/* The store connection's short work off the main thread, shared by the Store page and its
 * connect dialog: every call may wait on the network or on the keyring (a D-Bus round trip
 * per secret), so none runs on the main thread. Each job runs on a worker thread with its
 * own connection to SESSION's shop, as the same account (sd_session_open_copy ()). SOURCE
 * becomes the task's source object (kept alive until CALLBACK runs), as with g_task_new ().
 * Settings are copied, secrets wiped from memory when the job ends. A connect, disconnect or
 * interval that ran is reported as done even when CANCELLABLE was cancelled meanwhile. */

/* The shop's store status; NULL and SD_ERROR_NOT_FOUND when no store is connected. */
void           sd_store_jobs_read_async       (gpointer               source,
                                               SdSession             *session,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
SdStoreStatus *sd_store_jobs_read_finish      (GAsyncResult          *result,
                                               GError               **error);

/* Who SETTINGS' credentials belong to, asked of the store without saving anything
 * (sd_store_connection_new () + sd_store_connection_get_seller ()). */
void           sd_store_jobs_test_async       (gpointer               source,
                                               const SdStoreSettings *settings,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
SdStoreSeller *sd_store_jobs_test_finish      (GAsyncResult          *result,
                                               GError               **error);

/* sd_store_connect (); the status saved. */
void           sd_store_jobs_connect_async    (gpointer               source,
                                               SdSession             *session,
                                               const SdStoreSettings *settings,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
SdStoreStatus *sd_store_jobs_connect_finish   (GAsyncResult          *result,
                                               GError               **error);

/* sd_store_disconnect (). */
void           sd_store_jobs_disconnect_async (gpointer               source,
                                               SdSession             *session,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
gboolean       sd_store_jobs_disconnect_finish (GAsyncResult         *result,
                                                GError              **error);

/* sd_store_set_interval (). */
void           sd_store_jobs_set_interval_async (gpointer             source,
                                                 SdSession           *session,
                                                 guint                minutes,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       sd_store_jobs_set_interval_finish (GAsyncResult       *result,
                                                  GError            **error);

G_END_DECLS
