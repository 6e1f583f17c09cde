/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <gio/gunixoutputstream.h>

#include "sd-cli.h"
#include "sd-condition.h"
#include "sd-customers.h"
#include "sd-error.h"
#include "sd-export.h"
#include "sd-json.h"
#include "sd-segments.h"
#include "sd-values.h"

/* segments: saved conditions over the customers (sd-segments.h), written in the --where
 * language of sd-condition.h. What an account may do is the core's to say: a refusal
 * comes back from it with the permission named, and exits 3 through sd_cli_fail(). */

static void
build_segment (JsonBuilder     *b,
               const SdSegment *segment)
{
  json_builder_begin_object (b);
  sd_json_add_int (b, "id", segment->id);
  sd_json_add_string (b, "name", segment->name);
  sd_json_add_string (b, "expression", segment->expression);
  json_builder_set_member_name (b, "count");
  if (segment->count >= 0)
    json_builder_add_int_value (b, segment->count);
  else
    json_builder_add_null_value (b);
  sd_json_add_iso_time (b, "created_at", segment->created_at);
  sd_json_add_iso_time (b, "updated_at", segment->updated_at);
}

/* A segment in the list, its object closed. */
static void
add_segment (JsonBuilder   *b,
             gconstpointer  segment)
{
  build_segment (b, segment);
  json_builder_end_object (b);
}

/* The segment NAME_OR_ID names, as SESSION may read it; NULL with the exit status. */
static SdSegment *
lookup (SdSession  *session,
        const char *name_or_id,
        int        *out_status)
{
  GError *error = NULL;
  SdSegment *segment = sd_segments_lookup (session, name_or_id, &error);

  if (segment == NULL)
    *out_status = sd_cli_fail (error);
  return segment;
}

static int
run_create (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME --where EXPR — save a segment"));
  g_autofree char *where = NULL;
  GOptionEntry entries[] = {
    { "where", 0, 0, G_OPTION_ARG_STRING, &where,
      N_("The condition, e.g. 'total_spent >= 500 and tag = \"老客\"'"), "EXPR" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autofree char *canonical = NULL;
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 1,
                             _("segments create needs the segment's name and --where EXPR."), &argc, &argv,
                             NULL, &status))
    return status;
  if (where == NULL)
    return sd_cli_usage (_("segments create needs --where EXPR: the condition its customers meet."));
  if (!(canonical = sd_cli_check_where (where, &status)))
    return status;

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  id = sd_segments_create (session, argv[1], where, &error);
  if (id == 0)
    return sd_cli_fail (error);
  g_print (_("Created the segment “%s” (#%lld): %s\n"), g_strstrip (argv[1]), (long long) id, canonical);
  return SD_CLI_OK;
}

static int
run_list (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the segments, with how many customers each holds"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("segments list takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  segments = sd_segments_list (session, TRUE, &error);
  if (segments == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      sd_cli_print_json_array (segments, add_segment);
      return SD_CLI_OK;
    }
  for (guint i = 0; i < segments->len; i++)
    {
      const SdSegment *segment = g_ptr_array_index (segments, i);
      g_autofree char *name = sd_cli_pad (segment->name, 20);
      g_autofree char *count = sd_format_count (segment->count);
      g_print ("%4lld  %s %10s  %s\n", (long long) segment->id, name, count, segment->expression);
    }
  if (segments->len == 0)
    g_printerr (_("No segments yet: make one with segments create NAME --where EXPR.\n"));
  return SD_CLI_OK;
}

static int
run_count (const SdCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME | --where EXPR — how many customers"));
  g_autofree char *where = NULL;
  GOptionEntry entries[] = {
    { "where", 0, 0, G_OPTION_ARG_STRING, &where, N_("Count a condition instead of a saved segment"), "EXPR" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autofree char *canonical = NULL;
  GError *error = NULL;
  gint64 n;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, SD_CLI_ANY_ARGS, NULL, &argc, &argv, NULL, &status))
    return status;
  if (!(where != NULL && argc == 1) && !(where == NULL && argc == 2))
    return sd_cli_usage (_("segments count needs a segment's name or --where EXPR (one of them)."));
  if (where != NULL && !(canonical = sd_cli_check_where (where, &status)))
    return status;

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (where != NULL)
    n = sd_segments_count_expression (session, canonical, &error);
  else
    {
      g_autoptr(SdSegment) segment = lookup (session, argv[1], &status);
      if (segment == NULL)
        return status;
      n = sd_segments_count (session, segment->id, &error);
    }
  if (n < 0)
    return sd_cli_fail (error);
  g_print ("%" G_GINT64_FORMAT "\n", n);
  return SD_CLI_OK;
}

static int
run_show (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — a segment and its first customers"));
  gboolean json = FALSE;
  gint64 limit = 20;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, N_("At most N customers (default 20)"), "N" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSegment) segment = NULL;
  g_autoptr(SdCustomerQuery) query = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, 1, _("segments show needs one segment: its name or id."),
                             &argc, &argv, NULL, &status))
    return status;
  if (limit < 1 || limit > 100000)
    return sd_cli_usage (_("--limit takes 1 to 100,000."));

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  segment = lookup (session, argv[1], &status);
  if (segment == NULL)
    return status;
  segment->count = sd_segments_count (session, segment->id, &error);
  if (segment->count < 0)
    return sd_cli_fail (error);
  query = sd_segments_get_query (session, segment->id, &error);
  if (query == NULL)
    return sd_cli_fail (error);
  /* Masked by the core for an account without customers.contact. */
  rows = sd_customers_find (session, query, NULL, (guint) limit, &error);
  if (rows == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      build_segment (b, segment);
      json_builder_set_member_name (b, "customers");
      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        sd_cli_json_add_customer (b, g_ptr_array_index (rows, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }

  {
    g_autofree char *count = sd_format_count (segment->count);
    g_autofree char *created = sd_cli_format_time (segment->created_at);
    g_autofree char *updated = sd_cli_format_time (segment->updated_at);

    g_print (_("Segment #%lld: %s\n"), (long long) segment->id, segment->name);
    g_print (_("  Where:     %s\n"), segment->expression);
    g_print (_("  Customers: %s\n"), count);
    g_print (_("  Created:   %s, changed %s\n"), created, updated);
  }
  if (rows->len > 0)
    g_print ("\n");
  for (guint i = 0; i < rows->len; i++)
    sd_cli_print_customer_row (g_ptr_array_index (rows, i));
  if (segment->count > (gint64) rows->len)
    {
      g_autofree char *more = sd_format_count (segment->count - (gint64) rows->len);
      g_print (_("… and %s more (--limit N shows more; segments export writes them all).\n"), more);
    }
  return SD_CLI_OK;
}

static int
run_export (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — export a segment's customers"));
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("csv (default) or json"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), "FILE" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSegment) segment = NULL;
  SdExportFormat format = SD_EXPORT_CSV;
  guint64 count = 0;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("segments export needs one segment: its name or id."),
                             &argc, &argv, NULL, &status))
    return status;
  if (format_name && !sd_export_format_from_string (format_name, &format))
    return sd_cli_usage (_("Unknown format “%s”: use csv or json."), format_name);

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  segment = lookup (session, argv[1], &status);
  if (segment == NULL)
    return status;

  if (output != NULL)
    {
      if (!sd_segments_export_to_path (session, segment->id, format, output, &count, NULL, &error))
        return sd_cli_fail (error);
      {
        g_autofree char *n = sd_format_count ((gint64) count);
        g_printerr (_("Exported %s customers of the segment “%s” to %s.\n"), n, segment->name, output);
      }
    }
  else
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (1, FALSE);
      if (!sd_segments_export (session, segment->id, format, out, &count, NULL, &error))
        return sd_cli_fail (error);
    }
  return SD_CLI_OK;
}

typedef enum
{
  CHANGE_DELETE,
  CHANGE_RENAME,
} ChangeKind;

static int
run_change (const SdCliGlobals *globals,
            int                 argc,
            char              **argv,
            ChangeKind          kind)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (kind == CHANGE_RENAME ? _("NAME NEW_NAME — rename a segment")
                                                : _("NAME — delete a segment (its customers stay)"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSegment) segment = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, NULL, kind == CHANGE_RENAME ? 2 : 1,
                             kind == CHANGE_RENAME ? _("segments rename needs a segment and its new name.")
                                                   : _("segments delete needs one segment: its name or id."),
                             &argc, &argv, &session, &status))
    return status;
  segment = lookup (session, argv[1], &status);
  if (segment == NULL)
    return status;
  if (kind == CHANGE_RENAME)
    {
      if (!sd_segments_rename (session, segment->id, argv[2], &error))
        return sd_cli_fail (error);
      g_print (_("Renamed the segment “%s” to “%s”.\n"), segment->name, argv[2]);
    }
  else
    {
      if (!sd_segments_delete (session, segment->id, &error))
        return sd_cli_fail (error);
      g_print (_("Deleted the segment “%s”; its customers are as they were.\n"), segment->name);
    }
  return SD_CLI_OK;
}

static int
run_tag (const SdCliGlobals *globals,
         int                 argc,
         char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME TAG — tag every customer in a segment"));
  gboolean remove = FALSE;
  GOptionEntry entries[] = {
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, N_("Remove the tag instead"), NULL },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdSegment) segment = NULL;
  g_autoptr(GArray) changed = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (globals, context, NULL, 2, _("segments tag needs a segment and a tag."), &argc,
                             &argv, &session, &status))
    return status;
  segment = lookup (session, argv[1], &status);
  if (segment == NULL)
    return status;
  changed = sd_segments_tag (session, segment->id, argv[2], !remove, &error);
  if (changed == NULL)
    return sd_cli_fail (error);
  {
    g_autofree char *n = sd_format_count (changed->len);
    if (remove)
      g_print (_("Removed the tag “%s” from %s customers of the segment “%s”.\n"), argv[2], n, segment->name);
    else
      g_print (_("Added the tag “%s” to %s customers of the segment “%s”.\n"), argv[2], n, segment->name);
  }
  return SD_CLI_OK;
}

int
sd_cli_segments (const SdCliGlobals *globals,
                 int                 argc,
                 char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("segments needs a command: create, list, count, show, export, rename, tag or delete."));
  if (g_str_equal (argv[1], "create"))
    return run_create (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return run_list (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "count"))
    return run_count (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return run_show (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "export"))
    return run_export (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "rename"))
    return run_change (globals, argc - 1, argv + 1, CHANGE_RENAME);
  if (g_str_equal (argv[1], "delete"))
    return run_change (globals, argc - 1, argv + 1, CHANGE_DELETE);
  if (g_str_equal (argv[1], "tag"))
    return run_tag (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown segments command “%s”."), argv[1]);
}
