/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include <json-glib/json-glib.h>

#include "sd-session.h"
#include "sd-values.h"

G_BEGIN_DECLS

/* Exit codes, stable for scripts. */
#define SD_CLI_OK 0
#define SD_CLI_FAILED 1
#define SD_CLI_USAGE 2

typedef struct
{
  const char *db_path;     /* NULL: SHOPDESK_DB or the default */
} SdCliGlobals;

int        sd_cli_fail            (GError            *error);
int        sd_cli_usage           (const char        *format,
                                   ...) G_GNUC_PRINTF (1, 2);
gboolean   sd_cli_parse           (GOptionContext    *context,
                                   int               *argc,
                                   char            ***argv,
                                   int               *out_status);
SdSession *sd_cli_open_session    (const SdCliGlobals *globals,
                                   GError           **error);
gboolean   sd_cli_stdout_is_terminal (void);
void       sd_cli_print_json      (JsonNode          *node);
char      *sd_cli_format_time     (gint64             utc);
char      *sd_cli_pad             (const char        *text,
                                   guint              columns);

/* A progress line on a terminal: rows, rows/s, time left; nothing into a pipe. */
typedef struct _SdCliProgress SdCliProgress;
SdCliProgress *sd_cli_progress_new    (const char     *what,
                                       gboolean        enabled);
void           sd_cli_progress_update (SdCliProgress  *progress,
                                       guint64         rows,
                                       guint64         done,
                                       guint64         total);
void           sd_cli_progress_free   (SdCliProgress  *progress);

int sd_cli_import    (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_export    (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_demo      (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_customers (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_check     (const SdCliGlobals *globals, int argc, char **argv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCliProgress, sd_cli_progress_free)

G_END_DECLS
