/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tiers-page"

#include <glib/gi18n.h>

#include "sd-format.h"
#include "sd-message.h"
#include "sd-tier-chart.h"
#include "sd-tier-grade-row.h"
#include "sd-tier-jobs.h"
#include "sd-tier-simulation-dialog.h"
#include "sd-tiers-page.h"
#include "sd-values.h"
#include "sd-window.h"

struct _SdTiersPage
{
  AdwBin               parent_instance;

  SdSession           *session;
  SdTierLadder        *saved;           /* as the shop has it; NULL before the first read */
  SdTierLadder        *edited;          /* what the rows say, when it is a valid ladder */
  gboolean             dirty;           /* the rows differ from what is saved */
  GCancellable        *read_cancellable;
  gboolean             read_when_shown; /* asked to read while unseen: a million-customer
                                           count waits until someone looks */
  GCancellable        *job_cancellable; /* a recompute */
  GtkWidget           *dialog;          /* the save dialog, while it is open */
  guint                generation;
  SdTierGradeRow      *rows[SD_TIER_N_GRADES];
  AdwActionRow        *readonly_rows[SD_TIER_N_GRADES];
  GtkLabel            *readonly_counts[SD_TIER_N_GRADES];
  SdWindow            *job_window;      /* the window waiting for a recompute */

  SdTierChart         *chart;
  AdwPreferencesGroup *chart_group;
  GtkBox              *content_box;
  AdwStatusPage       *denied_page;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *ladder_group;
  GtkLabel            *ladder_error;
  GtkSpinner          *loading_spinner;
  GtkButton           *recompute_button;
  GtkButton           *revert_button;
  GtkButton           *save_button;
  GtkButton           *sidebar_button;
  GtkSpinner          *spinner;
  GtkStack            *stack;
  AdwWindowTitle      *title;
  AdwToastOverlay     *toast_overlay;
};

G_DEFINE_FINAL_TYPE (SdTiersPage, sd_tiers_page, ADW_TYPE_BIN)

enum {
  TIERS_CHANGED,
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---- */

static gboolean
may_view (SdTiersPage *self)
{
  return self->session != NULL && sd_session_can (self->session, SD_PERMISSION_VIEW_CUSTOMERS);
}

static gboolean
may_manage (SdTiersPage *self)
{
  return may_view (self) && sd_session_can (self->session, SD_PERMISSION_MANAGE_TIERS);
}

static gboolean
busy (SdTiersPage *self)
{
  return self->read_cancellable != NULL || self->job_cancellable != NULL;
}

static GtkWindow *
get_parent_window (SdTiersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The one place that decides which of the page's actions may run, and what shows. */
static void
update_actions (SdTiersPage *self)
{
  /* Read once: the account's permissions are read from the shop each time. */
  gboolean allowed = may_manage (self);
  gboolean manage = allowed && self->saved != NULL;
  gboolean working = self->job_cancellable != NULL || self->dialog != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tiers.save", manage && !working && self->dirty &&
                                                                    self->edited != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tiers.revert", manage && !working && self->dirty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tiers.recompute", manage && !working);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tiers.reload", self->session != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->save_button), manage);
  gtk_widget_set_visible (GTK_WIDGET (self->revert_button), manage && self->dirty);
  gtk_widget_set_visible (GTK_WIDGET (self->recompute_button), manage);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button),
                               self->dirty && self->edited == NULL
                                 ? _("Correct the grade marked in red first")
                                 : _("See what the new ladder changes, then save it (Ctrl+S)"));
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->rows[g]), allowed);
      gtk_widget_set_visible (GTK_WIDGET (self->readonly_rows[g]), !allowed);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy (self) && self->saved != NULL);
  gtk_spinner_set_spinning (self->spinner, busy (self) && self->saved != NULL);
}

/* Names compare as shown: "" and the built-in name typed out are the same name. */
static gboolean
ladders_equal (const SdTierLadder *a,
               const SdTierLadder *b)
{
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      const SdTierGrade *x = &a->grades[g];
      const SdTierGrade *y = &b->grades[g];

      if (x->enabled != y->enabled || x->basis != y->basis || x->threshold != y->threshold ||
          x->discount_permille != y->discount_permille ||
          g_strcmp0 (sd_tier_ladder_get_name (a, g), sd_tier_ladder_get_name (b, g)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Reads the rows into a ladder and checks it as the core will: a value that is not one
 * is marked at its grade, then the first rule the ladder breaks, at the grade at fault.
 * Save waits until there is nothing to mark. */
static void
validate (SdTiersPage *self)
{
  g_autoptr(SdTierLadder) edited = NULL;
  g_autoptr(GError) error = NULL;
  gboolean parsed = TRUE;
  int fault = -1;

  g_clear_pointer (&self->edited, sd_tier_ladder_free);
  if (self->saved == NULL)
    return;
  edited = sd_tier_ladder_copy (self->saved);
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *message = NULL;

      if (!sd_tier_grade_row_read (self->rows[g], edited, &message))
        parsed = FALSE;
      sd_tier_grade_row_set_error (self->rows[g], message);
    }
  if (parsed && !sd_tier_ladder_validate (edited, &fault, &error) && fault >= 0)
    sd_tier_grade_row_set_error (self->rows[fault], error->message);
  gtk_label_set_label (self->ladder_error, error != NULL && fault < 0 ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->ladder_error), error != NULL && fault < 0);

  self->dirty = !parsed || !ladders_equal (edited, self->saved);
  if (parsed && error == NULL)
    self->edited = g_steal_pointer (&edited);
  update_actions (self);
}

static void
fill_rows (SdTiersPage *self)
{
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      const SdTierGrade *grade = &self->saved->grades[g];
      g_autofree char *summary = sd_tier_grade_row_describe (g, grade);

      sd_tier_grade_row_set_value (self->rows[g], grade);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->readonly_rows[g]),
                                     sd_tier_ladder_get_name (self->saved, g));
      adw_action_row_set_subtitle (self->readonly_rows[g], summary);
      gtk_widget_set_opacity (GTK_WIDGET (self->readonly_rows[g]), grade->enabled ? 1.0 : 0.55);
    }
  validate (self);
}

static void
show_counts (SdTiersPage  *self,
             const gint64  counts[SD_TIER_N_GRADES],
             gint64        none)
{
  gint64 total = none;
  g_autofree char *total_text = NULL;
  g_autofree char *none_text = NULL;
  g_autofree char *description = NULL;

  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *text = sd_format_customers (counts[g]);

      sd_tier_grade_row_set_count (self->rows[g], counts[g]);
      gtk_label_set_label (self->readonly_counts[g], text);
      total += counts[g];
    }
  sd_tier_chart_set_ladder (self->chart, self->saved);
  sd_tier_chart_set_counts (self->chart, counts, none);

  total_text = sd_format_customers (total);
  adw_window_title_set_subtitle (self->title, total_text);
  if (none > 0)
    {
      none_text = sd_format_count (none);
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%s customer has no grade yet: Recompute Now places them.",
                                                  "%s customers have no grade yet: Recompute Now places them.",
                                                  (gulong) MIN (none, G_MAXLONG)),
                                     none_text);
    }
  adw_preferences_group_set_description (self->chart_group, description);
}

static void
show_permissions (SdTiersPage *self)
{
  g_autofree char *description = NULL;

  if (may_manage (self))
    description = g_strdup (_("A customer holds the highest grade switched on whose threshold they reach — by total "
                              "paid or by trades, chosen for each grade. Customers pinned by hand keep their grade."));
  else
    description = g_strdup_printf (_("A customer holds the highest grade switched on whose threshold they reach. "
                                     "Changing the ladder needs the “%s” permission."),
                                   sd_permission_get_label (SD_PERMISSION_MANAGE_TIERS));
  adw_preferences_group_set_description (self->ladder_group, description);
}

/* ---- reading ---- */

static void start_read (SdTiersPage *self);

/* Shows what a read (or a recompute) found: the ladder, unless it is being edited, and
 * the counts. */
static void
show_state (SdTiersPage *self,
            SdTierState *state)
{
  /* Changed elsewhere (another desktop, the CLI): shown, unless it is being edited. */
  if (self->saved == NULL || (!self->dirty && !ladders_equal (self->saved, state->ladder)))
    {
      g_clear_pointer (&self->saved, sd_tier_ladder_free);
      self->saved = g_steal_pointer (&state->ladder);
      fill_rows (self);
    }
  show_counts (self, state->counts, state->none);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdTiersPage *self = SD_TIERS_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTierState) state = sd_tier_jobs_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  g_clear_object (&self->read_cancellable);

  if (state == NULL && self->saved == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else if (state == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the tiers: %s"), error->message);
      sd_message_add_toast (self->toast_overlay, message, TRUE);
    }
  else
    show_state (self, state);
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  update_actions (self);
  g_signal_emit (self, signals[LOADED], 0);
}

static void
start_read (SdTiersPage *self)
{
  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->generation++;
  if (!may_view (self))
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->read_when_shown = TRUE;
      return;
    }
  self->read_when_shown = FALSE;
  if (self->saved == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_set_spinning (self->loading_spinner, TRUE);
    }
  self->read_cancellable = g_cancellable_new ();
  sd_tier_jobs_read_async (self, self->session, FALSE, self->read_cancellable, read_done_cb,
                           GUINT_TO_POINTER (self->generation));
  update_actions (self);
}

/* ---- saving and recomputing ---- */

static void
tiers_changed (SdTiersPage *self,
               const char  *message)
{
  sd_message_add_toast (self->toast_overlay, message, FALSE);
  g_signal_emit (self, signals[TIERS_CHANGED], 0);
}

static void
applied_cb (SdTiersPage            *self,
            gint64                  changed,
            SdTierSimulationDialog *dialog)
{
  g_autofree char *count = sd_format_count (changed);
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tiers saved: %s customer changed grade",
                                                           "Tiers saved: %s customers changed grade",
                                                           (gulong) MIN (changed, G_MAXLONG)),
                                              count);

  /* What the rows say is what is saved now. */
  if (self->edited != NULL)
    {
      SdTierLadder *copy = sd_tier_ladder_copy (self->edited);
      g_clear_pointer (&self->saved, sd_tier_ladder_free);
      self->saved = copy;
    }
  validate (self);
  start_read (self);
  tiers_changed (self, message);
}

static void
dialog_destroyed_cb (SdTiersPage *self)
{
  self->dialog = NULL;
  update_actions (self);
}

static void
show_customers_cb (SdTiersPage *self,
                   GArray      *ids,
                   const char  *label)
{
  GtkWindow *window = get_parent_window (self);

  if (SD_IS_WINDOW (window))
    sd_window_show_customers (SD_WINDOW (window), NULL, ids, label);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdTiersPage *self = SD_TIERS_PAGE (widget);
  SdTierSimulationDialog *dialog;

  validate (self);
  if (!may_manage (self) || self->edited == NULL || !self->dirty || self->job_cancellable != NULL ||
      self->dialog != NULL)
    return;
  dialog = sd_tier_simulation_dialog_new (get_parent_window (self), self->session, self->edited);
  /* While it is open, nothing else changes the tiers from here. */
  self->dialog = GTK_WIDGET (dialog);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (applied_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "show-customers", G_CALLBACK (show_customers_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdTiersPage *self = SD_TIERS_PAGE (widget);

  if (self->saved != NULL)
    fill_rows (self);
}

static void
recompute_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SdTiersPage *self = SD_TIERS_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTierState) state = sd_tier_jobs_read_finish (result, &error);
  g_autoptr(SdWindow) window = g_steal_pointer (&self->job_window);
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&self->job_cancellable);

  if (state == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not recompute the tiers: %s"), error->message);
      sd_message_add_toast (self->toast_overlay, message, TRUE);
    }
  else
    {
      g_autofree char *changed = sd_format_count (state->stats.changed);
      g_autofree char *scored = sd_format_count (state->stats.rfm_active);
      g_autofree char *changes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer changed grade",
                                                               "%s customers changed grade",
                                                               (gulong) MIN (state->stats.changed, G_MAXLONG)),
                                                  changed);
      /* TRANSLATORS: after "Recompute Now": "Recomputed: 12 customers changed grade, 4,000 scored (RFM)" */
      g_autofree char *message = g_strdup_printf (_("Recomputed: %s, %s scored (RFM)"), changes, scored);

      /* Shown unless another account's shop is shown meanwhile. */
      if (GPOINTER_TO_UINT (user_data) == self->generation)
        show_state (self, state);
      tiers_changed (self, message);
    }
  update_actions (self);
  g_signal_emit (self, signals[LOADED], 0);
  if (window != NULL)
    sd_window_end_job (window, cancellable);
}

static void
recompute_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SdTiersPage *self = SD_TIERS_PAGE (widget);
  GtkWindow *window = get_parent_window (self);

  if (!may_manage (self) || self->job_cancellable != NULL || self->dialog != NULL)
    return;
  self->job_cancellable = g_cancellable_new ();
  /* Closing the window waits for it: it is one transaction, to its end. */
  if (SD_IS_WINDOW (window))
    {
      self->job_window = g_object_ref (SD_WINDOW (window));
      sd_window_begin_job (self->job_window, self->job_cancellable);
    }
  sd_tier_jobs_read_async (self, self->session, TRUE, self->job_cancellable, recompute_done_cb,
                           GUINT_TO_POINTER (self->generation));
  update_actions (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sd_tiers_page_reload (SD_TIERS_PAGE (widget));
}

/* ---- callbacks ---- */

static void
row_changed_cb (SdTiersPage *self)
{
  validate (self);
}

static void
map_cb (SdTiersPage *self)
{
  /* Coming back to the page shows what imports and syncs did meanwhile. */
  if (self->session != NULL && self->read_cancellable == NULL)
    start_read (self);
}

static void
build_rows (SdTiersPage *self)
{
  g_autoptr(GtkSizeGroup) counts = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      GtkWidget *row = sd_tier_grade_row_new (g, counts);
      GtkWidget *readonly = adw_action_row_new ();
      GtkWidget *count = gtk_label_new (NULL);
      g_autofree char *name = g_strdup_printf ("grade-%d", g);
      g_autofree char *readonly_name = g_strdup_printf ("readonly-grade-%d", g);

      /* Named, for tests to find. */
      gtk_widget_set_name (row, name);
      g_signal_connect_object (row, "changed", G_CALLBACK (row_changed_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->ladder_group, row);
      self->rows[g] = SD_TIER_GRADE_ROW (row);

      gtk_widget_set_name (readonly, readonly_name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (readonly), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (readonly), sd_tier_grade_row_new_number (g));
      gtk_widget_set_name (count, "count");
      gtk_widget_add_css_class (count, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (readonly), count);
      adw_preferences_group_add (self->ladder_group, readonly);
      self->readonly_rows[g] = ADW_ACTION_ROW (readonly);
      self->readonly_counts[g] = GTK_LABEL (count);
    }
}

/* ---- the object ---- */

static void
sd_tiers_page_map (GtkWidget *widget)
{
  SdTiersPage *self = SD_TIERS_PAGE (widget);

  GTK_WIDGET_CLASS (sd_tiers_page_parent_class)->map (widget);
  if (self->read_when_shown)
    start_read (self);
}

static void
sd_tiers_page_dispose (GObject *object)
{
  SdTiersPage *self = SD_TIERS_PAGE (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->session);
  /* AdwBin unparents its child itself: hand it over first, so it is not done twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_TIERS_PAGE);
  G_OBJECT_CLASS (sd_tiers_page_parent_class)->dispose (object);
}

static void
sd_tiers_page_finalize (GObject *object)
{
  SdTiersPage *self = SD_TIERS_PAGE (object);

  g_clear_object (&self->job_cancellable);
  g_clear_object (&self->job_window);
  g_clear_pointer (&self->saved, sd_tier_ladder_free);
  g_clear_pointer (&self->edited, sd_tier_ladder_free);
  G_OBJECT_CLASS (sd_tiers_page_parent_class)->finalize (object);
}

static void
sd_tiers_page_class_init (SdTiersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_tiers_page_dispose;
  object_class->finalize = sd_tiers_page_finalize;
  widget_class->map = sd_tiers_page_map;

  /**
   * SdTiersPage::tiers-changed:
   *
   * A new ladder was saved, or every customer recomputed: customers' grades may have
   * changed. The window reads its lists again.
   */
  signals[TIERS_CHANGED] = g_signal_new ("tiers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SdTiersPage::loaded:
   *
   * A read of the ladder and the counts finished: shown, or failed.
   */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);

  g_type_ensure (SD_TYPE_TIER_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-tiers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, chart);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, chart_group);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, denied_page);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, ladder_error);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, ladder_group);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, recompute_button);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, revert_button);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, title);
  gtk_widget_class_bind_template_child (widget_class, SdTiersPage, toast_overlay);

  gtk_widget_class_install_action (widget_class, "tiers.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "tiers.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "tiers.recompute", NULL, recompute_action);
  gtk_widget_class_install_action (widget_class, "tiers.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "tiers.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "tiers.reload", NULL);
}

static void
sd_tiers_page_init (SdTiersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_rows (self);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  gtk_stack_set_visible_child_name (self->stack, "denied");
  update_actions (self);
}

/* ---- public API ---- */

GtkWidget *
sd_tiers_page_new (void)
{
  return g_object_new (SD_TYPE_TIERS_PAGE, NULL);
}

void
sd_tiers_page_set_session (SdTiersPage *self,
                           SdSession   *session)
{
  g_return_if_fail (SD_IS_TIERS_PAGE (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  /* The window hands the same session again whenever it reads the permissions anew: the
   * edits stay; only what the account may do is looked at again. */
  if (session != NULL && session == self->session && self->saved != NULL)
    {
      show_permissions (self);
      validate (self);
      return;
    }
  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->generation++;
  g_set_object (&self->session, session);
  g_clear_pointer (&self->saved, sd_tier_ladder_free);
  g_clear_pointer (&self->edited, sd_tier_ladder_free);
  self->dirty = FALSE;
  show_permissions (self);

  if (!may_view (self))
    {
      g_autofree char *description = NULL;

      if (session != NULL)
        description = g_strdup_printf (_("Seeing the tiers needs the “%s” permission. Ask the shop owner."),
                                       sd_permission_get_label (SD_PERMISSION_VIEW_CUSTOMERS));
      adw_status_page_set_description (self->denied_page, description);
      gtk_stack_set_visible_child_name (self->stack, "denied");
      update_actions (self);
      return;
    }
  start_read (self);
}

void
sd_tiers_page_set_folded (SdTiersPage *self,
                          gboolean     folded)
{
  g_return_if_fail (SD_IS_TIERS_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), folded);
}

void
sd_tiers_page_reload (SdTiersPage *self)
{
  g_return_if_fail (SD_IS_TIERS_PAGE (self));
  start_read (self);
}

void
sd_tiers_page_add_group (SdTiersPage *self,
                         GtkWidget   *group)
{
  g_return_if_fail (SD_IS_TIERS_PAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (group));
  gtk_box_append (self->content_box, group);
}

gboolean
sd_tiers_page_get_busy (SdTiersPage *self)
{
  g_return_val_if_fail (SD_IS_TIERS_PAGE (self), FALSE);
  return busy (self);
}
