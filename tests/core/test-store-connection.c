/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "net/sd-store-connect.h"
#include "net/sd-store-http-private.h"
#include "sd-error.h"
#include "sd-test-sim.h"

/* Secrets unlike any other text, so that finding one in a message means it leaked. */
#define APP_KEY    "24681357"
#define APP_SECRET "AppSecret-q7Wx9Lm2"
#define SESSION    "SessionKey-61023zKp"
#define TOKEN      "shpat_Tok3n-88aaZq"
#define WRONG      "WrongSecret-5tGv0"

#define HOUR 3600
#define DAY 86400

/* Every error message and log line the tests see (debug ones too: the writer gets them
 * whether or not G_MESSAGES_DEBUG prints them), searched for secrets at the end. */
static GString *seen_text;
static SdTestSim *taobao_sim;
static SdTestSim *shopify_sim;
static gboolean sim_missing;

static void
remember (const GError *error)
{
  if (error != NULL)
    g_string_append_printf (seen_text, "%s\n", error->message);
}

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, "MESSAGE") == 0)
      g_string_append_printf (seen_text, "%s\n", (const char *) fields[i].value);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* ---- what a fetch delivered ------------------------------------------------------------ */

typedef struct
{
  GHashTable *trades;     /* platform_order_id → SdStoreTrade *, the last delivered */
  GHashTable *counts;     /* platform_order_id → deliveries */
  GPtrArray  *pages;      /* GPtrArray of the ids of each page, in delivery order */
  GPtrArray  *reasons;    /* why each wait */
  GArray     *waits;      /* double seconds */
  guint       stop_after; /* the callback fails on this page (0: never) */
  GCancellable *cancel_on_wait;
} Collect;

static void
collect_init (Collect *c)
{
  c->trades = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sd_store_trade_free);
  c->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  c->reasons = g_ptr_array_new_with_free_func (g_free);
  c->waits = g_array_new (FALSE, FALSE, sizeof (double));
  c->stop_after = 0;
  c->cancel_on_wait = NULL;
}

static void
collect_clear (Collect *c)
{
  g_clear_pointer (&c->trades, g_hash_table_unref);
  g_clear_pointer (&c->counts, g_hash_table_unref);
  g_clear_pointer (&c->pages, g_ptr_array_unref);
  g_clear_pointer (&c->reasons, g_ptr_array_unref);
  g_clear_pointer (&c->waits, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Collect, collect_clear)

static gboolean
collect_trades_cb (GPtrArray  *trades,
                   gpointer    user_data,
                   GError    **error)
{
  Collect *c = user_data;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (trades);
  while (trades->len > 0)
    {
      SdStoreTrade *trade = g_ptr_array_steal_index (trades, 0);
      const char *id = trade->order->platform_order_id;
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (c->counts, id));

      g_assert_cmpstr (id, !=, "");
      g_assert_cmpint (trade->order->amount_cents, >=, 0);
      g_ptr_array_add (ids, g_strdup (id));
      g_hash_table_replace (c->counts, g_strdup (id), GUINT_TO_POINTER (n + 1));
      g_hash_table_replace (c->trades, g_strdup (id), trade);
    }
  g_ptr_array_add (c->pages, ids);
  if (c->stop_after != 0 && c->pages->len == c->stop_after)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the caller had enough");
      return FALSE;
    }
  return TRUE;
}

static void
collect_wait_cb (double      seconds,
                 const char *reason,
                 gpointer    user_data)
{
  Collect *c = user_data;

  g_assert_nonnull (reason);
  g_ptr_array_add (c->reasons, g_strdup (reason));
  g_array_append_val (c->waits, seconds);
  g_string_append_printf (seen_text, "%s\n", reason);
  if (c->cancel_on_wait != NULL)
    g_cancellable_cancel (c->cancel_on_wait);
}

static guint
count_reasons (Collect    *c,
               const char *words)
{
  guint n = 0;

  for (guint i = 0; i < c->reasons->len; i++)
    if (strstr (g_ptr_array_index (c->reasons, i), words) != NULL)
      n++;
  return n;
}

/* ---- the simulator's truth ------------------------------------------------------------- */

typedef struct
{
  char   *id;
  char   *customer;
  gint64  payment;
  char   *status;
  gint64  refund;
  gint64  created;
  gint64  modified;
} Truth;

static void
truth_free (Truth *t)
{
  g_free (t->id);
  g_free (t->customer);
  g_free (t->status);
  g_free (t);
}

/* GET /_sim/orders as Truth *, sorted by id. */
static GPtrArray *
sim_truth (SdTestSim *sim)
{
  g_autoptr(JsonNode) root = sd_test_sim_get_json (sim, "/_sim/orders");
  JsonArray *list = json_node_get_array (root);
  GPtrArray *truth = g_ptr_array_new_with_free_func ((GDestroyNotify) truth_free);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      Truth *t = g_new0 (Truth, 1);

      t->id = g_strdup (json_object_get_string_member (o, "id"));
      t->customer = g_strdup (json_object_get_string_member (o, "customer"));
      t->payment = json_object_get_int_member (o, "payment_cents");
      t->status = g_strdup (json_object_get_string_member (o, "status"));
      t->refund = json_object_get_int_member (o, "refund_cents");
      t->created = json_object_get_int_member (o, "created_unix");
      t->modified = json_object_get_int_member (o, "modified_unix");
      g_ptr_array_add (truth, t);
    }
  return truth;
}

static gint64
truth_time (const Truth       *t,
            SdStoreWindowKind  kind)
{
  return kind == SD_STORE_WINDOW_CREATED ? t->created : t->modified;
}

static gboolean
in_window (const Truth       *t,
           SdStoreWindowKind  kind,
           gint64             since,
           gint64             until)
{
  gint64 time = truth_time (t, kind);

  return time >= since && time < until;
}

/* The delivered trades are exactly the orders of the window, each as the simulator has it. */
static void
assert_matches_truth (Collect           *c,
                      GPtrArray         *truth,
                      SdStoreWindowKind  kind,
                      gint64             since,
                      gint64             until)
{
  guint expected = 0;

  for (guint i = 0; i < truth->len; i++)
    {
      Truth *t = g_ptr_array_index (truth, i);
      SdStoreTrade *trade = g_hash_table_lookup (c->trades, t->id);

      if (!in_window (t, kind, since, until))
        {
          g_assert_null (trade);
          continue;
        }
      expected++;
      g_assert_nonnull (trade);
      g_assert_cmpint (trade->order->amount_cents, ==, t->payment);
      /* A cancelled Shopify order is ours to call "cancelled" (cancelled_at); the
       * simulator's list keeps its financial status. */
      if (g_strcmp0 (trade->order->status, "cancelled") != 0 ||
          g_strcmp0 (trade->order->platform, "shopify") != 0)
        g_assert_cmpstr (trade->order->status, ==, t->status);
      g_assert_cmpint (trade->order->refund_cents, ==, t->refund);
      g_assert_cmpint (trade->order->created_at, ==, t->created);
      g_assert_cmpint (trade->order->modified_at, ==, t->modified);
      g_assert_cmpint (trade->order->refund_cents, <=, trade->order->amount_cents);
      g_assert_cmpstr (trade->buyer->uid, ==, t->customer);
    }
  g_assert_cmpuint (g_hash_table_size (c->trades), ==, expected);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* A window of KIND holding exactly N orders, its edges on orders' times (the first in it,
 * the first after it), ending at least a minute before the data clock. */
static void
window_of (GPtrArray         *truth,
           SdStoreWindowKind  kind,
           guint              n,
           gint64             clock,
           gint64            *since,
           gint64            *until)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < truth->len; i++)
    {
      gint64 time = truth_time (g_ptr_array_index (truth, i), kind);
      g_array_append_val (times, time);
    }
  g_array_sort (times, compare_times);
  for (guint k = times->len / 2; k + n < times->len; k++)
    {
      gint64 first = g_array_index (times, gint64, k);
      gint64 after = g_array_index (times, gint64, k + n);

      if (g_array_index (times, gint64, k - 1) < first &&
          g_array_index (times, gint64, k + n - 1) < after &&
          after - first <= DAY && after < clock - 60)
        {
          *since = first;
          *until = after;
          return;
        }
    }
  g_assert_not_reached ();
}

/* ---- connections ------------------------------------------------------------------------- */

static SdTestSim *
need_sim (gboolean shopify)
{
  static const char * const taobao_args[] = {
    "--seed", "7", "--orders", "3000", "--customers", "600", "--days", "3",
    "--app-key", APP_KEY, "--app-secret", APP_SECRET, "--session", SESSION, NULL
  };
  static const char * const shopify_args[] = {
    "--platform", "shopify", "--seed", "7", "--orders", "400", "--customers", "150", "--days", "3",
    "--token", TOKEN, NULL
  };
  SdTestSim **sim = shopify ? &shopify_sim : &taobao_sim;

  if (*sim == NULL && !sim_missing)
    {
      *sim = sd_test_sim_start (shopify ? shopify_args : taobao_args);
      sim_missing = *sim == NULL;
    }
  if (*sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return NULL;
    }
  /* Each test starts without faults. */
  g_free (sd_test_sim_post (*sim, "/_sim/faults?fail_rate=0&rate_limit=0&latency=0&malformed_rate=0"
                                  "&drop_rate=0&truncate_rate=0&ban_seconds=1&invalid_session=0"
                                  "&modify_during_paging=0"));
  return *sim;
}

static void
faults (SdTestSim  *sim,
        const char *query)
{
  g_autofree char *path = g_strconcat ("/_sim/faults?", query, NULL);

  g_free (sd_test_sim_post (sim, path));
}

static SdStoreConfig
taobao_config (SdTestSim       *sim,
               SdTopSignMethod  method,
               Collect         *c)
{
  SdStoreConfig config = {
    .url = sd_test_sim_get_router (sim),
    .app_key = APP_KEY,
    .app_secret = APP_SECRET,
    .session_key = SESSION,
    .sign_method = method,
    .page_size = 7,
    .backoff_ms = 20,
    .wait_func = collect_wait_cb,
    .wait_data = c,
  };

  return config;
}

static SdStoreConnection *
connect_to (const char          *platform,
            const SdStoreConfig *config)
{
  g_autoptr(GError) error = NULL;
  SdStoreConnection *connection = sd_store_connection_new (platform, config, &error);

  g_assert_no_error (error);
  g_assert_nonnull (connection);
  return connection;
}

static gboolean
fetch (SdStoreConnection  *connection,
       SdStoreWindowKind   kind,
       gint64              since,
       gint64              until,
       Collect            *c,
       GCancellable       *cancellable,
       GError            **error)
{
  gboolean ok = sd_store_connection_fetch_trades (connection, kind, since, until,
                                                  collect_trades_cb, c, cancellable, error);

  if (error != NULL)
    remember (*error);
  return ok;
}

/* The fetch must succeed; the error says why when it does not. */
static void
fetch_ok (SdStoreConnection  *connection,
          SdStoreWindowKind   kind,
          gint64              since,
          gint64              until,
          Collect            *c,
          GCancellable       *cancellable,
          GError            **error)
{
  gboolean ok = fetch (connection, kind, since, until, c, cancellable, error);

  g_assert_no_error (*error);
  g_assert_true (ok);
}

/* ---- no server needed -------------------------------------------------------------------- */

static void
test_backoff (void)
{
  g_assert_cmpfloat_with_epsilon (sd_store_backoff_seconds (500, 1, 0.5), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (sd_store_backoff_seconds (500, 1, 0.0), 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (sd_store_backoff_seconds (500, 2, 0.5), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sd_store_backoff_seconds (500, 3, 0.5), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sd_store_backoff_seconds (500, 4, 1.0), 6.0, 1e-9);
  /* A ceiling of 30 s before the jitter, however many tries. */
  g_assert_cmpfloat_with_epsilon (sd_store_backoff_seconds (500, 20, 0.5), 30.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sd_store_backoff_seconds (500, 100000, 0.5), 30.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sd_store_backoff_seconds (G_MAXUINT, 40, 0.5), 30.0, 1e-9);
  /* The jitter spreads [0.5, 1.5) of the step, clamped. */
  for (double j = 0; j < 1; j += 0.01)
    {
      double s = sd_store_backoff_seconds (1000, 2, j);

      g_assert_cmpfloat (s, >=, 1.0);
      g_assert_cmpfloat (s, <, 3.0);
    }
  g_assert_cmpfloat_with_epsilon (sd_store_backoff_seconds (1000, 1, 7.0), 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (sd_store_backoff_seconds (1000, 1, -3.0), 0.5, 1e-9);
}

static void
test_retry_after (void)
{
  g_assert_cmpfloat (sd_store_parse_retry_after ("2", 9), ==, 2);
  g_assert_cmpfloat (sd_store_parse_retry_after ("2.0", 9), ==, 2);
  g_assert_cmpfloat (sd_store_parse_retry_after (" 3 ", 9), ==, 3);
  g_assert_cmpfloat (sd_store_parse_retry_after ("0", 9), ==, 0);
  g_assert_cmpfloat (sd_store_parse_retry_after (NULL, 2), ==, 2);
  g_assert_cmpfloat (sd_store_parse_retry_after ("", 2), ==, 2);
  g_assert_cmpfloat (sd_store_parse_retry_after ("soon", 2), ==, 2);
  g_assert_cmpfloat (sd_store_parse_retry_after ("-1", 2), ==, 2);
  g_assert_cmpfloat (sd_store_parse_retry_after ("nan", 2), ==, 2);
  g_assert_cmpfloat (sd_store_parse_retry_after ("Wed, 21 Oct 2015 07:28:00 GMT", 2), ==, 2);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (100 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_sleep (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  GThread *thread;

  g_assert_true (sd_store_sleep (0.05, NULL, &error));
  g_assert_true (sd_store_sleep (0.05, cancellable, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);

  /* A wait of a minute ends when the cancellable fires. */
  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_later, cancellable);
  g_assert_false (sd_store_sleep (60, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_thread_join (thread);
  g_clear_error (&error);

  /* Already cancelled: not a moment's wait. */
  g_assert_false (sd_store_sleep (60, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_config (void)
{
  static const struct
  {
    const char   *platform;
    SdStoreConfig config;
    const char   *words;
  } cases[] = {
    { "taobao", { NULL, APP_KEY, APP_SECRET, SESSION }, "address" },
    { "taobao", { "ftp://gw.api.taobao.com/router/rest", APP_KEY, APP_SECRET, SESSION }, "web address" },
    { "taobao", { "not a url", APP_KEY, APP_SECRET, SESSION }, "web address" },
    { "taobao", { "http:///router/rest", APP_KEY, APP_SECRET, SESSION }, "web address" },
    { "taobao", { "http://127.0.0.1:1/router/rest", "", APP_SECRET, SESSION }, "app key" },
    { "taobao", { "http://127.0.0.1:1/router/rest", APP_KEY, NULL, SESSION }, "app secret" },
    { "taobao", { "http://127.0.0.1:1/router/rest", APP_KEY, APP_SECRET "\n", SESSION }, "app secret" },
    { "taobao", { "http://127.0.0.1:1/router/rest", APP_KEY, APP_SECRET, "" }, "session key" },
    { "taobao", { "http://127.0.0.1:1/router/rest", APP_KEY, APP_SECRET, SESSION, 7 }, "sign method" },
    { "shopify", { "https://x.myshopify.com", .access_token = NULL }, "access token" },
    { "shopify", { "https://x.myshopify.com", .access_token = TOKEN "\r" }, "access token" },
    { "shopify", { "https://x.myshopify.com", .access_token = TOKEN, .api_version = "../x" }, "API version" },
    { "jd", { "https://x", APP_KEY, APP_SECRET, SESSION }, "“jd”" },
    { NULL, { "https://x", APP_KEY, APP_SECRET, SESSION }, "not a store" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SdStoreConnection *connection = sd_store_connection_new (cases[i].platform, &cases[i].config, &error);

      g_test_message ("case %u", i);
      g_assert_null (connection);
      g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      remember (error);
    }

  /* Good settings make a connection without a request; the defaults are Taobao's. */
  {
    SdStoreConfig config = { "http://127.0.0.1:1/router/rest", APP_KEY, APP_SECRET, SESSION,
                             SD_TOP_SIGN_HMAC_SHA256 };
    g_autoptr(SdStoreConnection) taobao = connect_to ("taobao", &config);
    SdStoreConfig shopify_config = { "https://x.myshopify.com/", .access_token = TOKEN };
    g_autoptr(SdStoreConnection) shopify = connect_to ("shopify", &shopify_config);

    g_assert_cmpstr (sd_store_connection_get_platform (taobao), ==, "taobao");
    g_assert_cmpint (sd_store_connection_get_max_window (taobao, SD_STORE_WINDOW_MODIFIED), ==, DAY);
    g_assert_cmpint (sd_store_connection_get_max_window (taobao, SD_STORE_WINDOW_CREATED), ==, DAY);
    g_assert_cmpint (sd_store_connection_get_history_limit (taobao), ==, 90 * DAY);
    g_assert_cmpstr (sd_store_connection_get_platform (shopify), ==, "shopify");
    g_assert_cmpint (sd_store_connection_get_max_window (shopify, SD_STORE_WINDOW_MODIFIED), ==, 0);
    g_assert_cmpint (sd_store_connection_get_history_limit (shopify), ==, 0);
  }
}

/* A port of 127.0.0.1 that refuses connections while SOCKET lives: bound, not listening. */
static char *
refusing_url (GSocket **socket)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (*socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (*socket, &error);
  g_assert_no_error (error);
  return g_strdup_printf ("http://127.0.0.1:%u/router/rest",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

/* Nothing listens there: the first try says so, with no waiting. */
static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *url = refusing_url (&socket);
  g_auto(Collect) c;
  SdStoreConfig config = { url, APP_KEY, APP_SECRET, SESSION,
                           .wait_func = collect_wait_cb, .wait_data = &c };
  g_autoptr(SdStoreConnection) connection = NULL;
  g_autoptr(SdStoreSeller) seller = NULL;
  g_autoptr(GError) error = NULL;

  collect_init (&c);
  connection = connect_to ("taobao", &config);
  seller = sd_store_connection_get_seller (connection, NULL, &error);
  remember (error);
  g_assert_null (seller);
  g_assert_error (error, SD_ERROR, SD_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpuint (c.waits->len, ==, 0);
}

/* ---- Taobao against the simulator ----------------------------------------------------------- */

static void
test_taobao_seller (void)
{
  SdTestSim *sim = need_sim (FALSE);

  if (sim == NULL)
    return;
  for (SdTopSignMethod m = SD_TOP_SIGN_MD5; m <= SD_TOP_SIGN_HMAC_SHA256; m++)
    {
      g_auto(Collect) c;
      SdStoreConfig config;
      g_autoptr(SdStoreConnection) connection = NULL;
      g_autoptr(SdStoreSeller) seller = NULL;
      g_autoptr(GError) error = NULL;

      collect_init (&c);
      config = taobao_config (sim, m, &c);
      connection = connect_to ("taobao", &config);
      seller = sd_store_connection_get_seller (connection, NULL, &error);
      remember (error);
      g_assert_no_error (error);
      g_assert_cmpstr (seller->platform, ==, "taobao");
      g_assert_cmpstr (seller->nick, !=, "");
      g_assert_cmpstr (seller->seller_id, !=, "");
      g_assert_cmpuint (c.waits->len, ==, 0);
    }
}

/* Fetches a window of KIND holding exactly N orders with METHOD's signatures into C,
 * which must come back as the simulator has them. */
static void
fetch_exact_window (SdTestSim         *sim,
                    GPtrArray         *truth,
                    SdStoreWindowKind  kind,
                    guint              n,
                    SdTopSignMethod    method,
                    Collect           *c)
{
  SdStoreConfig config;
  g_autoptr(SdStoreConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since, until;

  collect_init (c);
  config = taobao_config (sim, method, c);
  connection = connect_to ("taobao", &config);
  window_of (truth, kind, n, sd_test_sim_now (sim), &since, &until);
  fetch_ok (connection, kind, since, until, c, NULL, &error);
  assert_matches_truth (c, truth, kind, since, until);
  g_assert_cmpuint (g_hash_table_size (c->counts), ==, n);
  g_assert_cmpuint (c->waits->len, ==, 0);
}

/* Created windows, forward: an exact multiple of the page size and one more, every
 * order exactly once, as the simulator has it; the window's edges are ours (half open). */
static void
test_taobao_created (void)
{
  SdTestSim *sim = need_sim (FALSE);
  g_autoptr(GPtrArray) truth = NULL;
  static const guint sizes[] = { 21, 22, 7, 1 };

  if (sim == NULL)
    return;
  truth = sim_truth (sim);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_auto(Collect) c;

      fetch_exact_window (sim, truth, SD_STORE_WINDOW_CREATED, sizes[i], (SdTopSignMethod) (i % 3), &c);
      for (guint p = 0; p < c.pages->len; p++)
        g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (c.pages, p))->len, <=, 7);
    }
}

/* Modified windows: from the last page back to the first, each page once. */
static void
test_taobao_modified (void)
{
  SdTestSim *sim = need_sim (FALSE);
  g_autoptr(GPtrArray) truth = NULL;
  static const guint sizes[] = { 21, 23, 7, 3 };

  if (sim == NULL)
    return;
  truth = sim_truth (sim);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_auto(Collect) c;
      gint64 newest_before = G_MININT64;
      guint pages = (sizes[i] + 6) / 7;

      fetch_exact_window (sim, truth, SD_STORE_WINDOW_MODIFIED, sizes[i], SD_TOP_SIGN_HMAC, &c);

      /* One call a page; the last page (the oldest orders, the remainder) first. */
      g_assert_cmpuint (c.pages->len, ==, pages);
      g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (c.pages, 0))->len, ==,
                        sizes[i] % 7 ? sizes[i] % 7 : 7);
      for (guint p = 0; p < c.pages->len; p++)
        {
          GPtrArray *ids = g_ptr_array_index (c.pages, p);
          gint64 oldest = G_MAXINT64, newest = G_MININT64;

          for (guint k = 0; k < ids->len; k++)
            {
              SdStoreTrade *t = g_hash_table_lookup (c.trades, g_ptr_array_index (ids, k));

              oldest = MIN (oldest, t->order->modified_at);
              newest = MAX (newest, t->order->modified_at);
            }
          g_assert_cmpint (oldest, >=, newest_before);
          newest_before = newest;
        }
    }
}

/* Windows with nothing in them, and of no length. */
static void
test_taobao_empty (void)
{
  SdTestSim *sim = need_sim (FALSE);
  gint64 clock;

  if (sim == NULL)
    return;
  clock = sd_test_sim_now (sim);
  for (SdStoreWindowKind kind = SD_STORE_WINDOW_CREATED; kind <= SD_STORE_WINDOW_MODIFIED; kind++)
    {
      g_auto(Collect) c;
      SdStoreConfig config;
      g_autoptr(SdStoreConnection) connection = NULL;
      g_autoptr(GError) error = NULL;

      collect_init (&c);
      config = taobao_config (sim, SD_TOP_SIGN_MD5, &c);
      connection = connect_to ("taobao", &config);
      /* Ten days before the shop's first order. */
      fetch_ok (connection, kind, clock - 10 * DAY - HOUR, clock - 10 * DAY, &c, NULL, &error);
      g_assert_cmpuint (g_hash_table_size (c.trades), ==, 0);
      g_assert_cmpuint (c.pages->len, <=, 1);

      g_assert_true (fetch (connection, kind, clock - HOUR, clock - HOUR, &c, NULL, &error));
      g_assert_cmpuint (c.pages->len, <=, 1);

      /* More than a day is refused before any request. */
      g_assert_false (fetch (connection, kind, clock - 2 * DAY, clock, &c, NULL, &error));
      g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
    }
}

/* Orders modified while a window is paged leave it (their new time is past its end): the
 * others all still come. */
static void
test_taobao_modified_during_paging (void)
{
  SdTestSim *sim = need_sim (FALSE);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) later = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(Collect) c;
  SdStoreConfig config;
  g_autoptr(SdStoreConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since, until;
  guint kept = 0, changed = 0;

  if (sim == NULL)
    return;
  before = sim_truth (sim);
  window_of (before, SD_STORE_WINDOW_MODIFIED, 60, sd_test_sim_now (sim), &since, &until);
  faults (sim, "modify_during_paging=150");

  collect_init (&c);
  config = taobao_config (sim, SD_TOP_SIGN_MD5, &c);
  connection = connect_to ("taobao", &config);
  fetch_ok (connection, SD_STORE_WINDOW_MODIFIED, since, until, &c, NULL, &error);
  faults (sim, "modify_during_paging=0");

  after = sim_truth (sim);
  for (guint i = 0; i < after->len; i++)
    {
      Truth *t = g_ptr_array_index (after, i);
      g_hash_table_insert (later, t->id, t);
    }
  for (guint i = 0; i < before->len; i++)
    {
      Truth *t = g_ptr_array_index (before, i);
      Truth *now = g_hash_table_lookup (later, t->id);

      if (!in_window (t, SD_STORE_WINDOW_MODIFIED, since, until))
        continue;
      if (now->modified != t->modified)
        {
          changed++;
          continue;
        }
      kept++;
      g_assert_true (g_hash_table_contains (c.trades, t->id));
    }
  g_test_message ("%u orders stayed in the window, %u moved out while paging", kept, changed);
  /* The test tests something only if orders did move. */
  g_assert_cmpuint (changed, >, 0);
  g_assert_cmpuint (kept, >, 0);
}

/* A window that reaches the data clock, where orders modified while paging come into the
 * window: it still ends, and without an error. */
static void
test_taobao_window_growing (void)
{
  SdTestSim *sim = need_sim (FALSE);
  g_auto(Collect) c;
  SdStoreConfig config;
  g_autoptr(SdStoreConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 clock;

  if (sim == NULL)
    return;
  clock = sd_test_sim_now (sim);
  faults (sim, "modify_during_paging=3");
  collect_init (&c);
  config = taobao_config (sim, SD_TOP_SIGN_MD5, &c);
  connection = connect_to ("taobao", &config);
  fetch_ok (connection, SD_STORE_WINDOW_MODIFIED, clock - 2 * HOUR, clock + 1, &c, NULL, &error);
  faults (sim, "modify_during_paging=0");
  g_assert_cmpuint (g_hash_table_size (c.trades), >, 7);
  g_assert_cmpuint (c.pages->len, <, 200);
}

typedef struct
{
  const char *faults;
  guint       max_attempts;
  const char *reason;      /* in a wait's reason; NULL: no wait expected */
} FaultCase;

/* Faults the connection rides through: the window comes whole and right. */
static void
test_taobao_faults_survived (void)
{
  static const FaultCase cases[] = {
    { "fail_rate=0.4", 12, "server" },
    { "latency=150", 0, NULL },
    { "malformed_rate=0.12", 12, "garbled" },
    { "drop_rate=0.3", 12, "dropped" },
    { "truncate_rate=0.3", 12, "dropped" },
    { "rate_limit=4&ban_seconds=1", 0, "rate limited" },
  };
  SdTestSim *sim = need_sim (FALSE);
  g_autoptr(GPtrArray) truth = NULL;
  gint64 since, until;

  if (sim == NULL)
    return;
  truth = sim_truth (sim);
  window_of (truth, SD_STORE_WINDOW_MODIFIED, 40, sd_test_sim_now (sim), &since, &until);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Collect) c;
      SdStoreConfig config;
      g_autoptr(SdStoreConnection) connection = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_test_message ("faults: %s", cases[i].faults);
      need_sim (FALSE);
      faults (sim, cases[i].faults);
      collect_init (&c);
      config = taobao_config (sim, SD_TOP_SIGN_HMAC_SHA256, &c);
      config.max_attempts = cases[i].max_attempts;
      connection = connect_to ("taobao", &config);
      fetch_ok (connection, SD_STORE_WINDOW_MODIFIED, since, until, &c, NULL, &error);
      assert_matches_truth (&c, truth, SD_STORE_WINDOW_MODIFIED, since, until);
      if (cases[i].reason != NULL)
        g_assert_cmpuint (count_reasons (&c, cases[i].reason), >, 0);
      else
        g_assert_cmpuint (c.waits->len, ==, 0);
      if (g_str_has_prefix (cases[i].faults, "latency"))
        g_assert_cmpint (g_get_monotonic_time () - start, >=, 7 * 150 * 1000);
      if (g_str_has_prefix (cases[i].faults, "rate_limit"))
        for (guint w = 0; w < c.waits->len; w++)
          g_assert_cmpfloat (g_array_index (c.waits, double, w), ==, 2.0);   /* the ban + 1 */
    }
}

/* Faults that do not lift: a clear error of the right kind, after the tries. */
static void
test_taobao_faults_final (void)
{
  static const struct
  {
    const char *faults;
    SdError     code;
    const char *words;
    guint       waits;
  } cases[] = {
    { "fail_rate=1", SD_ERROR_NETWORK, "try again later", 3 },
    { "malformed_rate=1", SD_ERROR_CORRUPT, "taobao.trades.sold.increment.get", 3 },
    { "drop_rate=1", SD_ERROR_NETWORK, "trying again did not help", 3 },
    { "truncate_rate=1", SD_ERROR_NETWORK, "trying again did not help", 3 },
    { "invalid_session=1", SD_ERROR_AUTH_EXPIRED, "The Taobao session has expired or is invalid: authorise ShopDesk again", 0 },
  };
  SdTestSim *sim = need_sim (FALSE);
  gint64 clock;

  if (sim == NULL)
    return;
  clock = sd_test_sim_now (sim);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Collect) c;
      SdStoreConfig config;
      g_autoptr(SdStoreConnection) connection = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("faults: %s", cases[i].faults);
      need_sim (FALSE);
      faults (sim, cases[i].faults);
      collect_init (&c);
      config = taobao_config (sim, SD_TOP_SIGN_MD5, &c);
      config.max_attempts = 4;
      connection = connect_to ("taobao", &config);
      g_assert_false (fetch (connection, SD_STORE_WINDOW_MODIFIED, clock - 3 * HOUR, clock - 2 * HOUR,
                             &c, NULL, &error));
      g_assert_error (error, SD_ERROR, (int) cases[i].code);
      g_test_message ("→ %s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_assert_cmpuint (c.waits->len, ==, cases[i].waits);
    }
  need_sim (FALSE);
}

/* A ban longer than a sync should sit through: said at once, with its length. A simulator
 * of its own, since its ban outlasts the test. */
static void
test_taobao_long_ban (void)
{
  static const char * const args[] = {
    "--orders", "200", "--days", "3", "--rate-limit", "1", "--ban-seconds", "600",
    "--app-key", APP_KEY, "--app-secret", APP_SECRET, "--session", SESSION, NULL
  };
  g_autoptr(SdTestSim) sim = sd_test_sim_start (args);
  g_auto(Collect) c;
  SdStoreConfig config;
  g_autoptr(SdStoreConnection) connection = NULL;
  g_autoptr(SdStoreSeller) seller = NULL;
  g_autoptr(GError) error = NULL;
  guint tries = 0;

  if (sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  collect_init (&c);
  config = taobao_config (sim, SD_TOP_SIGN_MD5, &c);
  connection = connect_to ("taobao", &config);
  /* The first calls of the second go through. */
  while (error == NULL && tries++ < 10)
    {
      g_clear_pointer (&seller, sd_store_seller_free);
      seller = sd_store_connection_get_seller (connection, NULL, &error);
    }
  remember (error);
  g_assert_null (seller);
  g_assert_error (error, SD_ERROR, SD_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "600"));
  g_assert_cmpuint (c.waits->len, ==, 0);
}

/* The wrong secret, the wrong app key, a session the store does not know. */
static void
test_taobao_credentials (void)
{
  static const struct
  {
    const char *app_key;
    const char *secret;
    const char *session;
    SdError     code;
  } cases[] = {
    { APP_KEY, WRONG, SESSION, SD_ERROR_AUTH_FAILED },
    { "11110000", APP_SECRET, SESSION, SD_ERROR_AUTH_FAILED },
    { APP_KEY, APP_SECRET, WRONG, SD_ERROR_AUTH_EXPIRED },
  };
  SdTestSim *sim = need_sim (FALSE);

  if (sim == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Collect) c;
      SdStoreConfig config;
      g_autoptr(SdStoreConnection) connection = NULL;
      g_autoptr(SdStoreSeller) seller = NULL;
      g_autoptr(GError) error = NULL;

      collect_init (&c);
      config = taobao_config (sim, SD_TOP_SIGN_HMAC, &c);
      config.app_key = cases[i].app_key;
      config.app_secret = cases[i].secret;
      config.session_key = cases[i].session;
      connection = connect_to ("taobao", &config);
      seller = sd_store_connection_get_seller (connection, NULL, &error);
      remember (error);
      g_assert_null (seller);
      g_assert_error (error, SD_ERROR, (int) cases[i].code);
      g_assert_cmpuint (c.waits->len, ==, 0);
    }
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (300 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

/* Cancelling ends a fetch at once: inside a slow request, and inside a wait. */
static void
test_taobao_cancel (void)
{
  SdTestSim *sim = need_sim (FALSE);
  gint64 clock;

  if (sim == NULL)
    return;
  clock = sd_test_sim_now (sim);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_auto(Collect) c;
      SdStoreConfig config;
      g_autoptr(SdStoreConnection) connection = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      GThread *thread;

      faults (sim, i == 0 ? "latency=5000" : "fail_rate=1");
      collect_init (&c);
      config = taobao_config (sim, SD_TOP_SIGN_MD5, &c);
      config.backoff_ms = 20000;
      connection = connect_to ("taobao", &config);
      thread = g_thread_new ("cancel", cancel_soon, cancellable);
      g_assert_false (fetch (connection, SD_STORE_WINDOW_MODIFIED, clock - 3 * HOUR, clock - 2 * HOUR,
                             &c, cancellable, &error));
      g_thread_join (thread);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
      g_assert_cmpuint (c.waits->len, ==, i == 0 ? 0 : 1);
      need_sim (FALSE);
    }
}

/* A callback that says stop stops the fetch with its error. */
static void
test_taobao_callback_stops (void)
{
  SdTestSim *sim = need_sim (FALSE);
  g_autoptr(GPtrArray) truth = NULL;
  g_auto(Collect) c;
  SdStoreConfig config;
  g_autoptr(SdStoreConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since, until;

  if (sim == NULL)
    return;
  truth = sim_truth (sim);
  window_of (truth, SD_STORE_WINDOW_CREATED, 30, sd_test_sim_now (sim), &since, &until);
  collect_init (&c);
  c.stop_after = 2;
  config = taobao_config (sim, SD_TOP_SIGN_MD5, &c);
  connection = connect_to ("taobao", &config);
  g_assert_false (fetch (connection, SD_STORE_WINDOW_CREATED, since, until, &c, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (c.pages->len, ==, 2);
}

/* ---- Shopify against the simulator --------------------------------------------------------- */

static SdStoreConfig
shopify_config (SdTestSim *sim,
                Collect   *c)
{
  SdStoreConfig config = {
    .url = sd_test_sim_get_url (sim),
    .access_token = TOKEN,
    .page_size = 25,
    .backoff_ms = 20,
    .wait_func = collect_wait_cb,
    .wait_data = c,
  };

  return config;
}

static void
test_shopify_fetch (void)
{
  SdTestSim *sim = need_sim (TRUE);
  g_autoptr(GPtrArray) truth = NULL;
  gint64 clock;

  if (sim == NULL)
    return;
  truth = sim_truth (sim);
  clock = sd_test_sim_now (sim);
  for (SdStoreWindowKind kind = SD_STORE_WINDOW_CREATED; kind <= SD_STORE_WINDOW_MODIFIED; kind++)
    {
      g_auto(Collect) c;
      SdStoreConfig config;
      g_autoptr(SdStoreConnection) connection = NULL;
      g_autoptr(SdStoreSeller) seller = NULL;
      g_autoptr(GError) error = NULL;
      gint64 since, until;

      collect_init (&c);
      config = shopify_config (sim, &c);
      connection = connect_to ("shopify", &config);
      seller = sd_store_connection_get_seller (connection, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (seller->platform, ==, "shopify");
      g_assert_cmpstr (seller->seller_id, !=, "");

      /* All of it, through Link headers to the end; then a window of 50 exactly. */
      fetch_ok (connection, kind, clock - 30 * DAY, clock + 1, &c, NULL, &error);
      assert_matches_truth (&c, truth, kind, clock - 30 * DAY, clock + 1);
      g_assert_cmpuint (g_hash_table_size (c.trades), ==, truth->len);
      g_assert_cmpuint (c.pages->len, ==, (truth->len + 24) / 25);

      collect_clear (&c);
      collect_init (&c);
      window_of (truth, kind, 50, clock, &since, &until);
      fetch_ok (connection, kind, since, until, &c, NULL, &error);
      assert_matches_truth (&c, truth, kind, since, until);
      g_assert_cmpuint (c.pages->len, >=, 2);
    }
}

static gboolean
collect_buyers_cb (GPtrArray  *buyers,
                   gpointer    user_data,
                   GError    **error)
{
  GHashTable *seen = user_data;

  for (guint i = 0; i < buyers->len; i++)
    {
      SdStoreBuyer *b = g_ptr_array_index (buyers, i);

      g_assert_cmpstr (b->platform, ==, "shopify");
      g_assert_cmpstr (b->uid, !=, "");
      g_assert_false (b->masked);
      g_assert_true (g_hash_table_add (seen, g_strdup (b->uid)));
    }
  return TRUE;
}

static void
test_shopify_buyers (void)
{
  SdTestSim *sim = need_sim (TRUE);
  g_auto(Collect) c;
  SdStoreConfig config;
  g_autoptr(SdStoreConnection) connection = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  gint64 clock;

  if (sim == NULL)
    return;
  clock = sd_test_sim_now (sim);
  collect_init (&c);
  config = shopify_config (sim, &c);
  connection = connect_to ("shopify", &config);
  g_assert_true (sd_store_connection_fetch_buyers (connection, 0, clock + 1, collect_buyers_cb, seen,
                                                   NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 150);
}

static void
test_shopify_faults (void)
{
  SdTestSim *sim = need_sim (TRUE);
  g_autoptr(GPtrArray) truth = NULL;
  gint64 clock;

  if (sim == NULL)
    return;
  truth = sim_truth (sim);
  clock = sd_test_sim_now (sim);

  /* A leaky bucket of 40 draining 10/s, read in 80 pages: 429s, waited out. */
  {
    g_auto(Collect) c;
    SdStoreConfig config;
    g_autoptr(SdStoreConnection) connection = NULL;
    g_autoptr(GError) error = NULL;

    faults (sim, "rate_limit=10");
    collect_init (&c);
    config = shopify_config (sim, &c);
    config.page_size = 5;
    config.max_attempts = 20;
    connection = connect_to ("shopify", &config);
    fetch_ok (connection, SD_STORE_WINDOW_CREATED, clock - 30 * DAY, clock + 1, &c, NULL, &error);
    assert_matches_truth (&c, truth, SD_STORE_WINDOW_CREATED, clock - 30 * DAY, clock + 1);
    g_assert_cmpuint (count_reasons (&c, "rate limited"), >, 0);
    for (guint w = 0; w < c.waits->len; w++)
      g_assert_cmpfloat (g_array_index (c.waits, double, w), <=, 5);
    need_sim (TRUE);
  }

  /* Server errors, backed off. */
  {
    g_auto(Collect) c;
    SdStoreConfig config;
    g_autoptr(SdStoreConnection) connection = NULL;
    g_autoptr(GError) error = NULL;

    faults (sim, "fail_rate=0.4");
    collect_init (&c);
    config = shopify_config (sim, &c);
    config.max_attempts = 12;
    connection = connect_to ("shopify", &config);
    fetch_ok (connection, SD_STORE_WINDOW_MODIFIED, clock - 30 * DAY, clock + 1, &c, NULL, &error);
    assert_matches_truth (&c, truth, SD_STORE_WINDOW_MODIFIED, clock - 30 * DAY, clock + 1);
    g_assert_cmpuint (count_reasons (&c, "server error 5"), >, 0);

    faults (sim, "fail_rate=1");
    collect_clear (&c);
    collect_init (&c);
    g_clear_object (&connection);
    config.max_attempts = 4;
    connection = connect_to ("shopify", &config);
    g_assert_false (fetch (connection, SD_STORE_WINDOW_MODIFIED, clock - DAY, clock + 1, &c, NULL, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_NETWORK);
    g_assert_cmpuint (c.waits->len, ==, 3);
    need_sim (TRUE);
  }

  /* A token the shop refuses. */
  {
    g_auto(Collect) c;
    SdStoreConfig config;
    g_autoptr(SdStoreConnection) connection = NULL;
    g_autoptr(SdStoreSeller) seller = NULL;
    g_autoptr(GError) error = NULL;

    collect_init (&c);
    config = shopify_config (sim, &c);
    config.access_token = WRONG;
    connection = connect_to ("shopify", &config);
    seller = sd_store_connection_get_seller (connection, NULL, &error);
    remember (error);
    g_assert_null (seller);
    g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_EXPIRED);
    g_assert_true (g_str_has_prefix (error->message, "The Shopify access token was refused: "));
    g_clear_error (&error);
    g_assert_false (fetch (connection, SD_STORE_WINDOW_MODIFIED, clock - DAY, clock + 1, &c, NULL, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_EXPIRED);
    g_assert_cmpuint (c.waits->len, ==, 0);
  }
}

/* After every test above: no secret in any message, reason or log line they produced. */
static void
test_no_secrets (void)
{
  static const char * const secrets[] = { APP_SECRET, SESSION, TOKEN, WRONG };

  /* The retries' debug lines were read too (they quote the stores' answers). */
  g_assert_nonnull (strstr (seen_text->str, "try 1 failed"));
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_null (strstr (seen_text->str, secrets[i]));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  seen_text = g_string_new (NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

  g_test_add_func ("/core/store-connection/backoff", test_backoff);
  g_test_add_func ("/core/store-connection/retry-after", test_retry_after);
  g_test_add_func ("/core/store-connection/sleep", test_sleep);
  g_test_add_func ("/core/store-connection/config", test_config);
  g_test_add_func ("/core/store-connection/unreachable", test_unreachable);
  g_test_add_func ("/core/store-connection/taobao-seller", test_taobao_seller);
  g_test_add_func ("/core/store-connection/taobao-created", test_taobao_created);
  g_test_add_func ("/core/store-connection/taobao-modified", test_taobao_modified);
  g_test_add_func ("/core/store-connection/taobao-empty", test_taobao_empty);
  g_test_add_func ("/core/store-connection/taobao-modified-during-paging", test_taobao_modified_during_paging);
  g_test_add_func ("/core/store-connection/taobao-window-growing", test_taobao_window_growing);
  g_test_add_func ("/core/store-connection/taobao-faults-survived", test_taobao_faults_survived);
  g_test_add_func ("/core/store-connection/taobao-faults-final", test_taobao_faults_final);
  g_test_add_func ("/core/store-connection/taobao-long-ban", test_taobao_long_ban);
  g_test_add_func ("/core/store-connection/taobao-credentials", test_taobao_credentials);
  g_test_add_func ("/core/store-connection/taobao-cancel", test_taobao_cancel);
  g_test_add_func ("/core/store-connection/taobao-callback-stops", test_taobao_callback_stops);
  g_test_add_func ("/core/store-connection/shopify-fetch", test_shopify_fetch);
  g_test_add_func ("/core/store-connection/shopify-buyers", test_shopify_buyers);
  g_test_add_func ("/core/store-connection/shopify-faults", test_shopify_faults);
  g_test_add_func ("/core/store-connection/no-secrets", test_no_secrets);

  status = g_test_run ();
  g_clear_pointer (&taobao_sim, sd_test_sim_stop);
  g_clear_pointer (&shopify_sim, sd_test_sim_stop);
  g_string_free (seen_text, TRUE);
  return status;
}
