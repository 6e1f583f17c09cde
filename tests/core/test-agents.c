/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <string.h>

#include "sd-agents.h"
#include "sd-conversations.h"
#include "sd-error.h"
#include "sd-router.h"
#include "sd-staff.h"
#include "sd-test-util.h"

/* Agents' status and settings and the routing rules as the shop keeps them: who may set
 * what, the checks, what is audited, and what an agent's list shows (load from the
 * conversations). */

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)
#define T0 1772416800   /* 2026-03-02 10:00:00 +08:00 */

typedef struct
{
  char      *dir;
  SdSession *owner;
  SdSession *wang;      /* agent, pre-sales */
  SdSession *zhao;      /* agent, pre-sales */
  SdSession *boss;      /* conversations.all: a service manager */
  gint64     now;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
  f->now = T0;
  sd_test_set_clock (sd_session_get_db (f->owner), &f->now);
  f->wang = sd_test_staff_session (f->owner, "小王", BIT (CONVERSATIONS_OWN));
  f->zhao = sd_test_staff_session (f->owner, "小赵", BIT (CONVERSATIONS_OWN));
  f->boss = sd_test_staff_session (f->owner, "主管", BIT (CONVERSATIONS_ALL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->wang);
  g_clear_object (&f->zhao);
  g_clear_object (&f->boss);
  g_clear_object (&f->owner);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static SdAgent *
get (SdSession *session,
     SdSession *who)
{
  g_autoptr(GError) error = NULL;
  SdAgent *agent = sd_agents_get (session, sd_session_get_staff_id (who), &error);

  g_assert_no_error (error);
  g_assert_nonnull (agent);
  return agent;
}

static void
test_own_status (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdAgent) fresh = get (f->wang, f->wang);
  g_autoptr(SdAgent) paused = NULL;
  g_autoptr(SdAgent) again = NULL;

  /* Never set: offline with the defaults. */
  g_assert_cmpint (fresh->status, ==, SD_AGENT_OFFLINE);
  g_assert_cmpint (fresh->max_concurrent, ==, SD_AGENT_DEFAULT_LIMIT);
  g_assert_cmpint (fresh->weight, ==, SD_AGENT_DEFAULT_WEIGHT);
  g_assert_cmpint (fresh->changed_at, ==, 0);

  f->now = T0 + 60;
  g_assert_true (sd_agents_set_status (f->wang, 0, SD_AGENT_PAUSED, &error));
  g_assert_no_error (error);
  paused = get (f->zhao, f->wang);
  g_assert_cmpint (paused->status, ==, SD_AGENT_PAUSED);
  g_assert_cmpint (paused->changed_at, ==, T0 + 60);

  /* The same status again keeps the time it started. */
  f->now = T0 + 120;
  g_assert_true (sd_agents_set_status (f->wang, sd_session_get_staff_id (f->wang), SD_AGENT_PAUSED, &error));
  g_assert_no_error (error);
  again = get (f->wang, f->wang);
  g_assert_cmpint (again->changed_at, ==, T0 + 60);

  /* One's own status is not audited. */
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_AGENT_STATUS), ==, 0);
}

static void
test_status_of_others (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdAgent) after = NULL;

  g_assert_true (sd_agents_set_status (f->wang, 0, SD_AGENT_ONLINE, &error));
  g_assert_no_error (error);

  /* An agent cannot take a colleague offline. */
  g_assert_false (sd_agents_set_status (f->zhao, sd_session_get_staff_id (f->wang), SD_AGENT_OFFLINE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* A manager cannot put someone online … */
  g_assert_false (sd_agents_set_status (f->boss, sd_session_get_staff_id (f->zhao), SD_AGENT_ONLINE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* … but can take them offline, audited. */
  g_assert_true (sd_agents_set_status (f->boss, sd_session_get_staff_id (f->wang), SD_AGENT_OFFLINE, &error));
  g_assert_no_error (error);
  after = get (f->owner, f->wang);
  g_assert_cmpint (after->status, ==, SD_AGENT_OFFLINE);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_AGENT_STATUS), ==, 1);

  g_assert_false (sd_agents_set_status (f->boss, 9999, SD_AGENT_OFFLINE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

static void
test_configure (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdAgent) set = NULL;
  g_autoptr(SdAgent) kept = NULL;
  gint64 wang = sd_session_get_staff_id (f->wang);

  /* An agent may change neither a colleague's limit nor their own. */
  g_assert_false (sd_agents_configure (f->zhao, wang, 10, 0, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (sd_agents_configure (f->wang, wang, 10, 0, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  g_assert_false (sd_agents_configure (f->boss, wang, 101, 0, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "not 101"));
  g_clear_error (&error);
  g_assert_false (sd_agents_configure (f->boss, wang, 0, -3, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_AGENT_SETTINGS), ==, 0);

  g_assert_true (sd_agents_configure (f->boss, wang, 8, 3, &error));
  g_assert_no_error (error);
  set = get (f->wang, f->wang);
  g_assert_cmpint (set->max_concurrent, ==, 8);
  g_assert_cmpint (set->weight, ==, 3);
  g_assert_cmpint (set->status, ==, SD_AGENT_OFFLINE);

  /* 0 keeps a value. */
  g_assert_true (sd_agents_configure (f->boss, wang, 0, 4, &error));
  g_assert_no_error (error);
  kept = get (f->wang, f->wang);
  g_assert_cmpint (kept->max_concurrent, ==, 8);
  g_assert_cmpint (kept->weight, ==, 4);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_AGENT_SETTINGS), ==, 2);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(SdSession) marketing = sd_test_staff_session (f->owner, "小市", BIT (VIEW_CUSTOMERS));
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) aftersales = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a, b, c;
  guint found = 0;

  /* Two open with 小王, one closed with him, one waiting. */
  a = sd_conversations_open (f->owner, "sim", "a", "买家1", 0, &error);
  b = sd_conversations_open (f->owner, "sim", "b", "买家2", 0, &error);
  c = sd_conversations_open (f->owner, "sim", "c", "买家3", 0, &error);
  sd_conversations_open (f->owner, "sim", "d", "买家4", 0, &error);
  g_assert_no_error (error);
  g_assert_true (sd_conversations_assign (f->owner, a, sd_session_get_staff_id (f->wang), &error));
  g_assert_true (sd_conversations_assign (f->owner, b, sd_session_get_staff_id (f->wang), &error));
  g_assert_true (sd_conversations_assign (f->owner, c, sd_session_get_staff_id (f->wang), &error));
  g_assert_true (sd_conversations_close (f->owner, c, &error));
  g_assert_no_error (error);

  agents = sd_agents_list (f->zhao, 0, &error);
  g_assert_no_error (error);
  /* The owner, 小王, 小赵 and 主管 chat; 小市 (marketing) is no agent. */
  for (guint i = 0; i < agents->len; i++)
    {
      const SdAgent *agent = g_ptr_array_index (agents, i);

      g_assert_cmpstr (agent->login, !=, "小市");
      if (g_str_equal (agent->login, "小王"))
        {
          g_assert_cmpint (agent->load, ==, 2);
          g_assert_cmpint (agent->department_id, ==, 1);
          found++;
        }
      else if (g_str_equal (agent->login, "小赵"))
        {
          g_assert_cmpint (agent->load, ==, 0);
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 2);
  g_assert_cmpuint (agents->len, ==, 4);

  aftersales = sd_agents_list (f->zhao, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aftersales->len, ==, 0);

  g_assert_null (sd_agents_list (marketing, 0, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
}

static GPtrArray *
two_rules (gint64 keyword_department,
           gint64 any_department)
{
  GPtrArray *rules = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_routing_rule_free);

  g_ptr_array_add (rules, sd_routing_rule_new (SD_ROUTING_KEYWORD, "发票|invoice", keyword_department));
  g_ptr_array_add (rules, sd_routing_rule_new (SD_ROUTING_ANY, "", any_department));
  return rules;
}

static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) initial = NULL;
  g_autoptr(GPtrArray) rules = two_rules (2, 1);
  g_autoptr(GPtrArray) bad_department = two_rules (2, 77);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;
  const SdRoutingRule *r;

  /* The shop starts with after-sales orders to after-sales, the rest to pre-sales. */
  initial = sd_routing_rules_list (f->wang, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (initial->len, ==, 2);
  r = g_ptr_array_index (initial, 0);
  g_assert_cmpint (r->match, ==, SD_ROUTING_AFTER_SALES_ORDER);
  g_assert_cmpint (r->department_id, ==, 3);

  /* An agent may read them, not change them. */
  g_assert_false (sd_routing_rules_replace (f->wang, rules, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  g_assert_false (sd_routing_rules_replace (f->boss, bad_department, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "department 77"));
  g_clear_error (&error);
  kept = sd_routing_rules_list (f->boss, &error);
  g_assert_cmpuint (kept->len, ==, 2);
  g_assert_cmpint (((SdRoutingRule *) g_ptr_array_index (kept, 0))->match, ==, SD_ROUTING_AFTER_SALES_ORDER);

  g_assert_true (sd_routing_rules_replace (f->boss, rules, &error));
  g_assert_no_error (error);
  saved = sd_routing_rules_list (f->wang, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 2);
  r = g_ptr_array_index (saved, 0);
  g_assert_cmpint (r->match, ==, SD_ROUTING_KEYWORD);
  g_assert_cmpstr (r->pattern, ==, "发票|invoice");
  g_assert_cmpint (r->department_id, ==, 2);
  r = g_ptr_array_index (saved, 1);
  g_assert_cmpint (r->match, ==, SD_ROUTING_ANY);
  g_assert_cmpint (r->department_id, ==, 1);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_ROUTING_RULES), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/agents/status/own", test_own_status);
  ADD ("/core/agents/status/others", test_status_of_others);
  ADD ("/core/agents/configure", test_configure);
  ADD ("/core/agents/list", test_list);
  ADD ("/core/agents/rules", test_rules);
#undef ADD

  return g_test_run ();
}
