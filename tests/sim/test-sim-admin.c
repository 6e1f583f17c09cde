/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <string.h>

#include "sim-test-util.h"

/* The simulator as a program and a shop: its command line, its signals, the admin endpoints,
 * and a shop that is the same for the same seed and looks like a real one. */

/* The same flags give the same shop, byte for byte. The data clock is real time, so both
 * must start within the same second: retried until they do. */
static void
test_determinism (void)
{
  for (guint attempt = 0; attempt < 10; attempt++)
    {
      const char *args[] = { "--seed", "42", "--customers", "300", "--orders", "2000", NULL };
      g_autoptr(Sim) a = sim_start_argv (args);
      g_autoptr(Sim) b = sim_start_argv (args);
      g_autoptr(Sim) c = sim_start ("--seed", "43", "--customers", "300", "--orders", "2000", NULL);
      g_autofree char *ta = NULL;
      g_autofree char *tb = NULL;
      g_autofree char *tc = NULL;

      if (sim_now (a) != sim_now (b) || sim_now (a) != sim_now (c))
        continue;
      ta = sim_orders_text (a);
      tb = sim_orders_text (b);
      tc = sim_orders_text (c);
      g_assert_cmpuint (strlen (ta), >, 2000 * 100);
      g_assert_cmpstr (ta, ==, tb);
      g_assert_cmpstr (ta, !=, tc);

      /* The same changes to the same shop: still the same. */
      g_clear_pointer (&ta, g_free);
      g_clear_pointer (&tb, g_free);
      g_clear_pointer (&tc, g_free);
      json_node_unref (sim_admin (a, "POST", "/_sim/advance?create=20&modify=30"));
      json_node_unref (sim_admin (b, "POST", "/_sim/advance?create=20&modify=30"));
      ta = sim_orders_text (a);
      tb = sim_orders_text (b);
      g_assert_cmpstr (ta, ==, tb);
      return;
    }
  g_assert_not_reached ();
}

/* What the default shop looks like: every status, refunds, a skew of customers. */
static void
test_shop_shape (void)
{
  g_autoptr(Sim) sim = sim_start (NULL, NULL);
  g_autoptr(JsonNode) node = sim_admin (sim, "GET", "/_sim/orders");
  g_autoptr(JsonNode) state = sim_admin (sim, "GET", "/_sim/state");
  JsonArray *orders = json_node_get_array (node);
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) per_customer = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 now = json_object_get_int_member (json_node_get_object (state), "now_unix");
  guint refunded = 0, finished = 0, most = 0;
  GHashTableIter iter;
  gpointer count;

  g_assert_cmpuint (json_array_get_length (orders), ==, 5000);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (state), "customers"), ==, 1000);
  for (guint i = 0; i < 5000; i++)
    {
      JsonObject *o = json_array_get_object_element (orders, i);
      const char *status = json_object_get_string_member (o, "status");
      const char *customer = json_object_get_string_member (o, "customer");
      gint64 created = json_object_get_int_member (o, "created_unix");
      gint64 modified = json_object_get_int_member (o, "modified_unix");
      gint64 payment = json_object_get_int_member (o, "payment_cents");

      g_hash_table_add (statuses, (gpointer) status);
      g_hash_table_insert (per_customer, (gpointer) customer,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (per_customer,
                                                                                    customer)) + 1));
      refunded += json_object_get_int_member (o, "refund_cents") > 0;
      finished += strcmp (status, "TRADE_FINISHED") == 0;
      g_assert_cmpint (created, >, now - 80 * 86400);
      g_assert_cmpint (created, <=, modified);
      g_assert_cmpint (modified, <=, now);
      g_assert_cmpint (payment, >=, 800);
      g_assert_cmpint (payment, <=, 3 * 3 * 299900 + 1000);
      g_assert_cmpint (json_object_get_int_member (o, "refund_cents"), <=, payment);
    }
  g_assert_cmpuint (g_hash_table_size (statuses), ==, 6);
  g_assert_cmpuint (finished, >, 2500);
  g_assert_cmpuint (refunded, >, 50);
  g_hash_table_iter_init (&iter, per_customer);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    most = MAX (most, GPOINTER_TO_UINT (count));
  g_assert_cmpuint (most, >=, 15);                                /* a few buy a lot */
  g_assert_cmpuint (g_hash_table_size (per_customer), <, 1000);   /* some never */
}

static void
test_state (void)
{
  g_autoptr(Sim) sim = sim_start ("--customers", "10", "--orders", "20", NULL);
  g_autoptr(JsonNode) before = sim_admin (sim, "GET", "/_sim/state");
  g_autoptr(JsonObject) answer = top_call (sim, top_params ("taobao.user.seller.get", "fields",
                                                            "nick", NULL));
  g_autoptr(JsonNode) after = sim_admin (sim, "GET", "/_sim/state");
  JsonObject *s = json_node_get_object (after);
  const char *names[] = { "now_unix", "now", "orders", "customers", "requests", "faults" };

  top_response (answer, "user_seller_get_response");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (json_object_has_member (s, names[i]));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (before), "requests"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (s, "requests"), ==, 1);   /* admin calls not counted */
  g_assert_cmpint (json_object_get_int_member (s, "orders"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (s, "faults"), ==, 0);
  g_assert_cmpuint (strlen (json_object_get_string_member (s, "now")), ==, 19);
}

/* The data clock moves on, never past real time; new orders and customers appear. */
static void
test_advance (void)
{
  g_autoptr(Sim) sim = sim_start ("--customers", "10", "--orders", "20", "--behind", "100", NULL);
  gint64 start = sim_now (sim);
  g_autoptr(JsonNode) far = sim_admin (sim, "POST", "/_sim/advance?seconds=1000000&create=5");
  g_autoptr(JsonNode) state = sim_admin (sim, "GET", "/_sim/state");
  g_autoptr(Reply) get = sim_request (sim, "GET", "/_sim/advance?seconds=1", NULL);
  g_autoptr(Reply) bad = sim_request (sim, "POST", "/_sim/advance?seconds=-1", NULL);
  gint64 now = json_object_get_int_member (json_node_get_object (far), "now_unix");
  gint64 real = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (now, >=, start + 100 - 2);
  g_assert_cmpint (now, <=, real);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (far), "created")), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (state), "orders"), ==, 25);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (state), "customers"), >=, 10);
  g_assert_cmpuint (get->status, ==, 405);
  g_assert_cmpuint (bad->status, ==, 400);
}

static int
run_binary (const char * const *args,
            char              **out_stderr)
{
  g_autofree char *binary = sim_binary ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                out_stderr, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* A bad flag: a message that names it, exit status 2. */
static void
test_bad_flags (void)
{
  struct
  {
    const char *args[4];
    const char *said;
  } cases[] = {
    { { "--no-such-flag", NULL }, "--no-such-flag" },
    { { "--platform", "ebay", NULL }, "--platform" },
    { { "--fail-rate", "1.5", NULL }, "--fail-rate" },
    { { "--rate-limit", "fast", NULL }, "--rate-limit" },
    { { "--orders", "many", NULL }, "--orders" },
    { { "--customers", "0", NULL }, "--customers" },
    { { "--port", "70000", NULL }, "--port" },
    { { "extra", NULL }, "extra" },
    { { "--aliyun-template", "SMS_1", NULL }, "--aliyun-template 'SMS_1'" },
    { { "--aliyun-template", "SMS_1=${name", NULL }, "--aliyun-template" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_binary (cases[i].args, &err), ==, 2);
      g_assert_nonnull (strstr (err, cases[i].said));
    }
}

/* SIGINT ends it as SIGTERM does (sim_stop checks SIGTERM): exit 0. */
static void
test_sigint (void)
{
  g_autoptr(Sim) sim = sim_start ("--customers", "10", "--orders", "20", NULL);
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (sim->process, SIGINT);
  g_subprocess_wait (sim->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/admin/determinism", test_determinism);
  g_test_add_func ("/sim/admin/shop-shape", test_shop_shape);
  g_test_add_func ("/sim/admin/state", test_state);
  g_test_add_func ("/sim/admin/advance", test_advance);
  g_test_add_func ("/sim/admin/bad-flags", test_bad_flags);
  g_test_add_func ("/sim/admin/sigint", test_sigint);
  return g_test_run ();
}
