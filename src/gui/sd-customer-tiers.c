/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customer-tiers"

#include <glib/gi18n.h>

#include "sd-customer-tiers.h"
#include "sd-format.h"
#include "sd-message.h"
#include "sd-permission-ui.h"
#include "sd-tier-pin-dialog.h"
#include "sd-values.h"
#include "sd-window.h"
#include "sd-wrap-layout.h"

struct _SdCustomerTiers
{
  AdwBin           parent_instance;

  SdSession       *session;
  SdSettings      *settings;
  gint64           id;
  char            *name;
  SdCustomerTier  *tier;           /* as last read; NULL when it could not be */
  SdTierLadder    *ladder;
  GPtrArray       *history_rows;   /* GtkWidget *, the expander's rows */

  GtkBox          *badges_box;
  GtkBox          *pinned_badge;
  GtkLabel        *custom_badge;
  AdwExpanderRow  *history_row;
  GtkButton       *pin_button;
  GtkBox          *rfm_badge;
  GtkLabel        *rfm_label;
  GtkLabel        *rfm_scores;
  GtkLabel        *tier_badge;
  GtkButton       *unpin_button;
};

G_DEFINE_FINAL_TYPE (SdCustomerTiers, sd_customer_tiers, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
grade_name (const SdTierLadder *ladder,
            int                 grade)
{
  if (grade < 0 || grade >= SD_TIER_N_GRADES)
    /* TRANSLATORS: the tier of a customer before tiers were first computed */
    return C_("tier", "Not computed");
  return sd_tier_ladder_get_name (ladder, grade);
}

static const char *
custom_name (GPtrArray *rules,
             gint64     id)
{
  if (id == 0)
    /* TRANSLATORS: no custom tier */
    return C_("custom tier", "none");
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      const SdTierRule *rule = g_ptr_array_index (rules, i);
      if (rule->id == id)
        return rule->name;
    }
  /* TRANSLATORS: a custom tier whose rule was deleted since */
  return _("a deleted rule");
}

static gboolean
can_manage (SdCustomerTiers *self)
{
  return sd_permission_ui_can (self->session, SD_PERMISSION_MANAGE_TIERS);
}

static char *
when_text (SdCustomerTiers *self,
           gint64           utc)
{
  if (self->settings == NULL || sd_settings_get_relative_dates (self->settings))
    return sd_format_when (utc, g_get_real_time () / G_USEC_PER_SEC);
  return sd_format_datetime (utc);
}

static void
fill_tier_badge (SdCustomerTiers *self)
{
  const SdCustomerTier *t = self->tier;
  g_autofree char *tooltip = NULL;
  g_autofree char *paid = sd_format_money_display (t->paid_cents);
  g_autofree char *trades = sd_format_count (t->trades);

  gtk_label_set_label (self->tier_badge, grade_name (self->ladder, t->tier));
  if (t->tier < 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->tier_badge), "plain");
      tooltip = g_strdup (_("Tiers are computed after an import, a store sync or a recompute on the Tiers page."));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->tier_badge), "plain");
      if (t->pinned && t->computed_tier != t->tier)
        /* TRANSLATORS: tooltip of a pinned tier: "The ladder alone would give: Member" */
        tooltip = g_strdup_printf (_("The ladder alone would give: %s"), grade_name (self->ladder, t->computed_tier));
      else
        /* TRANSLATORS: tooltip of the tier badge: "From ¥1,234.00 paid in 5 trades" */
        tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "From %s paid in %s trade",
                                                "From %s paid in %s trades", (gulong) t->trades),
                                   paid, trades);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tier_badge), tooltip);
}

static void
fill_pinned_badge (SdCustomerTiers *self)
{
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->pinned_badge), self->tier->pinned);
  if (!self->tier->pinned)
    return;
  /* TRANSLATORS: tooltip of the "Pinned" badge: "Pinned by hand: wholesale partner" */
  tooltip = g_strdup_printf (_("Pinned by hand: %s"), self->tier->pin_reason);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pinned_badge), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pinned_badge),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
fill_custom_badge (SdCustomerTiers *self)
{
  const SdCustomerTier *t = self->tier;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_badge), t->custom_tier_id != 0);
  gtk_label_set_label (self->custom_badge, t->custom_tier_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->custom_badge), _("Custom tier, from the shop’s tier rules"));
}

static void
fill_rfm_badge (SdCustomerTiers *self)
{
  const SdCustomerTier *t = self->tier;
  g_autofree char *scores = NULL;
  g_autofree char *tooltip = NULL;

  if (t->rfm_group == SD_RFM_GROUP_NONE)
    {
      /* TRANSLATORS: RFM group of a customer without scores */
      gtk_label_set_label (self->rfm_label, C_("rfm", "Not scored"));
      gtk_widget_set_visible (GTK_WIDGET (self->rfm_scores), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->rfm_badge),
                                   _("RFM scores are given to customers with counted orders when tiers are computed."));
      return;
    }
  gtk_label_set_label (self->rfm_label, sd_rfm_group_get_label (t->rfm_group));
  /* TRANSLATORS: the RFM scores, shown small: "R5 F4 M3" */
  scores = g_strdup_printf (_("R%d F%d M%d"), t->rfm_r, t->rfm_f, t->rfm_m);
  gtk_label_set_label (self->rfm_scores, scores);
  gtk_widget_set_visible (GTK_WIDGET (self->rfm_scores), TRUE);
  /* TRANSLATORS: tooltip of the RFM group */
  tooltip = g_strdup_printf (_("RFM group. Recency %d, frequency %d, monetary %d, each 1–5 against the shop’s other customers: 5 is the most recent, most frequent, highest spending."),
                             t->rfm_r, t->rfm_f, t->rfm_m);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rfm_badge), tooltip);
}

static GtkWidget *
history_row_new (SdCustomerTiers    *self,
                 GPtrArray          *rules,
                 const SdTierChange *change)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *when = gtk_label_new (NULL);
  g_autofree char *custom = NULL;
  g_autofree char *title = sd_customer_tiers_describe_change (self->ladder, rules, change, &custom);
  g_autofree char *when_short = when_text (self, change->at);
  g_autofree char *exact = sd_format_datetime (change->at);
  g_autoptr(GString) subtitle = g_string_new (sd_tier_cause_get_label (change->cause));

  if (change->detail != NULL && *change->detail)
    /* TRANSLATORS: separates the cause of a tier change from its detail: "Pinned by hand · wholesale partner" */
    g_string_append_printf (subtitle, _(" · %s"), change->detail);
  if (custom != NULL)
    g_string_append_printf (subtitle, "\n%s", custom);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_label_set_label (GTK_LABEL (when), when_short);
  gtk_widget_set_tooltip_text (when, exact);
  gtk_widget_add_css_class (when, "numeric");
  gtk_widget_add_css_class (when, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), when);
  return row;
}

static void
clear_history (SdCustomerTiers *self)
{
  for (guint i = 0; i < self->history_rows->len; i++)
    adw_expander_row_remove (self->history_row, g_ptr_array_index (self->history_rows, i));
  g_ptr_array_set_size (self->history_rows, 0);
}

static void
fill_history (SdCustomerTiers *self,
              GPtrArray       *history)
{
  g_autoptr(GPtrArray) rules = NULL;
  g_autofree char *count = NULL;
  g_autofree char *subtitle = NULL;
  gboolean custom = FALSE;

  clear_history (self);
  if (history == NULL || history->len == 0)
    {
      adw_expander_row_set_subtitle (self->history_row,
                                     _("No tier changes yet. Imports, recomputes and pins are kept here."));
      adw_expander_row_set_enable_expansion (self->history_row, FALSE);
      return;
    }
  /* The custom tiers' names, only when an entry needs them. */
  for (guint i = 0; i < history->len && !custom; i++)
    {
      const SdTierChange *change = g_ptr_array_index (history, i);
      custom = change->from_custom_tier_id != change->to_custom_tier_id;
    }
  if (custom)
    rules = sd_tiers_list_rules (self->session, NULL);

  for (guint i = 0; i < history->len; i++)
    {
      GtkWidget *row = history_row_new (self, rules, g_ptr_array_index (history, i));
      adw_expander_row_add_row (self->history_row, row);
      g_ptr_array_add (self->history_rows, row);
    }
  count = sd_format_count (history->len);
  /* TRANSLATORS: subtitle of the tier history */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s change, newest first",
                                           "%s changes, newest first", history->len), count);
  adw_expander_row_set_subtitle (self->history_row, subtitle);
  adw_expander_row_set_enable_expansion (self->history_row, TRUE);
}

static void
update_buttons (SdCustomerTiers *self)
{
  gboolean manage = self->tier != NULL && can_manage (self);

  gtk_widget_set_visible (GTK_WIDGET (self->pin_button), manage);
  gtk_widget_set_visible (GTK_WIDGET (self->unpin_button), manage && self->tier->pinned);
}

/* Reads everything again; on failure the section goes (the detail says what went wrong). */
static void
reload (SdCustomerTiers *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;

  g_clear_pointer (&self->tier, sd_customer_tier_free);
  g_clear_pointer (&self->ladder, sd_tier_ladder_free);
  if (self->session != NULL && self->id > 0)
    {
      self->ladder = sd_tiers_get_ladder (self->session, &error);
      if (self->ladder != NULL)
        self->tier = sd_tiers_get_customer (self->session, self->id, &error);
      if (self->tier != NULL)
        history = sd_tiers_list_history (self->session, self->id, &error);
      if (error != NULL)
        g_warning ("Could not read the customer’s tier: %s", error->message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->tier != NULL && history != NULL);
  update_buttons (self);
  if (self->tier == NULL || history == NULL)
    return;
  fill_tier_badge (self);
  fill_pinned_badge (self);
  fill_custom_badge (self);
  fill_rfm_badge (self);
  fill_history (self, history);
}

static GtkWindow *
parent_window (SdCustomerTiers *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* After the dialog that asked is gone: saved, or the refusal said on the window. */
static void
report (SdCustomerTiers *self,
        gboolean         done,
        const GError    *error)
{
  GtkWindow *window = parent_window (self);

  if (done)
    {
      reload (self);
      g_signal_emit (self, signals[CHANGED], 0, self->id);
    }
  else if (SD_IS_WINDOW (window))
    sd_window_add_toast (SD_WINDOW (window), adw_toast_new (error->message));
  else
    g_warning ("Could not change the tier: %s", error->message);
}

static void
pin_response_cb (SdTierPinDialog *dialog,
                 const char      *response,
                 SdCustomerTiers *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  gboolean done;

  if (g_strcmp0 (response, "pin") != 0 || self->session == NULL)
    return;
  reason = sd_tier_pin_dialog_dup_reason (dialog);
  done = sd_tiers_pin (self->session, self->id, sd_tier_pin_dialog_get_grade (dialog), reason, &error);
  report (self, done, error);
}

static void
pin_cb (SdCustomerTiers *self)
{
  SdTierPinDialog *dialog;

  if (self->tier == NULL || !can_manage (self))
    return;
  dialog = sd_tier_pin_dialog_new (parent_window (self), self->name, self->ladder, self->tier->tier);
  g_signal_connect_object (dialog, "response", G_CALLBACK (pin_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
unpin_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   SdCustomerTiers  *self)
{
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (g_strcmp0 (response, "unpin") != 0 || self->session == NULL)
    return;
  done = sd_tiers_unpin (self->session, self->id, &error);
  report (self, done, error);
}

static void
unpin_cb (SdCustomerTiers *self)
{
  g_autofree char *body = NULL;

  if (self->tier == NULL || !self->tier->pinned || !can_manage (self))
    return;
  /* TRANSLATORS: "“王小明” gets the tier the ladder gives now, Member, and follows the ladder from then on." */
  body = g_strdup_printf (_("“%s” gets the tier the ladder gives now, %s, and follows the ladder from then on."),
                          self->name, grade_name (self->ladder, self->tier->computed_tier));
  sd_message_confirm (parent_window (self), _("Unpin the Tier?"), body, "unpin", _("_Unpin"),
                      G_CALLBACK (unpin_response_cb), self);
}

static void
sd_customer_tiers_dispose (GObject *object)
{
  SdCustomerTiers *self = SD_CUSTOMER_TIERS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CUSTOMER_TIERS);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sd_customer_tiers_parent_class)->dispose (object);
}

static void
sd_customer_tiers_finalize (GObject *object)
{
  SdCustomerTiers *self = SD_CUSTOMER_TIERS (object);

  g_clear_pointer (&self->tier, sd_customer_tier_free);
  g_clear_pointer (&self->ladder, sd_tier_ladder_free);
  g_ptr_array_unref (self->history_rows);
  g_free (self->name);
  G_OBJECT_CLASS (sd_customer_tiers_parent_class)->finalize (object);
}

static void
sd_customer_tiers_class_init (SdCustomerTiersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_customer_tiers_dispose;
  object_class->finalize = sd_customer_tiers_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-customer-tiers.ui");
  gtk_widget_class_bind_template_child (widget_class, SdCustomerTiers, badges_box);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerTiers, custom_badge);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerTiers, history_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerTiers, pin_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerTiers, pinned_badge);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerTiers, rfm_badge);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerTiers, rfm_label);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerTiers, rfm_scores);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerTiers, tier_badge);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerTiers, unpin_button);
  gtk_widget_class_bind_template_callback (widget_class, pin_cb);
  gtk_widget_class_bind_template_callback (widget_class, unpin_cb);
}

static void
sd_customer_tiers_init (SdCustomerTiers *self)
{
  self->history_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Badges wrap on a narrow window rather than push the buttons out. */
  gtk_widget_set_layout_manager (GTK_WIDGET (self->badges_box), sd_wrap_layout_new (6, 6));
}

GtkWidget *
sd_customer_tiers_new (void)
{
  return g_object_new (SD_TYPE_CUSTOMER_TIERS, NULL);
}

void
sd_customer_tiers_set_session (SdCustomerTiers *self,
                               SdSession       *session,
                               SdSettings      *settings)
{
  g_return_if_fail (SD_IS_CUSTOMER_TIERS (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  g_set_object (&self->settings, settings);
  if (!g_set_object (&self->session, session))
    return;
  self->id = 0;
  clear_history (self);
  reload (self);
}

void
sd_customer_tiers_show (SdCustomerTiers *self,
                        gint64           id,
                        const char      *name)
{
  g_return_if_fail (SD_IS_CUSTOMER_TIERS (self));

  if (id != self->id)
    adw_expander_row_set_expanded (self->history_row, FALSE);
  self->id = id;
  g_free (self->name);
  self->name = g_strdup (name ? name : "");
  reload (self);
}

void
sd_customer_tiers_update_permissions (SdCustomerTiers *self)
{
  g_return_if_fail (SD_IS_CUSTOMER_TIERS (self));
  update_buttons (self);
}

char *
sd_customer_tiers_describe_change (const SdTierLadder *ladder,
                                   GPtrArray          *rules,
                                   const SdTierChange *change,
                                   char              **out_custom)
{
  gboolean grade_changed, custom_changed;
  g_autofree char *custom = NULL;

  g_return_val_if_fail (ladder != NULL && change != NULL, NULL);

  grade_changed = change->from_tier != change->to_tier;
  custom_changed = change->from_custom_tier_id != change->to_custom_tier_id;
  if (custom_changed)
    /* TRANSLATORS: a change of the custom tier: "Custom tier: none → 高价值客户" */
    custom = g_strdup_printf (_("Custom tier: %s → %s"), custom_name (rules, change->from_custom_tier_id),
                              custom_name (rules, change->to_custom_tier_id));
  if (out_custom != NULL)
    *out_custom = grade_changed ? g_steal_pointer (&custom) : NULL;
  if (grade_changed)
    /* TRANSLATORS: a change of tier: "Member → VIP member" */
    return g_strdup_printf (_("%s → %s"), grade_name (ladder, change->from_tier), grade_name (ladder, change->to_tier));
  if (custom != NULL)
    return g_steal_pointer (&custom);
  return g_strdup (grade_name (ladder, change->to_tier));
}
