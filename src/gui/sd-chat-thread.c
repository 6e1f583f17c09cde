/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-chat-thread"

#include <glib/gi18n.h>

#include "sd-agents.h"
#include "sd-chat-thread.h"
#include "sd-conversations.h"
#include "sd-error.h"
#include "sd-form-question.h"
#include "sd-message.h"
#include "sd-quick-reply-popover.h"

struct _SdChatThread
{
  GtkBox parent_instance;

  SdSession      *session;
  SdChatDesk     *desk;
  SdConversation *conversation;
  gint64          order_id;
  gint64          quick_reply_id; /* the reply the composer's text came from; 0: typed */
  GHashTable     *agent_names;    /* staff id → display name */
  GCancellable   *cancellable;

  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkListBox          *messages;
  GtkScrolledWindow   *scroller;
  GtkTextView         *composer;
  GtkLabel            *placeholder;
  GtkMenuButton       *quick_button;
  SdQuickReplyPopover *browse_popover;
  SdQuickReplyPopover *completion;
  GtkLabel            *error_label;
  GtkWidget           *composer_box;
  GtkLabel            *closed_label;
};

G_DEFINE_FINAL_TYPE (SdChatThread, sd_chat_thread, GTK_TYPE_BOX)

/* Between the composer's card and its text (and placeholder), in pixels. */
#define COMPOSER_PADDING 8

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_time (gint64 at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%H:%M") : g_strdup ("");
}

static const char *
agent_name (SdChatThread *self,
            gint64        staff_id)
{
  const char *name;

  if (staff_id == 0)
    return _("nobody");
  name = g_hash_table_lookup (self->agent_names, &staff_id);
  if (name == NULL && self->session != NULL)
    {
      g_autoptr(GPtrArray) agents = sd_agents_list (self->session, 0, NULL);
      for (guint i = 0; agents != NULL && i < agents->len; i++)
        {
          SdAgent *agent = g_ptr_array_index (agents, i);
          g_hash_table_insert (
            self->agent_names, g_memdup2 (&agent->staff_id, sizeof (gint64)),
            g_strdup (*agent->display_name != '\0' ? agent->display_name : agent->login));
        }
      name = g_hash_table_lookup (self->agent_names, &staff_id);
    }
  return name != NULL ? name : _("a former agent");
}

static GtkWidget *
note_line (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 4);
  return label;
}

static GtkWidget *
bubble (const char *text,
        const char *meta,
        gboolean    ours)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *body = gtk_label_new (text);
  GtkWidget *caption = gtk_label_new (meta);

  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (body), 48);
  gtk_widget_set_margin_top (body, 8);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  gtk_label_set_xalign (GTK_LABEL (caption), ours ? 1 : 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_set_margin_bottom (caption, 6);
  gtk_widget_set_margin_start (caption, 12);
  gtk_widget_set_margin_end (caption, 12);
  gtk_box_append (GTK_BOX (box), body);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_halign (box, ours ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_set_margin_start (box, ours ? 64 : 12);
  gtk_widget_set_margin_end (box, ours ? 12 : 64);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  return box;
}

static void retry_clicked_cb (GtkButton    *button,
                              SdChatThread *self);

/* A reply the channel did not take, marked, with Retry. */
static GtkWidget *
failed_widget (SdChatThread        *self,
               const SdChatMessage *message)
{
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *time = format_time (message->at);
  GtkWidget       *reply = bubble (message->text, time, TRUE);
  GtkWidget       *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *why = g_strdup_printf (
    _("Not sent: %s"), message->send_error != NULL ? message->send_error
                                                    : _("the chat service did not confirm it."));
  GtkWidget *label = gtk_label_new (why);
  GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));

  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (retry, "flat");
  gtk_widget_set_tooltip_text (retry, _("Send this message again"));
  g_object_set_data_full (G_OBJECT (retry), "message", g_memdup2 (&message->id, sizeof (gint64)),
                          g_free);
  gtk_widget_set_sensitive (retry, self->desk != NULL);
  g_signal_connect (retry, "clicked", G_CALLBACK (retry_clicked_cb), self);
  gtk_widget_set_halign (line, GTK_ALIGN_END);
  gtk_widget_set_margin_end (line, 12);
  gtk_box_append (GTK_BOX (line), gtk_image_new_from_icon_name ("dialog-error-symbolic"));
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), retry);
  gtk_box_append (GTK_BOX (box), reply);
  gtk_box_append (GTK_BOX (box), line);
  return box;
}

static GtkWidget *
message_widget (SdChatThread        *self,
                const SdChatMessage *message)
{
  g_autofree char *time = format_time (message->at);
  g_autofree char *meta = NULL;

  switch (message->direction)
    {
    case SD_CHAT_IN:
      return bubble (message->text, time, FALSE);
    case SD_CHAT_OUT:
      if (message->send_state == SD_CHAT_SEND_FAILED)
        return failed_widget (self, message);
      if (message->send_state == SD_CHAT_SENDING)
        /* TRANSLATORS: under an agent's message not yet confirmed: "14:05 · Sending…" */
        meta = g_strdup_printf (_("%s · Sending…"), time);
      else
        /* TRANSLATORS: under an agent's message: "14:05 · Wang Fang" */
        meta = g_strdup_printf (_("%s · %s"), time, agent_name (self, message->staff_id));
      return bubble (message->text, meta, TRUE);
    case SD_CHAT_SYSTEM:
    case SD_CHAT_DIRECTION_N:
    default:
      meta = g_strdup_printf ("%s · %s", message->text, time);
      return note_line (meta);
    }
}

static char *
describe_event (SdChatThread              *self,
                const SdConversationEvent *event)
{
  g_autofree char *time = format_time (event->at);
  g_autofree char *what = NULL;

  if (g_str_equal (event->kind, "assigned"))
    what = g_strdup_printf (_("Assigned to %s"), agent_name (self, event->to_staff_id));
  else if (g_str_equal (event->kind, "transferred") && event->note != NULL && *event->note != '\0')
    what = g_strdup_printf (_("Transferred from %s to %s: “%s”"),
                               agent_name (self, event->from_staff_id),
                               agent_name (self, event->to_staff_id), event->note);
  else if (g_str_equal (event->kind, "transferred"))
    what =
      g_strdup_printf (_("Transferred from %s to %s"), agent_name (self, event->from_staff_id),
                          agent_name (self, event->to_staff_id));
  else if (g_str_equal (event->kind, "closed"))
    what = g_strdup (_("Chat closed"));
  else if (g_str_equal (event->kind, "reopened"))
    what = g_strdup (_("Chat reopened"));
  else if (g_str_equal (event->kind, "rated") && self->conversation->rating > 0)
    /* TRANSLATORS: a line of the thread: the buyer's rating, "The buyer rated the service 4 of 5"
     */
    what = g_strdup_printf (_("The buyer rated the service %d of 5"), self->conversation->rating);
  else if (g_str_equal (event->kind, "rated"))
    what = g_strdup (_("The buyer rated the service"));
  else
    what = g_strdup (event->kind);
  return g_strdup_printf ("%s · %s", what, time);
}

static gboolean
scroll_to_end_cb (gpointer data)
{
  SdChatThread  *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

static void
append_line (SdChatThread *self,
             GtkWidget    *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_append (self->messages, row);
}

static void
show_messages (SdChatThread *self)
{
  SdConversation *c = self->conversation;
  GtkWidget      *child;
  guint           m = 0, e = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->messages))) != NULL)
    gtk_list_box_remove (self->messages, child);
  if (c == NULL)
    return;

  /* Messages and events in the order they happened; a message before an event of the same
   * second (a reply assigns the chat as it is stored). */
  while ((c->messages != NULL && m < c->messages->len) || (c->events != NULL && e < c->events->len))
    {
      SdChatMessage *message =
        c->messages != NULL && m < c->messages->len ? g_ptr_array_index (c->messages, m) : NULL;
      SdConversationEvent *event =
        c->events != NULL && e < c->events->len ? g_ptr_array_index (c->events, e) : NULL;

      if (message != NULL && (event == NULL || message->at <= event->at))
        {
          append_line (self, message_widget (self, message));
          m++;
        }
      else
        {
          g_autofree char *text = NULL;

          g_assert (event != NULL);
          text = describe_event (self, event);
          append_line (self, note_line (text));
          e++;
        }
    }
  g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self), g_object_unref);
}

static gboolean
composer_is_empty (SdChatThread *self)
{
  return gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->composer)) == 0;
}

static void
update_send (SdChatThread *self)
{
  SdConversation *c = self->conversation;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "thread.send",
                                 c != NULL && self->desk != NULL &&
                                   c->state != SD_CONVERSATION_CLOSED && self->composer != NULL &&
                                   !composer_is_empty (self));
}

static void
update_header (SdChatThread *self)
{
  SdConversation *c = self->conversation;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  gboolean closed = c != NULL && c->state == SD_CONVERSATION_CLOSED;
  gboolean acting = c != NULL && self->desk != NULL && !closed;

  gtk_label_set_label (self->title_label, c != NULL ? c->buyer_nick : "");
  if (c != NULL)
    {
      g_string_append (subtitle, sd_conversation_state_get_label (c->state));
      if (c->staff_id != 0)
        g_string_append_printf (subtitle, " · %s", agent_name (self, c->staff_id));
      if (c->rating > 0)
        {
          g_string_append (subtitle, " · ");
          /* TRANSLATORS: the buyer's rating of the service, e.g. "Rated 4 of 5" */
          g_string_append_printf (subtitle, _("Rated %d of 5"), c->rating);
        }
    }
  gtk_label_set_label (self->subtitle_label, subtitle->str);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "thread.close", acting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "thread.transfer",
                                 c != NULL && self->session != NULL &&
                                   c->state == SD_CONVERSATION_OPEN);
  update_send (self);
  gtk_widget_set_visible (self->composer_box, !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->closed_label), closed);
  gtk_widget_set_sensitive (self->composer_box, acting);
}

static void
show_error (SdChatThread *self,
            const char   *text)
{
  gtk_label_set_label (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

/* The "/word" that ends just before the cursor: its start and end. */
static gboolean
find_slash_word (SdChatThread *self,
                 GtkTextIter  *start,
                 GtkTextIter  *end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);

  gtk_text_buffer_get_iter_at_mark (buffer, end, gtk_text_buffer_get_insert (buffer));
  *start = *end;
  while (gtk_text_iter_backward_char (start))
    {
      gunichar c = gtk_text_iter_get_char (start);

      if (c == '/')
        {
          GtkTextIter before = *start;
          /* Only at the start of the text or after a space: not inside "1/2" or a link. */
          return !gtk_text_iter_backward_char (&before) ||
                 g_unichar_isspace (gtk_text_iter_get_char (&before));
        }
      if (g_unichar_isspace (c))
        return FALSE;
    }
  return FALSE;
}

/* The height of LINES lines of VIEW's text, with its padding: "中" for the Chinese line. */
static int
composer_height (GtkTextView *view,
                 int          lines)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (view), "Ag中");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return lines * height + 2 * COMPOSER_PADDING;
}

/* The hint shows over an empty composer, and Send is off while there is nothing to send. */
static void
composer_changed_cb (SdChatThread *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), composer_is_empty (self));
  update_send (self);
}

static void
buffer_changed_cb (SdChatThread *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);
  GtkTextIter    start, end;

  if (gtk_text_buffer_get_char_count (buffer) == 0)
    self->quick_reply_id = 0;
  if (self->session != NULL && find_slash_word (self, &start, &end))
    {
      g_autofree char *word = gtk_text_iter_get_text (&start, &end);
      if (sd_quick_reply_popover_complete (self->completion, word) > 0)
        {
          gtk_popover_popup (GTK_POPOVER (self->completion));
          return;
        }
    }
  gtk_popover_popdown (GTK_POPOVER (self->completion));
}

static void
picked (SdChatThread       *self,
        const SdQuickReply *reply,
        gboolean            replace_word)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter      start, end;

  if (self->session == NULL || self->conversation == NULL)
    return;
  text = sd_quick_replies_render (self->session, reply->text, self->conversation->customer_id,
                                  self->order_id, &error);
  if (text == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_handlers_block_by_func (buffer, buffer_changed_cb, self);
  if (replace_word && find_slash_word (self, &start, &end))
    gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  g_signal_handlers_unblock_by_func (buffer, buffer_changed_cb, self);
  self->quick_reply_id = reply->id;
  gtk_popover_popdown (GTK_POPOVER (self->completion));
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

static void
completion_picked_cb (SdChatThread *self,
                      SdQuickReply *reply)
{
  picked (self, reply, TRUE);
}

static void
browse_picked_cb (SdChatThread *self,
                  SdQuickReply *reply)
{
  picked (self, reply, FALSE);
}

/* A reply stored as failed shows in the thread with Retry; this says why beside it, and
 * what was refused before it was stored (a closed chat, another agent's). */
static void
show_send_error (SdChatThread *self,
                 const GError *error)
{
  g_autofree char *text = NULL;

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  text = g_strdup_printf (_("The reply was not sent: %s"), error->message);
  show_error (self, text);
}

static void
reply_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SdChatThread) self = user_data;
  g_autoptr(GError) error = NULL;

  sd_chat_desk_reply_finish (SD_CHAT_DESK (source), result, &error);
  show_send_error (self, error);
}

static void
retry_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SdChatThread) self = user_data;
  g_autoptr(GError) error = NULL;

  sd_chat_desk_retry_finish (SD_CHAT_DESK (source), result, &error);
  show_send_error (self, error);
}

static void
retry_clicked_cb (GtkButton    *button,
                  SdChatThread *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "message");

  if (self->desk == NULL || id == NULL)
    return;
  show_error (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  sd_chat_desk_retry_async (self->desk, *id, self->cancellable, retry_done_cb, g_object_ref (self));
}

/* Enter sends, Shift+Enter (or Ctrl+Enter) breaks the line; while completing, the keys
 * walk and pick the completion. */
static gboolean
composer_key_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 SdChatThread          *self)
{
  gboolean completing = gtk_widget_get_visible (GTK_WIDGET (self->completion));
  gboolean enter =
    keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter;

  if (completing)
    {
      if (keyval == GDK_KEY_Up || keyval == GDK_KEY_Down)
        {
          sd_quick_reply_popover_move (self->completion, keyval == GDK_KEY_Down ? 1 : -1);
          return TRUE;
        }
      if ((enter || keyval == GDK_KEY_Tab) && sd_quick_reply_popover_activate (self->completion))
        return TRUE;
      if (keyval == GDK_KEY_Escape)
        {
          gtk_popover_popdown (GTK_POPOVER (self->completion));
          return TRUE;
        }
    }
  if (enter && (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) == 0)
    {
      sd_chat_thread_send (self);
      return TRUE;
    }
  return FALSE;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sd_chat_thread_send (SD_CHAT_THREAD (widget));
}

static void
close_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SdChatThread) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_chat_desk_close_finish (SD_CHAT_DESK (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text =
        g_strdup_printf (_("The chat could not be closed: %s"), error->message);
      show_error (self, text);
    }
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   SdChatThread     *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "conversation"));

  if (g_strcmp0 (response, "close-chat") != 0 || self->desk == NULL)
    return;
  show_error (self, NULL);
  sd_chat_desk_close_async (self->desk, id, self->cancellable, close_done_cb, g_object_ref (self));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SdChatThread     *self = SD_CHAT_THREAD (widget);
  g_autofree char  *heading = NULL;
  AdwMessageDialog *dialog;

  if (self->conversation == NULL || self->desk == NULL)
    return;
  heading = g_strdup_printf (_("Close the Chat with %s?"), self->conversation->buyer_nick);
  dialog =
    sd_message_confirm (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                        _("The chat ends for the buyer, who is then asked to rate the service. "
                                 "A new message from them opens a new chat."),
                           "close-chat", _("_Close Chat"), G_CALLBACK (close_response_cb), self);
  adw_message_dialog_set_response_appearance (dialog, "close-chat", ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "conversation", GSIZE_TO_POINTER (self->conversation->id));
}

static void
transfer_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      SdChatThread     *self)
{
  GtkDropDown *agents = g_object_get_data (G_OBJECT (dialog), "agents");
  GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "note");
  GArray      *ids = g_object_get_data (G_OBJECT (dialog), "ids");
  gint64       id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "conversation"));
  guint        selected = gtk_drop_down_get_selected (agents);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "transfer") != 0 || self->session == NULL || selected >= ids->len)
    return;
  if (!sd_conversations_transfer (self->session, id, g_array_index (ids, gint64, selected),
                                  gtk_editable_get_text (note), &error))
    {
      g_autofree char *text =
        g_strdup_printf (_("The chat could not be transferred: %s"), error->message);
      show_error (self, text);
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, id);
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SdChatThread *self = SD_CHAT_THREAD (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GArray           *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  AdwMessageDialog *dialog;
  GtkWidget        *box, *dropdown, *note;
  g_autofree char  *heading = NULL;

  if (self->conversation == NULL || self->session == NULL)
    return;
  agents = sd_agents_list (self->session, 0, &error);
  for (guint i = 0; agents != NULL && i < agents->len; i++)
    {
      SdAgent         *agent = g_ptr_array_index (agents, i);
      g_autofree char *line = NULL;

      if (agent->disabled || agent->staff_id == self->conversation->staff_id)
        continue;
      /* TRANSLATORS: an agent to transfer a chat to: "Wang Fang — Online, 2 of 5 chats" */
      line = g_strdup_printf (_("%s — %s, %lld of %d chats"),
                              *agent->display_name != '\0' ? agent->display_name : agent->login,
                              sd_agent_status_get_label (agent->status), (long long) agent->load,
                              agent->max_concurrent);
      gtk_string_list_append (names, line);
      g_array_append_val (ids, agent->staff_id);
    }
  if (ids->len == 0)
    {
      show_error (self, error != NULL ? error->message
                                      : _("There is no other agent to transfer the chat to."));
      g_array_unref (ids);
      return;
    }

  heading = g_strdup_printf (_("Transfer the Chat with %s"), self->conversation->buyer_nick);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Agent"), -1);
  note = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (note),
                                  _("Note for the agent (what the buyer needs)"));
  gtk_entry_set_activates_default (GTK_ENTRY (note), TRUE);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), note);
  dialog = sd_form_question_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                 _("The agent you choose takes the chat over, with your note."),
                                 box, "transfer", _("_Transfer"));
  g_object_set_data (G_OBJECT (dialog), "agents", dropdown);
  g_object_set_data (G_OBJECT (dialog), "note", note);
  g_object_set_data_full (G_OBJECT (dialog), "ids", ids, (GDestroyNotify) g_array_unref);
  g_object_set_data (G_OBJECT (dialog), "conversation", GSIZE_TO_POINTER (self->conversation->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (transfer_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sd_chat_thread_dispose (GObject *object)
{
  SdChatThread *self = SD_CHAT_THREAD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->desk);
  if (self->completion != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->completion));
      self->completion = NULL;
    }
  G_OBJECT_CLASS (sd_chat_thread_parent_class)->dispose (object);
}

static void
sd_chat_thread_finalize (GObject *object)
{
  SdChatThread *self = SD_CHAT_THREAD (object);

  g_clear_pointer (&self->conversation, sd_conversation_free);
  g_clear_pointer (&self->agent_names, g_hash_table_unref);
  G_OBJECT_CLASS (sd_chat_thread_parent_class)->finalize (object);
}

static void
sd_chat_thread_class_init (SdChatThreadClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_chat_thread_dispose;
  object_class->finalize = sd_chat_thread_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "thread.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "thread.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "thread.transfer", NULL, transfer_action);
}

static GtkWidget *
header_button (const char *icon,
               const char *label,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon);
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static void
sd_chat_thread_init (SdChatThread *self)
{
  GtkWidget          *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget          *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget          *composer_scroller = gtk_scrolled_window_new ();
  GtkWidget          *composer_overlay = gtk_overlay_new ();
  GtkWidget          *send_button, *button;
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkTextBuffer      *buffer;

  self->cancellable = g_cancellable_new ();
  self->agent_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  /* The conversation's own bar: who, its state, and what to do with it. */
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_set_margin_bottom (header, 6);
  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  self->subtitle_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->subtitle_label), "subtitle");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_label), "dim-label");
  gtk_label_set_xalign (self->subtitle_label, 0);
  gtk_label_set_ellipsize (self->subtitle_label, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->subtitle_label));
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (header), titles);
  button = header_button ("send-to-symbolic", _("_Transfer…"), "thread.transfer",
                                                 _("Hand the chat to another agent, with a note"));
  gtk_widget_set_name (button, "transfer_button");
  gtk_box_append (GTK_BOX (header), button);
  gtk_box_append (GTK_BOX (header),
                  header_button ("window-close-symbolic",
                                 _("C_lose"), "thread.close",
                                    _("End the chat; the buyer is asked to rate the service")));
  gtk_box_append (GTK_BOX (self), header);
  gtk_box_append (GTK_BOX (self), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->messages = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->messages, GTK_SELECTION_NONE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->messages), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->messages), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->messages), "background");
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->messages));
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), TRUE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->scroller));

  self->closed_label = GTK_LABEL (gtk_label_new (_("This chat is closed.")));
  gtk_widget_add_css_class (GTK_WIDGET (self->closed_label), "dim-label");
  gtk_widget_set_margin_top (GTK_WIDGET (self->closed_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->closed_label), 12);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->closed_label));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->error_label), "error");
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->error_label));

  /* The composer, as chat apps have it: the quick replies, a text that grows to five
   * lines and then scrolls, and Send. */
  self->composer_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (self->composer_box, 12);
  gtk_widget_set_margin_end (self->composer_box, 12);
  gtk_widget_set_margin_top (self->composer_box, 6);
  gtk_widget_set_margin_bottom (self->composer_box, 12);

  self->browse_popover = SD_QUICK_REPLY_POPOVER (sd_quick_reply_popover_new (FALSE));
  g_signal_connect_swapped (self->browse_popover, "picked", G_CALLBACK (browse_picked_cb), self);
  self->quick_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_name (GTK_WIDGET (self->quick_button), "quick_button");
  gtk_menu_button_set_icon_name (self->quick_button, "view-list-bullet-symbolic");
  gtk_menu_button_set_popover (self->quick_button, GTK_WIDGET (self->browse_popover));
  gtk_menu_button_set_direction (self->quick_button, GTK_ARROW_UP);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->quick_button),
                               _("Quick Replies (type / and a shortcut)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->quick_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Quick Replies"), -1);
  gtk_widget_set_valign (GTK_WIDGET (self->quick_button), GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (self->composer_box), GTK_WIDGET (self->quick_button));

  self->composer = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_name (GTK_WIDGET (self->composer), "composer");
  gtk_text_view_set_wrap_mode (self->composer, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->composer, FALSE);
  gtk_text_view_set_top_margin (self->composer, COMPOSER_PADDING);
  gtk_text_view_set_bottom_margin (self->composer, COMPOSER_PADDING);
  gtk_text_view_set_left_margin (self->composer, COMPOSER_PADDING);
  gtk_text_view_set_right_margin (self->composer, COMPOSER_PADDING);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->composer), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reply to the buyer"), -1);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (composer_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->composer), keys);
  buffer = gtk_text_view_get_buffer (self->composer);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  /* Apart from the completion's handler, which is blocked while a quick reply goes in. */
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (composer_changed_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (composer_scroller),
                                 GTK_WIDGET (self->composer));
  /* Scrolled by wheel and cursor, without a bar: a bar that might show asks for its own
   * height, and the empty composer would stand two lines tall. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (composer_scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_EXTERNAL);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (composer_scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (composer_scroller),
                                              composer_height (self->composer, 5));
  gtk_widget_add_css_class (composer_scroller, "card");

  /* GtkTextView has no placeholder in GTK 4.8: a dimmed label over the empty text, which
   * the clicks go through. Not measured: a long hint must not widen the thread, or the
   * customer pane would fold away to make room for it. */
  self->placeholder = GTK_LABEL (
    gtk_label_new (_("Enter: send · Shift+Enter: new line · /: quick replies")));
  gtk_widget_set_name (GTK_WIDGET (self->placeholder), "placeholder");
  gtk_label_set_ellipsize (self->placeholder, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (self->placeholder, 0);
  gtk_widget_set_valign (GTK_WIDGET (self->placeholder), GTK_ALIGN_START);
  gtk_widget_set_margin_start (GTK_WIDGET (self->placeholder), COMPOSER_PADDING);
  gtk_widget_set_margin_end (GTK_WIDGET (self->placeholder), COMPOSER_PADDING);
  gtk_widget_set_margin_top (GTK_WIDGET (self->placeholder), COMPOSER_PADDING);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->placeholder), COMPOSER_PADDING);
  gtk_widget_set_can_target (GTK_WIDGET (self->placeholder), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->placeholder), "dim-label");
  gtk_overlay_set_child (GTK_OVERLAY (composer_overlay), composer_scroller);
  gtk_overlay_add_overlay (GTK_OVERLAY (composer_overlay), GTK_WIDGET (self->placeholder));
  gtk_widget_set_hexpand (composer_overlay, TRUE);
  gtk_box_append (GTK_BOX (self->composer_box), composer_overlay);

  self->completion = SD_QUICK_REPLY_POPOVER (sd_quick_reply_popover_new (TRUE));
  gtk_widget_set_name (GTK_WIDGET (self->completion), "completion");
  gtk_widget_set_parent (GTK_WIDGET (self->completion), composer_scroller);
  g_signal_connect_swapped (self->completion, "picked", G_CALLBACK (completion_picked_cb), self);

  send_button = gtk_button_new_with_mnemonic (_("_Send"));
  gtk_widget_set_name (send_button, "send_button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (send_button), "thread.send");
  gtk_widget_set_tooltip_text (send_button, _("Send (Enter; Shift+Enter starts a new line)"));
  gtk_widget_add_css_class (send_button, "suggested-action");
  gtk_widget_set_valign (send_button, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (self->composer_box), send_button);
  gtk_box_append (GTK_BOX (self), self->composer_box);

  update_header (self);
}

GtkWidget *
sd_chat_thread_new (void)
{
  return g_object_new (SD_TYPE_CHAT_THREAD, NULL);
}

void
sd_chat_thread_set_desk (SdChatThread *self,
                         SdSession    *session,
                         SdChatDesk   *desk)
{
  g_return_if_fail (SD_IS_CHAT_THREAD (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));
  g_return_if_fail (desk == NULL || SD_IS_CHAT_DESK (desk));

  g_set_object (&self->session, session);
  g_set_object (&self->desk, desk);
  g_hash_table_remove_all (self->agent_names);
  sd_quick_reply_popover_set_session (self->browse_popover, session);
  sd_quick_reply_popover_set_session (self->completion, session);
  update_header (self);
}

void
sd_chat_thread_set_conversation (SdChatThread   *self,
                                 SdConversation *conversation,
                                 gint64          order_id)
{
  gboolean same;

  g_return_if_fail (SD_IS_CHAT_THREAD (self));

  same = self->conversation != NULL && conversation != NULL &&
         self->conversation->id == conversation->id;
  g_clear_pointer (&self->conversation, sd_conversation_free);
  self->conversation = conversation;
  self->order_id = order_id;
  if (!same)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), "", -1);
      self->quick_reply_id = 0;
      show_error (self, NULL);
    }
  update_header (self);
  show_messages (self);
}

const SdConversation *
sd_chat_thread_get_conversation (SdChatThread *self)
{
  g_return_val_if_fail (SD_IS_CHAT_THREAD (self), NULL);
  return self->conversation;
}

GtkTextView *
sd_chat_thread_get_composer (SdChatThread *self)
{
  g_return_val_if_fail (SD_IS_CHAT_THREAD (self), NULL);
  return self->composer;
}

void
sd_chat_thread_send (SdChatThread *self)
{
  GtkTextBuffer   *buffer;
  GtkTextIter      start, end;
  g_autofree char *text = NULL;

  g_return_if_fail (SD_IS_CHAT_THREAD (self));

  if (self->conversation == NULL || self->desk == NULL ||
      self->conversation->state == SD_CONVERSATION_CLOSED)
    return;
  buffer = gtk_text_view_get_buffer (self->composer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    return;
  show_error (self, NULL);
  sd_chat_desk_reply_async (self->desk, self->conversation->id, text, self->quick_reply_id,
                            self->cancellable, reply_done_cb, g_object_ref (self));
  gtk_text_buffer_set_text (buffer, "", -1);
  self->quick_reply_id = 0;
}
