/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* Quick replies (快捷短语): canned answers an agent sends from the composer, found by a
 * "/shortcut" or a search, with placeholders filled from the customer and order.
 *
 * Scope: shop-wide, a department's, or one agent's own (personal). An agent sees their
 * personal replies, their department's and the shop's, never another agent's personal
 * ones. A shortcut (letters, digits, - and _; compared without case) is unique within its
 * scope: "hi" may exist once shop-wide, once per department and once per agent.
 *
 * Permissions: conversations.own (or .all) reads, renders and uses them; adding, changing
 * or removing a shop-wide or department reply is a manager's (staff.manage or
 * conversations.all) and audited; a personal reply is its agent's own to manage.
 *
 * Placeholders, written {name}: name, nick, grade (the customer's tier), order_id (the
 * platform's order number), order_status, shop, agent (the acting agent's display name).
 * An empty one takes a fallback word (name/nick 亲, grade 会员, agent 客服), as in SMS
 * templates (the same machinery: sd_sms_placeholders_fill ()). */

#define SD_QUICK_REPLY_TEXT_MAX_CHARS     1000
#define SD_QUICK_REPLY_SHORTCUT_MAX_CHARS 20
#define SD_QUICK_REPLY_GROUP_MAX_CHARS    30

typedef enum
{
  SD_QUICK_REPLY_SHOP,
  SD_QUICK_REPLY_DEPARTMENT,
  SD_QUICK_REPLY_PERSONAL,
  SD_QUICK_REPLY_SCOPE_N
} SdQuickReplyScope;

/* "shop", "department", "personal" */
const char *sd_quick_reply_scope_to_string   (SdQuickReplyScope  scope);
gboolean    sd_quick_reply_scope_from_string (const char        *text,
                                              SdQuickReplyScope *out_scope);
/* Translated ("Shop-wide", "Department", "Personal"). */
const char *sd_quick_reply_scope_describe    (SdQuickReplyScope  scope);

typedef struct
{
  gint64             id;
  SdQuickReplyScope  scope;
  gint64             department_id;   /* the department of a department reply, else 0 */
  gint64             staff_id;        /* the agent of a personal reply, else 0 */
  char              *group;           /* "" when ungrouped */
  char              *shortcut;        /* "" when none; without the "/" */
  char              *text;
  gint64             uses;
  gint64             created_by;
  gint64             created_at;      /* UTC seconds */
  gint64             updated_at;
} SdQuickReply;

#define SD_TYPE_QUICK_REPLY (sd_quick_reply_get_type ())

GType         sd_quick_reply_get_type (void) G_GNUC_CONST;
SdQuickReply *sd_quick_reply_new      (void);
SdQuickReply *sd_quick_reply_copy     (const SdQuickReply *reply);
void          sd_quick_reply_free     (SdQuickReply       *reply);

/* A new reply from REPLY (scope, department_id for a department reply — 0: the acting
 * agent's own department —, group, shortcut, text); a personal reply is always the acting
 * agent's. Its id, 0 on error: SD_ERROR_INVALID_INPUT for an empty or long text, a
 * shortcut with other characters, SD_ERROR_CONFLICT for a shortcut its scope already
 * has, SD_ERROR_NOT_FOUND for a department that does not exist. */
gint64        sd_quick_replies_add    (SdSession          *session,
                                       const SdQuickReply *reply,
                                       GError            **error);
/* Saves REPLY's group, shortcut and text over the reply with its id (its scope stays). */
gboolean      sd_quick_replies_update (SdSession          *session,
                                       const SdQuickReply *reply,
                                       GError            **error);
gboolean      sd_quick_replies_remove (SdSession          *session,
                                       gint64              id,
                                       GError            **error);
/* The reply ID if the session sees it; SD_ERROR_NOT_FOUND otherwise. */
SdQuickReply *sd_quick_replies_get    (SdSession          *session,
                                       gint64              id,
                                       GError            **error);
/* What the acting agent sees: personal, their department's and shop-wide replies, by
 * group, then shortcut, then id. SEARCH (NULL or "": all) keeps those whose text or
 * shortcut holds it (case-insensitive for Latin letters). */
GPtrArray    *sd_quick_replies_list   (SdSession          *session,
                                       const char         *search,
                                       GError            **error);   /* SdQuickReply * */
/* The composer's "/" completion: the replies the agent sees whose shortcut starts with
 * PREFIX (a leading "/" is ignored; "/" alone: every reply with a shortcut), an exact
 * match first, then the most used, then by shortcut; at most LIMIT (0: 20). */
GPtrArray    *sd_quick_replies_complete (SdSession        *session,
                                       const char         *prefix,
                                       guint               limit,
                                       GError            **error);   /* SdQuickReply * */
/* Counts one use of reply ID (sent from the composer). */
gboolean      sd_quick_replies_use    (SdSession          *session,
                                       gint64              id,
                                       GError            **error);
/* TEXT (a reply's) with its placeholders filled for CUSTOMER_ID (0: none), ORDER_ID (0:
 * none; it must be that customer's) and the acting agent. SD_ERROR_NOT_FOUND for a
 * customer or order that does not exist. */
char         *sd_quick_replies_render (SdSession          *session,
                                       const char         *text,
                                       gint64              customer_id,
                                       gint64              order_id,
                                       GError            **error);
/* The id of the department NAME (its id as text, its key such as "aftersales", or its
 * name) for --department; 0 with SD_ERROR_NOT_FOUND. Needs what reading replies does. */
gint64        sd_quick_replies_find_department (SdSession *session,
                                       const char         *name,
                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdQuickReply, sd_quick_reply_free)

G_END_DECLS
