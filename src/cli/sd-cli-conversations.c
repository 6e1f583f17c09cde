/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <math.h>

#include "sd-chatlog.h"
#include "sd-cli.h"
#include "sd-conversations.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-kpi.h"
#include "sd-staff.h"
#include "sd-values.h"

/* conversations list|show|assign|transfer|close, kpi and import chatlog: the customer
 * service of sd-conversations.h, sd-kpi.h and sd-chatlog.h. The core says what an account
 * may do; a refusal exits 3 through sd_cli_fail(). */

/* ---- Arguments ---- */

/* *OUT_ID for the agent NAME; FALSE with the exit status. NULL NAME: 0. */
static gboolean
agent_id (SdSession  *session,
          const char *name,
          gint64     *out_id,
          int        *out_status)
{
  GError *error = NULL;

  *out_id = 0;
  if (name == NULL)
    return TRUE;
  *out_id = sd_conversations_find_agent (session, name, &error);
  if (*out_id == 0)
    *out_status = sd_cli_fail (error);
  return *out_id != 0;
}

static gboolean
department_id (SdSession  *session,
               const char *name,
               gint64     *out_id,
               int        *out_status)
{
  g_autoptr(SdDepartment) department = NULL;
  GError *error = NULL;

  *out_id = 0;
  if (name == NULL)
    return TRUE;
  department = sd_departments_find (session, name, &error);
  if (department == NULL)
    {
      *out_status = sd_cli_fail (error);
      return FALSE;
    }
  *out_id = department->id;
  return TRUE;
}

/* TEXT as a time for OPTION into *OUT (unchanged when TEXT is NULL); FALSE with the usage error. */
static gboolean
parse_time_option (const char *option,
                   const char *text,
                   gint64     *out,
                   int        *out_status)
{
  g_autofree char *message = NULL;

  if (text == NULL || sd_parse_time (text, out, &message))
    return TRUE;
  *out_status = sd_cli_usage (_("%s: %s."), option, message);
  return FALSE;
}

static gboolean
parse_conversation_id (const char *text,
                       gint64     *out_id,
                       int        *out_status)
{
  if (sd_cli_parse_id (text, out_id))
    return TRUE;
  *out_status = sd_cli_usage (_("“%s” is not a conversation id: give the number conversations list shows."), text);
  return FALSE;
}

/* ---- conversations list / show ---- */

static void
build_conversation (JsonBuilder          *b,
                    const SdConversation *c)
{
  json_builder_begin_object (b);
  sd_json_add_int (b, "id", c->id);
  sd_json_add_string (b, "channel", c->channel);
  sd_json_add_string (b, "channel_ref", c->channel_ref);
  sd_json_add_string (b, "buyer_nick", c->buyer_nick);
  sd_json_add_int (b, "customer_id", c->customer_id);
  sd_json_add_int (b, "department_id", c->department_id);
  sd_json_add_int (b, "staff_id", c->staff_id);
  sd_json_add_string (b, "staff", c->staff_name);
  sd_json_add_string (b, "state", sd_conversation_state_to_string (c->state));
  sd_json_add_iso_time (b, "opened_at", c->opened_at);
  sd_json_add_iso_time (b, "assigned_at", c->assigned_at);
  sd_json_add_iso_time (b, "first_response_at", c->first_response_at);
  sd_json_add_iso_time (b, "last_buyer_at", c->last_buyer_at);
  sd_json_add_iso_time (b, "last_agent_at", c->last_agent_at);
  sd_json_add_iso_time (b, "closed_at", c->closed_at);
  sd_json_add_int (b, "buyer_messages", c->buyer_messages);
  sd_json_add_int (b, "agent_messages", c->agent_messages);
  sd_json_add_int (b, "rating", c->rating);
}

static void
add_conversation (JsonBuilder   *b,
                  gconstpointer  item)
{
  build_conversation (b, item);
  json_builder_end_object (b);
}

static int
run_list (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— conversations, newest first"));
  g_autofree char *state = NULL, *agent = NULL, *department = NULL, *since = NULL, *until = NULL;
  gint64 customer = 0;
  int limit = 50;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("waiting, open or closed"), "STATE" },
    { "agent", 0, 0, G_OPTION_ARG_STRING, &agent, N_("Only this agent’s"), "NAME" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Only this department’s"), "DEPARTMENT" },
    { "customer", 0, 0, G_OPTION_ARG_INT64, &customer, N_("Only this customer’s"), "ID" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Opened at or after T"), "T" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Opened before T"), "T" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N (default 50)"), "N" },
    { NULL }
  };
  SdConversationFilter filter = SD_CONVERSATION_FILTER_INIT;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) list = NULL;
  SdConversationState s;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, 0, _("conversations list takes no arguments besides its options."),
                             &argc, &argv, NULL, &status))
    return status;
  if (state != NULL && !sd_conversation_state_from_string (state, &s))
    return sd_cli_usage (_("--state takes waiting, open or closed, not “%s”."), state);
  if (limit < 1 || limit > 10000)
    return sd_cli_usage (_("--limit takes 1 to 10,000."));
  filter.state = state ? (int) s : -1;
  filter.customer_id = customer;
  filter.limit = (guint) limit;
  if (!parse_time_option ("--since", since, &filter.since, &status) ||
      !parse_time_option ("--until", until, &filter.until, &status))
    return status;

  if (!(session = sd_cli_open_session (globals, &error)))
    return sd_cli_fail (error);
  if (!agent_id (session, agent, &filter.staff_id, &status) ||
      !department_id (session, department, &filter.department_id, &status))
    return status;
  if (!(list = sd_conversations_list (session, &filter, &error)))
    return sd_cli_fail (error);

  if (json)
    {
      sd_cli_print_json_array (list, add_conversation);
      return SD_CLI_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      const SdConversation *c = g_ptr_array_index (list, i);
      g_autofree char *opened = sd_cli_format_time (c->opened_at);
      g_autofree char *buyer = sd_cli_pad (c->buyer_nick, 16);
      g_autofree char *staff = sd_cli_pad (*c->staff_name ? c->staff_name : "—", 10);
      g_autofree char *state_label = sd_cli_pad (sd_conversation_state_get_label (c->state), 8);
      g_print ("%6lld  %s  %s %s %s %4lld/%-4lld %s\n", (long long) c->id, opened, state_label, staff, buyer,
               (long long) c->buyer_messages, (long long) c->agent_messages, c->channel);
    }
  if (list->len == 0)
    g_printerr (_("No conversations.\n"));
  return SD_CLI_OK;
}

static const char *
direction_label (SdChatDirection direction)
{
  switch (direction)
    {
    case SD_CHAT_IN:
      return _("buyer");
    case SD_CHAT_OUT:
      return _("agent");
    case SD_CHAT_SYSTEM:
    case SD_CHAT_DIRECTION_N:
    default:
      return _("system");
    }
}

static void
print_show_json (const SdConversation *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  build_conversation (b, c);
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->messages->len; i++)
    {
      const SdChatMessage *m = g_ptr_array_index (c->messages, i);
      json_builder_begin_object (b);
      sd_json_add_iso_time (b, "at", m->at);
      sd_json_add_string (b, "direction", sd_chat_direction_to_string (m->direction));
      sd_json_add_int (b, "staff_id", m->staff_id);
      sd_json_add_string (b, "text", m->text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->events->len; i++)
    {
      const SdConversationEvent *e = g_ptr_array_index (c->events, i);
      json_builder_begin_object (b);
      sd_json_add_iso_time (b, "at", e->at);
      sd_json_add_string (b, "kind", e->kind);
      sd_json_add_int (b, "by_staff_id", e->by_staff_id);
      sd_json_add_int (b, "from_staff_id", e->from_staff_id);
      sd_json_add_int (b, "to_staff_id", e->to_staff_id);
      sd_json_add_string (b, "note", e->note);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  sd_cli_print_json (b);
}

static void
print_show (const SdConversation *c)
{
  g_autofree char *opened = sd_cli_format_time (c->opened_at);

  g_print (_("Conversation %lld with %s (%s), %s\n"), (long long) c->id, c->buyer_nick, c->channel,
           sd_conversation_state_get_label (c->state));
  g_print (_("Agent: %s    opened %s\n"), *c->staff_name ? c->staff_name : "—", opened);
  if (c->first_response_at > 0)
    {
      g_autofree char *first = sd_cli_format_time (c->first_response_at);
      g_print (_("First response: %s\n"), first);
    }
  if (c->rating > 0)
    g_print (_("Rating: %d of 5\n"), c->rating);
  g_print ("\n");
  for (guint i = 0; i < c->messages->len; i++)
    {
      const SdChatMessage *m = g_ptr_array_index (c->messages, i);
      g_autofree char *at = sd_format_time_iso (m->at);
      g_autofree char *who = sd_cli_pad (direction_label (m->direction), 8);
      g_print ("%s  %s %s\n", at, who, m->text);
    }
  for (guint i = 0; i < c->events->len; i++)
    {
      const SdConversationEvent *e = g_ptr_array_index (c->events, i);
      g_autofree char *at = sd_format_time_iso (e->at);
      g_print ("%s  [%s] %s\n", at, e->kind, e->note);
    }
}

static int
run_show (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — a conversation with its messages"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdConversation) c = NULL;
  gboolean json = FALSE;
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (NULL, context, &json, 1, _("conversations show needs a conversation id."), &argc,
                             &argv, NULL, &status) ||
      !parse_conversation_id (argv[1], &id, &status))
    return status;
  if (!(session = sd_cli_open_session (globals, &error)) || !(c = sd_conversations_get (session, id, &error)))
    return sd_cli_fail (error);
  if (json)
    print_show_json (c);
  else
    print_show (c);
  return SD_CLI_OK;
}

/* ---- conversations assign / transfer / close ---- */

static int
run_change (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *note = NULL;
  GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Why, for the agent who takes it over"), "TEXT" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  const char *command = argv[0];
  gboolean closing = g_str_equal (command, "close");
  gboolean transfer = g_str_equal (command, "transfer");
  GError *error = NULL;
  gint64 id, agent = 0;
  gboolean ok;
  int status = SD_CLI_OK;

  context = g_option_context_new (closing ? _("ID — close a conversation")
                                          : _("ID AGENT — give a conversation to an agent"));
  if (transfer)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, closing ? 1 : 2,
                             closing ? _("conversations close needs a conversation id.")
                                     : _("conversations assign and transfer need a conversation id and an agent."),
                             &argc, &argv, NULL, &status) ||
      !parse_conversation_id (argv[1], &id, &status))
    return status;

  if (!(session = sd_cli_open_session (globals, &error)))
    return sd_cli_fail (error);
  if (!closing && !agent_id (session, argv[2], &agent, &status))
    return status;
  if (closing)
    ok = sd_conversations_close (session, id, &error);
  else if (transfer)
    ok = sd_conversations_transfer (session, id, agent, note, &error);
  else
    ok = sd_conversations_assign (session, id, agent, &error);
  if (!ok)
    return sd_cli_fail (error);
  if (closing)
    g_print (_("Closed conversation %lld.\n"), (long long) id);
  else
    g_print (_("Conversation %lld is now with %s.\n"), (long long) id, argv[2]);
  return SD_CLI_OK;
}

int
sd_cli_conversations (const SdCliGlobals *globals,
                      int                 argc,
                      char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("conversations needs a command: list, show, route, assign, transfer or close."));
  if (g_str_equal (argv[1], "list"))
    return run_list (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return run_show (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "route"))
    return sd_cli_conversations_route (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "assign") || g_str_equal (argv[1], "transfer") || g_str_equal (argv[1], "close"))
    return run_change (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown conversations command “%s”."), argv[1]);
}

/* ---- kpi ---- */

static void
add_value (JsonBuilder *b,
           const char  *key,
           double       value)
{
  json_builder_set_member_name (b, key);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

static void
build_row (JsonBuilder    *b,
           const SdKpiRow *row)
{
  json_builder_begin_object (b);
  sd_json_add_iso_time (b, "start", row->start);
  sd_json_add_iso_time (b, "end", row->end);
  sd_json_add_int (b, "conversations", row->conversations);
  sd_json_add_int (b, "buyer_messages", row->buyer_messages);
  sd_json_add_int (b, "agent_messages", row->agent_messages);
  sd_json_add_int (b, "rounds", row->rounds);
  sd_json_add_int (b, "rounds_answered", row->rounds_answered);
  sd_json_add_int (b, "rated", row->rated);
  sd_json_add_int (b, "orders", row->orders);
  json_builder_set_member_name (b, "ratings");
  json_builder_begin_array (b);
  for (int level = 1; level <= 5; level++)
    json_builder_add_int_value (b, row->ratings[level]);
  json_builder_end_array (b);
  for (int i = 0; i < SD_KPI_N; i++)
    add_value (b, sd_kpi_figure_to_string (i), row->values[i]);
  json_builder_end_object (b);
}

static void
print_kpi_json (const SdKpiReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  sd_json_add_iso_time (b, "from", report->query.from);
  sd_json_add_iso_time (b, "to", report->query.to);
  sd_json_add_int (b, "staff_id", report->query.staff_id);
  sd_json_add_int (b, "department_id", report->query.department_id);
  json_builder_set_member_name (b, "total");
  build_row (b, report->total);
  json_builder_set_member_name (b, "buckets");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->rows->len; i++)
    build_row (b, g_ptr_array_index (report->rows, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "formulas");
  json_builder_begin_object (b);
  for (int i = 0; i < SD_KPI_N; i++)
    sd_json_add_string (b, sd_kpi_figure_to_string (i), sd_kpi_figure_get_formula (i));
  json_builder_end_object (b);
  json_builder_end_object (b);
  sd_cli_print_json (b);
}

/* VALUE as people read FIGURE: "61.9 s", "55.6%", "0.93", "7", "¥238.00"; "–" for none. */
static char *
format_value (SdKpiFigure figure,
              double      value)
{
  if (isnan (value))
    return g_strdup ("–");
  switch (sd_kpi_figure_get_unit (figure))
    {
    case SD_KPI_UNIT_SECONDS:
      return g_strdup_printf ("%.1f s", value);
    case SD_KPI_UNIT_SHARE:
      return g_strdup_printf ("%.1f%%", value * 100);
    case SD_KPI_UNIT_RATIO:
      return g_strdup_printf ("%.2f", value);
    case SD_KPI_UNIT_FEN:
      return sd_format_money_display ((gint64) llround (value));
    case SD_KPI_UNIT_COUNT:
    default:
      return sd_format_count ((gint64) llround (value));
    }
}

/* TEXT right-aligned in a column of 12 after a space: printf counts bytes, and "–" or "¥"
 * take more than one. */
static void
append_cell (GString    *line,
             const char *text)
{
  glong width = g_utf8_strlen (text, -1);

  g_string_append_c (line, ' ');
  for (glong i = width; i < 12; i++)
    g_string_append_c (line, ' ');
  g_string_append (line, text);
}

static char *
bucket_heading (const SdKpiRow *row)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (row->start);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, sd_shop_time_zone ());

  return g_date_time_format (local, "%Y-%m-%d");
}

static void
print_kpi (const SdKpiReport *report)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *first = sd_cli_pad ("", 30);

  g_string_append (line, first);
  for (guint i = 0; i < report->rows->len; i++)
    {
      g_autofree char *heading = bucket_heading (g_ptr_array_index (report->rows, i));
      append_cell (line, heading);
    }
  append_cell (line, _("total"));
  g_print ("%s\n", line->str);
  for (int f = 0; f < SD_KPI_N; f++)
    {
      g_autofree char *label = sd_cli_pad (sd_kpi_figure_get_label (f), 30);
      g_autofree char *total = format_value (f, report->total->values[f]);
      g_string_assign (line, label);
      for (guint i = 0; i < report->rows->len; i++)
        {
          g_autofree char *value = format_value (f, ((SdKpiRow *) g_ptr_array_index (report->rows, i))->values[f]);
          append_cell (line, value);
        }
      append_cell (line, total);
      g_print ("%s\n", line->str);
    }
  {
    g_autofree char *n = sd_format_count (report->total->conversations);
    g_print (_("\n%s conversations; ratings 1–5: %lld %lld %lld %lld %lld.\n"), n,
             (long long) report->total->ratings[1], (long long) report->total->ratings[2],
             (long long) report->total->ratings[3], (long long) report->total->ratings[4],
             (long long) report->total->ratings[5]);
  }
  g_print ("\n");
  for (int f = 0; f < SD_KPI_N; f++)
    g_print ("%s: %s\n", sd_kpi_figure_get_label (f), sd_kpi_figure_get_formula (f));
}

int
sd_cli_kpi (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— customer-service KPIs"));
  g_autofree char *agent = NULL, *department = NULL, *from = NULL, *to = NULL, *by = NULL;
  gboolean json = FALSE, csv = FALSE;
  GOptionEntry entries[] = {
    { "agent", 0, 0, G_OPTION_ARG_STRING, &agent, N_("One agent’s figures"), "NAME" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("One department’s figures"), "DEPARTMENT" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Start (default: 30 days before the end)"), "T" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("End, exclusive (default: now)"), "T" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("day, week or month: a column each"), "BUCKET" },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("A CSV table: a line a bucket and the total, plain units"), NULL },
    { NULL }
  };
  SdKpiQuery query = { .bucket = SD_KPI_WHOLE };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdKpiReport) report = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _("Times: YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS], shop time. Without "
                                               "reports.all an agent sees only their own figures."));
  if (!sd_cli_begin_command (NULL, context, &json, 0, _("kpi takes no arguments besides its options."), &argc,
                             &argv, NULL, &status))
    return status;
  if (agent != NULL && department != NULL)
    return sd_cli_usage (_("Give --agent or --department, not both."));
  if (json && csv)
    return sd_cli_usage (_("Give --json or --csv, not both."));
  if (by != NULL && (!sd_kpi_bucket_from_string (by, &query.bucket) || query.bucket == SD_KPI_WHOLE))
    return sd_cli_usage (_("--by takes day, week or month, not “%s”."), by);
  if (!parse_time_option ("--from", from, &query.from, &status) ||
      !parse_time_option ("--to", to, &query.to, &status))
    return status;

  if (!(session = sd_cli_open_session (globals, &error)))
    return sd_cli_fail (error);
  if (to == NULL)
    query.to = sd_db_now (sd_session_get_db (session));
  if (from == NULL)
    query.from = query.to - 30 * 86400;
  if (!agent_id (session, agent, &query.staff_id, &status) ||
      !department_id (session, department, &query.department_id, &status))
    return status;
  if (!(report = sd_kpi_compute (session, &query, &error)))
    return sd_cli_fail (error);
  if (json)
    print_kpi_json (report);
  else if (csv)
    {
      g_autofree char *text = sd_kpi_report_to_csv (report);
      g_print ("%s", text);
    }
  else
    print_kpi (report);
  return SD_CLI_OK;
}

/* ---- import chatlog ---- */

static void
chatlog_progress_cb (const SdImportProgress *p,
                     gpointer                user_data)
{
  sd_cli_progress_update (user_data, p->rows, p->bytes_done, p->bytes_total);
}

static void
print_chatlog_json (const SdChatlogResult *result)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  sd_json_add_string (b, "encoding", sd_encoding_to_string (result->encoding));
  sd_json_add_int (b, "rows", (gint64) result->rows);
  sd_json_add_int (b, "bad_rows", (gint64) result->bad_rows);
  sd_json_add_int (b, "conversations", (gint64) result->conversations);
  sd_json_add_int (b, "messages", (gint64) result->messages);
  sd_json_add_int (b, "known", (gint64) result->known);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (guint i = 0; i < result->errors->len; i++)
    {
      const SdImportIssue *issue = g_ptr_array_index (result->errors, i);
      json_builder_begin_object (b);
      sd_json_add_int (b, "row", issue->row);
      sd_json_add_string (b, "column", issue->column);
      sd_json_add_string (b, "message", issue->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  sd_cli_print_json (b);
}

static void
print_chatlog (const SdChatlogResult *result,
               const char            *path)
{
  g_autofree char *rows = sd_format_count ((gint64) result->rows);
  g_autofree char *conversations = sd_format_count ((gint64) result->conversations);
  g_autofree char *messages = sd_format_count ((gint64) result->messages);
  g_autofree char *known = sd_format_count ((gint64) result->known);
  g_autofree char *bad = sd_format_count ((gint64) result->bad_rows);

  g_print (_("Read %s rows of %s (%s): %s new conversations with %s messages, %s already imported, %s rows "
             "with errors.\n"), rows, path, sd_encoding_to_string (result->encoding), conversations, messages, known,
           bad);
  sd_cli_print_import_issues (path, result->errors);
}

int
sd_cli_import_chatlog (const SdCliGlobals *globals,
                       int                 argc,
                       char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — import a chat log (see sd-chatlog.h for its columns)"));
  g_autofree char *encoding_name = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding_name, N_("auto (default), utf-8 or gb18030"), "ENC" },
    { NULL }
  };
  SdChatlogOptions options = { SD_ENCODING_AUTO };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdChatlogResult) result = NULL;
  g_autoptr(SdCliProgress) progress = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _("Columns (header names): 时间/time, 买家/buyer, 客服/子账号/staff, "
                                               "方向/direction (买家 or in, 客服 or out), 内容/text. A conversation "
                                               "ends after 30 minutes without a message; importing a file again "
                                               "adds nothing."));
  if (!sd_cli_begin_command (NULL, context, &json, 1, _("import chatlog needs a file."), &argc, &argv, NULL,
                             &status))
    return status;
  if (encoding_name && !sd_encoding_from_string (encoding_name, &options.encoding))
    return sd_cli_usage (_("Unknown encoding “%s”: use auto, utf-8 or gb18030."), encoding_name);
  if (!g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("shopdesk-cli: “%s” does not exist or is not a file.\n"), argv[1]);
      return SD_CLI_FAILED;
    }

  if (!(session = sd_cli_open_session (globals, &error)))
    return sd_cli_fail (error);
  progress = sd_cli_progress_new (_("Importing…"), !json);
  if (!sd_chatlog_import (session, argv[1], &options, chatlog_progress_cb, progress, NULL, &result, &error))
    {
      g_clear_pointer (&progress, sd_cli_progress_free);
      if (g_error_matches (error, SD_ERROR, SD_ERROR_INVALID_INPUT))
        g_prefix_error (&error, "%s: ", argv[1]);
      return sd_cli_fail (error);
    }
  g_clear_pointer (&progress, sd_cli_progress_free);
  if (json)
    print_chatlog_json (result);
  else
    print_chatlog (result, argv[1]);
  return SD_CLI_OK;
}
