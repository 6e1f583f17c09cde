/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-conversations"

#include "sd-i18n.h"

#include "sd-agent-store-private.h"
#include "sd-audit.h"
#include "sd-conversation-store-private.h"
#include "sd-conversations-private.h"
#include "sd-conversations.h"
#include "sd-error.h"
#include "sd-session-private.h"

/* Whether an account with conversations.own only sees C: its own, or waiting unassigned
 * in its department's queue (or in no department's). */
static gboolean
own_sees (SdSession            *session,
          const SdConversation *c)
{
  gint64 me = sd_session_get_staff_id (session);
  gint64 department = 0;

  if (c->staff_id == me)
    return TRUE;
  if (c->staff_id != 0 || c->state != SD_CONVERSATION_WAITING)
    return FALSE;
  _sd_conversation_store_staff_department (sd_session_get_db (session), me, &department);
  return c->department_id == 0 || c->department_id == department;
}

/* Conversation ID if SESSION may act on it; NULL with SD_ERROR_PERMISSION_DENIED (audited)
 * when it belongs to someone else and the session lacks conversations.all. */
static SdConversation *
load_visible (SdSession *session,
              gint64     id,
              GError   **error)
{
  g_autoptr(SdConversation) c = NULL;
  g_autofree char *what = NULL;

  if (!sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error))
    return NULL;
  c = _sd_conversation_store_load (sd_session_get_db (session), id, error);
  if (c == NULL)
    return NULL;
  if (sd_session_can (session, SD_PERMISSION_CONVERSATIONS_ALL) || own_sees (session, c))
    return g_steal_pointer (&c);
  what = g_strdup_printf ("conversation %lld", (long long) id);
  _sd_session_refuse (session, SD_PERMISSION_CONVERSATIONS_ALL, what, error);
  return NULL;
}

static gboolean
check_not_closed (const SdConversation *c,
                  GError              **error)
{
  if (c->state != SD_CONVERSATION_CLOSED)
    return TRUE;
  g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
               _("Conversation %lld is already closed: a buyer who writes again starts a new one."),
               (long long) c->id);
  return FALSE;
}

/* The account STAFF_ID, its department in *OUT_DEPARTMENT; FALSE with NOT_FOUND. */
static gboolean
check_staff (SdDb    *db,
             gint64   staff_id,
             gint64  *out_department,
             GError **error)
{
  if (_sd_conversation_store_staff_department (db, staff_id, out_department))
    return TRUE;
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
               _("There is no staff account with id %lld: see staff list."), (long long) staff_id);
  return FALSE;
}

gboolean
_sd_conversations_still_as_seen (SdDb                 *db,
                                 const SdConversation *seen,
                                 gboolean              check_staff,
                                 gboolean              check_open,
                                 GError              **error)
{
  g_autoptr(SdConversation) now = _sd_conversation_store_load_locked (db, seen->id, error);

  if (now == NULL)
    return FALSE;
  if (check_open && now->state == SD_CONVERSATION_CLOSED && seen->state != SD_CONVERSATION_CLOSED)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("Conversation %lld was closed by someone else meanwhile: a buyer who writes again "
                     "starts a new one."),
                   (long long) seen->id);
      return FALSE;
    }
  if (!check_staff || now->staff_id == seen->staff_id)
    return TRUE;
  if (now->staff_id != 0)
    g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                 _("Conversation %lld was changed by someone else meanwhile: it is now with %s. "
                   "Look at it again before changing it."),
                 (long long) seen->id, now->staff_name);
  else
    g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                 _("Conversation %lld was changed by someone else meanwhile: it is back in the queue. "
                   "Look at it again before changing it."),
                 (long long) seen->id);
  return FALSE;
}

/* Runs the change FUNC makes inside one transaction with its event and audit entry; with
 * AS_SEEN only when C is still with its agent and open (_sd_conversations_still_as_seen ()). */
typedef gboolean (*ChangeFunc) (SdDb *db, SdConversation *c, gpointer data, GError **error);

static gboolean
change (SdSession           *session,
        SdConversation      *c,
        ChangeFunc           func,
        gpointer             data,
        gboolean             as_seen,
        SdConversationEvent *event,
        const char          *audit_action,
        GError             **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *object_id = g_strdup_printf ("%lld", (long long) c->id);
  g_autofree char *detail = NULL;

  event->at = sd_db_now (db);
  event->by_staff_id = sd_session_get_staff_id (session);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (audit_action != NULL)
    detail = g_strdup_printf ("%s: %lld → %lld%s%s", c->buyer_nick, (long long) event->from_staff_id,
                              (long long) event->to_staff_id, event->note && *event->note ? ": " : "",
                              event->note ? event->note : "");
  if (!_sd_conversations_still_as_seen (db, c, as_seen, as_seen, error) ||
      !func (db, c, data, error) ||
      !_sd_conversation_store_add_event (db, c->id, event, error) ||
      (audit_action != NULL && !sd_audit_append (session, audit_action, "conversation", object_id, detail, error)) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gint64
sd_conversations_open (SdSession   *session,
                       const char  *channel,
                       const char  *channel_ref,
                       const char  *buyer_nick,
                       gint64       department_id,
                       GError     **error)
{
  g_autoptr(SdConversation) c = sd_conversation_new ();
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), 0);

  if (!sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error))
    return 0;
  if (channel == NULL || *channel == '\0' || buyer_nick == NULL || *buyer_nick == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("A conversation needs a channel and the buyer’s nick."));
      return 0;
    }
  db = sd_session_get_db (session);
  if (_sd_conversation_store_find_ref (db, channel, channel_ref) != 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("The %s channel already has a conversation “%s”: open that one instead."), channel,
                   channel_ref);
      return 0;
    }
  g_free (c->channel);
  c->channel = g_strdup (channel);
  g_free (c->channel_ref);
  c->channel_ref = g_strdup (channel_ref ? channel_ref : "");
  g_free (c->buyer_nick);
  c->buyer_nick = g_strdup (buyer_nick);
  c->customer_id = _sd_conversation_store_match_customer (db, buyer_nick);
  c->department_id = department_id;
  c->state = SD_CONVERSATION_WAITING;
  c->opened_at = sd_db_now (db);
  return _sd_conversation_store_insert (db, c, error);
}

gint64
sd_conversations_add_message (SdSession       *session,
                              gint64           conversation_id,
                              SdChatDirection  direction,
                              const char      *text,
                              gint64           quick_reply_id,
                              GError         **error)
{
  g_autoptr(SdConversation) c = NULL;
  SdChatMessage message = { 0 };
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), 0);
  g_return_val_if_fail (direction < SD_CHAT_DIRECTION_N, 0);

  if (!(c = load_visible (session, conversation_id, error)) || !check_not_closed (c, error))
    return 0;
  db = sd_session_get_db (session);
  message.conversation_id = conversation_id;
  message.at = sd_db_now (db);
  message.direction = direction;
  message.staff_id = direction == SD_CHAT_OUT ? sd_session_get_staff_id (session) : 0;
  message.text = (char *) (text ? text : "");
  message.quick_reply_id = quick_reply_id;
  /* The message and the conversation's counters and timings change together; an agent's
   * reply lands only in a conversation still with whom it was with when read. */
  if (!sd_db_begin (db, error))
    return 0;
  if (_sd_conversations_still_as_seen (db, c, direction == SD_CHAT_OUT, TRUE, error))
    message.id = _sd_conversation_store_add_message (db, &message, error);
  if (message.id == 0 || !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return 0;
    }
  return message.id;
}

typedef struct
{
  gint64 staff_id;
  gint64 department_id;
} Assignment;

static gboolean
set_staff (SdDb           *db,
           SdConversation *c,
           gpointer        data,
           GError        **error)
{
  Assignment *a = data;

  /* The agent's open chats change: a router counting them waits for this one. */
  if (!_sd_agent_store_lock (db, a->staff_id, error))
    return FALSE;
  return _sd_conversation_store_set_staff (db, c->id, a->staff_id, a->department_id, sd_db_now (db), error);
}

gboolean
sd_conversations_assign (SdSession  *session,
                         gint64      conversation_id,
                         gint64      staff_id,
                         GError    **error)
{
  g_autoptr(SdConversation) c = NULL;
  SdConversationEvent event = { .kind = (char *) "assigned" };
  Assignment a = { staff_id, 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!(c = load_visible (session, conversation_id, error)) || !check_not_closed (c, error))
    return FALSE;
  if (staff_id != sd_session_get_staff_id (session) &&
      !sd_session_require (session, SD_PERMISSION_CONVERSATIONS_ALL, error))
    return FALSE;
  if (c->staff_id == staff_id)
    {
      /* Typically routed to them between seeing it wait and taking it. */
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("Conversation %lld is already with %s: nothing to assign."), (long long) conversation_id,
                   c->staff_name);
      return FALSE;
    }
  if (!check_staff (sd_session_get_db (session), staff_id, &a.department_id, error))
    return FALSE;
  event.from_staff_id = c->staff_id;
  event.to_staff_id = staff_id;
  return change (session, c, set_staff, &a, TRUE, &event, SD_AUDIT_CONVERSATION_ASSIGN, error);
}

gboolean
sd_conversations_transfer (SdSession  *session,
                           gint64      conversation_id,
                           gint64      to_staff_id,
                           const char *note,
                           GError    **error)
{
  g_autoptr(SdConversation) c = NULL;
  SdConversationEvent event = { .kind = (char *) "transferred", .note = (char *) note };
  Assignment a = { to_staff_id, 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!(c = load_visible (session, conversation_id, error)) || !check_not_closed (c, error))
    return FALSE;
  if (c->staff_id == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("Conversation %lld is still waiting in the queue: assign it instead of transferring it."),
                   (long long) conversation_id);
      return FALSE;
    }
  if (to_staff_id == c->staff_id)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Conversation %lld is already with that agent: choose another one."), (long long) conversation_id);
      return FALSE;
    }
  if (!check_staff (sd_session_get_db (session), to_staff_id, &a.department_id, error))
    return FALSE;
  event.from_staff_id = c->staff_id;
  event.to_staff_id = to_staff_id;
  return change (session, c, set_staff, &a, TRUE, &event, SD_AUDIT_CONVERSATION_TRANSFER, error);
}

static gboolean
close_one (SdDb           *db,
           SdConversation *c,
           gpointer        data,
           GError        **error)
{
  return _sd_conversation_store_close (db, c->id, sd_db_now (db), error);
}

gboolean
sd_conversations_close (SdSession  *session,
                        gint64      conversation_id,
                        GError    **error)
{
  g_autoptr(SdConversation) c = NULL;
  SdConversationEvent event = { .kind = (char *) "closed" };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!(c = load_visible (session, conversation_id, error)) || !check_not_closed (c, error))
    return FALSE;
  event.from_staff_id = c->staff_id;
  return change (session, c, close_one, NULL, TRUE, &event, NULL, error);
}

static gboolean
rate_one (SdDb           *db,
          SdConversation *c,
          gpointer        data,
          GError        **error)
{
  return _sd_conversation_store_rate (db, c->id, GPOINTER_TO_INT (data), sd_db_now (db), error);
}

gboolean
sd_conversations_rate (SdSession  *session,
                       gint64      conversation_id,
                       int         rating,
                       GError    **error)
{
  g_autoptr(SdConversation) c = NULL;
  g_autofree char *note = g_strdup_printf ("%d", rating);
  SdConversationEvent event = { .kind = (char *) "rated", .note = note };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (rating < 1 || rating > 5)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("A rating is 1 (very dissatisfied) to 5 (very satisfied), not %d."), rating);
      return FALSE;
    }
  if (!(c = load_visible (session, conversation_id, error)))
    return FALSE;
  event.from_staff_id = c->staff_id;
  return change (session, c, rate_one, GINT_TO_POINTER (rating), FALSE, &event, NULL, error);
}

SdConversation *
sd_conversations_get (SdSession  *session,
                      gint64      conversation_id,
                      GError    **error)
{
  g_autoptr(SdConversation) c = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!(c = load_visible (session, conversation_id, error)) ||
      !_sd_conversation_store_load_thread (sd_session_get_db (session), c, error))
    return NULL;
  return g_steal_pointer (&c);
}

GPtrArray *
sd_conversations_list (SdSession                  *session,
                       const SdConversationFilter *filter,
                       GError                    **error)
{
  SdConversationFilter all = SD_CONVERSATION_FILTER_INIT;
  gint64 own_staff = 0, own_department = 0;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error))
    return NULL;
  if (!sd_session_can (session, SD_PERMISSION_CONVERSATIONS_ALL))
    {
      own_staff = sd_session_get_staff_id (session);
      _sd_conversation_store_staff_department (sd_session_get_db (session), own_staff, &own_department);
    }
  return _sd_conversation_store_list (sd_session_get_db (session), filter ? filter : &all, own_staff,
                                      own_department, error);
}

gint64
sd_conversations_find_agent (SdSession   *session,
                             const char  *name,
                             GError     **error)
{
  gint64 department = 0, id;

  g_return_val_if_fail (SD_IS_SESSION (session), 0);

  if (!sd_session_can (session, SD_PERMISSION_REPORTS_OWN) &&
      !sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error))
    return 0;
  id = _sd_conversation_store_find_staff (sd_session_get_db (session), name, &department);
  if (id == 0)
    g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                 _("There is no staff account “%s”: give a login or full name as staff list shows them."), name);
  return id;
}
