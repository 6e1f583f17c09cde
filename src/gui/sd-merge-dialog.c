/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-merge-dialog"

#include <glib/gi18n.h>

#include "sd-customers.h"
#include "sd-merge-dialog.h"
#include "sd-phone.h"
#include "sd-values.h"
#include "sd-window.h"

/* As many candidates as a person reads through; the customer itself is left out. */
#define SEARCH_LIMIT 20

struct _SdMergeDialog
{
  AdwWindow       parent_instance;

  SdSession      *session;
  gint64          customer_id;
  gint64          keep_id;
  gint64          other_id;
  GCancellable   *search_cancellable;
  guint           search_generation;

  GtkStack       *stack;
  AdwWindowTitle *search_title;
  GtkSearchEntry *search_entry;
  GtkStack       *results_stack;
  GtkListBox     *results_list;
  AdwStatusPage  *search_error_page;
  GtkSpinner     *search_spinner;
  GtkGrid        *compare_grid;
  GtkButton      *swap_button;
  GtkLabel       *summary_label;
  GtkLabel       *merge_error;
  GtkButton      *merge_button;
  GtkButton      *preview_back_button;
};

G_DEFINE_FINAL_TYPE (SdMergeDialog, sd_merge_dialog, ADW_TYPE_WINDOW)

enum {
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  SdSession *session;     /* the account the worker acts as */
  char      *text;
  gint64     exclude_id;
  guint      generation;
} SearchJob;

static void
search_job_free (SearchJob *job)
{
  g_object_unref (job->session);
  g_free (job->text);
  g_free (job);
}

static char *
display_name (const SdCustomer *c)
{
  if (*c->name)
    return g_strdup (c->name);
  if (*c->nick)
    return g_strdup (c->nick);
  if (*c->phone)
    return sd_phone_format_display (c->phone);
  /* TRANSLATORS: a customer with neither name, nick nor phone, by number */
  return g_strdup_printf (_("Customer #%lld"), (long long) c->id);
}

static char *
phone_text (const SdCustomer *c)
{
  switch (c->phone_state)
    {
    case SD_PHONE_VALID:
      return sd_phone_format_display (c->phone);
    case SD_PHONE_MASKED:
      /* TRANSLATORS: a phone number the store masked, e.g. "138****5678 (masked)" */
      return g_strdup_printf (_("%s (masked)"), c->phone);
    case SD_PHONE_INVALID:
      /* TRANSLATORS: a phone number kept as imported that is not a number, e.g. "12345 (not valid)"
       */
      return g_strdup_printf (_("%s (not valid)"), c->phone);
    case SD_PHONE_NONE:
    default:
      return g_strdup ("");
    }
}

static char *
tags_text (const SdCustomer *c)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; c->tags != NULL && i < c->tags->len; i++)
    {
      if (i > 0)
        /* TRANSLATORS: separates tags in a list, e.g. "VIP, 老客户" */
        g_string_append (text, _(", "));
      g_string_append (text, g_ptr_array_index (c->tags, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_results_page (SdMergeDialog *self,
                   const char    *page)
{
  gtk_stack_set_visible_child_name (self->results_stack, page);
}

static GtkWidget *
result_row (const SdCustomer *c)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = display_name (c);
  g_autofree char *phone = phone_text (c);
  g_autofree char *spent = sd_format_money_display (c->total_spent_cents);
  g_autofree char *count = sd_format_count (c->order_count);
  g_autofree char *orders = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order", "%s orders",
                                                          (gulong) c->order_count), count);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *parts[] = { g_strcmp0 (c->nick, name) != 0 ? c->nick : "", phone, spent, orders };
  gint64 *id = g_new (gint64, 1);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, parts[i]);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  *id = c->id;
  g_object_set_data_full (G_OBJECT (row), "customer-id", id, g_free);
  return row;
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  GPtrArray *others = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_customer_free);

  /* Its own connection: the main thread's is not to be shared across threads. */
  session = sd_session_open_copy (job->session, &error);
  query->text = g_strdup (job->text);
  if (session != NULL)
    found = sd_customers_find (session, query, NULL, SEARCH_LIMIT + 1, &error);
  if (found == NULL)
    {
      g_ptr_array_unref (others);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < found->len && others->len < SEARCH_LIMIT; i++)
    {
      SdCustomer *c = g_ptr_array_index (found, i);
      if (c->id != job->exclude_id)
        g_ptr_array_add (others, sd_customer_copy (c));
    }
  g_task_return_pointer (task, others, (GDestroyNotify) g_ptr_array_unref);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SdMergeDialog *self = SD_MERGE_DIALOG (source);
  SearchJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = g_task_propagate_pointer (G_TASK (result), &error);
  GtkWidget *child;

  /* A newer search is on its way: this answer is stale. */
  if (job->generation != self->search_generation)
    return;
  gtk_spinner_stop (self->search_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), FALSE);
  if (found == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->search_error_page, error->message);
      show_results_page (self, "error");
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
  for (guint i = 0; i < found->len; i++)
    gtk_list_box_append (self->results_list, result_row (g_ptr_array_index (found, i)));
  show_results_page (self, found->len > 0 ? "results" : "none");
}

static void
search_changed_cb (SdMergeDialog *self)
{
  g_autofree char *text =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autoptr(GTask) task = NULL;
  SearchJob *job;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_generation++;
  if (*text == '\0' || self->session == NULL)
    {
      gtk_spinner_stop (self->search_spinner);
      gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), FALSE);
      show_results_page (self, "hint");
      return;
    }

  job = g_new0 (SearchJob, 1);
  job->session = g_object_ref (self->session);
  job->text = g_steal_pointer (&text);
  job->exclude_id = self->customer_id;
  job->generation = self->search_generation;
  self->search_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), TRUE);
  gtk_spinner_start (self->search_spinner);

  task = g_task_new (self, self->search_cancellable, search_done_cb, NULL);
  g_task_set_source_tag (task, search_changed_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) search_job_free);
  g_task_run_in_thread (task, search_thread);
}

static void
add_compare_row (SdMergeDialog *self,
                 int            row,
                 const char    *caption,
                 const char    *values[3],
                 gboolean       figure)
{
  GtkWidget *label = gtk_label_new (caption);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (self->compare_grid, label, 0, row, 1, 1);
  for (int i = 0; i < 3; i++)
    {
      const char *text = values[i] != NULL && *values[i] ? values[i] : "—";

      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_yalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 10);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
      gtk_label_set_selectable (GTK_LABEL (label), FALSE);
      gtk_widget_set_hexpand (label, TRUE);
      if (figure)
        gtk_widget_add_css_class (label, "numeric");
      if (i == 2)
        {
          /* Bold at the body's size: the result stands out and the rows stay aligned. */
          PangoAttrList *bold = pango_attr_list_new ();
          pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          gtk_label_set_attributes (GTK_LABEL (label), bold);
          pango_attr_list_unref (bold);
        }
      gtk_grid_attach (self->compare_grid, label, i + 1, row, 1, 1);
    }
}

static void
add_compare_header (SdMergeDialog *self,
                    int            column,
                    const char    *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption-heading");
  if (column == 3)
    gtk_widget_add_css_class (label, "accent");
  gtk_grid_attach (self->compare_grid, label, column, 0, 1, 1);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

/* Fills the preview for the current keep/other pair; FALSE (and the reason shown) when it
 * cannot be made. */
static gboolean
show_preview (SdMergeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) keep = sd_customers_get (self->session, self->keep_id, &error);
  g_autoptr(SdCustomer) other =
               keep ? sd_customers_get (self->session, self->other_id, &error) : NULL;
  g_autoptr(SdCustomer) merged = other ? sd_customers_preview_merge (self->session, self->keep_id,
                                                                      self->other_id, &error)
                                        : NULL;
  g_autoptr(GPtrArray) other_orders =
               merged ? sd_customers_get_orders (self->session, self->other_id, &error) : NULL;
  const SdCustomer *c[3];
  char *names[3], *nicks[3], *phones[3], *spent[3], *orders[3], *tags[3], *notes[3];
  g_autofree char *keep_name = NULL;
  g_autofree char *other_name = NULL;
  g_autofree char *orders_text = NULL;
  g_autofree char *notes_text = NULL;
  g_autofree char *tags_moving = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *button = NULL;
  g_autofree char *swap = NULL;
  guint n_orders, n_notes, n_tags;

  gtk_widget_set_visible (GTK_WIDGET (self->merge_error), FALSE);
  if (other_orders == NULL)
    {
      adw_status_page_set_description (self->search_error_page, error->message);
      show_results_page (self, "error");
      gtk_stack_set_visible_child_name (self->stack, "search");
      return FALSE;
    }

  c[0] = other;
  c[1] = keep;
  c[2] = merged;
  for (int i = 0; i < 3; i++)
    {
      gsize n = c[i]->notes ? c[i]->notes->len : 0;

      names[i] = display_name (c[i]);
      nicks[i] = g_strdup (c[i]->nick);
      phones[i] = phone_text (c[i]);
      spent[i] = sd_format_money_display (c[i]->total_spent_cents);
      orders[i] = sd_format_count (c[i]->order_count);
      tags[i] = tags_text (c[i]);
      notes[i] = sd_format_count ((gint64) n);
    }

  clear_grid (self->compare_grid);
  add_compare_header (self, 1, _("Removed"));
  add_compare_header (self, 2, _("Kept"));
  add_compare_header (self, 3, _("After the Merge"));
  add_compare_row (self, 1, _("Name"), (const char **) names, FALSE);
  add_compare_row (self, 2, _("Nick"), (const char **) nicks, FALSE);
  add_compare_row (self, 3, _("Mobile"), (const char **) phones, TRUE);
  add_compare_row (self, 4, _("Spent"), (const char **) spent, TRUE);
  add_compare_row (self, 5, _("Orders"), (const char **) orders, TRUE);
  add_compare_row (self, 6, _("Tags"), (const char **) tags, FALSE);
  add_compare_row (self, 7, _("Notes"), (const char **) notes, TRUE);
  for (int i = 0; i < 3; i++)
    {
      g_free (names[i]);
      g_free (nicks[i]);
      g_free (phones[i]);
      g_free (spent[i]);
      g_free (orders[i]);
      g_free (tags[i]);
      g_free (notes[i]);
    }

  keep_name = display_name (keep);
  other_name = display_name (other);
  n_orders = other_orders->len;
  n_notes = other->notes ? other->notes->len : 0;
  n_tags = merged->tags->len - keep->tags->len;
  {
    g_autofree char *o = sd_format_count (n_orders);
    g_autofree char *n = sd_format_count (n_notes);
    g_autofree char *t = sd_format_count (n_tags);

    orders_text =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order", "%s orders", n_orders), o);
    notes_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s note", "%s notes", n_notes), n);
    tags_moving = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s tag", "%s tags", n_tags), t);
  }
  /* TRANSLATORS: what a merge does: "Merge “张三” into “李四”: 5 orders, 2 notes and
   * 3 tags move; “张三” is removed. This cannot be undone." */
  summary =
    g_strdup_printf (_("Merge “%s” into “%s”: %s, %s and %s move; “%s” is removed. "
                               "This cannot be undone."),
                        other_name, keep_name, orders_text, notes_text, tags_moving, other_name);
  gtk_label_set_label (self->summary_label, summary);
  /* TRANSLATORS: the merge dialog's confirm button */
  button = g_strdup_printf (_("_Merge “%s” into “%s”"), other_name, keep_name);
  gtk_button_set_label (self->merge_button, button);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->merge_button), summary);
  /* TRANSLATORS: swaps which of the two customers the merge keeps */
  swap = g_strdup_printf (_("_Keep “%s” Instead"), other_name);
  gtk_button_set_label (self->swap_button, swap);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  return TRUE;
}

static void
result_activated_cb (SdMergeDialog *self,
                     GtkListBoxRow *row)
{
  const gint64 *id = g_object_get_data (G_OBJECT (row), "customer-id");

  g_assert (id != NULL);
  self->keep_id = self->customer_id;
  self->other_id = *id;
  /* Not on the merge button: an Enter too many after the search must not merge. */
  if (show_preview (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->preview_back_button));
}

static void
search_activate_cb (SdMergeDialog *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results_list, 0);

  if (first != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->results_stack), "results") == 0)
    result_activated_cb (self, first);
}

static void
stop_search_cb (SdMergeDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
back_cb (SdMergeDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "search");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
swap_cb (SdMergeDialog *self)
{
  gint64 keep = self->keep_id;

  self->keep_id = self->other_id;
  self->other_id = keep;
  show_preview (self);
}

static void
merge_cb (SdMergeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) keep = sd_customers_get (self->session, self->keep_id, NULL);
  g_autoptr(SdCustomer) other = sd_customers_get (self->session, self->other_id, NULL);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  gint64 keep_id = self->keep_id, other_id = self->other_id;

  if (!sd_customers_merge (self->session, keep_id, other_id, &error))
    {
      gtk_label_set_label (self->merge_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->merge_error), TRUE);
      return;
    }
  if (SD_IS_WINDOW (parent) && keep != NULL && other != NULL)
    {
      g_autofree char *keep_name = display_name (keep);
      g_autofree char *other_name = display_name (other);
      /* TRANSLATORS: toast after a merge */
      g_autofree char *message =
        g_strdup_printf (_("Merged “%s” into “%s”"), other_name, keep_name);

      sd_window_add_toast (SD_WINDOW (parent), adw_toast_new (message));
    }
  g_signal_emit (self, signals[MERGED], 0, keep_id, other_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sd_merge_dialog_dispose (GObject *object)
{
  SdMergeDialog *self = SD_MERGE_DIALOG (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  /* A search still running answers after this: it must find nothing to fill. */
  self->search_generation++;
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_MERGE_DIALOG);
  G_OBJECT_CLASS (sd_merge_dialog_parent_class)->dispose (object);
}

static void
sd_merge_dialog_class_init (SdMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_merge_dialog_dispose;

  signals[MERGED] = g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, compare_grid);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, merge_button);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, merge_error);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, preview_back_button);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, results_list);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, results_stack);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, search_error_page);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, search_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, search_title);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SdMergeDialog, swap_button);
  gtk_widget_class_bind_template_callback (widget_class, back_cb);
  gtk_widget_class_bind_template_callback (widget_class, merge_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, swap_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_merge_dialog_init (SdMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SdMergeDialog *
sd_merge_dialog_new (GtkWindow *parent,
                     SdSession *session,
                     gint64     customer_id)
{
  SdMergeDialog *self;
  g_autoptr(SdCustomer) customer = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_MERGE_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->customer_id = customer_id;
  customer = sd_customers_get (session, customer_id, NULL);
  if (customer != NULL)
    {
      g_autofree char *name = display_name (customer);
      /* TRANSLATORS: subtitle of the merge dialog: "Find the other record of “张三”" */
      g_autofree char *subtitle = g_strdup_printf (_("Find the other record of “%s”"), name);
      adw_window_title_set_subtitle (self->search_title, subtitle);
    }
  return self;
}
