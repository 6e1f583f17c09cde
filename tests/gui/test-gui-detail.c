/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-customer-detail.h"
#include "sd-customer-tiers.h"
#include "sd-customer-row.h"
#include "sd-customers-page.h"
#include "sd-customers.h"
#include "sd-error.h"
#include "sd-gui-test-util.h"
#include "sd-merge-dialog.h"
#include "sd-test-util.h"
#include "sd-tier-pin-dialog.h"
#include "sd-tiers.h"
#include "sd-values.h"

/* Each test gets a shop of its own: they change it. */
#define N_CUSTOMERS 120

typedef struct
{
  char             *path;
  SdWindow         *window;
  SdSession        *session;
  SdCustomersPage  *page;
  GtkColumnView    *view;
  GListModel       *model;
  SdCustomerDetail *detail;
  gint64            id;         /* the customer opened */
} Fixture;

/* The fixture's widgets are WINDOW's. */
static void
attach_window (Fixture  *f,
               SdWindow *window)
{
  f->window = window;
  f->session = sd_window_get_session (f->window);
  f->page = SD_CUSTOMERS_PAGE (sd_window_get_customers_page (f->window));
  f->view = GTK_COLUMN_VIEW (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW, NULL));
  f->model = G_LIST_MODEL (gtk_column_view_get_model (f->view));
  f->detail =
    SD_CUSTOMER_DETAIL (sd_gui_test_find (GTK_WIDGET (f->page), SD_TYPE_CUSTOMER_DETAIL, NULL));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->path = sd_gui_test_make_demo (N_CUSTOMERS);
  attach_window (f, sd_gui_test_open_window (f->path));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_close_window (f->window);
  g_free (f->path);
}

static GtkWidget *
find (Fixture    *f,
      GType       type,
      const char *id)
{
  return sd_gui_test_get (f->detail, type, id);
}

static SdCustomer *
read_customer (Fixture *f,
               gint64   id)
{
  g_autoptr(GError) error = NULL;
  SdCustomer *c = sd_customers_get (f->session, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* A mapped label (or a row's title) anywhere under ROOT reading TEXT. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (gtk_widget_get_mapped (root) &&
      ((GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0) ||
       (ADW_IS_PREFERENCES_ROW (root) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), text) == 0)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* A mapped button under ROOT whose label is LABEL (with its mnemonic underline). */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} ShowsWait;

static gboolean
shows_wait (gpointer data)
{
  ShowsWait *wait = data;

  return shows_text (wait->root, wait->text);
}

static gboolean
wait_shows (GtkWidget  *root,
            const char *text)
{
  ShowsWait wait = { root, text };

  return sd_gui_test_wait_for (shows_wait, &wait, 5000);
}

static gboolean
orders_loaded (gpointer data)
{
  Fixture *f = data;
  GtkWidget *spinner =
    sd_gui_test_find (GTK_WIDGET (f->detail), GTK_TYPE_SPINNER, "orders_spinner");

  return !gtk_widget_get_visible (spinner);
}

static const char *
detail_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (find (f, GTK_TYPE_STACK, "stack")));
}

/* Opens the customer at POSITION the way a user does: activating the list's row. */
static void
open_row (Fixture *f,
          guint    position)
{
  GtkStack *page_stack =
    GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_STACK, "stack"));

  f->id = sd_gui_test_row_customer (f->model, position)->id;
  g_signal_emit_by_name (f->view, "activate", position);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack), ==, "detail");
  g_assert_cmpint (sd_customer_detail_get_customer_id (f->detail), ==, f->id);
  g_assert_true (sd_gui_test_wait_for (orders_loaded, f, 10000));
  sd_gui_test_spin (50);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
set_row_text (Fixture    *f,
              const char *row_id,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, row_id)), text);
}

static void
test_shows_customer (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SdCustomer) c = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autofree char *spent = NULL;
  g_autofree char *phone = NULL;
  AdwWindowTitle *title;
  GtkListBox *list;
  guint rows = 0;

  open_row (f, 3);
  c = read_customer (f, f->id);
  orders = sd_customers_get_orders (f->session, f->id, NULL);
  g_assert_cmpstr (detail_page (f), ==, "customer");

  title = ADW_WINDOW_TITLE (find (f, ADW_TYPE_WINDOW_TITLE, "title"));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, *c->name ? c->name : c->nick);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, "name_row"))),
                   ==, c->name);
  phone = sd_phone_format_display (c->phone);
  if (c->phone_state == SD_PHONE_VALID)
    g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, "phone_row"))), ==, phone);
  spent = sd_format_money_display (c->total_spent_cents);
  g_assert_true (shows_text (GTK_WIDGET (f->detail), spent));

  /* Every order, newest first, as expander rows. */
  list = GTK_LIST_BOX (find (f, GTK_TYPE_LIST_BOX, "orders_list"));
  for (GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 0); row != NULL;
       row = gtk_list_box_get_row_at_index (list, (int) ++rows))
    {
      const SdOrder *order = g_ptr_array_index (orders, rows);
      g_autofree char *title_text = g_strdup_printf ("Order %s", order->platform_order_id);
      g_assert_true (ADW_IS_EXPANDER_ROW (row));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title_text);
    }
  g_assert_cmpuint (rows, ==, MIN (orders->len, 50));
  g_assert_cmpuint (orders->len, >, 0);

  /* Nothing edited: nothing to save. */
  g_assert_false (gtk_widget_get_sensitive (find (f, GTK_TYPE_BUTTON, "save_button")));
}

static gint64
save_new_customer (Fixture    *f,
                   const char *nick,
                   const char *phone)
{
  g_autoptr(SdCustomer) c = sd_customer_new ();
  g_autoptr(GError) error = NULL;

  sd_customer_set_text (&c->nick, nick);
  sd_customer_set_text (&c->phone, phone);
  g_assert_true (sd_customers_save (f->session, c, NULL, &error));
  g_assert_no_error (error);
  return c->id;
}

static void
test_phone_states_and_no_orders (Fixture       *f,
                                 gconstpointer  data)
{
  gint64 masked = save_new_customer (f, "masked_buyer", "138****5678");
  gint64 invalid = save_new_customer (f, "invalid_buyer", "12345");
  GtkWidget *state = find (f, GTK_TYPE_LABEL, "phone_state_label");
  GtkListBox *orders = GTK_LIST_BOX (find (f, GTK_TYPE_LIST_BOX, "orders_list"));

  g_assert_true (sd_customer_detail_show (f->detail, masked));
  f->id = masked;
  g_assert_true (sd_gui_test_wait_for (orders_loaded, f, 10000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, "phone_row"))),
                   ==, "138****5678");
  g_assert_true (gtk_widget_get_visible (state));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (state)), ==, "Masked");
  /* A customer without orders says so, instead of an empty box. */
  g_assert_null (gtk_list_box_get_row_at_index (orders, 0));
  g_assert_cmpstr (
    gtk_label_get_label (GTK_LABEL (gtk_widget_get_first_child (GTK_WIDGET (orders)))), ==,
    "No orders yet. Import the sold-orders report from your store to see them here.");

  g_assert_true (sd_customer_detail_show (f->detail, invalid));
  g_assert_true (gtk_widget_get_visible (state));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (state)), ==, "Not a valid number");
  g_assert_true (gtk_widget_has_css_class (state, "warning"));
  /* Typing another number: the old state no longer applies. */
  set_row_text (f, "phone_row", "13812345678");
  g_assert_false (gtk_widget_get_visible (state));
}

static void
test_edit_refuses_invalid_then_saves (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(SdCustomer) before = NULL;
  GtkWidget *save = find (f, GTK_TYPE_BUTTON, "save_button");
  GtkWidget *email_row = find (f, ADW_TYPE_ENTRY_ROW, "email_row");
  GtkWidget *phone_row = find (f, ADW_TYPE_ENTRY_ROW, "phone_row");
  GtkLabel *profile_error = GTK_LABEL (find (f, GTK_TYPE_LABEL, "profile_error"));

  open_row (f, 0);
  before = read_customer (f, f->id);

  /* An email that is not one: marked at its row, said why, nothing written. */
  set_row_text (f, "email_row", "not-an-email");
  sd_gui_test_spin (20);
  click (save);
  sd_gui_test_spin (20);
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  g_assert_false (gtk_widget_has_css_class (phone_row, "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (profile_error)));
  g_assert_nonnull (strstr (gtk_label_get_label (profile_error), "email"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (email_row), ==,
                   gtk_label_get_label (profile_error));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, "not-an-email");
  {
    g_autoptr(SdCustomer) now = read_customer (f, f->id);
    g_assert_cmpstr (now->email, ==, before->email);
    g_assert_cmpint (now->updated_at, ==, before->updated_at);
  }

  /* Typing in the field takes the mark away. */
  set_row_text (f, "email_row", "buyer@example.com");
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (profile_error)));

  /* A mobile number that is not one. */
  set_row_text (f, "phone_row", "12345");
  click (save);
  sd_gui_test_spin (20);
  g_assert_true (gtk_widget_has_css_class (phone_row, "error"));
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (profile_error)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (phone_row)), ==, "12345");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, "buyer@example.com");
  {
    g_autoptr(SdCustomer) now = read_customer (f, f->id);
    g_assert_cmpstr (now->phone, ==, before->phone);
    g_assert_cmpstr (now->email, ==, before->email);
  }

  /* Right values: written, the toast says so, the list shows it. */
  set_row_text (f, "phone_row", "139 1234 5678");
  set_row_text (f, "name_row", "王小明");
  click (save);
  sd_gui_test_spin (20);
  g_assert_false (gtk_widget_has_css_class (phone_row, "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (profile_error)));
  {
    g_autoptr(SdCustomer) now = read_customer (f, f->id);
    g_assert_cmpstr (now->email, ==, "buyer@example.com");
    g_assert_cmpstr (now->phone, ==, "+8613912345678");
    g_assert_cmpint (now->phone_state, ==, SD_PHONE_VALID);
    g_assert_cmpstr (now->name, ==, "王小明");
  }
  g_assert_true (shows_text (GTK_WIDGET (f->window), "Saved"));
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (phone_row)), ==, "139 1234 5678");
  g_assert_cmpstr (sd_gui_test_row_customer (f->model, 0)->name, ==, "王小明");

  gtk_widget_activate_action (GTK_WIDGET (f->detail), "customer.back", NULL);
  g_assert_true (wait_shows (GTK_WIDGET (f->view), "王小明"));
}

static GtkListBoxRow *
note_row_titled (Fixture    *f,
                 const char *body)
{
  GtkListBox *list = GTK_LIST_BOX (find (f, GTK_TYPE_LIST_BOX, "notes_list"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), body) == 0)
      return row;
  return NULL;
}

static guint
count_notes (Fixture    *f,
             const char *body)
{
  g_autoptr(SdCustomer) c = read_customer (f, f->id);
  guint n = 0;

  for (guint i = 0; c->notes != NULL && i < c->notes->len; i++)
    n += g_strcmp0 (((SdNote *) g_ptr_array_index (c->notes, i))->body, body) == 0;
  return n;
}

static gboolean
undo_shown (gpointer data)
{
  return find_button (data, "_Undo") != NULL;
}

static gboolean
open_shown (gpointer data)
{
  return find_button (data, "_Open") != NULL;
}

static void
click_undo (Fixture *f)
{
  g_assert_true (sd_gui_test_wait_for (undo_shown, f->window, 5000));
  click (find_button (GTK_WIDGET (f->window), "_Undo"));
  sd_gui_test_spin (20);
}

static void
test_notes (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *entry = find (f, GTK_TYPE_ENTRY, "note_entry");
  GtkWidget *note_error = find (f, GTK_TYPE_LABEL, "note_error");
  GtkListBoxRow *row;
  GtkWidget *delete_button;
  gint64 written_at;

  open_row (f, 1);

  /* Empty: said at the entry, nothing written. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  click (find (f, GTK_TYPE_BUTTON, "add_note_button"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_true (gtk_widget_get_visible (note_error));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (note_error)), ==, "The note is empty.");

  /* Too long: the same, and the text stays for shortening. */
  {
    g_autofree char *huge = g_strnfill (2001, 'x');
    gtk_editable_set_text (GTK_EDITABLE (entry), huge);
    g_assert_false (gtk_widget_has_css_class (entry, "error"));
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (gtk_widget_has_css_class (entry, "error"));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, huge);
    g_assert_cmpuint (count_notes (f, huge), ==, 0);
  }

  gtk_editable_set_text (GTK_EDITABLE (entry), "想要蓝色包装，周末送货");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_false (gtk_widget_get_visible (note_error));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (count_notes (f, "想要蓝色包装，周末送货"), ==, 1);
  /* Listed first: the newest note leads. */
  row = note_row_titled (f, "想要蓝色包装，周末送货");
  g_assert_nonnull (row);
  g_assert_cmpint (gtk_list_box_row_get_index (row), ==, 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "just now"));
  {
    g_autoptr(SdCustomer) c = read_customer (f, f->id);
    written_at = ((SdNote *) g_ptr_array_index (c->notes, c->notes->len - 1))->created_at;
  }

  /* Deleted, then undone: the same note at the same time. */
  delete_button = sd_gui_test_find (GTK_WIDGET (row), GTK_TYPE_BUTTON, NULL);
  while (delete_button != NULL &&
         g_strcmp0 (gtk_widget_get_tooltip_text (delete_button), "Delete the Note") != 0)
    delete_button = gtk_widget_get_next_sibling (delete_button);
  g_assert_nonnull (delete_button);
  click (delete_button);
  g_assert_null (note_row_titled (f, "想要蓝色包装，周末送货"));
  g_assert_cmpuint (count_notes (f, "想要蓝色包装，周末送货"), ==, 0);
  click_undo (f);
  g_assert_nonnull (note_row_titled (f, "想要蓝色包装，周末送货"));
  g_assert_cmpuint (count_notes (f, "想要蓝色包装，周末送货"), ==, 1);
  {
    g_autoptr(SdCustomer) c = read_customer (f, f->id);
    g_assert_cmpint (((SdNote *) g_ptr_array_index (c->notes, c->notes->len - 1))->created_at, ==,
                     written_at);
  }
}

static GtkWidget *
tag_remove_button (Fixture    *f,
                   const char *tag)
{
  g_autofree char *tooltip = g_strdup_printf ("Remove the Tag “%s”", tag);
  GtkWidget *box = find (f, GTK_TYPE_BOX, "tags_box");

  for (GtkWidget *chip = gtk_widget_get_first_child (box); chip;
       chip = gtk_widget_get_next_sibling (chip))
    {
      GtkWidget *button = gtk_widget_get_last_child (chip);
      if (g_strcmp0 (gtk_widget_get_tooltip_text (button), tooltip) == 0)
        return button;
    }
  return NULL;
}

static gboolean
has_tag (Fixture    *f,
         const char *tag)
{
  g_autoptr(SdCustomer) c = read_customer (f, f->id);

  for (guint i = 0; i < c->tags->len; i++)
    if (g_strcmp0 (g_ptr_array_index (c->tags, i), tag) == 0)
      return TRUE;
  return FALSE;
}

static void
test_tags (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *entry = find (f, GTK_TYPE_ENTRY, "tag_entry");
  GtkWidget *tag_error = find (f, GTK_TYPE_LABEL, "tag_error");
  GtkEntryCompletion *completion = gtk_entry_get_completion (GTK_ENTRY (entry));
  GtkTreeModel *offered = gtk_entry_completion_get_model (completion);
  g_autoptr(GError) error = NULL;
  gint64 other_id;
  GtkTreeIter iter;
  gboolean offers = FALSE;

  /* A tag another customer has is offered while typing. */
  open_row (f, 2);
  other_id = sd_gui_test_row_customer (f->model, 5)->id;
  g_assert_true (sd_customers_add_tag (f->session, other_id, "回头客", &error));
  g_assert_no_error (error);
  open_row (f, 2);
  gtk_widget_grab_focus (entry);
  for (gboolean ok = gtk_tree_model_get_iter_first (offered, &iter); ok;
       ok = gtk_tree_model_iter_next (offered, &iter))
    {
      g_autofree char *tag = NULL;
      gtk_tree_model_get (offered, &iter, 0, &tag, -1);
      offers |= g_strcmp0 (tag, "回头客") == 0;
    }
  g_assert_true (offers);

  /* Refused at the entry, with the reason. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "VIP,老客户");
  click (find (f, GTK_TYPE_BUTTON, "add_tag_button"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_true (gtk_widget_get_visible (tag_error));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (tag_error)), "“,”"));
  g_assert_false (has_tag (f, "VIP,老客户"));
  {
    g_autofree char *long_tag = g_strnfill (33, 't');
    gtk_editable_set_text (GTK_EDITABLE (entry), long_tag);
    g_assert_false (gtk_widget_get_visible (tag_error));
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (gtk_widget_get_visible (tag_error));
    g_assert_false (has_tag (f, long_tag));
  }

  gtk_editable_set_text (GTK_EDITABLE (entry), "回头客");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_get_visible (tag_error));
  g_assert_true (has_tag (f, "回头客"));
  g_assert_nonnull (tag_remove_button (f, "回头客"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* Twice is said, not done silently. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "回头客");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (gtk_widget_get_visible (tag_error));

  /* Removed, then undone. */
  click (tag_remove_button (f, "回头客"));
  g_assert_false (has_tag (f, "回头客"));
  g_assert_null (tag_remove_button (f, "回头客"));
  click_undo (f);
  g_assert_true (has_tag (f, "回头客"));
  g_assert_nonnull (tag_remove_button (f, "回头客"));
}

static gboolean
message_dialog_shown (gpointer data)
{
  return sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_sms_opt_out (Fixture       *f,
                  gconstpointer  data)
{
  GtkSwitch *toggle;
  AdwActionRow *row;
  AdwMessageDialog *dialog;

  open_row (f, 4);
  toggle = GTK_SWITCH (find (f, GTK_TYPE_SWITCH, "sms_switch"));
  row = ADW_ACTION_ROW (find (f, ADW_TYPE_ACTION_ROW, "sms_row"));
  g_assert_false (gtk_switch_get_active (toggle));

  /* Asked why; cancelling leaves everything as it was. */
  gtk_switch_set_active (toggle, TRUE);
  g_assert_true (sd_gui_test_wait_for (message_dialog_shown, NULL, 5000));
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "cancel");
  sd_gui_test_spin (20);
  g_assert_false (gtk_switch_get_active (toggle));
  {
    g_autoptr(SdCustomer) c = read_customer (f, f->id);
    g_assert_cmpint (c->sms_opt_out_at, ==, 0);
  }

  gtk_switch_set_active (toggle, TRUE);
  g_assert_true (sd_gui_test_wait_for (message_dialog_shown, NULL, 5000));
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "电话里说不要短信");
  adw_message_dialog_response (dialog, "opt-out");
  sd_gui_test_spin (20);
  {
    g_autoptr(SdCustomer) c = read_customer (f, f->id);
    g_assert_cmpint (c->sms_opt_out_at, >, 0);
    g_assert_cmpstr (c->sms_opt_out_reason, ==, "电话里说不要短信");
  }
  g_assert_true (gtk_switch_get_active (toggle));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "电话里说不要短信"));

  gtk_switch_set_active (toggle, FALSE);
  sd_gui_test_spin (20);
  {
    g_autoptr(SdCustomer) c = read_customer (f, f->id);
    g_assert_cmpint (c->sms_opt_out_at, ==, 0);
  }
  g_assert_null (strstr (adw_action_row_get_subtitle (row), "电话里说不要短信"));
}

static gboolean
merge_dialog_shown (gpointer data)
{
  return sd_gui_test_find_toplevel (SD_TYPE_MERGE_DIALOG) != NULL;
}

static gboolean
merge_dialog_gone (gpointer data)
{
  return sd_gui_test_find_toplevel (SD_TYPE_MERGE_DIALOG) == NULL;
}

typedef struct
{
  GtkListBox *list;
  const char *title;
} RowWait;

static GtkListBoxRow *
row_titled (GtkListBox *list,
            const char *title)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return row;
  return NULL;
}

static gboolean
row_listed (gpointer data)
{
  RowWait *wait = data;

  return row_titled (wait->list, wait->title) != NULL;
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SdCustomer) keep = NULL;
  g_autoptr(SdCustomer) other = NULL;
  g_autoptr(GPtrArray) keep_orders = NULL;
  g_autoptr(GPtrArray) other_orders = NULL;
  g_autoptr(GPtrArray) merged_orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) gone = NULL;
  GtkWindow *dialog;
  GtkSearchEntry *search;
  GtkListBox *results;
  GtkStack *stack;
  GtkLabel *summary;
  RowWait wait;
  gint64 total_before = sd_customers_page_get_total (f->page);

  open_row (f, 6);
  keep = read_customer (f, f->id);
  other = read_customer (f, sd_gui_test_row_customer (f->model, 9)->id);
  g_assert_true (sd_customers_add_note (f->session, other->id, "另一个账号的备注", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sd_customers_add_tag (f->session, other->id, "合并测试", &error));
  g_assert_no_error (error);
  keep_orders = sd_customers_get_orders (f->session, keep->id, NULL);
  other_orders = sd_customers_get_orders (f->session, other->id, NULL);
  g_assert_cmpuint (other_orders->len, >, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->detail), "detail.merge", NULL);
  g_assert_true (sd_gui_test_wait_for (merge_dialog_shown, NULL, 5000));
  dialog = sd_gui_test_find_toplevel (SD_TYPE_MERGE_DIALOG);
  search = GTK_SEARCH_ENTRY (
    sd_gui_test_find (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY, "search_entry"));
  results =
    GTK_LIST_BOX (sd_gui_test_find (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX, "results_list"));
  stack = GTK_STACK (sd_gui_test_find (GTK_WIDGET (dialog), GTK_TYPE_STACK, "stack"));

  /* Searching for the one being merged does not offer it: it cannot merge with itself. */
  gtk_editable_set_text (GTK_EDITABLE (search), other->nick);
  wait.list = results;
  wait.title = *other->name ? other->name : other->nick;
  g_assert_true (sd_gui_test_wait_for (row_listed, &wait, 5000));
  for (GtkListBoxRow *row = gtk_list_box_get_row_at_index (results, 0); row != NULL;
       row = gtk_list_box_get_row_at_index (results, gtk_list_box_row_get_index (row) + 1))
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), !=,
                     *keep->name ? keep->name : keep->nick);

  g_signal_emit_by_name (results, "row-activated", row_titled (results, wait.title));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "preview");
  summary = GTK_LABEL (sd_gui_test_find (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "summary_label"));
  {
    g_autofree char *orders = g_strdup_printf ("%u order", other_orders->len);
    g_autofree char *removed = g_strdup_printf ("“%s” is removed", wait.title);
    g_assert_nonnull (strstr (gtk_label_get_label (summary), orders));
    g_assert_nonnull (strstr (gtk_label_get_label (summary), "1 note"));
    g_assert_nonnull (strstr (gtk_label_get_label (summary), "1 tag"));
    g_assert_nonnull (strstr (gtk_label_get_label (summary), removed));
  }
  /* The merged figures sit beside the two originals. */
  {
    g_autoptr(SdCustomer) preview =
                 sd_customers_preview_merge (f->session, keep->id, other->id, NULL);
    g_autofree char *spent = sd_format_money_display (preview->total_spent_cents);
    g_assert_true (shows_text (GTK_WIDGET (dialog), spent));
  }

  click (sd_gui_test_find (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "merge_button"));
  g_assert_true (sd_gui_test_wait_for (merge_dialog_gone, NULL, 5000));

  gone = sd_customers_get (f->session, other->id, &error);
  g_assert_null (gone);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  merged_orders = sd_customers_get_orders (f->session, keep->id, NULL);
  g_assert_cmpuint (merged_orders->len, ==, keep_orders->len + other_orders->len);

  /* The page shows the kept customer, with what came over. */
  g_assert_cmpint (sd_customer_detail_get_customer_id (f->detail), ==, keep->id);
  g_assert_cmpstr (detail_page (f), ==, "customer");
  g_assert_true (sd_gui_test_wait_for (orders_loaded, f, 5000));
  g_assert_nonnull (note_row_titled (f, "另一个账号的备注"));
  g_assert_nonnull (tag_remove_button (f, "合并测试"));
  g_assert_cmpint (sd_customers_page_get_total (f->page), ==, total_before - 1);
}

static void
test_customer_gone (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 keep_id;

  g_assert_false (sd_customer_detail_show (f->detail, 987654));
  g_assert_cmpstr (detail_page (f), ==, "gone");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (
                     gtk_stack_get_visible_child (GTK_STACK (find (f, GTK_TYPE_STACK, "stack"))))),
                   ==, "This Customer No Longer Exists");
  g_assert_false (gtk_widget_get_visible (find (f, GTK_TYPE_BUTTON, "save_button")));

  /* Merged away from another desktop while shown: the next change finds it gone. */
  open_row (f, 7);
  keep_id = sd_gui_test_row_customer (f->model, 8)->id;
  g_assert_true (sd_customers_merge (f->session, keep_id, f->id, &error));
  g_assert_no_error (error);
  gtk_editable_set_text (GTK_EDITABLE (find (f, GTK_TYPE_ENTRY, "note_entry")), "还在吗");
  click (find (f, GTK_TYPE_BUTTON, "add_note_button"));
  g_assert_cmpstr (detail_page (f), ==, "gone");
}

static void
test_unsaved_edits_kept (Fixture       *f,
                         gconstpointer  data)
{
  GtkStack *page_stack =
    GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_STACK, "stack"));
  g_autoptr(SdCustomer) before = NULL;

  open_row (f, 10);
  before = read_customer (f, f->id);
  set_row_text (f, "city_row", "苏州市");
  g_assert_true (gtk_widget_get_sensitive (find (f, GTK_TYPE_BUTTON, "save_button")));
  /* A merge would reload the page under the edits: not offered until they are saved. */
  gtk_widget_activate_action (GTK_WIDGET (f->detail), "detail.merge", NULL);
  sd_gui_test_spin (50);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_MERGE_DIALOG));

  /* Leaving says the edits are not saved; opening another customer does not lose them. */
  gtk_widget_activate_action (GTK_WIDGET (f->detail), "customer.back", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack), ==, "list");
  open_row (f, 11);
  g_assert_true (sd_gui_test_wait_for (open_shown, f->window, 5000));
  click (find_button (GTK_WIDGET (f->window), "_Open"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack), ==, "detail");
  g_assert_cmpint (sd_customer_detail_get_customer_id (f->detail), ==, before->id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, "city_row"))),
                   ==, "苏州市");
  click (find (f, GTK_TYPE_BUTTON, "save_button"));
  {
    g_autoptr(SdCustomer) now = read_customer (f, before->id);
    g_assert_cmpstr (now->city, ==, "苏州市");
  }

  /* Cancel puts the saved values back. */
  set_row_text (f, "city_row", "杭州市");
  click (find (f, GTK_TYPE_BUTTON, "revert_button"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, "city_row"))),
                   ==, "苏州市");
  g_assert_false (gtk_widget_get_sensitive (find (f, GTK_TYPE_BUTTON, "save_button")));
}

/* ---- tiers ---- */

static SdCustomerTier *
tier_of (Fixture *f,
         gint64   id)
{
  g_autoptr(GError) error = NULL;
  SdCustomerTier *tier = sd_tiers_get_customer (f->session, id, &error);

  g_assert_no_error (error);
  return tier;
}

static GPtrArray *
history_of (Fixture *f,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *history = sd_tiers_list_history (f->session, id, &error);

  g_assert_no_error (error);
  return history;
}

static SdTierLadder *
ladder_of (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SdTierLadder *ladder = sd_tiers_get_ladder (f->session, &error);

  g_assert_no_error (error);
  return ladder;
}

/* The timeline's rows, newest first: the expander's action rows. */
static GPtrArray *
timeline_rows (Fixture *f)
{
  GtkWidget *expander = find (f, ADW_TYPE_EXPANDER_ROW, "history_row");
  /* The expander's header is a list of its own; its rows are in the list it reveals. */
  GtkWidget *revealer = sd_gui_test_find (expander, GTK_TYPE_REVEALER, NULL);
  GtkWidget *list = sd_gui_test_find (revealer, GTK_TYPE_LIST_BOX, NULL);
  GPtrArray *rows = g_ptr_array_new ();
  GtkListBoxRow *row;

  g_assert_nonnull (list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)) != NULL; i++)
    g_ptr_array_add (rows, row);
  return rows;
}

static const char *
row_title (GPtrArray *rows,
           guint      i)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (g_ptr_array_index (rows, i)));
}

static const char *
row_subtitle (GPtrArray *rows,
              guint      i)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (g_ptr_array_index (rows, i)));
}

/* The badges say what the core says about the customer opened. */
static void
assert_badges (Fixture *f)
{
  g_autoptr(SdCustomerTier) tier = tier_of (f, f->id);
  g_autoptr(SdTierLadder) ladder = ladder_of (f);
  GtkLabel *badge = GTK_LABEL (find (f, GTK_TYPE_LABEL, "tier_badge"));
  GtkWidget *pinned = find (f, GTK_TYPE_BOX, "pinned_badge");
  g_autofree char *scores = g_strdup_printf ("R%d F%d M%d", tier->rfm_r, tier->rfm_f, tier->rfm_m);

  g_assert_cmpint (tier->tier, >=, 0);
  g_assert_cmpstr (gtk_label_get_label (badge), ==, sd_tier_ladder_get_name (ladder, tier->tier));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (badge)));
  g_assert_cmpint (gtk_widget_get_visible (pinned), ==, tier->pinned);
  if (tier->pinned)
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (pinned), tier->pin_reason));
  if (tier->rfm_group == SD_RFM_GROUP_NONE)
    {
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (f, GTK_TYPE_LABEL, "rfm_label"))), ==, "Not scored");
      g_assert_false (gtk_widget_get_visible (find (f, GTK_TYPE_LABEL, "rfm_scores")));
      return;
    }
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (f, GTK_TYPE_LABEL, "rfm_label"))), ==,
                   sd_rfm_group_get_label (tier->rfm_group));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (f, GTK_TYPE_LABEL, "rfm_scores"))), ==, scores);
}

/* The timeline holds every entry of the history, newest first. */
static void
assert_timeline (Fixture *f)
{
  g_autoptr(GPtrArray) history = history_of (f, f->id);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(SdTierLadder) ladder = ladder_of (f);
  g_autoptr(GPtrArray) rules = sd_tiers_list_rules (f->session, NULL);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find (f, ADW_TYPE_EXPANDER_ROW, "history_row")), TRUE);
  sd_gui_test_spin (50);
  rows = timeline_rows (f);
  g_assert_cmpuint (rows->len, ==, history->len);
  for (guint i = 0; i < history->len; i++)
    {
      const SdTierChange *change = g_ptr_array_index (history, i);
      g_autofree char *title = sd_customer_tiers_describe_change (ladder, rules, change, NULL);

      g_assert_cmpstr (row_title (rows, i), ==, title);
      g_assert_true (g_str_has_prefix (row_subtitle (rows, i), sd_tier_cause_get_label (change->cause)));
    }
}

/* Says RESPONSE to DIALOG and closes it, as its button does. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (sd_gui_test_wait_no_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  sd_gui_test_spin (50);
}

/* Another desktop saves the customer open here while the user types: fields only one side
 * changed are combined; the same field changed by both brings up both versions, and the user
 * chooses; nothing is overwritten without the user seeing it. */
static void
test_edit_conflict (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SdSession) other = sd_test_login_owner (f->path);
  g_autoptr(GError) error = NULL;
  GtkWidget *save = find (f, GTK_TYPE_BUTTON, "save_button");
  GtkWidget *name_row = find (f, ADW_TYPE_ENTRY_ROW, "name_row");
  AdwMessageDialog *dialog;

  open_row (f, 0);

  /* They change the city, the user the name: both kept, and the toast says so. */
  {
    g_autoptr(SdCustomer) theirs = read_customer (f, f->id);
    g_autoptr(SdCustomer) now = NULL;

    sd_customer_set_text (&theirs->city, "绍兴市");
    g_assert_true (sd_customers_save (other, theirs, NULL, &error));
    g_assert_no_error (error);
    set_row_text (f, "name_row", "周一");
    click (save);
    sd_gui_test_spin (20);
    g_assert_null (sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    now = read_customer (f, f->id);
    g_assert_cmpstr (now->name, ==, "周一");
    g_assert_cmpstr (now->city, ==, "绍兴市");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, "city_row"))), ==, "绍兴市");
  }

  /* Both change the name: asked, with both values shown; "Use Theirs" puts theirs in the
   * field and writes nothing. */
  {
    g_autoptr(SdCustomer) theirs = read_customer (f, f->id);
    g_autoptr(SdCustomer) now = NULL;

    sd_customer_set_text (&theirs->name, "周二");
    g_assert_true (sd_customers_save (other, theirs, NULL, &error));
    g_assert_no_error (error);
    set_row_text (f, "name_row", "周三");
    click (save);
    dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_true (shows_text (GTK_WIDGET (dialog), "周二"));
    g_assert_true (shows_text (GTK_WIDGET (dialog), "周三"));
    g_assert_true (shows_text (GTK_WIDGET (dialog), _("Name")));
    now = read_customer (f, f->id);
    g_assert_cmpstr (now->name, ==, "周二");
    respond (dialog, "use-theirs");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "周二");
    g_assert_false (gtk_widget_is_sensitive (save));
  }

  /* Again, and this time "Save Mine": written over theirs, knowingly. */
  {
    g_autoptr(SdCustomer) theirs = read_customer (f, f->id);
    g_autoptr(SdCustomer) now = NULL;

    sd_customer_set_text (&theirs->name, "周四");
    g_assert_true (sd_customers_save (other, theirs, NULL, &error));
    g_assert_no_error (error);
    set_row_text (f, "name_row", "周五");
    click (save);
    dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    respond (dialog, "save-mine");
    now = read_customer (f, f->id);
    g_assert_cmpstr (now->name, ==, "周五");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "周五");
  }
}

static void
test_tier_badge_and_history (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) history = NULL;

  /* A customer with orders: scored. */
  for (guint i = 0; i < g_list_model_get_n_items (f->model); i++)
    if (sd_gui_test_row_customer (f->model, i)->rfm_group != SD_RFM_GROUP_NONE)
      {
        open_row (f, i);
        break;
      }
  {
    g_autoptr(SdCustomerTier) tier = tier_of (f, f->id);
    g_assert_cmpint (tier->rfm_group, !=, SD_RFM_GROUP_NONE);
  }
  history = history_of (f, f->id);
  /* The demo shop computed everyone's tier once. */
  g_assert_cmpuint (history->len, >=, 1);
  assert_badges (f);
  assert_timeline (f);
  g_assert_cmpstr (row_title (timeline_rows (f), 0), !=, "");

  /* A customer never computed: said so, with an empty timeline. */
  f->id = save_new_customer (f, "tb_new_buyer", "");
  g_assert_true (sd_customer_detail_show (f->detail, f->id));
  {
    g_autoptr(GPtrArray) none = history_of (f, f->id);
    g_autoptr(SdCustomerTier) tier = tier_of (f, f->id);
    AdwExpanderRow *row = ADW_EXPANDER_ROW (find (f, ADW_TYPE_EXPANDER_ROW, "history_row"));

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpint (tier->tier, ==, SD_TIER_NONE);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (f, GTK_TYPE_LABEL, "tier_badge"))), ==, "Not computed");
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (f, GTK_TYPE_LABEL, "rfm_label"))), ==, "Not scored");
    g_assert_nonnull (strstr (adw_expander_row_get_subtitle (row), "No tier changes yet"));
    g_assert_false (adw_expander_row_get_enable_expansion (row));
  }
}

static void
test_custom_tier (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GtkLabel *badge;

  g_assert_cmpint (sd_tiers_add_rule (f->session, "高价值客户", 1, "order_count >= 1", &error), >, 0);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (f->model); i++)
    if (sd_gui_test_row_customer (f->model, i)->order_count > 0)
      {
        open_row (f, i);
        break;
      }
  badge = GTK_LABEL (find (f, GTK_TYPE_LABEL, "custom_badge"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (badge)));
  g_assert_cmpstr (gtk_label_get_label (badge), ==, "高价值客户");
  /* The change is in the timeline, by the rule's name. */
  assert_timeline (f);
  rows = timeline_rows (f);
  g_assert_cmpstr (row_title (rows, 0), ==, "Custom tier: none → 高价值客户");
  g_assert_true (g_str_has_prefix (row_subtitle (rows, 0), "Tier rules changed"));
}

static void
test_pin_tier (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdCustomerTier) before = NULL;
  g_autoptr(SdCustomerTier) after = NULL;
  g_autoptr(SdTierLadder) ladder = ladder_of (f);
  g_autoptr(GPtrArray) history_before = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *expected = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *extra;
  int grade;

  open_row (f, 5);
  before = tier_of (f, f->id);
  history_before = history_of (f, f->id);
  g_assert_false (before->pinned);
  g_assert_false (gtk_widget_get_visible (find (f, GTK_TYPE_BUTTON, "unpin_button")));
  grade = (before->tier + 2) % SD_TIER_N_GRADES;

  click (find (f, GTK_TYPE_BUTTON, "pin_button"));
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (SD_TYPE_TIER_PIN_DIALOG));
  extra = adw_message_dialog_get_extra_child (dialog);
  /* The grade held is chosen first; a reason is required. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (sd_gui_test_find (extra, ADW_TYPE_COMBO_ROW, NULL))), ==,
                    before->tier);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "pin"));
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_find (extra, ADW_TYPE_ENTRY_ROW, NULL)), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "pin"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (sd_gui_test_find (extra, ADW_TYPE_COMBO_ROW, NULL)), grade);
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_find (extra, ADW_TYPE_ENTRY_ROW, NULL)), "批发客户，老板交代");
  respond (dialog, "pin");

  /* Saved as asked, with the reason. */
  after = tier_of (f, f->id);
  g_assert_true (after->pinned);
  g_assert_cmpint (after->tier, ==, grade);
  g_assert_cmpstr (after->pin_reason, ==, "批发客户，老板交代");
  /* The badge, the pin and the timeline show it at once. */
  assert_badges (f);
  g_assert_true (gtk_widget_get_visible (find (f, GTK_TYPE_BOX, "pinned_badge")));
  g_assert_true (gtk_widget_get_visible (find (f, GTK_TYPE_BUTTON, "unpin_button")));
  assert_timeline (f);
  rows = timeline_rows (f);
  g_assert_cmpuint (rows->len, ==, history_before->len + 1);
  expected = g_strdup_printf ("%s → %s", sd_tier_ladder_get_name (ladder, before->tier),
                              sd_tier_ladder_get_name (ladder, grade));
  g_assert_cmpstr (row_title (rows, 0), ==, expected);
  g_assert_cmpstr (row_subtitle (rows, 0), ==, "Pinned by hand · 批发客户，老板交代");
  /* The list's row too. */
  g_assert_cmpint (sd_gui_test_row_customer (f->model, 5)->id, ==, f->id);
  g_assert_cmpint (sd_gui_test_row_customer (f->model, 5)->tier, ==, grade);
  g_assert_true (sd_gui_test_row_customer (f->model, 5)->tier_pinned);
}

static void
test_unpin_tier (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomerTier) computed = NULL;
  g_autoptr(SdCustomerTier) after = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  AdwMessageDialog *dialog;
  gint64 id = sd_gui_test_row_customer (f->model, 7)->id;

  computed = tier_of (f, id);
  g_assert_true (sd_tiers_pin (f->session, id, (computed->tier + 1) % SD_TIER_N_GRADES, "试用", &error));
  g_assert_no_error (error);
  open_row (f, 7);
  assert_badges (f);

  /* Asked first; cancelling keeps the pin. */
  click (find (f, GTK_TYPE_BUTTON, "unpin_button"));
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  respond (dialog, "cancel");
  after = tier_of (f, id);
  g_assert_true (after->pinned);
  g_clear_pointer (&after, sd_customer_tier_free);

  click (find (f, GTK_TYPE_BUTTON, "unpin_button"));
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  respond (dialog, "unpin");
  after = tier_of (f, id);
  g_assert_false (after->pinned);
  g_assert_cmpint (after->tier, ==, computed->tier);
  assert_badges (f);
  g_assert_false (gtk_widget_get_visible (find (f, GTK_TYPE_BUTTON, "unpin_button")));
  assert_timeline (f);
  rows = timeline_rows (f);
  g_assert_true (g_str_has_prefix (row_subtitle (rows, 0), "Pin removed"));
  g_assert_false (sd_gui_test_row_customer (f->model, 7)->tier_pinned);
}

static void
test_no_pin_without_permission (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SdSession) owner = sd_test_login_owner (f->path);
  g_autoptr(SdSession) clerk = sd_test_staff_session (owner, "小李", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  g_autoptr(GError) error = NULL;
  gint64 id = sd_gui_test_row_customer (f->model, 1)->id;

  g_assert_true (sd_tiers_pin (owner, id, 4, "大客户", &error));
  g_assert_no_error (error);
  sd_gui_test_close_window (f->window);
  attach_window (f, sd_gui_test_open_window_as (f->path, "小李", SD_TEST_PASSWORD));
  g_assert_false (sd_session_can (f->session, SD_PERMISSION_MANAGE_TIERS));

  open_row (f, 1);
  g_assert_cmpint (f->id, ==, id);
  /* What the tier is, and why, is readable; changing it is not offered. */
  assert_badges (f);
  assert_timeline (f);
  g_assert_false (gtk_widget_get_visible (find (f, GTK_TYPE_BUTTON, "pin_button")));
  g_assert_false (gtk_widget_get_visible (find (f, GTK_TYPE_BUTTON, "unpin_button")));
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);

#define DETAIL_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  DETAIL_TEST ("/gui/detail/shows-customer", test_shows_customer);
  DETAIL_TEST ("/gui/detail/phone-states-and-no-orders", test_phone_states_and_no_orders);
  DETAIL_TEST ("/gui/detail/edit-refuses-invalid-then-saves", test_edit_refuses_invalid_then_saves);
  DETAIL_TEST ("/gui/detail/edit-conflict", test_edit_conflict);
  DETAIL_TEST ("/gui/detail/notes", test_notes);
  DETAIL_TEST ("/gui/detail/tags", test_tags);
  DETAIL_TEST ("/gui/detail/sms-opt-out", test_sms_opt_out);
  DETAIL_TEST ("/gui/detail/merge", test_merge);
  DETAIL_TEST ("/gui/detail/customer-gone", test_customer_gone);
  DETAIL_TEST ("/gui/detail/unsaved-edits-kept", test_unsaved_edits_kept);
  DETAIL_TEST ("/gui/detail/tier-badge-and-history", test_tier_badge_and_history);
  DETAIL_TEST ("/gui/detail/custom-tier", test_custom_tier);
  DETAIL_TEST ("/gui/detail/pin-tier", test_pin_tier);
  DETAIL_TEST ("/gui/detail/unpin-tier", test_unpin_tier);
  DETAIL_TEST ("/gui/detail/no-pin-without-permission", test_no_pin_without_permission);
#undef DETAIL_TEST

  return g_test_run ();
}
