/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-i18n.h"

#include "sd-cli.h"
#include "sd-values.h"
#include "sd-team.h"

typedef struct
{
  SdCliProgress *line;
  char          *table;
} MoveProgress;

static void
move_progress_cb (const char *table,
                  gint64      rows_done,
                  gint64      rows_total,
                  gpointer    user_data)
{
  MoveProgress *progress = user_data;

  /* One line a table: a new line when the table changes. */
  if (g_strcmp0 (progress->table, table) != 0)
    {
      g_autofree char *what = g_strdup_printf (_("Copying %s…"), table);
      g_clear_pointer (&progress->line, sd_cli_progress_free);
      g_free (progress->table);
      progress->table = g_strdup (table);
      progress->line = sd_cli_progress_new (what, TRUE);
    }
  sd_cli_progress_update (progress->line, (guint64) rows_done, (guint64) rows_done, (guint64) rows_total);
}

static void
add_check_json (JsonBuilder   *builder,
                gconstpointer  item)
{
  const SdTeamTableCheck *check = item;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "table");
  json_builder_add_string_value (builder, check->table);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, check->rows_file);
  json_builder_set_member_name (builder, "rows_copied");
  json_builder_add_int_value (builder, check->rows_team);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, check->checksum_file);
  json_builder_set_member_name (builder, "sha256_copied");
  json_builder_add_string_value (builder, check->checksum_team);
  json_builder_end_object (builder);
}

static void
print_checks (GPtrArray  *checks,
              const char *url)
{
  g_autofree char *shown = sd_team_url_for_display (url);
  g_autofree char *table_heading = sd_cli_pad (_("Table"), 24);
  g_autofree char *rows_heading = sd_cli_pad (_("Rows"), 12);
  gint64 rows = 0;

  g_print ("%s  %s  %s\n", table_heading, rows_heading, _("SHA-256 (both sides)"));
  for (guint i = 0; i < checks->len; i++)
    {
      const SdTeamTableCheck *check = checks->pdata[i];
      g_autofree char *table = sd_cli_pad (check->table, 24);
      g_autofree char *n = sd_format_count (check->rows_file);
      g_autofree char *count = sd_cli_pad (n, 12);
      g_print ("%s  %s  %.16s…\n", table, count, check->checksum_file);
      rows += check->rows_file;
    }
  {
    g_autofree char *n = sd_format_count (rows);
    g_print (_("Moved the shop to %s: %u tables, %s rows, each table's count and checksum the same on both sides.\n"),
             shown, checks->len, n);
    g_print (_("Open it with: shopdesk-cli --db %s --user NAME COMMAND\n"), shown);
  }
}

int
sd_cli_migrate (const SdCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("--to URL — move the shop into a team database"));
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The empty PostgreSQL database to move the shop to"),
      "postgresql://…" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  MoveProgress progress = { NULL, NULL };
  gboolean json = FALSE;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, 0, _("migrate takes no arguments besides --to URL."),
                             &argc, &argv, NULL, &status))
    return status;
  if (to == NULL)
    return sd_cli_usage (_("migrate needs the team database to move the shop to: --to postgresql://…"));
  if (!sd_db_is_team_url (to))
    return sd_cli_usage (_("--to takes a PostgreSQL database's address, postgresql://USER@HOST/DATABASE; “%s” is not one."),
                         to);

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  checks = sd_team_move_shop (session, to, json ? NULL : move_progress_cb, &progress, NULL, &error);
  g_clear_pointer (&progress.line, sd_cli_progress_free);
  g_free (progress.table);
  if (checks == NULL)
    return sd_cli_fail (error);
  if (json)
    sd_cli_print_json_array (checks, add_check_json);
  else
    print_checks (checks, to);
  return SD_CLI_OK;
}
