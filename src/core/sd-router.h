/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* Routing new conversations (issue 9): which department a waiting conversation belongs
 * to (the routing rules), and which of that department's online agents gets it (smooth
 * weighted round-robin, as nginx balances upstreams, skipping agents at their limit). */

/* ---- Routing rules (routing_rules): the first rule that matches names the department ---- */

typedef enum
{
  SD_ROUTING_AFTER_SALES_ORDER, /* the buyer has an order being refunded (pending or partly
                                 * refunded) or an after-sales case not yet resolved, or the
                                 * channel opened the chat with an after-sales state other
                                 * than "none" (conversations.after_sales) */
  SD_ROUTING_KEYWORD,           /* the buyer's first message holds one of the pattern's words */
  SD_ROUTING_ANY,               /* everything else: the last rule, and only there */
  SD_ROUTING_MATCH_N
} SdRoutingMatch;

typedef struct
{
  SdRoutingMatch  match;
  char           *pattern;        /* keyword: words separated by |, e.g. "退货|退款|refund"; else "" */
  gint64          department_id;
} SdRoutingRule;

const char    *sd_routing_match_to_string   (SdRoutingMatch  match);   /* "after_sales_order", … */
gboolean       sd_routing_match_from_string (const char     *text,
                                             SdRoutingMatch *out_match);
SdRoutingRule *sd_routing_rule_new          (SdRoutingMatch  match,
                                             const char     *pattern,
                                             gint64          department_id);
void           sd_routing_rule_free         (SdRoutingRule  *rule);
/* Whether TEXT holds one of PATTERN's |-separated words (ignoring case; blank words and
 * the spaces around words do not count). */
gboolean       sd_routing_keyword_matches   (const char     *pattern,
                                             const char     *text);
/* Checks RULES without the database: at least one; the last, and only the last, is
 * 'any'; a keyword rule has a word; the others have no pattern. */
gboolean       sd_routing_rules_check       (GPtrArray      *rules,
                                             GError        **error);

/* In order. Needs conversations.own. */
GPtrArray     *sd_routing_rules_list        (SdSession      *session,
                                             GError        **error);   /* SdRoutingRule * */
/* Replaces every rule with RULES, in that order, after sd_routing_rules_check() and a
 * check that each department exists. A manager's action (conversations.all or
 * staff.manage); audited with the rules. */
gboolean       sd_routing_rules_replace     (SdSession      *session,
                                             GPtrArray      *rules,     /* SdRoutingRule * */
                                             GError        **error);

/* ---- Choosing the agent: pure, for the router and its tests ---- */

typedef struct
{
  gint64  staff_id;
  int     weight;           /* 1–100 */
  gint64  load;             /* open conversations now */
  gint64  limit;            /* at most this many */
  gint64  current;          /* smooth-WRR state, kept between picks (agent_status.wrr_current) */
  gint64  routed;           /* times picked, ever */
} SdRouterCandidate;

/* Smooth weighted round-robin over the candidates under their limit: each adds its weight
 * to its current, the one with the highest current wins (the first in the array on a tie)
 * and loses the total weight of those that took part; the winner's load and routed grow
 * by one. Deterministic; over a cycle each gets exactly its weight's share, interleaved
 * (weights 5, 1, 1 give a a b a c a a). Returns the winner's index, -1 when every
 * candidate is at their limit (nothing changes then). */
int            sd_router_pick               (SdRouterCandidate *candidates,
                                             guint              n_candidates);

/* ---- Routing the queue ---- */

typedef struct
{
  gint64  conversation_id;
  char   *buyer_nick;
  gint64  department_id;    /* 0: no rule matched */
  gint64  staff_id;         /* 0: still waiting (nobody free) */
  char   *staff_login;      /* "" when still waiting */
} SdRoute;

void           sd_route_free                (SdRoute        *route);

/* Routes every waiting, unassigned conversation, oldest first: its department by the rules
 * (unless it already waits in a department's queue), then an online agent of that
 * department under their limit, one transaction per conversation. The assignment is the
 * router's (an 'assigned' event with no acting account; not audited, the event is the
 * record). A conversation nobody can take stays waiting in its department's queue.
 * Needs conversations.own: whichever desktop sees a new chat first routes it, by the
 * shop's rules, not the account's choice. *OUT_ASSIGNED: how many were given to an agent;
 * *OUT_ROUTES (may be NULL): one SdRoute for each conversation looked at. */
gboolean       sd_router_route_waiting      (SdSession      *session,
                                             guint          *out_assigned,
                                             GPtrArray     **out_routes,
                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdRoutingRule, sd_routing_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdRoute, sd_route_free)

G_END_DECLS
