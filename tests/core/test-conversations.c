/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "sd-audit.h"
#include "sd-conversations.h"
#include "sd-error.h"
#include "sd-staff.h"
#include "sd-test-util.h"

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)
#define T0 1772416800   /* 2026-03-02 10:00:00 +08:00 */

typedef struct
{
  char      *dir;
  SdSession *owner;
  SdSession *wang;      /* conversations.own, pre-sales (department 1) */
  SdSession *li;        /* conversations.own, after-sales (department 3) */
  gint64     now;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
  f->now = T0;
  sd_test_set_clock (sd_session_get_db (f->owner), &f->now);
  f->wang = sd_test_staff_session (f->owner, "小王", BIT (CONVERSATIONS_OWN));
  f->li = sd_test_staff_session (f->owner, "小李", BIT (CONVERSATIONS_OWN));
  g_assert_true (sd_staff_set_department (f->owner, sd_session_get_staff_id (f->li), 3, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->wang);
  g_clear_object (&f->li);
  g_clear_object (&f->owner);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
open_ok (SdSession  *session,
         const char *ref,
         const char *nick,
         gint64      department)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sd_conversations_open (session, "sim", ref, nick, department, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
say (SdSession       *session,
     gint64           id,
     SdChatDirection  direction,
     const char      *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sd_conversations_add_message (session, id, direction, text, 0, &error), >, 0);
  g_assert_no_error (error);
}

static SdConversation *
get_ok (SdSession *session,
        gint64     id)
{
  g_autoptr(GError) error = NULL;
  SdConversation *c = sd_conversations_get (session, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static void
test_first_response (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SdConversation) c = NULL;
  gint64 alice = sd_test_add_customer (f->owner, "alice", "爱丽丝", NULL);
  gint64 id = open_ok (f->wang, "r1", "alice", 1);

  c = get_ok (f->wang, id);
  g_assert_cmpint (c->state, ==, SD_CONVERSATION_WAITING);
  g_assert_cmpint (c->customer_id, ==, alice);
  g_assert_cmpint (c->staff_id, ==, 0);
  g_clear_pointer (&c, sd_conversation_free);

  /* The agent greets first: that takes the conversation but answers nothing yet. */
  f->now = T0 + 5;
  say (f->wang, id, SD_CHAT_OUT, "您好");
  c = get_ok (f->wang, id);
  g_assert_cmpint (c->state, ==, SD_CONVERSATION_OPEN);
  g_assert_cmpint (c->staff_id, ==, sd_session_get_staff_id (f->wang));
  g_assert_cmpint (c->assigned_at, ==, T0 + 5);
  g_assert_cmpint (c->first_response_at, ==, 0);
  g_clear_pointer (&c, sd_conversation_free);

  f->now = T0 + 10;
  say (f->wang, id, SD_CHAT_IN, "在吗");
  f->now = T0 + 12;
  say (f->wang, id, SD_CHAT_IN, "有货吗");
  f->now = T0 + 25;
  say (f->wang, id, SD_CHAT_OUT, "有的");
  f->now = T0 + 40;
  say (f->wang, id, SD_CHAT_IN, "好");
  f->now = T0 + 70;
  say (f->wang, id, SD_CHAT_OUT, "谢谢");
  say (f->wang, id, SD_CHAT_SYSTEM, "评价邀请已发送");

  c = get_ok (f->wang, id);
  g_assert_cmpint (c->first_response_at, ==, T0 + 25);
  g_assert_cmpint (c->buyer_messages, ==, 3);
  g_assert_cmpint (c->agent_messages, ==, 3);
  g_assert_cmpint (c->last_buyer_at, ==, T0 + 40);
  g_assert_cmpint (c->last_agent_at, ==, T0 + 70);
  g_assert_cmpuint (c->messages->len, ==, 7);
  g_assert_cmpstr (((SdChatMessage *) g_ptr_array_index (c->messages, 3))->text, ==, "有的");
  g_assert_cmpint (((SdChatMessage *) g_ptr_array_index (c->messages, 3))->staff_id, ==,
                   sd_session_get_staff_id (f->wang));
  g_assert_cmpint (((SdChatMessage *) g_ptr_array_index (c->messages, 2))->staff_id, ==, 0);
}

static void
test_close_and_rate (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SdConversation) c = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = open_ok (f->wang, "r1", "bob", 1);

  say (f->wang, id, SD_CHAT_IN, "hi");
  say (f->wang, id, SD_CHAT_OUT, "hello");
  g_assert_false (sd_conversations_rate (f->wang, id, 6, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  f->now = T0 + 100;
  g_assert_true (sd_conversations_close (f->wang, id, &error));
  g_assert_no_error (error);
  g_assert_true (sd_conversations_rate (f->wang, id, 4, &error));
  g_assert_no_error (error);

  /* Closed: no more messages, no second close. */
  g_assert_cmpint (sd_conversations_add_message (f->wang, id, SD_CHAT_IN, "again", 0, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (sd_conversations_close (f->wang, id, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The same channel reference twice is refused. */
  g_assert_cmpint (sd_conversations_open (f->wang, "sim", "r1", "bob", 1, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);

  c = get_ok (f->owner, id);
  g_assert_cmpint (c->state, ==, SD_CONVERSATION_CLOSED);
  g_assert_cmpint (c->closed_at, ==, T0 + 100);
  g_assert_cmpint (c->rating, ==, 4);
  g_assert_cmpint (c->rated_at, ==, T0 + 100);
  g_assert_cmpuint (c->events->len, ==, 2);
  g_assert_cmpstr (((SdConversationEvent *) g_ptr_array_index (c->events, 0))->kind, ==, "closed");
  g_assert_cmpstr (((SdConversationEvent *) g_ptr_array_index (c->events, 1))->kind, ==, "rated");
}

static void
test_transfer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdConversation) c = NULL;
  g_autoptr(GError) error = NULL;
  gint64 wang = sd_session_get_staff_id (f->wang), li = sd_session_get_staff_id (f->li);
  gint64 id = open_ok (f->wang, "r1", "carol", 1);
  const SdConversationEvent *e;

  /* Still waiting: a transfer is refused, taking it works. */
  g_assert_false (sd_conversations_transfer (f->wang, id, li, "售后问题", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  f->now = T0 + 3;
  g_assert_true (sd_conversations_assign (f->wang, id, wang, &error));
  g_assert_no_error (error);
  /* Taking it again (routed to them while they clicked): refused, nothing written twice. */
  g_assert_false (sd_conversations_assign (f->wang, id, wang, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "is already with"));
  g_clear_error (&error);

  f->now = T0 + 60;
  g_assert_true (sd_conversations_transfer (f->wang, id, li, "售后问题，转给小李", &error));
  g_assert_no_error (error);

  c = get_ok (f->li, id);
  g_assert_cmpint (c->staff_id, ==, li);
  g_assert_cmpint (c->department_id, ==, 3);
  g_assert_cmpint (c->assigned_at, ==, T0 + 3);
  g_assert_cmpuint (c->events->len, ==, 2);
  e = g_ptr_array_index (c->events, 1);
  g_assert_cmpstr (e->kind, ==, "transferred");
  g_assert_cmpint (e->at, ==, T0 + 60);
  g_assert_cmpint (e->by_staff_id, ==, wang);
  g_assert_cmpint (e->from_staff_id, ==, wang);
  g_assert_cmpint (e->to_staff_id, ==, li);
  g_assert_cmpstr (e->note, ==, "售后问题，转给小李");
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_CONVERSATION_TRANSFER), ==, 1);

  /* It is 小李's now: 小王 no longer sees it. */
  g_clear_pointer (&c, sd_conversation_free);
  c = sd_conversations_get (f->wang, id, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_null (c);
  g_clear_error (&error);

  /* An account that does not exist. */
  g_assert_false (sd_conversations_transfer (f->li, id, 9999, "", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

static gboolean
list_has (GPtrArray *list,
          gint64     id)
{
  for (guint i = 0; i < list->len; i++)
    if (((SdConversation *) g_ptr_array_index (list, i))->id == id)
      return TRUE;
  return FALSE;
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SdSession) manager = sd_test_staff_session (f->owner, "店长", BIT (CONVERSATIONS_ALL));
  g_autoptr(SdSession) nobody = sd_test_staff_session (f->owner, "美工", BIT (VIEW_CUSTOMERS));
  g_autoptr(SdConversation) c = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 li = sd_session_get_staff_id (f->li);
  gint64 mine, theirs, presales_queue, aftersales_queue;
  guint denied;

  mine = open_ok (f->wang, "a", "dan", 1);
  say (f->wang, mine, SD_CHAT_OUT, "您好");
  theirs = open_ok (f->li, "b", "erin", 3);
  say (f->li, theirs, SD_CHAT_OUT, "您好");
  presales_queue = open_ok (f->owner, "c", "fay", 1);
  aftersales_queue = open_ok (f->owner, "d", "gus", 3);

  /* 小王 reads his own and his department's queue, not 小李's conversation. */
  denied = sd_test_audit_count (f->owner, SD_AUDIT_DENIED);
  c = sd_conversations_get (f->wang, theirs, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_null (c);
  g_clear_error (&error);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_DENIED), ==, denied + 1);
  g_assert_cmpint (sd_conversations_add_message (f->wang, theirs, SD_CHAT_OUT, "x", 0, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (sd_conversations_close (f->wang, aftersales_queue, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  list = sd_conversations_list (f->wang, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_true (list_has (list, mine));
  g_assert_true (list_has (list, presales_queue));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* With conversations.own only, giving a conversation to someone else needs .all. */
  g_assert_false (sd_conversations_assign (f->wang, presales_queue, li, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* conversations.all: everyone's, and may assign. */
  c = get_ok (manager, theirs);
  g_assert_cmpstr (c->buyer_nick, ==, "erin");
  g_assert_cmpstr (c->staff_name, ==, "小李");
  list = sd_conversations_list (manager, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (sd_conversations_assign (manager, aftersales_queue, li, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_CONVERSATION_ASSIGN), ==, 1);

  /* Without any conversation permission: nothing. */
  list = sd_conversations_list (nobody, NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_null (list);
}

static void
test_list_paging (Fixture       *f,
                  gconstpointer  data)
{
  SdConversationFilter filter = SD_CONVERSATION_FILTER_INIT;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 ids[7];

  /* Seven conversations, three opened in the same second: paging must not lose or repeat one. */
  for (int i = 0; i < 7; i++)
    {
      g_autofree char *ref = g_strdup_printf ("p%d", i);
      f->now = T0 + (i < 3 ? 0 : i);
      ids[i] = open_ok (f->owner, ref, "hana", 1);
    }
  filter.limit = 2;
  for (;;)
    {
      g_autoptr(GPtrArray) page = sd_conversations_list (f->owner, &filter, &error);
      SdConversation *last;
      g_assert_no_error (error);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        g_array_append_val (seen, ((SdConversation *) g_ptr_array_index (page, i))->id);
      last = g_ptr_array_index (page, page->len - 1);
      filter.after_opened_at = last->opened_at;
      filter.after_id = last->id;
    }
  g_assert_cmpuint (seen->len, ==, 7);
  /* Newest first; within the same second, higher ids first. */
  g_assert_cmpint (g_array_index (seen, gint64, 0), ==, ids[6]);
  g_assert_cmpint (g_array_index (seen, gint64, 3), ==, ids[3]);
  g_assert_cmpint (g_array_index (seen, gint64, 4), ==, ids[2]);
  g_assert_cmpint (g_array_index (seen, gint64, 6), ==, ids[0]);

  /* Filters: a time range and a state. */
  filter = (SdConversationFilter) SD_CONVERSATION_FILTER_INIT;
  filter.since = T0 + 4;
  filter.until = T0 + 6;
  {
    g_autoptr(GPtrArray) page = sd_conversations_list (f->owner, &filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 2);
  }
  filter = (SdConversationFilter) SD_CONVERSATION_FILTER_INIT;
  filter.state = SD_CONVERSATION_CLOSED;
  g_assert_true (sd_conversations_close (f->owner, ids[1], &error));
  {
    g_autoptr(GPtrArray) page = sd_conversations_list (f->owner, &filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 1);
    g_assert_cmpint (((SdConversation *) g_ptr_array_index (page, 0))->id, ==, ids[1]);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/core/conversations/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("first-response", test_first_response);
  ADD ("close-and-rate", test_close_and_rate);
  ADD ("transfer", test_transfer);
  ADD ("permissions", test_permissions);
  ADD ("list-paging", test_list_paging);
  return g_test_run ();
}
