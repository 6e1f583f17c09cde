/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-condition-editor"

#include <glib/gi18n.h>

#include "sd-address.h"
#include "sd-condition-editor.h"
#include "sd-customers.h"
#include "sd-rfm.h"
#include "sd-tiers.h"
#include "sd-values.h"

/* One comparison shown as a row. Rows are plain structs, not widgets of their own: the
 * editor owns them (self->rows, in the order shown) and reads them all on every edit. */
typedef struct
{
  SdConditionEditor *editor;     /* unowned: the editor outlives its rows */
  GtkWidget         *row;        /* the GtkListBoxRow; owned by the list */
  GtkDropDown       *field_dropdown;
  GtkDropDown       *op_dropdown;
  GtkWidget         *value_box;  /* holds the value widget, replaced when the field changes */
  GtkWidget         *value;      /* a GtkEntry or a GtkDropDown */
  GtkWidget         *remove_button;
  SdConditionField   field;      /* the field the op and value widgets are made for */
  SdConditionOp      ops[SD_CONDITION_OP_N];   /* the op dropdown's items */
  guint              n_ops;
} Row;

struct _SdConditionEditor
{
  AdwBin         parent_instance;

  SdSession     *session;
  GCancellable  *tags_cancellable;
  GtkListStore  *tags;          /* completions, one string column each */
  GtkListStore  *provinces;
  GtkListStore  *cities;
  char          *grade_labels[SD_TIER_N_GRADES + 1];   /* "2 · 高级会员"; NULL-terminated */
  GPtrArray     *rows;          /* Row *, in the order shown */
  SdCondition   *condition;     /* what is shown, or NULL while incomplete */
  char          *error;         /* why condition is NULL */
  gboolean       text_mode;
  gboolean       updating;      /* filling widgets from code: edits are not the user's */

  GtkWidget     *add_button;
  GtkDropDown   *match_dropdown;
  GtkWidget     *match_box;
  GtkStack      *mode_stack;
  GtkToggleButton *rows_button;
  GtkListBox    *rows_list;
  GtkEntry      *text_entry;
  GtkToggleButton *text_button;
};

G_DEFINE_FINAL_TYPE (SdConditionEditor, sd_condition_editor, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The match dropdown's items. */
enum {
  MATCH_ALL,
  MATCH_ANY,
};

static void row_field_changed_cb (GtkDropDown *dropdown,
                                  GParamSpec  *pspec,
                                  Row         *row);
static void update (SdConditionEditor *self);

/* ---- what the widgets offer ---- */

/* How a row enters a field's value. */
typedef enum
{
  INPUT_NUMBER,       /* an entry: yuan, percent or a whole number */
  INPUT_TEXT,         /* an entry with completions */
  INPUT_GRADE,        /* a dropdown of the ladder's grades, 0–4 */
  INPUT_GROUP,        /* a dropdown of the RFM groups */
  INPUT_SCORE,        /* a dropdown 1–5 */
} Input;

static Input
field_input (SdConditionField field)
{
  switch (field)
    {
    case SD_CONDITION_FIELD_TIER:
      return INPUT_GRADE;
    case SD_CONDITION_FIELD_RFM_GROUP:
      return INPUT_GROUP;
    case SD_CONDITION_FIELD_RFM_R:
    case SD_CONDITION_FIELD_RFM_F:
    case SD_CONDITION_FIELD_RFM_M:
      return INPUT_SCORE;
    case SD_CONDITION_FIELD_TAG:
    case SD_CONDITION_FIELD_PROVINCE:
    case SD_CONDITION_FIELD_CITY:
      return INPUT_TEXT;
    case SD_CONDITION_FIELD_TOTAL_SPENT:
    case SD_CONDITION_FIELD_ORDER_COUNT:
    case SD_CONDITION_FIELD_AVG_ORDER:
    case SD_CONDITION_FIELD_DAYS_SINCE_LAST_ORDER:
    case SD_CONDITION_FIELD_DAYS_SINCE_FIRST_ORDER:
    case SD_CONDITION_FIELD_REFUND_COUNT:
    case SD_CONDITION_FIELD_REFUND_RATE:
    case SD_CONDITION_FIELD_N:
    default:
      return INPUT_NUMBER;
    }
}

/* The operator as people read it: words for text ("has", "is not"), which also say what a
 * tag comparison means; signs for numbers, as on a receipt. */
static const char *
op_label (SdConditionField field,
          SdConditionOp    op)
{
  gboolean text = sd_condition_field_get_value_kind (field) == SD_CONDITION_VALUE_TEXT;

  switch (op)
    {
    case SD_CONDITION_OP_EQ:
      if (field == SD_CONDITION_FIELD_TAG)
        return C_("condition", "has");
      return text ? C_("condition", "is") : "=";
    case SD_CONDITION_OP_NE:
      if (field == SD_CONDITION_FIELD_TAG)
        return C_("condition", "does not have");
      return text ? C_("condition", "is not") : "≠";
    case SD_CONDITION_OP_LT:
      return "<";
    case SD_CONDITION_OP_LE:
      return "≤";
    case SD_CONDITION_OP_GT:
      return ">";
    case SD_CONDITION_OP_GE:
      return "≥";
    case SD_CONDITION_OP_N:
    default:
      g_assert_not_reached ();
    }
}

static const char *
number_placeholder (SdConditionField field)
{
  switch (sd_condition_field_get_value_kind (field))
    {
    case SD_CONDITION_VALUE_MONEY:
      return _("Yuan, e.g. 500 or 99.5");
    case SD_CONDITION_VALUE_PERCENT:
      return _("Percent, e.g. 12.5");
    case SD_CONDITION_VALUE_INTEGER:
    case SD_CONDITION_VALUE_TEXT:
    default:
      if (field == SD_CONDITION_FIELD_DAYS_SINCE_FIRST_ORDER || field == SD_CONDITION_FIELD_DAYS_SINCE_LAST_ORDER)
        return _("Days");
      return _("Whole number");
    }
}

static GtkListStore *
completions_for (SdConditionEditor *self,
                 SdConditionField   field)
{
  switch (field)
    {
    case SD_CONDITION_FIELD_TAG:
      return self->tags;
    case SD_CONDITION_FIELD_PROVINCE:
      return self->provinces;
    case SD_CONDITION_FIELD_CITY:
      return self->cities;
    default:
      return NULL;
    }
}

static void
fill_store (GtkListStore *store,
            GPtrArray    *strings)
{
  gtk_list_store_clear (store);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    gtk_list_store_insert_with_values (store, NULL, -1, 0, g_ptr_array_index (strings, i), -1);
}

static GtkWidget *
new_value_entry (SdConditionEditor *self,
                 SdConditionField   field)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkListStore *store = completions_for (self, field);

  if (store != NULL)
    {
      g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();

      gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (store));
      gtk_entry_completion_set_text_column (completion, 0);
      gtk_entry_completion_set_minimum_key_length (completion, 1);
      gtk_entry_set_completion (GTK_ENTRY (entry), completion);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry),
                                      field == SD_CONDITION_FIELD_TAG ? _("Tag") :
                                      field == SD_CONDITION_FIELD_PROVINCE ? _("e.g. 浙江") : _("e.g. 杭州市"));
    }
  else
    {
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), number_placeholder (field));
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      gtk_widget_add_css_class (entry, "numeric");
    }
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_size_request (entry, 120, -1);
  return entry;
}

static GtkWidget *
new_value_dropdown (SdConditionEditor *self,
                    Input              input)
{
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
  GtkWidget *dropdown;

  switch (input)
    {
    case INPUT_GRADE:
      for (int i = 0; i < SD_TIER_N_GRADES; i++)
        gtk_string_list_append (items, self->grade_labels[i]);
      break;
    case INPUT_GROUP:
      /* The groups in their enum order, "not scored" last: the common ones first. */
      for (SdRfmGroup g = SD_RFM_GROUP_NONE + 1; g < SD_RFM_GROUP_N; g++)
        gtk_string_list_append (items, sd_rfm_group_get_label (g));
      gtk_string_list_append (items, _("Not scored"));
      break;
    case INPUT_SCORE:
      for (int i = 1; i <= SD_RFM_SCORES; i++)
        {
          char label[4];
          g_snprintf (label, sizeof label, "%d", i);
          gtk_string_list_append (items, label);
        }
      break;
    case INPUT_NUMBER:
    case INPUT_TEXT:
    default:
      g_assert_not_reached ();
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&items)), NULL);
  gtk_widget_set_hexpand (dropdown, TRUE);
  return dropdown;
}

/* The group dropdown's position of GROUP, and back. */
static guint
group_position (SdRfmGroup group)
{
  return group == SD_RFM_GROUP_NONE ? SD_RFM_GROUP_N - 1 : (guint) group - 1;
}

static SdRfmGroup
group_at (guint position)
{
  return position >= SD_RFM_GROUP_N - 1 ? SD_RFM_GROUP_NONE : (SdRfmGroup) (position + 1);
}

/* ---- rows ---- */

static void
emit_changed (SdConditionEditor *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
row_edited_cb (Row *row)
{
  SdConditionEditor *self = row->editor;

  if (self->updating)
    return;
  update (self);
  emit_changed (self);
}

static SdConditionOp
row_get_op (Row *row)
{
  guint selected = gtk_drop_down_get_selected (row->op_dropdown);

  return selected < row->n_ops ? row->ops[selected] : row->ops[0];
}

/* Makes the op and value widgets suit FIELD, keeping the op when the field allows it and
 * what was typed when the value is entered the same way. */
static void
row_set_field (Row              *row,
               SdConditionField  field)
{
  SdConditionEditor *self = row->editor;
  SdConditionOp op = row->n_ops > 0 ? row_get_op (row) : SD_CONDITION_OP_GE;
  g_autoptr(GtkStringList) ops = gtk_string_list_new (NULL);
  Input input = field_input (field);
  Input old_input = row->n_ops > 0 ? field_input (row->field) : (Input) -1;
  gboolean was_updating = self->updating;
  guint selected = 0;

  self->updating = TRUE;
  row->n_ops = 0;
  for (SdConditionOp o = 0; o < SD_CONDITION_OP_N; o++)
    if (sd_condition_field_allows_op (field, o))
      {
        if (o == op)
          selected = row->n_ops;
        row->ops[row->n_ops++] = o;
        gtk_string_list_append (ops, op_label (field, o));
      }
  gtk_drop_down_set_model (row->op_dropdown, G_LIST_MODEL (ops));
  gtk_drop_down_set_selected (row->op_dropdown, selected);

  /* A number typed for one number field stays for another; anything else starts afresh. */
  if (row->value == NULL || input != old_input || input != INPUT_NUMBER)
    {
      if (row->value != NULL)
        gtk_box_remove (GTK_BOX (row->value_box), row->value);
      if (input == INPUT_NUMBER || input == INPUT_TEXT)
        {
          row->value = new_value_entry (self, field);
          g_signal_connect_swapped (row->value, "changed", G_CALLBACK (row_edited_cb), row);
        }
      else
        {
          row->value = new_value_dropdown (self, input);
          g_signal_connect_swapped (row->value, "notify::selected", G_CALLBACK (row_edited_cb), row);
        }
      gtk_widget_set_name (row->value, "value");
      gtk_box_append (GTK_BOX (row->value_box), row->value);
    }
  else
    gtk_entry_set_placeholder_text (GTK_ENTRY (row->value), number_placeholder (field));
  row->field = field;
  self->updating = was_updating;
}

static void
row_field_changed_cb (GtkDropDown *dropdown,
                      GParamSpec  *pspec,
                      Row         *row)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected >= SD_CONDITION_FIELD_N || (SdConditionField) selected == row->field)
    return;
  row_set_field (row, (SdConditionField) selected);
  row_edited_cb (row);
}

static void remove_row_cb (Row *row);

static void
row_free (Row *row)
{
  g_free (row);
}

static Row *
add_row (SdConditionEditor *self,
         SdConditionField   field)
{
  Row *row = g_new0 (Row, 1);
  g_autoptr(GtkStringList) fields = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *remove_label = NULL;

  row->editor = self;
  for (SdConditionField f = 0; f < SD_CONDITION_FIELD_N; f++)
    gtk_string_list_append (fields, sd_condition_field_get_label (f));
  row->field_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&fields)), NULL));
  gtk_drop_down_set_selected (row->field_dropdown, field);
  gtk_widget_set_size_request (GTK_WIDGET (row->field_dropdown), 180, -1);
  row->op_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  row->value_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_hexpand (row->value_box, TRUE);
  row->remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (row->remove_button, "flat");
  gtk_widget_set_tooltip_text (row->remove_button, _("Remove Condition"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Condition"), -1);

  /* Named for tests and for the inspector. */
  gtk_widget_set_name (GTK_WIDGET (row->field_dropdown), "field");
  gtk_widget_set_name (GTK_WIDGET (row->op_dropdown), "op");
  gtk_widget_set_name (row->remove_button, "remove");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->field_dropdown));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->op_dropdown));
  gtk_box_append (GTK_BOX (box), row->value_box);
  gtk_box_append (GTK_BOX (box), row->remove_button);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);
  gtk_list_box_append (self->rows_list, row->row);

  row_set_field (row, field);
  g_signal_connect (row->field_dropdown, "notify::selected", G_CALLBACK (row_field_changed_cb), row);
  g_signal_connect_swapped (row->op_dropdown, "notify::selected", G_CALLBACK (row_edited_cb), row);
  g_signal_connect_swapped (row->remove_button, "clicked", G_CALLBACK (remove_row_cb), row);
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
clear_rows (SdConditionEditor *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->rows_list, ((Row *) g_ptr_array_index (self->rows, i))->row);
  g_ptr_array_set_size (self->rows, 0);
}

static void
remove_row_cb (Row *row)
{
  SdConditionEditor *self = row->editor;

  if (self->rows->len <= 1)
    return;
  gtk_list_box_remove (self->rows_list, row->row);
  g_ptr_array_remove (self->rows, row);
  update (self);
  emit_changed (self);
}

/* Shows COMPARE in ROW. */
static void
row_show (Row               *row,
          const SdCondition *compare)
{
  SdConditionField field = sd_condition_get_field (compare);
  SdConditionOp op = sd_condition_get_op (compare);

  gtk_drop_down_set_selected (row->field_dropdown, field);
  row_set_field (row, field);
  for (guint i = 0; i < row->n_ops; i++)
    if (row->ops[i] == op)
      gtk_drop_down_set_selected (row->op_dropdown, i);
  switch (field_input (field))
    {
    case INPUT_NUMBER:
      {
        g_autofree char *text = sd_condition_format_number (field, sd_condition_get_number (compare));
        gtk_editable_set_text (GTK_EDITABLE (row->value), text);
      }
      break;
    case INPUT_TEXT:
      gtk_editable_set_text (GTK_EDITABLE (row->value), sd_condition_get_text (compare));
      break;
    case INPUT_GRADE:
      gtk_drop_down_set_selected (GTK_DROP_DOWN (row->value), (guint) sd_condition_get_number (compare));
      break;
    case INPUT_SCORE:
      gtk_drop_down_set_selected (GTK_DROP_DOWN (row->value), (guint) sd_condition_get_number (compare) - 1);
      break;
    case INPUT_GROUP:
      {
        SdRfmGroup group = SD_RFM_GROUP_NONE;

        sd_rfm_group_from_string (sd_condition_get_text (compare), &group);
        gtk_drop_down_set_selected (GTK_DROP_DOWN (row->value), group_position (group));
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A number as people type it, made into the text language's: "¥1,200" → "1200",
 * "12.5%" → "12.5", full-width digits and point → ASCII. NULL when nothing is left. */
static char *
normalize_number (const char *typed)
{
  GString *out = g_string_new (NULL);

  for (const char *p = typed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF10 && c <= 0xFF19)   /* full-width digits, as Chinese input methods give */
        g_string_append_c (out, (char) ('0' + (c - 0xFF10)));
      else if (c == 0xFF0E || c == 0x3002)   /* full-width point, ideographic full stop */
        g_string_append_c (out, '.');
      else if (c == 0xFF0D)
        g_string_append_c (out, '-');
      else if (c == ',' || c == 0xFF0C || c == 0xA5 || c == 0xFFE5 || c == '%' || c == 0xFF05 ||
               g_unichar_isspace (c))
        continue;
      else
        g_string_append_unichar (out, c);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Only what the text language calls a number gets through to its parser: a value typed in
 * a row is never read as more of the language ("1 or tier = 4"). */
static gboolean
looks_like_number (const char *text)
{
  const char *p = text;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* The core's message without its "at column N: ": a row has no columns. */
static const char *
without_column (const char *message)
{
  const char *rest = strstr (message, ": ");

  return g_str_has_prefix (message, "at column ") && rest != NULL ? rest + 2 : message;
}

/* The row's comparison, or NULL with *ERROR for people and *MARK when the value shown is
 * wrong (as against missing). The number goes through the core's parser so that "500.5"
 * means exactly what it means on the command line. */
static SdCondition *
row_read (Row     *row,
          guint    index,
          char   **error,
          gboolean *mark)
{
  SdConditionField field = row->field;
  SdConditionOp op = row_get_op (row);
  guint selected;

  *mark = FALSE;
  switch (field_input (field))
    {
    case INPUT_NUMBER:
      {
        g_autofree char *number = normalize_number (gtk_editable_get_text (GTK_EDITABLE (row->value)));
        g_autofree char *text = NULL;
        g_autoptr(GError) parse_error = NULL;
        g_autoptr(SdCondition) compare = NULL;

        if (number == NULL)
          {
            *error = g_strdup_printf (_("Row %u: a value is missing"), index + 1);
            return NULL;
          }
        *mark = TRUE;
        if (!looks_like_number (number))
          {
            *error = g_strdup_printf (_("Row %u: “%s” is not a number"), index + 1,
                                      gtk_editable_get_text (GTK_EDITABLE (row->value)));
            return NULL;
          }
        text = g_strdup_printf ("%s %s %s", sd_condition_field_to_string (field), sd_condition_op_to_string (op), number);
        compare = sd_condition_parse (text, &parse_error);
        if (compare == NULL)
          {
            /* TRANSLATORS: the row's number and what is wrong with it */
            *error = g_strdup_printf (_("Row %u: %s"), index + 1, without_column (parse_error->message));
            return NULL;
          }
        *mark = FALSE;
        return g_steal_pointer (&compare);
      }
    case INPUT_TEXT:
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->value))));

        if (*text == '\0')
          {
            *error = g_strdup_printf (_("Row %u: a value is missing"), index + 1);
            return NULL;
          }
        return sd_condition_new_text (field, op, text);
      }
    case INPUT_GRADE:
      selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (row->value));
      return sd_condition_new_number (field, op, MIN (selected, SD_TIER_N_GRADES - 1));
    case INPUT_SCORE:
      selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (row->value));
      return sd_condition_new_number (field, op, MIN (selected, SD_RFM_SCORES - 1) + 1);
    case INPUT_GROUP:
      selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (row->value));
      return sd_condition_new_text (field, op, sd_rfm_group_to_string (group_at (selected)));
    default:
      g_assert_not_reached ();
    }
}

/* The rows as text, each as typed, for the switch to text when they are not complete: what
 * was typed is kept, and the parser then points at what is wrong. */
static char *
rows_as_text (SdConditionEditor *self)
{
  GString *text = g_string_new (NULL);
  const char *join = gtk_drop_down_get_selected (self->match_dropdown) == MATCH_ANY ? " or " : " and ";

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      g_autofree char *error = NULL;
      gboolean mark;
      g_autoptr(SdCondition) compare = row_read (row, i, &error, &mark);

      if (i > 0)
        g_string_append (text, join);
      if (compare != NULL)
        {
          g_autofree char *one = sd_condition_to_string (compare);
          g_string_append (text, one);
        }
      else
        g_string_append_printf (text, "%s %s %s", sd_condition_field_to_string (row->field),
                                sd_condition_op_to_string (row_get_op (row)),
                                gtk_editable_get_text (GTK_EDITABLE (row->value)));
    }
  return g_string_free (text, FALSE);
}

/* ---- reading what is shown ---- */

static void
set_result (SdConditionEditor *self,
            SdCondition       *condition,
            char              *error)
{
  g_clear_pointer (&self->condition, sd_condition_unref);
  g_clear_pointer (&self->error, g_free);
  self->condition = condition;
  self->error = error;
}

static void
read_rows (SdConditionEditor *self)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_condition_unref);
  char *first_error = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      g_autofree char *error = NULL;
      gboolean mark = FALSE;
      SdCondition *compare = row_read (row, i, &error, &mark);

      if (mark)
        {
          gtk_widget_add_css_class (row->value, "error");
          gtk_widget_set_tooltip_text (row->value, error);
        }
      else
        {
          gtk_widget_remove_css_class (row->value, "error");
          gtk_widget_set_tooltip_text (row->value, NULL);
        }
      if (compare != NULL)
        g_ptr_array_add (children, compare);
      else if (first_error == NULL)
        first_error = g_steal_pointer (&error);
    }
  if (first_error != NULL)
    set_result (self, NULL, first_error);
  else if (children->len == 0)
    set_result (self, NULL, g_strdup (_("Add a condition")));
  else
    {
      SdConditionKind kind = gtk_drop_down_get_selected (self->match_dropdown) == MATCH_ANY
                               ? SD_CONDITION_OR : SD_CONDITION_AND;
      guint n = children->len;
      SdCondition **steal = (SdCondition **) g_ptr_array_steal (children, NULL);

      set_result (self, sd_condition_new_all (kind, steal, n), NULL);
      g_free (steal);
    }
}

/* Whether the rows can show CONDITION: one comparison, or all/any of comparisons, each with
 * a value its row's widget can hold. */
static gboolean
compare_fits_row (const SdCondition *compare)
{
  SdConditionField field;
  SdRfmGroup group;

  if (sd_condition_get_kind (compare) != SD_CONDITION_COMPARE)
    return FALSE;
  field = sd_condition_get_field (compare);
  if (field_input (field) == INPUT_GROUP)
    return sd_rfm_group_from_string (sd_condition_get_text (compare), &group);
  return TRUE;
}

static gboolean
fits_rows (const SdCondition *condition)
{
  SdConditionKind kind = sd_condition_get_kind (condition);

  if (kind == SD_CONDITION_COMPARE)
    return compare_fits_row (condition);
  if (kind != SD_CONDITION_AND && kind != SD_CONDITION_OR)
    return FALSE;
  for (guint i = 0; i < sd_condition_get_n_children (condition); i++)
    if (!compare_fits_row (sd_condition_get_child (condition, i)))
      return FALSE;
  return TRUE;
}

/* Underlines the character at COLUMN (1-based; past the end: the last one): the place the
 * message names. */
static void
mark_column (GtkEntry   *entry,
             guint       column)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  glong length = g_utf8_strlen (text, -1);
  g_autoptr(PangoAttrList) attrs = NULL;

  if (column > 0 && length > 0)
    {
      glong at = MIN ((glong) column, length) - 1;
      const char *start = g_utf8_offset_to_pointer (text, at);
      const char *end = g_utf8_next_char (start);
      /* In the text's colour, which the entry's "error" style makes the theme's error colour. */
      PangoAttribute *underline = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);

      attrs = pango_attr_list_new ();
      underline->start_index = (guint) (start - text);
      underline->end_index = (guint) (end - text);
      pango_attr_list_insert (attrs, underline);
    }
  gtk_entry_set_attributes (entry, attrs);
}

static void
read_text (SdConditionEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->text_entry));
  g_autoptr(GError) error = NULL;
  guint column = 0;
  SdCondition *condition;

  if (*text == '\0')
    {
      set_result (self, NULL, g_strdup (_("Type a condition, e.g. total_spent >= 500")));
      mark_column (self->text_entry, 0);
      return;
    }
  condition = sd_condition_parse_full (text, &column, &error);
  set_result (self, condition, condition == NULL ? g_strdup (error->message) : NULL);
  mark_column (self->text_entry, column);
  if (condition == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->text_entry), self->error);
}

/* The one place that reads the widgets and decides what may be switched to. */
static void
update (SdConditionEditor *self)
{
  if (self->text_mode)
    read_text (self);
  else
    read_rows (self);

  gtk_widget_set_visible (self->match_box, !self->text_mode);
  for (guint i = 0; i < self->rows->len; i++)
    gtk_widget_set_sensitive (((Row *) g_ptr_array_index (self->rows, i))->remove_button, self->rows->len > 1);
  /* Rows show a condition only when it fits them; an unfinished text stays text. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->rows_button),
                            !self->text_mode || (self->condition != NULL && fits_rows (self->condition)));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rows_button),
                               !self->text_mode || (self->condition != NULL && fits_rows (self->condition))
                                 ? _("Build the condition row by row")
                                 : self->condition == NULL
                                   ? _("Correct the text first to show it as rows")
                                   : _("Groups in parentheses and “not” can only be edited as text"));
}

/* Fills the rows with CONDITION, which fits them (NULL: one empty row). */
static void
show_rows (SdConditionEditor *self,
           SdCondition       *condition)
{
  gboolean was_updating = self->updating;

  self->updating = TRUE;
  clear_rows (self);
  if (condition == NULL)
    {
      add_row (self, SD_CONDITION_FIELD_TOTAL_SPENT);
      gtk_drop_down_set_selected (self->match_dropdown, MATCH_ALL);
    }
  else if (sd_condition_get_kind (condition) == SD_CONDITION_COMPARE)
    row_show (add_row (self, sd_condition_get_field (condition)), condition);
  else
    {
      gtk_drop_down_set_selected (self->match_dropdown,
                                  sd_condition_get_kind (condition) == SD_CONDITION_OR ? MATCH_ANY : MATCH_ALL);
      for (guint i = 0; i < sd_condition_get_n_children (condition); i++)
        {
          SdCondition *child = sd_condition_get_child (condition, i);
          row_show (add_row (self, sd_condition_get_field (child)), child);
        }
    }
  self->updating = was_updating;
}

static void
set_mode (SdConditionEditor *self,
          gboolean           text_mode)
{
  gboolean was_updating = self->updating;

  self->updating = TRUE;
  self->text_mode = text_mode;
  gtk_toggle_button_set_active (text_mode ? self->text_button : self->rows_button, TRUE);
  gtk_stack_set_visible_child_name (self->mode_stack, text_mode ? "text" : "rows");
  self->updating = was_updating;
}

/* ---- callbacks ---- */

static void
match_changed_cb (SdConditionEditor *self)
{
  if (self->updating)
    return;
  update (self);
  emit_changed (self);
}

static void
add_row_cb (SdConditionEditor *self)
{
  Row *row = add_row (self, SD_CONDITION_FIELD_TOTAL_SPENT);

  update (self);
  emit_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (row->field_dropdown));
}

static void
text_changed_cb (SdConditionEditor *self)
{
  if (self->updating)
    return;
  update (self);
  emit_changed (self);
}

static void
mode_toggled_cb (SdConditionEditor *self)
{
  gboolean text_mode = gtk_toggle_button_get_active (self->text_button);

  if (self->updating || text_mode == self->text_mode)
    return;

  self->updating = TRUE;
  if (text_mode)
    {
      g_autofree char *text = self->condition != NULL ? sd_condition_to_string (self->condition)
                                                      : rows_as_text (self);
      gtk_editable_set_text (GTK_EDITABLE (self->text_entry), text);
    }
  else if (self->condition != NULL && fits_rows (self->condition))
    show_rows (self, self->condition);
  else
    {
      /* Not allowed (the button is insensitive then); stay in text. */
      self->updating = FALSE;
      set_mode (self, TRUE);
      return;
    }
  set_mode (self, text_mode);
  self->updating = FALSE;
  update (self);
  if (text_mode)
    gtk_widget_grab_focus (GTK_WIDGET (self->text_entry));
  emit_changed (self);
}

/* ---- completions ---- */

static void
tags_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SdSession *owner = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (owner, &error);
  GPtrArray *tags = session != NULL ? sd_customers_list_tags (session, &error) : NULL;

  if (tags == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, tags, (GDestroyNotify) g_ptr_array_unref);
}

static void
tags_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdConditionEditor *self = SD_CONDITION_EDITOR (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tags = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->tags_cancellable)
    return;
  g_clear_object (&self->tags_cancellable);
  /* Without the tags, typing one still works: only the suggestions are missing. */
  if (tags == NULL)
    g_debug ("No tag completions: %s", error->message);
  fill_store (self->tags, tags);
}

/* The tags of the shop, listed on a worker thread: on a large shop that is a scan. */
static void
load_tags (SdConditionEditor *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->tags_cancellable != NULL)
    g_cancellable_cancel (self->tags_cancellable);
  g_clear_object (&self->tags_cancellable);
  gtk_list_store_clear (self->tags);
  if (self->session == NULL || !sd_session_can (self->session, SD_PERMISSION_VIEW_CUSTOMERS))
    return;
  self->tags_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->tags_cancellable, tags_done_cb, NULL);
  g_task_set_source_tag (task, load_tags);
  g_task_set_task_data (task, g_object_ref (self->session), g_object_unref);
  g_task_run_in_thread (task, tags_thread);
}

static void
load_grade_names (SdConditionEditor *self)
{
  g_autoptr(SdTierLadder) ladder = NULL;

  if (self->session != NULL && sd_session_can (self->session, SD_PERMISSION_VIEW_CUSTOMERS))
    ladder = sd_tiers_get_ladder (self->session, NULL);
  for (int i = 0; i < SD_TIER_N_GRADES; i++)
    {
      g_free (self->grade_labels[i]);
      /* TRANSLATORS: a tier in the condition editor: its grade and its name */
      self->grade_labels[i] = g_strdup_printf (_("%d · %s"), i,
                                               ladder != NULL ? sd_tier_ladder_get_name (ladder, i)
                                                              : sd_tier_grade_default_name (i));
    }
}

/* The grade dropdowns say the shop's names for the grades, keeping the grade chosen. */
static void
refresh_grades (SdConditionEditor *self)
{
  gboolean was_updating = self->updating;

  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      GtkDropDown *dropdown = GTK_IS_DROP_DOWN (row->value) ? GTK_DROP_DOWN (row->value) : NULL;
      guint selected;

      if (field_input (row->field) != INPUT_GRADE || dropdown == NULL)
        continue;
      selected = gtk_drop_down_get_selected (dropdown);
      gtk_string_list_splice (GTK_STRING_LIST (gtk_drop_down_get_model (dropdown)), 0, SD_TIER_N_GRADES,
                              (const char * const *) self->grade_labels);
      gtk_drop_down_set_selected (dropdown, selected);
    }
  self->updating = was_updating;
}

static void
fill_places (SdConditionEditor *self)
{
  g_autoptr(GPtrArray) provinces = g_ptr_array_new ();
  g_autoptr(GPtrArray) cities = g_ptr_array_new ();

  for (guint p = 0; p < sd_address_get_n_provinces (); p++)
    {
      g_ptr_array_add (provinces, (gpointer) sd_address_get_province (p));
      for (guint c = 0; c < sd_address_get_n_cities (p); c++)
        g_ptr_array_add (cities, (gpointer) sd_address_get_city (p, c));
    }
  fill_store (self->provinces, provinces);
  fill_store (self->cities, cities);
}

/* ---- the object ---- */

static void
sd_condition_editor_dispose (GObject *object)
{
  SdConditionEditor *self = SD_CONDITION_EDITOR (object);

  if (self->tags_cancellable != NULL)
    g_cancellable_cancel (self->tags_cancellable);
  g_clear_object (&self->tags_cancellable);
  g_clear_object (&self->session);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CONDITION_EDITOR);
  G_OBJECT_CLASS (sd_condition_editor_parent_class)->dispose (object);
}

static void
sd_condition_editor_finalize (GObject *object)
{
  SdConditionEditor *self = SD_CONDITION_EDITOR (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->condition, sd_condition_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_object (&self->tags);
  g_clear_object (&self->provinces);
  g_clear_object (&self->cities);
  for (int i = 0; i < SD_TIER_N_GRADES; i++)
    g_free (self->grade_labels[i]);
  G_OBJECT_CLASS (sd_condition_editor_parent_class)->finalize (object);
}

static void
sd_condition_editor_class_init (SdConditionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_condition_editor_dispose;
  object_class->finalize = sd_condition_editor_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-condition-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SdConditionEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, SdConditionEditor, match_box);
  gtk_widget_class_bind_template_child (widget_class, SdConditionEditor, match_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdConditionEditor, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, SdConditionEditor, rows_button);
  gtk_widget_class_bind_template_child (widget_class, SdConditionEditor, rows_list);
  gtk_widget_class_bind_template_child (widget_class, SdConditionEditor, text_button);
  gtk_widget_class_bind_template_child (widget_class, SdConditionEditor, text_entry);
  gtk_widget_class_bind_template_callback (widget_class, add_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, match_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
}

static void
sd_condition_editor_init (SdConditionEditor *self)
{
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->tags = gtk_list_store_new (1, G_TYPE_STRING);
  self->provinces = gtk_list_store_new (1, G_TYPE_STRING);
  self->cities = gtk_list_store_new (1, G_TYPE_STRING);
  fill_places (self);
  load_grade_names (self);
  show_rows (self, NULL);
  update (self);
}

/* ---- public API ---- */

GtkWidget *
sd_condition_editor_new (void)
{
  return g_object_new (SD_TYPE_CONDITION_EDITOR, NULL);
}

void
sd_condition_editor_set_session (SdConditionEditor *self,
                                 SdSession         *session)
{
  g_return_if_fail (SD_IS_CONDITION_EDITOR (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  load_grade_names (self);
  load_tags (self);
  refresh_grades (self);
}

void
sd_condition_editor_set_condition (SdConditionEditor *self,
                                   SdCondition       *condition)
{
  g_return_if_fail (SD_IS_CONDITION_EDITOR (self));

  self->updating = TRUE;
  if (condition == NULL || fits_rows (condition))
    {
      show_rows (self, condition);
      set_mode (self, FALSE);
    }
  else
    {
      g_autofree char *text = sd_condition_to_string (condition);

      gtk_editable_set_text (GTK_EDITABLE (self->text_entry), text);
      set_mode (self, TRUE);
    }
  self->updating = FALSE;
  update (self);
  emit_changed (self);
}

SdCondition *
sd_condition_editor_get_condition (SdConditionEditor *self)
{
  g_return_val_if_fail (SD_IS_CONDITION_EDITOR (self), NULL);

  return self->condition != NULL ? sd_condition_ref (self->condition) : NULL;
}

const char *
sd_condition_editor_get_error (SdConditionEditor *self)
{
  g_return_val_if_fail (SD_IS_CONDITION_EDITOR (self), NULL);

  return self->error;
}

/* One comparison in words. */
static char *
describe_compare (const SdCondition  *compare,
                  const SdTierLadder *ladder)
{
  SdConditionField field = sd_condition_get_field (compare);
  gint64 number = sd_condition_get_number (compare);
  g_autofree char *value = NULL;
  SdRfmGroup group = SD_RFM_GROUP_NONE;

  switch (field_input (field))
    {
    case INPUT_TEXT:
      /* TRANSLATORS: a text value in a condition, quoted */
      value = g_strdup_printf (_("“%s”"), sd_condition_get_text (compare));
      break;
    case INPUT_GROUP:
      sd_rfm_group_from_string (sd_condition_get_text (compare), &group);
      value = g_strdup (group == SD_RFM_GROUP_NONE ? _("Not scored") : sd_rfm_group_get_label (group));
      break;
    case INPUT_GRADE:
      value = g_strdup (ladder != NULL ? sd_tier_ladder_get_name (ladder, (int) number)
                                       : sd_tier_grade_default_name ((int) number));
      break;
    case INPUT_NUMBER:
    case INPUT_SCORE:
    default:
      if (sd_condition_field_get_value_kind (field) == SD_CONDITION_VALUE_MONEY)
        value = sd_format_money_display (number);
      else if (sd_condition_field_get_value_kind (field) == SD_CONDITION_VALUE_PERCENT)
        {
          g_autofree char *percent = sd_condition_format_number (field, number);
          value = g_strdup_printf ("%s%%", percent);
        }
      else
        value = sd_format_count (number);
      break;
    }
  /* TRANSLATORS: a condition in words: the field, the operator and the value,
   * e.g. "Total spent (yuan) ≥ ¥500.00", "Tag has “老客”" */
  return g_strdup_printf (_("%s %s %s"), sd_condition_field_get_label (field),
                          op_label (field, sd_condition_get_op (compare)), value);
}

char *
sd_condition_editor_describe (const SdCondition  *condition,
                              const SdTierLadder *ladder)
{
  g_autofree char *text = NULL;
  gboolean any;

  g_return_val_if_fail (condition != NULL, NULL);

  if (!fits_rows (condition))
    return sd_condition_to_string (condition);
  if (sd_condition_get_kind (condition) == SD_CONDITION_COMPARE)
    return describe_compare (condition, ladder);
  any = sd_condition_get_kind (condition) == SD_CONDITION_OR;
  for (guint i = 0; i < sd_condition_get_n_children (condition); i++)
    {
      g_autofree char *one = describe_compare (sd_condition_get_child (condition, i), ladder);
      char *joined;

      if (text == NULL)
        {
          text = g_steal_pointer (&one);
          continue;
        }
      if (any)
        /* TRANSLATORS: conditions of which one is enough */
        joined = g_strdup_printf (_("%s or %s"), text, one);
      else
        /* TRANSLATORS: conditions that must all hold */
        joined = g_strdup_printf (_("%s and %s"), text, one);
      g_free (text);
      text = joined;
    }
  return g_steal_pointer (&text);
}
