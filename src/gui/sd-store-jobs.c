/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-store-jobs"

#include <string.h>

#include "sd-store-jobs.h"
#include "sd-task-data.h"

/* A test of the connection asks once more after a failure, not six times with growing
 * waits as a sync does: the person is waiting at the dialog. */
#define TEST_ATTEMPTS  2
#define TEST_TIMEOUT_S 15

typedef enum
{
  JOB_READ,
  JOB_TEST,
  JOB_CONNECT,
  JOB_DISCONNECT,
  JOB_SET_INTERVAL,
} JobKind;

typedef struct
{
  JobKind          kind;
  SdSession       *session;      /* the caller's: only sd_session_open_copy () reads it */
  SdStoreSettings  settings;     /* its strings owned, below */
  char            *strings[8];
  guint            minutes;
  /* What it did. */
  SdStoreStatus   *status;
  SdStoreSeller   *seller;
} Job;

/* Wipes a copy of a secret before it goes back to the allocator. */
static void
wipe_free (char *text)
{
  if (text == NULL)
    return;
  memset (text, 0, strlen (text));
  g_free (text);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  for (guint i = 0; i < G_N_ELEMENTS (job->strings); i++)
    wipe_free (job->strings[i]);
  g_clear_pointer (&job->status, sd_store_status_free);
  g_clear_pointer (&job->seller, sd_store_seller_free);
  g_free (job);
}

static const char *
keep (Job        *job,
      guint       slot,
      const char *text)
{
  g_assert (slot < G_N_ELEMENTS (job->strings));
  return job->strings[slot] = g_strdup (text);
}

static void
copy_settings (Job                   *job,
               const SdStoreSettings *settings)
{
  job->settings.platform = keep (job, 0, settings->platform);
  job->settings.url = keep (job, 1, settings->url);
  job->settings.app_key = keep (job, 2, settings->app_key);
  job->settings.app_secret = keep (job, 3, settings->app_secret);
  job->settings.session_key = keep (job, 4, settings->session_key);
  job->settings.sign_method = settings->sign_method;
  job->settings.access_token = keep (job, 5, settings->access_token);
  job->settings.api_version = keep (job, 6, settings->api_version);
}

static SdStoreSeller *
test_connection (const SdStoreSettings  *settings,
                 GCancellable           *cancellable,
                 GError                **error)
{
  SdStoreConfig config = { 0 };
  g_autoptr(SdStoreConnection) connection = NULL;

  sd_store_settings_to_config (settings, &config);
  config.max_attempts = TEST_ATTEMPTS;
  config.timeout_s = TEST_TIMEOUT_S;
  connection = sd_store_connection_new (settings->platform, &config, error);
  if (connection == NULL)
    return NULL;
  return sd_store_connection_get_seller (connection, cancellable, error);
}

static gboolean
run (Job           *job,
     SdSession     *session,
     GCancellable  *cancellable,
     GError       **error)
{
  switch (job->kind)
    {
    case JOB_READ:
      return (job->status = sd_store_get_status (session, error)) != NULL;
    case JOB_CONNECT:
      return (job->status = sd_store_connect (session, &job->settings, cancellable, error)) != NULL;
    case JOB_DISCONNECT:
      return sd_store_disconnect (session, error);
    case JOB_SET_INTERVAL:
      return sd_store_set_interval (session, job->minutes, error);
    case JOB_TEST:
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
  g_autoptr(SdSession) session = NULL;
  gboolean ok;

  if (job->kind == JOB_TEST)
    ok = (job->seller = test_connection (&job->settings, cancellable, &error)) != NULL;
  else
    ok = (session = sd_session_open_copy (job->session, &error)) != NULL &&
         run (job, session, cancellable, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
start (Job                 *job,
       gpointer             source,
       SdSession           *session,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  job->session = session != NULL ? g_object_ref (session) : NULL;
  /* Writes that ran are reported, whatever was cancelled meanwhile. */
  g_task_set_check_cancellable (task, job->kind == JOB_READ || job->kind == JOB_TEST);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static Job *
new_job (JobKind kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  return job;
}

/* ---- public API ---- */

void
sd_store_jobs_read_async (gpointer             source,
                          SdSession           *session,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (SD_IS_SESSION (session));

  start (new_job (JOB_READ), source, session, cancellable, callback, user_data, sd_store_jobs_read_async);
}

SdStoreStatus *
sd_store_jobs_read_finish (GAsyncResult  *result,
                           GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_store_jobs_read_async, error);

  return job != NULL ? g_steal_pointer (&job->status) : NULL;
}

void
sd_store_jobs_test_async (gpointer               source,
                          const SdStoreSettings *settings,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  Job *job;

  g_return_if_fail (settings != NULL && settings->platform != NULL);

  job = new_job (JOB_TEST);
  copy_settings (job, settings);
  start (job, source, NULL, cancellable, callback, user_data, sd_store_jobs_test_async);
}

SdStoreSeller *
sd_store_jobs_test_finish (GAsyncResult  *result,
                           GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_store_jobs_test_async, error);

  return job != NULL ? g_steal_pointer (&job->seller) : NULL;
}

void
sd_store_jobs_connect_async (gpointer               source,
                             SdSession             *session,
                             const SdStoreSettings *settings,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));
  g_return_if_fail (settings != NULL && settings->platform != NULL);

  job = new_job (JOB_CONNECT);
  copy_settings (job, settings);
  start (job, source, session, cancellable, callback, user_data, sd_store_jobs_connect_async);
}

SdStoreStatus *
sd_store_jobs_connect_finish (GAsyncResult  *result,
                              GError       **error)
{
  Job *job = sd_task_data_finish (result, sd_store_jobs_connect_async, error);

  return job != NULL ? g_steal_pointer (&job->status) : NULL;
}

void
sd_store_jobs_disconnect_async (gpointer             source,
                                SdSession           *session,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (SD_IS_SESSION (session));

  start (new_job (JOB_DISCONNECT), source, session, cancellable, callback, user_data,
         sd_store_jobs_disconnect_async);
}

gboolean
sd_store_jobs_disconnect_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return sd_task_data_finish (result, sd_store_jobs_disconnect_async, error) != NULL;
}

void
sd_store_jobs_set_interval_async (gpointer             source,
                                  SdSession           *session,
                                  guint                minutes,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (SD_IS_SESSION (session));

  job = new_job (JOB_SET_INTERVAL);
  job->minutes = minutes;
  start (job, source, session, cancellable, callback, user_data, sd_store_jobs_set_interval_async);
}

gboolean
sd_store_jobs_set_interval_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return sd_task_data_finish (result, sd_store_jobs_set_interval_async, error) != NULL;
}
