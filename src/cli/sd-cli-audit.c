/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <gio/gunixoutputstream.h>
#include <stdio.h>
#include <unistd.h>

#include "sd-audit.h"
#include "sd-cli.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-values.h"

#define DEFAULT_LIMIT 100

/* A time as people type it, in local time: YYYY-MM-DD (its start), YYYY-MM-DD HH:MM[:SS],
 * or a UNIX time in seconds. */
static gboolean
parse_local_time (const char *text,
                  gint64     *out_utc)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) dt = NULL;
  int year, month, day, hour = 0, minute = 0, second = 0, consumed = 0;
  gboolean digits = *text != '\0';

  for (const char *p = text; *p; p++)
    digits = digits && g_ascii_isdigit (*p);
  if (digits)
    {
      char *end = NULL;
      guint64 value = g_ascii_strtoull (text, &end, 10);
      if (*end != '\0' || value > G_MAXINT64 / 2)
        return FALSE;
      *out_utc = (gint64) value;
      return TRUE;
    }

  if (sscanf (text, "%4d-%2d-%2d%n", &year, &month, &day, &consumed) != 3 || consumed != 10)
    return FALSE;
  if (text[consumed] != '\0')
    {
      const char *rest = text + consumed;
      int more = 0;
      if (*rest != ' ' && *rest != 'T')
        return FALSE;
      rest++;
      if (sscanf (rest, "%2d:%2d%n", &hour, &minute, &more) != 2 || more != 5)
        return FALSE;
      rest += more;
      if (*rest == ':')
        {
          if (sscanf (rest, ":%2d%n", &second, &more) != 1 || more != 3)
            return FALSE;
          rest += more;
        }
      if (*rest != '\0')
        return FALSE;
    }
  zone = g_time_zone_new_local ();
  dt = g_date_time_new (zone, year, month, day, hour, minute, second);
  if (dt == NULL)
    return FALSE;
  *out_utc = g_date_time_to_unix (dt);
  return TRUE;
}

static gboolean
action_is_known (const char *action)
{
  const char * const *actions = sd_audit_list_actions ();

  for (guint i = 0; actions[i] != NULL; i++)
    {
      if (g_str_equal (actions[i], action))
        return TRUE;
      /* A prefix ending in a dot: "login." for every login action. */
      if (g_str_has_suffix (action, ".") && g_str_has_prefix (actions[i], action))
        return TRUE;
    }
  return FALSE;
}

static char *
list_actions (void)
{
  const char * const *actions = sd_audit_list_actions ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; actions[i] != NULL; i++)
    g_strv_builder_add (builder, actions[i]);
  strv = g_strv_builder_end (builder);
  return g_strjoinv (", ", strv);
}

/* The options that choose entries, shared by list and export. */
typedef struct
{
  char   *since;
  char   *until;
  char   *user;
  char   *action;
  gint64  limit;
  SdAuditFilter filter;
} FilterOptions;

static void
filter_options_clear (FilterOptions *o)
{
  g_clear_pointer (&o->since, g_free);
  g_clear_pointer (&o->until, g_free);
  g_clear_pointer (&o->user, g_free);
  g_clear_pointer (&o->action, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FilterOptions, filter_options_clear)

static void
add_filter_entries (GOptionContext *context,
                    FilterOptions  *o,
                    gboolean        with_limit)
{
  GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &o->since, N_("Entries at or after T (local time)"), "T" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &o->until, N_("Entries before T"), "T" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &o->user, N_("Only what this account did (login or full name)"), "NAME" },
    { "action", 0, 0, G_OPTION_ARG_STRING, &o->action,
      N_("Only this action, or every action starting so when it ends in a dot (login.)"), "ACTION" },
    { "limit", 0, 0, G_OPTION_ARG_INT64, &o->limit, N_("At most N entries, newest first (default 100; 0: all)"), "N" },
    { NULL }
  };

  if (!with_limit)
    entries[4] = (GOptionEntry) { NULL };
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _("T is YYYY-MM-DD, YYYY-MM-DD HH:MM (local time) or a UNIX time "
                                               "in seconds."));
}

/* The start of list and export, which take no arguments: their options parsed, then the
 * filter's checked, all before the session so that a typo does not ask for the password. */
static gboolean
parse_filter_command (GOptionContext   *context,
                      FilterOptions    *o,
                      gboolean         *json,
                      const char       *usage,
                      int              *argc,
                      char           ***argv,
                      int              *out_status)
{
  if (!sd_cli_begin_command (NULL, context, json, 0, usage, argc, argv, NULL, out_status))
    return FALSE;
  if (o->since && !parse_local_time (o->since, &o->filter.since))
    {
      *out_status = sd_cli_usage (_("--since takes YYYY-MM-DD, YYYY-MM-DD HH:MM or a UNIX time, not “%s”."), o->since);
      return FALSE;
    }
  if (o->until && !parse_local_time (o->until, &o->filter.until))
    {
      *out_status = sd_cli_usage (_("--until takes YYYY-MM-DD, YYYY-MM-DD HH:MM or a UNIX time, not “%s”."), o->until);
      return FALSE;
    }
  if (o->action && !action_is_known (o->action))
    {
      g_autofree char *all = list_actions ();
      *out_status = sd_cli_usage (_("Unknown action “%s”. The actions are: %s."), o->action, all);
      return FALSE;
    }
  if (o->limit < 0 || o->limit > G_MAXUINT)
    {
      *out_status = sd_cli_usage (_("--limit takes a number of entries, 0 for all."));
      return FALSE;
    }
  o->filter.staff_name = o->user;
  o->filter.action = o->action;
  o->filter.limit = (guint) o->limit;
  return TRUE;
}

static char *
format_time_seconds (gint64 utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (utc);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

static void
build_entry (JsonBuilder   *b,
             gconstpointer  entry)
{
  const SdAuditEntry *e = entry;

  json_builder_begin_object (b);
  sd_json_add_int (b, "id", e->id);
  sd_json_add_iso_time (b, "at", e->at);
  sd_json_add_int (b, "staff_id", e->staff_id);
  sd_json_add_string (b, "staff_name", e->staff_name);
  sd_json_add_string (b, "action", e->action);
  sd_json_add_string (b, "object_kind", e->object_kind);
  sd_json_add_string (b, "object_id", e->object_id);
  sd_json_add_string (b, "detail", e->detail);
  sd_json_add_string (b, "hash", e->hash);
  json_builder_end_object (b);
}

static int
run_list (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— what was done in the shop, newest first"));
  g_auto(FilterOptions) o = { .limit = DEFAULT_LIMIT };
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  add_filter_entries (context, &o, TRUE);
  if (!parse_filter_command (context, &o, &json,
                             _("audit list takes no arguments besides its options."), &argc, &argv,
                             &status))
    return status;

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  rows = sd_audit_list (session, &o.filter, &error);
  if (rows == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      sd_cli_print_json_array (rows, build_entry);
      return SD_CLI_OK;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const SdAuditEntry *e = g_ptr_array_index (rows, i);
      g_autofree char *when = format_time_seconds (e->at);
      g_autofree char *who = sd_cli_pad (e->staff_name, 24);
      g_autofree char *action = sd_cli_pad (e->action, 18);
      g_autofree char *object = NULL;

      if (*e->object_kind && *e->object_id)
        object = g_strdup_printf ("%s #%s", e->object_kind, e->object_id);
      else
        object = g_strdup (e->object_kind);
      g_print ("%6lld  %s  %s %s %s%s%s\n", (long long) e->id, when, who, action, object,
               *object && *e->detail ? "  " : "", e->detail);
    }
  if (rows->len == 0)
    g_printerr (_("No entry matches.\n"));
  return SD_CLI_OK;
}

static int
run_verify (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check that no entry was changed, removed or inserted"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) all = NULL;
  const SdAuditEntry *broken = NULL;
  gint64 entries_count = 0, broken_id = 0;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_set_description (context, _("Each entry holds a hash over the one before it and itself; "
                                               "verify recomputes the chain from the first entry. Exit status 1 "
                                               "when it is broken."));
  if (!sd_cli_begin_command (globals, context, &json, 0, _("audit verify takes no arguments."),
                             &argc, &argv, &session, &status))
    return status;
  if (!sd_audit_verify (session, &entries_count, &broken_id, &error))
    {
      SdAuditFilter filter = { 0 };
      if (error != NULL)
        return sd_cli_fail (error);
      /* The entry's time and action, to find it by. */
      all = sd_audit_list (session, &filter, NULL);
      for (guint i = 0; all && i < all->len && broken == NULL; i++)
        if (((SdAuditEntry *) g_ptr_array_index (all, i))->id == broken_id)
          broken = g_ptr_array_index (all, i);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      sd_json_add_int (b, "entries", entries_count);
      json_builder_set_member_name (b, "intact");
      json_builder_add_boolean_value (b, broken_id == 0);
      json_builder_set_member_name (b, "broken_id");
      if (broken_id != 0)
        json_builder_add_int_value (b, broken_id);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      sd_cli_print_json (b);
    }
  else if (broken_id == 0)
    {
      g_autofree char *n = sd_format_count (entries_count);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s entry, chain intact.\n", "%s entries, chain intact.\n",
                            (gulong) entries_count),
               n);
    }

  if (broken_id != 0)
    {
      if (broken != NULL)
        {
          g_autofree char *when = format_time_seconds (broken->at);
          g_printerr (_("Chain broken at entry #%lld (%s, %s): it, or the entry before it, was changed, "
                        "removed or inserted outside ShopDesk.\n"),
                      (long long) broken_id, when, broken->action);
        }
      else
        g_printerr (_("Chain broken at entry #%lld: it, or the entry before it, was changed, removed or "
                      "inserted outside ShopDesk.\n"),
                    (long long) broken_id);
      return SD_CLI_FAILED;
    }
  return SD_CLI_OK;
}

static int
run_export (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the audit log as CSV, oldest first"));
  g_auto(FilterOptions) o = { .limit = 0 };
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), "FILE" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GOutputStream) out = NULL;
  guint64 count = 0;
  GError *error = NULL;
  int status = SD_CLI_OK;

  add_filter_entries (context, &o, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_filter_command (context, &o, NULL,
                             _("audit export takes no arguments besides its options."), &argc,
                             &argv, &status))
    return status;

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);

  if (output == NULL)
    {
      out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      if (!sd_audit_export_csv (session, &o.filter, out, &count, NULL, &error))
        return sd_cli_fail (error);
      return SD_CLI_OK;
    }

  /* The file appears whole or not at all, as the customer export does it. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (output);
    g_autoptr(GFileOutputStream) stream = NULL;
    gboolean existed = g_file_query_exists (file, NULL);

    stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &error);
    if (stream == NULL)
      return sd_cli_fail (error);
    if (!sd_audit_export_csv (session, &o.filter, G_OUTPUT_STREAM (stream), &count, NULL, &error))
      {
        /* Closing after a cancel leaves a file that was there as it was; one that was not
         * is written in place, and goes. */
        g_autoptr(GCancellable) abandon = g_cancellable_new ();
        g_cancellable_cancel (abandon);
        g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
        if (!existed)
          g_file_delete (file, NULL, NULL);
        return sd_cli_fail (error);
      }
    if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error))
      return sd_cli_fail (error);
  }
  {
    g_autofree char *n = sd_format_count ((gint64) count);
    g_printerr (_("Exported %s audit entries to %s.\n"), n, output);
  }
  return SD_CLI_OK;
}

int
sd_cli_audit (const SdCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("audit needs a command: list, verify or export."));
  if (g_str_equal (argv[1], "list"))
    return run_list (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "verify"))
    return run_verify (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "export"))
    return run_export (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown audit command “%s”."), argv[1]);
}
