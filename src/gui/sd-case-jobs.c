/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-case-jobs"

#include "sd-case-jobs.h"
#include "sd-task-data.h"

typedef struct
{
  SdSession    *session;     /* the caller's: only sd_session_open_copy () reads it */
  SdCaseFilter  filter;
  char         *search;      /* what filter.search points to */
  /* What it read. */
  GPtrArray    *cases;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  g_clear_pointer (&job->search, g_free);
  g_clear_pointer (&job->cases, g_ptr_array_unref);
  g_free (job);
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

  if (session == NULL || (job->cases = sd_cases_list (session, &job->filter, &error)) == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ---- public API ---- */

void
sd_case_jobs_list_async (gpointer             source,
                         SdSession           *session,
                         const SdCaseFilter  *filter,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (filter != NULL);

  task = g_task_new (source, cancellable, callback, user_data);
  job = g_new0 (Job, 1);
  job->session = g_object_ref (session);
  job->filter = *filter;
  job->search = g_strdup (filter->search);
  job->filter.search = job->search;
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_source_tag (task, sd_case_jobs_list_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

GPtrArray *
sd_case_jobs_list_finish (GAsyncResult  *result,
                          GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_case_jobs_list_async, error);

  return job != NULL ? g_steal_pointer (&job->cases) : NULL;
}
