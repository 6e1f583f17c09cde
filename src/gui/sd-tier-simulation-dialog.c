/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tier-simulation-dialog"

#include <glib/gi18n.h>

#include "sd-tier-chart.h"
#include "sd-tier-jobs.h"
#include "sd-tier-simulation-dialog.h"
#include "sd-values.h"
#include "sd-window.h"

/* The "Customers per grade" rows: the grades, then those not computed yet. */
#define N_COUNT_ROWS (SD_TIER_N_GRADES + 1)

struct _SdTierSimulationDialog
{
  AdwWindow            parent_instance;

  SdSession           *session;
  SdTierLadder        *proposed;
  SdTierSimulation    *simulation;
  GCancellable        *cancellable;
  SdWindow            *window;            /* the shop's window, which waits for a save */
  gboolean             applying;
  gboolean             disposed;
  GtkWidget           *count_rows[N_COUNT_ROWS];
  GtkLabel            *now_labels[N_COUNT_ROWS];
  GtkLabel            *after_labels[N_COUNT_ROWS];
  GtkLabel            *change_labels[N_COUNT_ROWS];

  GtkLabel            *apply_error;
  GtkButton           *apply_button;
  GtkSpinner          *applying_spinner;
  SdTierChart         *chart;
  GtkLabel            *discount_after_label;
  GtkLabel            *discount_change_label;
  GtkLabel            *discount_now_label;
  GtkButton           *down_button;
  AdwActionRow        *down_row;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *grades_group;
  AdwActionRow        *pinned_row;
  GtkSpinner          *running_spinner;
  GtkStack            *stack;
  GtkButton           *up_button;
  AdwActionRow        *up_row;
};

G_DEFINE_FINAL_TYPE (SdTierSimulationDialog, sd_tier_simulation_dialog, ADW_TYPE_WINDOW)

enum {
  APPLIED,
  SHOW_CUSTOMERS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- showing the result ---- */

static void
show_page (SdTierSimulationDialog *self,
           const char             *name)
{
  gboolean running = g_str_equal (name, "running");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->running_spinner, running);
  gtk_spinner_set_spinning (self->applying_spinner, self->applying);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), g_str_equal (name, "result") && !self->applying);
  gtk_window_set_deletable (GTK_WINDOW (self), !self->applying);
}

/* "+265", "−¥12.00", "0": MAGNITUDE (taken) with the sign of DIFFERENCE. */
static char *
signed_text (gint64  difference,
             char   *magnitude)
{
  g_autofree char *text = magnitude;

  return g_strdup_printf ("%s%s", difference > 0 ? "+" : difference < 0 ? "−" : "", text);
}

static void
set_signed_style (GtkWidget  *label,
                  gint64      difference,
                  const char *up_class,
                  const char *down_class)
{
  gtk_widget_remove_css_class (label, up_class);
  gtk_widget_remove_css_class (label, down_class);
  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, difference > 0 ? up_class : difference < 0 ? down_class : "dim-label");
}

static GtkLabel *
count_label (GtkBox       *box,
             const char   *kind,
             int           row,
             GtkSizeGroup *group,
             const char   *style)
{
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *name = g_strdup_printf ("%s-%d", kind, row);

  /* Named, for tests to read. */
  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "numeric");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_size_group_add_widget (group, label);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

/* A row a grade, and one for the customers not computed yet: the name, the count now →
 * after, and the difference; the figures line up from row to row. */
static void
build_count_rows (SdTierSimulationDialog *self)
{
  g_autoptr(GtkSizeGroup) now_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_autoptr(GtkSizeGroup) after_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_autoptr(GtkSizeGroup) change_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  for (int i = 0; i < N_COUNT_ROWS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *arrow = gtk_label_new ("→");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      self->now_labels[i] = count_label (GTK_BOX (box), "now", i, now_group, "dim-label");
      gtk_widget_add_css_class (arrow, "dim-label");
      gtk_box_append (GTK_BOX (box), arrow);
      self->after_labels[i] = count_label (GTK_BOX (box), "after", i, after_group, "heading");
      self->change_labels[i] = count_label (GTK_BOX (box), "change", i, change_group, NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      adw_preferences_group_add (self->grades_group, row);
      self->count_rows[i] = row;
    }
}

static void
set_row_counts (SdTierSimulationDialog *self,
                int                     i,
                const char             *title,
                gint64                  now,
                gint64                  after)
{
  g_autofree char *now_text = sd_format_count (now);
  g_autofree char *after_text = sd_format_count (after);
  g_autofree char *change_text = signed_text (after - now, sd_format_count (ABS (after - now)));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->count_rows[i]), title);
  gtk_label_set_label (self->now_labels[i], now_text);
  gtk_label_set_label (self->after_labels[i], after_text);
  gtk_label_set_label (self->change_labels[i], change_text);
  set_signed_style (GTK_WIDGET (self->change_labels[i]), after - now, "success", "error");
}

/* "1,234 customers move up", or NOBODY, and the button that lists them when there are. */
static void
show_moves (AdwActionRow *row,
            GtkWidget    *button,
            GArray       *ids,
            gboolean      up)
{
  g_autofree char *count = sd_format_count (ids->len);
  g_autofree char *title = NULL;

  if (ids->len == 0)
    title = g_strdup (up ? _("Nobody moves up") : _("Nobody moves down"));
  else if (up)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer moves up", "%s customers move up", ids->len),
                             count);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer moves down", "%s customers move down",
                                          ids->len),
                             count);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_visible (button, ids->len > 0);
}

static void
show_simulation (SdTierSimulationDialog *self)
{
  const SdTierSimulation *sim = self->simulation;
  g_autofree char *pinned = sd_format_count (sim->pinned);
  g_autofree char *pinned_title = NULL;
  g_autofree char *discount_now = sd_format_money_display (sim->discount_now_cents);
  g_autofree char *discount_after = sd_format_money_display (sim->discount_after_cents);
  gint64 discount_difference = sim->discount_after_cents - sim->discount_now_cents;
  g_autofree char *discount_change = signed_text (discount_difference,
                                                  sd_format_money_display (ABS (discount_difference)));

  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    set_row_counts (self, g, sd_tier_ladder_get_name (self->proposed, g), sim->now[g], sim->after[g]);
  set_row_counts (self, SD_TIER_N_GRADES, _("Not computed yet"), sim->now_none, 0);
  gtk_widget_set_visible (self->count_rows[SD_TIER_N_GRADES], sim->now_none > 0);

  sd_tier_chart_set_ladder (self->chart, self->proposed);
  sd_tier_chart_set_counts (self->chart, sim->now, sim->now_none);
  sd_tier_chart_set_after (self->chart, sim->after);

  show_moves (self->up_row, GTK_WIDGET (self->up_button), sim->moved_up, TRUE);
  show_moves (self->down_row, GTK_WIDGET (self->down_button), sim->moved_down, FALSE);
  pinned_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s pinned customer keeps their grade",
                                               "%s pinned customers keep their grade",
                                               (gulong) MIN (sim->pinned, G_MAXLONG)),
                                  pinned);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pinned_row), pinned_title);
  gtk_widget_set_visible (GTK_WIDGET (self->pinned_row), sim->pinned > 0);

  gtk_label_set_label (self->discount_now_label, discount_now);
  gtk_label_set_label (self->discount_after_label, discount_after);
  gtk_label_set_label (self->discount_change_label, discount_change);
  /* More discount is money the shop gives up. */
  set_signed_style (GTK_WIDGET (self->discount_change_label), discount_difference, "warning", "success");
  show_page (self, "result");
}

/* ---- callbacks ---- */

static void
simulate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SdTierSimulationDialog *self = SD_TIER_SIMULATION_DIALOG (source);
  g_autoptr(GError) error = NULL;
  SdTierSimulation *simulation = sd_tier_jobs_simulate_finish (result, &error);

  if (self->disposed)
    {
      g_clear_pointer (&simulation, sd_tier_simulation_free);
      return;
    }
  if (simulation == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      show_page (self, "error");
      return;
    }
  self->simulation = simulation;
  show_simulation (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->apply_button));
}

static void
apply_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SdTierSimulationDialog *self = SD_TIER_SIMULATION_DIALOG (source);
  g_autoptr(GError) error = NULL;
  SdTierRecomputeStats stats = { 0 };
  gboolean saved = sd_tier_jobs_save_finish (result, &stats, &error);
  g_autoptr(SdWindow) window = g_steal_pointer (&self->window);

  self->applying = FALSE;
  if (saved)
    g_signal_emit (self, signals[APPLIED], 0, stats.changed);
  if (!self->disposed)
    {
      if (saved)
        gtk_window_destroy (GTK_WINDOW (self));
      else
        {
          /* Nothing was saved: the figures stay, with what went wrong, to try again. */
          g_autofree char *message = g_strdup_printf (_("Could not save the ladder: %s"), error->message);
          gtk_label_set_label (self->apply_error, message);
          gtk_widget_set_visible (GTK_WIDGET (self->apply_error), TRUE);
          show_page (self, "result");
        }
    }
  /* Last: a window waiting for this save to close goes now. */
  if (window != NULL)
    sd_window_end_job (window, self->cancellable);
}

static void
apply_cb (SdTierSimulationDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->simulation == NULL || self->applying)
    return;
  self->applying = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->apply_error), FALSE);
  show_page (self, "applying");
  if (SD_IS_WINDOW (parent))
    {
      self->window = g_object_ref (SD_WINDOW (parent));
      sd_window_begin_job (self->window, self->cancellable);
    }
  sd_tier_jobs_save_async (self, self->session, self->proposed, self->cancellable, apply_done_cb, NULL);
}

static void
show_customers (SdTierSimulationDialog *self,
                GArray                 *ids,
                const char             *label)
{
  g_autoptr(GArray) copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);

  /* A copy: the handler may keep it, and the dialog goes. */
  g_array_append_vals (copy, ids->data, ids->len);
  g_signal_emit (self, signals[SHOW_CUSTOMERS], 0, copy, label);
  gtk_window_close (GTK_WINDOW (self));
}

/* Lists who would move UP (or down) in the window, and closes without saving. */
static void
show_moved (SdTierSimulationDialog *self,
            gboolean                up)
{
  GArray *ids;
  g_autofree char *count = NULL;
  g_autofree char *label = NULL;

  if (self->simulation == NULL)
    return;
  ids = up ? self->simulation->moved_up : self->simulation->moved_down;
  count = sd_format_count (ids->len);
  label = up
            /* TRANSLATORS: the label over the customer list: those the new ladder would move up */
            ? g_strdup_printf (_("Would move up: %s"), count)
            /* TRANSLATORS: the label over the customer list: those the new ladder would move down */
            : g_strdup_printf (_("Would move down: %s"), count);
  show_customers (self, ids, label);
}

static void
show_up_cb (SdTierSimulationDialog *self)
{
  show_moved (self, TRUE);
}

static void
show_down_cb (SdTierSimulationDialog *self)
{
  show_moved (self, FALSE);
}

static gboolean
sd_tier_simulation_dialog_close_request (GtkWindow *window)
{
  SdTierSimulationDialog *self = SD_TIER_SIMULATION_DIALOG (window);

  /* A save under way cannot be taken back halfway: it is one transaction, to its end. */
  if (self->applying)
    return TRUE;
  return GTK_WINDOW_CLASS (sd_tier_simulation_dialog_parent_class)->close_request (window);
}

/* ---- the object ---- */

static void
sd_tier_simulation_dialog_dispose (GObject *object)
{
  SdTierSimulationDialog *self = SD_TIER_SIMULATION_DIALOG (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_TIER_SIMULATION_DIALOG);
  G_OBJECT_CLASS (sd_tier_simulation_dialog_parent_class)->dispose (object);
}

static void
sd_tier_simulation_dialog_finalize (GObject *object)
{
  SdTierSimulationDialog *self = SD_TIER_SIMULATION_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->window);
  g_clear_pointer (&self->proposed, sd_tier_ladder_free);
  g_clear_pointer (&self->simulation, sd_tier_simulation_free);
  G_OBJECT_CLASS (sd_tier_simulation_dialog_parent_class)->finalize (object);
}

static void
sd_tier_simulation_dialog_class_init (SdTierSimulationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sd_tier_simulation_dialog_dispose;
  object_class->finalize = sd_tier_simulation_dialog_finalize;
  window_class->close_request = sd_tier_simulation_dialog_close_request;

  /**
   * SdTierSimulationDialog::applied:
   * @changed: customers whose grade changed
   *
   * The ladder was saved and every customer placed on it.
   */
  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * SdTierSimulationDialog::show-customers:
   * @ids: (element-type gint64): the customers
   * @label: who they are
   *
   * The person asked to see the customers who would move.
   */
  signals[SHOW_CUSTOMERS] = g_signal_new ("show-customers", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 2, G_TYPE_ARRAY, G_TYPE_STRING);

  g_type_ensure (SD_TYPE_TIER_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-tier-simulation-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, apply_error);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, applying_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, chart);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, discount_after_label);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, discount_change_label);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, discount_now_label);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, down_button);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, down_row);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, grades_group);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, pinned_row);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, running_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, up_button);
  gtk_widget_class_bind_template_child (widget_class, SdTierSimulationDialog, up_row);
  gtk_widget_class_bind_template_callback (widget_class, apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_down_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_up_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_tier_simulation_dialog_init (SdTierSimulationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  build_count_rows (self);
}

/* ---- public API ---- */

SdTierSimulationDialog *
sd_tier_simulation_dialog_new (GtkWindow          *parent,
                               SdSession          *session,
                               const SdTierLadder *proposed)
{
  SdTierSimulationDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (proposed != NULL, NULL);

  self = g_object_new (SD_TYPE_TIER_SIMULATION_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->proposed = sd_tier_ladder_copy (proposed);
  show_page (self, "running");
  /* Not on Cancel: Enter pressed while it works must not throw the change away. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  sd_tier_jobs_simulate_async (self, session, proposed, self->cancellable, simulate_done_cb, NULL);
  return self;
}

const SdTierSimulation *
sd_tier_simulation_dialog_get_simulation (SdTierSimulationDialog *self)
{
  g_return_val_if_fail (SD_IS_TIER_SIMULATION_DIALOG (self), NULL);
  return self->simulation;
}

gboolean
sd_tier_simulation_dialog_get_busy (SdTierSimulationDialog *self)
{
  g_return_val_if_fail (SD_IS_TIER_SIMULATION_DIALOG (self), FALSE);
  return self->applying || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "running") == 0;
}
