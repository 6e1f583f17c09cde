/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-import-wizard"

#include <glib/gi18n.h>

#include "sd-csv.h"
#include "sd-import-issues-group.h"
#include "sd-import-run.h"
#include "sd-import-wizard.h"
#include "sd-import.h"
#include "sd-permission-ui.h"
#include "sd-values.h"

/* Rows the preview shows under the headers. */
#define PREVIEW_ROWS 10
/* How often the progress of a running import is drawn. */
#define TICK_MS 200
/* Where a window keeps its wizard, so a second request brings the first to the front. */
#define WIZARD_KEY "sd-import-wizard"
/* Sample problems spelled out under the preview; the rest are counted. */
#define SAMPLE_ISSUES 3
#define DEFAULT_WIDTH 900
#define DEFAULT_HEIGHT 680
/* Characters of a cell the preview shows; the tooltip has the rest. */
#define CELL_CHARS 24

/* The encoding drop-down's choices, in order. */
static const SdEncoding encodings[] = { SD_ENCODING_AUTO, SD_ENCODING_UTF8, SD_ENCODING_GB18030 };

/* The columns of the rejected-rows list. */

typedef struct
{
  SdSession       *session;        /* the account the import acts as */
  char            *path;
  GStrv            mappings;
  SdImportOptions  options;
  SdImportShared   shared;
} ImportJob;

typedef struct
{
  char            *path;
  GStrv            mappings;
  SdImportOptions  options;
  gboolean         mapping_only;   /* same file, encoding and kind: the grid stays */
} PreviewJob;

struct _SdImportWizard
{
  AdwWindow          parent_instance;

  SdWindow          *window;
  GFile             *file;
  char              *path;
  gboolean           disposed;

  /* The preview step. */
  SdImportPreview   *preview;
  GCancellable      *preview_cancellable;
  gboolean           previewed;        /* a preview of this file has been shown */
  gboolean           kind_guessed;
  gboolean           updating;         /* drop-downs being set from code */
  GPtrArray         *mappings;         /* char *: "COLUMN=field", in the order chosen */
  GPtrArray         *column_choosers;  /* GtkDropDown *, one per column of the grid */
  SdImportKind       choices_kind;     /* the kind the choosers offer fields for */
  SdField            choices[SD_N_FIELDS];
  guint              n_choices;

  /* The run. */
  GCancellable      *cancellable;
  GTask             *task;
  guint              tick_id;
  gint64             started;
  gboolean           close_when_done;
  GtkWindow         *stop_question;    /* weak: asks whether to stop */

  /* The result. */

  AdwWindowTitle    *title;
  AdwHeaderBar      *header_bar;
  GtkButton         *cancel_button;
  GtkButton         *back_button;
  GtkButton         *import_button;
  GtkButton         *done_button;
  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkSpinner        *loading_spinner;
  AdwStatusPage     *file_error_page;
  AdwComboRow       *kind_row;
  AdwComboRow       *encoding_row;
  AdwComboRow       *policy_row;
  GtkLabel          *problem_label;
  AdwPreferencesGroup *columns_group;
  GtkGrid           *grid;
  GtkLabel          *sample_issues_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *progress_label;
  GtkButton         *stop_button;
  GtkImage          *result_icon;
  GtkLabel          *result_title;
  GtkLabel          *result_description;
  AdwPreferencesGroup *counts_group;
  GtkLabel          *inserted_label;
  GtkLabel          *updated_label;
  GtkLabel          *unchanged_label;
  GtkLabel          *skipped_label;
  AdwActionRow      *created_row;
  GtkLabel          *created_label;
  AdwActionRow      *resumed_row;
  GtkLabel          *resumed_label;
  SdImportIssuesGroup *issues_group;
};

G_DEFINE_FINAL_TYPE (SdImportWizard, sd_import_wizard, ADW_TYPE_WINDOW)

static void request_preview (SdImportWizard *self,
                             gboolean        mapping_only);

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->session);
  g_free (job->path);
  g_strfreev (job->mappings);
  sd_import_shared_clear (&job->shared);
  g_free (job);
}

static void
preview_job_free (PreviewJob *job)
{
  g_free (job->path);
  g_strfreev (job->mappings);
  g_free (job);
}

static GStrv
copy_mappings (SdImportWizard *self)
{
  GStrv copy = g_new0 (char *, self->mappings->len + 1);

  for (guint i = 0; i < self->mappings->len; i++)
    copy[i] = g_strdup (g_ptr_array_index (self->mappings, i));
  return copy;
}

static SdImportKind
chosen_kind (SdImportWizard *self)
{
  return adw_combo_row_get_selected (self->kind_row) == SD_IMPORT_ORDERS ? SD_IMPORT_ORDERS
                                                                         : SD_IMPORT_CUSTOMERS;
}

static SdEncoding
chosen_encoding (SdImportWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->encoding_row);

  return selected < G_N_ELEMENTS (encodings) ? encodings[selected] : SD_ENCODING_AUTO;
}

static const char *
encoding_name (SdEncoding encoding,
               gboolean   bom)
{
  if (encoding == SD_ENCODING_GB18030)
    return "GB18030";
  /* TRANSLATORS: a text encoding; BOM is the byte-order mark Excel writes */
  return bom ? _("UTF-8 with BOM") : "UTF-8";
}

static void
toast (SdImportWizard *self,
       const char     *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* Which buttons the header bar holds on each page. */
static void
show_page (SdImportWizard *self,
           const char     *page)
{
  gboolean preview = g_str_equal (page, "preview");
  gboolean result = g_str_equal (page, "result");
  gboolean running = g_str_equal (page, "running");

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !result && !running);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button),
                          preview || g_str_equal (page, "loading"));
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), result);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
  adw_header_bar_set_show_end_title_buttons (self->header_bar, running);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  if (preview)
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));
  else if (result)
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->done_button));
  else
    gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
}

static void
dismiss_stop_question (SdImportWizard *self)
{
  if (self->stop_question == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (self->stop_question), (gpointer *) &self->stop_question);
  gtk_window_destroy (self->stop_question);
  self->stop_question = NULL;
}

/* ---- the preview ---- */

static guint
choice_for_field (SdImportWizard *self,
                  SdField         field)
{
  /* Item 0 is "Ignore". */
  for (guint i = 0; i < self->n_choices; i++)
    if (self->choices[i] == field)
      return i + 1;
  return 0;
}

/* How a mapping names a column: by its header when that is unambiguous, else by its
 * number, as --map on the command line does. */
static char *
column_key (SdImportWizard *self,
            guint           column)
{
  const char *header = g_ptr_array_index (self->preview->headers, column);
  guint same = 0;

  for (guint i = 0; i < self->preview->headers->len; i++)
    same += g_strcmp0 (g_ptr_array_index (self->preview->headers, i), header) == 0;
  if (*header == '\0' || same > 1 || strchr (header, '=') != NULL || g_ascii_isdigit (*header))
    return g_strdup_printf ("%u", column + 1);
  return g_strdup (header);
}

static void
column_chosen_cb (GtkDropDown    *chooser,
                  GParamSpec     *pspec,
                  SdImportWizard *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "column"));
  guint selected = gtk_drop_down_get_selected (chooser);
  SdField field =
    selected == 0 || selected > self->n_choices ? SD_FIELD_IGNORE : self->choices[selected - 1];
  g_autofree char *key = NULL;
  g_autofree char *prefix = NULL;

  if (self->updating || self->preview == NULL || column >= self->preview->headers->len)
    return;

  key = column_key (self, column);
  prefix = g_strconcat (key, "=", NULL);
  /* The latest choice for a column replaces the earlier one and comes last, so that it
   * wins over choices for other columns it takes the field from. */
  for (guint i = self->mappings->len; i > 0; i--)
    if (g_str_has_prefix (g_ptr_array_index (self->mappings, i - 1), prefix))
      g_ptr_array_remove_index (self->mappings, i - 1);
  g_ptr_array_add (self->mappings, g_strconcat (prefix, sd_field_to_string (field), NULL));
  request_preview (self, TRUE);
}

/* Cut by hand rather than ellipsized: an ellipsizing label asks for almost no width, and
 * the grid in its scrolled window would then squeeze every column instead of scrolling. */
static GtkWidget *
grid_label (const char *text,
            const char *css_class)
{
  g_autofree char *shown = NULL;
  GtkWidget *label;

  if (g_utf8_strlen (text, -1) > CELL_CHARS)
    {
      g_autofree char *start = g_utf8_substring (text, 0, CELL_CHARS - 1);
      shown = g_strconcat (start, "…", NULL);
    }
  label = gtk_label_new (shown ? shown : text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (shown != NULL || strchr (text, '\n') != NULL)
    gtk_widget_set_tooltip_text (label, text);
  return label;
}

static void
set_choices (SdImportWizard *self,
             SdImportKind    kind)
{
  self->choices_kind = kind;
  self->n_choices = sd_field_list_mappable (kind, self->choices);
}

static GListModel *
choices_model (SdImportWizard *self)
{
  GtkStringList *strings = gtk_string_list_new (NULL);

  gtk_string_list_append (strings, _("Ignore"));
  for (guint i = 0; i < self->n_choices; i++)
    gtk_string_list_append (strings, sd_field_get_label (self->choices[i], self->choices_kind));
  return G_LIST_MODEL (strings);
}

static void
build_grid (SdImportWizard *self)
{
  SdImportPreview *p = self->preview;
  GtkWidget *child;
  g_autoptr(GListModel) model = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_ptr_array_set_size (self->column_choosers, 0);
  if (p == NULL)
    return;

  set_choices (self, chosen_kind (self));
  model = choices_model (self);

  gtk_grid_attach (self->grid, grid_label (_("Row"), "dim-label"), 0, 0, 1, 1);
  for (guint c = 0; c < p->headers->len; c++)
    {
      const char *header = g_ptr_array_index (p->headers, c);
      /* TRANSLATORS: a column of the imported file that has no header, by number */
      g_autofree char *untitled = g_strdup_printf (_("Column %u"), c + 1);
      const char *title = *header ? header : untitled;
      /* TRANSLATORS: accessible name of the drop-down choosing what column “手机” holds */
      g_autofree char *a11y = g_strdup_printf (_("What “%s” holds"), title);
      g_autofree char *name = g_strdup_printf ("column-%u", c + 1);
      GtkWidget *label = grid_label (title, *header ? "heading" : "dim-label");
      GtkWidget *chooser = gtk_drop_down_new (g_object_ref (model), NULL);

      gtk_widget_set_name (chooser, name);
      gtk_widget_set_tooltip_text (chooser, a11y);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chooser), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                      -1);
      g_object_set_data (G_OBJECT (chooser), "column", GUINT_TO_POINTER (c));
      g_signal_connect_object (chooser, "notify::selected", G_CALLBACK (column_chosen_cb), self, 0);
      gtk_grid_attach (self->grid, label, (int) c + 1, 0, 1, 1);
      gtk_grid_attach (self->grid, chooser, (int) c + 1, 1, 1, 1);
      g_ptr_array_add (self->column_choosers, chooser);
    }
  for (guint r = 0; r < p->rows->len; r++)
    {
      GStrv cells = g_ptr_array_index (p->rows, r);
      g_autofree char *number = sd_format_count (g_array_index (p->row_numbers, guint, r));
      GtkWidget *label = grid_label (number, "dim-label");

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (self->grid, label, 0, (int) r + 2, 1, 1);
      for (guint c = 0; cells[c] != NULL; c++)
        gtk_grid_attach (self->grid, grid_label (cells[c], NULL), (int) c + 1, (int) r + 2, 1, 1);
    }
}

/* The choosers show what the import will read from each column. */
static void
update_choosers (SdImportWizard *self)
{
  self->updating = TRUE;
  for (guint c = 0; c < self->column_choosers->len; c++)
    {
      GtkDropDown *chooser = g_ptr_array_index (self->column_choosers, c);
      SdField field = g_array_index (self->preview->fields, SdField, c);
      GtkWidget *header = gtk_grid_get_child_at (self->grid, (int) c + 1, 0);

      gtk_drop_down_set_selected (chooser, choice_for_field (self, field));
      /* Columns that are not read are dimmed, so what is imported stands out. */
      if (field > SD_FIELD_IGNORE)
        gtk_widget_remove_css_class (header, "dim-label");
      else
        gtk_widget_add_css_class (header, "dim-label");
    }
  self->updating = FALSE;
}

static void
show_sample_issues (SdImportWizard *self)
{
  GPtrArray *issues = self->preview ? self->preview->issues : NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *count = NULL;

  if (issues == NULL || issues->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->sample_issues_label), FALSE);
      return;
    }
  count = sd_format_count (issues->len);
  text = g_string_new (NULL);
  g_string_append_printf (
    text,
    g_dngettext (GETTEXT_PACKAGE, "Of the rows shown, %s has a problem and would not be imported:",
                 "Of the rows shown, %s have a problem and would not be imported:", issues->len),
    count);
  for (guint i = 0; i < issues->len && i < SAMPLE_ISSUES; i++)
    {
      const SdImportIssue *issue = g_ptr_array_index (issues, i);
      g_autofree char *row = sd_format_count (issue->row);

      g_string_append_c (text, '\n');
      if (*issue->column)
        /* TRANSLATORS: "row 3, 邮箱: “x” is not an email address" */
        g_string_append_printf (text, _("row %s, %s: %s"), row, issue->column, issue->message);
      else
        g_string_append_printf (text, _("row %s: %s"), row, issue->message);
    }
  if (issues->len > SAMPLE_ISSUES)
    {
      g_autofree char *more = sd_format_count (issues->len - SAMPLE_ISSUES);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %s more", "and %s more",
                                                 issues->len - SAMPLE_ISSUES), more);
    }
  gtk_label_set_label (self->sample_issues_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->sample_issues_label), TRUE);
}

static void
show_preview (SdImportWizard *self,
              gboolean        mapping_only)
{
  SdImportPreview *p = self->preview;
  g_autofree char *subtitle = NULL;

  if (chosen_encoding (self) == SD_ENCODING_AUTO)
    /* TRANSLATORS: "Detected: UTF-8 with BOM" */
    subtitle = g_strdup_printf (_("Detected: %s"), encoding_name (p->encoding, p->has_bom));
  else
    /* TRANSLATORS: "Read as GB18030" */
    subtitle = g_strdup_printf (_("Read as %s"), encoding_name (p->encoding, p->has_bom));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->encoding_row), subtitle);

  if (!mapping_only || self->column_choosers->len != p->headers->len ||
      self->choices_kind != chosen_kind (self))
    build_grid (self);
  update_choosers (self);
  show_sample_issues (self);

  gtk_label_set_label (self->problem_label, p->problem ? p->problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), p->problem != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->columns_group), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            p->problem == NULL && p->rows->len > 0);
  if (p->rows->len == 0 && p->problem == NULL)
    {
      gtk_label_set_label (self->problem_label, _("The file has a header but no rows to import."));
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
    }
  show_page (self, "preview");
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewJob *job = task_data;
  GError *error = NULL;
  SdImportPreview *preview = sd_import_preview (job->path, &job->options, PREVIEW_ROWS, &error);

  if (preview == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, preview, (GDestroyNotify) sd_import_preview_free);
}

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SdImportWizard *self = SD_IMPORT_WIZARD (source);
  PreviewJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(SdImportPreview) preview = g_task_propagate_pointer (G_TASK (result), &error);

  /* A later request (or the wizard closing) superseded this one. */
  if (self->disposed || g_task_get_cancellable (G_TASK (result)) != self->preview_cancellable)
    return;
  g_clear_object (&self->preview_cancellable);

  if (preview == NULL)
    {
      g_clear_pointer (&self->preview, sd_import_preview_free);
      build_grid (self);
      if (!self->previewed)
        {
          adw_status_page_set_description (self->file_error_page, error->message);
          show_page (self, "file-error");
          return;
        }
      /* Read again with other choices (a forced encoding that does not fit): the choices
       * stay within reach, with what went wrong. */
      gtk_label_set_label (self->problem_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->columns_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->sample_issues_label), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
      show_page (self, "preview");
      return;
    }

  g_clear_pointer (&self->preview, sd_import_preview_free);
  self->preview = g_steal_pointer (&preview);
  self->previewed = TRUE;
  if (!self->kind_guessed)
    {
      /* The first look at a file decides what it holds; the person can still say otherwise. */
      self->kind_guessed = TRUE;
      if (self->preview->kind_guess != job->options.kind)
        {
          self->updating = TRUE;
          adw_combo_row_set_selected (self->kind_row, self->preview->kind_guess);
          self->updating = FALSE;
          request_preview (self, FALSE);
          return;
        }
    }
  show_preview (self, job->mapping_only);
}

static void
request_preview (SdImportWizard *self,
                 gboolean        mapping_only)
{
  g_autoptr(GTask) task = NULL;
  PreviewJob *job;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();

  job = g_new0 (PreviewJob, 1);
  job->path = g_strdup (self->path);
  job->mappings = copy_mappings (self);
  job->mapping_only = mapping_only;
  job->options.kind = chosen_kind (self);
  job->options.encoding = chosen_encoding (self);
  job->options.mappings = job->mappings;

  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  if (!self->previewed)
    show_page (self, "loading");

  task = g_task_new (self, self->preview_cancellable, preview_done_cb, NULL);
  g_task_set_source_tag (task, request_preview);
  g_task_set_task_data (task, job, (GDestroyNotify) preview_job_free);
  g_task_run_in_thread (task, preview_thread);
}

static void
policy_changed_cb (SdImportWizard *self)
{
  gboolean skip = adw_combo_row_get_selected (self->policy_row) == 0;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->policy_row),
                               skip ? _("Rows with a problem are listed at the end; the others are imported.")
                                    : _("If any row has a problem, nothing is imported."));
}

static void
options_changed_cb (SdImportWizard *self,
                    GParamSpec     *pspec,
                    AdwComboRow    *row)
{
  if (self->updating || self->path == NULL)
    return;
  /* Another encoding may read other header names: choices made by name no longer hold. */
  if (row == self->encoding_row)
    g_ptr_array_set_size (self->mappings, 0);
  request_preview (self, FALSE);
}

static void
set_file (SdImportWizard *self,
          GFile          *file)
{
  g_autofree char *base = g_file_get_basename (file);

  g_set_object (&self->file, file);
  g_free (self->path);
  self->path = g_file_get_path (file);
  self->previewed = FALSE;
  self->kind_guessed = FALSE;
  g_ptr_array_set_size (self->mappings, 0);
  g_clear_pointer (&self->preview, sd_import_preview_free);
  build_grid (self);
  adw_window_title_set_subtitle (self->title, base);

  self->updating = TRUE;
  adw_combo_row_set_selected (self->kind_row, SD_IMPORT_CUSTOMERS);
  adw_combo_row_set_selected (self->encoding_row, 0);
  self->updating = FALSE;

  if (self->path == NULL)
    {
      adw_status_page_set_description (
        self->file_error_page,
        _("ShopDesk can only import files stored on this computer or a mounted drive."));
      show_page (self, "file-error");
      return;
    }
  request_preview (self, FALSE);
}

/* ---- choosing a file ---- */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  SdWindow *window = g_object_get_data (G_OBJECT (chooser), "window");
  SdImportWizard *wizard = g_object_get_data (G_OBJECT (chooser), "wizard");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (wizard != NULL && !wizard->disposed)
        set_file (wizard, file);
      else if (wizard == NULL)
        sd_import_wizard_present (window, file);
    }
  g_object_unref (chooser);
}

static void
choose_file (SdWindow       *window,
             SdImportWizard *wizard)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) tables = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) exports = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Customers or Orders"),
                                         wizard ? GTK_WINDOW (wizard) : GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (tables, _("CSV and text files"));
  gtk_file_filter_add_suffix (tables, "csv");
  gtk_file_filter_add_suffix (tables, "txt");
  gtk_file_filter_add_suffix (tables, "tsv");
  gtk_file_filter_add_mime_type (tables, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), tables);
  gtk_file_filter_set_name (exports, _("ShopDesk JSON exports"));
  gtk_file_filter_add_suffix (exports, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), exports);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_object_set_data_full (G_OBJECT (chooser), "window", g_object_ref (window), g_object_unref);
  if (wizard != NULL)
    g_object_set_data_full (G_OBJECT (chooser), "wizard", g_object_ref (wizard), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_other_cb (SdImportWizard *self)
{
  choose_file (self->window, self);
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
  SdImportResult *result = NULL;

  /* A connection of its own: the window's belongs to the main thread. */
  session = sd_session_open_copy (job->session, &error);
  if (session != NULL)
    result =
      sd_import_file (session, job->path, &job->options, sd_import_shared_report, &job->shared, cancellable,
                    &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) sd_import_result_free);
}

static char *
format_duration (gint64 seconds)
{
  int minutes;

  if (seconds < 60)
    {
      int s = (int) MAX (seconds, 1);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds", s), s);
    }
  minutes = (int) ((seconds + 30) / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes),
                          minutes);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  SdImportWizard *self = user_data;
  ImportJob *job = g_task_get_task_data (self->task);
  SdImportProgress p;
  gboolean reported;
  double elapsed = (double) (g_get_monotonic_time () - self->started) / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rows = NULL;
  g_autofree char *text = NULL;

  reported = sd_import_shared_read (&job->shared, &p);

  if (g_cancellable_is_cancelled (self->cancellable))
    return G_SOURCE_CONTINUE;
  if (!reported || p.bytes_total == 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      gtk_label_set_label (self->progress_label, _("Reading the file…"));
      return G_SOURCE_CONTINUE;
    }

  rows = sd_format_count ((gint64) p.rows);
  g_ptr_array_add (
    parts,
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", (gulong) p.rows), rows));
  if (!sd_import_show_fraction (self->progress_bar, &p))
    /* Every row is read; indexes, totals and the commit remain, with nothing to count. */
    g_ptr_array_add (parts, g_strdup (_("finishing…")));
  else if (elapsed >= 1.0 && p.bytes_done > 0)
    {
      g_autofree char *rate = sd_format_count ((gint64) (p.rows / elapsed));
      double left = elapsed * (double) (p.bytes_total - p.bytes_done) / (double) p.bytes_done;
      g_autofree char *duration = format_duration ((gint64) left);

      /* TRANSLATORS: import speed: "8,500 rows a second" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s rows a second"), rate));
      /* TRANSLATORS: "about 2 minutes left" */
      g_ptr_array_add (parts, g_strdup_printf (_("about %s left"), duration));
    }
  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (" · ", (char **) parts->pdata);
  gtk_label_set_label (self->progress_label, text);
  return G_SOURCE_CONTINUE;
}

static char *
imported_message (SdImportKind          kind,
                  const SdImportResult *result)
{
  guint64 n = result->inserted + result->updated + result->unchanged;
  g_autofree char *count = sd_format_count ((gint64) n);

  if (kind == SD_IMPORT_ORDERS)
    /* TRANSLATORS: "Imported 1,234 orders" */
    return g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "Imported %s order", "Imported %s orders", (gulong) n), count);
  /* TRANSLATORS: "Imported 1,234 customers" */
  return g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "Imported %s customer", "Imported %s customers", (gulong) n),
    count);
}

static void
show_result (SdImportWizard       *self,
             SdImportKind          kind,
             const SdImportResult *result,
             const GError         *error)
{
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  gtk_widget_set_visible (GTK_WIDGET (self->counts_group), result != NULL && !result->rolled_back);
  sd_import_issues_group_set_issues (self->issues_group, result ? result->errors : NULL, self->file);
  show_page (self, "result");

  if (result == NULL)
    {
      sd_import_show_failure (self->result_icon, self->result_title, self->result_description, error,
                              _("The rows imported before you stopped stay. Import the same file again to finish: "
                                "rows already imported are not imported twice."));
      /* A failure may be a choice to make otherwise; a stop was the person's own. */
      if (!cancelled)
        gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
      return;
    }

  if (result->rolled_back)
    {
      g_autofree char *count = sd_format_count (result->errors->len);
      g_autofree char *text = g_strdup_printf (
        g_dngettext (
          GETTEXT_PACKAGE,
          "%s row has a problem, and the import was set to import nothing when a row has one: "
          "the shop is as it was. Correct the row below in the file and import it again, or go "
          "back and choose to skip rows with problems.",
          "%s rows have a problem, and the import was set to import nothing when a row has one: "
          "the shop is as it was. Correct the rows below in the file and import it again, or go "
          "back and choose to skip rows with problems.",
          result->errors->len),
        count);

      gtk_image_set_from_icon_name (self->result_icon, "dialog-warning-symbolic");
      gtk_label_set_label (self->result_title, _("Nothing Was Imported"));
      gtk_label_set_label (self->result_description, text);
      gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
      return;
    }

  {
    g_autofree char *imported = imported_message (kind, result);
    g_autofree char *text = NULL;

    if (result->errors->len > 0)
      {
        g_autofree char *count = sd_format_count (result->errors->len);
        /* TRANSLATORS: the first %s is "Imported 1,234 customers" */
        text = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE,
                       "%s. %s row had a problem and was skipped: it is listed below.",
                       "%s. %s rows had a problem and were skipped: they are listed below.",
                       result->errors->len),
          imported, count);
      }
    else
      /* TRANSLATORS: %s is "Imported 1,234 customers": the end of a sentence */
      text = g_strdup_printf (_("%s."), imported);
    gtk_image_set_from_icon_name (self->result_icon, "object-select-symbolic");
    gtk_label_set_label (self->result_title, _("Import Complete"));
    gtk_label_set_label (self->result_description, text);
  }
  sd_import_show_count (self->inserted_label, result->inserted);
  sd_import_show_count (self->updated_label, result->updated);
  sd_import_show_count (self->unchanged_label, result->unchanged);
  sd_import_show_count (self->skipped_label, result->skipped);
  sd_import_show_count (self->created_label, result->customers_created);
  sd_import_show_count (self->resumed_label, result->resumed_rows);
  gtk_widget_set_visible (GTK_WIDGET (self->created_row), kind == SD_IMPORT_ORDERS);
  gtk_widget_set_visible (GTK_WIDGET (self->resumed_row), result->resumed_rows > 0);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  SdImportWizard *self = SD_IMPORT_WIZARD (source);
  ImportJob *job = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  g_autoptr(SdImportResult) result = g_task_propagate_pointer (G_TASK (res), &error);
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&self->cancellable);
  g_autoptr(SdWindow) window = g_object_ref (self->window);
  g_autofree char *message = NULL;
  gboolean stay;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->task);
  /* Whether to stop is moot now. */
  dismiss_stop_question (self);

  /* Closing asked to stop, or the window goes: the result is told in a toast. */
  stay = !self->disposed && !self->close_when_done && gtk_widget_get_visible (GTK_WIDGET (window));
  if (result != NULL && !result->rolled_back)
    message = imported_message (job->options.kind, result);
  else if (result == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Import stopped. Import the same file again to finish it."));
  else if (result == NULL && !stay)
    message = g_strdup_printf (_("Import failed: %s"), error->message);

  if (stay)
    show_result (self, job->options.kind, result, error);
  else if (!self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));

  /* Even a stopped or failed import may have committed batches. */
  if (sd_window_get_session (window) != NULL && gtk_widget_get_visible (GTK_WIDGET (window)))
    {
      sd_window_shop_changed (window);
      if (message != NULL)
        sd_window_add_toast (window, adw_toast_new (message));
    }
  /* Last: it may destroy the window, when it was waiting for this import to close. */
  sd_window_end_job (window, cancellable);
}

static void
import_cb (SdImportWizard *self)
{
  SdSession *session = sd_window_get_session (self->window);
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  if (self->cancellable != NULL || self->preview == NULL || self->preview->problem != NULL ||
      session == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->import_button)))
    return;

  job = g_new0 (ImportJob, 1);
  sd_import_shared_init (&job->shared);
  job->session = g_object_ref (session);
  job->path = g_strdup (self->path);
  job->mappings = copy_mappings (self);
  job->options.kind = chosen_kind (self);
  job->options.encoding = chosen_encoding (self);
  job->options.on_error = adw_combo_row_get_selected (self->policy_row) == 0
                            ? SD_IMPORT_SKIP_BAD_ROWS
                            : SD_IMPORT_ABORT_ON_ERROR;
  job->options.mappings = job->mappings;

  self->cancellable = g_cancellable_new ();
  self->started = g_get_monotonic_time ();
  sd_window_begin_job (self->window, self->cancellable);

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->progress_label, _("Reading the file…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), TRUE);
  gtk_button_set_label (self->stop_button, _("_Stop"));
  show_page (self, "running");
  gtk_widget_grab_focus (GTK_WIDGET (self->stop_button));

  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, import_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  self->task = g_object_ref (task);
  self->tick_id = g_timeout_add (TICK_MS, progress_tick_cb, self);
  g_task_run_in_thread (task, import_thread);
}

static void
stop_cb (SdImportWizard *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), FALSE);
  gtk_button_set_label (self->stop_button, _("Stopping…"));
  gtk_label_set_label (self->progress_label, _("Stopping at the end of the current batch…"));
}

static void
back_cb (SdImportWizard *self)
{
  request_preview (self, FALSE);
}

static void
stop_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  SdImportWizard   *self)
{
  if (g_strcmp0 (response, "stop") != 0 || self->cancellable == NULL)
    return;
  /* The wizard goes now; the window says how it ended once it has. */
  self->close_when_done = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* ---- the rejected rows ---- */

static void
issues_toast_cb (SdImportWizard *self,
                 const char     *message)
{
  toast (self, message);
}

/* ---- dropping files on the window ---- */

static gboolean
drop_accept_cb (GtkDropTarget *target,
                GdkDrop       *drop,
                SdWindow      *window)
{
  return sd_permission_ui_can (sd_window_get_session (window), SD_PERMISSION_IMPORT_CUSTOMERS) &&
         gdk_content_formats_match (gtk_drop_target_get_formats (target),
                                    gdk_drop_get_formats (drop));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SdWindow      *window)
{
  g_autoptr(GFile) file = NULL;

  if (!sd_permission_ui_can (sd_window_get_session (window), SD_PERMISSION_IMPORT_CUSTOMERS))
    return FALSE;
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      if (files != NULL)
        file = g_object_ref (files->data);
      g_slist_free (files);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_dup_object (value);
  if (file == NULL)
    return FALSE;
  sd_import_wizard_present (window, file);
  return TRUE;
}

/* ---- the object ---- */

static gboolean
sd_import_wizard_close_request (GtkWindow *window)
{
  SdImportWizard *self = SD_IMPORT_WIZARD (window);
  AdwMessageDialog *dialog;

  if (self->cancellable == NULL)
    return GTK_WINDOW_CLASS (sd_import_wizard_parent_class)->close_request (window);
  if (self->close_when_done || g_cancellable_is_cancelled (self->cancellable) ||
      self->stop_question != NULL)
    return TRUE;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Stop the Import?"),
      _("The rows imported so far stay, and importing the same file again later completes it "
        "without doubles.")));
  adw_message_dialog_add_responses (dialog, "cancel",
                                    _("_Keep Importing"), "stop", _("_Stop Import"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (stop_response_cb), self, 0);
  self->stop_question = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->stop_question);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
sd_import_wizard_dispose (GObject *object)
{
  SdImportWizard *self = SD_IMPORT_WIZARD (object);

  self->disposed = TRUE;
  dismiss_stop_question (self);
  if (self->window != NULL && g_object_get_data (G_OBJECT (self->window), WIZARD_KEY) == self)
    g_object_set_data (G_OBJECT (self->window), WIZARD_KEY, NULL);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  /* A running import is stopped; its callback still ends the window's job. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->column_choosers, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_IMPORT_WIZARD);
  G_OBJECT_CLASS (sd_import_wizard_parent_class)->dispose (object);
}

static void
sd_import_wizard_finalize (GObject *object)
{
  SdImportWizard *self = SD_IMPORT_WIZARD (object);

  g_clear_object (&self->window);
  g_clear_object (&self->file);
  g_free (self->path);
  g_clear_pointer (&self->preview, sd_import_preview_free);
  g_ptr_array_unref (self->mappings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->task);
  G_OBJECT_CLASS (sd_import_wizard_parent_class)->finalize (object);
}

static void
sd_import_wizard_class_init (SdImportWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sd_import_wizard_dispose;
  object_class->finalize = sd_import_wizard_finalize;
  window_class->close_request = sd_import_wizard_close_request;

  g_type_ensure (SD_TYPE_IMPORT_ISSUES_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-import-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, columns_group);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, counts_group);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, created_label);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, created_row);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, done_button);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, file_error_page);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, grid);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, import_button);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, inserted_label);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, issues_group);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, policy_row);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, problem_label);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, result_description);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, result_icon);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, result_title);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, resumed_label);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, resumed_row);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, sample_issues_label);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, skipped_label);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, title);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, unchanged_label);
  gtk_widget_class_bind_template_child (widget_class, SdImportWizard, updated_label);
  gtk_widget_class_bind_template_callback (widget_class, back_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_other_cb);
  gtk_widget_class_bind_template_callback (widget_class, issues_toast_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_cb);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, policy_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_import_wizard_init (SdImportWizard *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) encoding_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) policies = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->mappings = g_ptr_array_new_with_free_func (g_free);
  self->column_choosers = g_ptr_array_new ();

  /* In SdImportKind's order. */
  gtk_string_list_append (kinds, _("Customers"));
  gtk_string_list_append (kinds, _("Orders"));
  /* In the order of encodings[]. */
  gtk_string_list_append (encoding_names, _("Automatic"));
  gtk_string_list_append (encoding_names, "UTF-8");
  gtk_string_list_append (encoding_names, "GB18030");
  gtk_string_list_append (policies, _("Skip them"));
  gtk_string_list_append (policies, _("Import nothing"));

  self->updating = TRUE;
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (encoding_names));
  adw_combo_row_set_model (self->policy_row, G_LIST_MODEL (policies));
  self->updating = FALSE;
  policy_changed_cb (self);
}

void
sd_import_wizard_present (SdWindow *window,
                          GFile    *file)
{
  SdImportWizard *self;

  g_return_if_fail (SD_IS_WINDOW (window));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  self = g_object_get_data (G_OBJECT (window), WIZARD_KEY);
  if (self != NULL)
    {
      gtk_window_present (GTK_WINDOW (self));
      return;
    }
  if (!sd_permission_ui_can (sd_window_get_session (window), SD_PERMISSION_IMPORT_CUSTOMERS))
    return;
  if (file == NULL)
    {
      choose_file (window, NULL);
      return;
    }

  self = g_object_new (SD_TYPE_IMPORT_WIZARD, "transient-for", window, NULL);
  self->window = g_object_ref (window);
  /* Roomy for the columns, but within the window on a small screen. */
  if (gtk_widget_get_width (GTK_WIDGET (window)) > 0)
    gtk_window_set_default_size (
      GTK_WINDOW (self),
      MIN (DEFAULT_WIDTH, MAX (360, gtk_widget_get_width (GTK_WIDGET (window)) - 48)),
      MIN (DEFAULT_HEIGHT, MAX (360, gtk_widget_get_height (GTK_WIDGET (window)) - 48)));
  g_object_set_data (G_OBJECT (window), WIZARD_KEY, self);
  self->updating = TRUE;
  adw_combo_row_set_selected (
    self->policy_row,
    sd_settings_get_import_skips_bad_rows (sd_window_get_settings (window)) ? 0 : 1);
  self->updating = FALSE;
  set_file (self, file);
  gtk_window_present (GTK_WINDOW (self));
}

void
sd_import_wizard_install_drop_target (SdWindow *window)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  g_return_if_fail (SD_IS_WINDOW (window));

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect (target, "accept", G_CALLBACK (drop_accept_cb), window);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), window);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (target));
}
