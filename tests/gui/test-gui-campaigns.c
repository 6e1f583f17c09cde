/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-campaign-composer.h"
#include "sd-campaign-report.h"
#include "sd-campaigns-page.h"
#include "sd-campaigns.h"
#include "sd-customers-page.h"
#include "sd-error.h"
#include "sd-gui-test-util.h"
#include "sd-sms-gateway-settings.h"
#include "sd-sms-settings.h"
#include "sd-test-sim.h"
#include "sd-test-util.h"
#include "sd-values.h"

/* The Campaigns page in the real window on a demo shop: the empty state with the gateway
 * note; the composer's live counts (recipients, left out by reason, the counter of the
 * longest message, previews) checked against the core's own estimate, a lint message at the
 * editor, the holdout, a draft saved; then, against a real shopdesk-sim serving Aliyun SMS,
 * a campaign confirmed through the count-and-cost question and sent by the page's worker
 * job: every recipient received exactly once at the simulator, the report's figures, the
 * delivery reports.
 *
 * With SHOPDESK_CAMPAIGN_SHOTS=DIR, the states are saved there as PNG at 1024×600 and
 * 1280×800, light and dark. */

#define KEY_ID      "testId"
#define KEY_SECRET  "testSecret"
#define SIGN_NAME   "小米旗舰店"
#define BODY        "{name}您好，双11会员专享8折，券码{coupon}"
#define WAIT_MS     30000

typedef struct
{
  char            *path;
  SdTestSim       *sim;
  SdWindow        *window;
  SdSession       *session;
  SdCampaignsPage *page;
  guint            loads;
  guint            sends;
} Fixture;

static const char *shots_dir;

/* The clock of the page's job connections in the dispatcher tests (the real one near
 * enough: the simulator files messages by the real day). */
static gint64 dispatch_now;

static gint64
read_dispatch_now (gpointer data)
{
  return dispatch_now;
}

/* ---- helpers ---- */

static void
loaded_cb (SdCampaignsPage *page,
           Fixture         *f)
{
  f->loads++;
}

static void
sent_cb (SdCampaignsPage *page,
         Fixture         *f)
{
  f->sends++;
}

static const char *
page_state (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_get (GTK_WIDGET (f->page), GTK_TYPE_STACK, "stack")));
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  return gtk_label_get_label (GTK_LABEL (sd_gui_test_get (root, GTK_TYPE_LABEL, name)));
}

static gboolean
page_idle (gpointer data)
{
  Fixture *f = data;

  return f->loads > 0 && !sd_campaigns_page_get_busy (f->page);
}

static void
wait_idle (Fixture *f)
{
  g_assert_true (sd_gui_test_wait_for (page_idle, f, WAIT_MS));
  sd_gui_test_spin (30);
}

static void
open_window (Fixture *f)
{
  f->window = sd_gui_test_open_window (f->path);
  f->session = sd_window_get_session (f->window);
  f->page = SD_CAMPAIGNS_PAGE (sd_gui_test_get (GTK_WIDGET (f->window), SD_TYPE_CAMPAIGNS_PAGE, NULL));
  g_signal_connect (f->page, "loaded", G_CALLBACK (loaded_cb), f);
  g_signal_connect (f->page, "sent", G_CALLBACK (sent_cb), f);
  f->loads = 0;
  sd_window_show_page (f->window, "campaigns");
  wait_idle (f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->path = sd_gui_test_make_demo (60);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_destroy_other_windows (GTK_WINDOW (f->window));
  if (f->page != NULL)
    g_signal_handlers_disconnect_by_data (f->page, f);
  if (f->window != NULL)
    sd_gui_test_close_window (f->window);
  g_clear_pointer (&f->sim, sd_test_sim_stop);
  g_free (f->path);
  sd_campaign_jobs_set_clock (NULL, NULL);
}

/* ---- screenshots ---- */

static gboolean
save_png (GtkWidget  *widget,
          const char *path)
{
  for (int tries = 0; tries < 10; tries++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        {
          texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
          return gdk_texture_save_to_png (texture, path);
        }
      sd_gui_test_spin (100);
    }
  return FALSE;
}

/* The window and the dialogs over it as NAME, at both sizes, light and dark. */
static void
shot (Fixture    *f,
      const char *name)
{
  static const int sizes[][2] = { { 1024, 600 }, { 1280, 800 } };
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (shots_dir == NULL)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int dark = 0; dark <= 1; dark++)
      {
        GListModel *toplevels = gtk_window_get_toplevels ();

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
        gtk_window_set_default_size (GTK_WINDOW (f->window), sizes[s][0], sizes[s][1]);
        sd_gui_test_spin (500);
        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
            g_autofree char *path = NULL;

            if (!gtk_widget_get_mapped (GTK_WIDGET (window)))
              continue;
            path = g_strdup_printf ("%s/campaigns-%s-%dx%d-%s%s.png", shots_dir, name, sizes[s][0], sizes[s][1],
                                    dark ? "dark" : "light", window == GTK_WINDOW (f->window) ? "" : "-dialog");
            save_png (GTK_WIDGET (window), path);
          }
      }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* ---- the composer ---- */

static SdCampaignComposer *
open_composer (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "campaigns.new", NULL));
  return SD_CAMPAIGN_COMPOSER (sd_gui_test_wait_toplevel (SD_TYPE_CAMPAIGN_COMPOSER));
}

static gboolean
composer_idle (gpointer data)
{
  return !sd_campaign_composer_get_busy (SD_CAMPAIGN_COMPOSER (data));
}

static void
wait_estimate (SdCampaignComposer *composer)
{
  sd_gui_test_spin (50);
  g_assert_true (sd_gui_test_wait_for (composer_idle, composer, WAIT_MS));
  g_assert_nonnull (sd_campaign_composer_get_estimate (composer));
}

static void
set_text (GtkWidget  *root,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (root, type, name)), text);
}

static void
write_campaign (SdCampaignComposer *composer,
                const char         *name)
{
  GtkTextView *body = GTK_TEXT_VIEW (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW, "body_view"));

  set_text (GTK_WIDGET (composer), ADW_TYPE_ENTRY_ROW, "name_row", name);
  set_text (GTK_WIDGET (composer), ADW_TYPE_ENTRY_ROW, "coupon_row", "SD1111");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (body), BODY, -1);
  wait_estimate (composer);
}

/* The core's own estimate of what the composer says now. */
static SdCampaignEstimate *
core_estimate (Fixture            *f,
               SdCampaignComposer *composer)
{
  g_autoptr(SdCampaign) campaign = sd_campaign_composer_get_campaign (composer);
  g_autoptr(GError) error = NULL;
  SdCampaignEstimate *estimate = sd_campaigns_estimate_draft (f->session, campaign, 3, NULL, &error);

  g_assert_no_error (error);
  return estimate;
}

static void
assert_counts_shown (Fixture            *f,
                     SdCampaignComposer *composer)
{
  g_autoptr(SdCampaignEstimate) truth = core_estimate (f, composer);
  g_autofree char *recipients = sd_format_count (truth->recipients);
  g_autofree char *parts = g_strdup_printf ("%u", truth->longest_count.parts);
  const char *counter = label_text (GTK_WIDGET (composer), "counter_label");

  g_assert_cmpint (truth->recipients, >, 0);
  g_assert_cmpstr (label_text (GTK_WIDGET (composer), "recipients_label"), ==, recipients);
  for (int i = 0; i < SD_EXCLUSION_N; i++)
    {
      g_autofree char *name = g_strdup_printf ("excluded_%s", sd_exclusion_to_string (i));
      g_autofree char *count = sd_format_count (truth->excluded[i]);

      g_assert_cmpstr (label_text (GTK_WIDGET (composer), name), ==, count);
    }
  /* The counter is the longest real message's: its characters, encoding and parts. */
  g_assert_nonnull (strstr (counter, sd_sms_encoding_to_string (truth->longest_count.encoding)));
  g_assert_nonnull (strstr (counter, parts));
  g_assert_cmpint (truth->longest_count.units, >, g_utf8_strlen (BODY, -1) - 12);
  g_assert_cmpuint (sd_campaign_composer_get_estimate (composer)->previews->len, ==, MIN (3, truth->recipients));
}

static gboolean
lint_shown (gpointer data)
{
  GtkWidget *label = sd_gui_test_find (GTK_WIDGET (data), GTK_TYPE_LABEL, "lint_label");

  return gtk_widget_get_visible (label) && strstr (gtk_label_get_label (GTK_LABEL (label)), "bogus") != NULL;
}

/* ---- tests ---- */

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  open_window (f);
  g_assert_cmpstr (page_state (f), ==, "empty");
  /* No gateway: the page says where to set it. */
  g_assert_true (gtk_revealer_get_reveal_child (
    GTK_REVEALER (sd_gui_test_get (GTK_WIDGET (f->page), GTK_TYPE_REVEALER, "gateway_revealer"))));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (f->page), "gateway_label"), "gateway set aliyun"));
  shot (f, "1-empty");
}

static void
test_composer (Fixture       *f,
               gconstpointer  data)
{
  SdCampaignComposer *composer;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GError) error = NULL;
  const SdCampaign *saved;
  gint64 before;

  open_window (f);
  composer = open_composer (f);
  write_campaign (composer, "双11预热");
  assert_counts_shown (f, composer);
  shot (f, "2-composer");
  if (shots_dir != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_SCROLLED_WINDOW, NULL)));

      adw_expander_row_set_expanded (
        ADW_EXPANDER_ROW (gtk_widget_get_ancestor (
          sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_LABEL, "excluded_total"), ADW_TYPE_EXPANDER_ROW)),
        TRUE);
      gtk_adjustment_set_value (adjustment, 420);
      shot (f, "2b-composer-audience");
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      shot (f, "2c-composer-preview");
      gtk_adjustment_set_value (adjustment, 0);
    }

  /* A placeholder nobody fills: said under the editor, and Send is off. */
  gtk_text_buffer_set_text (
    gtk_text_view_get_buffer (GTK_TEXT_VIEW (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW, "body_view"))),
    BODY "{bogus}", -1);
  wait_estimate (composer);
  g_assert_true (sd_gui_test_wait_for (lint_shown, composer, WAIT_MS));
  g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "send_button")));
  shot (f, "3-composer-lint");
  gtk_text_buffer_set_text (
    gtk_text_view_get_buffer (GTK_TEXT_VIEW (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW, "body_view"))),
    BODY, -1);

  /* A holdout takes its share out of the recipients, as the core splits it. */
  wait_estimate (composer);
  before = sd_campaign_composer_get_estimate (composer)->recipients;
  gtk_spin_button_set_value (
    GTK_SPIN_BUTTON (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_SPIN_BUTTON, "holdout_spin")), 20);
  wait_estimate (composer);
  g_assert_cmpint (sd_campaign_composer_get_estimate (composer)->holdout, >, 0);
  g_assert_cmpint (sd_campaign_composer_get_estimate (composer)->recipients, <, before);
  assert_counts_shown (f, composer);

  /* Saved as a draft: in the database and in the list. */
  f->loads = 0;
  gtk_widget_activate (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "save_button"));
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_CAMPAIGN_COMPOSER));
  wait_idle (f);
  campaigns = sd_campaigns_list (f->session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, ==, 1);
  saved = g_ptr_array_index (campaigns, 0);
  g_assert_cmpstr (saved->name, ==, "双11预热");
  g_assert_cmpstr (saved->body, ==, BODY);
  g_assert_cmpstr (saved->coupon, ==, "SD1111");
  g_assert_cmpint (saved->holdout_percent, ==, 20);
  g_assert_cmpint (saved->state, ==, SD_CAMPAIGN_DRAFT);
  g_assert_cmpstr (page_state (f), ==, "list");
  {
    g_autofree char *row = g_strdup_printf ("campaign-%lld", (long long) saved->id);
    g_assert_cmpstr (adw_preferences_row_get_title (
                       ADW_PREFERENCES_ROW (sd_gui_test_get (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, row))),
                     ==, "双11预热");
  }
  shot (f, "4-list");
}

static gboolean
sent_once (gpointer data)
{
  Fixture *f = data;

  return f->sends > 0 && !sd_campaigns_page_get_sending (f->page);
}

static gboolean
report_delivered (gpointer data)
{
  Fixture *f = data;
  SdCampaignReportView *view =
    SD_CAMPAIGN_REPORT_VIEW (sd_gui_test_get (GTK_WIDGET (f->page), SD_TYPE_CAMPAIGN_REPORT_VIEW, NULL));
  const char *expected = g_object_get_data (G_OBJECT (view), "expected");

  if (sd_campaigns_page_get_busy (f->page))
    return FALSE;
  if (g_strcmp0 (sd_campaign_report_view_get_value (view, "delivered_value"), expected) == 0)
    return TRUE;
  sd_campaigns_page_reload (f->page);
  return FALSE;
}

/* The gateway on the simulator, the whole day for sending (the test must not wait for
 * tomorrow morning). */
static void
set_gateway_hours (Fixture    *f,
                   const char *url,
                   int         start_minute,
                   int         end_minute)
{
  g_autoptr(SdSession) owner = sd_test_login_owner (f->path);
  /* The keys from the environment, as on a computer without a keyring: no prompt. */
  SdSmsGatewayConfig config = { "aliyun", url, SIGN_NAME, "SMS_100001", NULL, NULL };
  g_autoptr(SdSmsSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv (SD_SMS_ENV_ACCESS_KEY_ID, KEY_ID, TRUE);
  g_setenv (SD_SMS_ENV_ACCESS_KEY_SECRET, KEY_SECRET, TRUE);
  g_assert_true (sd_sms_gateway_settings_set (owner, &config, NULL, &error));
  g_assert_no_error (error);
  settings = sd_sms_settings_get (owner, &error);
  g_assert_no_error (error);
  settings->send_start_minute = start_minute;
  settings->send_end_minute = end_minute;
  g_assert_true (sd_sms_settings_set (owner, settings, &error));
  g_assert_no_error (error);
}

static void
set_gateway (Fixture    *f,
             const char *url)
{
  set_gateway_hours (f, url, 0, 23 * 60 + 59);
}

static void
test_send (Fixture       *f,
           gconstpointer  data)
{
  static const char *const args[] = { "--seed", "7", "--aliyun-delivery-delay", "0", NULL };
  SdCampaignComposer *composer;
  AdwMessageDialog *question;
  SdCampaignReportView *view;
  g_autoptr(JsonNode) counts = NULL;
  g_autofree char *recipients = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  JsonObject *per_phone;
  GList *phones;
  gint64 expected;

  f->sim = sd_test_sim_start (args);
  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  url = g_strdup_printf ("%s/", sd_test_sim_get_url (f->sim));
  set_gateway (f, url);
  open_window (f);
  g_assert_false (gtk_revealer_get_reveal_child (
    GTK_REVEALER (sd_gui_test_get (GTK_WIDGET (f->page), GTK_TYPE_REVEALER, "gateway_revealer"))));
  composer = open_composer (f);
  g_assert_cmpstr (label_text (GTK_WIDGET (composer), "signature_label"), ==, "【" SIGN_NAME "】");
  write_campaign (composer, "会员日");
  /* A holdout, so the results compare the recipients with it. */
  gtk_spin_button_set_value (
    GTK_SPIN_BUTTON (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_SPIN_BUTTON, "holdout_spin")), 10);
  wait_estimate (composer);
  expected = sd_campaign_composer_get_estimate (composer)->recipients;
  recipients = sd_format_count (expected);

  /* The question names the count; its answer confirms that count and sends. */
  gtk_widget_activate (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "send_button"));
  question = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (question), recipients));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "¥"));
  shot (f, "5-confirm");
  adw_message_dialog_response (question, "send");
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_CAMPAIGN_COMPOSER));
  g_assert_true (sd_gui_test_wait_for (sent_once, f, 60000));
  wait_idle (f);

  campaigns = sd_campaigns_list (f->session, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((SdCampaign *) g_ptr_array_index (campaigns, 0))->state, ==, SD_CAMPAIGN_DONE);
  g_assert_cmpstr (page_state (f), ==, "campaign");
  view = SD_CAMPAIGN_REPORT_VIEW (sd_gui_test_get (GTK_WIDGET (f->page), SD_TYPE_CAMPAIGN_REPORT_VIEW, NULL));
  g_assert_cmpstr (sd_campaign_report_view_get_value (view, "sent_value"), ==, recipients);
  g_assert_cmpstr (sd_campaign_report_view_get_value (view, "recipients_value"), ==, recipients);

  /* The simulator received every recipient, each once. */
  counts = sd_test_sim_get_json (f->sim, "/_sim/aliyun/counts");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "messages"), ==, expected);
  per_phone = json_object_get_object_member (json_node_get_object (counts), "counts");
  phones = json_object_get_members (per_phone);
  g_assert_cmpuint (g_list_length (phones), ==, expected);
  for (GList *l = phones; l != NULL; l = l->next)
    g_assert_cmpint (json_object_get_int_member (per_phone, l->data), ==, 1);
  g_list_free (phones);

  /* The delivery reports, fetched by a refresh: a minute on (none is asked for sooner). */
  dispatch_now = g_get_real_time () / G_USEC_PER_SEC + 120;
  sd_campaign_jobs_set_clock (read_dispatch_now, NULL);
  g_object_set_data_full (G_OBJECT (view), "expected", g_strdup (recipients), g_free);
  g_assert_true (sd_gui_test_wait_for (report_delivered, f, WAIT_MS));
  shot (f, "6-report");
  if (shots_dir != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (sd_gui_test_get (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW, NULL)));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      shot (f, "7-results");
    }
}

static SdCampaignState
stored_state (Fixture *f)
{
  g_autoptr(GPtrArray) campaigns = sd_campaigns_list (f->session, NULL);

  g_assert_nonnull (campaigns);
  g_assert_cmpuint (campaigns->len, ==, 1);
  return ((SdCampaign *) g_ptr_array_index (campaigns, 0))->state;
}

static void
run_action (Fixture    *f,
            const char *action)
{
  f->loads = 0;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), action, NULL));
  sd_gui_test_spin (50);
  wait_idle (f);
}

/* A campaign for tomorrow: confirmed, it waits scheduled (nothing sent: no gateway answers
 * here); Pause and Resume move it, as the buttons show. */
static void
test_schedule (Fixture       *f,
               gconstpointer  data)
{
  SdCampaignComposer *composer;
  SdCampaignReportView *view;
  g_autoptr(GDateTime) now = g_date_time_new_now (sd_shop_time_zone ());
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *when = g_date_time_format (tomorrow, "%Y-%m-%d 10:00");
  AdwMessageDialog *question;

  set_gateway (f, "http://127.0.0.1:9/");
  open_window (f);
  composer = open_composer (f);
  write_campaign (composer, "周末预告");
  adw_combo_row_set_selected (ADW_COMBO_ROW (sd_gui_test_get (GTK_WIDGET (composer), ADW_TYPE_COMBO_ROW, "when_row")),
                              1);
  set_text (GTK_WIDGET (composer), ADW_TYPE_ENTRY_ROW, "date_row", when);
  wait_estimate (composer);
  gtk_widget_activate (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "send_button"));
  question = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), when));
  adw_message_dialog_response (question, "send");
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_CAMPAIGN_COMPOSER));
  sd_gui_test_spin (50);
  wait_idle (f);

  g_assert_cmpint (stored_state (f), ==, SD_CAMPAIGN_SCHEDULED);
  g_assert_false (sd_campaigns_page_get_sending (f->page));
  g_assert_cmpstr (page_state (f), ==, "campaign");
  view = SD_CAMPAIGN_REPORT_VIEW (sd_gui_test_get (GTK_WIDGET (f->page), SD_TYPE_CAMPAIGN_REPORT_VIEW, NULL));
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (GTK_WIDGET (view), GTK_TYPE_BUTTON, "pause_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (GTK_WIDGET (view), GTK_TYPE_BUTTON, "resume_button")));
  g_assert_nonnull (strstr (sd_campaign_report_view_get_value (view, "progress_label"), "0 of"));
  shot (f, "8-scheduled");

  run_action (f, "campaigns.pause");
  g_assert_cmpint (stored_state (f), ==, SD_CAMPAIGN_PAUSED);
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (GTK_WIDGET (view), GTK_TYPE_BUTTON, "resume_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (GTK_WIDGET (view), GTK_TYPE_BUTTON, "pause_button")));
  shot (f, "9-paused");

  /* Its time has not come: resumed, it is scheduled again, and nothing is sent. */
  run_action (f, "campaigns.resume");
  g_assert_cmpint (stored_state (f), ==, SD_CAMPAIGN_SCHEDULED);
  g_assert_false (sd_campaigns_page_get_sending (f->page));

  /* Back to the list: the row says when. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "campaigns.back", NULL));
  g_assert_cmpstr (page_state (f), ==, "list");
}

/* Three customers selected on WINDOW's Customers page; its Send SMS… button. */
static GtkWidget *
select_for_sms (SdWindow *window)
{
  GtkWidget *customers = sd_gui_test_get (GTK_WIDGET (window), SD_TYPE_CUSTOMERS_PAGE, NULL);

  gtk_selection_model_select_range (
    gtk_column_view_get_model (GTK_COLUMN_VIEW (sd_gui_test_get (customers, GTK_TYPE_COLUMN_VIEW, NULL))), 0, 3, TRUE);
  sd_gui_test_spin (100);
  return sd_gui_test_get (customers, GTK_TYPE_BUTTON, "sms_selection_button");
}

/* An account that may write campaigns but not send them: the composer counts, Send and
 * Send a Test… stay off and say why; one that may not write them has no Campaigns page, and
 * the Customers page's Send SMS… is off and says why. */
static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdSession) owner = sd_test_login_owner (f->path);
  g_autoptr(SdSession) writer = sd_test_staff_session (owner, "writer",
                                                       SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS) |
                                                       SD_PERMISSION_BIT (SD_PERMISSION_COMPOSE_CAMPAIGNS));
  g_autoptr(SdSession) clerk = sd_test_staff_session (owner, "clerk", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  SdCampaignComposer *composer;
  GtkWidget *send;
  SdWindow *window;

  f->window = sd_gui_test_open_window_as (f->path, "writer", SD_TEST_PASSWORD);
  f->session = sd_window_get_session (f->window);
  f->page = SD_CAMPAIGNS_PAGE (sd_gui_test_get (GTK_WIDGET (f->window), SD_TYPE_CAMPAIGNS_PAGE, NULL));
  g_signal_connect (f->page, "loaded", G_CALLBACK (loaded_cb), f);
  sd_window_show_page (f->window, "campaigns");
  wait_idle (f);
  composer = open_composer (f);
  write_campaign (composer, "试写");
  send = sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "send_button");
  g_assert_false (gtk_widget_get_sensitive (send));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (send), "“"));
  g_assert_true (gtk_widget_get_sensitive (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "save_button")));
  send = sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "test_button");
  g_assert_false (gtk_widget_get_sensitive (send));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (send), "“"));
  sd_gui_test_destroy_window (GTK_WINDOW (composer));
  g_assert_true (gtk_widget_get_sensitive (select_for_sms (f->window)));

  window = sd_gui_test_open_window_as (f->path, "clerk", SD_TEST_PASSWORD);
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW, "campaigns")));
  send = select_for_sms (window);
  g_assert_false (gtk_widget_get_sensitive (send));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (send), "“"));
  sd_gui_test_close_window (window);
}

static gboolean
waiting_shown (gpointer data)
{
  Fixture *f = data;
  SdCampaignReportView *view =
    SD_CAMPAIGN_REPORT_VIEW (sd_gui_test_get (GTK_WIDGET (f->page), SD_TYPE_CAMPAIGN_REPORT_VIEW, NULL));

  return strstr (sd_campaign_report_view_get_value (view, "window_label"), "Outside the sending hours") != NULL;
}

/* Confirmed outside the sending hours: the send job waits, the page says until when, and a
 * pause ends the wait without a message sent. */
static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (sd_shop_time_zone ());
  int start = ((g_date_time_get_hour (now) + 3) % 24) * 60;
  SdCampaignComposer *composer;
  AdwMessageDialog *question;

  set_gateway_hours (f, "http://127.0.0.1:9/", start, (start + 60) % (24 * 60));
  open_window (f);
  composer = open_composer (f);
  write_campaign (composer, "夜里不发");
  gtk_widget_activate (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "send_button"));
  question = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (question, "send");
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_CAMPAIGN_COMPOSER));
  g_assert_true (sd_gui_test_wait_for (waiting_shown, f, WAIT_MS));
  g_assert_true (sd_campaigns_page_get_sending (f->page));
  shot (f, "10-waiting");

  /* The wait notices the pause: the job ends, nothing was sent. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "campaigns.pause", NULL));
  g_assert_true (sd_gui_test_wait_for (sent_once, f, WAIT_MS));
  wait_idle (f);
  g_assert_cmpint (stored_state (f), ==, SD_CAMPAIGN_PAUSED);
  g_assert_cmpstr (sd_campaign_report_view_get_value (SD_CAMPAIGN_REPORT_VIEW (sd_gui_test_get (
                                                        GTK_WIDGET (f->page), SD_TYPE_CAMPAIGN_REPORT_VIEW, NULL)),
                                                      "sent_value"),
                   ==, "0");
}

static gboolean
gateway_set (gpointer data)
{
  Fixture *f = data;
  const SdCampaignOverview *overview = sd_campaigns_page_get_overview (f->page);

  return !sd_campaigns_page_get_busy (f->page) && overview != NULL && overview->gateway != NULL;
}

/* The gateway set from the page's dialog, its keys from the environment (no keyring
 * prompt): the note goes, the signature is the one typed. */
static void
test_gateway_dialog (Fixture       *f,
                     gconstpointer  data)
{
  AdwMessageDialog *dialog;

  g_setenv (SD_SMS_ENV_ACCESS_KEY_ID, KEY_ID, TRUE);
  g_setenv (SD_SMS_ENV_ACCESS_KEY_SECRET, KEY_SECRET, TRUE);
  open_window (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "campaigns.gateway", NULL));
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  set_text (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "url", "http://127.0.0.1:9/");
  set_text (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "sign", SIGN_NAME);
  shot (f, "11-gateway");
  adw_message_dialog_response (dialog, "set");
  g_assert_true (sd_gui_test_wait_for (gateway_set, f, WAIT_MS));
  g_assert_cmpstr (sd_campaigns_page_get_overview (f->page)->gateway->sign_name, ==, SIGN_NAME);
  sd_gui_test_spin (400);
  g_assert_false (gtk_revealer_get_reveal_child (
    GTK_REVEALER (sd_gui_test_get (GTK_WIDGET (f->page), GTK_TYPE_REVEALER, "gateway_revealer"))));
}

/* ---- the test send; a campaign to customers picked on the Customers page ---- */

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static GtkWidget *
label_containing (GtkWidget  *root,
                  const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_label (GTK_LABEL (child)), text) != NULL)
        return child;
      if ((found = label_containing (child, text)) != NULL)
        return found;
    }
  return NULL;
}

/* What ROOT shows, to tell why a wait failed. */
static void
dump_labels (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child))
        g_test_message ("label: %s", gtk_label_get_label (GTK_LABEL (child)));
      dump_labels (child);
    }
}

static gboolean
label_shown (gpointer data)
{
  const LabelWait *wait = data;

  return label_containing (wait->root, wait->text) != NULL;
}

/* A toast (or any label) of ROOT saying TEXT shows up. */
static void
wait_label (GtkWidget  *root,
            const char *text)
{
  LabelWait wait = { root, text };

  if (!sd_gui_test_wait_for (label_shown, &wait, WAIT_MS))
    {
      dump_labels (root);
      g_error ("no label says “%s”", text);
    }
}

static AdwMessageDialog *
open_test_dialog (SdCampaignComposer *composer)
{
  GtkWidget *button = sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "test_button");

  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);
  return ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* RESPONSE, as its button gives it: the dialog goes too (adw_message_dialog_response ()
 * alone leaves it open in libadwaita 1.2). */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  sd_gui_test_destroy_window (GTK_WINDOW (dialog));
}

static JsonObject *
sim_messages (Fixture   *f,
              JsonNode **out_node)
{
  *out_node = sd_test_sim_get_json (f->sim, "/_sim/aliyun/messages");
  return json_node_get_object (*out_node);
}

static gint64
sim_message_count (Fixture *f)
{
  g_autoptr(JsonNode) node = NULL;

  return json_object_get_int_member (sim_messages (f, &node), "count");
}

static guint
n_campaigns (Fixture *f)
{
  g_autoptr(GPtrArray) campaigns = sd_campaigns_list (f->session, NULL);

  return campaigns != NULL ? campaigns->len : G_MAXUINT;
}

/* "Send a Test…" against the simulator: the settings' number offered, a number the gateway
 * cannot reach refused at the entry with nothing sent, a good one sent exactly once with the
 * template's values (the draft saved first, the composer left open, the number remembered),
 * and the gateway's refusal shown as its message. */
static void
test_test_send (Fixture       *f,
                gconstpointer  data)
{
  static const char *const args[] = { "--seed", "7", NULL };
  SdCampaignComposer *composer;
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  GtkWidget *error_label;
  g_autofree char *url = NULL;
  g_autoptr(SdSession) owner = NULL;
  g_autoptr(SdSmsSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autofree char *fault = NULL;
  JsonObject *message, *params;

  f->sim = sd_test_sim_start (args);
  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  url = g_strdup_printf ("%s/", sd_test_sim_get_url (f->sim));
  set_gateway (f, url);
  owner = sd_test_login_owner (f->path);
  settings = sd_sms_settings_get (owner, &error);
  g_assert_no_error (error);
  g_free (settings->test_phone);
  settings->test_phone = g_strdup ("13911112222");
  g_assert_true (sd_sms_settings_set (owner, settings, &error));
  g_assert_no_error (error);
  g_clear_pointer (&settings, sd_sms_settings_free);

  open_window (f);
  composer = open_composer (f);
  write_campaign (composer, "试发一条");
  dialog = open_test_dialog (composer);
  entry = GTK_EDITABLE (sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, "test_phone_entry"));
  error_label = sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "test_phone_error");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "139 1111 2222");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "send"));
  g_assert_false (gtk_widget_get_visible (error_label));
  shot (f, "12-test-dialog");

  /* A landline: said at the entry, Send off; forced anyway, nothing is saved or sent. */
  gtk_editable_set_text (entry, "0571 8888 1234");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "mobile"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "send"));
  shot (f, "13-test-bad-number");
  respond (dialog, "send");
  sd_gui_test_spin (300);
  g_assert_false (sd_campaign_composer_get_busy (composer));
  g_assert_cmpint (sim_message_count (f), ==, 0);
  g_assert_cmpuint (n_campaigns (f), ==, 0);

  /* A mobile: the draft saved, one message to that number, the toast masks it. */
  dialog = open_test_dialog (composer);
  entry = GTK_EDITABLE (sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, "test_phone_entry"));
  gtk_editable_set_text (entry, "138 1234 5678");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "send"));
  respond (dialog, "send");
  wait_label (GTK_WIDGET (composer), "Test sent to 138****5678");
  g_assert_true (sd_gui_test_wait_for (composer_idle, composer, WAIT_MS));
  g_assert_true (sd_gui_test_find_toplevel (SD_TYPE_CAMPAIGN_COMPOSER) == GTK_WINDOW (composer));
  shot (f, "14-test-sent");

  g_assert_cmpint (sim_message_count (f), ==, 1);
  message = json_array_get_object_element (json_object_get_array_member (sim_messages (f, &node), "messages"), 0);
  g_assert_cmpstr (json_object_get_string_member (message, "phone"), ==, "13812345678");
  g_assert_cmpstr (json_object_get_string_member (message, "sign_name"), ==, SIGN_NAME);
  g_assert_cmpstr (json_object_get_string_member (message, "template_code"), ==, "SMS_100001");
  /* The template's values, as the core renders them for a draft without recipients yet. */
  g_assert_true (json_parser_load_from_data (parser, json_object_get_string_member (message, "template_param"), -1,
                                             &error));
  g_assert_no_error (error);
  params = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (params, "coupon"), ==, "SD1111");
  g_assert_cmpstr (json_object_get_string_member (params, "name"), ==, sd_sms_placeholder_fallback ("name"));

  campaigns = sd_campaigns_list (f->session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, ==, 1);
  g_assert_cmpstr (((SdCampaign *) g_ptr_array_index (campaigns, 0))->name, ==, "试发一条");
  g_assert_cmpint (((SdCampaign *) g_ptr_array_index (campaigns, 0))->state, ==, SD_CAMPAIGN_DRAFT);
  settings = sd_sms_settings_get (owner, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (settings->test_phone, ==, "+8613812345678");

  /* The gateway refusing the template: its code shown, nothing more sent; the same draft. */
  fault = sd_test_sim_post (f->sim, "/_sim/aliyun/faults?code=isv.TEMPLATE_MISSING_PARAMETERS&count=1");
  dialog = open_test_dialog (composer);
  entry = GTK_EDITABLE (sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, "test_phone_entry"));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "138 1234 5678");
  respond (dialog, "send");
  wait_label (GTK_WIDGET (composer), "isv.TEMPLATE_MISSING_PARAMETERS");
  g_assert_true (sd_gui_test_wait_for (composer_idle, composer, WAIT_MS));
  g_assert_cmpint (sim_message_count (f), ==, 1);
  g_assert_cmpuint (n_campaigns (f), ==, 1);
  shot (f, "15-test-refused");
}

/* Three customers selected on the Customers page, "Send SMS…": the composer opens on the
 * Campaigns page with them as its audience and counts them; saved, the draft lists exactly
 * their ids. */
static void
test_picks (Fixture       *f,
            gconstpointer  data)
{
  SdCustomersPage *customers;
  GListModel *model;
  GtkWidget *button;
  SdCampaignComposer *composer;
  AdwComboRow *kind;
  g_autoptr(GArray) picked = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) phones = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GError) error = NULL;
  const SdCampaign *saved;

  f->window = sd_gui_test_open_window (f->path);
  f->session = sd_window_get_session (f->window);
  f->page = SD_CAMPAIGNS_PAGE (sd_gui_test_get (GTK_WIDGET (f->window), SD_TYPE_CAMPAIGNS_PAGE, NULL));
  g_signal_connect (f->page, "loaded", G_CALLBACK (loaded_cb), f);
  customers = SD_CUSTOMERS_PAGE (sd_gui_test_get (GTK_WIDGET (f->window), SD_TYPE_CUSTOMERS_PAGE, NULL));
  model = G_LIST_MODEL (
    gtk_column_view_get_model (GTK_COLUMN_VIEW (sd_gui_test_get (GTK_WIDGET (customers), GTK_TYPE_COLUMN_VIEW, NULL))));
  /* Three who can receive a message: a mobile of their own, not opted out. */
  for (guint i = 0; i < g_list_model_get_n_items (model) && picked->len < 3; i++)
    {
      const SdCustomer *c = sd_gui_test_row_customer (model, i);

      if (c->phone_state != SD_PHONE_VALID || c->sms_opt_out_at != 0 || g_hash_table_contains (phones, c->phone))
        continue;
      g_hash_table_add (phones, c->phone);
      g_array_append_val (picked, c->id);
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), i, FALSE);
    }
  g_assert_cmpuint (picked->len, ==, 3);
  button = sd_gui_test_get (GTK_WIDGET (customers), GTK_TYPE_BUTTON, "sms_selection_button");
  sd_gui_test_spin (300);
  g_assert_true (gtk_action_bar_get_revealed (
    GTK_ACTION_BAR (sd_gui_test_get (GTK_WIDGET (customers), GTK_TYPE_ACTION_BAR, "selection_bar"))));
  g_assert_true (gtk_widget_get_sensitive (button));
  shot (f, "16-selection-bar");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (customers), "customer.sms-selection", NULL));
  composer = SD_CAMPAIGN_COMPOSER (sd_gui_test_wait_toplevel (SD_TYPE_CAMPAIGN_COMPOSER));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (sd_gui_test_get (GTK_WIDGET (f->window), GTK_TYPE_STACK, "content_stack"))),
                   ==, "campaigns");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (composer)), ==, "New Campaign");
  kind = ADW_COMBO_ROW (sd_gui_test_get (GTK_WIDGET (composer), ADW_TYPE_COMBO_ROW, "kind_row"));
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (adw_combo_row_get_selected_item (kind))), ==,
                   "3 hand-picked customers");
  write_campaign (composer, "老客回访");
  g_assert_cmpint (sd_campaign_composer_get_estimate (composer)->audience, ==, 3);
  g_assert_cmpstr (label_text (GTK_WIDGET (composer), "recipients_label"), ==, "3");
  shot (f, "17-composer-picks");
  if (shots_dir != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_SCROLLED_WINDOW, NULL)));

      gtk_adjustment_set_value (adjustment, 420);
      shot (f, "17b-composer-picks-audience");
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      shot (f, "17c-composer-picks-test-row");
      gtk_adjustment_set_value (adjustment, 0);
    }

  f->loads = 0;
  gtk_widget_activate (sd_gui_test_get (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "save_button"));
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_CAMPAIGN_COMPOSER));
  wait_idle (f);
  campaigns = sd_campaigns_list (f->session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, ==, 1);
  saved = g_ptr_array_index (campaigns, 0);
  g_assert_cmpint (saved->audience_kind, ==, SD_AUDIENCE_CUSTOMERS);
  g_assert_cmpuint (saved->customer_ids->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_hash_table_add (ids, &g_array_index (saved->customer_ids, gint64, i));
  for (guint i = 0; i < 3; i++)
    g_assert_true (g_hash_table_contains (ids, &g_array_index (picked, gint64, i)));
}

/* More customers selected than a campaign may hand-pick: said, with the way out (a segment),
 * and no composer opens. */
static void
test_picks_too_many (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *customers;
  GtkSelectionModel *selection;

  g_free (f->path);
  f->path = sd_gui_test_make_demo (SD_CAMPAIGN_CUSTOMERS_MAX + 1);
  f->window = sd_gui_test_open_window (f->path);
  customers = sd_gui_test_get (GTK_WIDGET (f->window), SD_TYPE_CUSTOMERS_PAGE, NULL);
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (sd_gui_test_get (customers, GTK_TYPE_COLUMN_VIEW, NULL)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, SD_CAMPAIGN_CUSTOMERS_MAX + 1);
  gtk_selection_model_select_all (selection);
  g_assert_true (gtk_widget_activate_action (customers, "customer.sms-selection", NULL));
  wait_label (GTK_WIDGET (f->window), "10,001 customers are selected; a campaign can hand-pick at most 10,000");
  wait_label (GTK_WIDGET (f->window), "segment");
  sd_gui_test_spin (300);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_CAMPAIGN_COMPOSER));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (sd_gui_test_get (GTK_WIDGET (f->window), GTK_TYPE_STACK, "content_stack"))),
                   ==, "customers");
}

/* ---- the dispatcher: scheduled and unfinished campaigns start by themselves ---- */

/* A campaign to every customer, confirmed by the owner for SCHEDULED_AT (0: at once) on a
 * connection of its own at the dispatcher's clock, which leaves it in STATE with all its
 * recipients queued; its id, its recipients in *OUT_EXPECTED. */
static gint64
confirm_in_core (Fixture         *f,
                 const char      *name,
                 gint64           scheduled_at,
                 SdCampaignState  state,
                 gint64          *out_expected)
{
  g_autoptr(SdCampaign) confirmed = NULL;
  g_autoptr(SdCampaignReport) report = NULL;
  g_autoptr(SdSession) owner = sd_test_login_owner (f->path);
  g_autoptr(SdCampaign) campaign = sd_campaign_new ();
  g_autoptr(SdCampaignEstimate) estimate = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  sd_test_set_clock (sd_session_get_db (owner), &dispatch_now);
  g_free (campaign->name);
  campaign->name = g_strdup (name);
  g_free (campaign->body);
  campaign->body = g_strdup (BODY);
  g_free (campaign->coupon);
  campaign->coupon = g_strdup ("SD1111");
  campaign->scheduled_at = scheduled_at;
  id = sd_campaigns_create (owner, campaign, &error);
  g_assert_no_error (error);
  estimate = sd_campaigns_estimate (owner, id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (estimate->recipients, >, 0);
  g_assert_true (sd_campaigns_confirm (owner, id, estimate->recipients, NULL, &error));
  g_assert_no_error (error);
  confirmed = sd_campaigns_get (owner, id, &error);
  g_assert_cmpint (confirmed->state, ==, state);
  report = sd_campaigns_report (owner, id, &error);
  g_assert_cmpint (report->by_state[SD_RECIPIENT_QUEUED], ==, estimate->recipients);
  *out_expected = estimate->recipients;
  return id;
}

static gint64
sim_message_total (Fixture *f)
{
  g_autoptr(JsonNode) counts = sd_test_sim_get_json (f->sim, "/_sim/aliyun/counts");

  return json_object_get_int_member (json_node_get_object (counts), "messages");
}

/* The simulator received EXPECTED messages, one to each of EXPECTED numbers. */
static void
assert_sim_each_once (Fixture *f,
                      gint64   expected)
{
  g_autoptr(JsonNode) counts = sd_test_sim_get_json (f->sim, "/_sim/aliyun/counts");
  JsonObject *per_phone = json_object_get_object_member (json_node_get_object (counts), "counts");
  g_autoptr(GList) phones = json_object_get_members (per_phone);

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "messages"), ==, expected);
  g_assert_cmpuint (g_list_length (phones), ==, expected);
  for (GList *l = phones; l != NULL; l = l->next)
    g_assert_cmpint (json_object_get_int_member (per_phone, l->data), ==, 1);
}

static gint64
stored_count (Fixture          *f,
              gint64            id,
              SdRecipientState  state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCampaignReport) report = sd_campaigns_report (f->session, id, &error);

  g_assert_no_error (error);
  return report->by_state[state];
}

typedef struct
{
  Fixture *f;
  gint64   id;
  gint64   expected;
} DeliveredWait;

static gboolean
all_delivered (gpointer data)
{
  DeliveredWait *wait = data;

  return stored_count (wait->f, wait->id, SD_RECIPIENT_DELIVERED) == wait->expected;
}

static void
start_sim (Fixture    *f,
           const char *delivery_delay_ms)
{
  const char *args[] = { "--seed", "7", "--aliyun-delivery-delay", delivery_delay_ms, NULL };
  g_autofree char *url = NULL;

  f->sim = sd_test_sim_start (args);
  if (f->sim == NULL)
    return;
  url = g_strdup_printf ("%s/", sd_test_sim_get_url (f->sim));
  set_gateway (f, url);
}

/* Confirmed for two minutes ahead, with ShopDesk open: not sent before its time; once the
 * clock passes it, the dispatcher's tick sends it, each recipient once, and the row reads
 * done. Then the carrier's reports come in, and the next poll stores them without anybody
 * opening the campaign: its report shows them delivered. */
static void
test_dispatch_scheduled (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *row_name = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *reports = NULL;
  const char *subtitle;
  DeliveredWait wait;
  gint64 id, expected;

  /* Delivery reports held back until the test lets them out. */
  start_sim (f, "86400000");
  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  dispatch_now = g_get_real_time () / G_USEC_PER_SEC;
  sd_campaign_jobs_set_clock (read_dispatch_now, NULL);
  id = confirm_in_core (f, "十点开抢", dispatch_now + 120, SD_CAMPAIGN_SCHEDULED, &expected);

  /* The page looks at once, then every tick: its time has not come. */
  open_window (f);
  sd_campaigns_page_set_intervals (f->page, 100, 100);
  sd_gui_test_spin (800);
  g_assert_cmpint (stored_state (f), ==, SD_CAMPAIGN_SCHEDULED);
  g_assert_false (sd_campaigns_page_get_sending (f->page));
  g_assert_cmpuint (f->sends, ==, 0);
  g_assert_cmpint (sim_message_total (f), ==, 0);

  /* Its time passed: sent by the next tick, nobody pressing anything. */
  dispatch_now += 180;
  g_assert_true (sd_gui_test_wait_for (sent_once, f, 60000));
  wait_idle (f);
  g_assert_cmpint (stored_state (f), ==, SD_CAMPAIGN_DONE);
  assert_sim_each_once (f, expected);
  row_name = g_strdup_printf ("campaign-%lld", (long long) id);
  subtitle = adw_action_row_get_subtitle (
    ADW_ACTION_ROW (sd_gui_test_get (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, row_name)));
  g_assert_true (g_str_has_prefix (subtitle, sd_campaign_state_get_label (SD_CAMPAIGN_DONE)));
  g_assert_nonnull (strstr (subtitle, "All customers"));
  shot (f, "15-dispatched");
  g_assert_cmpint (stored_count (f, id, SD_RECIPIENT_DELIVERED), ==, 0);

  /* The reports are out; a minute on, the poll tick fetches and stores them. */
  reports = sd_test_sim_post (f->sim, "/_sim/aliyun/delivery?delay_ms=0");
  dispatch_now += 120;
  wait = (DeliveredWait) { f, id, expected };
  g_assert_true (sd_gui_test_wait_for (all_delivered, &wait, 60000));

  /* Its report says so (opening reads, the poll already stored). */
  sd_campaigns_page_open (f->page, id);
  sd_gui_test_spin (50);
  wait_idle (f);
  expected_text = sd_format_count (expected);
  g_assert_cmpstr (sd_campaign_report_view_get_value (SD_CAMPAIGN_REPORT_VIEW (sd_gui_test_get (
                                                        GTK_WIDGET (f->page), SD_TYPE_CAMPAIGN_REPORT_VIEW, NULL)),
                                                      "delivered_value"),
                   ==, expected_text);
}

static gboolean
resumed_and_done (gpointer data)
{
  Fixture *f = data;

  return !sd_campaigns_page_get_sending (f->page) && stored_state (f) == SD_CAMPAIGN_DONE;
}

/* A campaign left 'sending' (ShopDesk quit before it was through): the page resumes it as
 * soon as the owner signs in, and finishes it, each recipient once. */
static void
test_dispatch_resume (Fixture       *f,
                      gconstpointer  data)
{
  gint64 id, expected;

  start_sim (f, "0");
  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  dispatch_now = g_get_real_time () / G_USEC_PER_SEC;
  id = confirm_in_core (f, "断点续发", 0, SD_CAMPAIGN_SENDING, &expected);

  /* Signed in: no tick needed, and no page shown. */
  f->window = sd_gui_test_open_window (f->path);
  f->session = sd_window_get_session (f->window);
  f->page = SD_CAMPAIGNS_PAGE (sd_gui_test_get (GTK_WIDGET (f->window), SD_TYPE_CAMPAIGNS_PAGE, NULL));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->page)));
  /* (It may be through before the window is even drawn.) */
  g_assert_true (sd_gui_test_wait_for (resumed_and_done, f, 60000));
  assert_sim_each_once (f, expected);
  g_assert_cmpint (stored_count (f, id, SD_RECIPIENT_QUEUED), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);
  shots_dir = g_getenv ("SHOPDESK_CAMPAIGN_SHOTS");
  if (shots_dir != NULL)
    {
      /* The application's own style sheet, as SdApplication loads it. */
      GtkCssProvider *css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, "/io/github/shopdesk/ShopDesk/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/campaigns/empty", test_empty);
  ADD ("/gui/campaigns/composer", test_composer);
  ADD ("/gui/campaigns/send", test_send);
  ADD ("/gui/campaigns/schedule", test_schedule);
  ADD ("/gui/campaigns/permissions", test_permissions);
  ADD ("/gui/campaigns/window", test_window);
  ADD ("/gui/campaigns/gateway-dialog", test_gateway_dialog);
  ADD ("/gui/campaigns/dispatch-scheduled", test_dispatch_scheduled);
  ADD ("/gui/campaigns/dispatch-resume", test_dispatch_resume);
  ADD ("/gui/campaigns/test-send", test_test_send);
  ADD ("/gui/campaigns/picks", test_picks);
  ADD ("/gui/campaigns/picks-too-many", test_picks_too_many);
#undef ADD
  return g_test_run ();
}
