/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-condition-editor.h"
#include "sd-demo-shop.h"
#include "sd-error.h"
#include "sd-gui-test-util.h"
#include "sd-test-util.h"
#include "sd-tier-rule-dialog.h"
#include "sd-tier-rules-group.h"
#include "sd-tiers.h"
#include "sd-values.h"

#define N_CUSTOMERS 200
#define WAIT_MS     20000

typedef struct
{
  SdGuiTestShop     shop;
  SdTierRulesGroup *group;
} Fixture;

static gboolean
group_idle (gpointer data)
{
  return !sd_tier_rules_group_get_busy (data);
}

static void
wait_group (Fixture *f)
{
  g_assert_true (sd_gui_test_wait_for (group_idle, f->group, WAIT_MS));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *page = adw_preferences_page_new ();
  g_autoptr(GError) error = NULL;

  f->group = SD_TIER_RULES_GROUP (sd_tier_rules_group_new ());
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (f->group));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
  sd_gui_test_shop_set_up (&f->shop, overlay);
  /* A fixed "now": the same shop every run. */
  g_assert_true (sd_demo_shop_fill (f->shop.owner, N_CUSTOMERS, N_CUSTOMERS * 5, 7, 1763740800, NULL, NULL, NULL,
                                    &error));
  g_assert_no_error (error);
  sd_gui_test_present (f->shop.window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_shop_tear_down (&f->shop);
}

static void
show_group (Fixture   *f,
            SdSession *session)
{
  sd_tier_rules_group_set_session (f->group, session);
  wait_group (f);
}

static gint64
add_rule (Fixture    *f,
          const char *name,
          int         priority,
          const char *condition)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sd_tiers_add_rule (f->shop.owner, name, priority, condition, &error);

  g_assert_no_error (error);
  return id;
}

static SdTierRule *
get_rule (Fixture *f,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = sd_tiers_list_rules (f->shop.owner, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rules->len; i++)
    if (((SdTierRule *) g_ptr_array_index (rules, i))->id == id)
      return sd_tier_rule_copy (g_ptr_array_index (rules, i));
  return NULL;
}

/* How many customers hold custom tier ID, as the shop counts them. */
static gint64
count_holding (Fixture *f,
               gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = sd_tiers_list_rules (f->shop.owner, &error);
  g_autoptr(GArray) counts = sd_tiers_count_rules (f->shop.owner, rules, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rules->len; i++)
    if (((SdTierRule *) g_ptr_array_index (rules, i))->id == id)
      return g_array_index (counts, gint64, i);
  return 0;
}

/* No customer of the shop holds custom tier ID. */
static void
assert_nobody_holds (Fixture *f,
                     gint64   id)
{
  for (gint64 c = 1; c <= N_CUSTOMERS; c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdCustomerTier) tier = sd_tiers_get_customer (f->shop.owner, c, &error);

      g_assert_no_error (error);
      g_assert_cmpint (tier->custom_tier_id, !=, id);
    }
  g_assert_cmpint (count_holding (f, id), ==, 0);
}

/* "大客户", held by some customers: its id; how many hold it, as a question writes it. */
static gint64
add_big_spenders (Fixture  *f,
                  char    **out_figure)
{
  gint64 id = add_rule (f, "大客户", 10, "total_spent >= 2000");
  gint64 holding = count_holding (f, id);

  g_assert_cmpint (holding, >, 0);
  *out_figure = sd_format_count (holding);
  return id;
}

/* The names of the group's rule rows, top to bottom: "rule-ID". */
static char *
shown_order (Fixture *f)
{
  GtkWidget *list = sd_gui_test_get (f->group, GTK_TYPE_LIST_BOX, NULL);
  g_autoptr(GString) order = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_visible (row) && g_str_has_prefix (gtk_widget_get_name (row), "rule-"))
      g_string_append_printf (order, "%s%s", order->len > 0 ? " " : "", gtk_widget_get_name (row));
  return g_string_free (g_steal_pointer (&order), FALSE);
}

static GtkWidget *
rule_row (Fixture *f,
          gint64   id)
{
  g_autofree char *name = g_strdup_printf ("rule-%" G_GINT64_FORMAT, id);

  return sd_gui_test_get (f->group, ADW_TYPE_ACTION_ROW, name);
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  return gtk_label_get_label (GTK_LABEL (sd_gui_test_get (root, GTK_TYPE_LABEL, name)));
}

static char *
customers_text (gint64 n)
{
  g_autofree char *figure = sd_format_count (n);

  return g_strdup_printf (n == 1 ? "%s customer" : "%s customers", figure);
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
preview_shown (gpointer data)
{
  return sd_gui_test_find (GTK_WIDGET (data), ADW_TYPE_ACTION_ROW, "preview-none") != NULL;
}

static gboolean
dialog_ready (gpointer data)
{
  return !sd_tier_rule_dialog_get_busy (data) && preview_shown (data);
}

static SdTierRuleDialog *
open_dialog (Fixture *f,
             gint64   id)
{
  if (id == 0)
    {
      g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->group, GTK_TYPE_BUTTON, "add_button")));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->group), "tier-rules.add", NULL));
    }
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->group), "tier-rules.edit", "x", id));
  return SD_TIER_RULE_DIALOG (sd_gui_test_wait_toplevel (SD_TYPE_TIER_RULE_DIALOG));
}

static void
set_condition (SdTierRuleDialog *dialog,
               const char       *text)
{
  g_autoptr(SdCondition) condition = sd_condition_parse (text, NULL);
  SdConditionEditor *editor = SD_CONDITION_EDITOR (sd_gui_test_get (dialog, SD_TYPE_CONDITION_EDITOR, NULL));

  g_assert_nonnull (condition);
  sd_condition_editor_set_condition (editor, condition);
}

static void
set_name (SdTierRuleDialog *dialog,
          const char       *name)
{
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "name_row")), name);
}

static void
save_and_wait (Fixture          *f,
               SdTierRuleDialog *dialog)
{
  GtkWidget *save = sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button");

  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_widget_activate (save);
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_TIER_RULE_DIALOG));
  sd_gui_test_spin (50);
  wait_group (f);
}

/* Answers the question a switch or a delete asks; its body. */
static char *
answer_question (const char *response)
{
  AdwMessageDialog *question = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  char *body = g_strdup (adw_message_dialog_get_body (question));

  adw_message_dialog_response (question, response);
  gtk_window_close (GTK_WINDOW (question));
  return body;
}

/* ---- tests ---- */

static void
test_add_rule (Fixture       *f,
               gconstpointer  data)
{
  gint64 loyal = add_rule (f, "回头客", 20, "order_count >= 6");
  g_autoptr(SdTierRule) added = NULL;
  g_autofree char *preview_loyal = NULL;
  g_autofree char *preview_new = NULL;
  g_autofree char *preview_none = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *order = NULL;
  g_autofree char *expected_order = NULL;
  SdTierRuleDialog *dialog;
  GtkWidget *save;
  GtkWidget *row;
  gint64 big = 0;
  guint n_big = 0;

  show_group (f, f->shop.owner);
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->group, ADW_TYPE_ACTION_ROW, "empty_row")));
  dialog = open_dialog (f, 0);
  save = sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button");
  /* Nothing typed yet: nothing to add, nothing to preview. */
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_null (sd_gui_test_find (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "preview-none"));

  /* Before the rule already there: it takes the big spenders from it. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sd_gui_test_get (dialog, GTK_TYPE_SPIN_BUTTON, "priority_spin")), 10);
  set_condition (dialog, "total_spent >= 3000");
  g_assert_false (gtk_widget_get_sensitive (save));
  set_name (dialog, "大客户");
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_true (sd_gui_test_wait_for (dialog_ready, dialog, WAIT_MS));

  /* The preview: the new rule first (priority 10), the old one, then none. */
  row = sd_gui_test_get (dialog, ADW_TYPE_ACTION_ROW, "preview-0");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "大客户");
  g_assert_cmpstr (label_text (row, "now"), ==, "0");
  preview_new = g_strdup (label_text (row, "after"));
  row = sd_gui_test_get (dialog, ADW_TYPE_ACTION_ROW, "preview-1");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "回头客");
  preview_loyal = g_strdup (label_text (row, "after"));
  preview_none = g_strdup (label_text (sd_gui_test_get (dialog, ADW_TYPE_ACTION_ROW, "preview-none"), "after"));

  save_and_wait (f, dialog);

  /* Saved as typed, the condition in its canonical text. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) rules = sd_tiers_list_rules (f->shop.owner, &error);
    g_autoptr(GArray) counts = NULL;
    gint64 none = -1;
    g_autofree char *after_new = NULL;
    g_autofree char *after_loyal = NULL;
    g_autofree char *after_none = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (rules->len, ==, 2);
    added = sd_tier_rule_copy (g_ptr_array_index (rules, 0));
    g_assert_cmpstr (added->name, ==, "大客户");
    g_assert_cmpint (added->priority, ==, 10);
    g_assert_cmpstr (added->condition, ==, "total_spent >= 3000");
    g_assert_true (added->enabled);
    g_assert_cmpint (((SdTierRule *) g_ptr_array_index (rules, 1))->id, ==, loyal);

    /* What the preview said is what the shop holds now. */
    counts = sd_tiers_count_rules (f->shop.owner, rules, &none, &error);
    g_assert_no_error (error);
    after_new = sd_format_count (g_array_index (counts, gint64, 0));
    after_loyal = sd_format_count (g_array_index (counts, gint64, 1));
    after_none = sd_format_count (none);
    g_assert_cmpstr (preview_new, ==, after_new);
    g_assert_cmpstr (preview_loyal, ==, after_loyal);
    g_assert_cmpstr (preview_none, ==, after_none);
    big = g_array_index (counts, gint64, 0);
    g_assert_cmpint (big, >, 0);
  }

  /* Every customer who spent ¥3,000 holds it; nobody else does. */
  for (gint64 id = 1; id <= N_CUSTOMERS; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdCustomerTier) tier = sd_tiers_get_customer (f->shop.owner, id, &error);

      g_assert_no_error (error);
      g_assert_cmpint (tier->custom_tier_id == added->id, ==, tier->paid_cents >= 300000);
      n_big += tier->custom_tier_id == added->id;
    }
  g_assert_cmpint (n_big, ==, big);

  /* The group lists it first, with its customers. */
  order = shown_order (f);
  expected_order = g_strdup_printf ("rule-%" G_GINT64_FORMAT " rule-%" G_GINT64_FORMAT, added->id, loyal);
  g_assert_cmpstr (order, ==, expected_order);
  count_text = customers_text (big);
  g_assert_cmpstr (label_text (rule_row (f, added->id), "count"), ==, count_text);
}

/* Edits while a preview is computed: what shows in the end is the last edit's. */
static void
test_preview_follows_edits (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTierRuleSimulation) expected = NULL;
  g_autofree char *after = NULL;
  g_autoptr(SdDb) blocker = NULL;
  SdTierRuleDialog *dialog;
  GtkWidget *row;
  int priority;

  add_rule (f, "回头客", 20, "order_count >= 6");
  show_group (f, f->shop.owner);
  dialog = open_dialog (f, 0);
  priority = gtk_spin_button_get_value_as_int (
    GTK_SPIN_BUTTON (sd_gui_test_get (dialog, GTK_TYPE_SPIN_BUTTON, "priority_spin")));
  /* Another connection holds the shop's write lock: the preview waits for it. */
  blocker = sd_db_open (f->shop.path, &error);
  g_assert_no_error (error);
  g_assert_true (sd_db_begin (blocker, &error));
  set_name (dialog, "试算");
  set_condition (dialog, "total_spent >= 100");
  /* Past the pause: that preview is under way when the condition changes. */
  sd_gui_test_spin (700);
  g_assert_true (sd_tier_rule_dialog_get_busy (dialog));
  set_condition (dialog, "total_spent >= 5000");
  sd_gui_test_spin (700);
  sd_db_rollback (blocker);
  expected = sd_tiers_simulate_rule (f->shop.owner, 0, "试算", priority, "total_spent >= 5000", TRUE, FALSE, &error);
  g_assert_no_error (error);
  after = sd_format_count (g_array_index (expected->after, gint64, 1));

  /* The first figures shown are already the last edit's: the older ones never show. */
  g_assert_true (sd_gui_test_wait_for (preview_shown, dialog, WAIT_MS));
  row = sd_gui_test_get (dialog, ADW_TYPE_ACTION_ROW, "preview-1");
  g_assert_cmpstr (label_text (row, "after"), ==, after);
  g_assert_true (sd_gui_test_wait_for (dialog_ready, dialog, WAIT_MS));
  /* After the rule there already: the new one comes second. */
  row = sd_gui_test_get (dialog, ADW_TYPE_ACTION_ROW, "preview-1");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "试算");
  g_assert_cmpstr (label_text (row, "after"), ==, after);
  g_assert_true (gtk_widget_get_sensitive (row));
}

static void
test_duplicate_name (Fixture       *f,
                     gconstpointer  data)
{
  SdTierRuleDialog *dialog;
  GtkWidget *name_row;
  GtkWidget *name_error;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = NULL;

  add_rule (f, "老客", 10, "order_count >= 3");
  show_group (f, f->shop.owner);
  dialog = open_dialog (f, 0);
  name_row = sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "name_row");
  name_error = sd_gui_test_get (dialog, GTK_TYPE_LABEL, "name_error");

  /* Saved at once, before any preview: the shop refuses, and says so at the name. */
  set_condition (dialog, "total_spent >= 100");
  set_name (dialog, " 老客 ");
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button"));
  g_assert_true (sd_gui_test_wait_for (widget_visible, name_error, WAIT_MS));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (name_error)), "老客"));
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button")));
  g_assert_nonnull (sd_gui_test_find_toplevel (SD_TYPE_TIER_RULE_DIALOG));

  /* Another name clears it. */
  set_name (dialog, "新客");
  g_assert_false (gtk_widget_get_visible (name_error));
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  g_assert_true (sd_gui_test_wait_for (dialog_ready, dialog, WAIT_MS));

  /* Typed again: the preview finds it taken, at the name too. */
  set_name (dialog, "老客");
  g_assert_true (sd_gui_test_wait_for (widget_visible, name_error, WAIT_MS));
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));

  /* Too long is said before asking the shop. */
  set_name (dialog, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三");
  g_assert_true (gtk_widget_get_visible (name_error));
  g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button")));

  rules = sd_tiers_list_rules (f->shop.owner, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rules->len, ==, 1);
}

static void
test_priority_reorders (Fixture       *f,
                        gconstpointer  data)
{
  gint64 first = add_rule (f, "大客户", 10, "total_spent >= 2000");
  gint64 second = add_rule (f, "回头客", 20, "order_count >= 5");
  g_autofree char *before = g_strdup_printf ("rule-%" G_GINT64_FORMAT " rule-%" G_GINT64_FORMAT, first, second);
  g_autofree char *after = g_strdup_printf ("rule-%" G_GINT64_FORMAT " rule-%" G_GINT64_FORMAT, second, first);
  g_autoptr(SdTierRule) moved = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *reordered = NULL;
  SdTierRuleDialog *dialog;

  show_group (f, f->shop.owner);
  shown = shown_order (f);
  g_assert_cmpstr (shown, ==, before);

  dialog = open_dialog (f, second);
  /* As saved: nothing to save yet. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "name_row"))), ==,
                   "回头客");
  g_assert_true (sd_gui_test_wait_for (dialog_ready, dialog, WAIT_MS));
  g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sd_gui_test_get (dialog, GTK_TYPE_SPIN_BUTTON, "priority_spin")), 5);
  save_and_wait (f, dialog);

  moved = get_rule (f, second);
  g_assert_cmpint (moved->priority, ==, 5);
  reordered = shown_order (f);
  g_assert_cmpstr (reordered, ==, after);
  g_assert_cmpstr (label_text (rule_row (f, second), "priority"), ==, "Priority 5");
}

static void
test_switch_off (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *figure = NULL;
  gint64 id = add_big_spenders (f, &figure);
  gint64 holding = count_holding (f, id);
  g_autofree char *body = NULL;
  g_autoptr(SdTierRule) rule = NULL;
  GtkWidget *sw;

  show_group (f, f->shop.owner);
  sw = sd_gui_test_get (rule_row (f, id), GTK_TYPE_SWITCH, "switch");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));

  /* Asked, then "Cancel": nothing changes, the switch goes back. */
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  body = answer_question ("cancel");
  g_assert_nonnull (strstr (body, figure));
  wait_group (f);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  g_assert_true (gtk_switch_get_state (GTK_SWITCH (sw)));
  rule = get_rule (f, id);
  g_assert_true (rule->enabled);
  g_assert_cmpint (count_holding (f, id), ==, holding);
  g_clear_pointer (&rule, sd_tier_rule_free);
  g_clear_pointer (&body, g_free);

  /* Asked, then agreed: the rule is off and nobody holds it. */
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  body = answer_question ("apply");
  g_assert_nonnull (strstr (body, figure));
  sd_gui_test_spin (50);
  wait_group (f);
  rule = get_rule (f, id);
  g_assert_false (rule->enabled);
  assert_nobody_holds (f, id);
  /* The list read again shows it off. */
  sw = sd_gui_test_get (rule_row (f, id), GTK_TYPE_SWITCH, "switch");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));
  g_assert_cmpstr (label_text (rule_row (f, id), "count"), ==, "0 customers");
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *figure = NULL;
  gint64 id = add_big_spenders (f, &figure);
  g_autofree char *body = NULL;
  g_autoptr(SdTierRule) rule = NULL;
  g_autoptr(SdTierRule) gone = NULL;
  gint64 other = add_rule (f, "回头客", 20, "order_count >= 5");
  g_autofree char *row_name = g_strdup_printf ("rule-%" G_GINT64_FORMAT, id);
  SdTierRuleDialog *dialog;

  show_group (f, f->shop.owner);

  /* From the row: asked, naming how many lose it; "Cancel" keeps it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->group), "tier-rules.delete", "x", id));
  body = answer_question ("cancel");
  g_assert_nonnull (strstr (body, figure));
  wait_group (f);
  rule = get_rule (f, id);
  g_assert_nonnull (rule);

  /* From the dialog: agreed, it goes, and its customers lose it. */
  dialog = open_dialog (f, id);
  g_assert_true (sd_gui_test_wait_for (dialog_ready, dialog, WAIT_MS));
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "delete_button"));
  g_clear_pointer (&body, g_free);
  body = answer_question ("apply");
  g_assert_nonnull (strstr (body, figure));
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_TIER_RULE_DIALOG));
  sd_gui_test_spin (50);
  wait_group (f);
  gone = get_rule (f, id);
  g_assert_null (gone);
  assert_nobody_holds (f, id);
  g_assert_null (sd_gui_test_find (GTK_WIDGET (f->group), ADW_TYPE_ACTION_ROW, row_name));

  /* The last one from its row: the empty state says what to do. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->group), "tier-rules.delete", "x", other));
  g_clear_pointer (&body, g_free);
  body = answer_question ("apply");
  sd_gui_test_spin (50);
  wait_group (f);
  g_assert_null (get_rule (f, other));
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->group, ADW_TYPE_ACTION_ROW, "empty_row")));
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = add_rule (f, "大客户", 10, "total_spent >= 2000");
  g_autoptr(SdSession) viewer = sd_test_staff_session (f->shop.owner, "客服",
                                                       SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  g_autofree char *count_text = customers_text (count_holding (f, id));
  GtkWidget *row;

  show_group (f, viewer);
  row = rule_row (f, id);
  /* Listed, with its customers, and nothing to change it with. */
  g_assert_cmpstr (label_text (row, "count"), ==, count_text);
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->group, GTK_TYPE_BUTTON, "add_button")));
  g_assert_null (sd_gui_test_find (row, GTK_TYPE_SWITCH, NULL));
  g_assert_null (sd_gui_test_find (row, GTK_TYPE_BUTTON, "delete"));
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  gtk_widget_activate_action (GTK_WIDGET (f->group), "tier-rules.add", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->group), "tier-rules.edit", "x", id);
  sd_gui_test_spin (300);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_TIER_RULE_DIALOG));

  /* The owner again: the controls are back. */
  show_group (f, f->shop.owner);
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->group, GTK_TYPE_BUTTON, "add_button")));
  g_assert_nonnull (sd_gui_test_find (rule_row (f, id), GTK_TYPE_SWITCH, NULL));
}

/* Counting a rule's customers reads every customer: a group out of sight (a page of the
 * window not shown) reads when it comes into sight, not at the login. */
static void
test_reads_when_shown (Fixture       *f,
                       gconstpointer  data)
{
  gint64 id = add_rule (f, "大客户", 10, "total_spent >= 2000");
  g_autofree char *count_text = customers_text (count_holding (f, id));
  g_autofree char *row_name = g_strdup_printf ("rule-%" G_GINT64_FORMAT, id);
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (f->group), ADW_TYPE_PREFERENCES_PAGE);

  show_group (f, NULL);
  gtk_widget_set_visible (page, FALSE);
  sd_gui_test_spin (50);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->group)));
  sd_tier_rules_group_set_session (f->group, f->shop.owner);
  g_assert_false (sd_tier_rules_group_get_busy (f->group));
  sd_gui_test_spin (300);
  g_assert_null (sd_gui_test_find (GTK_WIDGET (f->group), ADW_TYPE_ACTION_ROW, row_name));

  gtk_widget_set_visible (page, TRUE);
  g_assert_true (sd_tier_rules_group_get_busy (f->group));
  wait_group (f);
  g_assert_cmpstr (label_text (rule_row (f, id), "count"), ==, count_text);
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);
  g_test_set_nonfatal_assertions ();

  g_test_add ("/gui/tier-rules/add", Fixture, NULL, fixture_set_up, test_add_rule, fixture_tear_down);
  g_test_add ("/gui/tier-rules/preview-follows-edits", Fixture, NULL, fixture_set_up, test_preview_follows_edits,
              fixture_tear_down);
  g_test_add ("/gui/tier-rules/duplicate-name", Fixture, NULL, fixture_set_up, test_duplicate_name,
              fixture_tear_down);
  g_test_add ("/gui/tier-rules/priority-reorders", Fixture, NULL, fixture_set_up, test_priority_reorders,
              fixture_tear_down);
  g_test_add ("/gui/tier-rules/switch-off", Fixture, NULL, fixture_set_up, test_switch_off, fixture_tear_down);
  g_test_add ("/gui/tier-rules/delete", Fixture, NULL, fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/gui/tier-rules/read-only", Fixture, NULL, fixture_set_up, test_read_only, fixture_tear_down);
  g_test_add ("/gui/tier-rules/reads-when-shown", Fixture, NULL, fixture_set_up, test_reads_when_shown,
              fixture_tear_down);
  return g_test_run ();
}
