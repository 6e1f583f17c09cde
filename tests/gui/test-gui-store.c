/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-customers-page.h"
#include "sd-customers.h"
#include "sd-error.h"
#include "sd-gui-test-util.h"
#include "sd-store-connect-dialog.h"
#include "sd-store-page.h"
#include "sd-test-sim.h"
#include "sd-test-util.h"
#include "sd-values.h"

/* The Store page against a real shopdesk-sim started by the test: the empty state, the
 * connect dialog (a field refused, the seller found, a wrong secret that never shows), the
 * connected rows, a sync with its counts checked against the simulator's truth, a sync
 * cancelled and resumed without doubles, the periodic interval and its timer, disconnecting,
 * the demo store (started by the page, stopped with the window), closing the window during a
 * sync, and an account without the permissions.
 *
 * With SHOPDESK_STORE_SHOTS=DIR, /gui/store/screenshots saves every state there as PNG at
 * 1024×600 and 1280×800, light and dark. */

#define APP_KEY     "12345678"
#define APP_SECRET  "helloworld"
#define SESSION_KEY "test-session"
#define WRONG       "wrong-secret-7f3a9c"
#define SYNC_MS     60000

typedef struct
{
  char        *path;
  SdTestSim   *sim;
  SdWindow    *window;
  SdSession   *session;
  SdStorePage *page;
  guint        loads;
  guint        syncs;
  gboolean     saw_progress;
  gint64       orders_before;
  gint64       customers_before;
} Fixture;

static const char *const default_sim[] = { "--seed", "7", "--customers", "300", "--orders", "2000", NULL };
static const char *const slow_sim[] = { "--seed", "7", "--customers", "300", "--orders", "2000", "--latency", "120",
                                        NULL };

/* ---- helpers ---- */

static void
loaded_cb (SdStorePage *page,
           Fixture     *f)
{
  f->loads++;
}

static void
synced_cb (SdStorePage *page,
           Fixture     *f)
{
  f->syncs++;
}

static const char *
page_state (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_get (f->page, GTK_TYPE_STACK, "stack")));
}

static const char *
row_subtitle (Fixture    *f,
              const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (sd_gui_test_get (f->page, ADW_TYPE_ACTION_ROW, name)));
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  return gtk_label_get_label (GTK_LABEL (sd_gui_test_get (root, GTK_TYPE_LABEL, name)));
}

static gboolean
page_idle (gpointer data)
{
  Fixture *f = data;

  return f->loads > 0 && !sd_store_page_get_busy (f->page);
}

static void
wait_idle (Fixture *f)
{
  g_assert_true (sd_gui_test_wait_for (page_idle, f, 20000));
  sd_gui_test_spin (30);
}

static void
open_window (Fixture    *f,
             const char *name)
{
  f->window = name != NULL ? sd_gui_test_open_window_as (f->path, name, SD_TEST_PASSWORD)
                           : sd_gui_test_open_window (f->path);
  f->session = sd_window_get_session (f->window);
  f->page = SD_STORE_PAGE (sd_gui_test_get (GTK_WIDGET (f->window), SD_TYPE_STORE_PAGE, NULL));
  g_signal_connect (f->page, "loaded", G_CALLBACK (loaded_cb), f);
  g_signal_connect (f->page, "synced", G_CALLBACK (synced_cb), f);
  f->loads = 0;
  sd_window_show_page (f->window, "store");
  wait_idle (f);
  f->orders_before = sd_customers_count_orders (f->session);
  f->customers_before = sd_test_count_customers (f->session);
}

/* Closes the window; the page may outlive it a moment (a read finishing), so its handlers
 * go first. */
static void
close_window (Fixture *f)
{
  if (f->page != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->page, f);
      f->page = NULL;
    }
  if (f->window != NULL)
    sd_gui_test_close_window (f->window);
  f->window = NULL;
}

static gboolean
start_sim (Fixture            *f,
           const char * const *args)
{
  f->sim = sd_test_sim_start (args);
  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return FALSE;
    }
  return TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->path = sd_gui_test_make_demo (20);
  if (start_sim (f, data != NULL ? data : default_sim))
    open_window (f, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Dialogs a failed test left open first. */
  sd_gui_test_destroy_other_windows (GTK_WINDOW (f->window));
  close_window (f);
  g_clear_pointer (&f->sim, sd_test_sim_stop);
  g_free (f->path);
}

static SdStoreStatus *
core_status (SdSession *session)
{
  g_autoptr(GError) error = NULL;
  SdStoreStatus *status = sd_store_get_status (session, &error);

  g_assert_no_error (error);
  g_assert_nonnull (status);
  return status;
}

static char *
seller_nick (Fixture *f)
{
  SdStoreConfig config = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreConnection) connection = NULL;
  g_autoptr(SdStoreSeller) seller = NULL;

  config.url = sd_test_sim_get_router (f->sim);
  config.app_key = APP_KEY;
  config.app_secret = APP_SECRET;
  config.session_key = SESSION_KEY;
  connection = sd_store_connection_new ("taobao", &config, &error);
  g_assert_no_error (error);
  seller = sd_store_connection_get_seller (connection, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (seller->nick);
}

/* The simulator's orders created before UNTIL, and the buyers among them. */
static gint64
sim_orders_before (Fixture *f,
                   gint64   until,
                   gint64  *out_buyers)
{
  g_autoptr(JsonNode) root = sd_test_sim_get_json (f->sim, "/_sim/orders");
  JsonArray *orders = json_node_get_array (root);
  g_autoptr(GHashTable) buyers = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 n = 0;

  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);

      if (json_object_get_int_member (order, "created_unix") >= until)
        continue;
      n++;
      g_hash_table_add (buyers, (gpointer) json_object_get_string_member (order, "customer"));
    }
  if (out_buyers != NULL)
    *out_buyers = g_hash_table_size (buyers);
  return n;
}

/* ---- the connect dialog ---- */

static SdStoreConnectDialog *
open_dialog (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->page), "store.connect", NULL);
  return SD_STORE_CONNECT_DIALOG (sd_gui_test_wait_toplevel (SD_TYPE_STORE_CONNECT_DIALOG));
}

static void
set_row (SdStoreConnectDialog *dialog,
         const char           *name,
         const char           *text)
{
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, name)), text);
}

static void
fill_dialog (Fixture              *f,
             SdStoreConnectDialog *dialog,
             const char           *secret)
{
  set_row (dialog, "url_row", sd_test_sim_get_router (f->sim));
  set_row (dialog, "app_key_row", APP_KEY);
  set_row (dialog, "app_secret_row", secret);
  set_row (dialog, "session_row", SESSION_KEY);
}

static void
click (GtkWidget  *root,
       const char *name)
{
  GtkWidget *button = sd_gui_test_get (root, GTK_TYPE_BUTTON, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
dialog_idle (gpointer data)
{
  GtkWidget *dialog = data;

  return gtk_widget_is_sensitive (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "test_button")) &&
         !gtk_widget_get_visible (sd_gui_test_get (dialog, GTK_TYPE_SPINNER, "test_spinner")) &&
         !gtk_widget_get_visible (sd_gui_test_get (dialog, GTK_TYPE_SPINNER, "connect_spinner"));
}

static void
test_connection (SdStoreConnectDialog *dialog)
{
  click (GTK_WIDGET (dialog), "test_button");
  g_assert_true (sd_gui_test_wait_for (dialog_idle, dialog, 30000));
}

/* Every text the dialog shows (labels, titles, subtitles, tooltips, entries that are not a
 * password's) lacks SECRET. */
static void
assert_not_shown (GtkWidget  *widget,
                  const char *secret)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (ADW_IS_PASSWORD_ENTRY_ROW (widget))
    return;
  g_assert_null (tooltip != NULL ? strstr (tooltip, secret) : NULL);
  if (GTK_IS_LABEL (widget))
    g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (widget)), secret));
  if (GTK_IS_EDITABLE (widget))
    g_assert_null (strstr (gtk_editable_get_text (GTK_EDITABLE (widget)), secret));
  if (ADW_IS_PREFERENCES_ROW (widget))
    g_assert_null (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), secret));
  if (ADW_IS_ACTION_ROW (widget) && adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) != NULL)
    g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), secret));
  if (ADW_IS_PREFERENCES_GROUP (widget) && adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget)))
    g_assert_null (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget)), secret));
  if (GTK_IS_WINDOW (widget) && gtk_window_get_title (GTK_WINDOW (widget)) != NULL)
    g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (widget)), secret));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_not_shown (child, secret);
}

/* Answers a question as its button does: the response, then the dialog goes. */
static void
respond (GtkWindow  *dialog,
         const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
}

static gboolean
no_dialog (gpointer data)
{
  return sd_gui_test_find_toplevel (SD_TYPE_STORE_CONNECT_DIALOG) == NULL;
}

/* Connects through the dialog, as a person would. */
static void
connect_store (Fixture *f)
{
  SdStoreConnectDialog *dialog = open_dialog (f);

  fill_dialog (f, dialog, APP_SECRET);
  f->loads = 0;
  click (GTK_WIDGET (dialog), "connect_button");
  g_assert_true (sd_gui_test_wait_for (no_dialog, NULL, 30000));
  wait_idle (f);
  g_assert_cmpstr (page_state (f), ==, "connected");
}

/* ---- syncing ---- */

static gboolean
sync_over (gpointer data)
{
  Fixture *f = data;
  GtkWidget *group = sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_PREFERENCES_GROUP, "progress_group");

  if (group != NULL && gtk_widget_get_visible (group))
    f->saw_progress = TRUE;
  return f->syncs > 0 && !sd_store_page_get_syncing (f->page) && !sd_store_page_get_busy (f->page);
}

static void
wait_sync (Fixture *f)
{
  g_assert_true (sd_gui_test_wait_for (sync_over, f, SYNC_MS));
  sd_gui_test_spin (50);
}

static void
sync_now (Fixture *f)
{
  f->syncs = 0;
  f->saw_progress = FALSE;
  g_assert_true (gtk_widget_is_sensitive (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "sync_button")));
  click (GTK_WIDGET (f->page), "sync_button");
  g_assert_true (sd_store_page_get_syncing (f->page));
}

static gboolean
some_written (gpointer data)
{
  Fixture *f = data;

  return sd_customers_count_orders (f->session) > f->orders_before;
}

/* ---- tests ---- */

static void
test_not_connected (Fixture       *f,
                    gconstpointer  data)
{
  AdwStatusPage *empty;

  if (f->sim == NULL)
    return;
  g_assert_cmpstr (page_state (f), ==, "empty");
  g_assert_null (sd_store_page_get_status (f->page));
  empty = ADW_STATUS_PAGE (sd_gui_test_get (f->page, ADW_TYPE_STATUS_PAGE, "empty_page"));
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "Connect Your Store");
  g_assert_true (gtk_widget_get_mapped (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "connect_button")));
  g_assert_true (gtk_widget_is_sensitive (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "connect_button")));
  g_assert_true (gtk_widget_is_sensitive (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "demo_button")));
  /* The demo store says plainly what it is. */
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (f->page), "demo_hint"), "simulated"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (f->page), "demo_hint"), "this computer"));
  /* Nothing to sync yet. */
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "sync_button")));
}

static void
test_empty_url (Fixture       *f,
                gconstpointer  data)
{
  SdStoreConnectDialog *dialog;
  GtkWidget *url_row;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = NULL;

  if (f->sim == NULL)
    return;
  dialog = open_dialog (f);
  url_row = sd_gui_test_get (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "url_row");
  /* Taobao's router fills in; cleared, nothing else typed: no field is marked yet. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "https://eco.taobao.com/router/rest");
  set_row (dialog, "app_key_row", APP_KEY);
  set_row (dialog, "app_secret_row", APP_SECRET);
  set_row (dialog, "session_row", SESSION_KEY);
  gtk_editable_set_text (GTK_EDITABLE (url_row), "");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "url_message"), ==,
                   "Enter the router’s address, such as https://eco.taobao.com/router/rest.");
  g_assert_true (
    gtk_widget_has_css_class (sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "url_message"), "error"));

  /* Connect refuses it at the field, and asks nothing of any store. */
  click (GTK_WIDGET (dialog), "connect_button");
  sd_gui_test_spin (300);
  g_assert_true (sd_gui_test_find_toplevel (SD_TYPE_STORE_CONNECT_DIALOG) == GTK_WINDOW (dialog));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_SPINNER, "connect_spinner")));
  g_assert_true (gtk_widget_has_focus (url_row) || gtk_widget_get_focus_child (url_row) != NULL ||
                 gtk_window_get_focus (GTK_WINDOW (dialog)) == NULL ||
                 gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), url_row));
  status = sd_store_get_status (f->session, &error);
  g_assert_null (status);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);

  /* Not a web address either. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "eco.taobao.com router");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (dialog), "url_message"), "not a web address"));
  /* A good one clears the mark. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), sd_test_sim_get_router (f->sim));
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));

  /* A Shopify shop has other fields, each checked. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (sd_gui_test_get (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "platform_row")),
                              1);
  g_assert_true (
    gtk_widget_get_visible (sd_gui_test_get (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_GROUP, "shopify_group")));
  g_assert_false (
    gtk_widget_get_visible (sd_gui_test_get (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_GROUP, "taobao_group")));
  set_row (dialog, "token_row", "shpat_test");
  set_row (dialog, "api_version_row", "24-1");
  g_assert_true (
    gtk_widget_has_css_class (sd_gui_test_get (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "api_version_row"), "error"));
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "shopify_message"), ==, "An API version looks like 2024-01.");

  /* Escape's action closes it. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  g_assert_true (sd_gui_test_wait_for (no_dialog, NULL, 5000));
}

static void
test_test_connection (Fixture       *f,
                      gconstpointer  data)
{
  SdStoreConnectDialog *dialog;
  g_autofree char *nick = NULL;
  GtkWidget *result;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = NULL;

  if (f->sim == NULL)
    return;
  nick = seller_nick (f);
  dialog = open_dialog (f);
  fill_dialog (f, dialog, APP_SECRET);
  test_connection (dialog);
  result = sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "test_result");
  g_assert_true (gtk_widget_get_visible (result));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (result)), nick));
  g_assert_false (gtk_widget_has_css_class (result, "error"));
  /* A test saves nothing. */
  status = sd_store_get_status (f->session, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  /* Another key: the result no longer stands. */
  set_row (dialog, "app_key_row", "87654321");
  g_assert_false (gtk_widget_get_visible (result));
}

static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  SdStoreConnectDialog *dialog;
  GtkWidget *result;
  GtkWidget *message;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = NULL;

  if (f->sim == NULL)
    return;
  dialog = open_dialog (f);
  fill_dialog (f, dialog, WRONG);
  test_connection (dialog);
  result = sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "test_result");
  g_assert_true (gtk_widget_get_visible (result));
  g_assert_true (gtk_widget_has_css_class (result, "error"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (result)), !=, "");
  assert_not_shown (GTK_WIDGET (dialog), WRONG);
  assert_not_shown (GTK_WIDGET (f->window), WRONG);

  /* Connecting says it at the keys, and keeps nothing. */
  click (GTK_WIDGET (dialog), "connect_button");
  g_assert_true (sd_gui_test_wait_for (dialog_idle, dialog, 30000));
  message = sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "taobao_message");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_true (gtk_widget_has_css_class (message, "error"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), !=, "");
  assert_not_shown (GTK_WIDGET (dialog), WRONG);
  status = sd_store_get_status (f->session, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_assert_true (sd_gui_test_find_toplevel (SD_TYPE_STORE_CONNECT_DIALOG) == GTK_WINDOW (dialog));
}

static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *nick = NULL;
  g_autoptr(SdStoreStatus) status = NULL;

  if (f->sim == NULL)
    return;
  nick = seller_nick (f);
  connect_store (f);
  status = core_status (f->session);
  g_assert_cmpstr (status->url, ==, sd_test_sim_get_router (f->sim));
  g_assert_cmpstr (status->seller_nick, ==, nick);

  g_assert_nonnull (strstr (row_subtitle (f, "platform_row"), "Taobao"));
  g_assert_nonnull (strstr (row_subtitle (f, "platform_row"), APP_KEY));
  g_assert_cmpstr (row_subtitle (f, "url_row"), ==, sd_test_sim_get_router (f->sim));
  g_assert_nonnull (strstr (row_subtitle (f, "seller_row"), nick));
  g_assert_cmpstr (row_subtitle (f, "last_sync_row"), ==, "Never");
  g_assert_cmpstr (label_text (GTK_WIDGET (f->page), "orders_count"), ==, "0");
  g_assert_cmpstr (label_text (GTK_WIDGET (f->page), "customers_count"), ==, "0");
  /* Where the keys are read from: the environment, in these tests (no keyring runs). */
  g_assert_nonnull (strstr (row_subtitle (f, "credentials_row"), "SHOPDESK_TAOBAO_APP_SECRET"));
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "sync_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BOX, "auth_banner")));
  assert_not_shown (GTK_WIDGET (f->window), APP_SECRET);
  assert_not_shown (GTK_WIDGET (f->window), SESSION_KEY);
}

static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(SdStoreStatus) status = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *customers = NULL;
  gint64 expected, buyers;

  if (f->sim == NULL)
    return;
  connect_store (f);
  sync_now (f);
  wait_sync (f);
  g_assert_true (f->saw_progress);

  status = core_status (f->session);
  g_assert_cmpstr (status->last_error, ==, "");
  g_assert_true (status->full_sync_done);
  expected = sim_orders_before (f, status->cursor, &buyers);
  g_assert_cmpint (expected, >, 1000);
  /* Everything the store had before the cursor, once; a customer for each buyer. */
  g_assert_cmpint (status->orders_synced, ==, expected);
  g_assert_cmpint (sd_customers_count_orders (f->session) - f->orders_before, ==, expected);
  g_assert_cmpint (sd_test_count_customers (f->session) - f->customers_before, ==, buyers);
  g_assert_cmpint (status->customers_synced, ==, buyers);

  orders = sd_format_count (expected);
  customers = sd_format_count (buyers);
  g_assert_cmpstr (label_text (GTK_WIDGET (f->page), "orders_count"), ==, orders);
  g_assert_cmpstr (label_text (GTK_WIDGET (f->page), "customers_count"), ==, customers);
  g_assert_nonnull (strstr (row_subtitle (f, "last_sync_row"), "succeeded"));
  g_assert_nonnull (strstr (row_subtitle (f, "cursor_row"), "Every order changed until"));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, ADW_TYPE_PREFERENCES_GROUP, "progress_group")));
  /* The customer list counts them too. */
  g_assert_cmpint (sd_customers_page_get_total (SD_CUSTOMERS_PAGE (sd_window_get_customers_page (f->window))), ==,
                   f->customers_before + buyers);

  /* New orders at the store arrive with the next sync, and only they. */
  g_free (sd_test_sim_post (f->sim, "/_sim/advance?seconds=120&create=7&modify=3"));
  sync_now (f);
  wait_sync (f);
  g_clear_pointer (&status, sd_store_status_free);
  status = core_status (f->session);
  expected = sim_orders_before (f, status->cursor, NULL);
  g_assert_cmpint (sd_customers_count_orders (f->session) - f->orders_before, ==, expected);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SdStoreStatus) status = NULL;
  gint64 written, expected;

  if (f->sim == NULL)
    return;
  connect_store (f);
  sync_now (f);
  g_assert_true (sd_gui_test_wait_for (some_written, f, SYNC_MS));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "store.cancel", NULL);
  g_assert_false (gtk_widget_is_sensitive (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "cancel_button")));
  wait_sync (f);

  /* What was written stays, and is what the status counts; the rest did not come. */
  status = core_status (f->session);
  written = sd_customers_count_orders (f->session) - f->orders_before;
  expected = sim_orders_before (f, G_MAXINT64, NULL);
  /* GIO's words for a cancelled call (LANG=C in the tests). */
  g_assert_cmpstr (status->last_error, ==, "Operation was cancelled");
  g_assert_false (status->needs_authorization);
  g_assert_false (status->full_sync_done);
  g_assert_cmpint (written, >, 0);
  g_assert_cmpint (written, <, expected);
  g_assert_cmpint (status->orders_synced, ==, written);
  g_assert_nonnull (strstr (row_subtitle (f, "last_sync_row"), "stopped"));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_LABEL, "last_error")));

  /* The next sync goes on from there: all of them, none twice. */
  sync_now (f);
  wait_sync (f);
  g_clear_pointer (&status, sd_store_status_free);
  status = core_status (f->session);
  g_assert_cmpstr (status->last_error, ==, "");
  expected = sim_orders_before (f, status->cursor, NULL);
  g_assert_cmpint (sd_customers_count_orders (f->session) - f->orders_before, ==, expected);
  g_assert_nonnull (strstr (row_subtitle (f, "last_sync_row"), "succeeded"));
}

static void
test_interval (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdStoreStatus) status = NULL;
  AdwComboRow *row;
  gint64 next;

  if (f->sim == NULL)
    return;
  connect_store (f);
  row = ADW_COMBO_ROW (sd_gui_test_get (f->page, ADW_TYPE_COMBO_ROW, "interval_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  f->loads = 0;
  adw_combo_row_set_selected (row, 1);
  wait_idle (f);
  status = core_status (f->session);
  g_assert_cmpuint (status->interval_minutes, ==, 5);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Next sync in 5 minutes"));

  /* Not due yet: nothing starts. */
  next = status->next_sync_at;
  g_assert_cmpint (next, >, 0);
  sd_store_page_tick (f->page, next - 1);
  g_assert_false (sd_store_page_get_syncing (f->page));
  /* Due: a sync starts; another tick while it runs starts no second one. */
  f->syncs = 0;
  sd_store_page_tick (f->page, next);
  g_assert_true (sd_store_page_get_syncing (f->page));
  sd_store_page_tick (f->page, next + 60);
  g_assert_true (sd_store_page_get_syncing (f->page));
  wait_sync (f);
  g_assert_cmpuint (f->syncs, ==, 1);
  g_clear_pointer (&status, sd_store_status_free);
  status = core_status (f->session);
  g_assert_cmpint (status->last_sync_at, >, 0);
  g_assert_cmpint (status->next_sync_at, ==, status->last_sync_at + 300);

  /* Off again. */
  f->loads = 0;
  adw_combo_row_set_selected (row, 0);
  wait_idle (f);
  g_clear_pointer (&status, sd_store_status_free);
  status = core_status (f->session);
  g_assert_cmpuint (status->interval_minutes, ==, 0);
  sd_store_page_tick (f->page, status->last_sync_at + 100000);
  g_assert_false (sd_store_page_get_syncing (f->page));
}

static gboolean
page_empty (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (page_state (f), "empty") == 0 && !sd_store_page_get_busy (f->page);
}

static void
test_disconnect (Fixture       *f,
                 gconstpointer  data)
{
  GtkWindow *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = NULL;
  gint64 orders;

  if (f->sim == NULL)
    return;
  connect_store (f);
  sync_now (f);
  wait_sync (f);
  orders = sd_customers_count_orders (f->session);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "store.disconnect", NULL);
  dialog = sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  /* It says the synced orders stay. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Nothing synced is deleted"));
  respond (dialog, "disconnect");
  g_assert_true (sd_gui_test_wait_for (page_empty, f, 20000));
  status = sd_store_get_status (f->session, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_assert_cmpint (sd_customers_count_orders (f->session), ==, orders);
  g_assert_cmpuint (sd_test_audit_count (f->session, "store.disconnect"), ==, 1);
}

static gboolean
port_closed (gpointer data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_uri (client, data, 0, NULL, NULL);

  return connection == NULL;
}

static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(SdStoreStatus) status = NULL;
  g_autofree char *url = NULL;
  gint64 written;

  if (f->sim == NULL)
    return;
  f->syncs = 0;
  click (GTK_WIDGET (f->page), "demo_button");
  g_assert_true (sd_store_page_get_busy (f->page));
  /* Started, connected, and synced at once. */
  wait_sync (f);
  status = core_status (f->session);
  g_assert_true (g_str_has_prefix (status->url, "http://127.0.0.1:"));
  g_assert_cmpstr (status->last_error, ==, "");
  written = sd_customers_count_orders (f->session) - f->orders_before;
  g_assert_cmpint (written, >, 0);
  g_assert_cmpint (status->orders_synced, ==, written);
  g_assert_cmpstr (page_state (f), ==, "connected");
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, ADW_TYPE_PREFERENCES_GROUP, "demo_group")));
  g_assert_nonnull (strstr (row_subtitle (f, "demo_row"), "simulated"));
  g_assert_nonnull (strstr (row_subtitle (f, "demo_row"), "this computer"));
  /* Its keys are built in: no keyring, no environment needed. */
  g_assert_false (port_closed (status->url));

  /* The simulator goes with the window. */
  url = g_strdup (status->url);
  close_window (f);
  g_assert_true (sd_gui_test_wait_for (port_closed, url, 10000));
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_close_during_sync (Fixture       *f,
                        gconstpointer  data)
{
  GtkWindow *question;
  gpointer weak;
  g_autoptr(SdSession) owner = NULL;
  g_autoptr(SdStoreStatus) status = NULL;
  gint64 written;

  if (f->sim == NULL)
    return;
  connect_store (f);
  sync_now (f);
  g_assert_true (sd_gui_test_wait_for (some_written, f, SYNC_MS));

  /* Closing asks first; the window stays meanwhile. */
  gtk_window_close (GTK_WINDOW (f->window));
  question = sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (sd_store_page_get_syncing (f->page));
  respond (question, "stop");

  /* It goes once the sync has stopped cleanly. */
  g_signal_handlers_disconnect_by_data (f->page, f);
  f->page = NULL;
  weak = f->window;
  g_object_add_weak_pointer (G_OBJECT (f->window), &weak);
  g_assert_true (sd_gui_test_wait_for (window_gone, &weak, SYNC_MS));
  f->window = NULL;

  owner = sd_test_login_owner (f->path);
  status = core_status (owner);
  written = sd_customers_count_orders (owner) - f->orders_before;
  /* GIO's words for a cancelled call (LANG=C in the tests). */
  g_assert_cmpstr (status->last_error, ==, "Operation was cancelled");
  g_assert_cmpint (written, >, 0);
  g_assert_cmpint (status->orders_synced, ==, written);
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdSession) owner = NULL;
  g_autoptr(SdSession) viewer = NULL;
  g_autofree char *needs = NULL;
  GtkWidget *connect;

  if (f->sim == NULL)
    return;
  /* The owner connects; an agent who may only view sees the store, and may change nothing. */
  connect_store (f);
  close_window (f);
  owner = sd_test_login_owner (f->path);
  viewer = sd_test_staff_session (owner, "小王", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  open_window (f, "小王");
  g_assert_cmpstr (page_state (f), ==, "connected");
  g_assert_false (gtk_widget_is_sensitive (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "sync_button")));
  needs = g_strdup_printf ("Needs the “%s” permission", sd_permission_get_label (SD_PERMISSION_IMPORT_CUSTOMERS));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "sync_button")), ==, needs);
  g_assert_false (gtk_widget_is_sensitive (sd_gui_test_get (f->page, ADW_TYPE_COMBO_ROW, "interval_row")));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "store.disconnect", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "store.sync", NULL);
  sd_gui_test_spin (200);
  g_assert_null (sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_false (sd_store_page_get_syncing (f->page));
  connect = sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "connect_button");
  g_assert_false (gtk_widget_is_sensitive (connect));
  /* A periodic sync is not this account's to start. */
  sd_store_page_tick (f->page, G_MAXINT64 / 2);
  g_assert_false (sd_store_page_get_syncing (f->page));
}

/* ---- screenshots ---- */

static const char *shots_dir;

static gboolean
save_png_once (GtkWidget  *widget,
               const char *path)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  /* Between two frames, or a dialog on its way out: nothing to draw. */
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  for (int tries = 0; tries < 10 && !save_png_once (widget, path); tries++)
    sd_gui_test_spin (100);
}

typedef struct
{
  GtkWidget *window;
  int        width;
  int        height;
} Size;

static gboolean
sized (gpointer data)
{
  Size *size = data;

  return gtk_widget_get_width (size->window) == size->width && gtk_widget_get_height (size->window) == size->height;
}

/* The window (and any dialog over it) as NAME, at both sizes, light and dark. */
static void
shot (Fixture    *f,
      const char *name)
{
  static const int sizes[][2] = { { 1024, 600 }, { 1280, 800 } };
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (shots_dir == NULL)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int dark = 0; dark <= 1; dark++)
      {
        Size size = { GTK_WIDGET (f->window), sizes[s][0], sizes[s][1] };
        GListModel *toplevels = gtk_window_get_toplevels ();
        g_autofree char *path = g_strdup_printf ("%s/store-%s-%dx%d-%s.png", shots_dir, name, size.width,
                                                 size.height, dark ? "dark" : "light");

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
        gtk_window_set_default_size (GTK_WINDOW (f->window), size.width, size.height);
        sd_gui_test_wait_for (sized, &size, 3000);
        sd_gui_test_spin (400);
        save_png (GTK_WIDGET (f->window), path);
        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);
            g_autofree char *dialog_path = NULL;

            if (other == GTK_WINDOW (f->window) || !gtk_widget_get_mapped (GTK_WIDGET (other)))
              continue;
            dialog_path = g_strdup_printf ("%s/store-%s-%dx%d-%s-dialog.png", shots_dir, name, size.width,
                                           size.height, dark ? "dark" : "light");
            save_png (GTK_WIDGET (other), dialog_path);
          }
      }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
close_dialogs (void)
{
  GtkWindow *dialog;

  while ((dialog = sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL ||
         (dialog = sd_gui_test_find_toplevel (SD_TYPE_STORE_CONNECT_DIALOG)) != NULL)
    sd_gui_test_destroy_window (dialog);
}

static gboolean
waiting_shown (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_LABEL, "progress_wait"));
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  SdStoreConnectDialog *dialog;
  GtkWindow *dialog_question;
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  if (shots_dir == NULL)
    {
      g_test_skip ("SHOPDESK_STORE_SHOTS is not set");
      return;
    }
  if (f->sim == NULL)
    return;
  /* The application's own style sheet, as SdApplication loads it. */
  gtk_css_provider_load_from_resource (css, "/io/github/shopdesk/ShopDesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  shot (f, "1-empty");

  dialog = open_dialog (f);
  shot (f, "2-dialog");
  set_row (dialog, "app_key_row", APP_KEY);
  set_row (dialog, "url_row", "");
  click (GTK_WIDGET (dialog), "connect_button");
  shot (f, "3-dialog-invalid");
  fill_dialog (f, dialog, APP_SECRET);
  test_connection (dialog);
  shot (f, "4-dialog-tested");
  set_row (dialog, "app_secret_row", WRONG);
  test_connection (dialog);
  click (GTK_WIDGET (dialog), "connect_button");
  g_assert_true (sd_gui_test_wait_for (dialog_idle, dialog, 30000));
  shot (f, "5-dialog-wrong-secret");
  close_dialogs ();

  connect_store (f);
  shot (f, "6-connected");

  g_free (sd_test_sim_post (f->sim, "/_sim/faults?latency=400"));
  sync_now (f);
  g_assert_true (sd_gui_test_wait_for (some_written, f, SYNC_MS));
  shot (f, "7-syncing");
  g_free (sd_test_sim_post (f->sim, "/_sim/faults?latency=0"));
  wait_sync (f);
  shot (f, "8-synced");

  /* The store limits the rate: the sync (everything again) waits, and says so. */
  g_free (sd_test_sim_post (f->sim, "/_sim/faults?rate_limit=3&ban_seconds=8"));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "store.full-sync", NULL);
  dialog_question = sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  shot (f, "9-full-sync-question");
  f->syncs = 0;
  respond (dialog_question, "full");
  g_assert_true (sd_store_page_get_syncing (f->page));
  g_assert_true (sd_gui_test_wait_for (waiting_shown, f, SYNC_MS));
  shot (f, "9-waiting");
  g_free (sd_test_sim_post (f->sim, "/_sim/faults?rate_limit=0"));
  wait_sync (f);

  /* The session expired: a banner and a way back. */
  g_free (sd_test_sim_post (f->sim, "/_sim/faults?invalid_session=1"));
  sync_now (f);
  wait_sync (f);
  shot (f, "10-needs-authorization");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "store.reconnect", NULL);
  sd_gui_test_wait_toplevel (SD_TYPE_STORE_CONNECT_DIALOG);
  shot (f, "11-reconnect");
  close_dialogs ();
  g_free (sd_test_sim_post (f->sim, "/_sim/faults?invalid_session=0"));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "store.disconnect", NULL);
  sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  shot (f, "13-disconnect-question");
  respond (sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "disconnect");
  g_assert_true (sd_gui_test_wait_for (page_empty, f, 20000));

  f->syncs = 0;
  click (GTK_WIDGET (f->page), "demo_button");
  /* At once: the demo store is quick to start. */
  {
    g_autofree char *path = g_strdup_printf ("%s/store-14-demo-starting.png", shots_dir);
    sd_gui_test_spin (50);
    save_png (GTK_WIDGET (f->window), path);
  }
  wait_sync (f);
  shot (f, "15-demo-synced");
}

int
main (int   argc,
      char *argv[])
{
  const char *root = g_getenv ("SHOPDESK_BUILD_ROOT");
  g_autofree char *sim = root != NULL ? g_build_filename (root, "src", "sim", "shopdesk-sim", NULL) : NULL;

  /* The page finds the demo store's program here; syncs of a store connected by hand read
   * its keys from the environment, as no keyring runs under the tests. */
  if (sim != NULL)
    g_setenv ("SHOPDESK_SIM", sim, TRUE);
  g_setenv ("SHOPDESK_TAOBAO_APP_SECRET", APP_SECRET, TRUE);
  /* No session bus: no keyring that a connect would wake, whose prompt would take the
   * display's focus. The secrets are then not kept, as on a bare server. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_setenv ("SHOPDESK_TAOBAO_SESSION", SESSION_KEY, TRUE);
  shots_dir = g_getenv ("SHOPDESK_STORE_SHOTS");
  sd_gui_test_init (&argc, &argv);

#define ADD(path, func, sim_args) \
  g_test_add (path, Fixture, sim_args, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/store/not-connected", test_not_connected, NULL);
  ADD ("/gui/store/dialog/empty-url", test_empty_url, NULL);
  ADD ("/gui/store/dialog/test-connection", test_test_connection, NULL);
  ADD ("/gui/store/dialog/wrong-secret", test_wrong_secret, NULL);
  ADD ("/gui/store/connect", test_connect, NULL);
  ADD ("/gui/store/sync", test_sync, NULL);
  ADD ("/gui/store/cancel", test_cancel, slow_sim);
  ADD ("/gui/store/interval", test_interval, NULL);
  ADD ("/gui/store/disconnect", test_disconnect, NULL);
  ADD ("/gui/store/demo", test_demo, NULL);
  ADD ("/gui/store/close-during-sync", test_close_during_sync, slow_sim);
  ADD ("/gui/store/permissions", test_permissions, NULL);
  ADD ("/gui/store/screenshots", test_screenshots, NULL);
#undef ADD
  return g_test_run ();
}
