/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib.h>

#include "sd-error.h"
#include "sd-optouts.h"
#include "sd-test-outbox.h"
#include "sd-test-util.h"

typedef struct
{
  char      *dir;
  SdSession *owner;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->owner);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_file_new_for_path (path);
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 withdrawn = -1;

  g_assert_true (sd_optouts_add (f->owner, "+86 138-0000-0001", NULL, &withdrawn, &error));
  g_assert_no_error (error);
  g_assert_cmpint (withdrawn, ==, 0);
  /* The same number written otherwise is the same number. */
  g_assert_true (sd_optouts_contains (f->owner, "13800000001", &error));
  g_assert_true (sd_optouts_contains (f->owner, "8613800000001", &error));
  g_assert_false (sd_optouts_contains (f->owner, "13800000002", &error));
  g_assert_true (sd_optouts_add (f->owner, "13800000001", "reply", NULL, &error));
  g_assert_cmpint (sd_optouts_count (f->owner, &error), ==, 1);
  g_assert_cmpuint (sd_test_audit_count (f->owner, "optouts.add"), ==, 2);

  g_assert_false (sd_optouts_add (f->owner, "0571-8888 8888", NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
}

static void
test_permission (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SdSession) viewer = sd_test_staff_session (f->owner, "viewer",
                                                       SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  g_autoptr(GFile) file = write_file (f, "list.txt", "13800000001\n");
  g_autoptr(GError) error = NULL;

  g_assert_false (sd_optouts_add (viewer, "13800000001", NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (sd_optouts_import_file (viewer, file, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_cmpint (sd_optouts_count (f->owner, NULL), ==, 0);
}

static void
test_import_replies (Fixture       *f,
                     gconstpointer  data)
{
  /* An Aliyun-style reply export: R/T/TD in any case or width opt out, other replies not. */
  g_autoptr(GFile) file = write_file (f, "replies.csv",
                                      "手机号码,上行内容,时间\n"
                                      "13800000001,R,2026-03-01\n"
                                      "13800000002, td ,2026-03-01\n"
                                      "+8613800000003,Ｔ,2026-03-01\n"
                                      "13800000004,谢谢,2026-03-01\n"
                                      "13800000001,r,2026-03-02\n");
  SdOptoutImportResult result;
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_optouts_import_file (f->owner, file, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.rows, ==, 5);
  g_assert_cmpuint (result.added, ==, 3);
  g_assert_cmpuint (result.already, ==, 1);
  g_assert_cmpuint (result.skipped, ==, 1);
  g_assert_true (sd_optouts_contains (f->owner, "13800000003", NULL));
  g_assert_false (sd_optouts_contains (f->owner, "13800000004", NULL));
  g_assert_cmpuint (sd_test_audit_count (f->owner, "optouts.import"), ==, 1);
}

static void
test_import_list (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (f, "list.txt", "# numbers that asked\n13800000001\n\n138 0000 0002\r\n");
  SdOptoutImportResult result;
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_optouts_import_file (f->owner, file, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.added, ==, 2);
  g_assert_cmpint (sd_optouts_count (f->owner, NULL), ==, 2);
}

/* A bad row names file, row and column, and nothing of the file is kept. */
static void
test_import_bad_row (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (f, "replies.csv", "时间,phone,reply\nx,13800000001,R\nx,12345,R\n");
  g_autoptr(GFile) empty = write_file (f, "empty.csv", "phone,reply\n13800000001,R\n,T\n");
  g_autoptr(GError) error = NULL;

  g_assert_false (sd_optouts_import_file (f->owner, file, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "replies.csv"));
  g_assert_nonnull (strstr (error->message, "row 3"));
  g_assert_nonnull (strstr (error->message, "column 2"));
  g_assert_nonnull (strstr (error->message, "12345"));
  g_clear_error (&error);
  g_assert_false (sd_optouts_import_file (f->owner, empty, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "row 3, column 1"));
  g_assert_cmpint (sd_optouts_count (f->owner, NULL), ==, 0);
  g_assert_cmpuint (sd_test_audit_count (f->owner, "optouts.import"), ==, 0);
}

/* An import withdraws the queued rows of those numbers in every unfinished campaign, and
 * leaves sent ones alone. */
static void
test_import_withdraws (Fixture       *f,
                       gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 4);
  g_autofree char *p0 = sd_test_outbox_phone (0);
  g_autofree char *p2 = sd_test_outbox_phone (2);
  g_autofree char *text = g_strdup_printf ("%s\n%s\n", p0, p2);
  g_autoptr(GFile) file = write_file (f, "list.txt", text);
  g_autofree char *sql = g_strdup_printf ("UPDATE campaign_recipients SET state = 'accepted', accepted_at = 1 "
                                          "WHERE campaign_id = %lld AND phone = '+86%s'", (long long) id, p0);
  SdOptoutImportResult result;
  g_autoptr(GError) error = NULL;
  g_autofree char *s0 = NULL;
  g_autofree char *s2 = NULL;

  sd_test_exec (f->owner, sql);
  g_assert_true (sd_optouts_import_file (f->owner, file, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.withdrawn, ==, 1);
  s0 = sd_test_outbox_row_state (f->owner, id, 0, NULL);
  s2 = sd_test_outbox_row_state (f->owner, id, 2, NULL);
  g_assert_cmpstr (s0, ==, "accepted");
  g_assert_cmpstr (s2, ==, "withdrawn");
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "queued"), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/optouts/add", Fixture, NULL, fixture_set_up, test_add, fixture_tear_down);
  g_test_add ("/optouts/permission", Fixture, NULL, fixture_set_up, test_permission, fixture_tear_down);
  g_test_add ("/optouts/import-replies", Fixture, NULL, fixture_set_up, test_import_replies, fixture_tear_down);
  g_test_add ("/optouts/import-list", Fixture, NULL, fixture_set_up, test_import_list, fixture_tear_down);
  g_test_add ("/optouts/import-bad-row", Fixture, NULL, fixture_set_up, test_import_bad_row, fixture_tear_down);
  g_test_add ("/optouts/import-withdraws", Fixture, NULL, fixture_set_up, test_import_withdraws, fixture_tear_down);
  return g_test_run ();
}
