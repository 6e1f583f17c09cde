/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-change-watch"

#include "sd-i18n.h"

#include <glib-unix.h>
#include <stdlib.h>
#include <string.h>

#include "sd-change-watch.h"
#include "sd-db.h"
#include "sd-pg-listen-private.h"

/* A burst of changes (an import's batches, a sender's progress) is told at most this often. */
#define EMIT_INTERVAL_MS   250
/* A server that does not finish connecting within this is tried again later. */
#define CONNECT_TIMEOUT_S  10
#define FIRST_RETRY_MS     500
#define LAST_RETRY_MS      30000

struct _SdChangeWatch
{
  GObject       parent_instance;

  char         *where;
  GMainContext *context;        /* the one the watch was made in: everything runs there */
  SdPgListen   *listen;         /* NULL between connections */
  GSource      *io_source;      /* its socket, for what it waits for */
  int           io_fd;
  GIOCondition  io_condition;
  GSource      *timer_source;   /* the next try, or the end of a try's time */
  GSource      *emit_source;
  GHashTable   *pending;        /* table names heard since the last "changed" */
  gint64        last_emit;      /* monotonic µs */
  guint         retry_ms;
  gboolean      listening;
  gboolean      listened_before;
  char         *problem;
};

G_DEFINE_FINAL_TYPE (SdChangeWatch, sd_change_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LISTENING,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (SdChangeWatch *self);

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static GSource *
attach (SdChangeWatch *self,
        GSource       *source,
        GSourceFunc    callback)
{
  g_source_set_callback (source, callback, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

static void
set_listening (SdChangeWatch *self,
               gboolean       listening)
{
  if (self->listening == listening)
    return;
  self->listening = listening;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
emit_cb (gpointer data)
{
  SdChangeWatch *self = data;
  guint n = 0;
  g_autofree char **names = (char **) g_hash_table_get_keys_as_array (self->pending, &n);
  g_auto(GStrv) tables = NULL;
  g_autofree char *told = NULL;

  g_clear_pointer (&self->emit_source, g_source_unref);
  self->last_emit = g_get_monotonic_time ();
  qsort (names, n, sizeof (char *), compare_names);
  tables = g_strdupv (names);
  g_hash_table_remove_all (self->pending);
  told = g_strjoinv (" ", tables);
  g_debug ("changed: %s", told);
  g_signal_emit (self, signals[CHANGED], 0, tables);
  return G_SOURCE_REMOVE;
}

/* Tells what was heard now, or as soon as the last telling is EMIT_INTERVAL_MS old. */
static void
schedule_emit (SdChangeWatch *self)
{
  gint64 wait_ms;

  if (self->emit_source != NULL || g_hash_table_size (self->pending) == 0)
    return;
  wait_ms = (self->last_emit + EMIT_INTERVAL_MS * G_TIME_SPAN_MILLISECOND - g_get_monotonic_time ())
            / G_TIME_SPAN_MILLISECOND;
  self->emit_source = attach (self, g_timeout_source_new ((guint) CLAMP (wait_ms, 0, EMIT_INTERVAL_MS)), emit_cb);
}

static gboolean
retry_cb (gpointer data)
{
  SdChangeWatch *self = data;

  g_clear_pointer (&self->timer_source, g_source_unref);
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* The connection is done with: another in a while, each failure waiting twice as long. */
static void
give_up_connection (SdChangeWatch *self,
                    const GError  *error)
{
  g_debug ("%s; trying again in %u ms", error->message, self->retry_ms);
  g_free (self->problem);
  self->problem = g_strdup (error->message);
  clear_source (&self->io_source);
  clear_source (&self->timer_source);
  g_clear_pointer (&self->listen, _sd_pg_listen_free);
  set_listening (self, FALSE);
  self->timer_source = attach (self, g_timeout_source_new (self->retry_ms), retry_cb);
  self->retry_ms = MIN (self->retry_ms * 2, LAST_RETRY_MS);
}

static gboolean
connect_timeout_cb (gpointer data)
{
  SdChangeWatch *self = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->timer_source, g_source_unref);
  g_set_error (&error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               _("Not hearing the other desktops’ changes: the server did not answer within %d s"),
               CONNECT_TIMEOUT_S);
  give_up_connection (self, error);
  return G_SOURCE_REMOVE;
}

static gboolean io_ready_cb (int fd, GIOCondition condition, gpointer data);

/* Waits on the listening socket for WAIT; the source in place is kept when it is that. */
static gboolean
wait_for (SdChangeWatch  *self,
          SdPgListenWait  wait)
{
  int fd = _sd_pg_listen_socket (self->listen);
  GIOCondition condition = (wait == SD_PG_LISTEN_WAIT_WRITE ? G_IO_OUT : G_IO_IN) | G_IO_HUP | G_IO_ERR;

  if (self->io_source != NULL && self->io_fd == fd && self->io_condition == condition)
    return G_SOURCE_CONTINUE;
  clear_source (&self->io_source);
  self->io_fd = fd;
  self->io_condition = condition;
  self->io_source = g_unix_fd_source_new (fd, condition);
  g_source_set_callback (self->io_source, G_SOURCE_FUNC (io_ready_cb), self, NULL);
  g_source_attach (self->io_source, self->context);
  return G_SOURCE_REMOVE;
}

static void
now_listening (SdChangeWatch *self)
{
  clear_source (&self->timer_source);
  g_clear_pointer (&self->problem, g_free);
  self->retry_ms = FIRST_RETRY_MS;
  /* Back after a loss: what changed meanwhile went by unheard. */
  if (self->listened_before)
    for (const char *const *table = _sd_pg_listen_tables (); *table != NULL; table++)
      g_hash_table_add (self->pending, g_strdup (*table));
  self->listened_before = TRUE;
  set_listening (self, TRUE);
}

static gboolean
io_ready_cb (int           fd,
             GIOCondition  condition,
             gpointer      data)
{
  SdChangeWatch *self = data;
  /* Who hears "listening" may let the watch go. */
  g_autoptr(SdChangeWatch) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  SdPgListenWait wait = _sd_pg_listen_step (self->listen, tables, &error);

  if (wait == SD_PG_LISTEN_FAILED)
    {
      /* Its source goes with the connection; this call is its last. */
      g_clear_pointer (&self->io_source, g_source_unref);
      give_up_connection (self, error);
      return G_SOURCE_REMOVE;
    }
  if (!self->listening && _sd_pg_listen_is_listening (self->listen))
    {
      now_listening (self);
      if (self->listen == NULL)
        return G_SOURCE_REMOVE;
    }
  for (guint i = 0; i < tables->len; i++)
    g_hash_table_add (self->pending, g_steal_pointer (&tables->pdata[i]));
  schedule_emit (self);
  if (wait_for (self, wait) == G_SOURCE_CONTINUE)
    return G_SOURCE_CONTINUE;
  return G_SOURCE_REMOVE;
}

static void
connect_now (SdChangeWatch *self)
{
  g_autoptr(GError) error = NULL;

  self->listen = _sd_pg_listen_start (self->where, &error);
  if (self->listen == NULL)
    {
      give_up_connection (self, error);
      return;
    }
  /* libpq's first wait while connecting is for writing. */
  wait_for (self, SD_PG_LISTEN_WAIT_WRITE);
  self->timer_source = attach (self, g_timeout_source_new_seconds (CONNECT_TIMEOUT_S), connect_timeout_cb);
}

static void
sd_change_watch_dispose (GObject *object)
{
  SdChangeWatch *self = SD_CHANGE_WATCH (object);

  clear_source (&self->io_source);
  clear_source (&self->timer_source);
  clear_source (&self->emit_source);
  g_clear_pointer (&self->listen, _sd_pg_listen_free);
  G_OBJECT_CLASS (sd_change_watch_parent_class)->dispose (object);
}

static void
sd_change_watch_finalize (GObject *object)
{
  SdChangeWatch *self = SD_CHANGE_WATCH (object);

  g_hash_table_unref (self->pending);
  g_main_context_unref (self->context);
  g_free (self->where);
  g_free (self->problem);
  G_OBJECT_CLASS (sd_change_watch_parent_class)->finalize (object);
}

static void
sd_change_watch_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SdChangeWatch *self = SD_CHANGE_WATCH (object);

  switch (prop_id)
    {
    case PROP_LISTENING:
      g_value_set_boolean (value, self->listening);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_change_watch_class_init (SdChangeWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_change_watch_dispose;
  object_class->finalize = sd_change_watch_finalize;
  object_class->get_property = sd_change_watch_get_property;

  properties[PROP_LISTENING] =
    g_param_spec_boolean ("listening", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
sd_change_watch_init (SdChangeWatch *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->retry_ms = FIRST_RETRY_MS;
  self->io_fd = -1;
}

SdChangeWatch *
sd_change_watch_new (const char *where)
{
  SdChangeWatch *self;

  g_return_val_if_fail (where != NULL, NULL);

  self = g_object_new (SD_TYPE_CHANGE_WATCH, NULL);
  self->where = g_strdup (where);
  self->context = g_main_context_ref_thread_default ();
  /* A shop file has one desktop: nobody else changes it behind the window. */
  if (sd_db_is_team_url (where))
    connect_now (self);
  return self;
}

gboolean
sd_change_watch_get_listening (SdChangeWatch *self)
{
  g_return_val_if_fail (SD_IS_CHANGE_WATCH (self), FALSE);
  return self->listening;
}

const char *
sd_change_watch_get_problem (SdChangeWatch *self)
{
  g_return_val_if_fail (SD_IS_CHANGE_WATCH (self), NULL);
  return self->problem;
}

const char *const *
sd_change_watch_get_tables (void)
{
  return _sd_pg_listen_tables ();
}
