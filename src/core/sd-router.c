/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-router"

#include <string.h>

#include "sd-i18n.h"

#include "sd-agent-store-private.h"
#include "sd-agents-private.h"
#include "sd-audit.h"
#include "sd-conversation-store-private.h"
#include "sd-error.h"
#include "sd-router.h"

/* ---- Routing rules ---- */

static const char * const match_strings[SD_ROUTING_MATCH_N] = { "after_sales_order", "keyword", "any" };

const char *
sd_routing_match_to_string (SdRoutingMatch match)
{
  return (guint) match < SD_ROUTING_MATCH_N ? match_strings[match] : NULL;
}

gboolean
sd_routing_match_from_string (const char     *text,
                              SdRoutingMatch *out_match)
{
  int i = _sd_agents_string_index (match_strings, SD_ROUTING_MATCH_N, text);

  if (i < 0)
    return FALSE;
  *out_match = (SdRoutingMatch) i;
  return TRUE;
}

SdRoutingRule *
sd_routing_rule_new (SdRoutingMatch  match,
                     const char     *pattern,
                     gint64          department_id)
{
  SdRoutingRule *rule = g_new0 (SdRoutingRule, 1);

  rule->match = match;
  rule->pattern = g_strdup (pattern ? pattern : "");
  rule->department_id = department_id;
  return rule;
}

void
sd_routing_rule_free (SdRoutingRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->pattern);
  g_free (rule);
}

void
sd_route_free (SdRoute *route)
{
  if (route == NULL)
    return;
  g_free (route->buyer_nick);
  g_free (route->staff_login);
  g_free (route);
}

/* PATTERN's words, stripped and case-folded, blank ones left out. */
static GPtrArray *
pattern_words (const char *pattern)
{
  g_auto(GStrv) parts = g_strsplit (pattern ? pattern : "", "|", -1);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_ptr_array_add (words, g_utf8_casefold (parts[i], -1));
    }
  return words;
}

gboolean
sd_routing_keyword_matches (const char *pattern,
                            const char *text)
{
  g_autoptr(GPtrArray) words = pattern_words (pattern);
  g_autofree char *folded = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; i < words->len; i++)
    if (strstr (folded, g_ptr_array_index (words, i)) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
check_rule (const SdRoutingRule *rule,
            guint                number,
            gboolean             last,
            GError             **error)
{
  g_autoptr(GPtrArray) words = pattern_words (rule->pattern);

  if ((guint) rule->match >= SD_ROUTING_MATCH_N || rule->department_id <= 0)
    g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                 _("Routing rule %u needs a match and a department."), number);
  else if (rule->match == SD_ROUTING_ANY && !last)
    g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                 _("Routing rule %u matches every conversation, so the rules after it would never apply: "
                   "make it the last."), number);
  else if (rule->match != SD_ROUTING_ANY && last)
    g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                 _("The last routing rule must be “any”, so that every conversation finds a department: "
                   "add one after rule %u."), number);
  else if (rule->match == SD_ROUTING_KEYWORD && words->len == 0)
    g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                 _("Routing rule %u is a keyword rule without a word: give words separated by |, "
                   "such as 退货|退款."), number);
  else if (rule->match != SD_ROUTING_KEYWORD && rule->pattern != NULL && *rule->pattern != '\0')
    g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                 _("Routing rule %u has words, but only a keyword rule reads them: remove “%s”."), number,
                 rule->pattern);
  else
    return TRUE;
  return FALSE;
}

gboolean
sd_routing_rules_check (GPtrArray  *rules,
                        GError    **error)
{
  g_return_val_if_fail (rules != NULL, FALSE);

  if (rules->len == 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("There must be at least one routing rule: “any” with the department that "
                             "takes every new conversation."));
      return FALSE;
    }
  for (guint i = 0; i < rules->len; i++)
    if (!check_rule (g_ptr_array_index (rules, i), i + 1, i + 1 == rules->len, error))
      return FALSE;
  return TRUE;
}

GPtrArray *
sd_routing_rules_list (SdSession  *session,
                       GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error))
    return NULL;
  return _sd_agent_store_list_rules (sd_session_get_db (session), error);
}

/* "1. after_sales_order → 3; 2. keyword 退货|退款 → 3; 3. any → 1", for the audit log. */
static char *
describe_rules (GPtrArray *rules)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < rules->len; i++)
    {
      const SdRoutingRule *rule = g_ptr_array_index (rules, i);

      g_string_append_printf (text, "%s%u. %s%s%s → %lld", i ? "; " : "", i + 1,
                              sd_routing_match_to_string (rule->match), *rule->pattern ? " " : "",
                              rule->pattern, (long long) rule->department_id);
    }
  return g_string_free (text, FALSE);
}

gboolean
sd_routing_rules_replace (SdSession  *session,
                          GPtrArray  *rules,
                          GError    **error)
{
  g_autofree char *detail = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);

  if (!_sd_agents_require_manager (session, error) || !sd_routing_rules_check (rules, error))
    return FALSE;
  db = sd_session_get_db (session);
  for (guint i = 0; i < rules->len; i++)
    {
      const SdRoutingRule *rule = g_ptr_array_index (rules, i);

      if (!_sd_agent_store_department_exists (db, rule->department_id))
        {
          g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                       _("Routing rule %u names department %lld, which does not exist: see departments list."),
                       i + 1, (long long) rule->department_id);
          return FALSE;
        }
    }
  detail = describe_rules (rules);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_agent_store_replace_rules (db, rules, error) ||
      !sd_audit_append (session, SD_AUDIT_ROUTING_RULES, "routing", "", detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

/* ---- Choosing the agent ---- */

int
sd_router_pick (SdRouterCandidate *candidates,
                guint              n_candidates)
{
  gint64 total = 0;
  int best = -1;

  g_return_val_if_fail (candidates != NULL || n_candidates == 0, -1);

  for (guint i = 0; i < n_candidates; i++)
    {
      SdRouterCandidate *c = &candidates[i];

      /* An agent at their limit sits this round out, as nginx leaves out a peer that is down:
       * their current does not grow, so they do not come back owed a burst of chats. */
      if (c->load >= c->limit || c->weight <= 0)
        continue;
      c->current += c->weight;
      total += c->weight;
      if (best < 0 || c->current > candidates[best].current)
        best = (int) i;
    }
  if (best < 0)
    return -1;
  candidates[best].current -= total;
  candidates[best].load++;
  candidates[best].routed++;
  return best;
}

/* ---- Routing the queue ---- */

/* The department the first matching rule names; 0 when none matches. */
static gint64
choose_department (SdDb                        *db,
                   GPtrArray                   *rules,
                   const SdWaitingConversation *w)
{
  g_autofree char *first_text = NULL;
  gboolean text_read = FALSE;

  for (guint i = 0; i < rules->len; i++)
    {
      const SdRoutingRule *rule = g_ptr_array_index (rules, i);

      switch (rule->match)
        {
        case SD_ROUTING_AFTER_SALES_ORDER:
          if (_sd_agent_store_has_after_sales (db, w->id, w->customer_id))
            return rule->department_id;
          break;
        case SD_ROUTING_KEYWORD:
          if (!text_read)
            {
              first_text = _sd_agent_store_first_buyer_text (db, w->id);
              text_read = TRUE;
            }
          if (sd_routing_keyword_matches (rule->pattern, first_text))
            return rule->department_id;
          break;
        case SD_ROUTING_ANY:
          return rule->department_id;
        case SD_ROUTING_MATCH_N:
        default:
          break;
        }
    }
  return 0;
}

/* Gives W to the next agent of DEPARTMENT_ID, or puts it in that department's queue.
 * *OUT_STAFF: the agent, 0 when nobody could take it, -1 when another desktop routed it
 * first; FALSE on a database error (nothing of W changed then). */
static gboolean
route_one (SdDb                        *db,
           const SdWaitingConversation *w,
           gint64                       department_id,
           gint64                      *out_staff,
           GError                     **error)
{
  g_autoptr(GArray) candidates = NULL;
  SdConversationEvent event = { .kind = (char *) "assigned" };
  int pick = -1;

  *out_staff = 0;
  /* Another desktop routing the same conversation at the same time waits (a shop file's
   * BEGIN IMMEDIATE; a team database's row lock in the check), then sees it taken. */
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_agent_store_still_waiting (db, w->id))
    {
      *out_staff = -1;
      return sd_db_commit (db, error);
    }
  if (department_id != 0 && !(candidates = _sd_agent_store_candidates (db, department_id, error)))
    goto fail;
  if (candidates != NULL)
    pick = sd_router_pick ((SdRouterCandidate *) (gpointer) candidates->data, candidates->len);
  if (pick >= 0)
    {
      event.at = sd_db_now (db);
      event.to_staff_id = g_array_index (candidates, SdRouterCandidate, pick).staff_id;
      if (!_sd_conversation_store_set_staff (db, w->id, event.to_staff_id, department_id, event.at, error) ||
          !_sd_conversation_store_add_event (db, w->id, &event, error) ||
          !_sd_agent_store_save_candidates (db, candidates, error))
        goto fail;
      *out_staff = event.to_staff_id;
    }
  else if (department_id != w->department_id && !_sd_agent_store_queue (db, w->id, department_id, error))
    goto fail;
  if (sd_db_commit (db, error))
    return TRUE;

fail:
  *out_staff = 0;
  sd_db_rollback (db);
  return FALSE;
}

/* Staff id → login of every agent, for the routes' report. */
static GHashTable *
agent_logins (SdDb    *db,
              GError **error)
{
  g_autoptr(GPtrArray) agents = _sd_agent_store_list (db, 0, 0, error);
  GHashTable *logins;

  if (agents == NULL)
    return NULL;
  logins = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < agents->len; i++)
    {
      const SdAgent *agent = g_ptr_array_index (agents, i);

      g_hash_table_insert (logins, g_memdup2 (&agent->staff_id, sizeof (gint64)), g_strdup (agent->login));
    }
  return logins;
}

gboolean
sd_router_route_waiting (SdSession  *session,
                         guint      *out_assigned,
                         GPtrArray **out_routes,
                         GError    **error)
{
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GPtrArray) routes = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_route_free);
  g_autoptr(GHashTable) logins = NULL;
  guint assigned = 0;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (out_assigned != NULL)
    *out_assigned = 0;
  if (out_routes != NULL)
    *out_routes = NULL;
  if (!sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error))
    return FALSE;
  db = sd_session_get_db (session);
  if (!(rules = _sd_agent_store_list_rules (db, error)) ||
      !(waiting = _sd_agent_store_waiting (db, error)) ||
      !(logins = agent_logins (db, error)))
    return FALSE;

  for (guint i = 0; i < waiting->len; i++)
    {
      const SdWaitingConversation *w = g_ptr_array_index (waiting, i);
      /* A conversation already in a department's queue stays in it. */
      gint64 department = w->department_id ? w->department_id : choose_department (db, rules, w);
      SdRoute *route;
      gint64 staff;

      /* What was assigned before an error stays assigned: each is its own transaction. */
      if (!route_one (db, w, department, &staff, error))
        {
          if (out_assigned != NULL)
            *out_assigned = assigned;
          return FALSE;
        }
      if (staff < 0)
        continue;
      route = g_new0 (SdRoute, 1);
      route->conversation_id = w->id;
      route->buyer_nick = g_strdup (w->buyer_nick);
      route->department_id = department;
      route->staff_id = staff;
      route->staff_login = g_strdup (staff ? g_hash_table_lookup (logins, &staff) : "");
      g_ptr_array_add (routes, route);
      assigned += staff != 0;
    }
  if (out_assigned != NULL)
    *out_assigned = assigned;
  if (out_routes != NULL)
    *out_routes = g_steal_pointer (&routes);
  return TRUE;
}
