/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-import-issues-group"

#include <glib/gi18n.h>
#include <string.h>

#include "sd-csv.h"
#include "sd-import-issue-list.h"
#include "sd-import-issues-group.h"
#include "sd-import.h"
#include "sd-values.h"

typedef enum
{
  ISSUE_ROW,
  ISSUE_COLUMN,
  ISSUE_REASON,
  N_ISSUE_COLUMNS
} IssueColumn;

struct _SdImportIssuesGroup
{
  AdwPreferencesGroup  parent_instance;

  GtkColumnView       *issues_view;

  SdImportIssueList   *issues;
  GFile               *source;
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (SdImportIssuesGroup, sd_import_issues_group, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (SdImportIssuesGroup *self,
       const char          *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static void
setup_issue_cell_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  static const int widths[N_ISSUE_COLUMNS] = { 6, 10, 24 };
  IssueColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == ISSUE_ROW ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), widths[column]);
  if (column == ISSUE_ROW)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_issue_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  IssueColumn column = GPOINTER_TO_INT (user_data);
  const SdImportIssue *issue = sd_import_issue_item_get_issue (gtk_list_item_get_item (item));
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *row = NULL;

  switch (column)
    {
    case ISSUE_ROW:
      row = sd_format_count (issue->row);
      gtk_label_set_label (label, row);
      break;
    case ISSUE_COLUMN:
      gtk_label_set_label (label, issue->column);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), *issue->column ? issue->column : NULL);
      break;
    case ISSUE_REASON:
      gtk_label_set_label (label, issue->message);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), issue->message);
      break;
    case N_ISSUE_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
add_issue_columns (SdImportIssuesGroup *self)
{
  static const char *titles[N_ISSUE_COLUMNS] = { N_("Row"), N_("Column"), N_("Reason") };

  for (IssueColumn i = 0; i < N_ISSUE_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_issue_cell_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_issue_cell_cb), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (g_dgettext (GETTEXT_PACKAGE, titles[i]), factory);
      gtk_column_view_column_set_expand (column, i == ISSUE_REASON);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->issues_view, column);
    }
}

/* A cell of tab-separated text: what would break the line or the column goes. */
static void
append_tsv_cell (GString    *out,
                 const char *text)
{
  for (const char *p = text; *p; p++)
    g_string_append_c (out, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

static void
copy_cb (SdImportIssuesGroup *self)
{
  GPtrArray *issues = self->issues ? sd_import_issue_list_get_issues (self->issues) : NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;

  if (issues == NULL || issues->len == 0)
    return;
  text = g_string_new (NULL);
  g_string_append_printf (text, "%s\t%s\t%s\n", _("Row"), _("Column"), _("Reason"));
  for (guint i = 0; i < issues->len; i++)
    {
      const SdImportIssue *issue = g_ptr_array_index (issues, i);

      g_string_append_printf (text, "%u\t", issue->row);
      append_tsv_cell (text, issue->column);
      g_string_append_c (text, '\t');
      append_tsv_cell (text, issue->message);
      g_string_append_c (text, '\n');
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text->str);
  count = sd_format_count (issues->len);
  message = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "Copied %s rejected row", "Copied %s rejected rows", issues->len),
    count);
  toast (self, message);
}

typedef struct
{
  GPtrArray *issues;
  GFile     *file;
  char      *headers[N_ISSUE_COLUMNS];
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_ptr_array_unref (job->issues);
  g_object_unref (job->file);
  for (guint i = 0; i < N_ISSUE_COLUMNS; i++)
    g_free (job->headers[i]);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");   /* so Excel and WPS read UTF-8 */
  GError *error = NULL;

  /* The CSV writer neutralises cells that a spreadsheet would run as formulas. */
  sd_csv_append_row (out, (const char * const *) job->headers, N_ISSUE_COLUMNS);
  for (guint i = 0; i < job->issues->len; i++)
    {
      const SdImportIssue *issue = g_ptr_array_index (job->issues, i);
      g_autofree char *row = g_strdup_printf ("%u", issue->row);
      const char *fields[N_ISSUE_COLUMNS] = { row, issue->column, issue->message };

      sd_csv_append_row (out, fields, N_ISSUE_COLUMNS);
    }
  if (!g_file_replace_contents (job->file, out->str, out->len, NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdImportIssuesGroup *self = SD_IMPORT_ISSUES_GROUP (source);
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_file_get_basename (job->file);
  g_autofree char *message = NULL;

  if (self->disposed)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    /* TRANSLATORS: "Could not save rejected.csv: Permission denied" */
    message = g_strdup_printf (_("Could not save %s: %s"), base, error->message);
  else
    /* TRANSLATORS: "Saved the rejected rows to rejected.csv" */
    message = g_strdup_printf (_("Saved the rejected rows to %s"), base);
  toast (self, message);
}

static void
save_response_cb (GtkNativeDialog     *chooser,
                  int                  response,
                  SdImportIssuesGroup *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->issues != NULL && !self->disposed)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, save_done_cb, NULL);
      SaveJob *job = g_new0 (SaveJob, 1);

      job->issues = g_ptr_array_ref (sd_import_issue_list_get_issues (self->issues));
      job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      job->headers[ISSUE_ROW] = g_strdup (_("Row"));
      job->headers[ISSUE_COLUMN] = g_strdup (_("Column"));
      job->headers[ISSUE_REASON] = g_strdup (_("Reason"));
      g_task_set_source_tag (task, save_response_cb);
      g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
      g_task_run_in_thread (task, save_thread);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
save_cb (SdImportIssuesGroup *self)
{
  GtkFileChooserNative *chooser;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *base = self->source ? g_file_get_basename (self->source) : g_strdup ("import");
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  char *dot;

  if (self->issues == NULL)
    return;
  stem = g_strdup (base);
  dot = strrchr (stem, '.');
  if (dot != NULL && dot != stem)
    *dot = '\0';
  /* TRANSLATORS: file name suggested for the rejected rows of orders.csv:
   * "orders-rejected-rows.csv" */
  name = g_strdup_printf (_("%s-rejected-rows.csv"), stem);

  chooser = gtk_file_chooser_native_new (_("Save the Rejected Rows"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Beside the file they came from, to be corrected there. */
  if (self->source != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->source);
      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
sd_import_issues_group_set_issues (SdImportIssuesGroup *self,
                                   GPtrArray           *issues,
                                   GFile               *source)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (SD_IS_IMPORT_ISSUES_GROUP (self));

  gtk_column_view_set_model (self->issues_view, NULL);
  g_clear_object (&self->issues);
  g_set_object (&self->source, source);
  gtk_widget_set_visible (GTK_WIDGET (self), issues != NULL && issues->len > 0);
  if (issues == NULL || issues->len == 0)
    return;

  self->issues = sd_import_issue_list_new (issues);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->issues)));
  gtk_column_view_set_model (self->issues_view, GTK_SELECTION_MODEL (selection));
  count = sd_format_count (issues->len);
  title = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "Rejected Rows (%s)", "Rejected Rows (%s)", issues->len), count);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), title);
}

GtkWidget *
sd_import_issues_group_new (void)
{
  return g_object_new (SD_TYPE_IMPORT_ISSUES_GROUP, NULL);
}

static void
sd_import_issues_group_dispose (GObject *object)
{
  SdImportIssuesGroup *self = SD_IMPORT_ISSUES_GROUP (object);

  self->disposed = TRUE;
  if (self->issues_view != NULL)
    gtk_column_view_set_model (self->issues_view, NULL);
  g_clear_object (&self->issues);
  g_clear_object (&self->source);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_IMPORT_ISSUES_GROUP);
  G_OBJECT_CLASS (sd_import_issues_group_parent_class)->dispose (object);
}

static void
sd_import_issues_group_class_init (SdImportIssuesGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_import_issues_group_dispose;

  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-import-issues-group.ui");
  gtk_widget_class_bind_template_child (widget_class, SdImportIssuesGroup, issues_view);
  gtk_widget_class_bind_template_callback (widget_class, copy_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
}

static void
sd_import_issues_group_init (SdImportIssuesGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_issue_columns (self);
}
