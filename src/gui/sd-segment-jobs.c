/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-segment-jobs"

#include "sd-segment-jobs.h"
#include "sd-segments.h"

/* What a job is, and what it needs on its thread. The owner's session is only read there
 * by sd_session_open_on (), which is what it is for. */
typedef enum
{
  JOB_COUNT,
  JOB_TAG,
  JOB_EXPORT,
} JobKind;

typedef struct
{
  JobKind         kind;
  SdSession      *owner;
  gint64          id;
  SdCondition    *condition;   /* a count's, when ID is 0 */
  char           *tag;
  SdExportFormat  format;
  char           *file;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->owner);
  g_clear_pointer (&job->condition, sd_condition_unref);
  g_free (job->tag);
  g_free (job->file);
  g_free (job);
}

static Job *
job_new (JobKind kind,
         gint64  id)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->id = id;
  return job;
}

/* The job's work, as its session; a count of customers, -1 on an error. */
static gint64
job_run (Job          *job,
         SdSession    *session,
         GCancellable *cancellable,
         GError      **error)
{
  g_autoptr(GArray) changed = NULL;
  guint64 exported = 0;

  switch (job->kind)
    {
    case JOB_COUNT:
      return job->id > 0 ? sd_segments_count (session, job->id, error)
                         : sd_segments_count_condition (session, job->condition, error);
    case JOB_TAG:
      changed = sd_segments_tag (session, job->id, job->tag, TRUE, error);
      return changed != NULL ? (gint64) changed->len : -1;
    case JOB_EXPORT:
      if (!sd_segments_export_to_path (session, job->id, job->format, job->file, &exported, cancellable, error))
        return -1;
      return (gint64) exported;
    default:
      g_assert_not_reached ();
    }
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (job->owner, &error);
  gint64 n = -1;

  if (session != NULL && !g_cancellable_set_error_if_cancelled (cancellable, &error))
    n = job_run (job, session, cancellable, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

/* A task for SOURCE running JOB on a worker thread as SESSION's account. */
static void
start (gpointer             source,
       SdSession           *session,
       Job                 *job,
       gpointer             tag,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  job->owner = g_object_ref (session);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static gint64
finish (GAsyncResult  *result,
        gpointer       tag,
        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

void
sd_segment_jobs_count_async (gpointer             source,
                             SdSession           *session,
                             gint64               id,
                             SdCondition         *condition,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (id > 0 || condition != NULL);

  job = job_new (JOB_COUNT, id);
  job->condition = condition != NULL ? sd_condition_ref (condition) : NULL;
  start (source, session, job, sd_segment_jobs_count_async, cancellable, callback, user_data);
}

gint64
sd_segment_jobs_count_finish (GAsyncResult  *result,
                              GError       **error)
{
  return finish (result, sd_segment_jobs_count_async, error);
}

void
sd_segment_jobs_tag_async (gpointer             source,
                           SdSession           *session,
                           gint64               id,
                           const char          *tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (tag != NULL);

  job = job_new (JOB_TAG, id);
  job->tag = g_strdup (tag);
  start (source, session, job, sd_segment_jobs_tag_async, cancellable, callback, user_data);
}

gint64
sd_segment_jobs_tag_finish (GAsyncResult  *result,
                            GError       **error)
{
  return finish (result, sd_segment_jobs_tag_async, error);
}

void
sd_segment_jobs_export_async (gpointer             source,
                              SdSession           *session,
                              gint64               id,
                              SdExportFormat       format,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (path != NULL);

  job = job_new (JOB_EXPORT, id);
  job->format = format;
  job->file = g_strdup (path);
  start (source, session, job, sd_segment_jobs_export_async, cancellable, callback, user_data);
}

gint64
sd_segment_jobs_export_finish (GAsyncResult  *result,
                               GError       **error)
{
  return finish (result, sd_segment_jobs_export_async, error);
}
