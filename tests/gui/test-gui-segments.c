/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-condition-editor.h"
#include "sd-customers-page.h"
#include "sd-customers.h"
#include "sd-error.h"
#include "sd-gui-test-util.h"
#include "sd-segment-editor.h"
#include "sd-segments-page.h"
#include "sd-segments.h"
#include "sd-test-util.h"

typedef struct
{
  SdGuiTestShop   shop;
  SdSegmentsPage *page;
  GArray         *regulars;   /* gint64: the customers tagged 老客 */
  GArray         *others;
} Fixture;

/* Ten customers, four of them tagged 老客 and two of those also VIP. */
static void
add_customers (Fixture *f)
{
  f->regulars = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->others = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *nick = g_strdup_printf ("买家%u", i);
      gint64 id = sd_test_add_customer (f->shop.owner, nick, NULL, NULL);

      if (i % 3 == 0)
        {
          g_assert_true (sd_customers_add_tag (f->shop.owner, id, "老客", NULL));
          if (i % 2 == 0)
            g_assert_true (sd_customers_add_tag (f->shop.owner, id, "VIP", NULL));
          g_array_append_val (f->regulars, id);
        }
      else
        g_array_append_val (f->others, id);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->page = SD_SEGMENTS_PAGE (sd_segments_page_new ());
  sd_gui_test_shop_set_up (&f->shop, GTK_WIDGET (f->page));
  add_customers (f);
  g_object_add_weak_pointer (G_OBJECT (f->page), (gpointer *) &f->page);
  sd_segments_page_set_session (f->page, f->shop.owner);
  sd_gui_test_present (f->shop.window);
  sd_gui_test_spin (50);
}

/* Whether the object the weak pointer at DATA watched is finalized. */
static gboolean
gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->regulars, g_array_unref);
  g_clear_pointer (&f->others, g_array_unref);
  sd_gui_test_shop_tear_down (&f->shop);
  /* No count or job still under way keeps the page alive. */
  g_assert_true (sd_gui_test_wait_for (gone, &f->page, 5000));
}

static gboolean
page_idle (gpointer data)
{
  return !sd_segments_page_get_busy (SD_SEGMENTS_PAGE (data));
}

static void
wait_page (Fixture *f)
{
  g_assert_true (sd_gui_test_wait_for (page_idle, f->page, 10000));
}

static gboolean
editor_idle (gpointer data)
{
  return !sd_segment_editor_get_busy (SD_SEGMENT_EDITOR (data));
}

static gint64
editor_count (SdSegmentEditor *editor)
{
  g_assert_true (sd_gui_test_wait_for (editor_idle, editor, 10000));
  return sd_segment_editor_get_count (editor);
}

static const char *
stack_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_get (f->page, GTK_TYPE_STACK, "stack")));
}

static gint64
create (Fixture    *f,
        const char *name,
        const char *expression)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sd_segments_create (f->shop.owner, name, expression, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
count_text (SdSession  *session,
            const char *expression)
{
  g_autoptr(GError) error = NULL;
  gint64 n = sd_segments_count_expression (session, expression, &error);

  g_assert_no_error (error);
  return n;
}

/* The condition editor's first row set to FIELD, its value widget to VALUE (typed). */
static void
type_value (SdSegmentEditor *editor,
            guint            row_index,
            const char      *value)
{
  GtkListBox *rows = GTK_LIST_BOX (sd_gui_test_get (editor, GTK_TYPE_LIST_BOX, "rows_list"));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (rows, (int) row_index);

  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (row, GTK_TYPE_WIDGET, "value")), value);
}

static void
select_field (SdSegmentEditor  *editor,
              guint             row_index,
              SdConditionField  field)
{
  GtkListBox *rows = GTK_LIST_BOX (sd_gui_test_get (editor, GTK_TYPE_LIST_BOX, "rows_list"));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (rows, (int) row_index);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (sd_gui_test_get (row, GTK_TYPE_DROP_DOWN, "field")), field);
}

static SdSegmentEditor *
open_new (Fixture *f)
{
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "new_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.new", NULL));
  return SD_SEGMENT_EDITOR (sd_gui_test_wait_toplevel (SD_TYPE_SEGMENT_EDITOR));
}

static void
set_name (SdSegmentEditor *editor,
          const char      *name)
{
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (editor, ADW_TYPE_ENTRY_ROW, "name_row")), name);
}

static void
click_save (SdSegmentEditor *editor)
{
  GtkWidget *save = sd_gui_test_get (editor, GTK_TYPE_BUTTON, "save_button");

  g_assert_true (gtk_widget_get_sensitive (save));
  g_signal_emit_by_name (save, "clicked");
}

/* What clicking a response button of a message dialog does. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_assert_cmpstr (stack_page (f), ==, "empty");
  g_assert_cmpuint (sd_segments_page_get_n_segments (f->page), ==, 0);
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "empty_new_button")));
}

static void
test_list_counts (Fixture       *f,
                  gconstpointer  data)
{
  gint64 regulars = create (f, "老客", "tag = \"老客\"");
  gint64 vip = create (f, "VIP 老客", "tag = \"老客\" and tag = \"VIP\"");
  gint64 nobody = create (f, "没人", "order_count > 100");

  sd_segments_page_reload (f->page);
  g_assert_cmpstr (stack_page (f), ==, "list");
  g_assert_cmpuint (sd_segments_page_get_n_segments (f->page), ==, 3);
  wait_page (f);
  g_assert_cmpint (sd_segments_page_get_count (f->page, regulars), ==, f->regulars->len);
  g_assert_cmpint (sd_segments_page_get_count (f->page, regulars), ==,
                   sd_segments_count (f->shop.owner, regulars, NULL));
  g_assert_cmpint (sd_segments_page_get_count (f->page, vip), ==, 2);
  g_assert_cmpint (sd_segments_page_get_count (f->page, nobody), ==, 0);
}

static void
test_builder_live_count (Fixture       *f,
                         gconstpointer  data)
{
  SdSegmentEditor *editor = open_new (f);
  GtkLabel *count_label = GTK_LABEL (sd_gui_test_get (editor, GTK_TYPE_LABEL, "count_label"));
  GtkLabel *caption = GTK_LABEL (sd_gui_test_get (editor, GTK_TYPE_LABEL, "count_caption"));

  /* An incomplete condition has no count, and says why. */
  g_assert_cmpint (editor_count (editor), ==, -1);
  g_assert_cmpstr (gtk_label_get_label (count_label), ==, "—");
  g_assert_cmpstr (gtk_label_get_label (caption), ==, "Row 1: a value is missing");

  select_field (editor, 0, SD_CONDITION_FIELD_TAG);
  type_value (editor, 0, "老客");
  /* Debounced: nothing counted at once, the count comes after the pause. */
  g_assert_true (sd_segment_editor_get_busy (editor));
  g_assert_cmpint (editor_count (editor), ==, count_text (f->shop.owner, "tag = \"老客\""));
  g_assert_cmpint (sd_segment_editor_get_count (editor), ==, f->regulars->len);
  g_assert_cmpstr (gtk_label_get_label (count_label), ==, "4");

  /* It follows the edits. */
  type_value (editor, 0, "VIP");
  g_assert_cmpint (editor_count (editor), ==, count_text (f->shop.owner, "tag = \"VIP\""));
  g_assert_cmpint (sd_segment_editor_get_count (editor), ==, 2);

  /* Typing fast: only the last edit is counted. */
  type_value (editor, 0, "V");
  type_value (editor, 0, "VI");
  type_value (editor, 0, "老");
  type_value (editor, 0, "老客");
  g_assert_cmpint (editor_count (editor), ==, 4);

  type_value (editor, 0, "");
  g_assert_cmpint (editor_count (editor), ==, -1);
  g_assert_cmpstr (gtk_label_get_label (count_label), ==, "—");
  gtk_window_close (GTK_WINDOW (editor));
}

static void
test_builder_save (Fixture       *f,
                   gconstpointer  data)
{
  SdSegmentEditor *editor = open_new (f);
  g_autoptr(GPtrArray) segments = NULL;
  SdSegment *saved;

  /* Save needs a name and a whole condition. */
  g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (editor, GTK_TYPE_BUTTON, "save_button")));
  set_name (editor, "  浙江老客 ");
  select_field (editor, 0, SD_CONDITION_FIELD_TAG);
  type_value (editor, 0, "老客");
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (editor, GTK_TYPE_WIDGET, "add_button")));
  g_signal_emit_by_name (sd_gui_test_get (editor, GTK_TYPE_BUTTON, "add_button"), "clicked");
  g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (editor, GTK_TYPE_BUTTON, "save_button")));
  select_field (editor, 1, SD_CONDITION_FIELD_TOTAL_SPENT);
  type_value (editor, 1, "500.5");
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  /* Saved while its count is still due: closing drops the count, and the window. */
  g_assert_true (sd_segment_editor_get_busy (editor));
  click_save (editor);
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_SEGMENT_EDITOR));
  g_assert_true (sd_gui_test_wait_for (gone, &editor, 5000));

  segments = sd_segments_list (f->shop.owner, FALSE, NULL);
  g_assert_cmpuint (segments->len, ==, 1);
  saved = g_ptr_array_index (segments, 0);
  g_assert_cmpstr (saved->name, ==, "浙江老客");
  g_assert_cmpstr (saved->expression, ==, "tag = \"老客\" and total_spent >= 500.5");
  g_assert_cmpuint (sd_segments_page_get_n_segments (f->page), ==, 1);
  g_assert_cmpstr (stack_page (f), ==, "list");
}

static void
test_builder_duplicate_name (Fixture       *f,
                             gconstpointer  data)
{
  SdSegmentEditor *editor;
  GtkWidget *name_error;
  g_autoptr(GPtrArray) segments = NULL;

  create (f, "老客", "tag = \"老客\"");
  editor = open_new (f);
  set_name (editor, "老客");
  type_value (editor, 0, "100");
  click_save (editor);

  /* Still open, the reason at the name. */
  name_error = sd_gui_test_get (editor, GTK_TYPE_LABEL, "name_error");
  g_assert_true (gtk_widget_get_visible (name_error));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (name_error)), "老客"));
  g_assert_true (gtk_widget_has_css_class (sd_gui_test_get (editor, ADW_TYPE_ENTRY_ROW, "name_row"), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  segments = sd_segments_list (f->shop.owner, FALSE, NULL);
  g_assert_cmpuint (segments->len, ==, 1);

  /* A new name clears it and saves. */
  set_name (editor, "大客户");
  g_assert_false (gtk_widget_get_visible (name_error));
  click_save (editor);
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_SEGMENT_EDITOR));
  g_clear_pointer (&segments, g_ptr_array_unref);
  segments = sd_segments_list (f->shop.owner, FALSE, NULL);
  g_assert_cmpuint (segments->len, ==, 2);
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  gint64 id = create (f, "老客", "(tag = \"老客\" or tag = \"VIP\") and not total_spent > 100");
  SdSegmentEditor *editor;
  GtkEditable *text;
  g_autoptr(SdSegment) segment = NULL;

  sd_segments_page_reload (f->page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.edit", "x", id));
  editor = SD_SEGMENT_EDITOR (sd_gui_test_wait_toplevel (SD_TYPE_SEGMENT_EDITOR));
  /* Counted as soon as it opens; nested, so shown as text. */
  g_assert_cmpint (editor_count (editor), ==, f->regulars->len);
  text = GTK_EDITABLE (sd_gui_test_get (editor, GTK_TYPE_ENTRY, "text_entry"));
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "(tag = \"老客\" or tag = \"VIP\") and not total_spent > 100");
  gtk_editable_set_text (text, "tag = \"VIP\"");
  g_assert_cmpint (editor_count (editor), ==, 2);
  set_name (editor, "VIP");
  click_save (editor);
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_SEGMENT_EDITOR));

  segment = sd_segments_get (f->shop.owner, id, NULL);
  g_assert_cmpstr (segment->name, ==, "VIP");
  g_assert_cmpstr (segment->expression, ==, "tag = \"VIP\"");
  wait_page (f);
  g_assert_cmpint (sd_segments_page_get_count (f->page, id), ==, 2);
}

static gboolean
is_tagged (SdSession  *session,
           gint64      id,
           const char *tag)
{
  g_autoptr(SdCustomer) customer = sd_test_get_customer (session, id);

  for (guint i = 0; i < customer->tags->len; i++)
    if (g_strcmp0 (g_ptr_array_index (customer->tags, i), tag) == 0)
      return TRUE;
  return FALSE;
}

static void
test_bulk_tag (Fixture       *f,
               gconstpointer  data)
{
  const char *tag = "回访\"%_";
  gint64 id = create (f, "老客", "tag = \"老客\"");
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  sd_segments_page_reload (f->page);
  wait_page (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.tag", "x", id));
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  /* The question names how many get the tag. */
  g_object_get (dialog, "body", &body, NULL);
  g_assert_nonnull (strstr (body, " 4 customers"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, GTK_TYPE_ENTRY, "tag_entry")), tag);
  respond (dialog, "add");
  wait_page (f);

  for (guint i = 0; i < f->regulars->len; i++)
    g_assert_true (is_tagged (f->shop.owner, g_array_index (f->regulars, gint64, i), tag));
  for (guint i = 0; i < f->others->len; i++)
    g_assert_false (is_tagged (f->shop.owner, g_array_index (f->others, gint64, i), tag));
}

static gboolean
file_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = create (f, "老客", "tag = \"老客\"");
  g_autofree char *path = g_build_filename (f->shop.dir, "老客.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;

  sd_segments_page_reload (f->page);
  wait_page (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.export-csv", "x", id));
  sd_gui_test_save_in_chooser (path);
  /* The chooser answers after a moment; the export then runs on its thread. */
  g_assert_true (sd_gui_test_wait_for (file_written, path, 10000));
  wait_page (f);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      n_lines++;
  /* A header, then exactly the segment's customers. */
  g_assert_cmpuint (n_lines, ==, 1 + f->regulars->len);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *nick = g_strdup_printf ("买家%u", i);
      g_assert_true ((strstr (contents, nick) != NULL) == (i % 3 == 0));
    }
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = create (f, "老客", "tag = \"老客\"");
  gint64 customers = sd_test_count_customers (f->shop.owner);
  AdwMessageDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSegment) deleted = NULL;

  sd_segments_page_reload (f->page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.delete", "x", id));
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  respond (dialog, "delete");
  sd_gui_test_spin (50);

  deleted = sd_segments_get (f->shop.owner, id, &error);
  g_assert_null (deleted);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_assert_cmpint (sd_test_count_customers (f->shop.owner), ==, customers);
  g_assert_cmpint (count_text (f->shop.owner, "tag = \"老客\""), ==, f->regulars->len);
  g_assert_cmpuint (sd_segments_page_get_n_segments (f->page), ==, 0);
  g_assert_cmpstr (stack_page (f), ==, "empty");
}

static void
test_rename (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = create (f, "老客", "tag = \"老客\"");
  AdwMessageDialog *dialog;
  GtkWidget *error_label;
  g_autoptr(SdSegment) segment = NULL;

  create (f, "VIP", "tag = \"VIP\"");
  sd_segments_page_reload (f->page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.rename", "x", id));
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, GTK_TYPE_ENTRY, "name_entry")), "VIP");
  respond (dialog, "rename");
  sd_gui_test_spin (100);

  /* Taken: asked again, the reason under the name typed. */
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  error_label = sd_gui_test_get (dialog, GTK_TYPE_LABEL, "name_error");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sd_gui_test_get (dialog, GTK_TYPE_ENTRY, "name_entry"))), ==,
                   "VIP");
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, GTK_TYPE_ENTRY, "name_entry")), "回头客");
  respond (dialog, "rename");
  sd_gui_test_spin (50);

  segment = sd_segments_get (f->shop.owner, id, NULL);
  g_assert_cmpstr (segment->name, ==, "回头客");
}

/* A staff account sees only what its role allows. */
static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  gint64 id = create (f, "老客", "tag = \"老客\"");
  g_autoptr(SdSession) viewer = sd_test_staff_session (f->shop.owner, "viewer",
                                                        SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  g_autoptr(SdSession) tagger = sd_test_staff_session (f->shop.owner, "tagger",
                                                        SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS) |
                                                        SD_PERMISSION_BIT (SD_PERMISSION_EDIT_CUSTOMERS));
  g_autoptr(GPtrArray) segments = NULL;

  sd_segments_page_set_session (f->page, viewer);
  wait_page (f);
  g_assert_cmpuint (sd_segments_page_get_n_segments (f->page), ==, 1);
  g_assert_cmpint (sd_segments_page_get_count (f->page, id), ==, f->regulars->len);
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "new_button")));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.new", NULL);
  sd_gui_test_spin (50);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_SEGMENT_EDITOR));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.delete", "x", id);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.tag", "x", id);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.export-csv", "x", id);
  sd_gui_test_spin (50);
  g_assert_null (sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  segments = sd_segments_list (f->shop.owner, FALSE, NULL);
  g_assert_cmpuint (segments->len, ==, 1);

  /* The builder itself refuses to save without tiers.manage. */
  {
    SdSegmentEditor *editor = sd_segment_editor_new (f->shop.window, viewer, NULL);

    gtk_window_present (GTK_WINDOW (editor));
    set_name (editor, "新的");
    type_value (editor, 0, "1");
    g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (editor, GTK_TYPE_BUTTON, "save_button")));
    /* The live count still works for a viewer. */
    g_assert_cmpint (editor_count (editor), ==, 0);
    gtk_window_destroy (GTK_WINDOW (editor));
  }

  /* customers.edit: tagging, but still no creating or export. */
  sd_segments_page_set_session (f->page, tagger);
  wait_page (f);
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "new_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.tag", "x", id));
  respond (ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG)), "cancel");
  g_assert_true (sd_gui_test_wait_no_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "segments.export-csv", "x", id);
  sd_gui_test_spin (50);
  g_assert_null (sd_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
}

/* Show Customers lists the segment on the Customers page of the real window. */
static void
test_show_customers (void)
{
  g_autofree char *path = sd_gui_test_make_demo (30);
  SdWindow *window = sd_gui_test_open_window (path);
  SdSession *session = sd_window_get_session (window);
  SdSegmentsPage *page = SD_SEGMENTS_PAGE (sd_gui_test_get (window, SD_TYPE_SEGMENTS_PAGE, NULL));
  SdCustomersPage *customers = SD_CUSTOMERS_PAGE (sd_window_get_customers_page (window));
  g_autoptr(GError) error = NULL;
  gint64 id = sd_segments_create (session, "大客户", "total_spent >= 100", &error);
  g_autoptr(SdCondition) condition = sd_condition_parse ("total_spent >= 100", NULL);
  const SdCustomerQuery *query;

  g_assert_no_error (error);
  sd_window_show_page (window, "segments");
  sd_segments_page_reload (page);
  g_assert_true (sd_gui_test_wait_for (page_idle, page, 10000));
  g_assert_cmpint (sd_segments_page_get_count (page, id), ==, sd_segments_count (session, id, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.show", "x", id));
  sd_gui_test_spin (100);
  g_assert_true (sd_customers_page_get_subset_shown (customers));
  query = sd_customers_page_get_query (customers);
  g_assert_nonnull (query->condition);
  g_assert_true (sd_condition_equal (query->condition, condition));
  sd_gui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);

  g_test_add ("/gui/segments/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/gui/segments/list-counts", Fixture, NULL, fixture_set_up, test_list_counts, fixture_tear_down);
  g_test_add ("/gui/segments/builder-live-count", Fixture, NULL, fixture_set_up, test_builder_live_count,
              fixture_tear_down);
  g_test_add ("/gui/segments/builder-save", Fixture, NULL, fixture_set_up, test_builder_save, fixture_tear_down);
  g_test_add ("/gui/segments/builder-duplicate-name", Fixture, NULL, fixture_set_up, test_builder_duplicate_name,
              fixture_tear_down);
  g_test_add ("/gui/segments/edit", Fixture, NULL, fixture_set_up, test_edit, fixture_tear_down);
  g_test_add ("/gui/segments/bulk-tag", Fixture, NULL, fixture_set_up, test_bulk_tag, fixture_tear_down);
  g_test_add ("/gui/segments/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/gui/segments/delete", Fixture, NULL, fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/gui/segments/rename", Fixture, NULL, fixture_set_up, test_rename, fixture_tear_down);
  g_test_add ("/gui/segments/permissions", Fixture, NULL, fixture_set_up, test_permissions, fixture_tear_down);
  g_test_add_func ("/gui/segments/show-customers", test_show_customers);

  return g_test_run ();
}
