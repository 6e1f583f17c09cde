/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-sync.h"

G_BEGIN_DECLS

#define SD_TYPE_STORE_SIM (sd_store_sim_get_type ())
G_DECLARE_FINAL_TYPE (SdStoreSim, sd_store_sim, SD, STORE_SIM, GObject)

/* The demo store: the bundled simulator, shopdesk-sim, speaking the Taobao TOP router on a
 * free port of 127.0.0.1, its shop made up from a fixed seed (the same orders and buyers
 * every time), whose buyers also open live chats by themselves, 3 a minute. The program is the one next to the running binary (or, in a build tree, in
 * ../sim/), else the one in PATH, else $SHOPDESK_SIM. It stops when the object goes, and
 * never outlives this process (the kernel ends it when its parent dies).
 *
 * Signal "stopped" (no arguments) when the simulator ended on its own (crashed, killed). */
SdStoreSim        *sd_store_sim_new            (void);
/* Starts it and waits, without blocking, for the address it listens on. */
void               sd_store_sim_start_async    (SdStoreSim            *self,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean           sd_store_sim_start_finish   (SdStoreSim            *self,
                                                GAsyncResult          *result,
                                                GError               **error);
/* Whether it runs: started, not stopped and not ended. */
gboolean           sd_store_sim_get_running    (SdStoreSim            *self);
/* "http://127.0.0.1:PORT/router/rest" while it runs; NULL otherwise. */
const char        *sd_store_sim_get_url        (SdStoreSim            *self);
/* SETTINGS to connect to it: the platform, its URL and its built-in credentials (which
 * stay valid while SELF lives). */
void               sd_store_sim_get_settings   (SdStoreSim            *self,
                                                SdStoreSettings       *settings);
/* A connection to it with those credentials, WAIT_FUNC told of retries: for a sync when
 * no keyring keeps the secrets. */
SdStoreConnection *sd_store_sim_new_connection (SdStoreSim            *self,
                                                SdStoreWaitFunc        wait_func,
                                                gpointer               wait_data,
                                                GError               **error);
/* Whether STATUS is this simulator's store (running now). */
gboolean           sd_store_sim_serves         (SdStoreSim            *self,
                                                const SdStoreStatus   *status);
/* Whether STATUS looks like a demo store on this computer (a simulator of another run). */
gboolean           sd_store_sim_is_demo        (const SdStoreStatus   *status);
void               sd_store_sim_stop           (SdStoreSim            *self);

G_END_DECLS
