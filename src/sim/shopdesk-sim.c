/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sd-sim-format.h"
#include "sd-sim-server.h"

/* shopdesk-sim: a Taobao TOP router or a Shopify Admin API on 127.0.0.1, serving a shop made
 * up from --seed, with faults on demand. A developer and test tool: its messages are not
 * translated (README.md says what it speaks). */

#define EXIT_USAGE 2
#define MAX_ROWS 10000000

typedef struct
{
  int port;
  char *platform;
  gint64 seed;
  int customers;
  int orders;
  int days;
  gint64 behind;
  char *app_key;
  char *app_secret;
  char *session;
  char *token;
  char *chat_token;
  int chat_buyers;
  char *aliyun_key_id;
  char *aliyun_key_secret;
  int aliyun_delivery_delay;
  char **aliyun_templates;
  double fail_rate;
  char *rate_limit;
  int ban_seconds;
  int latency;
  double malformed_rate;
  double drop_rate;
  double truncate_rate;
  int page_max;
  gboolean quiet;
} Options;

/* libsoup before 3.3.0 leaks the socket object (not the descriptor) of a keep-alive
 * connection that the client closes while idle (fixed upstream by commit d20c6601, "server:
 * do not leak idle connections closed by the client"). Under LeakSanitizer that would fail
 * every test that runs the simulator, ours and the connectors' alike: this excuses exactly
 * the allocations made by g_socket_accept (), nothing else. Both functions are ignored
 * without a sanitizer. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

/* The fast unwinder stops at the first library built without frame pointers (GLib), and a
 * suppression can only match a frame it sees. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_socket_accept\n";
}

static void
options_clear (Options *o)
{
  g_free (o->platform);
  g_free (o->app_key);
  g_free (o->app_secret);
  g_free (o->session);
  g_free (o->token);
  g_free (o->chat_token);
  g_free (o->aliyun_key_id);
  g_free (o->aliyun_key_secret);
  g_strfreev (o->aliyun_templates);
  g_free (o->rate_limit);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
set_default (char       **option,
             const char  *value)
{
  if (*option == NULL)
    *option = g_strdup (value);
}

static int
usage_error (const char *message)
{
  g_printerr ("shopdesk-sim: %s\nRun shopdesk-sim --help to see the options.\n", message);
  return EXIT_USAGE;
}

static gboolean
in_rate_range (double value)
{
  return value >= 0.0 && value <= 1.0;
}

/* The first option that is out of range, said for a person; NULL when all are fine. */
static const char *
check_options (const Options *o)
{
  if (o->port < 0 || o->port > G_MAXUINT16)
    return "--port must be from 0 (any free port) to 65535";
  if (strcmp (o->platform, "taobao") != 0 && strcmp (o->platform, "shopify") != 0)
    return "--platform must be taobao or shopify";
  if (o->seed < 0 || o->seed > G_MAXUINT32)
    return "--seed must be from 0 to 4294967295";
  if (o->customers < 1 || o->customers > MAX_ROWS)
    return "--customers must be from 1 to 10000000";
  if (o->orders < 0 || o->orders > MAX_ROWS)
    return "--orders must be from 0 to 10000000";
  if (o->days < 1 || o->days > 3650)
    return "--days must be from 1 to 3650";
  if (o->behind < 0 || o->behind > 3650 * G_GINT64_CONSTANT (86400))
    return "--behind must be from 0 to 10 years in seconds";
  if (!in_rate_range (o->fail_rate) || !in_rate_range (o->malformed_rate)
      || !in_rate_range (o->drop_rate) || !in_rate_range (o->truncate_rate))
    return "--fail-rate, --malformed-rate, --drop-rate and --truncate-rate must be from 0 to 1";
  if (o->ban_seconds < 1 || o->ban_seconds > 86400)
    return "--ban-seconds must be from 1 to 86400";
  if (o->latency < 0 || o->latency > 600000)
    return "--latency must be from 0 to 600000 milliseconds";
  if (o->page_max != -1 && (o->page_max < 1 || o->page_max > 100000))
    return "--page-max must be from 1 to 100000";
  if (o->chat_buyers < 0 || o->chat_buyers > 600)
    return "--chat-buyers must be from 0 to 600 a minute";
  if (o->aliyun_delivery_delay < 0 || o->aliyun_delivery_delay > 86400000)
    return "--aliyun-delivery-delay must be from 0 to 86400000 milliseconds";
  if (*o->aliyun_key_id == '\0' || *o->aliyun_key_secret == '\0')
    return "--aliyun-key-id and --aliyun-key-secret must not be empty";
  if (*o->app_key == '\0' || *o->app_secret == '\0' || *o->session == '\0' || *o->token == '\0'
      || *o->chat_token == '\0')
    return "--app-key, --app-secret, --session, --token and --chat-token must not be empty";
  return NULL;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
log_shop (SdSimShop  *shop,
          const char *platform,
          gint64      seed)
{
  g_autoptr(GString) now = g_string_new (NULL);

  sd_sim_append_top_time (now, sd_sim_shop_get_now (shop));   /* quoted, as in JSON */
  g_printerr ("shopdesk-sim: %s shop from seed %" G_GINT64_FORMAT ": %u customers, %u orders; "
              "data clock %s GMT+8\n",
              platform, seed, sd_sim_shop_get_n_customers (shop), sd_sim_shop_get_n_orders (shop),
              now->str);
}

/* The Aliyun gateway with the approved templates of --aliyun-template CODE=TEXT; NULL with
 * *OUT_PROBLEM (for a person) when one is not CODE=TEXT. */
static SdSimAliyun *
new_aliyun (const Options  *o,
            char          **out_problem)
{
  g_autoptr(SdSimAliyun) aliyun = sd_sim_aliyun_new (o->aliyun_key_id, o->aliyun_key_secret,
                                                     (guint) o->aliyun_delivery_delay);

  for (guint i = 0; o->aliyun_templates != NULL && o->aliyun_templates[i] != NULL; i++)
    {
      const char *item = o->aliyun_templates[i];
      const char *eq = strchr (item, '=');
      g_autofree char *code = eq != NULL ? g_strndup (item, eq - item) : NULL;
      const char *problem = "it is not CODE=TEXT";

      if (code == NULL || !sd_sim_aliyun_add_template (aliyun, code, eq + 1, &problem))
        {
          *out_problem = g_strdup_printf ("--aliyun-template '%s': %s", item, problem);
          return NULL;
        }
    }
  return g_steal_pointer (&aliyun);
}

static int
run (const Options *o,
     double         rate_limit,
     SdSimAliyun   *aliyun)
{
  gboolean taobao = strcmp (o->platform, "taobao") == 0;
  SdSimShopParams shop_params = {
    .seed = (guint32) o->seed,
    .n_customers = (guint) o->customers,
    .n_orders = (guint) o->orders,
    .days = (guint) o->days,
    .now = g_get_real_time () / G_USEC_PER_SEC - o->behind,
  };
  SdSimConfig config = {
    .platform = taobao ? SD_SIM_PLATFORM_TAOBAO : SD_SIM_PLATFORM_SHOPIFY,
    .app_key = o->app_key,
    .app_secret = o->app_secret,
    .session = o->session,
    .token = o->token,
    .page_max = o->page_max != -1 ? (guint) o->page_max : taobao ? 100 : 250,
    .seed = (guint32) o->seed,
  };
  SdSimFaultSettings faults = {
    .fail_rate = o->fail_rate,
    .malformed_rate = o->malformed_rate,
    .drop_rate = o->drop_rate,
    .truncate_rate = o->truncate_rate,
    .rate_limit = rate_limit,
    .latency_ms = (guint) o->latency,
    .ban_seconds = (guint) o->ban_seconds,
  };
  g_autoptr(SdSimShop) shop = sd_sim_shop_new (&shop_params);
  g_autoptr(SdSimServer) server = sd_sim_server_new (shop, &config, &faults, o->quiet);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_autoptr(GError) error = NULL;
  guint port, sigint_id, sigterm_id;

  sd_sim_server_set_aliyun (server, aliyun);
  {
    SdSimChat *chat = sd_sim_chat_new (shop, config.platform, o->chat_token, (guint32) o->seed);

    sd_sim_chat_set_auto_rate (chat, (guint) o->chat_buyers);
    sd_sim_server_set_chat (server, chat);
  }
  /* Before the listening line: whoever reads it may signal at once. */
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  if (!sd_sim_server_listen (server, (guint) o->port, &port, &error))
    {
      g_printerr ("shopdesk-sim: cannot listen on 127.0.0.1:%d: %s\n", o->port, error->message);
      g_source_remove (sigint_id);
      g_source_remove (sigterm_id);
      return 1;
    }
  /* Tests and the bench read the port from this line: its exact form is an interface. */
  printf ("shopdesk-sim listening on http://127.0.0.1:%u\n", port);
  fflush (stdout);
  if (!o->quiet)
    log_shop (shop, o->platform, o->seed);

  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  /* Let the connections that disconnecting closed finish closing (no leak at exit). */
  g_clear_object (&server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  /* The string options start NULL (GOption would not free a default it replaces). */
  g_auto(Options) o = {
    .seed = 1,
    .customers = 1000,
    .orders = 5000,
    .days = 80,
    .ban_seconds = 1,
    .page_max = -1,
    .aliyun_delivery_delay = 1000,
  };
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &o.port, "Port on 127.0.0.1 (0: any free one)", "P" },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &o.platform, "taobao (default) or shopify", "NAME" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &o.seed, "Seed of the shop and of the faults (1)", "S" },
    { "customers", 0, 0, G_OPTION_ARG_INT, &o.customers, "Customers (1000)", "N" },
    { "orders", 0, 0, G_OPTION_ARG_INT, &o.orders, "Orders (5000)", "M" },
    { "days", 0, 0, G_OPTION_ARG_INT, &o.days,
      "Orders are created over the D days before the data clock (80)", "D" },
    { "behind", 0, 0, G_OPTION_ARG_INT64, &o.behind,
      "The data clock starts this far behind real time (0)", "SECONDS" },
    { "app-key", 0, 0, G_OPTION_ARG_STRING, &o.app_key, "Taobao app key (12345678)", "K" },
    { "app-secret", 0, 0, G_OPTION_ARG_STRING, &o.app_secret, "Taobao app secret (helloworld)",
      "S" },
    { "session", 0, 0, G_OPTION_ARG_STRING, &o.session, "Taobao session key (test-session)", "SK" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &o.token, "Shopify access token (shpat_test)", "T" },
    { "chat-token", 0, 0, G_OPTION_ARG_STRING, &o.chat_token,
      "Live chat: the token a desk connects with (test-chat)", "TOKEN" },
    { "chat-buyers", 0, 0, G_OPTION_ARG_INT, &o.chat_buyers,
      "Live chat: buyers who open a chat by themselves, a minute (0)", "N" },
    { "aliyun-key-id", 0, 0, G_OPTION_ARG_STRING, &o.aliyun_key_id,
      "Aliyun SMS AccessKey ID (testId)", "ID" },
    { "aliyun-key-secret", 0, 0, G_OPTION_ARG_STRING, &o.aliyun_key_secret,
      "Aliyun SMS AccessKey secret (testSecret)", "S" },
    { "aliyun-delivery-delay", 0, 0, G_OPTION_ARG_INT, &o.aliyun_delivery_delay,
      "Aliyun SMS: delivered this long after acceptance (1000)", "MS" },
    { "aliyun-template", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.aliyun_templates,
      "Aliyun SMS: an approved template, its text with ${var} (repeatable; none: any code is taken)",
      "CODE=TEXT" },
    { "fail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o.fail_rate,
      "Share of requests answered with a retryable failure (0)", "R" },
    { "rate-limit", 0, 0, G_OPTION_ARG_STRING, &o.rate_limit,
      "Requests a second allowed, \"5\" or \"5/s\" (0: no limit)", "N/s" },
    { "ban-seconds", 0, 0, G_OPTION_ARG_INT, &o.ban_seconds,
      "How long Taobao's call-limit ban lasts (1)", "S" },
    { "latency", 0, 0, G_OPTION_ARG_INT, &o.latency, "Delay of every answer (0)", "MS" },
    { "malformed-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o.malformed_rate,
      "Share of answers with a malformed body (0)", "R" },
    { "drop-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o.drop_rate,
      "Share of requests whose connection is closed unanswered (0)", "R" },
    { "truncate-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o.truncate_rate,
      "Share of answers cut short (0)", "R" },
    { "page-max", 0, 0, G_OPTION_ARG_INT, &o.page_max,
      "Largest page size (100 for Taobao, 250 for Shopify)", "N" },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &o.quiet, "Print only the listening line", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *problem;
  g_autofree char *template_problem = NULL;
  SdSimAliyun *aliyun;
  double rate_limit = 0;

  setlocale (LC_ALL, "");
  g_option_context_set_summary (context,
                                "Simulates a Taobao TOP router or a Shopify Admin API on "
                                "127.0.0.1, for tests, benchmarks and the demo.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  set_default (&o.platform, "taobao");
  set_default (&o.app_key, "12345678");
  set_default (&o.app_secret, "helloworld");
  set_default (&o.session, "test-session");
  set_default (&o.token, "shpat_test");
  set_default (&o.chat_token, "test-chat");
  set_default (&o.aliyun_key_id, "testId");
  set_default (&o.aliyun_key_secret, "testSecret");
  set_default (&o.rate_limit, "0");
  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf ("unexpected argument '%s'", argv[1]);

      return usage_error (message);
    }
  if ((problem = check_options (&o)) != NULL)
    return usage_error (problem);
  if (!sd_sim_faults_parse_rate_limit (o.rate_limit, &rate_limit))
    return usage_error ("--rate-limit must be a number of requests a second, like 5 or 5/s");
  if ((aliyun = new_aliyun (&o, &template_problem)) == NULL)
    return usage_error (template_problem);
  return run (&o, rate_limit, aliyun);
}
