/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>

#include "sd-test-cli.h"
#include "sd-test-outbox.h"
#include "sd-test-sim.h"

/* shopdesk-cli gateway, campaign send|pause|resume|test and optouts against the
 * simulator's Aliyun endpoints: what the simulator received is what counts. */

#define KEY_ID     "SHOPDESK_ALIYUN_ACCESS_KEY_ID=testId"
#define KEY_SECRET "SHOPDESK_ALIYUN_ACCESS_KEY_SECRET=testSecret"

typedef struct
{
  char      *dir;
  char      *db;
  SdSession *owner;
  SdTestSim *sim;
} Fixture;

static const char * const keys_env[] = { KEY_ID, KEY_SECRET, NULL };

/* Sending hours from an hour ago to two hours ahead (shop time), whatever the hour the tests
 * run at: the CLI reads the real clock. */
static void
open_sending_hours (SdSession *owner)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  int minute = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);
  g_autofree char *sql = g_strdup_printf ("UPDATE sms_settings SET send_start_minute = %d, send_end_minute = %d",
                                          (minute + 1440 - 60) % 1440, (minute + 120) % 1440);

  sd_test_exec (owner, sql);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const args[] = { "--aliyun-delivery-delay", "0", NULL };
  g_auto(Result) r = { 0 };
  g_autofree char *url = NULL;

  f->sim = sd_test_sim_start (args);
  if (f->sim == NULL)
    return;
  f->dir = sd_test_make_dir ();
  f->db = sd_test_shop_where (f->dir, "shop.db");
  f->owner = sd_test_new_shop (f->db);
  open_sending_hours (f->owner);
  url = g_strconcat (sd_test_sim_get_url (f->sim), "/", NULL);
  RUN_ENV (&r, f->db, keys_env, "gateway", "set", "aliyun", "--url", url, "--sign-name", "测试小店",
           "--template-code", "SMS_100");
  g_assert_cmpint (r.status, ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->sim, sd_test_sim_stop);
  g_clear_object (&f->owner);
  if (f->dir != NULL)
    sd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* counts per phone, from the simulator */
static JsonObject *
sim_counts (Fixture  *f,
            JsonNode **out_root)
{
  *out_root = sd_test_sim_get_json (f->sim, "/_sim/aliyun/counts");
  return json_node_get_object (*out_root);
}

/* The simulator received each of the N numbers of the campaign exactly once, and no more. */
static void
assert_each_once (Fixture *f,
                  guint    offset,
                  guint    n)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *counts = sim_counts (f, &root);
  JsonObject *per_phone = json_object_get_object_member (counts, "counts");

  for (guint i = offset; i < offset + n; i++)
    {
      g_autofree char *phone = sd_test_outbox_phone (i);

      g_assert_true (json_object_has_member (per_phone, phone));
      g_assert_cmpint (json_object_get_int_member (per_phone, phone), ==, 1);
    }
  g_assert_cmpint (json_object_get_int_member (counts, "messages"), ==, offset + n);
}

static gint64
sim_messages (Fixture *f)
{
  g_autoptr(JsonNode) root = NULL;

  return json_object_get_int_member (sim_counts (f, &root), "messages");
}

static void
sim_post (Fixture    *f,
          const char *path)
{
  g_autofree char *body = sd_test_sim_post (f->sim, path);
}

static GSubprocess *
spawn_send (Fixture *f,
            gint64   id)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *cli = cli_path ();
  g_autofree char *id_text = g_strdup_printf ("%lld", (long long) id);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "SHOPDESK_USER", SD_TEST_OWNER, TRUE);
  g_subprocess_launcher_setenv (launcher, "SHOPDESK_PASSWORD", SD_TEST_PASSWORD, TRUE);
  g_subprocess_launcher_setenv (launcher, "SHOPDESK_ALIYUN_ACCESS_KEY_ID", "testId", TRUE);
  g_subprocess_launcher_setenv (launcher, "SHOPDESK_ALIYUN_ACCESS_KEY_SECRET", "testSecret", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "--db", f->db, "campaign", "send", id_text, NULL);
  g_assert_no_error (error);
  return process;
}

/* A kill -9 in the middle of sending, then sending again: the simulator got every
 * recipient exactly once. */
static void
test_kill_and_resume (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *state = NULL;
  gint64 id, seen;

  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  id = sd_test_outbox_campaign (f->owner, "scheduled", 600);
  id_text = g_strdup_printf ("%lld", (long long) id);
  /* Each answer held back: the kill lands while a batch is out. */
  sim_post (f, "/_sim/aliyun/faults?delay_ms=150");
  process = spawn_send (f, id);
  for (guint wait = 0; (seen = sim_messages (f)) < 200 && wait < 400; wait++)
    g_usleep (20000);
  g_assert_cmpint (seen, >=, 200);
  g_subprocess_send_signal (process, SIGKILL);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
  g_assert_false (g_subprocess_get_if_exited (process));
  seen = sim_messages (f);
  g_assert_cmpint (seen, <, 600);
  state = sd_test_campaign_state (f->owner, id, NULL);
  g_assert_cmpstr (state, ==, "sending");

  sim_post (f, "/_sim/aliyun/faults?clear=1");
  RUN_ENV (&r, f->db, keys_env, "campaign", "send", id_text);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "still queued: 0");
  assert_each_once (f, 0, 600);
  g_clear_pointer (&state, g_free);
  state = sd_test_campaign_state (f->owner, id, NULL);
  g_assert_cmpstr (state, ==, "done");
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "accepted") +
                   sd_test_outbox_count (f->owner, id, "delivered"), ==, 600);
}

/* The gateway takes a batch and the connection drops before its answer: reconciled
 * through QuerySendDetails, not sent again. */
static void
test_answer_dropped (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *id_text = NULL;
  gint64 id;

  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  id = sd_test_outbox_campaign (f->owner, "sending", 150);
  id_text = g_strdup_printf ("%lld", (long long) id);
  sim_post (f, "/_sim/aliyun/faults?drop=1");
  RUN_ENV (&r, f->db, keys_env, "campaign", "send", id_text, "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_each_once (f, 0, 150);
  assert_contains (r.out, "\"queued\" : 0");
}

/* A balance too low pauses the campaign with the reason; resume and send finish it. */
static void
test_error_pauses (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *id_text = NULL;
  g_autofree char *state = NULL;
  g_autofree char *reason = NULL;
  gint64 id;

  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  id = sd_test_outbox_campaign (f->owner, "sending", 3);
  id_text = g_strdup_printf ("%lld", (long long) id);
  sim_post (f, "/_sim/aliyun/faults?code=isv.AMOUNT_NOT_ENOUGH&count=1");
  RUN_ENV (&r, f->db, keys_env, "campaign", "send", id_text);
  g_assert_cmpint (r.status, ==, 0);
  state = sd_test_campaign_state (f->owner, id, &reason);
  g_assert_cmpstr (state, ==, "paused");
  g_assert_cmpstr (reason, ==, "isv.AMOUNT_NOT_ENOUGH");
  g_assert_cmpint (sim_messages (f), ==, 0);
  /* The reason in words, its code beside it. */
  RUN (&r, f->db, "campaign", "status", id_text);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Paused: The SMS account’s balance is too low: top it up, then resume. "
                          "(isv.AMOUNT_NOT_ENOUGH)\n");

  RUN_ENV (&r, f->db, keys_env, "campaign", "resume", id_text);
  g_assert_cmpint (r.status, ==, 0);
  RUN_ENV (&r, f->db, keys_env, "campaign", "send", id_text);
  g_assert_cmpint (r.status, ==, 0);
  assert_each_once (f, 0, 3);

  RUN_ENV (&r, f->db, keys_env, "campaign", "pause", id_text);
  g_assert_cmpint (r.status, ==, 1);
}

/* Wrong keys: refused, paused, and neither key nor number printed. */
static void
test_wrong_keys (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const wrong_env[] = { KEY_ID, "SHOPDESK_ALIYUN_ACCESS_KEY_SECRET=wrongSecret", NULL };
  g_auto(Result) r = { 0 };
  g_autofree char *id_text = NULL;
  gint64 id;

  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  /* The keys refused is an authentication failure: exit status 3, as a wrong password. */
  RUN_ENV (&r, f->db, wrong_env, "gateway", "test");
  g_assert_cmpint (r.status, ==, 3);
  assert_not_contains (r.err, "wrongSecret");
  RUN_ENV (&r, f->db, keys_env, "gateway", "test");
  g_assert_cmpint (r.status, ==, 0);

  id = sd_test_outbox_campaign (f->owner, "sending", 2);
  id_text = g_strdup_printf ("%lld", (long long) id);
  RUN_ENV (&r, f->db, wrong_env, "campaign", "send", id_text);
  g_assert_cmpint (r.status, ==, 3);
  assert_not_contains (r.err, "wrongSecret");
  assert_not_contains (r.err, "13800000000");
  g_assert_cmpint (sim_messages (f), ==, 0);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "queued"), ==, 2);
}

static void
test_gateway_status_and_test_send (Fixture       *f,
                                   gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id_text = NULL;
  gint64 id;

  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  RUN_ENV (&r, f->db, keys_env, "gateway", "status", "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "\"sign_name\" : \"测试小店\"");
  assert_contains (r.out, "\"template_code\" : \"SMS_100\"");
  assert_not_contains (r.out, "testSecret");
  /* Without the environment the keys come from the keyring gateway set kept them in. */
  RUN (&r, f->db, "gateway", "status", "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "\"keys\" : \"keyring\"");
  RUN (&r, f->db, "gateway", "test");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "The gateway accepts the keys (0 delivery reports today for that number).\n");

  id = sd_test_outbox_campaign (f->owner, "scheduled", 1);
  id_text = g_strdup_printf ("%lld", (long long) id);
  RUN_ENV (&r, f->db, keys_env, "campaign", "test", id_text, "13912345678");
  g_assert_cmpint (r.status, ==, 0);
  root = sd_test_sim_get_json (f->sim, "/_sim/aliyun/counts");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (root), "counts"),
                                               "13912345678"), ==, 1);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "queued"), ==, 1);

  RUN (&r, f->db, "gateway", "clear");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "gateway", "status");
  g_assert_cmpint (r.status, ==, 1);
}

static void
test_optouts (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *file = NULL;
  g_autofree char *id_text = NULL;
  gint64 id;

  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  id = sd_test_outbox_campaign (f->owner, "sending", 4);
  id_text = g_strdup_printf ("%lld", (long long) id);
  file = g_build_filename (f->dir, "replies.csv", NULL);
  g_assert_true (g_file_set_contents (file, "phone,reply\n13800000001,TD\n13800000002,好的\n", -1, NULL));
  RUN (&r, f->db, "optouts", "import", file, "--json");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "\"added\" : 1");
  assert_contains (r.out, "\"withdrawn\" : 1");
  /* In words, one count a line, each in its plural. */
  g_assert_true (g_file_set_contents (file, "phone,reply\n13800000001,T\n13800000002,R\n13800000003,好\n"
                                            "13800000004,td\n", -1, NULL));
  RUN (&r, f->db, "optouts", "import", file);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "4 rows read\n2 numbers opted out\n1 number was opted out already\n"
                              "1 reply was not an opt-out\n1 queued message withdrawn\n");
  RUN (&r, f->db, "optouts", "add", "+86 138 0000 0003");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "Opted out; 1 queued message withdrawn.\n");
  RUN (&r, f->db, "optouts", "add", "138 0000 0003");
  g_assert_cmpstr (r.out, ==, "Opted out; 0 queued messages withdrawn.\n");
  RUN (&r, f->db, "optouts", "add", "12345");
  g_assert_cmpint (r.status, ==, 1);

  RUN_ENV (&r, f->db, keys_env, "campaign", "send", id_text);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "Sent: 1, delivered: "));
  assert_contains (r.out, ", withdrawn: 3, still queued: 0.\n");
  g_assert_cmpint (sim_messages (f), ==, 1);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "withdrawn"), ==, 3);
}

/* The simulator knows other approved templates than the campaign's SMS_100: the send stops
 * at once with the reason in words, nothing sent; the test message says it too. */
static void
test_template_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *id_text = NULL;
  gint64 id;

  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  sim_post (f, "/_sim/aliyun/templates?code=SMS_200&text=%24%7Bname%7D%E6%82%A8%E5%A5%BD");
  id = sd_test_outbox_campaign (f->owner, "sending", 2);
  id_text = g_strdup_printf ("%lld", (long long) id);
  RUN_ENV (&r, f->db, keys_env, "campaign", "send", id_text);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (sim_messages (f), ==, 0);
  RUN (&r, f->db, "campaign", "status", id_text);
  assert_contains (r.out, "Paused: The gateway has no approved template with the campaign’s template code: check "
                          "the code in the Aliyun console, then resume or cancel. (isv.SMS_TEMPLATE_ILLEGAL)\n");
  RUN_ENV (&r, f->db, keys_env, "campaign", "test", id_text, "13912345678");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "isv.SMS_TEMPLATE_ILLEGAL");
  assert_contains (r.err, "no approved template with this code");

  /* Approved: it all goes, as the phone shows it. */
  sim_post (f, "/_sim/aliyun/templates?code=SMS_100&text=%24%7Bname%7D%E6%82%A8%E5%A5%BD");
  RUN (&r, f->db, "campaign", "resume", id_text);
  g_assert_cmpint (r.status, ==, 0);
  RUN_ENV (&r, f->db, keys_env, "campaign", "send", id_text);
  g_assert_cmpint (r.status, ==, 0);
  assert_each_once (f, 0, 2);
  {
    g_autoptr(JsonNode) root = sd_test_sim_get_json (f->sim, "/_sim/aliyun/messages");
    JsonArray *list = json_object_get_array_member (json_node_get_object (root), "messages");

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "content"), ==,
                     "【测试小店】客户1您好");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/cli-send/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("kill-and-resume", test_kill_and_resume);
  ADD ("answer-dropped", test_answer_dropped);
  ADD ("error-pauses", test_error_pauses);
  ADD ("wrong-keys", test_wrong_keys);
  ADD ("gateway-status-and-test-send", test_gateway_status_and_test_send);
  ADD ("optouts", test_optouts);
  ADD ("template-refused", test_template_refused);
  return g_test_run ();
}
