/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-cli.h"
#include "sd-test-sim.h"

/* shopdesk-cli chat connect|status|forget|run as a user runs them, against a real
 * shopdesk-sim, in a keyring of its own (tests/with-keyring.sh): the address in the shop,
 * the token in the keyring and nowhere in the shop's files, and a headless desk storing a
 * simulated chat. */

typedef struct
{
  char      *dir;
  char      *db;
  SdSession *owner;
  SdTestSim *sim;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const args[] = { "--customers", "20", "--orders", "50", NULL };

  f->sim = sd_test_sim_start (args);
  f->dir = sd_test_make_dir ();
  f->db = sd_test_shop_where (f->dir, "shop.db");
  f->owner = sd_test_new_shop (f->db);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->sim, sd_test_sim_stop);
  g_clear_object (&f->owner);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

#define SKIP_WITHOUT_SIM(f) \
  if ((f)->sim == NULL) { g_test_skip ("shopdesk-sim is not built"); return; }

/* Whether the shop's files (the database and its WAL) hold TEXT anywhere. */
static gboolean
shop_files_contain (Fixture    *f,
                    const char *text)
{
  const char *suffixes[] = { "", "-wal", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->db, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL) &&
          g_strstr_len (contents, (gssize) length, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_connect_errors (Fixture      *f,
                     gconstpointer data)
{
  const char * const with_token[] = { "SHOPDESK_CHAT_TOKEN=secret-token-1", NULL };
  const char * const no_token[] = { "SHOPDESK_CHAT_TOKEN", NULL };
  g_autofree char *empty = g_build_filename (f->dir, "empty-token", NULL);
  g_auto(Result) r = { 0 };

  RUN_ENV (&r, f->db, with_token, "chat", "connect");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "chat connect needs the chat’s address");

  RUN_ENV (&r, f->db, with_token, "chat", "connect", "http://chat.example.com/chat");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "“http://chat.example.com/chat” is not a chat address: give a ws:// or wss://");

  RUN_ENV (&r, f->db, with_token, "chat", "connect", "ws:///chat");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "is not a chat address");

  g_assert_true (g_file_set_contents (empty, "\n", -1, NULL));
  RUN_ENV (&r, f->db, no_token, "chat", "connect", "wss://chat.example.com/chat", "--token-file", empty);
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "The chat token is missing");

  /* An agent may read the status but not connect the shop. */
  cli_add_staff (f->db, "客服", "conversations.own", "小王", "agent pass 1");
  {
    g_autofree char *token = g_build_filename (f->dir, "token", NULL);
    g_assert_true (g_file_set_contents (token, "secret-token-2\n", -1, NULL));
    RUN_AS (&r, f->db, "小王", "agent pass 1", "chat", "connect", "wss://chat.example.com/chat", "--token-file", token);
    g_assert_cmpint (r.status, ==, 3);
  }
  RUN_AS (&r, f->db, "小王", "agent pass 1", "chat", "status");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Live chat: not connected");

  RUN (&r, f->db, "chat", "forget");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "No chat connection is saved");
  RUN (&r, f->db, "chat", "launch");
  g_assert_cmpint (r.status, ==, 2);
}

/* Connect, status, a headless run that stores a simulated chat, forget. */
static void
test_connect_run_forget (Fixture      *f,
                         gconstpointer data)
{
  const char * const no_env_token[] = { "SHOPDESK_CHAT_TOKEN", NULL };
  g_autofree char *token = g_build_filename (f->dir, "token", NULL);
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) run = NULL;
  JsonObject *o;
  SKIP_WITHOUT_SIM (f);

  g_assert_true (g_file_set_contents (token, "test-chat\n", -1, NULL));
  RUN_ENV (&r, f->db, no_env_token, "chat", "connect", sd_test_sim_get_chat_url (f->sim), "--token-file", token);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "The shop’s live chat is ws://127.0.0.1:");
  g_assert_false (shop_files_contain (f, "test-chat"));

  RUN_ENV (&r, f->db, no_env_token, "chat", "status");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Live chat: ws://127.0.0.1:");
  assert_contains (r.out, "Token:     kept");
  assert_contains (r.out, "Last seq:  none stored yet");
  assert_contains (r.out, "Conversations: 0 waiting, 0 open, 0 closed");

  /* A buyer writes before the desk runs: the run asks for what it missed. */
  g_free (sd_test_sim_post (f->sim, "/_sim/chat/open?nick=visitor&text=hello"));
  RUN_ENV (&r, f->db, no_env_token, "chat", "run", "--for", "2", "--json");
  g_assert_cmpint (r.status, ==, 0);
  run = json_from_string (r.out, NULL);
  g_assert_nonnull (run);
  o = json_node_get_object (run);
  g_assert_cmpint (json_object_get_int_member (o, "opened"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "messages"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "assigned"), ==, 0);   /* nobody online */

  RUN_ENV (&r, f->db, no_env_token, "chat", "run", "--for", "1");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Stored: 0 chats opened, 0 messages, 0 assigned, 0 closed, 0 rated.");

  RUN_ENV (&r, f->db, no_env_token, "chat", "status", "--json");
  g_assert_cmpint (r.status, ==, 0);
  status = json_from_string (r.out, NULL);
  o = json_node_get_object (status);
  g_assert_cmpint (json_object_get_int_member (o, "last_seq"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "waiting"), ==, 1);
  g_assert_true (json_object_get_boolean_member (o, "token_kept"));

  RUN (&r, f->db, "conversations", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "\"buyer_nick\" : \"visitor\"");

  RUN (&r, f->db, "chat", "forget");
  g_assert_cmpint (r.status, ==, 0);
  RUN_ENV (&r, f->db, no_env_token, "chat", "run", "--for", "1");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "No chat connection is saved");
  RUN_ENV (&r, f->db, no_env_token, "chat", "status");
  assert_contains (r.out, "Live chat: not connected");
  assert_contains (r.out, "Last seq:  2, stored");
  assert_contains (r.out, "Conversations: 1 waiting, 0 open, 0 closed");
}

/* A wrong token: the run says so and exits 3, as for a refused login. */
static void
test_run_refused (Fixture      *f,
                  gconstpointer data)
{
  const char * const wrong[] = { "SHOPDESK_CHAT_TOKEN=wrong", NULL };
  g_auto(Result) r = { 0 };
  SKIP_WITHOUT_SIM (f);

  RUN_ENV (&r, f->db, wrong, "chat", "connect", sd_test_sim_get_chat_url (f->sim));
  g_assert_cmpint (r.status, ==, 0);
  RUN_ENV (&r, f->db, wrong, "chat", "run", "--for", "2");
  g_assert_cmpint (r.status, ==, 3);   /* refused, as a wrong password is */
  assert_contains (r.err, "refused the chat token");
  g_assert_cmpstr (r.out, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/cli-chat/connect-errors", Fixture, NULL, fixture_set_up, test_connect_errors, fixture_tear_down);
  g_test_add ("/core/cli-chat/connect-run-forget", Fixture, NULL, fixture_set_up, test_connect_run_forget,
              fixture_tear_down);
  g_test_add ("/core/cli-chat/run-refused", Fixture, NULL, fixture_set_up, test_run_refused, fixture_tear_down);
  return g_test_run ();
}
