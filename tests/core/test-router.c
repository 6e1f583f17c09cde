/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <sqlite3.h>
#include <string.h>

#include "sd-agents.h"
#include "sd-conversations.h"
#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-router.h"
#include "sd-staff.h"
#include "sd-test-util.h"

/* The router: smooth weighted round-robin on its own (the nginx sequence, exact shares,
 * limits), keyword matching and rule checks, then routing a real queue: departments by
 * rule, limits, paused and offline agents, disabled accounts, and fairness kept across
 * runs. */

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)
#define T0 1772416800   /* 2026-03-02 10:00:00 +08:00 */
#define PRESALES 1
#define AFTERSALES 3

/* ---- Smooth WRR, pure ---- */

static void
fill (SdRouterCandidate *c,
      guint              n,
      const int         *weights,
      gint64             limit)
{
  for (guint i = 0; i < n; i++)
    c[i] = (SdRouterCandidate) { .staff_id = i + 1, .weight = weights[i], .limit = limit };
}

static void
test_wrr_nginx_sequence (void)
{
  const int weights[] = { 5, 1, 1 };
  SdRouterCandidate c[3];
  GString *sequence = g_string_new (NULL);

  /* nginx's own example (ngx_http_upstream_round_robin.c): weights 5, 1, 1 give
   * a a b a c a a, and every current is back at 0 after the cycle. */
  fill (c, 3, weights, 1000);
  for (int i = 0; i < 7; i++)
    g_string_append_c (sequence, "abc"[sd_router_pick (c, 3)]);
  g_assert_cmpstr (sequence->str, ==, "aabacaa");
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (c[i].current, ==, 0);
  g_assert_cmpint (c[0].routed, ==, 5);
  g_assert_cmpint (c[0].load, ==, 5);
  g_string_free (sequence, TRUE);
}

static void
test_wrr_shares (void)
{
  const int weights[] = { 5, 1, 1 };
  SdRouterCandidate c[3];
  guint count[3] = { 0 };

  fill (c, 3, weights, 1000);
  for (int i = 0; i < 700; i++)
    count[sd_router_pick (c, 3)]++;
  g_assert_cmpuint (count[0], ==, 500);
  g_assert_cmpuint (count[1], ==, 100);
  g_assert_cmpuint (count[2], ==, 100);
  g_assert_cmpint (c[1].routed, ==, 100);
}

static void
test_wrr_limits (void)
{
  const int weights[] = { 5, 1, 1 };
  SdRouterCandidate c[3];
  SdRouterCandidate before[3];
  GString *sequence = g_string_new (NULL);

  fill (c, 3, weights, 2);
  c[0].load = 2;                    /* a is full: b and c share the chats, turn about */
  for (int i = 0; i < 4; i++)
    g_string_append_c (sequence, "abc"[sd_router_pick (c, 3)]);
  g_assert_cmpstr (sequence->str, ==, "bcbc");
  g_assert_cmpint (c[0].current, ==, 0);   /* a sat out: owed nothing */
  g_assert_cmpint (c[0].routed, ==, 0);

  /* Everyone full: nobody is picked and nothing moves. */
  memcpy (before, c, sizeof c);
  g_assert_cmpint (sd_router_pick (c, 3), ==, -1);
  g_assert_cmpmem (before, sizeof before, c, sizeof c);
  g_assert_cmpint (sd_router_pick (NULL, 0), ==, -1);
  g_string_free (sequence, TRUE);
}

static void
test_keyword (void)
{
  g_assert_true (sd_routing_keyword_matches ("退货|退款", "你好，我想退款"));
  g_assert_true (sd_routing_keyword_matches (" 退货 | Refund ", "can I get a REFUND?"));
  g_assert_false (sd_routing_keyword_matches ("退货|退款", "这件有货吗"));
  g_assert_false (sd_routing_keyword_matches ("| |", "anything"));
  g_assert_false (sd_routing_keyword_matches ("退货", NULL));
  g_assert_false (sd_routing_keyword_matches ("退货", ""));
}

static GPtrArray *
rules_of (const SdRoutingRule *rules,
          guint                n)
{
  GPtrArray *array = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_routing_rule_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, sd_routing_rule_new (rules[i].match, rules[i].pattern, rules[i].department_id));
  return array;
}

static void
assert_rules_refused (const SdRoutingRule *rules,
                      guint                n,
                      const char          *message_part)
{
  g_autoptr(GPtrArray) array = rules_of (rules, n);
  g_autoptr(GError) error = NULL;

  g_assert_false (sd_routing_rules_check (array, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_rules_check (void)
{
  const SdRoutingRule good[] = {
    { SD_ROUTING_AFTER_SALES_ORDER, "", AFTERSALES },
    { SD_ROUTING_KEYWORD, "退货|退款", AFTERSALES },
    { SD_ROUTING_ANY, "", PRESALES },
  };
  const SdRoutingRule no_any[] = { { SD_ROUTING_KEYWORD, "退货", AFTERSALES } };
  const SdRoutingRule any_first[] = { { SD_ROUTING_ANY, "", PRESALES }, { SD_ROUTING_ANY, "", AFTERSALES } };
  const SdRoutingRule no_word[] = { { SD_ROUTING_KEYWORD, " | ", AFTERSALES }, { SD_ROUTING_ANY, "", PRESALES } };
  const SdRoutingRule stray_word[] = { { SD_ROUTING_ANY, "退货", PRESALES } };
  const SdRoutingRule no_department[] = { { SD_ROUTING_ANY, "", 0 } };
  g_autoptr(GPtrArray) array = rules_of (good, G_N_ELEMENTS (good));
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_routing_rules_check (array, &error));
  g_assert_no_error (error);
  g_assert_false (sd_routing_rules_check (empty, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  assert_rules_refused (no_any, 1, "last routing rule must be “any”");
  assert_rules_refused (any_first, 2, "Routing rule 1 matches every conversation");
  assert_rules_refused (no_word, 2, "Routing rule 1 is a keyword rule without a word");
  assert_rules_refused (stray_word, 1, "remove “退货”");
  assert_rules_refused (no_department, 1, "Routing rule 1 needs a match and a department");
}

/* ---- Routing a real queue ---- */

typedef struct
{
  char      *dir;
  SdSession *owner;
  SdSession *wang;      /* pre-sales */
  SdSession *zhang;     /* pre-sales */
  SdSession *li;        /* after-sales */
  gint64     now;
  guint      refs;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
  f->now = T0;
  sd_test_set_clock (sd_session_get_db (f->owner), &f->now);
  f->wang = sd_test_agent_session (f->owner, "小王", PRESALES);
  f->zhang = sd_test_agent_session (f->owner, "小张", PRESALES);
  f->li = sd_test_agent_session (f->owner, "小李", AFTERSALES);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->wang);
  g_clear_object (&f->zhang);
  g_clear_object (&f->li);
  g_clear_object (&f->owner);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
set_status (SdSession     *session,
            SdAgentStatus  status)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_agents_set_status (session, 0, status, &error));
  g_assert_no_error (error);
}

static void
set_limit (Fixture   *f,
           SdSession *session,
           int        limit,
           int        weight)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_agents_configure (f->owner, sd_session_get_staff_id (session), limit, weight, &error));
  g_assert_no_error (error);
}

/* A new waiting conversation with NICK, whose first message is TEXT (NULL: none yet). */
static gint64
chat (Fixture    *f,
      const char *nick,
      const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = g_strdup_printf ("c%u", ++f->refs);
  gint64 id;

  f->now++;
  id = sd_conversations_open (f->owner, "sim", ref, nick, 0, &error);
  g_assert_no_error (error);
  if (text != NULL)
    {
      g_assert_cmpint (sd_conversations_add_message (f->owner, id, SD_CHAT_IN, text, 0, &error), >, 0);
      g_assert_no_error (error);
    }
  return id;
}

/* Routes the queue; how many were assigned. */
static guint
route (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) routes = NULL;
  guint assigned = 99;

  g_assert_true (sd_router_route_waiting (f->owner, &assigned, &routes, &error));
  g_assert_no_error (error);
  g_assert_nonnull (routes);
  return assigned;
}

static SdConversation *
get (Fixture *f,
     gint64   id)
{
  g_autoptr(GError) error = NULL;
  SdConversation *c = sd_conversations_get (f->owner, id, &error);

  g_assert_no_error (error);
  return c;
}

static void
assert_with (Fixture   *f,
             gint64     id,
             SdSession *expected)
{
  g_autoptr(SdConversation) c = get (f, id);

  if (expected == NULL)
    {
      g_assert_cmpint (c->state, ==, SD_CONVERSATION_WAITING);
      g_assert_cmpint (c->staff_id, ==, 0);
      return;
    }
  g_assert_cmpint (c->state, ==, SD_CONVERSATION_OPEN);
  g_assert_cmpint (c->staff_id, ==, sd_session_get_staff_id (expected));
}

static gint64
department_of (Fixture *f,
               gint64   id)
{
  g_autoptr(SdConversation) c = get (f, id);

  return c->department_id;
}

static void
add_order (Fixture    *f,
           gint64      customer_id,
           const char *refund_state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("INSERT INTO orders (platform_order_id, customer_id, amount_cents, "
                                          "created_at, status, refund_state) VALUES ('O%lld%s', %lld, 9900, "
                                          "1700000000, 'TRADE_FINISHED', '%s')", (long long) customer_id,
                                          refund_state, (long long) customer_id, refund_state);

  g_assert_true (_sd_db_exec (sd_session_get_db (f->owner), sql, &error));
  g_assert_no_error (error);
}

static void
test_route_departments (Fixture       *f,
                        gconstpointer  data)
{
  const SdRoutingRule rules[] = {
    { SD_ROUTING_AFTER_SALES_ORDER, "", AFTERSALES },
    { SD_ROUTING_KEYWORD, "退货|退款", AFTERSALES },
    { SD_ROUTING_ANY, "", PRESALES },
  };
  g_autoptr(GPtrArray) array = rules_of (rules, G_N_ELEMENTS (rules));
  g_autoptr(GError) error = NULL;
  g_autoptr(SdConversation) assigned = NULL;
  gint64 refunding = sd_test_add_customer (f->owner, "tb_refund", "退款中", NULL);
  gint64 finished = sd_test_add_customer (f->owner, "tb_done", "老买家", NULL);
  gint64 a, b, c, d;

  add_order (f, refunding, "pending");
  add_order (f, finished, "none");
  g_assert_true (sd_routing_rules_replace (f->owner, array, &error));
  g_assert_no_error (error);
  set_status (f->wang, SD_AGENT_ONLINE);
  set_status (f->li, SD_AGENT_ONLINE);

  a = chat (f, "tb_refund", "在吗");            /* an order being refunded: after-sales */
  b = chat (f, "tb_done", "这件有货吗");         /* an order, but nothing after-sales: pre-sales */
  c = chat (f, "路人甲", "我想退货");            /* no customer, but the keyword */
  d = chat (f, "路人乙", NULL);                 /* has not written: the keyword cannot match */
  g_assert_cmpuint (route (f), ==, 4);
  assert_with (f, a, f->li);
  assert_with (f, b, f->wang);
  assert_with (f, c, f->li);
  assert_with (f, d, f->wang);
  g_assert_cmpint (department_of (f, a), ==, AFTERSALES);
  g_assert_cmpint (department_of (f, b), ==, PRESALES);

  /* The router's own assignment: an event by nobody, at the clock's time. */
  assigned = sd_conversations_get (f->owner, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assigned->events->len, ==, 1);
  g_assert_cmpstr (((SdConversationEvent *) g_ptr_array_index (assigned->events, 0))->kind, ==, "assigned");
  g_assert_cmpint (((SdConversationEvent *) g_ptr_array_index (assigned->events, 0))->by_staff_id, ==, 0);
  g_assert_cmpint (((SdConversationEvent *) g_ptr_array_index (assigned->events, 0))->to_staff_id, ==,
                   sd_session_get_staff_id (f->li));
  g_assert_cmpint (assigned->assigned_at, ==, f->now);

  /* An open after-sales case counts as after-sales too. */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO cases (type, customer_id, created_at, updated_at, "
                                            "deadline_at) VALUES ('complaint', %lld, 1, 1, 2)", (long long) finished);
    gint64 e;

    g_assert_true (_sd_db_exec (sd_session_get_db (f->owner), sql, &error));
    g_assert_no_error (error);
    e = chat (f, "tb_done", "你好");
    g_assert_cmpuint (route (f), ==, 1);
    assert_with (f, e, f->li);
  }
}

static void
test_route_limits (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a, b, c;

  set_limit (f, f->wang, 1, 0);
  set_status (f->wang, SD_AGENT_ONLINE);
  a = chat (f, "买家1", "你好");
  b = chat (f, "买家2", "你好");
  g_assert_cmpuint (route (f), ==, 1);
  assert_with (f, a, f->wang);
  /* 小王 is at his limit and nobody else is online: b waits, in pre-sales' queue. */
  assert_with (f, b, NULL);
  g_assert_cmpint (department_of (f, b), ==, PRESALES);
  g_assert_cmpuint (route (f), ==, 0);
  assert_with (f, b, NULL);

  /* A closed conversation frees his place: b goes to him, oldest first before c. */
  c = chat (f, "买家3", "你好");
  g_assert_true (sd_conversations_close (f->wang, a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (route (f), ==, 1);
  assert_with (f, b, f->wang);
  assert_with (f, c, NULL);
}

static void
test_route_paused_offline (Fixture       *f,
                           gconstpointer  data)
{
  gint64 a, b;

  set_status (f->wang, SD_AGENT_ONLINE);
  a = chat (f, "买家1", "你好");
  g_assert_cmpuint (route (f), ==, 1);
  assert_with (f, a, f->wang);

  /* Paused: keeps a, gets nothing new. */
  set_status (f->wang, SD_AGENT_PAUSED);
  b = chat (f, "买家2", "你好");
  g_assert_cmpuint (route (f), ==, 0);
  assert_with (f, a, f->wang);
  assert_with (f, b, NULL);

  /* Offline: the same. */
  set_status (f->wang, SD_AGENT_OFFLINE);
  g_assert_cmpuint (route (f), ==, 0);
  assert_with (f, a, f->wang);
  assert_with (f, b, NULL);

  /* Another pre-sales agent online takes b; an after-sales one never would. */
  set_status (f->li, SD_AGENT_ONLINE);
  g_assert_cmpuint (route (f), ==, 0);
  set_status (f->zhang, SD_AGENT_ONLINE);
  g_assert_cmpuint (route (f), ==, 1);
  assert_with (f, b, f->zhang);
}

static void
test_route_disabled (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a;

  set_status (f->wang, SD_AGENT_ONLINE);
  g_assert_true (sd_staff_set_enabled (f->owner, sd_session_get_staff_id (f->wang), FALSE, &error));
  g_assert_no_error (error);
  a = chat (f, "买家1", "你好");
  g_assert_cmpuint (route (f), ==, 0);
  assert_with (f, a, NULL);
}

/* Equal weights: 小王, 小张, 小王 in one run, 小张, 小王, 小张 in the next: the state is
 * kept in the shop between runs, so nobody is favoured by where a run starts. */
static void
test_route_fair_across_runs (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  SdSession *expected[] = { f->wang, f->zhang, f->wang, f->zhang, f->wang, f->zhang };
  gint64 ids[6];

  set_status (f->wang, SD_AGENT_ONLINE);
  set_status (f->zhang, SD_AGENT_ONLINE);
  for (int run = 0; run < 2; run++)
    {
      for (int i = 0; i < 3; i++)
        ids[run * 3 + i] = chat (f, "买家", "你好");
      g_assert_cmpuint (route (f), ==, 3);
    }
  for (int i = 0; i < 6; i++)
    assert_with (f, ids[i], expected[i]);

  agents = sd_agents_list (f->owner, PRESALES, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, ==, 2);
  for (guint i = 0; i < agents->len; i++)
    {
      const SdAgent *a = g_ptr_array_index (agents, i);

      g_assert_cmpint (a->routed, ==, 3);
      g_assert_cmpint (a->load, ==, 3);
    }
}

/* Weight 2 : 1 in the shop: of 6 new chats 小王 gets 4, interleaved. */
static void
test_route_weights (Fixture       *f,
                    gconstpointer  data)
{
  SdSession *expected[] = { f->wang, f->zhang, f->wang, f->wang, f->zhang, f->wang };
  gint64 ids[6];

  set_limit (f, f->wang, 10, 2);
  set_status (f->wang, SD_AGENT_ONLINE);
  set_status (f->zhang, SD_AGENT_ONLINE);
  for (int i = 0; i < 6; i++)
    ids[i] = chat (f, "买家", "你好");
  g_assert_cmpuint (route (f), ==, 6);
  for (int i = 0; i < 6; i++)
    assert_with (f, ids[i], expected[i]);
}

static void
test_route_needs_permission (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SdSession) marketing = sd_test_staff_session (f->owner, "小市", BIT (VIEW_CUSTOMERS));
  g_autoptr(GError) error = NULL;
  guint assigned = 7;

  g_assert_false (sd_router_route_waiting (marketing, &assigned, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (assigned, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/router/wrr/nginx-sequence", test_wrr_nginx_sequence);
  g_test_add_func ("/core/router/wrr/shares", test_wrr_shares);
  g_test_add_func ("/core/router/wrr/limits", test_wrr_limits);
  g_test_add_func ("/core/router/keyword", test_keyword);
  g_test_add_func ("/core/router/rules-check", test_rules_check);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/router/route/departments", test_route_departments);
  ADD ("/core/router/route/limits", test_route_limits);
  ADD ("/core/router/route/paused-offline", test_route_paused_offline);
  ADD ("/core/router/route/disabled", test_route_disabled);
  ADD ("/core/router/route/fair-across-runs", test_route_fair_across_runs);
  ADD ("/core/router/route/weights", test_route_weights);
  ADD ("/core/router/route/permission", test_route_needs_permission);
#undef ADD

  return g_test_run ();
}
