/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customer-context"

#include <glib/gi18n.h>

#include "sd-case-dialog.h"
#include "sd-cases.h"
#include "sd-conversations.h"
#include "sd-customer-context.h"
#include "sd-customers.h"
#include "sd-error.h"
#include "sd-format.h"
#include "sd-phone.h"
#include "sd-values.h"

#define MAX_ORDERS    5
#define MAX_EARLIER   10
/* With the 12 px margins either side, a 300 px pane: the chat beside it is the widest column. */
#define CONTEXT_WIDTH 276

struct _SdCustomerContext
{
  AdwBin parent_instance;

  SdSession *session;
  gint64     customer_id;
  gint64     conversation_id;
  gint64     order_id;

  AdwPreferencesGroup *profile_group;
  GtkListBox          *profile_list;
  AdwPreferencesGroup *orders_group;
  GtkListBox          *orders_list;
  AdwPreferencesGroup *notes_group;
  GtkListBox          *notes_list;
  AdwEntryRow         *note_row;
  AdwPreferencesGroup *earlier_group;
  GtkListBox          *earlier_list;
  AdwPreferencesGroup *cases_group;
  GtkListBox          *cases_list;
  GtkButton           *open_case_button;
};

G_DEFINE_FINAL_TYPE (SdCustomerContext, sd_customer_context, ADW_TYPE_BIN)

enum
{
  SIGNAL_OPEN_CONVERSATION,
  SIGNAL_OPEN_CASE,
  SIGNAL_CASE_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  gtk_list_box_append (list, row);
  return row;
}

static GtkWidget *
add_field (GtkListBox *list,
           const char *title,
           const char *value)
{
  GtkWidget *row = add_row (list, title, NULL);
  GtkWidget *label = gtk_label_new (value);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return label;
}

static GtkListBox *
group_list (AdwPreferencesGroup *group)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_preferences_group_add (group, list);
  return GTK_LIST_BOX (list);
}

static void
set_empty (AdwPreferencesGroup *group,
           GtkListBox          *list,
           const char          *text)
{
  gtk_widget_set_visible (GTK_WIDGET (list), text == NULL);
  adw_preferences_group_set_description (group, text);
}

static void
show_profile (SdCustomerContext *self,
              const SdCustomer  *customer,
              const char        *buyer_nick,
              const GError      *error)
{
  g_autoptr(SdTierLadder) ladder = NULL;
  g_autofree char *phone = NULL;

  clear_list (self->profile_list);
  if (customer == NULL)
    {
      g_autofree char *text =
        error != NULL ? g_strdup (error->message)
        : self->conversation_id == 0 || buyer_nick == NULL || *buyer_nick == '\0'
          ? g_strdup (_("The buyer of the chat you pick shows here, with their orders, notes "
                        "and cases."))
          : g_strdup_printf (
                          _("No customer has the nick “%s”. A chat with a stranger still counts; "
                             "the profile shows once they buy or are imported."),
                             buyer_nick != NULL ? buyer_nick : "");
      set_empty (self->profile_group, self->profile_list, text);
      return;
    }
  set_empty (self->profile_group, self->profile_list, NULL);
  ladder = sd_tiers_get_ladder (self->session, NULL);
  add_field (self->profile_list, _("Name"), *customer->name != '\0' ? customer->name : "—");
  add_field (self->profile_list, _("Nick"), customer->nick);
  /* The core masked it already for an account that may not see it; the display groups
   * the digits either way. */
  if (*customer->phone == '\0')
    phone = g_strdup ("—");
  else if (customer->contact_masked)
    phone = g_strdup (customer->phone);
  else
    phone = sd_phone_format_display (customer->phone);
  add_field (self->profile_list, _("Phone"), phone);
  if (customer->tier >= 0 && ladder != NULL)
    add_field (self->profile_list, _("Grade"), sd_tier_ladder_get_name (ladder, customer->tier));
  if (customer->order_count > 0)
    {
      g_autofree char *spent = sd_format_money_display (customer->total_spent_cents);
      g_autofree char *line =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in %lld order", "%s in %lld orders",
                                      (gulong) customer->order_count),
                         spent, (long long) customer->order_count);
      add_field (self->profile_list, _("Spent"), line);
    }
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const SdOrder *x = *(SdOrder *const *) a;
  const SdOrder *y = *(SdOrder *const *) b;

  return (y->created_at > x->created_at) - (y->created_at < x->created_at);
}

static void
show_orders (SdCustomerContext *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  gint64 now = sd_db_now (sd_session_get_db (self->session));

  clear_list (self->orders_list);
  self->order_id = 0;
  orders = sd_customers_get_orders (self->session, self->customer_id, &error);
  if (orders == NULL || orders->len == 0)
    {
      set_empty (self->orders_group, self->orders_list,
                 error != NULL ? error->message : _("No orders yet."));
      return;
    }
  set_empty (self->orders_group, self->orders_list, NULL);
  g_ptr_array_sort (orders, compare_newest_first);
  self->order_id = ((SdOrder *) g_ptr_array_index (orders, 0))->id;
  for (guint i = 0; i < MIN (orders->len, MAX_ORDERS); i++)
    {
      SdOrder         *order = g_ptr_array_index (orders, i);
      g_autofree char *amount = sd_format_money_display (order->amount_cents);
      g_autofree char *when = sd_format_when (order->created_at, now);
      g_autoptr(GString) subtitle = g_string_new (NULL);

      g_string_append_printf (subtitle, "%s · %s · %s", sd_order_status_describe (order->status),
                              amount, when);
      if (order->refund_state != NULL && *order->refund_state != '\0' &&
          g_strcmp0 (order->refund_state, "none") != 0)
        g_string_append_printf (subtitle, " · %s", sd_order_refund_describe (order->refund_state));
      add_row (self->orders_list, order->platform_order_id, subtitle->str);
    }
}

static void
show_notes (SdCustomerContext *self,
            const SdCustomer  *customer)
{
  gint64 now = sd_db_now (sd_session_get_db (self->session));

  clear_list (self->notes_list);
  gtk_list_box_append (self->notes_list, GTK_WIDGET (self->note_row));
  if (customer == NULL || customer->notes == NULL)
    return;
  for (guint i = customer->notes->len; i > 0; i--)
    {
      SdNote          *note = g_ptr_array_index (customer->notes, i - 1);
      g_autofree char *when = sd_format_when (note->created_at, now);
      g_autofree char *by = g_strdup_printf ("%s · %s", note->author_name, when);

      add_row (self->notes_list, note->body, by);
    }
}

static void
earlier_activated_cb (AdwActionRow      *row,
                      SdCustomerContext *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (row), "id");

  g_signal_emit (self, signals[GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "signal"))], 0,
                 id);
}

static void
link_row (SdCustomerContext *self,
          GtkWidget         *row,
          gint64             id,
          guint              signal)
{
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data (G_OBJECT (row), "signal", GUINT_TO_POINTER (signal));
  g_signal_connect (row, "activated", G_CALLBACK (earlier_activated_cb), self);
}

static void
show_earlier (SdCustomerContext *self)
{
  SdConversationFilter filter = SD_CONVERSATION_FILTER_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conversations = NULL;
  gint64 now = sd_db_now (sd_session_get_db (self->session));
  guint  shown = 0;

  clear_list (self->earlier_list);
  filter.customer_id = self->customer_id;
  filter.limit = MAX_EARLIER + 1;
  conversations = sd_conversations_list (self->session, &filter, &error);
  for (guint i = 0; conversations != NULL && i < conversations->len; i++)
    {
      SdConversation  *c = g_ptr_array_index (conversations, i);
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;

      if (c->id == self->conversation_id || shown == MAX_EARLIER)
        continue;
      when = sd_format_when (c->opened_at, now);
      subtitle = g_strdup_printf ("%s · %s", sd_conversation_state_get_label (c->state),
                                  *c->staff_name != '\0' ? c->staff_name : _("nobody"));
      link_row (self, add_row (self->earlier_list, when, subtitle), c->id,
                SIGNAL_OPEN_CONVERSATION);
      shown++;
    }
  set_empty (self->earlier_group, self->earlier_list,
             shown > 0       ? NULL
             : error != NULL ? error->message
                             : _("No earlier conversations."));
}

static void
show_cases (SdCustomerContext *self)
{
  SdCaseFilter filter;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  clear_list (self->cases_list);
  sd_case_filter_init (&filter);
  filter.customer_id = self->customer_id;
  filter.limit = MAX_EARLIER;
  cases = sd_cases_list (self->session, &filter, &error);
  for (guint i = 0; cases != NULL && i < cases->len; i++)
    {
      SdCase          *c = g_ptr_array_index (cases, i);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", sd_case_type_describe (c->type),
                                                   sd_case_state_describe (c->state));
      GtkWidget       *row = add_row (self->cases_list, c->title, subtitle);

      if (c->overdue)
        gtk_widget_add_css_class (row, "error");
      /* Cases are worked on the Cases page, which needs cases.handle. */
      if (sd_session_can (self->session, SD_PERMISSION_HANDLE_CASES))
        link_row (self, row, c->id, SIGNAL_OPEN_CASE);
    }
  set_empty (self->cases_group, self->cases_list,
             cases != NULL && cases->len > 0 ? NULL
             : error != NULL                 ? error->message
                                             : _("No cases."));
}

static void
reload (SdCustomerContext *self,
        const char        *buyer_nick)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) customer = NULL;
  gboolean known;

  /* Asked only when allowed: a refusal would write an audit entry at every chat. */
  if (self->session != NULL && self->customer_id != 0 &&
      !sd_session_can (self->session, SD_PERMISSION_VIEW_CUSTOMERS))
    g_set_error_literal (
      &error, SD_ERROR, SD_ERROR_PERMISSION_DENIED,
      _("Your account may not read customer profiles. Ask the shop owner for the "
                           "“View customers” permission."));
  else if (self->session != NULL && self->customer_id != 0)
    customer = sd_customers_get (self->session, self->customer_id, &error);
  known = customer != NULL;
  show_profile (self, customer, buyer_nick, error);
  gtk_widget_set_visible (GTK_WIDGET (self->orders_group), known);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_group), known);
  gtk_widget_set_visible (GTK_WIDGET (self->earlier_group), known);
  gtk_widget_set_visible (GTK_WIDGET (self->cases_group), known);
  gtk_widget_set_visible (GTK_WIDGET (self->open_case_button),
                          known && sd_session_can (self->session, SD_PERMISSION_HANDLE_CASES));
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_row),
                            known && sd_session_can (self->session, SD_PERMISSION_EDIT_CUSTOMERS));
  self->order_id = 0;
  if (!known)
    return;
  show_orders (self);
  show_notes (self, customer);
  show_earlier (self);
  show_cases (self);
}

static void
note_apply_cb (SdCustomerContext *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row))));
  g_autoptr(SdCustomer) customer = NULL;

  if (self->session == NULL || *text == '\0')
    return;
  if (!sd_customers_add_note (self->session, self->customer_id, text, NULL, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->note_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->note_row), error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->note_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->note_row), NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), "");
  customer = sd_customers_get (self->session, self->customer_id, NULL);
  show_notes (self, customer);
}

static void
case_opened_cb (SdCustomerContext *self,
                gint64             case_id)
{
  show_cases (self);
  g_signal_emit (self, signals[SIGNAL_CASE_OPENED], 0, case_id);
}

static void
open_case_clicked_cb (SdCustomerContext *self)
{
  GtkWidget *dialog;

  if (self->session == NULL || self->customer_id == 0)
    return;
  dialog = sd_case_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->session,
                               self->customer_id, self->conversation_id);
  g_signal_connect_object (dialog, "case-opened", G_CALLBACK (case_opened_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sd_customer_context_dispose (GObject *object)
{
  SdCustomerContext *self = SD_CUSTOMER_CONTEXT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->note_row);
  G_OBJECT_CLASS (sd_customer_context_parent_class)->dispose (object);
}

static void
sd_customer_context_class_init (SdCustomerContextClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sd_customer_context_dispose;

  signals[SIGNAL_OPEN_CONVERSATION] =
    g_signal_new ("open-conversation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_OPEN_CASE] =
    g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_CASE_OPENED] =
    g_signal_new ("case-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static AdwPreferencesGroup *
add_group (GtkBox     *box,
           const char *title)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  gtk_box_append (box, GTK_WIDGET (group));
  return group;
}

static void
sd_customer_context_init (SdCustomerContext *self)
{
  /* A column of its own width beside the chat, whatever its rows would like: the chat
   * keeps the room. */
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkBox    *page = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));

  self->profile_group = add_group (page, _("Customer"));
  self->profile_list = group_list (self->profile_group);
  self->open_case_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("Open a _Case…")));
  gtk_widget_set_name (GTK_WIDGET (self->open_case_button), "open_case_button");
  gtk_widget_set_tooltip_text (
    GTK_WIDGET (self->open_case_button),
    _("Open an after-sales case for this customer, linked to this chat"));
  gtk_widget_add_css_class (GTK_WIDGET (self->open_case_button), "flat");
  adw_preferences_group_set_header_suffix (self->profile_group,
                                           GTK_WIDGET (self->open_case_button));
  g_signal_connect_swapped (self->open_case_button, "clicked", G_CALLBACK (open_case_clicked_cb),
                            self);

  self->orders_group = add_group (page, _("Orders"));
  self->orders_list = group_list (self->orders_group);

  self->notes_group = add_group (page, _("Notes"));
  self->notes_list = group_list (self->notes_group);
  self->note_row = g_object_ref_sink (ADW_ENTRY_ROW (adw_entry_row_new ()));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_row), _("Add a note"));
  adw_entry_row_set_show_apply_button (self->note_row, TRUE);
  g_signal_connect_swapped (self->note_row, "apply", G_CALLBACK (note_apply_cb), self);
  g_signal_connect_swapped (self->note_row, "entry-activated", G_CALLBACK (note_apply_cb), self);

  self->earlier_group = add_group (page, _("Earlier Conversations"));
  self->earlier_list = group_list (self->earlier_group);
  self->cases_group = add_group (page, _("Cases"));
  self->cases_list = group_list (self->cases_group);

  gtk_widget_set_margin_top (GTK_WIDGET (page), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (page), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (page), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (page), 12);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), FALSE);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), CONTEXT_WIDTH);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (page));
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

GtkWidget *
sd_customer_context_new (void)
{
  return g_object_new (SD_TYPE_CUSTOMER_CONTEXT, NULL);
}

void
sd_customer_context_set_session (SdCustomerContext *self,
                                 SdSession         *session)
{
  g_return_if_fail (SD_IS_CUSTOMER_CONTEXT (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  g_set_object (&self->session, session);
  self->customer_id = 0;
  self->conversation_id = 0;
  reload (self, NULL);
}

void
sd_customer_context_show (SdCustomerContext *self,
                          gint64             customer_id,
                          gint64             conversation_id,
                          const char        *buyer_nick)
{
  g_return_if_fail (SD_IS_CUSTOMER_CONTEXT (self));

  self->customer_id = customer_id;
  self->conversation_id = conversation_id;
  reload (self, buyer_nick);
}

gint64
sd_customer_context_get_order_id (SdCustomerContext *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMER_CONTEXT (self), 0);
  return self->order_id;
}

char *
sd_customer_context_format_customer (const SdCustomer   *customer,
                                     const SdTierLadder *ladder)
{
  const char *name;

  g_return_val_if_fail (customer != NULL, NULL);

  name = *customer->name != '\0' ? customer->name : customer->nick;
  if (ladder != NULL && customer->tier >= 0)
    return g_strdup_printf ("%s · %s", name, sd_tier_ladder_get_name (ladder, customer->tier));
  return g_strdup (name);
}
