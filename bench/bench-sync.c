/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-sync"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <sys/resource.h>

#include "bench-data.h"
#include "net/sd-store-connect.h"
#include "sd-sync.h"

/*
 * bench-sync [--orders N] [--customers C] [--platform taobao|shopify] [--sim PATH]
 *
 * The sync benchmark of the store-connection issue (target: 100,000 orders from a local
 * shopdesk-sim at 5,000 orders/s or more, end to end). Starts the simulator on a free port
 * of 127.0.0.1 (default 100,000 orders of 20,000 customers over 80 days), then measures in
 * the same run:
 *  1. the simulator's raw serving rate: the very pages the first sync asks for (day
 *     windows, pages of 100 — 250 for Shopify), fetched by a bare libsoup client that
 *     signs the request and reads the body, nothing more;
 *  2. our first full sync into a new, empty shop: fetch, parse, map, write orders and
 *     customers, figures, tiers and RFM, one transaction a page;
 *  3. an incremental sync after the simulator created 1,000 orders and changed 1,000.
 * Prints each rate, the target and the ratio of ours to the raw rate (our overhead).
 * Exit status 0 whether the target passes.
 */

#define TARGET_ORDERS_PER_S 5000.0
#define DAY                 86400

typedef struct
{
  GSubprocess *process;
  char        *url;
} Sim;

static double
now_s (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

/* CPU seconds of this process so far, every thread: what the sync costs whatever else
 * the machine runs. */
static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static G_GNUC_NORETURN void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-sync: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static char *
default_sim_path (const char *argv0)
{
  g_autofree char *dir = g_path_get_dirname (argv0);

  return g_build_filename (dir, "..", "src", "sim", "shopdesk-sim", NULL);
}

static void
sim_start (Sim        *sim,
           const char *path,
           const char *platform,
           int         customers,
           int         orders)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *customers_text = g_strdup_printf ("%d", customers);
  g_autofree char *orders_text = g_strdup_printf ("%d", orders);
  g_autofree char *line = NULL;
  const char *prefix = "shopdesk-sim listening on ";

  sim->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, path, "--port", "0", "--quiet",
                                   "--platform", platform, "--seed", "1", "--customers", customers_text,
                                   "--orders", orders_text, NULL);
  if (sim->process == NULL)
    die ("starting the simulator", error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, prefix))
    die ("reading the simulator's address", error);
  sim->url = g_strdup (line + strlen (prefix));
}

static void
sim_stop (Sim *sim)
{
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, NULL);
  g_clear_object (&sim->process);
  g_clear_pointer (&sim->url, g_free);
}

static char *
top_time (gint64 utc)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (utc + 8 * 3600);

  return g_date_time_format (t, "%Y-%m-%d %H:%M:%S");
}

/* One page of taobao.trades.sold.get, signed as the client signs it; whether more follow. */
static gboolean
fetch_top_page (SoupSession *session,
                const char  *router,
                gint64       since,
                gint64       until,
                int          page,
                gsize       *out_bytes)
{
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *sign = NULL;
  g_autofree char *body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) beijing = g_date_time_add_hours (now, 8);
  GHashTableIter iter;
  gpointer key, value;
  GString *form = g_string_new (NULL);
  const char *text;

  g_hash_table_insert (params, "method", g_strdup ("taobao.trades.sold.get"));
  g_hash_table_insert (params, "app_key", g_strdup ("12345678"));
  g_hash_table_insert (params, "session", g_strdup ("test-session"));
  g_hash_table_insert (params, "timestamp", g_date_time_format (beijing, "%Y-%m-%d %H:%M:%S"));
  g_hash_table_insert (params, "format", g_strdup ("json"));
  g_hash_table_insert (params, "v", g_strdup ("2.0"));
  g_hash_table_insert (params, "sign_method", g_strdup ("md5"));
  g_hash_table_insert (params, "simplify", g_strdup ("false"));
  g_hash_table_insert (params, "fields", g_strdup ("tid,status,payment,created,modified,buyer_nick,orders"));
  g_hash_table_insert (params, "start_created", top_time (since));
  g_hash_table_insert (params, "end_created", top_time (until - 1));
  g_hash_table_insert (params, "page_no", g_strdup_printf ("%d", page));
  g_hash_table_insert (params, "page_size", g_strdup ("100"));
  g_hash_table_insert (params, "use_has_next", g_strdup ("true"));
  sign = sd_top_sign (params, "helloworld", SD_TOP_SIGN_MD5);
  g_hash_table_insert (params, "sign", g_strdup (sign));

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);
      g_string_append_printf (form, "%s%s=%s", form->len ? "&" : "", (const char *) key, escaped);
    }
  body = g_string_free (form, FALSE);
  msg = soup_message_new ("POST", router);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded",
                                            g_bytes_new_take (g_steal_pointer (&body), strlen (body)));
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    die ("fetching a page", error);
  text = g_bytes_get_data (answer, out_bytes);
  if (g_strstr_len (text, (gssize) *out_bytes, "error_response") != NULL)
    die ("the simulator refused the bare client's page", NULL);
  return g_strstr_len (text, (gssize) *out_bytes, "\"has_next\":true") != NULL;
}

/* One page of Shopify orders; the next page's URL or NULL. */
static char *
fetch_shopify_page (SoupSession *session,
                    const char  *url,
                    gsize       *out_bytes)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *link;
  const char *next, *start;

  soup_message_headers_append (soup_message_get_request_headers (msg), "X-Shopify-Access-Token", "shpat_test");
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    die ("fetching a page", error);
  g_bytes_get_data (answer, out_bytes);
  link = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Link");
  if (link == NULL || (next = strstr (link, "rel=\"next\"")) == NULL)
    return NULL;
  start = g_strrstr_len (link, next - link, "<");
  return g_strndup (start + 1, (gsize) (strchr (start, '>') - start - 1));
}

/* The raw rate: every page the first sync asks for, bytes only. */
static double
raw_rate (const Sim  *sim,
          const char *platform,
          int         orders,
          gint64      horizon)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, "max-conns", 4, NULL);
  double t = now_s ();
  guint64 bytes = 0, pages = 0;

  if (strcmp (platform, "taobao") == 0)
    {
      g_autofree char *router = g_strconcat (sim->url, "/router/rest", NULL);
      for (gint64 since = horizon - 90 * DAY + 3600; since < horizon; since += DAY)
        {
          gint64 until = MIN (since + DAY, horizon);
          gboolean more = TRUE;

          for (int page = 1; more; page++)
            {
              gsize n = 0;
              more = fetch_top_page (session, router, since, until, page, &n);
              bytes += n;
              pages++;
            }
        }
    }
  else
    {
      g_autofree char *url = g_strconcat (sim->url, "/admin/api/2024-01/orders.json?status=any&limit=250", NULL);
      while (url != NULL)
        {
          gsize n = 0;
          char *next = fetch_shopify_page (session, url, &n);
          g_free (url);
          url = next;
          bytes += n;
          pages++;
        }
    }
  t = now_s () - t;
  g_print ("  raw: %" G_GUINT64_FORMAT " pages, %.1f MB in %.2f s\n", pages, bytes / 1e6, t);
  return orders / t;
}

static SdStoreConnection *
connection_for (const Sim  *sim,
                const char *platform)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *router = g_strconcat (sim->url, "/router/rest", NULL);
  SdStoreConfig config = { 0 };
  SdStoreConnection *connection;

  config.url = strcmp (platform, "taobao") == 0 ? router : sim->url;
  config.app_key = "12345678";
  config.app_secret = "helloworld";
  config.session_key = "test-session";
  config.sign_method = SD_TOP_SIGN_MD5;
  config.access_token = "shpat_test";
  connection = sd_store_connection_new (platform, &config, &error);
  if (connection == NULL)
    die ("making the connection", error);
  return connection;
}

static SdSession *
new_connected_shop (const char        *path,
                    const Sim         *sim,
                    const char        *platform)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = NULL;
  g_autofree char *router = g_strconcat (sim->url, "/router/rest", NULL);
  SdStoreSettings settings = { 0 };
  SdSession *session = bench_open_shop (path, &error);

  if (session == NULL)
    die ("making the shop", error);
  settings.platform = platform;
  settings.url = strcmp (platform, "taobao") == 0 ? router : sim->url;
  settings.app_key = "12345678";
  settings.app_secret = "helloworld";
  settings.session_key = "test-session";
  settings.access_token = "shpat_test";
  status = sd_store_connect (session, &settings, NULL, &error);
  if (status == NULL)
    die ("connecting the shop", error);
  return session;
}

static SdSyncResult *
run_sync (SdSession         *session,
          SdStoreConnection *connection)
{
  g_autoptr(GError) error = NULL;
  SdSyncOptions options = { 0 };
  SdSyncResult *result;

  options.settle_seconds = 0;
  options.connection = connection;
  result = sd_sync_run (session, &options, NULL, NULL, NULL, &error);
  if (result == NULL)
    die ("syncing", error);
  return result;
}

static void
print_row (const char *label,
           double      rate,
           double      target,
           double      raw)
{
  g_print ("  %-44s %9.0f orders/s  target %5.0f  %s  %5.1f%% of raw\n", label, rate, target,
           target <= 0 ? "    " : rate >= target ? "PASS" : "FAIL", raw > 0 ? 100.0 * rate / raw : 0);
}

int
main (int    argc,
      char **argv)
{
  int orders = 100000, customers = 20000;
  g_autofree char *platform = g_strdup ("taobao");
  g_autofree char *sim_path = NULL;
  GOptionEntry entries[] = {
    { "orders", 0, 0, G_OPTION_ARG_INT, &orders, "Orders in the simulated store", "N" },
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, "Customers in the simulated store", "N" },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, "taobao or shopify", "NAME" },
    { "sim", 0, 0, G_OPTION_ARG_FILENAME, &sim_path, "The shopdesk-sim to run", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the store sync benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdStoreConnection) connection = NULL;
  g_autoptr(SdSyncResult) full = NULL;
  g_autoptr(SdSyncResult) incremental = NULL;
  g_autoptr(SoupSession) admin = NULL;
  g_autoptr(SoupMessage) advance = NULL;
  g_autoptr(GBytes) advanced = NULL;
  g_autofree char *advance_url = NULL;
  Sim sim = { 0 };
  double raw, ours, t, cpu;

  setlocale (LC_ALL, "");
  g_unsetenv ("SHOPDESK_TAOBAO_APP_SECRET");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("options", error);
  if (sim_path == NULL)
    sim_path = default_sim_path (argv[0]);

  g_print ("ShopDesk store sync benchmark: %d orders of %d customers, %s, from a local shopdesk-sim\n", orders,
           customers, platform);
  sim_start (&sim, sim_path, platform, customers, orders);

  raw = raw_rate (&sim, platform, orders, g_get_real_time () / G_USEC_PER_SEC);

  dir = g_dir_make_tmp ("bench-sync-XXXXXX", &error);
  if (dir == NULL)
    die ("a temporary directory", error);
  path = g_build_filename (dir, "shop.db", NULL);
  session = new_connected_shop (path, &sim, platform);
  connection = connection_for (&sim, platform);
  t = now_s ();
  cpu = cpu_s ();
  full = run_sync (session, connection);
  ours = full->orders_inserted / (now_s () - t);
  cpu = cpu_s () - cpu;
  if (full->orders_inserted != (guint64) orders)
    g_printerr ("bench-sync: the sync wrote %" G_GUINT64_FORMAT " orders of %d\n", full->orders_inserted, orders);
  g_print ("  ours: %" G_GUINT64_FORMAT " pages, %" G_GUINT64_FORMAT " orders, %" G_GUINT64_FORMAT
           " customers in %.2f s, %.2f s of CPU (%.0f µs an order)\n", full->pages, full->orders_inserted,
           full->customers_created, full->seconds, cpu, full->orders_inserted ? cpu * 1e6 / full->orders_inserted : 0);

  admin = soup_session_new ();
  advance_url = g_strconcat (sim.url, "/_sim/advance?seconds=86400&create=1000&modify=1000", NULL);
  advance = soup_message_new ("POST", advance_url);
  advanced = soup_session_send_and_read (admin, advance, NULL, &error);
  if (advanced == NULL)
    die ("advancing the simulator", error);
  g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 10);
  incremental = run_sync (session, connection);

  g_print ("\n  %-44s %9s\n", "figure", "measured");
  print_row ("simulator, bare client (same pages)", raw, 0, raw);
  print_row ("first full sync, end to end", ours, TARGET_ORDERS_PER_S, raw);
  g_print ("  %-44s %9.2f s   (%" G_GUINT64_FORMAT " new, %" G_GUINT64_FORMAT " changed)\n",
           "incremental sync after 1,000 new + 1,000 changed", incremental->seconds, incremental->orders_inserted,
           incremental->orders_updated);

  g_clear_object (&session);
  sim_stop (&sim);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree char *file = g_strconcat (path, *suffix, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
  return 0;
}
