/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-campaign-composer"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "net/sd-sms-gateway.h"
#include "sd-campaign-composer.h"
#include "sd-campaign-jobs.h"
#include "sd-error.h"
#include "sd-format.h"
#include "sd-message.h"
#include "sd-permission-ui.h"
#include "sd-phone.h"
#include "sd-segments.h"
#include "sd-sms-template.h"
#include "sd-tiers.h"
#include "sd-values.h"

#define ESTIMATE_DELAY_MS 350
#define PREVIEW_LIMIT     3

/* The audience drop-down's items, in its order. */
enum
{
  KIND_ALL,
  KIND_GRADE,
  KIND_SEGMENT,
  KIND_TAGS,
  KIND_CUSTOMERS,
};

struct _SdCampaignComposer
{
  AdwWindow            parent_instance;

  SdSession           *session;
  SdCampaign          *campaign;        /* what was opened: id, ids, seed kept from it */
  SdSmsSettings       *settings;
  char                *sign_name;
  GPtrArray           *segments;        /* SdSegment *, the drop-down's order */
  SdCampaignEstimate  *estimate;        /* shown */
  GCancellable        *estimate_cancellable;
  guint                estimate_source;
  guint                generation;
  GCancellable        *save_cancellable;
  GCancellable        *test_cancellable;  /* a test send: its save, then the send */
  char                *test_phone;        /* where it goes (E.164), once the draft is saved */
  gboolean             filling;

  AdwToastOverlay     *toast_overlay;
  GtkWidget           *send_button;
  GtkWidget           *save_button;
  AdwEntryRow         *name_row;
  AdwEntryRow         *template_row;
  GtkLabel            *signature_label;
  GtkTextView         *body_view;
  GtkEntry            *opt_out_entry;
  GtkMenuButton       *placeholder_button;
  GtkLabel            *counter_label;
  GtkLabel            *lint_label;
  AdwEntryRow         *coupon_row;
  AdwEntryRow         *fields_row;
  AdwComboRow         *kind_row;
  AdwComboRow         *grade_row;
  AdwComboRow         *segment_row;
  AdwEntryRow         *tags_row;
  GtkSpinButton       *holdout_spin;
  AdwExpanderRow      *excluded_row;
  GtkLabel            *excluded_labels[SD_EXCLUSION_N];
  GtkLabel            *excluded_total;
  GtkLabel            *recipients_label;
  AdwPreferencesGroup *preview_group;
  GPtrArray           *preview_rows;
  AdwComboRow         *when_row;
  AdwEntryRow         *date_row;
  AdwActionRow        *cost_row;
  GtkWidget           *test_button;
  GtkSpinner          *test_spinner;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (SdCampaignComposer, sd_campaign_composer, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_estimate (SdCampaignComposer *self);

/* ---- reading the fields ---- */

static char *
body_text (SdCampaignComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* "vip=金卡, gift=保温杯" → name → value. */
static GHashTable *
parse_fields (const char *text)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_regex_split_simple ("[,，;；]", text, 0, 0);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *name = NULL;

      if (eq == NULL)
        continue;
      name = g_strstrip (g_strndup (pairs[i], eq - pairs[i]));
      if (*name != '\0')
        g_hash_table_replace (fields, g_steal_pointer (&name), g_strstrip (g_strdup (eq + 1)));
    }
  return fields;
}

static char *
format_fields (GHashTable *fields)
{
  g_autoptr(GList) keys = fields != NULL ? g_hash_table_get_keys (fields) : NULL;
  GString *text = g_string_new (NULL);

  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (text, "%s%s=%s", text->len > 0 ? ", " : "", (char *) l->data,
                            (char *) g_hash_table_lookup (fields, l->data));
  return g_string_free (text, FALSE);
}

/* "2026-11-24 10:00" in the shop's time zone → UTC seconds; 0 when it is not one. */
static gint64
parse_when (const char *text)
{
  int y, mo, d, h, mi;
  GTimeZone *zone = sd_shop_time_zone ();   /* the shop's, not ours to free */
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || sscanf (text, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) != 5)
    return 0;
  dt = g_date_time_new (zone, y, mo, d, h, mi, 0);
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static char *
format_when (gint64 utc)
{
  GTimeZone *zone = sd_shop_time_zone ();   /* the shop's, not ours to free */
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, zone);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static SdCampaign *
read_campaign (SdCampaignComposer *self)
{
  SdCampaign *c = sd_campaign_copy (self->campaign);
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint segment = adw_combo_row_get_selected (self->segment_row);

  g_free (c->name);
  c->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_free (c->template_code);
  c->template_code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->template_row))));
  g_free (c->body);
  c->body = body_text (self);
  g_free (c->opt_out_text);
  c->opt_out_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->opt_out_entry))));
  g_free (c->coupon);
  c->coupon = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->coupon_row))));
  g_clear_pointer (&c->custom_fields, g_hash_table_unref);
  c->custom_fields = parse_fields (gtk_editable_get_text (GTK_EDITABLE (self->fields_row)));

  c->audience_kind = kind == KIND_GRADE ? SD_AUDIENCE_GRADE
                   : kind == KIND_SEGMENT ? SD_AUDIENCE_SEGMENT
                   : kind == KIND_TAGS ? SD_AUDIENCE_TAGS
                   : kind == KIND_CUSTOMERS ? SD_AUDIENCE_CUSTOMERS : SD_AUDIENCE_ALL;
  c->grade = (int) adw_combo_row_get_selected (self->grade_row);
  c->segment_id = segment < self->segments->len ? ((SdSegment *) g_ptr_array_index (self->segments, segment))->id : 0;
  g_strfreev (c->tags);
  c->tags = g_regex_split_simple ("\\s*[,，;；]\\s*", gtk_editable_get_text (GTK_EDITABLE (self->tags_row)), 0, 0);
  /* An empty entry is no tag at all, not one empty tag. */
  if (c->tags[0] != NULL && *g_strstrip (c->tags[0]) == '\0' && c->tags[1] == NULL)
    g_clear_pointer (&c->tags, g_strfreev);
  c->holdout_percent = gtk_spin_button_get_value_as_int (self->holdout_spin);
  c->scheduled_at = adw_combo_row_get_selected (self->when_row) == 1
                      ? parse_when (gtk_editable_get_text (GTK_EDITABLE (self->date_row))) : 0;
  return c;
}

/* ---- showing the estimate ---- */

static char *
format_cost (gint64 mfen)
{
  return sd_format_money_display ((mfen + 500) / 1000);
}

/* "¥0.045": a part's price, to the thousandth of a fen it may have. */
static char *
format_price (gint64 mfen)
{
  return g_strdup_printf ("¥%.3f", mfen / 100000.0);
}

static void
show_counter (SdCampaignComposer *self)
{
  const SdCampaignEstimate *e = self->estimate;
  g_autofree char *text = NULL;

  if (e == NULL || e->longest_count.parts == 0)
    {
      gtk_label_set_label (self->counter_label, _("Type the message: the counter shows the longest one a customer gets"));
      return;
    }
  /* TRANSLATORS: the composer's counter: characters, encoding, parts, of the longest message
   * a recipient gets: "68 characters · UCS-2 · 1 part (the longest message)" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u characters · %s · %u part (the longest message)",
                                       "%u characters · %s · %u parts (the longest message)",
                                       e->longest_count.parts),
                          e->longest_count.units, sd_sms_encoding_describe (e->longest_count.encoding),
                          e->longest_count.parts);
  gtk_label_set_label (self->counter_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->counter_label), e->longest_text);
}

static void
show_lint (SdCampaignComposer *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; self->estimate != NULL && i < self->estimate->lint->len; i++)
    {
      const SdSmsLintIssue *issue = g_ptr_array_index (self->estimate->lint, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "• %s", issue->message);
    }
  gtk_label_set_label (self->lint_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->lint_label), text->len > 0);
  g_string_free (text, TRUE);
}

static void
show_audience (SdCampaignComposer *self)
{
  const SdCampaignEstimate *e = self->estimate;
  gint64 excluded = 0;

  for (int i = 0; i < SD_EXCLUSION_N; i++)
    {
      g_autofree char *count = e != NULL ? sd_format_count (e->excluded[i]) : g_strdup ("—");

      excluded += e != NULL ? e->excluded[i] : 0;
      gtk_label_set_label (self->excluded_labels[i], count);
    }
  {
    g_autofree char *total = e != NULL ? sd_format_count (excluded) : g_strdup ("—");
    g_autofree char *recipients = e != NULL ? sd_format_count (e->recipients) : g_strdup ("—");
    g_autofree char *audience = e != NULL ? sd_format_count (e->audience) : g_strdup ("—");
    g_autofree char *holdout = e != NULL ? sd_format_count (e->holdout) : g_strdup ("—");
    g_autofree char *subtitle = NULL;

    gtk_label_set_label (self->excluded_total, total);
    gtk_label_set_label (self->recipients_label, recipients);
    /* TRANSLATORS: under "Recipients": the audience's size and the holdout kept back */
    subtitle = g_strdup_printf (_("%s in the audience, %s held back"), audience, holdout);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (GTK_WIDGET (self->recipients_label),
                                                                         ADW_TYPE_ACTION_ROW)),
                                 subtitle);
  }
}

static void
show_previews (SdCampaignComposer *self)
{
  for (guint i = 0; i < self->preview_rows->len; i++)
    adw_preferences_group_remove (self->preview_group, g_ptr_array_index (self->preview_rows, i));
  g_ptr_array_set_size (self->preview_rows, 0);
  for (guint i = 0; self->estimate != NULL && i < self->estimate->previews->len; i++)
    {
      const SdCampaignPreview *p = g_ptr_array_index (self->estimate->previews, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *phone = sd_phone_format_display (p->phone);
      g_autofree char *title = g_strdup_printf ("%s · %s", p->name, phone != NULL ? phone : p->phone);
      g_autofree char *parts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u part", "%u parts", p->count.parts),
                                                p->count.parts);
      GtkWidget *label = gtk_label_new (parts);

      gtk_widget_add_css_class (label, "dim-label");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), p->text);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->preview_group, row);
      g_ptr_array_add (self->preview_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->preview_group), self->preview_rows->len > 0);
}

static void
show_cost (SdCampaignComposer *self)
{
  const SdCampaignEstimate *e = self->estimate;
  g_autofree char *parts = NULL, *price = NULL, *cost = NULL, *text = NULL;

  if (e == NULL)
    {
      adw_action_row_set_subtitle (self->cost_row, "—");
      return;
    }
  parts = sd_format_count (e->parts);
  price = format_price (self->settings != NULL ? self->settings->price_per_part_mfen : 0);
  cost = format_cost (e->cost_mfen);
  /* TRANSLATORS: the cost estimate: "2,468 parts × ¥0.045 = about ¥111.06" */
  text = g_strdup_printf (_("%s parts × %s = about %s"), parts, price, cost);
  adw_action_row_set_subtitle (self->cost_row, text);
}

static void
update_buttons (SdCampaignComposer *self)
{
  gboolean saving = self->save_cancellable != NULL;
  gboolean testing = self->test_cancellable != NULL;
  gboolean estimating = self->estimate_source != 0 || self->estimate_cancellable != NULL;
  gboolean ready = self->estimate != NULL && !estimating;
  gboolean send = sd_permission_ui_can (self->session, SD_PERMISSION_SEND_CAMPAIGNS);
  /* The page passes a signature only when a gateway is set. */
  gboolean gateway = self->sign_name != NULL;

  gtk_widget_set_sensitive (self->save_button, !saving && !testing);
  gtk_widget_set_sensitive (self->send_button, !saving && !testing && ready && send && !self->estimate->has_errors);
  sd_permission_ui_explain (self->send_button, self->session, SD_PERMISSION_SEND_CAMPAIGNS,
                            _("Review the count and the cost, then send"));
  gtk_widget_set_sensitive (self->test_button, !saving && !testing && !estimating && send && gateway);
  if (sd_permission_ui_explain (self->test_button, self->session, SD_PERMISSION_SEND_CAMPAIGNS,
                                _("Send this message once to a phone of yours, to see it as customers will"))
      && !gateway)
    gtk_widget_set_tooltip_text (self->test_button, _("Set the SMS gateway on the Campaigns page first"));
  gtk_spinner_set_spinning (self->test_spinner, testing);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), testing);
  gtk_spinner_set_spinning (self->spinner, saving || !ready);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), saving || !ready);
}

static void
show_estimate (SdCampaignComposer *self)
{
  show_counter (self);
  show_lint (self);
  show_audience (self);
  show_previews (self);
  show_cost (self);
  update_buttons (self);
}

/* ---- the estimate, on a worker thread ---- */

static void
estimate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SdCampaignComposer *self = SD_CAMPAIGN_COMPOSER (source);
  g_autoptr(GError) error = NULL;
  SdCampaignEstimate *estimate = sd_campaign_jobs_estimate_finish (result, &error);

  if (GPOINTER_TO_UINT (user_data) != self->generation)
    {
      g_clear_pointer (&estimate, sd_campaign_estimate_free);
      return;
    }
  g_clear_object (&self->estimate_cancellable);
  g_clear_pointer (&self->estimate, sd_campaign_estimate_free);
  self->estimate = estimate;
  if (estimate == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The audience as typed is not one yet (a segment missing, no tag): said under the
       * message, where the counts would be. */
      gtk_label_set_label (self->lint_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->lint_label), TRUE);
      show_audience (self);
      show_previews (self);
      show_cost (self);
      update_buttons (self);
      return;
    }
  show_estimate (self);
}

static gboolean
estimate_timeout_cb (gpointer data)
{
  SdCampaignComposer *self = SD_CAMPAIGN_COMPOSER (data);
  g_autoptr(SdCampaign) campaign = read_campaign (self);

  self->estimate_source = 0;
  self->estimate_cancellable = g_cancellable_new ();
  sd_campaign_jobs_estimate_async (self, self->session, campaign, PREVIEW_LIMIT, self->estimate_cancellable,
                                   estimate_done_cb, GUINT_TO_POINTER (self->generation));
  return G_SOURCE_REMOVE;
}

/* Each change waits a moment for the next keystroke; the estimate under way is dropped. */
static void
schedule_estimate (SdCampaignComposer *self)
{
  if (self->filling || self->session == NULL)
    return;
  self->generation++;
  if (self->estimate_cancellable != NULL)
    g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
  g_clear_handle_id (&self->estimate_source, g_source_remove);
  self->estimate_source = g_timeout_add (ESTIMATE_DELAY_MS, estimate_timeout_cb, self);
  update_buttons (self);
}

static void
kind_changed_cb (SdCampaignComposer *self)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);

  gtk_widget_set_visible (GTK_WIDGET (self->grade_row), kind == KIND_GRADE);
  gtk_widget_set_visible (GTK_WIDGET (self->segment_row), kind == KIND_SEGMENT);
  gtk_widget_set_visible (GTK_WIDGET (self->tags_row), kind == KIND_TAGS);
  schedule_estimate (self);
}

static void
when_changed_cb (SdCampaignComposer *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->date_row), adw_combo_row_get_selected (self->when_row) == 1);
  schedule_estimate (self);
}

/* ---- placeholders ---- */

static void
insert_placeholder_cb (GtkButton          *button,
                       SdCampaignComposer *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "placeholder");
  g_autofree char *text = g_strdup_printf ("{%s}", name);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_menu_button_popdown (self->placeholder_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

static const char *
placeholder_label (const char *name)
{
  static const struct { const char *name; const char *label; } labels[] = {
    { "name", N_("Name") }, { "nick", N_("Nick") }, { "grade", N_("Grade") }, { "shop", N_("Shop name") },
    { "coupon", N_("Coupon") }, { "last_item", N_("Last item bought") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].name, name) == 0)
      return _(labels[i].label);
  return NULL;
}

static void
add_placeholder_button (SdCampaignComposer *self,
                        GtkBox             *box,
                        const char         *name)
{
  const char *label = placeholder_label (name);
  g_autofree char *text = label != NULL ? g_strdup_printf ("{%s} %s", name, label) : g_strdup_printf ("{%s}", name);
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_name (button, name);
  gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
  g_object_set_data_full (G_OBJECT (button), "placeholder", g_strdup (name), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (insert_placeholder_cb), self, 0);
  gtk_box_append (box, button);
}

/* The menu is built when it opens: the custom fields may have changed meanwhile. */
static void
placeholder_menu_cb (GtkMenuButton *button,
                     gpointer       data)
{
  SdCampaignComposer *self = SD_CAMPAIGN_COMPOSER (data);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autoptr(GHashTable) fields = parse_fields (gtk_editable_get_text (GTK_EDITABLE (self->fields_row)));
  g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (fields), (GCompareFunc) g_strcmp0);
  GtkWidget *popover = gtk_popover_new ();

  for (guint i = 0; sd_sms_builtin_placeholders[i] != NULL; i++)
    add_placeholder_button (self, GTK_BOX (box), sd_sms_builtin_placeholders[i]);
  for (GList *l = names; l != NULL; l = l->next)
    add_placeholder_button (self, GTK_BOX (box), l->data);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (button, popover);
}

/* ---- saving and sending ---- */

/* Why the draft is saved: to keep it (the dialog closes), to confirm it (closes too), or
 * because a test send needs its id (the dialog stays). */
typedef enum
{
  SAVE_DRAFT,
  SAVE_CONFIRM,
  SAVE_FOR_TEST,
} SaveMode;

static void start_test_send (SdCampaignComposer *self);

static void
end_test (SdCampaignComposer *self)
{
  g_clear_object (&self->test_cancellable);
  g_clear_pointer (&self->test_phone, g_free);
  update_buttons (self);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdCampaignComposer *self = SD_CAMPAIGN_COMPOSER (source);
  SaveMode mode = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  gboolean ok = sd_campaign_jobs_save_finish (result, &id, &error);

  g_clear_object (&self->save_cancellable);
  /* A draft saved before its confirm failed is saved over next time, not made twice. */
  if (id > 0)
    self->campaign->id = id;
  /* Closed while saving for a test: nothing is sent. */
  if (mode == SAVE_FOR_TEST && self->test_cancellable == NULL)
    return;
  if (!ok)
    {
      if (mode == SAVE_CONFIRM && g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
        sd_message_add_toast (self->toast_overlay,
                              _("The audience changed since the estimate. Check the new counts, then send again."), TRUE);
      else
        sd_message_add_toast (self->toast_overlay, error->message, TRUE);
      if (mode == SAVE_FOR_TEST)
        end_test (self);
      update_buttons (self);
      schedule_estimate (self);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, id, mode == SAVE_CONFIRM);
  if (mode == SAVE_FOR_TEST)
    {
      start_test_send (self);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Whether the save started (not when one runs already). */
static gboolean
save (SdCampaignComposer *self,
      gint64              expected,
      SaveMode            mode)
{
  g_autoptr(SdCampaign) campaign = read_campaign (self);

  if (self->save_cancellable != NULL)
    return FALSE;
  self->save_cancellable = g_cancellable_new ();
  update_buttons (self);
  sd_campaign_jobs_save_async (self, self->session, campaign, expected, self->save_cancellable, save_done_cb,
                               GINT_TO_POINTER (mode));
  return TRUE;
}

static void
save_clicked_cb (SdCampaignComposer *self)
{
  save (self, -1, SAVE_DRAFT);
}

/* ---- the test send ---- */

/* TEXT as a number a test can go to (E.164), or NULL with *OUT_ERROR saying why (NULL
 * when TEXT is empty: nothing to say yet). */
static char *
check_test_phone (const char  *text,
                  char       **out_error)
{
  g_autofree char *phone = NULL;
  g_autofree char *mobile = NULL;

  *out_error = NULL;
  if (text == NULL || *text == '\0')
    return NULL;
  /* The shop's own rules first, then the gateway's: only mainland mobiles receive. */
  if (sd_phone_normalize (text, &phone) != SD_PHONE_VALID || (mobile = sd_sms_gateway_normalize_phone (phone)) == NULL)
    {
      *out_error = g_strdup (_("Not a mainland mobile number: type its 11 digits, like 138 1234 5678."));
      return NULL;
    }
  return g_steal_pointer (&phone);
}

/* The error shows under the entry once the number looks complete (or Enter was pressed),
 * not at the first keystroke. */
static gboolean
looks_complete (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != ' ' && *p != '-' && *p != '+')
        return TRUE;
    }
  return digits >= 11;
}

static void
test_phone_changed_cb (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (dialog), "error-label");
  const char *text = gtk_editable_get_text (entry);
  gboolean activated = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "activated"));
  g_autofree char *error = NULL;
  g_autofree char *phone = check_test_phone (text, &error);
  gboolean show = error != NULL && (activated || looks_complete (text));

  adw_message_dialog_set_response_enabled (dialog, "send", phone != NULL);
  gtk_label_set_label (label, show ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (label), show);
  if (show)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

static void
test_phone_activate_cb (GtkEntry         *entry,
                        AdwMessageDialog *dialog)
{
  g_object_set_data (G_OBJECT (entry), "activated", GINT_TO_POINTER (TRUE));
  test_phone_changed_cb (GTK_EDITABLE (entry), dialog);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdCampaignComposer *self = SD_CAMPAIGN_COMPOSER (source);
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = sd_campaign_jobs_test_finish (result, &error);
  g_autofree char *masked = NULL;
  g_autofree char *text = NULL;

  /* Closed meanwhile: no one to tell. */
  if (cancellable != self->test_cancellable)
    return;
  if (!ok)
    {
      sd_message_add_toast (self->toast_overlay, error->message, TRUE);
      end_test (self);
      return;
    }
  masked = sd_phone_mask (self->test_phone);
  /* TRANSLATORS: after a test send; the number is masked: "Test sent to 138****5678" */
  text = g_strdup_printf (_("Test sent to %s"), masked);
  sd_message_add_toast (self->toast_overlay, text, FALSE);
  /* The next test offers the same number (the job stored it in the settings too). */
  if (self->settings != NULL)
    {
      g_free (self->settings->test_phone);
      self->settings->test_phone = g_strdup (self->test_phone);
    }
  end_test (self);
}

static void
start_test_send (SdCampaignComposer *self)
{
  g_assert (self->test_cancellable != NULL && self->campaign->id > 0);

  sd_campaign_jobs_test_async (self, self->session, self->campaign->id, self->test_phone, self->test_cancellable,
                               test_done_cb, g_object_ref (self->test_cancellable));
}

static void
test_response_cb (AdwMessageDialog   *dialog,
                  const char         *response,
                  SdCampaignComposer *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *error = NULL;
  g_autofree char *phone = NULL;

  if (g_strcmp0 (response, "send") != 0 || self->test_cancellable != NULL)
    return;
  phone = check_test_phone (gtk_editable_get_text (entry), &error);
  /* Only when the response is forced past its disabled button: the entry says why. */
  if (phone == NULL)
    return;
  self->test_phone = g_steal_pointer (&phone);
  self->test_cancellable = g_cancellable_new ();
  /* The test sends the draft as saved: what is on screen is saved first, which also gives
   * a new campaign its id. */
  if (!save (self, -1, SAVE_FOR_TEST))
    end_test (self);
}

static void
test_clicked_cb (SdCampaignComposer *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *error = gtk_label_new (NULL);
  const char *saved = self->settings != NULL ? self->settings->test_phone : NULL;
  g_autofree char *prefill = saved != NULL && *saved != '\0' ? sd_phone_format_display (saved) : NULL;
  AdwMessageDialog *dialog;

  if (self->test_cancellable != NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (self), _("Send a Test Message"),
    _("The message goes once to this number, whatever the sending hours: the campaign’s coupon and fields as "
      "written, a customer’s name and details as stand-in words. The draft is saved first.")));
  gtk_widget_set_name (entry, "test_phone_entry");
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PHONE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Your mobile number, like 138 1234 5678"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Test Number"), -1);
  gtk_widget_set_name (error, "test_phone_error");
  gtk_widget_add_css_class (error, "error");
  gtk_widget_add_css_class (error, "caption");
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "send", _("_Send Test"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "send");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "error-label", error);
  g_signal_connect (entry, "changed", G_CALLBACK (test_phone_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (test_phone_activate_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (test_response_cb), self, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), prefill != NULL ? prefill : "");
  test_phone_changed_cb (GTK_EDITABLE (entry), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
confirm_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     SdCampaignComposer *self)
{
  gint64 expected = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "recipients"));

  if (g_strcmp0 (response, "send") == 0)
    save (self, expected, SAVE_CONFIRM);
}

static char *
confirm_body (SdCampaignComposer *self)
{
  const SdCampaignEstimate *e = self->estimate;
  g_autofree char *recipients = sd_format_count (e->recipients);
  g_autofree char *parts = sd_format_count (e->parts);
  g_autofree char *cost = format_cost (e->cost_mfen);
  g_autofree char *held = sd_format_count (e->holdout);
  gint64 excluded = 0;
  g_autofree char *left = NULL, *when = NULL, *hours = NULL;
  gint64 at = adw_combo_row_get_selected (self->when_row) == 1
                ? parse_when (gtk_editable_get_text (GTK_EDITABLE (self->date_row))) : 0;

  for (int i = 0; i < SD_EXCLUSION_N; i++)
    excluded += e->excluded[i];
  left = sd_format_count (excluded);
  hours = self->settings != NULL ? sd_sms_settings_format_hours (self->settings->send_start_minute,
                                                                 self->settings->send_end_minute)
                                 : g_strdup ("08:00-20:00");
  if (at > 0)
    {
      g_autofree char *date = format_when (at);
      when = g_strdup_printf (_("Sending starts at %s, within the sending hours %s."), date, hours);
    }
  else
    when = g_strdup_printf (_("Sending starts now, within the sending hours %s."), hours);
  /* TRANSLATORS: the confirmation before sending: count, parts, cost, left out, held back, when */
  return g_strdup_printf (_("%s customers get this message: %s billed parts, about %s. %s are left out and %s held "
                            "back to measure the effect. %s Messages cannot be called back once sent."),
                          recipients, parts, cost, left, held, when);
}

static void
send_clicked_cb (SdCampaignComposer *self)
{
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *label = NULL;
  g_autofree char *count = NULL;

  if (self->estimate == NULL || self->estimate->has_errors || self->estimate_source != 0 ||
      self->estimate_cancellable != NULL)
    return;
  count = sd_format_count (self->estimate->recipients);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Send %s Message?", "Send %s Messages?",
                                          (gulong) self->estimate->recipients), count);
  body = confirm_body (self);
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Send %s Message", "_Send %s Messages",
                                        (gulong) self->estimate->recipients), count);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "send", label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* The count the owner read is the one confirmed: a changed audience is refused. */
  g_object_set_data (G_OBJECT (dialog), "recipients", GSIZE_TO_POINTER ((gsize) self->estimate->recipients));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- building ---- */

static GtkWidget *
suffix_label (const char *name)
{
  GtkWidget *label = gtk_label_new ("—");

  gtk_widget_set_name (label, name);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static AdwEntryRow *
entry_row (AdwPreferencesGroup *group,
           const char          *name,
           const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static AdwComboRow *
combo_row (AdwPreferencesGroup *group,
           const char          *name,
           const char          *title,
           GtkStringList       *items)
{
  GtkWidget *row = adw_combo_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (items));
  g_object_unref (items);
  adw_preferences_group_add (group, row);
  return ADW_COMBO_ROW (row);
}

static GtkWidget *
build_editor (SdCampaignComposer *self)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *opt_label = gtk_label_new (_("Opt-out:"));
  g_autofree char *sign = g_strdup_printf ("【%s】", self->sign_name != NULL && *self->sign_name ? self->sign_name
                                                                                                : _("no signature set"));

  gtk_widget_add_css_class (card, "card");
  self->signature_label = GTK_LABEL (gtk_label_new (sign));
  gtk_widget_set_name (GTK_WIDGET (self->signature_label), "signature_label");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->signature_label),
                               _("The gateway’s approved signature: it adds it before every message"));
  gtk_widget_add_css_class (GTK_WIDGET (self->signature_label), "dim-label");
  gtk_widget_set_hexpand (GTK_WIDGET (self->signature_label), TRUE);
  gtk_label_set_xalign (self->signature_label, 0);
  self->placeholder_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_name (GTK_WIDGET (self->placeholder_button), "placeholder_button");
  gtk_menu_button_set_label (self->placeholder_button, _("Insert Placeholder"));
  gtk_menu_button_set_create_popup_func (self->placeholder_button, placeholder_menu_cb, self, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->placeholder_button), "flat");
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->signature_label));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->placeholder_button));

  self->body_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_name (GTK_WIDGET (self->body_view), "body_view");
  gtk_text_view_set_wrap_mode (self->body_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->body_view, FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (self->body_view), -1, 96);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->body_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message"), -1);
  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed", G_CALLBACK (schedule_estimate), self,
                           G_CONNECT_SWAPPED);

  self->opt_out_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->opt_out_entry), "opt_out_entry");
  gtk_widget_set_hexpand (GTK_WIDGET (self->opt_out_entry), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->opt_out_entry),
                               _("Every marketing message ends with how to refuse more; left empty, the shop’s wording is used"));
  gtk_widget_add_css_class (opt_label, "dim-label");
  gtk_box_append (GTK_BOX (bottom), opt_label);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->opt_out_entry));
  g_signal_connect_object (self->opt_out_entry, "changed", G_CALLBACK (schedule_estimate), self, G_CONNECT_SWAPPED);

  self->counter_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->counter_label), "counter_label");
  gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "numeric");
  gtk_label_set_xalign (self->counter_label, 0);
  gtk_label_set_wrap (self->counter_label, TRUE);
  self->lint_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->lint_label), "lint_label");
  gtk_widget_add_css_class (GTK_WIDGET (self->lint_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->lint_label), "caption");
  gtk_label_set_xalign (self->lint_label, 0);
  gtk_label_set_wrap (self->lint_label, TRUE);
  gtk_label_set_wrap_mode (self->lint_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_visible (GTK_WIDGET (self->lint_label), FALSE);

  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 6);
  gtk_widget_set_margin_top (top, 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->body_view), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->body_view), 12);
  gtk_widget_set_margin_start (bottom, 12);
  gtk_widget_set_margin_end (bottom, 12);
  gtk_widget_set_margin_bottom (bottom, 12);
  gtk_box_append (GTK_BOX (card), top);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->body_view));
  gtk_box_append (GTK_BOX (card), bottom);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    gtk_box_append (GTK_BOX (box), card);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->counter_label));
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->lint_label));
    return box;
  }
}

static void
build_message (SdCampaignComposer *self,
               AdwPreferencesPage *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *editor = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *fields = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, _("Campaign"));
  self->name_row = entry_row (group, "name_row", _("Campaign Name"));
  self->template_row = entry_row (group, "template_row", _("Template Code (empty: the gateway’s default)"));
  adw_preferences_page_add (page, group);
  adw_preferences_group_set_title (editor, _("Message"));
  adw_preferences_group_add (editor, build_editor (self));
  adw_preferences_page_add (page, editor);
  adw_preferences_group_set_title (fields, _("Placeholder Values"));
  self->coupon_row = entry_row (fields, "coupon_row", _("Coupon ({coupon})"));
  self->fields_row = entry_row (fields, "fields_row", _("Custom Fields (gift=保温杯, day=周六)"));
  adw_preferences_page_add (page, fields);
  for (GtkWidget **w = (GtkWidget *[]) { GTK_WIDGET (self->name_row), GTK_WIDGET (self->template_row),
                                         GTK_WIDGET (self->coupon_row), GTK_WIDGET (self->fields_row), NULL };
       *w != NULL; w++)
    g_signal_connect_object (*w, "changed", G_CALLBACK (schedule_estimate), self, G_CONNECT_SWAPPED);
}

static GtkStringList *
grade_names (SdCampaignComposer *self)
{
  g_autoptr(SdTierLadder) ladder = sd_tiers_get_ladder (self->session, NULL);
  GtkStringList *names = gtk_string_list_new (NULL);

  for (int i = 0; i < SD_TIER_N_GRADES; i++)
    {
      const char *name = ladder != NULL ? ladder->grades[i].name : "";
      gtk_string_list_append (names, name != NULL && *name ? name : sd_tier_grade_default_name (i));
    }
  return names;
}

static GtkStringList *
segment_names (SdCampaignComposer *self)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  self->segments = sd_segments_list (self->session, FALSE, NULL);
  if (self->segments == NULL)
    self->segments = g_ptr_array_new ();
  for (guint i = 0; i < self->segments->len; i++)
    gtk_string_list_append (names, ((SdSegment *) g_ptr_array_index (self->segments, i))->name);
  return names;
}

static void
build_audience (SdCampaignComposer *self,
                AdwPreferencesPage *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  const char *kinds[] = { _("All customers"), _("A grade"), _("A segment"), _("Customers with tags"),
                          _("Hand-picked customers"), NULL };
  GtkWidget *holdout = adw_action_row_new ();
  GtkWidget *recipients = adw_action_row_new ();
  guint picked = self->campaign->customer_ids != NULL ? self->campaign->customer_ids->len : 0;
  g_autofree char *count = sd_format_count (picked);
  g_autofree char *picked_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s hand-picked customer",
                                                                "%s hand-picked customers", picked), count);

  adw_preferences_group_set_title (group, _("Audience"));
  /* Hand-picked customers only for a campaign that has them, named with their number. */
  kinds[KIND_CUSTOMERS] = picked > 0 ? picked_label : NULL;
  self->kind_row = combo_row (group, "kind_row", _("Send To"), gtk_string_list_new (kinds));
  /* Under the title, the choice has the row's width: "1,234 hand-picked customers" fits. */
  adw_combo_row_set_use_subtitle (self->kind_row, TRUE);
  self->grade_row = combo_row (group, "grade_row", _("Grade"), grade_names (self));
  self->segment_row = combo_row (group, "segment_row", _("Segment"), segment_names (self));
  self->tags_row = entry_row (group, "tags_row", _("Tags (any of, separated by commas)"));

  self->holdout_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, SD_CAMPAIGN_HOLDOUT_MAX, 1));
  gtk_widget_set_name (GTK_WIDGET (self->holdout_spin), "holdout_spin");
  gtk_widget_set_valign (GTK_WIDGET (self->holdout_spin), GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (holdout), _("Holdout (%)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (holdout),
                               _("A random share not sent the message, to measure what it changed"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (holdout), GTK_WIDGET (self->holdout_spin));
  adw_preferences_group_add (group, holdout);

  self->excluded_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->excluded_row), _("Left Out"));
  adw_expander_row_set_subtitle (self->excluded_row, _("Customers the message will not reach, by reason"));
  self->excluded_total = GTK_LABEL (suffix_label ("excluded_total"));
  adw_expander_row_add_action (self->excluded_row, GTK_WIDGET (self->excluded_total));
  for (int i = 0; i < SD_EXCLUSION_N; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = g_strdup_printf ("excluded_%s", sd_exclusion_to_string (i));

      self->excluded_labels[i] = GTK_LABEL (suffix_label (name));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sd_exclusion_get_label (i));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->excluded_labels[i]));
      adw_expander_row_add_row (self->excluded_row, row);
    }
  adw_preferences_group_add (group, GTK_WIDGET (self->excluded_row));

  self->recipients_label = GTK_LABEL (suffix_label ("recipients_label"));
  gtk_widget_add_css_class (GTK_WIDGET (self->recipients_label), "heading");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (recipients), _("Recipients"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (recipients), GTK_WIDGET (self->recipients_label));
  adw_preferences_group_add (group, recipients);
  adw_preferences_page_add (page, group);

  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->grade_row, "notify::selected", G_CALLBACK (schedule_estimate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->segment_row, "notify::selected", G_CALLBACK (schedule_estimate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tags_row, "changed", G_CALLBACK (schedule_estimate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->holdout_spin, "value-changed", G_CALLBACK (schedule_estimate), self, G_CONNECT_SWAPPED);
}

/* "Test Message": the message once to the sender's own phone, before anyone else gets it. */
static GtkWidget *
build_test_row (SdCampaignComposer *self)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Test Message"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("See it on your own phone before customers do"));
  self->test_spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->test_spinner), _("Sending the test…"));
  self->test_button = gtk_button_new_with_mnemonic (_("Send a _Test…"));
  gtk_widget_set_name (self->test_button, "test_button");
  gtk_widget_set_valign (self->test_button, GTK_ALIGN_CENTER);
  g_signal_connect_object (self->test_button, "clicked", G_CALLBACK (test_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->test_spinner));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->test_button);
  return row;
}

static void
build_schedule (SdCampaignComposer *self,
                AdwPreferencesPage *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  const char *whens[] = { _("As soon as confirmed"), _("At a date and time"), NULL };
  g_autofree char *hours = self->settings != NULL ? sd_sms_settings_format_hours (self->settings->send_start_minute,
                                                                                  self->settings->send_end_minute)
                                                  : g_strdup ("08:00-20:00");
  g_autofree char *description = g_strdup_printf (_("Messages go out only during the sending hours, %s (shop time); "
                                                    "outside them sending waits for the next opening."), hours);

  self->preview_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->preview_group, _("Preview"));
  adw_preferences_group_set_description (self->preview_group, _("The first customers’ messages, exactly as they get them"));
  adw_preferences_page_add (page, self->preview_group);

  adw_preferences_group_set_title (group, _("When and Cost"));
  adw_preferences_group_set_description (group, description);
  self->when_row = combo_row (group, "when_row", _("Send"), gtk_string_list_new (whens));
  self->date_row = entry_row (group, "date_row", _("Date and Time (2026-11-24 10:00)"));
  gtk_widget_set_visible (GTK_WIDGET (self->date_row), FALSE);
  self->cost_row = ADW_ACTION_ROW (adw_action_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->cost_row), "cost_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cost_row), _("Estimated Cost"));
  adw_preferences_group_add (group, GTK_WIDGET (self->cost_row));
  adw_preferences_group_add (group, build_test_row (self));
  adw_preferences_page_add (page, group);
  g_signal_connect_object (self->when_row, "notify::selected", G_CALLBACK (when_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "changed", G_CALLBACK (schedule_estimate), self, G_CONNECT_SWAPPED);
}

static GtkWidget *
build_header (SdCampaignComposer *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  self->send_button = gtk_button_new_with_mnemonic (_("_Send…"));
  gtk_widget_set_name (self->send_button, "send_button");
  gtk_widget_add_css_class (self->send_button, "suggested-action");
  self->save_button = gtk_button_new_with_mnemonic (_("Save _Draft"));
  gtk_widget_set_name (self->save_button, "save_button");
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->spinner), _("Counting the audience…"));
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->send_button, "clicked", G_CALLBACK (send_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->send_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->spinner));
  return header;
}

/* ---- filling from the campaign ---- */

static void
fill (SdCampaignComposer *self)
{
  const SdCampaign *c = self->campaign;
  g_autofree char *fields = format_fields (c->custom_fields);
  g_autofree char *tags = c->tags != NULL ? g_strjoinv (", ", c->tags) : g_strdup ("");
  const char *opt_out = c->opt_out_text != NULL && *c->opt_out_text ? c->opt_out_text
                        : self->settings != NULL ? self->settings->opt_out_text : SD_SMS_DEFAULT_OPT_OUT;

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), c->name != NULL ? c->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->template_row), c->template_code != NULL ? c->template_code : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), c->body != NULL ? c->body : "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->opt_out_entry), opt_out);
  gtk_entry_set_placeholder_text (self->opt_out_entry, self->settings != NULL ? self->settings->opt_out_text
                                                                              : SD_SMS_DEFAULT_OPT_OUT);
  gtk_editable_set_text (GTK_EDITABLE (self->coupon_row), c->coupon != NULL ? c->coupon : "");
  gtk_editable_set_text (GTK_EDITABLE (self->fields_row), fields);
  adw_combo_row_set_selected (self->kind_row, c->audience_kind == SD_AUDIENCE_GRADE ? KIND_GRADE
                                              : c->audience_kind == SD_AUDIENCE_SEGMENT ? KIND_SEGMENT
                                              : c->audience_kind == SD_AUDIENCE_TAGS ? KIND_TAGS
                                              : c->audience_kind == SD_AUDIENCE_CUSTOMERS ? KIND_CUSTOMERS : KIND_ALL);
  adw_combo_row_set_selected (self->grade_row, (guint) CLAMP (c->grade, 0, SD_TIER_N_GRADES - 1));
  for (guint i = 0; i < self->segments->len; i++)
    if (((SdSegment *) g_ptr_array_index (self->segments, i))->id == c->segment_id)
      adw_combo_row_set_selected (self->segment_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tags);
  gtk_spin_button_set_value (self->holdout_spin, c->holdout_percent);
  adw_combo_row_set_selected (self->when_row, c->scheduled_at > 0 ? 1 : 0);
  if (c->scheduled_at > 0)
    {
      g_autofree char *when = format_when (c->scheduled_at);
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), when);
    }
  self->filling = FALSE;
  kind_changed_cb (self);
  when_changed_cb (self);
}

/* ---- the object ---- */

static void
sd_campaign_composer_dispose (GObject *object)
{
  SdCampaignComposer *self = SD_CAMPAIGN_COMPOSER (object);

  g_clear_handle_id (&self->estimate_source, g_source_remove);
  if (self->estimate_cancellable != NULL)
    g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
  g_clear_object (&self->save_cancellable);
  /* A test under way is not reported to a closed dialog (nor sent, if its save runs). */
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (sd_campaign_composer_parent_class)->dispose (object);
}

static void
sd_campaign_composer_finalize (GObject *object)
{
  SdCampaignComposer *self = SD_CAMPAIGN_COMPOSER (object);

  g_clear_pointer (&self->campaign, sd_campaign_free);
  g_clear_pointer (&self->settings, sd_sms_settings_free);
  g_clear_pointer (&self->estimate, sd_campaign_estimate_free);
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  g_free (self->sign_name);
  g_free (self->test_phone);
  G_OBJECT_CLASS (sd_campaign_composer_parent_class)->finalize (object);
}

static void
sd_campaign_composer_class_init (SdCampaignComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_campaign_composer_dispose;
  object_class->finalize = sd_campaign_composer_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);
}

static void
sd_campaign_composer_init (SdCampaignComposer *self)
{
  self->preview_rows = g_ptr_array_new ();
}

static void
build (SdCampaignComposer *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();

  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  build_message (self, ADW_PREFERENCES_PAGE (page));
  build_audience (self, ADW_PREFERENCES_PAGE (page));
  build_schedule (self, ADW_PREFERENCES_PAGE (page));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), build_header (self));
  gtk_box_append (GTK_BOX (box), page);
  adw_toast_overlay_set_child (self->toast_overlay, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toast_overlay));
}

SdCampaignComposer *
sd_campaign_composer_new (GtkWindow           *parent,
                          SdSession           *session,
                          const SdCampaign    *campaign,
                          const char          *sign_name,
                          const SdSmsSettings *settings)
{
  SdCampaignComposer *self;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_CAMPAIGN_COMPOSER, "modal", TRUE, "transient-for", parent,
                       "default-width", 680, "default-height", 560,
                       "title", campaign != NULL && campaign->id != 0 ? _("Edit Campaign") : _("New Campaign"),
                       NULL);
  self->session = g_object_ref (session);
  self->campaign = campaign != NULL ? sd_campaign_copy (campaign) : sd_campaign_new ();
  /* The holdout the estimate shows must be the one confirmed: the seed is fixed before the
   * first estimate, not drawn when the draft is saved. */
  if (self->campaign->holdout_seed == 0)
    self->campaign->holdout_seed = (guint32) g_random_int_range (1, G_MAXINT32);
  self->settings = settings != NULL ? sd_sms_settings_copy (settings) : NULL;
  self->sign_name = g_strdup (sign_name);
  build (self);
  fill (self);
  update_buttons (self);
  schedule_estimate (self);
  return self;
}

const SdCampaignEstimate *
sd_campaign_composer_get_estimate (SdCampaignComposer *self)
{
  g_return_val_if_fail (SD_IS_CAMPAIGN_COMPOSER (self), NULL);
  return self->estimate;
}

gboolean
sd_campaign_composer_get_busy (SdCampaignComposer *self)
{
  g_return_val_if_fail (SD_IS_CAMPAIGN_COMPOSER (self), FALSE);
  return self->estimate_source != 0 || self->estimate_cancellable != NULL || self->save_cancellable != NULL ||
         self->test_cancellable != NULL;
}

SdCampaign *
sd_campaign_composer_get_campaign (SdCampaignComposer *self)
{
  g_return_val_if_fail (SD_IS_CAMPAIGN_COMPOSER (self), NULL);
  return read_campaign (self);
}
