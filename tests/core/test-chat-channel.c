/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "net/sd-sim-chat-channel.h"
#include "sd-error.h"
#include "sd-test-sim.h"
#include "sd-test-util.h"

/* The simulator's chat channel against a real shopdesk-sim: events in seq order and each
 * once, the server's ids for messages, and nothing lost or doubled across dropped
 * connections. The simulator's transcript is the proof of what the buyer saw. */

#define WAIT_MS 10000

typedef struct
{
  SdTestSim     *sim;
  SdChatChannel *channel;
  GPtrArray     *events;       /* SdChatEvent, as handed out */
  guint          n_connecting; /* state changes to CONNECTING */
} Fixture;

static void
event_cb (SdChatChannel     *channel,
          const SdChatEvent *event,
          gpointer           user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->events, sd_chat_event_copy (event));
}

static void
state_cb (SdChatChannel *channel,
          gpointer       user_data)
{
  Fixture *f = user_data;

  if (sd_chat_channel_get_state (channel) == SD_CHAT_CHANNEL_CONNECTING)
    f->n_connecting++;
}

static SdChatChannel *
new_channel (Fixture    *f,
             const char *token)
{
  SdChatChannel *channel = sd_sim_chat_channel_new (sd_test_sim_get_chat_url (f->sim), token);

  g_signal_connect (channel, "event", G_CALLBACK (event_cb), f);
  g_signal_connect (channel, "state-changed", G_CALLBACK (state_cb), f);
  return channel;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  static const char * const args[] = { "--customers", "50", "--orders", "300", "--days", "10", NULL };

  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_chat_event_free);
  f->sim = sd_test_sim_start (args);
  if (f->sim != NULL)
    f->channel = new_channel (f, "test-chat");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  if (f->channel != NULL)
    sd_chat_channel_close (f->channel);
  g_clear_object (&f->channel);
  g_clear_pointer (&f->sim, sd_test_sim_stop);
  g_ptr_array_unref (f->events);
}

#define SKIP_WITHOUT_SIM(f) \
  if ((f)->sim == NULL) { g_test_skip ("shopdesk-sim is not built"); return; }

/* Runs the main loop until DONE () or the test times out. */
static void
wait_until (gboolean (*done) (Fixture *f, gconstpointer data),
            Fixture       *f,
            gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (!done (f, data))
    sd_test_iterate_before (deadline);
}

static gboolean
has_events (Fixture      *f,
            gconstpointer data)
{
  return f->events->len >= GPOINTER_TO_UINT (data);
}

static gboolean
is_connected (Fixture      *f,
              gconstpointer data)
{
  return sd_chat_channel_get_state (f->channel) == SD_CHAT_CHANNEL_CONNECTED;
}

static gboolean
is_reconnecting (Fixture      *f,
                 gconstpointer data)
{
  return sd_chat_channel_get_state (f->channel) == SD_CHAT_CHANNEL_CONNECTING;
}

static gboolean
try_connect (Fixture        *f,
             SdChatChannel  *channel,
             gint64          after_seq,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sd_chat_channel_connect_async (channel, after_seq, NULL, sd_test_store_result_cb, &result);
  sd_test_wait_result (&result, WAIT_MS);
  return sd_chat_channel_connect_finish (channel, result, error);
}

static void
connect_channel (Fixture *f,
                 gint64   after_seq)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (try_connect (f, f->channel, after_seq, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sd_chat_channel_get_state (f->channel), ==, SD_CHAT_CHANNEL_CONNECTED);
  g_assert_null (sd_chat_channel_get_error (f->channel));
}

static void
start_send (Fixture        *f,
            const char     *chat_id,
            const char     *client_id,
            const char     *text,
            GAsyncResult  **result)
{
  sd_chat_channel_send_message_async (f->channel, chat_id, client_id, text, "小王", NULL, sd_test_store_result_cb,
                                      result);
}

/* The message's id, or NULL with ERROR. */
static char *
finish_send (Fixture       *f,
             GAsyncResult **result,
             gint64        *out_at,
             GError       **error)
{
  char *id;

  sd_test_wait_result (result, WAIT_MS);
  id = sd_chat_channel_send_message_finish (f->channel, *result, out_at, error);
  g_clear_object (result);
  return id;
}

static char *
send_message (Fixture     *f,
              const char  *chat_id,
              const char  *client_id,
              const char  *text,
              gint64      *out_at,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  start_send (f, chat_id, client_id, text, &result);
  return finish_send (f, &result, out_at, error);
}

static SdChatEvent *
event_at (Fixture *f,
          guint    i)
{
  return g_ptr_array_index (f->events, i);
}

/* Each event once, seq 1, 2, 3… */
static void
assert_seqs (Fixture *f,
             guint    n)
{
  g_assert_cmpuint (f->events->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (event_at (f, i)->seq, ==, i + 1);
}

/* The agent lines of CHAT_ID in the simulator's transcript, "text" a line. */
static char *
agent_lines (Fixture    *f,
             const char *chat_id)
{
  g_autofree char *path = g_strdup_printf ("/_sim/chat/transcript?chat_id=%s", chat_id);
  g_autoptr(JsonNode) node = sd_test_sim_get_json (f->sim, path);
  JsonArray *lines = json_object_get_array_member (json_node_get_object (node), "messages");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      if (strcmp (json_object_get_string_member (line, "from"), "agent") == 0)
        g_string_append_printf (out, "%s\n", json_object_get_string_member (line, "text"));
    }
  return g_string_free (out, FALSE);
}

static void
test_events_in_order (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(JsonNode) orders = NULL;
  g_autoptr(JsonNode) opened = NULL;
  g_autofree char *path = NULL;
  JsonObject *first;
  SKIP_WITHOUT_SIM (f);

  connect_channel (f, 0);
  orders = sd_test_sim_get_json (f->sim, "/_sim/orders");
  first = json_array_get_object_element (json_node_get_array (orders), 0);
  path = g_strdup_printf ("/_sim/chat/open?uid=%s&text=hello",
                          json_object_get_string_member (first, "customer"));
  opened = sd_test_sim_post_json (f->sim, path);
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/open?nick=visitor&text=hi"));
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/say?chat_id=c1&text=anyone%3F"));
  wait_until (has_events, f, GUINT_TO_POINTER (5));
  assert_seqs (f, 5);

  g_assert_cmpint (event_at (f, 0)->kind, ==, SD_CHAT_EVENT_OPENED);
  g_assert_cmpstr (event_at (f, 0)->chat_id, ==, "c1");
  g_assert_cmpstr (event_at (f, 0)->buyer_uid, ==, json_object_get_string_member (first, "customer"));
  g_assert_cmpstr (event_at (f, 0)->buyer_nick, ==,
                   json_object_get_string_member (json_node_get_object (opened), "buyer_nick"));
  g_assert_cmpstr (event_at (f, 0)->order_id, ==,
                   json_object_get_string_member (json_node_get_object (opened), "order_id"));
  g_assert_nonnull (event_at (f, 0)->order_id);
  g_assert_cmpint (event_at (f, 0)->at, ==, sd_test_sim_now (f->sim));
  g_assert_cmpint (event_at (f, 1)->kind, ==, SD_CHAT_EVENT_MESSAGE);
  g_assert_cmpstr (event_at (f, 1)->text, ==, "hello");
  g_assert_cmpstr (event_at (f, 1)->message_id, ==, "m1");
  g_assert_cmpint (event_at (f, 2)->kind, ==, SD_CHAT_EVENT_OPENED);
  g_assert_cmpstr (event_at (f, 2)->buyer_nick, ==, "visitor");
  g_assert_null (event_at (f, 2)->buyer_uid);
  g_assert_null (event_at (f, 2)->order_id);
  g_assert_cmpstr (event_at (f, 2)->after_sales, ==, "none");
  g_assert_cmpint (event_at (f, 4)->kind, ==, SD_CHAT_EVENT_MESSAGE);
  g_assert_cmpstr (event_at (f, 4)->chat_id, ==, "c1");
  g_assert_cmpstr (event_at (f, 4)->text, ==, "anyone?");
}

/* The caller's seq is where the channel starts: a later channel given 3 gets 4 on. */
static void
test_after_seq (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SKIP_WITHOUT_SIM (f);

  for (guint i = 0; i < 2; i++)
    g_free (sd_test_sim_post (f->sim, "/_sim/chat/open?nick=visitor&text=hi"));
  connect_channel (f, 3);
  wait_until (has_events, f, GUINT_TO_POINTER (1));
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/leave?chat_id=c1"));
  wait_until (has_events, f, GUINT_TO_POINTER (2));
  g_assert_cmpint (event_at (f, 0)->seq, ==, 4);
  g_assert_cmpint (event_at (f, 0)->kind, ==, SD_CHAT_EVENT_MESSAGE);
  g_assert_cmpstr (event_at (f, 0)->chat_id, ==, "c2");
  g_assert_cmpint (event_at (f, 1)->seq, ==, 5);
  g_assert_cmpint (event_at (f, 1)->kind, ==, SD_CHAT_EVENT_CLOSED);
  g_assert_cmpstr (event_at (f, 1)->closed_by, ==, "buyer");
}

static void
test_wrong_token (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(SdChatChannel) channel = NULL;
  g_autoptr(GError) error = NULL;
  SKIP_WITHOUT_SIM (f);

  channel = new_channel (f, "not-the-token");
  g_assert_false (try_connect (f, channel, 0, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
  g_assert_cmpint (sd_chat_channel_get_state (channel), ==, SD_CHAT_CHANNEL_DISCONNECTED);
  g_assert_error (sd_chat_channel_get_error (channel), SD_ERROR, SD_ERROR_AUTH_FAILED);
}

static void
test_unreachable (void)
{
  g_autoptr(SdChatChannel) channel = sd_sim_chat_channel_new ("ws://127.0.0.1:1/chat", "x");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sd_chat_channel_connect_async (channel, 0, NULL, sd_test_store_result_cb, &result);
  sd_test_wait_result (&result, WAIT_MS);
  g_assert_false (sd_chat_channel_connect_finish (channel, result, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NETWORK);
  g_assert_cmpint (sd_chat_channel_get_state (channel), ==, SD_CHAT_CHANNEL_DISCONNECTED);
}

/* Messages get the server's id and time; the errors say which; closing brings CLOSED then
 * RATED. */
static void
test_send_and_close (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) closed = NULL;
  g_autofree char *id = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *late = NULL;
  g_autofree char *lines = NULL;
  gint64 at = 0;
  SKIP_WITHOUT_SIM (f);

  connect_channel (f, 0);
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/open?nick=visitor&text=hi"));
  wait_until (has_events, f, GUINT_TO_POINTER (2));

  id = send_message (f, "c1", "k-1", "在的，亲", &at, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "m2");
  g_assert_cmpint (at, ==, sd_test_sim_now (f->sim));
  lines = agent_lines (f, "c1");
  g_assert_cmpstr (lines, ==, "在的，亲\n");

  missing = send_message (f, "c404", "k-2", "hello", NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  sd_chat_channel_close_chat_async (f->channel, "c1", NULL, sd_test_store_result_cb, &closed);
  sd_test_wait_result (&closed, WAIT_MS);
  g_assert_true (sd_chat_channel_close_chat_finish (f->channel, closed, &error));
  g_assert_no_error (error);
  wait_until (has_events, f, GUINT_TO_POINTER (4));
  assert_seqs (f, 4);
  g_assert_cmpint (event_at (f, 2)->kind, ==, SD_CHAT_EVENT_CLOSED);
  g_assert_cmpstr (event_at (f, 2)->closed_by, ==, "agent");
  g_assert_cmpint (event_at (f, 3)->kind, ==, SD_CHAT_EVENT_RATED);
  g_assert_cmpint (event_at (f, 3)->rating, >=, 1);
  g_assert_cmpint (event_at (f, 3)->rating, <=, 5);

  late = send_message (f, "c1", "k-3", "还在吗", NULL, &error);
  g_assert_null (late);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
}

/* The connection dropped: the channel reconnects by itself, resumes, and the events that came
 * meanwhile arrive once; the ones before are not handed out again. */
static void
test_reconnect_resumes (Fixture      *f,
                        gconstpointer data)
{
  SKIP_WITHOUT_SIM (f);

  connect_channel (f, 0);
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/open?nick=a&text=one"));
  wait_until (has_events, f, GUINT_TO_POINTER (2));

  for (guint round = 0; round < 3; round++)
    {
      /* The test holds the main loop while it talks to the simulator: the events of this
       * chat come while the channel has no connection. */
      g_free (sd_test_sim_post (f->sim, "/_sim/chat/drop"));
      g_free (sd_test_sim_post (f->sim, "/_sim/chat/open?nick=b&text=two"));
      wait_until (has_events, f, GUINT_TO_POINTER (4 + 2 * round));
      wait_until (is_connected, f, NULL);
    }
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/say?chat_id=c1&text=three"));
  wait_until (has_events, f, GUINT_TO_POINTER (9));
  assert_seqs (f, 9);
  g_assert_cmpstr (event_at (f, 8)->text, ==, "three");
  g_assert_cmpuint (f->n_connecting, >=, 4);   /* the first connect and three reconnects */
}

/* A message sent while the channel reconnects goes out once it is back; one whose ack was
 * lost with the connection is resent under its client_id and the buyer sees it once. */
static void
test_send_across_drops (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *lines = NULL;
  g_autoptr(JsonNode) state = NULL;
  SKIP_WITHOUT_SIM (f);

  connect_channel (f, 0);
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/open?nick=a&text=one"));
  wait_until (has_events, f, GUINT_TO_POINTER (2));

  g_free (sd_test_sim_post (f->sim, "/_sim/chat/drop"));
  wait_until (is_reconnecting, f, NULL);
  start_send (f, "c1", "k-offline", "稍等", &result);
  first = finish_send (f, &result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "m2");

  /* Taken by the buyer, then the connection cut before the ack. */
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/drop?ack=1"));
  start_send (f, "c1", "k-lost-ack", "马上发货", &result);
  second = finish_send (f, &result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, "m3");

  lines = agent_lines (f, "c1");
  g_assert_cmpstr (lines, ==, "稍等\n马上发货\n");
  state = sd_test_sim_get_json (f->sim, "/_sim/chat/state");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (state), "drop_acks"), ==, 0);
  g_assert_cmpuint (f->n_connecting, >=, 3);
  assert_seqs (f, 2);
}

/* close () fails what is still unconfirmed and stops reconnecting. */
static void
test_close_cancels (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) state = NULL;
  SKIP_WITHOUT_SIM (f);

  connect_channel (f, 0);
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/open?nick=a&text=one"));
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/drop"));
  wait_until (is_reconnecting, f, NULL);
  start_send (f, "c1", "k-never", "hello", &result);
  sd_chat_channel_close (f->channel);
  id = finish_send (f, &result, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sd_chat_channel_get_state (f->channel), ==, SD_CHAT_CHANNEL_DISCONNECTED);
  g_usleep (300 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  state = sd_test_sim_get_json (f->sim, "/_sim/chat/state");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (state), "desks"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/chat-channel/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("events-in-order", test_events_in_order);
  ADD ("after-seq", test_after_seq);
  ADD ("wrong-token", test_wrong_token);
  ADD ("send-and-close", test_send_and_close);
  ADD ("reconnect-resumes", test_reconnect_resumes);
  ADD ("send-across-drops", test_send_across_drops);
  ADD ("close-cancels", test_close_cancels);
#undef ADD
  g_test_add_func ("/chat-channel/unreachable", test_unreachable);
  return g_test_run ();
}
