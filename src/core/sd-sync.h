/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "net/sd-store-connect.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* The shop's store connection and the sync of its orders and buyers.
 *
 * One shop database holds at most one store connection. Its settings (platform, URL, app
 * key, sign method) live in the database; its secrets (app secret, session key, access
 * token) in the Secret Service through libsecret, the database keeping only a reference.
 * Where no Secret Service runs, the secrets come from the environment:
 * SHOPDESK_TAOBAO_APP_SECRET, SHOPDESK_TAOBAO_SESSION, SHOPDESK_SHOPIFY_TOKEN (which also
 * win over stored ones when set).
 *
 * Connecting and disconnecting need settings.connections; syncing needs customers.import;
 * reading the status needs customers.view. */

typedef enum
{
  SD_SECRET_SOURCE_NONE,          /* no secrets: connect again */
  SD_SECRET_SOURCE_KEYRING,       /* the Secret Service */
  SD_SECRET_SOURCE_ENVIRONMENT,   /* SHOPDESK_TAOBAO_* / SHOPDESK_SHOPIFY_TOKEN */
} SdSecretSource;

typedef struct
{
  char          *platform;          /* "taobao", "shopify" */
  char          *url;
  char          *app_key;           /* Taobao; "" for Shopify */
  SdTopSignMethod sign_method;
  char          *api_version;       /* Shopify; "" for Taobao */
  char          *seller_nick;       /* as the store said when connecting */
  char          *seller_id;
  gint64         connected_at;
  SdSecretSource secret_source;     /* where the secrets would be read from now */
  gint64         cursor;            /* every order modified before this is in the shop; 0: never synced */
  gboolean       full_sync_done;    /* the first full sync finished */
  gint64         last_sync_at;      /* when the last sync ended, well or not; 0: never */
  gint64         last_success_at;
  char          *last_error;        /* "" when the last sync succeeded */
  gboolean       needs_authorization; /* the last error was an expired session or token */
  gint64         orders_synced;     /* in all syncs: orders written (new or changed) */
  gint64         customers_synced;  /* in all syncs: customers created or changed */
  guint          interval_minutes;  /* periodic sync while the app runs; 0: off */
  gint64         next_sync_at;      /* last_sync_at + interval, or 0 */
} SdStoreStatus;

/* What to connect to. Strings are copied; secrets go to the keyring (when one runs),
 * never into the database. */
typedef struct
{
  const char     *platform;
  const char     *url;
  const char     *app_key;
  const char     *app_secret;
  const char     *session_key;
  SdTopSignMethod sign_method;
  const char     *access_token;
  const char     *api_version;
} SdStoreSettings;

typedef struct
{
  gboolean           full;            /* sync everything the store allows again */
  int                settle_seconds;  /* the newest seconds left to the next sync, so that
                                       * late writes at the store are not missed; -1: 60 */
  SdStoreConnection *connection;      /* NULL: made from the shop's settings and secrets */
} SdSyncOptions;

typedef struct
{
  const char *phase;             /* "orders" or "customers" */
  gint64      window_since;      /* the window being fetched, UTC seconds */
  gint64      window_until;
  gint64      first_since;       /* the whole span of this sync, for a progress fraction */
  gint64      last_until;
  guint64     pages;
  guint64     trades;            /* trades (or buyers) read so far */
  guint64     orders_inserted;
  guint64     orders_updated;
  guint64     customers_created;
  guint64     customers_updated;
  double      elapsed;           /* seconds */
  double      waiting;           /* > 0: sleeping this long before a retry ... */
  const char *wait_reason;       /* ... for this reason; NULL otherwise */
} SdSyncProgress;

typedef void (*SdSyncProgressFunc) (const SdSyncProgress *progress,
                                    gpointer              user_data);

typedef struct
{
  gboolean full;
  guint64  windows;
  guint64  pages;
  guint64  trades;               /* as read, including ones read twice */
  guint64  orders_inserted;
  guint64  orders_updated;
  guint64  orders_unchanged;
  guint64  customers_created;
  guint64  customers_updated;
  gint64   cursor_before;
  gint64   cursor_after;
  double   seconds;
} SdSyncResult;

/* SETTINGS as sd_store_connection_new () takes them (pointers into SETTINGS; the rest 0):
 * to test settings before connecting. */
void           sd_store_settings_to_config (const SdStoreSettings *settings,
                                            SdStoreConfig         *out_config);

/* Tests the connection (the seller it reaches), then saves it, replacing any other. The
 * secrets go to the keyring; without one they are not kept and *OUT_SOURCE says
 * SD_SECRET_SOURCE_ENVIRONMENT or NONE. Audited without secrets. */
SdStoreStatus *sd_store_connect        (SdSession             *session,
                                        const SdStoreSettings *settings,
                                        GCancellable          *cancellable,
                                        GError               **error);
/* Forgets the connection and its secrets; the synced orders stay. */
gboolean       sd_store_disconnect     (SdSession             *session,
                                        GError               **error);
/* NULL and SD_ERROR_NOT_FOUND when no store is connected. */
SdStoreStatus *sd_store_get_status     (SdSession             *session,
                                        GError               **error);
/* The connection as saved, with its secrets: for a sync or a test. WAIT_FUNC is told of
 * retries. */
SdStoreConnection *sd_store_open_connection (SdSession        *session,
                                        SdStoreWaitFunc        wait_func,
                                        gpointer               wait_data,
                                        GError               **error);
/* Asks the store who the saved credentials belong to. */
SdStoreSeller *sd_store_test           (SdSession             *session,
                                        GCancellable          *cancellable,
                                        GError               **error);
gboolean       sd_store_set_interval   (SdSession             *session,
                                        guint                  minutes,
                                        GError               **error);

/* Syncs: the first time (or FULL) everything the store allows (Taobao: the last 90 days)
 * in windows, then what changed since the cursor. Each window is one transaction with the
 * cursor's advance, so a crash or kill never loses or doubles an order; a resumed sync
 * starts at the first window not committed. Customers are created or updated from the
 * trades, their figures, tiers and RFM scores refreshed. The outcome (and any error) is
 * kept in the status. */
SdSyncResult  *sd_sync_run             (SdSession             *session,
                                        const SdSyncOptions   *options,
                                        SdSyncProgressFunc     progress,
                                        gpointer               user_data,
                                        GCancellable          *cancellable,
                                        GError               **error);

void           sd_store_status_free    (SdStoreStatus         *status);
void           sd_sync_result_free     (SdSyncResult          *result);
char          *sd_store_status_to_json (const SdStoreStatus   *status);
char          *sd_sync_result_to_json  (const SdSyncResult    *result);
const char    *sd_secret_source_to_string (SdSecretSource      source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdStoreStatus, sd_store_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSyncResult, sd_sync_result_free)

G_END_DECLS
