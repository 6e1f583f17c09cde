/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-conversations-page"

#include <glib/gi18n.h>

#include "net/sd-sim-chat-channel.h"
#include "sd-agents.h"
#include "sd-chat-connection.h"
#include "sd-chat-thread.h"
#include "sd-conversation-row.h"
#include "sd-conversations-page.h"
#include "sd-conversations.h"
#include "sd-customer-context.h"
#include "sd-customers.h"
#include "sd-error.h"
#include "sd-form-question.h"
#include "sd-message.h"
#include "sd-store-sim.h"
#include "sd-window.h"

#define DEFAULT_RESPONSE_TARGET 30
#define QUEUE_LIMIT             200
#define PREVIEW_CHARS           60
#define NOTIFY_CHARS            40
#define DEMO_CHAT_TOKEN         "test-chat"

/* The order of the status drop-down's items. */
static const SdAgentStatus status_items[] = { SD_AGENT_ONLINE, SD_AGENT_PAUSED, SD_AGENT_OFFLINE };

struct _SdConversationsPage
{
  AdwBin parent_instance;

  SdSession     *session;
  SdChatDesk    *desk;
  SdStoreSim    *demo;
  char          *token;           /* typed this session, when no keyring could keep it */
  GCancellable  *cancellable;     /* the desk's start and the demo's, until the session goes */
  GHashTable    *rows;            /* conversation id → SdConversationRow (the list's) */
  GHashTable    *customer_labels; /* customer id → "name · grade" */
  SdTierLadder  *ladder;
  gint64         shown_id; /* the conversation in the thread; 0: none */
  gint64         response_target;
  guint          tick_id;
  gboolean       updating_status;
  GSimpleAction *show_action; /* app.show-conversation, while this page answers it */

  GtkButton         *change_button;
  GtkInfoBar        *connection_bar;
  GtkLabel          *connection_label;
  GtkLabel          *ask_owner_label;
  GtkButton         *connect_button;
  GtkToggleButton   *context_button;
  SdCustomerContext *context;
  GtkButton         *demo_button;
  GtkToggleButton   *everyone_button;
  AdwFlap           *flap;
  GtkStack          *main_stack;
  GtkListBox        *queue_list;
  GtkButton         *retry_button;
  GtkButton         *sidebar_button;
  GtkDropDown       *status_dropdown;
  SdChatThread      *thread;
  GtkStack          *thread_stack;
  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
};

G_DEFINE_FINAL_TYPE (SdConversationsPage, sd_conversations_page, ADW_TYPE_BIN)

enum
{
  SIGNAL_OPEN_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload_queue (SdConversationsPage *self);
static void show_thread (SdConversationsPage *self);

/* ---- helpers ---- */

static gint64
now (SdConversationsPage *self)
{
  return sd_db_now (sd_session_get_db (self->session));
}

static void
toast (SdConversationsPage *self,
       const char          *text,
       gboolean             error)
{
  sd_message_add_toast (self->toast_overlay, text, error);
}

/* The first CHARS characters of TEXT's first line, with "…" when cut. */
static char *
first_words (const char *text,
             glong       chars)
{
  g_autofree char *line = g_strndup (text, strcspn (text, "\r\n"));

  if (g_utf8_strlen (line, -1) <= chars && strlen (line) == strlen (text))
    return g_steal_pointer (&line);
  if (g_utf8_strlen (line, -1) > chars)
    *g_utf8_offset_to_pointer (line, chars) = '\0';
  return g_strconcat (line, "…", NULL);
}

static const char *
customer_label (SdConversationsPage *self,
                gint64               customer_id)
{
  g_autoptr(SdCustomer) customer = NULL;
  char *label;

  if (customer_id == 0 || !sd_session_can (self->session, SD_PERMISSION_VIEW_CUSTOMERS))
    return "";
  label = g_hash_table_lookup (self->customer_labels, &customer_id);
  if (label != NULL)
    return label;
  if (self->ladder == NULL)
    self->ladder = sd_tiers_get_ladder (self->session, NULL);
  customer = sd_customers_get (self->session, customer_id, NULL);
  label =
    customer != NULL ? sd_customer_context_format_customer (customer, self->ladder) : g_strdup ("");
  g_hash_table_insert (self->customer_labels, g_memdup2 (&customer_id, sizeof customer_id), label);
  return label;
}

static char *
preview_of (const SdConversation *c)
{
  SdChatMessage *last;

  if (c->messages == NULL || c->messages->len == 0)
    return g_strdup ("");
  last = g_ptr_array_index (c->messages, c->messages->len - 1);
  if (last->direction == SD_CHAT_OUT)
    {
      g_autofree char *words = first_words (last->text, PREVIEW_CHARS);
      /* TRANSLATORS: the queue's preview of the agent's own last message */
      return g_strdup_printf (_("You: %s"), words);
    }
  return first_words (last->text, PREVIEW_CHARS);
}

static gboolean
everyone (SdConversationsPage *self)
{
  return gtk_toggle_button_get_active (self->everyone_button) &&
         sd_session_can (self->session, SD_PERMISSION_CONVERSATIONS_ALL);
}

/* Whether C belongs in the queue shown: not closed, and waiting or the agent's own unless
 * everyone's are shown. */
static gboolean
in_queue (SdConversationsPage  *self,
          const SdConversation *c)
{
  if (c->state == SD_CONVERSATION_CLOSED)
    return FALSE;
  return c->state == SD_CONVERSATION_WAITING || everyone (self) ||
         c->staff_id == sd_session_get_staff_id (self->session);
}

/* Waiting chats first, then the longest-waiting buyer, then the newest. */
static int
queue_sort (GtkListBoxRow *a,
            GtkListBoxRow *b,
            gpointer       user_data)
{
  const SdConversation *x = sd_conversation_row_get_conversation (SD_CONVERSATION_ROW (a));
  const SdConversation *y = sd_conversation_row_get_conversation (SD_CONVERSATION_ROW (b));
  gint64                wx, wy;

  if ((x->state == SD_CONVERSATION_WAITING) != (y->state == SD_CONVERSATION_WAITING))
    return x->state == SD_CONVERSATION_WAITING ? -1 : 1;
  wx = sd_conversation_waiting_since (x);
  wy = sd_conversation_waiting_since (y);
  if ((wx != 0) != (wy != 0))
    return wx != 0 ? -1 : 1;
  if (wx != wy)
    return wx < wy ? -1 : 1;
  return (y->opened_at > x->opened_at) - (y->opened_at < x->opened_at);
}

static void
tick_row (SdConversationsPage *self,
          SdConversationRow   *row)
{
  sd_conversation_row_tick (row, now (self), self->response_target);
}

static gboolean
tick_cb (gpointer data)
{
  SdConversationsPage *self = data;
  GHashTableIter       iter;
  gpointer             row;

  if (self->session == NULL)
    return G_SOURCE_CONTINUE;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    tick_row (self, row);
  return G_SOURCE_CONTINUE;
}

static void
update_load (SdConversationsPage *self)
{
  g_autoptr(SdAgent) agent = NULL;
  g_autofree char *load = NULL;

  if (self->session == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }
  agent = sd_agents_get (self->session, 0, NULL);
  if (agent == NULL)
    return;
  /* TRANSLATORS: the agent's load: chats they handle of the most they take, "3 of 5 chats" */
  load = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld of %d chat", "%lld of %d chats",
                                       agent->max_concurrent),
                          (long long) agent->load, agent->max_concurrent);
  adw_window_title_set_subtitle (self->window_title, load);
  self->updating_status = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (status_items); i++)
    if (status_items[i] == agent->status)
      gtk_drop_down_set_selected (self->status_dropdown, i);
  self->updating_status = FALSE;
}

static void
remove_row (SdConversationsPage *self,
            gint64               id)
{
  SdConversationRow *row = g_hash_table_lookup (self->rows, &id);

  if (row == NULL)
    return;
  g_hash_table_remove (self->rows, &id);
  gtk_list_box_remove (self->queue_list, GTK_WIDGET (row));
}

/* The row of C in the queue, made, updated or removed as C now stands. */
static void
place (SdConversationsPage *self,
       SdConversation      *c)
{
  SdConversationRow *row = g_hash_table_lookup (self->rows, &c->id);
  g_autofree char   *preview = NULL;

  if (!in_queue (self, c))
    {
      remove_row (self, c->id);
      sd_conversation_free (c);
      return;
    }
  preview = preview_of (c);
  if (row != NULL)
    {
      sd_conversation_row_set (row, c, customer_label (self, c->customer_id), preview);
      tick_row (self, row);
      gtk_list_box_row_changed (GTK_LIST_BOX_ROW (row));
      return;
    }
  /* Filled before it goes in: the list sorts it on the way. */
  row = SD_CONVERSATION_ROW (sd_conversation_row_new ());
  sd_conversation_row_set (row, c, customer_label (self, c->customer_id), preview);
  tick_row (self, row);
  g_hash_table_insert (self->rows, g_memdup2 (&c->id, sizeof c->id), row);
  gtk_list_box_append (self->queue_list, GTK_WIDGET (row));
}

static void
clear_queue (SdConversationsPage *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list))) != NULL)
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (self->queue_list, child);
      else
        break;
    }
}

/* SEEN (optional): the ids listed are added. */
static void
list_state (SdConversationsPage *self,
            SdConversationState  state,
            gint64               staff_id,
            GHashTable          *seen)
{
  SdConversationFilter filter = SD_CONVERSATION_FILTER_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  filter.state = state;
  filter.staff_id = staff_id;
  filter.limit = QUEUE_LIMIT;
  list = sd_conversations_list (self->session, &filter, &error);
  if (list == NULL)
    {
      toast (self, error->message, TRUE);
      return;
    }
  for (guint i = 0; i < list->len; i++)
    {
      SdConversation *c = g_ptr_array_index (list, i);
      /* With its messages, for the preview. */
      SdConversation *full = sd_conversations_get (self->session, c->id, NULL);
      if (seen != NULL)
        g_hash_table_add (seen, g_memdup2 (&c->id, sizeof c->id));
      if (full != NULL)
        place (self, full);
    }
}

static void
reload_queue (SdConversationsPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 shown = self->shown_id;

  clear_queue (self);
  if (self->session == NULL)
    return;
  list_state (self, SD_CONVERSATION_WAITING, 0, NULL);
  list_state (self, SD_CONVERSATION_OPEN,
              everyone (self) ? 0 : sd_session_get_staff_id (self->session), NULL);
  update_load (self);
  if (shown != 0)
    sd_conversations_page_show_conversation (self, shown);
}

/* ---- the desk and its channel ---- */

/* NAME: "no-channel" or "desk"; the header's queue and customer buttons only serve the
 * desk. */
static void
show_main (SdConversationsPage *self,
           const char          *name)
{
  gboolean desk = g_str_equal (name, "desk");

  gtk_stack_set_visible_child_name (self->main_stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->context_button), desk);
  gtk_widget_set_visible (GTK_WIDGET (self->everyone_button),
                          desk && self->session != NULL &&
                            sd_session_can (self->session, SD_PERMISSION_CONVERSATIONS_ALL));
}

static void
show_connection (SdConversationsPage *self,
                 const char          *text,
                 GtkMessageType       type,
                 gboolean             offer_retry)
{
  gtk_info_bar_set_revealed (self->connection_bar, text != NULL);
  if (text == NULL)
    return;
  gtk_label_set_label (self->connection_label, text);
  gtk_info_bar_set_message_type (self->connection_bar, type);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), offer_retry);
  gtk_widget_set_visible (GTK_WIDGET (self->change_button),
                          offer_retry &&
                            sd_session_can (self->session, SD_PERMISSION_CONFIGURE_SHOP));
}

static void
desk_state_cb (SdConversationsPage *self)
{
  const GError    *error;
  g_autofree char *text = NULL;

  if (self->desk == NULL)
    return;
  switch (sd_chat_desk_get_state (self->desk))
    {
    case SD_CHAT_CHANNEL_CONNECTED:
      show_connection (self, NULL, GTK_MESSAGE_INFO, FALSE);
      break;
    case SD_CHAT_CHANNEL_CONNECTING:
      error = sd_chat_desk_get_error (self->desk);
      if (error != NULL)
        text = g_strdup_printf (
          _("Reconnecting to the chat channel (%s)… Replies wait and go out once it is back."),
             error->message);
      show_connection (
        self, text != NULL ? text : _("Connecting to the chat channel…"), GTK_MESSAGE_INFO, FALSE);
      break;
    case SD_CHAT_CHANNEL_DISCONNECTED:
    default:
      error = sd_chat_desk_get_error (self->desk);
      text = g_strdup_printf (_("The chat channel is not connected: %s"),
                                 error != NULL ? error->message : _("it was closed."));
      show_connection (self, text, GTK_MESSAGE_ERROR, TRUE);
      break;
    }
}

static void
notify_new_chat (SdConversationsPage  *self,
                 const SdConversation *c)
{
  GtkRoot      *root = gtk_widget_get_root (GTK_WIDGET (self));
  GApplication *app;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;

  if (!GTK_IS_WINDOW (root) || gtk_window_is_active (GTK_WINDOW (root)))
    return;
  app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)));
  if (app == NULL || !g_application_get_is_registered (app) || g_application_get_is_remote (app))
    return;
  title = g_strdup_printf (_("New chat from %s"), c->buyer_nick);
  if (c->messages != NULL && c->messages->len > 0)
    body = first_words (((SdChatMessage *) g_ptr_array_index (c->messages, 0))->text, NOTIFY_CHARS);
  notification = g_notification_new (title);
  if (body != NULL)
    g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.show-conversation", "x", c->id);
  id = g_strdup_printf ("conversation-%" G_GINT64_FORMAT, c->id);
  g_application_send_notification (app, id, notification);
}

static void
conversation_changed_cb (SdConversationsPage *self,
                         gint64               id,
                         const char          *what)
{
  SdConversation *c;
  gboolean        announce;

  if (self->session == NULL)
    return;
  c = sd_conversations_get (self->session, id, NULL);
  if (c == NULL)
    {
      /* Handed to someone else (and this account may not read others' chats): it goes. */
      remove_row (self, id);
      if (id == self->shown_id)
        {
          self->shown_id = 0;
          show_thread (self);
        }
      update_load (self);
      return;
    }
  /* A new chat for this agent, or one waiting that anyone may take: announced with the
   * buyer's first message (a chat opens a moment before it), or when routed here. */
  announce =
    (g_strcmp0 (what, "message") == 0 && c->state == SD_CONVERSATION_WAITING &&
     c->buyer_messages == 1) ||
    (g_strcmp0 (what, "assigned") == 0 && c->staff_id == sd_session_get_staff_id (self->session));
  if (announce)
    notify_new_chat (self, c);
  place (self, c);
  if (g_strcmp0 (what, "assigned") == 0 || g_strcmp0 (what, "closed") == 0 ||
      g_strcmp0 (what, "transferred") == 0 || g_strcmp0 (what, "opened") == 0)
    update_load (self);
  if (id == self->shown_id)
    show_thread (self);
}

static void
stop_desk (SdConversationsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->desk != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->desk, self);
      sd_chat_desk_stop (self->desk);
      g_clear_object (&self->desk);
    }
  g_clear_object (&self->demo);
  sd_chat_thread_set_desk (self->thread, self->session, NULL);
  show_connection (self, NULL, GTK_MESSAGE_INFO, FALSE);
}

static void
desk_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SdConversationsPage *self = user_data;
  SdChatDesk          *desk = SD_CHAT_DESK (source);
  g_autoptr(GError) error = NULL;

  if (!sd_chat_desk_start_finish (desk, result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, SD_ERROR, SD_ERROR_AUTH_FAILED))
        text = g_strdup_printf (
          _("The chat channel refused the token: %s Enter the right one with Change…"),
             error->message);
      else
        text = g_strdup_printf (_("Could not connect to the chat channel: %s"), error->message);
      show_connection (self, text, GTK_MESSAGE_ERROR, TRUE);
      return;
    }
  desk_state_cb (self);
  reload_queue (self);
}

/* Starts a desk on CHANNEL (taken) named CHANNEL_NAME. */
static void
start_desk (SdConversationsPage *self,
            SdChatChannel       *channel,
            const char          *channel_name)
{
  g_autoptr(SdChatChannel) owned = channel;

  if (self->desk != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->desk, self);
      sd_chat_desk_stop (self->desk);
      g_clear_object (&self->desk);
    }
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  self->desk = sd_chat_desk_new (self->session, owned, channel_name);
  g_signal_connect_object (self->desk, "conversation-changed", G_CALLBACK (conversation_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->desk, "notify::state", G_CALLBACK (desk_state_cb), self,
                           G_CONNECT_SWAPPED);
  sd_chat_thread_set_desk (self->thread, self->session, self->desk);
  show_main (self, "desk");
  show_connection (self, _("Connecting to the chat channel…"), GTK_MESSAGE_INFO, FALSE);
  sd_chat_desk_start_async (self->desk, self->cancellable, desk_started_cb, self);
}

/* The shop's saved connection, if there is one: connected; else the page offers one. */
static void
connect_saved (SdConversationsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SdChatChannel   *channel;

  url = sd_chat_connection_get_url (self->session, &error);
  if (url == NULL)
    {
      gboolean may = sd_session_can (self->session, SD_PERMISSION_CONFIGURE_SHOP);

      gtk_widget_set_visible (GTK_WIDGET (self->connect_button), may);
      gtk_widget_set_visible (GTK_WIDGET (self->ask_owner_label), !may);
      show_main (self, "no-channel");
      if (error != NULL)
        toast (self, error->message, TRUE);
      return;
    }
  channel = sd_chat_connection_open (self->session, self->token, &error);
  if (channel == NULL)
    {
      g_autofree char *text = NULL;

      show_main (self, "desk");
      if (g_error_matches (error, SD_ERROR, SD_ERROR_AUTH_FAILED))
        text = g_strdup_printf (
          _("The chat channel at %s needs its token, which this computer does not keep. "
                                  "Enter it with Change…"),
             url);
      else
        text = g_strdup_printf (_("Could not open the chat channel: %s"), error->message);
      show_connection (self, text, GTK_MESSAGE_ERROR, TRUE);
      reload_queue (self);
      return;
    }
  start_desk (self, channel, SD_CHAT_CONNECTION_CHANNEL);
}

/* ---- the connect dialog ---- */

static gboolean
valid_url (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
         (g_strcmp0 (g_uri_get_scheme (uri), "ws") == 0 ||
          g_strcmp0 (g_uri_get_scheme (uri), "wss") == 0);
}

static void
connect_fields_changed_cb (AdwMessageDialog *dialog)
{
  GtkWidget  *url_row = g_object_get_data (G_OBJECT (dialog), "url");
  GtkWidget  *token_row = g_object_get_data (G_OBJECT (dialog), "token");
  GtkLabel   *hint = g_object_get_data (G_OBJECT (dialog), "hint");
  const char *url = gtk_editable_get_text (GTK_EDITABLE (url_row));
  gboolean    url_ok = valid_url (url);
  gboolean    token_ok = *gtk_editable_get_text (GTK_EDITABLE (token_row)) != '\0';

  if (*url != '\0' && !url_ok)
    gtk_widget_add_css_class (url_row, "error");
  else
    gtk_widget_remove_css_class (url_row, "error");
  sd_message_set_label (hint, *url != '\0' && !url_ok
                        ? _("The address starts with ws:// or wss:// and names a host, e.g. wss://chat.example.com/chat.")
                        : _("The token stays in your keyring, never in the shop file."),
                             *url != '\0' && !url_ok);
  adw_message_dialog_set_response_enabled (dialog, "connect", url_ok && token_ok);
}

static void
connect_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     SdConversationsPage *self)
{
  GtkEditable *url_row = g_object_get_data (G_OBJECT (dialog), "url");
  GtkEditable *token_row = g_object_get_data (G_OBJECT (dialog), "token");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "connect") != 0 || self->session == NULL)
    return;
  if (!sd_chat_connection_save (self->session, gtk_editable_get_text (url_row),
                                gtk_editable_get_text (token_row), &error))
    {
      if (!g_error_matches (error, SD_ERROR, SD_ERROR_IO))
        {
          toast (self, error->message, TRUE);
          return;
        }
      /* The URL is saved; the token is kept here until the account signs out. */
      toast (self, _("No keyring could keep the token: ShopDesk uses it until you sign out."),
                      FALSE);
      g_free (self->token);
      self->token = g_strdup (gtk_editable_get_text (token_row));
    }
  g_clear_object (&self->demo);
  connect_saved (self);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SdConversationsPage *self = SD_CONVERSATIONS_PAGE (widget);
  AdwMessageDialog    *dialog;
  GtkWidget           *box, *list, *url_row, *token_row, *hint;
  g_autofree char     *url = NULL;

  if (self->session == NULL)
    return;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  url_row = adw_entry_row_new ();
  gtk_widget_set_name (url_row, "url");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (url_row), _("Address"));
  url = sd_chat_connection_get_url (self->session, NULL);
  if (url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (url_row), url);
  token_row = adw_password_entry_row_new ();
  gtk_widget_set_name (token_row, "token");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (token_row), _("Token"));
  gtk_list_box_append (GTK_LIST_BOX (list), url_row);
  gtk_list_box_append (GTK_LIST_BOX (list), token_row);
  hint = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), hint);
  dialog = sd_form_question_new (
    GTK_WINDOW (gtk_widget_get_root (widget)), _("Connect the Live Chat"),
    _("The chat service’s WebSocket address and the token it gave the shop."), box, "connect",
    _("C_onnect"));
  g_object_set_data (G_OBJECT (dialog), "url", url_row);
  g_object_set_data (G_OBJECT (dialog), "token", token_row);
  g_object_set_data (G_OBJECT (dialog), "hint", hint);
  g_signal_connect_swapped (url_row, "changed", G_CALLBACK (connect_fields_changed_cb), dialog);
  g_signal_connect_swapped (token_row, "changed", G_CALLBACK (connect_fields_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (connect_response_cb), self, 0);
  connect_fields_changed_cb (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the demo chat ---- */

static void
demo_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SdConversationsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) router = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;

  if (!sd_store_sim_start_finish (SD_STORE_SIM (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text =
            g_strdup_printf (_("The demo chat could not start: %s"), error->message);
          toast (self, text, TRUE);
          gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), TRUE);
        }
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), TRUE);
  router = g_uri_parse (sd_store_sim_get_url (self->demo), G_URI_FLAGS_NONE, NULL);
  url = g_strdup_printf ("ws://%s:%d/chat", g_uri_get_host (router), g_uri_get_port (router));
  /* A simulator of its own each time, whose events start at seq 1: a channel name of its
   * own too, so that no seq stored for an earlier one hides them. */
  name = g_strdup_printf ("demo-%" G_GINT64_FORMAT, g_get_real_time ());
  start_desk (self, sd_sim_chat_channel_new (url, DEMO_CHAT_TOKEN), name);
}

static void
demo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdConversationsPage *self = SD_CONVERSATIONS_PAGE (widget);

  if (self->session == NULL || self->demo != NULL)
    return;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  self->demo = sd_store_sim_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), FALSE);
  sd_store_sim_start_async (self->demo, self->cancellable, demo_started_cb, self);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SdConversationsPage *self = SD_CONVERSATIONS_PAGE (widget);

  if (self->session == NULL)
    return;
  if (self->demo != NULL && self->desk != NULL)
    {
      g_autoptr(GUri) router =
                   g_uri_parse (sd_store_sim_get_url (self->demo), G_URI_FLAGS_NONE, NULL);
      g_autofree char *url =
        router != NULL
          ? g_strdup_printf ("ws://%s:%d/chat", g_uri_get_host (router), g_uri_get_port (router))
          : NULL;
      if (url != NULL)
        {
          g_autofree char *name = g_strdup_printf ("demo-%" G_GINT64_FORMAT, g_get_real_time ());
          start_desk (self, sd_sim_chat_channel_new (url, DEMO_CHAT_TOKEN), name);
          return;
        }
    }
  connect_saved (self);
}

/* ---- the queue and the thread ---- */

static void
show_thread (SdConversationsPage *self)
{
  SdConversation *c = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session != NULL && self->shown_id != 0)
    c = sd_conversations_get (self->session, self->shown_id, &error);
  if (c == NULL)
    {
      if (error != NULL)
        toast (self, error->message, TRUE);
      self->shown_id = 0;
      sd_chat_thread_set_conversation (self->thread, NULL, 0);
      gtk_stack_set_visible_child_name (self->thread_stack, "empty");
      return;
    }
  /* The customer first: the thread fills placeholders with their latest order. */
  if (sd_chat_thread_get_conversation (self->thread) == NULL ||
      sd_chat_thread_get_conversation (self->thread)->id != c->id)
    sd_customer_context_show (self->context, c->customer_id, c->id, c->buyer_nick);
  sd_chat_thread_set_conversation (self->thread, c,
                                   sd_customer_context_get_order_id (self->context));
  gtk_stack_set_visible_child_name (self->thread_stack, "thread");
}

static void
queue_row_selected_cb (SdConversationsPage *self,
                       GtkListBoxRow       *row)
{
  gint64 id;

  if (row == NULL)
    return;
  id = sd_conversation_row_get_id (SD_CONVERSATION_ROW (row));
  if (id == self->shown_id)
    return;
  self->shown_id = id;
  show_thread (self);
}

static void
move_selection (SdConversationsPage *self,
                int                  delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->queue_list);
  int            index = row != NULL ? gtk_list_box_row_get_index (row) + delta : 0;
  GtkListBoxRow *next = gtk_list_box_get_row_at_index (self->queue_list, MAX (index, 0));

  if (next != NULL)
    {
      gtk_list_box_select_row (self->queue_list, next);
      gtk_widget_grab_focus (GTK_WIDGET (sd_chat_thread_get_composer (self->thread)));
    }
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_selection (SD_CONVERSATIONS_PAGE (widget), 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_selection (SD_CONVERSATIONS_PAGE (widget), -1);
}

static void
everyone_toggled_cb (SdConversationsPage *self)
{
  reload_queue (self);
}

static void
status_selected_cb (SdConversationsPage *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  if (self->updating_status || self->session == NULL || selected >= G_N_ELEMENTS (status_items))
    return;
  if (!sd_agents_set_status (self->session, 0, status_items[selected], &error) ||
      (self->desk != NULL && !sd_chat_desk_route (self->desk, &error)))
    toast (self, error->message, TRUE);
  update_load (self);
}

static void
thread_changed_cb (SdConversationsPage *self,
                   gint64               id)
{
  conversation_changed_cb (self, id, "transferred");
}

static void
context_open_conversation_cb (SdConversationsPage *self,
                              gint64               id)
{
  sd_conversations_page_show_conversation (self, id);
}

static void
context_open_case_cb (SdConversationsPage *self,
                      gint64               case_id)
{
  g_signal_emit (self, signals[SIGNAL_OPEN_CASE], 0, case_id);
}

static void
context_case_opened_cb (SdConversationsPage *self,
                        gint64               case_id)
{
  toast (self, _("Case opened. It is in the Cases page and beside this chat."), FALSE);
}

static void
show_conversation_activated_cb (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  SdConversationsPage *self = user_data;
  GtkRoot             *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (SD_IS_WINDOW (root))
    sd_window_show_page (SD_WINDOW (root), "conversations");
  if (GTK_IS_WINDOW (root))
    gtk_window_present (GTK_WINDOW (root));
  sd_conversations_page_show_conversation (self, g_variant_get_int64 (parameter));
}

/* The application's action for the notifications, answered by this page while it is in a
 * window (the last such page wins: one window works a shop's chat at a time). */
static void
root_changed (SdConversationsPage *self)
{
  GtkRoot        *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app =
    GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (app == NULL || self->show_action != NULL)
    return;
  self->show_action = g_simple_action_new ("show-conversation", G_VARIANT_TYPE_INT64);
  g_signal_connect_object (self->show_action, "activate",
                           G_CALLBACK (show_conversation_activated_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (self->show_action));
}

static void
sd_conversations_page_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sd_conversations_page_parent_class)->realize (widget);
  root_changed (SD_CONVERSATIONS_PAGE (widget));
}

/* ---- overrides ---- */

static void
sd_conversations_page_dispose (GObject *object)
{
  SdConversationsPage *self = SD_CONVERSATIONS_PAGE (object);
  GApplication        *app = g_application_get_default ();

  stop_desk (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->show_action != NULL && app != NULL &&
      g_action_map_lookup_action (G_ACTION_MAP (app), "show-conversation") ==
        G_ACTION (self->show_action))
    g_action_map_remove_action (G_ACTION_MAP (app), "show-conversation");
  g_clear_object (&self->show_action);
  g_clear_object (&self->session);
  /* AdwBin unparents its child itself: hand it over first, so it is not done twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CONVERSATIONS_PAGE);
  G_OBJECT_CLASS (sd_conversations_page_parent_class)->dispose (object);
}

static void
sd_conversations_page_finalize (GObject *object)
{
  SdConversationsPage *self = SD_CONVERSATIONS_PAGE (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->customer_labels, g_hash_table_unref);
  g_clear_pointer (&self->ladder, sd_tier_ladder_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  G_OBJECT_CLASS (sd_conversations_page_parent_class)->finalize (object);
}

static void
sd_conversations_page_class_init (SdConversationsPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_conversations_page_dispose;
  object_class->finalize = sd_conversations_page_finalize;
  widget_class->realize = sd_conversations_page_realize;

  signals[SIGNAL_OPEN_CASE] =
    g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SD_TYPE_CHAT_THREAD);
  g_type_ensure (SD_TYPE_CUSTOMER_CONTEXT);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/shopdesk/ShopDesk/sd-conversations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, ask_owner_label);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, change_button);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, connection_bar);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, connection_label);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, context);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, context_button);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, everyone_button);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, flap);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, queue_list);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, thread);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, thread_stack);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdConversationsPage, window_title);
  gtk_widget_class_bind_template_callback (widget_class, context_case_opened_cb);
  gtk_widget_class_bind_template_callback (widget_class, context_open_case_cb);
  gtk_widget_class_bind_template_callback (widget_class, context_open_conversation_cb);
  gtk_widget_class_bind_template_callback (widget_class, everyone_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, queue_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, thread_changed_cb);

  gtk_widget_class_install_action (widget_class, "conversations.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "conversations.demo", NULL, demo_action);
  gtk_widget_class_install_action (widget_class, "conversations.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "conversations.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "conversations.previous", NULL, previous_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "conversations.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "conversations.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "conversations.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "conversations.previous", NULL);
}

static void
sd_conversations_page_init (SdConversationsPage *self)
{
  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->customer_labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->response_target = DEFAULT_RESPONSE_TARGET;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_sort_func (self->queue_list, queue_sort, NULL, NULL);
  show_main (self, "no-channel");
}

/* ---- public API ---- */

GtkWidget *
sd_conversations_page_new (void)
{
  return g_object_new (SD_TYPE_CONVERSATIONS_PAGE, NULL);
}

void
sd_conversations_page_set_session (SdConversationsPage *self,
                                   SdSession           *session)
{
  g_return_if_fail (SD_IS_CONVERSATIONS_PAGE (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  if (session == self->session)
    return;
  stop_desk (self);
  g_set_object (&self->session, session);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  g_hash_table_remove_all (self->customer_labels);
  g_clear_pointer (&self->ladder, sd_tier_ladder_free);
  self->shown_id = 0;
  clear_queue (self);
  sd_chat_thread_set_desk (self->thread, session, NULL);
  sd_customer_context_set_session (self->context, session);
  show_thread (self);
  if (session == NULL)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      update_load (self);
      return;
    }
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  update_load (self);
  connect_saved (self);
}

void
sd_conversations_page_set_folded (SdConversationsPage *self,
                                  gboolean             folded)
{
  g_return_if_fail (SD_IS_CONVERSATIONS_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), folded);
}

void
sd_conversations_page_show_conversation (SdConversationsPage *self,
                                         gint64               id)
{
  SdConversationRow *row;

  g_return_if_fail (SD_IS_CONVERSATIONS_PAGE (self));

  row = g_hash_table_lookup (self->rows, &id);
  self->shown_id = id;
  if (row != NULL)
    gtk_list_box_select_row (self->queue_list, GTK_LIST_BOX_ROW (row));
  else
    gtk_list_box_unselect_all (self->queue_list);
  show_thread (self);
}

void
sd_conversations_page_set_response_target (SdConversationsPage *self,
                                           gint64               seconds)
{
  g_return_if_fail (SD_IS_CONVERSATIONS_PAGE (self));
  g_return_if_fail (seconds > 0);

  self->response_target = seconds;
  if (self->session != NULL)
    tick_cb (self);
}

SdChatDesk *
sd_conversations_page_get_desk (SdConversationsPage *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATIONS_PAGE (self), NULL);
  return self->desk;
}

void
sd_conversations_page_refresh (SdConversationsPage *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (SD_IS_CONVERSATIONS_PAGE (self));

  if (self->session == NULL)
    return;
  /* Each row placed as its chat stands now, in place: the row chosen stays chosen. */
  list_state (self, SD_CONVERSATION_WAITING, 0, seen);
  list_state (self, SD_CONVERSATION_OPEN,
              everyone (self) ? 0 : sd_session_get_staff_id (self->session), seen);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      g_ptr_array_add (gone, key);
  for (guint i = 0; i < gone->len; i++)
    remove_row (self, *(gint64 *) g_ptr_array_index (gone, i));
  update_load (self);
  /* The same chat read again keeps the reply being written. */
  if (self->shown_id != 0)
    show_thread (self);
}
