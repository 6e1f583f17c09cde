/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include <string.h>

#include "sd-audit.h"
#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-order.h"
#include "sd-quick-replies.h"
#include "sd-staff.h"

/* Quick replies: what each agent sees (own, department, shop; never another agent's own),
 * shortcuts unique per scope, "/" completion, rendering with a customer and an order and
 * the fallback words, uses counted, who may add shared ones. */

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)
#define AFTERSALES 3

typedef struct
{
  char      *dir;
  SdSession *owner;
  SdSession *wang;       /* after-sales agent */
  SdSession *li;         /* after-sales agent */
  SdSession *zhao;       /* pre-sales agent */
  gint64     now;
} Fixture;

static SdSession *
agent_in (Fixture    *f,
          const char *login,
          gint64      department)
{
  g_autoptr(GError) error = NULL;
  SdSession *session = sd_test_staff_session (f->owner, login, BIT (CONVERSATIONS_OWN));

  g_assert_true (sd_staff_set_department (f->owner, sd_session_get_staff_id (session), department, &error));
  g_assert_no_error (error);
  return session;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
  f->now = 1772000000;
  sd_test_set_clock (sd_session_get_db (f->owner), &f->now);
  f->wang = agent_in (f, "小王", AFTERSALES);
  f->li = agent_in (f, "小李", AFTERSALES);
  f->zhao = agent_in (f, "小赵", 1);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->wang);
  g_assert_finalize_object (f->li);
  g_assert_finalize_object (f->zhao);
  g_assert_finalize_object (f->owner);
  sd_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static gint64
add_reply (SdSession          *session,
           SdQuickReplyScope   scope,
           gint64              department_id,
           const char         *group,
           const char         *shortcut,
           const char         *text,
           GError            **error)
{
  g_autoptr(SdQuickReply) reply = sd_quick_reply_new ();

  reply->scope = scope;
  reply->department_id = department_id;
  g_free (reply->group);
  reply->group = g_strdup (group);
  g_free (reply->shortcut);
  reply->shortcut = g_strdup (shortcut);
  g_free (reply->text);
  reply->text = g_strdup (text);
  return sd_quick_replies_add (session, reply, error);
}

static gint64
add_ok (SdSession         *session,
        SdQuickReplyScope  scope,
        gint64             department_id,
        const char        *shortcut,
        const char        *text)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_reply (session, scope, department_id, "常用", shortcut, text, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The shortcuts of REPLIES (which must not be NULL), comma-separated, in their order. */
static char *
shortcuts_of (GPtrArray *replies)
{
  GString *out = g_string_new (NULL);

  g_assert_nonnull (replies);
  for (guint i = 0; i < replies->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", ((SdQuickReply *) g_ptr_array_index (replies, i))->shortcut);
  return g_string_free (out, FALSE);
}

/* What SESSION sees for SEARCH, in the list's order. */
static char *
shortcuts_seen (SdSession  *session,
                const char *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) replies = sd_quick_replies_list (session, search, &error);

  g_assert_no_error (error);
  return shortcuts_of (replies);
}

/* What the composer's "/" completion offers SESSION for PREFIX. */
static char *
completions (SdSession  *session,
             const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) replies = sd_quick_replies_complete (session, prefix, 0, &error);

  g_assert_no_error (error);
  return shortcuts_of (replies);
}

static void
test_scopes (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wang_sees = NULL;
  g_autofree char *li_sees = NULL;
  g_autofree char *zhao_sees = NULL;
  gint64 li_own;

  add_ok (f->owner, SD_QUICK_REPLY_SHOP, 0, "hi", "您好，{name}，有什么可以帮您？");
  add_ok (f->owner, SD_QUICK_REPLY_DEPARTMENT, AFTERSALES, "refund", "退款已受理");
  add_ok (f->owner, SD_QUICK_REPLY_DEPARTMENT, 1, "coupon", "领券再下单更划算");
  add_ok (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "bye", "感谢光临");
  li_own = add_ok (f->li, SD_QUICK_REPLY_PERSONAL, 0, "bye", "再见，亲");

  wang_sees = shortcuts_seen (f->wang, NULL);
  li_sees = shortcuts_seen (f->li, NULL);
  zhao_sees = shortcuts_seen (f->zhao, NULL);
  g_assert_cmpstr (wang_sees, ==, "bye,hi,refund");
  g_assert_cmpstr (li_sees, ==, "bye,hi,refund");
  g_assert_cmpstr (zhao_sees, ==, "coupon,hi");

  /* 小王 cannot see, use or remove 小李's own reply. */
  g_assert_null (sd_quick_replies_get (f->wang, li_own, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sd_quick_replies_remove (f->wang, li_own, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sd_quick_replies_use (f->wang, li_own, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Search by text or shortcut. */
  g_clear_pointer (&wang_sees, g_free);
  wang_sees = shortcuts_seen (f->wang, "退款");
  g_assert_cmpstr (wang_sees, ==, "refund");
  g_clear_pointer (&wang_sees, g_free);
  wang_sees = shortcuts_seen (f->wang, "BY");
  g_assert_cmpstr (wang_sees, ==, "bye");

  g_assert_true (sd_quick_replies_remove (f->li, li_own, &error));
  g_assert_no_error (error);
  g_clear_pointer (&li_sees, g_free);
  li_sees = shortcuts_seen (f->li, NULL);
  g_assert_cmpstr (li_sees, ==, "hi,refund");
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) clerk = sd_test_staff_session (f->owner, "clerk", BIT (VIEW_CUSTOMERS));
  g_autoptr(SdSession) lead = sd_test_staff_session (f->owner, "lead", BIT (CONVERSATIONS_ALL));
  gint64 shared;

  g_assert_cmpint (add_reply (f->wang, SD_QUICK_REPLY_SHOP, 0, "", "x", "全店通用", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (add_reply (f->wang, SD_QUICK_REPLY_DEPARTMENT, 0, "", "x", "部门通用", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_null (sd_quick_replies_list (clerk, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* A manager (conversations.all) adds shared ones; audited, personal ones are not. */
  shared = add_ok (lead, SD_QUICK_REPLY_SHOP, 0, "hi", "您好");
  add_ok (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "mine", "我的");
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_QUICK_REPLY_ADD), ==, 1);
  g_assert_false (sd_quick_replies_remove (f->wang, shared, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_true (sd_quick_replies_remove (lead, shared, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_QUICK_REPLY_REMOVE), ==, 1);
}

static void
test_unique_shortcut (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdQuickReply) reply = NULL;
  gint64 second;

  add_ok (f->owner, SD_QUICK_REPLY_SHOP, 0, "hi", "您好");
  /* The same shortcut in other scopes is fine. */
  add_ok (f->owner, SD_QUICK_REPLY_DEPARTMENT, AFTERSALES, "hi", "售后您好");
  add_ok (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "hi", "小王您好");
  add_ok (f->li, SD_QUICK_REPLY_PERSONAL, 0, "/hi", "小李您好");

  /* Not twice in one scope, whatever the case. */
  g_assert_cmpint (add_reply (f->owner, SD_QUICK_REPLY_SHOP, 0, "", "HI", "又一个", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "HI"));
  g_clear_error (&error);
  g_assert_cmpint (add_reply (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "", "Hi", "又一个", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Only letters, digits, - and _. */
  g_assert_cmpint (add_reply (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "", "你好", "中文快捷", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (add_reply (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "", "a b", "空格", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (add_reply (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "", "ok", "   ", &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Renaming onto a taken shortcut is refused too. */
  second = add_ok (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "ship-time", "48小时内发货");
  reply = sd_quick_replies_get (f->wang, second, &error);
  g_assert_no_error (error);
  g_free (reply->shortcut);
  reply->shortcut = g_strdup ("HI");
  g_assert_false (sd_quick_replies_update (f->wang, reply, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_free (reply->shortcut);
  reply->shortcut = g_strdup ("ship_time");
  g_assert_true (sd_quick_replies_update (f->wang, reply, &error));
  g_assert_no_error (error);
  g_clear_pointer (&reply, sd_quick_reply_free);
  reply = sd_quick_replies_get (f->wang, second, &error);
  g_assert_cmpstr (reply->shortcut, ==, "ship_time");
}

static void
test_complete_and_uses (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sh = NULL;
  g_autofree char *all = NULL;
  g_autofree char *exact = NULL;
  g_autoptr(SdQuickReply) reply = NULL;
  gint64 ship;

  add_ok (f->owner, SD_QUICK_REPLY_SHOP, 0, "shop-hours", "营业时间 9:00-23:00");
  ship = add_ok (f->owner, SD_QUICK_REPLY_DEPARTMENT, AFTERSALES, "ship", "已发货");
  add_ok (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "Shoe-size", "尺码偏大");
  add_ok (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "hi", "您好");
  add_ok (f->li, SD_QUICK_REPLY_PERSONAL, 0, "shh", "小李的");
  add_ok (f->wang, SD_QUICK_REPLY_PERSONAL, 0, "", "无快捷");

  for (int i = 0; i < 3; i++)
    {
      g_assert_true (sd_quick_replies_use (f->wang, ship, &error));
      g_assert_no_error (error);
    }
  reply = sd_quick_replies_get (f->wang, ship, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->uses, ==, 3);

  /* "/sh": the most used first, then by shortcut; never 小李's "shh". */
  sh = completions (f->wang, "/sh");
  g_assert_cmpstr (sh, ==, "ship,Shoe-size,shop-hours");
  /* An exact match comes before the more used. */
  exact = completions (f->wang, "/shoe-size");
  g_assert_cmpstr (exact, ==, "Shoe-size");
  all = completions (f->wang, "/");
  g_assert_cmpstr (all, ==, "ship,hi,Shoe-size,shop-hours");
}

static void
test_render (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *full = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *none = NULL;
  const char *text = "{name}您好，我是{agent}。您的{grade}订单{order_id}：{order_status}。{shop}";
  SdDb *db = sd_session_get_db (f->owner);
  gint64 alice = sd_test_add_customer (f->owner, "tb_alice", "王丽", NULL);
  gint64 bob = sd_test_add_customer (f->owner, NULL, NULL, "13812345678");
  gint64 order;

  sql = g_strdup_printf ("INSERT INTO orders (platform_order_id, customer_id, amount_cents, created_at, status) "
                         "VALUES ('T1001', %" G_GINT64_FORMAT ", 9900, 1700000000, 'WAIT_SELLER_SEND_GOODS');"
                         "UPDATE customer_standing SET tier = 3 WHERE customer_id = %" G_GINT64_FORMAT,
                         alice, alice);
  g_assert_true (_sd_db_exec (db, sql, &error));
  g_assert_no_error (error);
  order = sd_test_query_int (f->owner, "SELECT id FROM orders WHERE platform_order_id = 'T1001'");

  full = sd_quick_replies_render (f->wang, text, alice, order, &error);
  g_assert_no_error (error);
  {
    /* The status as a seller reads it, in the agent's language. */
    g_autofree char *expected = g_strdup_printf ("王丽您好，我是小王。您的VIP会员订单T1001：%s。测试小店",
                                                 sd_order_status_describe ("WAIT_SELLER_SEND_GOODS"));
    g_assert_cmpstr (full, ==, expected);
  }

  /* Empty fields take their fallback words. */
  empty = sd_quick_replies_render (f->wang, "{name}，{nick}，{grade}，{order_id}。", bob, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (empty, ==, "亲，亲，会员，。");
  none = sd_quick_replies_render (f->wang, "{name}好", 0, 0, &error);
  g_assert_cmpstr (none, ==, "亲好");

  /* Another customer's order is refused. */
  g_assert_null (sd_quick_replies_render (f->wang, text, bob, order, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/quick-replies/scopes", test_scopes);
  ADD ("/quick-replies/permissions", test_permissions);
  ADD ("/quick-replies/unique-shortcut", test_unique_shortcut);
  ADD ("/quick-replies/complete-and-uses", test_complete_and_uses);
  ADD ("/quick-replies/render", test_render);
#undef ADD

  return g_test_run ();
}
