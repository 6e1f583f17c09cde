/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <glib-unix.h>

#include "sd-cli.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-sync.h"
#include "sd-values.h"

/* store and sync: the shop's store connection (sd-sync.h). Secrets come from the
 * environment (SHOPDESK_TAOBAO_APP_SECRET, SHOPDESK_TAOBAO_SESSION, SHOPDESK_SHOPIFY_TOKEN)
 * or a prompt that does not echo, and are never printed. */

static const char *
platform_label (const char *platform)
{
  if (g_strcmp0 (platform, "taobao") == 0)
    return _("Taobao");
  if (g_strcmp0 (platform, "shopify") == 0)
    return _("Shopify");
  return platform;
}

static void
say_secret_source (SdSecretSource source,
                   const char    *platform)
{
  gboolean taobao = g_strcmp0 (platform, "taobao") == 0;

  switch (source)
    {
    case SD_SECRET_SOURCE_KEYRING:
      g_print (_("Credentials:  kept in the keyring.\n"));
      break;
    case SD_SECRET_SOURCE_ENVIRONMENT:
      g_print (taobao ? _("Credentials:  read from SHOPDESK_TAOBAO_APP_SECRET and SHOPDESK_TAOBAO_SESSION "
                          "(no keyring keeps them).\n")
                      : _("Credentials:  read from SHOPDESK_SHOPIFY_TOKEN (no keyring keeps it).\n"));
      break;
    case SD_SECRET_SOURCE_NONE:
    default:
      g_print (taobao ? _("Credentials:  missing — no keyring keeps them and SHOPDESK_TAOBAO_APP_SECRET / "
                          "SHOPDESK_TAOBAO_SESSION are not set.\n")
                      : _("Credentials:  missing — no keyring keeps it and SHOPDESK_SHOPIFY_TOKEN is not set.\n"));
      break;
    }
}

static int
run_connect (const SdCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("taobao|shopify --url URL — connect the shop's store"));
  g_autofree char *url = NULL;
  g_autofree char *app_key = NULL;
  g_autofree char *sign_method = NULL;
  g_autofree char *api_version = NULL;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("Taobao: the TOP router (…/router/rest); Shopify: the shop's address"), "URL" },
    { "app-key", 0, 0, G_OPTION_ARG_STRING, &app_key, N_("Taobao: the app key"), "KEY" },
    { "sign-method", 0, 0, G_OPTION_ARG_STRING, &sign_method, N_("Taobao: md5 (default), hmac or hmac-sha256"),
      "METHOD" },
    { "api-version", 0, 0, G_OPTION_ARG_STRING, &api_version, N_("Shopify: the Admin API version (2024-01)"),
      "VERSION" },
    { NULL }
  };
  g_auto(SdCliPassword) secret = NULL;
  g_auto(SdCliPassword) session_key = NULL;
  g_auto(SdCliPassword) token = NULL;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdStoreStatus) status_out = NULL;
  SdStoreSettings settings = { 0 };
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("store connect needs the platform: taobao or shopify."),
                             &argc, &argv, NULL, &status))
    return status;
  settings.platform = argv[1];
  settings.url = url;
  if (url == NULL)
    return sd_cli_usage (_("store connect needs --url URL."));
  if (g_str_equal (argv[1], "taobao"))
    {
      if (app_key == NULL)
        return sd_cli_usage (_("store connect taobao needs --app-key KEY."));
      if (sign_method != NULL && !sd_top_sign_method_from_string (sign_method, &settings.sign_method))
        return sd_cli_usage (_("Unknown sign method “%s”: use md5, hmac or hmac-sha256."), sign_method);
      settings.app_key = app_key;
    }
  else if (g_str_equal (argv[1], "shopify"))
    {
      if (app_key != NULL || sign_method != NULL)
        return sd_cli_usage (_("--app-key and --sign-method are for Taobao; Shopify needs only an access token."));
      settings.api_version = api_version;
    }
  else
    return sd_cli_usage (_("Unknown store platform “%s”: use taobao or shopify."), argv[1]);

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (g_str_equal (argv[1], "taobao"))
    {
      secret = sd_cli_read_password ("SHOPDESK_TAOBAO_APP_SECRET", _("Taobao app secret: "), NULL, &error);
      if (secret == NULL)
        return sd_cli_fail (error);
      session_key = sd_cli_read_password ("SHOPDESK_TAOBAO_SESSION", _("Taobao session key: "), NULL, &error);
      if (session_key == NULL)
        return sd_cli_fail (error);
      settings.app_secret = secret;
      settings.session_key = session_key;
    }
  else
    {
      token = sd_cli_read_password ("SHOPDESK_SHOPIFY_TOKEN", _("Shopify access token: "), NULL, &error);
      if (token == NULL)
        return sd_cli_fail (error);
      settings.access_token = token;
    }

  status_out = sd_store_connect (session, &settings, NULL, &error);
  if (status_out == NULL)
    return sd_cli_fail (error);
  g_print (_("Connected to %s: seller “%s” (%s).\n"), platform_label (status_out->platform), status_out->seller_nick,
           status_out->seller_id);
  say_secret_source (status_out->secret_source, status_out->platform);
  if (!status_out->full_sync_done)
    g_print (_("Next: shopdesk-cli sync — the first sync brings the orders the store allows.\n"));
  return SD_CLI_OK;
}

static int
run_test (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— ask the store who the credentials belong to"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdStoreStatus) store = NULL;
  g_autoptr(SdStoreSeller) seller = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, NULL, 0, _("store test takes no arguments."), &argc, &argv, &session,
                             &status))
    return status;
  store = sd_store_get_status (session, &error);
  if (store == NULL)
    return sd_cli_fail (error);
  say_secret_source (store->secret_source, store->platform);
  seller = sd_store_test (session, NULL, &error);
  if (seller == NULL)
    return sd_cli_fail (error);
  g_print (_("The store answers: %s seller “%s” (%s).\n"), platform_label (seller->platform), seller->nick,
           seller->seller_id);
  return SD_CLI_OK;
}

static void
print_status (const SdStoreStatus *store)
{
  g_autofree char *connected = sd_cli_format_time (store->connected_at);
  g_autofree char *orders = sd_format_count (store->orders_synced);
  g_autofree char *customers = sd_format_count (store->customers_synced);

  if (g_str_equal (store->platform, "taobao"))
    g_print (_("Store:        Taobao, %s (app key %s, %s signatures)\n"), store->url, store->app_key,
             sd_top_sign_method_to_string (store->sign_method));
  else
    g_print (_("Store:        Shopify, %s (API %s)\n"), store->url, *store->api_version ? store->api_version : "2024-01");
  g_print (_("Seller:       %s (%s), connected %s\n"), store->seller_nick, store->seller_id, connected);
  say_secret_source (store->secret_source, store->platform);
  if (store->cursor > 0)
    {
      g_autofree char *cursor = sd_cli_format_time (store->cursor);
      g_print (_("Synced up to: %s\n"), cursor);
    }
  else
    g_print (_("Synced up to: never synced — run shopdesk-cli sync\n"));
  if (store->last_sync_at > 0)
    {
      g_autofree char *last = sd_cli_format_time (store->last_sync_at);
      if (*store->last_error)
        g_print (_("Last sync:    %s, failed: %s\n"), last, store->last_error);
      else
        g_print (_("Last sync:    %s, succeeded\n"), last);
    }
  if (store->needs_authorization)
    g_print (_("Action:       authorise again: shopdesk-cli store connect %s …\n"), store->platform);
  g_print (_("In all:       %s orders and %s customers written by syncs\n"), orders, customers);
  if (store->interval_minutes > 0)
    {
      g_autofree char *next = sd_cli_format_time (store->next_sync_at);
      g_print (_("Periodic:     every %u minutes while ShopDesk runs; next %s\n"), store->interval_minutes, next);
    }
  else
    g_print (_("Periodic:     off (shopdesk-cli store interval MINUTES)\n"));
}

static int
run_status (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the store connection and how its sync stands"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdStoreStatus) store = NULL;
  GError *error = NULL;
  gboolean json = FALSE;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("store status takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  store = sd_store_get_status (session, &error);
  if (store == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      g_autofree char *text = sd_store_status_to_json (store);
      g_print ("%s\n", text);
    }
  else
    print_status (store);
  return SD_CLI_OK;
}

static int
run_disconnect (const SdCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— forget the store connection and its credentials"));
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, NULL, 0, _("store disconnect takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  if (!sd_store_disconnect (session, &error))
    return sd_cli_fail (error);
  g_print (_("The store is disconnected and its credentials forgotten; the synced orders stay.\n"));
  return SD_CLI_OK;
}

static int
run_interval (const SdCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("MINUTES — sync periodically while ShopDesk runs (0: off)"));
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  guint64 minutes;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("store interval needs the minutes between syncs (0: off)."),
                             &argc, &argv, NULL, &status))
    return status;
  if (!g_ascii_string_to_unsigned (argv[1], 10, 0, 24 * 60, &minutes, NULL))
    return sd_cli_usage (_("“%s” is not a number of minutes from 0 to 1440."), argv[1]);
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (!sd_store_set_interval (session, (guint) minutes, &error))
    return sd_cli_fail (error);
  if (minutes == 0)
    g_print (_("Periodic sync is off.\n"));
  else
    g_print (_("ShopDesk syncs every %u minutes while it runs.\n"), (guint) minutes);
  return SD_CLI_OK;
}

int
sd_cli_store (const SdCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("store needs a command: connect, test, status, interval or disconnect."));
  if (g_str_equal (argv[1], "connect"))
    return run_connect (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "test"))
    return run_test (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "status"))
    return run_status (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "interval"))
    return run_interval (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "disconnect"))
    return run_disconnect (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown store command “%s”."), argv[1]);
}

/* ---- sync ---- */

typedef struct
{
  SdSession     *session;
  SdSyncOptions  options;
  GCancellable  *cancellable;
  GMainLoop     *loop;
  SdCliProgress *progress;
  SdSyncResult  *result;
  GError        *error;
} SyncRun;

static void
progress_cb (const SdSyncProgress *progress,
             gpointer              user_data)
{
  SyncRun *run = user_data;
  gint64 span = progress->last_until - progress->first_since;
  gint64 done = progress->window_since - progress->first_since;

  if (progress->waiting > 0)
    {
      g_printerr (_("Waiting %.1f s: %s\n"), progress->waiting, progress->wait_reason);
      return;
    }
  sd_cli_progress_update (run->progress, progress->trades, (guint64) MAX (done, 0), (guint64) MAX (span, 1));
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gpointer
sync_thread (gpointer user_data)
{
  SyncRun *run = user_data;

  run->result = sd_sync_run (run->session, &run->options, progress_cb, run, run->cancellable, &run->error);
  /* Through the main context: the loop may not be running yet. */
  g_idle_add (quit_cb, run->loop);
  return NULL;
}

static gboolean
interrupt_cb (gpointer user_data)
{
  SyncRun *run = user_data;

  g_printerr (_("\nStopping after the page being written; what is written stays.\n"));
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
print_result (const SdSyncResult *result)
{
  g_autofree char *inserted = sd_format_count ((gint64) result->orders_inserted);
  g_autofree char *updated = sd_format_count ((gint64) result->orders_updated);
  g_autofree char *unchanged = sd_format_count ((gint64) result->orders_unchanged);
  g_autofree char *created = sd_format_count ((gint64) result->customers_created);
  g_autofree char *changed = sd_format_count ((gint64) result->customers_updated);
  g_autofree char *cursor = sd_cli_format_time (result->cursor_after);
  double rate = result->seconds > 0 ? result->trades / result->seconds : 0;

  g_print (result->full ? _("Full sync done in %.1f s (%.0f trades/s).\n") : _("Sync done in %.1f s (%.0f trades/s).\n"),
           result->seconds, rate);
  g_print (_("Orders:    %s new, %s changed, %s unchanged\n"), inserted, updated, unchanged);
  g_print (_("Customers: %s new, %s changed\n"), created, changed);
  g_print (_("Synced up to %s.\n"), cursor);
}

int
sd_cli_sync (const SdCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— bring the store's new and changed orders"));
  gboolean full = FALSE;
  int settle = -1;
  GOptionEntry entries[] = {
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Sync everything the store allows again (Taobao: 90 days)"), NULL },
    { "settle", 0, 0, G_OPTION_ARG_INT, &settle, N_("Leave the newest SECONDS to the next sync (default 60)"),
      "SECONDS" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SdSyncResult) result = NULL;
  g_autoptr(SdCliProgress) progress = NULL;
  GThread *thread;
  gboolean json = FALSE;
  guint sigint, sigterm;
  SyncRun run = { 0 };
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (globals, context, &json, 0, _("sync takes no arguments."), &argc, &argv, &session,
                             &status))
    return status;
  if (settle < -1 || settle > 3600)
    return sd_cli_usage (_("--settle takes seconds from 0 to 3600."));

  progress = sd_cli_progress_new (_("trades"), !json);
  run.session = session;
  run.options.full = full;
  run.options.settle_seconds = settle;
  run.cancellable = cancellable;
  run.loop = loop;
  run.progress = progress;
  /* Ctrl+C stops at a page boundary; a kill is safe too, only slower to resume. */
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &run);
  thread = g_thread_new ("sync", sync_thread, &run);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  result = run.result;
  if (result == NULL)
    return sd_cli_fail (run.error);
  if (json)
    {
      g_autofree char *text = sd_sync_result_to_json (result);
      g_print ("%s\n", text);
    }
  else
    print_result (result);
  return SD_CLI_OK;
}
