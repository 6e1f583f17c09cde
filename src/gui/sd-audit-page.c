/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-audit-page"

#include <glib/gi18n.h>

#include "sd-audit-list.h"
#include "sd-audit-page.h"
#include "sd-audit-row.h"
#include "sd-audit.h"
#include "sd-cell-label.h"
#include "sd-error.h"
#include "sd-file-chooser.h"
#include "sd-message.h"
#include "sd-staff.h"
#include "sd-values.h"

/* The view's columns, in the order shown. */
typedef enum
{
  COLUMN_TIME,
  COLUMN_ACCOUNT,
  COLUMN_ACTION,
  COLUMN_OBJECT,
  COLUMN_DETAIL,
  N_COLUMNS
} Column;

static const struct
{
  const char *title;
  int         width;       /* pixels; the detail takes the rest */
} columns[N_COLUMNS] = {
  [COLUMN_TIME] = { N_("Time"), 176 },
  [COLUMN_ACCOUNT] = { N_("Account"), 150 },
  [COLUMN_ACTION] = { N_("Action"), 170 },
  [COLUMN_OBJECT] = { N_("Object"), 130 },
  [COLUMN_DETAIL] = { N_("Detail"), -1 },
};

/* The time filter's choices, in the drop-down's order. */
typedef enum
{
  SINCE_ANY,
  SINCE_TODAY,
  SINCE_WEEK,
  SINCE_MONTH,
} Since;

struct _SdAuditPage
{
  AdwBin              parent_instance;

  SdSession          *session;
  SdAuditList        *list;
  GCancellable       *read_cancellable;   /* the read under way */
  GCancellable       *job_cancellable;    /* the check or export under way */
  guint               generation;
  GtkStringList      *accounts;           /* 0: "Anyone", then full names */
  GtkStringList      *actions;            /* 0: "Any action", then labels */
  const char * const *action_ids;
  gboolean            updating_filters;

  GtkDropDown        *account_filter;
  GtkDropDown        *action_filter;
  GtkRevealer        *banner;
  GtkWidget          *banner_box;
  GtkLabel           *banner_label;
  GtkButton          *clear_filters_button;
  GtkColumnView      *column_view;
  AdwStatusPage      *denied_page;
  GtkButton          *empty_clear_button;
  AdwStatusPage      *error_page;
  GtkWidget          *filter_bar;
  GtkWidget          *filter_separator;
  GtkButton          *sidebar_button;
  GtkDropDown        *since_filter;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  AdwWindowTitle     *title;
  AdwToastOverlay    *toast_overlay;
};

G_DEFINE_FINAL_TYPE (SdAuditPage, sd_audit_page, ADW_TYPE_BIN)

enum {
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- work on a worker thread, with its own connection ---- */

typedef struct
{
  SdSession *session;       /* the page's: only sd_session_open_on () reads it */
  gint64     since;
  char      *staff_name;
  char      *action;
  GFile     *file;          /* an export's */
  guint      generation;
} Job;

typedef struct
{
  gint64 entries;
  gint64 broken_id;
} VerifyResult;

typedef struct
{
  guint64  count;
  char    *name;
} ExportResult;

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  g_free (job->staff_name);
  g_free (job->action);
  g_clear_object (&job->file);
  g_free (job);
}

static void
export_result_free (ExportResult *result)
{
  g_free (result->name);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GError) error = NULL;
  SdAuditFilter filter = { job->since, 0, job->staff_name, job->action, 0 };
  GPtrArray *entries;

  session = sd_session_open_copy (job->session, &error);
  if (session == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  entries = sd_audit_list (session, &filter, &error);
  if (entries == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (g_cancellable_is_cancelled (cancellable))
    {
      /* Not shown: freed here, not on the main thread (100,000 entries take a while). */
      g_ptr_array_unref (entries);
      g_task_return_error_if_cancelled (task);
    }
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GError) error = NULL;
  VerifyResult *result = g_new0 (VerifyResult, 1);

  session = sd_session_open_copy (job->session, &error);
  if (session != NULL)
    sd_audit_verify (session, &result->entries, &result->broken_id, &error);
  if (error != NULL)
    {
      g_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, result, g_free);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  SdAuditFilter filter = { job->since, 0, job->staff_name, job->action, 0 };
  guint64 count = 0;
  ExportResult *result;

  session = sd_session_open_copy (job->session, &error);
  if (session == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Written beside the file and moved over it on close: a failed export leaves what was
   * there before, not half a file. */
  stream = g_file_replace (job->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &error);
  if (stream == NULL ||
      !sd_audit_export_csv (session, &filter, G_OUTPUT_STREAM (stream), &count, cancellable, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    {
      if (stream != NULL && !g_output_stream_is_closed (G_OUTPUT_STREAM (stream)))
        {
          /* Closing with a cancelled cancellable drops the temporary file. */
          g_autoptr(GCancellable) abandon = g_cancellable_new ();
          g_cancellable_cancel (abandon);
          g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result = g_new0 (ExportResult, 1);
  result->count = count;
  result->name = g_file_get_basename (job->file);
  g_task_return_pointer (task, result, (GDestroyNotify) export_result_free);
}

/* ---- helpers ---- */

static gboolean
may_view (SdAuditPage *self)
{
  return self->session != NULL && sd_session_can (self->session, SD_PERMISSION_VIEW_AUDIT);
}

static gboolean
busy (SdAuditPage *self)
{
  return self->read_cancellable != NULL || self->job_cancellable != NULL;
}

/* The one place that decides which of the page's actions may run. */
static void
update_actions (SdAuditPage *self)
{
  gboolean allowed = may_view (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.reload", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", allowed && self->job_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export",
                                 allowed && self->job_cancellable == NULL && self->read_cancellable == NULL && n > 0);
  gtk_widget_set_visible (self->filter_bar, allowed);
  gtk_widget_set_visible (self->filter_separator, allowed);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy (self));
  gtk_spinner_set_spinning (self->spinner, busy (self));
}

static gboolean
filters_set (SdAuditPage *self)
{
  return gtk_drop_down_get_selected (self->since_filter) != SINCE_ANY ||
         gtk_drop_down_get_selected (self->account_filter) > 0 ||
         gtk_drop_down_get_selected (self->action_filter) > 0;
}

static void
update_subtitle (SdAuditPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autofree char *count = sd_format_count (n);
  g_autofree char *subtitle = NULL;

  if (may_view (self) && self->read_cancellable == NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") == 0)
    subtitle = g_strdup_printf (filters_set (self)
                                  ? g_dngettext (GETTEXT_PACKAGE, "%s matching entry", "%s matching entries", n)
                                  : g_dngettext (GETTEXT_PACKAGE, "%s entry", "%s entries", n),
                                count);
  adw_window_title_set_subtitle (self->title, subtitle != NULL ? subtitle : "");
}

/* Fills the job's filter from the drop-downs. */
static Job *
new_job (SdAuditPage *self)
{
  Job *job = g_new0 (Job, 1);
  guint account = gtk_drop_down_get_selected (self->account_filter);
  guint action = gtk_drop_down_get_selected (self->action_filter);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  job->session = g_object_ref (self->session);
  job->generation = self->generation;
  switch ((Since) gtk_drop_down_get_selected (self->since_filter))
    {
    case SINCE_TODAY:
      {
        g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                               g_date_time_get_month (now),
                                                               g_date_time_get_day_of_month (now), 0, 0, 0);
        job->since = g_date_time_to_unix (midnight);
      }
      break;
    case SINCE_WEEK:
      job->since = g_date_time_to_unix (now) - 7 * 86400;
      break;
    case SINCE_MONTH:
      job->since = g_date_time_to_unix (now) - 30 * 86400;
      break;
    case SINCE_ANY:
    default:
      job->since = 0;
      break;
    }
  if (account > 0 && account != GTK_INVALID_LIST_POSITION)
    job->staff_name = g_strdup (gtk_string_list_get_string (self->accounts, account));
  if (action > 0 && action != GTK_INVALID_LIST_POSITION)
    job->action = g_strdup (self->action_ids[action - 1]);
  return job;
}

/* The staff's full names after "Anyone", keeping the one chosen when it is still there. */
static void
fill_account_filter (SdAuditPage *self)
{
  g_autoptr(GPtrArray) staff = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  guint selected = gtk_drop_down_get_selected (self->account_filter);
  g_autofree char *chosen = selected > 0 && selected < n
                              ? g_strdup (gtk_string_list_get_string (self->accounts, selected))
                              : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (self->session != NULL)
    staff = sd_staff_list (self->session, NULL);
  g_ptr_array_add (names, (gpointer) _("Anyone"));
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    g_ptr_array_add (names, ((SdStaffAccount *) g_ptr_array_index (staff, i))->full_name);
  g_ptr_array_add (names, NULL);

  self->updating_filters = TRUE;
  gtk_string_list_splice (self->accounts, 0, n, (const char * const *) names->pdata);
  selected = 0;
  for (guint i = 1; chosen != NULL && i + 1 < names->len; i++)
    if (g_str_equal (chosen, g_ptr_array_index (names, i)))
      selected = i;
  gtk_drop_down_set_selected (self->account_filter, selected);
  self->updating_filters = FALSE;
}

static void
show_banner (SdAuditPage *self,
             const char  *message,
             gboolean     broken)
{
  gtk_label_set_label (self->banner_label, message);
  gtk_widget_remove_css_class (self->banner_box, broken ? "intact" : "broken");
  gtk_widget_add_css_class (self->banner_box, broken ? "broken" : "intact");
  gtk_revealer_set_reveal_child (self->banner, TRUE);
}

/* ---- reading ---- */

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdAuditPage *self = SD_AUDIT_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->generation != self->generation)
    return;

  g_clear_object (&self->read_cancellable);
  if (entries == NULL)
    {
      sd_audit_list_set_entries (self->list, NULL);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      sd_audit_list_set_entries (self->list, entries);
      gtk_widget_set_visible (GTK_WIDGET (self->empty_clear_button), filters_set (self));
      gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "list" : "empty");
    }
  update_actions (self);
  update_subtitle (self);
  g_signal_emit (self, signals[LOADED], 0);
}

static void
start_read (SdAuditPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->generation++;
  if (!may_view (self))
    return;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->read_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->read_cancellable, read_done_cb, NULL);
  g_task_set_source_tag (task, start_read);
  g_task_set_task_data (task, new_job (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, read_thread);
  update_actions (self);
  update_subtitle (self);
}

/* ---- callbacks ---- */

static void
filter_changed_cb (SdAuditPage *self)
{
  if (self->updating_filters)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->clear_filters_button), filters_set (self));
  start_read (self);
}

static void
clear_filters_cb (SdAuditPage *self)
{
  self->updating_filters = TRUE;
  gtk_drop_down_set_selected (self->since_filter, SINCE_ANY);
  gtk_drop_down_set_selected (self->account_filter, 0);
  gtk_drop_down_set_selected (self->action_filter, 0);
  self->updating_filters = FALSE;
  filter_changed_cb (self);
}

static void
dismiss_banner_cb (SdAuditPage *self)
{
  gtk_revealer_set_reveal_child (self->banner, FALSE);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SdAuditPage *self = SD_AUDIT_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autofree VerifyResult *verified = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_object (&self->job_cancellable);
  update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (verified == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not check the log: %s"), error->message);
      show_banner (self, message, TRUE);
    }
  else if (verified->broken_id == 0)
    {
      g_autofree char *count = sd_format_count (verified->entries);
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The log is intact: its %s entry is as it was recorded.",
                                      "The log is intact: all %s entries are as they were recorded.",
                                      verified->entries),
                         count);
      show_banner (self, message, FALSE);
    }
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("The log was altered: entry #%lld does not follow the one before it. "
                           "It or an entry before it was changed, removed or inserted outside ShopDesk."),
                         (long long) verified->broken_id);
      show_banner (self, message, TRUE);
    }
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdAuditPage *self = SD_AUDIT_PAGE (widget);
  g_autoptr(GTask) task = NULL;

  if (!may_view (self) || self->job_cancellable != NULL)
    return;
  gtk_revealer_set_reveal_child (self->banner, FALSE);
  self->job_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->job_cancellable, verify_done_cb, NULL);
  g_task_set_source_tag (task, verify_action);
  g_task_set_task_data (task, new_job (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, verify_thread);
  update_actions (self);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SdAuditPage *self = SD_AUDIT_PAGE (source);
  g_autoptr(GError) error = NULL;
  ExportResult *exported = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_object (&self->job_cancellable);
  update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (exported == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not export the log: %s"), error->message);
      sd_message_add_toast (self->toast_overlay, message, TRUE);
      return;
    }
  else
    {
      g_autofree char *count = sd_format_count (exported->count);
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s entry to “%s”",
                                      "Exported %s entries to “%s”", exported->count),
                         count, exported->name);
      sd_message_add_toast (self->toast_overlay, message, FALSE);
      export_result_free (exported);
    }
  /* The export itself is audited: show its entry. */
  start_read (self);
}

static void
start_export (SdAuditPage *self,
              GFile       *file)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (!may_view (self) || self->job_cancellable != NULL)
    return;
  job = new_job (self);
  job->file = g_object_ref (file);
  self->job_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->job_cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, start_export);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
  update_actions (self);
}

static void
file_chosen_cb (GtkWidget *owner,
                GFile     *file)
{
  start_export (SD_AUDIT_PAGE (owner), file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdAuditPage *self = SD_AUDIT_PAGE (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (!may_view (self) || self->job_cancellable != NULL)
    return;

  /* TRANSLATORS: suggested file name of an audit log export, with the date */
  name = g_strdup_printf (_("audit-log-%s.csv"), date);
  sd_file_chooser_save (widget, _("Export the Audit Log"), name, _("CSV files"), "csv", file_chosen_cb);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sd_audit_page_reload (SD_AUDIT_PAGE (widget));
}

/* What an entry's object kind is called, and whether its id is worth showing. */
static const struct
{
  const char *kind;
  const char *label;
  gboolean    with_id;
} object_kinds[] = {
  { "customer", N_("Customer"), TRUE },
  { "customers", N_("Customers"), FALSE },
  { "selection", N_("Selected customers"), FALSE },
  { "staff", N_("Account"), TRUE },
  { "role", N_("Role"), TRUE },
  { "department", N_("Department"), TRUE },
  { "shop", N_("Shop"), FALSE },
  { "file", N_("File"), TRUE },
};

static char *
object_text (const SdAuditEntry *entry)
{
  const char *kind = entry->object_kind != NULL ? entry->object_kind : "";
  const char *id = entry->object_id != NULL ? entry->object_id : "";
  const char *label = kind;

  for (guint i = 0; i < G_N_ELEMENTS (object_kinds); i++)
    if (g_str_equal (kind, object_kinds[i].kind))
      {
        label = _(object_kinds[i].label);
        if (!object_kinds[i].with_id)
          id = "";
      }
  if (*label == '\0' || *id == '\0')
    return g_strdup (*label != '\0' ? label : id);
  /* TRANSLATORS: an audit entry's object: its kind ("Customer") and its id or name */
  return g_strdup_printf (_("%s %s"), label, id);
}

static char *
time_text (gint64 utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = dt != NULL ? g_date_time_to_local (dt) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("—");
}

static char *
cell_text (const SdAuditEntry *entry,
           Column              column)
{
  switch (column)
    {
    case COLUMN_TIME:
      return time_text (entry->at);
    case COLUMN_ACCOUNT:
      return g_strdup (entry->staff_name != NULL && *entry->staff_name ? entry->staff_name : "—");
    case COLUMN_ACTION:
      return g_strdup (sd_audit_action_get_label (entry->action));
    case COLUMN_OBJECT:
      return object_text (entry);
    case COLUMN_DETAIL:
      return g_strdup (entry->detail != NULL ? entry->detail : "");
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* A refusal or a failed login stands out. */
static gboolean
is_alarm (const char *action)
{
  return g_strcmp0 (action, SD_AUDIT_DENIED) == 0 || g_strcmp0 (action, SD_AUDIT_LOGIN_FAILED) == 0 ||
         g_strcmp0 (action, SD_AUDIT_LOGIN_LOCKED) == 0;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);

  gtk_list_item_set_child (item, sd_cell_label_new (0.0, column == COLUMN_TIME));
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SdAuditRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const SdAuditEntry *entry = sd_audit_row_get_entry (row);
  g_autofree char *text = cell_text (entry, column);

  gtk_label_set_label (GTK_LABEL (label), text);
  if (column == COLUMN_ACTION && is_alarm (entry->action))
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static void
add_columns (SdAuditPage *self)
{
  for (Column c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(columns[c].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (columns[c].width > 0)
        gtk_column_view_column_set_fixed_width (column, columns[c].width);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

static void
map_cb (SdAuditPage *self)
{
  /* Coming back to the page shows what happened meanwhile. */
  if (self->session != NULL && self->read_cancellable == NULL)
    {
      fill_account_filter (self);
      start_read (self);
    }
}

/* ---- the object ---- */

static void
sd_audit_page_dispose (GObject *object)
{
  SdAuditPage *self = SD_AUDIT_PAGE (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->job_cancellable);
  g_clear_object (&self->session);
  /* AdwBin unparents its child itself: hand it over first, so it is not done twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_AUDIT_PAGE);
  G_OBJECT_CLASS (sd_audit_page_parent_class)->dispose (object);
}

static void
sd_audit_page_finalize (GObject *object)
{
  SdAuditPage *self = SD_AUDIT_PAGE (object);

  g_clear_object (&self->list);
  g_clear_object (&self->accounts);
  g_clear_object (&self->actions);
  G_OBJECT_CLASS (sd_audit_page_parent_class)->finalize (object);
}

static void
sd_audit_page_class_init (SdAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_audit_page_dispose;
  object_class->finalize = sd_audit_page_finalize;

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, account_filter);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, action_filter);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, banner);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, banner_box);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, denied_page);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, empty_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, filter_separator);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, since_filter);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, title);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_banner_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "audit.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "audit.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "audit.reload", NULL);
}

static void
sd_audit_page_init (SdAuditPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->list = sd_audit_list_new ();
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->list)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  add_columns (self);

  self->accounts = gtk_string_list_new (NULL);
  gtk_string_list_append (self->accounts, _("Anyone"));
  gtk_drop_down_set_model (self->account_filter, G_LIST_MODEL (self->accounts));

  self->action_ids = sd_audit_list_actions ();
  self->actions = gtk_string_list_new (NULL);
  gtk_string_list_append (self->actions, _("Any action"));
  for (guint i = 0; self->action_ids[i] != NULL; i++)
    gtk_string_list_append (self->actions, sd_audit_action_get_label (self->action_ids[i]));
  gtk_drop_down_set_model (self->action_filter, G_LIST_MODEL (self->actions));

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  gtk_stack_set_visible_child_name (self->stack, "denied");
  update_actions (self);
}

/* ---- public API ---- */

GtkWidget *
sd_audit_page_new (void)
{
  return g_object_new (SD_TYPE_AUDIT_PAGE, NULL);
}

void
sd_audit_page_set_session (SdAuditPage *self,
                           SdSession   *session)
{
  g_return_if_fail (SD_IS_AUDIT_PAGE (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_set_object (&self->session, session);
  sd_audit_list_set_entries (self->list, NULL);
  gtk_revealer_set_reveal_child (self->banner, FALSE);
  self->updating_filters = TRUE;
  gtk_drop_down_set_selected (self->account_filter, 0);
  self->updating_filters = FALSE;
  fill_account_filter (self);

  if (!may_view (self))
    {
      g_autofree char *description = NULL;

      if (self->read_cancellable != NULL)
        g_cancellable_cancel (self->read_cancellable);
      g_clear_object (&self->read_cancellable);
      self->generation++;
      if (session != NULL)
        description = g_strdup_printf (_("Reading the audit log needs the “%s” permission. Ask the shop owner."),
                                       sd_permission_get_label (SD_PERMISSION_VIEW_AUDIT));
      adw_status_page_set_description (self->denied_page, description);
      gtk_stack_set_visible_child_name (self->stack, "denied");
      update_actions (self);
      update_subtitle (self);
      return;
    }
  start_read (self);
}

void
sd_audit_page_set_folded (SdAuditPage *self,
                          gboolean     folded)
{
  g_return_if_fail (SD_IS_AUDIT_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), folded);
}

void
sd_audit_page_reload (SdAuditPage *self)
{
  g_return_if_fail (SD_IS_AUDIT_PAGE (self));
  start_read (self);
}

gboolean
sd_audit_page_get_busy (SdAuditPage *self)
{
  g_return_val_if_fail (SD_IS_AUDIT_PAGE (self), FALSE);
  return busy (self);
}

guint
sd_audit_page_get_n_entries (SdAuditPage *self)
{
  g_return_val_if_fail (SD_IS_AUDIT_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->list));
}
