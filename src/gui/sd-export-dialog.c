/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-export-dialog"

#include <glib/gi18n.h>

#include "sd-format.h"
#include "sd-customers.h"
#include "sd-export-dialog.h"
#include "sd-export.h"
#include "sd-file-chooser.h"
#include "sd-values.h"

/* How often the progress of a running export is drawn. */
#define TICK_MS 200

/* Which customers go into the file. */
typedef enum
{
  SCOPE_ALL,
  SCOPE_QUERY,
  SCOPE_SELECTED,
  N_SCOPES
} Scope;

typedef struct
{
  SdSession       *session;    /* the account the worker acts as */
  SdCustomerQuery *queries[N_SCOPES];
  gint64           counts[N_SCOPES];
} CountJob;

typedef struct
{
  SdSession       *session;
  char            *path;
  SdCustomerQuery *query;
  SdExportFormat   format;
  gint             done;       /* written by the export's thread, read by the timer */
} ExportJob;

struct _SdExportDialog
{
  AdwWindow         parent_instance;

  SdWindow         *window;
  SdCustomerQuery  *queries[N_SCOPES];   /* NULL where that choice is not offered */
  gint64            counts[N_SCOPES];    /* -1 until counted */
  GCancellable     *count_cancellable;
  GCancellable     *cancellable;         /* the running export */
  GTask            *task;
  guint             tick_id;
  gboolean          disposed;

  GtkButton        *cancel_button;
  GtkButton        *export_button;
  GtkStack         *stack;
  AdwActionRow     *all_row;
  AdwActionRow     *query_row;
  AdwActionRow     *selected_row;
  GtkCheckButton   *all_check;
  GtkCheckButton   *query_check;
  GtkCheckButton   *selected_check;
  GtkCheckButton   *csv_check;
  GtkCheckButton   *json_check;
  GtkLabel         *summary_label;
  GtkLabel         *error_label;
  GtkProgressBar   *progress_bar;
  GtkLabel         *progress_label;
  GtkButton        *stop_button;
};

G_DEFINE_FINAL_TYPE (SdExportDialog, sd_export_dialog, ADW_TYPE_WINDOW)

static void
count_job_free (CountJob *job)
{
  g_clear_object (&job->session);
  for (guint i = 0; i < N_SCOPES; i++)
    g_clear_pointer (&job->queries[i], sd_customer_query_free);
  g_free (job);
}

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->session);
  g_free (job->path);
  g_clear_pointer (&job->query, sd_customer_query_free);
  g_free (job);
}

static Scope
chosen_scope (SdExportDialog *self)
{
  if (gtk_check_button_get_active (self->selected_check) && self->queries[SCOPE_SELECTED] != NULL)
    return SCOPE_SELECTED;
  if (gtk_check_button_get_active (self->query_check) && self->queries[SCOPE_QUERY] != NULL)
    return SCOPE_QUERY;
  return SCOPE_ALL;
}

static SdExportFormat
chosen_format (SdExportDialog *self)
{
  return gtk_check_button_get_active (self->json_check) ? SD_EXPORT_JSON : SD_EXPORT_CSV;
}

static void
update_choices (SdExportDialog *self)
{
  AdwActionRow *rows[N_SCOPES] = { self->all_row, self->query_row, self->selected_row };
  Scope scope = chosen_scope (self);
  gint64 count = self->counts[scope];
  g_autofree char *summary = NULL;

  for (Scope i = 0; i < N_SCOPES; i++)
    {
      g_autofree char *subtitle =
        self->counts[i] >= 0 ? sd_format_customers (self->counts[i]) : g_strdup (_("Counting…"));
      adw_action_row_set_subtitle (rows[i], subtitle);
    }

  /* What leaves the shop is said plainly: the file is readable by anyone who gets it. */
  if (count < 0)
    summary = g_strdup (
      _("The file will hold these customers with their full phone numbers, addresses, notes "
                          "and tags. Anyone who has the file can read them: keep it safe."));
  else if (count == 0)
    summary = g_strdup (_("No customer matches this choice: the file would be empty."));
  else
    {
      g_autofree char *number = sd_format_count (count);
      summary = g_strdup_printf (
        g_dngettext (
          GETTEXT_PACKAGE,
          "The file will hold %s customer with their full phone number, address, notes and tags. "
          "Anyone who has the file can read them: keep it safe.",
          "The file will hold %s customers with their full phone numbers, addresses, notes and "
          "tags. Anyone who has the file can read them: keep it safe.",
          (gulong) count),
        number);
    }
  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), count != 0);
}

static void
choices_changed_cb (SdExportDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_choices (self);
}

/* ---- counting ---- */

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountJob *job = task_data;
  GError *error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (job->session, &error);

  for (guint i = 0; session != NULL && i < N_SCOPES; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        break;
      job->counts[i] = job->queries[i] ? sd_customers_count (session, job->queries[i], &error) : 0;
      if (job->counts[i] < 0)
        break;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
count_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SdExportDialog *self = SD_EXPORT_DIALOG (source);
  CountJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the customers to export: %s", error->message);
      return;
    }
  if (self->disposed)
    return;
  for (guint i = 0; i < N_SCOPES; i++)
    if (self->queries[i] != NULL)
      self->counts[i] = job->counts[i];
  update_choices (self);
}

static void
start_counting (SdExportDialog *self,
                SdSession      *session)
{
  g_autoptr(GTask) task = NULL;
  CountJob *job = g_new0 (CountJob, 1);

  job->session = g_object_ref (session);
  for (guint i = 0; i < N_SCOPES; i++)
    job->queries[i] = self->queries[i] ? sd_customer_query_copy (self->queries[i]) : NULL;
  self->count_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->count_cancellable, count_done_cb, NULL);
  g_task_set_source_tag (task, start_counting);
  g_task_set_task_data (task, job, (GDestroyNotify) count_job_free);
  g_task_run_in_thread (task, count_thread);
}

/* ---- exporting ---- */

static void
export_progress (guint64  done,
                 gpointer user_data)
{
  ExportJob *job = user_data;

  g_atomic_int_set (&job->done, (gint) MIN (done, G_MAXINT));
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  g_autoptr(SdSession) session = NULL;
  guint64 count = 0;

  /* A connection of its own: the window's belongs to the main thread. */
  session = sd_session_open_copy (job->session, &error);
  if (session == NULL ||
      !sd_export_customers_to_path_full (session, job->query, job->format, job->path,
                                         export_progress, job, &count, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, (gssize) count);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  SdExportDialog *self = user_data;
  ExportJob *job = g_task_get_task_data (self->task);
  gint64 total = self->counts[chosen_scope (self)];
  gint64 done = g_atomic_int_get (&job->done);
  g_autofree char *done_text = sd_format_count (done);
  g_autofree char *total_text = NULL;
  g_autofree char *text = NULL;

  if (total <= 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      text = sd_format_customers (done);
    }
  else
    {
      total_text = sd_format_count (total);
      gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / (double) total));
      /* TRANSLATORS: export progress: "12,000 of 50,000 customers" */
      text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%s of %s customer", "%s of %s customers", (gulong) total),
        done_text, total_text);
    }
  gtk_label_set_label (self->progress_label, text);
  return G_SOURCE_CONTINUE;
}

static void
show_running (SdExportDialog *self,
              gboolean        running)
{
  gtk_stack_set_visible_child_name (self->stack, running ? "running" : "choices");
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), TRUE);
  gtk_button_set_label (self->stop_button, _("_Stop"));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SdExportDialog *self = SD_EXPORT_DIALOG (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&self->cancellable);
  g_autoptr(SdWindow) window = g_object_ref (self->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (job->path);
  g_autofree char *message = NULL;
  gssize count;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->task);
  count = g_task_propagate_int (G_TASK (result), &error);

  if (error == NULL)
    {
      g_autofree char *number = sd_format_count (count);
      /* TRANSLATORS: "Exported 12,345 customers to customers-2026-11-22.csv" */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s customer to %s",
                                              "Exported %s customers to %s", (gulong) count),
                                 number, base);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Export stopped: no file was written."));
  else if (self->disposed)
    message = g_strdup_printf (_("Could not export: %s"), error->message);

  if (error != NULL && message == NULL)
    {
      /* The choices stay, with what went wrong, to try again elsewhere. */
      g_autofree char *text = g_strdup_printf (_("Could not export: %s"), error->message);
      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      show_running (self, FALSE);
    }
  else if (!self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));

  if (message != NULL && gtk_widget_get_visible (GTK_WIDGET (window)))
    sd_window_add_toast (window, adw_toast_new (message));
  /* Last: it may destroy the window, when it was waiting for this export to close. */
  sd_window_end_job (window, cancellable);
}

static void
start_export (SdExportDialog *self,
              const char     *path)
{
  SdSession *session = sd_window_get_session (self->window);
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  if (session == NULL || self->cancellable != NULL)
    return;

  job = g_new0 (ExportJob, 1);
  job->session = g_object_ref (session);
  job->path = g_strdup (path);
  job->query = sd_customer_query_copy (self->queries[chosen_scope (self)]);
  job->format = chosen_format (self);

  self->cancellable = g_cancellable_new ();
  sd_window_begin_job (self->window, self->cancellable);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->progress_label, "");
  show_running (self, TRUE);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, start_export);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  self->task = g_object_ref (task);
  self->tick_id = g_timeout_add (TICK_MS, progress_tick_cb, self);
  g_task_run_in_thread (task, export_thread);
}

static void
file_chosen_cb (GtkWidget *owner,
                GFile     *file)
{
  SdExportDialog *self = SD_EXPORT_DIALOG (owner);
  g_autofree char *path = NULL;

  if (self->disposed)
    return;
  path = g_file_get_path (file);
  if (path != NULL)
    start_export (self, path);
  else
    {
      gtk_label_set_label (self->error_label,
                           _("Choose a folder on this computer or a mounted drive."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
}

static void
export_cb (SdExportDialog *self)
{
  SdExportFormat format = chosen_format (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;

  if (self->cancellable != NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->export_button)))
    return;

  /* TRANSLATORS: suggested file name of an export, with the date: "customers-2026-11-22" */
  stem = g_strdup_printf (_("customers-%s"), date);
  name = g_strdup_printf ("%s.%s", stem, format == SD_EXPORT_JSON ? "json" : "csv");
  sd_file_chooser_save (GTK_WIDGET (self), _("Export Customers"), name,
                        format == SD_EXPORT_JSON ? _("JSON files") : _("CSV files"),
                        format == SD_EXPORT_JSON ? "json" : "csv", file_chosen_cb);
}

/* ---- the object ---- */

static gboolean
sd_export_dialog_close_request (GtkWindow *window)
{
  SdExportDialog *self = SD_EXPORT_DIALOG (window);

  if (self->cancellable == NULL)
    return GTK_WINDOW_CLASS (sd_export_dialog_parent_class)->close_request (window);

  /* Nothing is lost by stopping: the file appears whole or not at all. The dialog goes
   * once the export has stopped. */
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), FALSE);
  gtk_button_set_label (self->stop_button, _("Stopping…"));
  return TRUE;
}

static void
sd_export_dialog_dispose (GObject *object)
{
  SdExportDialog *self = SD_EXPORT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  /* A running export is stopped; its callback still ends the window's job. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (sd_export_dialog_parent_class)->dispose (object);
}

static void
sd_export_dialog_finalize (GObject *object)
{
  SdExportDialog *self = SD_EXPORT_DIALOG (object);

  g_clear_object (&self->window);
  for (guint i = 0; i < N_SCOPES; i++)
    g_clear_pointer (&self->queries[i], sd_customer_query_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->task);
  G_OBJECT_CLASS (sd_export_dialog_parent_class)->finalize (object);
}

static void
sd_export_dialog_class_init (SdExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sd_export_dialog_dispose;
  object_class->finalize = sd_export_dialog_finalize;
  window_class->close_request = sd_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, all_check);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, all_row);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, csv_check);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, json_check);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, query_check);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, query_row);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, selected_check);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, selected_row);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SdExportDialog, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, choices_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_export_dialog_init (SdExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < N_SCOPES; i++)
    self->counts[i] = -1;
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->export_button));
}

void
sd_export_dialog_present (SdWindow              *window,
                          const SdCustomerQuery *query,
                          GArray                *selected)
{
  SdSession *session;
  SdExportDialog *self;

  g_return_if_fail (SD_IS_WINDOW (window));

  session = sd_window_get_session (window);
  if (session == NULL)
    return;

  self = g_object_new (SD_TYPE_EXPORT_DIALOG, "transient-for", window, NULL);
  self->window = g_object_ref (window);
  self->queries[SCOPE_ALL] = sd_customer_query_new ();
  if (sd_customer_query_is_narrowed (query))
    self->queries[SCOPE_QUERY] = sd_customer_query_copy (query);
  if (selected != NULL && selected->len > 0)
    {
      self->queries[SCOPE_SELECTED] = sd_customer_query_new ();
      self->queries[SCOPE_SELECTED]->ids = g_array_copy (selected);
    }

  /* The narrowest choice offered is the likeliest meant: what the person is looking at. */
  gtk_widget_set_visible (GTK_WIDGET (self->query_row), self->queries[SCOPE_QUERY] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->selected_row), self->queries[SCOPE_SELECTED] != NULL);
  if (self->queries[SCOPE_SELECTED] != NULL)
    gtk_check_button_set_active (self->selected_check, TRUE);
  else if (self->queries[SCOPE_QUERY] != NULL)
    gtk_check_button_set_active (self->query_check, TRUE);

  update_choices (self);
  start_counting (self, session);
  gtk_window_present (GTK_WINDOW (self));
}
