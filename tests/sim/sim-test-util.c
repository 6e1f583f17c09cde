/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sim-test-util.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "sd-sim-sign.h"

char *
sim_binary (void)
{
  const char *root = g_getenv ("SHOPDESK_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "src", "sim", "shopdesk-sim", NULL);
}

/* A test that fails aborts: its simulators must not outlive it (they would hold its output
 * open, and meson would wait for them). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts the simulator with @args (after the binary, --port 0 --quiet added) and reads the
 * port from its first line. */
Sim *
sim_start_argv (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "shopdesk-sim listening on http://127.0.0.1:";
  Sim *sim = g_new0 (Sim, 1);

  g_ptr_array_add (argv, sim_binary ());
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--quiet"));
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  sim->port = (guint) g_ascii_strtoull (line + strlen (prefix), NULL, 10);
  g_assert_cmpuint (sim->port, >, 0);
  sim->base = g_strdup_printf ("http://127.0.0.1:%u", sim->port);
  sim->session = soup_session_new_with_options ("timeout", 30, NULL);
  return sim;
}

Sim *
sim_start (const char *first_arg,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return sim_start_argv ((const char * const *) args->pdata);
}

/* SIGTERM, and the simulator must exit 0. */
void
sim_stop (Sim *sim)
{
  g_autoptr(GError) error = NULL;

  if (sim == NULL)
    return;
  g_clear_object (&sim->session);
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);
  g_object_unref (sim->process);
  g_free (sim->base);
  g_free (sim);
}

Reply *
sim_request (Sim        *sim,
             const char *method,
             const char *path,
             const char *token)
{
  g_autofree char *url = g_strconcat (sim->base, path, NULL);
  Reply *reply = g_new0 (Reply, 1);
  gint64 start = g_get_monotonic_time ();

  reply->msg = soup_message_new (method, url);
  g_assert_nonnull (reply->msg);
  if (token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (reply->msg),
                                  "X-Shopify-Access-Token", token);
  reply->body = soup_session_send_and_read (sim->session, reply->msg, NULL, &reply->error);
  reply->status = soup_message_get_status (reply->msg);
  reply->elapsed_us = g_get_monotonic_time () - start;
  return reply;
}

JsonNode *
reply_json (Reply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data;

  g_assert_no_error (reply->error);
  data = g_bytes_get_data (reply->body, &size);
  json_parser_load_from_data (parser, data, (gssize) size, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

const char *
reply_header (Reply      *reply,
              const char *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (reply->msg), name);
}

void
reply_free (Reply *reply)
{
  if (reply == NULL)
    return;
  g_clear_object (&reply->msg);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

/* An admin call that must succeed; its JSON. */
JsonNode *
sim_admin (Sim        *sim,
           const char *method,
           const char *path)
{
  g_autoptr(Reply) reply = sim_request (sim, method, path, NULL);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  return reply_json (reply);
}

void
sim_set_faults (Sim        *sim,
                const char *query)
{
  g_autofree char *path = g_strconcat ("/_sim/faults?", query, NULL);
  g_autoptr(JsonNode) node = sim_admin (sim, "POST", path);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
}

char *
sim_orders_text (Sim *sim)
{
  g_autoptr(Reply) reply = sim_request (sim, "GET", "/_sim/orders", NULL);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  return g_strndup (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
}

gint64
sim_now (Sim *sim)
{
  g_autoptr(JsonNode) state = sim_admin (sim, "GET", "/_sim/state");

  return json_object_get_int_member (json_node_get_object (state), "now_unix");
}

/* Real time in GMT+8, as TOP wants it, @offset_seconds away. */
char *
top_timestamp (gint64 offset_seconds)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) t = g_date_time_add_seconds (now, (gdouble) offset_seconds);

  return g_date_time_format (t, "%Y-%m-%d %H:%M:%S");
}

/* The common parameters for @method (the default credentials, md5, a fresh timestamp) and
 * then name/value pairs that add or replace (a NULL value removes); not yet signed. */
GHashTable *
top_params (const char *method,
            const char *first_name,
            ...)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list ap;

  g_hash_table_insert (params, g_strdup ("method"), g_strdup (method));
  g_hash_table_insert (params, g_strdup ("app_key"), g_strdup ("12345678"));
  g_hash_table_insert (params, g_strdup ("session"), g_strdup ("test-session"));
  g_hash_table_insert (params, g_strdup ("timestamp"), top_timestamp (0));
  g_hash_table_insert (params, g_strdup ("format"), g_strdup ("json"));
  g_hash_table_insert (params, g_strdup ("v"), g_strdup ("2.0"));
  g_hash_table_insert (params, g_strdup ("sign_method"), g_strdup ("md5"));
  va_start (ap, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);

      if (value == NULL)
        g_hash_table_remove (params, name);
      else
        g_hash_table_insert (params, g_strdup (name), g_strdup (value));
    }
  va_end (ap);
  return params;
}

void
top_sign (GHashTable *params,
          const char *secret)
{
  char *sign = sd_sim_top_sign (params, secret, g_hash_table_lookup (params, "sign_method"));

  g_assert_nonnull (sign);
  g_hash_table_insert (params, g_strdup ("sign"), sign);
}

/* Sends @params as they are (sign them first) as a GET query or a POST form. */
Reply *
top_send (Sim        *sim,
          GHashTable *params,
          gboolean    post)
{
  g_autofree char *url = g_strconcat (sim->base, "/router/rest", NULL);
  Reply *reply = g_new0 (Reply, 1);
  gint64 start = g_get_monotonic_time ();

  if (post)
    {
      g_autofree char *form = soup_form_encode_hash (params);
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

      reply->msg = soup_message_new ("POST", url);
      soup_message_set_request_body_from_bytes (reply->msg, "application/x-www-form-urlencoded",
                                                body);
    }
  else
    {
      /* Not soup_message_new_from_encoded_form (): libsoup 3.2 leaks the form of a GET. */
      g_autofree char *form = soup_form_encode_hash (params);
      g_autofree char *get_url = g_strconcat (url, "?", form, NULL);

      reply->msg = soup_message_new ("GET", get_url);
    }
  reply->body = soup_session_send_and_read (sim->session, reply->msg, NULL, &reply->error);
  reply->status = soup_message_get_status (reply->msg);
  reply->elapsed_us = g_get_monotonic_time () - start;
  return reply;
}

/* Signs @params (taken) with the default secret, sends them by GET, and returns the root
 * object of the JSON answer (to unref with json_object_unref). */
JsonObject *
top_call (Sim        *sim,
          GHashTable *params)
{
  g_autoptr(GHashTable) owned = params;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) node = NULL;

  top_sign (owned, "helloworld");
  reply = top_send (sim, owned, FALSE);
  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  node = reply_json (reply);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* The response object under @name, which must be there (no error_response). */
JsonObject *
top_response (JsonObject *root,
              const char *name)
{
  if (json_object_has_member (root, "error_response"))
    {
      JsonObject *e = json_object_get_object_member (root, "error_response");

      g_error ("unexpected error_response %" G_GINT64_FORMAT ": %s",
               json_object_get_int_member (e, "code"), json_object_get_string_member (e, "sub_msg"));
    }
  g_assert_true (json_object_has_member (root, name));
  return json_object_get_object_member (root, name);
}

void
assert_top_error (JsonObject *root,
                  gint64      code,
                  const char *sub_code)
{
  JsonObject *e;

  g_assert_true (json_object_has_member (root, "error_response"));
  e = json_object_get_object_member (root, "error_response");
  g_assert_cmpint (json_object_get_int_member (e, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (e, "msg"));
  g_assert_nonnull (json_object_get_string_member (e, "request_id"));
  if (sub_code != NULL)
    g_assert_cmpstr (json_object_get_string_member (e, "sub_code"), ==, sub_code);
}

const char *
top_sub_msg (JsonObject *root)
{
  return json_object_get_string_member (json_object_get_object_member (root, "error_response"),
                                        "sub_msg");
}
