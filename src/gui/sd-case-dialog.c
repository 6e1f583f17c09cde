/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-case-dialog"

#include <glib/gi18n.h>

#include "sd-agents.h"
#include "sd-case-dialog.h"
#include "sd-case-format.h"
#include "sd-cases.h"
#include "sd-combo-ids.h"
#include "sd-customers.h"
#include "sd-format.h"
#include "sd-message.h"
#include "sd-permission-ui.h"
#include "sd-values.h"

#define SEARCH_LIMIT 8

struct _SdCaseDialog
{
  AdwWindow            parent_instance;

  SdSession           *session;
  gint64               customer_id;      /* 0: not chosen yet */
  gint64               conversation_id;
  gboolean             customer_fixed;   /* given by the caller: no search */
  GArray              *order_ids;        /* gint64, in order_row's order; 0: none */
  GArray              *handler_ids;      /* gint64, in handler_row's order; 0: nobody */
  GArray              *result_ids;       /* gint64, in customer_results' order */
  int                  hours[SD_CASE_TYPE_N];
  gboolean             hours_known;

  GtkButton           *change_customer_button;
  GtkLabel            *customer_error;
  GtkListBox          *customer_results;
  AdwActionRow        *customer_row;
  GtkSearchEntry      *customer_search;
  GtkWidget           *customer_search_box;
  AdwActionRow        *deadline_row;
  AdwComboRow         *handler_row;
  AdwPreferencesGroup *message_group;
  GtkLabel            *message_label;
  GtkTextView         *note_view;
  GtkButton           *open_button;
  AdwComboRow         *order_row;
  GtkLabel            *title_error;
  AdwEntryRow         *title_row;
  AdwComboRow         *type_row;
};

G_DEFINE_FINAL_TYPE (SdCaseDialog, sd_case_dialog, ADW_TYPE_WINDOW)

enum {
  CASE_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---- */

/* LABEL under a field says TEXT in the error style, or goes away for NULL; the field
 * FIELD (may be NULL) is marked alike. */
static void
show_field_error (GtkLabel   *label,
                  GtkWidget  *field,
                  const char *text)
{
  if (text != NULL)
    sd_message_set_label (label, text, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  if (field == NULL)
    return;
  if (text != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
}

static void
show_message (SdCaseDialog *self,
              const char   *text)
{
  sd_message_show_in_group (self->message_group, self->message_label, text, TRUE);
}

static const char *
customer_title (const SdCustomer *customer)
{
  if (customer->name != NULL && *customer->name)
    return customer->name;
  return customer->nick;
}

static void
fill_types (SdCaseDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (int t = 0; t < SD_CASE_TYPE_N; t++)
    gtk_string_list_append (names, sd_case_type_describe ((SdCaseType) t));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (names));
}

static void
fill_orders (SdCaseDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  gint64 none = 0;

  g_array_set_size (self->order_ids, 0);
  gtk_string_list_append (names, _("No order"));
  g_array_append_val (self->order_ids, none);
  if (self->customer_id != 0)
    {
      orders = sd_customers_get_orders (self->session, self->customer_id, &error);
      if (orders == NULL)
        show_message (self, error->message);
    }
  /* The store hands them out newest first, as people look for the order in question. */
  for (guint i = 0; orders != NULL && i < orders->len; i++)
    {
      const SdOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *date = sd_format_date (order->created_at);
      g_autofree char *amount = sd_format_money (order->amount_cents);
      g_autofree char *label = g_strdup_printf ("%s · %s · %s · %s", order->platform_order_id, date, amount,
                                                sd_order_status_describe (order->status));

      gtk_string_list_append (names, label);
      g_array_append_val (self->order_ids, order->id);
    }
  adw_combo_row_set_model (self->order_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->order_row, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->order_row), self->order_ids->len > 1);
}

static void
update_deadline (SdCaseDialog *self)
{
  guint type = adw_combo_row_get_selected (self->type_row);
  gint64 now = sd_db_now (sd_session_get_db (self->session));
  g_autofree char *due = NULL;
  g_autofree char *at = NULL;
  g_autofree char *text = NULL;

  if (!self->hours_known || type >= SD_CASE_TYPE_N)
    {
      adw_action_row_set_subtitle (self->deadline_row, "—");
      return;
    }
  due = sd_case_format_due (now + (gint64) self->hours[type] * 3600, now, FALSE);
  at = sd_format_datetime (now + (gint64) self->hours[type] * 3600);
  /* TRANSLATORS: "in 24 h (2026-11-24 18:40), the deadline for complaints" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s): %d hour for this type",
                                       "%s (%s): %d hours for this type", (gulong) self->hours[type]),
                          due, at, self->hours[type]);
  adw_action_row_set_subtitle (self->deadline_row, text);
}

static gboolean
check_title (SdCaseDialog *self,
             gboolean      empty_is_error)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  const char *problem = NULL;
  g_autofree char *too_long = NULL;

  if (*title == '\0' && empty_is_error)
    problem = _("Give the case a title: say in a few words what the buyer needs.");
  else if (g_utf8_strlen (title, -1) > SD_CASE_TITLE_MAX_CHARS)
    problem = too_long = g_strdup_printf (_("The title is longer than %d characters: shorten it."),
                                          SD_CASE_TITLE_MAX_CHARS);
  show_field_error (self->title_error, GTK_WIDGET (self->title_row), problem);
  return problem == NULL && *title != '\0';
}

static void
clear_results (SdCaseDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->customer_results))) != NULL)
    gtk_list_box_remove (self->customer_results, child);
  g_array_set_size (self->result_ids, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_results), FALSE);
}

static void
set_customer (SdCaseDialog *self,
              gint64        customer_id)
{
  g_autoptr(SdCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  self->customer_id = 0;
  if (customer_id != 0)
    {
      customer = sd_customers_get (self->session, customer_id, &error);
      if (customer == NULL)
        show_field_error (self->customer_error, NULL, error->message);
      else
        self->customer_id = customer_id;
    }
  if (customer != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row), customer_title (customer));
      adw_action_row_set_subtitle (self->customer_row, customer->nick);
      show_field_error (self->customer_error, NULL, NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->customer_row), customer != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->change_customer_button), customer != NULL && !self->customer_fixed);
  gtk_widget_set_visible (self->customer_search_box, customer == NULL && !self->customer_fixed);
  if (customer != NULL)
    clear_results (self);
  fill_orders (self);
}

/* ---- callbacks ---- */

static void
type_changed_cb (SdCaseDialog *self)
{
  update_deadline (self);
}

static void
title_changed_cb (SdCaseDialog *self)
{
  /* While typing only a real problem shows; an empty title is said on Open. */
  check_title (self, FALSE);
}

static void
customer_search_cb (SdCaseDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->customer_search));
  g_autoptr(SdCustomerQuery) query = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  clear_results (self);
  show_field_error (self->customer_error, NULL, NULL);
  if (*text == '\0')
    return;
  query = sd_customer_query_new ();
  query->text = g_strdup (text);
  found = sd_customers_find (self->session, query, NULL, SEARCH_LIMIT, &error);
  if (found == NULL)
    {
      show_field_error (self->customer_error, NULL, error->message);
      return;
    }
  if (found->len == 0)
    {
      g_autofree char *none = g_strdup_printf (_("No customer matches “%s”: try the nick, the name or the last "
                                                 "four digits of the phone."),
                                               text);
      show_field_error (self->customer_error, NULL, none);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    {
      const SdCustomer *customer = g_ptr_array_index (found, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", customer->nick, *customer->phone ? customer->phone : "—");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), customer_title (customer));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->customer_results, row);
      g_array_append_val (self->result_ids, customer->id);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->customer_results), TRUE);
}

static void
customer_chosen_cb (SdCaseDialog  *self,
                    GtkListBoxRow *row)
{
  int i = gtk_list_box_row_get_index (row);

  if (i < 0 || (guint) i >= self->result_ids->len)
    return;
  set_customer (self, g_array_index (self->result_ids, gint64, i));
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
change_customer_cb (SdCaseDialog *self)
{
  set_customer (self, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->customer_search));
}

static void
open_cb (SdCaseDialog *self)
{
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  g_autofree char *note = NULL;
  SdCaseOpen open = { 0 };
  gboolean title_ok = check_title (self, TRUE);
  gint64 id;

  show_message (self, NULL);
  if (self->customer_id == 0)
    show_field_error (self->customer_error, NULL,
                      _("Choose the customer the case is for: search by nick, name or phone, then pick one."));
  if (self->customer_id == 0 || !title_ok)
    {
      gtk_widget_grab_focus (self->customer_id == 0 ? GTK_WIDGET (self->customer_search)
                                                    : GTK_WIDGET (self->title_row));
      return;
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  open.type = (SdCaseType) adw_combo_row_get_selected (self->type_row);
  open.customer_id = self->customer_id;
  open.order_id = sd_combo_ids_get_selected (self->order_row, self->order_ids);
  open.conversation_id = self->conversation_id;
  open.title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  open.note = note;
  open.staff_id = sd_combo_ids_get_selected (self->handler_row, self->handler_ids);

  id = sd_cases_open (self->session, &open, &error);
  if (id == 0)
    {
      show_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[CASE_OPENED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ---- the object ---- */

static void
sd_case_dialog_dispose (GObject *object)
{
  SdCaseDialog *self = SD_CASE_DIALOG (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CASE_DIALOG);
  G_OBJECT_CLASS (sd_case_dialog_parent_class)->dispose (object);
}

static void
sd_case_dialog_finalize (GObject *object)
{
  SdCaseDialog *self = SD_CASE_DIALOG (object);

  g_clear_pointer (&self->order_ids, g_array_unref);
  g_clear_pointer (&self->handler_ids, g_array_unref);
  g_clear_pointer (&self->result_ids, g_array_unref);
  G_OBJECT_CLASS (sd_case_dialog_parent_class)->finalize (object);
}

static void
sd_case_dialog_class_init (SdCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_case_dialog_dispose;
  object_class->finalize = sd_case_dialog_finalize;

  signals[CASE_OPENED] = g_signal_new ("case-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, customer_error);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, customer_results);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, customer_row);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, customer_search);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, customer_search_box);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, handler_row);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, order_row);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, title_error);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, SdCaseDialog, type_row);
  gtk_widget_class_bind_template_callback (widget_class, customer_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_case_dialog_init (SdCaseDialog *self)
{
  self->order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->handler_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->result_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Made here, not in the template: libadwaita 1.2 unparents an action row's suffix a
   * second time when the template lets go of a bound one (a critical at dispose). */
  self->change_customer_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("C_hange…")));
  gtk_widget_set_name (GTK_WIDGET (self->change_customer_button), "change_customer_button");
  gtk_widget_set_valign (GTK_WIDGET (self->change_customer_button), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->change_customer_button, "clicked", G_CALLBACK (change_customer_cb), self);
  adw_action_row_add_suffix (self->customer_row, GTK_WIDGET (self->change_customer_button));
}

/* ---- public API ---- */

GtkWidget *
sd_case_dialog_new (GtkWindow *parent,
                    SdSession *session,
                    gint64     customer_id,
                    gint64     conversation_id)
{
  SdCaseDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_CASE_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->conversation_id = conversation_id;
  self->customer_fixed = customer_id != 0;
  self->hours_known = sd_cases_get_deadline_hours (session, self->hours, &error);
  if (!self->hours_known)
    show_message (self, error->message);

  fill_types (self);
  sd_case_dialog_fill_handlers (self->handler_row, session, self->handler_ids);
  set_customer (self, customer_id);
  update_deadline (self);
  gtk_widget_grab_focus (self->customer_fixed ? GTK_WIDGET (self->title_row) : GTK_WIDGET (self->customer_search));
  return GTK_WIDGET (self);
}

void
sd_case_dialog_fill_handlers (AdwComboRow *row,
                              SdSession   *session,
                              GArray      *ids)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) agents = NULL;
  gint64 me = sd_session_get_staff_id (session);
  gint64 nobody = 0;
  g_autofree char *me_label = g_strdup_printf (_("%s (me)"), sd_session_get_display_name (session));

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (ids != NULL);

  g_array_set_size (ids, 0);
  gtk_string_list_append (names, _("Nobody yet"));
  g_array_append_val (ids, nobody);
  gtk_string_list_append (names, me_label);
  g_array_append_val (ids, me);
  /* Agents hand cases to each other; the list of them is what conversations.own reads. */
  if (sd_permission_ui_can (session, SD_PERMISSION_CONVERSATIONS_OWN))
    agents = sd_agents_list (session, 0, NULL);
  for (guint i = 0; agents != NULL && i < agents->len; i++)
    {
      const SdAgent *agent = g_ptr_array_index (agents, i);

      if (agent->disabled || agent->staff_id == me)
        continue;
      gtk_string_list_append (names, *agent->display_name ? agent->display_name : agent->login);
      g_array_append_val (ids, agent->staff_id);
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (row, 1);
}
