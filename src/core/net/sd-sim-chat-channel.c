/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sim-chat-channel"

#include "sd-sim-chat-channel.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sd-i18n.h"

#include "sd-error.h"

#define BACKOFF_FIRST_MS 100
#define BACKOFF_MAX_MS 5000
#define KEEPALIVE_S 15

/* An agent frame sent (or to be sent) and not yet acked. */
typedef struct
{
  char  *client_id;
  char  *chat_id;
  char  *frame;
  GTask *task;
} Outgoing;

struct _SdSimChatChannel
{
  GObject parent_instance;

  char                    *url;
  char                    *token;
  SoupSession             *session;
  SoupMessage             *handshake;   /* the attempt under way */
  GCancellable            *attempt;
  SoupWebsocketConnection *conn;
  SdChatChannelState       state;
  GError                  *error;
  gint64                   last_seq;    /* of the last event handed out */
  gboolean                 live;        /* connected once, not closed: reconnect on a drop */
  GTask                   *connect_task;
  GQueue                   outgoing;    /* Outgoing, in the order sent */
  guint                    retry_id;
  guint                    backoff_ms;
};

static void sd_sim_chat_channel_iface_init (SdChatChannelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdSimChatChannel, sd_sim_chat_channel, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_CHAT_CHANNEL,
                                                      sd_sim_chat_channel_iface_init))

static void start_attempt (SdSimChatChannel *self);
static void sim_send_message_async (SdChatChannel *channel, const char *chat_id,
                                    const char *client_id, const char *text, const char *agent,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);

static void
outgoing_free (Outgoing *out)
{
  g_free (out->client_id);
  g_free (out->chat_id);
  g_free (out->frame);
  g_clear_object (&out->task);
  g_free (out);
}

static void
set_state (SdSimChatChannel   *self,
           SdChatChannelState  state,
           GError             *error)     /* taken */
{
  g_clear_error (&self->error);
  self->error = error;
  self->state = state;
  sd_chat_channel_emit_state_changed (SD_CHAT_CHANNEL (self));
}

static void
send_text (SdSimChatChannel *self,
           const char       *frame)
{
  if (self->conn != NULL
      && soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (self->conn, frame);
}

static char *
frame_text (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

/* ---- incoming ---- */

static const char *
member_string (JsonObject *o,
               const char *name)
{
  return json_object_get_string_member_with_default (o, name, NULL);
}

static gboolean
event_kind (const char      *type,
            SdChatEventKind *out_kind)
{
  static const struct { const char *type; SdChatEventKind kind; } kinds[] = {
    { "chat.opened", SD_CHAT_EVENT_OPENED },
    { "chat.message", SD_CHAT_EVENT_MESSAGE },
    { "chat.rated", SD_CHAT_EVENT_RATED },
    { "chat.closed", SD_CHAT_EVENT_CLOSED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (type, kinds[i].type) == 0)
      {
        *out_kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* Hands out the event in O unless it was handed out already (a replay overlapping what we
 * had). */
static void
handle_event (SdSimChatChannel *self,
              SdChatEventKind   kind,
              JsonObject       *o)
{
  g_autoptr(SdChatEvent) event = sd_chat_event_new (kind);

  event->seq = json_object_get_int_member_with_default (o, "seq", 0);
  if (event->seq <= self->last_seq || member_string (o, "chat_id") == NULL)
    return;
  self->last_seq = event->seq;
  event->chat_id = g_strdup (member_string (o, "chat_id"));
  event->at = json_object_get_int_member_with_default (o, "at", 0);
  event->buyer_nick = g_strdup (member_string (o, "buyer_nick"));
  event->buyer_uid = g_strdup (member_string (o, "buyer_uid"));
  event->order_id = g_strdup (member_string (o, "order_id"));
  event->after_sales = g_strdup (member_string (o, "after_sales"));
  event->message_id = g_strdup (member_string (o, "message_id"));
  event->text = g_strdup (member_string (o, "text"));
  event->rating = (int) CLAMP (json_object_get_int_member_with_default (o, "rating", 0), 0, 5);
  event->closed_by = g_strdup (member_string (o, "by"));
  sd_chat_channel_emit_event (SD_CHAT_CHANNEL (self), event);
}

static Outgoing *
take_outgoing (SdSimChatChannel *self,
               const char       *client_id)
{
  for (GList *l = self->outgoing.head; client_id != NULL && l != NULL; l = l->next)
    {
      Outgoing *out = l->data;

      if (strcmp (out->client_id, client_id) == 0)
        {
          g_queue_delete_link (&self->outgoing, l);
          return out;
        }
    }
  return NULL;
}

static void
handle_ack (SdSimChatChannel *self,
            JsonObject       *o)
{
  Outgoing *out = take_outgoing (self, member_string (o, "client_id"));
  const char *message_id = member_string (o, "message_id");

  if (out == NULL)
    return;    /* acked twice: a resend crossed the first ack */
  if (g_task_get_source_tag (out->task) != sim_send_message_async)
    g_task_return_boolean (out->task, TRUE);
  else if (message_id == NULL)
    g_task_return_new_error (out->task, SD_ERROR, SD_ERROR_CORRUPT,
                             _("The chat service confirmed the message to chat %s without an "
                               "id. Check the chat; the buyer may have it."), out->chat_id);
  else
    {
      /* The id and the time, as text: a message's whole answer. */
      char **result = g_new0 (char *, 3);

      result[0] = g_strdup (message_id);
      result[1] = g_strdup_printf ("%" G_GINT64_FORMAT,
                                   json_object_get_int_member_with_default (o, "at", 0));
      g_task_return_pointer (out->task, result, (GDestroyNotify) g_strfreev);
    }
  outgoing_free (out);
}

static void
handle_nack (SdSimChatChannel *self,
             JsonObject       *o)
{
  Outgoing *out = take_outgoing (self, member_string (o, "client_id"));
  const char *why = member_string (o, "error");

  if (out == NULL)
    {
      g_warning ("The chat service refused a frame: %s", why != NULL ? why : "?");
      return;
    }
  if (g_strcmp0 (why, "no such chat") == 0)
    g_task_return_new_error (out->task, SD_ERROR, SD_ERROR_NOT_FOUND,
                             _("The chat service does not know chat %s. Reload the "
                               "conversations and try again."), out->chat_id);
  else if (g_strcmp0 (why, "the chat is closed") == 0)
    g_task_return_new_error (out->task, SD_ERROR, SD_ERROR_CONFLICT,
                             _("Chat %s has ended; the buyer did not get the message. Wait "
                               "for the buyer to write again."), out->chat_id);
  else
    g_task_return_new_error (out->task, SD_ERROR, SD_ERROR_INVALID_INPUT,
                             _("The chat service refused the message to chat %s (%s). Check "
                               "the text and send it again."), out->chat_id,
                             why != NULL ? why : "?");
  outgoing_free (out);
}

static void
message_cb (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  SdSimChatChannel *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  JsonNode *root;
  JsonObject *o;
  const char *kind;
  SdChatEventKind event;

  if (type != SOUP_WEBSOCKET_DATA_TEXT
      || !json_parser_load_from_data (parser, data, (gssize) size, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("The chat service sent a frame that is not a JSON object; ignored");
      return;
    }
  o = json_node_get_object (root);
  kind = json_object_get_string_member_with_default (o, "type", "");
  if (event_kind (kind, &event))
    handle_event (self, event, o);
  else if (strcmp (kind, "ack") == 0)
    handle_ack (self, o);
  else if (strcmp (kind, "nack") == 0)
    handle_nack (self, o);
  else if (strcmp (kind, "resumed") == 0
           && json_object_get_int_member_with_default (o, "missed", 0) > 0)
    g_warning ("The chat service no longer had %" G_GINT64_FORMAT " events asked for",
               json_object_get_int_member (o, "missed"));
}

/* ---- the connection ---- */

static void
drop_connection (SdSimChatChannel *self)
{
  if (self->conn == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->conn, self);
  if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->conn);
}

static gboolean
retry_cb (gpointer user_data)
{
  SdSimChatChannel *self = user_data;

  self->retry_id = 0;
  start_attempt (self);
  return G_SOURCE_REMOVE;
}

/* Still CONNECTING, with ERROR (taken) for whoever looks: tries again after the back-off. */
static void
retry_later (SdSimChatChannel *self,
             GError           *error)
{
  set_state (self, SD_CHAT_CHANNEL_CONNECTING, error);
  self->retry_id = g_timeout_add (self->backoff_ms, retry_cb, self);
  self->backoff_ms = MIN (self->backoff_ms * 2, BACKOFF_MAX_MS);
}

static void
closed_cb (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  SdSimChatChannel *self = user_data;

  drop_connection (self);
  if (self->live)
    retry_later (self, g_error_new (SD_ERROR, SD_ERROR_NETWORK,
                                    _("The connection to the chat service at %s was lost. "
                                      "ShopDesk reconnects by itself."), self->url));
}

/* Resume after the last event handed out, then everything not yet acked, in order. */
static void
resume (SdSimChatChannel *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *frame = NULL;

  json_builder_begin_object (b);
  add_string (b, "type", "resume");
  json_builder_set_member_name (b, "after_seq");
  json_builder_add_int_value (b, self->last_seq);
  json_builder_end_object (b);
  frame = frame_text (b);
  send_text (self, frame);
  for (GList *l = self->outgoing.head; l != NULL; l = l->next)
    send_text (self, ((Outgoing *) l->data)->frame);
}

static GError *
attempt_error (SdSimChatChannel *self,
               GError           *error)
{
  if (self->handshake != NULL
      && soup_message_get_status (self->handshake) == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (SD_ERROR, SD_ERROR_AUTH_FAILED,
                        _("The chat service at %s refused the chat token. Check the token in "
                          "the channel's settings."), self->url);
  return g_error_new (SD_ERROR, SD_ERROR_NETWORK,
                      _("Cannot reach the chat service at %s: %s. Check the address and that "
                        "the service is running."), self->url, error->message);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SdSimChatChannel) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn = soup_session_websocket_connect_finish (SOUP_SESSION (source),
                                                                         result, &error);
  GTask *task = g_steal_pointer (&self->connect_task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_object (&task);
      return;    /* close () has said everything */
    }
  g_clear_object (&self->attempt);
  if (conn == NULL)
    {
      GError *why = attempt_error (self, error);

      g_clear_object (&self->handshake);
      if (task == NULL && self->live && why->code != SD_ERROR_AUTH_FAILED)
        {
          retry_later (self, why);
          return;
        }
      /* The first attempt, or the token is no longer taken: give up. */
      self->live = FALSE;
      set_state (self, SD_CHAT_CHANNEL_DISCONNECTED, g_error_copy (why));
      if (task != NULL)
        g_task_return_error (task, why);
      else
        g_error_free (why);
      g_clear_object (&task);
      return;
    }
  g_clear_object (&self->handshake);
  self->conn = conn;
  self->live = TRUE;
  self->backoff_ms = BACKOFF_FIRST_MS;
  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_S);
  g_signal_connect (conn, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (conn, "closed", G_CALLBACK (closed_cb), self);
  resume (self);
  set_state (self, SD_CHAT_CHANNEL_CONNECTED, NULL);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
  g_clear_object (&task);
}

static void
start_attempt (SdSimChatChannel *self)
{
  g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);

  g_clear_object (&self->handshake);
  self->handshake = soup_message_new ("GET", self->url);
  soup_message_headers_replace (soup_message_get_request_headers (self->handshake),
                                "Authorization", auth);
  self->attempt = g_cancellable_new ();
  if (self->state != SD_CHAT_CHANNEL_CONNECTING)
    set_state (self, SD_CHAT_CHANNEL_CONNECTING, g_steal_pointer (&self->error));
  soup_session_websocket_connect_async (self->session, self->handshake, NULL, NULL,
                                        G_PRIORITY_DEFAULT, self->attempt, connected_cb,
                                        g_object_ref (self));
}

/* ---- the interface ---- */

static void
sim_connect_async (SdChatChannel       *channel,
                   gint64               after_seq,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  SdSimChatChannel *self = SD_SIM_CHAT_CHANNEL (channel);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sim_connect_async);
  if (self->state != SD_CHAT_CHANNEL_DISCONNECTED || self->connect_task != NULL)
    {
      g_task_return_new_error (task, SD_ERROR, SD_ERROR_CONFLICT,
                               _("The chat channel is already connected. Close it first."));
      return;
    }
  self->last_seq = after_seq;
  self->backoff_ms = BACKOFF_FIRST_MS;
  self->connect_task = g_steal_pointer (&task);
  start_attempt (self);
}

/* connect_finish and close_chat_finish alike. */
static gboolean
finish_boolean (SdChatChannel  *channel,
                GAsyncResult   *result,
                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, channel), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sim_close (SdChatChannel *channel)
{
  SdSimChatChannel *self = SD_SIM_CHAT_CHANNEL (channel);
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);
  Outgoing *out;

  self->live = FALSE;
  if (self->attempt != NULL)
    g_cancellable_cancel (self->attempt);
  g_clear_object (&self->attempt);
  g_clear_object (&self->handshake);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_connection (self);
  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The chat channel was closed while connecting."));
  while ((out = g_queue_pop_head (&self->outgoing)) != NULL)
    {
      g_task_return_new_error (out->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The chat channel was closed before chat %s confirmed the "
                                 "message or close; it may not have arrived. Check the chat "
                                 "once connected again."), out->chat_id);
      outgoing_free (out);
    }
  if (self->state != SD_CHAT_CHANNEL_DISCONNECTED || self->error != NULL)
    set_state (self, SD_CHAT_CHANNEL_DISCONNECTED, NULL);
}

/* Queues FRAME under CLIENT_ID; sent now when connected, else after the resume. */
static void
queue_frame (SdSimChatChannel *self,
             const char       *client_id,
             const char       *chat_id,
             char             *frame,     /* taken */
             GTask            *task)      /* taken */
{
  Outgoing *out = g_new0 (Outgoing, 1);

  out->client_id = g_strdup (client_id);
  out->chat_id = g_strdup (chat_id);
  out->frame = frame;
  out->task = task;
  g_queue_push_tail (&self->outgoing, out);
  if (self->state == SD_CHAT_CHANNEL_CONNECTED)
    send_text (self, out->frame);
}

static void
sim_send_message_async (SdChatChannel       *channel,
                        const char          *chat_id,
                        const char          *client_id,
                        const char          *text,
                        const char          *agent,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  SdSimChatChannel *self = SD_SIM_CHAT_CHANNEL (channel);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_task_set_source_tag (task, sim_send_message_async);
  json_builder_begin_object (b);
  add_string (b, "type", "agent.message");
  add_string (b, "chat_id", chat_id);
  add_string (b, "client_id", client_id);
  add_string (b, "text", text);
  add_string (b, "agent", agent);
  json_builder_end_object (b);
  queue_frame (self, client_id, chat_id, frame_text (b), task);
}

static char *
sim_send_message_finish (SdChatChannel  *channel,
                         GAsyncResult   *result,
                         gint64         *out_at,
                         GError        **error)
{
  g_auto(GStrv) reply = NULL;

  g_return_val_if_fail (g_task_is_valid (result, channel), NULL);

  reply = g_task_propagate_pointer (G_TASK (result), error);
  if (reply == NULL)
    return NULL;
  if (out_at != NULL)
    *out_at = g_ascii_strtoll (reply[1], NULL, 10);
  return g_strdup (reply[0]);
}

static void
sim_close_chat_async (SdChatChannel       *channel,
                      const char          *chat_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  SdSimChatChannel *self = SD_SIM_CHAT_CHANNEL (channel);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *client_id = g_uuid_string_random ();

  g_task_set_source_tag (task, sim_close_chat_async);
  json_builder_begin_object (b);
  add_string (b, "type", "chat.close");
  add_string (b, "chat_id", chat_id);
  add_string (b, "client_id", client_id);
  json_builder_end_object (b);
  queue_frame (self, client_id, chat_id, frame_text (b), task);
}

static SdChatChannelState
sim_get_state (SdChatChannel *channel)
{
  return SD_SIM_CHAT_CHANNEL (channel)->state;
}

static const GError *
sim_get_error (SdChatChannel *channel)
{
  return SD_SIM_CHAT_CHANNEL (channel)->error;
}

static void
sd_sim_chat_channel_iface_init (SdChatChannelInterface *iface)
{
  iface->connect_async = sim_connect_async;
  iface->connect_finish = finish_boolean;
  iface->close = sim_close;
  iface->send_message_async = sim_send_message_async;
  iface->send_message_finish = sim_send_message_finish;
  iface->close_chat_async = sim_close_chat_async;
  iface->close_chat_finish = finish_boolean;
  iface->get_state = sim_get_state;
  iface->get_error = sim_get_error;
}

static void
sd_sim_chat_channel_dispose (GObject *object)
{
  SdSimChatChannel *self = SD_SIM_CHAT_CHANNEL (object);

  if (self->state != SD_CHAT_CHANNEL_DISCONNECTED || self->outgoing.length > 0)
    sim_close (SD_CHAT_CHANNEL (self));
  g_clear_object (&self->session);
  G_OBJECT_CLASS (sd_sim_chat_channel_parent_class)->dispose (object);
}

static void
sd_sim_chat_channel_finalize (GObject *object)
{
  SdSimChatChannel *self = SD_SIM_CHAT_CHANNEL (object);

  g_clear_error (&self->error);
  g_free (self->url);
  g_free (self->token);
  G_OBJECT_CLASS (sd_sim_chat_channel_parent_class)->finalize (object);
}

static void
sd_sim_chat_channel_class_init (SdSimChatChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_sim_chat_channel_dispose;
  object_class->finalize = sd_sim_chat_channel_finalize;
}

static void
sd_sim_chat_channel_init (SdSimChatChannel *self)
{
  self->session = soup_session_new ();
  self->backoff_ms = BACKOFF_FIRST_MS;
  g_queue_init (&self->outgoing);
}

SdChatChannel *
sd_sim_chat_channel_new (const char *url,
                         const char *token)
{
  SdSimChatChannel *self;

  g_return_val_if_fail (url != NULL && token != NULL, NULL);

  self = g_object_new (SD_TYPE_SIM_CHAT_CHANNEL, NULL);
  self->url = g_strdup (url);
  self->token = g_strdup (token);
  return SD_CHAT_CHANNEL (self);
}
