/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sd-cli.h"
#include "sd-condition.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-values.h"

/* Exit 3 for what a script fixes with another login or another role, 1 for the rest. */
static gboolean
is_denial (const GError *error)
{
  if (error == NULL || error->domain != SD_ERROR)
    return FALSE;
  switch (error->code)
    {
    case SD_ERROR_AUTH_FAILED:
    case SD_ERROR_ACCOUNT_LOCKED:
    case SD_ERROR_ACCOUNT_DISABLED:
    case SD_ERROR_PASSWORD_CHANGE_REQUIRED:
    case SD_ERROR_PERMISSION_DENIED:
      return TRUE;
    default:
      return FALSE;
    }
}

int
sd_cli_fail (GError *error)
{
  int status = is_denial (error) ? SD_CLI_DENIED : SD_CLI_FAILED;

  g_printerr ("shopdesk-cli: %s\n", error ? error->message : _("failed"));
  if (error)
    g_error_free (error);
  return status;
}

int
sd_cli_usage (const char *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("shopdesk-cli: %s\n%s\n", message, _("Try “shopdesk-cli --help”."));
  return SD_CLI_USAGE;
}

gboolean
sd_cli_parse (GOptionContext   *context,
              int              *argc,
              char           ***argv,
              int              *out_status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *out_status = sd_cli_usage ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_cli_begin_command (const SdCliGlobals *globals,
                      GOptionContext     *context,
                      gboolean           *json,
                      int                 n_args,
                      const char         *usage,
                      int                *argc,
                      char             ***argv,
                      SdSession         **out_session,
                      int                *out_status)
{
  GError *error = NULL;

  if (json != NULL)
    {
      GOptionEntry entries[] = {
        { "json", 0, 0, G_OPTION_ARG_NONE, json, N_("Print JSON"), NULL },
        { NULL }
      };
      /* Added last, so --help lists it after the command's own options. */
      g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
    }
  if (!sd_cli_parse (context, argc, argv, out_status))
    return FALSE;
  /* argv[0] is the command's name. */
  if (n_args != SD_CLI_ANY_ARGS && *argc != 1 + n_args)
    {
      *out_status = sd_cli_usage ("%s", usage);
      return FALSE;
    }
  if (out_session == NULL)
    return TRUE;
  *out_session = sd_cli_open_session (globals, &error);
  if (*out_session == NULL)
    {
      *out_status = sd_cli_fail (error);
      return FALSE;
    }
  return TRUE;
}

char *
sd_cli_shell_quote (const char *text)
{
  gboolean plain = *text != '\0';

  for (const char *p = text; *p && plain; p++)
    plain = g_ascii_isalnum (*p) || strchr ("_-./:@%+,=", *p) != NULL || (guchar) *p >= 0x80;
  return plain ? g_strdup (text) : g_shell_quote (text);
}

char *
sd_cli_shop_path (const SdCliGlobals *globals)
{
  return globals->db_path ? g_strdup (globals->db_path) : sd_db_default_path ();
}

SdSession *
sd_cli_open_session_full (const SdCliGlobals *globals,
                          SdCliSessionFlags   flags,
                          SdCliPassword      *out_password,
                          GError            **error)
{
  g_autofree char *path = sd_cli_shop_path (globals);
  g_autofree char *quoted = sd_cli_shell_quote (path);
  const char *user = globals->user ? globals->user : g_getenv ("SHOPDESK_USER");
  g_autofree char *prompt = NULL;
  g_auto(SdCliPassword) password = NULL;
  g_autoptr(SdDb) db = NULL;
  g_autoptr(SdSession) session = NULL;

  /* Opening would make an empty file: a typo in --db must not leave shops lying about. */
  if (!sd_db_shop_exists (path))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("There is no shop at %s. Create one with “shopdesk-cli --db %s init --shop NAME "
                     "--owner NAME”, or name an existing shop with --db PATH."),
                   path, quoted);
      return NULL;
    }
  db = sd_db_open (path, error);
  if (db == NULL)
    return NULL;
  if (!sd_session_shop_has_accounts (db))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NO_ACCOUNTS,
                   _("The shop at %s has no accounts yet. Its owner claims it with “shopdesk-cli --db %s "
                     "init --owner NAME”, which sets the owner's login name and password."),
                   path, quoted);
      return NULL;
    }
  if (user == NULL || *user == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_AUTH_FAILED,
                           _("Not logged in: pass --user NAME before the command (or set SHOPDESK_USER); "
                             "the password comes from SHOPDESK_PASSWORD or a prompt on the terminal."));
      return NULL;
    }

  /* TRANSLATORS: the prompt for a password; %s is the login name */
  prompt = g_strdup_printf (_("Password for %s: "), user);
  password = sd_cli_read_password ("SHOPDESK_PASSWORD", prompt, NULL, error);
  if (password == NULL)
    return NULL;
  session = sd_session_login (db, user, password, error);
  if (session == NULL)
    return NULL;

  if (!(flags & SD_CLI_SESSION_FOR_PASSWORD_CHANGE) && sd_session_must_change_password (session))
    {
      g_autofree char *quoted_user = sd_cli_shell_quote (user);
      g_set_error (error, SD_ERROR, SD_ERROR_PASSWORD_CHANGE_REQUIRED,
                   _("%s must change its password before anything else: run “shopdesk-cli --db %s --user %s "
                     "passwd” (the new password from SHOPDESK_NEW_PASSWORD or a prompt)."),
                   sd_session_get_full_name (session), quoted, quoted_user);
      return NULL;
    }

  if (out_password != NULL)
    *out_password = g_steal_pointer (&password);
  return g_steal_pointer (&session);
}

SdSession *
sd_cli_open_session (const SdCliGlobals *globals,
                     GError            **error)
{
  return sd_cli_open_session_full (globals, SD_CLI_SESSION_DEFAULT, NULL, error);
}

void
sd_cli_json_add_permissions (JsonBuilder     *builder,
                             const char      *key,
                             SdPermissionSet  set)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (SdPermission p = 0; p < SD_PERMISSION_N; p++)
    if (sd_permission_set_has (set, p))
      json_builder_add_string_value (builder, sd_permission_to_string (p));
  json_builder_end_array (builder);
}

char *
sd_cli_describe_permission (SdPermission permission)
{
  g_autofree char *id = sd_cli_pad (sd_permission_to_string (permission), 22);

  return g_strdup_printf ("%s %s", id, sd_permission_get_label (permission));
}

gboolean
sd_cli_stdout_is_terminal (void)
{
  return isatty (STDOUT_FILENO);
}

void
sd_cli_print_json (JsonBuilder *builder)
{
  g_autofree char *text = sd_json_to_text (builder);

  g_print ("%s\n", text);
}

void
sd_cli_print_json_array (GPtrArray         *items,
                         SdCliJsonItemFunc  add_item)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    add_item (builder, g_ptr_array_index (items, i));
  json_builder_end_array (builder);
  sd_cli_print_json (builder);
}

char *
sd_cli_format_time (gint64 utc)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == 0)
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_utc (utc);
  local = g_date_time_to_local (dt);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* The count goes in where FORMAT says %s, by hand: FORMAT comes from the translations, and
 * a printf of it could not be checked at build time. */
char *
sd_cli_format_counted (gint64      count,
                       const char *format)
{
  g_autofree char *n = sd_format_count (count);
  const char *at = strstr (format, "%s");

  g_return_val_if_fail (at != NULL, g_strdup (format));
  return g_strdup_printf ("%.*s%s%s", (int) (at - format), format, n, at + 2);
}

struct _SdCliProgress
{
  char    *what;
  gboolean enabled;
  gint64   started;
  gint64   last_draw;
  gboolean drawn;
};

SdCliProgress *
sd_cli_progress_new (const char *what,
                     gboolean    enabled)
{
  SdCliProgress *progress = g_new0 (SdCliProgress, 1);

  progress->what = g_strdup (what);
  /* Into a pipe or a file, only the result: a script reads it. */
  progress->enabled = enabled && isatty (STDERR_FILENO) && isatty (STDOUT_FILENO);
  progress->started = g_get_monotonic_time ();
  return progress;
}

void
sd_cli_progress_update (SdCliProgress *progress,
                        guint64        rows,
                        guint64        done,
                        guint64        total)
{
  gint64 now = g_get_monotonic_time ();
  double seconds = (now - progress->started) / (double) G_USEC_PER_SEC;
  g_autofree char *count = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *left = NULL;

  if (!progress->enabled || (now - progress->last_draw < G_USEC_PER_SEC / 10 && done < total))
    return;
  progress->last_draw = now;
  progress->drawn = TRUE;

  count = sd_format_count ((gint64) rows);
  rate = sd_format_count (seconds > 0.05 ? (gint64) (rows / seconds) : 0);
  if (done > 0 && total > done && seconds > 0.2)
    left = g_strdup_printf (_("%.0f s left"), seconds * (double) (total - done) / (double) done);
  else
    left = g_strdup ("");
  /* Return to the line's start and clear it: terminal codes, not words to translate. */
  fputs ("\r\033[K", stderr);
  fprintf (stderr, _("%s %s rows · %s rows/s · %d%% %s"), progress->what, count, rate,
           total ? (int) (100 * done / total) : 0, left);
  fflush (stderr);
}

void
sd_cli_progress_free (SdCliProgress *progress)
{
  if (progress == NULL)
    return;
  if (progress->drawn)
    fprintf (stderr, "\r\033[K");
  g_free (progress->what);
  g_free (progress);
}

/* Pads to a width in terminal columns, where a CJK character takes two. */
char *
sd_cli_pad (const char *text,
            guint       columns)
{
  GString *out = g_string_new (NULL);
  guint used = 0;

  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w = g_unichar_iswide (c) ? 2 : g_unichar_iszerowidth (c) ? 0 : 1;
      if (used + w > columns)
        break;
      g_string_append_unichar (out, c);
      used += w;
    }
  while (used++ < columns)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

gboolean
sd_cli_parse_id (const char *text,
                 gint64     *out_id)
{
  char *end = NULL;
  gint64 id = g_ascii_strtoll (text, &end, 10);

  if (end == text || *end != '\0' || id <= 0)
    return FALSE;
  *out_id = id;
  return TRUE;
}

/* The usage error for a --where EXPRESSION that does not parse: the expression, and under
 * it a caret at the column the parser names (counted in terminal columns, a CJK character
 * taking two), followed by the parser's message. */
static int
usage_bad_where (const char   *expression,
                 guint         column,
                 const GError *error)
{
  g_autofree char *valid = g_utf8_make_valid (expression, -1);
  g_autoptr(GString) line = g_string_new ("  ");
  g_autoptr(GString) caret = g_string_new ("  ");
  guint n = 1;

  if (column == 0)
    return sd_cli_usage ("%s", error->message);
  for (const char *p = valid; *p; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);
      guint width;

      /* A tab or a line break would move the caret off its column: shown as a space. */
      if (g_unichar_iscntrl (c))
        c = ' ';
      width = g_unichar_iswide (c) ? 2 : g_unichar_iszerowidth (c) ? 0 : 1;
      g_string_append_unichar (line, c);
      if (n < column)
        for (guint i = 0; i < width; i++)
          g_string_append_c (caret, ' ');
    }
  /* Past the end (the expression stops too soon): the caret follows the last character. */
  for (; n < column; n++)
    g_string_append_c (caret, ' ');
  /* TRANSLATORS: the first line of an error; the expression and a caret under the error follow */
  return sd_cli_usage ("%s\n%s\n%s^ %s", _("The --where condition does not parse:"), line->str, caret->str,
                       error->message);
}

/* Parses EXPRESSION as --where gives it: its canonical text, or NULL with the usage error
 * (the caret under the column) in *OUT_STATUS. */
char *
sd_cli_check_where (const char *expression,
                    int        *out_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCondition) condition = NULL;
  guint column = 0;

  condition = sd_condition_parse_full (expression, &column, &error);
  if (condition == NULL)
    {
      *out_status = usage_bad_where (expression, column, error);
      return NULL;
    }
  return sd_condition_to_string (condition);
}

