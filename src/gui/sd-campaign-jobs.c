/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-campaign-jobs"

#include "sd-campaign-jobs.h"
#include "sd-error.h"
#include "sd-task-data.h"

typedef enum
{
  JOB_LIST,
  JOB_ESTIMATE,
  JOB_SAVE,
  JOB_DETAILS,
  JOB_OP,
  JOB_SEND,
} JobKind;

typedef struct
{
  JobKind                 kind;
  SdSession              *session;       /* the caller's: only sd_session_open_copy () reads it */
  SdCampaign             *campaign;      /* what to estimate or save */
  gint64                  id;
  gint64                  expected;      /* confirm with this count; -1: only save */
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
} Job;

void
sd_campaign_overview_free (SdCampaignOverview *overview)
{
  if (overview == NULL)
    return;
  g_clear_pointer (&overview->campaigns, g_ptr_array_unref);
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
  g_clear_pointer (&details->report, sd_campaign_report_free);
  g_free (details);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  g_clear_pointer (&job->campaign, sd_campaign_free);
  g_clear_pointer (&job->overview, sd_campaign_overview_free);
  g_clear_pointer (&job->estimate, sd_campaign_estimate_free);
  g_clear_pointer (&job->details, sd_campaign_details_free);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_mutex_clear (&job->lock);
  g_free (job);
}

static gboolean
read_overview (Job        *job,
               SdSession  *session,
               GError    **error)
{
  g_autoptr(SdCampaignOverview) overview = g_new0 (SdCampaignOverview, 1);
  g_autoptr(GError) local = NULL;

  overview->campaigns = sd_campaigns_list (session, error);
  if (overview->campaigns == NULL)
    return FALSE;
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
  return sd_campaign_send_run (session, job->id, gateway, FALSE, send_progress_cb, task, cancellable, error);
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
                                      job->kind == JOB_DETAILS);
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
