/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tier-rule-dialog"

#include <glib/gi18n.h>

#include "sd-condition-editor.h"
#include "sd-error.h"
#include "sd-message.h"
#include "sd-tier-rule-dialog.h"
#include "sd-tier-rule-jobs.h"
#include "sd-values.h"
#include "sd-window.h"

/* How long typing must pause before the preview is computed: each costs a recompute of
 * every customer's custom tier (seconds on a million). */
#define PREVIEW_DELAY_MS 500

/* The dialog's size: its height follows the window it sits on, less a margin. */
#define DIALOG_WIDTH       640
#define DIALOG_MIN_HEIGHT  400
#define DIALOG_MAX_HEIGHT  720
#define DIALOG_MARGIN      48

struct _SdTierRuleDialog
{
  AdwWindow             parent_instance;

  SdSession            *session;
  SdTierRule           *rule;                 /* as saved; NULL while adding */
  char                 *stand_in_name;        /* what a preview calls a new rule before it has a name */
  GCancellable         *preview_cancellable;  /* the simulation under way */
  GCancellable         *job_cancellable;      /* the save or delete under way */
  guint                 preview_timeout;
  guint                 preview_generation;   /* one more at every edit: older previews are stale */
  gboolean              preview_pending;      /* edits came in while a simulation ran */
  SdTierRuleEdit       *job;                  /* the save or delete asked for */
  gboolean              job_waiting;          /* ... waiting for the preview to let go of the shop */
  char                 *name_problem;         /* the shop's objection to the name, until it changes */
  SdTierRuleSimulation *simulation;           /* the preview shown */
  GPtrArray            *preview_rows;         /* AdwActionRow * in preview_group */

  GtkButton            *cancel_button;
  SdConditionEditor    *condition_editor;
  GtkLabel             *condition_error;
  GtkWidget            *delete_button;
  AdwPreferencesGroup  *delete_group;
  GtkSwitch            *enabled_switch;
  AdwPreferencesGroup  *message_group;
  GtkLabel             *message_label;
  GtkLabel             *name_error;
  AdwEntryRow          *name_row;
  AdwPreferencesGroup  *preview_group;
  GtkSpinner           *preview_spinner;
  GtkLabel             *preview_status;
  GtkSpinButton        *priority_spin;
  GtkWidget            *rule_group;
  GtkButton            *save_button;
  GtkWidget            *settings_group;
  GtkSpinner           *save_spinner;
  AdwWindowTitle       *window_title;
};

G_DEFINE_FINAL_TYPE (SdTierRuleDialog, sd_tier_rule_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the form ---- */

static char *
typed_name (SdTierRuleDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

/* What is wrong with the name typed, for people; NULL when nothing (an empty name is
 * not wrong yet, only not done). */
static char *
name_problem (SdTierRuleDialog *self)
{
  g_autofree char *name = typed_name (self);

  if (g_utf8_strlen (name, -1) > SD_TIER_RULE_NAME_MAX_CHARS)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The name is too long: at most %d character.",
                                         "The name is too long: at most %d characters.", SD_TIER_RULE_NAME_MAX_CHARS),
                            SD_TIER_RULE_NAME_MAX_CHARS);
  return g_strdup (self->name_problem);
}

static gboolean
name_usable (SdTierRuleDialog *self)
{
  g_autofree char *name = typed_name (self);
  g_autofree char *problem = name_problem (self);

  return *name != '\0' && problem == NULL;
}

/* The condition's canonical text, or NULL while it is incomplete. */
static char *
condition_text (SdTierRuleDialog *self)
{
  g_autoptr(SdCondition) condition = sd_condition_editor_get_condition (self->condition_editor);

  return condition != NULL ? sd_condition_to_string (condition) : NULL;
}

/* The rule as the form has it, or NULL while its condition is incomplete. A preview
 * borrows a stand-in for a name not usable yet: the name changes nobody's tier. */
static SdTierRuleEdit *
form_edit (SdTierRuleDialog *self,
           gboolean          for_preview)
{
  g_autofree char *condition = condition_text (self);
  g_autofree char *name = typed_name (self);
  const char *used = name;

  if (condition == NULL)
    return NULL;
  if (for_preview && !name_usable (self))
    used = self->rule != NULL ? self->rule->name : self->stand_in_name;
  return sd_tier_rule_edit_new (self->rule != NULL ? self->rule->id : 0, used,
                                gtk_spin_button_get_value_as_int (self->priority_spin), condition,
                                gtk_switch_get_active (self->enabled_switch), FALSE);
}

static gboolean
differs_from_rule (SdTierRuleDialog     *self,
                   const SdTierRuleEdit *edit)
{
  const SdTierRule *rule = self->rule;

  return rule == NULL || g_strcmp0 (rule->name, edit->name) != 0 || rule->priority != edit->priority ||
         g_strcmp0 (rule->condition, edit->condition) != 0 || rule->enabled != edit->enabled;
}

static gboolean
job_running (SdTierRuleDialog *self)
{
  return self->job != NULL;
}

static void
show_message (SdTierRuleDialog *self,
              const char       *message,
              gboolean          error)
{
  sd_message_show_in_group (self->message_group, self->message_label, message, error);
}

static void
show_condition_message (SdTierRuleDialog *self,
                        const char       *message,
                        gboolean          error)
{
  sd_message_set_label (self->condition_error, message != NULL ? message : "", error);
  gtk_widget_set_visible (GTK_WIDGET (self->condition_error), message != NULL && *message != '\0');
}

/* The marks at the fields and what may be pressed. */
static void
update_form (SdTierRuleDialog *self)
{
  g_autofree char *problem = name_problem (self);
  g_autoptr(SdTierRuleEdit) edit = form_edit (self, FALSE);
  gboolean running = job_running (self);

  gtk_label_set_label (self->name_error, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  if (edit == NULL)
    /* Incomplete is not wrong yet: said quietly. */
    show_condition_message (self, sd_condition_editor_get_error (self->condition_editor), FALSE);
  else if (!gtk_widget_has_css_class (GTK_WIDGET (self->condition_error), "error"))
    show_condition_message (self, NULL, FALSE);

  gtk_widget_set_sensitive (self->rule_group, !running);
  gtk_widget_set_sensitive (self->settings_group, !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->condition_editor), !running);
  gtk_widget_set_sensitive (self->delete_button, !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            !running && edit != NULL && name_usable (self) && differs_from_rule (self, edit));
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), running);
  gtk_spinner_set_spinning (self->save_spinner, running);
}

/* ---- the preview ---- */

static void
clear_preview (SdTierRuleDialog *self)
{
  for (guint i = 0; i < self->preview_rows->len; i++)
    adw_preferences_group_remove (self->preview_group, g_ptr_array_index (self->preview_rows, i));
  g_ptr_array_set_size (self->preview_rows, 0);
  g_clear_pointer (&self->simulation, sd_tier_rule_simulation_free);
}

static void
set_preview_status (SdTierRuleDialog *self,
                    const char       *text,
                    gboolean          error)
{
  sd_message_set_label (self->preview_status, text != NULL ? text : "", error);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_status), text != NULL);
}

static void
set_preview_spinning (SdTierRuleDialog *self,
                      gboolean          spinning)
{
  gtk_widget_set_visible (GTK_WIDGET (self->preview_spinner), spinning);
  gtk_spinner_set_spinning (self->preview_spinner, spinning);
}

static GtkWidget *
make_figure (const char *name,
             const char *text,
             const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (label, name);
  gtk_widget_add_css_class (label, "numeric");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* A row "TITLE … NOW → AFTER", the after figure stronger when it differs. */
static GtkWidget *
make_count_row (SdTierRuleDialog *self,
                const char       *name,
                const char       *title,
                const char       *subtitle,
                gint64            now,
                gint64            after)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *now_text = sd_format_count (now);
  g_autofree char *after_text = sd_format_count (after);
  g_autofree char *tooltip = g_strdup_printf (_("Now %s, after saving %s"), now_text, after_text);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (box, tooltip);
  gtk_box_append (GTK_BOX (box), make_figure ("now", now_text, "dim-label"));
  gtk_box_append (GTK_BOX (box), make_figure ("arrow", "→", "dim-label"));
  gtk_box_append (GTK_BOX (box), make_figure ("after", after_text, now != after ? "accent" : NULL));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  adw_preferences_group_add (self->preview_group, row);
  g_ptr_array_add (self->preview_rows, row);
  return row;
}

/* The main window, when the dialog sits on it: where "Show" lists customers. */
static SdWindow *
main_window (SdTierRuleDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  return SD_IS_WINDOW (parent) ? SD_WINDOW (parent) : NULL;
}

static void
show_changed_cb (SdTierRuleDialog *self)
{
  SdWindow *window = main_window (self);
  g_autofree char *name = typed_name (self);
  g_autofree char *label = NULL;

  if (window == NULL || self->simulation == NULL)
    return;
  /* TRANSLATORS: the title of the customers a custom tier rule change moves; %s is its name */
  label = g_strdup_printf (_("Custom tier changes by “%s”"), *name != '\0' ? name : _("the new rule"));
  sd_window_show_customers (window, NULL, self->simulation->changed, label);
  /* The list is there to be looked through: the dialog stays, without holding the window. */
  gtk_window_set_modal (GTK_WINDOW (self), FALSE);
}

static void
add_changed_row (SdTierRuleDialog *self,
                 gint64            n_changed)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *figure = sd_format_count (n_changed);
  g_autofree char *title = NULL;

  if (n_changed == 0)
    title = g_strdup (_("No customer’s custom tier changes"));
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer’s custom tier changes",
                                          "%s customers’ custom tiers change", (gulong) n_changed),
                             figure);
  gtk_widget_set_name (row, "changed");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (n_changed > 0 && main_window (self) != NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Show"));

      gtk_widget_set_name (button, "show");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("List these customers in the customer list"));
      g_signal_connect_object (button, "clicked", G_CALLBACK (show_changed_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_preferences_group_add (self->preview_group, row);
  g_ptr_array_add (self->preview_rows, row);
}

static void
show_preview (SdTierRuleDialog     *self,
              SdTierRuleSimulation *simulation)
{
  gint64 own_id = self->rule != NULL ? self->rule->id : 0;

  clear_preview (self);
  self->simulation = simulation;
  for (guint i = 0; i < simulation->rules->len; i++)
    {
      const SdTierRule *rule = g_ptr_array_index (simulation->rules, i);
      g_autofree char *name = g_strdup_printf ("preview-%u", i);
      g_autofree char *own_name = rule->id == own_id ? typed_name (self) : NULL;
      const char *subtitle = rule->id == own_id ? _("This rule") : !rule->enabled ? _("Switched off") : NULL;

      /* The stand-in name of a rule not named yet is not shown. */
      make_count_row (self, name, own_name != NULL && *own_name != '\0' ? own_name : rule->name, subtitle,
                      g_array_index (simulation->now, gint64, i), g_array_index (simulation->after, gint64, i));
    }
  make_count_row (self, "preview-none", _("No custom tier"), NULL, simulation->none_now, simulation->none_after);
  add_changed_row (self, simulation->changed->len);
  set_preview_status (self, NULL, FALSE);
}

static void start_preview (SdTierRuleDialog *self);
static void start_job (SdTierRuleDialog *self);

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SdTierRuleDialog *self;
  g_autoptr(GError) error = NULL;
  SdTierRuleSimulation *simulation = sd_tier_rule_simulate_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SD_TIER_RULE_DIALOG (source);
  g_clear_object (&self->preview_cancellable);

  if (GPOINTER_TO_UINT (user_data) != self->preview_generation)
    /* Edited since: what it says is stale. */
    g_clear_pointer (&simulation, sd_tier_rule_simulation_free);
  else if (simulation != NULL)
    show_preview (self, simulation);
  else if (g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
    {
      /* A name taken: said at the name, where it is put right. */
      g_free (self->name_problem);
      self->name_problem = g_strdup (error->message);
      clear_preview (self);
      set_preview_status (self, _("The preview shows once the name is free."), FALSE);
      update_form (self);
    }
  else
    {
      clear_preview (self);
      set_preview_status (self, error->message, TRUE);
    }

  if (self->job_waiting)
    start_job (self);
  else if (self->preview_pending)
    start_preview (self);
  set_preview_spinning (self, self->preview_cancellable != NULL || self->preview_timeout != 0);
}

static void
start_preview (SdTierRuleDialog *self)
{
  g_autoptr(SdTierRuleEdit) edit = form_edit (self, TRUE);

  self->preview_pending = FALSE;
  if (edit == NULL)
    return;
  self->preview_cancellable = g_cancellable_new ();
  sd_tier_rule_simulate_async (self, self->session, edit, self->preview_cancellable, preview_done_cb,
                               GUINT_TO_POINTER (self->preview_generation));
  set_preview_spinning (self, TRUE);
}

static gboolean
preview_timeout_cb (gpointer data)
{
  SdTierRuleDialog *self = data;

  self->preview_timeout = 0;
  /* One simulation at a time: each holds the shop's write lock while it runs. */
  if (self->preview_cancellable != NULL)
    self->preview_pending = TRUE;
  else
    start_preview (self);
  return G_SOURCE_REMOVE;
}

/* After every edit: what is shown is out of date; a new preview once typing pauses. */
static void
schedule_preview (SdTierRuleDialog *self)
{
  g_autoptr(SdTierRuleEdit) edit = form_edit (self, TRUE);

  self->preview_generation++;
  self->preview_pending = FALSE;
  g_clear_handle_id (&self->preview_timeout, g_source_remove);
  /* Out of date: dimmed, and their "Show" off, until the new figures come. */
  for (guint i = 0; i < self->preview_rows->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (self->preview_rows, i), FALSE);
  if (edit == NULL)
    {
      clear_preview (self);
      set_preview_status (self, _("The preview shows once the condition is complete."), FALSE);
      set_preview_spinning (self, self->preview_cancellable != NULL);
      return;
    }
  self->preview_timeout = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);
  set_preview_spinning (self, TRUE);
  if (self->preview_rows->len == 0)
    set_preview_status (self, _("Counting the customers it would move…"), FALSE);
}

/* ---- saving and deleting ---- */

static void
job_failed (SdTierRuleDialog *self,
            GError           *error)
{
  g_clear_pointer (&self->job, sd_tier_rule_edit_free);
  if (g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
    {
      g_free (self->name_problem);
      self->name_problem = g_strdup (error->message);
      update_form (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  update_form (self);
  if (g_error_matches (error, SD_ERROR, SD_ERROR_INVALID_INPUT))
    /* The name is checked here first: what the shop refuses is the condition. */
    show_condition_message (self, error->message, TRUE);
  else
    show_message (self, error->message, TRUE);
}

static void
job_done (SdTierRuleDialog *self)
{
  g_autoptr(SdTierRuleEdit) job = g_steal_pointer (&self->job);
  g_autofree char *message = sd_tier_rule_describe_saved (self->rule, job);

  g_signal_emit (self, signals[SAVED], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SdTierRuleDialog *self;
  g_autoptr(GError) error = NULL;
  gint64 id = sd_tier_rule_apply_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SD_TIER_RULE_DIALOG (source);
  g_clear_object (&self->job_cancellable);
  if (id == 0)
    job_failed (self, error);
  else
    job_done (self);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SdTierRuleDialog *self;
  g_autoptr(GError) error = NULL;
  gboolean deleted = sd_tier_rule_confirm_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SD_TIER_RULE_DIALOG (source);
  g_clear_object (&self->job_cancellable);
  if (error != NULL)
    job_failed (self, error);
  else if (deleted)
    job_done (self);
  else
    {
      /* They said no: back to the form as it was. */
      g_clear_pointer (&self->job, sd_tier_rule_edit_free);
      update_form (self);
    }
}

/* Runs the save or delete asked for, once no preview holds the shop. */
static void
start_job (SdTierRuleDialog *self)
{
  g_assert (self->job != NULL);

  self->job_waiting = self->preview_cancellable != NULL;
  if (self->job_waiting)
    return;
  self->job_cancellable = g_cancellable_new ();
  if (self->job->remove)
    sd_tier_rule_confirm_async (self, GTK_WINDOW (self), self->session, self->job, self->rule->name,
                                self->job_cancellable, deleted_cb, NULL);
  else
    sd_tier_rule_apply_async (self, self->session, self->job, self->job_cancellable, saved_cb, NULL);
}

static void
begin_job (SdTierRuleDialog *self,
           SdTierRuleEdit   *job)
{
  g_assert (self->job == NULL);

  /* What is typed is final now: no preview starts under the job. */
  self->job = job;
  self->preview_pending = FALSE;
  g_clear_handle_id (&self->preview_timeout, g_source_remove);
  show_message (self, NULL, FALSE);
  show_condition_message (self, NULL, FALSE);
  /* The form goes insensitive: the entry typed in lets go of the focus first, or GTK
   * loses track of it. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  update_form (self);
  start_job (self);
}

/* ---- callbacks ---- */

static void
field_changed_cb (SdTierRuleDialog *self)
{
  /* What the shop refused was the rule as it was. */
  show_condition_message (self, NULL, FALSE);
  show_message (self, NULL, FALSE);
  update_form (self);
  schedule_preview (self);
}

static void
name_changed_cb (SdTierRuleDialog *self)
{
  /* The shop's objection was to the name as it was. */
  g_clear_pointer (&self->name_problem, g_free);
  field_changed_cb (self);
}

static void
save_cb (SdTierRuleDialog *self)
{
  SdTierRuleEdit *edit;

  if (job_running (self) || !gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;
  edit = form_edit (self, FALSE);
  if (edit != NULL)
    begin_job (self, edit);
}

static void
delete_cb (SdTierRuleDialog *self)
{
  SdTierRuleEdit *edit;

  if (job_running (self) || self->rule == NULL)
    return;
  edit = sd_tier_rule_edit_new_from (self->rule);
  edit->remove = TRUE;
  begin_job (self, edit);
}

/* A save under way is not abandoned half-seen: the dialog stays until it ends. */
static gboolean
close_request_cb (SdTierRuleDialog *self)
{
  return job_running (self);
}

/* ---- the object ---- */

static void
sd_tier_rule_dialog_dispose (GObject *object)
{
  SdTierRuleDialog *self = SD_TIER_RULE_DIALOG (object);

  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->job_cancellable);
  g_clear_handle_id (&self->preview_timeout, g_source_remove);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_TIER_RULE_DIALOG);
  G_OBJECT_CLASS (sd_tier_rule_dialog_parent_class)->dispose (object);
}

static void
sd_tier_rule_dialog_finalize (GObject *object)
{
  SdTierRuleDialog *self = SD_TIER_RULE_DIALOG (object);

  g_clear_pointer (&self->rule, sd_tier_rule_free);
  g_clear_pointer (&self->job, sd_tier_rule_edit_free);
  g_clear_pointer (&self->simulation, sd_tier_rule_simulation_free);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  g_free (self->stand_in_name);
  g_free (self->name_problem);
  G_OBJECT_CLASS (sd_tier_rule_dialog_parent_class)->finalize (object);
}

static void
sd_tier_rule_dialog_class_init (SdTierRuleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_tier_rule_dialog_dispose;
  object_class->finalize = sd_tier_rule_dialog_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (SD_TYPE_CONDITION_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-tier-rule-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, condition_editor);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, condition_error);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, delete_button);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, delete_group);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, preview_status);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, priority_spin);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, rule_group);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, settings_group);
  gtk_widget_class_bind_template_child (widget_class, SdTierRuleDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, delete_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_tier_rule_dialog_init (SdTierRuleDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->preview_rows = g_ptr_array_new ();
  /* Never saved, never shown: only a preview's stand-in for a name not typed yet. */
  self->stand_in_name = g_strdup_printf ("preview %08x", g_random_int ());
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

/* ---- public API ---- */

SdTierRuleDialog *
sd_tier_rule_dialog_new (GtkWindow        *parent,
                         SdSession        *session,
                         const SdTierRule *rule,
                         int               priority)
{
  SdTierRuleDialog *self;
  g_autoptr(SdCondition) condition = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_TIER_RULE_DIALOG, "transient-for", parent, NULL);
  /* The preview sits below the form: as tall as the window allows, on a small screen too. */
  if (parent != NULL && gtk_widget_get_height (GTK_WIDGET (parent)) > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), DIALOG_WIDTH,
                                 CLAMP (gtk_widget_get_height (GTK_WIDGET (parent)) - DIALOG_MARGIN, DIALOG_MIN_HEIGHT,
                                        DIALOG_MAX_HEIGHT));
  self->session = g_object_ref (session);
  self->rule = rule != NULL ? sd_tier_rule_copy (rule) : NULL;
  sd_condition_editor_set_session (self->condition_editor, session);

  if (rule == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Add a Custom Tier"));
      adw_window_title_set_title (self->window_title, _("Add a Custom Tier"));
      gtk_button_set_label (self->save_button, _("_Add"));
      gtk_spin_button_set_value (self->priority_spin, priority);
      sd_condition_editor_set_condition (self->condition_editor, NULL);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), rule->name);
      adw_window_title_set_title (self->window_title, rule->name);
      adw_window_title_set_subtitle (self->window_title, _("Custom Tier"));
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), rule->name);
      gtk_spin_button_set_value (self->priority_spin, rule->priority);
      gtk_switch_set_active (self->enabled_switch, rule->enabled);
      condition = sd_condition_parse (rule->condition, NULL);
      sd_condition_editor_set_condition (self->condition_editor, condition);
      gtk_widget_set_visible (GTK_WIDGET (self->delete_group), TRUE);
    }
  update_form (self);
  schedule_preview (self);
  /* A new rule starts with its name; an old one is not retyped by a stray key. */
  if (rule == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

gboolean
sd_tier_rule_dialog_get_busy (SdTierRuleDialog *self)
{
  g_return_val_if_fail (SD_IS_TIER_RULE_DIALOG (self), FALSE);

  return self->preview_timeout != 0 || self->preview_cancellable != NULL || self->job != NULL;
}
