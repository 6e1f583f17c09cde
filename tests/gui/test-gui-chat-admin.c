/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-agents-dialog.h"
#include "sd-agents.h"
#include "sd-error.h"
#include "sd-gui-test-util.h"
#include "sd-quick-replies-dialog.h"
#include "sd-quick-replies.h"
#include "sd-router.h"
#include "sd-routing-rules-dialog.h"
#include "sd-staff.h"
#include "sd-test-util.h"

/* The quick replies, routing rules and agents dialogs (issue 9), driven as a person would,
 * each change checked through the core. */

typedef struct
{
  SdGuiTestShop  shop;
  SdSession     *agent;      /* 小王: conversations.own only, in department 1 */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  sd_gui_test_shop_set_up (&f->shop, gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  f->agent = sd_test_staff_session (f->shop.owner, "小王", SD_PERMISSION_BIT (SD_PERMISSION_CONVERSATIONS_OWN));
  sd_gui_test_present (f->shop.window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->agent);
  sd_gui_test_shop_tear_down (&f->shop);
}

static GtkWindow *
open_dialog (Fixture   *f,
             GtkWidget *(*new_dialog) (GtkWindow *, SdSession *),
             SdSession *session)
{
  GtkWindow *dialog = GTK_WINDOW (new_dialog (f->shop.window, session));

  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_true (gtk_window_get_transient_for (dialog) == f->shop.window);
  sd_gui_test_present (dialog);
  return dialog;
}

static gint64
add_reply (SdSession         *session,
           SdQuickReplyScope  scope,
           gint64             department_id,
           const char        *shortcut,
           const char        *text)
{
  g_autoptr(SdQuickReply) reply = sd_quick_reply_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  reply->scope = scope;
  reply->department_id = department_id;
  g_free (reply->shortcut);
  reply->shortcut = g_strdup (shortcut);
  g_free (reply->text);
  reply->text = g_strdup (text);
  id = sd_quick_replies_add (session, reply, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static guint
count_replies (SdSession *session)
{
  g_autoptr(GPtrArray) replies = sd_quick_replies_list (session, NULL, NULL);

  g_assert_nonnull (replies);
  return replies != NULL ? replies->len : 0;
}

static void
set_text (GtkWidget  *dialog,
          const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (sd_gui_test_get (dialog, GTK_TYPE_TEXT_VIEW, "text_view"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

typedef struct
{
  GtkWidget  *root;
  GType       type;
  const char *name;
} FindWait;

static gboolean
found (gpointer data)
{
  FindWait *wait = data;

  return sd_gui_test_find (wait->root, wait->type, wait->name) != NULL;
}

/* A button's "clicked" comes 250 ms after gtk_widget_activate (): spins until its effect,
 * a widget of TYPE named NAME, shows under ROOT. */
static GtkWidget *
wait_find (gpointer    root,
           GType       type,
           const char *name)
{
  FindWait wait = { GTK_WIDGET (root), type, name };

  g_assert_true (sd_gui_test_wait_for (found, &wait, 3000));
  return sd_gui_test_get (root, type, name);
}

static gboolean
editor_open (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "edit") == 0;
}

/* A shortcut the scope already has: said at the field, while typing when the account
 * sees the other reply, on saving when only the core does. */
static void
test_duplicate_shortcut (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SdDepartment) aftersales = sd_departments_find (f->shop.owner, "aftersales", NULL);
  GtkWindow *dialog;
  GtkWidget *shortcut, *error_label, *save;
  AdwComboRow *scope;
  g_autofree char *department_label = NULL;
  guint before;

  add_reply (f->shop.owner, SD_QUICK_REPLY_PERSONAL, 0, "hi", "您好，在的");
  /* A department the owner is not in: the owner's list does not show its replies. */
  add_reply (f->shop.owner, SD_QUICK_REPLY_DEPARTMENT, aftersales->id, "ship", "已经发货了");
  before = count_replies (f->shop.owner);

  dialog = open_dialog (f, sd_quick_replies_dialog_new, f->shop.owner);
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "add_button"));
  g_assert_true (sd_gui_test_wait_for (editor_open, sd_gui_test_get (dialog, GTK_TYPE_STACK, "stack"), 2000));
  shortcut = sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "shortcut_row");
  error_label = sd_gui_test_get (dialog, GTK_TYPE_LABEL, "shortcut_error");
  save = sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button");
  set_text (GTK_WIDGET (dialog), "您好");
  g_assert_true (gtk_widget_get_sensitive (save));

  /* Personal, the first choice: /HI is /hi, compared without case. */
  gtk_editable_set_text (GTK_EDITABLE (shortcut), "/HI");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "/HI"));
  g_assert_true (gtk_widget_has_css_class (shortcut, "error"));
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Characters a shortcut may not have. */
  gtk_editable_set_text (GTK_EDITABLE (shortcut), "发货");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_get_sensitive (save));

  /* /ship in the after-sales department: only the core knows, and says so at the field. */
  scope = ADW_COMBO_ROW (sd_gui_test_get (dialog, ADW_TYPE_COMBO_ROW, "scope_row"));
  department_label = g_strdup_printf (_("Department: %s"), aftersales->name);
  for (guint i = 0; i < g_list_model_get_n_items (adw_combo_row_get_model (scope)); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (adw_combo_row_get_model (scope), i);
      if (g_strcmp0 (gtk_string_object_get_string (item), department_label) == 0)
        adw_combo_row_set_selected (scope, i);
    }
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (adw_combo_row_get_selected_item (scope))), ==,
                   department_label);
  gtk_editable_set_text (GTK_EDITABLE (shortcut), "ship");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_widget_activate (save);
  g_assert_true (sd_gui_test_wait_for (widget_visible, error_label, 2000));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "ship"));
  g_assert_true (gtk_widget_has_css_class (shortcut, "error"));
  /* Still in the editor, nothing typed lost, nothing added. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (shortcut)), ==, "ship");
  g_assert_cmpuint (count_replies (f->shop.owner), ==, before);
}

typedef struct
{
  SdSession  *session;
  gint64      id;
  const char *text;    /* NULL: the reply is gone */
} ReplyWait;

static gboolean
reply_is (gpointer data)
{
  ReplyWait *wait = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdQuickReply) reply = sd_quick_replies_get (wait->session, wait->id, &error);

  if (wait->text == NULL)
    return reply == NULL && g_error_matches (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  return reply != NULL && g_strcmp0 (reply->text, wait->text) == 0;
}

static gint64
find_reply (SdSession  *session,
            const char *shortcut)
{
  g_autoptr(GPtrArray) replies = sd_quick_replies_list (session, NULL, NULL);

  for (guint i = 0; replies != NULL && i < replies->len; i++)
    {
      SdQuickReply *reply = g_ptr_array_index (replies, i);
      if (g_strcmp0 (reply->shortcut, shortcut) == 0)
        return reply->id;
    }
  return 0;
}

typedef struct
{
  SdSession  *session;
  const char *shortcut;
} ShortcutWait;

static gboolean
reply_exists (gpointer data)
{
  ShortcutWait *wait = data;

  return find_reply (wait->session, wait->shortcut) != 0;
}

static gboolean
editor_closed (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (data), "list") == 0;
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_add_edit_remove (Fixture       *f,
                      gconstpointer  data)
{
  GtkWindow *dialog = open_dialog (f, sd_quick_replies_dialog_new, f->agent);
  GtkStack *stack = GTK_STACK (sd_gui_test_get (dialog, GTK_TYPE_STACK, "stack"));
  ShortcutWait added = { f->agent, "hello" };
  g_autoptr(SdQuickReply) reply = NULL;
  g_autofree char *row_name = NULL;
  ReplyWait wait = { f->agent, 0, "亲，{name}，订单 {order_id} 已发货" };
  GtkWidget *row;

  /* Empty: says what to do. */
  g_assert_cmpstr (
    gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_get (dialog, GTK_TYPE_STACK, "list_stack"))), ==, "empty");

  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "add_button"));
  g_assert_true (sd_gui_test_wait_for (editor_open, stack, 2000));
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "group_row")), "问候");
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "shortcut_row")), "hello");
  set_text (GTK_WIDGET (dialog), "您好");
  /* The placeholder buttons insert at the cursor, here the end. */
  gtk_widget_activate (
    sd_gui_test_get (sd_gui_test_get (dialog, GTK_TYPE_BOX, "placeholders_box"), GTK_TYPE_BUTTON, "name"));
  g_assert_true (gtk_widget_get_sensitive (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button")));
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button"));
  g_assert_true (sd_gui_test_wait_for (reply_exists, &added, 3000));
  g_assert_true (sd_gui_test_wait_for (editor_closed, stack, 2000));

  wait.id = find_reply (f->agent, "hello");
  reply = sd_quick_replies_get (f->agent, wait.id, NULL);
  g_assert_cmpint (reply->scope, ==, SD_QUICK_REPLY_PERSONAL);
  g_assert_cmpint (reply->staff_id, ==, sd_session_get_staff_id (f->agent));
  g_assert_cmpstr (reply->group, ==, "问候");
  g_assert_cmpstr (reply->text, ==, "您好{name}");

  /* Listed under its group, with its edit button. */
  row_name = g_strdup_printf ("reply-%" G_GINT64_FORMAT, wait.id);
  row =
    sd_gui_test_get (sd_gui_test_get (dialog, ADW_TYPE_PREFERENCES_GROUP, "group-问候"), ADW_TYPE_ACTION_ROW, row_name);
  gtk_widget_activate (sd_gui_test_get (row, GTK_TYPE_BUTTON, "edit_button"));
  g_assert_true (sd_gui_test_wait_for (editor_open, stack, 2000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "shortcut_row"))),
                   ==, "hello");
  /* Its own shortcut is no conflict. */
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (dialog, GTK_TYPE_LABEL, "shortcut_error")));
  set_text (GTK_WIDGET (dialog), wait.text);
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button"));
  g_assert_true (sd_gui_test_wait_for (reply_is, &wait, 3000));
  g_assert_true (sd_gui_test_wait_for (editor_closed, stack, 2000));

  /* Search finds it by its text, and nothing for other words. */
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, GTK_TYPE_SEARCH_ENTRY, "search_entry")), "已发货");
  g_signal_emit_by_name (sd_gui_test_get (dialog, GTK_TYPE_SEARCH_ENTRY, "search_entry"), "search-changed");
  g_assert_nonnull (sd_gui_test_find (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, row_name));
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, GTK_TYPE_SEARCH_ENTRY, "search_entry")), "退款");
  g_signal_emit_by_name (sd_gui_test_get (dialog, GTK_TYPE_SEARCH_ENTRY, "search_entry"), "search-changed");
  g_assert_cmpstr (
    gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_get (dialog, GTK_TYPE_STACK, "list_stack"))), ==,
    "no-match");
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, GTK_TYPE_SEARCH_ENTRY, "search_entry")), "");
  g_signal_emit_by_name (sd_gui_test_get (dialog, GTK_TYPE_SEARCH_ENTRY, "search_entry"), "search-changed");

  /* Removing asks first. */
  row = sd_gui_test_get (dialog, ADW_TYPE_ACTION_ROW, row_name);
  gtk_widget_activate (sd_gui_test_get (row, GTK_TYPE_BUTTON, "remove_button"));
  {
    AdwMessageDialog *confirm = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_true (reply_is (&wait));
    respond (confirm, "remove");
  }
  wait.text = NULL;
  g_assert_true (sd_gui_test_wait_for (reply_is, &wait, 3000));
  g_assert_null (sd_gui_test_find (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, row_name));
}

static GPtrArray *
list_rules (SdSession *session)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rules = sd_routing_rules_list (session, &error);

  g_assert_no_error (error);
  return rules;
}

static gboolean
toplevel_gone (gpointer data)
{
  return sd_gui_test_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static gboolean
keywords_on_top (gpointer dialog)
{
  GtkWidget *rule = sd_gui_test_find (dialog, ADW_TYPE_EXPANDER_ROW, "rule-1");
  GtkWidget *keywords = rule != NULL ? sd_gui_test_find (rule, ADW_TYPE_ENTRY_ROW, "keywords_row") : NULL;

  return keywords != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (keywords)), "发票|invoice") == 0;
}

static void
test_routing_rules (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(GError) expected = NULL;
  g_autoptr(SdDepartment) presales = sd_departments_find (f->shop.owner, "presales", NULL);
  GtkWindow *dialog;
  GtkWidget *rule, *message;
  const SdRoutingRule *r;

  /* After-sales orders to after-sales, the rest to in-sale (not the first department, which
   * a combo row would fall back to). */
  before = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_routing_rule_free);
  g_ptr_array_add (before, sd_routing_rule_new (SD_ROUTING_AFTER_SALES_ORDER, "", 3));
  g_ptr_array_add (before, sd_routing_rule_new (SD_ROUTING_ANY, "", 2));
  g_assert_true (sd_routing_rules_replace (f->shop.owner, before, &expected));
  g_assert_no_error (expected);
  dialog = open_dialog (f, sd_routing_rules_dialog_new, f->shop.owner);
  sd_gui_test_get (dialog, ADW_TYPE_EXPANDER_ROW, "rule-1");
  g_assert_null (sd_gui_test_find (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW, "rule-2"));
  /* The first rule cannot move up, nor the last above "any" down. */
  g_assert_false (gtk_widget_get_sensitive (
    sd_gui_test_get (sd_gui_test_get (dialog, ADW_TYPE_EXPANDER_ROW, "rule-1"), GTK_TYPE_BUTTON, "up_button")));
  g_assert_false (gtk_widget_get_sensitive (
    sd_gui_test_get (sd_gui_test_get (dialog, ADW_TYPE_EXPANDER_ROW, "rule-1"), GTK_TYPE_BUTTON, "down_button")));

  /* A keyword rule without a word: refused with the check's own words, nothing saved. */
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "add_button"));
  rule = wait_find (dialog, ADW_TYPE_EXPANDER_ROW, "rule-2");
  invalid = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_routing_rule_free);
  g_ptr_array_add (invalid, sd_routing_rule_new (SD_ROUTING_AFTER_SALES_ORDER, "", 3));
  g_ptr_array_add (invalid, sd_routing_rule_new (SD_ROUTING_KEYWORD, "", presales->id));
  g_ptr_array_add (invalid, sd_routing_rule_new (SD_ROUTING_ANY, "", 2));
  g_assert_false (sd_routing_rules_check (invalid, &expected));
  message = sd_gui_test_get (dialog, GTK_TYPE_LABEL, "message_label");
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button"));
  g_assert_true (
    sd_gui_test_wait_for (widget_visible, sd_gui_test_get (dialog, ADW_TYPE_PREFERENCES_GROUP, "message_group"), 2000));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==, expected->message);
  g_assert_true (gtk_widget_has_css_class (sd_gui_test_get (rule, ADW_TYPE_ENTRY_ROW, "keywords_row"), "error"));
  after = list_rules (f->shop.owner);
  g_assert_cmpuint (after->len, ==, 2);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* Words given, moved to the top, saved. */
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (rule, ADW_TYPE_ENTRY_ROW, "keywords_row")), "发票|invoice");
  g_assert_cmpint (
    adw_combo_row_get_selected (ADW_COMBO_ROW (sd_gui_test_get (rule, ADW_TYPE_COMBO_ROW, "department_row"))), ==, 0);
  gtk_widget_activate (sd_gui_test_get (rule, GTK_TYPE_BUTTON, "up_button"));
  g_assert_true (sd_gui_test_wait_for (keywords_on_top, dialog, 2000));
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button"));
  g_assert_true (sd_gui_test_wait_for (toplevel_gone, GSIZE_TO_POINTER (SD_TYPE_ROUTING_RULES_DIALOG), 3000));

  after = list_rules (f->shop.owner);
  g_assert_cmpuint (after->len, ==, 3);
  r = g_ptr_array_index (after, 0);
  g_assert_cmpint (r->match, ==, SD_ROUTING_KEYWORD);
  g_assert_cmpstr (r->pattern, ==, "发票|invoice");
  g_assert_cmpint (r->department_id, ==, presales->id);
  r = g_ptr_array_index (after, 1);
  g_assert_cmpint (r->match, ==, SD_ROUTING_AFTER_SALES_ORDER);
  g_assert_cmpint (r->department_id, ==, ((SdRoutingRule *) g_ptr_array_index (before, 0))->department_id);
  r = g_ptr_array_index (after, 2);
  g_assert_cmpint (r->match, ==, SD_ROUTING_ANY);
  g_assert_cmpint (r->department_id, ==, ((SdRoutingRule *) g_ptr_array_index (before, 1))->department_id);
}

typedef struct
{
  SdSession     *session;
  gint64         id;
  int            limit;
  int            weight;
  SdAgentStatus  status;
} AgentWait;

static gboolean
agent_is (gpointer data)
{
  AgentWait *wait = data;
  g_autoptr(SdAgent) agent = sd_agents_get (wait->session, wait->id, NULL);

  return agent != NULL && agent->max_concurrent == wait->limit && agent->weight == wait->weight &&
         agent->status == wait->status;
}

static void
test_agents (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = sd_session_get_staff_id (f->agent);
  AgentWait wait = { f->shop.owner, id, SD_AGENT_DEFAULT_LIMIT, SD_AGENT_DEFAULT_WEIGHT, SD_AGENT_ONLINE };
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  GtkWidget *row;
  g_autofree char *load = NULL;

  g_assert_true (sd_agents_set_status (f->agent, 0, SD_AGENT_ONLINE, &error));
  g_assert_no_error (error);
  dialog = open_dialog (f, sd_agents_dialog_new, f->shop.owner);
  row = sd_gui_test_get (sd_gui_test_get (dialog, ADW_TYPE_PREFERENCES_GROUP, "department-1"), ADW_TYPE_EXPANDER_ROW,
                         "agent-小王");
  load = g_strdup_printf ("0 of %d chats · 0 routed to them", SD_AGENT_DEFAULT_LIMIT);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, load);
  g_assert_true (g_str_has_prefix (
    gtk_label_get_label (GTK_LABEL (sd_gui_test_get (row, GTK_TYPE_LABEL, "status_label"))), "Online"));

  /* Saved as they change. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sd_gui_test_get (row, GTK_TYPE_SPIN_BUTTON, "limit_spin")), 8);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sd_gui_test_get (row, GTK_TYPE_SPIN_BUTTON, "weight_spin")), 3);
  wait.limit = 8;
  wait.weight = 3;
  g_assert_true (sd_gui_test_wait_for (agent_is, &wait, 3000));
  g_assert_cmpuint (sd_test_audit_count (f->shop.owner, SD_AUDIT_AGENT_SETTINGS), ==, 1);

  /* A manager takes another agent offline, from the row opened. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  g_assert_true (sd_gui_test_wait_for (widget_mapped, sd_gui_test_get (row, GTK_TYPE_BUTTON, "offline_button"), 2000));
  gtk_widget_activate (sd_gui_test_get (row, GTK_TYPE_BUTTON, "offline_button"));
  wait.status = SD_AGENT_OFFLINE;
  g_assert_true (sd_gui_test_wait_for (agent_is, &wait, 3000));
  g_assert_true (g_str_has_prefix (
    gtk_label_get_label (GTK_LABEL (sd_gui_test_get (row, GTK_TYPE_LABEL, "status_label"))), "Offline"));
  /* Their own status, a manager sets from their own row only. */
  g_assert_null (sd_gui_test_find (row, ADW_TYPE_COMBO_ROW, "status_row"));
  sd_gui_test_get (sd_gui_test_get (dialog, ADW_TYPE_EXPANDER_ROW, "agent-owner"), ADW_TYPE_COMBO_ROW, "status_row");
}

static void
test_agent_permissions (Fixture       *f,
                        gconstpointer  data)
{
  gint64 shared = add_reply (f->shop.owner, SD_QUICK_REPLY_SHOP, 0, "thanks", "感谢光临{shop}");
  gint64 own = add_reply (f->agent, SD_QUICK_REPLY_PERSONAL, 0, "mine", "我的短语");
  g_autofree char *shared_name = g_strdup_printf ("reply-%" G_GINT64_FORMAT, shared);
  g_autofree char *own_name = g_strdup_printf ("reply-%" G_GINT64_FORMAT, own);
  g_autoptr(GError) error = NULL;
  AgentWait wait = { f->shop.owner, sd_session_get_staff_id (f->agent), 0, 0, SD_AGENT_PAUSED };
  GtkWindow *dialog;
  GtkWidget *row;
  AdwComboRow *scope;

  /* Quick replies: the shared one is read only, their own is theirs. */
  dialog = open_dialog (f, sd_quick_replies_dialog_new, f->agent);
  row = sd_gui_test_get (dialog, ADW_TYPE_ACTION_ROW, shared_name);
  g_assert_null (sd_gui_test_find (row, GTK_TYPE_BUTTON, "edit_button"));
  g_assert_null (sd_gui_test_find (row, GTK_TYPE_BUTTON, "remove_button"));
  row = sd_gui_test_get (dialog, ADW_TYPE_ACTION_ROW, own_name);
  sd_gui_test_get (row, GTK_TYPE_BUTTON, "edit_button");
  /* A new reply can only be personal. */
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "add_button"));
  g_assert_true (sd_gui_test_wait_for (editor_open, sd_gui_test_get (dialog, GTK_TYPE_STACK, "stack"), 2000));
  scope = ADW_COMBO_ROW (sd_gui_test_get (dialog, ADW_TYPE_COMBO_ROW, "scope_row"));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (scope)), ==, 1);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (scope)));
  /* And the core agrees. */
  g_assert_false (sd_quick_replies_remove (f->agent, shared, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  sd_gui_test_destroy_window (dialog);

  /* Routing rules: read only. */
  dialog = open_dialog (f, sd_routing_rules_dialog_new, f->agent);
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "save_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "add_button")));
  g_assert_false (gtk_widget_get_sensitive (
    sd_gui_test_get (sd_gui_test_get (dialog, ADW_TYPE_EXPANDER_ROW, "rule-1"), GTK_TYPE_BUTTON, "remove_button")));
  sd_gui_test_destroy_window (dialog);

  /* Agents: nobody else's limit; their own status. */
  dialog = open_dialog (f, sd_agents_dialog_new, f->agent);
  row = sd_gui_test_get (dialog, ADW_TYPE_ACTION_ROW, "agent-owner");
  g_assert_false (ADW_IS_EXPANDER_ROW (row));
  g_assert_null (sd_gui_test_find (row, GTK_TYPE_SPIN_BUTTON, NULL));
  row = sd_gui_test_get (dialog, ADW_TYPE_EXPANDER_ROW, "agent-小王");
  g_assert_null (sd_gui_test_find (row, GTK_TYPE_SPIN_BUTTON, NULL));
  g_assert_null (sd_gui_test_find (row, GTK_TYPE_BUTTON, "offline_button"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (sd_gui_test_get (row, ADW_TYPE_COMBO_ROW, "status_row")), 1);
  {
    g_autoptr(SdAgent) agent = sd_agents_get (f->shop.owner, wait.id, NULL);
    wait.limit = agent->max_concurrent;
    wait.weight = agent->weight;
  }
  g_assert_true (sd_gui_test_wait_for (agent_is, &wait, 3000));
  g_assert_false (sd_agents_configure (f->agent, sd_session_get_staff_id (f->shop.owner), 9, 0, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
}

/* The window's actions open the dialogs, enabled for the accounts that may use them. */
static void
test_window_actions (void)
{
  g_autofree char *path = sd_gui_test_make_demo (10);
  SdWindow *window = sd_gui_test_open_window (path);
  g_autoptr(SdSession) owner = NULL;
  g_autoptr(SdSession) marketing = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.quick-replies", NULL));
  sd_gui_test_destroy_window (sd_gui_test_wait_toplevel (SD_TYPE_QUICK_REPLIES_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.routing-rules", NULL));
  sd_gui_test_destroy_window (sd_gui_test_wait_toplevel (SD_TYPE_ROUTING_RULES_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.agents", NULL));
  sd_gui_test_destroy_window (sd_gui_test_wait_toplevel (SD_TYPE_AGENTS_DIALOG));
  sd_gui_test_close_window (window);

  /* Marketing reads customers, not chats: the actions do nothing for them. */
  owner = sd_test_login_owner (path);
  marketing = sd_test_staff_session (owner, "小美", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  window = sd_gui_test_open_window_as (path, "小美", SD_TEST_PASSWORD);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.quick-replies", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.agents", NULL);
  sd_gui_test_spin (300);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_QUICK_REPLIES_DIALOG));
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_AGENTS_DIALOG));
  sd_gui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);

  g_test_add ("/gui/chat-admin/quick-replies/duplicate-shortcut", Fixture, NULL, fixture_set_up,
              test_duplicate_shortcut, fixture_tear_down);
  g_test_add ("/gui/chat-admin/quick-replies/add-edit-remove", Fixture, NULL, fixture_set_up, test_add_edit_remove,
              fixture_tear_down);
  g_test_add ("/gui/chat-admin/routing-rules", Fixture, NULL, fixture_set_up, test_routing_rules, fixture_tear_down);
  g_test_add ("/gui/chat-admin/agents", Fixture, NULL, fixture_set_up, test_agents, fixture_tear_down);
  g_test_add ("/gui/chat-admin/agent-permissions", Fixture, NULL, fixture_set_up, test_agent_permissions,
              fixture_tear_down);
  g_test_add_func ("/gui/chat-admin/window-actions", test_window_actions);
  return g_test_run ();
}
