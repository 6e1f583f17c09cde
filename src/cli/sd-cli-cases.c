/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include "sd-cases.h"
#include "sd-cli.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-values.h"

/* cases: after-sales cases (sd-cases.h) — open, list, show, update, close, and each
 * type's deadline. The core checks what the account may do; a refusal exits 3. */

#define LIST_DEFAULT_LIMIT 50

/* ---- Output ---- */

static void
build_case (JsonBuilder  *b,
            const SdCase *c)
{
  json_builder_begin_object (b);
  sd_json_add_int (b, "id", c->id);
  sd_json_add_string (b, "type", sd_case_type_to_string (c->type));
  sd_json_add_string (b, "type_label", sd_case_type_describe (c->type));
  sd_json_add_string (b, "state", sd_case_state_to_string (c->state));
  sd_json_add_string (b, "state_label", sd_case_state_describe (c->state));
  sd_json_add_int (b, "customer_id", c->customer_id);
  sd_json_add_string (b, "customer_nick", c->customer_nick);
  sd_json_add_int (b, "order_id", c->order_id);
  sd_json_add_string (b, "order_ref", c->order_ref);
  sd_json_add_int (b, "conversation_id", c->conversation_id);
  sd_json_add_string (b, "title", c->title);
  sd_json_add_int (b, "staff_id", c->staff_id);
  sd_json_add_string (b, "handler", c->staff_name);
  sd_json_add_iso_time (b, "created_at", c->created_at);
  sd_json_add_iso_time (b, "updated_at", c->updated_at);
  sd_json_add_iso_time (b, "deadline_at", c->deadline_at);
  sd_json_add_iso_time (b, "resolved_at", c->resolved_at);
  sd_json_add_iso_time (b, "closed_at", c->closed_at);
  sd_json_add_bool (b, "overdue", c->overdue);
}

static void
add_case (JsonBuilder   *b,
          gconstpointer  c)
{
  build_case (b, c);
  json_builder_end_object (b);
}

static void
add_event (JsonBuilder   *b,
           gconstpointer  item)
{
  const SdCaseEvent *event = item;

  json_builder_begin_object (b);
  sd_json_add_iso_time (b, "at", event->at);
  sd_json_add_string (b, "kind", sd_case_event_kind_to_string (event->kind));
  sd_json_add_int (b, "staff_id", event->staff_id);
  sd_json_add_string (b, "staff", event->staff_name);
  sd_json_add_string (b, "from", event->from_value);
  sd_json_add_string (b, "to", event->to_value);
  sd_json_add_string (b, "text", event->text);
  json_builder_end_object (b);
}

static void
print_case_row (const SdCase *c)
{
  g_autofree char *due = sd_cli_format_time (c->deadline_at);
  g_autofree char *state = sd_cli_pad (sd_case_state_describe (c->state), 24);
  g_autofree char *type = sd_cli_pad (sd_case_type_describe (c->type), 28);
  g_autofree char *customer = sd_cli_pad (*c->customer_nick ? c->customer_nick : c->customer_name, 16);
  g_autofree char *handler = sd_cli_pad (*c->staff_name ? c->staff_name : "—", 12);

  g_print ("%5lld %s %s %s %s %s %s %s\n", (long long) c->id, c->overdue ? "!" : " ", due, state, type, customer,
           handler, c->title);
}

/* A state or event value as a person reads it: states by their label. */
static const char *
event_value (const SdCaseEvent *event,
             const char        *value)
{
  SdCaseState state;

  if ((event->kind == SD_CASE_EVENT_STATE || event->kind == SD_CASE_EVENT_OPENED) &&
      sd_case_state_from_string (value, &state))
    return sd_case_state_describe (state);
  return *value ? value : "—";
}

static void
print_event (const SdCaseEvent *event)
{
  g_autofree char *at = sd_cli_format_time (event->at);
  const char *who = *event->staff_name ? event->staff_name : "—";

  switch (event->kind)
    {
    case SD_CASE_EVENT_OPENED:
      g_print (_("  %s  %s opened the case%s%s\n"), at, who, *event->text ? ": " : "", event->text);
      break;
    case SD_CASE_EVENT_STATE:
      g_print (_("  %s  %s: %s → %s\n"), at, who, event_value (event, event->from_value),
               event_value (event, event->to_value));
      break;
    case SD_CASE_EVENT_NOTE:
      g_print (_("  %s  %s noted: %s\n"), at, who, event->text);
      break;
    case SD_CASE_EVENT_ASSIGNED:
      g_print (_("  %s  %s handed it over: %s → %s\n"), at, who, event_value (event, event->from_value),
               event_value (event, event->to_value));
      break;
    case SD_CASE_EVENT_DEADLINE:
    case SD_CASE_EVENT_EDITED:
    case SD_CASE_EVENT_KIND_N:
    default:
      g_print (_("  %s  %s changed the title: “%s” → “%s”\n"), at, who, event->from_value, event->to_value);
      break;
    }
}

/* ---- Arguments ---- */

static gboolean
parse_case_id (const char *text,
               gint64     *out_id,
               int        *out_status)
{
  if (sd_cli_parse_id (text, out_id))
    return TRUE;
  *out_status = sd_cli_usage (_("“%s” is not a case number: give the number cases list shows."), text);
  return FALSE;
}

/* A --customer, --order or --conversation value: NULL leaves *OUT_ID at 0. */
static gboolean
parse_optional_id (const char *text,
                   const char *option,
                   gint64     *out_id,
                   int        *out_status)
{
  if (text == NULL || sd_cli_parse_id (text, out_id))
    return TRUE;
  *out_status = sd_cli_usage (_("%s takes a number above 0, not “%s”."), option, text);
  return FALSE;
}

/* A type or state typed by the user: its usage error lists the valid ones. */
static gboolean
parse_type (const char *text,
            SdCaseType *out_type,
            int        *out_status)
{
  g_autoptr(GError) error = NULL;

  if (sd_case_type_parse (text, out_type, &error))
    return TRUE;
  *out_status = sd_cli_usage ("%s", error->message);
  return FALSE;
}

static gboolean
parse_states (const char *text,
              guint      *out_states,
              int        *out_status)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      SdCaseState state;

      if (g_str_equal (g_strstrip (parts[i]), "open"))
        {
          *out_states |= SD_CASE_STATES_OPEN;
          continue;
        }
      if (!sd_case_state_parse (parts[i], &state, &error))
        {
          *out_status = sd_cli_usage ("%s", error->message);
          return FALSE;
        }
      *out_states |= SD_CASE_STATE_BIT (state);
    }
  return TRUE;
}

/* The account a --handler names; 0 with the exit status in *OUT_STATUS. */
static gint64
find_handler (SdSession  *session,
              const char *name,
              int        *out_status)
{
  GError *error = NULL;
  gint64 id = sd_cases_find_handler (session, name, &error);

  if (id == 0)
    *out_status = sd_cli_fail (error);
  return id;
}

typedef enum
{
  RESULT_OPENED,
  RESULT_UPDATED,
  RESULT_CLOSED,
} ResultKind;

/* Case ID read back after a change, printed as --json or one line. */
static int
print_result (SdSession  *session,
              gint64      id,
              gboolean    json,
              ResultKind  kind)
{
  GError *error = NULL;
  g_autoptr(SdCase) c = sd_cases_get (session, id, &error);
  g_autofree char *due = NULL;

  if (c == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      add_case (b, c);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }
  due = sd_cli_format_time (c->deadline_at);
  if (kind == RESULT_OPENED)
    g_print (_("Opened case #%lld (%s), due %s.\n"), (long long) c->id, sd_case_type_describe (c->type), due);
  else if (kind == RESULT_CLOSED)
    g_print (_("Closed case #%lld.\n"), (long long) c->id);
  else
    g_print (_("Updated case #%lld: %s, due %s.\n"), (long long) c->id, sd_case_state_describe (c->state), due);
  return SD_CLI_OK;
}

/* ---- Commands ---- */

static int
run_open (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— open an after-sales case"));
  g_autofree char *type_text = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *order = NULL;
  g_autofree char *conversation = NULL;
  g_autofree char *title = NULL;
  g_autofree char *note = NULL;
  g_autofree char *handler = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_text,
      N_("return_exchange, refund, chase_shipment, track_shipment, signed_not_received, lost_damaged, "
         "complaint or other"), "TYPE" },
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("The customer's id"), "ID" },
    { "order", 0, 0, G_OPTION_ARG_STRING, &order, N_("One of the customer's orders (its id)"), "ID" },
    { "conversation", 0, 0, G_OPTION_ARG_STRING, &conversation, N_("The conversation it came from"), "ID" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("What the buyer needs, in a few words"), "TEXT" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A first note"), "TEXT" },
    { "handler", 0, 0, G_OPTION_ARG_STRING, &handler, N_("Hand it to this staff account"), "NAME" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  SdCaseOpen open = { 0 };
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, 0, _("cases open takes options only (see cases open --help)."),
                             &argc, &argv, NULL, &status))
    return status;
  if (type_text == NULL || customer == NULL || title == NULL)
    return sd_cli_usage (_("cases open needs --type TYPE, --customer ID and --title TEXT."));
  if (!parse_type (type_text, &open.type, &status) ||
      !parse_optional_id (customer, "--customer", &open.customer_id, &status) ||
      !parse_optional_id (order, "--order", &open.order_id, &status) ||
      !parse_optional_id (conversation, "--conversation", &open.conversation_id, &status))
    return status;
  open.title = title;
  open.note = note;

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (handler != NULL && (open.staff_id = find_handler (session, handler, &status)) == 0)
    return status;
  id = sd_cases_open (session, &open, &error);
  if (id == 0)
    return sd_cli_fail (error);
  return print_result (session, id, json, RESULT_OPENED);
}

static int
run_list (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the cases, overdue first, then by deadline"));
  g_autofree char *states = NULL;
  g_autofree char *type_text = NULL;
  g_autofree char *handler = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *search = NULL;
  gboolean mine = FALSE;
  gboolean overdue = FALSE;
  gboolean json = FALSE;
  gint64 limit = LIST_DEFAULT_LIMIT;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &states,
      N_("Only these states, comma-separated (open: every state still being worked on)"), "STATE,…" },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_text, N_("Only this type"), "TYPE" },
    { "handler", 0, 0, G_OPTION_ARG_STRING, &handler, N_("Only the cases this account handles"), "NAME" },
    { "mine", 0, 0, G_OPTION_ARG_NONE, &mine, N_("Only the cases you handle"), NULL },
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("Only this customer's cases"), "ID" },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only overdue cases"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only the cases whose title or customer (nick or name) holds every word of TEXT"), "TEXT" },
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, N_("At most N cases (default 50, at most 500)"), "N" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  SdCaseFilter filter;
  GError *error = NULL;
  int status = SD_CLI_OK;

  sd_case_filter_init (&filter);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, 0, _("cases list takes options only."), &argc, &argv, NULL,
                             &status))
    return status;
  if (limit < 1 || limit > SD_CASE_LIST_MAX)
    return sd_cli_usage (_("--limit takes 1 to %d."), SD_CASE_LIST_MAX);
  if ((states != NULL && !parse_states (states, &filter.states, &status)) ||
      (type_text != NULL && !parse_type (type_text, &filter.type, &status)) ||
      !parse_optional_id (customer, "--customer", &filter.customer_id, &status))
    return status;
  filter.any_type = type_text == NULL;
  filter.overdue_only = overdue;
  filter.search = search;
  filter.limit = (guint) limit;

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (mine)
    filter.staff_id = sd_session_get_staff_id (session);
  else if (handler != NULL && (filter.staff_id = find_handler (session, handler, &status)) == 0)
    return status;
  cases = sd_cases_list (session, &filter, &error);
  if (cases == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      sd_cli_print_json_array (cases, add_case);
      return SD_CLI_OK;
    }
  for (guint i = 0; i < cases->len; i++)
    print_case_row (g_ptr_array_index (cases, i));
  if (cases->len == 0)
    g_printerr (_("No cases match.\n"));
  else if (cases->len == filter.limit)
    {
      g_autofree char *shown = sd_format_count (cases->len);
      g_printerr (_("(the first %s; --limit N shows more)\n"), shown);
    }
  return SD_CLI_OK;
}

static int
run_show (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — a case and its history"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCase) c = NULL;
  GError *error = NULL;
  gint64 id = 0;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (NULL, context, &json, 1, _("cases show needs one case number."), &argc, &argv, NULL,
                             &status) ||
      !parse_case_id (argv[1], &id, &status))
    return status;
  session = sd_cli_open_session (globals, &error);
  if (session == NULL || (c = sd_cases_get (session, id, &error)) == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      build_case (b, c);
      json_builder_set_member_name (b, "events");
      json_builder_begin_array (b);
      for (guint i = 0; i < c->events->len; i++)
        add_event (b, g_ptr_array_index (c->events, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }
  {
    g_autofree char *created = sd_cli_format_time (c->created_at);
    g_autofree char *due = sd_cli_format_time (c->deadline_at);
    g_autofree char *resolved = sd_cli_format_time (c->resolved_at);

    g_print (_("Case #%lld: %s\n"), (long long) c->id, c->title);
    g_print (_("  Type:      %s\n"), sd_case_type_describe (c->type));
    g_print (_("  State:     %s%s\n"), sd_case_state_describe (c->state), c->overdue ? _(" (overdue)") : "");
    g_print (_("  Customer:  #%lld %s\n"), (long long) c->customer_id, c->customer_nick);
    if (c->order_id != 0)
      g_print (_("  Order:     #%lld %s\n"), (long long) c->order_id, c->order_ref);
    if (c->conversation_id != 0)
      g_print (_("  Conversation: #%lld\n"), (long long) c->conversation_id);
    g_print (_("  Handler:   %s\n"), *c->staff_name ? c->staff_name : "—");
    g_print (_("  Opened:    %s, due %s, resolved %s\n"), created, due, resolved);
    g_print (_("History:\n"));
    for (guint i = 0; i < c->events->len; i++)
      print_event (g_ptr_array_index (c->events, i));
  }
  return SD_CLI_OK;
}

static int
run_update (const SdCliGlobals *globals,
            int                 argc,
            char              **argv,
            gboolean            close)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (close ? _("ID — close a case (closed is final)") : _("ID — change a case"));
  g_autofree char *state_text = NULL;
  g_autofree char *handler = NULL;
  g_autofree char *title = NULL;
  g_autofree char *note = NULL;
  gboolean unassign = FALSE;
  gboolean json = FALSE;
  GOptionEntry update_entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state_text,
      N_("in_progress, waiting_buyer, waiting_courier, resolved or closed"), "STATE" },
    { "handler", 0, 0, G_OPTION_ARG_STRING, &handler, N_("Hand it to this staff account"), "NAME" },
    { "unassign", 0, 0, G_OPTION_ARG_NONE, &unassign, N_("Take it from its handler"), NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("A new title"), "TEXT" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Add a note"), "TEXT" },
    { NULL }
  };
  GOptionEntry close_entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Add a note"), "TEXT" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  SdCaseUpdate update = { 0 };
  GError *error = NULL;
  gint64 id = 0;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, close ? close_entries : update_entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, 1,
                             close ? _("cases close needs one case number.") : _("cases update needs one case number."),
                             &argc, &argv, NULL, &status) ||
      !parse_case_id (argv[1], &id, &status))
    return status;
  if (close)
    {
      update.set_state = TRUE;
      update.state = SD_CASE_CLOSED;
    }
  else if (state_text != NULL)
    {
      g_autoptr(GError) parse_error = NULL;
      if (!sd_case_state_parse (state_text, &update.state, &parse_error))
        return sd_cli_usage ("%s", parse_error->message);
      update.set_state = TRUE;
    }
  if (handler != NULL && unassign)
    return sd_cli_usage (_("Give --handler NAME or --unassign, not both."));
  if (!close && state_text == NULL && handler == NULL && !unassign && title == NULL && note == NULL)
    return sd_cli_usage (_("cases update needs something to change: --state, --handler, --unassign, --title or --note."));
  update.title = title;
  update.note = note;
  update.set_staff = handler != NULL || unassign;

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (handler != NULL && (update.staff_id = find_handler (session, handler, &status)) == 0)
    return status;
  if (!sd_cases_update (session, id, &update, &error))
    return sd_cli_fail (error);
  return print_result (session, id, json, close ? RESULT_CLOSED : RESULT_UPDATED);
}

static int
run_deadlines (const SdCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("[--set TYPE HOURS] — each case type's resolution deadline"));
  g_autofree char *set = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_STRING, &set,
      N_("Give cases of TYPE opened from now on HOURS to be resolved (open cases keep theirs)"), "TYPE" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  int hours[SD_CASE_TYPE_N];
  SdCaseType type = SD_CASE_OTHER;
  gint64 new_hours = 0;
  g_autofree char *message = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, SD_CLI_ANY_ARGS, NULL, &argc, &argv, NULL, &status))
    return status;
  if (set == NULL && argc != 1)
    return sd_cli_usage (_("cases deadlines takes no arguments without --set TYPE HOURS."));
  if (set != NULL)
    {
      if (argc != 2 || !sd_parse_count (argv[1], &new_hours, &message) || new_hours < 1 || new_hours > 8760)
        return sd_cli_usage (_("cases deadlines --set TYPE HOURS needs the hours: 1 to 8,760."));
      if (!parse_type (set, &type, &status))
        return status;
    }

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (set != NULL && !sd_cases_set_deadline_hours (session, type, (int) new_hours, &error))
    return sd_cli_fail (error);
  if (!sd_cases_get_deadline_hours (session, hours, &error))
    return sd_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      for (int t = 0; t < SD_CASE_TYPE_N; t++)
        sd_json_add_int (b, sd_case_type_to_string ((SdCaseType) t), hours[t]);
      json_builder_end_object (b);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }
  for (int t = 0; t < SD_CASE_TYPE_N; t++)
    {
      g_autofree char *id = sd_cli_pad (sd_case_type_to_string ((SdCaseType) t), 20);
      g_autofree char *label = sd_cli_pad (sd_case_type_describe ((SdCaseType) t), 28);
      g_print (_("%s %s %5d h\n"), id, label, hours[t]);
    }
  return SD_CLI_OK;
}

int
sd_cli_cases (const SdCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("cases needs a command: open, list, show, update, close or deadlines."));
  if (g_str_equal (argv[1], "open"))
    return run_open (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return run_list (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return run_show (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "update"))
    return run_update (globals, argc - 1, argv + 1, FALSE);
  if (g_str_equal (argv[1], "close"))
    return run_update (globals, argc - 1, argv + 1, TRUE);
  if (g_str_equal (argv[1], "deadlines"))
    return run_deadlines (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown cases command “%s”."), argv[1]);
}
