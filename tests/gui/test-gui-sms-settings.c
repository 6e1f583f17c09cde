/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-gui-test-util.h"
#include "sd-optouts.h"
#include "sd-sms-settings-dialog.h"
#include "sd-sms-settings.h"
#include "sd-test-util.h"

typedef struct
{
  SdGuiTestShop        shop;
  SdSmsSettingsDialog *dialog;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  sd_gui_test_shop_set_up (&f->shop, gtk_label_new ("campaigns"));
  sd_gui_test_present (f->shop.window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_shop_tear_down (&f->shop);
}

static gboolean
idle (gpointer data)
{
  return !sd_sms_settings_dialog_get_busy (data);
}

/* The dialog for SESSION, shown, its settings read. */
static void
open_dialog (Fixture   *f,
             SdSession *session)
{
  f->dialog = sd_sms_settings_dialog_new (f->shop.window, session);
  sd_gui_test_present (GTK_WINDOW (f->dialog));
  g_assert_true (sd_gui_test_wait_for (idle, f->dialog, 10000));
}

static GtkWidget *
find (Fixture    *f,
      GType       type,
      const char *name)
{
  return sd_gui_test_get (f->dialog, type, name);
}

static GtkEditable *
row (Fixture    *f,
     const char *name)
{
  return GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, name));
}

static GtkSpinButton *
spin (Fixture    *f,
      const char *name)
{
  return GTK_SPIN_BUTTON (find (f, GTK_TYPE_SPIN_BUTTON, name));
}

static gboolean
save_sensitive (Fixture *f)
{
  return gtk_widget_get_sensitive (find (f, GTK_TYPE_BUTTON, "save_button"));
}

static gboolean
dialog_gone (gpointer data)
{
  return sd_gui_test_find_toplevel (SD_TYPE_SMS_SETTINGS_DIALOG) == NULL;
}

/* The message the dialog shows above its groups ("" when none is shown). */
static const char *
message (Fixture *f)
{
  GtkWidget *label = find (f, GTK_TYPE_LABEL, "message_label");
  GtkWidget *group = gtk_widget_get_ancestor (label, ADW_TYPE_PREFERENCES_GROUP);

  return gtk_widget_get_visible (group) ? gtk_label_get_label (GTK_LABEL (label)) : "";
}

static void
test_shows_and_saves (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SdSmsSettings) saved = NULL;
  g_autoptr(GError) error = NULL;

  open_dialog (f, f->shop.owner);
  /* The defaults, as a price list and a clock write them. */
  g_assert_cmpstr (gtk_editable_get_text (row (f, "hours_row")), ==, "08:00-20:00");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "opt_out_row")), ==, "拒收请回复R");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "price_row")), ==, "0.045");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "words_row")), ==, "");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin (f, "cap_count_spin")), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin (f, "cap_days_spin")), ==, 7);
  g_assert_false (save_sensitive (f));

  gtk_editable_set_text (row (f, "hours_row"), "21:00-07:30");
  gtk_spin_button_set_value (spin (f, "cap_count_spin"), 2);
  gtk_spin_button_set_value (spin (f, "cap_days_spin"), 30);
  gtk_editable_set_text (row (f, "words_row"), "发票，代开, 刷单、");
  gtk_editable_set_text (row (f, "price_row"), "0.05");
  gtk_editable_set_text (row (f, "test_phone_row"), "138 0000 0001");
  gtk_editable_set_text (row (f, "opt_out_row"), "回T退订");
  g_assert_true (save_sensitive (f));
  g_assert_cmpstr (message (f), ==, "");

  g_signal_emit_by_name (find (f, GTK_TYPE_BUTTON, "save_button"), "clicked");
  g_assert_true (sd_gui_test_wait_for (dialog_gone, NULL, 10000));

  saved = sd_sms_settings_get (f->shop.owner, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->send_start_minute, ==, 21 * 60);
  g_assert_cmpint (saved->send_end_minute, ==, 7 * 60 + 30);
  g_assert_cmpint (saved->cap_count, ==, 2);
  g_assert_cmpint (saved->cap_days, ==, 30);
  g_assert_cmpuint (g_strv_length (saved->blocked_words), ==, 3);
  g_assert_cmpstr (saved->blocked_words[0], ==, "发票");
  g_assert_cmpstr (saved->blocked_words[1], ==, "代开");
  g_assert_cmpstr (saved->blocked_words[2], ==, "刷单");
  g_assert_cmpint (saved->price_per_part_mfen, ==, 5000);
  g_assert_cmpstr (saved->test_phone, ==, "+8613800000001");
  g_assert_cmpstr (saved->opt_out_text, ==, "回T退订");
}

/* Each bad field: the problem named, its row marked, no Save; put right, Save again. */
static void
test_refuses_bad_fields (Fixture       *f,
                         gconstpointer  data)
{
  static const struct { const char *row; const char *bad; const char *good; const char *says; } cases[] = {
    { "hours_row", "25:00-20:00", "08:00-21:00", "HH:MM-HH:MM" },
    { "hours_row", "08:00-08:00", "08:00-21:00", "two different times" },
    { "price_row", "0.000001", "0.04", "5 decimals" },
    { "price_row", "¥0.04", "0.04", "5 decimals" },
    { "test_phone_row", "12345", "13800000002", "mobile number" },
    { "opt_out_row", "   ", "拒收请回复R", "cannot be empty" },
  };

  open_dialog (f, f->shop.owner);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkEditable *editable = row (f, cases[i].row);

      gtk_editable_set_text (editable, cases[i].bad);
      g_assert_false (save_sensitive (f));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (editable), "error"));
      g_assert_nonnull (strstr (message (f), cases[i].says));
      gtk_editable_set_text (editable, cases[i].good);
      g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (editable), "error"));
      g_assert_cmpstr (message (f), ==, "");
      g_assert_true (save_sensitive (f));
    }
}

/* Without settings.connections the settings are there to read, not to change; without
 * customers.edit no list is imported. */
static void
test_read_only_without_permission (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(SdSession) staff = sd_test_staff_session (f->shop.owner, "小李",
                                                      SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS) |
                                                      SD_PERMISSION_BIT (SD_PERMISSION_COMPOSE_CAMPAIGNS));

  open_dialog (f, staff);
  g_assert_cmpstr (gtk_editable_get_text (row (f, "hours_row")), ==, "08:00-20:00");
  g_assert_false (gtk_editable_get_editable (row (f, "hours_row")));
  g_assert_false (gtk_editable_get_editable (row (f, "price_row")));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (spin (f, "cap_days_spin"))));
  g_assert_false (save_sensitive (f));
  g_assert_false (gtk_widget_get_sensitive (find (f, GTK_TYPE_BUTTON, "import_button")));
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (f->shop.dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_file_new_for_path (path);
}

static void
test_imports_optouts (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GFile) replies = write_file (f, "replies.csv", "手机号,回复\n13800000001,R\n13800000002,好的\n13800000003, td \n");
  g_autoptr(GFile) bad = write_file (f, "bad.csv", "手机号,回复\n13800000004,R\n1380000,T\n");
  g_autoptr(GError) error = NULL;
  AdwActionRow *optouts;

  open_dialog (f, f->shop.owner);
  optouts = ADW_ACTION_ROW (gtk_widget_get_ancestor (find (f, GTK_TYPE_BUTTON, "import_button"), ADW_TYPE_ACTION_ROW));
  g_assert_cmpstr (adw_action_row_get_subtitle (optouts), ==, "0 numbers refuse marketing messages");

  sd_sms_settings_dialog_import_optouts (f->dialog, replies);
  g_assert_true (sd_sms_settings_dialog_get_busy (f->dialog));
  g_assert_true (sd_gui_test_wait_for (idle, f->dialog, 10000));
  /* R and TD opt out; "好的" is not a refusal. */
  g_assert_cmpint (sd_optouts_count (f->shop.owner, &error), ==, 2);
  g_assert_true (sd_optouts_contains (f->shop.owner, "+8613800000003", &error));
  g_assert_false (sd_optouts_contains (f->shop.owner, "+8613800000002", &error));
  g_assert_cmpstr (adw_action_row_get_subtitle (optouts), ==, "2 numbers refuse marketing messages");
  g_assert_cmpstr (message (f), ==, "");

  /* A bad number: the file, row and column named, and nothing of the file kept. */
  sd_sms_settings_dialog_import_optouts (f->dialog, bad);
  g_assert_true (sd_gui_test_wait_for (idle, f->dialog, 10000));
  g_assert_nonnull (strstr (message (f), "bad.csv"));
  g_assert_nonnull (strstr (message (f), "row 3, column 1"));
  g_assert_cmpint (sd_optouts_count (f->shop.owner, &error), ==, 2);
  g_assert_false (sd_optouts_contains (f->shop.owner, "+8613800000004", &error));
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/sms-settings/shows-and-saves", test_shows_and_saves);
  ADD ("/gui/sms-settings/refuses-bad-fields", test_refuses_bad_fields);
  ADD ("/gui/sms-settings/read-only-without-permission", test_read_only_without_permission);
  ADD ("/gui/sms-settings/imports-optouts", test_imports_optouts);
#undef ADD
  return g_test_run ();
}
