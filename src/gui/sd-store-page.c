/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-store-page"

#include <glib/gi18n.h>

#include "sd-error.h"
#include "sd-format.h"
#include "sd-message.h"
#include "sd-permission-ui.h"
#include "sd-store-connect-dialog.h"
#include "sd-store-jobs.h"
#include "sd-store-page.h"
#include "sd-store-sim.h"
#include "sd-store-sync-job.h"
#include "sd-values.h"
#include "sd-window.h"

#define TICK_SECONDS 30

/* The periodic sync's choices, in the drop-down's order; a sixth, set elsewhere (the CLI),
 * is added when the shop has one. */
static const guint intervals[] = { 0, 5, 15, 30, 60 };
#define N_FIXED_INTERVALS G_N_ELEMENTS (intervals)

struct _SdStorePage
{
  AdwBin               parent_instance;

  SdSession           *session;
  SdStoreStatus       *status;            /* shown; NULL: not connected or not read */
  GCancellable        *read_cancellable;  /* the read under way */
  GCancellable        *op_cancellable;    /* a connect, disconnect or interval under way */
  guint                generation;        /* a newer read, account or page gone: stale */
  SdStoreSim          *sim;               /* the demo store, once tried */
  gboolean             demo_starting;
  SdStoreSyncJob      *sync;              /* the sync under way */
  GCancellable        *sync_cancellable;
  GtkWindow           *sync_window;       /* whose job the sync is */
  gboolean             stopping;          /* Cancel was pressed */
  guint                tick_id;
  guint                custom_minutes;    /* the drop-down's sixth item; 0: none */
  gboolean             filling;           /* the page sets the drop-down itself */

  GtkLabel            *auth_label;
  GtkWidget           *auth_banner;
  GtkButton           *connect_button;
  GtkButton           *credentials_button;
  AdwActionRow        *credentials_row;
  GtkLabel            *customers_count;
  AdwActionRow        *cursor_row;
  GtkButton           *demo_again_button;
  GtkButton           *demo_button;
  AdwPreferencesGroup *demo_group;
  GtkLabel            *demo_message;
  AdwActionRow        *demo_row;
  GtkSpinner          *demo_spinner;
  GtkWidget           *demo_status;
  AdwStatusPage       *error_page;
  AdwComboRow         *interval_row;
  GtkLabel            *last_error;
  AdwActionRow        *last_sync_row;
  GtkMenuButton       *menu_button;
  GtkLabel            *orders_count;
  AdwActionRow        *platform_row;
  GtkProgressBar      *progress_bar;
  GtkLabel            *progress_counts;
  AdwPreferencesGroup *progress_group;
  GtkLabel            *progress_rows;
  GtkLabel            *progress_wait;
  AdwActionRow        *seller_row;
  GtkButton           *sidebar_button;
  GtkSpinner          *spinner;
  GtkStack            *stack;
  GtkButton           *sync_button;
  AdwWindowTitle      *title;
  AdwToastOverlay     *toast_overlay;
  AdwActionRow        *url_row;
};

G_DEFINE_FINAL_TYPE (SdStorePage, sd_store_page, ADW_TYPE_BIN)

enum {
  LOADED,
  SYNCED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---- */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
can (SdStorePage  *self,
     SdPermission  permission)
{
  return sd_permission_ui_can (self->session, permission);
}

static gboolean
is_taobao (const SdStoreStatus *status)
{
  return g_strcmp0 (status->platform, "taobao") == 0;
}

static const char *
platform_name (const SdStoreStatus *status)
{
  return is_taobao (status) ? _("Taobao") : _("Shopify");
}

/* Whether the sync has the keys it needs: saved ones, or the running demo store's own. */
static gboolean
has_keys (SdStorePage *self)
{
  return self->status != NULL &&
         (self->status->secret_source != SD_SECRET_SOURCE_NONE ||
          (self->sim != NULL && sd_store_sim_serves (self->sim, self->status)));
}

/* "in 12 minutes": a time to come, relative to NOW; "now" when it has come. */
static char *
format_in (gint64 when,
           gint64 now)
{
  gint64 ahead = when - now;

  if (ahead <= 0)
    return g_strdup (_("now"));
  if (ahead < 60)
    return g_strdup (_("in less than a minute"));
  if (ahead < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d minute", "in %d minutes", (gulong) ((ahead + 59) / 60)),
                            (int) ((ahead + 59) / 60));
  if (ahead < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d hour", "in %d hours", (gulong) (ahead / 3600)),
                            (int) (ahead / 3600));
  return sd_format_date (when);
}

/* The exact time, for a tooltip: "2026-11-19 14:05:33". */
static char *
format_exact (gint64 utc)
{
  g_autoptr(GDateTime) dt = utc > 0 ? g_date_time_new_from_unix_local (utc) : NULL;

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : NULL;
}

static void
set_subtitle (AdwActionRow *row,
              const char   *subtitle,
              const char   *tooltip)
{
  adw_action_row_set_subtitle (row, subtitle != NULL ? subtitle : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), tooltip);
}

/* Whether TEXT is how a cancelled operation reads: the sync keeps it as its last error. */
static gboolean
is_cancelled_message (const char *text)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  return g_strcmp0 (text, error->message) == 0;
}

static void
toast (SdStorePage *self,
       const char  *text,
       gboolean     error)
{
  sd_message_add_toast (self->toast_overlay, text, error);
}

static GtkWindow *
parent_window (SdStorePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* ---- what the page shows ---- */

/* The one place that decides which of the page's actions may run. */
static void
update_actions (SdStorePage *self)
{
  gboolean connected = self->status != NULL;
  gboolean syncing = self->sync != NULL;
  gboolean working = self->op_cancellable != NULL || self->demo_starting;
  gboolean configure = can (self, SD_PERMISSION_CONFIGURE_SHOP);
  gboolean import = can (self, SD_PERMISSION_IMPORT_CUSTOMERS);
  gboolean idle = !syncing && !working;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.reload", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.connect", configure && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.demo", configure && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.reconnect", configure && connected && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.disconnect", configure && connected && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.sync", import && connected && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.full-sync", import && connected && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.cancel", syncing && !self->stopping);

  sd_permission_ui_explain (GTK_WIDGET (self->connect_button), self->session, SD_PERMISSION_CONFIGURE_SHOP,
                            _("Enter the keys of a Taobao or Shopify app"));
  sd_permission_ui_explain (GTK_WIDGET (self->demo_button), self->session, SD_PERMISSION_CONFIGURE_SHOP,
                            _("Connect to a simulated store on this computer and sync it"));
  sd_permission_ui_explain (GTK_WIDGET (self->sync_button), self->session, SD_PERMISSION_IMPORT_CUSTOMERS,
                            _("Bring in what changed at the store since the last sync (F5)"));
  sd_permission_ui_explain (GTK_WIDGET (self->interval_row), self->session, SD_PERMISSION_CONFIGURE_SHOP, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->interval_row), configure && connected && !working);

  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), connected);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), connected);
  /* A read is quick, and the page keeps what it showed meanwhile: no spinner for it. */
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), working);
  gtk_spinner_set_spinning (self->spinner, working);
}

static void
show_demo_message (SdStorePage *self,
                   const char  *text,
                   gboolean     error)
{
  gtk_widget_set_visible (self->demo_status, text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_spinner), text != NULL && !error);
  gtk_spinner_set_spinning (self->demo_spinner, text != NULL && !error);
  if (text != NULL)
    sd_message_set_label (self->demo_message, text, error);
}

static void
fill_store_rows (SdStorePage *self)
{
  const SdStoreStatus *status = self->status;
  g_autofree char *platform = NULL;
  g_autofree char *seller = NULL;
  g_autofree char *connected = NULL;
  g_autofree char *connected_at = sd_format_datetime (status->connected_at);

  if (is_taobao (status))
    /* TRANSLATORS: the platform row: "Taobao · app key 12345678 · MD5 signatures" */
    platform = g_strdup_printf (_("%s · app key %s · %s signatures"), platform_name (status), status->app_key,
                                status->sign_method == SD_TOP_SIGN_HMAC_SHA256 ? "HMAC-SHA256"
                                : status->sign_method == SD_TOP_SIGN_HMAC ? "HMAC-MD5" : "MD5");
  else
    /* TRANSLATORS: the platform row: "Shopify · API 2024-01" */
    platform = g_strdup_printf (_("%s · API %s"), platform_name (status),
                                *status->api_version ? status->api_version : "2024-01");
  set_subtitle (self->platform_row, platform, NULL);
  set_subtitle (self->url_row, status->url, NULL);
  seller = status->seller_id != NULL && *status->seller_id != '\0'
             /* TRANSLATORS: the seller row: the seller's nick, then the store's id of the seller */
             ? g_strdup_printf (_("%s (id %s)"), status->seller_nick, status->seller_id)
             : g_strdup (status->seller_nick);
  connected = g_strdup_printf (_("Connected on %s"), connected_at);
  set_subtitle (self->seller_row, seller, connected);
  adw_window_title_set_subtitle (self->title, status->seller_nick);
}

static void
fill_keys_row (SdStorePage *self)
{
  const SdStoreStatus *status = self->status;
  g_autofree char *text = NULL;
  gboolean missing = FALSE;

  switch (status->secret_source)
    {
    case SD_SECRET_SOURCE_KEYRING:
      text = g_strdup (_("Kept in this computer’s keyring"));
      break;
    case SD_SECRET_SOURCE_ENVIRONMENT:
      text = g_strdup_printf (_("Read from the environment: %s"),
                              is_taobao (status) ? "SHOPDESK_TAOBAO_APP_SECRET, SHOPDESK_TAOBAO_SESSION"
                                                 : "SHOPDESK_SHOPIFY_TOKEN");
      break;
    case SD_SECRET_SOURCE_NONE:
    default:
      if (self->sim != NULL && sd_store_sim_serves (self->sim, status))
        text = g_strdup (_("The demo store’s own, built in"));
      else
        {
          missing = TRUE;
          text = g_strdup_printf (_("Missing: no keyring keeps them on this computer. Reconnect and type them "
                                    "again, or set %s."),
                                  is_taobao (status) ? "SHOPDESK_TAOBAO_APP_SECRET, SHOPDESK_TAOBAO_SESSION"
                                                     : "SHOPDESK_SHOPIFY_TOKEN");
        }
      break;
    }
  set_subtitle (self->credentials_row, text, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->credentials_button), missing && !status->needs_authorization);
}

static void
fill_sync_rows (SdStorePage *self,
                gint64       now)
{
  const SdStoreStatus *status = self->status;
  g_autofree char *cursor_when = sd_format_when (status->cursor, now);
  g_autofree char *cursor_exact = format_exact (status->cursor);
  g_autofree char *cursor = NULL;
  g_autofree char *last_when = sd_format_when (status->last_sync_at, now);
  g_autofree char *last_exact = format_exact (status->last_sync_at);
  g_autofree char *last = NULL;
  g_autofree char *orders = sd_format_count (status->orders_synced);
  g_autofree char *customers = sd_format_count (status->customers_synced);
  gboolean failed = status->last_sync_at > 0 && *status->last_error != '\0';
  gboolean stopped = failed && is_cancelled_message (status->last_error);

  if (status->cursor == 0 || !status->full_sync_done)
    cursor = g_strdup (status->last_sync_at == 0
                         ? (is_taobao (status) ? _("Nothing yet: the first sync brings the orders of the last three months")
                                               : _("Nothing yet: the first sync brings the store’s orders"))
                         : _("The first sync has not finished: the next one goes on from where it stopped"));
  else
    /* TRANSLATORS: "Synced up to" row: every order changed until then is in the shop;
     * %s is relative: "5 minutes ago" */
    cursor = g_strdup_printf (_("Every order changed until %s"), cursor_when);
  set_subtitle (self->cursor_row, cursor, cursor_exact);

  if (status->last_sync_at == 0)
    last = g_strdup (_("Never"));
  else if (stopped)
    /* TRANSLATORS: "Last sync" row: when, then how it went */
    last = g_strdup_printf (_("%s · stopped: what came stays, and the next sync goes on from there"), last_when);
  else if (failed)
    last = g_strdup_printf (_("%s · failed"), last_when);
  else
    last = g_strdup_printf (_("%s · succeeded"), last_when);
  set_subtitle (self->last_sync_row, last, last_exact);
  gtk_label_set_label (self->last_error, failed && !stopped ? status->last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->last_error), failed && !stopped);

  gtk_label_set_label (self->orders_count, orders);
  gtk_label_set_label (self->customers_count, customers);
}

static void
fill_interval (SdStorePage *self,
               gint64       now)
{
  const SdStoreStatus *status = self->status;
  GtkStringList *model = GTK_STRING_LIST (adw_combo_row_get_model (self->interval_row));
  guint selected = N_FIXED_INTERVALS;
  g_autofree char *subtitle = NULL;
  g_autofree char *exact = format_exact (status->next_sync_at);

  for (guint i = 0; i < N_FIXED_INTERVALS; i++)
    if (intervals[i] == status->interval_minutes)
      selected = i;
  self->filling = TRUE;
  /* A choice made elsewhere (the CLI) shows as itself. */
  if (selected == N_FIXED_INTERVALS && status->interval_minutes != self->custom_minutes)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u minute", "Every %u minutes",
                                                             status->interval_minutes),
                                                status->interval_minutes);
      const char *items[] = { label, NULL };

      gtk_string_list_splice (model, N_FIXED_INTERVALS, self->custom_minutes > 0 ? 1 : 0, items);
      self->custom_minutes = status->interval_minutes;
    }
  adw_combo_row_set_selected (self->interval_row, selected);
  self->filling = FALSE;

  if (status->interval_minutes == 0)
    subtitle = g_strdup (_("Sync only when asked"));
  else
    {
      g_autofree char *when = format_in (status->next_sync_at, now);
      /* TRANSLATORS: the periodic sync's row: "Next sync in 12 minutes, while ShopDesk is open" */
      subtitle = g_strdup_printf (_("Next sync %s, while ShopDesk is open"), when);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->interval_row), subtitle);
  /* Without the permission, the tooltip names it (update_actions ()). */
  if (can (self, SD_PERMISSION_CONFIGURE_SHOP))
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->interval_row), exact);
}

static void
fill_banners (SdStorePage *self)
{
  const SdStoreStatus *status = self->status;
  gboolean serves = self->sim != NULL && sd_store_sim_serves (self->sim, status);
  gboolean demo = serves || sd_store_sim_is_demo (status);

  if (status->needs_authorization)
    {
      /* TRANSLATORS: the banner when the store refused the session: its message, which says
       * what to do, then this */
      g_autofree char *text = g_strdup_printf (_("%s What was synced stays."), status->last_error);
      gtk_label_set_label (self->auth_label, text);
    }
  gtk_widget_set_visible (self->auth_banner, status->needs_authorization);

  gtk_widget_set_visible (GTK_WIDGET (self->demo_group), demo);
  adw_action_row_set_subtitle (self->demo_row,
                               serves ? _("A simulated Taobao shop running on this computer, with made-up orders "
                                          "and buyers. It stops when ShopDesk closes.")
                                      : _("The simulated shop ran on this computer while ShopDesk was open, and "
                                          "has stopped. Start it again to sync, or disconnect it."));
  gtk_widget_set_visible (GTK_WIDGET (self->demo_again_button), demo && !serves);
}

/* Everything shown of the status, with relative times as of NOW. */
static void
fill_status (SdStorePage *self,
             gint64       now)
{
  if (self->status == NULL)
    {
      adw_window_title_set_subtitle (self->title, "");
      return;
    }
  fill_store_rows (self);
  fill_keys_row (self);
  fill_sync_rows (self, now);
  fill_interval (self, now);
  fill_banners (self);
}

static void
show_state (SdStorePage *self)
{
  gtk_stack_set_visible_child_name (self->stack, self->status != NULL ? "connected" : "empty");
  fill_status (self, now_seconds ());
  update_actions (self);
}

/* ---- the status, read on a worker thread ---- */

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdStorePage *self = SD_STORE_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = sd_store_jobs_read_finish (result, &error);

  if (GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  g_clear_object (&self->read_cancellable);
  g_clear_pointer (&self->status, sd_store_status_free);
  if (status == NULL && !g_error_matches (error, SD_ERROR, SD_ERROR_NOT_FOUND))
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
    }
  else
    {
      self->status = g_steal_pointer (&status);
      show_state (self);
    }
  g_signal_emit (self, signals[LOADED], 0);
}

static void
start_read (SdStorePage *self)
{
  g_autoptr(GCancellable) cancellable = NULL;

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->generation++;
  if (self->session == NULL)
    {
      update_actions (self);
      return;
    }
  if (self->status == NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  cancellable = g_cancellable_new ();
  g_set_object (&self->read_cancellable, cancellable);
  sd_store_jobs_read_async (self, self->session, cancellable, read_done_cb, GUINT_TO_POINTER (self->generation));
  update_actions (self);
}

/* ---- the sync ---- */

static void
update_progress (SdStorePage *self)
{
  const SdSyncProgress *p = sd_store_sync_job_get_progress (self->sync);
  g_autofree char *read = sd_format_count ((gint64) p->trades);
  g_autofree char *rate = sd_format_count (p->elapsed > 0.5 ? (gint64) ((double) p->trades / p->elapsed) : 0);
  g_autofree char *o_new = sd_format_count ((gint64) p->orders_inserted);
  g_autofree char *o_changed = sd_format_count ((gint64) p->orders_updated);
  g_autofree char *c_new = sd_format_count ((gint64) p->customers_created);
  g_autofree char *c_changed = sd_format_count ((gint64) p->customers_updated);
  g_autofree char *counts = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *bar = NULL;
  gint64 span = p->last_until - p->first_since;

  if (self->stopping)
    bar = g_strdup (_("Stopping after the page being written…"));
  else if (p->phase == NULL)
    bar = g_strdup (_("Asking the store…"));
  else if (g_strcmp0 (p->phase, "customers") == 0)
    bar = g_strdup (_("Reading the store’s buyers…"));
  else
    {
      g_autofree char *day = sd_format_date (p->window_since);
      /* TRANSLATORS: the sync's progress bar: the day whose orders are being read */
      bar = g_strdup_printf (_("Orders of %s"), day);
    }
  gtk_progress_bar_set_text (self->progress_bar, bar);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 span > 0 ? CLAMP ((double) (p->window_since - p->first_since) / (double) span, 0, 1)
                                          : 0);
  /* TRANSLATORS: the sync's progress: trades read so far, then how many a second */
  counts = g_strdup_printf (_("%s trades read · %s a second"), read, rate);
  gtk_label_set_label (self->progress_counts, counts);
  /* TRANSLATORS: the sync's progress: what was written so far */
  rows = g_strdup_printf (_("Orders: %s new, %s changed · Customers: %s new, %s changed"), o_new, o_changed, c_new,
                          c_changed);
  gtk_label_set_label (self->progress_rows, rows);
  if (p->waiting > 0 && p->wait_reason != NULL)
    {
      /* TRANSLATORS: the sync waits before it asks the store again: seconds, then why */
      g_autofree char *wait = g_strdup_printf (_("Waiting %.0f s: %s"), p->waiting, p->wait_reason);
      gtk_label_set_label (self->progress_wait, wait);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->progress_wait), p->waiting > 0 && p->wait_reason != NULL);
}

static char *
sync_summary (const SdSyncResult *result)
{
  g_autofree char *o_new = sd_format_count ((gint64) result->orders_inserted);
  g_autofree char *o_changed = sd_format_count ((gint64) result->orders_updated);
  g_autofree char *c_new = sd_format_count ((gint64) result->customers_created);
  g_autofree char *c_changed = sd_format_count ((gint64) result->customers_updated);

  if (result->orders_inserted + result->orders_updated + result->customers_created + result->customers_updated == 0)
    return g_strdup (_("Synced: nothing new at the store"));
  /* TRANSLATORS: a toast after a sync */
  return g_strdup_printf (_("Synced: %s new and %s changed orders, %s new and %s changed customers"), o_new,
                          o_changed, c_new, c_changed);
}

/* The sync is over: its window may close now, which may dispose of the page, so that goes
 * last. */
static void
end_sync (SdStorePage *self)
{
  g_autoptr(GtkWindow) window = g_steal_pointer (&self->sync_window);
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&self->sync_cancellable);

  g_clear_object (&self->sync);
  self->stopping = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_group), FALSE);
  update_actions (self);
  if (window != NULL && SD_IS_WINDOW (window))
    sd_window_end_job (SD_WINDOW (window), cancellable);
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SdStorePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSyncResult) outcome = sd_store_sync_job_run_finish (SD_STORE_SYNC_JOB (source), result, &error);
  const SdSyncProgress *progress = sd_store_sync_job_get_progress (SD_STORE_SYNC_JOB (source));
  gboolean wrote = outcome != NULL || progress->orders_inserted + progress->orders_updated +
                                      progress->customers_created + progress->customers_updated > 0;
  g_autoptr(GtkWindow) owner = self->sync_window != NULL ? g_object_ref (self->sync_window) : NULL;
  g_autofree char *summary = NULL;

  if (self->sync != SD_STORE_SYNC_JOB (source))
    return;
  end_sync (self);
  /* Logged out, or the window closed under it: nobody to tell. */
  if (self->session == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;

  if (outcome != NULL)
    {
      summary = sync_summary (outcome);
      toast (self, summary, FALSE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, _("Sync stopped. What came so far stays; the next sync goes on from there."), FALSE);
  else
    /* Why stays on the page (the banner or the last error); the toast only tells. */
    toast (self, _("The sync failed"), FALSE);
  start_read (self);
  /* The customer list, its counts and figures: the sync wrote into them. */
  if (wrote && owner != NULL && SD_IS_WINDOW (owner) && gtk_widget_get_visible (GTK_WIDGET (owner)))
    sd_window_shop_changed (SD_WINDOW (owner));
  g_signal_emit (self, signals[SYNCED], 0);
}

static void
sync_progress_cb (SdStorePage    *self,
                  SdStoreSyncJob *job)
{
  if (self->sync == job)
    update_progress (self);
}

static void
start_sync (SdStorePage *self,
            gboolean     full)
{
  g_autoptr(SdStoreSyncJob) job = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window = parent_window (self);

  if (self->sync != NULL || self->op_cancellable != NULL || self->status == NULL ||
      !can (self, SD_PERMISSION_IMPORT_CUSTOMERS))
    return;

  job = sd_store_sync_job_new (self->session, full);
  /* The demo store's keys are built in: no keyring needed to sync it. */
  if (self->sim != NULL && sd_store_sim_serves (self->sim, self->status))
    {
      g_autoptr(SdStoreConnection) connection = sd_store_sim_new_connection (self->sim, sd_store_sync_job_report_wait,
                                                                             job, &error);
      if (connection == NULL)
        {
          toast (self, error->message, TRUE);
          return;
        }
      sd_store_sync_job_set_connection (job, connection);
    }
  self->sync = g_steal_pointer (&job);
  self->sync_cancellable = g_cancellable_new ();
  self->stopping = FALSE;
  if (window != NULL && SD_IS_WINDOW (window))
    {
      self->sync_window = g_object_ref (window);
      sd_window_begin_job (SD_WINDOW (window), self->sync_cancellable);
    }
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (sync_progress_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_group), TRUE);
  adw_preferences_group_set_title (self->progress_group, full ? _("Syncing Everything") : _("Syncing"));
  update_progress (self);
  update_actions (self);
  sd_store_sync_job_run_async (self->sync, self->sync_cancellable, sync_done_cb, g_object_ref (self));
}

static void
stop_sync (SdStorePage *self)
{
  if (self->sync == NULL || self->stopping)
    return;
  self->stopping = TRUE;
  g_cancellable_cancel (self->sync_cancellable);
  update_progress (self);
  update_actions (self);
}

static gboolean
tick_cb (gpointer data)
{
  sd_store_page_tick (SD_STORE_PAGE (data), now_seconds ());
  return G_SOURCE_CONTINUE;
}

/* ---- connecting ---- */

static void
connected_cb (SdStorePage         *self,
              const SdStoreStatus *status)
{
  g_autofree char *text = g_strdup_printf (_("Connected to “%s”"), status->seller_nick);

  toast (self, text, FALSE);
  start_read (self);
}

static void
open_connect_dialog (SdStorePage         *self,
                     const SdStoreStatus *reconnect)
{
  SdStoreConnectDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = sd_store_connect_dialog_new (parent_window (self), self->session, reconnect);
  g_signal_connect_object (dialog, "connected", G_CALLBACK (connected_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
end_op (SdStorePage *self)
{
  g_clear_object (&self->op_cancellable);
  self->demo_starting = FALSE;
  update_actions (self);
}

static void
demo_connected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SdStorePage *self = SD_STORE_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStoreStatus) status = sd_store_jobs_connect_finish (result, &error);

  if (GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  end_op (self);
  if (status == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not connect to the demo store: %s"), error->message);
      sd_store_sim_stop (self->sim);
      show_demo_message (self, text, TRUE);
      toast (self, text, TRUE);
      return;
    }
  show_demo_message (self, NULL, FALSE);
  g_clear_pointer (&self->status, sd_store_status_free);
  self->status = g_steal_pointer (&status);
  show_state (self);
  toast (self, _("Connected to the demo store: its orders are on their way"), FALSE);
  /* What a new user came for: the sync, at once. */
  start_sync (self, FALSE);
}

static void
demo_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SdStorePage) self = user_data;
  g_autoptr(GError) error = NULL;
  SdStoreSettings settings;

  if (!sd_store_sim_start_finish (SD_STORE_SIM (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The demo store could not start: %s"), error->message);

      end_op (self);
      show_demo_message (self, text, TRUE);
      if (self->status != NULL)
        toast (self, text, TRUE);
      return;
    }
  if (self->session == NULL || self->op_cancellable == NULL)
    {
      sd_store_sim_stop (SD_STORE_SIM (source));
      return;
    }
  show_demo_message (self, _("Connecting to the demo store…"), FALSE);
  sd_store_sim_get_settings (self->sim, &settings);
  sd_store_jobs_connect_async (self, self->session, &settings, self->op_cancellable, demo_connected_cb,
                               GUINT_TO_POINTER (self->generation));
}

static void
sim_stopped_cb (SdStorePage *self)
{
  if (self->status != NULL)
    fill_status (self, now_seconds ());
  if (self->sync == NULL)
    toast (self, _("The demo store stopped"), TRUE);
}

static void
start_demo (SdStorePage *self)
{
  if (self->session == NULL || self->op_cancellable != NULL || self->sync != NULL)
    return;
  if (self->sim == NULL)
    {
      self->sim = sd_store_sim_new ();
      g_signal_connect_object (self->sim, "stopped", G_CALLBACK (sim_stopped_cb), self, G_CONNECT_SWAPPED);
    }
  self->op_cancellable = g_cancellable_new ();
  self->demo_starting = TRUE;
  show_demo_message (self, _("Starting the demo store on this computer…"), FALSE);
  if (self->status != NULL)
    toast (self, _("Starting the demo store on this computer…"), FALSE);
  update_actions (self);
  sd_store_sim_start_async (self->sim, self->op_cancellable, demo_started_cb, g_object_ref (self));
}

/* ---- disconnecting, the interval ---- */

static void
disconnect_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SdStorePage *self = SD_STORE_PAGE (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = sd_store_jobs_disconnect_finish (result, &error);

  if (GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  end_op (self);
  if (!ok)
    {
      toast (self, error->message, TRUE);
      return;
    }
  if (self->sim != NULL && sd_store_sim_serves (self->sim, self->status))
    sd_store_sim_stop (self->sim);
  toast (self, _("Store disconnected; its orders stay in the shop"), FALSE);
  g_clear_pointer (&self->status, sd_store_status_free);
  show_state (self);
  start_read (self);
}

static void
disconnect_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        SdStorePage      *self)
{
  if (g_strcmp0 (response, "disconnect") != 0 || self->session == NULL || self->op_cancellable != NULL ||
      self->sync != NULL)
    return;
  self->op_cancellable = g_cancellable_new ();
  update_actions (self);
  sd_store_jobs_disconnect_async (self, self->session, self->op_cancellable, disconnect_done_cb,
                                  GUINT_TO_POINTER (self->generation));
}

static void
interval_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SdStorePage *self = SD_STORE_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  end_op (self);
  if (!sd_store_jobs_set_interval_finish (result, &error))
    toast (self, error->message, TRUE);
  start_read (self);
}

static void
interval_changed_cb (SdStorePage *self)
{
  guint selected = adw_combo_row_get_selected (self->interval_row);
  guint minutes;

  if (self->filling || self->status == NULL || self->session == NULL || self->op_cancellable != NULL)
    return;
  minutes = selected < N_FIXED_INTERVALS ? intervals[selected] : self->custom_minutes;
  if (minutes == self->status->interval_minutes)
    return;
  self->op_cancellable = g_cancellable_new ();
  update_actions (self);
  sd_store_jobs_set_interval_async (self, self->session, minutes, self->op_cancellable, interval_done_cb,
                                    GUINT_TO_POINTER (self->generation));
}

/* ---- actions ---- */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start_read (SD_STORE_PAGE (widget));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_connect_dialog (SD_STORE_PAGE (widget), NULL);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SdStorePage *self = SD_STORE_PAGE (widget);

  /* The demo store reconnects by starting again: its keys are its own. */
  if (self->status != NULL && sd_store_sim_is_demo (self->status) &&
      !(self->sim != NULL && sd_store_sim_serves (self->sim, self->status)))
    start_demo (self);
  else
    open_connect_dialog (self, self->status);
}

static void
demo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  start_demo (SD_STORE_PAGE (widget));
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  start_sync (SD_STORE_PAGE (widget), FALSE);
}

static void
full_sync_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       SdStorePage      *self)
{
  if (g_strcmp0 (response, "full") == 0)
    start_sync (self, TRUE);
}

static void
full_sync_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SdStorePage *self = SD_STORE_PAGE (widget);
  AdwMessageDialog *dialog;

  if (self->status == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("Sync Everything Again?"),
      is_taobao (self->status)
        ? _("ShopDesk reads again every order the store still offers (on Taobao, those of the last three "
            "months). Orders already in the shop are updated, never doubled. This takes longer than a "
            "normal sync.")
        : _("ShopDesk reads again every order the store offers. Orders already in the shop are updated, "
            "never doubled. This takes longer than a normal sync.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "full", _("_Sync Everything"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "full", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "full");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (full_sync_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SdStorePage *self = SD_STORE_PAGE (widget);
  g_autofree char *heading = NULL;

  if (self->status == NULL)
    return;
  heading = g_strdup_printf (_("Disconnect “%s”?"), self->status->seller_nick);
  sd_message_confirm (parent_window (self), heading,
                      _("ShopDesk stops syncing with the store and forgets its keys. Nothing synced is deleted: "
                        "the orders and customers stay in the shop. You can connect again at any time."),
                      "disconnect", _("_Disconnect"), G_CALLBACK (disconnect_response_cb), self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  stop_sync (SD_STORE_PAGE (widget));
}

/* ---- the object ---- */

static void
sd_store_page_map (GtkWidget *widget)
{
  SdStorePage *self = SD_STORE_PAGE (widget);

  GTK_WIDGET_CLASS (sd_store_page_parent_class)->map (widget);
  /* The CLI or another desktop may have synced meanwhile. */
  if (self->sync == NULL && self->op_cancellable == NULL)
    start_read (self);
}

static void
sd_store_page_unroot (GtkWidget *widget)
{
  SdStorePage *self = SD_STORE_PAGE (widget);

  /* The demo store goes with the window, whatever still holds the page a moment. */
  if (self->sim != NULL)
    sd_store_sim_stop (self->sim);
  GTK_WIDGET_CLASS (sd_store_page_parent_class)->unroot (widget);
}

static void
sd_store_page_dispose (GObject *object)
{
  SdStorePage *self = SD_STORE_PAGE (object);

  /* A read or a connect still running finds the page gone. */
  self->generation++;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  if (self->op_cancellable != NULL)
    g_cancellable_cancel (self->op_cancellable);
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->op_cancellable);
  g_clear_object (&self->sim);
  g_clear_object (&self->session);
  /* Unparented before the template lets go of it: AdwBin would unparent it again. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_STORE_PAGE);
  G_OBJECT_CLASS (sd_store_page_parent_class)->dispose (object);
}

static void
sd_store_page_finalize (GObject *object)
{
  SdStorePage *self = SD_STORE_PAGE (object);

  g_clear_pointer (&self->status, sd_store_status_free);
  g_clear_object (&self->sync);
  g_clear_object (&self->sync_cancellable);
  g_clear_object (&self->sync_window);
  G_OBJECT_CLASS (sd_store_page_parent_class)->finalize (object);
}

static void
sd_store_page_class_init (SdStorePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_store_page_dispose;
  object_class->finalize = sd_store_page_finalize;
  widget_class->map = sd_store_page_map;
  widget_class->unroot = sd_store_page_unroot;

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                  NULL, G_TYPE_NONE, 0);
  signals[SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-store-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, auth_banner);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, auth_label);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, credentials_button);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, credentials_row);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, cursor_row);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, customers_count);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, demo_again_button);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, demo_group);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, demo_message);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, demo_row);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, demo_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, demo_status);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, interval_row);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, last_error);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, orders_count);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, platform_row);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, progress_counts);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, progress_group);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, progress_rows);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, progress_wait);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, seller_row);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, stack);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, title);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdStorePage, url_row);
  gtk_widget_class_bind_template_callback (widget_class, interval_changed_cb);

  gtk_widget_class_install_action (widget_class, "store.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "store.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "store.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "store.demo", NULL, demo_action);
  gtk_widget_class_install_action (widget_class, "store.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "store.full-sync", NULL, full_sync_action);
  gtk_widget_class_install_action (widget_class, "store.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "store.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "store.sync", NULL);
}

static void
sd_store_page_init (SdStorePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

/* ---- public API ---- */

GtkWidget *
sd_store_page_new (void)
{
  return g_object_new (SD_TYPE_STORE_PAGE, NULL);
}

void
sd_store_page_set_session (SdStorePage *self,
                           SdSession   *session)
{
  g_return_if_fail (SD_IS_STORE_PAGE (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    {
      /* The same account, its permissions perhaps changed. */
      update_actions (self);
      return;
    }
  /* Nothing of another shop or account stays, nor goes on. */
  stop_sync (self);
  if (self->op_cancellable != NULL)
    g_cancellable_cancel (self->op_cancellable);
  end_op (self);
  show_demo_message (self, NULL, FALSE);
  g_clear_pointer (&self->status, sd_store_status_free);
  adw_window_title_set_subtitle (self->title, "");
  gtk_stack_set_visible_child_name (self->stack, "loading");
  g_clear_handle_id (&self->tick_id, g_source_remove);
  /* Read even unseen: the periodic sync runs whichever page is shown. */
  start_read (self);
  if (session != NULL)
    self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
}

void
sd_store_page_set_folded (SdStorePage *self,
                          gboolean     folded)
{
  g_return_if_fail (SD_IS_STORE_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), folded);
}

void
sd_store_page_reload (SdStorePage *self)
{
  g_return_if_fail (SD_IS_STORE_PAGE (self));
  start_read (self);
}

gboolean
sd_store_page_get_busy (SdStorePage *self)
{
  g_return_val_if_fail (SD_IS_STORE_PAGE (self), FALSE);
  return self->read_cancellable != NULL || self->op_cancellable != NULL || self->demo_starting;
}

gboolean
sd_store_page_get_syncing (SdStorePage *self)
{
  g_return_val_if_fail (SD_IS_STORE_PAGE (self), FALSE);
  return self->sync != NULL;
}

const SdStoreStatus *
sd_store_page_get_status (SdStorePage *self)
{
  g_return_val_if_fail (SD_IS_STORE_PAGE (self), NULL);
  return self->status;
}

void
sd_store_page_tick (SdStorePage *self,
                    gint64       now)
{
  const SdStoreStatus *status;

  g_return_if_fail (SD_IS_STORE_PAGE (self));

  status = self->status;
  if (status == NULL)
    return;
  fill_status (self, now);
  /* Due, and nothing in the way: not a sync already, not a change of the connection, not a
   * read whose answer may differ, not keys the store refused or that are missing. */
  if (status->interval_minutes > 0 && status->next_sync_at > 0 && status->next_sync_at <= now &&
      self->sync == NULL && !sd_store_page_get_busy (self) && !status->needs_authorization && has_keys (self))
    start_sync (self, FALSE);
}
