/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-chatlog-dialog.h"
#include "sd-conversations.h"
#include "sd-gui-test-util.h"
#include "sd-import-issues-group.h"
#include "sd-staff.h"
#include "sd-test-util.h"

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)

typedef struct
{
  char     *path;
  char     *dir;
  SdWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SdSession) owner = NULL;
  g_autoptr(SdSession) wang = NULL;
  g_autoptr(SdSession) li = NULL;

  f->path = sd_gui_test_make_demo (20);
  f->dir = g_path_get_dirname (f->path);
  /* The agents the chat log names; 小李 in after-sales. */
  owner = sd_test_login_owner (f->path);
  wang = sd_test_staff_session (owner, "小王", BIT (CONVERSATIONS_OWN) | BIT (VIEW_CUSTOMERS));
  li = sd_test_staff_session (owner, "小李", BIT (CONVERSATIONS_OWN));
  g_assert_true (sd_staff_set_department (owner, sd_session_get_staff_id (li), 3, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    sd_gui_test_close_window (f->window);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static const char *
label (GtkWindow  *dialog,
       const char *name)
{
  return gtk_label_get_label (GTK_LABEL (sd_gui_test_get (dialog, GTK_TYPE_LABEL, name)));
}

static gboolean
on_result_page (gpointer data)
{
  GtkStack *stack = GTK_STACK (sd_gui_test_get (data, GTK_TYPE_STACK, "stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "result") == 0;
}

/* Opens the dialog on FILE (in tests/data/chatlog, or a path), imports, waits for the end. */
static GtkWindow *
run_import (Fixture    *f,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *dialog;

  sd_chatlog_dialog_present (f->window, file);
  dialog = sd_gui_test_wait_toplevel (SD_TYPE_CHATLOG_DIALOG);
  g_assert_true (gtk_widget_get_sensitive (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "import_button")));
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "import_button"));
  g_assert_true (sd_gui_test_wait_for (on_result_page, dialog, 30000));
  return dialog;
}

static gint64
count_conversations (Fixture *f)
{
  SdConversationFilter filter = SD_CONVERSATION_FILTER_INIT;
  g_autoptr(GPtrArray) list = NULL;

  filter.limit = 1000;
  list = sd_conversations_list (sd_window_get_session (f->window), &filter, NULL);
  return list != NULL ? (gint64) list->len : -1;
}

/* The hand-made log: nine conversations, 27 messages; the second run adds nothing. */
static void
test_imports_once (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path =
    g_build_filename (g_getenv ("SHOPDESK_TEST_DATA"), "chatlog", "kpi-small.csv", NULL);
  GtkWindow *dialog;

  f->window = sd_gui_test_open_window (f->path);
  dialog = run_import (f, path);
  g_assert_cmpstr (label (dialog, "result_title"), ==, "Import Complete");
  g_assert_cmpstr (label (dialog, "conversations_label"), ==, "9");
  g_assert_cmpstr (label (dialog, "messages_label"), ==, "27");
  g_assert_cmpstr (label (dialog, "known_label"), ==, "0");
  g_assert_cmpstr (label (dialog, "rows_label"), ==, "27");
  g_assert_cmpstr (label (dialog, "result_description"), ==, "Added 9 conversations.");
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (dialog, SD_TYPE_IMPORT_ISSUES_GROUP, "issues_group")));
  g_assert_cmpint (count_conversations (f), ==, 9);
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "done_button"));
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_CHATLOG_DIALOG));

  dialog = run_import (f, path);
  g_assert_cmpstr (label (dialog, "conversations_label"), ==, "0");
  g_assert_cmpstr (label (dialog, "known_label"), ==, "9");
  g_assert_nonnull (strstr (label (dialog, "result_description"), "nothing was added"));
  g_assert_cmpint (count_conversations (f), ==, 9);
  gtk_window_close (dialog);
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_CHATLOG_DIALOG));
}

/* Bad rows are listed by row and column, and copied as a person would paste them; the good
 * rows go in. */
static void
test_bad_rows (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "log.csv", NULL);
  GtkWindow *dialog;
  GtkColumnView *view;
  GListModel *model;

  g_assert_true (g_file_set_contents (path,
                                      "时间,买家,客服,方向,内容\n"
                                      "2026-03-02 10:00:00,张三,小王,买家,在吗\n"
                                      "昨天,张三,小王,客服,在的\n"
                                      "2026-03-02 10:01:00,张三,老板娘,客服,好的\n"
                                      "2026-03-02 10:02:00,张三,小王,客服,亲在的\n",
                                      -1, NULL));
  f->window = sd_gui_test_open_window (f->path);
  dialog = run_import (f, path);
  g_assert_cmpstr (label (dialog, "conversations_label"), ==, "1");
  g_assert_cmpstr (label (dialog, "messages_label"), ==, "2");
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (dialog, SD_TYPE_IMPORT_ISSUES_GROUP, "issues_group")));
  view = GTK_COLUMN_VIEW (sd_gui_test_get (dialog, GTK_TYPE_COLUMN_VIEW, "issues_view"));
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_nonnull (strstr (label (dialog, "result_description"), "2 rows had a problem"));
  gtk_window_close (dialog);
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_CHATLOG_DIALOG));
}

/* The import needs conversations.all: an agent's menu has no such item. */
static void
test_needs_permission (Fixture       *f,
                       gconstpointer  data)
{
  f->window = sd_gui_test_open_window_as (f->path, "小王", SD_TEST_PASSWORD);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import-chatlog", NULL);
  sd_gui_test_spin (200);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_CHATLOG_DIALOG));
  sd_gui_test_close_window (f->window);
  f->window = sd_gui_test_open_window (f->path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import-chatlog", NULL));
  gtk_window_close (sd_gui_test_wait_toplevel (SD_TYPE_CHATLOG_DIALOG));
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_CHATLOG_DIALOG));
}

int
main (int    argc,
      char **argv)
{
  sd_gui_test_init (&argc, &argv);
  g_test_add ("/gui/chatlog/imports-once", Fixture, NULL, fixture_set_up, test_imports_once,
              fixture_tear_down);
  g_test_add ("/gui/chatlog/bad-rows", Fixture, NULL, fixture_set_up, test_bad_rows,
              fixture_tear_down);
  g_test_add ("/gui/chatlog/needs-permission", Fixture, NULL, fixture_set_up,
              test_needs_permission, fixture_tear_down);
  return g_test_run ();
}
