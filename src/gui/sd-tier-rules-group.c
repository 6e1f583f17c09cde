/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tier-rules-group"

#include <glib/gi18n.h>

#include "sd-format.h"
#include "sd-message.h"
#include "sd-permission-ui.h"
#include "sd-tier-rule-dialog.h"
#include "sd-tier-rule-jobs.h"
#include "sd-tier-rules-group.h"

/* The gap between the priorities "Add Rule…" suggests, so that one fits in between later. */
#define PRIORITY_STEP 10

struct _SdTierRulesGroup
{
  AdwPreferencesGroup  parent_instance;

  SdSession           *session;
  GPtrArray           *rules;              /* SdTierRule *, as shown */
  GPtrArray           *rows;               /* AdwActionRow *, one per rule */
  GPtrArray           *switches;           /* GtkSwitch *, one per rule; NULL when read only */
  GCancellable        *read_cancellable;   /* the read under way */
  GCancellable        *job_cancellable;    /* the switch or delete under way */
  guint                generation;
  gboolean             read_when_shown;    /* asked to read while unseen: the counts scan
                                            * every customer, not to be paid at login */
  gboolean             setting_switch;     /* a switch moved by the group, not by a person */
  GtkSwitch           *asked_switch;       /* the switch whose change is being asked about */
  SdTierRule          *asked_before;       /* the rule before the change being asked about */
  SdTierRuleEdit      *asked_edit;

  GtkButton           *add_button;
  AdwActionRow        *empty_row;
  AdwActionRow        *error_row;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (SdTierRulesGroup, sd_tier_rules_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---- */

static gboolean
may_manage (SdTierRulesGroup *self)
{
  return sd_permission_ui_can (self->session, SD_PERMISSION_MANAGE_TIERS);
}

static gboolean
busy (SdTierRulesGroup *self)
{
  return self->read_cancellable != NULL || self->job_cancellable != NULL;
}

static GtkWindow *
get_parent_window (SdTierRulesGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_toast (SdTierRulesGroup *self,
            const char       *text,
            gboolean          error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  /* The window holds an overlay above every page; a group shown elsewhere logs. */
  if (overlay != NULL)
    sd_message_add_toast (ADW_TOAST_OVERLAY (overlay), text, error);
  else
    g_message ("%s", text);
}

static const SdTierRule *
find_rule (SdTierRulesGroup *self,
           gint64            id)
{
  for (guint i = 0; self->rules != NULL && i < self->rules->len; i++)
    {
      const SdTierRule *rule = g_ptr_array_index (self->rules, i);
      if (rule->id == id)
        return rule;
    }
  return NULL;
}

/* Drops the change being asked about (its answer is not wanted). */
static void
forget_asked (SdTierRulesGroup *self)
{
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  g_clear_object (&self->asked_switch);
  g_clear_pointer (&self->asked_before, sd_tier_rule_free);
  g_clear_pointer (&self->asked_edit, sd_tier_rule_edit_free);
}

/* The one place that decides what may be done now. */
static void
update_actions (SdTierRulesGroup *self)
{
  gboolean manage = may_manage (self);
  gboolean free_to_change = manage && self->job_cancellable == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tier-rules.add", free_to_change);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tier-rules.edit", free_to_change);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tier-rules.delete", free_to_change);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tier-rules.reload", self->session != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), manage);
  for (guint i = 0; i < self->switches->len; i++)
    {
      GtkWidget *sw = g_ptr_array_index (self->switches, i);
      if (sw != NULL)
        gtk_widget_set_sensitive (sw, free_to_change);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy (self));
  gtk_spinner_set_spinning (self->spinner, busy (self));
}

static void
clear_rows (SdTierRulesGroup *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->switches, 0);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
}

static GtkWidget *
make_figures (const SdTierRule *rule,
              gint64            count)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *customers = sd_format_customers (count);
  /* TRANSLATORS: a custom tier rule's priority; lower numbers are tried first */
  g_autofree char *priority = g_strdup_printf (_("Priority %d"), rule->priority);
  GtkWidget *count_label = gtk_label_new (customers);
  GtkWidget *priority_label = gtk_label_new (priority);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_name (count_label, "count");
  gtk_label_set_xalign (GTK_LABEL (count_label), 1.0);
  gtk_widget_add_css_class (count_label, "numeric");
  gtk_widget_set_name (priority_label, "priority");
  gtk_label_set_xalign (GTK_LABEL (priority_label), 1.0);
  gtk_widget_add_css_class (priority_label, "caption");
  gtk_widget_add_css_class (priority_label, "dim-label");
  gtk_widget_add_css_class (priority_label, "numeric");
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_box_append (GTK_BOX (box), priority_label);
  return box;
}

static gboolean switch_state_set_cb (GtkSwitch        *sw,
                                     gboolean          state,
                                     SdTierRulesGroup *self);

static GtkWidget *
make_switch (SdTierRulesGroup *self,
             const SdTierRule *rule)
{
  GtkWidget *sw = gtk_switch_new ();
  /* TRANSLATORS: tooltip of a custom tier rule's switch; %s is its name */
  g_autofree char *tooltip = g_strdup_printf (_("Switch “%s” on or off"), rule->name);

  gtk_switch_set_active (GTK_SWITCH (sw), rule->enabled);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_name (sw, "switch");
  gtk_widget_set_tooltip_text (sw, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_signal_connect_object (sw, "state-set", G_CALLBACK (switch_state_set_cb), self, 0);
  return sw;
}

static GtkWidget *
make_delete_button (const SdTierRule *rule)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  /* TRANSLATORS: tooltip of a custom tier rule's delete button; %s is its name */
  g_autofree char *tooltip = g_strdup_printf (_("Delete “%s”…"), rule->name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, "delete");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "tier-rules.delete");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", rule->id);
  return button;
}

/* Name, condition (one line, the whole of it on hover), customers, priority; with
 * tiers.manage also the switch, the delete button, and a click to edit. */
static GtkWidget *
make_rule_row (SdTierRulesGroup *self,
               const SdTierRule *rule,
               gint64            count,
               GtkWidget       **out_switch)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = g_strdup_printf ("rule-%" G_GINT64_FORMAT, rule->id);
  gboolean manage = may_manage (self);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rule->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rule->condition);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_widget_set_tooltip_text (row, rule->condition);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_figures (rule, count));
  *out_switch = NULL;

  if (!manage)
    {
      if (!rule->enabled)
        {
          GtkWidget *off = gtk_label_new (_("Off"));

          gtk_widget_set_valign (off, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (off, "caption-heading");
          gtk_widget_add_css_class (off, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), off);
        }
      return row;
    }

  *out_switch = make_switch (self, rule);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), *out_switch);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_delete_button (rule));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "tier-rules.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", rule->id);
  return row;
}

static void
show_rules (SdTierRulesGroup *self,
            GPtrArray        *rules,
            GArray           *counts)
{
  clear_rows (self);
  self->rules = g_ptr_array_ref (rules);
  for (guint i = 0; i < rules->len; i++)
    {
      GtkWidget *sw;
      GtkWidget *row = make_rule_row (self, g_ptr_array_index (rules, i), g_array_index (counts, gint64, i), &sw);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->switches, sw);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row),
                                 may_manage (self)
                                   ? _("No custom tiers. Add a rule such as “high-value lapsed: total spent ≥ "
                                       "¥2,000 and no order for 180 days”.")
                                   : _("No custom tiers."));
  gtk_widget_set_visible (GTK_WIDGET (self->empty_row), rules->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), FALSE);
}

/* ---- reading ---- */

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdTierRulesGroup *self;
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GPtrArray) rules = sd_tier_rules_read_finish (result, &counts, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SD_TIER_RULES_GROUP (source);
  /* A newer read is under way: its answer is the one to show. */
  if (generation != self->generation)
    return;
  g_clear_object (&self->read_cancellable);
  if (rules == NULL)
    {
      clear_rows (self);
      adw_action_row_set_subtitle (self->error_row, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->empty_row), FALSE);
    }
  else
    show_rules (self, rules, counts);
  update_actions (self);
}

static void
start_read (SdTierRulesGroup *self)
{
  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->generation++;
  self->read_when_shown = FALSE;
  if (self->session == NULL)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->read_when_shown = TRUE;
      return;
    }
  self->read_cancellable = g_cancellable_new ();
  sd_tier_rules_read_async (self, self->session, self->read_cancellable, read_done_cb,
                            GUINT_TO_POINTER (self->generation));
  update_actions (self);
}

/* ---- changes ---- */

static void
changed (SdTierRulesGroup *self,
         const char       *message)
{
  start_read (self);
  if (message != NULL)
    show_toast (self, message, FALSE);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
confirm_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SdTierRulesGroup *self;
  g_autoptr(GError) error = NULL;
  gboolean saved = sd_tier_rule_confirm_finish (result, &error);
  g_autoptr(GtkSwitch) sw = NULL;
  g_autoptr(SdTierRule) before = NULL;
  g_autoptr(SdTierRuleEdit) edit = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SD_TIER_RULES_GROUP (source);
  sw = g_steal_pointer (&self->asked_switch);
  before = g_steal_pointer (&self->asked_before);
  edit = g_steal_pointer (&self->asked_edit);
  g_clear_object (&self->job_cancellable);

  if (sw != NULL)
    {
      /* Saved: the switch settles where it was moved; refused or failed: back. */
      self->setting_switch = TRUE;
      if (saved)
        gtk_switch_set_state (sw, edit->enabled);
      else
        gtk_switch_set_active (sw, !edit->enabled);
      self->setting_switch = FALSE;
    }
  update_actions (self);
  if (error != NULL)
    show_toast (self, error->message, TRUE);
  if (saved)
    {
      g_autofree char *message = sd_tier_rule_describe_saved (before, edit);
      changed (self, message);
    }
}

/* Asks about EDIT (a switch moved, or a delete) and saves it when agreed; SW, the switch. */
static void
start_confirm (SdTierRulesGroup *self,
               const SdTierRule *rule,
               SdTierRuleEdit   *edit,
               GtkSwitch        *sw)
{
  g_assert (self->job_cancellable == NULL);

  self->asked_switch = sw != NULL ? g_object_ref (sw) : NULL;
  self->asked_before = sd_tier_rule_copy (rule);
  self->asked_edit = edit;
  self->job_cancellable = g_cancellable_new ();
  sd_tier_rule_confirm_async (self, get_parent_window (self), self->session, edit, rule->name,
                              self->job_cancellable, confirm_done_cb, NULL);
  update_actions (self);
}

static gboolean
switch_state_set_cb (GtkSwitch        *sw,
                     gboolean          state,
                     SdTierRulesGroup *self)
{
  guint i;
  const SdTierRule *rule;
  SdTierRuleEdit *edit;

  if (self->setting_switch)
    return FALSE;
  /* Insensitive while something else runs, so this is a person's click on a rule shown. */
  if (!may_manage (self) || self->job_cancellable != NULL || !g_ptr_array_find (self->switches, sw, &i))
    return TRUE;
  rule = g_ptr_array_index (self->rules, i);
  edit = sd_tier_rule_edit_new_from (rule);
  edit->enabled = state;
  start_confirm (self, rule, edit, sw);
  /* The switch shows the new position but keeps the old state until the change is saved. */
  return TRUE;
}

static void
dialog_saved_cb (SdTierRulesGroup *self,
                 const char       *message)
{
  changed (self, message);
}

/* ---- actions ---- */

/* Also tier-rules.add, without a target: a new rule. */
static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdTierRulesGroup *self = SD_TIER_RULES_GROUP (widget);
  const SdTierRule *rule = parameter != NULL ? find_rule (self, g_variant_get_int64 (parameter)) : NULL;
  int priority = PRIORITY_STEP;
  SdTierRuleDialog *dialog;

  if (!may_manage (self) || (parameter != NULL && rule == NULL))
    return;
  /* A new rule comes after the others unless its author says otherwise. */
  for (guint i = 0; self->rules != NULL && i < self->rules->len; i++)
    priority = MAX (priority, ((SdTierRule *) g_ptr_array_index (self->rules, i))->priority + PRIORITY_STEP);
  dialog = sd_tier_rule_dialog_new (get_parent_window (self), self->session, rule, priority);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdTierRulesGroup *self = SD_TIER_RULES_GROUP (widget);
  const SdTierRule *rule = find_rule (self, g_variant_get_int64 (parameter));
  SdTierRuleEdit *edit;

  if (!may_manage (self) || rule == NULL || self->job_cancellable != NULL)
    return;
  edit = sd_tier_rule_edit_new_from (rule);
  edit->remove = TRUE;
  start_confirm (self, rule, edit, NULL);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sd_tier_rules_group_reload (SD_TIER_RULES_GROUP (widget));
}

/* ---- the object ---- */

static void
sd_tier_rules_group_map (GtkWidget *widget)
{
  SdTierRulesGroup *self = SD_TIER_RULES_GROUP (widget);

  GTK_WIDGET_CLASS (sd_tier_rules_group_parent_class)->map (widget);
  if (self->read_when_shown)
    start_read (self);
}

static void
sd_tier_rules_group_dispose (GObject *object)
{
  SdTierRulesGroup *self = SD_TIER_RULES_GROUP (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  forget_asked (self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_TIER_RULES_GROUP);
  G_OBJECT_CLASS (sd_tier_rules_group_parent_class)->dispose (object);
}

static void
sd_tier_rules_group_finalize (GObject *object)
{
  SdTierRulesGroup *self = SD_TIER_RULES_GROUP (object);

  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->switches, g_ptr_array_unref);
  G_OBJECT_CLASS (sd_tier_rules_group_parent_class)->finalize (object);
}

static void
sd_tier_rules_group_class_init (SdTierRulesGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_tier_rules_group_dispose;
  object_class->finalize = sd_tier_rules_group_finalize;
  widget_class->map = sd_tier_rules_group_map;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-tier-rules-group.ui");
  gtk_widget_class_bind_template_child (widget_class, SdTierRulesGroup, add_button);
  gtk_widget_class_bind_template_child (widget_class, SdTierRulesGroup, empty_row);
  gtk_widget_class_bind_template_child (widget_class, SdTierRulesGroup, error_row);
  gtk_widget_class_bind_template_child (widget_class, SdTierRulesGroup, spinner);

  gtk_widget_class_install_action (widget_class, "tier-rules.add", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "tier-rules.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "tier-rules.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "tier-rules.reload", NULL, reload_action);
}

static void
sd_tier_rules_group_init (SdTierRulesGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->switches = g_ptr_array_new ();
  update_actions (self);
}

/* ---- public API ---- */

GtkWidget *
sd_tier_rules_group_new (void)
{
  return g_object_new (SD_TYPE_TIER_RULES_GROUP, NULL);
}

void
sd_tier_rules_group_set_session (SdTierRulesGroup *self,
                                 SdSession        *session)
{
  g_return_if_fail (SD_IS_TIER_RULES_GROUP (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  /* A change asked about belongs to the account that asked. */
  forget_asked (self);
  g_set_object (&self->session, session);
  clear_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), FALSE);
  start_read (self);
  update_actions (self);
}

void
sd_tier_rules_group_reload (SdTierRulesGroup *self)
{
  g_return_if_fail (SD_IS_TIER_RULES_GROUP (self));

  start_read (self);
}

gboolean
sd_tier_rules_group_get_busy (SdTierRulesGroup *self)
{
  g_return_val_if_fail (SD_IS_TIER_RULES_GROUP (self), FALSE);

  return busy (self);
}
