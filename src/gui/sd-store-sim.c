/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-store-sim"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "sd-error.h"
#include "sd-store-sim.h"

#define SIM_PROGRAM   "shopdesk-sim"
#define LISTENING     "shopdesk-sim listening on "
#define START_TIMEOUT 15     /* seconds */

/* The simulator's shop and credentials: fixed, so that the demo is the same every time. */
#define DEMO_SEED       "7"
#define DEMO_CUSTOMERS  "1500"
#define DEMO_ORDERS     "8000"
#define DEMO_APP_KEY    "shopdesk-demo"
#define DEMO_APP_SECRET "helloworld"
#define DEMO_SESSION    "test-session"
/* The demo chat's buyers open chats by themselves, this many a minute: enough to see the
 * queue move, few enough to answer them. */
#define DEMO_CHAT_BUYERS "3"
#define DEMO_ROUTER     "/router/rest"
#define DEMO_HOST       "http://127.0.0.1:"

struct _SdStoreSim
{
  GObject           parent_instance;

  GSubprocess      *process;
  GDataInputStream *output;
  GCancellable     *cancellable;    /* the reads of its output */
  char             *url;            /* the router's, once it listens */
};

G_DEFINE_FINAL_TYPE (SdStoreSim, sd_store_sim, G_TYPE_OBJECT)

enum {
  STOPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- finding and starting the program ---- */

static char *
program_beside_us (const char *relative)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (self_exe == NULL)
    return NULL;
  dir = g_path_get_dirname (self_exe);
  path = g_build_filename (dir, relative, NULL);
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) ? g_steal_pointer (&path) : NULL;
}

/* Next to us (installed side by side), in a build tree's src/sim, in PATH, or where
 * $SHOPDESK_SIM says. */
static char *
find_program (GError **error)
{
  const char *env = g_getenv ("SHOPDESK_SIM");
  char *path;

  if ((path = program_beside_us (SIM_PROGRAM)) != NULL ||
      (path = program_beside_us ("../sim/" SIM_PROGRAM)) != NULL ||
      (path = g_find_program_in_path (SIM_PROGRAM)) != NULL)
    return path;
  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (env);
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
               _("The demo store’s program, %s, is not installed with ShopDesk."), SIM_PROGRAM);
  return NULL;
}

/* In the child, before exec: the kernel ends the simulator when ShopDesk dies, however it
 * dies, so that no demo store is left listening. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
spawn (const char  *program,
       GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return g_subprocess_launcher_spawn (launcher, error, program, "--port", "0", "--seed", DEMO_SEED,
                                      "--customers", DEMO_CUSTOMERS, "--orders", DEMO_ORDERS,
                                      "--app-key", DEMO_APP_KEY, "--app-secret", DEMO_APP_SECRET,
                                      "--session", DEMO_SESSION, "--chat-buyers", DEMO_CHAT_BUYERS,
                                      NULL);
}

/* ---- its output ---- */

/* After the address, what it prints is read and dropped: a full pipe would stall it. */
static void
drain_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SdStoreSim) self = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                                     NULL, NULL);

  if (line != NULL && self->output == G_DATA_INPUT_STREAM (source))
    g_data_input_stream_read_line_async (self->output, G_PRIORITY_LOW, self->cancellable, drain_cb,
                                         g_object_ref (self));
}

typedef struct
{
  char     *last_line;     /* what it said before failing */
  guint     timeout_id;
  gboolean  timed_out;
} Start;

static void
start_free (Start *start)
{
  g_clear_handle_id (&start->timeout_id, g_source_remove);
  g_free (start->last_line);
  g_free (start);
}

static void
fail_start (SdStoreSim *self,
            GTask      *task,
            GError     *error)
{
  sd_store_sim_stop (self);
  g_task_return_error (task, error);
}

static void
first_line_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdStoreSim *self = g_task_get_source_object (task);
  Start *start = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                                     NULL, &error);

  if (line == NULL)
    {
      g_clear_error (&error);
      if (start->timed_out)
        g_set_error (&error, SD_ERROR, SD_ERROR_IO, _("The demo store did not start within %d seconds."),
                     START_TIMEOUT);
      else
        g_set_error (&error, SD_ERROR, SD_ERROR_IO, _("The demo store stopped before it was ready: %s"),
                     start->last_line ? start->last_line : _("no reason given"));
      fail_start (self, task, g_steal_pointer (&error));
      return;
    }
  if (g_str_has_prefix (line, LISTENING))
    {
      const char *base = line + strlen (LISTENING);

      g_strchomp ((char *) base);
      self->url = g_strconcat (base, DEMO_ROUTER, NULL);
      g_clear_handle_id (&start->timeout_id, g_source_remove);
      g_task_return_boolean (task, TRUE);
      g_data_input_stream_read_line_async (self->output, G_PRIORITY_LOW, self->cancellable, drain_cb,
                                           g_object_ref (self));
      return;
    }
  g_free (start->last_line);
  start->last_line = g_steal_pointer (&line);
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, self->cancellable, first_line_cb,
                                       g_steal_pointer (&task));
}

static gboolean
start_timeout_cb (gpointer data)
{
  GTask *task = data;
  Start *start = g_task_get_task_data (task);

  start->timeout_id = 0;
  start->timed_out = TRUE;
  /* The pending read then ends cancelled, and says so. */
  sd_store_sim_stop (g_task_get_source_object (task));
  return G_SOURCE_REMOVE;
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SdStoreSim) self = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  /* Ended on its own, not by sd_store_sim_stop (). */
  if (self->process == G_SUBPROCESS (source))
    {
      g_clear_object (&self->process);
      g_clear_pointer (&self->url, g_free);
      g_signal_emit (self, signals[STOPPED], 0);
    }
}

/* ---- the object ---- */

static void
sd_store_sim_dispose (GObject *object)
{
  sd_store_sim_stop (SD_STORE_SIM (object));
  G_OBJECT_CLASS (sd_store_sim_parent_class)->dispose (object);
}

static void
sd_store_sim_class_init (SdStoreSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_store_sim_dispose;

  signals[STOPPED] = g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 0);
}

static void
sd_store_sim_init (SdStoreSim *self)
{
}

/* ---- public API ---- */

SdStoreSim *
sd_store_sim_new (void)
{
  return g_object_new (SD_TYPE_STORE_SIM, NULL);
}

void
sd_store_sim_start_async (SdStoreSim          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;
  Start *start;

  g_return_if_fail (SD_IS_STORE_SIM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_store_sim_start_async);
  start = g_new0 (Start, 1);
  g_task_set_task_data (task, start, (GDestroyNotify) start_free);

  sd_store_sim_stop (self);
  program = find_program (&error);
  if (program != NULL)
    self->process = spawn (program, &error);
  if (self->process == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_subprocess_wait_async (self->process, NULL, exited_cb, g_object_ref (self));
  start->timeout_id = g_timeout_add_seconds (START_TIMEOUT, start_timeout_cb, task);
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, self->cancellable, first_line_cb,
                                       g_steal_pointer (&task));
}

gboolean
sd_store_sim_start_finish (SdStoreSim    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SD_IS_STORE_SIM (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sd_store_sim_get_running (SdStoreSim *self)
{
  g_return_val_if_fail (SD_IS_STORE_SIM (self), FALSE);
  return self->process != NULL && self->url != NULL;
}

const char *
sd_store_sim_get_url (SdStoreSim *self)
{
  g_return_val_if_fail (SD_IS_STORE_SIM (self), NULL);
  return self->url;
}

void
sd_store_sim_get_settings (SdStoreSim      *self,
                           SdStoreSettings *settings)
{
  g_return_if_fail (SD_IS_STORE_SIM (self));
  g_return_if_fail (settings != NULL);

  memset (settings, 0, sizeof *settings);
  settings->platform = "taobao";
  settings->url = self->url;
  settings->app_key = DEMO_APP_KEY;
  settings->app_secret = DEMO_APP_SECRET;
  settings->session_key = DEMO_SESSION;
  settings->sign_method = SD_TOP_SIGN_MD5;
}

SdStoreConnection *
sd_store_sim_new_connection (SdStoreSim       *self,
                             SdStoreWaitFunc   wait_func,
                             gpointer          wait_data,
                             GError          **error)
{
  SdStoreConfig config = { 0 };

  g_return_val_if_fail (SD_IS_STORE_SIM (self), NULL);

  if (!sd_store_sim_get_running (self))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_NETWORK, _("The demo store is not running."));
      return NULL;
    }
  config.url = self->url;
  config.app_key = DEMO_APP_KEY;
  config.app_secret = DEMO_APP_SECRET;
  config.session_key = DEMO_SESSION;
  config.sign_method = SD_TOP_SIGN_MD5;
  config.wait_func = wait_func;
  config.wait_data = wait_data;
  return sd_store_connection_new ("taobao", &config, error);
}

gboolean
sd_store_sim_serves (SdStoreSim          *self,
                     const SdStoreStatus *status)
{
  g_return_val_if_fail (SD_IS_STORE_SIM (self), FALSE);

  return status != NULL && sd_store_sim_get_running (self) && g_strcmp0 (status->url, self->url) == 0 &&
         g_strcmp0 (status->app_key, DEMO_APP_KEY) == 0;
}

gboolean
sd_store_sim_is_demo (const SdStoreStatus *status)
{
  return status != NULL && g_strcmp0 (status->platform, "taobao") == 0 &&
         g_strcmp0 (status->app_key, DEMO_APP_KEY) == 0 && g_str_has_prefix (status->url, DEMO_HOST) &&
         g_str_has_suffix (status->url, DEMO_ROUTER);
}

void
sd_store_sim_stop (SdStoreSim *self)
{
  g_return_if_fail (SD_IS_STORE_SIM (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->output);
  if (self->process != NULL)
    {
      g_autoptr(GSubprocess) process = g_steal_pointer (&self->process);
      g_subprocess_send_signal (process, SIGTERM);
    }
  g_clear_pointer (&self->url, g_free);
}
