/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-campaign-jobs"

#include <glib/gi18n.h>

#include "sd-campaign-jobs.h"
#include "sd-error.h"
#include "sd-phone.h"
#include "sd-segments.h"
#include "sd-task-data.h"
#include "sd-tiers.h"

/* Delivery reports are asked for up to this long after a message was accepted. */
#define REPORT_HORIZON_S (72 * 3600)

typedef enum
{
  JOB_LIST,
  JOB_ESTIMATE,
  JOB_SAVE,
  JOB_DETAILS,
  JOB_OP,
  JOB_SEND,
  JOB_NEXT_DUE,
  JOB_POLL,
  JOB_TEST,
} JobKind;

typedef struct
{
  JobKind                 kind;
  SdSession              *session;       /* the caller's: only sd_session_open_copy () reads it */
  SdCampaign             *campaign;      /* what to estimate or save */
  gint64                  id;
  gint64                  expected;      /* confirm with this count; -1: only save */
  char                   *phone;         /* where a test send goes */
  guint                   preview_limit;
  gboolean                poll;
  SdCampaignOp            op;
  /* The send's progress, handed from the worker to the caller's thread. */
  SdCampaignProgressFunc  progress_func;
  gpointer                progress_data;
  GMutex                  lock;
  SdCampaignProgress      progress;
  gboolean                progress_pending;
  GMainContext           *context;
  /* What it did. */
  SdCampaignOverview     *overview;
  SdCampaignEstimate     *estimate;
  SdCampaignDetails      *details;
  SdCampaign             *due;
  guint                   polled;
} Job;

/* Tests: the clock of every job's connection. */
static SdClockFunc jobs_clock;
static gpointer    jobs_clock_data;

void
sd_campaign_overview_free (SdCampaignOverview *overview)
{
  if (overview == NULL)
    return;
  g_clear_pointer (&overview->campaigns, g_ptr_array_unref);
  g_clear_pointer (&overview->audiences, g_ptr_array_unref);
  g_clear_pointer (&overview->progress, g_array_unref);
  g_clear_pointer (&overview->gateway, sd_sms_gateway_settings_free);
  g_clear_pointer (&overview->settings, sd_sms_settings_free);
  g_free (overview);
}

void
sd_campaign_details_free (SdCampaignDetails *details)
{
  if (details == NULL)
    return;
  g_clear_pointer (&details->campaign, sd_campaign_free);
  g_free (details->audience);
  g_clear_pointer (&details->report, sd_campaign_report_free);
  g_free (details);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  g_clear_pointer (&job->campaign, sd_campaign_free);
  g_free (job->phone);
  g_clear_pointer (&job->overview, sd_campaign_overview_free);
  g_clear_pointer (&job->estimate, sd_campaign_estimate_free);
  g_clear_pointer (&job->details, sd_campaign_details_free);
  g_clear_pointer (&job->due, sd_campaign_free);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_mutex_clear (&job->lock);
  g_free (job);
}

/* The audience as people name it: the grade's name from the ladder (NULL when it may not be
 * read: its number then), the segment's name. */
static char *
describe_audience (SdSession          *session,
                   const SdCampaign   *c,
                   const SdTierLadder *ladder)
{
  switch (c->audience_kind)
    {
    case SD_AUDIENCE_GRADE:
      if (ladder != NULL && c->grade >= 0 && c->grade < SD_TIER_N_GRADES)
        return g_strdup (sd_tier_ladder_get_name (ladder, c->grade));
      return g_strdup_printf (_("Grade %d"), c->grade);
    case SD_AUDIENCE_SEGMENT:
      {
        g_autoptr(SdSegment) segment = sd_segments_get (session, c->segment_id, NULL);
        /* TRANSLATORS: a campaign's audience: the customers of a saved segment */
        return segment != NULL ? g_strdup_printf (_("Segment “%s”"), segment->name) : g_strdup (_("A deleted segment"));
      }
    case SD_AUDIENCE_TAGS:
      {
        g_autofree char *tags = c->tags != NULL ? g_strjoinv (", ", c->tags) : g_strdup ("");
        return g_strdup_printf (_("Tags: %s"), tags);
      }
    case SD_AUDIENCE_CUSTOMERS:
      {
        guint n = c->customer_ids != NULL ? c->customer_ids->len : 0;
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hand-picked customer", "%u hand-picked customers", n), n);
      }
    case SD_AUDIENCE_ALL:
    default:
      return g_strdup (_("All customers"));
    }
}

static SdTierLadder *
ladder_of (SdSession *session)
{
  /* Without customers.view the grades show by number. */
  return sd_session_can (session, SD_PERMISSION_VIEW_CUSTOMERS) ? sd_tiers_get_ladder (session, NULL) : NULL;
}

static gboolean
read_overview (Job        *job,
               SdSession  *session,
               GError    **error)
{
  g_autoptr(SdCampaignOverview) overview = g_new0 (SdCampaignOverview, 1);
  g_autoptr(SdTierLadder) ladder = NULL;
  g_autoptr(GError) local = NULL;

  overview->campaigns = sd_campaigns_list (session, error);
  if (overview->campaigns == NULL)
    return FALSE;
  ladder = ladder_of (session);
  overview->audiences = g_ptr_array_new_full (overview->campaigns->len, g_free);
  for (guint i = 0; i < overview->campaigns->len; i++)
    g_ptr_array_add (overview->audiences, describe_audience (session, g_ptr_array_index (overview->campaigns, i),
                                                             ladder));
  overview->progress = g_array_sized_new (FALSE, TRUE, sizeof (SdCampaignProgress), overview->campaigns->len);
  g_array_set_size (overview->progress, overview->campaigns->len);
  for (guint i = 0; i < overview->campaigns->len; i++)
    {
      const SdCampaign *campaign = g_ptr_array_index (overview->campaigns, i);

      /* A draft has no outbox yet; a count that cannot be read shows as none. */
      if (campaign->state != SD_CAMPAIGN_DRAFT)
        sd_campaign_get_progress (session, campaign->id,
                                  &g_array_index (overview->progress, SdCampaignProgress, i), NULL);
    }
  overview->gateway = sd_sms_gateway_settings_get (session, &local);
  if (overview->gateway == NULL && !g_error_matches (local, SD_ERROR, SD_ERROR_NOT_FOUND))
    g_debug ("gateway settings: %s", local->message);
  overview->settings = sd_sms_settings_get (session, NULL);
  job->overview = g_steal_pointer (&overview);
  return TRUE;
}

static gboolean
save (Job           *job,
      SdSession     *session,
      GCancellable  *cancellable,
      GError       **error)
{
  gint64 id = job->campaign->id;

  if (id == 0)
    {
      id = sd_campaigns_create (session, job->campaign, error);
      if (id <= 0)
        return FALSE;
      job->campaign->id = id;
    }
  else if (!sd_campaigns_update (session, job->campaign, error))
    return FALSE;
  job->id = id;
  if (job->expected < 0)
    return TRUE;
  return sd_campaigns_confirm (session, id, job->expected, cancellable, error);
}

static gboolean
read_details (Job           *job,
              SdSession     *session,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(SdCampaignDetails) details = g_new0 (SdCampaignDetails, 1);

  if (job->poll && sd_session_can (session, SD_PERMISSION_SEND_CAMPAIGNS))
    {
      g_autoptr(SdSmsGateway) gateway = sd_sms_open_gateway (session, NULL);
      g_autoptr(GError) local = NULL;

      if (gateway != NULL && !sd_campaign_poll_deliveries (session, job->id, gateway, cancellable, &local))
        g_debug ("delivery reports: %s", local->message);
    }
  details->campaign = sd_campaigns_get (session, job->id, error);
  if (details->campaign == NULL)
    return FALSE;
  {
    g_autoptr(SdTierLadder) ladder = details->campaign->audience_kind == SD_AUDIENCE_GRADE ? ladder_of (session) : NULL;
    details->audience = describe_audience (session, details->campaign, ladder);
  }
  details->report = sd_campaigns_report (session, job->id, error);
  if (details->report == NULL)
    return FALSE;
  if (details->campaign->state != SD_CAMPAIGN_DRAFT)
    sd_campaign_get_progress (session, job->id, &details->progress, NULL);
  job->details = g_steal_pointer (&details);
  return TRUE;
}

static gboolean
run_op (Job        *job,
        SdSession  *session,
        GError    **error)
{
  switch (job->op)
    {
    case SD_CAMPAIGN_OP_PAUSE:
      return sd_campaign_pause (session, job->id, error);
    case SD_CAMPAIGN_OP_RESUME:
      return sd_campaign_resume (session, job->id, error);
    case SD_CAMPAIGN_OP_DELETE:
      return sd_campaigns_delete (session, job->id, error);
    case SD_CAMPAIGN_OP_CANCEL:
      return sd_campaigns_cancel (session, job->id, error);
    default:
      g_assert_not_reached ();
    }
}

/* ---- the send's progress, from the worker to the caller's thread ---- */

static gboolean
deliver_progress_cb (gpointer data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);
  SdCampaignProgress progress;

  g_mutex_lock (&job->lock);
  progress = job->progress;
  job->progress_pending = FALSE;
  g_mutex_unlock (&job->lock);
  if (job->progress_func != NULL)
    job->progress_func (&progress, job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
send_progress_cb (const SdCampaignProgress *progress,
                  gpointer                  data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);
  gboolean schedule;

  g_mutex_lock (&job->lock);
  job->progress = *progress;
  schedule = !job->progress_pending;
  job->progress_pending = TRUE;
  g_mutex_unlock (&job->lock);
  /* Coalesced: a fast run of batches is one update a main-loop turn. */
  if (schedule)
    g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, deliver_progress_cb, g_object_ref (task),
                                g_object_unref);
}

static gboolean
send (GTask         *task,
      Job           *job,
      SdSession     *session,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(SdSmsGateway) gateway = sd_sms_open_gateway (session, error);

  if (gateway == NULL)
    return FALSE;
  return sd_campaign_send_run (session, job->id, gateway, SD_CAMPAIGN_SEND_DEFAULT, send_progress_cb, task, cancellable, error);
}

/* The number a test went to becomes the shop's test number, for the next test: only for an
 * account that may change the SMS settings, and only when it is another one. Not being
 * able to remember it does not undo the send. */
static void
remember_test_phone (SdSession  *session,
                     const char *phone)
{
  g_autoptr(SdSmsSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = NULL;

  if (!sd_session_can (session, SD_PERMISSION_CONFIGURE_SHOP) ||
      sd_phone_normalize (phone, &normal) != SD_PHONE_VALID)
    return;
  settings = sd_sms_settings_get (session, &error);
  if (settings == NULL || g_strcmp0 (settings->test_phone, normal) == 0)
    return;
  g_free (settings->test_phone);
  settings->test_phone = g_steal_pointer (&normal);
  if (!sd_sms_settings_set (session, settings, &error))
    g_debug ("test phone not remembered: %s", error->message);
}

static gboolean
send_test (Job           *job,
           SdSession     *session,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(SdSmsGateway) gateway = sd_sms_open_gateway (session, error);

  if (gateway == NULL || !sd_campaign_send_test (session, job->id, gateway, job->phone, cancellable, error))
    return FALSE;
  remember_test_phone (session, job->phone);
  return TRUE;
}

/* The campaign due now, when a gateway is set to send it. */
static gboolean
next_due (Job        *job,
          SdSession  *session,
          GError    **error)
{
  g_autoptr(SdSmsGatewaySettings) gateway = NULL;
  g_autoptr(GError) local = NULL;
  gint64 id = 0;

  gateway = sd_sms_gateway_settings_get (session, &local);
  if (gateway == NULL)
    {
      if (g_error_matches (local, SD_ERROR, SD_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!sd_campaigns_next_due (session, sd_db_now (sd_session_get_db (session)), &id, error))
    return FALSE;
  if (id > 0 && (job->due = sd_campaigns_get (session, id, error)) == NULL)
    return FALSE;
  return TRUE;
}

/* Every campaign awaiting delivery reports, one after the other. One that fails (the
 * gateway unreachable) is tried again next time; a cancel stops the round. */
static gboolean
poll (Job           *job,
      SdSession     *session,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(SdSmsGateway) gateway = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) local = NULL;

  ids = sd_campaign_list_awaiting_reports (session, sd_db_now (sd_session_get_db (session)) - REPORT_HORIZON_S,
                                           error);
  if (ids == NULL)
    return FALSE;
  if (ids->len == 0)
    return TRUE;
  gateway = sd_sms_open_gateway (session, &local);
  if (gateway == NULL)
    {
      g_debug ("delivery reports: %s", local->message);
      return TRUE;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_clear_error (&local);
      if (!sd_campaign_poll_deliveries (session, g_array_index (ids, gint64, i), gateway, cancellable, &local))
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          g_debug ("delivery reports of campaign %lld: %s", (long long) g_array_index (ids, gint64, i),
                   local->message);
        }
      job->polled++;
    }
  return TRUE;
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (job->session, &error);
  gboolean ok = session != NULL;

  if (ok && jobs_clock != NULL)
    sd_db_set_clock (sd_session_get_db (session), jobs_clock, jobs_clock_data);
  if (ok)
    switch (job->kind)
      {
      case JOB_LIST:
        ok = read_overview (job, session, &error);
        break;
      case JOB_ESTIMATE:
        ok = (job->estimate = sd_campaigns_estimate_draft (session, job->campaign, job->preview_limit, cancellable,
                                                           &error)) != NULL;
        break;
      case JOB_SAVE:
        ok = save (job, session, cancellable, &error);
        break;
      case JOB_DETAILS:
        ok = read_details (job, session, cancellable, &error);
        break;
      case JOB_OP:
        ok = run_op (job, session, &error);
        break;
      case JOB_SEND:
        ok = send (task, job, session, cancellable, &error);
        break;
      case JOB_NEXT_DUE:
        ok = next_due (job, session, &error);
        break;
      case JOB_POLL:
        ok = poll (job, session, cancellable, &error);
        break;
      case JOB_TEST:
        ok = send_test (job, session, cancellable, &error);
        break;
      default:
        g_assert_not_reached ();
      }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static Job *
new_job (JobKind           kind,
         SdSession        *session,
         const SdCampaign *campaign)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->session = g_object_ref (session);
  job->campaign = campaign != NULL ? sd_campaign_copy (campaign) : NULL;
  job->expected = -1;
  g_mutex_init (&job->lock);
  return job;
}

static void
start (Job                 *job,
       gpointer             source,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  /* Writes that ran are reported, whatever was cancelled meanwhile. */
  g_task_set_check_cancellable (task, job->kind == JOB_LIST || job->kind == JOB_ESTIMATE ||
                                      job->kind == JOB_DETAILS || job->kind == JOB_NEXT_DUE);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

/* ---- public API ---- */

void
sd_campaign_jobs_list_async (gpointer             source,
                             SdSession           *session,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SD_IS_SESSION (session));

  start (new_job (JOB_LIST, session, NULL), source, cancellable, callback, user_data, sd_campaign_jobs_list_async);
}

SdCampaignOverview *
sd_campaign_jobs_list_finish (GAsyncResult  *result,
                              GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_campaign_jobs_list_async, error);

  return job != NULL ? g_steal_pointer (&job->overview) : NULL;
}

/* An estimate or a save: a copy of CAMPAIGN and its one number (the preview limit, the
 * count to confirm). */
static void
start_campaign_job (JobKind              kind,
                    gint64               value,
                    gpointer             source,
                    SdSession           *session,
                    const SdCampaign    *campaign,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data,
                    gpointer             source_tag)
{
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (campaign != NULL);

  job = new_job (kind, session, campaign);
  if (kind == JOB_ESTIMATE)
    job->preview_limit = (guint) value;
  else
    job->expected = value;
  start (job, source, cancellable, callback, user_data, source_tag);
}

void
sd_campaign_jobs_estimate_async (gpointer             source,
                                 SdSession           *session,
                                 const SdCampaign    *campaign,
                                 guint                preview_limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  start_campaign_job (JOB_ESTIMATE, preview_limit, source, session, campaign, cancellable, callback, user_data,
                      sd_campaign_jobs_estimate_async);
}

SdCampaignEstimate *
sd_campaign_jobs_estimate_finish (GAsyncResult  *result,
                                  GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_campaign_jobs_estimate_async, error);

  return job != NULL ? g_steal_pointer (&job->estimate) : NULL;
}

void
sd_campaign_jobs_save_async (gpointer             source,
                             SdSession           *session,
                             const SdCampaign    *campaign,
                             gint64               expected_recipients,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  start_campaign_job (JOB_SAVE, expected_recipients, source, session, campaign, cancellable, callback, user_data,
                      sd_campaign_jobs_save_async);
}

gboolean
sd_campaign_jobs_save_finish (GAsyncResult  *result,
                              gint64        *out_id,
                              GError       **error)
{
  Job *job;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (out_id != NULL)
    *out_id = job != NULL ? job->id : 0;
  return sd_task_data_finish (result, sd_campaign_jobs_save_async, error) != NULL;
}

void
sd_campaign_jobs_details_async (gpointer             source,
                                SdSession           *session,
                                gint64               id,
                                gboolean             poll,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));

  job = new_job (JOB_DETAILS, session, NULL);
  job->id = id;
  job->poll = poll;
  start (job, source, cancellable, callback, user_data, sd_campaign_jobs_details_async);
}

SdCampaignDetails *
sd_campaign_jobs_details_finish (GAsyncResult  *result,
                                 GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_campaign_jobs_details_async, error);

  return job != NULL ? g_steal_pointer (&job->details) : NULL;
}

void
sd_campaign_jobs_op_async (gpointer             source,
                           SdSession           *session,
                           SdCampaignOp         op,
                           gint64               id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));

  job = new_job (JOB_OP, session, NULL);
  job->op = op;
  job->id = id;
  start (job, source, cancellable, callback, user_data, sd_campaign_jobs_op_async);
}

gboolean
sd_campaign_jobs_op_finish (GAsyncResult  *result,
                            GError       **error)
{
  return sd_task_data_finish (result, sd_campaign_jobs_op_async, error) != NULL;
}

void
sd_campaign_jobs_send_async (gpointer                source,
                             SdSession              *session,
                             gint64                  id,
                             SdCampaignProgressFunc  progress,
                             gpointer                progress_data,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));

  job = new_job (JOB_SEND, session, NULL);
  job->id = id;
  job->progress_func = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  start (job, source, cancellable, callback, user_data, sd_campaign_jobs_send_async);
}

gboolean
sd_campaign_jobs_send_finish (GAsyncResult  *result,
                              GError       **error)
{
  return sd_task_data_finish (result, sd_campaign_jobs_send_async, error) != NULL;
}

void
sd_campaign_jobs_test_async (gpointer             source,
                             SdSession           *session,
                             gint64               id,
                             const char          *phone,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (phone != NULL);

  job = new_job (JOB_TEST, session, NULL);
  job->id = id;
  job->phone = g_strdup (phone);
  start (job, source, cancellable, callback, user_data, sd_campaign_jobs_test_async);
}

gboolean
sd_campaign_jobs_test_finish (GAsyncResult  *result,
                              GError       **error)
{
  return sd_task_data_finish (result, sd_campaign_jobs_test_async, error) != NULL;
}

void
sd_campaign_jobs_next_due_async (gpointer             source,
                                 SdSession           *session,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SD_IS_SESSION (session));

  start (new_job (JOB_NEXT_DUE, session, NULL), source, cancellable, callback, user_data,
         sd_campaign_jobs_next_due_async);
}

SdCampaign *
sd_campaign_jobs_next_due_finish (GAsyncResult  *result,
                                  GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_campaign_jobs_next_due_async, error);

  return job != NULL ? g_steal_pointer (&job->due) : NULL;
}

void
sd_campaign_jobs_poll_async (gpointer             source,
                             SdSession           *session,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SD_IS_SESSION (session));

  start (new_job (JOB_POLL, session, NULL), source, cancellable, callback, user_data, sd_campaign_jobs_poll_async);
}

gboolean
sd_campaign_jobs_poll_finish (GAsyncResult  *result,
                              guint         *out_polled,
                              GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_campaign_jobs_poll_async, error);

  if (out_polled != NULL)
    *out_polled = job != NULL ? job->polled : 0;
  return job != NULL;
}

void
sd_campaign_jobs_set_clock (SdClockFunc clock,
                            gpointer    user_data)
{
  jobs_clock = clock;
  jobs_clock_data = user_data;
}
