/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <string.h>

#include "sd-chatlog.h"
#include "sd-conversations.h"
#include "sd-error.h"
#include "sd-staff.h"
#include "sd-test-util.h"

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)

typedef struct
{
  char      *dir;
  SdSession *owner;
  gint64     wang;
  gint64     li;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdSession) wang = NULL;
  g_autoptr(SdSession) li = NULL;
  g_autoptr(GError) error = NULL;

  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
  wang = sd_test_staff_session (f->owner, "小王", BIT (CONVERSATIONS_OWN));
  li = sd_test_staff_session (f->owner, "小李", BIT (CONVERSATIONS_OWN));
  f->wang = sd_session_get_staff_id (wang);
  f->li = sd_session_get_staff_id (li);
  g_assert_true (sd_staff_set_department (f->owner, f->li, 3, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->owner);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("SHOPDESK_TEST_DATA"), "chatlog", name, NULL);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
  return path;
}

static SdChatlogResult *
import_ok (SdSession  *session,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  SdChatlogResult *result = NULL;

  g_assert_true (sd_chatlog_import (session, path, NULL, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* Every conversation of the shop, newest first. */
static GPtrArray *
all_conversations (SdSession *session)
{
  SdConversationFilter filter = SD_CONVERSATION_FILTER_INIT;
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  filter.limit = 1000;
  list = sd_conversations_list (session, &filter, &error);
  g_assert_no_error (error);
  return list;
}

static guint
count_buyer (GPtrArray  *list,
             const char *nick)
{
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    n += g_str_equal (((SdConversation *) g_ptr_array_index (list, i))->buyer_nick, nick);
  return n;
}

static const SdConversation *
find_opened (GPtrArray *list,
             gint64     opened_at)
{
  for (guint i = 0; i < list->len; i++)
    if (((SdConversation *) g_ptr_array_index (list, i))->opened_at == opened_at)
      return g_ptr_array_index (list, i);
  g_assert_not_reached ();
}

static void
test_utf8_twice (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = data_path ("kpi-small.csv");
  gint64 zhang = sd_test_add_customer (f->owner, "张三", "张三", NULL);
  g_autoptr(SdChatlogResult) first = import_ok (f->owner, path);
  g_autoptr(SdChatlogResult) second = NULL;
  g_autoptr(GPtrArray) list = all_conversations (f->owner);
  const SdConversation *c;

  g_assert_cmpint (first->encoding, ==, SD_ENCODING_UTF8);
  g_assert_cmpuint (first->rows, ==, 27);
  g_assert_cmpuint (first->bad_rows, ==, 0);
  g_assert_cmpuint (first->errors->len, ==, 0);
  g_assert_cmpuint (first->messages, ==, 27);
  g_assert_cmpuint (first->conversations, ==, 9);
  g_assert_cmpuint (list->len, ==, 9);

  /* 张三 at 10:00 with 小王: matched to the customer, closed at its last message. */
  c = find_opened (list, 1772416800);
  g_assert_cmpstr (c->buyer_nick, ==, "张三");
  g_assert_cmpstr (c->channel, ==, "import");
  g_assert_cmpint (c->customer_id, ==, zhang);
  g_assert_cmpint (c->staff_id, ==, f->wang);
  g_assert_cmpint (c->department_id, ==, 1);
  g_assert_cmpint (c->state, ==, SD_CONVERSATION_CLOSED);
  g_assert_cmpint (c->closed_at, ==, 1772416800 + 240);
  g_assert_cmpint (c->first_response_at, ==, 1772416800 + 20);
  g_assert_cmpint (c->buyer_messages, ==, 4);
  g_assert_cmpint (c->agent_messages, ==, 2);
  /* 张三 with 小李 the next morning is another conversation, in after-sales. */
  c = find_opened (list, 1772494200);
  g_assert_cmpstr (c->buyer_nick, ==, "张三");
  g_assert_cmpint (c->staff_id, ==, f->li);
  g_assert_cmpint (c->department_id, ==, 3);
  /* 赵六: the agent wrote first; the first response is the reply to the buyer. */
  c = find_opened (list, 1772422200);
  g_assert_cmpstr (c->buyer_nick, ==, "赵六");
  g_assert_cmpint (c->first_response_at, ==, 1772422200 + 660);
  g_assert_cmpint (c->customer_id, ==, 0);

  /* Again: nothing new. */
  second = import_ok (f->owner, path);
  g_assert_cmpuint (second->rows, ==, 27);
  g_assert_cmpuint (second->conversations, ==, 0);
  g_assert_cmpuint (second->messages, ==, 0);
  g_assert_cmpuint (second->known, ==, 9);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = all_conversations (f->owner);
  g_assert_cmpuint (list->len, ==, 9);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_CHATLOG_IMPORT), ==, 2);
}

static void
test_gap (Fixture       *f,
          gconstpointer  data)
{
  /* 钱七: 14:00 → 14:30 is exactly the gap (same conversation); 14:30 → 15:00:01 is more
   * (a new one). Another buyer's rows in between do not matter; rows out of order are
   * put in time order. */
  g_autofree char *path = write_file (f, "gap.csv",
      "time,buyer nick,staff account,direction,text\n"
      "2026-03-02 14:30:00,钱七,小王,out,b\n"
      "2026-03-02 14:00:00,钱七,小王,in,a\n"
      "2026-03-02 14:10:00,孙八,小王,in,x\n"
      "2026-03-02 15:00:01,钱七,小王,in,c\n"
      "2026-03-02 15:00:09,钱七,小王,out,d\n", -1);
  g_autoptr(SdChatlogResult) result = import_ok (f->owner, path);
  g_autoptr(GPtrArray) list = all_conversations (f->owner);
  const SdConversation *c;

  g_assert_cmpuint (result->conversations, ==, 3);
  g_assert_cmpuint (count_buyer (list, "钱七"), ==, 2);
  c = find_opened (list, 1772431200);        /* 14:00 */
  g_assert_cmpint (c->buyer_messages, ==, 1);
  g_assert_cmpint (c->agent_messages, ==, 1);
  g_assert_cmpint (c->first_response_at, ==, 1772431200 + 1800);
  c = find_opened (list, 1772431200 + 3601);  /* 15:00:01 */
  g_assert_cmpint (c->first_response_at, ==, 1772431200 + 3609);
}

static void
test_gb18030 (Fixture       *f,
              gconstpointer  data)
{
  const char *utf8 = "时间,客户,子账号,方向,内容\r\n"
                     "2026/3/2 9:00,顾客甲,小李,买家,请问有XL码吗？\r\n"
                     "2026/3/2 9:00:30,顾客甲,小李,客服,有的亲，欢迎下单\r\n";
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *gb = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &length, &error);
  g_autofree char *path = NULL;
  g_autoptr(SdChatlogResult) result = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SdConversation) c = NULL;

  g_assert_no_error (error);
  /* Not valid UTF-8: the reader has to detect GB18030. */
  g_assert_false (g_utf8_validate (gb, (gssize) length, NULL));
  path = write_file (f, "gb.csv", gb, (gssize) length);
  result = import_ok (f->owner, path);
  g_assert_cmpint (result->encoding, ==, SD_ENCODING_GB18030);
  g_assert_cmpuint (result->conversations, ==, 1);
  g_assert_cmpuint (result->messages, ==, 2);
  list = all_conversations (f->owner);
  c = sd_conversations_get (f->owner, ((SdConversation *) g_ptr_array_index (list, 0))->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->buyer_nick, ==, "顾客甲");
  g_assert_cmpint (c->staff_id, ==, f->li);
  g_assert_cmpint (c->first_response_at - c->opened_at, ==, 30);
  g_assert_cmpstr (((SdChatMessage *) g_ptr_array_index (c->messages, 0))->text, ==, "请问有XL码吗？");
  g_assert_cmpstr (((SdChatMessage *) g_ptr_array_index (c->messages, 1))->text, ==, "有的亲，欢迎下单");
}

static void
assert_issue (SdChatlogResult *result,
              guint            index,
              guint            row,
              const char      *column,
              const char      *fragment)
{
  const SdImportIssue *issue = g_ptr_array_index (result->errors, index);

  g_assert_cmpuint (issue->row, ==, row);
  g_assert_cmpstr (issue->column, ==, column);
  if (strstr (issue->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", issue->message, fragment);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = write_file (f, "bad.csv",
      "时间,买家,客服,方向,内容\n"
      "2026-03-02 10:00:00,甲,小王,买家,你好\n"
      "昨天下午,甲,小王,买家,坏时间\n"
      "2026-03-02 10:00:05, ,小王,买家,没有昵称\n"
      "2026-03-02 10:00:06,甲,小王,路人,方向不对\n"
      "2026-03-02 10:00:07,甲,小张,客服,没有这个客服\n"
      "\n"
      "2026-03-02 10:00:09,甲,小王,客服,在的\n", -1);
  g_autoptr(SdChatlogResult) result = import_ok (f->owner, path);
  g_autoptr(GPtrArray) list = all_conversations (f->owner);

  g_assert_cmpuint (result->rows, ==, 6);
  g_assert_cmpuint (result->bad_rows, ==, 4);
  g_assert_cmpuint (result->errors->len, ==, 4);
  assert_issue (result, 0, 3, "时间", "昨天下午");
  assert_issue (result, 1, 4, "买家", "nick is empty");
  assert_issue (result, 2, 5, "方向", "路人");
  assert_issue (result, 3, 6, "客服", "小张");
  /* The good rows went in: one conversation, answered after 9 s. */
  g_assert_cmpuint (result->messages, ==, 2);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((SdConversation *) g_ptr_array_index (list, 0))->first_response_at, ==, 1772416809);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = write_file (f, "nodir.csv", "时间,买家,客服,内容\n2026-03-02 10:00:00,甲,小王,你好\n", -1);
  g_autofree char *good = data_path ("kpi-small.csv");
  g_autoptr(SdSession) agent = sd_test_staff_session (f->owner, "小赵", BIT (CONVERSATIONS_OWN));
  g_autoptr(SdChatlogResult) result = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (sd_chatlog_import (f->owner, path, NULL, NULL, NULL, NULL, &result, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "direction"));
  g_assert_null (result);
  g_clear_error (&error);

  /* Importing is for managers: conversations.all. */
  g_assert_false (sd_chatlog_import (agent, good, NULL, NULL, NULL, NULL, &result, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  list = all_conversations (f->owner);
  g_assert_cmpuint (list->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/core/chatlog/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("utf8-twice", test_utf8_twice);
  ADD ("gap", test_gap);
  ADD ("gb18030", test_gb18030);
  ADD ("errors", test_errors);
  ADD ("refused", test_refused);
  return g_test_run ();
}
