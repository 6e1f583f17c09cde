/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-campaign-report"

#include <glib/gi18n.h>

#include "sd-campaign-chart.h"
#include "sd-campaign-report.h"
#include "sd-format.h"
#include "sd-values.h"

struct _SdCampaignReportView
{
  AdwBin               parent_instance;

  gint64               id;
  SdCampaignState      state;
  gint64               scheduled_at;
  GHashTable          *values;        /* name → GtkLabel *, the figures */
  AdwActionRow        *audience_row;  /* its subtitle names the audience */

  AdwPreferencesGroup *sending_group;
  GtkProgressBar      *progress_bar;
  GtkLabel            *progress_label;
  GtkLabel            *window_label;
  GtkLabel            *pause_label;
  GtkWidget           *send_button;
  GtkWidget           *pause_button;
  GtkWidget           *resume_button;
  GtkWidget           *cancel_button;
  AdwExpanderRow      *excluded_row;
  GPtrArray           *excluded_rows; /* rows added under excluded_row, removed at refill */
  AdwExpanderRow      *failed_row;
  GPtrArray           *failed_rows;
  AdwPreferencesGroup *attribution_group;
  SdCampaignChart     *chart;
};

G_DEFINE_FINAL_TYPE (SdCampaignReportView, sd_campaign_report_view, ADW_TYPE_BIN)

/* ---- building ---- */

static GtkLabel *
value_label (SdCampaignReportView *self,
             const char           *name)
{
  GtkWidget *label = gtk_label_new ("—");

  gtk_widget_set_name (label, name);
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  g_hash_table_insert (self->values, g_strdup (name), label);
  return GTK_LABEL (label);
}

/* A row titled TITLE with its figure NAME at its end. */
static AdwActionRow *
add_value_row (SdCampaignReportView *self,
               AdwPreferencesGroup  *group,
               const char           *name,
               const char           *title,
               const char           *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (value_label (self, name)));
  adw_preferences_group_add (group, row);
  return ADW_ACTION_ROW (row);
}

static AdwExpanderRow *
add_expander (SdCampaignReportView *self,
              AdwPreferencesGroup  *group,
              const char           *name,
              const char           *title)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), GTK_WIDGET (value_label (self, name)));
  adw_preferences_group_add (group, row);
  return ADW_EXPANDER_ROW (row);
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  return button;
}

static GtkLabel *
wrapped_label (const char *name,
               const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return GTK_LABEL (label);
}

static void
build_sending (SdCampaignReportView *self,
               GtkBox               *page)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  self->sending_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->sending_group, _("Sending"));
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  self->progress_label = wrapped_label ("progress_label", "numeric");
  g_hash_table_insert (self->values, g_strdup ("progress_label"), self->progress_label);
  self->window_label = wrapped_label ("window_label", "dim-label");
  g_hash_table_insert (self->values, g_strdup ("window_label"), self->window_label);
  self->pause_label = wrapped_label ("pause_label", "error");
  g_hash_table_insert (self->values, g_strdup ("pause_label"), self->pause_label);
  self->send_button = action_button (_("_Send Now"), "campaigns.send", "suggested-action");
  self->pause_button = action_button (_("_Pause"), "campaigns.pause", NULL);
  self->resume_button = action_button (_("_Resume"), "campaigns.resume", "suggested-action");
  self->cancel_button = action_button (_("_Cancel Campaign…"), "campaigns.cancel", "destructive-action");
  gtk_widget_set_name (self->send_button, "send_button");
  gtk_widget_set_name (self->pause_button, "pause_button");
  gtk_widget_set_name (self->resume_button, "resume_button");
  gtk_widget_set_halign (buttons, GTK_ALIGN_START);
  for (GtkWidget **b = (GtkWidget *[]) { self->send_button, self->resume_button, self->pause_button,
                                         self->cancel_button, NULL }; *b != NULL; b++)
    gtk_box_append (GTK_BOX (buttons), *b);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->window_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->pause_label));
  gtk_box_append (GTK_BOX (box), buttons);
  adw_preferences_group_add (self->sending_group, box);
  gtk_box_append (page, GTK_WIDGET (self->sending_group));
}

static void
build_counts (SdCampaignReportView *self,
              GtkBox               *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, _("Messages"));
  self->audience_row = add_value_row (self, group, "audience_value", _("Audience"),
                                      _("Customers the campaign was aimed at"));
  self->excluded_row = add_expander (self, group, "excluded_value", _("Left out"));
  add_value_row (self, group, "holdout_value", _("Held back"),
                 _("Not sent, to compare with: the holdout"));
  add_value_row (self, group, "recipients_value", _("Recipients"), NULL);
  add_value_row (self, group, "sent_value", _("Sent"), _("Accepted by the gateway"));
  add_value_row (self, group, "delivered_value", _("Delivered"), _("Reported delivered by the carrier"));
  self->failed_row = add_expander (self, group, "failed_value", _("Failed"));
  add_value_row (self, group, "withdrawn_value", _("Withdrawn"),
                 _("Opted out or blocked after the campaign was confirmed"));
  add_value_row (self, group, "parts_value", _("Parts billed"), NULL);
  add_value_row (self, group, "cost_value", _("Cost"), NULL);
  gtk_box_append (page, GTK_WIDGET (group));
}

static void
build_attribution (SdCampaignReportView *self,
                   GtkBox               *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *chart_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *frame = gtk_frame_new (NULL);

  self->attribution_group = group;
  adw_preferences_group_set_title (group, _("Results"));
  add_value_row (self, group, "recipient_orders_value", _("Recipients"), NULL);
  add_value_row (self, group, "holdout_orders_value", _("Holdout"), NULL);
  add_value_row (self, group, "uplift_value", _("Uplift"), NULL);
  /* Sentences, not figures: they take the row's room rather than a narrow column. */
  for (const char **name = (const char *[]) { "recipient_orders_value", "holdout_orders_value", "uplift_value", NULL };
       *name != NULL; name++)
    gtk_label_set_width_chars (g_hash_table_lookup (self->values, *name), 30);
  gtk_box_append (page, GTK_WIDGET (group));

  adw_preferences_group_set_title (chart_group, _("Day by Day"));
  self->chart = SD_CAMPAIGN_CHART (sd_campaign_chart_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (self->chart), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->chart), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->chart), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->chart), 12);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->chart));
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (chart_group, frame);
  gtk_box_append (page, GTK_WIDGET (chart_group));
}

/* ---- filling ---- */

static void
set_value (SdCampaignReportView *self,
           const char           *name,
           const char           *text)
{
  GtkLabel *label = g_hash_table_lookup (self->values, name);

  g_return_if_fail (label != NULL);
  gtk_label_set_label (label, text);
}

static void
set_count (SdCampaignReportView *self,
           const char           *name,
           gint64                count)
{
  g_autofree char *text = sd_format_count (count);

  set_value (self, name, text);
}

static char *
format_cost (gint64 mfen)
{
  /* Thousandths of a fen, to the fen people pay. */
  return sd_format_money_display ((mfen + 500) / 1000);
}

static void
clear_rows (AdwExpanderRow *expander,
            GPtrArray      *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_expander_row_remove (expander, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
add_detail_row (AdwExpanderRow *expander,
                GPtrArray      *rows,
                const char     *title,
                gint64          count)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = sd_format_count (count);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "numeric");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_expander_row_add_row (expander, row);
  g_ptr_array_add (rows, row);
}

static void
fill_counts (SdCampaignReportView   *self,
             const SdCampaignReport *report)
{
  const gint64 *s = report->by_state;
  gint64 excluded = 0;
  gint64 audience;
  GHashTableIter iter;
  gpointer key, value;

  clear_rows (self->excluded_row, self->excluded_rows);
  for (int i = 0; i < SD_EXCLUSION_N; i++)
    {
      excluded += report->excluded[i];
      if (report->excluded[i] > 0)
        add_detail_row (self->excluded_row, self->excluded_rows, sd_exclusion_get_label (i), report->excluded[i]);
    }
  audience = excluded + s[SD_RECIPIENT_HOLDOUT] + s[SD_RECIPIENT_QUEUED] + s[SD_RECIPIENT_SUBMITTING] +
             s[SD_RECIPIENT_ACCEPTED] + s[SD_RECIPIENT_DELIVERED] + s[SD_RECIPIENT_FAILED] + s[SD_RECIPIENT_WITHDRAWN];
  adw_expander_row_set_enable_expansion (self->excluded_row, excluded > 0);
  set_count (self, "audience_value", audience);
  set_count (self, "excluded_value", excluded);
  set_count (self, "holdout_value", s[SD_RECIPIENT_HOLDOUT]);
  set_count (self, "recipients_value", audience - excluded - s[SD_RECIPIENT_HOLDOUT]);
  set_count (self, "sent_value", s[SD_RECIPIENT_ACCEPTED] + s[SD_RECIPIENT_DELIVERED] + s[SD_RECIPIENT_FAILED]);
  set_count (self, "delivered_value", s[SD_RECIPIENT_DELIVERED]);
  set_count (self, "failed_value", s[SD_RECIPIENT_FAILED]);
  set_count (self, "withdrawn_value", s[SD_RECIPIENT_WITHDRAWN]);
  set_count (self, "parts_value", report->parts_billed);
  {
    g_autofree char *cost = format_cost (report->cost_mfen);
    set_value (self, "cost_value", cost);
  }

  clear_rows (self->failed_row, self->failed_rows);
  if (report->failed_by_code != NULL)
    {
      g_hash_table_iter_init (&iter, report->failed_by_code);
      while (g_hash_table_iter_next (&iter, &key, &value))
        add_detail_row (self->failed_row, self->failed_rows, key, *(gint64 *) value);
    }
  adw_expander_row_set_enable_expansion (self->failed_row, self->failed_rows->len > 0);
}

/* "12 orders · ¥1,234.50 · 3.4% bought · ¥0.56 a customer" */
static char *
format_side (gint64 orders,
             gint64 revenue_cents,
             gint64 people,
             gint64 buyers)
{
  g_autofree char *count = sd_format_count (orders);
  g_autofree char *revenue = sd_format_money_display (revenue_cents);
  g_autofree char *per = sd_format_money_display (people > 0 ? revenue_cents / people : 0);
  double conversion = people > 0 ? 100.0 * buyers / people : 0;

  /* TRANSLATORS: a side of the campaign's results: orders, revenue, the share of customers
   * who bought, revenue per customer: "12 orders · ¥1,234.50 · 3.4% bought · ¥0.56 each" */
  return g_strdup_printf (_("%s orders · %s · %.1f%% bought · %s each"), count, revenue, conversion, per);
}

static char *
format_uplift (const SdCampaignReport *report)
{
  double points = 100.0 * report->uplift;
  double low = 100.0 * report->uplift_low;
  double high = 100.0 * report->uplift_high;

  if (!report->has_uplift)
    return g_strdup (_("No holdout: nothing to compare with"));
  if (low > 0)
    /* TRANSLATORS: the campaign's uplift, in percentage points, with its 95% interval */
    return g_strdup_printf (_("%+.1f points: the message made more customers buy (95%% sure between %+.1f and %+.1f)"),
                            points, low, high);
  if (high < 0)
    return g_strdup_printf (_("%+.1f points: fewer customers bought than without a message (95%% sure between %+.1f and %+.1f)"),
                            points, low, high);
  return g_strdup_printf (_("%+.1f points: not clearly different from sending nothing (95%% sure between %+.1f and %+.1f)"),
                          points, low, high);
}

static void
fill_attribution (SdCampaignReportView   *self,
                  const SdCampaignReport *report)
{
  g_autofree char *recipients = format_side (report->recipient_orders, report->recipient_revenue_cents,
                                             report->recipients, report->recipient_buyers);
  g_autofree char *holdout = format_side (report->holdout_orders, report->holdout_revenue_cents,
                                          report->holdout, report->holdout_buyers);
  g_autofree char *uplift = format_uplift (report);
  g_autofree char *days = NULL;

  set_value (self, "recipient_orders_value", recipients);
  set_value (self, "holdout_orders_value", report->holdout > 0 ? holdout : _("No holdout"));
  set_value (self, "uplift_value", uplift);
  if (report->attribution_start > 0)
    {
      g_autofree char *start = sd_format_date (report->attribution_start);
      g_autofree char *end = sd_format_date (report->attribution_end);
      /* TRANSLATORS: the results' period: orders counted from the first day to the last */
      days = g_strdup_printf (_("Orders placed from %s to %s, by customers sent the message and by those held back"),
                              start, end);
    }
  adw_preferences_group_set_description (self->attribution_group,
                                         days != NULL ? days : _("Counted once sending starts"));
  sd_campaign_chart_set_days (self->chart, report->days);
}

static void
update_buttons (SdCampaignReportView *self,
                gboolean              sending)
{
  gboolean active = self->state == SD_CAMPAIGN_SCHEDULED || self->state == SD_CAMPAIGN_SENDING;

  gtk_widget_set_visible (GTK_WIDGET (self->sending_group), self->state != SD_CAMPAIGN_DRAFT);
  gtk_widget_set_visible (self->send_button, active && !sending);
  gtk_widget_set_visible (self->pause_button, active);
  gtk_widget_set_visible (self->resume_button, self->state == SD_CAMPAIGN_PAUSED);
  gtk_widget_set_visible (self->cancel_button, (self->state == SD_CAMPAIGN_SCHEDULED ||
                                                self->state == SD_CAMPAIGN_PAUSED) && !sending);
}

/* ---- the object ---- */

static void
sd_campaign_report_view_finalize (GObject *object)
{
  SdCampaignReportView *self = SD_CAMPAIGN_REPORT_VIEW (object);

  g_hash_table_unref (self->values);
  g_ptr_array_unref (self->excluded_rows);
  g_ptr_array_unref (self->failed_rows);
  G_OBJECT_CLASS (sd_campaign_report_view_parent_class)->finalize (object);
}

static void
sd_campaign_report_view_class_init (SdCampaignReportViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_campaign_report_view_finalize;
}

static void
sd_campaign_report_view_init (SdCampaignReportView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->excluded_rows = g_ptr_array_new ();
  self->failed_rows = g_ptr_array_new ();
  gtk_widget_set_margin_top (page, 24);
  gtk_widget_set_margin_bottom (page, 24);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  build_sending (self, GTK_BOX (page));
  build_counts (self, GTK_BOX (page));
  build_attribution (self, GTK_BOX (page));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), page);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

GtkWidget *
sd_campaign_report_view_new (void)
{
  return g_object_new (SD_TYPE_CAMPAIGN_REPORT_VIEW, NULL);
}

void
sd_campaign_report_view_set_details (SdCampaignReportView    *self,
                                     const SdCampaignDetails *details)
{
  g_return_if_fail (SD_IS_CAMPAIGN_REPORT_VIEW (self));

  if (details == NULL)
    {
      self->id = 0;
      return;
    }
  self->id = details->campaign->id;
  self->state = details->campaign->state;
  self->scheduled_at = details->campaign->scheduled_at;
  /* Whom it was for, by name ("VIP会员", a segment's name). */
  if (details->audience != NULL)
    adw_action_row_set_subtitle (self->audience_row, details->audience);
  fill_counts (self, details->report);
  fill_attribution (self, details->report);
  gtk_label_set_label (self->pause_label, details->campaign->pause_reason != NULL ? details->campaign->pause_reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pause_label), self->state == SD_CAMPAIGN_PAUSED &&
                          details->campaign->pause_reason != NULL && *details->campaign->pause_reason != '\0');
  sd_campaign_report_view_set_progress (self, &details->progress, FALSE);
}

void
sd_campaign_report_view_set_progress (SdCampaignReportView     *self,
                                      const SdCampaignProgress *p,
                                      gboolean                  sending)
{
  gint64 total, sent, done;
  g_autofree char *sent_text = NULL, *total_text = NULL, *delivered = NULL, *failed = NULL, *text = NULL;

  g_return_if_fail (SD_IS_CAMPAIGN_REPORT_VIEW (self));
  g_return_if_fail (p != NULL);

  total = p->queued + p->submitting + p->accepted + p->delivered + p->failed + p->withdrawn;
  sent = p->accepted + p->delivered + p->failed;
  done = sent + p->withdrawn;
  sent_text = sd_format_count (sent);
  total_text = sd_format_count (total);
  delivered = sd_format_count (p->delivered);
  failed = sd_format_count (p->failed);
  /* TRANSLATORS: the send's progress: "1,200 of 5,000 sent · 1,100 delivered · 3 failed" */
  text = g_strdup_printf (_("%s of %s sent · %s delivered · %s failed"), sent_text, total_text, delivered, failed);
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0);

  if (p->waiting_for_window && p->next_opening > 0)
    {
      g_autofree char *when = sd_format_datetime (p->next_opening);
      g_autofree char *wait = g_strdup_printf (_("Outside the sending hours: sending goes on at %s"), when);
      gtk_label_set_label (self->window_label, wait);
    }
  else if (sending)
    gtk_label_set_label (self->window_label, _("Sending now, batch by batch. You can keep working."));
  else if (self->state == SD_CAMPAIGN_SCHEDULED)
    {
      g_autofree char *when = sd_format_datetime (self->scheduled_at);
      /* TRANSLATORS: a scheduled campaign: when it is due */
      g_autofree char *scheduled = g_strdup_printf (_("Scheduled for %s: press Send Now once that time has come, "
                                                      "with ShopDesk open."), when);
      gtk_label_set_label (self->window_label, scheduled);
    }
  else if (self->state == SD_CAMPAIGN_SENDING)
    gtk_label_set_label (self->window_label, _("Not sending at the moment: press Send Now to go on where it stopped."));
  else if (self->state == SD_CAMPAIGN_PAUSED)
    gtk_label_set_label (self->window_label, _("Paused: nothing more is sent until you resume."));
  else if (self->state == SD_CAMPAIGN_CANCELLED)
    gtk_label_set_label (self->window_label, _("Cancelled: nothing more is sent. What was sent stays in the report."));
  else if (self->state == SD_CAMPAIGN_DONE)
    gtk_label_set_label (self->window_label, _("Every message has been sent."));
  else
    gtk_label_set_label (self->window_label, "");
  update_buttons (self, sending);
}

gint64
sd_campaign_report_view_get_id (SdCampaignReportView *self)
{
  g_return_val_if_fail (SD_IS_CAMPAIGN_REPORT_VIEW (self), 0);
  return self->id;
}

const char *
sd_campaign_report_view_get_value (SdCampaignReportView *self,
                                   const char           *name)
{
  GtkLabel *label;

  g_return_val_if_fail (SD_IS_CAMPAIGN_REPORT_VIEW (self), NULL);

  label = g_hash_table_lookup (self->values, name);
  return label != NULL ? gtk_label_get_label (label) : NULL;
}
