/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <glib-unix.h>
#include <signal.h>

#include "sd-chat-connection.h"
#include "sd-chat-desk.h"
#include "sd-cli.h"
#include "sd-error.h"
#include "sd-json.h"

/* chat connect|status|forget|run: the shop's live chat connection (sd-chat-connection.h)
 * and the desk (sd-chat-desk.h) run without a window, storing and routing what buyers
 * write until a time is up or it is told to stop. */

/* ---- chat connect ---- */

/* The token in PATH: its first line, without the spaces around it. */
static char *
read_token_file (const char  *path,
                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  char *newline;

  if (!g_file_get_contents (path, &contents, NULL, &local))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not read the token file: %s"), local->message);
      return NULL;
    }
  newline = strchr (contents, '\n');
  if (newline != NULL)
    *newline = '\0';
  g_strstrip (contents);
  return g_steal_pointer (&contents);
}

static int
run_connect (const SdCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("URL — connect the shop’s live chat"));
  g_autofree char *token_file = NULL;
  GOptionEntry entries[] = {
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file,
      N_("Read the token from FILE (else $SHOPDESK_CHAT_TOKEN, else asked)"), "FILE" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_auto(SdCliPassword) token = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("chat connect needs the chat’s address (ws:// or wss://)."),
                             &argc, &argv, NULL, &status))
    return status;
  if (token_file != NULL)
    token = read_token_file (token_file, &error);
  else
    token = sd_cli_read_password (SD_CHAT_ENV_TOKEN, _("Chat token: "), NULL, &error);
  if (token == NULL)
    return sd_cli_fail (error);
  if (!(session = sd_cli_open_session (globals, &error)))
    return sd_cli_fail (error);
  if (!sd_chat_connection_save (session, argv[1], token, &error))
    {
      if (!g_error_matches (error, SD_ERROR, SD_ERROR_IO))
        return sd_cli_fail (error);
      /* The address is saved; only the keyring is missing. */
      g_printerr ("shopdesk-cli: %s\n", error->message);
      g_clear_error (&error);
    }
  g_print (_("The shop’s live chat is %s.\n"), argv[1]);
  return SD_CLI_OK;
}

/* ---- chat status / forget ---- */

static void
print_status_json (const SdChatConnectionStatus *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  sd_json_add_string (b, "url", s->url);
  json_builder_set_member_name (b, "token_kept");
  json_builder_add_boolean_value (b, s->has_token);
  sd_json_add_int (b, "last_seq", s->last_seq);
  sd_json_add_iso_time (b, "updated_at", s->updated_at);
  sd_json_add_int (b, "waiting", s->waiting);
  sd_json_add_int (b, "open", s->open);
  sd_json_add_int (b, "closed", s->closed);
  json_builder_end_object (b);
  sd_cli_print_json (b);
}

static void
print_status (const SdChatConnectionStatus *s)
{
  g_autofree char *waiting = SD_CLI_FORMAT_COUNTED (s->waiting, "%s waiting", "%s waiting");
  g_autofree char *open = SD_CLI_FORMAT_COUNTED (s->open, "%s open", "%s open");
  g_autofree char *closed = SD_CLI_FORMAT_COUNTED (s->closed, "%s closed", "%s closed");

  if (*s->url == '\0')
    g_print (_("Live chat: not connected (chat connect URL)\n"));
  else
    g_print (_("Live chat: %s\n"), s->url);
  g_print (_("Token:     %s\n"), s->has_token ? _("kept") : _("missing: chat connect again, or set SHOPDESK_CHAT_TOKEN"));
  if (s->last_seq > 0)
    {
      g_autofree char *at = sd_cli_format_time (s->updated_at);
      g_print (_("Last seq:  %lld, stored %s\n"), (long long) s->last_seq, at);
    }
  else
    g_print (_("Last seq:  none stored yet\n"));
  g_print (_("Conversations: %s, %s, %s\n"), waiting, open, closed);
}

static int
run_status (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the live chat connection and its conversations"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdChatConnectionStatus) s = NULL;
  gboolean json = FALSE;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("chat status takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  if (!(s = sd_chat_connection_get_status (session, &error)))
    return sd_cli_fail (error);
  if (json)
    print_status_json (s);
  else
    print_status (s);
  return SD_CLI_OK;
}

static int
run_forget (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— forget the live chat’s address and token"));
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, NULL, 0, _("chat forget takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  if (!sd_chat_connection_forget (session, &error))
    return sd_cli_fail (error);
  g_print (_("The live chat connection is forgotten; its conversations stay.\n"));
  return SD_CLI_OK;
}

/* ---- chat run ---- */

typedef struct
{
  GMainLoop *loop;
  SdChatDesk *desk;
  GError    *error;
  gboolean   started;
  gboolean   start_done;
  guint      opened, messages, assigned, closed, rated;
} DeskRun;

static void
desk_changed_cb (SdChatDesk *desk,
                 gint64      conversation_id,
                 const char *what,
                 gpointer    user_data)
{
  DeskRun *run = user_data;

  if (g_str_equal (what, "opened"))
    run->opened++;
  else if (g_str_equal (what, "message"))
    run->messages++;
  else if (g_str_equal (what, "assigned"))
    run->assigned++;
  else if (g_str_equal (what, "closed"))
    run->closed++;
  else if (g_str_equal (what, "rated"))
    run->rated++;
}

static void
desk_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DeskRun *run = user_data;

  run->started = sd_chat_desk_start_finish (SD_CHAT_DESK (source), result, &run->error);
  run->start_done = TRUE;
  if (!run->started)
    g_main_loop_quit (run->loop);
}

/* The desk stopped by itself (an event it could not store). */
static void
desk_state_cb (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  DeskRun *run = user_data;
  const GError *error = sd_chat_desk_get_error (run->desk);

  if (run->started && sd_chat_desk_get_state (run->desk) == SD_CHAT_CHANNEL_DISCONNECTED && error != NULL)
    {
      g_clear_error (&run->error);
      run->error = g_error_copy (error);
      g_main_loop_quit (run->loop);
    }
}

static gboolean
stop_cb (gpointer user_data)
{
  DeskRun *run = user_data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static void
print_run (const DeskRun *run,
           gboolean       json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sd_json_add_int (b, "opened", run->opened);
      sd_json_add_int (b, "messages", run->messages);
      sd_json_add_int (b, "assigned", run->assigned);
      sd_json_add_int (b, "closed", run->closed);
      sd_json_add_int (b, "rated", run->rated);
      json_builder_end_object (b);
      sd_cli_print_json (b);
      return;
    }
  {
    g_autofree char *opened = SD_CLI_FORMAT_COUNTED (run->opened, "%s chat opened", "%s chats opened");
    g_autofree char *messages = SD_CLI_FORMAT_COUNTED (run->messages, "%s message", "%s messages");
    g_autofree char *assigned = SD_CLI_FORMAT_COUNTED (run->assigned, "%s assigned", "%s assigned");
    g_autofree char *closed = SD_CLI_FORMAT_COUNTED (run->closed, "%s closed", "%s closed");
    g_autofree char *rated = SD_CLI_FORMAT_COUNTED (run->rated, "%s rated", "%s rated");

    g_print (_("Stored: %s, %s, %s, %s, %s.\n"), opened, messages, assigned, closed, rated);
  }
}

static int
run_desk (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— store and route the live chat until stopped"));
  int seconds = 0;
  GOptionEntry entries[] = {
    { "for", 0, 0, G_OPTION_ARG_INT, &seconds, N_("Stop after SECONDS (default: at Ctrl+C or SIGTERM)"), "SECONDS" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdChatChannel) channel = NULL;
  g_autoptr(SdChatDesk) desk = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  DeskRun run = { 0 };
  guint sigint, sigterm, timer = 0;
  gboolean json = FALSE;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, 0, _("chat run takes no arguments."), &argc, &argv, NULL,
                             &status))
    return status;
  if (seconds < 0 || seconds > 7 * 24 * 3600)
    return sd_cli_usage (_("--for takes seconds from 1 to 604,800 (a week)."));
  if (!(session = sd_cli_open_session (globals, &error)) || !(channel = sd_chat_connection_open (session, NULL, &error)))
    return sd_cli_fail (error);

  desk = sd_chat_desk_new (session, channel, SD_CHAT_CONNECTION_CHANNEL);
  run.loop = loop;
  run.desk = desk;
  g_signal_connect (desk, "conversation-changed", G_CALLBACK (desk_changed_cb), &run);
  g_signal_connect (desk, "notify::state", G_CALLBACK (desk_state_cb), &run);
  sigint = g_unix_signal_add (SIGINT, stop_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, stop_cb, &run);
  if (seconds > 0)
    timer = g_timeout_add_seconds (seconds, stop_cb, &run);
  sd_chat_desk_start_async (desk, NULL, desk_started_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (timer != 0)
    g_source_remove (timer);
  g_signal_handlers_disconnect_by_data (desk, &run);
  sd_chat_desk_stop (desk);
  /* What the close cancelled finishes on this context; RUN must outlive it. */
  while (!run.start_done)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (run.error != NULL)
    return sd_cli_fail (run.error);
  print_run (&run, json);
  return SD_CLI_OK;
}

int
sd_cli_chat (const SdCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("chat needs a command: connect, status, forget or run."));
  if (g_str_equal (argv[1], "connect"))
    return run_connect (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "status"))
    return run_status (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "forget"))
    return run_forget (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "run"))
    return run_desk (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown chat command “%s”."), argv[1]);
}
