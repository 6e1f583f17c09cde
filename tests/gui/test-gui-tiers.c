/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-format.h"
#include "sd-audit.h"
#include "sd-customers-page.h"
#include "sd-demo-shop.h"
#include "sd-gui-test-util.h"
#include "sd-test-util.h"
#include "sd-tier-chart.h"
#include "sd-tier-grade-row.h"
#include "sd-tier-simulation-dialog.h"
#include "sd-tiers-page.h"
#include "sd-tiers.h"
#include "sd-values.h"

/* Enough customers that every default grade holds some. */
#define N_CUSTOMERS 400

typedef struct
{
  SdGuiTestShop  shop;
  SdTiersPage   *page;
  guint          loads;
  guint          changes;
} Fixture;

static void
loaded_cb (SdTiersPage *page,
           Fixture     *f)
{
  f->loads++;
}

static void
tiers_changed_cb (SdTiersPage *page,
                  Fixture     *f)
{
  f->changes++;
}

static gboolean
page_idle (gpointer data)
{
  Fixture *f = data;

  return f->loads > 0 && !sd_tiers_page_get_busy (f->page);
}

/* Waits for the read under way (or the next one) to be shown. */
static void
wait_loaded (Fixture *f)
{
  g_assert_true (sd_gui_test_wait_for (page_idle, f, 20000));
  f->loads = 0;
  sd_gui_test_spin (50);
}

static void
fill_demo (SdSession *session)
{
  g_autoptr(GError) error = NULL;

  /* A fixed "now", so that every run draws the same shop. */
  sd_demo_shop_fill (session, N_CUSTOMERS, N_CUSTOMERS * 5, 7, 1763740800, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
set_up_as (Fixture   *f,
           SdSession *(*session_for) (Fixture *f),
           gboolean    demo)
{
  g_autoptr(SdSession) session = NULL;

  f->page = SD_TIERS_PAGE (sd_tiers_page_new ());
  g_signal_connect (f->page, "loaded", G_CALLBACK (loaded_cb), f);
  g_signal_connect (f->page, "tiers-changed", G_CALLBACK (tiers_changed_cb), f);
  sd_gui_test_shop_set_up (&f->shop, GTK_WIDGET (f->page));
  if (demo)
    fill_demo (f->shop.owner);
  session = session_for (f);
  sd_tiers_page_set_session (f->page, session);
  sd_gui_test_present (f->shop.window);
  wait_loaded (f);
}

static SdSession *
owner_session (Fixture *f)
{
  return g_object_ref (f->shop.owner);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  set_up_as (f, owner_session, TRUE);
}

static void
empty_set_up (Fixture       *f,
              gconstpointer  data)
{
  set_up_as (f, owner_session, FALSE);
}

/* A clerk who may read customers but not manage tiers. */
static SdSession *
viewer_session (Fixture *f)
{
  return sd_test_staff_session (f->shop.owner, "小王", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
}

static void
viewer_set_up (Fixture       *f,
               gconstpointer  data)
{
  set_up_as (f, viewer_session, TRUE);
}

static gboolean
gone (gpointer data)
{
  return *(gboolean *) data;
}

static void
finalized_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Sets *FINALIZED when OBJECT is finalized. (A weak pointer would be cleared on
 * destroy already, before the last reference goes.) */
static void
watch_finalize (gpointer  object,
                gboolean *finalized)
{
  *finalized = FALSE;
  g_object_set_data_full (G_OBJECT (object), "test-finalized", finalized, finalized_cb);
}

/* Waits for the object watched with *FINALIZED to be finalized: nothing keeps it. */
static void
assert_finalized (gboolean *finalized)
{
  g_assert_true (sd_gui_test_wait_for (gone, finalized, 20000));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gboolean finalized;

  watch_finalize (f->page, &finalized);
  sd_gui_test_shop_tear_down (&f->shop);
  /* A read still running holds the page until it ends; then nothing may. */
  assert_finalized (&finalized);
}

/* ---- finding things ---- */

static SdTierGradeRow *
grade_row (SdTiersPage *page,
           int          grade)
{
  g_autofree char *name = g_strdup_printf ("grade-%d", grade);

  return SD_TIER_GRADE_ROW (sd_gui_test_get (page, SD_TYPE_TIER_GRADE_ROW, name));
}

static GtkWidget *
in_row (SdTiersPage *page,
        int          grade,
        GType        type,
        const char  *name)
{
  GtkWidget *widget = sd_gui_test_find (GTK_WIDGET (grade_row (page, grade)), type, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
type_into (SdTiersPage *page,
           int          grade,
           const char  *field,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (in_row (page, grade, ADW_TYPE_ENTRY_ROW, field)), text);
}

static const char *
label_text (GtkWidget *root,
            const char *name)
{
  GtkWidget *label = sd_gui_test_find (root, GTK_TYPE_LABEL, name);

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

static gboolean
save_enabled (SdTiersPage *page)
{
  GtkWidget *save = sd_gui_test_get (page, GTK_TYPE_BUTTON, "save_button");

  return gtk_widget_get_visible (save) && gtk_widget_is_sensitive (save);
}

static gboolean
nothing_to_save (gpointer data)
{
  return !save_enabled (SD_TIERS_PAGE (data));
}

/* GRADE's row says why the ladder is refused, naming WHAT; Save waits. */
static void
expect_refused (SdTiersPage *page,
                int          grade,
                const char  *what)
{
  const char *error = sd_tier_grade_row_get_error (grade_row (page, grade));

  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, what));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (grade_row (page, grade))), ==, error);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (grade_row (page, grade)), "tier-grade-error"));
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    if (g != grade)
      g_assert_null (sd_tier_grade_row_get_error (grade_row (page, g)));
  g_assert_false (save_enabled (page));
}

static void
core_counts (SdSession *session,
             gint64     counts[SD_TIER_N_GRADES],
             gint64    *none)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_tiers_count (session, counts, none, &error));
  g_assert_no_error (error);
}

static gint64
saved_threshold (Fixture *f,
                 int      grade)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTierLadder) ladder = sd_tiers_get_ladder (f->shop.owner, &error);

  g_assert_no_error (error);
  return ladder->grades[grade].threshold;
}

/* ---- the dialog ---- */

static gboolean
dialog_worked_out (gpointer data)
{
  SdTierSimulationDialog *dialog = data;

  return !sd_tier_simulation_dialog_get_busy (dialog);
}

/* Clicks Save…, waits for the simulator to show what the change does; the dialog. */
static SdTierSimulationDialog *
open_simulator (SdTiersPage *page)
{
  SdTierSimulationDialog *dialog;

  g_assert_true (save_enabled (page));
  gtk_widget_activate (sd_gui_test_get (page, GTK_TYPE_BUTTON, "save_button"));
  dialog = SD_TIER_SIMULATION_DIALOG (sd_gui_test_wait_toplevel (SD_TYPE_TIER_SIMULATION_DIALOG));
  g_assert_true (sd_gui_test_wait_for (dialog_worked_out, dialog, 20000));
  g_assert_nonnull (sd_tier_simulation_dialog_get_simulation (dialog));
  return dialog;
}

static void
click (GtkWidget *root,
       const char *name)
{
  GtkWidget *button = sd_gui_test_find (root, GTK_TYPE_BUTTON, name);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

/* ---- the tests ---- */

static void
test_counts_shown (Fixture       *f,
                   gconstpointer  data)
{
  gint64 counts[SD_TIER_N_GRADES], none, total = 0;
  g_autofree char *chart = NULL;
  AdwWindowTitle *title = ADW_WINDOW_TITLE (sd_gui_test_get (f->page, ADW_TYPE_WINDOW_TITLE, "title"));
  GtkStack *stack = GTK_STACK (sd_gui_test_get (f->page, GTK_TYPE_STACK, "stack"));

  core_counts (f->shop.owner, counts, &none);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "content");
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *expected = sd_format_customers (counts[g]);

      g_assert_cmpstr (label_text (GTK_WIDGET (grade_row (f->page, g)), "count"), ==, expected);
      total += counts[g];
    }
  /* The demo shop spreads its customers over the grades, every one computed. */
  g_assert_cmpint (none, ==, 0);
  g_assert_cmpint (total, ==, N_CUSTOMERS);
  g_assert_cmpint (counts[1], >, 0);
  g_assert_cmpint (counts[2], >, 0);
  {
    g_autofree char *expected = sd_format_customers (total);
    g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, expected);
  }

  /* The chart says the same, a line a grade. */
  chart = sd_tier_chart_describe (SD_TIER_CHART (sd_gui_test_get (f->page, SD_TYPE_TIER_CHART, NULL)));
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *count = sd_format_count (counts[g]);
      g_autofree char *line = g_strdup_printf ("%s: %s · ", sd_tier_grade_default_name (g), count);
      g_assert_nonnull (strstr (chart, line));
    }
  /* Nothing changed yet: nothing to save. */
  g_assert_false (save_enabled (f->page));
}

/* A new shop: every count 0, the chart says so, and the ladder can be set up already. */
static void
test_empty_shop (Fixture       *f,
                 gconstpointer  data)
{
  GtkStack *stack = GTK_STACK (sd_gui_test_get (f->page, GTK_TYPE_STACK, "stack"));
  SdTierSimulationDialog *dialog;
  g_autofree char *zero = sd_format_customers (0);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "content");
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    g_assert_cmpstr (label_text (GTK_WIDGET (grade_row (f->page, g)), "count"), ==, zero);
  {
    g_autofree char *chart =
      sd_tier_chart_describe (SD_TIER_CHART (sd_gui_test_get (f->page, SD_TYPE_TIER_CHART, NULL)));
    g_autofree char *line = g_strdup_printf ("%s: 0 · 0.0%%", sd_tier_grade_default_name (0));
    g_assert_nonnull (strstr (chart, line));
  }

  type_into (f->page, 1, "name", "铜牌会员");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (grade_row (f->page, 1))), ==, "铜牌会员");
  dialog = open_simulator (f->page);
  g_assert_cmpint (sd_tier_simulation_dialog_get_simulation (dialog)->after[1], ==, 0);
  click (GTK_WIDGET (dialog), "apply_button");
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_TIER_SIMULATION_DIALOG));
  wait_loaded (f);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdTierLadder) ladder = sd_tiers_get_ladder (f->shop.owner, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (ladder->grades[1].name, ==, "铜牌会员");
    /* The built-in names stay built-in: they follow the language. */
    g_assert_cmpstr (ladder->grades[2].name, ==, "");
  }
}

static void
test_non_increasing_threshold (Fixture       *f,
                               gconstpointer  data)
{
  /* Grade 3 (default ¥5,000) below grade 2 (¥1,000): grade 3 is at fault. */
  type_into (f->page, 3, "threshold", "800");
  expect_refused (f->page, 3, "¥1,000.00");

  /* Equal is not more. */
  type_into (f->page, 3, "threshold", "1000");
  expect_refused (f->page, 3, "¥1,000.00");

  /* One fen more is. */
  type_into (f->page, 3, "threshold", "1000.01");
  g_assert_null (sd_tier_grade_row_get_error (grade_row (f->page, 3)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (grade_row (f->page, 3)), "tier-grade-error"));
  g_assert_true (save_enabled (f->page));

  /* Back as saved: valid, and nothing to save. */
  type_into (f->page, 3, "threshold", "5000");
  g_assert_null (sd_tier_grade_row_get_error (grade_row (f->page, 3)));
  g_assert_false (save_enabled (f->page));
}

static void
test_discount_under_700 (Fixture       *f,
                         gconstpointer  data)
{
  /* 6.5折 is 650‰: deeper than the 7折 floor. */
  type_into (f->page, 4, "discount", "6.5");
  expect_refused (f->page, 4, "650‰");
  g_assert_true (gtk_widget_has_css_class (in_row (f->page, 4, ADW_TYPE_ENTRY_ROW, "discount"), "error"));

  /* 7折 exactly is allowed. */
  type_into (f->page, 4, "discount", "7");
  g_assert_null (sd_tier_grade_row_get_error (grade_row (f->page, 4)));
  g_assert_cmpstr (label_text (GTK_WIDGET (grade_row (f->page, 4)), "discount-reading"), ==, "7折");
  g_assert_true (save_enabled (f->page));

  /* Not a discount in 折 at all. */
  type_into (f->page, 4, "discount", "85");
  expect_refused (f->page, 4, "“85”");

  /* A higher grade never gives less than one below it: grade 1 at 9.8折, grade 2 at 9.9折. */
  type_into (f->page, 4, "discount", "8.5");
  type_into (f->page, 2, "discount", "9.9");
  expect_refused (f->page, 2, "990‰");
}

static void
test_yuan_exact (Fixture       *f,
                 gconstpointer  data)
{
  SdTierSimulationDialog *dialog;

  /* Three decimals are not money. */
  type_into (f->page, 2, "threshold", "1000.055");
  expect_refused (f->page, 2, "1000.055");
  g_assert_true (gtk_widget_has_css_class (in_row (f->page, 2, ADW_TYPE_ENTRY_ROW, "threshold"), "error"));

  type_into (f->page, 2, "threshold", "1000.05");
  g_assert_null (sd_tier_grade_row_get_error (grade_row (f->page, 2)));
  g_assert_cmpstr (label_text (GTK_WIDGET (grade_row (f->page, 2)), "threshold-reading"), ==, "¥1,000.05");

  dialog = open_simulator (f->page);
  click (GTK_WIDGET (dialog), "apply_button");
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_TIER_SIMULATION_DIALOG));
  wait_loaded (f);
  /* Held in fen, exactly. */
  g_assert_cmpint (saved_threshold (f, 2), ==, 100005);
}

static void
test_simulate_and_apply (Fixture       *f,
                         gconstpointer  data)
{
  SdTierSimulationDialog *dialog;
  gboolean dialog_finalized;
  const SdTierSimulation *sim;
  g_auto(GStrv) shown_after = g_new0 (char *, SD_TIER_N_GRADES + 1);
  gint64 counts[SD_TIER_N_GRADES], none;
  guint audits = sd_test_audit_count (f->shop.owner, SD_AUDIT_TIER_LADDER);

  /* One customer pinned by hand: they stay where they are. */
  {
    g_autoptr(GError) error = NULL;
    g_assert_true (sd_tiers_pin (f->shop.owner, 1, 4, "老朋友", &error));
    g_assert_no_error (error);
  }
  /* Down from ¥1,000 to ¥300: customers move up to grade 2. */
  type_into (f->page, 2, "threshold", "300");
  dialog = open_simulator (f->page);
  watch_finalize (dialog, &dialog_finalized);
  sim = sd_tier_simulation_dialog_get_simulation (dialog);
  g_assert_cmpint (sim->pinned, ==, 1);
  {
    GtkWidget *pinned = sd_gui_test_find (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "pinned_row");
    g_assert_true (gtk_widget_get_visible (pinned));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (pinned)), ==,
                     "1 pinned customer keeps their grade");
  }
  g_assert_cmpuint (sim->moved_up->len, >, 0);
  g_assert_cmpuint (sim->moved_down->len, ==, 0);
  g_assert_true (gtk_widget_get_visible (sd_gui_test_find (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "up_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_find (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "down_button")));
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *name = g_strdup_printf ("after-%d", g);
      shown_after[g] = g_strdup (label_text (GTK_WIDGET (dialog), name));
    }
  /* Nothing is saved while it is shown. */
  g_assert_cmpint (saved_threshold (f, 2), ==, 100000);

  click (GTK_WIDGET (dialog), "apply_button");
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_TIER_SIMULATION_DIALOG));
  assert_finalized (&dialog_finalized);
  wait_loaded (f);

  /* What the simulator showed is what the recompute left. */
  core_counts (f->shop.owner, counts, &none);
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *count = sd_format_count (counts[g]);
      g_autofree char *row_count = sd_format_customers (counts[g]);

      g_assert_cmpstr (shown_after[g], ==, count);
      g_assert_cmpstr (label_text (GTK_WIDGET (grade_row (f->page, g)), "count"), ==, row_count);
    }
  g_assert_cmpint (saved_threshold (f, 2), ==, 30000);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdCustomerTier) pinned = sd_tiers_get_customer (f->shop.owner, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pinned->tier, ==, 4);
  }
  g_assert_cmpuint (sd_test_audit_count (f->shop.owner, SD_AUDIT_TIER_LADDER), ==, audits + 1);
  g_assert_cmpuint (f->changes, ==, 1);
  /* Saved: nothing left to save. */
  g_assert_false (save_enabled (f->page));
}

static void
test_cancel_changes_nothing (Fixture       *f,
                             gconstpointer  data)
{
  SdTierSimulationDialog *dialog;
  gboolean dialog_finalized;
  gint64 before[SD_TIER_N_GRADES], after[SD_TIER_N_GRADES], none;

  core_counts (f->shop.owner, before, &none);
  type_into (f->page, 3, "threshold", "2000");
  dialog = open_simulator (f->page);
  watch_finalize (dialog, &dialog_finalized);
  click (GTK_WIDGET (dialog), "cancel_button");
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_TIER_SIMULATION_DIALOG));
  assert_finalized (&dialog_finalized);
  sd_gui_test_spin (200);

  g_assert_cmpint (saved_threshold (f, 3), ==, 500000);
  g_assert_cmpuint (sd_test_audit_count (f->shop.owner, SD_AUDIT_TIER_LADDER), ==, 0);
  core_counts (f->shop.owner, after, &none);
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    g_assert_cmpint (after[g], ==, before[g]);
  g_assert_cmpuint (f->changes, ==, 0);
  /* The edit stays on the page, to save later or revert. */
  g_assert_true (save_enabled (f->page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (in_row (f->page, 3, ADW_TYPE_ENTRY_ROW, "threshold"))), ==, "2000");

  gtk_widget_activate (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "revert_button"));
  g_assert_true (sd_gui_test_wait_for (nothing_to_save, f->page, 5000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (in_row (f->page, 3, ADW_TYPE_ENTRY_ROW, "threshold"))), ==, "5000");
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "revert_button")));
}

static void
test_switch_off_and_basis (Fixture       *f,
                           gconstpointer  data)
{
  SdTierSimulationDialog *dialog;
  gint64 counts[SD_TIER_N_GRADES], none;
  AdwComboRow *basis = ADW_COMBO_ROW (in_row (f->page, 3, ADW_TYPE_COMBO_ROW, "basis"));

  /* Grade 3 by trades: the amount typed for it does not carry over. */
  adw_combo_row_set_selected (basis, SD_TIER_BASIS_COUNT);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (in_row (f->page, 3, ADW_TYPE_ENTRY_ROW, "threshold"))), ==, "");
  g_assert_nonnull (sd_tier_grade_row_get_error (grade_row (f->page, 3)));
  g_assert_false (save_enabled (f->page));
  type_into (f->page, 3, "threshold", "12");
  g_assert_null (sd_tier_grade_row_get_error (grade_row (f->page, 3)));
  /* And back: the amount is there again. */
  adw_combo_row_set_selected (basis, SD_TIER_BASIS_AMOUNT);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (in_row (f->page, 3, ADW_TYPE_ENTRY_ROW, "threshold"))), ==, "5000");
  g_assert_false (save_enabled (f->page));
  adw_combo_row_set_selected (basis, SD_TIER_BASIS_COUNT);

  /* Grade 4 off: nobody holds it after. */
  gtk_switch_set_active (GTK_SWITCH (in_row (f->page, 4, GTK_TYPE_SWITCH, "enabled")), FALSE);
  g_assert_true (save_enabled (f->page));
  /* Grade 0's switch cannot be turned off. */
  g_assert_false (gtk_widget_is_sensitive (in_row (f->page, 0, GTK_TYPE_SWITCH, "enabled")));

  dialog = open_simulator (f->page);
  g_assert_cmpint (sd_tier_simulation_dialog_get_simulation (dialog)->after[4], ==, 0);
  click (GTK_WIDGET (dialog), "apply_button");
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_TIER_SIMULATION_DIALOG));
  wait_loaded (f);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdTierLadder) ladder = sd_tiers_get_ladder (f->shop.owner, &error);

    g_assert_no_error (error);
    g_assert_cmpint (ladder->grades[3].basis, ==, SD_TIER_BASIS_COUNT);
    g_assert_cmpint (ladder->grades[3].threshold, ==, 12);
    g_assert_false (ladder->grades[4].enabled);
  }
  core_counts (f->shop.owner, counts, &none);
  g_assert_cmpint (counts[4], ==, 0);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  gint64 counts[SD_TIER_N_GRADES], none;

  core_counts (f->shop.owner, counts, &none);
  /* No Save, no Recompute, no editors: the ladder as it is, with its counts. */
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "save_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "recompute_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "revert_button")));
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *name = g_strdup_printf ("readonly-grade-%d", g);
      GtkWidget       *row = sd_gui_test_get (f->page, ADW_TYPE_ACTION_ROW, name);
      g_autofree char *expected = sd_format_customers (counts[g]);

      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (grade_row (f->page, g))));
      g_assert_true (gtk_widget_get_visible (row));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, sd_tier_grade_default_name (g));
      g_assert_cmpstr (label_text (row, "count"), ==, expected);
    }
  /* Ctrl+S does nothing either. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "tiers.save", NULL);
  sd_gui_test_spin (100);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_TIER_SIMULATION_DIALOG));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "tiers.recompute", NULL);
  sd_gui_test_spin (100);
  g_assert_false (sd_tiers_page_get_busy (f->page));
}

/* Customers added by hand have no grade until a recompute places them. */
static void
uncompute (Fixture *f,
           int      n)
{
  for (int i = 0; i < n; i++)
    {
      g_autofree char *nick = g_strdup_printf ("新买家%d", i);
      sd_test_add_customer (f->shop.owner, nick, NULL, NULL);
    }
}

static void
test_recompute (Fixture       *f,
                gconstpointer  data)
{
  gint64 counts[SD_TIER_N_GRADES], none;
  AdwPreferencesGroup *chart_group =
    ADW_PREFERENCES_GROUP (sd_gui_test_get (f->page, ADW_TYPE_PREFERENCES_GROUP, "chart_group"));
  g_autofree char *chart = NULL;

  uncompute (f, 7);
  sd_tiers_page_reload (f->page);
  wait_loaded (f);
  core_counts (f->shop.owner, counts, &none);
  g_assert_cmpint (none, ==, 7);
  g_assert_nonnull (strstr (adw_preferences_group_get_description (chart_group), "7"));
  chart = sd_tier_chart_describe (SD_TIER_CHART (sd_gui_test_get (f->page, SD_TYPE_TIER_CHART, NULL)));
  g_assert_nonnull (strstr (chart, "Not computed yet: 7 · "));

  click (GTK_WIDGET (f->page), "recompute_button");
  wait_loaded (f);
  core_counts (f->shop.owner, counts, &none);
  g_assert_cmpint (none, ==, 0);
  g_assert_cmpstr (adw_preferences_group_get_description (chart_group), ==, "");
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *expected = sd_format_customers (counts[g]);
      g_assert_cmpstr (label_text (GTK_WIDGET (grade_row (f->page, g)), "count"), ==, expected);
    }
  g_assert_cmpuint (f->changes, ==, 1);
}

static gboolean
page_shown (gpointer data)
{
  SdTiersPage *page = data;
  GtkStack *stack = GTK_STACK (sd_gui_test_get (page, GTK_TYPE_STACK, "stack"));

  return !sd_tiers_page_get_busy (page) && g_strcmp0 (gtk_stack_get_visible_child_name (stack), "content") == 0;
}

typedef struct
{
  SdCustomersPage *customers;
  guint            n;
} ListWait;

static gboolean
list_shows (gpointer data)
{
  ListWait *wait = data;
  GtkWidget *view = sd_gui_test_find (GTK_WIDGET (wait->customers), GTK_TYPE_COLUMN_VIEW, NULL);

  return sd_customers_page_get_subset_shown (wait->customers) &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)))) == wait->n;
}

/* In the real window: "Show" lists who would move up on the Customers page, saving nothing. */
static void
test_show_moved_up (void)
{
  g_autofree char *path = sd_gui_test_make_demo (200);
  SdWindow *window = sd_gui_test_open_window (path);
  SdTiersPage *page = SD_TIERS_PAGE (sd_gui_test_find (GTK_WIDGET (window), SD_TYPE_TIERS_PAGE, NULL));
  GtkStack *content = GTK_STACK (sd_gui_test_find (GTK_WIDGET (window), GTK_TYPE_STACK, "content_stack"));
  ListWait wait = { SD_CUSTOMERS_PAGE (sd_window_get_customers_page (window)), 0 };
  SdTierSimulationDialog *dialog;
  g_autofree char *label = NULL;
  g_autofree char *count = NULL;

  sd_window_show_page (window, "tiers");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "tiers");
  g_assert_true (sd_gui_test_wait_for (page_shown, page, 20000));
  type_into (page, 2, "threshold", "300");
  dialog = open_simulator (page);
  wait.n = sd_tier_simulation_dialog_get_simulation (dialog)->moved_up->len;
  g_assert_cmpuint (wait.n, >, 0);
  count = sd_format_count (wait.n);
  label = g_strdup_printf ("Would move up: %s", count);

  click (GTK_WIDGET (dialog), "up_button");
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_TIER_SIMULATION_DIALOG));
  g_assert_true (sd_gui_test_wait_for (list_shows, &wait, 10000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "customers");
  g_assert_cmpstr (label_text (GTK_WIDGET (wait.customers), "subset_label"), ==, label);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdTierLadder) ladder = sd_tiers_get_ladder (sd_window_get_session (window), &error);

    g_assert_no_error (error);
    g_assert_cmpint (ladder->grades[2].threshold, ==, 100000);
  }
  /* Back on the page, the edit is there to save. */
  sd_window_show_page (window, "tiers");
  g_assert_true (sd_gui_test_wait_for (page_shown, page, 20000));
  g_assert_true (save_enabled (page));
  sd_gui_test_close_window (window);
}

static void
test_discount_text (void)
{
  struct { const char *text; int permille; } good[] = {
    { "9.5", 950 }, { "9.5折", 950 }, { " 9.55 ", 955 }, { "10", 1000 }, { "7", 700 }, { "8.05", 805 },
    { "6.5", 650 },   /* a value: the ladder's check refuses it, with the rule */
  };
  const char *bad[] = { "", "折", "9.555", "95", "abc", "9,5", "-9", "9.5.1", "11" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      int permille = 0;
      g_autofree char *message = NULL;

      g_assert_true (sd_tier_grade_row_parse_discount (good[i].text, &permille, &message));
      g_assert_null (message);
      g_assert_cmpint (permille, ==, good[i].permille);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      int permille = -1;
      g_autofree char *message = NULL;

      g_assert_false (sd_tier_grade_row_parse_discount (bad[i], &permille, &message));
      g_assert_nonnull (message);
      g_assert_cmpint (permille, ==, -1);
    }

  {
    struct { int permille; const char *text; } shown[] = {
      { 950, "9.5折" }, { 955, "9.55折" }, { 900, "9折" }, { 805, "8.05折" }, { 700, "7折" }, { 1000, "No discount" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
      {
        g_autofree char *text = sd_tier_grade_row_format_discount (shown[i].permille);
        g_assert_cmpstr (text, ==, shown[i].text);
      }
  }
}

static void
test_describe (void)
{
  SdTierGrade amount = { TRUE, SD_TIER_BASIS_AMOUNT, 100005, 950, (char *) "" };
  SdTierGrade trades = { TRUE, SD_TIER_BASIS_COUNT, 3, 980, (char *) "" };
  SdTierGrade off = { FALSE, SD_TIER_BASIS_COUNT, 3, 980, (char *) "" };
  g_autofree char *a = sd_tier_grade_row_describe (2, &amount);
  g_autofree char *t = sd_tier_grade_row_describe (1, &trades);
  g_autofree char *o = sd_tier_grade_row_describe (1, &off);
  g_autofree char *z = sd_tier_grade_row_describe (0, &amount);
  g_autofree char *c = sd_format_customers (1234567);

  g_assert_cmpstr (a, ==, "Total paid at least ¥1,000.05 · 9.5折");
  g_assert_cmpstr (t, ==, "At least 3 trades · 9.8折");
  g_assert_cmpstr (o, ==, "Switched off: nobody reaches this grade");
  g_assert_cmpstr (z, ==, "Every customer of the shop · 9.5折");
  g_assert_cmpstr (c, ==, "1,234,567 customers");
}

int
main (int    argc,
      char **argv)
{
  sd_gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/tiers/discount-text", test_discount_text);
  g_test_add_func ("/gui/tiers/describe", test_describe);
  g_test_add ("/gui/tiers/counts-shown", Fixture, NULL, fixture_set_up, test_counts_shown, fixture_tear_down);
  g_test_add ("/gui/tiers/empty-shop", Fixture, NULL, empty_set_up, test_empty_shop, fixture_tear_down);
  g_test_add ("/gui/tiers/non-increasing-threshold", Fixture, NULL, fixture_set_up, test_non_increasing_threshold,
              fixture_tear_down);
  g_test_add ("/gui/tiers/discount-under-700", Fixture, NULL, fixture_set_up, test_discount_under_700,
              fixture_tear_down);
  g_test_add ("/gui/tiers/yuan-exact", Fixture, NULL, fixture_set_up, test_yuan_exact, fixture_tear_down);
  g_test_add ("/gui/tiers/simulate-and-apply", Fixture, NULL, fixture_set_up, test_simulate_and_apply,
              fixture_tear_down);
  g_test_add ("/gui/tiers/cancel-changes-nothing", Fixture, NULL, fixture_set_up, test_cancel_changes_nothing,
              fixture_tear_down);
  g_test_add ("/gui/tiers/switch-off-and-basis", Fixture, NULL, fixture_set_up, test_switch_off_and_basis,
              fixture_tear_down);
  g_test_add ("/gui/tiers/read-only", Fixture, NULL, viewer_set_up, test_read_only, fixture_tear_down);
  g_test_add ("/gui/tiers/recompute", Fixture, NULL, fixture_set_up, test_recompute, fixture_tear_down);
  g_test_add_func ("/gui/tiers/show-moved-up", test_show_moved_up);

  return g_test_run ();
}
