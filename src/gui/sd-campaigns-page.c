/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-campaigns-page"

#include <glib/gi18n.h>

#include "sd-campaign-composer.h"
#include "sd-campaign-report.h"
#include "sd-campaigns-page.h"
#include "sd-error.h"
#include "sd-format.h"
#include "sd-message.h"
#include "sd-permission-ui.h"
#include "sd-sms-settings-dialog.h"
#include "sd-values.h"
#include "sd-window.h"

struct _SdCampaignsPage
{
  AdwBin                parent_instance;

  SdSession            *session;
  SdCampaignOverview   *overview;          /* shown; NULL before the first read */
  GCancellable         *read_cancellable;
  GCancellable         *op_cancellable;    /* a pause, resume, cancel or gateway change */
  guint                 generation;        /* a newer read, account or page gone: stale */
  gint64                shown_id;          /* the campaign in the report view; 0: the list */
  GCancellable         *details_cancellable;
  gint64                autostart_id;      /* confirmed in the composer: send once read */
  /* The send under way. */
  gint64                send_id;
  GCancellable         *send_cancellable;
  GtkWindow            *send_window;       /* whose job the send is */
  gboolean              send_dispatched;   /* started by the dispatcher, not a person */
  char                 *send_announcement; /* said once the dispatched send really starts */
  gboolean              folded;
  /* The dispatcher: due campaigns started, delivery reports fetched, by themselves. */
  guint                 dispatch_source;
  guint                 poll_source;
  guint                 dispatch_interval_ms;
  guint                 poll_interval_ms;
  GCancellable         *dispatch_cancellable;
  GCancellable         *poll_cancellable;
  char                 *dispatch_error;    /* the last failure of a dispatched send, said once */

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *title;
  GtkButton            *sidebar_button;
  GtkButton            *back_button;
  GtkButton            *new_button;
  GtkButton            *empty_new_button;
  GtkButton            *refresh_button;
  GtkSpinner           *spinner;
  GtkRevealer          *gateway_revealer;
  GtkLabel             *gateway_label;
  GtkButton            *gateway_button;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  AdwStatusPage        *empty_page;
  GtkListBox           *list;
  SdCampaignReportView *report_view;
};

G_DEFINE_FINAL_TYPE (SdCampaignsPage, sd_campaigns_page, ADW_TYPE_BIN)

enum {
  LOADED,
  SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_read (SdCampaignsPage *self);
static void start_details (SdCampaignsPage *self, gboolean poll);
static void start_poll (SdCampaignsPage *self);

/* How often the page looks for a campaign due to send, and for delivery reports. */
#define DISPATCH_INTERVAL_MS (60 * 1000)
#define POLL_INTERVAL_MS     (10 * 60 * 1000)

/* ---- helpers ---- */

static gboolean
can (SdCampaignsPage *self,
     SdPermission     permission)
{
  return sd_permission_ui_can (self->session, permission);
}

static void
toast (SdCampaignsPage *self,
       const char      *text,
       gboolean         error)
{
  sd_message_add_toast (self->toast_overlay, text, error);
}

static GtkWindow *
parent_window (SdCampaignsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* What the page did by itself, where it is seen: on the page when shown, else on the
 * window. TEXT is markup. */
static void
announce (SdCampaignsPage *self,
          const char      *text)
{
  GtkWindow *window = parent_window (self);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) && window != NULL && SD_IS_WINDOW (window))
    sd_window_add_toast (SD_WINDOW (window), adw_toast_new (text));
  else
    toast (self, text, FALSE);
}

static const SdCampaign *
find_campaign (SdCampaignsPage *self,
               gint64           id,
               guint           *out_index)
{
  for (guint i = 0; self->overview != NULL && i < self->overview->campaigns->len; i++)
    {
      const SdCampaign *campaign = g_ptr_array_index (self->overview->campaigns, i);

      if (campaign->id == id)
        {
          if (out_index != NULL)
            *out_index = i;
          return campaign;
        }
    }
  return NULL;
}

static gboolean
has_gateway (SdCampaignsPage *self)
{
  return self->overview != NULL && self->overview->gateway != NULL;
}

/* The one place that decides which of the page's actions may run. */
static void
update_actions (SdCampaignsPage *self)
{
  const SdCampaign *shown = find_campaign (self, self->shown_id, NULL);
  gboolean compose = can (self, SD_PERMISSION_COMPOSE_CAMPAIGNS);
  gboolean send = can (self, SD_PERMISSION_SEND_CAMPAIGNS);
  gboolean idle = self->op_cancellable == NULL;
  gboolean sending = self->send_cancellable != NULL;
  gboolean sending_shown = sending && self->send_id == self->shown_id;
  SdCampaignState state = shown != NULL ? shown->state : SD_CAMPAIGN_DRAFT;
  gboolean busy = self->read_cancellable != NULL || self->details_cancellable != NULL || !idle;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.new", compose);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.refresh", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.back", self->shown_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.send",
                                 send && idle && !sending && has_gateway (self) &&
                                 (state == SD_CAMPAIGN_SCHEDULED || state == SD_CAMPAIGN_SENDING));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.pause",
                                 send && idle && (state == SD_CAMPAIGN_SCHEDULED || state == SD_CAMPAIGN_SENDING));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.resume",
                                 send && idle && !sending && has_gateway (self) && state == SD_CAMPAIGN_PAUSED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.cancel",
                                 send && idle && !sending_shown &&
                                 (state == SD_CAMPAIGN_SCHEDULED || state == SD_CAMPAIGN_PAUSED));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.gateway",
                                 can (self, SD_PERMISSION_CONFIGURE_SHOP) && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.settings", self->session != NULL);

  sd_permission_ui_explain (GTK_WIDGET (self->new_button), self->session, SD_PERMISSION_COMPOSE_CAMPAIGNS,
                            _("Write a new campaign (Ctrl+N)"));
  sd_permission_ui_explain (GTK_WIDGET (self->gateway_button), self->session, SD_PERMISSION_CONFIGURE_SHOP,
                            _("The Aliyun SMS account that sends the messages"));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->shown_id != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), self->folded && self->shown_id == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy || sending);
  gtk_spinner_set_spinning (self->spinner, busy || sending);
  gtk_revealer_set_reveal_child (self->gateway_revealer, self->overview != NULL && !has_gateway (self));
}

/* ---- the list ---- */

static char *
describe_progress (const SdCampaignProgress *p)
{
  gint64 total = p->queued + p->submitting + p->accepted + p->delivered + p->failed + p->withdrawn;
  g_autofree char *sent = sd_format_count (p->accepted + p->delivered + p->failed);
  g_autofree char *all = sd_format_count (total);

  /* TRANSLATORS: a campaign's row: "120 of 1,234 sent" */
  return g_strdup_printf (_("%s of %s sent"), sent, all);
}

/* "Sending · 120 of 1,234 sent · started 5 minutes ago" and so on, by state. */
static char *
describe_row (const SdCampaign         *c,
              const SdCampaignProgress *p,
              const char               *audience,
              gint64                    now)
{
  g_autofree char *progress = describe_progress (p);
  const char *state = sd_campaign_state_get_label (c->state);

  switch (c->state)
    {
    case SD_CAMPAIGN_DRAFT:
      {
        g_autofree char *when = sd_format_when (c->updated_at, now);
        /* TRANSLATORS: a draft's row: state · audience · when edited */
        return g_strdup_printf (_("%s · %s · edited %s"), state, audience, when);
      }
    case SD_CAMPAIGN_SCHEDULED:
      {
        g_autofree char *when = sd_format_datetime (c->scheduled_at);
        return g_strdup_printf (_("%s for %s · %s"), state, when, progress);
      }
    case SD_CAMPAIGN_SENDING:
      if (p->waiting_for_window && p->next_opening > 0)
        {
          g_autofree char *when = sd_format_datetime (p->next_opening);
          return g_strdup_printf (_("%s · %s · waiting for the sending hours, until %s"), state, progress, when);
        }
      return g_strdup_printf ("%s · %s", state, progress);
    case SD_CAMPAIGN_PAUSED:
      if (c->pause_reason != NULL && *c->pause_reason != '\0')
        /* TRANSLATORS: a paused campaign's row: "Paused: the day's limit was reached · 120 of 1,234 sent" */
        return g_strdup_printf (_("%s: %s · %s"), state, c->pause_reason, progress);
      return g_strdup_printf ("%s · %s", state, progress);
    case SD_CAMPAIGN_DONE:
      {
        g_autofree char *when = sd_format_when (c->finished_at, now);
        g_autofree char *delivered = sd_format_count (p->delivered);
        /* TRANSLATORS: a finished campaign's row: state · sent · delivered · when */
        return g_strdup_printf (_("%s · %s · %s delivered · finished %s"), state, progress, delivered, when);
      }
    case SD_CAMPAIGN_CANCELLED:
    default:
      return g_strdup_printf ("%s · %s", state, progress);
    }
}

static GtkWidget *
row_new (const SdCampaign         *c,
         const SdCampaignProgress *p,
         const char               *audience,
         gint64                    now)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *state = describe_row (c, p, audience, now);
  /* Whom it is for, on every row (a draft's says it already). */
  g_autofree char *subtitle = c->state == SD_CAMPAIGN_DRAFT ? g_strdup (state) : g_strdup_printf ("%s · %s", state, audience);
  g_autofree char *name = g_strdup_printf ("campaign-%lld", (long long) c->id);
  g_autofree char *exact = sd_format_datetime (c->created_at);
  g_autofree char *tooltip = g_strdup_printf (_("Created %s"), exact);
  gint64 total = p->queued + p->submitting + p->accepted + p->delivered + p->failed + p->withdrawn;

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_tooltip_text (row, tooltip);
  if (c->state == SD_CAMPAIGN_SENDING || c->state == SD_CAMPAIGN_PAUSED)
    {
      GtkWidget *bar = gtk_progress_bar_new ();

      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (bar, 80, -1);
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar),
                                     total > 0 ? (double) (total - p->queued - p->submitting) / total : 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "campaign-id", GSIZE_TO_POINTER ((gsize) c->id));
  return row;
}

static void
fill_list (SdCampaignsPage *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < self->overview->campaigns->len; i++)
    gtk_list_box_append (self->list, row_new (g_ptr_array_index (self->overview->campaigns, i),
                                              &g_array_index (self->overview->progress, SdCampaignProgress, i),
                                              g_ptr_array_index (self->overview->audiences, i), now));
}

static void
show_state (SdCampaignsPage *self)
{
  if (self->overview == NULL)
    return;
  fill_list (self);
  if (self->shown_id != 0 && find_campaign (self, self->shown_id, NULL) != NULL)
    gtk_stack_set_visible_child_name (self->stack, "campaign");
  else
    {
      self->shown_id = 0;
      adw_window_title_set_subtitle (self->title, "");
      gtk_stack_set_visible_child_name (self->stack, self->overview->campaigns->len > 0 ? "list" : "empty");
    }
  update_actions (self);
}

/* ---- reading, on a worker thread ---- */

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (source);
  g_autoptr(GError) error = NULL;
  SdCampaignOverview *overview = sd_campaign_jobs_list_finish (result, &error);

  if (GPOINTER_TO_UINT (user_data) != self->generation)
    {
      sd_campaign_overview_free (overview);
      return;
    }
  g_clear_object (&self->read_cancellable);
  if (overview == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
    }
  else
    {
      g_clear_pointer (&self->overview, sd_campaign_overview_free);
      self->overview = overview;
      show_state (self);
    }
  g_signal_emit (self, signals[LOADED], 0);
}

static void
start_read (SdCampaignsPage *self)
{
  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->generation++;
  if (self->session == NULL)
    {
      update_actions (self);
      return;
    }
  if (self->overview == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->read_cancellable = g_cancellable_new ();
  sd_campaign_jobs_list_async (self, self->session, self->read_cancellable, read_done_cb,
                               GUINT_TO_POINTER (self->generation));
  update_actions (self);
}

/* ---- one campaign ---- */

static void start_send (SdCampaignsPage *self, gint64 id);

static void
details_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCampaignDetails) details = sd_campaign_jobs_details_finish (result, &error);
  GCancellable *cancellable = user_data;

  if (cancellable != self->details_cancellable)
    return;
  g_clear_object (&self->details_cancellable);
  if (details == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message, TRUE);
      update_actions (self);
      return;
    }
  if (details->campaign->id != self->shown_id)
    return;
  adw_window_title_set_subtitle (self->title, details->campaign->name);
  sd_campaign_report_view_set_details (self->report_view, details);
  if (self->send_cancellable != NULL && self->send_id == self->shown_id)
    sd_campaign_report_view_set_progress (self->report_view, &details->progress, TRUE);
  /* Keep the list's copy in step: the actions read its state. */
  {
    guint index;
    if (find_campaign (self, details->campaign->id, &index))
      {
        sd_campaign_free (g_ptr_array_index (self->overview->campaigns, index));
        g_ptr_array_index (self->overview->campaigns, index) = sd_campaign_copy (details->campaign);
        g_array_index (self->overview->progress, SdCampaignProgress, index) = details->progress;
      }
  }
  update_actions (self);
  if (self->autostart_id == details->campaign->id && details->campaign->state == SD_CAMPAIGN_SENDING)
    {
      self->autostart_id = 0;
      start_send (self, details->campaign->id);
    }
}

static void
start_details (SdCampaignsPage *self,
               gboolean         poll)
{
  if (self->details_cancellable != NULL)
    g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  if (self->session == NULL || self->shown_id == 0)
    return;
  self->details_cancellable = g_cancellable_new ();
  sd_campaign_jobs_details_async (self, self->session, self->shown_id, poll, self->details_cancellable,
                                  details_done_cb, self->details_cancellable);
  update_actions (self);
}

static void
composer_saved_cb (SdCampaignsPage *self,
                   gint64           id,
                   gboolean         confirmed)
{
  toast (self, confirmed ? _("Campaign confirmed") : _("Draft saved"), FALSE);
  if (confirmed)
    {
      /* What the owner asked for: the sending, shown and started. */
      self->shown_id = id;
      self->autostart_id = can (self, SD_PERMISSION_SEND_CAMPAIGNS) ? id : 0;
      gtk_stack_set_visible_child_name (self->stack, "campaign");
      sd_campaign_report_view_set_details (self->report_view, NULL);
      start_details (self, FALSE);
    }
  start_read (self);
}

static void
open_composer (SdCampaignsPage  *self,
               const SdCampaign *campaign)
{
  SdCampaignComposer *composer;

  if (self->session == NULL || !can (self, SD_PERMISSION_COMPOSE_CAMPAIGNS))
    return;
  composer = sd_campaign_composer_new (parent_window (self), self->session, campaign,
                                       has_gateway (self) ? self->overview->gateway->sign_name : NULL,
                                       self->overview != NULL ? self->overview->settings : NULL);
  g_signal_connect_object (composer, "saved", G_CALLBACK (composer_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (composer));
}

/* Hand-picked customers waiting for the list's read: the composer needs its gateway and
 * settings. For the account that picked them only. */
typedef struct
{
  GArray    *customer_ids;
  SdSession *session;
} Picks;

static void
picks_free (Picks *picks)
{
  g_array_unref (picks->customer_ids);
  g_object_unref (picks->session);
  g_free (picks);
}

static void
open_picked_composer (SdCampaignsPage *self,
                      GArray          *customer_ids)
{
  g_autoptr(SdCampaign) campaign = sd_campaign_new ();

  campaign->audience_kind = SD_AUDIENCE_CUSTOMERS;
  campaign->customer_ids = g_array_copy (customer_ids);
  open_composer (self, campaign);
}

static void
picks_loaded_cb (SdCampaignsPage *self,
                 Picks           *picks)
{
  /* Once: the picks go with the handler (after this emission). */
  g_signal_handlers_disconnect_matched (self, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, picks_loaded_cb, NULL);
  /* A failed read shows its error on the page instead. */
  if (self->overview != NULL && self->session == picks->session)
    open_picked_composer (self, picks->customer_ids);
}

static void
row_activated_cb (SdCampaignsPage *self,
                  GtkListBoxRow   *row)
{
  sd_campaigns_page_open (self, (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "campaign-id")));
}

/* ---- sending ---- */

static void
send_progress_cb (const SdCampaignProgress *progress,
                  gpointer                  data)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (data);
  g_autofree char *announcement = g_steal_pointer (&self->send_announcement);

  /* Its first progress: this desktop holds the campaign (no other sender has it). */
  if (announcement != NULL)
    announce (self, announcement);
  if (self->send_cancellable != NULL && self->send_id == self->shown_id)
    sd_campaign_report_view_set_progress (self->report_view, progress, TRUE);
}

static void
end_send (SdCampaignsPage *self)
{
  if (self->send_window != NULL && SD_IS_WINDOW (self->send_window))
    sd_window_end_job (SD_WINDOW (self->send_window), self->send_cancellable);
  g_clear_object (&self->send_window);
  g_clear_object (&self->send_cancellable);
  g_clear_pointer (&self->send_announcement, g_free);
  self->send_id = 0;
  self->send_dispatched = FALSE;
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = sd_campaign_jobs_send_finish (result, &error);
  gboolean dispatched;

  if (user_data != self->send_cancellable)
    return;
  dispatched = self->send_dispatched;
  end_send (self);
  if (self->session == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  if (ok)
    toast (self, _("Sending ended: the report shows where it stands"), FALSE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, _("Sending stopped after its batch. Send Now goes on where it stopped, never twice to anyone."), FALSE);
  else if (!dispatched)
    toast (self, error->message, TRUE);
  /* Started by itself: another desktop sending it (a conflict) is no news, and a failure
   * that comes back every minute is said once. */
  else if (!g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT) && g_strcmp0 (error->message, self->dispatch_error) != 0)
    {
      g_free (self->dispatch_error);
      self->dispatch_error = g_strdup (error->message);
      toast (self, error->message, TRUE);
    }
  start_read (self);
  start_details (self, TRUE);
  start_poll (self);
  g_signal_emit (self, signals[SENT], 0);
}

static void
start_send (SdCampaignsPage *self,
            gint64           id)
{
  GtkWindow *window = parent_window (self);

  if (self->send_cancellable != NULL || self->session == NULL || !can (self, SD_PERMISSION_SEND_CAMPAIGNS))
    return;
  self->send_id = id;
  self->send_cancellable = g_cancellable_new ();
  if (window != NULL && SD_IS_WINDOW (window))
    {
      self->send_window = g_object_ref (window);
      sd_window_begin_job (SD_WINDOW (window), self->send_cancellable);
    }
  update_actions (self);
  sd_campaign_jobs_send_async (self, self->session, id, send_progress_cb, self, self->send_cancellable, send_done_cb,
                               self->send_cancellable);
}

/* ---- the dispatcher: what is due starts by itself, reports come by themselves ---- */

static void
dispatch_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCampaign) due = sd_campaign_jobs_next_due_finish (result, &error);
  g_autofree char *name = NULL;

  if (user_data != self->dispatch_cancellable)
    return;
  g_clear_object (&self->dispatch_cancellable);
  if (due == NULL)
    {
      if (error != NULL)
        g_debug ("campaigns due: %s", error->message);
      return;
    }
  /* A person started one meanwhile: the next tick looks again. */
  if (self->send_cancellable != NULL)
    return;
  start_send (self, due->id);
  if (self->send_cancellable == NULL)
    return;
  self->send_dispatched = TRUE;
  name = g_markup_escape_text (due->name, -1);
  self->send_announcement = due->started_at == 0
                              ? g_strdup_printf (_("“%s” started sending"), name)
                              /* TRANSLATORS: a campaign left sending by a quit or a crash */
                              : g_strdup_printf (_("“%s” goes on sending where it stopped"), name);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_read (self);
}

/* Looks for a campaign due to send, unless a send runs here already. */
static void
start_dispatch (SdCampaignsPage *self)
{
  if (self->session == NULL || !can (self, SD_PERMISSION_SEND_CAMPAIGNS) || self->send_cancellable != NULL ||
      self->dispatch_cancellable != NULL)
    return;
  self->dispatch_cancellable = g_cancellable_new ();
  sd_campaign_jobs_next_due_async (self, self->session, self->dispatch_cancellable, dispatch_done_cb,
                                   self->dispatch_cancellable);
}

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (source);
  g_autoptr(GError) error = NULL;
  guint polled = 0;

  if (!sd_campaign_jobs_poll_finish (result, &polled, &error))
    g_debug ("delivery reports: %s", error->message);
  if (user_data != self->poll_cancellable)
    return;
  g_clear_object (&self->poll_cancellable);
  /* What was learnt, shown. */
  if (polled > 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      start_read (self);
      start_details (self, FALSE);
    }
}

/* Fetches the delivery reports still awaited, unless a round runs already. A send may run
 * meanwhile: the poll has its own connection, and commits a chunk at a time. */
static void
start_poll (SdCampaignsPage *self)
{
  if (self->session == NULL || !can (self, SD_PERMISSION_SEND_CAMPAIGNS) || self->poll_cancellable != NULL)
    return;
  self->poll_cancellable = g_cancellable_new ();
  sd_campaign_jobs_poll_async (self, self->session, self->poll_cancellable, poll_done_cb, self->poll_cancellable);
}

static gboolean
dispatch_tick_cb (gpointer data)
{
  start_dispatch (SD_CAMPAIGNS_PAGE (data));
  return G_SOURCE_CONTINUE;
}

static gboolean
poll_tick_cb (gpointer data)
{
  start_poll (SD_CAMPAIGNS_PAGE (data));
  return G_SOURCE_CONTINUE;
}

static void
stop_dispatcher (SdCampaignsPage *self)
{
  g_clear_handle_id (&self->dispatch_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_cancellable_cancel (self->dispatch_cancellable);
  g_clear_object (&self->dispatch_cancellable);
  g_cancellable_cancel (self->poll_cancellable);
  g_clear_object (&self->poll_cancellable);
  g_clear_pointer (&self->dispatch_error, g_free);
}

/* While an account that may send is signed in, shown or not: a look at once, then every
 * interval. */
static void
start_dispatcher (SdCampaignsPage *self)
{
  stop_dispatcher (self);
  if (self->session == NULL || !can (self, SD_PERMISSION_SEND_CAMPAIGNS))
    return;
  self->dispatch_source = g_timeout_add (self->dispatch_interval_ms, dispatch_tick_cb, self);
  self->poll_source = g_timeout_add (self->poll_interval_ms, poll_tick_cb, self);
  start_dispatch (self);
  start_poll (self);
}

static void
stop_send (SdCampaignsPage *self)
{
  if (self->send_cancellable != NULL)
    g_cancellable_cancel (self->send_cancellable);
}

/* ---- pause, resume, cancel ---- */

static void
op_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (source);
  SdCampaignOp op = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok = sd_campaign_jobs_op_finish (result, &error);

  g_clear_object (&self->op_cancellable);
  if (self->session == NULL)
    return;
  if (!ok)
    toast (self, error->message, TRUE);
  else if (op == SD_CAMPAIGN_OP_RESUME && self->shown_id != 0)
    /* Resumed is sending again, not only a state. */
    self->autostart_id = self->shown_id;
  else if (op == SD_CAMPAIGN_OP_PAUSE)
    toast (self, _("Paused: no more messages leave until you resume"), FALSE);
  start_read (self);
  start_details (self, FALSE);
}

static void
run_op (SdCampaignsPage *self,
        SdCampaignOp     op)
{
  if (self->session == NULL || self->shown_id == 0 || self->op_cancellable != NULL)
    return;
  self->op_cancellable = g_cancellable_new ();
  update_actions (self);
  sd_campaign_jobs_op_async (self, self->session, op, self->shown_id, self->op_cancellable, op_done_cb,
                             GINT_TO_POINTER (op));
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SdCampaignsPage  *self)
{
  if (g_strcmp0 (response, "cancel-campaign") == 0)
    run_op (self, SD_CAMPAIGN_OP_CANCEL);
}

/* ---- the gateway ---- */

static void
gateway_set_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (user_data);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->op_cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    toast (self, error->message, TRUE);
  else
    toast (self, _("SMS gateway set"), FALSE);
  start_read (self);
  g_object_unref (self);
}

static void
gateway_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  char **fields = task_data;
  SdSession *caller = g_object_get_data (G_OBJECT (task), "session");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (caller, &error);
  /* Empty: the default endpoint, the keys of the environment. */
  SdSmsGatewayConfig config = { "aliyun", *fields[0] ? fields[0] : NULL, fields[1], fields[2],
                                *fields[3] ? fields[3] : NULL, *fields[4] ? fields[4] : NULL };

  if (session != NULL && sd_sms_gateway_settings_set (session, &config, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
gateway_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SdCampaignsPage  *self)
{
  static const char *rows[] = { "url", "sign", "template", "key_id", "key_secret" };
  char **fields;
  g_autoptr(GTask) task = NULL;

  if (g_strcmp0 (response, "set") != 0 || self->session == NULL || self->op_cancellable != NULL)
    return;
  fields = g_new0 (char *, G_N_ELEMENTS (rows) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    fields[i] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), rows[i]))));
  self->op_cancellable = g_cancellable_new ();
  update_actions (self);
  /* The keyring is a D-Bus round trip a secret: off the main thread. */
  task = g_task_new (NULL, self->op_cancellable, gateway_set_cb, g_object_ref (self));
  g_object_set_data_full (G_OBJECT (task), "session", g_object_ref (self->session), g_object_unref);
  g_task_set_task_data (task, fields, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, gateway_thread);
}

static void
open_gateway_dialog (SdCampaignsPage *self)
{
  static const struct { const char *name; const char *title; gboolean secret; } rows[] = {
    { "url", N_("Endpoint (empty: Aliyun’s)"), FALSE },
    { "sign", N_("Signature (without 【】)"), FALSE },
    { "template", N_("Default Template Code (SMS_…)"), FALSE },
    { "key_id", N_("AccessKey ID"), FALSE },
    { "key_secret", N_("AccessKey Secret"), TRUE },
  };
  GtkWidget *list = gtk_list_box_new ();
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("Set the SMS Gateway"),
      _("The Aliyun SMS account that sends the campaigns. The keys go to this computer’s keyring, never into the "
        "shop file; without a keyring, set SHOPDESK_ALIYUN_ACCESS_KEY_ID and SHOPDESK_ALIYUN_ACCESS_KEY_SECRET.")));
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *row = rows[i].secret ? adw_password_entry_row_new () : adw_entry_row_new ();

      gtk_widget_set_name (row, rows[i].name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(rows[i].title));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_object_set_data (G_OBJECT (dialog), rows[i].name, row);
    }
  if (has_gateway (self))
    {
      gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "url"), self->overview->gateway->url);
      gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "sign"), self->overview->gateway->sign_name);
      gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "template"), self->overview->gateway->template_code);
    }
  adw_message_dialog_set_extra_child (dialog, list);
  adw_message_dialog_add_responses (dialog, "close", _("_Cancel"), "set", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (gateway_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- actions ---- */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_composer (SD_CAMPAIGNS_PAGE (widget), NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (widget);

  self->shown_id = 0;
  show_state (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (widget);

  start_read (self);
  start_details (self, TRUE);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (widget);

  if (self->shown_id != 0)
    start_send (self, self->shown_id);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  /* The send under way sees the pause between batches and ends by itself. */
  run_op (SD_CAMPAIGNS_PAGE (widget), SD_CAMPAIGN_OP_PAUSE);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  run_op (SD_CAMPAIGNS_PAGE (widget), SD_CAMPAIGN_OP_RESUME);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (widget);
  const SdCampaign *campaign = find_campaign (self, self->shown_id, NULL);
  g_autofree char *heading = NULL;

  if (campaign == NULL)
    return;
  heading = g_strdup_printf (_("Cancel “%s”?"), campaign->name);
  sd_message_confirm (parent_window (self), heading,
                      _("No more of its messages are sent. Those already sent stay sent, and its report stays."),
                      "cancel-campaign", _("_Cancel Campaign"), G_CALLBACK (cancel_response_cb), self);
}

static void
settings_saved_cb (SdCampaignsPage *self)
{
  toast (self, _("SMS settings saved"), FALSE);
  /* The composer reads hours, cap and price from the page's overview. */
  start_read (self);
}

static void
settings_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (widget);
  SdSmsSettingsDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = sd_sms_settings_dialog_new (parent_window (self), self->session);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (settings_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gateway_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_gateway_dialog (SD_CAMPAIGNS_PAGE (widget));
}

/* ---- the object ---- */

static void
sd_campaigns_page_map (GtkWidget *widget)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (widget);

  GTK_WIDGET_CLASS (sd_campaigns_page_parent_class)->map (widget);
  /* The CLI or another desktop may have sent meanwhile. */
  start_read (self);
  start_details (self, FALSE);
}

static void
sd_campaigns_page_dispose (GObject *object)
{
  SdCampaignsPage *self = SD_CAMPAIGNS_PAGE (object);

  self->generation++;
  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  if (self->details_cancellable != NULL)
    g_cancellable_cancel (self->details_cancellable);
  stop_send (self);
  end_send (self);
  stop_dispatcher (self);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->details_cancellable);
  g_clear_object (&self->op_cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->overview, sd_campaign_overview_free);
  G_OBJECT_CLASS (sd_campaigns_page_parent_class)->dispose (object);
}

static void
sd_campaigns_page_class_init (SdCampaignsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_campaigns_page_dispose;
  widget_class->map = sd_campaigns_page_map;

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);

  g_type_ensure (SD_TYPE_CAMPAIGN_REPORT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-campaigns-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, gateway_button);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, gateway_label);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, gateway_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, list);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, report_view);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, title);
  gtk_widget_class_bind_template_child (widget_class, SdCampaignsPage, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "campaigns.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "campaigns.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "campaigns.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "campaigns.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "campaigns.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "campaigns.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "campaigns.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "campaigns.gateway", NULL, gateway_action);
  gtk_widget_class_install_action (widget_class, "campaigns.settings", NULL, settings_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "campaigns.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "campaigns.back", NULL);
}

static void
sd_campaigns_page_init (SdCampaignsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->dispatch_interval_ms = DISPATCH_INTERVAL_MS;
  self->poll_interval_ms = POLL_INTERVAL_MS;
  update_actions (self);
}

GtkWidget *
sd_campaigns_page_new (void)
{
  return g_object_new (SD_TYPE_CAMPAIGNS_PAGE, NULL);
}

void
sd_campaigns_page_set_session (SdCampaignsPage *self,
                               SdSession       *session)
{
  g_return_if_fail (SD_IS_CAMPAIGNS_PAGE (self));

  if (session == self->session)
    return;
  stop_send (self);
  end_send (self);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->overview, sd_campaign_overview_free);
  self->shown_id = 0;
  self->autostart_id = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_read (self);
  else
    {
      self->generation++;
      update_actions (self);
    }
  start_dispatcher (self);
}

void
sd_campaigns_page_set_intervals (SdCampaignsPage *self,
                                 guint            dispatch_ms,
                                 guint            poll_ms)
{
  g_return_if_fail (SD_IS_CAMPAIGNS_PAGE (self));
  g_return_if_fail (dispatch_ms > 0 && poll_ms > 0);

  self->dispatch_interval_ms = dispatch_ms;
  self->poll_interval_ms = poll_ms;
  start_dispatcher (self);
}

void
sd_campaigns_page_set_folded (SdCampaignsPage *self,
                              gboolean         folded)
{
  g_return_if_fail (SD_IS_CAMPAIGNS_PAGE (self));

  self->folded = folded;
  update_actions (self);
}

void
sd_campaigns_page_reload (SdCampaignsPage *self)
{
  g_return_if_fail (SD_IS_CAMPAIGNS_PAGE (self));

  start_read (self);
  start_details (self, TRUE);
}

const SdCampaignOverview *
sd_campaigns_page_get_overview (SdCampaignsPage *self)
{
  g_return_val_if_fail (SD_IS_CAMPAIGNS_PAGE (self), NULL);
  return self->overview;
}

void
sd_campaigns_page_open (SdCampaignsPage *self,
                        gint64           id)
{
  const SdCampaign *campaign;

  g_return_if_fail (SD_IS_CAMPAIGNS_PAGE (self));

  campaign = find_campaign (self, id, NULL);
  if (campaign == NULL)
    return;
  if (campaign->state == SD_CAMPAIGN_DRAFT)
    {
      open_composer (self, campaign);
      return;
    }
  self->shown_id = id;
  sd_campaign_report_view_set_details (self->report_view, NULL);
  adw_window_title_set_subtitle (self->title, campaign->name);
  gtk_stack_set_visible_child_name (self->stack, "campaign");
  start_details (self, TRUE);
}

void
sd_campaigns_page_compose (SdCampaignsPage *self,
                           GArray          *customer_ids)
{
  Picks *picks;

  g_return_if_fail (SD_IS_CAMPAIGNS_PAGE (self));
  g_return_if_fail (customer_ids != NULL && g_array_get_element_size (customer_ids) == sizeof (gint64));

  /* Newer picks replace those still waiting. */
  g_signal_handlers_disconnect_matched (self, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, picks_loaded_cb, NULL);
  if (self->session == NULL || !can (self, SD_PERMISSION_COMPOSE_CAMPAIGNS) || customer_ids->len == 0)
    return;
  if (self->overview != NULL)
    {
      open_picked_composer (self, customer_ids);
      return;
    }
  picks = g_new0 (Picks, 1);
  picks->customer_ids = g_array_copy (customer_ids);
  picks->session = g_object_ref (self->session);
  g_signal_connect_data (self, "loaded", G_CALLBACK (picks_loaded_cb), picks,
                         (GClosureNotify) (void (*) (void)) picks_free, 0);
  if (self->read_cancellable == NULL)
    start_read (self);
}

gboolean
sd_campaigns_page_get_busy (SdCampaignsPage *self)
{
  g_return_val_if_fail (SD_IS_CAMPAIGNS_PAGE (self), FALSE);
  return self->read_cancellable != NULL || self->details_cancellable != NULL || self->op_cancellable != NULL;
}

gboolean
sd_campaigns_page_get_sending (SdCampaignsPage *self)
{
  g_return_val_if_fail (SD_IS_CAMPAIGNS_PAGE (self), FALSE);
  return self->send_cancellable != NULL;
}

void
sd_campaigns_page_refresh (SdCampaignsPage *self)
{
  g_return_if_fail (SD_IS_CAMPAIGNS_PAGE (self));

  /* Read only: asking the gateway for reports would write, and every desktop would hear
   * that and ask again. */
  start_read (self);
  start_details (self, FALSE);
}
