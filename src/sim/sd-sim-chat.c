/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-chat.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sd-sim-admin.h"
#include "sd-sim-format.h"
#include "sd-sim-shopify.h"
#include "sd-sim-taobao.h"

#define CHAT_PATH "/chat"
#define ADMIN_PREFIX "/_sim/chat/"
#define NO_CUSTOMER G_MAXUINT
#define RATE_DELAY_MS 200          /* a buyer asked to rate answers this long after */
#define PATIENCE_MS (120 * 1000)   /* an auto buyer left unanswered this long leaves */
#define MAX_RATE_PER_MINUTE 600

/* What a buyer writes first, by where their latest order stands. */
typedef enum
{
  STAGE_PRESALE,        /* no order, or not paid */
  STAGE_WAIT_SEND,
  STAGE_IN_TRANSIT,
  STAGE_RECEIVED,
  STAGE_REFUND_PENDING,
  STAGE_REFUND_REFUSED,
  STAGE_REFUNDED,
  N_STAGES,
} Stage;

static const char * const first_questions[N_STAGES][4] = {
  [STAGE_PRESALE] = { "有货吗？", "这个有优惠吗？", "尺码怎么选？", "今天下单什么时候发货？" },
  [STAGE_WAIT_SEND] = { "什么时候发货？", "能不能快点发货？", "我想改一下收货地址", "付款了怎么还没发货" },
  [STAGE_IN_TRANSIT] = { "快递到哪了？", "物流好几天没动了", "怎么还没到？", "能帮我催一下快递吗" },
  [STAGE_RECEIVED] = { "收到的东西坏了", "我要退货", "质量有问题，怎么处理？", "怎么开发票？" },
  [STAGE_REFUND_PENDING] = { "我的退款什么时候处理？", "退款申请了好几天了", "退货寄回去了，请查收", "我要退货" },
  [STAGE_REFUND_REFUSED] = { "为什么拒绝我的退款？", "东西确实有问题，为什么不给退", "我要投诉", "能再帮我看一下退款吗" },
  [STAGE_REFUNDED] = { "退款什么时候到账？", "退款还没收到", "钱退到哪里了？", "谢谢，退款收到了" },
};

static const char * const follow_ups[] = {
  "好的，谢谢", "那大概几天能到？", "可以再便宜点吗？", "还有别的颜色吗？", "嗯嗯，知道了", "好的，那我等一下",
};

static const char * const after_sales_names[N_STAGES] = {
  [STAGE_PRESALE] = "none", [STAGE_WAIT_SEND] = "none", [STAGE_IN_TRANSIT] = "none",
  [STAGE_RECEIVED] = "none", [STAGE_REFUND_PENDING] = "refund_pending",
  [STAGE_REFUND_REFUSED] = "refund_refused", [STAGE_REFUNDED] = "refunded",
};

typedef struct
{
  gboolean from_agent;
  char    *message_id;
  gint64   at;
  char    *text;
  char    *agent;      /* the agent's name; NULL for the buyer */
} Line;

typedef struct
{
  SdSimChat *owner;
  char      *id;
  char      *nick;
  char      *uid;        /* NULL: not one of the shop's customers */
  char      *order_id;   /* NULL: no order */
  Stage      stage;
  gboolean   open;
  gboolean   is_auto;    /* opened by /_sim/chat/auto: the buyer answers and may leave */
  gboolean   agent_replied;
  int        rating;     /* 0: none yet */
  GPtrArray *lines;
  guint      rate_id;
  guint      follow_up_id;
  guint      patience_id;
} Chat;

typedef struct
{
  gint64  seq;
  char   *frame;
} Event;

typedef struct
{
  SdSimChat               *owner;
  SoupWebsocketConnection *conn;
  gboolean                 resumed;   /* live events go out only after its `resume` */
} Desk;

struct _SdSimChat
{
  SdSimShop     *shop;
  SdSimPlatform  platform;
  char          *token;
  GRand         *rand;
  GPtrArray     *chats;      /* Chat, in order opened */
  GHashTable    *by_id;      /* id → Chat (borrowed) */
  GQueue         events;     /* Event, the last SD_SIM_CHAT_KEPT */
  gint64         last_seq;
  GHashTable    *acks;       /* client_id → the ack frame already sent for it */
  GPtrArray     *desks;      /* Desk */
  guint64        n_messages;
  guint          auto_rate;
  guint          auto_id;
  guint          drop_acks;  /* the next N agent frames are taken, then the desk dropped */
};

static void
line_free (Line *line)
{
  g_free (line->message_id);
  g_free (line->text);
  g_free (line->agent);
  g_free (line);
}

static void
chat_free (Chat *chat)
{
  g_clear_handle_id (&chat->rate_id, g_source_remove);
  g_clear_handle_id (&chat->follow_up_id, g_source_remove);
  g_clear_handle_id (&chat->patience_id, g_source_remove);
  g_ptr_array_unref (chat->lines);
  g_free (chat->id);
  g_free (chat->nick);
  g_free (chat->uid);
  g_free (chat->order_id);
  g_free (chat);
}

static void
event_free (Event *event)
{
  g_free (event->frame);
  g_free (event);
}

static void desk_closed_cb (SoupWebsocketConnection *conn, gpointer user_data);
static void desk_message_cb (SoupWebsocketConnection *conn, gint type, GBytes *message,
                             gpointer user_data);

static void
desk_free (Desk *desk)
{
  g_signal_handlers_disconnect_by_data (desk->conn, desk);
  g_object_unref (desk->conn);
  g_free (desk);
}

static void
send_frame (Desk       *desk,
            const char *frame)
{
  if (soup_websocket_connection_get_state (desk->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (desk->conn, frame);
}

static gint64
data_now (SdSimChat *self)
{
  return sd_sim_shop_get_now (self->shop);
}

/* The event's frame, FRAME being its members after type and seq ("" or ",\"a\":1…"): kept,
 * and sent to every desk that has resumed. */
static gint64
push_event (SdSimChat  *self,
            const char *type,
            const char *members)
{
  Event *event = g_new0 (Event, 1);
  GString *frame = g_string_new ("{\"type\":");

  event->seq = ++self->last_seq;
  sd_sim_append_string (frame, type);
  g_string_append (frame, ",\"seq\":");
  sd_sim_append_int (frame, event->seq);
  g_string_append (frame, members);
  g_string_append_c (frame, '}');
  event->frame = g_string_free (frame, FALSE);
  g_queue_push_tail (&self->events, event);
  while (self->events.length > SD_SIM_CHAT_KEPT)
    event_free (g_queue_pop_head (&self->events));
  for (guint i = 0; i < self->desks->len; i++)
    {
      Desk *desk = g_ptr_array_index (self->desks, i);

      if (desk->resumed)
        send_frame (desk, event->frame);
    }
  return event->seq;
}

/* ",\"chat_id\":…,\"at\":…": what every event starts with. */
static GString *
event_members (Chat   *chat,
               gint64  at)
{
  GString *m = g_string_new (",\"chat_id\":");

  sd_sim_append_string (m, chat->id);
  g_string_append (m, ",\"at\":");
  sd_sim_append_int (m, at);
  return m;
}

/* The buyer's line in CHAT, sent as chat.message; its seq. */
static gint64
buyer_says (Chat       *chat,
            const char *text)
{
  SdSimChat *self = chat->owner;
  Line *line = g_new0 (Line, 1);
  g_autoptr(GString) m = NULL;

  line->message_id = g_strdup_printf ("m%" G_GUINT64_FORMAT, ++self->n_messages);
  line->at = data_now (self);
  line->text = g_strdup (text);
  g_ptr_array_add (chat->lines, line);
  m = event_members (chat, line->at);
  g_string_append (m, ",\"message_id\":");
  sd_sim_append_string (m, line->message_id);
  g_string_append (m, ",\"text\":");
  sd_sim_append_string (m, text);
  return push_event (self, "chat.message", m->str);
}

static void
close_chat (Chat       *chat,
            const char *by)
{
  g_autoptr(GString) m = event_members (chat, data_now (chat->owner));

  chat->open = FALSE;
  g_clear_handle_id (&chat->follow_up_id, g_source_remove);
  g_clear_handle_id (&chat->patience_id, g_source_remove);
  g_string_append (m, ",\"by\":");
  sd_sim_append_string (m, by);
  push_event (chat->owner, "chat.closed", m->str);
}

static int
draw_rating (SdSimChat *self,
             gboolean   answered)
{
  gint32 r = g_rand_int_range (self->rand, 0, 100);

  if (!answered)
    return r < 20 ? 3 : r < 60 ? 2 : 1;
  return r < 60 ? 5 : r < 85 ? 4 : r < 93 ? 3 : r < 97 ? 2 : 1;
}

static gboolean
rate_cb (gpointer user_data)
{
  Chat *chat = user_data;
  g_autoptr(GString) m = event_members (chat, data_now (chat->owner));

  chat->rate_id = 0;
  chat->rating = draw_rating (chat->owner, chat->agent_replied);
  g_string_append (m, ",\"rating\":");
  sd_sim_append_int (m, chat->rating);
  push_event (chat->owner, "chat.rated", m->str);
  return G_SOURCE_REMOVE;
}

static gboolean
patience_cb (gpointer user_data)
{
  Chat *chat = user_data;

  chat->patience_id = 0;
  close_chat (chat, "buyer");
  return G_SOURCE_REMOVE;
}

static void
restart_patience (Chat *chat)
{
  g_clear_handle_id (&chat->patience_id, g_source_remove);
  if (chat->is_auto && chat->open)
    chat->patience_id = g_timeout_add (PATIENCE_MS, patience_cb, chat);
}

static gboolean
follow_up_cb (gpointer user_data)
{
  Chat *chat = user_data;
  SdSimChat *self = chat->owner;

  chat->follow_up_id = 0;
  buyer_says (chat, follow_ups[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (follow_ups))]);
  return G_SOURCE_REMOVE;
}

/* Where customer INDEX's latest order stands, and its platform id (NULL: no order). */
static Stage
latest_order (SdSimChat  *self,
              guint       index,
              char      **out_order_id)
{
  guint n = sd_sim_shop_get_n_orders (self->shop);
  const SdSimOrder *o = NULL;
  guint at = 0;
  Stage stage = STAGE_PRESALE;

  *out_order_id = NULL;
  for (guint i = n; i > 0 && o == NULL; i--)
    if (sd_sim_shop_get_order (self->shop, i - 1)->customer == index)
      o = sd_sim_shop_get_order (self->shop, (at = i - 1));
  if (o == NULL)
    return STAGE_PRESALE;
  *out_order_id = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                   self->platform == SD_SIM_PLATFORM_TAOBAO
                                     ? sd_sim_taobao_tid (at) : sd_sim_shopify_order_id (at));
  switch (o->status)
    {
    case SD_SIM_STATUS_WAIT_SELLER_SEND_GOODS: stage = STAGE_WAIT_SEND; break;
    case SD_SIM_STATUS_WAIT_BUYER_CONFIRM_GOODS: stage = STAGE_IN_TRANSIT; break;
    case SD_SIM_STATUS_TRADE_FINISHED: stage = STAGE_RECEIVED; break;
    case SD_SIM_STATUS_TRADE_CLOSED: stage = STAGE_REFUNDED; break;
    default: stage = STAGE_PRESALE; break;
    }
  /* A refund on any line is what the buyer comes about. */
  for (guint k = 0; k < o->n_items; k++)
    switch (sd_sim_shop_get_item (self->shop, o->first_item + k)->refund)
      {
      case SD_SIM_REFUND_WAIT_SELLER_AGREE: return STAGE_REFUND_PENDING;
      case SD_SIM_REFUND_SELLER_REFUSE_BUYER: stage = STAGE_REFUND_REFUSED; break;
      case SD_SIM_REFUND_SUCCESS: if (stage != STAGE_REFUND_REFUSED) stage = STAGE_REFUNDED; break;
      default: break;
      }
  return stage;
}

static char *
customer_uid (SdSimChat *self,
              guint      index)
{
  if (self->platform == SD_SIM_PLATFORM_TAOBAO)
    return g_strdup (sd_sim_shop_get_customer (self->shop, index)->uid);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, sd_sim_shopify_customer_id (index));
}

/* A new chat of customer INDEX (NO_CUSTOMER: a stranger called NICK), its first line TEXT
 * (NULL: one that fits the buyer's order). */
static Chat *
open_chat (SdSimChat  *self,
           guint       index,
           const char *nick,
           const char *text,
           gboolean    is_auto)
{
  Chat *chat = g_new0 (Chat, 1);
  g_autoptr(GString) m = NULL;

  chat->owner = self;
  chat->id = g_strdup_printf ("c%u", self->chats->len + 1);
  chat->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  chat->open = TRUE;
  chat->is_auto = is_auto;
  if (index != NO_CUSTOMER)
    {
      chat->nick = g_strdup (sd_sim_shop_get_customer (self->shop, index)->nick);
      chat->uid = customer_uid (self, index);
      chat->stage = latest_order (self, index, &chat->order_id);
    }
  else
    chat->nick = g_strdup (nick);
  g_ptr_array_add (self->chats, chat);
  g_hash_table_insert (self->by_id, chat->id, chat);

  m = event_members (chat, data_now (self));
  g_string_append (m, ",\"buyer_nick\":");
  sd_sim_append_string (m, chat->nick);
  if (chat->uid != NULL)
    {
      g_string_append (m, ",\"buyer_uid\":");
      sd_sim_append_string (m, chat->uid);
    }
  if (chat->order_id != NULL)
    {
      g_string_append (m, ",\"order_id\":");
      sd_sim_append_string (m, chat->order_id);
    }
  g_string_append (m, ",\"after_sales\":");
  sd_sim_append_string (m, after_sales_names[chat->stage]);
  push_event (self, "chat.opened", m->str);
  if (text == NULL)
    text = first_questions[chat->stage][g_rand_int_range (self->rand, 0, 4)];
  buyer_says (chat, text);
  restart_patience (chat);
  return chat;
}

/* A customer drawn from the seeded dice; a third of the time one whose latest order is in
 * after-sales, when a few draws find one. */
static guint
draw_customer (SdSimChat *self)
{
  guint n = sd_sim_shop_get_n_customers (self->shop);
  gboolean want_after_sales = g_rand_int_range (self->rand, 0, 3) == 0;
  guint index = (guint) g_rand_int_range (self->rand, 0, (gint32) n);

  for (guint tries = 0; want_after_sales && tries < 20; tries++)
    {
      g_autofree char *order_id = NULL;
      Stage stage = latest_order (self, index, &order_id);

      if (stage >= STAGE_REFUND_PENDING)
        break;
      index = (guint) g_rand_int_range (self->rand, 0, (gint32) n);
    }
  return index;
}

static gboolean
auto_cb (gpointer user_data)
{
  SdSimChat *self = user_data;

  open_chat (self, draw_customer (self), NULL, NULL, TRUE);
  return G_SOURCE_CONTINUE;
}

/* ---- the desk's frames ---- */

static char *
ack_frame (const char *client_id,
           const char *message_id,
           gint64      at)
{
  GString *f = g_string_new ("{\"type\":\"ack\",\"client_id\":");

  sd_sim_append_string (f, client_id);
  if (message_id != NULL)
    {
      g_string_append (f, ",\"message_id\":");
      sd_sim_append_string (f, message_id);
    }
  g_string_append (f, ",\"at\":");
  sd_sim_append_int (f, at);
  g_string_append_c (f, '}');
  return g_string_free (f, FALSE);
}

static void
send_nack (Desk       *desk,
           const char *client_id,
           const char *error)
{
  g_autoptr(GString) f = g_string_new ("{\"type\":\"nack\",\"client_id\":");

  sd_sim_append_string (f, client_id != NULL ? client_id : "");
  g_string_append (f, ",\"error\":");
  sd_sim_append_string (f, error);
  g_string_append_c (f, '}');
  send_frame (desk, f->str);
}

static void
drop_desk (Desk *desk)
{
  g_autoptr(SoupWebsocketConnection) conn = g_object_ref (desk->conn);

  g_ptr_array_remove (desk->owner->desks, desk);   /* frees the Desk */
  g_io_stream_close (soup_websocket_connection_get_io_stream (conn), NULL, NULL);
}

static void
resume (Desk   *desk,
        gint64  after_seq)
{
  SdSimChat *self = desk->owner;
  g_autoptr(GString) f = g_string_new ("{\"type\":\"resumed\",\"last_seq\":");
  gint64 first_kept = self->events.head != NULL ? ((Event *) self->events.head->data)->seq
                                                 : self->last_seq + 1;

  for (GList *l = self->events.head; l != NULL; l = l->next)
    if (((Event *) l->data)->seq > after_seq)
      send_frame (desk, ((Event *) l->data)->frame);
  desk->resumed = TRUE;
  sd_sim_append_int (f, self->last_seq);
  g_string_append (f, ",\"missed\":");
  sd_sim_append_int (f, MAX (0, first_kept - after_seq - 1));
  g_string_append_c (f, '}');
  send_frame (desk, f->str);
}

/* The agent's message or close, acked once per client_id: a resend is acked again, the same. */
static void
agent_frame (Desk       *desk,
             const char *type,
             JsonObject *o)
{
  SdSimChat *self = desk->owner;
  const char *client_id = json_object_get_string_member_with_default (o, "client_id", NULL);
  const char *chat_id = json_object_get_string_member_with_default (o, "chat_id", "");
  const char *text = json_object_get_string_member_with_default (o, "text", "");
  const char *done = client_id != NULL ? g_hash_table_lookup (self->acks, client_id) : NULL;
  Chat *chat = g_hash_table_lookup (self->by_id, chat_id);
  gboolean message = strcmp (type, "agent.message") == 0;
  g_autofree char *ack = NULL;
  const char *problem;

  if (done != NULL)
    {
      send_frame (desk, done);
      return;
    }
  if ((problem = client_id == NULL || *client_id == '\0' ? "client_id is missing"
                 : chat == NULL ? "no such chat"
                 : message && !chat->open ? "the chat is closed"
                 : message && *text == '\0' ? "text is empty" : NULL) != NULL)
    {
      send_nack (desk, client_id, problem);
      return;
    }
  if (message)
    {
      Line *line = g_new0 (Line, 1);

      line->from_agent = TRUE;
      line->message_id = g_strdup_printf ("m%" G_GUINT64_FORMAT, ++self->n_messages);
      line->at = data_now (self);
      line->text = g_strdup (text);
      line->agent = g_strdup (json_object_get_string_member_with_default (o, "agent", ""));
      g_ptr_array_add (chat->lines, line);
      chat->agent_replied = TRUE;
      ack = ack_frame (client_id, line->message_id, line->at);
      restart_patience (chat);
      if (chat->is_auto && chat->follow_up_id == 0 && g_rand_boolean (self->rand))
        chat->follow_up_id = g_timeout_add ((guint) g_rand_int_range (self->rand, 1000, 3000),
                                            follow_up_cb, chat);
    }
  else
    {
      if (chat->open)
        {
          close_chat (chat, "agent");
          chat->rate_id = g_timeout_add (RATE_DELAY_MS, rate_cb, chat);
        }
      ack = ack_frame (client_id, NULL, data_now (self));
    }
  g_hash_table_insert (self->acks, g_strdup (client_id), g_strdup (ack));
  if (self->drop_acks > 0)
    {
      self->drop_acks--;
      drop_desk (desk);
      return;
    }
  send_frame (desk, ack);
}

static void
desk_message_cb (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *message,
                 gpointer                 user_data)
{
  Desk *desk = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  JsonNode *root;
  JsonObject *o;
  const char *kind;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || !json_parser_load_from_data (parser, data, (gssize) size, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      send_nack (desk, NULL, "not a JSON object");
      return;
    }
  o = json_node_get_object (root);
  kind = json_object_get_string_member_with_default (o, "type", "");
  if (strcmp (kind, "resume") == 0)
    resume (desk, json_object_get_int_member_with_default (o, "after_seq", 0));
  else if (strcmp (kind, "agent.message") == 0 || strcmp (kind, "chat.close") == 0)
    agent_frame (desk, kind, o);
  else
    send_nack (desk, json_object_get_string_member_with_default (o, "client_id", NULL),
               "unknown type: resume, agent.message, chat.close");
}

static void
desk_closed_cb (SoupWebsocketConnection *conn,
                gpointer                 user_data)
{
  Desk *desk = user_data;

  g_ptr_array_remove (desk->owner->desks, desk);
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  SdSimChat *self = user_data;
  Desk *desk = g_new0 (Desk, 1);

  desk->owner = self;
  desk->conn = g_object_ref (conn);
  g_signal_connect (conn, "message", G_CALLBACK (desk_message_cb), desk);
  g_signal_connect (conn, "closed", G_CALLBACK (desk_closed_cb), desk);
  g_ptr_array_add (self->desks, desk);
}

/* Before the handshake is answered: without the token (?token= or "Authorization: Bearer"),
 * 401 and no WebSocket. */
static void
check_token_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  SdSimChat *self = user_data;
  const char *given = query != NULL ? g_hash_table_lookup (query, "token") : NULL;
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (given == NULL && header != NULL && g_str_has_prefix (header, "Bearer "))
    given = header + strlen ("Bearer ");
  if (given != NULL && strcmp (given, self->token) == 0)
    return;
  soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    "{\"error\":\"wrong or missing chat token\"}\n", 39);
}

/* ---- admin ---- */

static SdSimAnswer *
chat_summary (Chat   *chat,
              gint64  seq)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  GString *b = answer->body;

  g_string_append (b, "{\"chat_id\":");
  sd_sim_append_string (b, chat->id);
  g_string_append (b, ",\"buyer_nick\":");
  sd_sim_append_string (b, chat->nick);
  g_string_append (b, ",\"buyer_uid\":");
  chat->uid != NULL ? sd_sim_append_string (b, chat->uid) : (void) g_string_append (b, "null");
  g_string_append (b, ",\"order_id\":");
  chat->order_id != NULL ? sd_sim_append_string (b, chat->order_id)
                         : (void) g_string_append (b, "null");
  g_string_append (b, ",\"after_sales\":");
  sd_sim_append_string (b, after_sales_names[chat->stage]);
  g_string_append (b, ",\"seq\":");
  sd_sim_append_int (b, seq);
  g_string_append (b, "}\n");
  return answer;
}

static guint
find_customer (SdSimChat  *self,
               const char *nick,
               const char *uid)
{
  guint n = sd_sim_shop_get_n_customers (self->shop);

  for (guint i = 0; i < n; i++)
    {
      const SdSimCustomer *c = sd_sim_shop_get_customer (self->shop, i);

      if (uid != NULL ? strcmp (c->uid, uid) == 0 : strcmp (c->nick, nick) == 0)
        return i;
    }
  return NO_CUSTOMER;
}

static SdSimAnswer *
admin_open (SdSimChat          *self,
            const SdSimRequest *request)
{
  const char *nick = sd_sim_request_param (request, "nick");
  const char *uid = sd_sim_request_param (request, "uid");
  const char *text = sd_sim_request_param (request, "text");
  guint index;
  Chat *chat;

  if (nick == NULL && uid == NULL)
    index = draw_customer (self);
  else if ((index = find_customer (self, nick, uid)) == NO_CUSTOMER && uid != NULL)
    return sd_sim_admin_error (SOUP_STATUS_NOT_FOUND, "no customer has that uid");
  chat = open_chat (self, index, nick, text, FALSE);
  return chat_summary (chat, self->last_seq);
}

/* The chat named by chat_id, or NULL with the error answer in *OUT_ERROR. */
static Chat *
chat_param (SdSimChat          *self,
            const SdSimRequest *request,
            SdSimAnswer       **out_error)
{
  const char *id = sd_sim_request_param (request, "chat_id");
  Chat *chat = id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;

  if (chat == NULL)
    *out_error = sd_sim_admin_error (id == NULL ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_NOT_FOUND,
                                     id == NULL ? "chat_id is missing" : "no such chat");
  return chat;
}

static SdSimAnswer *
admin_say (SdSimChat          *self,
           const SdSimRequest *request)
{
  SdSimAnswer *answer = NULL;
  Chat *chat = chat_param (self, request, &answer);
  const char *text = sd_sim_request_param (request, "text");
  gint64 seq;

  if (chat == NULL)
    return answer;
  if (text == NULL)
    return sd_sim_admin_error (SOUP_STATUS_BAD_REQUEST, "text is missing");
  if (!chat->open)
    return sd_sim_admin_error (SOUP_STATUS_CONFLICT, "the chat is closed");
  seq = buyer_says (chat, text);
  answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  g_string_append (answer->body, "{\"message_id\":");
  sd_sim_append_string (answer->body,
                        ((Line *) g_ptr_array_index (chat->lines, chat->lines->len - 1))->message_id);
  g_string_append (answer->body, ",\"seq\":");
  sd_sim_append_int (answer->body, seq);
  g_string_append (answer->body, "}\n");
  return answer;
}

static SdSimAnswer *
admin_leave (SdSimChat          *self,
             const SdSimRequest *request)
{
  SdSimAnswer *answer = NULL;
  Chat *chat = chat_param (self, request, &answer);

  if (chat == NULL)
    return answer;
  if (!chat->open)
    return sd_sim_admin_error (SOUP_STATUS_CONFLICT, "the chat is closed");
  close_chat (chat, "buyer");
  return chat_summary (chat, self->last_seq);
}

static SdSimAnswer *
admin_transcript (SdSimChat          *self,
                  const SdSimRequest *request)
{
  SdSimAnswer *answer = NULL;
  Chat *chat = chat_param (self, request, &answer);
  GString *b;

  if (chat == NULL)
    return answer;
  answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  b = answer->body;
  g_string_append (b, "{\"chat_id\":");
  sd_sim_append_string (b, chat->id);
  g_string_append_printf (b, ",\"open\":%s,\"rating\":", chat->open ? "true" : "false");
  if (chat->rating > 0)
    sd_sim_append_int (b, chat->rating);
  else
    g_string_append (b, "null");
  g_string_append (b, ",\"messages\":[");
  for (guint i = 0; i < chat->lines->len; i++)
    {
      Line *line = g_ptr_array_index (chat->lines, i);

      g_string_append (b, i > 0 ? ",{\"from\":" : "{\"from\":");
      sd_sim_append_string (b, line->from_agent ? "agent" : "buyer");
      g_string_append (b, ",\"message_id\":");
      sd_sim_append_string (b, line->message_id);
      g_string_append (b, ",\"at\":");
      sd_sim_append_int (b, line->at);
      g_string_append (b, ",\"text\":");
      sd_sim_append_string (b, line->text);
      if (line->agent != NULL)
        {
          g_string_append (b, ",\"agent\":");
          sd_sim_append_string (b, line->agent);
        }
      g_string_append_c (b, '}');
    }
  g_string_append (b, "]}\n");
  return answer;
}

static SdSimAnswer *
state_answer (SdSimChat *self)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  guint open = 0;

  for (guint i = 0; i < self->chats->len; i++)
    open += ((Chat *) g_ptr_array_index (self->chats, i))->open;
  g_string_append_printf (answer->body, "{\"chats\":%u,\"open\":%u,\"last_seq\":%" G_GINT64_FORMAT
                                        ",\"kept\":%u,\"desks\":%u,\"rate_per_minute\":%u"
                                        ",\"drop_acks\":%u}\n",
                          self->chats->len, open, self->last_seq, self->events.length,
                          self->desks->len, self->auto_rate, self->drop_acks);
  return answer;
}

static SdSimAnswer *
admin_auto (SdSimChat          *self,
            const SdSimRequest *request)
{
  const char *text = sd_sim_request_param (request, "rate_per_minute");
  guint64 rate;

  if (text == NULL || !sd_sim_parse_uint (text, MAX_RATE_PER_MINUTE, &rate))
    return sd_sim_admin_error (SOUP_STATUS_BAD_REQUEST,
                               "rate_per_minute must be a whole number from 0 (off) to 600");
  sd_sim_chat_set_auto_rate (self, (guint) rate);
  return state_answer (self);
}

void
sd_sim_chat_set_auto_rate (SdSimChat *self,
                           guint      rate_per_minute)
{
  g_clear_handle_id (&self->auto_id, g_source_remove);
  self->auto_rate = MIN (rate_per_minute, MAX_RATE_PER_MINUTE);
  if (self->auto_rate > 0)
    self->auto_id = g_timeout_add (60000 / self->auto_rate, auto_cb, self);
}

/* Every desk connection cut without a close frame, as a network failure would; ack=N instead
 * arms it: the next N agent frames are taken and their desk dropped before the ack. */
static SdSimAnswer *
admin_drop (SdSimChat          *self,
            const SdSimRequest *request)
{
  const char *acks = sd_sim_request_param (request, "ack");
  guint64 n = 0;

  if (acks != NULL && !sd_sim_parse_uint (acks, 1000, &n))
    return sd_sim_admin_error (SOUP_STATUS_BAD_REQUEST, "ack must be a whole number from 0 to 1000");
  if (acks != NULL)
    self->drop_acks = (guint) n;
  else
    while (self->desks->len > 0)
      drop_desk (g_ptr_array_index (self->desks, 0));
  return state_answer (self);
}

/* Chats, their events and the acks go; seq goes on growing, so that a desk never mistakes a
 * new event for one it has. */
static SdSimAnswer *
admin_reset (SdSimChat          *self,
             const SdSimRequest *request)
{
  g_clear_handle_id (&self->auto_id, g_source_remove);
  self->auto_rate = 0;
  self->drop_acks = 0;
  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->chats, 0);
  g_hash_table_remove_all (self->acks);
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
  return state_answer (self);
}

static SdSimAnswer *
admin_state (SdSimChat          *self,
             const SdSimRequest *request)
{
  return state_answer (self);
}

typedef struct
{
  const char *name;
  const char *method;
  SdSimAnswer *(*answer) (SdSimChat *self, const SdSimRequest *request);
} Endpoint;

static const Endpoint endpoints[] = {
  { "open", "POST", admin_open },
  { "say", "POST", admin_say },
  { "leave", "POST", admin_leave },
  { "transcript", "GET", admin_transcript },
  { "auto", "POST", admin_auto },
  { "drop", "POST", admin_drop },
  { "reset", "POST", admin_reset },
  { "state", "GET", admin_state },
};

SdSimAnswer *
sd_sim_chat_admin_answer (SdSimChat          *self,
                          const SdSimRequest *request)
{
  const char *name;

  g_return_val_if_fail (self != NULL && request != NULL, NULL);

  if (!g_str_has_prefix (request->path, ADMIN_PREFIX))
    return NULL;
  name = request->path + strlen (ADMIN_PREFIX);
  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      if (strcmp (name, endpoints[i].name) != 0)
        continue;
      if (strcmp (request->method, endpoints[i].method) != 0)
        return sd_sim_admin_error (SOUP_STATUS_METHOD_NOT_ALLOWED, "method not allowed here");
      return endpoints[i].answer (self, request);
    }
  return sd_sim_admin_error (SOUP_STATUS_NOT_FOUND,
                             "unknown endpoint: /_sim/chat/ open, say, leave, transcript, auto, "
                             "drop, reset, state");
}

/* ---- life ---- */

SdSimChat *
sd_sim_chat_new (SdSimShop     *shop,
                 SdSimPlatform  platform,
                 const char    *token,
                 guint32        seed)
{
  SdSimChat *self = g_new0 (SdSimChat, 1);

  g_return_val_if_fail (SD_SIM_IS_SHOP (shop), NULL);

  self->shop = g_object_ref (shop);
  self->platform = platform;
  self->token = g_strdup (token);
  /* Its own dice: chats never change the shop's or the faults' draws. */
  self->rand = g_rand_new_with_seed (seed ^ 0x63686174u);
  self->chats = g_ptr_array_new_with_free_func ((GDestroyNotify) chat_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->acks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->desks = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_free);
  g_queue_init (&self->events);
  return self;
}

void
sd_sim_chat_attach (SdSimChat  *self,
                    SoupServer *soup)
{
  g_return_if_fail (self != NULL && SOUP_IS_SERVER (soup));

  soup_server_add_early_handler (soup, CHAT_PATH, check_token_cb, self, NULL);
  soup_server_add_websocket_handler (soup, CHAT_PATH, NULL, NULL, websocket_cb, self, NULL);
}

void
sd_sim_chat_free (SdSimChat *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->auto_id, g_source_remove);
  for (guint i = 0; i < self->desks->len; i++)
    {
      Desk *desk = g_ptr_array_index (self->desks, i);

      g_signal_handlers_disconnect_by_data (desk->conn, desk);
      if (soup_websocket_connection_get_state (desk->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (desk->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  g_ptr_array_unref (self->desks);
  g_ptr_array_unref (self->chats);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->acks);
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
  g_rand_free (self->rand);
  g_free (self->token);
  g_object_unref (self->shop);
  g_free (self);
}
