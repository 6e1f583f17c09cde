/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <gio/gunixoutputstream.h>
#include <stdlib.h>

#include "sd-cli.h"
#include "sd-demo-shop.h"
#include "sd-error.h"
#include "sd-export.h"
#include "sd-import.h"
#include "sd-values.h"

#define MAX_ERRORS_SHOWN 50

static void
import_progress_cb (const SdImportProgress *p,
                    gpointer                user_data)
{
  sd_cli_progress_update (user_data, p->rows, p->bytes_done, p->bytes_total);
}

void
sd_cli_print_import_issues (const char *path,
                            GPtrArray  *issues)
{
  for (guint i = 0; i < issues->len && i < MAX_ERRORS_SHOWN; i++)
    {
      const SdImportIssue *issue = g_ptr_array_index (issues, i);
      if (*issue->column)
        g_printerr (_("%s: row %u, column “%s”: %s\n"), path, issue->row, issue->column, issue->message);
      else
        g_printerr (_("%s: row %u: %s\n"), path, issue->row, issue->message);
    }
  if (issues->len > MAX_ERRORS_SHOWN)
    g_printerr (_("… and %u more rows with errors (use --json to list them all).\n"), issues->len - MAX_ERRORS_SHOWN);
}

static void
print_import_summary (const SdImportResult *result,
                      SdImportKind          kind,
                      const char           *path)
{
  g_autofree char *rows = sd_format_count ((gint64) result->rows);
  g_autofree char *inserted = sd_format_count ((gint64) result->inserted);
  g_autofree char *updated = sd_format_count ((gint64) result->updated);
  g_autofree char *unchanged = sd_format_count ((gint64) result->unchanged);
  g_autofree char *skipped = sd_format_count ((gint64) result->skipped);

  if (result->rolled_back)
    g_print (_("Nothing was imported from %s: %u rows have errors (listed below). Fix them, or run again "
               "with --on-error=skip to import the other rows.\n"),
             path, result->errors->len);
  else
    {
      if (kind == SD_IMPORT_ORDERS)
        g_print (_("Read %s rows of %s (%s): %s new orders, %s updated, %s unchanged, %s skipped.\n"),
                 rows, path, sd_encoding_to_string (result->encoding), inserted, updated, unchanged, skipped);
      else
        g_print (_("Read %s rows of %s (%s): %s new customers, %s updated, %s unchanged, %s skipped.\n"),
                 rows, path, sd_encoding_to_string (result->encoding), inserted, updated, unchanged, skipped);
      if (kind == SD_IMPORT_ORDERS)
        {
          g_autofree char *created = sd_format_count ((gint64) result->customers_created);
          g_print (_("New customers created from the orders: %s.\n"), created);
        }
      if (result->resumed_rows > 0)
        {
          g_autofree char *resumed = sd_format_count ((gint64) result->resumed_rows);
          g_print (_("Resumed an interrupted import: the first %s rows were already in the shop.\n"), resumed);
        }
    }

  sd_cli_print_import_issues (path, result->errors);
}

int
sd_cli_import (const SdCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("customers|orders|chatlog FILE — import a file (chatlog --help: its own options)"));
  g_autofree char *encoding_name = NULL;
  g_autofree char *on_error = NULL;
  g_autofree char *platform = NULL;
  g_auto(GStrv) mappings = NULL;
  gboolean json = FALSE;
  int batch = 0;
  GOptionEntry entries[] = {
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding_name, N_("auto (default), utf-8 or gb18030"), "ENC" },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &mappings, N_("Read a column as a field (repeatable), e.g. 旺旺=nick"), "COLUMN=FIELD" },
    { "on-error", 0, 0, G_OPTION_ARG_STRING, &on_error, N_("abort (default): import nothing if a row is bad; skip: import the other rows"), "abort|skip" },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, N_("Store platform of rows that do not say (default taobao)"), "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { "batch", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &batch, "Rows per transaction", "N" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdImportResult) result = NULL;
  g_autoptr(SdCliProgress) progress = NULL;
  SdImportOptions options = { 0 };
  GError *error = NULL;
  int status = SD_CLI_OK;

  /* A chat log is conversations, not customers: sd-cli-conversations.c reads it. */
  if (argc >= 2 && g_str_equal (argv[1], "chatlog"))
    return sd_cli_import_chatlog (globals, argc - 1, argv + 1);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _("Fields for --map: nick, name, phone, email, gender, birthday, province, city, "
                                               "district, address, full_address, tags, notes, created_at, order_id, amount, "
                                               "status, paid_at, refund_state, item_title, item_quantity, item_price, ignore."));
  if (!sd_cli_begin_command (NULL, context, NULL, 2,
                             _("import needs what to import (customers or orders) and a file."),
                             &argc, &argv, NULL, &status))
    return status;
  if (!sd_import_kind_from_string (argv[1], &options.kind))
    return sd_cli_usage (_("Cannot import “%s”: choose customers, orders or chatlog."), argv[1]);
  if (encoding_name && !sd_encoding_from_string (encoding_name, &options.encoding))
    return sd_cli_usage (_("Unknown encoding “%s”: use auto, utf-8 or gb18030."), encoding_name);
  if (on_error == NULL || g_str_equal (on_error, "abort"))
    options.on_error = SD_IMPORT_ABORT_ON_ERROR;
  else if (g_str_equal (on_error, "skip"))
    options.on_error = SD_IMPORT_SKIP_BAD_ROWS;
  else
    return sd_cli_usage (_("--on-error takes abort or skip, not “%s”."), on_error);
  if (batch < 0)
    return sd_cli_usage (_("--batch takes a positive number."));
  for (guint i = 0; mappings && mappings[i]; i++)
    if (strchr (mappings[i], '=') == NULL)
      return sd_cli_usage (_("“%s” is not a column mapping: write COLUMN=FIELD."), mappings[i]);
  if (!g_file_test (argv[2], G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("shopdesk-cli: “%s” does not exist or is not a file.\n"), argv[2]);
      return SD_CLI_FAILED;
    }
  options.mappings = mappings;
  options.platform = platform;
  options.batch_size = (guint) batch;

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);

  progress = sd_cli_progress_new (_("Importing…"), !json);
  result = sd_import_file (session, argv[2], &options, import_progress_cb, progress, NULL, &error);
  g_clear_pointer (&progress, sd_cli_progress_free);
  if (result == NULL)
    {
      /* Mapping and file errors are the caller's to fix: say where. */
      if (g_error_matches (error, SD_ERROR, SD_ERROR_INVALID_INPUT))
        g_prefix_error (&error, "%s: ", argv[2]);
      return sd_cli_fail (error);
    }

  if (json)
    {
      g_autofree char *text = sd_import_result_to_json (result);
      g_print ("%s\n", text);
    }
  else
    print_import_summary (result, options.kind, argv[2]);
  return result->rolled_back ? SD_CLI_FAILED : SD_CLI_OK;
}

int
sd_cli_export (const SdCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("customers — export customers"));
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *search = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("csv (default) or json"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), "FILE" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only the customers a search finds"), "TEXT" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  SdExportFormat format = SD_EXPORT_CSV;
  guint64 count = 0;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || !g_str_equal (argv[1], "customers"))
    return sd_cli_usage (_("export takes one thing to export: customers."));
  if (format_name && !sd_export_format_from_string (format_name, &format))
    return sd_cli_usage (_("Unknown format “%s”: use csv or json."), format_name);
  query->text = g_steal_pointer (&search);

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);

  if (output != NULL)
    {
      if (!sd_export_customers_to_path (session, query, format, output, &count, NULL, &error))
        return sd_cli_fail (error);
      {
        g_autofree char *n = sd_format_count ((gint64) count);
        g_printerr (_("Exported %s customers to %s.\n"), n, output);
      }
    }
  else
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (1, FALSE);
      if (!sd_export_customers (session, query, format, out, &count, NULL, &error))
        return sd_cli_fail (error);
    }
  return SD_CLI_OK;
}

static void
demo_progress_cb (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  sd_cli_progress_update (user_data, done, done, total);
}

int
sd_cli_demo (const SdCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— fill an empty shop with generated data"));
  gint64 customers = 1000, orders = -1, seed = 1, now = 0;
  g_autofree char *now_text = NULL;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT64, &customers, N_("How many customers (default 1000)"), "N" },
    { "orders", 0, 0, G_OPTION_ARG_INT64, &orders, N_("How many orders (default 4 per customer)"), "M" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("The same seed makes the same shop (default 1)"), "S" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("The day the shop's history ends (default today)"), "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCliProgress) progress = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 0,
                             _("demo takes no arguments besides its options."), &argc, &argv, NULL,
                             &status))
    return status;
  if (orders < 0)
    orders = customers * 4;
  if (customers < 0 || customers > 10000000 || orders > 50000000)
    return sd_cli_usage (_("--customers takes 0 to 10,000,000 and --orders 0 to 50,000,000."));
  if (now_text != NULL)
    {
      g_autofree char *message = NULL;
      if (!sd_parse_time (now_text, &now, &message))
        return sd_cli_usage (_("--now: %s."), message);
    }

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);

  progress = sd_cli_progress_new (_("Generating…"), TRUE);
  if (!sd_demo_shop_fill (session, (guint) customers, (guint) orders, (guint64) seed, now,
                          demo_progress_cb, progress, NULL, &error))
    return sd_cli_fail (error);
  g_clear_pointer (&progress, sd_cli_progress_free);
  {
    g_autofree char *c = sd_format_count (customers);
    g_autofree char *o = sd_format_count (orders);
    g_print (_("The demo shop in %s has %s customers and %s orders.\n"),
             sd_db_get_path (sd_session_get_db (session)), c, o);
  }
  return SD_CLI_OK;
}

int
sd_cli_check (const SdCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— verify the database file"));
  g_autoptr(SdSession) session = NULL;
  g_autofree char *report = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, NULL, SD_CLI_ANY_ARGS, NULL, &argc, &argv, &session,
                             &status))
    return status;
  if (!sd_db_integrity_check (sd_session_get_db (session), &report, &error))
    {
      if (error)
        return sd_cli_fail (error);
      g_printerr (_("shopdesk-cli: the database has problems:\n%s\n"), report);
      return SD_CLI_FAILED;
    }
  g_print (_("The database is consistent.\n"));
  return SD_CLI_OK;
}
