/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-agents.h"
#include "sd-case-dialog.h"
#include "sd-cases.h"
#include "sd-chat-thread.h"
#include "sd-conversation-row.h"
#include "sd-conversations-page.h"
#include "sd-conversations.h"
#include "sd-customers.h"
#include "sd-gui-test-util.h"
#include "sd-kpi-format.h"
#include "sd-kpi.h"
#include "sd-quick-replies.h"
#include "sd-quick-reply-popover.h"
#include "sd-preferences-window.h"
#include "sd-reports-page.h"
#include "sd-settings.h"
#include "sd-test-sim.h"
#include "sd-test-util.h"

/* The Conversations page against a real shopdesk-sim and a real chat desk: the page
 * without a channel, the connect dialog, a buyer's chat arriving in the queue as waiting
 * and highlighted once the buyer waited past the first-response target (the shop's clock is
 * the test's), an answer picked by "/shortcut" with its placeholders filled (the simulator's
 * transcript has the text, the quick reply's use is counted), the case dialog opened beside
 * the chat and opened from it, closing and the buyer's rating, then the shop's KPI row on the
 * Reports page (issue 9, point 7); a transfer with a note; walking the queue by keyboard;
 * an agent who may not connect the chat, on the demo chat.
 *
 * With SHOPDESK_CONVERSATIONS_SHOTS=DIR, the states are saved there as PNG (the X screen,
 * with `import`) at 1280×800 and 1024×600. */

#define CHAT_TOKEN "test-chat"
#define TARGET     30

typedef struct
{
  char                *path;
  SdTestSim           *sim;
  SdWindow            *window;
  SdSession           *session;
  SdConversationsPage *page;
  gint64               now; /* the shop's clock, moved by the test */
} Fixture;

static const char *shots_dir;

/* ---- helpers ---- */

static const char *
page_state (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_get (f->page, GTK_TYPE_STACK, "main_stack")));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->path = sd_gui_test_make_demo (20);
  f->sim = sd_test_sim_start (NULL);
  if (f->sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  /* DATA: the login of an agent to sign in as, who may chat and read customers only. */
  if (data != NULL)
    {
      g_autoptr(SdSession) owner = sd_test_login_owner (f->path);
      g_autoptr(SdSession) agent =
                   sd_test_staff_session (owner, data,
                                          SD_PERMISSION_BIT (SD_PERMISSION_CONVERSATIONS_OWN) |
                                            SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
      sd_session_logout (owner);
    }
  f->window = data != NULL ? sd_gui_test_open_window_as (f->path, data, SD_TEST_PASSWORD)
                           : sd_gui_test_open_window (f->path);
  f->session = sd_window_get_session (f->window);
  f->now = g_get_real_time () / G_USEC_PER_SEC;
  sd_test_set_clock (sd_session_get_db (f->session), &f->now);
  f->page = SD_CONVERSATIONS_PAGE (sd_gui_test_get (GTK_WIDGET (f->window), SD_TYPE_CONVERSATIONS_PAGE, NULL));
  sd_window_show_page (f->window, "conversations");
  sd_gui_test_spin (50);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_destroy_other_windows (GTK_WINDOW (f->window));
  if (f->window != NULL)
    sd_gui_test_close_window (f->window);
  g_clear_pointer (&f->sim, sd_test_sim_stop);
  g_free (f->path);
}

/* RESPONSE, as its button gives it: the dialog goes too (adw_message_dialog_response ()
 * alone leaves it open in libadwaita 1.2). */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  sd_gui_test_destroy_window (GTK_WINDOW (dialog));
}

static gboolean
desk_connected (gpointer data)
{
  Fixture    *f = data;
  SdChatDesk *desk = sd_conversations_page_get_desk (f->page);

  return desk != NULL && sd_chat_desk_get_state (desk) == SD_CHAT_CHANNEL_CONNECTED;
}

/* Connects the page to the simulator's chat through its Connect… dialog. */
static void
connect (Fixture *f)
{
  AdwMessageDialog *dialog;

  g_assert_cmpstr (page_state (f), ==, "no-channel");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversations.connect", NULL);
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* Not a WebSocket address: refused at the field, Connect stays off. */
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "url")),
                         sd_test_sim_get_url (f->sim));
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "token")),
                         CHAT_TOKEN);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "connect"));
  g_assert_true (gtk_widget_has_css_class (sd_gui_test_get (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "url"), "error"));

  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "url")),
                         sd_test_sim_get_chat_url (f->sim));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "connect"));
  respond (dialog, "connect");
  g_assert_true (sd_gui_test_wait_for (desk_connected, f, 10000));
  g_assert_cmpstr (page_state (f), ==, "desk");
}

static gint64
add_quick_reply (Fixture    *f,
                 const char *group,
                 const char *shortcut,
                 const char *text)
{
  g_autoptr(GError) error = NULL;
  SdQuickReply reply = { .scope = SD_QUICK_REPLY_SHOP,
                         .group = (char *) group,
                         .shortcut = (char *) shortcut,
                         .text = (char *) text };
  gint64       id = sd_quick_replies_add (f->session, &reply, &error);

  g_assert_no_error (error);
  return id;
}

/* A buyer of the simulator opens a chat as NICK saying TEXT; the platform's chat id. */
static char *
open_chat (Fixture    *f,
           const char *nick,
           const char *text)
{
  g_autofree char *nick_q = g_uri_escape_string (nick, NULL, FALSE);
  g_autofree char *text_q = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/_sim/chat/open?nick=%s&text=%s", nick_q, text_q);
  g_autoptr(JsonNode) answer = sd_test_sim_post_json (f->sim, path);

  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "chat_id"));
}

typedef struct
{
  Fixture    *f;
  const char *nick;
  int         state; /* SdConversationState, -1: any */
  gboolean    late;
  gboolean    check_late;
} RowWanted;

/* The queue's row of NICK, or NULL. */
static SdConversationRow *
queue_row (Fixture    *f,
           const char *nick)
{
  GtkListBox *queue = GTK_LIST_BOX (sd_gui_test_get (f->page, GTK_TYPE_LIST_BOX, "queue_list"));

  for (int i = 0;; i++)
    {
      GtkListBoxRow        *row = gtk_list_box_get_row_at_index (queue, i);
      const SdConversation *c;

      if (row == NULL)
        return NULL;
      c = sd_conversation_row_get_conversation (SD_CONVERSATION_ROW (row));
      if (g_strcmp0 (c->buyer_nick, nick) == 0)
        return SD_CONVERSATION_ROW (row);
    }
}

static gboolean
row_is (gpointer data)
{
  RowWanted         *wanted = data;
  SdConversationRow *row = queue_row (wanted->f, wanted->nick);

  return row != NULL &&
         (wanted->state < 0 ||
          (int) sd_conversation_row_get_conversation (row)->state == wanted->state) &&
         (!wanted->check_late || sd_conversation_row_get_late (row) == wanted->late);
}

static SdConversationRow *
wait_row (Fixture    *f,
          const char *nick,
          int         state)
{
  RowWanted wanted = { f, nick, state, FALSE, FALSE };

  g_assert_true (sd_gui_test_wait_for (row_is, &wanted, 10000));
  return queue_row (f, nick);
}

static void
wait_late (Fixture    *f,
           const char *nick,
           gboolean    late)
{
  RowWanted wanted = { f, nick, -1, late, TRUE };

  g_assert_true (sd_gui_test_wait_for (row_is, &wanted, 5000));
}

static SdChatThread *
thread (Fixture *f)
{
  return SD_CHAT_THREAD (sd_gui_test_get (f->page, SD_TYPE_CHAT_THREAD, "thread"));
}

static char *
composer_text (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (sd_chat_thread_get_composer (thread (f)));
  GtkTextIter    start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
completion_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* Types "/SHORTCUT" in the composer, picks the first completion (as Enter does) and sends
 * (as Enter does); the text that went out. */
static char *
answer_with_shortcut (Fixture    *f,
                      const char *shortcut)
{
  GtkTextView *composer = sd_chat_thread_get_composer (thread (f));
  GtkWidget *completion = sd_gui_test_get (GTK_WIDGET (thread (f)), SD_TYPE_QUICK_REPLY_POPOVER, "completion");
  g_autofree char *typed = g_strconcat ("/", shortcut, NULL);
  char            *text;

  gtk_widget_grab_focus (GTK_WIDGET (composer));
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (composer), typed, -1);
  g_assert_true (sd_gui_test_wait_for (completion_shown, completion, 3000));
  g_assert_cmpuint (sd_quick_reply_popover_get_n_items (SD_QUICK_REPLY_POPOVER (completion)), >=,
                    1);
  g_assert_true (sd_quick_reply_popover_activate (SD_QUICK_REPLY_POPOVER (completion)));
  g_assert_false (gtk_widget_get_visible (completion));
  text = composer_text (f);
  g_assert_false (g_str_has_prefix (text, "/"));
  gtk_widget_activate_action (GTK_WIDGET (thread (f)), "thread.send", NULL);
  return text;
}

typedef struct
{
  Fixture    *f;
  const char *chat_id;
  const char *text;
} TranscriptWanted;

static gboolean
transcript_has_agent_text (gpointer data)
{
  TranscriptWanted *wanted = data;
  g_autofree char  *path = g_strdup_printf ("/_sim/chat/transcript?chat_id=%s", wanted->chat_id);
  g_autoptr(JsonNode) root = sd_test_sim_get_json (wanted->f->sim, path);
  JsonArray *messages = json_object_get_array_member (json_node_get_object (root), "messages");

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      if (g_strcmp0 (json_object_get_string_member (m, "from"), "agent") == 0 &&
          g_strcmp0 (json_object_get_string_member (m, "text"), wanted->text) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
thread_rated (gpointer data)
{
  Fixture              *f = data;
  const SdConversation *c = sd_chat_thread_get_conversation (thread (f));

  return c != NULL && c->state == SD_CONVERSATION_CLOSED && c->rating > 0;
}

/* Closes the chat shown through Close and its question; waits for the buyer's rating. */
static void
close_chat (Fixture *f)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (thread (f)), "thread.close", NULL);
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "close-chat"), ==,
                   _("_Close Chat"));
  respond (dialog, "close-chat");
  g_assert_true (sd_gui_test_wait_for (thread_rated, f, 10000));
}

/* ---- tests ---- */

/* In the case dialog the page opened: TYPE and TITLE, then Open; the dialog goes. */
static void
open_case (Fixture    *f,
           SdCaseType  type,
           const char *title)
{
  GtkWidget *dialog = GTK_WIDGET (sd_gui_test_wait_toplevel (SD_TYPE_CASE_DIALOG));

  adw_combo_row_set_selected (ADW_COMBO_ROW (sd_gui_test_get (dialog, ADW_TYPE_COMBO_ROW, "type_row")), type);
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "title_row")), title);
  gtk_widget_activate (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "open_button"));
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_CASE_DIALOG));
}

static gboolean
reports_loaded (gpointer data)
{
  return !sd_reports_page_get_busy (data) && sd_reports_page_get_report (data) != NULL;
}

/* The Reports page shown and computed again: its report. */
static const SdKpiReport *
reports_after_reload (Fixture *f)
{
  SdReportsPage *reports = SD_REPORTS_PAGE (sd_gui_test_get (GTK_WIDGET (f->window), SD_TYPE_REPORTS_PAGE, NULL));

  sd_window_show_page (f->window, "reports");
  sd_reports_page_reload (reports);
  g_assert_true (sd_gui_test_wait_for (reports_loaded, reports, 20000));
  return sd_reports_page_get_report (reports);
}

static void
test_wait_format (void)
{
  SdConversation   c = { .state = SD_CONVERSATION_WAITING, .opened_at = 100 };
  g_autofree char *a = sd_conversation_format_wait (42);
  g_autofree char *b = sd_conversation_format_wait (12 * 60 + 5);
  g_autofree char *d = sd_conversation_format_wait (3723);
  g_autofree char *e = sd_conversation_format_wait (-3);

  g_assert_cmpstr (a, ==, "0:42");
  g_assert_cmpstr (b, ==, "12:05");
  g_assert_cmpstr (d, ==, "1:02:03");
  g_assert_cmpstr (e, ==, "0:00");

  /* Waiting from the opening, then from the buyer's message; answered: nobody waits. */
  g_assert_cmpint (sd_conversation_waiting_since (&c), ==, 100);
  c.last_buyer_at = 110;
  g_assert_cmpint (sd_conversation_waiting_since (&c), ==, 110);
  c.state = SD_CONVERSATION_OPEN;
  c.last_agent_at = 120;
  g_assert_cmpint (sd_conversation_waiting_since (&c), ==, 0);
  c.last_buyer_at = 130;
  g_assert_cmpint (sd_conversation_waiting_since (&c), ==, 130);
  c.state = SD_CONVERSATION_CLOSED;
  g_assert_cmpint (sd_conversation_waiting_since (&c), ==, 0);
}

static void
test_no_channel (Fixture       *f,
                 gconstpointer  data)
{
  if (f->sim == NULL)
    return;
  g_assert_cmpstr (page_state (f), ==, "no-channel");
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "connect_button")));
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "demo_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_LABEL, "ask_owner_label")));
  sd_gui_test_shot (GTK_WINDOW (f->window), shots_dir, "conversations-no-channel");
}

/* A buyer writes; the chat waits, is highlighted past the target, is answered with a quick
 * reply picked by its shortcut, closed and rated. */
static void
test_chat (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(SdCustomer) customer = NULL;
  g_autoptr(SdQuickReply) used = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chat_id = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *transcript_path = NULL;
  g_autoptr(JsonNode) transcript = NULL;
  SdConversationRow    *row;
  gint64                reply_id;
  gint64                rating;
  const SdConversation *shown;

  if (f->sim == NULL)
    return;
  customer = sd_customers_get (f->session, 1, &error);
  g_assert_no_error (error);
  g_assert_true (sd_agents_set_status (f->session, 0, SD_AGENT_ONLINE, &error));
  g_assert_no_error (error);
  reply_id =
    add_quick_reply (f, "问候", "hi", "亲爱的{name}，您好！我是客服{agent}，请问有什么可以帮您？");
  add_quick_reply (f, "问候", "hello", "您好");
  add_quick_reply (f, "物流", "ship", "您的订单 {order_id} 已发货");
  connect (f);

  chat_id = open_chat (f, customer->nick, "在吗？我的快递到哪了");
  row = wait_row (f, customer->nick, SD_CONVERSATION_WAITING);
  g_assert_false (sd_conversation_row_get_late (row));
  g_assert_true (
    g_str_has_prefix (gtk_label_get_label (sd_conversation_row_get_wait_label (row)), "0:0"));

  /* The buyer waits past the target: the row says so. */
  f->now += TARGET + 1;
  wait_late (f, customer->nick, TRUE);
  g_assert_cmpstr (gtk_label_get_label (sd_conversation_row_get_wait_label (row)), ==, "0:31");
  g_assert_true (
    gtk_widget_has_css_class (GTK_WIDGET (sd_conversation_row_get_wait_label (row)), "error"));

  gtk_list_box_select_row (GTK_LIST_BOX (sd_gui_test_get (f->page, GTK_TYPE_LIST_BOX, "queue_list")),
                           GTK_LIST_BOX_ROW (row));
  shown = sd_chat_thread_get_conversation (thread (f));
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->buyer_nick, ==, customer->nick);
  g_assert_cmpint (shown->customer_id, ==, customer->id);
  sd_gui_test_shot (GTK_WINDOW (f->window), shots_dir, "conversations-waiting");

  /* The placeholders are filled from the customer and the agent. */
  sent = answer_with_shortcut (f, "hi");
  expected = sd_quick_replies_render (f->session,
                                      "亲爱的{name}，您好！我是客服{agent}，请问有什么可以帮您？",
                                      customer->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent, ==, expected);
  g_assert_nonnull (strstr (sent, customer->name));
  {
    TranscriptWanted wanted = { f, chat_id, sent };
    g_assert_true (sd_gui_test_wait_for (transcript_has_agent_text, &wanted, 10000));
  }
  used = sd_quick_replies_get (f->session, reply_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (used->uses, ==, 1);

  /* Answered: the agent's now, nobody waits. */
  row = wait_row (f, customer->nick, SD_CONVERSATION_OPEN);
  wait_late (f, customer->nick, FALSE);
  g_assert_cmpstr (gtk_label_get_label (sd_conversation_row_get_wait_label (row)), ==, "");
  g_assert_cmpint (sd_conversation_row_get_conversation (row)->staff_id, ==,
                   sd_session_get_staff_id (f->session));
  sd_gui_test_shot (GTK_WINDOW (f->window), shots_dir, "conversations-answered");

  /* A case opened beside the chat is the customer's, from this chat. */
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "open_case_button")));
  gtk_widget_activate (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "open_case_button"));
  open_case (f, SD_CASE_CHASE_SHIPMENT, "买家催件：快递三天没动");
  {
    SdCaseFilter filter;
    g_autoptr(GPtrArray) cases = NULL;
    const SdCase *opened;

    sd_case_filter_init (&filter);
    filter.customer_id = customer->id;
    cases = sd_cases_list (f->session, &filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (cases->len, ==, 1);
    opened = g_ptr_array_index (cases, 0);
    g_assert_cmpint (opened->type, ==, SD_CASE_CHASE_SHIPMENT);
    g_assert_cmpint (opened->conversation_id, ==, sd_chat_thread_get_conversation (thread (f))->id);
    g_assert_cmpstr (opened->title, ==, "买家催件：快递三天没动");
  }

  close_chat (f);
  transcript_path = g_strdup_printf ("/_sim/chat/transcript?chat_id=%s", chat_id);
  transcript = sd_test_sim_get_json (f->sim, transcript_path);
  rating = json_object_get_int_member (json_node_get_object (transcript), "rating");
  g_assert_cmpint (sd_chat_thread_get_conversation (thread (f))->rating, ==, rating);
  g_assert_nonnull (strstr (
    gtk_label_get_label (GTK_LABEL (sd_gui_test_get (GTK_WIDGET (thread (f)), GTK_TYPE_LABEL, "subtitle"))), "Rated"));
  /* Closed chats leave the queue; the thread still shows it. */
  g_assert_null (queue_row (f, customer->nick));
  sd_gui_test_shot (GTK_WINDOW (f->window), shots_dir, "conversations-rated");

  /* The shop's KPI row counts this chat: one buyer, answered 31 s after the question (past
   * the 30 s target), rated, its case still open. */
  {
    const SdKpiReport *report = reports_after_reload (f);
    const double *values = report->total->values;

    g_assert_cmpint (report->total->conversations, ==, 1);
    g_assert_cmpfloat (values[SD_KPI_BUYERS], ==, 1);
    g_assert_cmpfloat (values[SD_KPI_FIRST_RESPONSE_MEAN], ==, TARGET + 1);
    g_assert_cmpfloat (values[SD_KPI_FIRST_RESPONSE_30S], ==, 0);
    g_assert_cmpfloat (values[SD_KPI_RATING_RATE], ==, 1);
    g_assert_cmpfloat (values[SD_KPI_GOOD_RATINGS], ==, rating >= 4 ? 1 : 0);
    g_assert_cmpfloat (values[SD_KPI_CASES_RESOLVED], ==, 0);
    g_assert_cmpint (report->total->ratings[rating], ==, 1);
    for (SdKpiFigure k = 0; k < SD_KPI_N; k++)
      {
        g_autofree char *name = g_strdup_printf ("value-%s", sd_kpi_figure_to_string (k));
        g_autofree char *text = sd_kpi_format_value (k, values[k]);

        g_assert_cmpstr (
          gtk_label_get_label (GTK_LABEL (sd_gui_test_get (GTK_WIDGET (f->window), GTK_TYPE_LABEL, name))), ==, text);
      }
  }

  /* From a figure's conversations back to the chat (what the drill-down's rows do). */
  {
    gint64 id = sd_chat_thread_get_conversation (thread (f))->id;

    sd_chat_thread_set_conversation (thread (f), NULL, 0);
    g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->page)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-conversation", "x", id));
    sd_gui_test_spin (100);
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->page)));
    g_assert_nonnull (sd_chat_thread_get_conversation (thread (f)));
    g_assert_cmpint (sd_chat_thread_get_conversation (thread (f))->id, ==, id);
  }
}

static gboolean
row_gone (gpointer data)
{
  RowWanted *wanted = data;

  return queue_row (wanted->f, wanted->nick) == NULL;
}

/* Handed to another agent with a note: the chat leaves this agent's queue, shows again
 * among everyone's, and the thread tells who has it now. */
static void
test_transfer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdSession) wang = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdConversation) stored = NULL;
  g_autofree char     *chat_id = NULL;
  GtkTextBuffer       *buffer;
  AdwMessageDialog    *dialog;
  SdConversationRow   *row;
  SdConversationEvent *last;
  RowWanted            gone = { f, "visitor_li", -1, FALSE, FALSE };

  if (f->sim == NULL)
    return;
  wang =
    sd_test_staff_session (f->session, "wang", SD_PERMISSION_BIT (SD_PERMISSION_CONVERSATIONS_OWN));
  connect (f);
  chat_id = open_chat (f, "visitor_li", "这个有红色的吗？");
  row = wait_row (f, "visitor_li", SD_CONVERSATION_WAITING);
  gtk_list_box_select_row (GTK_LIST_BOX (sd_gui_test_get (f->page, GTK_TYPE_LIST_BOX, "queue_list")),
                           GTK_LIST_BOX_ROW (row));
  g_assert_false (gtk_widget_is_sensitive (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "transfer_button")));

  /* Typed, Enter: the chat is this agent's. */
  buffer = gtk_text_view_get_buffer (sd_chat_thread_get_composer (thread (f)));
  gtk_text_buffer_set_text (buffer, "有的，稍等我帮您看看", -1);
  sd_chat_thread_send (thread (f));
  wait_row (f, "visitor_li", SD_CONVERSATION_OPEN);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (thread (f)), "thread.transfer", NULL);
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (
                      GTK_DROP_DOWN (sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, NULL)))),
                    ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL)),
                         "买家要红色，请查库存");
  respond (dialog, "transfer");
  g_assert_true (sd_gui_test_wait_for (row_gone, &gone, 5000));

  stored =
    sd_conversations_get (f->session, sd_chat_thread_get_conversation (thread (f))->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->staff_id, ==, sd_session_get_staff_id (wang));
  last = g_ptr_array_index (stored->events, stored->events->len - 1);
  g_assert_cmpstr (last->kind, ==, "transferred");
  g_assert_cmpstr (last->note, ==, "买家要红色，请查库存");
  g_assert_nonnull (strstr (
    gtk_label_get_label (GTK_LABEL (sd_gui_test_get (GTK_WIDGET (thread (f)), GTK_TYPE_LABEL, "subtitle"))), "wang"));

  /* Everyone's: the owner sees it again. */
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_TOGGLE_BUTTON, "everyone_button")));
  gtk_toggle_button_set_active (
    GTK_TOGGLE_BUTTON (sd_gui_test_get (f->page, GTK_TYPE_TOGGLE_BUTTON, "everyone_button")), TRUE);
  row = wait_row (f, "visitor_li", SD_CONVERSATION_OPEN);
  g_assert_cmpint (sd_conversation_row_get_conversation (row)->staff_id, ==,
                   sd_session_get_staff_id (wang));
}

/* Alt+Down / Alt+Up (conversations.next / .previous) walk the queue, the thread follows. */
static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  GtkListBox *queue;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (f->sim == NULL)
    return;
  connect (f);
  first = open_chat (f, "buyer_a", "你好");
  wait_row (f, "buyer_a", SD_CONVERSATION_WAITING);
  f->now += 5;
  second = open_chat (f, "buyer_b", "在吗");
  wait_row (f, "buyer_b", SD_CONVERSATION_WAITING);

  /* The longest waiting first. */
  queue = GTK_LIST_BOX (sd_gui_test_get (f->page, GTK_TYPE_LIST_BOX, "queue_list"));
  g_assert_true (GTK_WIDGET (gtk_list_box_get_row_at_index (queue, 0)) == GTK_WIDGET (queue_row (f, "buyer_a")));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversations.next", NULL);
  g_assert_cmpstr (sd_chat_thread_get_conversation (thread (f))->buyer_nick, ==, "buyer_a");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversations.next", NULL);
  g_assert_cmpstr (sd_chat_thread_get_conversation (thread (f))->buyer_nick, ==, "buyer_b");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversations.previous", NULL);
  g_assert_cmpstr (sd_chat_thread_get_conversation (thread (f))->buyer_nick, ==, "buyer_a");
}

/* The first-response target is a preference: at 60 s a buyer who waited 31 s is not marked
 * yet, at 61 s they are. */
static void
test_target_preference (Fixture       *f,
                        gconstpointer  data)
{
  SdSettings *settings = sd_window_get_settings (f->window);
  g_autofree char *chat_id = NULL;

  if (f->sim == NULL)
    return;
  /* Set where a user sets it: Preferences → Conversations. */
  {
    GtkWindow *prefs = sd_preferences_window_new (settings, f->session);
    GtkSpinButton *spin =
      GTK_SPIN_BUTTON (sd_gui_test_get (prefs, GTK_TYPE_SPIN_BUTTON, "first-response-target"));

    g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 30);
    gtk_spin_button_set_value (spin, 60);
    g_assert_cmpuint (sd_settings_get_first_response_target (settings), ==, 60);
    gtk_window_destroy (prefs);
  }
  connect (f);
  chat_id = open_chat (f, "buyer_p", "在吗");
  wait_row (f, "buyer_p", SD_CONVERSATION_WAITING);
  f->now += 31;
  sd_gui_test_spin (1500);
  g_assert_false (sd_conversation_row_get_late (queue_row (f, "buyer_p")));
  f->now += 30;
  wait_late (f, "buyer_p", TRUE);
  sd_settings_set_first_response_target (settings, 30);
}

/* An agent who may not connect the chat is told to ask the owner; the demo chat is theirs
 * to try. */
static void
test_agent_demo (Fixture       *f,
                 gconstpointer  data)
{
  if (f->sim == NULL)
    return;
  g_assert_cmpstr (page_state (f), ==, "no-channel");
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "connect_button")));
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_LABEL, "ask_owner_label")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_TOGGLE_BUTTON, "everyone_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_TOGGLE_BUTTON, "context_button")));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversations.demo", NULL);
  g_assert_true (sd_gui_test_wait_for (desk_connected, f, 15000));
  g_assert_cmpstr (page_state (f), ==, "desk");
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_TOGGLE_BUTTON, "context_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_TOGGLE_BUTTON, "everyone_button")));
  g_assert_false (
    gtk_info_bar_get_revealed (GTK_INFO_BAR (sd_gui_test_get (f->page, GTK_TYPE_INFO_BAR, "connection_bar"))));
}

int
main (int   argc,
      char *argv[])
{
  const char      *root = g_getenv ("SHOPDESK_BUILD_ROOT");
  g_autofree char *sim =
    root != NULL ? g_build_filename (root, "src", "sim", "shopdesk-sim", NULL) : NULL;

  if (sim != NULL)
    g_setenv ("SHOPDESK_SIM", sim, TRUE);
  /* No session bus: no keyring to keep the token, which the page then keeps itself. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_unsetenv ("SHOPDESK_CHAT_TOKEN");
  shots_dir = g_getenv ("SHOPDESK_CONVERSATIONS_SHOTS");
  sd_gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/conversations/wait-format", test_wait_format);
  g_test_add ("/gui/conversations/no-channel", Fixture, NULL, fixture_set_up, test_no_channel,
              fixture_tear_down);
  g_test_add ("/gui/conversations/chat", Fixture, NULL, fixture_set_up, test_chat,
              fixture_tear_down);
  g_test_add ("/gui/conversations/transfer", Fixture, NULL, fixture_set_up, test_transfer,
              fixture_tear_down);
  g_test_add ("/gui/conversations/target-preference", Fixture, NULL, fixture_set_up,
              test_target_preference, fixture_tear_down);
  g_test_add ("/gui/conversations/keyboard", Fixture, NULL, fixture_set_up, test_keyboard, fixture_tear_down);
  g_test_add ("/gui/conversations/agent-demo", Fixture, "agent", fixture_set_up, test_agent_demo,
              fixture_tear_down);
  return g_test_run ();
}
