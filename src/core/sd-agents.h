/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* Customer-service agents as the router sees them (schema 8, agent_status): whether each
 * takes new conversations, how many at once, and their share of new ones.
 *
 * An agent is a staff account whose role holds conversations.own (or conversations.all,
 * or the Owner role), or one that already has a status. A disabled account, or one whose
 * role no longer lets it chat, is never given a conversation, whatever its status says.
 *
 * Who may do what: anyone with conversations.own sets their own status and lists the
 * agents (status and load are what an agent needs to pick whom to transfer a chat to).
 * A manager (conversations.all or staff.manage) sets another agent's limit and weight and
 * may take them offline; putting someone else online or pausing them is refused: only the
 * agent knows whether they are at their desk.
 *
 * Status changes of one's own are not audited (agents change them many times a day;
 * agent_status.changed_at keeps the last one). A manager's changes to someone else are. */

typedef enum
{
  SD_AGENT_OFFLINE,           /* away: no new conversations */
  SD_AGENT_ONLINE,            /* takes new conversations up to the limit */
  SD_AGENT_PAUSED,            /* keeps their conversations, takes no new one */
  SD_AGENT_STATUS_N
} SdAgentStatus;

#define SD_AGENT_DEFAULT_LIMIT  5
#define SD_AGENT_DEFAULT_WEIGHT 1
#define SD_AGENT_MAX_LIMIT      100
#define SD_AGENT_MAX_WEIGHT     100

typedef struct
{
  gint64         staff_id;
  char          *login;
  char          *display_name;
  gint64         department_id;   /* 0: none (never routed to) */
  gboolean       disabled;        /* the account is disabled: never routed to */
  SdAgentStatus  status;
  int            max_concurrent;  /* open conversations at most, 1–100 */
  int            weight;          /* share of new conversations, 1–100 */
  gint64         routed;          /* conversations the router gave them, ever */
  gint64         changed_at;      /* last status change, UTC seconds; 0: never */
  gint64         load;            /* open conversations they handle now */
} SdAgent;

const char *sd_agent_status_to_string   (SdAgentStatus  status);   /* "online", … */
gboolean    sd_agent_status_from_string (const char    *text,
                                         SdAgentStatus *out_status);
/* Translated, for people. */
const char *sd_agent_status_get_label   (SdAgentStatus  status);

void        sd_agent_free               (SdAgent       *agent);

/* Sets the status of STAFF_ID (0: the acting account). */
gboolean    sd_agents_set_status        (SdSession     *session,
                                         gint64         staff_id,
                                         SdAgentStatus  status,
                                         GError       **error);
/* A manager's settings for STAFF_ID: MAX_CONCURRENT and WEIGHT 1–100, 0 keeps the value.
 * SD_ERROR_INVALID_INPUT out of range, SD_ERROR_NOT_FOUND for no such account. Audited. */
gboolean    sd_agents_configure         (SdSession     *session,
                                         gint64         staff_id,
                                         int            max_concurrent,
                                         int            weight,
                                         GError       **error);
/* The agents, by department then login; DEPARTMENT_ID 0: every department. */
GPtrArray  *sd_agents_list              (SdSession     *session,
                                         gint64         department_id,
                                         GError       **error);   /* SdAgent * */
/* STAFF_ID (0: the acting account), with the defaults when it never set a status. */
SdAgent    *sd_agents_get               (SdSession     *session,
                                         gint64         staff_id,
                                         GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdAgent, sd_agent_free)

G_END_DECLS
