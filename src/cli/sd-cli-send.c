/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <glib-unix.h>

#include "sd-campaign-send.h"
#include "sd-cli.h"
#include "sd-error.h"
#include "sd-optouts.h"
#include "sd-sms-gateway-settings.h"
#include "sd-values.h"

/* campaign test|send|pause|resume|poll and optouts: sending a confirmed campaign
 * (sd-campaign-send.h) and the opt-out list (sd-optouts.h). */

static gboolean
parse_campaign_id (const char *text,
                   gint64     *out_id,
                   int        *out_status)
{
  if (sd_cli_parse_id (text, out_id))
    return TRUE;
  *out_status = sd_cli_usage (_("“%s” is not a campaign id: give the number “campaign list” shows."), text);
  return FALSE;
}

/* Prints {NAMES[i]: VALUES[i], …}; a name starting with "waiting" is a boolean. */
static void
print_json_counts (const char * const *names,
                   const gint64       *values,
                   guint               n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_set_member_name (builder, names[i]);
      if (g_str_has_prefix (names[i], "waiting"))
        json_builder_add_boolean_value (builder, values[i] != 0);
      else
        json_builder_add_int_value (builder, values[i]);
    }
  json_builder_end_object (builder);
  sd_cli_print_json (builder);
}

static void
print_progress (const SdCampaignProgress *p)
{
  g_autofree char *accepted = sd_format_count (p->accepted + p->delivered);
  g_autofree char *queued = sd_format_count (p->queued);
  g_autofree char *failed = sd_format_count (p->failed);
  g_autofree char *withdrawn = sd_format_count (p->withdrawn);
  g_autofree char *delivered = sd_format_count (p->delivered);

  g_print (_("Sent: %s, delivered: %s, failed: %s, withdrawn: %s, still queued: %s.\n"), accepted, delivered,
           failed, withdrawn, queued);
}

/* ---- send ---- */

typedef struct
{
  SdSession     *session;
  SdSmsGateway  *gateway;
  gint64         id;
  gboolean       stop_at_window;
  gboolean       json;
  GCancellable  *cancellable;
  GMainLoop     *loop;
  gint64         last_opening;
  gboolean       ok;
  GError        *error;
} SendRun;

static void
send_progress_cb (const SdCampaignProgress *p,
                  gpointer                  user_data)
{
  SendRun *run = user_data;

  if (run->json)
    return;
  if (p->waiting_for_window && p->next_opening != run->last_opening)
    {
      g_autofree char *when = sd_cli_format_time (p->next_opening);

      g_printerr (_("Outside sending hours: waiting until %s.\n"), when);
      run->last_opening = p->next_opening;
      return;
    }
  if (sd_cli_stdout_is_terminal ())
    {
      g_autofree char *sent = sd_format_count (p->accepted + p->delivered + p->failed);
      g_autofree char *queued = sd_format_count (p->queued);

      g_printerr (_("\rSent %s, queued %s…"), sent, queued);
    }
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gpointer
send_thread (gpointer user_data)
{
  SendRun *run = user_data;

  run->ok = sd_campaign_send_run (run->session, run->id, run->gateway,
                                  SD_CAMPAIGN_SEND_RESUME_PAUSED |
                                    (run->stop_at_window ? SD_CAMPAIGN_SEND_STOP_AT_WINDOW : 0),
                                  send_progress_cb, run,
                                  run->cancellable, &run->error);
  g_idle_add (quit_cb, run->loop);
  return NULL;
}

static gboolean
interrupt_cb (gpointer user_data)
{
  SendRun *run = user_data;

  g_printerr (_("\nStopping after the batch under way; “campaign send” goes on from there.\n"));
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static int
print_send_outcome (SdSession *session,
                    gint64     id,
                    gboolean   json)
{
  SdCampaignProgress p;
  GError *error = NULL;

  if (!sd_campaign_get_progress (session, id, &p, &error))
    return sd_cli_fail (error);
  if (json)
    {
      const char *names[] = { "queued", "submitting", "accepted", "delivered", "failed", "withdrawn", "parts",
                              "waiting_for_window", "next_opening" };
      const gint64 values[] = { p.queued, p.submitting, p.accepted, p.delivered, p.failed, p.withdrawn, p.parts,
                                p.waiting_for_window, p.next_opening };

      print_json_counts (names, values, G_N_ELEMENTS (names));
    }
  else
    {
      if (sd_cli_stdout_is_terminal ())
        g_printerr ("\n");
      print_progress (&p);
    }
  return SD_CLI_OK;
}

static int
run_send (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — send a confirmed campaign"));
  gboolean stop_at_window = FALSE;
  GOptionEntry entries[] = {
    { "stop-at-window", 0, 0, G_OPTION_ARG_NONE, &stop_at_window,
      N_("Outside sending hours, stop instead of waiting for the next opening"), NULL },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSmsGateway) gateway = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  SendRun run = { 0 };
  GThread *thread;
  guint sigint, sigterm;
  gboolean json = FALSE;
  int status = SD_CLI_OK;
  gint64 id;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (globals, context, &json, 1, _("campaign send needs the campaign's id."), &argc, &argv,
                             NULL, &status) ||
      !parse_campaign_id (argv[1], &id, &status))
    return status;
  session = sd_cli_open_session (globals, &run.error);
  if (session == NULL || (gateway = sd_sms_open_gateway (session, &run.error)) == NULL)
    return sd_cli_fail (run.error);
  run.session = session;
  run.gateway = gateway;
  run.id = id;
  run.stop_at_window = stop_at_window;
  run.json = json;
  run.cancellable = cancellable;
  run.loop = loop;
  /* Ctrl+C stops between batches; a kill is safe too: the next send asks the gateway
   * about the batch that was under way before sending anything. */
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &run);
  thread = g_thread_new ("send", send_thread, &run);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (!run.ok)
    return sd_cli_fail (run.error);
  return print_send_outcome (session, id, json);
}

static int
run_pause_or_resume (const SdCliGlobals *globals,
                     int                 argc,
                     char              **argv,
                     gboolean            pause)
{
  g_autoptr(GOptionContext) context = g_option_context_new (pause ? _("ID — pause a sending campaign")
                                                                  : _("ID — resume a paused campaign"));
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;
  gint64 id;

  if (!sd_cli_begin_command (NULL, context, NULL, 1, pause ? _("campaign pause needs the campaign's id.")
                                                           : _("campaign resume needs the campaign's id."),
                             &argc, &argv, NULL, &status) ||
      !parse_campaign_id (argv[1], &id, &status))
    return status;
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (pause ? !sd_campaign_pause (session, id, &error) : !sd_campaign_resume (session, id, &error))
    return sd_cli_fail (error);
  if (pause)
    g_print (_("Campaign %lld is paused: nothing more is sent until “campaign resume %lld”.\n"), (long long) id,
             (long long) id);
  else
    g_print (_("Campaign %lld is resumed: “campaign send %lld” sends the rest.\n"), (long long) id, (long long) id);
  return SD_CLI_OK;
}

static int
run_test (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID [NUMBER] — send the campaign's message once to a test number"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSmsGateway) gateway = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;
  gint64 id;

  if (!sd_cli_begin_command (NULL, context, NULL, SD_CLI_ANY_ARGS, NULL, &argc, &argv, NULL, &status))
    return status;
  if (argc < 2 || argc > 3)
    return sd_cli_usage (_("campaign test needs the campaign's id, and a number unless the SMS settings have a test phone."));
  if (!parse_campaign_id (argv[1], &id, &status))
    return status;
  session = sd_cli_open_session (globals, &error);
  if (session == NULL || (gateway = sd_sms_open_gateway (session, &error)) == NULL)
    return sd_cli_fail (error);
  if (!sd_campaign_send_test (session, id, gateway, argc > 2 ? argv[2] : NULL, NULL, &error))
    return sd_cli_fail (error);
  g_print (_("The gateway accepted the test message.\n"));
  return SD_CLI_OK;
}

static int
run_poll (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — read the delivery reports of a campaign's messages"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSmsGateway) gateway = NULL;
  GError *error = NULL;
  gboolean json = FALSE;
  int status = SD_CLI_OK;
  gint64 id;

  if (!sd_cli_begin_command (NULL, context, &json, 1, _("campaign poll needs the campaign's id."), &argc, &argv,
                             NULL, &status) ||
      !parse_campaign_id (argv[1], &id, &status))
    return status;
  session = sd_cli_open_session (globals, &error);
  if (session == NULL || (gateway = sd_sms_open_gateway (session, &error)) == NULL)
    return sd_cli_fail (error);
  if (!sd_campaign_poll_deliveries (session, id, gateway, NULL, &error))
    return sd_cli_fail (error);
  return print_send_outcome (session, id, json);
}

int
sd_cli_campaign_send (const SdCliGlobals *globals,
                      int                 argc,
                      char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("campaign needs a command."));
  if (g_str_equal (argv[1], "send"))
    return run_send (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "pause"))
    return run_pause_or_resume (globals, argc - 1, argv + 1, TRUE);
  if (g_str_equal (argv[1], "resume"))
    return run_pause_or_resume (globals, argc - 1, argv + 1, FALSE);
  if (g_str_equal (argv[1], "test"))
    return run_test (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "poll"))
    return run_poll (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown campaign command “%s”."), argv[1]);
}

/* ---- optouts ---- */

static int
run_optouts_add (const SdCliGlobals *globals,
                 int                 argc,
                 char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NUMBER — opt a number out of marketing SMS"));
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  gint64 withdrawn = 0;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, NULL, 1, _("optouts add needs the number."), &argc, &argv, &session,
                             &status))
    return status;
  if (!sd_optouts_add (session, argv[1], "manual", &withdrawn, &error))
    return sd_cli_fail (error);
  {
    g_autofree char *n = SD_CLI_FORMAT_COUNTED (withdrawn, "%s queued message withdrawn", "%s queued messages withdrawn");

    /* TRANSLATORS: "Opted out; 2 queued messages withdrawn." */
    g_print (_("Opted out; %s.\n"), n);
  }
  return SD_CLI_OK;
}

/* One count a line, each in its plural: "1,204 rows read". */
static void
print_import_result (const SdOptoutImportResult *result)
{
  char *lines[] = {
    SD_CLI_FORMAT_COUNTED (result->rows, "%s row read", "%s rows read"),
    SD_CLI_FORMAT_COUNTED (result->added, "%s number opted out", "%s numbers opted out"),
    SD_CLI_FORMAT_COUNTED (result->already, "%s number was opted out already", "%s numbers were opted out already"),
    SD_CLI_FORMAT_COUNTED (result->skipped, "%s reply was not an opt-out", "%s replies were not an opt-out"),
    SD_CLI_FORMAT_COUNTED (result->withdrawn, "%s queued message withdrawn", "%s queued messages withdrawn"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_print ("%s\n", lines[i]);
      g_free (lines[i]);
    }
}

static int
run_optouts_import (const SdCliGlobals *globals,
                    int                 argc,
                    char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (
      _("FILE — opt numbers out: replies (a phone and a reply column; R, T, TD opt out) or a list of numbers"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GFile) file = NULL;
  SdOptoutImportResult result;
  GError *error = NULL;
  gboolean json = FALSE;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 1, _("optouts import needs the file."), &argc, &argv, &session,
                             &status))
    return status;
  file = g_file_new_for_commandline_arg (argv[1]);
  if (!sd_optouts_import_file (session, file, &result, NULL, &error))
    return sd_cli_fail (error);
  if (json)
    {
      const char *names[] = { "rows", "added", "already", "skipped", "withdrawn" };
      const gint64 values[] = { result.rows, result.added, result.already, result.skipped, result.withdrawn };

      print_json_counts (names, values, G_N_ELEMENTS (names));
      return SD_CLI_OK;
    }
  print_import_result (&result);
  return SD_CLI_OK;
}

int
sd_cli_optouts (const SdCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("optouts needs a command: add or import."));
  if (g_str_equal (argv[1], "add"))
    return run_optouts_add (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "import"))
    return run_optouts_import (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown optouts command “%s”."), argv[1]);
}
