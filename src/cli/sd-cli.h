/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include <json-glib/json-glib.h>

#include "sd-customer.h"
#include "sd-session.h"
#include "sd-values.h"

G_BEGIN_DECLS

/* Exit codes, stable for scripts. */
#define SD_CLI_OK 0
#define SD_CLI_FAILED 1
#define SD_CLI_USAGE 2
#define SD_CLI_DENIED 3      /* not logged in, the login refused, or the account may not */

typedef struct
{
  const char *db_path;     /* NULL: SHOPDESK_DB or the default */
  const char *user;        /* NULL: SHOPDESK_USER */
} SdCliGlobals;

typedef enum
{
  SD_CLI_SESSION_DEFAULT = 0,
  /* passwd: an account whose password was reset may log in to change it. */
  SD_CLI_SESSION_FOR_PASSWORD_CHANGE = 1 << 0,
} SdCliSessionFlags;

/* A password read from the environment or a prompt; wiped when freed. */
typedef char *SdCliPassword;

int        sd_cli_fail            (GError            *error);
int        sd_cli_usage           (const char        *format,
                                   ...) G_GNUC_PRINTF (1, 2);
gboolean   sd_cli_parse           (GOptionContext    *context,
                                   int               *argc,
                                   char            ***argv,
                                   int               *out_status);

/* For N_ARGS: the command checks its arguments itself. */
#define SD_CLI_ANY_ARGS (-1)

/* A command's start: parses its options, with --json into *JSON unless JSON is NULL, checks
 * that N_ARGS arguments follow the command's name (else the usage error USAGE) and, with
 * OUT_SESSION, logs in as GLOBALS say. A command that checks more before the login passes
 * NULL and opens the session itself: a usage error comes before the password is asked for.
 * FALSE with the exit status in *OUT_STATUS. */
gboolean   sd_cli_begin_command   (const SdCliGlobals *globals,
                                   GOptionContext    *context,
                                   gboolean          *json,
                                   int                n_args,
                                   const char        *usage,
                                   int               *argc,
                                   char            ***argv,
                                   SdSession        **out_session,
                                   int               *out_status);
char      *sd_cli_shop_path       (const SdCliGlobals *globals);
/* Logs in to the shop as the globals say: the name from --user or SHOPDESK_USER, the
 * password from SHOPDESK_PASSWORD or a prompt on the terminal. */
SdSession *sd_cli_open_session    (const SdCliGlobals *globals,
                                   GError           **error);
SdSession *sd_cli_open_session_full (const SdCliGlobals *globals,
                                     SdCliSessionFlags  flags,
                                     SdCliPassword     *out_password,
                                     GError           **error);
gboolean   sd_cli_stdout_is_terminal (void);
/* Prints what BUILDER built. */
void       sd_cli_print_json      (JsonBuilder       *builder);
/* Writes one item of a list as a JSON object. */
typedef void (*SdCliJsonItemFunc) (JsonBuilder   *builder,
                                   gconstpointer  item);
/* Prints ITEMS as a JSON array, each written by ADD_ITEM. */
void       sd_cli_print_json_array (GPtrArray        *items,
                                    SdCliJsonItemFunc  add_item);
char      *sd_cli_format_time     (gint64             utc);
/* COUNT with thousands separators ("1,234") put in FORMAT's one %s (FORMAT has no other
 * conversion, nor %%). Every count the plain
 * output prints goes through it (or sd_format_count), as every amount through
 * sd_format_money_display. SD_CLI_FORMAT_COUNTED picks the plural: "1 order", "1,234 orders". */
char      *sd_cli_format_counted  (gint64             count,
                                   const char        *format);
#define SD_CLI_FORMAT_COUNTED(count, singular, plural) \
  sd_cli_format_counted ((count), g_dngettext (GETTEXT_PACKAGE, singular, plural, (gulong) (count)))
char      *sd_cli_pad             (const char        *text,
                                   guint              columns);
/* TEXT as a shell reads it back: quoted only when it has to be. */
char      *sd_cli_shell_quote     (const char        *text);
/* KEY: ["customers.view", …], the ids in enum order. */
void       sd_cli_json_add_permissions (JsonBuilder   *builder,
                                        const char    *key,
                                        SdPermissionSet set);
/* "customers.view         View customers": the id in a column, then the label. */
char      *sd_cli_describe_permission (SdPermission   permission);

/* A progress line on a terminal: rows, rows/s, time left; nothing into a pipe. */
typedef struct _SdCliProgress SdCliProgress;
SdCliProgress *sd_cli_progress_new    (const char     *what,
                                       gboolean        enabled);
void           sd_cli_progress_update (SdCliProgress  *progress,
                                       guint64         rows,
                                       guint64         done,
                                       guint64         total);
void           sd_cli_progress_free   (SdCliProgress  *progress);

/* A customer id as typed: a whole number above 0. */
gboolean   sd_cli_parse_id        (const char        *text,
                                   gint64            *out_id);
/* Parses EXPRESSION as --where gives it: its canonical text, or NULL with the usage error
 * (the expression, a caret under the column at fault and the reason) in *OUT_STATUS. */
char      *sd_cli_check_where     (const char        *expression,
                                   int               *out_status);
/* sd-cli-login.c: passwords from the environment or a prompt that does not echo. With
 * REPEAT_PROMPT the prompt asks twice and the two must match. */
SdCliPassword sd_cli_read_password (const char        *env_name,
                                    const char        *prompt,
                                    const char        *repeat_prompt,
                                    GError           **error);
void       sd_cli_password_free   (SdCliPassword      password);

/* sd-cli-customers.c: a customer as `customers list` prints it, one line; and as its
 * --json prints it, the summary (an SdCliJsonItemFunc). */
void       sd_cli_print_customer_row (const SdCustomer *customer);
void       sd_cli_json_add_customer  (JsonBuilder      *builder,
                                      gconstpointer     customer);

int sd_cli_import    (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_export    (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_demo      (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_customers (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_check     (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_migrate   (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_init      (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_passwd    (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_staff     (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_departments (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_roles     (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_audit     (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_segments  (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_tiers     (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_rfm       (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_store     (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_sync      (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_gateway   (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_optouts   (const SdCliGlobals *globals, int argc, char **argv);
/* campaign test|send|pause|resume|poll: sd-cli-campaigns.c's dispatcher hands these over. */
int sd_cli_campaign_send (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_sms       (const SdCliGlobals *globals, int argc, char **argv);
/* campaign create|preview|estimate|confirm|list|status|report|cancel|delete (sd-cli-campaigns.c). */
int sd_cli_campaign  (const SdCliGlobals *globals, int argc, char **argv);
/* sms settings: ARGV[0] is "settings"; sd_cli_sms hands it over. */
int sd_cli_sms_settings (const SdCliGlobals *globals, int argc, char **argv);
/* conversations list|show|assign|transfer|close, kpi, and import chatlog (sd-cli-conversations.c). */
int sd_cli_conversations (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_kpi       (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_import_chatlog (const SdCliGlobals *globals, int argc, char **argv);
/* A file's bad rows on standard error, "PATH: row R, column “C”: why", the first 50 (sd-cli-import.c). */
void sd_cli_print_import_issues (const char *path, GPtrArray *issues);   /* SdImportIssue * */
/* cases open|list|show|update|close|deadlines (sd-cli-cases.c). */
int sd_cli_cases     (const SdCliGlobals *globals, int argc, char **argv);
/* chat connect|status|forget|run: the live chat (sd-cli-chat.c). */
int sd_cli_chat      (const SdCliGlobals *globals, int argc, char **argv);
/* quick-replies add|list|remove (sd-cli-quick-replies.c). */
int sd_cli_quick_replies (const SdCliGlobals *globals, int argc, char **argv);
/* agents list|status|set, routing rules, and conversations route (sd-cli-agents.c):
 * sd_cli_conversations hands "route" over, ARGV[0] being "route". */
int sd_cli_agents    (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_routing   (const SdCliGlobals *globals, int argc, char **argv);
int sd_cli_conversations_route (const SdCliGlobals *globals, int argc, char **argv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCliProgress, sd_cli_progress_free)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SdCliPassword, sd_cli_password_free, NULL)

G_END_DECLS
