/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-chatlog-dialog"

#include <glib/gi18n.h>

#include "sd-chatlog-dialog.h"
#include "sd-chatlog.h"
#include "sd-file-chooser.h"
#include "sd-import-issues-group.h"
#include "sd-import-run.h"
#include "sd-values.h"

struct _SdChatlogDialog
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkButton           *cancel_button;
  GtkButton           *import_button;
  GtkButton           *stop_button;
  GtkButton           *done_button;
  AdwActionRow        *file_row;
  AdwComboRow         *encoding_row;
  GtkProgressBar      *progress_bar;
  GtkLabel            *progress_label;
  GtkImage            *result_icon;
  GtkLabel            *result_title;
  GtkLabel            *result_description;
  AdwPreferencesGroup *counts_group;
  GtkLabel            *conversations_label;
  GtkLabel            *messages_label;
  GtkLabel            *known_label;
  GtkLabel            *rows_label;
  GtkLabel            *encoding_label;
  SdImportIssuesGroup *issues_group;

  SdWindow            *window;      /* weak */
  GFile               *file;
  GCancellable        *cancellable; /* while importing */
  guint                tick_id;
};

G_DEFINE_FINAL_TYPE (SdChatlogDialog, sd_chatlog_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  SdSession        *session;
  char             *path;
  SdChatlogOptions  options;
  SdImportShared    shared;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_object_unref (job->session);
  g_free (job->path);
  sd_import_shared_clear (&job->shared);
  g_free (job);
}

static void
show_page (SdChatlogDialog *self,
           const char      *page)
{
  gboolean choose = g_str_equal (page, "choose");
  gboolean running = g_str_equal (page, "running");

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), choose);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), choose);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), g_str_equal (page, "result"));
  if (g_str_equal (page, "result"))
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->done_button));
}

static void
set_file (SdChatlogDialog *self,
          GFile           *file)
{
  g_autofree char *name = NULL;

  g_set_object (&self->file, file);
  if (file != NULL)
    name = g_file_get_basename (file);
  adw_action_row_set_subtitle (self->file_row, name != NULL ? name : _("No file chosen"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            file != NULL && g_file_peek_path (file) != NULL);
}

static void
file_chosen_cb (GtkWidget *owner,
                GFile     *file)
{
  set_file (SD_CHATLOG_DIALOG (owner), file);
}

static void
choose_cb (SdChatlogDialog *self)
{
  static const char * const suffixes[] = { "csv", "txt", NULL };

  sd_file_chooser_open (GTK_WIDGET (self), _("Choose a Chat Log"), _("_Open"), _("CSV files"), suffixes,
                        file_chosen_cb);
}

/* ---- the run ---- */

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError *error = NULL;
  g_autoptr(SdSession) session = NULL;
  SdChatlogResult *result = NULL;

  /* A connection of its own: the window's belongs to the main thread. */
  session = sd_session_open_copy (job->session, &error);
  if (session == NULL ||
      !sd_chatlog_import (session, job->path, &job->options, sd_import_shared_report, &job->shared, cancellable,
                          &result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) sd_chatlog_result_free);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  SdChatlogDialog *self = user_data;
  GTask *task = g_object_get_data (G_OBJECT (self), "task");
  ImportJob *job = task != NULL ? g_task_get_task_data (task) : NULL;
  SdImportProgress p;
  g_autofree char *rows = NULL;
  g_autofree char *text = NULL;

  if (job == NULL)
    return G_SOURCE_CONTINUE;
  sd_import_shared_read (&job->shared, &p);
  sd_import_show_fraction (self->progress_bar, &p);
  rows = sd_format_count ((gint64) p.rows);
  /* TRANSLATORS: progress of a chat-log import: "1,234 rows read" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row read", "%s rows read",
                                       (gulong) p.rows), rows);
  gtk_label_set_label (self->progress_label, text);
  return G_SOURCE_CONTINUE;
}

static char *
describe_result (const SdChatlogResult *result)
{
  g_autofree char *conversations = sd_format_count ((gint64) result->conversations);
  g_autofree char *added = NULL;

  /* TRANSLATORS: "Added 12 conversations" */
  added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %s conversation",
                                        "Added %s conversations", (gulong) result->conversations),
                           conversations);
  if (result->bad_rows > 0)
    {
      g_autofree char *bad = sd_format_count ((gint64) result->bad_rows);

      /* TRANSLATORS: the first %s is "Added 12 conversations" */
      return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "%s. %s row had a problem and was left out: it is listed below.",
                     "%s. %s rows had a problem and were left out: they are listed below.",
                     (gulong) result->bad_rows),
        added, bad);
    }
  if (result->conversations == 0 && result->known > 0)
    return g_strdup (_("Every conversation of this file is in the shop already: nothing was "
                       "added."));
  /* TRANSLATORS: %s is "Added 12 conversations": the end of a sentence */
  return g_strdup_printf (_("%s."), added);
}

static void
show_result (SdChatlogDialog       *self,
             const SdChatlogResult *result,
             const GError          *error)
{
  show_page (self, "result");
  gtk_widget_set_visible (GTK_WIDGET (self->counts_group), result != NULL);
  sd_import_issues_group_set_issues (self->issues_group, result ? result->errors : NULL,
                                     self->file);
  if (result == NULL)
    {
      sd_import_show_failure (self->result_icon, self->result_title, self->result_description, error,
                              _("The conversations imported before you stopped stay. "
                                "Import the same file again to finish: conversations "
                                "already imported are not imported twice."));
      return;
    }
  {
    g_autofree char *text = describe_result (result);

    gtk_image_set_from_icon_name (self->result_icon, "object-select-symbolic");
    gtk_label_set_label (self->result_title, _("Import Complete"));
    gtk_label_set_label (self->result_description, text);
  }
  sd_import_show_count (self->conversations_label, result->conversations);
  sd_import_show_count (self->messages_label, result->messages);
  sd_import_show_count (self->known_label, result->known);
  sd_import_show_count (self->rows_label, result->rows);
  gtk_label_set_label (self->encoding_label, sd_encoding_to_string (result->encoding));
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  SdChatlogDialog *self = SD_CHATLOG_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdChatlogResult) result = g_task_propagate_pointer (G_TASK (res), &error);
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&self->cancellable);
  SdWindow *window = self->window;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_object_set_data (G_OBJECT (self), "task", NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    show_result (self, result, error);
  if (window != NULL)
    {
      /* Even a stopped import may have committed batches. */
      if (sd_window_get_session (window) != NULL)
        sd_window_shop_changed (window);
      sd_window_end_job (window, cancellable);
    }
}

static void
import_cb (SdChatlogDialog *self)
{
  SdSession *session = self->window ? sd_window_get_session (self->window) : NULL;
  g_autoptr(GTask) task = NULL;
  ImportJob *job;
  static const SdEncoding encodings[] = { SD_ENCODING_AUTO, SD_ENCODING_UTF8, SD_ENCODING_GB18030 };
  guint chosen = adw_combo_row_get_selected (self->encoding_row);

  if (self->cancellable != NULL || self->file == NULL || session == NULL)
    return;
  job = g_new0 (ImportJob, 1);
  sd_import_shared_init (&job->shared);
  job->session = g_object_ref (session);
  job->path = g_file_get_path (self->file);
  job->options.encoding = encodings[MIN (chosen, G_N_ELEMENTS (encodings) - 1)];

  self->cancellable = g_cancellable_new ();
  sd_window_begin_job (self->window, self->cancellable);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->progress_label, _("Reading the file…"));
  show_page (self, "running");

  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, import_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  /* The tick reads the job's progress through the task while it runs. */
  g_object_set_data_full (G_OBJECT (self), "task", g_object_ref (task), g_object_unref);
  self->tick_id = g_timeout_add (200, progress_tick_cb, self);
  g_task_run_in_thread (task, import_thread);
}

static void
stop_cb (SdChatlogDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
issues_toast_cb (SdChatlogDialog *self,
                 const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* Closing while it runs stops the import; the rows committed so far stay. */
static gboolean
sd_chatlog_dialog_close_request (GtkWindow *window)
{
  SdChatlogDialog *self = SD_CHATLOG_DIALOG (window);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (sd_chatlog_dialog_parent_class)->close_request (window);
}

static void
sd_chatlog_dialog_dispose (GObject *object)
{
  SdChatlogDialog *self = SD_CHATLOG_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->file);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CHATLOG_DIALOG);
  G_OBJECT_CLASS (sd_chatlog_dialog_parent_class)->dispose (object);
}

static void
sd_chatlog_dialog_class_init (SdChatlogDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sd_chatlog_dialog_dispose;
  window_class->close_request = sd_chatlog_dialog_close_request;

  g_type_ensure (SD_TYPE_IMPORT_ISSUES_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-chatlog-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, result_icon);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, result_title);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, result_description);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, counts_group);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, conversations_label);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, messages_label);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, known_label);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, rows_label);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, encoding_label);
  gtk_widget_class_bind_template_child (widget_class, SdChatlogDialog, issues_group);
  gtk_widget_class_bind_template_callback (widget_class, choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, issues_toast_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_chatlog_dialog_init (SdChatlogDialog *self)
{
  g_autoptr(GtkStringList) encodings = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (encodings, _("Detect"));
  gtk_string_list_append (encodings, "UTF-8");
  gtk_string_list_append (encodings, "GB18030");
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (encodings));
  set_file (self, NULL);
  show_page (self, "choose");
}

void
sd_chatlog_dialog_present (SdWindow *window,
                           GFile    *file)
{
  SdChatlogDialog *self;

  g_return_if_fail (SD_IS_WINDOW (window));

  self = g_object_new (SD_TYPE_CHATLOG_DIALOG, "transient-for", window, "modal", TRUE, NULL);
  g_set_weak_pointer (&self->window, window);
  if (file != NULL)
    set_file (self, file);
  gtk_window_present (GTK_WINDOW (self));
}
