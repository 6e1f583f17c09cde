/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-chat-desk"

#include "sd-i18n.h"

#include "sd-chat-desk-store-private.h"
#include "sd-chat-desk.h"
#include "sd-conversation-store-private.h"
#include "sd-conversations-private.h"
#include "sd-conversations.h"
#include "sd-error.h"
#include "sd-quick-replies.h"
#include "sd-router.h"

struct _SdChatDesk
{
  GObject             parent_instance;

  SdSession          *session;
  SdChatChannel      *channel;
  char               *channel_name;
  gulong              event_handler;
  gulong              state_handler;
  SdChatChannelState  state;       /* as last notified */
  GError             *error;       /* the desk's own: an event it could not store */
  gboolean            running;     /* between start and stop */
};

G_DEFINE_FINAL_TYPE (SdChatDesk, sd_chat_desk, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum
{
  CONVERSATION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- Helpers ---- */

static void
changed (SdChatDesk *self,
         gint64      conversation_id,
         const char *what)
{
  g_signal_emit (self, signals[CONVERSATION_CHANGED], 0, conversation_id, what);
}

static void
update_state (SdChatDesk *self)
{
  SdChatChannelState state = sd_chat_desk_get_state (self);

  if (state == self->state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Routes the waiting conversations, telling nobody of an error but the log: the event that
 * asked for it is stored, and the next event, status change or close routes again. */
static void
route_quietly (SdChatDesk *self)
{
  g_autoptr(GError) error = NULL;

  if (!sd_chat_desk_route (self, &error))
    g_warning ("Routing the waiting conversations failed: %s", error->message);
}

/* Conversation ID as the session may act on it, open and from this desk's channel. */
static SdConversation *
load_answerable (SdChatDesk  *self,
                 gint64       id,
                 GError     **error)
{
  g_autoptr(SdConversation) c = sd_conversations_get (self->session, id, error);

  if (c == NULL)
    return NULL;
  if (g_strcmp0 (c->channel, self->channel_name) != 0 || *c->channel_ref == '\0')
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Conversation %lld came from “%s”, not from this live chat: it cannot be answered here."),
                   (long long) id, c->channel);
      return NULL;
    }
  if (c->state == SD_CONVERSATION_CLOSED)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("Conversation %lld is already closed: a buyer who writes again starts a new one."),
                   (long long) id);
      return NULL;
    }
  return g_steal_pointer (&c);
}

/* ---- Storing the channel's events ---- */

typedef struct
{
  gint64      conversation_id;   /* 0: nothing changed */
  const char *what;
} Stored;

static gboolean
store_opened (SdChatDesk        *self,
              SdDb              *db,
              const SdChatEvent *event,
              Stored            *out,
              GError           **error)
{
  g_autoptr(SdConversation) c = NULL;
  const char *nick = event->buyer_nick ? event->buyer_nick : "";

  /* A replay after the seq was started over (another URL saved) finds it stored. */
  if (_sd_conversation_store_find_ref (db, self->channel_name, event->chat_id) != 0)
    return TRUE;
  c = sd_conversation_new ();
  g_free (c->channel);
  c->channel = g_strdup (self->channel_name);
  g_free (c->channel_ref);
  c->channel_ref = g_strdup (event->chat_id);
  g_free (c->buyer_nick);
  c->buyer_nick = g_strdup (nick);
  /* The platform's buyer id is unique where a masked nick (t**1) is not. */
  c->customer_id = _sd_chat_desk_store_match_uid (db, event->buyer_uid);
  if (c->customer_id == 0 && *nick != '\0')
    c->customer_id = _sd_conversation_store_match_customer (db, nick);
  c->state = SD_CONVERSATION_WAITING;
  c->opened_at = sd_db_now (db);
  g_free (c->after_sales);
  c->after_sales = g_strdup (event->after_sales ? event->after_sales : "");
  g_free (c->platform_order_id);
  c->platform_order_id = g_strdup (event->order_id ? event->order_id : "");
  out->conversation_id = _sd_conversation_store_insert (db, c, error);
  out->what = "opened";
  return out->conversation_id != 0;
}

static gboolean
store_message (SdDb              *db,
               gint64             id,
               const SdChatEvent *event,
               Stored            *out,
               GError           **error)
{
  SdChatMessage message = { 0 };

  if (_sd_chat_desk_store_has_message (db, id, event->message_id))
    return TRUE;
  message.conversation_id = id;
  message.at = sd_db_now (db);
  message.direction = SD_CHAT_IN;
  message.text = event->text ? event->text : (char *) "";
  message.platform_id = event->message_id;
  if (_sd_conversation_store_add_message (db, &message, error) == 0)
    return FALSE;
  out->conversation_id = id;
  out->what = "message";
  return TRUE;
}

static gboolean
store_rated (SdDb              *db,
             gint64             id,
             const SdChatEvent *event,
             Stored            *out,
             GError           **error)
{
  g_autoptr(SdConversation) c = _sd_conversation_store_load (db, id, error);
  g_autofree char *note = g_strdup_printf ("%d", event->rating);
  SdConversationEvent e = { .kind = (char *) "rated", .note = note };

  if (c == NULL)
    return FALSE;
  /* A rating out of range is the platform's mistake: nothing to keep. */
  if (event->rating < 1 || event->rating > 5 || c->rating == event->rating)
    return TRUE;
  e.at = sd_db_now (db);
  e.from_staff_id = c->staff_id;
  if (!_sd_conversation_store_rate (db, id, event->rating, e.at, error) ||
      !_sd_conversation_store_add_event (db, id, &e, error))
    return FALSE;
  out->conversation_id = id;
  out->what = "rated";
  return TRUE;
}

static gboolean
store_closed (SdDb              *db,
              gint64             id,
              const SdChatEvent *event,
              Stored            *out,
              GError           **error)
{
  g_autoptr(SdConversation) c = _sd_conversation_store_load (db, id, error);
  SdConversationEvent e = { .kind = (char *) "closed", .note = event->closed_by };

  if (c == NULL)
    return FALSE;
  /* The desk's own close (sd_chat_desk_close_async) may have stored it first. */
  if (c->state == SD_CONVERSATION_CLOSED)
    return TRUE;
  e.at = sd_db_now (db);
  e.from_staff_id = c->staff_id;
  if (!_sd_conversation_store_close (db, id, e.at, error) ||
      !_sd_conversation_store_add_event (db, id, &e, error))
    return FALSE;
  out->conversation_id = id;
  out->what = "closed";
  return TRUE;
}

/* EVENT with the channel's new last seq, in one transaction; an event at or below the
 * stored seq changes nothing. */
static gboolean
store_event (SdChatDesk        *self,
             const SdChatEvent *event,
             Stored            *out,
             GError           **error)
{
  SdDb *db = sd_session_get_db (self->session);
  gint64 id = 0;
  gboolean ok = TRUE;

  out->conversation_id = 0;
  out->what = NULL;
  if (!sd_db_begin (db, error))
    return FALSE;
  if (event->seq <= _sd_chat_desk_store_last_seq (db, self->channel_name))
    return sd_db_commit (db, error);
  if (event->kind != SD_CHAT_EVENT_OPENED)
    /* 0: a chat opened before the first event the shop kept; its later events go. */
    id = _sd_conversation_store_find_ref (db, self->channel_name, event->chat_id);
  switch (event->kind)
    {
    case SD_CHAT_EVENT_OPENED:
      ok = store_opened (self, db, event, out, error);
      break;
    case SD_CHAT_EVENT_MESSAGE:
      ok = id == 0 || store_message (db, id, event, out, error);
      break;
    case SD_CHAT_EVENT_RATED:
      ok = id == 0 || store_rated (db, id, event, out, error);
      break;
    case SD_CHAT_EVENT_CLOSED:
      ok = id == 0 || store_closed (db, id, event, out, error);
      break;
    default:
      break;
    }
  if (ok && _sd_chat_desk_store_set_last_seq (db, self->channel_name, event->seq, sd_db_now (db), error) &&
      sd_db_commit (db, error))
    return TRUE;
  sd_db_rollback (db);
  out->conversation_id = 0;
  return FALSE;
}

static void
event_cb (SdChatChannel     *channel,
          const SdChatEvent *event,
          gpointer           user_data)
{
  SdChatDesk *self = user_data;
  g_autoptr(GError) error = NULL;
  Stored stored;

  if (!self->running)
    return;
  if (!store_event (self, event, &stored, &error))
    {
      /* Going on would store later events past this one and lose it: stop, so that the
       * next start asks again from the last stored seq. */
      g_warning ("Could not store chat event %lld: %s", (long long) event->seq, error->message);
      g_clear_error (&self->error);
      g_set_error (&self->error, SD_ERROR, SD_ERROR_IO,
                   _("The live chat stopped: an event could not be stored (%s). Start it again."), error->message);
      sd_chat_desk_stop (self);
      return;
    }
  if (stored.conversation_id == 0)
    return;
  changed (self, stored.conversation_id, stored.what);
  if (g_str_equal (stored.what, "opened") || g_str_equal (stored.what, "closed"))
    route_quietly (self);
}

static void
state_cb (SdChatChannel *channel,
          gpointer       user_data)
{
  update_state (SD_CHAT_DESK (user_data));
}

/* ---- Sending ---- */

typedef struct
{
  gint64  message_id;
  gint64  conversation_id;
} SendData;

static void
send_data_free (SendData *data)
{
  g_free (data);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdChatDesk *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  SdDb *db = sd_session_get_db (self->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autofree char *platform_id = NULL;
  gint64 at = 0;

  platform_id = sd_chat_channel_send_message_finish (SD_CHAT_CHANNEL (source), result, &at, &error);
  if (platform_id != NULL)
    _sd_chat_desk_store_set_send_state (db, data->message_id, SD_CHAT_SENT, platform_id, NULL, &store_error);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _sd_chat_desk_store_set_send_state (db, data->message_id, SD_CHAT_SEND_FAILED, NULL, error->message,
                                        &store_error);
  /* Cancelled (the desk stopped): it stays 'sending', and the next start sends it again
   * under the same client_id, which the platform recognises. */
  if (store_error != NULL)
    g_warning ("Could not record how message %lld was sent: %s", (long long) data->message_id,
               store_error->message);
  changed (self, data->conversation_id, "message");
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Sends the stored agent message MESSAGE of C through the channel; TASK finishes with it. */
static void
send_stored (SdChatDesk          *self,
             const SdConversation *c,
             const SdChatMessage *message,
             GTask               *task)
{
  SendData *data = g_new0 (SendData, 1);
  g_autofree char *agent = _sd_chat_desk_store_staff_name (sd_session_get_db (self->session), message->staff_id);

  data->message_id = message->id;
  data->conversation_id = c->id;
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  sd_chat_channel_send_message_async (self->channel, c->channel_ref, message->client_id, message->text, agent,
                                      g_task_get_cancellable (task), sent_cb, task);
}

/* Stores MESSAGE (an agent's, 'sending') on C, assigning C to its writer when it waited,
 * and counts the quick reply's use: one transaction. */
static gboolean
store_reply (SdChatDesk           *self,
             const SdConversation *c,
             SdChatMessage        *message,
             GError              **error)
{
  SdDb *db = sd_session_get_db (self->session);
  SdConversationEvent assigned = { .kind = (char *) "assigned" };

  if (!sd_db_begin (db, error))
    return FALSE;
  /* C as the desk read it: a chat routed to someone else or closed since then is refused,
   * not answered, nor recorded as assigned to this agent too. */
  if (!_sd_conversations_still_as_seen (db, c, TRUE, TRUE, error))
    goto fail;
  message->id = _sd_conversation_store_add_message (db, message, error);
  if (message->id == 0)
    goto fail;
  if (c->state == SD_CONVERSATION_WAITING)
    {
      assigned.at = message->at;
      assigned.by_staff_id = message->staff_id;
      assigned.to_staff_id = message->staff_id;
      if (!_sd_conversation_store_add_event (db, c->id, &assigned, error))
        goto fail;
    }
  if (message->quick_reply_id != 0 && !sd_quick_replies_use (self->session, message->quick_reply_id, error))
    goto fail;
  if (sd_db_commit (db, error))
    return TRUE;

fail:
  sd_db_rollback (db);
  return FALSE;
}

static void
unconfirmed_sent_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sd_chat_desk_retry_finish (SD_CHAT_DESK (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("A reply stored before the desk stopped could not be sent: %s", error->message);
}

/* What the desk stored but the platform never confirmed (a stop or a kill in between):
 * sent again under its client_id, so the buyer sees it once. */
static void
send_unconfirmed (SdChatDesk *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = _sd_chat_desk_store_unconfirmed (sd_session_get_db (self->session), self->channel_name,
                                                           &error);

  if (ids == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    sd_chat_desk_retry_async (self, *(gint64 *) g_ptr_array_index (ids, i), NULL, unconfirmed_sent_cb, NULL);
}

/* ---- Callbacks of start and close ---- */

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdChatDesk *self = g_task_get_source_object (task);
  GError *error = NULL;

  update_state (self);
  if (!sd_chat_channel_connect_finish (SD_CHAT_CHANNEL (source), result, &error))
    {
      self->running = FALSE;
      g_task_return_error (task, error);
      return;
    }
  send_unconfirmed (self);
  /* Chats may have waited while no desk ran, and agents gone online meanwhile. */
  route_quietly (self);
  g_task_return_boolean (task, TRUE);
}

static void
chat_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdChatDesk *self = g_task_get_source_object (task);
  gint64 id = *(gint64 *) g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!sd_chat_channel_close_chat_finish (SD_CHAT_CHANNEL (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (sd_conversations_close (self->session, id, &error))
    changed (self, id, "closed");
  else if (!g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
    {
      /* The platform closed it: the channel's closed event stores it too. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  route_quietly (self);
  g_task_return_boolean (task, TRUE);
}

/* ---- GObject ---- */

static void
sd_chat_desk_dispose (GObject *object)
{
  SdChatDesk *self = SD_CHAT_DESK (object);

  if (self->channel != NULL)
    {
      if (self->running)
        sd_chat_channel_close (self->channel);
      g_clear_signal_handler (&self->event_handler, self->channel);
      g_clear_signal_handler (&self->state_handler, self->channel);
    }
  self->running = FALSE;
  g_clear_object (&self->channel);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (sd_chat_desk_parent_class)->dispose (object);
}

static void
sd_chat_desk_finalize (GObject *object)
{
  SdChatDesk *self = SD_CHAT_DESK (object);

  g_free (self->channel_name);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (sd_chat_desk_parent_class)->finalize (object);
}

static void
sd_chat_desk_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SdChatDesk *self = SD_CHAT_DESK (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, sd_chat_desk_get_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_chat_desk_class_init (SdChatDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_chat_desk_dispose;
  object_class->finalize = sd_chat_desk_finalize;
  object_class->get_property = sd_chat_desk_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, SD_CHAT_CHANNEL_DISCONNECTED, SD_CHAT_CHANNEL_CONNECTED,
                      SD_CHAT_CHANNEL_DISCONNECTED, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONVERSATION_CHANGED] =
    g_signal_new ("conversation-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
sd_chat_desk_init (SdChatDesk *self)
{
  self->state = SD_CHAT_CHANNEL_DISCONNECTED;
}

/* ---- Public API ---- */

SdChatDesk *
sd_chat_desk_new (SdSession     *session,
                  SdChatChannel *channel,
                  const char    *channel_name)
{
  SdChatDesk *self;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (SD_IS_CHAT_CHANNEL (channel), NULL);
  g_return_val_if_fail (channel_name != NULL && *channel_name != '\0', NULL);

  self = g_object_new (SD_TYPE_CHAT_DESK, NULL);
  self->session = g_object_ref (session);
  self->channel = g_object_ref (channel);
  self->channel_name = g_strdup (channel_name);
  self->event_handler = g_signal_connect (channel, "event", G_CALLBACK (event_cb), self);
  self->state_handler = g_signal_connect (channel, "state-changed", G_CALLBACK (state_cb), self);
  return self;
}

void
sd_chat_desk_start_async (SdChatDesk          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  gint64 after;

  g_return_if_fail (SD_IS_CHAT_DESK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_chat_desk_start_async);
  if (!sd_session_require (self->session, SD_PERMISSION_CONVERSATIONS_OWN, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&self->error);
  after = _sd_chat_desk_store_last_seq (sd_session_get_db (self->session), self->channel_name);
  self->running = TRUE;
  sd_chat_channel_connect_async (self->channel, after, cancellable, connected_cb, g_steal_pointer (&task));
  update_state (self);
}

gboolean
sd_chat_desk_start_finish (SdChatDesk    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sd_chat_desk_stop (SdChatDesk *self)
{
  g_return_if_fail (SD_IS_CHAT_DESK (self));

  if (!self->running)
    return;
  self->running = FALSE;
  sd_chat_channel_close (self->channel);
  update_state (self);
}

SdChatChannelState
sd_chat_desk_get_state (SdChatDesk *self)
{
  g_return_val_if_fail (SD_IS_CHAT_DESK (self), SD_CHAT_CHANNEL_DISCONNECTED);

  if (!self->running || self->channel == NULL)
    return SD_CHAT_CHANNEL_DISCONNECTED;
  return sd_chat_channel_get_state (self->channel);
}

const GError *
sd_chat_desk_get_error (SdChatDesk *self)
{
  g_return_val_if_fail (SD_IS_CHAT_DESK (self), NULL);

  if (self->error != NULL)
    return self->error;
  return self->channel ? sd_chat_channel_get_error (self->channel) : NULL;
}

void
sd_chat_desk_reply_async (SdChatDesk          *self,
                          gint64               conversation_id,
                          const char          *text,
                          gint64               quick_reply_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SdConversation) c = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *stripped = NULL;
  SdChatMessage message = { 0 };
  GError *error = NULL;

  g_return_if_fail (SD_IS_CHAT_DESK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_chat_desk_reply_async);
  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (*stripped == '\0')
    {
      g_task_return_new_error (task, SD_ERROR, SD_ERROR_INVALID_INPUT,
                               "%s", _("The reply is empty: write something, or pick a quick reply."));
      return;
    }
  if (!(c = load_answerable (self, conversation_id, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  client_id = g_uuid_string_random ();
  message.conversation_id = conversation_id;
  message.at = sd_db_now (sd_session_get_db (self->session));
  message.direction = SD_CHAT_OUT;
  message.staff_id = sd_session_get_staff_id (self->session);
  message.text = (char *) text;
  message.quick_reply_id = quick_reply_id;
  message.client_id = client_id;
  message.send_state = SD_CHAT_SENDING;
  if (!store_reply (self, c, &message, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (c->state == SD_CONVERSATION_WAITING)
    changed (self, conversation_id, "assigned");
  changed (self, conversation_id, "message");
  send_stored (self, c, &message, g_steal_pointer (&task));
}

gboolean
sd_chat_desk_reply_finish (SdChatDesk    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sd_chat_desk_retry_async (SdChatDesk          *self,
                          gint64               message_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SdChatMessage) message = NULL;
  g_autoptr(SdConversation) c = NULL;
  SdDb *db = sd_session_get_db (self->session);
  GError *error = NULL;

  g_return_if_fail (SD_IS_CHAT_DESK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_chat_desk_retry_async);
  if (!(message = _sd_chat_desk_store_load_message (db, message_id, &error)) ||
      !(c = load_answerable (self, message->conversation_id, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (message->direction != SD_CHAT_OUT || *message->client_id == '\0' || message->send_state == SD_CHAT_SENT)
    {
      g_task_return_new_error (task, SD_ERROR, SD_ERROR_CONFLICT,
                               _("Message %lld is not a reply waiting to be sent: there is nothing to send again."),
                               (long long) message_id);
      return;
    }
  if (!_sd_chat_desk_store_set_send_state (db, message_id, SD_CHAT_SENDING, NULL, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  changed (self, c->id, "message");
  send_stored (self, c, message, g_steal_pointer (&task));
}

gboolean
sd_chat_desk_retry_finish (SdChatDesk    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sd_chat_desk_close_async (SdChatDesk          *self,
                          gint64               conversation_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SdConversation) c = NULL;
  GError *error = NULL;

  g_return_if_fail (SD_IS_CHAT_DESK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_chat_desk_close_async);
  g_task_set_task_data (task, g_memdup2 (&conversation_id, sizeof conversation_id), g_free);
  if (!(c = load_answerable (self, conversation_id, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  sd_chat_channel_close_chat_async (self->channel, c->channel_ref, cancellable, chat_closed_cb,
                                    g_steal_pointer (&task));
}

gboolean
sd_chat_desk_close_finish (SdChatDesk    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sd_chat_desk_route (SdChatDesk  *self,
                    GError     **error)
{
  g_autoptr(GPtrArray) routes = NULL;

  g_return_val_if_fail (SD_IS_CHAT_DESK (self), FALSE);

  if (!sd_router_route_waiting (self->session, NULL, &routes, error))
    return FALSE;
  for (guint i = 0; i < routes->len; i++)
    {
      const SdRoute *route = g_ptr_array_index (routes, i);

      if (route->staff_id != 0)
        changed (self, route->conversation_id, "assigned");
    }
  return TRUE;
}
