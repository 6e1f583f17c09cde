/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-sim.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <libsoup/soup.h>

#define LISTENING "shopdesk-sim listening on "

struct _SdTestSim
{
  GSubprocess *process;
  GThread     *drain;
  char        *url;
  char        *router;
  char        *chat_url;
  SoupSession *session;
};

static char *
sim_path (void)
{
  const char *root = g_getenv ("SHOPDESK_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "src", "sim", "shopdesk-sim", NULL);
}

/* Reads what the simulator still prints, so that it never blocks on a full pipe. */
static gpointer
drain_thread (gpointer data)
{
  g_autoptr(GInputStream) stream = data;
  char buffer[4096];

  while (g_input_stream_read (stream, buffer, sizeof buffer, NULL, NULL) > 0)
    ;
  return NULL;
}

/* In the child: it goes when the test does, even when an assertion aborts the test
 * before sd_test_sim_stop (). */
static void
die_with_parent_cb (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

SdTestSim *
sd_test_sim_start (const char * const *extra_args)
{
  g_autofree char *path = sim_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* In a sanitizer build the simulator is the tests' scenery, not what they test: its
   * own leaks at exit are for tests/sim to find. */
  g_autofree char *asan = g_strconcat (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                                       ":detect_leaks=0", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  SdTestSim *sim;

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;

  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  g_ptr_array_add (argv, "--quiet");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  sim = g_new0 (SdTestSim, 1);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent_cb, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan, TRUE);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, LISTENING "http://127.0.0.1:"));
  sim->url = g_strdup (line + strlen (LISTENING));
  sim->router = g_strconcat (sim->url, "/router/rest", NULL);
  sim->chat_url = g_strconcat ("ws://", sim->url + strlen ("http://"), "/chat", NULL);
  sim->drain = g_thread_new ("sim-stdout", drain_thread, g_object_ref (out));
  sim->session = soup_session_new ();
  return sim;
}

const char *
sd_test_sim_get_url (SdTestSim *sim)
{
  return sim->url;
}

const char *
sd_test_sim_get_router (SdTestSim *sim)
{
  return sim->router;
}

const char *
sd_test_sim_get_chat_url (SdTestSim *sim)
{
  return sim->chat_url;
}

static char *
send_to_sim (SdTestSim  *sim,
             const char *method,
             const char *path)
{
  g_autofree char *url = g_strconcat (sim->url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize length;
  const char *data;

  g_assert_nonnull (message);
  body = soup_session_send_and_read (sim->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  data = g_bytes_get_data (body, &length);
  return g_strndup (data, length);
}

char *
sd_test_sim_get (SdTestSim  *sim,
                 const char *path)
{
  return send_to_sim (sim, "GET", path);
}

char *
sd_test_sim_post (SdTestSim  *sim,
                  const char *path)
{
  return send_to_sim (sim, "POST", path);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

JsonNode *
sd_test_sim_get_json (SdTestSim  *sim,
                      const char *path)
{
  g_autofree char *text = sd_test_sim_get (sim, path);

  return parse (text);
}

JsonNode *
sd_test_sim_post_json (SdTestSim  *sim,
                       const char *path)
{
  g_autofree char *text = sd_test_sim_post (sim, path);

  return parse (text);
}

gint64
sd_test_sim_now (SdTestSim *sim)
{
  g_autoptr(JsonNode) state = sd_test_sim_get_json (sim, "/_sim/state");

  return json_object_get_int_member (json_node_get_object (state), "now_unix");
}

void
sd_test_sim_stop (SdTestSim *sim)
{
  g_autoptr(GError) error = NULL;

  if (sim == NULL)
    return;
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);
  g_thread_join (sim->drain);
  g_clear_object (&sim->session);
  g_clear_object (&sim->process);
  g_free (sim->url);
  g_free (sim->router);
  g_free (sim->chat_url);
  g_free (sim);
}
