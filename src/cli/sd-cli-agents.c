/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include "sd-agents.h"
#include "sd-cli.h"
#include "sd-conversations.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-router.h"
#include "sd-staff.h"
#include "sd-values.h"

/* agents list|status|set, routing rules, and conversations route: the agents' side of the
 * queue (sd-agents.h) and the router (sd-router.h). The core says who may do what; a
 * refusal exits 3 through sd_cli_fail(). */

/* ---- Departments by name ---- */

/* Department id → shown name, for the plain output. Empty when the account may not list
 * departments (they need customers.view or staff.manage): ids are printed then, and no
 * refusal is logged for a mere display. */
static GHashTable *
department_names (SdSession *session)
{
  GHashTable *names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) departments = NULL;

  if (!sd_session_can (session, SD_PERMISSION_VIEW_CUSTOMERS) && !sd_session_can (session, SD_PERMISSION_MANAGE_STAFF))
    return names;
  departments = sd_departments_list (session, NULL);
  for (guint i = 0; departments != NULL && i < departments->len; i++)
    {
      const SdDepartment *d = g_ptr_array_index (departments, i);

      g_hash_table_insert (names, g_memdup2 (&d->id, sizeof (gint64)), g_strdup (d->name));
    }
  return names;
}

static char *
department_name (GHashTable *names,
                 gint64      id)
{
  const char *name = g_hash_table_lookup (names, &id);

  if (id == 0)
    return g_strdup ("—");
  return name ? g_strdup (name) : g_strdup_printf ("#%lld", (long long) id);
}

/* *OUT_ID for the department NAME (name, key or id); FALSE with the exit status. */
static gboolean
find_department (SdSession  *session,
                 const char *name,
                 gint64     *out_id,
                 int        *out_status)
{
  g_autoptr(SdDepartment) department = NULL;
  GError *error = NULL;

  department = sd_departments_find (session, name, &error);
  if (department == NULL)
    {
      *out_status = sd_cli_fail (error);
      return FALSE;
    }
  *out_id = department->id;
  return TRUE;
}

/* *OUT_ID for the agent NAME (login or full name); FALSE with the exit status. */
static gboolean
find_agent (SdSession  *session,
            const char *name,
            gint64     *out_id,
            int        *out_status)
{
  GError *error = NULL;

  *out_id = sd_conversations_find_agent (session, name, &error);
  if (*out_id == 0)
    *out_status = sd_cli_fail (error);
  return *out_id != 0;
}

/* ---- agents list ---- */

static void
add_agent (JsonBuilder   *b,
           gconstpointer  item)
{
  const SdAgent *agent = item;

  json_builder_begin_object (b);
  sd_json_add_int (b, "staff_id", agent->staff_id);
  sd_json_add_string (b, "login", agent->login);
  sd_json_add_string (b, "display_name", agent->display_name);
  sd_json_add_int (b, "department_id", agent->department_id);
  sd_json_add_bool (b, "disabled", agent->disabled);
  sd_json_add_string (b, "status", sd_agent_status_to_string (agent->status));
  sd_json_add_int (b, "max_concurrent", agent->max_concurrent);
  sd_json_add_int (b, "weight", agent->weight);
  sd_json_add_int (b, "load", agent->load);
  sd_json_add_int (b, "routed", agent->routed);
  sd_json_add_iso_time (b, "changed_at", agent->changed_at);
  json_builder_end_object (b);
}

static void
print_agent (const SdAgent *agent,
             GHashTable    *departments)
{
  g_autofree char *department = department_name (departments, agent->department_id);
  g_autofree char *login = sd_cli_pad (agent->login, 16);
  g_autofree char *dept = sd_cli_pad (department, 14);
  g_autofree char *status = sd_cli_pad (agent->disabled ? _("Disabled") : sd_agent_status_get_label (agent->status), 10);
  g_autofree char *load = g_strdup_printf ("%lld/%d", (long long) agent->load, agent->max_concurrent);
  g_autofree char *routed = sd_format_count (agent->routed);

  g_print ("%s %s %s %7s %6d %9s\n", login, dept, status, load, agent->weight, routed);
}

static int
run_list (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— agents, their status, load and limit"));
  g_autofree char *department = NULL;
  GOptionEntry entries[] = {
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Only this department’s agents"), "DEPARTMENT" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GHashTable) names = NULL;
  GError *error = NULL;
  gboolean json = FALSE;
  gint64 department_id = 0;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (globals, context, &json, 0, _("agents list takes no arguments."), &argc, &argv,
                             &session, &status) ||
      (department != NULL && !find_department (session, department, &department_id, &status)))
    return status;
  agents = sd_agents_list (session, department_id, &error);
  if (agents == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      sd_cli_print_json_array (agents, add_agent);
      return SD_CLI_OK;
    }
  names = department_names (session);
  if (agents->len > 0)
    {
      g_autofree char *h_login = sd_cli_pad (_("Agent"), 16);
      g_autofree char *h_dept = sd_cli_pad (_("Department"), 14);
      g_autofree char *h_status = sd_cli_pad (_("Status"), 10);

      g_print ("%s %s %s %7s %6s %9s\n", h_login, h_dept, h_status, _("Load"), _("Weight"), _("Routed"));
    }
  for (guint i = 0; i < agents->len; i++)
    print_agent (g_ptr_array_index (agents, i), names);
  if (agents->len == 0)
    g_printerr (_("No agents: give a role conversations.own with roles grant, then staff role.\n"));
  return SD_CLI_OK;
}

/* ---- agents status / set ---- */

static int
run_status (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("online|paused|offline — take new conversations or not"));
  g_autofree char *agent = NULL;
  GOptionEntry entries[] = {
    { "agent", 0, 0, G_OPTION_ARG_STRING, &agent, N_("Another agent (a manager may only take them offline)"),
      "LOGIN" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  SdAgentStatus agent_status;
  gint64 staff_id = 0;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("agents status needs online, paused or offline."), &argc,
                             &argv, NULL, &status))
    return status;
  if (!sd_agent_status_from_string (argv[1], &agent_status))
    return sd_cli_usage (_("Unknown status “%s”: use online, paused or offline."), argv[1]);
  if (!(session = sd_cli_open_session (globals, &error)))
    return sd_cli_fail (error);
  if (agent != NULL && !find_agent (session, agent, &staff_id, &status))
    return status;
  if (!sd_agents_set_status (session, staff_id, agent_status, &error))
    return sd_cli_fail (error);
  g_print (_("%s is now %s.\n"), agent ? agent : sd_session_get_staff_name (session),
           sd_agent_status_get_label (agent_status));
  return SD_CLI_OK;
}

static int
run_set (const SdCliGlobals *globals,
         int                 argc,
         char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("LOGIN — an agent’s limit and routing weight"));
  int limit = 0, weight = 0;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Open conversations at most, 1–100"), "N" },
    { "weight", 0, 0, G_OPTION_ARG_INT, &weight, N_("Share of new conversations, 1–100"), "W" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdAgent) agent = NULL;
  GError *error = NULL;
  gint64 staff_id = 0;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("agents set needs the agent’s login."), &argc, &argv, NULL,
                             &status))
    return status;
  /* 0 would mean "keep" to the core: out here it is a value out of range. */
  if (limit == 0 && weight == 0)
    return sd_cli_usage (_("agents set needs --limit N or --weight W (or both)."));
  if (limit < 0 || limit > SD_AGENT_MAX_LIMIT || weight < 0 || weight > SD_AGENT_MAX_WEIGHT)
    return sd_cli_usage (_("--limit and --weight are whole numbers from 1 to 100."));
  if (!(session = sd_cli_open_session (globals, &error)))
    return sd_cli_fail (error);
  if (!find_agent (session, argv[1], &staff_id, &status))
    return status;
  if (!sd_agents_configure (session, staff_id, limit, weight, &error) ||
      !(agent = sd_agents_get (session, staff_id, &error)))
    return sd_cli_fail (error);
  g_print (_("%s: up to %d conversations at once, routing weight %d.\n"), agent->login, agent->max_concurrent,
           agent->weight);
  return SD_CLI_OK;
}

int
sd_cli_agents (const SdCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("agents needs a command: list, status or set."));
  if (g_str_equal (argv[1], "list"))
    return run_list (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "status"))
    return run_status (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "set"))
    return run_set (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown agents command “%s”."), argv[1]);
}

/* ---- routing rules ---- */

static void
add_rule (JsonBuilder   *b,
          gconstpointer  item)
{
  const SdRoutingRule *rule = item;

  json_builder_begin_object (b);
  sd_json_add_string (b, "match", sd_routing_match_to_string (rule->match));
  sd_json_add_string (b, "pattern", rule->pattern);
  sd_json_add_int (b, "department_id", rule->department_id);
  json_builder_end_object (b);
}

/* One line of a rules file, "MATCH [WORDS] DEPARTMENT", as a rule; NULL with the usage
 * error (or the core's, for an unknown department) in *OUT_STATUS. */
static SdRoutingRule *
parse_rule_line (SdSession  *session,
                 const char *path,
                 guint       number,
                 const char *line,
                 int        *out_status)
{
  g_auto(GStrv) tokens = g_strsplit_set (line, " \t", -1);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  SdRoutingMatch match;
  gint64 department_id = 0;

  for (guint i = 0; tokens[i] != NULL; i++)
    if (*tokens[i] != '\0')
      g_ptr_array_add (words, tokens[i]);
  if (words->len < 2 || words->len > 3 || !sd_routing_match_from_string (g_ptr_array_index (words, 0), &match) ||
      (words->len == 3) != (match == SD_ROUTING_KEYWORD))
    {
      *out_status = sd_cli_usage (_("%s: line %u: write “after_sales_order DEPARTMENT”, “keyword WORD|WORD "
                                    "DEPARTMENT” or “any DEPARTMENT”."), path, number);
      return NULL;
    }
  if (!find_department (session, g_ptr_array_index (words, words->len - 1), &department_id, out_status))
    return NULL;
  return sd_routing_rule_new (match, words->len == 3 ? g_ptr_array_index (words, 1) : "", department_id);
}

/* The rules in the file PATH; NULL with the exit status. */
static GPtrArray *
read_rules (SdSession  *session,
            const char *path,
            int        *out_status)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_routing_rule_free);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GError *error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      *out_status = sd_cli_fail (error);
      return NULL;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      SdRoutingRule *rule;

      if (*line == '\0' || *line == '#')
        continue;
      if (!(rule = parse_rule_line (session, path, i + 1, line, out_status)))
        return NULL;
      g_ptr_array_add (rules, rule);
    }
  return g_steal_pointer (&rules);
}

static void
print_rules (GPtrArray  *rules,
             GHashTable *departments)
{
  for (guint i = 0; i < rules->len; i++)
    {
      const SdRoutingRule *rule = g_ptr_array_index (rules, i);
      g_autofree char *department = department_name (departments, rule->department_id);
      g_autofree char *match = sd_cli_pad (sd_routing_match_to_string (rule->match), 18);
      g_autofree char *pattern = sd_cli_pad (rule->pattern, 24);

      g_print ("%2u. %s %s → %s\n", i + 1, match, pattern, department);
    }
}

static int
run_rules (const SdCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— which department new conversations go to"));
  g_autofree char *set_path = NULL;
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_FILENAME, &set_path,
      N_("Replace the rules with FILE’s: one a line, “after_sales_order DEPARTMENT”, "
         "“keyword WORD|WORD DEPARTMENT” or “any DEPARTMENT”, the last one “any”"), "FILE" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GHashTable) names = NULL;
  GError *error = NULL;
  gboolean json = FALSE;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (globals, context, &json, 0, _("routing rules takes no arguments; see --set."), &argc,
                             &argv, &session, &status))
    return status;
  if (set_path != NULL)
    {
      g_autoptr(GPtrArray) new_rules = read_rules (session, set_path, &status);

      if (new_rules == NULL)
        return status;
      if (!sd_routing_rules_replace (session, new_rules, &error))
        return sd_cli_fail (error);
    }
  rules = sd_routing_rules_list (session, &error);
  if (rules == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      sd_cli_print_json_array (rules, add_rule);
      return SD_CLI_OK;
    }
  names = department_names (session);
  print_rules (rules, names);
  return SD_CLI_OK;
}

int
sd_cli_routing (const SdCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("routing needs a command: rules."));
  if (g_str_equal (argv[1], "rules"))
    return run_rules (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown routing command “%s”."), argv[1]);
}

/* ---- conversations route ---- */

static void
add_route (JsonBuilder   *b,
           gconstpointer  item)
{
  const SdRoute *route = item;

  json_builder_begin_object (b);
  sd_json_add_int (b, "conversation_id", route->conversation_id);
  sd_json_add_string (b, "buyer_nick", route->buyer_nick);
  sd_json_add_int (b, "department_id", route->department_id);
  sd_json_add_int (b, "staff_id", route->staff_id);
  sd_json_add_string (b, "staff", route->staff_login);
  json_builder_end_object (b);
}

int
sd_cli_conversations_route (const SdCliGlobals *globals,
                            int                 argc,
                            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— give waiting conversations to online agents"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GPtrArray) routes = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *n_assigned = NULL, *n_waiting = NULL;
  GError *error = NULL;
  gboolean json = FALSE;
  guint assigned = 0;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (globals, context, &json, 0, _("conversations route takes no arguments."), &argc, &argv,
                             &session, &status))
    return status;
  if (!sd_router_route_waiting (session, &assigned, &routes, &error))
    return sd_cli_fail (error);
  if (json)
    {
      sd_cli_print_json_array (routes, add_route);
      return SD_CLI_OK;
    }
  names = department_names (session);
  for (guint i = 0; i < routes->len; i++)
    {
      const SdRoute *route = g_ptr_array_index (routes, i);
      g_autofree char *department = department_name (names, route->department_id);

      if (route->staff_id != 0)
        g_print (_("#%lld %s → %s (%s)\n"), (long long) route->conversation_id, route->buyer_nick,
                 route->staff_login, department);
      else if (route->department_id != 0)
        g_print (_("#%lld %s waits in the queue of %s: no agent there is online with room.\n"),
                 (long long) route->conversation_id, route->buyer_nick, department);
      else
        g_print (_("#%lld %s waits: no routing rule matched it (see routing rules).\n"),
                 (long long) route->conversation_id, route->buyer_nick);
    }
  n_assigned = sd_format_count (assigned);
  n_waiting = sd_format_count (routes->len);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Assigned %s of %s waiting conversation.\n",
                        "Assigned %s of %s waiting conversations.\n", routes->len), n_assigned, n_waiting);
  return SD_CLI_OK;
}
