/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sim-test-util.h"

/* The live chat of the simulator, driven as a desk would with a raw SoupWebsocketConnection:
 * the token, the events and their seq, acks that recognise a resend, the replay after
 * `resume`, and buyers that are the same for the same seed. */

#define WAIT_MS 5000

/* A desk: the connection and the frames it has received, not yet looked at. */
typedef struct
{
  SoupWebsocketConnection *conn;
  GQueue                   frames;    /* JsonNode */
  gboolean                 closed;
} Desk;

typedef struct
{
  SoupWebsocketConnection *conn;
  GError                  *error;
  gboolean                 done;
} Handshake;

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Handshake *h = user_data;

  h->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &h->error);
  h->done = TRUE;
}

static void
frame_cb (SoupWebsocketConnection *conn,
          gint                     type,
          GBytes                   *message,
          gpointer                 user_data)
{
  Desk *desk = user_data;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  g_autofree char *text = g_strndup (data, size);
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_queue_push_tail (&desk->frames, node);
}

static void
desk_closed_cb (SoupWebsocketConnection *conn,
                gpointer                 user_data)
{
  ((Desk *) user_data)->closed = TRUE;
}

/* The handshake with TOKEN in the query (NULL: none); its HTTP status in *OUT_STATUS. NULL
 * when refused. */
static Desk *
desk_connect (Sim        *sim,
              const char *token,
              guint      *out_status)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/chat%s%s", sim->port,
                                          token != NULL ? "?token=" : "", token != NULL ? token : "");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Handshake h = { 0 };
  Desk *desk;

  soup_session_websocket_connect_async (sim->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        handshake_cb, &h);
  while (!h.done)
    g_main_context_iteration (NULL, TRUE);
  *out_status = soup_message_get_status (msg);
  if (h.conn == NULL)
    {
      g_clear_error (&h.error);
      return NULL;
    }
  desk = g_new0 (Desk, 1);
  desk->conn = h.conn;
  g_queue_init (&desk->frames);
  g_signal_connect (desk->conn, "message", G_CALLBACK (frame_cb), desk);
  g_signal_connect (desk->conn, "closed", G_CALLBACK (desk_closed_cb), desk);
  return desk;
}

static Desk *
desk_open (Sim *sim)
{
  guint status = 0;
  Desk *desk = desk_connect (sim, "test-chat", &status);

  g_assert_cmpuint (status, ==, SOUP_STATUS_SWITCHING_PROTOCOLS);
  g_assert_nonnull (desk);
  return desk;
}

static void
desk_free (Desk *desk)
{
  g_signal_handlers_disconnect_by_data (desk->conn, desk);
  if (soup_websocket_connection_get_state (desk->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (desk->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (desk->conn);
  g_queue_clear_full (&desk->frames, (GDestroyNotify) json_node_unref);
  g_free (desk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Desk, desk_free)

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until a frame is there (or the desk is closed) or MS have passed. */
static void
desk_wait (Desk  *desk,
           guint  ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (ms, timeout_cb, &expired);

  while (!expired && desk->frames.length == 0 && !desk->closed)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
}

/* The next frame, which must be of TYPE (the caller unrefs it). */
static JsonNode *
desk_next (Desk       *desk,
           const char *type)
{
  JsonNode *node;

  desk_wait (desk, WAIT_MS);
  node = g_queue_pop_head (&desk->frames);
  g_assert_nonnull (node);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "type"), ==, type);
  return node;
}

static void
desk_send (Desk       *desk,
           const char *frame)
{
  soup_websocket_connection_send_text (desk->conn, frame);
}

static void
desk_resume (Desk   *desk,
             gint64  after_seq)
{
  g_autofree char *frame = g_strdup_printf ("{\"type\":\"resume\",\"after_seq\":%" G_GINT64_FORMAT "}",
                                            after_seq);

  desk_send (desk, frame);
}

static JsonObject *
obj (JsonNode *node)
{
  return json_node_get_object (node);
}

/* A customer's uid and their latest order (the highest id), from /_sim/orders. */
static void
some_customer (Sim   *sim,
               guint  nth,
               char **out_uid,
               char **out_order_id)
{
  g_autoptr(JsonNode) orders = sim_admin (sim, "GET", "/_sim/orders");
  JsonArray *a = json_node_get_array (orders);
  const char *uid = json_object_get_string_member (json_array_get_object_element (a, nth), "customer");
  const char *latest = NULL;

  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);

      if (strcmp (json_object_get_string_member (o, "customer"), uid) == 0)
        latest = json_object_get_string_member (o, "id");   /* sorted by id */
    }
  *out_uid = g_strdup (uid);
  *out_order_id = g_strdup (latest);
}

static void
test_token (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, "--chat-token", "s3cret", NULL);
  guint status = 0;
  Desk *desk;

  g_assert_null (desk_connect (sim, "test-chat", &status));
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_null (desk_connect (sim, NULL, &status));
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
  desk = desk_connect (sim, "s3cret", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_SWITCHING_PROTOCOLS);
  g_assert_nonnull (desk);
  desk_free (desk);
}

/* An admin open reaches the desk as chat.opened (the buyer, their latest order) and the
 * first chat.message, seq 1 and 2. */
static void
test_open_event (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(Desk) desk = desk_open (sim);
  g_autofree char *uid = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) resumed = NULL;
  g_autoptr(JsonNode) opened = NULL;
  g_autoptr(JsonNode) said = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) stranger = NULL;
  gint64 now = sim_now (sim);
  const char *after_sales;

  desk_resume (desk, 0);
  resumed = desk_next (desk, "resumed");
  g_assert_cmpint (json_object_get_int_member (obj (resumed), "last_seq"), ==, 0);

  some_customer (sim, 7, &uid, &order_id);
  path = g_strdup_printf ("/_sim/chat/open?uid=%s&text=%s", uid, "%E6%9C%89%E8%B4%A7%E5%90%97");
  answer = sim_admin (sim, "POST", path);
  g_assert_cmpstr (json_object_get_string_member (obj (answer), "chat_id"), ==, "c1");

  opened = desk_next (desk, "chat.opened");
  g_assert_cmpint (json_object_get_int_member (obj (opened), "seq"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (obj (opened), "chat_id"), ==, "c1");
  g_assert_cmpstr (json_object_get_string_member (obj (opened), "buyer_uid"), ==, uid);
  g_assert_cmpstr (json_object_get_string_member (obj (opened), "order_id"), ==, order_id);
  g_assert_cmpstr (json_object_get_string_member (obj (opened), "buyer_nick"), ==,
                   json_object_get_string_member (obj (answer), "buyer_nick"));
  g_assert_cmpstr (strstr (json_object_get_string_member (obj (opened), "buyer_nick"), "**"), !=, NULL);
  after_sales = json_object_get_string_member (obj (opened), "after_sales");
  g_assert_true (g_strv_contains ((const char *[]) { "none", "refund_pending", "refund_refused",
                                                     "refunded", NULL }, after_sales));
  g_assert_cmpint (json_object_get_int_member (obj (opened), "at"), ==, now);

  said = desk_next (desk, "chat.message");
  g_assert_cmpint (json_object_get_int_member (obj (said), "seq"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (obj (said), "text"), ==, "有货吗");
  g_assert_cmpstr (json_object_get_string_member (obj (said), "message_id"), ==, "m1");

  /* Not one of the shop's customers: no uid, no order. */
  stranger = sim_admin (sim, "POST", "/_sim/chat/open?nick=visitor01&text=hi");
  g_clear_pointer (&opened, json_node_unref);
  opened = desk_next (desk, "chat.opened");
  g_assert_cmpint (json_object_get_int_member (obj (opened), "seq"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (obj (opened), "buyer_nick"), ==, "visitor01");
  g_assert_false (json_object_has_member (obj (opened), "buyer_uid"));
  g_assert_false (json_object_has_member (obj (opened), "order_id"));
  g_assert_cmpstr (json_object_get_string_member (obj (opened), "after_sales"), ==, "none");
}

static char *
agent_frame (const char *chat_id,
             const char *client_id,
             const char *text)
{
  return g_strdup_printf ("{\"type\":\"agent.message\",\"chat_id\":\"%s\",\"client_id\":\"%s\","
                          "\"text\":\"%s\",\"agent\":\"小王\"}", chat_id, client_id, text);
}

/* An agent message is acked with the server's id and shows in the transcript; its resend is
 * acked the same and not doubled; closing brings chat.closed and then a rating. */
static void
test_agent_message (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(Desk) desk = desk_open (sim);
  g_autoptr(JsonNode) opened = sim_admin (sim, "POST", "/_sim/chat/open?nick=visitor&text=hello");
  g_autofree char *frame = agent_frame ("c1", "cl-1", "在的，亲");
  g_autoptr(JsonNode) ack = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) transcript = NULL;
  g_autoptr(JsonNode) closed = NULL;
  g_autoptr(JsonNode) rated = NULL;
  g_autoptr(JsonNode) nack = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *late = agent_frame ("c1", "cl-2", "还在吗");
  JsonArray *lines;
  JsonObject *line;
  gint64 rating;

  desk_resume (desk, 2);
  json_node_unref (desk_next (desk, "resumed"));
  desk_send (desk, frame);
  ack = desk_next (desk, "ack");
  g_assert_cmpstr (json_object_get_string_member (obj (ack), "client_id"), ==, "cl-1");
  g_assert_cmpstr (json_object_get_string_member (obj (ack), "message_id"), ==, "m2");
  g_assert_cmpint (json_object_get_int_member (obj (ack), "at"), ==, sim_now (sim));

  desk_send (desk, frame);   /* as after a reconnect */
  again = desk_next (desk, "ack");
  g_assert_cmpstr (json_object_get_string_member (obj (again), "message_id"), ==, "m2");

  transcript = sim_admin (sim, "GET", "/_sim/chat/transcript?chat_id=c1");
  lines = json_object_get_array_member (obj (transcript), "messages");
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);
  line = json_array_get_object_element (lines, 0);
  g_assert_cmpstr (json_object_get_string_member (line, "from"), ==, "buyer");
  g_assert_cmpstr (json_object_get_string_member (line, "text"), ==, "hello");
  line = json_array_get_object_element (lines, 1);
  g_assert_cmpstr (json_object_get_string_member (line, "from"), ==, "agent");
  g_assert_cmpstr (json_object_get_string_member (line, "text"), ==, "在的，亲");
  g_assert_cmpstr (json_object_get_string_member (line, "agent"), ==, "小王");
  g_assert_true (json_object_get_boolean_member (obj (transcript), "open"));

  desk_send (desk, "{\"type\":\"chat.close\",\"chat_id\":\"c1\",\"client_id\":\"cl-close\"}");
  closed = desk_next (desk, "chat.closed");
  g_assert_cmpint (json_object_get_int_member (obj (closed), "seq"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (obj (closed), "by"), ==, "agent");
  json_node_unref (desk_next (desk, "ack"));
  rated = desk_next (desk, "chat.rated");
  g_assert_cmpint (json_object_get_int_member (obj (rated), "seq"), ==, 4);
  rating = json_object_get_int_member (obj (rated), "rating");
  g_assert_cmpint (rating, >=, 1);
  g_assert_cmpint (rating, <=, 5);

  desk_send (desk, late);
  nack = desk_next (desk, "nack");
  g_assert_cmpstr (json_object_get_string_member (obj (nack), "client_id"), ==, "cl-2");
  g_assert_cmpstr (json_object_get_string_member (obj (nack), "error"), ==, "the chat is closed");

  after = sim_admin (sim, "GET", "/_sim/chat/transcript?chat_id=c1");
  g_assert_false (json_object_get_boolean_member (obj (after), "open"));
  g_assert_cmpint (json_object_get_int_member (obj (after), "rating"), ==, rating);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (after), "messages")), ==, 2);
}

/* Nothing goes to a desk before its resume; then exactly what came after its seq, in order. */
static void
test_resume (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(Desk) desk = desk_open (sim);
  g_autoptr(JsonNode) resumed = NULL;

  for (guint i = 0; i < 3; i++)
    json_node_unref (sim_admin (sim, "POST", "/_sim/chat/open?nick=someone&text=x"));
  desk_wait (desk, 300);
  g_assert_cmpuint (desk->frames.length, ==, 0);

  desk_resume (desk, 2);
  for (gint64 seq = 3; seq <= 6; seq++)
    {
      g_autoptr(JsonNode) event = desk_next (desk, seq % 2 == 1 ? "chat.opened" : "chat.message");

      g_assert_cmpint (json_object_get_int_member (obj (event), "seq"), ==, seq);
    }
  resumed = desk_next (desk, "resumed");
  g_assert_cmpint (json_object_get_int_member (obj (resumed), "last_seq"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (obj (resumed), "missed"), ==, 0);

  /* Live from now on. */
  json_node_unref (sim_admin (sim, "POST", "/_sim/chat/say?chat_id=c2&text=again"));
  {
    g_autoptr(JsonNode) said = desk_next (desk, "chat.message");

    g_assert_cmpint (json_object_get_int_member (obj (said), "seq"), ==, 7);
    g_assert_cmpstr (json_object_get_string_member (obj (said), "chat_id"), ==, "c2");
  }
  desk_wait (desk, 200);
  g_assert_cmpuint (desk->frames.length, ==, 0);
}

/* The dropped desk sees its connection end; one armed with ack=1 sees the message taken
 * (in the transcript) but no ack. */
static void
test_drop (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(Desk) desk = desk_open (sim);
  g_autoptr(Desk) second = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) transcript = NULL;
  g_autofree char *frame = agent_frame ("c1", "cl-9", "ok");

  json_node_unref (sim_admin (sim, "POST", "/_sim/chat/open?nick=a&text=x"));
  json_node_unref (sim_admin (sim, "POST", "/_sim/chat/drop"));
  desk_wait (desk, WAIT_MS);
  g_assert_true (desk->closed);

  second = desk_open (sim);
  desk_resume (second, 2);
  json_node_unref (desk_next (second, "resumed"));
  json_node_unref (sim_admin (sim, "POST", "/_sim/chat/drop?ack=1"));
  desk_send (second, frame);
  desk_wait (second, WAIT_MS);
  g_assert_true (second->closed);
  g_assert_cmpuint (second->frames.length, ==, 0);
  transcript = sim_admin (sim, "GET", "/_sim/chat/transcript?chat_id=c1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (transcript), "messages")), ==, 2);
  state = sim_admin (sim, "GET", "/_sim/chat/state");
  g_assert_cmpint (json_object_get_int_member (obj (state), "desks"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj (state), "drop_acks"), ==, 0);
}

/* Five buyers drawn by the simulator: "buyer|order|after_sales|first text" a line. */
static char *
drawn_buyers (Sim *sim)
{
  GString *out = g_string_new (NULL);

  for (guint i = 1; i <= 5; i++)
    {
      g_autoptr(JsonNode) chat = sim_admin (sim, "POST", "/_sim/chat/open");
      g_autofree char *path = g_strdup_printf ("/_sim/chat/transcript?chat_id=c%u", i);
      g_autoptr(JsonNode) transcript = sim_admin (sim, "GET", path);
      JsonObject *first = json_array_get_object_element (
        json_object_get_array_member (obj (transcript), "messages"), 0);
      JsonObject *c = obj (chat);

      g_string_append_printf (out, "%s|%s|%s|%s\n", json_object_get_string_member (c, "buyer_uid"),
                              json_object_get_string_member_with_default (c, "order_id", "-"),
                              json_object_get_string_member (c, "after_sales"),
                              json_object_get_string_member (first, "text"));
    }
  return g_string_free (out, FALSE);
}

static void
test_deterministic (void)
{
  g_autoptr(Sim) a = sim_start (SIM_SMALL_SHOP, "--seed", "7", NULL);
  g_autoptr(Sim) b = sim_start (SIM_SMALL_SHOP, "--seed", "7", NULL);
  g_autoptr(Sim) c = sim_start (SIM_SMALL_SHOP, "--seed", "8", NULL);
  g_autofree char *ta = drawn_buyers (a);
  g_autofree char *tb = drawn_buyers (b);
  g_autofree char *tc = drawn_buyers (c);

  g_assert_cmpstr (ta, ==, tb);
  g_assert_cmpstr (ta, !=, tc);
}

/* Buyers come by themselves at the rate asked, with a question from the table; reset clears
 * the chats, and seq goes on. */
static void
test_auto_and_reset (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(Desk) desk = desk_open (sim);
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) reset = NULL;
  g_autoptr(Reply) bad = sim_request (sim, "POST", "/_sim/chat/auto?rate_per_minute=601", NULL);
  g_autoptr(Reply) gone = NULL;
  guint opened = 0;
  gint64 last = 0;

  g_assert_cmpuint (bad->status, ==, SOUP_STATUS_BAD_REQUEST);
  desk_resume (desk, 0);
  json_node_unref (desk_next (desk, "resumed"));
  json_node_unref (sim_admin (sim, "POST", "/_sim/chat/auto?rate_per_minute=600"));
  while (opened < 3)
    {
      g_autoptr(JsonNode) event = NULL;

      desk_wait (desk, WAIT_MS);
      event = g_queue_pop_head (&desk->frames);
      g_assert_nonnull (event);
      g_assert_cmpint (json_object_get_int_member (obj (event), "seq"), ==, last + 1);
      last++;
      if (strcmp (json_object_get_string_member (obj (event), "type"), "chat.message") == 0)
        {
          const char *text = json_object_get_string_member (obj (event), "text");

          g_assert_true (g_utf8_validate (text, -1, NULL));
          g_assert_cmpuint (g_utf8_strlen (text, -1), >=, 3);
          opened++;
        }
    }
  json_node_unref (sim_admin (sim, "POST", "/_sim/chat/auto?rate_per_minute=0"));
  reset = sim_admin (sim, "POST", "/_sim/chat/reset");
  g_assert_cmpint (json_object_get_int_member (obj (reset), "chats"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj (reset), "rate_per_minute"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj (reset), "last_seq"), >=, 6);
  gone = sim_request (sim, "GET", "/_sim/chat/transcript?chat_id=c1", NULL);
  g_assert_cmpuint (gone->status, ==, SOUP_STATUS_NOT_FOUND);
  state = sim_admin (sim, "GET", "/_sim/chat/state");
  g_assert_cmpint (json_object_get_int_member (obj (state), "kept"), ==, 0);
}

/* --chat-buyers starts the simulator with buyers opening chats by themselves, as the
 * window's demo chat runs it. */
static void
test_chat_buyers_option (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, "--chat-buyers", "600", NULL);
  g_autoptr(Desk) desk = desk_open (sim);
  g_autoptr(JsonNode) state = sim_admin (sim, "GET", "/_sim/chat/state");
  g_autoptr(JsonNode) opened = NULL;

  g_assert_cmpint (json_object_get_int_member (obj (state), "rate_per_minute"), ==, 600);
  desk_resume (desk, 0);
  /* Chats opened before the resume come first, replayed; a new one after it. */
  for (guint frames = 0; opened == NULL && frames < 20; frames++)
    {
      g_autoptr(JsonNode) frame = NULL;

      desk_wait (desk, WAIT_MS);
      frame = g_queue_pop_head (&desk->frames);
      g_assert_nonnull (frame);
      if (g_str_equal (json_object_get_string_member (obj (frame), "type"), "chat.opened"))
        opened = g_steal_pointer (&frame);
    }
  g_assert_nonnull (opened);
  g_assert_cmpint (json_object_get_int_member (obj (opened), "seq"), >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/chat/token", test_token);
  g_test_add_func ("/sim/chat/open-event", test_open_event);
  g_test_add_func ("/sim/chat/agent-message", test_agent_message);
  g_test_add_func ("/sim/chat/resume", test_resume);
  g_test_add_func ("/sim/chat/drop", test_drop);
  g_test_add_func ("/sim/chat/deterministic", test_deterministic);
  g_test_add_func ("/sim/chat/auto-and-reset", test_auto_and_reset);
  g_test_add_func ("/sim/chat/chat-buyers-option", test_chat_buyers_option);
  return g_test_run ();
}
