/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <stdio.h>
#include <unistd.h>

#include "sd-cli.h"
#include "sd-values.h"

int
sd_cli_fail (GError *error)
{
  g_printerr ("shopdesk-cli: %s\n", error ? error->message : _("failed"));
  if (error)
    g_error_free (error);
  return SD_CLI_FAILED;
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

SdSession *
sd_cli_open_session (const SdCliGlobals *globals,
                     GError            **error)
{
  g_autofree char *path = globals->db_path ? g_strdup (globals->db_path) : sd_db_default_path ();
  g_autoptr(SdDb) db = sd_db_open (path, error);

  if (db == NULL)
    return NULL;
  return sd_session_new_owner (db, error);
}

gboolean
sd_cli_stdout_is_terminal (void)
{
  return isatty (STDOUT_FILENO);
}

void
sd_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
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
