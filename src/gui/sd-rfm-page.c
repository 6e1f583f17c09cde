/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-rfm-page"

#include <glib/gi18n.h>

#include "sd-condition.h"
#include "sd-rfm-chart.h"
#include "sd-rfm-page.h"
#include "sd-values.h"
#include "sd-window.h"

struct _SdRfmPage
{
  AdwBin          parent_instance;

  SdSession      *session;
  SdRfmGrid      *grid;             /* shown; NULL before a read */
  GCancellable   *cancellable;      /* the read under way */
  guint           generation;
  GtkLabel       *group_counts[SD_RFM_GROUP_N];

  SdRfmChart     *chart;
  AdwStatusPage  *error_page;
  GtkListBox     *groups_list;
  GtkButton      *sidebar_button;
  GtkSpinner     *spinner;
  GtkStack       *stack;
  AdwWindowTitle *title;
};

G_DEFINE_FINAL_TYPE (SdRfmPage, sd_rfm_page, ADW_TYPE_BIN)

enum {
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the read, on a worker thread with its own connection ---- */

typedef struct
{
  SdSession *session;      /* the page's: only sd_session_open_on () reads it */
  guint      generation;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->session);
  g_free (job);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (job->session, &error);
  g_autofree SdRfmGrid *grid = g_new0 (SdRfmGrid, 1);

  if (session == NULL || !sd_rfm_grid (session, grid, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&grid), g_free);
}

static gboolean
busy (SdRfmPage *self)
{
  return self->cancellable != NULL;
}

static void
set_busy (SdRfmPage    *self,
          GCancellable *cancellable)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, cancellable);
  gtk_spinner_set_spinning (self->spinner, cancellable != NULL);
  /* The header's spinner while the grid shown is read again; the page's own when there
   * is nothing to show yet. */
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), cancellable != NULL && self->grid != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rfm.reload", self->session != NULL && cancellable == NULL);
}

static void
update_subtitle (SdRfmPage *self)
{
  g_autofree char *scored = NULL;
  g_autofree char *unscored = NULL;
  g_autofree char *subtitle = NULL;

  if (self->grid != NULL)
    {
      scored = sd_format_count (self->grid->scored);
      unscored = sd_format_count (self->grid->unscored);
      /* TRANSLATORS: "12,345 scored · 678 not scored" */
      subtitle = g_strdup_printf (_("%s scored · %s not scored"), scored, unscored);
    }
  adw_window_title_set_subtitle (self->title, subtitle ? subtitle : "");
}

static void
fill_groups (SdRfmPage *self)
{
  for (SdRfmGroup group = SD_RFM_GROUP_NONE + 1; group < SD_RFM_GROUP_N; group++)
    {
      gint64 count = self->grid ? self->grid->groups[group] : 0;
      gint64 scored = self->grid ? self->grid->scored : 0;
      g_autofree char *text = sd_format_count (count);
      g_autofree char *label = g_strdup_printf ("%s · %.1f%%", text, scored > 0 ? 100.0 * (double) count / (double) scored : 0.0);
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (self->group_counts[group]), GTK_TYPE_LIST_BOX_ROW);

      gtk_label_set_label (self->group_counts[group], label);
      gtk_widget_set_sensitive (row, count > 0);
    }
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdRfmPage *self = SD_RFM_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree SdRfmGrid *grid = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer read, another account or a page gone: this answer is stale. */
  if (job->generation != self->generation)
    return;

  set_busy (self, NULL);
  g_clear_pointer (&self->grid, g_free);
  if (grid == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      self->grid = g_steal_pointer (&grid);
      gtk_stack_set_visible_child_name (self->stack, self->grid->scored > 0 ? "grid" : "empty");
    }
  sd_rfm_chart_set_grid (self->chart, self->grid);
  fill_groups (self);
  update_subtitle (self);
  g_signal_emit (self, signals[LOADED], 0);
}

static void
start_read (SdRfmPage *self)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;
  Job *job;

  self->generation++;
  set_busy (self, NULL);
  if (self->session == NULL)
    return;

  if (self->grid == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  cancellable = g_cancellable_new ();
  job = g_new0 (Job, 1);
  job->session = g_object_ref (self->session);
  job->generation = self->generation;
  task = g_task_new (self, cancellable, read_done_cb, NULL);
  g_task_set_source_tag (task, start_read);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  set_busy (self, cancellable);
  g_task_run_in_thread (task, read_thread);
}

/* ---- what a click lists ---- */

static void
show_customers (SdRfmPage   *self,
                SdCondition *condition,
                const char  *label)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (SD_IS_WINDOW (root))
    sd_window_show_customers (SD_WINDOW (root), condition, NULL, label);
}

static void
cell_activated_cb (SdRfmPage *self,
                   int        r,
                   int        f)
{
  SdCondition *both[2] = {
    sd_condition_new_number (SD_CONDITION_FIELD_RFM_R, SD_CONDITION_OP_EQ, r),
    sd_condition_new_number (SD_CONDITION_FIELD_RFM_F, SD_CONDITION_OP_EQ, f),
  };
  g_autoptr(SdCondition) condition = sd_condition_new_all (SD_CONDITION_AND, both, G_N_ELEMENTS (both));
  /* TRANSLATORS: what the customer list is limited to after a click on a cell: "RFM R5 · F4" */
  g_autofree char *label = g_strdup_printf (_("RFM R%d · F%d"), r, f);

  show_customers (self, condition, label);
}

static void
group_activated_cb (SdRfmPage     *self,
                    GtkListBoxRow *row)
{
  SdRfmGroup group = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "group"));
  g_autoptr(SdCondition) condition = sd_condition_new_text (SD_CONDITION_FIELD_RFM_GROUP, SD_CONDITION_OP_EQ,
                                                            sd_rfm_group_to_string (group));
  /* TRANSLATORS: what the customer list is limited to after a click on a group: "RFM: Champions" */
  g_autofree char *label = g_strdup_printf (_("RFM: %s"), sd_rfm_group_get_label (group));

  show_customers (self, condition, label);
}

static void
open_tiers_cb (SdRfmPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (SD_IS_WINDOW (root))
    sd_window_show_page (SD_WINDOW (root), "tiers");
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start_read (SD_RFM_PAGE (widget));
}

/* "R5 F4, R5 F5": the cells of GROUP, for its row. */
static char *
group_cells (SdRfmGroup group)
{
  g_autoptr(GString) cells = g_string_new (NULL);

  for (int r = SD_RFM_SCORES; r >= 1; r--)
    for (int f = 1; f <= SD_RFM_SCORES; f++)
      if (sd_rfm_group_for_scores (r, f) == group)
        {
          if (cells->len > 0)
            g_string_append (cells, ", ");
          g_string_append_printf (cells, "R%d F%d", r, f);
        }
  return g_string_free (g_steal_pointer (&cells), FALSE);
}

static void
add_group_rows (SdRfmPage *self)
{
  for (SdRfmGroup group = SD_RFM_GROUP_NONE + 1; group < SD_RFM_GROUP_N; group++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *count = gtk_label_new (NULL);
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
      g_autofree char *cells = group_cells (group);
      g_autofree char *name = g_strdup_printf ("count-%s", sd_rfm_group_to_string (group));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sd_rfm_group_get_label (group));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), cells);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_name (row, sd_rfm_group_to_string (group));
      gtk_widget_set_tooltip_text (row, _("List these customers"));
      gtk_widget_add_css_class (count, "numeric");
      gtk_widget_set_name (count, name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      g_object_set_data (G_OBJECT (row), "group", GINT_TO_POINTER (group));
      gtk_list_box_append (self->groups_list, row);
      self->group_counts[group] = GTK_LABEL (count);
    }
}

static void
sd_rfm_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sd_rfm_page_parent_class)->map (widget);
  /* Scores change with every recompute: read them each time the page is shown. */
  start_read (SD_RFM_PAGE (widget));
}

static void
sd_rfm_page_dispose (GObject *object)
{
  SdRfmPage *self = SD_RFM_PAGE (object);

  /* A read still running finds the page gone. */
  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_RFM_PAGE);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (sd_rfm_page_parent_class)->dispose (object);
}

static void
sd_rfm_page_finalize (GObject *object)
{
  SdRfmPage *self = SD_RFM_PAGE (object);

  g_free (self->grid);
  G_OBJECT_CLASS (sd_rfm_page_parent_class)->finalize (object);
}

static void
sd_rfm_page_class_init (SdRfmPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_rfm_page_dispose;
  object_class->finalize = sd_rfm_page_finalize;
  widget_class->map = sd_rfm_page_map;

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                  NULL, G_TYPE_NONE, 0);

  g_type_ensure (SD_TYPE_RFM_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-rfm-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdRfmPage, chart);
  gtk_widget_class_bind_template_child (widget_class, SdRfmPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdRfmPage, groups_list);
  gtk_widget_class_bind_template_child (widget_class, SdRfmPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdRfmPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdRfmPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SdRfmPage, title);
  gtk_widget_class_bind_template_callback (widget_class, cell_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, group_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_tiers_cb);

  gtk_widget_class_install_action (widget_class, "rfm.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "rfm.reload", NULL);
}

static void
sd_rfm_page_init (SdRfmPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_group_rows (self);
  fill_groups (self);
  set_busy (self, NULL);
}

GtkWidget *
sd_rfm_page_new (void)
{
  return g_object_new (SD_TYPE_RFM_PAGE, NULL);
}

void
sd_rfm_page_set_session (SdRfmPage *self,
                         SdSession *session)
{
  g_return_if_fail (SD_IS_RFM_PAGE (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  /* Nothing of another shop or account stays. */
  g_clear_pointer (&self->grid, g_free);
  sd_rfm_chart_set_grid (self->chart, NULL);
  fill_groups (self);
  update_subtitle (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  self->generation++;
  set_busy (self, NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_read (self);
}

void
sd_rfm_page_set_folded (SdRfmPage *self,
                        gboolean   folded)
{
  g_return_if_fail (SD_IS_RFM_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), folded);
}

void
sd_rfm_page_reload (SdRfmPage *self)
{
  g_return_if_fail (SD_IS_RFM_PAGE (self));
  start_read (self);
}

gboolean
sd_rfm_page_get_busy (SdRfmPage *self)
{
  g_return_val_if_fail (SD_IS_RFM_PAGE (self), FALSE);
  return busy (self);
}

const SdRfmGrid *
sd_rfm_page_get_grid (SdRfmPage *self)
{
  g_return_val_if_fail (SD_IS_RFM_PAGE (self), NULL);
  return self->grid;
}
