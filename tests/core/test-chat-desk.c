/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "net/sd-sim-chat-channel.h"
#include "sd-agents.h"
#include "sd-chat-connection.h"
#include "sd-chat-desk.h"
#include "sd-conversations.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-quick-replies.h"
#include "sd-staff.h"
#include "sd-test-sim.h"
#include "sd-test-util.h"

/* The live desk against a real shopdesk-sim: chats stored and routed by department, the
 * buyer's messages once each, replies the buyer sees (the simulator's transcript is the
 * proof) with their timings, closing and rating, resuming after a stop or a dropped
 * connection without a duplicate, and who may answer what. */

#define WAIT_MS   10000
#define PRESALES   1
#define AFTERSALES 3
#define BIT(p) ((SdPermissionSet) 1 << SD_PERMISSION_##p)

typedef struct
{
  SdTestSim *sim;
  char      *dir;
  SdSession *owner;
  SdSession *wang;    /* pre-sales */
  SdSession *li;      /* after-sales */
  GPtrArray *desks;   /* SdChatDesk, stopped and released at the end */
  GPtrArray *changes; /* "id what", as the desks said */
} Fixture;

/* ---- Database ---- */

/* The conversation the simulator calls CHAT_ID; 0 when not stored. */
static gint64
conversation_of (Fixture    *f,
                 const char *chat_id)
{
  gint64 id =
    sd_test_query_int (f->owner, "SELECT id FROM conversations WHERE channel = 'sim' AND channel_ref = '%s'", chat_id);

  return id < 0 ? 0 : id;
}

/* ---- Fixture ---- */

static SdSession *
agent (Fixture    *f,
       const char *login,
       gint64      department)
{
  g_autoptr(GError) error = NULL;
  SdSession *session = sd_test_agent_session (f->owner, login, department);

  /* Many drawn buyers go to one agent in a test. */
  g_assert_true (sd_agents_configure (f->owner, sd_session_get_staff_id (session), 50, 0, &error));
  g_assert_no_error (error);
  return session;
}

static void
go_online (SdSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_agents_set_status (session, 0, SD_AGENT_ONLINE, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  static const char * const args[] = { "--customers", "50", "--orders", "300", "--days", "60", NULL };

  f->sim = sd_test_sim_start (args);
  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
  f->wang = agent (f, "小王", PRESALES);
  f->li = agent (f, "小李", AFTERSALES);
  f->desks = g_ptr_array_new_with_free_func (g_object_unref);
  f->changes = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  for (guint i = 0; i < f->desks->len; i++)
    sd_chat_desk_stop (g_ptr_array_index (f->desks, i));
  /* What the stops cancelled finishes before the desks go. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* Nothing the desks started holds them any more. */
  g_ptr_array_set_free_func (f->desks, NULL);
  for (guint i = 0; i < f->desks->len; i++)
    g_assert_finalize_object (g_ptr_array_index (f->desks, i));
  g_ptr_array_unref (f->desks);
  g_ptr_array_unref (f->changes);
  g_clear_object (&f->wang);
  g_clear_object (&f->li);
  g_clear_object (&f->owner);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_clear_pointer (&f->sim, sd_test_sim_stop);
}

#define SKIP_WITHOUT_SIM(f) \
  if ((f)->sim == NULL) { g_test_skip ("shopdesk-sim is not built"); return; }

/* ---- Waiting ---- */

typedef gboolean (*DoneFunc) (Fixture *f, gconstpointer data);

static void
wait_until (DoneFunc      done,
            Fixture      *f,
            gconstpointer data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (!done (f, data))
    sd_test_iterate_before (deadline);
}

/* A SQL query (a count) reaching a value: "N|SQL". */
static gboolean
count_reached (Fixture      *f,
               gconstpointer data)
{
  const char *spec = data;
  const char *bar = strchr (spec, '|');
  gint64 want = g_ascii_strtoll (spec, NULL, 10);

  return sd_test_query_int (f->owner, "%s", bar + 1) == want;
}

static void
wait_count (Fixture    *f,
            gint64      want,
            const char *sql)
{
  g_autofree char *spec = g_strdup_printf ("%lld|%s", (long long) want, sql);

  wait_until (count_reached, f, spec);
}

/* ---- The desk ---- */

static void
changed_cb (SdChatDesk *desk,
            gint64      conversation_id,
            const char *what,
            gpointer    user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->changes, g_strdup_printf ("%lld %s", (long long) conversation_id, what));
}

static gboolean
has_change (Fixture    *f,
            gint64      id,
            const char *what)
{
  g_autofree char *text = g_strdup_printf ("%lld %s", (long long) id, what);

  for (guint i = 0; i < f->changes->len; i++)
    if (g_str_equal (g_ptr_array_index (f->changes, i), text))
      return TRUE;
  return FALSE;
}

/* A desk as SESSION on a channel of its own, started. */
static SdChatDesk *
start_desk (Fixture   *f,
            SdSession *session)
{
  g_autoptr(SdChatChannel) channel = sd_sim_chat_channel_new (sd_test_sim_get_chat_url (f->sim), "test-chat");
  SdChatDesk *desk = sd_chat_desk_new (session, channel, "sim");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (f->desks, desk);
  g_signal_connect (desk, "conversation-changed", G_CALLBACK (changed_cb), f);
  sd_chat_desk_start_async (desk, NULL, sd_test_store_result_cb, &result);
  sd_test_wait_result (&result, WAIT_MS);
  g_assert_true (sd_chat_desk_start_finish (desk, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sd_chat_desk_get_state (desk), ==, SD_CHAT_CHANNEL_CONNECTED);
  g_assert_null (sd_chat_desk_get_error (desk));
  return desk;
}

static gboolean
reply (Fixture     *f,
       SdChatDesk  *desk,
       gint64       id,
       const char  *text,
       gint64       quick_reply_id,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sd_chat_desk_reply_async (desk, id, text, quick_reply_id, NULL, sd_test_store_result_cb, &result);
  sd_test_wait_result (&result, WAIT_MS);
  return sd_chat_desk_reply_finish (desk, result, error);
}

static gboolean
close_chat (Fixture     *f,
            SdChatDesk  *desk,
            gint64       id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sd_chat_desk_close_async (desk, id, NULL, sd_test_store_result_cb, &result);
  sd_test_wait_result (&result, WAIT_MS);
  return sd_chat_desk_close_finish (desk, result, error);
}

/* Neither a reply (TEXT) nor a close of conversation ID goes through DESK: both fail with
 * CODE. */
static void
assert_refused (Fixture    *f,
                SdChatDesk *desk,
                gint64      id,
                const char *text,
                int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (reply (f, desk, id, text, 0, &error));
  g_assert_error (error, SD_ERROR, code);
  g_clear_error (&error);
  g_assert_false (close_chat (f, desk, id, &error));
  g_assert_error (error, SD_ERROR, code);
}

/* ---- The simulator ---- */

/* Opens a chat (QUERY: "nick=…&text=…", or "" for a drawn buyer); its chat_id, and its
 * after_sales in *OUT_AFTER_SALES when not NULL. */
static char *
sim_open (Fixture     *f,
          const char  *query,
          char       **out_after_sales)
{
  g_autofree char *path = g_strdup_printf ("/_sim/chat/open%s%s", *query ? "?" : "", query);
  g_autoptr(JsonNode) node = sd_test_sim_post_json (f->sim, path);
  JsonObject *o = json_node_get_object (node);

  if (out_after_sales != NULL)
    *out_after_sales = g_strdup (json_object_get_string_member (o, "after_sales"));
  return g_strdup (json_object_get_string_member (o, "chat_id"));
}

static void
sim_say (Fixture    *f,
         const char *chat_id,
         const char *text)
{
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/_sim/chat/say?chat_id=%s&text=%s", chat_id, escaped);

  g_free (sd_test_sim_post (f->sim, path));
}

static JsonObject *
transcript (Fixture    *f,
            const char *chat_id,
            JsonNode  **out_node)
{
  g_autofree char *path = g_strdup_printf ("/_sim/chat/transcript?chat_id=%s", chat_id);

  *out_node = sd_test_sim_get_json (f->sim, path);
  return json_node_get_object (*out_node);
}

/* The agent lines of CHAT_ID as the buyer saw them, "agent: text" a line. */
static char *
agent_lines (Fixture    *f,
             const char *chat_id)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *lines = json_object_get_array_member (transcript (f, chat_id, &node), "messages");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      if (strcmp (json_object_get_string_member (line, "from"), "agent") == 0)
        g_string_append_printf (out, "%s: %s\n", json_object_get_string_member (line, "agent"),
                                json_object_get_string_member (line, "text"));
    }
  return g_string_free (out, FALSE);
}

/* The uid of a simulated buyer in after-sales: asked of the simulator by opening a chat
 * with each buyer in turn, then forgotten (/_sim/chat/reset; seqs go on). */
static char *
after_sales_buyer (Fixture *f)
{
  g_autoptr(JsonNode) node = sd_test_sim_get_json (f->sim, "/_sim/orders");
  JsonArray *orders = json_node_get_array (node);
  g_autoptr(GHashTable) asked = g_hash_table_new (g_str_hash, g_str_equal);
  char *found = NULL;

  for (guint i = 0; i < json_array_get_length (orders) && found == NULL; i++)
    {
      const char *uid = json_object_get_string_member (json_array_get_object_element (orders, i), "customer");
      g_autofree char *query = NULL;
      g_autofree char *after_sales = NULL;
      g_autofree char *chat = NULL;

      if (!g_hash_table_add (asked, (gpointer) uid))
        continue;
      query = g_strdup_printf ("uid=%s", uid);
      chat = sim_open (f, query, &after_sales);
      if (!g_str_equal (after_sales, "none"))
        found = g_strdup (uid);
    }
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/reset"));
  g_assert_nonnull (found);
  /* As if a desk had stored those probes: the next start asks after them. */
  {
    g_autoptr(JsonNode) state = sd_test_sim_get_json (f->sim, "/_sim/chat/state");
    g_autofree char *sql = g_strdup_printf ("INSERT INTO chat_channels (channel, last_seq) VALUES ('sim', %lld)",
                                            (long long) json_object_get_int_member (json_node_get_object (state),
                                                                                    "last_seq"));
    g_autoptr(GError) error = NULL;

    g_assert_true (_sd_db_exec (sd_session_get_db (f->owner), sql, &error));
    g_assert_no_error (error);
  }
  return found;
}

/* A visitor's chat, stored and routed to the agent online; its id, the chat's in *OUT_CHAT. */
static gint64
open_routed_chat (Fixture  *f,
                  char    **out_chat)
{
  *out_chat = sim_open (f, "nick=visitor&text=hi", NULL);
  wait_count (f, 1, "SELECT count(*) FROM conversations WHERE state = 'open'");
  return conversation_of (f, *out_chat);
}

/* ---- Tests ---- */

/* Waiting while nobody is online, then the stranger to pre-sales and the buyer with an
 * after-sales order to after-sales, by the channel's word (the shop has not synced them). */
static void
test_route_by_department (Fixture      *f,
                          gconstpointer data)
{
  g_autofree char *stranger = NULL;
  g_autofree char *after_sales_chat = NULL;
  g_autofree char *state = NULL;
  g_autofree char *uid = NULL;
  g_autoptr(GError) error = NULL;
  SdChatDesk *desk;
  gint64 id, after_id = 0;
  SKIP_WITHOUT_SIM (f);

  uid = after_sales_buyer (f);
  desk = start_desk (f, f->owner);
  stranger = sim_open (f, "nick=visitor&text=%E6%9C%89%E8%B4%A7%E5%90%97", NULL);
  wait_count (f, 1, "SELECT count(*) FROM conversation_messages WHERE direction = 'in'");
  id = conversation_of (f, stranger);
  g_assert_cmpint (id, >, 0);
  g_assert_true (has_change (f, id, "opened"));
  g_assert_true (has_change (f, id, "message"));
  state =
    sd_test_query_text (f->owner,
                        "SELECT state || ' ' || coalesce (staff_id, 0) || ' ' || buyer_nick || ' ' || after_sales "
                        "FROM conversations WHERE id = %lld",
                        (long long) id);
  g_assert_cmpstr (state, ==, "waiting 0 visitor none");
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT department_id FROM conversations WHERE id = %lld", (long long) id), ==,
    PRESALES);

  /* An agent comes online: the desk routes on. */
  go_online (f->wang);
  go_online (f->li);
  g_assert_true (sd_chat_desk_route (desk, &error));
  g_assert_no_error (error);
  g_assert_true (has_change (f, id, "assigned"));
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT staff_id FROM conversations WHERE id = %lld AND state = 'open'",
                                      (long long) id),
                   ==, sd_session_get_staff_id (f->wang));

  /* A buyer whose latest order is refunded: after-sales, by the channel's word. */
  after_sales_chat = sim_open (f, "nick=visitor2&text=hi", NULL);
  {
    g_autofree char *query = g_strdup_printf ("uid=%s", uid);
    g_autofree char *after_sales = NULL;
    g_autofree char *chat = sim_open (f, query, &after_sales);
    g_autofree char *kept = NULL;
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM conversations WHERE channel_ref = '%s' "
                                            "AND state = 'open'", chat);

    g_assert_cmpstr (after_sales, !=, "none");
    wait_count (f, 1, sql);
    after_id = conversation_of (f, chat);
    kept = sd_test_query_text (f->owner, "SELECT after_sales FROM conversations WHERE id = %lld", (long long) after_id);
    g_assert_cmpstr (kept, ==, after_sales);
    g_assert_cmpint (sd_test_query_int (f->owner,
                                        "SELECT department_id * 1000 + staff_id FROM conversations WHERE id = %lld",
                                        (long long) after_id),
                     ==, AFTERSALES * 1000 + sd_session_get_staff_id (f->li));
    g_assert_cmpint (sd_test_query_int (f->owner, "SELECT customer_id IS NULL FROM conversations WHERE id = %lld",
                                        (long long) after_id),
                     ==, 1);
  }
  /* And the stranger opened just before it went to pre-sales. */
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT staff_id FROM conversations WHERE channel_ref = '%s'", after_sales_chat), ==,
    sd_session_get_staff_id (f->wang));
  g_assert_cmpint (after_id, >, 0);
  g_assert_true (has_change (f, after_id, "assigned"));
}

/* Buyer asks, agent answers with a quick reply, buyer writes again, agent closes, buyer
 * rates: the store and the buyer's transcript agree. */
static void
test_reply_close_rate (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(SdQuickReply) qr = sd_quick_reply_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *chat = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *expected = NULL;
  SdChatDesk *desk;
  JsonObject *t;
  gint64 id, qr_id;
  SKIP_WITHOUT_SIM (f);

  go_online (f->wang);
  desk = start_desk (f, f->wang);
  qr->scope = SD_QUICK_REPLY_PERSONAL;
  g_free (qr->text);
  qr->text = g_strdup ("有货，今天下单明天发");
  qr_id = sd_quick_replies_add (f->wang, qr, &error);
  g_assert_no_error (error);

  chat = sim_open (f, "nick=visitor&text=%E6%9C%89%E8%B4%A7%E5%90%97", NULL);
  wait_count (f, 1, "SELECT count(*) FROM conversations WHERE state = 'open'");
  id = conversation_of (f, chat);
  wait_count (f, 1, "SELECT count(*) FROM conversation_messages WHERE direction = 'in' AND platform_message_id <> ''");
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT first_response_at FROM conversations WHERE id = %lld", (long long) id), ==, 0);

  g_assert_true (reply (f, desk, id, "有货，今天下单明天发", qr_id, &error));
  g_assert_no_error (error);
  lines = agent_lines (f, chat);
  g_assert_cmpstr (lines, ==, "测试小店:小王: 有货，今天下单明天发\n");
  sent = sd_test_query_text (
    f->owner, "SELECT send_state || ' ' || CASE WHEN client_id <> '' THEN 1 ELSE 0 END || ' ' "
              "|| CASE WHEN platform_message_id <> '' THEN 1 ELSE 0 END "
              "|| ' ' || coalesce (quick_reply_id, 0) FROM conversation_messages WHERE direction = 'out'");
  expected = g_strdup_printf ("sent 1 1 %lld", (long long) qr_id);
  g_assert_cmpstr (sent, ==, expected);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT first_response_at > 0 FROM conversations WHERE id = %lld", (long long) id), ==,
    1);
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT uses FROM quick_replies WHERE id = %lld", (long long) qr_id),
                   ==, 1);

  /* The buyer again: stored once, in order. */
  sim_say (f, chat, "那大概几天能到？");
  wait_count (f, 2, "SELECT count(*) FROM conversation_messages WHERE direction = 'in'");
  g_assert_cmpint (sd_test_query_int (f->owner,
                                      "SELECT buyer_messages * 10 + agent_messages FROM conversations WHERE id = %lld",
                                      (long long) id),
                   ==, 21);

  /* An empty reply never reaches the buyer. */
  g_assert_false (reply (f, desk, id, "  ", 0, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (close_chat (f, desk, id, &error));
  g_assert_no_error (error);
  g_assert_true (has_change (f, id, "closed"));
  g_assert_cmpint (sd_test_query_int (f->owner,
                                      "SELECT closed_at > 0 FROM conversations WHERE id = %lld AND state = 'closed'",
                                      (long long) id),
                   ==, 1);
  wait_count (f, 1, "SELECT count(*) FROM conversations WHERE rating > 0");
  t = transcript (f, chat, &node);
  g_assert_false (json_object_get_boolean_member (t, "open"));
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT rating FROM conversations WHERE id = %lld", (long long) id), ==,
                   json_object_get_int_member (t, "rating"));
  g_assert_true (has_change (f, id, "rated"));
  /* One 'closed' event: the desk's close, not the channel's echo of it. */
  g_assert_cmpint (sd_test_query_int (f->owner,
                                      "SELECT count(*) FROM conversation_events WHERE conversation_id = %lld "
                                      "AND kind = 'closed'",
                                      (long long) id),
                   ==, 1);

  /* Closed: no reply, no second close. */
  assert_refused (f, desk, id, "还在吗？", SD_ERROR_CONFLICT);
  g_free (lines);
  lines = agent_lines (f, chat);
  g_assert_cmpstr (lines, ==, "测试小店:小王: 有货，今天下单明天发\n");
}

/* A second desk on the same shop after stop () asks after the stored seq: what came in
 * between is stored once, nothing twice; a dropped connection neither. */
static void
test_resume (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  SdChatDesk *desk;
  SKIP_WITHOUT_SIM (f);

  desk = start_desk (f, f->owner);
  a = sim_open (f, "nick=buyer-a&text=hello", NULL);
  wait_count (f, 1, "SELECT count(*) FROM conversation_messages");
  sd_chat_desk_stop (desk);
  g_assert_cmpint (sd_chat_desk_get_state (desk), ==, SD_CHAT_CHANNEL_DISCONNECTED);

  /* While no desk runs. */
  sim_say (f, a, "anyone?");
  b = sim_open (f, "nick=buyer-b&text=hi", NULL);
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT count(*) FROM conversations"), ==, 1);

  desk = start_desk (f, f->owner);
  wait_count (f, 3, "SELECT count(*) FROM conversation_messages");
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT count(*) FROM conversations"), ==, 2);
  g_assert_cmpint (conversation_of (f, b), >, 0);
  state = sd_test_sim_get_json (f->sim, "/_sim/chat/state");
  wait_count (f, json_object_get_int_member (json_node_get_object (state), "last_seq"),
              "SELECT last_seq FROM chat_channels WHERE channel = 'sim'");

  /* The network fails; the channel reconnects by itself. */
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/drop"));
  sim_say (f, b, "still there?");
  wait_count (f, 4, "SELECT count(*) FROM conversation_messages");

  /* Two desks at once (two desktops on one shop): each event stored once. */
  start_desk (f, f->owner);
  sim_say (f, a, "one more");
  sim_say (f, b, "and me");
  wait_count (f, 6, "SELECT count(*) FROM conversation_messages");
  /* Let the slower desk see the same events too. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (200 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT count(*) FROM conversation_messages"), ==, 6);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT count(DISTINCT platform_message_id) FROM conversation_messages"), ==, 6);
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT count(*) FROM conversations"), ==, 2);
}

/* An agent answers only their own (or their queue's) conversations without
 * conversations.all; nothing is stored or sent for a refusal. */
static void
test_reply_permission (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *chat = NULL;
  g_autofree char *lines = NULL;
  SdChatDesk *desk;
  gint64 id;
  SKIP_WITHOUT_SIM (f);

  go_online (f->wang);
  start_desk (f, f->owner);
  desk = start_desk (f, f->li);
  id = open_routed_chat (f, &chat);
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT staff_id FROM conversations WHERE id = %lld", (long long) id),
                   ==, sd_session_get_staff_id (f->wang));

  assert_refused (f, desk, id, "我来回答", SD_ERROR_PERMISSION_DENIED);
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT count(*) FROM conversation_messages WHERE direction = 'out'"),
                   ==, 0);
  lines = agent_lines (f, chat);
  g_assert_cmpstr (lines, ==, "");
}

static gint64
first_response (Fixture *f,
                gint64   conversation_id)
{
  return sd_test_query_int (f->owner, "SELECT first_response_at FROM conversations WHERE id = %lld",
                            (long long) conversation_id);
}

/* A reply the platform refuses stays stored, marked failed with why. */
static void
test_reply_failed (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *chat = NULL;
  g_autofree char *row = NULL;
  g_autofree char *leave = NULL;
  SdChatDesk *desk;
  gint64 id;
  SKIP_WITHOUT_SIM (f);

  go_online (f->wang);
  desk = start_desk (f, f->wang);
  id = open_routed_chat (f, &chat);
  /* The buyer's "hi" is stored before the answer: it is what the answer responds to. */
  wait_count (f, 1, "SELECT count(*) FROM conversation_messages WHERE direction = 'in'");
  /* The buyer leaves; the desk has not stored that yet when the agent answers. */
  leave = g_strdup_printf ("/_sim/chat/leave?chat_id=%s", chat);
  g_free (sd_test_sim_post (f->sim, leave));
  g_assert_false (reply (f, desk, id, "您好", 0, &error));
  g_assert_nonnull (error);
  row = sd_test_query_text (f->owner, "SELECT send_state || ' ' || CASE WHEN send_error <> '' THEN 1 ELSE 0 END FROM conversation_messages "
                                      "WHERE direction = 'out'");
  /* Stored, then refused by the platform: kept, marked failed, with why. */
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_cmpstr (row, ==, "failed 1");
  g_assert_true (has_change (f, id, "message"));

  /* The buyer never saw it: no first response. Sent again, it counts from when it was
   * written. */
  {
    gint64 at = sd_test_query_int (f->owner, "SELECT at FROM conversation_messages WHERE conversation_id = %lld "
                                             "AND direction = 'out'", (long long) id);

    g_assert_cmpint (at, >, 0);
    g_assert_cmpint (first_response (f, id), ==, 0);
    sd_test_exec (f->owner, "UPDATE conversation_messages SET send_state = 'sending' WHERE direction = 'out'");
    g_assert_cmpint (first_response (f, id), ==, at);
    sd_test_exec (f->owner, "UPDATE conversation_messages SET send_state = 'failed' WHERE direction = 'out'");
    g_assert_cmpint (first_response (f, id), ==, 0);
  }
}

static gboolean
desk_reconnecting (Fixture      *f,
                   gconstpointer data)
{
  return sd_chat_desk_get_state ((SdChatDesk *) data) == SD_CHAT_CHANNEL_CONNECTING;
}

/* A reply taken by the platform but never confirmed before the desk stopped stays
 * 'sending'; the next desk sends it again under its client_id and the buyer sees it once. */
static void
test_resend_after_stop (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chat = NULL;
  g_autofree char *lines = NULL;
  SdChatDesk *desk;
  gint64 id;
  SKIP_WITHOUT_SIM (f);

  go_online (f->wang);
  desk = start_desk (f, f->wang);
  id = open_routed_chat (f, &chat);

  g_free (sd_test_sim_post (f->sim, "/_sim/chat/drop?ack=1"));
  sd_chat_desk_reply_async (desk, id, "马上为您查询", 0, NULL, sd_test_store_result_cb, &result);
  wait_until (desk_reconnecting, f, desk);
  sd_chat_desk_stop (desk);
  sd_test_wait_result (&result, WAIT_MS);
  g_assert_false (sd_chat_desk_reply_finish (desk, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT count(*) FROM conversation_messages WHERE send_state = 'sending'"), ==, 1);

  start_desk (f, f->wang);
  wait_count (f, 1, "SELECT count(*) FROM conversation_messages WHERE send_state = 'sent' AND direction = 'out'");
  lines = agent_lines (f, chat);
  g_assert_cmpstr (lines, ==, "测试小店:小王: 马上为您查询\n");
}

/* Merging customers moves the conversations and cases of the one merged away. */
static void
test_merge_moves_conversations (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 keep, other, conversation;

  keep = sd_test_add_customer (f->owner, "keep", "留下", NULL);
  other = sd_test_add_customer (f->owner, "other", "合并", NULL);
  conversation = sd_conversations_open (f->owner, "import", "x1", "other", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT customer_id FROM conversations WHERE id = %lld", (long long) conversation), ==,
    other);
  g_assert_true (_sd_db_exec (sd_session_get_db (f->owner),
                              "INSERT INTO cases (type, customer_id, created_at, updated_at, deadline_at) "
                              "SELECT 'refund', id, 1, 1, 2 FROM customers WHERE nick = 'other'", &error));
  g_assert_no_error (error);

  g_assert_true (sd_customers_merge (f->owner, keep, other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT customer_id FROM conversations WHERE id = %lld", (long long) conversation), ==,
    keep);
  g_assert_cmpint (
    sd_test_query_int (f->owner, "SELECT count(*) FROM cases WHERE customer_id = %lld", (long long) keep), ==, 1);
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT count(*) FROM cases WHERE customer_id IS NULL"), ==, 0);
}

/* Without a Secret Service: the address is kept, the token is not, and the error says so;
 * the token then comes from the environment. */
static void
test_connection_without_keyring (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdChatChannel) channel = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  url = sd_chat_connection_get_url (f->wang, &error);
  g_assert_no_error (error);
  g_assert_null (url);

  g_assert_false (sd_chat_connection_save (f->wang, "wss://chat.example.com/chat", "t0ken", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (sd_chat_connection_save (f->owner, "https://chat.example.com/chat", "t0ken", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sd_chat_connection_save (f->owner, "wss://chat.example.com/chat", "", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (sd_test_query_int (f->owner, "SELECT count(*) FROM chat_channels"), ==, 0);

  g_assert_false (sd_chat_connection_save (f->owner, "wss://chat.example.com/chat", "t0ken", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, SD_CHAT_ENV_TOKEN));
  g_clear_error (&error);
  url = sd_chat_connection_get_url (f->wang, &error);
  g_assert_cmpstr (url, ==, "wss://chat.example.com/chat");
  g_assert_null (sd_chat_connection_get_token (f->wang));
  g_assert_null (sd_chat_connection_open (f->wang, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
  g_clear_error (&error);
  /* The session's own copy, as the window keeps it. */
  channel = sd_chat_connection_open (f->wang, "t0ken", &error);
  g_assert_no_error (error);
  g_assert_nonnull (channel);

  g_setenv (SD_CHAT_ENV_TOKEN, "from-env", TRUE);
  token = sd_chat_connection_get_token (f->wang);
  g_unsetenv (SD_CHAT_ENV_TOKEN);
  g_assert_cmpstr (token, ==, "from-env");

  g_assert_true (sd_chat_connection_forget (f->owner, &error));
  g_assert_no_error (error);
  g_clear_pointer (&url, g_free);
  url = sd_chat_connection_get_url (f->owner, &error);
  g_assert_null (url);
  g_assert_no_error (error);
  g_assert_false (sd_chat_connection_forget (f->owner, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  /* No Secret Service may answer here (test-cli-chat has a keyring of its own); nor may a
   * bare session bus start one that asks for a password. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/shopdesk-test-bus", TRUE);
  g_unsetenv (SD_CHAT_ENV_TOKEN);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/chat-desk/route-by-department", Fixture, NULL, fixture_set_up, test_route_by_department,
              fixture_tear_down);
  g_test_add ("/core/chat-desk/reply-close-rate", Fixture, NULL, fixture_set_up, test_reply_close_rate,
              fixture_tear_down);
  g_test_add ("/core/chat-desk/resume", Fixture, NULL, fixture_set_up, test_resume, fixture_tear_down);
  g_test_add ("/core/chat-desk/reply-permission", Fixture, NULL, fixture_set_up, test_reply_permission,
              fixture_tear_down);
  g_test_add ("/core/chat-desk/reply-failed", Fixture, NULL, fixture_set_up, test_reply_failed, fixture_tear_down);
  g_test_add ("/core/chat-desk/resend-after-stop", Fixture, NULL, fixture_set_up, test_resend_after_stop,
              fixture_tear_down);
  g_test_add ("/core/chat-desk/merge-moves-conversations", Fixture, NULL, fixture_set_up,
              test_merge_moves_conversations, fixture_tear_down);
  g_test_add ("/core/chat-desk/connection-without-keyring", Fixture, NULL, fixture_set_up,
              test_connection_without_keyring, fixture_tear_down);
  return g_test_run ();
}
