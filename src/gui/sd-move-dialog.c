/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-move-dialog"

#include "sd-i18n.h"

#include "sd-move-dialog.h"
#include "sd-team.h"
#include "sd-team-address.h"
#include "sd-values.h"

struct _SdMoveDialog
{
  AdwWindow              parent_instance;

  GtkStack              *stack;
  GtkButton             *cancel_button;
  GtkButton             *move_button;
  GtkButton             *stop_button;
  AdwPreferencesGroup   *address_group;
  GtkLabel              *error_label;
  GtkSpinner            *spinner;
  GtkLabel              *progress_label;
  AdwExpanderRow        *tables_row;
  GtkButton             *keep_button;
  GtkButton             *open_button;
  GtkWidget             *address_row;
  GtkWidget             *password_row;

  SdWindow              *window;      /* weak */
  SdTeamDialogStartFunc  started;
  SdTeamDialogDoneFunc   done;
  gpointer               user_data;
  char                  *url;         /* of the move under way or done, without its password */
  char                  *password;
  GCancellable          *cancellable; /* while moving */
  guint                  tick_id;
};

G_DEFINE_FINAL_TYPE (SdMoveDialog, sd_move_dialog, ADW_TYPE_WINDOW)

/* The move on its worker thread, and how far it got, which the dialog reads. */
typedef struct
{
  SdSession *session;   /* the window's: only sd_session_open_copy () reads it */
  char      *url;
  char      *password;
  GMutex     lock;
  char      *table;     /* being copied; NULL: none yet */
  gint64     rows_done;
  gint64     rows_total;
} MoveJob;

static void
move_job_free (MoveJob *job)
{
  g_object_unref (job->session);
  g_free (job->url);
  sd_team_password_free (job->password);
  g_mutex_clear (&job->lock);
  g_free (job->table);
  g_free (job);
}

static void
show_page (SdMoveDialog *self,
           const char   *page)
{
  gboolean ask = g_str_equal (page, "ask");
  gboolean moving = g_str_equal (page, "moving");

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), ask);
  gtk_widget_set_visible (GTK_WIDGET (self->move_button), ask);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), moving);
  gtk_widget_set_visible (GTK_WIDGET (self->keep_button), g_str_equal (page, "moved"));
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), g_str_equal (page, "moved"));
  gtk_spinner_set_spinning (self->spinner, moving);
  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 ask ? GTK_WIDGET (self->move_button)
                                     : g_str_equal (page, "moved") ? GTK_WIDGET (self->open_button) : NULL);
}

static void
show_problem (SdMoveDialog *self,
              const char   *problem)
{
  gtk_label_set_label (self->error_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);
}

static void
address_changed_cb (SdMoveDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->move_button),
                            *gtk_editable_get_text (GTK_EDITABLE (self->address_row)) != '\0');
}

/* ---- the move ---- */

static void
progress_cb (const char *table,
             gint64      rows_done,
             gint64      rows_total,
             gpointer    user_data)
{
  MoveJob *job = user_data;

  g_mutex_lock (&job->lock);
  if (g_strcmp0 (job->table, table) != 0)
    {
      g_free (job->table);
      job->table = g_strdup (table);
    }
  job->rows_done = rows_done;
  job->rows_total = rows_total;
  g_mutex_unlock (&job->lock);
}

static void
move_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MoveJob *job = task_data;
  GError *error = NULL;
  g_autoptr(SdSession) session = NULL;
  GPtrArray *checks = NULL;

  /* Connections of its own: the window's belongs to the main thread. The password is kept
   * for the team shop's connections that follow (Open Team Shop, its jobs). */
  sd_db_set_team_password (job->url, job->password);
  session = sd_session_open_copy (job->session, &error);
  if (session != NULL)
    checks = sd_team_move_shop (session, job->url, progress_cb, job, cancellable, &error);
  if (checks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, checks, (GDestroyNotify) g_ptr_array_unref);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  SdMoveDialog *self = user_data;
  GTask *task = g_object_get_data (G_OBJECT (self), "task");
  MoveJob *job = task != NULL ? g_task_get_task_data (task) : NULL;
  g_autofree char *text = NULL;

  if (job == NULL)
    return G_SOURCE_CONTINUE;
  g_mutex_lock (&job->lock);
  if (job->table != NULL)
    {
      g_autofree char *done = sd_format_count (job->rows_done);
      g_autofree char *total = sd_format_count (job->rows_total);

      /* TRANSLATORS: "Copying “customers”: 1,200 of 5,000 rows"; the table's name is as
       * the database names it */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Copying “%s”: %s of %s row",
                                           "Copying “%s”: %s of %s rows", (gulong) job->rows_total),
                              job->table, done, total);
    }
  g_mutex_unlock (&job->lock);
  if (text != NULL)
    gtk_label_set_label (self->progress_label, text);
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
table_row_new (const SdTeamTableCheck *check)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *rows = sd_format_count (check->rows_file);
  g_autofree char *sum = NULL;
  GtkWidget *count = gtk_label_new (rows);

  /* TRANSLATORS: a table's checksum, the same in the file and the team database: "SHA-256
   * 3f2a9c01d4e5b6a7…" */
  sum = g_strdup_printf (_("SHA-256 %.16s… on both sides"), check->checksum_file);
  gtk_widget_set_name (row, check->table);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), check->table);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sum);
  gtk_widget_add_css_class (count, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);
  return row;
}

static void
show_moved (SdMoveDialog *self,
            GPtrArray    *checks)
{
  gint64 rows = 0;
  g_autofree char *rows_text = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *rows_part = NULL;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < checks->len; i++)
    {
      const SdTeamTableCheck *check = checks->pdata[i];

      rows += check->rows_file;
      adw_expander_row_add_row (self->tables_row, table_row_new (check));
    }
  rows_text = sd_format_count (rows);
  /* TRANSLATORS: the first part of "35 tables, 12,345 rows: every count and checksum matches" */
  tables = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u table", "%u tables", checks->len), checks->len);
  /* TRANSLATORS: the second part of "35 tables, 12,345 rows: every count and checksum matches" */
  rows_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", (gulong) rows), rows_text);
  /* TRANSLATORS: "35 tables, 12,345 rows: every count and checksum matches" (in the file and
   * in the team database) */
  summary = g_strdup_printf (_("%s, %s: every count and checksum matches"), tables, rows_part);
  adw_expander_row_set_subtitle (self->tables_row, summary);
  show_page (self, "moved");
  gtk_widget_grab_focus (GTK_WIDGET (self->open_button));
}

static void
move_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  SdMoveDialog *self = SD_MOVE_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = g_task_propagate_pointer (G_TASK (res), &error);
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&self->cancellable);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_object_set_data (G_OBJECT (self), "task", NULL);
  if (self->window != NULL)
    sd_window_end_job (self->window, cancellable);
  /* Closed meanwhile: the move was stopped, and there is nobody to tell. */
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  if (checks != NULL)
    {
      show_moved (self, checks);
      return;
    }
  /* Back to the address, as typed, with what went wrong. */
  show_page (self, "ask");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_problem (self, _("The move was stopped. Nothing was kept in the team database, and the shop file is "
                          "as it was."));
  else
    show_problem (self, error->message);
  gtk_widget_grab_focus (self->address_row);
}

static void
move_cb (SdMoveDialog *self)
{
  SdSession *session = self->window != NULL ? sd_window_get_session (self->window) : NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *connecting = NULL;
  MoveJob *job;

  if (self->cancellable != NULL || session == NULL)
    return;
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->password, sd_team_password_free);
  if (!sd_team_address_read (GTK_EDITABLE (self->address_row), GTK_EDITABLE (self->password_row), &self->url,
                             &self->password, &problem))
    {
      show_problem (self, problem);
      gtk_widget_grab_focus (self->address_row);
      return;
    }
  /* A password typed into the address shows where it went. */
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), self->url);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), self->password);
  show_problem (self, NULL);

  job = g_new0 (MoveJob, 1);
  g_mutex_init (&job->lock);
  job->session = g_object_ref (session);
  job->url = g_strdup (self->url);
  job->password = g_strdup (self->password);

  self->cancellable = g_cancellable_new ();
  sd_window_begin_job (self->window, self->cancellable);
  shown = sd_team_url_for_display (self->url);
  connecting = g_strdup_printf (_("Connecting to %s…"), shown);
  gtk_label_set_label (self->progress_label, connecting);
  show_page (self, "moving");

  task = g_task_new (self, self->cancellable, move_done_cb, NULL);
  g_task_set_source_tag (task, move_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) move_job_free);
  /* The tick reads the job's progress through the task while it runs. */
  g_object_set_data_full (G_OBJECT (self), "task", g_object_ref (task), g_object_unref);
  self->tick_id = g_timeout_add (200, progress_tick_cb, self);
  g_task_run_in_thread (task, move_thread);
}

static void
stop_cb (SdMoveDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* The team shop's login page, as Connect to a Team Database opens it, the owner's name
 * filled in: the move brought the accounts along. */
static void
open_team_cb (SdMoveDialog *self)
{
  SdWindow *window = self->window;
  SdSession *session = window != NULL ? sd_window_get_session (window) : NULL;

  if (window == NULL || self->url == NULL)
    return;
  if (session != NULL)
    sd_settings_set_last_user (sd_window_get_settings (window), self->url, sd_session_get_staff_name (session));
  sd_team_dialog_connect (GTK_WINDOW (window), self->url, self->password, self->started, self->done,
                          self->user_data);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Closing while it runs stops the move: the team database keeps nothing of it. */
static gboolean
sd_move_dialog_close_request (GtkWindow *window)
{
  SdMoveDialog *self = SD_MOVE_DIALOG (window);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (sd_move_dialog_parent_class)->close_request (window);
}

static void
sd_move_dialog_dispose (GObject *object)
{
  SdMoveDialog *self = SD_MOVE_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_weak_pointer (&self->window);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->password, sd_team_password_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_MOVE_DIALOG);
  G_OBJECT_CLASS (sd_move_dialog_parent_class)->dispose (object);
}

static void
sd_move_dialog_class_init (SdMoveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sd_move_dialog_dispose;
  window_class->close_request = sd_move_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-move-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, move_button);
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, address_group);
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, tables_row);
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, keep_button);
  gtk_widget_class_bind_template_child (widget_class, SdMoveDialog, open_button);
  gtk_widget_class_bind_template_callback (widget_class, move_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_team_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_move_dialog_init (SdMoveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->address_row = sd_team_address_row_new (NULL);
  self->password_row = sd_team_password_row_new ();
  adw_preferences_group_add (self->address_group, self->address_row);
  adw_preferences_group_add (self->address_group, self->password_row);
  g_signal_connect_object (self->address_row, "changed", G_CALLBACK (address_changed_cb), self, G_CONNECT_SWAPPED);
  address_changed_cb (self);
  show_page (self, "ask");
}

void
sd_move_dialog_present (SdWindow              *window,
                        SdTeamDialogStartFunc  started,
                        SdTeamDialogDoneFunc   done,
                        gpointer               user_data)
{
  SdMoveDialog *self;

  g_return_if_fail (SD_IS_WINDOW (window));

  self = g_object_new (SD_TYPE_MOVE_DIALOG, "transient-for", window, "modal", TRUE, NULL);
  g_set_weak_pointer (&self->window, window);
  self->started = started;
  self->done = done;
  self->user_data = user_data;
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (self->address_row);
}
