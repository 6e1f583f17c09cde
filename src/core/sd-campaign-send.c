/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-campaign-send"
/* F_OFD_SETLK: the sending lock. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sd-i18n.h"

#include "sd-audit.h"
#include "sd-campaign-send-private.h"
#include "sd-campaign-store-private.h"
#include "sd-error.h"
#include "sd-outbox-store-private.h"
#include "sd-phone.h"
#include "sd-shop.h"
#include "sd-sms-settings.h"
#include "sd-sms-template.h"
#include "sd-sms-window.h"
#include "sd-values.h"

/* The send job. Its one rule: a row is committed 'submitting' with its batch before the
 * request leaves, and nothing 'submitting' is ever sent again without first asking the
 * gateway whether it took it (reconcile). Everything else (pauses, windows, throttling)
 * only decides when the next batch goes. */


/* Throttled or failing batches in a row before the job pauses the campaign. */
#define MAX_RETRIES 5

/* Delivery reports: rows asked about between two commits, so that a cancel or a crash
 * keeps what was learnt; and how long after its acceptance a row is first asked about
 * (the carrier's report is not there sooner). */
#define POLL_CHUNK      100
#define POLL_MIN_AGE_S  60

static guint backoff_ms = 60000;
static guint window_poll_ms = 1000;

void
_sd_campaign_send_set_waits (guint new_backoff_ms,
                             guint new_window_poll_ms)
{
  if (new_backoff_ms > 0)
    backoff_ms = new_backoff_ms;
  if (new_window_poll_ms > 0)
    window_poll_ms = new_window_poll_ms;
}

typedef enum
{
  STEP_NEXT,       /* go on with the next batch */
  STEP_STOP,       /* return TRUE: done, paused, or the window closed with stop_at_window */
  STEP_ERROR,      /* return FALSE */
} Step;

typedef struct
{
  SdSession             *session;
  SdDb                  *db;
  gint64                 id;
  SdSmsGateway          *gateway;
  char                  *template_code;
  gboolean               stop_at_window;
  SdCampaignProgressFunc progress;
  gpointer               user_data;
  GCancellable          *cancellable;
  guint                  single_left;   /* rows to send one by one (a batch had a bad number) */
  guint                  retries;       /* throttled or failing batches in a row */
} SendJob;

/* ---- small helpers ---- */

static gboolean
commit_or_rollback (SdDb     *db,
                    gboolean  ok,
                    GError  **error)
{
  if (ok && sd_db_commit (db, error))
    return TRUE;
  sd_db_rollback (db);
  return FALSE;
}

static gboolean
window_of (SdSession   *session,
           SdSmsWindow *window,
           GError     **error)
{
  g_autoptr(SdSmsSettings) settings = sd_sms_settings_get (session, error);

  if (settings == NULL)
    return FALSE;
  window->start_minute = settings->send_start_minute;
  window->end_minute = settings->send_end_minute;
  return TRUE;
}

static void
fill_progress (SdDb               *db,
               gint64              id,
               SdCampaignProgress *progress)
{
  SdOutboxCounts counts;

  memset (progress, 0, sizeof *progress);
  if (!_sd_outbox_count (db, id, &counts, NULL))
    return;
  progress->queued = counts.queued;
  progress->submitting = counts.submitting;
  progress->accepted = counts.accepted;
  progress->delivered = counts.delivered;
  progress->failed = counts.failed;
  progress->withdrawn = counts.withdrawn;
  progress->parts = counts.parts;
}

static void
report (SendJob *job,
        gint64   next_opening)
{
  SdCampaignProgress progress;

  if (job->progress == NULL)
    return;
  fill_progress (job->db, job->id, &progress);
  progress.waiting_for_window = next_opening > 0;
  progress.next_opening = next_opening;
  job->progress (&progress, job->user_data);
}

/* STEP_NEXT while the campaign is still 'sending'; STEP_STOP once paused (from another
 * connection too) or otherwise moved on; STEP_ERROR when it cannot be read. */
static Step
check_state (SendJob     *job,
             const char  *state,
             GError     **error)
{
  g_autoptr(SdOutboxCampaign) campaign = _sd_outbox_campaign_load (job->db, job->id, error);

  if (campaign == NULL)
    return STEP_ERROR;
  return strcmp (campaign->state, state) == 0 ? STEP_NEXT : STEP_STOP;
}

static Step
check_sending (SendJob  *job,
               GError  **error)
{
  return check_state (job, "sending", error);
}

static gboolean
set_state (SdSession   *session,
           gint64       id,
           const char  *state,
           const char  *reason,
           const char  *audit_action,
           const char  *detail,
           GError     **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *object_id = g_strdup_printf ("%lld", (long long) id);
  gboolean ok;

  if (!sd_db_begin (db, error))
    return FALSE;
  ok = _sd_outbox_campaign_set_state (db, id, state, reason, sd_db_now (db), error) &&
       (audit_action == NULL || sd_audit_append (session, audit_action, "campaign", object_id, detail, error));
  return commit_or_rollback (db, ok, error);
}

static Step
pause_for (SendJob    *job,
           const char *reason,
           GError    **error)
{
  g_autofree char *detail = g_strdup_printf ("paused by the send job: %s", reason);

  if (!set_state (job->session, job->id, "paused", reason, SD_AUDIT_CAMPAIGN_PAUSE, detail, error))
    return STEP_ERROR;
  report (job, 0);
  return STEP_STOP;
}

/* Sleeps in short steps until DEADLINE (monotonic µs) or, when AT_SHOP_TIME, until the
 * shop clock reaches it (seconds); stops early for a cancel (STEP_ERROR) or when the
 * campaign leaves STATE, a pause say (STEP_STOP). */
static Step
wait_in_state (SendJob     *job,
               const char  *state,
               gint64       deadline,
               gboolean     at_shop_time,
               GError     **error)
{
  for (;;)
    {
      gint64 now = at_shop_time ? sd_db_now (job->db) : g_get_monotonic_time ();
      gint64 left;
      Step step;

      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return STEP_ERROR;
      if ((step = check_state (job, state, error)) != STEP_NEXT)
        return step;
      if (now >= deadline)
        return STEP_NEXT;
      left = at_shop_time ? window_poll_ms * (gint64) 1000 : MIN (deadline - now, (gint64) 100000);
      g_usleep ((gulong) MIN (left, (gint64) window_poll_ms * 1000));
    }
}

/* ---- reconciling ---- */

/* What the gateway says about the row of a batch sent under OUT_ID at SUBMITTED_AT. */
static const SdSmsDelivery *
find_delivery (GPtrArray  *deliveries,
               const char *out_id,
               gint64      submitted_at)
{
  for (guint i = 0; i < deliveries->len; i++)
    {
      const SdSmsDelivery *d = g_ptr_array_index (deliveries, i);

      if (d->out_id != NULL && *d->out_id != '\0')
        {
          if (g_strcmp0 (d->out_id, out_id) == 0)
            return d;
        }
      /* A report without its out_id: any message to the number since the batch left
       * counts, as sending twice is worse than missing one. */
      else if (d->send_date == 0 || d->send_date >= submitted_at - 300)
        return d;
    }
  return NULL;
}

/* The row's state from a delivery report (NULL: not sent). */
static gboolean
apply_delivery (SdDb                *db,
                const SdOutboxItem   *row,
                const SdSmsDelivery *d,
                gint64               accepted_at,
                gint64               now,
                GError             **error)
{
  if (d == NULL)
    return _sd_outbox_row_set (db, row->id, "queued", 0, "", 0, 0, error);
  if (d->status == SD_SMS_DELIVERY_DELIVERED)
    return _sd_outbox_row_set (db, row->id, "delivered", row->batch_id, "", accepted_at,
                               d->receive_date > 0 ? d->receive_date : now, error);
  if (d->status == SD_SMS_DELIVERY_FAILED)
    return _sd_outbox_row_set (db, row->id, "failed", row->batch_id, d->err_code ? d->err_code : "FAILED",
                               accepted_at, d->receive_date > 0 ? d->receive_date : now, error);
  return _sd_outbox_row_set (db, row->id, "accepted", row->batch_id, "", accepted_at, 0, error);
}

static void
free_deliveries (gpointer data)
{
  if (data != NULL)
    g_ptr_array_unref (data);
}

/* The gateway's reports for each row's number (NULL where the number is not one it takes),
 * of the row's batch when its biz_id is known, on DAY (0: the day the row was accepted). */
static GPtrArray *
query_rows (SdSmsGateway  *gateway,
            GPtrArray     *rows,
            gint64         day,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (free_deliveries);

  for (guint i = 0; i < rows->len; i++)
    {
      SdOutboxItem *row = g_ptr_array_index (rows, i);
      g_autofree char *digits = sd_sms_gateway_normalize_phone (row->phone);
      GPtrArray *deliveries = NULL;

      if (digits != NULL)
        {
          deliveries = sd_sms_gateway_query_details (gateway, digits, *row->biz_id ? row->biz_id : NULL,
                                                     day > 0 ? day : row->accepted_at, cancellable, error);
          if (deliveries == NULL)
            return NULL;
        }
      g_ptr_array_add (found, deliveries);
    }
  return g_steal_pointer (&found);
}

/* A batch whose answer was never recorded: each row found at the gateway is accepted,
 * the others queued again. Asks first, then writes everything in one transaction. */
static gboolean
reconcile_batch (SendJob             *job,
                 const SdOutboxBatch *batch,
                 GError             **error)
{
  g_autoptr(GPtrArray) rows = _sd_outbox_batch_rows (job->db, batch->id, error);
  g_autoptr(GPtrArray) found = NULL;
  gboolean ok = TRUE;
  gint64 now;

  if (rows == NULL)
    return FALSE;
  found = query_rows (job->gateway, rows, batch->submitted_at, job->cancellable, error);
  if (found == NULL)
    return FALSE;
  now = sd_db_now (job->db);
  if (!sd_db_begin (job->db, error))
    return FALSE;
  for (guint i = 0; i < rows->len && ok; i++)
    {
      GPtrArray *deliveries = g_ptr_array_index (found, i);
      const SdSmsDelivery *d = deliveries ? find_delivery (deliveries, batch->out_id, batch->submitted_at) : NULL;

      ok = apply_delivery (job->db, g_ptr_array_index (rows, i), d, batch->submitted_at, now, error);
    }
  ok = ok && _sd_outbox_batch_answer (job->db, batch->id, "reconciled", "", "", now, error);
  return commit_or_rollback (job->db, ok, error);
}

static gboolean
reconcile_all (SendJob  *job,
               GError  **error)
{
  g_autoptr(GPtrArray) batches = _sd_outbox_submitting_batches (job->db, job->id, error);

  if (batches == NULL)
    return FALSE;
  for (guint i = 0; i < batches->len; i++)
    if (!reconcile_batch (job, g_ptr_array_index (batches, i), error))
      return FALSE;
  return TRUE;
}

/* ---- one batch ---- */

static char *
new_out_id (gint64 campaign_id)
{
  return g_strdup_printf ("sd%lld-%08x%08x", (long long) campaign_id, g_random_int (), g_random_int ());
}

/* Takes the next queued rows: withdraws those opted out or blocked since, fails those whose
 * number the gateway cannot take, commits the rest 'submitting' under a new batch. Returns
 * the recipients (empty: nothing left this round; the rows in *OUT_ROWS). */
static GPtrArray *
take_batch (SendJob     *job,
            GPtrArray  **out_rows,
            gint64      *out_batch_id,
            char       **out_out_id,
            gboolean    *out_none_left,
            GError     **error)
{
  guint limit = job->single_left > 0 ? 1 : MAX (sd_sms_gateway_get_max_batch (job->gateway), 1);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(GPtrArray) sent_rows = NULL;
  g_autofree char *out_id = NULL;
  gint64 now, batch_id = 0;
  gboolean ok;

  /* Read and claimed in one write transaction: another sender on another connection
   * cannot take the same queued rows in between. */
  if (!sd_db_begin (job->db, error))
    return NULL;
  rows = _sd_outbox_next_queued (job->db, job->id, limit, error);
  if (rows == NULL)
    {
      sd_db_rollback (job->db);
      return NULL;
    }
  *out_none_left = rows->len == 0;
  recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sms_recipient_free);
  sent_rows = g_ptr_array_new ();
  now = sd_db_now (job->db);
  out_id = new_out_id (job->id);
  ok = TRUE;
  for (guint i = 0; i < rows->len && ok; i++)
    {
      SdOutboxItem *row = g_ptr_array_index (rows, i);
      g_autofree char *digits = sd_sms_gateway_normalize_phone (row->phone);

      if (*row->gone != '\0')
        ok = _sd_outbox_row_set (job->db, row->id, "withdrawn", 0, row->gone, 0, now, error);
      else if (digits == NULL)
        ok = _sd_outbox_row_set (job->db, row->id, "failed", 0, "invalid_mobile", 0, now, error);
      else
        {
          if (batch_id == 0)
            ok = (batch_id = _sd_outbox_batch_insert (job->db, job->id, out_id, now, error)) > 0;
          ok = ok && _sd_outbox_row_set (job->db, row->id, "submitting", batch_id, "", 0, 0, error);
          g_ptr_array_add (recipients, sd_sms_recipient_new (digits, row->template_param));
          g_ptr_array_add (sent_rows, row);
        }
    }
  if (!commit_or_rollback (job->db, ok, error))
    return NULL;
  if (job->single_left > 0 && rows->len > 0)
    job->single_left--;
  *out_rows = g_steal_pointer (&rows);
  *out_batch_id = batch_id;
  *out_out_id = g_steal_pointer (&out_id);
  return g_steal_pointer (&recipients);
}

/* Rows of the batch back to queued (nothing was sent), the batch answered with CODE. */
static gboolean
unsend_batch (SendJob     *job,
              gint64       batch_id,
              const char  *code,
              GError     **error)
{
  gint64 now = sd_db_now (job->db);

  if (!sd_db_begin (job->db, error))
    return FALSE;
  return commit_or_rollback (job->db,
                             _sd_outbox_batch_rows_set (job->db, batch_id, "queued", "", 0, 0, error) &&
                             _sd_outbox_batch_answer (job->db, batch_id, "answered", "", code, now, error),
                             error);
}

static gboolean
record_answer (SendJob              *job,
               gint64                batch_id,
               const SdSmsSendReply *reply,
               const char           *row_state,
               GError              **error)
{
  gint64 now = sd_db_now (job->db);
  gboolean accepted = strcmp (row_state, "accepted") == 0;

  if (!sd_db_begin (job->db, error))
    return FALSE;
  return commit_or_rollback (job->db,
                             _sd_outbox_batch_rows_set (job->db, batch_id, row_state, accepted ? "" : reply->code,
                                                        accepted ? now : 0, accepted ? 0 : now, error) &&
                             _sd_outbox_batch_answer (job->db, batch_id, "answered", reply->biz_id, reply->code,
                                                      now, error),
                             error);
}

/* Codes after which sending goes on later by itself; the others need a person. */
static gboolean
is_transient (const SdSmsSendReply *reply)
{
  return reply->retry_later || g_strcmp0 (reply->code, "isp.SYSTEM_ERROR") == 0;
}

static Step
handle_rejection (SendJob              *job,
                  gint64                batch_id,
                  guint                 n_rows,
                  const SdSmsSendReply *reply,
                  GError              **error)
{
  if (g_strcmp0 (reply->code, "isv.MOBILE_NUMBER_ILLEGAL") == 0 && n_rows == 1)
    {
      job->retries = 0;
      return record_answer (job, batch_id, reply, "failed", error) ? STEP_NEXT : STEP_ERROR;
    }
  if (!unsend_batch (job, batch_id, reply->code, error))
    return STEP_ERROR;
  if (g_strcmp0 (reply->code, "isv.MOBILE_NUMBER_ILLEGAL") == 0)
    {
      /* One bad number refuses the whole batch: send these one by one to find it. */
      job->single_left = n_rows;
      return STEP_NEXT;
    }
  if (is_transient (reply) && ++job->retries < MAX_RETRIES)
    return wait_in_state (job, "sending", g_get_monotonic_time () + backoff_ms * (gint64) 1000 * job->retries,
                          FALSE, error);
  return pause_for (job, reply->retry_later ? "throttled" : (reply->code ? reply->code : "rejected"), error);
}

/* A send that failed before the request left (or with the credentials refused). */
static Step
handle_send_error (SendJob  *job,
                   gint64    batch_id,
                   GError   *send_error,
                   GError  **error)
{
  gboolean auth = g_error_matches (send_error, SD_ERROR, SD_ERROR_AUTH_FAILED);

  if (!unsend_batch (job, batch_id, auth ? "auth_failed" : "not_sent", error))
    return STEP_ERROR;
  if (auth && pause_for (job, "auth_failed", error) == STEP_ERROR)
    return STEP_ERROR;
  g_propagate_error (error, send_error);
  return STEP_ERROR;
}

static Step
send_one_batch (SendJob  *job,
                GError  **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(SdSmsSendReply) reply = NULL;
  g_autofree char *out_id = NULL;
  GError *send_error = NULL;
  gint64 batch_id = 0;
  gboolean none_left = FALSE;

  recipients = take_batch (job, &rows, &batch_id, &out_id, &none_left, error);
  if (recipients == NULL)
    return STEP_ERROR;
  if (none_left)
    {
      if (!set_state (job->session, job->id, "done", NULL, NULL, NULL, error))
        return STEP_ERROR;
      report (job, 0);
      return STEP_STOP;
    }
  if (recipients->len == 0)
    return STEP_NEXT;

  reply = sd_sms_gateway_send (job->gateway, job->template_code, out_id, recipients, job->cancellable, &send_error);
  if (reply == NULL)
    return handle_send_error (job, batch_id, send_error, error);
  switch (reply->outcome)
    {
    case SD_SMS_SEND_ACCEPTED:
      job->retries = 0;
      return record_answer (job, batch_id, reply, "accepted", error) ? STEP_NEXT : STEP_ERROR;
    case SD_SMS_SEND_REJECTED:
      return handle_rejection (job, batch_id, recipients->len, reply, error);
    case SD_SMS_SEND_UNKNOWN:
    default:
      /* The answer was lost: ask the gateway now; if that fails too, the batch stays
       * 'submitting' and the next run asks before sending anything. */
      return reconcile_all (job, error) ? STEP_NEXT : STEP_ERROR;
    }
}

/* ---- one sender a campaign ---- */

/* A batch left 'submitting' looks the same whether its sender died or is waiting for the
 * gateway's answer right now, and reconciling one in flight could send it twice. So a
 * campaign has one sender at a time, across windows, processes and computers sharing the
 * shop (in a team database, the server's advisory lock on the sender's connection; for a
 * shop file): the sender holds the byte at the campaign's id of "SHOP-sending.lock" with an
 * open-file-description lock, which the system drops when the process dies (a crash never
 * leaves a campaign locked). Returns the descriptor to close when done; NO_LOCK where
 * locking is not possible (the rows are still claimed in transactions); -1 with
 * SD_ERROR_CONFLICT when another sender has it. */
#define NO_LOCK (-2)
/* A team database's server holds the lock for the connection instead. */
#define TEAM_LOCK (-3)

static int
sending_elsewhere (gint64   id,
                   GError **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
               _("Campaign %lld is being sent by another ShopDesk window or computer: it goes on there."),
               (long long) id);
  return -1;
}

static int
lock_campaign (SdDb     *db,
               gint64    id,
               GError  **error)
{
  const char *shop = sd_db_get_path (db);
  g_autofree char *path = NULL;
  struct flock lock = { 0, };
  int fd, saved;

  if (sd_db_is_team_url (shop))
    {
      if (_sd_outbox_hold_campaign (db, id) == 1)
        return TEAM_LOCK;
      return sending_elsewhere (id, error);
    }
  /* A database in memory has one connection: nobody to keep out. */
  if (shop == NULL || *shop == '\0' || g_str_has_prefix (shop, ":memory:"))
    return NO_LOCK;
  path = g_strconcat (shop, "-sending.lock", NULL);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_debug ("no sending lock (%s): %s", path, g_strerror (errno));
      return NO_LOCK;
    }
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = (off_t) id;
  lock.l_len = 1;
  if (fcntl (fd, F_OFD_SETLK, &lock) == 0)
    return fd;
  saved = errno;
  close (fd);
  if (saved != EAGAIN && saved != EACCES)
    {
      g_debug ("no sending lock (%s): %s", path, g_strerror (saved));
      return NO_LOCK;
    }
  return sending_elsewhere (id, error);
}

static void
unlock_campaign (SdDb   *db,
                 gint64  id,
                 int     fd)
{
  if (fd == TEAM_LOCK)
    _sd_outbox_release_campaign (db, id);
  if (fd >= 0)
    close (fd);
}

/* ---- starting ---- */

static char *
template_code_of (SdDb                   *db,
                  const SdOutboxCampaign *campaign,
                  GError                **error)
{
  g_autoptr(SdSmsGatewayRow) gateway = NULL;

  if (*campaign->template_code != '\0')
    return g_strdup (campaign->template_code);
  gateway = _sd_sms_gateway_row_load (db, error);
  if (gateway == NULL)
    return NULL;
  if (*gateway->template_code == '\0')
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Campaign %lld names no template code, and the gateway has no default one: give the "
                     "approved template’s code (SMS_…)."), (long long) campaign->id);
      return NULL;
    }
  return g_strdup (gateway->template_code);
}

/* Moves campaign ID to 'sending' (from scheduled, from paused with RESUME_PAUSED, or
 * sending already): STEP_NEXT. Its state is read in the same write transaction, so a pause
 * committed by another connection since the job began is kept: STEP_STOP. */
static Step
start_sending (SdSession            *session,
               gint64                id,
               SdCampaignSendFlags   flags,
               GError              **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autoptr(SdOutboxCampaign) campaign = NULL;
  g_autofree char *object_id = g_strdup_printf ("%lld", (long long) id);
  const char *action = NULL;
  const char *detail = NULL;
  gboolean ok;

  if (!sd_db_begin (db, error))
    return STEP_ERROR;
  campaign = _sd_outbox_campaign_load (db, id, error);
  if (campaign == NULL)
    {
      sd_db_rollback (db);
      return STEP_ERROR;
    }
  if (strcmp (campaign->state, "sending") == 0 ||
      (strcmp (campaign->state, "paused") == 0 && !(flags & SD_CAMPAIGN_SEND_RESUME_PAUSED)))
    {
      sd_db_rollback (db);
      return strcmp (campaign->state, "sending") == 0 ? STEP_NEXT : STEP_STOP;
    }
  if (strcmp (campaign->state, "paused") == 0)
    action = SD_AUDIT_CAMPAIGN_RESUME, detail = "resumed to send";
  else if (strcmp (campaign->state, "scheduled") == 0)
    action = SD_AUDIT_CAMPAIGN_SEND, detail = campaign->name;
  else if (strcmp (campaign->state, "draft") == 0)
    g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                 _("Campaign %lld is a draft: confirm its audience and cost before sending."), (long long) id);
  else
    g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT, _("Campaign %lld is %s: there is nothing left to send."),
                 (long long) id, campaign->state);
  ok = action != NULL && _sd_outbox_campaign_set_state (db, id, "sending", NULL, sd_db_now (db), error) &&
       sd_audit_append (session, action, "campaign", object_id, detail, error);
  return commit_or_rollback (db, ok, error) ? STEP_NEXT : STEP_ERROR;
}

/* A campaign scheduled for later: STEP_NEXT once its time has come (after waiting, as for
 * the window), STEP_STOP when it is to return first or was paused meanwhile. */
static Step
await_schedule (SendJob                *job,
                const SdOutboxCampaign *campaign,
                GError                **error)
{
  if (strcmp (campaign->state, "scheduled") != 0 || campaign->scheduled_at <= sd_db_now (job->db))
    return STEP_NEXT;
  report (job, campaign->scheduled_at);
  if (job->stop_at_window)
    return STEP_STOP;
  return wait_in_state (job, "scheduled", campaign->scheduled_at, TRUE, error);
}

/* Outside sending hours: STEP_NEXT once open (after waiting), STEP_STOP to return. */
static Step
await_window (SendJob  *job,
              GError  **error)
{
  GTimeZone *zone = sd_shop_time_zone ();   /* the shop's, not ours to unref */
  SdSmsWindow window;
  gint64 now = sd_db_now (job->db);
  gint64 opening;

  if (!window_of (job->session, &window, error))
    return STEP_ERROR;
  opening = sd_sms_window_next_opening (&window, zone, now);
  if (opening <= now)
    return STEP_NEXT;
  report (job, opening);
  if (job->stop_at_window)
    return STEP_STOP;
  return wait_in_state (job, "sending", opening, TRUE, error);
}

static gboolean
send_locked (SdSession             *session,
             gint64                 id,
             SdSmsGateway          *gateway,
             SdCampaignSendFlags    flags,
             SdCampaignProgressFunc progress,
             gpointer               user_data,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autoptr(SdOutboxCampaign) campaign = NULL;
  g_autofree char *template_code = NULL;
  SendJob job = { 0, };
  Step step = STEP_NEXT;

  job.session = session;
  job.db = sd_session_get_db (session);
  campaign = _sd_outbox_campaign_load (job.db, id, error);
  if (campaign == NULL)
    return FALSE;
  template_code = template_code_of (job.db, campaign, error);
  if (template_code == NULL)
    return FALSE;
  job.id = id;
  job.gateway = gateway;
  job.template_code = template_code;
  job.stop_at_window = (flags & SD_CAMPAIGN_SEND_STOP_AT_WINDOW) != 0;
  job.progress = progress;
  job.user_data = user_data;
  job.cancellable = cancellable;
  if (strcmp (campaign->state, "scheduled") == 0)
    {
      step = await_schedule (&job, campaign, error);
      if (step != STEP_NEXT)
        return step == STEP_STOP;
    }
  /* Read again there: it may have been paused or changed while waiting. */
  step = start_sending (session, id, flags, error);
  if (step != STEP_NEXT)
    return step == STEP_STOP;

  /* Nothing goes before every batch of an earlier run is known sent or not. */
  if (!reconcile_all (&job, error))
    return FALSE;
  report (&job, 0);
  while (step == STEP_NEXT)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      step = check_sending (&job, error);
      if (step == STEP_NEXT)
        step = await_window (&job, error);
      if (step == STEP_NEXT)
        step = send_one_batch (&job, error);
      if (step == STEP_NEXT)
        report (&job, 0);
    }
  return step == STEP_STOP;
}

gboolean
sd_campaign_send_run (SdSession             *session,
                      gint64                 id,
                      SdSmsGateway          *gateway,
                      SdCampaignSendFlags    flags,
                      SdCampaignProgressFunc progress,
                      gpointer               user_data,
                      GCancellable          *cancellable,
                      GError               **error)
{
  gboolean ok;
  int lock;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (SD_IS_SMS_GATEWAY (gateway), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_SEND_CAMPAIGNS, error))
    return FALSE;
  lock = lock_campaign (sd_session_get_db (session), id, error);
  if (lock == -1)
    return FALSE;
  ok = send_locked (session, id, gateway, flags, progress, user_data, cancellable, error);
  unlock_campaign (sd_session_get_db (session), id, lock);
  return ok;
}

/* ---- progress, pause, resume ---- */

gboolean
sd_campaign_get_progress (SdSession          *session,
                          gint64              id,
                          SdCampaignProgress *progress,
                          GError            **error)
{
  g_autoptr(SdOutboxCampaign) campaign = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);

  if (!sd_session_can (session, SD_PERMISSION_SEND_CAMPAIGNS) &&
      !sd_session_require (session, SD_PERMISSION_COMPOSE_CAMPAIGNS, error))
    return FALSE;
  db = sd_session_get_db (session);
  campaign = _sd_outbox_campaign_load (db, id, error);
  if (campaign == NULL)
    return FALSE;
  fill_progress (db, id, progress);
  if (strcmp (campaign->state, "sending") == 0)
    {
      GTimeZone *zone = sd_shop_time_zone ();   /* the shop's, not ours to unref */
      SdSmsWindow window;
      gint64 now = sd_db_now (db);

      if (window_of (session, &window, NULL) && !sd_sms_window_contains (&window, zone, now))
        {
          progress->waiting_for_window = TRUE;
          progress->next_opening = sd_sms_window_next_opening (&window, zone, now);
        }
    }
  return TRUE;
}

gboolean
sd_campaign_pause (SdSession  *session,
                   gint64      id,
                   GError    **error)
{
  g_autoptr(SdOutboxCampaign) campaign = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_SEND_CAMPAIGNS, error))
    return FALSE;
  campaign = _sd_outbox_campaign_load (sd_session_get_db (session), id, error);
  if (campaign == NULL)
    return FALSE;
  if (strcmp (campaign->state, "paused") == 0)
    return TRUE;
  if (strcmp (campaign->state, "sending") != 0 && strcmp (campaign->state, "scheduled") != 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT, _("Campaign %lld is %s: only a scheduled or sending "
                                                         "campaign can be paused."),
                   (long long) id, campaign->state);
      return FALSE;
    }
  return set_state (session, id, "paused", "", SD_AUDIT_CAMPAIGN_PAUSE, campaign->state, error);
}

gboolean
sd_campaign_resume (SdSession  *session,
                    gint64      id,
                    GError    **error)
{
  g_autoptr(SdOutboxCampaign) campaign = NULL;
  SdDb *db;
  const char *state;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_SEND_CAMPAIGNS, error))
    return FALSE;
  db = sd_session_get_db (session);
  campaign = _sd_outbox_campaign_load (db, id, error);
  if (campaign == NULL)
    return FALSE;
  if (strcmp (campaign->state, "paused") != 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT, _("Campaign %lld is %s, not paused."),
                   (long long) id, campaign->state);
      return FALSE;
    }
  state = campaign->scheduled_at > sd_db_now (db) && campaign->started_at == 0 ? "scheduled" : "sending";
  return set_state (session, id, state, "", SD_AUDIT_CAMPAIGN_RESUME, campaign->pause_reason, error);
}

char *
sd_campaign_describe_pause_reason (const char *reason)
{
  static const struct { const char *code; const char *text; } reasons[] = {
    { "isv.DAY_LIMIT_CONTROL", N_("The gateway’s daily limit is reached: resume tomorrow.") },
    { "isv.MONTH_LIMIT_CONTROL", N_("The gateway’s monthly limit is reached: raise it in the Aliyun console, then resume.") },
    { "isv.BUSINESS_LIMIT_CONTROL", N_("The gateway limits sending for now: resume later.") },
    { "isv.AMOUNT_NOT_ENOUGH", N_("The SMS account’s balance is too low: top it up, then resume.") },
    { "isv.OUT_OF_SERVICE", N_("The SMS account is out of service (unpaid): settle it, then resume.") },
    { "isv.TEMPLATE_MISSING_PARAMETERS", N_("The approved template needs values this campaign does not give: check its placeholders.") },
    { "isv.SMS_TEMPLATE_ILLEGAL", N_("The gateway has no approved template with the campaign’s template code: check the code in the Aliyun console, then resume or cancel.") },
    { "isv.MOBILE_COUNT_OVER_LIMIT", N_("The gateway refused the number of recipients in one request.") },
    { "auth_failed", N_("The gateway refused the keys: set the gateway again with valid keys, then resume.") },
    { "throttled", N_("The gateway kept asking to slow down: resume in a few minutes.") },
  };

  if (reason == NULL || *reason == '\0')
    return g_strdup (_("Paused."));
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (strcmp (reasons[i].code, reason) == 0)
      return g_strdup (_(reasons[i].text));
  return g_strdup_printf (_("The gateway refused to send (%s): check the SMS account, then resume."), reason);
}

/* ---- test send ---- */

/* The template parameters a test sends: a real recipient's when the outbox has one; else
 * (a draft) the campaign's own values (its coupon, its custom fields, the shop's name) with
 * the fallback words for a customer's. */
static char *
test_param (SdSession              *session,
            SdDb                   *db,
            const SdOutboxCampaign *campaign)
{
  g_autoptr(SdOutboxItem) row = _sd_outbox_first_row (db, campaign->id);
  g_autoptr(SdSmsTemplate) template = NULL;
  g_autoptr(SdCampaign) draft = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *shop = NULL;
  g_autofree char *text = NULL;
  char *param = NULL;

  if (row != NULL)
    return g_strdup (row->template_param);
  values = g_hash_table_new (g_str_hash, g_str_equal);
  draft = _sd_campaign_store_load (db, campaign->id, NULL);
  if (draft != NULL && draft->custom_fields != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, draft->custom_fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (values, key, value);
    }
  shop = sd_shop_get_name (session);
  g_hash_table_replace (values, "shop", shop != NULL ? shop : "");
  if (draft != NULL && draft->coupon != NULL)
    g_hash_table_replace (values, "coupon", draft->coupon);
  template = sd_sms_template_new ("", campaign->body, campaign->opt_out_text);
  text = sd_sms_template_render (template, values, NULL, &param);
  return param != NULL ? param : g_strdup ("");
}

static char *
test_phone_of (SdSession   *session,
               const char  *phone,
               GError     **error)
{
  g_autoptr(SdSmsSettings) settings = NULL;
  char *digits;

  if (phone == NULL || *phone == '\0')
    {
      settings = sd_sms_settings_get (session, error);
      if (settings == NULL)
        return NULL;
      phone = settings->test_phone;
    }
  if (phone == NULL || *phone == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("No test number: give one, or set the SMS settings’ test phone."));
      return NULL;
    }
  digits = sd_sms_gateway_normalize_phone (phone);
  if (digits == NULL)
    g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("“%s” is not a mainland mobile number."), phone);
  return digits;
}

gboolean
sd_campaign_send_test (SdSession     *session,
                       gint64         id,
                       SdSmsGateway  *gateway,
                       const char    *phone,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SdOutboxCampaign) campaign = NULL;
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(SdSmsSendReply) reply = NULL;
  g_autofree char *template_code = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *param = NULL;
  g_autofree char *out_id = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *object_id = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (SD_IS_SMS_GATEWAY (gateway), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_SEND_CAMPAIGNS, error))
    return FALSE;
  db = sd_session_get_db (session);
  campaign = _sd_outbox_campaign_load (db, id, error);
  if (campaign == NULL || (template_code = template_code_of (db, campaign, error)) == NULL ||
      (digits = test_phone_of (session, phone, error)) == NULL)
    return FALSE;
  param = test_param (session, db, campaign);
  recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sms_recipient_free);
  g_ptr_array_add (recipients, sd_sms_recipient_new (digits, param));
  out_id = g_strdup_printf ("sd%lld-test-%08x", (long long) id, g_random_int ());
  reply = sd_sms_gateway_send (gateway, template_code, out_id, recipients, cancellable, error);
  if (reply == NULL)
    return FALSE;
  {
    g_autofree char *e164 = g_strconcat ("+86", digits, NULL);
    masked = sd_phone_mask (e164);
  }
  object_id = g_strdup_printf ("%lld", (long long) id);
  detail = g_strdup_printf ("to %s: %s", masked,
                            reply->outcome == SD_SMS_SEND_ACCEPTED ? "accepted" :
                            reply->outcome == SD_SMS_SEND_REJECTED ? (reply->code ? reply->code : "rejected") :
                            "no answer");
  if (!sd_audit_append (session, SD_AUDIT_CAMPAIGN_TEST, "campaign", object_id, detail, error))
    return FALSE;
  if (reply->outcome == SD_SMS_SEND_REJECTED)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT, _("The gateway refused the test message (%s): %s"),
                   reply->code ? reply->code : "?", reply->message ? reply->message : "");
      return FALSE;
    }
  if (reply->outcome == SD_SMS_SEND_UNKNOWN)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_NETWORK,
                           _("The gateway did not answer: the test message may or may not have been sent."));
      return FALSE;
    }
  return TRUE;
}

/* ---- delivery reports ---- */

/* Asks about ROWS, then stores what was learnt in one transaction. */
static gboolean
poll_chunk (SdDb          *db,
            SdSmsGateway  *gateway,
            GPtrArray     *rows,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GPtrArray) found = query_rows (gateway, rows, 0, cancellable, error);
  gboolean ok = TRUE;
  gint64 now;

  if (found == NULL)
    return FALSE;
  now = sd_db_now (db);
  if (!sd_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < rows->len && ok; i++)
    {
      SdOutboxItem *row = g_ptr_array_index (rows, i);
      GPtrArray *deliveries = g_ptr_array_index (found, i);
      const SdSmsDelivery *d = deliveries ? find_delivery (deliveries, row->out_id, row->accepted_at) : NULL;

      /* Not reported yet: stays accepted. */
      if (d != NULL && d->status != SD_SMS_DELIVERY_WAITING)
        ok = apply_delivery (db, row, d, 0, now, error);
    }
  return commit_or_rollback (db, ok, error);
}

gboolean
sd_campaign_poll_deliveries (SdSession     *session,
                             gint64         id,
                             SdSmsGateway  *gateway,
                             GCancellable  *cancellable,
                             GError       **error)
{
  gint64 after_id = 0;
  gint64 accepted_before;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (SD_IS_SMS_GATEWAY (gateway), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_SEND_CAMPAIGNS, error))
    return FALSE;
  db = sd_session_get_db (session);
  accepted_before = sd_db_now (db) - POLL_MIN_AGE_S;
  /* Chunk by chunk in id order, each committed: the gateway is asked once a number, and a
   * campaign of 100,000 must not lose an hour of answers to a cancel or a crash. */
  for (;;)
    {
      g_autoptr(GPtrArray) rows = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      rows = _sd_outbox_accepted_rows (db, id, accepted_before, after_id, POLL_CHUNK, error);
      if (rows == NULL)
        return FALSE;
      if (rows->len == 0)
        return TRUE;
      after_id = ((SdOutboxItem *) g_ptr_array_index (rows, rows->len - 1))->id;
      if (!poll_chunk (db, gateway, rows, cancellable, error))
        return FALSE;
    }
}

GArray *
sd_campaign_list_awaiting_reports (SdSession  *session,
                                   gint64      since,
                                   GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_SEND_CAMPAIGNS, error))
    return NULL;
  return _sd_outbox_awaiting_reports (sd_session_get_db (session), since, error);
}
