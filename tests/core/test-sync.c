/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE  /* memmem */
#include <glib/gstdio.h>
#include <signal.h>
#include "sd-db-private.h"

#include "sd-audit.h"
#include "sd-error.h"
#include "sd-sync.h"
#include "sd-test-cli.h"
#include "sd-test-sim.h"
#include "sd-test-util.h"

/* The sync engine against the real simulator: the shop must equal the store's truth
 * (GET /_sim/orders) after a full sync, after incremental ones, through every fault, after
 * a cancel and after a kill. Runs inside a private keyring (tests/with-keyring.sh). */

/* libsecret's synchronous calls run in a main context of their own that nobody iterates
 * after them; D-Bus messages that arrive for it later stay there (libsecret 0.20, GLib
 * 2.74). ShopDesk holds no D-Bus message of its own, so these are not its leaks. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);
const char *
__lsan_default_suppressions (void)
{
  return "leak:g_dbus_message_new_from_blob\n";
}

/* The suppression needs whole stacks through GLib, which has no frame pointers. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

#define APP_SECRET  "helloworld"
#define SESSION_KEY "test-session"
#define TOKEN       "shpat_test"

typedef struct
{
  char      *dir;
  char      *path;
  SdSession *session;
  SdTestSim *sim;
} Fixture;

static void
fixture_clear (Fixture *f)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->sim, sd_test_sim_stop);
  if (f->dir)
    sd_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fixture, fixture_clear)

/* A new shop and a simulator started with ARGS; FALSE (test skipped) without simulator. */
static gboolean
fixture_start (Fixture            *f,
               const char * const *args)
{
  f->session = sd_test_new_temp_shop (&f->dir, &f->path);
  f->sim = sd_test_sim_start (args);
  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return FALSE;
    }
  return TRUE;
}

static SdStoreStatus *
connect_taobao (Fixture *f,
                GError **error)
{
  SdStoreSettings settings = { 0 };

  settings.platform = "taobao";
  settings.url = sd_test_sim_get_router (f->sim);
  settings.app_key = "12345678";
  settings.app_secret = APP_SECRET;
  settings.session_key = SESSION_KEY;
  settings.sign_method = SD_TOP_SIGN_HMAC_SHA256;
  return sd_store_connect (f->session, &settings, NULL, error);
}

/* A new shop connected to a new simulator started with ARGS; FALSE (skipped) without one. */
static gboolean
fixture_start_connected (Fixture            *f,
                         const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) connected = NULL;

  if (!fixture_start (f, args))
    return FALSE;
  connected = connect_taobao (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (connected->platform, ==, "taobao");
  return TRUE;
}

static void
connect_shopify (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = NULL;
  SdStoreSettings settings = { 0 };

  settings.platform = "shopify";
  settings.url = sd_test_sim_get_url (f->sim);
  settings.access_token = TOKEN;
  status = sd_store_connect (f->session, &settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status->platform, ==, "shopify");
}

typedef struct
{
  guint  reports;
  guint  waits;
  double longest_wait;
  guint  cancel_after_trades;  /* 0: never */
  GCancellable *cancellable;
} Watch;

static void
watch_cb (const SdSyncProgress *progress,
          gpointer              user_data)
{
  Watch *watch = user_data;

  watch->reports++;
  if (progress->waiting > 0)
    {
      watch->waits++;
      watch->longest_wait = MAX (watch->longest_wait, progress->waiting);
      g_assert_nonnull (progress->wait_reason);
      g_assert_null (strstr (progress->wait_reason, APP_SECRET));
      g_assert_null (strstr (progress->wait_reason, SESSION_KEY));
    }
  if (watch->cancel_after_trades > 0 && progress->trades >= watch->cancel_after_trades)
    g_cancellable_cancel (watch->cancellable);
}

/* What sd_store_open_connection () makes, with pages of PAGE_SIZE. */
static SdStoreConnection *
taobao_connection (Fixture *f,
                   guint    page_size)
{
  g_autoptr(GError) error = NULL;
  SdStoreConfig config = { 0 };
  SdStoreConnection *connection;

  config.url = sd_test_sim_get_router (f->sim);
  config.app_key = "12345678";
  config.app_secret = APP_SECRET;
  config.session_key = SESSION_KEY;
  config.sign_method = SD_TOP_SIGN_HMAC_SHA256;
  config.page_size = page_size;
  connection = sd_store_connection_new ("taobao", &config, &error);
  g_assert_no_error (error);
  return connection;
}

static SdSyncResult *
sync_with (Fixture           *f,
           SdStoreConnection *connection,
           Watch             *watch,
           GError           **error)
{
  SdSyncOptions options = { 0 };

  options.settle_seconds = 0;
  options.connection = connection;
  return sd_sync_run (f->session, &options, watch ? watch_cb : NULL, watch, watch ? watch->cancellable : NULL, error);
}

static SdSyncResult *
sync_now (Fixture  *f,
          gboolean  full,
          Watch    *watch,
          GError  **error)
{
  SdSyncOptions options = { 0 };

  options.full = full;
  options.settle_seconds = 0;
  return sd_sync_run (f->session, &options, watch ? watch_cb : NULL, watch,
                      watch ? watch->cancellable : NULL, error);
}

/* The first column of SQL's first row, on a connection of its own to the shop at PATH (a
 * file or a team database); NULL when there is none. */
static char *
query_text (const char *path,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = _sd_db_open_bare (path, &error);
  g_autoptr(SdStmt) stmt = NULL;

  g_assert_no_error (error);
  stmt = _sd_db_prepare_dynamic (db, sql, "test", &error);
  g_assert_no_error (error);
  return sd_stmt_step (stmt) == SD_STMT_ROW ? g_strdup (sd_stmt_column_text (stmt, 0)) : NULL;
}

static gint64
query_int (const char *path,
           const char *sql)
{
  g_autofree char *text = query_text (path, sql);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* Every order of the shop is the store's, with the store's amount, refund, times and
 * buyer, and none is missing or doubled. */
static void
assert_equals_truth (Fixture    *f,
                     const char *platform)
{
  g_autoptr(JsonNode) truth = sd_test_sim_get_json (f->sim, "/_sim/orders");
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *orders = json_node_get_array (truth);
  gboolean taobao = strcmp (platform, "taobao") == 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = _sd_db_open_bare (f->path, &error);
  g_autoptr(SdStmt) stmt = NULL;
  guint rows = 0;

  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *o = json_array_get_object_element (orders, i);
      g_hash_table_insert (by_id, (gpointer) json_object_get_string_member (o, "id"), o);
    }

  g_assert_no_error (error);
  stmt = _sd_db_prepare_dynamic (db,
                                 "SELECT o.platform_order_id, o.amount_cents, o.status, o.refund_cents, o.created_at, "
                                 "o.modified_at, c.platform_uid FROM orders o JOIN customers c ON c.id = o.customer_id "
                                 "WHERE o.platform = ?1", "test", &error);
  g_assert_no_error (error);
  sd_stmt_bind_text (stmt, 1, platform);
  while (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      const char *id = sd_stmt_column_text (stmt, 0);
      JsonObject *o = g_hash_table_lookup (by_id, id);

      rows++;
      if (o == NULL)
        g_error ("order %s is in the shop but not in the store", id);
      g_assert_cmpint (sd_stmt_column_int64 (stmt, 1), ==, json_object_get_int_member (o, "payment_cents"));
      g_assert_cmpint (sd_stmt_column_int64 (stmt, 4), ==, json_object_get_int_member (o, "created_unix"));
      g_assert_cmpstr (sd_stmt_column_text (stmt, 6), ==, json_object_get_string_member (o, "customer"));
      if (taobao)
        {
          g_assert_cmpstr (sd_stmt_column_text (stmt, 2), ==, json_object_get_string_member (o, "status"));
          g_assert_cmpint (sd_stmt_column_int64 (stmt, 3), ==, json_object_get_int_member (o, "refund_cents"));
          g_assert_cmpint (sd_stmt_column_int64 (stmt, 5), ==, json_object_get_int_member (o, "modified_unix"));
        }
    }
  g_assert_cmpuint (rows, ==, json_array_get_length (orders));
}

/* The figures the store keeps for each customer agree with their orders. */
static void
assert_figures_consistent (Fixture *f)
{
  g_assert_cmpint (query_int (f->path,
                              "SELECT count(*) FROM customers c WHERE order_count <> "
                              "(SELECT count(*) FROM orders o WHERE o.customer_id = c.id AND o.counted = 1)"),
                   ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdDb) db = sd_db_open (f->path, &error);
    g_autofree char *report = NULL;
    g_assert_no_error (error);
    g_assert_true (sd_db_integrity_check (db, &report, &error));
    g_assert_no_error (error);
  }
}

static void
test_full_taobao (void)
{
  const char * const args[] = { "--seed", "7", "--customers", "300", "--orders", "2000", NULL };
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) connected = NULL;
  g_autoptr(SdStoreStatus) status = NULL;
  g_autoptr(SdSyncResult) result = NULL;
  g_autoptr(SdSyncResult) again = NULL;
  Watch watch = { 0 };

  if (!fixture_start (&f, args))
    return;
  connected = connect_taobao (&f, &error);
  g_assert_no_error (error);
  g_assert_false (connected->full_sync_done);
  g_assert_cmpint (connected->secret_source, ==, SD_SECRET_SOURCE_KEYRING);

  result = sync_now (&f, FALSE, &watch, &error);
  g_assert_no_error (error);
  g_assert_true (result->full);
  g_assert_cmpuint (result->orders_inserted, ==, 2000);
  g_assert_cmpuint (result->orders_updated, ==, 0);
  g_assert_cmpuint (result->customers_created, >, 100);
  g_assert_cmpuint (result->customers_created, <=, 300);
  g_assert_cmpuint (watch.reports, >, 10);
  assert_equals_truth (&f, "taobao");
  assert_figures_consistent (&f);
  /* Taobao masks every receiver's mobile: kept as given, never a real number. */
  g_assert_cmpint (query_int (f.path, "SELECT count(*) FROM customers WHERE phone_state = 1"), ==, 0);
  g_assert_cmpint (query_int (f.path, "SELECT count(*) FROM customers WHERE phone_state = 3"), ==,
                   (gint64) result->customers_created);
  g_assert_cmpint (query_int (f.path, "SELECT count(*) FROM customers WHERE platform_uid = ''"), ==, 0);
  /* Tiers were computed for everyone the sync brought. */
  g_assert_cmpint (query_int (f.path, "SELECT count(*) FROM customer_standing WHERE tier < 0"), ==, 0);

  status = sd_store_get_status (f.session, &error);
  g_assert_no_error (error);
  g_assert_true (status->full_sync_done);
  g_assert_cmpint (status->cursor, ==, result->cursor_after);
  g_assert_cmpstr (status->last_error, ==, "");
  g_assert_cmpint (status->orders_synced, ==, 2000);
  g_assert_cmpuint (sd_test_audit_count (f.session, SD_AUDIT_STORE_SYNC), ==, 1);
  g_assert_cmpuint (sd_test_audit_count (f.session, SD_AUDIT_STORE_CONNECT), ==, 1);

  /* Nothing new at the store: nothing written. */
  again = sync_now (&f, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (again->full);
  g_assert_cmpuint (again->orders_inserted + again->orders_updated + again->customers_created, ==, 0);
}

static void
test_incremental (void)
{
  const char * const args[] = { "--seed", "8", "--customers", "200", "--orders", "800", NULL };
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSyncResult) first = NULL;
  g_autoptr(SdSyncResult) second = NULL;
  g_autoptr(JsonNode) advanced = NULL;
  JsonObject *answer;

  if (!fixture_start_connected (&f, args))
    return;
  first = sync_now (&f, FALSE, NULL, &error);
  g_assert_no_error (error);

  advanced = sd_test_sim_post_json (f.sim, "/_sim/advance?seconds=86400&create=9&modify=6");
  answer = json_node_get_object (advanced);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "created")), ==, 9);
  /* The store stamps them this second; a sync sees whole seconds only. */
  g_usleep (1100 * 1000);
  second = sync_now (&f, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (second->full);
  g_assert_cmpuint (second->orders_inserted, ==, 9);
  g_assert_cmpuint (second->orders_updated, >=, 1);
  g_assert_cmpuint (second->orders_updated, <=, 6);
  g_assert_cmpint (second->cursor_after, >, first->cursor_after);
  assert_equals_truth (&f, "taobao");
  assert_figures_consistent (&f);
}

static void
test_faults (void)
{
  const char * const args[] = { "--seed", "9", "--customers", "150", "--orders", "900", "--fail-rate", "0.15",
                                "--drop-rate", "0.05", "--truncate-rate", "0.05", "--malformed-rate", "0.05",
                                "--latency", "2", NULL };
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) connected = NULL;
  g_autoptr(SdSyncResult) result = NULL;
  g_autoptr(JsonNode) state = NULL;
  Watch watch = { 0 };

  if (!fixture_start (&f, args))
    return;
  /* Connecting retries too. */
  connected = connect_taobao (&f, &error);
  g_assert_no_error (error);
  result = sync_now (&f, FALSE, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->orders_inserted, ==, 900);
  g_assert_cmpuint (watch.waits, >, 0);
  assert_equals_truth (&f, "taobao");
  assert_figures_consistent (&f);
  state = sd_test_sim_get_json (f.sim, "/_sim/state");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (state), "faults"), >, 0);
}

/* The store's call limit: the ban's seconds are waited (and told), then the sync goes on.
 * Set after the first sync, so that its few calls of an incremental sync exceed it however
 * slow the build is. */
static void
test_rate_limit (void)
{
  const char * const args[] = { "--seed", "10", "--customers", "50", "--orders", "300", NULL };
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSyncResult) first = NULL;
  g_autoptr(SdSyncResult) limited = NULL;
  g_autoptr(JsonNode) advanced = NULL;
  g_autofree char *faults = NULL;
  Watch watch = { 0 };

  if (!fixture_start_connected (&f, args))
    return;
  first = sync_now (&f, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->orders_inserted, ==, 300);

  advanced = sd_test_sim_post_json (f.sim, "/_sim/advance?seconds=86400&create=250&modify=10");
  faults = sd_test_sim_post (f.sim, "/_sim/faults?rate_limit=1&ban_seconds=1");
  g_usleep (1100 * 1000);
  limited = sync_with (&f, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limited->orders_inserted, ==, 250);
  /* The ban's seconds and one more. */
  g_assert_cmpuint (watch.waits, >, 0);
  g_assert_cmpfloat (watch.longest_wait, >=, 2.0);
  assert_equals_truth (&f, "taobao");
}

static void
test_invalid_session (void)
{
  const char * const args[] = { "--seed", "11", "--customers", "30", "--orders", "100", NULL };
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = NULL;
  g_autoptr(SdSyncResult) result = NULL;
  g_autofree char *faults = NULL;

  if (!fixture_start_connected (&f, args))
    return;
  faults = sd_test_sim_post (f.sim, "/_sim/faults?invalid_session=1");
  result = sync_now (&f, FALSE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_EXPIRED);
  g_assert_null (strstr (error->message, SESSION_KEY));
  g_assert_null (strstr (error->message, APP_SECRET));
  g_assert_cmpint (query_int (f.path, "SELECT count(*) FROM orders"), ==, 0);
  g_clear_error (&error);

  status = sd_store_get_status (f.session, &error);
  g_assert_no_error (error);
  g_assert_true (status->needs_authorization);
  g_assert_cmpstr (status->last_error, !=, "");
  g_assert_false (status->full_sync_done);
}

static void
test_malformed (void)
{
  const char * const args[] = { "--seed", "12", "--customers", "30", "--orders", "200", NULL };
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSyncResult) result = NULL;
  g_autofree char *faults = NULL;

  if (!fixture_start_connected (&f, args))
    return;
  faults = sd_test_sim_post (f.sim, "/_sim/faults?malformed_rate=1");
  result = sync_now (&f, FALSE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, SD_ERROR, SD_ERROR_CORRUPT);
  g_assert_cmpint (query_int (f.path, "SELECT count(*) FROM orders"), ==, 0);
  g_assert_cmpint (query_int (f.path, "SELECT count(*) FROM customers"), ==, 0);
  g_assert_cmpint (query_int (f.path, "SELECT cursor FROM store_connection"), ==, 0);
}

static void
test_cancel_and_resume (void)
{
  const char * const args[] = { "--seed", "13", "--customers", "200", "--orders", "1500", "--page-max", "20", NULL };
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSyncResult) cut = NULL;
  g_autoptr(SdSyncResult) resumed = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SdStoreConnection) connection = NULL;
  Watch watch = { 0 };
  gint64 written;

  if (!fixture_start_connected (&f, args))
    return;
  connection = taobao_connection (&f, 20);
  watch.cancellable = cancellable;
  watch.cancel_after_trades = 100;
  cut = sync_with (&f, connection, &watch, &error);
  g_assert_null (cut);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  written = query_int (f.path, "SELECT count(*) FROM orders");
  g_assert_cmpint (written, >, 0);
  g_assert_cmpint (written, <, 1500);
  assert_figures_consistent (&f);

  resumed = sync_with (&f, connection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (resumed->orders_inserted, ==, (guint64) (1500 - written));
  assert_equals_truth (&f, "taobao");
}

/* A sync killed at a random moment, then resumed: the shop equals one synced without
 * faults, order for order and customer for customer. */
static void
test_kill_and_resume (void)
{
  const char * const args[] = { "--seed", "14", "--customers", "250", "--orders", "1200", "--latency", "15",
                                NULL };
  g_auto(Fixture) f = { 0 };
  g_auto(Fixture) clean = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) connected_clean = NULL;
  g_autoptr(SdSyncResult) resumed = NULL;
  g_autoptr(SdSyncResult) reference = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *cli = cli_path ();
  g_autofree char *killed_rows = NULL;
  const char *customers_sql =
    "SELECT group_concat(platform_uid || '|' || name || '|' || phone || '|' || province || '|' || total_spent_cents "
    "|| '|' || order_count, ';') FROM (SELECT * FROM customers ORDER BY platform_uid) AS c";
  gint64 written;

  if (!fixture_start_connected (&f, args))
    return;

  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                         G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_setenv (launcher, "SHOPDESK_USER", SD_TEST_OWNER, TRUE);
    g_subprocess_launcher_setenv (launcher, "SHOPDESK_PASSWORD", SD_TEST_PASSWORD, TRUE);
    child = g_subprocess_launcher_spawn (launcher, &error, cli, "--db", f.path, "sync", "--settle", "0", NULL);
    g_assert_no_error (error);
  }
  /* Until some pages are in, then no warning at all. */
  for (int i = 0; i < 3000 && query_int (f.path, "SELECT count(*) FROM orders") < 200; i++)
    g_usleep (10 * 1000);
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, NULL);
  written = query_int (f.path, "SELECT count(*) FROM orders");
  g_assert_cmpint (written, >=, 200);
  g_assert_cmpint (written, <, 1200);
  killed_rows = g_strdup_printf ("%lld", (long long) written);
  g_test_message ("killed after %s orders", killed_rows);

  resumed = sync_now (&f, FALSE, NULL, &error);
  g_assert_no_error (error);
  assert_equals_truth (&f, "taobao");
  assert_figures_consistent (&f);

  /* The same store synced in one go. */
  clean.session = sd_test_new_temp_shop (&clean.dir, &clean.path);
  clean.sim = g_steal_pointer (&f.sim);
  connected_clean = connect_taobao (&clean, &error);
  g_assert_no_error (error);
  reference = sync_now (&clean, FALSE, NULL, &error);
  g_assert_no_error (error);
  f.sim = g_steal_pointer (&clean.sim);
  {
    g_autofree char *resumed_customers = query_text (f.path, customers_sql);
    g_autofree char *clean_customers = query_text (clean.path, customers_sql);
    g_assert_nonnull (resumed_customers);
    g_assert_cmpstr (resumed_customers, ==, clean_customers);
  }
}

static void
test_shopify (void)
{
  const char * const args[] = { "--platform", "shopify", "--seed", "15", "--customers", "120", "--orders", "700", NULL };
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSyncResult) result = NULL;
  g_autoptr(SdSyncResult) second = NULL;
  g_autoptr(JsonNode) advanced = NULL;

  if (!fixture_start (&f, args))
    return;
  connect_shopify (&f);
  result = sync_now (&f, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->orders_inserted, ==, 700);
  assert_equals_truth (&f, "shopify");
  /* customers.json brings buyers without orders too. */
  g_assert_cmpint (query_int (f.path, "SELECT count(*) FROM customers WHERE platform = 'shopify'"), ==, 120);
  assert_figures_consistent (&f);

  advanced = sd_test_sim_post_json (f.sim, "/_sim/advance?seconds=86400&create=4&modify=3");
  g_usleep (1100 * 1000);
  second = sync_now (&f, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->orders_inserted, ==, 4);
  assert_equals_truth (&f, "shopify");
}

/* ---- secrets ---- */

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
assert_no_secret_in (const char *what,
                     const char *text)
{
  if (text == NULL)
    return;
  if (strstr (text, APP_SECRET) || strstr (text, SESSION_KEY) || strstr (text, "wrong-secret-123"))
    g_error ("a secret in %s: %s", what, text);
}

static void
test_secrets_never_shown (void)
{
  const char * const args[] = { "--seed", "16", "--customers", "40", "--orders", "150", "--fail-rate", "0.1", NULL };
  g_auto(Fixture) f = { 0 };
  g_auto(Result) r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *json = NULL;
  const char *env[] = { "SHOPDESK_TAOBAO_APP_SECRET=" APP_SECRET, "SHOPDESK_TAOBAO_SESSION=" SESSION_KEY, NULL };
  const char *wrong_env[] = { "SHOPDESK_TAOBAO_APP_SECRET=wrong-secret-123", "SHOPDESK_TAOBAO_SESSION=" SESSION_KEY,
                              NULL };

  if (!fixture_start (&f, args))
    return;
  g_clear_object (&f.session);

  /* A wrong secret: refused, with a message that does not repeat it. */
  RUN_ENV (&r, f.path, wrong_env, "store", "connect", "taobao", "--url", sd_test_sim_get_router (f.sim),
           "--app-key", "12345678");
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "secret"));
  assert_no_secret_in ("connect's output", r.out);
  assert_no_secret_in ("connect's error", r.err);

  RUN_ENV (&r, f.path, env, "store", "connect", "taobao", "--url", sd_test_sim_get_router (f.sim),
           "--app-key", "12345678", "--sign-method", "hmac");
  g_assert_cmpint (r.status, ==, 0);
  assert_no_secret_in ("connect's output", r.out);
  RUN_ENV (&r, f.path, env, "store", "test");
  g_assert_cmpint (r.status, ==, 0);
  assert_no_secret_in ("test's output", r.out);
  RUN_ENV (&r, f.path, env, "sync", "--settle", "0", "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_no_secret_in ("sync's output", r.out);
  assert_no_secret_in ("sync's error", r.err);
  RUN_ENV (&r, f.path, env, "store", "status", "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_no_secret_in ("status", r.out);
  g_assert_nonnull (strstr (r.out, "\"orders_synced\" : 150"));
  RUN (&r, f.path, "audit", "export");
  g_assert_cmpint (r.status, ==, 0);
  assert_no_secret_in ("the audit log", r.out);
  g_assert_nonnull (strstr (r.out, "store.connect"));
  RUN (&r, f.path, "export", "customers", "--format", "json");
  assert_no_secret_in ("the export", r.out);

  /* Nor in the shop file, its journal or its WAL. */
  wal = g_strconcat (f.path, "-wal", NULL);
  g_assert_false (file_contains (f.path, APP_SECRET));
  g_assert_false (file_contains (f.path, SESSION_KEY));
  g_assert_false (file_contains (wal, APP_SECRET));
  g_assert_false (file_contains (wal, SESSION_KEY));

  f.session = sd_test_login_owner (f.path);
  status = sd_store_get_status (f.session, &error);
  g_assert_no_error (error);
  json = sd_store_status_to_json (status);
  assert_no_secret_in ("the status", json);
  audit = sd_test_audit_list (f.session, NULL);
  for (guint i = 0; i < audit->len; i++)
    assert_no_secret_in ("an audit entry", ((SdAuditEntry *) g_ptr_array_index (audit, i))->detail);
}

/* The keyring keeps the secrets; the environment wins when set; disconnecting forgets. */
static void
test_keyring (void)
{
  const char * const args[] = { "--seed", "17", "--customers", "20", "--orders", "60", NULL };
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) connected = NULL;
  g_autoptr(SdStoreStatus) from_env = NULL;
  g_autoptr(SdStoreSeller) seller = NULL;
  g_autoptr(SdStoreSeller) none = NULL;
  g_autoptr(SdStoreStatus) after = NULL;

  if (!fixture_start (&f, args))
    return;
  connected = connect_taobao (&f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (connected->secret_source, ==, SD_SECRET_SOURCE_KEYRING);
  seller = sd_store_test (f.session, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seller->platform, ==, "taobao");

  g_setenv ("SHOPDESK_TAOBAO_APP_SECRET", APP_SECRET, TRUE);
  g_setenv ("SHOPDESK_TAOBAO_SESSION", SESSION_KEY, TRUE);
  from_env = sd_store_get_status (f.session, &error);
  g_unsetenv ("SHOPDESK_TAOBAO_APP_SECRET");
  g_unsetenv ("SHOPDESK_TAOBAO_SESSION");
  g_assert_no_error (error);
  g_assert_cmpint (from_env->secret_source, ==, SD_SECRET_SOURCE_ENVIRONMENT);

  g_assert_true (sd_store_disconnect (f.session, &error));
  g_assert_no_error (error);
  after = sd_store_get_status (f.session, &error);
  g_assert_null (after);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  none = sd_store_test (f.session, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

/* A bare server: no Secret Service. The secrets come from the environment, and the
 * commands say so; without them, a clear way out. */
static void
test_no_keyring (void)
{
  const char * const args[] = { "--seed", "19", "--customers", "20", "--orders", "50", NULL };
  g_auto(Fixture) f = { 0 };
  g_auto(Result) r = { 0 };
  const char *env[] = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus", "SHOPDESK_TAOBAO_APP_SECRET=" APP_SECRET,
                        "SHOPDESK_TAOBAO_SESSION=" SESSION_KEY, NULL };
  const char *bare[] = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus", "SHOPDESK_TAOBAO_APP_SECRET",
                         "SHOPDESK_TAOBAO_SESSION", NULL };

  if (!fixture_start (&f, args))
    return;
  g_clear_object (&f.session);
  RUN_ENV (&r, f.path, env, "store", "connect", "taobao", "--url", sd_test_sim_get_router (f.sim), "--app-key",
           "12345678");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "read from SHOPDESK_TAOBAO_APP_SECRET and SHOPDESK_TAOBAO_SESSION"));
  RUN_ENV (&r, f.path, env, "sync", "--settle", "0", "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"orders_inserted\" : 50"));

  RUN_ENV (&r, f.path, bare, "store", "status");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "missing — no keyring keeps them"));
  RUN_ENV (&r, f.path, bare, "sync");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "set SHOPDESK_TAOBAO_APP_SECRET and SHOPDESK_TAOBAO_SESSION"));
}

/* What a person types wrong is a usage error (exit 2) that says what; a shop without a
 * store says how to connect one. */
static void
test_cli_mistakes (void)
{
  g_auto(Fixture) f = { 0 };
  g_auto(Result) r = { 0 };

  f.session = sd_test_new_temp_shop (&f.dir, &f.path);
  g_clear_object (&f.session);
  RUN (&r, f.path, "store", "connect");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "taobao or shopify"));
  RUN (&r, f.path, "store", "connect", "ebay", "--url", "http://127.0.0.1:1/");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "Unknown store platform “ebay”"));
  RUN (&r, f.path, "store", "connect", "taobao", "--url", "http://127.0.0.1:1/router/rest");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--app-key"));
  RUN (&r, f.path, "store", "connect", "taobao", "--url", "http://127.0.0.1:1/router/rest", "--app-key", "1",
       "--sign-method", "sha1");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "md5, hmac or hmac-sha256"));
  RUN (&r, f.path, "store", "interval", "5000");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f.path, "sync", "--settle", "-5");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f.path, "sync");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "No store is connected"));
  RUN (&r, f.path, "store", "status", "--json");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "store connect"));
}

static void
test_permissions (void)
{
  const char * const args[] = { "--seed", "18", "--customers", "10", "--orders", "20", NULL };
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) agent = NULL;
  g_autoptr(SdStoreStatus) refused = NULL;
  g_autoptr(SdSyncResult) not_synced = NULL;
  g_autoptr(SdStoreStatus) seen = NULL;
  SdStoreSettings settings = { 0 };

  if (!fixture_start_connected (&f, args))
    return;
  agent = sd_test_staff_session (f.session, "agent", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  settings.platform = "taobao";
  settings.url = sd_test_sim_get_router (f.sim);
  settings.app_key = "12345678";
  settings.app_secret = APP_SECRET;
  settings.session_key = SESSION_KEY;
  refused = sd_store_connect (agent, &settings, NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  not_synced = sd_sync_run (agent, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  seen = sd_store_get_status (agent, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen->platform, ==, "taobao");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("SHOPDESK_TAOBAO_APP_SECRET");
  g_unsetenv ("SHOPDESK_TAOBAO_SESSION");
  g_unsetenv ("SHOPDESK_SHOPIFY_TOKEN");

  g_test_add_func ("/sync/full-taobao", test_full_taobao);
  g_test_add_func ("/sync/incremental", test_incremental);
  g_test_add_func ("/sync/faults", test_faults);
  g_test_add_func ("/sync/rate-limit", test_rate_limit);
  g_test_add_func ("/sync/invalid-session", test_invalid_session);
  g_test_add_func ("/sync/malformed", test_malformed);
  g_test_add_func ("/sync/cancel-and-resume", test_cancel_and_resume);
  g_test_add_func ("/sync/kill-and-resume", test_kill_and_resume);
  g_test_add_func ("/sync/shopify", test_shopify);
  g_test_add_func ("/sync/secrets-never-shown", test_secrets_never_shown);
  g_test_add_func ("/sync/keyring", test_keyring);
  g_test_add_func ("/sync/no-keyring", test_no_keyring);
  g_test_add_func ("/sync/cli-mistakes", test_cli_mistakes);
  g_test_add_func ("/sync/permissions", test_permissions);
  return g_test_run ();
}
