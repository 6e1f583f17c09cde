/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-segments-page"

#include <glib/gi18n.h>

#include "sd-condition-editor.h"
#include "sd-format.h"
#include "sd-message.h"
#include "sd-permission-ui.h"
#include "sd-segment-editor.h"
#include "sd-segment-jobs.h"
#include "sd-segments-page.h"
#include "sd-segments.h"
#include "sd-tiers.h"
#include "sd-values.h"
#include "sd-window.h"

/* A segment as listed. */
typedef struct
{
  SdSegment *segment;
  GtkWidget *row;              /* an AdwActionRow, owned by the list */
  GtkLabel  *count_label;
  gint64     count;            /* -1: not counted (yet) */
} Item;

struct _SdSegmentsPage
{
  AdwBin           parent_instance;

  SdSession       *session;
  SdTierLadder    *ladder;              /* for the grade names in the descriptions */
  GPtrArray       *items;               /* Item *, as listed */
  GCancellable    *count_cancellable;   /* the counts under way */
  guint            generation;          /* of the list: counts of an older one are dropped */
  guint            count_index;         /* the next item to count */
  GCancellable    *job_cancellable;     /* the tag or export under way */
  SdPermissionSet  permissions;         /* the account's when the list was made */

  AdwStatusPage   *denied_page;
  GtkWidget       *empty_new_button;
  AdwStatusPage   *empty_page;
  AdwStatusPage   *error_page;
  GtkListBox      *list;
  GtkWidget       *new_button;
  GtkWidget       *sidebar_button;
  GtkSpinner      *spinner;
  GtkStack        *stack;
  AdwWindowTitle  *title;
  AdwToastOverlay *toast_overlay;
};

G_DEFINE_FINAL_TYPE (SdSegmentsPage, sd_segments_page, ADW_TYPE_BIN)

static void load (SdSegmentsPage *self);

/* ---- helpers ---- */

static void
item_free (Item *item)
{
  sd_segment_free (item->segment);
  g_free (item);
}

static gboolean
may (SdSegmentsPage *self,
     SdPermission    permission)
{
  return sd_permission_ui_can (self->session, permission);
}

static Item *
find_item (SdSegmentsPage *self,
           gint64          id)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      if (item->segment->id == id)
        return item;
    }
  return NULL;
}

static GtkWindow *
parent_window (SdSegmentsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The main window, when the page is in one (not in a test's plain window). */
static SdWindow *
main_window (SdSegmentsPage *self)
{
  GtkWindow *window = parent_window (self);

  return SD_IS_WINDOW (window) ? SD_WINDOW (window) : NULL;
}

static gboolean
busy (SdSegmentsPage *self)
{
  return self->count_cancellable != NULL || self->job_cancellable != NULL;
}

static void
toast (SdSegmentsPage *self,
       const char     *message,
       gboolean        error)
{
  sd_message_add_toast (self->toast_overlay, message, error);
}

/* The one place that decides which of the page's actions may run. */
static void
update_actions (SdSegmentsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean view = may (self, SD_PERMISSION_VIEW_CUSTOMERS);
  gboolean manage = view && may (self, SD_PERMISSION_MANAGE_TIERS);
  gboolean idle = self->job_cancellable == NULL;

  gtk_widget_action_set_enabled (widget, "segments.reload", view);
  gtk_widget_action_set_enabled (widget, "segments.new", manage);
  gtk_widget_action_set_enabled (widget, "segments.edit", manage);
  gtk_widget_action_set_enabled (widget, "segments.rename", manage);
  gtk_widget_action_set_enabled (widget, "segments.delete", manage);
  gtk_widget_action_set_enabled (widget, "segments.show", view && main_window (self) != NULL);
  gtk_widget_action_set_enabled (widget, "segments.tag", idle && view && may (self, SD_PERMISSION_EDIT_CUSTOMERS));
  gtk_widget_action_set_enabled (widget, "segments.export-csv",
                                 idle && view && may (self, SD_PERMISSION_EXPORT_CUSTOMERS));
  gtk_widget_action_set_enabled (widget, "segments.export-json",
                                 idle && view && may (self, SD_PERMISSION_EXPORT_CUSTOMERS));
  gtk_widget_set_visible (self->new_button, manage);
  gtk_widget_set_visible (self->empty_new_button, manage);
  adw_status_page_set_description (self->empty_page,
                                   manage ? _("A segment is a saved group of customers who meet conditions, such as "
                                              "“spent ¥500 or more and ordered in the last 90 days”. Who is in it is "
                                              "worked out again each time it is used: to list, tag or export them.")
                                          : _("Segments are made by accounts that may manage tiers and segments."));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy (self));
  gtk_spinner_set_spinning (self->spinner, busy (self));
}

static void
update_subtitle (SdSegmentsPage *self)
{
  g_autofree char *count = sd_format_count (self->items->len);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s segment", "%s segments",
                                                            self->items->len),
                                               count);

  adw_window_title_set_subtitle (self->title, self->items->len > 0 ? subtitle : "");
}

/* The row's menu: only what the account may do. */
static GMenuModel *
row_menu (SdSegmentsPage *self,
          gint64          id)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) use = g_menu_new ();
  g_autoptr(GMenu) change = g_menu_new ();
  g_autoptr(GMenu) remove = g_menu_new ();
  GVariant *target;

#define ADD(section, label, action)                                              \
  G_STMT_START {                                                                 \
    g_autoptr(GMenuItem) menu_item = g_menu_item_new (label, NULL);              \
    target = g_variant_new_int64 (id);                                           \
    g_menu_item_set_action_and_target_value (menu_item, action, target);         \
    g_menu_append_item (section, menu_item);                                     \
  } G_STMT_END

  if (main_window (self) != NULL)
    ADD (use, _("_Show Customers"), "segments.show");
  if (may (self, SD_PERMISSION_EXPORT_CUSTOMERS))
    {
      ADD (use, _("Export as _CSV…"), "segments.export-csv");
      ADD (use, _("Export as _JSON…"), "segments.export-json");
    }
  if (may (self, SD_PERMISSION_EDIT_CUSTOMERS))
    ADD (use, _("Add a _Tag to All…"), "segments.tag");
  if (may (self, SD_PERMISSION_MANAGE_TIERS))
    {
      ADD (change, _("_Edit…"), "segments.edit");
      ADD (change, _("_Rename…"), "segments.rename");
      ADD (remove, _("_Delete…"), "segments.delete");
    }
#undef ADD
  g_menu_append_section (menu, NULL, G_MENU_MODEL (use));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (change));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (remove));
  return G_MENU_MODEL (menu);
}

static void
show_item_count (Item       *item,
                 gint64      count,
                 const char *error)
{
  g_autofree char *number = count >= 0 ? sd_format_count (count) : NULL;
  g_autofree char *text = count >= 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer",
                                                                     "%s customers", count),
                                                        number)
                                     : g_strdup (error != NULL ? "—" : _("Counting…"));

  item->count = count;
  gtk_label_set_label (item->count_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (item->count_label), error);
  if (count >= 0)
    gtk_widget_remove_css_class (GTK_WIDGET (item->count_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (item->count_label), "dim-label");
}

static Item *
item_new (SdSegmentsPage *self,
          SdSegment      *segment)
{
  Item *item = g_new0 (Item, 1);
  g_autoptr(SdCondition) condition = sd_segment_get_condition (segment, NULL);
  g_autofree char *description = condition != NULL ? sd_condition_editor_describe (condition, self->ladder)
                                                   : g_strdup (segment->expression);
  g_autofree char *when = sd_format_when (segment->updated_at, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *updated = g_strdup_printf (_("Changed %s"), when);
  g_autofree char *exact = sd_format_datetime (segment->updated_at);
  g_autoptr(GMenuModel) menu = row_menu (self, segment->id);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *updated_label = gtk_label_new (updated);
  GtkWidget *menu_button = gtk_menu_button_new ();

  item->segment = segment;
  item->row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (item->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->row), segment->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (item->row), description);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (item->row), 2);
  gtk_widget_set_tooltip_text (item->row, segment->expression);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item->row), main_window (self) != NULL);

  item->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (item->count_label, 1);
  gtk_widget_add_css_class (GTK_WIDGET (item->count_label), "numeric");
  gtk_widget_set_name (GTK_WIDGET (item->count_label), "count");
  gtk_label_set_xalign (GTK_LABEL (updated_label), 1);
  gtk_widget_set_tooltip_text (updated_label, exact);
  gtk_widget_add_css_class (updated_label, "caption");
  gtk_widget_add_css_class (updated_label, "dim-label");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (item->count_label));
  gtk_box_append (GTK_BOX (box), updated_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (item->row), box);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, _("Segment Actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Segment Actions"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (item->row), menu_button);

  show_item_count (item, -1, NULL);
  return item;
}

/* ---- counts, one segment after the other ---- */

static void count_next (SdSegmentsPage *self);

static void
count_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (source);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  gint64 count = sd_segment_jobs_count_finish (result, &error);
  Item *item;

  if (generation != self->generation || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  item = g_ptr_array_index (self->items, self->count_index);
  show_item_count (item, count, error != NULL ? error->message : NULL);
  self->count_index++;
  count_next (self);
}

static void
count_next (SdSegmentsPage *self)
{
  Item *item;

  if (self->count_index >= self->items->len)
    {
      g_clear_object (&self->count_cancellable);
      update_actions (self);
      return;
    }
  item = g_ptr_array_index (self->items, self->count_index);
  sd_segment_jobs_count_async (self, self->session, item->segment->id, NULL, self->count_cancellable,
                               count_done_cb, GUINT_TO_POINTER (self->generation));
}

static void
stop_counting (SdSegmentsPage *self)
{
  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->generation++;
}

/* ---- the list ---- */

static void
clear_list (SdSegmentsPage *self)
{
  stop_counting (self);
  for (guint i = 0; i < self->items->len; i++)
    gtk_list_box_remove (self->list, ((Item *) g_ptr_array_index (self->items, i))->row);
  g_ptr_array_set_size (self->items, 0);
}

/* The segments are a small table, read at once; their counts are not, and follow. */
static void
load (SdSegmentsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segments = NULL;

  clear_list (self);
  g_clear_pointer (&self->ladder, sd_tier_ladder_free);
  if (!may (self, SD_PERMISSION_VIEW_CUSTOMERS))
    {
      gtk_stack_set_visible_child_name (self->stack, "denied");
      update_subtitle (self);
      update_actions (self);
      return;
    }
  self->ladder = sd_tiers_get_ladder (self->session, NULL);
  segments = sd_segments_list (self->session, FALSE, &error);
  if (segments == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_subtitle (self);
      update_actions (self);
      return;
    }
  for (guint i = 0; i < segments->len; i++)
    {
      Item *item = item_new (self, sd_segment_copy (g_ptr_array_index (segments, i)));

      g_ptr_array_add (self->items, item);
      gtk_list_box_append (self->list, item->row);
    }
  gtk_stack_set_visible_child_name (self->stack, self->items->len > 0 ? "list" : "empty");
  update_subtitle (self);
  if (self->items->len > 0)
    {
      self->count_index = 0;
      self->count_cancellable = g_cancellable_new ();
      count_next (self);
    }
  update_actions (self);
}

/* ---- jobs: tag and export ---- */

static void
begin_job (SdSegmentsPage *self)
{
  SdWindow *window = main_window (self);

  self->job_cancellable = g_cancellable_new ();
  /* The window does not close under a tag half written or a file half exported. */
  if (window != NULL)
    sd_window_begin_job (window, self->job_cancellable);
  update_actions (self);
}

static void
end_job (SdSegmentsPage *self)
{
  SdWindow *window = main_window (self);

  if (window != NULL && self->job_cancellable != NULL)
    sd_window_end_job (window, self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  update_actions (self);
}

typedef struct
{
  char   *name;       /* the segment's, for the toast */
  char   *tag;
  char   *file;       /* an export's, its base name */
} JobNote;

static void
job_note_free (JobNote *note)
{
  g_free (note->name);
  g_free (note->tag);
  g_free (note->file);
  g_free (note);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JobNote, job_note_free)

/* A tag (NOTE has the tag) or an export (NOTE has the file) ended. */
static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (source);
  g_autoptr(JobNote) note = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n = note->tag != NULL ? sd_segment_jobs_tag_finish (result, &error)
                               : sd_segment_jobs_export_finish (result, &error);
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;

  end_job (self);
  if (n < 0)
    {
      message = g_strdup_printf (note->tag != NULL ? _("Could not tag the customers of “%s”: %s")
                                                   : _("Could not export “%s”: %s"),
                                 note->name, error->message);
      toast (self, message, TRUE);
      return;
    }
  count = sd_format_count (n);
  if (note->tag != NULL)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added “%s” to %s customer",
                                            "Added “%s” to %s customers", n),
                               note->tag, count);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s customer to “%s”",
                                            "Exported %s customers to “%s”", n),
                               count, note->file);
  toast (self, message, FALSE);
  /* A segment may select by tag: counts can have changed. */
  if (note->tag != NULL)
    load (self);
}

static void
tag_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 SdSegmentsPage   *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  Item *item = find_item (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "segment-id")));
  JobNote *note;

  if (g_strcmp0 (response, "add") != 0 || item == NULL || self->job_cancellable != NULL)
    return;
  note = g_new0 (JobNote, 1);
  note->name = g_strdup (item->segment->name);
  note->tag = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  begin_job (self);
  sd_segment_jobs_tag_async (self, self->session, item->segment->id, note->tag, self->job_cancellable,
                             job_done_cb, note);
}

static void
tag_entry_changed_cb (GtkEditable      *entry,
                      AdwMessageDialog *dialog)
{
  g_autofree char *tag = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  gboolean anyone = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "anyone"));

  adw_message_dialog_set_response_enabled (dialog, "add", anyone && *tag != '\0');
}

/* Asks for the tag, naming how many customers get it. */
static void
open_tag_dialog (SdSegmentsPage *self,
                 Item           *item)
{
  g_autofree char *heading = g_strdup_printf (_("Tag Everyone in “%s”"), item->segment->name);
  g_autofree char *count = sd_format_count (item->count);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  if (item->count > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The tag is added now to the %s customer in this segment. Customers who "
                                         "join the segment later do not get it.",
                                         "The tag is added now to the %s customers in this segment. Customers who "
                                         "join the segment later do not get it.",
                                         item->count),
                            count);
  else
    body = g_strdup (_("No customer is in this segment now: there is nobody to tag."));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add Tag"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Tag, e.g. 老客"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_name (entry, "tag_entry");
  adw_message_dialog_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "anyone", GINT_TO_POINTER (item->count > 0));
  g_object_set_data (G_OBJECT (dialog), "segment-id", GSIZE_TO_POINTER ((gsize) item->segment->id));
  g_signal_connect_object (entry, "changed", G_CALLBACK (tag_entry_changed_cb), dialog, 0);
  tag_entry_changed_cb (GTK_EDITABLE (entry), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (tag_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
tag_count_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (source);
  gint64 id = *(gint64 *) user_data;
  g_autoptr(GError) error = NULL;
  gint64 count = sd_segment_jobs_count_finish (result, &error);
  Item *item = find_item (self, id);

  g_free (user_data);
  if (item == NULL)
    return;
  show_item_count (item, count, error != NULL ? error->message : NULL);
  if (count < 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not count the customers of “%s”: %s"),
                                                  item->segment->name, error->message);
      toast (self, message, TRUE);
      return;
    }
  open_tag_dialog (self, item);
}

/* ---- export ---- */

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    SdSegmentsPage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (chooser), "segment-id"));
  SdExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "format"));
  g_autoptr(GFile) file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                                                          : NULL;
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  Item *item = find_item (self, id);

  if (path != NULL && item != NULL && self->job_cancellable == NULL)
    {
      JobNote *note = g_new0 (JobNote, 1);

      note->name = g_strdup (item->segment->name);
      note->file = g_file_get_basename (file);
      begin_job (self);
      sd_segment_jobs_export_async (self, self->session, id, format, path, self->job_cancellable,
                                    job_done_cb, note);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

/* A name for the file, from the segment's: what a file name cannot hold becomes "-". */
static char *
suggested_file_name (const char     *segment_name,
                     SdExportFormat  format)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *stem = g_strdup (segment_name);

  g_strdelimit (stem, "/\\:*?\"<>|", '-');
  return g_strdup_printf ("%s-%s.%s", stem, date, format == SD_EXPORT_JSON ? "json" : "csv");
}

static void
export_segment (SdSegmentsPage *self,
                gint64          id,
                SdExportFormat  format)
{
  Item *item = find_item (self, id);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GFile) folder = NULL;

  if (item == NULL || self->job_cancellable != NULL)
    return;
  name = suggested_file_name (item->segment->name, format);
  chooser = gtk_file_chooser_native_new (_("Export the Segment"), parent_window (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  folder = g_file_new_for_path (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR)
                                  ? documents : g_get_home_dir ());
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, format == SD_EXPORT_JSON ? _("JSON files") : _("CSV files"));
  gtk_file_filter_add_suffix (filter, format == SD_EXPORT_JSON ? "json" : "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data (G_OBJECT (chooser), "segment-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data (G_OBJECT (chooser), "format", GINT_TO_POINTER (format));
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- rename and delete ---- */

static void open_rename_dialog (SdSegmentsPage *self,
                                Item           *item,
                                const char     *typed,
                                const char     *error);

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SdSegmentsPage   *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  Item *item = find_item (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "segment-id")));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "rename") != 0 || item == NULL)
    return;
  if (!sd_segments_rename (self->session, item->segment->id, name, &error))
    {
      /* The dialog closes with its response: a new one shows the error at the name. */
      open_rename_dialog (self, item, name, error->message);
      return;
    }
  load (self);
}

static void
rename_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", *name != '\0');
}

static void
open_rename_dialog (SdSegmentsPage *self,
                    Item           *item,
                    const char     *typed,
                    const char     *error)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("Rename Segment"),
                                                                         NULL));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *label = gtk_label_new (error);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rename");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_name (entry, "name_entry");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_name (label, "name_error");
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, error != NULL);
  if (error != NULL)
    gtk_widget_add_css_class (entry, "error");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), label);
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "segment-id", GSIZE_TO_POINTER ((gsize) item->segment->id));
  g_signal_connect_object (entry, "changed", G_CALLBACK (rename_entry_changed_cb), dialog, 0);
  rename_entry_changed_cb (GTK_EDITABLE (entry), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SdSegmentsPage   *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "segment-id"));
  Item *item = find_item (self, id);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "delete") != 0 || item == NULL)
    return;
  if (!sd_segments_delete (self->session, id, &error))
    message = g_strdup_printf (_("Could not delete “%s”: %s"), item->segment->name, error->message);
  else
    message = g_strdup_printf (_("Deleted the segment “%s”"), item->segment->name);
  toast (self, message, error != NULL);
  load (self);
}

/* ---- the builder ---- */

static void
editor_saved_cb (SdSegmentsPage *self,
                 gint64          id)
{
  Item *item;

  load (self);
  item = find_item (self, id);
  if (item != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Saved the segment “%s”"), item->segment->name);
      toast (self, message, FALSE);
    }
}

static void
open_editor (SdSegmentsPage  *self,
             const SdSegment *segment)
{
  SdSegmentEditor *editor = sd_segment_editor_new (parent_window (self), self->session, segment);

  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

/* ---- actions ---- */

static Item *
target_item (SdSegmentsPage *self,
             GVariant       *parameter)
{
  return parameter != NULL ? find_item (self, g_variant_get_int64 (parameter)) : NULL;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (widget);

  if (may (self, SD_PERMISSION_MANAGE_TIERS))
    open_editor (self, NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (widget);
  Item *item = target_item (self, parameter);

  if (item != NULL)
    open_editor (self, item->segment);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (widget);
  Item *item = target_item (self, parameter);

  if (item != NULL)
    open_rename_dialog (self, item, item->segment->name, NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (widget);
  Item *item = target_item (self, parameter);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (item == NULL)
    return;
  heading = g_strdup_printf (_("Delete “%s”?"), item->segment->name);
  dialog = sd_message_confirm (parent_window (self), heading,
                               _("The segment is removed. Its customers stay as they are: no customer, tag or "
                                 "order is changed."),
                               "delete", _("_Delete"), G_CALLBACK (delete_response_cb), self);
  g_object_set_data (G_OBJECT (dialog), "segment-id", GSIZE_TO_POINTER ((gsize) item->segment->id));
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (widget);
  Item *item = target_item (self, parameter);
  SdWindow *window = main_window (self);
  g_autoptr(SdCondition) condition = NULL;
  g_autoptr(GError) error = NULL;

  if (item == NULL || window == NULL)
    return;
  condition = sd_segment_get_condition (item->segment, &error);
  if (condition == NULL)
    {
      toast (self, error->message, TRUE);
      return;
    }
  sd_window_show_customers (window, condition, NULL, item->segment->name);
}

static void
tag_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (widget);
  Item *item = target_item (self, parameter);
  gint64 *id;

  if (item == NULL)
    return;
  if (item->count >= 0)
    {
      open_tag_dialog (self, item);
      return;
    }
  /* The question names how many: count this one first. */
  id = g_new (gint64, 1);
  *id = item->segment->id;
  sd_segment_jobs_count_async (self, self->session, *id, NULL, NULL, tag_count_done_cb, id);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  export_segment (SD_SEGMENTS_PAGE (widget), g_variant_get_int64 (parameter), SD_EXPORT_CSV);
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  export_segment (SD_SEGMENTS_PAGE (widget), g_variant_get_int64 (parameter), SD_EXPORT_JSON);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sd_segments_page_reload (SD_SEGMENTS_PAGE (widget));
}

/* ---- callbacks ---- */

static void
row_activated_cb (SdSegmentsPage *self,
                  GtkListBoxRow  *row)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (item->row == GTK_WIDGET (row))
        gtk_widget_activate_action (GTK_WIDGET (self), "segments.show", "x", item->segment->id);
    }
}

static void
map_cb (SdSegmentsPage *self)
{
  /* Coming back shows the counts as the customers are now. */
  if (self->session != NULL)
    load (self);
}

/* ---- the object ---- */

static void
sd_segments_page_dispose (GObject *object)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (object);

  stop_counting (self);
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  g_clear_object (&self->session);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_SEGMENTS_PAGE);
  G_OBJECT_CLASS (sd_segments_page_parent_class)->dispose (object);
}

static void
sd_segments_page_finalize (GObject *object)
{
  SdSegmentsPage *self = SD_SEGMENTS_PAGE (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->ladder, sd_tier_ladder_free);
  G_OBJECT_CLASS (sd_segments_page_parent_class)->finalize (object);
}

static void
sd_segments_page_class_init (SdSegmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_segments_page_dispose;
  object_class->finalize = sd_segments_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-segments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, denied_page);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, list);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, title);
  gtk_widget_class_bind_template_child (widget_class, SdSegmentsPage, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "segments.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "segments.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "segments.show", "x", show_action);
  gtk_widget_class_install_action (widget_class, "segments.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "segments.rename", "x", rename_action);
  gtk_widget_class_install_action (widget_class, "segments.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "segments.tag", "x", tag_action);
  gtk_widget_class_install_action (widget_class, "segments.export-csv", "x", export_csv_action);
  gtk_widget_class_install_action (widget_class, "segments.export-json", "x", export_json_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "segments.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "segments.reload", NULL);
}

static void
sd_segments_page_init (SdSegmentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  gtk_stack_set_visible_child_name (self->stack, "denied");
  update_actions (self);
}

/* ---- public API ---- */

GtkWidget *
sd_segments_page_new (void)
{
  return g_object_new (SD_TYPE_SEGMENTS_PAGE, NULL);
}

void
sd_segments_page_set_session (SdSegmentsPage *self,
                              SdSession      *session)
{
  g_return_if_fail (SD_IS_SEGMENTS_PAGE (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  if (session == self->session)
    {
      /* The window asks again at each activation: only a change of role (the menus offer
       * what the role allows) is worth reading and counting everything again. */
      if (session != NULL && sd_session_get_permissions (session) != self->permissions)
        {
          self->permissions = sd_session_get_permissions (session);
          load (self);
        }
      return;
    }
  self->permissions = session != NULL ? sd_session_get_permissions (session) : 0;
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_set_object (&self->session, session);
  if (session == NULL || gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  else
    clear_list (self);
  update_actions (self);
}

void
sd_segments_page_set_folded (SdSegmentsPage *self,
                             gboolean        folded)
{
  g_return_if_fail (SD_IS_SEGMENTS_PAGE (self));

  gtk_widget_set_visible (self->sidebar_button, folded);
}

void
sd_segments_page_reload (SdSegmentsPage *self)
{
  g_return_if_fail (SD_IS_SEGMENTS_PAGE (self));

  load (self);
}

guint
sd_segments_page_get_n_segments (SdSegmentsPage *self)
{
  g_return_val_if_fail (SD_IS_SEGMENTS_PAGE (self), 0);

  return self->items->len;
}

gint64
sd_segments_page_get_count (SdSegmentsPage *self,
                            gint64          id)
{
  Item *item;

  g_return_val_if_fail (SD_IS_SEGMENTS_PAGE (self), -1);

  item = find_item (self, id);
  return item != NULL ? item->count : -1;
}

gboolean
sd_segments_page_get_busy (SdSegmentsPage *self)
{
  g_return_val_if_fail (SD_IS_SEGMENTS_PAGE (self), FALSE);

  return busy (self);
}
