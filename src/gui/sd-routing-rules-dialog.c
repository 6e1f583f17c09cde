/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-routing-rules-dialog"

#include <glib/gi18n.h>

#include "sd-chat-admin.h"
#include "sd-message.h"
#include "sd-router.h"
#include "sd-routing-rules-dialog.h"
#include "sd-staff.h"

struct _SdRoutingRulesDialog
{
  AdwWindow            parent_instance;

  SdSession           *session;
  gboolean             manager;          /* may change the rules */
  GPtrArray           *rules;            /* SdRoutingRule *, without the last ("any") one */
  gint64               any_department;
  GArray              *department_ids;   /* gint64, in the department models' order */
  GPtrArray           *department_names; /* char *, the same order */
  int                  expanded;         /* the rule to show open after a rebuild, or -1 */

  GtkButton           *add_button;
  GtkButton           *cancel_button;
  AdwComboRow         *any_row;
  AdwPreferencesGroup *message_group;
  GtkLabel            *message_label;
  GtkListBox          *rules_list;
  GtkButton           *save_button;
};

G_DEFINE_FINAL_TYPE (SdRoutingRulesDialog, sd_routing_rules_dialog, ADW_TYPE_WINDOW)

/* The matches a rule above the last may have, in the match rows' order. */
static const SdRoutingMatch row_matches[] = { SD_ROUTING_AFTER_SALES_ORDER, SD_ROUTING_KEYWORD };

/* ---- helpers ---- */

static void
show_message (SdRoutingRulesDialog *self,
              const char           *message,
              gboolean              error)
{
  sd_message_show_in_group (self->message_group, self->message_label, message, error);
}

static GtkStringList *
department_model (SdRoutingRulesDialog *self)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->department_names->len; i++)
    gtk_string_list_append (names, g_ptr_array_index (self->department_names, i));
  return names;
}

static guint
department_position (SdRoutingRulesDialog *self,
                     gint64                id)
{
  for (guint i = 0; i < self->department_ids->len; i++)
    if (g_array_index (self->department_ids, gint64, i) == id)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static gint64
department_at (SdRoutingRulesDialog *self,
               guint                 position)
{
  return position < self->department_ids->len ? g_array_index (self->department_ids, gint64, position) : 0;
}

/* Every department listed, then any a rule names that the account may not list. */
static void
add_department (SdRoutingRulesDialog *self,
                GPtrArray            *departments,
                gint64                id)
{
  if (id <= 0 || department_position (self, id) != GTK_INVALID_LIST_POSITION)
    return;
  g_array_append_val (self->department_ids, id);
  g_ptr_array_add (self->department_names, sd_chat_admin_department_name (departments, id));
}

static char *
rule_title (const SdRoutingRule *rule,
            guint                number)
{
  if (rule->match == SD_ROUTING_KEYWORD)
    {
      g_autofree char *words = g_strdup (rule->pattern);

      g_strstrip (words);
      if (*words == '\0')
        /* TRANSLATORS: a routing rule's title; %u is its number */
        return g_strdup_printf (_("%u. The first message holds a keyword (none given yet)"), number);
      /* TRANSLATORS: a routing rule's title; %u is its number, %s its words like 退货|退款 */
      return g_strdup_printf (_("%u. The first message holds %s"), number, words);
    }
  /* TRANSLATORS: a routing rule's title; %u is its number */
  return g_strdup_printf (_("%u. The buyer has an order in after-sales"), number);
}

static void
update_row_text (SdRoutingRulesDialog *self,
                 AdwExpanderRow       *row,
                 guint                 index)
{
  const SdRoutingRule *rule = g_ptr_array_index (self->rules, index);
  g_autofree char *title = rule_title (rule, index + 1);
  guint position = department_position (self, rule->department_id);
  /* TRANSLATORS: where a routing rule sends a chat; %s is a department */
  g_autofree char *subtitle = g_strdup_printf (_("To %s"), position != GTK_INVALID_LIST_POSITION
                                                           ? (char *) g_ptr_array_index (self->department_names,
                                                                                         position)
                                                           : _("no department yet"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (row, subtitle);
}

static guint
row_index (GtkWidget *widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "index"));
}

static AdwExpanderRow *
owning_row (GtkWidget *widget)
{
  return ADW_EXPANDER_ROW (gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW));
}

static void rebuild (SdRoutingRulesDialog *self);

/* ---- callbacks ---- */

static void
match_changed_cb (AdwComboRow          *combo,
                  GParamSpec           *pspec,
                  SdRoutingRulesDialog *self)
{
  guint index = row_index (GTK_WIDGET (combo));
  SdRoutingRule *rule = g_ptr_array_index (self->rules, index);
  guint selected = adw_combo_row_get_selected (combo);
  GtkWidget *keywords = g_object_get_data (G_OBJECT (combo), "keywords");

  if (selected >= G_N_ELEMENTS (row_matches))
    return;
  rule->match = row_matches[selected];
  gtk_widget_set_visible (keywords, rule->match == SD_ROUTING_KEYWORD);
  update_row_text (self, owning_row (GTK_WIDGET (combo)), index);
}

static void
keywords_changed_cb (GtkEditable          *editable,
                     SdRoutingRulesDialog *self)
{
  guint index = row_index (GTK_WIDGET (editable));
  SdRoutingRule *rule = g_ptr_array_index (self->rules, index);

  g_free (rule->pattern);
  rule->pattern = g_strdup (gtk_editable_get_text (editable));
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  update_row_text (self, owning_row (GTK_WIDGET (editable)), index);
}

static void
department_changed_cb (AdwComboRow          *combo,
                       GParamSpec           *pspec,
                       SdRoutingRulesDialog *self)
{
  guint index = row_index (GTK_WIDGET (combo));
  SdRoutingRule *rule = g_ptr_array_index (self->rules, index);

  rule->department_id = department_at (self, adw_combo_row_get_selected (combo));
  update_row_text (self, owning_row (GTK_WIDGET (combo)), index);
}

static void
move_cb (GtkButton            *button,
         SdRoutingRulesDialog *self)
{
  guint index = row_index (GTK_WIDGET (button));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));
  guint other = index + delta;
  SdRoutingRule *rule;

  if (other >= self->rules->len)
    return;
  rule = self->rules->pdata[index];
  self->rules->pdata[index] = self->rules->pdata[other];
  self->rules->pdata[other] = rule;
  self->expanded = adw_expander_row_get_expanded (owning_row (GTK_WIDGET (button))) ? (int) other : -1;
  rebuild (self);
  show_message (self, NULL, FALSE);
}

static void
remove_cb (GtkButton            *button,
           SdRoutingRulesDialog *self)
{
  g_ptr_array_remove_index (self->rules, row_index (GTK_WIDGET (button)));
  self->expanded = -1;
  rebuild (self);
  show_message (self, NULL, FALSE);
}

static void
any_changed_cb (SdRoutingRulesDialog *self)
{
  self->any_department = department_at (self, adw_combo_row_get_selected (self->any_row));
}

static void
add_cb (SdRoutingRulesDialog *self)
{
  /* A keyword rule: the after-sales one usually exists already. */
  g_ptr_array_add (self->rules, sd_routing_rule_new (SD_ROUTING_KEYWORD, "", department_at (self, 0)));
  self->expanded = (int) self->rules->len - 1;
  rebuild (self);
  show_message (self, NULL, FALSE);
}

/* The rules as they stand, the "any" one last. */
static GPtrArray *
collect (SdRoutingRulesDialog *self)
{
  GPtrArray *rules = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_routing_rule_free);

  for (guint i = 0; i < self->rules->len; i++)
    {
      const SdRoutingRule *rule = g_ptr_array_index (self->rules, i);
      g_autofree char *pattern = g_strstrip (g_strdup (rule->match == SD_ROUTING_KEYWORD ? rule->pattern : ""));

      g_ptr_array_add (rules, sd_routing_rule_new (rule->match, pattern, rule->department_id));
    }
  g_ptr_array_add (rules, sd_routing_rule_new (SD_ROUTING_ANY, "", self->any_department));
  return rules;
}

/* Marks the keyword fields left without a word, where the check's complaint points. */
static void
mark_empty_keywords (SdRoutingRulesDialog *self)
{
  for (guint i = 0; i < self->rules->len; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->rules_list, (int) i);
      const SdRoutingRule *rule = g_ptr_array_index (self->rules, i);
      GtkWidget *keywords = row != NULL ? g_object_get_data (G_OBJECT (row), "keywords") : NULL;
      g_autofree char *words = g_strstrip (g_strdup (rule->pattern));
      g_autofree char *bars = g_strdelimit (g_strdup (words), "| ", ' ');

      if (keywords == NULL || rule->match != SD_ROUTING_KEYWORD || *g_strstrip (bars) != '\0')
        continue;
      gtk_widget_add_css_class (keywords, "error");
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    }
}

static void
save_cb (SdRoutingRulesDialog *self)
{
  g_autoptr(GPtrArray) rules = collect (self);
  g_autoptr(GError) error = NULL;

  if (!self->manager)
    return;
  if (!sd_routing_rules_check (rules, &error))
    {
      show_message (self, error->message, TRUE);
      mark_empty_keywords (self);
      return;
    }
  if (!sd_routing_rules_replace (self->session, rules, &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- rows ---- */

static GtkWidget *
action_button (SdRoutingRulesDialog *self,
               guint                 index,
               const char           *icon,
               const char           *tooltip,
               const char           *name,
               GCallback             callback)
{
  GtkWidget *button = sd_chat_admin_row_button (icon, tooltip, name);

  gtk_widget_set_sensitive (button, self->manager);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
rule_row (SdRoutingRulesDialog *self,
          guint                 index)
{
  const SdRoutingRule *rule = g_ptr_array_index (self->rules, index);
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  g_autofree char *name = g_strdup_printf ("rule-%u", index + 1);
  g_autoptr(GtkStringList) matches = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) departments = department_model (self);
  GtkWidget *match = adw_combo_row_new ();
  GtkWidget *keywords = adw_entry_row_new ();
  GtkWidget *department = adw_combo_row_new ();
  GtkWidget *fields[] = { match, keywords, department };
  GtkWidget *up, *down;
  guint position;

  gtk_widget_set_name (GTK_WIDGET (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  gtk_string_list_append (matches, _("After-sales order"));
  gtk_string_list_append (matches, _("Keywords"));
  gtk_widget_set_name (match, "match_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (match), _("Match"));
  adw_combo_row_set_model (ADW_COMBO_ROW (match), G_LIST_MODEL (matches));
  adw_combo_row_set_selected (ADW_COMBO_ROW (match), rule->match == SD_ROUTING_KEYWORD ? 1 : 0);

  gtk_widget_set_name (keywords, "keywords_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (keywords),
                                 _("Keywords, separated by |, such as 退货|退款|refund"));
  gtk_editable_set_text (GTK_EDITABLE (keywords), rule->pattern);
  gtk_widget_set_visible (keywords, rule->match == SD_ROUTING_KEYWORD);

  gtk_widget_set_name (department, "department_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (department), _("Department"));
  adw_combo_row_set_model (ADW_COMBO_ROW (department), G_LIST_MODEL (departments));
  position = department_position (self, rule->department_id);
  adw_combo_row_set_selected (ADW_COMBO_ROW (department), position);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_object_set_data (G_OBJECT (fields[i]), "index", GUINT_TO_POINTER (index));
      gtk_widget_set_sensitive (fields[i], self->manager);
      adw_expander_row_add_row (row, fields[i]);
    }
  g_object_set_data (G_OBJECT (match), "keywords", keywords);
  g_object_set_data (G_OBJECT (row), "keywords", keywords);
  g_signal_connect_object (match, "notify::selected", G_CALLBACK (match_changed_cb), self, 0);
  g_signal_connect_object (keywords, "changed", G_CALLBACK (keywords_changed_cb), self, 0);
  g_signal_connect_object (department, "notify::selected", G_CALLBACK (department_changed_cb), self, 0);

  up = action_button (self, index, "go-up-symbolic", _("Move Up"), "up_button", G_CALLBACK (move_cb));
  down = action_button (self, index, "go-down-symbolic", _("Move Down"), "down_button", G_CALLBACK (move_cb));
  g_object_set_data (G_OBJECT (up), "delta", GINT_TO_POINTER (-1));
  g_object_set_data (G_OBJECT (down), "delta", GINT_TO_POINTER (1));
  gtk_widget_set_sensitive (up, self->manager && index > 0);
  /* The last rule above "any" stays above it: "any" is always last. */
  gtk_widget_set_sensitive (down, self->manager && index + 1 < self->rules->len);
  /* Each action goes before those added earlier: added from the end. */
  adw_expander_row_add_action (row, action_button (self, index, "user-trash-symbolic", _("Remove Rule"),
                                                   "remove_button", G_CALLBACK (remove_cb)));
  adw_expander_row_add_action (row, down);
  adw_expander_row_add_action (row, up);
  update_row_text (self, row, index);
  adw_expander_row_set_expanded (row, (int) index == self->expanded);
  return GTK_WIDGET (row);
}

static void
rebuild (SdRoutingRulesDialog *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->rules_list, 0)) != NULL)
    gtk_list_box_remove (self->rules_list, GTK_WIDGET (row));
  for (guint i = 0; i < self->rules->len; i++)
    gtk_list_box_append (self->rules_list, rule_row (self, i));
  self->expanded = -1;
}

static void
load (SdRoutingRulesDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = sd_routing_rules_list (self->session, &error);
  g_autoptr(GPtrArray) departments = sd_chat_admin_departments (self->session);
  g_autoptr(GtkStringList) names = NULL;
  guint position;

  for (guint i = 0; i < departments->len; i++)
    add_department (self, departments, ((SdDepartment *) g_ptr_array_index (departments, i))->id);
  if (rules == NULL)
    {
      show_message (self, error->message, TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->any_row), FALSE);
      return;
    }
  for (guint i = 0; i < rules->len; i++)
    {
      SdRoutingRule *rule = g_ptr_array_index (rules, i);

      add_department (self, departments, rule->department_id);
      if (rule->match == SD_ROUTING_ANY)
        self->any_department = rule->department_id;
      else
        g_ptr_array_add (self->rules, sd_routing_rule_new (rule->match, rule->pattern, rule->department_id));
    }
  names = department_model (self);
  /* Setting the model selects its first item, which any_changed_cb () would take. */
  position = department_position (self, self->any_department);
  adw_combo_row_set_model (self->any_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->any_row, position);
  self->any_department = department_at (self, position);
  rebuild (self);
}

/* ---- the object ---- */

static void
sd_routing_rules_dialog_dispose (GObject *object)
{
  SdRoutingRulesDialog *self = SD_ROUTING_RULES_DIALOG (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_ROUTING_RULES_DIALOG);
  G_OBJECT_CLASS (sd_routing_rules_dialog_parent_class)->dispose (object);
}

static void
sd_routing_rules_dialog_finalize (GObject *object)
{
  SdRoutingRulesDialog *self = SD_ROUTING_RULES_DIALOG (object);

  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->department_ids, g_array_unref);
  g_clear_pointer (&self->department_names, g_ptr_array_unref);
  G_OBJECT_CLASS (sd_routing_rules_dialog_parent_class)->finalize (object);
}

static void
sd_routing_rules_dialog_class_init (SdRoutingRulesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_routing_rules_dialog_dispose;
  object_class->finalize = sd_routing_rules_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-routing-rules-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdRoutingRulesDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SdRoutingRulesDialog, any_row);
  gtk_widget_class_bind_template_child (widget_class, SdRoutingRulesDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SdRoutingRulesDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, SdRoutingRulesDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdRoutingRulesDialog, rules_list);
  gtk_widget_class_bind_template_child (widget_class, SdRoutingRulesDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, add_cb);
  gtk_widget_class_bind_template_callback (widget_class, any_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_routing_rules_dialog_init (SdRoutingRulesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_routing_rule_free);
  self->department_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->department_names = g_ptr_array_new_with_free_func (g_free);
  self->expanded = -1;
}

/* ---- public API ---- */

GtkWidget *
sd_routing_rules_dialog_new (GtkWindow *parent,
                             SdSession *session)
{
  SdRoutingRulesDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_ROUTING_RULES_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->manager = sd_chat_admin_is_manager (session);
  load (self);
  if (!self->manager)
    {
      show_message (self, _("Only a manager can change the routing rules: you can read them here."), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->save_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->add_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->any_row), FALSE);
      gtk_button_set_label (self->cancel_button, _("_Close"));
    }
  return GTK_WIDGET (self);
}
