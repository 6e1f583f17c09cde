/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-store-sync-job"

#include "sd-store-sync-job.h"

#define REASON_SIZE 256

struct _SdStoreSyncJob
{
  GObject            parent_instance;

  SdSession         *session;      /* the caller's: only sd_session_open_copy () reads it */
  SdStoreConnection *connection;   /* NULL: the shop's own */
  gboolean           full;
  GMainContext      *context;      /* where "progress" is emitted */

  /* Written by the worker, read by the idle that tells it. */
  GMutex             lock;
  SdSyncProgress     pending;
  char               pending_reason[REASON_SIZE];
  gboolean           telling;      /* an idle is on its way */

  /* The main thread's. */
  SdSyncProgress     progress;
  char               reason[REASON_SIZE];
};

G_DEFINE_FINAL_TYPE (SdStoreSyncJob, sd_store_sync_job, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- progress from the worker to the main thread ---- */

static gboolean
tell_progress_cb (gpointer data)
{
  SdStoreSyncJob *self = data;

  g_mutex_lock (&self->lock);
  self->progress = self->pending;
  g_strlcpy (self->reason, self->pending_reason, sizeof self->reason);
  self->progress.wait_reason = self->progress.waiting > 0 ? self->reason : NULL;
  self->telling = FALSE;
  g_mutex_unlock (&self->lock);
  g_signal_emit (self, signals[PROGRESS], 0);
  return G_SOURCE_REMOVE;
}

/* With the lock held: one idle for however many pages come before it runs. */
static void
schedule_tell (SdStoreSyncJob *self)
{
  g_autoptr(GSource) source = NULL;

  if (self->telling)
    return;
  self->telling = TRUE;
  source = g_idle_source_new ();
  g_source_set_callback (source, tell_progress_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[shopdesk] sync progress");
  g_source_attach (source, self->context);
}

static void
progress_cb (const SdSyncProgress *progress,
             gpointer              user_data)
{
  SdStoreSyncJob *self = user_data;

  g_mutex_lock (&self->lock);
  self->pending = *progress;
  g_strlcpy (self->pending_reason, progress->wait_reason ? progress->wait_reason : "",
             sizeof self->pending_reason);
  self->pending.wait_reason = NULL;
  schedule_tell (self);
  g_mutex_unlock (&self->lock);
}

/* ---- the sync, on a worker thread ---- */

static void
sync_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SdStoreSyncJob *self = source;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (self->session, &error);
  SdSyncOptions options = { self->full, -1, self->connection };
  SdSyncResult *result = NULL;

  if (session != NULL)
    result = sd_sync_run (session, &options, progress_cb, self, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) sd_sync_result_free);
}

/* ---- the object ---- */

static void
sd_store_sync_job_dispose (GObject *object)
{
  SdStoreSyncJob *self = SD_STORE_SYNC_JOB (object);

  g_clear_object (&self->session);
  g_clear_object (&self->connection);
  G_OBJECT_CLASS (sd_store_sync_job_parent_class)->dispose (object);
}

static void
sd_store_sync_job_finalize (GObject *object)
{
  SdStoreSyncJob *self = SD_STORE_SYNC_JOB (object);

  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sd_store_sync_job_parent_class)->finalize (object);
}

static void
sd_store_sync_job_class_init (SdStoreSyncJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_store_sync_job_dispose;
  object_class->finalize = sd_store_sync_job_finalize;

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                    NULL, G_TYPE_NONE, 0);
}

static void
sd_store_sync_job_init (SdStoreSyncJob *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
}

/* ---- public API ---- */

SdStoreSyncJob *
sd_store_sync_job_new (SdSession *session,
                       gboolean   full)
{
  SdStoreSyncJob *self;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_STORE_SYNC_JOB, NULL);
  self->session = g_object_ref (session);
  self->full = full;
  return self;
}

void
sd_store_sync_job_set_connection (SdStoreSyncJob    *self,
                                  SdStoreConnection *connection)
{
  g_return_if_fail (SD_IS_STORE_SYNC_JOB (self));
  g_return_if_fail (connection == NULL || SD_IS_STORE_CONNECTION (connection));

  g_set_object (&self->connection, connection);
}

void
sd_store_sync_job_report_wait (double      seconds,
                               const char *reason,
                               gpointer    job)
{
  SdStoreSyncJob *self = job;

  g_return_if_fail (SD_IS_STORE_SYNC_JOB (self));

  g_mutex_lock (&self->lock);
  self->pending.waiting = seconds;
  g_strlcpy (self->pending_reason, reason ? reason : "", sizeof self->pending_reason);
  schedule_tell (self);
  g_mutex_unlock (&self->lock);
}

void
sd_store_sync_job_run_async (SdStoreSyncJob      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SD_IS_STORE_SYNC_JOB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_store_sync_job_run_async);
  /* A sync stopped part way has done something: its own error says so, not the task's. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, sync_thread);
}

SdSyncResult *
sd_store_sync_job_run_finish (SdStoreSyncJob  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (SD_IS_STORE_SYNC_JOB (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const SdSyncProgress *
sd_store_sync_job_get_progress (SdStoreSyncJob *self)
{
  g_return_val_if_fail (SD_IS_STORE_SYNC_JOB (self), NULL);
  return &self->progress;
}
