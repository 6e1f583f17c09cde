/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-cases-page"

#include <glib/gi18n.h>

#include "sd-case-dialog.h"
#include "sd-case-format.h"
#include "sd-case-jobs.h"
#include "sd-cases-page.h"
#include "sd-cases.h"
#include "sd-error.h"
#include "sd-format.h"
#include "sd-message.h"
#include "sd-permission-ui.h"
#include "sd-values.h"

/* The relative deadlines ("in 3 h") are written again this often. */
#define REFRESH_SECONDS 60

/* The state filter, in state_dropdown's order. */
static const guint state_filters[] = {
  SD_CASE_STATES_OPEN,
  SD_CASE_STATE_BIT (SD_CASE_WAITING_BUYER) | SD_CASE_STATE_BIT (SD_CASE_WAITING_COURIER),
  SD_CASE_STATE_BIT (SD_CASE_RESOLVED),
  SD_CASE_STATE_BIT (SD_CASE_CLOSED),
  0,
};

/* The moves offered as buttons, in the order of a case's life. */
static const SdCaseState moves[] = {
  SD_CASE_IN_PROGRESS,
  SD_CASE_WAITING_BUYER,
  SD_CASE_WAITING_COURIER,
  SD_CASE_RESOLVED,
  SD_CASE_CLOSED,
};

struct _SdCasesPage
{
  AdwBin               parent_instance;

  SdSession           *session;
  gboolean             folded;
  GPtrArray           *cases;            /* SdCase *, as last listed */
  GCancellable        *list_cancellable; /* the list being read, NULL when none */
  GArray              *row_ids;          /* gint64: the case of each row of list */
  SdCase              *shown;            /* the case open in place, with its events */
  GArray              *handler_ids;      /* gint64, in detail_handler_row's order */
  gboolean             filling;          /* the detail is being filled: no change is the user's */
  guint                refresh_source;
  guint                hand_over_source;

  GtkButton           *back_button;
  GtkLabel            *count_label;
  AdwActionRow        *detail_conversation_row;
  AdwActionRow        *detail_customer_row;
  AdwActionRow        *detail_deadline_row;
  GtkLabel            *detail_due_label;
  AdwPreferencesGroup *detail_group;
  AdwComboRow         *detail_handler_row;
  AdwActionRow        *detail_order_row;
  AdwPreferencesPage  *detail_page;
  AdwActionRow        *detail_state_row;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
  GtkWidget           *filter_bar;
  GtkWidget           *filter_separator;
  GtkListBox          *history_list;
  GtkListBox          *list;
  GtkMenuButton       *more_button;
  GtkButton           *note_button;
  GtkLabel            *note_error;
  GtkTextView         *note_view;
  GtkDropDown         *owner_dropdown;
  GtkSearchEntry      *search_entry;
  GtkButton           *sidebar_button;
  GtkStack            *stack;
  GtkBox              *state_box;
  GtkDropDown         *state_dropdown;
  AdwToastOverlay     *toast_overlay;
  GtkDropDown         *type_dropdown;
  AdwWindowTitle      *window_title;
};

G_DEFINE_FINAL_TYPE (SdCasesPage, sd_cases_page, ADW_TYPE_BIN)

/* ---- helpers ---- */

static gboolean
can_manage (SdCasesPage *self)
{
  /* What sd_cases_set_deadline_hours () demands. */
  return sd_permission_ui_can (self->session, SD_PERMISSION_MANAGE_STAFF) ||
         sd_permission_ui_can (self->session, SD_PERMISSION_CONVERSATIONS_ALL);
}

static gint64
now (SdCasesPage *self)
{
  return sd_db_now (sd_session_get_db (self->session));
}

static void
toast (SdCasesPage *self,
       const char  *text,
       gboolean     error)
{
  sd_message_add_toast (self->toast_overlay, text, error);
}

static void
update_actions (SdCasesPage *self)
{
  gboolean handle = sd_permission_ui_can (self->session, SD_PERMISSION_HANDLE_CASES);
  gboolean manage = self->session != NULL && can_manage (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.new", handle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.refresh", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.back", self->shown != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.deadlines", manage);
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), manage);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->shown != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), self->folded && self->shown == NULL);
  gtk_widget_set_visible (self->filter_bar, self->shown == NULL);
  gtk_widget_set_visible (self->filter_separator, self->shown == NULL);
}

static void
read_filter (SdCasesPage  *self,
             SdCaseFilter *filter)
{
  guint state = gtk_drop_down_get_selected (self->state_dropdown);
  guint type = gtk_drop_down_get_selected (self->type_dropdown);

  sd_case_filter_init (filter);
  filter->states = state < G_N_ELEMENTS (state_filters) ? state_filters[state] : 0;
  filter->any_type = type == 0 || type == GTK_INVALID_LIST_POSITION;
  if (!filter->any_type)
    filter->type = (SdCaseType) (type - 1);
  if (gtk_drop_down_get_selected (self->owner_dropdown) == 1)
    filter->staff_id = sd_session_get_staff_id (self->session);
  filter->search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  /* The worker's connection has a clock of its own: lateness is judged on this one. */
  filter->now = now (self);
}

static const char *
customer_label (const SdCase *c)
{
  if (*c->customer_nick)
    return c->customer_nick;
  if (*c->customer_name)
    return c->customer_name;
  return _("(customer removed)");
}

static GtkWidget *
make_row (const SdCase *c,
          gint64        at)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (c->title);
  GtkWidget *meta;
  GtkWidget *due_label;
  g_autofree char *name = g_strdup_printf ("case-%" G_GINT64_FORMAT, c->id);
  g_autofree char *due = sd_case_format_case_due (c, at);
  g_autofree char *meta_text = NULL;

  /* TRANSLATORS: a case's line: number · type · customer · order · state · handler */
  meta_text = g_strdup_printf (_("#%lld · %s · %s · %s · %s · %s"), (long long) c->id, sd_case_type_describe (c->type),
                               customer_label (c), *c->order_ref ? c->order_ref : _("no order"),
                               sd_case_state_describe (c->state), *c->staff_name ? c->staff_name : _("nobody"));
  meta = gtk_label_new (meta_text);
  due_label = gtk_label_new (due);

  gtk_widget_set_name (row, name);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (meta, "caption");
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), meta);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), text);

  gtk_widget_set_name (due_label, "due");
  gtk_widget_add_css_class (due_label, "numeric");
  gtk_widget_set_valign (due_label, GTK_ALIGN_CENTER);
  if (c->overdue)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("task-past-due-symbolic");

      gtk_widget_add_css_class (icon, "error");
      gtk_widget_add_css_class (due_label, "error");
      gtk_widget_add_css_class (due_label, "heading");
      gtk_widget_add_css_class (row, "overdue");
      gtk_box_append (GTK_BOX (box), icon);
    }
  else
    gtk_widget_add_css_class (due_label, "dim-label");
  gtk_box_append (GTK_BOX (box), due_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static gboolean
filters_narrow (SdCasesPage *self)
{
  return gtk_drop_down_get_selected (self->type_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->owner_dropdown) == 1 ||
         *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
}

/* Row INDEX of LIST shows FRESH (a row of make_row ()): a row already there takes its
 * contents, so that the list read again keeps its scroll and the row chosen. */
static void
set_row (GtkListBox *list,
         int         index,
         GtkWidget  *fresh)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);
  g_autoptr(GtkWidget) child = NULL;

  if (row == NULL)
    {
      gtk_list_box_append (list, fresh);
      return;
    }
  g_object_ref_sink (fresh);
  child = g_object_ref (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (fresh)));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (fresh), NULL);
  gtk_list_box_row_set_child (row, child);
  gtk_widget_set_name (GTK_WIDGET (row), gtk_widget_get_name (fresh));
  if (gtk_widget_has_css_class (fresh, "overdue"))
    gtk_widget_add_css_class (GTK_WIDGET (row), "overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "overdue");
  g_object_unref (fresh);
}

/* The rows for the cases listed. */
static void
show_list (SdCasesPage *self)
{
  g_autofree char *count = NULL;
  GtkListBoxRow *extra;
  gint64 at;

  g_array_set_size (self->row_ids, 0);
  if (self->session == NULL)
    {
      /* Logged out: nothing of the shop stays on screen. */
      clear_list_box (self->list);
      gtk_label_set_label (self->count_label, "");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  at = now (self);
  for (guint i = 0; self->cases != NULL && i < self->cases->len; i++)
    {
      const SdCase *c = g_ptr_array_index (self->cases, i);

      set_row (self->list, (int) i, make_row (c, at));
      g_array_append_val (self->row_ids, c->id);
    }
  while ((extra = gtk_list_box_get_row_at_index (self->list, (int) self->row_ids->len)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (extra));

  if (self->cases != NULL && self->cases->len >= SD_CASE_LIST_MAX)
    /* TRANSLATORS: shown when the list holds only the first cases of many */
    count = g_strdup_printf (_("first %u"), self->row_ids->len);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case", "%u cases", self->row_ids->len),
                             self->row_ids->len);
  gtk_label_set_label (self->count_label, count);

  if (self->shown != NULL)
    return;
  if (self->row_ids->len > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }
  if (filters_narrow (self) || gtk_drop_down_get_selected (self->state_dropdown) != 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Case Matches"));
      adw_status_page_set_description (self->empty_page,
                                       _("Choose other filters above, or clear the search, to see more cases."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Open Cases"));
      adw_status_page_set_description (self->empty_page,
                                       _("Every case is resolved. Open a case for a return, a refund, a late or "
                                         "lost parcel or a complaint with New Case, or from a conversation."));
    }
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
list_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdCasesPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = sd_case_jobs_list_finish (result, &error);

  /* Cancelled: a newer read replaced it, or the page went; its answer is not shown. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SD_CASES_PAGE (source);
  g_clear_object (&self->list_cancellable);
  /* Its window closed while the list was read (the task kept the page alive). */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  if (cases == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_label_set_label (self->count_label, "");
      if (self->shown == NULL)
        gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_clear_pointer (&self->cases, g_ptr_array_unref);
  self->cases = g_steal_pointer (&cases);
  show_list (self);
}

/* The list is read on a worker thread; what is shown stays until the answer comes, and
 * an older read still running is dropped. */
static void
load_list (SdCasesPage *self)
{
  SdCaseFilter filter;

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  if (self->session == NULL)
    {
      g_clear_pointer (&self->cases, g_ptr_array_unref);
      show_list (self);
      return;
    }
  read_filter (self, &filter);
  self->list_cancellable = g_cancellable_new ();
  sd_case_jobs_list_async (self, self->session, &filter, self->list_cancellable, list_read_cb, NULL);
}

/* ---- the case shown ---- */

static const char *
move_label (SdCaseState from,
            SdCaseState to)
{
  switch (to)
    {
    case SD_CASE_IN_PROGRESS:
      if (from == SD_CASE_NEW)
        return _("_Start");
      if (from == SD_CASE_RESOLVED)
        return _("_Reopen");
      return _("_Back to Work");
    case SD_CASE_WAITING_BUYER:
      return _("Waiting on _Buyer");
    case SD_CASE_WAITING_COURIER:
      return _("Waiting on C_ourier");
    case SD_CASE_RESOLVED:
      return _("_Resolve");
    case SD_CASE_CLOSED:
      return _("_Close");
    case SD_CASE_NEW:
    case SD_CASE_STATE_N:
    default:
      return sd_case_state_describe (to);
    }
}

static void move_clicked_cb (GtkButton   *button,
                             SdCasesPage *self);

static void
fill_moves (SdCasesPage *self)
{
  GtkWidget *child;
  gboolean handle = sd_permission_ui_can (self->session, SD_PERMISSION_HANDLE_CASES);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->state_box))) != NULL)
    gtk_box_remove (self->state_box, child);
  for (guint i = 0; handle && i < G_N_ELEMENTS (moves); i++)
    {
      GtkWidget *button;
      g_autofree char *name = NULL;

      if (!sd_case_state_can_move (self->shown->state, moves[i]))
        continue;
      button = gtk_button_new_with_mnemonic (move_label (self->shown->state, moves[i]));
      name = g_strdup_printf ("move-%s", sd_case_state_to_string (moves[i]));
      gtk_widget_set_name (button, name);
      if (moves[i] == SD_CASE_RESOLVED || (moves[i] == SD_CASE_IN_PROGRESS && self->shown->state == SD_CASE_NEW))
        gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data (G_OBJECT (button), "state", GINT_TO_POINTER (moves[i]));
      g_signal_connect (button, "clicked", G_CALLBACK (move_clicked_cb), self);
      gtk_box_append (self->state_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->state_box), gtk_widget_get_first_child (GTK_WIDGET (self->state_box)) != NULL);
}

static void
fill_history (SdCasesPage *self)
{
  clear_list_box (self->history_list);
  for (guint i = 0; self->shown->events != NULL && i < self->shown->events->len; i++)
    {
      const SdCaseEvent *event = g_ptr_array_index (self->shown->events, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *summary = sd_case_format_event (event);
      g_autofree char *at = sd_format_datetime (event->at);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", *event->staff_name ? event->staff_name : _("a removed account"), at);
      g_autofree char *title = NULL;

      if ((event->kind == SD_CASE_EVENT_NOTE || event->kind == SD_CASE_EVENT_OPENED) && *event->text)
        title = event->kind == SD_CASE_EVENT_NOTE ? g_strdup (event->text)
                                                   : g_strdup_printf ("%s: %s", summary, event->text);
      else
        title = g_steal_pointer (&summary);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), event->kind == SD_CASE_EVENT_NOTE ? "document-edit-symbolic"
                                                                                           : "emblem-ok-symbolic");
      gtk_widget_set_name (row, sd_case_event_kind_to_string (event->kind));
      gtk_list_box_append (self->history_list, row);
    }
}

static void
fill_handler (SdCasesPage *self)
{
  GListModel *names;

  sd_case_dialog_fill_handlers (self->detail_handler_row, self->session, self->handler_ids);
  for (guint i = 0; i < self->handler_ids->len; i++)
    if (g_array_index (self->handler_ids, gint64, i) == self->shown->staff_id)
      {
        adw_combo_row_set_selected (self->detail_handler_row, i);
        return;
      }
  /* A handler the list does not hold (disabled since, or not an agent) keeps their name. */
  names = adw_combo_row_get_model (self->detail_handler_row);
  gtk_string_list_append (GTK_STRING_LIST (names), self->shown->staff_name);
  g_array_append_val (self->handler_ids, self->shown->staff_id);
  adw_combo_row_set_selected (self->detail_handler_row, self->handler_ids->len - 1);
}

static void
fill_detail (SdCasesPage *self)
{
  const SdCase *c = self->shown;
  g_autofree char *subtitle = g_strdup_printf ("#%lld · %s", (long long) c->id, sd_case_type_describe (c->type));
  g_autofree char *customer = NULL;
  g_autofree char *conversation = NULL;
  g_autofree char *deadline = sd_format_datetime (c->deadline_at);
  g_autofree char *due = sd_case_format_case_due (c, now (self));

  self->filling = TRUE;
  adw_window_title_set_title (self->window_title, c->title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  adw_preferences_group_set_title (self->detail_group, c->title);
  adw_preferences_group_set_description (self->detail_group, subtitle);

  if (*c->customer_name && *c->customer_nick)
    customer = g_strdup_printf ("%s (%s)", c->customer_name, c->customer_nick);
  else
    customer = g_strdup (customer_label (c));
  adw_action_row_set_subtitle (self->detail_customer_row, customer);
  adw_action_row_set_subtitle (self->detail_order_row, *c->order_ref ? c->order_ref : _("None"));
  if (c->conversation_id != 0)
    conversation = g_strdup_printf (_("Conversation #%lld"), (long long) c->conversation_id);
  adw_action_row_set_subtitle (self->detail_conversation_row, conversation ? conversation : _("None"));
  adw_action_row_set_subtitle (self->detail_deadline_row, deadline);
  gtk_label_set_label (self->detail_due_label, due);
  if (c->overdue)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->detail_due_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->detail_due_label), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->detail_due_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->detail_due_label), "error");
    }
  adw_action_row_set_subtitle (self->detail_state_row, sd_case_state_describe (c->state));
  fill_handler (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->detail_handler_row),
                            c->state != SD_CASE_CLOSED && sd_permission_ui_can (self->session, SD_PERMISSION_HANDLE_CASES));
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_button), sd_permission_ui_can (self->session, SD_PERMISSION_HANDLE_CASES));
  fill_moves (self);
  fill_history (self);
  self->filling = FALSE;
}

/* Reads case ID and shows it; FALSE with a toast when it cannot be read. */
static gboolean
load_case (SdCasesPage *self,
           gint64       id)
{
  g_autoptr(GError) error = NULL;
  SdCase *c = sd_cases_get (self->session, id, &error);

  if (c == NULL)
    {
      toast (self, error->message, TRUE);
      return FALSE;
    }
  g_clear_pointer (&self->shown, sd_case_free);
  self->shown = c;
  fill_detail (self);
  gtk_stack_set_visible_child_name (self->stack, "case");
  update_actions (self);
  return TRUE;
}

static void
close_case (SdCasesPage *self)
{
  g_clear_pointer (&self->shown, sd_case_free);
  adw_window_title_set_title (self->window_title, _("Cases"));
  adw_window_title_set_subtitle (self->window_title, NULL);
  sd_message_set_label (self->note_error, "", FALSE);
  update_actions (self);
  show_list (self);
}

/* After a change that landed: the case and the list read again, and what happened said. */
static void
changed (SdCasesPage *self,
         const char  *message)
{
  gint64 id = self->shown->id;

  load_list (self);
  load_case (self, id);
  if (message != NULL)
    toast (self, message, FALSE);
}

static void
move_to (SdCasesPage *self,
         SdCaseState  state)
{
  g_autoptr(GError) error = NULL;
  SdCaseUpdate update = { 0 };

  if (self->shown == NULL)
    return;
  update.set_state = TRUE;
  update.state = state;
  update.check_seen_state = TRUE;
  update.seen_state = self->shown->state;
  if (!sd_cases_update (self->session, self->shown->id, &update, &error))
    {
      toast (self, error->message, TRUE);
      /* Another desktop moved it: show where it is now. */
      if (g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
        changed (self, NULL);
      return;
    }
  /* The state row and the history say it: no toast to queue up behind the next move. */
  changed (self, NULL);
}

/* ---- deadlines ---- */

typedef struct
{
  SdCasesPage *self;
  GtkEditable *entries[SD_CASE_TYPE_N];
  int          hours[SD_CASE_TYPE_N];
  GtkLabel    *error;
} DeadlinesRequest;

static void
deadlines_request_free (DeadlinesRequest *request)
{
  g_clear_object (&request->self);
  g_free (request);
}

/* The hours TEXT gives (1 … 8760), or 0 when it is no such number. */
static int
typed_hours (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (stripped, 10, 1, 8760, &value, NULL))
    return 0;
  return (int) value;
}

static void
deadlines_changed_cb (GtkEditable      *editable,
                      AdwMessageDialog *dialog)
{
  DeadlinesRequest *request = g_object_get_data (G_OBJECT (dialog), "request");
  const char *problem = NULL;
  g_autofree char *text = NULL;

  (void) editable;
  for (int t = 0; t < SD_CASE_TYPE_N; t++)
    {
      g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (request->entries[t])));
      gboolean ok = typed_hours (typed) > 0;

      if (ok)
        gtk_widget_remove_css_class (GTK_WIDGET (request->entries[t]), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (request->entries[t]), "error");
      if (!ok && problem == NULL)
        {
          problem = sd_case_type_describe ((SdCaseType) t);
          text = g_strdup_printf (_("“%s” is not a deadline for “%s”: give whole hours from 1 to 8,760 (a year)."),
                                  typed, problem);
        }
    }
  sd_message_set_label (request->error, text != NULL ? text : "", TRUE);
  gtk_widget_set_visible (GTK_WIDGET (request->error), text != NULL);
  adw_message_dialog_set_response_enabled (dialog, "save", problem == NULL);
}

static void
deadlines_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DeadlinesRequest *request)
{
  SdCasesPage *self = request->self;
  guint changed_count = 0;

  (void) dialog;
  if (g_strcmp0 (response, "save") != 0 || self->session == NULL)
    return;
  for (int t = 0; t < SD_CASE_TYPE_N; t++)
    {
      g_autoptr(GError) error = NULL;
      int hours = typed_hours (gtk_editable_get_text (request->entries[t]));

      if (hours == request->hours[t])
        continue;
      if (!sd_cases_set_deadline_hours (self->session, (SdCaseType) t, hours, &error))
        {
          toast (self, error->message, TRUE);
          return;
        }
      changed_count++;
    }
  if (changed_count > 0)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u deadline changed: cases opened from now on get it",
                                                               "%u deadlines changed: cases opened from now on get them",
                                                               changed_count),
                                                  changed_count);
      toast (self, message, FALSE);
    }
}

static void
deadlines_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SdCasesPage *self = SD_CASES_PAGE (widget);
  DeadlinesRequest *request;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *list;
  GtkWidget *error_label;
  GtkWidget *scroller;
  g_autoptr(GError) error = NULL;
  int hours[SD_CASE_TYPE_N];

  (void) action_name;
  (void) parameter;
  if (self->session == NULL)
    return;
  if (!sd_cases_get_deadline_hours (self->session, hours, &error))
    {
      toast (self, error->message, TRUE);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Resolution Deadlines"),
                                   _("Hours from opening until a case of each type must be resolved. A change "
                                     "applies to cases opened from now on; open cases keep their deadline."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  list = gtk_list_box_new ();
  error_label = gtk_label_new (NULL);
  request = g_new0 (DeadlinesRequest, 1);
  request->self = g_object_ref (self);
  memcpy (request->hours, hours, sizeof hours);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (int t = 0; t < SD_CASE_TYPE_N; t++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *entry = gtk_entry_new ();
      GtkWidget *unit = gtk_label_new (_("hours"));
      g_autofree char *text = g_strdup_printf ("%d", hours[t]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sd_case_type_describe ((SdCaseType) t));
      gtk_widget_set_name (entry, sd_case_type_to_string ((SdCaseType) t));
      gtk_editable_set_text (GTK_EDITABLE (entry), text);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 5);
      gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
      gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
      gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (unit, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      request->entries[t] = GTK_EDITABLE (entry);
      g_signal_connect (entry, "changed", G_CALLBACK (deadlines_changed_cb), dialog);
    }
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "caption");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_widget_set_name (error_label, "deadline-error");
  request->error = GTK_LABEL (error_label);
  /* Eight rows do not fit under the text on a 600-pixel screen: they scroll there. */
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), error_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data_full (G_OBJECT (dialog), "request", request, (GDestroyNotify) deadlines_request_free);
  g_signal_connect (dialog, "response", G_CALLBACK (deadlines_response_cb), request);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- callbacks ---- */

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   SdCasesPage      *self)
{
  (void) dialog;
  if (g_strcmp0 (response, "close") == 0)
    move_to (self, SD_CASE_CLOSED);
}

static void
move_clicked_cb (GtkButton   *button,
                 SdCasesPage *self)
{
  SdCaseState state = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "state"));
  g_autofree char *heading = NULL;

  if (self->shown == NULL)
    return;
  if (state != SD_CASE_CLOSED)
    {
      move_to (self, state);
      return;
    }
  heading = g_strdup_printf (_("Close Case #%lld?"), (long long) self->shown->id);
  sd_message_confirm (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                      _("A closed case is final: it cannot be reopened. For more work on it, open a new case."),
                      "close", _("_Close Case"), G_CALLBACK (close_response_cb), self);
}

static gboolean
hand_over_cb (gpointer data)
{
  SdCasesPage *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  SdCaseUpdate update = { 0 };
  guint i = adw_combo_row_get_selected (self->detail_handler_row);

  self->hand_over_source = 0;
  if (self->shown == NULL || i >= self->handler_ids->len)
    return G_SOURCE_REMOVE;
  update.set_staff = TRUE;
  update.staff_id = g_array_index (self->handler_ids, gint64, i);
  if (update.staff_id == self->shown->staff_id)
    return G_SOURCE_REMOVE;
  update.check_seen_staff = TRUE;
  update.seen_staff_id = self->shown->staff_id;
  if (!sd_cases_update (self->session, self->shown->id, &update, &error))
    {
      toast (self, error->message, TRUE);
      /* Another desktop handed it over first: show with whom it is now. */
      if (g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
        {
          changed (self, NULL);
          return G_SOURCE_REMOVE;
        }
      self->filling = TRUE;
      fill_handler (self);
      self->filling = FALSE;
      return G_SOURCE_REMOVE;
    }
  message = g_strdup_printf (_("Case #%lld handed over"), (long long) self->shown->id);
  changed (self, message);
  return G_SOURCE_REMOVE;
}

static void
handler_changed_cb (SdCasesPage *self)
{
  /* The change is stored from an idle: storing it reads the case again, which gives the
   * row a new model, and that must not happen inside the row's own selection change. */
  if (!self->filling && self->shown != NULL && self->hand_over_source == 0)
    self->hand_over_source = g_idle_add (hand_over_cb, self);
}

static void
add_note_cb (SdCasesPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (self->shown == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    {
      sd_message_set_label (self->note_error, _("Write the note first, then add it."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
      return;
    }
  if (!sd_cases_add_note (self->session, self->shown->id, text, &error))
    {
      sd_message_set_label (self->note_error, error->message, TRUE);
      return;
    }
  sd_message_set_label (self->note_error, "", FALSE);
  gtk_text_buffer_set_text (buffer, "", 0);
  changed (self, _("Note added"));
}

static void
row_activated_cb (SdCasesPage   *self,
                  GtkListBoxRow *row)
{
  int i = gtk_list_box_row_get_index (row);

  if (i >= 0 && (guint) i < self->row_ids->len)
    load_case (self, g_array_index (self->row_ids, gint64, i));
}

static void
filter_changed_cb (SdCasesPage *self)
{
  /* The search entry waits for a pause in typing (search-changed, 150 ms) before this. */
  if (self->session != NULL)
    load_list (self);
}

static gboolean
refresh_tick_cb (gpointer data)
{
  SdCasesPage *self = data;

  /* Overdue cases move to the top as their moment passes: the list is read again, not
   * only its labels rewritten. */
  load_list (self);
  if (self->shown != NULL)
    {
      g_autofree char *due = sd_case_format_case_due (self->shown, now (self));
      gint64 id = self->shown->id;

      /* The case itself is read again only when its lateness changed, so that nothing
       * being picked in the detail moves under the pointer. */
      if (g_strcmp0 (due, gtk_label_get_label (self->detail_due_label)) != 0)
        load_case (self, id);
    }
  return G_SOURCE_CONTINUE;
}

static void
case_opened_cb (SdCasesPage *self,
                gint64       id)
{
  g_autofree char *message = g_strdup_printf (_("Case #%lld opened"), (long long) id);

  load_list (self);
  if (load_case (self, id))
    toast (self, message, FALSE);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SdCasesPage *self = SD_CASES_PAGE (widget);
  GtkWidget *dialog;

  (void) action_name;
  (void) parameter;
  if (self->session == NULL)
    return;
  dialog = sd_case_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session, 0, 0);
  g_signal_connect_object (dialog, "case-opened", G_CALLBACK (case_opened_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  (void) action_name;
  (void) parameter;
  close_case (SD_CASES_PAGE (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  (void) action_name;
  (void) parameter;
  sd_cases_page_reload (SD_CASES_PAGE (widget));
}

/* ---- the object ---- */

static void
sd_cases_page_dispose (GObject *object)
{
  SdCasesPage *self = SD_CASES_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->hand_over_source, g_source_remove);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->session);
  /* AdwBin unparents its child itself: the template must not do it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CASES_PAGE);
  G_OBJECT_CLASS (sd_cases_page_parent_class)->dispose (object);
}

static void
sd_cases_page_root (GtkWidget *widget)
{
  SdCasesPage *self = SD_CASES_PAGE (widget);

  GTK_WIDGET_CLASS (sd_cases_page_parent_class)->root (widget);
  if (self->session != NULL && self->refresh_source == 0)
    self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, refresh_tick_cb, self);
}

/* Out of its window: the list being read and the minute's refresh are not wanted. */
static void
sd_cases_page_unroot (GtkWidget *widget)
{
  SdCasesPage *self = SD_CASES_PAGE (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  GTK_WIDGET_CLASS (sd_cases_page_parent_class)->unroot (widget);
}

static void
sd_cases_page_finalize (GObject *object)
{
  SdCasesPage *self = SD_CASES_PAGE (object);

  g_clear_pointer (&self->cases, g_ptr_array_unref);
  g_clear_pointer (&self->shown, sd_case_free);
  g_clear_pointer (&self->row_ids, g_array_unref);
  g_clear_pointer (&self->handler_ids, g_array_unref);
  G_OBJECT_CLASS (sd_cases_page_parent_class)->finalize (object);
}

static void
sd_cases_page_class_init (SdCasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_cases_page_dispose;
  object_class->finalize = sd_cases_page_finalize;
  widget_class->root = sd_cases_page_root;
  widget_class->unroot = sd_cases_page_unroot;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-cases-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, detail_conversation_row);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, detail_customer_row);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, detail_deadline_row);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, detail_group);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, detail_handler_row);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, detail_order_row);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, detail_page);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, detail_state_row);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, filter_separator);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, list);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, note_button);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, note_error);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, note_view);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, state_box);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdCasesPage, window_title);
  gtk_widget_class_bind_template_callback (widget_class, add_note_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, handler_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "cases.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "cases.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "cases.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "cases.deadlines", NULL, deadlines_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "cases.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "cases.back", NULL);
}

static void
sd_cases_page_init (SdCasesPage *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  self->row_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->handler_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (types, _("All Types"));
  for (int t = 0; t < SD_CASE_TYPE_N; t++)
    gtk_string_list_append (types, sd_case_type_describe ((SdCaseType) t));
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));
  /* Made here, not in the template: libadwaita 1.2 unparents an action row's suffix a
   * second time when the template lets go of a bound one (a critical at dispose). */
  self->detail_due_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->detail_due_label), GTK_ALIGN_CENTER);
  gtk_widget_set_name (GTK_WIDGET (self->detail_due_label), "detail_due_label");
  adw_action_row_add_suffix (self->detail_deadline_row, GTK_WIDGET (self->detail_due_label));
  update_actions (self);
}

/* ---- public API ---- */

GtkWidget *
sd_cases_page_new (void)
{
  return g_object_new (SD_TYPE_CASES_PAGE, NULL);
}

void
sd_cases_page_set_session (SdCasesPage *self,
                           SdSession   *session)
{
  g_return_if_fail (SD_IS_CASES_PAGE (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  if (self->session == session)
    {
      update_actions (self);
      return;
    }
  g_set_object (&self->session, session);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_pointer (&self->shown, sd_case_free);
  if (session != NULL)
    self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, refresh_tick_cb, self);
  close_case (self);
  load_list (self);
}

void
sd_cases_page_set_folded (SdCasesPage *self,
                          gboolean     folded)
{
  g_return_if_fail (SD_IS_CASES_PAGE (self));

  self->folded = folded;
  update_actions (self);
}

void
sd_cases_page_reload (SdCasesPage *self)
{
  g_return_if_fail (SD_IS_CASES_PAGE (self));

  if (self->session == NULL)
    return;
  load_list (self);
  if (self->shown != NULL)
    load_case (self, self->shown->id);
}

void
sd_cases_page_open_case (SdCasesPage *self,
                         gint64       id)
{
  g_return_if_fail (SD_IS_CASES_PAGE (self));

  if (self->session != NULL)
    load_case (self, id);
}

guint
sd_cases_page_get_count (SdCasesPage *self)
{
  g_return_val_if_fail (SD_IS_CASES_PAGE (self), 0);

  return self->row_ids->len;
}

gboolean
sd_cases_page_get_busy (SdCasesPage *self)
{
  g_return_val_if_fail (SD_IS_CASES_PAGE (self), FALSE);

  return self->list_cancellable != NULL;
}
