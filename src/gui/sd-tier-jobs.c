/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tier-jobs"

#include "sd-tier-jobs.h"
#include "sd-task-data.h"

typedef enum
{
  JOB_READ,
  JOB_RECOMPUTE,
  JOB_SIMULATE,
  JOB_SAVE,
} JobKind;

typedef struct
{
  JobKind           kind;
  SdSession        *session;     /* the caller's: only sd_session_open_copy () reads it */
  SdTierLadder     *ladder;      /* to simulate or save */
  /* What it did. */
  SdTierState      *state;
  SdTierSimulation *simulation;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  g_clear_pointer (&job->ladder, sd_tier_ladder_free);
  g_clear_pointer (&job->state, sd_tier_state_free);
  g_clear_pointer (&job->simulation, sd_tier_simulation_free);
  g_free (job);
}

static gboolean
read_state (SdSession    *session,
            SdTierState  *state,
            GError      **error)
{
  return (state->ladder = sd_tiers_get_ladder (session, error)) != NULL &&
         sd_tiers_count (session, state->counts, &state->none, error);
}

static gboolean
run (Job        *job,
     SdSession  *session,
     GError    **error)
{
  switch (job->kind)
    {
    case JOB_RECOMPUTE:
      job->state = g_new0 (SdTierState, 1);
      return sd_tiers_recompute (session, NULL, 0, &job->state->stats, error) &&
             read_state (session, job->state, error);
    case JOB_READ:
      job->state = g_new0 (SdTierState, 1);
      return read_state (session, job->state, error);
    case JOB_SIMULATE:
      return (job->simulation = sd_tiers_simulate (session, job->ladder, error)) != NULL;
    case JOB_SAVE:
      job->state = g_new0 (SdTierState, 1);
      return sd_tiers_set_ladder (session, job->ladder, &job->state->stats, error);
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
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (job->session, &error);

  if (session == NULL || !run (job, session, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
start (JobKind              kind,
       gpointer             source,
       SdSession           *session,
       const SdTierLadder  *ladder,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->session = g_object_ref (session);
  job->ladder = ladder != NULL ? sd_tier_ladder_copy (ladder) : NULL;
  /* Writes that ran are reported, whatever was cancelled meanwhile. */
  g_task_set_check_cancellable (task, kind == JOB_READ || kind == JOB_SIMULATE);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

/* ---- public API ---- */

void
sd_tier_state_free (SdTierState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->ladder, sd_tier_ladder_free);
  g_free (state);
}

void
sd_tier_jobs_read_async (gpointer             source,
                         SdSession           *session,
                         gboolean             recompute,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (SD_IS_SESSION (session));

  start (recompute ? JOB_RECOMPUTE : JOB_READ, source, session, NULL, cancellable, callback, user_data,
         sd_tier_jobs_read_async);
}

SdTierState *
sd_tier_jobs_read_finish (GAsyncResult  *result,
                          GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_tier_jobs_read_async, error);

  return job != NULL ? g_steal_pointer (&job->state) : NULL;
}

void
sd_tier_jobs_simulate_async (gpointer             source,
                             SdSession           *session,
                             const SdTierLadder  *ladder,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (ladder != NULL);

  start (JOB_SIMULATE, source, session, ladder, cancellable, callback, user_data, sd_tier_jobs_simulate_async);
}

SdTierSimulation *
sd_tier_jobs_simulate_finish (GAsyncResult  *result,
                              GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_tier_jobs_simulate_async, error);

  return job != NULL ? g_steal_pointer (&job->simulation) : NULL;
}

void
sd_tier_jobs_save_async (gpointer             source,
                         SdSession           *session,
                         const SdTierLadder  *ladder,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (ladder != NULL);

  start (JOB_SAVE, source, session, ladder, cancellable, callback, user_data, sd_tier_jobs_save_async);
}

gboolean
sd_tier_jobs_save_finish (GAsyncResult         *result,
                          SdTierRecomputeStats *out_stats,
                          GError              **error)
{
  Job *job = sd_task_data_finish (result, sd_tier_jobs_save_async, error);

  if (job == NULL)
    return FALSE;
  if (out_stats != NULL)
    *out_stats = job->state->stats;
  return TRUE;
}
