/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-condition-editor.h"
#include "sd-customers.h"
#include "sd-gui-test-util.h"
#include "sd-test-util.h"
#include "sd-tiers.h"

typedef struct
{
  SdGuiTestShop      shop;
  SdConditionEditor *editor;
  guint              changed;
} Fixture;

static void
changed_cb (SdConditionEditor *editor,
            Fixture           *f)
{
  f->changed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->editor = SD_CONDITION_EDITOR (sd_condition_editor_new ());
  sd_gui_test_shop_set_up (&f->shop, GTK_WIDGET (f->editor));
  sd_condition_editor_set_session (f->editor, f->shop.owner);
  g_object_add_weak_pointer (G_OBJECT (f->editor), (gpointer *) &f->editor);
  g_signal_connect (f->editor, "changed", G_CALLBACK (changed_cb), f);
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
  sd_gui_test_shop_tear_down (&f->shop);
  /* Nothing, not a row nor a tag read still under way, keeps the editor alive. */
  g_assert_true (sd_gui_test_wait_for (gone, &f->editor, 5000));
}

static GtkListBox *
rows_list (Fixture *f)
{
  return GTK_LIST_BOX (sd_gui_test_get (f->editor, GTK_TYPE_LIST_BOX, "rows_list"));
}

static guint
n_rows (Fixture *f)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (rows_list (f), (int) n) != NULL)
    n++;
  return n;
}

/* Widget NAME ("field", "op", "value", "remove") of row INDEX. */
static GtkWidget *
row_widget (Fixture    *f,
            guint       index,
            const char *name)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (rows_list (f), (int) index);

  g_assert_nonnull (row);
  return sd_gui_test_get (row, GTK_TYPE_WIDGET, name);
}

/* Selects the item of a dropdown of strings that reads TEXT, as a click would. */
static void
select_text (GtkWidget  *widget,
             const char *text)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (widget);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_error ("no item “%s”", text);
}

/* Row INDEX set to FIELD OP (as the op dropdown reads it) and, for an entry, VALUE typed;
 * for a dropdown value, VALUE is the item to choose. */
static void
set_row (Fixture          *f,
         guint             index,
         SdConditionField  field,
         const char       *op,
         const char       *value)
{
  GtkWidget *value_widget;

  select_text (row_widget (f, index, "field"), sd_condition_field_get_label (field));
  select_text (row_widget (f, index, "op"), op);
  value_widget = row_widget (f, index, "value");
  if (GTK_IS_EDITABLE (value_widget))
    gtk_editable_set_text (GTK_EDITABLE (value_widget), value);
  else
    select_text (value_widget, value);
}

static void
add_row (Fixture *f)
{
  GtkButton *add = GTK_BUTTON (sd_gui_test_get (f->editor, GTK_TYPE_BUTTON, "add_button"));
  guint before = n_rows (f);

  g_signal_emit_by_name (add, "clicked");
  g_assert_cmpuint (n_rows (f), ==, before + 1);
}

/* The editor's condition is the one TEXT parses to. */
static void
assert_condition (Fixture    *f,
                  const char *text)
{
  g_autoptr(SdCondition) shown = sd_condition_editor_get_condition (f->editor);
  g_autoptr(SdCondition) expected = sd_condition_parse (text, NULL);
  g_autofree char *shown_text = NULL;

  g_assert_nonnull (expected);
  if (shown == NULL)
    g_error ("no condition: %s", sd_condition_editor_get_error (f->editor));
  shown_text = sd_condition_to_string (shown);
  g_assert_cmpstr (shown_text, ==, text);
  g_assert_true (sd_condition_equal (shown, expected));
  g_assert_null (sd_condition_editor_get_error (f->editor));
}

static const char *
visible_mode (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_get (f->editor, GTK_TYPE_STACK, "mode_stack")));
}

static void
test_money (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SdCondition) condition = NULL;

  /* A new editor shows one row to fill in, and says what is missing. */
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_null (sd_condition_editor_get_condition (f->editor));
  g_assert_cmpstr (sd_condition_editor_get_error (f->editor), ==, "Row 1: a value is missing");

  f->changed = 0;
  set_row (f, 0, SD_CONDITION_FIELD_TOTAL_SPENT, "≥", "500.5");
  g_assert_cmpuint (f->changed, >, 0);
  assert_condition (f, "total_spent >= 500.5");
  condition = sd_condition_editor_get_condition (f->editor);
  g_assert_cmpint (sd_condition_get_number (condition), ==, 50050);

  /* As people write money: the yuan sign, thousands separators, full-width digits. */
  gtk_editable_set_text (GTK_EDITABLE (row_widget (f, 0, "value")), "¥1,200.05");
  assert_condition (f, "total_spent >= 1200.05");
  gtk_editable_set_text (GTK_EDITABLE (row_widget (f, 0, "value")), "３００");
  assert_condition (f, "total_spent >= 300");

  /* Fen beyond the second decimal are refused, as on the command line. */
  gtk_editable_set_text (GTK_EDITABLE (row_widget (f, 0, "value")), "1.005");
  g_assert_null (sd_condition_editor_get_condition (f->editor));
  g_assert_true (g_str_has_prefix (sd_condition_editor_get_error (f->editor), "Row 1: "));
  g_assert_nonnull (strstr (sd_condition_editor_get_error (f->editor), "two decimal places"));
  g_assert_true (gtk_widget_has_css_class (row_widget (f, 0, "value"), "error"));

  /* A value is a number, never more of the language. */
  gtk_editable_set_text (GTK_EDITABLE (row_widget (f, 0, "value")), "1 or tier = 4");
  g_assert_null (sd_condition_editor_get_condition (f->editor));
  g_assert_cmpstr (sd_condition_editor_get_error (f->editor), ==, "Row 1: “1 or tier = 4” is not a number");

  set_row (f, 0, SD_CONDITION_FIELD_AVG_ORDER, "<", "99.9");
  assert_condition (f, "avg_order < 99.9");
  g_assert_false (gtk_widget_has_css_class (row_widget (f, 0, "value"), "error"));
}

/* One row of each field with a value typed or chosen as people do, and the text it must
 * make: the editor and the text language agree on every kind of value. */
static const struct
{
  SdConditionField  field;
  const char       *op;
  const char       *value;
  const char       *text;
} every_field[] = {
  { SD_CONDITION_FIELD_TOTAL_SPENT, "≥", "500.5", "total_spent >= 500.5" },
  { SD_CONDITION_FIELD_ORDER_COUNT, "≤", "3", "order_count <= 3" },
  { SD_CONDITION_FIELD_AVG_ORDER, "<", "99.9", "avg_order < 99.9" },
  { SD_CONDITION_FIELD_DAYS_SINCE_LAST_ORDER, "≠", "90", "days_since_last_order != 90" },
  { SD_CONDITION_FIELD_DAYS_SINCE_FIRST_ORDER, "=", "365", "days_since_first_order = 365" },
  { SD_CONDITION_FIELD_REFUND_COUNT, "<", "1", "refund_count < 1" },
  { SD_CONDITION_FIELD_REFUND_RATE, ">", "12.5%", "refund_rate > 12.5" },
  { SD_CONDITION_FIELD_TIER, "≥", "2", "tier >= 2" },   /* the value: the grade's position */
  { SD_CONDITION_FIELD_TAG, "does not have", "VIP", "tag != \"VIP\"" },
  { SD_CONDITION_FIELD_PROVINCE, "is", "浙江", "province = \"浙江\"" },
  { SD_CONDITION_FIELD_CITY, "is not", "杭州市", "city != \"杭州市\"" },
  { SD_CONDITION_FIELD_RFM_GROUP, "is not", "Not scored", "rfm_group != \"\"" },
  { SD_CONDITION_FIELD_RFM_R, "≥", "4", "rfm_r >= 4" },
  { SD_CONDITION_FIELD_RFM_F, "=", "1", "rfm_f = 1" },
  { SD_CONDITION_FIELD_RFM_M, "<", "5", "rfm_m < 5" },
};

static void
test_every_field (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdCondition) condition = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (every_field); i++)
    {
      if (every_field[i].field == SD_CONDITION_FIELD_TIER)
        {
          select_text (row_widget (f, 0, "field"), sd_condition_field_get_label (SD_CONDITION_FIELD_TIER));
          select_text (row_widget (f, 0, "op"), every_field[i].op);
          gtk_drop_down_set_selected (GTK_DROP_DOWN (row_widget (f, 0, "value")), 2);
        }
      else
        set_row (f, 0, every_field[i].field, every_field[i].op, every_field[i].value);
      assert_condition (f, every_field[i].text);
    }

  /* Percent is held in hundredths. */
  set_row (f, 0, SD_CONDITION_FIELD_REFUND_RATE, ">", "12.5");
  condition = sd_condition_editor_get_condition (f->editor);
  g_assert_cmpint (sd_condition_get_number (condition), ==, 1250);

  /* A whole-number field takes no decimals. */
  set_row (f, 0, SD_CONDITION_FIELD_ORDER_COUNT, "≤", "2.5");
  g_assert_null (sd_condition_editor_get_condition (f->editor));
  g_assert_nonnull (strstr (sd_condition_editor_get_error (f->editor), "whole number"));
}

static void
test_dropdowns (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SdTierLadder) ladder = sd_tiers_get_ladder (f->shop.owner, NULL);
  g_autofree char *vip = NULL;

  /* Grades by the shop's names for them. */
  g_assert_nonnull (ladder);
  vip = g_strdup_printf ("3 · %s", sd_tier_ladder_get_name (ladder, 3));
  set_row (f, 0, SD_CONDITION_FIELD_TIER, "≥", vip);
  assert_condition (f, "tier >= 3");

  set_row (f, 0, SD_CONDITION_FIELD_RFM_GROUP, "is", sd_rfm_group_get_label (SD_RFM_GROUP_AT_RISK));
  assert_condition (f, "rfm_group = \"at_risk\"");

  /* A text field offers = and != only. */
  select_text (row_widget (f, 0, "field"), sd_condition_field_get_label (SD_CONDITION_FIELD_TAG));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (row_widget (f, 0, "op")))),
                    ==, 2);
}

static void
test_text_values (Fixture       *f,
                  gconstpointer  data)
{
  const char *hostile = "老客\"%_' OR 1=1; --\\";
  g_autoptr(SdCondition) condition = NULL;
  g_autoptr(SdCondition) parsed = NULL;
  g_autofree char *text = NULL;

  set_row (f, 0, SD_CONDITION_FIELD_TAG, "has", hostile);
  condition = sd_condition_editor_get_condition (f->editor);
  g_assert_nonnull (condition);
  g_assert_cmpint (sd_condition_get_field (condition), ==, SD_CONDITION_FIELD_TAG);
  g_assert_cmpint (sd_condition_get_op (condition), ==, SD_CONDITION_OP_EQ);
  /* Kept exactly as typed: quotes, % and _ are not patterns, nothing is escaped away. */
  g_assert_cmpstr (sd_condition_get_text (condition), ==, hostile);
  text = sd_condition_to_string (condition);
  g_assert_cmpstr (text, ==, "tag = \"老客\\\"%_' OR 1=1; --\\\\\"");
  parsed = sd_condition_parse (text, NULL);
  g_assert_true (sd_condition_equal (parsed, condition));

}

static void
test_all_and_any (Fixture       *f,
                  gconstpointer  data)
{
  set_row (f, 0, SD_CONDITION_FIELD_TOTAL_SPENT, "≥", "500");
  add_row (f);
  /* An incomplete row names itself. */
  g_assert_null (sd_condition_editor_get_condition (f->editor));
  g_assert_cmpstr (sd_condition_editor_get_error (f->editor), ==, "Row 2: a value is missing");
  set_row (f, 1, SD_CONDITION_FIELD_DAYS_SINCE_LAST_ORDER, "≤", "90");
  add_row (f);
  set_row (f, 2, SD_CONDITION_FIELD_TAG, "has", "老客");
  assert_condition (f, "total_spent >= 500 and days_since_last_order <= 90 and tag = \"老客\"");

  select_text (sd_gui_test_get (f->editor, GTK_TYPE_DROP_DOWN, "match_dropdown"), "any of these conditions");
  assert_condition (f, "total_spent >= 500 or days_since_last_order <= 90 or tag = \"老客\"");

  /* Removing the middle row. */
  g_signal_emit_by_name (row_widget (f, 1, "remove"), "clicked");
  g_assert_cmpuint (n_rows (f), ==, 2);
  assert_condition (f, "total_spent >= 500 or tag = \"老客\"");
  g_signal_emit_by_name (row_widget (f, 1, "remove"), "clicked");
  /* The last row stays: there is always one to fill in. */
  g_assert_false (gtk_widget_get_sensitive (row_widget (f, 0, "remove")));
  assert_condition (f, "total_spent >= 500");
}

static void
test_set_condition_rows (Fixture       *f,
                         gconstpointer  data)
{
  const char *text = "tier = 2 or rfm_group = \"champions\" or province != \"浙江\" or refund_rate >= 0.5 "
                     "or rfm_m > 3";
  g_autoptr(SdCondition) condition = sd_condition_parse (text, NULL);

  f->changed = 0;
  sd_condition_editor_set_condition (f->editor, condition);
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_cmpstr (visible_mode (f), ==, "rows");
  g_assert_cmpuint (n_rows (f), ==, 5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row_widget (f, 3, "value"))), ==, "0.5");
  assert_condition (f, text);

  sd_condition_editor_set_condition (f->editor, NULL);
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_null (sd_condition_editor_get_condition (f->editor));
}

static void
test_nested_text_mode (Fixture       *f,
                       gconstpointer  data)
{
  const char *text = "(tier = 1 or tier = 2) and not tag = \"x\"";
  g_autoptr(SdCondition) condition = sd_condition_parse (text, NULL);
  GtkWidget *rows_button = sd_gui_test_get (f->editor, GTK_TYPE_TOGGLE_BUTTON, "rows_button");
  GtkWidget *entry = sd_gui_test_get (f->editor, GTK_TYPE_ENTRY, "text_entry");
  g_autoptr(SdCondition) shown = NULL;
  g_autofree char *shown_text = NULL;

  g_assert_nonnull (condition);
  sd_condition_editor_set_condition (f->editor, condition);
  g_assert_cmpstr (visible_mode (f), ==, "text");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, text);
  shown = sd_condition_editor_get_condition (f->editor);
  g_assert_true (sd_condition_equal (shown, condition));
  shown_text = sd_condition_to_string (shown);
  g_assert_cmpstr (shown_text, ==, text);
  /* Rows cannot show it: the way back is closed until the text fits them. */
  g_assert_false (gtk_widget_get_sensitive (rows_button));

  gtk_editable_set_text (GTK_EDITABLE (entry), "tier = 1 or tier = 2");
  g_assert_true (gtk_widget_get_sensitive (rows_button));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (rows_button), TRUE);
  g_assert_cmpstr (visible_mode (f), ==, "rows");
  g_assert_cmpuint (n_rows (f), ==, 2);
  assert_condition (f, "tier = 1 or tier = 2");
}

static void
test_text_error_column (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *text_button = sd_gui_test_get (f->editor, GTK_TYPE_TOGGLE_BUTTON, "text_button");
  GtkWidget *entry = sd_gui_test_get (f->editor, GTK_TYPE_ENTRY, "text_entry");
  PangoAttrList *attrs;
  g_autoptr(GSList) list = NULL;
  PangoAttribute *underline;
  const char *typo = "标签 = 1";

  /* Switching shows the rows' condition as its text. */
  set_row (f, 0, SD_CONDITION_FIELD_TOTAL_SPENT, "≥", "500");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (text_button), TRUE);
  g_assert_cmpstr (visible_mode (f), ==, "text");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "total_spent >= 500");
  assert_condition (f, "total_spent >= 500");

  gtk_editable_set_text (GTK_EDITABLE (entry), "total_spent >= 500 and tga = \"x\"");
  g_assert_null (sd_condition_editor_get_condition (f->editor));
  g_assert_true (g_str_has_prefix (sd_condition_editor_get_error (f->editor), "at column 24: "));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  /* The column is marked under the very character. */
  attrs = gtk_entry_get_attributes (GTK_ENTRY (entry));
  g_assert_nonnull (attrs);
  list = pango_attr_list_get_attributes (attrs);
  g_assert_nonnull (list);
  underline = list->data;
  g_assert_cmpuint (underline->start_index, ==, 23);
  g_assert_cmpuint (underline->end_index, ==, 24);
  g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);

  /* Columns count characters, not bytes. */
  gtk_editable_set_text (GTK_EDITABLE (entry), typo);
  g_assert_true (g_str_has_prefix (sd_condition_editor_get_error (f->editor), "at column 1: "));
  list = pango_attr_list_get_attributes (gtk_entry_get_attributes (GTK_ENTRY (entry)));
  underline = list->data;
  g_assert_cmpuint (underline->start_index, ==, 0);
  g_assert_cmpuint (underline->end_index, ==, strlen ("标"));
  g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);

  gtk_editable_set_text (GTK_EDITABLE (entry), "order_count > 2");
  assert_condition (f, "order_count > 2");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_null (gtk_entry_get_attributes (GTK_ENTRY (entry)));
}

/* Rows that are not complete go to text as typed, where the parser points at the fault. */
static void
test_incomplete_rows_to_text (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *text_button = sd_gui_test_get (f->editor, GTK_TYPE_TOGGLE_BUTTON, "text_button");
  GtkWidget *entry = sd_gui_test_get (f->editor, GTK_TYPE_ENTRY, "text_entry");

  set_row (f, 0, SD_CONDITION_FIELD_TAG, "has", "老客");
  add_row (f);
  set_row (f, 1, SD_CONDITION_FIELD_TOTAL_SPENT, ">", "abc");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (text_button), TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "tag = \"老客\" and total_spent > abc");
  g_assert_null (sd_condition_editor_get_condition (f->editor));
  g_assert_true (g_str_has_prefix (sd_condition_editor_get_error (f->editor), "at column 30: "));
}

static gboolean
has_completion (gpointer data)
{
  GtkEntryCompletion *completion = data;
  GtkTreeModel *model = gtk_entry_completion_get_model (completion);
  GtkTreeIter iter;

  return gtk_tree_model_get_iter_first (model, &iter);
}

static void
test_tag_completion (Fixture       *f,
                     gconstpointer  data)
{
  gint64 id = sd_test_add_customer (f->shop.owner, "买家甲", "张三", NULL);
  GtkEntryCompletion *completion;
  GtkTreeModel *model;
  GtkTreeIter iter;
  g_autofree char *tag = NULL;

  g_assert_true (sd_customers_add_tag (f->shop.owner, id, "回头客", NULL));
  /* The tags are read when the session is given, on a worker thread. */
  sd_condition_editor_set_session (f->editor, NULL);
  sd_condition_editor_set_session (f->editor, f->shop.owner);
  set_row (f, 0, SD_CONDITION_FIELD_TAG, "has", "");
  completion = gtk_entry_get_completion (GTK_ENTRY (row_widget (f, 0, "value")));
  g_assert_nonnull (completion);
  g_assert_true (sd_gui_test_wait_for (has_completion, completion, 5000));
  model = gtk_entry_completion_get_model (completion);
  g_assert_true (gtk_tree_model_get_iter_first (model, &iter));
  gtk_tree_model_get (model, &iter, 0, &tag, -1);
  g_assert_cmpstr (tag, ==, "回头客");
}

/* The grade dropdown takes the shop's own grade names. */
static void
test_grade_names (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdTierLadder) ladder = sd_tiers_get_ladder (f->shop.owner, NULL);
  g_autofree char *first = g_strdup_printf ("1 · %s", sd_tier_ladder_get_name (ladder, 1));
  SdTierGrade grade;

  grade = ladder->grades[2];
  grade.name = (char *) "金牌会员";
  g_assert_true (sd_tiers_set_grade (f->shop.owner, 2, &grade, NULL, NULL));
  set_row (f, 0, SD_CONDITION_FIELD_TIER, "=", first);
  sd_condition_editor_set_session (f->editor, NULL);
  sd_condition_editor_set_session (f->editor, f->shop.owner);
  /* The grade chosen stays while the names change. */
  assert_condition (f, "tier = 1");
  select_text (row_widget (f, 0, "value"), "2 · 金牌会员");
  assert_condition (f, "tier = 2");
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);

  g_test_add ("/gui/condition-editor/money", Fixture, NULL, fixture_set_up, test_money, fixture_tear_down);
  g_test_add ("/gui/condition-editor/every-field", Fixture, NULL, fixture_set_up, test_every_field,
              fixture_tear_down);
  g_test_add ("/gui/condition-editor/dropdowns", Fixture, NULL, fixture_set_up, test_dropdowns, fixture_tear_down);
  g_test_add ("/gui/condition-editor/text-values", Fixture, NULL, fixture_set_up, test_text_values,
              fixture_tear_down);
  g_test_add ("/gui/condition-editor/all-and-any", Fixture, NULL, fixture_set_up, test_all_and_any,
              fixture_tear_down);
  g_test_add ("/gui/condition-editor/set-condition-rows", Fixture, NULL, fixture_set_up, test_set_condition_rows,
              fixture_tear_down);
  g_test_add ("/gui/condition-editor/nested-text-mode", Fixture, NULL, fixture_set_up, test_nested_text_mode,
              fixture_tear_down);
  g_test_add ("/gui/condition-editor/text-error-column", Fixture, NULL, fixture_set_up, test_text_error_column,
              fixture_tear_down);
  g_test_add ("/gui/condition-editor/incomplete-rows-to-text", Fixture, NULL, fixture_set_up,
              test_incomplete_rows_to_text, fixture_tear_down);
  g_test_add ("/gui/condition-editor/tag-completion", Fixture, NULL, fixture_set_up, test_tag_completion,
              fixture_tear_down);
  g_test_add ("/gui/condition-editor/grade-names", Fixture, NULL, fixture_set_up, test_grade_names,
              fixture_tear_down);

  return g_test_run ();
}
