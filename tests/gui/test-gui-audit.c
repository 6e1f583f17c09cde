/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <sqlite3.h>

#include "sd-audit-page.h"
#include "sd-audit-row.h"
#include "sd-audit.h"
#include "sd-gui-test-util.h"
#include "sd-staff.h"
#include "sd-test-util.h"

typedef struct
{
  SdGuiTestShop  shop;
  SdAuditPage   *page;
  GtkColumnView *view;
  guint          loads;
} Fixture;

static void
loaded_cb (SdAuditPage *page,
           Fixture     *f)
{
  f->loads++;
}

static gboolean
page_idle (gpointer data)
{
  Fixture *f = data;

  return f->loads > 0 && !sd_audit_page_get_busy (f->page);
}

/* Waits for the read under way (or the next one) to be shown. */
static void
wait_loaded (Fixture *f)
{
  g_assert_true (sd_gui_test_wait_for (page_idle, f, 10000));
  f->loads = 0;
  sd_gui_test_spin (50);
}

/* Things to see in the log: a staff account added, disabled, enabled; a department. */
static void
make_history (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdRole) role = sd_roles_find (f->shop.owner, SD_ROLE_PRESALES, &error);
  gint64 id;

  g_assert_no_error (error);
  id = sd_staff_add (f->shop.owner, "小李", "李四", 1, role->id, "staff secret 1", &error);
  g_assert_no_error (error);
  sd_staff_set_enabled (f->shop.owner, id, FALSE, &error);
  g_assert_no_error (error);
  sd_staff_set_enabled (f->shop.owner, id, TRUE, &error);
  g_assert_no_error (error);
  sd_staff_add (f->shop.owner, "小赵", "赵五", 3, role->id, "staff secret 1", &error);
  g_assert_no_error (error);
  sd_departments_add (f->shop.owner, "仓库二组", &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->page = SD_AUDIT_PAGE (sd_audit_page_new ());
  g_signal_connect (f->page, "loaded", G_CALLBACK (loaded_cb), f);
  sd_gui_test_shop_set_up (&f->shop, GTK_WIDGET (f->page));
  /* Made before the page has a session: its first read shows it all. */
  make_history (f);
  sd_audit_page_set_session (f->page, f->shop.owner);
  sd_gui_test_present (f->shop.window);
  wait_loaded (f);
  f->view = GTK_COLUMN_VIEW (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_shop_tear_down (&f->shop);
}

static GListModel *
view_model (Fixture *f)
{
  return G_LIST_MODEL (gtk_column_view_get_model (f->view));
}

static const SdAuditEntry *
row_entry (Fixture *f,
           guint    position)
{
  g_autoptr(SdAuditRow) row = g_list_model_get_item (view_model (f), position);

  g_assert_nonnull (row);
  /* The entries stay with the model, whatever happens to this row. */
  return sd_audit_row_get_entry (row);
}

static GPtrArray *
core_entries (Fixture    *f,
              const char *action)
{
  SdAuditFilter filter = { .action = action };

  return sd_test_audit_list (f->shop.owner, &filter);
}

static void
test_lists_entries (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = core_entries (f, NULL);
  GtkStack *stack = GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_STACK, "stack"));
  gboolean saw_add = FALSE;
  gboolean saw_disable = FALSE;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_cmpuint (entries->len, >=, 6);
  g_assert_cmpuint (g_list_model_get_n_items (view_model (f)), ==, entries->len);
  g_assert_cmpuint (sd_audit_page_get_n_entries (f->page), ==, entries->len);
  /* Newest first, as the core gives them. */
  for (guint i = 0; i < entries->len; i++)
    {
      const SdAuditEntry *shown = row_entry (f, i);
      const SdAuditEntry *expected = g_ptr_array_index (entries, i);

      g_assert_cmpint (shown->id, ==, expected->id);
      saw_add |= g_strcmp0 (shown->action, SD_AUDIT_STAFF_ADD) == 0;
      saw_disable |= g_strcmp0 (shown->action, SD_AUDIT_STAFF_DISABLE) == 0;
      if (i > 0)
        g_assert_cmpint (row_entry (f, i - 1)->id, >, shown->id);
    }
  g_assert_true (saw_add);
  g_assert_true (saw_disable);

  /* A new entry shows on reload. */
  {
    g_autoptr(GError) error = NULL;
    sd_departments_add (f->shop.owner, "新部门", &error);
    g_assert_no_error (error);
    sd_audit_page_reload (f->page);
    wait_loaded (f);
    g_assert_cmpuint (g_list_model_get_n_items (view_model (f)), ==, entries->len + 1);
    g_assert_cmpstr (row_entry (f, 0)->action, ==, SD_AUDIT_DEPARTMENT_ADD);
  }
}

static void
test_filter_by_action (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) adds = core_entries (f, SD_AUDIT_STAFF_ADD);
  GtkDropDown *actions = GTK_DROP_DOWN (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, "action_filter"));
  const char * const *ids = sd_audit_list_actions ();
  guint position = GTK_INVALID_LIST_POSITION;
  GtkStack *stack = GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_STACK, "stack"));

  for (guint i = 0; ids[i] != NULL; i++)
    if (g_str_equal (ids[i], SD_AUDIT_STAFF_ADD))
      position = i + 1; /* after "Any action" */
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  {
    g_autoptr(GtkStringObject) label = g_list_model_get_item (gtk_drop_down_get_model (actions), position);
    g_assert_cmpstr (gtk_string_object_get_string (label), ==, sd_audit_action_get_label (SD_AUDIT_STAFF_ADD));
  }

  gtk_drop_down_set_selected (actions, position);
  wait_loaded (f);
  g_assert_cmpuint (adds->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (view_model (f)), ==, adds->len);
  for (guint i = 0; i < g_list_model_get_n_items (view_model (f)); i++)
    g_assert_cmpstr (row_entry (f, i)->action, ==, SD_AUDIT_STAFF_ADD);

  /* An action nobody did: the empty state, and its way back. */
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_str_equal (ids[i], SD_AUDIT_CAMPAIGN_SEND))
      gtk_drop_down_set_selected (actions, i + 1);
  wait_loaded (f);
  g_assert_cmpuint (g_list_model_get_n_items (view_model (f)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  gtk_widget_activate (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "empty_clear_button"));
  wait_loaded (f);
  g_assert_cmpuint (gtk_drop_down_get_selected (actions), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
}

static gboolean
banner_shown (gpointer data)
{
  Fixture *f = data;
  GtkRevealer *banner = GTK_REVEALER (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_REVEALER, "banner"));

  return gtk_revealer_get_reveal_child (banner) && !sd_audit_page_get_busy (f->page);
}

static const char *
verify (Fixture *f)
{
  GtkRevealer *banner = GTK_REVEALER (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_REVEALER, "banner"));

  gtk_revealer_set_reveal_child (banner, FALSE);
  gtk_widget_activate (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "verify_button"));
  g_assert_true (sd_gui_test_wait_for (banner_shown, f, 10000));
  return gtk_label_get_label (GTK_LABEL (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_LABEL, "banner_label")));
}

static void
test_verify_intact (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = core_entries (f, NULL);
  g_autofree char *count = g_strdup_printf ("all %u entries", entries->len);
  const char *message = verify (f);
  GtkWidget *box = sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BOX, "banner_box");

  g_assert_nonnull (strstr (message, "intact"));
  g_assert_nonnull (strstr (message, count));
  g_assert_true (gtk_widget_has_css_class (box, "intact"));
  g_assert_false (gtk_widget_has_css_class (box, "broken"));
}

static void
tamper (const char *path,
        gint64      id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *update = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* Whatever keeps the log append-only goes first, as someone with the file could. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (triggers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (triggers->len, >, 0);
  for (guint i = 0; i < triggers->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER \"%s\"", (char *) g_ptr_array_index (triggers, i));
      g_assert_cmpint (sqlite3_exec (db, drop, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  update = g_strdup_printf ("UPDATE audit_log SET detail = 'nothing to see' WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (sqlite3_exec (db, update, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static void
test_verify_broken (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) adds = core_entries (f, SD_AUDIT_STAFF_DISABLE);
  const SdAuditEntry *target;
  g_autofree char *expected = NULL;
  const char *message;
  GtkWidget *box = sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BOX, "banner_box");

  g_assert_cmpuint (adds->len, ==, 1);
  target = g_ptr_array_index (adds, 0);
  tamper (f->shop.path, target->id);

  message = verify (f);
  expected = g_strdup_printf ("entry #%" G_GINT64_FORMAT " ", target->id);
  g_assert_nonnull (strstr (message, "altered"));
  g_assert_nonnull (strstr (message, expected));
  g_assert_true (gtk_widget_has_css_class (box, "broken"));
  g_assert_false (gtk_widget_has_css_class (box, "intact"));
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *csv_path = g_build_filename (f->shop.dir, "audit.csv", NULL);
  g_autoptr(GPtrArray) adds = core_entries (f, SD_AUDIT_STAFF_ADD);
  g_autoptr(GPtrArray) exports = NULL;
  GtkDropDown *actions = GTK_DROP_DOWN (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, "action_filter"));
  const char * const *ids = sd_audit_list_actions ();
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;

  /* Export what the filter shows: the two accounts added. */
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_str_equal (ids[i], SD_AUDIT_STAFF_ADD))
      gtk_drop_down_set_selected (actions, i + 1);
  wait_loaded (f);
  g_assert_cmpuint (sd_audit_page_get_n_entries (f->page), ==, adds->len);

  gtk_widget_activate (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "export_button"));
  sd_gui_test_save_in_chooser (csv_path);
  /* The page reads the log again after the export (which is audited). */
  g_assert_true (sd_gui_test_wait_for (page_idle, f, 10000));

  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "id,"));
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      n_lines++;
  g_assert_cmpuint (n_lines, ==, 1 + adds->len);
  for (guint i = 1; lines[i] != NULL; i++)
    g_assert_nonnull (strstr (lines[i], SD_AUDIT_STAFF_ADD));
  g_assert_nonnull (strstr (contents, "小李"));
  g_assert_nonnull (strstr (contents, "小赵"));

  exports = core_entries (f, SD_AUDIT_AUDIT_EXPORT);
  g_assert_cmpuint (exports->len, ==, 1);
}

static void
test_denied_without_audit_view (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SdSession) agent = sd_test_staff_session (f->shop.owner, "客服", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  GtkStack *stack = GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_STACK, "stack"));

  sd_audit_page_set_session (f->page, agent);
  sd_gui_test_spin (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "denied");
  g_assert_cmpuint (sd_audit_page_get_n_entries (f->page), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "verify_button")));
  g_assert_false (gtk_widget_get_sensitive (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "export_button")));
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);
  g_test_set_nonfatal_assertions ();

  g_test_add ("/gui/audit/lists-entries", Fixture, NULL, fixture_set_up, test_lists_entries, fixture_tear_down);
  g_test_add ("/gui/audit/filter-by-action", Fixture, NULL, fixture_set_up, test_filter_by_action, fixture_tear_down);
  g_test_add ("/gui/audit/verify-intact", Fixture, NULL, fixture_set_up, test_verify_intact, fixture_tear_down);
  g_test_add ("/gui/audit/verify-broken", Fixture, NULL, fixture_set_up, test_verify_broken, fixture_tear_down);
  g_test_add ("/gui/audit/export-csv", Fixture, NULL, fixture_set_up, test_export_csv, fixture_tear_down);
  g_test_add ("/gui/audit/denied-without-audit-view", Fixture, NULL, fixture_set_up,
              test_denied_without_audit_view, fixture_tear_down);
  return g_test_run ();
}
